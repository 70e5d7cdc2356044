"""The verdict comes first in every format, answers the three questions with numbers, and says
so when the data cannot carry a verdict (issue 14)."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta

import pytest
from ownership_boards import (
    STRATEGIC_WORDS,
    T0,
    Builder,
    KeywordModel,
    drift_board,
    healthy_board,
    roles_for,
)

from analyzer.flags import CLEAR_ROLES, INFO, Flag
from analyzer.formats import get_format
from analyzer.formats._common import human_time, shown_origin
from analyzer.output import flags_line
from analyzer.pipeline import scan_board
from analyzer.verdict import ATTENTION, HEALTHY, NO_VERDICT, TENTATIVE
from connectors.interface import ActivityKind
from models.interface import STRATEGIC, TACTICAL

ROLES = '[people]\n"Alice Martin" = "pm"\n"bobs" = "po"\n'


@pytest.fixture(scope="module")
def drifting():
    b = drift_board("jira")
    return scan_board(
        b.board,
        KeywordModel(),
        roles=roles_for(b.board, ROLES),
        window="month",
        origin="/home/someone/secret/folder/export.json",
    )


def test_the_verdict_answers_the_three_questions_with_numbers(drifting):
    v = drifting.verdict
    assert v.status == ATTENTION and v.headline.startswith("Needs attention")
    topics = [line.topic for line in v.lines]
    assert topics[:3] == ["Strategic work", "Roadmap", "Backlog"]
    assert "Drift" in topics and topics[-1] == "How sure"
    text = {line.topic: line.text for line in v.lines}
    assert "Alice Martin" in text["Strategic work"] and "%" in text["Strategic work"]
    assert "Alice Martin, the declared PM, owns it." in text["Roadmap"]
    assert "drifted" in text["Drift"]
    assert "items" in text["How sure"] and "uncertain" in text["How sure"]


def test_every_format_starts_with_the_verdict(drifting):
    headline = drifting.verdict.headline
    table = get_format("table", width=80).render(drifting).splitlines()
    assert table[1] == headline[:80] or " ".join(table[1:3]).startswith(headline)
    assert "Strategic work" in table[2]
    md = get_format("markdown").render(drifting).splitlines()
    assert md[2] == f"**{headline}**" and md[4].startswith("- ") and "Strategic work" in md[4]
    page = get_format("html").render(drifting)
    header = page.split('id="header"')[1].split("</header>")[0]
    assert 'id="verdict"' in header and "Strategic work" in header
    assert "Generated" not in header and "export.json" not in header
    data = json.loads(get_format("json").render(drifting))
    assert list(data)[:2] == ["schema_version", "verdict"]
    assert data["verdict"]["headline"] == headline


def test_metadata_is_below_with_no_local_path_and_human_dates(drifting):
    for fmt in ("table", "markdown", "html"):
        out = get_format(fmt, width=100).render(drifting)
        assert "/home/someone" not in out and "export.json" in out
        assert human_time(drifting.generated_at) in out
        assert drifting.generated_at.isoformat() not in out
        assert out.index("export.json") > out.index("Strategic work")
    assert shown_origin("C:\\Users\\me\\board.json") == "board.json"
    assert shown_origin("https://x.atlassian.net") == "https://x.atlassian.net"
    # a combined report's origins (joined by connectors.merge): each file's name, not the last's
    combined = "/data/exports/roadmap.json; C:\\work\\support.csv; https://x.atlassian.net"
    assert shown_origin(combined) == "roadmap.json; support.csv; https://x.atlassian.net"
    assert human_time(datetime(2026, 12, 4, 20, 5, tzinfo=UTC)) == "4 Dec 2026, 20:05 UTC"


def test_a_healthy_board_says_so():
    b = healthy_board("trello")
    report = scan_board(b.board, KeywordModel(), roles=roles_for(b.board), window="month")
    if report.flags:  # pragma: no cover - the healthy board raises none today
        pytest.skip("the healthy board raised a flag")
    assert report.verdict.status == HEALTHY
    assert "look owned" in report.verdict.headline


def _tiny(n_items: int, n_acts: int, label: str = TACTICAL) -> Builder:
    b = Builder("jira")
    bob = b.person("u-bob", "Bob Stone")
    for n in range(n_items):
        b.item(f"T{n}", label, title=f"Fix the login bug {n}", key=f"PRJ-{n + 1}")
    for n in range(n_acts):
        b.act(f"T{n % max(n_items, 1)}", bob, ActivityKind.COMMENTED, T0 + timedelta(days=n))
    return b


@pytest.mark.parametrize("n_items, n_acts", [(0, 0), (1, 1), (2, 1), (4, 20), (10, 1)])
def test_too_little_data_is_no_verdict_and_raises_no_error(n_items, n_acts):
    b = _tiny(n_items, n_acts if n_items else 0)
    report = scan_board(b.board, KeywordModel(), window="month")
    v = report.verdict
    assert v.status == NO_VERDICT and v.limits
    assert v.headline.startswith("Not enough data for a verdict")
    if n_items < 5:  # below min_items no ownership flag at all (no no-strategic-work ERROR)
        assert report.flags == []
    for fmt in ("table", "markdown", "html"):
        out = get_format(fmt, width=100).render(report)
        assert "look owned" not in out
        assert "Not enough data for a verdict" in out


def test_many_uncertain_items_make_the_verdict_tentative():
    b = healthy_board("trello")
    for item in b.board.items[: len(b.board.items) // 2]:
        item.title, item.description = "misc thing", ""  # no keyword: uncertain
    report = scan_board(b.board, KeywordModel(), roles=roles_for(b.board), window="month")
    assert report.summary.items.share("uncertain") >= 0.3
    assert report.verdict.status in (TENTATIVE, ATTENTION)
    if report.verdict.status == TENTATIVE:
        assert "uncertain" in report.verdict.headline
    assert "tentative" in report.verdict.lines[-1].text
    for fmt in ("table", "markdown", "html"):
        assert "look owned" not in get_format(fmt).render(report)


def test_a_tentative_verdict_words_what_may_be_hidden_as_errors_or_warnings():
    b = healthy_board("trello")
    plain = [i for i in b.board.items if not any(w in i.title.lower() for w in STRATEGIC_WORDS)]
    for item in plain[: len(b.board.items) // 2]:
        item.title, item.description = "misc thing", ""  # no keyword: uncertain
    report = scan_board(b.board, KeywordModel(), roles=roles_for(b.board), window="month")
    assert (report.verdict.status, report.flags) == (TENTATIVE, [])
    assert report.verdict.headline == (
        "No verdict to rely on: no error or warning was raised, but 50% of the items are "
        "uncertain, so one may be hidden."
    )
    hidden = "With this many uncertain items, an error or warning may be hidden."
    for fmt in ("table", "markdown", "html"):
        out = " ".join(get_format(fmt, width=200).render(report).split())
        assert hidden in out and "problem" not in out


def test_roles_file_problems_are_said_at_the_top_with_the_near_match():
    b = healthy_board("trello")
    text = '[people]\n"Alice Martn" = "pm"\n"bobs" = "p0"\n"dan" = "enginer"\n'
    report = scan_board(b.board, KeywordModel(), roles=roles_for(b.board, text), window="month")
    warnings = " ".join(report.role_warnings)
    assert "'Alice Martn' (pm) matches nobody on this board (did you mean 'Alice Martin'?)" in (
        warnings
    )
    assert "unknown role 'p0' (did you mean 'po'?" in warnings
    assert "unknown role 'enginer' (did you mean 'engineer'?" in warnings
    first = report.verdict.lines[0]
    assert first.topic == "Roles file" and first.ok is False and "p0" in first.text
    md = get_format("markdown").render(report)
    assert md.index("did you mean 'po'") < md.index("## Balance")
    assert md.count("did you mean 'po'") == 1


def test_the_roles_file_line_counts_entries_not_the_headlines_problems():
    """The headline counts flags as errors, warnings and notes; the roles file's line said
    "2 problems in roles.toml" beside a headline's "1 problem": it counts entries to check."""
    b = healthy_board("trello")
    text = '[people]\n"Alice Martn" = "pm"\n"bobs" = "p0"\n'
    report = scan_board(b.board, KeywordModel(), roles=roles_for(b.board, text), window="month")
    assert report.verdict.status == ATTENTION and "1 error" in report.verdict.headline
    first = report.verdict.lines[0]
    assert first.topic == "Roles file"
    assert first.text.startswith("2 entries to check in ") and ": 'Alice Martn' (pm)" in first.text
    assert not re.search(r"\d+ (?:problem|warning|note)", first.text)
    one = roles_for(b.board, '[people]\n"Alice Martin" = "pm"\n"bobs" = "p0"\n')
    single = scan_board(b.board, KeywordModel(), roles=one, window="month")
    assert single.verdict.lines[0].text.startswith("1 entry to check in ")


