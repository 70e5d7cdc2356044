"""Session 19 (issue 12): the holds' ledger — per hold, the true-strategic items it takes back
from strategic (the finds it costs) and the true-tactical ones (the false calls it prevents), over
saved models (the sweep's eight kept draws) and every dev half (never a ``*-test`` half).

A hold is a named rule that takes an item the model read strategic back to uncertain or tactical
(:data:`HOLDS`). Each board is read once as shipped; its board prior (the EM's shares and the
board's common-word weights) is then kept fixed, and the board scanned again with holds lifted,
so a lift moves only the items it holds (the sweep's lift, ``--variant``, moves the EM too).

The top-level holds (``thin evidence``, ``list only``, ``direction rule``, ``title rule``,
``common-word damping``) are lifted alone, all together, and all but one: an item freed by one
lift alone is that hold's; an item freed only with all lifted is held by ``either`` of the holds
that, left alone in place, still hold it (lifting one of them alone changes nothing for it). The
direction and title rules' parts (the push floor, a direction word in passing, a mixed list, a
delivery label, each title hold of ``rules.TITLE_HOLDS``, a weak title, a description naming
direction work in passing) are lifted one at a time with every other hold in place; what no part
frees alone is held by the rule's core (its words name no direction work) or by two parts.

``common-word damping`` is no take-back rule: without it (the board's weights all 1) an item may
also lose strategic; the ledger counts both ways.

    python -m research.s19_holds [--model PATH | --models DIR] [--half fresh8-dev ...] [--items]
    python -m research.s19_holds --variant "direction rule" -- --keep DIR --seeds 12,1,... \\
        --fresh /work/freshdata ...   # a hold lifted for research.real_dev_sweep (EM too)
    python -m research.s19_holds --variant "push floor" --to shares -- --models DIR
        # the same for research.s19_shares (per-file shares over the kept draws)
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import models._rules_applied as rules_applied  # noqa: E402
import models.classifier as classifier  # noqa: E402
import models.rules as rules  # noqa: E402
from models.interface import STRATEGIC  # noqa: E402
from research import halves, s19_shares  # noqa: E402

_SHIPPED_ESTIMATE = classifier.LinearRoleModel.estimate_prior
_SHIPPED_DIRECTION_HELD = rules_applied.direction_held
_SHIPPED_TITLE_ROWS = rules_applied.title_direction_rows
_DAMPED = {"on": True}  # the common-word damping (a fixed prior's weights), on or lifted


@contextlib.contextmanager
def _setting(module: object, name: str, value: object) -> Iterator[None]:
    before = getattr(module, name)
    setattr(module, name, value)
    try:
        yield
    finally:
        setattr(module, name, before)


@contextlib.contextmanager
def _place_rule(name: str, value: Callable[..., bool]) -> Iterator[None]:
    """``rules.NAME`` (read by the remembered ``_place_named``) replaced, its answers forgotten."""
    rules._place_named.cache_clear()
    try:
        with _setting(rules, name, value):
            yield
    finally:
        rules._place_named.cache_clear()


def _no_direction_rule(proba, strategic, direction, docs, listed=None, total=None):  # type: ignore[no-untyped-def]
    return np.zeros(0, dtype=np.int64)


def _no_title_rule(rows, title_evidence, title_direction, docs, direction=None):  # type: ignore[no-untyped-def]
    """Every row the title rule would hold kept strategic below the surest instead."""
    hold, described = _SHIPPED_TITLE_ROWS(rows, title_evidence, title_direction, docs, direction)
    return hold[:0], np.sort(np.concatenate([hold, described]).astype(np.int64))


@contextlib.contextmanager
def _undamped() -> Iterator[None]:
    _DAMPED["on"] = False
    try:
        yield
    finally:
        _DAMPED["on"] = True


def _without_title_hold(name: str) -> contextlib.AbstractContextManager[None]:
    rules.title_hold(name)  # KeyError for a name the table does not hold
    return _setting(rules, "TITLE_HOLDS", tuple(h for h in rules.TITLE_HOLDS if h.name != name))


@dataclass(frozen=True)
class Hold:
    """A hold: its ``group`` (None: top level; else the rule it is a part of) and its ``lift``
    (a context in which it is off)."""

    name: str
    group: str | None
    lift: Callable[[], contextlib.AbstractContextManager[None]]


DIRECTION, TITLE = "direction rule", "title rule"
HOLDS: tuple[Hold, ...] = (
    Hold("thin evidence", None, lambda: _setting(rules, "MIN_STRATEGIC_EVIDENCE", -np.inf)),
    Hold("list only", None, lambda: _setting(rules, "LIST_ONLY_RULE", 0)),
    Hold(DIRECTION, None, lambda: _setting(rules_applied, "direction_held", _no_direction_rule)),
    Hold(TITLE, None, lambda: _setting(rules_applied, "title_direction_rows", _no_title_rule)),
    Hold("common-word damping", None, _undamped),
    Hold("push floor", DIRECTION, lambda: _setting(rules, "MIN_DIRECTION_PUSH", 0.0)),
    Hold("direction word in passing", DIRECTION, lambda: _setting(rules, "MIN_DIRECTION_SHARE", 0)),
    Hold("mixed list", DIRECTION, lambda: _place_rule("_mixed", lambda column: False)),
    Hold("delivery label", DIRECTION, lambda: _place_rule("delivery_labelled", lambda la: False)),
    *(
        Hold(f"title hold: {h.name}", DIRECTION, lambda n=h.name: _without_title_hold(n))
        for h in rules.TITLE_HOLDS
    ),
    Hold("weak title", TITLE, lambda: _setting(rules, "MIN_TITLE_EVIDENCE", -np.inf)),
    Hold(
        "description direction in passing",
        TITLE,
        lambda: _setting(rules, "MIN_DESCRIPTION_DIRECTION", -np.inf),
    ),
)
TOP = tuple(h.name for h in HOLDS if h.group is None)


def hold(name: str) -> Hold:
    """The hold called ``name`` (a one-line exit for an unknown one)."""
    for h in HOLDS:
        if h.name == name:
            return h
    raise SystemExit(f"unknown hold {name!r}; one of {', '.join(h.name for h in HOLDS)}")


@contextlib.contextmanager
def lifted(names: Sequence[str]) -> Iterator[None]:
    """The holds called ``names`` off."""
    with contextlib.ExitStack() as stack:
        for name in names:
            stack.enter_context(hold(name).lift())
        yield


@contextlib.contextmanager
def fixed_prior(model) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """Every scan of one board read at the prior the first scan here estimated (shares and
    weights), the weights dropped while ``common-word damping`` is lifted."""
    kept: list[classifier.BoardPrior | None] = []

    def estimate_prior(self, docs):  # type: ignore[no-untyped-def]
        if not kept:
            kept.append(_SHIPPED_ESTIMATE(self, docs))
        board = kept[0]
        if board is None or _DAMPED["on"]:
            return board
        return classifier.BoardPrior(dict(board), None, board.direction)

    with _setting(classifier.LinearRoleModel, "estimate_prior", estimate_prior):
        yield


Labels = dict[str, str]  # item id -> the scan's label


@dataclass
class BoardRead:
    """One dev file read by one model under each lift: ``labels[config]`` (config: a tuple of
    the hold names lifted; ``()`` as shipped) and the dev items' true labels."""

    model: str
    half: str
    name: str
    truth: dict[str, str]
    labels: dict[tuple[str, ...], Labels]
    held: set[str] = frozenset()  # type: ignore[assignment]  # items whose reason says held

    def freed(self, config: tuple[str, ...]) -> set[str]:
        """Items not strategic as shipped, strategic with ``config`` lifted."""
        base, now = self.labels[()], self.labels[config]
        return {i for i in self.truth if base[i] != STRATEGIC and now[i] == STRATEGIC}

    def lost(self, config: tuple[str, ...]) -> set[str]:
        """Items strategic as shipped, not with ``config`` lifted."""
        base, now = self.labels[()], self.labels[config]
        return {i for i in self.truth if base[i] == STRATEGIC and now[i] != STRATEGIC}


