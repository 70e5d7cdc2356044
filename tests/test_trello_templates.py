"""Trello card templates (``"isTemplate": true``: a pattern new cards are made from) are not work:
every Trello path leaves them out, with every action on them, and the report says how many
(connectors.mapping.trello.is_template, Board.templates, analyzer.balance.templates_note).

Session 30 found a 2024 board counting two templates among its open items and listing
"[ST] <Title here>" among its top tactical items. Every path: the export's dict-based, streamed
and typed (lean) readers, the live sync through py-trello and the fake server, and the store
(``import`` then ``report --db``, and a live sync's store)."""

from __future__ import annotations

import copy
import json
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

import pytest
from ownership_boards import KeywordModel, healthy_board, trello_export
from test_trello_live import CREDS, board_json
from typer.testing import CliRunner

from analyzer.balance import templates_note
from analyzer.cli import app
from analyzer.pipeline import scan_file
from connectors._http.pacing import WindowPacer
from connectors._http.retry import RetryPolicy
from connectors.exports.trello_json import TrelloExport
from connectors.live.trello import CARD_FIELDS, fetch_trello_into_store, load_fetched_board
from connectors.mapping import trello_typed
from connectors.mapping.trello import is_template, map_board_json
from connectors.merge import merge_boards
from connectors.store import Store
from tests.fakes.trello_server import FakeTrello

#: Two templates: an open story template (it reads tactical) and an archived one.
OPEN, ARCHIVED = "5f0000000000000000000t01", "5f0000000000000000000t02"


def _template(card_id: str, name: str, *, closed: bool = False) -> dict:
    return {
        "id": card_id,
        "name": name,
        "desc": "As a <user> I want <goal> so that <reason>.\n\nAcceptance criteria:\n- ...",
        "idList": "L1",
        "idMembers": ["m2"],
        "idLabels": [],
        "closed": closed,
        "dateLastActivity": "2024-01-02T10:00:00.000Z",
        "shortLink": f"sl{card_id[-3:]}",
        "isTemplate": True,
    }


def _action(n: int, kind: str, card_id: str, member: dict, data: dict | None = None) -> dict:
    return {
        "id": f"T{n:05d}",
        "type": kind,
        "date": f"2024-01-0{n}T09:00:00.000Z",
        "idMemberCreator": member["id"],
        "memberCreator": member,
        "data": {"card": {"id": card_id, "name": "template"}, **(data or {})},
    }


def _exports() -> tuple[dict, dict]:
    """The healthy board's export, and the same with two templates and what was done to them
    (created, edited, commented, moved, a member added) by its own people."""
    plain = trello_export(healthy_board("trello"))
    data = copy.deepcopy(plain)
    member = dict(next(m for m in data["members"] if m["id"] == "m2"))
    member = {k: member[k] for k in ("id", "fullName", "username")}
    data["cards"][3:3] = [_template(OPEN, "[ST] <Title here>")]
    data["cards"][6:6] = [_template(ARCHIVED, "Bug report template", closed=True)]
    data["checklists"].append(
        {"id": "CLt", "idCard": OPEN, "checkItems": [{"name": "AC", "pos": 1, "state": "x"}]}
    )
    on_them = [
        _action(1, "createCard", OPEN, member, {"list": {"id": "L1", "name": "To Do"}}),
        _action(2, "updateCard", OPEN, member, {"old": {"desc": "old"}}),
        _action(3, "commentCard", OPEN, member, {"text": "use this for stories"}),
        _action(4, "addMemberToCard", ARCHIVED, member, {"idMember": "m2"}),
        _action(
            5,
            "updateCard",
            ARCHIVED,
            member,
            {
                "old": {"idList": "L1"},
                "listBefore": {"id": "L1", "name": "To Do"},
                "listAfter": {"id": "L3", "name": "Done"},
            },
        ),
        _action(6, "updateCard", OPEN, member, {"old": {"pos": 5}}),
    ]
    data["actions"] = on_them[:3] + data["actions"] + on_them[3:]
    return plain, data


def _write(tmp_path: Path, data: dict, name: str) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")
    return path


def _readers(tmp_path: Path, data: dict, name: str):
    """The board as each export reader reads it: dict-based whole, streamed with every detail,
    and typed (the scan's lean path)."""
    path = _write(tmp_path, data, name)
    return {
        "dict": map_board_json(data),
        "streamed": TrelloExport(path).load(),
        "typed": TrelloExport(path, activity_details=False, shared_empty=True).load(),
    }


def _without_templates(board) -> dict:
    whole = asdict(board)
    whole.pop("templates")
    whole.pop("origin")
    return whole


# -- the export's readers ------------------------------------------------------------------------


def test_every_export_reader_leaves_templates_and_their_actions_out(tmp_path):
    plain, data = _exports()
    with_templates = _readers(tmp_path, data, "templates.json")
    for how, board in _readers(tmp_path, plain, "plain.json").items():
        read = with_templates[how]
        assert read.templates == [OPEN, ARCHIVED], how
        assert _without_templates(read) == _without_templates(board), how
        assert not {OPEN, ARCHIVED} & {i.id for i in read.items}
        assert not {OPEN, ARCHIVED} & {a.item_id for a in read.activities}
        assert not read.skipped


