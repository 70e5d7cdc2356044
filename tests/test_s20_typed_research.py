"""research/s20_typed.py and research/data/s20_typed_tickets.csv: the levers measured for
direction work filed as delivery items (models/HISTORY.md, "Session 20: direction work filed as
delivery items"; none shipped), on tickets, titles and boards of our own (tests never read the
real data)."""

from __future__ import annotations

import csv
import importlib
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

import models.classifier as classifier
import models.rules as rules
from analyzer.pipeline import board_prior_of
from connectors.interface import Board, Item
from models import train
from models.features import normalise_type
from models.interface import STRATEGIC, ItemDoc

ROOT = Path(__file__).resolve().parents[1]
TICKETS = ROOT / "research" / "data" / "s20_typed_tickets.csv"


@pytest.fixture
def typed():
    return importlib.import_module("research.s20_typed")


def test_the_tickets_are_delivery_typed_items_of_both_labels_in_five_languages():
    tickets = train.read_tickets(TICKETS)
    phrases = {p.id: p for p in train.read_phrases(train.PHRASES_CSV)}
    assert Counter(t.label for t in tickets) == {"strategic": 50, "tactical": 50}
    assert all(phrases[t.phrase_id].label == t.label for t in tickets)
    # every ticket is filed as delivery work: a story, task or sub-task in a status list
    assert {normalise_type(t.type) for t in tickets} == {"story", "task", "sub-task"}
    assert all(t.column for t in tickets)
    # nearly the same types for both labels (one strategic task is a sub-task's mate), and
    # every list holds both labels: a type or list alone says no more than before
    kinds = {
        label: Counter(normalise_type(t.type) for t in tickets if t.label == label)
        for label in ("strategic", "tactical")
    }
    assert all(abs(kinds["strategic"][k] - kinds["tactical"][k]) <= 1 for k in kinds["tactical"])
    columns = {label: {t.column for t in tickets if t.label == label} for label in kinds}
    assert columns["strategic"] == columns["tactical"]
    types = {t.type for t in tickets}
    assert {"Historia", "Récit", "Unteraufgabe", "Subtarefa", "Story", "Sub-task"} <= types


def test_no_title_is_in_the_shipped_training_data():
    with (ROOT / "models" / "data" / "tickets.csv").open(encoding="utf-8") as f:
        shipped = {row["title"].lower() for row in csv.DictReader(f)}
    assert not shipped & {t.title.lower() for t in train.read_tickets(TICKETS)}


def test_variants_are_undone_when_their_context_ends(typed):
    before = (rules.title_names_direction, classifier.LinearRoleModel.estimate_prior)
    with typed.variants(["trusted-title", "em-reread"]):
        assert rules.title_names_direction is rules.title_places_direction
        assert classifier.LinearRoleModel.estimate_prior is not before[1]
    assert (rules.title_names_direction, classifier.LinearRoleModel.estimate_prior) == before


def test_an_unknown_variant_is_one_line(typed):
    with pytest.raises(SystemExit, match="unknown variant 'nope'"), typed.variants(["nope"]):
        pass


def _rows(docs):
    proba = np.tile([0.1, 0.9], (len(docs), 1))
    return rules.research_rows(proba, 0, np.full(len(docs), 0.5), docs).tolist()


def test_trusted_title_widens_the_reread_to_every_trusted_direction_word(typed):
    docs = [
        ItemDoc("Pricing review for the partner tier", type="Story"),
        ItemDoc("Launch plan for Canada", type="Task", column="To Do"),
        ItemDoc("Pricing strategy for the enterprise tier", type="Story"),
        ItemDoc("Fix the login button", type="Story"),
        ItemDoc("Pricing review for the partner tier"),  # nothing to set aside
    ]
    assert _rows(docs) == [2]
    with typed.variants(["trusted-title"]):
        assert _rows(docs) == [0, 1, 2]
    assert _rows(docs) == [2]


def test_rereads_are_the_items_the_reread_would_take_by_title_and_metadata(typed):
    docs = [
        ItemDoc("Pricing strategy for the enterprise tier", type="Story"),
        ItemDoc("Pricing strategy for the enterprise tier"),
        ItemDoc("Competitor pricing teardown", column="Done"),
        ItemDoc("Fix the login button", type="Story"),
    ]
    assert typed.rereads(docs) == [0, 2]


def _board(direction_stories: int) -> Board:
    board = Board("b", "Product board", "jira")
    titles = [f"Fix the export button on report {n}" for n in range(40)]
    titles += ["Business case for the self-service tier"] * direction_stories
    for n, title in enumerate(titles):
        board.items.append(Item("jira", f"i{n}", title, key=f"P-{n}", type="Story", status="Done"))
    return board


def test_the_em_reread_moves_no_prior_without_such_titles(typed, model):
    items = _board(0).items
    shipped = board_prior_of(items, model)
    with typed.variants(["em-reread"]):
        assert board_prior_of(items, model)[STRATEGIC] == shipped[STRATEGIC]


def test_the_em_reread_never_reads_a_board_lower(typed, model):
    items = _board(6).items
    shipped = board_prior_of(items, model)
    with typed.variants(["em-reread"]):
        assert board_prior_of(items, model)[STRATEGIC] >= shipped[STRATEGIC]
