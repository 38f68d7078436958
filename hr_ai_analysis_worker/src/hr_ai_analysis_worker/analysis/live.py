"""The live interview copilot: what one utterance adds to a live interview (job kind ``live_chunk``; payload
``hr_ai.live_chunk/1``, result ``hr_ai.live_chunk_result/1`` — see the package README).

Pure: no Odoo, no network. :func:`judge` reads text segments; :func:`transcribe_utterance` and
:func:`analyze_utterance` add the speech recogniser (any object with ``transcribe_utterance``).

The reading is the recorded-interview judge's (:mod:`.content`, :mod:`.meaning`, :mod:`.substance`), asked
smaller questions:

- **coverage**: each key point of the current question, judged (``content.key_point_coverage``) on everything
  said for that question — the session's earlier segments with its ``question_id`` and this utterance;
- **competencies**: covered when a key point of a question that measures them is covered (each question
  judged on what was said for it), with that key point's quote;
- **hints**, from a closed vocabulary (:data:`HINT_CODES`), at most :data:`MAX_HINTS`, the most useful first:
  ``other_question`` (this utterance speaks to another question of the job, clearly: the judge's *focus* — a
  clause belongs to the question whose key points it is nearest, above the judge's threshold — computed for
  every question, see :func:`question_focus`), ``key_point_missing`` (the first key point not heard yet, HR's
  order; one not covered before one partly covered), ``no_result_yet`` (no clause tells an outcome with
  substance, nor sounds like the story's result), ``no_figure_yet`` (no clause carries a figure, a time or a
  name),
  ``follow_up`` (when the current question is done, or none is selected: the question that measures the
  least covered competency). What a story lacks is said only after :data:`STORY_SECONDS` of speech on the
  question (earlier, everything is missing).

A hint, once resolved, is not given again: coverage is judged on all that was said for the question, which
only grows, and the earlier state Odoo may send (``session.coverage``/``session.competencies``, optional)
is kept — a key point or competency once covered stays covered. Every quote is an exact passage of one
segment's text (so of the session transcript however it is joined), and its times are when it was said.
"""

import collections
import dataclasses
import functools
import math
import threading
import time

import numpy as np

from .. import __version__
from . import meaning
from .asr import is_loop
from .clauses import char_times, joined_text, split_clauses
from .content import PARAMS, RUBRIC_VERSION, key_point_coverage, read_answer, split_key_point_lines, star_parts
from .embedding import load_embedder
from .errors import InvalidInput
from .media import audio_stats
from .text import detect_language, tokenize, zh_terms

PAYLOAD_SCHEMA = "hr_ai.live_chunk/1"
RESULT_SCHEMA = "hr_ai.live_chunk_result/1"
JUDGE_VERSION = "live-1"
HINT_CODES = ("other_question", "key_point_missing", "no_result_yet", "no_figure_yet", "follow_up")
MAX_HINTS = 3
STORY_SECONDS = 15.0  # seconds of speech on the current question before hints about what its story lacks
OTHER_FOCUS = 0.5  # share of the utterance's clauses that speak to another question …
OTHER_MARGIN = 0.25  # … and by how much more than to the current one …
OTHER_Z = 5.0  # … and how near at least one of them comes to that question's key points (z; the judge's focus: 3)
MIN_OTHER_TOKENS = 4  # content words an utterance needs before it is said to answer another question
RESULT_SCORE = 0.4  # a clause this much like a story's result (content's STAR score; "present" there: 0.45)
# speech
MIN_UTTERANCE_SECONDS = 0.3
SILENCE_DBFS = -55.0
NO_SPEECH_PROB = 0.6  # a segment Whisper thinks is no speech, with unsure words, is dropped (music, noise)
UNSURE_WORDS = 0.5


# -- the job -----------------------------------------------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class Question:
    id: int
    text: str
    key_points: tuple
    competency_ids: tuple

    def as_question(self, lang):
        """The shape the recorded-interview judge reads (``Q.json``)."""
        return {"text": self.text, "key_points": list(self.key_points), "lang": lang}


