"""Deal the third fresh held-out real set (``fresh3_labels.csv``, session 12) into
``fresh3-dev`` and ``fresh3-test``, by the rule of ``fresh_split.py`` (stratified by file and
label, a salted SHA-256 of ``file:item_id`` within each stratum, dealt alternately with the turn
carried over) with its own salt. Choices may be made on ``fresh3-dev`` only; ``fresh3-test`` is
scored, never looked into.

    python models/eval/fresh3_split.py            # rewrite the split column in place
    python models/eval/fresh3_split.py --check    # exit 1 if the file is not split as said here
"""

from __future__ import annotations

import sys
from pathlib import Path

from models.eval import split
from models.eval.fresh_split import FIELDS, deal_by_file_and_label

FRESH3 = Path(__file__).with_name("fresh3_labels.csv")
SALT = "backlog-analyzer/fresh3/v1"
DEV, TEST = "fresh3-dev", "fresh3-test"


def assign_splits(rows: list[dict[str, str]]) -> list[str]:
    """The split (``fresh3-dev`` or ``fresh3-test``) of each row, in the rows' order."""
    return deal_by_file_and_label(rows, SALT, (DEV, TEST))


def read_rows(path: Path = FRESH3) -> list[dict[str, str]]:
    return split.read_rows(path, FIELDS)


def main(argv: list[str] | None = None) -> int:
    return split.command(
        argv,
        doc=__doc__,
        default=FRESH3,
        fields=FIELDS,
        assign=assign_splits,
        script="fresh3_split.py",
        lineterminator="\n",
    )


if __name__ == "__main__":
    sys.exit(main())