def configs() -> list[tuple[str, ...]]:
    """The lifts a board is read under: none, each hold alone, all top-level holds, and all
    top-level holds but one."""
    out: list[tuple[str, ...]] = [(), *((h.name,) for h in HOLDS), TOP]
    out += [tuple(n for n in TOP if n != name) for name in TOP]
    return out


def read_board(model, model_name: str, half: str, name: str, path: Path, board, dev) -> BoardRead:  # type: ignore[no-untyped-def]
    """One file's dev items scanned under every lift of :func:`configs`, its prior fixed."""
    read = BoardRead(model_name, half, name, dict(dev), {})
    with fixed_prior(model):
        for config in configs():
            with lifted(config):
                fs = s19_shares.scan_file(model, half, name, path, board, dev)
            read.labels[config] = {r.id: r.label for r in fs.rows}
            if not config:
                read.held = {r.id for r in fs.rows if s19_shares.held(r.reason)}
    return read


def held_misses(reads: Sequence[BoardRead]) -> Counter:
    """The true-strategic items not read strategic whose reason says a hold took them
    (``research.s19_shares``'s ``held``), by their label with every top-level hold lifted: a
    reason names the rule that capped an item, whatever the model read it at (the direction
    rule caps an item read strategic at 0.3 as well as one read at 0.9)."""
    out: Counter = Counter()
    for read in reads:
        for i in read.held:
            if read.truth[i] == STRATEGIC and read.labels[()][i] != STRATEGIC:
                out[read.labels[TOP][i]] += 1
    return out


def either(read: BoardRead) -> dict[str, tuple[str, ...]]:
    """Items freed only with all top-level holds lifted -> the holds that, each left alone in
    place, still hold it (``()``: it takes two lifted together)."""
    alone = set().union(*(read.freed((name,)) for name in TOP))
    out = {}
    for i in sorted(read.freed(TOP) - alone):
        out[i] = tuple(
            name for name in TOP if i not in read.freed(tuple(n for n in TOP if n != name))
        )
    return out


