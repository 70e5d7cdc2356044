"""Private fast path of the store's lean read: kinds, codes and times as numpy columns."""

from __future__ import annotations

import warnings
from array import array
from datetime import datetime, timedelta
from itertools import islice, repeat
from operator import ne
from typing import Any

import numpy as np

from _backlog_analyzer_runtime.memo import Codes
from connectors.columns import KINDS, Zones, stable_argsort
from connectors.store.keys import utc_us

# Kinds as SQLite's instr() finds them in one list: the position of ",kind," → the kind's code.
_KIND_LIST = "," + ",".join(str(kind) for kind in KINDS) + ","
_KIND_POSITIONS = [_KIND_LIST.index(f",{kind},") + 1 for kind in KINDS]


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


# -- the whole-window read: each column of a few hundred thousand rows as one text --------------

_KIND_AT = {str(kind): position for kind, position in zip(KINDS, _KIND_POSITIONS, strict=True)}
_SEP = "\x1f"  # between ids in one text: a stored id holds none (text is stored printable)
_STAMP_LAYOUT = "0000-00-00T00:00:00.000000+00:00,"  # "0": a digit; anything else as it is
_STAMP_DIGITS = np.array([c == "0" for c in _STAMP_LAYOUT[:26]] + [False] * 7)
_STAMP_FIXED = np.frombuffer(_STAMP_LAYOUT.encode(), np.uint8)
WINDOW = 1 << 14  # activity rowids per query (≈ 1.3 MB of text and 50k strs at a time)


def window_rows(db: Any, source_id: int, positions: dict[str, int]) -> tuple | None:
    """The rows :meth:`Reading._lean_rows` reads, in its shape (kinds as their place in
    ``_KIND_LIST``), read a window of rowids at a time with every column of the window as one
    text (``group_concat``), so no Python object is made per row and value. ``positions``: each
    stored item's ``item_id`` → its place in the board (a row of an item not stored is left
    out, as the join leaves it out).

    The rows come in rowid order (the windows in order, each one's rows as the table walk
    gives them), so the saved order that breaks ties of time is the read order: ``order`` is a
    stable sort of the times, or None when they are in order already. (The form before,
    which read each row's rowid and sorted by (time, rowid), is kept in the tests as the
    reference.)

    None when a window holds what this shape cannot say for sure — a row without kind or actor,
    an id holding the separator, a time not written as ``_iso`` writes UTC (fixed width) — and
    the caller reads rows one by one."""
    item, actor, kind = array("i"), array("i"), array("h")
    when = array("q")
    actors = Codes(none=True)
    zone_rows, zone_offsets = array("q"), array("q")
    start = 0
    runs = _Runs(positions)
    for first in source_windows(db, source_id):
        # "+a.source_id": not the (source_id, item_id) index, the rowid range
        bounds = (source_id, first, first + WINDOW)
        n, count_actor, count_kind, count_written, ids, people, kinds, stamps = db.execute(
            "SELECT count(*), count(a.actor_id), count(a.kind), count(a.written), "
            f"group_concat(a.item_id, '{_SEP}'), group_concat(a.actor_id, '{_SEP}'), "
            "group_concat(a.kind), group_concat(a.timestamp) "
            "FROM activities a WHERE +a.source_id = ? AND a.rowid >= ? AND a.rowid < ?",
            bounds,
        ).fetchone()
        if not n:
            continue
        if count_kind != n:
            return None  # a row without kind (an older writer's: its JSON says what it is)
        ids, kinds = ids.split(_SEP), kinds.split(",")
        people = people.split(_SEP) if people is not None else []
        if not len(ids) == len(kinds) == n or len(people) != count_actor:
            return None
        utc = _stamps(stamps, n)
        if utc is None:
            return None
        del stamps
        at = runs.places(ids)
        del ids
        codes = np.fromiter(map(_KIND_AT.get, kinds, repeat(0)), np.int16, n)
        del kinds
        named = np.fromiter(map(actors.__getitem__, people), np.int32, count_actor)
        del people
        place: dict[int, int] = {}
        if count_actor != n or count_written:  # the window's rowid -> its place in the window
            (rowids,) = db.execute(
                "SELECT group_concat(a.rowid) FROM activities a WHERE +a.source_id = ? "
                "AND a.rowid >= ? AND a.rowid < ?",
                bounds,
            ).fetchone()
            rows = np.fromstring(rowids, np.int64, sep=",")  # noqa: NPY201 - ints only, checked
            if len(rows) != n:
                return None  # changed between the two reads (another process saving)
            place = {r: p for p, r in enumerate(rows.tolist())}
        if count_actor == n:
            people_codes = named
        else:  # group_concat leaves NULLs out: the rows without actor put back in their place
            people_codes = np.full(n, -1, np.int32)
            has_actor = np.ones(n, bool)
            for (rowid,) in db.execute(
                "SELECT a.rowid FROM activities a WHERE +a.source_id = ? "
                "AND a.rowid >= ? AND a.rowid < ? AND a.actor_id IS NULL",
                bounds,
            ):
                has_actor[place[rowid]] = False
            people_codes[has_actor] = named
        del named
        zoned: list[tuple[int, int]] = []
        if count_written:  # times written in another zone: read a row at a time
            for rowid, text in db.execute(
                "SELECT a.rowid, a.written FROM activities a WHERE +a.source_id = ? "
                "AND a.rowid >= ? AND a.rowid < ? AND a.written IS NOT NULL",
                bounds,
            ):
                if (offset := _offset(text)) is not None:
                    zoned.append((place[rowid], offset))
            zoned.sort()
        kept = at >= 0
        if not kept.all():  # activities of items the store does not hold: left out
            new_place = np.cumsum(kept) - 1
            zoned = [(int(new_place[p]), o) for p, o in zoned if kept[p]]
            at, people_codes, codes, utc = at[kept], people_codes[kept], codes[kept], utc[kept]
        for p, offset in zoned:
            zone_rows.append(start + p)
            zone_offsets.append(offset)
        item.frombytes(at.tobytes())
        actor.frombytes(people_codes.tobytes())
        kind.frombytes(codes.tobytes())
        when.frombytes(utc.tobytes())
        start += len(at)
    order = None
    times = np.frombuffer(when, np.int64)
    if len(times) > 1 and (times[1:] < times[:-1]).any():  # ties keep the read (saved) order
        order = stable_argsort(times)  # np.argsort(kind="stable"), bit for bit (tested)
    return item, actors, actor, kind, when, zone_rows, zone_offsets, order


