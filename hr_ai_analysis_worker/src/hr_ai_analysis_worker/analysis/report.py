"""The interview report from the per-answer results: competency scores, match %, recommended next
step, strengths and concerns in plain Chinese or English, each pointing to its evidence.

Competency scores come from the same versioned scikit-learn scorer as the answers, applied to the mean
findings of the answers whose question measures the competency. No automatic refusal: the lowest
recommendation is "hold"; missing or unusable answers give "review" (needs human review).
"""

from .. import __version__
from .scoring import FEATURES, score_features, scorer_version

SCHEMA = "hr_ai.report_result/1"
ADVANCE, HOLD, REVIEW = "advance", "hold", "review"

TEXTS = {
    "zh": {
        "kp_hit": "第{n}题讲到了“{kp}”：“{quote}”（{t}）",
        "star_full": "第{n}题的回答结构完整（情境、任务、行动、结果）",
        "numbers": "第{n}题给出了具体数字：“{quote}”（{t}）",
        "kp_missed": "第{n}题没有讲到“{kp}”",
        "too_short": "第{n}题的回答过短",
        "off_topic": "第{n}题的回答偏离题目",
        "listed": "第{n}题只罗列了要点，没有具体经历",
        "insufficient": "第{n}题没有足够清晰的语音可供判断，需要人工复核",
        "missing": "第{n}题未作答",
        "below": "{comp}：{score}分，低于要求的{threshold}分",
        "summary": {ADVANCE: "匹配度{match}%，各项胜任力均达到要求，建议进入HR面试。",
                    HOLD: "匹配度{match}%，部分要求未达到，建议暂缓，由招聘人员结合录像判断。",
                    REVIEW: "部分回答无法评估，需人工复核后再作决定。"},
    },
    "en": {
        "kp_hit": "Question {n} covers \u201c{kp}\u201d: \u201c{quote}\u201d ({t})",
        "star_full": "Question {n}: a complete answer (situation, task, action, result)",
        "numbers": "Question {n} gives concrete figures: \u201c{quote}\u201d ({t})",
        "kp_missed": "Question {n} does not mention \u201c{kp}\u201d",
        "too_short": "Question {n}: the answer is very short",
        "off_topic": "Question {n}: the answer is off the question",
        "listed": "Question {n} lists the key points without any real example",
        "insufficient": "Question {n}: not enough clear speech to judge; needs a person to review",
        "missing": "Question {n} was not answered",
        "below": "{comp}: {score}, below the required {threshold}",
        "summary": {ADVANCE: "Match {match}%: every competency meets its threshold. Suggested next step: HR interview.",
                    HOLD: "Match {match}%: some requirements are not met. Suggested: hold, and let the recruiter "
                          "judge with the recordings.",
                    REVIEW: "Some answers could not be assessed: a person should review before deciding."},
    },
}


def _ts(seconds):
    seconds = int(seconds or 0)
    return f"{seconds // 60}:{seconds % 60:02d}"


def _mean_features(answers):
    return {f: sum(a["breakdown"].get(f, 0.0) for a in answers) / len(answers) for f in FEATURES}


DELIVERY_WEIGHT = 0.10


def _delivery_score(answer):
    """100 minus 20 per raised delivery flag (pace, long silences, fillers, loudness)."""
    indicators = (((answer.get("result") or {}).get("delivery") or {}).get("indicators")) or {}
    raised = sum(1 for item in indicators.values() if isinstance(item, dict) and item.get("flag"))
    return max(0.0, 100.0 - 20.0 * raised)


