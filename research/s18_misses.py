"""Session 18 (issue 12): levers for the strategic items the model still misses on the dev halves,
measured over the eight template draws of ``research.real_dev_sweep`` and listed by
``research.dev_misses`` (dev halves only; every ``*-test`` half is left to the lead).

Each ``--variant`` changes a rule of the scan in this process before the sweep (or the listing)
runs, so it needs no edit of the shipped code and ``--keep DIR`` reuses the draws' models.
Everything after ``--`` goes to ``real_dev_sweep`` (or, with ``--misses``, to
``research.dev_misses``)::

    python -m research.s18_misses --variant desc-aside -- --keep DIR \\
        --seeds 12,1,2,3,4,5,6,7 --fresh /work/freshdata ... --fresh8 /work/freshdata8
    python -m research.s18_misses --variant desc-aside --misses -- --seeds 12,1,2,3,4,5,6,7 \\
        --cache DIR

Variants (models/HISTORY.md, "Session 18: the real dev misses", has what each measured):

- ``desc-aside``: a card whose title names research work (``rules.title_names_research``) and
  that the research re-read left under ``RESEARCH_TITLE_KEEP_ABOVE`` is read once more from its
  title and labels alone (no type, level, list nor description), kept when strategic at
  ``RESEARCH_TITLE_KEEP_ABOVE`` or surer: a research card's description often lists the steps
  of running it ("query the players", "draft the email"), words of delivery work;
- ``desc-aside-direction``: the same for a title naming direction work in plain English too
  (``rules.title_names_direction``: a strategy, a roadmap, segmentation, …).
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
import models.reasons as reasons  # noqa: E402
import models.rules as rules  # noqa: E402
from models._fastpath import rows_replaced  # noqa: E402
from models.interface import ItemDoc  # noqa: E402
from research import dev_misses, real_dev_sweep  # noqa: E402
from research.variants import install_chosen  # noqa: E402

_SHIPPED_READ_AGAIN = classifier.LinearRoleModel._research_read_again


def title_alone(doc: ItemDoc) -> ItemDoc:
    """What the ``desc-aside`` reading reads of ``doc``: its title and labels only."""
    return ItemDoc(title=doc.title, labels=tuple(doc.labels or ()))


def desc_aside_rows(
    proba: np.ndarray, strategic: int, docs: Sequence[ItemDoc], names: Callable[[str], bool]
) -> np.ndarray:
    """The rows the ``desc-aside`` reading takes, ascending: not strategic at
    ``RESEARCH_TITLE_KEEP_ABOVE``, with a description, whose title ``names`` says names the work."""
    low = np.flatnonzero(proba[:, strategic] < rules.RESEARCH_TITLE_KEEP_ABOVE)
    rows = [i for i in low.tolist() if docs[i].description and names(docs[i].title)]
    return np.array(rows, dtype=np.int64)


def _install_desc_aside(names: Callable[[str], bool]) -> None:
    def read_again(self, docs, prior, evidence, matrix, titles, proba, held, pairs):  # type: ignore[no-untyped-def]
        matrix = _SHIPPED_READ_AGAIN(
            self, docs, prior, evidence, matrix, titles, proba, held, pairs
        )
        k = self._evidence[0] if self._evidence else 0
        rows = desc_aside_rows(proba, k, docs, names)
        if not len(rows):
            return matrix
        alone = [title_alone(docs[i]) for i in rows.tolist()]
        read, read_titles = self._transform_with_titles(alone)
        read = rules_applied._board_weighted(read, prior)
        again, direction, _ = self._ruled(read, prior, alone)
        again = self._title_checked(alone, again, prior, read_titles, direction)
        keep = np.flatnonzero(again[:, k] >= rules.RESEARCH_TITLE_KEEP_ABOVE)
        if not len(keep):
            return matrix
        at = rows[keep]
        proba[at] = again[keep]
        held[at] = reasons._READ_AGAIN
        return rows_replaced(matrix, at, read, keep)

    classifier.LinearRoleModel._research_read_again = read_again  # type: ignore[method-assign]


def _research_or_direction(title: str) -> bool:
    return rules.title_names_research(title) or rules.title_names_direction(title)


VARIANTS: dict[str, Callable[[], None]] = {
    "desc-aside": lambda: _install_desc_aside(rules.title_names_research),
    "desc-aside-direction": lambda: _install_desc_aside(_research_or_direction),
}


def reset() -> None:
    """The shipped rules again (tests install a variant and take it back)."""
    classifier.LinearRoleModel._research_read_again = _SHIPPED_READ_AGAIN  # type: ignore[method-assign]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--misses", action="store_true", help="list the dev misses (research.dev_misses)"
    )
    args, rest = install_chosen(VARIANTS, parser, argv)
    if args.misses:
        return dev_misses.main(rest)
    return real_dev_sweep.main(rest)


if __name__ == "__main__":
    sys.exit(main())
