"""The words an item never counts and the language its words vote for, as the model reads them.

``analyse`` (one doc) leaves out :func:`stop_words` of the item's language; the batch path
(``LinearRoleModel``) reads each word's :func:`_word_flags` once per model, votes each row's
language from them (:func:`row_languages`, a link's words taken off: :func:`link_votes`) and
drops the words that are not evidence in it (:func:`own_function_places`). The languages and
their function words themselves are :mod:`models.language`'s.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

import numpy as np

import models.language as _language  # session 16: read when used (sweeps patch it)
from models.features import STORY_OPENINGS, words
from models.language import (
    FUNCTION_WORDS,
    NOT_EVIDENCE,
    OTHER_LATIN_HINTS,
    OWN_FUNCTION_WORDS,
    READ,
    links,
    vote_counts,
)

# Function words are never evidence: they are no features (``analyse`` leaves them and any bigram
# holding one out, so they get no weight) and never make a reason ("de", "les" and "la" used to
# decide French and Spanish items). Since session 15 an item leaves out its own language's
# (``language.OWN_FUNCTION_WORDS``: "door" is a word in an English item, not in a Dutch one);
# an item whose language is not known (``language.item_language`` None) every read language's
# and those shared with another language (``language.NOT_EVIDENCE``): STOP_WORDS.
STOP_WORDS = NOT_EVIDENCE | {"0"}
#: What an item in each read language leaves out (``STOP_WORDS`` for None).
STOP_WORDS_BY_LANGUAGE = {code: OWN_FUNCTION_WORDS[code] | {"0"} for code in READ}


def stop_words(language: str | None) -> frozenset[str]:
    """The words an item in ``language`` (``language.item_language``) never counts."""
    return STOP_WORDS_BY_LANGUAGE.get(language, STOP_WORDS)  # type: ignore[arg-type]


# The batch path's per-word flags (``LinearRoleModel._flags``): bits 0-5 a vote for each read
# language (``READ`` order), bits 6-12 "not evidence" in each read language and (bit 12) in an
# item whose language is not known, then an Italian hint and a word a user story opens with.
_UNKNOWN = len(READ)  # the language index of an item whose language is not known
_VOTES = (1 << len(READ)) - 1
_STOP_SHIFT = len(READ)
_STOP_MASK = ((1 << (len(READ) + 1)) - 1) << _STOP_SHIFT
_HINT_FLAG = 1 << (2 * len(READ) + 1)
_OPENER_FLAG = _HINT_FLAG << 1
_NL = READ.index("nl")
_EN = READ.index("en")
# (vote pattern × language): whether a word with that pattern votes for that language
_PATTERN_LANGUAGES = (np.arange(_VOTES + 1)[:, None] >> np.arange(len(READ)) & 1).astype(np.float64)


def _word_flags(word: str) -> int:
    flags = 0
    for k, code in enumerate(READ):
        if word in FUNCTION_WORDS[code]:
            flags |= 1 << k
        if word in STOP_WORDS_BY_LANGUAGE[code]:
            flags |= 1 << (_STOP_SHIFT + k)
    if word in STOP_WORDS:
        flags |= 1 << (_STOP_SHIFT + _UNKNOWN)
    if word in OTHER_LATIN_HINTS:
        flags |= _HINT_FLAG
    if word in STORY_OPENINGS:
        flags |= _OPENER_FLAG
    return flags


def function_places(flags: np.ndarray) -> np.ndarray:
    """The places of the words that vote for a language or are not evidence in one (every word
    that votes is not evidence in its own language): what the two steps below read."""
    return np.flatnonzero(flags & _STOP_MASK)


def row_languages(
    flags: np.ndarray,
    rows: np.ndarray,
    n: int,
    at: np.ndarray | None = None,
    less: tuple[np.ndarray, np.ndarray] | None = None,
) -> np.ndarray:
    """Per row (0..n-1), the index in ``READ`` of its language as
    :func:`models.language.item_language` votes it (``_UNKNOWN``: not known), from the
    ``_word_flags`` of each word and the row each word is in (``at``: the
    :func:`function_places`, when known). ``less``: (rows, votes) — per row (each once), the
    votes of its links' words (:func:`link_votes`), which do not count."""
    at = function_places(flags) if at is None else at
    if not len(at):
        return np.full(n, _UNKNOWN, dtype=np.int64)
    # How many words of each vote pattern (a set of languages) each row holds, then per
    # language the patterns that hold it: one count over the function words, one small product.
    patterns = np.bincount(
        rows.take(at) * (_VOTES + 1) + (flags.take(at) & _VOTES), minlength=n * (_VOTES + 1)
    )
    votes = patterns.reshape(n, _VOTES + 1).astype(np.float64) @ _PATTERN_LANGUAGES
    if less is not None:
        votes[less[0]] -= less[1]
    best = votes.max(axis=1)
    winners = (votes == best[:, None]) & (best > 0)[:, None]
    count = winners.sum(axis=1)
    dutch_off = (count > 1) & winners[:, _NL]  # Dutch gives way on a tie
    winners[dutch_off, _NL] = False
    count -= dutch_off
    out = np.where(count == 1, winners.argmax(axis=1), _UNKNOWN)
    if _language.TIE_TO_ENGLISH:
        out[(count > 1) & winners[:, _EN]] = _EN
    if _language.MIN_VOTES > 1:
        thin = _language.THIN_LANGUAGE
        out[(best > 0) & (best < _language.MIN_VOTES)] = (
            _UNKNOWN if thin is None else READ.index(thin)
        )
    return out


