"""Speech recognition with faster-whisper. The model is loaded once per process and reused.

One answer goes through three steps:

1. **Speech detection**: faster-whisper's Silero VAD marks where someone speaks (pauses of 0.3 s or
   more split the spans). The speech is grouped into clips; silences of 2 s or more are left out.
2. **First pass**: the clips, laid end to end in windows of up to 30 s, are decoded greedily in batches
   (text only), with word timestamps; segments are cut into sentences at their words.
3. **Recovery**: greedy Whisper sometimes ends a window early and silently drops what follows (often the
   last sentence: the result), or loops on a phrase. Speech the first pass did not cover with recognised
   words, and the time of looping segments, is decoded again with beam search (a little context either
   side, no previous text), and the recovered words are merged in time order without duplicates.
   ``transcribe`` reports what was recovered and how much speech is still not covered.
"""

import contextlib
import math
import os
import threading
import zlib

import numpy as np

from .media import SAMPLE_RATE
from .text import to_simplified

# Pushes Whisper towards simplified characters and punctuation for Mandarin.
_ZH_PROMPT = "以下是普通话的句子，使用简体中文。"

# speech detection (Silero): fine spans, so that a dropped sentence shows as uncovered speech
VAD_OPTIONS = {"threshold": 0.5, "min_silence_duration_ms": 300, "speech_pad_ms": 100,
               "max_speech_duration_s": 28.0}
CLIP_JOIN_GAP = 2.0  # spans closer than this share a clip (faster-whisper's own VAD default)
CLIP_PAD = 0.4  # seconds of audio kept around the speech of a clip
MAX_CLIP = 30.0  # Whisper's window
BATCH_SIZE = 4  # 30 s windows decoded together (8: ~5 % faster, +300 MB)

# recovery
WORD_REACH = 0.3  # a recognised word covers its own time and this much either side (timestamps are approximate)
RECOVERY_JOIN = 1.0  # uncovered pieces closer than this are decoded together
MIN_UNCOVERED = 0.5  # seconds of uncovered speech worth a second look
RECOVERY_CONTEXT = 1.0  # seconds of audio added either side of an uncovered span
RECOVERY_BEAM = 5
RECOVERY_MAX_SECONDS = 60.0  # audio decoded again per answer at most (bounds the cost on noise and music)
RECOVERY_PASSES = 3  # what a recovery pass leaves uncovered is decoded again, at most this many passes in all
LOOP_COMPRESSION = 2.4  # zlib ratio above which a segment is a repetition loop (Whisper's own threshold)
# mean token log-probability below which Whisper itself would decode a segment again (its log_prob_threshold; the
# temperature fallback that would do it is off): the first pass barely followed the speech there
DOUBTFUL_LOGPROB = -1.0

# live utterances: seconds of Whisper's padding the encoder reads after the speech (transcribe_utterance)
LIVE_WINDOW_MARGIN = 2.0


