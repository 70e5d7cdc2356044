"""Session 25: a verdict without errors or warnings says "Roles, roadmap and backlog look owned"
only when its Roadmap and Backlog lines show owners; a board without tactical work says why
nobody acts as PO."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from ownership_boards import Builder, K, KeywordModel

from analyzer.formats import get_format
from analyzer.pipeline import scan_board
from models.interface import STRATEGIC, TACTICAL


def _board(*, tactical: bool, ranked: bool) -> Builder:
    """Two people editing eight roadmap items for six months; with ``tactical``, stories too;
    ``ranked``: one of them re-ranks items (else the export records no prioritisation)."""
    b = Builder("jira")
    alice = b.person("u-alice", "Alice Martin", "alice@example.com", "alicem")
    carl = b.person("u-carl", "Carl Dunn", "carl@example.com", "carld")
    for n in range(8):
        title = f"Roadmap theme {n}: market research"
        b.item(f"S{n}", STRATEGIC, title=title, key=f"PRJ-{n + 1}", type="Epic", assignee=alice)
        if tactical:
            title = f"Story {n}: fix the form"
            b.item(f"T{n}", TACTICAL, title=title, key=f"PRJ-{n + 20}", assignee=carl)
    for month in range(6):
        for k in range(12):
            when = datetime(2024, month + 1, 2 + k, 10)
            b.act(f"S{k % 8}", alice, K.COMMENTED, when, text="Updated the plan")
            later = when + timedelta(hours=1)
            if ranked:
                b.act(f"S{(k + 1) % 8}", carl, K.PRIORITISED, later, field="Rank")
            else:
                b.act(f"{'T' if tactical else 'S'}{k % 8}", carl, K.COMMENTED, later, text="Done")
    return b


def _verdict(b: Builder):
    report = scan_board(b.board, KeywordModel(), window="month")
    assert not [f for f in report.flags if f.severity in ("error", "warning")]
    return report, {line.topic: line for line in report.verdict.lines}


def test_a_board_without_tactical_work_says_nobody_owns_a_backlog():
    """It read "Roles, roadmap and backlog look owned." over "! Backlog  Nobody acts as PO"."""
    report, lines = _verdict(_board(tactical=False, ranked=True))
    assert report.summary.items.tactical == 0 and report.verdict.status == "healthy"
    assert lines["Backlog"].ok is False
    assert lines["Backlog"].text.startswith("No item reads as tactical work")
    headline = "The roadmap looks owned; nobody owns the backlog (no error or warning)."
    assert report.verdict.headline == headline
    assert lines["Drift"].ok is True  # steady at 100% strategic: no drift, rightly
    out = get_format("table", width=100).render(report)
    assert "look owned" not in out
    assert "Flags: none raised. The roadmap looks owned; nobody owns the backlog." in out


@pytest.mark.parametrize("fmt", ["table", "markdown", "html"])
def test_an_unjudged_backlog_is_not_said_owned(fmt):
    """No prioritisation recorded (a CSV export): the Backlog line is "Not judged", and the
    headline said it looked owned (freshdata3_pdp_farm_app_jira.csv)."""
    report, lines = _verdict(_board(tactical=True, ranked=False))
    assert lines["Backlog"].ok is None and lines["Backlog"].text.startswith("Not judged")
    assert "who owns the backlog is not judged" in report.verdict.headline
    assert "look owned" not in get_format(fmt, width=100).render(report)