def link_votes(
    texts: Sequence[str], per_row: int = 1, linked: Sequence[int] | None = None
) -> tuple[np.ndarray, np.ndarray] | None:
    """The function-word votes of the links' words (``language.links``: URLs, web and e-mail
    addresses) of each row that has some, as :func:`row_languages` takes them off; ``texts``:
    ``per_row`` texts a row (a doc's text, or its title and cut description). None when no
    link's word votes. Three substring searches a text (:func:`_linked`; ``linked``: the
    places of the texts that may hold a link, ascending, when already found); the few texts
    with a link are read in Python (a link never spans two texts: they are joined by a space)."""
    found: dict[int, list[int]] = {}
    for i in _linked(texts) if linked is None else linked:
        chunks = links(texts[i])
        if chunks:
            counts = vote_counts(words(" ".join(chunks)))
            if any(counts):
                row = i // per_row
                if row in found:
                    counts = [a + b for a, b in zip(found[row], counts, strict=True)]
                found[row] = counts
    if not found:
        return None
    return np.fromiter(found, np.int64, len(found)), np.array(list(found.values()), np.float64)


#: Texts from which :func:`_linked` searches a batch with polars (when loaded; else text by text).
_LINKED_IN_BULK = 1024


def _linked(texts: Sequence[str]) -> list[int]:
    """The places of the ``texts`` that may hold a link (:func:`models.language.has_links`:
    "http", "www." or "@" in them), ascending. With polars already loaded in the process (a
    scan's reader or its criteria search loads it) a batch's texts are searched as one column,
    its three substring searches ≈ 3.5 GB/s against ≈ 1 for Python's (session 19; 0.072 ->
    0.046 CPU s for the generated 100k Jira CSV's 212 000 texts); importing it for this alone
    would cost a short run more than it saves. Texts polars cannot take (a lone surrogate is
    not UTF-8) are searched one by one."""
    pl = sys.modules.get("polars")
    if pl is not None and len(texts) >= _LINKED_IN_BULK:
        try:
            column = pl.Series(texts, dtype=pl.String)
        except (UnicodeEncodeError, TypeError):
            pass
        else:
            within = column.str.contains
            hit = within("http", literal=True) | within("www.", literal=True)
            return (hit | within("@", literal=True)).arg_true().to_list()
    return [i for i, text in enumerate(texts) if "http" in text or "www." in text or "@" in text]


def own_function_places(
    flags: np.ndarray, rows: np.ndarray, languages: np.ndarray, at: np.ndarray | None = None
) -> np.ndarray:
    """The places of the words that are not evidence in their row's language (``languages``:
    :func:`row_languages`; ``at``: the :func:`function_places`, when known)."""
    at = function_places(flags) if at is None else at
    own = (flags.take(at) >> (languages.take(rows.take(at)) + _STOP_SHIFT)) & 1
    return at.compress(own)