def _int_id(value):
    return isinstance(value, int) and not isinstance(value, bool)


def _strings(value):
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def parse_job(job):
    """(questions, competency ids, terms) of the payload's ``job``; InvalidInput when its shape is wrong."""
    if not isinstance(job, dict) or not isinstance(job.get("questions"), list):
        raise InvalidInput("the live job must be an object with a list of questions")
    questions = []
    for q in job["questions"]:
        if not isinstance(q, dict) or not _int_id(q.get("id")):
            raise InvalidInput("every question needs an integer id")
        if not isinstance(q.get("text", ""), str) or not _strings(q.get("key_points") or []):
            raise InvalidInput(f"question {q['id']}: text must be a string, key_points a list of strings")
        ids = q.get("competency_ids") or []
        if not isinstance(ids, list) or not all(_int_id(i) for i in ids):
            raise InvalidInput(f"question {q['id']}: competency_ids must be a list of integers")
        questions.append(Question(q["id"], q.get("text") or "", tuple(k for k in q.get("key_points") or []
                                                                         if k.strip()), tuple(ids)))
    competencies = job.get("competencies") or []
    if not isinstance(competencies, list) or not all(isinstance(c, dict) and _int_id(c.get("id"))
                                                     for c in competencies):
        raise InvalidInput("the job's competencies must be objects with an integer id")
    if not _strings(job.get("terms") or []):
        raise InvalidInput("the job's terms must be a list of strings")
    lines = split_key_point_lines([k for q in questions for k in q.key_points])
    terms = tuple(dict.fromkeys(t.strip() for t in lines + list(job.get("terms") or []) if t.strip()))
    return questions, [c["id"] for c in competencies], terms


def _number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def parse_segments(segments, what="segments", question_ids=True):
    """The segments as ``{start, end, text, question_id?, words?}`` (text stripped, empty ones left out);
    InvalidInput when one is malformed."""
    if not isinstance(segments, list):
        raise InvalidInput(f"{what} must be a list")
    out = []
    for s in segments:
        if not (isinstance(s, dict) and _number(s.get("start")) and _number(s.get("end"))
                and isinstance(s.get("text"), str)):
            raise InvalidInput(f"every one of the {what} needs a start, an end and a text")
        qid = s.get("question_id")
        if question_ids and qid is not None and not _int_id(qid):
            raise InvalidInput(f"a question_id of the {what} is not an integer")
        text = s["text"].strip()
        if text:
            seg = {"start": float(s["start"]), "end": float(max(s["end"], s["start"])), "text": text}
            if question_ids:
                seg["question_id"] = qid
            if isinstance(s.get("words"), list):
                seg["words"] = s["words"]
            out.append(seg)
    return out


# -- the embedder, remembering every text of the session ------------------------------------------------------

class _Remembering:
    """The judge's embedder, keeping the vector of every text it embeds: a live session's clauses come back
    with every utterance, and are embedded once per worker (the same text always gives the same vector)."""

    def __init__(self, inner):
        self.inner = inner
        self.name = inner.name
        self.dim = getattr(inner, "dim", None)

    def embed(self, texts, cache=False):
        return self.inner.embed(texts, cache=True)


@functools.lru_cache(maxsize=4)
def _remembering(inner):
    return _Remembering(inner)


def embedder_for(embedding_model=None):
    """The judge's embedder for a configuration's ``embedding_model`` (one instance per model, shared with the
    recorded-interview judge)."""
    return load_embedder(embedding_model or None)


def warm_up(embedding_model=None):
    """Load what the first utterance would wait for: the embedding model, jieba, 词林, the baseline banks and
    the STAR prototypes of both languages (6-7 s here, once per worker)."""
    embedder = embedder_for(embedding_model)
    for lang, text, point in (("zh", "我先了解了客户需求，后来客户续约了。", "客户需求"),
                              ("en", "I asked the customer what worried him most.", "customer needs")):
        judge([{"start": 0.0, "end": 2.0, "text": text}],
              {"questions": [{"id": 1, "text": point, "key_points": [point]},
                             {"id": 2, "text": "?", "key_points": ["预算" if lang == "zh" else "budget"]}]},
              1, lang=lang, embedder=embedder)


