"""The column arithmetic behind the findings (numpy over :class:`LabelledActivities`), kept out
of the rules so each rule reads in domain terms. Private to :mod:`analyzer.flags`."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import chain, compress, repeat
from operator import attrgetter, is_not

import numpy as np

from analyzer.timeline import NO_TIME, S_CODE, T_CODE, LabelledActivities, times_us, to_us
from connectors.columns import codes_by_first_row
from connectors.interface import ActivityKind, Board, Item

_ID, _CREATED, _UPDATED = attrgetter("id"), attrgetter("created"), attrgetter("updated")


def labelled_mask(board: Board, table: LabelledActivities, label: str) -> np.ndarray:
    """A mask over the board's items by position: those whose final label (the table's, by
    item id) is ``label``."""
    items = board.items
    if table.board is not board:
        raise ValueError("the labelled activities belong to another board")
    if table.board_items == len(items):  # item index = position on the board
        codes = table.item_label[: len(items)]
    else:  # an id twice: the label of its last item, as a dict by id would give
        index = table.item_index()
        codes = table.item_label[[index[i.id] for i in items]]
    return codes == table.code_of_label(label)


def item_times(item: Item) -> int:
    """The later of an item's creation and update times in microseconds, or NO_TIME."""
    times = [to_us(t) for t in (item.created, item.updated) if t is not None]
    return max(times) if times else NO_TIME


def item_times_by_id(items: list[Item]) -> dict[str, int]:
    """Item id -> :func:`item_times` of each item that has one, in board order (an id twice:
    the first one's place, the last dated one's time), as a loop over the items gives it."""
    own = np.maximum(_column(items, _CREATED), _column(items, _UPDATED))
    dated = own != NO_TIME
    return dict(zip(compress(map(_ID, items), dated.tolist()), own[dated].tolist(), strict=True))


def last_touch_by_id(items: list[Item], table: LabelledActivities) -> dict[str, int]:
    """Item id -> latest of its creation, update and activity times (microseconds), for a
    board whose item index is its position (every id once): the items dated by their own
    times in board order, then those dated by activity alone, then the table's items absent
    from the board, as the reference's loop inserts them (``Context._last_touch_us_reference``)."""
    n = len(items)
    own = np.maximum(_column(items, _CREATED), _column(items, _UPDATED))
    acts = table.last_when_per_item()
    touch = np.maximum(own, acts[:n])
    dated = own != NO_TIME
    by_acts = ~dated & (acts[:n] != NO_TIME)
    ids = list(map(_ID, items))
    absent = np.flatnonzero(acts[n:] != NO_TIME)
    keys = chain(
        compress(ids, dated.tolist()),
        compress(ids, by_acts.tolist()),
        [table.item_ids[n + k] for k in absent.tolist()],
    )
    values = chain(touch[dated].tolist(), acts[:n][by_acts].tolist(), acts[n + absent].tolist())
    return dict(zip(keys, values, strict=True))


def last_touch_by_position(items: list[Item], table: LabelledActivities) -> np.ndarray:
    """:func:`last_touch_by_id` as an array by board position (NO_TIME when never), for a board
    whose item index is its position (every id once): no id -> touch dict."""
    n = len(items)
    if table.board_items != n:
        raise ValueError("the table's item index is not the board's positions")
    return np.maximum(own_touch(items), table.last_when_per_item()[:n])


def own_touch(items: list[Item]) -> np.ndarray:
    """Each item's later of its creation and update times in microseconds (NO_TIME when
    neither): from its reader's column when ``items`` has one (``CheckedItems.times``, a scan's
    own board), the positions it does not give read from their items; else item by item."""
    times = getattr(items, "times", None)
    if times is None or len(times) != len(items):
        return own_touch_of_items(items)
    own = times.latest.copy()
    if len(times.from_items):
        at = times.from_items.tolist()
        own[at] = own_touch_of_items([items[k] for k in at])
    return own


def own_touch_of_items(items: list[Item]) -> np.ndarray:
    """:func:`own_touch` read from each item's datetimes (the reference)."""
    return np.maximum(_column(items, _CREATED), _column(items, _UPDATED))


def _column(items: list[Item], get: attrgetter) -> np.ndarray:
    """A datetime field of ``items`` in microseconds, NO_TIME where it is None (no list of
    positions: one byte an item says which are dated)."""
    values = list(map(get, items))
    present = np.fromiter(map(is_not, values, repeat(None)), bool, count=len(values))
    if present.all():
        return times_us(values)
    out = np.full(len(values), NO_TIME, np.int64)
    if present.any():
        out[present] = times_us(list(compress(values, present.tolist())))
    return out


def last_touch(board: Board, table: LabelledActivities, items: list[Item]) -> np.ndarray:
    """Latest of each item's activities, creation and update times, in microseconds
    (NO_TIME when never)."""
    if table.board_items != len(board.items):  # an id twice: the last item's dates count
        base: dict[str, int] = {}
        for item in board.items:
            if (t := item_times(item)) != NO_TIME:
                base[item.id] = t
        own = np.array([base.get(item.id, NO_TIME) for item in items], np.int64)
    else:
        own = np.maximum(_column(items, _CREATED), _column(items, _UPDATED))
    index = table.item_index()
    rows = np.fromiter(map(index.__getitem__, map(_ID, items)), np.int64, count=len(items))
    return np.maximum(own, table.last_when_per_item()[rows])


