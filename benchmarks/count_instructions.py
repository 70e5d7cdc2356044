"""Instructions one ``classify_items`` of an export executes, counted by valgrind (a benchmark).

This machine's CPU seconds move by 15–30 % from one minute to the next for the same code, so a
change worth 5 % of the classify stage cannot be told from noise by timing it. Valgrind's
callgrind counts the instructions executed (``Ir``): the same code on the same file gives the
same count within 0.1 % (session 23: 17.510 and 17.527 G for the 100k distinct-title Jira CSV).
The export is read and the model loaded with counting off (valgrind runs them 20–50× slower
but does not count them); counting is on for one ``classify_items`` only, the GC paused as in a
scan. Each tree is counted in its own child process, two at a time:

    python benchmarks/count_instructions.py /tmp/distinct-100k.csv --tree /work/main --tree .

``--scan``: the whole of ``scan FILE --output report.json`` after the imports is counted
instead — the read, the model's load, classify, the analysis and the JSON report written to a
file by the command's own writer — for a change outside the classify stage (the read, the
analysis, the writer; session 27, issue 16). ``--read``: the scan's read alone (``read_board``
as ``scan_file`` calls it).

``--lines``: the file is a text of items, one per line, and what is counted is
``classify --file FILE --format jsonl``'s work after the model's load (the lines read,
classified, written to /dev/null by the command's own writer, ``_write_json``, through a UTF-8
stdout as the CLI sets it up; session 24, issue 16; the writer since session 25). ``--keep
DIR``: each tree's callgrind output is kept there (``callgrind_annotate DIR/0.callgrind`` says
which C functions ran).

An instruction is not a CPU second (a regex loop runs more of them per cycle than numpy's
memory-bound passes, and valgrind hands numpy no AVX-512): compare trees with it, and time the
result with ``bench_scan_steps.py``. Needs ``valgrind`` (Debian: ``apt install valgrind``).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "POLARS_MAX_THREADS"):
    os.environ.setdefault(_var, "1")

_TOTALS = re.compile(r"^totals:\s+(\d+)", re.MULTILINE)


def child(
    path: str, ready: Path, lines: bool = False, scan: bool = False, read: bool = False
) -> None:
    """In the counted process: read and load (counting off), say so through ``ready``, wait
    until the driver has turned counting on, classify once, say so again. ``lines``: ``path``
    is a text file of items, one per line, classified as ``classify --file PATH --format
    jsonl`` does (its lines read, classified and written to /dev/null by the command's writer:
    all counted). ``scan``: nothing is read before counting; ``scan_file`` and the JSON report
    written to a file in ``ready``'s folder, as ``scan PATH --output`` writes it, are counted;
    ``read``: the scan's ``read_board`` alone."""
    import gc
    import io
    from functools import partial

    sys.path.insert(0, os.getcwd())
    import polars  # noqa: F401 - imported before counting, as the CLI has it by the read

    from analyzer.commands.classify import _write_json
    from analyzer.formats import get_format
    from analyzer.modeling import classify_json_lines, iter_item_lines
    from analyzer.output import write_output
    from analyzer.pipeline import classify_items, read_board, scan_description_chars, scan_file
    from models.classifier import load_model
    from models.interface import DEFAULT_THRESHOLD

    board = None if lines or scan or read else read_board(path, activity_details=False)
    model = None if scan or read else load_model()
    done = ready.with_suffix(".done")
    ready.write_text(str(os.getpid()))
    while ready.exists():  # removed once counting is on
        time.sleep(0.1)
    gc.collect()
    if scan:
        report = scan_file(path)
        out = ready.with_suffix(".json")
        write_output(out, partial(get_format("json", width=100).write, report))
        del report
    elif read:
        chars = scan_description_chars(None)
        kept = read_board(path, activity_details=False, shared_empty=True, description_chars=chars)
        del kept
    elif board is not None:
        gc.disable()  # as a scan does
        classify_items(board.items, model)
    else:  # the command leaves the collector on
        # stdout as the CLI has it (analyzer.app._tolerant_streams): UTF-8, backslashreplace
        with open(os.devnull, "wb") as null:
            out = io.TextIOWrapper(null, encoding="utf-8", errors="backslashreplace")
            sys.stdout = out
            texts = iter_item_lines(path)
            _write_json(classify_json_lines(texts, DEFAULT_THRESHOLD, model=model), "jsonl")
            out.flush()
            out.detach()
            sys.stdout = sys.__stdout__
    done.write_text("1")
    while done.exists():  # removed once counting is off
        time.sleep(0.1)


