"""One number at one precision in a row: the top items showed "Conf. >99.9%" beside a reason
"strategic >0.99: …" (session 31's walk, the sample board). Where the confidence stands beside
the reason (top items in the terminal, Markdown and HTML; the HTML items table) the reason's head
leaves its number out; JSON and the item CSV keep the model's reason whole."""

from __future__ import annotations

import json
from dataclasses import replace

from ownership_boards import T0, Builder, KeywordModel

from analyzer.formats import get_format
from analyzer.formats._common import reason_beside_confidence
from analyzer.pipeline import scan_board
from analyzer.report import ItemResult
from connectors.interface import ActivityKind
from models.interface import TACTICAL


def _item(reason: str, confidence: float, label: str = "strategic") -> ItemResult:
    return ItemResult("c1", None, "Roadmap draft", label, confidence, reason)


def test_the_heads_number_is_left_out_when_it_is_the_items_confidence():
    assert reason_beside_confidence(_item("strategic >0.99: 'roadmap', 'pricing'", 0.9996)) == (
        "strategic: 'roadmap', 'pricing'"
    )
    assert reason_beside_confidence(_item("tactical 0.87: 'bug'", 0.8712, "tactical")) == (
        "tactical: 'bug'"
    )
    unsure = _item("uncertain, leaning tactical 0.59: 'goal'", 0.5999, "uncertain")
    assert reason_beside_confidence(unsure) == "uncertain, leaning tactical: 'goal'"


def test_a_reason_of_another_shape_or_number_is_kept():
    for reason, confidence in [
        ("tactical words: bug, fix", 0.85),
        ("strategic 0.40: 'x'", 0.9),  # not the item's confidence
        ("strategic >0.99: 'x'", 0.95),
        ("", 0.5),
    ]:
        assert reason_beside_confidence(_item(reason, confidence)) == reason


def _report():
    b = Builder("trello")
    pid = b.person("a", "Ann")
    for n in range(10):
        b.item(f"I{n}", TACTICAL, title="fix bug")
        b.act(f"I{n}", pid, ActivityKind.COMMENTED, T0)
    report = scan_board(b.board, KeywordModel())
    sure = {"confidence": 0.9996, "reason": "tactical >0.99: 'bug', 'fix'"}
    items = [replace(i, **sure) for i in report.items]
    top = [replace(i, **sure) for i in report.top_tactical]
    return replace(report, items=items, top_tactical=top)


def test_every_format_shows_one_precision_in_a_top_items_row():
    report = _report()
    terminal = get_format("table", width=100).render(report)
    assert "tactical: 'bug', 'fix'" in terminal and ">0.99" not in terminal
    assert ">99.9%" in terminal
    markdown = get_format("markdown").render(report)
    assert "| >99.9% | tactical: 'bug', 'fix' |" in markdown and ">0.99" not in markdown
    html = get_format("html").render(report)
    assert "tactical: &#x27;bug&#x27;, &#x27;fix&#x27;" in html and "&gt;0.99" not in html
    doc = json.loads(get_format("json").render(report))
    assert doc["items"][0]["reason"] == "tactical >0.99: 'bug', 'fix'"
