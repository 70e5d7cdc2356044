"""Many ISO-8601 timestamps at once → microseconds since 1970 (UTC), as :func:`parse_iso` reads
them one at a time.

Exports write one form almost always (Trello ``2024-05-01T09:30:00.000Z``, Jira
``2024-05-01T09:30:00.000+0000``): those are parsed with array operations; any other string goes
through :func:`~connectors.mapping.common.parse_iso` itself, so the two can never disagree.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np

from connectors.mapping.common import _FIRST_YEAR, _LAST_YEAR, parse_iso

_US_PER_DAY = 86_400_000_000
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_ONE_US = timedelta(microseconds=1)
_DAYS_0001_TO_1970 = 719_162  # date(1970, 1, 1).toordinal() - 1
# Byte layouts: "YYYY-MM-DDTHH:MM:SS.fffZ" (24) and "YYYY-MM-DDTHH:MM:SS.fff+HHMM" (28).
_LAYOUTS = {
    24: {4: "-", 7: "-", 10: "T", 13: ":", 16: ":", 19: ".", 23: "Z"},
    28: {4: "-", 7: "-", 10: "T", 13: ":", 16: ":", 19: "."},
}
_DAYS_BEFORE_MONTH = np.array([0, 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334], np.int64)
_MONTH_DAYS = np.array([0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], np.int64)


def parse_stamps(values: list) -> tuple[np.ndarray, np.ndarray, dict[int, datetime]]:
    """(microseconds, valid, zoned) for ``values`` (strings or anything else).

    ``valid[i]`` is False where :func:`parse_iso` gives None. ``zoned`` holds, by position, the
    datetimes :func:`parse_iso` gives with another zone than UTC (the columns keep UTC
    microseconds; a report shows such a time as read).
    """
    n = len(values)
    us = np.zeros(n, np.int64)
    valid = np.zeros(n, bool)
    zoned: dict[int, datetime] = {}
    if not n:
        return us, valid, zoned
    if set(map(type, values)) == {str}:  # (the usual: lengths without a Python-level loop)
        lengths = np.fromiter(map(len, values), np.int32, count=n)
    else:
        lengths = np.fromiter((len(v) if type(v) is str else 0 for v in values), np.int32, n)
    done = np.zeros(n, bool)
    for length in (24, 28):
        rows = np.flatnonzero(lengths == length)
        if not len(rows):
            continue
        picked = values if len(rows) == n else [values[r] for r in rows.tolist()]
        try:
            raw = "".join(picked).encode("ascii")
        except UnicodeEncodeError:
            continue  # left to parse_iso, one at a time
        chars = np.frombuffer(raw, np.uint8).reshape(len(rows), length)
        ok, stamp = _fixed(chars, length)
        us[rows[ok]] = stamp[ok]
        valid[rows[ok]] = True
        done[rows[ok]] = True
    for row in np.flatnonzero(~done).tolist():
        parsed = parse_iso(values[row])
        if parsed is None:
            continue
        valid[row] = True
        us[row] = (parsed - _EPOCH) // _ONE_US
        if parsed.tzinfo is not UTC:
            zoned[row] = parsed
    return us, valid, zoned


def _fixed(chars: np.ndarray, length: int) -> tuple[np.ndarray, np.ndarray]:
    """Rows of one fixed layout that are well-formed, and their microseconds."""
    ok = np.ones(len(chars), bool)
    for column, char in _LAYOUTS[length].items():
        ok &= chars[:, column] == ord(char)
    digit_columns = [c for c in range(length) if c not in _LAYOUTS[length]]
    if length == 28:  # "+HHMM": sign then four digits; "+0000" keeps UTC, others are zoned
        ok &= chars[:, 23] == ord("+")
        ok &= (chars[:, 24:28] == ord("0")).all(axis=1)
        digit_columns = [c for c in digit_columns if c < 23]
    digits = chars[:, digit_columns].astype(np.int64) - ord("0")
    ok &= ((digits >= 0) & (digits <= 9)).all(axis=1)
    d = digits
    year = d[:, 0] * 1000 + d[:, 1] * 100 + d[:, 2] * 10 + d[:, 3]
    month = d[:, 4] * 10 + d[:, 5]
    day = d[:, 6] * 10 + d[:, 7]
    hour = d[:, 8] * 10 + d[:, 9]
    minute = d[:, 10] * 10 + d[:, 11]
    second = d[:, 12] * 10 + d[:, 13]
    milli = d[:, 14] * 100 + d[:, 15] * 10 + d[:, 16]
    ok &= (year >= _FIRST_YEAR) & (year <= _LAST_YEAR)
    ok &= (month >= 1) & (month <= 12) & (hour <= 23) & (minute <= 59) & (second <= 59)
    month = np.clip(month, 1, 12)
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    limit = _MONTH_DAYS[month] - ((month == 2) & ~leap)
    ok &= (day >= 1) & (day <= limit)
    y = year - 1
    days = (
        y * 365
        + y // 4
        - y // 100
        + y // 400
        + _DAYS_BEFORE_MONTH[month]
        + ((month > 2) & leap)
        + day
        - 1
        - _DAYS_0001_TO_1970
    )
    stamp = days * _US_PER_DAY + ((hour * 60 + minute) * 60 + second) * 1_000_000 + milli * 1000
    return ok, stamp


__all__ = ["parse_stamps"]
