"""An issue on more than one row of a Jira CSV (a tool's daily snapshots of its issues) is said
in one line with a count, and the row updated last is kept when it was updated later than the
first (the issue's current state), else the first (connectors.exports.jira_csv_board).

Session 30 found a tool's file of 95 issues on 13,219 rows (each issue once a day): 13,124
lines "KEY appears again; kept the first", each issue read in its oldest state (15 done where
its newest rows have 59). Every read path: the csv module's, polars' columns (import) and the
scan's prepared rows; ``import`` then ``report --db`` as the scan."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from analyzer.cli import app
from connectors.exports.jira_csv import JiraCsvExport

READS = {  # every path: csv module, polars' columns, the scan's prepared rows
    "csv module": {"polars": False},
    "columns": {},
    "prepared": {"activity_details": False, "shared_empty": True},
}
HEADER = "Issue key,Issue id,Summary,Issue Type,Status,Created,Updated,Reporter,Assignee,Comment"


def _row(key: str, status: str, updated: str, assignee: str, comment: str = "") -> str:
    n = key.split("-")[1]
    title = {"1": "Define the pricing strategy", "2": "Write login stories", "3": "Fix crash"}[n]
    created = f"0{n}/Jan/24 9:00 AM"
    people = f"Rita Reporter,{assignee},{comment}"
    return f"{key},100{n},{title},Story,{status},{created},{updated},{people}"


#: DEMO-1 on three rows (To Do, In Progress, then Done, each updated later; the assignee and
#: the comment change), DEMO-2 twice updated alike, DEMO-3 once.
SNAPSHOTS = [
    _row("DEMO-1", "To Do", "01/Jan/24 9:00 AM", "Alice Old", '"03/Jan/24 10:00 AM;Alice;first"'),
    _row("DEMO-2", "To Do", "02/Jan/24 9:00 AM", "Bob Dev"),
    _row("DEMO-1", "In Progress", "10/Jan/24 9:00 AM", "Carol New"),
    _row("DEMO-3", "Done", "03/Jan/24 9:00 AM", "Bob Dev"),
    _row("DEMO-2", "To Do", "02/Jan/24 9:00 AM", "Bob Dev"),
    _row("DEMO-1", "Done", "20/Jan/24 9:00 AM", "Carol New", '"12/Jan/24 10:00 AM;Carol New;done"'),
    _row("DEMO-1", "Done", "20/Jan/24 9:00 AM", "Carol New", ""),
]  # fmt: skip
#: What the snapshots hold now: each issue's row updated last, in the place of its first row.
CURRENT = [SNAPSHOTS[5], SNAPSHOTS[1], SNAPSHOTS[3]]
SAID = [
    "issue #3: DEMO-1 appears 4 times; kept the one updated last (issue #6)",
    "issue #5: DEMO-2 appears twice; kept the first",
]


def _csv(tmp_path: Path, rows: list[str], name: str, header: str = HEADER) -> Path:
    path = tmp_path / name
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def _aside(board) -> dict:
    whole = asdict(board)
    for key in ("repeats", "origin", "people", "activities"):
        whole.pop(key)
    return whole


@pytest.mark.parametrize("how", READS)
def test_each_issue_reads_as_its_row_updated_last_with_one_line_each(tmp_path, how):
    board = JiraCsvExport(_csv(tmp_path, SNAPSHOTS, "snapshots.csv"), **READS[how]).load()
    current = JiraCsvExport(_csv(tmp_path, CURRENT, "current.csv"), **READS[how]).load()
    assert board.repeats.lines == SAID and board.skipped == []  # none unreadable
    assert (board.repeats.copies, board.repeats.first_kept) == (4, False)
    assert _aside(board) == _aside(current)
    assert [i.status for i in board.items] == ["Done", "To Do", "Done"]
    assert list(board.activities) == list(current.activities)  # the old row's comment gone
    assert board.people == current.people  # Alice Old, named only by the first row: gone
    assert "Alice Old" not in board.people


@pytest.mark.parametrize("how", READS)
def test_without_an_updated_column_the_first_row_is_kept(tmp_path, how):
    header = HEADER.replace(",Updated,", ",Resolution,")
    board = JiraCsvExport(_csv(tmp_path, SNAPSHOTS, "s.csv", header), **READS[how]).load()
    assert [i.status for i in board.items] == ["To Do", "To Do", "Done"]
    assert board.repeats.lines == [
        "issue #3: DEMO-1 appears 4 times; kept the first",
        "issue #5: DEMO-2 appears twice; kept the first",
    ]
    assert board.repeats.first_kept  # no update times to compare


@pytest.mark.parametrize("how", READS)
def test_a_first_row_without_an_update_date_is_kept(tmp_path, how):
    """Only a later Updated than the first row's replaces it (none: nothing to compare)."""
    rows = [SNAPSHOTS[0].replace("01/Jan/24 9:00 AM", ""), SNAPSHOTS[2], SNAPSHOTS[5]]
    board = JiraCsvExport(_csv(tmp_path, rows, "s.csv"), **READS[how]).load()
    assert [i.status for i in board.items] == ["To Do"]
    assert board.repeats.lines == ["issue #2: DEMO-1 appears 3 times; kept the first"]


@pytest.mark.parametrize("how", READS)
def test_a_hundred_and_forty_snapshots_make_one_line(tmp_path, how):
    start = datetime(2024, 1, 1, 9, 0)
    rows = [
        f"DEMO-1,1001,Define the pricing strategy,Story,{'Done' if day >= 100 else 'To Do'},"
        f"01/Jan/24 9:00 AM,{start + timedelta(days=day):%d/%b/%y %I:%M %p},Rita Reporter,,"
        for day in range(140)
    ]
    board = JiraCsvExport(_csv(tmp_path, rows, "s.csv"), **READS[how]).load()
    assert board.repeats.lines == [
        "issue #2: DEMO-1 appears 140 times; kept the one updated last (issue #140)"
    ]
    assert board.repeats.copies == 139
    assert [i.status for i in board.items] == ["Done"]


def _run(*args: object) -> str:
    result = CliRunner().invoke(app, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result.output


def test_import_then_report_from_the_store_reads_as_the_scan(tmp_path, keyword_model):
    path = _csv(tmp_path, SNAPSHOTS, "snapshots.csv")
    db, scanned, stored = tmp_path / "s.sqlite", tmp_path / "scan.json", tmp_path / "db.json"
    _run("scan", path, "--format", "json", "-o", scanned)
    _run("import", path, "--db", db)
    _run("report", "--db", db, "--format", "json", "-o", stored)
    scan, report = json.loads(scanned.read_text()), json.loads(stored.read_text())
    assert scan["skipped"]["repeats"]["lines"] == SAID == report["skipped"]["repeats"]["lines"]
    assert scan["skipped"] == report["skipped"] and scan["notes"] == report["notes"]
    assert report["summary"] == scan["summary"]
    assert [i["status"] for i in report["items"]] == ["Done", "To Do", "Done"]