class Transcriber:
    def __init__(self, model, device="auto", compute_type="auto", cpu_threads=0, beam_size=1,
                 vad_filter=True, recover=True):
        self.model_name = str(model)
        self.device = device if device != "auto" else _best_device()
        self.compute_type = compute_type if compute_type != "auto" else (
            "float16" if self.device == "cuda" else "int8")
        self.cpu_threads = cpu_threads or os.cpu_count() or 1
        self.beam_size = beam_size
        self.vad_filter = vad_filter
        self.recover = recover
        self._model = None
        self._lock = threading.Lock()
        self._window_lock = threading.Lock()

    @property
    def model(self):
        with self._lock:
            if self._model is None:
                from faster_whisper import WhisperModel  # heavy import, done once

                self._model = WhisperModel(
                    self.model_name, device=self.device, compute_type=self.compute_type,
                    cpu_threads=self.cpu_threads,
                )
            return self._model

    def version(self):
        name = os.path.basename(self.model_name.rstrip("/"))
        return f"faster-whisper:{name}:{self.compute_type}:beam{self.beam_size}" + (
            f"+recover{RECOVERY_BEAM}" if self.recover else "")

    # -- steps (tests replace these with deterministic fakes) ------------------------------------------------

    def speech_spans(self, samples):
        """(start, end) seconds of speech found by Silero VAD."""
        from faster_whisper.vad import VadOptions, get_speech_timestamps

        return [(s["start"] / SAMPLE_RATE, s["end"] / SAMPLE_RATE)
                for s in get_speech_timestamps(samples, VadOptions(**VAD_OPTIONS))]

    def decode(self, samples, clips, language, beam_size, pack=True):
        """Decode the (start, end) ``clips`` of ``samples`` in batches, with word timestamps; return
        (segments as dicts on the recording's timeline, cut into sentences at their words; language; its
        probability).

        ``pack``: the clips are laid end to end (the silence between them left out) and decoded in windows
        of up to 30 s, as faster-whisper does with its own VAD; otherwise each clip (≤ 30 s) is decoded on
        its own."""
        from faster_whisper import BatchedInferencePipeline

        if pack:
            audio, pieces, windows = _pack(samples, clips)
        else:
            audio, pieces, windows = samples, None, clips
        probability = 1.0
        if not language:  # detected first (the first 30 s of speech), so that Mandarin gets its prompt
            language, probability, _ = self.model.detect_language(audio=audio if pieces else _cut(samples, clips))
        segments_iter, _info = BatchedInferencePipeline(self.model).transcribe(
            audio,
            language=language,
            clip_timestamps=[{"start": a, "end": b} for a, b in windows],
            batch_size=BATCH_SIZE,
            beam_size=beam_size,
            temperature=0.0,  # no temperature fallback: on bad audio it costs minutes, not accuracy
            # text only: segments are cut into sentences from the word timestamps anyway, and without
            # timestamp tokens greedy Whisper ends a window early far less often (no dropped sentence in
            # the 20 Mandarin clips and the 180 s benchmark answers, against 5 with timestamps)
            without_timestamps=True,
            word_timestamps=True,
            initial_prompt=_ZH_PROMPT if language == "zh" else None,
        )
        segments = [_segment_dict(seg) for seg in segments_iter]
        if pieces:
            segments = [_unpack(seg, pieces) for seg in segments]
        segments = [part for seg in segments for part in split_sentences(seg)]
        return segments, language, probability

    def decode_whole(self, samples, language):
        """Sequential decoding of the whole recording (``vad_filter`` off)."""
        segments_iter, info = self.model.transcribe(
            samples, language=language or None, beam_size=self.beam_size, temperature=0.0,
            condition_on_previous_text=False,  # avoids drifting/repeating across 30 s windows
            vad_filter=False, word_timestamps=True, initial_prompt=_ZH_PROMPT if language == "zh" else None,
        )
        segments = [part for seg in segments_iter for part in split_sentences(_segment_dict(seg))]
        return segments, info.language, info.language_probability

    # -- one live utterance ----------------------------------------------------------------------------------

    def live_version(self):
        name = os.path.basename(self.model_name.rstrip("/"))
        return f"faster-whisper:{name}:{self.compute_type}:beam1:live-window{LIVE_WINDOW_MARGIN:g}"

    def transcribe_utterance(self, samples, language=None, short_window=True):
        """One short utterance of a live interview (a few seconds the browser cut at the speaker's pauses), as
        fast as the model goes: decoded greedily in one window (as the first pass of :meth:`transcribe`: text
        only, with word timestamps — no decoding continued into the silence after the speech, where Whisper loops
        on the padding), no VAD (the browser's voice activity already cut it), no previous text, no temperature
        fallback, no recovery pass. Without a language it is detected first (one more encoder pass), so that
        Mandarin gets its prompt.

        ``short_window``: the encoder reads the utterance and ``LIVE_WINDOW_MARGIN`` seconds of the padding, not
        Whisper's whole 30 s window (its cost grows faster than the window: a 6 s utterance costs ~0.4 CPU seconds
        instead of ~1.3 here; the transcripts of the evaluation speech cut into utterances were as good in Mandarin
        — character error 0.073 against 0.074 — and a little worse in English: 0.065 against 0.036).

        Returns ``{"language", "segments", "confidence"}``; segments (sentences, simplified Chinese) with
        ``start``/``end``/``text``/``words``/``avg_logprob``/``no_speech_prob``, times from the utterance's
        start."""
        duration = len(samples) / SAMPLE_RATE
        if not language:
            language, _prob, _all = self.model.detect_language(audio=samples)
        clips = _split((0.0, duration), MAX_CLIP)
        if short_window and duration + LIVE_WINDOW_MARGIN < MAX_CLIP:
            frames = min(3000, math.ceil(duration + LIVE_WINDOW_MARGIN) * 100)
            with self._encoder_window(frames):
                segments, language, _prob = self.decode(samples, clips, language, 1, pack=False)
        else:
            segments, language, _prob = self.decode(samples, clips, language, 1, pack=False)
        if language == "zh":
            segments = [_simplified(s) for s in segments]
        return {"language": language, "segments": segments, "confidence": _confidence(segments)}

    @contextlib.contextmanager
    def _encoder_window(self, frames):
        """Within the block the model's encoder reads at most ``frames`` mel frames of each (padded) window."""
        model = self.model
        with self._window_lock:
            own = vars(model).get("encode")  # None: the class's method
            encode = model.encode
            model.encode = lambda features: encode(features[..., :frames] if features.shape[-1] > frames
                                                   else features)
            try:
                yield
            finally:
                if own is None:
                    del model.encode
                else:
                    model.encode = own

    # -- the whole ------------------------------------------------------------------------------------------

    def transcribe(self, samples, language=None):
        """Transcribe 16 kHz float32 samples; return language, segments with words, confidence, the speech
        time VAD found and what recovery did."""
        duration = len(samples) / SAMPLE_RATE
        speech = self.speech_spans(samples)
        if self.vad_filter:
            clips = speech_clips(speech, duration)
            segments, lang, lang_prob = self.decode(samples, clips, language, self.beam_size) if clips \
                else ([], language, 0.0)
        else:
            segments, lang, lang_prob = self.decode_whole(samples, language)
        lang = language or lang
        segments = [_simplified(s) if lang == "zh" else s for s in segments]
        if self.recover:
            segments, recovery = self._recover(samples, segments, speech, lang, duration)
        else:
            recovery = {"recovered": [], "discarded": [],
                        "uncovered_speech_seconds": uncovered_seconds(speech, segments)}
        recovery["speech_seconds"] = round(sum(b - a for a, b in speech), 2)
        return {
            "language": lang,
            "language_probability": round(float(lang_prob or 0.0), 3),
            "segments": segments,
            "confidence": _confidence(segments),
            "speech_seconds": recovery["speech_seconds"],
            "recovery": recovery,
        }

    def _recover(self, samples, segments, speech, lang, duration):
        """Decode again, with beam search, the speech the first pass dropped, looped on or barely followed
        (:func:`is_doubtful`); merge. A doubtful segment gives way only to a more confident second reading."""
        discarded, doubtful, kept = [], [], []
        for seg in segments:
            (discarded if is_loop(seg) else doubtful if is_doubtful(seg) else kept).append(seg)
        spans, budget, recovered = uncovered_spans(speech, kept), RECOVERY_MAX_SECONDS, []
        # Whisper sometimes starts a clip's text at a later timestamp than the clip (it skips the first sentences,
        # beam search as well): what a pass leaves uncovered is decoded again on its own, while each pass finds
        # words and the budget lasts
        for _ in range(RECOVERY_PASSES):
            clips = _recovery_clips(spans, duration, budget)
            if not clips:
                break
            budget -= sum(b - a for a, b in clips)
            found, _lang, _prob = self.decode(samples, clips, lang, RECOVERY_BEAM, pack=False)
            found = [_simplified(s) if lang == "zh" else s for s in found]
            new = _new_words(found, sorted(kept + recovered, key=lambda s: s["start"]), spans, lang)
            if not new:
                break
            recovered += new
            spans = uncovered_spans(speech, kept + recovered)
        recovered = sorted(recovered, key=lambda s: (s["start"], s["end"]))
        recovered, restored, replaced = _second_reading(doubtful, recovered)
        merged = sorted(kept + restored + recovered, key=lambda s: (s["start"], s["end"]))
        return merged, {
            "recovered": [{"start": s["start"], "end": s["end"], "text": s["text"]} for s in recovered],
            "discarded": [{"start": s["start"], "end": s["end"], "text": s["text"]} for s in discarded + replaced],
            "uncovered_speech_seconds": uncovered_seconds(speech, merged),
        }


