"""The prepared Jira CSV read's duplicate check (``SeenIds``) moves the latest ids' hashes into
its sorted array from the batches' own hashes when every batch since the last move added
exactly its own ids (``all_new``), and from the set itself otherwise: either way the array
holds what hashing every moved id gives, and the board is the one the csv module's path reads."""

from __future__ import annotations

import csv
import io
import random
from pathlib import Path

import numpy as np
import pytest

from connectors.exports import _csv_prepared, _csv_seen_ids
from connectors.exports.jira_csv import JiraCsvExport

HEADER = ["Summary", "Issue key", "Issue id", "Issue Type", "Status", "Created"]


def _export(tmp_path: Path, seed: int, mixed: bool) -> Path:
    rnd = random.Random(seed)
    rows = []
    for number in range(1, 400):
        rows.append(
            [f"Item {number}", f"S-{number}", str(5000 + number), "Story", "To Do",
             f"{rnd.randrange(1, 28):02d}/Mar/24 {rnd.randrange(1, 13)}:05 AM"]
        )  # fmt: skip
        if mixed and rnd.random() < 0.03:
            rows.append([])  # a blank line: a batch the rows' loop reads
        if mixed and rnd.random() < 0.02:
            rows.append(["No key", "", "", "Bug", "Done", "01/Mar/24 9:00 AM"])  # general path
    buffer = io.StringIO()
    csv.writer(buffer).writerows([HEADER, *rows])
    path = tmp_path / f"ids-{seed}-{mixed}.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


@pytest.mark.parametrize("mixed", [False, True])
@pytest.mark.parametrize("seed", range(3))
def test_moved_hashes_are_the_hashes_of_the_moved_ids(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int, mixed: bool
):
    monkeypatch.setattr(_csv_prepared, "BATCH_ROWS", 20 + seed * 7)
    monkeypatch.setattr(_csv_seen_ids, "RECENT_IDS", 45)
    path = _export(tmp_path, seed, mixed)
    after = _csv_seen_ids.SeenIds.after
    moves: list[bool] = []  # per move: were the batches' own hashes used?

    def watched(self) -> None:
        seen = self.builder.seen
        old = None if self.hashes is None else self.hashes.copy()
        moving = old is not None and len(seen) >= _csv_seen_ids.RECENT_IDS
        expected = None
        if moving:
            moved = [_csv_seen_ids._id_hash(text) for text in seen]
            expected = np.sort(np.concatenate((old, np.array(moved, np.int64))))
            fast = self.pending is not None and sum(map(len, self.pending)) == len(seen)
        after(self)
        if moving:
            assert self.hashes.tolist() == expected.tolist()
            assert not self.builder.seen
            moves.append(fast)

    monkeypatch.setattr(_csv_seen_ids.SeenIds, "after", watched)
    prepared = JiraCsvExport(path, activity_details=False).load()
    assert len(moves) >= 5
    if mixed:
        assert not all(moves)  # some moves hashed the set itself
    else:
        assert all(moves)  # every move from the batches' hashes

    expected = JiraCsvExport(path, activity_details=False, polars=False).load()
    assert (prepared.items, prepared.skipped) == (expected.items, expected.skipped)
    assert prepared.repeats == expected.repeats


def test_a_late_duplicate_is_found_among_the_batches_hashes(tmp_path: Path, monkeypatch):
    """An id seen 300 rows before (its hash moved from a batch's own hashes) is a duplicate."""
    monkeypatch.setattr(_csv_prepared, "BATCH_ROWS", 25)
    monkeypatch.setattr(_csv_seen_ids, "RECENT_IDS", 50)
    path = _export(tmp_path, 0, mixed=False)
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "Again,S-3,5003,Story,Done,01/Mar/24 9:00 AM\r\n", encoding="utf-8")
    board = JiraCsvExport(path, activity_details=False).load()
    assert board.repeats.lines == ["issue #400: S-3 appears twice; kept the first"]
