"""Run every benchmark and print one table: offline scan per size, classifier throughput, live sync.

    python benchmarks/run.py                      # 10k and 100k offline, classifier, live 5 000
    python benchmarks/run.py --sizes 10k          # quicker
    python benchmarks/run.py --all                # adds 1M items (≈ 7 GB of generated exports)
    python benchmarks/run.py --skip live          # any of: offline, classifier, live

Generated exports are cached in ``benchmarks/.data/`` (delete it to regenerate). Targets checked:
1M items < 60 s and < 2 GB; 100k → 1M ≤ 11×; classification ≥ 50 000 items/s; live ≥ 90 % of the
rate-limit ceiling with no lost item; incremental 1 % ≈ 1 % of a full sync.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]

import bench_live  # noqa: E402
import bench_offline  # noqa: E402

ENV = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem = next(
            int(line.split()[1]) // 1024
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
    except (OSError, StopIteration):
        mem = 0
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"{os.cpu_count()} CPUs ({cpu}), {mem / 1024:.1f} GiB RAM, Python "
        f"{platform.python_version()}, load average {load}, "
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC"
    )


def classifier(items: int) -> dict:
    proc = subprocess.run(
        [sys.executable, str(HERE / "bench_classifier.py"), "--items", str(items)],
        capture_output=True,
        text=True,
        env=ENV,
        check=False,
    )
    rates = dict(re.findall(r"^(predict[^:]*): ([\d,]+) items/s", proc.stdout, re.M))
    if proc.returncode != 0 or not rates:
        return {"error": (proc.stderr or proc.stdout).strip().splitlines()[-1:]}
    return {name: int(value.replace(",", "")) for name, value in rates.items()}


def live(items: str, latency: float) -> list[dict]:
    proc = subprocess.run(
        [sys.executable, str(HERE / "bench_live.py"), "--items", items, "--latency", str(latency),
         "--json"],
        capture_output=True, text=True, env=ENV, check=False,
    )  # fmt: skip
    if proc.returncode != 0:
        return [{"source": "live", "phase": "failed: " + proc.stderr.strip()[-300:]}]
    return [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]


def verdicts(offline: list[dict], rates: dict, live_rows: list[dict]) -> list[str]:
    out = []
    by = {(r["format"], r["items"]): r for r in offline if "error" not in r}
    out += [f"{r['format']} {r['items']:,}: {r['error']}" for r in offline if "error" in r]
    for (fmt, n), r in sorted(by.items()):
        if n >= 1_000_000:
            ok = r["wall_s"] < 60 and r["peak_rss_mb"] < 2048
            out.append(
                f"{fmt} 1M: {r['wall_s']} s, {r['peak_rss_mb']} MB "
                f"({'meets' if ok else 'misses'} < 60 s and < 2 GB)"
            )
            small = by.get((fmt, n // 10))
            if small:
                ratio = r["wall_s"] / small["wall_s"]
                out.append(f"{fmt} 100k → 1M: {ratio:.1f}× ({'≤' if ratio <= 11 else '>'} 11×)")
    if "predict_proba" in rates:
        for name, value in rates.items():
            ok = "meets" if value >= 50_000 else "misses"
            out.append(f"classifier {name}: {value:,} items/s ({ok} ≥ 50 000)")
    for r in live_rows:
        if r.get("phase") == "full":
            out.append(
                f"live {r['source']}: {r['of_ceiling_pct']} % of the rate-limit ceiling "
                f"({r['items_per_s']} of {r['ceiling_items_per_s']} items/s; one request at a time "
                f"allows {r.get('serial_bound_items_per_s')}), "
                f"{r['throttled_429']} 429s, busiest window {r['busiest_window']} "
                f"(limit {r['limit']}), {r.get('lost_items')} lost"
            )
        elif r.get("vs_full"):
            out.append(f"live {r['source']} incremental 1 %: {r['vs_full']} of the full sync")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10k,100k", help="offline sizes, e.g. 10k,100k")
    parser.add_argument("--all", action="store_true", help="also 1M items offline")
    parser.add_argument("--formats", default="trello,jira-json,jira-csv")
    parser.add_argument("--classifier-items", type=int, default=50_000)
    parser.add_argument("--live-items", default="5000")
    parser.add_argument("--latency", type=float, default=0.1)
    parser.add_argument("--skip", default="", help="comma list: offline, classifier, live")
    args = parser.parse_args(argv)
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    if args.all and "1M" not in sizes:
        sizes.append("1M")
    print(machine(), flush=True)
    offline: list[dict] = []
    if "offline" not in skip:
        from generate import parse_size

        for size in sizes:
            for fmt in args.formats.split(","):
                offline.append(bench_offline.run_one(fmt.strip(), parse_size(size)))
                print(bench_offline.table(offline[-1:]).splitlines()[-1], flush=True)
        print("\nOffline scan (seconds per stage; peak RSS of the process)")
        print(bench_offline.table(offline))
    rates: dict = {}
    if "classifier" not in skip:
        rates = classifier(args.classifier_items)
        print(f"\nClassifier, {args.classifier_items} items, one core: {rates}")
    live_rows: list[dict] = []
    if "live" not in skip:
        live_rows = live(args.live_items, args.latency)
        print(f"\nLive sync, {args.live_items} items, {args.latency * 1000:.0f} ms per request")
        print(bench_live.table(live_rows))
    print("\nTargets")
    for line in verdicts(offline, rates, live_rows):
        print("  " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
