"""The streamed Trello reader gives the Board the whole-document mapping gave, in any key order."""

from __future__ import annotations

import json
import random
from collections.abc import Mapping
from dataclasses import asdict, replace
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from connectors.exports import json_stream
from connectors.exports.trello_json import TrelloExport
from connectors.interface import ActivityKind, Board, ExportFormatError
from connectors.mapping.common import RecordError, add_person
from connectors.mapping.trello import (
    BoardBuilder,
    custom_field_defs,
    map_action,
    map_board_json,
    map_card,
)

FIXTURES = Path(__file__).parent / "fixtures"


def _reference(data: dict) -> Board:
    """The whole-document mapping as it was before streaming (the oracle)."""
    board = Board(
        id=str(data.get("id") or data.get("shortLink") or ""),
        name=str(data.get("name") or "Trello board"),
        source="trello",
    )
    people = board.people

    def objects(key: str) -> list[Mapping[str, Any]]:
        values = data.get(key)
        return [v for v in values if isinstance(v, Mapping)] if isinstance(values, list) else []

    for member in objects("members"):
        if member.get("id"):
            add_person(
                people, member["id"], member.get("fullName"), username=member.get("username")
            )
    lists_by_id = {lst["id"]: lst for lst in objects("lists") if lst.get("id")}
    labels_by_id = {lbl["id"]: lbl for lbl in objects("labels") if lbl.get("id")}
    custom_fields = custom_field_defs(data.get("customFields"))
    checklists_by_card: dict[str, list] = {}
    for checklist in objects("checklists"):
        if checklist.get("idCard"):
            checklists_by_card.setdefault(checklist["idCard"], []).append(checklist)
    activities = []
    for index, action in enumerate(data.get("actions") or []):
        try:
            activity = map_action(action, lists_by_id, labels_by_id=labels_by_id, people=people)
        except RecordError as error:
            board.skipped.append(f"action #{index + 1}: {error}")
            continue
        if activity is not None:
            activities.append(activity)
    activities.sort(key=lambda a: a.timestamp)
    creator_by_card: dict[str, tuple[str | None, datetime]] = {}
    accepted_at: dict[str, datetime] = {}
    for activity in activities:
        if activity.kind is ActivityKind.CREATED and activity.item_id not in creator_by_card:
            creator_by_card[activity.item_id] = (activity.actor_id, activity.timestamp)
        elif activity.kind is ActivityKind.ACCEPTED:
            accepted_at[activity.item_id] = activity.timestamp
    card_ids: set[str] = set()
    for index, card in enumerate(data.get("cards") or [], start=1):
        try:
            item = map_card(
                card,
                lists_by_id=lists_by_id,
                labels_by_id=labels_by_id,
                checklists_by_card=checklists_by_card,
                creator_by_card=creator_by_card,
                accepted_at=accepted_at,
                people=people,
                custom_fields=custom_fields,
            )
        except RecordError as error:
            board.skipped.append(f"card #{index}: {error}")
        else:
            if item.id in card_ids:
                board.skipped.append(f"card #{index}: duplicate card id {item.id}")
            else:
                card_ids.add(item.id)
                board.items.append(item)
    board.activities = [a for a in activities if a.item_id in card_ids]
    for activity in board.activities:
        add_person(people, activity.actor_id)
    for item in board.items:
        for person_id in (item.assignee, item.reporter, *item.members):
            add_person(people, person_id)
    return board


def _facts(board: Board) -> dict:
    facts = asdict(replace(board, activities=list(board.activities)))  # a lean read's are lazy
    facts["origin"] = None
    facts["people_order"] = list(board.people)
    return facts


