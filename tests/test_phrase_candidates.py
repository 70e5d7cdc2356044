"""The nearest phrase is searched only for the rows that could quote one (session 18).

``EveryRowSearched`` is the bundled model with every row searched, as before: the predictions
(reasons, phrases and all) must be the same. ``_phrase_candidates`` must keep every row for
which some phrase of its label passes the quoting test, whatever that phrase's rank in the
search, including rows at the test's edges (a product exactly at the limit, one shared word,
negative values, NaN)."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import sparse

import models._fastpath as fastpath
from models import classifier
from models._fastpath import csr_product
from models.classifier import LinearRoleModel, load_model
from tests.test_classify_stage_equivalence import hint_docs, seam_docs
from tests.test_predict_path_equivalence import assert_equal, varied_docs


class EveryRowSearched(LinearRoleModel):
    def _phrase_candidates(self, matrix, best):  # type: ignore[no-untyped-def]
        return np.arange(matrix.shape[0])


@pytest.fixture(scope="module")
def models() -> tuple[LinearRoleModel, LinearRoleModel]:
    new = load_model()
    return new, EveryRowSearched.from_json(new.to_json())


@pytest.mark.parametrize("make", [varied_docs, seam_docs, hint_docs])
def test_predictions_equal_every_row_searched(models, make):
    new, old = models
    docs = make(800, 3)
    prior = new.estimate_prior(docs)
    for board in (None, prior, dict(prior)):
        got = new.predict(docs, prior=board)
        assert_equal(got, old.predict(docs, prior=board), docs)
    quoted = [p for p in got if p.nearest_phrase is not None]
    assert quoted and len(quoted) < len(docs)


def test_only_some_rows_are_searched(models):
    new, _ = models
    docs = varied_docs(800, 5)
    matrix = new.transform(docs)
    best = new.probabilities(matrix).argmax(axis=1)
    rows = new._phrase_candidates(matrix, best)
    assert 0 < len(rows) < len(docs) // 2
    assert np.array_equal(rows, np.unique(rows))


def quotable(model: LinearRoleModel, matrix: sparse.csr_matrix, best: np.ndarray) -> np.ndarray:
    """Rows for which some phrase of their label passes ``_quoted_phrases``' test, phrase by
    phrase as the test computes it."""
    phrases = model._phrase_vectors()
    labels = [model.labels.index(p.label) for p in model.phrases]
    out = []
    for row in range(matrix.shape[0]):
        for p, label in enumerate(labels):
            if label != best[row]:
                continue
            both = matrix[row].multiply(phrases[p]).tocsr()
            both.eliminate_zeros()
            similar = both.sum()
            if not (similar < classifier.PHRASE_MIN_SIMILARITY or both.nnz < 2):
                out.append(row)
                break
    return np.array(out, dtype=np.int64)


def edge_rows(model: LinearRoleModel, rng: np.random.Generator) -> sparse.csr_matrix:
    """Rows made of phrases' own columns, scaled so their product with the phrase lands at,
    just over and just under the limit; with one shared column only, negative values, NaN,
    stray columns, and empty rows."""
    phrases = model._phrase_vectors()
    limit, size = classifier.PHRASE_MIN_SIMILARITY, phrases.shape[1]
    rows = []
    for p in rng.permutation(phrases.shape[0])[:40].tolist():
        vector = phrases[p].toarray().ravel()
        dot = float(vector @ vector)
        for scale in (limit, np.nextafter(limit, 1), np.nextafter(limit, 0), limit * 0.5, 3.0):
            rows.append(vector * (scale / dot))
        single = np.zeros(size)
        first = phrases[p].indices[0]
        single[first] = 100.0 / max(vector[first], 1e-12)  # far over the limit, one word
        rows.append(single)
        negative = vector * (-1.0 / dot)
        rows.append(negative)
        odd = vector * (1.0 / dot)
        odd[phrases[p].indices[-1]] = np.nan
        rows.append(odd)
    for _ in range(40):  # stray columns
        row = np.zeros(size)
        row[rng.integers(0, size, rng.integers(0, 30))] = rng.uniform(0, 1, 1)
        rows.append(row)
    rows.append(np.zeros(size))
    return sparse.csr_matrix(np.vstack(rows))


def test_candidates_hold_every_row_that_can_quote_a_phrase(models):
    new, _ = models
    rng = np.random.default_rng(18)
    matrix = edge_rows(new, rng)
    for best in (np.zeros(matrix.shape[0], dtype=np.int64), rng.integers(0, 2, matrix.shape[0])):
        got = new._phrase_candidates(matrix, best)
        want = quotable(new, matrix, best)
        assert set(want.tolist()) <= set(got.tolist())
        # only rows the margin lets in besides them (products just under the limit), no others
        extra = sorted(set(got.tolist()) - set(want.tolist()))
        assert len(extra) <= matrix.shape[0] // 10
        assert len(want) > 20


def test_a_model_without_phrases_searches_no_row(models):
    new, _ = models
    bare = EveryRowSearched.from_json(new.to_json())
    bare.__class__ = LinearRoleModel
    bare._phrase_table = (
        sparse.csr_matrix((len(new.idf), 0)),
        sparse.csr_matrix((len(new.idf), 0)),
        np.zeros((2, 0), dtype=bool),
    )
    matrix = new.transform(varied_docs(50, 1))
    assert len(bare._phrase_candidates(matrix, np.zeros(50, dtype=np.int64))) == 0
    assert np.all(bare._searched(matrix, np.zeros(50, dtype=np.int64)) == -1)


@pytest.mark.parametrize("shape_sized", [True, False])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_csr_product_equals_scipys(dtype, shape_sized, monkeypatch):
    if not shape_sized:  # arrays sized by the bound read from a's entries (big products)
        monkeypatch.setattr(fastpath, "_PRODUCT_SHAPE_SIZED", 0)
    rng = np.random.default_rng(7)
    for trial in range(40):
        m, k, n = rng.integers(1, 60), rng.integers(1, 50), rng.integers(1, 12 + 60 * (trial % 3))
        a = sparse.random(m, k, density=rng.uniform(0, 0.5), format="csr", rng=rng, dtype=dtype)
        b = sparse.random(k, n, density=rng.uniform(0, 0.5), format="csr", rng=rng, dtype=dtype)
        if trial % 2:
            a.data = np.round(a.data * 4 - 2).astype(dtype)  # sums that cancel to 0
        if trial % 5 == 4:
            a.indptr, a.indices = a.indptr.astype(np.int64), a.indices.astype(np.int64)
        want = sparse.csr_matrix(a @ b)
        indptr, indices, data = csr_product(a, b)
        got = sparse.csr_matrix((data, indices, indptr), shape=(m, n))
        assert data.dtype == dtype and len(data) == want.nnz
        assert np.array_equal(got.toarray(), want.toarray())
        # the same entries in the same order as scipy's kernel stores them
        assert np.array_equal(indptr, want.indptr) and np.array_equal(indices, want.indices)
        assert np.array_equal(data, want.data)


def test_csr_product_of_mixed_types_takes_scipys():
    a = sparse.csr_matrix(np.array([[1.0, 2.0]], dtype=np.float32))
    b = sparse.csr_matrix(np.array([[3.0], [4.0]]))
    indptr, indices, data = csr_product(a, b)
    assert data.tolist() == [11.0] and indptr.tolist() == [0, 1] and indices.tolist() == [0]