# -- one question: what was said for it ------------------------------------------------------------------------

_CACHE_SIZE = 64
_cache = collections.OrderedDict()
_cache_lock = threading.Lock()


def _question_state(question, segments, lang, terms, embedder):
    """Key points, outcome, figure and seconds of speech of what was said for ``question`` (cached: the
    earlier questions of a session are read again with every utterance, their segments unchanged)."""
    key = (question, lang, terms, embedder.name, tuple((s["start"], s["end"], s["text"]) for s in segments))
    with _cache_lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    state = _read_question(question, segments, lang, terms, embedder)
    with _cache_lock:
        _cache[key] = state
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return state


def _read_question(question, segments, lang, terms, embedder):
    reading = read_answer(segments, question.as_question(lang), {"terms": list(terms)}, embedder, with_topic=False)
    ranges = _segment_ranges(segments, reading.lang)
    transcript, starts, ends = char_times(segments, reading.lang)
    points = []
    for kp in key_point_coverage(reading):
        quote = None
        if kp["evidence"]:
            quote = _one_segment(reading, kp["evidence"], ranges, transcript, starts, ends)
        points.append({"text": kp["text"], "covered": bool(kp["hit"]), "partial": bool(kp["partial"]),
                       "quote": quote["quote"] if quote else None,
                       "start": quote["start"] if quote else None, "end": quote["end"] if quote else None})
    # the judge's findings: an outcome told with substance (a hypothetical one is not) or a clause that sounds
    # like the story's result (its STAR part, read a little more leniently: a wrong "no result yet" nags HR);
    # a figure, a time or a name
    result = any(s.outcome and u >= 0.3 for s, u in zip(reading.signals, reading.substance, strict=True)) or (
        star_parts(reading)["result"]["score"] >= RESULT_SCORE)
    figure = any(s.specific for s in reading.signals)
    return {"key_points": points, "result": result, "figure": figure,
            "seconds": round(sum(s["end"] - s["start"] for s in segments), 2)}


def _segment_ranges(segments, lang):
    """(start, end) character offsets of each segment in the transcript the clauses are spans of."""
    sep = "" if lang == "zh" else " "
    ranges, pos = [], 0
    for i, seg in enumerate(segments):
        pos += len(sep) if i else 0
        ranges.append((pos, pos + len(seg["text"])))
        pos += len(seg["text"])
    return ranges


def _one_segment(reading, evidence, ranges, transcript, starts, ends):
    """The judge's passage as a quote inside one segment (a passage across two segments is cut to the larger
    part), with the times it was said; None when nothing of it is left."""
    quote = evidence["quote"]
    a = next((c.start_char for c in reading.clauses if abs(c.start - evidence["start"]) < 1e-6
              and reading.transcript.startswith(quote, c.start_char)), reading.transcript.find(quote))
    if a < 0:
        return None
    b = a + len(quote)
    inside = [(min(b, r1) - max(a, r0), r0, r1) for r0, r1 in ranges]
    overlap, r0, r1 = max(inside)
    if overlap <= 0:
        return None
    if r0 <= a and b <= r1:
        return {"quote": quote, "start": evidence["start"], "end": evidence["end"]}
    a, b = max(a, r0), min(b, r1)
    while a < b and not transcript[a].isalnum():
        a += 1
    while b > a and not (transcript[b - 1].isalnum() or transcript[b - 1] == "%"):
        b -= 1
    if b <= a:
        return None
    return {"quote": transcript[a:b], "start": round(starts[a], 2), "end": round(ends[b - 1], 2)}


# -- which question an utterance speaks to ------------------------------------------------------------------------

