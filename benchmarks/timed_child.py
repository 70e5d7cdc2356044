"""One command in a child process, timed as the benchmarks that run the CLI as a user does
(``bench_csv_scale``, ``bench_classify_stream``) report it: the child's own CPU seconds (user +
system) and peak RSS, from ``os.wait4``."""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Mapping
from pathlib import Path


def timed_child(
    argv: list[str], cwd: Path, env: Mapping[str, str]
) -> tuple[float, float, float, int]:
    """(CPU s, wall s, peak MiB, exit code) of ``argv`` run in ``cwd`` with ``env``, its standard
    output thrown away."""
    start = time.perf_counter()
    child = subprocess.Popen(argv, cwd=cwd, env=dict(env), stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    return usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss / 1024, child.returncode
