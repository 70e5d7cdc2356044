"""An item the direction rule held (``NO_DIRECTION_STRATEGIC_CAP``) says so in its reason: the
cap decided its label, not the terms listed after it. Other items' reasons do not; labels and
confidences are the rule's. Small boards of our own."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from analyzer.formats import get_format
from analyzer.modeling import prediction_line, prediction_lines
from analyzer.pipeline import scan_file
from models._reason_terms import NO_TERMS, TERMS_LEAD
from models.classifier import load_model
from models.interface import ItemDoc
from models.reasons import reason_text
from models.rules import HELD_REASON, NO_DIRECTION_STRATEGIC_CAP, TITLE_HELD_REASON

#: What every held reason says, with terms or without (without: no "terms: " before "no strong
#: terms"; see ``models._reason_terms.bare_head``).
HELD_SAYS = HELD_REASON.removesuffix(TERMS_LEAD)

WHEN = datetime(2026, 12, 5, tzinfo=UTC)
PRIOR = {"strategic": 0.1, "tactical": 0.9}
HELD_TITLES = ["Explore the product space for teams", "Improve the software for teams"]
OTHER_TITLES = ["Define the product vision and roadmap for next year", "Fix the login page crash"]
BOARD = """Summary,Issue key,Issue id,Issue Type,Status,Description
Define the product vision and roadmap for next year,PRJ-1,1,Epic,To Do,
Fix the login page crash on submit,PRJ-2,2,Bug,Done,
Update the export button label,PRJ-3,3,Task,Done,
Explore the product space for teams,PRJ-4,4,Story,To Do,
Improve the software for teams,PRJ-5,5,Task,To Do,
"""
HELD_KEYS = {"PRJ-4", "PRJ-5"}


def test_a_held_item_says_the_cap_decided_and_the_others_do_not():
    model = load_model()
    docs = [ItemDoc(title) for title in HELD_TITLES + OTHER_TITLES]
    scanned = model.predict(docs, PRIOR)
    alone = model.predict(docs)  # no board: the rule does not act
    phrases = {(p.text, p.provenance): p for p in model.phrases}
    for k, (prediction, unheld) in enumerate(zip(scanned, alone, strict=True)):
        held = k < len(HELD_TITLES)
        assert (HELD_SAYS in prediction.reason) is held, prediction.reason
        phrase = phrases.get((prediction.nearest_phrase, prediction.nearest_source))
        assert prediction.reason == reason_text(  # the batch's heads are the reference's text
            prediction.label, prediction.confidence, prediction.top_terms, phrase, held=held
        )
        assert HELD_SAYS not in unheld.reason
        if held:
            assert prediction.label == "tactical"
            assert prediction.confidence == pytest.approx(1.0 - NO_DIRECTION_STRATEGIC_CAP)
            assert prediction.reason.startswith("tactical 0.98: " + HELD_SAYS)
            assert unheld.label == "strategic"  # what the model alone said: the cap decided


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    path = tmp_path_factory.mktemp("held") / "board.csv"
    path.write_text(BOARD, encoding="utf-8")
    return scan_file(path, generated_at=WHEN)


def test_json_and_table_reports_name_the_rule_for_held_items_only(report):
    written = json.loads(get_format("json").render(report))
    items = {item["key"]: item for item in written["items"]}
    assert set(items) == {f"PRJ-{k}" for k in range(1, 6)}
    for key, item in items.items():
        assert (HELD_SAYS in item["reason"]) is (key in HELD_KEYS), item["reason"]
        assert item["reason"] == next(i.reason for i in report.items if i.key == key)
    table = " ".join(get_format("table").render(report).split())  # wrapped lines joined
    assert table.count("held as delivery work (it names no direction work") == len(HELD_KEYS)


#: Held items the model finds no term for (every word of theirs pushes toward strategic).
BARE_TITLES = ["Explore the product space for teams", "Product teams", "Expand customers"]


def test_a_held_item_without_terms_says_no_strong_terms_without_a_terms_lead():
    """Not "…; terms: no strong terms": "…; no strong terms" — in ``predict``, in the batch's
    JSON lines (``predict_columns``) and in ``reason_text``; a held item with terms keeps
    "terms: 'improve'"."""
    model = load_model()
    docs = [ItemDoc(title) for title in [*BARE_TITLES, "Improve the software for teams"]]
    predictions = model.predict(docs, PRIOR)
    for prediction in predictions[:-1]:
        assert prediction.top_terms == [], prediction  # the case at hand
        assert prediction.reason == f"tactical 0.98: {HELD_SAYS}{NO_TERMS}"
        assert "terms: " + NO_TERMS not in prediction.reason
    assert predictions[-1].reason.startswith(f"tactical 0.98: {HELD_REASON}'improve'")
    texts = [doc.title for doc in docs]
    lines = prediction_lines(texts, model.predict_columns(docs, PRIOR), 0.6)
    for text, prediction, line in zip(texts, predictions, lines, strict=True):
        assert line == prediction_line(text, prediction, 0.6)
    for held, why in ((True, HELD_REASON), (2, TITLE_HELD_REASON)):
        reason = reason_text("tactical", 0.98, [], None, held=held)
        assert reason.startswith("tactical 0.98: " + why.removesuffix(TERMS_LEAD) + NO_TERMS)
    assert reason_text("tactical", 0.55, [], None).startswith("tactical 0.55: " + NO_TERMS)
