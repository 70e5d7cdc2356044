"""The session-16 vocabulary tickets kept for research (measured over 8 draws, not shipped: see
models/HISTORY "Session 16: the vocabulary non-English strategic items need"): tickets of both
labels in Spanish, Portuguese, French, German and Dutch, each tied to a phrase, where every
direction noun also appears in a delivery ticket, so a noun alone teaches no direction."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from models import train
from models.language import detect

VOCAB_TICKETS = Path(__file__).resolve().parents[1] / "research" / "data" / "s16_vocab_tickets.csv"

#: direction nouns of the strategic tickets, each written into a delivery ticket too (folded,
#: lower case, as a substring of the title)
SHARED_NOUNS = (
    "acta de constitución",
    "investigación",
    "análisis",
    "lanzamiento",
    "termo de abertura",
    "pesquisa",
    "visão",
    "cronograma",
    "concorrentes",
    "charte de projet",
    "lancement",
    "analyse",
    "projektauftrag",
    "soll-",
    "ist-",
    "onderzoek",
    "plan van aanpak",
    "visie",
    "concurrentie",
)


def test_vocabulary_tickets_are_tickets_of_both_labels_in_five_languages_tied_to_phrases():
    tickets = train.read_tickets(VOCAB_TICKETS)
    phrases = {p.id: p for p in train.read_phrases(train.PHRASES_CSV)}
    assert len(tickets) == 91
    assert Counter(t.label for t in tickets) == {"strategic": 49, "tactical": 42}
    assert all(phrases[t.phrase_id].label == t.label for t in tickets)
    codes = Counter(
        (detect(f"{t.title} {t.description or ''}"), t.label)
        for t in tickets
        if detect(f"{t.title} {t.description or ''}") in ("es", "pt", "fr", "de", "nl")
    )
    for language in ("es", "pt", "fr", "de", "nl"):
        assert codes[(language, "strategic")] >= 5, language
        assert codes[(language, "tactical")] >= 5, language


def test_every_direction_noun_is_also_a_delivery_tickets_word():
    tickets = train.read_tickets(VOCAB_TICKETS)
    for noun in SHARED_NOUNS:
        labels = {t.label for t in tickets if noun in t.title.lower()}
        assert labels == {"strategic", "tactical"}, noun


def test_the_vocabulary_tickets_are_not_in_the_shipped_training_data():
    shipped = {t.title for t in train.read_default_tickets()}
    assert not shipped & {t.title for t in train.read_tickets(VOCAB_TICKETS)}
