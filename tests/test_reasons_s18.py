"""Session 18 (issue 12, point 5): reasons a person reads make sense.

- An item the report calls ``uncertain`` has a reason that says so ("uncertain, leaning tactical
  0.55: …"), in every report format; a surer one does not. Labels and confidences are the same.
- The evidence rules' hold says so ("held back from strategic (…)") instead of "tactical 0.55"
  with the few terms that push toward tactical.
- The rules' heads share one shape; the research-title re-read says which reading it was.
- A phrase is quoted only when the item's title is like it; a word a reason never shows alone
  ('one', 'beim', 'vs') is never a term.
Boards and titles of our own.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest

from analyzer.formats import get_format
from analyzer.parent_links import PARENT_TITLE_REASON, WITHOUT_TYPE_REASON
from analyzer.pipeline import scan_file
from models import _terms_phrases as terms_phrases
from models._reason_terms import (
    NEVER_SHOWN,
    UNSURE_LEAD,
    bare_head,
    held_without_terms,
    shown_below,
)
from models.interface import ItemDoc
from models.reasons import _HELD_THIN, _HELD_TIE, _UNSURE_TIE, reason_text
from models.rules import (
    DIRECTION_REREAD_REASON,
    HELD_REASON,
    NO_EVIDENCE_STRATEGIC_CAP,
    RESEARCH_REASON,
    THIN_REASON,
    TITLE_HELD_REASON,
)
from tests.fakes.models import two_term_batch

# --- one shape ---------------------------------------------------------------------------------

HEADS = [
    HELD_REASON,
    TITLE_HELD_REASON,
    THIN_REASON,
    RESEARCH_REASON,
    DIRECTION_REREAD_REASON,
    PARENT_TITLE_REASON.format("'Interviews with shop owners'"),
    WITHOUT_TYPE_REASON.format("parent", "K-1"),
]


@pytest.mark.parametrize("head", HEADS)
def test_every_rule_head_says_what_was_done_then_why_in_brackets(head):
    # "held as delivery work (…); terms: ", "read without its issue type and list (…); terms: "
    assert re.fullmatch(r"[a-z][a-z' ]+ \([^()]+\); terms: ", head), head


def test_the_two_re_readings_say_which_they_are():
    assert "research work" in RESEARCH_REASON and "direction" not in RESEARCH_REASON
    assert "direction work" in DIRECTION_REREAD_REASON and "research" not in (
        DIRECTION_REREAD_REASON
    )


# --- uncertain items ---------------------------------------------------------------------------


def _card(i: int, name: str, list_id: str) -> dict:
    return {
        "id": f"c{i}",
        "idShort": i,
        "shortLink": f"s{i}",
        "name": name,
        "desc": "",
        "idList": list_id,
        "closed": False,
        "dateLastActivity": f"2026-01-{i + 1:02d}T10:00:00.000Z",
        "idMembers": [],
        "idLabels": [],
    }


#: A name alone in an ideas list (the list-only rule holds it back: uncertain) beside delivery
#: and direction cards.
CARDS = [
    ("Zorblat", "l1"),
    ("Fix the login crash on the settings page", "l2"),
    ("Update the export button label", "l2"),
    ("Define the product vision and roadmap for next year", "l1"),
    ("Repair the broken password reset email", "l2"),
    ("Run competitor analysis for the market", "l1"),
]
BOARD = {
    "id": "b1",
    "name": "Uncertain reasons board",
    "lists": [{"id": "l1", "name": "Idea Sketches"}, {"id": "l2", "name": "Doing"}],
    "labels": [],
    "members": [],
    "actions": [],
    "cards": [_card(i, name, lst) for i, (name, lst) in enumerate(CARDS)],
}


@pytest.fixture(scope="module")
def board_path(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("unsure") / "board.json"
    path.write_text(json.dumps(BOARD), encoding="utf-8")
    return path


def test_an_uncertain_item_reason_says_uncertain_and_a_sure_one_does_not(board_path):
    report = scan_file(str(board_path))
    by_title = {item.title: item for item in report.items}
    held = by_title["Zorblat"]
    assert held.label == "uncertain"
    assert held.confidence == pytest.approx(1 - NO_EVIDENCE_STRATEGIC_CAP)
    assert held.reason.startswith(
        f"{UNSURE_LEAD}tactical 0.55: {bare_head(THIN_REASON)}no strong terms"
    ), held.reason
    for item in report.items:
        assert item.reason.startswith(UNSURE_LEAD) is (item.label == "uncertain"), item.reason
    assert sum(item.label != "uncertain" for item in report.items) >= 4


def test_the_threshold_decides_which_reasons_say_uncertain(board_path):
    low = {i.title: i for i in scan_file(str(board_path), threshold=0.5).items}
    high = {i.title: i for i in scan_file(str(board_path), threshold=1.0).items}
    assert low["Zorblat"].label == "tactical"  # 0.55 is sure enough at 0.5
    assert low["Zorblat"].reason.startswith(f"tactical 0.55: {bare_head(THIN_REASON)}")
    for title, item in high.items():  # same labels' confidences; the word follows the label
        assert item.confidence == low[title].confidence
        assert item.reason.startswith(UNSURE_LEAD) is (item.label == "uncertain")
        # its number never reads as the threshold (session 19): 0.99998 shows 0.99, not 1.00
        # (a threshold finer than 1.0's hundredths is refused: 0.99999 was, session 19)
        shown = f"{shown_below(item.confidence, 1.0):.2f}"
        expected = re.sub(r">?\d\.\d\d", shown, low[title].reason, count=1)  # ">0.99" too
        assert item.reason.removeprefix(UNSURE_LEAD) == expected
    assert sum(item.label == "uncertain" for item in high.values()) >= 2


@pytest.mark.parametrize("name", ["json", "html"])  # (the others list the surest items only)
def test_every_format_listing_the_item_shows_the_uncertain_reason(board_path, name):
    report = scan_file(str(board_path))
    text = get_format(name).render(report)
    if name == "json":
        items = {item["title"]: item for item in json.loads(text)["items"]}
        assert items["Zorblat"]["reason"].startswith(UNSURE_LEAD)
        assert items["Zorblat"]["label"] == "uncertain"
        assert items["Zorblat"]["reason"] == next(
            i.reason for i in report.items if i.title == "Zorblat"
        )
    else:  # beside its confidence, "55.0%": the head's number is left out (session 31)
        row = text[text.index(">Zorblat<") :].split("</tr>")[0]
        assert "uncertain, leaning tactical: " in row and ">55.0%<" in row
        assert "held back from strategic" in text


def test_marking_rows_unsure_gives_the_reference_text_in_every_batch_form():
    # plain, held by the evidence rules, without terms, and two rounding ties (0.125 / 0.875)
    proba = [[0.3, 0.7], [0.45, 0.55], [0.45, 0.55], [0.125, 0.875], [0.125, 0.875], [0.9, 0.1]]
    held = [0, _HELD_THIN, _HELD_THIN, 0, _HELD_THIN, 0]
    chosen = [[1, -1], [1, -1], [-1, -1], [1, -1], [-1, -1], [0, -1]]
    batch = two_term_batch(proba, held, chosen)
    assert (batch.codes[[3, 4]] < 0).all() and batch.codes[4] == _HELD_TIE + 1 - _HELD_THIN
    rows = list(range(len(proba)))
    batch.mark_unsure(rows[:5])
    batch.mark_unsure([0, 3])  # a row marked twice stays marked once
    assert batch.codes[3] == -1 - _UNSURE_TIE
    said = [batch.reason(row) for row in rows]
    for row, reason in enumerate(said):
        label, confidence = ("strategic", "tactical")[int(np.argmax(proba[row]))], max(proba[row])
        terms = [["roadmap", "login"][c] for c in chosen[row] if c >= 0]
        expected = reason_text(label, confidence, terms, None, held=held[row], unsure=row < 5)
        assert reason == expected
    assert said[2] == f"{UNSURE_LEAD}tactical 0.55: {bare_head(THIN_REASON)}no strong terms"
    assert said[5] == "strategic 0.90: 'roadmap'"
    assert batch.reasons_and_term_lists(rows)[0] == said
    layout = ("[", ", ", "]", "[]")
    texts = batch.json_reasons_and_term_lists(rows, layout)[0]
    assert [json.loads(t) for t in texts] == said
    heads, middles, endings, _ = batch.utf8_reason_pieces(rows, layout)
    pieces = [b"".join(p).decode() for p in zip(heads, middles, endings, strict=True)]
    assert [json.loads(t) for t in pieces] == said


def test_a_held_row_without_terms_is_told_apart_from_an_unsure_plain_one():
    valid = np.array([[False], [False], [True]])
    heads = 2 * 6 * 101 * 2  # two labels, six head kinds, then all again led by UNSURE_LEAD
    sure = heads // 2
    codes = np.array([sure + 50, sure + 202 + 50, sure + 202 + 50])  # unsure: plain, held, held
    assert held_without_terms(valid, codes, 2, heads).tolist() == [False, True, False]


def test_classify_without_a_report_threshold_says_no_uncertain(model):
    (p,) = model.predict([ItemDoc("Herstel de knop op de inlogpagina")])
    assert p.confidence < 0.6 and not p.reason.startswith(UNSURE_LEAD)
    (q,) = model.predict([ItemDoc("Herstel de knop op de inlogpagina")], unsure_below=0.6)
    assert q.reason == UNSURE_LEAD + p.reason and (q.label, q.confidence) == (p.label, p.confidence)


# --- the evidence rules' hold ------------------------------------------------------------------


def test_the_evidence_rules_hold_says_so_only_when_they_held(model):
    docs = [
        ItemDoc("Herstel de knop op de inlogpagina"),  # no known word: the intercept reads it
        ItemDoc("Zorblat", column="Idea Sketches"),  # a list name alone (in a scan)
        ItemDoc("Fix the login crash on the settings page", type="Bug"),  # tactical itself
        ItemDoc("Define the product vision and roadmap for next year", type="Epic"),
    ]
    scanned = model.predict(docs, prior={"strategic": 0.1, "tactical": 0.9})
    got = [model.predict(docs)[0], scanned[1], *scanned[2:]]
    for p in got[:2]:
        assert p.scores["strategic"] == NO_EVIDENCE_STRATEGIC_CAP
        assert bare_head(THIN_REASON) in p.reason, p.reason
    for p in got[2:]:
        assert bare_head(THIN_REASON) not in p.reason, p.reason
    assert got[3].label == "strategic"


# --- the nearest phrase and the words a reason never shows -------------------------------------


def test_a_phrase_is_quoted_only_when_the_title_is_like_it(model, monkeypatch):
    alike = ItemDoc("Develop the initial product backlog", type="Story")
    # the description names acceptance criteria; the title is about something else
    apart = ItemDoc(
        "Count rows of new data",
        description="Acceptance Criteria\n- data is unsealed\n- hash matches\nCheck delivered "
        "features against the acceptance criteria",
        type="Task",
    )
    got_alike, got_apart = model.predict([alike, apart])
    assert got_alike.nearest_phrase is not None and "nearest phrase" in got_alike.reason
    assert "backlog" in got_alike.nearest_phrase.lower()
    assert got_apart.nearest_phrase is None and "nearest phrase" not in got_apart.reason
    monkeypatch.setattr(terms_phrases, "PHRASE_TITLE_MIN_SHARED", 0)  # the title not asked
    before = model.predict([apart])[0]
    assert before.nearest_phrase is not None  # (session 14's rule quoted it: the description)
    assert (before.label, before.confidence) == (got_apart.label, got_apart.confidence)


def test_every_seed_reference_a_reason_can_name_is_readable(model):
    shown = {phrase.short_provenance for phrase in model.phrases}
    assert len(shown) > 10
    for where in shown:
        assert ".txt" not in where and "body (" not in where, where
        assert where.startswith("“"), where  # the article's title first
    assert "“PM vs PO (newsletter)”, its paragraph on the product owner" in shown


def test_a_word_a_reason_never_shows_alone_is_no_term(model):
    shown = [w for w in NEVER_SHOWN if w in model.vocabulary]
    assert shown  # the bundled model has some of them as features (they still count)
    docs = [ItemDoc(f"{w} {w} investment {w}") for w in shown]
    for word, p in zip(shown, model.predict(docs), strict=True):
        assert word not in p.top_terms and f"'{word}'" not in p.reason, (word, p.reason)
