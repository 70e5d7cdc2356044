"""Boards whose activities are columns (connectors.columns) read as their objects do, in the
checks the Jira CSV reader and the store rely on: the change-history test, mentions, a report."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np

from analyzer.flags.items import has_change_history
from analyzer.pipeline import scan_board
from connectors.columns import KIND_CODE, ActivityColumns, ActivityList, columns_of
from connectors.interface import Activity, ActivityKind, Board, Item, Person
from connectors.mapping.common import resolve_board_mentions

T0 = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def as_list(activities: list[Activity]) -> ActivityList:
    """``activities`` (all in UTC) as columns behind an ActivityList."""
    item_ids = list(dict.fromkeys(a.item_id for a in activities))
    actor_ids = list(dict.fromkeys(a.actor_id for a in activities if a.actor_id is not None))
    columns = ActivityColumns(
        item_ids,
        actor_ids,
        [None],
        np.array([item_ids.index(a.item_id) for a in activities], np.int32),
        np.array(
            [-1 if a.actor_id is None else actor_ids.index(a.actor_id) for a in activities],
            np.int32,
        ),
        np.array([KIND_CODE[a.kind] for a in activities], np.int16),
        np.zeros(len(activities), np.int16),
        np.array([(a.timestamp - _EPOCH) // timedelta(microseconds=1) for a in activities]),
    )
    return ActivityList(columns)


def _board(activities) -> Board:
    items = [
        Item("jira", str(n), f"Item {n}", key=f"P-{n}", created=T0, reporter="ann")
        for n in range(1, 4)
    ]
    people = {p: Person(p, p.title()) for p in ("ann", "bob")}
    return Board("P", "Project", "jira", items=items, activities=activities, people=people)


def _activities() -> list[Activity]:
    k = ActivityKind
    return [
        Activity("1", "ann", k.CREATED, T0),
        Activity("2", "bob", k.COMMENTED, T0 + timedelta(hours=1)),
        Activity("9", "bob", k.MOVED, T0 + timedelta(hours=2)),  # an item not on the board
        Activity("1", None, k.COMMENTED, T0 + timedelta(days=1)),
    ]


def test_change_history_is_read_from_the_columns_without_objects() -> None:
    only_comments = [a for a in _activities() if a.kind != ActivityKind.MOVED]
    board = _board(as_list(only_comments))
    assert not has_change_history(board)
    assert columns_of(board.activities) is not None  # still columns: no object list made
    assert has_change_history(_board(as_list(_activities())))


def test_mentions_leave_columns_alone() -> None:
    board = _board(as_list(_activities()))
    board.items[0].description = "ask @ann"
    resolve_board_mentions(board)
    assert columns_of(board.activities) is not None


def test_a_report_is_the_same_from_columns() -> None:
    from analyzer.formats import get_format

    when = datetime(2026, 4, 1, tzinfo=UTC)
    render = get_format("json").render
    objects = render(scan_board(_board(_activities()), generated_at=when))
    columns = render(scan_board(_board(as_list(_activities())), generated_at=when))
    assert objects == columns


def test_zones_are_the_dict_of_datetimes_they_replace() -> None:
    # Zones (three int64 arrays) must read as the {row: datetime} dict a reader keeps: the same
    # datetimes with the same zone (or none), the same rows after take(), a KeyError elsewhere.
    from datetime import timezone

    import pytest

    from connectors.columns import Zones
    from connectors.store.keys import utc_us

    zones = [
        timezone(timedelta(hours=2)),
        timezone(timedelta(hours=-9, minutes=-30)),
        timezone(timedelta(hours=5, minutes=45, seconds=7, microseconds=11)),
        None,
    ]
    stamps = {}
    for row in range(0, 300, 3):
        zone = zones[row % len(zones)]
        stamps[row] = datetime(1905 + row // 2, 1 + row % 12, 28, row % 24, 59, 58, row, zone)
    rows = np.array(list(stamps)[::-1], np.int64)  # any order in, sorted inside
    us = np.array([utc_us(stamps[r]) for r in rows.tolist()], np.int64)
    offsets = np.array(
        [Zones.NAIVE if (o := stamps[r].utcoffset()) is None else o // timedelta(microseconds=1)
         for r in rows.tolist()],
        np.int64,
    )  # fmt: skip
    compact = Zones(rows, us, offsets)
    assert len(compact) == len(stamps) and bool(compact) and compact == stamps
    for row, moment in compact.items():
        assert moment == stamps[row] and moment.tzinfo == stamps[row].tzinfo
        assert moment.isoformat() == stamps[row].isoformat()
    assert compact.get(1) is None and compact.get(3) == stamps[3]
    with pytest.raises(KeyError):
        compact[301]
    order = np.array([299, 3, 0, 150, 7, 6], np.int64)  # rows of a 300-row table, new order
    taken = compact.take(order, 300)
    assert dict(taken.items()) == {1: stamps[3], 2: stamps[0], 3: stamps[150], 5: stamps[6]}
    columns = ActivityColumns(
        ["1"], [], [None], np.zeros(300, np.int32), np.full(300, -1, np.int32),
        np.zeros(300, np.int16), np.zeros(300, np.int16),
        np.array([utc_us(stamps.get(r, T0)) for r in range(300)], np.int64), compact,
    )  # fmt: skip
    assert [columns.timestamp(r) for r in range(300)] == [stamps.get(r, T0) for r in range(300)]
    assert dict(columns.take(order).zones.items()) == dict(taken.items())


def _codes_by_first_row_reference(codes: np.ndarray) -> np.ndarray:
    """The form ``connectors.columns`` used before: ``np.unique`` sorts a copy of every row."""
    present, first = np.unique(codes, return_index=True)
    return present[np.argsort(first, kind="stable")]


def test_codes_in_order_of_first_row_equal_the_unique_based_reference(monkeypatch) -> None:
    import connectors.columns as columns_module

    rng = np.random.default_rng(7)
    for step in (1 << 20, 7, 1):  # one np.minimum.at call, and chunks that split the rows
        monkeypatch.setattr(columns_module, "_FIRST_ROW_STEP", step)
        for size, count in ((1, 1), (5, 9), (40, 6), (300, 300), (1000, 40)):
            codes = rng.integers(0, count, size).astype(np.int32)
            got = columns_module.codes_by_first_row(codes, count)
            assert got.tolist() == _codes_by_first_row_reference(codes).tolist()
        sorted_codes = np.repeat(np.arange(6, dtype=np.int32), 3)  # already in order
        assert columns_module.codes_by_first_row(sorted_codes, 8).tolist() == list(range(6))
        reversed_codes = sorted_codes[::-1].copy()  # codes 6 and 7 unused: dropped
        assert columns_module.codes_by_first_row(reversed_codes, 8).tolist() == [5, 4, 3, 2, 1, 0]


def test_renumber_gives_codes_in_order_of_first_appearance_and_drops_unused_ones() -> None:
    columns = ActivityColumns(
        ["a", "b", "c", "d"],
        ["p", "q", "r"],
        [None],
        np.array([2, 0, 2, 3, 0], np.int32),
        np.array([-1, 2, 0, 2, -1], np.int32),
        np.zeros(5, np.int16),
        np.zeros(5, np.int16),
        np.arange(5, dtype=np.int64),
    )
    columns.renumber()
    assert columns.item_ids == ["c", "a", "d"]  # "b" is on no row
    assert columns.item.tolist() == [0, 1, 0, 2, 1]
    assert columns.actor_ids == ["r", "p"]  # "q" acts on no row; -1 (no actor) stays -1
    assert columns.actor.tolist() == [-1, 0, 1, 0, -1]
