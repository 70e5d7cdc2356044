"""The base of the tests' fake role models: a model that only predicts; and a hand-made batch of
the bundled model's reasons."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from models._batch import _Batch
from models.classifier import load_model
from models.interface import RoleModel
from models.reasons import _head_codes


class PredictOnlyModel(RoleModel):
    """A :class:`~models.interface.RoleModel` a test only predicts with: a subclass gives
    ``predict`` (and ``labels`` if not the default two); ``save`` and ``load`` are not used."""

    def save(self, path: Path) -> None:  # pragma: no cover - not used
        raise NotImplementedError

    @classmethod
    def load(cls, path: Path) -> RoleModel:  # pragma: no cover - not used
        raise NotImplementedError


def two_term_batch(
    proba: Sequence[Sequence[float]], held: Sequence[int], chosen: Sequence[Sequence[int]]
) -> _Batch:
    """A batch of the bundled model's reasons over two terms, 'roadmap' and 'login': a row per
    ``proba`` row (strategic, tactical), ``held[row]`` why it was held (0: not held; ``_HELD_THIN``
    ...), ``chosen[row]`` the indexes of the terms its reason names (-1: none)."""
    p = np.array(proba)
    best = p.argmax(axis=1)
    return _Batch(
        labels=("strategic", "tactical"),
        names=["roadmap", "login"],
        proba=p,
        chosen=np.array(chosen, dtype=np.int32),
        best=best.astype(np.int32),
        nearest=np.full(len(p), -1, dtype=np.int32),
        codes=_head_codes(best, p, np.array(held)).astype(np.int32),
        shown=["'roadmap'", "'login'"],
        heads=load_model()._reason_heads(),
        phrase_parts=[(None, None, "")],
    )
