"""Jira CSV cells read as what they hold: Labels cells that are JSON lists, Watchers counts, and
a file of dates in digits alone read with one progress (the reader's own NumericDates)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from connectors.exports import read_export
from connectors.exports.jira_csv import (
    JiraCsvExport,
    NumericDates,
    NumericDatesFound,
    labels_of,
    parse_csv_date,
)
from connectors.interface import ExportFormatError
from tests.test_jira_csv_fastpath import assert_same_board

WAYS = ["polars columns", "polars prepared", "csv module"]


def _write(path: Path, rows: list[list[str]]) -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), "utf-8")
    return path


def _read(path: Path, way: str, monkeypatch: pytest.MonkeyPatch):
    """The board as one path of the reader reads it: polars' columns (a library read), polars'
    prepared rows (a scan's read), or the csv module (polars' fallback)."""
    if way != "csv module":
        monkeypatch.setattr(JiraCsvExport, "_load_stream", lambda *a: pytest.fail("csv module"))
        monkeypatch.setattr(JiraCsvExport, "_load_whole", lambda *a: pytest.fail("csv module"))
    prepared = way == "polars prepared"
    polars = way != "csv module"
    return JiraCsvExport(
        path, activity_details=not prepared, shared_empty=prepared, polars=polars
    ).load()


# --- Labels cells holding a JSON list ------------------------------------------------------------


def test_labels_of_reads_a_json_list_of_strings_and_nothing_else():
    assert labels_of(['["Must","Dependency"]']) == ["Must", "Dependency"]
    assert labels_of(['[" spaced ", ""]', "plain"]) == ["spaced", "plain"]  # stripped, no empty
    assert labels_of(["[]"]) == []  # a list of no strings: no label
    for cell in ["[1, 2]", '["a", 1]', '["a"', "[oops]", "[", '[["a"]]', "[" * 100_000]:
        assert labels_of([cell]) == [cell], cell  # not a JSON list of strings: as written
    cells = ["ux", "q3-bet"]
    assert labels_of(cells) is cells  # no cell starts with "[": untouched


@pytest.mark.parametrize("way", WAYS)
def test_a_json_list_in_a_labels_cell_gives_the_labels_repeated_columns_give(
    tmp_path: Path, way: str, monkeypatch: pytest.MonkeyPatch
):
    listed = _write(
        tmp_path / "listed.csv",
        [
            ["Summary", "Issue key", "Labels", "Labels"],
            ["A", "P-1", '["Must","Dependency"]', ""],
            ["B", "P-2", '["Must"]', "ux"],
            ["C", "P-3", "[draft]", ""],
            ["D", "P-4", "ux", ""],
            ["E", "P-5", '[1, "x"]', "[]"],
        ],
    )
    repeated = _write(
        tmp_path / "repeated.csv",
        [
            ["Summary", "Issue key", "Labels", "Labels"],
            ["A", "P-1", "Must", "Dependency"],
            ["B", "P-2", "Must", "ux"],
            ["C", "P-3", "[draft]", ""],
            ["D", "P-4", "ux", ""],
            ["E", "P-5", '[1, "x"]', ""],
        ],
    )
    got = [item.labels for item in _read(listed, way, monkeypatch).items]
    assert got == [item.labels for item in read_export(repeated).items]
    assert got == [["Must", "Dependency"], ["Must", "ux"], ["[draft]"], ["ux"], ['[1, "x"]']]


def test_a_json_labels_row_of_a_scan_is_looked_at_by_clean_board(tmp_path: Path):
    """A JSON string may hold what its cell did not (an escaped control character): the row
    goes down the general path, whose items clean_board looks at (not vouched for)."""
    path = _write(
        tmp_path / "escaped.csv",
        [["Summary", "Issue key", "Labels"], ["A", "P-1", "ux"], ["B", "P-2", '["a\\u0007b"]']],
    )
    board = read_export(path, activity_details=False, shared_empty=True)
    assert [item.labels for item in board.items] == [["ux"], ["a\x07b"]]
    assert 1 in list(board.items.unchecked)


def test_a_tool_written_export_reads_its_json_labels(tmp_path: Path):
    path = _write(
        tmp_path / "tool.csv",
        [
            ["Issue_Type", "Key", "Summary", "Labels"],
            ["Story", "P-1", "A", '["Must","Dependency"]'],
        ],
    )
    (item,) = read_export(path).items
    assert item.labels == ["Must", "Dependency"]


def test_json_labels_read_as_the_reference_does(tmp_path: Path):
    path = _write(
        tmp_path / "labels.csv",
        [
            ["Summary", "Issue key", "Labels", "Labels", "Created"],
            ["A", "P-1", '["Must","Dependency"]', "ux", "03/Jan/22 8:00 AM"],
            ["B", "P-2", "[x", '["y"]', "03/Jan/22 9:00 AM"],
            ["C", "P-3", "", "", "03/Jan/22 9:00 AM"],
        ],
    )
    board = assert_same_board(path)
    assert [item.labels for item in board.items] == [["Must", "Dependency", "ux"], ["[x", "y"], []]


# --- Watchers: a count is no one --------------------------------------------------------------


@pytest.mark.parametrize("way", WAYS)
@pytest.mark.parametrize("name", ["Watchers", "Interesados", "Beobachter"])
def test_one_watchers_column_of_counts_names_no_one(
    tmp_path: Path, way: str, name: str, monkeypatch: pytest.MonkeyPatch
):
    """Jira's export of the current fields writes the number of watchers in one Watchers
    column: a count is no person; a name in such a column still is."""
    path = _write(
        tmp_path / "current.csv",
        [
            ["Summary", "Issue key", "Assignee", name],
            ["A", "P-1", "Ana Lima", "3"],
            ["B", "P-2", "", "0"],
            ["C", "P-3", "Ana Lima", "Kenji Sato"],
            ["D", "P-4", "", " 12 "],
        ],
    )
    board = _read(path, way, monkeypatch)
    assert sorted(board.people) == ["Ana Lima", "Kenji Sato"]
    assert [list(item.watchers) for item in board.items] == [[], [], ["Kenji Sato"], []]


@pytest.mark.parametrize("way", WAYS)
def test_watcher_names_of_digits_are_people_in_an_export_of_all_fields(
    tmp_path: Path, way: str, monkeypatch: pytest.MonkeyPatch
):
    """Several Watchers columns, or a Watchers Id column beside one: the export of all fields,
    a name per cell, so a user name of digits is a person there."""
    several = _write(
        tmp_path / "several.csv",
        [["Summary", "Issue key", "Watchers", "Watchers"], ["A", "P-1", "10042", "Ana"]],
    )
    with_ids = _write(
        tmp_path / "ids.csv",
        [["Summary", "Issue key", "Watchers", "Watchers Id"], ["A", "P-1", "7", "5b10a"]],
    )
    (item,) = _read(several, way, monkeypatch).items
    assert list(item.watchers) == ["10042", "Ana"] and not item.members
    board = _read(with_ids, way, monkeypatch)
    assert list(board.items[0].watchers) == ["5b10a"] and board.people["5b10a"].display_name == "7"


def test_watcher_counts_read_as_the_reference_does(tmp_path: Path):
    path = _write(
        tmp_path / "counts.csv",
        [
            ["Summary", "Issue key", "Watchers", "Created"],
            ["A", "P-1", "2", "03/Jan/22 8:00 AM"],
            ["B", "P-2", "Ana", "03/Jan/22 9:00 AM"],
            ["C", "P-3", "", "03/Jan/22 9:00 AM"],
        ],
    )
    board = assert_same_board(path)
    assert list(board.people) == ["Ana"]


# --- dates in digits alone: one progress, the reader's own NumericDates --------------------------


def _numeric_file(path: Path, rows: int, plain_first: int = 0) -> Path:
    """``rows`` issues; the first ``plain_first`` created in Jira's default form, the others in
    digits alone, month first (one of them on the 25th tells the order)."""
    lines = [["Summary", "Issue key", "Created", "Comment"]]
    for n in range(1, rows + 1):
        if n <= plain_first:
            created, commented = "03/Jan/22 8:00 AM", "04/Jan/22 8:00 AM"
        else:
            created, commented = f"1/{1 + n % 28}/2024 9:00", f"2/{1 + n % 28}/2024 10:00"
        lines.append([f"Item {n}", f"P-{n}", created, f"{commented};ana;ok"])
    return _write(path, lines)


@pytest.mark.parametrize("plain_first", [0, 1200])
@pytest.mark.parametrize("details", [True, False])
def test_a_file_of_numeric_dates_shows_one_progress(
    tmp_path: Path, plain_first: int, details: bool
):
    """The read stops at the first date in digits alone, the date cells tell the order, the
    file is read again: the progress never goes back, even when the first read had told some."""
    path = _numeric_file(tmp_path / "numeric.csv", 2600, plain_first)
    calls: list[int] = []
    board = JiraCsvExport(
        path, activity_details=details, on_progress=lambda s, done, t, x: calls.append(done)
    ).load()
    assert calls == [*range(500, 2600, 500), 2600]
    assert board.skipped == []
    assert board.items[-1].created.strftime("%Y-%m-%d %H:%M") == "2024-01-25 09:00"
    assert sorted(a.timestamp.strftime("%m-%d") for a in board.activities)[-1] == "02-28"


def test_a_file_of_numeric_dates_is_read_twice_and_its_dates_looked_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    path = _numeric_file(tmp_path / "numeric.csv", 50, plain_first=10)
    reads: list[object] = []
    load, look = JiraCsvExport._load, JiraCsvExport._look_at_dates
    monkeypatch.setattr(JiraCsvExport, "_load", lambda self: reads.append("read") or load(self))
    monkeypatch.setattr(
        JiraCsvExport, "_look_at_dates", lambda self: reads.append("dates") or look(self)
    )
    reader = JiraCsvExport(path)
    board = reader.load()
    assert reads == ["read", "dates", "read"] and len(board.items) == 50
    assert reader.numeric is None  # held only while it reads
    plain = _write(tmp_path / "plain.csv", [["Summary", "Issue key", "Created"], ["A", "P-1", ""]])
    reads.clear()
    JiraCsvExport(plain).load()
    assert reads == ["read"]  # no date in digits alone: read once


def test_only_date_cells_tell_the_order(tmp_path: Path):
    """A summary or a description that looks like a date tells nothing: the dates stay unread
    (every number 12 or less) and the board says why."""
    path = _write(
        tmp_path / "titles.csv",
        [
            ["Summary", "Issue key", "Description", "Created"],
            ["13/1/2024 retro", "P-1", "25/1/2024 9:00", "3/2/2024 9:00"],
        ],
    )
    board = read_export(path)
    assert board.items[0].created is None
    (said,) = board.skipped_parts
    assert board.skipped == []  # dates of a read row: no record
    assert said.startswith("1 date(s) in digits alone (such as '3/2/2024 9:00') not read")


def test_a_comment_split_over_three_cells_tells_the_order(tmp_path: Path):
    path = _write(
        tmp_path / "split.csv",
        [
            ["Summary", "Issue key", "Created", "Comment", "Comment", "Comment"],
            ["A", "P-1", "3/2/2024 9:00", "2/13/2024 10:00", "ana", "looks good"],
        ],
    )
    board = JiraCsvExport(path).load()
    assert board.items[0].created.strftime("%m-%d") == "03-02"
    assert [a.timestamp.strftime("%m-%d") for a in board.activities] == ["02-13", "03-02"]


def test_a_numeric_date_file_broken_further_down_says_what_is_wrong(tmp_path: Path):
    """The first read stops at the first date, the dates' look gives up at a byte neither
    UTF-8 nor Windows-1252 reads (past the head the file's kind is told from): the read after
    them names it, as a file without such dates does."""
    rows = "".join(f"T{n},P-{n},1/13/2024 9:00\n" for n in range(5000))
    broken = tmp_path / "broken.csv"
    broken.write_bytes(b"Summary,Issue key,Created\n" + rows.encode() + b"X,P-9,\x81\n")
    with pytest.raises(ExportFormatError, match=r"is not readable text \(byte \d+ is neither"):
        JiraCsvExport(broken).load()


def test_numeric_dates_are_read_only_as_the_readers_object_says():
    assert parse_csv_date("1/25/2024 9:00") is None  # no reader: not guessed
    assert parse_csv_date("1/25/2024 9:00", NumericDates("mdy")).strftime("%m-%d") == "01-25"
    assert parse_csv_date("5/1/2024 9:00", NumericDates("dmy")).strftime("%m-%d") == "01-05"
    looking = NumericDates()
    assert parse_csv_date("1/25/2024 9:00", looking) is None and looking.told() == "mdy"
    with pytest.raises(NumericDatesFound):
        parse_csv_date("1/25/2024 9:00", NumericDates(stop=True))
    assert parse_csv_date("25/Jan/24 9:00 AM", NumericDates(stop=True)) is not None


def test_two_readers_each_read_their_own_order(tmp_path: Path):
    day_first = _write(
        tmp_path / "dmy.csv", [["Summary", "Issue key", "Created"], ["A", "P-1", "25/1/2024 9:00"]]
    )
    month_first = _write(
        tmp_path / "mdy.csv", [["Summary", "Issue key", "Created"], ["A", "P-1", "1/25/2024 9:00"]]
    )
    first, second = JiraCsvExport(day_first), JiraCsvExport(month_first)
    assert first.load().items[0].created == second.load().items[0].created


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8-sig", "cp1252"])
@pytest.mark.parametrize("sep_line", [False, True])
def test_the_dates_are_looked_at_in_the_files_encoding_and_separator(
    tmp_path: Path, encoding: str, sep_line: bool
):
    """UTF-16 (by its BOM), UTF-8, Windows-1252 (a byte UTF-8 cannot read, past the first
    rows); an Excel ``sep=;`` line: the dates' look splits the file as its read does."""
    head = "sep=;\n" if sep_line else ""
    separator = ";" if sep_line else ","
    rows = [separator.join(["Summary", "Issue key", "Created"])]
    rows += [separator.join([f"T{n}", f"P-{n}", f"3/{1 + n % 9}/2024 9:00"]) for n in range(40)]
    rows.append(separator.join(["caf\u00e9", "P-x", "1/25/2024 9:00"]))  # tells: month first
    path = tmp_path / "dates.csv"
    path.write_bytes((head + "\n".join(rows) + "\n").encode(encoding))
    board = JiraCsvExport(path).load()
    assert board.skipped == [] and len(board.items) == 41
    assert board.items[0].created.strftime("%m-%d") == "03-01"


@pytest.mark.parametrize("way", WAYS)
def test_portuguese_seguidores_are_names_beside_their_ids_and_a_count_alone(
    tmp_path: Path, way: str, monkeypatch: pytest.MonkeyPatch
):
    names = _write(
        tmp_path / "names.csv",
        [
            ["Resumo", "Chave da item", "Seguidores", "ID dos seguidores"],
            ["A", "P-1", "Ana Lima", "5b10a"],
            ["B", "P-2", "", ""],
        ],
    )
    counts = _write(
        tmp_path / "counts.csv", [["Resumo", "Chave da item", "Seguidores"], ["A", "P-1", "2"]]
    )
    board = _read(names, way, monkeypatch)
    assert [list(item.watchers) for item in board.items] == [["5b10a"], []]
    assert board.people["5b10a"].display_name == "Ana Lima"
    board = _read(counts, way, monkeypatch)
    assert not board.people and not board.items[0].watchers
