"""Speech recognition with faster-whisper. The model is loaded once per process and reused."""

import math
import os
import threading

from .text import to_simplified

# Pushes Whisper towards simplified characters and punctuation for Mandarin.
_ZH_PROMPT = "以下是普通话的句子，使用简体中文。"


class Transcriber:
    def __init__(self, model, device="auto", compute_type="auto", cpu_threads=0, beam_size=1,
                 vad_filter=True):
        self.model_name = str(model)
        self.device = device if device != "auto" else _best_device()
        self.compute_type = compute_type if compute_type != "auto" else (
            "float16" if self.device == "cuda" else "int8")
        self.cpu_threads = cpu_threads or os.cpu_count() or 1
        self.beam_size = beam_size
        self.vad_filter = vad_filter
        self._model = None
        self._lock = threading.Lock()

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
        return f"faster-whisper:{name}:{self.compute_type}:beam{self.beam_size}"

    def transcribe(self, samples, language=None):
        """Transcribe 16 kHz float32 samples; return language, segments with words, confidence."""
        segments_iter, info = self.model.transcribe(
            samples,
            language=language or None,
            beam_size=self.beam_size,
            temperature=0.0,  # no temperature fallback: on bad audio it costs minutes, not accuracy
            condition_on_previous_text=False,  # avoids drifting/repeating across 30 s windows
            vad_filter=self.vad_filter,
            word_timestamps=True,
            initial_prompt=_ZH_PROMPT if language == "zh" else None,
        )
        lang = language or info.language
        segments = []
        for seg in segments_iter:
            text = seg.text.strip()
            words = [
                {"start": round(float(w.start), 2), "end": round(float(w.end), 2), "word": w.word,
                 "p": round(float(w.probability), 3)}
                for w in (seg.words or [])
            ]
            if lang == "zh":
                text = to_simplified(text)
                for w in words:
                    w["word"] = to_simplified(w["word"])
            segments.append({
                "start": round(float(seg.start), 2), "end": round(float(seg.end), 2), "text": text,
                "avg_logprob": round(float(seg.avg_logprob), 4),
                "no_speech_prob": round(float(seg.no_speech_prob), 4),
                "words": words,
            })
        return {
            "language": lang,
            "language_probability": round(float(info.language_probability or 0.0), 3),
            "segments": segments,
            "confidence": _confidence(segments),
        }


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
