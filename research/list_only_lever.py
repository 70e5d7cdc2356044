"""Session 14 (issue 12): the list-name-alone rule (``models.rules.LIST_ONLY_RULE``) on the
dev halves (fresh6-dev since session 15, fresh7-dev since 16, fresh8-dev since 17, fresh9-dev
since 19) with
the shipped model — 0 (off), 1 (no known word, at most ``LIST_ONLY_MAX_WORDS`` words), 2 (no
known word), 3 (also the words' own evidence below ``MIN_STRATEGIC_EVIDENCE``). Prints each
half's summary lines per variant. Dev halves only (never a ``*-test`` half); needs
../shared/realdata and /work/freshdata*.

    python -m research.list_only_lever [--variants 0,1,2]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import benchmarks.bench_real_boards as bench  # noqa: E402
import models.classifier as classifier  # noqa: E402
import models.rules as rules  # noqa: E402
from research import halves  # noqa: E402

#: (data folder or None for ../shared/realdata, labels or None, dev split)
HALVES = (
    (None, None, "dev"),
    *((str(data), labels.name, half) for half, data, labels in halves.HALVES[1:]),
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variants", default="0,1,2,3")
    parser.add_argument("--errors", action="store_true")
    args = parser.parse_args(argv)
    for variant in (int(v) for v in args.variants.split(",")):
        for module in (rules, classifier):
            module.LIST_ONLY_RULE = variant
        for data, labels, split in HALVES:
            argv_ = ["--split", split] + (["--errors"] if args.errors else [])
            if data:
                argv_ += ["--data", data, "--labels", str(ROOT / "models" / "eval" / labels)]
            buf = io.StringIO()
            with contextlib.redirect_stdout(buf):
                bench.main(argv_)
            for line in buf.getvalue().splitlines():
                if (
                    line.startswith(f"[{split}]")
                    and (
                        "macro-F1" in line
                        and "items" in line
                        or "called" in line
                        or "share error" in line
                    )
                    or line.startswith(f"  {split} error")
                ):
                    print(f"LIST_ONLY_RULE={variant} {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
