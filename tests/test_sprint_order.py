"""Sprint windows run in the order the sprints ran; a misaligned CSV cell is no sprint."""

from __future__ import annotations

from datetime import timedelta

from ownership_boards import T0, Builder, K

from analyzer.timeline import build_timeline, label_activities
from connectors.mapping.jira import sprint_name
from models.interface import TACTICAL


def _board(order: list[str], extra: dict[str, str] | None = None) -> Builder:
    """One item per sprint name in ``order``, each touched a week after the one before."""
    b = Builder("jira")
    bob = b.person("u-bob", "Bob Stone")
    names = [*order, *(extra or {})]
    for n, name in enumerate(names):
        for k in range(3):
            iid = f"T{n}-{k}"
            b.item(iid, TACTICAL, key=f"PRJ-{n * 10 + k}", sprint=name)
            b.act(iid, bob, K.CREATED, T0 + timedelta(weeks=2 * n, days=k))
    return b


def _timeline(b: Builder, window: str = "auto"):
    return build_timeline(b.board, label_activities(b.board, b.predictions, 0.6), window)


def test_numbered_sprints_in_the_order_their_items_ran():
    t = _timeline(_board(["Sprint 1", "Sprint 2", "Sprint 10"]))
    assert t.spec == "sprint" and t.note is None
    assert [w.window for w in t.board][:3] == ["Sprint 1", "Sprint 2", "Sprint 10"]


def test_numbers_against_the_dates_fall_back_and_say_why():
    t = _timeline(_board(["Sprint 3", "Sprint 2", "Sprint 1"]))
    assert t.spec == "month"
    assert "disagree on the order they ran" in t.note
    t = _timeline(_board(["Sprint 3", "Sprint 2", "Sprint 1"]), "sprint")
    assert t.spec == "14d" and "14-day" in t.note


def test_names_that_are_not_sprints_fall_back_and_say_which():
    t = _timeline(_board(["Sprint 1", "Sprint 2", "Sprint 3"], {"someone": ""}))
    assert t.spec == "month" and "'someone'" in t.note


def test_an_issue_key_is_no_sprint_name():
    assert sprint_name("ABC-393") is None
    assert sprint_name(["Sprint 4", "ABC-393"]) == "Sprint 4"
    assert sprint_name("PAY Sprint 12") == "PAY Sprint 12"


def test_a_sprint_name_with_thousands_of_digits_is_no_internal_error():
    """Python refuses int() of a 4 300+ digit string; such a name is simply not a numbered
    sprint (a hostile or misaligned CSV cell), and the timeline is still built."""
    huge = "Sprint " + "9" * 5000
    t = _timeline(_board(["Sprint 1", "Sprint 2", huge]))
    assert t.spec == "month" and "do not look like sprints" in t.note
    t = _timeline(_board(["Sprint 1", "Sprint 2", "Sprint 3", "Sprint 4", huge]))
    assert t.board  # windows built, no ValueError
