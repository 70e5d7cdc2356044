"""Research named in a title, in a board scan (models.rules.research_rows, set_aside; the
classifier's ``_research_read_again``): an item whose title names research work, whose words
lean strategic and that is not read strategic is read again without its issue type, level and
status list; the new reading is kept only when it is strategic above
``RESEARCH_TITLE_KEEP_ABOVE``."""

from __future__ import annotations

import json

import numpy as np
import pytest

import models.rules as rules
from analyzer.pipeline import classify_items
from connectors.interface import Item
from models.interface import ItemDoc


def _item(id_: str, title: str, **kw) -> Item:
    return Item(source="jira", id=id_, title=title, **kw)


def test_research_piece_columns_marks_words_and_bigrams_not_tokens():
    names = ["interviews", "customer interviews", "login", "column:market research", "matriz"]
    names += ["type:survey", "competitors", "interesados"]
    assert rules.research_piece_columns(names).tolist() == [1, 1, 0, 0, 0, 0, 1, 1]


def _docs() -> list[ItemDoc]:
    return [
        ItemDoc("Customer interviews", type="Sub-task", hierarchy_level=-1, column="Done"),
        ItemDoc("Fix the login page", type="Task", column="Done"),  # no research title
        ItemDoc("Survey results", type="Task"),  # read strategic already
        ItemDoc("Competitor profiles"),  # nothing to set aside
        ItemDoc("Interview guide", column="Done"),  # only a list to set aside
        ItemDoc("Questionnaire", type="Task"),  # its words do not lean strategic enough
        ItemDoc("Matriz de interesados", type="Tarea"),  # research word the model never saw
        ItemDoc("Market validation", type="Task"),  # strategic, but under the keep floor
    ]


def test_research_rows_needs_each_condition(monkeypatch):
    docs = _docs()
    strategic = np.array([0.1, 0.1, 0.8, 0.1, 0.1, 0.1, 0.1, 0.65])
    proba = np.column_stack([strategic, 1 - strategic])
    evidence = np.array([0.5, 0.5, 0.5, 0.5, 0.5, 0.1, 0.5, 0.5])
    assert rules.research_rows(proba, 0, evidence, docs).tolist() == [0, 4, 6, 7]
    pieces = np.array([True, True, True, True, True, True, False, True])
    # session 15: a research word the model never saw keeps no title from being read again
    assert rules.research_rows(proba, 0, evidence, docs, pieces).tolist() == [0, 4, 6, 7]
    monkeypatch.setattr(rules, "RESEARCH_TITLE_KNOWN_PIECE", 1)  # session 14's filter
    assert rules.research_rows(proba, 0, evidence, docs, pieces).tolist() == [0, 4, 7]
    monkeypatch.setattr(rules, "RESEARCH_TITLE_KEEP_ABOVE", 0.6)  # 0.65 is sure enough then
    assert rules.research_rows(proba, 0, evidence, docs, pieces).tolist() == [0, 4]
    monkeypatch.setattr(rules, "RESEARCH_TITLE_LIST_ASIDE", 0)  # a list alone: nothing aside
    assert rules.research_rows(proba, 0, evidence, docs, pieces).tolist() == [0]
    monkeypatch.setattr(rules, "RESEARCH_TITLE_REREAD", 0)
    assert rules.research_rows(proba, 0, evidence, docs).tolist() == []


def test_set_aside_drops_type_level_and_list_but_keeps_words_and_labels(monkeypatch):
    item = _item("1", "Interview guide", type="Sub-task", hierarchy_level=-1, column="Done")
    item.description, item.labels = "who to ask", ["research"]
    doc = rules.set_aside(item)
    assert (doc.type, doc.hierarchy_level, doc.column) == (None, None, None)
    assert (doc.title, doc.description, tuple(doc.labels)) == (
        "Interview guide",
        "who to ask",
        ("research",),
    )
    monkeypatch.setattr(rules, "RESEARCH_TITLE_LIST_ASIDE", 0)
    kept = rules.set_aside(ItemDoc.from_item(item))
    assert kept.column == "Done" and kept.type is None and kept.hierarchy_level is None


