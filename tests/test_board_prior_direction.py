"""Session 18: a board of at least BOARD_PRIOR_DIRECTION_MIN_ITEMS items is read at no less than
BOARD_PRIOR_DIRECTION_RATIO times the share of its items placed as direction work (boards of our
own: delivery cards, a tenth of them in a Roadmap list)."""

from __future__ import annotations

import pytest

import models.rules as rules
from models.interface import STRATEGIC, ItemDoc


def _board(size: int) -> list[ItemDoc]:
    """``size`` delivery cards, one in ten in a Roadmap list (placed as direction work)."""
    return [
        ItemDoc(
            title=f"Fix the crash number {n} in the exporter",
            column="Roadmap" if n % 10 == 0 else "Done",
        )
        for n in range(size)
    ]


def test_floor_is_the_ratio_of_the_direction_share_on_a_large_board():
    size = rules.BOARD_PRIOR_DIRECTION_MIN_ITEMS
    floor = rules.direction_prior_floor(_board(size), size)
    assert floor == pytest.approx(rules.BOARD_PRIOR_DIRECTION_RATIO * 0.1)


def test_no_floor_on_a_smaller_board_nor_when_off(monkeypatch):
    size = rules.BOARD_PRIOR_DIRECTION_MIN_ITEMS
    assert rules.direction_prior_floor(_board(size - 1), size - 1) == 0.0
    assert rules.direction_prior_floor([], size) == 0.0
    monkeypatch.setattr(rules, "BOARD_PRIOR_DIRECTION_RATIO", 0.0)
    assert rules.direction_prior_floor(_board(size), size) == 0.0


def test_the_floor_reads_labels_and_the_sample_but_counts_the_board_size():
    sample = [ItemDoc(title="Fix the exporter", labels=("Roadmap",)), ItemDoc(title="Fix it")]
    size = rules.BOARD_PRIOR_DIRECTION_MIN_ITEMS
    assert rules.direction_prior_floor(sample, size) == pytest.approx(
        rules.BOARD_PRIOR_DIRECTION_RATIO * 0.5
    )


def test_scan_prior_of_a_board_of_the_size_is_raised_to_the_floor(model, monkeypatch):
    # 40 items stand for the size asked (a 500-item board of our own would share its few words
    # on too many cards: the board's common-word damping would take their weight)
    monkeypatch.setattr(rules, "BOARD_PRIOR_DIRECTION_MIN_ITEMS", 40)
    raised = model.estimate_prior(_board(40))[STRATEGIC]
    monkeypatch.setattr(rules, "BOARD_PRIOR_DIRECTION_RATIO", 0.0)
    em = model.estimate_prior(_board(40))[STRATEGIC]
    assert em < 0.05 - 0.01  # the model reads these cards as delivery work: the EM runs low
    assert raised == pytest.approx(0.05)


def test_scan_prior_of_a_smaller_board_is_the_em_share(model, monkeypatch):
    monkeypatch.setattr(rules, "BOARD_PRIOR_DIRECTION_MIN_ITEMS", 41)
    shipped = model.estimate_prior(_board(40))[STRATEGIC]
    monkeypatch.setattr(rules, "BOARD_PRIOR_DIRECTION_RATIO", 0.0)
    assert model.estimate_prior(_board(40))[STRATEGIC] == pytest.approx(shipped)
    assert shipped < 0.04