def question_focus(segments, questions, lang, terms, embedder, current_id=None):
    """{question id: {"focus", "z"}} of what the segments say: ``focus`` the share of their clauses that speak to
    each question — near one of its key points (the judge's z-score against the baseline bank, over
    ``PARAMS['focus_z']``) and nearer to it than to any other question's — read softly, as the judge's focus is;
    ``z`` the nearest any clause comes to the question's key points. Each question is measured by its key points as
    written (``meaning.other_z``, as the judge measures the job's other questions); the current one
    (``current_id``) also by the ways of saying them the judge knows (``meaning.question_model``, as the judge
    measures the answer's own question). ``{}`` when there is too little to tell."""
    questions = [q for q in questions if q.key_points]
    lang = "zh" if lang == "zh" else "en"
    zh = zh_terms(terms)
    transcript, clauses = split_clauses(segments, lang)
    if len(questions) < 2 or not clauses or len(tokenize(transcript, lang, terms=zh)) < MIN_OTHER_TOKENS:
        return {}
    units = meaning.units_of(clauses, lang, zh)
    single = [j for j, u in enumerate(units) if u.first == u.last]
    vectors = meaning.unit_vectors(embedder.embed([c.text for c in clauses]), units)
    rows = []
    for q in questions:
        z = meaning.other_z(embedder, lang, split_key_point_lines(list(q.key_points)), vectors, units)[single]
        if q.id == current_id:
            own = meaning.question_model(embedder, lang, q.as_question(lang), zh)
            z = np.maximum(z, meaning.semantic_z(own, vectors, units)[:, single].max(axis=0))
        rows.append(z)
    z = np.vstack(rows)
    focus = {}
    for i, q in enumerate(questions):
        rival = np.delete(z, i, axis=0).max(axis=0)
        on = 1.0 / (1.0 + np.exp(-(z[i] - np.maximum(rival, PARAMS["focus_z"])) / PARAMS["focus_s"]))
        focus[q.id] = {"focus": round(float(on.mean()), 3), "z": round(float(z[i].max()), 2)}
    return focus


def _other_question(focus, current):
    """The other question the utterance speaks to: most of its clauses nearer that question's key points than to
    any other's, clearly (``OTHER_Z``: a z-score just over the judge's threshold is no more than a shared word),
    and much more than to the current question's."""
    if current is None or not focus:
        return None
    here = focus.get(current.id, {}).get("focus", 0.0)
    best = max((qid for qid in focus if qid != current.id), key=lambda qid: focus[qid]["focus"], default=None)
    if best is None:
        return None
    if focus[best]["focus"] >= OTHER_FOCUS and focus[best]["focus"] >= here + OTHER_MARGIN and \
            focus[best]["z"] >= OTHER_Z:
        return best
    return None


# -- the judgement -------------------------------------------------------------------------------------------------

def judge(utterance, job, current_question_id=None, earlier=(), lang=None, previous=None, embedder=None):
    """Coverage, competencies and hints after one utterance.

    ``utterance``: this utterance's segments (absolute times; ``words`` optional); ``earlier``: the session's
    earlier segments, each with the ``question_id`` HR had selected; ``job``: the payload's job (questions with
    ids, key points and competency ids; competencies); ``previous``: optional ``{"coverage", "competencies"}``
    as Odoo holds them so far (same shapes as the result's) — what was covered stays covered.
    Returns ``{"coverage", "competencies", "hints", "focus"}``."""
    questions, competency_ids, terms = parse_job(job)
    utterance = parse_segments(utterance, "utterance segments", question_ids=False)
    earlier = parse_segments(list(earlier), "session segments")
    by_id = {q.id: q for q in questions}
    current = by_id.get(current_question_id)
    said_text = " ".join(s["text"] for s in earlier + utterance)
    lang = detect_language(said_text, lang if lang in ("zh", "en") else job.get("lang"))
    embedder = _remembering(embedder or embedder_for())

    said = collections.defaultdict(list)
    for seg in earlier:
        if seg["question_id"] in by_id:
            said[seg["question_id"]].append(seg)
    if current is not None:
        said[current.id] = sorted(said[current.id] + utterance, key=lambda s: (s["start"], s["end"]))
    states = {qid: _question_state(by_id[qid], segs, lang, terms, embedder) for qid, segs in said.items() if segs}
    states = _with_previous(states, by_id, (previous or {}).get("coverage"), earlier + utterance, lang)

    coverage = []
    if current is not None:
        state = states.get(current.id) or _nothing_said(current)
        coverage.append({"question_id": current.id, "key_points": [dict(kp) for kp in state["key_points"]]})
    competencies = _competencies(questions, competency_ids, states, (previous or {}).get("competencies"),
                                 earlier + utterance, lang)
    focus = question_focus(utterance, questions, lang, terms, embedder, current.id) if utterance and current \
        else {}
    hints = _hints(current, questions, competency_ids, states, competencies, _other_question(focus, current))
    return {"coverage": coverage, "competencies": competencies, "hints": hints, "focus": focus}


