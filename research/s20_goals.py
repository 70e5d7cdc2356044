"""Session 20 (issue 12): direction work worded as outcomes — two levers measured on the dev halves.

The dev misses this session looked at read tactical at 0.98 while their titles state a goal to
reach rather than name direction work: a social account reaching a follower count, an election to
win, a seat to get, a local ban to pass (fresh9-dev's organising-committee board, several of them
in a list named "Incubator"). Two levers, each a variant for ``research.real_dev_sweep`` (the
8 kept draws, ten dev halves); neither ships (models/HISTORY.md, "Session 20: direction worded as
outcomes"):

- ``target``: a title that sets a quantified audience target — a reaching frame, a number and
  an audience noun ("… has 100 followers", "reach 5 000 signups", "alcanzar 300 socios",
  "1 000 Abonnenten erreichen"; :data:`TARGET`, five languages, folded) — read as a success
  metric: in a board scan such an item not read strategic at :data:`TARGET_READ` is read
  strategic at it (a push of its own: the model reads these words as delivery, so a spare from
  the holds alone frees nothing). The title only: in descriptions the same shape counts
  people in bug reports and data loads ("a role that has 100 users").
- ``incubator``: a list named as an incubator of ideas, a parking lot or "someday" (:data:`
  INCUBATOR`) names direction work as a list's name (``rules._LIST_ONLY_DIRECTION``): items
  there are no longer held by the direction rule for naming none.

    python -m research.s20_goals --titles            # dev items each pattern names (file, id)
    python -m research.s20_goals --variant target -- --keep DIR --seeds 12,1,... --fresh ...

``--titles`` prints, per dev half, the dev items whose title :func:`sets_target` or whose list
:func:`incubator_list` names (file, id, label: no text), and how many items of the other halves
and unlabelled items match (counted only; never a ``*-test`` item's label or text).
"""

from __future__ import annotations

import argparse
import contextlib
import re
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import benchmarks.bench_real_boards as bench  # noqa: E402
import models.classifier as classifier  # noqa: E402
import models.reasons as reasons  # noqa: E402
import models.rules as rules  # noqa: E402
from models.language import fold_accents  # noqa: E402
from research import halves  # noqa: E402
from research import variants as shared_variants  # noqa: E402

#: The strategic probability a title setting a quantified target is read at (``target``):
#: strategic, above the report's surest floor (0.7) — it names no direction word, so the surest
#: list (``analyzer.balance.shows_surest``) leaves it out anyway.
TARGET_READ = 0.75

# A reaching frame, a number (digits, "1 000" / "1,000" / "1.000" / "5k"), an optional
# qualifier, an audience noun. Folded, lower case, separators as one space (as the rules read
# titles). The German verb comes after its object ("1 000 Abonnenten erreichen").
_FRAME = (
    r"reach\w*|hit|hits|has|have|had|to|get|gets|gain\w*|grow\w*|achiev\w*|at\sleast|over|"
    r"more\sthan|alcanzar|llegar\sa|conseguir|lograr|superar|atteindre|obtenir|depasser|"
    r"mindestens|uber|atingir|chegar\sa|alcancar|conquistar|ultrapassar"
)
_NUMBER = r"\d{1,3}(?:\s\d{3})*(?:\s?[km])?|\d+(?:\s?[km])?"
_QUALIFIER = (
    r"new|more|active|monthly|paying|weekly|daily|nuevos|nuevas|nouveaux|nouvelles|neue|"
    r"aktive|novos|novas|ativos"
)
_AUDIENCE = (
    r"followers?|subscribers?|members?|sign\s?ups?|users?|customers?|downloads?|installs?|"
    r"donors?|volunteers?|likes|fans|visitors?|readers?|attendees?|participants?|clients?|"
    r"supporters?|seguidores|suscriptores|miembros|socios|usuarios|clientes|descargas|"
    r"voluntarios|donantes|visitantes|abonnes|membres|adherents|utilisateurs|telechargements|"
    r"benevoles|donateurs|visiteurs|abonnenten|mitglieder|nutzer|kunden|spender|besucher|"
    r"assinantes|membros|usuarios|doadores"
)
#: A title that sets a quantified audience target (see the module's docstring).
TARGET = re.compile(
    rf"\b(?:{_FRAME})\s(?:{_NUMBER})\s(?:(?:{_QUALIFIER})\s)?(?:{_AUDIENCE})\b"
    rf"|\b(?:{_NUMBER})\s(?:(?:{_QUALIFIER})\s)?(?:{_AUDIENCE})\s(?:erreichen|gewinnen)\b"
)
#: A list named as an incubator of ideas, a parking lot, "someday" (five languages, folded).
INCUBATOR = re.compile(
    r"\b(?:incubat\w*|incubadora|incubateur|inkubator\w*|someday|some\sday|parking\slot|"
    r"algun\sdia|un\sjour|irgendwann|algum\sdia)\b"
)
_SEPARATORS = re.compile(r"[^a-z0-9]+")


