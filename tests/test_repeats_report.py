"""What a report says of the rows its reader left out: issues an export holds more than once
(``Board.repeats``) are told apart from records that could not be read (``Board.skipped``), with
the count of rows; skipped lines of one reason are shown grouped (the JSON keeps every line).

Session 31: a tool's daily snapshots (95 issues on 13,219 rows) gave one line per issue but the
note "95 records could not be read and were skipped" and ``import``'s "95 unreadable records
skipped": 13,124 rows were left out, none of them unreadable. A Jira Server export's 42 rows
holding only an issue id gave 42 lines of one reason."""

from __future__ import annotations

import json
from pathlib import Path

from ownership_boards import Builder, KeywordModel
from typer.testing import CliRunner

from analyzer.cli import app
from analyzer.formats import get_format
from analyzer.local_store import ImportResult
from analyzer.pipeline import scan_board
from analyzer.report import Skipped, grouped_lines, repeats_note, skipped_note
from connectors.interface import Repeats
from connectors.merge import merge_boards
from tests.test_report_schema import validate

ROOT = Path(__file__).parents[1]
SCHEMA = json.loads((ROOT / "analyzer" / "schema" / "report.schema.json").read_text("utf-8"))

LINES = [
    "issue #2: DEMO-1 appears 44 times; kept the one updated last (issue #3)",
    "issue #46: DEMO-2 appears 3 times; kept the first",
]
NOTE = (
    "45 rows repeat 2 issues already read and were left out (each counted once, as last updated)."
)
UNREADABLE = "row 9: no issue key or id (summary 'x')"


def _board(skipped: tuple[str, ...] = (), repeats: Repeats | None = None, name: str = "Demo"):
    b = Builder("jira")
    b.board.name = name
    for n in range(6):
        b.item(f"T{n}", "tactical", title=f"Fix bug {n}", status="To Do")
    b.board.skipped.extend(skipped)
    b.board.repeats = Repeats(list(LINES), 45, "row") if repeats is None else repeats
    return b.board


def _report(*skipped: str, repeats: Repeats | None = None):
    return scan_board(_board(skipped, repeats), KeywordModel())


def test_repeats_are_noted_apart_from_unreadable_records():
    report = _report()
    assert report.summary.skipped == 0 and report.skipped.count == 0
    assert NOTE in report.notes
    assert not any("could not be read" in note for note in report.notes)
    both = _report(UNREADABLE)
    at = both.notes.index(NOTE)
    assert both.notes[at - 1] == skipped_note(both.skipped)  # the unreadable one, then this
    assert skipped_note(both.skipped) == "1 record could not be read and was skipped."


def test_the_note_says_what_a_copy_is_and_which_was_kept():
    one = Skipped(repeats=["issue #3: K-2 appears twice; kept the first"], repeated=1)
    one.repeat_unit, one.first_kept = "copy", True
    assert repeats_note(one) == (
        "1 copy repeats an issue already read and was left out (counted once, as first read)."
    )


def test_every_format_lists_the_repeats_apart_and_json_keeps_them():
    report = _report(UNREADABLE)
    table = get_format("table", width=200).render(report)
    assert f"Repeated issues: {NOTE[:-1]}:" in table and f"  - {LINES[1]}" in table
    assert "Skipped 1 record the reader could not use:" in table
    assert "· 1 skipped · 45 repeated rows of 2 issues" in table
    assert f"Note: {NOTE}" not in table  # (the list says it)
    markdown = get_format("markdown").render(report)
    assert f"## Repeated issues\n\n{NOTE[:-1]}:\n\n- {LINES[0]}\n" in markdown
    assert "| **Repeated issues** | 45 repeated rows of 2 issues |" in markdown
    html = get_format("html").render(report)
    assert '<h3 id="repeated">Repeated issues</h3>' in html and LINES[1] in html
    data = json.loads(get_format("json").render(report))
    assert data["skipped"]["records"] == [UNREADABLE] and data["skipped"]["count"] == 1
    assert data["skipped"]["repeats"] == {"issues": 2, "copies": 45, "lines": LINES}
    assert NOTE in data["notes"]
    assert validate(data, SCHEMA, SCHEMA) == []


def test_a_report_without_repeats_is_as_before():
    report = _report(UNREADABLE, repeats=Repeats())
    data = json.loads(get_format("json").render(report))
    assert "repeats" not in data["skipped"]
    assert "Repeated" not in get_format("table", width=200).render(report)
    assert "Repeated" not in get_format("markdown").render(report)


def test_a_merged_board_counts_each_boards_repeats():
    csv = _board(name="Sales")
    json_copies = _board(
        name="Ops", repeats=Repeats(["issue #4: OPS-1 appears twice; kept the first"], 1, "copy")
    )
    merged = merge_boards([csv, json_copies])
    ops = "Ops: issue #4: OPS-1 appears twice; kept the first"
    assert merged.repeats.lines == [f"Sales: {LINES[0]}", f"Sales: {LINES[1]}", ops]
    assert (merged.repeats.copies, merged.repeats.unit) == (46, "record")


