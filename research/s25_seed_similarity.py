"""Session 25 (issue 12): does an item's similarity to the strategic seed phrases find the
strategic items the words leave just under the line? Measured on the **dev** halves only (real
``dev``, ``fresh-dev`` … ``fresh10-dev``; never a ``*-test`` half), over the bundled model and the
eight template draws of ``research.real_dev_sweep``.

Session 24 built an output-distilled static table of all-MiniLM-L6-v2 (``research/s24_distil.py``,
kept in /tmp, never the repository) and found it lifts the dev misses' *ranking* when stacked as
features but lowers real dev macro-F1. It named two uses it did not measure; this script measures
the first: per item, its **seed margin** — the best cosine of its vector (title and the first 600
characters of its description, :class:`research.s24_distil.Table`) to the strategic seed phrases
of ``models/data/phrases.csv`` minus its best cosine to the tactical ones — used two ways on top of
each model's scan:

- a **gate**: an item the scan does not read strategic whose strategic probability (the scan's,
  or read again with the direction holds lifted, as ``research.s24_cues`` does) is at least
  ``lo`` and whose margin is at least ``tau`` is called strategic;
- a **feature**: the scan's strategic log-odds shifted by ``w × (margin − c)`` for every item, the
  label then read at the report's threshold (0.6; below it ``uncertain``).

Scored as session 23 scored its levers: found (strategic by the labels) and false calls summed
over the models and halves, and macro-F1 per half (``uncertain`` counted wrong).

    python -m research.s25_seed_similarity --table /tmp/s24-distil/table.npz [--seeds 12,1,…]
        [--cache DIR] [--dims 64] [--sif 1e-4]

Prints item ids only, never a title.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import sys
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.bench_real_boards import macro_f1  # noqa: E402

PHRASES = ROOT / "models" / "data" / "phrases.csv"
THRESHOLD = 0.6  # the report's: below it an item is ``uncertain``


def seed_phrases(path: Path = PHRASES) -> tuple[list[str], list[str]]:
    """(strategic, tactical) texts of the seed phrases (other roles' phrases left out)."""
    strategic: list[str] = []
    tactical: list[str] = []
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            {"strategic": strategic, "tactical": tactical}.get(row["label"], []).append(row["text"])
    return strategic, tactical


def margins(items: np.ndarray, strategic: np.ndarray, tactical: np.ndarray, top: int = 1):
    """Per item row (unit vectors), the mean of its ``top`` best cosines to the strategic rows
    minus the same to the tactical rows; an all-zero row (no word read) gets 0."""
    s = np.sort(items @ strategic.T, axis=1)[:, -top:].mean(axis=1)
    t = np.sort(items @ tactical.T, axis=1)[:, -top:].mean(axis=1)
    out = s - t
    out[~items.any(axis=1)] = 0.0
    return out


def _logit(p: float) -> float:
    p = min(max(p, 1e-9), 1.0 - 1e-9)
    return math.log(p / (1.0 - p))


def _label(p: float) -> str:
    if p >= THRESHOLD:
        return "strategic"
    if 1.0 - p >= THRESHOLD:
        return "tactical"
    return "uncertain"


Lever = Callable[[dict], str]


def gate(reading: str, lo: float, tau: float, key: str = "margin") -> Lever:
    """An item not read strategic, its ``reading`` (``p``: the scan's, ``lifted``: holds lifted)
    at least ``lo`` and its margin at least ``tau``: strategic; every other item as scanned."""

    def lever(r: dict) -> str:
        if r["label"] != "strategic" and r.get(reading, r["p"]) >= lo and r[key] >= tau:
            return "strategic"
        return r["label"]

    return lever


def shift(w: float, c: float, key: str = "margin") -> Lever:
    """Every item's strategic log-odds moved by ``w × (margin − c)``, read at the threshold."""

    def lever(r: dict) -> str:
        return _label(1.0 / (1.0 + math.exp(-(_logit(r["p"]) + w * (r[key] - c)))))

    return lever


def score(rows: Sequence[dict], lever: Lever) -> dict:
    """found / false calls beyond the scan's, and macro-F1 per half (pooled over models)."""
    found = lost = false = 0
    pairs: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for r in rows:
        label = lever(r)
        was = r["label"] == "strategic"
        now = label == "strategic"
        if r["true"] == "strategic":
            found += now and not was
            lost += was and not now
        else:
            false += now - was
        pairs[(r["model"], r["half"])].append((r["true"], label))
    f1: dict[str, list[float]] = defaultdict(list)
    for (_, half), p in pairs.items():
        f1[half].append(macro_f1(p))
    mean = {half: sum(v) / len(v) for half, v in f1.items()}
    fresh = [v for h, v in mean.items() if h != "dev"]
    return {
        "found": found,
        "lost": lost,
        "false": false,
        "f1": mean,
        "real": mean.get("dev"),
        "fresh": sum(fresh) / len(fresh) if fresh else None,
    }


def scan_rows(model_path: Path | None, name: str) -> list[dict]:
    """One record per dev item of every dev half as ``model_path`` (None: bundled) scans it:
    the scan's label and strategic probability, and for an item not read strategic its
    probability read again with the direction holds lifted."""
    import models._rules_applied as rules_applied
    from analyzer.pipeline import board_prior_of
    from models.interface import ItemDoc
    from research.halves import HALVES, load, scanned_boards

    model = load(model_path)
    rows = []
    for half, data, labels in HALVES:
        if not data.is_dir():
            continue
        for scanned in scanned_boards(model, data, labels):
            board = scanned.board
            results = {r.id: r for r in scanned.report.items}
            mine = []
            for item in board.items:
                ref = item.id if item.id in scanned.labels else item.key
                known = scanned.labels.get(ref) if ref else None
                if known is not None and known[1] == half:
                    mine.append((item, ref, known[0]))
            again = [item for item, _, _ in mine if results[item.id].label != "strategic"]
            lifted: dict[str, float] = {}
            if again:
                prior = board_prior_of(board.items, model)
                held = rules_applied.held_at_cap
                rules_applied.held_at_cap = lambda proba, rows, k: proba
                try:
                    docs = [ItemDoc.from_item(item) for item in again]
                    for item, p in zip(again, model.predict(docs, prior=prior), strict=True):
                        lifted[item.id] = (
                            p.confidence if p.label == "strategic" else 1 - p.confidence
                        )
                finally:
                    rules_applied.held_at_cap = held
            for item, ref, true in mine:
                r = results[item.id]
                said = r.predicted_label or r.label
                p = r.confidence if said == "strategic" else 1.0 - r.confidence
                rows.append(
                    {
                        "model": name,
                        "half": half,
                        "file": scanned.name,
                        "id": ref,
                        "true": true,
                        "label": r.label,
                        "p": p,
                        **({"lifted": lifted[item.id]} if item.id in lifted else {}),
                    }
                )
    return rows


def item_texts() -> dict[tuple[str, str], str]:
    """(file, id) -> the text a margin reads, for every dev item (kept in memory only)."""
    import benchmarks.bench_real_boards as bench
    from research.halves import HALVES

    out = {}
    for half, data, labels_csv in HALVES:
        if not data.is_dir():
            continue
        labels = bench.read_labels(labels_csv)
        for name, _, board in bench.labelled_boards(data, labels):
            for item in board.items:
                ref = item.id if item.id in labels[name] else item.key
                known = labels[name].get(ref) if ref else None
                if known is not None and known[1] == half:
                    out[(name, ref)] = f"{item.title} {(item.description or '')[:600]}"
    return out


def main(argv: list[str] | None = None) -> int:
    from research.halves import model_for, model_names
    from research.s24_distil import Table

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--table", type=Path, default=Path("/tmp/s24-distil/table.npz"))
    parser.add_argument("--seeds", default="12,1,2,3,4,5,6,7")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/s25-recall/cache"))
    parser.add_argument("--dims", type=int, default=64)
    parser.add_argument("--sif", type=float, default=1e-4)
    parser.add_argument("--top", type=int, default=1)
    args = parser.parse_args(argv)
    args.cache.mkdir(parents=True, exist_ok=True)
    rows: list[dict] = []
    for name, seed in model_names(args.seeds, bundled=True):
        cached = args.cache / f"rows-{name}.json"
        if not cached.exists():
            path = None if seed is None else model_for(seed, args.cache)
            cached.write_text(json.dumps(scan_rows(path, name)))
        rows += json.loads(cached.read_text())
    if not rows:
        print("no dev data here; nothing to measure")
        return 0
    table = Table.load(args.table, args.dims, args.sif)
    texts = item_texts()
    keys = sorted(texts)
    vectors = np.array([table.vector(texts[k]) for k in keys])
    strategic, tactical = seed_phrases()
    s_rows = np.array([table.vector(t) for t in strategic])
    t_rows = np.array([table.vector(t) for t in tactical])
    margin = dict(zip(keys, margins(vectors, s_rows, t_rows, args.top).tolist(), strict=True))
    for r in rows:
        r["margin"] = margin.get((r["file"], r["id"]), 0.0)
    report(rows)
    return 0


def auc(pos: np.ndarray, neg: np.ndarray) -> float:
    """The chance a random ``pos`` value is above a random ``neg`` one (ties count half)."""
    if not len(pos) or not len(neg):
        return float("nan")
    above = (pos[:, None] > neg[None, :]).sum() + 0.5 * (pos[:, None] == neg[None, :]).sum()
    return float(above) / (len(pos) * len(neg))


def _group(r: dict) -> str:
    if r["true"] == "strategic":
        return "found" if r["label"] == "strategic" else "miss"
    return "false" if r["label"] == "strategic" else "right"


def report(rows: list[dict]) -> None:
    """The margin's spread by group, then every lever's counts and macro-F1."""
    bundled = [r for r in rows if r["model"] == "bundled"]
    print("margin quantiles (bundled): group n | 10 % 25 % 50 % 75 % 90 %")
    for g in ("miss", "found", "false", "right"):
        m = np.array([r["margin"] for r in bundled if _group(r) == g])
        if len(m):
            q = np.quantile(m, [0.1, 0.25, 0.5, 0.75, 0.9])
            print(f"  {g} {len(m)} | " + " ".join(f"{x:+.3f}" for x in q))
    miss = np.array([r["margin"] for r in bundled if _group(r) == "miss"])
    right = np.array([r["margin"] for r in bundled if _group(r) == "right"])
    print(f"  ROC-AUC of the margin, misses vs right tactical: {auc(miss, right):.3f}")
    strat = np.array([r["margin"] for r in bundled if r["true"] == "strategic"])
    tact = np.array([r["margin"] for r in bundled if r["true"] != "strategic"])
    print(f"  ROC-AUC of the margin, strategic vs tactical: {auc(strat, tact):.3f}")
    near = [r for r in bundled if _group(r) in ("miss", "right") and r["p"] >= 0.2]
    print(f"  not strategic, scan p >= 0.2: {sum(_group(r) == 'miss' for r in near)} misses,")
    print(f"  {sum(_group(r) == 'right' for r in near)} right tactical")
    levers: dict[str, Lever] = {"scan": lambda r: r["label"]}
    for reading in ("p", "lifted"):
        for lo in (0.2, 0.3, 0.4, 0.5):
            for tau in (0.0, 0.05, 0.1, 0.15, 0.2):
                levers[f"gate {reading} >= {lo:g}, margin >= {tau:g}"] = gate(reading, lo, tau)
    for w in (2, 5, 10, 20):
        for c in (0.0, 0.05, 0.1):
            levers[f"shift {w:g} x (margin - {c:g})"] = shift(w, c)
    halves = sorted({r["half"] for r in rows}, key=lambda h: (h != "dev", h))
    for scope, mine in (("bundled", bundled), ("bundled + 8 draws", rows)):
        print(f"\n{scope}: lever | found | lost | false | real dev | fresh mean | per half")
        for name, lever in levers.items():
            s = score(mine, lever)
            per = " ".join(f"{h}:{s['f1'][h]:.3f}" for h in halves if h in s["f1"])
            print(
                f"{name} | {s['found']} | {s['lost']} | {s['false']} | {s['real']:.3f} | "
                f"{s['fresh']:.3f} | {per}"
            )


if __name__ == "__main__":
    raise SystemExit(main())