# -- speech coverage ----------------------------------------------------------------------------------------


def _recovery_clips(spans, duration, budget):
    """The clips that decode ``spans`` again: each with RECOVERY_CONTEXT seconds either side, never overlapping
    (each stretch of audio decoded once per pass), at most MAX_CLIP long, ``budget`` seconds in all."""
    clips = []
    around = _merge([(max(0.0, a - RECOVERY_CONTEXT), min(duration, b + RECOVERY_CONTEXT)) for a, b in spans])
    for clip in around:
        for part in _split(clip, MAX_CLIP):
            if part[1] - part[0] <= budget:
                clips.append(part)
                budget -= part[1] - part[0]
    return clips


def speech_clips(speech, duration, join_gap=CLIP_JOIN_GAP, pad=CLIP_PAD, max_len=MAX_CLIP):
    """Group speech spans into clips of at most ``max_len`` seconds for decoding: spans less than
    ``join_gap`` apart share a clip, each clip keeps ``pad`` seconds either side, clips never overlap."""
    groups = []
    for start, end in speech:
        if groups and start - groups[-1][1] < join_gap and end - groups[-1][0] + 2 * pad <= max_len:
            groups[-1][1] = end
        else:
            groups.append([start, end])
    clips = []
    for i, (start, end) in enumerate(groups):
        lo = max(0.0, start - pad, (groups[i - 1][1] + start) / 2 if i else 0.0)
        hi = min(duration, end + pad, (end + groups[i + 1][0]) / 2 if i + 1 < len(groups) else duration)
        clips.extend(_split((lo, hi), max_len))
    return [(a, b) for a, b in clips if b - a > 0.05]  # unrounded: a clip never ends after the recording


