"""Jira CSV files written by a tool (not Jira's export): underscored column names, dates in
digits alone (day or month first, told by the dates), JSON dumps in people and parent cells."""

from __future__ import annotations

from pathlib import Path

import pytest

from connectors.exports import read_export
from connectors.exports.files import decode_text, read_bytes
from connectors.exports.jira_csv import JiraCsvExport, is_jira_header, parse_csv_date, read_rows
from connectors.interface import Activity
from connectors.mapping.jira_columns import CUSTOM, LOCALES, column_field, header_fields
from tests.conftest import FIXTURES

TOOL = FIXTURES / "jira_tool_written.csv"


# --- column names ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["Issue Type", "issue type", "ISSUE TYPE", "Issue_Type", "ISSUE_TYPE"]
)
def test_a_column_name_is_matched_whatever_its_case_and_separators(name: str) -> None:
    fields, rewritten = header_fields(["Summary", "Key", name])
    assert fields == ["summary", "key", "type"]
    assert rewritten == ("_" in name)  # underscores: a tool's header, not Jira's own


def test_no_jira_column_name_holds_an_underscore() -> None:
    # so reading "_" as " " can only match names no Jira export's column matched before
    names = [name for table in LOCALES.values() for names in table.values() for name in names]
    assert not [name for name in [*names, *CUSTOM] if "_" in name]


@pytest.mark.parametrize("name", ["en", "de", "es", "fr", "pt_br", "es_criteria"])
def test_a_jira_exports_own_header_maps_as_before(name: str) -> None:
    path = FIXTURES / f"jira_export_{name}.csv"
    header = read_rows(path, decode_text(path, read_bytes(path)))[0]
    assert header_fields(header) == ([column_field(c) for c in header], False)


def test_an_underscored_column_never_takes_a_field_a_jira_named_column_gives() -> None:
    fields, rewritten = header_fields(["Summary", "Issue key", "Issue_Type", "Issue Type"])
    assert fields == ["summary", "key", None, "type"] and not rewritten
    fields, _ = header_fields(["Summary", "Issue_Key", "Created_Date", "Due_date"])
    assert fields == ["summary", "key", None, "due"]


def test_an_underscored_header_is_a_jira_header() -> None:
    assert is_jira_header(["Issue_Type", "Key", "Summary"])
    assert not is_jira_header(["Issue_Type", "Epic_Link", "Story_Points"])  # no summary


# --- the tool-written file ---------------------------------------------------------------------


def _facts(board) -> list[tuple]:
    return [
        (i.id, i.type, i.parent, i.created, i.updated, i.resolved, i.due, i.reporter, i.watchers)
        for i in board.items
    ]


def test_a_tool_written_export_reads_types_parents_dates_and_people() -> None:
    board = read_export(TOOL)
    (epic, story, subtask) = _facts(board)
    assert epic[:2] == ("ABC-1", "Epic") and story[:3] == ("ABC-2", "Story", "ABC-1")
    assert subtask[:3] == ("ABC-3", "Sub-task", None)  # Parent_Link's dump is no parent
    # month first: 1/14/2019 is 14 January
    assert epic[3].isoformat() == "2019-01-14T09:05:00+00:00"
    assert story[5].isoformat() == "2019-02-05T08:00:00+00:00"  # resolved
    assert story[6].isoformat() == "2019-02-28T00:00:00+00:00"  # due
    # the Creator cells' cut-off JSON dumps name nobody; the Watchers counts are not people
    assert sorted(board.people) == ["dana", "lee"] and all(not f[8] for f in _facts(board))
    assert [(a.item_id, a.actor_id) for a in board.activities] == [
        ("ABC-1", "dana"),
        ("ABC-2", "lee"),
        ("ABC-3", "lee"),
    ]
    assert board.skipped == []
    assert [i.hierarchy_level for i in board.items] == [1, 0, -1]


def test_a_scans_read_of_a_tool_written_export_is_the_full_read(tmp_path: Path) -> None:
    full = read_export(TOOL)
    lean = read_export(TOOL, activity_details=False, shared_empty=True)
    assert _facts(lean) == _facts(full) and lean.people == full.people
    assert list(lean.activities) == [
        Activity(a.item_id, a.actor_id, a.kind, a.timestamp) for a in full.activities
    ]
    # the same file in Windows-1252 with a byte UTF-8 cannot read: the same board
    text = TOOL.read_text("utf-8").replace("Why we build it", "Why we build it \u00e9")
    other = tmp_path / "cp1252.csv"
    other.write_bytes(text.encode("cp1252"))
    assert _facts(read_export(other)) == _facts(full)


def test_json_dumps_are_kept_in_a_jira_exports_own_columns(tmp_path: Path) -> None:
    # only a tool's header makes them empty: Jira's own export is read as it always was
    # (its one Watchers column of digits is a count, as in any export: test_jira_watchers)
    path = tmp_path / "jira.csv"
    path.write_text('Summary,Issue key,Reporter,Watchers\nA,P-1,"{x",7\n', "utf-8")
    (item,) = read_export(path).items
    assert item.reporter == "{x" and item.watchers == []


