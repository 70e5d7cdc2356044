"""Levers for the report's "surest strategic items" on every **dev** half (session 13).

``research.surest_levers`` scores the pick on the real boards' dev half only; the fresh sets'
dev halves showed what it cannot: boards whose EM prior sits at 40–45 % while almost none of
their cards name direction work (a part-number board, an SAP support board), where one known
word reaches the one-word cap (0.8) and the list fills with delivery cards. This script scans
each dev half once per model (bundled, or a draw of ``research.real_dev_sweep`` kept under
``--cache``), keeps every dev item the model calls strategic above the report's floor with its
board's prior, the board's direction share (:func:`analyzer.balance.direction_share`: the share
of its cards whose title, list or labels name direction work) and its confidence read again at
other shares, and scores each lever per half: the half's own surest strategic items (10 per
file, as ``benchmarks/bench_real_boards.py`` counts them) strategic by the labels.

    python -m research.surest_boards [--seeds 12,1,2,3,4,5,6,7] [--no-bundled] [--rescan]

Never runs a ``*-test`` half: only the dev halves' items are kept. Needs the data folders.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analyzer.balance import (  # noqa: E402
    SUREST_ABOVE,
    direction_share,
    surest_strategic_floor,
)
from models.calibration import BoardPrior  # noqa: E402
from models.interface import ItemDoc  # noqa: E402
from models.rules import ONE_WORD_CAP, places_direction, shows_direction  # noqa: E402
from research.halves import cached_scans, halves_through, load, model_names, scanned_boards  # noqa: E402
from research.surest_levers import list_says  # noqa: E402

#: (half, data folder, labels) of the dev halves measured in session 13
HALVES = halves_through("fresh4-dev")
#: shares a board is read again at (a board read above one of them)
ALT = (0.05, 0.10, 0.15, 0.20, 0.25, 0.30)


def scan_half(model_path: Path | None, half: str, data: Path, labels_csv: Path) -> dict:
    """The half's boards (prior, direction share) and its strategic items above the floor."""
    model = load(model_path)
    boards, records = {}, []
    for scanned in scanned_boards(model, data, labels_csv):
        name, board, report, labels = scanned.name, scanned.board, scanned.report, scanned.labels
        docs = [ItemDoc.from_item(item) for item in board.items]
        prior = model.estimate_prior(docs)
        share = prior["strategic"] if prior else None
        boards[name] = {"prior": share, "direction": direction_share(board.items)}
        by_id = {item.id: i for i, item in enumerate(board.items)}
        keep = [
            r
            for r in report.items
            if r.label == "strategic"
            and r.confidence > SUREST_ABOVE
            and labels.get(r.id, ("", ""))[1] == half
        ]
        alt: dict[str, list[float]] = {}
        if prior is not None and keep:
            docs_kept = [docs[by_id[r.id]] for r in keep]
            for x in (*ALT, boards[name]["direction"]):
                other = BoardPrior({"strategic": x, "tactical": 1 - x}, prior.weights)
                alt[f"{x:.4f}"] = [
                    p.scores["strategic"] for p in model.predict(docs_kept, prior=other)
                ]
        for k, r in enumerate(keep):
            item = board.items[by_id[r.id]]
            records.append(
                {
                    "file": name,
                    "id": r.id,
                    "true": labels[r.id][0],
                    "conf": r.confidence,
                    "terms": list(r.terms),
                    "column": r.column,
                    "title": r.title,
                    "labels": list(item.labels),
                    "activity": r.activity_count,
                    "alt": {x: v[k] for x, v in alt.items()},
                }
            )
    return {"boards": boards, "records": records}


def _logit(p: float) -> float:
    p = min(max(p, 1e-9), 1 - 1e-9)
    return math.log(p / (1 - p))


def shifted(conf: float, prior: float, to: float) -> float:
    """``conf`` with its board's prior swapped for ``to`` (a logit shift of the final value)."""
    z = _logit(conf) - _logit(prior) + _logit(to)
    return 1 / (1 + math.exp(-z))


def shipped(rec: dict) -> bool:
    return not rec["terms"] or shows_direction(rec["terms"], rec["column"], rec["title"])


Keep = Callable[[dict, dict], bool]  # (record, its board) -> listed


def with_shipped(keep: Keep) -> Keep:
    """``keep`` on top of the shipped rule (``rules.shows_direction``)."""
    return lambda r, b: shipped(r) and keep(r, b)


def places_alone(r: dict, b: dict) -> bool:
    """Its title, list or labels name direction work, whatever its terms (or it has no title)."""
    return not r["title"] or places_direction(r["title"], r["column"], r["labels"])


def score(run: dict, keep: Keep) -> tuple[int, int]:
    good = shown = 0
    by_file: dict[str, list[dict]] = {}
    for r in run["records"]:
        by_file.setdefault(r["file"], []).append(r)
    for name, recs in by_file.items():
        board = run["boards"][name]
        kept = [r for r in recs if keep(r, board)]
        top = sorted(kept, key=lambda r: (-r["conf"], -r["activity"], r["id"]))[:10]
        good += sum(r["true"] == "strategic" for r in top)
        shown += len(top)
    return good, shown


