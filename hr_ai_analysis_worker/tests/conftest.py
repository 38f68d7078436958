import json
import shutil
import subprocess
import wave
from pathlib import Path

import numpy as np
import pytest

DATA = Path(__file__).parent / "data"


def write_wav(path, samples, rate=16000):
    pcm = (np.clip(samples, -1, 1) * 32767).astype("<i2")
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(pcm.tobytes())
    return path


def char_error_rate(reference, hypothesis, lang):
    """Levenshtein distance over the characters of both texts, normalised the way the analysis compares
    text (simplified Chinese, numbers as digits, lower case) and without spaces or punctuation, divided by
    the reference's length."""
    from hr_ai_analysis_worker.analysis.text import normalize

    ref, hyp = ("".join(ch for ch in normalize(t, lang) if ch.isalnum() or ch == "%") for t in (reference, hypothesis))
    previous = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, start=1):
        current = [i]
        for j, h in enumerate(hyp, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (r != h)))
        previous = current
    return previous[-1] / max(len(ref), 1)


@pytest.fixture
def data_dir():
    return DATA


@pytest.fixture
def silence_wav(tmp_path):
    return write_wav(tmp_path / "silence.wav", np.zeros(16000 * 5, dtype=np.float32))


@pytest.fixture(scope="session")
def english_answer(tmp_path_factory):
    """An English answer spoken by espeak-ng (recognised almost perfectly by Whisper)."""
    if not shutil.which("espeak-ng"):
        pytest.fail("espeak-ng is required (setup/install.sh installs it)")
    text = (DATA / "answer_en.txt").read_text(encoding="utf-8")
    path = tmp_path_factory.mktemp("speech") / "answer_en.wav"
    subprocess.run(["espeak-ng", "-v", "en-us", "-s", "150", "-w", str(path), text], check=True)
    return path


@pytest.fixture(scope="session")
def question_en():
    return json.loads((DATA / "question_en.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def transcriber():
    from hr_ai_analysis_worker.analysis.asr import Transcriber
    from hr_ai_analysis_worker.config import load_config
    from hr_ai_analysis_worker.speech_model import resolve_model

    cfg = load_config(environ={})
    return Transcriber(resolve_model(cfg.model, cfg.model_cache_dir), cpu_threads=2)
