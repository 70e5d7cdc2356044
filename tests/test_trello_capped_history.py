"""A Trello JSON export keeps only the board's newest 1000 actions (session 16: fresh7's IHR-SE
board, nine months of cards and 15 days of actions). The reader says so on the board
(``Board.history_capped``) and the report notes what is missing, so its activity, people and
drift are not read as the board's whole history. Fixtures are built here, not real boards."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from analyzer.cli import app
from analyzer.pipeline import read_board, scan_board
from connectors.exports.trello_json import EXPORT_ACTION_CAP

OLD_CARD = "5e0000000000000000000c01"  # its id says it was created on 2019-12-22
NEW_CARD = "65a0f0000000000000000c02"  # created on 2024-01-12
SAME_DAY_CARD = "65e199100000000000000c03"  # created on 2024-03-01, the first kept action's day
MEMBER = {"id": "65a0f0000000000000000m01", "fullName": "Ana Lima", "username": "ana"}
FIRST_ACTION = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)


def _action(n: int, card: str) -> dict:
    when = FIRST_ACTION + timedelta(minutes=n)
    return {
        "id": f"{n:024x}",
        "idMemberCreator": MEMBER["id"],
        "type": "updateCard",
        "date": when.isoformat().replace("+00:00", "Z"),
        "data": {
            "old": {"name": f"Old name {n}"},
            "card": {"id": card, "name": f"Card {card[-2:]}", "shortLink": f"card{card[-4:]}"},
            "board": {"id": "65a0f0000000000000000b01"},
        },
        "memberCreator": MEMBER,
    }


def _export(tmp_path: Path, actions: int, cards: tuple[str, ...] = (OLD_CARD, NEW_CARD)) -> Path:
    """A board export with ``actions`` actions (newest first, as Trello writes them), every one
    on the newest card, and ``cards``."""
    board = {
        "id": "65a0f0000000000000000b01",
        "name": "Capped board",
        "shortLink": "capped01",
        "actions": [_action(n, cards[-1]) for n in reversed(range(actions))],
        "cards": [
            {
                "id": card,
                "name": f"Card {card[-2:]}",
                "desc": "",
                "idList": "65a0f0000000000000000l01",
                "idLabels": [],
                "idMembers": [],
                "closed": False,
                "pos": 1024 * (n + 1),
                "shortLink": f"card{card[-4:]}",
            }
            for n, card in enumerate(cards)
        ],
        "lists": [{"id": "65a0f0000000000000000l01", "name": "Backlog", "closed": False}],
        "labels": [],
        "members": [MEMBER],
        "checklists": [],
    }
    path = tmp_path / "board.json"
    path.write_text(json.dumps(board), encoding="utf-8")
    return path


@pytest.mark.parametrize("lean", [False, True], ids=["detailed", "lean"])
def test_an_export_holding_trellos_most_actions_is_marked_capped(tmp_path, lean):
    """Both read paths (with activity details, and the scan's typed one) mark it."""
    path = _export(tmp_path, EXPORT_ACTION_CAP)
    board = read_board(path, activity_details=not lean, shared_empty=lean)
    assert board.history_capped == EXPORT_ACTION_CAP == 1000
    assert len(board.activities) == EXPORT_ACTION_CAP


@pytest.mark.parametrize("actions", [0, 1, 999, 1001])
def test_any_other_number_of_actions_is_not_capped(tmp_path, actions):
    """Below the cap the export holds the whole history; above it, it is no Trello export's cap."""
    for lean in (False, True):
        board = read_board(_export(tmp_path, actions), activity_details=not lean, shared_empty=lean)
        assert board.history_capped is None


def test_the_report_says_what_a_capped_export_left_out(tmp_path):
    """Its cards go back before the oldest action kept: the note gives both dates and the way to
    read the whole history."""
    board = read_board(_export(tmp_path, EXPORT_ACTION_CAP), activity_details=False)
    notes = [n for n in scan_board(board).notes if "1000 actions" in n]
    assert notes == [
        "The export holds 1000 actions, the most a Trello JSON export keeps: activity before "
        "2024-03-01 is not in it, though its cards go back to 2019-12-22; activity, people and "
        "drift cover only what it kept (`fetch trello` reads the whole history)."
    ]


def test_no_note_when_the_kept_actions_reach_back_to_every_card(tmp_path):
    """Capped, but no card is older than the first kept action's day: nothing is known to
    be missing."""
    board = read_board(_export(tmp_path, EXPORT_ACTION_CAP, cards=(SAME_DAY_CARD,)))
    assert board.history_capped == EXPORT_ACTION_CAP
    assert not [n for n in scan_board(board).notes if "1000 actions" in n]


def test_no_note_below_the_cap(tmp_path):
    board = read_board(_export(tmp_path, 999))
    assert not [n for n in scan_board(board).notes if "actions, the most" in n]


def test_scan_prints_the_note(tmp_path):
    """The command a user runs shows it (exit 0)."""
    result = CliRunner().invoke(app, ["scan", str(_export(tmp_path, EXPORT_ACTION_CAP))])
    assert result.exit_code == 0, result.output
    flat = " ".join(result.output.split())
    assert "The export holds 1000 actions, the most a Trello JSON export keeps" in flat
    assert "activity before 2024-03-01 is not in it" in flat
