"""A scan's own board (``read_export(..., shared_empty=True)``) holds one empty list and one
empty dict for all its items, whatever the reader: readers that cannot share while reading
(Trello and Jira JSON) share once read. A library read keeps each item's own."""

from __future__ import annotations

from pathlib import Path

import pytest

from connectors.exports import read_export
from connectors.exports.interface import share_empty_collections
from connectors.interface import Board, Item
from connectors.mapping.clean import clean_board

FIXTURES = Path(__file__).parent / "fixtures"
LIST_FIELDS = ("labels", "members", "checklist_items", "components", "fix_versions")


def _empty_ids(board: Board) -> tuple[set[int], set[int]]:
    lists = {
        id(getattr(item, name))
        for item in board.items
        for name in LIST_FIELDS
        if not getattr(item, name)
    }
    dicts = {id(item.custom_fields) for item in board.items if not item.custom_fields}
    return lists, dicts


@pytest.mark.parametrize(
    "name",
    [
        "trello_board_basic.json",
        "jira_search_v2.json",
        "jira_issues_array.json",
        "jira_export_en.csv",
    ],
)
def test_a_scans_board_shares_its_empties_and_reads_the_same(name: str):
    path = FIXTURES / name
    alone = read_export(path, activity_details=False)
    shared = read_export(path, activity_details=False, shared_empty=True)
    assert shared.items == alone.items
    assert shared.activities == alone.activities and shared.skipped == alone.skipped
    lists, dicts = _empty_ids(shared)
    assert len(lists) == 1 and len(dicts) <= 1
    clean_board(shared, details=False)  # cleaning never fills a shared empty
    assert all(not v for item in shared.items for n in LIST_FIELDS if not (v := getattr(item, n)))
    own_lists, _ = _empty_ids(alone)
    assert len(own_lists) > 1  # a library read: each item's empties are its own


def test_with_activity_details_nothing_is_shared():
    board = read_export(FIXTURES / "trello_board_basic.json", shared_empty=True)
    assert len(_empty_ids(board)[0]) > 1


def test_sharing_keeps_filled_collections_and_reuses_an_already_shared_empty():
    shared: list[str] = []
    items = [
        Item("trello", "a", "A", labels=shared, members=shared),
        Item("trello", "b", "B", labels=["x"], custom_fields={"k": "v"}),
        Item("trello", "c", "C"),
    ]
    board = Board("b", "B", "trello", items=items)
    share_empty_collections(board)
    assert items[1].labels == ["x"] and items[1].custom_fields == {"k": "v"}
    assert items[2].labels is shared and items[2].members is shared
    assert items[2].components is shared and items[0].custom_fields is items[2].custom_fields
    share_empty_collections(Board("e", "E", "trello"))  # no items: nothing to do
