"""Train the default answer scorer on the training split of the graded corpus (evaluate.TRAIN) and on what the
speech path heard of its spoken splits (evaluate.SPEECH_TRAIN: transcripts/writer_*.json.gz, two voices each).

    python hr_ai_analysis_worker/evaluation/train.py --ranker   # the shipped model: write default_scorer.json
    python hr_ai_analysis_worker/evaluation/train.py --search   # first print the grid of judge parameters
    python hr_ai_analysis_worker/evaluation/train.py --ranker --cache /tmp/readings   # readings kept by cv_voices.py

The untouched splits (evaluate.TESTS: writer_zk.json, writer_zl.json), the next ones (writer_zm.json,
writer_zn.json) and eval-dev are never read here.
``--search`` prints the cross-validated (leave one question out) agreement for a small grid of the judge's
parameters (content.PARAMS); the chosen values are written into content.PARAMS by hand. The models are then fitted
on all training answers (target = grade x 100 / 3) and saved together as JSON: the answer model (extremely
randomised trees over the features and signals, stored as arrays; also fitted on copies of the answers moved as a
voice moves readings, evaluate.fit_forest) with its cross-validated error (``residual``, used for the certainty),
with ``--ranker`` a pairwise ranker (one answer heard in two voices a tie, evaluate.fit_pairwise), and the linear
model (non-negative Ridge over the features, without an intercept: nothing found scores 0) for competency scores
and the LLM judge's adjustments; and the error model (trees from an answer's readings to how far its cross-
validated score was from its grade: the certainty, content._certainty).
"""

import argparse
import itertools
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from cv_voices import readings  # noqa: E402
from evaluate import (  # noqa: E402
    FOREST_LEAF,
    FOREST_WEIGHT,
    SPEECH_TRAIN,
    TIE_WEIGHT,
    TRAIN,
    VOICE_COPIES,
    agreement,
    cross_validated,
    features_of,
    fit_forest,
    fit_pairwise,
    target,
)

OUT = Path(__file__).parents[1] / "src" / "hr_ai_analysis_worker" / "analysis" / "default_scorer.json"
GRID = {"sem_z0": [1.5, 2.0, 2.5], "sem_scale": [0.3, 0.5], "gate_floor": [0.2, 0.3], "disc": [0.5, 1.0],
        "topic_c": [0.3, 0.6], "rel_floor": [0.0, 0.3]}


def error_model_learner():
    """The certainty's learner: trees from an answer's readings to how many points its cross-validated score was
    from its grade (leaves of at least 20 answers: an expected error, not one answer's)."""
    from sklearn.ensemble import ExtraTreesRegressor

    return ExtraTreesRegressor(n_estimators=100, min_samples_leaf=20, random_state=0)


