"""Session 24 (issue 12): cues the model does not read yet — an item's place in the hierarchy,
its activity, its description's structure — for strategic recall on the **dev** halves (real
``dev``, ``fresh-dev`` … ``fresh10-dev``; never a ``*-test`` half).

Session 23 found the typed direction misses bounded by the issue-type tokens and asked for a cue
that tells direction work from delivery *within* Stories and Tasks. Each dev item is scanned as
``scan`` reads it (bundled model) and kept with what such a cue may read:

- hierarchy: how many items name it as their parent, how many of those the scan reads strategic,
  whether its own parent is read strategic;
- activity: comments, transitions (moves and acceptances), distinct actors, days open;
- description: its length, and whether it reads as a problem statement (:data:`PROBLEM`: a
  problem, goal, why, hypothesis, background, outcome …) or as acceptance criteria
  (:data:`CRITERIA`: acceptance criteria, given/when/then, "as a … I want", steps to
  reproduce, expected result …), in the five languages the model reads.

Every dev item the scan does not read strategic is read again three ways with the direction
holds lifted (``models.rules_applied.held_at_cap`` patched to leave a row as it is): as it is,
without its issue type and level, and without its type, level and list — the most a cue that
only re-reads an item can find. A *lever* is a cue plus one of those readings, ``bonus`` logits
toward strategic and a floor: a cue item not read strategic becomes strategic when the reading,
shifted, reaches the floor (every other item keeps the scan's label; the board's prior as the
scan estimated it). Scored as session 23 scored its levers: found (strategic by the labels) and
false calls, real dev macro-F1 and the mean over the fresh dev halves
(``benchmarks.bench_real_boards.macro_f1``; ``uncertain`` counted wrong).

    python -m research.s24_cues [--cache FILE] [--rescan]
    python -m research.s24_cues --keep DIR --seeds 12,1,2,3,4,5,6,7 [--cache FILE] [--rescan]

Prints the cues' rates among misses, finds, false calls and right tactical calls, then the
levers. Needs the data (the dev halves' exports); prints item ids only, never a title. Every dev
half of ``research.halves.HALVES`` whose folder is present is read (session 34: real dev and
fresh … fresh15). ``--keep DIR --seeds …`` (session 34): the template draws
``research.real_dev_sweep --keep DIR`` saved (``DIR/m<seed>.json``, trained there when absent),
each scanned in turn (its rows cached beside ``--cache`` as ``<stem>-m<seed>.json``) and the
levers' finds and false calls summed over the draws. The lever lines give them over every half,
then over the old halves (real dev, fresh-dev … fresh10-dev), the new ones (fresh11-dev …
fresh15-dev) and fresh13-dev alone (SAP's feature requests: where every vocabulary block added
false calls).
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.bench_real_boards import macro_f1  # noqa: E402
from connectors.interface import ActivityKind, Item  # noqa: E402
from models.language import fold_accents  # noqa: E402

#: a description that states a problem, a goal or an outcome (folded, lower case)
PROBLEM = re.compile(
    r"\b(?:problem\w*|goals?|objectives?|why|hypothes\w*|background|context|purpose|outcomes?"
    r"|success (?:metrics?|criteria)|stakeholders?|deliverables?|objetivos?|problemas?|hipotesis"
    r"|contexto|proposito|ziele?|hintergrund|objectifs?|problematique|enjeux|objetivo)\b"
)
#: a description written as acceptance criteria or a defect's report
CRITERIA = re.compile(
    r"acceptance criteria|criterios? de aceptacion|criteres? d.acceptation|akzeptanzkriterien"
    r"|criterios? de aceite|definition of done|steps to reproduce|pasos para reproducir"
    r"|expected (?:result|behaviou?r)|actual (?:result|behaviou?r)|resultado esperado"
    r"|\bgiven\b.{0,200}\bwhen\b.{0,200}\bthen\b|\bdado\b.{0,200}\bcuando\b"
    r"|\bas an? .{0,60}\bi (?:want|need|would like)\b|\bcomo .{0,60}\bquiero\b",
    re.S,
)
#: the halves session 33 labelled (the sweep's "new" halves); the rest are "old"
NEW_HALVES = frozenset(f"fresh{n}-dev" for n in range(11, 16))
#: the half shown on its own (a product-management requirements backlog)
SHOWN_HALF = "fresh13-dev"
#: the readings of an item not read strategic, holds lifted: as it is, without its type and
#: level, without its type, level and list
READINGS = ("as_is", "no_type", "aside")


def description_shape(text: str | None) -> tuple[bool, bool]:
    """(states a problem, written as criteria) for a description."""
    said = fold_accents(text or "").lower()
    return bool(PROBLEM.search(said)), bool(CRITERIA.search(said))


def item_cues(items: Sequence[Item], activities: Sequence[object], read: dict[str, str]) -> dict:
    """Per item id, what a cue may read (``read``: item id -> the scan's label)."""
    ids = {item.id for item in items}
    by_key = {item.key: item.id for item in items if item.key}
    children: dict[str, list[str]] = defaultdict(list)
    for item in items:
        if item.parent and (parent := by_key.get(item.parent, item.parent)) in ids:
            children[parent].append(item.id)
    kinds: dict[str, Counter[str]] = defaultdict(Counter)
    actors: dict[str, set[str]] = defaultdict(set)
    for a in activities:
        kinds[a.item_id][a.kind] += 1  # type: ignore[attr-defined]
        if a.actor_id:  # type: ignore[attr-defined]
            actors[a.item_id].add(a.actor_id)  # type: ignore[attr-defined]
    out = {}
    for item in items:
        parent = by_key.get(item.parent, item.parent) if item.parent else None
        problem, criteria = description_shape(item.description)
        done = item.resolved or item.updated
        k = kinds[item.id]
        out[item.id] = {
            "type": item.type,
            "level": item.hierarchy_level,
            "children": len(children[item.id]),
            "children_strategic": sum(read.get(c) == "strategic" for c in children[item.id]),
            "parent_strategic": parent is not None and read.get(parent) == "strategic",
            "described": bool(item.description),
            "problem": problem,
            "criteria": criteria,
            "comments": k[ActivityKind.COMMENTED],
            "transitions": k[ActivityKind.MOVED] + k[ActivityKind.ACCEPTED],
            "actors": len(actors[item.id]),
            "days": (done - item.created).days if item.created and done else None,
        }
    return out


def typed(r: dict) -> bool:
    """A Story, Task or Sub-task (a typed item of level 0 or -1)."""
    return r["type"] is not None and r["level"] in (0, -1)


Cue = Callable[[dict], bool]
#: the cues measured (each a function of an item's record)
CUES: dict[str, Cue] = {
    "has children": lambda r: r["children"] > 0,
    "a child read strategic": lambda r: r["children_strategic"] > 0,
    "its parent read strategic": lambda r: r["parent_strategic"],
    "described": lambda r: r["described"],
    "description states a problem, no criteria": lambda r: r["problem"] and not r["criteria"],
    "description written as criteria": lambda r: r["criteria"],
    "a comment or more": lambda r: r["comments"] > 0,
    "more comments than transitions": lambda r: r["comments"] > r["transitions"],
    "three actors or more": lambda r: r["actors"] >= 3,
    "open over 60 days": lambda r: r["days"] is not None and r["days"] > 60,
}
#: the levers measured: (cue, reading, bonus logits, floor)
LEVERS: dict[str, tuple[Cue, str, float, float]] = {
    **{
        f"A problem-statement description{scope}: {reading} +{bonus:g}, >= {floor:g}": (
            (lambda r, t=t: (not t or typed(r)) and r["problem"] and not r["criteria"]),
            reading,
            bonus,
            floor,
        )
        for scope, t in (("", False), (" (Story/Task/Sub-task)", True))
        for reading, bonus, floor in (("aside", 0, 0.7), ("aside", 2, 0.7), ("as_is", 2, 0.6))
    },
    **{
        f"B {name}: {reading} +{bonus:g}, >= {floor:g}": (cue, reading, bonus, floor)
        for name, cue in (
            ("parent of an item read strategic", lambda r: r["children_strategic"] > 0),
            ("parent of any item", lambda r: r["children"] > 0),
        )
        for reading, bonus, floor in (("aside", 0, 0.7), ("aside", 2, 0.7), ("as_is", 2, 0.6))
    },
    **{
        f"C more comments than transitions: {reading} +{bonus:g}, >= {floor:g}": (
            lambda r: r["comments"] > r["transitions"],
            reading,
            bonus,
            floor,
        )
        for reading, bonus, floor in (("aside", 0, 0.7), ("aside", 2, 0.7), ("as_is", 2, 0.6))
    },
}


def group(r: dict) -> str:
    """miss, found, false (call) or right (tactical read as not strategic)."""
    if r["true"] == "strategic":
        return "found" if r["label"] == "strategic" else "miss"
    return "false" if r["label"] == "strategic" else "right"


def _logit(p: float) -> float:
    p = min(max(p, 1e-9), 1.0 - 1e-9)
    return math.log(p / (1.0 - p))


def flipped(r: dict, reading: str, bonus: float, floor: float) -> bool:
    """Whether an item not read strategic becomes strategic under a lever: its ``reading``'s
    strategic probability, shifted by ``bonus`` logits, at ``floor`` or above."""
    if r["label"] == "strategic" or reading not in r:
        return False
    p = r[reading]
    return 1.0 / (1.0 + math.exp(-(_logit(p) + bonus))) >= floor


def score(rows: list[dict], cue: Cue, reading: str, bonus: float, floor: float) -> dict:
    """found, false calls, and macro-F1 per half with the lever applied."""
    found = false = 0
    by: Counter[str] = Counter()  # "<part> found" / "<part> false": old, new, the shown half
    pairs: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for r in rows:
        label = r["label"]
        if cue(r) and flipped(r, reading, bonus, floor):
            label = "strategic"
            found += r["true"] == "strategic"
            false += r["true"] != "strategic"
            kind = "found" if r["true"] == "strategic" else "false"
            by[f"{'new' if r['half'] in NEW_HALVES else 'old'} {kind}"] += 1
            if r["half"] == SHOWN_HALF:
                by[f"shown {kind}"] += 1
        pairs[r["half"]].append((r["true"], label))
    f1 = {half: macro_f1(p) for half, p in pairs.items()}
    fresh = [v for h, v in f1.items() if h != "dev"]
    return {
        "found": found,
        "false": false,
        **{
            f"{part} {kind}": by[f"{part} {kind}"]
            for part in ("old", "new", "shown")
            for kind in ("found", "false")
        },
        "f1": f1,
        "real": f1.get("dev"),
        "fresh": sum(fresh) / len(fresh) if fresh else None,
    }


def scan_rows(model_path: Path | None = None) -> list[dict]:
    """One record per dev item of every dev half (``model_path``'s model, else the bundled one),
    with its readings."""
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
            read = {r.id: r.label for r in scanned.report.items}
            cues = item_cues(board.items, board.activities, read)
            prior = board_prior_of(board.items, model)
            mine = [
                item
                for item in board.items
                if (known := scanned.labels.get(item.id)) is not None and known[1] == half
            ]
            again = [item for item in mine if read[item.id] != "strategic"]
            readings = {}
            if again:
                docs = [ItemDoc.from_item(item) for item in again]
                ways = {
                    "as_is": docs,
                    "no_type": [_without(d, keep_list=True) for d in docs],
                    "aside": [_without(d, keep_list=False) for d in docs],
                }
                held = rules_applied.held_at_cap
                rules_applied.held_at_cap = lambda proba, rows, k: proba
                try:
                    for way, way_docs in ways.items():
                        for item, p in zip(
                            again, model.predict(way_docs, prior=prior), strict=True
                        ):
                            strategic = p.confidence if p.label == "strategic" else 1 - p.confidence
                            readings.setdefault(item.id, {})[way] = strategic
                finally:
                    rules_applied.held_at_cap = held
            for item in mine:
                rows.append(
                    {
                        "half": half,
                        "file": scanned.name,
                        "id": item.id,
                        "true": scanned.labels[item.id][0],
                        "label": read[item.id],
                        **cues[item.id],
                        **readings.get(item.id, {}),
                    }
                )
    return rows


def _without(doc, keep_list: bool):  # type: ignore[no-untyped-def]
    from models.interface import ItemDoc

    return ItemDoc(
        title=doc.title,
        description=doc.description or "",
        type=None,
        labels=tuple(doc.labels or ()),
        column=doc.column if keep_list else None,
        hierarchy_level=None,
    )


def model_rows(args: argparse.Namespace) -> list[list[dict]]:
    """Each model's rows: the bundled model's, or each kept draw's (``--keep``, ``--seeds``)."""
    if args.keep is None:
        jobs = [(None, args.cache)]
    else:
        from research.halves import model_for

        args.keep.mkdir(parents=True, exist_ok=True)
        jobs = [
            (
                model_for(int(seed), args.keep),
                args.cache.with_name(f"{args.cache.stem}-m{seed}.json"),
            )
            for seed in args.seeds.split(",")
            if seed
        ]
    out = []
    for model_path, cache in jobs:
        if args.rescan or not cache.exists():
            cache.write_text(json.dumps(scan_rows(model_path)))
        out.append(json.loads(cache.read_text()))
    return out


def summed(runs: list[list[dict]], cue: Cue, reading: str, bonus: float, floor: float) -> dict:
    """:func:`score` of each model's rows: counts summed, macro-F1 averaged over the models."""
    scores = [score(rows, cue, reading, bonus, floor) for rows in runs]
    out: dict = {k: sum(s[k] for s in scores) for k in scores[0] if k.endswith(("found", "false"))}
    for key in ("real", "fresh"):
        known = [s[key] for s in scores if s[key] is not None]
        out[key] = sum(known) / len(known) if known else float("nan")
    return out


def lever_line(name: str, s: dict) -> str:
    return (
        f"{name} | {s['found']} | {s['false']} | {s['old found']} / {s['old false']} | "
        f"{s['new found']} / {s['new false']} | {s['shown found']} / {s['shown false']} | "
        f"{s['real']:.3f} | {s['fresh']:.3f}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=Path("/tmp/s24_cues.json"))
    parser.add_argument("--rescan", action="store_true")
    parser.add_argument("--keep", type=Path, default=None, help="the sweep's kept draws' folder")
    parser.add_argument("--seeds", default="12,1,2,3,4,5,6,7", help="with --keep: the draws")
    args = parser.parse_args(argv)
    runs = model_rows(args)
    rows = [r for run in runs for r in run]
    groups = ("miss", "found", "false", "right")
    for scope, keep in (("every dev item", lambda r: True), ("Story/Task/Sub-task", typed)):
        mine = [r for r in rows if keep(r)]
        by = {g: [r for r in mine if group(r) == g] for g in groups}
        print(f"cue ({scope}) | " + " | ".join(f"{g} ({len(by[g])})" for g in groups))
        for name, cue in CUES.items():
            cells = [
                f"{sum(map(cue, by[g]))} ({_pct(sum(map(cue, by[g])), len(by[g]))})" for g in groups
            ]
            print(f"{name} | " + " | ".join(cells))
    print(
        f"lever ({len(runs)} model(s), summed) | found | false | old found / false | "
        f"new found / false | {SHOWN_HALF} found / false | real dev | fresh dev mean"
    )
    print(lever_line("main", summed(runs, lambda r: False, "aside", 0, 1.0)))
    for name, (cue, reading, bonus, floor) in LEVERS.items():
        print(lever_line(name, summed(runs, cue, reading, bonus, floor)))
    for reading in READINGS:
        print(
            lever_line(
                f"any item, holds lifted, {reading} >= 0.7 (the ceiling of a re-read)",
                summed(runs, lambda r: True, reading, 0, 0.7),
            )
        )
    return 0


def _pct(n: int, of: int) -> str:
    return f"{100 * n / of:.0f} %" if of else "-"


if __name__ == "__main__":
    raise SystemExit(main())
