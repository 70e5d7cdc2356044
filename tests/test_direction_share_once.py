"""Session 18 (issue 16): a scan reads its board's direction share once. The prior's estimate reads
it on its sample (``BoardPrior.direction``, for its floor: ``models.rules.direction_prior_floor``)
and hands it to the report's surest lists (``analyzer.balance.analyse``/``surest_left_out``'s
``direction``), which read the same share on the same items when called alone."""

from __future__ import annotations

import pytest

import analyzer.balance as balance
import models.rules as rules
from analyzer.balance import analyse, direction_share, surest_left_out
from analyzer.corrections import corrected
from analyzer.pipeline import classify_items, scan_board
from connectors.interface import Board, Item
from models.interface import STRATEGIC, TACTICAL, ItemDoc, Prediction
from tests.fakes.models import PredictOnlyModel

LABELS = (STRATEGIC, TACTICAL)


def _board(size: int = 40) -> Board:
    """Delivery cards; every eighth in a Roadmap list, every twelfth labelled Strategy."""
    board = Board("b", "Board", "trello")
    for n in range(size):
        board.items.append(
            Item(
                "trello",
                f"c{n}",
                f"Fix the crash number {n} in the exporter",
                column="Roadmap" if n % 8 == 0 else "Done",
                labels=["Strategy"] if n % 12 == 5 else [],
            )
        )
    return board


def test_the_rules_share_is_the_reports_share_on_items_and_docs():
    items = _board().items
    alone = direction_share(items)
    assert 0.0 < alone < 1.0
    assert rules.direction_share(rules.prior_sample(items)) == alone
    docs = [ItemDoc.from_item(i) for i in items]
    assert rules.direction_share(rules.prior_sample(docs)) == alone
    assert rules.direction_share([]) == 0.0


def test_the_floor_with_the_share_handed_is_the_floor_read_alone(monkeypatch):
    monkeypatch.setattr(rules, "BOARD_PRIOR_DIRECTION_MIN_ITEMS", 40)
    sample = rules.prior_sample(_board().items)
    alone = rules.direction_prior_floor(sample, 40)
    assert alone > 0.0
    assert rules.direction_prior_floor(sample, 40, rules.direction_share(sample)) == alone
    # the share handed is the one used (and a board too small still has no floor)
    assert rules.direction_prior_floor(sample, 40, 0.5) == rules.BOARD_PRIOR_DIRECTION_RATIO * 0.5
    assert rules.direction_prior_floor(sample, 39, 0.5) == 0.0


@pytest.mark.parametrize("sample_size", [rules.BOARD_PRIOR_SAMPLE, 8])
def test_the_prior_reads_the_share_the_report_reads(model, monkeypatch, sample_size):
    # (at 8, a 40-item board is read on every fifth item, in the prior and the report alike)
    monkeypatch.setattr(rules, "BOARD_PRIOR_SAMPLE", sample_size)
    items = _board().items
    prior = model.estimate_prior(items)
    assert prior.direction == direction_share(items)
    assert model.estimate_prior([ItemDoc.from_item(i) for i in items]).direction == (
        prior.direction
    )


def test_classify_items_hands_on_the_share_when_the_prior_read_it(model):
    items = _board().items
    heard: list[float] = []
    classify_items(items, model, on_direction=heard.append)
    assert heard == [direction_share(items)]


class _PlainPriorModel(PredictOnlyModel):
    """A model whose prior is a plain mapping (no direction share read)."""

    labels = LABELS

    def estimate_prior(self, docs):
        return {STRATEGIC: 0.45, TACTICAL: 0.55}

    def predict(self, docs, prior=None):
        return [Prediction(TACTICAL, 0.9, "r", top_terms=["fix"]) for _ in docs]


def test_without_a_share_from_the_prior_nothing_is_handed_and_the_report_reads_it(monkeypatch):
    board = _board()
    heard: list[float] = []
    classify_items(board.items, _PlainPriorModel(), on_direction=heard.append)
    assert heard == []
    read: list[int] = []
    alone = balance.direction_share

    def counted(items):
        read.append(len(items))
        return alone(items)

    monkeypatch.setattr(balance, "direction_share", counted)
    scan_board(board, _PlainPriorModel())
    assert read == [len(board.items)]


def test_a_scan_reads_the_share_once_and_reports_as_when_read_alone(model, monkeypatch):
    board = _board()
    heard: list[float | None] = []
    predictions = classify_items(board.items, model, on_prior=heard.append)
    alone = analyse(_board(), predictions, labels=LABELS, board_prior=heard[0], generated_at=None)

    def never(items):
        raise AssertionError("the scan read the direction share a second time")

    monkeypatch.setattr(balance, "direction_share", never)
    report = scan_board(board, model)
    assert [i.id for i in report.top_strategic] == [i.id for i in alone.top_strategic]
    assert [i.id for i in report.top_tactical] == [i.id for i in alone.top_tactical]
    assert report.notes[: len(alone.notes)] == alone.notes


def _survey_board() -> tuple[Board, list[Prediction], Prediction]:
    """A corrected sure roadmap card and one other on a board of 62, the board read at 45 % (at
    its direction share, 3 %, its surest strategic items must be surer than 0.97)."""
    board = Board("b", "IT support", "jira")
    board.items.append(Item("jira", "s", "Roadmap for the orders", column="Done"))
    board.items.append(Item("jira", "r", "Roadmap review", column="Done"))
    for n in range(60):
        board.items.append(Item("jira", f"d{n}", f"Reset the VPN token {n}", column="Done"))
    said = Prediction(STRATEGIC, 0.9, "strategic 0.90: 'roadmap'", top_terms=["roadmap"])
    predictions = [corrected(TACTICAL, LABELS, "fixes.csv")]
    predictions += [Prediction(TACTICAL, 0.9, "r", top_terms=["reset"]) for _ in board.items[1:]]
    return board, predictions, said


def test_the_surest_lists_read_the_share_handed_as_the_share_read_alone():
    board, predictions, said = _survey_board()
    share = direction_share(board.items)
    alone = analyse(board, predictions, labels=LABELS, board_prior=0.45, corrected=[0])
    handed = analyse(
        board, predictions, labels=LABELS, board_prior=0.45, corrected=[0], direction=share
    )
    assert handed.notes == alone.notes
    assert surest_left_out(alone, board, {0: said}, 10, 0.45, direction=share) == (
        surest_left_out(alone, board, {0: said}, 10, 0.45)
    )
    assert surest_left_out(alone, board, {0: said}, 10, 0.45) == 0  # 0.9 is not sure at 3 %
    # the share handed is the one the lists read: at 10 % the board is read plausibly
    assert surest_left_out(alone, board, {0: said}, 10, 0.45, direction=0.1) == 1
