"""Session 22: report texts that read wrong on real boards.

1. The list of skipped lines is headed by what was skipped: cned's export (realdata, a French Jira
   CSV) skipped 457 comment cells and no record, under "## Skipped records" (Markdown, HTML), with
   "**Skipped records** | parts of the export" in the About table, a "1 records skipped" card
   and "1 unreadable record skipped" after an import.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import pytest
from ownership_boards import Builder, KeywordModel, roles_for

from analyzer.formats import get_format
from analyzer.pipeline import scan_board
from connectors.interface import ActivityKind
from tests.test_verdict import _board_windows

# -- 1. skipped parts of the export are not headed "Skipped records" ---------------------------

PO_BOB = '[people]\n"Bob Stone" = "po"\n'
CELLS = "457 comment cell(s) not in Jira's 'date;author;text' form were ignored"
TWICE = "issue #3: CNED-3 appears again; kept the first"


def _skipping(*lines: str):
    """A report of a board skipping ``lines``: CELLS counts parts of the export, others records."""
    b = Builder("jira")
    for n in range(6):
        b.item(f"T{n}", "tactical", title=f"Fix bug {n}", status="To Do")
    b.board.skipped.extend(line for line in lines if line != CELLS)
    b.board.skipped_parts.extend(line for line in lines if line == CELLS)
    return scan_board(b.board, KeywordModel())


def test_the_skipped_heading_says_what_was_skipped():
    from analyzer.report import Skipped, skipped_heading

    assert skipped_heading(Skipped(0, [], [CELLS])) == "Skipped parts of the export"
    both = Skipped(1, [TWICE], [CELLS])
    assert skipped_heading(both) == "Skipped records and parts of the export"
    once, twice = Skipped(1, [TWICE]), Skipped(2, [TWICE, TWICE])
    assert skipped_heading(once) == skipped_heading(twice) == "Skipped records"


def test_markdown_heads_skipped_parts_as_parts():
    markdown = get_format("markdown").render(_skipping(CELLS))
    assert "## Skipped parts of the export\n" in markdown
    assert "Skipped records" not in markdown  # the heading and the About table's row
    assert "| **Skipped** | parts of the export |" in markdown
    both = get_format("markdown").render(_skipping(TWICE, CELLS))
    assert "## Skipped records and parts of the export\n" in both
    assert "| **Skipped** | 1 record and parts of the export |" in both
    records = get_format("markdown").render(_skipping(TWICE, TWICE))
    assert "## Skipped records\n" in records and "| **Skipped records** | 2 |" in records


def test_markdown_says_nothing_was_skipped_in_words_not_with_a_0():
    """Session 33: the About table's row read "Skipped records | 0" on every report that
    skipped nothing; HTML says "Every record could be read." and shows no card then."""
    from analyzer.formats._common import NOTHING_SKIPPED

    markdown = get_format("markdown").render(_skipping())
    assert f"| **Skipped records** | {NOTHING_SKIPPED} |" in markdown
    assert "| **Skipped records** | 0 |" not in markdown and "## Skipped" not in markdown
    assert "Every record could be read." in get_format("html").render(_skipping())


def test_html_heads_and_counts_skipped_parts_as_parts():
    html = get_format("html").render(_skipping(CELLS))
    assert "<h2>Skipped parts of the export</h2>" in html
    assert "Skipped records" not in html and "1 records skipped" not in html
    assert "<b>1</b><span>part of the export left out</span>" in html
    assert "records skipped" not in html  # no "0 records skipped" card leading with a 0
    one = get_format("html").render(_skipping(TWICE))
    assert "<h2>Skipped records</h2>" in one and "<b>1</b><span>record skipped</span>" in one


def test_an_import_tells_skipped_parts_from_records():

    from analyzer.local_store import ImportResult

    parts = ImportResult(6, 9, 0, Path("s.sqlite"), parts_skipped=True).summary("x.csv")
    assert "(9 activities; parts of the export could not be read and were skipped)" in parts
    assert "record" not in parts
    both = ImportResult(6, 9, 2, Path("s.sqlite"), parts_skipped=True).summary("x.csv")
    assert ("; 2 records and parts of the export could not be read and were skipped)") in both


def test_import_file_counts_the_records_of_the_skipped_lines(tmp_path):
    from analyzer.local_store import import_file

    fixture = Path(__file__).parent / "fixtures" / "jira_export_fr.csv"
    result = import_file(fixture, db=tmp_path / "s.sqlite")
    assert (result.skipped, result.parts_skipped) == (0, True)  # its two comment cells


# -- 2. steady at no strategic work is not good news ---------------------------------------------


def test_a_board_steady_at_no_strategic_work_says_there_is_nothing_to_drift_from():
    from analyzer.drift import STEADY, board_drift
    from analyzer.roles import Roles

    none = board_drift(_board_windows((0, 20), (0, 20), (0, 20), (0, 20)), Roles())
    assert none.status == STEADY and none.without_strategic
    assert none.message == (
        "the board has no strategic work to drift from: strategic share 0% before, 0% recently"
    )
    few = board_drift(_board_windows((1, 400), (0, 400), (1, 400), (0, 400)), Roles())
    assert few.without_strategic and "has next to no strategic work to drift from" in few.message
    some = board_drift(_board_windows((4, 12), (4, 12), (4, 13), (4, 12)), Roles())
    assert not some.without_strategic and "balance is steady" in some.message


def _bug_fixes(people: int) -> Builder:
    """Three months of bug fixes, 30 comments a month spread over ``people``: no strategic
    work, enough activity for the board's drift (and for a person's when ``people`` is 1)."""
    b = Builder("jira")
    who = [b.person(f"p{n}", f"Person {n}") for n in range(people)]
    for n in range(9):
        b.item(f"T{n}", "tactical", title=f"Fix bug {n}", status="To Do")
    for month in range(3):
        for n in range(30):
            when = datetime(2024, month + 1, 1 + n % 28, 9)
            b.act(f"T{n % 9}", who[n % people], ActivityKind.COMMENTED, when)
    return b


@pytest.mark.parametrize("people", [1, 6])
def test_the_verdict_does_not_mark_a_steady_zero_share_as_fine(people):
    board = _bug_fixes(people).board
    roles = roles_for(board, '[people]\n"Person 0" = "po"\n')  # on role: tactical throughout
    report = scan_board(board, KeywordModel(), roles=roles)
    (drift,) = [line for line in report.verdict.lines if line.topic == "Drift"]
    assert drift.ok is None, drift  # was True: "✓ The board's balance is steady: … 0% … 0%"
    assert "no strategic work to drift from: strategic share 0% before, 0% recently" in drift.text
    people_part = "Nobody drifts" if people == 1 else "too little activity per person"
    assert people_part in drift.text, drift.text


def test_html_does_not_show_a_steady_zero_share_on_a_green_chip():
    html = get_format("html").render(scan_board(_bug_fixes(1).board, KeywordModel()))
    assert '<span class="chip idle">steady</span> the board has no strategic work' in html


# -- 3. the people's activity count is the same in every format ----------------------------------


def test_every_format_counts_a_persons_activity_alike():
    """Markdown's "Balance against role" showed strategic + tactical activity ("Labelled
    activity") where the terminal's "Acts" and HTML's "Activities" count all of it (gocd
    test drive: 381 against 389): all count every activity now, uncertain items included."""
    b = Builder("jira")
    bob = b.person("bob", "Bob Stone")
    b.item("T0", "tactical", title="Fix bug 0", status="To Do")
    b.item("U0", "uncertain", title="Kitten photo", status="To Do")  # no telling word: uncertain
    for n in range(4):
        b.act("T0", bob, ActivityKind.COMMENTED, datetime(2024, 1, 2 + n, 9))
    for n in range(3):
        b.act("U0", bob, ActivityKind.COMMENTED, datetime(2024, 1, 2 + n, 10))
    report = scan_board(b.board, KeywordModel(), roles=roles_for(b.board, PO_BOB))
    (person,) = report.people
    assert (person.total_activities, person.activity.uncertain) == (7, 3)
    markdown = get_format("markdown").render(report)
    assert "| Person | Role | Activities | Strategic share |" in markdown
    assert "| Bob Stone | po | 7 | " in markdown  # was 4
    table = get_format("table", width=200).render(report)
    assert re.search(r"Bob Stone +po +7 ", table), table
    html = get_format("html").render(report)
    assert "<td>Bob Stone</td><td>po</td><td class=n>7</td>" in html


def _letters(n: int) -> str:
    return "".join(chr(97 + int(digit)) for digit in str(n))


def test_thousands_of_skipped_records_are_counted_with_separators():
    """A tool's daily snapshots repeat each key ~140 times (session 30: 13 124 "appears twice"
    lines): the terminal said "13124 skipped" and "… and 13114 more" beside "13,124 records"."""
    # (lines of 2,345 reasons: lines that differ only in numbers are shown grouped)
    report = _skipping(*(f"row {n}: bad cell {_letters(n)!r}" for n in range(2345)))
    text = get_format("table").render(report)
    assert "2,345 skipped" in text and "… and 2,335 more (all of them in --format json)" in text
    markdown = get_format("markdown").render(report)
    assert "| **Skipped records** | 2,345 |" in markdown and "… and 2,295 more" in markdown
    assert "… and 2,145 more" in get_format("html").render(report)
