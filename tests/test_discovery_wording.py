"""Session 15 (fresh6-dev): German project-proposal and business-case chapters and a
programme's discovery work (focus groups, current-state maps, maturity targets) name direction
work in an item's own words, and the bundled model has learned their words from the session-15
block of ``models/data/tickets.csv``. Titles here are our own, none from a real board."""

from __future__ import annotations

import pytest

from models.interface import ItemDoc
from models.rules import NO_DIRECTION_STRATEGIC_CAP, direction_columns
from models.train import TICKETS_CSV, read_phrases, read_tickets

OWN_PRIOR = {"strategic": 0.4, "tactical": 0.6}  # a board scan at the model's own prior


def test_the_chapter_and_discovery_words_name_direction_work_as_item_words_only():
    items = [
        "problemstellung",
        "projektbegrundung",
        "projektziel",
        "zielsetzung",
        "projektabgrenzung",
        "wirtschaftlichkeitsbetrachtung",
        "amortisationsdauer",
        "nutzwertanalyse",
        "projektkosten",
        "kostenaufstellung",
        "ausblick",
        "fokusgruppen",
        "reifegrad",
        "focus groups",
        "current state",
        "maturity",
    ]
    # never as a list's name; and the single words around them stay no direction work
    others = ["column:ausblick", "column:maturity", "column:focus groups", "label:projektkosten"]
    others += ["kosten", "focus", "state", "analyse", "personas", "persona"]
    flags = direction_columns(items + others).tolist()
    assert flags == [1.0] * len(items) + [0.0] * len(others)


@pytest.mark.parametrize(
    "title",
    [
        "Problemstellung der Sachbearbeiter",
        "Ausblick auf die zweite Ausbaustufe",
        "Nutzwertanalyse für das Ticketsystem",
        "Projektkosten für Hosting und Wartung",
        "Fokusgruppen mit Vereinsmitgliedern",
        "Set a target maturity level for reporting",
        "Focus groups with small-business owners",
    ],
)
def test_a_board_scan_keeps_proposal_chapters_and_discovery_work_strategic(model, title):
    """Before session 15 each was held as delivery work (0.02) in a scan: the model knew none
    of the German words, and neither 'focus groups' nor 'maturity' named direction work."""
    scanned = model.predict([ItemDoc(title)], prior=OWN_PRIOR)[0]
    assert scanned.label == "strategic", scanned.reason


@pytest.mark.parametrize(
    "title",
    [
        "Benutzerhandbuch für die Kassenkräfte",
        "Datenbanktabelle für Buchungen anlegen",
        "Maturity column missing in the export",
        "Focus the cursor on the first field",
        # "personas" stays a list's word: in Spanish it means people
        "Registrar personas en el sistema",
    ],
)
def test_delivery_cards_with_the_same_words_stay_tactical_in_a_scan(model, title):
    scanned = model.predict([ItemDoc(title)], prior=OWN_PRIOR)[0]
    assert scanned.label == "tactical", scanned.reason
    assert scanned.scores["strategic"] < 0.1 or scanned.scores["strategic"] == pytest.approx(
        NO_DIRECTION_STRATEGIC_CAP
    )


def test_the_bundled_model_learned_the_german_business_case_words(model):
    for word in (
        "projektabgrenzung",
        "amortisationsdauer",
        "wirtschaftlichkeitsbetrachtung",
        "nutzwertanalyse",
        "fokusgruppen",
        "maturity",
    ):
        assert word in model.vocabulary, word


def test_the_session_15_block_ties_each_ticket_to_a_phrase_with_its_seed_source():
    tickets = read_tickets(TICKETS_CSV)
    start = next(
        i
        for i, t in enumerate(tickets)
        if t.title.startswith("Problemstellung: warum die Fachabteilung")
    )
    end = next(  # session 16's block follows it
        i for i, t in enumerate(tickets) if t.title.startswith("Sync closed-won opportunities")
    )
    block = tickets[start:end]
    assert len(block) == 87
    assert sum(t.label == "strategic" for t in block) == 42
    phrases = {p.id: p for p in read_phrases(TICKETS_CSV.with_name("phrases.csv"))}
    for ticket in block:
        phrase = phrases[ticket.phrase_id]
        assert phrase.source.endswith(".txt") and phrase.section
        assert phrase.label in ("strategic", "tactical")
