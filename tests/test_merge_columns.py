"""merge_boards keeps boards read as columns as columns, and merges them as it merges objects."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from connectors.columns import ActivityList, ActivityRows, Zones, columns_of
from connectors.interface import Activity, ActivityKind, Board, Item
from connectors.merge import merge_boards
from connectors.store import Store

T0 = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
PARIS = timezone(timedelta(hours=2))


def _activities(ids: list[str], shift: int) -> list[Activity]:
    acts = []
    for n in range(40):
        when = T0 + timedelta(minutes=7 * n + shift)
        if n % 3 == 0:
            when = when.astimezone(PARIS)
        elif n % 7 == 0:
            when = when.replace(tzinfo=None)  # naive, as a CSV gives it
        actor = None if n % 5 == 0 else f"u{n % 4}"
        acts.append(Activity(ids[n % len(ids)], actor, list(ActivityKind)[n % 4], when, id=f"{n}"))
    return acts


def _stored_boards(tmp_path: Path) -> list[Board]:
    with Store(tmp_path / "s.sqlite") as store:
        for n, (origin, ids) in enumerate(
            [
                ("https://a.example", ["1", "2", "3"]),
                ("https://a.example", ["3", "4"]),  # the same site: item 3 counted once
                ("https://b.example", ["1", "5"]),  # another site: its item 1 renamed
            ]
        ):
            sid = store.source("jira", f"k{n}", f"n{n}", origin=origin)
            items = [Item("jira", i, f"t{i}", key=f"P-{i}") for i in ids]
            store.save_page(sid, items, _activities(ids, n))
        return [store.load_board(s.id, activity_details=False) for s in store.sources()]


def _facts(board: Board) -> tuple:
    return (
        [(i.id, i.title) for i in board.items],
        [(a.item_id, a.actor_id, a.kind, a.timestamp.isoformat()) for a in board.activities],
    )


def test_column_boards_merge_as_their_objects_do(tmp_path: Path) -> None:
    as_columns = _stored_boards(tmp_path)
    assert all(columns_of(b.activities) is not None for b in as_columns)
    (tmp_path / "again").mkdir()
    as_objects = _stored_boards(tmp_path / "again")
    for board in as_objects:
        board.activities = list(board.activities)  # plain objects: the merge's object path
    merged = merge_boards(as_columns)
    reference = merge_boards(as_objects)
    columns = columns_of(merged.activities)
    assert columns is not None and isinstance(columns.zones, Zones)
    assert _facts(merged) == _facts(reference)
    assert [i.id for i in merged.items] == ["1", "2", "3", "4", "2:1", "5"]
    # the second board's rows of item 3 are left out with it
    assert sum(a.item_id == "3" for a in merged.activities) == 13


def test_a_readers_zone_dict_merges_too() -> None:
    # Export readers keep zones as a dict of datetimes: merged with another board, the rows keep
    # their own zones (and a board of objects makes the merge fall back to objects).
    def board(origin: str, ids: list[str]) -> Board:
        rows = ActivityRows()
        for a in _activities(ids, 1):
            if a.timestamp.tzinfo is not None:
                rows.add_activity(a)
        b = Board(origin, origin, "jira", items=[Item("jira", i, "t") for i in ids], origin=origin)
        b.activities = ActivityList(rows.in_time_order())
        return b

    first, second = board("x.json", ["1", "2"]), board("y.json", ["3"])
    zones = columns_of(first.activities).zones
    assert isinstance(zones, dict) and zones
    expected = [*first.activities, *second.activities]
    merged = merge_boards([first, second])
    assert [(a.item_id, a.timestamp.isoformat()) for a in merged.activities] == [
        (a.item_id, a.timestamp.isoformat()) for a in expected
    ]
    objects = board("z.json", ["9"])
    objects.activities = list(objects.activities)
    columns = board("x.json", ["1"])
    expected = [*columns.activities, *objects.activities]
    mixed = merge_boards([columns, objects])
    assert columns_of(mixed.activities) is None and mixed.activities == expected
