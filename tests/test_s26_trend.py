"""Session 26: what a new user's review found the portfolio and the report JSON to say apart.

1. The portfolio's Trend (the last judged window's strategic share minus the one before) read
   "-6 pts" on freshdata gorillalabs (pacs-spark) whose Drift line said "the board had no
   strategic work before and some recently: 0% before, 3% recently"; egs_roadmap "±0 pts" against
   "2% before, 0%"; gocd "+2 pts" against "2% → 7%". The Trend now is the board's own Drift
   line: its shares before → recently and its word (drifting, moved), in every format.
2. A steady board whose strategic share fell to none, rose from none, doubled or halved reads a
   grey "moved" chip, but its JSON ``board_drift`` said only ``steady``: ``moved`` says how.
"""

from __future__ import annotations

import io
import json
from dataclasses import replace
from pathlib import Path

import pytest
from ownership_boards import KeywordModel, drift_board, healthy_board

from analyzer.drift import STEADY, board_drift
from analyzer.formats import get_format
from analyzer.pipeline import scan_board
from analyzer.portfolio import build_portfolio
from analyzer.roles import Roles
from tests.test_report_schema import validate
from tests.test_verdict import _board_windows

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((ROOT / "analyzer" / "schema" / "portfolio.schema.json").read_text("utf-8"))
REPORT_SCHEMA = json.loads((ROOT / "analyzer" / "schema" / "report.schema.json").read_text("utf-8"))


def _write(name: str, portfolio, **kw) -> str:
    out = io.StringIO()
    get_format(name, **kw).write_portfolio(portfolio, out)
    return out.getvalue()


@pytest.fixture(scope="module")
def drifting():
    """Six months: 50% strategic before, 8% over May and June; May and June alike."""
    return scan_board(drift_board("jira").board, KeywordModel(), window="month")


def _with_drift(report, *counts: tuple[int, int]):
    return replace(report, board_drift=board_drift(_board_windows(*counts), Roles()))


# -- 1. the portfolio's Trend is the board's Drift line ------------------------------------------


def test_the_trend_is_the_boards_drift_not_its_last_two_windows(drifting):
    """The last two windows alike read "±0 pts" while the board's report said it drifted."""
    assert drifting.board_drift.message.startswith("the board moved toward tactical work")
    (row,) = build_portfolio([drifting]).rows
    assert (row.trend.before, row.trend.recent) == (
        drifting.board_drift.baseline_share,
        drifting.board_drift.recent_share,
    )
    said = " ".join(_write("markdown", build_portfolio([drifting])).split())
    assert "| 50% → 8% drifting |" in said and "pts" not in said.split("---")[0]


@pytest.mark.parametrize(
    ("counts", "cell"),
    [
        (((0, 50), (0, 50), (2, 48), (1, 49)), "0% → 3% moved"),  # the last window fell 2 points
        (((1, 49), (1, 49), (0, 50), (0, 50)), "2% → 0% moved"),  # "±0 pts"
        (((1, 49), (1, 49), (3, 47), (4, 46)), "2% → 7% moved"),
        (((9, 41), (9, 41), (8, 42), (9, 41)), "18% → 17%"),  # steady: no word
    ],
)
def test_every_format_says_the_drift_lines_shares_and_word(drifting, counts, cell):
    report = _with_drift(drifting, *counts)
    built = build_portfolio([report])
    assert f"| {cell} |" in _write("markdown", built)
    assert f">{cell}</td>" in _write("html", built)
    terminal = " ".join(_write("table", built, width=120).split("=" * 20)[0].split())
    assert cell.replace(" → ", "→") in terminal and "before → recently" in terminal
    doc = json.loads(_write("json", built))
    assert not validate(doc, SCHEMA, SCHEMA)
    trend = doc["portfolio"][0]["trend"]
    drift = report.board_drift
    assert trend["status"] == STEADY and trend["moved"] == drift.moved
    assert trend["before_windows"] == drift.baseline_windows
    assert trend["recent_windows"] == drift.windows


def test_a_portfolio_html_sorts_the_trend_by_its_move(drifting):
    built = build_portfolio([drifting, _with_drift(drifting, (1, 49), (1, 49), (3, 47), (4, 46))])
    page = _write("html", built)
    assert 'data-sort="-0.4167">50% → 8% drifting</td>' in page
    assert 'data-sort="0.0500">2% → 7% moved</td>' in page


# -- 2. the JSON says a steady board "moved" -------------------------------------------------------


@pytest.mark.parametrize(
    ("counts", "moved"),
    [
        (((1, 49), (1, 49), (0, 50), (0, 50)), "fell to none"),
        (((0, 50), (0, 50), (2, 48), (1, 49)), "rose from none"),
        (((1, 49), (1, 49), (3, 47), (3, 47)), "doubled"),
        (((3, 47), (3, 47), (1, 49), (1, 49)), "halved"),
        (((9, 41), (9, 41), (8, 42), (9, 41)), None),  # steady
        (((0, 400), (1, 400), (0, 400), (1, 400)), None),  # next to no strategic work
        (((10, 10), (10, 10), (1, 19), (1, 19)), None),  # drifting: its status says it
    ],
)
def test_the_json_board_drift_says_how_a_steady_board_moved(drifting, counts, moved):
    drift = board_drift(_board_windows(*counts), Roles())
    assert drift.moved == moved and drift.to_dict()["moved"] == moved
    assert (moved is not None) == drift.moved_for_its_size
    doc = json.loads(get_format("json").render(_with_drift(drifting, *counts)))
    assert doc["board_drift"]["moved"] == moved
    assert not validate(doc, REPORT_SCHEMA, REPORT_SCHEMA)


def test_a_report_without_moved_still_validates():
    """Reports written before ``moved`` was added stay valid: it is optional."""
    report = scan_board(healthy_board("trello").board, KeywordModel(), window="month")
    doc = json.loads(get_format("json").render(report))
    if doc["board_drift"] is not None:
        del doc["board_drift"]["moved"]
    assert not validate(doc, REPORT_SCHEMA, REPORT_SCHEMA)
    assert "moved" not in REPORT_SCHEMA["$defs"]["boardDrift"]["required"]


def test_a_board_with_no_strategic_work_reads_none_not_a_steady_zero(drifting):
    """sidelineHD apps and Jira project CNED read "0% → 0%", like a measured steady balance,
    where their Drift line says "no strategic work to drift from" (session 31's walk)."""
    report = _with_drift(drifting, (0, 50), (0, 50), (0, 50), (0, 50))
    assert report.board_drift.message.startswith("the board has no strategic work")
    built = build_portfolio([report])
    assert "| none |" in _write("markdown", built)
    assert ">none</td>" in _write("html", built)
    terminal = _write("table", built, width=120).split("=" * 20)[0]
    assert "0%→0%" not in terminal and "0% → 0%" not in terminal
    row = next(line for line in terminal.splitlines() if line.startswith("Test board"))
    assert row.split()[-1] == "none"
    for name in ("markdown", "html", "table"):
        assert "none where the board has no strategic work" in " ".join(
            _write(name, built, **({"width": 120} if name == "table" else {})).split()
        )
    trend = json.loads(_write("json", built))["portfolio"][0]["trend"]
    assert (trend["before_share"], trend["recent_share"]) == (0, 0)  # machines keep the numbers