def _pack(samples, clips, max_len=MAX_CLIP):
    """``clips`` laid end to end: (audio, pieces [(start, end, packed start)] in seconds, windows
    [(start, end)] of at most ``max_len`` seconds in the packed audio)."""
    parts, pieces, windows, pos = [], [], [], 0
    for start, end in clips:
        a, b = int(start * SAMPLE_RATE), min(int(end * SAMPLE_RATE), len(samples))
        if b <= a:
            continue
        parts.append(samples[a:b])
        if windows and (pos + b - a) / SAMPLE_RATE - windows[-1][0] <= max_len:
            windows[-1][1] = (pos + b - a) / SAMPLE_RATE
        else:
            windows.append([pos / SAMPLE_RATE, (pos + b - a) / SAMPLE_RATE])
        pieces.append((a / SAMPLE_RATE, b / SAMPLE_RATE, pos / SAMPLE_RATE))
        pos += b - a
    audio = np.concatenate(parts) if parts else samples[:0]
    return audio, pieces, [tuple(w) for w in windows]


def _cut(samples, clips):
    """The audio of ``clips`` one after the other."""
    parts = [samples[int(a * SAMPLE_RATE):int(b * SAMPLE_RATE)] for a, b in clips]
    return np.concatenate(parts) if parts else samples


def _unpack(segment, pieces):
    """A segment decoded from packed audio, moved back to the recording's timeline (each word by the piece
    its middle falls in)."""
    def place(t, mid):
        start, end, packed = next((p for p in reversed(pieces) if p[2] <= mid), pieces[0])
        return round(min(max(t - packed + start, start), end), 2)

    words = [dict(w, start=place(w["start"], (w["start"] + w["end"]) / 2),
                  end=place(w["end"], (w["start"] + w["end"]) / 2)) for w in segment["words"]]
    if words:
        return dict(segment, start=words[0]["start"], end=words[-1]["end"], words=words)
    return dict(segment, start=place(segment["start"], segment["start"]),
                end=place(segment["end"], segment["end"] - 0.01), words=words)


def _split(clip, max_len):
    start, end = clip
    n = max(1, math.ceil((end - start) / max_len - 1e-9))
    step = (end - start) / n
    return [(start + i * step, start + (i + 1) * step) for i in range(n)]


