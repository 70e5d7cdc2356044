"""Session 19 (issue 12): each labelled board of a **dev** half scored with the board prior's
direction-share floor as shipped and turned off, side by side.

Session 18 shipped ``rules.direction_prior_floor`` (the EM's strategic share never below
``BOARD_PRIOR_DIRECTION_RATIO`` times the share of items naming direction work, on boards of at
least ``BOARD_PRIOR_DIRECTION_MIN_ITEMS`` items) after its dev results. This scans each board as
``benchmarks/bench_real_boards.py`` does, once as shipped and once with the ratio at 0 (the floor
off), in this process only (no shipped code or product flag changes, no retraining), and prints
per file and for the half: the prior the scan read the board at, the true and predicted strategic
shares, macro-F1 and ECE (the benchmark's definitions). Only a dev half is scored (``dev`` or
``NAME-dev``; a ``*-test`` half is the lead's: refused in one line, exit 2)::

    python -m research.s19_floor --data /work/freshdata9 \\
        --labels models/eval/fresh9_labels.csv --split fresh9-dev
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import benchmarks.bench_real_boards as bench  # noqa: E402
import models.rules as rules  # noqa: E402
from analyzer.pipeline import scan_board  # noqa: E402
from connectors.interface import Board  # noqa: E402
from models.classifier import load_model  # noqa: E402
from models.evaluate import expected_calibration_error  # noqa: E402

#: the two runs: their name and the floor's ratio (None: as shipped)
RUNS: tuple[tuple[str, float | None], ...] = (("with floor", None), ("without floor", 0.0))


@dataclass(frozen=True)
class Scored:
    """One board's (or the half's) numbers under one run."""

    name: str
    n: int
    prior: float | None  # the strategic share the scan read the board at (None: the half)
    true_share: float
    predicted_share: float
    macro_f1: float
    ece: float


def is_dev_half(split: str) -> bool:
    return split == "dev" or split.endswith("-dev")


def scored(name: str, prior: float | None, rows: list[tuple[str, str, str, float]]) -> Scored:
    """``rows``: (true label, final label, predicted label, confidence) of labelled items."""
    correct = np.array([p == t for t, _, p, _ in rows], dtype=float)
    conf = np.array([c for *_, c in rows])
    return Scored(
        name,
        len(rows),
        prior,
        sum(t == "strategic" for t, *_ in rows) / len(rows),
        sum(f == "strategic" for _, f, *_ in rows) / len(rows),
        bench.macro_f1([(t, f) for t, f, *_ in rows]),
        expected_calibration_error(conf, correct),
    )


def score_half(
    boards: Iterable[tuple[str, Board]],
    labels: dict[str, dict[str, tuple[str, str]]],
    split: str,
    model: object,
    threshold: float,
    ratio: float | None,
) -> Iterator[Scored]:
    """Each board's numbers on ``split``'s labelled items, then the half's (name ``all``), with
    the floor's ratio at ``ratio`` (None: as shipped; put back after). ``boards`` are read for
    this run alone (a scan may keep what it read on a board)."""
    shipped = rules.BOARD_PRIOR_DIRECTION_RATIO
    if ratio is not None:
        rules.BOARD_PRIOR_DIRECTION_RATIO = ratio
    every: list[tuple[str, str, str, float]] = []
    try:
        for name, board in boards:
            read_at: list[float | None] = []
            report = scan_board(board, model, threshold=threshold, on_prior=read_at.append)
            rows = []
            for result in report.items:
                known = labels[name].get(result.id)
                if known is None or known[1] != split:
                    continue
                pred = result.predicted_label or result.label
                rows.append((known[0], result.label, pred, result.confidence))
            if rows:
                every += rows
                yield scored(name, read_at[0] if read_at else None, rows)
    finally:
        rules.BOARD_PRIOR_DIRECTION_RATIO = shipped
    if every:
        yield scored("all", None, every)


def line(s: Scored) -> str:
    prior = "      " if s.prior is None else f"{s.prior:6.1%}"
    return (
        f"prior {prior}  true {s.true_share:6.1%}  predicted {s.predicted_share:6.1%}  "
        f"macro-F1 {s.macro_f1:.3f}  ECE {s.ece:.3f}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--labels", type=Path, required=True)
    parser.add_argument("--split", required=True, help="a dev half: dev or NAME-dev")
    parser.add_argument("--model", default=None, help="model file (default: the bundled one)")
    parser.add_argument("--threshold", type=float, default=0.6)
    args = parser.parse_args(argv)
    if not is_dev_half(args.split):
        print(f"s19_floor: {args.split} is not a dev half (test halves are the lead's)")
        return 2
    if not args.data.is_dir():
        print(f"{args.data}: no real data here; nothing to measure")
        return 0
    labels = bench.read_labels(args.labels)
    model = load_model(args.model) if args.model else load_model()
    runs = {
        run: list(
            score_half(
                ((name, board) for name, _, board in bench.labelled_boards(args.data, labels)),
                labels,
                args.split,
                model,
                args.threshold,
                ratio,
            )
        )
        for run, ratio in RUNS
    }
    print(
        f"[{args.split}] floor: ratio {rules.BOARD_PRIOR_DIRECTION_RATIO} on boards of at least "
        f"{rules.BOARD_PRIOR_DIRECTION_MIN_ITEMS} items; off: ratio 0"
    )
    for i, first in enumerate(runs[RUNS[0][0]]):
        print(f"[{args.split}] {first.name:36s} n={first.n:4d}")
        for run, _ in RUNS:
            print(f"    {run:14s} {line(runs[run][i])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
