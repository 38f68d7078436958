"""Speech recognition around Whisper: speech clips, recovery of dropped speech, and when an answer is
insufficient. Fakes stand in for Whisper and the VAD, so these tests are deterministic and fast; the
ones marked ``asr`` run the real model on the committed fixtures."""

import json
import subprocess

import numpy as np
import pytest
from hr_ai_analysis_worker.analysis import asr as asr_mod
from hr_ai_analysis_worker.analysis.asr import (
    Transcriber,
    _pack,
    _unpack,
    is_doubtful,
    is_loop,
    speech_clips,
    split_sentences,
    uncovered_seconds,
    uncovered_spans,
)
from hr_ai_analysis_worker.analysis.pipeline import analyze_file, insufficient_reason

from ..conftest import char_error_rate, write_wav

SENTENCES = [
    (0.2, 4.0, ["I", " led", " the", " support", " team", " of", " twelve", " people."]),
    (4.5, 8.0, [" Customers", " waited", " two", " days", " for", " answers."]),
    (8.6, 12.0, [" I", " built", " a", " ticket", " system", " with", " reminders."]),
    (12.6, 16.0, [" Answer", " time", " dropped", " to", " five", " hours."]),
]


def words(start, end, tokens, p=0.9):
    step = (end - start) / len(tokens)
    return [{"start": round(start + i * step, 2), "end": round(start + (i + 1) * step, 2), "word": tok, "p": p}
            for i, tok in enumerate(tokens)]


def segment(start, end, tokens, p=0.9, no_speech_prob=0.05):
    ws = words(start, end, tokens, p)
    return {"start": start, "end": end, "text": "".join(tokens).strip(), "avg_logprob": -0.2,
            "no_speech_prob": no_speech_prob, "words": ws}


class FakeTranscriber(Transcriber):
    """Whisper and the VAD replaced: the speech is SENTENCES; the greedy first pass returns only the
    segments in ``first_pass`` (it drops the others, as greedy Whisper sometimes does); a beam-search
    decode returns every sentence overlapping the clip it is given, context included."""

    def __init__(self, first_pass, speech=None, beam_p=0.8):
        super().__init__("fake", device="cpu", compute_type="int8")
        self.first_pass = first_pass
        self.beam_p = beam_p
        self.speech = speech or [(s, e) for s, e, _ in SENTENCES]
        self.calls = []

    def speech_spans(self, samples):
        return list(self.speech)

    def decode(self, samples, clips, language, beam_size, pack=True):
        self.calls.append({"clips": clips, "beam_size": beam_size, "pack": pack})
        if beam_size == 1:
            return [dict(s) for s in self.first_pass], language or "en", 0.99
        found = [segment(s, e, toks, p=self.beam_p) for s, e, toks in SENTENCES
                 if any(s < b and e > a for a, b in clips)]
        return found, language or "en", 0.99


def all_segments():
    return [segment(s, e, toks) for s, e, toks in SENTENCES]


SAMPLES = np.zeros(16000 * 17, dtype=np.float32)


def test_dropped_sentence_is_recovered_in_order_without_duplicates():
    first = all_segments()
    fake = FakeTranscriber([first[0], first[1], first[3]])  # the third sentence was dropped
    result = fake.transcribe(SAMPLES, language="en")

    assert [c["beam_size"] for c in fake.calls] == [1, asr_mod.RECOVERY_BEAM]
    (clip,) = fake.calls[1]["clips"]
    assert clip[0] < 8.6 and clip[1] > 12.0, "the uncovered span with a little context"
    assert clip[0] >= 8.6 - asr_mod.RECOVERY_CONTEXT - 0.5 and clip[1] <= 12.0 + asr_mod.RECOVERY_CONTEXT + 0.5
    texts = [s["text"] for s in result["segments"]]
    assert texts == [s["text"] for s in first], "recovered sentence in time order, context not repeated"
    recovered = result["recovery"]["recovered"]
    assert recovered == [{"start": 8.6, "end": 12.0, "text": "I built a ticket system with reminders."}]
    assert result["recovery"]["uncovered_speech_seconds"] == 0
    assert result["recovery"]["speech_seconds"] == pytest.approx(sum(e - s for s, e, _ in SENTENCES), abs=0.01)


def test_nothing_dropped_means_no_second_pass():
    fake = FakeTranscriber(all_segments())
    result = fake.transcribe(SAMPLES, language="en")
    assert len(fake.calls) == 1
    assert result["recovery"]["recovered"] == [] and result["recovery"]["uncovered_speech_seconds"] == 0


