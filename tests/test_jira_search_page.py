"""A Jira REST search saved one page at a time (``Board.search_pages``): the report says the file
holds a page of more, through a scan, the store (``import`` then ``report --db``) and a merge.

Session 30: a real search page of 50 of the 3 402 issues its ``total`` said it found, and one
of the 2025 ``/rest/api/3/search/jql`` (``isLast`` false, a ``nextPageToken``, no total), were
each reported as the whole board with no word of the rest. Fixtures are built here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analyzer.local_store import load_from_store
from analyzer.pipeline import read_board, scan_board
from connectors.exports.jira_json import JiraJsonExport
from connectors.interface import Board, SearchPage
from connectors.merge import merge_boards
from connectors.store import Store


def _issue(n: int) -> dict:
    return {
        "id": str(1000 + n),
        "key": f"SP-{n}",
        "fields": {
            "summary": f"Fix the export button {n}",
            "issuetype": {"name": "Bug"},
            "status": {"name": "To Do", "statusCategory": {"key": "new"}},
            "created": "2025-08-28T12:08:29.874-0400",
            "project": {"key": "SP", "name": "Search pages"},
        },
    }


def _write(tmp_path: Path, name: str, document: object) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(document, indent=1), "utf-8")
    return path


def _old_page(start: int, count: int, total: int) -> dict:
    issues = [_issue(n) for n in range(start, start + count)]
    return {"startAt": start, "maxResults": count, "total": total, "issues": issues}


def _new_page(start: int, count: int, last: bool) -> dict:
    page = {"issues": [_issue(n) for n in range(start, start + count)], "isLast": last}
    return page if last else page | {"nextPageToken": "ChkjU3RyaW5n"}


CASES = {
    "one page of a total": (_old_page(0, 3, 7), [SearchPage("s.json", 3, 7)]),
    "every page of a total": ([_old_page(0, 3, 5), _old_page(3, 2, 5)], []),
    "the whole search": (_old_page(0, 3, 3), []),
    "a jql page, more follow": (_new_page(0, 3, False), [SearchPage("s.json", 3, None)]),
    "a jql page, the last": (_new_page(0, 3, True), []),
    "both jql pages": ([_new_page(0, 3, False), _new_page(3, 2, True)], []),
    "an array of issues": ([_issue(1), _issue(2)], []),
    # two pages saved overlapping (SP-2 on both) and the third missing: six issue records make
    # up the total of six, but five issues are read (session 32: each counted once)
    "overlapping pages, one missing": (
        [_old_page(0, 3, 6), _old_page(2, 3, 6)],
        [SearchPage("s.json", 5, 6)],
    ),
    "overlapping pages, none missing": ([_old_page(0, 3, 5), _old_page(2, 3, 5)], []),
}


@pytest.mark.parametrize("lean", [False, True], ids=["objects", "scan"])
@pytest.mark.parametrize("case", list(CASES))
def test_what_the_reader_says_of_the_search(tmp_path: Path, case: str, lean: bool):
    document, expected = CASES[case]
    path = _write(tmp_path, "s.json", document)
    board = JiraJsonExport(path, activity_details=not lean, shared_empty=lean).load()
    assert board.search_pages == expected


def _page_notes(board: Board) -> list[str]:
    return [n for n in scan_board(board).notes if "one page of a Jira search" in n]


def test_the_report_says_the_export_holds_one_page(tmp_path: Path):
    board = read_board(_write(tmp_path, "s.json", _old_page(0, 3, 3402)))
    assert _page_notes(board) == [
        "The export holds one page of a Jira search: 3 of the 3,402 issues the search found. "
        "The report covers only those 3: save every page of the search into the file (startAt "
        "0, 50, 100 …), or export the issues from Jira with Filters → Export → CSV (all fields)."
    ]
    jql = read_board(_write(tmp_path, "j.json", _new_page(0, 3, False)))
    (note,) = _page_notes(jql)
    assert "3 issues, and the page says more follow (isLast is false)" in note
    assert "each next one asked with the page's nextPageToken" in note
    assert _page_notes(read_board(_write(tmp_path, "w.json", _old_page(0, 3, 3)))) == []


def test_the_store_keeps_it_and_a_merge_names_the_file(tmp_path: Path):
    page = read_board(_write(tmp_path, "page.json", _old_page(0, 3, 9)))
    with Store(tmp_path / "s.sqlite") as store:
        sid = store.import_board(page)
        assert store.load_board(sid).search_pages == [SearchPage("page.json", 3, 9)]
    stored = load_from_store(tmp_path / "s.sqlite", [str(sid)])
    assert _page_notes(stored) == _page_notes(page)
    whole = read_board(_write(tmp_path, "whole.json", [_issue(50)]))
    merged = merge_boards([whole, page])
    (note,) = _page_notes(merged)
    assert note.startswith('The export "page.json" holds one page of a Jira search: 3 of the 9')
