"""What a reason is made of, found for a whole batch: each row's top terms and the training
phrase it reads like (:class:`TermsAndPhrases`, a part of
:class:`models.classifier.LinearRoleModel`), and the per-model tables a batch's reasons are
written from (heads, shown feature names, phrase endings).

Top terms: up to ``TOP_TERMS`` features that push toward the predicted label, strongest first,
no two sharing a word (:meth:`TermsAndPhrases._top_terms`). The nearest phrase: the phrase of
the most similar training example of the predicted label (:meth:`TermsAndPhrases._nearest`),
quoted only when the item, and its title, read like the phrase itself
(:meth:`TermsAndPhrases._quoted_phrases`); only the rows that could be quoted are searched
(:meth:`TermsAndPhrases._phrase_candidates`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from scipy import sparse

from models._batch import _NameWords
from models._batch_reasons import JsonTables
from models._fastpath import _ranked, chosen_terms, csr_product, sparse_first_max
from models._reading import _TitlePairs
from models._reason_terms import NEVER_SHOWN, kind_of
from models.features import META_PREFIXES, describe_feature
from models.interface import ItemDoc
from models.model_config import CHAR_PREFIX
from models.reasons import NO_PHRASE_ENDING, NO_WORDS_ENDING, _phrase_suffix, head_parts

TOP_TERMS = 3
#: The nearest training phrase is searched among examples this similar (weighted cosine of
#: the item and the phrase's examples)...
NEAREST_MIN_SIMILARITY = 0.1
#: ...and quoted in a reason only when the item reads like the phrase itself: their product in
#: the same weighting at least this, over at least this many shared words and word pairs
#: (session 14; models/HISTORY.md "Session 14: reasons" says what was read to choose them).
PHRASE_MIN_SIMILARITY = 0.1
PHRASE_MIN_SHARED = 2
#: Session 18: ... and only when the item's *title* — what a reader sees beside the reason —
#: shares a word pair with the phrase ('product backlog', 'user stories'), or at least this many
#: words and pairs ('strong', 'weak', 'points'). Of the 74 phrases the real exports quoted, 66
#: were alike through the description only (an "Acceptance criteria" heading quoted 'Check
#: delivered features against the acceptance criteria' beside "Execution | Unseal the dataset")
#: or through two filler words ('team', 'information' beside "Team Information page UI
#: refresh"); 8 are left, each alike (models/HISTORY.md, "Session 18: reasons").
PHRASE_TITLE_MIN_SHARED = 3
#: Rows whose products with every phrase fall short of ``PHRASE_MIN_SIMILARITY`` by more than
#: this (sums of a few products in float64 round far less) are not searched for a phrase.
_PHRASE_MARGIN = 1e-9


def _example_matrix(examples: sparse.csr_matrix, weight: np.ndarray) -> sparse.csc_matrix:
    """(features × examples) float32: each example's TF-IDF value times its feature's weight
    (computed in float64, then rounded, as the dense matrix it replaces was); 0.17 % of the
    bundled model's cells are stored, so the nearest search multiplies only those."""
    coo = examples.tocoo()
    data = (coo.data * weight[coo.col]).astype(np.float32)
    matrix = sparse.csc_matrix((data, (coo.col, coo.row)), shape=examples.shape[::-1])
    matrix.eliminate_zeros()
    return matrix


