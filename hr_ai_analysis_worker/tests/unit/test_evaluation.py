"""The evaluation's own honesty: what the judge is trained on, and what a cross-validated figure may have seen."""

import importlib.util
import json
from pathlib import Path

import numpy as np
import pytest

EVALUATION = Path(__file__).parents[2] / "evaluation"


@pytest.fixture(scope="module")
def evaluate():
    spec = importlib.util.spec_from_file_location("hr_ai_evaluate", EVALUATION / "evaluate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_test_split_is_never_trained_on(evaluate):
    assert evaluate.TEST not in evaluate.TRAIN
    assert set(evaluate.SPEECH_TRAIN) <= set(evaluate.TRAIN)
    scorer = json.loads((EVALUATION.parent / "src" / "hr_ai_analysis_worker" / "analysis" / "default_scorer.json")
                        .read_text(encoding="utf-8"))
    assert f"writer_{evaluate.TEST}" not in scorer["trained_on"]
    assert all(f"writer_{split}" in scorer["trained_on"] for split in evaluate.TRAIN)
    # writer_l is kept unread for the next round's test split
    for unread in ("l",):
        assert unread not in evaluate.TRAIN + (evaluate.TEST,) and f"writer_{unread}" not in scorer["trained_on"]


@pytest.mark.parametrize("split", ["c", "d", "e", "f", "g", "h", "i", "j"])
def test_transcripts_are_the_training_answers_in_two_voices(evaluate, split):
    rows = evaluate.load_transcripts(split)
    written = evaluate.load_graded(evaluate.CORPUS / f"writer_{split}.json", split)
    assert len(rows) == 2 * len(written)
    assert {r["voice"] for r in rows} == {"a", "b"}
    grades = {(r["qid"], r["grade"]) for r in written}
    assert all((r["qid"], r["grade"]) in grades for r in rows)
    assert all(r["segments"] and all("text" in s for s in r["segments"]) for r in rows)


def test_cross_validation_leaves_out_the_questions_transcripts_too(evaluate, monkeypatch):
    """A held-out question's answers are scored by models that saw neither its written answers nor what the
    speech path heard of them; the heard rows are fitted on, and scored only when asked (the same way)."""
    rows = [{"qid": q, "grade": g} for q in ("q1", "q2", "q3") for g in (0, 1, 2, 3)]
    heard = [dict(r, voice=v) for r in rows for v in ("a", "b")]
    marker = {}  # feature row index -> qid, through the first column
    x = []
    for i, r in enumerate(rows + heard):
        marker[float(i)] = r["qid"]
        x.append([float(i)] + [0.5] * 25)
    monkeypatch.setattr(evaluate, "features_of", lambda all_rows, params=None: (x, [{}] * len(all_rows)))
    seen = []

    class Recorder:
        def fit(self, xx, yy):
            seen.append({marker[float(v)] for v in np.asarray(xx)[:, 0]})
            self.mean = float(np.mean(yy))
            return self

        def predict(self, xx):
            return np.full(len(xx), self.mean)

    monkeypatch.setattr(evaluate, "forest_model", lambda seed=0, leaf=None: Recorder())
    scores = evaluate.cross_validated(rows, heard=heard, smoothing=0.0)  # the recorder is no scikit-learn forest
    assert len(scores) == len(rows)
    assert len(seen) == 3  # one fit per held-out question
    for held, trained in zip(("q1", "q2", "q3"), seen, strict=True):
        assert held not in trained and trained == {"q1", "q2", "q3"} - {held}
    # scoring what was heard too (cv_voices.py): each transcript by the model that left its question out
    seen.clear()
    written, spoken = evaluate.cross_validated(rows, heard=heard, score_heard=True, smoothing=0.0)
    assert written == scores and len(spoken) == len(heard)
    assert len(seen) == 3
    assert all(held not in trained for held, trained in zip(("q1", "q2", "q3"), seen, strict=True))