def test_common_and_declared_roles_are_not_warned():
    b = healthy_board("trello")
    text = '[people]\n"Alice Martin" = "pm"\n"bobs" = "po"\n"dan" = "engineer"\n'
    report = scan_board(b.board, KeywordModel(), roles=roles_for(b.board, text), window="month")
    assert report.role_warnings == []
    assert report.verdict.lines[0].topic == "Strategic work"


def test_no_strategic_work_on_enough_items_is_still_an_error():
    b = _tiny(6, 30)
    report = scan_board(b.board, KeywordModel(), window="month")
    assert "no-strategic-work" in {f.code for f in report.flags}
    text = {line.topic: line.text for line in report.verdict.lines}
    assert text["Strategic work"].startswith("None of the 6 items reads as strategic")
    assert STRATEGIC not in {i.label for i in report.items}


def test_backlog_owner_is_not_judged_when_the_data_cannot_show_one():
    """A CSV export without change history has no prioritised/accepted events: saying
    "nobody acts as PO" would blame the team for the export's blind spot."""
    b = _tiny(6, 30)  # comments only
    lines = {line.topic: line for line in scan_board(b.board, KeywordModel()).verdict.lines}
    assert lines["Backlog"].ok is None and lines["Backlog"].text.startswith("Not judged")
    assert "roles file" in lines["Backlog"].text

    for n in range(6):  # now the data shows steering, and Bob only comments: nobody is PO
        b.act(f"T{n}", "u-eve", ActivityKind.PRIORITISED, T0 + timedelta(days=40 + n))
    b.person("u-eve", "Eve Lane")
    lines = {line.topic: line for line in scan_board(b.board, KeywordModel()).verdict.lines}
    assert not lines["Backlog"].text.startswith("Not judged")


