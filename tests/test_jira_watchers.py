"""A Jira issue's watchers are ``Item.watchers``, not its ``members`` (a Trello card's members):
every Jira reader fills them (CSV in its three ways, JSON export dict and typed, the live
mapping), the store keeps them and moves an older store's (schema 7: Jira watchers were kept as
members) on open, and ownership reads assignee + members alone, so a watched issue nobody is
assigned to is unowned. Fixtures are written here."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from ownership_boards import KeywordModel

from analyzer.flags.items import has_owner
from analyzer.pipeline import scan_board
from connectors import store as store_mod
from connectors.exports import read_export
from connectors.exports.jira_csv import JiraCsvExport
from connectors.exports.jira_json import JiraJsonExport
from connectors.interface import Item
from connectors.mapping.clean import clean_item
from connectors.mapping.jira import map_issue
from connectors.store import SCHEMA_VERSION, Store
from connectors.store.codec import _iso, _to_json
from tests.fakes.old_store import old_schema

FIXTURES = Path(__file__).parent / "fixtures"
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
CSV_WAYS = ["polars columns", "polars prepared", "csv module"]


def _csv(path: Path, rows: list[list[str]]) -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), "utf-8")
    return path


def _read_csv(path: Path, way: str, monkeypatch: pytest.MonkeyPatch):
    if way != "csv module":
        monkeypatch.setattr(JiraCsvExport, "_load_stream", lambda *a: pytest.fail("csv module"))
        monkeypatch.setattr(JiraCsvExport, "_load_whole", lambda *a: pytest.fail("csv module"))
    prepared = way == "polars prepared"
    return JiraCsvExport(
        path, activity_details=not prepared, shared_empty=prepared, polars=way != "csv module"
    ).load()


WATCHED_CSV = [
    ["Summary", "Issue key", "Issue id", "Issue Type", "Status", "Assignee", "Assignee Id"]
    + ["Reporter", "Reporter Id", "Watchers", "Watchers", "Watchers Id", "Watchers Id"]
    + ["Created"],
    ["Fix the login bug", "P-1", "1", "Bug", "To Do", "", "", "Ana Lima", "a1"]
    + ["Ana Lima", "Kenji Sato", "a1", "k2", "2026-03-02 09:00"],
    ["Write the release notes", "P-2", "2", "Task", "To Do", "Kenji Sato", "k2", "Ana Lima"]
    + ["a1", "Ana Lima", "", "a1", "", "2026-03-02 09:00"],
    ["Tidy the docs", "P-3", "3", "Task", "To Do", "", "", "Ana Lima", "a1", "", "", "", ""]
    + ["2026-03-02 09:00"],
]


@pytest.mark.parametrize("way", CSV_WAYS)
def test_a_csv_exports_watchers_columns_are_the_issues_watchers(tmp_path, way, monkeypatch):
    board = _read_csv(_csv(tmp_path / "w.csv", WATCHED_CSV), way, monkeypatch)
    assert [list(i.watchers) for i in board.items] == [["a1", "k2"], ["a1"], []]
    assert all(not i.members for i in board.items)  # an issue's owner is its assignee
    assert [i.assignee for i in board.items] == [None, "k2", None]
    assert board.people["k2"].display_name == "Kenji Sato"  # a watcher is still one of its people
    assert [has_owner(i) for i in board.items] == [False, True, False]


def _issues(path: Path) -> Path:
    fields = {"summary": "Fix the login bug", "issuetype": {"name": "Bug"}}
    fields |= {"status": {"name": "To Do", "statusCategory": {"key": "new"}}}
    fields |= {"created": "2026-03-02T09:00:00.000+0000", "reporter": {"accountId": "a1"}}
    watchers = [
        {"accountId": "a1", "displayName": "Ana Lima"},
        {"accountId": "k2", "displayName": "Kenji Sato"},
        {"accountId": "a1", "displayName": "Ana Lima"},  # (once)
    ]
    issues = [
        {"id": "1", "key": "P-1", "fields": {**fields, "watchers": watchers}},
        {"id": "2", "key": "P-2", "fields": {**fields, "assignee": {"accountId": "k2"}}},
    ]
    path.write_text(json.dumps({"issues": issues}), "utf-8")
    return path


@pytest.mark.parametrize("lean", [False, True], ids=["dict mapper", "typed mapper"])
def test_a_json_exports_watchers_are_the_issues_watchers(tmp_path, lean):
    board = JiraJsonExport(_issues(tmp_path / "i.json"), activity_details=not lean).load()
    assert [list(i.watchers) for i in board.items] == [["a1", "k2"], []]
    assert all(not i.members for i in board.items)
    assert board.people["k2"].display_name == "Kenji Sato"
    shared = read_export(_issues(tmp_path / "s.json"), activity_details=False, shared_empty=True)
    assert [list(i.watchers) for i in shared.items] == [["a1", "k2"], []]


def test_the_live_mapping_reads_watchers_as_watchers():
    issue = {
        "id": "7",
        "key": "P-7",
        "fields": {
            "summary": "A watched issue",
            "assignee": None,
            "watchers": [{"accountId": "w1", "displayName": "Wen"}, {"accountId": "w1"}],
        },
    }
    item, _, people = map_issue(issue)
    assert (item.watchers, item.members, item.assignee) == (["w1"], [], None)
    assert "w1" in {p.id for p in people}
    assert not has_owner(item)


@pytest.mark.parametrize("lean", [False, True], ids=["full", "scan"])
def test_trello_cards_keep_their_members_and_have_no_watchers(lean):
    path = FIXTURES / "trello_board_basic.json"
    board = read_export(path, activity_details=not lean, shared_empty=lean)
    carded = [i for i in board.items if i.members]
    assert carded and all(has_owner(i) for i in carded)
    assert all(not i.watchers for i in board.items)


def test_a_watchers_control_characters_are_cleaned():
    item = clean_item(Item("jira", "1", "T", watchers=["a\x07b"]))
    assert item.watchers != ["a\x07b"] and item.watchers[0].isprintable()


# -- ownership end to end: the scan's own read of a watched, unassigned backlog ------------------


def test_a_watched_unassigned_backlog_is_flagged_unowned(tmp_path):
    rows = [WATCHED_CSV[0]]
    for n in range(6):  # every issue watched by its reporter, none assigned
        rows.append(
            [f"Fix bug {n}", f"P-{n}", str(n), "Bug", "To Do", "", "", "Ana Lima", "a1"]
            + ["Ana Lima", "", "a1", "", "2026-03-02 09:00"]
        )
    board = read_export(_csv(tmp_path / "w.csv", rows), activity_details=False, shared_empty=True)
    assert all(i.watchers == ["a1"] for i in board.items)
    report = scan_board(board, KeywordModel())
    flag = next(f for f in report.flags if f.code == "unowned-items")
    assert "of the open issues have no assignee" in flag.message
    assert not report.other_owners


# -- the store ----------------------------------------------------------------------------------


def _items() -> list[Item]:
    return [
        Item("jira", "1", "Watched", key="P-1", updated=T0, watchers=["a1", "k2"]),
        Item("jira", "2", "Assigned", key="P-2", updated=T0, assignee="k2"),
    ]


@pytest.mark.parametrize("for_report", [False, True])
def test_the_store_keeps_watchers_apart_from_members(tmp_path, for_report):
    with Store(tmp_path / "s.sqlite") as db:
        sid = db.source("jira", "k", "P")
        db.save_page(sid, _items(), [])
        loaded = db.load_board(sid, for_report=for_report).items
    assert [(i.watchers, i.members) for i in loaded] == [(["a1", "k2"], []), ([], [])]


def _v7_row(item: Item) -> str:
    """``item`` as schema 7's save_page wrote it: no ``watchers``, a Jira issue's in members."""
    fields = json.loads(_to_json(item))
    watchers = fields.pop("watchers")
    fields["members"] = watchers or fields["members"]
    return json.dumps(fields, ensure_ascii=False, sort_keys=True)


def _v7_store(path: Path, kind: str, items: list[Item]) -> None:
    raw = old_schema(path, 7)
    raw.execute(
        "INSERT INTO sources (id, kind, key, name, created_at) VALUES (1, ?, 'k', 'B', 'x')",
        (kind,),
    )
    raw.execute("INSERT INTO sync_state (source_id) VALUES (1)")
    raw.executemany(
        "INSERT INTO items (source_id, item_id, key, updated, fetched_at, data) "
        "VALUES (1, ?, ?, ?, 'x', ?)",
        [(i.id, i.key, _iso(i.updated), _v7_row(i)) for i in items],
    )
    raw.commit()
    raw.close()


def _rows(path: Path) -> list[tuple[str, str]]:
    raw = sqlite3.connect(path)
    try:
        return raw.execute("SELECT item_id, data FROM items ORDER BY item_id").fetchall()
    finally:
        raw.close()


@pytest.mark.parametrize("json1", [True, False], ids=["JSON functions", "Python"])
def test_an_older_stores_jira_members_become_watchers_trellos_stay(tmp_path, monkeypatch, json1):
    if not json1:
        monkeypatch.setattr(store_mod.schema, "_JSON_EXTRACT", "no_such_function")
    jira = _items()
    cards = [
        Item("trello", "c1", "Card", key="c1", updated=T0, assignee="m1", members=["m1", "m2"]),
        Item("trello", "c2", 'Card "jira" in quotes', key="c2", updated=T0, members=["m3"]),
    ]
    _v7_store(tmp_path / "jira.sqlite", "jira", jira)
    _v7_store(tmp_path / "trello.sqlite", "trello", cards)
    assert '"members": ["a1", "k2"]' in _rows(tmp_path / "jira.sqlite")[0][1]  # as v7 kept it
    trello_before = _rows(tmp_path / "trello.sqlite")
    with Store(tmp_path / "jira.sqlite") as db:
        assert db.schema_version == SCHEMA_VERSION == 9
        loaded = db.load_board(1).items
        lean = db.load_board(1, for_report=True).items
    assert [(i.watchers, i.members) for i in loaded] == [(["a1", "k2"], []), ([], [])]
    assert [(list(i.watchers), list(i.members)) for i in lean] == [(["a1", "k2"], []), ([], [])]
    assert loaded == jira and not any(map(has_owner, loaded[:1]))
    with Store(tmp_path / "trello.sqlite") as db:
        assert db.load_board(1).items == cards
    assert _rows(tmp_path / "trello.sqlite") == trello_before  # a card's row is not touched
    if not json1:  # row by row: a watched issue's row is the text saving writes (the others
        with Store(tmp_path / "new.sqlite") as db:  # are not touched: no watchers to move)
            db.save_page(db.source("jira", "k", "B"), jira, [])
        assert _rows(tmp_path / "jira.sqlite")[0] == _rows(tmp_path / "new.sqlite")[0]


@pytest.mark.parametrize("json1", [True, False], ids=["JSON functions", "Python"])
def test_a_damaged_item_row_fails_the_migration_and_leaves_the_store(tmp_path, monkeypatch, json1):
    from connectors.store import StoreError

    if not json1:
        monkeypatch.setattr(store_mod.schema, "_JSON_EXTRACT", "no_such_function")
    path = tmp_path / "old.sqlite"
    _v7_store(path, "jira", _items())
    raw = sqlite3.connect(path)
    raw.execute("""UPDATE items SET data = '{"source": "jira", damaged' WHERE item_id = '2'""")
    raw.commit()
    raw.close()
    before = _rows(path)
    with pytest.raises(StoreError, match="could not be upgraded from schema version 7 to 9"):
        Store(path)
    assert _rows(path) == before
    raw = sqlite3.connect(path)
    assert raw.execute("PRAGMA user_version").fetchone()[0] == 7
    raw.close()


# --- the upgrade to schema 8 is told once --------------------------------------------------------

_UPGRADED = (
    "upgraded the store {} to schema 8: a Jira issue's watchers are now kept apart from its "
    "owners (1 Jira issue's watchers were read as owners before), so owners and people may read "
    "differently from earlier reports"
)


@pytest.mark.parametrize("json1", [True, False], ids=["JSON functions", "Python"])
def test_the_upgrade_that_moves_watchers_is_told_once(tmp_path, monkeypatch, caplog, json1):
    """Library use: the opening that upgrades holds the line (``upgrade_notes``) and logs it
    (INFO, ``backlog_analyzer.store``, after the line every upgrade starts with); the next
    opening and a new store tell nothing, a store with no watched Jira issue only the start."""
    if not json1:
        monkeypatch.setattr(store_mod.schema, "_JSON_EXTRACT", "no_such_function")
    path = tmp_path / "old.sqlite"
    _v7_store(path, "jira", _items())
    caplog.set_level("INFO", logger="backlog_analyzer.store")
    with Store(path) as db:
        assert db.upgraded_from == 7
        assert db.upgrade_notes == [_UPGRADED.format(path)]
    upgrading = store_mod.schema.upgrading_line
    assert [r.getMessage() for r in caplog.records] == [upgrading(path), *db.upgrade_notes]
    caplog.clear()
    with Store(path) as again:
        assert (again.upgraded_from, again.upgrade_notes) == (None, [])
    with Store(tmp_path / "new.sqlite") as new:
        new.source("jira", "k", "P")
        assert (new.upgraded_from, new.upgrade_notes) == (None, [])
    _v7_store(tmp_path / "trello.sqlite", "trello", [Item("trello", "c", "C", members=["m"])])
    with Store(tmp_path / "trello.sqlite") as cards:
        assert (cards.upgraded_from, cards.upgrade_notes) == (7, [])  # nothing moved
    # only the upgrade's start is told (every upgrade's: it reads the activities)
    assert [r.getMessage() for r in caplog.records] == [upgrading(tmp_path / "trello.sqlite")]


def test_the_cli_tells_the_upgrade_as_a_note_on_the_run_that_upgrades(
    tmp_path, monkeypatch, keyword_model
):
    from typer.testing import CliRunner

    from analyzer.cli import app

    monkeypatch.setenv("BACKLOG_ANALYZER_CONFIG", str(tmp_path / "no-config.toml"))
    path = tmp_path / "old.sqlite"
    _v7_store(path, "jira", _items())
    first = CliRunner().invoke(app, ["report", "--db", str(path), "--format", "json"])
    assert first.exit_code == 0, first.output
    notes = [line for line in first.stderr.splitlines() if "upgraded the store" in line]
    assert notes == [f"backlog-analyzer: note: {_UPGRADED.format(path)}"]
    assert json.loads(first.stdout)["summary"]["items"]["total"] == 2
    again = CliRunner().invoke(app, ["report", "--db", str(path), "--format", "json"])
    assert again.exit_code == 0 and "upgraded" not in again.stderr
    new = CliRunner().invoke(
        app, ["import", str(FIXTURES / "jira_export_en.csv"), "--db", str(tmp_path / "n.sqlite")]
    )
    assert new.exit_code == 0 and "upgraded" not in new.stderr
