"""A board's activities as columns: what a reader hands the analysis instead of one object each.

The analysis reads four things of an activity: its item, its actor, its kind and its time
(:class:`analyzer.timeline.LabelledActivities` is built from exactly these). A reader that decodes
an export straight into columns (the Trello and Jira JSON readers on the scan path) fills an
:class:`ActivityColumns` and puts an :class:`ActivityList` over it in ``Board.activities``: the
analysis takes the columns as they are, and a caller who iterates or indexes the list still gets
:class:`~connectors.interface.Activity` objects (made when asked for, without old/new values,
texts or source ids, like any read with ``activity_details=False``).

Invariants: rows are in the board's order (time order for the JSON readers); item and actor
codes are numbered in order of first appearance in the rows, so code order is the order a pass
over ``Board.activities`` would meet them.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator, Mapping, MutableSequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from typing import Any, overload

import numpy as np

from connectors.interface import Activity, ActivityKind

#: Kind code -> kind (the order of :class:`ActivityKind`).
KINDS: tuple[ActivityKind, ...] = tuple(ActivityKind)
KIND_CODE: dict[ActivityKind, int] = {kind: code for code, kind in enumerate(KINDS)}

_EPOCH_UTC = datetime(1970, 1, 1, tzinfo=UTC)


def from_us_utc(us: int) -> datetime:
    """The aware (UTC) datetime ``us`` microseconds after 1970."""
    return _EPOCH_UTC + timedelta(microseconds=us)


_EPOCH = datetime(1970, 1, 1)
_ZONES: dict[int, timezone] = {}


class Zones(Mapping[int, datetime]):
    """``row -> datetime`` for the rows read in another zone than UTC (or in none), held as
    three int64 arrays: the row, its UTC microseconds and its offset in microseconds
    (:attr:`NAIVE` for a time read without a zone, whose microseconds are then its wall time).
    24 bytes a row instead of a dict entry and a datetime (≈ 130): a store of a Jira whose times
    are all in +02:00 keeps one per activity. The datetime is made when asked for."""

    NAIVE = int(np.iinfo(np.int64).min)
    __slots__ = ("rows", "us", "offsets")

    def __init__(self, rows: np.ndarray, us: np.ndarray, offsets: np.ndarray) -> None:
        order = np.argsort(rows, kind="stable")
        self.rows = np.asarray(rows, np.int64)[order]
        self.us = np.asarray(us, np.int64)[order]
        self.offsets = np.asarray(offsets, np.int64)[order]

    @staticmethod
    def moment(us: int, offset: int) -> datetime:
        """The datetime of UTC microseconds ``us`` in the zone ``offset`` µs east (or naive)."""
        if offset == Zones.NAIVE:
            return _EPOCH + timedelta(microseconds=us)
        zone = _ZONES.get(offset)
        if zone is None:
            zone = _ZONES[offset] = timezone(timedelta(microseconds=offset))
        return (_EPOCH + timedelta(microseconds=us + offset)).replace(tzinfo=zone)

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[int]:
        return iter(self.rows.tolist())

    def __getitem__(self, row: int) -> datetime:
        at = int(np.searchsorted(self.rows, row))
        if at == len(self.rows) or self.rows[at] != row:
            raise KeyError(row)
        return self.moment(int(self.us[at]), int(self.offsets[at]))

    def items(self) -> Iterator[tuple[int, datetime]]:  # type: ignore[override]
        """Each (row, datetime), made one at a time."""
        moments = map(self.moment, self.us.tolist(), self.offsets.tolist())
        return zip(self.rows.tolist(), moments, strict=True)

    def take(self, rows: np.ndarray, size: int) -> Zones:
        """The zones of ``rows`` (row numbers of a table of ``size`` rows, in the order wanted),
        renumbered as :meth:`ActivityColumns.take` renumbers the rows."""
        new_row = np.full(size, -1, np.int64)
        new_row[rows] = np.arange(len(rows), dtype=np.int64)
        moved = new_row[self.rows]
        kept = moved >= 0
        return Zones(moved[kept], self.us[kept], self.offsets[kept])


#: "No time" in a column of microseconds (``analyzer.timeline.NO_TIME``).
NO_TIME_US = int(np.iinfo(np.int64).min)


#: Bits of ``ItemTimes.facts``: open (not closed, no resolution date, a status category other
#: than done: ``analyzer.flags.items.is_open``), owned (an assignee or members: ``has_owner``),
#: planned (a due date or a sprint); no criteria: no acceptance criteria in its title or
#: description (``analyzer.flags.items.has_acceptance_criteria``: no match of a superset of its
#: search) and no checklist, so a scan need not search it; dropped: a status of work dropped
#: (``connectors.mapping.status_words.dropped_status``); ready column: its column is a ready one
#: (``ready_column``); story type: its issue type is a story's (``issue_types.type_of``);
#: untyped: no issue type (``not (item.type or "").strip()``).
FACT_OPEN, FACT_OWNED, FACT_PLANNED, FACT_NO_CRITERIA = 1, 2, 4, 8
FACT_DROPPED, FACT_READY_COLUMN, FACT_STORY_TYPE, FACT_UNTYPED = 16, 32, 64, 128


@dataclass(slots=True, eq=False)
class ItemTimes:
    """A reader's items' own last touch (the later of their creation and update times) as a
    column, one row per item of the board in its order: what the analysis reads of those
    dates (an item's last touch) without a datetime read per item; with ``facts``, what the
    flags ask of its fields (open, owned, planned) without an attribute read per item.
    ``from_items``: the positions (ascending) neither column gives — read them from the items
    (a date in another form than the reader's columns read, a row mapped one at a time, an
    item ``clean_board`` may change). A reader hands it over only on a scan's own board
    (``connectors.mapping.clean.CheckedItems.times``)."""

    latest: np.ndarray  # int64 µs since 1970, UTC; NO_TIME_US where neither date is there
    from_items: np.ndarray  # int64 positions
    #: uint8 bits per item (FACT_OPEN … FACT_UNTYPED): what the flags ask of its fields, the
    #: same positions read from the items; None: read every item
    facts: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.latest)


@dataclass(slots=True, eq=False)
class ActivityColumns:
    """Every activity of a board as columns, one row per activity."""

    item_ids: list[str]  # item code -> item id
    actor_ids: list[str]  # actor code -> person id
    fields: list[str | None]  # field code -> Activity.field
    item: np.ndarray  # int32 item code
    actor: np.ndarray  # int32 actor code, -1 for none
    kind: np.ndarray  # int16 code into KINDS
    field: np.ndarray  # int16 field code
    when: np.ndarray  # int64 microseconds since 1970, UTC
    #: rows whose timestamp was read with another zone than UTC: the datetime as read
    zones: dict[int, datetime] | Zones = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.when)

    def timestamp(self, row: int) -> datetime:
        zoned = self.zones.get(row) if self.zones else None
        return zoned if zoned is not None else from_us_utc(int(self.when[row]))

    def activity(self, row: int) -> Activity:
        actor = int(self.actor[row])
        return Activity(
            self.item_ids[self.item[row]],
            self.actor_ids[actor] if actor >= 0 else None,
            KINDS[self.kind[row]],
            self.timestamp(row),
            self.fields[self.field[row]],
        )

    def take(self, rows: np.ndarray) -> ActivityColumns:
        """The columns of ``rows`` (row numbers, in the order wanted), codes renumbered."""
        taken = ActivityColumns(
            self.item_ids,
            self.actor_ids,
            self.fields,
            self.item[rows],
            self.actor[rows],
            self.kind[rows],
            self.field[rows],
            self.when[rows],
        )
        if isinstance(self.zones, Zones):
            taken.zones = self.zones.take(rows, len(self))
        elif self.zones:
            new_row = {int(old): new for new, old in enumerate(rows.tolist())}
            taken.zones = {new_row[r]: t for r, t in self.zones.items() if r in new_row}
        taken.renumber()
        return taken

    def renumber(self, in_place: bool = False) -> None:
        """Item and actor codes in order of first appearance (codes no row uses dropped).

        ``in_place``: the item and actor columns are this table's own (nobody else reads
        them): they are rewritten a step at a time rather than copied (≈ 80 MB at 10M rows)."""
        self.item, self.item_ids = _first_seen(self.item, self.item_ids, in_place)
        named = self.actor >= 0
        if named.all():
            self.actor, self.actor_ids = _first_seen(self.actor, self.actor_ids, in_place)
        else:
            codes, self.actor_ids = _first_seen(self.actor[named], self.actor_ids)
            actor = np.full(len(self.actor), -1, np.int32)
            actor[named] = codes
            self.actor = actor


def _first_seen(
    codes: np.ndarray, values: list[Any], in_place: bool = False
) -> tuple[np.ndarray, list[Any]]:
    """``codes`` (into ``values``) renumbered in order of first appearance, and the values in
    that order (:func:`codes_by_first_row`; tests keep the ``np.unique`` form as reference).
    ``in_place``: ``codes`` (when int32 and writable) is rewritten, a step at a time."""
    if not len(codes):
        return codes.astype(np.int32), []
    order = codes_by_first_row(codes, len(values))
    if len(order) == len(values) and np.array_equal(order, np.arange(len(values))):
        return codes.astype(np.int32, copy=False), values
    remap = np.full(len(values), -1, np.int32)
    remap[order] = np.arange(len(order), dtype=np.int32)
    renamed = [values[code] for code in order.tolist()]
    if not (in_place and codes.dtype == np.int32 and codes.flags.writeable):
        return remap[codes], renamed
    step = _FIRST_ROW_STEP
    for start in range(0, len(codes), step):
        chunk = codes[start : start + step]
        chunk[:] = remap[chunk]
    return codes, renamed


_FIRST_ROW_STEP = 1 << 20  # rows per np.minimum.at call (bounds its index temporary: 4 MB)


def codes_by_first_row(codes: np.ndarray, count: int) -> np.ndarray:
    """The codes in ``range(count)`` that ``codes`` uses, in order of their first row.

    Each code's first row found by ``np.minimum.at`` a million rows at a time: no sort of every
    row (``np.unique`` sorted a copy of the column: ≈ 170 MB and 1.7 s at 10M rows; this is
    ≈ 30 MB and 0.15 s). The ``np.unique`` form is kept as the reference in the tests.
    """
    size = len(codes)
    first = np.full(count, size, np.int64 if size >= 2**31 else np.int32)
    step = _FIRST_ROW_STEP
    for start in range(0, size, step):
        chunk = codes[start : start + step]
        np.minimum.at(first, chunk, np.arange(start, start + len(chunk), dtype=first.dtype))
    used = np.flatnonzero(first < size)
    return used[np.argsort(first[used], kind="stable")]


_ORDER_STEP = 1 << 20  # rows per step of time_order's newest-first path (8 MB temporaries)


def time_order(when: np.ndarray) -> np.ndarray | None:
    """``np.argsort(when, kind="stable")`` as int32 (int64 from 2**31 rows), or None when the
    rows are in time order already (the sort would leave every row where it is).

    Exports list their history newest first (Trello's actions): then the order is the rows
    reversed, with each run of equal times kept in its own order, found a million rows at a time
    (≈ 8 MB of temporaries) instead of a sort's int64 positions and workspace (≈ 120 MB at 10M
    rows). Any other order is sorted. The sort is kept as the reference in the tests.
    """
    size = len(when)
    if size < 2 or bool((when[:-1] <= when[1:]).all()):
        return None
    dtype = np.int32 if size < 2**31 else np.int64
    if not bool((when[:-1] >= when[1:]).all()):
        return stable_argsort(when).astype(dtype, copy=False)
    backwards = when[::-1]  # non-decreasing; equal times in reverse of their order in `when`
    order = np.empty(size, dtype)
    step = _ORDER_STEP
    for start in range(0, size, step):
        values = backwards[start : start + step]
        stop = start + len(values)
        at = np.arange(start, stop, dtype=np.int64)
        change = values[1:] != values[:-1]
        # each position's run of equal times, [first, end) in `backwards`
        first = np.zeros(len(values), np.int64)
        first[1:][change] = at[1:][change]
        first[0] = np.searchsorted(backwards, values[0], "left")
        np.maximum.accumulate(first, out=first)
        end = np.full(len(values), size, np.int64)
        end[:-1][change] = at[1:][change]
        end[-1] = np.searchsorted(backwards, values[-1], "right")
        end = np.minimum.accumulate(end[::-1])[::-1]
        # the run's rows in `when` are size - end ... size - 1 - first, wanted in that order
        order[start:stop] = (size - end) + (at - first)
    return order


_KEY_STEP = 1 << 18  # rows per step of stable_argsort's positions (2 MB temporaries)


def stable_argsort(values: np.ndarray) -> np.ndarray:
    """``np.argsort(values, kind="stable")`` for int64 values (int64 positions), bit for bit.

    Each row's key is its value's rank on the values' grid (``(value - min) // gcd``; a minute
    for Jira CSV times) times the row count plus its position: keys are distinct and ordered as
    (value, position), so numpy's default sort of the keys alone (SIMD where the CPU has it)
    gives the stable order, and ``key % rows`` the positions, in the keys' own array. 2.6M times
    of the 1M export (half of them sharing a minute): 0.057 vs 0.138 CPU s, one 8-byte array
    (the stable sort's positions and half again as its buffer). Values whose keys would not fit
    an int64 get the stable sort."""
    values = np.asarray(values, np.int64)
    size = len(values)
    if size < 2:
        return np.argsort(values, kind="stable")
    low = int(values.min())
    span = int(values.max()) - low
    if span >= 2**63:
        return np.argsort(values, kind="stable")
    key = values - low  # (no wrap: the span fits)
    grid = int(np.gcd.reduce(key)) or 1
    if (span // grid) * size + size - 1 >= 2**63:
        return np.argsort(values, kind="stable")
    if grid > 1:
        key //= grid
    key *= size
    for start in range(0, size, _KEY_STEP):
        stop = min(start + _KEY_STEP, size)
        key[start:stop] += np.arange(start, stop, dtype=np.int64)
    key.sort()
    key %= size
    return key


class ActivityList(MutableSequence):
    """``Board.activities`` over :class:`ActivityColumns`: Activity objects made when asked for.

    An object handed out is kept, so changing it sticks; changing the list itself (append, insert,
    sort, ...) first turns it into a plain list of objects (the columns are then gone).
    """

    __slots__ = ("_columns", "_made", "_list")

    def __init__(self, columns: ActivityColumns) -> None:
        self._columns: ActivityColumns | None = columns
        self._made: dict[int, Activity] = {}
        self._list: list[Activity] | None = None

    @property
    def columns(self) -> ActivityColumns | None:
        """The columns, while the list has not been changed (None after)."""
        return self._columns

    def _one(self, row: int) -> Activity:
        made = self._made.get(row)
        if made is None:
            made = self._made[row] = self._columns.activity(row)  # type: ignore[union-attr]
        return made

    def _plain(self) -> list[Activity]:
        if self._list is None:
            self._list = [self._one(row) for row in range(len(self._columns))]  # type: ignore[arg-type]
            self._columns = None
            self._made = {}
        return self._list

    def __len__(self) -> int:
        return len(self._list) if self._list is not None else len(self._columns)  # type: ignore[arg-type]

    @overload
    def __getitem__(self, index: int) -> Activity: ...
    @overload
    def __getitem__(self, index: slice) -> list[Activity]: ...
    def __getitem__(self, index):
        if self._list is not None:
            return self._list[index]
        n = len(self._columns)  # type: ignore[arg-type]
        if isinstance(index, slice):
            return [self._one(row) for row in range(*index.indices(n))]
        row = int(index)
        if row < 0:
            row += n
        if not 0 <= row < n:
            raise IndexError("activity index out of range")
        return self._one(row)

    def __iter__(self) -> Iterator[Activity]:
        if self._list is not None:
            return iter(self._list)
        return (self._one(row) for row in range(len(self._columns)))  # type: ignore[arg-type]

    def __setitem__(self, index, value) -> None:
        self._plain()[index] = value

    def __delitem__(self, index) -> None:
        del self._plain()[index]

    def insert(self, index: int, value: Activity) -> None:
        self._plain().insert(index, value)

    def sort(self, *args: Any, **kwargs: Any) -> None:
        self._plain().sort(*args, **kwargs)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, ActivityList | list):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"ActivityList({len(self)} activities)"

    def __copy__(self) -> list[Activity]:
        return list(self)

    def __deepcopy__(self, memo: dict) -> list[Activity]:
        import copy

        return [copy.deepcopy(a, memo) for a in self]


def columns_of(activities: Iterable[Activity]) -> ActivityColumns | None:
    """The columns behind ``activities`` when it is an unchanged :class:`ActivityList`."""
    return activities.columns if isinstance(activities, ActivityList) else None


def first_activity_time(activities: list[Activity]) -> datetime | None:
    """The earliest activity's time as read (the first in the board's order among equal
    times, as a report takes it); columns are read without an object per row."""
    columns = columns_of(activities)
    if columns is not None:
        if not len(columns):
            return None
        return columns.timestamp(int(np.argmin(columns.when)))
    first = min(range(len(activities)), key=lambda n: as_utc(activities[n].timestamp), default=None)
    return None if first is None else activities[first].timestamp


def as_utc(moment: datetime) -> datetime:
    """A naive time read as UTC, so it compares with aware ones (as the columns store it)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


