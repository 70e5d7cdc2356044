"""The per-item steps of a scan done in bulk give what their item-by-item references give.

Each bulk step keeps its reference beside it (``open_items_reference``,
``Context._last_touch_us_reference``, ``balance._item_result``); random boards with the awkward
cases (ids twice, naive and aware times, no times, odd statuses and columns, closed and resolved
items, batch predictions with deferred reasons and plain ones) must come out the same.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import replace
from datetime import datetime

import pytest

from analyzer import balance
from analyzer.balance import (
    _item_result,
    _item_results,
    _item_results_by_init,
    _owned,
    _owned_reference,
)
from analyzer.flags import Context, _fast, backlog_rot, no_backlog_owner, stale_items
from analyzer.flags.interface import MAX_ITEMS, day
from analyzer.flags.items import (
    has_owner,
    is_open,
    open_items_reference,
)
from analyzer.roles import Roles, Thresholds
from analyzer.timeline import from_us, label_activities, to_us
from connectors.interface import Item
from models.interface import TACTICAL
from tests.flag_references import no_backlog_owner_untouched
from tests.test_analysis_table import LABELS, by_id, random_board

SEEDS = range(12)
STATUSES = [
    None,
    "",
    "Open",
    "Cancelled",
    "Won't Do",
    "won t fix",
    "Done",
    "In Progress",
    "Rejected",
    "Duplicate",
    "obsolete",
    "Listo",
    "\ud800 odd",
    "ready",
]
CATEGORIES = [None, "", "done", "Done", "DONE", "todo", "in progress", "İ"]
COLUMNS = [
    None,
    "",
    "Ready for dev",
    "Up next",
    "Backlog",
    "Sprint backlog",
    "prêt",
    "Nächste",
    "already",
    "Selected",
    "\x1b[2J",
]


def _varied(seed: int) -> list[Item]:
    rnd = random.Random(seed)
    board, _ = random_board(seed)
    return [
        replace(
            item,
            status=rnd.choice(STATUSES),
            status_category=rnd.choice(CATEGORIES),
            column=rnd.choice(COLUMNS),
            closed=rnd.random() < 0.15,
        )
        for item in board.items
    ]


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("twice", [True, False])
def test_last_touch_in_bulk_is_the_item_loop_in_the_same_order(seed, twice):
    board, predictions = random_board(seed, twice)
    table = label_activities(board, by_id(board, predictions), 0.6)
    ctx = Context(board, table.item_label_map(), table, Roles(), datetime(2025, 1, 1))
    assert list(ctx._last_touch_us().items()) == list(ctx._last_touch_us_reference().items())
    assert (table.board_items == len(board.items)) is not twice  # each path is taken
    some = board.items[::3] + board.items[:2]
    assert ctx.touch(some).tolist() == _fast.last_touch(board, table, some).tolist()
    assert ctx.touch([]).tolist() == []


@pytest.mark.parametrize("seed", SEEDS)
def test_untouched_tactical_items_by_position_are_the_index_lookup(seed):
    board, predictions = random_board(seed, twice=False)  # every id once
    rnd = random.Random(seed)
    owners = [None, "", "p1", None, "p2"]
    board.items = [
        replace(item, assignee=owners[k % 5], members=[], closed=rnd.random() < 0.2)
        for k, item in enumerate(board.items)
    ]
    table = label_activities(board, by_id(board, predictions), 0.6)
    assert table.board_items == len(board.items)
    ctx = Context(board, None, table, Roles(), datetime(2025, 1, 1))
    open_tactical = [i for i in ctx.items_with(TACTICAL) if is_open(i)]
    mask = ctx.labelled_as(TACTICAL) & ctx.facts().open()
    for first_row in (0, 1, len(table) // 3, len(table) // 2, len(table) - 1, len(table)):
        got = ctx.facts().pick(no_backlog_owner._untouched(ctx, mask, first_row))
        want = no_backlog_owner_untouched(ctx, open_tactical, first_row)  # the id -> index dict
        assert [i.id for i in got] == [i.id for i in want]
    # no row after the last: every open unassigned tactical item, in board order
    assert got == [i for i in open_tactical if not has_owner(i)]


def _batch_predictions(items: list[Item]):
    """The bundled model's predictions (reasons and terms deferred to the batch)."""
    from models.classifier import load_model

    return load_model().predict(items)