def test_dropped_last_sentence_is_recovered():
    first = all_segments()
    fake = FakeTranscriber(first[:3])
    result = fake.transcribe(SAMPLES, language="en")
    assert result["segments"][-1]["text"] == "Answer time dropped to five hours."
    assert [s["start"] for s in result["segments"]] == sorted(s["start"] for s in result["segments"])


class SkippingTranscriber(FakeTranscriber):
    """Beam search that, like Whisper on writer_zd's laptop battery answer (voice b), starts a long clip's text at
    a later timestamp than the clip: it skips the first sentence of a clip longer than 10 s; ``silent`` finds
    nothing at all."""

    def __init__(self, first_pass, silent=False):
        super().__init__(first_pass)
        self.silent = silent

    def decode(self, samples, clips, language, beam_size, pack=True):
        found, lang, prob = super().decode(samples, clips, language, beam_size, pack)
        if beam_size > 1 and (self.silent or sum(b - a for a, b in clips) > 10.0):
            found = [] if self.silent else found[1:]
        return found, lang, prob


def test_what_a_recovery_pass_skips_is_decoded_again_on_its_own():
    first = all_segments()
    fake = SkippingTranscriber([first[3]])  # the first three sentences dropped by the greedy pass
    result = fake.transcribe(SAMPLES, language="en")
    assert [c["beam_size"] for c in fake.calls] == [1, asr_mod.RECOVERY_BEAM, asr_mod.RECOVERY_BEAM]
    assert fake.calls[2]["clips"][0][1] < fake.calls[1]["clips"][0][1], "the second pass decodes what is left"
    assert [s["text"] for s in result["segments"]] == [s["text"] for s in first]
    assert [r["start"] for r in result["recovery"]["recovered"]] == [0.2, 4.5, 8.6]
    assert result["recovery"]["uncovered_speech_seconds"] == 0


def test_recovery_passes_stop_when_a_pass_finds_nothing_new():
    first = all_segments()
    fake = SkippingTranscriber([first[0], first[1], first[3]], silent=True)
    result = fake.transcribe(SAMPLES, language="en")
    assert [c["beam_size"] for c in fake.calls] == [1, asr_mod.RECOVERY_BEAM]
    assert len(result["segments"]) == 3 and result["recovery"]["recovered"] == []
    assert result["recovery"]["uncovered_speech_seconds"] > 3


def test_repetition_loop_is_discarded_and_decoded_again():
    first = all_segments()
    loop = segment(8.6, 12.0, [" I", " think", " you", " think"] * 12)
    assert is_loop(loop) and not any(is_loop(s) for s in first)
    fake = FakeTranscriber([first[0], first[1], loop, first[3]])
    result = fake.transcribe(SAMPLES, language="en")
    assert [d["start"] for d in result["recovery"]["discarded"]] == [8.6]
    assert "I built a ticket system with reminders." in [s["text"] for s in result["segments"]]
    assert not any(is_loop(s) for s in result["segments"])


def _hallucinated(start, end):
    """What greedy Whisper wrote over speech it could not follow (writer_x, voice a): a fluent sentence of its
    own, one word stretched over most of the time, every token unlikely."""
    seg = segment(start, end, [" I", " really", " like", " the", " game."], p=0.08)
    seg["words"][1]["end"] = end - 1.0  # " really" spans most of the segment
    return dict(seg, avg_logprob=-1.66)


def test_a_doubtful_segment_is_decoded_again_and_gives_way_to_a_surer_reading():
    first = all_segments()
    wrong = _hallucinated(8.6, 12.0)
    assert is_doubtful(wrong) and not any(is_doubtful(s) for s in first)
    fake = FakeTranscriber([first[0], first[1], wrong, first[3]])
    result = fake.transcribe(SAMPLES, language="en")
    assert [c["beam_size"] for c in fake.calls] == [1, asr_mod.RECOVERY_BEAM]
    texts = [s["text"] for s in result["segments"]]
    assert texts == [s["text"] for s in first]
    assert [d["text"] for d in result["recovery"]["discarded"]] == ["I really like the game."]
    assert [r["text"] for r in result["recovery"]["recovered"]] == ["I built a ticket system with reminders."]
    assert result["confidence"] > 0.8