def _covered(segments, reach=WORD_REACH):
    """Merged (start, end) intervals covered by recognised words (segments without words: their span)."""
    spans = []
    for seg in segments:
        if seg.get("words"):
            spans.extend((w["start"] - reach, w["end"] + reach) for w in seg["words"])
        elif seg.get("text"):
            spans.append((seg["start"], seg["end"]))
    return _merge(spans)


def _merge(spans, join=0.0):
    out = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1] + join:
            out[-1][1] = max(out[-1][1], end)
        else:
            out.append([start, end])
    return [tuple(s) for s in out]


def _subtract(spans, cover):
    """Parts of ``spans`` outside the merged intervals ``cover``."""
    out = []
    for start, end in spans:
        pos = start
        for c0, c1 in cover:
            if c1 <= pos or c0 >= end:
                continue
            if c0 > pos:
                out.append((pos, c0))
            pos = max(pos, c1)
        if pos < end:
            out.append((pos, end))
    return out


def uncovered_spans(speech, segments, join=RECOVERY_JOIN, minimum=MIN_UNCOVERED):
    """(start, end) stretches holding at least ``minimum`` seconds of speech no recognised word covers."""
    pieces = _subtract(speech, _covered(segments))
    groups = []
    for start, end in pieces:
        if groups and start - groups[-1][1] < join:
            groups[-1][1] = end
            groups[-1][2] += end - start
        else:
            groups.append([start, end, end - start])
    return [(round(a, 2), round(b, 2)) for a, b, amount in groups if amount >= minimum]


def uncovered_seconds(speech, segments):
    """Seconds of speech that no recognised word covers."""
    return round(sum(b - a for a, b in _subtract(speech, _covered(segments))), 2)


def is_loop(segment):
    """A repetition loop (我认为你认为我认为…): the text compresses far better than language does."""
    text = segment["text"].strip().encode("utf-8")
    return len(text) >= 24 and len(text) / len(zlib.compress(text)) > LOOP_COMPRESSION


def is_doubtful(segment):
    """Heard with so little confidence that Whisper would decode it again (DOUBTFUL_LOGPROB): over speech it
    could not follow it sometimes writes a fluent sentence of its own ("I really like the fact that I have a lot
    of things to do with the game." stretched over 22 s of an answer about an outage), which covers the time with
    the wrong words."""
    return not segment.get("recovered") and segment.get("avg_logprob", 0.0) < DOUBTFUL_LOGPROB


def _second_reading(doubtful, recovered):
    """(recovered, doubtful segments kept, doubtful segments replaced): each doubtful segment is replaced by the
    second reading of its time when that reading's words are more confident; otherwise it stays and the second
    reading of its time is dropped (nothing is lost when the beam does no better)."""
    restored, replaced = [], []
    for seg in doubtful:
        inside = [r for r in recovered if seg["start"] <= (r["start"] + r["end"]) / 2 <= seg["end"]]
        if inside and _confidence(inside) > _confidence([seg]):
            replaced.append(seg)
        else:
            restored.append(seg)
            recovered = [r for r in recovered if r not in inside]
    return recovered, restored, replaced


def _new_words(found, kept, spans, lang):
    """Segments of the recovery pass reduced to the words inside the uncovered ``spans`` (the context
    around them was recognised already), without loops, silence or text that repeats a neighbour."""
    covered = _covered(kept, reach=0.1)
    reach = [(a - WORD_REACH, b + WORD_REACH) for a, b in spans]  # a word at the edge of a gap belongs to it
    out = []
    for seg in found:
        if is_loop(seg) or (seg["no_speech_prob"] > 0.6 and seg["avg_logprob"] < -1.0):
            continue
        words = [w for w in seg["words"] if _inside((w["start"] + w["end"]) / 2, reach)
                 and not _inside((w["start"] + w["end"]) / 2, covered)]
        words = _trim_repeats(words, kept, lang)
        text = "".join(w["word"] for w in words).strip()
        if not words or not any(ch.isalnum() for ch in text):
            continue
        out.append(dict(seg, start=words[0]["start"], end=words[-1]["end"], text=text, words=words,
                        recovered=True))
    return out


