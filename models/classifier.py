"""The shipped role classifier: a TF-IDF linear model stored as plain JSON, predicted with numpy.

Training (``models/train.py``) fits a scikit-learn pipeline and exports what prediction needs:
the vocabulary, the idf weights, the linear weights, the calibration and the training phrases.
Loading reads JSON only (never pickle) and validates every part, so a file that is not a model
raises :class:`ModelError` with one line. Prediction is batched: one sparse matrix per batch,
one matrix product for the scores, one for the nearest training phrase.

The domain rules applied after calibration (evidence before confidence, the board's prior) are in
:mod:`models.rules`; the batch tokeniser and term ranking in the private :mod:`models._fastpath`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import chain, repeat
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse

import models.rules as _rules  # session 14: its constants read when used (sweeps patch them)
from _backlog_analyzer_runtime.gc_pause import collector_paused
from models._batch import (
    _Batch,
    _BatchPrediction,
    _NameWords,
    _object_array,
    _row_prediction,
    _UnreadPrediction,
)
from models._batch_reasons import BatchColumns, JsonTables
from models._fastpath import (  # noqa: F401  (fast_words, batch_words: tested from here)
    _SEP,
    BatchBytes,
    WordTable,
    _batch_bytes,
    _ranked,
    _rows_for,
    batch_words,
    chosen_terms,
    csr_product,
    doc_texts,
    fast_words,
    other_script_rows,
    row_sums,
    rows_replaced,
    sparse_first_max,
)
from models._reading import PER_DOC_FEATURES, BatchReading, _TitlePairs
from models._reason_terms import (
    NEARLY_CERTAIN,
    NEVER_SHOWN,
    UNSURE_LEAD,
    kind_of,
)
from models._rules_applied import BatchRules, _board_weighted
from models._second_reading import REREAD_BOUND_ROWS, SecondReading
from models.calibration import BoardPrior, Calibration, calibrated
from models.features import (
    META_PREFIXES,
    STORY_OPENINGS,
    FeatureConfig,
    describe_feature,
)
from models.interface import (
    STRATEGIC,
    TACTICAL,
    ItemDoc,
    ModelError,
    Prediction,
    RoleModel,
)
from models.language import (
    OTHER_LATIN_HINTS,
    SCRIPT_CHARS,
    unread_language,
)
from models.language import name as language_name
from models.languages_read import (
    STOP_WORDS,
    STOP_WORDS_BY_LANGUAGE,
    _word_flags,
    function_places,
    link_votes,
    own_function_places,
    row_languages,
    stop_words,
)
from models.model_config import CHAR_PREFIX, ModelConfig, analyse, make_analyzer
from models.reasons import (
    _HELD_BY_TITLE,
    _HELD_BY_WORDS,
    _HELD_REASONS,
    _HELD_THIN,
    NO_PHRASE_ENDING,
    NO_WORDS_ENDING,
    _head_codes,
    _phrase_suffix,
    reason_text,
)
from models.rules import (  # noqa: F401  (the rules' names, as models.classifier gave them)
    BOARD_PRIOR_CENTER,
    BOARD_PRIOR_FLOOR,
    BOARD_PRIOR_SAMPLE,
    BOARD_PRIOR_STRENGTH,
    BOARD_WORDS_COMMON,
    BOARD_WORDS_MIN_ITEMS,
    BOARD_WORDS_POWER,
    BOARD_WORDS_SPARED_UP_TO,
    DESCRIPTION_ONLY_CAP,
    DIRECTION_REREAD_REASON,
    HELD_REASON,
    LIST_ONLY_IN_PRIOR,
    LIST_ONLY_RULE,
    MIN_DIRECTION_SHARE,
    MIN_STRATEGIC_EVIDENCE,
    MIN_TITLE_EVIDENCE,
    NO_EVIDENCE_STRATEGIC_CAP,
    ONE_WORD_CAP,
    RESEARCH_REASON,
    THIN_REASON,
    TITLE_HELD_REASON,
    board_prior,
    board_word_weights,
    description_capped,
    direction_capped,
    direction_columns,
    direction_held,
    direction_prior_floor,
    direction_share,
    evidence_capped,
    held_at_cap,
    list_only_capped,
    no_direction_capped,
    prior_sample,
    spared_columns,
    title_direction_capped,
    title_direction_rows,
)
from models.source_phrases import SEED_SECTIONS, SEED_TITLES, SourcePhrase

#: The classifier's names, those defined here and those other modules hold (imported from here
#: as before the session-28 split; their homes are named in each import above).
__all__ = [
    "ARTIFACT",
    "CHAR_PREFIX",
    "FORMAT",
    "FORMAT_VERSION",
    "MAX_MODEL_BYTES",
    "NEAREST_MIN_SIMILARITY",
    "NO_PHRASE_ENDING",
    "NO_WORDS_ENDING",
    "PER_DOC_FEATURES",
    "PHRASE_MIN_SHARED",
    "PHRASE_MIN_SIMILARITY",
    "PHRASE_TITLE_MIN_SHARED",
    "REREAD_BOUND_ROWS",
    "SEED_SECTIONS",
    "SEED_TITLES",
    "STOP_WORDS",
    "STOP_WORDS_BY_LANGUAGE",
    "TOP_TERMS",
    "BoardPrior",
    "Calibration",
    "LinearRoleModel",
    "ModelConfig",
    "SourcePhrase",
    "analyse",
    "calibrated",
    "function_places",
    "link_votes",
    "load_model",
    "make_analyzer",
    "own_function_places",
    "reason_text",
    "row_languages",
    "stop_words",
    "unread_rows",
]

ARTIFACT = Path(__file__).parent / "artifacts" / "role_model.json"
FORMAT = "backlog-analyzer/role-model"
FORMAT_VERSION = 1
MAX_MODEL_BYTES = 200 * 1024 * 1024
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


# --- the model -----------------------------------------------------------------------------------


def _heap_for_batches() -> None:
    """Let a batch's arrays (0.1-2 MiB each) come from the heap, not from fresh pages.

    glibc's malloc maps a block above its mmap threshold (128 KiB at start) from the kernel
    anew each time (a page fault per 4 KiB written) and raises the threshold to the size of
    such a block once it is freed. The dense nearest-phrase product (up to 8 MiB a batch) did
    that, unplanned, until the search became sparse; without it a batch of 2 048 items wrote
    ~6 000 fresh pages (measured with ``ru_minflt``), a fifth of ``predict``'s time. Freeing one
    untouched 8 MiB block keeps that state: nothing is written, other allocators ignore it."""
    block = np.empty(1 << 20)  # 8 MiB, never touched
    del block


def _example_matrix(examples: sparse.csr_matrix, weight: np.ndarray) -> sparse.csc_matrix:
    """(features × examples) float32: each example's TF-IDF value times its feature's weight
    (computed in float64, then rounded, as the dense matrix it replaces was); 0.17 % of the
    bundled model's cells are stored, so the nearest search multiplies only those."""
    coo = examples.tocoo()
    data = (coo.data * weight[coo.col]).astype(np.float32)
    matrix = sparse.csc_matrix((data, (coo.col, coo.row)), shape=examples.shape[::-1])
    matrix.eliminate_zeros()
    return matrix


