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
        with app_mod.user_errors():
            raise KeyboardInterrupt
    finally:
        app_mod._state["debug"] = False


def test_ctrl_c_is_one_line_and_130(capsys):
    with pytest.raises(typer.Exit) as stopped:
        _interrupted()
    assert stopped.value.exit_code == 130
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "interrupted" in err and "re-run to resume" in err


def test_ctrl_c_with_debug_shows_the_traceback_and_keeps_130(capsys):
    with pytest.raises(typer.Exit) as stopped:
        _interrupted("--debug")
    assert stopped.value.exit_code == 130
    err = capsys.readouterr().err
    assert err.startswith("Traceback (most recent call last):") and "KeyboardInterrupt" in err
