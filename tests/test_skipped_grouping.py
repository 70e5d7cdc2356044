"""Skipped lines grouped where a report lists them (``grouped_lines``): lines alike but for what
they refer to (their row or issue number, the record's key or id) are one line "(and N more like
it …)"; lines whose reasons differ in a number of their own stay apart (session 32: they were
grouped, every number being taken out). JSON keeps every line."""

from __future__ import annotations

import json

from ownership_boards import Builder, KeywordModel

from analyzer.formats import get_format
from analyzer.pipeline import scan_board
from analyzer.report import grouped_lines


def test_reasons_differing_in_a_number_of_their_own_stay_apart():
    years = [
        f"issue #{n}: unreadable (ValueError: year {n}0245 is out of range)" for n in (4, 5, 6)
    ]
    assert grouped_lines(years) == years
    fields = [f"card #{n}: field 'labels[{n}]' is number, expected text" for n in (1, 2, 3)]
    assert grouped_lines(fields) == fields


def test_lines_alike_but_for_their_references_are_grouped():
    keyed = [
        f"issue #{n}: issue OPS-{n}: field 'summary' is number, expected text" for n in (2, 3, 4)
    ]
    assert grouped_lines(keyed) == [f"{keyed[0]} (and 2 more like it: issues #3–#4)"]
    cards = [f"card #{n}: card 5f0c{n}a: field 'name' is number, expected text" for n in (7, 8, 9)]
    assert grouped_lines(cards) == [f"{cards[0]} (and 2 more like it: cards #8–#9)"]
    members = [f"member 5f0c{n}b: field 'fullName' is number, expected text" for n in (1, 2, 3)]
    assert grouped_lines(members) == [f"{members[0]} (and 2 more like it)"]
    merged = [
        f"Board 2: row {n}: issue id {700 + n} and no key, summary, type or status: not an issue"
        for n in (5, 6, 7)
    ]
    assert grouped_lines(merged) == [f"{merged[0]} (and 2 more like it: rows 6–7)"]
    assert grouped_lines([merged[0], merged[1].replace("Board 2", "Board 3"), merged[2]]) == [
        merged[0],
        merged[1].replace("Board 2", "Board 3"),
        merged[2],
    ]  # (two boards' lines: fewer than three of each)


def test_every_format_keeps_different_reasons_apart_and_json_every_line():
    b = Builder("jira")
    for n in range(4):
        b.item(f"T{n}", "tactical", title=f"Fix bug {n}", status="To Do")
    years = [
        f"issue #{n}: unreadable (ValueError: year {n}0245 is out of range)" for n in (4, 5, 6)
    ]
    b.board.skipped.extend(years)
    report = scan_board(b.board, KeywordModel())
    for name in ("table", "markdown", "html"):
        shown = get_format(name, width=300).render(report) if name == "table" else None
        shown = shown or get_format(name).render(report)
        assert "more like it" not in shown, name
        assert all(line in shown for line in years), name
    assert json.loads(get_format("json").render(report))["skipped"]["records"] == years
