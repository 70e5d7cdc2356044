"""The import line counts items and activities in good English (session 29: a one-issue file
was "Imported 1 items (0 activities; 4 unreadable records skipped)")."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analyzer.local_store import ImportResult


@pytest.mark.parametrize(
    ("items", "activities", "skipped", "said"),
    [
        (1, 0, 4, "Imported 1 item (0 activities; 4 records could not be read and were skipped)"),
        (1, 1, 0, "Imported 1 item (1 activity)"),
        (0, 0, 1, "Imported 0 items (0 activities; 1 record could not be read and was skipped)"),
        (1329, 2, 0, "Imported 1,329 items (2 activities)"),
    ],
)
def test_counts_are_singular_for_one(items: int, activities: int, skipped: int, said: str):
    result = ImportResult(items=items, activities=activities, skipped=skipped, store=Path("s.db"))
    assert result.summary("f.csv") == f"{said} from f.csv into s.db"


ID_ONLY = """Summary,Issue key,Issue id,Issue Type,Status,Created
Define pricing,DEMO-1,1001,Story,To Do,01/Jan/24 9:00 AM
Fix login,DEMO-2,1002,Bug,To Do,01/Jan/24 9:00 AM
,,5001,,,
,,5002,,,
,,5003,,,
"""


def test_import_says_what_the_scans_note_says_of_rows_that_are_no_issues(tmp_path, keyword_model):
    """Session 31: rows holding only an issue id are no issues — the scan's note said "3 records
    could not be read and were skipped", ``import`` "3 unreadable records skipped"."""
    from typer.testing import CliRunner

    from analyzer.cli import app

    export, db = tmp_path / "ids.csv", tmp_path / "s.sqlite"
    export.write_text(ID_ONLY, encoding="utf-8")
    scanned = CliRunner().invoke(app, ["scan", str(export), "--format", "json"])
    assert scanned.exit_code == 0, scanned.output
    note = "3 records could not be read and were skipped."
    assert note in json.loads(scanned.stdout)["notes"]
    imported = CliRunner().invoke(app, ["import", str(export), "--db", str(db)])
    assert imported.exit_code == 0, imported.output
    assert f"(2 activities; {note[:-1]}) from " in imported.stdout
    assert "unreadable" not in imported.stdout
