"""A Trello list whose name ends a stage of the work or hands it on to one ("Testing Complete",
"Released to QA"), or names the step "Accept", is no done list: its cards stay open and a move
into it is no acceptance, in both readers (session 33; the same done words read Jira's
statuses). Own small board."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from connectors.exports.trello_json import TrelloExport
from connectors.interface import ActivityKind
from connectors.mapping.trello import map_board_json

LISTS = {
    "l1": "Doing",
    "l2": "Testing Complete",
    "l3": "Released to QA",
    "l4": "Done",
    "l5": "Accept",  # where work waits for acceptance (a step, not a state)
}
ANA = {"id": "5a0000000000000000000001", "fullName": "Ana", "username": "ana"}


def _card(n: int, list_id: str) -> dict:
    return {"id": f"c{n}", "name": f"Card {n}", "idList": list_id, "closed": False, "desc": ""}


def _move(n: int, card: int, before: str, after: str) -> dict:
    return {
        "id": f"5f69fa10e701743e9b01f7{n:02d}",
        "type": "updateCard",
        "date": f"2026-03-0{n}T10:00:00.000Z",
        "idMemberCreator": ANA["id"],
        "memberCreator": dict(ANA),
        "data": {
            "card": {"id": f"c{card}", "name": f"Card {card}", "idList": after},
            "old": {"idList": before},
            "listBefore": {"id": before, "name": LISTS[before]},
            "listAfter": {"id": after, "name": LISTS[after]},
        },
    }


def _board() -> dict:
    return {
        "id": "5f3c2a1b0e9d8c7b6a5f4e3d",
        "name": "Gates",
        "closed": False,
        "idOrganization": None,
        "url": "https://trello.invalid/b/AbCdEf12/gates",
        "shortLink": "AbCdEf12",
        "prefs": {"permissionLevel": "private"},
        "labelNames": {},
        "lists": [{"id": i, "name": name, "closed": False} for i, name in LISTS.items()],
        "cards": [_card(1, "l2"), _card(2, "l3"), _card(3, "l4"), _card(4, "l5")],
        "actions": [
            _move(4, 4, "l1", "l5"),
            _move(3, 3, "l1", "l4"),
            _move(2, 2, "l1", "l3"),
            _move(1, 1, "l1", "l2"),
        ],
        "members": [ANA],
        "labels": [],
        "checklists": [],
        "customFields": [],
    }


@pytest.mark.parametrize("way", ["dict", "typed", "export"])
def test_cards_in_a_gate_list_are_open_and_moving_there_is_no_acceptance(tmp_path: Path, way):
    path = tmp_path / "gates.json"
    path.write_text(json.dumps(_board()), encoding="utf-8")
    board = {
        "dict": lambda: map_board_json(_board()),
        "typed": lambda: TrelloExport(path, activity_details=False).load(),
        "export": lambda: TrelloExport(path).load(),
    }[way]()
    done = {item.title: item.status_category for item in board.items}
    assert done == {"Card 1": None, "Card 2": None, "Card 3": "done", "Card 4": None}
    moves = sorted((a.item_id, a.kind) for a in board.activities if a.kind != "created")
    assert moves == [
        ("c1", ActivityKind.MOVED),
        ("c2", ActivityKind.MOVED),
        ("c3", ActivityKind.ACCEPTED),
        ("c4", ActivityKind.MOVED),
    ]
