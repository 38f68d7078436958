"""The interview report from the per-answer results: competency scores, match %, recommended next
step, and findings (strengths and concerns) as codes with parameters and evidence.

No prose: every word HR reads is rendered and translated by Odoo from the codes (schema
``hr_ai.report_result/2``, see the package README). Competency scores come from the same versioned
scikit-learn scorer as the answers, applied to the mean findings of the answers whose question measures
the competency. No automatic refusal: the lowest recommendation is "hold"; missing or unusable answers
give "review" (needs human review), and so does an answer the judge is unsure of (``low_certainty``) when
the decision is close: a competency it measures, or the match, within ``UNSURE_MARGIN`` points of its
threshold.
"""

import unicodedata

from .. import __version__
from .errors import InvalidInput
from .scoring import FEATURES, load_scorer

SCHEMA = "hr_ai.report_result/2"
REPORT_VERSION = "report-2"
ADVANCE, HOLD, REVIEW = "advance", "hold", "review"
STRENGTH, CONCERN = "strength", "concern"
MAX_FINDINGS = 12  # of each kind
QUOTE_CHARS = 80  # a longer quote is shortened at a word (or, in Chinese, a clause or character) boundary
DELIVERY_WEIGHT = 0.10
UNSURE_MARGIN = 10.0  # points: an unsure answer sends a decision this close to a threshold to a person
STAR_PARTS = ("situation", "task", "action", "result")
# concerns that decide the recommendation come first when there are more than MAX_FINDINGS
_CONCERN_RANK = {"missing": 0, "insufficient": 0, "low_certainty": 1, "below_threshold": 1}
_ZH_CLAUSE_ENDS, _EN_CLAUSE_ENDS = "，。、；：！？", ",.;:!?"


def _is_cjk(char):
    return "\u3400" <= char <= "\u9fff" or "\u3000" <= char <= "\u303f" or "\uff00" <= char <= "\uffef"


def _word_char(char):
    return (char.isalnum() or char in "'-") and not _is_cjk(char)


def _joined(left, right):
    """Whether a cut between ``left`` and ``right`` would split a latin word or a character (a combining
    mark or a joined emoji belongs to the character before it)."""
    if unicodedata.combining(right) or right in "\u200d\ufe0f" or left == "\u200d":
        return True
    return _word_char(left) and _word_char(right)


def _clause_end(text, i):
    """Whether ``text[i]`` ends a clause: a Chinese mark, or a latin one followed by a space (not 3.5)."""
    if text[i] in _ZH_CLAUSE_ENDS:
        return True
    return text[i] in _EN_CLAUSE_ENDS and (i + 1 == len(text) or text[i + 1].isspace())


