"""Direction work named in a title's plain English words, read again without its issue type and
list in a board scan (session 17: ``models.rules.title_names_direction``,
``TITLE_DIRECTION_REREAD``, :func:`models.rules.research_rows`): a team that tracks its
strategy, roadmap or segmentation work as Jira Stories in To Do and Done lists had it
held tactical by the type and the list."""

from __future__ import annotations

import numpy as np
import pytest

import models.rules as rules
from analyzer.pipeline import classify_items
from connectors.interface import Item
from models._reason_terms import confidence_text
from models.interface import ItemDoc
from tests.test_research_titles import DELIVERY


@pytest.mark.parametrize(
    "title",
    [
        "Draft the pricing strategy for the enterprise plan",
        "Product roadmap for next year",
        "Road-map review",
        "Write the business case for a native app",
        "Customer segmentation by company size",
        "Run two focus groups with shop owners",
        "Go-to-Market plan for Canada",
        "Value proposition for the partner channel",
        "Set the OKRs for the second half",
        "Strategies for the next three years",
        "Pain points from the support calls",
        "Describe the current state of onboarding",
        "Agree the maturity target",
    ],
)
def test_direction_titles_are_named(title):
    assert rules.title_names_direction(title)


@pytest.mark.parametrize(
    "title",
    [
        "Fix the login page on mobile",
        "Add export to CSV",
        "Registrar personas en el sistema",  # Spanish "people": not a direction word here
        "Estrategia de precios",  # English words only (other languages: their own sessions)
        "Pricing page: fix the annual toggle",  # a screen's or component's nouns
        "Vision API: handle rotated images",
        "Tooltip positioning off on small screens",
        "Send north-star metric events",
        "Strategic accounts list: sort by revenue",
        "Plan the sprint",  # the broad direction vocabulary is not enough
        "Update the metrics endpoint",
        "Statement of work template",  # pieces without a whole word
        "",
        None,
    ],
)
def test_other_titles_are_not(title):
    assert not rules.title_names_direction(title)


def test_every_match_holds_a_word_piece():
    """The ASCII shortcut only skips titles that cannot match (each alternative holds a piece)."""
    for title in (
        "strategy",
        "strategies",
        "roadmaps",
        "road map",
        "segmentation",
        "focus group",
        "business cases",
        "go to market",
        "value propositions",
        "okrs",
        "pain point",
        "current state",
        "maturity",
    ):
        assert rules._TITLE_DIRECTION.search(title), title
        assert rules._TITLE_DIRECTION_PIECES.search(title), title


def test_research_rows_reads_direction_titles_again_only_with_the_flag(monkeypatch):
    docs = [
        ItemDoc("Develop the data strategy", type="Story", column="Done"),
        ItemDoc("Fix the login page", type="Story", column="Done"),
        ItemDoc("Customer interviews", type="Sub-task", column="Done"),
        ItemDoc("Product roadmap"),  # nothing to set aside
        ItemDoc("Pricing strategy", type="Story"),  # its words do not lean strategic enough
    ]
    strategic = np.array([0.1, 0.1, 0.1, 0.1, 0.1])
    proba = np.column_stack([strategic, 1 - strategic])
    evidence = np.array([0.5, 0.5, 0.5, 0.5, 0.1])
    assert rules.research_rows(proba, 0, evidence, docs).tolist() == [0, 2]
    monkeypatch.setattr(rules, "TITLE_DIRECTION_REREAD", 0)
    assert rules.research_rows(proba, 0, evidence, docs).tolist() == [2]


def test_the_hold_does_not_spare_a_direction_title():
    """Only the re-read asks the direction titles: the direction rules' hold still spares
    research titles alone (``title_names_research``)."""
    assert not rules.title_names_research("Develop the data strategy")


