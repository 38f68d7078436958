"""Content analysis of one answer: key points, situation-task-action-result, the answer score.

Content decides the score. Every finding carries the quote and the time it was said.
"""

import re

from .errors import InvalidInput
from .scoring import load_scorer
from .text import count_phrase, detect_language, normalize, tokenize, zh_terms

RUBRIC_VERSION = "content-2"
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

CONNECTIVES = {
    "zh": ["首先", "其次", "然后", "接着", "最后", "因为", "所以", "因此", "但是", "同时", "另外", "结果"],
    "en": ["first", "second", "then", "next", "finally", "because", "so", "therefore", "however", "also",
           "after that", "in the end"],
}
SELF_WORDS = {"zh": ["我"], "en": ["i", "i'm", "i've", "my", "me"]}
TEAM_WORDS = {"zh": ["我们", "大家", "团队"], "en": ["we", "we're", "we've", "our", "us"]}
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?\s*(?:%|percent)?")


def split_key_point(line):
    """A key point line may list alternatives separated by '|' (synonyms)."""
    return [alt.strip() for alt in line.split("|") if alt.strip()]


def _segment_tokens(segments, lang, terms):
    return [set(tokenize(seg["text"], lang, terms=terms)) for seg in segments]


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


def joined_text(segments, lang):
    """The segments' text as one transcript (Chinese without spaces between segments)."""
    return ("" if lang == "zh" else " ").join(s["text"] for s in segments).strip()


def _evidence(segments, span, lang):
    """Quote and times of ``segments[span[0]:span[1]]``; the quote occurs as it is in the transcript."""
    if span is None:
        return None
    first, last = segments[span[0]], segments[span[1] - 1]
    quote = joined_text(segments[span[0] : span[1]], lang)
    return {"quote": quote, "start": first["start"], "end": last["end"]}


def match_key_points(key_points, segments, lang, terms=frozenset()):
    seg_tokens = _segment_tokens(segments, lang, terms)
    full_text = normalize(joined_text(segments, lang), lang)
    results = []
    for line in key_points:
        best = {"coverage": 0.0, "span": None}
        for alt in split_key_point(line):
            target = set(tokenize(alt, lang, terms=terms)) or set(tokenize(alt, lang, True, terms))
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
            "evidence": _evidence(segments, best["span"], lang) if coverage >= KEY_POINT_PARTIAL else None,
        })
    return results


def detect_star(segments, lang):
    cues = STAR_CUES["zh" if lang == "zh" else "en"]
    found = {}
    for part, words in cues.items():
        found[part] = {"present": False, "evidence": None}
        for i, seg in enumerate(segments):
            text = normalize(seg["text"], lang)
            cue = next((c for c in words if count_phrase(text, c, lang)), None)
            if cue:
                found[part] = {"present": True, "cue": cue, "evidence": _evidence(segments, (i, i + 1), lang)}
                break
    return found


def _count_words(text, words, lang):
    count = sum(count_phrase(text, w, lang) for w in words)
    if lang == "zh":  # "我" inside "我们" is not the candidate alone
        count -= sum(text.count(w + "们") for w in words if len(w) == 1)
    return count


def concreteness(segments, lang):
    """Numbers and measured results said, and own actions ("I") against "we"."""
    text = normalize(" ".join(s["text"] for s in segments), lang)
    numbers = _NUMBER.findall(text)
    own, team = _count_words(text, SELF_WORDS[lang], lang), _count_words(text, TEAM_WORDS[lang], lang)
    own_ratio = own / (own + team) if own + team else 0.0
    evidence = None
    for i, seg in enumerate(segments):
        if _NUMBER.search(normalize(seg["text"], lang)):
            evidence = _evidence(segments, (i, i + 1), lang)
            break
    value = min(1.0, len(numbers) / 2.0) * 0.6 + min(1.0, own_ratio / 0.6) * 0.4
    return {"value": round(value, 3), "numbers": len(numbers), "own_actions": own, "team_actions": team,
            "own_ratio": round(own_ratio, 3), "evidence": evidence}


def logical_flow(segments, lang):
    """Connectives that order the answer (first, then, because, so …), with where the first one is."""
    text = normalize(" ".join(s["text"] for s in segments), lang)
    found = [c for c in CONNECTIVES[lang] if count_phrase(text, c, lang)]
    evidence = None
    for i, seg in enumerate(segments):
        if any(count_phrase(normalize(seg["text"], lang), c, lang) for c in found):
            evidence = _evidence(segments, (i, i + 1), lang)
            break
    return {"value": round(min(1.0, len(found) / 3.0), 3), "connectives": found, "evidence": evidence}


