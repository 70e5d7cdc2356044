"""A Jira CSV export with every title made distinct (a benchmark input, issue 16).

The generated Jira CSV (``generate.py``) draws its titles from the evaluation set's few hundred
texts, so a 1M file repeats 573 titles; a real export's titles are (nearly) all distinct. The
title rules remember their answers per title and a batch shares repeated strings, so the
generated file understates what a real board costs in time and memory (session 20: 1M scan
≈ 4–6 CPU s more and ≈ 100 MiB higher with distinct titles). This writes a copy of an export
whose ``Summary`` is ``Summary (Issue key)`` — the same words otherwise — streamed row by row:

    python benchmarks/generate.py --items 1M --format jira-csv        # prints the file
    python benchmarks/distinct_titles.py .data/jira-csv-1000000-s0-v1.csv /tmp/distinct.csv
    python benchmarks/bench_csv_scale.py --csv /tmp/distinct.csv --what csv
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Callable, Sequence
from pathlib import Path


def rewrite_rows(
    source: Path, target: Path, columns: Sequence[str], change: Callable[..., None]
) -> int:
    """Copy the Jira CSV ``source`` to ``target`` row by row, ``change(row, *places)`` first
    (in place; ``places``: where ``columns`` are) for each row that holds them all; the number
    of rows written."""
    # long cells allowed for this copy only: the limit is the process' (the Jira CSV reader
    # sets and reads it)
    before = csv.field_size_limit(max(csv.field_size_limit(), 1 << 30))
    try:
        return _rewrite(source, target, columns, change)
    finally:
        csv.field_size_limit(before)


def _rewrite(
    source: Path, target: Path, columns: Sequence[str], change: Callable[..., None]
) -> int:
    rows = 0
    with (
        source.open(newline="", encoding="utf-8") as inp,
        target.open("w", newline="", encoding="utf-8") as out,
    ):
        reader, writer = csv.reader(inp), csv.writer(out)
        header = next(reader)
        try:
            places = [header.index(column) for column in columns]
        except ValueError:
            quoted = [f"'{column}'" for column in columns]
            named = f"{', '.join(quoted[:-1])} and {quoted[-1]}" if quoted[1:] else quoted[0]
            raise SystemExit(f"{source}: no {named} columns") from None
        writer.writerow(header)
        for row in reader:
            if len(row) > max(places):
                change(row, *places)
            writer.writerow(row)
            rows += 1
    return rows


def write_distinct(source: Path, target: Path) -> int:
    """Copy the Jira CSV ``source`` to ``target`` with each row's ``Summary`` followed by
    `` (KEY)`` (its ``Issue key``); the number of rows written."""

    def distinct(row: list[str], summary: int, key: int) -> None:
        row[summary] = f"{row[summary]} ({row[key]})"

    return rewrite_rows(source, target, ("Summary", "Issue key"), distinct)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="a Jira CSV export (English headers)")
    parser.add_argument("target", type=Path)
    args = parser.parse_args(argv)
    rows = write_distinct(args.source, args.target)
    print(f"{args.target}: {rows} rows, every title distinct")
    return 0


if __name__ == "__main__":
    sys.exit(main())
