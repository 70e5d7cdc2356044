"""The what-they-did tables (terminal, Markdown) leave out the people who did nothing in the
export and count them: civicactions_nebula_trello.json listed 14 rows of zeros among its first 25
(then "17 more people in --format json", all of them zeros too) — board members who never acted."""

from __future__ import annotations

import json

from ownership_boards import T0, Builder, KeywordModel

from analyzer.formats import get_format
from analyzer.pipeline import scan_board
from connectors.interface import ActivityKind
from models.interface import TACTICAL


def _report(active: int = 3, idle: int = 5):
    b = Builder("trello")
    for n in range(active):
        pid = b.person(f"a{n}", f"Active {n}")
        b.item(f"I{n}", TACTICAL, title="fix bug")
        b.act(f"I{n}", pid, ActivityKind.COMMENTED, T0)
    for n in range(idle):
        b.person(f"z{n}", f"Idle Member {n}")
    return scan_board(b.board, KeywordModel())


def _section(text: str, start: str, end: str) -> str:
    return text[text.index(start) :].split(end)[0]


def test_the_terminal_table_lists_who_acted_and_counts_the_rest():
    text = get_format("table", width=100).render(_report())
    did = " ".join(_section(text, "People — what they did", "Top ").split())
    assert "Active 0" in did and "Idle Member" not in did
    assert "5 people with no activity here left out (every person is in --format json)." in did


def test_the_markdown_table_too():
    text = get_format("markdown").render(_report(idle=1))
    did = _section(text, "### What they did", "\n## ")
    assert "Active 2" in did and "Idle Member" not in did
    assert "1 person with no activity here left out (every person is in --format json)." in did


def test_no_note_when_everyone_acted_and_json_keeps_everyone():
    assert "no activity here" not in get_format("table").render(_report(idle=0))
    people = json.loads(get_format("json").render(_report()))["people"]
    assert len(people) == 8


def test_the_html_people_table_leaves_out_who_did_and_owns_nothing():
    report = _report(idle=4)
    html = get_format("html").render(report)
    people = html[html.index('<section id="people">') :].split("</section>")[0]
    assert "Active 1" in people and "Idle Member" not in people
    assert "4 people with no activity and no item here left out" in people


def _cards(html: str) -> list[str]:
    import re

    return [
        " ".join(m)
        for m in re.findall(r'<div class="card"><b>([^<]*)</b><span>([^<]*)</span>', html)
    ]


def test_the_html_summary_card_counts_who_acted_as_the_verdict_does():
    """civicactions_nebula_trello.json: a card "42 people" beside a verdict saying "by 11 of the
    board's 42 people" (session 31's walk)."""
    report = _report(active=3, idle=5)
    html = get_format("html").render(report)
    assert "3 of the board&#x27;s 8 people acted" in _cards(html)
    assert "by 3 of the board" in html  # the verdict's words
    assert "3 people" in _cards(get_format("html").render(_report(idle=0)))
    assert "1 person" in _cards(get_format("html").render(_report(active=1, idle=0)))
