"""How the judge orders and how far it moves between voices on the training split, each question scored by
models that never saw it (no test split is read).

    python hr_ai_analysis_worker/evaluation/cv_voices.py --ranker [--cache /tmp/readings]   # ~30 min, then ~5 min

Scores the written training answers and what the speech path heard of the spoken training splits
(evaluate.SPEECH_TRAIN, two voices each) by leave-one-question-out cross-validation and prints the written
answers' ordering agreement (and the situational questions' alone), each voice's agreement, how often a stuffed
answer scored at or above a grade-3 answer to its question (written, and in each voice), the mean and largest
change between the voices (targets >= 0.9, never, <= 3, <= 10 on the untouched split) and the answers that move
most: a way to look at voice stability while choosing settings, without touching the test split. ``--cache``
keeps the readings (the slow part: the embedding model) between runs, one pickle file per split (train.py
--cache reads them too).
"""

import argparse
import collections
import pickle
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from evaluate import (  # noqa: E402
    CORPUS,
    SPEECH_TRAIN,
    TRAIN,
    agreement,
    cross_validated,
    load_graded,
    load_transcripts,
    read_all,
    stuffed_at_or_above,
)


def readings(cache):
    """(written rows, heard rows) of the training split, read; with ``cache`` (a directory) each split's readings
    are kept in their own file there and read back (so a cache stays right when the splits change)."""
    def split_rows(kind, split, load):
        path = Path(cache) / f"{kind}_{split}.pkl" if cache else None
        if path and path.is_file():
            with open(path, "rb") as handle:
                return pickle.load(handle)  # noqa: S301 - a file this script wrote
        rows = read_all(load())
        if path:
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "wb") as handle:
                pickle.dump(rows, handle)
        return rows

    rows = [row for split in TRAIN for row in split_rows(
        "written", split, lambda split=split: load_graded(CORPUS / f"writer_{split}.json", split))]
    heard = [row for split in SPEECH_TRAIN for row in split_rows(
        "heard", split, lambda split=split: load_transcripts(split))]
    return rows, heard


def _figures(scored):
    """[(row, score)] -> (agreement, pairs, times a stuffed answer >= a grade-3 answer, comparisons)."""
    items = [(row["qid"], row["grade"], score) for row, score in scored]
    value, pairs = agreement(items)
    tagged = [(*item, row.get("tag") or "") for item, (row, _) in zip(items, scored, strict=True)]
    bad, total = stuffed_at_or_above(tagged)
    return value, pairs, bad, total


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", help="a directory for the readings, one file per split (written on the first run)")
    parser.add_argument("--ranker", action="store_true", help="a pairwise ranker in place of the linear model's "
                                                               "share (train.py --ranker)")
    parser.add_argument("--top", type=int, default=6, help="name the N answers that move most between the voices")
    args = parser.parse_args(argv)
    if args.cache and Path(args.cache).is_file():
        parser.error("--cache is a directory now (one file per split)")
    rows, heard = readings(args.cache)
    written, spoken = cross_validated(rows, heard=heard, score_heard=True, ranker=args.ranker)
    value, pairs, bad, total = _figures(list(zip(rows, written, strict=True)))
    situational = _figures([(r, s) for r, s in zip(rows, written, strict=True) if r["reading"].situational])[0]
    print(f"written answers (writer_{'+'.join(TRAIN)}): agreement {value:.3f} ({pairs} pairs; situational questions "
          f"{situational:.3f}); stuffed >= a grade-3 answer {bad} of {total}")
    voices = collections.defaultdict(dict)
    for row, score in zip(heard, spoken, strict=True):
        voices[row["id"]][row["voice"]] = (row, score)
    for voice in ("a", "b"):
        value, pairs, bad, total = _figures([v[voice] for v in voices.values() if voice in v])
        print(f"heard, voice {voice} (writer_{'+'.join(SPEECH_TRAIN)}): agreement {value:.3f} ({pairs} pairs); "
              f"stuffed >= a grade-3 answer {bad} of {total}")
    moves = sorted(((abs(v["a"][1] - v["b"][1]), answer) for answer, v in voices.items() if "a" in v and "b" in v),
                   reverse=True)
    deltas = [delta for delta, _ in moves]
    print(f"voice change: mean {sum(deltas) / len(deltas):.2f} points, largest {max(deltas):.1f}; "
          f"> 10 points: {sum(d > 10 for d in deltas)} of {len(deltas)}")
    print("moved most: " + ", ".join(f"{answer} {delta:.1f}" for delta, answer in moves[: args.top]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
