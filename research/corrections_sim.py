"""Does a team's corrections file help on its own board? (research; reads ../shared/realdata)

For each real export with labels: the team corrects the items of the dev half that the bundled
model gets wrong (at most ``--k`` per board, in file order), ``train --corrections`` adapts the
model with them (bundled data + the corrected items, read from the export), and the adapted
model scans the board again; the **test half** of that board is scored before and after
(macro-F1 with ``uncertain`` wrong, accuracy, predicted vs true strategic share).

    python research/corrections_sim.py [--k 20] [--data ../shared/realdata] [--choose] [--retrain]

``--retrain`` measures the earlier way (retrain with the corrected items added three times);
without it, ``train --corrections`` as shipped (the trained model adapted, ``adapt_model``).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_real_boards import find, macro_f1, read_labels  # noqa: E402

from analyzer.modeling import TrainRequest, train_model  # noqa: E402
from analyzer.pipeline import read_board, scan_board  # noqa: E402
from research import halves  # noqa: E402


def scored(report, labels, split):
    pairs = [
        (labels[r.id][0], r.label)
        for r in report.items
        if r.id in labels and labels[r.id][1] == split
    ]
    if not pairs:
        return None
    acc = sum(t == p for t, p in pairs) / len(pairs)
    true = sum(t == "strategic" for t, _ in pairs) / len(pairs)
    pred = sum(p == "strategic" for _, p in pairs) / len(pairs)
    return macro_f1(pairs), acc, true, pred, len(pairs)


def retrained(fixes: Path, board: Path):
    """Before adaptation: the bundled data plus each corrected item three times, retrained."""
    from analyzer.corrections import read_corrections, training_tickets
    from models.train import (
        DEFAULT_LABELS,
        DEFAULT_PRIOR,
        PHRASES_CSV,
        read_default_tickets,
        read_phrases,
    )
    from models.train import train_model as fit

    items = read_board(board, activity_details=False).items
    extra = training_tickets(read_corrections(fixes), items, DEFAULT_LABELS)
    return fit(
        read_phrases(PHRASES_CSV),
        seed=0,
        labels=DEFAULT_LABELS,
        tickets=[*read_default_tickets(), *extra],
        prior=DEFAULT_PRIOR,
    )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--k", type=int, default=20)
    parser.add_argument(
        "--choose",
        action="store_true",
        help="dev only: correct items of one half of dev (alternate ids), score the other half",
    )
    parser.add_argument(
        "--retrain",
        action="store_true",
        help="the earlier way: retrain on the bundled data plus the corrected items (x3)",
    )
    args = halves.with_real_data(parser, argv)
    if args is None:
        return 0
    all_labels = read_labels()
    if args.choose:  # dev halves: "dev" keeps the even ones, the odd ones become "score"
        for labels in all_labels.values():
            devs = sorted(i for i, (_, split) in labels.items() if split == "dev")
            for n, i in enumerate(devs):
                labels[i] = (labels[i][0], "dev" if n % 2 == 0 else "score")
            for i, (_label, split) in list(labels.items()):
                if split == "test":
                    del labels[i]
    held_out = "score" if args.choose else "test"
    for name in sorted(all_labels):
        labels = all_labels[name]
        path = find(args.data, name)
        if path is None:
            continue
        board = read_board(path, activity_details=False)
        report = scan_board(board, None)
        wrong = [
            r
            for r in report.items
            if r.id in labels and labels[r.id][1] == "dev" and r.label != labels[r.id][0]
        ][: args.k]
        before = scored(report, labels, held_out)
        if not wrong or before is None:
            print(f"{name:42s} nothing to correct on dev (or no test items); skipped")
            continue
        with tempfile.TemporaryDirectory() as tmp:
            fixes = Path(tmp) / "fixes.csv"
            fixes.write_text(
                "item,label\n" + "".join(f"{r.id},{labels[r.id][0]}\n" for r in wrong),
                encoding="utf-8",
            )
            if args.retrain:
                model = retrained(fixes, path)
            else:
                model = train_model(TrainRequest(corrections=fixes, board=path))
            board = read_board(path, activity_details=False)
            after = scored(scan_board(board, model), labels, held_out)
        b, a = before, after
        print(
            f"{name:42s} corrected {len(wrong):2d} dev items | {held_out} n={b[4]:4d}  macro-F1 "
            f"{b[0]:.3f} -> {a[0]:.3f}  accuracy {b[1]:.3f} -> {a[1]:.3f}  strategic share "
            f"true {b[2]:.1%}, predicted {b[3]:.1%} -> {a[3]:.1%}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
