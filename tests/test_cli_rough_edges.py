"""User-facing rough edges found in review, each through the CLI: an --output suffix no format
knows, --model given a folder, the classify usage line, --window values, report on a file that
is not a store, each HTML note shown once, and error paths that must never print a traceback."""

from __future__ import annotations

import html
import json
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from analyzer.app import INTERNAL_ERROR
from analyzer.cli import app
from connectors.store import Store
from tests.cli_helpers import one_error_line

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
BOARD = FIXTURES / "trello_board_basic.json"
SKIPPING_BOARD = FIXTURES / "trello_board_with_archived_cards.json"


# Reports are classified by the tests' keyword model (conftest).
pytestmark = pytest.mark.usefixtures("keyword_model")


def run(*args):
    return CliRunner().invoke(app, [str(a) for a in args])


def console(capsys, *args: str) -> tuple[int, str, str]:
    """Run the app as the console script does (not through CliRunner)."""
    with pytest.raises(SystemExit) as stopped:
        app(args=list(args), prog_name="backlog-analyzer")
    out, err = capsys.readouterr()
    return stopped.value.code, out, err


def filled_store(path: Path) -> Path:
    assert run("import", BOARD, "--db", path).exit_code == 0
    return path


def board_args(command: str, home: Path) -> list:
    """``scan BOARD``, or ``report --db`` a store filled with it."""
    return [command, BOARD] if command == "scan" else [command, "--db", filled_store(home / "s.db")]


# -- 1. an --output suffix no format knows -----------------------------------------------------


@pytest.mark.parametrize("command", ["scan", "report"])
def test_an_output_suffix_no_format_knows_is_an_error_not_a_table(cli_home, command):
    args = board_args(command, cli_home)
    result = run(*args, "-o", cli_home / "report.pdf")
    assert result.exit_code == 2
    line = one_error_line(result)
    assert "report.pdf: no report format writes '.pdf' files" in line
    assert all(s in line for s in (".json", ".md", ".html", ".txt", "--format"))
    assert not (cli_home / "report.pdf").exists()


def test_an_explicit_format_writes_any_suffix_and_no_suffix_is_a_table(cli_home):
    written = run("scan", BOARD, "-o", cli_home / "report.pdf", "--format", "md")
    assert written.exit_code == 0, written.output
    assert "Wrote the markdown report" in written.stdout
    assert (cli_home / "report.pdf").read_text(encoding="utf-8").startswith("# ")
    plain = run("scan", BOARD, "-o", cli_home / "report")
    assert plain.exit_code == 0 and "Wrote the table report" in plain.stdout
    empty = run("scan", BOARD, "--format", "")
    assert empty.exit_code == 2 and "--format needs a name" in one_error_line(empty)


