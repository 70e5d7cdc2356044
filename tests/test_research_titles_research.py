"""research/research_titles.py: the wider research-title cue measured in session 14 (lost)."""

from __future__ import annotations

import numpy as np

import models.rules as rules
from models.interface import ItemDoc
from research import research_titles as rt


def test_the_wider_cue_adds_bare_research_words_in_six_languages():
    assert rt.names_research_or_bare("Customer interviews")  # the shipped cue
    for title in (
        "why users leave: RESEARCH",
        "Investigación sobre precios",
        "Pesquisa com clientes",
        "Recherche utilisateurs",
        "Nutzerforschung",  # not a bare word: no match
        "Onderzoek: hoe ervaren klanten de site",
        "Gebruikersonderzoek",
    ):
        expected = title != "Nutzerforschung"
        assert rt.names_research_or_bare(title) is expected, title
    assert not rt.names_research_or_bare("Fix the login page")
    assert not rt.names_research_or_bare(None)


def test_install_bare_widens_the_re_read_and_restores_the_title_check(monkeypatch):
    monkeypatch.setattr(rules, "research_rows", rules.research_rows)
    docs = [ItemDoc("Kaizen RESEARCH", column="Done"), ItemDoc("Customer interviews", type="Task")]
    proba = np.array([[0.1, 0.9], [0.1, 0.9]])
    evidence = np.array([0.5, 0.5])
    pieces = np.array([False, True])
    assert rules.research_rows(proba, 0, evidence, docs, pieces).tolist() == [1]
    rt.install_bare()
    assert rules.research_rows(proba, 0, evidence, docs, pieces).tolist() == [0, 1]
    # the scan passes which rows may be kept (session 25) as a sixth argument
    reachable = np.array([True, False])
    assert rules.research_rows(proba, 0, evidence, docs, pieces, reachable).tolist() == [0]
    assert rules.title_names_research is rt._SHIPPED  # only swapped during the call
    assert not rules.title_names_research("Kaizen RESEARCH")


def test_the_measured_vocabulary_tickets_are_tickets_of_both_labels_tied_to_phrases():
    """research/data/recall14_vocab_tickets.csv (measured, not shipped): the words of the dev
    halves' unseen strategic titles (stakeholder matrices, project charters, Dutch research…)
    in our own words, with delivery tickets sharing their nouns; none repeats an eval item."""
    import csv
    from pathlib import Path

    from models import train

    root = Path(__file__).resolve().parents[1]
    tickets = train.read_tickets(root / "research" / "data" / "recall14_vocab_tickets.csv")
    phrases = {p.id for p in train.read_phrases(train.PHRASES_CSV)}
    assert len(tickets) == 44
    assert sum(t.label == "strategic" for t in tickets) == 26
    assert all(t.phrase_id in phrases for t in tickets)
    with open(root / "models" / "eval" / "items.csv", encoding="utf-8") as handle:
        evaluated = {row["text"].strip().lower() for row in csv.DictReader(handle)}
    assert not evaluated & {t.title.strip().lower() for t in tickets}
