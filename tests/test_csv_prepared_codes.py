"""A scan's prepared Jira CSV batch: small codes ranked without a sort (``dense_codes``) give
what ``np.unique(..., return_inverse=True)`` gives, and the batch's status categories still
come out as the per-row ``status_category`` reads them."""

from __future__ import annotations

import numpy as np
import pytest

from connectors.exports._csv_prepared import dense_codes


@pytest.mark.parametrize("seed", range(20))
def test_dense_codes_are_np_unique(seed: int) -> None:
    rng = np.random.default_rng(seed)
    size = int(rng.integers(1, 50))
    values = rng.integers(0, size, int(rng.integers(0, 300)))
    if seed % 4 == 0 and len(values):  # a few codes only, far apart
        values = rng.choice([0, size - 1], len(values))
    distinct, places = dense_codes(values, size)
    want_distinct, want_places = np.unique(values, return_inverse=True)
    assert distinct.tolist() == want_distinct.tolist()
    assert places.reshape(-1).tolist() == want_places.reshape(-1).tolist()


def test_dense_codes_of_nothing() -> None:
    distinct, places = dense_codes(np.zeros(0, np.int64), 4)
    assert distinct.tolist() == [] and places.tolist() == []


@pytest.mark.parametrize("seed", range(3))
def test_comment_cells_cut_after_their_second_semicolon(tmp_path, seed: int) -> None:
    """``frame_batches``' ``prefix_only`` columns: a cell with two ``;`` up to the second one
    (included), any other cell whole, as the reader's general path would read its start."""
    import csv
    import random

    from connectors.exports.csv_columns import frame_batches

    rnd = random.Random(seed)
    parts = ["", "a", "01/Jan/22 8:00 AM", "bob", "x\ny", "é ü", " ", "long text " * 20]
    cells = [";".join(rnd.choice(parts) for _ in range(rnd.randrange(1, 6))) for _ in range(300)]
    header = ["Summary", "Comment"]
    path = tmp_path / "comments.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([header, *[[f"t{n}", c] for n, c in enumerate(cells)]])
    got = []
    for batch in frame_batches(path, ",", header, [0, 1], prefix_only=[1], chunk_rows=64):
        got += batch.get_column("c1").to_list()

    def prefix(cell: str) -> str:
        first = cell.find(";")
        second = cell.find(";", first + 1) if first >= 0 else -1
        return cell[: second + 1] if second >= 0 else cell

    assert got == [prefix(cell) for cell in cells]
    assert any(cell.count(";") >= 3 for cell in cells)  # some texts cut
