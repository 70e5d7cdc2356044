"""A report whose verdict cannot be given says why in its first line when the reader knows the
cause (session 28: invotra_intranet_jira.csv opened with "No dated activity (a verdict needs at
least 8)." and said only in its last notes that the export had no date columns)."""

from __future__ import annotations

import json
from pathlib import Path

from analyzer.balance import (
    NO_CREATED_COLUMN,
    NO_CREATED_NOR_COMMENTS,
    NO_DATE_COLUMNS,
    NO_JIRA_CREATED,
    NO_JIRA_DATES,
    NO_TRELLO_ACTIONS,
)
from tests.cli_helpers import flat, run_ok

FIXTURES = Path(__file__).parent / "fixtures"

# Jira's Export → CSV (current fields) of a 6-column view: no dates, no people, no comments.
CURRENT = "Issue Type,Issue key,Issue id,Summary,Status,Resolution\n" + "".join(
    f"Bug,K-{n},{100 + n},Fix the login page {n},To Do,\n" for n in range(1, 7)
)
# the view with comments (each dated) but no Created column: only comments are dated
COMMENTED = "Issue Type,Issue key,Issue id,Summary,Status,Comment\n" + "".join(
    f"Bug,K-{n},{100 + n},Fix the login page {n},To Do,01/Mar/24 9:00 AM;ana;looked\n"
    for n in range(1, 7)
)

# a tool's CSV with an Updated column but no Created or Comment column (session 36)
UPDATED_ONLY = "Issue key,Summary,Issue Type,Updated\n" + "".join(
    f"K-{n},Fix the login page {n},Bug,2025-09-2{n}\n" for n in range(1, 7)
)


def _headline(*args) -> str:
    return json.loads(run_ok(*args, "--format", "json"))["verdict"]["headline"]


def _trello_without_actions(tmp_path: Path) -> Path:
    board = json.loads((FIXTURES / "trello_board_basic.json").read_text(encoding="utf-8"))
    board["actions"] = []
    board["cards"] = [
        {**board["cards"][n % len(board["cards"])], "id": f"65a0f00000000000000000{n:02d}"}
        for n in range(6)
    ]
    path = tmp_path / "board.json"
    path.write_text(json.dumps(board), encoding="utf-8")
    return path


def _jira_without_dates(tmp_path: Path, **more: object) -> Path:
    issues = [
        {
            "id": str(100 + n),
            "key": f"W-{n}",
            "fields": {"summary": f"Fix the login page {n}", "issuetype": {"name": "Bug"}, **more},
        }
        for n in range(1, 7)
    ]
    path = tmp_path / "issues.json"
    path.write_text(json.dumps({"issues": issues, "isLast": True}), encoding="utf-8")
    return path


def test_a_current_fields_export_names_its_missing_dates_in_the_first_line(keyword_cli, tmp_path):
    path = tmp_path / "current.csv"
    path.write_text(CURRENT, encoding="utf-8")
    said = f"No dated activity (a verdict needs at least 8): {NO_DATE_COLUMNS}."
    data = json.loads(run_ok("scan", path, "--format", "json"))
    assert data["verdict"]["headline"] == f"Not enough data for a verdict. {said}"  # was: …8).
    assert data["verdict"]["limits"] == [said]
    table = run_ok("scan", path).splitlines()
    assert "no date columns" in flat(" ".join(table[1:3]))  # the lines under the title
    for fmt in ("markdown", "html"):
        out = flat(run_ok("scan", path, "--format", fmt))
        assert said in out and out.index(said) < out.index("CSV (all fields)"), fmt
    # a report from the store after import says it too
    run_ok("import", path, "--db", tmp_path / "s.db")
    assert NO_DATE_COLUMNS in _headline("report", "--db", tmp_path / "s.db")


def test_a_view_with_comments_but_no_created_column_says_only_comments_are_dated(
    keyword_cli, tmp_path
):
    path = tmp_path / "current.csv"
    path.write_text(COMMENTED, encoding="utf-8")
    assert _headline("scan", path).startswith(
        "Not enough data for a verdict. Only 6 dated activities (a verdict needs at least 8): "
        f"{NO_CREATED_COLUMN}."
    )


def test_an_export_dated_by_updates_alone_is_not_said_to_hold_no_dates(keyword_cli, tmp_path):
    """Its Updated dates are read (stale items, backlog rot), none of them an activity."""
    path = tmp_path / "tool.csv"
    path.write_text(UPDATED_ONLY, encoding="utf-8")
    headline = _headline("scan", path)
    assert headline.startswith(
        "Not enough data for a verdict. No dated activity (a verdict needs at least 8): "
        f"{NO_CREATED_NOR_COMMENTS}."
    )
    assert "no date columns" not in headline
    run_ok("import", path, "--db", tmp_path / "s.db")
    assert NO_CREATED_NOR_COMMENTS in _headline("report", "--db", tmp_path / "s.db")


def test_a_trello_export_without_actions_says_so(keyword_cli, tmp_path):
    headline = _headline("scan", _trello_without_actions(tmp_path))
    assert headline.startswith(
        f"Not enough data for a verdict. No dated activity (a verdict needs at least 8): "
        f"{NO_TRELLO_ACTIONS}."
    )


def test_jira_issues_without_dates_or_changelog_say_so(keyword_cli, tmp_path):
    assert _headline("scan", _jira_without_dates(tmp_path)) == (
        "Not enough data for a verdict. No dated activity (a verdict needs at least 8): "
        f"{NO_JIRA_DATES}."
    )


def test_jira_issues_with_only_resolution_dates_do_not_hold_no_dates(keyword_cli, tmp_path):
    """Session 29: a search of ``summary,assignee,resolutiondate`` was said to "hold no dates"."""
    path = _jira_without_dates(tmp_path, resolutiondate="2024-04-10T11:31:50.000+0200")
    assert _headline("scan", path) == (
        "Not enough data for a verdict. No dated activity (a verdict needs at least 8): "
        f"{NO_JIRA_CREATED}."
    )
    assert "only when they were resolved or updated (export them with" in NO_JIRA_CREATED


def test_no_cause_is_made_up(keyword_cli, tmp_path):
    """Too few items, or an export whose dates are there: as before (a board no file was read
    for: test_s21_report_wording)."""
    dated = _headline("scan", FIXTURES / "jira_search_v2.json")
    assert "(a verdict needs at least 8):" not in dated
    path = tmp_path / "few.csv"
    path.write_text("\n".join(CURRENT.splitlines()[:2]) + "\n", encoding="utf-8")
    assert _headline("scan", path).startswith(
        "Not enough data for a verdict. Only 1 item (a verdict needs at least 5)."
    )