def _tricky_board(seed: int = 0) -> dict:
    """Actions that need the lists/labels (names left out), people named in several ways, bad and
    duplicate records, checklists and custom fields from the board's sections."""
    rng = random.Random(seed)
    lists = [
        {"id": "L1", "name": "To do"},
        {"id": "L2", "name": "Doing"},
        {"id": "L3", "name": "Done", "closed": False},
        {"id": "L4", "name": "Old", "closed": True},
    ]
    labels = [
        {"id": "G1", "name": "bet", "color": "green"},
        {"id": "G2", "name": "", "color": "red"},
    ]
    members = [
        {"id": "M1", "fullName": "Ada Lovelace", "username": "ada"},
        {"id": "M2", "username": "bob"},
        {"id": "M3"},
    ]
    creators = [
        {"id": "M1", "fullName": "Ada L.", "username": "ada"},
        {"id": "M2", "fullName": "Bob Builder", "username": "bob"},
        {"id": "M4", "username": "dora"},
        {"id": "M5", "fullName": "Eve", "username": "eve"},
    ]
    cards, actions = [], []
    for n in range(12):
        card_id = f"{0x61000000 + n:08x}" + "0" * 16
        card = {
            "id": card_id,
            "name": f"Card {n}",
            "desc": "**Bold** words" if n % 2 else "",
            "idList": f"L{1 + n % 4}",
            "idMembers": ["M1", "M6"] if n % 3 == 0 else [],
            "shortLink": f"s{n}",
            "pos": n * 10.0,
            "dateLastActivity": "2024-03-01T10:00:00.000Z",
        }
        if n % 2:
            card["labels"] = [{"id": "G1", "name": "bet", "color": "green"}]
        else:
            card["idLabels"] = ["G1", "G2", "missing"]
        if n == 4:
            card["checklists"] = [{"checkItems": [{"name": "own", "pos": 1}]}]
        if n == 5:
            card["customFieldItems"] = [{"idCustomField": "F1", "value": {"text": "high"}}]
        cards.append(card)
        for step in range(5):
            creator = rng.choice(creators)
            action: dict[str, Any] = {
                "id": f"A{n}-{step}",
                "date": f"2024-0{1 + step}-{10 + n}T0{step}:00:00.000Z",
                "idMemberCreator": creator["id"],
                "memberCreator": creator,
                "data": {"card": {"id": card_id, "idList": card["idList"]}},
            }
            if step == 0:
                action["type"] = "createCard"
                action["data"]["list"] = {"id": card["idList"]}  # no name: needs the lists
            elif step == 1:
                action["type"] = "updateCard"
                action["data"]["old"] = {"idList": "L1"}  # a move naming no list
            elif step == 2:
                action["type"] = "updateCard"
                action["data"]["listBefore"] = {"id": "L2", "name": "Doing"}
                action["data"]["listAfter"] = {"id": "L3", "name": "Done"}
            elif step == 3 and n % 2:
                action["type"] = "updateCard"
                action["data"]["old"] = {"idLabels": ["G1"]}
                action["data"]["card"]["idLabels"] = ["G1", "G2"]
            elif step == 3:
                action["type"] = "addMemberToCard"
                action["data"]["idMember"] = "M7"
                action["data"]["member"] = {"id": "M7", "name": "Gus"}
            else:
                action["type"] = "commentCard"
                action["data"]["text"] = f"comment {n}"
            actions.append(action)
    actions.append({"id": "bad", "type": "commentCard", "data": {"card": {"id": "x"}}})  # no date
    actions.append({"id": "board", "type": "updateBoard", "date": "2024-01-01T00:00:00Z"})
    actions.append("not an object")
    ghost = {"card": {"id": "ghost"}, "text": "on a deleted card"}
    actions.append(
        {"id": "g", "type": "commentCard", "date": "2024-01-02T00:00:00Z", "data": ghost}
    )
    cards.append({"name": "no id"})
    cards.append(dict(cards[0]))  # duplicate id
    return {
        "id": "B1",
        "name": "Tricky",
        "actions": actions,
        "cards": cards,
        "labels": labels,
        "lists": lists,
        "members": members,
        "checklists": [{"idCard": cards[2]["id"], "checkItems": [{"name": "from board"}]}],
        "customFields": [{"id": "F1", "name": "Priority", "type": "text"}],
    }


def _orders(data: dict, count: int = 6) -> list[dict]:
    keys = list(data)
    rng = random.Random(1)
    orders = [keys, list(reversed(keys))]
    for _ in range(count):
        shuffled = keys[:]
        rng.shuffle(shuffled)
        orders.append(shuffled)
    return [{key: data[key] for key in order} for order in orders]


def _read(path: Path, **options: Any) -> Board:
    return TrelloExport(path, **options).load()


BOARDS = {
    "tricky": _tricky_board(),
    "basic": json.loads((FIXTURES / "trello_board_basic.json").read_text(encoding="utf-8")),
    "archived": json.loads(
        (FIXTURES / "trello_board_with_archived_cards.json").read_text(encoding="utf-8")
    ),
}


