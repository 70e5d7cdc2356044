"""The batch's bytes path keeps each title's separator among the words (session 34): its pairs
are those of the words read with the titles' separators dropped, in another order.

The reference below is the path as it was to session 33 (each title's separator taken out of
the batch's words, then each two neighbours a bigram); every reader of the pairs counts or
sorts them, so the same multiset of (row, column) pairs is the same reading.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

from models._fastpath import _batch_bytes, doc_texts
from models.classifier import load_model
from models.interface import ItemDoc


@pytest.fixture(scope="module")
def bundled():
    return load_model()


def _reference(model, docs: list[ItemDoc]) -> tuple[Counter, Counter]:
    """(doc pairs, title pairs) with the titles' separators taken out first, unigrams and
    bigrams (no metadata, no story form: the docs here have none)."""
    texts, wide, _ = doc_texts(docs, model.config.features.description_chars)
    split = _batch_bytes(texts, [i for row in wide for i in (2 * row, 2 * row + 1)], [])
    ids = model._word_table.ids(split)
    separator = ids == -2
    text = np.cumsum(separator, dtype=np.int32) - separator
    title = (text & 1) == 0
    flags = model._flags.take(ids)
    model._own_words_out(ids, text >> 1, len(docs), flags=flags)
    keep = np.flatnonzero(~(separator & title))
    ids, in_title, rows = ids.take(keep), title.take(keep), text.take(keep) >> 1
    known = ids >= 0
    pairs: Counter = Counter()
    titles: Counter = Counter()
    for at in np.flatnonzero(known).tolist():
        pairs[(int(rows[at]), int(ids[at]))] += 1
        if in_title[at]:
            titles[(int(rows[at]), int(ids[at]))] += 1
    first, second, table = model._bigrams
    for at in np.flatnonzero(known[:-1] & known[1:]).tolist():
        found = int(table[first[ids[at]], second[ids[at + 1]]])
        if found >= 0:
            pairs[(int(rows[at]), found)] += 1
            if in_title[at + 1]:
                titles[(int(rows[at]), found)] += 1
    return pairs, titles


def test_the_pairs_are_those_with_the_titles_separators_dropped(bundled):
    vocabulary = bundled.vocabulary
    a, b = next(f for f in sorted(vocabulary) if " " in f and ":" not in f).split(" ")
    docs = [
        ItemDoc("", f"{b} plan"),  # the batch's first title empty: no word before its end
        ItemDoc(a, b),  # a bigram across the title's end
        ItemDoc(f"the {a}", ""),  # no description: its separator follows the title's
        ItemDoc("", ""),
        ItemDoc(f"{a} {b}", f"{a} {b}"),
        ItemDoc(f"{a}.", f"— {b}!"),
        ItemDoc("é " + a, b + " ü"),  # not ASCII
        ItemDoc(a, ""),  # the batch's last doc: its description's separator ends the batch
    ]
    texts, wide, _ = doc_texts(docs, bundled.config.features.description_chars)
    split = _batch_bytes(texts, [i for row in wide for i in (2 * row, 2 * row + 1)], [])
    rows, cols, titles = bundled._split_pairs(docs, split, wide)
    want, want_titles = _reference(bundled, docs)
    assert Counter(zip(rows.tolist(), cols.tolist(), strict=True)) == want
    got_titles = Counter(zip(titles.rows.tolist(), titles.cols.tolist(), strict=True))
    assert got_titles == want_titles
    across = (1, vocabulary[f"{a} {b}"])
    assert want[across] == 1 and want_titles[across] == 0  # the bigram across is the doc's only
