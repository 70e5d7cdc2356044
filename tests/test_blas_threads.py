"""The command line runs BLAS on one thread unless the user chose a thread count (spinning idle
OpenBLAS threads doubled ``classify --file``'s CPU seconds on two cores, for the same wall time)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from _backlog_analyzer_runtime.blas_threads import CHOSEN, SET, one_blas_thread

ROOT = Path(__file__).resolve().parent.parent


def test_nothing_chosen_sets_every_blas_library_to_one_thread() -> None:
    environ = {"PATH": "/bin"}
    assert one_blas_thread(environ) is True
    assert environ == {"PATH": "/bin", **{name: "1" for name in SET}}


@pytest.mark.parametrize("chosen", CHOSEN)
def test_a_users_choice_is_left_alone(chosen: str) -> None:
    environ = {chosen: "4"}
    assert one_blas_thread(environ) is False
    assert environ == {chosen: "4"}


def test_an_empty_value_is_no_choice() -> None:
    environ = {"OMP_NUM_THREADS": ""}
    assert one_blas_thread(environ) is True
    assert environ["OPENBLAS_NUM_THREADS"] == "1"


_PROBE = """
import os
import analyzer.cli  # the entry point: what `backlog-analyzer` imports first
import numpy
from threadpoolctl import threadpool_info
blas = [pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"]
print(os.environ.get("OPENBLAS_NUM_THREADS"), max(blas) if blas else "none")
"""


def _probe(**chosen: str) -> list[str]:
    pytest.importorskip("threadpoolctl")
    env = {key: value for key, value in os.environ.items() if key not in CHOSEN}
    env.update(chosen, PYTHONPATH=str(ROOT))
    done = subprocess.run(
        [sys.executable, "-c", _PROBE], env=env, capture_output=True, text=True, check=True
    )
    return done.stdout.split()


def test_the_cli_loads_numpy_with_one_blas_thread() -> None:
    variable, threads = _probe()
    assert variable == "1"
    assert threads in ("1", "none")


def test_the_cli_keeps_the_users_thread_count() -> None:
    variable, _ = _probe(OPENBLAS_NUM_THREADS="2")
    assert variable == "2"
