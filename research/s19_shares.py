"""Session 19 (issue 12): the strategic share a report shows against the labels, per file of every
dev half (never a ``*-test`` half), and why a file's share falls short.

Issue 12's first target is what a reader sees: on every file the predicted strategic share within
10 points of the true one. For each labelled file of each dev half (``research.halves.HALVES``)
it prints the dev items, the true strategic share, the share the report shows (strategic among
all items, ``uncertain`` ones in the denominator only, as ``analyzer.portfolio.strategic_share``
and ``bench_real_boards.py`` count them), the gap, the EM's share before the direction floor, that
floor (``models.rules.direction_prior_floor``), the share the scan read the board at, and how many
true-strategic dev items were read ``uncertain`` / ``tactical``. The last lines give each half's
macro-F1, ECE and files within 10 points, as the bench prints them.

``--near PTS`` (default 7): for each file whose gap is at least that far from zero, each
true-strategic dev item not read strategic (file and id only, never a title) with its cause:

- ``held``: an evidence or title rule held it (its reason says so);
- ``uncertain``: read below the threshold;
- ``prior``: read strategic once the board is read at its true dev share instead of the EM's;
- ``model``: read tactical even then (the model's words).

``--variant SPEC`` installs a lever in process (:data:`VARIANTS`; models/HISTORY.md, "Session 19:
the shares a report shows", has what each measured); with one, only the files whose shown share
moves are printed, before → after, and each half's scores both ways. ``--count lean|half``:
uncertain items counted in the shown share by their lean (an item leaning strategic counts as
strategic) or as half an item each (the report counts none). ``--models DIR``: every saved model
``m*.json`` of a folder (``research.real_dev_sweep``'s ``--keep``: the eight draws), each one's
files within 10 points, mean gap, found and false strategic calls over the nine dev halves, and
their sums, shipped → variant (the sums are the sweep's found / false). Everything after ``--``
goes to ``research.real_dev_sweep`` with the variants installed::

    python -m research.s19_shares [--model PATH] [--near 7] [--variant SPEC] [--count lean]
    python -m research.s19_shares --models DIR --variant words-min=40
    python -m research.s19_shares --variant strength=0 -- --keep DIR --seeds 12,1,2,3,4,5,6,7 \\
        --fresh /work/freshdata ... --fresh8 /work/freshdata8

Variants: ``at=X[@N]`` (every board, of fewer than ``N`` items, read at share ``X``; ``model``:
the training prior),
``strength=K`` and ``center=C`` (the EM's pseudo-items), ``small-center=N`` (boards below ``N``
items centred on the training prior), ``nocaps[=N]`` (the EM without the evidence holds' caps),
``small=R@N`` (the direction floor on boards below ``N`` items), ``nohold[=P]`` (the direction
and title holds lifted on boards read at ``P`` or more), ``words-min=N`` (a board's common words
damped from ``N`` items).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import benchmarks.bench_real_boards as bench  # noqa: E402
import models._rules_applied as rules_applied  # noqa: E402
import models.classifier as classifier  # noqa: E402
import models.rules as rules  # noqa: E402
from models.evaluate import expected_calibration_error  # noqa: E402
from models.interface import STRATEGIC, TACTICAL  # noqa: E402
from research import halves, variants  # noqa: E402

UNCERTAIN = "uncertain"
_SHIPPED_BOARD_PRIOR = rules.board_prior
_SHIPPED_ESTIMATE = classifier.LinearRoleModel.estimate_prior
_SHIPPED_RULED = classifier.LinearRoleModel._ruled
_SHIPPED_HELD = rules_applied.held_at_cap
_SHIPPED = {
    n: getattr(rules, n)
    for n in ("BOARD_PRIOR_STRENGTH", "BOARD_PRIOR_CENTER", "BOARD_WORDS_MIN_ITEMS")
}
#: the heads of the reasons of an item an evidence or title rule held back from strategic
HELD = tuple(
    head.split(";")[0] for head in (rules.HELD_REASON, rules.TITLE_HELD_REASON, rules.THIN_REASON)
)
#: how the shown share counts an uncertain item: not at all (the report), by its lean, as half
COUNTS = ("report", "lean", "half")


@dataclass
class Row:
    """One dev item as the scan read it."""

    id: str
    true: str
    label: str  # after the threshold
    lean: str | None  # the model's label before it
    confidence: float
    reason: str

    @property
    def p(self) -> float:
        """Its probability of being strategic."""
        return self.confidence if self.lean == STRATEGIC else 1.0 - self.confidence


@dataclass
class FileShare:
    """One labelled file of a dev half, as the scan read it."""

    half: str
    name: str
    board: int  # items of the whole board
    em: float | None  # the EM's share before the direction floor
    floor: float  # rules.direction_prior_floor
    prior: float | None  # the share the board was read at
    rows: list[Row] = field(default_factory=list)

    @property
    def n(self) -> int:
        return len(self.rows)

    @property
    def true(self) -> float:
        return sum(r.true == STRATEGIC for r in self.rows) / self.n

    def shown(self, count: str = "report") -> float:
        """The strategic share the report shows (``count``: how uncertain items count)."""
        got = sum(r.label == STRATEGIC for r in self.rows)
        unsure = [r for r in self.rows if r.label == UNCERTAIN]
        if count == "lean":
            got += sum(r.lean == STRATEGIC for r in unsure)
        elif count == "half":
            got += 0.5 * len(unsure)
        return got / self.n

    def gap(self, count: str = "report") -> float:
        """Shown minus true share, in points."""
        return 100.0 * (self.shown(count) - self.true)

    def missed(self) -> list[Row]:
        return [r for r in self.rows if r.true == STRATEGIC and r.label != STRATEGIC]

    def called(self) -> tuple[int, int]:
        """Called strategic, and of those strategic by the labels."""
        calls = [r for r in self.rows if r.label == STRATEGIC]
        return len(calls), sum(r.true == STRATEGIC for r in calls)


def held(reason: str) -> bool:
    """Whether an evidence or title rule held the item back (its reason says so)."""
    return any(head in reason for head in HELD)


def _spy(seen: dict[str, float]) -> Callable[..., float]:
    def board_prior(p, model_prior, center=None, strength=None, iterations=100, caps=None):  # type: ignore[no-untyped-def]
        share = _SHIPPED_BOARD_PRIOR(p, model_prior, center, strength, iterations, caps)
        seen["em"] = share
        return share

    return board_prior


def _at(share_of: Callable[[object, list], float | None]) -> None:
    """Every board read at ``share_of(model, docs)`` (None: the shipped estimate)."""

    def estimate_prior(self, docs):  # type: ignore[no-untyped-def]
        board = _SHIPPED_ESTIMATE(self, docs)
        share = None if board is None else share_of(self, docs)
        if share is not None:
            board.update({STRATEGIC: share, TACTICAL: 1.0 - share})
        return board

    classifier.LinearRoleModel.estimate_prior = estimate_prior  # type: ignore[method-assign]


def _fixed(value: str) -> None:
    """``at=X[@N]``: every board (of fewer than ``N`` items) read at share ``X`` (``model``: the
    model's training prior)."""
    share, _, most = value.partition("@")
    below = int(most) if most else 1 << 62

    def share_of(m, docs):  # type: ignore[no-untyped-def]
        if len(docs) >= below:
            return None
        return m.model_prior[STRATEGIC] if share == "model" else float(share)

    _at(share_of)


def _small_floor(value: str) -> None:
    """``small=R@N``: the direction floor at ratio ``R`` on the boards below ``N`` items too."""
    ratio_text, _, most = value.partition("@")
    ratio, most_items = float(ratio_text), int(most or 500)

    def estimate_prior(self, docs):  # type: ignore[no-untyped-def]
        board = _SHIPPED_ESTIMATE(self, docs)
        if board is None or len(docs) >= most_items:
            return board
        floor = min(ratio * rules.direction_share(rules.prior_sample(docs)), 0.99)
        if board[STRATEGIC] < floor:
            board.update({STRATEGIC: floor, TACTICAL: 1.0 - floor})
        return board

    classifier.LinearRoleModel.estimate_prior = estimate_prior  # type: ignore[method-assign]


def _strength(value: str) -> None:
    """``strength=K``: the EM's pseudo-items at its centre (shipped ``BOARD_PRIOR_STRENGTH``)."""
    rules.BOARD_PRIOR_STRENGTH = float(value)


def _center(value: str) -> None:
    """``center=C``: the EM's centre (shipped ``BOARD_PRIOR_CENTER``)."""
    rules.BOARD_PRIOR_CENTER = float(value)


def _no_caps(value: str = "") -> None:
    """``nocaps[=N]``: the EM reads the items' probabilities without the evidence holds' caps
    (on boards below ``N`` items; all boards without ``N``)."""
    most = int(value) if value else 1 << 62

    def estimate_prior(self, docs):  # type: ignore[no-untyped-def]
        if len(docs) >= most:
            return _SHIPPED_ESTIMATE(self, docs)

        def board_prior(p, model_prior, center=None, strength=None, iterations=100, caps=None):  # type: ignore[no-untyped-def]
            return _SHIPPED_BOARD_PRIOR(p, model_prior, center, strength, iterations)

        before, rules_applied.board_prior = rules_applied.board_prior, board_prior
        try:
            return _SHIPPED_ESTIMATE(self, docs)
        finally:
            rules_applied.board_prior = before

    classifier.LinearRoleModel.estimate_prior = estimate_prior  # type: ignore[method-assign]


def _small_center(value: str) -> None:
    """``small-center=N``: a board below ``N`` items has its EM centred on the model's own
    training prior instead of ``BOARD_PRIOR_CENTER`` (a small board's few items pull less)."""
    most = int(value)

    def estimate_prior(self, docs):  # type: ignore[no-untyped-def]
        if len(docs) >= most:
            return _SHIPPED_ESTIMATE(self, docs)
        rules.BOARD_PRIOR_CENTER = self.model_prior[STRATEGIC]
        try:
            return _SHIPPED_ESTIMATE(self, docs)
        finally:
            rules.BOARD_PRIOR_CENTER = _SHIPPED["BOARD_PRIOR_CENTER"]

    classifier.LinearRoleModel.estimate_prior = estimate_prior  # type: ignore[method-assign]


def _no_hold(value: str = "") -> None:
    """``nohold[=P]``: the direction and title holds lifted (``rules_applied.held_at_cap`` leaves
    the rows as read) on boards read at a strategic share of at least ``P`` (every board
    without ``P``): what the holds cost a strategic-heavy board."""
    least = float(value) if value else 0.0
    seen: dict[str, float] = {}

    def held_at_cap(proba, held, strategic):  # type: ignore[no-untyped-def]
        if seen.get("prior", 0.0) >= least:
            return proba
        return rules.held_at_cap(proba, held, strategic)

    def ruled(self, matrix, prior=None, *args, **kwargs):  # type: ignore[no-untyped-def]
        seen["prior"] = -1.0 if prior is None else prior.get(STRATEGIC, -1.0)
        return _SHIPPED_RULED(self, matrix, prior, *args, **kwargs)

    rules_applied.held_at_cap = held_at_cap
    classifier.LinearRoleModel._ruled = ruled  # type: ignore[method-assign]


def _words_min(value: str) -> None:
    """``words-min=N``: a board's own common words damped from ``N`` items (shipped
    ``BOARD_WORDS_MIN_ITEMS``): the damping on small boards too."""
    rules.BOARD_WORDS_MIN_ITEMS = int(value)


VARIANTS: dict[str, Callable[[str], None]] = {
    "words-min": _words_min,
    "nohold": _no_hold,
    "at": _fixed,
    "small": _small_floor,
    "strength": _strength,
    "center": _center,
    "nocaps": _no_caps,
    "small-center": _small_center,
}


def install(spec: str) -> None:
    """Install variant ``NAME`` or ``NAME=VALUE`` (one-line error for an unknown name)."""
    variants.install_valued(VARIANTS, spec)


def reset() -> None:
    """The shipped prior again."""
    rules_applied.board_prior = _SHIPPED_BOARD_PRIOR
    classifier.LinearRoleModel.estimate_prior = _SHIPPED_ESTIMATE  # type: ignore[method-assign]
    classifier.LinearRoleModel._ruled = _SHIPPED_RULED  # type: ignore[method-assign]
    rules_applied.held_at_cap = _SHIPPED_HELD
    for name, value in _SHIPPED.items():
        setattr(rules, name, value)


def scan_file(model, half: str, name: str, path: Path, board, dev: dict[str, str]) -> FileShare:  # type: ignore[no-untyped-def]
    """One board scanned as ``scan`` scans it, its dev items (``dev``: id -> label) kept."""
    from analyzer.pipeline import scan_board

    seen: dict[str, float] = {}
    shipped = rules_applied.board_prior
    rules_applied.board_prior = _spy(seen)  # the name estimate_prior calls
    read_at: list[float | None] = []
    try:
        report = scan_board(board, model, origin=str(path), on_prior=read_at.append)
    finally:
        rules_applied.board_prior = shipped
    items = list(board.items)
    floor = rules.direction_prior_floor(rules.prior_sample(items), len(items))
    prior = read_at[0] if read_at else None
    out = FileShare(half, name, len(items), seen.get("em"), floor, prior)
    for r in report.items:
        if r.id in dev:
            out.rows.append(
                Row(r.id, dev[r.id], r.label, r.predicted_label, r.confidence, r.reason)
            )
    return out


def dev_boards(only: list[str]) -> Iterator[tuple[str, str, Path, object, dict[str, str]]]:
    """``(half, file name, path, board, dev labels)`` of every labelled file of the dev halves
    (``only``: these halves) that holds dev items."""
    for half, data, labels_csv in halves.HALVES:
        if not data.is_dir() or (only and half not in only):
            continue
        labels = bench.read_labels(labels_csv)
        for name, path, board in bench.labelled_boards(data, labels):
            dev = {i: lab for i, (lab, split) in labels[name].items() if split == half}
            if dev:
                yield half, name, path, board, dev


def half_scores(files: list[FileShare], count: str = "report") -> str:
    """A half's macro-F1, ECE, files within 10 points, largest gap and calls."""
    rows = [r for f in files for r in f.rows]
    pairs = [(r.true, r.label) for r in rows]
    ece = expected_calibration_error(
        np.array([r.confidence for r in rows]),
        np.array([r.lean == r.true for r in rows], dtype=float),
    )
    gaps = [abs(f.gap(count)) for f in files]
    called = [f.called() for f in files]
    return (
        f"macro-F1 {bench.macro_f1(pairs):.3f}  ECE {ece:.3f}  within 10 pts "
        f"{sum(g <= 10 + 1e-9 for g in gaps)}/{len(gaps)}  max gap {max(gaps):.1f}  "
        f"called {sum(c for c, _ in called)} ({sum(r for _, r in called)} right)"
    )


def causes(model, fs: FileShare, path: Path, board, dev: dict[str, str]) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Item id -> cause of each true-strategic dev item not read strategic (see the module)."""
    if not fs.missed():
        return {}
    truth = min(max(fs.true, rules.BOARD_PRIOR_FLOOR), 0.99)
    _at(lambda m, docs: truth)
    try:
        again = {r.id: r for r in scan_file(model, fs.half, fs.name, path, board, dev).rows}
    finally:
        classifier.LinearRoleModel.estimate_prior = _SHIPPED_ESTIMATE  # type: ignore[method-assign]
    out = {}
    for r in fs.missed():
        if held(r.reason):
            out[r.id] = "held"
        elif r.label == UNCERTAIN:
            out[r.id] = UNCERTAIN
        elif again[r.id].label == STRATEGIC:
            out[r.id] = "prior"
        else:
            out[r.id] = "model"
    return out


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{100 * x:.2f}"


def _line(fs: FileShare, count: str) -> str:
    missed = fs.missed()
    unsure = sum(r.label == UNCERTAIN for r in missed)
    called, right = fs.called()
    return (
        f"{fs.half}\t{fs.name}\t{fs.n}\t{100 * fs.true:.1f}\t{100 * fs.shown(count):.1f}\t"
        f"{fs.gap(count):+.1f}\t{_pct(fs.em)}\t{_pct(fs.floor)}\t{_pct(fs.prior)}\t{fs.board}\t"
        f"{unsure}/{len(missed) - unsure}\t{called} ({right})"
    )


HEADER = (
    "half\tfile\tn\ttrue %\tshown %\tgap pts\tEM %\tfloor %\tread at %\tboard n\t"
    "strategic read uncertain/tactical\tcalled (right)"
)


def _totals(runs: dict[str, list[FileShare]], count: str) -> tuple[int, int, float, int, int]:
    """Files within 10 points, files, the mean gap (absolute, points), found and false calls."""
    files = [f for fs in runs.values() for f in fs]
    gaps = [abs(f.gap(count)) for f in files]
    found = sum(f.called()[1] for f in files)
    calls = sum(f.called()[0] for f in files)
    return sum(g <= 10 + 1e-9 for g in gaps), len(gaps), sum(gaps) / len(gaps), found, calls - found


def _runs(model, variants: list[str], only: list[str], near: float, count: str):  # type: ignore[no-untyped-def]
    """Each dev half's files scanned as shipped and (with ``variants``) under them, and the
    shipped files at least ``near`` points off (with what a second scan needs)."""
    before: dict[str, list[FileShare]] = {}
    after: dict[str, list[FileShare]] = {}
    far: list[tuple[FileShare, Path, object, dict[str, str]]] = []
    for half, name, path, board, dev in dev_boards(only):
        reset()
        fs = scan_file(model, half, name, path, board, dev)
        before.setdefault(half, []).append(fs)
        if variants:
            for spec in variants:
                install(spec)
            after.setdefault(half, []).append(scan_file(model, half, name, path, board, dev))
            reset()
        elif abs(fs.gap(count)) >= near:
            far.append((fs, path, board, dev))
    return before, after, far


def _over_models(folder: Path, args: argparse.Namespace) -> int:
    """Per saved model of ``folder`` (``m*.json``, the sweep's ``--keep``): files within 10
    points, mean gap, found and false calls over the dev halves, shipped -> variant."""
    totals = [[0, 0, 0.0, 0, 0], [0, 0, 0.0, 0, 0]]
    paths = sorted(folder.glob("m*.json"))
    moved: dict[str, list[tuple[float, int, float, int]]] = {}  # file -> per model
    for path in paths:
        before, after, _ = _runs(halves.load(path), args.variant, args.half, 1e9, args.count)
        ways = [(before, args.count_before or args.count)]
        if after or args.count_before:  # a variant's scans, or the same scans counted otherwise
            ways.append((after or before, args.count))
            for half, files in before.items():
                for old, new in zip(files, (after or before)[half], strict=True):
                    one, two = old.gap(ways[0][1]), new.gap(args.count)
                    wrong = old.called()[0] - old.called()[1], new.called()[0] - new.called()[1]
                    moved.setdefault(f"{half} {old.name}", []).append(
                        (one, wrong[0], two, wrong[1])
                    )
        parts = []
        for i, (runs, count) in enumerate(ways):
            t = _totals(runs, count)
            totals[i] = [a + b for a, b in zip(totals[i], t, strict=True)]
            parts.append(
                f"within 10 pts {t[0]}/{t[1]}, mean gap {t[2]:.2f}, found {t[3]}, false {t[4]}"
            )
        print(f"{path.name}: " + "  ->  ".join(parts))
    for name, per in moved.items():  # the files whose gap or false calls move on some model
        if any(a != c or b != d for a, b, c, d in per):
            print(
                f"  {name}: gap (false calls) per model "
                + " ".join(f"{a:+.1f}({b})->{c:+.1f}({d})" for a, b, c, d in per)
            )
    for i, t in enumerate(totals[: 2 if args.variant or args.count_before else 1]):
        print(
            ("shipped" if i == 0 else "variant")
            + f" over {len(paths)} models: within 10 pts {t[0]}/{t[1]}, mean gap "
            f"{t[2] / max(len(paths), 1):.2f}, found {t[3]}, false {t[4]}"
        )
    return 0


def main(argv: list[str] | None = None) -> int:
    argv, rest = halves.split_rest(argv)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=None, help="a saved model (default bundled)")
    parser.add_argument("--models", type=Path, default=None, help="every m*.json of a folder")
    parser.add_argument("--near", type=float, default=7.0, help="causes on files this far off")
    parser.add_argument("--variant", action="append", default=[], help="NAME or NAME=VALUE")
    parser.add_argument("--count", choices=COUNTS, default="report", help="uncertain items")
    parser.add_argument("--count-before", choices=COUNTS, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--half", action="append", default=[], help="only these dev halves")
    args = parser.parse_args(argv)
    if not any(data.is_dir() for _, data, _ in halves.HALVES):
        print("no dev half's exports on this machine; nothing to measure")
        return 0
    if rest:  # a variant before research.real_dev_sweep, as research.s18_prior runs them
        from research import real_dev_sweep

        for spec in args.variant:
            install(spec)
        return real_dev_sweep.main(rest)
    if args.models is not None:
        if args.count != "report" and not args.variant:
            args.count_before, args.variant = "report", []
        return _over_models(args.models, args)
    model = halves.load(args.model)
    before, after, far = _runs(model, args.variant, args.half, args.near, args.count)
    print(HEADER)
    for half, files in before.items():
        for i, fs in enumerate(files):
            if not args.variant:
                print(_line(fs, args.count))
                continue
            other = after[half][i]
            if other.shown(args.count) != fs.shown(args.count) or other.called() != fs.called():
                print(_line(fs, args.count) + "\n  -> " + _line(other, args.count))
    for half, files in before.items():
        print(f"{half}: {half_scores(files, args.count)}")
        if args.variant:
            print(f"  -> {half_scores(after[half], args.count)}")
    tally: Counter = Counter()
    for fs, path, board, dev in far:
        why = causes(model, fs, path, board, dev)
        tally.update(why.values())
        if not why:
            continue
        print(f"{fs.half} {fs.name}: gap {fs.gap(args.count):+.1f} pts, true {100 * fs.true:.1f} %")
        for r in fs.missed():
            print(f"    {r.id}\t{r.label}\tp strategic {r.p:.2f}\t{why[r.id]}")
    if tally:
        print("causes: " + ", ".join(f"{k} {v}" for k, v in tally.most_common()))
    reset()
    return 0


if __name__ == "__main__":
    sys.exit(main())