def newest_first(touch: np.ndarray) -> list[int]:
    """Positions of ``touch`` latest first (stable); ``~t`` is ``-t - 1``: no overflow."""
    return np.argsort(~touch, kind="stable").tolist()


def last_strategic_row(table: LabelledActivities, people: Iterable[str]) -> int | None:
    """The row of the latest strategic activity by any of ``people`` (rows are in time order)."""
    mask = (table.label == S_CODE) & table.actor_mask(people)
    last = len(mask) - 1 - int(np.argmax(mask[::-1])) if len(mask) else -1
    return last if last >= 0 and mask[last] else None


def first_row_since(table: LabelledActivities, cutoff_us: int) -> int:
    """The first row at or after ``cutoff_us`` (rows are in time order)."""
    return int(np.searchsorted(table.when, cutoff_us, side="left"))


def records_changes(table: LabelledActivities, not_changes: frozenset[ActivityKind]) -> bool:
    return bool((~table.kind_mask(not_changes)).any())


def last_row_of_kind(table: LabelledActivities, kind: ActivityKind) -> int | None:
    rows = np.flatnonzero(table.kind_mask((kind,)))
    return int(rows[-1]) if rows.size else None


def items_touched_since(table: LabelledActivities, first_row: int) -> np.ndarray:
    """A mask over the table's items: touched by a row from ``first_row`` on."""
    touched = np.zeros(len(table.item_ids), bool)
    touched[table.item[first_row:]] = True
    return touched


@dataclass(frozen=True, slots=True)
class Shaper:
    """One person's shaping work: how many strategic and tactical shaping activities."""

    person: str
    strategic: int
    tactical: int
    code: int  # the person's actor code in the table


class ShapingShares:
    """Who did how much of the board's strategic and of its tactical shaping work."""

    def __init__(self, table: LabelledActivities, shaping_kinds: Iterable[ActivityKind]) -> None:
        shaping = table.kind_mask(tuple(shaping_kinds))  # (masks combined in place: 10 MB each)
        shaping &= table.named >= 0
        labelled = table.label == S_CODE
        labelled |= table.label == T_CODE
        shaping &= labelled
        del labelled
        rows = np.flatnonzero(shaping)
        del shaping
        if len(table.label) < 2**31:  # row numbers in 4 bytes
            rows = rows.astype(np.int32)
        self.table = table
        self.rows = rows
        self.actor = table.named[rows]
        self.is_s = table.label[rows] == S_CODE
        self.strategic_total = int(self.is_s.sum())
        self.tactical_total = int((~self.is_s).sum())

    def shapers(self) -> list[Shaper]:
        """Everyone who shaped work, in order of their first shaping activity."""
        n_actors = len(self.table.actors)
        codes = codes_by_first_row(self.actor, n_actors)  # (no sort of every shaping row)
        s_counts, t_counts = shaping_counts(self.actor, self.is_s, n_actors)
        return [
            Shaper(self.table.actors[c], int(s_counts[c]), int(t_counts[c]), c)
            for c in codes.tolist()
        ]

    def busiest_items(self, shaper: Shaper, n: int) -> list[str]:
        """Up to ``n`` strategic then ``n`` tactical items this person shaped most."""
        mask = self.actor == shaper.code
        mine, is_s = self.rows.compress(mask), self.is_s.compress(mask)
        strategic = busiest(self.table, mine.compress(is_s), n)
        return strategic + busiest(self.table, mine.compress(~is_s), n)

    def span(self, shaper: Shaper) -> tuple[int, int]:
        """When this person's shaping started and ended (microseconds)."""
        mine = self.rows[self.actor == shaper.code]
        return int(self.table.when[mine[0]]), int(self.table.when[mine[-1]])


SHAPING_STEP = 1 << 18


def shaping_counts(
    actor: np.ndarray, is_s: np.ndarray, n_actors: int, step: int = SHAPING_STEP
) -> tuple[np.ndarray, np.ndarray]:
    """(strategic, tactical) rows per actor code: ``np.bincount(actor[is_s])`` and
    ``np.bincount(actor[~is_s])``, counted ``step`` rows at a time with ``compress`` (numpy's
    boolean subscript costs ≈ 4× as much on a mask as mixed as the labels; whole-column picks
    and their int64 copies for bincount were ≈ 30 MB at 4M shaping rows)."""
    strategic = np.zeros(n_actors, np.int64)
    every = np.zeros(n_actors, np.int64)
    for begin in range(0, len(actor), step):
        part = actor[begin : begin + step]
        strategic += np.bincount(part.compress(is_s[begin : begin + step]), minlength=n_actors)
        every += np.bincount(part, minlength=n_actors)
    return strategic, every - strategic


def busiest(table: LabelledActivities, rows: np.ndarray, n: int) -> list[str]:
    """The ``n`` items with the most of ``rows`` (rows in time order); ties: the first seen."""
    uniq, first, counts = np.unique(table.item[rows], return_index=True, return_counts=True)
    order = np.lexsort((first, -counts))[:n]
    return [table.item_ids[i] for i in uniq[order].tolist()]


__all__: Sequence[str] = ()
