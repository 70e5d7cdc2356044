"""Deal the fresh held-out real set (``fresh_labels.csv``) into ``fresh-dev`` and ``fresh-test``.

Stratified by (file, label): within each stratum the rows are ordered by a salted SHA-256 of
``file:item_id`` and dealt alternately to fresh-dev and fresh-test; the alternation carries over
from one stratum to the next (strata in sorted order), so every file, every label and the whole
set differ between the halves by at most one row. Only the file names, ids and labels decide the
split: re-running changes nothing. Choices are made on ``fresh-dev`` only; ``fresh-test`` is
scored, never looked into.

    python models/eval/fresh_split.py            # rewrite the split column in place
    python models/eval/fresh_split.py --check    # exit 1 if the file is not split as said here
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import sys
from collections import defaultdict
from pathlib import Path

FRESH = Path(__file__).with_name("fresh_labels.csv")
FIELDS = ["file", "item_id", "label", "split", "lang"]
SALT = "backlog-analyzer/fresh/v1"
DEV, TEST = "fresh-dev", "fresh-test"


def order_key(file: str, item_id: str) -> str:
    return hashlib.sha256(f"{SALT}\x00{file}:{item_id}".encode()).hexdigest()


def assign_splits(rows: list[dict[str, str]]) -> list[str]:
    """The split (``fresh-dev`` or ``fresh-test``) of each row, in the rows' order."""
    strata: dict[tuple[str, str], list[int]] = defaultdict(list)
    for index, row in enumerate(rows):
        strata[(row["file"], row["label"])].append(index)
    splits = [""] * len(rows)
    turn = 0
    for key in sorted(strata):
        for index in sorted(
            strata[key], key=lambda i: order_key(rows[i]["file"], rows[i]["item_id"])
        ):
            splits[index] = DEV if turn % 2 == 0 else TEST
            turn += 1
    return splits


def read_rows(path: Path = FRESH) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames != FIELDS:
            raise ValueError(
                f"{path}: expected columns {','.join(FIELDS)}, got {reader.fieldnames}"
            )
        return list(reader)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path, default=FRESH)
    parser.add_argument("--check", action="store_true", help="verify only, do not write")
    args = parser.parse_args(argv)
    rows = read_rows(args.path)
    splits = assign_splits(rows)
    wrong = sum(row["split"] != split for row, split in zip(rows, splits, strict=True))
    if args.check:
        if wrong:
            print(f"{args.path}: {wrong} rows differ from fresh_split.py; run it without --check")
            return 1
        print(f"{args.path}: split is up to date ({len(rows)} rows)")
        return 0
    for row, split in zip(rows, splits, strict=True):
        row["split"] = split
    with args.path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"{args.path}: {len(rows)} rows, {wrong} split values changed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
