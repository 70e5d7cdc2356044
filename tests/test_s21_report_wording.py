"""Session 21: what the reports of real boards say, read by a product leader.

1. A flag's "(+N more)" counts the finding's items, not only the ids its evidence cites (at most
   ``MAX_ITEMS``): civicactions_nebula's "23 unowned strategic items" listed 5 titles "(+6 more)".
2. A stale (or rotting) share of the open items with a date says so when some open items have
   none: cned's "81% (43 of 53) of the open items" of a board of 83 open items.
"""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from ownership_boards import T0, Builder, KeywordModel, roles_for

from analyzer.flags.interface import ERROR, WARNING, Evidence, Flag, merge_same_code
from analyzer.formats import get_format
from analyzer.formats._common import evidence_text
from analyzer.ownership import analyze
from analyzer.pipeline import scan_board
from connectors.interface import ActivityKind

PO_ONLY = '[people]\n"Bob Stone" = "po"\n'


def _unowned_roadmap(count: int = 23) -> Builder:
    """``count`` open strategic items nobody is assigned, on a board whose roles file names no
    PM: "Nobody owns the roadmap" and "N of N open strategic items have nobody assigned"."""
    b = Builder("jira")
    bob = b.person("bob", "Bob Stone")
    for n in range(count):
        b.item(f"S{n}", "strategic", title=f"Roadmap vision {n}", status="To Do")
        b.act(f"S{n}", bob, ActivityKind.CREATED, T0 + timedelta(days=n))
    for n in range(12):
        b.item(f"T{n}", "tactical", title=f"Fix bug {n}", status="To Do", assignee=bob)
        b.act(f"T{n}", bob, ActivityKind.CREATED, T0 + timedelta(days=n))
    return b


def test_a_findings_evidence_knows_how_many_items_it_counts():
    b = _unowned_roadmap()
    a = analyze(b.board, b.predictions, 0.6, roles_for(b.board, PO_ONLY), "month")
    [flag] = [f for f in a.flags if f.code == "no-roadmap-owner"]
    assert "23 strategic items" in flag.message and "23 of 23" in flag.message
    assert len(flag.evidence.items) == 20  # the cited ones: ten of each check
    assert flag.evidence.item_total == 23 and not flag.evidence.item_total_at_least
    # the JSON report's evidence keeps its shape: ids, people, dates (and what each date is)
    assert set(flag.to_dict()["evidence"]) == {"items", "people", "dates", "date_labels"}


def test_more_counts_the_rest_of_the_finding_in_every_format():
    b = _unowned_roadmap()
    report = scan_board(b.board, KeywordModel(), roles=roles_for(b.board, PO_ONLY))
    [flag] = [f for f in report.flags if f.code == "no-roadmap-owner"]
    ev = evidence_text(flag, report.items_by_id(), report.people_by_id())
    assert ev.more_items == 23 - 5  # five shown (was 20 - 5: the ids cited)
    table = get_format("table").render(report)
    assert "(+18 more)" in table and "(+15 more)" not in table
    markdown = get_format("markdown").render(report)
    assert "(+13 more)" in markdown and "(+10 more)" not in markdown  # ten shown
    html = get_format("html").render(report)
    assert "and 19 more</summary>" in html and " and 13 more</details>" in html
    # the JSON report is unchanged: no total in the evidence
    evidence = next(f for f in json.loads(get_format("json").render(report))["flags"])
    assert set(evidence["evidence"]) == {"items", "people", "dates", "date_labels"}


def _flag(items: list[str], total: int, severity: str = WARNING, **kw) -> Flag:
    evidence = Evidence(items=items, item_total=total, **kw)
    return Flag("no-backlog-owner", severity, f"{total} items.", "prioritisation", evidence)


