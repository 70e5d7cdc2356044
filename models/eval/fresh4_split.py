"""Deal the fourth fresh held-out real set (``fresh4_labels.csv``, session 13) into
``fresh4-dev`` and ``fresh4-test``, by the rule of ``fresh_split.py`` (stratified by file and
label, a salted SHA-256 of ``file:item_id`` within each stratum, dealt alternately with the turn
carried over) with its own salt. Choices may be made on ``fresh4-dev`` only; ``fresh4-test`` is
scored, never looked into.

    python models/eval/fresh4_split.py            # rewrite the split column in place
    python models/eval/fresh4_split.py --check    # exit 1 if the file is not split as said here
"""

from __future__ import annotations

import sys
from pathlib import Path

from models.eval import split
from models.eval.fresh_split import FIELDS, deal_by_file_and_label

FRESH4 = Path(__file__).with_name("fresh4_labels.csv")
SALT = "backlog-analyzer/fresh4/v1"
DEV, TEST = "fresh4-dev", "fresh4-test"


def assign_splits(rows: list[dict[str, str]]) -> list[str]:
    """The split (``fresh4-dev`` or ``fresh4-test``) of each row, in the rows' order."""
    return deal_by_file_and_label(rows, SALT, (DEV, TEST))


def read_rows(path: Path = FRESH4) -> list[dict[str, str]]:
    return split.read_rows(path, FIELDS)


def main(argv: list[str] | None = None) -> int:
    return split.command(
        argv,
        doc=__doc__,
        default=FRESH4,
        fields=FIELDS,
        assign=assign_splits,
        script="fresh4_split.py",
        lineterminator="\n",
    )


if __name__ == "__main__":
    sys.exit(main())
