"""The prepared Jira CSV read's batches: handed over as one chunk per column (each query of a
frame of many chunks copies every column first), and a batch of new ids but for one id twice in
it read as the csv module's path reads it."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from connectors.exports import _csv_prepared
from connectors.exports.jira_csv import JiraCsvExport

HEADER = ["Summary", "Issue key", "Issue id", "Issue Type", "Status", "Created"]


def _write(path: Path, rows: list[list[str]]) -> Path:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def test_a_prepared_batch_is_one_chunk_per_column(tmp_path: Path) -> None:
    pl = pytest.importorskip("polars")
    from connectors.exports.csv_columns import frame_batches

    header = ["Summary", "Issue key"]
    rows = [[f"Item {number} " * 3, f"K-{number}"] for number in range(12_000)]
    path = _write(tmp_path / "many.csv", [header, *rows])

    def stages(names: list[str]) -> list[list[object]]:
        return [[pl.col(names[0]).str.len_bytes().alias("size")]]

    heights, sizes = [], []
    for batch in frame_batches(path, ",", header, [0, 1], derived=stages, chunk_rows=4_000):
        assert {batch.get_column(name).n_chunks() for name in batch.columns} == {1}
        heights.append(batch.height)
        sizes += batch.get_column("size").to_list()
    assert sum(heights) == len(rows) and len(heights) >= 3
    assert sizes == [len(title.encode()) for title, _ in rows]


def test_an_id_twice_in_a_batch_of_new_ids(tmp_path: Path, monkeypatch) -> None:
    """The batch's rows go through the rows' loop (the second one skipped), and the set of
    seen ids holds the batch's ids once after it: a later row with one of them is skipped,
    the others' rows are not."""
    monkeypatch.setattr(_csv_prepared, "BATCH_ROWS", 10)
    rows = [
        [f"Item {n}", f"T-{n}", str(900 + n), "Story", "To Do", "02/Mar/24 9:05 AM"]
        for n in range(1, 36)
    ]
    rows.insert(14, ["Again", "T-12", "912", "Bug", "Done", "03/Mar/24 9:05 AM"])  # same batch
    rows.append(["Late", "T-13", "913", "Bug", "Done", "04/Mar/24 9:05 AM"])  # a later batch
    path = _write(tmp_path / "twice.csv", [HEADER, *rows])
    prepared = JiraCsvExport(path, activity_details=False).load()
    expected = JiraCsvExport(path, activity_details=False, polars=False).load()
    assert prepared.repeats.lines == [
        "issue #15: T-12 appears twice; kept the first",
        "issue #37: T-13 appears twice; kept the first",
    ]
    assert (prepared.items, prepared.skipped) == (expected.items, expected.skipped)
    assert prepared.repeats == expected.repeats
    assert [item.key for item in prepared.items] == [f"T-{n}" for n in range(1, 36)]
