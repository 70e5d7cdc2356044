"""``backlog-analyzer scan`` through typer's CliRunner: formats, --output, --roles, --window,
--fail-on exit codes, and bad input as one line with exit code 2."""

from __future__ import annotations

import json
import os

import pytest
from ownership_boards import drift_board, healthy_board, write_export
from typer.testing import CliRunner

from analyzer.cli import app

SOURCES = ["trello", "jira"]
ROLES = '[people]\n"Alice Martin" = "pm"\n"bobs" = "po"\n"Zed Stranger" = "pm"\n'


# The CLI classifies with the tests' keyword model (conftest) unless --model names one.
pytestmark = pytest.mark.usefixtures("keyword_model")


@pytest.fixture
def boards(tmp_path):
    """source -> (drifting board export, healthy board export)."""
    out = {}
    for source in SOURCES:
        drifting = tmp_path / source / "drift"
        healthy = tmp_path / source / "healthy"
        drifting.mkdir(parents=True)
        healthy.mkdir(parents=True)
        out[source] = (
            write_export(drift_board(source), drifting),
            write_export(healthy_board(source), healthy),
        )
    return out


@pytest.fixture
def roles(tmp_path):
    path = tmp_path / "team-roles.toml"
    path.write_text(ROLES, encoding="utf-8")
    return path


def scan(*args):
    return CliRunner().invoke(app, ["scan", *map(str, args)])


@pytest.mark.parametrize("source", SOURCES)
def test_table_shows_flags_roles_drift_and_time(boards, roles, source):
    result = scan(boards[source][0], "--roles", roles, "--window", "month")
    assert result.exit_code == 0, result.output
    out = result.stdout
    for heading in (
        "Flags (1)",
        "People — balance against role (roles from",
        "Drift",
        "Balance over time (per month)",
        "Top strategic (PM) items",
    ):
        assert heading in out
    assert "role-drift" in out and "WARN" in out
    assert "Alice Martin (declared pm) drifted from 100% to 17%" in out
    assert "2024-05" in out and "drifting (100% → 17%" in out
    # The stranger is a warning in the report, not a crash.
    assert "'Zed Stranger' (pm) matches nobody on this board" in " ".join(out.split())
    assert "Traceback" not in result.output
    assert max(len(line) for line in out.splitlines()) <= 80  # not a terminal: 80 columns
    assert result.stderr == ""  # no progress bar (nor a stray newline) off a terminal


@pytest.mark.parametrize("source", SOURCES)
def test_json_on_stdout_is_the_v2_report(boards, roles, source):
    result = scan(boards[source][0], "--roles", roles, "--format", "json", "-w", "month")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["schema_version"] == "2"
    assert {"summary", "people", "items", "windows", "flags", "roles_inferred"} <= set(data)
    assert data["roles_inferred"] is False
    alice = next(p for p in data["people"] if p["name"] == "Alice Martin")
    assert alice["declared_role"] == "pm" and alice["drift"]["status"] == "drifting"
    assert [f["code"] for f in data["flags"]] == ["role-drift"]  # one flag per code
    item = data["items"][0]
    assert {"id", "key", "title", "label", "confidence", "reason"} <= set(item)


def test_markdown_and_html_to_files(boards, roles, tmp_path):
    export = boards["jira"][0]
    md = tmp_path / "report.md"
    result = scan(export, "--roles", roles, "-w", "month", "--output", md)
    assert result.exit_code == 0, result.output
    assert f"Wrote the markdown report to {md} (1 flag: 1 warning)" in result.stdout
    text = md.read_text(encoding="utf-8")
    for heading in ("## Flags", "## Balance against role", "### Drift", "## Balance over time"):
        assert heading in text
    assert "`role-drift`" in text

    page = tmp_path / "out.html"
    result = scan(export, "--roles", roles, "--format", "html", "-o", page)
    assert result.exit_code == 0, result.output
    html = page.read_text(encoding="utf-8")
    assert html.lstrip().lower().startswith("<!doctype html") and "role-drift" in html


def test_format_from_the_output_suffix_and_explicit_format_wins(boards, tmp_path):
    out = tmp_path / "r.json"
    assert scan(boards["trello"][1], "-o", out).exit_code == 0
    assert json.loads(out.read_text())["schema_version"] == "2"
    out = tmp_path / "r.txt"
    assert scan(boards["trello"][1], "-o", out, "--format", "markdown").exit_code == 0
    assert out.read_text().startswith("# Role balance")


