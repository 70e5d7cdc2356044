"""Offline scan cost per size and format: read the export, classify, analyse, render (a benchmark).

Each (format, size) runs in its own subprocess so its peak RSS (``ru_maxrss``) is its own; the
stages are the library's own functions, timed one by one:

* ``read``: ``connectors.exports.read_export`` (detect, parse, map to a Board);
* ``model``: loading the bundled classifier;
* ``classify``: ``analyzer.pipeline.classify_items``;
* ``analyse``: role balance + ownership (roles, windows, drift, flags);
* ``render``: the JSON report (``analyzer.formats.json``).

It is what ``backlog-analyzer scan FILE --format json`` does: ``analyzer.pipeline.scan_file``
timed through its progress callback.

numpy/BLAS threads are pinned to 1 (one core).

    python benchmarks/bench_offline.py --sizes 10k,100k --formats trello,jira-json
    python benchmarks/bench_offline.py --one trello 10000   # one measurement, JSON on stdout
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]

STAGES = ("read", "model", "classify", "analyse", "render")


def _rss_mb() -> float:
    """Current resident set size of this process, in MB."""
    with open("/proc/self/statm") as handle:
        pages = int(handle.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


def measure(fmt: str, count: int, seed: int = 0) -> dict:
    """``analyzer.pipeline.scan_file`` on one generated export, in this process.

    Stage times come from the pipeline's progress callback: ``read`` until the model starts
    loading, ``model`` until classification starts, ``classify`` until its last batch, ``analyse``
    until ``scan_file`` returns; ``render`` is the JSON report. Times in seconds, RSS in MB.
    """
    from generate import export_file

    from analyzer.formats import get_format
    from analyzer.pipeline import scan_file

    path = export_file(fmt, count, seed)  # generated (or reused) before the clock starts
    marks: list[tuple[str, float, float, float]] = []  # (stage that ended, wall, CPU, RSS)

    def on_progress(stage: str, done: int, total: int) -> None:
        ended = {("model", 0): "read", ("classify", 0): "model"}.get((stage, done))
        if stage == "classify" and done == total and done:
            ended = "classify"
        if ended:
            marks.append((ended, time.perf_counter(), time.process_time(), _rss_mb()))

    base_rss = _rss_mb()
    start, start_cpu = time.perf_counter(), time.process_time()
    report = scan_file(path, on_progress=on_progress)
    marks.append(("analyse", time.perf_counter(), time.process_time(), _rss_mb()))
    text = get_format("json").render(report)
    marks.append(("render", time.perf_counter(), time.process_time(), _rss_mb()))
    times, cpu, rss, previous, previous_cpu = {}, {}, {}, start, start_cpu
    for stage, when, when_cpu, mb in marks:
        times[stage] = round(when - previous, 2)
        cpu[stage] = round(when_cpu - previous_cpu, 2)
        rss[stage] = round(mb)
        previous, previous_cpu = when, when_cpu
    summary = report.summary
    return {
        "format": fmt,
        "items": summary.items.total,
        "activities": summary.total_activities,
        "file_mb": round(path.stat().st_size / 1e6, 1),
        "wall_s": round(previous - start, 2),
        "cpu_s": round(previous_cpu - start_cpu, 2),
        "stages_s": times,
        "stages_cpu_s": cpu,
        "rss_after_mb": rss,
        "base_rss_mb": round(base_rss),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "report_kb": round(len(text) / 1024),
        "skipped": summary.skipped,
    }


#: Peak RSS per item measured at 100k (2026-11-23): JSON exports ~34 KB, a Jira CSV ~15 KB.
PEAK_KB_PER_ITEM = {"trello": 34, "jira-json": 34, "jira-csv": 15}


def _available_mb() -> float:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("inf")


def run_one(fmt: str, count: int, seed: int = 0, timeout: float | None = None) -> dict:
    """:func:`measure` in a fresh subprocess (its own peak RSS); generation happens first.

    A size whose expected peak memory exceeds 80 % of the available RAM is not run (it would
    swap or be killed, and take the machine's other work with it); the row says why.
    """
    from generate import export_file

    needed = PEAK_KB_PER_ITEM.get(fmt, 34) * count / 1024
    if needed > 0.8 * _available_mb():
        reason = (
            f"not run: needs ~{needed / 1024:.0f} GB, {_available_mb() / 1024:.0f} GB available"
        )
        return {"format": fmt, "items": count, "error": reason}

    export_file(fmt, count, seed)
    proc = subprocess.run(
        [sys.executable, __file__, "--one", fmt, str(count), "--seed", str(seed)],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if proc.returncode != 0:
        last = (proc.stderr.strip().splitlines() or [f"exit status {proc.returncode}"])[-1]
        return {"format": fmt, "items": count, "error": f"failed: {last}"}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def table(rows: list[dict]) -> str:
    head = (
        f"{'format':<10} {'items':>9} {'acts':>10} {'file MB':>8} {'wall s':>7} {'CPU s':>7} "
        f"{'peak MB':>8}  " + " ".join(f"{s:>8}" for s in STAGES)
    )
    lines = [head, "-" * len(head)]
    for r in rows:
        if "error" in r:
            lines.append(f"{r['format']:<10} {r['items']:>9,} {r['error']}")
            continue
        lines.append(
            f"{r['format']:<10} {r['items']:>9,} {r['activities']:>10,} {r['file_mb']:>8} "
            f"{r['wall_s']:>7} {r['cpu_s']:>7} {r['peak_rss_mb']:>8}  "
            + " ".join(f"{r['stages_cpu_s'].get(s, 0):>8}" for s in STAGES)
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    from generate import FORMATS, parse_size

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10k,100k")
    parser.add_argument("--formats", default="trello,jira-json,jira-csv")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--one", nargs=2, metavar=("FORMAT", "ITEMS"), help=argparse.SUPPRESS)
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(measure(args.one[0], int(args.one[1]), args.seed)))
        return 0
    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    for fmt in formats:
        if fmt not in FORMATS:
            parser.error(f"unknown format {fmt!r}; known: {', '.join(FORMATS)}")
    rows = []
    for size in (parse_size(s) for s in args.sizes.split(",")):
        for fmt in formats:
            rows.append(run_one(fmt, size, args.seed))
            print(json.dumps(rows[-1]) if args.json else table(rows[-1:]).splitlines()[-1])
    if not args.json:
        print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
