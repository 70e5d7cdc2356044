"""A scan's Jira CSV reader hands the flags their items' facts as a column.

``CheckedItems.times.facts`` (:class:`connectors.columns.ItemTimes`): one byte an item with the
bits ``FACT_OPEN``, ``FACT_OWNED`` and ``FACT_PLANNED``, made from the batch's columns; the
positions the reader does not vouch for (``from_items``: dates in other forms, rows mapped one at
a time, items ``clean_board`` may change) are read from the items. The reference is the same
question asked of each item's fields (``open_of_items``, ``owned_of_items``,
``planned_of_items``, themselves checked against ``analyzer.flags.items`` in
``tests/test_flag_facts.py``): after ``clean_board`` both agree on random hostile exports.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from analyzer.flags._facts import ItemFacts, open_of_items, owned_of_items, planned_of_items
from analyzer.flags.items import has_owner, is_open
from connectors.columns import FACT_OPEN, FACT_OWNED, FACT_PLANNED
from connectors.exports import _csv_prepared, read_export
from connectors.mapping.clean import CheckedItems, clean_board
from tests.test_clean_vouched_items import _export, _scan_read

QUESTIONS = {
    "open": (FACT_OPEN, open_of_items),
    "owned": (FACT_OWNED, owned_of_items),
    "planned": (FACT_PLANNED, planned_of_items),
}


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("across", [False, True])
def test_the_readers_column_gives_each_items_facts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int, across: bool
):
    monkeypatch.setattr(_csv_prepared, "BATCH_ROWS", 20)  # some batches vouched for, some not
    board = _scan_read(_export(tmp_path, seed, hostile=0.03, across=across))
    times = board.items.times
    assert type(board.items) is CheckedItems and len(times.facts) == len(board.items)
    clean_board(board, details=False)
    items = list(board.items)
    facts = ItemFacts(board.items)
    for name, (_bit, reference) in QUESTIONS.items():
        expected = reference(items)
        assert np.array_equal(getattr(facts, name)(), expected), name
        assert 0 < expected.sum() < len(items), name  # both answers occur
    assert np.array_equal(facts.open(), [is_open(item) for item in items])
    assert np.array_equal(facts.owned(), [has_owner(item) for item in items])
    assert 0 < len(times.from_items) < len(items)


@pytest.mark.parametrize("name", sorted(QUESTIONS))
def test_a_wrong_bit_in_the_column_is_seen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
):
    """The column is what the facts read: a vouched position's bit flipped changes the answer."""
    monkeypatch.setattr(_csv_prepared, "BATCH_ROWS", 20)
    board = _scan_read(_export(tmp_path, 5))
    clean_board(board, details=False)
    times = board.items.times
    bit, reference = QUESTIONS[name]
    vouched = np.setdiff1d(np.arange(len(board.items)), times.from_items)
    facts = times.facts.copy()
    facts[vouched[0]] ^= bit
    times.facts = facts
    assert not np.array_equal(getattr(ItemFacts(board.items), name)(), reference(board.items))


def test_the_positions_not_vouched_for_are_read_from_the_items(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """At ``from_items`` the column's bits are not read (the general path's rows, whose bits
    the reader leaves 0; dates ``clean_board`` may drop): every such bit flipped, same answers."""
    monkeypatch.setattr(_csv_prepared, "BATCH_ROWS", 20)
    board = _scan_read(_export(tmp_path, 1, hostile=0.03))
    clean_board(board, details=False)
    times = board.items.times
    assert len(times.from_items)
    times.facts = times.facts.copy()
    times.facts[times.from_items] ^= FACT_OPEN | FACT_OWNED | FACT_PLANNED
    items = list(board.items)
    facts = ItemFacts(board.items)
    for name, (_bit, reference) in QUESTIONS.items():
        assert np.array_equal(getattr(facts, name)(), reference(items)), name


def test_a_library_read_has_no_column(tmp_path: Path):
    board = read_export(_export(tmp_path, 2), activity_details=False)
    assert getattr(board.items, "times", None) is None
    facts = ItemFacts(board.items)
    for name, (_bit, reference) in QUESTIONS.items():
        assert np.array_equal(getattr(facts, name)(), reference(board.items)), name


def test_a_column_of_another_length_is_not_read(tmp_path: Path):
    board = _scan_read(_export(tmp_path, 3))
    clean_board(board, details=False)
    board.items.append(board.items[0])  # a board changed after the read: item by item
    facts = ItemFacts(board.items)
    for name, (_bit, reference) in QUESTIONS.items():
        assert np.array_equal(getattr(facts, name)(), reference(list(board.items))), name
