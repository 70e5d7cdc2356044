"""From a linear score to a probability: the calibration a model was trained with, and the board
prior a scan shifts it by (the board's own label shares and word weights).

:meth:`models.classifier.LinearRoleModel.estimate_prior` estimates a :class:`BoardPrior`; its
calibration is then Bayes-shifted from the model's own prior to the board's.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass(slots=True)
class Calibration:
    """Maps raw linear scores to probabilities.

    ``platt`` (two labels): p(labels[1]) = sigmoid(a * score + b).
    ``temperature`` (more labels): p = softmax(scores / t).
    """

    kind: str
    a: float = 1.0
    b: float = 0.0
    t: float = 1.0

    def to_json(self) -> dict[str, Any]:
        if self.kind == "platt":
            return {"kind": "platt", "a": self.a, "b": self.b}
        return {"kind": "temperature", "t": self.t}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Calibration:
        kind = data["kind"]
        if kind == "platt":
            return cls("platt", a=_finite(data["a"]), b=_finite(data["b"]))
        if kind == "temperature":
            t = _finite(data["t"])
            if t <= 0:
                raise ValueError("temperature must be positive")
            return cls("temperature", t=t)
        raise ValueError(f"unknown calibration {kind!r}")


def _finite(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"not a finite number: {value!r}")
    return float(value)


class BoardPrior(dict):
    """A board's label shares, as :meth:`LinearRoleModel.estimate_prior` gives them (a plain
    ``{label: share}`` mapping), and ``weights``: each feature column's weight on that board
    (its own common words damped, :func:`models.rules.board_word_weights`), or None; and
    ``direction``: the share of the items it read whose title, list or labels name direction
    work (:func:`models.rules.direction_share`), or None: a scan hands it to the report's
    surest lists, which read the same share (session 18)."""

    __slots__ = ("direction", "weights")

    def __init__(
        self,
        shares: dict[str, float],
        weights: np.ndarray | None = None,
        direction: float | None = None,
    ) -> None:
        super().__init__(shares)
        self.weights = weights
        self.direction = direction


def _logit(p: float) -> float:
    return math.log(p / (1.0 - p))


def calibrated(scores: np.ndarray, calibration: Calibration) -> np.ndarray:
    """Probabilities (n, k) from raw scores ((n,) for two labels, (n, k) for more)."""
    if calibration.kind == "platt":
        z = np.clip(calibration.a * scores + calibration.b, -50.0, 50.0)
        p1 = 1.0 / (1.0 + np.exp(-z))
        return np.column_stack([1.0 - p1, p1])
    z = scores / calibration.t
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)
