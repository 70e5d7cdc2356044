"""The batch's bytes path (``_split_pairs``) gives each doc the features the item-by-item
reading gives, across the join of its title and description too.

A doc's words run on from its title into its description (``doc_parts``): the last word of the
title and the first of the description make a bigram, which no other test's docs held (a batch
that dropped those bigrams passed every one of them; session 13). Checked against each doc's
own features (``analyse``) and the reference values, with hostile texts on either side:
right-to-left scripts, NUL, emoji, accents, the typographic apostrophe, very long texts,
markup, punctuation.
"""

from __future__ import annotations

import random
from collections import Counter

import numpy as np
import pytest

from models.classifier import load_model
from models.interface import ItemDoc
from models.model_config import analyse

HOSTILE = [
    "",
    "x",
    "مرحبا بالعالم שלום",
    "nul\x00byte",
    "🚀 emoji 💡",
    "ééé Ünïcode",
    "don’t l’écran d'accueil",
    "word " * 300,
    "ΑΣ σ",
    "2024-01-01 v2.0",
    "<b>bold</b> &amp; [link|http://x]",
]


@pytest.fixture(scope="module")
def bundled():
    return load_model()


def own_columns(model, doc: ItemDoc) -> Counter:
    """The doc's feature columns, each as often as it occurs, read item by item."""
    return Counter(model.vocabulary[f] for f in analyse(doc, model.config) if f in model.vocabulary)


def row_columns(matrix, row: int) -> list[int]:
    return sorted(matrix.indices[matrix.indptr[row] : matrix.indptr[row + 1]].tolist())


def test_a_docs_words_run_on_from_its_title_into_its_description(bundled):
    vocabulary = bundled.vocabulary
    bigrams = sorted(f for f in vocabulary if " " in f and ":" not in f)
    rng = random.Random(13)
    docs: list[ItemDoc] = []
    spanning: list[tuple[int, int]] = []  # (doc, bigram column) the title/description join
    for pair in rng.sample(bigrams, 40):
        a, b = pair.split(" ")
        tail, head = rng.choice(HOSTILE), rng.choice(HOSTILE)
        spanning.append((len(docs), vocabulary[pair]))
        docs.append(ItemDoc(f"{tail} {a}", f"{b} {head}"))
        spanning.append((len(docs), vocabulary[pair]))
        docs.append(ItemDoc(a, b))
        spanning.append((len(docs), vocabulary[pair]))
        docs.append(ItemDoc(f"{a}.", f"— {b}!"))  # punctuation between: still side by side
        docs += [
            ItemDoc(f"{a} {b}", ""),
            ItemDoc("", f"{a} {b}"),
            ItemDoc(f"{a} as", b),  # a marked word (a story may open with it) between
            ItemDoc(f"{a} {rng.choice(HOSTILE)}", f"{rng.choice(HOSTILE)} {b}"),
            ItemDoc(rng.choice(HOSTILE), rng.choice(HOSTILE)),
        ]
    matrix, titles = bundled._transform_with_titles(docs)
    assert titles is not None  # the batch's bytes path
    for row, doc in enumerate(docs):
        assert row_columns(matrix, row) == sorted(own_columns(bundled, doc)), doc
    for row, column in spanning:  # the bigram that spans the join is there
        assert column in own_columns(bundled, docs[row])
        assert column in row_columns(matrix, row), docs[row]
    # Each doc's title alone: its own words and bigrams, none reaching into the description.
    title_rows = bundled._title_matrix(docs, list(range(len(docs))), titles)
    for row, doc in enumerate(docs):
        alone = own_columns(bundled, ItemDoc(doc.title or ""))
        assert row_columns(title_rows, row) == sorted(alone), doc
    # The values as the item-by-item reference computes them (sublinear tf, smooth idf, L2).
    from tests.test_classifier_speed_equivalence import reference_row

    for row, doc in enumerate(docs):
        want = reference_row(bundled, doc)
        start, end = matrix.indptr[row], matrix.indptr[row + 1]
        got = dict(zip(matrix.indices[start:end].tolist(), matrix.data[start:end], strict=True))
        assert got.keys() == want.keys()
        assert np.allclose([got[c] for c in want], list(want.values()), rtol=1e-12, atol=0)