def _nothing_said(question):
    return {"key_points": [{"text": k, "covered": False, "partial": False, "quote": None, "start": None,
                            "end": None} for k in question.key_points],
            "result": False, "figure": False, "seconds": 0.0}


def _in_session(quote, segments, lang):
    sep = "" if lang == "zh" else " "
    return isinstance(quote, str) and bool(quote) and quote in sep.join(s["text"] for s in segments)


def _with_previous(states, by_id, previous, segments, lang):
    """The states with what Odoo already holds: a key point covered (or partly) before stays so, with its
    quote when that is still in the session transcript."""
    if not isinstance(previous, list):
        return states
    out = dict(states)
    for item in previous:
        if not isinstance(item, dict) or item.get("question_id") not in by_id or not isinstance(
                item.get("key_points"), list):
            continue
        qid = item["question_id"]
        state = out.get(qid) or _nothing_said(by_id[qid])
        before = {kp.get("text"): kp for kp in item["key_points"] if isinstance(kp, dict)}
        points = []
        for kp in state["key_points"]:
            old = before.get(kp["text"]) or {}
            kp = dict(kp)
            if (old.get("covered") and not kp["covered"]) or (old.get("partial") and not (kp["covered"]
                                                                                          or kp["partial"])):
                kp["covered"] = kp["covered"] or bool(old.get("covered"))
                kp["partial"] = not kp["covered"] and bool(old.get("partial"))
                known = _in_session(old.get("quote"), segments, lang) and _number(old.get("start")) and _number(
                    old.get("end"))
                kp.update(quote=old["quote"] if known else kp["quote"], start=old["start"] if known else kp["start"],
                          end=old["end"] if known else kp["end"])
            points.append(kp)
        out[qid] = dict(state, key_points=points)
    return out


def _competencies(questions, competency_ids, states, previous, segments, lang):
    before = {c.get("id"): c for c in previous if isinstance(c, dict)} if isinstance(previous, list) else {}
    out = []
    for cid in competency_ids:
        found = None
        for q in questions:
            if cid not in q.competency_ids or q.id not in states:
                continue
            found = next((kp for kp in states[q.id]["key_points"] if kp["covered"]), None)
            if found:
                found = dict(found, question_id=q.id)
                break
        item = {"id": cid, "covered": bool(found), "quote": found["quote"] if found else None,
                "start": found["start"] if found else None, "end": found["end"] if found else None,
                "question_id": found["question_id"] if found else None,
                "key_point": found["text"] if found else None}
        old = before.get(cid) or {}
        if not found and old.get("covered"):  # covered once, covered for the session
            known = _in_session(old.get("quote"), segments, lang) and _number(old.get("start")) and _number(
                old.get("end"))
            item.update(covered=True, quote=old["quote"] if known else None, start=old["start"] if known else None,
                        end=old["end"] if known else None, question_id=old.get("question_id"),
                        key_point=old.get("key_point"))
        out.append(item)
    return out


def _share(state, question):
    """0-1: how much of a question's key points was heard (partly: half)."""
    if not question.key_points:
        return 1.0 if state else 0.0
    if not state:
        return 0.0
    return sum(1.0 if kp["covered"] else 0.5 if kp["partial"] else 0.0 for kp in state["key_points"]) / len(
        state["key_points"])


