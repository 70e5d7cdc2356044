"""A Jira export that gives no category for some statuses (no Status Category column, no
resolution date, a custom status no table names) reads their items as open: the report says so
in one note naming the statuses, most items first (session 31: a QA gate's export read all its
lots open, "Stale backlog: 40% …" of lots most likely released, and said nothing). Own small
fixtures, written here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analyzer.uncategorised import (
    ADVICE,
    declare_advice,
    uncategorised_note,
    uncategorised_statuses,
)
from connectors.exports.jira_csv import JiraCsvExport
from connectors.interface import Board, Item
from tests.cli_helpers import flat, run_ok

# Every column an export of all fields always holds (no columns note), but no Status Category:
# an older Jira's export of all fields, or a tool's.
HEADER = (
    "Summary,Issue key,Issue id,Issue Type,Status,Assignee,Reporter,Created,Updated,Resolved,"
    "Description"
)
_ROW = (
    "Lot {n} checked,QG-{n},{id},Task,{status},Ana,Bo,01/Sep/25 9:00 AM,02/Sep/25 9:00 AM,{res},"
    "Check the lot's sensors"
)
STATUSES = [
    *["Disposition"] * 4,
    *["Release"] * 3,
    "Approvals",
    "In Progress",  # a category by its name
    "Waiting for support",  # no category, but open on every site: not said
    "Released",  # done by its name
]
#: (status, resolved): a custom status with a resolution date is done
RESOLVED_ROW = ("Approvals", "03/Sep/25 9:00 AM")
NOTE = (
    "8 of 12 items have a status whose category the export does not give (Disposition 4, "
    "Release 3, Approvals 1): they are read as open, done or not, and the findings on open "
    f"items count them. {ADVICE} {declare_advice('Disposition')}"
)


def _rows() -> list[str]:
    rows = [_ROW.format(n=n, id=100 + n, status=s, res="") for n, s in enumerate(STATUSES, 1)]
    status, resolved = RESOLVED_ROW
    n = len(STATUSES) + 1
    return [*rows, _ROW.format(n=n, id=100 + n, status=status, res=resolved)]


def _export(tmp_path: Path, rows: list[str] | None = None, name: str = "qa.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *(_rows() if rows is None else rows)]) + "\n", "utf-8")
    return path


def test_the_statuses_that_may_be_done_most_items_first(tmp_path: Path):
    board = JiraCsvExport(_export(tmp_path)).load()
    assert uncategorised_statuses(board) == [("Disposition", 4), ("Release", 3), ("Approvals", 1)]
    assert uncategorised_note(uncategorised_statuses(board), len(board.items)) == NOTE


def test_none_when_every_status_has_a_category_or_is_open_anyway(tmp_path: Path):
    rows = [
        _ROW.format(n=n, id=100 + n, status=s, res="")
        for n, s in enumerate(
            ["To Do", "In Progress", "Done", "Waiting for support", "On Hold", "Test Backlog"], 1
        )
    ]
    board = JiraCsvExport(_export(tmp_path, rows)).load()
    assert uncategorised_statuses(board) == []
    assert uncategorised_note([], 6) is None


def test_trello_items_and_closed_items_are_not_counted():
    trello = Board("b", "Board", "trello", items=[Item("trello", "1", "Card", status="Doing")])
    assert uncategorised_statuses(trello) == []
    items = [
        Item("jira", "1", "A", status="Disposition"),
        Item("jira", "2", "B", status="Disposition", closed=True),  # removed from the store
        Item("trello", "3", "C", status="Disposition"),  # a merged board's card
        Item("jira", "4", "D"),  # no status at all: the columns note says it
    ]
    assert uncategorised_statuses(Board("m", "M", "jira+trello", items=items)) == [
        ("Disposition", 1)
    ]


def test_the_note_counts_one_all_and_caps_the_statuses():
    assert uncategorised_note([("Verifying", 1)], 92) == (
        "1 of 92 items has a status whose category the export does not give (Verifying 1): "
        "it is read as open, done or not, and the findings on open items count it. "
        + f"{ADVICE} {declare_advice('Verifying')}"
    )
    assert uncategorised_note([("Verifying", 1)], 1, advice=False) == (
        "The item has a status whose category the export does not give (Verifying 1): it is "
        "read as open, done or not, and the findings on open items count it. "
        + declare_advice("Verifying")
    )
    many = [(f"S{n}", 10 - n) for n in range(8)]  # 10, 9, ... 3
    note = uncategorised_note(many, sum(n for _, n in many), several=True) or ""
    assert note.startswith(
        "All 52 items have a status whose category the exports do not give (S0 10, S1 9, "
        "S2 8, S3 7, S4 6 and 12 more in 3 other statuses): they are read as open"
    )
    assert uncategorised_note([("A", 1_200), ("B", 3)], 5_000, advice=False) == (
        "1,203 of 5,000 items have a status whose category the export does not give (A 1,200, "
        "B 3): they are read as open, done or not, and the findings on open items count them. "
        + declare_advice("A")
    )


def test_the_report_says_it_once_in_every_format(keyword_cli, tmp_path: Path):
    path = _export(tmp_path)
    notes = json.loads(run_ok("scan", path, "--format", "json"))["notes"]
    assert [n for n in notes if "category the export" in n] == [NOTE]
    for fmt in ("markdown", "table", "html"):
        out = flat(run_ok("scan", path, "--format", fmt)).replace("&#x27;", "'")
        assert out.count("(Disposition 4, Release 3, Approvals 1)") == 1, fmt
        assert "Status Category column" in out, fmt


def test_a_report_from_the_store_says_it_too(keyword_cli, tmp_path: Path):
    """The items keep their statuses and categories in the store: ``report --db`` says what
    a scan of the file says, with nothing stored beside them."""
    db = tmp_path / "store.db"
    run_ok("import", _export(tmp_path), "--db", db)
    notes = json.loads(run_ok("report", "--db", db, "--format", "json"))["notes"]
    assert [n for n in notes if "category the export" in n] == [NOTE]


def test_a_combined_report_says_it_of_the_exports(tmp_path: Path):
    from analyzer.pipeline import read_board, scan_board
    from connectors.merge import merge_boards

    one = read_board(_export(tmp_path, name="a.csv"))
    rows = [r.replace("QG-", "QH-") for r in _rows()]
    other = read_board(_export(tmp_path, rows, name="b.csv"))
    notes = [n for n in scan_board(merge_boards([one, other])).notes if "category the" in n]
    assert notes == [
        "16 of 24 items have a status whose category the exports do not give (Disposition 8, "
        "Release 6, Approvals 2): they are read as open, done or not, and the findings on "
        f"open items count them. {ADVICE} {declare_advice('Disposition')}"
    ]


@pytest.mark.parametrize(
    ("status", "never"),
    [
        ("Waiting for support", True),  # To Do on some sites, In Progress on others
        ("TEST IN UAT", True),
        ("Test Backlog", True),  # words of both
        ("In Progress", True),
        ("Tareas por hacer", True),
        ("Disposition", False),  # no category known: may be done
        ("Release", False),
        ("Done", False),
        ("Finalizada", False),
        ("Cancelled", False),
    ],
)
def test_a_status_open_on_every_site_is_never_done(status: str, never: bool):
    from connectors.mapping.jira_statuses import never_done

    assert never_done(status) is never
