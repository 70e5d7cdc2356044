"""Which items a review worksheet should ask about (a benchmark: it reads the real exports).

Per labelled board of one half, the board is scanned as ``scan`` does, its items ranked by each
strategy of ``analyzer.review.STRATEGIES``, and a team answering the worksheet is simulated: the
first N ranked items *labelled in this half* are answered with their labels (the labels file is
the team's answers; an unlabelled item, or one of the other half, cannot be answered, so it is
passed over as if the person had skipped it). Two measures, pooled over the half's boards:

- ``after scan``: macro-F1 on the whole labelled half as the report shows it after
  ``scan --corrections`` (the answered items take their label, the others keep the model's);
- ``held out``: macro-F1 on the labelled items of the half that were NOT asked, scanned with the
  bundled model adapted to the answers (``models.train.adapt_model``, what ``train --corrections
  --base bundled --board`` adds to the model it trains; here added to the bundled model as
  loaded, so no retraining moves the baseline), against the bundled model on the same items:
  what the team's labels teach.

Each also reports strategic found (true positives) and false strategic calls.

    python benchmarks/bench_review.py --split dev [--data DIR --labels CSV] [--n 10,20,40]
                                      [--strategies margin,missed,...] [--by-board]

``--by-board``: each board's own line too (``[half] board FILE strategy N=…``), before the pooled
ones: where a half holds several boards, which of them the answers help.
"""

from __future__ import annotations

import argparse
import sys
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
from analyzer.review import STRATEGIES, rank_items  # noqa: E402
from models.classifier import load_model  # noqa: E402
from models.train import Ticket, adapt_model  # noqa: E402


def counts(pairs: list[tuple[str, str]]) -> str:
    found = sum(t == "strategic" and p == "strategic" for t, p in pairs)
    false = sum(t != "strategic" and p == "strategic" for t, p in pairs)
    true = sum(t == "strategic" for t, _ in pairs)
    return f"strategic found {found}/{true}, false calls {false}"


def board_line(
    head: str,
    before: list[tuple[str, str]],
    after: list[tuple[str, str]],
    out_before: list[tuple[str, str]],
    out_after: list[tuple[str, str]],
    asked: int,
) -> str:
    """One board's line: before and after scan on its labelled items, then its held-out items
    read by the bundled and the adapted model (``(true, read)`` pairs each)."""
    return (
        f"{head} labelled {len(before)} asked {asked}  before {macro_f1(before):.3f} "
        f"({counts(before)})  after scan {macro_f1(after):.3f} ({counts(after)})  "
        f"held out {len(out_before)}: {counts(out_before)} -> {counts(out_after)}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--labels", type=Path, default=LABELS_CSV)
    parser.add_argument("--split", choices=SPLITS, required=True)
    parser.add_argument("--n", default="10,20,40")
    parser.add_argument("--strategies", default=",".join(STRATEGIES))
    parser.add_argument("--threshold", type=float, default=0.6)
    parser.add_argument("--by-board", action="store_true", help="each board's numbers too")
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        print(f"{args.data}: no real data here; nothing to measure")
        return 0
    sizes = [int(n) for n in args.n.split(",")]
    strategies = args.strategies.split(",")
    labels = read_labels(args.labels)
    model = load_model()
    base_all: list[tuple[str, str]] = []
    # (strategy, n) -> pooled pairs: after scan (whole half); held out before / after
    after: dict[tuple[str, int], list] = {}
    before_out: dict[tuple[str, int], list] = {}
    after_out: dict[tuple[str, int], list] = {}
    asked_count: dict[tuple[str, int], int] = {}
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
        base_all.extend((half[i], p) for i, p in mine)
        by_id = {item.id: item for item in board.items}
        cache: dict[frozenset[str], dict[str, str]] = {}  # asked ids -> adapted reading
        for strategy in strategies:
            ranked = [report.items[at].id for at in rank_items(report.items, strategy)]
            answerable = [i for i in ranked if i in half]
            for n in sizes:
                asked = frozenset(answerable[:n])
                key = (strategy, n)
                asked_count[key] = asked_count.get(key, 0) + len(asked)
                after.setdefault(key, []).extend(
                    (half[i], half[i] if i in asked else p) for i, p in mine
                )
                rest = [(i, p) for i, p in mine if i not in asked]
                before_out.setdefault(key, []).extend((half[i], p) for i, p in rest)
                if asked not in cache:
                    tickets = [
                        Ticket(
                            by_id[i].title,
                            half[i],
                            (by_id[i].description or "")[:600],
                            by_id[i].type,
                            by_id[i].column,
                        )
                        for i in sorted(asked)
                    ]
                    adapted = adapt_model(model, tickets) if tickets else model
                    again = scan_board(board, adapted, threshold=args.threshold, origin=str(path))
                    cache[asked] = {r.id: r.label for r in again.items}
                read = cache[asked]
                after_out.setdefault(key, []).extend((half[i], read[i]) for i, _ in rest)
                if args.by_board:
                    print(
                        board_line(
                            f"[{args.split}] board {name} {strategy} N={n}",
                            [(half[i], p) for i, p in mine],
                            [(half[i], half[i] if i in asked else p) for i, p in mine],
                            [(half[i], p) for i, p in rest],
                            [(half[i], read[i]) for i, _ in rest],
                            len(asked),
                        ),
                        flush=True,
                    )
        print(f"  {name}: {len(mine)} labelled in {args.split}", flush=True)
    print(f"[{args.split}] before: macro-F1 {macro_f1(base_all):.3f} ({counts(base_all)}), "
          f"{len(base_all)} labelled items")  # fmt: skip
    for strategy in strategies:
        for n in sizes:
            key = (strategy, n)
            print(
                f"[{args.split}] {strategy:9s} N={n:2d} asked {asked_count[key]:4d}  "
                f"after scan {macro_f1(after[key]):.3f} ({counts(after[key])})  "
                f"held out {len(before_out[key])}: {macro_f1(before_out[key]):.3f} -> "
                f"{macro_f1(after_out[key]):.3f} ({counts(before_out[key])} -> "
                f"{counts(after_out[key])})"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
