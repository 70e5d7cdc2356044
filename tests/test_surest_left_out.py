"""Session 15: the corrections note counts the corrected items the surest lists would show,
judged together (``analyzer.balance.surest_left_out``): two corrected items may each be ahead of
a list's last item while only one of them would be shown."""

from __future__ import annotations

import pytest

from analyzer.balance import analyse, surest_left_out
from analyzer.corrections import corrected
from connectors.interface import Board, Item
from models.interface import STRATEGIC, TACTICAL, Prediction

LABELS = (STRATEGIC, TACTICAL)


def _left_out(model: dict[str, tuple[str, float, list[str]]], fixed: list[str], top: int) -> int:
    """A board whose items the model read as ``model`` (id -> label, confidence, terms); the
    ``fixed`` ids are corrected (to tactical: the team's label does not matter here)."""
    board = Board("b", "Board", "trello")
    for key in model:
        board.items.append(Item("trello", key, f"Roadmap {key}", column="Doing"))
    said = [Prediction(label, p, "r", top_terms=terms) for label, p, terms in model.values()]
    predictions = list(said)
    positions = [list(model).index(key) for key in fixed]
    for at in positions:
        predictions[at] = corrected(TACTICAL, LABELS, "fixes.csv")
    report = analyse(board, predictions, top=top, labels=LABELS, corrected=positions)
    return surest_left_out(report, board, {at: said[at] for at in positions}, top)


def _tactical(p: float) -> tuple[str, float, list[str]]:
    return (TACTICAL, p, ["login"])


def _strategic(p: float) -> tuple[str, float, list[str]]:
    return (STRATEGIC, p, ["roadmap"])


@pytest.mark.parametrize(
    ("model", "fixed", "top", "left_out"),
    [
        # a list of one with room for two: both corrected items are ahead of nothing, but only
        # one of them would fill the free place (judged alone, each was counted)
        ({"t0": _tactical(0.95), "c1": _tactical(0.9), "c2": _tactical(0.85)}, ["c1", "c2"], 2, 1),
        # a full list: both corrected items are ahead of its last item, yet only the surer one
        # would be shown before the list's first item
        (
            {
                "t0": _tactical(0.99),
                "t1": _tactical(0.8),
                "c1": _tactical(0.95),
                "c2": _tactical(0.9),
            },
            ["c1", "c2"],
            2,
            1,
        ),
        # both ahead of the whole list: both would be shown
        (
            {
                "t0": _tactical(0.8),
                "t1": _tactical(0.75),
                "c1": _tactical(0.95),
                "c2": _tactical(0.9),
            },
            ["c1", "c2"],
            2,
            2,
        ),
        # room for both
        ({"t0": _tactical(0.95), "c1": _tactical(0.9), "c2": _tactical(0.85)}, ["c1", "c2"], 3, 2),
        # one alone, ahead of a full list's last item
        ({"t0": _tactical(0.99), "t1": _tactical(0.8), "c1": _tactical(0.9)}, ["c1"], 2, 1),
        # under the list's floor (SUREST_ABOVE): never shown
        ({"t0": _tactical(0.95), "c1": _tactical(0.65)}, ["c1"], 2, 0),
        # strategic and tactical lists are judged each on its own
        (
            {
                "s0": _strategic(0.99),
                "c1": _strategic(0.95),
                "c2": _strategic(0.9),
                "t0": _tactical(0.99),
                "c3": _tactical(0.9),
            },
            ["c1", "c2", "c3"],
            2,
            2,
        ),
    ],
)
def test_corrected_items_are_counted_together_against_each_list(model, fixed, top, left_out):
    assert _left_out(model, fixed, top) == left_out


def test_no_lists_no_items_left_out():
    model = {"t0": _tactical(0.95), "c1": _tactical(0.9)}
    assert _left_out(model, ["c1"], 0) == 0
