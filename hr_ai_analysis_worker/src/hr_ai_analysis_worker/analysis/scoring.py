"""Answer and report scoring with scikit-learn linear models.

Default weights make sense before any training data exists (content first: key points, then the
answer's structure, concreteness, logical flow and relevance). ``fit_scorer`` retrains them from HR's
recorded grades or decisions; models are saved as JSON (weights + version), never pickled, so the same
input and version always give the same score.

The scorer is a parameter of the analysis functions (``scorer=``; ``None`` = the default weights); the
worker's configuration (``scoring_model``) decides which one, never the process environment.
"""

import dataclasses
import hashlib
import json
from functools import lru_cache

import numpy as np
from sklearn.linear_model import Ridge

FEATURES = ("key_points", "structure", "concreteness", "relevance", "flow")
DEFAULT_WEIGHTS = {"key_points": 55.0, "structure": 15.0, "concreteness": 12.0, "relevance": 8.0, "flow": 10.0}
DEFAULT_INTERCEPT = 0.0


def _model_from(weights, intercept):
    model = Ridge(alpha=1.0)
    model.coef_ = np.array([float(weights[f]) for f in FEATURES])
    model.intercept_ = float(intercept)
    model.n_features_in_ = len(FEATURES)
    return model


def _version(weights, intercept, name):
    blob = json.dumps({"w": [round(float(weights[f]), 6) for f in FEATURES], "b": round(float(intercept), 6)})
    return f"{name}-{hashlib.sha256(blob.encode()).hexdigest()[:8]}"


@dataclasses.dataclass(frozen=True)
class Scorer:
    """A linear scorer of the answer features; ``version`` is recorded with every score it gives."""

    weights: tuple
    intercept: float
    name: str
    model: Ridge = dataclasses.field(compare=False, repr=False)

    @classmethod
    def from_weights(cls, weights, intercept=0.0, name="trained"):
        return cls(tuple((f, float(weights[f])) for f in FEATURES), float(intercept), name,
                   _model_from(weights, intercept))

    @property
    def version(self):
        return _version(dict(self.weights), self.intercept, self.name)

    def score(self, features):
        """0-100 from a dict of the FEATURES (each 0-1)."""
        x = np.array([[float(features[f]) for f in FEATURES]])
        return round(float(np.clip(self.model.predict(x)[0], 0.0, 100.0)), 1)


@lru_cache(maxsize=4)
def load_scorer(path=None):
    """The scorer saved by ``fit_scorer`` at ``path``, or the default weights when ``path`` is empty."""
    if not path:
        return Scorer.from_weights(DEFAULT_WEIGHTS, DEFAULT_INTERCEPT, "default")
    with open(path, encoding="utf-8") as handle:
        data = json.load(handle)
    return Scorer.from_weights(data["weights"], data.get("intercept", 0.0), data.get("name", "trained"))


def fit_scorer(rows, out_path, name="trained", alpha=1.0):
    """Fit weights from ``rows`` = [(features dict, target 0-100)] and save them as JSON."""
    x = np.array([[float(r[0][f]) for f in FEATURES] for r in rows])
    y = np.array([float(r[1]) for r in rows])
    model = Ridge(alpha=alpha, positive=True).fit(x, y)
    weights = {f: float(c) for f, c in zip(FEATURES, model.coef_, strict=True)}
    data = {"name": name, "features": list(FEATURES), "weights": weights, "intercept": float(model.intercept_),
            "version": _version(weights, model.intercept_, name), "samples": len(rows)}
    with open(out_path, "w", encoding="utf-8") as handle:
        json.dump(data, handle, indent=2)
    load_scorer.cache_clear()
    return data
