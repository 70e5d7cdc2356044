"""What a scan's Jira CSV read costs without its per-row Python (session 33, issue 16).

"Items as columns end to end" was the change left for the Jira CSV scan's ≤ 2× target. This
measures its ceiling at the read, each variant in a child process of its own (CPU user and
system seconds, peak RSS; each includes the imports, printed first): ``parse`` polars' split of
the file alone (the columns the reader maps, no expression; with the checks before it,
``scan_bytes``), ``stages`` that and the reader's prepared columns (``PreparedRows.derived``:
cells stripped, first values, dates split, the plain-text and criteria searches), ``read`` the
scan's whole read (``read_board`` as ``scan_file`` calls it, its ``finish`` left out: the
items' parents, activity columns and mentions), and ``no-items`` that read with no ``Item`` made
(a stand-in returning None, no description packed). ``no-items`` is a ceiling: a reader of
columns would still hold the texts the items hold.

    python research/s33_read_floor.py /tmp/distinct-100k.csv
    flock /work/bench-big.lock python research/s33_read_floor.py /tmp/distinct-1M.csv --repeat 2
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
from pathlib import Path

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "POLARS_MAX_THREADS"):
    os.environ.setdefault(_var, "1")
ROOT = Path(__file__).resolve().parent.parent
VARIANTS = ("parse", "stages", "read", "no-items")


def _split(path: Path, stages: bool) -> int:
    """polars' batches of the scan's read, with or without the prepared stages: the rows."""
    import connectors.exports._csv_prepared as prepared
    import connectors.exports.jira_csv as jira_csv
    from analyzer.pipeline import read_board

    taken: dict[str, tuple] = {}

    def took(*args: object) -> object:  # the read's own arguments, nothing read
        taken["args"] = args
        return iter(())

    real, jira_csv.frame_batches = jira_csv.frame_batches, took  # type: ignore[attr-defined]
    try:
        read_board(path, activity_details=False, shared_empty=True, description_chars=600)
    finally:
        jira_csv.frame_batches = real  # type: ignore[attr-defined]
    *given, derived, rows = taken["args"]
    assert callable(derived) and rows == prepared.BATCH_ROWS
    return sum(batch.height for batch in real(*given, derived if stages else None, rows))


def _read(path: Path, items: bool) -> int:
    """The scan's read, its ``finish`` left out; without items: none made, none packed."""
    import connectors.exports._csv_prepared as prepared
    from analyzer.pipeline import read_board
    from connectors.exports.jira_csv_board import _BoardBuilder

    made: list[int] = []

    def finish(builder: _BoardBuilder) -> None:
        found = builder.board.items
        assert items or not any(found), "an Item was made: the stand-in no longer replaces it"
        made.append(len(found))

    _BoardBuilder.finish = finish  # type: ignore[method-assign,assignment]
    if not items:
        prepared.Item = lambda *fields: None  # type: ignore[assignment,misc]
        prepared._packed = lambda descriptions: []  # type: ignore[assignment]
    read_board(path, activity_details=False, shared_empty=True, description_chars=600)
    return made[0]


def child(variant: str, path: Path) -> None:
    sys.path.insert(0, str(ROOT))
    rows = _split(path, variant == "stages") if variant in ("parse", "stages") else 0
    if variant in ("read", "no-items"):
        rows = _read(path, variant == "read")
    use = resource.getrusage(resource.RUSAGE_SELF)
    print(f"{variant}\t{use.ru_utime:.2f}\t{use.ru_stime:.2f}\t{use.ru_maxrss // 1024}\t{rows}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--child", choices=VARIANTS, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child, args.file)
        return 0
    # the imports' cost, to take off each variant's (the same in every child)
    base = [
        sys.executable,
        "-c",
        f"import sys; sys.path.insert(0, {str(ROOT)!r}); "
        "import analyzer.pipeline, polars, resource; u = resource.getrusage(0); "
        "print(f'{u.ru_utime:.2f}\\t{u.ru_stime:.2f}')",
    ]
    imports = subprocess.run(base, capture_output=True, text=True, check=True).stdout.split()
    print(f"imports alone: user {imports[0]} s, system {imports[1]} s (included below)")
    print("variant\tuser s\tsystem s\tpeak MiB\trows")
    for _ in range(args.repeat):
        for variant in VARIANTS:
            command = [sys.executable, __file__, str(args.file), "--child", variant]
            print(
                subprocess.run(command, capture_output=True, text=True, check=True).stdout, end=""
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
