"""Session 15: recall levers for product-manager work on boards that have it, over the eight
template draws of ``research.real_dev_sweep`` (dev halves only; every ``*-test`` half is left to
the lead).

Each ``--variant`` is installed in this process before the sweep runs (rules, regexes and the
scan's re-reads are module attributes; the sweep scans in process), so a variant needs no edit of
the shipped code. Everything after ``--`` goes to ``real_dev_sweep``::

    python -m research.recall15 --variant announce -- --seeds 12,1,2,3,4,5,6,7 \\
        --fresh /work/freshdata --fresh2 /work/freshdata2 --fresh3 /work/freshdata3 \\
        --fresh4 /work/freshdata4 --fresh5 /work/freshdata5 --keep DIR

Variants (models/HISTORY.md, "Session 15: recall", has what each measured; the two levers that
won are shipped code now: the research-title re-read without its known-piece filter — measure
the filter with ``--patch RESEARCH_TITLE_KNOWN_PIECE=1`` — and a sub-task read with its parent's
title, ``analyzer.parent_links.PARENT_TITLE_KEEP_ABOVE``):

- ``announce``: announcing and publicising work (announcement, anuncio, annonce, Ankündigung,
  anúncio) is direction vocabulary of an item's own words (``rules._ITEM_DIRECTION_WORDS``);
- ``feedback``: following up and summarising what users said (feedback summaries, results,
  follow-ups, submitted feedback) is direction vocabulary too;
- ``research-more``: the research-title cue (``rules.title_names_research``) also names
  usability tests, the results of tests or feedback, validation summaries;
- ``parent-direction``: a sub-task of a parent the scan reads strategic is read again without
  its type *and list*, and its parent's direction counts as its own (the direction rules do not
  hold it), instead of the shipped re-reads;
- ``parent-title-off``: no second reading of such a sub-task with its parent's title (session
  14's parent links, the state before this session).

Training tickets go through ``real_dev_sweep``'s ``--extra``, e.g.
``research/data/recall15_tickets.csv`` (32 in our own words, each with its ``phrase_id``).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

import analyzer.parent_links as parent_links  # noqa: E402
import analyzer.pipeline as pipeline  # noqa: E402
import models._rules_applied as rules_applied  # noqa: E402
import models.rules as rules  # noqa: E402
from models.interface import STRATEGIC, ItemDoc  # noqa: E402
from research.variants import sweep, widen_title_research  # noqa: E402

#: announcing and publicising (five languages, folded): an item's own words only
ANNOUNCE_WORDS = r"""
    announc\w* anuncios? anunciar annonces? annoncer ankundigung\w* ankundigen anuncio\w*
    press\srelease\w*
"""
#: following up and summarising what users said
FEEDBACK_WORDS = r"""
    feedback\s(?:summary|summaries|results?|synthesis|follow\sups?|round\w*)
    (?:submitted|initial|customer|user|users|beta|pilot)\sfeedback
    results\sof\s(?:the\s)?feedback resultados\sde\s(?:la\s)?(?:retroalimentacion|encuesta)
"""
#: more research and validation named in a title (folded, lower case)
RESEARCH_MORE = (
    r"usability|usabilidad|usabilidade|utilisabilite|user\stest\w*|users?\stesting|"
    r"pruebas?\s(?:de\s)?usabilidad|testes?\s(?:de\s)?usabilidade|"
    r"(?:analisis|analise|analysis)\s(?:de\s|of\s)?(?:los\s|the\s)?resultados|"
    r"(?:results?|summary|synthesis)\sof\s(?:the\s)?(?:feedback|tests?|testing|interviews?|"
    r"surveys?|validation)|feedback\s(?:summary|results?|synthesis)|validation\ssummary|"
    r"(?:follow\sup|followup)\s(?:with\s)?\w*(?:\s\w+){0,3}\sfeedback"
)
RESEARCH_MORE_PIECES = ("usab", "test", "resultado", "result", "summary", "synthesis", "feedback")


def _recompile_direction(extra: str) -> None:
    rules._ITEM_DIRECTION_WORDS += extra
    rules._DIRECTION = re.compile(
        r"\b(?:" + "|".join((rules._DIRECTION_WORDS + rules._ITEM_DIRECTION_WORDS).split()) + r")\b"
    )
    rules._place_named.cache_clear()
    rules.title_places_direction.cache_clear()


def install_announce() -> None:
    _recompile_direction(ANNOUNCE_WORDS)


def install_feedback() -> None:
    _recompile_direction(FEEDBACK_WORDS)


def install_research_more() -> None:
    widen_title_research(RESEARCH_MORE, RESEARCH_MORE_PIECES)


def install_parent_direction() -> None:
    def without_type_and_list(item):  # type: ignore[no-untyped-def]
        return ItemDoc(
            title=item.title,
            description=item.description or "",
            type=None,
            labels=tuple(item.labels),
            column=None,
            hierarchy_level=None,
        )

    def read_again(chunk, batch, led, predict, titles=None):  # type: ignore[no-untyped-def]
        rows = [
            at
            for at, item in enumerate(chunk)
            if item.parent in led and item.hierarchy_level == -1 and batch[at].label != STRATEGIC
        ]
        if not rows:
            return 0
        held, titled = rules_applied.direction_held, rules_applied.title_direction_rows
        rules_applied.direction_held = lambda *a, **k: np.zeros(0, dtype=np.int64)
        rules_applied.title_direction_rows = lambda rows, *a, **k: (
            np.zeros(0, dtype=np.int64),
            np.zeros(0, dtype=np.int64),
        )
        try:
            again = predict([without_type_and_list(chunk[at]) for at in rows])
        finally:
            rules_applied.direction_held, rules_applied.title_direction_rows = held, titled
        for at, prediction in zip(rows, again, strict=True):
            batch[at] = prediction
        return len(rows)

    parent_links.read_again = read_again
    pipeline.read_again = read_again


def install_parent_title_off() -> None:
    """Session 14's parent links: no second reading with the parent's title."""
    parent_links.PARENT_TITLE_KEEP_ABOVE = 0


VARIANTS = {
    "announce": install_announce,
    "feedback": install_feedback,
    "research-more": install_research_more,
    "parent-direction": install_parent_direction,
    "parent-title-off": install_parent_title_off,
}


def main(argv: list[str] | None = None) -> int:
    return sweep(VARIANTS, __doc__.splitlines()[0], argv)


if __name__ == "__main__":
    raise SystemExit(main())
