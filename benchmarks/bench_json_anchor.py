"""The JSON scan targets of issue 16, measured side by side in one run (a benchmark).

For each JSON format and size: the whole scan (``bench_offline.py``'s subprocess under the memory
guard: read, classify, analyse, JSON report) and the anchor, a plain msgspec typed decode of the
fields the analysis uses of the same file (``anchor_json.py``, its own subprocess), each
``--repeat`` times alternately; the table gives the CPU seconds of each, their ratio and the peak
RSS. Targets: scan ≤ 1.5 × anchor and < 2 GB at 1M items (10M activities).

    python benchmarks/bench_json_anchor.py --sizes 100k
    python benchmarks/bench_json_anchor.py --sizes 1M --repeat 1
    python benchmarks/bench_json_anchor.py --sizes 100k --tree /tmp/before   # side by side

``--tree DIR`` (repeatable): the scan of another source tree (e.g. a ``git archive`` of main
before a change) runs right after this tree's, each repeat, against the same anchor run; its
``benchmarks/.data`` must hold the same generated files (a symlink to this tree's: nothing is
generated for it), and its scan runs ``bench_offline.py --one`` without the memory guard.

The anchor reads the whole file into memory (as a script would): at 1M items (≈ 7 GB files) it
needs ≈ 20 GB; ``--anchor-max-mb`` skips it above a file size (the row then says so).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]

JSON_FORMATS = ("trello", "jira-json")
TARGET_RATIO = 1.5
TARGET_PEAK_MB = 2000


def anchor(path: Path, fmt: str) -> dict:
    """``anchor_json.py`` on ``path`` in a subprocess (its own peak RSS)."""
    done = subprocess.run(
        [sys.executable, str(HERE / "anchor_json.py"), str(path), "--format", fmt],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def scan_in_tree(tree: Path, fmt: str, size: int) -> dict:
    """``tree``'s own ``bench_offline.py --one`` (its code, its copy of the files)."""
    done = subprocess.run(
        [sys.executable, str(tree / "benchmarks" / "bench_offline.py"), "--one", fmt, str(size)],
        capture_output=True,
        text=True,
        cwd=tree,
    )
    records = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    result = next((r for r in records if "format" in r), None)
    if done.returncode or result is None:
        last = (done.stderr.strip().splitlines() or [f"exit status {done.returncode}"])[-1]
        return {"error": f"failed in {tree}: {last}"}
    return result


def main(argv: list[str] | None = None) -> int:
    from bench_offline import run_one
    from generate import export_file, parse_size

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100k")
    parser.add_argument("--formats", default=",".join(JSON_FORMATS))
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--anchor-max-mb", type=float, default=4000.0)
    parser.add_argument("--json", action="store_true", help="also print the rows as JSON")
    parser.add_argument(
        "--tree", action="append", type=Path, default=[], help="another source tree (see above)"
    )
    args = parser.parse_args(argv)
    trees = [tree.resolve() for tree in args.tree]
    rows = []
    for size in (parse_size(s) for s in args.sizes.split(",")):
        for fmt in (f.strip() for f in args.formats.split(",") if f.strip()):
            path = export_file(fmt, size)
            mb = path.stat().st_size / 1e6
            for tree in trees:
                if not (tree / "benchmarks" / ".data" / path.name).is_file():
                    parser.error(
                        f"{tree}/benchmarks/.data has no {path.name} (link it to this one's)"
                    )
            for _ in range(args.repeat):
                scans = [("", run_one(fmt, size))]
                scans += [(tree.name, scan_in_tree(tree, fmt, size)) for tree in trees]
                base = anchor(path, fmt) if mb <= args.anchor_max_mb else None
                for tree_name, scan in scans:
                    row = {
                        "format": fmt,
                        "items": size,
                        "file_mb": round(mb, 1),
                        "scan_cpu_s": scan.get("cpu_s"),
                        "scan_peak_mb": scan.get("peak_rss_mb"),
                        "scan_stages": scan.get("stages_cpu_s"),
                        "anchor_cpu_s": base and base["cpu_s"],
                        "anchor_peak_mb": base and base["peak_mib"],
                        "error": scan.get("error"),
                    }
                    if trees:
                        row["tree"] = tree_name or "(this tree)"
                    if base and row["scan_cpu_s"]:
                        row["ratio"] = round(row["scan_cpu_s"] / base["cpu_s"], 2)
                    rows.append(row)
                    print(_line(row), flush=True)
    if args.json:
        print(json.dumps(rows))
    return 0


def _line(row: dict) -> str:
    tree = f"[{row['tree']}] " if "tree" in row else ""
    if row.get("error"):
        return f"{tree}{row['format']:<10} {row['items']:>9,} scan {row['error']}"
    anchor_text = (
        f"anchor {row['anchor_cpu_s']:>6} CPU s ({row['anchor_peak_mb']} MiB)"
        if row["anchor_cpu_s"] is not None
        else "anchor skipped (file above --anchor-max-mb)"
    )
    ratio = row.get("ratio")
    verdict = ""
    if ratio is not None:
        met = ratio <= TARGET_RATIO and row["scan_peak_mb"] < TARGET_PEAK_MB
        verdict = f"ratio {ratio:>5} ({'met' if met else 'missed'}: ≤ {TARGET_RATIO}, < 2 GB)"
    return (
        f"{tree}{row['format']:<10} {row['items']:>9,} {row['file_mb']:>8} MB  "
        f"scan {row['scan_cpu_s']:>6} CPU s ({row['scan_peak_mb']} MiB) {row['scan_stages']}  "
        f"{anchor_text}  {verdict}"
    )


if __name__ == "__main__":
    sys.exit(main())
