"""The library under the commands: options validated once, typed errors mapped in one CLI table,
and import / report / scan usable without the CLI (the same numbers as the commands)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

import analyzer.roles as roles_mod
from analyzer.app import EXIT_CODES, exit_code_for
from analyzer.cli import app
from analyzer.errors import OptionError
from analyzer.formats import UnknownFormatError
from analyzer.local_store import import_file, load_from_store, report_from_store
from analyzer.options import ScanOptions
from analyzer.output import choose_format
from analyzer.pipeline import scan_board, scan_file
from analyzer.roles import RolesFile, RolesFileError
from analyzer.timeline import WindowSpec
from connectors.interface import AuthError, ExportFormatError, RemoteError, SourceError
from connectors.store import StoreError
from models.interface import ModelError

ROOT = Path(__file__).resolve().parents[1]
BOARD = ROOT / "examples" / "trello_sample_board.json"
ROLES = ROOT / "examples" / "backlog-analyzer.toml"
WHEN = datetime(2026, 1, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"threshold": 1.5}, "--threshold must be between 0 and 1, got 1.5"),
        ({"top": -1}, "--top must be 0 or more, got -1"),
        ({"window": "fortnight"}, "--window 'fortnight': not a window"),
        ({"window": "14"}, "add the unit: 14d"),
        ({"fail_on": "panic"}, "--fail-on must be one of"),
        ({"model": "no/such/model.json"}, "no such model file; --model expects"),
    ],
)
def test_bad_options_are_one_option_error(kwargs, message):
    with pytest.raises(OptionError, match=message.replace("(", r"\(")) as caught:
        ScanOptions.build(**kwargs)
    assert "\n" not in str(caught.value)


def test_options_are_frozen_and_parsed_once():
    options = ScanOptions.build(window="14d", roles=ROLES, fail_on=" Warning ")
    assert options.window == WindowSpec("days", 14)
    assert isinstance(options.roles, RolesFile) and options.fail_on == "warning"
    with pytest.raises(AttributeError):
        options.threshold = 0.1  # type: ignore[misc]
    with pytest.raises(RolesFileError):
        ScanOptions.build(roles=ROOT / "no-such-roles.toml")


def test_the_default_roles_file_is_used_only_when_asked(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "backlog-analyzer.toml").write_text(ROLES.read_text(encoding="utf-8"))
    assert ScanOptions.build().roles is None
    assert ScanOptions.build(default_roles=True).roles is not None


def test_a_scan_parses_the_roles_file_once(monkeypatch):
    calls = []
    real = roles_mod.parse_roles_file

    def counting(path):
        calls.append(path)
        return real(path)

    for module in ("analyzer.roles", "analyzer.options", "analyzer.pipeline"):
        monkeypatch.setattr(f"{module}.parse_roles_file", counting)
    result = CliRunner().invoke(app, ["scan", str(BOARD), "--roles", str(ROLES), "-f", "json"])
    assert result.exit_code == 0, result.output
    assert len(calls) == 1


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (RemoteError("x"), 3),
        (AuthError("x"), 2),
        (ExportFormatError("x"), 2),
        (StoreError("x"), 2),
        (RolesFileError("x"), 2),
        (ModelError("x"), 2),
        (OptionError("x"), 2),
        (UnknownFormatError("x"), 2),
    ],
)
def test_one_table_maps_every_known_error_to_its_exit_code(error, code):
    assert exit_code_for(error) == code
    assert not hasattr(error, "exit_code")  # the core knows nothing of exit codes


def test_subclasses_come_before_their_bases_in_the_table():
    classes = [cls for cls, _ in EXIT_CODES]
    for i, cls in enumerate(classes):
        assert not any(issubclass(cls, earlier) for earlier in classes[:i]), cls


def test_choose_format_is_typed():
    assert choose_format(None, Path("r.md")) == "markdown"
    with pytest.raises(UnknownFormatError, match="no report format writes '.pdf' files"):
        choose_format(None, Path("r.pdf"))


def test_import_then_report_from_the_store_equals_scanning_the_file(tmp_path):
    db = tmp_path / "store.sqlite"
    result = import_file(BOARD, db)
    assert result.items > 0 and result.store == db
    assert result.summary(BOARD).startswith(f"Imported {result.items} items (")
    options = ScanOptions.build(roles=ROLES, window="month")
    stored = report_from_store(db, ["trello"], options)
    direct = scan_file(BOARD, options=options)
    assert stored.summary.items.total == direct.summary.items.total
    assert stored.summary.items.share("strategic") == direct.summary.items.share("strategic")
    assert sorted(f.code for f in stored.flags) == sorted(f.code for f in direct.flags)


def test_report_from_the_store_notes_come_through_the_callback(tmp_path):
    db = tmp_path / "store.sqlite"
    import_file(BOARD, db)
    notes: list[str] = []
    board = load_from_store(db, None, on_note=notes.append)
    assert board.items and notes == []  # an import is never unfinished
    with pytest.raises(SourceError, match="no source matches nope"):
        load_from_store(db, ["nope"])
    with pytest.raises(StoreError, match="no such store"):
        load_from_store(tmp_path / "missing.sqlite")


def test_scan_board_takes_the_options_object():
    from connectors.exports import read_export

    options = ScanOptions.build(top=2, window="quarter")
    report = scan_board(read_export(BOARD), options=options, generated_at=WHEN)
    loose = scan_board(read_export(BOARD), top=2, window="quarter", generated_at=WHEN)
    assert len(report.top_strategic) <= 2
    assert report.summary == loose.summary


def test_one_progress_protocol_from_reading_to_classifying():
    """Every long step calls on_progress(stage, done, total, text), the readers included."""
    calls: list[tuple] = []
    scan_file(BOARD, on_progress=lambda *args: calls.append(args))
    assert {len(c) for c in calls} == {4}
    assert [s for s in dict.fromkeys(c[0] for c in calls)] == ["read", "model", "classify"]
    assert all(isinstance(c[3], str) for c in calls)
    last_read = [c for c in calls if c[0] == "read"][-1]
    assert last_read[1] == last_read[2] > 0  # the reader ends with done == total


def test_the_cli_bars_take_the_same_protocol():
    import io

    from rich.console import Console

    from analyzer.commands._render import ScanProgress

    out = io.StringIO()
    bars = ScanProgress(console=Console(file=out, force_terminal=True, width=120), delay=0)
    with bars as update:
        update("read", 5, 10, "")
        update("fetch", 3, 0, "DEMO-3: changelog")
    text = out.getvalue()
    assert "Reading the export" in text and "5/10" in text and "DEMO-3: changelog" in text


def test_live_sources_are_registered_behind_one_interface():
    from connectors.live import NAMES, get_source
    from connectors.live.interface import LiveSource

    assert NAMES == ("jira", "trello")
    for name in NAMES:
        source = get_source(name)
        assert isinstance(source, LiveSource) and source.name == name
    with pytest.raises(SourceError, match="give the Jira project key"):
        get_source("jira").check(None)
    assert get_source("JIRA").check("PROJ") == "PROJ"
