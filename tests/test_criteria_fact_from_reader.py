"""A scan's Jira CSV reader tells which items hold no acceptance criteria (``FACT_NO_CRITERIA``).

The reader searches each row's summary and description cells with the findings' polars
supersets (``connectors.mapping.criteria``); where neither matches (and the description holds
no ``@``, a mention the reader renames later), ``analyzer.pipeline.forget_descriptions_of``
forgets the description without a search. The reference is the search of every item
(``forget_descriptions_of`` without the column, itself checked against
``has_acceptance_criteria``): on random exports with criteria words in many languages,
hostile characters, markup and a person whose name holds criteria words, both give the same
positions and descriptions after ``clean_board``.
"""

from __future__ import annotations

import copy
import csv
import io
import random
from pathlib import Path

import numpy as np
import pytest

from analyzer.flags.items import has_acceptance_criteria
from analyzer.pipeline import forget_descriptions_of, without_criteria
from connectors.columns import FACT_NO_CRITERIA
from connectors.exports import _csv_prepared, read_export
from connectors.mapping.clean import CheckedItems, clean_board
from tests.test_forget_descriptions import HOSTILE, PIECES
from tests.test_jira_csv_fastpath import HEADER, _mostly_plain_rows

#: Texts a CSV cell of a file polars splits can hold: no lone surrogate, no NUL, no carriage
#: return (a file with one is read by the csv module, and its items are not vouched for).
TEXTS = [
    text
    for text in [*PIECES, *HOSTILE]
    if not {"\x00", "\r"} & set(text) and not any(0xD800 <= ord(c) <= 0xDFFF for c in text)
]
#: Plain one-line texts (kept as they are by the reader), with and without criteria.
PLAIN = [
    "Acceptance criteria: works",
    "AC: done when paid",
    "ac :",
    "given x when y then",
    "givenx when y then",
    "Definition of Done",
    "criterio de aceptacion",
    "Gegeben sei x wenn y dann z",
    "plain words",
    "aceptado",
    "de hecho",
    "[ ] not at a line start",
    "- [x] first",
    "Ship it",
    "given",
    "acceptance",
]
SUMMARY, ASSIGNEE, ASSIGNEE_ID, DESCRIPTION = (
    HEADER.index(name) for name in ("Summary", "Assignee", "Assignee Id", "Description")
)


def _export(tmp_path: Path, seed: int, count: int = 900) -> Path:
    rnd = random.Random(seed)
    rows = _mostly_plain_rows(rnd, count)
    for row in rows:
        if len(row) <= DESCRIPTION:
            continue
        odd = rnd.random()
        if odd < 0.5:  # one line of plain ASCII words, some naming criteria: vouched for
            row[SUMMARY] = " ".join(rnd.choice(PLAIN) for _ in range(rnd.randrange(3)))
            row[DESCRIPTION] = " ".join(rnd.choice(PLAIN) for _ in range(rnd.randrange(4)))
            row[16], row[18] = row[15], ""  # (dates the reader reads: updated, due)
        elif odd < 0.8:
            row[SUMMARY] = " ".join(rnd.choice(TEXTS) for _ in range(rnd.randrange(3)))
            joiner = rnd.choice([" ", "\n", ""])
            row[DESCRIPTION] = joiner.join(rnd.choice(TEXTS) for _ in range(rnd.randrange(4)))
        if rnd.random() < 0.02:  # a plain title too long to be kept as it is
            row[SUMMARY] = "a long title " * 90
        if rnd.random() < 0.05:  # a person whose name a mention brings into a description
            row[ASSIGNEE], row[ASSIGNEE_ID] = "Acceptance Criteria Bot", "acbot"
        if rnd.random() < 0.05:
            row[DESCRIPTION] = rnd.choice(["ping @acbot please", "@acbot", "mail a@b.example"])
    return write_without_watchers(tmp_path / f"criteria-words-{seed}.csv", rows)


def write_without_watchers(path: Path, rows: list[list[str]]) -> Path:
    """``rows`` (of ``HEADER``) written to ``path`` without the Watchers columns: an export
    with watchers is never vouched for, and these tests read the vouched rows."""
    keep = [at for at, name in enumerate(HEADER) if not name.startswith("Watchers")]
    buffer = io.StringIO()
    csv.writer(buffer).writerows(
        [[row[at] for at in keep if at < len(row)] for row in [HEADER, *rows]]
    )
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def _scan_board(path: Path):
    board = read_export(path, activity_details=False, shared_empty=True)
    assert type(board.items) is CheckedItems  # read by the prepared rows
    clean_board(board, details=False)
    return board


@pytest.mark.parametrize("seed", range(4))
def test_items_without_criteria_are_forgotten_as_the_search_forgets_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int
):
    monkeypatch.setattr(_csv_prepared, "BATCH_ROWS", 50)
    board = _scan_board(_export(tmp_path, seed))
    items = list(board.items)
    without = without_criteria(board.items)
    answers = [has_acceptance_criteria(item) for item in items]
    assert not any(np.array(answers)[without])  # the reader's answer is the reference's
    assert without.sum() > len(items) // 20 and sum(answers) > len(items) // 5
    mentioned = [
        at for at, item in enumerate(items) if "Acceptance Criteria Bot" in item.description
    ]
    assert mentioned and not without[mentioned].any()  # renamed after the cells were read
    searched = copy.deepcopy(items)
    expected = forget_descriptions_of(searched)
    assert forget_descriptions_of(items, without) == expected
    assert [item.description for item in items] == [item.description for item in searched]


def test_a_wrong_bit_in_the_column_is_seen(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The bit is what the forgetting reads: set at a vouched item holding criteria, that item
    is lost; set at the positions not vouched for (``from_items``), nothing changes."""
    monkeypatch.setattr(_csv_prepared, "BATCH_ROWS", 50)
    board = _scan_board(_export(tmp_path, 9))
    times = board.items.times
    expected = forget_descriptions_of(copy.deepcopy(list(board.items)))
    assert len(times.from_items)
    times.facts = times.facts.copy()
    times.facts[times.from_items] |= FACT_NO_CRITERIA
    assert (
        forget_descriptions_of(copy.deepcopy(list(board.items)), without_criteria(board.items))
        == expected
    )
    vouched = np.setdiff1d(np.arange(len(board.items)), times.from_items)
    holding = [at for at in vouched.tolist() if at in set(expected)]
    times.facts[holding[0]] |= FACT_NO_CRITERIA
    found = forget_descriptions_of(list(board.items), without_criteria(board.items))
    assert found == [at for at in expected if at != holding[0]]


def test_boards_without_the_column_are_searched_whole(tmp_path: Path):
    path = _export(tmp_path, 3)
    assert without_criteria(read_export(path, activity_details=False).items) is None
    board = _scan_board(path)
    board.items.append(board.items[0])  # changed after the read: every item searched
    assert without_criteria(board.items) is None


@pytest.mark.parametrize("seed", range(3))
def test_a_scans_read_gives_the_reference_items(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int
):
    """A scan's read finds the descriptions that are not plain among the rows one search
    marks (not plain, or criteria, or "@"): its items are the general path's."""
    from tests.test_jira_csv_fastpath import reference_board

    monkeypatch.setattr(_csv_prepared, "BATCH_ROWS", 64)
    path = _export(tmp_path, 20 + seed)
    board = read_export(path, activity_details=False, shared_empty=True)
    assert type(board.items) is CheckedItems
    reference = reference_board(path)
    assert board.items == reference.items  # (a mutation that calls every description plain fails)
