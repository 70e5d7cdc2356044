"""Jira CSV scan and ``report --db`` at scale, side by side with their anchor (a benchmark).

Issue 16's targets at 1M items: ``scan`` of a Jira CSV export ≤ 2× the naive polars +
scikit-learn script (``anchor_csv_naive.py``) and < 1.5 GB; ``report --db`` < 60 s and < 2 GB.
Each command runs in its own subprocess, one after another in one run (the machine is shared:
CPU seconds and ratios are what to compare); CPU = user + system seconds of the child
(``os.wait4``), peak = its ``ru_maxrss``. numpy/BLAS and polars are pinned to one thread.

``--tree DIR`` (repeatable) runs the tool's commands from other source trees too (e.g. an
``git archive`` of the commit before a change) for before/after in the same run; the JSON
reports are compared (without their ``generated_at`` line) and the table says whether they are
the same. Each tree's ``report --db`` reads the store its own ``generate.py`` names (today's names
the store's schema), generated into this tree's ``.data`` if missing. A tree whose code has a newer
schema than the file it is given (``--db``, or an older tree's ``generate.py`` that named the store
without its schema) reads a copy in the run's temporary folder, migrated before the clock: opening
the file itself would migrate it in place, and the tree that wrote it could not read it again.

    pip install -e '.[bench]'
    python benchmarks/bench_csv_scale.py --items 100k
    python benchmarks/bench_csv_scale.py --items 1M --tree /tmp/before --what csv,store
    python benchmarks/bench_csv_scale.py --csv FILE.csv   # any Jira CSV export
    python benchmarks/bench_csv_scale.py --items 1M --what csv --distinct-titles

``--distinct-titles`` scans a copy of the CSV whose every title is distinct
(``distinct_titles.py``, made once beside the file it copies): the generated file repeats a few
hundred titles, a real export's are (nearly) all distinct, and the title rules and the read's
memory cost more on the latter — judge the targets on both.
    python benchmarks/bench_csv_scale.py --what store --db /tmp/copy.sqlite --tree /tmp/before
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT), str(HERE)]

from benchmarks.timed_child import timed_child  # noqa: E402

ONE_THREAD = {
    "OMP_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "POLARS_MAX_THREADS": "1",
}
CLI = "import sys; sys.path.insert(0, sys.argv.pop(1)); from analyzer.cli import main; main()"


def run(argv: list[str], cwd: Path) -> tuple[float, float, float, int]:
    """(CPU s, wall s, peak MiB, exit code) of one command, on one thread."""
    return timed_child(argv, cwd, {**os.environ, **ONE_THREAD})


def _generated(fmt: str, count: int, tree: Path = ROOT) -> Path:
    """The harness's file, made (or found) by ``tree``'s ``generate.py`` in a process of its own
    (the children's ``ru_maxrss`` starts from this process's size at the fork, so it stays small),
    in this tree's data folder. Each tree reads the store its own code writes: an older tree
    cannot read a newer schema, and a newer one would migrate an older file in place."""
    code = (
        "import sys; from pathlib import Path; sys.path[:0] = [sys.argv[1], sys.argv[1] + "
        "'/benchmarks']; import generate; print(generate.export_file(sys.argv[2], "
        "int(sys.argv[3]), 0, Path(sys.argv[4])))"
    )
    argv = [sys.executable, "-c", code, str(tree), fmt, str(count), str(HERE / ".data")]
    done = subprocess.run(argv, check=True, capture_output=True, text=True, cwd=tree)
    return Path(done.stdout.strip().splitlines()[-1])


def _run_in(tree: Path, code: str, *args: str) -> str:
    """What ``code`` prints, run with ``tree``'s packages first on the path."""
    code = f"import sys; sys.path.insert(0, sys.argv[1]); {code}"
    argv = [sys.executable, "-c", code, str(tree), *args]
    return subprocess.run(argv, check=True, capture_output=True, text=True, cwd=tree).stdout


def file_schema(path: Path) -> int:
    """The schema version of the store at ``path``, read without changing the file."""
    db = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
    try:
        return int(db.execute("PRAGMA user_version").fetchone()[0])
    finally:
        db.close()


def store_for(tree: Path, store: Path, directory: Path, schema: int | None = None) -> Path:
    """The store ``tree``'s ``report --db`` reads: ``store`` itself unless ``tree``'s code has a
    newer schema (``schema``; asked of the tree when None), then a copy in ``directory`` that
    ``tree`` has already opened (migrated before the clock; ``store`` is left as it was)."""
    if schema is None:
        schema = int(_run_in(tree, "from connectors.store import SCHEMA_VERSION as v; print(v)"))
    if file_schema(store) >= schema:
        return store  # the same schema: read in place; a newer one: the tree refuses it
    copy = directory / f"schema{schema}-{store.name}"
    if not copy.exists():
        for suffix in ("", "-wal"):
            if Path(f"{store}{suffix}").exists():
                shutil.copyfile(f"{store}{suffix}", f"{copy}{suffix}")
        _run_in(tree, "from connectors.store import Store; Store(sys.argv[2]).close()", str(copy))
    return copy


