"""A Trello card with several members shows every one in the items tables and the HTML filter
(the people tables count each); a Jira issue's watchers stay out; the JSON keeps one assignee."""

from __future__ import annotations

import json
import re

from ownership_boards import T0, KeywordModel

from analyzer.anonymise import anonymise
from analyzer.formats import get_format
from analyzer.pipeline import scan_board
from connectors.interface import Activity, ActivityKind, Board, Item, Person


def _board(source: str) -> Board:
    board = Board("b", "Members board", source)
    for pid, name in (("m1", "Ana Ortiz"), ("m2", "Ben Jun"), ("m3", "Cy Li")):
        board.people[pid] = Person(pid, name)
    people = "watchers" if source == "jira" else "members"  # an issue's: no owners
    shared = {"assignee": "m1", people: ["m1", "m2", "m3"]}
    if source == "jira":
        shared["key"] = "PRJ-1"
    board.items += [
        Item(source, "c1", "Shared card about the release checklist", created=T0, **shared),
        Item(source, "c2", "Card of Ben alone", created=T0, assignee="m2", **{people: ["m2"]}),
    ]
    for pid in ("m1", "m2", "m3"):
        board.activities.append(Activity("c1", pid, ActivityKind.COMMENTED, T0))
    return board


def test_html_and_markdown_show_every_member_of_a_card():
    report = scan_board(_board("trello"), KeywordModel())
    page = get_format("html").render(report)
    row = re.search(r'<tr id="i\d+" data-label="\w+" data-person="([^"]*)">.*?Shared card', page)
    assert row and row.group(1) == "Ana Ortiz&#10;Ben Jun&#10;Cy Li"
    assert '<td data-v="Ana Ortiz, Ben Jun, Cy Li" data-h="assignee">' in page
    filter_ = page.split('id="items-person">')[1].split("</select>")[0]
    assert re.findall(r'<option value="([^"]*)">', filter_) == ["", "Ana Ortiz", "Ben Jun", "Cy Li"]
    assert 'split("\\n").indexOf(p) !== -1' in page  # the filter finds a name among several
    md = get_format("markdown").render(report)
    assert "| Ana Ortiz, Ben Jun, Cy Li |" in md
    assert "| Ben Jun |" in md


def test_the_json_keeps_the_first_owner_as_assignee_and_lists_every_owner():
    report = scan_board(_board("trello"), KeywordModel())
    body = json.loads(get_format("json").render(report))
    assert "other_owners" not in body and "other_owners" not in report.to_dict()
    assert {i["id"]: i["assignee"] for i in body["items"]} == {"c1": "Ana Ortiz", "c2": "Ben Jun"}
    assert [len(i["assignees"]) for i in body["items"]] == [3, 1]


def test_a_jira_issues_watchers_are_not_shown_as_owners():
    report = scan_board(_board("jira"), KeywordModel())
    assert report.other_owners == {}
    page = get_format("html").render(report)
    assert '<td data-v="Ana Ortiz" data-h="assignee">' in page
    assert "Ben Jun, Cy Li" not in page


def test_anonymised_members_are_pseudonyms():
    report = anonymise(scan_board(_board("trello"), KeywordModel()))
    page = get_format("html").render(report) + get_format("markdown").render(report)
    assert not {"Ana Ortiz", "Ben Jun", "Cy Li"} & set(re.findall(r"[A-Z]\w+ [A-Z]\w+", page))
    cell = re.search(r'<td data-v="([^"]*)" data-h="assignee">', page)
    assert cell and cell.group(1).count(", ") == 2