@dataclass
class Tally:
    """Finds a lift frees (true strategic), false calls it lets through (true tactical), and
    the strategic calls it loses (right, wrong), per half."""

    found: Counter
    false: Counter
    lost_right: Counter
    lost_wrong: Counter
    items: Counter  # (half, file, id, true label) -> draws

    @classmethod
    def empty(cls) -> Tally:
        return cls(Counter(), Counter(), Counter(), Counter(), Counter())

    def add(self, read: BoardRead, freed: set[str], lost: set[str] = frozenset()) -> None:
        for i in freed:
            strategic = read.truth[i] == STRATEGIC
            (self.found if strategic else self.false)[read.half] += 1
            self.items[(read.half, read.name, i, read.truth[i])] += 1
        for i in lost:
            right = read.truth[i] == STRATEGIC
            (self.lost_right if right else self.lost_wrong)[read.half] += 1

    def line(self, label: str) -> str:
        files = {(h, f) for h, f, _, _ in self.items}
        text = (
            f"{label}: finds {sum(self.found.values())}, false calls "
            f"{sum(self.false.values())} ({len(self.items)} items, {len(files)} files)"
        )
        if self.lost_right or self.lost_wrong:
            text += (
                f"; strategic calls lost {sum(self.lost_right.values())} right, "
                f"{sum(self.lost_wrong.values())} wrong"
            )
        halves_seen = sorted(set(self.found) | set(self.false))
        return text + "".join(f"\n    {h}: {self.found[h]}/{self.false[h]}" for h in halves_seen)


def _combo(holders: tuple[str, ...]) -> str:
    """The ledger's line for items freed only with every top-level hold lifted."""
    if len(holders) > 1:
        return "either: " + " + ".join(holders)
    if holders:
        return f"{holders[0]}, freed only with two others lifted too"
    return "only all lifted together"


def ledger(reads: Sequence[BoardRead]) -> dict[str, Tally]:
    """Per hold (lifted alone), per ``either: A + B`` combination, per rule's remainder
    (``<rule>: core or two parts``) and ``all top-level``: what lifting frees."""
    out: dict[str, Tally] = defaultdict(Tally.empty)
    for read in reads:
        for h in HOLDS:
            out[h.name].add(read, read.freed((h.name,)), read.lost((h.name,)))
        out["all top-level"].add(read, read.freed(TOP), read.lost(TOP))
        combos: dict[tuple[str, ...], set[str]] = defaultdict(set)
        for i, holders in either(read).items():
            combos[holders].add(i)
        for holders, ids in combos.items():
            out[_combo(holders)].add(read, ids)
        for group in (DIRECTION, TITLE):
            parts = [h.name for h in HOLDS if h.group == group]
            rest = read.freed((group,)) - set().union(*(read.freed((p,)) for p in parts))
            out[f"{group}: core or two parts"].add(read, rest)
    return out


def _model_paths(args: argparse.Namespace) -> list[tuple[str, Path | None]]:
    if args.models is not None:
        return [(p.stem, p) for p in sorted(args.models.glob("m*.json"))]
    return [(args.model.stem if args.model else "bundled", args.model)]


def main(argv: list[str] | None = None) -> int:
    own, rest = halves.split_rest(argv)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=None, help="a saved model (default bundled)")
    parser.add_argument("--models", type=Path, default=None, help="every m*.json of a folder")
    parser.add_argument("--half", action="append", default=[], help="only these dev halves")
    parser.add_argument("--items", action="store_true", help="each freed item (file and id)")
    parser.add_argument("--variant", action="append", default=[], help="a hold lifted (sweep)")
    parser.add_argument(
        "--to", choices=("sweep", "shares"), default="sweep", help="what the args after -- run"
    )
    args = parser.parse_args(own)
    if rest or args.variant:  # a hold lifted for the sweep or research.s19_shares, EM included
        from research import real_dev_sweep

        run = real_dev_sweep.main if args.to == "sweep" else s19_shares.main
        with lifted(args.variant):
            return run(rest)
    if not any(data.is_dir() for _, data, _ in halves.HALVES):
        print("no dev half's exports on this machine; nothing to measure")
        return 0
    reads = []
    for model_name, path in _model_paths(args):
        model = halves.load(path)
        for half, name, file_path, board, dev in s19_shares.dev_boards(args.half):
            reads.append(read_board(model, model_name, half, name, file_path, board, dev))
    models = len({r.model for r in reads})
    print(f"{models} model(s), {len({(r.half, r.name) for r in reads})} files; lifted -> freed")
    misses = held_misses(reads)
    print(
        f"true-strategic misses whose reason says held: {sum(misses.values())}; with every "
        "top-level hold lifted: " + ", ".join(f"{k} {v}" for k, v in sorted(misses.items()))
    )
    for label, tally in ledger(reads).items():
        print(tally.line(label))
        if args.items:
            for (half, name, i, truth), draws in sorted(tally.items.items()):
                print(f"      {half} {name} {i} {truth} x{draws}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
