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
from pathlib import Path

ITEMS = Path(__file__).with_name("items.csv")
FIELDS = ["text", "description", "label", "type", "split", "hard"]
SALT = "backlog-analyzer/eval/v1"
DEV, TEST = "dev", "test"


def _order_key(text: str) -> str:
    return hashlib.sha256(f"{SALT}\x00{text}".encode()).hexdigest()


def assign_splits(rows: list[dict[str, str]]) -> list[str]:
    """Return the split ("dev" or "test") of each row, in the rows' order."""
    strata: dict[tuple[str, str], list[int]] = defaultdict(list)
    for index, row in enumerate(rows):
        strata[(row["label"], row["hard"])].append(index)
    splits = [""] * len(rows)
    turn = 0
    for key in sorted(strata):
        for index in sorted(strata[key], key=lambda i: _order_key(rows[i]["text"])):
            splits[index] = DEV if turn % 2 == 0 else TEST
            turn += 1
    return splits


def read_items(path: Path = ITEMS) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames != FIELDS:
            raise ValueError(
                f"{path}: expected columns {','.join(FIELDS)}, got {reader.fieldnames}"
            )
        return list(reader)


def write_items(rows: list[dict[str, str]], path: Path = ITEMS) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=FIELDS)
        writer.writeheader()
        writer.writerows(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path, default=ITEMS)
    parser.add_argument("--check", action="store_true", help="verify only, do not write")
    args = parser.parse_args(argv)
    rows = read_items(args.path)
    splits = assign_splits(rows)
    wrong = sum(row["split"] != split for row, split in zip(rows, splits, strict=True))
    if args.check:
        if wrong:
            print(f"{args.path}: {wrong} rows differ from split.py; run it without --check")
            return 1
        print(f"{args.path}: split is up to date ({len(rows)} rows)")
        return 0
    for row, split in zip(rows, splits, strict=True):
        row["split"] = split
    write_items(rows, args.path)
    print(f"{args.path}: {len(rows)} rows, {wrong} split values changed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