@pytest.mark.parametrize("seed", range(4))
def test_item_results_in_bulk_are_the_per_item_results(seed):
    board, plain = random_board(seed)
    items = _varied(seed)
    rnd = random.Random(seed)
    names = {"p1": "Person One", "p3": ""}
    per_item = {item.id: rnd.randrange(4) for item in items if rnd.random() < 0.7}
    label_by_id = {item.id: rnd.choice(["strategic", "tactical", "uncertain"]) for item in items}
    batch = _batch_predictions(items)
    assert any(getattr(p, "deferred", lambda: None)() for p in batch)  # the deferred path is hit
    mixed = [rnd.choice([a, b]) for a, b in zip(plain, batch, strict=True)]
    for predictions in (plain, batch, mixed):
        labels = [label_by_id[item.id] for item in items]
        counts = [per_item.get(item.id, 0) for item in items]
        ref = [
            _item_result(item, p, label_by_id[item.id], names, per_item.get(item.id, 0))
            for item, p in zip(items, predictions, strict=True)
        ]
        # the loop storing a deferred item's slots itself (the fields it knows: ItemResult's), and
        # the one through __init__
        assert balance._INLINE
        given, given_by_init = list(predictions), list(predictions)  # (dropped as read)
        for bulk in (
            _item_results(items, predictions, labels, names, counts),
            _item_results_by_init(items, predictions, labels, names, counts),
            _item_results(items, given, labels, names, counts, drop=True),
            _item_results_by_init(items, given_by_init, labels, names, counts, drop=True),
        ):
            assert [type(r) for r in bulk] == [type(r) for r in ref]
            assert bulk == ref
            assert [(r.reason, r.terms) for r in bulk] == [(r.reason, r.terms) for r in ref]
            assert [repr(r) for r in bulk] == [repr(r) for r in ref]
            # a deferred item reads the same batch's row
            assert [(getattr(r, "_source", None), getattr(r, "_row", None)) for r in bulk] == [
                (getattr(r, "_source", None), getattr(r, "_row", None)) for r in ref
            ]
        assert given == given_by_init == [None] * len(items)  # a scan's list, emptied


@pytest.mark.parametrize("seed", SEEDS)
def test_assigned_and_reported_items_in_bulk_are_the_item_loop(seed):
    rnd = random.Random(seed)
    people = [None, "", "p0", "p1", "p2"]
    items = [
        replace(
            item,
            assignee=rnd.choice(people),
            reporter=rnd.choice(people),
            members=rnd.choice([[], [], ["p1"], ["p2", "p0"], [None, "p1", "p1"], ["", "p3"]]),
        )
        for item in _varied(seed)
    ]
    labels = [rnd.choice(["strategic", "tactical", "uncertain", "ux"]) for _ in items]
    assigned, reported = _owned(items, labels)
    ref_assigned, ref_reported = _owned_reference(items, labels)
    assert assigned == ref_assigned and reported == ref_reported
    assert _owned([], []) == (Counter(), Counter())


def test_ownership_reads_the_labelled_activities_instead_of_the_predictions():
    from analyzer.ownership import analyze

    board, predictions = random_board(3)
    table = label_activities(board, by_id(board, predictions), 0.6)
    with_table = analyze(board, None, 0.6, activities=table)
    with_predictions = analyze(board, by_id(board, predictions), 0.6)
    assert with_table.flags == with_predictions.flags
    assert with_table.people == with_predictions.people
    with pytest.raises(ValueError, match="predictions or the labelled activities"):
        analyze(board, None, 0.6)


def _rules_by_dict(ctx: Context) -> tuple[list[str], list[str], str | None]:
    """backlog-rot's and stale-items' evidence through the id -> last touch dict (the rules'
    code before the by-position array): the rotting ids, the stale ids, the oldest stale day."""
    th, touched = ctx.thresholds, ctx._last_touch_us_reference()
    dated = [i for i in open_items_reference(ctx.board) if i.id in touched]
    rot_cut, stale_cut = (to_us(ctx.cutoff(d)) for d in (th.rot_days, th.stale_item_days))
    rotting = sorted(
        (
            i
            for i in dated
            if not has_owner(i) and i.due is None and not i.sprint and touched[i.id] < rot_cut
        ),
        key=lambda i: touched[i.id],
    )
    stale = sorted((i for i in dated if touched[i.id] < stale_cut), key=lambda i: touched[i.id])
    oldest = day(from_us(touched[stale[0].id])) if stale else None
    return [i.id for i in rotting], [i.id for i in stale], oldest


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("twice", [True, False])
def test_touch_by_position_is_the_id_dict(seed, twice):
    board, predictions = random_board(seed, twice)
    table = label_activities(board, by_id(board, predictions), 0.6)
    assert (table.board_items == len(board.items)) is not twice  # each path is taken
    for days in (1, 120, 250, 400):
        th = Thresholds(min_items=1, rot_share=0.0, stale_items_share=0.0)
        th = replace(th, rot_days=days, stale_item_days=days)
        ctx = Context(board, None, table, Roles(thresholds=th), datetime(2024, 9, 1))
        ref = Context(board, table.item_label_map(), table, Roles(thresholds=th), ctx.as_of)
        got = ctx.backlog_touch_us().tolist()
        for label in (*LABELS, "nonsense"):
            mine, newest = ctx.by_recent_touch(label)
            theirs, ref_newest = ref.by_recent_touch(label)  # labels given: the dict path
            assert [i.id for i in mine] == [i.id for i in theirs] and newest == ref_newest
        assert ("last_touch_us" in ctx._cache) is twice  # no id -> touch dict when ids are once
        assert got == ctx._backlog_touch_us_reference().tolist()
        rotting, stale, oldest = _rules_by_dict(ctx)
        rot_flags, stale_flags = backlog_rot.check(ctx), stale_items.check(ctx)
        assert [f.evidence.items for f in rot_flags] == ([rotting[:MAX_ITEMS]] if rotting else [])
        assert [f.evidence.items for f in stale_flags] == ([stale[:MAX_ITEMS]] if stale else [])
        if stale:
            assert stale_flags[0].evidence.dates[0] == oldest
            assert f"({len(stale)} of " in stale_flags[0].message
        if rotting:
            assert f"({len(rotting)} of " in rot_flags[0].message