@pytest.mark.parametrize("name", sorted(BOARDS))
def test_streamed_board_equals_the_whole_document_mapping(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(json_stream, "CHUNK_BYTES", 64)  # elements cut by chunk boundaries
    path = tmp_path / "board.json"
    for data in _orders(BOARDS[name]):
        expected = _facts(_reference(data))
        assert _facts(map_board_json(data)) == expected
        path.write_text(json.dumps(data), encoding="utf-8")
        assert _facts(_read(path)) == expected, list(data)


def test_the_tricky_board_exercises_the_late_lookups():
    board = map_board_json(_tricky_board())
    moves = [a for a in board.activities if a.field == "list" and a.kind != "created"]
    assert {a.old for a in moves} >= {"To do", "Doing"}  # a move naming no list: from the lists
    created = [a for a in board.activities if a.kind == "created"]
    assert created and all(a.new in {"To do", "Doing", "Done", "Old"} for a in created)
    assert any(a.field == "labels" and a.new == "bet, red" for a in board.activities)
    assert board.people["M1"].display_name == "Ada Lovelace"  # the members section first
    assert board.people["M7"].display_name == "Gus"
    assert any("duplicate card id" in line for line in board.skipped)


def test_items_and_activities_share_their_id_strings(tmp_path: Path):
    path = tmp_path / "board.json"
    path.write_text(json.dumps(_tricky_board()), encoding="utf-8")
    board = _read(path)
    items = {item.id: item for item in board.items}
    assert board.activities
    for activity in board.activities:
        assert activity.item_id is items[activity.item_id].id


def test_without_activity_details_only_the_texts_are_left_out(tmp_path: Path):
    path = tmp_path / "board.json"
    path.write_text(json.dumps(_tricky_board()), encoding="utf-8")
    full, lean = _read(path), _read(path, activity_details=False)
    assert any(a.text for a in full.activities) and any(a.old for a in full.activities)
    for activity in lean.activities:
        assert (activity.old, activity.new, activity.text, activity.id) == (None,) * 4
    for activity in full.activities:
        activity.old = activity.new = activity.text = activity.id = None
    assert _facts(lean) == _facts(full)


def test_a_builder_fed_by_hand():
    data = _tricky_board()
    builder = BoardBuilder(origin="by hand")
    builder.start("cards")
    for card in data["cards"]:
        builder.card(card)
    builder.start("actions")
    for action in data["actions"]:
        builder.action(action)
    for key in ("lists", "labels", "members", "checklists", "customFields", "id", "name"):
        builder.add(key, data[key])
    board = builder.board()
    assert board.origin == "by hand"
    assert _facts(board) == _facts(_reference(data))


def test_a_repeated_key_counts_once_as_json_loads_reads_it(tmp_path: Path):
    data = _tricky_board()
    text = json.dumps(data)
    text = text[:-1] + ', "cards": ' + json.dumps(data["cards"][:2]) + "}"
    path = tmp_path / "board.json"
    path.write_text(text, encoding="utf-8")
    expected = _facts(_reference(json.loads(text)))
    assert _facts(_read(path)) == expected
    assert len(_read(path).items) == 2


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[{"cards": []}]', "is JSON but not a Trello board export"),
        ('{"cards": {}, "lists": []}', "is JSON but not a Trello board export"),
        ('{"name": "x", "cards": [{"id": "1"}', "the JSON ends abruptly"),
        ('{"name": "x", "cards": [{"id": "1", "name": "Vortr\u00e4', "the JSON ends abruptly"),
        ('{"lists": [], "cards": [{"id": "1"} {"id": "2"}]}', "Expecting ',' delimiter"),
        ('{"lists": [], "cards": []} []', "has more after its JSON value"),
        # two boards pasted one after the other
        (
            '{"lists": [], "cards": []}\n{"lists": [], "cards": []}',
            "more after its JSON value, at line 2, column 1",
        ),
    ],
)
def test_bad_boards_give_one_line_errors(text: str, message: str, tmp_path: Path):
    path = tmp_path / "bad.json"
    path.write_bytes(text.encode().removesuffix("\u00e4".encode()[1:]))  # (cut inside ä)
    with pytest.raises(ExportFormatError, match=message) as caught:
        _read(path)
    assert "\n" not in str(caught.value)


def test_progress_counts_the_cards(tmp_path: Path):
    data = {"lists": [], "cards": [{"id": f"c{n}", "name": "x"} for n in range(1200)]}
    path = tmp_path / "board.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    calls: list[tuple[int, int]] = []
    TrelloExport(path, on_progress=lambda s, d, t, x: calls.append((d, t))).load()
    assert calls == [(500, 1200), (1000, 1200), (1200, 1200)]


def test_scans_read_without_activity_details_and_read_board_keeps_them(
    monkeypatch: pytest.MonkeyPatch,
):
    from analyzer import pipeline
    from connectors import exports

    seen: list[bool] = []
    real = exports.read_export

    class Stop(Exception):
        pass

    def spy(path, *, on_progress=None, activity_details=True, shared_empty=False, **cut):
        seen.append(activity_details)
        if not activity_details:
            raise Stop  # the scan itself is tested elsewhere
        return real(
            path,
            on_progress=on_progress,
            activity_details=activity_details,
            shared_empty=shared_empty,
            **cut,
        )

    monkeypatch.setattr(exports, "read_export", spy)
    path = FIXTURES / "trello_board_basic.json"
    assert any(a.text for a in pipeline.read_board(path).activities)
    with pytest.raises(Stop):
        pipeline.scan_file(path)
    assert seen == [True, False]
