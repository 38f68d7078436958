"""One answer from media file to result: decode → ASR → content → result dict.

The result is the JSON contract of ``hr-ai-worker analyze`` and of the worker's submission to
Odoo (schema ``hr_ai.answer_result/1``): see the package README.
"""

import math
import time
from concurrent.futures import ThreadPoolExecutor

import cv2
import numpy as np

from .. import __version__
from .content import analyze_content, check_inputs, joined_text
from .delivery import analyze_delivery
from .errors import UnsupportedMedia
from .media import audio_stats, decode_audio, probe
from .video import analyze_video

SCHEMA = "hr_ai.answer_result/1"
MIN_SPEECH_SECONDS = 2.0
MIN_CONFIDENCE = 0.35
SILENCE_DBFS = -55.0
CONFIDENT_WORD = 0.5  # a word recognised with at least this probability is usable speech
CONFIDENT_SHARE = 0.4  # ... and a transcript with this share of its speech in such words can be judged
NO_SPEECH_PROB = 0.6


def usable_speech(asr):
    """Seconds of speech recognised as words (all of them, and those with probability >= CONFIDENT_WORD);
    segments without word timestamps count by their span and mean token probability (else the transcript's
    confidence, for engines that give neither)."""
    heard = confident = 0.0
    for seg in asr["segments"]:
        words = seg.get("words") or []
        if not words and seg.get("text"):
            p = math.exp(seg["avg_logprob"]) if "avg_logprob" in seg else asr.get("confidence", 0.0)
            words = [{"start": seg["start"], "end": seg["end"], "p": p}]
        for word in words:
            span = max(word["end"] - word["start"], 0.0)
            heard += span
            confident += span if word["p"] >= CONFIDENT_WORD else 0.0
    return {"heard": round(heard, 2), "confident": round(confident, 2)}


def insufficient_reason(stats, asr, content):
    """Why the data cannot support a score, or None. Insufficient data is not a low score.

    Decided on usable speech: words Whisper recognised with adequate probability, their duration and the
    content tokens of the transcript. Whisper's ``no_speech_prob`` (a window-level guess that rises with a
    higher voice or a recording that starts mid-sentence) is consulted only when there are too few
    confident words to judge: it then tells music or noise (no_speech) from unclear speech."""
    if stats["duration"] < MIN_SPEECH_SECONDS:
        return "too_short_recording"
    if stats["rms_dbfs"] < SILENCE_DBFS:
        return "silence"
    speech = usable_speech(asr)
    if not asr["segments"] or speech["heard"] < MIN_SPEECH_SECONDS or content["content_tokens"] < 3:
        return "no_speech"
    if speech["confident"] < min(MIN_SPEECH_SECONDS, CONFIDENT_SHARE * speech["heard"]):
        # words, but hardly any recognised with confidence (a short answer needs a share of them, not 2 s)
        probs = [s.get("no_speech_prob", 0.0) for s in asr["segments"]]
        if sum(probs) / len(probs) > NO_SPEECH_PROB:  # music, noise or another language heard as silence
            return "no_speech"
        return "low_asr_confidence"
    if asr["confidence"] < MIN_CONFIDENCE:
        return "low_asr_confidence"
    return None


def analyze_file(path, question, transcriber, job=None, language=None, max_seconds=600, with_video=True,
                 config_version=None, scorer=None):
    """Analyse one recorded answer. ``question``: {"text", "key_points", "competencies", "lang"};
    ``scorer``: a :class:`~.scoring.Scorer` (``None`` = the default weights)."""
    check_inputs(question, job)  # before the expensive part
    timings = {}
    t0 = time.perf_counter()
    info = probe(path)
    if not info["has_audio"]:
        raise UnsupportedMedia("the recording has no audio stream")
    samples = decode_audio(path, max_seconds=max_seconds)
    stats = audio_stats(samples)
    timings["decode"] = time.perf_counter() - t0

    # video cues run beside ASR (both spend their time in native code that releases the GIL); leaving the
    # block waits for them, also on errors, so the media file outlives every reader
    with ThreadPoolExecutor(max_workers=1) as pool:
        video_future = pool.submit(_timed, analyze_video, path, max_seconds=max_seconds) \
            if info["has_video"] and with_video else None
        asr, content, delivery = _analyze_speech(samples, stats, question, transcriber, job, language, timings,
                                                 scorer)
        try:
            video, timings["video"] = video_future.result() if video_future else (None, 0.0)
        except cv2.error:  # integrity flags are a nice-to-have: never lose the answer over them
            video, timings["video"] = None, 0.0

    reason = insufficient_reason(stats, asr, content)
    transcript = joined_text(asr["segments"], asr["language"])
    return plain({
        "schema": SCHEMA,
        "language": asr["language"] or content["language"],
        "transcript": transcript,
        "segments": [
            {"start": s["start"], "end": s["end"], "text": s["text"]} for s in asr["segments"]
        ],
        "duration": stats["duration"],
        "has_video": info["has_video"],
        "audio": stats,
        "confidence": asr["confidence"],
        "insufficient": reason is not None,
        "insufficient_reason": reason,
        "score": None if reason else content["score"],
        "key_points": content["key_points"],
        "key_points_hit": content["key_points_hit"],
        "star": content["star"],
        "breakdown": content["breakdown"],
        "evidence": content["evidence"],
        "certainty": content["certainty"],
        "low_certainty": content["low_certainty"],
        "content": {k: content[k] for k in ("concreteness", "flow", "relevance", "too_short", "off_topic",
                                             "listed_without_substance", "substance", "certainty",
                                             "low_certainty")},
        "delivery": delivery,
        "video": video,
        "versions": {
            "worker": __version__,
            "asr": transcriber.version(),
            "rubric": content["rubric"],
            "scorer": content["scorer"],
            "embedding": content["embedding_model"],
            **({"config": config_version} if config_version else {}),
        },
        "timings": {k: round(v, 3) for k, v in timings.items()},
        "asr_recovery": asr.get("recovery"),
    })


def _analyze_speech(samples, stats, question, transcriber, job, language, timings, scorer):
    """ASR, then content and delivery analysis of the transcript."""
    t1 = time.perf_counter()
    lang = language or question.get("lang") or (job or {}).get("lang") or None
    if stats["duration"] >= MIN_SPEECH_SECONDS and stats["rms_dbfs"] >= SILENCE_DBFS:
        asr = transcriber.transcribe(samples, language=lang)
    else:
        asr = {"language": lang, "language_probability": 0.0, "segments": [], "confidence": 0.0}
    timings["asr"] = time.perf_counter() - t1

    t2 = time.perf_counter()
    content = analyze_content(asr["segments"], dict(question, lang=asr["language"] or lang), job, scorer)
    timings["content"] = time.perf_counter() - t2

    t3 = time.perf_counter()
    delivery = analyze_delivery(asr["segments"], samples, asr["language"] or content["language"])
    timings["delivery"] = time.perf_counter() - t3
    return asr, content, delivery


def _timed(func, *args, **kwargs):
    start = time.perf_counter()
    return func(*args, **kwargs), time.perf_counter() - start


def plain(obj):
    """The result as plain JSON types (numpy scalars from the models become float/int/bool)."""
    if isinstance(obj, dict):
        return {k: plain(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [plain(v) for v in obj]
    if isinstance(obj, np.generic):
        return obj.item()
    return obj
