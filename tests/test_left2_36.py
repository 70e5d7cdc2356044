"""What session 36's first helpers noticed and left (tests/test_left36.py's session, their notes'
"noticed and left"): an older store's upgrade told as it starts; a store made read-only."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from analyzer.cli import app
from connectors.interface import Item
from connectors.store import SCHEMA_VERSION
from connectors.store.codec import _iso, _to_json
from tests.cli_helpers import one_error_line
from tests.fakes import jira_cli
from tests.fakes.jira_cli import run as jira_run
from tests.fakes.old_store import old_schema

FIXTURES = Path(__file__).parent / "fixtures"
BOARD = FIXTURES / "trello_board_basic.json"

# the fake Jira and the CLI against it (tests/fakes/jira_cli.py), as tests/test_live_cli.py
fake, env = jira_cli.fake, jira_cli.env

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


# -- a store made read-only (chmod a-w) -----------------------------------------------------------
# SQLite opens a file without write bits read-only for other users but read-write for root (so
# these fail on session 36's main only as root; as any other user they held already).


def _read_only_store(path: Path) -> bytes:
    assert run("import", BOARD, "--db", path).exit_code == 0
    path.chmod(0o444)
    return path.read_bytes()


def test_an_import_into_a_store_made_read_only_is_refused_in_one_line(cli_home: Path) -> None:
    # SQLite opens a file without write bits read-write for root: the import was written into it.
    path = cli_home / "kept.sqlite"
    before = _read_only_store(path)
    result = run("import", BOARD, "--db", path)
    assert result.exit_code == 2
    assert one_error_line(result) == (
        f"backlog-analyzer: error: cannot write the store {path}: it is read-only; make it "
        "writable or pass another --db"
    )
    assert path.read_bytes() == before


@pytest.mark.parametrize("every_board", [False, True], ids=["one board", "--all"])
def test_a_report_of_a_store_made_read_only_reads_it_and_keeps_no_history(
    cli_home: Path, every_board: bool
) -> None:
    path = cli_home / "kept.sqlite"
    before = _read_only_store(path)
    out = cli_home / "r.json"
    result = run("report", "--db", path, "-o", out, *(["--all"] if every_board else []))
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        "backlog-analyzer: note: this report was not added to the board's history (cannot "
        f"write the store {path}: it is read-only; make it writable or pass another --db)"
    ]
    assert json.loads(out.read_text())["schema_version"] and path.read_bytes() == before
    history = run("report", "--db", path, "--history")
    assert history.exit_code == 0 and "0 reports" in history.stdout


def test_a_fetch_into_a_store_made_read_only_is_refused_in_one_line(env, fake) -> None:
    path = env / "store.sqlite"
    assert jira_run("fetch", "jira", "--project", "DEMO").exit_code == 0
    path.chmod(0o444)
    before = path.read_bytes()
    result = jira_run("fetch", "jira", "--project", "DEMO", "--full")
    assert result.exit_code == 2, result.output
    assert one_error_line(result) == (
        f"backlog-analyzer: error: cannot write the store {path}: it is read-only; make it "
        "writable or pass another --db"
    )
    assert path.read_bytes() == before


# -- empty boards in a portfolio ------------------------------------------------------------------


def _fetched_empty(path: Path, kind: str, key: str, name: str, origin: str) -> None:
    """A live source fetched into the store with nothing in it (an empty project or board)."""
    from connectors.store import Store

    with Store(path) as store:
        sid = store.source(kind, key, name, origin=origin)
        store.begin_sync(sid, key)
        store.finish_sync(sid)


def test_report_all_names_each_empty_board_with_what_to_check(cli_home: Path) -> None:
    # Their rows said 0 items and "not judged", nothing else; one board's report says what to check.
    path = cli_home / "st.sqlite"
    assert run("import", BOARD, "--db", path).exit_code == 0
    _fetched_empty(path, "trello", "b1", "Roadmap", "https://trello.com/b/b1")
    _fetched_empty(
        path, "jira", "https://jira.example|project = OPS", "OPS (Ops Team)", "https://jira.example"
    )
    said = (
        "The board 'Roadmap' has no cards and the project OPS (Ops Team) has no issues, so "
        "their rows are not judged; the board: add cards on Trello or scan another board; the "
        "project: check its key, or that this account may browse its issues."
    )
    table = run("report", "--db", path, "--all")
    assert table.exit_code == 0, table.output
    assert " ".join(table.stdout.split("\n\n")[0].splitlines()[1:]) == said  # (wrapped)
    markdown = run("report", "--db", path, "--all", "--format", "markdown")
    assert markdown.stdout.split("\n\n")[2] == said
    page = run("report", "--db", path, "--all", "--format", "html")
    assert f"</strong></p>\n<p>{said.replace(chr(39), '&#x27;')}</p>\n" in page.stdout
    data = json.loads(run("report", "--db", path, "--all", "--format", "json").stdout)
    assert data["headline"].startswith("Portfolio: 3 boards;")  # the JSON as it was


def test_several_exports_one_empty_and_none_empty(cli_home: Path) -> None:
    empty = FIXTURES / "trello_board_empty.json"
    result = run("scan", BOARD, empty)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1] == (
        "The export trello_board_empty.json holds no items, so its row is not judged."
    )
    full = run("scan", BOARD, FIXTURES / "roles3_trello_board.json")
    assert full.exit_code == 0 and "not judged." not in full.stdout.splitlines()[1]


# -- a CSV a tool wrote: its missing columns said as what it is -----------------------------------

# A tool's CSV (REST field ids and underscored names as its columns, written here) and one of
# Jira's export of the current fields (Jira's names, some columns of the issue view).
TOOL_CSV = (
    "key,id,summary,issue_type,created,resolutiondate\n"
    "OPS-1,101,Define the pricing strategy for next year,Epic,2026-03-02T09:00:00.000+0000,\n"
    "OPS-2,102,Write acceptance criteria for login,Story,2026-03-03T09:00:00.000+0000,"
    "2026-03-09T10:00:00.000+0000\n"
)
VIEW_CSV = (
    "Summary,Issue key,Issue id,Issue Type,Status,Created\n"
    "Research the competitors' roadmaps,WEB-1,201,Epic,To Do,02/Mar/26 9:00 AM\n"
    "Refine the checkout backlog,WEB-2,202,Story,Done,03/Mar/26 9:00 AM\n"
)
TOOL_SAID = "Note: The CSV was written by a tool, not exported by Jira (its column names are"


def _notes_of(stdout: str) -> list[str]:
    """The report's notes, each a line (the table wraps them)."""
    return [
        " ".join(part.split())
        for part in stdout.split("\nNote: ")[1:]
        for part in [("Note: " + part).split("\n\n")[0]]
    ]


