"""``clean_board`` skips the items a scan's Jira CSV reader vouches for, with the same result.

The prepared (polars) read of a scan's own board checks the cells its items' texts come from
(``connectors.mapping.clean.UNSAFE_CELL``, a batch at a time) and hands ``clean_board`` only the
positions of the other items (``CheckedItems.unchecked``). The reference is ``clean_board``
looking at every item: on exports with hostile characters in every field, both give the same
board.
"""

from __future__ import annotations

import copy
import csv
import io
import random
from pathlib import Path

import pytest

from connectors.exports import _csv_prepared, read_export
from connectors.exports.csv_columns import NotForPolars
from connectors.exports.jira_csv import JiraCsvExport
from connectors.mapping.clean import _UNSAFE, UNSAFE_CELL, CheckedItems, clean_board, unsafe
from tests.test_jira_csv_fastpath import HEADER, _mostly_plain_rows

HOSTILE = ["\x1b[2J", "\x07", "\u202e", "\x85", "\x0b", "\x7f", "\u2066", "\x01"]
#: The random export's header without watchers (an export with watchers is never vouched for).
COLUMNS = [i for i, name in enumerate(HEADER) if not name.startswith("Watchers")]
#: Columns an Item's text comes from (not the comments', nor the dates').
TEXT_COLUMNS = [
    i
    for i in COLUMNS
    if not HEADER[i].startswith(
        ("Comment", "Created", "Updated", "Resolved", "Due", "Custom field (S")
    )
]
#: The columns whose text may reach another row's item (a person's name for a mention, a key
#: for a parent given by id): a hostile one there makes the reader vouch for nothing.
ACROSS = {HEADER.index(name) for name in ("Assignee", "Reporter", "Creator", "Issue key")}


def _export(
    tmp_path: Path, seed: int, count: int = 600, hostile: float = 0.01, across: bool = False
) -> Path:
    """A mostly plain export (see ``_mostly_plain_rows``, no watchers) with hostile characters
    put into a random text cell of about ``hostile`` of the rows (``across``: also in the
    columns of ``ACROSS``), and now and then dates of odd years."""
    rnd = random.Random(seed)
    rows = _mostly_plain_rows(rnd, count)
    targets = [i for i in TEXT_COLUMNS if across or i not in ACROSS]
    for row in rows:
        if len(row) > 21 and rnd.random() < 0.8:  # most rows plain, as most real ones are
            row[0], row[16], row[18], row[21] = "A plain summary", row[15], "", "Plain words."
        if row and rnd.random() < hostile:
            column = rnd.choice([i for i in targets if i < len(row)])
            cell = row[column] or "x"
            at = rnd.randrange(len(cell) + 1)
            row[column] = cell[:at] + rnd.choice(HOSTILE) + cell[at:]
        if len(row) > 17 and rnd.random() < 0.01:
            row[17] = rnd.choice(["2500-01-01T00:00:00Z", "0001-01-01T00:00:00Z"])
    buffer = io.StringIO()
    csv.writer(buffer).writerows(
        [[row[i] for i in COLUMNS if i < len(row)] for row in [HEADER, *rows]]
    )
    path = tmp_path / f"hostile-{seed}.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def _scan_read(path: Path):
    return read_export(path, activity_details=False, shared_empty=True)


def _cleaned_both_ways(path: Path):
    """The scan's board cleaned with the reader's vouch, and cleaned looking at every item."""
    vouched, everything = _scan_read(path), _scan_read(path)
    assert type(vouched.items) is CheckedItems
    unchecked = vouched.items.unchecked
    everything.items.unchecked = None
    clean_board(vouched, details=False)
    clean_board(everything, details=False)
    return vouched, everything, unchecked


def _assert_same(one, other) -> None:
    assert one.items == other.items
    assert list(one.people.items()) == list(other.people.items())
    assert one.activities == other.activities
    assert one.activities.columns.item_ids == other.activities.columns.item_ids
    assert (one.id, one.name, one.skipped) == (other.id, other.name, other.skipped)


def test_unsafe_cell_pattern_finds_what_printable_changes():
    import polars as pl

    chars = [chr(c) for c in range(1, 0x110000) if not 0xD800 <= c <= 0xDFFF]
    found = pl.Series(chars).str.contains(UNSAFE_CELL).to_list()
    assert found == [_UNSAFE.search(char) is not None for char in chars]
    assert [unsafe(c) for c in ("a", "\n", "\t", "\x1b", "\u202e", "\ud800")] == [
        False,
        False,
        False,
        True,
        True,
        True,
    ]