#: delivery titles of our own (tests/test_direction_titles.py reads them too)
DELIVERY = [
    "Fix the login page on mobile",
    "Add export to CSV",
    "Checkout button misaligned",
    "Upgrade the database driver",
    "Password reset email not sent",
    "Sort orders by date",
    "Add pagination to the user list",
    "Refactor the payment service",
]


def _research_board() -> list[Item]:
    items = [_item(f"d{i}", t, type="Story", column="Done") for i, t in enumerate(DELIVERY)]
    research = [
        ("Pilot interview with two farmers", "Sub-task"),
        ("Interviews with five shop owners", "Sub-task"),
        ("Survey of churned customers", "Sub-task"),
        ("Add a survey field to the request form", "Task"),
    ]
    for j, (title, kind) in enumerate(research):
        level = -1 if kind == "Sub-task" else 0
        items.append(_item(f"r{j}", title, type=kind, column="Done", hierarchy_level=level))
    return items


def test_research_subtasks_in_done_are_read_strategic_by_the_bundled_model(model, monkeypatch):
    items = _research_board()
    got = {it.title: p for it, p in zip(items, classify_items(items, model), strict=True)}
    for title in (
        "Pilot interview with two farmers",
        "Interviews with five shop owners",
        "Survey of churned customers",
    ):
        assert got[title].label == "strategic" and got[title].confidence >= 0.6
    # a delivery card that names a survey stays delivery work, and so do the stories
    assert got["Add a survey field to the request form"].label == "tactical"
    assert got["Fix the login page on mobile"].label == "tactical"
    kept = got["Pilot interview with two farmers"]
    assert kept.confidence > rules.RESEARCH_TITLE_KEEP_ABOVE
    assert "type=sub-task" not in kept.reason and "column=done" not in kept.reason
    monkeypatch.setattr(rules, "RESEARCH_TITLE_REREAD", 0)  # before session 14: the type decides
    before = classify_items(items, model)
    assert [p.label for p in before[8:11]] == ["tactical"] * 3
    # the other items read exactly as before
    same = [(p.label, p.confidence) for p in before]
    now = [(p.label, p.confidence) for p in classify_items(items, model)]
    assert same[:8] == now[:8] and same[11:] == now[11:]


def test_a_kept_reading_says_its_title_named_research_in_every_path(model, monkeypatch):
    """The reason of a card read again names why its type and list do not count; the batch
    forms (a report's text, JSON texts and UTF-8 pieces) give the reasons ``predict`` gives."""
    items = _research_board()
    docs = [ItemDoc.from_item(item) for item in items]
    prior = model.estimate_prior(docs)
    by_row = model.predict(docs, prior=prior)
    for p in by_row[8:11]:
        assert p.reason.startswith(f"strategic {p.confidence:.2f}: {rules.RESEARCH_REASON}")
        assert p.reason.count("terms: ") == 1
    assert not any(rules.RESEARCH_REASON in p.reason for p in by_row[:8] + by_row[11:])
    batch, rows = model.predict_columns(docs, prior=prior).batch, list(range(len(docs)))
    assert batch.reasons_and_term_lists(rows)[0] == [p.reason for p in by_row]
    layout = ("[", ", ", "]", "[]")
    texts = batch.json_reasons_and_term_lists(rows, layout)[0]
    assert texts == [json.dumps(p.reason) for p in by_row]
    heads, middles, endings, _ = batch.utf8_reason_pieces(rows, layout)
    pieces = [h + m + e for h, m, e in zip(heads, middles, endings, strict=True)]
    assert pieces == [text.encode() for text in texts]
    monkeypatch.setattr(rules, "RESEARCH_TITLE_REREAD", 0)  # nothing read again: nothing said
    assert not any(rules.RESEARCH_REASON in p.reason for p in model.predict(docs, prior=prior))


