"""Private fast path of the store's lean read: kinds, codes and times as numpy columns."""

from __future__ import annotations

import warnings
from datetime import datetime, timedelta
from typing import Any

import numpy as np

from connectors.columns import KINDS
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


def _written(text: str) -> datetime | None:
    """The time as written, when it is not plain UTC (another offset, or none)."""
    moment = datetime.fromisoformat(text)
    return None if moment.utcoffset() == timedelta(0) else moment
