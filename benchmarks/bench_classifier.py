"""Classification throughput of the bundled role model (a benchmark, not a test).

Items have a title and a description of up to 500 characters, and half have an issue type; they
are built from the evaluation set's texts so the vocabulary hit rate is realistic. Reports
items/s for ``predict_proba`` (labels and probabilities) and for ``predict`` (plus reasons and
nearest phrase; once more with the cyclic GC paused, as ``scan`` runs it), on one core (numpy/BLAS
threads pinned to 1 by the environment variables below), by wall time and by CPU time.

    OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 python benchmarks/bench_classifier.py [--items N]
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analyzer.pipeline import bulk_work  # noqa: E402
from models.classifier import load_model  # noqa: E402
from models.interface import ItemDoc  # noqa: E402

EVAL = Path(__file__).resolve().parents[1] / "models" / "eval" / "items.csv"
BATCH = 2048  # what analyzer.pipeline uses


def make_items(n: int, seed: int = 0) -> list[ItemDoc]:
    with EVAL.open(newline="", encoding="utf-8") as handle:
        texts = [row["text"] for row in csv.DictReader(handle)]
    rng = random.Random(seed)
    types = ["Story", "Bug", "Task", "Epic", None, None, None, None]
    items = []
    for _ in range(n):
        description = " ".join(rng.sample(texts, 8))[: rng.randint(0, 500)]
        items.append(ItemDoc(rng.choice(texts), description, rng.choice(types)))
    return items


def rate(fn, items: list[ItemDoc], repeats: int = 3) -> tuple[float, float]:
    """Best of ``repeats`` runs: items/s of wall time and of this process's CPU time (the
    machine's cores are shared with other jobs, so CPU time is the steadier of the two)."""
    wall = cpu = float("inf")
    for _ in range(repeats):
        start, start_cpu = time.perf_counter(), time.process_time()
        for i in range(0, len(items), BATCH):
            fn(items[i : i + BATCH])
        wall = min(wall, time.perf_counter() - start)
        cpu = min(cpu, time.process_time() - start_cpu)
    return len(items) / wall, len(items) / cpu


def show(name: str, rates: tuple[float, float]) -> None:
    print(f"{name}: {rates[0]:,.0f} items/s (CPU time: {rates[1]:,.0f} items/s)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=50_000)
    args = parser.parse_args()
    model = load_model()
    items = make_items(args.items)
    chars = sum(len(d.title) + len(d.description) for d in items) / len(items)
    print(f"{len(items)} items, mean {chars:.0f} characters, batches of {BATCH}")
    show("predict_proba", rate(model.predict_proba, items))
    show("predict (with reasons)", rate(model.predict, items))
    with bulk_work():  # how scan classifies: the cyclic GC paused (analyzer/pipeline.py)
        show("predict (with reasons, GC paused as in scan)", rate(model.predict, items))
    return 0


if __name__ == "__main__":
    sys.exit(main())
