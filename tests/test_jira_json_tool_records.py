"""JSON a tool wrote from Jira's issues, not Jira's own JSON, is refused in one line saying so
(session 31): issues without Jira's ``fields`` object were reported as an empty export (each
"has no fields"), and searches filed under a tool's keys as holding "no objects with 'fields'"."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from analyzer.cli import app
from connectors.exports import read_export
from connectors.exports.jira_json import JiraJsonExport
from connectors.interface import ExportFormatError

# a tool's flat records: Jira's words for each field, none of Jira's shapes
FLAT = {
    "exported_at": "2026-03-02T09:00:00+01:00",
    "project_key": "SHOP",
    "issues": [
        {"key": "SHOP-1", "summary": "Plan the launch", "status": "To Do", "assignee": "Ana"},
        {"key": "SHOP-2", "summary": "Write the FAQ", "status": "Done", "assignee": "Bo"},
    ],
}


def _issue(key: str) -> dict:
    return {
        "id": key.rsplit("-", 1)[1],
        "key": key,
        "fields": {"summary": f"Work on {key}", "issuetype": {"name": "Task"}},
    }


# searches a tool saved under each person's name
GROUPED = {
    "ana": {"issues": [_issue("SHOP-1")], "total": 1},
    "bo": {"issues": [_issue("SHOP-2")], "total": 1},
    "cy": {"issues": [], "total": 0},
    "di": {"issues": [], "total": 0},
}


def _written(tmp_path: Path, name: str, value: object) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(value), encoding="utf-8")
    return path


@pytest.mark.parametrize("details", [True, False])  # the dict path and the scan's typed path
def test_issues_without_fields_are_refused_as_a_tools_records(tmp_path: Path, details: bool):
    path = _written(tmp_path, "flat.json", FLAT)
    with pytest.raises(ExportFormatError) as caught:
        JiraJsonExport(path, activity_details=details).load()
    text = str(caught.value)
    assert text.startswith(
        f"{path}: holds 2 issues but none in Jira's shape (an issue's "
        "'fields' object): a tool's own records, not Jira's JSON — export"
    )
    assert "\n" not in text


@pytest.mark.parametrize("details", [True, False])
def test_one_issue_without_fields_says_one_issue(tmp_path: Path, details: bool):
    path = _written(tmp_path, "one.json", {"issues": FLAT["issues"][:1]})
    with pytest.raises(ExportFormatError, match="holds 1 issue but none in Jira's shape"):
        JiraJsonExport(path, activity_details=details).load()


def test_an_issue_without_fields_beside_jira_issues_is_skipped_as_before(tmp_path: Path):
    path = _written(tmp_path, "mixed.json", {"issues": [FLAT["issues"][0], _issue("SHOP-9")]})
    board = JiraJsonExport(path).load()
    assert [item.key for item in board.items] == ["SHOP-9"]
    assert board.skipped == ["issue #1: issue SHOP-1 has no fields"]


def test_an_empty_search_still_reads_as_an_empty_export(tmp_path: Path):
    path = _written(tmp_path, "empty.json", {"startAt": 0, "total": 0, "issues": []})
    assert JiraJsonExport(path).load().items == []


def test_searches_under_a_tools_keys_are_named(tmp_path: Path):
    path = _written(tmp_path, "grouped.json", GROUPED)
    with pytest.raises(ExportFormatError) as caught:
        read_export(path)
    assert str(caught.value).startswith(
        f"{path}: holds Jira searches inside an object, one under each of its keys ('ana', "
        "'bo', 'cy', …): a tool's grouping, not Jira's JSON — save the output of /rest/api/2"
    )


def test_json_without_issues_anywhere_is_refused_as_before(tmp_path: Path):
    path = _written(tmp_path, "other.json", {"ana": {"tasks": []}, "issues": 3})
    with pytest.raises(ExportFormatError, match=r"holds no Jira issues \(no objects with"):
        JiraJsonExport(path).load()


@pytest.mark.parametrize("value", [FLAT, GROUPED])
def test_through_the_cli_one_line(tmp_path: Path, value: object):
    path = _written(tmp_path, "tool.json", value)
    result = CliRunner().invoke(app, ["scan", str(path)])
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "a tool's" in lines[0] and result.stdout == ""


# the records a tool wrote as one JSON list, with no object around them
LISTED = [dict(record, type="Task") for record in FLAT["issues"]]


@pytest.mark.parametrize("details", [True, False])
def test_a_list_of_a_tools_records_is_named(tmp_path: Path, details: bool):
    """Session 31: a list of flat records was "is JSON but not a Trello board export or Jira
    issues", not what it holds."""
    path = _written(tmp_path, "listed.json", LISTED)
    with pytest.raises(ExportFormatError) as caught:
        read_export(path, activity_details=details)
    assert str(caught.value).startswith(
        f"{path}: holds 2 issues but none in Jira's shape (an issue's 'fields' object): "
        "a tool's own records, not Jira's JSON — export"
    )


def test_a_list_of_records_without_jira_keys_is_refused_as_before(tmp_path: Path):
    path = _written(tmp_path, "tasks.json", [{"key": "plan", "summary": "Plan the launch"}])
    with pytest.raises(ExportFormatError, match="is JSON but not a Trello board export or Jira"):
        read_export(path)


def test_a_list_of_records_through_the_cli_one_line(tmp_path: Path):
    path = _written(tmp_path, "listed.json", LISTED)
    result = CliRunner().invoke(app, ["scan", str(path)])
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "a tool's own records" in lines[0] and result.stdout == ""