_HEADERS = {  # a header, one row under it, and whether a tool wrote it
    "REST field id": (
        "created,resolutiondate,summary,id,key",
        "2026-03-02T09:00:00.000+0000,,Plan,101,OPS-1",
        True,
    ),
    "underscored": ("Created,Summary,Issue_key,Issue_id", "02/Mar/26 9:00 AM,Plan,OPS-1,101", True),
    "Jira's": ("Created,Summary,Issue key,Issue id", "02/Mar/26 9:00 AM,Plan,OPS-1,101", False),
}


@pytest.mark.parametrize(
    ("kind", "way"),
    [
        *(
            (kind, way)
            for kind in ("REST field id", "Jira's")
            for way in ("polars columns", "polars prepared", "csv module")
        ),
        ("underscored", "csv module"),  # (a tool's underscored header is read by the row path)
    ],
)
def test_the_board_says_whether_a_tool_wrote_the_csv(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str, way: str
) -> None:
    from tests.test_jira_columns import _read

    header, row, tool = _HEADERS[kind]
    path = tmp_path / "issues.csv"
    path.write_text(f"{header}\n{row}\n", encoding="utf-8")
    board = _read(path, way, monkeypatch)
    assert board.missing_columns and board.missing_columns_by_tool is tool


def test_a_tools_csv_is_not_called_jiras_current_fields_export(cli_home: Path) -> None:
    # The note described a tool's CSV as "the Jira CSV export … (Export → CSV (current fields))".
    tool = cli_home / "tool.csv"
    tool.write_text(TOOL_CSV, encoding="utf-8")
    scanned = [n for n in _notes_of(run("scan", tool).stdout) if "lacks" in n]
    assert len(scanned) == 1 and scanned[0].startswith(TOOL_SAID)
    assert "current fields" not in scanned[0] and "issue view" not in scanned[0]
    assert scanned[0].endswith(
        "For the whole analysis, export the issues from Jira with Filters → Export → CSV (all "
        "fields)."
    )
    # through the store: kept with the source (a key of sources.skipped, no schema step)
    db = cli_home / "st.sqlite"
    assert run("import", tool, "--db", db).exit_code == 0
    stored = [n for n in _notes_of(run("report", "--db", db).stdout) if "lacks" in n]
    assert stored == scanned
    # beside Jira's own export of the current fields, each said as what it is, by its file
    view = cli_home / "view.csv"
    view.write_text(VIEW_CSV, encoding="utf-8")
    assert run("import", view, "--db", db).exit_code == 0
    both = [n for n in _notes_of(run("report", "--db", db).stdout) if " lack" in n]
    assert [n.split(" (")[0] for n in both] == [
        'Note: The CSV "tool.csv" was written by a tool, not exported by Jira',
        'Note: The Jira CSV export "view.csv" holds only the columns of its issue view',
    ]
