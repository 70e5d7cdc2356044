"""Session 26: "the board's people" are the people who acted on it, own or reported an item, or
are on the board (a card's member, a Trello board's member), not those who only watch an issue.

freshdata splunk_sustain_bugs read "1,405 activities by 327 of the board's 431 people": 97 of
the 431 only watched issues (``Item.watchers``, Jira adds the reporter, the commenters and any
follower); their people table listed 97 rows of zeros. A watcher who also did anything stays.
"""

from __future__ import annotations

import json
from datetime import datetime

from ownership_boards import Builder, KeywordModel

from analyzer.formats import get_format
from analyzer.pipeline import scan_board
from analyzer.verdict import activity_people
from connectors.interface import ActivityKind


def _watched() -> Builder:
    """Ada comments; Bob is assigned, Cy reported, Eve is a person of the board doing nothing;
    Dan and Fay only watch (Ada, Bob and Cy watch too)."""
    b = Builder("jira")
    ada, bob, cy = b.person("u-ada", "Ada"), b.person("u-bob", "Bob"), b.person("u-cy", "Cy")
    b.person("u-eve", "Eve")
    dan, fay = b.person("u-dan", "Dan"), b.person("u-fay", "Fay")
    watchers = [ada, bob, cy, dan, fay]
    b.item("S1", "strategic", title="Roadmap for next year", reporter=cy, watchers=watchers)
    b.item("T1", "tactical", title="Fix bug", assignee=bob, watchers=[dan])
    for day in range(1, 6):
        b.act("T1", ada, ActivityKind.COMMENTED, datetime(2024, 1, day))
    return b


def test_people_who_only_watch_are_not_the_boards_people():
    report = scan_board(_watched().board, KeywordModel())
    ids = {p.id for p in report.people}
    assert ids == {"u-ada", "u-bob", "u-cy", "u-eve"}, ids  # was all six: Dan, Fay only watch
    assert report.summary.people == 4
    assert activity_people(report) == "1 of the board's 4 people"  # was "1 of the board's 6"


def test_the_json_and_tables_list_no_watch_only_person():
    report = scan_board(_watched().board, KeywordModel())
    doc = json.loads(get_format("json").render(report))
    assert [p["name"] for p in doc["people"]].count("Dan") == 0
    assert doc["summary"]["people"] == 4
    for name in ("markdown", "table"):
        text = get_format(name).render(report)
        assert "Fay" not in text and "Dan" not in text, name


def test_a_board_without_watchers_keeps_everyone_it_names():
    """A Trello board's members who did nothing yet are still the board's people."""
    b = _watched()
    for item in b.board.items:
        item.watchers = []
    report = scan_board(b.board, KeywordModel())
    assert report.summary.people == 6


def test_a_declared_person_who_only_watches_is_shown_as_a_declared_one_who_did_nothing(tmp_path):
    """Session 27: the roles file declares Dan (he only watches) and Eve (she did nothing): the
    reader wants to see both, each a row with the declared role and a drift line saying they
    did nothing; Fay, undeclared, only watches and stays out."""
    roles = tmp_path / "roles.toml"
    roles.write_text('[people]\n"Dan" = "pm"\n"Eve" = "pm"\n"Ada" = "po"\n', encoding="utf-8")
    report = scan_board(_watched().board, KeywordModel(), roles=roles)
    people = {p.id: p for p in report.people}
    assert set(people) == {"u-ada", "u-bob", "u-cy", "u-eve", "u-dan"}  # Dan was left out
    assert report.summary.people == 5
    dan, eve = people["u-dan"], people["u-eve"]
    assert (dan.declared_role, eve.declared_role) == ("pm", "pm")
    assert dan.drift is not None and eve.drift is not None
    assert (dan.total_activities, dan.assigned_items.total) == (0, 0)
    assert dan.drift.status == eve.drift.status
    assert dan.drift.message.replace("Dan", "Eve") == eve.drift.message
    for name in ("markdown", "table"):
        text = get_format(name).render(report)
        assert "Dan" in text and "Fay" not in text, name
        said = [line.replace("Eve", "Dan") for line in text.splitlines() if "Eve" in line]
        assert said == [line for line in text.splitlines() if "Dan" in line], name
    doc = json.loads(get_format("json").render(report))
    rows = {p["name"]: {k: v for k, v in p.items() if k != "id"} for p in doc["people"]}
    assert json.dumps(rows["Eve"]).replace("Eve", "Dan") == json.dumps(rows["Dan"])


def test_activities_with_no_known_author_are_by_no_known_person():
    """Session 29: a JSON naming its issues' assignees and no creator read "15 activities by 3
    people", each of the 3 with none: the activities are by no known person."""
    from analyzer.verdict import activities_text

    b = Builder("jira")
    ann, bo = b.person("u-ann", "Ann"), b.person("u-bo", "Bo")
    for n, person in enumerate((ann, bo, ann)):
        b.item(f"T{n}", "tactical", title="Fix bug", assignee=person)
        b.act(f"T{n}", None, ActivityKind.CREATED, datetime(2024, 1, n + 1))
    report = scan_board(b.board, KeywordModel())
    assert report.summary.people == 2 and report.summary.total_activities == 3
    assert activities_text(report) == "3 activities by no known person"  # was "by 2 people"
    b.act("T0", ann, ActivityKind.COMMENTED, datetime(2024, 1, 5))
    report = scan_board(b.board, KeywordModel())
    assert activities_text(report) == "4 activities by 1 of the board's 2 people"