def test_import_says_repeated_rows_not_unreadable_records():
    said = ImportResult(95, 95, 0, Path("s.sqlite"), repeats=Repeats(["a", "b"], 13124, "row"))
    line = said.summary("x.csv")
    assert "(95 activities; 13,124 repeated rows of 2 issues left out)" in line
    assert "unreadable" not in line


SNAPSHOTS = """Summary,Issue key,Issue id,Issue Type,Status,Created,Updated,Reporter
Define pricing,DEMO-1,1001,Story,To Do,01/Jan/24 9:00 AM,01/Jan/24 9:00 AM,Rita Reporter
Define pricing,DEMO-1,1001,Story,Done,01/Jan/24 9:00 AM,03/Jan/24 9:00 AM,Rita Reporter
Fix login,DEMO-2,1002,Bug,To Do,01/Jan/24 9:00 AM,01/Jan/24 9:00 AM,Rita Reporter
Define pricing,DEMO-1,1001,Story,Done,01/Jan/24 9:00 AM,03/Jan/24 9:00 AM,Rita Reporter
,,,,,,,
"""


def _run(*args: object) -> str:
    result = CliRunner().invoke(app, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result.output


def test_scan_import_and_report_from_the_store_say_the_same(tmp_path, keyword_model):
    path = tmp_path / "snapshots.csv"
    path.write_text(SNAPSHOTS, encoding="utf-8")
    db, scanned, stored = tmp_path / "s.sqlite", tmp_path / "scan.json", tmp_path / "db.json"
    _run("scan", path, "--format", "json", "-o", scanned)
    said = _run("import", path, "--db", db)
    assert "2 repeated rows of 1 issue left out" in said and "unreadable" not in said
    _run("report", "--db", db, "--format", "json", "-o", stored)
    scan, report = json.loads(scanned.read_text()), json.loads(stored.read_text())
    assert scan["skipped"]["repeats"] == {
        "issues": 1,
        "copies": 2,
        "lines": ["issue #2: DEMO-1 appears 3 times; kept the one updated last (issue #2)"],
    }
    assert report["skipped"] == scan["skipped"] and report["notes"] == scan["notes"]
    assert (
        "2 rows repeat an issue already read and were left out (counted once, as last "
        "updated)." in scan["notes"]
    )


def test_an_older_stores_repeat_lines_among_its_records_read_as_repeats(store):
    """A store written before: ``sources.skipped`` without ``repeats``, its lines of repeated
    issues among the records (as that version said them): read as repeats
    (tests/test_older_store_repeats.py)."""
    board = _board()
    board.repeats = Repeats()
    board.skipped.extend([UNREADABLE, "issue #2: DEMO-1 appears twice; kept the first"])
    source_id = store.import_board(board)
    loaded = store.load_board(source_id)
    assert loaded.skipped == [UNREADABLE]
    assert loaded.repeats == Repeats(
        ["issue #2: DEMO-1 appears twice; kept the first"], 1, "record", True
    )


# -- skipped lines of one reason, grouped where a report shows them ---------------------------

ID_ONLY = [
    f"row {n}: issue id {5000100 + n * 7} and no key, summary, type or status: not an issue"
    for n in range(66, 108)
]


def test_lines_of_one_reason_are_shown_once_with_where_the_others_are():
    assert grouped_lines([*ID_ONLY, UNREADABLE]) == [
        f"{ID_ONLY[0]} (and 41 more like it: rows 67–107)",
        UNREADABLE,
    ]
    two = ID_ONLY[:2]
    assert grouped_lines(two) == two  # (fewer than three: as they are)
    scattered = [f"issue #{n}: issue has neither an id nor a key" for n in (4, 5, 6, 9, 12)]
    assert grouped_lines(scattered) == [
        f"{scattered[0]} (and 4 more like it: issues #5–#6, #9, #12)"
    ]


def test_reports_show_them_grouped_and_json_keeps_every_line():
    report = _report(*ID_ONLY, repeats=Repeats())
    grouped = f"{ID_ONLY[0]} (and 41 more like it: rows 67–107)"
    table = get_format("table", width=300).render(report)
    assert "Skipped 42 records the reader could not use:" in table
    assert f"  - {grouped}" in table and ID_ONLY[1] not in table
    markdown = get_format("markdown").render(report)
    assert f"- {grouped}\n" in markdown and ID_ONLY[1] not in markdown
    assert grouped in get_format("html").render(report)
    assert json.loads(get_format("json").render(report))["skipped"]["records"] == ID_ONLY
