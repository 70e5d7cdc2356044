"""Session 19's classify-stage pieces give what the replaced ones gave: the separator and
stand-in bytes told by one count of the translated batch's bytes under 3 (not two counts of the
joined text), the zero runs cut by deleting the zeros after a zero (not a mask over every byte),
TF-IDF keys made 32- or 64-bit from 32- or 64-bit pairs (the batch's words' rows are 32-bit).
The references are session 12's whole-batch pieces (``old_batch_bytes``), ``re.sub`` and the
keys as they were made (64-bit pairs, 64-bit products)."""

from __future__ import annotations

import random
import re

import numpy as np
import pytest
from scipy import sparse

from models._fastpath import _batch_bytes, _zero_runs_cut
from models._reading import _unique_counts
from models.classifier import LinearRoleModel
from tests.test_classify_stage_equivalence import old_batch_bytes

# a control byte anywhere, a stand-in byte beside typographic apostrophes, non-ASCII beside them
SEAMS = ["x\x01y", "\x01", "a\x02b", "\x02", "’\x02", "z\x00z", "\x00\x01", "\x03", "x\x1fy"]
PLAIN = ["Don't stop", "L’écran d’accueil", "Tâche 2024", "abc’s Q3 100%", "", "ﬁx 00 000"]


def test_one_count_tells_separator_and_stand_in_texts():
    rng = random.Random(19)
    assert _batch_bytes(["a\x01b"]) is None and _batch_bytes(["a’b", "c\x02d"]) is None
    assert _batch_bytes(["a\x00b", "\x03"]) == old_batch_bytes(["a\x00b", "\x03"]) is not None
    for _ in range(600):
        batch = rng.sample(PLAIN, rng.randint(1, len(PLAIN)))
        if rng.random() < 0.5:
            batch.insert(rng.randint(0, len(batch)), rng.choice(SEAMS))
        assert _batch_bytes(batch) == old_batch_bytes(batch), batch


def test_zero_runs_cut_at_every_place():
    rng = random.Random(7)
    fixed = [b"0" * 40, b"000 a", b"a 000", b" \x01 00 \x01", b"0a0a00a000a0000", b"10"]
    sizes = [rng.randint(0, 60) for _ in range(2000)]
    raws = [bytes(rng.choice(b"0000a \x01") for _ in range(size)) for size in sizes]
    for raw in [*fixed, *raws]:
        assert _zero_runs_cut(raw) == re.sub(rb"00+", b"0", raw), raw


def tfidf_as_it_was(idf: np.ndarray, rows: np.ndarray, cols: np.ndarray, n: int):
    """``LinearRoleModel._tfidf`` before session 19: 64-bit keys, cut to 32 bits when they fit."""
    size = len(idf)
    keys = rows.astype(np.int64) * size + cols.astype(np.int64)
    if n * size < 2**31:
        keys = keys.astype(np.int32)
    flat, counts = _unique_counts(keys)
    rows_u, cols_u = np.divmod(flat, size)
    data = (np.log(counts) + 1.0) * idf[cols_u]
    norms = np.sqrt(np.bincount(rows_u, weights=data * data, minlength=n))
    norms[norms == 0] = 1.0
    data /= norms[rows_u]
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows_u, minlength=n), out=indptr[1:])
    return sparse.csr_matrix((data, cols_u, indptr), shape=(n, size))


@pytest.mark.parametrize("n, size", [(7, 50), (2048, 40_000), (4096, 1 << 20)])
@pytest.mark.parametrize("row_type", [np.int32, np.int64])
@pytest.mark.parametrize("col_type", [np.int32, np.int64])
def test_tfidf_keys_of_32_and_64_bit_pairs(n, size, row_type, col_type):
    """The last size needs 64-bit keys: a 32-bit row times the size would wrap."""
    rng = np.random.default_rng(n)
    model = object.__new__(LinearRoleModel)
    model.idf = np.ones(size)  # (only its length and the pairs' columns are read)
    model.idf[-3:] = [1.5, 2.0, 2.5]
    rows = rng.integers(0, n, 300)
    cols = np.concatenate([rng.integers(0, min(size, 60), 297), [size - 3, size - 2, size - 1]])
    got = model._tfidf(rows.astype(row_type), cols.astype(col_type), n)
    want = tfidf_as_it_was(model.idf, rows, cols, n)
    assert got.shape == want.shape and got.indices.dtype == want.indices.dtype
    assert np.array_equal(got.indptr, want.indptr) and np.array_equal(got.indices, want.indices)
    assert np.array_equal(got.data, want.data)


def linked_text_by_text(texts: list[str]) -> list[int]:
    """``_linked`` as ``link_votes`` searched before session 19: three searches a text."""
    return [i for i, text in enumerate(texts) if "http" in text or "www." in text or "@" in text]


LINKY = ["see https://x.org/de", "HTTP://A.B", "www.example.com", "wWw.x", "mail a@b.nl", "@", ""]
LINKY += ["Tâche über http", "emoji 🙂 www.", "nul \x00 http", "plain words", "ww w.", "htt p"]


@pytest.mark.parametrize("polars_loaded", [True, False])
def test_linked_equals_three_searches_a_text(polars_loaded, monkeypatch):
    import sys

    import models.languages_read as languages_read

    if polars_loaded:
        import polars  # noqa: F401  (a scan's reader has loaded it)
    else:
        monkeypatch.delitem(sys.modules, "polars", raising=False)
    rng = random.Random(3)
    for size in (1, 5, 1023, 1024, 3000):
        texts = [rng.choice(LINKY) for _ in range(size)]
        assert languages_read._linked(texts) == linked_text_by_text(texts)
        texts[size // 2] = "lone \ud800 surrogate http"  # not UTF-8: searched one by one
        assert languages_read._linked(texts) == linked_text_by_text(texts)


def test_link_votes_of_a_big_batch_with_polars(monkeypatch):
    import models.languages_read as languages_read

    rng = random.Random(5)
    links = ["https://www.example.com/de/die/und", "contact jan@het.nl", "http://le.fr/et/la"]
    texts = [rng.choice([*links, "plain words here", ""]) for _ in range(2048)]
    got = languages_read.link_votes(texts, 2)
    monkeypatch.setattr(languages_read, "_linked", linked_text_by_text)
    want = languages_read.link_votes(texts, 2)
    assert got is not None and want is not None
    assert np.array_equal(got[0], want[0]) and np.array_equal(got[1], want[1])
