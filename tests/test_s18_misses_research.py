"""research/s18_misses.py: the description-aside variants install what they say and are undone;
on a board of our own, a research card whose description lists the steps of running it is read
from its title alone, and delivery cards naming a survey stay as they were (no real data read)."""

from __future__ import annotations

import importlib

import numpy as np
import pytest

import models.classifier as classifier
from analyzer.pipeline import classify_items
from connectors.interface import Item
from models.interface import ItemDoc


@pytest.fixture
def lever():
    module = importlib.import_module("research.s18_misses")
    yield module
    module.reset()


#: research cards whose descriptions list the steps of running them, in delivery words
_RESEARCH = [
    (
        "Survey experiment with trial users",
        "- export the trial users from the admin panel\n"
        "- set up the email template with the merge fields",
    ),
    (
        "Interviews with churned customers",
        "- export the list of cancelled accounts\n- set up the booking page\n"
        "- configure the reminder emails",
    ),
]
_DELIVERY = [
    ("Survey page: submit button does nothing", "Open the page, fill the form, click submit."),
    (
        "Add the survey score to the account record",
        "Map the score field from the survey tool to the account field in the CRM.",
    ),
    ("Fix the interview booking form", "The date picker shows the wrong month on mobile."),
    ("Update the login page copy", "Change the heading text"),
    ("Refactor the email sender", "Move the retry logic into the queue worker"),
    ("Add pagination to the user list", "Twenty per page"),
    ("Fix the crash on startup", "Null pointer in the config loader"),
]


def _board() -> list[Item]:
    return [
        Item(source="trello", id=f"i{n}", title=title, description=text, column="Done")
        for n, (title, text) in enumerate(_RESEARCH + _DELIVERY)
    ]


def test_title_alone_keeps_title_and_labels_only(lever):
    doc = ItemDoc("Churn survey", "- send it", type="Task", labels=("research",), column="Done")
    alone = lever.title_alone(doc)
    assert (alone.title, tuple(alone.labels), alone.description) == (
        "Churn survey",
        ("research",),
        "",
    )
    assert alone.type is None and alone.column is None and alone.hierarchy_level is None


def test_rows_need_a_description_a_named_title_and_a_low_reading(lever):
    docs = [
        ItemDoc("Customer survey", "- send it"),  # taken
        ItemDoc("Customer survey"),  # no description
        ItemDoc("Fix the login page", "- the button"),  # title names no research
        ItemDoc("Customer interviews", "- book calls"),  # already strategic at 0.7
    ]
    proba = np.array([[0.9, 0.1], [0.9, 0.1], [0.9, 0.1], [0.2, 0.8]])
    names = importlib.import_module("models.rules").title_names_research
    assert lever.desc_aside_rows(proba, 1, docs, names).tolist() == [0]


def test_variants_install_and_reset(lever):
    shipped = classifier.LinearRoleModel._research_read_again
    for name in ("desc-aside", "desc-aside-direction"):
        lever.VARIANTS[name]()
        assert classifier.LinearRoleModel._research_read_again is not shipped
        lever.reset()
        assert classifier.LinearRoleModel._research_read_again is shipped


def test_a_research_card_is_read_from_its_title_and_delivery_stays(lever, model):
    items = _board()
    before = classify_items(items, model)
    lever.VARIANTS["desc-aside"]()
    after = classify_items(items, model)
    for n in range(len(_RESEARCH)):  # tactical by the steps' words, strategic by the title
        assert before[n].label == "tactical"
        assert after[n].label == "strategic" and after[n].confidence >= 0.7
        assert "read without its issue type and list" in after[n].reason
    for n in range(len(_RESEARCH), len(items)):  # read exactly as before
        assert (after[n].label, after[n].confidence, after[n].reason) == (
            before[n].label,
            before[n].confidence,
            before[n].reason,
        )
        assert after[n].label == "tactical"


def test_without_a_board_the_variant_reads_nothing_again(lever, model):
    docs = [ItemDoc(title, text, column="Done") for title, text in _RESEARCH]
    before = [(p.label, p.confidence) for p in model.predict(docs)]
    lever.VARIANTS["desc-aside"]()
    assert [(p.label, p.confidence) for p in model.predict(docs)] == before