def test_merged_checks_count_their_items_at_least_once():
    # two checks whose items may overlap: at least the larger count, said as "at least"
    a, b = _flag([f"A{n}" for n in range(10)], 74), _flag([f"A{n}" for n in range(5, 15)], 76)
    [merged] = merge_same_code([a, b])
    assert len(merged.evidence.items) == 15
    assert merged.evidence.item_total == 76 and merged.evidence.item_total_at_least
    ev = evidence_text(merged, {}, {}, limit=10)
    assert ev.lines()[0].endswith("(+at least 66 more)")
    # every item beyond the cited ones known: exact
    c, d = _flag(["A", "B"], 2), _flag(["B", "C"], 2)
    [merged] = merge_same_code([c, d])
    assert merged.evidence.item_total == 3 and not merged.evidence.item_total_at_least
    # a check counting all the items the others count (all the strategic ones): its count
    every = _flag([f"S{n}" for n in range(10)], 23, ERROR, counts_all=True)
    some = _flag([f"S{n}" for n in range(1, 11)], 20)
    [merged] = merge_same_code([every, some])
    assert merged.evidence.item_total == 23 and not merged.evidence.item_total_at_least
    assert evidence_text(merged, {}, {}, limit=10).more_items == 13


def test_html_from_a_json_report_counts_the_cited_items():
    flag = _flag([f"A{n}" for n in range(10)], 40).to_dict()  # the JSON's dict: no total
    from analyzer.formats._common import more_evidence_items

    assert more_evidence_items(flag["evidence"], 4) == (6, False)


@pytest.mark.parametrize("code", ["stale-items", "backlog-rot"])
def test_a_share_of_the_dated_open_items_says_so(code):
    b = Builder("jira")
    bob = b.person("bob", "Bob Stone")
    for n in range(8):  # dated, untouched for a year
        b.item(f"D{n}", "tactical", title=f"Fix bug {n}", status="To Do")
    for n in range(4):  # no date at all
        b.item(f"U{n}", "tactical", title=f"Fix other bug {n}", status="To Do", created=None)
    b.act("D0", bob, ActivityKind.CREATED, T0)
    b.item("X", "tactical", title="Fix today", status="Done", closed=True)
    b.act("X", bob, ActivityKind.CREATED, T0 + timedelta(days=400))
    a = analyze(b.board, b.predictions, 0.6, roles_for(b.board, PO_ONLY), "month")
    [flag] = [f for f in a.flags if f.code == code]
    assert "(8 of 8) of the open items with a date" in flag.message
    assert "(4 of the 12 open items have no date)" in flag.message
    # every open item dated: the sentence as before
    for item in b.board.items:
        item.created = item.created or T0
    a = analyze(b.board, b.predictions, 0.6, roles_for(b.board, PO_ONLY), "month")
    [flag] = [f for f in a.flags if f.code == code]
    assert "(12 of 12) of the open items have" in flag.message
    assert "with a date" not in flag.message and "no date" not in flag.message


# -- 4. zero counts: "none of", "no activity", not "only 0 of 32" -------------------------------


def test_a_reading_of_no_item_says_none():
    from analyzer.flags.reading import ANYONE_OWNS, Reading, nobody_acts_as

    reading = Reading(32, {"ja": 32})
    assert reading.read_only() == (
        "the model read none of the 32 items (all are in Japanese, which it does not read)"
    )
    text = reading.not_established(nobody_acts_as("PM"), ANYONE_OWNS["PM"])
    assert text == (
        "The model read none of the 32 items (all are in Japanese, which it does not read): "
        "whether anyone owns the roadmap is not established."
    )  # was "Nobody acts as PM on the items the model read, but the model read only 0 of 32"
    assert Reading(1, {"ja": 1}).read_only().startswith("the model did not read the one item")
    # some read: as before
    assert Reading(67, {"ja": 54}).read_only().startswith("the model read only 13 of 67 items")


def test_no_activity_and_no_uncertain_item_are_said_in_words():
    b = Builder("jira")
    for n in range(6):
        b.item(f"T{n}", "tactical", title=f"Fix bug {n}", status="To Do")
    report = scan_board(b.board, KeywordModel())
    assert report.summary.total_activities == 0 and report.summary.items.uncertain == 0
    verdict = report.verdict
    assert "No dated activity (a verdict needs at least 8)." in verdict.limits
    [sure] = [line for line in verdict.lines if line.topic == "How sure"]
    assert sure.text.startswith("None of the 6 items is uncertain; no activity.")
    assert "0 of 6" not in sure.text and "0 activities" not in sure.text
    markdown = get_format("markdown").render(report)
    assert "| **Activities** | none |" in markdown and "Only 0" not in markdown


def test_a_board_of_one_sure_item_says_so_plainly():
    b = Builder("jira")
    b.item("T0", "tactical", title="Fix bug 0", status="To Do")
    report = scan_board(b.board, KeywordModel())
    [sure] = [line for line in report.verdict.lines if line.topic == "How sure"]
    assert report.summary.items.uncertain == 0
    assert sure.text.startswith("The model is sure enough of the one item; no activity.")


