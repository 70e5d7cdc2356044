"""A batch's titles screened for a title test's word pieces at once (session 23, issue 12's
speed): the screen only spares asking a title that cannot match, so the research re-read picks
the same rows with it as without it."""

from __future__ import annotations

import re
import sys

import numpy as np
import polars  # noqa: F401  (loaded, as in a scan: the screen uses it only then)
import pytest

import models._title_screen as screen
import models.rules as rules
from models.interface import ItemDoc


def _titles(n: int = 80) -> list[str | None]:
    """Filler titles holding no piece, then the cases the screen must keep asking."""
    filler = [f"Fix the login button on page {i}" for i in range(n)]
    return [
        *filler,
        "MARKET sizing for the SMB segment",  # a piece in another case
        "Plan the Q3 ROADMAP",  # a direction piece only
        "Étude de marché pour la Belgique",  # non-ASCII: folded by the test itself
        None,
        "",
        "interviewing five pilot users",
    ]


def test_a_title_without_a_piece_is_not_asked_and_one_with_a_piece_is():
    research, direction = screen.may_hold(
        _titles(), rules.TITLE_RESEARCH_PIECES, rules.TITLE_DIRECTION_PIECES
    )
    assert not research[:80].any() and not direction[:80].any()
    assert research[80:].tolist() == [True, False, True, False, False, True]
    assert direction[80:].tolist() == [True, True, True, False, False, False]


def test_the_screen_never_drops_a_title_a_test_matches():
    titles = _titles()
    (research,) = screen.may_hold(titles, rules.TITLE_RESEARCH_PIECES)
    for title, may in zip(titles, research.tolist(), strict=True):
        if rules.title_names_research(title):
            assert may, title


def test_few_titles_a_lone_surrogate_or_no_polars_ask_one_by_one(monkeypatch):
    assert screen.may_hold(_titles()[: screen.IN_BULK - 1], ("market",)) is None
    assert screen.may_hold([*_titles(), "bad \ud800 text"], ("market",)) is None
    monkeypatch.delitem(sys.modules, "polars")
    assert screen.may_hold(_titles(), ("market",)) is None


def _batch() -> list[ItemDoc]:
    docs = [ItemDoc(f"Fix the export of report {i}", type="Bug", column="Done") for i in range(90)]
    docs += [
        ItemDoc("Customer interviews about onboarding", type="Sub-task", column="Done"),
        ItemDoc("Competitor benchmark of pricing pages", type="Task", column="Done"),
        ItemDoc("Define the product strategy for 2027", type="Story", column="Done"),
        ItemDoc("Entrevistas con usuarios del piloto", type="Subtarea", hierarchy_level=-1),
        ItemDoc("Market research without a type"),  # nothing to set aside: not read again
        ItemDoc("Update the survey export script", type="Bug", column="Done"),
    ]
    return docs


@pytest.mark.parametrize("direction", [1, 0])
def test_research_rows_are_the_same_with_the_screen_and_without_it(monkeypatch, direction):
    monkeypatch.setattr(rules, "TITLE_DIRECTION_REREAD", direction)
    docs = _batch()
    proba = np.tile([0.7, 0.3], (len(docs), 1))  # column 1: strategic, read tactical
    evidence = np.ones(len(docs))

    def rows():
        with rules.research_remembered():
            return rules.research_rows(proba, 1, evidence, docs).tolist()

    screened = rows()
    monkeypatch.setattr(screen, "IN_BULK", len(docs) + 1)  # every title asked by itself
    assert rows() == screened
    expected = [90, 91, 93, 95] + ([92] if direction else [])
    assert screened == sorted(expected)


def test_factored_alternation_matches_what_the_flat_one_matches():
    alternatives = [
        "plan",
        "plans?",
        "planning",
        "pain\\spoints?",
        "casos?\\s(?:de\\s)?uso",
        "anwendungsf(?:a|ae)lle",
        "(?:produkt|marken)vision\\w*",
        "\\w+interviews?",
        "okrs?",
        "o",
    ]
    factored = rules.factored_alternation(alternatives)
    assert factored.startswith("(?:") is False and "|(?:produkt|marken)" in factored
    flat = re.compile(r"\b(?:" + "|".join(alternatives) + r")\b")
    grouped = re.compile(r"\b(?:" + factored + r")\b")
    texts = [
        "plan the launch",
        "the plans",
        "sprint planning",
        "planned work",
        "pain points",
        "pain point list",
        "casos de uso",
        "caso uso",
        "casos  uso",
        "anwendungsfaelle",
        "anwendungsfalle",
        "anwendungsfllle",
        "produktvisionen",
        "markenvision",
        "vision",
        "kundeninterviews",
        "interviews",
        "okr",
        "okrs review",
        "o",
        "oo",
        "planing",
        "",
    ]
    for text in texts:
        assert bool(flat.search(text)) == bool(grouped.search(text)), text


def test_the_direction_words_match_as_they_did_unfactored():
    flat = re.compile(r"\b(?:" + "|".join(rules._DIRECTION_ALTERNATIVES) + r")\b")
    for alternative in rules._DIRECTION_ALTERNATIVES:
        # the alternative's own text with its classes made plain: a word it (nearly) names
        text = re.sub(r"\\[sw]", " ", re.sub(r"[()?:*+|]", "", alternative))
        for said in (text, f"plan the {text} review", f"x{text}y"):
            assert bool(flat.search(said)) == bool(rules._DIRECTION.search(said)), said
