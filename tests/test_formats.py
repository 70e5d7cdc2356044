"""Report formats render what the report holds: flags with evidence, balance against role, drift,
balance over time; and nothing breaks on odd text or an empty board."""

from __future__ import annotations

import json
from datetime import date

import pytest
from ownership_boards import KeywordModel, drift_board, roles_for

from analyzer.formats import FORMATS, UnknownFormatError, format_for_path, get_format
from analyzer.formats._common import evidence_text, sparkline
from analyzer.pipeline import scan_board
from analyzer.report import WindowStats
from connectors.interface import Board

ROLES = '[people]\n"Alice Martin" = "pm"\n"bobs" = "po"\n"Ghost" = "po"\n'


@pytest.fixture(scope="module")
def report():
    b = drift_board("jira")
    b.board.items[0].title = "Roadmap | and <b>markup</b> *stars* [link](x)"
    return scan_board(b.board, KeywordModel(), roles=roles_for(b.board, ROLES), window="month")


@pytest.fixture(scope="module")
def inferred():
    return scan_board(drift_board("trello").board, KeywordModel(), window="month")


def test_the_formats_are_registered():
    assert list(FORMATS) == ["table", "json", "markdown", "html", "csv", "jsonl"]
    assert format_for_path("r.md") == "markdown" and format_for_path("r.JSON") == "json"
    assert format_for_path("r.html") == "html" and format_for_path("r.pdf") is None
    assert format_for_path("items.csv") == "csv" and format_for_path("i.ndjson") == "jsonl"
    with pytest.raises(UnknownFormatError, match="choose one of: table, json, markdown, html, csv"):
        get_format("pdf")


def test_table_flags_have_code_severity_sentence_and_evidence(report):
    out = get_format("table", width=100).render(report)
    assert "Flags (1)" in out  # one flag per code: the person's drift and the board's, merged
    assert "WARNING   role-drift   Alice Martin (declared pm) drifted from 100% to 17%" in out
    assert out.count("role-drift") == 1
    assert "The board moved toward tactical work" in " ".join(out.split())
    assert "Items: PRJ-1" in out  # drift evidence: the tactical items behind the move
    assert "People: Alice Martin" in out
    assert "Dates: recent windows from 2024-05-01 to 2024-06-30" in out
    assert "Practice: Clear roles — every product responsibility has one named owner" in out
    assert max(len(line) for line in out.splitlines()) <= 100
    assert "\x1b[" not in out  # no colour unless asked


def test_table_balance_against_role_drift_and_time(report, inferred):
    out = get_format("table", width=100).render(report)
    assert "People — balance against role (roles from" in out
    assert "drifting (100% → 17% strategic)" in out and "on role" in out
    assert "████▂▂" in out  # Alice's monthly strategic share
    assert "Balance over time (per month)" in out
    assert "2024-05   2024-05-01     24        2      22      0   █░░░░░░░░░   8.3%" in out
    top = " ".join(out.split("Balance")[0].split())  # the verdict, before the first table
    assert "Roles file" in top and "'Ghost' (po) matches nobody on this board" in top
    out = get_format("table", width=100).render(inferred)
    assert "roles inferred from activity" in out and "pm (inferred)" not in out  # title says it


def test_table_colour_and_narrow_terminal(report):
    coloured = get_format("table", width=100, color=True).render(report)
    assert "\x1b[" in coloured
    narrow = get_format("table", width=60).render(report)
    assert max(len(line) for line in narrow.splitlines()) <= 60


