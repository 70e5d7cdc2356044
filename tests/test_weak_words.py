"""Session 14: words that name no direction work carry no sure strategic label.

- In a board scan, a direction word in passing is no direction work: an item whose push toward
  strategic comes less than ``MIN_DIRECTION_SHARE`` (a tenth) through direction words is held
  as delivery work, as one with no direction word at all (``rules.direction_held``'s ``total``).
- Without a board (``classify``, ``evaluate``), such an item keeps its label but is strategic at
  most ``NO_DIRECTION_CLASSIFY_CAP`` (as sure as one known word can make it).

The fixture texts are ours: everyday words a model may lean strategic on (people, first, year,
door, parents…) beside, or without, a direction word.
"""

from __future__ import annotations

import numpy as np
import pytest

import models.rules as rules
from models.classifier import HELD_REASON
from models.interface import ItemDoc
from models.rules import (
    MIN_DIRECTION_PUSH,
    MIN_DIRECTION_SHARE,
    NO_DIRECTION_CLASSIFY_CAP,
    NO_DIRECTION_STRATEGIC_CAP,
    direction_capped,
    direction_held,
    no_direction_capped,
)

OWN_PRIOR = {"strategic": 0.4, "tactical": 0.6}  # the bundled model's own: only the rules differ

#: strategic on everyday words ("sales", "product", "people", "year"), "growth" in passing
IN_PASSING = "Sales report by product, people and year with a growth column"
#: the same everyday words, with a direction word that carries a real part of the push
WITH_MARKET = "Ask people at the door about the first year market"
#: everyday words only
NO_DIRECTION = "Ask people at the door"


def test_a_direction_push_under_its_share_of_the_whole_push_is_none():
    proba = np.array([[0.9, 0.1]] * 4)
    docs = [ItemDoc("x", column="To Do") for _ in range(4)]
    above_floor = MIN_DIRECTION_PUSH * 2  # over the absolute floor in every row
    direction = np.full(4, above_floor)
    share = above_floor / MIN_DIRECTION_SHARE  # the whole push at which it is exactly the share
    total = np.array([share * 2, share, share / 2, 0.0])
    assert direction_held(proba, 0, direction, docs, total=total).tolist() == [0]
    capped = direction_capped(proba, 0, direction, docs, total=total)
    assert capped[0, 0] == pytest.approx(NO_DIRECTION_STRATEGIC_CAP)
    assert capped[1:, 0].tolist() == [0.9, 0.9, 0.9]


def test_without_the_whole_push_only_the_absolute_floor_holds():
    proba = np.array([[0.9, 0.1], [0.9, 0.1]])
    docs = [ItemDoc("x"), ItemDoc("x")]
    direction = np.array([MIN_DIRECTION_PUSH / 2, MIN_DIRECTION_PUSH * 2])
    assert direction_held(proba, 0, direction, docs).tolist() == [0]
    total = np.array([1.0, 100.0])
    assert direction_held(proba, 0, direction, docs, total=total).tolist() == [0, 1]


def test_a_list_naming_direction_work_keeps_an_item_with_a_passing_direction_word():
    proba = np.array([[0.9, 0.1], [0.9, 0.1]])
    docs = [ItemDoc("x", column="Roadmap"), ItemDoc("x", column="Doing")]
    direction, total = np.array([0.1, 0.1]), np.array([5.0, 5.0])
    assert direction_held(proba, 0, direction, docs, total=total).tolist() == [1]


def test_the_share_rule_is_off_at_zero(monkeypatch):
    monkeypatch.setattr(rules, "MIN_DIRECTION_SHARE", 0.0)
    proba = np.array([[0.9, 0.1]])
    held = direction_held(proba, 0, np.array([0.1]), [ItemDoc("x")], total=np.array([50.0]))
    assert held.tolist() == []


def test_a_board_scan_holds_an_item_whose_direction_word_is_in_passing(model, monkeypatch):
    k = model.labels.index("strategic")
    scanned = model.predict([ItemDoc(IN_PASSING)], prior=OWN_PRIOR)[0]
    assert scanned.label == "tactical"
    assert scanned.scores["strategic"] == pytest.approx(NO_DIRECTION_STRATEGIC_CAP)
    assert scanned.reason.startswith("tactical 0.98: " + HELD_REASON)
    proba = model.predict_proba([ItemDoc(IN_PASSING)], prior=OWN_PRIOR)  # the same rules
    assert proba[0, k] == pytest.approx(NO_DIRECTION_STRATEGIC_CAP)
    monkeypatch.setattr(rules, "MIN_DIRECTION_SHARE", 0.0)  # the rule is what held it
    assert model.predict([ItemDoc(IN_PASSING)], prior=OWN_PRIOR)[0].label == "strategic"


def test_a_board_scan_keeps_an_item_whose_direction_word_carries_weight(model):
    scanned = model.predict([ItemDoc(WITH_MARKET)], prior=OWN_PRIOR)[0]
    assert scanned.label == "strategic"
    assert HELD_REASON not in scanned.reason


def test_classify_never_reads_words_naming_no_direction_work_as_sure_strategic(model):
    for title in (NO_DIRECTION, IN_PASSING, "Find free seats for parents in the first class"):
        p = model.predict([ItemDoc(title)])[0]
        assert p.scores["strategic"] <= NO_DIRECTION_CLASSIFY_CAP + 1e-9
        assert p.confidence < 0.9


def test_the_classify_cap_is_what_holds_them(model, monkeypatch):
    monkeypatch.setattr(rules, "NO_DIRECTION_CLASSIFY_CAP", 1.0)
    assert model.predict([ItemDoc(NO_DIRECTION)])[0].confidence > 0.9


def test_classify_leaves_direction_work_and_delivery_work_as_they_were(model):
    docs = [
        ItemDoc(NO_DIRECTION + " about the pricing experiment"),  # a direction word of weight
        ItemDoc(NO_DIRECTION, column="Ideas"),  # a list that names direction work
        ItemDoc("Checkout button does nothing on Safari", type="Bug"),
    ]
    first, listed, bug = model.predict(docs)
    assert first.label == "strategic" and first.confidence > 0.9
    assert listed.label == "strategic" and listed.confidence > 0.9
    assert bug.label == "tactical" and bug.confidence > 0.9


def test_no_direction_capped_caps_only_what_a_scan_would_hold():
    proba = np.array([[0.99, 0.01], [0.3, 0.7], [0.99, 0.01], [0.99, 0.01]])
    docs = [ItemDoc("x"), ItemDoc("x"), ItemDoc("x"), ItemDoc("x", column="Roadmap")]
    direction = np.array([0.0, 0.0, 1.0, 0.0])  # the third names direction work in its words
    out = no_direction_capped(proba, 0, direction, docs, total=np.ones(4))
    cap = NO_DIRECTION_CLASSIFY_CAP
    assert out[0].tolist() == pytest.approx([cap, 1 - cap])
    assert out[1].tolist() == [0.3, 0.7]  # already under the cap
    assert out[2].tolist() == [0.99, 0.01]  # its words name direction work
    assert out[3].tolist() == [0.99, 0.01]  # its list does
    assert proba[0, 0] == 0.99  # a copy
    none_sure = proba[1:2]
    assert no_direction_capped(none_sure, 0, direction[1:2], docs[1:2]) is none_sure


def test_no_direction_capped_is_off_at_one(monkeypatch):
    monkeypatch.setattr(rules, "NO_DIRECTION_CLASSIFY_CAP", 1.0)
    proba = np.array([[0.99, 0.01]])
    assert no_direction_capped(proba, 0, np.zeros(1), [ItemDoc("x")]) is proba
