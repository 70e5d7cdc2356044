"""A Jira CSV without a Resolved column says which issues are resolved by its Resolution column
(session 36): Jira's default issue view (Type, Key, Summary, Assignee, Reporter, Priority,
Status, Resolution, Created, Updated, Due) exported with Export → CSV (current fields), or a
tool's CSV of issues without a Status column (a real one of 5 586 issues, 3 721 resolved, read
as 0 done and every story open). In the sets' CSV exports holding both columns, a Resolution
cell is set exactly where the Resolved date is. A file with a Resolved column is read by it
alone, as before. Fixtures are written here, not real exports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from connectors.exports.jira_csv_cells import resolution_stands_in
from tests.cli_helpers import run_ok
from tests.test_jira_columns import _read
from tests.test_jira_csv_fastpath import assert_same_board

WAYS = ["polars columns", "polars prepared", "csv module"]

# Jira's default view: custom statuses ("Parked", "Awaiting Demo") tell no category
DEFAULT_VIEW = (
    "Issue Type,Issue key,Issue id,Summary,Assignee,Reporter,Priority,Status,Resolution,"
    "Created,Updated,Due date\n"
    "Story,WEB-1,10001,Ship the pricing page,ana,ana,Medium,Parked,Won't Do,"
    "02/Sep/24 9:11 AM,06/Sep/24 2:51 PM,\n"
    "Story,WEB-2,10002,Write the onboarding copy,ana,ana,Medium,Awaiting Demo,Done,"
    "02/Sep/24 9:12 AM,06/Sep/24 2:52 PM,\n"
    "Bug,WEB-3,10003,Fix the login form,ana,ana,High,Awaiting Demo,,"
    "03/Sep/24 10:00 AM,06/Sep/24 3:00 PM,\n"
    "Bug,WEB-4,10004,Fix the signup form,ana,ana,High,To Do,Unresolved,"
    "03/Sep/24 10:05 AM,06/Sep/24 3:05 PM,\n"
)
# a tool's CSV: no Status column, no Resolved column
NO_STATUS = (
    "Issue key,Summary,Issue Type,Resolution,Updated\n"
    "OPS-1,Rotate the certificates,Story,Done,2025-09-25\n"
    "OPS-2,Move the backups,Story,,2025-09-20\n"
    "OPS-3,Drop the old queue,Story,Won't Do,2025-09-21\n"
)
# both columns: the Resolved date alone says it (a Resolution cell without a date is not read)
BOTH = (
    "Issue key,Summary,Issue Type,Status,Resolution,Resolved,Created\n"
    "APP-1,Add the export button,Story,Awaiting Demo,Done,,01/Mar/24 9:00 AM\n"
    "APP-2,Add the import button,Story,Awaiting Demo,Done,05/Mar/24 9:00 AM,01/Mar/24 9:05 AM\n"
)


def _file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "issues.csv"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("way", WAYS)
def test_the_default_views_resolution_says_done(tmp_path, way, monkeypatch):
    path = _file(tmp_path, DEFAULT_VIEW)
    board = _read(path, way, monkeypatch)
    assert [(i.key, i.status_category) for i in board.items] == [
        ("WEB-1", "done"),  # Won't Do: resolved, as a Resolved date says
        ("WEB-2", "done"),
        ("WEB-3", None),  # no resolution: the custom status tells nothing
        ("WEB-4", "todo"),  # "Unresolved" names none
    ]
    assert all(item.resolved is None for item in board.items)  # (no date is made up)
    assert_same_board(path)


@pytest.mark.parametrize("way", WAYS)
def test_a_tools_csv_without_status_is_done_by_its_resolution(tmp_path, way, monkeypatch):
    path = _file(tmp_path, NO_STATUS)
    board = _read(path, way, monkeypatch)
    assert [(i.key, i.status_category) for i in board.items] == [
        ("OPS-1", "done"),
        ("OPS-2", None),
        ("OPS-3", "done"),
    ]
    assert_same_board(path)


@pytest.mark.parametrize("way", WAYS)
def test_with_a_resolved_column_the_date_alone_says_it(tmp_path, way, monkeypatch):
    path = _file(tmp_path, BOTH)
    board = _read(path, way, monkeypatch)
    assert [(i.key, i.status_category) for i in board.items] == [("APP-1", None), ("APP-2", "done")]
    assert_same_board(path)


def test_resolution_stands_in_only_without_a_resolved_column():
    assert resolution_stands_in(["summary", "resolution"])
    assert not resolution_stands_in(["summary", "resolution", "resolved"])
    assert not resolution_stands_in(["summary", "resolved"])


def test_the_scan_counts_the_resolved_as_done(keyword_cli, tmp_path):
    path = _file(tmp_path, NO_STATUS)
    report = json.loads(run_ok("scan", path, "--format", "json"))
    assert report["summary"]["done_items"] == 2
    run_ok("import", path, "--db", tmp_path / "s.db")
    stored = json.loads(run_ok("report", "--db", tmp_path / "s.db", "--format", "json"))
    assert stored["summary"]["done_items"] == 2
