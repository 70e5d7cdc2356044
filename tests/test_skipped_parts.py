"""A board's skipped records and the parts of an export a reader left out are kept apart.

``Board.skipped`` holds one line per record that could not be read; ``Board.skipped_parts`` one
line per kind of part left out ("457 comment cell(s) ... were ignored"). The JSON report's
``skipped.count`` and ``summary.skipped`` count records only (a parts line counted as one record
before); its ``skipped.parts`` lists the rest. The store keeps both, and still reads the one list
an older store holds.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from ownership_boards import KeywordModel
from typer.testing import CliRunner

from analyzer.cli import app
from analyzer.formats import get_format
from analyzer.pipeline import scan_board, scan_file
from connectors.interface import Activity, ActivityKind, Board, Item
from connectors.mapping.clean import clean_board
from connectors.merge import merge_boards
from connectors.store import Store
from tests.test_report_schema import SCHEMA_PATH, validate

pytestmark = pytest.mark.usefixtures("keyword_model")

CELLS = "2 comment cell(s) not in Jira's 'date;author;text' form were ignored"
ROW = "row 4: no issue key or id (summary 'No key here')"
LEFT_OUT = "1 activity with a date outside the years 1900-2199 was left out"


def run(*args):
    return CliRunner().invoke(app, [str(a) for a in args])


def _export(tmp_path: Path) -> Path:
    """A Jira CSV with two comment cells not in Jira's form (on read rows) and a row with no key."""
    path = tmp_path / "issues.csv"
    path.write_text(
        "Summary,Issue key,Issue id,Created,Comment,Comment\n"
        "Plan the roadmap,P-1,1,24/Nov/25 9:00 AM,24/Nov/25 10:00 AM;ana;Agreed,just a note\n"
        "Fix the login bug,P-2,2,25/Nov/25 9:00 AM,no date here,\n"
        "No key here,,,26/Nov/25 9:00 AM,,\n",
        encoding="utf-8",
    )
    return path


