import json
import subprocess
import sys

import numpy as np
import pytest
from hr_ai_analysis_worker.analysis.media import audio_stats, decode_audio, sniff_container
from hr_ai_analysis_worker.analysis.pipeline import analyze_file
from hr_ai_analysis_worker.errors import InvalidInput, MediaError, UnsupportedMedia

from ..conftest import char_error_rate, write_wav


def test_sniff_containers():
    assert sniff_container(b"\x1a\x45\xdf\xa3....") == "webm"
    assert sniff_container(b"\x00\x00\x00\x20ftypisom") == "mp4"
    assert sniff_container(b"RIFF\x00\x00\x00\x00WAVEfmt ") == "wav"
    assert sniff_container(b"<html>") is None


def test_decode_counts_samples(tmp_path):
    path = write_wav(tmp_path / "tone.wav", 0.3 * np.sin(np.linspace(0, 2000, 16000 * 3)), rate=16000)
    samples = decode_audio(path)
    stats = audio_stats(samples)
    assert abs(stats["duration"] - 3.0) < 0.05
    assert -15 < stats["rms_dbfs"] < -8


class _NoAsr:
    """Silence must never reach the recogniser."""

    def transcribe(self, *args, **kwargs):
        raise AssertionError("ASR called on silence")

    def version(self):
        return "none"


def test_silence_is_insufficient_not_low(silence_wav):
    result = analyze_file(silence_wav, {"text": "Q", "key_points": ["a"]}, _NoAsr())
    assert result["insufficient"] is True
    assert result["insufficient_reason"] == "silence"
    assert result["score"] is None


def test_very_short_recording_is_insufficient(tmp_path):
    path = write_wav(tmp_path / "blip.wav", 0.3 * np.sin(np.linspace(0, 300, 8000)))
    result = analyze_file(path, {"text": "Q"}, _NoAsr())
    assert (result["insufficient_reason"], result["score"]) == ("too_short_recording", None)


def test_not_media_is_rejected(tmp_path):
    bogus = tmp_path / "x.webm"
    bogus.write_bytes(b"<html>hello</html>")
    with pytest.raises(UnsupportedMedia) as caught:
        analyze_file(bogus, {"text": "Q"}, _NoAsr())
    assert isinstance(caught.value, MediaError)


def test_invalid_question_is_refused_before_decoding(tmp_path):
    bogus = tmp_path / "x.webm"
    bogus.write_bytes(b"<html>hello</html>")
    with pytest.raises(InvalidInput):
        analyze_file(bogus, {"text": "Q", "key_points": "not a list"}, _NoAsr())


@pytest.mark.asr
def test_noise_without_speech_is_insufficient(tmp_path, transcriber):
    rng = np.random.default_rng(7)
    path = write_wav(tmp_path / "noise.wav", 0.05 * rng.standard_normal(16000 * 6))
    result = analyze_file(path, {"text": "Tell us about teamwork", "key_points": ["team"]}, transcriber)
    assert result["insufficient"] and result["score"] is None


# Whisper's int8 output differs between CPUs (and espeak-ng's voice between versions), so the ASR tests
# check properties with a stated tolerance, never an exact transcript or an exact score:
MAX_CER = 0.25  # character error rate against the text that was spoken
MIN_EN_SCORE = 30  # the written English answer scores 48.6 (judge content-3); losing its last sentence costs 17
# the same answer in two voices: one key point of the five in question_zh.json (about 55 / 5 = 11 points) plus
# rounding; a larger gap means more than one word was heard differently
ONE_KEY_POINT = 55 / 5 + 1


def _spoken_hits(result, unspoken):
    hits = {k["text"]: k["hit"] for k in result["key_points"]}
    assert not hits.pop(unspoken), "a key point nobody said is never hit"
    return sum(hits.values()), len(hits)


def _quotes_in_transcript(result):
    for kp in result["key_points"]:
        if kp["hit"]:
            ev = kp["evidence"]
            assert ev["quote"] in result["transcript"] and ev["end"] > ev["start"] >= 0