@pytest.mark.parametrize("source", SOURCES)
def test_fail_on_exit_codes(boards, roles, source):
    drifting, healthy = boards[source]
    # role-drift: a warning (the person) and the board's move, merged into one flag.
    result = scan(drifting, "--roles", roles, "-w", "month", "--fail-on", "warning")
    assert result.exit_code == 1
    assert "1 flag(s) at or above warning (role-drift); failing as asked by --fail-on" in (
        result.stderr
    )
    assert "Flags (1)" in result.stdout  # the report is still printed
    assert scan(drifting, "--roles", roles, "-w", "month", "--fail-on", "error").exit_code == 0
    noted = scan(drifting, "--roles", roles, "-w", "month", "--fail-on", "info")
    assert noted.exit_code == 1
    # The line a person reads names a note as the reports do, whichever word was given.
    assert "1 flag(s) at or above note (role-drift)" in noted.stderr
    assert scan(drifting, "--roles", roles, "-w", "month").exit_code == 0
    assert scan(healthy, "--roles", roles, "-w", "month", "--fail-on", "warning").exit_code == 0


def test_fail_on_with_output_file_still_writes_it(boards, roles, tmp_path):
    out = tmp_path / "r.json"
    result = scan(
        boards["trello"][0], "--roles", roles, "-w", "month", "-o", out, "--fail-on", "WARNING"
    )
    assert result.exit_code == 1 and out.is_file()