@pytest.mark.parametrize("command", ["scan", "report"])
def test_output_dash_is_standard_output_not_a_file_named_dash(cli_home, command):
    args = board_args(command, cli_home)
    result = run(*args, "-o", "-", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["summary"]["items"]["total"] == 3
    assert not (cli_home / "-").exists()


def test_scan_dash_reads_standard_input(cli_home):
    """(issue 15: ``scan -`` reads the export piped into it; it used to refuse)."""
    result = CliRunner().invoke(
        app, ["scan", "-", "-f", "json"], input=BOARD.read_text(encoding="utf-8")
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["summary"]["items"]["total"] == 3


# -- 2. --model given a folder ----------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [["scan", BOARD], ["report"], ["classify", "Q3 roadmap"], ["evaluate", "labels.csv"]],
    ids=["scan", "report", "classify", "evaluate"],
)
def test_model_given_a_folder_says_so_and_what_file_is_expected(cli_home, command):
    if command == ["report"]:
        command = ["report", "--db", filled_store(cli_home / "s.db")]
    (cli_home / "labels.csv").write_text("text,label\nQ3 roadmap,strategic\n", encoding="utf-8")
    (cli_home / "models").mkdir()
    result = run(*command, "--model", cli_home / "models")
    assert result.exit_code == 2
    line = one_error_line(result)
    assert f"{cli_home / 'models'}: is a directory; --model expects a model file (JSON)" in line
    assert "backlog-analyzer train" in line and "no such model file" not in line


def test_a_missing_model_file_says_what_is_expected(cli_home):
    result = run("scan", BOARD, "--model", cli_home / "nope.json")
    assert result.exit_code == 2
    line = one_error_line(result)
    assert "nope.json: no such model file; --model expects a model file" in line


# -- 3. classify's usage line ---------------------------------------------------------------


def test_classify_usage_reads_naturally():
    result = run("classify", "--help")
    assert result.exit_code == 0
    usage = next(line for line in result.output.splitlines() if "Usage:" in line)
    assert "classify [OPTIONS] [TEXT]..." in usage and "TEXT...]" not in usage


def _commands(typer_app, path=()):
    for info in typer_app.registered_commands:
        yield (*path, info.name or info.callback.__name__), info
    for group in typer_app.registered_groups:
        yield from _commands(group.typer_instance, (*path, group.name))


@pytest.mark.parametrize("path", [p for p, _ in _commands(app)], ids=" ".join)
def test_help_text_is_reflowed_not_broken_where_the_source_wraps(path):
    wide = CliRunner().invoke(app, [*path, "--help"], env={"COLUMNS": "300"}).output
    info = dict(_commands(app))[path]
    for paragraph in info.help.split("\n\n"):
        assert "\n" not in paragraph
        assert paragraph in " ".join(wide.split())  # each paragraph shown as one piece of text
        assert paragraph.split()[-1] in wide.replace("│", " ").split()  # ...ending on its line
    listing = CliRunner().invoke(app, [*path[:-1], "--help"], env={"COLUMNS": "300"}).output
    line = next(x for x in listing.splitlines() if f" {path[-1]} " in x)
    assert line.rstrip(" │").endswith(info.help.split("\n\n")[0])  # the list: one line


@pytest.mark.parametrize("path", [p for p, _ in _commands(app)], ids=" ".join)
def test_help_shows_no_type_beside_flags_or_named_arguments(path):
    text = CliRunner().invoke(app, [*path, "--help"], env={"COLUMNS": "200"}).output
    assert "<bool>" not in text and "<list[str]>" not in text and "<str>" not in text
    assert "--help" in text


def test_classify_from_a_terminal_says_how_to_end_the_input(monkeypatch):
    import analyzer.commands.classify as classify_cmd

    monkeypatch.setattr(classify_cmd, "_stdin_is_terminal", lambda: True)
    result = CliRunner().invoke(app, ["classify", "--file", "-"], input="Q3 roadmap draft\n")
    assert result.exit_code == 0, result.output
    assert result.stderr == "Type one item per line, then Ctrl-D (Ctrl-Z Enter on Windows):\n"
    monkeypatch.undo()  # from a pipe or a file: no prompt
    piped = CliRunner().invoke(app, ["classify", "--file", "-"], input="Q3 roadmap draft\n")
    assert piped.exit_code == 0 and piped.stderr == "" and "roadmap" in piped.stdout


# -- 4. --window values -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("window", "problem"),
    [
        ("0d", "out of range"),
        ("-3d", "out of range"),
        ("10000d", "out of range"),
        ("99999999999999999999d", "out of range"),
        ("0", "out of range"),
        ("14", "add the unit: 14d"),
        ("fortnight", "not a window"),
        ("2w", "not a window"),
    ],
)
@pytest.mark.parametrize("command", ["scan", "report"])
def test_a_bad_window_is_one_line_saying_what_is_accepted(cli_home, command, window, problem):
    args = [command, BOARD] if command == "scan" else [command, "--db", cli_home / "missing.db"]
    result = run(*args, f"--window={window}")
    assert result.exit_code == 2
    assert one_error_line(result) == (
        f"backlog-analyzer: error: --window {window!r}: {problem}; use week, month, quarter, "
        "sprint, auto or a number of days from 1 to 9999 (e.g. 14d)"
    )


