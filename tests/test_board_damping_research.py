"""research.board_damping: the damping variants measured in session 13 (no real data read)."""

from __future__ import annotations

import pytest

import models._rules_applied as rules_applied
import models.classifier as classifier
from connectors.interface import Item
from research import board_damping


@pytest.fixture
def swappable(monkeypatch):
    """Whatever ``install`` swaps is put back after the test."""
    monkeypatch.setattr(rules_applied, "board_word_weights", rules_applied.board_word_weights)
    monkeypatch.setattr(
        classifier.LinearRoleModel, "estimate_prior", classifier.LinearRoleModel.estimate_prior
    )
    return board_damping.install


def _board() -> list[Item]:
    """60 cards: 12 plan customer interviews, 6 profile competitors, the rest fix the app."""
    items = [
        Item("trello", f"i{i}", f"Customer interviews with farmers, round {i}") for i in range(12)
    ]
    items += [Item("trello", f"c{i}", f"Profile competitors in region {i}") for i in range(6)]
    items += [Item("trello", str(i), f"Fix crash on the mobile app screen {i}") for i in range(42)]
    return items


def test_the_variants_spare_what_they_say(model, swappable):
    column = model.vocabulary
    shipped = model.estimate_prior(_board()).weights
    assert shipped[column["interviews"]] == 1.0 and shipped[column["competitors"]] < 1.0
    swappable("session-12")  # every common word damped
    weights = model.estimate_prior(_board()).weights
    assert weights[column["interviews"]] < 0.1 and weights[column["app"]] < 0.1
    swappable("spare-research")  # competitors too
    weights = model.estimate_prior(_board()).weights
    assert weights[column["interviews"]] == 1.0 and weights[column["competitors"]] == 1.0
    swappable("spare-interviews-cap-0.25")  # the shipped rule's columns
    weights = model.estimate_prior(_board()).weights
    assert (weights == shipped).all()
    swappable("floor-0.5")
    assert model.estimate_prior(_board()).weights.min() == 0.5
    swappable("no-such-variant")
    with pytest.raises(SystemExit, match="unknown damping variant"):
        model.estimate_prior(_board())