def test_the_default_roles_file_is_read_from_the_current_directory(boards, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    export = boards["trello"][0]
    data = json.loads(scan(export, "-f", "json").stdout)
    assert data["roles_inferred"] is True and data["roles_file"] is None
    (tmp_path / "backlog-analyzer.toml").write_text('[people]\n"Bob Stone" = "pm"\n')
    data = json.loads(scan(export, "-f", "json").stdout)
    assert data["roles_inferred"] is False and data["roles_file"] == "backlog-analyzer.toml"
    bob = next(p for p in data["people"] if p["name"] == "Bob Stone")
    assert bob["declared_role"] == "pm" and bob["drift"]["status"] == "off-role"


def test_thin_data_does_not_flag_through_the_cli(tmp_path, roles):
    export = write_export(drift_board("jira", per_month=3, recent_strategic=1), tmp_path)
    result = scan(export, "--roles", roles, "-w", "month", "--fail-on", "warning", "-f", "json")
    data = json.loads(result.stdout)
    assert not [f for f in data["flags"] if f["code"] == "role-drift"]
    assert result.exit_code == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--window", "fortnight"], "--window 'fortnight': not a window; use week"),
        (
            ["--fail-on", "panic"],
            "--fail-on must be one of error, warning, note (or info), got 'panic'",
        ),
        (["--threshold", "1.5"], "--threshold must be between 0 and 1"),
        (["--format", "pdf"], "unknown report format 'pdf'"),
        (["--roles", "missing.toml"], "missing.toml: roles file not found; check the path"),
        (["--model", "missing.model"], "missing.model: no such model file"),
    ],
)
def test_usage_errors_are_one_line_and_exit_2(boards, args, message):
    result = scan(boards["trello"][1], *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.output


def test_bad_roles_file_and_bad_export_exit_2(tmp_path, boards):
    bad = tmp_path / "roles.toml"
    bad.write_text("[people]\n'x' = 3\n")
    result = scan(boards["jira"][1], "--roles", bad)
    assert result.exit_code == 2 and "must be a name or a list of names" in result.stderr
    empty = tmp_path / "empty.json"
    empty.write_text("")
    result = scan(empty)
    assert result.exit_code == 2 and "empty.json" in result.stderr
    assert "Traceback" not in result.output


def test_help_describes_live_sources_as_available():
    result = CliRunner().invoke(app, ["scan", "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    text = " ".join(result.stdout.split())
    assert "will name live sources" not in text
    assert "to fetch a live source into the local store" in text
    assert "--server" in text and "--db" in text


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_a_report_file_gets_the_usual_mode_not_owner_only(boards, tmp_path):
    old = os.umask(0o022)
    try:
        out = tmp_path / "report.html"
        assert scan(boards["trello"][1], "-o", out).exit_code == 0
        assert out.stat().st_mode & 0o777 == 0o644  # a web server or a colleague can read it
        out.chmod(0o640)
        assert scan(boards["trello"][1], "-o", out).exit_code == 0
        assert out.stat().st_mode & 0o777 == 0o640  # a replaced report keeps its mode
    finally:
        os.umask(old)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_output_to_a_pipe_or_device_writes_into_it_and_leaves_it_in_place(boards, tmp_path):
    # -o /dev/null or -o /dev/stdout must not rename a temporary file over the device.
    import stat
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[str] = []
    reader = threading.Thread(
        target=lambda: received.append(fifo.read_text(encoding="utf-8")), daemon=True
    )
    reader.start()
    result = scan(boards["trello"][1], "-o", fifo, "--format", "json")
    reader.join(timeout=10)
    assert result.exit_code == 0, result.output
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert json.loads(received[0])["schema_version"]


@pytest.mark.parametrize(
    ("given", "severity"),
    [("note", "info"), ("Notes", "info"), ("info", "info"), (" Warning ", "warning")],
)
def test_fail_on_takes_the_reports_word_for_a_note(given, severity):
    from analyzer.options import check_fail_on

    assert check_fail_on(given) == severity


def test_a_jira_csv_cut_off_mid_download_is_read_and_said_so(tmp_path):
    """A download that stopped inside a quoted cell: the report is made of the rows before it
    and lists one line saying the file was cut off and what to do."""
    path = tmp_path / "cut.csv"
    rows = "".join(f"Item {n},K-{n},Open\r\n" for n in range(1, 4))
    path.write_text("Summary,Issue key,Status\r\n" + rows + '"Item 4 is cu', encoding="utf-8")
    result = scan(path, "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["summary"]["skipped"] == 1
    assert report["skipped"]["records"][0].startswith("row 5: the file ends inside this row's")
    terminal = scan(path)
    assert "re-export or re-download the file" in " ".join(terminal.stdout.split())


@pytest.mark.parametrize(
    "tail",
    [b"Item 4 \xc3", b"Item 4,K-"],  # inside a character; between or inside unquoted cells
    ids=["character", "unquoted"],
)
def test_a_jira_csv_cut_off_outside_a_quoted_cell_is_read_and_said_so(tmp_path, tail):
    """A UTF-8 file (its ä two bytes) cut inside a character is not read as Windows-1252 (every
    ä would read ä); a last row cut short, no line break after it, is not read as an issue."""
    path = tmp_path / "cut.csv"
    rows = "".join(f"Vorträge {n},K-{n},Open\r\n" for n in range(1, 4))
    path.write_bytes(("Summary,Issue key,Status\r\n" + rows).encode() + tail)
    result = scan(path, "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["summary"]["skipped"] == 1
    assert report["skipped"]["records"][0].startswith("row 5")
    assert "the file ends inside this row, cut off" in report["skipped"]["records"][0]
    assert "Ã" not in result.stdout and "Vorträge 3" in result.stdout


def test_a_json_export_cut_inside_a_character_says_it_ends_abruptly(tmp_path):
    path = tmp_path / "cut.json"
    path.write_bytes(b'{"issues": [{"id": "1", "key": "K-1", "fields": {"summary": "Vortr\xc3')
    result = scan(path)
    assert result.exit_code == 2
    assert "the JSON ends abruptly at line 1 (the file is truncated)" in result.stderr
    assert "neither UTF-8" not in result.stderr and "Traceback" not in result.output


@pytest.mark.parametrize("no_color", [False, True])
def test_the_report_fits_the_terminal_with_or_without_colour(monkeypatch, no_color):
    # NO_COLOR asks for no colour: it also set the width to 80, so a 66-column terminal wrapped
    # every table line of the report (and of the portfolio) in two.
    import os
    import shutil
    import sys

    from analyzer.commands import _render

    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    monkeypatch.setattr(
        shutil, "get_terminal_size", lambda fallback=None: os.terminal_size((66, 24))
    )
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    else:
        monkeypatch.delenv("NO_COLOR", raising=False)
    fmt = _render.terminal_format("table")
    assert (fmt.width, fmt.color) == (66, not no_color)
