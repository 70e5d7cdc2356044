"""Session 20 (issue 12): direction work filed as delivery items — levers on the type and list
tokens that outweigh a title's direction words, each a ``--variant`` installed before
``research.real_dev_sweep`` (dev halves only; the sweep never runs a ``*-test`` half).

Of the bundled model's 50 true-strategic misses over the ten dev halves, most are direction work
tracked as Jira Stories, Tasks and Sub-tasks or Trello cards in status lists (ANBTX's data
programme, BPI's "future potential" stream, How Goes It?, sidelineHD's Done cards …). Three
kinds of lever, measured here (models/HISTORY.md, "Session 20: direction work filed as delivery
items"):

- **training data** (no variant: ``--extra research/data/s20_typed_tickets.csv``, retrained):
  50 direction items of our own filed as Story / Sub-task / Task (and their es/fr/de/pt names) in
  delivery lists, with 50 delivery items of the same types, lists and nouns;
- ``trusted-title``: the re-read without type, level and status list
  (:func:`models.rules.research_rows`) takes every title naming direction work in the words the
  direction rules trust (:func:`models.rules.title_places_direction`: the direction vocabulary,
  an engineering strategy's "strategy" aside), not only the plain English nouns of
  :func:`models.rules.title_names_direction` — the metadata tokens set aside, the upper bound of
  any cap on them for such titles (a cap scales them down, the re-read takes them out);
- ``em-reread``: the board prior's EM (:meth:`LinearRoleModel.estimate_prior`) reads each
  sampled item the re-read would read again (a type, level or list, a title naming research or
  direction work) at the more strategic of its two readings, so a board that files its
  direction work as Stories is not read at a prior that holds the very items the re-read is
  for (the EM otherwise sees them as the type reads them).

    python -m research.s20_typed --variant trusted-title -- --keep DIR --seeds 12,1,... \\
        --fresh /work/freshdata ... --fresh9 /work/freshdata9
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import models._rules_applied as rules_applied  # noqa: E402
import models.classifier as classifier  # noqa: E402
import models.rules as rules  # noqa: E402
from research import halves  # noqa: E402
from research import variants as shared_variants  # noqa: E402

TICKETS = ROOT / "research" / "data" / "s20_typed_tickets.csv"
_SHIPPED_TITLE_DIRECTION = rules.title_names_direction
_SHIPPED_ESTIMATE = classifier.LinearRoleModel.estimate_prior


@contextlib.contextmanager
def _trusted_title() -> Iterator[None]:
    """The re-read's direction titles: every trusted direction word of a title."""
    rules.title_names_direction = rules.title_places_direction
    try:
        yield
    finally:
        rules.title_names_direction = _SHIPPED_TITLE_DIRECTION


def rereads(docs: Sequence[object]) -> list[int]:
    """The positions of ``docs`` the re-read would read again by their title and metadata: a
    type, level or list to set aside, and a title naming research or direction work (its
    probability condition aside: the EM reads probabilities, not labels)."""
    names = rules.research_names()
    return [
        i
        for i, doc in enumerate(docs)
        if (
            getattr(doc, "type", None)
            or getattr(doc, "hierarchy_level", None) is not None
            or getattr(doc, "column", None)
        )
        and (names(doc.title) or rules.title_names_direction(doc.title))
    ]


def _estimate_prior_reread(self, docs):  # type: ignore[no-untyped-def]
    """``LinearRoleModel.estimate_prior`` as shipped, the raw readings of :func:`rereads`'
    items taken at the more strategic of their typed and set-aside readings."""
    own = self.model_prior
    if own is None or self._evidence is None or not docs:
        return None
    sample = rules_applied.prior_sample(docs)
    chunks = [
        (sample[i : i + 2048], *self._transform_with_titles(sample[i : i + 2048]))
        for i in range(0, len(sample), 2048)
    ]
    counts = sum(np.bincount(m.indices, minlength=m.shape[1]) for _, m, _ in chunks)
    board = classifier.BoardPrior(
        {},
        rules_applied.board_word_weights(
            counts, len(sample), self._structure_columns(), self._spared_columns()
        ),
    )
    k = self._evidence[0]
    raw, caps = [], []
    for part, matrix, titles in chunks:
        weighted = rules_applied._board_weighted(matrix, board)
        read = classifier.calibrated(self.decision(weighted), self.calibration)[:, k]
        again = rereads(part)
        if again:
            aside, _ = self._transform_with_titles([rules.set_aside(part[i]) for i in again])
            second = classifier.calibrated(
                self.decision(rules_applied._board_weighted(aside, board)), self.calibration
            )[:, k]
            read[again] = np.maximum(read[again], second)
        raw.append(read)
        evidence, known, at, _ = self._word_evidence(weighted)
        free = np.zeros((len(part), 2))
        free[:, k] = 1.0
        top = rules_applied.evidence_capped(free, k, evidence, known)
        if rules_applied.LIST_ONLY_IN_PRIOR:
            top = self._list_only(weighted, top, known, part, at)
        caps.append(self._title_checked(part, top, board, titles)[:, k])
    share = rules_applied.board_prior(
        np.concatenate(raw), own[classifier.STRATEGIC], caps=np.concatenate(caps)
    )
    board.direction = rules_applied.direction_share(sample)
    share = max(share, rules_applied.direction_prior_floor(sample, len(docs), board.direction))
    board.update({classifier.STRATEGIC: share, classifier.TACTICAL: 1.0 - share})
    return board


@contextlib.contextmanager
def _em_reread() -> Iterator[None]:
    classifier.LinearRoleModel.estimate_prior = _estimate_prior_reread
    try:
        yield
    finally:
        classifier.LinearRoleModel.estimate_prior = _SHIPPED_ESTIMATE


VARIANTS = {"trusted-title": _trusted_title, "em-reread": _em_reread}


def variants(names: list[str]) -> contextlib.AbstractContextManager[None]:
    """The levers called ``names`` on."""
    return shared_variants.levers_on(VARIANTS, names)


def main(argv: list[str] | None = None) -> int:
    own, rest = halves.split_rest(argv)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--variant", action="append", default=[], help=f"a lever on ({', '.join(VARIANTS)})"
    )
    args = parser.parse_args(own)
    from research import real_dev_sweep

    with variants(args.variant):
        return real_dev_sweep.main(rest)


if __name__ == "__main__":
    sys.exit(main())
