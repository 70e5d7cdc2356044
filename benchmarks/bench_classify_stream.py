"""``classify --file`` on a million lines, streamed: throughput and peak memory (issue 16).

    python benchmarks/bench_classify_stream.py                   # 1M lines, jsonl, json, text
    python benchmarks/bench_classify_stream.py --lines 100000 --formats jsonl
    python benchmarks/bench_classify_stream.py --distinct --formats jsonl   # as a real board's
    python benchmarks/bench_classify_stream.py --file titles.txt --formats jsonl

Titles are drawn (seeded) from the evaluation texts, cached in ``benchmarks/.data/``: a few
hundred titles repeated, which the title rules answer from memory after their first time.
``--distinct`` makes every line distinct as on a real board (``TITLE (BENCH-n)``, as
``distinct_titles.py`` does for the Jira CSV); ``--file`` runs on your own lines. Each run is
the real command in a subprocess writing to /dev/null, BLAS pinned to one thread; it reports the
child's CPU seconds, items per CPU second and peak RSS. Targets: ≥ 100 000 items/s in JSON Lines
and < 300 MB at 1M lines.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]

from generate import _texts  # noqa: E402

from benchmarks.timed_child import timed_child  # noqa: E402

ENV = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def titles(lines: int, distinct: bool = False) -> Path:
    path = HERE / ".data" / f"titles-{lines}{'-distinct' if distinct else ''}.txt"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        rng, texts = random.Random(0), _texts()
        with open(path, "w", encoding="utf-8") as out:
            for number in range(1, lines + 1):
                title = rng.choice(texts)[:120].replace("\n", " ")
                out.write(f"{title} (BENCH-{number})\n" if distinct else title + "\n")
    return path


def run(path: Path, fmt: str, lines: int) -> str:
    command = [sys.executable, "-m", "analyzer.cli", "classify", "--file", str(path), "-f", fmt]
    cpu, wall, peak, code = timed_child(command, HERE.parent, ENV)
    if code:
        raise subprocess.CalledProcessError(code, command)
    return f"| {fmt} | {lines:,} | {cpu:.1f} | {wall:.1f} | {lines / cpu:,.0f} | {peak:.0f} MB |"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--formats", default="jsonl,json,text")
    parser.add_argument("--distinct", action="store_true", help="every line distinct")
    parser.add_argument("--file", type=Path, help="classify these lines instead")
    args = parser.parse_args(argv)
    if args.file is not None:
        path = args.file
        with open(path, "rb") as handle:
            args.lines = sum(1 for _ in handle)
    else:
        path = titles(args.lines, args.distinct)
    print("| format | lines | CPU s | wall s | items per CPU s | peak RSS |")
    print("|---|---:|---:|---:|---:|---:|")
    for fmt in args.formats.split(","):
        print(run(path, fmt, args.lines), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
