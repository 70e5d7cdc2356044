"""A card's custom field set or changed (Trello's ``updateCustomFieldItem`` action) is an
activity on that field (session 31: a 2025 board's 16 changes of its "Effort" and "Task ID"
fields were dropped, 25 of its 50 actions read); a field named Priority or Rank is
prioritisation, as Jira's are. Both export readers (dict-based and the scan's typed one)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from connectors.exports.trello_json import TrelloExport
from connectors.interface import ActivityKind
from connectors.mapping.trello import map_board_json

BOARD = "b0000000000000000000000b"
CARD = "c0000000000000000000000c"
ANA = {"id": "m0000000000000000000000a", "fullName": "Ana Lima", "username": "ana"}


def _action(number: int, kind: str, data: dict) -> dict:
    return {
        "id": f"a{number:023d}",
        "idMemberCreator": ANA["id"],
        "memberCreator": ANA,
        "type": kind,
        "date": f"2026-03-0{number}T10:00:00.000Z",
        "data": {"card": {"id": CARD, "name": "Write the guide"}, **data},
    }


def _set(number: int, name: str, old: dict | None, value: dict | None, option=None) -> dict:
    item = {"id": f"i{number}", "value": value, "idValue": option, "idCustomField": name}
    data = {"old": {"value": old}, "customField": {"id": name, "name": name, "type": "number"}}
    return _action(number, "updateCustomFieldItem", {**data, "customFieldItem": item})


def _export() -> dict:
    actions = [
        _action(1, "createCard", {"list": {"id": "l1", "name": "To Do"}}),
        _set(2, "Effort", None, {"number": "3"}),
        _set(3, "Effort", {"number": "3"}, {"number": "5"}),
        _set(4, "Priority", None, None, option="o2"),
    ]
    return {
        "id": BOARD,
        "name": "Guides",
        "lists": [{"id": "l1", "name": "To Do", "closed": False}],
        "cards": [{"id": CARD, "name": "Write the guide", "idList": "l1", "closed": False}],
        "members": [ANA],
        "actions": list(reversed(actions)),  # newest first, as Trello writes them
    }


def _changes(board) -> list[tuple[ActivityKind, str | None]]:
    ordered = sorted(board.activities, key=lambda a: a.timestamp)
    return [(a.kind, a.field) for a in ordered if a.kind != ActivityKind.CREATED]


@pytest.mark.parametrize("details", [True, False])  # dict-based, and the scan's typed reader
def test_custom_field_changes_are_activities(tmp_path: Path, details: bool):
    path = tmp_path / "board.json"
    path.write_text(json.dumps(_export()), encoding="utf-8")
    board = TrelloExport(path, activity_details=details).load()
    assert _changes(board) == [
        (ActivityKind.FIELD_CHANGED, "Effort"),
        (ActivityKind.FIELD_CHANGED, "Effort"),
        (ActivityKind.PRIORITISED, "Priority"),
    ]
    assert {a.actor_id for a in board.activities} == {ANA["id"]}


def test_the_dict_reader_keeps_the_old_and_new_values():
    board = map_board_json(_export())
    ordered = sorted(board.activities, key=lambda a: a.timestamp)
    effort = [(a.old, a.new) for a in ordered if a.field == "Effort"]
    assert effort == [(None, "3"), ("3", "5")]
    (priority,) = [a for a in board.activities if a.field == "Priority"]
    assert (priority.old, priority.new) == (None, "o2")


@pytest.mark.parametrize("name", ["Prio", "PRIORITÉ", "Priorität", "Rank"])
def test_a_priority_field_by_another_name_is_prioritisation(name: str):
    data = _export()
    data["actions"][0]["data"]["customField"]["name"] = name  # the newest: the Priority one
    board = map_board_json(data)
    assert [a.kind for a in board.activities if a.field == name] == [ActivityKind.PRIORITISED]


# -- a list field's option named as the board names it ----------------------------------------

FIELDS = [
    {
        "id": "Priority",
        "name": "Priority",
        "type": "list",
        "options": [
            {"id": "o1", "value": {"text": "High"}},
            {"id": "o2", "value": {"text": "Medium"}},
        ],
    }
]


def _with_fields(first: bool) -> dict:
    """The export with its ``customFields``, after the actions (where Trello's export puts
    them) or before them."""
    data = _export()
    data["actions"][0]["data"]["old"] = {"idValue": "o1"}  # High → Medium
    return {"customFields": FIELDS, **data} if first else {**data, "customFields": FIELDS}


@pytest.mark.parametrize("first", [False, True], ids=["fields after", "fields before"])
def test_a_list_fields_change_names_its_options(first: bool):
    """Session 31: the dict-based path (``import``) kept the option's id ("o2")."""
    board = map_board_json(_with_fields(first))
    (priority,) = [a for a in board.activities if a.field == "Priority"]
    assert (priority.kind, priority.old, priority.new) == (
        ActivityKind.PRIORITISED,
        "High",
        "Medium",
    )


def test_an_option_the_board_does_not_name_keeps_its_id():
    data = _with_fields(False)
    data["actions"][0]["data"]["customFieldItem"]["idValue"] = "o9"
    (priority,) = [a for a in map_board_json(data).activities if a.field == "Priority"]
    assert (priority.old, priority.new) == ("High", "o9")


def test_the_typed_reader_reads_the_same_kinds_and_fields(tmp_path: Path):
    path = tmp_path / "board.json"
    path.write_text(json.dumps(_with_fields(False)), encoding="utf-8")
    detailed = TrelloExport(path, activity_details=True).load()
    typed = TrelloExport(path, activity_details=False).load()
    assert _changes(typed) == _changes(detailed)
    (priority,) = [a for a in detailed.activities if a.field == "Priority"]  # import's reader
    assert (priority.old, priority.new) == ("High", "Medium")
    assert [(a.item_id, a.actor_id, a.timestamp) for a in typed.activities] == [
        (a.item_id, a.actor_id, a.timestamp) for a in detailed.activities
    ]
