"""Session 14 (issue 12): in a board scan, a list's name alone makes no card strategic above the
uncertain band (rules.list_only_capped, ``LIST_ONLY_RULE``)."""

from __future__ import annotations

import numpy as np
import pytest

import models.rules as rules
from analyzer.pipeline import scan_board
from connectors.interface import Board, Item
from models.interface import ItemDoc
from models.rules import LIST_ONLY_STRATEGIC_CAP, list_only_capped

NAMES = ["Ron", "Owen", "Steve", "Ethan", "Rob", "April", "Aaron", "Kevin"]


def _board() -> Board:
    board = Board("b", "Design studio", "trello")
    for n, name in enumerate(NAMES):
        board.items.append(Item("trello", f"n{n}", name, column="Ideas"))
    board.items.append(Item("trello", "road", "Roadmap for Q3 pricing", column="Ideas"))
    for n in range(30):
        title = f"Fix crash number {n} on the settings screen"
        board.items.append(Item("trello", f"t{n}", title, column="Doing"))
    return board


def test_name_cards_in_an_ideas_list_are_not_sure_strategic_and_direction_work_keeps_its_label():
    by_id = {r.id: r for r in scan_board(_board()).items}
    for n in range(len(NAMES)):
        item = by_id[f"n{n}"]
        assert not (item.label == "strategic" and item.confidence >= 0.8), (item.title, item)
        assert item.label != "strategic"
    assert by_id["road"].label == "strategic"


def test_with_the_rule_off_the_list_name_alone_made_them_strategic(monkeypatch):
    # The test above would pass vacuously if the names were tactical anyway.
    monkeypatch.setattr(rules, "LIST_ONLY_RULE", 0)
    by_id = {r.id: r for r in scan_board(_board()).items}
    assert sum(by_id[f"n{n}"].label == "strategic" for n in range(len(NAMES))) >= 1


def test_list_only_capped_holds_few_unknown_words_only():
    assert LIST_ONLY_STRATEGIC_CAP < 0.5  # below one half: uncertain or tactical, never strategic
    proba = np.array([[0.2, 0.8]] * 5 + [[0.9, 0.1]])
    known = np.array([0, 0, 1, 0, 0, 0])
    docs = [
        ItemDoc("Ron", column="Ideas"),  # held
        ItemDoc("Ron", description="Smith", column="Ideas"),  # two words: held
        ItemDoc("Pricing", column="Ideas"),  # a known word: kept
        ItemDoc("Advocate of natural healing wary of drugs", column="Personas"),  # a sentence: kept
        ItemDoc("Ron", description="Smith again", column="Ideas"),  # three words: kept
        ItemDoc("Jen", column="Ideas"),  # already under the cap: untouched
    ]
    out = list_only_capped(proba, 1, known, docs)
    assert out[:2, 1].tolist() == [LIST_ONLY_STRATEGIC_CAP] * 2
    assert out[:2, 0].tolist() == [1 - LIST_ONLY_STRATEGIC_CAP] * 2
    assert np.array_equal(out[2:], proba[2:])
    assert proba[0, 1] == 0.8  # the input is not changed


@pytest.mark.parametrize(("rule", "held"), [(0, []), (1, [0]), (2, [0, 1]), (3, [0, 1, 2])])
def test_each_variant_of_the_rule_holds_its_rows(monkeypatch, rule, held):
    monkeypatch.setattr(rules, "LIST_ONLY_RULE", rule)
    proba = np.array([[0.1, 0.9]] * 4)
    known = np.array([0, 0, 2, 3])
    own = np.array([0.0, 0.0, 0.1, 0.9])
    docs = [
        ItemDoc("Ron"),
        ItemDoc("A long persona sentence of words"),
        ItemDoc("x y"),
        ItemDoc("z"),
    ]
    out = list_only_capped(proba, 1, known, docs, own)
    assert np.flatnonzero(out[:, 1] != proba[:, 1]).tolist() == held


# --- session 15: the board prior's EM holds them too ------------------------------------------


def _prior_board() -> list[ItemDoc]:
    """12 name cards in an Ideas list, 12 bugs (under 50 items: no common-word weights)."""
    docs = [ItemDoc(name, column="Ideas") for name in [*NAMES, "Maria", "Jen", "Tom", "Ana"]]
    return docs + [ItemDoc(f"Fix crash {n} on the settings screen", type="Bug") for n in range(12)]


def _bound(docs: list[ItemDoc]) -> float:
    """The most the EM can read with each name card at the list-only cap and each bug at 0.05."""
    names = sum(d.column == "Ideas" for d in docs)
    top = LIST_ONLY_STRATEGIC_CAP * names + 0.05 * (len(docs) - names)
    return (top + rules.BOARD_PRIOR_STRENGTH * rules.BOARD_PRIOR_CENTER) / (
        len(docs) + rules.BOARD_PRIOR_STRENGTH
    )


def test_the_board_prior_counts_a_list_name_alone_at_the_scans_cap(monkeypatch):
    import models._rules_applied as rules_applied
    from models.classifier import load_model

    model, docs = load_model(), _prior_board()
    assert model.estimate_prior(docs)["strategic"] <= _bound(docs)
    # off (as before session 15) each name card counted up to the one-word cap (0.8): the test
    # above is not vacuous
    monkeypatch.setattr(rules_applied, "LIST_ONLY_IN_PRIOR", 0)
    assert model.estimate_prior(docs)["strategic"] > _bound(docs) + 0.05
    # and with the scan's rule off the EM has nothing to hold
    monkeypatch.setattr(rules_applied, "LIST_ONLY_IN_PRIOR", 1)
    monkeypatch.setattr(rules, "LIST_ONLY_RULE", 0)
    assert model.estimate_prior(docs)["strategic"] > _bound(docs) + 0.05
