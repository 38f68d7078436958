"""Train the default answer scorer on the training split of the graded corpus (writer_a + writer_b).

    python hr_ai_analysis_worker/evaluation/train.py            # fit the weights, write default_scorer.json
    python hr_ai_analysis_worker/evaluation/train.py --search   # first print the grid of judge parameters

writer_c.json (the test split) and eval-dev are never read here. ``--search`` prints the cross-validated
(leave one question out) agreement for a small grid of the judge's parameters (content.PARAMS); the chosen
values are written into content.PARAMS by hand. The weights are then fitted (non-negative Ridge, target
= grade x 100 / 3) on all training answers and saved as JSON with the cross-validated error (``residual``,
used for the certainty).
"""

import argparse
import itertools
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from evaluate import CORPUS, agreement, cross_validated, features_of, load_graded, read_all  # noqa: E402

OUT = Path(__file__).parents[1] / "src" / "hr_ai_analysis_worker" / "analysis" / "default_scorer.json"
GRID = {"sem_z0": [1.5, 2.0, 2.5], "sem_scale": [0.3, 0.5], "gate_floor": [0.2, 0.3], "disc": [0.5, 1.0],
        "topic_c": [0.3, 0.6], "rel_floor": [0.0, 0.3]}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--search", action="store_true", help="print the CV agreement over a parameter grid")
    parser.add_argument("--out", default=str(OUT))
    parser.add_argument("--alpha", type=float, default=1.0)
    args = parser.parse_args(argv)

    from hr_ai_analysis_worker.analysis.content import RUBRIC_VERSION
    from hr_ai_analysis_worker.analysis.scoring import FEATURES, _version
    from sklearn.linear_model import Ridge

    rows = read_all(load_graded(CORPUS / "writer_a.json", "a") + load_graded(CORPUS / "writer_b.json", "b"))
    grades = [(r["qid"], r["grade"]) for r in rows]
    if args.search:
        results = []
        for values in itertools.product(*GRID.values()):
            params = dict(zip(GRID, values, strict=True))
            scores = cross_validated(rows, params, args.alpha)
            results.append((agreement([(q, g, s) for (q, g), s in zip(grades, scores, strict=True)])[0], params))
        for value, params in sorted(results, key=lambda item: -item[0])[:10]:
            print(f"{value:.3f} {params}")
    scores = cross_validated(rows, None, args.alpha)
    cv, pairs = agreement([(q, g, s) for (q, g), s in zip(grades, scores, strict=True)])
    y = np.array([r["grade"] * 100.0 / 3.0 for r in rows])
    residual = float(np.sqrt(np.mean((np.array(scores) - y) ** 2)))
    x, _ = features_of(rows)
    model = Ridge(alpha=args.alpha, positive=True).fit(np.array(x), y)
    weights = {f: round(float(c), 4) for f, c in zip(FEATURES, model.coef_, strict=True)}
    intercept = round(float(model.intercept_), 4)
    data = {"name": "default", "features": list(FEATURES), "weights": weights, "intercept": intercept,
            "version": _version(weights, intercept, "default"), "samples": len(rows),
            "residual": round(residual, 2), "rubric": RUBRIC_VERSION,
            "trained_on": "evaluation/corpus/writer_a.json + writer_b.json (grade x 100 / 3, non-negative Ridge)",
            "cross_validated_agreement": round(cv, 3)}
    Path(args.out).write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    print(f"cross-validated agreement {cv:.3f} ({pairs} pairs), residual {residual:.1f} points")
    print(json.dumps(data, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