def test_a_jira_csvs_bad_comment_cells_are_parts_and_its_bad_row_one_record(cli_home):
    result = run("scan", _export(cli_home), "-f", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    # was {"count": 2, "records": [ROW, CELLS]} and summary.skipped 2
    assert report["skipped"] == {"count": 1, "records": [ROW], "parts": [CELLS]}
    assert report["summary"]["skipped"] == 1
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert validate(report, schema, schema) == []


def test_the_texts_list_records_then_parts_in_the_old_words(tmp_path):
    report = scan_file(_export(tmp_path))
    table = get_format("table", width=200).render(report)
    assert "Skipped 1 record and parts of the export the reader could not use:" in table
    assert table.index(f"  - {ROW}") < table.index(f"  - {CELLS}")
    assert "· 1 record and parts of the export skipped" in table


def test_only_parts_left_out_count_no_record_and_validate(tmp_path):
    board = Board("b", "Board", "jira", items=[Item("jira", "1", "Plan the roadmap", key="P-1")])
    board.skipped_parts.append(CELLS)
    report = json.loads(get_format("json").render(scan_board(board, KeywordModel())))
    assert report["skipped"] == {"count": 0, "records": [], "parts": [CELLS]}  # count was 1
    assert report["summary"]["skipped"] == 0
    assert "Parts of the export could not be read and were skipped." in report["notes"]
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert validate(report, schema, schema) == []


def _dated(years: list[int]) -> Board:
    board = Board("b", "Board", "trello", items=[Item("trello", "i1", "Card")])
    board.skipped.append("card #2: field 'name' is a number")
    board.activities = [
        Activity("i1", "u1", ActivityKind.MOVED, datetime(year, 1, 2, tzinfo=UTC)) for year in years
    ]
    return board


def test_clean_boards_activities_dated_out_of_range_are_parts_not_records(store: Store):
    board = clean_board(_dated([2024, 9999]))
    assert board.skipped == ["card #2: field 'name' is a number"]  # the record alone
    assert board.skipped_parts == [LEFT_OUT]
    # the same check on a lean read's columns of activities
    sid = store.source("trello", "b", "Board")
    store.save_page(sid, _dated([2024, 9999]).items, _dated([2024, 9999]).activities)
    lean = clean_board(store.load_board(sid, activity_details=False), details=False)
    assert lean.skipped == [] and lean.skipped_parts == [LEFT_OUT]


def test_the_store_keeps_records_and_parts_apart(store: Store):
    board = _dated([2024])
    board.skipped_parts = [CELLS]
    sid = store.import_board(board)
    (stored,) = store._db.execute("SELECT skipped FROM sources WHERE id = ?", (sid,)).fetchone()
    assert json.loads(stored) == {"records": board.skipped, "parts": [CELLS]}
    loaded = store.load_board(sid)
    assert (loaded.skipped, loaded.skipped_parts) == (board.skipped, [CELLS])
    board.skipped, board.skipped_parts = [], []
    store.import_board(board)  # a newer, clean export of the same board
    loaded = store.load_board(sid)
    assert (loaded.skipped, loaded.skipped_parts) == ([], [])


#: What a store written before the two were kept apart holds: one list, parts lines among them.
LEGACY = [
    "row 4: no issue key or id (summary 'No key here')",
    "457 comment cell(s) not in Jira's 'date;author;text' form were ignored",
    "3 date(s) in digits alone (such as '3/2/2024 9:00') not read: no day above 12 shows",
    "2 activities with a date outside the years 1900-2199 were left out",
    "issue #3: P-3 appears twice; kept the first",
]


def _legacy_store(path: Path) -> int:
    with Store(path) as store:
        sid = store.import_board(_dated([2024]))
        with store._tx() as db:
            db.execute("UPDATE sources SET skipped = ? WHERE id = ?", (json.dumps(LEGACY), sid))
        return sid


def test_an_older_stores_one_list_is_split_by_its_words(tmp_path):
    sid = _legacy_store(tmp_path / "old.sqlite")
    with Store(tmp_path / "old.sqlite") as store:
        loaded = store.load_board(sid)
    assert loaded.skipped == [LEGACY[0]]  # the repeat line is a repeat (test_older_store_repeats)
    assert loaded.skipped_parts == LEGACY[1:4] and loaded.repeats.lines == [LEGACY[4]]


def test_a_report_from_an_older_store_counts_its_records_only(cli_home):
    _legacy_store(cli_home / "old.sqlite")
    result = run("report", "--db", cli_home / "old.sqlite", "-f", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["skipped"] == {
        "count": 1,
        "records": [LEGACY[0]],
        "parts": LEGACY[1:4],
        "repeats": {"issues": 1, "copies": 1, "lines": [LEGACY[4]]},
    }
    assert report["summary"]["skipped"] == 1


def test_a_merged_board_keeps_both_lists():
    one, two = _dated([2024]), _dated([2025])
    one.id, two.id, two.origin = "a", "b", "two.json"
    one.name, two.name = "Roadmap", "Support"
    one.skipped_parts = [CELLS]
    two.skipped, two.skipped_parts = ["card #7: no id"], [LEFT_OUT]
    merged = merge_boards([one, two])
    # each line led by its board's name: a combined report says whose export left it out
    assert merged.skipped == [
        "Roadmap: card #2: field 'name' is a number",
        "Support: card #7: no id",
    ]
    assert merged.skipped_parts == [f"Roadmap: {CELLS}", f"Support: {LEFT_OUT}"]
    again = merge_boards([merged, _dated([2023])])  # a merged board's lines are not led twice
    assert again.skipped_parts[:2] == merged.skipped_parts


def test_an_import_counts_the_records_and_tells_the_parts(tmp_path):
    from analyzer.local_store import import_file

    result = import_file(_export(tmp_path), db=tmp_path / "s.sqlite")
    assert (result.skipped, result.parts_skipped) == (1, True)  # was (2, True): the cells a record
    said = result.summary("issues.csv")
    assert ("; 1 record and parts of the export could not be read and were skipped)") in said


def _parts_only(name: str, board_id: str, parts: list[str]) -> Board:
    board = Board(board_id, name, "jira", items=[Item("jira", board_id, "Plan the roadmap")])
    board.origin, board.skipped_parts = f"{board_id}.csv", parts
    return board


def test_a_combined_reports_skipped_note_names_the_boards_in_every_format():
    """The note of a report of several boards says whose parts were skipped (its lines did,
    the note did not): JSON's note and ``skipped.boards``, the terminal's, Markdown's and
    HTML's lead over the list."""
    clean = _parts_only("Clean", "c", [])
    merged = merge_boards(
        [_parts_only("Roadmap", "a", [CELLS]), clean, _parts_only("Support", "b", [LEFT_OUT])]
    )
    assert merged.skipped_boards == ["Roadmap", "Support"]  # not the board that skipped none
    report = scan_board(merged, KeywordModel())
    data = json.loads(get_format("json").render(report))
    note = "Parts of the export of Roadmap and Support could not be read and were skipped."
    assert note in data["notes"]
    assert data["skipped"]["boards"] == ["Roadmap", "Support"]
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert validate(data, schema, schema) == []
    table = get_format("table", width=200).render(report)
    assert "Skipped parts of the export of Roadmap and Support the reader could not use:" in table
    lead = "Parts of the export of Roadmap and Support could not be read:"
    assert lead in get_format("markdown").render(report)
    assert lead in get_format("html").render(report)
    again = merge_boards([merged, _parts_only("Ops", "d", [CELLS])])  # merged boards merged
    assert again.skipped_boards == ["Roadmap", "Support", "Ops"]


def test_a_combined_reports_note_counts_records_and_many_boards():
    boards = [_parts_only(f"B{n}", f"b{n}", []) for n in range(6)]
    for board in boards:
        board.skipped = ["row 2: no issue key or id (summary 'x')"]
    report = scan_board(merge_boards(boards), KeywordModel())
    assert (
        "6 records of B0, B1, B2, B3 and 2 other boards could not be read and were skipped."
        in report.notes
    )


def test_one_boards_report_is_as_before():
    report = scan_board(_parts_only("Roadmap", "a", [CELLS]), KeywordModel())
    data = json.loads(get_format("json").render(report))
    assert data["skipped"] == {"count": 0, "records": [], "parts": [CELLS]}  # no "boards"
    assert "Parts of the export could not be read and were skipped." in data["notes"]
    assert report.skipped.boards == []
