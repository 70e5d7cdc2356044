"""The classify stage's session-15 shortcuts (issue 16) against the code they replace."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import sparse

from models._fastpath import row_sums
from models.classifier import PHRASE_MIN_SHARED, PHRASE_MIN_SIMILARITY
from models.features import STORY_FORM
from models.interface import ItemDoc


def _quoted_reference(model, matrix, nearest, chosen):
    """Session 14's ``_quoted_phrases``: every row's words looked at for the learned check."""
    phrases = model._phrase_vectors()
    out = nearest.copy()
    rows = np.flatnonzero(out >= 0)
    if len(rows):
        both = matrix[rows].multiply(phrases[out[rows]]).tocsr()
        both.eliminate_zeros()
        similar = np.asarray(both.sum(axis=1)).reshape(-1)
        shared = np.diff(both.indptr)
        far = (similar < PHRASE_MIN_SIMILARITY) | (shared < PHRASE_MIN_SHARED)
        out[rows[far]] = -1
    learned = np.zeros(matrix.shape[0], dtype=bool)
    word_rows = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))
    learned[word_rows[model._word_columns()[matrix.indices]]] = True
    out[~learned & (chosen < 0).all(axis=1)] = -2
    return out


def test_quoted_phrases_read_only_the_rows_without_terms_as_before(model):
    docs = [
        ItemDoc("Herstel de knop op de inlogpagina"),  # no learned word, no term: -2
        ItemDoc("Herstel de knop", type="Bug"),  # a type token only: a term, not -2
        ItemDoc(""),  # nothing at all
        ItemDoc("Define the product roadmap for next year", type="Epic"),
        ItemDoc("Fix the login button", description="Herstel de knop", type="Story"),
        ItemDoc("Herstel de knop", column="Done"),
        ItemDoc("xyzzy plugh", description="Quarterly vision and market strategy"),
        ItemDoc("Run competitor analysis for the market"),
    ] * 3
    matrix = model.transform(docs)
    best = model.predict_proba(docs).argmax(axis=1)
    nearest, similarity = model._nearest(matrix, best)
    nearest[similarity < model.nearest_min_similarity] = -1
    chosen = model._top_terms(matrix, best)
    got = model._quoted_phrases(matrix, nearest, chosen)
    assert np.array_equal(got, _quoted_reference(model, matrix, nearest, chosen))
    assert got[0] == -2 and got[2] == -2 and (got == -2).sum() == 6
    # A row with no term shown whose words the model knows is not "learned none": chosen
    # emptied by hand for every row, the words decide alone.
    none = np.full_like(chosen, -1)
    got = model._quoted_phrases(matrix, nearest, none)
    assert np.array_equal(got, _quoted_reference(model, matrix, nearest, none))
    assert set(np.flatnonzero(got == -2).tolist()) > {0, 2, 8, 10}
    assert got[3] != -2


@pytest.mark.parametrize("seed", range(4))
def test_row_sums_equal_bincount_bit_for_bit(seed):
    """Long rows (where a pairwise or fused sum would round otherwise), empty rows, values of
    every scale and sign, unsorted columns."""
    rng = np.random.default_rng(seed)
    n, width = 300, 500
    lengths = rng.integers(0, 120, n)
    lengths[::7] = 0
    indptr = np.concatenate(([0], np.cumsum(lengths)))
    cols = rng.integers(0, width, indptr[-1])
    data = rng.standard_normal(indptr[-1]) * 10.0 ** rng.integers(-12, 12, indptr[-1])
    data[::11] = -0.0
    vector = rng.standard_normal(width) * 10.0 ** rng.integers(-6, 6, width)
    vector[::5] = 0.0
    matrix = sparse.csr_matrix((data, cols, indptr), shape=(n, width))
    rows = np.repeat(np.arange(n), lengths)
    want = np.bincount(rows, weights=data * vector[cols], minlength=n)
    got = row_sums(matrix, vector)
    assert got.dtype == np.float64 and got.shape == (n,)
    assert np.array_equal(got.view(np.int64), want.view(np.int64))


def _word_evidence_reference(model, matrix):
    """Session 14's ``_word_evidence``, by bincounts (and its ``total``, then in ``_ruled``)."""
    _, push, unigram, word = model._evidence
    n, cols = matrix.shape[0], matrix.indices
    rows = np.repeat(np.arange(n), np.diff(matrix.indptr))
    data = matrix.data
    pushes = np.bincount(rows, weights=data * push[cols], minlength=n)
    norms = np.sqrt(np.bincount(rows, weights=data * data * word[cols], minlength=n))
    evidence = np.divide(pushes, norms, out=np.zeros(n), where=norms > 0)
    known = np.bincount(rows, weights=unigram[cols], minlength=n)
    story = model.vocabulary.get(STORY_FORM)
    evidence[rows[cols == story]] = 0.0
    total = np.bincount(rows, weights=data * push[cols], minlength=n)
    return evidence, known, rows, total


def test_word_evidence_equals_the_bincounts(model):
    docs = [
        ItemDoc("Define the product roadmap and the market strategy for next year", type="Epic"),
        ItemDoc("As a user I want to reset my password", type="Story", column="Ideas"),
        ItemDoc(""),
        ItemDoc("Herstel de knop op de inlogpagina"),
        ItemDoc("Customer interviews", description="Vision, strategy and roadmap " * 20),
    ] * 4
    matrix = model.transform(docs)
    for got, want in zip(
        model._word_evidence(matrix), _word_evidence_reference(model, matrix), strict=True
    ):
        assert np.array_equal(got, want)


def test_direction_pushes_equal_the_bincounts(model):
    """``_ruled``'s words' direction push (its second answer: all columns' less the list and
    label columns') as session 14's bincounts made it."""
    docs = [
        ItemDoc("Define the product vision and roadmap", type="Epic", column="Ideas"),
        ItemDoc("Market research for the new segment", column="Discovery", labels=["strategy"]),
        ItemDoc("Fix the login button", type="Bug", column="Done"),
        ItemDoc(""),
        ItemDoc("Vision", description="Roadmap, market and strategy " * 30, column="Backlog"),
    ] * 3
    prior = model.estimate_prior(docs)
    matrix = model.transform(docs)
    _, got, _ = model._ruled(matrix, prior, docs)
    _, push = model._evidence[:2]
    n, cols = matrix.shape[0], matrix.indices
    rows = np.repeat(np.arange(n), np.diff(matrix.indptr))
    weights = matrix.data * push[cols] * model._direction[cols]
    direction = np.bincount(rows, weights=weights, minlength=n)
    listed = np.bincount(rows, weights=weights * model._structure_columns()[cols], minlength=n)
    assert np.array_equal(got, direction - listed)
    assert (direction > 0).sum() >= 6 and (listed > 0).sum() >= 3  # (the sums are not all 0)
