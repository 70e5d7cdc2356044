"""The title holds are one table (models.rules.TITLE_HOLDS): a row is a hold in the scan's
direction push and in the reasons' terms alike, and a row taken out is off in both. The hold
added here is made up for the test; titles are our own, none from a real board."""

from __future__ import annotations

import re

import pytest

import models.rules as rules
from models.interface import ItemDoc
from models.rules import TitleHold, names_direction, title_hold

OWN_PRIOR = {"strategic": 0.4, "tactical": 0.6}  # a board scan at the model's own prior
WIDGET = "Roadmap widget on the home page"
ROADMAP_WIDGET = TitleHold(
    "roadmap widget", re.compile(r"\broadmap widgets?\b"), re.compile(r"\broadmaps?\b")
)


def test_the_shipped_holds_are_rows_of_the_table():
    assert [h.name for h in rules.TITLE_HOLDS] == [
        "engineering strategy",
        "screen view",
        "price data",
        "plan without a direction object",
    ]
    assert title_hold("screen view") is rules.TITLE_HOLDS[1]
    with pytest.raises(KeyError):
        title_hold("roadmap widget")


def test_a_third_hold_is_one_row(model, monkeypatch):
    assert model.predict([ItemDoc(WIDGET)], prior=OWN_PRIOR)[0].label == "strategic"
    assert names_direction(["roadmap", "widget"], None, WIDGET)
    monkeypatch.setattr(rules, "TITLE_HOLDS", (*rules.TITLE_HOLDS, ROADMAP_WIDGET))
    scanned = model.predict([ItemDoc(WIDGET)], prior=OWN_PRIOR)[0]
    assert scanned.label == "tactical" and "held as delivery work" in scanned.reason
    assert not names_direction(["roadmap", "widget"], None, WIDGET)
    assert names_direction(["roadmap"], None, "Roadmap review for the home page")  # not held


def test_a_hold_taken_out_of_the_table_is_off_in_the_reasons_too(monkeypatch):
    tab = "Criar aba Visão Diretoria no painel de vendas"
    assert not names_direction(["visao", "criar"], None, tab)
    others = tuple(h for h in rules.TITLE_HOLDS if h.name != "screen view")
    monkeypatch.setattr(rules, "TITLE_HOLDS", others)
    assert names_direction(["visao", "criar"], None, tab)


def test_a_hold_reads_the_folded_title_and_clears_only_its_words():
    view = title_hold("screen view")
    assert view.holds("PESTAÑA   VISIÓN del producto") and not view.holds(None)
    assert view.cleared(["Visão", "roadmap", "vision tab"]) == ["roadmap"]


class _CountedTest:
    """A title test that counts its searches (a hold's memo is keyed by the title alone)."""

    def __init__(self) -> None:
        self.searched: list[str] = []

    def search(self, folded: str) -> bool:
        self.searched.append(folded)
        return "widget" in folded


def test_a_hold_remembers_each_title_and_starts_over_when_full(monkeypatch):
    counted = _CountedTest()
    hold = TitleHold("counted widget", counted, re.compile(r"\broadmaps?\b"))
    assert hold == TitleHold("counted widget", counted, re.compile(r"\broadmaps?\b"))
    assert [hold.holds(t) for t in ("A Widget", "A Widget", "Plain", "Plain")] == [
        True,
        True,
        False,
        False,
    ]
    assert counted.searched == ["a widget", "plain"]  # one search per title, folded
    assert not hold.holds("") and not hold.holds(None) and len(counted.searched) == 2
    monkeypatch.setattr(rules, "TITLE_HOLDS_KEPT", 2)
    assert hold.holds("Other widget") and len(counted.searched) == 3  # full: starts over
    assert hold.holds("A Widget") and len(counted.searched) == 4  # asked anew after it
    assert hold.holds("Other widget") and len(counted.searched) == 4
