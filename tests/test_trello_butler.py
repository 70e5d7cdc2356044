"""Trello's automation, Butler, acts as the member who made the rule: an action Butler made
(its ``appCreator``) is Butler's, set apart as automation, never the member's work
(connectors.mapping.trello.BUTLER_APP_ID; analyzer.automation).

Every Trello path: the export's dict-based and typed readers, the live sync through py-trello
and the fake server, and the store (``import`` then ``report --db``). The member keeps their
own actions; an ``appCreator`` that is not Butler's (an id only, another app) leaves the
action theirs; an export without ``appCreator`` reads as it always did."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

import pytest
from ownership_boards import WEEKS, KeywordModel, healthy_board, trello_export
from test_automation import HOW_SURE, _bot_board
from test_trello_live import CREDS, board_json
from test_trello_typed import plain_actions
from typer.testing import CliRunner

from analyzer.cli import app
from analyzer.pipeline import scan_board, scan_file
from analyzer.report import Automation, AutomationAccount
from connectors._http.pacing import WindowPacer
from connectors._http.retry import RetryPolicy
from connectors.exports.trello_json import TrelloExport
from connectors.interface import Person
from connectors.live.trello import ACTION_FIELDS, fetch_trello_into_store, load_fetched_board
from connectors.mapping import trello_typed
from connectors.mapping.trello import BUTLER_APP_ID, BUTLER_ID, map_action, map_board_json
from tests.fakes.trello_server import FakeTrello

BUTLER = {"id": BUTLER_APP_ID, "name": "Butler"}
MOBILE = {"id": "4ee912fee8a2505d1715191f"}  # an app with an id only: the member's action
BOB = {"id": "m2", "fullName": "Bob Stone", "username": "bobs"}
RULES = 3 * WEEKS  # the bot board's rule-made actions: a rank, a change and an acceptance a week
BUTLER_ACCOUNT = Person(BUTLER_ID, "Butler", account_type="app")


def _butler_export() -> dict:
    """The healthy Trello board, with Bob's Butler rule ranking, changing and accepting cards
    every week: the actions name Bob (he made the rule) and Butler as the app that made them."""
    b, bot = _bot_board("trello")
    data = trello_export(b)
    for action in data["actions"]:
        if action["idMemberCreator"] == bot:
            action.update(idMemberCreator=BOB["id"], memberCreator=dict(BOB), appCreator=BUTLER)
        else:
            action["appCreator"] = None  # (as a recent export gives it)
    data["members"] = [m for m in data["members"] if m["id"] != bot]  # Butler is no member
    return data


def _write(tmp_path: Path, data: dict, name: str = "trello_board.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")
    return path


def _healthy(tmp_path: Path) -> Path:
    """The same board without the rule: what the people did."""
    return _write(tmp_path, trello_export(healthy_board("trello")), "healthy.json")


def _actors(board) -> list[str | None]:
    return [a.actor_id for a in sorted(board.activities, key=lambda a: (a.timestamp, a.item_id))]


# -- the export's readers ------------------------------------------------------------------------


def test_both_readers_give_butlers_actions_to_butler_and_bobs_own_to_bob(tmp_path):
    data = _butler_export()
    path = _write(tmp_path, data)
    healthy = map_board_json(trello_export(healthy_board("trello")))
    for board in (
        map_board_json(data),  # dict-based, every detail
        TrelloExport(path).load(),
        TrelloExport(path, activity_details=False).load(),  # typed, the scan's path
    ):
        assert board.people[BUTLER_ID] == BUTLER_ACCOUNT
        assert board.people["m2"] == healthy.people["m2"]
        actors = _actors(board)
        assert actors.count(BUTLER_ID) == RULES
        # without Butler's rows: the healthy board's, actor by actor (Bob keeps his own)
        assert [a for a in actors if a != BUTLER_ID] == _actors(healthy)


def test_the_typed_reader_reads_butlers_actions_typed(tmp_path, monkeypatch):
    """Butler's actions stay on the typed path (none goes through the dict-based mapper)."""
    plain = plain_actions(monkeypatch)
    data = _butler_export()
    decoded = trello_typed.decode_actions(json.dumps(data["actions"]))
    assert decoded is not None and all(type(a) is trello_typed.Action for a in decoded)
    board = TrelloExport(_write(tmp_path, data), activity_details=False).load()
    assert _actors(board).count(BUTLER_ID) == RULES and not plain


