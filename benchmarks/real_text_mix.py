"""A Jira CSV export whose titles and descriptions are real boards' (a benchmark input).

The generated exports (``generate.py``) draw their texts from our own evaluation set: half of
them name direction work, a few hundred titles repeat, and every word is one the model knows. A
real board's titles are distinct, mostly delivery work, in several languages. This copies a
generated Jira CSV with each row's ``Summary`` and ``Description`` taken, in turn, from the
items of real exports read by the tool's own readers (the title made distinct with the row's
key, as ``distinct_titles.py`` does); every other column stays the generated one. The output
holds the exports' texts: write it outside the repository (several exports carry no licence)
and never commit it.

    python benchmarks/generate.py --items 100k --format jira-csv
    python benchmarks/real_text_mix.py .data/jira-csv-100000-s0-v1.csv /tmp/real-100k.csv \\
        ../shared/realdata/*/* /work/freshdata*/*/*
    python benchmarks/count_instructions.py /tmp/real-100k.csv --tree /work/main --tree .

Session 23: 13 422 items from the 71 real and fresh exports, each used about 7 times in 100k.
"""

from __future__ import annotations

import argparse
import itertools
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analyzer.pipeline import read_board  # noqa: E402
from benchmarks.distinct_titles import rewrite_rows  # noqa: E402
from connectors.interface import SourceError  # noqa: E402


def real_texts(exports: list[Path]) -> list[tuple[str, str]]:
    """(title, description) of every item of every export the readers can read."""
    texts: list[tuple[str, str]] = []
    for path in exports:
        try:
            board = read_board(path, activity_details=False)
        except SourceError as exc:
            print(f"skipped {path}: {exc}", file=sys.stderr)
            continue
        texts += [(item.title or "", item.description or "") for item in board.items]
    return texts


def write_mix(source: Path, target: Path, texts: list[tuple[str, str]]) -> int:
    """Copy the Jira CSV ``source`` to ``target`` with its rows' summaries and descriptions
    from ``texts`` in turn; the number of rows written."""
    turn = itertools.cycle(texts)

    def real(row: list[str], summary: int, description: int, key: int) -> None:
        title, row[description] = next(turn)
        row[summary] = f"{title} ({row[key]})"

    return rewrite_rows(source, target, ("Summary", "Description", "Issue key"), real)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", type=Path, help="a generated Jira CSV export")
    parser.add_argument("target", type=Path, help="where the copy goes (outside the repository)")
    parser.add_argument("exports", type=Path, nargs="+", help="real export files")
    args = parser.parse_args()
    # (sorted: the same files give the same copy, whatever order the shell lists them in)
    exports = sorted(p for p in args.exports if p.is_file() and p.suffix in (".json", ".csv"))
    texts = real_texts(exports)
    if not texts:
        raise SystemExit("no items read from the exports given")
    rows = write_mix(args.source, args.target, texts)
    print(
        f"{rows} rows written to {args.target}, texts of {len(texts)} items from "
        f"{len(exports)} exports"
    )


if __name__ == "__main__":
    main()
