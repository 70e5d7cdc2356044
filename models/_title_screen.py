"""A batch's titles screened for a title test's word pieces at once (the rules' fast path).

Every match of a title test (:func:`models.rules.title_names_research`,
:func:`models.rules.title_names_direction`) holds one of its word pieces in the folded,
lower-case title, and most of a board's titles hold none: asked one by one, the research
re-read of a 100 000-item scan asks about 60 000 titles both tests, a Python call and a ``re``
search each. Polars searches the column of them for each test's pieces at once (Aho-Corasick)
in an eighth of the time (session 23). (The title holds ask a few hundred titles a batch: there
a polars call costs what it spares; measured, not used.)"""

from __future__ import annotations

import sys
from collections.abc import Sequence

import numpy as np

#: Titles from which a column is searched with polars (fewer: each is asked by itself).
IN_BULK = 64


def may_hold(titles: Sequence[str | None], *pieces: Sequence[str]) -> list[np.ndarray] | None:
    """For each word-piece set of ``pieces`` (plain lower-case letters), per title: False when
    the title is ASCII and holds none of the set in any case — no test whose every match holds
    one can match it —, else True (a non-ASCII title is folded by the test itself, which may
    make a piece). None when the titles are better asked one by one: few of them, polars not
    loaded (importing it for this alone would cost a short run more than it saves), or a text
    it cannot take (a lone surrogate is not UTF-8)."""
    pl = sys.modules.get("polars")
    if pl is None or len(titles) < IN_BULK:
        return None
    try:
        column = pl.Series([title or "" for title in titles], dtype=pl.String)
    except (UnicodeEncodeError, TypeError):
        return None
    wide = column.str.len_bytes() != column.str.len_chars()
    return [
        (column.str.contains_any(list(words), ascii_case_insensitive=True) | wide).to_numpy()
        for words in pieces
    ]
