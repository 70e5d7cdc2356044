"""Session 24: the title holds are asked only of the rows whose direction push a rule reads
(strategic above ``NO_DIRECTION_STRATEGIC_CAP`` in a scan, surer than
``NO_DIRECTION_CLASSIFY_CAP`` without a board): the same predictions as asking every row."""

from __future__ import annotations

import numpy as np
import pytest

import models.rules as rules
from analyzer.modeling import prediction_lines
from models.interface import ItemDoc

#: Titles a title hold reads (a test strategy, a screen's view, price data, a plan), in delivery
#: and direction work alike, with and without a description, type and list: our own words.
HELD_DOCS = [
    ItemDoc("Define the automated test strategy for the release", type="Task", column="Doing"),
    ItemDoc("Test strategy for the checkout migration", description="Cover the API and the UI."),
    ItemDoc("Pricing strategy for enterprise customers", description="Strategy, market, roadmap"),
    ItemDoc("Price list import: item prices wrong for SKUs", type="Bug"),
    ItemDoc("Compare item prices with the competitors' prices", column="Ideas"),
    ItemDoc("Plan the server migration", type="Sub-task"),
    ItemDoc("Plan the product vision and roadmap for 2026", description="Vision " * 30),
    ItemDoc("Add a roadmap view tab to the dashboard", column="Backlog"),
    ItemDoc("Product vision", description="Our vision, strategy and the roadmap " * 10),
    ItemDoc("Fix the login button"),
    ItemDoc("Go-to-market plan for hospital groups: pricing, sales motion"),
    ItemDoc("Umzug des Servers planen", column="Geplant"),
    ItemDoc("Define the test strategy"),  # sure strategic by its words, held without a board
    ItemDoc("Caching strategy for the product catalogue"),
    ItemDoc("Plan the release"),
]


def _asking_every_row(monkeypatch):
    """The holds asked of every row with a cleared word's push (before session 24)."""
    from models.classifier import LinearRoleModel

    shipped = LinearRoleModel._title_holds_taken

    def every_row(self, by_weight, direction, docs, read_by):
        return shipped(self, by_weight, direction, docs, np.ones(len(read_by), dtype=bool))

    monkeypatch.setattr(LinearRoleModel, "_title_holds_taken", every_row)


def _asks(monkeypatch) -> list[str]:
    asked: list[str] = []
    shipped = rules.TitleHold.holds

    def holds(self, title):
        asked.append(title)
        return shipped(self, title)

    monkeypatch.setattr(rules.TitleHold, "holds", holds)
    return asked


@pytest.mark.parametrize("board", [False, True])
def test_holds_asked_of_the_rows_that_read_them_predict_the_same(model, monkeypatch, board):
    docs = HELD_DOCS * 3
    prior = model.estimate_prior(docs) if board else None
    with monkeypatch.context() as patched:
        asked = _asks(patched)
        mine = model.predict(docs, prior=prior, unsure_below=0.6)
        lines = prediction_lines([d.title for d in docs], model.predict_columns(docs, prior), 0.6)
        few = len(asked)
    with monkeypatch.context() as patched:
        _asking_every_row(patched)
        asked = _asks(patched)
        reference = model.predict(docs, prior=prior, unsure_below=0.6)
        columns = model.predict_columns(docs, prior)
        assert lines == prediction_lines([d.title for d in docs], columns, 0.6)
        every = len(asked)
    assert mine == reference
    assert 0 < few < every  # the sure tactical (and, without a board, not sure) rows: not asked
    said = {p.reason for p in mine}
    assert any("held as delivery work" in r for r in said) or not board
