"""Session 18 (issue 12): two title holds against false strategic calls — prices named as data to
check, and a plan verb whose object names no direction work (models.rules.TITLE_HOLDS). Titles
are our own, none from a real board."""

from __future__ import annotations

import pytest

import models.rules as rules
from models.interface import ItemDoc
from models.rules import NO_DIRECTION_STRATEGIC_CAP, names_direction, title_hold

OWN_PRIOR = {"strategic": 0.4, "tactical": 0.6}  # a board scan at the model's own prior
PRICE_DATA = title_hold("price data")
PLAN_OBJECT = title_hold("plan without a direction object")


def _scan(model, title: str, description: str = ""):
    return model.predict([ItemDoc(title, description)], prior=OWN_PRIOR)[0]


@pytest.mark.parametrize(
    "title",
    [
        "Web shop shows a different item pricing than the POS",
        "Pricing mismatch between the POS and the web shop",
        "SKU prices wrong after the promo import",
        "Shelf price sync fails for three stores",
        "Reconcile invoice pricing with the ERP",
        "Los precios del artículo no coinciden con la caja",
        "Artikelpreise mit dem Kassensystem abgleichen",
    ],
)
def test_prices_named_as_data_to_check_are_held(title):
    assert PRICE_DATA.holds(title)


@pytest.mark.parametrize(
    "title",
    [
        "Define the pricing tiers for 2027",
        "Competitive pricing analysis",
        "Validate the new pricing with five customers",
        "Pricing page experiment for the team plan",
        "Pricing strategy for the enterprise edition",
    ],
)
def test_pricing_as_direction_work_is_not_held(model, title):
    assert not PRICE_DATA.holds(title)
    assert _scan(model, title).label == "strategic"


def test_a_scan_holds_an_item_price_check_and_did_not_without_the_hold(model, monkeypatch):
    title = "Web shop shows a different item pricing than the POS"
    held = _scan(model, title)
    assert held.label == "tactical" and "held as delivery work" in held.reason
    assert held.scores["strategic"] == pytest.approx(NO_DIRECTION_STRATEGIC_CAP)
    assert not names_direction(["pricing"], None, title)
    others = tuple(h for h in rules.TITLE_HOLDS if h is not PRICE_DATA)
    monkeypatch.setattr(rules, "TITLE_HOLDS", others)
    assert _scan(model, title).label == "strategic"  # 'pricing' alone (0.70 before session 18)


@pytest.mark.parametrize(
    "title",
    [
        "Umzug des Servers planen",
        "Release 2.4 planen",
        "Schulung der Kassenkräfte planen",
        "Plan the datacenter cutover",
        "Planificar la mudanza del servidor",
        "Planifier la bascule du serveur de fichiers",
    ],
)
def test_a_plan_verb_with_an_object_naming_no_direction_work_is_held(title):
    assert PLAN_OBJECT.holds(title)


@pytest.mark.parametrize(
    "title",
    [
        "Was müssen wir planen?",
        "Die Produktstrategie für 2027 planen",
        "Kundeninterviews planen",
        "Markteinführung in Österreich planen",
        "Quartal planen",
        "Plan the year",
        "Plan next quarter's themes",
        "Plan the launch in Spain",
        "Marketing launch plan",  # "plan" as a noun, not opening the title
        "Server umziehen",  # no plan verb
    ],
)
def test_a_plan_of_direction_work_a_period_or_no_object_is_not_held(title):
    assert not PLAN_OBJECT.holds(title)


def test_a_scan_holds_a_server_move_plan_and_did_not_without_the_hold(model, monkeypatch):
    """Session 17's risk: 'planen' alone made a German server move strategic at the one-word cap."""
    title = "Umzug des Servers planen"
    held = _scan(model, title)
    assert held.label == "tactical" and "held as delivery work" in held.reason
    assert "'planen'" not in held.reason
    others = tuple(h for h in rules.TITLE_HOLDS if h is not PLAN_OBJECT)
    monkeypatch.setattr(rules, "TITLE_HOLDS", others)
    assert _scan(model, title).label == "strategic"


@pytest.mark.parametrize(
    "title", ["Was müssen wir planen?", "Die Produktstrategie für 2027 planen", "Plan the year"]
)
def test_plans_of_direction_work_stay_strategic_in_a_scan(model, title):
    assert _scan(model, title).label == "strategic"


def test_a_held_plan_title_keeps_the_description_s_direction_words(model):
    """The hold clears the verb only: a description naming direction work still counts."""
    doc = _scan(
        model,
        "Nächste Schritte planen",
        "Kundeninterviews auswerten und die Produktstrategie für 2027 festhalten",
    )
    assert doc.label == "strategic", doc.reason


@pytest.mark.parametrize(
    ("labels", "named"),
    [
        (("Feature Requests",), True),
        (("UX", "bug"), True),
        (("Fehler",), True),
        (("Anomalies",), True),
        (("Bugfix-2.1",), True),
        (("Roadmap",), False),
        (("Debugging tools",), False),
        ((), False),
    ],
)
def test_labels_naming_a_kind_of_delivery_work(labels, named):
    assert rules.delivery_labelled(labels) is named


FEEDBACK_LIST = "Usability Testing - Feedback"


def test_a_card_labelled_as_delivery_work_needs_a_direction_word_of_its_own(model):
    """The list's name made a feature request strategic; the label says what the card is."""
    title = "It would help to filter the map by year and class"
    unlabelled = model.predict([ItemDoc(title, column=FEEDBACK_LIST)], prior=OWN_PRIOR)[0]
    assert unlabelled.label == "strategic"  # on the list's name
    labelled = ItemDoc(title, column=FEEDBACK_LIST, labels=("Feature Requests",))
    held = model.predict([labelled], prior=OWN_PRIOR)[0]
    assert held.label == "tactical" and "held as delivery work" in held.reason


@pytest.mark.parametrize(
    "doc",
    [
        ItemDoc(
            "Interview five nurses about the discharge checklist",
            column=FEEDBACK_LIST,
            labels=("Feature Requests",),
        ),
        ItemDoc("Pricing strategy for the clinics", column="Roadmap", labels=("Enhancement",)),
    ],
    ids=["research-words", "strategy-words"],
)
def test_a_labelled_card_naming_direction_work_in_its_own_words_stays_strategic(model, doc):
    assert model.predict([doc], prior=OWN_PRIOR)[0].label == "strategic"
