"""Portfolio benchmark: 50 boards × 2 000 items scanned offline into one portfolio (issue 17).

    python benchmarks/bench_portfolio.py                 # 50 Trello boards of 2 000 cards
    python benchmarks/bench_portfolio.py --boards 10 --items 500 --format jira-csv

Each board is a generated export (``generate.py``, a different seed per board, cached in
``benchmarks/.data/``). The run is what ``scan FILE FILE... -o portfolio.json`` does: one model
load, the boards read and analysed one after another, the JSON portfolio written to /dev/null.
It prints CPU seconds (one core: BLAS threads pinned to 1) and the peak RSS. Target: < 30 s.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]

from generate import write_jira_csv, write_jira_json, write_trello  # noqa: E402

WRITERS = {
    "trello": (write_trello, "json"),
    "jira-json": (write_jira_json, "json"),
    "jira-csv": (write_jira_csv, "csv"),
}
TARGET_S = 30.0


def boards(kind: str, count: int, items: int) -> list[Path]:
    write, suffix = WRITERS[kind]
    folder = HERE / ".data" / "portfolio"
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for seed in range(count):
        path = folder / f"{kind}-{items}-{seed}.{suffix}"
        if not path.exists():
            tmp = path.with_suffix(".tmp")
            with open(tmp, "w", encoding="utf-8", newline="") as out:
                write(out, items, seed=seed)
            tmp.replace(path)
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--boards", type=int, default=50)
    parser.add_argument("--items", type=int, default=2000)
    parser.add_argument("--format", choices=sorted(WRITERS), default="trello")
    args = parser.parse_args(argv)
    paths = boards(args.format, args.boards, args.items)

    from analyzer.formats import get_format
    from analyzer.options import ScanOptions
    from analyzer.pipeline import scan_files
    from analyzer.portfolio import build_portfolio

    wall, cpu = time.perf_counter(), time.process_time()
    reports = scan_files(paths, ScanOptions.build(window="month"))
    portfolio = build_portfolio(reports)
    with open(os.devnull, "w", encoding="utf-8") as sink:
        get_format("json").write_portfolio(portfolio, sink)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    items = sum(row.items for row in portfolio.rows)
    verdict = "met" if cpu < TARGET_S else "MISSED"
    print(
        f"portfolio {args.boards} × {args.items} {args.format}: {items} items, "
        f"{cpu:.1f} CPU s ({wall:.1f} s wall), peak RSS {peak:.0f} MB; target < {TARGET_S:.0f} s: "
        f"{verdict}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
