"""The report's "surest" items of a label are surer than ``SUREST_ABOVE`` (a guess is not sure)."""

from __future__ import annotations

from analyzer.balance import SUREST_ABOVE, _top, analyse
from connectors.interface import Board, Item
from models.interface import STRATEGIC, TACTICAL, Prediction
from models.rules import DESCRIPTION_ONLY_CAP

LABELS = (STRATEGIC, TACTICAL)


def _report(confidences: list[tuple[str, float]]):
    board = Board("b", "Board", "trello")
    predictions = []
    for n, (label, confidence) in enumerate(confidences):
        board.items.append(Item("trello", f"i{n}", f"card {n}"))
        predictions.append(Prediction(label, confidence, "r"))
    return analyse(board, predictions, threshold=0.6, top=10, labels=LABELS)


def test_items_at_or_below_the_floor_are_not_among_the_surest():
    report = _report(
        [
            (STRATEGIC, 0.95),
            (STRATEGIC, DESCRIPTION_ONLY_CAP),  # held by its description alone
            (STRATEGIC, 0.65),
            (STRATEGIC, 0.71),
            (TACTICAL, 0.99),
            (TACTICAL, 0.62),
        ]
    )
    assert [i.id for i in report.top_strategic] == ["i0", "i3"]
    assert [i.id for i in report.top_tactical] == ["i4"]
    # They still count as strategic/tactical items of the board: only the list is shorter.
    assert [i.label for i in report.items].count(STRATEGIC) == 4


def test_the_floor_is_the_description_only_cap():
    # A card strategic by its description alone is held at the cap so that it is never listed.
    assert SUREST_ABOVE == DESCRIPTION_ONLY_CAP


def test_top_without_a_floor_keeps_every_item_of_the_label():
    report = _report([(STRATEGIC, 0.65), (STRATEGIC, 0.9)])
    assert [i.id for i in _top(report.items, STRATEGIC, 5)] == ["i1", "i0"]
    assert [i.id for i in _top(report.items, STRATEGIC, 5, above=0.7)] == ["i1"]
