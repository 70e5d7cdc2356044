"""Every terminal people table that lists its first 25 people says how many more there are
(splunk_sustain_bugs: the balance-against-role table listed 25 of 327 people, the assigned-items
table 25 of 58, unsaid; the what-they-did table said so)."""

from __future__ import annotations

from ownership_boards import T0, Builder, KeywordModel

from analyzer.formats import get_format
from analyzer.pipeline import scan_board
from connectors.interface import ActivityKind
from models.interface import TACTICAL


def _text(people: int) -> str:
    b = Builder("jira")
    for n in range(people):
        pid = b.person(f"u{n}", f"Person {n:02d}")
        b.item(f"I{n}", TACTICAL, key=f"PRJ-{n + 1}", type="Bug", assignee=pid, title="fix bug")
        b.act(f"I{n}", pid, ActivityKind.COMMENTED, T0)
    report = scan_board(b.board, KeywordModel())
    return " ".join(get_format("table", width=100).render(report).split())


def test_the_roles_and_owners_tables_say_how_many_people_they_leave_out():
    text = _text(28)
    roles = text.split("People — balance against role")[1].split("People — what they did")[0]
    assert "3 more people in --format json." in roles
    owners = text.split("People — items they are assigned")[1].split("Top ")[0]
    assert "3 more people assigned items in --format json." in owners


def test_no_note_when_every_person_is_listed():
    assert "more people" not in _text(25)
