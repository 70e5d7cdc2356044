"""Classification throughput of the bundled role model (a benchmark, not a test).

Items have a title and a description of up to 500 characters, and half have an issue type; they
are built from the evaluation set's texts so the vocabulary hit rate is realistic. Reports
items/s for ``predict_proba`` (labels and probabilities) and for ``predict`` (plus reasons and
nearest phrase), on one core (numpy/BLAS threads pinned to 1 by the environment variables below).

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


def rate(fn, items: list[ItemDoc], repeats: int = 3) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        for i in range(0, len(items), BATCH):
            fn(items[i : i + BATCH])
        best = min(best, time.perf_counter() - start)
    return len(items) / best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=50_000)
    args = parser.parse_args()
    model = load_model()
    items = make_items(args.items)
    chars = sum(len(d.title) + len(d.description) for d in items) / len(items)
    print(f"{len(items)} items, mean {chars:.0f} characters, batches of {BATCH}")
    print(f"predict_proba: {rate(model.predict_proba, items):,.0f} items/s")
    print(f"predict (with reasons): {rate(model.predict, items):,.0f} items/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