def _follow_up(current, questions, competency_ids, states):
    """The question to ask next: one (not the current one, not fully heard) that measures the least covered
    competency — of its questions the least heard, never asked first, HR's order breaking ties; without
    competencies, the least heard question."""
    open_questions = [q for q in questions if (current is None or q.id != current.id)
                      and _share(states.get(q.id), q) < 1.0]
    if not open_questions:
        return None
    order = {q.id: i for i, q in enumerate(questions)}

    def least_heard(candidates):
        return min(candidates, key=lambda q: (_share(states.get(q.id), q), q.id in states, order[q.id]))

    degrees = []
    for rank, cid in enumerate(competency_ids):
        measuring = [q for q in questions if cid in q.competency_ids]
        candidates = [q for q in open_questions if cid in q.competency_ids]
        if candidates:
            points = sum(max(len(q.key_points), 1) for q in measuring)
            heard = sum(_share(states.get(q.id), q) * max(len(q.key_points), 1) for q in measuring)
            degrees.append((heard / points, rank, candidates))
    if degrees:
        return least_heard(min(degrees, key=lambda d: d[:2])[2]).id
    return least_heard(open_questions).id


def _hints(current, questions, competency_ids, states, competencies, other):
    hints = []
    if current is not None:
        state = states.get(current.id) or _nothing_said(current)
        if other is not None:
            hints.append({"code": "other_question", "question_id": current.id,
                          "params": {"other_question_id": other}})
        done = all(kp["covered"] or kp["partial"] for kp in state["key_points"]) and state["result"]
        if state["seconds"] >= STORY_SECONDS and not done:
            missing = [kp for kp in state["key_points"] if not kp["covered"] and not kp["partial"]] + [
                kp for kp in state["key_points"] if kp["partial"]]
            if missing:
                hints.append({"code": "key_point_missing", "question_id": current.id,
                              "key_point": missing[0]["text"]})
            if not state["result"]:
                hints.append({"code": "no_result_yet", "question_id": current.id})
            if not state["figure"]:
                hints.append({"code": "no_figure_yet", "question_id": current.id})
        ask = _follow_up(current, questions, competency_ids, states) if done else None
    else:
        ask = _follow_up(None, questions, competency_ids, states)
    if ask is not None:
        hints.append({"code": "follow_up", "question_id": ask})
    return hints[:MAX_HINTS]


# -- speech --------------------------------------------------------------------------------------------------------

def _speech(segment):
    """A segment worth keeping: words, no repetition loop, not what Whisper takes for no speech with unsure
    words (noise, music, a cough heard as a phrase)."""
    if not any(ch.isalnum() for ch in segment["text"]) or is_loop(segment):
        return False
    words = segment.get("words") or []
    unsure = not words or sum(w["p"] for w in words) / len(words) < UNSURE_WORDS
    return not (segment.get("no_speech_prob", 0.0) > NO_SPEECH_PROB and unsure)


def _shifted(segment, offset, duration):
    def at(t):
        return round(offset + min(max(float(t), 0.0), duration), 2)

    words = [{"start": at(w["start"]), "end": at(w["end"]), "word": w["word"], "p": round(float(w["p"]), 3)}
             for w in segment.get("words") or []]
    return {"start": at(segment["start"]), "end": at(segment["end"]), "text": segment["text"], "words": words}


def transcribe_utterance(samples, transcriber, lang=None, offset=0.0, short_window=True):
    """``{"language", "segments", "text", "no_speech", "confidence", "duration"}`` of one utterance's 16 kHz
    samples; times shifted by ``offset`` (the utterance's start in the call) and kept inside the utterance.
    ``short_window``: see ``Transcriber.transcribe_utterance``."""
    stats = audio_stats(samples)
    duration = stats["duration"]
    lang = lang or None
    if duration < MIN_UTTERANCE_SECONDS or stats["rms_dbfs"] < SILENCE_DBFS:
        return {"language": lang, "segments": [], "text": "", "no_speech": True, "confidence": 0.0,
                "duration": duration}
    asr = transcriber.transcribe_utterance(samples, language=lang, short_window=short_window)
    language = asr.get("language") or lang
    segments = [_shifted(s, offset, duration) for s in asr["segments"] if _speech(s)]
    return {"language": language, "segments": segments, "text": joined_text(segments, language),
            "no_speech": not segments, "confidence": asr.get("confidence", 0.0), "duration": duration}