class _Runs:
    """Each row's item place from its ``item_id`` (-1: an item not stored). An item's history
    is mostly saved together (a Jira issue's changelog, a page of cards), so a window's ids come
    in runs of one id: each run is looked up once. Where runs are short (a board's actions in
    time order) every id is looked up, as it is from then on."""

    def __init__(self, positions: dict[str, int]) -> None:
        self.positions = positions
        self.grouped = True

    def places(self, ids: list[str]) -> np.ndarray:
        n, get = len(ids), self.positions.get
        if self.grouped and n > 1:
            starts = np.flatnonzero(np.fromiter(map(ne, islice(ids, 1, None), ids), bool, n - 1))
            if len(starts) < n // 3:  # runs of three rows or more on average
                starts = np.concatenate(([0], starts + 1))
                heads = [ids[k] for k in starts.tolist()]
                found = np.fromiter(map(get, heads, repeat(-1)), np.int32, len(heads))
                return np.repeat(found, np.diff(starts, append=n))
            self.grouped = False
        return np.fromiter(map(get, ids, repeat(-1)), np.int32, n)


def source_windows(db: Any, source_id: int) -> list[int]:
    """The first rowid of each window (rowids ``k * WINDOW`` up to the next) holding a row of
    this source, in rowid order. Read from the ``(source_id, item_id)`` index, which holds the
    rowid (covering: no table row read), so the windows skip every other source's rows: a store
    of 30 boards reports one without walking the other 29 (nor the gaps between one board's
    saves). Not ``ORDER BY``: SQLite then sorts in a second temporary B-tree (3× the time).

    A store of this one source has no other source's rows to skip: its windows are those from
    the table's first rowid to its last (the ends of the rowid tree, not a walk of the index;
    a window without a row of it is read as empty)."""
    (sources,) = db.execute("SELECT count(*) FROM sources WHERE id != ?", (source_id,)).fetchone()
    if not sources:
        low, high = db.execute("SELECT min(rowid), max(rowid) FROM activities").fetchone()
        if low is None:
            return []
        return list(range(low // WINDOW * WINDOW, high + 1, WINDOW))
    found = db.execute(
        "SELECT DISTINCT rowid / ? FROM activities WHERE source_id = ?", (WINDOW, source_id)
    )
    return sorted(window * WINDOW for (window,) in found)


def _stamps(text: str, n: int) -> np.ndarray | None:
    """Microseconds since 1970 of ``n`` UTC times joined by commas, each exactly as ``_iso``
    writes it (``2026-01-02T03:04:05.123456+00:00``, read by numpy); None unless every one is.
    Every 33-character record is checked character by character (a digit where a digit goes,
    the separators, "+00:00,"): a time of another length would put a comma where the layout
    has none."""
    if len(text) != 33 * n - 1 or not text.isascii():
        return None
    records = np.frombuffer(text.encode() + b",", np.uint8).reshape(n, 33)
    digits = records[:, _STAMP_DIGITS]
    if not ((digits >= 48) & (digits <= 57)).all():
        return None
    if not (records[:, ~_STAMP_DIGITS] == _STAMP_FIXED[~_STAMP_DIGITS]).all():
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            return (
                records[:, :26].copy().view("S26").ravel().astype("datetime64[us]").astype(np.int64)
            )
    except (ValueError, TypeError, DeprecationWarning, UserWarning):
        return None  # e.g. month 13: the rows read one by one say what is wrong
