"""What session 35 noticed and left (its note, "Left, and what we noticed"): ``train -o`` over a
file made read-only; several live sources in one report, all or some of them empty."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import analyzer.live as live_lib
from analyzer.cli import app
from analyzer.no_items import NO_BALANCE, empty_parts, no_items
from analyzer.report import SourceInfo
from connectors.interface import BoardPart
from tests.cli_helpers import against_fake, one_error_line
from tests.fakes import jira_cli
from tests.fakes.jira_cli import run as jira_run
from tests.fakes.trello_server import CREDENTIALS_ENV, FakeTrello, board_json

FIXTURES = Path(__file__).parent / "fixtures"
BOARD = FIXTURES / "trello_board_basic.json"

# the fake Jira and the CLI against it (tests/fakes/jira_cli.py), as tests/test_live_cli.py
fake, env = jira_cli.fake, jira_cli.env

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


# -- several live sources, none (or some) with items ----------------------------------------------


def _empty_projects(fake, *keys: str) -> None:
    for n, key in enumerate(keys):
        fake.projects[key] = {"id": f"1009{n}", "key": key, "name": f"{key.title()} Team"}


def test_several_empty_jira_projects_are_named_each_with_what_to_check(env, fake) -> None:
    # The merged name was read as one project: "The project OPS (Ops Team), WEB (Web Team) has
    # no issues, so …; check its key, …".
    _empty_projects(fake, "OPS", "WEB")
    result = jira_run("scan", "jira", "OPS,WEB", "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    said = (
        "The projects OPS (Ops Team) and WEB (Web Team) have no issues, so there is no balance to "
        "report; check their keys, or that this account may browse their issues."
    )
    assert report["notes"][0] == said
    assert report["verdict"]["limits"] == [said.replace("no balance to report", "nothing to judge")]
    assert set(report["source"]) == {"name", "kind", "origin"}  # the JSON's shape as before


def test_an_empty_project_beside_others_is_named_not_passed_over(env, fake) -> None:
    _empty_projects(fake, "OPS")
    result = jira_run("scan", "jira", "DEMO,OPS", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["notes"][0] == (
        "The project OPS (Ops Team) has no issues: this report covers the other project; check "
        "its key, or that this account may browse its issues."
    )
    assert "has no issues" not in jira_run("scan", "jira", "DEMO").stdout


def test_several_empty_trello_boards_are_named_each(monkeypatch, tmp_path: Path) -> None:
    against_fake(monkeypatch, tmp_path, CREDENTIALS_ENV, timeout=0.5)
    boards = []
    for n, name in enumerate(("Roadmap", "Ops, Q3")):
        board = board_json()
        board.update(id=f"5f00000000000000000000b{n}", shortLink=f"Empty00{n}", name=name)
        board["cards"], board["actions"], board["checklists"] = [], [], []
        boards.append(board)
    with FakeTrello(boards, rate_limit=None) as server:
        monkeypatch.setenv(live_lib.API_URL_ENV, server.url)
        result = run("scan", "trello", "Empty000,Empty001", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["notes"][0] == (
        "The boards 'Roadmap' and 'Ops, Q3' have no cards, so there is no balance to report; add "
        "cards on Trello or scan other boards."
    )


def test_a_store_of_several_kinds_says_each_kinds_advice() -> None:
    url = "https://acme.atlassian.net"
    parts = (
        BoardPart("OPS (Ops)", "jira", url, 0),
        BoardPart("project = OPS AND labels = x", "jira", url, 0),
        BoardPart("Roadmap", "trello", "https://trello.com/b/AbCd1234/roadmap", 0),
        BoardPart("Sales", "trello", "exports/sales.json", 0),
    )
    source = SourceInfo("OPS (Ops), …", "jira+trello", url, parts)
    assert no_items(source, NO_BALANCE) == (
        "The project OPS (Ops) has no issues, the query 'project = OPS AND labels = x' matched "
        "no issues, the board 'Roadmap' has no cards and the export sales.json holds no items, "
        "so there is no balance to report; the project: check its key, or that this account may "
        "browse its issues; the query: try it in Jira's issue search, or give another query or "
        "project; the board: add cards on Trello or scan another board."
    )
    assert empty_parts(source) is None  # all empty: no_items says it
    one = (BoardPart("Web", "trello", "web.json", 3), parts[3])
    assert empty_parts(SourceInfo("Web, Sales", "trello", "web.json; …", one)) == (
        "The export sales.json holds no items: this report covers the other board."
    )
    exports = (BoardPart("A", "jira", "a.csv", 0), BoardPart("B", "jira", "b.csv", 0))
    assert no_items(SourceInfo("A, B", "jira", "a.csv; b.csv", exports), NO_BALANCE) == (
        "The exports a.csv and b.csv hold no items, so there is no balance to report."
    )
