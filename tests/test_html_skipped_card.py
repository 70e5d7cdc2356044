"""The HTML Summary's cards on what the reader left out stand only when it left something out:
a "0 records skipped" card stood on every report (the bundled sample's too). Rows repeating
issues already read get their own card (they are no skipped records); the other formats keep
what they said."""

from __future__ import annotations

from ownership_boards import Builder, KeywordModel

from analyzer.formats import get_format
from analyzer.pipeline import scan_board
from connectors.interface import Repeats

CARD = '<div class="card"><b>{}</b><span>{}</span></div>'


def _html(skipped=(), parts=(), repeats: Repeats | None = None) -> str:
    b = Builder("jira")
    for n in range(6):
        b.item(f"T{n}", "tactical", title=f"Fix bug {n}", status="To Do")
    b.board.skipped.extend(skipped)
    b.board.skipped_parts.extend(parts)
    b.board.repeats = repeats or Repeats()
    return get_format("html").render(scan_board(b.board, KeywordModel()))


def _cards(html: str) -> str:
    return html.split('<div class="cards">', 1)[1].split('<div class="rows">', 1)[0]


def test_nothing_left_out_no_card():
    html = _html()
    assert "skipped</span>" not in _cards(html) and "repeated" not in _cards(html)
    assert '<p class="ok">Every record could be read.</p>' in html  # the section still says it


def test_skipped_records_and_parts_keep_their_card():
    assert CARD.format(2, "records skipped") in _cards(_html(["row 3: x", "row 4: y"]))
    parts = _cards(_html(parts=["2 comment cell(s) not in Jira's form were ignored"]))
    assert CARD.format(1, "part of the export left out") in parts
    assert "records skipped" not in parts  # no "0 records skipped" lead
    both = _cards(_html(["row 3: x"], parts=["2 comment cell(s) not in Jira's form were ignored"]))
    assert CARD.format(1, "record skipped; parts of the export left out") in both


def test_repeated_rows_have_their_own_card():
    repeats = Repeats(["issue #2: T-1 appears 3 times; kept the first"], 1_302, "row", True)
    cards = _cards(_html(repeats=repeats))
    assert CARD.format("1,302", "repeated rows of 1 issue") in cards
    assert "skipped</span>" not in cards
    both = _cards(_html(["row 3: x"], repeats=repeats))
    assert CARD.format(1, "record skipped") in both and "repeated rows of 1 issue" in both