def _said(text: str | None) -> str:
    return _SEPARATORS.sub(" ", fold_accents(text or "").lower()).strip()


def sets_target(title: str | None) -> bool:
    """Whether a title sets a quantified audience target (:data:`TARGET`)."""
    return bool(title) and bool(TARGET.search(_said(title)))


def incubator_list(column: str | None) -> bool:
    """Whether a list is named as an incubator of ideas, a parking lot or "someday"."""
    return bool(column) and bool(INCUBATOR.search(_said(column)))


_SHIPPED_READ_AGAIN = classifier.LinearRoleModel._research_read_again
_SHIPPED_LIST_ONLY = rules._LIST_ONLY_DIRECTION


def _read_again_with_targets(self, docs, prior, evidence, matrix, titles, proba, held, pairs):  # type: ignore[no-untyped-def]
    """The shipped second reading, then every row whose title sets a quantified target read
    strategic at ``TARGET_READ`` (its reason head: the direction re-read's)."""
    matrix = _SHIPPED_READ_AGAIN(self, docs, prior, evidence, matrix, titles, proba, held, pairs)
    k = self._evidence[0]
    at = [
        i
        for i, doc in enumerate(docs)
        if proba[i, k] < TARGET_READ and sets_target(getattr(doc, "title", None))
    ]
    if at:
        rows = np.array(at, dtype=np.int64)
        proba[rows, k] = TARGET_READ
        proba[rows, 1 - k] = 1.0 - TARGET_READ
        held[rows] = reasons._READ_AGAIN_DIRECTION
    return matrix


@contextlib.contextmanager
def _target() -> Iterator[None]:
    classifier.LinearRoleModel._research_read_again = _read_again_with_targets  # type: ignore[method-assign]
    try:
        yield
    finally:
        classifier.LinearRoleModel._research_read_again = _SHIPPED_READ_AGAIN  # type: ignore[method-assign]


@contextlib.contextmanager
def _incubator() -> Iterator[None]:
    wider = re.compile(_SHIPPED_LIST_ONLY.pattern + "|" + INCUBATOR.pattern)
    rules._place_named.cache_clear()
    rules._mixed.cache_clear()
    rules._LIST_ONLY_DIRECTION = wider
    try:
        yield
    finally:
        rules._LIST_ONLY_DIRECTION = _SHIPPED_LIST_ONLY
        rules._place_named.cache_clear()
        rules._mixed.cache_clear()


VARIANTS = {"target": _target, "incubator": _incubator}


def variants(names: list[str]) -> contextlib.AbstractContextManager[None]:
    """The levers called ``names`` on."""
    return shared_variants.levers_on(VARIANTS, names)


def titles() -> int:
    """Per dev half, the dev items each pattern names (file, id, label) and the other matches
    counted (items of a test half or unlabelled: never shown)."""
    for half, data, labels_csv in halves.HALVES:
        if not data.is_dir():
            continue
        labels = bench.read_labels(labels_csv)
        others: Counter = Counter()
        for name in sorted(labels):
            path = bench.find(data, name)
            if path is None:
                continue
            board = bench.read_board(path, activity_details=False)
            for item in board.items:
                hits = [
                    what
                    for what, hit in (
                        ("target", sets_target(item.title)),
                        ("incubator", incubator_list(item.column)),
                    )
                    if hit
                ]
                if not hits:
                    continue
                label, split = labels[name].get(item.id, (None, None))
                for what in hits:
                    if split == half:
                        print(f"{half} {what} {name} {item.id} {label}")
                    else:
                        others[what] += 1
        if others:
            print(f"{half}: not in the half (test half or unlabelled), counted: {dict(others)}")
    return 0


def main(argv: list[str] | None = None) -> int:
    own, rest = halves.split_rest(argv)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--titles", action="store_true", help="dev items each pattern names")
    parser.add_argument(
        "--variant", action="append", default=[], help=f"a lever on ({', '.join(VARIANTS)})"
    )
    args = parser.parse_args(own)
    if args.titles:
        return titles()
    from research import real_dev_sweep

    with variants(args.variant):
        return real_dev_sweep.main(rest)


if __name__ == "__main__":
    sys.exit(main())
