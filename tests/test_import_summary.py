"""The import line counts items and activities in good English (session 29: a one-issue file
was "Imported 1 items (0 activities; 4 unreadable records skipped)")."""

from __future__ import annotations

from pathlib import Path

import pytest

from analyzer.local_store import ImportResult


@pytest.mark.parametrize(
    ("items", "activities", "skipped", "said"),
    [
        (1, 0, 4, "Imported 1 item (0 activities; 4 unreadable records skipped)"),
        (1, 1, 0, "Imported 1 item (1 activity)"),
        (0, 0, 1, "Imported 0 items (0 activities; 1 unreadable record skipped)"),
        (1329, 2, 0, "Imported 1,329 items (2 activities)"),
    ],
)
def test_counts_are_singular_for_one(items: int, activities: int, skipped: int, said: str):
    result = ImportResult(items=items, activities=activities, skipped=skipped, store=Path("s.db"))
    assert result.summary("f.csv") == f"{said} from f.csv into s.db"
