"""The base of the tests' fake role models: a model that only predicts."""

from __future__ import annotations

from pathlib import Path

from models.interface import RoleModel


class PredictOnlyModel(RoleModel):
    """A :class:`~models.interface.RoleModel` a test only predicts with: a subclass gives
    ``predict`` (and ``labels`` if not the default two); ``save`` and ``load`` are not used."""

    def save(self, path: Path) -> None:  # pragma: no cover - not used
        raise NotImplementedError

    @classmethod
    def load(cls, path: Path) -> RoleModel:  # pragma: no cover - not used
        raise NotImplementedError