def test_a_backlog_nobody_owns_says_so_before_its_stories_without_criteria():
    """Under the code no-backlog-owner, "6 of 6 open stories have no acceptance criteria ...:
    they are not refined before they are built." took the place of "Nobody acts as PO: nobody
    owns it." (pdp_kaizen_trello.json): the line read as a refinement problem only, while the
    portfolio said "nobody". Where the data cannot show a PO, the finding stays alone."""
    b = _tiny(6, 30)  # comments only
    for item in b.board.items:
        item.type, item.description = "Story", "As a user I want it."
    refined = "a criteria field: they are not refined before they are built."

    def backlog(roles=None):
        report = scan_board(b.board, KeywordModel(), roles=roles)
        return {line.topic: line for line in report.verdict.lines}["Backlog"]

    line = backlog()
    assert line.ok is False and line.text.startswith("6 of 6 open stories have no acceptance")
    assert line.text.endswith(refined) and "nobody" not in line.text.lower()

    b.person("u-eve", "Eve Lane")
    for n in range(6):  # the data shows steering now, and Bob only comments: nobody is PO
        b.act(f"T{n}", "u-eve", ActivityKind.PRIORITISED, T0 + timedelta(days=40 + n))
    line = backlog()
    assert line.ok is False and line.text.endswith(refined)
    assert line.text.startswith("Nobody acts as PO: nobody owns it. 6 of 6 open stories")
    line = backlog(roles_for(b.board, '[people]\n"Bob Stone" = "engineer"\n'))
    assert line.text.startswith("Nobody is declared PO in the roles file: nobody owns it. 6 of")