@pytest.mark.parametrize("seed", range(4))
def test_vouched_items_are_cleaned_as_every_item_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int
):
    monkeypatch.setattr(_csv_prepared, "BATCH_ROWS", 20)  # some batches clean, some not
    path = _export(tmp_path, seed, hostile=0.02)
    vouched, everything, unchecked = _cleaned_both_ways(path)
    _assert_same(vouched, everything)
    # the run met hostile items and vouched for some: it tested something
    assert 0 < len(unchecked) < 0.8 * len(vouched.items)
    raw = _scan_read(path)
    changed = sum(mine != theirs for mine, theirs in zip(raw.items, vouched.items, strict=True))
    assert changed >= 3  # clean_board changed the hostile items (and only looked at those)


@pytest.mark.parametrize("seed", range(3))
def test_hostile_names_and_keys_give_the_same_board(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int
):
    monkeypatch.setattr(_csv_prepared, "BATCH_ROWS", 40)
    path = _export(tmp_path, seed, hostile=0.05, across=True)
    vouched, everything, _ = _cleaned_both_ways(path)
    _assert_same(vouched, everything)


def test_a_plain_export_leaves_few_items_to_look_at(tmp_path: Path):
    path = _export(tmp_path, 7, hostile=0)
    board = _scan_read(path)
    assert len(board.items.unchecked) < len(board.items) // 3  # non-plain texts, odd dates
    clean_board(board, details=False)
    assert board.items.unchecked is None  # taken once: a board changed later is looked at whole


@pytest.mark.parametrize(
    "row, field, shown",
    [
        (["T", "P-1", "1", "Story", "Done\x1b", "", "P"], "status", "Done␛"),
        (["T", "P-1", "1\u202e", "Story"], "id", "1\\u202e"),
        (["T\x07", "P-1", "1"], "title", "T␇"),
    ],
)
def test_a_hostile_cell_is_cleaned(tmp_path: Path, row: list[str], field: str, shown: str):
    buffer = io.StringIO()
    csv.writer(buffer).writerows([HEADER, row, ["Plain", "P-2", "2"]])
    path = tmp_path / "one.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    board = _scan_read(path)
    clean_board(board, details=False)
    assert getattr(board.items[0], field) == shown


def _header_row(**cells: str) -> list[str]:
    row = [""] * len(HEADER)
    for name, value in cells.items():
        row[HEADER.index(name)] = value
    return row


def test_a_parents_key_found_by_id_and_a_mentioned_name_are_looked_at(tmp_path: Path):
    """Texts an item gets from another row (a parent's key by its id, a person's name for a
    mention) were not in its cells: a hostile one makes every item looked at."""
    rows = [
        _header_row(Summary="Child", **{"Issue key": "P-1", "Issue id": "1", "Parent": "2"}),
        _header_row(Summary="Parent", **{"Issue key": "P\x1b-2", "Issue id": "2"}),
        _header_row(
            Summary="Mention",
            Description="ask @ana today",
            **{"Issue key": "P-3", "Issue id": "3", "Assignee": "An\x1ba", "Assignee Id": "ana"},
        ),
    ]
    for chosen in (rows[:2], [rows[2]]):
        buffer = io.StringIO()
        csv.writer(buffer).writerows([HEADER, *chosen])
        path = tmp_path / "across.csv"
        path.write_text(buffer.getvalue(), encoding="utf-8")
        vouched, everything, unchecked = _cleaned_both_ways(path)
        assert unchecked is None
        _assert_same(vouched, everything)
    assert vouched.items[0].description == "ask @An␛a today"


def test_only_a_scans_prepared_read_vouches(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    path = _export(tmp_path, 3, count=50)
    assert type(JiraCsvExport(path, activity_details=False).load().items) is list
    assert type(read_export(path, activity_details=True, shared_empty=True).items) is list

    def csv_module_only(self):
        raise NotForPolars("test")

    monkeypatch.setattr(JiraCsvExport, "_load_columns", csv_module_only)
    assert type(_scan_read(path).items) is list


def test_a_library_users_checked_items_without_a_vouch_are_all_looked_at():
    from connectors.interface import Board, Item

    board = Board("b", "B", "jira", items=CheckedItems([Item("jira", "1", "A\x1b")]))
    clean_board(copy.copy(board), details=False)
    assert board.items[0].title == "A␛"
