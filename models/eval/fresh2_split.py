"""Deal the second fresh held-out real set (``fresh2_labels.csv``, session 11) into
``fresh2-dev`` and ``fresh2-test``, by the rule of ``fresh_split.py`` (stratified by file and
label, a salted SHA-256 of ``file:item_id`` within each stratum, dealt alternately with the turn
carried over) with its own salt. Choices may be made on ``fresh2-dev`` only; ``fresh2-test`` is
scored, never looked into.

    python models/eval/fresh2_split.py            # rewrite the split column in place
    python models/eval/fresh2_split.py --check    # exit 1 if the file is not split as said here
"""

from __future__ import annotations

import sys
from pathlib import Path

from models.eval import split
from models.eval.fresh_split import FIELDS, deal_by_file_and_label

FRESH2 = Path(__file__).with_name("fresh2_labels.csv")
SALT = "backlog-analyzer/fresh2/v1"
DEV, TEST = "fresh2-dev", "fresh2-test"


def assign_splits(rows: list[dict[str, str]]) -> list[str]:
    """The split (``fresh2-dev`` or ``fresh2-test``) of each row, in the rows' order."""
    return deal_by_file_and_label(rows, SALT, (DEV, TEST))


def read_rows(path: Path = FRESH2) -> list[dict[str, str]]:
    return split.read_rows(path, FIELDS)


def main(argv: list[str] | None = None) -> int:
    return split.command(
        argv,
        doc=__doc__,
        default=FRESH2,
        fields=FIELDS,
        assign=assign_splits,
        script="fresh2_split.py",
        lineterminator="\n",
    )


if __name__ == "__main__":
    sys.exit(main())
