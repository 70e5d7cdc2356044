"""The JSON writer reads a scan's columns as they are (issue 16, session 30): a chunk's
confidences and batch rows as numpy arrays (no list made and turned back into an array), the
assignee fields and owner lists once per person. The bytes are the lists' (and the golden
tests' and ``tests/test_item_columns.py``'s)."""

from __future__ import annotations

import numpy as np
import pytest

from analyzer.formats import _json_chunks
from connectors.interface import Item
from models.classifier import LinearRoleModel, load_model


@pytest.fixture(scope="module")
def model() -> LinearRoleModel:
    found = load_model()
    assert isinstance(found, LinearRoleModel)
    return found


def test_confidences_as_an_array_are_written_as_the_list():
    # a tie at the fourth decimal, -0.0, values outside [0, 1] and the table's ends
    values = [0.0, -0.0, 1.0, 0.5, 0.12345, 0.00005, 0.99995, 1 / 3, 2.5, -0.25, 0.87654321]
    literal = b',\n      "confidence": '
    want = [literal + repr(round(value, 4)).encode() for value in values]
    assert _json_chunks._rounded_utf8(values, literal) == want
    assert _json_chunks._rounded_utf8(np.array(values), literal) == want
    assert _json_chunks._rounded_utf8(np.array(values)) == [piece[len(literal) :] for piece in want]


def test_a_batchs_reason_pieces_of_an_array_of_rows_are_the_lists(model):
    titles = ["Fix the login page on mobile", "Market research on pricing", "Add export to CSV"]
    titles += ["Roadmap for next year", "Write acceptance criteria for checkout", "Misc"]
    items = [
        Item(source="jira", id=str(n), title=title, type="Story", column="Done")
        for n, title in enumerate(titles)
    ]
    batch, _ = model.predict_batch(items)  # a scan reads its board items as the docs
    layout = _json_chunks._TERMS_LAYOUT_AFTER
    for rows in ([0, 1, 2, 3, 4, 5], [5, 3, 1], [2]):
        want = batch.utf8_reason_pieces(rows, layout)
        assert batch.utf8_reason_pieces(np.array(rows, dtype=np.int64), layout) == want
