"""Deal a fresh held-out real set (``NAME_labels.csv``) into ``NAME-dev`` and ``NAME-test``.

One splitter for every fresh set (``SETS``: session 10's ``fresh`` to session 33's ``fresh15``):
stratified by (file, label): within each stratum the rows are ordered by a salted SHA-256 of
``file:item_id`` (each set its own salt, ``backlog-analyzer/NAME/v1``) and dealt alternately to
NAME-dev and NAME-test; the alternation carries over from one stratum to the next (strata in
sorted order), so every file and the whole set differ between the halves by at most one row, and
every label by at most one row per file (each odd-sized stratum's extra row falls on one side or
the other). Only the file names, ids and labels decide the split: re-running changes nothing.
Choices are made on ``NAME-dev`` only; ``NAME-test`` is scored, never looked into.

    python models/eval/fresh_split.py [--set fresh2]          # rewrite the split column in place
    python models/eval/fresh_split.py [--set fresh2] --check  # exit 1 if not split as said here
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from functools import partial
from pathlib import Path

from models.eval import split
from models.eval.split import deal

FIELDS = ["file", "item_id", "label", "split", "lang"]
#: the fresh held-out sets, oldest first (sessions 10, 11, 12, 13, 14, 15, 16, 17, 19, 21; and
#: 33's fresh11 … fresh15, labelled from the exports sessions 29–31's hunts gathered)
SETS = (
    "fresh",
    "fresh2",
    "fresh3",
    "fresh4",
    "fresh5",
    "fresh6",
    "fresh7",
    "fresh8",
    "fresh9",
    "fresh10",
    "fresh11",
    "fresh12",
    "fresh13",
    "fresh14",
    "fresh15",
)
#: the first set's names (the others' ``labels_path`` / ``salt_of``), kept for its callers
FRESH = Path(__file__).with_name("fresh_labels.csv")
SALT = "backlog-analyzer/fresh/v1"


def labels_path(name: str) -> Path:
    """The labels file of set ``name`` (``fresh2`` -> ``fresh2_labels.csv`` beside this file)."""
    _known(name)
    return Path(__file__).with_name(f"{name}_labels.csv")


def salt_of(name: str) -> str:
    """The salt that orders set ``name``'s strata: each set is dealt in its own order."""
    _known(name)
    return f"backlog-analyzer/{name}/v1"


def _known(name: str) -> None:
    if name not in SETS:
        raise ValueError(f"unknown fresh set {name!r}; known: {', '.join(SETS)}")


def order_key(file: str, item_id: str, salt: str = SALT) -> str:
    return hashlib.sha256(f"{salt}\x00{file}:{item_id}".encode()).hexdigest()


def deal_by_file_and_label(
    rows: list[dict[str, str]], salt: str, halves: tuple[str, str]
) -> list[str]:
    """Each row's half, in the rows' order, by the rule above (``salt`` orders each stratum)."""
    return deal(
        rows,
        lambda row: (row["file"], row["label"]),
        lambda row: order_key(row["file"], row["item_id"], salt),
        halves,
    )


def assign_splits(rows: list[dict[str, str]], name: str = "fresh") -> list[str]:
    """The split (``NAME-dev`` or ``NAME-test``) of each row of set ``name``, in the rows'
    order."""
    return deal_by_file_and_label(rows, salt_of(name), (f"{name}-dev", f"{name}-test"))


def read_rows(path: Path = FRESH) -> list[dict[str, str]]:
    return split.read_rows(path, FIELDS)


def main(argv: list[str] | None = None) -> int:
    chooser = argparse.ArgumentParser(add_help=False)
    chooser.add_argument("--set", choices=SETS, default="fresh", dest="name")
    chosen, rest = chooser.parse_known_args(argv)
    return split.command(
        rest,
        doc=__doc__,
        default=labels_path(chosen.name),
        fields=FIELDS,
        assign=partial(assign_splits, name=chosen.name),
        script=f"fresh_split.py --set {chosen.name}",
        lineterminator="\n",
    )


if __name__ == "__main__":
    sys.exit(main())
