"""Backlog hygiene findings: stale items, backlog rot, stories ready without acceptance criteria,
epics without children, Jira issues without owner or type. Each fires where it must, stays silent
where it must not, says its share, and reads its thresholds from the roles file."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from ownership_boards import T0, Builder, healthy_board, roles_for

from analyzer.flags import CODES, FINDINGS
from analyzer.flags.items import in_ready_column, open_items_reference
from analyzer.ownership import analyze
from analyzer.roles import Thresholds
from connectors.interface import ActivityKind, Board, Item
from models.interface import STRATEGIC, TACTICAL

HYGIENE = ("backlog-rot", "ready-without-ac", "stale-items", "empty-epics", "unowned-items")
NOW = T0 + timedelta(days=200)


def run(b: Builder, thresholds: Thresholds | None = None):
    roles = roles_for(b.board, thresholds=thresholds)
    return analyze(b.board, b.predictions, 0.6, roles, "month")


def flag(analysis, code):
    found = [f for f in analysis.flags if f.code == code]
    return found[0] if found else None


def backlog(source: str, old: int, fresh: int, **old_kw) -> Builder:
    """``old`` open items last touched at T0 and ``fresh`` ones touched at NOW (which becomes
    the board's "now"); ``old_kw`` is given to the old ones."""
    b = Builder(source)
    dan = b.person("u-dan", "Dan Engineer")
    for n in range(old):
        b.item(f"O{n}", TACTICAL, created=T0, **old_kw)
        b.act(f"O{n}", dan, ActivityKind.CREATED, T0)
    for n in range(fresh):
        b.item(f"F{n}", TACTICAL, created=NOW, assignee=dan)
        b.act(f"F{n}", dan, ActivityKind.CREATED, NOW)
    return b


def test_every_hygiene_finding_is_registered_with_its_thresholds():
    registered = {f.code: f for f in FINDINGS}
    assert set(HYGIENE) <= set(CODES)
    known = set(Thresholds().to_dict())
    for code in HYGIENE:
        assert set(registered[code].thresholds) <= known and registered[code].doc


@pytest.mark.parametrize("source", ["trello", "jira"])
def test_a_healthy_board_has_no_hygiene_flag(source):
    assert not [f for f in run(healthy_board(source)).flags if f.code in HYGIENE]


@pytest.mark.parametrize("source", ["trello", "jira"])
def test_stale_items_say_their_share_and_oldest_date(source):
    a = run(backlog(source, old=4, fresh=6, assignee="u-dan", sprint="Sprint 9"))
    f = flag(a, "stale-items")
    assert f is not None and f.severity == "info"
    assert "40% (4 of 10) of the open items" in f.message and "90 days" in f.message
    assert sorted(f.evidence.items) == ["O0", "O1", "O2", "O3"]
    assert f.evidence.dates[0] == T0.date().isoformat()
    # below the share, or with a longer horizon: silent
    assert flag(run(backlog(source, old=2, fresh=8, assignee="u-dan")), "stale-items") is None
    longer = replace(Thresholds(), stale_item_days=300)
    assert flag(run(backlog(source, old=4, fresh=6), longer), "stale-items") is None


def test_stale_items_need_enough_open_items():
    assert flag(run(backlog("jira", old=3, fresh=1)), "stale-items") is None  # 4 < min_items


def test_done_archived_and_dropped_items_are_not_backlog():
    b = backlog("jira", old=0, fresh=0)
    b.item("done", TACTICAL, status_category="done")
    b.item("archived", TACTICAL, closed=True)
    b.item("cancelled", TACTICAL, status="Annulé")
    b.item("wontdo", TACTICAL, status="Won't Do")
    b.item("open", TACTICAL, status="To Do")
    assert [i.id for i in open_items_reference(b.board)] == ["open"]


@pytest.mark.parametrize("source", ["trello", "jira"])
def test_backlog_rot_is_unassigned_undated_and_untouched(source):
    a = run(backlog(source, old=3, fresh=7))
    f = flag(a, "backlog-rot")
    assert f is not None and f.severity == "warning"
    assert "30% (3 of 10)" in f.message and "no assignee, no due date and no sprint" in f.message
    assert f.thresholds["rot_days"] == 60
    # assigned, planned in a sprint or given a due date: not rotting
    for kw in ({"assignee": "u-dan"}, {"sprint": "Sprint 3"}, {"due": NOW}):
        assert flag(run(backlog(source, old=3, fresh=7, **kw)), "backlog-rot") is None


def test_ready_column_names():
    for name in (
        "Ready for dev",
        "Up next",
        "Selected for Development",
        "Sprint backlog",
        "Listo para desarrollo",
        "Prêt",
        "Bereit",
    ):
        assert in_ready_column(Item(source="trello", id="x", title="t", column=name)), name
    for name in ("Backlog", "Doing", "Done", "Ideas", None):
        assert not in_ready_column(Item(source="trello", id="x", title="t", column=name)), name


@pytest.mark.parametrize(
    "name",
    [  # columns of real boards: built work waiting for a later stage, not ready to build
        "Ready for QA Check",
        "Ready to Production",
        "Ready for code review",
        "Ready for user testing",
        "Ready to merge",
        "Ready to accept",
        "Ready for Release",
        "Ready FOR RELEAS",
        "READY MIRROR DEPLOYMENT",
        "Ready to Promote",
        "Milestone 1a: Become production ready",
        "LISTO PARA VERIFICACIÓN",
        "LISTO PARA PO",
        "Prêt pour recette",
        "Bereit zur Abnahme",
        "Pronto para homologação",
        "Klaar voor test",
    ],
)
def test_a_column_of_built_work_waiting_is_not_a_ready_column(name):
    assert not in_ready_column(Item(source="jira", id="x", title="t", column=name)), name


@pytest.mark.parametrize(
    "name", ["Ready for Development", "Selected for Sprint", "Next release", "Backlog - ready"]
)
def test_a_column_of_work_to_start_stays_a_ready_column(name):
    assert in_ready_column(Item(source="jira", id="x", title="t", column=name)), name


@pytest.mark.parametrize("source", ["trello", "jira"])
def test_stories_waiting_for_qa_are_not_called_not_ready_to_build(source):
    """Stories in 'Ready for QA' are built: no acceptance criteria there is not a story picked
    up unrefined, and 'Not ready to build' would misread the board."""
    b = _ready_board(source, with_ac=3, without=0)
    kind = {"type": "Story"} if source == "jira" else {}
    for n in range(3):
        b.item(f"Q{n}", TACTICAL, column="Ready for QA", created=NOW, **kind)
    assert flag(run(b), "ready-without-ac") is None


def _ready_board(source: str, with_ac: int, without: int) -> Builder:
    b = backlog(source, old=0, fresh=1)
    ac = "Acceptance criteria:\n- the export has a header row"
    kind = {"type": "Story"} if source == "jira" else {}
    for n in range(with_ac):
        b.item(f"A{n}", TACTICAL, column="Ready for dev", description=ac, created=NOW, **kind)
    for n in range(without):
        b.item(f"N{n}", TACTICAL, column="Ready for dev", created=NOW, **kind)
    return b


@pytest.mark.parametrize("source", ["trello", "jira"])
def test_ready_stories_without_acceptance_criteria(source):
    f = flag(run(_ready_board(source, with_ac=2, without=2)), "ready-without-ac")
    assert f is not None and f.severity == "warning"
    assert "50% (2 of 4) of the stories in 'Ready for dev'" in f.message
    assert sorted(f.evidence.items) == ["N0", "N1"]
    assert flag(run(_ready_board(source, with_ac=4, without=1)), "ready-without-ac") is None
    assert flag(run(_ready_board(source, with_ac=0, without=2)), "ready-without-ac") is None


def test_ready_stories_are_judged_whatever_the_export_language():
    b = backlog("jira", old=0, fresh=1)
    for n in range(4):
        b.item(f"H{n}", TACTICAL, column="Listo", type="Historia", created=NOW)
    b.item("S0", TACTICAL, column="Listo", type="Subtarea", created=NOW)  # not a story
    f = flag(run(b), "ready-without-ac")
    assert f is not None and "100% (4 of 4) of the stories in 'Listo'" in f.message
    for item in b.board.items:
        if item.id.startswith("H"):
            item.checklist_items = ["se guarda el pedido"]  # a criteria field, as read
    assert flag(run(b), "ready-without-ac") is None


def test_a_checklist_counts_as_acceptance_criteria():
    b = _ready_board("trello", with_ac=0, without=0)
    for n in range(3):
        b.item(f"C{n}", TACTICAL, column="Up next", checklist_items=["works"], created=NOW)
    assert flag(run(b), "ready-without-ac") is None


def test_epics_without_children_on_a_board_with_parent_links():
    b = backlog("jira", old=0, fresh=1)
    b.item("E1", TACTICAL, key="P-1", type="Epic", created=NOW)
    b.item("E2", TACTICAL, key="P-2", type="Epic", created=NOW)
    b.item("E3", TACTICAL, key="P-3", hierarchy_level=1, created=NOW, status_category="done")
    b.item("C1", TACTICAL, key="P-4", parent="P-1", created=NOW)
    f = flag(run(b), "empty-epics")
    assert f is not None and f.severity == "info" and f.evidence.items == ["E2"]
    assert "1 of the 2 open epics has no child item (P-2)" in f.message
    no_links = backlog("jira", old=0, fresh=1)
    no_links.item("E1", TACTICAL, key="P-1", type="Epic", created=NOW)
    assert flag(run(no_links), "empty-epics") is None  # the export has no parent links at all


def test_unowned_issues_on_jira_only():
    b = backlog("jira", old=0, fresh=2)
    for n in range(4):
        b.item(f"U{n}", TACTICAL, created=NOW, type=None if n == 0 else "Task")
    f = flag(run(b), "unowned-items")
    assert f is not None and "67% (4 of 6) of the open issues have no assignee" in f.message
    assert "3 have no issue type" in f.message  # U0 and the two fresh items
    t = backlog("trello", old=0, fresh=2)
    for n in range(4):
        t.item(f"U{n}", TACTICAL, created=NOW)
    assert flag(run(t), "unowned-items") is None


def test_an_export_without_issue_types_is_not_flagged_for_them():
    """A tool's CSV with no issue-type column (session 29: a 187-issue export read as
    "0% (0 of 104) of the open issues have no assignee and 104 have no issue type: nobody is
    on the hook for them"): no item has a type, so the missing types are the export's."""
    b = backlog("jira", old=0, fresh=6)  # assigned, no type
    assert not any(i.type for i in b.board.items)
    assert flag(run(b), "unowned-items") is None  # every issue assigned; types not counted
    for n in range(6):
        b.item(f"U{n}", TACTICAL, created=NOW, type=None)
    f = flag(run(b), "unowned-items")
    assert f is not None and f.message == (
        "50% (6 of 12) of the open issues have no assignee: nobody is on the hook for them."
    )


def test_an_export_without_an_assignee_column_is_not_flagged_for_assignees():
    """A tool's CSV with no Assignee column (session 30: 95 issues of daily snapshots, its
    report's note said "lacks Assignee … owners … unknown" while two flags said "100% (80 of
    80) of the open issues have no assignee: nobody is on the hook for them" and "62 of 80 open
    tactical items have no assignee and were not touched …"): its missing assignees are the
    export's, not the team's."""
    b = backlog("jira", old=6, fresh=1, type="Task")  # 6 unassigned, untouched since T0
    for n in range(2):  # and two open strategic items nobody is assigned to
        b.item(f"S{n}", STRATEGIC, created=NOW, type="Epic")
    analysis = run(b)
    roadmap = [f.message for f in analysis.flags if f.code == "no-roadmap-owner"]
    assert any("2 of 2 open strategic items have nobody assigned" in m for m in roadmap)
    unowned, backlog_owner = flag(analysis, "unowned-items"), flag(analysis, "no-backlog-owner")
    assert unowned is not None and "89% (8 of 9) of the open issues have no assignee" in (
        unowned.message
    )
    assert backlog_owner is not None and "6 of 7 open tactical items have no assignee" in (
        backlog_owner.message
    )
    b.board.missing_columns = ["Assignee", "Comment"]  # as the CSV reader says of its header
    analysis = run(b)
    assert flag(analysis, "unowned-items") is None
    assert not [f for f in analysis.flags if "have nobody assigned" in f.message]
    assert not [f for f in analysis.flags if "have no assignee and were not" in f.message]
    for n in range(7):  # types are still judged
        b.item(f"X{n}", TACTICAL, created=NOW, type=None)
    unowned = flag(run(b), "unowned-items")
    assert unowned is not None
    assert unowned.message == "50% (8 of 16) of the open issues have no issue type."  # F0 too


def test_backlog_rot_says_only_what_the_export_has():
    """Backlog rot on an export without an Assignee column (session 30's tool-made snapshots,
    also without Due Date and Sprint) said its items "have no assignee, no due date and no
    sprint": the export cannot tell, so the flag names only the columns it has."""
    b = backlog("jira", old=3, fresh=7)
    whole = flag(run(b), "backlog-rot")
    assert whole is not None and "have no assignee, no due date and no sprint, and" in (
        whole.message
    )
    b.board.missing_columns = ["Assignee", "Comment"]
    said = flag(run(b), "backlog-rot")
    assert said is not None
    assert said.message == whole.message.replace("no assignee, no due date and", "no due date and")
    b.board.missing_columns = ["Assignee", "Sprint"]
    assert "items have no due date and nobody touched them in 60 days" in (
        flag(run(b), "backlog-rot").message
    )
    b.board.missing_columns = ["Assignee", "Due Date", "Sprint"]
    assert flag(run(b), "backlog-rot").message == (
        "Backlog rot: 30% (3 of 10) of the open items have not been touched in 60 days (the "
        "export has no Assignee, Due Date or Sprint column to tell whether anyone plans them). "
        "A backlog owner prunes or plans them."
    )


def test_typed_issues_all_assigned_say_only_the_missing_types():
    b = backlog("jira", old=0, fresh=3)  # assigned, no type
    for n in range(3):
        b.item(f"T{n}", TACTICAL, created=NOW, type="Task", assignee="u-dan")
    f = flag(run(b), "unowned-items")
    assert f is not None
    assert f.message == "50% (3 of 6) of the open issues have no issue type."  # no "0% ..."


def test_a_jira_watcher_is_not_an_owner_a_trello_member_is():
    """Jira adds an issue's reporter and its commenters to its watchers (the export's Watchers
    columns, the API's watchers: ``Item.watchers``): an issue watched but not assigned has no
    assignee, as the flags say; a Trello card's members are its owners."""
    from analyzer.balance import _other_owners, _owned, _owned_reference
    from analyzer.flags._facts import owned_of_items
    from analyzer.flags.items import has_owner

    b = backlog("jira", old=0, fresh=2)
    bob = b.person("u-bob", "Bob Stone")
    for n in range(4):
        b.item(f"U{n}", TACTICAL, created=NOW, type="Task", watchers=[bob, "u-dan"])
    f = flag(run(b), "unowned-items")
    assert f is not None and "67% (4 of 6) of the open issues have no assignee" in f.message
    labels = [TACTICAL] * len(b.board.items)
    for owned in (_owned, _owned_reference):
        assigned, _ = owned(b.board.items, labels)
        assert assigned == {("u-dan", TACTICAL): 2}  # the watcher is assigned nothing
    watched = b.board.items[2:]
    assert not any(map(has_owner, watched)) and not owned_of_items(watched).any()
    assert _other_owners(b.board.items) == {}
    t = backlog("trello", old=0, fresh=2)
    bob = t.person("u-bob", "Bob Stone")
    for n in range(4):
        t.item(f"U{n}", TACTICAL, created=NOW, members=[bob])
    for owned in (_owned, _owned_reference):
        assigned, _ = owned(t.board.items, labels)
        assert assigned == {("u-dan", TACTICAL): 2, ("u-bob", TACTICAL): 4}
    carded = t.board.items[2:]
    assert all(map(has_owner, carded)) and owned_of_items(carded).all()
    assert flag(run(t), "unowned-items") is None  # (Jira alone)


def test_a_watched_jira_backlog_left_alone_rots():
    """backlog-rot's "no assignee" does not count a watcher either (nor no-backlog-owner's)."""
    b = backlog("jira", old=8, fresh=2, watchers=["u-dan"])
    f = flag(run(b), "backlog-rot")
    assert f is not None and "80% (8 of 10) of the open items have no assignee" in f.message


def test_thresholds_come_from_the_roles_file(tmp_path):
    from analyzer.roles import parse_roles_file

    path = tmp_path / "roles.toml"
    path.write_text("[thresholds]\nrot_days = 10\nrot_share = 0.9\nready_min_items = 1\n")
    th = parse_roles_file(path).thresholds
    assert (th.rot_days, th.rot_share, th.ready_min_items) == (10, 0.9, 1)
    assert flag(run(backlog("jira", old=3, fresh=7), th), "backlog-rot") is None


def test_hygiene_is_said_under_the_backlog_in_the_verdict():
    from ownership_boards import KeywordModel

    from analyzer.pipeline import scan_board

    b = backlog("jira", old=6, fresh=4)
    report = scan_board(b.board, KeywordModel(), window="month")
    assert report.verdict is not None and report.verdict.status == "attention"
    lines = {line.topic: line for line in report.verdict.lines}
    topics = list(lines)
    assert topics.index("Backlog hygiene") == topics.index("Backlog") + 1
    assert lines["Backlog hygiene"].text.startswith("Backlog rot: 60% (6 of 10)")
    assert "Stale backlog: 60% (6 of 10)" in lines["Backlog hygiene"].text
    assert lines["Backlog hygiene"].ok is False  # a warning among them


def test_a_board_without_dates_is_not_judged():
    board = Board(
        "b", "B", "jira", items=[Item(source="jira", id=str(n), title="t") for n in range(9)]
    )
    a = analyze(board, {}, 0.6, roles_for(board), "month")
    assert not [f for f in a.flags if f.code in ("stale-items", "backlog-rot")]


def test_empty_epics_counts_read_as_a_person_writes_them():
    """Session 25: a real board read "1 of the 1 open epics has no child item"."""
    from analyzer.flags.empty_epics import _which

    assert _which(1, 2) == "1 of the 2 open epics has"
    assert _which(2, 5) == "2 of the 5 open epics have"
    assert _which(1, 1) == "The one open epic has"
    assert _which(3, 3) == "All 3 open epics have"