def test_a_doubtful_segment_stays_when_the_second_reading_is_no_surer():
    """Nothing is lost: when the beam does no better, the first reading stays and the second is not added."""
    first = all_segments()
    wrong = _hallucinated(8.6, 12.0)
    fake = FakeTranscriber([first[0], first[1], wrong, first[3]], beam_p=0.05)
    result = fake.transcribe(SAMPLES, language="en")
    texts = [s["text"] for s in result["segments"]]
    assert texts == [first[0]["text"], first[1]["text"], "I really like the game.", first[3]["text"]]
    assert result["recovery"]["discarded"] == [] and result["recovery"]["recovered"] == []


def test_recovery_can_be_switched_off():
    first = all_segments()
    fake = FakeTranscriber([first[0], first[1], first[3]])
    fake.recover = False
    result = fake.transcribe(SAMPLES, language="en")
    assert len(fake.calls) == 1 and len(result["segments"]) == 3
    assert result["recovery"]["uncovered_speech_seconds"] == pytest.approx(3.4, abs=0.7)


def test_uncovered_speech_ignores_pauses_and_word_timestamp_jitter():
    segs = all_segments()
    speech = [(s, e) for s, e, _ in SENTENCES]
    assert uncovered_spans(speech, segs) == []
    shifted = [dict(s, words=[dict(w, start=w["start"] + 0.2, end=w["end"] + 0.2) for w in s["words"]]) for s in segs]
    assert uncovered_spans(speech, shifted) == [], "timestamps 0.2 s off are not lost speech"
    assert uncovered_spans(speech, segs[:2]) == [(8.6, 16.0)]  # two sentences 0.6 s apart: one span
    assert uncovered_seconds(speech, segs[:3]) == pytest.approx(3.4, abs=0.01)


def test_speech_clips_never_overlap_and_fit_whisper_windows():
    speech = [(0.5, 3.0), (3.5, 10.0), (14.0, 20.0), (20.5, 48.0), (60.0, 61.0)]
    clips = speech_clips(speech, duration=62.0)
    assert all(b - a <= asr_mod.MAX_CLIP + 1e-6 for a, b in clips)
    assert all(b0 <= a1 for (_, b0), (a1, _) in zip(clips, clips[1:], strict=False))
    for start, end in speech:  # every span of speech lies in one clip
        assert any(a <= start and end <= b for a, b in clips), (start, end, clips)
    assert clips[0][0] == pytest.approx(0.1) and clips[-1][1] == pytest.approx(61.4)


def test_packed_clips_map_back_to_the_recording():
    samples = np.zeros(16000 * 70, dtype=np.float32)
    clips = [(1.0, 11.0), (20.0, 35.0), (50.0, 60.0)]
    audio, pieces, windows = _pack(samples, clips)
    assert len(audio) == 16000 * 35
    assert windows == [(0.0, 25.0), (25.0, 35.0)]  # 10 + 15 s fit a 30 s window, 10 more do not
    seg = segment(12.0, 14.0, [" in", " the", " second", " clip"])  # packed time: second clip starts at 10 s
    back = _unpack(seg, pieces)
    assert back["start"] == pytest.approx(22.0) and back["end"] == pytest.approx(24.0)


def test_segments_are_cut_into_sentences():
    seg = segment(0.0, 6.0, ["我", "负责", "大客户。", "客户", "续约", "了。"])
    parts = split_sentences(seg)
    assert [p["text"] for p in parts] == ["我负责大客户。", "客户续约了。"]
    assert parts[0]["start"] == 0.0 and parts[1]["end"] == 6.0 and parts[1]["start"] == parts[1]["words"][0]["start"]


def test_long_unpunctuated_segment_is_cut_at_its_pauses():
    tokens = [f" w{i}" for i in range(20)]
    seg = segment(0.0, 20.0, tokens)
    seg["words"][9]["end"] = 9.2  # a 0.8 s pause after the tenth word
    parts = split_sentences(seg)
    assert [len(p["words"]) for p in parts] == [10, 10]
    assert split_sentences(segment(0.0, 8.0, tokens[:8])) == [segment(0.0, 8.0, tokens[:8])]  # short: kept


# -- insufficient only when there is nothing to judge ----------------------------------------------------------

STATS = {"duration": 17.0, "rms_dbfs": -20.0, "peak": 0.5}
CONTENT = {"content_tokens": 20}


def asr_result(segments):
    return {"segments": segments, "confidence": asr_mod._confidence(segments), "language": "en"}


