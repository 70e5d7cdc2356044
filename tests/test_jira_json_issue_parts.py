"""A page of one Jira issue's comments, change history or work log is refused saying what it
is (session 33: a tool's saved ``/rest/api/2/issue/KEY/comment`` page was "is JSON but not a
Trello board export or Jira issues")."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from connectors.exports import read_export
from connectors.interface import ExportFormatError

ANN = {"displayName": "Ann", "accountId": "a1"}
WHEN = "2025-03-01T10:00:00.000+0100"
STATUS = {"field": "status", "fromString": "To Do", "toString": "Done"}

PAGES = {
    "comments": (
        {"startAt": 0, "total": 1, "comments": [{"author": ANN, "body": "ok", "created": WHEN}]},
        "comments (the API's /issue/KEY/comment)",
    ),
    "changelog": (
        {
            "isLast": True,
            "values": [{"id": "1", "author": ANN, "created": WHEN, "items": [STATUS]}],
        },
        "change history (the API's /issue/KEY/changelog)",
    ),
    "histories": (
        {"total": 1, "histories": [{"id": "1", "author": ANN, "created": WHEN, "items": [STATUS]}]},
        "change history (the API's /issue/KEY?expand=changelog)",
    ),
    "worklog": (
        {"total": 1, "worklogs": [{"author": ANN, "started": WHEN, "timeSpentSeconds": 60}]},
        "work log (the API's /issue/KEY/worklog)",
    ),
}


def _write(tmp_path: Path, document: object) -> Path:
    path = tmp_path / "page.json"
    path.write_text(json.dumps(document, indent=2), "utf-8")
    return path


@pytest.mark.parametrize("name", sorted(PAGES))
def test_a_page_of_one_issues_part_is_named(tmp_path: Path, name: str) -> None:
    document, what = PAGES[name]
    with pytest.raises(ExportFormatError) as refused:
        read_export(_write(tmp_path, document))
    said = str(refused.value)
    assert f"holds a page of one Jira issue's {what}, not issues" in said
    assert "Filters → Export → CSV (all fields)" in said and "\n" not in said


def test_entries_without_an_author_are_refused_as_before(tmp_path: Path) -> None:
    """Only entries shaped as Jira's (an author beside the body or items) are named."""
    path = _write(tmp_path, {"comments": [{"body": "ok", "created": WHEN}]})
    with pytest.raises(ExportFormatError, match="is JSON but not a Trello board export or Jira"):
        read_export(path)


def test_an_issue_with_its_comments_still_reads(tmp_path: Path) -> None:
    comments = PAGES["comments"][0]
    issue = {
        "key": "AB-1",
        "fields": {
            "summary": "Cache the rates",
            "created": WHEN,
            "issuetype": {"name": "Task"},
            "status": {"name": "To Do", "statusCategory": {"key": "new"}},
            "comment": comments,
        },
    }
    board = read_export(_write(tmp_path, issue))
    assert [item.title for item in board.items] == ["Cache the rates"]


def test_a_scan_of_a_comment_page_is_one_line_and_exit_2(tmp_path: Path, capsys) -> None:
    from analyzer.cli import app

    path = _write(tmp_path, PAGES["comments"][0])
    with pytest.raises(SystemExit) as stopped:
        app(args=["scan", str(path)], prog_name="backlog-analyzer")
    out, err = capsys.readouterr()
    assert stopped.value.code == 2 and out == "" and err.count("\n") == 1
    assert err.startswith("backlog-analyzer: error: ") and "one Jira issue's comments" in err


def test_a_tools_records_grouped_by_sprint_are_named(tmp_path: Path) -> None:
    """Session 33: a tool's ``{"sprints": [{"name": …, "issues": [flat records]}]}``."""
    records = [
        {"key": "AB-1", "summary": "Plan", "status": "Done"},
        {"key": "AB-2", "status": "To Do"},
    ]
    document = {
        "sprints": [{"name": "Sprint 1", "issues": records}, {"name": "Sprint 2", "issues": []}]
    }
    with pytest.raises(ExportFormatError) as refused:
        read_export(_write(tmp_path, document))
    said = str(refused.value)
    assert "holds 2 issues grouped under 'sprints' but none in Jira's shape" in said
    assert "a tool's own records" in said and "\n" not in said


def test_groups_without_issue_keys_are_refused_as_before(tmp_path: Path) -> None:
    document = {"sprints": [{"name": "Sprint 1", "issues": [{"key": "one", "summary": "Plan"}]}]}
    with pytest.raises(ExportFormatError, match="is JSON but not a Trello board export or Jira"):
        read_export(_write(tmp_path, document))
