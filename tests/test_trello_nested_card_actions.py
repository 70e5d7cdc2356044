"""A board saved from the Trello API as its cards, lists, labels and members, each card with its
own actions nested in it (``/1/boards/{id}/cards?actions=all``, as a script saves it; session
36: a real board's 778 actions in its 57 cards, read as "the export holds no actions"). The
reader takes the cards' actions for the board's when the board holds none of its own. Fixtures
are built here, not real boards."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from analyzer.cli import app
from analyzer.pipeline import read_board
from connectors.interface import ActivityKind

BOARD = "65a0f0000000000000000b01"
TODO, DONE = "65a0f0000000000000000l01", "65a0f0000000000000000l02"
ANA = {"id": "65a0f0000000000000000m01", "fullName": "Ana Lima", "username": "ana"}


def _card_ref(n: int) -> dict:
    return {"id": f"65a0f00000000000000c{n:04d}", "name": f"Write the tests {n}"}


def _actions(n: int) -> list[dict]:
    """Card ``n``'s actions, newest first (as the API lists them): made, moved to Done,
    commented on."""
    card = _card_ref(n)
    base = {"idMemberCreator": ANA["id"], "memberCreator": ANA, "appCreator": None}
    return [
        {
            **base,
            "id": f"65a0f000000000000a{n:02d}0003",
            "type": "commentCard",
            "date": f"2024-11-{n + 3:02d}T10:00:00.000Z",
            "data": {"card": card, "text": "looks good", "board": {"id": BOARD}},
        },
        {
            **base,
            "id": f"65a0f000000000000a{n:02d}0002",
            "type": "updateCard",
            "date": f"2024-11-{n + 2:02d}T10:00:00.000Z",
            "data": {
                "card": {**card, "idList": DONE},
                "old": {"idList": TODO},
                "listBefore": {"id": TODO, "name": "To Do"},
                "listAfter": {"id": DONE, "name": "Done"},
                "board": {"id": BOARD},
            },
        },
        {
            **base,
            "id": f"65a0f000000000000a{n:02d}0001",
            "type": "createCard",
            "date": f"2024-11-{n + 1:02d}T10:00:00.000Z",
            "data": {"card": card, "list": {"id": TODO, "name": "To Do"}, "board": {"id": BOARD}},
        },
    ]


def _card(n: int, actions: object) -> dict:
    card = {
        **_card_ref(n),
        "desc": "",
        "idBoard": BOARD,
        "idList": DONE,
        "idLabels": [],
        "idMembers": [ANA["id"]],
        "closed": False,
        "pos": 1024 * n,
        "shortLink": f"short{n:03d}",
        "dateLastActivity": f"2024-11-{n + 3:02d}T10:00:00.000Z",
    }
    if actions is not None:
        card["actions"] = actions
    return card


def _saved(tmp_path: Path, cards: list[dict], **board: object) -> Path:
    document = {
        **board,
        "cards": cards,
        "lists": [
            {"id": TODO, "name": "To Do", "closed": False, "idBoard": BOARD},
            {"id": DONE, "name": "Done", "closed": False, "idBoard": BOARD},
        ],
        "labels": [],
        "members": [ANA],
    }
    path = tmp_path / "trello_board.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def _kinds(board) -> list[str]:
    return sorted(a.kind.value for a in board.activities)


@pytest.mark.parametrize("lean", [False, True], ids=["detailed", "lean"])
def test_the_cards_own_actions_are_the_boards_when_it_holds_none(tmp_path, lean):
    """Both read paths (with activity details, and the scan's typed one) read them."""
    path = _saved(tmp_path, [_card(n, _actions(n)) for n in (1, 2, 3)])
    board = read_board(path, activity_details=not lean, shared_empty=lean)
    assert len(board.items) == 3
    assert len(board.activities) == 9
    assert _kinds(board) == sorted(["created", "accepted", "commented"] * 3)
    assert {a.actor_id for a in board.activities} == {ANA["id"]}
    created = {a.item_id: a.timestamp for a in board.activities if a.kind is ActivityKind.CREATED}
    assert sorted(created) == sorted(item.id for item in board.items)
    times = [a.timestamp for a in board.activities]
    assert times == sorted(times)  # (in time order, though each card lists its own newest first)


def test_both_read_paths_give_the_same_activities(tmp_path):
    path = _saved(tmp_path, [_card(n, _actions(n)) for n in (1, 2)], id=BOARD, name="Thesis")

    def seen(board):
        return [(a.item_id, a.actor_id, a.kind, a.timestamp) for a in board.activities]

    detailed = read_board(path, activity_details=True)
    lean = read_board(path, activity_details=False, shared_empty=True)
    assert seen(detailed) == seen(lean)
    assert len(seen(lean)) == 6


@pytest.mark.parametrize("lean", [False, True], ids=["detailed", "lean"])
def test_a_board_with_actions_of_its_own_reads_those_alone(tmp_path, lean):
    """A board's own actions are its history: its cards' (were any there) are not read again."""
    path = _saved(
        tmp_path,
        [_card(n, _actions(n)) for n in (1, 2)],
        id=BOARD,
        name="Thesis",
        actions=_actions(1)[-1:],  # the first card's creation alone
    )
    board = read_board(path, activity_details=not lean, shared_empty=lean)
    assert _kinds(board) == ["created"]


@pytest.mark.parametrize("lean", [False, True], ids=["detailed", "lean"])
@pytest.mark.parametrize("odd", [None, 5, {"type": "createCard"}, [], "x"])
def test_odd_nested_actions_are_no_actions(tmp_path, lean, odd):
    """A card's ``actions`` that is not a list of actions reads as none; the card is read."""
    path = _saved(tmp_path, [_card(1, odd), _card(2, _actions(2))])
    board = read_board(path, activity_details=not lean, shared_empty=lean)
    assert len(board.items) == 2
    assert len(board.activities) == 3


def test_the_scan_reports_the_nested_history(tmp_path):
    path = _saved(tmp_path, [_card(n, _actions(n)) for n in (1, 2, 3)])
    result = CliRunner().invoke(app, ["scan", str(path), "--format", "json", "-o", "-"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["summary"]["total_activities"] == 9
    assert report["summary"]["done_items"] == 3
    assert "holds no actions" not in result.output