# --- dates in digits alone ---------------------------------------------------------------------

HEADER = "Summary,Issue key,Created,Resolved,Comment\n"


def _jira(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "issues.csv"
    path.write_text(HEADER + "".join(row + "\n" for row in rows), "utf-8")
    return path


def _dates(path: Path) -> list[tuple]:
    """Each item's creation and resolution, and every activity's time, as both reads see them
    (the scan's read prepared by polars, the full read row by row): the same."""
    full, lean = JiraCsvExport(path).load(), read_export(path, activity_details=False)
    assert [(i.created, i.resolved) for i in lean.items] == [
        (i.created, i.resolved) for i in full.items
    ]
    assert [a.timestamp for a in lean.activities] == [a.timestamp for a in full.activities]
    assert (lean.skipped, lean.skipped_parts) == (full.skipped, full.skipped_parts)
    return [
        (
            i.created and i.created.strftime("%Y-%m-%d %H:%M"),
            i.resolved and i.resolved.strftime("%Y-%m-%d"),
        )
        for i in full.items
    ]


def test_day_first_dates_are_read_once_a_day_above_12_shows_the_order(tmp_path: Path) -> None:
    path = _jira(tmp_path, "A,P-1,03.02.2024 09:00,,", "B,P-2,25.01.2024 14:30,04.02.2024 10:00,")
    assert _dates(path) == [("2024-02-03 09:00", None), ("2024-01-25 14:30", "2024-02-04")]


def test_month_first_dates_are_read_once_a_day_above_12_shows_the_order(tmp_path: Path) -> None:
    path = _jira(tmp_path, "A,P-1,3/2/2024 9:00,,", "B,P-2,1/25/2024 2:30 PM,2/4/24 10:00,")
    assert _dates(path) == [("2024-03-02 09:00", None), ("2024-01-25 14:30", "2024-02-04")]


def test_a_comments_date_in_digits_is_read_in_the_files_order(tmp_path: Path) -> None:
    path = _jira(tmp_path, "A,P-1,1/13/2024 9:00,,1/20/2024 10:00;ana;looks good")
    board = JiraCsvExport(path).load()
    assert [a.timestamp.strftime("%m-%d") for a in board.activities] == ["01-13", "01-20"]
    assert board.skipped == [] and board.skipped_parts == []


def test_dates_that_could_be_either_way_round_are_not_read_and_the_board_says_so(
    tmp_path: Path,
) -> None:
    path = _jira(tmp_path, "A,P-1,3/2/2024 9:00,,", "B,P-2,1/5/2024 9:00,2/4/2024 10:00,")
    assert _dates(path) == [(None, None), (None, None)]
    (said,) = JiraCsvExport(path).load().skipped_parts  # dates, not records
    assert said.startswith("3 date(s) in digits alone (such as '3/2/2024 9:00') not read")
    assert "no day above 12 shows if the day or the month is first" in said
    assert "\n" not in said and len(said) <= 200  # (a report lists lines of up to 200)


def test_dates_that_settle_the_order_both_ways_are_not_read(tmp_path: Path) -> None:
    path = _jira(tmp_path, "A,P-1,13/2/2024 9:00,,", "B,P-2,1/25/2024 9:00,,")
    assert _dates(path) == [(None, None), (None, None)]
    (said,) = JiraCsvExport(path).load().skipped_parts  # dates, not records
    assert "some have a number above 12 first, others second" in said


def test_each_date_is_counted_once_when_the_read_starts_again(tmp_path: Path) -> None:
    # not UTF-8 past the first rows: polars, then the UTF-8 stream give up, cp1252 reads it
    rows = [f"T{n},P-{n},1/2/2024 9:00,," for n in range(3000)] + ["caf\u00e9,P-x,1/2/2024 9:00,,"]
    path = tmp_path / "issues.csv"
    path.write_bytes((HEADER + "\n".join(rows) + "\n").encode("cp1252"))
    (said,) = JiraCsvExport(path).load().skipped_parts  # dates, not records
    assert said.startswith("3001 date(s) in digits alone")


def test_outside_a_read_a_date_in_digits_alone_is_not_guessed() -> None:
    assert parse_csv_date("1/25/2024 9:00") is None
    assert parse_csv_date("25/Jan/24 9:00 AM").isoformat() == "2024-01-25T09:00:00+00:00"


def test_a_scan_of_a_file_whose_dates_cannot_be_told_reports_why(tmp_path: Path, capsys) -> None:
    from analyzer.cli import app

    path = _jira(tmp_path, "Roadmap for Q3,P-1,3/2/2024 9:00,,")
    with pytest.raises(SystemExit) as stopped:
        app(args=["scan", str(path), "--format", "json"], prog_name="backlog-analyzer")
    assert stopped.value.code in (0, None)
    out = capsys.readouterr().out
    assert "in digits alone" in out and "if the day or the month is first" in out