def certainty_cross_validated(x, errors, fitted, scores, residual):
    """How the certainty sorts the written answers, each question's certainty from an error model that never saw
    it (``fitted``: the written rows first, then the heard ones; ``scores``: the written rows' cross-validated
    scores): {"error model" | "four agreements" (the rule for a model without one): (share flagged low
    certainty, ordering agreement of the others)}. Not fully nested: the errors learnt from were measured by answer
    models that had seen the held-out question."""
    from hr_ai_analysis_worker.analysis.content import LOW_CERTAINTY, _certainty, assess, certainty_from_error
    from hr_ai_analysis_worker.analysis.scoring import FEATURES, Scorer

    qids = np.array([r["qid"] for r in fitted])
    expected = np.zeros(len(fitted))
    for qid in dict.fromkeys(qids):
        held = qids == qid
        expected[held] = error_model_learner().fit(x[~held], errors[~held]).predict(x[held])
    written = fitted[: len(scores)]
    plain = Scorer.from_weights({f: 0.0 for f in FEATURES}, 0.0, "features", residual)
    rule = []
    for row, score in zip(written, scores, strict=True):
        found = assess(row["reading"], plain)
        rule.append(_certainty(score, found["breakdown"], found["signals"], found["key_points"], plain))
    out = {}
    for name, certainty in (("error model", [certainty_from_error(e, residual) for e in expected[: len(scores)]]),
                            ("four agreements", rule)):
        low = np.array(certainty) < LOW_CERTAINTY
        kept = [(r["qid"], r["grade"], s) for r, s, flag in zip(written, scores, low, strict=True) if not flag]
        out[name] = (float(low.mean()), agreement(kept)[0])
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--search", action="store_true", help="print the CV agreement over a parameter grid")
    parser.add_argument("--out", default=str(OUT))
    parser.add_argument("--alpha", type=float, default=1.0)
    parser.add_argument("--cache", help="a directory of readings kept by cv_voices.py --cache (the slow part: the "
                                        "embedding model), one file per split; only valid for the same judge code")
    parser.add_argument("--ranker", action="store_true",
                        help="also fit a pairwise ranker (scoring.fit_ranker) for the linear model's share of the "
                             "answer score")
    args = parser.parse_args(argv)

    from hr_ai_analysis_worker.analysis.content import RUBRIC_VERSION
    from hr_ai_analysis_worker.analysis.scoring import FEATURES, SIGNALS, Forest, _version
    from sklearn.linear_model import Ridge

    rows, heard = readings(args.cache)
    grades = [(r["qid"], r["grade"]) for r in rows]
    if args.search:
        results = []
        for values in itertools.product(*GRID.values()):
            params = dict(zip(GRID, values, strict=True))
            scores = cross_validated(rows, params, args.alpha, heard=heard)
            results.append((agreement([(q, g, s) for (q, g), s in zip(grades, scores, strict=True)])[0], params))
        for value, params in sorted(results, key=lambda item: -item[0])[:10]:
            print(f"{value:.3f} {params}")
    scores, heard_scores = cross_validated(rows, None, args.alpha, heard=heard, score_heard=True, ranker=args.ranker)
    cv, pairs = agreement([(q, g, s) for (q, g), s in zip(grades, scores, strict=True)])
    residual = float(np.sqrt(np.mean((np.array(scores) - np.array([target(r) for r in rows])) ** 2)))
    x, _ = features_of(rows + heard)  # fitted on the written answers and on what the speech path heard of them
    x = np.array(x)
    y = np.array([target(r) for r in rows + heard])
    model = Ridge(alpha=args.alpha, positive=True, fit_intercept=False).fit(x[:, : len(FEATURES)], y)
    weights = {f: round(float(c), 4) for f, c in zip(FEATURES, model.coef_, strict=True)}
    intercept = round(float(model.intercept_), 4)
    forest = Forest.from_sklearn(fit_forest(x, y, rows + heard), FEATURES + SIGNALS, FOREST_WEIGHT)
    # the certainty: how far each answer's cross-validated score was from its grade, learnt from its readings
    errors = np.abs(np.array(scores + heard_scores) - y)
    error_model = Forest.from_sklearn(error_model_learner().fit(x, errors), FEATURES + SIGNALS)
    certainty = certainty_cross_validated(x, errors, rows + heard, scores, residual)
    ranker = fit_pairwise(x, rows + heard) if args.ranker else None
    linear_cv, _ = agreement([(q, g, s) for (q, g), s in zip(grades, cross_validated(rows, linear=True, heard=heard),
                                                            strict=True)])
    corpus = " + ".join(f"writer_{split}.json" for split in TRAIN)
    spoken = " + ".join(f"writer_{split}" for split in SPEECH_TRAIN)
    data = {"name": "default", "features": list(FEATURES), "weights": weights, "intercept": intercept,
            "version": _version(weights, intercept, "default", forest, ranker, error_model),
            "samples": len(rows) + len(heard),
            "residual": round(residual, 2), "rubric": RUBRIC_VERSION,
            "trained_on": f"evaluation/corpus/{corpus}, and {spoken} as the speech path transcribed them in two voices "
                          f"(evaluation/transcripts/) (grade x 100 / 3; answer model: 100 extremely randomised "
                          f"trees, leaves of >= {FOREST_LEAF} answers, {FOREST_WEIGHT:.0%} of the score, the rest "
                          "the linear model: non-negative Ridge)"
                          + (f"; the forest also fitted on {VOICE_COPIES} copies of each answer moved as an "
                             "answer of its kind moved between the voices" if VOICE_COPIES else "")
                          + "; an error model (trees, leaves of >= 20 answers) from the readings to the "
                          "cross-validated error, for the certainty",
            "cross_validated_agreement": round(cv, 3), "linear_cross_validated_agreement": round(linear_cv, 3),
            "forest": forest.as_json(), "error_model": error_model.as_json()}
    if ranker is not None:
        data["ranker"] = ranker.as_json()
        data["trained_on"] += "; the linear model's share of the answer score is a pairwise ranker's" + (
            f" (one answer heard in two voices taught as a tie, weight {TIE_WEIGHT})" if TIE_WEIGHT else "")
    Path(args.out).write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"cross-validated agreement {cv:.3f} ({pairs} pairs; linear model {linear_cv:.3f}), residual "
          f"{residual:.1f} points")
    for name, (flagged, confident) in certainty.items():
        print(f"low certainty ({name}, cross-validated): {flagged:.0%} of the written answers; the others ordered "
              f"{confident:.3f}")
    print(json.dumps({k: v for k, v in data.items() if k not in ("forest", "error_model")}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
