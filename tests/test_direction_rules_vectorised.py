"""The direction rules on whole arrays equal their readable per-item reference on every row
(rules.direction_capped / title_direction_capped vs the ``_per_item`` forms below, the code they
replaced)."""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any

import numpy as np
import pytest

from models.interface import ItemDoc
from models.rules import (
    MIN_DIRECTION_PUSH,
    MIN_TITLE_EVIDENCE,
    NO_DIRECTION_STRATEGIC_CAP,
    _as_labels,
    delivery_labelled,
    direction_capped,
    held_at_cap,
    mixed_list,
    names_direction,
    title_direction_capped,
    title_names_research,
)


def direction_capped_per_item(
    proba: np.ndarray,
    strategic: int,
    direction: np.ndarray,
    docs: Sequence[Any],
    listed: np.ndarray | None = None,
) -> np.ndarray:
    """The readable per-item form of :func:`direction_capped` (its reference: equal on every
    row, tests/test_direction_rules_vectorised.py).

    In a board scan, strategic needs direction work among its evidence: an item whose push
    toward strategic comes through no word or list feature of ``_DIRECTION`` (``direction`` is
    that push per row), and whose own list and labels (``docs[i].column``, ``.labels``: a list
    the model never saw) name none either, is delivery work: its strategic probability is held
    at ``NO_DIRECTION_STRATEGIC_CAP`` — a card sure by its domain's nouns ("software", an
    application's name) is tactical.

    A list named after a stage of delivery as well as after direction work ("Backlog / Ideas",
    see ``mixed_list``) is a pile of both: its name is no evidence, so an item there needs a
    direction word of its own; so does a card labelled as delivery work (``delivery_labelled``,
    session 18) whatever its list (``listed``: the part of ``direction`` that came through
    list/label features, per row, subtracted for such items)."""
    mixed: dict[Any, bool] = {}
    if listed is not None:
        direction = direction.copy()
        for i in np.flatnonzero(listed > 0.0).tolist():
            column = docs[i].column
            here = mixed.get(column)
            if here is None:
                here = mixed[column] = mixed_list(column)
            if here or delivery_labelled(tuple(docs[i].labels or ())):  # session 18
                direction[i] -= listed[i]
    bare = np.flatnonzero(
        (direction <= max(MIN_DIRECTION_PUSH, 1e-12))
        & (proba[:, strategic] > NO_DIRECTION_STRATEGIC_CAP)
    )
    if not len(bare):
        return proba
    seen: dict[tuple[Any, Any], bool] = {}  # a board has few distinct lists and label sets
    held = []
    for i in bare.tolist():
        key = (docs[i].column, tuple(docs[i].labels or ()))
        named = seen.get(key)
        if named is None:
            aside = mixed_list(key[0]) or delivery_labelled(key[1])
            column = None if listed is not None and aside else key[0]
            named = seen[key] = names_direction(_as_labels(key[1]), column)
        if not named and not title_names_research(docs[i].title):
            held.append(i)
    return held_at_cap(proba, held, strategic)


def title_direction_capped_per_item(
    proba: np.ndarray,
    strategic: int,
    rows: np.ndarray,
    title_evidence: np.ndarray,
    title_direction: np.ndarray,
    docs: Sequence[Any],
) -> np.ndarray:
    """The readable per-item form of :func:`title_direction_capped` (its reference). In a
    board scan, an item strategic by its description rather than its title (its title
    pushes less than ``MIN_TITLE_EVIDENCE``) whose title, list and labels name no direction
    work is delivery work: a delivery card's long description mentions markets and plans in
    passing. Held at ``NO_DIRECTION_STRATEGIC_CAP``. An item without a title is left alone (its
    description is all it says)."""
    held = []
    seen: dict[tuple[Any, Any], bool] = {}  # a board has few distinct lists and label sets
    for j, i in enumerate(np.asarray(rows).tolist()):
        if not docs[i].title:
            continue
        if title_evidence[j] < MIN_TITLE_EVIDENCE and title_direction[j] <= 0.0:
            key = (docs[i].column, tuple(docs[i].labels or ()))
            named = seen.get(key)
            if named is None:
                column = None if mixed_list(key[0]) or delivery_labelled(key[1]) else key[0]
                named = seen[key] = names_direction(_as_labels(key[1]), column)
            if not named and not title_names_research(docs[i].title):
                held.append(i)
    return held_at_cap(proba, held, strategic)


