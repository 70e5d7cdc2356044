"""Session 16 (issue 12): which cards of the bundled samples (``examples/``) sit near the threshold?

A sample card whose probability is close to the 0.6 threshold (strategic at 0.6 and above,
tactical at 0.4 and below, ``uncertain`` between) flips with any retrain, and the demo's flags
(role drift, stale roadmap, no roadmap owner, role overlap) rest on those labels. This lists, per
sample file, every item whose strategic probability is inside the ``uncertain`` band or within
``--margin`` (0.10) of it, read two ways: as ``scan`` reads the board (its EM prior, the parent
links: what README's first command shows) and as ``predict`` reads the items without a board
(what ``classify`` shows). Beside each: the label the generator means (``examples/make_samples.py``:
its strategic cards and issues strategic, the rest tactical) and the label read.

    python -m research.sample_margins [--dir examples] [--margin 0.10] [--all] [--model PATH]

``--all`` also lists the items read against the generator's label however far from the edge;
``--model`` reads with a saved model instead of the bundled one (e.g. a draw of
``research.real_dev_sweep --keep``: how far a retrain moves the samples).
Reads only the samples (no real data). Items are named by key or card id.
"""

from __future__ import annotations

import argparse
import runpy
import sys
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analyzer.pipeline import classify_items  # noqa: E402
from connectors.exports import read_export  # noqa: E402
from models.classifier import load_model  # noqa: E402
from models.interface import DEFAULT_THRESHOLD, STRATEGIC, ItemDoc, Prediction  # noqa: E402

SAMPLES = ("trello_sample_board.json", "jira_sample_export.json", "jira_sample_export.csv")


def intended_strategic(examples: Path) -> set[str]:
    """The titles the generator means strategic (the test's ``_intended`` reads the same)."""
    # (run_path registers the module while it runs, as its dataclasses need)
    module = SimpleNamespace(**runpy.run_path(str(examples / "make_samples.py"), run_name="_gen"))
    cards = module.T_STRATEGIC + module.T_STRATEGIC_LATE
    return {t[0] for t in cards} | {e[0] for e in module.J_EPICS + module.J_STRATEGY}


def strategic_probability(prediction: Prediction) -> float:
    """P(strategic) of a two-label prediction."""
    if prediction.label == STRATEGIC:
        return prediction.confidence
    return 1.0 - prediction.confidence


def clearance(p: float, threshold: float = DEFAULT_THRESHOLD) -> float:
    """How far ``p`` is outside the ``uncertain`` band (1 - threshold, threshold); < 0 inside."""
    return abs(p - 0.5) - (threshold - 0.5)


def readings(path: Path, model) -> dict[str, list[tuple[str, str, float]]]:
    """Per reading (``scan``, ``predict``): (item ref, title, P(strategic)) per item."""
    board = read_export(path)
    items = board.items
    scanned = classify_items(items, model)
    alone = model.predict([ItemDoc.from_item(i) for i in items])
    out: dict[str, list[tuple[str, str, float]]] = {}
    for mode, predictions in (("scan", scanned), ("predict", alone)):
        out[mode] = [
            (i.key or i.id, i.title, strategic_probability(p))
            for i, p in zip(items, predictions, strict=True)
        ]
    return out


def label_of(p: float, threshold: float = DEFAULT_THRESHOLD) -> str:
    if p >= threshold:
        return "strategic"
    return "tactical" if 1.0 - p >= threshold else "uncertain"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=ROOT / "examples")
    parser.add_argument("--margin", type=float, default=0.10)
    parser.add_argument("--all", action="store_true", help="also list far misreadings")
    parser.add_argument("--model", type=Path, default=None, help="a saved model (default: bundled)")
    args = parser.parse_args(argv)
    strategic = intended_strategic(args.dir)
    model = load_model(args.model)
    for name in SAMPLES:
        for mode, rows in readings(args.dir / name, model).items():
            counts: dict[str, int] = {}
            near = []
            for ref, title, p in rows:
                read = label_of(p)
                counts[read] = counts.get(read, 0) + 1
                meant = "strategic" if title in strategic else "tactical"
                wrong = (meant == "strategic") != (read == "strategic")
                if clearance(p) < args.margin or (args.all and wrong):
                    near.append((p, ref, meant, read, title))
            shown = ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
            print(f"{name} [{mode}]: {shown}; within {args.margin:.2f}: {len(near)}")
            for p, ref, meant, read, title in sorted(near):
                print(f"  {p:.3f}  {ref:<10} meant {meant:<9} read {read:<9} {title[:60]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
