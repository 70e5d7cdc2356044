"""Session 10's cheaper classify-stage pieces give exactly what the pieces they replaced gave.

- Rows picked from a batch's word arrays by index (``flatnonzero`` + ``take``, ``compress``)
  instead of numpy's boolean subscript, which costs several times as much on masks as mixed as
  a batch's (``_split_pairs``, ``_story_rows``, ...), and the bigram table read only where two
  known words stand side by side.
- The title check (``_title_checked``) chose the strategic rows with a description by reading
  each candidate doc's description; it now reads the batch's own "described" mask.
- The batch's ``Prediction`` objects were made in a list comprehension; now by one ``map``.

The replaced forms are kept below as they were (commit 9a07211); predictions made with them
must equal the model's own, every field, with and without a board prior.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import chain

import numpy as np
import pytest
from scipy import sparse

from models._batch import _BatchPrediction
from models._fastpath import _ranked, _rows_for
from models._reading import _TitlePairs
from models._rules_applied import _board_weighted
from models.classifier import DESCRIPTION_ONLY_CAP, TOP_TERMS, LinearRoleModel, load_model
from models.features import STORY_FORM
from models.interface import ItemDoc
from models.languages_read import (
    _HINT_FLAG,
    _OPENER_FLAG,
)

# --- the replaced pieces, as they were (commit 9a07211) ------------------------------------------


def s9_split_pairs(
    self,
    docs: Sequence[ItemDoc],
    split: bytes,
    wide: list[int],
    scripts: list[int] | None = None,
    described: np.ndarray | None = None,  # (new) passed on to the title pairs
    less: tuple[np.ndarray, np.ndarray] | None = None,  # (session 16) the links' votes
) -> tuple[np.ndarray, np.ndarray, _TitlePairs]:
    config, fc = self.config, self.config.features
    ids = self._word_table.ids(split)  # type: ignore[union-attr]
    separator = ids == -2
    text = np.cumsum(separator) - separator  # title, description, title, ...
    title = (text & 1) == 0
    # (session 15: the words' flags say what the marks said; the item's language is read)
    flags = self._flags.take(ids)
    hint = (flags & _HINT_FLAG) != 0
    hinted = np.unique(text[hint & title] >> 1)
    stories: list[int] = []
    if fc.use_metadata:
        # Only a title holding a word a story opens with can be one (see STORY_OPENINGS).
        meta = self._meta_columns(docs, stories, self._story_rows(flags, text, title))
    else:
        meta = []
    self._own_words_out(ids, text >> 1, len(docs), flags=flags, less=less)
    keep = ~(separator & title)
    ids = ids[keep]
    in_title = title[keep]
    token_rows = text[keep] >> 1
    known = ids >= 0
    rows: list[np.ndarray] = []
    cols: list[np.ndarray] = []
    in_known_title = known & in_title
    title_rows, title_cols = [token_rows[in_known_title]], [ids[in_known_title]]
    if config.words:
        rows.append(token_rows[known])
        cols.append(ids[known])
    if fc.ngram_max >= 2 and len(ids) > 1:
        first, second, pairs = self._bigrams  # type: ignore[misc]
        found = pairs[first[ids[:-1]], second[ids[1:]]]
        hit = found >= 0
        bigram_rows, bigram_cols = token_rows[:-1][hit], found[hit].astype(np.int64)
        if config.words:
            rows.append(bigram_rows)
            cols.append(bigram_cols)
        of_title = in_title[1:][hit]
        title_rows.append(bigram_rows[of_title])
        title_cols.append(bigram_cols[of_title])
    story = self.vocabulary.get(STORY_FORM)
    if story is not None and stories:
        title_rows.append(np.asarray(stories, dtype=np.int64))
        title_cols.append(np.full(len(stories), story, dtype=np.int64))
    if meta:
        rows.append(_rows_for(meta))
        cols.append(np.fromiter(chain.from_iterable(meta), dtype=np.int64))
    titles = _TitlePairs(
        np.concatenate(title_rows), np.concatenate(title_cols), hinted, wide, scripts, described
    )
    if not cols:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), titles
    return np.concatenate(rows), np.concatenate(cols), titles


def s9_top_terms(self, matrix: sparse.csr_matrix, best: np.ndarray) -> np.ndarray:
    n, spare = matrix.shape[0], 3 * TOP_TERMS
    chosen = np.full((n, TOP_TERMS), -1, dtype=np.int64)
    rows = np.repeat(np.arange(n, dtype=np.int64), np.diff(matrix.indptr))
    toward = self._shown_toward()  # (session 18: words never shown alone zeroed)
    size = toward.shape[1]
    push = matrix.data * toward.ravel()[best[rows] * size + matrix.indices]
    positive = push > 0
    rows, cols, push = rows[positive], matrix.indices[positive].astype(np.int64), push[positive]
    if not len(rows):
        return chosen
    candidates = _ranked(rows, cols, push, n, spare)
    parts = self._part_ids()
    taken = np.full((n, TOP_TERMS * parts.shape[1]), -2, dtype=np.int64)
    count = np.zeros(n, dtype=np.int64)
    width = parts.shape[1]
    for c in range(spare):
        col = candidates[:, c]
        live = np.flatnonzero((col >= 0) & (count < TOP_TERMS))
        if not len(live):
            break
        col = col[live]
        covers = parts[col]  # (m, width) word ids, -1 pads
        clash = ((covers[:, :, None] == taken[live, None, :]) & (covers[:, :, None] >= 0)).any(
            axis=(1, 2)
        )
        live, col, covers = live[~clash], col[~clash], covers[~clash]
        slot = count[live]
        chosen[live, slot] = col
        taken[live[:, None], slot[:, None] * width + np.arange(width)] = covers
        count[live] += 1
    return chosen


def s9_title_matrix(
    self, docs: Sequence[ItemDoc], which: list[int], titles: _TitlePairs | None
) -> sparse.csr_matrix:
    if titles is None:
        languages = self._item_languages([docs[i] for i in which])  # (session 15)
        return self.transform([ItemDoc(docs[i].title or "") for i in which], languages)
    at = np.full(len(docs), -1, dtype=np.int64)
    at[which] = np.arange(len(which))
    rows = at[titles[0]]
    kept = rows >= 0
    return self._tfidf(rows[kept], titles[1][kept], len(which))


def s9_story_rows(self, flags, text, title):
    opener = (flags & _OPENER_FLAG) != 0  # (session 15: the words' flags, where marks were)
    return np.unique(text[opener & title] >> 1)


def s9_title_checked(self, docs, proba, prior=None, titles=None, direction=None, held=None):
    if self._evidence is None or not len(docs):
        return proba
    k = self._evidence[0]
    rows = [
        i
        for i in np.flatnonzero(proba[:, k] > DESCRIPTION_ONLY_CAP).tolist()
        if docs[i].description
    ]
    if not rows:
        return proba
    matrix = _board_weighted(self._title_matrix(docs, rows, titles), prior)
    n, cols = matrix.shape[0], matrix.indices
    at = np.repeat(np.arange(n), np.diff(matrix.indptr))
    _, push, _, word = self._evidence
    pushes = np.bincount(at, weights=matrix.data * push[cols], minlength=n)
    norms = np.sqrt(np.bincount(at, weights=matrix.data**2 * word[cols], minlength=n))
    evidence = np.divide(pushes, norms, out=np.zeros(n), where=norms > 0)
    named = None
    if prior and self._direction is not None:
        named = np.bincount(
            at, weights=matrix.data * push[cols] * self._direction[cols], minlength=n
        )
    return self._title_rules(docs, proba, rows, evidence, named, direction, held)


def s9_predictions(self, batch):
    labels, phrase_parts, best = self.labels, batch.phrase_parts, batch.best
    make = _BatchPrediction.make
    confidences = batch.proba[np.arange(len(best)), best].tolist()
    return [
        make(labels[k], p, phrase_parts[near][0], phrase_parts[near][1], batch, row)
        for row, (k, p, near) in enumerate(
            zip(best.tolist(), confidences, batch.nearest.tolist(), strict=True)
        )
    ]


#: (method name, the form it replaced) for the model class.
REPLACED = {
    "_split_pairs": s9_split_pairs,
    "_story_rows": s9_story_rows,
    "_title_checked": s9_title_checked,
    "_predictions": s9_predictions,
    "_top_terms": s9_top_terms,
    "_title_matrix": s9_title_matrix,
}


def with_replaced_forms(monkeypatch) -> None:
    for name, form in REPLACED.items():
        monkeypatch.setattr(LinearRoleModel, name, form)


# --- predictions ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bundled():
    return load_model()


def docs_for(seed: int) -> list[ItemDoc]:
    from tests.test_classify_stage_s9_equivalence import many_docs

    docs = many_docs(seed)
    docs += [ItemDoc("Define the pricing strategy", d) for d in ("", "   ", "x", "<b>&amp;</b>")]
    docs += [ItemDoc("As a user I want to export", "so that I can share it"), ItemDoc("", "")]
    return docs


@pytest.mark.parametrize("seed", [0, 1])
def test_predictions_equal_those_of_the_replaced_forms(bundled, seed, monkeypatch):
    from tests.test_predict_path_equivalence import assert_equal

    docs = docs_for(seed)
    batches = [docs[i : i + 300] for i in range(0, len(docs), 300)] + [docs[:1], docs[-6:]]
    prior = bundled.estimate_prior(docs)
    new = [bundled.predict(batch, prior=prior) for batch in batches]
    new_plain = [bundled.predict(batch) for batch in batches]
    titles = [bundled._transform_with_titles(batch) for batch in batches]
    with_replaced_forms(monkeypatch)
    again = bundled.estimate_prior(docs)
    assert again == prior and np.array_equal(again.weights, prior.weights)
    for batch, made, plain, (matrix, pairs) in zip(batches, new, new_plain, titles, strict=True):
        old = bundled.predict(batch, prior=prior)
        assert_equal(made, old, batch)
        assert [type(p) for p in made] == [type(p) for p in old]
        assert_equal(plain, bundled.predict(batch), batch)
        old_matrix, old_pairs = bundled._transform_with_titles(batch)
        assert (matrix != old_matrix).nnz == 0 and matrix.shape == old_matrix.shape
        for a, b in zip(pairs, old_pairs, strict=True):  # the titles' pairs, field by field
            assert np.array_equal(a, b) if isinstance(a, np.ndarray) else a == b


def test_the_described_mask_is_the_docs_with_a_description(bundled):
    docs = [ItemDoc("a", ""), ItemDoc("b", " "), ItemDoc("c", "<b></b>"), ItemDoc("d", None)]  # type: ignore[arg-type]
    titles = bundled._transform_with_titles(docs)[1]
    assert titles is not None and titles.described is not None
    assert titles.described.tolist() == [bool(doc.description) for doc in docs]