def test_confident_words_are_never_insufficient_whatever_no_speech_prob():
    segs = [dict(s, no_speech_prob=0.95) for s in all_segments()]
    assert insufficient_reason(STATS, asr_result(segs), CONTENT) is None


def test_no_confident_words_and_high_no_speech_prob_is_no_speech():
    segs = [segment(s, e, toks, p=0.2, no_speech_prob=0.9) for s, e, toks in SENTENCES]
    assert insufficient_reason(STATS, asr_result(segs), CONTENT) == "no_speech"
    segs = [dict(s, no_speech_prob=0.1) for s in segs]
    assert insufficient_reason(STATS, asr_result(segs), CONTENT) == "low_asr_confidence"


def test_too_little_speech_or_content_is_no_speech():
    one = [segment(0.2, 1.5, [" Yes,", " I", " did."])]
    assert insufficient_reason(STATS, asr_result(one), CONTENT) == "no_speech"
    assert insufficient_reason(STATS, asr_result(all_segments()), {"content_tokens": 2}) == "no_speech"
    assert insufficient_reason(STATS, asr_result([]), CONTENT) == "no_speech"


def test_two_voices_same_words_same_decision():
    """A higher or faster voice lowers word probabilities and raises no_speech_prob; the decision must not
    change while the words are recognised."""
    voice_a = all_segments()
    for scale, nsp in ((0.9, 0.3), (0.7, 0.7), (0.6, 0.9)):
        voice_b = [dict(s, no_speech_prob=nsp, words=[dict(w, p=round(w["p"] * scale, 3)) for w in s["words"]])
                   for s in voice_a]
        assert insufficient_reason(STATS, asr_result(voice_a), CONTENT) is None
        assert insufficient_reason(STATS, asr_result(voice_b), CONTENT) is None, (scale, nsp)


def test_short_keyword_answer_in_a_harder_voice_is_still_judged():
    """'Profiling. Database query. Cache. Latency.' in espeak-ng en-gb at 180 wpm: half its words heard
    wrongly with low probability. It is a weak answer to score, not missing data (the other voice is
    scored)."""
    tokens = [(0.0, 0.58, " profiling,", 0.75), (0.92, 1.16, " later", 0.10), (1.16, 1.44, " most", 0.23),
              (1.44, 1.82, " weary,", 0.41), (2.14, 2.5, " cash", 0.18), (2.5, 3.24, " latency.", 0.87)]
    seg = {"start": 0.0, "end": 3.24, "text": "profiling, later most weary, cash latency.", "avg_logprob": -0.8,
           "no_speech_prob": 0.12, "words": [{"start": a, "end": b, "word": w, "p": p} for a, b, w, p in tokens]}
    stats = dict(STATS, duration=4.0)
    assert insufficient_reason(stats, asr_result([seg]), {"content_tokens": 5}) is None


class CannedTranscriber:
    """Returns a fixed transcript (as Transcriber.transcribe does), whatever the audio."""

    def __init__(self, segments):
        self.segments = segments

    def transcribe(self, samples, language=None):
        return {"language": "en", "language_probability": 1.0, "segments": self.segments,
                "confidence": asr_mod._confidence(self.segments), "speech_seconds": 15.0,
                "recovery": {"recovered": [], "discarded": [], "uncovered_speech_seconds": 0.0,
                             "speech_seconds": 15.0}}

    def version(self):
        return "canned"


def test_confident_answer_with_high_no_speech_prob_is_scored(tmp_path, question_en):
    """The reported case: a strong answer transcribed almost perfectly (word confidence 0.83) in a
    higher-pitched voice, whose Whisper windows carry no_speech_prob > 0.6."""
    path = write_wav(tmp_path / "voice.wav", 0.2 * np.sin(np.linspace(0, 9000, 16000 * 17)))
    segs = [dict(s, no_speech_prob=0.8, words=[dict(w, p=0.83) for w in s["words"]]) for s in all_segments()]
    result = analyze_file(path, question_en, CannedTranscriber(segs), language="en")
    assert result["insufficient"] is False and result["score"] is not None
    assert result["asr_recovery"]["uncovered_speech_seconds"] == 0.0


