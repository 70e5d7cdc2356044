"""Counts in the rendered reports group thousands as the rest of the report does (session 28:
nice_it_prod_jira.csv's HTML read "By kind: created 1110, commented 1649" under cards saying
1,139 and 2,759; the terminal "Activity by kind: created 1110", its Balance table "1139")."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from ownership_boards import T0, Builder, KeywordModel

from analyzer.formats import get_format
from analyzer.pipeline import scan_board
from connectors.interface import ActivityKind
from tests.cli_helpers import flat


@pytest.fixture(scope="module")
def report():
    b = Builder("jira")
    b.person("ana", "Ana")
    for n in range(1_200):
        b.item(f"K-{n}", "tactical", title=f"Fix bug {n}", status="Done" if n % 2 else "To Do")
        b.act(f"K-{n}", "ana", ActivityKind.CREATED, T0 + timedelta(hours=n))
    return scan_board(b.board, KeywordModel())


def test_the_terminal_report_groups_its_counts(report):
    out = flat(get_format("table", width=100).render(report))
    assert "Activity by kind: created 1,200" in out  # was "created 1200"
    assert "Total 1,200 1,200" in out  # the Balance table
    assert "(+1,195 more)" in out  # a flag's items beyond those listed


def test_markdown_groups_its_counts(report):
    out = get_format("markdown").render(report)
    assert "| created | 1,200 |" in out and "| **Total** | 1,200 |" in out
    assert "| **Items** | 1,200 (" in out


def test_done_and_archived_items_are_grouped(report):
    from dataclasses import replace

    from analyzer.formats._common import closed_text

    summary = replace(report.summary, done_items=1_500, closed_items=2_000)
    assert closed_text(summary) == "1,500 done, 2,000 archived"


def test_html_groups_its_counts(report):
    out = get_format("html").render(report)
    assert "By kind: created 1,200," in out and "<h2>All items (1,200)</h2>" in out
    assert ">1,200 of 1,200 shown<" in out and 'toLocaleString("en-US")' in out


def test_the_json_keeps_its_numbers(report):
    data = json.loads(get_format("json").render(report))
    assert data["summary"]["activities_by_kind"]["created"] == 1200
