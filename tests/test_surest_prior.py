"""Session 13: which strategic items a report lists as its board's surest.

- On a board read at an implausible prior they must be surer: a board the model reads at more
  than ``SUREST_PRIOR_RATIO`` times the share of its items whose title, list or labels name
  direction work (a part-number board read at 45 % strategic with 3 % of such cards) lists only
  the strategic items still surer than ``SUREST_ABOVE`` with the board read at that share; the
  report says so in a note.
- An item surer than ``ONE_WORD_CAP`` whose title, list or labels name direction work may be
  listed even when its reason's terms do not.

Labels and counts are untouched.
"""

from __future__ import annotations

import math

import pytest

import models.rules as rules
from analyzer.balance import (
    SUREST_ABOVE,
    SUREST_PRIOR_RATIO,
    analyse,
    direction_share,
    shows_surest_direction,
    surest_strategic_floor,
)
from analyzer.pipeline import classify_items, scan_board
from connectors.interface import Board, Item
from models.interface import STRATEGIC, TACTICAL, Prediction
from models.rules import BOARD_PRIOR_FLOOR, ONE_WORD_CAP, places_direction
from tests.fakes.models import PredictOnlyModel

LABELS = (STRATEGIC, TACTICAL)


def _logit(p: float) -> float:
    return math.log(p / (1 - p))


def _board(rows: list[tuple[str, str | None]], parts: int) -> Board:
    """Cards with these (title, list), then ``parts`` part-number cards naming nothing."""
    board = Board("b", "Board", "trello")
    for n, (title, column) in enumerate(rows):
        board.items.append(Item("trello", f"i{n}", title, column=column))
    for n in range(parts):
        board.items.append(Item("trello", f"p{n}", f"65-40{n:02d} rework harness", column="Bench"))
    return board


def _predictions(board: Board, sure: dict[str, tuple[float, list[str]]]) -> list[Prediction]:
    return [
        Prediction(STRATEGIC, sure[i.id][0], "r", top_terms=sure[i.id][1])
        if i.id in sure
        else Prediction(TACTICAL, 0.9, "r", top_terms=["rework"])
        for i in board.items
    ]


# --- the floor ---------------------------------------------------------------------------------


def test_a_plausible_prior_keeps_the_usual_floor():
    assert surest_strategic_floor(0.45, 0.30) == SUREST_ABOVE  # Nebula-like: 1.5 times
    assert surest_strategic_floor(SUREST_PRIOR_RATIO * 0.05, 0.05) == SUREST_ABOVE  # at the ratio
    assert surest_strategic_floor(0.02, 0.0) == SUREST_ABOVE  # a low prior: nothing to shift


def test_an_implausible_prior_raises_the_floor_to_the_shifted_one():
    floor = surest_strategic_floor(0.45, 0.034)
    assert 0.97 < floor < 0.99
    # an item exactly at the floor reads SUREST_ABOVE with the board read at its direction share
    shifted = _logit(floor) - _logit(0.45) + _logit(0.034)
    assert shifted == pytest.approx(_logit(SUREST_ABOVE))


def test_a_board_with_no_direction_work_at_all_is_read_at_the_prior_floor():
    floor = surest_strategic_floor(0.40, 0.0)
    assert floor == pytest.approx(surest_strategic_floor(0.40, BOARD_PRIOR_FLOOR))
    assert SUREST_ABOVE < floor < 1.0


# --- the board's direction share ---------------------------------------------------------------


def test_the_direction_share_reads_titles_lists_and_labels():
    items = [
        Item("trello", "a", "Pricing page for the pilot"),  # title
        Item("trello", "b", "Card", column="Roadmap"),  # list
        Item("trello", "c", "Card", labels=["Strategy"]),  # label
        Item("trello", "d", "Define the test strategy"),  # an engineering strategy
        Item("trello", "e", "65-4001 add vendor item"),  # a vendor alone
        Item("trello", "f", "Fix login crash", column="Done"),
    ]
    assert [places_direction(i.title, i.column, i.labels) for i in items] == [
        True,
        True,
        True,
        False,
        False,
        False,
    ]
    assert direction_share(items) == pytest.approx(0.5)
    assert direction_share([]) == 0.0


def test_the_direction_share_reads_evenly_spaced_items_of_a_big_board(monkeypatch):
    monkeypatch.setattr(rules, "BOARD_PRIOR_SAMPLE", 10)  # (one constant: the prior's)
    # every 10th item names direction work: the sample of every 10th item sees all of them
    items = [Item("trello", str(n), "Roadmap" if n % 10 == 0 else "Fix") for n in range(100)]
    assert direction_share(items) == 1.0


# --- the report --------------------------------------------------------------------------------


