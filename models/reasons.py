"""A prediction's reason: its head (label, confidence, why it was held) and its ending (the
training phrase it reads like), and :func:`reason_text`, the whole reason of one item.

``strategic 0.87: 'roadmap', issue type Epic; nearest phrase: '…' (“…”, § …)``. A batch codes each
row's head once (:func:`_head_codes`) and writes its reasons from the codes
(:mod:`models._batch`); :func:`reason_text` says the same of one item (the terms' own wording is
:mod:`models._reason_terms`').
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np

from models._reason_terms import (
    NEARLY_CERTAIN,
    NO_TERMS,
    PLAIN,
    UNSURE_LEAD,
    bare_head,
    confidence_text,
    item_term,
    kind_of,
    shown_below,
)
from models.features import describe_feature, name_words
from models.rules import (
    DIRECTION_REREAD_REASON,
    HELD_REASON,
    RESEARCH_REASON,
    THIN_REASON,
    TITLE_HELD_REASON,
)
from models.source_phrases import SourcePhrase

#: No phrase quoted: the reason ends with its terms (session 15: the ending "; no training
#: phrase is close enough to quote" closed 99 % of real reasons and told a reader nothing).
NO_PHRASE_ENDING = ""
NO_WORDS_ENDING = " (the model has learned none of its words)"


_describe = lru_cache(maxsize=65536)(describe_feature)


#: Why a row was held, as ``_head_codes`` reads ``held``: not held, by the direction rule (its
#: words, list and labels name no direction work), by the title rules (its title names none);
#: or read again without its type and list, its title naming research work (session 14) or
#: direction work (session 18: the reason says which); or held back from strategic by the
#: evidence rules (session 18: its own words give too little evidence).
_HELD_BY_WORDS, _HELD_BY_TITLE, _READ_AGAIN, _READ_AGAIN_DIRECTION, _HELD_THIN = 1, 2, 3, 4, 5
_HELD_REASONS = (
    "",
    HELD_REASON,
    TITLE_HELD_REASON,
    RESEARCH_REASON,
    DIRECTION_REREAD_REASON,
    THIN_REASON,
)
#: A head code: a held row's confidence near a rounding tie (-3: held by title, -4: read again,
#: ... ``_HELD_TIE + 1 - why``).
_HELD_TIE = -2
#: Session 18: an item the report calls ``uncertain`` (below its threshold) has its head led by
#: ``UNSURE_LEAD`` ("uncertain, leaning tactical 0.55: …"): :meth:`_Batch.mark_unsure` moves its
#: code by the number of plain and held heads, or a code at a rounding tie (< 0) by this.
_UNSURE_TIE = 100


def _head_codes(best: np.ndarray, proba: np.ndarray, held: np.ndarray | None = None) -> np.ndarray:
    """Per row, ``label * 101 + hundredths`` of its confidence as ``f"{p:.2f}"`` rounds it, or
    -1 where the confidence is within 1e-6 of a rounding tie or exactly 1 (those are formatted
    one by one: the hundredth 100's head reads ``>0.99``, :func:`confidence_text`).
    The ``held`` rows (per row, 0 or why it was held: ``_HELD_BY_WORDS``, ``_HELD_BY_TITLE``,
    ``_READ_AGAIN``; ``True`` is the first) are ``held * 101 * labels`` further on (the
    ``_HELD_REASONS`` heads), or ``_HELD_TIE - held + 1`` near a tie.

    Away from a tie, rounding ``100 * p`` computed in floating point (error < 1e-13) gives the
    same hundredths as formatting the exact binary value."""
    confidence = proba[np.arange(len(best)), best]
    scaled = confidence * 100.0
    whole = np.floor(scaled)
    hundredths = np.floor(scaled + 0.5)
    exact = (np.abs(scaled - whole - 0.5) > 1e-6) & (hundredths >= 0) & (scaled < 100.0)
    codes = np.where(exact, best * 101 + hundredths.astype(np.int64), -1)
    if held is not None and held.any():
        why = np.asarray(held, dtype=np.int64)
        at = np.flatnonzero(why)
        codes[at] = np.where(
            exact[at], codes[at] + why[at] * 101 * proba.shape[1], _HELD_TIE + 1 - why[at]
        )
    return codes


class Reason(str):
    """A reason kept as it was made, head and body: as a ``str`` it is the whole text JSON, the
    item CSV and ``classify`` write ("uncertain, leaning tactical 0.59: 'goal'"); ``head`` is the
    label it gives ("strategic", "uncertain, leaning tactical"), ``number`` that label's
    confidence as it says it ("0.59", ">0.99"), ``body`` the rest. Where a report shows the
    item's confidence beside it, :meth:`beside_confidence` leaves the number out. A text made
    from it (``+``, ``replace``) is a plain ``str``, shown whole."""

    head: str
    number: str
    body: str

    def __new__(cls, head: str, number: str, body: str) -> Reason:
        self = str.__new__(cls, f"{head} {number}: {body}")
        self.head, self.number, self.body = head, number, body
        return self

    def __getnewargs__(self) -> tuple[str, str, str]:  # (copies and pickles)
        return self.head, self.number, self.body

    def with_body(self, body: str) -> Reason:
        """The same head and number before another body."""
        return Reason(self.head, self.number, body)

    def beside_confidence(self) -> str:
        """ "strategic: 'roadmap', …": the reason where the item's confidence stands beside it
        (one number at one precision in a row; session 31's walk)."""
        return f"{self.head}: {self.body}"


def body_of(reason: str) -> str:
    """What a reason says after its head: a :class:`Reason`'s ``body``; of a plain ``str`` (a
    batch without head parts, a text a report made) what follows its first ": " ("" if none)."""
    if isinstance(reason, Reason):
        return reason.body
    return reason.partition(": ")[2]


def head_parts(labels: Sequence[str]) -> list[tuple[str, str, str]]:
    """The parts of every reason head a batch codes (:func:`_head_codes`; the heads are
    ``f"{head} {number}: {why}"``): ``(label, "0.87", "")`` for every label and every
    hundredth, at ``label * 101 + h`` (the hundredth 100 reads ``>0.99``:
    :func:`confidence_text`; a row at exactly 1 is said one by one, :func:`_head_codes`); then
    the same with ``HELD_REASON`` (an item the direction rule held), ``101 * labels`` on, with
    ``TITLE_HELD_REASON`` (the title rules held it), ``2 * 101 * labels`` on, with
    ``RESEARCH_REASON`` (read again, its title naming research), ``3 * 101 * labels`` on, and
    so on for each of ``_HELD_REASONS``; then all of those again led by ``UNSURE_LEAD`` (an
    item below the report's threshold: :meth:`models._batch._Batch.mark_unsure`)."""
    shown = [f"{h / 100:.2f}" for h in range(100)] + [NEARLY_CERTAIN]
    sure = [(label, h, why) for why in _HELD_REASONS for label in labels for h in shown]
    return sure + [(UNSURE_LEAD + label, h, why) for label, h, why in sure]


def reason_text(
    label: str,
    confidence: float,
    terms: Sequence[str],
    phrase: SourcePhrase | None,
    held: bool | int = False,
    *,
    doc: Any = None,
    singular_names: bool = False,
    learned: bool = True,
    unsure: bool = False,
    threshold: float | None = None,
) -> Reason:
    """``strategic 0.87: 'roadmap', issue type Epic; nearest phrase: '…' (“…”, § …)``;
    ``held``: the direction rule held the item (``True`` or ``_HELD_BY_WORDS``: ``HELD_REASON``
    before its terms) or the title rules did (``_HELD_BY_TITLE``: ``TITLE_HELD_REASON``), or it
    was read again without its type and list (``_READ_AGAIN``: ``RESEARCH_REASON``).
    ``doc``: the item, whose own type, list and label names the terms then show
    (``singular_names``: the model's ``list_singular``); ``learned``: whether the model has
    learned any of its words (a reason without terms nor phrase says when it has not);
    ``unsure``: the report calls the item ``uncertain`` (``UNSURE_LEAD`` first), below
    ``threshold`` when given (its confidence then never shown at it: :func:`shown_below`)."""
    said: list[str] = []
    for term in terms:
        text = None
        if doc is not None:
            kind = kind_of(term)
            if kind != PLAIN:
                text = item_term(term, kind, doc, lambda n: name_words(n, singular_names))
        text = text or _describe(term)
        if text not in said:
            said.append(text)
    if phrase is not None:
        ending = _phrase_suffix(phrase)
    else:
        ending = NO_WORDS_ENDING if not learned and not terms else NO_PHRASE_ENDING
    why = _HELD_REASONS[int(held)]
    parts = why + ", ".join(said) if said else bare_head(why) + NO_TERMS
    lead = UNSURE_LEAD if unsure else ""
    if unsure and threshold is not None:
        confidence = shown_below(confidence, threshold)
    return Reason(f"{lead}{label}", confidence_text(confidence), f"{parts}{ending}")


def _phrase_suffix(phrase: SourcePhrase) -> str:
    where = phrase.short_provenance
    return f"; nearest phrase: '{phrase.text}'" + (f" ({where})" if where else "")