def test_the_typed_reader_reads_templates_typed(tmp_path, monkeypatch):
    """A template is told on the typed path (neither goes through the dict-based reader, which
    reads the stream's last card)."""
    _plain, data = _exports()
    decoded = trello_typed.decode_cards(json.dumps(data["cards"]))
    assert decoded is not None and all(type(c) is trello_typed.Card for c in decoded)
    assert [c.id for c in decoded if c.isTemplate is True] == [OPEN, ARCHIVED]
    read: list = []
    monkeypatch.setattr(
        "connectors.mapping.trello.BoardBuilder.card", lambda self, card: read.append(card)
    )
    board = TrelloExport(_write(tmp_path, data, "t.json"), activity_details=False).load()
    assert board.templates == [OPEN, ARCHIVED]
    assert read and not {OPEN, ARCHIVED} & {card["id"] for card in read}


@pytest.mark.parametrize("value", [False, None, "true", 1, [True]])
def test_only_true_makes_a_template_on_every_path(tmp_path, value):
    """``"isTemplate": "true"`` (not Trello's) reads as a card on every path, as ``false`` does."""
    _plain, data = _exports()
    for card in data["cards"]:
        if card["id"] == OPEN:
            card["isTemplate"] = value
    assert not is_template(next(c for c in data["cards"] if c["id"] == OPEN))
    for how, board in _readers(tmp_path, data, "odd.json").items():
        assert board.templates == [ARCHIVED], how
        assert OPEN in {i.id for i in board.items}, how


def test_a_card_after_a_template_keeps_its_place_in_a_skipped_line(tmp_path):
    """ "card #N" is the card's place in the export, templates counted (as on main)."""
    _plain, data = _exports()
    assert data["cards"][3]["id"] == OPEN
    data["cards"].insert(5, {"id": "bad", "name": "Broken", "idList": 5})
    for how, board in _readers(tmp_path, data, "bad.json").items():
        assert [line[:8] for line in board.skipped] == ["card #6:"], how
        assert board.templates == [OPEN, ARCHIVED], how


def test_a_board_of_templates_only(tmp_path):
    board_data = {
        "id": "B",
        "name": "Templates",
        "lists": [{"id": "L1", "name": "To Do"}],
        "cards": [_template(OPEN, "Story template")],
        "actions": [],
    }
    for how, board in _readers(tmp_path, board_data, "only.json").items():
        assert board.items == [] and board.templates == [OPEN], how
        assert len(board.activities) == 0


# -- the report ---------------------------------------------------------------------------------


def test_the_report_counts_no_template_and_says_how_many_were_left_out(tmp_path):
    plain, data = _exports()
    expected = scan_file(_write(tmp_path, plain, "plain.json"), model=KeywordModel())
    report = scan_file(_write(tmp_path, data, "templates.json"), model=KeywordModel())
    assert report.summary == expected.summary
    assert report.people == expected.people and report.flags == expected.flags
    assert report.windows == expected.windows and report.verdict == expected.verdict
    assert report.top_tactical == expected.top_tactical
    assert report.top_strategic == expected.top_strategic
    assert [n for n in report.notes if n not in expected.notes] == [templates_note(2)]
    assert templates_note(2) == (
        "2 Trello card templates were left out, with what was done to them: a template is a "
        "pattern for new cards, not work."
    )
    assert templates_note(1).startswith(
        "1 Trello card template was left out, with what was done to it:"
    )


def test_a_combined_report_counts_the_templates_of_each_board(tmp_path):
    _plain, data = _exports()
    other = copy.deepcopy(data)
    other["id"], other["name"] = "B2", "Other board"
    boards = [
        TrelloExport(_write(tmp_path, d, f"{n}.json"), activity_details=False).load()
        for n, d in enumerate((data, other))
    ]
    merged = merge_boards(boards)
    assert len(merged.templates) == 4


# -- the store ----------------------------------------------------------------------------------


