"""Role-classifier quality on real boards (a benchmark, not a test: it reads ../shared/realdata).

The labels are ours, made by hand item by item, and stored as ``file,item_id,label,split`` only
(``models/eval/real_labels.csv``; the exports' texts are not ours to copy). Every labelled file
is scanned the way ``backlog-analyzer scan`` does (the real readers, the model, the report), and
its items are compared with the labels:

- macro-F1 over strategic/tactical with ``uncertain`` counted wrong, accuracy, ECE (10 bins, on
  the model's label before the threshold);
- accuracy per language (``models.language.detect`` on each item's title and description);
- per file: predicted vs true strategic share, and whether the surest strategic items are
  strategic by the labels: the half's own 10 most confident strategic items per file above the
  report's floor (higher on a board read at an implausible prior,
  ``analyzer.balance.surest_strategic_floor``) that name direction work
  (``analyzer.balance.shows_surest``: ``shows_surest_direction``, and an item the research-title
  rule read again sure at its board's direction share), as the report picks them (``surest``, what
  choices are made on with ``--split dev``), and the report's ``top_strategic`` (all items, with
  the count from each half).

    python benchmarks/bench_real_boards.py [--data ../shared/realdata]
                                           [--split dev|test|NAME-dev|NAME-test|NAME|all]
                                           [--labels CSV] [--model PATH] [--threshold 0.6]
                                           [--bootstrap N]

``--labels`` scores another labelled set with the same code, e.g. session 10's fresh held-out
boards: ``--data /work/freshdata --labels models/eval/fresh_labels.csv`` (where to fetch those
files: ``models/eval/FRESH_SOURCES.md``); ``--split all`` is every split the labels name. Each
fresh set NAME (``fresh``, ``fresh2``, …: ``models/eval/fresh_split.py``'s ``SETS``;
labels ``models/eval/NAME_labels.csv``, files ``models/eval/NAME_SOURCES.md`` in capitals) is
dealt into ``NAME-dev`` (choices are made on it) and ``NAME-test`` (only scored) by
``models/eval/fresh_split.py --set NAME``; ``--split NAME`` scores both halves as one.
``--bootstrap N`` adds each half's macro-F1 95 % interval over N resamples of its items and of
its whole files: how far a number is from a target in the noise of a few dozen strategic items.
Without the data folder it says so and exits 0 (a user's clone has none).
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from analyzer.balance import (  # noqa: E402
    SUREST_ABOVE,
    direction_share,
    shows_surest,
    surest_research_floor,
    surest_strategic_floor,
)
from analyzer.pipeline import read_board, scan_board  # noqa: E402
from connectors.interface import Board  # noqa: E402
from models.classifier import load_model  # noqa: E402
from models.eval.fresh_split import SETS as FRESH_SETS  # noqa: E402
from models.evaluate import expected_calibration_error  # noqa: E402
from models.language import detect  # noqa: E402

LABELS_CSV = ROOT / "models" / "eval" / "real_labels.csv"
DEFAULT_DATA = ROOT.parent / "shared" / "realdata"
#: the fresh held-out sets (``FRESH_SETS``, the splitter's): each dealt into ``NAME-dev``
#: (choices may be made on it) and ``NAME-test`` (only scored); ``--split NAME`` both as one
SPLITS = ("dev", "test") + tuple(f"{s}{h}" for s in FRESH_SETS for h in ("-dev", "-test", ""))


def read_labels(path: Path = LABELS_CSV) -> dict[str, dict[str, tuple[str, str]]]:
    """file name -> item id -> (label, split)."""
    out: dict[str, dict[str, tuple[str, str]]] = defaultdict(dict)
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            out[row["file"]][row["item_id"]] = (row["label"], row["split"])
    return out


def all_splits(labels: dict[str, dict[str, tuple[str, str]]]) -> tuple[str, ...]:
    """The splits the labels name: dev and test first (when present), then the others."""
    present = {split for per_file in labels.values() for _, split in per_file.values()}
    first = tuple(s for s in ("dev", "test") if s in present)
    return first + tuple(sorted(present - set(first)))


def bucket(split: str, asked: tuple[str, ...]) -> str | None:
    """Which asked split a labelled row counts in: its own, or the set's name (``fresh``,
    ``fresh2``) for either half of a fresh set when that name (both halves as one) is asked;
    ``None`` when none is asked."""
    if split in asked:
        return split
    whole, _, half = split.rpartition("-")
    if half in ("dev", "test") and whole in FRESH_SETS and whole in asked:
        return whole
    return None


def find(data: Path, name: str) -> Path | None:
    hits = sorted(data.rglob(name))
    return hits[0] if hits else None


def labelled_boards(
    data: Path, labels: dict[str, dict[str, tuple[str, str]]], *, say_missing: bool = False
) -> Iterator[tuple[str, Path, Board]]:
    """``(file name, path, board)`` of each labelled export found under ``data``, in name order,
    read as a scan reads it (``say_missing``: a line for each file not found)."""
    for name in sorted(labels):
        path = find(data, name)
        if path is None:
            if say_missing:
                print(f"{name}: not found under {data}; skipped")
            continue
        yield name, path, read_board(path, activity_details=False)


def macro_f1(pairs: list[tuple[str, str]]) -> float:
    """Macro-F1 over strategic/tactical; a prediction of ``uncertain`` is simply wrong."""
    f1s = []
    for label in ("strategic", "tactical"):
        tp = sum(1 for t, p in pairs if t == label and p == label)
        fp = sum(1 for t, p in pairs if t != label and p == label)
        fn = sum(1 for t, p in pairs if t == label and p != label)
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(f1s) / len(f1s)


#: a (true, final) pair's cell in the confusion counts ``_counts`` makes
_CELLS = {
    (t, f): i
    for i, (t, f) in enumerate(
        (t, f) for t in ("strategic", "tactical") for f in ("strategic", "tactical", "uncertain")
    )
}


def _counts(pairs: list[tuple[str, str]]) -> np.ndarray:
    """The six confusion counts of ``(true, final)`` pairs: true strategic or tactical, called
    strategic, tactical or uncertain (``_CELLS``' order)."""
    return np.bincount([_CELLS[pair] for pair in pairs], minlength=len(_CELLS))


def _macro_f1_of_counts(counts: np.ndarray) -> np.ndarray:
    """``macro_f1`` from confusion counts (last axis ``_CELLS``' six), any leading shape."""
    ss, st, su, ts, tt, tu = np.moveaxis(counts, -1, 0).astype(float)
    f1s = []
    for tp, fp, fn in ((ss, ts, st + su), (tt, st, ts + tu)):
        with np.errstate(invalid="ignore", divide="ignore"):
            f1s.append(np.where(tp > 0, 2 * tp / (2 * tp + fp + fn), 0.0))
    return (f1s[0] + f1s[1]) / 2


def macro_f1_interval(
    pairs_by_file: dict[str, list[tuple[str, str]]],
    *,
    by: str,
    draws: int = 2000,
    level: float = 0.95,
    seed: int = 0,
) -> tuple[float, float]:
    """The percentile interval of macro-F1 over ``draws`` bootstrap resamples of a half.

    ``by="items"`` resamples its items; ``by="files"`` resamples whole files (a board's items
    move together, as they do when a team scans its own board), the wider and more honest one
    when a half holds a few boards and a few dozen strategic items. How far a measured
    macro-F1 is from a target, in the sampling noise of the labelled items."""
    files = [_counts(pairs) for pairs in pairs_by_file.values() if pairs]
    rng = np.random.default_rng(seed)
    if by == "files":
        chosen = rng.integers(0, len(files), size=(draws, len(files)))
        counts = np.stack(files)[chosen].sum(axis=1)
    elif by == "items":
        total = np.sum(files, axis=0)  # n items drawn with replacement: a multinomial draw
        counts = rng.multinomial(total.sum(), total / total.sum(), size=draws)
    else:
        raise ValueError(f"by must be 'items' or 'files', not {by!r}")
    values = _macro_f1_of_counts(counts)
    low, high = np.quantile(values, [(1 - level) / 2, (1 + level) / 2])
    return float(low), float(high)


class Scored(NamedTuple):
    """What scanning the labelled boards gave, for the asked splits (a named tuple: the tests
    load this file as a module of no package, where a dataclass cannot be made)."""

    #: split -> (file, id, true label, final label, predicted label, confidence, language)
    rows: dict[str, list[tuple]]
    #: (file, id) of items the report would show among its surest strategic items
    direction: set[tuple[str, str]]
    #: file -> (label, split) of each item of the report's surest strategic list
    surest: dict[str, list[tuple[str, str]]]


def score_boards(
    data: Path,
    labels: dict[str, dict[str, tuple[str, str]]],
    splits: tuple[str, ...],
    model: Any,
    threshold: float,
) -> Scored:
    """Scan each labelled export under ``data`` as ``scan`` does and pair its items with the
    labels of the asked ``splits`` (a line for each file not found, or labelled items no
    longer read)."""
    scored = Scored({s: [] for s in splits}, set(), {})
    rows, direction, surest = scored.rows, scored.direction, scored.surest
    for name, path, board in labelled_boards(data, labels, say_missing=True):
        langs = {
            item.id: detect(f"{item.title} {item.description or ''}"[:600]) for item in board.items
        }
        read_at: list[float | None] = []  # the strategic share the scan read the board at
        report = scan_board(
            board, model, threshold=threshold, origin=str(path), on_prior=read_at.append
        )
        # the report's floor for its surest strategic items (higher on a board read at an
        # implausible prior; ``analyzer.balance.surest_strategic_floor``), from the prior the
        # scan estimated (not estimated a second time)
        share = read_at[0] if read_at else None
        floor = research = SUREST_ABOVE
        if share is not None:
            floor = surest_strategic_floor(share, direction_share(board.items))
            research = surest_research_floor(share, direction_share(board.items))
        for result in report.items:
            known = labels[name].get(result.id)
            if known is None:
                continue
            true, split = known
            split = bucket(split, splits)
            if split is None:
                continue
            pred = result.predicted_label or result.label
            rows[split].append(
                (name, result.id, true, result.label, pred, result.confidence, langs[result.id])
            )
            sure = result.label == "strategic" and result.confidence > floor
            if sure and shows_surest(result, research):
                direction.add((name, result.id))
        # labelled items the reader no longer makes items (session 30: Trello card templates,
        # labelled as cards before) are left out of every number: say so, per file
        seen = {result.id for result in report.items}
        gone = [i for i, (_, s) in labels[name].items() if i not in seen and bucket(s, splits)]
        if gone:
            print(f"{name}: {len(gone)} labelled item(s) not read as items; left out: {gone}")
        surest[name] = [labels[name].get(r.id, ("unlabelled", "-")) for r in report.top_strategic]
    return scored


def per_file(
    data: list[tuple], direction: set[tuple[str, str]]
) -> Iterator[tuple[str, list[tuple], float, int, int]]:
    """Each file of a half's rows, in name order: ``(file, its rows, |predicted - true|
    strategic share, surest right, surest shown)``. The surest are the half's own "surest
    strategic items": its 10 most confident strategic items above the report's floor
    (``SUREST_ABOVE``, or the board's higher one) that name direction work, as the report picks
    them (``direction``, from ``score_boards``)."""
    for name in sorted({r[0] for r in data}):
        mine = [r for r in data if r[0] == name]
        true_share = sum(r[2] == "strategic" for r in mine) / len(mine)
        pred_share = sum(r[3] == "strategic" for r in mine) / len(mine)
        top = sorted((r for r in mine if (r[0], r[1]) in direction), key=lambda r: -r[5])[:10]
        good = sum(r[2] == "strategic" for r in top)
        yield name, mine, abs(pred_share - true_share), good, len(top)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--split", choices=(*SPLITS, "all"), default="all")
    parser.add_argument(
        "--labels", type=Path, default=None, help=f"labels CSV (default: {LABELS_CSV})"
    )
    parser.add_argument("--model", default=None, help="model file (default: the bundled one)")
    parser.add_argument("--threshold", type=float, default=0.6)
    parser.add_argument(
        "--errors",
        action="store_true",
        help="list wrong items of dev and of each fresh set's dev half by id",
    )
    parser.add_argument(
        "--bootstrap",
        type=int,
        default=0,
        metavar="N",
        help="also print each half's macro-F1 95%% interval over N resamples of its items "
        "and of its files (e.g. 2000)",
    )
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        print(f"{args.data}: no real data here; nothing to measure")
        return 0
    labels = read_labels() if args.labels is None else read_labels(args.labels)
    splits = all_splits(labels) if args.split == "all" else (args.split,)
    model = load_model(args.model) if args.model else load_model()
    scored = score_boards(args.data, labels, splits, model, args.threshold)
    rows, direction, surest = scored.rows, scored.direction, scored.surest
    for split in splits:
        data = rows[split]
        if not data:
            continue
        pairs = [(t, f) for _, _, t, f, _, _, _ in data]
        correct = [p == t for _, _, t, _, p, _, _ in data]
        conf = [c for *_, c, _ in data]
        acc = sum(t == f for t, f in pairs) / len(pairs)
        ece = expected_calibration_error(np.array(conf), np.array(correct, dtype=float))
        uncertain = sum(f == "uncertain" for _, f in pairs) / len(pairs)
        print(
            f"[{split}] items {len(data)}  strategic {sum(t == 'strategic' for t, _ in pairs)}  "
            f"macro-F1 {macro_f1(pairs):.3f}  accuracy {acc:.3f}  ECE {ece:.3f}  "
            f"uncertain {uncertain:.1%}"
        )
        if args.bootstrap > 0:
            by_file: dict[str, list[tuple[str, str]]] = defaultdict(list)
            for name, _, t, f, *_rest in data:
                by_file[name].append((t, f))
            intervals = {
                by: macro_f1_interval(by_file, by=by, draws=args.bootstrap)
                for by in ("items", "files")
            }
            print(
                f"[{split}] macro-F1 95% interval over {args.bootstrap} resamples: "
                + ", ".join(
                    f"of the {by} {low:.3f}-{high:.3f}" for by, (low, high) in intervals.items()
                )
            )
        called = [t for t, f in pairs if f == "strategic"]
        print(
            f"[{split}] called strategic {len(called)}, strategic by the labels "
            f"{sum(t == 'strategic' for t in called)}"
        )
        by_lang: dict[str, list[bool]] = defaultdict(list)
        for _, _, t, f, *_rest, lang in data:
            by_lang[lang or "?"].append(t == f)
        print(
            f"[{split}] accuracy by language: "
            + ", ".join(
                f"{lang} {sum(v) / len(v):.3f} (n={len(v)})" for lang, v in sorted(by_lang.items())
            )
        )
        share_errors = []
        surest_half = [0, 0]  # strategic by the labels, shown
        for name, mine, share_error, good, shown in per_file(data, direction):
            true_share = sum(r[2] == "strategic" for r in mine) / len(mine)
            pred_share = sum(r[3] == "strategic" for r in mine) / len(mine)
            share_errors.append(share_error)
            f1 = macro_f1([(r[2], r[3]) for r in mine])
            print(
                f"[{split}]   {name:42s} n={len(mine):4d}  strategic true {true_share:6.1%}  "
                f"predicted {pred_share:6.1%}  (diff {100 * (pred_share - true_share):+5.1f} pts)  "
                f"macro-F1 {f1:.3f}  surest {good}/{shown}"
            )
            surest_half[0] += good
            surest_half[1] += shown
        print(
            f"[{split}] share error: mean {100 * sum(share_errors) / len(share_errors):.1f} pts, "
            f"max {100 * max(share_errors):.1f} pts, files within 10 pts "
            f"{sum(e <= 0.10 for e in share_errors)}/{len(share_errors)}; "
            f"surest strategic items (10 per file, this half) strategic by the labels: "
            f"{surest_half[0]}/{surest_half[1]}"
        )
        if args.errors and split in ("dev", *(f"{s}-dev" for s in FRESH_SETS)):
            for r in data:
                if r[2] != r[3]:
                    print(f"  {split} error {r[0]} {r[1]} true={r[2]} got={r[3]} p={r[5]:.2f}")
    # The report's list mixes both halves: only the asked halves' labels are shown, so a
    # ``--split dev`` run never shows a test item's label.
    print(
        "surest strategic items of each report (labels; the items of each half in brackets"
        + ("" if args.split == "all" else f"; {args.split} half only, the others counted")
        + "):"
    )
    for name, top in surest.items():
        seen = [label for label, half in top if bucket(half, splits)]
        unlabelled = sum(half == "-" for _, half in top)  # e.g. outside a labelled sample
        hidden = len(top) - len(seen) - unlabelled
        got = Counter(seen)
        halves = "; ".join(
            f"{half} " + ", ".join(f"{k} {v}" for k, v in sorted(c.items()))
            for half in splits
            if (c := Counter(label for label, s in top if bucket(s, splits) == half))
        )
        print(
            f"  {name:42s} {len(top)} shown: "
            + ", ".join(f"{k} {v}" for k, v in sorted(got.items()))
            + (f"  ({halves})" if halves and args.split == "all" else "")
            + (f"  ({hidden} of the other half, labels not shown)" if hidden else "")
            + (f"  ({unlabelled} unlabelled)" if unlabelled else "")
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