def relevance(question, key_points, segments, lang, terms=frozenset()):
    """Share of the question's and key points' words the answer uses, and the most relevant passage."""
    target = set(tokenize(question.get("text", ""), lang, terms=terms))
    for kp in key_points:
        for alt in split_key_point(kp):
            target |= set(tokenize(alt, lang, terms=terms))
    if not target:
        return {"value": 0.0, "evidence": None}
    seg_tokens = _segment_tokens(segments, lang, terms)
    used = set().union(*seg_tokens) if seg_tokens else set()
    span, _cov = _best_window(target, seg_tokens) if seg_tokens else (None, 0.0)
    return {"value": round(len(target & used) / len(target), 3), "evidence": _evidence(segments, span, lang)}


def listed_without_substance(key_points_result, text, lang, terms=frozenset()):
    """Key points named in a bare list: several hits, but hardly any sentence around them."""
    hits = [k for k in key_points_result if k["hit"]]
    if len(hits) < 2:
        return False
    all_tokens = tokenize(text, lang, keep_stopwords=True, terms=terms)
    content = tokenize(text, lang, terms=terms)
    function_words = len(all_tokens) - len(content)
    kp_tokens = set()
    for k in hits:
        for alt in split_key_point(k["text"]):
            kp_tokens |= set(tokenize(alt, lang, terms=terms))
    other = [t for t in content if t not in kp_tokens]
    return function_words <= len(hits) and len(other) < 3 * len(hits)


def check_inputs(question, job=None):
    """Raise InvalidInput unless ``question`` (and ``job``) have the documented shape."""
    if not isinstance(question, dict) or not isinstance(question.get("text", ""), str):
        raise InvalidInput("the question must be an object with a text")
    if not _strings(question.get("key_points") or []):
        raise InvalidInput("the question's key_points must be a list of strings")
    if job is not None and (not isinstance(job, dict) or not _strings(job.get("terms") or [])):
        raise InvalidInput("the job must be an object; its terms a list of strings")


def _strings(value):
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _key_point_score(key_points, question, content_tokens, lang, terms):
    if key_points:
        return sum(1.0 if k["hit"] else 0.5 if k["partial"] else 0.0 for k in key_points) / len(key_points)
    q_tokens = set(tokenize(question.get("text", ""), lang, terms=terms))  # no key points: the question's words
    return len(q_tokens & set(content_tokens)) / len(q_tokens) if q_tokens else 0.0


def analyze_content(segments, question, job=None, scorer=None):
    """Score one answer's transcript segments against its question (and job) with ``scorer``
    (a :class:`~.scoring.Scorer`; ``None`` = the default weights)."""
    check_inputs(question, job)
    job = job or {}
    scorer = scorer or load_scorer()
    text = " ".join(s["text"] for s in segments).strip()
    lang = detect_language(text, question.get("lang") or job.get("lang"))
    key_point_lines = question.get("key_points") or []
    terms = zh_terms([alt for kp in key_point_lines for alt in split_key_point(kp)] + list(job.get("terms") or []))
    content_tokens = tokenize(text, lang, terms=terms)
    key_points = match_key_points(key_point_lines, segments, lang, terms)
    star = detect_star(segments, lang)

    kp_score = _key_point_score(key_points, question, content_tokens, lang, terms)
    star_score = sum(1 for part in star.values() if part["present"]) / 4.0
    concrete = concreteness(segments, lang)
    flow = logical_flow(segments, lang)
    relevant = relevance(question, key_point_lines, segments, lang, terms)
    rel = relevant["value"]
    listed = listed_without_substance(key_points, text, lang, terms)
    if listed:
        kp_score *= 0.2
    too_short = len(content_tokens) < 2 * MIN_CONTENT_TOKENS
    off_topic = len(content_tokens) >= MIN_CONTENT_TOKENS and rel < 0.08 and not any(
        k["hit"] or k["partial"] for k in key_points)
    features = {"key_points": kp_score, "structure": star_score, "concreteness": concrete["value"],
                "relevance": rel, "flow": flow["value"]}
    score = scorer.score(features)
    if too_short:
        score = min(score, 40.0)
    if listed:
        score = min(score, 15.0)  # named, not shown: no situation, action or result behind the words
    if off_topic:
        score = min(score, 5.0)

    evidence = [
        {"kind": "key_point", "label": k["text"], **k["evidence"]} for k in key_points if k["evidence"] and k["hit"]
    ] + [
        {"kind": "star", "label": part, **v["evidence"]} for part, v in star.items() if v["present"]
    ] + ([{"kind": "concreteness", "label": "numbers", **concrete["evidence"]}] if concrete["evidence"] else [])
    return {
        "language": lang,
        "score": round(score, 1),
        "key_points": key_points,
        "key_points_hit": sum(1 for k in key_points if k["hit"]),
        "star": star,
        "too_short": too_short,
        "off_topic": off_topic,
        "listed_without_substance": listed,
        "concreteness": concrete,
        "flow": flow,
        "relevance": relevant,
        "content_tokens": len(content_tokens),
        "breakdown": {k: round(v, 3) for k, v in features.items()},
        "evidence": evidence,
        "rubric": RUBRIC_VERSION,
        "scorer": scorer.version,
    }
