"""Variants of the board's common-word damping (``rules.board_word_weights``), measured.

A word or bigram on more than ``BOARD_WORDS_COMMON`` of a board's items weighs (c / share) **
``BOARD_WORDS_POWER`` in each of its items: a system's name or "pipeline" on every card of a
board must not carry a label. On a product team's board whose work *is* market validation
(interviews on a fifth of its cards), the same rule takes the weight out of the words that name
that work. The variants keep the damping for the board's domain words and spare direction
vocabulary in different ways; :func:`install` swaps one in for a run of
``research.real_dev_sweep`` (``--damping NAME``; dev halves only). Each is the session-12 rule
(every common word damped) with one change; session 13 shipped ``spare-interviews-cap-0.25``
(``rules.BOARD_WORDS_SPARED_UP_TO``, ``rules.spared_columns``: the same columns):

- ``shipped``: the rule as it is (no swap).
- ``session-12``: every common word damped, research words too (the rule before session 13).
- ``spare-direction``: a column of the model's direction vocabulary
  (``rules.direction_columns``) is never damped.
- ``spare-research``: only the research and validation words (a word or bigram feature that
  ``rules._TITLE_RESEARCH`` matches — interviews, surveys, competitors, stakeholders…) are
  spared, whatever their share.
- ``spare-research-cap-X``: research words are spared on at most X of the board's items (above
  it they are the board's domain: a survey tool's "survey").
- ``spare-interviews-cap-X``: as ``spare-research-cap-X`` for the words of interviews,
  questionnaires and surveys only (competitors, stakeholders and market words damped).
- ``strategic-only``: only columns that push toward strategic are damped (a board's common
  delivery words keep their weight).
- ``half-direction``: direction columns damped with half the power (γ / 2).
- ``floor-direction-X``: direction columns weigh at least X (e.g. ``floor-direction-0.5``).
- ``floor-X``: every damped column weighs at least X.
- ``spare-direction-if-X``: direction columns are spared only on a board whose share of items
  holding a direction word that pushes toward strategic is above X (a board whose own work is
  direction work), e.g. ``spare-direction-if-0.2``.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import models._rules_applied as rules_applied  # noqa: E402
import models.classifier as classifier  # noqa: E402
import models.rules as rules  # noqa: E402

_SHIPPED = rules.board_word_weights
#: research by talking to people (not competitors, stakeholders, market words)
_INTERVIEWS = re.compile(
    r"interview|entrevist|entretien|questionnaire|cuestionario|questionario|fragebogen|survey"
    r"|encuesta|enquete|umfrage"
)
_ESTIMATE = classifier.LinearRoleModel.estimate_prior
#: the model whose board prior is being estimated (the variants read its columns)
_current: list[classifier.LinearRoleModel] = []


def _model_masks(model: classifier.LinearRoleModel) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(direction mask, research mask, pushes toward strategic) per column, kept on the model."""
    cached = getattr(model, "_damping_masks", None)
    if cached is None:
        names = model._feature_names()
        direction = rules.direction_columns(names) > 0
        research = np.fromiter(
            (":" not in n and bool(rules._TITLE_RESEARCH.search(n)) for n in names),
            bool,
            len(names),
        )
        k = model._evidence[0] if model._evidence else 1
        cached = (direction, research, model._toward[k].copy())
        model._damping_masks = cached
    return cached


def _weights(name: str, counts: np.ndarray, items: int, structure: np.ndarray):  # type: ignore[no-untyped-def]
    shipped = _SHIPPED(counts, items, structure)  # no column spared: the session-12 rule
    if name == "session-12" or shipped is None or not _current:
        return shipped
    direction, research, toward = _model_masks(_current[-1])
    damped = shipped < 1.0
    out = shipped.copy()
    if name == "spare-direction":
        out[direction] = 1.0
    elif name == "spare-research":
        out[research] = 1.0
    elif m := re.fullmatch(r"spare-research-cap-([\d.]+)", name):
        out[research & (counts / items <= float(m[1]))] = 1.0
    elif m := re.fullmatch(r"spare-interviews-cap-([\d.]+)", name):
        names = _current[-1]._feature_names()
        talk = np.fromiter((bool(_INTERVIEWS.search(n)) for n in names), bool, len(names))
        out[research & talk & (counts / items <= float(m[1]))] = 1.0
    elif name == "strategic-only":
        out[toward <= 0] = 1.0
    elif name == "half-direction":
        share = counts / items
        sel = damped & direction
        out[sel] = (rules.BOARD_WORDS_COMMON / share[sel]) ** (rules.BOARD_WORDS_POWER / 2)
    elif m := re.fullmatch(r"floor-direction-([\d.]+)", name):
        sel = damped & direction
        out[sel] = np.maximum(out[sel], float(m[1]))
    elif m := re.fullmatch(r"floor-([\d.]+)", name):
        out[damped] = np.maximum(out[damped], float(m[1]))
    elif m := re.fullmatch(r"spare-direction-if-([\d.]+)", name):
        # the share of the board's items holding a direction word that pushes strategic,
        # approximated by its most common such word (counts are per column, not per item)
        strategic_direction = direction & (toward > 0) & ~structure
        top = counts[strategic_direction].max(initial=0) / items
        if top > float(m[1]):
            out[direction] = 1.0
    else:
        raise SystemExit(f"unknown damping variant {name!r}")
    return out


def install(name: str) -> None:
    """Use damping variant ``name`` in every board scan of this process."""

    def weights(counts, items, structure, spared=None):  # type: ignore[no-untyped-def]
        return _weights(name, counts, items, structure)  # each variant says what it spares

    def estimate_prior(self, docs):  # type: ignore[no-untyped-def]
        _current.append(self)
        try:
            return _ESTIMATE(self, docs)
        finally:
            _current.pop()

    rules_applied.board_word_weights = weights
    classifier.LinearRoleModel.estimate_prior = estimate_prior