@pytest.mark.parametrize(
    "span, said, period",
    [
        (timedelta(hours=5), "one day", "1 Jan 2024 – 1 Jan 2024"),
        # 26 hours from 09:00 end on the next calendar day: the About line shows two dates,
        # so the verdict says two days (it said "one day", rounding the time down)
        (timedelta(days=1, hours=2), "2 days", "1 Jan 2024 – 2 Jan 2024"),
        (timedelta(hours=15), "2 days", "1 Jan 2024 – 2 Jan 2024"),
        (timedelta(days=2, hours=3), "3 days", "1 Jan 2024 – 3 Jan 2024"),
        (timedelta(days=150), "5 months", "1 Jan 2024 – 30 May 2024"),
        # past two years in years (it said "64 months", "113 months")
        (timedelta(days=1947), "5 years and 4 months", "1 Jan 2024 – 1 May 2029"),
        (timedelta(days=3440), "9 years and 5 months", "1 Jan 2024 – 2 Jun 2033"),
        (timedelta(days=731), "2 years", "1 Jan 2024 – 1 Jan 2026"),
    ],
)
def test_the_time_span_is_said_in_words_as_the_calendar_dates_show(span, said, period):
    b = _tiny(6, 2)
    b.board.activities[-1].timestamp = b.board.activities[0].timestamp + span
    report = scan_board(b.board, KeywordModel())
    text = {x.topic: x.text for x in report.verdict.lines}
    assert f"over {said}." in text["How sure"] and "1 days" not in text["How sure"]
    assert f"| **Period** | {period} |" in get_format("markdown").render(report)


def test_the_people_who_did_the_activities_are_counted_not_everyone_named():
    """A Trello board's members or a Jira export's assignees who did nothing did none of the
    activities: "20 activities by 3 people" would say they did."""
    b = _tiny(6, 20)  # Bob Stone does all 20
    b.person("u-ann", "Ann Lee")
    b.board.items[0].assignee = b.person("u-cy", "Cy Doe")
    report = scan_board(b.board, KeywordModel())
    assert report.summary.people == 3  # the JSON's count of the board's people is kept
    text = {x.topic: x.text for x in report.verdict.lines}["How sure"]
    assert "20 activities by 1 of the board's 3 people over" in text
    markdown = get_format("markdown").render(report)
    assert "| **Activities** | 20 by 1 of the board's 3 people |" in markdown
    alone = {x.topic: x.text for x in scan_board(_tiny(6, 20).board, KeywordModel()).verdict.lines}
    assert "20 activities by 1 person over" in alone["How sure"]


def _board_windows(*counts: tuple[int, int]):
    from analyzer.timeline import Timeline, WindowStat

    stats = [
        WindowStat(
            f"2024-0{n + 1}", datetime(2024, n + 1, 1), datetime(2024, n + 2, 1), None, s + t, s, t
        )
        for n, (s, t) in enumerate(counts)
    ]
    return Timeline("month", [], stats, {}, None)


def test_a_board_move_below_the_drift_minimum_is_not_called_steady():
    from analyzer.drift import STEADY, board_drift
    from analyzer.roles import Roles

    moved = board_drift(_board_windows((8, 12), (8, 12), (6, 14), (6, 14)), Roles())
    assert moved.status == STEADY  # 10 points: below the 15-point minimum, not drift
    assert "steady" not in moved.message
    assert "moved from 40% to 30% recently, 10 points: less than the 15-point" in moved.message
    still = board_drift(_board_windows((4, 12), (4, 12), (4, 13), (4, 12)), Roles())
    assert "steady" in still.message


