"""The rough edges session 35's README walk left (benchmarks/HISTORY.md, "Noticed and left"): the
tool's own output files given as the export, ``train -o`` into a missing folder, a live source with
no items said of as an export, ``--threshold 60``, and a review worksheet's items with no text."""

from __future__ import annotations

import csv
import io
import json
from html import unescape
from pathlib import Path

import pytest
from typer.testing import CliRunner

import analyzer.live as live_lib
from analyzer.cli import app
from analyzer.no_items import NO_BALANCE, no_items
from analyzer.report import SourceInfo
from connectors.exports.own_files import own_file_problem
from models.classifier import ARTIFACT
from tests.cli_helpers import against_fake, one_error_line
from tests.fakes import jira_cli
from tests.fakes.jira_cli import run as jira_run
from tests.fakes.trello_server import CREDENTIALS_ENV, FakeTrello, board_json

FIXTURES = Path(__file__).parent / "fixtures"
BOARD = FIXTURES / "trello_board_basic.json"
OTHER = FIXTURES / "trello_board_with_archived_cards.json"

# the fake Jira and the CLI against it (tests/fakes/jira_cli.py), as tests/test_live_cli.py
fake, env = jira_cli.fake, jira_cli.env

pytestmark = pytest.mark.usefixtures("keyword_model")


def run(*args):
    return CliRunner().invoke(app, [str(a) for a in args])


# -- the tool's own files where an export goes ----------------------------------------------------


@pytest.mark.parametrize(
    ("name", "made_by", "said"),
    [
        (
            "items.csv",
            ("scan", BOARD, "-o"),
            "is a backlog-analyzer item table (written by scan … -o items.csv), not an export",
        ),
        ("items.jsonl", ("scan", BOARD, "-o"), "holds backlog-analyzer's item lines"),
        (
            "report.json",
            ("scan", BOARD, "--format", "json", "-o"),
            "is a backlog-analyzer JSON report (--format json: schema_version, verdict",
        ),
        (
            "portfolio.json",
            ("scan", BOARD, OTHER, "--format", "json", "-o"),
            "is a backlog-analyzer portfolio report",
        ),
    ],
)
def test_a_file_the_tool_wrote_is_refused_as_an_export(cli_home: Path, name, made_by, said):
    # `scan items.csv` read the tool's own item table as a Jira CSV ("Jira issues", exit 0); a
    # JSON report was "JSON but not a Trello board export", a portfolio "a tool's own records".
    path = cli_home / name
    assert run(*made_by, path).exit_code == 0
    for args in (("scan", path), ("scan", BOARD, path), ("import", path)):
        result = run(*args)
        assert result.exit_code == 2, (args, result.output)
        line = one_error_line(result)
        assert said in line and "scan the export it was made from" in line, line


def test_the_tools_json_is_known_reformatted_and_a_classify_output_too() -> None:
    # jq keeps the keys' order: a report or item line reformatted is still known
    assert own_file_problem('{"schema_version":"2","verdict":{"status":"ok"}}')
    assert own_file_problem('{ "board" : null , "source" : "jira", "key": "P-1"}\n')
    assert own_file_problem('{"board": "Roadmap", "runs": []}')  # report --history --format json
    said = own_file_problem('[\n  {"text": "Roadmap", "label": "strategic"}\n]')
    assert said and "classify output" in said[0]


@pytest.mark.parametrize(
    "text",
    [
        '{"id": "5f00", "name": "Board", "cards": [], "lists": []}',
        '{"expand": "schema,names", "startAt": 0, "issues": []}',
        '[{"key": "P-1", "fields": {"summary": "x"}}]',
        '{"board": {"id": 1}, "source": "x"}',  # a board object, not the tool's string
        "Summary,Issue key,Issue id,Board,Source,Confidence\nA,P-1,1,B,S,high\n",
        "Board,Source,Key,Summary,Issue key,Issue id\nB,S,K,A,P-1,1\n",
    ],
)
def test_an_export_is_not_taken_for_the_tools_own_file(text) -> None:
    assert own_file_problem(text) is None


# -- train -o into a missing folder ---------------------------------------------------------------


def test_train_into_a_missing_folder_is_refused_as_a_reports_output(cli_home: Path) -> None:
    # A report's -o refuses a missing folder (README); train made it (a typo left a stray folder).
    result = run("train", "-o", cli_home / "nodir" / "m.json")
    assert result.exit_code == 2
    assert one_error_line(result).endswith(
        "nodir/m.json: the folder " + str(cli_home / "nodir") + " does not exist; create it or "
        "pick another --output"
    )
    assert not (cli_home / "nodir").exists()
    (cli_home / "afile").write_text("x")
    result = run("train", "-o", cli_home / "afile" / "m.json")
    assert result.exit_code == 2 and "is a file, not a folder" in one_error_line(result)


