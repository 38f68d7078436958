"""Evaluation of résumé screening against HR grades.

Reads ``evaluation/resumes/jobs.json`` and every ``evaluation/resumes/writer_*.json`` (one split per file), plus
any file given with ``--held-out``; prints per split:

Splits: writer_r1 and writer_r2 are the training splits (their résumés were read while the rules and skill
vocabulary were written and tuned: their figures are optimistic); writer_r3 (written apart by a third writer in
other styles, never read while tuning) is the untouched test split, kept outside this folder and evaluated by
the lead with ``--held-out``: its figures are the honest ones.

- ordering: within each job, the share of résumé pairs of different grades that the score puts in the grades'
  order (ties count half); target ≥ 0.9;
- years: share of résumés with |years of experience − HR's| ≤ 1 (target ≥ 90 %), and the same for relevant years;
- must-haves: share where ``must_have_ok`` equals HR's ``must_haves_met``;
- stuffed ≥ strong: keyword-stuffed résumés scored at or above a strong one of the same job (target 0);
- degree: share where the highest degree found equals HR's;
- baseline: the ordering agreement of plain keyword overlap (share of the job's skill names found in the text).

    python evaluation/evaluate_resumes.py [--held-out FILE ...] [--verbose]
"""

import argparse
import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SPLITS = {"writer_r1": "training", "writer_r2": "training", "writer_r3": "untouched test split"}
sys.path.insert(0, str(HERE.parent / "src"))

from evaluate import ordering  # noqa: E402 (the answer evaluation's pairwise ordering, beside this file)
from hr_ai_analysis_worker.analysis.resume_match import prepare_job, screen_prepared  # noqa: E402


def keyword_overlap(text, job):
    names = [s["name"] if isinstance(s, dict) else s for s in job.get("skills") or []]
    low = text.lower()
    return sum(1 for n in names if n.lower() in low) / max(len(names), 1)


def evaluate(split, jobs, today, verbose=False):
    stats = {"agree": 0.0, "pairs": 0.0, "base_agree": 0.0, "base_pairs": 0.0, "n": 0, "years_ok": 0,
             "relevant_ok": 0, "must_ok": 0, "degree_ok": 0, "stuffed_ge_strong": 0, "seconds": 0.0}
    for job_block in split["jobs"]:
        job = jobs[job_block["id"]]
        prepared = prepare_job(job)
        scored, baseline = [], []
        for resume in job_block["resumes"]:
            started = time.perf_counter()
            result = screen_prepared(resume["text"], prepared, today)
            stats["seconds"] += time.perf_counter() - started
            stats["n"] += 1
            stats["years_ok"] += abs(result["years_experience"] - resume["years_experience"]) <= 1
            stats["relevant_ok"] += abs(result["relevant_years"] - resume["relevant_years"]) <= 1
            stats["must_ok"] += result["must_have_ok"] == resume["must_haves_met"]
            stats["degree_ok"] += result["degree"] == resume["degree"]
            scored.append((resume["grade"], result["score"], resume))
            baseline.append((resume["grade"], keyword_overlap(resume["text"], job)))
            if verbose:
                unmet = [r["name"] for r in result["requirements"] if r["required"] and r["met"] is not True]
                print(f"  {resume['id']:<32} {resume['tag']:<15} grade {resume['grade']} score {result['score']:5.1f}"
                      f"  years {result['years_experience']:4.1f}/{resume['years_experience']:<4}"
                      f" relevant {result['relevant_years']:4.1f}/{resume['relevant_years']:<4}"
                      f" must {result['must_have_ok']!s:5}/{resume['must_haves_met']!s:5} unmet {unmet}")
        agree, pairs = ordering([(g, s) for g, s, _ in scored])
        stats["agree"] += agree
        stats["pairs"] += pairs
        agree, pairs = ordering(baseline)
        stats["base_agree"] += agree
        stats["base_pairs"] += pairs
        strong = [s for g, s, r in scored if r["tag"] == "strong"]
        stats["stuffed_ge_strong"] += sum(1 for g, s, r in scored if r["tag"] == "stuffed" and strong
                                          and s >= min(strong))
    return stats


def report(name, stats):
    n = max(stats["n"], 1)
    print(f"{name}: {stats['n']} résumés")
    print(f"  pairwise ordering agreement  {stats['agree'] / max(stats['pairs'], 1):.3f}  ({stats['pairs']:.0f} pairs;"
          f" target ≥ 0.9)")
    print(f"  keyword-overlap baseline     {stats['base_agree'] / max(stats['base_pairs'], 1):.3f}")
    print(f"  |years error| ≤ 1            {100 * stats['years_ok'] / n:.1f} %  (target ≥ 90 %)")
    print(f"  |relevant years error| ≤ 1   {100 * stats['relevant_ok'] / n:.1f} %")
    print(f"  must-have agreement          {100 * stats['must_ok'] / n:.1f} %")
    print(f"  degree agreement             {100 * stats['degree_ok'] / n:.1f} %")
    print(f"  stuffed ≥ strong             {stats['stuffed_ge_strong']}  (target 0)")
    print(f"  screening time               {1000 * stats['seconds'] / n:.2f} ms a résumé")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--held-out", nargs="*", default=[], help="further split files (never tuned on)")
    parser.add_argument("--verbose", action="store_true", help="one line per résumé")
    args = parser.parse_args(argv)
    folder = HERE / "resumes"
    jobs_file = json.loads((folder / "jobs.json").read_text(encoding="utf-8"))
    jobs = {job["id"]: job for job in jobs_file["jobs"]}
    today = jobs_file.get("today")
    splits = [(f"{p.stem} ({SPLITS.get(p.stem, 'other')})", p) for p in sorted(folder.glob("writer_*.json"))]
    splits += [(f"held-out {Path(p).stem} ({SPLITS.get(Path(p).stem, 'other')})", Path(p)) for p in args.held_out]
    total = None
    for name, path in splits:
        split = json.loads(path.read_text(encoding="utf-8"))
        stats = evaluate(split, jobs, today, args.verbose)
        report(name, stats)
        total = stats if total is None else {key: total[key] + stats[key] for key in total}
    if total and len(splits) > 1:  # ordering pairs stay within a job of a split: the sums are the pooled figures
        report("all graded résumés (training and untouched together)", total)
    return 0


if __name__ == "__main__":
    sys.exit(main())
