"""The transcript as clauses: each one a span of the transcript (so every quote is an exact substring that
starts and ends on a word boundary) with the times it was said, from the ASR segments (and their word
timestamps when present)."""

import bisect
import dataclasses
import re

_ZH_BREAK = "，。！？；：,!?;…"
_EN_BREAK = ",.!?;:…"
_CJK = re.compile(r"[\u3400-\u9fff]")
MAX_ZH_CHARS = 36  # a longer clause without punctuation (some ASR output has none) is cut at a word boundary
MAX_EN_WORDS = 28
MIN_ZH_CHARS = 5  # shorter clauses ("当时，", "嗯，") are joined to the next one
MIN_EN_WORDS = 3


@dataclasses.dataclass
class Clause:
    index: int
    start_char: int  # into the transcript
    end_char: int
    text: str  # transcript[start_char:end_char]
    start: float  # seconds
    end: float


def joined_text(segments, lang):
    """The segments' text as one transcript (Chinese without spaces between segments)."""
    return ("" if lang == "zh" else " ").join(s["text"] for s in segments).strip()


def _char_times(segments, lang):
    """(transcript, start time per character, end time per character)."""
    sep = "" if lang == "zh" else " "
    pieces, starts, ends = [], [], []
    first = True
    for seg in segments:
        text = seg["text"]
        if not first and sep:
            pieces.append(sep)
            starts.append(float(seg["start"]))
            ends.append(float(seg["start"]))
        first = False
        s0, s1 = float(seg["start"]), float(max(seg["end"], seg["start"]))
        n = max(len(text), 1)
        cs = [s0 + (s1 - s0) * i / n for i in range(len(text))]
        ce = [s0 + (s1 - s0) * (i + 1) / n for i in range(len(text))]
        pos = 0
        for word in seg.get("words") or []:  # word timestamps: exact times where the word is found
            w = str(word.get("word", "")).strip()
            if not w:
                continue
            at = text.find(w, pos)
            if at < 0 or at - pos > 40:
                continue
            for i in range(at, at + len(w)):
                cs[i], ce[i] = float(word["start"]), float(word["end"])
            pos = at + len(w)
        pieces.append(text)
        starts += cs
        ends += ce
    transcript = "".join(pieces)
    lead = len(transcript) - len(transcript.lstrip())
    transcript = transcript.strip()
    return transcript, starts[lead: lead + len(transcript)], ends[lead: lead + len(transcript)]


def char_times(segments, lang):
    """(transcript, start time per character, end time per character): the transcript :func:`split_clauses`
    cuts into clauses (the segments joined as :func:`joined_text` does), with the time each character was said
    (from the word timestamps where the segments have them, else spread evenly over the segment)."""
    return _char_times(segments, lang)


def _is_break(text, i, lang):
    ch = text[i]
    if ch in _ZH_BREAK and (_CJK.match(ch) or ch in "，。！？；：…"):
        return True
    if ch in _EN_BREAK:  # latin marks end a clause before a space or the end (not 0.9, not e.g.x)
        return i + 1 == len(text) or text[i + 1].isspace() or _CJK.match(text[i + 1]) is not None
    return False


def _raw_spans(text, lang):
    spans, begin = [], 0
    for i in range(len(text)):
        if _is_break(text, i, lang):
            spans.append((begin, i + 1))
            begin = i + 1
    if begin < len(text):
        spans.append((begin, len(text)))
    return spans


def _trim(text, a, b):
    """Shrink [a, b) to its words: no leading/trailing spaces or punctuation."""
    while a < b and (text[a].isspace() or not (text[a].isalnum() or text[a] in "%$€£¥#")):
        a += 1
    while b > a and (text[b - 1].isspace() or not (text[b - 1].isalnum() or text[b - 1] in "%")):
        b -= 1
    return a, b


# Where a clause starts when speech recognition wrote none of the punctuation: before the words that open a
# clause in narration (然后 / 所以 / 后来 … ; "and then", "so", "because" …)
_ZH_OPENERS = re.compile(r"然后|所以|但是|可是|不过|后来|结果|因为|于是|接着|最后|首先|其次|同时|另外|当时|那时|"
                         r"第二天|之后|我就|我先|我又|我把|我们|他说|她说|客户说")
_EN_OPENERS = re.compile(r"\b(?:and then|and i|and we|so|but|because|then|after that|which|when|afterwards|"
                         r"in the end|the next)\b", re.IGNORECASE)