def count(tree: Path, path: Path, work: Path, tag: str, what: tuple[str, ...] = ()) -> int:
    """The instructions of one ``classify_items`` of ``path`` with ``tree``'s code (``what``:
    the child's options ``--lines``, ``--scan`` or ``--read`` for that work instead)."""
    ready, out = work / f"{tag}.ready", work / f"{tag}.callgrind"
    env = {**os.environ, "PYTHONPATH": str(tree)}
    argv = [
        "valgrind",
        "--tool=callgrind",
        "--instr-atstart=no",
        f"--callgrind-out-file={out}",
        sys.executable,
        str(Path(__file__).resolve()),
        str(path),
        "--child",
        str(ready),
        *what,
    ]
    process = subprocess.Popen(argv, cwd=tree, env=env, stderr=subprocess.DEVNULL)

    def wait_for(flag: Path) -> None:
        while not flag.exists() or not flag.read_text():
            if process.poll() is not None:
                raise SystemExit(f"{tree}: the counted process ended early ({process.returncode})")
            time.sleep(0.2)

    wait_for(ready)
    pid = ready.read_text()
    subprocess.run(["callgrind_control", "-i", "on", pid], check=True, capture_output=True)
    ready.unlink()
    done = ready.with_suffix(".done")
    wait_for(done)
    subprocess.run(["callgrind_control", "-i", "off", pid], check=True, capture_output=True)
    done.unlink()
    process.wait()
    found = _TOTALS.search(out.read_text(errors="replace"))
    if found is None:
        raise SystemExit(f"{tree}: no totals in {out}")
    return int(found.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", help="an export (Jira CSV/JSON, Trello JSON)")
    parser.add_argument(
        "--tree", action="append", type=Path, help="a checkout whose code is counted (repeat)"
    )
    parser.add_argument(
        "--keep",
        type=Path,
        help="a folder to keep each tree's callgrind output in (callgrind_annotate reads it)",
    )
    parser.add_argument(
        "--lines",
        action="store_true",
        help="FILE is a text file of items, one per line: count `classify --file FILE "
        "--format jsonl`'s work (model loaded first, not counted) instead of a scan's",
    )
    parser.add_argument(
        "--scan",
        action="store_true",
        help="count the whole `scan FILE --output report.json` after the imports (read, model "
        "load, classify, analysis, JSON writer) instead of one classify_items",
    )
    parser.add_argument(
        "--read",
        action="store_true",
        help="count the scan's read alone (read_board as scan_file calls it)",
    )
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        child(args.file, args.child, args.lines, args.scan, args.read)
        return
    if shutil.which("valgrind") is None or shutil.which("callgrind_control") is None:
        raise SystemExit("valgrind is not installed (Debian: apt install valgrind)")
    trees = [tree.resolve() for tree in args.tree or [Path.cwd()]]
    flags = (("--lines", args.lines), ("--scan", args.scan), ("--read", args.read))
    what = tuple(flag for flag, given in flags if given)
    path = Path(args.file).resolve()
    with tempfile.TemporaryDirectory() as work, ThreadPoolExecutor(2) as pool:
        tags = [str(n) for n in range(len(trees))]
        counts = list(
            pool.map(
                lambda tree, tag: count(tree, path, Path(work), tag, what),
                trees,
                tags,
            )
        )
        if args.keep is not None:
            args.keep.mkdir(parents=True, exist_ok=True)
            for tag in tags:
                shutil.copy(Path(work) / f"{tag}.callgrind", args.keep / f"{tag}.callgrind")
    first = counts[0]
    for tree, instructions in zip(trees, counts, strict=True):
        print(f"{tree}  {instructions / 1e9:8.3f} G instructions  {instructions / first:6.3f}×")


if __name__ == "__main__":
    main()
