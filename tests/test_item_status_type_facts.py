"""A scan's Jira CSV reader hands the flags its items' status and type facts as bits.

``CheckedItems.times.facts`` holds, besides open/owned/planned (``test_item_facts_columns.py``),
``FACT_DROPPED`` (a status of dropped work), ``FACT_READY_COLUMN`` (a ready column: a Jira
item's column is its status), ``FACT_STORY_TYPE`` and ``FACT_UNTYPED``, judged once per
distinct status and type of a batch. The reference is :class:`ItemFacts` over the same items
as a plain list (no column: each item's fields read), and the per-item questions of
:mod:`analyzer.flags.items`: after ``clean_board`` both agree on random hostile exports with
statuses and types in several languages.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

import numpy as np
import pytest

from analyzer.flags._facts import ItemFacts
from analyzer.flags.items import dropped_status, in_ready_column, is_open, story_type
from connectors.columns import FACT_DROPPED, FACT_READY_COLUMN, FACT_STORY_TYPE, FACT_UNTYPED
from connectors.exports import _csv_prepared
from connectors.mapping.clean import CheckedItems, clean_board
from tests.test_clean_vouched_items import _export, _scan_read

STATUSES = [
    "To Do",
    "Cancelled",
    "Won't Do",
    "Ready for Dev",
    "Selected for Development",
    "Listo para desarrollo",
    "Rechazado",
    "Prêt",
    "Backlog",
    "Done",
    "In Progress",
    "",
    "Readyish",
]
TYPES = ["Story", "User story", "Historia", "Récit", "Bug", "Epic", "Tarea", "", "Sub-task"]
#: Each fact: its bits, the ItemFacts method, the per-item reference.
QUESTIONS = {
    "backlog": (FACT_DROPPED, lambda i: is_open(i) and not dropped_status(i.status)),
    "in_ready_column": (FACT_READY_COLUMN, in_ready_column),
    "untyped": (FACT_UNTYPED, lambda i: not (i.type or "").strip()),
    "ready_story": (FACT_UNTYPED | FACT_STORY_TYPE, lambda i: not i.type or story_type(i.type)),
    "story": (FACT_STORY_TYPE, lambda i: story_type(i.type)),
}


def _statuses_and_types(tmp_path: Path, seed: int, hostile: float = 0.03) -> Path:
    path = _export(tmp_path, seed, hostile=hostile)
    rnd = random.Random(seed)
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    status, kind = rows[0].index("Status"), rows[0].index("Issue Type")
    for row in rows[1:]:
        if len(row) > status:
            row[kind], row[status] = rnd.choice(TYPES), rnd.choice(STATUSES)
            if rnd.random() < 0.004:
                row[status] += "\x1b[2J"  # a hostile status: the batch is not vouched for
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def _board(tmp_path: Path, seed: int, hostile: float = 0.03):
    board = _scan_read(_statuses_and_types(tmp_path, seed, hostile))
    assert type(board.items) is CheckedItems
    clean_board(board, details=False)
    return board


@pytest.mark.parametrize("seed", range(4))
def test_the_readers_bits_give_each_items_status_and_type_facts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int
):
    monkeypatch.setattr(_csv_prepared, "BATCH_ROWS", 20)  # some batches vouched for, some not
    board = _board(tmp_path, seed)
    items = list(board.items)
    from_column, from_items = ItemFacts(board.items), ItemFacts(items)
    for name, (_bits, reference) in QUESTIONS.items():
        expected = [bool(reference(item)) for item in items]
        assert getattr(from_column, name)().tolist() == expected, name
        assert getattr(from_items, name)().tolist() == expected, name
        assert 0 < sum(expected) < len(items), name  # both answers occur
    times = board.items.times
    assert 0 < len(times.from_items) < 0.8 * len(items)


@pytest.mark.parametrize("name", sorted(QUESTIONS))
def test_the_bits_are_read_at_vouched_positions_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
):
    """A vouched position's bits flipped change the answer; the positions not vouched for
    (``from_items``) are read from their items, whatever their bits."""
    monkeypatch.setattr(_csv_prepared, "BATCH_ROWS", 20)
    board = _board(tmp_path, 5)
    times = board.items.times
    bits, _ = QUESTIONS[name]
    expected = getattr(ItemFacts(list(board.items)), name)()
    times.facts = times.facts.copy()
    times.facts[times.from_items] ^= bits
    assert np.array_equal(getattr(ItemFacts(board.items), name)(), expected)
    vouched = np.setdiff1d(np.arange(len(board.items)), times.from_items)
    open_ones = vouched[ItemFacts(board.items).open()[vouched]]
    at = open_ones[:5]  # (backlog: open items, whose dropped bit counts)
    facts = times.facts[at]  # each answer turned: its bits cleared, or the lowest one set
    times.facts[at] = np.where(facts & bits, facts & (0xFF ^ bits), facts | (bits & -bits))
    assert not np.array_equal(getattr(ItemFacts(board.items), name)(), expected)
