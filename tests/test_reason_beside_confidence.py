"""One number at one precision in a row: the top items showed "Conf. >99.9%" beside a reason
"strategic >0.99: …" (session 31's walk, the sample board). Where the confidence stands beside
the reason (top items in the terminal, Markdown and HTML; the HTML items table) a reason the
model made (``models.reasons.Reason``: head, number, body) leaves its number out; JSON and the
item CSV keep the model's reason whole; a reason of any other making is shown as it is."""

from __future__ import annotations

import copy
import json
import pickle
from dataclasses import replace

from ownership_boards import T0, Builder, KeywordModel

from analyzer.formats import get_format
from analyzer.formats._common import reason_beside_confidence
from analyzer.pipeline import scan_board
from analyzer.report import ItemResult
from connectors.interface import ActivityKind
from models.interface import TACTICAL
from models.reasons import Reason


def _item(reason: str, confidence: float, label: str = "strategic") -> ItemResult:
    return ItemResult("c1", None, "Roadmap draft", label, confidence, reason)


def test_a_models_reason_leaves_its_number_out():
    sure = Reason("strategic", ">0.99", "'roadmap', 'pricing'")
    assert sure == "strategic >0.99: 'roadmap', 'pricing'"  # (what JSON and CSV write)
    assert reason_beside_confidence(_item(sure, 0.9996)) == "strategic: 'roadmap', 'pricing'"
    bug = Reason("tactical", "0.87", "'bug'")
    assert reason_beside_confidence(_item(bug, 0.8712, "tactical")) == "tactical: 'bug'"
    unsure = _item(Reason("uncertain, leaning tactical", "0.59", "'goal'"), 0.5999, "uncertain")
    assert reason_beside_confidence(unsure) == "uncertain, leaning tactical: 'goal'"


def test_a_reason_of_another_making_is_kept():
    for reason, confidence in [
        ("tactical words: bug, fix", 0.85),
        ("strategic 0.40: 'x'", 0.9),
        ("strategic >0.99: 'x'", 0.9996),  # a text: its parts are not known
        ("tactical: corrected by the team in fixes.csv", 1.0),
        ("", 0.5),
    ]:
        assert reason_beside_confidence(_item(reason, confidence)) == reason


def test_a_reason_keeps_its_parts_through_copies_and_pickles_and_writes_as_its_text():
    reason = Reason("uncertain, leaning tactical", "0.59", "'goal'; nearest phrase: 'x'")
    for again in (copy.copy(reason), copy.deepcopy(reason), pickle.loads(pickle.dumps(reason))):
        assert type(again) is Reason and again == reason
        assert (
            again.beside_confidence() == "uncertain, leaning tactical: 'goal'; nearest phrase: 'x'"
        )
    assert json.dumps(reason) == json.dumps(str(reason))
    assert type(reason.with_body("'plan'")) is Reason
    assert reason.with_body("'plan'") == "uncertain, leaning tactical 0.59: 'plan'"


def _report():
    b = Builder("trello")
    pid = b.person("a", "Ann")
    for n in range(10):
        b.item(f"I{n}", TACTICAL, title="fix bug")
        b.act(f"I{n}", pid, ActivityKind.COMMENTED, T0)
    report = scan_board(b.board, KeywordModel())
    sure = {"confidence": 0.9996, "reason": Reason("tactical", ">0.99", "'bug', 'fix'")}
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


def test_the_bundled_models_reasons_in_a_scan_leave_out_only_the_number_beside_it():
    """The bundled model's reasons (a batch's, and those the parent links rewrite) are made as
    head and body: the top items show them without the number, JSON keeps them whole."""
    from test_parent_links import _research_board

    from analyzer.pipeline import classify_items
    from models.classifier import load_model

    model = load_model()
    pieces = ("Write up the summary", "Synthesise the findings", "Draft the questionnaire")
    items = _research_board(pieces)
    got = classify_items(items, model)
    for prediction in got:
        reason = prediction.reason
        assert type(reason) is Reason
        assert reason.startswith(f"{reason.head} {reason.number}: ")
        assert reason.beside_confidence() == f"{reason.head}: {reason.body}"
    assert all("read with its parent's title" in p.reason.body for p in got[6:])
    b = Builder("jira")
    b.board.items.extend(items)
    report = scan_board(b.board, model)
    markdown = get_format("markdown").render(report)
    top = report.top_strategic[0]
    whole = top.reason
    assert type(whole) is Reason and whole in get_format("json").render(report)
    assert f"| {whole.head}: {whole.body[:40]}" in markdown
    assert f"{whole.head} {whole.number}:" not in markdown


def test_an_anonymised_report_keeps_its_reasons_parts():
    from analyzer.anonymise import anonymise

    report = _report()
    named = Reason("tactical", ">0.99", "'bug', in Ann's list")  # (a name the report hides)
    report.top_tactical[0].reason = named
    report = anonymise(report)
    reason = report.top_tactical[0].reason
    assert type(reason) is Reason and reason.number == ">0.99" and "Ann" not in reason
    assert reason.body.startswith("'bug', in ") and reason.beside_confidence() in (
        get_format("markdown").render(report)
    )