def test_without_a_board_nothing_is_read_again(model, monkeypatch):
    """``classify`` and ``evaluate`` (no board prior) read every item as before."""
    docs = [ItemDoc.from_item(item) for item in _research_board()]
    docs.append(ItemDoc("Customer interviews", type="Bug", column="Done"))
    on = [(p.label, p.confidence, p.reason) for p in model.predict(docs)]
    monkeypatch.setattr(rules, "RESEARCH_TITLE_REREAD", 0)
    assert [(p.label, p.confidence, p.reason) for p in model.predict(docs)] == on
    assert on[-1][0] == "tactical"  # the bug's type still decides without a board


def test_a_kept_reading_keeps_the_batch_one_piece(model):
    """The re-read rows are merged into their batch: predict_columns (a streamed classify) and
    predict give the same reading of a research card in a board scan."""
    items = _research_board()
    docs = [ItemDoc.from_item(item) for item in items]
    prior = model.estimate_prior(docs)
    by_row = model.predict(docs, prior=prior)
    columns = model.predict_columns(docs, prior=prior)
    assert by_row[8].label == "strategic"
    assert columns.batch.proba[8].tolist() == pytest.approx(
        [by_row[8].scores[label] for label in model.labels]
    )


def test_the_second_reading_is_not_read_again(model, monkeypatch):
    """A row is read again once: the second reading never starts a third, even when it keeps
    something to set aside (the list, with ``RESEARCH_TITLE_LIST_ASIDE`` off) and stays under
    the keep line — which recursed until Python's limit before."""
    monkeypatch.setattr(rules, "RESEARCH_TITLE_LIST_ASIDE", 0)
    monkeypatch.setattr(rules, "RESEARCH_TITLE_KEEP_ABOVE", 1.01)  # nothing is ever kept
    calls: list[int] = []
    second: list[int] = []
    batch, reading = type(model)._batch, type(model)._second_reading

    def counted(self, docs, *args, **kwargs):
        calls.append(len(docs))
        return batch(self, docs, *args, **kwargs)

    def read(self, docs, *args):
        second.append(len(docs))
        return reading(self, docs, *args)

    monkeypatch.setattr(type(model), "_batch", counted)
    monkeypatch.setattr(type(model), "_second_reading", read)
    items = _research_board()
    got = classify_items(items, model)
    assert len(got) == len(items)
    assert len(calls) == 1  # the board's batch; its research rows read again once, no more
    assert len(second) == 1 and second[0] >= 3


def test_a_research_title_in_words_the_model_never_saw_is_read_again(model, monkeypatch):
    """Session 15: 'charter' is no feature of the bundled model, so session 14's filter (a title
    must hold a *feature* with a research word piece) never read a project charter again; its
    other words carry the evidence. A charter for delivery work stays delivery work."""
    assert "charter" not in model.vocabulary
    items = _research_board()[:8]
    items.append(
        _item("c1", "Draft the project charter: goals and scope", type="Story", column="Done")
    )
    items.append(
        _item("c2", "Project charter for the billing service refactor", type="Story", column="Done")
    )
    got = classify_items(items, model)
    assert got[8].label == "strategic" and got[8].confidence >= rules.RESEARCH_TITLE_KEEP_ABOVE
    assert got[8].reason.startswith(f"strategic {got[8].confidence:.2f}: {rules.RESEARCH_REASON}")
    assert got[9].label == "tactical"
    assert [p.label for p in got[:8]] == ["tactical"] * 8
    monkeypatch.setattr(rules, "RESEARCH_TITLE_KNOWN_PIECE", 1)  # session 14: not read again
    before = classify_items(items, model)
    assert before[8].label == "tactical"
    assert [(p.label, p.confidence) for p in before[9:]] == [
        (p.label, p.confidence) for p in got[9:]
    ]
