"""The nearest phrase's product with the metadata part per distinct metadata set: an exact
prototype, measured and not kept (a benchmark, issue 16, session 17).

``predict`` finds each row's nearest training example by ``sparse_first_max`` (the float32
product of the batch's rows and its label's examples, the first largest per row). About half of
that product's multiplications come from metadata columns (``type:task``… met by every example
of the type). The prototype here (``first_max``) gives the same pick and value, bit for bit:

1. an estimate of every similarity in float64: the words' part by a sparse product without the
   metadata columns, plus the metadata part as ``c_i * G_S[j]`` (a row's metadata values are
   its set ``S``'s unit vector times one scale ``c_i``, checked per row; ``G_S`` once per set);
2. candidates: the examples whose estimate is within ``_SLACK`` of the row's top (a float32 sum
   of n positive products is within n * 2**-24 of the real sum);
3. each candidate's similarity as ``csr_matmat`` adds it (the float32 products in the row's
   column order, added one by one from 0: ``multiply`` then ``csr_matvec`` with ones), and the
   first largest. Rows it cannot vouch for (negative, NaN or tiny values, metadata not
   proportional) take ``sparse_first_max`` itself.

The script scans an export once, keeps each call's rows and label, then times (CPU s, min of
``--rounds``) the full product, ``sparse_first_max``, the words-only product (the idea's floor)
and the prototype, and checks the prototype's picks and values equal the reference's.

    python benchmarks/bench_nearest_split.py benchmarks/.data/jira-csv-100000-s0-v1.csv
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402
from scipy import sparse  # noqa: E402

from benchmarks.scan_spy import calls_in_scan  # noqa: E402
from models._fastpath import csr_product, sparse_first_max  # noqa: E402

#: Candidates: estimates >= the row's largest times (1 - _SLACK). A float32 sum of n positive
#: products is within n * 2**-24 (relative) of the real sum; with at most _MAX_ENTRIES entries a
#: row, and the metadata's proportionality checked to _PROPORTIONAL, the estimate and the exact
#: value differ by less than 1e-4 relative; the slack covers twice that and more.
_SLACK = 4e-4
_MAX_ENTRIES = 1000
_PROPORTIONAL = 1e-6
_TINY = 1e-30  # below this the relative bound says nothing (subnormal float32 products)


@dataclass(frozen=True, slots=True)
class LabelExamples:
    """One label's examples, prepared once per model: ``words`` (features × examples, float32
    CSR, metadata rows dropped), ``meta`` (metadata features × examples, float64 dense, the
    rows in ``meta_columns`` order), ``by_example`` (examples × features, float32 CSR, sorted:
    each example's stored values in column order) and ``columns`` (the full matrix, the
    reference's input)."""

    columns: sparse.csr_matrix
    words: sparse.csr_matrix
    meta: np.ndarray
    by_example: sparse.csr_matrix
    meta_at: np.ndarray  # (features,) index into ``meta``'s rows, -1: a word column

    @classmethod
    def build(cls, columns: sparse.csr_matrix, meta_mask: np.ndarray) -> LabelExamples:
        columns = sparse.csr_matrix(columns, dtype=np.float32)
        columns.sort_indices()
        meta_rows = np.flatnonzero(meta_mask)
        meta_at = np.full(columns.shape[0], -1, dtype=np.int64)
        meta_at[meta_rows] = np.arange(len(meta_rows))
        keep = sparse.diags((~meta_mask).astype(np.float32), format="csr", dtype=np.float32)
        words = sparse.csr_matrix(keep @ columns, dtype=np.float32)
        words.eliminate_zeros()
        words.sort_indices()
        meta = columns[meta_rows].toarray().astype(np.float64)
        by_example = sparse.csr_matrix(columns.T, dtype=np.float32)
        by_example.sort_indices()
        return cls(columns, words, meta, by_example, meta_at)


def first_max(a: sparse.csr_matrix, ex: LabelExamples) -> tuple[np.ndarray, np.ndarray]:
    """``sparse_first_max(a, ex.columns)`` (``a``: float32 CSR), bit for bit, see the module."""
    m, n_ex = a.shape[0], ex.columns.shape[1]
    pick = np.zeros(m, dtype=np.int64)
    value = np.zeros(m, dtype=np.float32)
    if not m or not n_ex:
        return pick, value if m else value
    if not a.has_sorted_indices:
        a = a.sorted_indices()
    if (
        a.dtype != np.float32
        or ex.columns.dtype != np.float32
        or not (ex.columns.data >= 0).all()
        or not np.isfinite(ex.columns.data).all()
    ):
        return sparse_first_max(a, ex.columns)
    indptr, cols, data = a.indptr, a.indices, a.data
    counts = np.diff(indptr)
    row_of = np.repeat(np.arange(m), counts)
    bad = np.zeros(m, dtype=bool)
    bad[row_of[~(data >= 0) | ~np.isfinite(data)]] = True
    bad |= counts > _MAX_ENTRIES

    # The metadata entries: each row's set (a key of its metadata rows) and its scale c_i.
    at = ex.meta_at[cols]
    is_meta = at >= 0
    m_rows, m_at, m_val = row_of[is_meta], at[is_meta], data[is_meta].astype(np.float64)
    c = np.sqrt(np.bincount(m_rows, weights=m_val * m_val, minlength=m))
    n_meta = ex.meta.shape[0]
    k_meta = np.bincount(m_rows, minlength=m)
    if len(m_rows) and int(k_meta.max()) <= 8 and n_meta < 100:
        starts = indptr_of(k_meta)
        slot = np.arange(len(m_rows)) - np.repeat(starts[:-1], k_meta)
        code = np.bincount(m_rows, weights=(m_at + 1) * (101.0**slot), minlength=m)
        keys, set_of = np.unique(code.astype(np.int64), return_inverse=True)
        set_of = set_of.reshape(-1)
        unit = np.divide(m_val, c[m_rows], out=np.zeros(len(m_val)), where=c[m_rows] > 0)
        # each set's unit vector: that of its first row; the others must match it
        first_row = np.full(len(keys), -1, dtype=np.int64)
        first_row[set_of[::-1]] = np.arange(m)[::-1]
        vectors = np.zeros((len(keys), n_meta))
        for s, row in enumerate(first_row.tolist()):
            lo, hi = starts[row], starts[row + 1]
            vectors[s, m_at[lo:hi]] = unit[lo:hi]
        off = np.abs(unit - vectors[set_of[m_rows], m_at]) > _PROPORTIONAL * unit
        bad[m_rows[off]] = True
        g = sparse.csr_matrix(vectors) @ ex.meta  # (sets, examples): G_S (no BLAS threads)
    else:
        if len(m_rows):  # pragma: no cover - a model with many metadata tokens a row
            return sparse_first_max(a, ex.columns)
        set_of = np.zeros(m, dtype=np.int64)
        g = np.zeros((1, n_ex))
    g_top = g.max(axis=1)
    meta_top = c * g_top[set_of]  # no pair's metadata part is more

    # The words' part: its product, each row's largest, and the pairs that could be near the
    # top (a pair's estimate is at most its words' part plus meta_top).
    word_entries = ~is_meta
    wcounts = np.bincount(row_of[word_entries], minlength=m)
    aw = sparse.csr_matrix(
        (data[word_entries], cols[word_entries], indptr_of(wcounts)), shape=a.shape
    )
    p_indptr, p_cols, p_data = csr_product(aw, ex.words)
    p_counts = np.diff(p_indptr)
    filled = np.flatnonzero(p_counts)
    top = meta_top.copy()
    if len(filled):
        w_top = np.maximum.reduceat(p_data, p_indptr[filled]).astype(np.float64)
        # a lower bound of the row's top: its words' largest pair's estimate
        w_first = _first_at(p_data, p_indptr, filled, w_top.astype(np.float32))
        lower = w_top + c[filled] * g[set_of[filled], p_cols[w_first]]
        top[filled] = np.maximum(top[filled], lower)
        floor = top * (1 - _SLACK) - meta_top
        maybe = np.flatnonzero(p_data >= np.repeat(floor.astype(np.float32), p_counts))
        q_rows = np.searchsorted(p_indptr, maybe, side="right") - 1
        q_cols = p_cols[maybe]
        estimate = p_data[maybe].astype(np.float64) + c[q_rows] * g[set_of[q_rows], q_cols]
        top_q = np.zeros(m)
        np.maximum.at(top_q, q_rows, estimate)
        top = np.maximum(top, top_q)
    else:
        q_rows = q_cols = np.zeros(0, dtype=np.int64)
        estimate = np.zeros(0)
    zero = top == 0  # every product is 0: no stored value, the reference's (0, 0.0)
    bad |= (top < _TINY) & ~zero
    threshold = top * (1 - _SLACK)

    # Candidates: the pairs met through words near the top, and the examples of each set
    # whose metadata part alone reaches it.
    near = estimate >= threshold[q_rows]
    cand_rows, cand_cols = [q_rows[near]], [q_cols[near]]
    live = np.flatnonzero(~zero & ~bad & (meta_top >= threshold))
    if len(live):
        need = threshold[live] / c[live] * (1 - 1e-9)
        s_of = set_of[live]
        for s in np.unique(s_of).tolist():
            here = live[s_of == s]
            if not len(here):  # pragma: no cover
                continue
            js = np.flatnonzero(g[s] >= need[s_of == s].min())
            ok = g[s][js][None, :] >= need[s_of == s][:, None]
            r, k = np.nonzero(ok)
            cand_rows.append(here[r])
            cand_cols.append(js[k])
    keys = np.unique(np.concatenate(cand_rows) * n_ex + np.concatenate(cand_cols))
    c_rows, c_cols = np.divmod(keys, n_ex)
    keep = ~bad[c_rows]
    c_rows, c_cols = c_rows[keep], c_cols[keep]

    # Each candidate's similarity as the product adds it: float32 products in the row's order,
    # added one by one from 0 (csr_matvec with ones: each product times 1.0, then added).
    both = a[c_rows].multiply(ex.by_example[c_cols]).tocsr()
    if not both.has_sorted_indices:  # pragma: no cover - scipy merges canonical rows in order
        both.sort_indices()
    exact = np.asarray(both @ np.ones(a.shape[1], dtype=np.float32), dtype=np.float32)
    if len(c_rows):
        starts = np.flatnonzero(np.diff(c_rows, prepend=-1))
        best = np.maximum.reduceat(exact, starts)
        owners = c_rows[starts]
        run = np.repeat(np.arange(len(starts)), np.diff(starts, append=len(c_rows)))
        hit = np.flatnonzero(exact == best[run])
        firsts = hit[np.flatnonzero(np.diff(run[hit], prepend=-1))]
        pick[owners] = c_cols[firsts]
        value[owners] = best
        bad[owners[~(best > 0)]] = True
        missing = ~zero & ~bad
        missing[owners] = False
        bad |= missing  # a row left without a candidate: the reference answers it
    else:
        bad |= ~zero
    redo = np.flatnonzero(bad)
    if len(redo):
        pick[redo], value[redo] = sparse_first_max(a[redo], ex.columns)
    return pick, value


def indptr_of(counts: np.ndarray) -> np.ndarray:
    out = np.zeros(len(counts) + 1, dtype=np.int64)
    np.cumsum(counts, out=out[1:])
    return out


def _first_at(
    data: np.ndarray, indptr: np.ndarray, rows: np.ndarray, top: np.ndarray
) -> np.ndarray:
    """Per row of ``rows`` (each with stored values), the place of its first value equal to
    its ``top``."""
    counts = np.diff(indptr)[rows]
    at = np.flatnonzero(data == np.repeat(top, counts))
    owner = np.searchsorted(indptr[rows], at, side="right") - 1
    first = np.flatnonzero(np.diff(owner, prepend=-1))
    out = indptr[rows].copy()  # (a row with NaN: its first place; the reference answers it)
    out[owner[first]] = at[first]
    return out


def _calls(path: Path) -> list[tuple[sparse.csr_matrix, int]]:
    """The (rows, label) of every ``sparse_first_max`` call of one scan of ``path``."""
    import models._terms_phrases as terms_phrases  # where _nearest calls it
    import models.classifier as classifier

    seen = calls_in_scan(path, terms_phrases, "sparse_first_max", lambda a, b: (a.copy(), b))
    model = classifier.load_model()
    labels = [(columns.shape, columns.nnz) for columns, _ in model._examples_by_label()]
    return [(a, labels.index((b.shape, b.nnz))) for a, b in seen]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path, help="an export to scan")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    from models.classifier import load_model

    calls = _calls(args.file)
    model = load_model()
    names = model._feature_names()
    meta = np.array([":" in f and " " not in f for f in names], dtype=bool)
    columns = [b for b, _ in model._examples_by_label()]
    prepared = [LabelExamples.build(b, meta) for b in columns]
    words_in = []
    products = metadata = 0
    for a, k in calls:
        keep = ~meta[a.indices]
        per = np.diff(columns[k].indptr)[a.indices]
        products += int(per.sum())
        metadata += int(per[~keep].sum())
        rows = np.repeat(np.arange(a.shape[0]), np.diff(a.indptr))
        counts = np.bincount(rows[keep], minlength=a.shape[0])
        words_in.append(
            (
                sparse.csr_matrix(
                    (a.data[keep], a.indices[keep], indptr_of(counts)), shape=a.shape
                ),
                prepared[k].words,
            )
        )
    for a, k in calls:  # exactness first
        got, want = first_max(a, prepared[k]), sparse_first_max(a, columns[k])
        assert np.array_equal(got[0], want[0]) and np.array_equal(got[1], want[1])
    print(
        f"{len(calls)} calls, {sum(a.shape[0] for a, _ in calls)} rows; products {products}, "
        f"of which through metadata columns {metadata} ({metadata / max(products, 1):.1%}); "
        "the prototype's picks and values equal sparse_first_max's"
    )
    # (each result dropped at once: a list of them would time fresh pages, not the maths)
    ways = {
        "full product (csr_matmat)": (csr_product, [(a, columns[k]) for a, k in calls]),
        "sparse_first_max (today)": (sparse_first_max, [(a, columns[k]) for a, k in calls]),
        "words-only product (the floor)": (csr_product, words_in),
        "prototype first_max (exact)": (first_max, [(a, prepared[k]) for a, k in calls]),
    }
    best = {name: float("inf") for name in ways}
    for _ in range(args.rounds):
        for name, (way, inputs) in ways.items():
            start = time.process_time()
            for a, b in inputs:
                way(a, b)
            best[name] = min(best[name], time.process_time() - start)
    for name, seconds in best.items():
        print(f"{name:34s} {seconds:.3f} CPU s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