class LinearRoleModel(BatchReading, BatchRules, SecondReading, RoleModel):
    """TF-IDF features → linear scores → calibrated probabilities, with a reason per item."""

    reads_items = True  # title, description, type, labels, column, hierarchy_level only
    reads_threshold = True  # ``predict(..., unsure_below=threshold)``: uncertain reasons say so

    @property
    def description_chars(self) -> int:
        """The features' cut (``FeatureConfig.description_chars``) or the language check's
        (``SCRIPT_CHARS``: it reads that many characters; its ``isascii`` of the whole text
        only decides whether to, and on an ASCII title and first part it answers None either
        way)."""
        return max(self.config.features.description_chars, SCRIPT_CHARS)

    def __init__(
        self,
        *,
        labels: Sequence[str],
        config: ModelConfig,
        vocabulary: dict[str, int],
        idf: np.ndarray,
        coef: np.ndarray,
        intercept: np.ndarray,
        calibration: Calibration,
        phrases: Sequence[SourcePhrase],
        examples: Sequence[tuple[ItemDoc, int]],
        info: dict[str, Any] | None = None,
    ) -> None:
        self.labels = tuple(labels)
        self.config = config
        self.vocabulary = vocabulary
        self.idf = np.asarray(idf, dtype=np.float64)
        self.coef = np.atleast_2d(np.asarray(coef, dtype=np.float64))
        self.intercept = np.asarray(intercept, dtype=np.float64).reshape(-1)
        self.calibration = calibration
        self.phrases = tuple(phrases)
        self.examples = tuple(examples)  # (doc, index into phrases): what "nearest" searches
        self.info = dict(info or {})
        self._analyzer = make_analyzer(config)
        # Words the batch path must tell whatever they are features or not: the function words
        # (an item's language, and what it leaves out), the words that make a title worth a
        # language check and those a user story's title opens with (only titles holding one
        # are checked for the story form). Those that are no feature get ids from the
        # vocabulary's size on; ``_flags`` says of every id what it is (``_word_flags``).
        size = len(self.idf)
        special = STOP_WORDS | OTHER_LATIN_HINTS | STORY_OPENINGS
        special = special.union(*STOP_WORDS_BY_LANGUAGE.values())
        self._extra_ids = {w: size + k for k, w in enumerate(sorted(special - vocabulary.keys()))}
        flags = np.zeros(size + len(self._extra_ids) + 2, dtype=np.uint16)  # (-2, -1: the end)
        for word, index in chain(vocabulary.items(), self._extra_ids.items()):
            if word in special:
                flags[index] = _word_flags(word)
        self._flags = flags
        self._token_ids = self._new_token_ids()
        self._word_table = WordTable.build(vocabulary, marks=self._extra_ids)
        self._meta_cache: dict[tuple[Any, ...], tuple[int, ...]] = {}
        self._toward, separating = self._label_weights()
        self._bigrams = self._bigram_table()
        self._evidence = self._evidence_vectors()
        self._direction = direction_columns(self._feature_names()) if self._evidence else None
        ex_docs = [doc for doc, _ in self.examples]
        # Sparse (features × examples), float32: one sparse product per label finds the nearest.
        # Each feature counts by how much it separates the labels, so the nearest example shares
        # the item's role words ("acceptance criteria"), not just its topic ("SSO").
        self._example_matrix = (
            _example_matrix(self.transform(ex_docs), separating) if ex_docs else None
        )
        self._example_phrase = np.array([i for _, i in self.examples], dtype=np.int64)
        _heap_for_batches()
        phrase_label = {label: k for k, label in enumerate(self.labels)}
        self._example_label = np.array(
            [phrase_label.get(self.phrases[i].label, -1) for _, i in self.examples], dtype=np.int64
        )

    # -- maths --

    def _label_weights(self) -> tuple[np.ndarray, np.ndarray]:
        """Per label, each feature's push toward it, with unreadable features (character
        n-grams, folded digits) zeroed for reasons; and per feature, its largest
        push in absolute value (every feature, for the nearest-example similarity)."""
        if len(self.labels) == 2:
            toward = np.vstack([-self.coef[0], self.coef[0]])
        else:
            toward = self.coef - self.coef.mean(axis=0, keepdims=True)
        readable = np.ones(len(self.idf), dtype=bool)
        for feature, index in self.vocabulary.items():
            parts = feature.split(" ")
            if (
                feature.startswith(CHAR_PREFIX)
                # (function words need no check here: those of an item's language are no
                # features of it, whatever the vocabulary holds, ``_own_words_out``)
                or any("0" in w and ":" not in w for w in parts)  # digits were folded to 0
            ):
                readable[index] = False
        separating = np.abs(toward).max(axis=0) if toward.size else np.zeros(len(self.idf))
        return toward * readable, separating

    def _evidence_vectors(self) -> tuple[int, np.ndarray, np.ndarray, np.ndarray] | None:
        """For a strategic/tactical word model: (strategic's index, each word, list or label
        feature's push toward strategic (0 for pushes away, issue type, level and function
        words), 1 for each known word, 1 for each word, bigram, list or label feature);
        None for other label sets (no evidence rules)."""
        if (
            set(self.labels) != {STRATEGIC, TACTICAL}
            or self._toward.size == 0
            or not self.config.words
            or self.config.char_ngrams
        ):
            return None  # the rules count words: word models only
        k = self.labels.index(STRATEGIC)
        words_mask = np.zeros(len(self.idf), dtype=bool)
        unigram = np.zeros(len(self.idf))
        for feature, index in self.vocabulary.items():
            if not feature.startswith(META_PREFIXES) and not feature.startswith(CHAR_PREFIX):
                words_mask[index] = True
                if " " not in feature:
                    unigram[index] = 1.0
        # The list and labels an item sits in count as evidence too (a card in "Ideas" or
        # "Persona notes"); its issue type and level do not (an Epic alone is no direction).
        counted = words_mask.copy()
        for feature, index in self.vocabulary.items():
            if feature.startswith(("column:", "label:")):
                counted[index] = True
        push = np.where(counted, np.maximum(self._toward[k], 0.0), 0.0)
        return k, push, unigram, counted.astype(np.float64)

    def decision(self, matrix: sparse.csr_matrix) -> np.ndarray:
        """Raw linear scores: (n,) for two labels, (n, k) for more."""
        scores = np.asarray(matrix @ self.coef.T) + self.intercept
        return scores[:, 0] if len(self.labels) == 2 else scores

    def predict_proba(
        self, docs: Sequence[ItemDoc], prior: dict[str, float] | None = None
    ) -> np.ndarray:
        # (the titles' pairs read in the same pass: no second reading of the items' languages)
        matrix, titles = self._transform_with_titles(docs)
        matrix = _board_weighted(matrix, prior)
        proba, direction, _ = self._ruled(matrix, prior, docs)
        return self._title_checked(docs, proba, prior, titles, direction=direction)

    # -- RoleModel --

    def predict(
        self,
        docs: Sequence[ItemDoc],
        prior: dict[str, float] | None = None,
        *,
        unsure_below: float | None = None,
    ) -> list[Prediction]:
        """Label, calibrated confidence and a reason per item (``prior``: the board's label
        shares, see :meth:`estimate_prior`). Everything up to the chosen term columns and
        nearest phrase is numpy over the whole batch; the loop only joins strings.
        ``unsure_below``: a report's threshold — the reason of an item less sure than it (the
        report calls it ``uncertain``) starts "uncertain, leaning …" (:meth:`_Batch.mark_below`;
        a scan and ``classify`` pass it: ``reads_threshold``)."""
        if not docs:
            return []
        batch, titles = self._batch(docs, prior)
        if unsure_below is not None:
            batch.mark_below(unsure_below)
        # Thousands of small containers and no cycles: the cyclic collector would only re-scan
        # them (about a tenth of predict's time), so it waits until the list is built.
        with collector_paused():
            out = self._predictions(batch)
        for row, code in self._unread_rows(docs, titles):
            out[row] = self.unread_prediction(code, self.labels[batch.best.item(row)])
        return out

    def predict_columns(
        self,
        docs: Sequence[ItemDoc],
        prior: dict[str, float] | None = None,
        *,
        unsure_below: float | None = None,
    ) -> BatchColumns:
        """What :meth:`predict` gives, as the batch's columns instead of one ``Prediction`` per
        item: a streamed ``classify`` writes its lines from them (:mod:`models._batch_reasons`)."""
        batch, titles = self._batch(docs, prior)
        if unsure_below is not None:
            batch.mark_below(unsure_below)
        unread = {
            row: self.unread_prediction(code, self.labels[batch.best.item(row)])
            for row, code in self._unread_rows(docs, titles)
        }
        return BatchColumns(batch, self._json_tables(), unread, _row_prediction)

    def _unread_rows(
        self, docs: Sequence[ItemDoc], titles: _TitlePairs | None
    ) -> list[tuple[int, str]]:
        """:func:`unread_rows`, judged only for the items with non-ASCII text or a title the
        batch's words found an Italian or Dutch function word in (``titles.hinted``): the
        others are read (the check's own shortcut)."""
        if titles is None:
            return unread_rows(docs, self.config.features)
        # The check answers None for a text with no letter of another script unless its title
        # is hinted. Those letters were seen while the batch's texts were made ASCII (plus the
        # rows whose description lost markup there), else one search over the non-ASCII texts.
        judged = set(titles.hinted.tolist())
        if titles.scripts is not None:
            judged.update(titles.scripts)
        else:
            parts: list[str] = []
            rows: list[int] = []
            for row in titles.wide:
                doc = docs[row]
                parts += (doc.title or "", doc.description or "")
                rows += (row, row)
            judged.update(other_script_rows(parts, rows))
        out: list[tuple[int, str]] = []
        for row in sorted(judged):
            doc = docs[row]
            code = unread_language(doc.title or "", doc.description or "")
            if code is not None:
                out.append((row, code))
        return out

    def _batch(
        self, docs: Sequence[ItemDoc], prior: dict[str, float] | None
    ) -> tuple[_Batch, _TitlePairs | None]:
        """Everything up to the chosen term columns and nearest phrase, numpy over the batch
        (and what its words said of the titles, :meth:`_transform_with_titles`). In a board
        scan the research titles' second reading (:meth:`_research_read_again`) comes before
        the reasons' work: the rows it keeps take its words, and every row's top terms and
        nearest phrase are then found once."""
        found: list[tuple[np.ndarray, np.ndarray]] = []
        matrix, titles = self._transform_with_titles(docs, found)
        matrix = _board_weighted(matrix, prior)
        words: list[np.ndarray] = []
        by_titles: list[np.ndarray] = []
        held = None
        thin: list[np.ndarray] = []
        # The rules ask whether a title names research up to three times: answered once each.
        with _rules.research_remembered():
            proba, direction, by_words = self._ruled(matrix, prior, docs, words, thin)
            proba = self._title_checked(docs, proba, prior, titles, direction, by_titles)
            if thin and len(thin[0]):  # held back by the evidence rules (still so): reasons say so
                k = self._evidence[0]  # type: ignore[index]
                still = thin[0][proba[thin[0], k] == NO_EVIDENCE_STRATEGIC_CAP]
                if len(still):
                    held = np.zeros(len(proba), dtype=np.int64)
                    held[still] = _HELD_THIN
            if by_words is not None:  # the direction rules' cap decided these rows: reasons say so
                if held is None:
                    held = np.zeros(len(proba), dtype=np.int64)
                held[by_words] = _HELD_BY_WORDS
                for at in by_titles:
                    held[at] = _HELD_BY_TITLE
                if words:  # a board scan: research titles again
                    pairs = (*found[0], len(docs)) if found else None
                    matrix = self._research_read_again(
                        docs, prior, words[0], matrix, titles, proba, held, pairs
                    )
        best = proba.argmax(axis=1)
        chosen = self._top_terms(matrix, best)
        if self.config.char_ngrams:
            nearest, similarity = self._nearest(matrix, best)
            nearest[similarity < self.nearest_min_similarity] = -1
        else:
            nearest = self._quoted_phrases(
                matrix, self._searched(matrix, best), chosen, docs=docs, titles=titles
            )
        batch = _Batch(
            self.labels,
            self._feature_names(),
            proba,
            chosen.astype(np.int32),  # kept until the report is written: 12 bytes a row
            best.astype(np.int32),
            nearest.astype(np.int32),
            _head_codes(best, proba, held).astype(np.int32),
            self._described_names(),
            self._reason_heads(),
            self._phrase_parts(),
            docs,
            self._term_kinds(),
            self._name_words(),
        )
        return batch, titles

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

    @property
    def nearest_min_similarity(self) -> float:
        """``NEAREST_MIN_SIMILARITY`` for word models; character n-gram models (whose
        similarities are on another scale) name any phrase with something in common."""
        return NEAREST_MIN_SIMILARITY if not self.config.char_ngrams else float(np.nextafter(0, 1))

    def unread_prediction(self, code: str, label: str) -> Prediction:
        """An item in a language the model does not read: no label it could trust (every label
        equally likely, so ``uncertain`` at any threshold above 1/k), and the reason says why."""
        even = 1.0 / len(self.labels)
        return _UnreadPrediction(
            label=label,
            confidence=even,
            reason=f"uncertain: written in {language_name(code)}, which the model does not read",
            scores=dict.fromkeys(self.labels, even),
            language=code,
        )

    @staticmethod
    def unread_languages(predictions: Sequence[Prediction]) -> list[str | None]:
        """Per prediction of :meth:`predict`, the language it found the item written in when
        the model does not read it (:func:`models.language.unread_language` of the title and
        description it read), else None: a scan counts them without reading the texts again."""
        return [p.language if type(p) is _UnreadPrediction else None for p in predictions]

    def _predictions(self, batch: _Batch) -> list[Prediction]:
        """The batch's ``Prediction`` objects; their reasons, scores and top terms stay in the
        batch's arrays until read (:class:`_BatchPrediction`, :meth:`_Batch.reason`)."""
        phrase_parts, best, nearest = batch.phrase_parts, batch.best, batch.nearest
        n = len(best)
        # Each field's values for the whole batch (object arrays picked by numpy), then one
        # C-level map makes the objects: no Python loop body per item.
        return list(
            map(
                _BatchPrediction.make,
                _object_array(self.labels)[best].tolist(),
                batch.proba[np.arange(n), best].tolist(),
                _object_array(phrase_parts, 0)[nearest].tolist(),
                _object_array(phrase_parts, 1)[nearest].tolist(),
                repeat(batch, n),
                range(n),
            )
        )

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
        """``strategic 0.87: `` for every label and every hundredth, at ``label * 101 + h`` (the
        hundredth 100 reads ``>0.99``: :func:`confidence_text`; a row at exactly 1 is said one
        by one, :func:`_head_codes`); then
        the same with ``HELD_REASON`` (an item the direction rule held), ``101 * labels`` on,
        with ``TITLE_HELD_REASON`` (the title rules held it), ``2 * 101 * labels`` on, with
        ``RESEARCH_REASON`` (read again, its title naming research), ``3 * 101 * labels`` on,
        and so on for each of ``_HELD_REASONS``; then all of those again led by ``UNSURE_LEAD``
        (an item below the report's threshold: :meth:`_Batch.mark_unsure`)."""
        cached = getattr(self, "_heads", None)
        if cached is None:
            shown = [f"{h / 100:.2f}" for h in range(100)] + [NEARLY_CERTAIN]
            plain = [f"{label} {h}: " for label in self.labels for h in shown]
            sure = plain + [head + why for why in _HELD_REASONS[1:] for head in plain]
            cached = sure + [UNSURE_LEAD + head for head in sure]
            self._heads = cached
        return cached

    def _described_names(self) -> list[str]:
        """Per column, the feature as a reason shows it without the item (``'roadmap'``,
        ``issue type Epic``; in the item's own names: :meth:`_Batch.placed_terms`)."""
        cached = getattr(self, "_shown", None)
        if cached is None:
            cached = [describe_feature(name) for name in self._feature_names()]
            self._shown = cached
        return cached

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

    def _feature_names(self) -> list[str]:
        names = getattr(self, "_names", None)
        if names is None:
            names = [""] * len(self.idf)
            for feature, index in self.vocabulary.items():
                names[index] = feature
            self._names = names
        return names

    # -- persistence (the artifact format: models/artifact.py) --

    def to_json(self) -> dict[str, Any]:
        from models.artifact import model_json

        return model_json(self)

    def save(self, path: Path) -> None:
        from models.artifact import save_model

        save_model(self, path)

    @classmethod
    def load(cls, path: Path) -> LinearRoleModel:
        from models.artifact import read_model_json

        path = Path(path)
        return cls.from_json(read_model_json(path), origin=str(path))

    @classmethod
    def from_json(cls, data: Any, origin: str = "model") -> LinearRoleModel:
        from models.artifact import model_from_json

        return model_from_json(data, origin)


# --- helpers -------------------------------------------------------------------------------------


def unread_rows(docs: Sequence[ItemDoc], config: FeatureConfig) -> list[tuple[int, str]]:
    """(row, language) of the docs written in a language the model does not read: mostly in
    another script (Japanese, Chinese, Korean, Cyrillic, ...), or Italian / Dutch
    (:func:`models.language.unread_language`)."""
    del config  # the title and description are read as they are
    out: list[tuple[int, str]] = []
    for row, doc in enumerate(docs):
        code = unread_language(doc.title or "", doc.description or "")
        if code is not None:
            out.append((row, code))
    return out


_BUNDLED: LinearRoleModel | None = None


def load_model(path: Path | None = None) -> RoleModel:
    """The model at ``path``, or the bundled one (loaded once per process) when ``path`` is None."""
    global _BUNDLED
    if path is not None:
        return LinearRoleModel.load(Path(path))
    if _BUNDLED is None:
        if not ARTIFACT.is_file():
            raise ModelError(
                f"{ARTIFACT}: the bundled model is missing; run `backlog-analyzer train`"
            )
        _BUNDLED = LinearRoleModel.load(ARTIFACT)
    return _BUNDLED
