"""Session 18 (issue 12): variants of the board prior a scan reads a board at, measured over the
eight template draws of ``research.real_dev_sweep`` (dev halves only; every ``*-test`` half is left
to the lead).

The scan re-estimates a board's strategic share by EM on the model's own probabilities
(``models.rules.board_prior``, Saerens et al. 2002). On a board whose direction strand is small
and worded in words the model lacks, the EM runs down to its floor (the consulting Jira of
fresh8-dev: 0.96 % against a true 9.5 %), and at that prior none of its strategic items is found.
Each ``--variant`` changes how the prior is estimated in this process before the sweep runs (no
edit of the shipped code; ``--keep DIR`` reuses the draws' models: no retrain, so no control).
Everything after ``--`` goes to ``real_dev_sweep``::

    python -m research.s18_prior --variant floor=0.03 -- --keep DIR \\
        --seeds 12,1,2,3,4,5,6,7 --fresh /work/freshdata ... --fresh8 /work/freshdata8
    python -m research.s18_prior --variant sure --table [--model PATH]
    python -m research.s18_prior --variant floor=0.03 --misses -- --seeds 12,1,2,3,4,5,6,7 \\
        --cache DIR --no-bundled

Variants (models/HISTORY.md, "Session 18: the board prior", has what each measured, with the
shipped direction floor off: ``-- --patch BOARD_PRIOR_DIRECTION_RATIO=0 ...``; ``direction=0.5@500``
is what shipped as ``rules.direction_prior_floor``):

- ``floor=X``: the EM's floor ``BOARD_PRIOR_FLOOR`` at ``X`` (shipped 0.005);
- ``items=K``: a floor that depends on the board's size: the board holds at least ``K`` strategic
  items (``K / n``, at least the shipped floor, at most ``BOARD_PRIOR_CENTER``);
- ``iterations=N``: the EM stopped after ``N`` steps (shipped: up to 100, to convergence);
- ``sure``: the prior never below the share of items the model reads strategic at
  ``SURE_AT`` or surer under its own training prior, the evidence holds applied
  (:func:`sure_share`);
- ``direction=R``: the prior never below ``R`` times the board's direction share, the share of its
  items whose title, list or labels name direction work (``rules.places_direction``, as
  ``analyzer.balance.direction_share`` reads it); ``direction=R@N``: only on boards of at least
  ``N`` items, where that share rests on more items.
- ``typed=R`` (session 34): ``direction=R`` with no size gate, only on a *typed* board: one whose
  items mostly (``typed=R@T``: a share ``T``, default 0.5) carry a delivery issue type (Story,
  Task, Sub-task, Bug, Improvement in any language the type table reads,
  ``features.normalise_type``) — the Jira boards that file their direction work as delivery
  items and are read at a 1–6 % prior (session 27's question).

``--misses`` lists the dev misses and false calls under the variant (``research.dev_misses``:
file and id only). ``--table`` prints, for each labelled board of the dev halves, its size, the
shipped EM prior, the variant's prior, the share of its dev items labelled strategic, its
direction share and its sure share (numbers and file names only; one model, the bundled one by
default).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import models._rules_applied as rules_applied  # noqa: E402
import models.classifier as classifier  # noqa: E402
import models.rules as rules  # noqa: E402
from models.features import normalise_type  # noqa: E402
from models.interface import STRATEGIC, TACTICAL  # noqa: E402
from research import dev_misses, halves, real_dev_sweep, variants  # noqa: E402

#: how sure an item must be (under the model's own prior, holds applied) to count as read strategic
SURE_AT = 0.9

_SHIPPED_BOARD_PRIOR = rules.board_prior
_SHIPPED_FLOOR = rules.BOARD_PRIOR_FLOOR
_SHIPPED_ESTIMATE = classifier.LinearRoleModel.estimate_prior


def sure_share(p: np.ndarray, caps: np.ndarray | None = None, at: float = SURE_AT) -> float:
    """The share of items read strategic at ``at`` or surer: ``p`` held at ``caps``."""
    if not len(p):
        return 0.0
    held = p if caps is None else np.minimum(p, caps)
    return float(np.count_nonzero(held >= at)) / len(p)


def size_floor(n: int, items: float) -> float:
    """The floor of a board of ``n`` items that holds at least ``items`` strategic ones: ``items
    / n``, between the shipped ``BOARD_PRIOR_FLOOR`` and ``BOARD_PRIOR_CENTER``."""
    if n <= 0:
        return _SHIPPED_FLOOR
    return min(max(items / n, _SHIPPED_FLOOR), rules.BOARD_PRIOR_CENTER)


def direction_share(docs: Sequence[object]) -> float:
    """The share of ``docs`` whose title, list or labels name direction work, read on at most
    ``BOARD_PRIOR_SAMPLE`` evenly spaced items (``analyzer.balance.direction_share``'s reading)."""
    if not docs:
        return 0.0
    sample = docs[:: max(1, len(docs) // rules.BOARD_PRIOR_SAMPLE)]
    seen = sum(
        rules.places_direction(
            getattr(d, "title", None), getattr(d, "column", None), tuple(d.labels or ())
        )
        for d in sample
    )
    return seen / len(sample)


def _with_floor(floor_of: Callable[[np.ndarray, np.ndarray | None], float]) -> Callable[..., float]:
    """The shipped EM, its result raised to ``floor_of(p, caps)`` when below it."""

    def board_prior(p, model_prior, center=None, strength=None, iterations=100, caps=None):  # type: ignore[no-untyped-def]
        share = _SHIPPED_BOARD_PRIOR(p, model_prior, center, strength, iterations, caps)
        return max(share, min(floor_of(p, caps), 0.99))

    return board_prior


def _install_board_prior(fn: Callable[..., float]) -> None:
    rules_applied.board_prior = fn  # the name estimate_prior calls


def _floor(value: str) -> None:
    rules.BOARD_PRIOR_FLOOR = float(value)  # board_prior reads the module's own


def _items(value: str) -> None:
    _install_board_prior(_with_floor(lambda p, caps: size_floor(len(p), float(value))))


def _iterations(value: str) -> None:
    steps = int(value)

    def board_prior(p, model_prior, center=None, strength=None, iterations=100, caps=None):  # type: ignore[no-untyped-def]
        return _SHIPPED_BOARD_PRIOR(p, model_prior, center, strength, steps, caps)

    _install_board_prior(board_prior)


def _sure(value: str = "") -> None:
    at = float(value) if value else SURE_AT
    _install_board_prior(_with_floor(lambda p, caps: sure_share(p, caps, at)))


def _install_direction_floor(ratio: float, applies: Callable[[Sequence[object]], bool]) -> None:
    """The shipped board prior, raised to ``ratio`` × the board's direction share on the boards
    ``applies`` picks (the ``direction`` and ``typed`` variants differ only in that gate)."""

    def estimate_prior(self, docs):  # type: ignore[no-untyped-def]
        board = _SHIPPED_ESTIMATE(self, docs)
        if board is None or not applies(docs):
            return board
        floor = min(ratio * direction_share(docs), 0.99)
        if board[STRATEGIC] < floor:
            board.update({STRATEGIC: floor, TACTICAL: 1.0 - floor})
        return board

    classifier.LinearRoleModel.estimate_prior = estimate_prior  # type: ignore[method-assign]


def _direction(value: str) -> None:
    ratio_text, _, least = value.partition("@")
    min_items = int(least or 0)
    _install_direction_floor(float(ratio_text), lambda docs: len(docs) >= min_items)


#: the canonical issue types of delivery work (session 27's ``delivery`` kind)
DELIVERY_TYPES = frozenset({"story", "task", "sub-task", "bug", "improvement"})


def typed_share(docs: Sequence[object]) -> float:
    """The share of ``docs`` whose issue type is a delivery type (:data:`DELIVERY_TYPES`)."""
    if not docs:
        return 0.0
    kinds = (getattr(d, "type", None) for d in docs)
    return sum(bool(k) and normalise_type(k) in DELIVERY_TYPES for k in kinds) / len(docs)


def _typed(value: str) -> None:
    ratio_text, _, least = value.partition("@")
    typed_at = float(least or 0.5)
    _install_direction_floor(float(ratio_text), lambda docs: typed_share(docs) >= typed_at)


VARIANTS: dict[str, Callable[[str], None]] = {
    "floor": _floor,
    "items": _items,
    "iterations": _iterations,
    "sure": _sure,
    "direction": _direction,
    "typed": _typed,
}


def install(spec: str) -> None:
    """Install variant ``NAME`` or ``NAME=VALUE`` (one-line error for an unknown name)."""
    variants.install_valued(VARIANTS, spec)


def reset() -> None:
    """The shipped prior again (tests install a variant and take it back)."""
    rules.BOARD_PRIOR_FLOOR = _SHIPPED_FLOOR
    rules_applied.board_prior = _SHIPPED_BOARD_PRIOR
    classifier.LinearRoleModel.estimate_prior = _SHIPPED_ESTIMATE  # type: ignore[method-assign]


def _table(model_path: Path | None, specs: list[str]) -> int:
    """Per labelled board of the dev halves: size, shipped and variant prior, dev strategic share,
    direction and sure shares."""
    import benchmarks.bench_real_boards as bench
    from analyzer.pipeline import board_prior_of

    model = halves.load(model_path)
    seen: dict[str, float] = {}
    print("half\tfile\tn\tshipped %\tvariant %\tdev strategic %\tdirection %\tsure %")
    for half, data, labels_csv in halves.HALVES:
        if not data.is_dir():
            continue
        labels = bench.read_labels(labels_csv)
        for name, _path, board in bench.labelled_boards(data, labels):
            dev = [label for label, split in labels[name].values() if split == half]
            if not dev:
                continue
            items = list(board.items)

            def spy(p, model_prior, center=None, strength=None, iterations=100, caps=None):  # type: ignore[no-untyped-def]
                seen["sure"] = sure_share(p, caps)
                return _SHIPPED_BOARD_PRIOR(p, model_prior, center, strength, iterations, caps)

            reset()
            rules_applied.board_prior = spy
            shipped = board_prior_of(items, model)
            reset()
            for spec in specs:
                install(spec)
            varied = board_prior_of(items, model)
            reset()
            if shipped is None or varied is None:
                continue
            truth = sum(label == STRATEGIC for label in dev) / len(dev)
            print(
                f"{half}\t{name}\t{len(items)}\t{100 * shipped[STRATEGIC]:.2f}\t"
                f"{100 * varied[STRATEGIC]:.2f}\t{100 * truth:.1f}\t"
                f"{100 * direction_share(items):.1f}\t{100 * seen.get('sure', 0.0):.1f}"
            )
    return 0


def main(argv: list[str] | None = None) -> int:
    argv, rest = halves.split_rest(argv)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variant", action="append", default=[], help="NAME or NAME=VALUE")
    parser.add_argument("--table", action="store_true", help="the prior of each dev board")
    parser.add_argument("--model", type=Path, default=None, help="with --table: a saved model")
    parser.add_argument(
        "--misses", action="store_true", help="list the dev misses (research.dev_misses)"
    )
    args = parser.parse_args(argv)
    if args.table:
        return _table(args.model, args.variant)
    for spec in args.variant:
        install(spec)
    if args.misses:
        return dev_misses.main(rest)
    return real_dev_sweep.main(rest)


if __name__ == "__main__":
    sys.exit(main())
