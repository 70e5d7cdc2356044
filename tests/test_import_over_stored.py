"""What docs/live.md says of an export imported over one already stored (session 31's walk): the
Jira sample's CSV after its JSON keeps the JSON's change history, the About names the CSV, and
``import`` counts the new file's activities only."""

from __future__ import annotations

from pathlib import Path

from analyzer.local_store import import_file, open_store

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
LIVE_DOCS = Path(__file__).resolve().parent.parent / "docs" / "live.md"  # README until session 35


def test_a_csv_imported_after_the_json_adds_to_it(tmp_path):
    db = tmp_path / "s.sqlite"
    first = import_file(EXAMPLES / "jira_sample_export.json", db)
    second = import_file(EXAMPLES / "jira_sample_export.csv", db)
    assert second.activities < first.activities  # the new file's own count
    with open_store(db) as store:
        (info,) = store.sources()
        board = store.load_board(info.id)
    assert len(board.activities) == first.activities  # the JSON's history kept (the CSV's in it)
    assert board.origin is not None and board.origin.endswith("jira_sample_export.csv")
    assert board.items and len(board.items) == second.items
    said = " ".join(LIVE_DOCS.read_text(encoding="utf-8").split())
    assert "keeps the JSON's change history" in said and "About naming the CSV" in said
    assert f"Imported {second.items} items ({second.activities} activities)" in said
    assert f"the report reads {first.activities:,}" in said