@pytest.mark.parametrize("window", ["1d", "9999d", "14 days", "sprint"])
def test_the_windows_the_message_promises_are_accepted(window):
    result = run("scan", BOARD, "--window", window, "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["window"]


# -- 5. report on something that is not a filled store -----------------------------------------


def _foreign_sqlite(path: Path) -> None:
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE recipes (name TEXT)")
    db.commit()
    db.close()


def _blank_sqlite(path: Path) -> None:
    db = sqlite3.connect(path)
    db.execute("PRAGMA user_version = 0")
    db.execute("VACUUM")  # writes the header: an SQLite file with no tables
    db.close()


STORE_CASES = {
    "missing": (None, "no such store; fill it with `backlog-analyzer fetch"),
    "0-byte": (lambda p: p.write_bytes(b""), "an empty file, not a store yet; fill it with"),
    "blank sqlite": (_blank_sqlite, "an empty file, not a store yet; fill it with"),
    "text": (lambda p: p.write_text("hello\n"), "not a backlog-analyzer store (file is not a"),
    "other sqlite": (_foreign_sqlite, "an SQLite database of another program, not a backlog"),
    "no boards": (lambda p: Store(p).close(), "is empty; run `backlog-analyzer fetch"),
}


@pytest.mark.parametrize("case", list(STORE_CASES))
def test_report_on_what_is_not_a_filled_store_says_run_fetch_and_changes_nothing(cli_home, case):
    make, message = STORE_CASES[case]
    db = cli_home / "given.db"
    if make is not None:
        make(db)
    before = db.read_bytes() if db.exists() else None
    result = run("report", "--db", db, "-o", cli_home / "out.json")
    assert result.exit_code == 2
    line = one_error_line(result)
    assert str(db) in line and message in line
    assert ("fetch" in line or "filled" in line) and "import" in line
    assert (db.read_bytes() if db.exists() else None) == before  # no schema written into it
    assert not (cli_home / "out.json").exists()  # and no empty report
    if case != "no boards":
        assert not Path(f"{db}-wal").exists() and not Path(f"{db}-journal").exists()


@pytest.mark.parametrize("command", [["import", BOARD], ["fetch", "jira", "--project", "X"]])
def test_fetch_and_import_leave_another_programs_database_alone(cli_home, command):
    db = cli_home / "recipes.db"
    _foreign_sqlite(db)
    before = db.read_bytes()
    result = run(*command, "--db", db)
    assert result.exit_code == 2
    assert "an SQLite database of another program" in one_error_line(result)
    assert db.read_bytes() == before


@pytest.mark.parametrize("db", ["roles.toml/store.db", "roles.toml/deeper/store.db"])
def test_a_db_under_a_file_is_one_line(cli_home, db):
    (cli_home / "roles.toml").write_text("[people]\n", encoding="utf-8")
    result = run("import", BOARD, "--db", cli_home / db)
    assert result.exit_code == 2
    assert "roles.toml is a file, not a folder; give --db another path" in one_error_line(result)


def test_import_fills_a_0_byte_file_and_report_then_reads_it(cli_home):
    db = cli_home / "touched.db"
    db.write_bytes(b"")
    assert run("import", BOARD, "--db", db).exit_code == 0
    result = run("report", "--db", db, "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["summary"]["items"]["total"] == 3


# -- 6. each HTML note once ---------------------------------------------------------------------


def _visible_text(page: str) -> str:
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _core(note: str) -> str:
    """What a note says, without the 'Roles file: ' kind of prefix the Notes list adds."""
    for prefix in ("Roles file: ", "Windows: ", "Board drift: "):
        if note.startswith(prefix):
            note = note[len(prefix) :]
    return " ".join(note.rstrip(".").split())


EMPTY_BOARD = '{"id": "5f0000000000000000000001", "name": "Empty", "cards": [], "lists": []}'


@pytest.mark.parametrize(
    "extra",
    [[], ["--roles", "roles.toml", "--window", "sprint"], ["empty"]],
    ids=["inferred roles", "roles file with warnings, window note", "empty board"],
)
def test_html_shows_each_note_once(cli_home, extra):
    (cli_home / "roles.toml").write_text('[people]\n"Nobody Here" = "pm"\n', encoding="utf-8")
    (cli_home / "empty.json").write_text(EMPTY_BOARD, encoding="utf-8")
    args = (
        ["scan", cli_home / "empty.json"]
        if extra == ["empty"]
        else ["scan", SKIPPING_BOARD, *extra]
    )
    notes = json.loads(run(*args, "--format", "json").stdout)["notes"]
    assert run(*args, "-o", cli_home / "r.html").exit_code == 0
    text = _visible_text((cli_home / "r.html").read_text(encoding="utf-8"))
    kinds = {n.split(":")[0] for n in notes}
    if extra == ["empty"]:
        assert "The export holds no items, so there is no balance to report." in notes
        assert "Windows" in kinds
    elif extra:
        assert {"Roles file", "Windows", "Board drift"} <= kinds
        assert "Roles file: roles.toml: 'Nobody Here' (pm) matches nobody" in " ".join(notes)
    else:
        assert {"No roles file", "Board drift"} <= kinds
    if "No roles file" in kinds:
        assert text.count("declare them in backlog-analyzer.toml or pass --roles FILE") == 1
        assert text.count("(a hint, not a verdict)") == 1
    # What each note says, as the section that shows it words it.
    shown_as = {
        "records could not be read and were skipped": "records could not be read:",
        "The export holds no items, so there is no balance to report": "no items, so there is "
        "no balance",
    }
    for note in notes:
        if note.startswith("No roles file"):
            continue  # the header says it in its own words (checked above)
        core = _core(note)
        for said, shown in shown_as.items():
            if core.endswith(said):
                core = core.replace(said, shown)
        assert text.count(core) == 1, note


# -- 7. error paths without a traceback -----------------------------------------------------------


@pytest.mark.parametrize(
    ("roles", "message"),
    [
        ('[people\n"x" = ', "not valid TOML"),
        ('[people]\n"x" = 3\n', "must be a name or a list of names"),
        (b"\xff\xfe\x00", "not a text file"),
    ],
)
def test_a_bad_roles_file_is_one_line(cli_home, roles, message):
    path = cli_home / "roles.toml"
    path.write_bytes(roles if isinstance(roles, bytes) else roles.encode())
    result = run("scan", BOARD, "--roles", path)
    assert result.exit_code == 2 and message in one_error_line(result)


@pytest.mark.parametrize(
    ("output", "message"),
    [
        ("/nonexistent/dir/x.json", "the folder /nonexistent/dir does not exist"),
        (".", "is a directory; give a file name for --output"),
        ("/proc/version", "/proc/version: the file is read-only"),
        ("roles.toml/x.json", "roles.toml is a file, not a folder; pick another --output"),
    ],
)
def test_an_unwritable_output_is_one_line(cli_home, output, message):
    (cli_home / "roles.toml").write_text("[people]\n", encoding="utf-8")
    result = run("scan", BOARD, "-o", output)
    assert result.exit_code == 2 and message in one_error_line(result)


def test_an_unexpected_error_is_one_line_and_70_with_the_traceback_under_debug(capsys, monkeypatch):
    def broken(*args, **kwargs):
        raise TypeError("'Thing' object is not subscriptable")

    monkeypatch.setattr("analyzer.pipeline.scan_files", broken)
    code, out, err = console(capsys, "scan", str(BOARD))
    assert code == INTERNAL_ERROR == 70 and out == ""
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith("backlog-analyzer: internal error: TypeError (test_cli_rough_edges.py:")
    assert "'Thing' object is not subscriptable; this is a bug: re-run with --debug" in err
    with pytest.raises(TypeError):  # --debug: the exception itself, for its traceback
        app(args=["--debug", "scan", str(BOARD)], prog_name="backlog-analyzer")


def test_an_unexpected_error_never_shows_a_secret(capsys, monkeypatch):
    monkeypatch.setenv("TRELLO_TOKEN", "tok-0123456789abcdef")

    def broken(*args, **kwargs):
        raise ValueError(
            "Max retries exceeded with url: /1/boards/x?key=0a1b2c3d4e5f&token=hidden-as-well "
            "(token tok-0123456789abcdef)"
        )

    monkeypatch.setattr("analyzer.pipeline.scan_files", broken)
    code, _, err = console(capsys, "scan", str(BOARD))
    assert code == 70 and "internal error: ValueError" in err
    assert "?key=***&token=*** (token ***)" in err
    assert "0a1b2c3d4e5f" not in err and "hidden-as-well" not in err and "tok-0123" not in err


def test_ctrl_c_before_the_command_runs_is_one_line_and_130(capsys, monkeypatch):
    def interrupted(source):
        raise KeyboardInterrupt

    monkeypatch.setattr("analyzer.live.is_live_source", interrupted)  # runs before user_errors()
    code, out, err = console(capsys, "scan", str(BOARD))
    assert (code, out, err) == (130, "", "backlog-analyzer: error: interrupted\n")


def test_ctrl_c_while_typer_builds_the_commands_is_one_line_and_130(capsys, monkeypatch):
    def interrupted(typer_app):
        raise KeyboardInterrupt

    monkeypatch.setattr(typer.main, "get_command", interrupted)
    code, out, err = console(capsys, "classify", "--file", "-")
    assert (code, out, err) == (130, "", "backlog-analyzer: error: interrupted\n")


@pytest.mark.parametrize(
    "raised",
    [
        "KeyboardInterrupt",
        # Ctrl-C inside a class body (a dataclass field's __set_name__) on Python 3.11
        "RuntimeError('Error calling __set_name__') from KeyboardInterrupt()",
    ],
    ids=["plain", "wrapped"],
)
def test_ctrl_c_while_the_commands_load_is_one_line_and_130(raised):
    script = (
        "import builtins, runpy, sys\n"
        "real = builtins.__import__\n"
        "def interrupted(name, globals=None, locals=None, fromlist=(), level=0):\n"
        "    if name == 'analyzer' and fromlist and 'commands' in fromlist:\n"
        f"        raise {raised}\n"
        "    return real(name, globals, locals, fromlist, level)\n"
        "builtins.__import__ = interrupted\n"
        "sys.argv = ['backlog-analyzer', '--help']\n"
        "runpy.run_module('analyzer.cli', run_name='__main__')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=30
    )
    assert (done.returncode, done.stdout) == (130, "")
    assert done.stderr == "backlog-analyzer: error: interrupted\n"


@pytest.mark.parametrize("format_name", ["text", "json"])
def test_output_piped_into_head_ends_quietly(format_name, tmp_path):
    many = tmp_path / "many.txt"  # megabytes of output: far more than a pipe holds
    many.write_text("\n".join(f"Roadmap item {n} for the quarter" for n in range(3000)))
    command = [sys.executable, "-m", "analyzer.cli", "classify", "--file", str(many)]
    producer = subprocess.Popen(
        [*command, "--format", format_name],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert producer.stdout is not None and producer.stdout.read(10)
    producer.stdout.close()  # what `| head -c 10` does
    err = producer.stderr.read() if producer.stderr else b""
    assert producer.wait(timeout=60) == 0 and err == b""


def test_a_file_name_that_is_not_utf8_is_reported_and_written(tmp_path):
    undecodable = tmp_path / os.fsdecode(b"board-\xfe.json")  # bytes a Linux file name may hold
    undecodable.write_bytes(BOARD.read_bytes())
    out = tmp_path / os.fsdecode(b"report-\xfd.json")
    done = subprocess.run(
        [sys.executable, "-m", "analyzer.cli", "scan", undecodable, "-o", out],
        cwd=ROOT,
        capture_output=True,
        env={**os.environ, "LC_ALL": "C.UTF-8", "PYTHONIOENCODING": "utf-8"},  # strict stdout
        timeout=60,
    )
    assert done.returncode == 0 and done.stderr == b"", done.stderr
    assert b"Wrote the json report to " in done.stdout and b"report-\\udcfd.json" in done.stdout
    origin = json.loads(out.read_text(encoding="utf-8"))["source"]["origin"]
    assert origin == str(undecodable)  # the JSON escape \udcfe reads back as the same name


def test_a_terminal_that_cannot_show_a_character_gets_an_escape_not_a_crash():
    done = subprocess.run(
        [sys.executable, "-m", "analyzer.cli", "classify", "Roadmap — pricing for Q3"],
        cwd=ROOT,
        capture_output=True,
        env={**os.environ, "PYTHONIOENCODING": "latin-1"},
        timeout=30,
    )
    assert done.returncode == 0 and done.stderr == b""
    assert b"Roadmap \\u2014 pricing for Q3" in done.stdout


@pytest.mark.parametrize(
    "command", [["fetch", "trello", "-b", "PayPlt01"], ["scan", "trello", "X"]]
)
def test_a_bad_trello_url_override_is_one_line(cli_home, monkeypatch, command):
    monkeypatch.setenv("BACKLOG_ANALYZER_TRELLO_URL", "notaurl")
    monkeypatch.setenv("TRELLO_API_KEY", "k")
    monkeypatch.setenv("TRELLO_TOKEN", "t")
    result = run(*command, "--db", cli_home / "t.db")
    assert result.exit_code == 2
    assert "$BACKLOG_ANALYZER_TRELLO_URL must be an http(s) URL, got 'notaurl'" in (
        one_error_line(result)
    )


@pytest.mark.parametrize("args", [["classify", "Q3 roadmap"], ["--help"]])
def test_a_full_disk_on_stdout_is_one_line_and_74(args):
    if not Path("/dev/full").exists():
        pytest.skip("needs /dev/full")
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "analyzer.cli", *args],
            cwd=ROOT,
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=30,
        )
    assert done.returncode == 74
    assert done.stderr == "backlog-analyzer: error: cannot write: No space left on device\n"


def test_an_os_error_nothing_reported_names_its_file(capsys, monkeypatch):
    def unreadable(*args, **kwargs):
        raise PermissionError(13, "Permission denied", "/srv/board.json")

    monkeypatch.setattr("analyzer.pipeline.scan_files", unreadable)
    code, out, err = console(capsys, "scan", str(BOARD))
    assert (code, out) == (74, "")
    assert err == "backlog-analyzer: error: /srv/board.json: Permission denied\n"


@pytest.mark.parametrize("args", [["--help"], ["scan", "--help"], ["fetch"]])
def test_help_into_a_closed_pipe_ends_quietly_with_0(args):
    reader, writer = os.pipe()
    os.close(reader)  # nobody reads: every write gets EPIPE, as after `| head -c 1` exits
    try:
        done = subprocess.run(
            [sys.executable, "-m", "analyzer.cli", *args],
            cwd=ROOT,
            stdout=writer,
            stderr=subprocess.PIPE,
            timeout=30,
        )
    finally:
        os.close(writer)
    assert (done.returncode, done.stderr) == (0, b"")  # the reader left: nothing to report
