"""JSON that is not a board export is refused in one line; an empty board export still reads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from connectors.exports import detect_format, read_export
from connectors.exports.trello_json import TrelloExport
from connectors.interface import ExportFormatError
from connectors.mapping.trello import is_board_json
from tests.conftest import FIXTURES

EMPTY = FIXTURES / "trello_board_empty.json"  # the members Trello's export of an empty board has
HAND_MADE = FIXTURES / "not_a_board_roadmap.json"  # {"board": name, "lists": [{…, "cards"}]}


@pytest.mark.parametrize("lean", [False, True])
def test_an_empty_board_export_reads_as_an_empty_board(lean: bool) -> None:
    assert detect_format(EMPTY) == "trello-json"
    board = read_export(EMPTY, activity_details=not lean, shared_empty=lean)
    assert (board.name, board.items, board.skipped) == ("Empty board", [], [])


def test_a_hand_made_roadmap_is_refused_saying_what_an_export_is() -> None:
    with pytest.raises(ExportFormatError) as refused:
        read_export(HAND_MADE)
    said = str(refused.value)
    assert "is JSON but not a Trello board export or Jira issues" in said
    assert "board's id, name, actions, cards and lists" in said
    assert "issues, each with a key and fields" in said and "\n" not in said


@pytest.mark.parametrize("indent", [None, 2])
def test_boards_saved_together_in_one_list_are_told_so(tmp_path: Path, indent: int | None):
    """Two board exports put into one JSON list (main: "is JSON but not a Trello board export
    or Jira issues", as if neither were one): one line saying so and how to scan both."""
    board = json.loads(EMPTY.read_text("utf-8"))
    path = tmp_path / "boards.json"
    path.write_text(json.dumps([board, board], indent=indent), "utf-8")
    with pytest.raises(ExportFormatError) as refused:
        read_export(path)
    said = str(refused.value)
    assert "holds 2 Trello board JSON exports in one list" in said and "\n" not in said
    assert "save each board to a file of its own and scan them together" in said
    path.write_text(json.dumps([board], indent=indent), "utf-8")
    with pytest.raises(ExportFormatError, match=r"holds a Trello board JSON export inside a list"):
        read_export(path)


def test_a_scan_of_a_hand_made_roadmap_is_one_line_and_exit_2(capsys) -> None:
    from analyzer.cli import app

    with pytest.raises(SystemExit) as stopped:
        app(args=["scan", str(HAND_MADE)], prog_name="backlog-analyzer")
    out, err = capsys.readouterr()
    assert stopped.value.code == 2 and out == "" and err.count("\n") == 1
    assert err.startswith("backlog-analyzer: error: ") and "not a Trello board export" in err


def test_lists_whose_head_looks_like_trello_are_refused_by_the_reader(tmp_path: Path) -> None:
    # two of Trello's own keys in the first bytes: the Trello reader judges the whole shape
    path = tmp_path / "lists.json"
    lists = [{"id": "l1", "idBoard": "b1", "name": "Next", "idList": "l0"}]
    path.write_text(json.dumps({"title": "Plan", "lists": lists}), "utf-8")
    assert detect_format(path) == "trello-json"
    with pytest.raises(ExportFormatError, match="is JSON but not a Trello board export: that is"):
        TrelloExport(path).load()


@pytest.mark.parametrize(
    "document",
    [
        {"actions": [], "cards": [], "lists": []},  # a member only the export has
        {"prefs": {}, "lists": []},
        {"id": "5f3c2a1b0e9d8c7b6a5f4e3d", "name": "B", "lists": []},  # the board itself
        {"lists": [], "cards": [{"id": "c1", "name": "x"}]},  # cards to read
    ],
)
def test_what_makes_json_a_board_export(document: dict) -> None:
    assert is_board_json(document)


@pytest.mark.parametrize(
    "document",
    [
        {"board": "B", "lists": [{"name": "Next", "cards": [{"name": "x"}]}]},
        {"lists": [], "cards": []},  # nothing but empty lists
        {"name": "B", "lists": []},  # a name is no board id
        {"id": 7, "name": "B", "cards": []},  # nor a number
        {"actions": [], "cards": {}},  # cards not a list
        {"updatedAt": "2026-08-22", "cards": [{"id": "1", "key": "GAU-1", "title": "x"}]},
        {"cards": [None]},
    ],
)
def test_what_does_not(document: dict) -> None:
    assert not is_board_json(document)


@pytest.mark.parametrize("lean", [False, True])
def test_a_tools_cards_without_names_are_refused(tmp_path: Path, lean: bool) -> None:
    """A tool's JSON of Jira issues as "cards" (session 30: ``{"updatedAt", "totalCards",
    "cards": [{"id", "key", "title", "status", …}]}``) was read as a Trello board of 131 cards
    with no titles, each classified: not a board export, refused in one line."""
    path = tmp_path / "cards.json"
    cards = [{"id": str(n), "key": f"GAU-{n}", "title": f"Task {n}"} for n in range(3)]
    path.write_text(json.dumps({"updatedAt": "2026-08-22", "totalCards": 3, "cards": cards}))
    with pytest.raises(ExportFormatError, match="is JSON but not a Trello board export or Jira"):
        read_export(path, activity_details=not lean, shared_empty=lean)
    with pytest.raises(ExportFormatError, match="is JSON but not a Trello board export: that is"):
        TrelloExport(path, activity_details=not lean, shared_empty=lean).load()


@pytest.mark.parametrize("lean", [False, True])
def test_a_board_with_cards_alone_still_reads(tmp_path: Path, lean: bool) -> None:
    # the streamed cards are seen by the shape check (its first card kept)
    path = tmp_path / "cards.json"
    cards = [{"id": f"c{n}", "name": f"Card {n}", "idList": "l1"} for n in range(3)]
    path.write_text(json.dumps({"lists": [{"id": "l1", "name": "To do"}], "cards": cards}))
    board = read_export(path, activity_details=not lean, shared_empty=lean)
    assert [item.title for item in board.items] == ["Card 0", "Card 1", "Card 2"]


def test_a_tools_cards_in_a_list_are_not_boards_saved_together(tmp_path: Path) -> None:
    """A tool's JSON list of cards, each with an id, a name and its checklists as ``lists``
    (session 30: 11 such cards were refused as "holds 11 Trello board JSON exports in one
    list"): not boards, so the refusal says the file is no export."""
    card = {
        "id": "56f8a285a170c3e1d8cb6ca5",
        "name": "Review a patient profile",
        "text": "As a caregiver I want to review a profile",
        "lists": [{"id": "l1", "name": "Acceptance Criteria", "items": ["It shows the name"]}],
    }
    path = tmp_path / "cards.json"
    path.write_text(json.dumps([card, dict(card, id="c2")], indent=2), "utf-8")
    with pytest.raises(ExportFormatError) as refused:
        read_export(path)
    said = str(refused.value)
    assert "is JSON but not a Trello board export or Jira issues" in said
    assert "in one list" not in said


def _action(number: int, board: str) -> dict:
    return {
        "id": f"a{number}",
        "idMemberCreator": "m1",
        "type": "commentCard",
        "date": f"2026-05-0{number}T09:00:00.000Z",
        "data": {"board": {"id": board, "name": board}, "card": {"id": "c1"}, "text": "Done?"},
        "memberCreator": {"id": "m1", "fullName": "Ana Lima", "username": "ana"},
    }


def test_a_list_of_trello_actions_is_named(tmp_path: Path) -> None:
    """The API's actions of a member on several boards, saved as a list (session 31: refused
    as "is JSON but not a Trello board export or Jira issues"): said what it is."""
    path = tmp_path / "actions.json"
    path.write_text(json.dumps([_action(1, "Scrum"), _action(2, "How to's")], indent=2), "utf-8")
    with pytest.raises(ExportFormatError) as refused:
        read_export(path)
    said = str(refused.value)
    assert said.startswith(f"{path}: holds a list of Trello actions (the API's actions of a")
    assert said.endswith(
        "— export the board from Trello: Menu → Print, export and share → Export as JSON"
    )


def test_a_list_of_actions_and_other_things_is_refused_as_before(tmp_path: Path) -> None:
    path = tmp_path / "mixed.json"
    path.write_text(json.dumps([_action(1, "Scrum"), {"id": "c1", "name": "A card"}]), "utf-8")
    with pytest.raises(ExportFormatError, match="is JSON but not a Trello board export or Jira"):
        read_export(path)


def _board_settings(number: int) -> dict:
    """A board as the API's boards of a member list it: settings, no cards, lists or actions."""
    return {
        "id": f"5f1c9f1575b71d05cbddb1c{number}",
        "name": f"Board {number}",
        "desc": "",
        "closed": False,
        "idOrganization": "5f1c9f1575b71d05cbddb1c0",
        "shortLink": f"abcdEFG{number}",
        "url": f"https://trello.com/b/abcdEFG{number}/board-{number}",
        "prefs": {"permissionLevel": "private", "background": "blue"},
        "dateLastActivity": "2026-01-13T00:44:03.000Z",
    }


@pytest.mark.parametrize("count", [1, 3])
def test_a_list_of_trello_boards_settings_is_named(tmp_path: Path, count: int) -> None:
    """The API's boards of a member saved as a list (session 36: a script's saved list of its
    author's board, refused as "is JSON but not a Trello board export or Jira issues"): said
    what it is, the advice whole."""
    path = tmp_path / "boards.json"
    boards = [_board_settings(number) for number in range(1, count + 1)]
    path.write_text(json.dumps(boards, indent=2), "utf-8")
    with pytest.raises(ExportFormatError) as refused:
        read_export(path)
    said = str(refused.value)
    assert said.startswith(f"{path}: holds a list of Trello boards' settings (the API's boards")
    assert "no cards, lists or actions), not a board export" in said
    assert said.endswith(
        "— export the board from Trello: Menu → Print, export and share → Export as JSON"
    )
    boards[-1]["cards"] = []  # a board export among them: boards saved together, as before
    path.write_text(json.dumps(boards), "utf-8")
    with pytest.raises(ExportFormatError, match=r"holds a Trello board JSON export inside a list"):
        read_export(path)


def test_a_refusal_at_a_long_path_keeps_its_advice_whole(tmp_path: Path) -> None:
    """The line was cut at 400 characters as a whole: at a path of 40 characters or more the
    generic refusal ended "… (Filters → Export → CSV (all fields)) and pass tha…" (session 36:
    11 real exports' refusals). Only a part too long for itself is shortened now."""
    folder = tmp_path / ("Downloads-" * 12)
    folder.mkdir()
    path = folder / "my-team-board-export.json"
    path.write_text(json.dumps({"board": "Roadmap", "columns": []}), "utf-8")
    with pytest.raises(ExportFormatError) as refused:
        read_export(path)
    said = str(refused.value)
    assert len(said) > 400 and "…" not in said and "\n" not in said
    assert said.startswith(f"{path}: is JSON but not a Trello board export or Jira issues")
    assert said.endswith("(Filters → Export → CSV (all fields)) and pass that file")