def test_one_activity_is_singular():
    b = Builder("jira")
    bob = b.person("bob", "Bob Stone")
    for n in range(6):
        b.item(f"T{n}", "tactical", title=f"Fix bug {n}", status="To Do")
    b.act("T0", bob, ActivityKind.COMMENTED, T0)
    report = scan_board(b.board, KeywordModel())
    assert "Only 1 dated activity (a verdict needs at least 8)." in report.verdict.limits
    [sure] = [line for line in report.verdict.lines if line.topic == "How sure"]
    assert "; 1 activity by 1 person" in sure.text


# -- 3. skipped lines that count parts of the export are not one skipped record each ------------

CELLS = "457 comment cell(s) not in Jira's 'date;author;text' form were ignored"
TWICE = "issue #3: CNED-3 appears again; kept the first"


def test_the_readers_lines_about_parts_are_kept_apart_from_records():
    """The readers put their lines about parts of the export in ``Board.skipped_parts``."""
    from pathlib import Path

    from connectors.exports import read_export

    fixture = Path(__file__).parent / "fixtures" / "jira_export_fr.csv"
    board = read_export(fixture)  # its two comment cells not in Jira's form: no record
    assert board.skipped == [] and len(board.skipped_parts) == 1
    assert board.skipped_parts[0].startswith("2 comment cell(s)")


def test_skipped_words_count_records_only():
    from analyzer.report import Skipped, skipped_note, skipped_subject

    assert skipped_subject(Skipped(parts=[CELLS])) == "parts of the export"  # was "1 record"
    assert (
        skipped_note(Skipped(parts=[CELLS]))
        == "Parts of the export could not be read and were skipped."
    )
    once = Skipped(1, [TWICE])
    assert skipped_note(once) == "1 record could not be read and was skipped."  # "1 records"
    both = Skipped(2, [TWICE, TWICE], [CELLS])
    assert skipped_subject(both) == "2 records and parts of the export"
    assert skipped_note(Skipped(2, [TWICE, TWICE])) == (
        "2 records could not be read and were skipped."
    )


def test_a_report_of_ignored_comment_cells_skipped_no_record():
    b = Builder("jira")
    for n in range(6):
        b.item(f"T{n}", "tactical", title=f"Fix bug {n}", status="To Do")
    b.board.skipped_parts.append(CELLS)
    report = scan_board(b.board, KeywordModel())
    assert report.skipped.count == 0 and report.summary.skipped == 0  # was 1: a line, no record
    assert report.skipped.parts == [CELLS] and report.skipped.records == []
    table = get_format("table").render(report)
    assert "Skipped parts of the export the reader could not use:" in table
    assert "Skipped 1 record" not in table and "1 skipped" not in table
    assert f"  - {CELLS}" in table
    markdown = get_format("markdown").render(report)
    assert "Parts of the export could not be read:" in markdown
    assert "1 records" not in markdown and "| **Skipped** | parts of the export |" in markdown
    html = get_format("html").render(report)
    assert "<p>Parts of the export could not be read:</p>" in html
    assert "records could not be read" not in html and "Every record could be read" not in html


# -- the terminal About line counts in words of the right number -------------------------------


def _about_line(report) -> str:
    text = get_format("table", width=200).render(report)
    lines = text.splitlines()
    return lines[[n for n, line in enumerate(lines) if "About this report" in line][0] + 1]


def test_the_terminal_about_line_says_one_item_one_activity_one_person():
    b = Builder("jira")
    bob = b.person("bob", "Bob Stone")
    b.item("T0", "tactical", title="Fix bug 0", status="To Do")
    b.act("T0", bob, ActivityKind.COMMENTED, T0)
    about = _about_line(scan_board(b.board, KeywordModel()))
    assert "1 item (0 done, 0 archived) · 1 activity · 1 person · " in about, about


def test_the_terminal_about_line_of_a_board_without_activity():
    b = Builder("jira")
    for n in range(3):
        b.item(f"T{n}", "tactical", title=f"Fix bug {n}", status="To Do")
    about = _about_line(scan_board(b.board, KeywordModel()))
    assert "3 items (0 done, 0 archived) · no activity · " in about, about
    assert "0 activities" not in about
