"""A Jira JSON search asked for some fields (``fields=summary,status,…``) says which the analysis
lacks, as a CSV of the current fields does (session 33: a 2025 ``/rest/api/3/search/jql`` page of
8 fields was said to rot for "no assignee, no due date and no sprint" it never held)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analyzer.balance import NO_JIRA_CREATED
from connectors.exports import read_export
from connectors.exports.jira_current_fields import json_missing_columns
from tests.cli_helpers import flat, run_ok

OLD = "2024-01-10T09:00:00.000+0000"  # open, untouched for long: backlog rot
TODO = {"name": "To Do", "statusCategory": {"key": "new"}}
# the eight fields of the search seen: no reporter, due date, sprint, labels or custom fields
ASKED = ("summary", "created", "updated", "status", "assignee", "priority", "description")


def _issue(n: int, **fields: object) -> dict:
    every = {
        "summary": f"Fix the login page {n}",
        "created": OLD,
        "updated": OLD,
        "status": TODO,
        "assignee": None,
        "priority": {"name": "Medium"},
        "description": None,
        "resolution": None,
    }
    return {"id": str(100 + n), "key": f"W-{n}", "fields": {**every, **fields}}


def _write(tmp_path: Path, issues: list[dict], name: str = "search.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps({"issues": issues, "isLast": True}), encoding="utf-8")
    return path


ALL = {  # a search of every field: each there, null when empty, custom ones too
    "reporter": None,
    "creator": None,
    "issuetype": {"name": "Task"},
    "resolutiondate": None,
    "duedate": None,
    "labels": [],
    "comment": {"comments": []},
    "customfield_10020": None,
}


#: what the search of ``ASKED`` lacks besides Reporter
LACKED = ["Comment", "Issue Type", "Parent", "Due Date", "Sprint", "Labels"]


@pytest.mark.parametrize("lean", [True, False])  # the scan's typed read and import's
def test_the_fields_a_search_left_out_are_the_boards_missing_columns(tmp_path, lean) -> None:
    board = read_export(_write(tmp_path, [_issue(1)]), activity_details=not lean)
    assert board.missing_columns == ["Reporter", *LACKED]
    whole = read_export(_write(tmp_path, [_issue(1, **ALL)]), activity_details=not lean)
    assert whole.missing_columns == []


@pytest.mark.parametrize("lean", [True, False])
def test_a_field_any_issue_holds_is_not_missing(tmp_path, lean) -> None:
    """Session 34: the keys are judged over every issue, not the first's: a file of two
    searches saved into one (a search of some fields first, then one of all) lacks nothing, and
    of two searches of some fields each, only what neither asked for."""
    merged = [_issue(1), _issue(2, **ALL), _issue(3)]
    board = read_export(_write(tmp_path, merged), activity_details=not lean)
    assert board.missing_columns == []
    two = [_issue(1), _issue(2), _issue(3, reporter=None)]
    board = read_export(_write(tmp_path, two), activity_details=not lean)
    assert board.missing_columns == LACKED


def test_a_site_without_custom_fields_searched_for_all_lacks_nothing(tmp_path) -> None:
    """A Jira Core site's search of all fields holds no custom field (no Sprint, no epic link
    to hold): Sprint and Parent are columns an export of all fields holds only when some issue
    has one, so their lack alone names nothing (a Jira Cloud work-management project's issue
    holds the site's custom fields, as a software project's does)."""
    core = {key: value for key, value in ALL.items() if not key.startswith("customfield_")}
    board = read_export(_write(tmp_path, [_issue(1, **core)]), activity_details=False)
    assert board.missing_columns == []


def test_keys_tell_the_columns() -> None:
    assert json_missing_columns(None) == []
    assert "Sprint" not in json_missing_columns({*ASKED, "customfield_10020"})
    assert json_missing_columns({*ASKED, *ALL}) == []


def test_the_report_says_so_and_rot_claims_no_plan_it_cannot_see(keyword_cli, tmp_path) -> None:
    recent = "2024-06-01T09:00:00.000+0000"  # the board's last activity: the others rot
    late = _issue(9, created=recent, updated=recent, assignee={"displayName": "Ana"})
    path = _write(tmp_path, [*(_issue(n) for n in range(1, 9)), late])
    text = flat(run_ok("scan", path))
    assert "The Jira JSON export holds only some fields of its issues" in text
    assert "lacks Reporter, Comment" in text and "save the search with all fields" in text
    assert "CSV export holds only the columns" not in text
    assert "no assignee, no due date and no sprint" not in text  # (main said it)
    assert "have no assignee and nobody touched them" in text
    run_ok("import", path, "--db", tmp_path / "s.db")  # the store keeps them for report --db
    assert "The Jira JSON export holds only some fields" in flat(
        run_ok("report", "--db", tmp_path / "s.db")
    )


def test_issues_without_creation_dates_keep_their_json_cause(keyword_cli, tmp_path) -> None:
    """A search of summary, assignee and resolutiondate: its cause stays the JSON one."""
    issues = [
        {"id": str(n), "key": f"W-{n}", "fields": {"summary": "s", "resolutiondate": OLD}}
        for n in range(1, 7)
    ]
    data = json.loads(run_ok("scan", _write(tmp_path, issues), "--format", "json"))
    assert NO_JIRA_CREATED in data["verdict"]["headline"]


@pytest.mark.parametrize("name", ["search.txt", "search"])
def test_a_search_saved_under_another_name_is_still_told_as_a_search(
    keyword_cli, tmp_path, name
) -> None:
    """The reader says the missing columns are a search's fields, not the file's name: a search
    saved as ``search.txt`` was told "The Jira CSV export holds only the columns of its issue
    view (Export → CSV (current fields))" — advice for a file it is not (session 34's review)."""
    path = _write(tmp_path, [_issue(n) for n in range(1, 9)], name)
    run_ok("import", path, "--db", tmp_path / "s.db")
    for text in (flat(run_ok("scan", path)), flat(run_ok("report", "--db", tmp_path / "s.db"))):
        assert "The Jira JSON export holds only some fields of its issues" in text
        assert "CSV export holds only the columns" not in text
