"""A Trello board that is itself a template (``prefs.isTemplate: true``: a board new boards are
copied from) is read as a board, and its report says what it is in one note, on every path
(connectors.mapping.trello.is_template_board, Board.template_boards,
analyzer.balance.template_board_note).

Session 31: two fresh boards (a course's challenge board, a German exam-project board) were
templates, and their reports read their cards as a team's work without a word of it. Every
path: the export's dict-based, streamed and typed readers, the store (``import`` then ``report
--db``), a live sync (the board's ``prefs`` asked with its fields), a merged board, and every
report format that shows notes."""

from __future__ import annotations

import copy
import json
from dataclasses import asdict
from pathlib import Path

import pytest
from ownership_boards import KeywordModel, healthy_board, trello_export
from test_trello_live import CREDS, board_json
from typer.testing import CliRunner

from analyzer.balance import template_board_note
from analyzer.cli import app
from analyzer.pipeline import scan_board, scan_file
from connectors._http.pacing import WindowPacer
from connectors._http.retry import RetryPolicy
from connectors.exports.trello_json import TrelloExport
from connectors.live.trello import fetch_trello_into_store, load_fetched_board
from connectors.mapping.trello import is_template_board, map_board_json
from connectors.merge import merge_boards
from connectors.store import Store
from tests.fakes.trello_server import FakeTrello

NOTE = (
    "This board is a Trello template: its cards are a starting point for new boards, not a "
    "team's work."
)


def _exports() -> tuple[dict, dict]:
    """The healthy board's export, and the same board made a template (as Trello writes it:
    ``prefs`` with ``isTemplate`` among the board's settings)."""
    plain = trello_export(healthy_board("trello"))
    plain["prefs"] = {"permissionLevel": "private", "isTemplate": False, "background": "blue"}
    data = copy.deepcopy(plain)
    data["prefs"]["isTemplate"] = True
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


def _aside(board) -> dict:
    whole = asdict(board)
    whole.pop("template_boards")
    whole.pop("origin")
    return whole


# -- the export's readers ------------------------------------------------------------------------


def test_every_export_reader_reads_a_template_board_as_the_board_and_says_so(tmp_path):
    plain, data = _exports()
    template = _readers(tmp_path, data, "template.json")
    for how, board in _readers(tmp_path, plain, "plain.json").items():
        read = template[how]
        assert read.template_boards == [read.name], how
        assert board.template_boards == [], how
        assert _aside(read) == _aside(board), how


@pytest.mark.parametrize(
    "prefs", [{"isTemplate": "true"}, {"isTemplate": 1}, {}, None, "isTemplate", [True]]
)
def test_only_true_in_the_prefs_makes_a_template_board(tmp_path, prefs):
    _plain, data = _exports()
    data["prefs"] = prefs
    assert not is_template_board(prefs)
    for how, board in _readers(tmp_path, data, "odd.json").items():
        assert board.template_boards == [], how
        assert board.items, how


# -- the report ---------------------------------------------------------------------------------


def test_the_report_says_once_that_the_board_is_a_template_and_nothing_else_changes(tmp_path):
    plain, data = _exports()
    expected = scan_file(_write(tmp_path, plain, "plain.json"), model=KeywordModel())
    report = scan_file(_write(tmp_path, data, "template.json"), model=KeywordModel())
    assert report.summary == expected.summary
    assert report.people == expected.people and report.flags == expected.flags
    assert report.verdict == expected.verdict and report.top_tactical == expected.top_tactical
    assert report.notes == [NOTE, *expected.notes]
    assert template_board_note() == NOTE


@pytest.mark.parametrize("fmt", ["table", "markdown", "html", "json"])
def test_every_report_format_shows_the_note(tmp_path, fmt, keyword_model):
    _plain, data = _exports()
    path, out = _write(tmp_path, data, "template.json"), tmp_path / f"report.{fmt}"
    _run("scan", path, "--format", fmt, "-o", out)
    text = out.read_text(encoding="utf-8")
    if fmt == "json":
        assert json.loads(text)["notes"].count(NOTE) == 1
    else:  # (wrapped in a terminal's table, escaped in HTML)
        flat = " ".join(text.split()).replace("&#x27;", "'").replace("&#39;", "'")
        assert flat.count("This board is a Trello template") == 1
        assert "not a team's work." in flat