_ONE_US = timedelta(microseconds=1)


class ActivityRows:
    """A reader's activities, appended one at a time → :class:`ActivityColumns`."""

    def __init__(self) -> None:
        self.item: array = array("i")
        self.actor: array = array("i")
        self.kind: array = array("b")
        self.field: array = array("h")
        self.when: array = array("q")
        self.zones: dict[int, datetime] = {}
        self.items: dict[str, int] = {}
        self.actors: dict[str, int] = {}
        self.fields: dict[str | None, int] = {None: 0}

    def __len__(self) -> int:
        return len(self.kind)

    def add(
        self, item_id: str, actor: str | None, kind: int, field: str | None, stamp: datetime
    ) -> None:
        """One activity (``kind``: a code of :data:`KINDS`; ``stamp``: an aware datetime)."""
        row = len(self.kind)
        code = self.items.get(item_id)
        if code is None:
            code = self.items[item_id] = len(self.items)
        self.item.append(code)
        if actor is None:
            self.actor.append(-1)
        else:
            code = self.actors.get(actor)
            if code is None:
                code = self.actors[actor] = len(self.actors)
            self.actor.append(code)
        self.kind.append(kind)
        code = self.fields.get(field)
        if code is None:
            code = self.fields[field] = len(self.fields)
        self.field.append(code)
        self.when.append((stamp - _EPOCH_UTC) // _ONE_US)
        if stamp.tzinfo is not UTC:
            self.zones[row] = stamp

    def code_of_item(self, item_id: str) -> int:
        code = self.items.get(item_id)
        if code is None:
            code = self.items[item_id] = len(self.items)
        return code

    def code_of_actor(self, actor: str) -> int:
        code = self.actors.get(actor)
        if code is None:
            code = self.actors[actor] = len(self.actors)
        return code

    def truncate(self, rows: int) -> None:
        """Forget the rows from ``rows`` on (their codes stay, unused: renumbering drops them)."""
        for column in (self.item, self.actor, self.kind, self.field, self.when):
            del column[rows:]
        for row in [r for r in self.zones if r >= rows]:
            del self.zones[row]

    def select(self, rows: list[int]) -> None:
        """Keep only ``rows``, in that order (a Jira JSON issue's copy updated later: its rows
        where its first copy's were, the first copy's gone). Codes stay as they are."""
        for name in ("item", "actor", "kind", "field", "when"):
            column = getattr(self, name)
            setattr(self, name, array(column.typecode, map(column.__getitem__, rows)))
        if self.zones:
            new = {old: row for row, old in enumerate(rows)}
            self.zones = {new[r]: stamp for r, stamp in self.zones.items() if r in new}

    def add_activity(self, activity: Activity) -> None:
        self.add(
            activity.item_id,
            activity.actor_id,
            KIND_CODE[activity.kind],
            activity.field,
            activity.timestamp,
        )

    def in_time_order(self) -> ActivityColumns:
        """Every row, sorted by time (stable: equal times keep the order they came in).

        The rows are handed over (left empty): each column is freed as soon as its sorted copy
        is made, so a big read never holds two copies of every column (≈ 200 MB at 10M rows).
        """
        when = np.frombuffer(self.when, np.int64)
        order = stable_argsort(when)  # np.argsort(kind="stable"), bit for bit (tested)
        size = len(order)
        when = when[order]
        self.when = array("q")  # (its one view is gone: the buffer is freed)
        if size < 2**31:  # half the memory of the int64 the sort gives
            order = order.astype(np.int32)
        item = np.frombuffer(self.item, np.int32)[order]
        self.item = array("i")
        actor = np.frombuffer(self.actor, np.int32)[order]
        self.actor = array("i")
        kind = np.frombuffer(self.kind, np.int8)[order].astype(np.int16)
        self.kind = array("b")
        field = np.frombuffer(self.field, np.int16)[order]
        self.field = array("h")
        zones: dict[int, datetime] = {}
        if self.zones:  # renumbered as ActivityColumns.take renumbers them
            new_row = np.empty(size, np.int64)
            new_row[order] = np.arange(size, dtype=np.int64)
            zones = {int(new_row[row]): stamp for row, stamp in self.zones.items()}
            self.zones = {}
        del order
        columns = ActivityColumns(
            item_ids=list(self.items),
            actor_ids=list(self.actors),
            fields=list(self.fields),
            item=item,
            actor=actor,
            kind=kind,
            field=field,
            when=when,
            zones=zones,
        )
        columns.renumber()
        return columns


__all__ = [
    "KINDS",
    "KIND_CODE",
    "Zones",
    "ActivityColumns",
    "ActivityList",
    "ActivityRows",
    "codes_by_first_row",
    "columns_of",
    "from_us_utc",
    "time_order",
]