def _inside(t, spans):
    return any(a <= t <= b for a, b in spans)


def _norm(word):
    return "".join(ch for ch in word.lower() if ch.isalnum())


def _trim_repeats(words, kept, lang):
    """Drop leading words that repeat the end of the segment before them, and trailing words that repeat
    the start of the segment after them (context decoded twice, with slightly shifted timestamps)."""
    if not words:
        return words
    before = [s for s in kept if s["end"] <= words[0]["start"] + WORD_REACH]
    after = [s for s in kept if s["start"] >= words[-1]["end"] - WORD_REACH]
    prev = _norm("".join(w["word"] for w in before[-1]["words"])) if before and before[-1].get("words") else ""
    nxt = _norm("".join(w["word"] for w in after[0]["words"])) if after and after[0].get("words") else ""
    min_chars = 2 if lang == "zh" else 3
    for k in range(len(words), 0, -1):
        head = _norm("".join(w["word"] for w in words[:k]))
        if len(head) >= min_chars and prev.endswith(head):
            words = words[k:]
            break
    for k in range(len(words), 0, -1):
        tail = _norm("".join(w["word"] for w in words[-k:]))
        if len(tail) >= min_chars and nxt.startswith(tail):
            words = words[:-k]
            break
    return words


def split_sentences(segment):
    """A segment cut after each word that ends a sentence (。！？.!?;；), times from its words: a window
    decoded as text only comes back as one segment, and evidence quotes are taken per segment."""
    words = segment["words"]
    if len(words) < 2:
        return [segment]
    parts, current = [], []
    for i, word in enumerate(words):
        current.append(word)
        if word["word"].strip().endswith(_SENTENCE_END) and i + 1 < len(words):
            parts.append(current)
            current = []
    parts.append(current)
    parts = [piece for part in parts for piece in _at_pauses(part)]
    if len(parts) == 1:
        return [segment]
    return [dict(segment, start=p[0]["start"], end=p[-1]["end"], text="".join(w["word"] for w in p).strip(),
                 words=p) for p in parts]


_SENTENCE_END = ("。", "！", "？", "!", "?", ".", ";", "；")
LONG_SENTENCE = 12.0  # seconds: a "sentence" this long had no punctuation; it is cut at its pauses
PAUSE = 0.5


def _at_pauses(words):
    if words[-1]["end"] - words[0]["start"] <= LONG_SENTENCE:
        return [words]
    parts, current = [], [words[0]]
    for prev, word in zip(words, words[1:], strict=False):
        if word["start"] - prev["end"] >= PAUSE:
            parts.append(current)
            current = []
        current.append(word)
    parts.append(current)
    return parts


# -- helpers ------------------------------------------------------------------------------------------------


def _segment_dict(seg):
    return {
        "start": round(float(seg.start), 2), "end": round(float(seg.end), 2), "text": seg.text.strip(),
        "avg_logprob": round(float(seg.avg_logprob), 4),
        "no_speech_prob": round(float(seg.no_speech_prob), 4),
        "words": [
            {"start": round(float(w.start), 2), "end": round(float(w.end), 2), "word": w.word,
             "p": round(float(w.probability), 3)}
            for w in (seg.words or [])
        ],
    }


def _simplified(seg):
    return dict(seg, text=to_simplified(seg["text"]),
                words=[dict(w, word=to_simplified(w["word"])) for w in seg["words"]])


def _best_device():
    """cuda when CTranslate2 sees a GPU, else cpu."""
    try:
        import ctranslate2

        return "cuda" if ctranslate2.get_cuda_device_count() > 0 else "cpu"
    except (ImportError, RuntimeError):
        return "cpu"


def _confidence(segments):
    """Duration-weighted mean word probability; 0 when nothing was recognised."""
    total = weight = 0.0
    for seg in segments:
        for word in seg["words"]:
            span = max(word["end"] - word["start"], 0.01)
            total += word["p"] * span
            weight += span
        if not seg["words"] and seg["text"]:
            span = max(seg["end"] - seg["start"], 0.01)
            total += math.exp(seg["avg_logprob"]) * span
            weight += span
    return round(total / weight, 3) if weight else 0.0