def test_a_merged_board_names_each_template_board(tmp_path):
    plain, data = _exports()
    other = copy.deepcopy(data)
    other["id"], other["name"] = "B2", "Sprint board template"
    plain["id"], plain["name"] = "B3", "Team board"
    boards = [
        TrelloExport(_write(tmp_path, d, f"{n}.json"), activity_details=False).load()
        for n, d in enumerate((data, plain, other))
    ]
    merged = merge_boards(boards)
    assert merged.template_boards == [data["name"], "Sprint board template"]
    notes = scan_board(merged, model=KeywordModel()).notes
    assert [n for n in notes if "Trello template" in n] == [
        template_board_note(data["name"]),
        'The board "Sprint board template" is a Trello template: its cards are a starting '
        "point for new boards, not a team's work.",
    ]


# -- the store ----------------------------------------------------------------------------------


def _run(*args: object) -> str:
    result = CliRunner().invoke(app, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result.output


def test_import_then_report_from_the_store_says_it_as_the_scan(tmp_path, keyword_model):
    plain, data = _exports()
    path = _write(tmp_path, data, "template.json")
    db, scanned, stored = tmp_path / "s.sqlite", tmp_path / "scan.json", tmp_path / "db.json"
    _run("scan", path, "--format", "json", "-o", scanned)
    _run("import", path, "--db", db)
    _run("report", "--db", db, "--format", "json", "-o", stored)
    scan, report = json.loads(scanned.read_text()), json.loads(stored.read_text())
    assert report["notes"] == scan["notes"] and report["notes"][0] == NOTE
    assert report["summary"] == scan["summary"]
    # the board made a board of work again, imported again: no note
    path.write_text(json.dumps(plain), encoding="utf-8")
    _run("import", path, "--db", db)
    _run("report", "--db", db, "--format", "json", "-o", stored)
    assert NOTE not in json.loads(stored.read_text())["notes"]


def test_the_stored_mark_is_kept_beside_the_skipped_lines_and_templates(store):
    """``sources.skipped``'s ``template_board`` (no schema change): set and cleared alone, the
    skipped lines and the card templates kept."""
    board = map_board_json(_exports()[1])
    board.skipped.append("card #9: no id")
    board.templates = ["T1"]
    source_id = store.import_board(board)
    loaded = store.load_board(source_id)
    assert loaded.template_boards == [board.name] and loaded.templates == ["T1"]
    store.note_template_board(source_id, False)
    loaded = store.load_board(source_id)
    assert loaded.template_boards == [] and loaded.templates == ["T1"]
    assert loaded.skipped == ["card #9: no id"]
    store.note_template_board(source_id, True)
    store.note_template_board(source_id, True)
    assert store.load_board(source_id).template_boards == [board.name]
    work = map_board_json(_exports()[0])
    work.id = "B9"
    other = store.import_board(work)
    store.note_template_board(other, False)  # nothing stored: stays nothing
    assert store.load_board(other).template_boards == []
    assert store._db.execute("SELECT skipped FROM sources WHERE id = ?", (other,)).fetchone() == (
        None,
    )


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


def test_a_live_sync_reads_the_board_template_mark_and_follows_it(store):
    data = board_json()
    data["prefs"] = dict(data["prefs"], isTemplate=True)
    with FakeTrello([data], rate_limit=None) as fake:
        first = _fetch(fake, store, data["shortLink"])
        source_id = first.boards[0].source_id
        fetched = load_fetched_board(store, source_id)
        assert fetched.template_boards == [data["name"]]
        assert map_board_json(data).template_boards == [data["name"]]
        fake.boards[data["id"]]["prefs"]["isTemplate"] = False  # made a board of work
        second = _fetch(fake, store, data["id"])
    assert second.boards[0].incremental
    assert load_fetched_board(store, source_id).template_boards == []


def test_fetch_and_import_lines_say_the_board_is_a_template(store, tmp_path):
    """``fetch trello``'s and ``import``'s one-line summaries say it, as the report does."""
    data = board_json()
    data["prefs"] = dict(data["prefs"], isTemplate=True)
    with FakeTrello([data], rate_limit=None) as fake:
        first = _fetch(fake, store, data["shortLink"])
        fake.boards[data["id"]]["prefs"]["isTemplate"] = False  # made a board of work
        second = _fetch(fake, store, data["id"])
    assert "; the board is a Trello template" in first.summary().splitlines()[0]
    assert "template" not in second.summary().replace("card template", "")
    plain, marked = _exports()
    said = _run("import", _write(tmp_path, marked, "t.json"), "--db", tmp_path / "i.sqlite")
    assert "; the board is a Trello template)" in said
    said = _run("import", _write(tmp_path, plain, "p.json"), "--db", tmp_path / "j.sqlite")
    assert "Trello template" not in said