_DIRECTION = [
    "Draft the pricing strategy for the enterprise plan",
    "Write the business case for the mobile app",
    "Go-to-market plan for Canada",
    "Agree the product strategy with the leadership team",
]
_NOUNS_OF_DELIVERY = [
    "Caching strategy for the search endpoint",
    "Pricing page: fix the annual toggle",
    "Roadmap page loads slowly",
    "Segmentation dashboard: add a date filter",
    "Focus ring missing on the submit button",
    "Current state of the order: show it on the card",
    "Test strategy for the release",
    "Registrar personas en el sistema",
]


def _board() -> list[Item]:
    titles = DELIVERY + _DIRECTION + _NOUNS_OF_DELIVERY
    return [
        Item(
            source="jira",
            id=f"i{n}",
            title=title,
            type="Story",
            column="Done" if n % 2 else "To Do",
        )
        for n, title in enumerate(titles)
    ]


def test_direction_stories_are_read_strategic_in_a_scan(model, monkeypatch):
    items = _board()
    titles = [it.title for it in items]
    got = dict(zip(titles, classify_items(items, model), strict=True))
    monkeypatch.setattr(rules, "TITLE_DIRECTION_REREAD", 0)  # before session 17: the type decides
    before = dict(zip(titles, classify_items(items, model), strict=True))
    held = [title for title in _DIRECTION if before[title].label != "strategic"]
    assert len(held) >= 3
    for title in _DIRECTION:
        p = got[title]
        assert p.label == "strategic" and p.confidence >= rules.RESEARCH_TITLE_KEEP_ABOVE, title
    said = []
    for title in held:  # read again, and the reason says so, and which reading (session 18)
        p = got[title]
        why = rules.RESEARCH_REASON if rules.title_names_research(title) else None
        why = why or rules.DIRECTION_REREAD_REASON
        assert p.reason.startswith(f"strategic {confidence_text(p.confidence)}: {why}"), p.reason
        said.append(why)
    assert rules.DIRECTION_REREAD_REASON in said
    for title in DELIVERY + _NOUNS_OF_DELIVERY:  # tactical, and read exactly as before
        assert got[title].label == "tactical", title
        assert (before[title].label, before[title].confidence) == (
            got[title].label,
            got[title].confidence,
        )


def test_without_a_board_nothing_is_read_again(model, monkeypatch):
    """``classify`` and ``evaluate`` (no board prior) read a direction Story as before."""
    docs = [ItemDoc(title, type="Story", column="Done") for title in _DIRECTION]
    on = [(p.label, p.confidence, p.reason) for p in model.predict(docs)]
    monkeypatch.setattr(rules, "TITLE_DIRECTION_REREAD", 0)
    assert [(p.label, p.confidence, p.reason) for p in model.predict(docs)] == on


_VARIED_TITLES = (
    None,
    "",
    "   ",
    "Product strategy for 2025",
    "Roadmap review with sales",
    "Road map: Q3",
    "Fix the login button",
    "Add caching strategy notes",  # an engineering strategy: direction for neither
    "Stratégie produit et feuille de route",
    "Estrategia de segmentación de clientes",
    "Produktstrategie und Roadmap für Q4",
    "Größenänderung der Straßenkarte",
    "Go-to-market plan for the EU launch",
    "Pain points from the focus groups",
    "Current state assessment: data maturity",
    "OKRs Q1",
    "Okra recipe page",  # 'okr' piece without the word
    "ROADMAP",
    "Update the state machine",
    "Decide the pricing tiers",
)


def test_remembered_direction_answers_are_the_plain_functions():
    """The per-title memos (session 17, issue 16) answer as the functions they remember, on the
    first ask and on a second one (ASCII, accented, German, empty, None)."""
    for _ in range(2):
        for title in _VARIED_TITLES:
            assert rules.title_names_direction(title) == rules._title_names_direction(title), title
            assert rules.title_places_direction(title) == rules.places_direction(title, None, ()), (
                title
            )
    # the cases above do not all answer alike (the test would hold for a constant)
    assert len({rules.title_names_direction(t) for t in _VARIED_TITLES}) == 2
    assert len({rules.title_places_direction(t) for t in _VARIED_TITLES}) == 2
    assert rules.title_names_direction.cache_info().hits >= len(_VARIED_TITLES)
