"""A Jira CSV row holding an issue id and no key, summary, type or status is not an issue
(session 31: 42 of a real export's 106 rows held only an id; each was read as an untitled
tactical issue and listed among the report's top items). It is skipped with a line, on each
read path, as the reference reads it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_jira_columns import _read
from tests.test_jira_csv_fastpath import assert_same_board

HEADER = "ID,Issue Type,Issue key,Description,Summary,Assignee,Status,Text 1\n"
ROWS = (
    "7001,Test,APP-1,Check the login,Login works,ana@example.com,Open,Kept\n"
    "7002,,,,,,,\n"  # an id alone
    "7003,,,,,,,Only a custom cell\n"  # an id and a cell no field reads: still no issue
    "7004,Test,APP-2,,Logout works,,Done,\n"
    "7005,Bug,,,,,,\n"  # an id and a type: read as before (an untitled bug)
)


@pytest.mark.parametrize("way", ["polars columns", "polars prepared", "csv module"])
def test_a_row_with_only_an_id_is_skipped_on_each_path(
    tmp_path: Path, way: str, monkeypatch: pytest.MonkeyPatch
):
    path = tmp_path / "ids.csv"
    path.write_text(HEADER + ROWS, encoding="utf-8")
    board = _read(path, way, monkeypatch)
    assert [(item.id, item.key) for item in board.items] == [
        ("7001", "APP-1"),
        ("7004", "APP-2"),
        ("7005", None),
    ]
    assert board.skipped == [
        "row 3: issue id 7002 and no key, summary, type or status: not an issue",
        "row 4: issue id 7003 and no key, summary, type or status: not an issue",
    ]


def test_the_reference_reads_it_alike(tmp_path: Path):
    path = tmp_path / "ids.csv"
    path.write_text(HEADER + ROWS, encoding="utf-8")
    board = assert_same_board(path)
    assert len(board.items) == 3


def test_a_row_with_an_id_and_a_summary_is_an_issue(tmp_path: Path):
    path = tmp_path / "summary.csv"
    path.write_text("Issue id,Summary\n9001,Plan the launch\n9002,\n", encoding="utf-8")
    board = assert_same_board(path)
    assert [item.title for item in board.items] == ["Plan the launch"]
    assert board.skipped == [
        "row 3: issue id 9002 and no key, summary, type or status: not an issue"
    ]
