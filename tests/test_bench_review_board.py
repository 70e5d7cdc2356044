"""benchmarks/bench_review.py --by-board: one board's line counts its own items (tiny pairs of our
own; no real data read)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import bench_review  # noqa: E402


def test_board_line_counts_before_after_and_held_out():
    before = [("strategic", "tactical"), ("strategic", "strategic"), ("tactical", "strategic")]
    after = [("strategic", "strategic"), ("strategic", "strategic"), ("tactical", "strategic")]
    line = bench_review.board_line(
        "[fresh13-dev] board x.csv direction-mix N=1",
        before,
        after,
        before[1:],
        [("strategic", "tactical"), ("tactical", "tactical")],
        1,
    )
    assert line.startswith("[fresh13-dev] board x.csv direction-mix N=1 labelled 3 asked 1")
    assert "before" in line and "(strategic found 1/2, false calls 1)" in line
    assert "after scan" in line and "(strategic found 2/2, false calls 1)" in line
    assert line.endswith(
        "held out 2: strategic found 1/1, false calls 1 -> strategic found 0/1, false calls 0"
    )