def test_result_reports_recovery(tmp_path, question_en):
    path = write_wav(tmp_path / "voice.wav", 0.2 * np.sin(np.linspace(0, 9000, 16000 * 17)))
    first = all_segments()
    result = analyze_file(path, question_en, FakeTranscriber([first[0], first[1], first[3]]), language="en")
    assert result["asr_recovery"]["recovered"][0]["text"] == "I built a ticket system with reminders."
    assert "ticket system" in result["transcript"]
    assert [s["start"] for s in result["segments"]] == [0.2, 4.5, 8.6, 12.6]


# -- the real model on the committed fixtures -------------------------------------------------------------------

ONE_KEY_POINT = 55 / 5 + 1  # as in test_pipeline: one of question_zh.json's five key points, plus rounding


@pytest.fixture
def question_zh(data_dir):
    return json.loads((data_dir / "question_zh.json").read_text(encoding="utf-8"))


class DroppingTranscriber(Transcriber):
    """The real model, but the greedy first pass loses everything after ``cut`` seconds, as greedy Whisper
    base did with answer_zh_a.ogg's last sentence on one machine."""

    cut = 13.0

    def decode(self, samples, clips, language, beam_size, pack=True):
        segments, lang, prob = super().decode(samples, clips, language, beam_size, pack)
        if beam_size == self.beam_size:
            segments = [s for s in segments if s["start"] < self.cut]
        return segments, lang, prob


@pytest.mark.asr
def test_real_dropped_last_sentence_is_recovered(data_dir, question_zh, transcriber):
    dropping = DroppingTranscriber(transcriber.model_name, cpu_threads=transcriber.cpu_threads)
    dropping._model = transcriber.model  # the session's loaded model
    full = analyze_file(data_dir / "answer_zh_a.ogg", question_zh, transcriber)
    repaired = analyze_file(data_dir / "answer_zh_a.ogg", question_zh, dropping)

    recovered = repaired["asr_recovery"]["recovered"]
    assert recovered and all(r["start"] >= DroppingTranscriber.cut - 1.0 for r in recovered), recovered
    assert repaired["asr_recovery"]["uncovered_speech_seconds"] <= 1.0
    spoken = (data_dir / "answer_zh.txt").read_text(encoding="utf-8")
    assert char_error_rate(spoken, repaired["transcript"], "zh") <= 0.25
    assert char_error_rate(spoken[-20:], "".join(r["text"] for r in recovered), "zh") <= 0.5  # the last sentence
    assert abs(repaired["score"] - full["score"]) <= ONE_KEY_POINT, (full["score"], repaired["score"])
    dropping.recover = False  # the same loss unrepaired: the test does drop speech
    assert analyze_file(data_dir / "answer_zh_a.ogg", question_zh, dropping)["asr_recovery"][
        "uncovered_speech_seconds"] >= 2.0


@pytest.mark.asr
@pytest.mark.parametrize("voice", ["a", "b"])
def test_real_voices_cover_their_speech(voice, data_dir, question_zh, transcriber):
    result = analyze_file(data_dir / f"answer_zh_{voice}.ogg", question_zh, transcriber)
    assert result["insufficient"] is False, result["insufficient_reason"]
    assert result["asr_recovery"]["uncovered_speech_seconds"] <= 1.0
    assert result["asr_recovery"]["speech_seconds"] >= 10.0


@pytest.mark.asr
def test_real_answer_starting_mid_sentence_is_not_insufficient(data_dir, question_zh, transcriber, tmp_path):
    """A browser recording whose candidate was already speaking: Whisper's no_speech_prob is high on such a
    start (0.70 here), the words are clean."""
    cut = tmp_path / "mid_sentence.ogg"
    subprocess.run(["ffmpeg", "-v", "error", "-ss", "2.3", "-i", str(data_dir / "answer_zh_b.ogg"), "-c:a", "libopus",
                    str(cut)], check=True)
    result = analyze_file(cut, question_zh, transcriber)
    assert result["insufficient"] is False, (result["insufficient_reason"], result["confidence"])
    assert result["score"] is not None


@pytest.mark.asr
def test_real_language_detected_first_so_mandarin_keeps_its_punctuation(data_dir, transcriber):
    """Without a language the Mandarin prompt would be lost, and with it the punctuation the segments are
    cut at."""
    from hr_ai_analysis_worker.analysis.media import decode_audio

    result = transcriber.transcribe(decode_audio(data_dir / "answer_zh_a.ogg"))
    assert result["language"] == "zh" and result["language_probability"] > 0.5
    assert len(result["segments"]) >= 2 and all(s["end"] - s["start"] < 15 for s in result["segments"])
