"""How far the score moves when only the voice changes, from transcripts dumped once (no ASR, no grades).

    python hr_ai_analysis_worker/evaluation/evaluate.py --dump-transcripts /tmp/voices.json   # ASR, ~4 min
    python hr_ai_analysis_worker/evaluation/voice_change.py /tmp/voices.json [--top 8]   # or a .json.gz

Re-scores both voices' transcripts of every answer with the current judge (the same insufficient rules as
the worker) and prints the mean and largest absolute score change (targets <= 3 and <= 10), and, for the
answers that move most, which measures and caps moved. The dump holds no grades: nothing here tells how
good an answer is, only how stable its score is.
"""

import argparse
import gzip
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))


def rescore(entry, voice, embedder, scorer=None):
    from hr_ai_analysis_worker.analysis.content import assess, read_answer
    from hr_ai_analysis_worker.analysis.pipeline import insufficient_reason

    data = entry["voices"][voice]
    asr = data["asr"]
    question = dict(entry["question"], lang=asr["language"] or entry["lang"])
    reading = read_answer(asr["segments"], question, entry["job"], embedder)
    content = assess(reading, scorer)
    stats = dict(data["audio"], duration=data["duration"])
    reason = insufficient_reason(stats, asr, content)
    return (None if reason else content["score"]), content, reading


def print_agreement(rows, corpus):
    """Each voice's ordering agreement with the grades of ``corpus`` (answers matched by their file stem)."""
    from evaluate import agreement, load_graded, stuffed_at_or_above

    grades = {row["id"]: (row["qid"], row["grade"], row["tag"]) for row in load_graded(corpus, "graded")}
    for index, voice in ((2, "a"), (3, "b")):
        graded = [grades[r[1]["id"]] + (r[index],) for r in rows]
        value, pairs = agreement([(qid, grade, score or 0.0) for qid, grade, _, score in graded])
        bad, total = stuffed_at_or_above([(qid, grade, score or 0.0, tag) for qid, grade, tag, score in graded])
        lost = sum(1 for _, grade, _, score in graded if grade >= 2 and score is None)
        print(f"voice {voice}: agreement {value:.3f} ({pairs} pairs); stuffed >= a grade-3 answer {bad} of {total}; "
              f"graded >= 2 but insufficient {lost} of {sum(1 for g in graded if g[1] >= 2)}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dump")
    parser.add_argument("--top", type=int, default=8, help="show the measures of the N answers that move most")
    parser.add_argument("--model", help="a scorer file (default: the shipped one)")
    parser.add_argument("--grades", help="the corpus file the dump was spoken from (e.g. corpus/writer_h.json): "
                                         "also print each voice's agreement with its grades")
    args = parser.parse_args(argv)

    from hr_ai_analysis_worker.analysis.embedding import load_embedder
    from hr_ai_analysis_worker.analysis.scoring import load_scorer

    embedder = load_embedder()
    scorer = load_scorer(args.model)
    blob = Path(args.dump).read_bytes()
    entries = json.loads(gzip.decompress(blob) if args.dump.endswith(".gz") else blob)
    rows = []  # each entry's job carries its terms as Odoo sends them (evaluate.job_of)
    for entry in entries:
        (sa, ca, _), (sb, cb, _) = (rescore(entry, v, embedder, scorer) for v in ("a", "b"))
        rows.append((abs((sa or 0.0) - (sb or 0.0)), entry, sa, sb, ca, cb))
    deltas = [r[0] for r in rows]
    for lang in ("zh", "en"):
        sel = [r[0] for r in rows if r[1]["lang"] == lang]
        if sel:
            print(f"{lang}: {len(sel)} answers, mean |a - b| {sum(sel) / len(sel):.2f}, largest {max(sel):.1f}")
    print(f"voice change: mean |a - b| {sum(deltas) / len(deltas):.2f} points, largest {max(deltas):.1f} "
          f"(targets <= 3, <= 10); > 10 points: {sum(d > 10 for d in deltas)}")
    if args.grades:
        print_agreement(rows, args.grades)
    for delta, entry, sa, sb, ca, cb in sorted(rows, key=lambda r: -r[0])[: args.top]:
        moved = {k: round(cb["breakdown"][k] - ca["breakdown"][k], 2) for k in ca["breakdown"]
                 if abs(cb["breakdown"][k] - ca["breakdown"][k]) >= 0.05}
        caps = {k: (ca[k], cb[k]) for k in ("too_short", "off_topic", "listed_without_substance") if ca[k] != cb[k]}
        kp = [(round(a["coverage"], 2), round(b["coverage"], 2)) for a, b in zip(ca["key_points"], cb["key_points"],
                                                                                  strict=True)]
        print(f"  {entry['id']:<48} {delta:5.1f}  a {sa} b {sb}  moved {moved} caps {caps} key points {kp}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
