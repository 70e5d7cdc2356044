"""models._nearest.first_max against models._fastpath.sparse_first_max (its reference), bit for
bit: random batches (ties, negative and NaN values, metadata rows met by most examples) and the
bundled model's own rows and examples (issue 16, session 17)."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import sparse

import models._nearest as nearest
from models._fastpath import sparse_first_max
from models.classifier import load_model
from tests.test_predict_path_equivalence import varied_docs


def _batch(rng, trial):
    f, n_ex, m = int(rng.integers(5, 60)), int(rng.integers(1, 40)), int(rng.integers(1, 50))
    meta = rng.random(f) < 0.3
    b = sparse.random(f, n_ex, density=rng.uniform(0.05, 0.5), format="lil", rng=rng)
    for k in np.flatnonzero(meta):  # a metadata row: most examples of a type have it
        if rng.random() < 0.5:
            b[k, rng.random(n_ex) < 0.6] = rng.uniform(0.1, 1)
    b = b.tocsr()
    if trial % 4 == 1:  # ties: quantised values and duplicated examples
        b.data = np.ceil(b.data * 3) / 3
        dense = b.toarray()
        dense[:, n_ex // 2 :] = dense[:, : n_ex - n_ex // 2]
        b = sparse.csr_matrix(dense)
    a = sparse.random(m, f, density=rng.uniform(0.05, 0.6), format="csr", rng=rng)
    idf = rng.uniform(1, 5, f)
    counts = np.diff(a.indptr)
    a.data = idf[a.indices] * (np.log(rng.integers(1, 4, a.nnz)) + 1)
    if trial % 4 == 1:
        a.data = np.ceil(a.data)
    rows = np.repeat(np.arange(m), counts)
    norms = np.sqrt(np.bincount(rows, weights=a.data**2, minlength=m))
    norms[norms == 0] = 1
    a.data /= norms[rows]
    at = meta[a.indices]  # a metadata token counts once: its set's vector times the row's scale
    a.data[at] = (idf[a.indices] / norms[rows])[at]
    if trial % 7 == 3 and a.nnz:
        a.data[0] = -a.data[0]
    if trial % 11 == 5 and a.nnz:
        a.data[-1] = np.nan
    return a.astype(np.float32), sparse.csr_matrix(b, dtype=np.float32), meta


def _assert_same(a, b, meta):
    got = nearest.first_max(a, nearest.LabelExamples.build(b, meta))
    want = sparse_first_max(a, b)
    assert np.array_equal(got[0], want[0])
    assert np.array_equal(got[1], want[1], equal_nan=True)


def test_random_batches_pick_what_the_full_product_picks():
    rng = np.random.default_rng(17)
    for trial in range(300):
        _assert_same(*_batch(rng, trial))


def test_a_batch_with_every_value_tied_takes_the_first_example():
    a = sparse.csr_matrix(np.array([[1, 0, 1], [0, 1, 0], [0, 0, 0]], dtype=np.float32))
    b = sparse.csr_matrix(np.ones((3, 5), dtype=np.float32))
    _assert_same(a, b, np.array([False, True, True]))
    assert nearest.first_max(a, nearest.LabelExamples.build(b, np.array([0, 1, 1], bool)))[
        0
    ].tolist() == [0, 0, 0]


@pytest.mark.parametrize("seed", [0, 1])
def test_the_bundled_models_rows_pick_what_the_full_product_picks(seed):
    model = load_model()
    docs = varied_docs(600, seed)
    rows32 = model.transform(docs).astype(np.float32)
    for prepared, _ in model._examples_by_label():
        pick, value = nearest.first_max(rows32, prepared)
        want = sparse_first_max(rows32, prepared.columns)
        assert np.array_equal(pick, want[0]) and np.array_equal(value, want[1])
        # and with rows repeated (ties between rows change nothing) and scaled
        twice = sparse.vstack([rows32, rows32 * np.float32(0.5)]).tocsr()
        _assert_same(twice, prepared.columns, prepared.meta_at >= 0)