def _one(app_creator, *, key: bool = True) -> dict:
    action = {
        "id": "5f69fa10e701743e9b01f70d",
        "type": "updateCard",
        "date": "2024-03-04T10:00:00.000Z",
        "idMemberCreator": BOB["id"],
        "memberCreator": dict(BOB),
        "data": {"card": {"id": "c1", "pos": 1024}, "old": {"pos": 65536}},
    }
    if key:
        action["appCreator"] = app_creator
    return action


BUTLERS = [BUTLER, {"name": "butler"}, {"name": " BUTLER "}, {"id": BUTLER_APP_ID}]
MEMBERS = [
    MOBILE,  # Trello's own apps name no one: the member acted, in person
    {"id": "6999fbdb5398a8074de4341d"},
    {"id": "5a1b", "name": "Zapier"},
    {"name": "Butler Smith"},
    {},
    None,
    "Butler",  # not an object
    {"name": 5},
    {"id": 7, "name": ["Butler"]},
]


@pytest.mark.parametrize("app_creator", BUTLERS + MEMBERS)
def test_butler_by_its_name_or_its_app_id_and_no_other_app(tmp_path, app_creator):
    butler = app_creator in BUTLERS
    expected = BUTLER_ID if butler else BOB["id"]
    people: dict[str, Person] = {}
    activity = map_action(_one(app_creator), {}, people=people)
    assert activity is not None and activity.actor_id == expected
    assert list(people) == [expected]
    assert (people[expected] == BUTLER_ACCOUNT) is butler
    card = {"id": "c1", "name": "Fix the login form", "idList": "L1"}
    data = {"id": "B", "name": "B", "lists": [{"id": "L1", "name": "To Do"}], "cards": [card]}
    data["actions"] = [_one(app_creator)]
    path = _write(tmp_path, data)
    for board in (map_board_json(data), TrelloExport(path, activity_details=False).load()):
        assert [a.actor_id for a in board.activities] == [expected]
        assert list(board.people) == [expected] and board.people[expected] == people[expected]
        assert not board.skipped


def test_an_export_without_app_creator_reads_as_it_did(tmp_path):
    """No ``appCreator`` (older exports) or a null one: the member's, as before Butler was read."""
    data = trello_export(healthy_board("trello"))
    nulls = json.loads(json.dumps(data))
    for action in nulls["actions"]:
        action["appCreator"] = None
    for reader in (
        map_board_json,
        lambda d: TrelloExport(_write(tmp_path, d), activity_details=False).load(),
    ):
        without, with_nulls = reader(data), reader(nulls)
        assert asdict(without) == asdict(with_nulls)
        assert not any(p.startswith("app:") for p in without.people)
        assert all(p.account_type is None for p in without.people.values())
    by_action = {a.id: a.actor_id for a in map_board_json(data).activities}
    assert by_action == {a["id"]: a["idMemberCreator"] for a in data["actions"]}


# -- the report ---------------------------------------------------------------------------------


def test_butlers_work_is_nobodys_and_bob_keeps_his_own(tmp_path):
    report = scan_file(_write(tmp_path, _butler_export()), model=KeywordModel(), window="month")
    expected = scan_file(_healthy(tmp_path), model=KeywordModel(), window="month")
    assert report.automation == Automation(
        [AutomationAccount(BUTLER_ID, "Butler", RULES, "account type")], RULES
    )
    assert [p.name for p in report.people] == ["Bob Stone", "Alice Martin", "Dan Engineer"]
    assert report.people == expected.people  # Bob's activity, role, drift: his own
    assert report.summary == expected.summary
    assert report.windows == expected.windows and report.flags == expected.flags
    [how_sure] = [line.text for line in report.verdict.lines if line.topic == HOW_SURE]
    line = f"{RULES} activities by 1 automation account (Butler) are not counted as anyone's work."
    assert line in how_sure and how_sure.count("automation") == 1


