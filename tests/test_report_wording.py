"""Sentences a product leader reads in the report: they say what is true of the board (no
"None above the confidence threshold" when items of that label are above it), in the right number
("1 item is", not "1 items are")."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from analyzer.formats import get_format
from analyzer.pipeline import scan_file
from models.interface import ItemDoc, Prediction, RoleModel

BOARD = Path(__file__).parent / "fixtures" / "trello_board_basic.json"


class _Fixed(RoleModel):
    """Every item tactical at 0.99 except the first ``strategic`` ones, strategic at 0.65: above
    the confidence threshold (0.6), below the surest lists' 0.7."""

    labels = ("strategic", "tactical")

    def __init__(self, strategic: int) -> None:
        self.strategic = strategic

    def predict(self, docs: Sequence[ItemDoc]) -> list[Prediction]:
        out = []
        for n in range(len(docs)):
            label, conf = ("strategic", 0.65) if n < self.strategic else ("tactical", 0.99)
            other = "tactical" if label == "strategic" else "strategic"
            out.append(Prediction(label, conf, f"{label} test", {label: conf, other: 1 - conf}))
        return out

    def save(self, path: Path) -> None:  # pragma: no cover - not used
        raise NotImplementedError

    @classmethod
    def load(cls, path: Path) -> RoleModel:  # pragma: no cover - not used
        raise NotImplementedError


@pytest.mark.parametrize(
    ("strategic", "text"),
    [
        (0, "No item reads as strategic."),
        (1, "The one strategic item is not sure enough to list."),
        (2, "None of the 2 strategic items is sure enough to list."),
    ],
)
def test_an_empty_surest_list_says_why_in_every_format(strategic, text):
    report = scan_file(BOARD, model=_Fixed(strategic))
    assert report.summary.items.strategic == strategic and report.top_strategic == []
    for name in ("markdown", "html"):
        out = get_format(name).render(report)
        assert text in out and "None above the confidence threshold" not in out
    table = " ".join(get_format("table").render(report).split())
    assert f"Top strategic (pm) items: {text[:1].lower()}{text[1:]}" in table
