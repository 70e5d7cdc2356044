"""The CLI as a child process, for kill / Ctrl-C / resume tests, without races on a busy machine.

* :func:`spawn` starts ``python -m analyzer.cli ...`` so that SIGINT reaches it as Ctrl-C even
  when the test run itself ignores SIGINT (a background job of a non-interactive shell, e.g.
  ``pytest &`` or some CI steps, inherits SIGINT ignored, and Python then leaves it ignored in
  every child: a "Ctrl-C" would do nothing).
* :func:`wait_until` waits for a state (a request seen, rows saved), never for an amount of time;
  its timeout is only a ceiling for a test that would otherwise hang.
* :func:`stored_rows` counts rows of the child's SQLite store from outside, read-only.
"""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from contextlib import closing
from pathlib import Path

__all__ = ["spawn", "stored_rows", "wait_until"]


def spawn(args: Sequence[str], env: Mapping[str, str]) -> subprocess.Popen[bytes]:
    """``python -m analyzer.cli *args`` with stdout/stderr piped and SIGINT as Python's default."""
    command = [sys.executable, "-m", "analyzer.cli", *args]
    # A handled signal is reset to the default at exec; an ignored one stays ignored.
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        return subprocess.Popen(
            command, env=dict(env), stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
    finally:
        signal.signal(signal.SIGINT, previous)


def wait_until(
    condition: Callable[[], bool],
    what: str,
    *,
    proc: subprocess.Popen | None = None,
    ceiling: float = 120.0,
) -> None:
    """Poll ``condition`` until true; fail (naming ``what``) if ``proc`` ends first or at the
    ceiling, which only stops a broken test from hanging (a loaded machine is slow, not wrong)."""
    deadline = time.monotonic() + ceiling
    while not condition():
        if proc is not None and proc.poll() is not None:
            _, err = proc.communicate()
            raise AssertionError(f"the CLI ended ({proc.returncode}) before {what}: {err!r}")
        if time.monotonic() > deadline:
            raise AssertionError(f"still waiting after {ceiling:.0f} s for {what}")
        time.sleep(0.02)


def stored_rows(db: Path, table: str) -> int:
    """Rows in ``table`` of the store at ``db`` as committed now (0 while it is not there yet)."""
    if not db.exists():
        return 0
    try:
        with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)) as conn:
            return conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]  # noqa: S608
    except sqlite3.Error:  # being created, or its schema not written yet
        return 0
