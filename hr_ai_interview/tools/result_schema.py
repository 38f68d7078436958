"""Validation of the worker's answer result (schema ``hr_ai.answer_result/1``).

Kept dependency-free: a small structural check of the fields Odoo stores and shows.
"""

import json

SCHEMA = "hr_ai.answer_result/1"
MAX_TEXT = 200_000


class ResultError(ValueError):
    pass


def _num(value, name, lo=None, hi=None, allow_none=False):
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ResultError(f"{name} must be a number")
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        raise ResultError(f"{name} out of range")
    return float(value)


def _evidence(ev, name):
    if ev is None:
        return None
    if not isinstance(ev, dict) or not isinstance(ev.get("quote", ""), str):
        raise ResultError(f"{name} must be an object with a quote")
    return {
        "quote": ev.get("quote", "")[:2000],
        "start": _num(ev.get("start", 0), f"{name}.start", 0),
        "end": _num(ev.get("end", 0), f"{name}.end", 0),
    }


def _small(value, name, limit=20_000):
    """An optional JSON object (indicator sets) kept as is when it is small."""
    if value is None:
        return None
    if not isinstance(value, dict):
        raise ResultError(f"{name} must be an object")
    if len(json.dumps(value, default=str)) > limit:
        raise ResultError(f"{name} is too large")
    return value


def validate(result):
    """Return a cleaned copy of ``result`` or raise :class:`ResultError`."""
    if not isinstance(result, dict):
        raise ResultError("result must be an object")
    if result.get("schema") != SCHEMA:
        raise ResultError(f"unknown schema {result.get('schema')!r}")
    transcript = result.get("transcript", "")
    if not isinstance(transcript, str) or len(transcript) > MAX_TEXT:
        raise ResultError("transcript must be a string")
    insufficient = bool(result.get("insufficient"))
    score = _num(result.get("score"), "score", 0, 100, allow_none=True)
    if score is None and not insufficient:
        raise ResultError("score is required unless the result is insufficient")
    if insufficient:
        score = None
    segments = []
    for i, seg in enumerate(result.get("segments") or []):
        if not isinstance(seg, dict) or not isinstance(seg.get("text", ""), str):
            raise ResultError(f"segments[{i}] is invalid")
        segments.append({"start": _num(seg.get("start", 0), "segment.start", 0),
                         "end": _num(seg.get("end", 0), "segment.end", 0), "text": seg.get("text", "")})
    key_points = []
    for i, kp in enumerate(result.get("key_points") or []):
        if not isinstance(kp, dict) or not isinstance(kp.get("text"), str):
            raise ResultError(f"key_points[{i}] is invalid")
        key_points.append({"text": kp["text"], "hit": bool(kp.get("hit")), "partial": bool(kp.get("partial")),
                           "coverage": _num(kp.get("coverage", 0), "coverage", 0, 1),
                           "evidence": _evidence(kp.get("evidence"), f"key_points[{i}].evidence")})
    star = {}
    for part in ("situation", "task", "action", "result"):
        item = (result.get("star") or {}).get(part) or {}
        star[part] = {"present": bool(item.get("present")),
                      "evidence": _evidence(item.get("evidence"), f"star.{part}.evidence")}
    return {
        "schema": SCHEMA,
        "language": str(result.get("language") or "")[:8],
        "transcript": transcript,
        "segments": segments,
        "duration": _num(result.get("duration", 0), "duration", 0),
        "has_video": bool(result.get("has_video")),
        "confidence": _num(result.get("confidence", 0), "confidence", 0, 1),
        "insufficient": insufficient,
        "insufficient_reason": str(result.get("insufficient_reason") or "")[:64] or None,
        "score": score,
        "key_points": key_points,
        "star": star,
        "versions": {str(k)[:32]: str(v)[:128] for k, v in (result.get("versions") or {}).items()},
        "breakdown": {str(k)[:32]: _num(v, f"breakdown.{k}", 0, 1)
                      for k, v in (_small(result.get("breakdown"), "breakdown") or {}).items()},
        "content": _small(result.get("content"), "content"),
        "delivery": _small(result.get("delivery"), "delivery"),
        "video": _small(result.get("video"), "video"),
        "judge": _small(result.get("judge"), "judge"),
        "asr_recovery": _small(result.get("asr_recovery"), "asr_recovery"),
        "certainty": _num(result.get("certainty", 1.0), "certainty", 0, 1),
        "low_certainty": bool(result.get("low_certainty")),
    }


REPORT_SCHEMA = "hr_ai.report_result/2"
RECOMMENDATIONS = ("advance", "hold", "review")
FINDING_KINDS = ("strength", "concern")
MAX_FINDINGS = 40


def _finding(item, index, competency_ids):
    """One strength or concern: a code with small parameters and its evidence (no prose)."""
    name = f"findings[{index}]"
    if not isinstance(item, dict) or item.get("kind") not in FINDING_KINDS:
        raise ResultError(f"{name} must be a strength or a concern")
    code = item.get("code")
    if not isinstance(code, str) or not code.replace("_", "").isalnum() or len(code) > 40:
        raise ResultError(f"{name}.code must be a short identifier")
    question = item.get("question")
    if question is not None:
        question = int(_num(question, f"{name}.question", 1, 1000))
    competency = item.get("competency_id")
    if competency is not None and competency not in competency_ids:
        raise ResultError(f"{name}.competency_id is not required by the job")
    params = _small(item.get("params") or {}, f"{name}.params", limit=2000)
    if any(not isinstance(v, (str, int, float, bool, type(None))) for v in params.values()):
        raise ResultError(f"{name}.params must hold plain values")
    return {"kind": item["kind"], "code": code, "question": question, "competency_id": competency,
            "params": {str(k)[:32]: (v[:500] if isinstance(v, str) else v) for k, v in params.items()},
            "evidence": _evidence(item.get("evidence"), f"{name}.evidence")}


def validate_report(result, competency_ids):
    """Check a worker's interview report against the job's competencies; return a cleaned copy."""
    if not isinstance(result, dict) or result.get("schema") != REPORT_SCHEMA:
        raise ResultError("not an interview report")
    if result.get("recommendation") not in RECOMMENDATIONS:
        raise ResultError("unknown recommendation (a report never refuses)")
    lines = []
    for line in result.get("competencies") or []:
        if not isinstance(line, dict) or line.get("id") not in competency_ids:
            raise ResultError("competency not required by the job")
        lines.append({"id": line["id"], "score": _num(line.get("score"), "competency score", 0, 100, allow_none=True),
                      "threshold": int(_num(line.get("threshold", 0), "threshold", 0, 100)),
                      "passed": bool(line.get("passed")), "answers": int(_num(line.get("answers", 0), "answers", 0))})
    findings = result.get("findings") or []
    if not isinstance(findings, list) or len(findings) > MAX_FINDINGS:
        raise ResultError(f"findings must be a list of at most {MAX_FINDINGS}")
    return {
        "match": _num(result.get("match"), "match", 0, 100, allow_none=True),
        "recommendation": result["recommendation"],
        "competencies": lines,
        "findings": [_finding(item, i, competency_ids) for i, item in enumerate(findings)],
        "versions": {str(k)[:32]: str(v)[:128] for k, v in (result.get("versions") or {}).items()},
    }