def _run(*args: object):
    result = CliRunner().invoke(app, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result


def test_the_store_keeps_butler_an_app_import_then_report(tmp_path):
    path = _write(tmp_path, _butler_export())
    db, scanned, stored = tmp_path / "s.sqlite", tmp_path / "scan.json", tmp_path / "db.json"
    _run("scan", path, "--format", "json", "-o", scanned)
    _run("import", path, "--db", db)
    _run("report", "--db", db, "--format", "json", "-o", stored)
    scan, report = json.loads(scanned.read_text()), json.loads(stored.read_text())
    automation = {
        "accounts": [
            {"id": BUTLER_ID, "name": "Butler", "activities": RULES, "why": "account type"}
        ],
        "activities": RULES,
    }
    assert report["automation"] == scan["automation"] == automation
    assert report["people"] == scan["people"] and report["summary"] == scan["summary"]
    assert all(p["name"] != "Butler" for p in report["people"])


# -- the live sync -------------------------------------------------------------------------------


def test_a_live_sync_sets_butler_apart(store):
    """Through py-trello and the fake server: the actions are asked with their ``appCreator``
    (the fake answers it only then), and Butler's move is Butler's, Mateo's own his."""
    data = board_json()
    mateo = next(m for m in data["members"] if m["fullName"] == "Mateo Álvarez")
    card = next(c for c in data["cards"] if not c["closed"] and c["idList"])
    when = datetime(2024, 2, 1, 9, tzinfo=UTC)
    with FakeTrello([data], rate_limit=None) as fake:
        fake.comment(data["id"], card["id"], "Ready for review", mateo, when)
        rule = fake.move_card(data["id"], card["id"], "Done", mateo, when, app=dict(BUTLER))
        mobile = fake.comment(data["id"], card["id"], "From my phone", mateo, when)
        mobile["appCreator"] = dict(MOBILE)
        result = fetch_trello_into_store(
            store,
            boards=(data["shortLink"],),
            base_url=fake.url,
            credentials=CREDS,
            policy=RetryPolicy.fast(),
            bucket=WindowPacer(),
        )
        asked = fake.server.requested(r"/1/boards/\w+/actions")
    assert asked and all(r.arg("fields") == ACTION_FIELDS["fields"] == "all" for r in asked)
    board = load_fetched_board(store, result.boards[0].source_id)  # (from the store)
    assert board.people[BUTLER_ID] == BUTLER_ACCOUNT
    by_id = {a.id: a for a in board.activities}
    assert by_id[rule["id"]].actor_id == BUTLER_ID
    assert by_id[mobile["id"]].actor_id == mateo["id"]
    mine = [a for a in board.activities if a.actor_id == mateo["id"]]
    exported = [a for a in map_board_json(board_json()).activities if a.actor_id == mateo["id"]]
    assert len(mine) == len(exported) + 2  # his comments, none of the rule's moves
    report = scan_board(board, KeywordModel())
    assert [(a.name, a.activities, a.why) for a in report.automation.accounts] == [
        ("Butler", 1, "account type")
    ]
    assert all(p.name != "Butler" for p in report.people)


def test_an_incremental_sync_keeps_butler_an_app(store):
    """A card Butler created, changed later: the card's creator (Butler, from the stored
    history) is saved again with the card, still Butler's app account."""
    data = board_json()
    created = next(a for a in data["actions"] if a["type"] == "createCard")
    created["appCreator"] = dict(BUTLER)
    card_id = created["data"]["card"]["id"]
    member = data["members"][1]
    kw = {"credentials": CREDS, "policy": RetryPolicy.fast(), "bucket": WindowPacer()}
    with FakeTrello([data], rate_limit=None) as fake:
        first = fetch_trello_into_store(store, boards=(data["id"],), base_url=fake.url, **kw)
        when = datetime(2024, 6, 3, 10, 0, tzinfo=UTC)
        fake.comment(data["id"], card_id, "Still needed?", member, when)
        second = fetch_trello_into_store(store, boards=(data["id"],), base_url=fake.url, **kw)
    assert second.boards[0].incremental
    board = load_fetched_board(store, first.boards[0].source_id)
    assert next(i for i in board.items if i.id == card_id).reporter == BUTLER_ID
    assert board.people[BUTLER_ID] == BUTLER_ACCOUNT
    assert [a.name for a in scan_board(board, KeywordModel()).automation.accounts] == ["Butler"]
