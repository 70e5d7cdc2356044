"""research/list_history.py: the lists an item was ever in, and which names are direction work."""

from __future__ import annotations

from datetime import UTC, datetime

from connectors.interface import Activity, ActivityKind, Board, Item
from research.list_history import _children_of_strategic, direction_place, history_of

NOW = datetime(2024, 1, 1, tzinfo=UTC)


def test_history_of_collects_created_and_moved_lists_and_counts_activities():
    board = Board(id="b", name="b", source="trello")
    board.activities = [
        Activity("c1", None, ActivityKind.CREATED, NOW, "list", None, "Ideas"),
        Activity("c1", None, ActivityKind.MOVED, NOW, "list", "Ideas", "Doing"),
        Activity("c1", None, ActivityKind.ACCEPTED, NOW, "list", "Doing", "Done"),
        Activity("c1", None, ActivityKind.COMMENTED, NOW, text="hi"),
        Activity("c2", None, ActivityKind.FIELD_CHANGED, NOW, "description", "a", "b"),
    ]
    count, places = history_of(board)
    assert count == {"c1": 4, "c2": 1}
    assert places == {"c1": {"Ideas", "Doing", "Done"}}


def test_direction_place():
    assert direction_place("Ideas") == "direction"
    assert direction_place("Product roadmap") == "direction"
    assert direction_place("Backlog / Future work / Ideas") == "mixed"
    assert direction_place("Done") == ""
    assert direction_place(None) == ""


def test_children_of_strategic_by_key_or_id():
    items = [
        Item(source="jira", id="1", title="a", key="K-1"),
        Item(source="jira", id="2", title="b", key="K-2", parent="K-1"),
        Item(source="jira", id="3", title="c", key="K-3", parent="1"),
        Item(source="jira", id="4", title="d", key="K-4", parent="K-2"),
    ]
    board = Board(id="b", name="b", source="jira", items=items)
    read = {"1": ("strategic", 0.9), "2": ("tactical", 0.8), "3": ("strategic", 0.7)}
    read["4"] = ("tactical", 0.9)
    assert [item.id for item in _children_of_strategic(board, read)] == ["2"]
