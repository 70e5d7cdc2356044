"""Session 25: fewer titles asked on a board of distinct titles, the same predictions.

* The title holds are asked only of the rows whose direction push they could move across a
  rule's threshold (``LinearRoleModel._holds_may_move``, :func:`models.rules.direction_read_alike`).
* The research re-read asks a title only when the row's second reading could be kept at all
  (``LinearRoleModel._rereads_may_keep``: its calibrated probability without the set-aside
  columns, worked out from the row, and no rule raising a row above
  :func:`models.rules.most_raised_to`).

Each is held to the plain path (every row asked) on boards large enough for both to cut."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

import models.rules as rules
from analyzer.modeling import prediction_lines
from models._second_reading import REREAD_BOUND_ROWS
from models.calibration import (
    calibrated,
)
from models.classifier import LinearRoleModel
from models.interface import ItemDoc

#: Title stems (our own words): research and direction work, holds' words (a test strategy, a
#: screen's view, prices, a plan), and delivery work, in a few languages.
STEMS = [
    "Pilot interview with two farmers",
    "Survey of churned customers",
    "Add a survey field to the request form",
    "Competitor benchmark of pricing pages",
    "Vendor evaluation for payment providers",
    "Stakeholder interviews for the onboarding flow",
    "Market research for hospital groups",
    "Update the survey export script",
    "Entrevistas con usuarios del piloto",
    "Encuesta de satisfacción",
    "Define the automated test strategy for the release",
    "Pricing strategy for enterprise customers",
    "Price list import: item prices wrong for SKUs",
    "Plan the server migration",
    "Plan the product vision and roadmap",
    "Add a roadmap view tab to the dashboard",
    "Product vision",
    "Go-to-market plan for hospital groups: pricing, sales motion",
    "Umzug des Servers planen",
    "Caching strategy for the product catalogue",
    "Fix the login button on mobile",
    "Roadmap for the reporting module",
    "Segmentation of the SMB market",
    "Customer needs analysis for invoicing",
    "As a user I want to fill the questionnaire online",
]
#: Delivery work, most of a board.
DELIVERY = [
    "Fix the login page on mobile",
    "Add pagination to the orders table",
    "Upgrade the payment SDK",
    "Crash when the profile photo is empty",
    "Rename the export button",
    "Add an index on the invoices table",
    "Set up alerts for failed payments",
    "Refactor the auth middleware",
    "Dark mode for the settings screen",
    "Write unit tests for the cart service",
    "Migrate the cron jobs to the scheduler",
    "Typo in the welcome email",
    "Corregir el error del carrito",
    "Ajouter un filtre par date",
    "Button alignment on the checkout page",
]
DESCRIPTIONS = [
    "",
    "Talk to five customers about onboarding and their needs.",
    "Strategy, market, roadmap and the vision for next year.",
    "Fix the null pointer in the export; add a unit test.",
    "Vision " * 12,
]
KINDS = [("Sub-task", -1), ("Task", 0), ("Story", 0), ("Bug", 0), (None, None)]
LISTS = ["Done", "In Progress", "Backlog", "Ideas", None]


def _board(size: int = 700) -> list[ItemDoc]:
    """``size`` docs with distinct titles (a stem and a number), every stem met with several
    types, lists and descriptions."""
    stems = [stem for pair in itertools.zip_longest(STEMS, DELIVERY * 3) for stem in pair if stem]
    combos = itertools.product(DESCRIPTIONS, KINDS, LISTS, stems)
    docs = []
    for n, (description, (kind, level), column, stem) in zip(range(size), combos, strict=False):
        docs.append(
            ItemDoc(
                f"{stem} {n}",
                description=description,
                type=kind,
                hierarchy_level=level,
                column=column,
                labels=("research",) if n % 7 == 0 else (),
            )
        )
    return docs


def _plain(patched) -> None:
    """Every row asked, as before session 25: the holds of every row ``read_by`` names, the
    research titles of every row that may be read again."""
    patched.setattr(LinearRoleModel, "_holds_may_move", lambda self, read_by, *a, **k: read_by)
    patched.setattr(LinearRoleModel, "_rereads_may_keep", lambda self, *args: None)


def _asks(patched) -> dict[str, list[str]]:
    asked: dict[str, list[str]] = {"holds": [], "reread": []}
    holds, research_rows = rules.TitleHold.holds, rules.research_rows

    def hold(self, title):
        asked["holds"].append(title)
        return holds(self, title)

    def rows(*args, **kwargs):
        found = research_rows(*args, **kwargs)
        asked["reread"].extend(found.tolist())
        return found

    patched.setattr(rules.TitleHold, "holds", hold)
    patched.setattr(rules, "research_rows", rows)
    return asked


@pytest.mark.parametrize("board", [True, False])
def test_fewer_asks_predict_what_every_ask_predicts(model, monkeypatch, board):
    docs = _board()
    assert len(docs) >= REREAD_BOUND_ROWS
    prior = model.estimate_prior(docs) if board else None
    titles = [d.title for d in docs]
    with monkeypatch.context() as patched:
        asked = _asks(patched)
        mine = model.predict(docs, prior=prior, unsure_below=0.6)
        lines = prediction_lines(titles, model.predict_columns(docs, prior), 0.6)
        few = {name: len(seen) for name, seen in asked.items()}
    with monkeypatch.context() as patched:
        _plain(patched)
        asked = _asks(patched)
        reference = model.predict(docs, prior=prior, unsure_below=0.6)
        assert lines == prediction_lines(titles, model.predict_columns(docs, prior), 0.6)
        every = {name: len(seen) for name, seen in asked.items()}
    assert mine == reference
    assert 0 < few["holds"] < every["holds"]  # the cut is real (and some rows still asked)
    if board:
        assert 0 < few["reread"] < every["reread"]
        reasons = [p.reason for p in mine]
        assert any(rules.RESEARCH_REASON in r for r in reasons)
        assert any("held as delivery work" in r for r in reasons)


def test_a_board_scan_classifies_as_every_ask_does(model, monkeypatch):
    from analyzer.pipeline import classify_items
    from connectors.interface import Item

    docs = _board(900)
    items = [
        Item(
            source="jira",
            id=str(n),
            title=d.title,
            description=d.description,
            type=d.type,
            hierarchy_level=d.hierarchy_level,
            column=d.column,
            labels=list(d.labels),
        )
        for n, d in enumerate(docs)
    ]
    mine = classify_items(items, model, batch_size=300)
    with monkeypatch.context() as patched:
        _plain(patched)
        assert classify_items(items, model, batch_size=300) == mine


def _readings(model, docs, prior):
    """The batch's matrix and, per row, the strategic probability of its second reading before
    the rules (the set-aside docs read in full)."""
    k = model.labels.index("strategic")
    matrix = model.transform(docs)
    from models._rules_applied import _board_weighted

    matrix = _board_weighted(matrix, prior)
    aside = _board_weighted(model.transform([rules.set_aside(d) for d in docs]), prior)
    again = calibrated(model.decision(aside), model._calibration_for(prior))[:, k]
    return matrix, again, k


@pytest.mark.parametrize("list_aside", [1, 0])
def test_the_bound_reads_the_second_reading_before_its_rules(model, monkeypatch, list_aside):
    monkeypatch.setattr(rules, "RESEARCH_TITLE_LIST_ASIDE", list_aside)
    docs = _board(400)
    prior = model.estimate_prior(docs)
    matrix, again, k = _readings(model, docs, prior)
    may = model._rereads_may_keep(matrix, prior, k)
    keep = rules.RESEARCH_TITLE_KEEP_ABOVE
    assert may is not None
    assert may[again >= keep].all()  # never a row whose reading is kept
    assert not may[again < keep - 1e-6].any()  # and only those within the margin
    assert 0 < may.sum() < len(docs)
    # near the line: the keep probability moved onto a row's own reading, 1e-7 under and over
    row = int(np.flatnonzero(again > 0.2)[0])
    for shift in (-1e-7, 0.0, 1e-7):
        monkeypatch.setattr(rules, "RESEARCH_TITLE_KEEP_ABOVE", float(again[row]) + shift)
        assert model._rereads_may_keep(matrix, prior, k)[row]


def test_no_bound_when_a_rule_may_raise_a_row_to_the_keep_line(model, monkeypatch):
    docs = _board(300)
    prior = model.estimate_prior(docs)
    matrix, _, k = _readings(model, docs, prior)
    assert rules.most_raised_to() < rules.RESEARCH_TITLE_KEEP_ABOVE
    monkeypatch.setattr(rules, "ONE_WORD_CAP", 0.25)  # the one-word clip raises to 0.75
    assert model._rereads_may_keep(matrix, prior, k) is None
    monkeypatch.undo()
    monkeypatch.setattr(rules, "NO_DIRECTION_STRATEGIC_CAP", 0.7)
    assert model._rereads_may_keep(matrix, prior, k) is None
    monkeypatch.undo()
    assert model._rereads_may_keep(matrix[:10], prior, k) is None  # a small batch: asked


def test_no_bound_for_a_subclass_that_rules_its_own_way(model):
    docs = _board(300)
    prior = model.estimate_prior(docs)
    matrix, _, k = _readings(model, docs, prior)

    class Raising(LinearRoleModel):
        def _ruled(self, *args, **kwargs):  # (a rule that may raise a row)
            return super()._ruled(*args, **kwargs)

    raising = Raising.__new__(Raising)
    raising.__dict__.update(model.__dict__)
    assert model._rereads_may_keep(matrix, prior, k) is not None
    assert raising._rereads_may_keep(matrix, prior, k) is None


def test_no_bound_when_a_set_aside_column_is_weighed(model):
    from models.calibration import (
        BoardPrior,
    )

    docs = _board(300)
    prior = model.estimate_prior(docs)
    matrix, _, k = _readings(model, docs, prior)
    weights = np.ones(matrix.shape[1]) if prior.weights is None else prior.weights.copy()
    weights[np.flatnonzero(model._aside_columns())[0]] = 0.5
    weighed = BoardPrior(dict(prior), weights)
    assert model._rereads_may_keep(matrix, weighed, k) is None


def _held_as_read(direction, listed, total, returned):
    """What the rules read of a direction push, per row: direction_held's weak test (as it is,
    and less ``listed``) and, with ``returned``, the title rules' description test."""
    floor = max(rules.MIN_DIRECTION_PUSH, 1e-12)
    said = []
    for shift in (0.0, listed):
        value = direction - shift
        said += [value <= floor, value < rules.MIN_DIRECTION_SHARE * total]
    if returned:
        said.append(direction - listed < rules.MIN_DESCRIPTION_DIRECTION)
    return np.array(said)