def test_markdown_sections_and_escaping(report):
    out = get_format("markdown").render(report)
    for heading in (
        "## Flags",
        "## Balance against role",
        "### Drift",
        "## Balance over time (per month)",
        "## All items",
    ):
        assert heading in out
    assert (
        "- **🟠 warning** `role-drift` — Alice Martin (declared pm) drifted from 100% to 17%" in out
    )
    assert "  - People: Alice Martin" in out
    assert "  - Practice: *Clear roles* — every product responsibility" in out
    assert "  - Judged by: a window counts from 8 labelled activities" in out  # words, not keys
    assert "(`drift_min_activities`, " in out
    row = (
        "| Alice Martin | pm | 72 | `███████░░░` 72.2% | `████▂▂` | "
        "drifting (100% → 17% strategic) |"
    )
    assert row in out
    assert "Roadmap \\| and \\<b\\>markup\\</b\\> \\*stars\\* \\[link\\](x)" in out
    assert "<b>" not in out
    top = out.split("## Balance")[0]  # the verdict says the roles file's problems, once
    assert "**Roles file:**" in top and "Ghost" in top and out.count("Ghost") == 1
    assert "| 2024-05 | 2024-05-01 → 2024-05-31 | 24 | 2 | 22 | 0 |" in out


def test_markdown_says_when_roles_were_inferred(inferred):
    out = get_format("markdown").render(inferred)
    assert "Roles inferred from each person's activity (no roles file; a hint" in out
    assert "pass `--roles FILE`." in out and "No roles file:" not in out
    assert "Alice Martin (inferred pm) drifted" in out


def test_json_is_complete_and_stable(report):
    text = get_format("json").render(report)
    data = json.loads(text)
    assert len(data["items"]) == 16
    assert text == get_format("json").render(report)  # byte-stable
    assert data["windows"][0] == {
        "window": "2024-01",
        "start": "2024-01-01",
        "end": "2024-01-31",
        "activities": 24,
        "strategic": 12,
        "tactical": 12,
        "uncertain": 0,
        "strategic_share": 0.5,
        "judged": True,
    }
    assert "NaN" not in text and "Infinity" not in text


@pytest.mark.parametrize("name", ["table", "markdown", "json", "html", "csv", "jsonl"])
def test_every_format_renders_an_empty_board(name):
    report = scan_board(Board("b", "Empty", "trello"), KeywordModel())
    out = get_format(name).render(report)
    assert out.endswith("\n") or (name == "jsonl" and out == "")
    if name == "table":
        assert "Flags: none raised" in out
    if name == "markdown":
        assert "No flag raised" in out


def test_sparkline():
    def w(share, judged=True):
        return WindowStats("w", date(2024, 1, 1), date(2024, 1, 2), 10, 0, 0, 0, share, judged)

    assert sparkline([w(0.0), w(0.5), w(1.0), w(None), w(0.9, judged=False)]) == "▁▅█·█"
    assert sparkline([w(0.9, judged=False)], judged_only=True) == "·"


def test_evidence_text_caps_items_and_names_people(report):
    flag = report.flags[0]
    ev = evidence_text(flag, report.items_by_id(), report.people_by_id(), limit=2)
    assert len(ev.items) == 2 and ev.more_items == len(flag.evidence.items) - 2
    assert ev.items[0].startswith("PRJ-") and ev.people == ["Alice Martin"]
    assert ev.lines()[0].endswith(f"(+{ev.more_items} more)")


def test_a_practice_is_explained_once(report):
    import copy

    twice = copy.copy(report)
    twice.flags = [report.flags[0], report.flags[0]]
    table = get_format("table", width=100).render(twice)
    assert table.count("Practice: Clear roles") == 2
    assert table.count("every product responsibility") == 1
    md = get_format("markdown").render(twice)
    assert md.count("Practice: *Clear roles*") == 2
    assert md.count("every product responsibility") == 1


@pytest.mark.parametrize(
    ("alias", "name"), [("md", "markdown"), ("MD", "markdown"), ("htm", "html"), ("text", "table")]
)
def test_short_format_names_are_accepted(alias, name):
    from analyzer.formats import get_format as _get

    assert _get(alias).name == name


@pytest.mark.parametrize("name", ["table", "markdown", "json"])  # html: the same base method
def test_write_puts_render_text_on_a_stream(report, name):
    import io

    stream = io.StringIO()
    get_format(name).write(report, stream)
    assert stream.getvalue() == get_format(name).render(report)
