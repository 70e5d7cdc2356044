"""Jira JSON reader: search results, bare arrays, single issues, concatenated pages, bad files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from connectors.exports.jira_json import JiraJsonExport, sniff
from connectors.interface import ActivityKind, ExportFormatError
from tests.conftest import FIXTURES


def test_search_results_v2_with_names_and_bad_issues():
    board = JiraJsonExport(FIXTURES / "jira_search_v2.json").load()
    assert [i.key for i in board.items] == ["ROAD-1", "ROAD-2", "ROAD-3"]
    assert board.source == "jira"
    assert board.origin == str(FIXTURES / "jira_search_v2.json")
    assert board.skipped == [
        "issue #4: issue has neither an id nor a key",
        "issue #6: issue ROAD-4 has no fields",
    ]
    assert board.repeats.lines == ["issue #5: ROAD-2 appears twice; kept the first"]
    assert board.items[0].sprint == "Sprint 8"
    assert set(board.people) == {"marie.dupont", "JIRAUSER10200", "sam"}
    assert board.people["sam"].display_name == "Sam O'Neil"
    times = [a.timestamp for a in board.activities]
    assert times == sorted(times)
    assert {a.item_id for a in board.activities} <= {i.id for i in board.items}


def test_search_results_v3():
    board = JiraJsonExport(FIXTURES / "jira_search_v3.json").load()
    assert [i.key for i in board.items] == ["APP-7", "APP-1"]
    assert board.skipped == []
    kinds = {a.kind for a in board.activities}
    assert ActivityKind.ACCEPTED in kinds and ActivityKind.COMMENTED in kinds


def test_bare_array_and_project_less_board():
    board = JiraJsonExport(FIXTURES / "jira_issues_array.json").load()
    assert [i.key for i in board.items] == ["WEB-1", "WEB-2"]
    assert board.items[0].description == "Users asked for it in every survey."
    assert board.items[0].status_category == "todo"
    assert (board.id, board.name) == ("WEB", "Jira project WEB")  # no name: the key says it


def test_single_issue_object(tmp_path: Path):
    issue = json.loads((FIXTURES / "jira_issues_array.json").read_text(encoding="utf-8"))[0]
    path = tmp_path / "one.json"
    path.write_text(json.dumps(issue), encoding="utf-8")
    board = JiraJsonExport(path).load()
    assert [i.key for i in board.items] == ["WEB-1"]


def test_concatenated_pages_are_joined_and_overlap_skipped():
    board = JiraJsonExport(FIXTURES / "jira_pages_concatenated.json").load()
    assert [i.key for i in board.items] == ["OPS-1", "OPS-2", "OPS-3"]
    assert board.skipped == []
    assert board.repeats.lines == ["issue #3: OPS-2 appears twice; kept the first"]
    assert [i.status_category for i in board.items] == ["done", "todo", "in progress"]


def test_array_of_pages_and_project_name(tmp_path: Path):
    pages = [
        {
            "issues": [
                {
                    "id": "1",
                    "key": "P-1",
                    "fields": {"summary": "a", "project": {"key": "P", "name": "Pay"}},
                }
            ]
        },
        {
            "issues": [
                {
                    "id": "2",
                    "key": "P-2",
                    "fields": {"summary": "b", "project": {"key": "P", "name": "Pay"}},
                }
            ]
        },
    ]
    path = tmp_path / "pages.json"
    path.write_text(json.dumps(pages), encoding="utf-8")
    board = JiraJsonExport(path).load()
    assert [i.key for i in board.items] == ["P-1", "P-2"]
    assert (board.id, board.name) == ("P", "Pay")


def test_issues_from_several_projects(tmp_path: Path):
    issues = [
        {"id": "1", "key": "A-1", "fields": {"summary": "a", "project": {"key": "A"}}},
        {"id": "2", "key": "B-1", "fields": {"summary": "b", "project": {"key": "B"}}},
    ]
    path = tmp_path / "two.json"
    path.write_text(json.dumps({"issues": issues}), encoding="utf-8")
    board = JiraJsonExport(path).load()
    assert (board.id, board.name) == ("A,B", "Jira issues from 2 projects")


def test_progress_is_reported(tmp_path: Path):
    issues = [{"id": str(n), "key": f"K-{n}", "fields": {"summary": f"s{n}"}} for n in range(1200)]
    path = tmp_path / "big.json"
    path.write_text(json.dumps({"issues": issues}), encoding="utf-8")
    calls: list[tuple[int, int]] = []
    board = JiraJsonExport(path, on_progress=lambda s, d, t, x: calls.append((d, t))).load()
    assert len(board.items) == 1200
    assert calls == [(500, 1200), (1000, 1200), (1200, 1200)]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("bad_truncated.json", "the JSON ends abruptly at line 1 (the file is truncated)"),
        ("bad_not_export.json", "is JSON but holds no Jira issues"),
        ("bad_no_issues.json", "is JSON but holds no Jira issues"),
        ("bad_empty.json", "is empty"),
        ("bad_binary.csv", "is a binary file"),
    ],
)
def test_bad_files_give_one_line_errors(name, message):
    path = FIXTURES / name
    with pytest.raises(ExportFormatError) as caught:
        JiraJsonExport(path).load()
    text = str(caught.value)
    assert text.startswith(f"{path}: ") and message in text
    assert "\n" not in text


def test_broken_json_in_the_middle(tmp_path: Path):
    path = tmp_path / "broken.json"
    path.write_text('{"issues": [{"id": "1",, "fields": {}}], "total": 1}', encoding="utf-8")
    with pytest.raises(ExportFormatError, match=r"is not valid JSON \(Expecting"):
        JiraJsonExport(path).load()


def test_sniff():
    assert sniff((FIXTURES / "jira_search_v2.json").read_bytes()[:4096])
    assert sniff(b'\xef\xbb\xbf[{"id": "1", "fields": {"summary": "x"}}]')
    assert not sniff(b'{"fields": 1}')
    assert not sniff(b"Summary,Issue key\n")
    assert not sniff((FIXTURES / "trello_board_basic.json").read_bytes()[:4096])