class TermsAndPhrases:
    """Each row's top terms and nearest phrase, and the tables its reasons are written from: a
    part of :class:`models.classifier.LinearRoleModel`, which holds the pushes, the example
    matrix and the phrases they read."""

    def _top_terms(self, matrix: sparse.csr_matrix, best: np.ndarray) -> np.ndarray:
        """Per row, up to ``TOP_TERMS`` columns of features that push toward the predicted label,
        strongest first (the first column on ties), skipping a feature that shares a word with
        one already chosen (``'roadmap'`` after ``'product roadmap'``); -1 pads.

        A stable sort along a (row × push) grid ranks every row's pushes (:func:`_ranked`); the
        greedy choice then walks the first few ranks of all rows at once (:func:`chosen_terms`).
        """
        n, spare = matrix.shape[0], 3 * TOP_TERMS
        chosen = np.full((n, TOP_TERMS), -1, dtype=np.int64)
        rows = np.repeat(np.arange(n, dtype=np.int64), np.diff(matrix.indptr))
        toward = self._shown_toward()
        size = toward.shape[1]
        push = matrix.data * toward.ravel()[best[rows] * size + matrix.indices]
        at = np.flatnonzero(push > 0)  # by index: cheaper than a boolean subscript here
        rows, cols, push = rows.take(at), matrix.indices.take(at).astype(np.int64), push.take(at)
        if not len(rows):
            return chosen
        candidates = _ranked(rows, cols, push, n, spare)
        return chosen_terms(candidates, self._part_ids(), TOP_TERMS)

    def _shown_toward(self) -> np.ndarray:
        """``_toward`` with the words a reason never shows alone (``NEVER_SHOWN``) zeroed: the
        pushes :meth:`_top_terms` ranks (the model's own pushes are unchanged)."""
        cached = getattr(self, "_shown_pushes", None)
        if cached is None:
            cached = self._toward
            hidden = [i for w, i in self.vocabulary.items() if w in NEVER_SHOWN]
            if hidden:
                cached = cached.copy()
                cached[:, hidden] = 0.0
            self._shown_pushes = cached
        return cached

    def _part_ids(self) -> np.ndarray:
        """Per column, ids of the words a reason term covers (a metadata token covers itself);
        -1 pads. Two terms that share an id are never both shown."""
        cached = getattr(self, "_parts", None)
        if cached is None:
            split = [(name,) if ":" in name else name.split(" ") for name in self._feature_names()]
            ids: dict[str, int] = {}
            width = max(map(len, split), default=1)
            cached = np.full((len(split), width), -1, dtype=np.int64)
            for col, words_ in enumerate(split):
                cached[col, : len(words_)] = [ids.setdefault(w, len(ids)) for w in words_]
            self._parts = cached
        return cached

    @property
    def nearest_min_similarity(self) -> float:
        """``NEAREST_MIN_SIMILARITY`` for word models; character n-gram models (whose
        similarities are on another scale) name any phrase with something in common."""
        return NEAREST_MIN_SIMILARITY if not self.config.char_ngrams else float(np.nextafter(0, 1))

    def _searched(self, matrix: sparse.csr_matrix, best: np.ndarray) -> np.ndarray:
        """Per row, the nearest phrase at ``nearest_min_similarity`` (:meth:`_nearest`), else
        -1, searched only for the rows :meth:`_quoted_phrases` could quote a phrase for
        (:meth:`_phrase_candidates`; the others are -1, which it leaves as it would leave
        their phrase): every row's quoted phrase as when all rows are searched."""
        nearest = np.full(matrix.shape[0], -1, dtype=np.int64)
        rows = self._phrase_candidates(matrix, best)
        if len(rows):
            found, similarity = self._nearest(matrix[rows], best[rows])
            found[similarity < self.nearest_min_similarity] = -1
            nearest[rows] = found
        return nearest

    def _phrase_candidates(self, matrix: sparse.csr_matrix, best: np.ndarray) -> np.ndarray:
        """The rows, ascending, for which some phrase of their predicted label passes
        :meth:`_quoted_phrases`' test (the row's product with it not under
        ``PHRASE_MIN_SIMILARITY``, less a rounding margin; at least ``PHRASE_MIN_SHARED`` of
        the row's stored columns among its words), and any row holding a NaN or infinity: the
        nearest example's phrase, a phrase of that label, can be quoted only for them. The
        phrases hold a few hundred word entries in all (no metadata), so their products with
        the batch cost a fraction of the examples' (session 18: ≈ 2 % of the rows of the
        generated 100k Jira CSV pass; 0.3 % are quoted once the title test has read them)."""
        values, words, of_label = self._phrase_tables()
        if not values.shape[1] or not matrix.nnz:
            return np.zeros(0, dtype=np.int64)
        low = PHRASE_MIN_SIMILARITY - _PHRASE_MARGIN
        # First the rows alike enough to a phrase of their label (one product over the batch),
        indptr, phrase, similar = csr_product(matrix.astype(np.float64, copy=False), values)
        hit = np.flatnonzero(~(similar < low))  # (a few thousandths of the products)
        owner = np.searchsorted(indptr, hit, side="right") - 1
        rows = np.unique(owner.compress(of_label[best.take(owner), phrase.take(hit)]))
        if not len(rows):
            return rows
        # then of those (a few per cent), the ones that share enough words with such a phrase.
        some = matrix[rows].astype(np.float64, copy=False)
        ones = sparse.csr_matrix((np.ones(some.nnz), some.indices, some.indptr), shape=some.shape)
        able = ~((some @ values).toarray() < low) & of_label[best[rows]]
        able &= (ones @ words).toarray() >= PHRASE_MIN_SHARED
        rows = rows[able.any(axis=1)]
        if not np.isfinite(matrix.data.sum()):  # (never from TF-IDF) a NaN or infinity in a
            # row makes its product with every phrase NaN in the test: the test decides them
            odd = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))
            rows = np.union1d(rows, odd[~np.isfinite(matrix.data)])
        return rows

    def _phrase_tables(self) -> tuple[sparse.csr_matrix, sparse.csr_matrix, np.ndarray]:
        """(features × phrases) the phrases' vectors (:meth:`_phrase_vectors`), their stored
        places as 1.0, and (labels × phrases) whether a phrase is one an example of that label
        quotes (the phrases :meth:`_nearest` can pick for a row predicted that label)."""
        cached = getattr(self, "_phrase_table", None)
        if cached is None:
            vectors = self._phrase_vectors()
            values = sparse.csr_matrix(vectors.T, dtype=np.float64)
            words = sparse.csr_matrix(
                (np.ones(values.nnz), values.indices, values.indptr), shape=values.shape
            )
            of_label = np.zeros((len(self.labels), vectors.shape[0]), dtype=bool)
            if self._example_matrix is not None:
                known = self._example_label >= 0
                of_label[self._example_label[known], self._example_phrase[known]] = True
            cached = self._phrase_table = (values, words, of_label)
        return cached

    def _quoted_phrases(
        self,
        matrix: sparse.csr_matrix,
        nearest: np.ndarray,
        chosen: np.ndarray,
        *,
        docs: Sequence[ItemDoc] | None = None,
        titles: _TitlePairs | None = None,
    ) -> np.ndarray:
        """``nearest`` with -1 (no phrase quoted) where the item is not like the phrase itself
        (:data:`PHRASE_MIN_SIMILARITY`, :data:`PHRASE_MIN_SHARED`) or, given its ``docs``, its
        title is not (:meth:`_titles_alike`; ``titles``: the batch's title features, else the
        titles are read), and -2 where the model has learned none of the item's words and no
        term is shown (the reason says so)."""
        phrases = self._phrase_vectors()
        out = nearest.copy()
        rows = np.flatnonzero(out >= 0)
        if len(rows):
            both = matrix[rows].multiply(phrases[out[rows]]).tocsr()
            both.eliminate_zeros()
            similar = np.asarray(both.sum(axis=1)).reshape(-1)
            shared = np.diff(both.indptr)
            far = (similar < PHRASE_MIN_SIMILARITY) | (shared < PHRASE_MIN_SHARED)
            out[rows[far]] = -1
            rows = rows[~far]
            if docs is not None and len(rows):
                out[rows[~self._titles_alike(out, rows, docs, titles)]] = -1
        # Only a row with no term shown can be one of those (a handful a batch): their own
        # entries are read, not the batch's.
        bare = np.flatnonzero((chosen < 0).all(axis=1))
        if len(bare):
            starts, ends = matrix.indptr[bare], matrix.indptr[bare + 1]
            lengths = ends - starts
            at = np.arange(lengths.sum()) + np.repeat(
                starts - np.cumsum(lengths) + lengths, lengths
            )
            words = np.bincount(
                np.repeat(np.arange(len(bare)), lengths),
                weights=self._word_columns()[matrix.indices[at]],
                minlength=len(bare),
            )
            out[bare[words == 0]] = -2
        return out

    def _titles_alike(
        self,
        phrase: np.ndarray,
        rows: np.ndarray,
        docs: Sequence[ItemDoc],
        titles: _TitlePairs | None,
    ) -> np.ndarray:
        """Per row of ``rows`` (ascending), whether its doc's title shares with its phrase
        (``phrase[row]``) a word pair, or ``PHRASE_TITLE_MIN_SHARED`` words and pairs, as the
        phrase search weighs them (:meth:`_phrase_vectors`). ``titles``: the batch's title
        feature occurrences; None: the titles of ``rows`` are read here."""
        if titles is not None:
            at, cols = titles.rows, titles.cols
            mine = np.zeros(len(phrase), dtype=bool)
            mine[rows] = True
            keep = np.flatnonzero(mine[at])
            at, cols = at.take(keep).astype(np.int64), cols.take(keep).astype(np.int64)
        else:
            read = self.transform([ItemDoc(title=docs[i].title) for i in rows.tolist()]).tocoo()
            at, cols = rows[read.row].astype(np.int64), read.col.astype(np.int64)
        if not len(at):
            return np.zeros(len(rows), dtype=bool)
        size = len(self.idf)
        pairs = np.unique(at * size + cols)  # a title's feature once
        at, cols = pairs // size, pairs % size
        shared = np.asarray(self._phrase_vectors()[phrase[at], cols]).reshape(-1) != 0
        at, cols = at[shared], cols[shared]
        words = np.bincount(at, minlength=len(phrase))[rows]
        two = np.bincount(at, weights=self._pair_columns()[cols], minlength=len(phrase))[rows]
        return (two > 0) | (words >= PHRASE_TITLE_MIN_SHARED)

    def _pair_columns(self) -> np.ndarray:
        """Per column, 1.0 for a word pair (a feature of two words), else 0.0."""
        cached = getattr(self, "_pairs_mask", None)
        if cached is None:
            cached = np.array(
                [1.0 if " " in name and ":" not in name else 0.0 for name in self._feature_names()]
            )
            self._pairs_mask = cached
        return cached

    def _phrase_vectors(self) -> sparse.csr_matrix:
        """Per training phrase, its words' features as the nearest search weighs them
        (phrases × features): an item's product with its phrase says how alike they read."""
        cached = getattr(self, "_phrase_rows", None)
        if cached is None:
            texts = [ItemDoc(title=p.text) for p in self.phrases]
            matrix = self.transform(texts) if texts else sparse.csr_matrix((0, len(self.idf)))
            weight = np.where(self._word_columns(), self._label_weights()[1], 0.0)
            cached = sparse.csr_matrix(matrix.multiply(weight[None, :]))
            cached.eliminate_zeros()
            self._phrase_rows = cached
        return cached

    def _word_columns(self) -> np.ndarray:
        """Per column, whether it is a word or word pair (not a list, label, type, level or
        form token, nor a character n-gram)."""
        cached = getattr(self, "_words_mask", None)
        if cached is None:
            cached = np.array(
                [
                    not (name.startswith(META_PREFIXES) or name.startswith(CHAR_PREFIX))
                    for name in self._feature_names()
                ],
                dtype=bool,
            )
            self._words_mask = cached
        return cached

    def _nearest(
        self, matrix: sparse.csr_matrix, best: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """Per row, the phrase of the most similar training example with the predicted label
        (the first such example on ties) and its similarity (0 or less: nothing in common).

        Rows are grouped by predicted label and each group is multiplied only by the examples
        of that label: half the work of scoring every example and masking the other label.
        """
        n = matrix.shape[0]
        nearest = np.zeros(n, dtype=np.int64)
        similarity = np.full(n, -1.0)
        if self._example_matrix is None:
            return nearest, similarity
        rows32 = matrix.astype(np.float32)
        for k, (examples, phrase) in enumerate(self._examples_by_label()):
            rows = np.flatnonzero(best == k)
            if not len(rows) or not len(phrase):
                continue
            # Sparse times sparse adds each row's products in the row's column order, as the
            # dense product did (its other terms were +0.0): the same float32 sums, bit for bit;
            # each row's first largest similarity is read from the product's stored values.
            pick, value = sparse_first_max(rows32[rows], examples)
            nearest[rows] = phrase[pick]
            similarity[rows] = value
        return nearest, similarity

    def _examples_by_label(self) -> list[tuple[sparse.csr_matrix, np.ndarray]]:
        """Per label, its examples' columns of the example matrix and their phrases."""
        cached = getattr(self, "_by_label", None)
        if cached is None:
            cached = []
            for k in range(len(self.labels)):
                which = np.flatnonzero(self._example_label == k)
                columns = sparse.csr_matrix(self._example_matrix[:, which])
                cached.append((columns, self._example_phrase[which]))
            self._by_label = cached
        return cached

    def _json_tables(self) -> JsonTables:
        """The pieces :class:`BatchColumns` writes rows from, escaped once per model."""
        cached = getattr(self, "_json", None)
        if cached is None:
            cached = JsonTables.build(
                self.labels,
                self._feature_names(),
                self._described_names(),
                self._reason_heads(),
                self._phrase_parts(),
            )
            self._json = cached
        return cached

    def _reason_heads(self) -> list[str]:
        """``strategic 0.87: `` at each head code: :meth:`_reason_head_parts` laid out."""
        cached = getattr(self, "_heads", None)
        if cached is None:
            cached = [f"{head} {number}: {why}" for head, number, why in self._reason_head_parts()]
            self._heads = cached
        return cached

    def _reason_head_parts(self) -> list[tuple[str, str, str]]:
        """Each head's label, number and why it was held (:func:`models.reasons.head_parts`)."""
        cached = getattr(self, "_head_parts", None)
        if cached is None:
            cached = head_parts(self.labels)
            self._head_parts = cached
        return cached

    def _described_names(self) -> list[str]:
        """Per column, the feature as a reason shows it without the item (``'roadmap'``,
        ``issue type Epic``; in the item's own names: :meth:`_Batch.placed_terms`)."""
        cached = getattr(self, "_shown", None)
        if cached is None:
            cached = [describe_feature(name) for name in self._feature_names()]
            self._shown = cached
        return cached

    def _phrase_parts(self) -> list[tuple[str | None, str | None, str]]:
        """Per phrase: its text, provenance and the reason's ``; nearest phrase: '…' (“…”, § …)``
        ending; the last two (indices -2, -1): no word learned, no phrase quoted."""
        cached = getattr(self, "_phrase_cache", None)
        if cached is None:
            cached = [(p.text, p.provenance, _phrase_suffix(p)) for p in self.phrases]
            cached.append((None, None, NO_WORDS_ENDING))  # index -2
            cached.append((None, None, NO_PHRASE_ENDING))  # index -1
            self._phrase_cache = cached
        return cached

    def _term_kinds(self) -> np.ndarray:
        """Per column, ``models._reason_terms.kind_of`` its feature."""
        cached = getattr(self, "_kinds", None)
        if cached is None:
            cached = np.array([kind_of(n) for n in self._feature_names()], dtype=np.int8)
            self._kinds = cached
        return cached

    def _name_words(self) -> Callable[[str], list[str]]:
        """A list or label name's words as this model's features hold them (cached)."""
        cached = getattr(self, "_names_of", None)
        if cached is None:
            cached = self._names_of = _NameWords(self.config.features.list_singular)
        return cached