def test_a_share_just_below_the_bound_does_not_read_as_the_bound():
    from analyzer.drift import _pct_below

    assert _pct_below(0.496, 0.5) == "49.6%" and _pct_below(0.3, 0.5) == "30%"
    assert _pct_below(0.5, 0.5) == "50%"


def test_one_flag_per_code_with_merged_evidence():
    from analyzer.flags import CLEAR_ROLES, ERROR, WARNING, Evidence, Flag, merge_same_code

    flags = merge_same_code(
        [
            Flag(
                "no-roadmap-owner",
                WARNING,
                "Two unowned.",
                CLEAR_ROLES,
                Evidence(items=["a", "b"], dates=["2024-02-01"]),
                {"x": 1},
            ),
            Flag("stale-roadmap", WARNING, "Stale.", CLEAR_ROLES),
            Flag(
                "no-roadmap-owner",
                ERROR,
                "Nobody is PM.",
                CLEAR_ROLES,
                Evidence(items=["b", "c"], people=["p"], dates=["2024-01-01"]),
                {"y": 2},
            ),
        ]
    )
    assert [(f.code, f.severity) for f in flags] == [
        ("no-roadmap-owner", ERROR),
        ("stale-roadmap", WARNING),
    ]
    merged = flags[0]
    assert merged.message == "Nobody is PM. Two unowned."
    assert merged.evidence.items == ["b", "c", "a"] and merged.evidence.people == ["p"]
    assert merged.evidence.dates == ["2024-01-01", "2024-02-01"]
    assert merged.thresholds == {"x": 1, "y": 2}


def test_done_is_told_apart_from_archived():
    b = healthy_board("jira")
    b.board.items[0].resolved = T0
    b.board.items[1].status_category = "done"
    b.board.items[2].closed = True
    report = scan_board(b.board, KeywordModel(), roles=roles_for(b.board), window="month")
    assert (report.summary.done_items, report.summary.closed_items) == (2, 1)
    for fmt in ("table", "markdown", "html"):
        assert "2 done, 1 archived" in get_format(fmt, width=100).render(report)


def test_a_long_list_of_names_reads_as_one_list():
    from types import SimpleNamespace

    from analyzer.verdict import _names

    people = [SimpleNamespace(id=n, name=n) for n in ("Ann", "Bo", "Cy")]
    assert _names(people[:1], {}) == "Ann"
    assert _names(people, {}) == "Ann, Bo and Cy"
    assert _names(people, {}, more=2) == "Ann, Bo, Cy and 2 more"  # not "Ann, Bo and Cy and 2 more"
    assert _names(people[:1], {"Ann": "pm"}, more=1) == "Ann (pm) and 1 more"


def test_inferred_owners_are_named_busiest_first_whatever_order_the_board_lists_people():
    """An export lists its people in file order, the store in its own: the verdict's owners
    follow the people table (busiest first), so ``scan FILE`` and ``report --db`` say the same."""
    b = healthy_board("trello")
    b.person("m9", "Eve Lane")
    tactical = [i.id for i in b.board.items if b.predictions[i.id].label == TACTICAL]
    for n in range(400):  # Eve ranks more than anyone: the busiest inferred PO
        b.act(tactical[n % len(tactical)], "m9", ActivityKind.PRIORITISED, T0 + timedelta(days=n))

    def backlog_line(people_order):
        b.board.people = {pid: b.board.people[pid] for pid in people_order}
        report = scan_board(b.board, KeywordModel())
        return {line.topic: line.text for line in report.verdict.lines}["Backlog"]

    ids = list(b.board.people)
    first = backlog_line(ids)
    assert first.startswith("Eve Lane and Bob Stone, the inferred POs"), first
    assert backlog_line(list(reversed(ids))) == first


