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

import models._rules_applied as rules_applied
from models.classifier import DESCRIPTION_ONLY_CAP, HELD_REASON, TITLE_HELD_REASON
from models.interface import ItemDoc
from models.reasons import (
    _HELD_BY_TITLE,
    _HELD_BY_WORDS,
    _HELD_TIE,
    _READ_AGAIN,
    _head_codes,
    reason_text,
)
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
    # The reason names the title rule: the description named direction work, in passing.
    assert scanned.reason.startswith("tactical 0.98: " + TITLE_HELD_REASON)
    assert HELD_REASON not in scanned.reason
    phrases = {(p.text, p.provenance): p for p in model.phrases}
    phrase = phrases.get((scanned.nearest_phrase, scanned.nearest_source))
    assert scanned.reason == reason_text(
        scanned.label, scanned.confidence, scanned.top_terms, phrase, held=_HELD_BY_TITLE
    )
    in_roadmap = ItemDoc(TITLE, description=IN_PASSING, column="Roadmap")
    assert model.predict([in_roadmap], prior=OWN_PRIOR)[0].label == "strategic"


def test_a_description_naming_direction_work_in_substance_stays_strategic_below_the_surest(model):
    card = ItemDoc(TITLE, description=IN_SUBSTANCE)
    assert model.predict([card])[0].confidence > 0.9  # classify: unchanged
    scanned = model.predict([card], prior=OWN_PRIOR)[0]
    assert scanned.label == "strategic"
    assert scanned.scores["strategic"] == pytest.approx(DESCRIPTION_ONLY_CAP)
    assert HELD_REASON not in scanned.reason and TITLE_HELD_REASON not in scanned.reason
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
    capped = rules_applied.evidence_capped
    k = model.labels.index("strategic")

    def at_the_cap(*args, **kwargs):  # (whatever the rule's parameters)
        out = capped(*args, **kwargs)
        out[0, k], out[0, 1 - k] = NO_DIRECTION_STRATEGIC_CAP, 1.0 - NO_DIRECTION_STRATEGIC_CAP
        return out

    monkeypatch.setattr(rules_applied, "evidence_capped", at_the_cap)
    docs = [ItemDoc("Define the product roadmap and the pricing strategy"), ItemDoc("widget")]
    first, second = model.predict(docs, prior=OWN_PRIOR)
    assert first.scores["strategic"] == NO_DIRECTION_STRATEGIC_CAP
    assert HELD_REASON not in first.reason  # its words name direction work: nothing held it
    assert HELD_REASON in second.reason  # held by the direction rule


def test_the_head_codes_say_which_rule_held_a_row():
    best = np.array([1, 1, 1, 1, 1])
    p = np.array([0.02, 0.02, 0.02, 0.015, 0.015])  # strategic; the last two: a rounding tie
    proba = np.column_stack([p, 1.0 - p])
    held = np.array([0, _HELD_BY_WORDS, _HELD_BY_TITLE, _HELD_BY_WORDS, _HELD_BY_TITLE])
    codes = _head_codes(best, proba, held).tolist()
    plain = 101 + 98  # tactical 0.98
    assert codes == [plain, plain + 202, plain + 404, _HELD_TIE, _HELD_TIE - 1]
    again = np.full(2, _READ_AGAIN)  # read again, its title naming research: the fourth heads
    assert _head_codes(best[3:], proba[[0, 3]], again).tolist() == [plain + 606, _HELD_TIE - 2]
    assert _head_codes(best, proba, held > 0).tolist()[:2] == [plain, plain + 202]  # True: words


def test_held_rows_at_a_rounding_tie_name_their_rule_too(model, monkeypatch):
    """A held row whose confidence sits on a rounding tie is formatted on its own (the head
    table cannot say how it rounds): it names the rule that held it all the same."""
    import models.rules as rules

    monkeypatch.setattr(rules, "NO_DIRECTION_STRATEGIC_CAP", 0.015)  # tactical 0.985: a tie
    docs = [ItemDoc("Improve the software for teams"), ItemDoc(TITLE, description=IN_PASSING)]
    by_words, by_title = model.predict(docs, prior=OWN_PRIOR)
    assert by_words.scores["strategic"] == by_title.scores["strategic"] == 0.015
    phrases = {(p.text, p.provenance): p for p in model.phrases}
    for prediction, why in ((by_words, _HELD_BY_WORDS), (by_title, _HELD_BY_TITLE)):
        phrase = phrases.get((prediction.nearest_phrase, prediction.nearest_source))
        assert prediction.reason == reason_text(
            prediction.label, prediction.confidence, prediction.top_terms, phrase, held=why
        )
    assert HELD_REASON in by_words.reason and TITLE_HELD_REASON in by_title.reason
