"""research/s18_prior.py: each board-prior variant installs what it says and is undone; the floors
it reads (sure share, size floor, direction share) on arrays and items of our own (no real data)."""

from __future__ import annotations

import importlib

import numpy as np
import pytest

import models._rules_applied as rules_applied
import models.rules as rules
from models.classifier import load_model
from models.interface import STRATEGIC, ItemDoc


@pytest.fixture
def lever():
    module = importlib.import_module("research.s18_prior")
    yield module
    module.reset()


def test_sure_share_counts_items_at_the_bar_after_their_holds(lever):
    p = np.array([0.95, 0.9, 0.89, 0.2])
    assert lever.sure_share(p) == pytest.approx(0.5)
    assert lever.sure_share(p, caps=np.array([0.45, 1.0, 1.0, 1.0])) == pytest.approx(0.25)
    assert lever.sure_share(np.array([])) == 0.0


def test_size_floor_is_items_over_size_between_the_shipped_floor_and_the_centre(lever):
    assert lever.size_floor(150, 3) == pytest.approx(0.02)
    assert lever.size_floor(10_000, 3) == rules.BOARD_PRIOR_FLOOR
    assert lever.size_floor(10, 3) == rules.BOARD_PRIOR_CENTER
    assert lever.size_floor(0, 3) == rules.BOARD_PRIOR_FLOOR


def test_direction_share_reads_titles_lists_and_labels(lever):
    docs = [
        ItemDoc(title="Product strategy for next year"),
        ItemDoc(title="Fix the login crash", column="Done"),
        ItemDoc(title="Rename the button", labels=("bug",)),
        ItemDoc(title="Add a dark mode toggle"),
    ]
    assert lever.direction_share(docs) == pytest.approx(0.25)
    assert lever.direction_share([]) == 0.0


def _low_board() -> tuple[np.ndarray, np.ndarray]:
    """Probabilities under a 40 % prior that the shipped EM runs down to a low share."""
    p = np.concatenate([np.full(4, 0.92), np.full(196, 0.02)])
    return p, np.ones_like(p)


def test_floor_variant_sets_the_em_floor_and_reset_restores_it(lever):
    p, caps = _low_board()
    shipped = rules.board_prior(p, 0.4, caps=caps)
    assert shipped < 0.05
    lever.install("floor=0.05")
    assert rules.board_prior(p, 0.4, caps=caps) == pytest.approx(0.05)
    lever.reset()
    assert rules.BOARD_PRIOR_FLOOR == 0.005
    assert rules.board_prior(p, 0.4, caps=caps) == pytest.approx(shipped)


def test_em_variants_replace_what_estimate_prior_calls(lever):
    p, caps = _low_board()
    shipped = rules.board_prior(p, 0.4, caps=caps)
    sure = lever.sure_share(p, caps)
    assert sure > shipped  # the fixture is a board the EM reads below its sure items
    lever.install("sure")
    assert rules_applied.board_prior(p, 0.4, caps=caps) == pytest.approx(sure)
    lever.reset()
    lever.install("items=10")
    assert rules_applied.board_prior(p, 0.4, caps=caps) == pytest.approx(10 / len(p))
    lever.reset()
    lever.install("iterations=1")
    one = rules_applied.board_prior(p, 0.4, caps=caps)
    assert one == pytest.approx(rules.board_prior(p, 0.4, iterations=1, caps=caps))
    assert one > shipped  # one step from the model's 40 % stays above the converged share
    lever.reset()
    assert rules_applied.board_prior is rules.board_prior


def test_direction_variant_raises_the_scan_prior_to_the_direction_share(lever):
    model = load_model()
    # four delivery cards in a Roadmap list (direction by their list's name), read tactical
    docs = [
        ItemDoc(
            title=f"Fix the crash number {n} in the exporter", column="Roadmap" if n < 4 else "Done"
        )
        for n in range(40)
    ]
    shipped = model.estimate_prior(docs)[STRATEGIC]
    assert shipped < 0.1  # a tenth of the items name direction work: the variant raises it
    lever.install("direction=1")
    varied = model.estimate_prior(docs)[STRATEGIC]
    assert varied == pytest.approx(max(shipped, 0.1))
    lever.reset()
    assert model.estimate_prior(docs)[STRATEGIC] == pytest.approx(shipped)
    lever.install("direction=1@41")  # a board of 40 items is below the size it asks for
    assert model.estimate_prior(docs)[STRATEGIC] == pytest.approx(shipped)
    lever.reset()
    lever.install("direction=0.5@40")
    assert model.estimate_prior(docs)[STRATEGIC] == pytest.approx(max(shipped, 0.05))


def test_unknown_variant_is_a_one_line_error(lever):
    with pytest.raises(SystemExit, match="unknown variant 'ceiling'"):
        lever.install("ceiling=0.5")


def test_typed_share_counts_delivery_types_in_any_language(lever):
    docs = [
        ItemDoc(title="a", type="Story"),
        ItemDoc(title="b", type="Subtarea"),
        ItemDoc(title="c", type="Epic"),
        ItemDoc(title="d"),
    ]
    assert lever.typed_share(docs) == pytest.approx(0.5)
    assert lever.typed_share([]) == 0.0


def test_typed_variant_raises_only_a_typed_boards_prior_and_has_no_size_gate(lever):
    model = load_model()

    def board(kind: str | None) -> list[ItemDoc]:
        return [
            ItemDoc(
                title=f"Fix the crash number {n} in the exporter",
                column="Roadmap" if n < 4 else "Done",
                type=kind,
            )
            for n in range(40)
        ]

    typed, cards = board("Sub-task"), board(None)
    shipped_typed = model.estimate_prior(typed)[STRATEGIC]
    shipped_cards = model.estimate_prior(cards)[STRATEGIC]
    assert shipped_typed < 0.1
    lever.install("typed=1")  # 40 items: far below the shipped direction floor's 500
    assert model.estimate_prior(typed)[STRATEGIC] == pytest.approx(max(shipped_typed, 0.1))
    assert model.estimate_prior(cards)[STRATEGIC] == pytest.approx(shipped_cards)
    lever.reset()
    lever.install("typed=1@0.9")  # asks for nine typed items in ten: a mixed board is left
    mixed = typed[:30] + cards[30:]
    assert model.estimate_prior(mixed)[STRATEGIC] == pytest.approx(
        lever._SHIPPED_ESTIMATE(model, mixed)[STRATEGIC]
    )