# Lists and labels in the five languages read: delivery stages, direction work, mixed piles
# ("Backlog / Ideas"), a person ("persona") and names that say nothing.
COLUMNS = [
    None,
    "",
    "To Do",
    "Doing",
    "Done",
    "Roadmap",
    "Hoja de ruta",
    "Feuille de route",
    "Marktforschung",
    "Pesquisa de mercado",
    "Backlog / Ideas",
    "Ideas (to do)",
    "Idées — à faire",
    "Ideen / In Arbeit",
    "Ideias - a fazer",
    "Personas",
    "Criteria",
    "Playbook",
    "Sprint 12",
    "Äpfel",
]
LABELS = [
    (),
    ("bug",),
    ("Research",),
    ("Estrategia", "bug"),
    ("Priorisation",),
    ("persona",),
    ("Kennzahlen", "Fehler"),
    ("Métricas",),
    ("frontend", "backend"),
]
TITLES = [
    "",
    "Fix login button",
    "Define the pricing strategy for 2026",
    "Definir la estrategia del producto",
    "Corriger le bug de connexion",
    "Étude de marché des concurrents",
    "Anmeldung reparieren",
    "Marktanalyse für Europa",
    "Corrigir o erro de login",
    "Pesquisa de mercado com clientes",
    "Test strategy for the API",
    "Write the interview guide for customers",
    "Matriz de partes interesadas",
    "Evaluate the shortlisted data suppliers",
    "Add the supplier field to the invoice",
    "Update the README",
    "Rename the settings page",
]
# The thresholds' edges and both sides of them.
EDGES = [
    0.0,
    1e-13,
    1e-12,
    2e-12,
    MIN_DIRECTION_PUSH - 1e-9,
    MIN_DIRECTION_PUSH,
    MIN_DIRECTION_PUSH + 1e-9,
    0.1,
    MIN_TITLE_EVIDENCE - 1e-9,
    MIN_TITLE_EVIDENCE,
    MIN_TITLE_EVIDENCE + 1e-9,
    -0.2,
    0.5,
]
P_EDGES = [0.1, NO_DIRECTION_STRATEGIC_CAP, NO_DIRECTION_STRATEGIC_CAP + 1e-9, 0.5, 0.71, 0.99]


def _board(seed: int, n: int) -> tuple[list[ItemDoc], np.ndarray]:
    rng = random.Random(seed)
    docs = [
        ItemDoc(
            rng.choice(TITLES),
            description=rng.choice(["", "Some words about the market and the plan."]),
            labels=rng.choice(LABELS),
            column=rng.choice(COLUMNS),
        )
        for _ in range(n)
    ]
    p = np.array([rng.choice(P_EDGES) if rng.random() < 0.5 else rng.random() for _ in range(n)])
    return docs, np.column_stack([p, 1.0 - p])


def _values(seed: int, n: int) -> np.ndarray:
    rng = random.Random(seed)
    return np.array([rng.choice(EDGES) if rng.random() < 0.6 else rng.random() for _ in range(n)])


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("with_listed", [False, True])
def test_direction_capped_equals_its_per_item_reference(seed, with_listed):
    docs, proba = _board(seed, 600)
    direction = _values(seed + 100, len(docs))
    listed = None
    if with_listed:  # part of the push through list/label features, sometimes all of it
        rng = np.random.default_rng(seed)
        listed = np.where(rng.random(len(docs)) < 0.5, direction, 0.0) * (
            rng.random(len(docs)) < 0.7
        )
    fast = direction_capped(proba, 0, direction, docs, listed)
    slow = direction_capped_per_item(proba, 0, direction, docs, listed)
    assert np.array_equal(fast, slow)
    held = fast[:, 0] == NO_DIRECTION_STRATEGIC_CAP
    assert 0 < int((held & (proba[:, 0] != NO_DIRECTION_STRATEGIC_CAP)).sum()) < len(docs)


@pytest.mark.parametrize("seed", range(6))
def test_title_direction_capped_equals_its_per_item_reference(seed):
    docs, proba = _board(seed, 600)
    rows = np.array(sorted(random.Random(seed).sample(range(len(docs)), 300)))
    evidence, named = _values(seed + 200, len(rows)), _values(seed + 300, len(rows))
    fast = title_direction_capped(proba, 1, rows, evidence, named, docs)
    slow = title_direction_capped_per_item(proba, 1, rows, evidence, named, docs)
    assert np.array_equal(fast, slow)
    assert not np.array_equal(fast, proba)  # some rows were held


def test_hand_made_rows_and_nothing_to_do():
    docs = [
        ItemDoc("Fix login", column="Backlog / Ideas", labels=()),  # mixed list: no evidence
        ItemDoc("Fix login", column="Ideas", labels=()),  # a direction list: kept
        ItemDoc("", column="To Do", labels=()),  # no title: left alone by the title rule
        ItemDoc("Arreglar", column="Hecho", labels=("Hoja de ruta",)),  # a direction label: kept
        ItemDoc("Reparieren", column="Erledigt", labels=()),  # held
    ]
    proba = np.array([[0.9, 0.1]] * len(docs))
    direction = np.array([0.4, 0.4, 0.0, 0.0, 0.0])
    listed = np.array([0.4, 0.4, 0.0, 0.0, 0.0])
    for args in ((direction, docs), (direction, docs, listed)):
        fast = direction_capped(proba, 0, *args)
        assert np.array_equal(fast, direction_capped_per_item(proba, 0, *args))
    assert (direction_capped(proba, 0, direction, docs, listed)[:, 0] < 0.5).tolist() == [
        True,
        False,
        True,
        False,
        True,
    ]
    rows = np.arange(len(docs))
    low = np.zeros(len(docs))
    fast = title_direction_capped(proba, 0, rows, low, low, docs)
    assert np.array_equal(fast, title_direction_capped_per_item(proba, 0, rows, low, low, docs))
    assert (fast[:, 0] < 0.5).tolist() == [True, False, False, False, True]
    # Nothing to hold: the same array back, as the reference does.
    high = np.ones(len(docs))
    assert title_direction_capped(proba, 0, rows, high, low, docs) is proba
    assert direction_capped(proba, 0, high, docs) is proba
    empty = np.array([], dtype=int)
    assert title_direction_capped(proba, 0, empty, empty * 0.0, empty * 0.0, docs) is proba
