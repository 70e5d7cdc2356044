"""The findings read per-position facts (``analyzer/flags/_facts.py``: open, backlog, owned,
planned, story ... as one array each) and give what their item-by-item references give
(``tests/flag_references.py``: the checks before), on random boards with ids twice, missing
dates, explicit labels, odd statuses, categories, columns, types and owners."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import datetime, timedelta

import numpy as np
import pytest

from analyzer.flags import (
    Context,
    backlog_rot,
    no_backlog_owner,
    no_roadmap_owner,
    ready_without_ac,
    stale_items,
    unowned_items,
)
from analyzer.flags._facts import ItemFacts
from analyzer.flags.items import (
    has_acceptance_criteria,
    has_owner,
    in_ready_column,
    is_open,
    open_items_reference,
    story_type,
    with_acceptance_criteria,
)
from analyzer.roles import Roles, Thresholds
from analyzer.timeline import label_activities
from connectors.interface import Board, Item
from models.interface import STRATEGIC, TACTICAL
from tests import flag_references as ref
from tests.test_analysis_table import by_id, random_board
from tests.test_bulk_item_steps import CATEGORIES, COLUMNS, STATUSES

TYPES = [None, "", " ", "Story", "story ", "User Story", "user-story", "Bug", "Epic", "Task", "İ"]
TYPES += ["Historia", "Récit"]  # stories in Spanish and French
DESCRIPTIONS = ["", "plain words", "Acceptance criteria: it works", "Given a when b then c"]

#: Each changed finding and its reference.
CHECKS = [
    (backlog_rot.check, ref.backlog_rot_check),
    (stale_items.check, ref.stale_items_check),
    (unowned_items.check, ref.unowned_items_check),
    (ready_without_ac.check, ref.ready_without_ac_check),
    (no_backlog_owner.check, ref.no_backlog_owner_check),
    (no_roadmap_owner.check, ref.no_roadmap_owner_check),
]


def _varied_items(items: list[Item], rnd: random.Random) -> list[Item]:
    return [
        replace(
            item,
            source=rnd.choice(["jira", "jira", "trello"]),
            type=rnd.choice(TYPES),
            status=rnd.choice(STATUSES),
            status_category=rnd.choice(CATEGORIES),
            column=rnd.choice(COLUMNS),
            closed=rnd.random() < 0.15,
            assignee=rnd.choice([None, "", "p1", "p3"]),
            members=rnd.choice([[], [], ["p2"]]),
            due=rnd.choice([None, None, datetime(2024, 5, 1)]),
            sprint=rnd.choice([None, "", "S1"]),
            description=rnd.choice(DESCRIPTIONS),
            checklist_items=rnd.choice([[], [], ["done"]]),
        )
        for item in items
    ]


def _board(seed: int, twice: bool) -> tuple[Board, list]:
    board, predictions = random_board(seed, twice)
    board.items = _varied_items(board.items, random.Random(seed))
    return board, predictions


@pytest.mark.parametrize("seed", range(10))
def test_facts_are_the_per_item_answers(seed):
    rnd = random.Random(seed)
    board, _ = random_board(seed)
    items = _varied_items(board.items * 3, rnd)  # values again: each judged once, reused
    facts = ItemFacts(items)
    assert facts.open().tolist() == [is_open(i) for i in items]
    backlog = open_items_reference(Board("b", "b", "jira", items=items))
    assert facts.pick(np.flatnonzero(facts.backlog())) == backlog
    assert facts.owned().tolist() == [has_owner(i) for i in items]
    assert facts.planned().tolist() == [i.due is not None or bool(i.sprint) for i in items]
    assert facts.untyped().tolist() == [not (i.type or "").strip() for i in items]
    assert facts.in_ready_column().tolist() == [in_ready_column(i) for i in items]
    assert facts.ready_story().tolist() == [ref.ready_without_ac_is_story(i) for i in items]
    stories = [(i.type is None and i.source == "trello") or story_type(i.type) for i in items]
    assert facts.story().tolist() == stories
    assert facts.unowned().tolist() == [not has_owner(i) for i in items]
    assert not ItemFacts(items, owners_known=False).unowned().any()  # (no Assignee column)
    empty = ItemFacts([])
    assert empty.open().tolist() == [] and empty.pick(np.flatnonzero(empty.story())) == []


def test_a_boards_facts_know_whether_its_export_holds_owners():
    board, predictions = _board(3, False)
    table = label_activities(board, by_id(board, predictions), 0.6)
    assert Context(board, None, table, Roles(), datetime(2024, 9, 1)).facts().owners_known
    board.missing_columns = ["Assignee", "Comment"]  # a Jira CSV without an Assignee column
    facts = Context(board, None, table, Roles(), datetime(2024, 9, 1)).facts()
    assert not facts.owners_known and not facts.unowned().any() and not facts.owned().all()


THRESHOLDS = [
    Thresholds(),
    Thresholds(min_items=1, rot_share=0.0, stale_items_share=0.0, unowned_items_share=0.0),
    Thresholds(
        min_items=2,
        rot_days=30,
        stale_item_days=30,
        backlog_days=30,
        untouched_tactical_share=0.1,
        missing_ac_share=0.1,
        unowned_strategic_share=0.1,
        ready_missing_ac_share=0.1,
        ready_min_items=1,
    ),
]


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("twice", [True, False])
@pytest.mark.parametrize("explicit", [True, False])
def test_findings_are_their_item_by_item_references(seed, twice, explicit):
    board, predictions = _board(seed, twice)
    if seed % 4 == 3:  # a Jira CSV without an Assignee column: no assignees judged
        board.missing_columns = ["Assignee", "Comment"]
    table = label_activities(board, by_id(board, predictions), 0.6)
    assert (table.board_items == len(board.items)) is not twice  # each path is taken
    labels = table.item_label_map() if explicit else None
    raised = 0
    for th in THRESHOLDS:
        for as_of in (datetime(2024, 9, 1), datetime(2024, 9, 1) + timedelta(days=400)):
            ctx = Context(board, labels, table, Roles(thresholds=th), as_of)
            mine = Context(board, labels, table, Roles(thresholds=th), as_of)
            for check, reference in CHECKS:
                got = check(mine)
                assert got == reference(ctx), check.__module__
                raised += len(got)
    assert raised  # the boards raise flags: the comparisons are not all empty


def test_labelled_as_is_items_with():
    for seed in range(6):
        for twice in (True, False):
            board, predictions = _board(seed, twice)
            table = label_activities(board, by_id(board, predictions), 0.6)
            for labels in (None, table.item_label_map()):
                ctx = Context(board, labels, table, Roles(), datetime(2024, 9, 1))
                for label in (STRATEGIC, TACTICAL, "designer", "nonsense"):
                    mask = ctx.labelled_as(label)
                    assert ctx.facts().pick(np.flatnonzero(mask)) == ctx.items_with(label)


def test_acceptance_criteria_in_bulk_are_the_per_item_answers():
    from tests.test_forget_descriptions import PIECES

    rng = random.Random(7)
    items = []
    for k in range(3000):
        title = " ".join(rng.choice(PIECES) for _ in range(rng.randrange(3)))
        description = rng.choice([" ", "\n", ""]).join(
            rng.choice(PIECES) for _ in range(rng.randrange(5))
        )
        boxes = ["box"] if rng.random() < 0.1 else []
        items.append(Item("jira", str(k), title, description=description, checklist_items=boxes))
    items.append(Item("jira", "lone", "a \ud800 surrogate: Given x when y then z"))  # not UTF-8
    got = with_acceptance_criteria(items)
    assert got == [has_acceptance_criteria(i) for i in items]
    assert any(got) and not all(got) and with_acceptance_criteria([]) == []
