"""Session 12: in a board scan, direction work named only in a strategic item's description.

A title that leans strategic without naming direction work ("Write the first draft of the
terms of service") over a description that names a plan in passing is delivery work: held, and
its reason says so. A description that names direction work in substance (stakeholders, an
investment, the roadmap) keeps the item strategic, below the board's surest. The reasons name
the held rows the rules return, not rows found by their value.
"""

from __future__ import annotations

import numpy as np
import pytest

import models.classifier as classifier
from models.classifier import DESCRIPTION_ONLY_CAP, HELD_REASON, load_model
from models.interface import ItemDoc
from models.rules import (
    MIN_DESCRIPTION_DIRECTION,
    MIN_TITLE_EVIDENCE,
    NO_DIRECTION_STRATEGIC_CAP,
    direction_capped,
    direction_held,
    title_direction_rows,
)

OWN_PRIOR = {"strategic": 0.4, "tactical": 0.6}  # the bundled model's own: only the rules differ

TITLE = "Write the first draft of the terms of service"
IN_PASSING = (
    "Our users keep in touch with their friends; this tool is no emergency plan and does not "
    "replace calling for help in case of an emergency."
)
IN_SUBSTANCE = (
    "Gather input from stakeholders, assess the investment needed and decide on the roadmap "
    "priority with leadership."
)


@pytest.fixture(scope="module")
def model():
    return load_model()


def test_the_rows_a_title_naming_no_direction_work_decides():
    docs = [
        ItemDoc("a delivery title", "d"),  # direction in passing: held
        ItemDoc("a delivery title", "d"),  # direction in substance: kept below the surest
        ItemDoc("the roadmap", "d"),  # the title names direction work: left alone
        ItemDoc("a delivery title", "d", column="Roadmap"),  # so does its list
        ItemDoc("", "d"),  # no title: its description is all it says
        ItemDoc("a weak title", "d"),  # the title pushes too little (session 7's rule): held
    ]
    rows = np.arange(6)
    leans = MIN_TITLE_EVIDENCE + 0.2
    title_evidence = np.array([leans, leans, leans, leans, leans, MIN_TITLE_EVIDENCE / 2])
    title_direction = np.array([0.0, 0.0, 0.3, 0.0, 0.0, 0.0])
    weak, strong = MIN_DESCRIPTION_DIRECTION / 3, MIN_DESCRIPTION_DIRECTION * 2
    direction = np.array([weak, strong, strong, weak, weak, strong])
    held, described = title_direction_rows(rows, title_evidence, title_direction, docs, direction)
    assert held.tolist() == [0, 5]
    assert described.tolist() == [1]
    # Without the words' direction push (the rule as it was): only the weak title is held.
    held, described = title_direction_rows(rows, title_evidence, title_direction, docs)
    assert held.tolist() == [5]
    assert described.tolist() == []


def test_a_board_scan_holds_a_description_naming_direction_work_in_passing(model):
    card = ItemDoc(TITLE, description=IN_PASSING)
    assert model.predict([card])[0].label == "strategic"  # classify reads no board: off
    scanned = model.predict([card], prior=OWN_PRIOR)[0]
    assert scanned.label == "tactical"
    assert scanned.scores["strategic"] == pytest.approx(NO_DIRECTION_STRATEGIC_CAP)
    assert HELD_REASON in scanned.reason
    in_roadmap = ItemDoc(TITLE, description=IN_PASSING, column="Roadmap")
    assert model.predict([in_roadmap], prior=OWN_PRIOR)[0].label == "strategic"


def test_a_description_naming_direction_work_in_substance_stays_strategic_below_the_surest(model):
    card = ItemDoc(TITLE, description=IN_SUBSTANCE)
    assert model.predict([card])[0].confidence > 0.9  # classify: unchanged
    scanned = model.predict([card], prior=OWN_PRIOR)[0]
    assert scanned.label == "strategic"
    assert scanned.scores["strategic"] == pytest.approx(DESCRIPTION_ONLY_CAP)
    assert HELD_REASON not in scanned.reason
    proba = model.predict_proba([card], prior=OWN_PRIOR)  # the same rules on this path
    assert proba[0, model.labels.index("strategic")] == pytest.approx(DESCRIPTION_ONLY_CAP)


def test_direction_held_gives_the_rows_direction_capped_holds():
    proba = np.array([[0.9, 0.1], [0.9, 0.1], [0.01, 0.99], [0.9, 0.1]])
    direction = np.array([0.0, 0.2, 0.0, 0.0])
    docs = [ItemDoc("x", column=c) for c in ("To Do", "To Do", "To Do", "Roadmap")]
    held = direction_held(proba, 0, direction, docs)
    assert held.tolist() == [0]
    capped = direction_capped(proba, 0, direction, docs)
    changed = np.flatnonzero(capped[:, 0] != proba[:, 0])
    assert changed.tolist() == held.tolist()


def test_a_row_at_the_cap_that_no_rule_held_gets_no_held_reason(model, monkeypatch):
    """The reasons name the rows the rules held, not every row whose strategic probability
    happens to equal the cap (here another rule writes that value for a roadmap item)."""
    capped = classifier.evidence_capped
    k = model.labels.index("strategic")

    def at_the_cap(proba, strategic, evidence, known):
        out = capped(proba, strategic, evidence, known)
        out[0, k], out[0, 1 - k] = NO_DIRECTION_STRATEGIC_CAP, 1.0 - NO_DIRECTION_STRATEGIC_CAP
        return out

    monkeypatch.setattr(classifier, "evidence_capped", at_the_cap)
    docs = [ItemDoc("Define the product roadmap and the pricing strategy"), ItemDoc("widget")]
    first, second = model.predict(docs, prior=OWN_PRIOR)
    assert first.scores["strategic"] == NO_DIRECTION_STRATEGIC_CAP
    assert HELD_REASON not in first.reason  # its words name direction work: nothing held it
    assert HELD_REASON in second.reason  # held by the direction rule
