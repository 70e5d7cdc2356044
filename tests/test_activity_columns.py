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
