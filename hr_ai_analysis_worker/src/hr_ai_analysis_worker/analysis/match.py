"""Does this answer answer *this* question? A learnt reading of the whole answer against the whole question.

An interview answer that tells a concrete story from the same job, about another subject, reads "on topic" to a
sentence-embedding model: the job's vocabulary is all there. What tells "answers this question" from "answers
another question of the same job" is learnt here from the graded corpus: a logistic regression over the
element-wise product of the question's vector (its text and key points) and the answer's (the whole transcript),
plus their cosine, taught that a good answer (graded 2 or 3) answers its own question and not the job's other
questions. Which dimensions of the embedding carry "which question" is what it learns; the vectors themselves
come from the judge's embedding model (a match model is used only with the embedding model it was fitted on).

The answer model reads the result as one of its signals (``match``, 0-1); evaluation/train.py fits it and
stores it in the scorer's file, and the answer model is fitted on readings of it cross-fitted by job, so it
learns how much a match model that never saw the job is worth.
"""

import hashlib
import json

import numpy as np

MATCH_C = 0.01  # the regression's penalty (over standardised inputs); chosen on the training split only
NEUTRAL = 0.5  # the reading when there is no match model for this embedding model


def question_text(question, lang):
    """The text a question is embedded as: its wording and its key points, one after the other."""
    sep = "；" if lang == "zh" else "; "
    return sep.join([question.get("text", "") or ""] + list(question.get("key_points") or []))


def pair_features(question_vectors, answer_vectors):
    """(n, dim + 1): the element-wise products of unit vectors, then their cosine."""
    q, a = np.atleast_2d(question_vectors), np.atleast_2d(answer_vectors)
    product = q * a
    return np.hstack([product, product.sum(axis=1, keepdims=True)])


class MatchModel:
    """The fitted regression, stored as plain arrays (mean and scale of the inputs, weights, intercept)."""

    def __init__(self, embedding_model, mean, scale, coef, intercept, fallback=NEUTRAL):
        self.embedding_model = str(embedding_model)
        self.mean, self.scale, self.coef = (np.asarray(v, dtype=np.float64) for v in (mean, scale, coef))
        self.intercept, self.fallback = float(intercept), float(fallback)
        if not (len(self.mean) == len(self.scale) == len(self.coef)) or (self.scale <= 0).any():
            raise ValueError("a match model needs one mean, positive scale and weight per input")
        self.digest = hashlib.sha256(json.dumps(self.as_json(), sort_keys=True).encode()).hexdigest()[:16]

    def as_json(self):
        return {"embedding_model": self.embedding_model, "mean": [round(float(v), 7) for v in self.mean],
                "scale": [round(float(v), 7) for v in self.scale], "coef": [round(float(v), 6) for v in self.coef],
                "intercept": round(self.intercept, 6), "fallback": round(self.fallback, 4)}

    def predict(self, question_vectors, answer_vectors):
        """(n,) 0-1: how sure the model is that each answer answers the question paired with it."""
        x = pair_features(question_vectors, answer_vectors)
        if x.shape[1] != len(self.coef):
            raise ValueError("the vectors are not of the embedding model this match model was fitted on")
        logit = ((x - self.mean) / self.scale) @ self.coef + self.intercept
        return 1.0 / (1.0 + np.exp(-logit))

    def reading(self, question_vector, answer_vector, embedding_model):
        """0-1 for one answer, or ``fallback`` (the training answers' mean reading) when the answer was read
        with another embedding model or has no vector (nothing was said)."""
        if question_vector is None or answer_vector is None or embedding_model != self.embedding_model:
            return self.fallback
        return float(self.predict(question_vector, answer_vector)[0])


def fit_match(answers, questions, embedding_model, c=MATCH_C):
    """A :class:`MatchModel` from ``answers`` = [(question id, job id, grade 0-3, answer vector)] and
    ``questions`` = {question id: question vector}: each answer graded 2 or 3 is a positive with its own question
    and a negative with each other question of its job. ``None`` when there are no such pairs."""
    from sklearn.linear_model import LogisticRegression

    by_job = {}
    for qid, job, _grade, _vector in answers:
        by_job.setdefault(job, set()).add(qid)
    q_rows, a_rows, labels = [], [], []
    for qid, job, grade, vector in answers:
        if grade < 2 or vector is None:
            continue
        for other in sorted(by_job[job]):
            q_rows.append(questions[other])
            a_rows.append(vector)
            labels.append(1 if other == qid else 0)
    if not labels or len(set(labels)) < 2:
        return None
    x = pair_features(np.array(q_rows), np.array(a_rows))
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    model = LogisticRegression(C=c, max_iter=3000, class_weight="balanced").fit((x - mean) / scale, labels)
    own = [(questions[qid], vector) for qid, _job, _grade, vector in answers if vector is not None]
    own_x = pair_features(np.array([q for q, _ in own]), np.array([a for _, a in own]))
    fallback = float(np.mean(model.predict_proba((own_x - mean) / scale)[:, 1]))  # every answer, its own question
    return MatchModel(embedding_model, mean, scale, model.coef_[0], model.intercept_[0], fallback)
