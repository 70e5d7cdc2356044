import re

import pytest
import typer
from typer.testing import CliRunner

import analyzer.app as app_mod
from analyzer.cli import app


def test_help_lists_the_tool():
    result = CliRunner().invoke(app, ["--help"])
    assert result.exit_code == 0
    assert "product work" in result.output


def _interrupted(*args: str):
    app_mod._state["debug"] = "--debug" in args
    try:
        with app_mod.user_errors(*(a for a in args if a != "--debug")):
            raise KeyboardInterrupt
    finally:
        app_mod._state["debug"] = False


def test_ctrl_c_is_one_line_and_130(capsys):
    with pytest.raises(typer.Exit) as stopped:
        _interrupted()
    assert stopped.value.exit_code == 130
    assert capsys.readouterr().err == "backlog-analyzer: error: interrupted\n"
    with pytest.raises(typer.Exit):
        _interrupted(app_mod.INTERRUPTED_FETCH)  # fetch commands: what a re-run does
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "everything fetched so far is kept, re-run to resume" in err


def test_ctrl_c_with_debug_shows_the_traceback_and_keeps_130(capsys):
    with pytest.raises(typer.Exit) as stopped:
        _interrupted("--debug")
    assert stopped.value.exit_code == 130
    err = capsys.readouterr().err
    assert err.startswith("Traceback (most recent call last):") and "KeyboardInterrupt" in err


def _main(capsys, *args: str) -> tuple[int, str, str]:
    """Run the app as the console script does (not through CliRunner)."""
    with pytest.raises(SystemExit) as stopped:
        app(args=list(args), prog_name="backlog-analyzer")
    out, err = capsys.readouterr()
    return stopped.value.code, out, err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["scan"], "Missing argument 'SOURCE'; see 'backlog-analyzer scan --help'"),
        (["scan", "x.json", "--bogus"], "No such option: --bogus"),
        (["scan", "x.json", "-t", "abc"], "Invalid value for '--threshold'"),
        (["nosuch"], "No such command 'nosuch'; see 'backlog-analyzer --help'"),
        (["fetch", "jira", "--timeout"], "Option '--timeout' requires an argument"),
        (["scan", "x.json", "--debug"], "--debug goes before the command"),
    ],
)
def test_usage_errors_are_one_line_and_exit_2(capsys, args, message):
    code, out, err = _main(capsys, *args)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("backlog-analyzer: error: ") and message in err


def test_help_and_exit_codes_of_the_console_script(capsys, tmp_path):
    code, out, err = _main(capsys, "--help")
    assert code == 0 and "Usage: backlog-analyzer" in out and err == ""
    code, out, _ = _main(capsys)  # no arguments: the help, once
    assert code == 2 and out.count("Usage: backlog-analyzer") == 1
    code, _, err = _main(capsys, "scan", str(tmp_path / "missing.json"))
    assert code == 2 and err.count("\n") == 1 and "no such file" in err
    code, out, _ = _main(capsys, "classify", "Q3 roadmap draft")
    assert code == 0 and "roadmap" in out


@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_version_prints_the_installed_version(capsys, flag):
    from importlib.metadata import version

    code, out, err = _main(capsys, flag)
    assert code == 0 and err == ""
    assert out == f"backlog-analyzer {version('backlog-analyzer')}\n"


@pytest.mark.parametrize(
    "args, usage",
    [
        (["-h"], "Usage: backlog-analyzer [OPTIONS] COMMAND"),
        (["scan", "-h"], "Usage: backlog-analyzer scan"),
        (["fetch", "jira", "-h"], "Usage: backlog-analyzer fetch jira"),
        (["classify", "-h"], "Usage: backlog-analyzer classify"),
    ],
)
def test_dash_h_is_help_everywhere(capsys, args, usage):
    code, out, err = _main(capsys, *args)
    assert code == 0 and err == ""
    assert usage in " ".join(out.split())


@pytest.mark.parametrize(
    "args, usage",
    [
        # It read "scan [OPTIONS] {SOURCE} [[TARGET | FILE...]]...": brackets in the metavar too.
        (["scan"], "[OPTIONS] {SOURCE} [TARGET | FILE]..."),
        # It read "train [OPTIONS] [FILE]...", a FILE no help explained: the article files
        # that follow --docs (`--docs articles/*.md`).
        (["train"], "train [OPTIONS] [--docs FILE]..."),
        # It read "review [OPTIONS] [[SOURCE]] [[TARGET]]" (session 31).
        (["review"], "review [OPTIONS] [SOURCE] [TARGET]"),
    ],
)
def test_usage_lines_say_what_follows_the_options(capsys, args, usage):
    code, out, _ = _main(capsys, *args, "--help")
    assert code == 0 and usage in " ".join(out.split())
    assert "[[" not in out


@pytest.mark.parametrize("command", ["scan", "report"])
def test_format_help_names_every_suffix_that_picks_a_format(capsys, command):
    # `-o items.csv` writes the csv format; the help listed .json, .md, .html, .txt only and said
    # "another suffix needs --format" (docs/scan.md lists them all).
    from analyzer.formats import FORMATS

    code, out, _ = _main(capsys, command, "--help")
    assert code == 0
    words = " ".join(word for word in out.split() if word != "│")  # the box's wrapped lines
    for fmt in FORMATS.values():
        for suffix in fmt.suffixes:
            assert re.search(re.escape(suffix) + "[,;]", words), suffix
    assert "another suffix needs --format" in words