# -- the payload and the whole result ------------------------------------------------------------------------------

def parse_payload(payload):
    """The parts of a ``live_chunk`` payload the worker uses, checked; InvalidInput otherwise."""
    if not isinstance(payload, dict):
        raise InvalidInput("the live_chunk payload must be an object")
    if payload.get("schema") not in (None, PAYLOAD_SCHEMA):
        raise InvalidInput(f"unknown live_chunk payload schema {payload.get('schema')!r}")
    utterance, session = payload.get("utterance"), payload.get("session") or {}
    if not isinstance(utterance, dict) or not _int_id(utterance.get("id")):
        raise InvalidInput("the live_chunk payload needs an utterance with an integer id")
    offset = utterance.get("offset", 0.0)
    if not _number(offset) or offset < 0:
        raise InvalidInput("the utterance's offset must be a number of seconds >= 0")
    if not isinstance(session, dict):
        raise InvalidInput("the live_chunk session must be an object")
    current = session.get("current_question_id")
    if current is not None and not _int_id(current):
        raise InvalidInput("current_question_id must be an integer or null")
    job = payload.get("job")
    parse_job(job)
    lang = payload.get("lang") or (job.get("lang") if isinstance(job, dict) else None)
    if lang is not None and not isinstance(lang, str):
        raise InvalidInput("lang must be a language code")
    return {"utterance_id": utterance["id"], "offset": float(offset), "media_url": utterance.get("media_url"),
            "lang": lang or None, "current_question_id": current,
            "earlier": parse_segments(session.get("segments") or [], "session segments"), "job": job,
            "previous": {"coverage": session.get("coverage"), "competencies": session.get("competencies")}}


def analyze_utterance(samples, payload, transcriber, embedder=None, timings=None, short_window=True):
    """The ``hr_ai.live_chunk_result/1`` of one utterance: ``payload`` as :func:`parse_payload` returns it,
    ``samples`` its decoded audio. ``timings`` (optional): stages measured before (fetch, decode)."""
    t0 = time.perf_counter()
    asr = transcribe_utterance(samples, transcriber, payload["lang"], payload["offset"], short_window)
    t1 = time.perf_counter()
    if asr["no_speech"]:
        judged = {"coverage": [], "competencies": [], "hints": []}
    else:
        judged = judge(asr["segments"], payload["job"], payload["current_question_id"], payload["earlier"],
                       lang=asr["language"], previous=payload.get("previous"), embedder=embedder)
    t2 = time.perf_counter()
    timings = dict(timings or {}, asr=t1 - t0, judge=t2 - t1)
    timings["total"] = sum(timings.values())
    return {
        "schema": RESULT_SCHEMA,
        "utterance_id": payload["utterance_id"],
        "language": asr["language"],
        "text": asr["text"],
        "segments": asr["segments"],
        "no_speech": asr["no_speech"],
        "coverage": judged["coverage"],
        "competencies": judged["competencies"],
        "hints": judged["hints"],
        "duration": asr["duration"],
        "confidence": asr["confidence"],
        "timings": {k: round(v, 3) for k, v in timings.items()},
        "versions": {"worker": __version__, "asr": _asr_version(transcriber), "judge": JUDGE_VERSION,
                     "rubric": RUBRIC_VERSION,
                     "embedding": (embedder or embedder_for()).name},
    }


def _asr_version(transcriber):
    version = getattr(transcriber, "live_version", None) or getattr(transcriber, "version", None)
    return version() if callable(version) else "unknown"
