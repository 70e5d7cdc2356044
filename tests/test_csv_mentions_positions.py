"""A scan's Jira CSV reader hands ``resolve_board_mentions`` the positions of the items whose
description may hold an ``@`` (a cell with one, or a description the wiki rules rewrite: the
prepared rows' ``description_looked``; every row of the general path); the other items'
descriptions are not read again. The reference is the pass over every item: on random exports
with mentions (plain ``@id`` and wiki ``[~id]``), hostile cells and rows of the general path,
both give the same descriptions."""

from __future__ import annotations

import csv
import io
import random
from pathlib import Path

import pytest

from connectors.exports import _csv_prepared, jira_csv_board, read_export
from connectors.interface import Board, Item, Person
from connectors.mapping.common import resolve_board_mentions
from tests.test_criteria_fact_from_reader import DESCRIPTION, _export

MENTIONS = ["ping @acbot please", "@acbot", "mail a@b.example", "[~acbot] look", "see [~nobody]"]


def _with_mentions(tmp_path: Path, seed: int) -> Path:
    path = _export(tmp_path, seed)
    rnd = random.Random(seed)
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    for row in rows[1:]:
        if len(row) > DESCRIPTION and rnd.random() < 0.1:
            row[DESCRIPTION] = rnd.choice(MENTIONS)
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def _read(path: Path, monkeypatch: pytest.MonkeyPatch, every: bool) -> tuple[list, list]:
    seen: list = []

    def resolve(board, positions=None):
        seen.append(positions)
        resolve_board_mentions(board, None if every else positions)

    monkeypatch.setattr(jira_csv_board, "resolve_board_mentions", resolve)
    board = read_export(path, activity_details=False, shared_empty=True)
    return [item.description for item in board.items], seen[0]


@pytest.mark.parametrize("seed", range(4))
def test_mentions_read_at_the_reader_positions_as_at_every_item(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int
):
    monkeypatch.setattr(_csv_prepared, "BATCH_ROWS", 50)
    path = _with_mentions(tmp_path, seed)
    expected, _ = _read(path, monkeypatch, every=True)
    got, positions = _read(path, monkeypatch, every=False)
    assert got == expected
    assert any("@Acceptance Criteria Bot" in text for text in got)  # a mention was renamed
    assert positions is not None and 0 < len(positions) < len(got)  # some not read again
    assert positions == sorted(set(positions))


def test_a_library_read_passes_every_item(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Read with details (no prepared rows): no positions, every item looked at."""
    path = _with_mentions(tmp_path, 0)
    seen: list = []
    resolve = lambda board, positions=None: seen.append(positions)  # noqa: E731
    monkeypatch.setattr(jira_csv_board, "resolve_board_mentions", resolve)
    read_export(path)
    assert seen == [None]


def test_resolve_board_mentions_reads_only_the_positions_given():
    items = [Item("jira", str(n), "t", description=f"hi @p{n}") for n in range(4)]
    board = Board(
        "b", "b", "jira", items=items, people={"p1": Person("p1", "Ann"), "p3": Person("p3", "Bo")}
    )
    resolve_board_mentions(board, [1, 2])
    assert [item.description for item in items] == ["hi @p0", "hi @Ann", "hi @p2", "hi @p3"]
