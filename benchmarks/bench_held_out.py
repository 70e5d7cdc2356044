"""Every held-out half of real boards at once: the real test half and each fresh set's test half,
scored one by one and pooled (a benchmark, not a test: it reads ../shared/realdata and the fresh
sets' folders).

Each half is scored by ``bench_real_boards.score_boards`` (the same scan, labels and numbers);
the pooled line is over every item of every half found, with its macro-F1's 95 % interval over
resamples of the items and of the files (``macro_f1_interval``). One number for "how good is it
on boards no choice was made on", with the noise of the few strategic items said beside it.

    python benchmarks/bench_held_out.py [--real ../shared/realdata] [--fresh-root /work]
                                        [--half test|dev] [--bootstrap 2000]

The fresh set NAME (``fresh``, ``fresh2``, …) is read from ``FRESH_ROOT/freshdata`` +
NAME's number (``/work/freshdata``, ``/work/freshdata2``, …; where to fetch those files:
``models/eval/NAME_SOURCES.md`` in capitals). A half whose folder is missing is said and left
out; with none found it says so and exits 0 (a user's clone has none).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_real_boards import (  # noqa: E402
    DEFAULT_DATA,
    LABELS_CSV,
    macro_f1,
    macro_f1_interval,
    per_file,
    read_labels,
    score_boards,
)

from models.classifier import load_model  # noqa: E402
from models.eval.fresh_split import SETS as FRESH_SETS  # noqa: E402

EVAL = ROOT / "models" / "eval"


def halves(real: Path, fresh_root: Path, half: str) -> list[tuple[str, Path, Path, str]]:
    """``(set, data folder, labels file, split)`` of the real half and each fresh set's."""
    found = [("real", real, LABELS_CSV, half)]
    for name in FRESH_SETS:
        folder = fresh_root / f"freshdata{name.removeprefix('fresh')}"
        found.append((name, folder, EVAL / f"{name}_labels.csv", f"{name}-{half}"))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--real", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--fresh-root", type=Path, default=Path("/work"))
    parser.add_argument("--half", choices=("test", "dev"), default="test")
    parser.add_argument("--bootstrap", type=int, default=2000, metavar="N")
    parser.add_argument("--threshold", type=float, default=0.6)
    args = parser.parse_args(argv)
    model = load_model()
    pooled: dict[str, list[tuple[str, str]]] = {}
    scored_sets = 0
    shares = surest = shown = 0  # files within 10 points, surest strategic items right, shown
    for name, folder, labels_csv, split in halves(args.real, args.fresh_root, args.half):
        if not folder.is_dir():
            print(f"[{split}] {folder}: not here; left out")
            continue
        rows = score_boards(folder, read_labels(labels_csv), (split,), model, args.threshold)
        data = rows.rows[split]
        if not data:
            continue
        scored_sets += 1
        files = list(per_file(data, rows.direction))
        shares += sum(error <= 0.10 for _, _, error, _, _ in files)
        surest += sum(good for *_, good, _ in files)
        shown += sum(top for *_, top in files)
        pairs = [(r[2], r[3]) for r in data]
        for r in data:
            pooled.setdefault(f"{name}/{r[0]}", []).append((r[2], r[3]))
        print(
            f"[{split}] items {len(pairs)}  strategic {sum(t == 'strategic' for t, _ in pairs)}  "
            f"found {sum(t == f == 'strategic' for t, f in pairs)}  "
            f"called strategic {sum(f == 'strategic' for _, f in pairs)}  "
            f"macro-F1 {macro_f1(pairs):.3f}"
        )
    if not pooled:
        print("no held-out half found; nothing to measure")
        return 0
    pairs = [pair for file_pairs in pooled.values() for pair in file_pairs]
    right = sum(t == f for t, f in pairs)
    line = (
        f"pooled, {scored_sets} {args.half} halves, {len(pooled)} files: items {len(pairs)}  "
        f"strategic {sum(t == 'strategic' for t, _ in pairs)}  "
        f"found {sum(t == f == 'strategic' for t, f in pairs)}  "
        f"called strategic {sum(f == 'strategic' for _, f in pairs)}  "
        f"accuracy {right / len(pairs):.3f}  macro-F1 {macro_f1(pairs):.3f}  files within 10 pts "
        f"of the true strategic share {shares}/{len(pooled)}  surest strategic items right "
        f"{surest}/{shown}"
    )
    if args.bootstrap > 0:
        intervals = [
            macro_f1_interval(pooled, by=by, draws=args.bootstrap) for by in ("items", "files")
        ]
        line += (
            f"  (95% interval over {args.bootstrap} resamples: of the items "
            f"{intervals[0][0]:.3f}-{intervals[0][1]:.3f}, of the files "
            f"{intervals[1][0]:.3f}-{intervals[1][1]:.3f})"
        )
    print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
