"""Every owner of an item in the machine outputs (session 26): a Trello card with several
members showed all of them in the text tables and the HTML filter, while the JSON report's items
and the CSV / JSON Lines rows held the first alone (``assignee``). They keep it, and add
``assignees`` (names) and, in the JSON, ``assignee_ids``: every owner, the assignee first."""

from __future__ import annotations

import csv
import io
import json
import random
from dataclasses import replace

import pytest
from ownership_boards import T0, KeywordModel
from test_report_schema import SCHEMA_PATH, validate

from analyzer.anonymise import anonymise
from analyzer.formats import get_format
from analyzer.pipeline import scan_board
from analyzer.report import held_items
from connectors.interface import Activity, ActivityKind, Board, Item, Person
from tests.test_bulk_item_steps import _batch_predictions
from tests.test_item_columns import _board as _odd_board
from tests.test_item_columns import _bytes, _report

NAMES = {"m1": "Ana Ortiz", "m2": "Ben Jun", "m3": "Cy Li"}


def _cards() -> Board:
    board = Board("b", "Members board", "trello")
    for pid, name in NAMES.items():
        board.people[pid] = Person(pid, name)
    board.items += [
        Item(
            "trello",
            "c1",
            "Release checklist",
            created=T0,
            assignee="m1",
            members=["m1", "m3", "m2"],
        ),
        Item("trello", "c2", "Card of Ben alone", created=T0, assignee="m2", members=["m2"]),
        Item("trello", "c3", "Card of nobody", created=T0),
    ]
    for pid in NAMES:
        board.activities.append(Activity("c1", pid, ActivityKind.COMMENTED, T0))
    return board


def test_the_json_items_list_every_owner_and_keep_the_first_as_assignee():
    body = json.loads(get_format("json").render(scan_board(_cards(), KeywordModel())))
    items = {i["id"]: i for i in body["items"]}
    assert items["c1"]["assignee"] == "Ana Ortiz" and items["c1"]["assignee_id"] == "m1"
    assert items["c1"]["assignees"] == ["Ana Ortiz", "Cy Li", "Ben Jun"]  # the card's order
    assert items["c1"]["assignee_ids"] == ["m1", "m3", "m2"]
    assert (items["c2"]["assignees"], items["c2"]["assignee_ids"]) == (["Ben Jun"], ["m2"])
    assert (items["c3"]["assignees"], items["c3"]["assignee_ids"]) == ([], [])
    assert list(items["c1"])[-3:] == ["url", "assignees", "assignee_ids"]  # added after the rest
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert validate(body, schema, schema) == []
    wrong = {**items["c1"], "assignees": "Ana Ortiz"}
    assert validate(wrong, schema["$defs"]["item"], schema) != []


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_the_item_rows_list_every_owner_after_the_columns_before(fmt):
    text = get_format(fmt).render(scan_board(_cards(), KeywordModel()))
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(text)))
        assert list(rows[0])[-2:] == ["url", "assignees"]  # the columns before keep their place
        said = {r["id"]: (r["assignee"], r["assignees"]) for r in rows}
        assert said["c1"] == ("Ana Ortiz", "Ana Ortiz; Cy Li; Ben Jun")
        assert said["c3"] == ("", "")
    else:
        rows = [json.loads(line) for line in text.splitlines()]
        said = {r["id"]: (r["assignee"], r["assignees"]) for r in rows}
        assert said["c1"] == ("Ana Ortiz", ["Ana Ortiz", "Cy Li", "Ben Jun"])
        assert said["c2"] == ("Ben Jun", ["Ben Jun"]) and said["c3"] == (None, [])


def test_an_anonymised_report_lists_every_owner_by_pseudonym():
    report = anonymise(scan_board(_cards(), KeywordModel()))
    text = get_format("json").render(report)
    assert not any(name in text for name in NAMES.values())
    assert not any(f'"{pid}"' in text for pid in NAMES)
    (c1,) = [i for i in json.loads(text)["items"] if i["id"] == "c1"]
    people = {p["id"]: p["name"] for p in json.loads(text)["people"]}
    assert c1["assignees"] == [people[pid] for pid in c1["assignee_ids"]]
    assert len(set(c1["assignees"])) == 3 and all(n.startswith("Person ") for n in c1["assignees"])


def test_an_anonymised_shared_name_is_each_owners_own_pseudonym():
    board = _cards()
    board.people["m3"] = Person("m3", "Ana Ortiz")  # two people called Ana Ortiz
    report = anonymise(scan_board(board, KeywordModel()))
    (c1,) = [i for i in report.items if i.id == "c1"]
    people = {p.id: p.name for p in report.people}
    assert c1.assignees == [people[pid] for pid in c1.assignee_ids]
    assert c1.assignees[0] != c1.assignees[1]


def _members_board(seed: int) -> Board:
    """The columns tests' odd board as Trello cards, some with several members (the first
    the assignee, or another one; one member twice), some with odd assignees."""
    board = _odd_board(seed)
    rnd = random.Random(seed)
    cards = []
    for item in board.items:
        members = rnd.choice([[], [], ["p1", "p3"], ["nobody", "p1", "p1"], ["p3"]])
        assignee = rnd.choice([item.assignee, members[0] if members else None])
        cards.append(replace(item, source="trello", assignee=assignee, members=members))
    board.items = cards
    board.source = "trello"
    return board


@pytest.mark.parametrize("seed", range(3))
def test_the_json_laid_from_the_columns_lists_the_owners_as_the_items(seed, small_chunks):
    board = _members_board(seed)
    predictions = _batch_predictions(board.items)
    listed = _report(board, predictions, columns=False)
    held = _report(board, predictions, columns=True)
    assert listed.other_owners and held.other_owners == listed.other_owners
    want = _bytes(listed)
    assert _bytes(held) == want  # laid from the columns, chunk by chunk
    assert get_format("json").render(held) == get_format("json").render(listed)
    reference = json.dumps(listed.to_dict(), indent=2, ensure_ascii=False) + "\n"
    assert want.decode("utf-8", "backslashreplace") == reference.encode(
        "utf-8", "backslashreplace"
    ).decode("utf-8", "backslashreplace")
    names = {pid: p.display_name for pid, p in board.people.items()}
    for item, card in zip(held.items, board.items, strict=True):  # (an id twice: both cards')
        first = [card.assignee] if card.assignee else []
        ids = list(dict.fromkeys([*first, *held.other_owners.get(card.id, [])]))
        assert item.assignee_ids == ids and item.assignee_ids[: len(first)] == first, card
        assert item.assignees == [names.get(pid, pid) for pid in ids]
    once = [i for i in held.items if [c.id for c in board.items].count(i.id) == 1]
    several = [i for i in once if len(i.assignee_ids) > 1]
    others = held.other_owners
    assert several and all(i.assignee_ids[-len(others[i.id]) :] == others[i.id] for i in several)
    assert type(held_items(held)) is list


@pytest.fixture
def small_chunks(monkeypatch):
    import analyzer.formats.json as json_module

    monkeypatch.setattr(json_module, "_CHUNK", 5)
