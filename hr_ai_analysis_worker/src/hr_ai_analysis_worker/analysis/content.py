"""Content analysis of one answer: key points, situation-task-action-result, the answer score.

Content decides the score. Every finding carries the quote and the time it was said.
"""

import re

from .text import add_user_words, detect_language, normalize, tokenize

RUBRIC_VERSION = "spine-1"
KEY_POINT_HIT = 0.6  # share of a key point's content words that must be said
KEY_POINT_PARTIAL = 0.34

STAR_CUES = {
    "zh": {
        "situation": ["当时", "那时", "那时候", "背景", "之前", "在一家", "在我", "有一次", "去年", "项目中", "情况"],
        "task": ["负责", "任务", "目标", "需要", "要求", "职责", "挑战", "问题是"],
        "action": ["我做", "我先", "我决定", "我组织", "我带领", "我提出", "我安排", "首先", "然后", "接着",
                   "我们制定", "我主动", "采取", "通过", "沟通", "协调"],
        "result": ["结果", "最终", "最后", "成功", "提高", "提升", "增长", "降低", "减少", "完成", "达成",
                   "实现", "%", "百分之"],
    },
    "en": {
        "situation": ["when i was", "at my previous", "at my last", "last year", "once", "in my role",
                      "situation", "background", "there was a time", "while working"],
        "task": ["my task", "i was responsible", "responsible for", "my goal", "the goal", "i needed to",
                 "we needed to", "challenge", "my job was", "i had to"],
        "action": ["i decided", "i organized", "i organised", "i set up", "i led", "i created", "i started",
                   "i talked", "i met", "i worked", "i built", "i proposed", "first", "then i", "so i"],
        "result": ["as a result", "result", "in the end", "finally", "increased", "reduced", "improved",
                   "grew", "saved", "achieved", "delivered", "percent", "%"],
    },
}

MIN_CONTENT_TOKENS = 6


def split_key_point(line):
    """A key point line may list alternatives separated by '|' (synonyms)."""
    return [alt.strip() for alt in line.split("|") if alt.strip()]


def _segment_tokens(segments, lang):
    return [set(tokenize(seg["text"], lang)) for seg in segments]


def _best_window(target, seg_tokens, width=2):
    """The run of up to ``width`` consecutive segments that covers most of ``target``."""
    best, best_cov = None, 0.0
    for w in range(1, width + 1):
        for i in range(len(seg_tokens) - w + 1):
            covered = set().union(*seg_tokens[i : i + w]) & target
            cov = len(covered) / len(target)
            if cov > best_cov + 1e-9:
                best, best_cov = (i, i + w), cov
    return best, best_cov


def _evidence(segments, span):
    if span is None:
        return None
    first, last = segments[span[0]], segments[span[1] - 1]
    quote = " ".join(s["text"] for s in segments[span[0] : span[1]]).strip()
    return {"quote": quote, "start": first["start"], "end": last["end"]}


def match_key_points(key_points, segments, lang):
    seg_tokens = _segment_tokens(segments, lang)
    full_text = normalize(" ".join(s["text"] for s in segments), lang)
    results = []
    for line in key_points:
        best = {"coverage": 0.0, "span": None}
        for alt in split_key_point(line):
            target = set(tokenize(alt, lang)) or set(tokenize(alt, lang, keep_stopwords=True))
            if not target:
                continue
            span, cov = _best_window(target, seg_tokens)
            if normalize(alt, lang) in full_text:
                cov = 1.0
            if cov > best["coverage"]:
                best = {"coverage": cov, "span": span}
        coverage = round(best["coverage"], 3)
        hit = coverage >= KEY_POINT_HIT
        results.append({
            "text": line,
            "hit": hit,
            "partial": not hit and coverage >= KEY_POINT_PARTIAL,
            "coverage": coverage,
            "evidence": _evidence(segments, best["span"]) if coverage >= KEY_POINT_PARTIAL else None,
        })
    return results


def detect_star(segments, lang):
    cues = STAR_CUES["zh" if lang == "zh" else "en"]
    found = {}
    for part, words in cues.items():
        found[part] = {"present": False, "evidence": None}
        for i, seg in enumerate(segments):
            text = normalize(seg["text"], lang)
            cue = next((c for c in words if re.search(
                re.escape(c) if lang == "zh" else r"(?<![a-z])" + re.escape(c) + r"(?![a-z])", text)), None)
            if cue:
                found[part] = {"present": True, "cue": cue, "evidence": _evidence(segments, (i, i + 1))}
                break
    return found


def analyze_content(segments, question, job=None):
    """Score one answer's transcript segments against its question (and job)."""
    job = job or {}
    text = " ".join(s["text"] for s in segments).strip()
    lang = detect_language(text, question.get("lang") or job.get("lang"))
    add_user_words([alt for kp in question.get("key_points") or [] for alt in split_key_point(kp)]
                   + list(job.get("terms") or []))
    content_tokens = tokenize(text, lang)
    key_points = match_key_points(question.get("key_points") or [], segments, lang)
    star = detect_star(segments, lang)

    if key_points:
        kp_score = sum(1.0 if k["hit"] else 0.5 if k["partial"] else 0.0 for k in key_points) / len(key_points)
    else:  # no key points defined: relevance to the question's own words
        q_tokens = set(tokenize(question.get("text", ""), lang))
        kp_score = len(q_tokens & set(content_tokens)) / len(q_tokens) if q_tokens else 0.0
    star_score = sum(1 for part in star.values() if part["present"]) / 4.0
    score = 100.0 * (0.7 * kp_score + 0.3 * star_score)
    too_short = len(content_tokens) < 2 * MIN_CONTENT_TOKENS
    if too_short:
        score = min(score, 40.0)

    evidence = [
        {"kind": "key_point", "label": k["text"], **k["evidence"]} for k in key_points if k["evidence"] and k["hit"]
    ] + [
        {"kind": "star", "label": part, **v["evidence"]} for part, v in star.items() if v["present"]
    ]
    return {
        "language": lang,
        "score": round(score, 1),
        "key_points": key_points,
        "key_points_hit": sum(1 for k in key_points if k["hit"]),
        "star": star,
        "too_short": too_short,
        "content_tokens": len(content_tokens),
        "breakdown": {"key_points": round(kp_score, 3), "structure": round(star_score, 3)},
        "evidence": evidence,
        "rubric": RUBRIC_VERSION,
    }
