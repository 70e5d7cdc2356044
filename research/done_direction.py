"""Can an item in a Done (status) list be strategic when its own title names direction work?

Measured on the real boards' **dev** half, over the template draws cached in ``--cache`` (those
of ``research.surest_levers``; a draw not there yet is trained there first): each dev board is
scanned as ``scan`` does; then the items that sit in a list named after a delivery stage
(``rules._STAGE``: Done, Terminado, To Do, …) and whose title names direction work
(``rules._DIRECTION``, an engineering strategy aside) are predicted again without their list
(``column`` None) and, per variant, with the board read at a share of at least ``--floor``
strategic. Prints per model macro-F1 (``uncertain`` wrong), the share error mean / max over files
and the dev items that changed label (by id). Never reads test labels.

    python -m research.done_direction [--seeds 12,1,2,3,4,5,6,7] [--floors 0,0.1,0.4]
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import benchmarks.bench_real_boards as bench  # noqa: E402
import models.rules as rules  # noqa: E402
from analyzer.pipeline import scan_board  # noqa: E402
from models.calibration import BoardPrior  # noqa: E402
from models.classifier import load_model  # noqa: E402
from models.interface import ItemDoc  # noqa: E402
from models.language import fold_accents  # noqa: E402
from research import halves  # noqa: E402


def _folded(text: str | None) -> str:
    return rules._SEPARATORS.sub(" ", fold_accents(text or "").lower())


def in_stage_naming_direction(doc: ItemDoc) -> bool:
    if not rules._STAGE.search(_folded(doc.column)):
        return False
    title = rules._ENGINEERING_STRATEGY.sub(" ", _folded(doc.title))
    return bool(rules._DIRECTION.search(title))


def run(model_path: Path | None, floors: list[float], data: Path) -> dict[float, tuple]:
    labels = bench.read_labels()
    model = load_model(model_path) if model_path else load_model()
    pairs: dict[float, list[tuple[str, str]]] = {f: [] for f in [-1.0, *floors]}
    shares: dict[float, list[float]] = {f: [] for f in pairs}
    moved: dict[float, list[str]] = {f: [] for f in pairs}
    for name, path, board in bench.labelled_boards(data, labels):
        docs = [ItemDoc.from_item(item) for item in board.items]
        report = scan_board(board, model, origin=str(path))
        prior = model.estimate_prior(docs)
        base = {r.id: r.label for r in report.items}
        chosen = [i for i, d in enumerate(docs) if in_stage_naming_direction(d)]
        for floor in pairs:
            final = dict(base)
            if floor >= 0 and chosen and prior is not None:
                share = max(prior["strategic"], floor)
                read = BoardPrior({"strategic": share, "tactical": 1 - share}, prior.weights)
                again = model.predict(
                    [dataclasses.replace(docs[i], column=None) for i in chosen], prior=read
                )
                for i, p in zip(chosen, again, strict=True):
                    final[board.items[i].id] = p.final_label(0.6)
            mine = [
                (labels[name][i][0], final[i])
                for i in final
                if i in labels[name] and labels[name][i][1] == "dev"
            ]
            if not mine:
                continue
            pairs[floor] += mine
            true = sum(t == "strategic" for t, _ in mine) / len(mine)
            pred = sum(f == "strategic" for _, f in mine) / len(mine)
            shares[floor].append(abs(pred - true))
            moved[floor] += [
                f"{name[:10]}:{i[-6:]} {base[i]}->{final[i]} ({labels[name][i][0]})"
                for i in final
                if i in labels[name] and labels[name][i][1] == "dev" and final[i] != base[i]
            ]
    return {
        f: (
            bench.macro_f1(pairs[f]),
            100 * sum(shares[f]) / len(shares[f]),
            100 * max(shares[f]),
            moved[f],
        )
        for f in pairs
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default="12,1,2,3,4,5,6,7")
    parser.add_argument("--floors", default="0,0.1,0.4")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/surest_levers"))
    parser.add_argument("--bundled", action="store_true")
    args = halves.with_real_data(parser, argv)
    if args is None:
        return 0
    floors = [float(x) for x in args.floors.split(",")]
    args.cache.mkdir(parents=True, exist_ok=True)
    names = ([("bundled", None)] if args.bundled else []) + [
        (f"draw {s}", halves.model_for(int(s), args.cache)) for s in args.seeds.split(",") if s
    ]
    for name, path in names:
        for floor, (f1, mean, most, moved) in run(path, floors, args.data).items():
            what = "main" if floor < 0 else f"no status list, prior >= {floor:.2f}"
            print(f"{name:8s} {what:32s} macro-F1 {f1:.3f}  share error {mean:.2f} / {most:.2f}")
            if floor >= 0:
                print("    moved:", "; ".join(moved) or "none")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