def implausible(k: float) -> Keep:
    """No list on a board read at more than ``k`` times its direction share."""
    return lambda r, b: b["prior"] is None or b["prior"] <= k * b["direction"]


def sure_at_direction(k: float, repredict: bool) -> Keep:
    """On a board read at more than ``k`` times its direction share, an item is listed only
    when it is still surer than the floor read at its direction share."""

    def keep(r: dict, b: dict) -> bool:
        if b["prior"] is None or b["prior"] <= k * b["direction"]:
            return True
        if repredict:
            return r["alt"][f"{b['direction']:.4f}"] > SUREST_ABOVE
        return shifted(r["conf"], b["prior"], b["direction"]) > SUREST_ABOVE

    return keep


def sure_at_most(x: float, repredict: bool) -> Keep:
    def keep(r: dict, b: dict) -> bool:
        if b["prior"] is None or b["prior"] <= x:
            return True
        if repredict:
            return r["alt"][f"{x:.4f}"] > SUREST_ABOVE
        return shifted(r["conf"], b["prior"], x) > SUREST_ABOVE

    return keep


def one_word_title_only(x: float) -> Keep:
    """An item at the one-word cap whose list and labels name no direction work is listed only
    on a board read at ``x`` strategic at most."""

    def keep(r: dict, b: dict) -> bool:
        capped = abs(r["conf"] - ONE_WORD_CAP) < 1e-9
        rec = {**r, "labels": r["labels"]}
        return not capped or list_says(rec) or b["prior"] is None or b["prior"] <= x

    return keep


LEVERS: dict[str, Keep] = {
    "title/list/labels alone (no terms condition)": places_alone,
    "title/list/labels alone + floor 0.75": lambda r, b: places_alone(r, b) and r["conf"] > 0.75,
    "title/list/labels alone + prior > 5 x direction: sure at it": lambda r, b: (
        places_alone(r, b) and sure_at_direction(5, False)(r, b)
    ),
}
for _x in (0.8, 0.9, 0.95):
    LEVERS[f"gate + (shipped or title/list/labels alone above {_x:g})"] = lambda r, b, x=_x: (
        sure_at_direction(8, False)(r, b) and (shipped(r) or (places_alone(r, b) and r["conf"] > x))
    )
LEVERS_SHIPPED: dict[str, Keep] = {
    "floor (balance.surest_strategic_floor)": lambda r, b: (
        b["prior"] is None or r["conf"] > surest_strategic_floor(b["prior"], b["direction"])
    ),
    "main": lambda r, b: True,
    **{f"no list when prior > {k:g} x direction share": implausible(k) for k in (2, 3, 4, 5, 8)},
    **{
        f"prior > {k:g} x direction: sure at the direction share (shift)": sure_at_direction(
            k, False
        )
        for k in (2, 3, 5, 8)
    },
    **{
        f"prior > {k:g} x direction: sure at the direction share (again)": sure_at_direction(
            k, True
        )
        for k in (2, 3, 5)
    },
    **{f"sure at a prior of at most {x:g} (shift)": sure_at_most(x, False) for x in ALT},
    **{f"sure at a prior of at most {x:g} (again)": sure_at_most(x, True) for x in ALT},
    **{f"one-word, title only: prior at most {x:g}": one_word_title_only(x) for x in (0.2, 0.3)},
}


LEVERS.update({name: with_shipped(keep) for name, keep in LEVERS_SHIPPED.items()})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default="")
    parser.add_argument("--no-bundled", action="store_true")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/surest_boards"))
    parser.add_argument("--rescan", action="store_true")
    parser.add_argument("--boards", action="store_true", help="print each board's prior/share")
    args = parser.parse_args(argv)
    args.cache.mkdir(parents=True, exist_ok=True)
    names = model_names(args.seeds, not args.no_bundled)
    runs = cached_scans(names, HALVES, args.cache, scan_half, rescan=args.rescan)
    if args.boards:
        for name, halves in runs.items():
            for half, run in halves.items():
                for board, b in run["boards"].items():
                    p = b["prior"]
                    print(f"{name} {half} {board:42s} prior {p:.3f} direction {b['direction']:.3f}")
    for lever, keep in LEVERS.items():
        cells = []
        total = [0, 0]
        for halves in runs.values():
            per = [score(halves[h], keep) for h, _, _ in HALVES if h in halves]
            g, s = sum(p[0] for p in per), sum(p[1] for p in per)
            total[0] += g
            total[1] += s
            cells.append(" ".join(f"{p[0]}/{p[1]}" for p in per) + f" = {g}/{s}")
        print(f"{lever:62s} " + " | ".join(cells) + (f" | all {total[0]}/{total[1]}"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