def test_a_board_read_implausibly_high_lists_only_the_items_sure_at_its_direction_share():
    # 2 of 60 cards name direction work (3 %), the board read at 45 % strategic
    board = _board([("Send the plan with the order", None), ("Pricing for 2027", None)], 58)
    sure = {"i0": (0.8, ["plan"]), "i1": (0.995, ["pricing"])}
    predictions = _predictions(board, sure)
    report = analyse(board, predictions, threshold=0.6, labels=LABELS, board_prior=0.45)
    assert [i.id for i in report.top_strategic] == ["i1"]
    assert [i.label for i in report.items].count(STRATEGIC) == 2  # both still strategic
    assert [i.id for i in report.top_tactical][:1] == ["p0"]  # the tactical list: no change
    note = report.notes[-1]
    # the prior is said as the model's starting point, not a count of strategic items (it read
    # "The model reads this board at 45% strategic ...", beside "2 of 60 items are strategic")
    assert note.startswith("Some strategic items are left out of the list of surest strategic")
    assert "the model estimated that 45% of this board is strategic work" in note
    assert "not a count of strategic items" in note and "reads this board at" not in note
    assert note.endswith("the model would still be sure of had it started from 3%.")
    # the same board without the prior (or read plausibly): the usual list, no note
    for prior in (None, 0.2):
        usual = analyse(board, predictions, threshold=0.6, labels=LABELS, board_prior=prior)
        assert [i.id for i in usual.top_strategic] == ["i1", "i0"]
        assert not any("estimated that" in n for n in usual.notes)


def test_no_note_when_the_higher_floor_leaves_nothing_out():
    board = _board([("Pricing for 2027", None)], 59)
    predictions = _predictions(board, {"i0": (0.999, ["pricing"])})
    report = analyse(board, predictions, threshold=0.6, labels=LABELS, board_prior=0.45)
    assert [i.id for i in report.top_strategic] == ["i0"]
    assert not any("estimated that" in n for n in report.notes)


class _PriorModel(PredictOnlyModel):
    """A model that reads every board at ``share`` strategic, one sure card strategic."""

    labels = LABELS

    def __init__(self, share: float | None) -> None:
        self.share = share

    def estimate_prior(self, docs):
        if self.share is None:
            return None
        return {STRATEGIC: self.share, TACTICAL: 1 - self.share}

    def predict(self, docs, prior=None):
        return [
            Prediction(STRATEGIC, 0.8, "r", top_terms=["plan"])
            if d.title.startswith("Send")
            else Prediction(TACTICAL, 0.9, "r", top_terms=["rework"])
            for d in docs
        ]


def test_classify_items_tells_the_share_the_board_is_read_at():
    board = _board([("Send the plan with the order", None)], 9)
    heard: list[float | None] = []
    classify_items(board.items, _PriorModel(0.45), on_prior=heard.append)
    assert heard == [0.45]
    heard.clear()
    classify_items(board.items, _PriorModel(None), on_prior=heard.append)
    assert heard == [None]


class _CountingPriorModel(_PriorModel):
    """``_PriorModel`` counting how often the board's prior is estimated."""

    def __init__(self, share: float | None) -> None:
        super().__init__(share)
        self.estimates = 0

    def estimate_prior(self, docs):
        self.estimates += 1
        return super().estimate_prior(docs)


@pytest.mark.parametrize("share", [0.45, None])
def test_a_scan_tells_its_caller_the_share_it_read_the_board_at(share):
    """``scan_board(on_prior=...)`` hears the share the scan estimated (a benchmark judges the
    report's surest items by it) without a second estimate; the report is the same with or
    without the hook."""
    board = _board([("Send the plan with the order", None)], 39)
    model = _CountingPriorModel(share)
    heard: list[float | None] = []
    report = scan_board(board, model, on_prior=heard.append)
    assert heard == [share]
    assert model.estimates == 1
    plain = scan_board(_board([("Send the plan with the order", None)], 39), _PriorModel(share))
    assert [i.id for i in report.top_strategic] == [i.id for i in plain.top_strategic]
    assert report.notes == plain.notes


@pytest.mark.parametrize(("share", "listed"), [(0.45, []), (0.1, ["i0"]), (None, ["i0"])])
def test_a_scan_passes_the_boards_prior_to_the_surest_list(share, listed):
    board = _board([("Send the plan with the order", None)], 39)
    report = scan_board(board, _PriorModel(share))
    assert [i.id for i in report.top_strategic] == listed
    assert any("estimated that 45%" in n for n in report.notes) == (not listed)


# --- a title naming direction work, surer than one known word can make an item -----------------


def _titled(rows: list[tuple[str, float, list[str], str | None]]):
    board = Board("b", "Board", "trello")
    predictions = []
    for n, (title, confidence, terms, column) in enumerate(rows):
        board.items.append(Item("trello", f"i{n}", title, column=column))
        predictions.append(Prediction(STRATEGIC, confidence, "r", top_terms=terms))
    return analyse(board, predictions, threshold=0.6, top=10, labels=LABELS)


def test_a_sure_item_whose_title_names_direction_work_is_listed_whatever_its_terms():
    report = _titled(
        [
            ("Price quote sheet", 0.99, ["quote", "sheet", "price"], None),  # 'price quote'
            ("Problem statement for the farm app", 0.95, ["problem", "scope"], "To Do"),
            ("Price quote sheet v2", ONE_WORD_CAP, ["quote", "sheet"], None),  # not surer
            ("Container sizing", 0.99, ["software", "container"], "Criteria"),  # named nowhere
            ("Card", 0.9, ["widget"], "Roadmap"),  # its list names it
            ("Card", 0.9, ["widget", "label:Strategy"], None),  # its label names it
        ]
    )
    assert [i.id for i in report.top_strategic] == ["i0", "i1", "i4", "i5"]
    assert [shows_surest_direction(i) for i in report.items] == [
        True,
        True,
        False,
        False,
        True,
        True,
    ]


def test_an_engineering_strategy_in_the_title_is_still_no_direction_work():
    report = _titled([("Define the test strategy", 0.99, ["define", "write"], None)])
    assert report.top_strategic == []
