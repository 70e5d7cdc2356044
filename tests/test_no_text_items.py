"""Session 34: an item with no title and no description has nothing to read. It was read
"tactical 0.98: held as delivery work …" on its issue type or list alone (the direction rule's
cap, not evidence); it is ``uncertain`` at any threshold now, its reason saying why
(``models.rules.NO_TEXT_REASON``). An item with a description but no title is read as before.
Boards of our own.
"""

from __future__ import annotations

import json
from types import SimpleNamespace

import numpy as np
import pytest

from analyzer.formats import get_format
from analyzer.pipeline import scan_file
from models.rules import NO_TEXT_REASON, no_text_rows

BOARD_CSV = """Summary,Issue key,Issue id,Issue Type,Status,Created,Description
Fix the login crash on the settings page,P-1,1,Task,In Progress,23/Nov/25 10:15 AM,
Define the product vision and roadmap for next year,P-2,2,Epic,To Do,23/Nov/25 10:15 AM,
,P-3,3,Bug,In Progress,23/Nov/25 10:15 AM,
   ,P-4,4,Epic,To Do,23/Nov/25 10:15 AM,\x20\x20
,P-5,5,Task,Done,23/Nov/25 10:15 AM,Crash when saving the settings form
"""
BLANK = ("P-3", "P-4")


@pytest.mark.parametrize("threshold", [0.6, 0.5, 0.0])
def test_an_item_with_no_text_is_uncertain_at_any_threshold(tmp_path, threshold):
    (tmp_path / "board.csv").write_text(BOARD_CSV, encoding="utf-8")
    report = scan_file(str(tmp_path / "board.csv"), threshold=threshold)
    by_key = {item.key: item for item in report.items}
    for key in BLANK:
        item = by_key[key]
        assert item.label == "uncertain", (key, item.label, item.reason)
        assert item.reason == NO_TEXT_REASON == "uncertain: no title or description to read"
        assert item.confidence == 0.5
    # read as before: a title, or a description without a title
    assert by_key["P-1"].label == "tactical" and by_key["P-2"].label == "strategic"
    assert by_key["P-5"].label == "tactical" and by_key["P-5"].reason != NO_TEXT_REASON
    rows = json.loads(get_format("json").render(report))["items"]
    assert {r["key"] for r in rows if r["reason"] == NO_TEXT_REASON} == set(BLANK)


def test_a_trello_card_with_no_text_in_a_delivery_list(tmp_path):
    board = {
        "id": "b1",
        "name": "Team board",
        "lists": [{"id": "l1", "name": "Sprint", "closed": False}],
        "cards": [
            {"id": "c1", "name": "Fix the checkout button", "desc": "", "idList": "l1"},
            {"id": "c2", "name": " ", "desc": "", "idList": "l1"},
        ],
        "actions": [],
        "members": [],
        "labels": [],
    }
    path = tmp_path / "board.json"
    path.write_text(json.dumps(board), encoding="utf-8")
    by_id = {item.id: item for item in scan_file(str(path)).items}
    assert by_id["c2"].label == "uncertain" and by_id["c2"].reason == NO_TEXT_REASON
    assert by_id["c1"].label == "tactical"


def test_only_blank_rows_without_known_words_are_named():
    docs = [
        SimpleNamespace(title="", description=""),
        SimpleNamespace(title=" \t", description=None),
        SimpleNamespace(title=None, description="a description"),
        SimpleNamespace(title="---", description=""),
        SimpleNamespace(title="", description=""),
    ]
    known = np.array([0, 0, 0, 0, 2])  # (the last: words the model knows, never blank)
    assert no_text_rows(known, docs).tolist() == [0, 1]
    assert no_text_rows(np.ones(5), docs).tolist() == []
