"""The fuzz suite (tests/test_fuzz_readers.py) run long: many random examples instead of CI's few.

    .venv/bin/python benchmarks/fuzz_long.py [--examples N]   # default 2000 per property

Generated hostile Trello/Jira JSON and Jira CSV exports through every reader and report format
(and import + report); each must give a report or one line with exit 2. Examples are random on
every run (CI's are fixed); a failure prints the shrunk example to reproduce. Exit code: pytest's.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=2000, help="examples per property")
    args = parser.parse_args()
    env = {**os.environ, "FUZZ_EXAMPLES": str(args.examples), "FUZZ_RANDOM": "1"}
    started = time.monotonic()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "--timeout",
            "0",
            "tests/test_fuzz_readers.py",
        ],
        cwd=ROOT,
        env=env,
        check=False,
    )
    print(f"fuzz_long: {args.examples} examples per property, {time.monotonic() - started:.0f} s")
    return done.returncode


if __name__ == "__main__":
    sys.exit(main())
