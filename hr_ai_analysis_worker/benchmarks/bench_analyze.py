"""Benchmark: seconds to analyse a 60 s and a 180 s answer, real-time factor, peak memory.

Run: ``python hr_ai_analysis_worker/benchmarks/bench_analyze.py`` (from the venv setup/install.sh
makes). Each answer is a WebM with a VGA 30 fps VP8 track and espeak-ng speech, analysed end to end
(decode + ASR + content + delivery + video); each length runs in its own process so that its peak
memory (max RSS) is its own. Prints figures, asserts nothing.
"""

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

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


def make_speech(seconds, folder, video=True):
    """An answer of ``seconds`` seconds: English speech (sentences cycled) and, by default, a 640x480
    30 fps VP8 video track, like MediaRecorder's WebM."""
    wav = Path(folder) / f"answer_{seconds}s.wav"
    text = []
    while len(" ".join(text)) < seconds * 15:  # ~15 characters per second at 150 wpm
        text.append(SENTENCES[len(text) % len(SENTENCES)])
    raw = Path(folder) / "raw.wav"
    subprocess.run(["espeak-ng", "-v", "en-us", "-s", "150", "-w", str(raw), " ".join(text)], check=True)
    subprocess.run(["sox", "-q", str(raw), "-r", "16000", str(wav), "trim", "0", str(seconds)], check=True)
    if not video:
        return wav
    webm = Path(folder) / f"answer_{seconds}s.webm"
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=640x480:rate=30", "-i", str(wav),
                    "-map", "0:v", "-map", "1:a", "-t", str(seconds), "-c:v", "libvpx", "-deadline", "realtime",
                    "-cpu-used", "8", "-b:v", "800k", "-c:a", "libopus", "-b:a", "32k", str(webm)], check=True)
    return webm


def run_one(path):
    """Child process: analyse one file, print timings and peak memory as JSON."""
    from hr_ai_analysis_worker.analysis.asr import Transcriber
    from hr_ai_analysis_worker.analysis.pipeline import analyze_file
    from hr_ai_analysis_worker.config import load_config
    from hr_ai_analysis_worker.speech_model import resolve_model

    cfg = load_config()
    t0 = time.perf_counter()
    transcriber = Transcriber(resolve_model(cfg.model, cfg.model_cache_dir), device=cfg.device,
                              compute_type=cfg.compute_type, cpu_threads=cfg.cpu_threads,
                              beam_size=cfg.beam_size, vad_filter=cfg.vad_filter)
    transcriber.model  # noqa: B018 - load once, as the worker does at start
    load = time.perf_counter() - t0
    question = {"text": "Tell us about a time you improved customer satisfaction.",
                "key_points": ["training", "ticket system", "answer time", "budget"], "lang": "en"}
    t1 = time.perf_counter()
    result = analyze_file(path, question, transcriber, language="en")
    total = time.perf_counter() - t1
    print(json.dumps({
        "model_load": load, "total": total, "duration": result["duration"], "stages": result["timings"],
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "asr": result["versions"]["asr"], "words": len(result["transcript"].split()),
    }))


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--one":
        run_one(sys.argv[2])
        return
    with tempfile.TemporaryDirectory() as folder:
        print(f"{'answer':>8} {'analyse s':>10} {'RTF':>6} {'decode':>7} {'ASR':>7} {'content':>8} "
              f"{'delivery':>9} {'video':>6} {'load s':>7} {'peak MB':>8}  model")
        for seconds in (60, 180):
            wav = make_speech(seconds, folder)
            out = subprocess.run([sys.executable, __file__, "--one", str(wav)], capture_output=True, text=True,
                                 check=True)
            r = json.loads(out.stdout.strip().splitlines()[-1])
            st = r["stages"]
            print(f"{r['duration']:>7.0f}s {r['total']:>10.2f} {r['total'] / r['duration']:>6.3f} "
                  f"{st['decode']:>7.2f} {st['asr']:>7.2f} {st['content']:>8.2f} {st['delivery']:>9.2f} "
                  f"{st['video']:>6.2f} {r['model_load']:>7.2f} "
                  f"{r['peak_rss_mb']:>8.0f}  {r['asr']}")


if __name__ == "__main__":
    main()
