"""Validation of the worker's live chunk result (schema ``hr_ai.live_chunk_result/1``).

What is checked against the session (LIVE_CONTRACT.md): the utterance the result is for, the job's questions,
key points and competencies, the closed vocabulary of hint codes, and every quote, which must occur in the
session's transcript (the earlier utterances and this one). Times are clamped to the utterance (segments) or
to the session so far (evidence). Anything else the worker sends is dropped.
"""

import re

from .result_schema import ResultError, _num

SCHEMA = "hr_ai.live_chunk_result/1"
PAYLOAD_SCHEMA = "hr_ai.live_chunk/1"
HINT_CODES = ("key_point_missing", "no_result_yet", "no_figure_yet", "other_question", "follow_up")
MAX_TEXT = 5000
MAX_QUOTE = 500
MAX_SEGMENTS = 50
MAX_WORDS = 400
MAX_HINTS = 20
_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)


def normalize(text):
    """Letters and digits only, lower case: a quote matches the transcript whatever the spaces and punctuation
    the recogniser put in between (Chinese has no spaces; ASR output sometimes has)."""
    return _NOT_WORD.sub("", text or "").lower()


def _clamp(value, lo, hi):
    return min(max(value, lo), hi)


def _time(value, name, lo, hi):
    """A time in seconds from the start of the call, clamped to [lo, hi]."""
    return round(_clamp(_num(value if value is not None else lo, name), lo, hi), 2)


def _str(value, name, limit):
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ResultError(f"{name} must be a string")
    return value.strip()[:limit]


def _id(value, name, allowed):
    if isinstance(value, bool) or not isinstance(value, int) or value not in allowed:
        raise ResultError(f"{name} is not one of the job's")
    return value


class _Context:
    """What a result is checked against (built by Odoo from the session)."""

    def __init__(self, utterance_id, offset, utterance_end, transcript, questions, competency_ids):
        self.utterance_id = utterance_id
        self.offset = offset
        self.utterance_end = utterance_end
        self.transcript = normalize(transcript)
        self.questions = questions  # {question id: [key point lines]}
        self.competency_ids = set(competency_ids)

    def evidence(self, item, name):
        """(quote, start, end) of an item: the quote must occur in the session's transcript."""
        quote = _str(item.get("quote"), f"{name}.quote", MAX_QUOTE)
        if quote and normalize(quote) not in self.transcript:
            raise ResultError(f"{name}.quote does not occur in the session's transcript")
        if not normalize(quote):
            return "", None, None
        start = _time(item.get("start"), f"{name}.start", 0.0, self.utterance_end)
        end = _time(item.get("end"), f"{name}.end", start, self.utterance_end)
        return quote, start, end


def _objects(items, name, limit=None):
    """(name of the item, item) for each object of the list ``items``, or ResultError naming what is wrong."""
    if not isinstance(items, list) or (limit is not None and len(items) > limit):
        raise ResultError(f"{name} must be a list" + (f" of at most {limit}" if limit is not None else ""))
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            raise ResultError(f"{name}[{i}] is invalid")
        yield f"{name}[{i}]", item


def _segments(items, ctx):
    segments = []
    for sname, seg in _objects(items, "segments", MAX_SEGMENTS):
        start = _time(seg.get("start"), f"{sname}.start", ctx.offset, ctx.utterance_end)
        end = _time(seg.get("end"), f"{sname}.end", start, ctx.utterance_end)
        words = []
        for _wname, word in _objects(seg.get("words") or [], f"{sname}.words", MAX_WORDS):
            w_start = _time(word.get("start"), "word.start", start, end)
            words.append({"start": w_start, "end": _time(word.get("end"), "word.end", w_start, end),
                          "word": _str(word.get("word"), "word.word", 64),
                          "p": round(_num(word.get("p", 1.0), "word.p", 0, 1), 3)})
        segments.append({"start": start, "end": end, "text": _str(seg.get("text"), f"{sname}.text", MAX_TEXT),
                         "words": words})
    return segments