def _answer_notes(n, answer, t):
    strengths, concerns = [], []
    result = answer.get("result") or {}
    if answer["state"] != "done" or answer.get("score") is None:
        concerns.append(t["missing" if answer["state"] == "missing" else "insufficient"].format(n=n))
        return strengths, concerns
    for kp in result.get("key_points", []):
        ev = kp.get("evidence")
        if kp.get("hit") and ev:
            strengths.append(t["kp_hit"].format(n=n, kp=kp["text"], quote=ev["quote"][:80], t=_ts(ev["start"])))
        elif not kp.get("hit"):
            concerns.append(t["kp_missed"].format(n=n, kp=kp["text"]))
    star = result.get("star") or {}
    if star and all((star.get(p) or {}).get("present") for p in ("situation", "task", "action", "result")):
        strengths.append(t["star_full"].format(n=n))
    content = result.get("content") or {}
    concrete = content.get("concreteness") or {}
    if concrete.get("numbers") and concrete.get("evidence"):
        ev = concrete["evidence"]
        strengths.append(t["numbers"].format(n=n, quote=ev["quote"][:80], t=_ts(ev["start"])))
    for flag in ("too_short", "off_topic"):
        if content.get(flag):
            concerns.append(t[flag].format(n=n))
    if content.get("listed_without_substance"):
        concerns.append(t["listed"].format(n=n))
    return strengths, concerns


def build_report(payload):
    """payload: {"lang", "advance_threshold", "competencies": [{"id", "name", "threshold", "weight"}],
    "answers": [{"question_id", "index", "competency_ids", "state", "score", "breakdown", "result"}]}"""
    lang = "zh" if payload.get("lang") == "zh" else "en"
    t = TEXTS[lang]
    answers = sorted(payload.get("answers", []), key=lambda a: a.get("index", 0))
    usable = [a for a in answers if a["state"] == "done" and a.get("score") is not None and a.get("breakdown")]
    review_reasons = [a["question_id"] for a in answers if a not in usable]

    competencies, weighted, weights = [], 0.0, 0.0
    for comp in payload.get("competencies", []):
        measured = [a for a in usable if comp["id"] in a.get("competency_ids", [])]
        score = score_features(_mean_features(measured)) if measured else None
        if score is not None and payload.get("delivery_in_score"):  # policy + separate consent, checked in Odoo
            delivery = sum(_delivery_score(a) for a in measured) / len(measured)
            score = round((1 - DELIVERY_WEIGHT) * score + DELIVERY_WEIGHT * delivery, 1)
        competencies.append({"id": comp["id"], "score": score, "threshold": comp["threshold"],
                             "passed": score is not None and score >= comp["threshold"], "answers": len(measured)})
        if score is None:
            review_reasons.append(f"competency:{comp['id']}")
        else:
            weighted += score * comp.get("weight", 1.0)
            weights += comp.get("weight", 1.0)
    if weights:
        match = round(weighted / weights, 1)
    elif usable:
        match = round(sum(a["score"] for a in usable) / len(usable), 1)
    else:
        match = None

    if review_reasons or match is None:
        recommendation = REVIEW
    elif match >= payload.get("advance_threshold", 70) and all(c["passed"] for c in competencies):
        recommendation = ADVANCE
    else:
        recommendation = HOLD

    strengths, concerns = [], []
    for n, answer in enumerate(answers, start=1):
        s, c = _answer_notes(answer.get("index", n), answer, t)
        strengths += s
        concerns += c
    names = {c["id"]: c.get("name", "") for c in payload.get("competencies", [])}
    for line in competencies:
        if line["score"] is not None and not line["passed"]:
            concerns.append(t["below"].format(comp=names[line["id"]], score=round(line["score"]),
                                              threshold=line["threshold"]))
    return {
        "schema": SCHEMA,
        "lang": lang,
        "match": match,
        "competencies": competencies,
        "recommendation": recommendation,
        "summary": t["summary"][recommendation].format(match=round(match) if match is not None else "-"),
        "strengths": strengths[:12],
        "concerns": concerns[:12],
        "delivery_in_score": bool(payload.get("delivery_in_score")),
        "versions": {"worker": __version__, "scorer": scorer_version(), "report": "report-1"},
    }
