"""A scan's own board read from a Trello or Jira JSON export (``shared_empty=True``) holds one
empty list and one empty dict for all its items and one list for equal label/member/component
lists, shared while reading (never one per item), and is otherwise the board a read without
sharing gives; a library read keeps each item's own."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from connectors.exports import read_export
from connectors.exports.jira_json import JiraJsonExport
from connectors.exports.trello_json import TrelloExport
from connectors.interface import Board, Item
from connectors.mapping import shared as shared_module
from connectors.mapping.clean import clean_board
from connectors.mapping.shared import SharedCollections
from tests.test_jira_typed import _facts as jira_facts
from tests.test_jira_typed import _issue
from tests.test_trello_typed import _board as trello_board
from tests.test_trello_typed import _facts as trello_facts

FIXTURES = Path(__file__).parent / "fixtures"
LIST_FIELDS = ("labels", "members", "checklist_items", "components", "fix_versions")


def _empties(board: Board) -> tuple[set[int], set[int]]:
    """Ids of the distinct empty lists and empty dicts the board's items hold."""
    lists = {
        id(value)
        for item in board.items
        for name in LIST_FIELDS
        if not (value := getattr(item, name))
    }
    dicts = {id(item.custom_fields) for item in board.items if not item.custom_fields}
    return lists, dicts


def _unranked(shared: Board, alone: Board) -> Board:
    """``alone`` as a scan's Trello board reads it: the cards' rank (their ``pos``, which no
    report reads) left out; a Jira board keeps its rank."""
    if shared.source == "trello":
        assert all(item.rank is None for item in shared.items)
        for item in alone.items:
            item.rank = None
    return alone


def _check_shared(shared: Board, alone: Board) -> None:
    lists, dicts = _empties(shared)
    assert len(lists) == 1 and len(dicts) <= 1
    assert len(_empties(alone)[0]) > 1  # without sharing: each item's empties are its own
    clean_board(shared, details=False)  # cleaning never fills a shared empty
    assert _empties(shared)[0] == lists


@pytest.mark.parametrize(
    "name",
    [
        "trello_board_basic.json",
        "trello_board_with_archived_cards.json",
        "roles3_trello_board.json",
        "jira_search_v2.json",
        "jira_search_v3.json",
        "jira_issues_array.json",
        "jira_pages_concatenated.json",
    ],
)
def test_a_scans_json_board_shares_its_empties_and_reads_the_same(name: str) -> None:
    path = FIXTURES / name
    alone = read_export(path, activity_details=False)
    shared = read_export(path, activity_details=False, shared_empty=True)
    assert shared.items == _unranked(shared, alone).items
    assert list(shared.activities) == list(alone.activities)
    assert shared.skipped == alone.skipped and shared.people == alone.people
    _check_shared(shared, alone)


@pytest.mark.parametrize("seed", range(6))
def test_hostile_trello_boards_read_the_same_with_shared_empties(tmp_path: Path, seed: int):
    """Cards read by type and by the dict-based reader (rejected ones), labels named by id once
    the board's labels are read (before or after the cards), board-level checklists, custom
    fields: the same board, and the labels a card gets later are never put in the shared list."""
    path = tmp_path / "board.json"
    path.write_text(json.dumps(trello_board(seed, lists_first=seed % 2 == 0)), "utf-8")
    alone = TrelloExport(path, activity_details=False).load()
    shared = TrelloExport(path, activity_details=False, shared_empty=True).load()
    assert any(item.rank for item in alone.items)  # (cards with a pos, typed and not)
    assert trello_facts(shared) == trello_facts(_unranked(shared, alone))
    assert any(i.labels or i.checklist_items or i.members for i in shared.items)
    _check_shared(shared, alone)


def test_trello_labels_named_after_the_cards_are_each_cards_own(tmp_path: Path) -> None:
    cards = [
        {"id": "c1", "name": "One", "idList": "L1", "idLabels": ["G1"]},
        {"id": "c2", "name": "Two", "idList": "L1", "idLabels": ["G2"]},
        {"id": "c3", "name": "Three", "idList": "L1", "idLabels": ["G9"]},  # no such label
        {"id": "c4", "name": "Four", "idList": "L1"},
    ]
    board = {
        "id": "B",
        "name": "Late labels",
        "cards": cards,
        "actions": [],
        "lists": [{"id": "L1", "name": "To do"}],
        "labels": [{"id": "G1", "name": "bet"}, {"id": "G2", "color": "red"}],
        "checklists": [{"idCard": "c2", "checkItems": [{"name": "step", "pos": 1}]}],
    }
    path = tmp_path / "board.json"
    path.write_text(json.dumps(board), "utf-8")
    read = TrelloExport(path, activity_details=False, shared_empty=True).load()
    one, two, three, four = read.items
    assert (one.labels, two.labels, three.labels, four.labels) == (["bet"], ["red"], [], [])
    assert one.labels is not two.labels
    assert three.labels is four.labels is four.members is one.checklist_items
    assert two.checklist_items == ["step"] and two.checklist_items is not four.checklist_items


