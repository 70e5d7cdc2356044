"""A store filled before session 31 holds the lines on repeated issues among its unreadable
records (``sources.skipped``'s records, no ``repeats``): its report counts them as repeats, as
a store written today does, without importing the export again and without a schema change.

Session 31 found such a store's report of a tool's daily snapshots (95 issues on 13,219 rows)
saying "95 records could not be read" until the export was imported again."""

from __future__ import annotations

import json
import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from analyzer.cli import app
from connectors.interface import Item, Repeats
from connectors.store import Store
from connectors.store.codec import _iso, _to_json
from tests.fakes.old_store import old_schema

pytestmark = pytest.mark.usefixtures("keyword_model")

T0 = datetime(2024, 1, 1, 9, tzinfo=UTC)

SNAPSHOTS = """Summary,Issue key,Issue id,Issue Type,Status,Created,Updated,Reporter
Define pricing,DEMO-1,1001,Story,To Do,01/Jan/24 9:00 AM,01/Jan/24 9:00 AM,Rita Reporter
Define pricing,DEMO-1,1001,Story,Done,01/Jan/24 9:00 AM,03/Jan/24 9:00 AM,Rita Reporter
Fix login,DEMO-2,1002,Bug,To Do,01/Jan/24 9:00 AM,01/Jan/24 9:00 AM,Rita Reporter
Define pricing,DEMO-1,1001,Story,Done,01/Jan/24 9:00 AM,03/Jan/24 9:00 AM,Rita Reporter
Fix login,,,Bug,To Do,01/Jan/24 9:00 AM,,
"""

UNREADABLE = "row 6: no issue key or id (summary 'Fix login')"


def _run(*args: object) -> str:
    result = CliRunner().invoke(app, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result.stdout  # (stderr: an older store's upgrade is told there)


def _report(db: Path) -> dict:
    data = json.loads(_run("report", "--db", db, "--format", "json"))
    data.pop("generated_at", None)
    return data


def test_a_store_of_session_31s_first_lines_reports_as_one_written_today(cli_home: Path):
    """Session 31's Jira CSV said an issue on several rows in one line with a count (as today)
    but kept it among the records: the report from such a store equals today's."""
    export = cli_home / "snapshots.csv"
    export.write_text(SNAPSHOTS, encoding="utf-8")
    today, older = cli_home / "today.sqlite", cli_home / "older.sqlite"
    _run("import", export, "--db", today)
    shutil.copy(today, older)
    raw = sqlite3.connect(older)
    (stored,) = raw.execute("SELECT skipped FROM sources").fetchone()
    said = json.loads(stored)
    assert said["records"] == [UNREADABLE] and said["repeats"]["unit"] == "row"
    repeats = said.pop("repeats")  # as that version wrote it: the repeat line among the records
    said["records"] += repeats["lines"]
    raw.execute("UPDATE sources SET skipped = ?", (json.dumps(said),))
    raw.commit()
    raw.close()
    before, after = _report(today), _report(older)
    assert after["skipped"] == before["skipped"] and after["notes"] == before["notes"]
    assert after == before
    assert after["skipped"]["count"] == 1 and after["skipped"]["repeats"]["copies"] == 2
    assert any(note.startswith("2 rows repeat an issue already read") for note in after["notes"])


#: What a Jira JSON reader before session 31 wrote: one line per copy, numbered as the copy
#: ("appears twice" for every copy at first, "appears again" later), among the records.
PER_COPY = [
    "issue #4: OPS-1 appears twice; kept the first",
    "issue #5: no key or id: not an issue",
    "issue #7: OPS-1 appears twice; kept the first",
    "issue #9: OPS-2 appears again; kept the first",
]


def _old_store(path: Path, skipped: list[str], origin: str, version: int = 4) -> None:
    """A store as schema version ``version`` left it, ``sources.skipped`` the one list of lines
    that version wrote (tests/fakes/old_store.py)."""
    raw = old_schema(path, version)
    raw.execute(
        "INSERT INTO sources (id, kind, key, name, origin, created_at, skipped) "
        "VALUES (1, 'jira', 'OPS', 'Ops', ?, 'x', ?)",
        (origin, json.dumps(skipped)),
    )
    raw.execute("INSERT INTO sync_state (source_id) VALUES (1)")
    items = [
        Item(source="jira", id=str(n), key=f"OPS-{n}", title="Fix login", updated=T0)
        for n in (1, 2)
    ]
    raw.executemany(
        "INSERT INTO items (source_id, item_id, key, updated, fetched_at, data) "
        "VALUES (1, ?, ?, ?, 'x', ?)",
        [(it.id, it.key, _iso(it.updated), _to_json(it)) for it in items],
    )
    raw.commit()
    raw.close()


def test_an_older_stores_lines_per_copy_are_one_line_per_issue(tmp_path: Path):
    path = tmp_path / "old.sqlite"
    _old_store(path, PER_COPY, "/exports/search.json")
    with Store(path) as store:
        board = store.load_board(1)
    assert board.skipped == [PER_COPY[1]]
    assert board.repeats == Repeats(
        [
            "issues #4, #7: OPS-1 appears again; kept the first",
            "issue #9: OPS-2 appears again; kept the first",
        ],
        copies=3,
        unit="copy",
        first_kept=True,
    )


def test_a_report_of_an_older_store_says_repeats_not_unreadable_records(cli_home: Path):
    path = cli_home / "old.sqlite"
    _old_store(path, PER_COPY, "/exports/search.json")
    data = _report(path)
    assert data["summary"]["skipped"] == 1 and data["skipped"]["records"] == [PER_COPY[1]]
    assert data["skipped"]["repeats"]["issues"] == 2
    assert "1 record could not be read and was skipped." in data["notes"]
    assert (
        "3 copies repeat 2 issues already read and were left out (each counted once, as first "
        "read)." in data["notes"]
    )


def test_many_copies_of_one_issue_name_a_few(tmp_path: Path):
    lines = [f"issue #{n}: OPS-1 appears again; kept the first" for n in range(3, 143)]
    path = tmp_path / "old.sqlite"
    _old_store(path, lines, "-")
    with Store(path) as store:
        board = store.load_board(1)
    assert board.skipped == []
    assert board.repeats.lines == [
        "issues #3, #4, #5, #6, #7 and 135 more: OPS-1 appears again; kept the first"
    ]
    assert (board.repeats.copies, board.repeats.unit) == (140, "record")


def test_records_that_only_look_alike_stay_records(tmp_path: Path):
    """Only the readers' exact words are repeats; and a store written today (``repeats`` kept
    apart, even empty of them) is read as it says."""
    odd = [
        "issue #3: OPS-1 appears twice in the sprint field",
        "row 4: 'appears again; kept the first' is the summary",
    ]
    path = tmp_path / "old.sqlite"
    _old_store(path, odd, "a.csv")
    with Store(path) as store:
        board = store.load_board(1)
        assert board.skipped == odd and not board.repeats
        store._db.execute(
            "UPDATE sources SET skipped = ?",
            (json.dumps({"records": odd, "repeats": {"lines": ["x"], "copies": 1}}),),
        )
        board = store.load_board(1)
    assert board.skipped == odd and board.repeats.lines == ["x"]
