"""Deal the fresh held-out real set (``fresh_labels.csv``) into ``fresh-dev`` and ``fresh-test``.

Stratified by (file, label): within each stratum the rows are ordered by a salted SHA-256 of
``file:item_id`` and dealt alternately to fresh-dev and fresh-test; the alternation carries over
from one stratum to the next (strata in sorted order), so every file and the whole set differ
between the halves by at most one row, and every label by at most one row per file (each
odd-sized stratum's extra row falls on one side or the other). Only the file names, ids and
labels decide the split: re-running changes nothing. Choices are made on ``fresh-dev`` only;
``fresh-test`` is scored, never looked into.

    python models/eval/fresh_split.py            # rewrite the split column in place
    python models/eval/fresh_split.py --check    # exit 1 if the file is not split as said here
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

from models.eval import split
from models.eval.split import deal

FRESH = Path(__file__).with_name("fresh_labels.csv")
FIELDS = ["file", "item_id", "label", "split", "lang"]
SALT = "backlog-analyzer/fresh/v1"
DEV, TEST = "fresh-dev", "fresh-test"


def order_key(file: str, item_id: str, salt: str = SALT) -> str:
    return hashlib.sha256(f"{salt}\x00{file}:{item_id}".encode()).hexdigest()


def deal_by_file_and_label(
    rows: list[dict[str, str]], salt: str, halves: tuple[str, str]
) -> list[str]:
    """Each row's half, in the rows' order, by the rule above (``salt`` orders each stratum):
    the rule every fresh held-out set is dealt by (``fresh2_split.py`` too)."""
    return deal(
        rows,
        lambda row: (row["file"], row["label"]),
        lambda row: order_key(row["file"], row["item_id"], salt),
        halves,
    )


def assign_splits(rows: list[dict[str, str]]) -> list[str]:
    """The split (``fresh-dev`` or ``fresh-test``) of each row, in the rows' order."""
    return deal_by_file_and_label(rows, SALT, (DEV, TEST))


def read_rows(path: Path = FRESH) -> list[dict[str, str]]:
    return split.read_rows(path, FIELDS)


def main(argv: list[str] | None = None) -> int:
    return split.command(
        argv,
        doc=__doc__,
        default=FRESH,
        fields=FIELDS,
        assign=assign_splits,
        script="fresh_split.py",
        lineterminator="\n",
    )


if __name__ == "__main__":
    sys.exit(main())
