"""What session 35 noticed and left (its note, "Left, and what we noticed"): ``train -o`` over a
file made read-only."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from analyzer.cli import app
from tests.cli_helpers import one_error_line

FIXTURES = Path(__file__).parent / "fixtures"
BOARD = FIXTURES / "trello_board_basic.json"

pytestmark = pytest.mark.usefixtures("keyword_model")


def run(*args):
    return CliRunner().invoke(app, [str(a) for a in args])


# -- a read-only --output -------------------------------------------------------------------------


def test_train_over_a_read_only_model_is_refused_before_training(cli_home: Path, monkeypatch):
    # save_model wrote the file itself: `chmod a-w` held for other users, never for root.
    out = cli_home / "m.json"
    out.write_text("the model I keep\n")
    out.chmod(0o444)
    monkeypatch.setattr(
        "analyzer.commands.classify.train_model", lambda *a: pytest.fail("trained first")
    )
    result = run("train", "-o", out)
    assert result.exit_code == 2
    assert one_error_line(result) == (
        f"backlog-analyzer: error: {out}: the file is read-only; make it writable or pick "
        "another --output"
    )
    assert out.read_text() == "the model I keep\n"
    assert sorted(p.name for p in cli_home.iterdir()) == ["m.json"]


def test_train_into_a_folder_says_so_as_a_reports_output_does(cli_home: Path) -> None:
    result = run("train", "-o", cli_home)
    assert result.exit_code == 2
    assert one_error_line(result).endswith(": is a directory; give a file name for --output")


def test_review_over_a_read_only_worksheet_is_refused(cli_home: Path) -> None:
    out = cli_home / "review.csv"
    out.write_text("kept\n")
    out.chmod(0o444)
    result = run("review", BOARD, "-o", out)
    assert result.exit_code == 2
    assert one_error_line(result).endswith(
        "review.csv: the file is read-only; make it writable or pick another --output"
    )
    assert out.read_text() == "kept\n"
