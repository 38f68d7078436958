"""The evaluation's own honesty: what the judge is trained on, and what a cross-validated figure may have seen."""

import importlib.util
import json
from pathlib import Path

import numpy as np
import pytest

EVALUATION = Path(__file__).parents[2] / "evaluation"


def _load_evaluate():
    spec = importlib.util.spec_from_file_location("hr_ai_evaluate", EVALUATION / "evaluate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def evaluate():
    return _load_evaluate()


def test_the_test_split_is_never_trained_on(evaluate):
    assert evaluate.TEST in evaluate.TESTS and not set(evaluate.TESTS) & set(evaluate.TRAIN)
    assert set(evaluate.SPEECH_TRAIN) <= set(evaluate.TRAIN)
    scorer = json.loads((EVALUATION.parent / "src" / "hr_ai_analysis_worker" / "analysis" / "default_scorer.json")
                        .read_text(encoding="utf-8"))
    assert all(f"writer_{split}" not in scorer["trained_on"] for split in evaluate.TESTS)
    assert all(f"writer_{split}" in scorer["trained_on"] for split in evaluate.TRAIN)
    # trained as cross-validation measured it: the forest's copies and the ranker's ties
    assert "copies of each answer" in scorer["trained_on"] and "taught as a tie" in scorer["trained_on"]
    assert "ranker" in scorer
    # writer_zm and writer_zn are kept unread for the next rounds
    for unread in ("zm", "zn"):
        assert unread not in evaluate.TRAIN + evaluate.TESTS and f"writer_{unread}" not in scorer["trained_on"]


@pytest.mark.parametrize("split", _load_evaluate().SPEECH_TRAIN)  # every spoken training split, as trained on
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
    scores = evaluate.cross_validated(rows, heard=heard)
    assert len(scores) == len(rows)
    assert len(seen) == 3  # one fit per held-out question
    for held, trained in zip(("q1", "q2", "q3"), seen, strict=True):
        assert held not in trained and trained == {"q1", "q2", "q3"} - {held}
    # scoring what was heard too (cv_voices.py): each transcript by the model that left its question out
    seen.clear()
    written, spoken = evaluate.cross_validated(rows, heard=heard, score_heard=True)
    assert written == scores and len(spoken) == len(heard)
    assert len(seen) == 3
    assert all(held not in trained for held, trained in zip(("q1", "q2", "q3"), seen, strict=True))


def test_what_a_voice_changes_is_learnt_from_the_other_questions_only(evaluate, monkeypatch):
    """The forest's copies moved as answers moved between voices, and the ranker's ties (one answer heard in two
    voices), come from the questions a fold trains on: the held-out question's transcripts tell nothing."""
    rows = [{"qid": q, "grade": g, "id": f"{q}-{g}"} for q in ("q1", "q2", "q3") for g in (0, 1, 2, 3)]
    heard = [dict(r, voice=v) for r in rows for v in ("a", "b")]
    from hr_ai_analysis_worker.analysis.scoring import FEATURES, SIGNALS

    width = len(FEATURES + SIGNALS)
    monkeypatch.setattr(evaluate, "features_of",
                        lambda all_rows, params=None: ([[0.1 * r["grade"]] + [0.5] * (width - 1) for r in all_rows],
                                                       [{}] * len(all_rows)))
    seen = []

    def recording(name, real):
        def fit(x, *args):
            others = args[-1]
            seen.append((name, {r["qid"] for r in others}, {others[i]["qid"] for pair in evaluate.voice_pairs(others)
                                                            for i in pair}))
            return real(x, *args)
        return fit

    monkeypatch.setattr(evaluate, "fit_forest", recording("forest", evaluate.fit_forest))
    monkeypatch.setattr(evaluate, "fit_pairwise", recording("ranker", evaluate.fit_pairwise))
    evaluate.cross_validated(rows, heard=heard, ranker=True)
    assert sorted(name for name, _, _ in seen) == ["forest"] * 3 + ["ranker"] * 3
    for _, trained, paired in seen:
        assert len(trained) == 2 and paired == trained  # every trained question's two voices are paired, no other


def test_the_forest_learns_from_copies_moved_as_a_voice_moves_readings(evaluate, monkeypatch):
    """fit_forest: one answer (question and id) heard in two voices is a pair; the forest is fitted on the answers
    and on copies of them, each moved (either way) by the difference of a pair of the same language and kind of
    question, kept within 0-1, the same every time (seeded)."""
    import numpy as np

    class Reading:
        def __init__(self, situational):
            self.situational = situational

    rows = [{"qid": q, "grade": g, "id": f"x{g}", "voice": v, "lang": "en", "reading": Reading(q == "plan")}
            for q in ("past", "plan") for g in (0, 1, 2, 3) for v in ("a", "b")]
    rows.append({"qid": "past", "grade": 2, "id": "written", "lang": "en", "reading": Reading(False)})
    # the same answer id under two questions is two answers
    assert evaluate.voice_pairs(rows) == [(0, 1), (2, 3), (4, 5), (6, 7), (8, 9), (10, 11), (12, 13), (14, 15)]
    # column 0: each pair of the past question moves by its own small step, the plan question's by 0.2;
    # column 1: plan_share-like, 0 for every answer to the past question in both voices
    step = {0: 0.01, 1: 0.02, 2: 0.03, 3: 0.04}
    x = np.array([[0.25 * r["grade"] + (step[r["grade"]] if r.get("voice") == "b" and r["qid"] == "past" else 0.0)
                   + (0.2 if r.get("voice") == "b" and r["qid"] == "plan" else 0.0),
                   (0.5 + (0.2 if r.get("voice") == "b" else 0.0)) if r["qid"] == "plan" else 0.0] for r in rows])
    y = np.array([100 * r["grade"] / 3 for r in rows])
    fitted = []

    class Recorder:
        def fit(self, xx, yy):
            fitted.append((np.array(xx), np.array(yy)))
            return self

    monkeypatch.setattr(evaluate, "forest_model", lambda seed=0, leaf=None: Recorder())
    evaluate.fit_forest(x, y, rows)
    evaluate.fit_forest(x, y, rows)
    (xx, yy), (again, _) = fitted
    assert np.array_equal(xx, again)
    copies = evaluate.VOICE_COPIES
    assert len(xx) == len(x) * (copies + 1) and np.array_equal(xx[: len(x)], x)
    assert np.array_equal(yy, np.tile(y, copies + 1))
    assert xx.min() >= 0.0 and xx.max() <= 1.0
    original = np.tile(x, (copies, 1))
    moved = xx[len(x):] - original
    past = np.tile([r["qid"] == "past" for r in rows], copies)
    clipped = (xx[len(x):, 0] == 0.0) | (xx[len(x):, 0] == 1.0)
    # an answer to the past question moves as a past answer's voices did, and keeps its plan_share at 0
    assert np.all(np.isin(np.round(np.abs(moved[past & ~clipped, 0]), 6), list(step.values())))
    assert len(set(np.round(np.abs(moved[past & ~clipped, 0]), 6))) > 1  # drawn from more than one pair
    assert np.all(xx[len(x):][past, 1] == 0.0)
    # an answer to the situational question moves as those answers' voices did
    assert np.all(np.isclose(np.abs(moved[~past & ~clipped, 0]), 0.2))
    assert (moved[:, 0] > 0).any() and (moved[:, 0] < 0).any()
    # without transcripts in two voices there is nothing to copy
    fitted.clear()
    evaluate.fit_forest(x[-1:], y[-1:], rows[-1:])
    assert len(fitted[0][0]) == 1


def test_a_misheard_word_moves_the_answers_topic_little(evaluate):
    """The topic is read against the question and each key point, in the generic passages' spread: writer_m's
    answers to a short-staffed-shift question, heard in two voices ("short-staffed" heard as "short-fifth" in
    one), moved it by up to 2.3 when it was read against the question alone over a span of 0.005 of cosine."""
    from hr_ai_analysis_worker.analysis.content import read_answer

    heard = {}
    for row in evaluate.load_transcripts("m"):
        if row["id"].startswith("restaurant_assistant_manager_short_staffed_shift_"):
            heard.setdefault(row["id"], {})[row["voice"]] = read_answer(row["segments"], row["question"], row["job"])
    assert len(heard) == 10
    assert any("short-fifth" in voices["a"].transcript for voices in heard.values())
    for voices in heard.values():
        assert abs(voices["a"].topic - voices["b"].topic) < 0.3
