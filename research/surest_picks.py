"""Session 15 (issue 12): how the report picks its "surest strategic items", on the six **dev**
halves (real ``dev``, ``fresh-dev`` … ``fresh5-dev``).

Which items the report lists changes no label, share, macro-F1 or ECE: only the pick. So each
dev half is scanned once per model (the bundled one and the template draws of
``research.real_dev_sweep``, trained once into ``--cache``; the sweep's ``--keep`` folder holds
the same files), every dev item called strategic above ``SUREST_ABOVE`` is kept with what a
lever may read (its confidence, terms, list, labels, title, whether the research-title re-read
set it, whether only its list or labels name direction work, its board's prior and direction
share), and each lever is scored on the same scans: per half, the half's own 10 surest per file
(as ``benchmarks/bench_real_boards.py --split dev`` counts them) that are strategic by the
labels. ``main`` is session 14's rule (the board's floor, ``shows_surest_direction``); the line
marked ``shipped`` is the report's rule since session 15 (``analyzer.balance.shows_surest``: an
item the research-title rule read again must be sure at its board's direction share, on a board
read above it) and reproduces ``bench_real_boards.py``'s counts.

    python -m research.surest_picks [--seeds 12,1,2,3,4,5,6,7] [--no-bundled] [--cache DIR]
                                    [--rescan] [--wrong]

``--wrong`` prints each wrong item ``main`` lists (file, id, rank, confidence, terms, list).
Never reads a ``*-test`` half's labels (only the dev halves' items are kept). Needs the data.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import analyzer.balance as balance  # noqa: E402
import models.rules as rules  # noqa: E402
from analyzer.balance import (  # noqa: E402
    SUREST_ABOVE,
    direction_share,
    shows_surest_direction,
    surest_strategic_floor,
)
from models.language import fold_accents  # noqa: E402
from models.rules import ONE_WORD_CAP, REREAD_REASONS  # noqa: E402
from research.halves import cached_scans, halves_through, load, model_names, scanned_boards  # noqa: E402

#: (half, data folder, labels) of the dev halves measured in session 15
HALVES = halves_through("fresh5-dev")


def _folded(text: str) -> str:
    return rules._SEPARATORS.sub(" ", fold_accents(text).lower())


def title_says(title: str | None) -> bool:
    """The title names direction work (an engineering strategy's "strategy" aside)."""
    said = rules._ENGINEERING_STRATEGY.sub(" ", _folded(title or ""))
    return bool(rules._DIRECTION.search(said))


def direction_terms(terms: list[str]) -> int:
    """How many of the reason's terms name direction work (a list or label term as a name)."""
    count = 0
    for term in terms:
        if term.startswith(("column:", "label:")):
            name = _folded(term.split(":", 1)[1])
            count += bool(
                rules._LIST_DIRECTION.search(name) or rules._LIST_ONLY_DIRECTION.search(name)
            )
        else:
            count += bool(rules._DIRECTION.search(_folded(term)))
    return count


def scan_half(model_path: Path | None, half: str, data: Path, labels_csv: Path) -> list[dict]:
    """One record per dev item of ``half`` called strategic above ``SUREST_ABOVE``."""
    out = []
    for scanned in scanned_boards(load(model_path), data, labels_csv):
        board, prior = scanned.board, scanned.prior
        share = direction_share(board.items)
        floor = SUREST_ABOVE if prior is None else surest_strategic_floor(prior, share)
        items = {item.id: item for item in board.items}
        for r in scanned.report.items:
            known = scanned.labels.get(r.id)
            if known is None or known[1] != half:
                continue
            if r.label != "strategic" or not r.confidence > SUREST_ABOVE:
                continue
            item = items[r.id]
            out.append(
                {
                    "file": scanned.name,
                    "id": r.id,
                    "true": known[0],
                    "conf": r.confidence,
                    "terms": list(r.terms),
                    "column": r.column,
                    "labels": list(item.labels),
                    "activity": r.activity_count,
                    "prior": prior,
                    "direction": share,
                    "floor": floor,
                    "listed": shows_surest_direction(r),
                    "research": any(r.reason.find(h) >= 0 for h in REREAD_REASONS),
                    "title_says": title_says(r.title),
                    "direction_terms": direction_terms(list(r.terms)),
                    "described": bool(item.description),
                }
            )
    return out


Keep = Callable[[dict], bool]
Key = Callable[[dict], tuple]


def main_keep(r: dict) -> bool:
    """Session 14's rule: surer than the board's floor, direction shown."""
    return r["conf"] > r["floor"] and r["listed"]


def _order(r: dict) -> tuple:
    return (-r["conf"], -r["activity"], r["id"])


def pick(records: list[dict], keep: Keep, key: Key = _order) -> dict[str, list[dict]]:
    by_file: dict[str, list[dict]] = {}
    for r in records:
        if keep(r):
            by_file.setdefault(r["file"], []).append(r)
    return {name: sorted(recs, key=key)[:10] for name, recs in by_file.items()}


def score(records: list[dict], keep: Keep, key: Key = _order) -> tuple[int, int]:
    tops = pick(records, keep, key)
    good = sum(r["true"] == "strategic" for top in tops.values() for r in top)
    return good, sum(len(top) for top in tops.values())


def floor_at(r: dict, ratio: float) -> float:
    """The board's floor with ``SUREST_PRIOR_RATIO`` at ``ratio`` instead."""
    saved = balance.SUREST_PRIOR_RATIO
    balance.SUREST_PRIOR_RATIO = ratio
    try:
        return (
            SUREST_ABOVE
            if r["prior"] is None
            else surest_strategic_floor(r["prior"], r["direction"])
        )
    finally:
        balance.SUREST_PRIOR_RATIO = saved


def _and(*keeps: Keep) -> Keep:
    return lambda r: all(k(r) for k in keeps)


def list_only(r: dict) -> bool:
    """Only its list or labels name direction work: not its title, no word among its terms."""
    words = [t for t in r["terms"] if not t.startswith(("column:", "label:"))]
    return not r["title_says"] and direction_terms(words) == 0


LEVERS: dict[str, tuple[Keep, Key]] = {
    "main (session 14's rule)": (main_keep, _order),
    **{
        f"floor {x:g} (all items)": (_and(main_keep, lambda r, x=x: r["conf"] > x), _order)
        for x in (0.75, 0.8, 0.85, 0.9)
    },
    **{
        f"research re-read: surer than {x:g}": (
            _and(main_keep, lambda r, x=x: not r["research"] or r["conf"] > x),
            _order,
        )
        for x in (0.75, ONE_WORD_CAP, 0.85)
    },
    "research re-read: sure at the direction share (board read above it; shipped)": (
        _and(main_keep, lambda r: not r["research"] or r["conf"] > floor_at(r, 1.0)),
        _order,
    ),
    "research re-read: never listed": (_and(main_keep, lambda r: not r["research"]), _order),
    "research re-read: ranked last": (
        main_keep,
        lambda r: (r["research"], *_order(r)),
    ),
    "list/labels alone name direction: never listed": (
        _and(main_keep, lambda r: not list_only(r)),
        _order,
    ),
    **{
        f"list/labels alone: surer than {x:g}": (
            _and(main_keep, lambda r, x=x: not list_only(r) or r["conf"] > x),
            _order,
        )
        for x in (0.9, 0.95, 0.99)
    },
    "list/labels alone: ranked last": (main_keep, lambda r: (list_only(r), *_order(r))),
    "title names direction: ranked first": (
        main_keep,
        lambda r: (not r["title_says"], *_order(r)),
    ),
    "more direction terms first": (main_keep, lambda r: (-r["direction_terms"], *_order(r))),
    "at least 2 direction terms, or title names it": (
        _and(main_keep, lambda r: r["direction_terms"] >= 2 or r["title_says"]),
        _order,
    ),
    "terms or title name direction (a list's name alone not enough)": (
        _and(main_keep, lambda r: not r["terms"] or r["title_says"] or r["direction_terms"] > 0),
        _order,
    ),
    **{
        f"floor at a prior over {k:g} x direction share": (
            _and(
                lambda r: r["listed"],
                lambda r, k=k: r["conf"] > floor_at(r, k),
            ),
            _order,
        )
        for k in (2, 3, 4, 5)
    },
    "shipped + floor at a prior over 3 x direction share": (
        _and(
            lambda r: r["listed"],
            lambda r: r["conf"] > floor_at(r, 3.0),
            lambda r: not r["research"] or r["conf"] > floor_at(r, 1.0),
        ),
        _order,
    ),
    "one-word cap (0.8 exactly) never listed": (
        _and(main_keep, lambda r: abs(r["conf"] - ONE_WORD_CAP) > 1e-9),
        _order,
    ),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default="12,1,2,3,4,5,6,7")
    parser.add_argument("--no-bundled", action="store_true")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/surest_picks"))
    parser.add_argument("--rescan", action="store_true")
    parser.add_argument("--wrong", action="store_true", help="the wrong items main lists")
    args = parser.parse_args(argv)
    args.cache.mkdir(parents=True, exist_ok=True)
    names = model_names(args.seeds, not args.no_bundled)
    runs = cached_scans(names, HALVES, args.cache, scan_half, "picks-", args.rescan)
    halves = [h for h, _, _ in HALVES]
    print("lever | " + " | ".join(n for n, _ in names) + " | draws per half | all draws")
    for lever, (keep, key) in LEVERS.items():
        cells, per_half = [], {h: [0, 0] for h in halves}
        for name, _ in names:
            per = {h: score(runs[name].get(h, []), keep, key) for h in halves}
            if name != "bundled":
                for h, (g, s) in per.items():
                    per_half[h][0] += g
                    per_half[h][1] += s
            cells.append(
                f"{sum(g for g, _ in per.values())}/{sum(s for _, s in per.values())}"
                if name != "bundled"
                else " ".join(f"{g}/{s}" for g, s in per.values())
            )
        g = sum(v[0] for v in per_half.values())
        s = sum(v[1] for v in per_half.values())
        halves_cell = " ".join(f"{v[0]}/{v[1]}" for v in per_half.values())
        print(f"{lever} | " + " | ".join(cells) + f" | {halves_cell} | {g}/{s}")
    if args.wrong:
        for name, _ in names:
            for half in halves:
                for file, top in pick(runs[name].get(half, []), main_keep).items():
                    for rank, r in enumerate(top, 1):
                        if r["true"] != "strategic":
                            print(
                                f"{name} {half} {file} {r['id']} #{rank} {r['conf']:.3f} "
                                f"research={r['research']} list_only={list_only(r)} "
                                f"terms={r['terms']} column={r['column']!r}"
                            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
