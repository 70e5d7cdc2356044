"""Session 24 (issue 12): the report's "surest strategic items" on **every dev half** (real
``dev``, ``fresh-dev`` … ``fresh10-dev``): which shown items are tactical by the labels, and
whether a readable rule on what a scan knows of an item (including what the pick does not read
today: its activity, its description, its children, its list's other items) shows only right
items without emptying lists that are right today.

Each half's boards are scanned once per model (the bundled one and the template draws of
``research.real_dev_sweep``, cached in ``--cache``); every item called strategic above
``SUREST_ABOVE`` is kept, of **both** halves (a report lists both), with its label only when it
is in the dev half (an item of a test half is counted as shown, its label never read). A lever
is a filter on the shipped pick (``analyzer.balance.shows_surest`` above the board's floor), and
is scored twice: the benchmark's count (each half's own 10 surest per file, strategic by the
labels) and the reports' lists (the 10 surest per file of both halves): lists shown, items
shown, and of them the dev items right / wrong.

    python -m research.s24_surest [--seeds 12,1,2,3,4,5,6,7] [--no-bundled] [--cache DIR]
                                  [--rescan] [--show]

``--show`` prints each shown dev item per model (file, id, rank, confidence, right/wrong, what
the levers read). Never reads a ``*-test`` half's labels. Needs the data.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analyzer.balance import (  # noqa: E402
    SUREST_ABOVE,
    direction_share,
    read_again,
    shows_surest,
    shows_surest_direction,
    surest_research_floor,
    surest_strategic_floor,
)
from connectors.interface import ActivityKind  # noqa: E402
from research.halves import HALVES, cached_scans, load, model_names, scanned_boards  # noqa: E402
from research.surest_picks import direction_terms, title_says  # noqa: E402


def scan_half(model_path: Path | None, half: str, data: Path, labels_csv: Path) -> list[dict]:
    """One record per item of ``half``'s boards called strategic above ``SUREST_ABOVE`` (both
    halves; ``true`` only for an item of ``half``)."""
    out = []
    for scanned in scanned_boards(load(model_path), data, labels_csv):
        board, prior, report = scanned.board, scanned.prior, scanned.report
        share = direction_share(board.items)
        floor = SUREST_ABOVE if prior is None else surest_strategic_floor(prior, share)
        research = SUREST_ABOVE if prior is None else surest_research_floor(prior, share)
        items = {item.id: item for item in board.items}
        keys = {item.key: item.id for item in board.items if item.key}
        children: Counter[str] = Counter()
        for item in board.items:
            if item.parent:
                children[keys.get(item.parent, item.parent)] += 1
        acts: dict[str, Counter[str]] = {}
        actors: dict[str, set[str]] = {}
        for a in board.activities:
            acts.setdefault(a.item_id, Counter())[a.kind] += 1
            if a.actor_id:
                actors.setdefault(a.item_id, set()).add(a.actor_id)
        by_list: dict[str | None, list[str]] = {}
        for r in report.items:
            by_list.setdefault(r.column, []).append(r.label)
        shown = {r.id for r in report.top_strategic}
        for r in report.items:
            if r.label != "strategic" or not r.confidence > SUREST_ABOVE:
                continue
            known = scanned.labels.get(r.id)
            mine = known is not None and known[1] == half
            item = items[r.id]
            kinds = acts.get(r.id, Counter())
            same_list = by_list.get(r.column, [])
            out.append(
                {
                    "file": scanned.name,
                    "id": r.id,
                    "half": "dev" if mine else "other",
                    "true": known[0] if mine else None,
                    "conf": r.confidence,
                    "terms": list(r.terms),
                    "column": r.column,
                    "type": item.type,
                    "level": item.hierarchy_level,
                    "labels": list(item.labels),
                    "activity": r.activity_count,
                    "comments": kinds.get(ActivityKind.COMMENTED, 0),
                    "moves": kinds.get(ActivityKind.MOVED, 0) + kinds.get(ActivityKind.ACCEPTED, 0),
                    "actors": len(actors.get(r.id, ())),
                    "children": children.get(r.id, 0),
                    "has_parent": bool(item.parent),
                    "description": len(item.description or ""),
                    "checklist": len(item.checklist_items),
                    "title_words": len((r.title or "").split()),
                    "list_strategic": sum(x == "strategic" for x in same_list) / len(same_list),
                    "list_size": len(same_list),
                    "prior": prior,
                    "direction": share,
                    "floor": floor,
                    "research_floor": research,
                    "keep": shows_surest(r, research),
                    "listed": shows_surest_direction(r),
                    "read_again": read_again(r),
                    "title_says": title_says(r.title),
                    "direction_terms": direction_terms(list(r.terms)),
                    "shown": r.id in shown,
                }
            )
    return out


Keep = Callable[[dict], bool]
#: what ``--show`` prints of each shown item
SHOWN = (
    "activity",
    "actors",
    "comments",
    "moves",
    "description",
    "children",
    "has_parent",
    "title_words",
    "list_strategic",
    "direction_terms",
    "title_says",
)


def shipped(r: dict) -> bool:
    """The report's pick since session 15: surer than the board's floor, ``shows_surest``."""
    return r["conf"] > r["floor"] and r["keep"]


def _order(r: dict) -> tuple:
    return (-r["conf"], -r["activity"], r["id"])


def pick(
    records: list[dict],
    keep: Keep,
    dev_only: bool,
    trim: Callable[[list[dict]], list[dict]] | None = None,
) -> dict[str, list[dict]]:
    by_file: dict[str, list[dict]] = {}
    for r in records:
        if (r["half"] == "dev" or not dev_only) and keep(r):
            by_file.setdefault(r["file"], []).append(r)
    out = {}
    for name, recs in by_file.items():
        ranked = sorted(recs, key=_order)
        out[name] = (trim(ranked) if trim else ranked)[:10]
    return out


def list_only(r: dict) -> bool:
    words = [t for t in r["terms"] if not t.startswith(("column:", "label:"))]
    return not r["title_says"] and direction_terms(words) == 0


def _and(*keeps: Keep) -> Keep:
    return lambda r: all(k(r) for k in keeps)


LEVERS: dict[str, Keep] = {
    "shipped (session 15's pick)": shipped,
    "no activity at all: not listed": _and(shipped, lambda r: r["activity"] > 0),
    "only its creation (activity <= 1): not listed": _and(shipped, lambda r: r["activity"] > 1),
    "one actor or none: not listed": _and(shipped, lambda r: r["actors"] > 1),
    "no description: not listed": _and(shipped, lambda r: r["description"] > 0),
    "no description, list-only: not listed": _and(
        shipped, lambda r: r["description"] > 0 or not list_only(r)
    ),
    "its list mostly tactical (< 50 % called strategic): not listed": _and(
        shipped, lambda r: r["list_strategic"] >= 0.5
    ),
    "its list < 25 % strategic: not listed": _and(shipped, lambda r: r["list_strategic"] >= 0.25),
    "title over 15 words: not listed": _and(shipped, lambda r: r["title_words"] <= 15),
    "a child of another item: not listed": _and(shipped, lambda r: not r["has_parent"]),
    "one direction term, title not naming it: not listed": _and(
        shipped, lambda r: r["direction_terms"] >= 2 or r["title_says"]
    ),
    "one direction term and no description: not listed": _and(
        shipped, lambda r: r["direction_terms"] >= 2 or r["description"] > 0
    ),
    "one direction term, no description, no comment: not listed": _and(
        shipped,
        lambda r: r["direction_terms"] >= 2 or r["description"] > 0 or r["comments"] > 0,
    ),
    "list-only (its list's name the only direction): none without activity past creation": _and(
        shipped, lambda r: not list_only(r) or r["activity"] > 1
    ),
    "board prior > 2 x direction share: surer than 0.99": _and(
        shipped,
        lambda r: r["prior"] is None or r["prior"] <= 2 * r["direction"] or r["conf"] > 0.99,
    ),
}


def _per_list(cap: int, only_list_named: bool) -> Callable[[list[dict]], list[dict]]:
    """At most ``cap`` items of one list (those only their list names, ``only_list_named``)."""

    def trim(top: list[dict]) -> list[dict]:
        seen: Counter[str | None] = Counter()
        out = []
        for r in top:
            if not only_list_named or list_only(r):
                seen[r["column"]] += 1
                if seen[r["column"]] > cap:
                    continue
            out.append(r)
        return out

    return trim


#: levers on a board's whole list (the shipped pick first): at most so many of one list
TRIMS: dict[str, Callable[[list[dict]], list[dict]]] = {
    "at most 2 items named by one list's name alone": _per_list(2, True),
    "at most 3 items named by one list's name alone": _per_list(3, True),
    "at most 3 items of one list": _per_list(3, False),
}


def score(
    records: list[dict],
    keep: Keep,
    dev_only: bool,
    trim: Callable[[list[dict]], list[dict]] | None = None,
) -> tuple[int, int, int, int]:
    """(lists shown, items shown, dev items right, dev items shown)."""
    tops = pick(records, keep, dev_only, trim)
    items = [r for top in tops.values() for r in top]
    dev = [r for r in items if r["half"] == "dev"]
    good = sum(r["true"] == "strategic" for r in dev)
    return sum(bool(t) for t in tops.values()), len(items), good, len(dev)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default="12,1,2,3,4,5,6,7")
    parser.add_argument("--no-bundled", action="store_true")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/s24_surest"))
    parser.add_argument("--rescan", action="store_true")
    parser.add_argument("--show", action="store_true")
    args = parser.parse_args(argv)
    args.cache.mkdir(parents=True, exist_ok=True)
    names = model_names(args.seeds, not args.no_bundled)
    runs = cached_scans(names, HALVES, args.cache, scan_half, "s24-", args.rescan)
    print(
        "lever | bundled: bench right/shown; reports lists, items, dev right/dev shown | "
        "draws: bench; reports"
    )
    levers = [(name, keep, None) for name, keep in LEVERS.items()]
    levers += [(name, shipped, trim) for name, trim in TRIMS.items()]
    for lever, keep, trim in levers:
        cells = []
        for group in (["bundled"], [n for n, _ in names if n != "bundled"]):
            bench = [0, 0]
            rep = [0, 0, 0, 0]
            for name in group:
                for records in runs.get(name, {}).values():
                    _, _, g, s = score(records, keep, True, trim)
                    bench[0] += g
                    bench[1] += s
                    for k, v in enumerate(score(records, keep, False, trim)):
                        rep[k] += v
            cells.append(
                f"{bench[0]}/{bench[1]}; {rep[0]} lists, {rep[1]} items, {rep[2]}/{rep[3]}"
            )
        print(f"{lever} | " + " | ".join(cells))
    if args.show:
        for name, _ in names:
            for half, records in runs[name].items():
                for file, top in pick(records, shipped, True).items():
                    for rank, r in enumerate(top, 1):
                        fields = " ".join(f"{k}={r[k]}" for k in SHOWN)
                        print(
                            f"{name} {half} {file} {r['id']} #{rank} {r['conf']:.3f} "
                            f"{r['true']} {fields} terms={r['terms']}"
                        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
