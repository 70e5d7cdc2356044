"""research.s18_false_calls: each variant changes the rule it names (and only for the run).
Titles are our own; no real board is read."""

from __future__ import annotations

import pytest

import models.classifier as classifier
import models.rules as rules
import research.s18_false_calls as s18
from models.interface import ItemDoc

OWN_PRIOR = {"strategic": 0.4, "tactical": 0.6}


@pytest.fixture
def restored(monkeypatch):
    """The variants set module attributes: monkeypatch puts them back after the test."""
    monkeypatch.setattr(rules, "TITLE_HOLDS", rules.TITLE_HOLDS)
    monkeypatch.setattr(rules, "delivery_labelled", rules.delivery_labelled)
    monkeypatch.setattr(classifier.LinearRoleModel, "_ruled", classifier.LinearRoleModel._ruled)
    yield
    rules._place_named.cache_clear()


def _label(model, doc: ItemDoc) -> str:
    return model.predict([doc], prior=OWN_PRIOR)[0].label


@pytest.mark.parametrize(
    ("variant", "doc", "before", "after"),
    [
        (
            "no-price-data",
            ItemDoc("Web shop shows a different item pricing than the POS"),
            "tactical",
            "strategic",
        ),
        ("no-plan-object", ItemDoc("Umzug des Servers planen"), "tactical", "strategic"),
        ("plan-verbs-off", ItemDoc("Was müssen wir planen?"), "strategic", "tactical"),
        (
            "no-delivery-labels",
            ItemDoc(
                "It would help to filter the map by year and class",
                column="Usability Testing - Feedback",
                labels=("Feature Requests",),
            ),
            "tactical",
            "strategic",
        ),
        ("one-word", ItemDoc("Interview"), "strategic", "uncertain"),
    ],
)
def test_a_variant_changes_the_rule_it_names(model, restored, variant, doc, before, after):
    assert _label(model, doc) == before
    s18.VARIANTS[variant]()
    rules._place_named.cache_clear()
    prediction = model.predict([doc], prior=OWN_PRIOR)[0]
    label = "uncertain" if prediction.confidence < 0.6 else prediction.label
    assert label == after


@pytest.mark.parametrize(
    ("variant", "listed"), [("one-word", "uncertain"), ("one-word-no-list", "strategic")]
)
def test_the_one_word_variants_and_a_card_its_list_names(model, restored, variant, listed):
    s18.VARIANTS[variant]()
    bare, in_ideas = model.predict(
        [ItemDoc("Interview"), ItemDoc("Zorbl similar", column="Ideas")], prior=OWN_PRIOR
    )
    assert bare.confidence < 0.6  # one known word: uncertain under both
    assert ("strategic" if in_ideas.confidence >= 0.6 else "uncertain") == listed


def test_content_segmentation_names_a_text_segmentation_not_a_market_one():
    title = rules._SEPARATORS.sub(" ", "Captions: text pre-segmentation".lower())
    assert s18.CONTENT_SEGMENTATION.search(title)
    assert not s18.CONTENT_SEGMENTATION.search("customer segmentation for the clinics")


@pytest.mark.parametrize("name", ["s18_year_tickets.csv", "s18_idea_tickets.csv"])
def test_the_measured_delivery_tickets_are_training_tickets(name):
    """research/data (measured, not shipped): delivery tickets in our own words, read as
    ``train`` reads ``--extra`` tickets, in the five languages."""
    from pathlib import Path

    from models.language import detect
    from models.train import read_tickets

    tickets = read_tickets(Path(s18.__file__).parent / "data" / name)
    assert len(tickets) >= 10
    assert {t.label for t in tickets} == {"tactical"}
    assert {"en", "es", "fr", "de", "pt"} <= {detect(f"{t.title} {t.description}") for t in tickets}
