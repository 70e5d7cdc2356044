"""Session 22: report texts that read wrong on real boards.

1. The list of skipped lines is headed by what was skipped: cned's export (realdata, a French Jira
   CSV) skipped 457 comment cells and no record, under "## Skipped records" (Markdown, HTML), with
   "**Skipped records** | parts of the export" in the About table, a "1 records skipped" card
   and "1 unreadable record skipped" after an import.
"""

from __future__ import annotations

from pathlib import Path

from ownership_boards import Builder, KeywordModel

from analyzer.formats import get_format
from analyzer.pipeline import scan_board

# -- 1. skipped parts of the export are not headed "Skipped records" ---------------------------

CELLS = "457 comment cell(s) not in Jira's 'date;author;text' form were ignored"
TWICE = "issue #3: CNED-3 appears twice; kept the first"


def _skipping(*lines: str):
    b = Builder("jira")
    for n in range(6):
        b.item(f"T{n}", "tactical", title=f"Fix bug {n}", status="To Do")
    b.board.skipped.extend(lines)
    return scan_board(b.board, KeywordModel())


def test_the_skipped_heading_says_what_was_skipped():
    from analyzer.report import skipped_heading

    assert skipped_heading([CELLS]) == "Skipped parts of the export"
    assert skipped_heading([TWICE, CELLS]) == "Skipped records and parts of the export"
    assert skipped_heading([TWICE]) == skipped_heading([TWICE, TWICE]) == "Skipped records"


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


def test_html_heads_and_counts_skipped_parts_as_parts():
    html = get_format("html").render(_skipping(CELLS))
    assert "<h2>Skipped parts of the export</h2>" in html
    assert "Skipped records" not in html and "1 records skipped" not in html
    assert "<b>0</b><span>records skipped (and parts of the export)</span>" in html
    one = get_format("html").render(_skipping(TWICE))
    assert "<h2>Skipped records</h2>" in one and "<b>1</b><span>record skipped</span>" in one


def test_an_import_tells_skipped_parts_from_records():

    from analyzer.local_store import ImportResult

    parts = ImportResult(6, 9, 0, Path("s.sqlite"), parts_skipped=True).summary("x.csv")
    assert "(9 activities; unreadable parts of the export skipped)" in parts
    assert "record" not in parts
    both = ImportResult(6, 9, 2, Path("s.sqlite"), parts_skipped=True).summary("x.csv")
    assert "; 2 unreadable records skipped; unreadable parts of the export skipped)" in both


def test_import_file_counts_the_records_of_the_skipped_lines(tmp_path):
    from analyzer.local_store import import_file

    fixture = Path(__file__).parent / "fixtures" / "jira_export_fr.csv"
    result = import_file(fixture, db=tmp_path / "s.sqlite")
    assert (result.skipped, result.parts_skipped) == (0, True)  # its two comment cells