@pytest.mark.asr
def test_english_answer_end_to_end(english_answer, question_en, data_dir, transcriber):
    result = analyze_file(english_answer, question_en, transcriber, language="en")
    assert result["language"] == "en"
    spoken = (data_dir / "answer_en.txt").read_text(encoding="utf-8")
    assert char_error_rate(spoken, result["transcript"], "en") <= MAX_CER
    hit, _ = _spoken_hits(result, "budget planning")
    assert hit >= 1, result["key_points"]  # of 2, both said mid-answer
    assert sum(result["star"][p]["present"] for p in ("task", "action", "result")) >= 2
    assert result["score"] is not None and result["score"] >= MIN_EN_SCORE
    _quotes_in_transcript(result)


@pytest.mark.asr
def test_cli_analyze_contract(english_answer, data_dir, tmp_path):
    cmd = [sys.executable, "-m", "hr_ai_analysis_worker", "analyze", str(english_answer),
           "--question", str(data_dir / "question_en.json"), "--job", str(data_dir / "job_en.json"), "--compact"]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    for key in ("transcript", "language", "score", "evidence", "key_points", "star", "insufficient", "versions"):
        assert key in out
    assert out["language"] == "en" and isinstance(out["score"], float)

    bad_q = tmp_path / "q.json"
    bad_q.write_text("not json")
    proc = subprocess.run(cmd[:5] + ["--question", str(bad_q)], capture_output=True, text=True, check=False)
    assert proc.returncode == 2 and "question file" in proc.stderr
    bogus = tmp_path / "x.webm"
    bogus.write_bytes(b"<html></html>")
    proc = subprocess.run([sys.executable, "-m", "hr_ai_analysis_worker", "analyze", str(bogus), "--question",
                           str(data_dir / "question_en.json")], capture_output=True, text=True, check=False)
    assert proc.returncode == 4 and "unusable media" in proc.stderr


@pytest.mark.asr
@pytest.mark.parametrize("voice", ["a", "b"])
def test_mandarin_answer_simplified_and_key_points(voice, data_dir, transcriber):
    question = json.loads((data_dir / "question_zh.json").read_text(encoding="utf-8"))
    result = analyze_file(data_dir / f"answer_zh_{voice}.ogg", question, transcriber)
    import zhconv

    assert result["language"] == "zh"
    assert result["transcript"] == zhconv.convert(result["transcript"], "zh-cn"), "simplified characters only"
    spoken = (data_dir / "answer_zh.txt").read_text(encoding="utf-8")
    assert char_error_rate(spoken, result["transcript"], "zh") <= MAX_CER
    hit, of = _spoken_hits(result, "预算控制")
    assert hit >= of - 1, result["key_points"]  # 百分之三十 is in the last sentence, the likeliest to blur
    assert sum(part["present"] for part in result["star"].values()) >= 3
    _quotes_in_transcript(result)


@pytest.mark.asr
def test_same_answer_other_voice_scores_alike(data_dir, transcriber):
    question = json.loads((data_dir / "question_zh.json").read_text(encoding="utf-8"))
    scores = [analyze_file(data_dir / f"answer_zh_{v}.ogg", question, transcriber)["score"] for v in "ab"]
    assert abs(scores[0] - scores[1]) <= ONE_KEY_POINT, scores


@pytest.mark.asr
def test_music_is_insufficient(tmp_path, transcriber):
    t = np.arange(16000 * 8) / 16000
    notes = [261.6, 329.6, 392.0, 523.3]
    melody = np.concatenate([0.3 * np.sin(2 * np.pi * notes[i % 4] * t[:8000]) for i in range(16)])
    path = write_wav(tmp_path / "music.wav", melody)
    result = analyze_file(path, {"text": "Tell us about teamwork", "key_points": ["team"], "lang": "en"}, transcriber)
    assert result["insufficient"] and result["score"] is None
