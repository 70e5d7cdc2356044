"""Session 18 (issue 12): false strategic calls on the dev halves, and the levers measured against
them over the eight template draws of ``research.real_dev_sweep`` (dev halves only; every
``*-test`` half is left to the lead).

Each ``--variant`` changes a rule of ``models.rules`` / ``models.classifier`` in this process
before the run, so it needs no edit of the shipped code; they are rules of the scan, so the
draws' kept models are reused. Everything after ``--`` goes to ``real_dev_sweep`` (found / false
over the halves), or with ``--misses`` to ``research.dev_misses`` (each false call and miss by
file and id, with how many models made it)::

    python -m research.s18_false_calls --variant one-word -- --keep DIR \\
        --seeds 12,1,2,3,4,5,6,7 --fresh /work/freshdata ... --fresh8 /work/freshdata8
    python -m research.s18_false_calls --misses --variant one-word -- \\
        --no-bundled --seeds 12,1,2,3,4,5,6,7 --cache DIR

Shipped in session 18 (``rules.TITLE_HOLDS``; the variant takes the hold out, as main had it):

- ``no-price-data``: prices named as data to check (an item's price that must match the till's,
  a price mismatch) are direction work again through 'pricing';
- ``no-plan-object``: a plan verb whose object names no direction work ("Umzug des Servers
  planen") is direction work again, as session 17 shipped it;
- ``no-delivery-labels``: a card labelled as delivery work (a feature request, a bug …) in a
  list named after direction work is strategic by its list's name again
  (``rules.delivery_labelled`` answers no).

Measured, not shipped (models/HISTORY.md, "Session 18: false strategic calls"):

- ``plan-verbs-off``: the five plan verbs name no direction work at all (before session 17);
- ``content-segmentation``: a title naming the segmentation of a text, speech or image (not of
  a market) clears 'segmentation';
- ``one-word``: an item with at most one known word is strategic at most
  ``THIN_CAP`` (``uncertain``), whatever its list;
- ``one-word-no-list``: the same, only when its list and labels name no direction work.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import models.classifier as classifier  # noqa: E402
import models.rules as rules  # noqa: E402
from research import dev_misses, real_dev_sweep  # noqa: E402
from research.variants import install_chosen  # noqa: E402

#: the strategic probability a thin item is held at by the ``one-word`` variants (uncertain)
THIN_CAP = 0.55
PLAN_VERBS = re.compile(r"^(?:planen|planear|planificar|planifier|planejar)$")
_SEG = r"(?:segmentation|segmentacion|segmentierung|segmentacao|presegmentation)"
CONTENT_SEGMENTATION = re.compile(
    r"\b(?:text|texts|words?|sentences?|speech|audio|video|images?|caption\w*|subtitles?|"
    r"transcripts?|transcription\w*|token\w*|pre|lines?|paragraphs?|pixels?|scenes?|voice|"
    rf"signal)\s(?:pre\s)?{_SEG}\b"
    rf"|\b{_SEG}\s(?:of|de|des|du|der|da|do)\s(?:the\s|la\s|le\s|les\s|die\s|a\s|o\s)?"
    r"(?:texts?|words?|sentences?|speech|audio|video|images?|captions?|subtitles?|transcripts?|"
    r"texte|texto|textos|bild\w*|imagens?|imagenes)\b"
)


class _Always:
    """A title test every title passes (a hold that clears its words everywhere)."""

    pattern = "any title"

    def search(self, folded: str) -> bool:
        return True


def _without(name: str) -> None:
    rules.TITLE_HOLDS = tuple(h for h in rules.TITLE_HOLDS if h.name != name)


def _with(hold: rules.TitleHold) -> None:
    rules.TITLE_HOLDS = (*rules.TITLE_HOLDS, hold)


def _one_word(list_aside: bool) -> None:
    """A board scan holds an item with at most one known word at ``THIN_CAP`` strategic; with
    ``list_aside`` only when its list and labels name no direction work."""
    shipped = classifier.LinearRoleModel._ruled

    def ruled(self, matrix, prior=None, docs=None, words=None, *rest):  # type: ignore[no-untyped-def]
        proba, direction, held = shipped(self, matrix, prior, docs, words, *rest)
        if docs is None or prior is None or self._evidence is None:
            return proba, direction, held
        k = self._evidence[0]
        known = self._word_evidence(matrix)[1]
        rows = np.flatnonzero((known <= 1) & (proba[:, k] > THIN_CAP)).tolist()
        if list_aside:
            rows = [
                i
                for i in rows
                if not rules._place_named(docs[i].column, tuple(docs[i].labels or ()), True)
            ]
        if rows:
            proba = proba.copy()
            proba[rows, k] = THIN_CAP
            proba[rows, 1 - k] = 1.0 - THIN_CAP
        return proba, direction, held

    classifier.LinearRoleModel._ruled = ruled  # type: ignore[method-assign]


VARIANTS = {
    "no-price-data": lambda: _without("price data"),
    "no-plan-object": lambda: _without("plan without a direction object"),
    "no-delivery-labels": lambda: setattr(rules, "delivery_labelled", lambda labels: False),
    "plan-verbs-off": lambda: _with(rules.TitleHold("plan verbs off", _Always(), PLAN_VERBS)),
    "content-segmentation": lambda: _with(
        rules.TitleHold("content segmentation", CONTENT_SEGMENTATION, re.compile(r"\bsegment\w*"))
    ),
    "one-word": lambda: _one_word(False),
    "one-word-no-list": lambda: _one_word(True),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="run research.dev_misses instead")
    args, rest = install_chosen(VARIANTS, parser, argv)
    return (dev_misses.main if args.misses else real_dev_sweep.main)(rest)


if __name__ == "__main__":
    sys.exit(main())
