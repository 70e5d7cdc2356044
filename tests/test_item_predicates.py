"""The field tests the per-item questions, the report's balance and the findings' bulk facts
share (one definition each)."""

import pytest

from analyzer.flags.items import dropped_status, ready_column
from connectors.interface import done_category


@pytest.mark.parametrize(
    ("category", "done"),
    [
        ("done", True),
        ("Done", True),
        ("DONE", True),
        ("in progress", False),
        ("", False),
        (None, False),
    ],
)
def test_done_category(category, done):
    assert done_category(category) is done


@pytest.mark.parametrize(
    ("status", "dropped"),
    [
        ("Cancelled", True),
        ("Won't do", True),
        ("Rechazado", True),
        ("Done", False),
        ("", False),
        (None, False),
    ],
)
def test_dropped_status(status, dropped):
    assert dropped_status(status) is dropped


@pytest.mark.parametrize(
    ("column", "ready"),
    [
        ("Ready for dev", True),
        ("Up next", True),
        ("Prêt", True),
        ("Doing", False),
        ("", False),
        (None, False),
    ],
)
def test_ready_column(column, ready):
    assert ready_column(column) is ready