@pytest.mark.parametrize("returned", [True, False])
def test_alike_rows_are_read_alike_anywhere_in_their_reach(returned):
    rng = np.random.default_rng(25)
    n = 4000
    direction = rng.choice([-0.2, 0.0, 0.05, 0.1, 0.3, 0.31, 0.6], n) + rng.normal(0, 0.05, n)
    reach = np.abs(rng.normal(0, 0.1, n)) * (rng.random(n) < 0.8)
    listed = rng.choice([0.0, 0.0, 0.1, -0.05], n)
    total = rng.normal(0.5, 0.5, n)
    # at the thresholds themselves, one ulp over and under
    edge = np.array([rules.MIN_DIRECTION_PUSH, rules.MIN_DESCRIPTION_DIRECTION])
    direction[:6] = np.concatenate([edge, np.nextafter(edge, 1), np.nextafter(edge, -1)])
    reach[:6], listed[:6] = 0.0, 0.0
    direction[6] = np.nan
    low, high = direction - reach, direction + reach
    alike = rules.direction_read_alike(low, high, listed, total, returned)
    edges = [0, 1, 2, 3, 4, 5, 6] if returned else [0, 2, 4, 6]  # (the description's: returned)
    assert not alike[edges].any()
    assert alike.any() and not alike.all()
    for t in np.linspace(0.0, 1.0, 11):
        seen = _held_as_read(low + t * (high - low), listed, total, returned)
        base = _held_as_read(direction, listed, total, returned)
        assert (seen[:, alike] == base[:, alike]).all()
