"""Time windows: parsing --window, calendar and sprint windows, per-person counts."""

from __future__ import annotations

from datetime import datetime

import pytest
from ownership_boards import Builder, K, drift_board

from analyzer.timeline import (
    WindowSpec,
    build_timeline,
    calendar_windows,
    label_activities,
    parse_window,
)
from models.interface import STRATEGIC, TACTICAL


@pytest.mark.parametrize(
    ("text", "spec"),
    [
        ("week", WindowSpec("week")),
        ("Month", WindowSpec("month")),
        (" quarter ", WindowSpec("quarter")),
        ("sprint", WindowSpec("sprint")),
        ("auto", WindowSpec("auto")),
        ("14d", WindowSpec("days", 14)),
        ("30days", WindowSpec("days", 30)),
    ],
)
def test_parse_window(text, spec):
    assert parse_window(text) == spec


@pytest.mark.parametrize("text", ["", "fortnight", "0d", "-3d", "d", "12"])
def test_parse_window_rejects_with_one_line(text):
    with pytest.raises(ValueError) as info:
        parse_window(text)
    assert "\n" not in str(info.value) and "14d" in str(info.value)


def test_calendar_windows_cover_the_span():
    first, last = datetime(2024, 1, 31, 12), datetime(2024, 4, 2)
    months = calendar_windows(first, last, WindowSpec("month"))
    assert [w.label for w in months] == ["2024-01", "2024-02", "2024-03", "2024-04"]
    quarters = calendar_windows(first, last, WindowSpec("quarter"))
    assert [w.label for w in quarters] == ["2024-Q1", "2024-Q2"]
    weeks = calendar_windows(datetime(2024, 1, 3), datetime(2024, 1, 15), WindowSpec("week"))
    assert [w.label for w in weeks] == ["2024-W01", "2024-W02", "2024-W03"]
    assert weeks[0].start == datetime(2024, 1, 1)  # Monday
    days = calendar_windows(datetime(2024, 1, 1), datetime(2024, 1, 20), WindowSpec("days", 10))
    assert [w.label for w in days] == ["2024-01-01..2024-01-10", "2024-01-11..2024-01-20"]


def test_board_and_people_counts_per_window():
    b = drift_board("trello")
    t = build_timeline(b.board, label_activities(b.board, b.predictions), "month")
    assert t.spec == "month" and len(t.board) == 6
    jan = t.board[0]
    assert (jan.activities, jan.strategic, jan.tactical) == (24, 12, 12)
    assert jan.strategic_share == 0.5
    alice = t.people["m1"]
    assert [s.strategic for s in alice] == [12, 12, 12, 12, 2, 2]
    assert t.as_of == datetime(2024, 6, 13, 11)


def test_uncertain_activity_counts_but_not_in_the_share():
    b = Builder("trello")
    b.person("m1", "A")
    b.item("S", STRATEGIC)
    b.item("U", TACTICAL, confidence=0.3)
    b.act("S", "m1", K.COMMENTED, datetime(2024, 1, 2))
    b.act("U", "m1", K.COMMENTED, datetime(2024, 1, 3))
    t = build_timeline(b.board, label_activities(b.board, b.predictions), "month")
    w = t.board[0]
    assert (w.activities, w.uncertain, w.strategic_share) == (2, 1, 1.0)


def test_sprint_windows_on_jira_and_fallback_on_trello():
    b = drift_board("jira")
    for item in b.board.items:
        if item.id.startswith("T"):
            n = int(item.id[1:])
            item.sprint = f"Sprint {n % 3 + 1}"
            item.resolved = [datetime(2024, 2, 20), datetime(2024, 4, 20), datetime(2024, 6, 1)][
                n % 3
            ]
    t = build_timeline(b.board, label_activities(b.board, b.predictions), "sprint")
    assert t.spec == "sprint" and t.note is None
    assert [w.label for w in t.windows] == ["Sprint 1", "Sprint 2", "Sprint 3", "after Sprint 3"]
    # Sprint i runs from the end of sprint i-1 to its own end (its last resolution).
    assert t.windows[1].start == datetime(2024, 2, 20, 0, 0, 1)
    assert t.windows[2].end == datetime(2024, 6, 1, 0, 0, 1)
    auto = build_timeline(b.board, label_activities(b.board, b.predictions), "auto")
    assert auto.spec == "sprint"

    trello = drift_board("trello")
    t = build_timeline(trello.board, label_activities(trello.board, trello.predictions), "sprint")
    assert t.spec == "14d" and "no sprints on this board" in t.note
    auto = build_timeline(trello.board, label_activities(trello.board, trello.predictions))
    assert auto.spec == "month"


def test_a_board_without_dated_activity_has_no_windows():
    b = Builder("jira")
    b.item("S", STRATEGIC, created=None)
    t = build_timeline(b.board, label_activities(b.board, b.predictions), "week")
    assert t.windows == [] and t.as_of is None and "no dated activity" in t.note


def test_export_without_history_still_counts_who_created_what():
    b = Builder("jira")
    b.person("u1", "Rita Reporter")
    b.item("S", STRATEGIC, reporter="u1", created=datetime(2024, 3, 1))
    [la] = label_activities(b.board, b.predictions)
    assert la.actor == "u1" and la.activity.kind == K.CREATED and la.label == STRATEGIC
