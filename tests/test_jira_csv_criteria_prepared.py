"""Rows with acceptance criteria (or a checklist) in fields of their own are mapped by the
prepared (polars) read of a scan, not one at a time by the general path, with the same board.

The reference is the general path (``reference_board``, ``_BoardBuilder.add``); the export
holds criteria fields in several languages and a field about the criteria that holds none,
cells of placeholders, checkboxes, list marks, invisible characters, line breaks and hostile
characters, the same line in a checklist and its view-only copy.
"""

from __future__ import annotations

import csv
import io
import random
from pathlib import Path

import pytest

from connectors.exports import _csv_prepared, jira_csv, read_export
from connectors.mapping.clean import clean_board
from tests.test_jira_csv_fastpath import assert_same_board

HEADER = [
    "Summary",
    "Issue key",
    "Issue id",
    "Issue Type",
    "Status",
    "Assignee",
    "Created",
    "Description",
    "Custom field (Acceptance Criteria)",
    "Campo personalizado (Criterios de aceptación)",
    "Custom field (Checklist Text)",
    "Custom field (Checklist Text (view-only))",
    "Custom field (Acceptance criteria met?)",
]
CRITERIA = [
    "",
    "",
    " ",
    ".",
    "-",
    "Given a user\nWhen they log in\nThen they see the board",
    "- [x] one\n- [ ] two",
    "* first\r\n* second\n\n",
    "1. step\n2) other\n# third",
    "\u200bzero width\ufeff",
    "[open] still to do",
    "a line\x1b[2J with an escape",
    "right\u202eto left",
    "Ünïcode línea",
    "same line",
]


def _export(tmp_path: Path, seed: int, count: int = 700) -> Path:
    rnd = random.Random(seed)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    for number in range(1, count + 1):
        checklist = rnd.choice(CRITERIA)
        writer.writerow(
            [
                rnd.choice(["A plain summary", "Ünïcode summary", "two  spaces"]),
                f"P-{number}",
                str(10000 + number),
                rnd.choice(["Story", "Bug", ""]),
                rnd.choice(["To Do", "Done", ""]),
                rnd.choice(["Ana", "", "bob"]),
                rnd.choice(["03/Jan/22 8:00 AM", "", "2026-01-05T09:00:00+01:00"]),
                rnd.choice(["Plain words.", "", "h2. Heading"]),
                rnd.choice(CRITERIA),
                rnd.choice(CRITERIA),
                checklist,
                rnd.choice([checklist, ""]),  # the view-only copy: the same lines
                rnd.choice(["Yes", "", "No"]),
            ]
        )
    path = tmp_path / f"criteria-{seed}.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


@pytest.mark.parametrize("seed", range(3))
def test_criteria_rows_are_prepared_and_read_as_the_reference_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int
):
    monkeypatch.setattr(_csv_prepared, "BATCH_ROWS", 64)
    path = _export(tmp_path, seed)
    general: list[int] = []
    add = jira_csv._BoardBuilder.add
    monkeypatch.setattr(
        jira_csv._BoardBuilder,
        "add",
        lambda self, cells, number: general.append(number) or add(self, cells, number),
    )
    board = assert_same_board(path)  # the reference, the full read and a scan's read
    with_lines = [item for item in board.items if item.checklist_items]
    assert len(with_lines) > len(board.items) // 2
    assert any(len(item.checklist_items) > 2 for item in with_lines)
    general.clear()
    read_export(path, activity_details=False, shared_empty=True)
    assert general == []  # a scan's read maps every row in bulk


@pytest.mark.parametrize("seed", range(2))
def test_criteria_rows_are_cleaned_as_every_item_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int
):
    """A row with criteria is not vouched for: ``clean_board`` looks at its lines."""
    monkeypatch.setattr(_csv_prepared, "BATCH_ROWS", 50)
    path = _export(tmp_path, 10 + seed)
    vouched = read_export(path, activity_details=False, shared_empty=True)
    everything = read_export(path, activity_details=False, shared_empty=True)
    assert vouched.items.unchecked is not None
    everything.items.unchecked = None
    raw = [list(item.checklist_items) for item in vouched.items]
    clean_board(vouched, details=False)
    clean_board(everything, details=False)
    assert vouched.items == everything.items
    lines = [item.checklist_items for item in vouched.items]
    changed = sum(before != after for before, after in zip(raw, lines, strict=True))
    assert changed > 3  # escapes and bidi marks in the lines were cleaned