@pytest.mark.parametrize("names_first", [True, False])
@pytest.mark.parametrize("seed", range(4))
def test_hostile_jira_pages_read_the_same_with_shared_empties(
    tmp_path: Path, seed: int, names_first: bool
) -> None:
    """Issues read by type and by the dict-based mapper (hostile ones), with and without
    labels, components, fix versions and watchers: the same board either way."""
    rng = random.Random(seed)
    issues = [_issue(rng, n) for n in range(120)]
    for n, issue in enumerate(issues):
        if isinstance(issue, dict) and isinstance(issue.get("fields"), dict) and n % 3 == 0:
            issue["fields"].update(
                labels=["growth", "ux"][: n % 3],
                components=[{"name": "API"}] if n % 2 else [],
                fixVersions=[{"name": "1.0"}],
                watches={"watchers": [{"accountId": "u1", "displayName": "Ada"}]},
            )
    names = {"customfield_1": "Sprint"}
    page = {"names": names, "issues": issues} if names_first else {"issues": issues, "names": names}
    path = tmp_path / "issues.json"
    path.write_text(json.dumps(page), "utf-8")
    alone = JiraJsonExport(path, activity_details=False).load()
    shared = JiraJsonExport(path, activity_details=False, shared_empty=True).load()
    assert alone.skipped, "the page has bad issues to skip"
    assert jira_facts(shared) == jira_facts(alone)
    assert any(i.components for i in shared.items) and any(i.fix_versions for i in shared.items)
    _check_shared(shared, alone)


def test_with_activity_details_nothing_is_shared() -> None:
    for name in ("trello_board_basic.json", "jira_search_v2.json"):
        board = read_export(FIXTURES / name, shared_empty=True)
        assert len(_empties(board)[0]) > 1


def _card(n: int, labels: list[str], members: list[str]) -> dict:
    return {
        "id": f"c{n}",
        "name": f"Card {n}",
        "idList": "L1",
        "labels": [{"name": name} for name in labels],
        "idMembers": members,
    }


def test_equal_label_and_member_lists_are_one_list(tmp_path: Path) -> None:
    cards = [
        _card(1, ["bet", "ux"], ["M1"]),
        _card(2, ["bet", "ux"], ["M1"]),
        _card(3, ["ux", "bet"], ["M1", "M2"]),
        _card(4, ["bad\u0007label"], []),
        _card(5, ["bad\u0007label"], []),
    ]
    board = {"id": "B", "name": "Lists", "cards": cards, "actions": []}
    board["lists"] = [{"id": "L1", "name": "To do"}]
    path = tmp_path / "board.json"
    path.write_text(json.dumps(board), "utf-8")
    alone = TrelloExport(path, activity_details=False).load()
    read = TrelloExport(path, activity_details=False, shared_empty=True).load()
    assert read.items == alone.items
    one, two, three, four, five = read.items
    assert one.labels is two.labels and one.members is two.members
    assert three.labels is not one.labels and three.members is not one.members  # (order counts)
    assert four.labels is five.labels
    clean_board(read, details=False)  # a shared list cleaned in place: right for every item
    clean_board(alone, details=False)
    assert read.items == alone.items and "\u0007" not in four.labels[0]


def test_equal_jira_lists_are_one_list(tmp_path: Path) -> None:
    def issue(n: int) -> dict:
        fields = {
            "summary": f"Issue {n}",
            "labels": ["growth", "ux"],
            "components": [{"name": "API"}],
            "fixVersions": [{"name": "1.0"}] if n % 2 else [],
        }
        return {"id": str(n), "key": f"P-{n}", "fields": fields}

    path = tmp_path / "issues.json"
    path.write_text(json.dumps({"issues": [issue(n) for n in range(6)]}), "utf-8")
    alone = JiraJsonExport(path, activity_details=False).load()
    read = JiraJsonExport(path, activity_details=False, shared_empty=True).load()
    assert read.items == alone.items
    assert len({id(i.labels) for i in read.items}) == 1
    assert len({id(i.components) for i in read.items}) == 1
    assert len({id(i.fix_versions) for i in read.items}) == 2  # ["1.0"] and the empty one
    assert len({id(i.labels) for i in alone.items}) == 6


def test_shared_collections_keep_a_bounded_number_of_lists(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(shared_module, "MAX_LISTS", 2)
    shared = SharedCollections()
    first, second, third = ["a"], ["b"], ["c"]
    assert shared.list(first) is first and shared.list(["a"]) is first
    assert shared.list(second) is second and shared.list(third) is third
    assert shared.list(["c"]) is not third  # (over the bound: not remembered, still equal)
    assert shared.list([]) is shared.no_list
    item = Item("trello", "x", "X", labels=["a"], members=[], custom_fields={})
    shared.item(item)
    assert item.labels is first and item.members is shared.no_list
    assert item.components is shared.no_list and item.custom_fields is shared.no_dict
    kept = {"k": "v"}
    item = Item("trello", "y", "Y", custom_fields=kept)
    shared.item(item)
    assert item.custom_fields is kept
