"""The match model: does an answer answer *this* question rather than the job's other ones (match.py)."""

import json

import numpy as np
import pytest
from hr_ai_analysis_worker.analysis.match import NEUTRAL, MatchModel, fit_match, pair_features, question_text


def _unit(v):
    return v / np.linalg.norm(v, axis=-1, keepdims=True)


def _corpus(seed=0, jobs=6, dim=16):
    """Two questions per job; a good answer lies near its own question, a poor one anywhere."""
    rng = np.random.default_rng(seed)
    questions, answers = {}, []
    for j in range(jobs):
        job = _unit(rng.normal(size=dim))
        for q in range(2):
            qid = f"j{j}:q{q}"
            questions[qid] = _unit(job + 0.8 * _unit(rng.normal(size=dim)))
            for _ in range(6):
                answers.append((qid, f"j{j}", 3, _unit(questions[qid] + 0.5 * _unit(rng.normal(size=dim)))))
            answers.append((qid, f"j{j}", 0, _unit(rng.normal(size=dim))))
    return questions, answers


def test_a_good_answer_reads_as_answering_its_own_question_not_the_jobs_other_one():
    questions, answers = _corpus()
    model = fit_match(answers, questions, "embedder-x", c=1.0)
    test_q, test_a = _corpus(seed=1)  # other jobs, other questions
    own = [model.reading(test_q[qid], vector, "embedder-x") for qid, _job, grade, vector in test_a if grade == 3]
    other = [model.reading(test_q[qid[:-1] + str(1 - int(qid[-1]))], vector, "embedder-x")
             for qid, _job, grade, vector in test_a if grade == 3]
    assert np.mean(own) > np.mean(other) + 0.2
    assert sum(o > e for o, e in zip(own, other, strict=True)) >= 0.8 * len(own)
    assert 0.0 < model.fallback < 1.0


def test_the_match_model_is_stored_as_plain_numbers_and_reads_the_same_back():
    questions, answers = _corpus()
    model = fit_match(answers, questions, "embedder-x")
    back = MatchModel(**json.loads(json.dumps(model.as_json())))
    q, a = questions["j0:q0"], answers[0][3]
    assert back.digest == model.digest
    assert back.reading(q, a, "embedder-x") == pytest.approx(model.reading(q, a, "embedder-x"), abs=1e-5)


def test_without_its_embedding_model_or_a_vector_the_match_model_stands_aside():
    questions, answers = _corpus()
    model = fit_match(answers, questions, "embedder-x")
    q, a = questions["j0:q0"], answers[0][3]
    assert model.reading(q, a, "another-embedder") == model.fallback
    assert model.reading(q, None, "embedder-x") == model.fallback  # nothing was said
    with pytest.raises(ValueError):
        model.predict(q[:8], a[:8])  # vectors of another size
    assert fit_match([(qid, job, 1, v) for qid, job, _g, v in answers], questions, "embedder-x") is None
    assert NEUTRAL == 0.5


def test_the_question_is_read_with_its_key_points():
    question = {"text": "讲一次你处理投诉的经历", "key_points": ["安抚情绪", "找出原因"]}
    assert question_text(question, "zh") == "讲一次你处理投诉的经历；安抚情绪；找出原因"
    assert question_text({"text": "Why?", "key_points": ["a", "b"]}, "en") == "Why?; a; b"
    features = pair_features(np.array([1.0, 0.0]), np.array([0.6, 0.8]))
    assert features.shape == (1, 3) and features[0, -1] == pytest.approx(0.6)
