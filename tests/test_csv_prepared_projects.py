"""A scan's prepared Jira CSV rows name the board's projects as the general path does when the
export has a project key column that some rows leave empty: those rows' projects come from their
keys (the part before the last "-"), read only for a batch that has such a row."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from connectors.exports import _csv_prepared
from connectors.exports.jira_csv import JiraCsvExport
from tests.test_jira_csv_fastpath import assert_same_board


@pytest.mark.parametrize("batch", [2, 3, 50])
def test_projects_from_project_keys_and_from_keys(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, batch: int
):
    monkeypatch.setattr(_csv_prepared, "BATCH_ROWS", batch)
    rows = [
        ["Summary", "Issue key", "Project key", "Project name", "Created"],
        ["a", "A-1", "A", "Alpha", "03/Jan/22 8:00 AM"],
        ["b", "A-2", "A", "", "03/Jan/22 8:00 AM"],
        ["c", "B-C-3", "", "Named without a key", "03/Jan/22 8:00 AM"],
        ["d", "plain", "", "", "03/Jan/22 8:00 AM"],
        ["e", "Z-4", "", "", "03/Jan/22 8:00 AM"],
        ["f", "Z-5", "Z", "Zed", "03/Jan/22 8:00 AM"],
        ["g", "x-\n-6", "", "", "03/Jan/22 8:00 AM"],
        ["h", "Q-7", "Q", "Que", "03/Jan/22 8:00 AM"],
    ]
    path = tmp_path / "projects.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    board = assert_same_board(path)
    assert board.id == "A,B-C,Q,Z,x-\n" and board.name == "Jira issues from 5 projects"
    lean = JiraCsvExport(path, activity_details=False).load()  # the prepared rows
    assert (lean.id, lean.name) == (board.id, board.name)


def test_one_project_from_its_column_names_the_board(tmp_path: Path):
    rows = [["Summary", "Issue key", "Project key", "Project name"]]
    rows += [[f"t{n}", f"K-{n}", "K", "Kay"] for n in range(1, 30)]
    path = tmp_path / "one.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    board = assert_same_board(path)
    assert (board.id, board.name) == ("K", "Kay")
    lean = JiraCsvExport(path, activity_details=False).load()  # the prepared rows
    assert (lean.id, lean.name) == (board.id, board.name)