ZH_CUT_CHARS = 22  # a run without punctuation longer than MAX_ZH_CHARS is cut into clauses of about this size
EN_CUT_WORDS = 16
MIN_PIECE = {"zh": 8, "en": 6}


def _zh_word_starts(text, a, b):
    """Character offsets in [a, b) where a jieba word starts (Chinese is cut between words, never inside one)."""
    from .text import _base_tokenizer

    starts, pos = [], a
    for word in _base_tokenizer().lcut(text[a:b], HMM=False):
        starts.append(pos)
        pos += len(word)
    return starts


def _cut_run(starts, openers, a, b, size, minimum, count):
    """Cut [a, b) at positions from ``starts`` (word starts): before an opener when the piece so far has at
    least ``minimum`` units (``count(x, y)``), else near ``size`` units; never a piece under ``minimum``."""
    out, begin = [], a
    for pos in starts:
        if pos <= begin:
            continue
        done, rest = count(begin, pos), count(pos, b)
        if rest < minimum:
            break
        if (pos in openers and done >= minimum) or done >= size:
            out.append((begin, pos))
            begin = pos
    return out + [(begin, b)]


def _units(text, a, b, lang):
    """Sub-spans of a long clause (speech recognition without punctuation), cut at word boundaries: before a
    word that opens a clause in narration, else every ~22 Chinese characters / 16 English words. Clauses of
    about the size a punctuated transcript has read alike, so the score hardly depends on the punctuation."""
    if lang == "zh":
        if b - a <= MAX_ZH_CHARS:
            return [(a, b)]
        starts = [s for s in _zh_word_starts(text, a, b)
                  if not (text[s - 1].isascii() and text[s - 1].isalnum() and text[s].isascii() and text[s].isalnum())]
        openers = {m.start() + a for m in _ZH_OPENERS.finditer(text[a:b])}
        return _cut_run(starts, openers, a, b, ZH_CUT_CHARS, MIN_PIECE["zh"], lambda x, y: y - x)
    words = [(m.start() + a, m.end() + a) for m in re.finditer(r"\S+", text[a:b])]
    if len(words) <= MAX_EN_WORDS:
        return [(a, b)]
    starts = [w[0] for w in words]
    openers = {m.start() + a for m in _EN_OPENERS.finditer(text[a:b])}
    return _cut_run(starts, openers, a, b, EN_CUT_WORDS, MIN_PIECE["en"],
                    lambda x, y: bisect.bisect_left(starts, y) - bisect.bisect_left(starts, x))


def _size(text, lang):
    return len(re.findall(r"[\u3400-\u9fff]|[A-Za-z0-9]+", text)) if lang == "zh" else len(text.split())


def split_clauses(segments, lang):
    """(transcript, [Clause]) for the segments; short clauses are joined to their neighbour."""
    transcript, starts, ends = _char_times(segments, lang)
    spans = []
    for a, b in _raw_spans(transcript, lang):
        for u in _units(transcript, a, b, lang):
            u = _trim(transcript, *u)
            if u[1] > u[0]:
                spans.append(u)
    minimum = MIN_ZH_CHARS if lang == "zh" else MIN_EN_WORDS
    merged = []
    for a, b in spans:
        if merged and _size(transcript[merged[-1][0]: merged[-1][1]], lang) < minimum:
            merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    if len(merged) > 1 and _size(transcript[merged[-1][0]: merged[-1][1]], lang) < minimum:
        last = merged.pop()
        merged[-1] = (merged[-1][0], last[1])
    clauses = []
    for i, (a, b) in enumerate(merged):
        tail = b  # the time runs over the punctuation that closes the clause ("process." ends when "." does)
        while tail < len(transcript) and not transcript[tail].isalnum() and not transcript[tail].isspace():
            tail += 1
        clauses.append(Clause(i, a, b, transcript[a:b], round(starts[a], 2), round(ends[tail - 1], 2)))
    return transcript, clauses


def span_evidence(transcript, clauses, first, last=None):
    """``{quote, start, end}`` of clauses ``first..last`` (inclusive): an exact passage of the transcript."""
    last = first if last is None else last
    a, b = clauses[first].start_char, clauses[last].end_char
    return {"quote": transcript[a:b], "start": clauses[first].start, "end": clauses[last].end}
