"""Reasons a person reads (issue 12, point 5; session 14): metadata terms in words and in the
item's own names, the nearest phrase quoted only when the item reads like it, and a reason that
says when the model has learned none of the item's words."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from analyzer.cli import app
from analyzer.formats import get_format
from analyzer.pipeline import scan_file
from models._batch import _Batch, _NameWords
from models._batch_reasons import BatchColumns
from models._reason_terms import (
    COLUMN,
    LABEL,
    PLAIN,
    TYPE,
    bare_head,
    describe_feature,
    item_term,
)
from models.features import name_words
from models.interface import ItemDoc
from models.reasons import NO_PHRASE_ENDING, NO_WORDS_ENDING, reason_text
from models.rules import THIN_REASON
from models.source_phrases import (
    SEED_TITLES,
)

RAW = ("type=", "column=", "label=", "level=", "form=", "type:", "column:", "label:")


@pytest.mark.parametrize(
    ("feature", "text"),
    [
        ("type:sub-task", "issue type Sub-task"),
        ("type:new-feature", "issue type New Feature"),
        ("type:change-request", "issue type Change request"),
        ("column:done", "list/column word 'done'"),
        ("label:ux", "label 'ux'"),
        ("level:1", "hierarchy level 1 (epic)"),
        ("level:-1", "hierarchy level -1 (sub-task)"),
        ("level:3", "hierarchy level 3 (above epic)"),
        ("form:story", "written as a user story"),
        ("roadmap", "'roadmap'"),
        ("product roadmap", "'product roadmap'"),
    ],
)
def test_a_feature_reads_as_words_without_the_item(feature, text):
    assert describe_feature(feature) == text


def test_the_item_names_its_type_list_and_label_as_it_writes_them():
    doc = ItemDoc("x", type="Subtarea", column="Product Ideas", labels=["q3", "UX Research"])
    words = name_words
    assert item_term("type:sub-task", TYPE, doc, words) == "issue type Subtarea"
    assert item_term("column:idea", COLUMN, doc, lambda n: name_words(n, True)) == (
        "in list/column 'Product Ideas'"
    )
    assert item_term("label:research", LABEL, doc, words) == "label 'UX Research'"
    # Not the item's: the words of the feature say it (the caller's fallback).
    assert item_term("column:roadmap", COLUMN, doc, words) is None
    assert item_term("label:ops", LABEL, doc, words) is None
    assert item_term("type:bug", TYPE, ItemDoc("x"), words) is None
    assert item_term("roadmap", PLAIN, doc, words) is None
    long = ItemDoc("x", column="Ideas " + "and more " * 20)
    said = item_term("column:idea", COLUMN, long, lambda n: name_words(n, True))
    assert said.startswith("in list/column 'Ideas and more") and said.endswith("…'")
    assert len(said) < 90


def test_bundled_reasons_show_the_items_names_and_keep_the_raw_terms(model):
    docs = [
        ItemDoc("Prescription helper for families", column="Ideas"),
        ItemDoc("Fix login crash", type="Subtarea"),
        ItemDoc("Define the product vision", column="Hoja de ruta"),
        ItemDoc("Market research on competitors", column="Discovery | Q3 ideas"),
        ItemDoc("As a user I want to export invoices"),
    ]
    ideas, subtask, vision, market, story = model.predict(docs)
    assert ideas.top_terms == ["column:idea"]  # the report's terms stay the features
    assert "in list/column 'Ideas'" in ideas.reason
    assert "type:sub-task" in subtask.top_terms and "issue type Subtarea" in subtask.reason
    assert "in list/column 'Hoja de ruta'" in vision.reason
    # Two words of one list: the list is named once.
    assert {"column:discovery", "column:idea"} <= set(market.top_terms)
    assert market.reason.count("Discovery | Q3 ideas") == 1
    assert "written as a user story" in story.reason
    for p in (ideas, subtask, vision, market, story):
        assert not any(raw in p.reason for raw in RAW), p.reason


def _batch(docs, chosen):
    names = ["label:ux", "column:idea", "roadmap", "type:bug"]
    kinds = np.array([LABEL, COLUMN, PLAIN, TYPE], dtype=np.int8)
    n = len(docs)
    return _Batch(
        labels=("strategic", "tactical"),
        names=names,
        proba=np.tile([0.25, 0.75], (n, 1)),
        chosen=np.array(chosen),
        best=np.ones(n, dtype=np.int32),
        nearest=np.full(n, -1, dtype=np.int32),
        codes=np.full(n, 101 + 75, dtype=np.int32),
        shown=[describe_feature(name) for name in names],
        heads=[
            f"{label} {h / 100:.2f}: " for label in ("strategic", "tactical") for h in range(101)
        ],
        phrase_parts=[(None, None, NO_PHRASE_ENDING)],
        docs=docs,
        kinds=kinds,
        name_words=_NameWords(True),
    )


def test_every_batch_form_says_the_items_names_as_one_row_does():
    docs = [
        ItemDoc("a", column="Ideas", labels=["UX"], type="BUG"),
        ItemDoc("b", column="Idea board"),
        ItemDoc("c", labels=["ux", "UX team"]),  # two labels hold the word: the first names it
        ItemDoc("d"),  # none of its own: the features' words
        ItemDoc("e", column="Ideas"),
    ]
    chosen = [[0, 1, 3], [1, 2, -1], [0, -1, -1], [1, 0, 2], [1, 1, 2]]  # last: one text twice
    batch = _batch(docs, chosen)
    expected = [
        "tactical 0.75: label 'UX', in list/column 'Ideas', issue type BUG",
        "tactical 0.75: in list/column 'Idea board', 'roadmap'",
        "tactical 0.75: label 'ux'",
        "tactical 0.75: list/column word 'idea', label 'ux', 'roadmap'",
        "tactical 0.75: in list/column 'Ideas', 'roadmap'",
    ]
    expected = [text + NO_PHRASE_ENDING for text in expected]
    assert [batch.reason(row) for row in range(5)] == expected
    reasons, terms = batch.reasons_and_term_lists(range(5))
    assert reasons == expected and terms[0] == ["label:ux", "column:idea", "type:bug"]
    layout = ("[", ", ", "]", "[]")
    written, listed = batch.json_reasons_and_term_lists(range(5), layout)
    assert [json.loads(text) for text in written] == expected
    assert json.loads(listed[1]) == ["column:idea", "roadmap"]
    assert pickle.loads(pickle.dumps(batch)).reason(0) == expected[0]


def test_classify_lines_say_the_items_names_as_its_prediction_does(model):
    docs = [ItemDoc("Fix login crash", type="Subtarea")] * 3 + [
        ItemDoc("Define the product vision", column="Hoja de ruta"),
        ItemDoc("Market research on competitors", column="Discovery | Q3 ideas"),
    ]
    columns = model.predict_columns(docs)
    heads, said, endings = columns.reason_parts()
    fallback = set(columns.fallback_rows())
    assert 4 in fallback  # one list named by two terms: said by its prediction
    for row, prediction in enumerate(model.predict(docs)):
        if row not in fallback:
            assert json.loads(heads[row] + said[row] + endings[row]) == prediction.reason
    assert isinstance(columns, BatchColumns) and "issue type Subtarea" in said[0]


def test_reason_text_names_the_items_own_names_when_given_it():
    doc = ItemDoc("x", column="Ideas", type="Épopée")
    text = reason_text(
        "strategic", 0.9, ["column:idea", "type:epic"], None, doc=doc, singular_names=True
    )
    assert text == ("strategic 0.90: in list/column 'Ideas', issue type Épopée" + NO_PHRASE_ENDING)
    assert reason_text("strategic", 0.9, ["column:idea"], None) == (
        "strategic 0.90: list/column word 'idea'" + NO_PHRASE_ENDING
    )


# --- the nearest phrase -------------------------------------------------------------------------


def test_a_phrase_is_quoted_only_when_the_item_reads_like_it(model):
    alike, by_list, one_word = model.predict(
        [
            ItemDoc("Run competitor analysis for the market"),
            # shares its list with training examples, no word with the phrase
            ItemDoc("Prescription helper for families", column="Ideas"),
            ItemDoc("Plan the office party"),  # one word ('plan') in common with a phrase
        ]
    )
    assert alike.nearest_phrase == "Run competitor analysis"
    assert "nearest phrase: 'Run competitor analysis'" in alike.reason
    for p in (by_list, one_word):
        assert p.nearest_phrase is None and p.nearest_source is None
        assert p.reason.endswith(NO_PHRASE_ENDING)


def test_the_seed_reference_names_the_article_and_section_not_the_file(model):
    (p,) = model.predict([ItemDoc("Run competitor analysis for the market")])
    assert p.nearest_source.startswith("002_")  # the provenance field keeps the file name
    assert f"(“{SEED_TITLES['002']}”, § " in p.reason
    assert ".txt" not in p.reason and "002_" not in p.reason


# --- words the model has not learned -----------------------------------------------------------


def test_a_dutch_sentence_the_model_has_no_words_of_says_so(model):
    unknown, known, typed = model.predict(
        [
            ItemDoc("Herstel de knop op de inlogpagina"),
            ItemDoc("Herstel de knop op de roadmap"),
            ItemDoc("Herstel de knop", type="Bug"),
        ]
    )
    assert unknown.top_terms == []
    # the model reads a text without a known word strategic (its intercept); the evidence rule
    # holds it back at 0.45 strategic, and the reason says so (session 18)
    assert unknown.reason == (
        f"tactical 0.55: {bare_head(THIN_REASON)}no strong terms{NO_WORDS_ENDING}"
    )
    assert NO_WORDS_ENDING not in known.reason and "'roadmap'" in known.reason
    assert typed.reason.startswith("tactical") and "issue type Bug" in typed.reason
    assert NO_WORDS_ENDING not in typed.reason


def test_classify_says_it_on_the_command_line():
    result = CliRunner().invoke(app, ["classify", "Herstel de knop op de inlogpagina"])
    assert result.exit_code == 0
    assert "the model has learned none of its words" in result.output


# --- every report format -----------------------------------------------------------------------

BOARD = {
    "id": "b1",
    "name": "Reasons board",
    "lists": [{"id": "l1", "name": "Ideas"}, {"id": "l2", "name": "Doing"}],
    "labels": [],
    "members": [],
    "actions": [],
    "cards": [
        {
            "id": f"c{i}",
            "idShort": i,
            "shortLink": f"s{i}",
            "name": name,
            "desc": "",
            "idList": lst,
            "closed": False,
            "dateLastActivity": f"2026-01-0{i + 1}T10:00:00.000Z",
            "idMembers": [],
            "idLabels": [],
        }
        for i, (name, lst) in enumerate(
            [
                ("Prescription helper for families", "l1"),
                ("Fix login crash on the settings page", "l2"),
                ("Run competitor analysis for the market", "l1"),
            ]
        )
    ],
}


@pytest.mark.parametrize("name", ["json", "markdown", "html", "table"])
def test_every_format_shows_readable_reasons(tmp_path: Path, name):
    path = tmp_path / "board.json"
    path.write_text(json.dumps(BOARD), encoding="utf-8")
    report = scan_file(str(path))
    text = get_format(name).render(report)
    assert "list/column" in text and "Ideas" in text
    assert "column=idea" not in text and "column:idea" not in text.replace('"column:idea"', "")
    if name == "json":
        items = json.loads(text)["items"]
        assert any("column:idea" in item["terms"] for item in items)  # machine-stable terms
        assert any("in list/column 'Ideas'" in item["reason"] for item in items)
