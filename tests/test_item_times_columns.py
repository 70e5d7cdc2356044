"""A scan's Jira CSV reader hands the analysis its items' own last touch as a column.

``CheckedItems.times`` (:class:`connectors.columns.ItemTimes`): each item's later of its creation
and update times in µs, with the positions whose times the column does not give (dates in other
forms, rows mapped one at a time, items ``clean_board`` may change). The reference is the same
value read from each item's datetimes (``own_touch_of_items``): after ``clean_board`` both agree
on exports with odd dates, odd years, hostile cells and rows of the general path.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from analyzer.flags._fast import own_touch, own_touch_of_items
from analyzer.timeline import NO_TIME
from connectors.columns import NO_TIME_US
from connectors.exports import _csv_prepared, read_export
from connectors.mapping.clean import CheckedItems, clean_board
from tests.test_clean_vouched_items import _export, _scan_read


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("across", [False, True])
def test_the_readers_column_gives_each_items_own_touch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int, across: bool
):
    monkeypatch.setattr(_csv_prepared, "BATCH_ROWS", 20)  # some batches vouched for, some not
    path = _export(tmp_path, seed, hostile=0.03, across=across)
    board = _scan_read(path)
    times = board.items.times
    assert type(board.items) is CheckedItems and len(times) == len(board.items)
    clean_board(board, details=False)  # drops the odd years' dates of the items it looks at
    found = own_touch(board.items)
    assert np.array_equal(found, own_touch_of_items(list(board.items)))
    # the column gave most items, the items the rest (odd dates among them), some had none
    assert 0 < len(times.from_items) < len(board.items)
    assert (found == NO_TIME).sum() < len(found) and NO_TIME == NO_TIME_US


def test_without_the_items_they_say_a_column_would_be_wrong(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """The positions ``from_items`` are needed: read from the column alone they differ."""
    monkeypatch.setattr(_csv_prepared, "BATCH_ROWS", 20)
    board = _scan_read(_export(tmp_path, 1, hostile=0.03))
    clean_board(board, details=False)
    assert not np.array_equal(board.items.times.latest, own_touch_of_items(list(board.items)))


def test_a_library_read_has_no_column(tmp_path: Path):
    path = _export(tmp_path, 2)
    board = read_export(path, activity_details=False)
    assert getattr(board.items, "times", None) is None
    assert np.array_equal(own_touch(board.items), own_touch_of_items(board.items))


def test_a_column_of_another_length_is_not_read(tmp_path: Path):
    board = _scan_read(_export(tmp_path, 3))
    clean_board(board, details=False)
    expected = own_touch_of_items(list(board.items))
    board.items.append(board.items[0])  # a board changed after the read: item by item
    assert np.array_equal(own_touch(board.items)[:-1], expected)