def _report_text(path: Path) -> str:
    """A digest of the report without its ``generated_at`` line, read line by line: this
    process stays small (see :func:`_generated`) even for a 1M-item report."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for line in handle:
            if b'"generated_at"' not in line:
                digest.update(line)
    return digest.hexdigest()


def distinct_copy(source: Path) -> Path:
    """``source`` with every title distinct (:func:`distinct_titles.write_distinct`), made
    beside it once (``NAME-distinct.csv``; written to a temporary name first, so a run cut
    short leaves no half file to be taken for the copy)."""
    from distinct_titles import write_distinct

    target = source.with_name(f"{source.stem}-distinct.csv")
    if not target.exists():
        partial = target.with_name(f".{target.name}.partial")
        write_distinct(source, partial)
        partial.replace(target)
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--items", default="100k", help="10k, 100k, 1M or a number")
    parser.add_argument("--csv", type=Path, help="a Jira CSV export instead of the generated one")
    parser.add_argument("--what", default="csv,store", help="csv, store or both")
    parser.add_argument("--tree", action="append", type=Path, default=[], help="another tree")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument(
        "--distinct-titles",
        action="store_true",
        help="scan a copy of the CSV with every title made distinct (as a real export's)",
    )
    parser.add_argument(
        "--db",
        type=Path,
        help="the store every tree's report --db reads instead of the generated one (e.g. a "
        "copy: each report adds a row to the store's history)",
    )
    args = parser.parse_args()
    from generate import parse_size

    count = parse_size(args.items)
    trees = [ROOT, *[t.resolve() for t in args.tree]]
    what = set(args.what.split(","))
    rows: list[tuple[str, str, float, float, float, str]] = []
    python = sys.executable
    with tempfile.TemporaryDirectory(prefix="bench-csv-") as tmp:
        out = Path(tmp)
        if "csv" in what:
            csv_path = args.csv or _generated("jira-csv", count)
            if args.distinct_titles:
                csv_path = distinct_copy(csv_path)
            for _ in range(args.repeat):
                anchor = run([python, str(HERE / "anchor_csv_naive.py"), str(csv_path)], ROOT)
                rows.append(("anchor (polars + sklearn)", "-", *anchor[:3], ""))
                reports = []
                for n, tree in enumerate(trees):
                    report = out / f"scan-{n}.json"
                    argv = [python, "-c", CLI, str(tree), "scan", str(csv_path), "-o", str(report)]
                    cpu, wall, peak, code = run(argv, tree)
                    reports.append(_report_text(report) if code == 0 else None)
                    same = reports[n] == reports[0]
                    same = "" if n == 0 else ("same report" if same else "DIFFERENT report")
                    note = f"{cpu / anchor[0]:.2f}× anchor; {same}" if code == 0 else f"exit {code}"
                    rows.append(("scan", tree.name, cpu, wall, peak, note))
        if "store" in what:
            if args.db is not None:
                stores = [args.db.resolve()] * len(trees)
            else:
                stores = [_generated("store", count, tree) for tree in trees]
            stores = [store_for(tree, s, out) for tree, s in zip(trees, stores, strict=True)]
            for _ in range(args.repeat):
                reports = []
                for n, (tree, store) in enumerate(zip(trees, stores, strict=True)):
                    report = out / f"report-{n}.json"
                    argv = [python, "-c", CLI, str(tree), "report", "--db", str(store)]
                    cpu, wall, peak, code = run([*argv, "-o", str(report)], tree)
                    reports.append(_report_text(report) if code == 0 else None)
                    same = reports[n] == reports[0]
                    same = "" if n == 0 else ("same report" if same else "DIFFERENT report")
                    note = f"{store.name}; {same}" if code == 0 else f"exit {code}"
                    rows.append(("report --db", tree.name, cpu, wall, peak, note))
    print(f"{'command':<26} {'tree':<16} {'CPU s':>8} {'wall s':>8} {'peak MiB':>9}  note")
    for name, tree, cpu, wall, peak, note in rows:
        print(f"{name:<26} {tree:<16} {cpu:8.2f} {wall:8.2f} {peak:9.0f}  {note}")


if __name__ == "__main__":
    main()
