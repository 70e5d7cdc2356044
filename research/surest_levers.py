"""Levers for the report's "surest strategic items", measured on the real boards' **dev** half.

Which items a report lists as its board's surest strategic ones changes no label, share or
macro-F1: only the pick. So the eight template draws of ``research.real_dev_sweep`` are trained
once (kept under ``--cache``, default ``/tmp/surest_levers``), each scanned once, and every lever
is scored on the same scans: per draw, the half's own surest strategic items (the dev items the
report would list, 10 per file at most, as ``benchmarks/bench_real_boards.py`` counts them) that
are strategic by the labels. Never reads a test item's label (dev items only are kept).

    python -m research.surest_levers [--seeds 12,1,2,3,4,5,6,7] [--bundled] [--show]

Needs ``../shared/realdata``.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import benchmarks.bench_real_boards as bench  # noqa: E402
import models.rules as rules  # noqa: E402
from analyzer.balance import SUREST_ABOVE  # noqa: E402
from models.calibration import BoardPrior  # noqa: E402
from models.interface import ItemDoc  # noqa: E402
from models.language import fold_accents  # noqa: E402
from models.rules import names_direction, shows_direction  # noqa: E402
from research import halves  # noqa: E402
from research.halves import cached_scans, load, model_for, model_names, scanned_boards  # noqa: E402, F401

#: Other shares a board is read with for the flatter-prior levers (the confidence again).
ALT_PRIORS = (0.05, 0.10, 0.15, 0.20, 0.25, 0.30, 0.40)


def scan_records(model_path: Path | None, data: Path) -> list[dict]:
    """One record per dev item the model calls strategic (the only candidates of the list)."""
    model = load(model_path)
    out = []
    for scanned in scanned_boards(model, data):
        name, board, report, labels = scanned.name, scanned.board, scanned.report, scanned.labels
        docs = [ItemDoc.from_item(item) for item in board.items]
        prior = model.estimate_prior(docs)
        share = prior["strategic"] if prior else None
        alt: dict[float, list[float]] = {}
        if prior is not None:
            for x in ALT_PRIORS:
                other = BoardPrior({"strategic": x, "tactical": 1 - x}, prior.weights)
                alt[x] = [p.scores["strategic"] for p in model.predict(docs, prior=other)]
        by_id = {item.id: i for i, item in enumerate(board.items)}
        reported = {r.id for r in report.top_strategic}
        for r in report.items:
            known = labels.get(r.id)
            if known is None or known[1] != "dev" or r.label != "strategic":
                continue
            i = by_id[r.id]
            item = board.items[i]
            out.append(
                {
                    "file": name,
                    "id": r.id,
                    "true": known[0],
                    "conf": r.confidence,
                    "terms": list(r.terms),
                    "column": r.column,
                    "title": r.title,
                    "labels": list(item.labels),
                    "description": bool(item.description),
                    "activity": r.activity_count,
                    "prior": share,
                    "alt": {str(x): v[i] for x, v in alt.items()},
                    "reported": r.id in reported,
                }
            )
    return out


def _logit(p: float) -> float:
    p = min(max(p, 1e-9), 1 - 1e-9)
    return math.log(p / (1 - p))


def shifted(rec: dict, to: float) -> float:
    """The record's confidence with its board's prior swapped for ``to`` (a logit shift)."""
    z = _logit(rec["conf"]) - _logit(rec["prior"]) + _logit(to)
    return 1 / (1 + math.exp(-z))


Pick = Callable[[list[dict]], list[dict]]


def base_keep(rec: dict) -> bool:
    return rec["conf"] > SUREST_ABOVE and (
        not rec["terms"] or names_direction(rec["terms"], rec["column"], rec["title"])
    )


def top10(recs: list[dict], key: Callable[[dict], float] = lambda r: r["conf"]) -> list[dict]:
    return sorted(recs, key=lambda r: (-key(r), -r["activity"], r["id"]))[:10]


def score(records: list[dict], pick: Pick) -> tuple[int, int]:
    good = shown = 0
    for name in sorted({r["file"] for r in records}):
        top = pick([r for r in records if r["file"] == name])
        good += sum(r["true"] == "strategic" for r in top)
        shown += len(top)
    return good, shown


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default="12,1,2,3,4,5,6,7")
    parser.add_argument("--bundled", action="store_true", help="the bundled model as well")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/surest_levers"))
    parser.add_argument("--rescan", action="store_true")
    args = halves.with_real_data(parser, argv)
    if args is None:
        return 0
    args.cache.mkdir(parents=True, exist_ok=True)
    names = model_names(args.seeds, args.bundled, space=" ")
    real_dev = (("dev", args.data, bench.LABELS_CSV),)
    scans = cached_scans(
        names,
        real_dev,
        args.cache,
        lambda m, *_: scan_records(m, args.data),
        "records-",
        args.rescan,
    )
    runs = {name: per_half["dev"] for name, per_half in scans.items()}
    for lever, pick in LEVERS.items():
        per = [score(runs[name], pick) for name, _ in names]
        draws = [p for (name, _), p in zip(names, per, strict=True) if name != "bundled"]
        good, shown = sum(g for g, _ in draws), sum(s for _, s in draws)
        line = " ".join(f"{g}/{s}" for g, s in per)
        print(f"{lever:44s} {line}   draws {good}/{shown} ({good / max(shown, 1):.0%})")
    return 0


def at_prior(rec: dict, most: float) -> float:
    """The record's confidence with its board read at ``most`` strategic at most (scanned again
    at that share when it is one of ``ALT_PRIORS``, else a logit shift)."""
    if rec["prior"] is None or rec["prior"] <= most:
        return rec["conf"]
    again = rec["alt"].get(str(most))
    return again if again is not None else shifted(rec, most)


Keep = Callable[[dict], bool]


def picked(*keeps: Keep, key: Callable[[dict], float] = lambda r: r["conf"]) -> Pick:
    """The 10 best by ``key`` of the items every one of ``keeps`` accepts."""

    def pick(recs: list[dict]) -> list[dict]:
        return top10([r for r in recs if all(k(r) for k in keeps)], key=key)

    return pick


def under_prior(most: float) -> Keep:
    """Sure even with its board read at ``most`` strategic at most."""
    return lambda r: at_prior(r, most) > SUREST_ABOVE


def _folded(text: str) -> str:
    return rules._SEPARATORS.sub(" ", fold_accents(text).lower())


def title_says(rec: dict) -> bool:
    """The item's title names direction work (an engineering strategy's "strategy" aside)."""
    title = _folded(rec["title"] or "")
    title = rules._ENGINEERING_STRATEGY.sub(" ", title)
    return bool(rules._DIRECTION.search(title))


def list_says(rec: dict) -> bool:
    """Its list or its labels name direction work (as names: the first vocabulary)."""
    where = _folded(rec["column"] or "")
    if rules._LIST_DIRECTION.search(where) or rules._LIST_ONLY_DIRECTION.search(where):
        return True
    terms = rec["terms"]
    labels = rec["labels"] if LABELS_TOO else [t[6:] for t in terms if t.startswith("label:")]
    return any(rules._LIST_DIRECTION.search(_folded(label)) for label in labels)


LABELS_TOO = False  # the item's labels (True) or only those among its reason terms (a report's)


def shown(rec: dict) -> bool:
    """Its title, list or labels name direction work (or it has no title)."""
    return not rec["title"] or title_says(rec) or list_says(rec)


def per_list(most: int, *keeps: Keep) -> Pick:
    """At most ``most`` items of one list."""

    def pick(recs: list[dict]) -> list[dict]:
        kept = sorted(
            (r for r in recs if all(k(r) for k in keeps)),
            key=lambda r: (-r["conf"], -r["activity"], r["id"]),
        )
        seen: dict[str | None, int] = {}
        out = []
        for r in kept:
            if seen.get(r["column"], 0) < most:
                seen[r["column"]] = seen.get(r["column"], 0) + 1
                out.append(r)
        return out[:10]

    return pick


def _shipped(rec: dict) -> bool:
    return rec["conf"] > SUREST_ABOVE and (
        not rec["terms"] or shows_direction(rec["terms"], rec["column"], rec["title"])
    )


def _floor(x: float) -> Keep:
    return lambda r: r["conf"] > x


LEVERS: dict[str, Pick] = {
    "main (floor 0.7 + direction)": picked(base_keep),
    **{
        f"sure at a prior of at most {x:.2f}": picked(base_keep, under_prior(x))
        for x in ALT_PRIORS[1:-1]
    },
    "ranked at a prior of at most 0.10": picked(base_keep, key=lambda r: at_prior(r, 0.1)),
    **{f"at most {k} per list": per_list(k, base_keep) for k in (2, 3, 5)},
    "title/list/labels name direction (+ terms)": picked(base_keep, shown),
    "title/list/labels name direction (no terms)": picked(_floor(SUREST_ABOVE), shown),
    **{
        f"title/list/labels + prior at most {x:.2f}": picked(base_keep, shown, under_prior(x))
        for x in (0.1, 0.2, 0.3)
    },
    "title/list/labels + floor 0.75": picked(base_keep, shown, _floor(0.75)),
    "title/list/labels + at most 3 per list": per_list(3, base_keep, shown),
    "shipped (rules.shows_direction)": picked(_shipped),
}


if __name__ == "__main__":
    raise SystemExit(main())
