"""Private fast path of the store's lean read: kinds, codes and times as numpy columns."""

from __future__ import annotations

import warnings
from datetime import datetime, timedelta
from typing import Any

import numpy as np

from connectors.columns import KINDS, Zones
from connectors.store.keys import utc_us

# Kinds as SQLite's instr() finds them in one list: the position of ",kind," → the kind's code.
_KIND_LIST = "," + ",".join(str(kind) for kind in KINDS) + ","
_KIND_POSITIONS = [_KIND_LIST.index(f",{kind},") + 1 for kind in KINDS]


class _Codes(dict):
    """Value → dense code in order of first appearance (after the seed's)."""

    def __missing__(self, key: Any) -> int:
        code = self[key] = len(self) - 1
        return code


def _utc_column(texts: tuple[str, ...]) -> np.ndarray:
    """Microseconds since 1970 of UTC times (see ``Store._UTC_SQL``): numpy reads the usual
    text; a chunk with any other text is read by Python, a time at a time."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # numpy's deprecated reading of an offset: not here
            return np.array(texts, dtype="datetime64[us]").astype(np.int64)
    except (ValueError, TypeError, DeprecationWarning, UserWarning):
        return np.array([utc_us(datetime.fromisoformat(t)) for t in texts], np.int64)


_OFFSETS: dict[str, int | None] = {}  # an offset as written ("+02:00") -> µs east of UTC


def _offset(text: str) -> int | None:
    """The offset of a time as written, in µs east of UTC (``Zones.NAIVE`` for none); None for
    UTC. A text as ``isoformat(timespec="microseconds")`` writes it is read by its offset alone
    (cached: a store holds a few offsets), any other text whole."""
    if len(text) >= 26 and text[19] == "." and (len(text) == 26 or text[26] in "+-"):
        suffix = text[26:]
        offset = _OFFSETS.get(suffix, _UNSEEN)
        if offset is _UNSEEN:
            offset = _OFFSETS[suffix] = _offset_of(datetime.fromisoformat(text[:26] + suffix))
        return offset  # type: ignore[return-value]
    return _offset_of(datetime.fromisoformat(text))


_UNSEEN = object()


def _offset_of(moment: datetime) -> int | None:
    offset = moment.utcoffset()
    if offset is None:
        return Zones.NAIVE
    return None if offset == timedelta(0) else offset // timedelta(microseconds=1)