def _run(*args: object) -> str:
    result = CliRunner().invoke(app, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result.output


def test_import_then_report_from_the_store_reads_as_the_scan(tmp_path):
    _plain, data = _exports()
    path = _write(tmp_path, data, "templates.json")
    db, scanned, stored = tmp_path / "s.sqlite", tmp_path / "scan.json", tmp_path / "db.json"
    _run("scan", path, "--format", "json", "-o", scanned)
    said = _run("import", path, "--db", db)
    assert "; 2 card templates left out)" in said
    _run("report", "--db", db, "--format", "json", "-o", stored)
    scan, report = json.loads(scanned.read_text()), json.loads(stored.read_text())
    assert report["summary"] == scan["summary"] and report["people"] == scan["people"]
    assert report["notes"] == scan["notes"] and templates_note(2) in report["notes"]
    assert report["top_tactical"] == scan["top_tactical"]


def test_an_import_deletes_templates_an_older_version_stored_as_items(tmp_path):
    """A store an older version filled (the templates as items, their actions with them): the
    same export imported again leaves no template in it."""
    _plain, data = _exports()
    path = _write(tmp_path, data, "templates.json")
    older = copy.deepcopy(data)
    for card in older["cards"]:
        card.pop("isTemplate", None)
    with Store(tmp_path / "s.sqlite") as store:
        source_id = store.import_board(map_board_json(older, origin=str(path)))
        assert {OPEN, ARCHIVED} <= store.item_ids(source_id)
        again = store.import_board(TrelloExport(path).load())
        assert again == source_id and not {OPEN, ARCHIVED} & store.item_ids(source_id)
        board = store.load_board(source_id)
    assert board.templates == [OPEN, ARCHIVED]
    assert not {OPEN, ARCHIVED} & {a.item_id for a in board.activities}
    assert sorted(i.id for i in board.items) == sorted(i.id for i in map_board_json(data).items)


def test_the_stored_templates_are_kept_beside_the_skipped_lines(store):
    """The ids go into ``sources.skipped``'s object (no schema change); a page saving one as an
    item again (a template made a card) takes it out; ``gone`` ids go; none given: none left."""
    board = map_board_json(_exports()[1])
    board.skipped.append("card #9: no id")
    source_id = store.import_board(board)
    assert store.load_board(source_id).templates == [OPEN, ARCHIVED]
    assert store.load_board(source_id).skipped == ["card #9: no id"]
    card = next(i for i in map_board_json(_exports()[0]).items)
    card.id = OPEN
    store.save_page(source_id, [card])
    assert store.load_board(source_id).templates == [ARCHIVED]
    store.note_templates(source_id, gone=[ARCHIVED])
    assert store.load_board(source_id).templates == []
    assert store.load_board(source_id).skipped == ["card #9: no id"]
    store.note_templates(source_id, [OPEN])
    assert store.load_board(source_id).templates == [OPEN]
    assert OPEN not in store.item_ids(source_id)
    store.note_templates(source_id)
    assert store.load_board(source_id).templates == []


# -- the live sync -------------------------------------------------------------------------------


def _fetch(fake: FakeTrello, store: Store, board_id: str, **kw):
    return fetch_trello_into_store(
        store,
        boards=(board_id,),
        base_url=fake.url,
        credentials=CREDS,
        policy=RetryPolicy.fast(),
        bucket=WindowPacer(),
        **kw,
    )


def _live_board() -> tuple[dict, str]:
    """The live fixture board with one of its open cards (with actions on it) a template."""
    data = board_json()
    acted = {a["data"]["card"]["id"] for a in data["actions"] if "card" in a["data"]}
    card = next(c for c in data["cards"] if not c["closed"] and c["id"] in acted)
    card["isTemplate"] = True
    return data, card["id"]


def test_a_live_sync_leaves_templates_out_as_the_export_does(store):
    data, template = _live_board()
    assert "isTemplate" in CARD_FIELDS.split(",")
    with FakeTrello([data], rate_limit=None) as fake:
        result = _fetch(fake, store, data["shortLink"])
    fetched = load_fetched_board(store, result.boards[0].source_id)
    exported = map_board_json(data)
    assert fetched.templates == exported.templates == [template]
    assert sorted(i.id for i in fetched.items) == sorted(i.id for i in exported.items)
    assert template not in {i.id for i in fetched.items}
    assert {a.id for a in fetched.activities} == {a.id for a in exported.activities}
    assert result.boards[0].templates == 1
    assert ", 1 card template left out" in result.summary()


def test_an_incremental_sync_follows_a_card_made_a_template_and_back(store):
    data, template = _live_board()
    when = datetime(2024, 6, 3, 10, 0, tzinfo=UTC)
    with FakeTrello([data], rate_limit=None) as fake:
        first = _fetch(fake, store, data["id"])
        source_id = first.boards[0].source_id
        board = fake.boards[data["id"]]
        who = board["members"][1]
        other = next(c for c in board["cards"] if not c["closed"] and c["id"] != template)
        # "Hide from templates": a card again; "Make template" (updateCard's old.isTemplate:
        # no action carries what the card is, so both are fetched)
        fake.update_card(data["id"], template, who, when, isTemplate=False)
        fake.update_card(data["id"], other["id"], who, when, isTemplate=True)
        fake.comment(data["id"], template, "Back to work", who, when)
        fake.comment(data["id"], other["id"], "A pattern now", who, when)
        second = _fetch(fake, store, data["id"])
        assert second.boards[0].incremental
        loaded = load_fetched_board(store, source_id)
        assert loaded.templates == [other["id"]]
        assert template in {i.id for i in loaded.items}
        assert other["id"] not in {i.id for i in loaded.items}
        assert other["id"] not in {a.item_id for a in loaded.activities}
        # a full listing notes them anew: the template deleted, none is left
        fake.delete_card(data["id"], other["id"], who, when.replace(hour=12))
        third = _fetch(fake, store, data["id"], full=True)
    loaded = load_fetched_board(store, source_id)
    assert loaded.templates == [] and third.boards[0].templates == 0
    assert other["id"] not in {i.id for i in loaded.items}
