"""Dicts that give a missing key its value once: :class:`Memo` (a computed value: a field's few
distinct values judged or written once over a whole board) and :class:`Codes` (dense codes in
order of first appearance).

A ``dict`` subclass with ``__missing__`` is the fastest memo CPython has: a hit is the C dict
lookup (``map(memo.__getitem__, values)`` runs no Python code), only a miss calls Python.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any


class Memo(dict):
    """Key -> ``compute(key)``, each key computed once, when first looked up."""

    __slots__ = ("compute",)

    def __init__(self, compute: Callable[[Any], Any]) -> None:
        super().__init__()
        self.compute = compute

    def __missing__(self, key: Any) -> Any:
        value = self[key] = self.compute(key)
        return value


class Codes(dict):
    """Value -> dense code (0, 1, ...) in order of first appearance; ``values_`` lists them."""

    __slots__ = ("values_",)

    def __init__(self, seed: Iterable[Any] = (), none: bool = False) -> None:
        super().__init__()
        values = list(seed)
        # one dict for values seen once (the usual case)
        self.update(zip(values, range(len(values)), strict=True))
        if len(self) < len(values):  # a value twice: its first place is its code
            self.clear()
            values = list(dict.fromkeys(values))
            self.update(zip(values, range(len(values)), strict=True))
        self.values_: list[Any] = values
        if none:
            self[None] = -1

    def __missing__(self, key: Any) -> int:
        code = self[key] = len(self.values_)
        self.values_.append(key)
        return code
