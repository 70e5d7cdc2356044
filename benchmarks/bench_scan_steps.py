"""CPU seconds and RSS per step of one ``scan`` in this process (a benchmark, issue 16).

Wraps the names ``analyzer.pipeline`` calls (the read, ``clean_board``, the model's loading,
``classify_items`` with the descriptions forgotten inside it, ``label_activities``, ``analyse``,
``analyze_ownership``) with a CPU clock, then writes the JSON report as ``--output`` does. Each
step's line gives its CPU seconds, the RSS when it ended and the process' high-water mark
then (``VmRSS``/``VmHWM``, MiB). numpy/BLAS and polars are pinned to one thread. Run files of
300k items or more under the team's lock:

    python benchmarks/bench_scan_steps.py benchmarks/.data/jira-csv-100000-s0-v1.csv
    flock /work/bench-big.lock python benchmarks/bench_scan_steps.py FILE --output /tmp/r.json
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from functools import partial
from pathlib import Path

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "POLARS_MAX_THREADS"):
    os.environ.setdefault(_var, "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

STEPS = (
    "read_board",
    "clean_board",
    "_load_with_progress",
    "forget_descriptions_of",
    "classify_items",
    "release_free_memory",
    "label_activities",
    "analyse",
    "analyze_ownership",
    "apply_to_report",
)


def _memory() -> tuple[int, int]:
    """(VmRSS, VmHWM) of this process in MiB."""
    with open("/proc/self/status") as handle:
        fields = dict(line.split(":", 1) for line in handle)
    return int(fields["VmRSS"].split()[0]) // 1024, int(fields["VmHWM"].split()[0]) // 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path, help="an export to scan")
    parser.add_argument("--output", type=Path, default=Path(os.devnull), help="JSON report")
    args = parser.parse_args(argv)

    import analyzer.pipeline as pipeline
    from analyzer.formats import get_format
    from analyzer.output import write_output

    cpu: dict[str, float] = {}
    memory: dict[str, tuple[int, int]] = {}

    def timed(name: str) -> None:
        step = getattr(pipeline, name)

        def wrapper(*args: object, **kwargs: object) -> object:
            start = time.process_time()
            try:
                return step(*args, **kwargs)
            finally:
                cpu[name] = cpu.get(name, 0.0) + time.process_time() - start
                memory[name] = _memory()

        setattr(pipeline, name, wrapper)

    for name in STEPS:
        timed(name)
    start = time.process_time()
    report = pipeline.scan_file(args.file, on_progress=lambda *_: None)
    scanned = time.process_time()
    write_output(args.output, partial(get_format("json", width=100).write, report))
    cpu["render"], memory["render"] = time.process_time() - scanned, _memory()
    for name in (*STEPS, "render"):
        if name in cpu:
            rss, peak = memory[name]
            print(f"{name:24s} {cpu[name]:8.3f} CPU s   RSS {rss:5d} MiB   peak {peak:5d} MiB")
    print(f"{'scan + render':24s} {time.process_time() - start:8.3f} CPU s")
    print("(classify_items includes forget_descriptions_of)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