# -- --threshold 60 -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ("scan", BOARD),
        ("report",),
        ("review", BOARD),
        ("classify", "Roadmap"),
        ("evaluate", FIXTURES / "model_labelled.csv"),
    ],
    ids=lambda c: c[0],
)
def test_a_percentage_as_threshold_suggests_the_share(cli_home: Path, command) -> None:
    result = run(*command, "--threshold", "60")
    assert result.exit_code == 2
    assert one_error_line(result).endswith(
        "--threshold must be between 0 and 1, got 60; a share, not a percentage: for 60 % give 0.6"
    )
    result = run(*command, "--threshold", "1.5")  # no whole percentage: no guess
    assert one_error_line(result).endswith("--threshold must be between 0 and 1, got 1.5")


# -- a live source with no items ------------------------------------------------------------------


def test_a_jira_query_matching_nothing_says_so_not_the_export(env, fake) -> None:
    result = jira_run("scan", "jira", "project = DEMO AND labels = nope", "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    said = (
        "The query 'project = DEMO AND labels = nope' matched no issues, so there is no balance "
        "to report; try it in Jira's issue search, or give another query or project."
    )
    assert said in report["notes"]
    assert report["verdict"]["limits"] == [said.replace("no balance to report", "nothing to judge")]
    assert "export" not in jira_run("scan", "jira", "project = DEMO AND labels = nope").stdout
    html = env / "r.html"
    assert jira_run("scan", "jira", "project = DEMO AND labels = nope", "-o", html).exit_code == 0
    shown = unescape(html.read_text(encoding="utf-8"))
    assert shown.count(said) == 1  # in the summary, not again among the notes


def test_a_trello_board_with_no_cards_says_so(monkeypatch, tmp_path: Path) -> None:
    against_fake(monkeypatch, tmp_path, CREDENTIALS_ENV, timeout=0.5)
    board = board_json()
    board["cards"], board["actions"], board["checklists"] = [], [], []
    with FakeTrello([board], rate_limit=None) as server:
        monkeypatch.setenv(live_lib.API_URL_ENV, server.url)
        result = run("scan", "trello", board["shortLink"], "--format", "json")
    assert result.exit_code == 0, result.output
    notes = json.loads(result.stdout)["notes"]
    said = f"The board {board['name']!r} has no cards, so there is no balance to report; "
    assert notes[0].startswith(said)


def test_no_items_names_an_export_a_project_and_a_board() -> None:
    def said(name: str, kind: str, origin: str | None) -> str:
        return no_items(SourceInfo(name, kind, origin), NO_BALANCE)

    export = "The export holds no items, so there is no balance to report."
    assert said("Jira issues", "jira", "issues.csv") == export
    assert said("Board", "trello", None) == export
    assert said("DEMO (Demo Onboarding)", "jira", "https://x.atlassian.net").startswith(
        "The project DEMO (Demo Onboarding) has no issues"
    )
    assert said("OPS", "jira", "https://x.atlassian.net").startswith("The project OPS has")


def test_an_empty_exports_html_says_it_once_in_its_own_words(cli_home: Path) -> None:
    empty = cli_home / "empty.json"
    empty.write_text('{"id": "5f00000000000000000000a1", "name": "E", "cards": [], "lists": []}')
    assert run("scan", empty, "-o", cli_home / "r.html").exit_code == 0
    html = (cli_home / "r.html").read_text(encoding="utf-8")
    assert html.count("The export holds no items, so there is no balance to report.") == 0
    assert "This board has no items, so there is no balance." in html


# -- review: an item with no text ----------------------------------------------------------------


def test_review_asks_about_an_item_with_no_text_last(cli_home: Path) -> None:
    board = json.loads(BOARD.read_text(encoding="utf-8"))
    blank = dict(board["cards"][0], id="65a0f0000000000000000c99", shortLink="blank001")
    blank.update(name="", desc="", idLabels=[], labels=[], idChecklists=[])
    board["cards"].insert(0, blank)
    path = cli_home / "board.json"
    path.write_text(json.dumps(board), encoding="utf-8")

    def rows(count: int) -> list[dict]:
        # the bundled model says why an item with no text is uncertain (the keyword model does not)
        result = run("review", path, "-n", count, "--model", ARTIFACT)
        assert result.exit_code == 0, result.output
        return list(csv.DictReader(io.StringIO(result.stdout.lstrip("\ufeff"))))

    every = rows(10)
    assert len(every) == len(board["cards"])
    assert every[-1]["item"] == "blank001"
    assert every[-1]["reason"] == "uncertain: no title or description to read"
    assert "blank001" not in [r["item"] for r in rows(len(board["cards"]) - 1)]
