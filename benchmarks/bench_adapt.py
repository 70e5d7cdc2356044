"""What a board's corrections teach the model about the board's other items (a benchmark: it reads
the real exports).

Per labelled board of one half, the board is scanned with the bundled model, its items ranked as
the ``review`` worksheet ranks them (``direction-mix``), and a team answering the first N items
*labelled in this half* is simulated as ``bench_review.py`` does. The bundled model is then
adapted to the answers by each variant below, the board scanned again, and the labelled items
NOT asked are scored against the bundled model's reading of the same items (``held out``);
the answered items read as their label by the adapted model (in the board's scan) are counted.

Variants: ``adapt_model``'s settings (target probability, largest shift in logits, the structure
tokens' share, passes over the corrections) and ``retrain xW`` (the bundled training data plus
the answered items repeated W times, retrained; the design session 17 rejected).

    python benchmarks/bench_adapt.py --split dev [--data DIR --labels CSV] [--n 10,20,40]
                                     [--variants base,shift2,...]
"""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_real_boards import (  # noqa: E402
    DEFAULT_DATA,
    LABELS_CSV,
    SPLITS,
    bucket,
    labelled_boards,
    macro_f1,
    read_labels,
)

from analyzer.pipeline import scan_board  # noqa: E402
from analyzer.review import DEFAULT_STRATEGY, rank_items  # noqa: E402
from models.classifier import load_model  # noqa: E402
from models.train import (  # noqa: E402
    DEFAULT_LABELS,
    DEFAULT_PRIOR,
    PHRASES_CSV,
    Ticket,
    adapt_model,
    read_default_tickets,
    read_phrases,
    train_model,
)


def adapting(**changed) -> Callable:
    """adapt_model with session 17's settings, but for ``changed``."""
    settings = {"target": 0.7, "max_shift": 1.0, "structure_share": 0.25, "passes": 1, **changed}
    return lambda model, tickets: adapt_model(model, tickets, **settings)


def retraining(weight: int) -> Callable:
    phrases, bundled = read_phrases(PHRASES_CSV), read_default_tickets()

    def run(model, tickets):
        return train_model(
            phrases,
            labels=DEFAULT_LABELS,
            tickets=[*bundled, *(list(tickets) * weight)],
            prior=DEFAULT_PRIOR,
        )

    return run


VARIANTS: dict[str, Callable] = {
    "base": adapting(),
    "shift2": adapting(max_shift=2.0),
    "shift4": adapting(max_shift=4.0),
    "unbounded": adapting(max_shift=math.inf),
    "target.8": adapting(target=0.8),
    "target.9": adapting(target=0.9),
    "struct0": adapting(structure_share=0.0),
    "struct.5": adapting(structure_share=0.5),
    "struct1": adapting(structure_share=1.0),
    "passes3": adapting(passes=3),
    "passes10": adapting(passes=10),
    "strong": adapting(target=0.9, max_shift=math.inf, passes=3),
    "retrain5": retraining(5),
    "retrain20": retraining(20),
}


def counts(pairs: list[tuple[str, str]]) -> tuple[int, int, int]:
    found = sum(t == "strategic" and p == "strategic" for t, p in pairs)
    false = sum(t != "strategic" and p == "strategic" for t, p in pairs)
    true = sum(t == "strategic" for t, _ in pairs)
    return found, true, false


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--labels", type=Path, default=LABELS_CSV)
    parser.add_argument("--split", choices=SPLITS, required=True)
    parser.add_argument("--n", default="10,20,40")
    parser.add_argument("--variants", default=",".join(VARIANTS))
    parser.add_argument("--strategy", default=DEFAULT_STRATEGY)
    parser.add_argument("--threshold", type=float, default=0.6)
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        print(f"{args.data}: no real data here; nothing to measure")
        return 0
    sizes = [int(n) for n in args.n.split(",")]
    variants = args.variants.split(",")
    labels = read_labels(args.labels)
    model = load_model()
    before: dict[int, list] = {}  # n -> held-out pairs, bundled model
    after: dict[tuple[str, int], list] = {}  # (variant, n) -> held-out pairs, adapted
    learned: dict[tuple[str, int], int] = {}  # answered items the adapted scan reads as labelled
    alone: dict[tuple[str, int], int] = {}  # ... on their own (corrections_read_as_labelled)
    asked_count: dict[int, int] = {}
    for name, path, board in labelled_boards(args.data, labels):
        half = {
            item_id: label
            for item_id, (label, split) in labels[name].items()
            if bucket(split, (args.split,))
        }
        if not half:
            continue
        report = scan_board(board, model, threshold=args.threshold, origin=str(path))
        said = {r.id: r.label for r in report.items}
        mine = [(i, said[i]) for i in half if i in said]
        by_id = {item.id: item for item in board.items}
        ranked = [report.items[at].id for at in rank_items(report.items, args.strategy)]
        answerable = [i for i in ranked if i in half]
        for n in sizes:
            asked = sorted(answerable[:n])
            asked_count[n] = asked_count.get(n, 0) + len(asked)
            rest = [(i, p) for i, p in mine if i not in asked]
            before.setdefault(n, []).extend((half[i], p) for i, p in rest)
            tickets = [
                Ticket(
                    by_id[i].title,
                    half[i],
                    (by_id[i].description or "")[:600],
                    by_id[i].type,
                    by_id[i].column,
                )
                for i in asked
            ]
            for variant in variants:
                key = (variant, n)
                adapted = VARIANTS[variant](model, tickets) if tickets else model
                again = scan_board(board, adapted, threshold=args.threshold, origin=str(path))
                read = {r.id: r.label for r in again.items}
                after.setdefault(key, []).extend((half[i], read[i]) for i, _ in rest)
                learned[key] = learned.get(key, 0) + sum(read.get(i) == half[i] for i in asked)
                alone[key] = alone.get(key, 0) + int(
                    adapted.info.get("corrections_read_as_labelled", -1) if tickets else 0
                )
        print(f"  {name}: {len(mine)} labelled in {args.split}", flush=True)
    for n in sizes:
        f0 = macro_f1(before[n])
        found0, true0, false0 = counts(before[n])
        for variant in variants:
            key = (variant, n)
            f1 = macro_f1(after[key])
            found, _, false = counts(after[key])
            print(
                f"RESULT {args.split} {variant} N={n} asked={asked_count[n]} "
                f"heldout={len(before[n])} f1={f0:.4f}->{f1:.4f} delta={f1 - f0:+.4f} "
                f"found={found0}->{found}/{true0} false={false0}->{false} "
                f"asked_read_as_label={learned[key]} alone={alone[key]}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