def test_roles_file_entries_to_check_keep_the_headline_from_saying_owned():
    """No flag, but an entry of the roles file matches nobody: ownership is judged on the
    entries that match, so the headline says what to check instead of "look owned" (and so
    does every format's flags section)."""
    b = healthy_board("trello")
    text = '[people]\n"Alice Martin" = "pm"\n"bobs" = "po"\n"Dan Typo" = "engineer"\n'
    report = scan_board(b.board, KeywordModel(), roles=roles_for(b.board, text), window="month")
    if report.flags:  # pragma: no cover - the healthy board raises none today
        pytest.skip("the healthy board raised a flag")
    assert len(report.role_warnings) == 1
    v = report.verdict
    assert v.status == ATTENTION
    assert v.headline.startswith("Needs attention on roles file: 1 entry to check in ")
    assert v.lines[0].topic == "Roles file" and v.lines[0].ok is False
    for fmt in ("table", "markdown", "html"):
        out = get_format(fmt, width=100).render(report)
        assert "look owned" not in out, fmt
        assert "check the others" in " ".join(out.split()), fmt


def test_the_headline_and_every_formats_flags_say_one_word_per_severity(tmp_path):
    """An error flag is "1 error" in the headline and "ERROR"/"error" beside the flag, a note
    is "note" in both (not "problem" there and "ERROR" here, "note" there and "INFO" here);
    the CLI's summary line says the same; the JSON keeps the severity names."""
    b = healthy_board("trello")
    text = '[people]\n"Alice Martn" = "pm"\n"bobs" = "p0"\n'
    report = scan_board(b.board, KeywordModel(), roles=roles_for(b.board, text), window="month")
    errors = [f for f in report.flags if f.severity == "error"]
    assert len(errors) == 1 and "1 error" in report.verdict.headline
    assert "problem" not in report.verdict.headline
    table = get_format("table", width=120).render(report)
    assert re.search(rf"ERROR\s+{errors[0].code}", table)
    md = get_format("markdown").render(report)
    assert f"**🔴 error** `{errors[0].code}`" in md
    page = get_format("html").render(report)
    assert f'<span class="chip error">error</span> <code>{errors[0].code}</code>' in page
    assert json.loads(get_format("json").render(report))["flags"][0]["severity"] == "error"
    report.flags.append(Flag("stale-items", INFO, "Stale backlog: a note.", CLEAR_ROLES))
    assert re.search(r"NOTE\s+stale-items", get_format("table", width=120).render(report))
    assert "**🔵 note** `stale-items`" in get_format("markdown").render(report)
    page = get_format("html").render(report)
    assert '<article class="flag note"><span class="chip note">note</span>' in page
    assert ".chip.note{background:var(--note)}" in page and "chip info" not in page
    assert "--info" not in page  # the CSS variable is named by the word shown too
    assert flags_line(report) == "2 flags: 1 error, 1 note"


def test_a_declared_owner_flagged_as_no_owner_should_own_it_rather_than_owns_it():
    # The sample board: "Maya Okafor, the declared PM, owns it. No PM (Maya Okafor) touched
    # strategic work in the last 60 days" beside the error no-roadmap-owner read as a contradiction.
    from pathlib import Path

    from analyzer.pipeline import scan_file

    examples = Path(__file__).resolve().parent.parent / "examples"
    report = scan_file(
        examples / "trello_sample_board.json", roles=examples / "backlog-analyzer.toml"
    )
    assert any(f.code == "no-roadmap-owner" and f.severity == "error" for f in report.flags)
    text = {line.topic: line.text for line in report.verdict.lines}
    assert text["Roadmap"].startswith("Maya Okafor, the declared PM, should own it. No PM ")
    assert text["Backlog"] == "Tomás Herrera, the declared PO, owns it."  # no finding there
