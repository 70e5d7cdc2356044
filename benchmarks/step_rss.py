"""Peak resident memory per pipeline step of one scan, in process (a benchmark helper).

A thread reads ``/proc/self/statm`` every ``--every-ms`` (default 2 ms) while
``scan FILE --output report.json`` runs; the library's steps are wrapped (their module attributes
replaced for this process only, the product is not changed) so each sample is counted against
the innermost step running. Printed per step: RSS when it started, the highest sample while it
was the innermost step running ("own peak") and inside it, nested steps included ("peak"), RSS
when it ended, CPU seconds (nested steps included). The process' ``ru_maxrss`` at the end is
the figure ``bench_offline.py`` reports. A burst shorter than the sampling period can be missed:
the own peaks are a lower bound (``ru_maxrss`` is not).

Run it at 300k or 1M under the lock (``flock /work/bench-big.lock ...``) only::

    python benchmarks/step_rss.py benchmarks/.data/trello-100000-s0-v1.json
    python benchmarks/step_rss.py FILE --json steps.json      # also the rows as JSON
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib
import json
import os
import resource
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial, wraps
from pathlib import Path
from typing import Any

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]

_PAGE_MIB = os.sysconf("SC_PAGE_SIZE") / 2**20

#: (module, attribute, step name): the functions wrapped, where their callers look them up.
#: ``Class.method`` attributes are wrapped on the class.
STEPS: tuple[tuple[str, str, str], ...] = (
    ("connectors.exports", "read_export", "read"),
    ("connectors.mapping.trello", "BoardBuilder.board", "read: board()"),
    ("connectors.mapping.trello_typed", "finish_rows", "read: finish_rows"),
    ("connectors.mapping.trello_typed", "first_and_last_rows", "read: first_and_last_rows"),
    ("connectors.columns", "ActivityColumns.take", "read: columns take"),
    ("connectors.columns", "ActivityColumns.renumber", "read: columns renumber"),
    ("connectors.exports.jira_json", "IssuesBoardBuilder.finish", "read: finish()"),
    ("connectors.mapping.clean", "clean_board", "clean"),
    ("analyzer.pipeline", "_load_with_progress", "model"),
    ("analyzer.pipeline", "classify_items", "classify"),
    ("analyzer.pipeline", "forget_descriptions_of", "classify: forget descriptions"),
    ("analyzer.pipeline", "release_free_memory", "release free memory"),
    ("analyzer.pipeline", "label_activities", "label_activities"),
    ("analyzer.pipeline", "analyse", "balance"),
    ("analyzer.balance", "_count_activities", "balance: count activities"),
    ("analyzer.balance", "_item_results", "balance: item results"),
    ("analyzer.pipeline", "analyze_ownership", "ownership"),
    ("analyzer.ownership", "load_roles", "ownership: roles"),
    ("analyzer.ownership", "build_timeline", "ownership: timeline"),
    ("analyzer.ownership", "people_drift", "ownership: people drift"),
    ("analyzer.ownership", "board_drift", "ownership: board drift"),
    ("analyzer.ownership", "evaluate", "ownership: flags"),
    ("analyzer.pipeline", "apply_to_report", "apply_to_report"),
)


@dataclasses.dataclass
class Step:
    name: str
    calls: int = 0
    start_mib: float = 0.0
    end_mib: float = 0.0
    peak_mib: float = 0.0  # nested steps included
    own_peak_mib: float = 0.0  # while no nested step ran
    cpu_s: float = 0.0


class Sampler:
    """RSS sampled by a thread; each sample counted against the steps running."""

    def __init__(self, every_s: float = 0.002) -> None:
        self.every_s = every_s
        self.steps: dict[str, Step] = {}
        self.stack: list[Step] = []
        self.samples = 0
        self._stop = threading.Event()
        self._fd = os.open("/proc/self/statm", os.O_RDONLY)
        self._thread = threading.Thread(target=self._run, daemon=True)

    def rss_mib(self) -> float:
        # (pread: the sampling thread and the steps read it at once, with no shared offset)
        return int(os.pread(self._fd, 128, 0).split()[1]) * _PAGE_MIB

    def _note(self, mib: float) -> None:
        stack = self.stack[:]  # (the main thread changes it)
        for step in stack:
            step.peak_mib = max(step.peak_mib, mib)
        if stack:
            stack[-1].own_peak_mib = max(stack[-1].own_peak_mib, mib)

    def _run(self) -> None:
        while not self._stop.wait(self.every_s):
            self._note(self.rss_mib())
            self.samples += 1

    def __enter__(self) -> Sampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        os.close(self._fd)

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        step = self.steps.get(name)
        if step is None:
            step = self.steps[name] = Step(name)
        first = step.calls == 0
        step.calls += 1
        mib, cpu = self.rss_mib(), time.process_time()
        if first:
            step.start_mib = mib
        self._note(mib)
        self.stack.append(step)
        try:
            yield
        finally:
            mib = self.rss_mib()
            self._note(mib)
            self.stack.pop()
            step.end_mib = mib
            step.cpu_s += time.process_time() - cpu

    def wrap(self, function: Callable[..., Any], name: str) -> Callable[..., Any]:
        @wraps(function)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            with self.step(name):
                return function(*args, **kwargs)

        return wrapped


def install(sampler: Sampler, steps: tuple[tuple[str, str, str], ...] = STEPS) -> None:
    """Wrap each step's function (missing modules or attributes are skipped), and each flag's
    check as ``flag: CODE``."""
    for module_name, attribute, name in steps:
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        owner: Any = module
        *path, last = attribute.split(".")
        for part in path:
            owner = getattr(owner, part, None)
        if owner is None or not hasattr(owner, last):
            continue
        setattr(owner, last, sampler.wrap(getattr(owner, last), name))
    flags = importlib.import_module("analyzer.flags")
    flags.FINDINGS = tuple(
        dataclasses.replace(f, check=sampler.wrap(f.check, f"flag: {f.code}"))
        for f in flags.FINDINGS
    )


def measure(path: Path, every_s: float) -> tuple[list[Step], dict[str, float]]:
    from analyzer.formats import get_format
    from analyzer.output import write_output
    from analyzer.pipeline import scan_file

    sampler = Sampler(every_s)
    install(sampler)
    start_mib = sampler.rss_mib()
    cpu = time.process_time()
    with sampler:
        with sampler.step("scan_file"):
            report = scan_file(path)
        with (
            tempfile.TemporaryDirectory(prefix="step-rss-") as tmp,
            sampler.step("render (JSON written)"),
        ):
            out = Path(tmp) / "report.json"
            write_output(out, partial(get_format("json", width=100).write, report))
    totals = {
        "start_mib": round(start_mib),
        "cpu_s": round(time.process_time() - cpu, 2),
        "ru_maxrss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "samples": sampler.samples,
    }
    return list(sampler.steps.values()), totals


def table(steps: list[Step], totals: dict[str, float]) -> str:
    head = ("start", "own peak", "peak", "end", "CPU s")
    lines = [f"{'step':<34} {'calls':>5} " + " ".join(f"{h:>{max(7, len(h))}}" for h in head)]
    for s in steps:
        lines.append(
            f"{s.name:<34} {s.calls:>5} {s.start_mib:>7.0f} {s.own_peak_mib:>9.0f} "
            f"{s.peak_mib:>7.0f} {s.end_mib:>7.0f} {s.cpu_s:>7.2f}"
        )
    lines.append(
        f"(MiB; start of the process {totals['start_mib']}, ru_maxrss {totals['ru_maxrss_mib']}, "
        f"{totals['cpu_s']} CPU s, {totals['samples']} samples)"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--every-ms", type=float, default=2.0)
    parser.add_argument("--json", type=Path, help="also write the rows here")
    args = parser.parse_args(argv)
    steps, totals = measure(args.file, args.every_ms / 1000)
    print(table(steps, totals))
    if args.json:
        rows = [dataclasses.asdict(s) for s in steps]
        args.json.write_text(json.dumps({"steps": rows, **totals}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
