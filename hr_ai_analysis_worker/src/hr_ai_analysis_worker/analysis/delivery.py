"""Delivery cues: speech rate, pauses, long silences, filler words, loudness stability.

Advisory indicators shown to HR with an explanation; they never enter the content score unless the
company's policy allows it and the candidate gave the separate consent (decided in Odoo). Nothing here
labels emotions or personality.
"""

import re

import numpy as np

from .media import SAMPLE_RATE
from .text import count_phrase

PAUSE_SECONDS = 1.0
LONG_SILENCE_SECONDS = 3.0
FILLERS = {
    "zh": ["嗯", "呃", "额", "那个", "就是说", "然后然后", "这个这个"],
    "en": ["um", "uh", "erm", "you know", "i mean", "like"],
}
# typical ranges for interview answers (characters/min for Chinese, words/min for English)
RATE_RANGE = {"zh": (150, 330), "en": (100, 190)}


def _count_fillers(text, lang):
    text = text.lower()
    counts = {filler: count_phrase(text, filler, lang) for filler in FILLERS.get(lang, FILLERS["en"])}
    return {filler: n for filler, n in counts.items() if n}


def _gaps(segments):
    words = [w for s in segments for w in (s.get("words") or [])]
    if words:
        spans = [(w["start"], w["end"]) for w in words]
    else:
        spans = [(s["start"], s["end"]) for s in segments]
    gaps = []
    for (_s0, e0), (s1, _e1) in zip(spans, spans[1:], strict=False):
        if s1 - e0 >= PAUSE_SECONDS:
            gaps.append((round(e0, 2), round(s1, 2)))
    return gaps, spans


def loudness_stability(samples, speech_spans):
    """Standard deviation (dB) of 0.5 s loudness over the speech; lower is steadier."""
    levels = []
    step = SAMPLE_RATE // 2
    for start, end in speech_spans:
        a, b = int(start * SAMPLE_RATE), int(end * SAMPLE_RATE)
        for i in range(a, max(a + 1, b - step + 1), step):
            frame = samples[i : i + step]
            if len(frame) >= step // 2:
                rms = float(np.sqrt(np.mean(np.square(frame, dtype=np.float64))))
                levels.append(20 * np.log10(max(rms, 1e-6)))
    return round(float(np.std(levels)), 2) if len(levels) >= 2 else 0.0


def analyze_delivery(segments, samples, lang):
    """Advisory delivery indicators of one answer, each with a plain explanation."""
    text = ("" if lang == "zh" else " ").join(s["text"] for s in segments)
    gaps, spans = _gaps(segments)
    if spans:
        speech_seconds = max(spans[-1][1] - spans[0][0], 0.01)
    else:
        speech_seconds = 0.0
    if lang == "zh":
        units = len(re.findall(r"[\u3400-\u9fff]", text))
    else:
        units = len(re.findall(r"[A-Za-z0-9']+", text))
    rate = round(60.0 * units / speech_seconds, 1) if speech_seconds else 0.0
    low, high = RATE_RANGE.get(lang, RATE_RANGE["en"])
    fillers = _count_fillers(text, lang)
    long_silences = [g for g in gaps if g[1] - g[0] >= LONG_SILENCE_SECONDS]
    stability = loudness_stability(samples, spans) if samples is not None and len(spans) else 0.0
    indicators = {
        "speech_rate": {"value": rate, "unit": "chars/min" if lang == "zh" else "words/min",
                        "typical": [low, high], "flag": bool(rate) and not low <= rate <= high},
        "pauses": {"value": len(gaps), "at": gaps[:20]},
        "long_silences": {"value": len(long_silences), "at": long_silences[:20], "flag": bool(long_silences)},
        "fillers": {"value": sum(fillers.values()), "words": fillers,
                    "per_minute": round(60.0 * sum(fillers.values()) / speech_seconds, 1) if speech_seconds else 0.0},
        "loudness_stability_db": {"value": stability, "flag": stability > 8.0},
    }
    indicators["fillers"]["flag"] = bool(indicators["fillers"]["per_minute"] > 6)
    return {"advisory": True, "indicators": indicators}