def _coverage(items, ctx):
    coverage = []
    for name, item in _objects(items, "coverage"):
        question_id = _id(item.get("question_id"), f"{name}.question_id", ctx.questions)
        points = []
        for pname, point in _objects(item.get("key_points") or [], f"{name}.key_points"):
            text = _str(point.get("text"), f"{pname}.text", 500)
            if text not in ctx.questions[question_id]:
                raise ResultError(f"{pname}.text is not a key point of the question")
            quote, start, end = ctx.evidence(point, pname)
            # no quote, no coverage: a key point is covered by what the candidate said, nothing else
            covered = bool(point.get("covered")) and bool(quote)
            partial = not covered and bool(point.get("partial")) and bool(quote)
            points.append({"text": text, "covered": covered, "partial": partial, "quote": quote,
                           "start": start, "end": end})
        coverage.append({"question_id": question_id, "key_points": points})
    return coverage


def _competencies(items, ctx):
    lines = []
    for name, item in _objects(items, "competencies"):
        competency_id = _id(item.get("id"), f"{name}.id", ctx.competency_ids)
        quote, start, end = ctx.evidence(item, name)
        lines.append({"id": competency_id, "covered": bool(item.get("covered")) and bool(quote), "quote": quote,
                      "start": start, "end": end})
    return lines


def _hints(items, ctx):
    if not isinstance(items, list) or len(items) > MAX_HINTS:
        raise ResultError(f"hints must be a list of at most {MAX_HINTS}")
    hints = []
    for i, item in enumerate(items):
        name = f"hints[{i}]"
        if not isinstance(item, dict) or item.get("code") not in HINT_CODES:
            raise ResultError(f"{name}.code is not a known hint code")
        code = item["code"]
        question_id = _id(item.get("question_id"), f"{name}.question_id", ctx.questions)
        hint = {"code": code, "question_id": question_id, "key_point": "", "other_question_id": None}
        if code == "key_point_missing":
            hint["key_point"] = _str(item.get("key_point"), f"{name}.key_point", 500)
            if hint["key_point"] not in ctx.questions[question_id]:
                raise ResultError(f"{name}.key_point is not a key point of the question")
        if code == "other_question":
            params = item.get("params") or {}
            if not isinstance(params, dict):
                raise ResultError(f"{name}.params must be an object")
            other = _id(params.get("other_question_id"), f"{name}.params.other_question_id", ctx.questions)
            if other == question_id:
                raise ResultError(f"{name}.params.other_question_id is the question itself")
            hint["other_question_id"] = other
        hint["quote"], hint["start"], hint["end"] = ctx.evidence(item, name)
        hints.append(hint)
    return hints


def validate_live_chunk(result, *, utterance_id, offset, utterance_end, transcript, questions, competency_ids):
    """Return a cleaned copy of a live chunk result or raise :class:`ResultError`.

    ``transcript``: the session's text before this utterance; ``questions``: {question id: [key point lines]}
    of the job; ``utterance_end``: the latest time (s from the start of the call) this utterance can reach.
    """
    if not isinstance(result, dict):
        raise ResultError("result must be an object")
    if result.get("schema") != SCHEMA:
        raise ResultError(f"unknown schema {result.get('schema')!r}")
    if result.get("utterance_id") != utterance_id:
        raise ResultError("utterance_id is not the job's utterance")
    text = result.get("text") or ""
    if not isinstance(text, str) or len(text) > MAX_TEXT:
        raise ResultError(f"text must be a string of at most {MAX_TEXT} characters")
    no_speech = bool(result.get("no_speech")) or not text.strip()
    clean = {
        "schema": SCHEMA,
        "utterance_id": utterance_id,
        "language": _str(result.get("language"), "language", 8),
        "no_speech": no_speech,
        "text": "" if no_speech else text.strip(),
        "segments": [], "coverage": [], "competencies": [], "hints": [],
        "timings": {str(k)[:16]: round(_num(v, f"timings.{k}", 0), 3)
                    for k, v in (result.get("timings") or {}).items() if v is not None},
        "versions": {str(k)[:32]: str(v)[:128] for k, v in (result.get("versions") or {}).items()},
    }
    if no_speech:  # a valid result: nothing was said (no hints)
        return clean
    ctx = _Context(utterance_id, offset, utterance_end, f"{transcript}\n{clean['text']}", questions,
                   competency_ids)
    clean["segments"] = _segments(result.get("segments") or [], ctx)
    clean["coverage"] = _coverage(result.get("coverage") or [], ctx)
    clean["competencies"] = _competencies(result.get("competencies") or [], ctx)
    clean["hints"] = _hints(result.get("hints") or [], ctx)
    return clean
