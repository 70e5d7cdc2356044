"""Several boards side by side: the portfolio rows, every format's layout, the CLI."""

from __future__ import annotations

import base64
import csv
import hashlib
import html
import io
import json
import re
from pathlib import Path

import pytest
from ownership_boards import KeywordModel, drift_board, healthy_board, roles_for
from typer.testing import CliRunner

from analyzer.cli import app
from analyzer.formats import get_format
from analyzer.pipeline import scan_board
from analyzer.portfolio import Trend, build_portfolio, strategic_share
from analyzer.report import LabelCounts
from tests.test_report_schema import validate

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
FIXTURES = Path(__file__).parent / "fixtures"
SCHEMA = json.loads((ROOT / "analyzer" / "schema" / "portfolio.schema.json").read_text("utf-8"))
REPORT_SCHEMA = json.loads((ROOT / "analyzer" / "schema" / "report.schema.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def reports():
    drifting = scan_board(drift_board("jira").board, KeywordModel(), window="month")
    healthy = scan_board(healthy_board("trello").board, KeywordModel(), window="month")
    healthy.source.name = "Team | <b>two</b>"
    return [drifting, healthy]


@pytest.fixture(scope="module")
def portfolio(reports):
    return build_portfolio(reports)


def _write(name: str, portfolio) -> str:
    out = io.StringIO()
    get_format(name).write_portfolio(portfolio, out)
    return out.getvalue()


def test_a_row_per_board_read_off_its_report(reports, portfolio):
    assert [r.anchor for r in portfolio.rows] == ["board-1", "board-2"]
    for row, report in zip(portfolio.rows, reports, strict=True):
        assert row.board == report.source.name and row.items == len(report.items)
        assert row.strategic_items == strategic_share(report.summary.items)
        assert sum(row.flags.values()) == len(report.flags)
        assert row.flag_codes == list(dict.fromkeys(f.code for f in report.flags))
        if row.trend is not None:  # the board's own Drift line (session 26)
            drift = report.board_drift
            shares = (drift.baseline_share, drift.recent_share)
            assert (row.trend.before, row.trend.recent) == shares
            assert row.trend.status == drift.status and row.trend.moved == drift.moved
    assert portfolio.flags["error"] == sum(r.flags.get("error", 0) for r in portfolio.rows)


def test_shares_are_of_all_items_as_each_board_report_states_them(reports, portfolio):
    assert strategic_share(LabelCounts(strategic=1, tactical=3, uncertain=6)) == 0.1
    assert strategic_share(LabelCounts(uncertain=2)) == 0.0
    assert strategic_share(LabelCounts()) is None
    for row, report in zip(portfolio.rows, reports, strict=True):
        assert row.strategic_items == report.summary.items.share("strategic")
        assert row.strategic_activity == report.summary.activities.share("strategic")


def test_ownership_cells_agree_with_each_boards_verdict():
    """A board whose export holds no prioritisation (comments only) leaves its backlog
    unjudged in its own verdict: the portfolio must not count it as needing attention."""
    from test_verdict import _tiny

    thin = scan_board(_tiny(6, 30).board, KeywordModel(), window="month")
    one = scan_board(_tiny(1, 1).board, KeywordModel(), window="month")  # too little: no verdict
    portfolio = build_portfolio([thin, one])
    lines = {line.topic: line.ok for line in thin.verdict.lines}
    row, small = portfolio.rows
    assert (row.roadmap_ok, row.backlog_ok) == (lines["Roadmap"], None)
    assert (small.roadmap_ok, small.backlog_ok) == (None, None)
    assert "backlog ownership needs attention" not in _write("markdown", portfolio)
    table = _write("table", portfolio)
    assert "not judged" in table.split("=" * 20)[0]
    body = json.loads(_write("json", portfolio))
    assert validate(body, SCHEMA, SCHEMA) == []
    assert body["portfolio"][1]["backlog_ok"] is None


def _without_criteria(b):
    """``b``'s stories with no acceptance criteria (no-backlog-owner's criteria finding)."""
    for item in b.board.items:
        if item.id.startswith("T"):
            item.description, item.checklist_items = "As a user I want a thing.", []
    return b


@pytest.fixture(scope="module")
def backlogs():
    """Four backlogs needing attention: its PO named (Bob) but its stories without acceptance
    criteria; no PO declared; an export without prioritisation history (comments only), that
    cannot show a PO; the PO named but nobody prioritising lately (and no criteria)."""
    from test_verdict import _tiny

    no_history = _tiny(6, 30)
    for item in no_history.board.items:
        item.type, item.description = "Story", "As a user I want it."
    scans = {
        "Named PO": (_without_criteria(healthy_board("trello")), None),
        "No PO": (_without_criteria(healthy_board("trello")), "no PO"),
        "No history": (no_history, None),
        "Stopped": (_without_criteria(healthy_board("trello", po_prioritises_until=2)), None),
    }
    reports = []
    for name, (b, roles) in scans.items():
        if roles:
            roles = roles_for(b.board, '[people]\n"Alice Martin" = "pm"\n"dan" = "engineer"\n')
        report = scan_board(b.board, KeywordModel(), roles=roles, window="month")
        report.source.name = name
        reports.append(report)
    return build_portfolio(reports)


def test_a_backlog_with_owners_and_unrefined_stories_is_not_an_ownership_to_attend(backlogs):
    """gocd_test_drive_trello.json: its only backlog finding is stories without acceptance
    criteria, next to "Marques Lee, kiera, ibnc and 1 more, the inferred POs, own it.": the
    portfolio said "backlog ownership needs attention" and "(flagged)" after its POs, as if
    nobody owned the backlog. A board without a PO, or whose PO stopped prioritising, still
    needs attention on ownership; one whose export cannot show a PO is "not judged"."""
    named, no_po, no_history, stopped = backlogs.rows
    assert [r.backlog_ok for r in backlogs.rows] == [False] * 4  # the verdicts' word, unchanged
    assert named.backlog_owners == stopped.backlog_owners == ["Bob Stone"]
    text = _write("markdown", backlogs)
    assert (
        "backlog ownership needs attention on 2; backlog refinement needs attention on 2 more "
        "(stories without acceptance criteria)." in text.splitlines()[2]
    )
    owners = {line.split(" | ")[0]: line.split(" | ")[6] for line in text.splitlines()[8:12]}
    assert owners == {
        "| [Named PO](#board-1)": "Bob Stone (stories not refined)",
        "| [No PO](#board-2)": "nobody",
        "| [No history](#board-3)": "not judged (stories not refined)",
        "| [Stopped](#board-4)": "Bob Stone (flagged)",
    }
    assert [r.stories_unrefined for r in backlogs.rows] == [True, False, True, False]
    head = _write("table", backlogs).split("=" * 20)[0]
    assert "backlog ownership needs attention on 4" not in " ".join(head.split())
    assert "* ownership flagged; † stories not refined." in " ".join(head.split())
    body = json.loads(_write("json", backlogs))
    assert validate(body, SCHEMA, SCHEMA) == []  # backlog_ok stays False, the new key tells
    assert [row["backlog_ok"] for row in body["portfolio"]] == [False] * 4
    unrefined = [row["backlog_stories_unrefined"] for row in body["portfolio"]]
    assert unrefined == [True, False, True, False]
    page = _write("html", backlogs)
    assert "Bob Stone (stories not refined)" in page and "Bob Stone (flagged)" in page


def test_a_portfolio_of_unrefined_backlogs_alone_says_no_ownership(backlogs):
    from analyzer.formats.portfolio import headline

    alone = build_portfolio([backlogs.reports[0]])
    assert headline(alone).endswith(
        "backlog refinement needs attention on 1 (stories without acceptance criteria)."
    )
    assert "ownership needs attention" not in headline(alone)


def test_table_puts_the_portfolio_before_each_boards_report(portfolio, reports):
    text = _write("table", portfolio)
    assert text.startswith("Portfolio: 2 boards;")
    table_end = text.index("=" * 20)
    assert "Strat." in text[:table_end] and "Trend" in text[:table_end]
    for report in reports:
        assert text.count(get_format("table").render(report)) == 1
    assert max(len(line) for line in text[:table_end].splitlines()) <= 100


def test_the_terminal_table_fits_80_columns_without_cutting_names():
    long = [
        scan_board(healthy_board("trello").board, KeywordModel(), window="month") for _ in range(2)
    ]
    long[0].source.name = "Platform and Payments Team Board"
    long[1].source.name = "sidelineHD apps"
    out = io.StringIO()
    get_format("table", width=80).write_portfolio(build_portfolio(long), out)
    head = out.getvalue().split("=" * 20)[0]
    assert max(len(line) for line in head.splitlines()) <= 80
    assert "Trend" in head
    words = {w for line in head.splitlines() for w in line.split()}
    assert {"Platform", "Payments", "sidelineHD"} <= words  # wrapped at spaces, never mid-word


def test_markdown_links_each_row_to_its_board_section(portfolio):
    text = _write("markdown", portfolio)
    assert text.startswith("# Portfolio\n")
    assert "[Team \\| &lt;b&gt;two&lt;/b&gt;](#board-2)" in text
    assert '<a id="board-1"></a>' in text and '<a id="board-2"></a>' in text
    assert "<b>two</b>" not in text.split('<a id="board-1">')[0]


def test_json_is_one_document_matching_its_schema(portfolio, reports):
    body = json.loads(_write("json", portfolio))
    assert validate(body, SCHEMA, SCHEMA) == []
    assert [row["board"] for row in body["portfolio"]] == [r.source.name for r in reports]
    for report in body["reports"]:
        assert validate(report, REPORT_SCHEMA, REPORT_SCHEMA) == []
    assert len(body["reports"][0]["items"]) == len(reports[0].items)


def test_html_is_one_self_contained_sortable_page(portfolio):
    page = _write("html", portfolio)
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert 'id="board-1"' in page and 'href="#board-2"' in page and 'id="top"' in page
    assert "<b>two</b>" not in page and "&lt;b&gt;two&lt;/b&gt;" in page
    digest = re.search(r"script-src 'sha256-([A-Za-z0-9+/=]+)'", html.unescape(page)).group(1)
    script = page.split("<script>")[1].split("</script>")[0]
    assert base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() == digest
    assert not re.search(r"(src|href)=\"(https?:)?//", page)  # nothing fetched when viewed
    assert len(re.findall(r'<th scope="col"[^>]*><button', page)) == 9  # sortable by keyboard


def test_item_formats_list_the_items_of_every_board(portfolio, reports):
    rows = list(csv.reader(io.StringIO(_write("csv", portfolio), newline="")))
    assert rows[0][0] == "board" and sum(1 for row in rows if row[0] == "board") == 1
    assert len(rows) - 1 == sum(len(r.items) for r in reports)
    lines = _write("jsonl", portfolio).splitlines()
    assert len(lines) == sum(len(r.items) for r in reports)
    assert {json.loads(line)["board"] for line in lines} == {r.source.name for r in reports}


# -- command line -----------------------------------------------------------------------------


def _cli(*args: str):
    return CliRunner().invoke(app, list(args))


SAMPLES = [str(EXAMPLES / "trello_sample_board.json"), str(EXAMPLES / "jira_sample_export.json")]


def test_scan_of_several_files_is_one_portfolio(tmp_path):
    out = tmp_path / "portfolio.json"
    result = _cli("scan", *SAMPLES, "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "portfolio of 2 boards" in result.stdout
    body = json.loads(out.read_text(encoding="utf-8"))
    assert [row["source"] for row in body["portfolio"]] == ["trello", "jira"]


def test_a_portfolio_written_to_a_file_is_as_wide_as_a_board_report(tmp_path):
    # It was written 100 columns wide while each report.txt (and a pipe) is 80.
    portfolio, single = tmp_path / "portfolio.txt", tmp_path / "report.txt"
    assert _cli("scan", *SAMPLES, "-o", str(portfolio)).exit_code == 0
    assert _cli("scan", SAMPLES[0], "-o", str(single)).exit_code == 0
    widths = [
        max(map(len, p.read_text(encoding="utf-8").splitlines())) for p in (portfolio, single)
    ]
    assert widths == [80, 80]


def test_fail_on_looks_at_every_board(tmp_path):
    result = _cli("scan", *SAMPLES, "--fail-on", "error", "-o", str(tmp_path / "p.md"))
    assert result.exit_code == 1
    assert "failing as asked by --fail-on" in result.stderr


def test_a_bad_file_among_several_is_one_line(tmp_path):
    result = _cli("scan", SAMPLES[0], str(tmp_path / "missing.json"))
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "missing.json" in lines[0]


def test_a_live_source_takes_one_target():
    result = _cli("scan", "jira", "ONE", "TWO")
    assert result.exit_code == 2
    assert "a live source takes one TARGET" in result.stderr


def test_report_all_is_a_portfolio_of_the_store_and_feeds_history(tmp_path):
    db = str(tmp_path / "s.sqlite")
    for export in ("trello_board_basic.json", "jira_search_v2.json"):
        assert _cli("import", str(FIXTURES / export), "--db", db).exit_code == 0
    result = _cli("report", "--all", "--db", db, "--format", "json")
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert validate(body, SCHEMA, SCHEMA) == [] and len(body["portfolio"]) == 2
    history = json.loads(_cli("report", "--history", "--db", db, "-f", "json").stdout)
    assert [len(board["runs"]) for board in history] == [1, 1]


def test_boards_of_the_same_name_are_told_apart(reports):
    from dataclasses import replace

    from analyzer.report import SourceInfo

    twins = [
        replace(reports[0], source=SourceInfo("Payments", "jira", "exports/pay.json")),
        replace(reports[1], source=SourceInfo("Payments", "jira", "exports/pay.csv")),
        replace(reports[1], source=SourceInfo("Payments", "jira", "https://acme.example")),
        replace(reports[1], source=SourceInfo("Roadmap", "trello", None)),
    ]
    names = [row.board for row in build_portfolio(twins).rows]
    assert names == ["Payments (pay.json)", "Payments (pay.csv)", "Payments (#3)", "Roadmap"]


@pytest.mark.parametrize("width", [80, 64])
def test_a_narrow_terminal_table_never_cuts_a_name_mid_word(width):
    """Two boards of one name show their file names, and an owner's long name: the terminal
    table wrapped them with "fold", cutting words mid-way ("(platform_pa" / "yments_team_e");
    a file name now breaks after its _ . - and a word wider than its column ends in "…"."""
    long = [
        scan_board(healthy_board("trello").board, KeywordModel(), window="month") for _ in range(2)
    ]
    for n, report in enumerate(long):
        report.source.name = "Platform and Payments"
        report.source.origin = f"exports/platform_payments_team_export_{n}.json"
        for person in report.people:
            person.name = f"Bartholomew Featherstonehaugh-Smythe {person.name}"
    out = io.StringIO()
    get_format("table", width=width).write_portfolio(build_portfolio(long), out)
    head = out.getvalue().split("=" * 20)[0]
    rows = head.split("─\n", 1)[1].split("Strategic shares")[0]  # the table's rows only
    words = {word for line in rows.splitlines() for word in line.split()}
    if width == 80:  # the file name whole, broken after its _ and .
        header = next(line for line in head.splitlines() if "Items" in line)
        board = [line[: header.index("Items")].strip() for line in rows.splitlines()]
        assert "(platform_payments_team_export_0.json)" in "".join(board)
        assert all(piece.endswith(("_", ".", ")")) for piece in board if "_" in piece)
    for name in ("Bartholomew", "Featherstonehaugh-Smythe", "Platform", "Payments"):
        # each word whole, or its start and "…"; never a piece from inside it
        for word in words:
            inside = word.rstrip("…")
            if inside and inside in name[1:] and not name.startswith(inside):
                raise AssertionError(f"{word!r} is cut from inside {name!r}")


def test_the_terminal_flags_cell_and_legend_use_the_reports_severity_words(portfolio):
    """A note is 'N note' (the reports' word), never 'I info' as the stored name would have it."""
    head = _write("table", portfolio).split("=" * 20)[0]
    assert "Flags: E error, W warning, N note;" in " ".join(head.split())  # the note wraps
    assert "info" not in head
    noted = build_portfolio(
        [scan_board(healthy_board("trello").board, KeywordModel(), window="month")]
    )
    noted.rows[0].flags.update({"error": 0, "warning": 0, "info": 2})
    head = _write("table", noted).split("=" * 20)[0]
    row = next(line for line in head.splitlines() if line.startswith("Test board"))
    assert " 2N " in f"{row} " and "2I" not in row


@pytest.mark.parametrize("width", [80, 70, 60])
def test_the_terminal_tables_numbers_stay_whole_below_80_columns(width):
    """Below 80 columns rich shrank every column alike ("Ite…", "+8" over "pts"): the number
    columns now keep their longest number and header word, and the names give way."""
    from dataclasses import replace

    report = scan_board(healthy_board("trello").board, KeywordModel(), window="month")
    built = build_portfolio([report, report])
    built.rows[:] = [
        replace(
            built.rows[0],
            board="Platform and Payments Team Board with a Very Long Name Indeed",
            items=1_234_567,
            strategic_items=1.0,
            uncertain=0.125,
            flags={"error": 12, "warning": 3, "info": 10},
            trend=Trend(1.0, 0.0, "drifting", None, ("a",), ("b",)),
            roadmap_owners=["Bartholomew Featherstonehaugh-Smythe"],
        ),
        replace(
            built.rows[1],
            board="Fieldnote",
            items=157,
            trend=Trend(0.02, 0.1, "steady", None, ("a",), ("b",)),
        ),
    ]
    out = io.StringIO()
    get_format("table", width=width).write_portfolio(built, out)
    head = out.getvalue().split("=" * 20)[0]
    lines = head.splitlines()
    assert max(len(line) for line in lines) <= width
    table = head.split("─\n", 1)[1].split("Strategic shares")[0]
    first, second = (
        next(line for line in table.splitlines() if line.startswith(start))
        for start in ("Platform", "Field")
    )
    # each number whole on its row's first line, the headers' words whole
    for number in ("1234567", "100%", "100%→0%", "12E"):
        assert f" {number}" in first, (number, first)
    assert " 157 " in second and " 2%→10%" in second
    header = head.split("─\n", 1)[0]
    for word in ("Items", "Strat.", "items", "Flags", "Trend"):
        assert word in header.split(), (word, header)
    # such wide numbers leave the names too little room below 80 columns: Uncertain goes first
    # (session 25), and the legend says so
    assert ("Unc." in header.split()) == (width == 80)
    assert (" 12%" in first) == (width == 80)
    said = " ".join(head.split())
    assert ("Left out at this width: Uncertain" in said) == (width < 80)
    cut = [word for word in header.split() if word.endswith("…")]
    assert all(word.startswith(("Ro", "Ba")) for word in cut), cut  # only an owner's heading


@pytest.mark.parametrize("width", [60, 66, 70, 80])
def test_a_narrow_terminal_leaves_owners_readable(width):
    """Session 25: at 60 columns the owner cells were 5 cells wide ("nobo…", "Roadm…"): below
    the names' minimum the Uncertain column is left out, then Strategic activity (each board's
    report has them), and the legend says which; from 70 columns every column shows."""
    from dataclasses import replace

    report = scan_board(healthy_board("trello").board, KeywordModel(), window="month")
    built = build_portfolio([report, report])
    built.rows[:] = [
        replace(
            built.rows[0],
            board="Platform Team",
            items=682,
            uncertain=0.03,
            flags={"error": 1, "warning": 2, "info": 1},
            trend=Trend(0.1, 0.15, "steady", None, ("a",), ("b",)),
            roadmap_owners=[],
            roadmap_ok=False,
            backlog_owners=["Leonardo Rubio", "Ana Ortiz"],
        ),
        replace(
            built.rows[1],
            board="Fieldnote",
            items=157,
            trend=Trend(0.02, 0.0, "steady", "fell to none", ("a",), ("b",)),
        ),
    ]
    out = io.StringIO()
    get_format("table", width=width).write_portfolio(built, out)
    head = out.getvalue().split("=" * 20)[0]
    assert max(len(line) for line in head.splitlines()) <= width
    header = head.split("─\n", 1)[0].split()
    assert "Roadmap" in header and "Backlog" in header  # never "Roadm…"
    first = next(line for line in head.splitlines() if line.startswith("Platform"))
    assert " nobody * " in first and " Leonardo " in first
    said = " ".join(head.split())
    left_out = {60: "Uncertain and Strategic activity", 66: "Uncertain"}.get(width)
    assert ("Unc." in header) == (left_out is None)
    assert ("act." in header) == (width > 60)
    if left_out:
        assert f"Left out at this width: {left_out} (in each board's report below)." in said
    else:
        assert "Left out" not in said
    # the note explains only the columns shown
    assert ("Strategic shares and Uncertain are" in said) == (left_out is None)
    assert "Strategic shares are of all the board's items" in said or left_out is None


def test_flag_counts_use_the_reports_words_and_origins_their_file_names(reports):
    """The portfolio's Flags cell said "1 info" / "2 infos" (the stored name) and each board's
    section showed the export's folders ("(exports/team/pay.json)"); every report says "note"
    and the file name only."""
    from dataclasses import replace

    built = build_portfolio([reports[0]])
    built.rows[0] = replace(
        built.rows[0],
        flags={"error": 1, "warning": 0, "info": 2},
        origin="/home/someone/exports/team/pay.json",
    )
    for fmt in ("html", "markdown"):
        text = _write(fmt, built)
        assert "1 error, 2 notes" in text, fmt
        assert "info" not in text.split("<a id")[0].split("<section")[0].lower(), fmt
    page = _write("html", built)
    assert "(pay.json)" in page and "/home/someone" not in page and "exports/" not in page
    built.rows[0] = replace(built.rows[0], flags={"info": 1})
    assert "| 1 note |" in _write("markdown", built)


def test_html_number_headings_sit_over_their_numbers(portfolio):
    page = _write("html", portfolio)
    heads = re.findall(r'<th scope="col"([^>]*)><button type="button">([^<]+)<', page)
    numbers = [h for attrs, h in heads if attrs == ' class="num"']
    assert numbers == ["Items", "Strategic items", "Strategic activity", "Uncertain", "Trend"]
    assert "th.num{text-align:right}" in page and "text-align:inherit" in page
    assert '<div class="scroll" tabindex="0">' in page  # a wide table scrolls, by keyboard too


def test_portfolio_line_counts_flags_as_a_report_line_does(tmp_path):
    from analyzer.output import counts_line

    result = _cli("scan", *SAMPLES, "-o", str(tmp_path / "portfolio.md"))
    assert result.exit_code == 0, result.output
    each = [_cli("scan", sample, "-o", str(tmp_path / "one.md")).stdout for sample in SAMPLES]
    total = sum(int(line.split("(")[1].split(" flag")[0]) for line in each)
    assert f"({total} flags: " in result.stdout
    assert " note" in result.stdout  # notes were left out of the portfolio's line
    assert counts_line({"error": 1, "warning": 0, "info": 2}) == "3 flags: 1 error, 2 notes"
    assert counts_line({"error": 0, "warning": 0, "info": 0}) == "no flags"


def test_no_trend_where_the_boards_own_report_finds_it_too_thin(reports):
    """Session 25: the portfolio read "+12 pts" for a board whose own report said "too thin to
    judge the board's balance over time" (two judged windows, the board drift needing three)."""
    from dataclasses import replace

    from analyzer.drift import TOO_THIN, BoardDrift

    judged = [r for r in reports if len([w for w in r.windows if w.judged]) >= 2]
    assert judged, "the fixture boards need two judged windows"
    report = judged[0]
    assert build_portfolio([report]).rows[0].trend is not None
    thin = replace(report, board_drift=BoardDrift(TOO_THIN, "too thin to judge"))
    row = build_portfolio([thin]).rows[0]
    assert row.trend is None
    assert "too thin to judge" in " ".join(_write("markdown", build_portfolio([thin])).split())