def shorten_quote(text, limit=QUOTE_CHARS):
    """``text`` when it is short enough; else its beginning up to a clause end or a word boundary (in
    Chinese: a clause end or any character boundary), followed by "…". Never cuts a word or a character."""
    text = text.strip()
    if len(text) <= limit:
        return text
    cut = limit
    while cut > 0 and _joined(text[cut - 1], text[cut]):
        cut -= 1
    cut = next((i + 1 for i in range(cut - 1, limit // 2, -1) if _clause_end(text, i)), cut)
    if cut == 0:  # one "word" longer than the limit (a URL, a serial number): keep it whole
        cut = next((i for i in range(limit, len(text)) if not _joined(text[i - 1], text[i])), len(text))
    head = text[:cut].rstrip(" " + _ZH_CLAUSE_ENDS + _EN_CLAUSE_ENDS)
    return text if cut == len(text) else head + "…"


def _compact(text):
    return "".join(text.split())


def _evidence(evidence, transcript):
    """A finding's evidence: the (shortened) quote and its times, or None when there is no quote or it
    does not occur in the answer's transcript (when the payload carries one)."""
    if not isinstance(evidence, dict) or not evidence.get("quote"):
        return None
    quote = str(evidence["quote"])
    if transcript and _compact(quote) not in _compact(transcript):
        return None
    return {"quote": shorten_quote(quote), "start": evidence.get("start"), "end": evidence.get("end")}


def _finding(kind, code, question=None, competency_id=None, params=None, evidence=None):
    return {"kind": kind, "code": code, "question": question, "competency_id": competency_id,
            "params": params or {}, "evidence": evidence}


def _mean_features(answers):
    return {f: sum(a["breakdown"].get(f, 0.0) for a in answers) / len(answers) for f in FEATURES}


def _delivery_score(answer):
    """100 minus 20 per raised delivery flag (pace, long silences, fillers, loudness)."""
    indicators = (((answer.get("result") or {}).get("delivery") or {}).get("indicators")) or {}
    raised = sum(1 for item in indicators.values() if isinstance(item, dict) and item.get("flag"))
    return max(0.0, 100.0 - 20.0 * raised)


def _usable(answer):
    return answer["state"] == "done" and answer.get("score") is not None and bool(answer.get("breakdown"))


def _unusable_finding(n, answer):
    """``missing``, or ``insufficient`` with the answer's reason code (never a low score)."""
    if answer["state"] == "missing":
        return _finding(CONCERN, "missing", question=n)
    result = answer.get("result") or {}
    reason = answer.get("insufficient_reason") or result.get("insufficient_reason") or (
        "analysis_failed" if answer["state"] == "failed" else "not_scored")
    return _finding(CONCERN, "insufficient", question=n, params={"reason": str(reason)})


def _key_point_findings(n, result, transcript):
    findings = []
    for kp in result.get("key_points") or []:
        params = {"key_point": kp.get("text", "")}
        evidence = _evidence(kp.get("evidence"), transcript) if kp.get("hit") else None
        if evidence:
            findings.append(_finding(STRENGTH, "key_point_covered", n, params=params, evidence=evidence))
        elif not kp.get("hit"):
            findings.append(_finding(CONCERN, "key_point_missed", n, params=params))
    return findings


def _answer_findings(n, answer):
    """Strengths and concerns of one answer (``n`` = its index in the interview)."""
    if not _usable(answer):
        return [_unusable_finding(n, answer)]
    result = answer.get("result") or {}
    transcript = result.get("transcript")
    findings = _key_point_findings(n, result, transcript)
    star = result.get("star") or {}
    if star and all((star.get(p) or {}).get("present") for p in STAR_PARTS):
        findings.append(_finding(STRENGTH, "complete_structure", n))
    content = result.get("content") or {}
    concrete = content.get("concreteness") or {}
    evidence = _evidence(concrete.get("evidence"), transcript) if concrete.get("numbers") else None
    if evidence:
        findings.append(_finding(STRENGTH, "concrete_figures", n, params={"numbers": int(concrete["numbers"])},
                                 evidence=evidence))
    findings += [_finding(CONCERN, code, n) for code in ("too_short", "off_topic", "listed_without_substance")
                 if content.get(code)]
    if _unsure(answer):
        findings.append(_finding(CONCERN, "low_certainty", n, params={"certainty": _certainty(answer)}))
    return findings


def _unsure(answer):
    return bool((answer.get("result") or {}).get("low_certainty"))


def _certainty(answer):
    return round(float((answer.get("result") or {}).get("certainty", 1.0)), 2)


def _competency_lines(payload, usable, scorer):
    lines = []
    for comp in payload.get("competencies") or []:
        measured = [a for a in usable if comp["id"] in (a.get("competency_ids") or [])]
        score = scorer.score(_mean_features(measured)) if measured else None
        if score is not None and payload.get("delivery_in_score"):  # policy + separate consent, checked in Odoo
            delivery = sum(_delivery_score(a) for a in measured) / len(measured)
            score = round((1 - DELIVERY_WEIGHT) * score + DELIVERY_WEIGHT * delivery, 1)
        lines.append({"id": comp["id"], "score": score, "threshold": comp["threshold"],
                      "passed": score is not None and score >= comp["threshold"], "answers": len(measured)})
    return lines


def _match(payload, lines, usable):
    weights = {c["id"]: float(c.get("weight", 1.0)) for c in payload.get("competencies") or []}
    scored = [line for line in lines if line["score"] is not None]
    total = sum(weights[line["id"]] for line in scored)
    if total:
        return round(sum(line["score"] * weights[line["id"]] for line in scored) / total, 1)
    if usable:
        return round(sum(a["score"] for a in usable) / len(usable), 1)
    return None


def _close_and_unsure(payload, usable, lines, match):
    """Whether an answer the judge is unsure of bears on a decision within UNSURE_MARGIN of its threshold."""
    unsure = [a for a in usable if _unsure(a)]
    if not unsure:
        return False
    if abs(match - payload.get("advance_threshold", 70)) < UNSURE_MARGIN:
        return True
    measured = {c for a in unsure for c in a.get("competency_ids") or []}
    return any(line["id"] in measured and abs(line["score"] - line["threshold"]) < UNSURE_MARGIN for line in lines)


def _recommendation(payload, answers, usable, lines, match):
    if match is None or len(usable) < len(answers) or any(line["score"] is None for line in lines):
        return REVIEW
    if _close_and_unsure(payload, usable, lines, match):
        return REVIEW
    if match >= payload.get("advance_threshold", 70) and all(line["passed"] for line in lines):
        return ADVANCE
    return HOLD


def _report_certainty(usable):
    """The mean certainty of the scored answers (0-1), or None when none was scored."""
    return round(sum(_certainty(a) for a in usable) / len(usable), 2) if usable else None


def _findings(answers, lines):
    """At most MAX_FINDINGS strengths, then at most MAX_FINDINGS concerns (the decisive ones first)."""
    findings = [f for n, answer in enumerate(answers, start=1)
                for f in _answer_findings(answer.get("index", n), answer)]
    findings += [_finding(CONCERN, "below_threshold", competency_id=line["id"],
                          params={"score": round(line["score"]), "threshold": int(line["threshold"])})
                 for line in lines if line["score"] is not None and not line["passed"]]
    strengths = [f for f in findings if f["kind"] == STRENGTH]
    concerns = sorted((f for f in findings if f["kind"] == CONCERN), key=lambda f: _CONCERN_RANK.get(f["code"], 2))
    return strengths[:MAX_FINDINGS] + concerns[:MAX_FINDINGS]


def check_payload(payload):
    """Raise InvalidInput unless ``payload`` has the shape the README documents."""
    if not isinstance(payload, dict):
        raise InvalidInput("the report payload must be an object")
    comps, answers = payload.get("competencies") or [], payload.get("answers") or []
    if not isinstance(comps, list) or not all(isinstance(c, dict) and "id" in c and "threshold" in c for c in comps):
        raise InvalidInput("report competencies must be a list of {id, threshold, ...}")
    if not isinstance(answers, list) or not all(isinstance(a, dict) and "state" in a for a in answers):
        raise InvalidInput("report answers must be a list of {state, ...}")


def build_report(payload, scorer=None):
    """The interview report (schema ``hr_ai.report_result/2``) from Odoo's ``build_report`` payload:
    {"advance_threshold", "delivery_in_score", "competencies": [{"id", "threshold", "weight"}],
    "answers": [{"question_id", "index", "competency_ids", "state", "score", "breakdown", "result"}]}.
    ``scorer``: a :class:`~.scoring.Scorer` (``None`` = the default weights)."""
    check_payload(payload)
    scorer = scorer or load_scorer()
    answers = sorted(payload.get("answers") or [], key=lambda a: a.get("index", 0))
    usable = [a for a in answers if _usable(a)]
    lines = _competency_lines(payload, usable, scorer)
    match = _match(payload, lines, usable)
    return {
        "schema": SCHEMA,
        "match": match,
        "recommendation": _recommendation(payload, answers, usable, lines, match),
        "competencies": lines,
        "findings": _findings(answers, lines),
        "certainty": _report_certainty(usable),
        "delivery_in_score": bool(payload.get("delivery_in_score")),
        "versions": {"worker": __version__, "scorer": scorer.version, "report": REPORT_VERSION},
    }
