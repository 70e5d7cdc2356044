"""Session 25 (issue 12): who writes an item — does a person whose *other* items the scan reads
strategic tell direction work from delivery work where its words do not? Measured on the **dev**
halves only (real ``dev``, ``fresh-dev`` … ``fresh10-dev``; never a ``*-test`` half), over the
bundled model and the eight template draws of ``research.real_dev_sweep``.

The report is about roles (PM work vs PO work), and a board's direction work is often written by
the few people who do it; session 24 read an item's activity and hierarchy but not its people.
Per dev item, for each of its people — assignee, reporter, creator (the first "created" action's
actor) and the card member whose other items read most strategic — how many of that person's
other items of the board there are and how many the scan reads strategic (:func:`person_cues`:
only the scan's labels, which a scan has, never the hand labels). A *cue* holds when that share is
at least ``share`` with at least ``least`` such items; a *lever* reads an item the scan does not
call strategic as strategic when the cue holds and its strategic probability (the scan's ``p``,
or ``lifted``: read again with the direction holds lifted, ``research.s25_seed_similarity``) is
at least ``lo``. Printed: the cue's rates among misses, found items, false calls and right
tactical calls (bundled), then each lever's found and false calls and macro-F1 per half.

    python -m research.s25_people [--seeds 12,1,…] [--cache DIR]

Needs the scans ``research.s25_seed_similarity`` keeps in ``--cache``; prints counts only.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from research.s25_seed_similarity import score  # noqa: E402

ROLES = ("assignee", "reporter", "creator", "member")


def person_cues(
    items: Sequence[object], creators: Mapping[str, str], read: Mapping[str, str]
) -> dict[str, dict[str, tuple[int, int]]]:
    """Per item id, per role: (the person's other items, how many of them ``read`` calls
    strategic); (0, 0) without such a person. ``creators``: item id -> its creator's id. For
    ``member``, the member whose other items read most strategic (by share)."""
    by: dict[str, dict[str, list[str]]] = {role: defaultdict(list) for role in ROLES}

    def people(item: object) -> Iterable[tuple[str, str]]:
        for role, pid in (
            ("assignee", item.assignee),  # type: ignore[attr-defined]
            ("reporter", item.reporter),  # type: ignore[attr-defined]
            ("creator", creators.get(item.id)),  # type: ignore[attr-defined]
        ):
            if pid:
                yield role, pid
        for pid in item.members:  # type: ignore[attr-defined]
            yield "member", pid

    for item in items:
        for role, pid in people(item):
            by[role][pid].append(item.id)  # type: ignore[attr-defined]
    out = {}
    for item in items:
        counts: dict[str, tuple[int, int]] = {role: (0, 0) for role in ROLES}
        for role, pid in people(item):
            others = [i for i in by[role][pid] if i != item.id]  # type: ignore[attr-defined]
            pair = (len(others), sum(read.get(i) == "strategic" for i in others))
            if role != "member" or _share(pair) > _share(counts["member"]):
                counts[role] = pair
        out[item.id] = counts  # type: ignore[attr-defined]
    return out


def _share(pair: Sequence[int]) -> float:
    return pair[1] / pair[0] if pair[0] else 0.0


def cue(role: str, share: float, least: int) -> Callable[[dict], bool]:
    """The person in ``role`` has at least ``least`` other items read strategic, ``share`` of
    their other items or more."""
    return lambda r: r[role][1] >= least and _share(r[role]) >= share


def lever(holds: Callable[[dict], bool], reading: str, lo: float) -> Callable[[dict], str]:
    """An item not read strategic, the cue holding and its ``reading`` at least ``lo``:
    strategic; every other item as scanned."""

    def label(r: dict) -> str:
        if r["label"] != "strategic" and holds(r) and r.get(reading, r["p"]) >= lo:
            return "strategic"
        return r["label"]

    return label


def group(r: dict) -> str:
    if r["true"] == "strategic":
        return "found" if r["label"] == "strategic" else "miss"
    return "false" if r["label"] == "strategic" else "right"


def board_cues(model_path: Path | None) -> dict[tuple[str, str], dict]:
    """(file, id) -> the person cues of every dev item as ``model_path`` scans its board."""
    from connectors.interface import ActivityKind
    from research.halves import HALVES, load, scanned_boards

    model = load(model_path)
    out: dict[tuple[str, str], dict] = {}
    for half, data, labels in HALVES:
        if not data.is_dir():
            continue
        for scanned in scanned_boards(model, data, labels):
            board = scanned.board
            creators: dict[str, str] = {}
            for a in board.activities:
                if a.kind == ActivityKind.CREATED and a.actor_id:
                    creators.setdefault(a.item_id, a.actor_id)
            read = {r.id: r.label for r in scanned.report.items}
            cues = person_cues(board.items, creators, read)
            for item in board.items:
                ref = item.id if item.id in scanned.labels else item.key
                known = scanned.labels.get(ref) if ref else None
                if known is not None and known[1] == half:
                    out[(scanned.name, ref)] = cues[item.id]
    return out


def main(argv: list[str] | None = None) -> int:
    from research.halves import model_names

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default="12,1,2,3,4,5,6,7")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/s25-recall/cache"))
    args = parser.parse_args(argv)
    rows: list[dict] = []
    for name, seed in model_names(args.seeds, bundled=True):
        scans = args.cache / f"rows-{name}.json"
        if not scans.exists():
            print(f"{scans}: run research.s25_seed_similarity first")
            return 0
        cached = args.cache / f"people-{name}.json"
        if not cached.exists():
            path = None if seed is None else args.cache / f"m{seed}.json"
            cues = board_cues(path)
            cached.write_text(json.dumps([[f, i, c] for (f, i), c in cues.items()]))
        cues = {(f, i): c for f, i, c in json.loads(cached.read_text())}
        rows += [{**r, **cues[(r["file"], r["id"])]} for r in json.loads(scans.read_text())]
    bundled = [r for r in rows if r["model"] == "bundled"]
    by = {g: [r for r in bundled if group(r) == g] for g in ("miss", "found", "false", "right")}
    print("cue (bundled) | " + " | ".join(f"{g} ({len(v)})" for g, v in by.items()))
    cues = {
        f"{role}'s other items >= {share:g} read strategic (>= {least})": cue(role, share, least)
        for role in ROLES
        for share in (0.1, 0.2, 0.5)
        for least in (1, 2)
    }
    for role in ROLES:
        cues[f"has a {role} with other items"] = lambda r, role=role: r[role][0] > 0
    for name, holds in cues.items():
        print(f"{name} | " + " | ".join(str(sum(map(holds, v))) for v in by.values()))
    print("\nlever | found | false | real dev | fresh mean (bundled) || found | false (9 models)")
    for role in ("reporter", "creator", "assignee", "member"):
        for share in (0.1, 0.2):
            for reading in ("p", "lifted"):
                for lo in (0.05, 0.2, 0.4):
                    fn = lever(cue(role, share, 1), reading, lo)
                    one = score(bundled, fn)
                    nine = score(rows, fn)
                    print(
                        f"{role} >= {share:g}, {reading} >= {lo:g} | {one['found']} | "
                        f"{one['false']} | {one['real']:.3f} | {one['fresh']:.3f} || "
                        f"{nine['found']} | {nine['false']}"
                    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
