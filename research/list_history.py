"""Does an item's history say "direction work" where its current list does not?

Session 13 (issue 12, point 4: the board's own structure — list names, epics, parent links —
as evidence). Measured on the **dev** halves only (real ``dev``, ``fresh-dev``, ``fresh2-dev``,
``fresh3-dev``, ``fresh4-dev``; never a test half), each export read with its activities'
details (old and new list or status).

Per labelled dev item:

- *history*: how many activities it has at all (Trello exports keep the board's last 1 000
  actions), and the lists/statuses it was ever in — created in (``CREATED`` with a list), moved
  from or to (``MOVED``/``ACCEPTED`` on a list or status) — other than its current one;
- *once in a direction list*: one of those past lists names direction work as a list's name
  does for the rules (:func:`models.rules.names_direction`; a mixed list such as
  "Backlog / Ideas" counted apart, its name is no evidence in the rules);
- *parent*: its parent/epic, whether the parent is a labelled item and its label, and whether
  the parent's title or list names direction work.

Prints, per set, strategic vs tactical counts for each cue and the cue's precision as a
strategic cue; ``--items`` lists the items a cue reaches (file and id only) with the bundled
scan's reading, so the strategic misses it would reach are counted.

    python -m research.list_history [--items] [--scan]
    python -m research.list_history --parent-lever [--models m12.json,m1.json,...]

``--parent-lever`` measures the one structural cue that separated (a parent the scan reads
strategic; see models/HISTORY.md, "Session 13: list history") as a lever, simulated on the
reports: a child the scan reads tactical whose parent (by id or key) it reads strategic is read
again as if it had no issue type and level (``type``: the sub-task/task push gone), or no
type, level and list/status either (``type+list``); per model and dev half, macro-F1
(``uncertain`` wrong), ECE (the benchmark's), called strategic (right). Only boards where the
cue fires are read again; every other board's report is the same by construction.

Items are named by file and id only.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

import benchmarks.bench_real_boards as bench  # noqa: E402
from analyzer.pipeline import read_board, scan_board  # noqa: E402
from connectors.interface import ActivityKind  # noqa: E402
from models.language import fold_accents  # noqa: E402
from models.rules import _DIRECTION, _SEPARATORS, mixed_list, names_direction  # noqa: E402
from research.halves import halves_through  # noqa: E402

EVAL = ROOT / "models" / "eval"
#: (data folder, labels, dev half) of the halves measured in session 13
SETS = {
    half.removesuffix("-dev") if half != "dev" else "real": (data, labels, half)
    for half, data, labels in halves_through("fresh4-dev")
}
_PLACE_FIELDS = frozenset({"list", "status", "column"})


def direction_place(name: str | None) -> str:
    """``direction``, ``mixed`` (named after a stage and direction work at once) or ``""``."""
    if not name or not names_direction((), name):
        return ""
    return "mixed" if mixed_list(name) else "direction"


def title_direction(title: str | None) -> bool:
    """Whether a title's own words name direction work (the rules' word list)."""
    folded = _SEPARATORS.sub(" ", fold_accents(title or "").lower())
    return bool(_DIRECTION.search(folded))


def history_of(board) -> tuple[dict[str, int], dict[str, set[str]]]:
    """Per item id: how many activities it has; the lists/statuses it was ever in."""
    count: Counter[str] = Counter()
    places: dict[str, set[str]] = defaultdict(set)
    for activity in board.activities:
        count[activity.item_id] += 1
        if activity.kind is ActivityKind.CREATED and activity.new:
            places[activity.item_id].add(activity.new)
        elif activity.kind in (ActivityKind.MOVED, ActivityKind.ACCEPTED) and (
            (activity.field or "").lower() in _PLACE_FIELDS
        ):
            for name in (activity.old, activity.new):
                if name:
                    places[activity.item_id].add(name)
    return count, places


def _children_of_strategic(board, read: dict[str, tuple[str, float]]) -> list:
    """The items read tactical whose parent (by id or key) is read strategic."""
    by_id = {item.id: item for item in board.items}
    by_key = {item.key: item for item in board.items if item.key}
    out = []
    for item in board.items:
        if not item.parent or read.get(item.id, ("",))[0] != "tactical":
            continue
        parent = by_id.get(item.parent) or by_key.get(item.parent)
        if parent is not None and read.get(parent.id, ("",))[0] == "strategic":
            out.append(item)
    return out


def _read(report) -> dict[str, tuple[str, float, str]]:  # type: ignore[no-untyped-def]
    """id -> (label, confidence, the label before the threshold: what ECE scores, as the
    benchmark does)."""
    return {r.id: (r.label, r.confidence, r.predicted_label or r.label) for r in report.items}


def parent_lever(model_paths: list[str]) -> int:
    """Per model and dev half: the numbers before and with each variant of the parent lever."""
    from models.classifier import LinearRoleModel
    from models.evaluate import expected_calibration_error

    variants = ("main", "type", "type+list")
    summed: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for model_path in model_paths:
        model = None if model_path == "bundled" else LinearRoleModel.load(Path(model_path))
        for set_name, (data, labels_csv, split) in SETS.items():
            labels = bench.read_labels(labels_csv)
            rows: dict[str, list[tuple[str, str, float]]] = {v: [] for v in variants}
            for name in sorted(labels):
                wanted = {i: lab for i, (lab, s) in labels[name].items() if s == split}
                path = bench.find(data, name)
                if not wanted or path is None:
                    continue
                base = _read(scan_board(read_board(path, activity_details=False), model))
                got = {"main": base}
                board = read_board(path, activity_details=False)
                kids = {item.id for item in _children_of_strategic(board, base)}
                for variant in variants[1:]:
                    if not kids:
                        got[variant] = base
                        continue
                    board = read_board(path, activity_details=False)
                    for item in board.items:
                        if item.id in kids:
                            item.type = None
                            item.hierarchy_level = None
                            if variant == "type+list":
                                item.column = item.status = item.status_category = None
                    got[variant] = _read(scan_board(board, model))
                    moved = [(i, got[variant][i]) for i in kids if got[variant][i] != base[i]]
                    for item_id, (lab, conf, _) in moved:
                        print(
                            f"  {Path(model_path).name} {variant} {name} {item_id} "
                            f"[{wanted.get(item_id, 'not dev')}] {base[item_id][0]} "
                            f"{base[item_id][1]:.2f} -> {lab} {conf:.2f}"
                        )
                for variant in variants:
                    rows[variant] += [
                        (true, got[variant][i][0], got[variant][i][1], got[variant][i][2])
                        for i, true in wanted.items()
                        if i in got[variant]
                    ]
            for variant in variants:
                data_rows = rows[variant]
                pairs = [(t, f) for t, f, _, _ in data_rows]
                right = np.array([t == p for t, _, _, p in data_rows], dtype=float)
                ece = expected_calibration_error(np.array([c for _, _, c, _ in data_rows]), right)
                called = [t for t, f in pairs if f == "strategic"]
                tally = summed[set_name, variant]
                tally["f1"] += bench.macro_f1(pairs)
                tally["ece"] += ece
                tally["called"] += len(called)
                tally["right"] += sum(t == "strategic" for t in called)
                tally["n"] += 1
    print("half        variant     macro-F1 (mean)  ECE (mean)  called (right), summed")
    for (set_name, variant), t in summed.items():
        print(
            f"{set_name:11} {variant:11} {t['f1'] / t['n']:.4f}           "
            f"{t['ece'] / t['n']:.4f}      {t['called']} ({t['right']})"
        )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parent-lever", action="store_true")
    parser.add_argument("--models", default="bundled", help="comma-separated model files")
    parser.add_argument("--items", action="store_true", help="list the items each cue reaches")
    parser.add_argument("--scan", action="store_true", help="read each cued item as scan does")
    parser.add_argument("--sets", default=",".join(SETS))
    args = parser.parse_args(argv)
    if args.parent_lever:
        return parent_lever(args.models.split(","))
    total: Counter[tuple[str, str]] = Counter()
    for set_name in args.sets.split(","):
        data, labels_csv, split = SETS[set_name]
        labels = bench.read_labels(labels_csv)
        tally: Counter[tuple[str, str]] = Counter()
        for name in sorted(labels):
            wanted = {i: lab for i, (lab, s) in labels[name].items() if s == split}
            if not wanted:
                continue
            path = bench.find(data, name)
            if path is None:
                print(f"{name}: not found")
                continue
            board = read_board(path)
            count, places = history_of(board)
            by_id = {item.id: item for item in board.items}
            by_key = {item.key: item for item in board.items if item.key}
            with_history = sum(1 for i in wanted if count.get(i))
            moved = sum(1 for i in wanted if len(places.get(i, ())) > 1)
            print(
                f"{set_name} {name}: {len(wanted)} dev items "
                f"({sum(v == 'strategic' for v in wanted.values())} strategic), "
                f"{len(board.activities)} activities, {with_history} with any, "
                f"{moved} in more than one list/status"
            )
            cued: dict[str, list[str]] = defaultdict(list)
            parents_of: dict[str, str] = {}
            for item_id, label in wanted.items():
                item = by_id.get(item_id)
                if item is None:
                    continue
                here = item.column or item.status
                tally["items", label] += 1
                if count.get(item_id):
                    tally["any history", label] += 1
                past = places.get(item_id, set()) - {here}
                kinds = {direction_place(p) for p in past}
                if "direction" in kinds:
                    tally["once in a direction list", label] += 1
                    cued["past"].append(item_id)
                    if direction_place(here) != "direction":
                        tally["… and not in one now", label] += 1
                        cued["past, not now"].append(item_id)
                if "mixed" in kinds:
                    tally["once in a mixed list", label] += 1
                if direction_place(here) == "direction":
                    tally["in a direction list now", label] += 1
                if item.parent:
                    tally["has a parent", label] += 1
                    parent = by_id.get(item.parent) or by_key.get(item.parent)
                    if parent is not None:
                        # (a parent labelled in the dev half only: no test label is read)
                        plab, phalf = labels[name].get(parent.id, ("", ""))
                        if phalf != split:
                            plab = ""
                        else:
                            tally["parent labelled, dev", label] += 1
                        if plab:
                            tally[f"parent labelled {plab}", label] += 1
                            if plab == "strategic":
                                cued["parent strategic"].append(item_id)
                        if names_direction((), parent.column or parent.status, parent.title):
                            tally["parent's list names direction", label] += 1
                        if title_direction(parent.title):
                            tally["parent's title names direction", label] += 1
                            cued["parent title"].append(item_id)
                        parents_of[item_id] = parent.id
                        if parent.hierarchy_level == 1 or (parent.type or "").lower() == "epic":
                            tally["parent is an epic", label] += 1
            if args.items and (cued or parents_of):
                report = scan_board(board) if args.scan else None
                read = {}
                if report is not None:
                    read = {r.id: (r.label, r.confidence) for r in report.items}
                if report is not None:
                    for item_id, parent_id in parents_of.items():
                        if read.get(parent_id, ("",))[0] == "strategic":
                            tally["parent read strategic", wanted[item_id]] += 1
                            cued["parent read strategic"].append(item_id)
                for cue, ids in cued.items():
                    for item_id in ids:
                        item = by_id[item_id]
                        got = read.get(item_id, ("", 0.0))
                        print(
                            f"    {cue}: {item_id} {wanted[item_id]} now "
                            f"{(item.column or item.status)!r} read {got[0]} {got[1]:.2f} "
                            f"past {sorted(places.get(item_id, set()))}"
                        )
        _show(set_name, tally)
        total.update(tally)
    _show("all dev halves", total)
    return 0


def _show(title: str, tally: Counter[tuple[str, str]]) -> None:
    print(f"== {title}")
    cues = sorted({cue for cue, _ in tally}, key=lambda c: (c != "items", c))
    for cue in cues:
        s, t = tally[cue, "strategic"], tally[cue, "tactical"]
        share = f"{s / (s + t):.2f}" if s + t else "-"
        print(f"  {cue:32} strategic {s:4}  tactical {t:5}  precision {share}")


if __name__ == "__main__":
    raise SystemExit(main())
