"""What session 36's first helpers noticed and left (tests/test_left36.py's session, their notes'
"noticed and left"): an older store's upgrade told as it starts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from analyzer.cli import app
from connectors.interface import Item
from connectors.store import SCHEMA_VERSION
from connectors.store.codec import _iso, _to_json
from tests.fakes.old_store import old_schema

FIXTURES = Path(__file__).parent / "fixtures"
BOARD = FIXTURES / "trello_board_basic.json"

pytestmark = pytest.mark.usefixtures("keyword_model")


def run(*args):
    return CliRunner().invoke(app, [str(a) for a in args])


# -- an older store's upgrade ---------------------------------------------------------------------


def _schema_8_store(path: Path) -> None:
    """A schema-8 store of one Trello board of three cards, as schema 8 wrote it."""
    raw = old_schema(path, 8)
    raw.execute(
        "INSERT INTO sources (id, kind, key, name, created_at) VALUES (1, 'trello', 'b', 'B', 'x')"
    )
    raw.execute("INSERT INTO sync_state (source_id) VALUES (1)")
    cards = [Item("trello", f"c{n}", f"Write the user stories of feature {n}") for n in range(3)]
    raw.executemany(
        "INSERT INTO items (source_id, item_id, key, updated, fetched_at, data) "
        "VALUES (1, ?, ?, ?, 'x', ?)",
        [(card.id, card.key, _iso(card.updated), _to_json(card)) for card in cards],
    )
    raw.commit()
    raw.close()


def _upgrading(path: Path) -> str:
    return (
        f"backlog-analyzer: note: upgrading the local store {path} to schema {SCHEMA_VERSION} "
        "(once; large stores take a minute) …"
    )


def test_an_older_stores_upgrade_is_told_once_as_it_starts(cli_home: Path) -> None:
    # A large store's upgrade (schema 9's index reads every activity: ~30 s at 10M) ran with
    # nothing shown; the line goes to stderr, never into a JSON report on stdout.
    path = cli_home / "old.sqlite"
    _schema_8_store(path)
    first = run("report", "--db", path, "--format", "json", "-o", "-")
    assert first.exit_code == 0, first.output
    assert first.stderr.splitlines().count(_upgrading(path)) == 1
    assert "upgrading" not in first.stdout and json.loads(first.stdout)["summary"]
    again = run("report", "--db", path, "--format", "json", "-o", "-")
    assert again.exit_code == 0 and "upgrading" not in again.stderr
    older = cli_home / "older.sqlite"
    _schema_8_store(older)
    imported = run("import", BOARD, "--db", older)
    assert imported.exit_code == 0 and imported.stderr.splitlines() == [_upgrading(older)]


def test_a_new_or_current_store_is_told_nothing_of_an_upgrade(cli_home: Path) -> None:
    path = cli_home / "new.sqlite"
    new = run("import", BOARD, "--db", path)
    report = run("report", "--db", path, "--format", "json", "-o", "-")
    assert new.exit_code == report.exit_code == 0
    assert "upgrading" not in new.stderr + report.stderr
