"""Assign the dev/test halves of the evaluation set: deterministic, stratified by (label, hard).

Within each (label, hard) stratum, rows are ordered by a salted SHA-256 of their text and dealt
alternately to dev and test; the alternation carries over from one stratum to the next, so every
stratum, and the whole set, differs between the halves by at most one row. The split depends only
on the texts and their labels: adding an item moves few others, and re-running changes nothing.

    python models/eval/split.py            # rewrite the split column of items.csv in place
    python models/eval/split.py --check    # exit 1 if items.csv is not split as this script says
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import sys
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

ITEMS = Path(__file__).with_name("items.csv")
FIELDS = ["text", "description", "label", "type", "split", "hard"]
SALT = "backlog-analyzer/eval/v1"
DEV, TEST = "dev", "test"


def _order_key(text: str) -> str:
    return hashlib.sha256(f"{SALT}\x00{text}".encode()).hexdigest()


def deal(
    rows: list[dict[str, str]],
    stratum: Callable[[dict[str, str]], tuple[str, ...]],
    order: Callable[[dict[str, str]], str],
    halves: tuple[str, str] = (DEV, TEST),
) -> list[str]:
    """Each row's half, in the rows' order: within each stratum (strata in sorted order) the rows
    ordered by ``order`` and dealt alternately; the alternation carries over from one stratum to
    the next, so every stratum and the whole set differ between the halves by at most one row."""
    strata: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for index, row in enumerate(rows):
        strata[stratum(row)].append(index)
    splits = [""] * len(rows)
    turn = 0
    for key in sorted(strata):
        for index in sorted(strata[key], key=lambda i: order(rows[i])):
            splits[index] = halves[turn % 2]
            turn += 1
    return splits


def assign_splits(rows: list[dict[str, str]]) -> list[str]:
    """Return the split ("dev" or "test") of each row, in the rows' order."""
    return deal(rows, lambda row: (row["label"], row["hard"]), lambda row: _order_key(row["text"]))


def read_rows(path: Path, fields: list[str]) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames != fields:
            raise ValueError(
                f"{path}: expected columns {','.join(fields)}, got {reader.fieldnames}"
            )
        return list(reader)


def read_items(path: Path = ITEMS) -> list[dict[str, str]]:
    return read_rows(path, FIELDS)


def write_items(rows: list[dict[str, str]], path: Path = ITEMS) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=FIELDS)
        writer.writeheader()
        writer.writerows(rows)


def command(
    argv: list[str] | None,
    *,
    doc: str,
    default: Path,
    fields: list[str],
    assign: Callable[[list[dict[str, str]]], list[str]],
    script: str,
    lineterminator: str = "\r\n",
) -> int:
    """The command line both split scripts share: rewrite the split column of ``default`` (or
    the path given) in place, or with ``--check`` exit 1 when it is not split as ``assign``
    says."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path, default=default)
    parser.add_argument("--check", action="store_true", help="verify only, do not write")
    args = parser.parse_args(argv)
    rows = read_rows(args.path, fields)
    splits = assign(rows)
    wrong = sum(row["split"] != split for row, split in zip(rows, splits, strict=True))
    if args.check:
        if wrong:
            print(f"{args.path}: {wrong} rows differ from {script}; run it without --check")
            return 1
        print(f"{args.path}: split is up to date ({len(rows)} rows)")
        return 0
    for row, split in zip(rows, splits, strict=True):
        row["split"] = split
    with args.path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator=lineterminator)
        writer.writeheader()
        writer.writerows(rows)
    print(f"{args.path}: {len(rows)} rows, {wrong} split values changed")
    return 0


def main(argv: list[str] | None = None) -> int:
    return command(
        argv,
        doc=__doc__,
        default=ITEMS,
        fields=FIELDS,
        assign=assign_splits,
        script="split.py",
    )


if __name__ == "__main__":
    sys.exit(main())
