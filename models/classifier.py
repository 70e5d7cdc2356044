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

import dataclasses
from collections import defaultdict
from collections.abc import Callable, Sequence
from itertools import chain, repeat
from operator import add as add_str
from operator import attrgetter
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
from scipy import sparse

import models.model_config as _model_config  # research puts its analyse there
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
from models._reason_terms import (
    NEARLY_CERTAIN,
    NEVER_SHOWN,
    UNSURE_LEAD,
    kind_of,
)
from models.calibration import BoardPrior, Calibration, _logit, calibrated
from models.features import (
    META_PREFIXES,
    STORY_FORM,
    STORY_OPENINGS,
    FeatureConfig,
    describe_feature,
    doc_text,
    story_form,
    structure_features,
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
    READ,
    SCRIPT_CHARS,
    unread_language,
)
from models.language import name as language_name
from models.languages_read import (
    _HINT_FLAG,
    _OPENER_FLAG,
    _UNKNOWN,
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
    _READ_AGAIN,
    _READ_AGAIN_DIRECTION,
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
_PAIR_LIMIT = 2**23  # entries of the dense bigram table; larger vocabularies join strings
_UNKNOWN_WORDS = 200_000  # words that are not features remembered by the token look-up
_META_CACHE_LIMIT = 100_000  # distinct metadata combinations kept (the cache is then cleared)
#: Research (``research.skip_bigrams``): True sends every doc's features through
#: :func:`models.model_config.analyse`, one doc at a time, as a model with character n-grams is
#: read, so a variant of ``analyse`` put in its place there is read exactly (slow; the batch
#: path reads words itself).
PER_DOC_FEATURES = False
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


class _TitlePairs(NamedTuple):
    """What a batch's words say of each doc's title alone (:meth:`LinearRoleModel._pairs`)."""

    rows: np.ndarray  # (doc row, column) of every feature occurrence of the title
    cols: np.ndarray
    hinted: np.ndarray  # the doc rows whose title holds an Italian or Dutch function word
    wide: list[int]  # the doc rows whose title or description is not all ASCII
    # The doc rows whose title or description (as the language check reads it) may hold a
    # letter of another script, found while the batch was made ASCII; None: not known.
    scripts: list[int] | None = None
    # Per doc row, whether it has a description (its text there is not empty); None: not known.
    described: np.ndarray | None = None


#: The fewest rows of a batch whose second readings are bounded before their titles are asked
#: (``LinearRoleModel._rereads_may_keep``): a smaller batch asks its few titles for less.
REREAD_BOUND_ROWS = 256
#: The methods the bound works a second reading out like (a subclass with its own: no bound).
_READINGS = ("decision", "_ruled", "_second_reading", "_title_checked", "_tfidf")


def _board_weighted(matrix: sparse.csr_matrix, prior: object) -> sparse.csr_matrix:
    """``matrix`` with each column scaled by the board's weight (when ``prior`` has some)."""
    weights = getattr(prior, "weights", None)
    if weights is None or not matrix.nnz:
        return matrix
    return sparse.csr_matrix(
        (matrix.data * weights[matrix.indices], matrix.indices, matrix.indptr), shape=matrix.shape
    )


def _unique_counts(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(keys, return_counts=True)``, without its extra passes. Integers sorted are
    the same whichever sort: numpy's default one (x86-simd-sort on AVX2/AVX-512 machines) sorts
    a batch's 32-bit keys ≈ 6× faster than its stable one (0.0096 vs 0.056 CPU s per 100k
    generated items, 2026-12-05); without those instructions it is an introsort, which was
    measured slower than the stable sort here before (the same integers either way)."""
    ordered = np.sort(keys)
    first = np.empty(len(ordered), dtype=np.bool_)
    first[:1] = True
    np.not_equal(ordered[1:], ordered[:-1], out=first[1:])
    starts = np.flatnonzero(first)
    return ordered[starts], np.diff(starts, append=len(ordered))


_METADATA = attrgetter("type", "hierarchy_level", "column", "labels")


def _one_metadata(docs: Sequence[Any]) -> bool:
    """Whether the docs (some) all have the first's type, list and labels and no level: their
    metadata columns are one look-up (a streamed ``classify``'s batch; session 24: 0.3 µs a
    doc less). Equal as the metadata cache compares its keys; levels must all be None (True
    == 1, yet "level:True" is not "level:1")."""
    if not docs:
        return False
    first = _METADATA(docs[0])
    return first[1] is None and all(map(first.__eq__, map(_METADATA, docs)))


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


class LinearRoleModel(RoleModel):
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

    def _bigram_table(self) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
        """The vocabulary's word bigrams as a dense table: ``table[first[a], second[b]]`` is the
        column of bigram "a b" (-1: not a feature), ``first``/``second`` map word ids (and -1
        unknown, -2 separator, which land on the table's last, empty row/column) to its rows and
        columns. None when some bigram's words are not features themselves, or the table would
        be large (then bigram strings are joined and looked up)."""
        vocab, size = self.vocabulary, len(self.idf)
        pairs: list[tuple[int, int, int]] = []
        for feature, index in vocab.items():
            if " " not in feature or feature.startswith(CHAR_PREFIX):
                continue
            first, _, second = feature.partition(" ")
            a, b = vocab.get(first), vocab.get(second)
            if a is None or b is None:
                return None
            pairs.append((a, b, index))
        firsts = sorted({a for a, _, _ in pairs})
        seconds = sorted({b for _, b, _ in pairs})
        if (len(firsts) + 1) * (len(seconds) + 1) > _PAIR_LIMIT:
            return None
        first = np.full(size + 2, len(firsts), dtype=np.int64)
        first[firsts] = np.arange(len(firsts))
        second = np.full(size + 2, len(seconds), dtype=np.int64)
        second[seconds] = np.arange(len(seconds))
        dtype = np.int16 if size < 2**15 else np.int32
        table = np.full((len(firsts) + 1, len(seconds) + 1), -1, dtype=dtype)
        for a, b, index in pairs:
            table[first[a], second[b]] = index
        return first, second, table

    def transform(
        self, docs: Sequence[ItemDoc], languages: Sequence[str | None] | None = None
    ) -> sparse.csr_matrix:
        """TF-IDF rows (sublinear tf, smooth idf, L2 norm), equal to scikit-learn's.
        ``languages``: each doc's language (:func:`models.language.item_language`), when it is
        not the one its own words give (a title read in its item's language)."""
        rows, cols, _ = self._pairs(docs, languages=languages)
        return self._tfidf(rows, cols, len(docs))

    def _transform_with_titles(
        self, docs: Sequence[ItemDoc], pairs: list[tuple[np.ndarray, np.ndarray]] | None = None
    ) -> tuple[sparse.csr_matrix, _TitlePairs | None]:
        """:meth:`transform` and, when the batch takes the bytes path, the (row, column) pairs of
        each doc's title alone, read from the same words (see :meth:`_title_matrix`). ``pairs``:
        a list the docs' (row, column) feature occurrences are appended to (a board scan's
        second reading takes its rows' from them, :meth:`_second_reading`)."""
        rows, cols, titles = self._pairs(docs, titles=self._evidence is not None)
        if pairs is not None:
            pairs.append((rows, cols))
        return self._tfidf(rows, cols, len(docs)), titles

    def _title_matrix(
        self, docs: Sequence[ItemDoc], which: list[int], titles: _TitlePairs | None
    ) -> sparse.csr_matrix:
        """``transform([ItemDoc(docs[i].title or "") for i in which])``, from the title pairs
        when there are some (``which`` ascending)."""
        if titles is None:  # a title is read in its item's language
            languages = self._item_languages([docs[i] for i in which])
            return self.transform([ItemDoc(docs[i].title or "") for i in which], languages)
        at = np.full(len(docs), -1, dtype=np.int64)
        at[which] = np.arange(len(which))
        rows = at[titles[0]]
        kept = rows >= 0
        return self._tfidf(rows.compress(kept), titles[1].compress(kept), len(which))

    def _tfidf(self, rows: np.ndarray, cols: np.ndarray, n: int) -> sparse.csr_matrix:
        """The TF-IDF matrix of ``n`` rows whose feature occurrences are ``(rows, cols)``."""
        size = len(self.idf)
        # Count (row, column) pairs with one sort: a CSR matrix with summed duplicates. The keys
        # are sorted as 32-bit integers when they fit (a batch's do): 40 % less time to sort.
        if not len(cols):
            return sparse.csr_matrix((n, size), dtype=np.float64)
        if n * size < 2**31:  # (exact in 32 bits, whichever integers the pairs come as)
            keys = rows.astype(np.int32) * np.int32(size)
            keys += cols
        else:
            keys = rows.astype(np.int64, copy=False) * size + cols
        flat, counts = _unique_counts(keys)
        rows_u, cols_u = np.divmod(flat, size)
        data = (np.log(counts) + 1.0) * self.idf[cols_u]
        sums = np.bincount(rows_u, weights=data * data, minlength=n)
        norms = np.sqrt(sums)
        norms[norms == 0] = 1.0
        data /= norms[rows_u]
        indptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.bincount(rows_u, minlength=n), out=indptr[1:])
        return sparse.csr_matrix((data, cols_u, indptr), shape=(n, size))

    def _pairs(
        self,
        docs: Sequence[ItemDoc],
        titles: bool = False,
        languages: Sequence[str | None] | None = None,
    ) -> tuple[np.ndarray, np.ndarray, _TitlePairs | None]:
        """(row, column) of every known feature occurrence, for all docs at once, and with
        ``titles`` (on the bytes path) the pairs of each doc's title alone: what
        ``ItemDoc(doc.title)`` has, read in its item's language, its words, their bigrams and
        its story form (the title's words are the first words of the doc's text,
        :func:`doc_parts`).

        The words of all docs come from one pass over the joined batch (:func:`batch_words`),
        with a separator token after each doc; one C-level ``map`` looks them all up, and a
        bigram is a pair of adjacent known word ids (a separator is never known, so no pair
        straddles two docs). Character n-grams take the per-doc path (:func:`analyse`).
        Each doc's own language's function words are no features (:meth:`_own_words_out`);
        ``languages``: the docs' languages when not their words' (then no title pairs).
        """
        config, fc = self.config, self.config.features
        vget = self.vocabulary.get
        if config.char_ngrams or PER_DOC_FEATURES:
            analysed = (
                map(self._analyzer, docs)
                if languages is None
                else map(_model_config.analyse, docs, repeat(config), languages)
            )
            per_doc = [[j for j in map(vget, feats) if j is not None] for feats in analysed]
            return (
                _rows_for(per_doc),
                np.fromiter((j for found in per_doc for j in found), dtype=np.int64),
                None,
            )
        word_table, pair_table = self._word_table, self._bigrams
        if titles and languages is None and word_table is not None and pair_table is not None:
            # Title and description as two texts: the title's words are read once for both.
            texts, wide, cleaned = doc_texts(docs, fc.description_chars)
            places: list[int] = []
            split = _batch_bytes(texts, [i for row in wide for i in (2 * row, 2 * row + 1)], places)
            if split is not None:
                scripts = None
                if fc.description_chars >= SCRIPT_CHARS:  # the texts read hold what it reads
                    scripts = sorted({*(i >> 1 for i in places), *cleaned})
                # A description's cut, cleaned text is empty only when the description is.
                described = np.fromiter(map(bool, texts[1::2]), np.bool_, len(docs))
                # (a doc's title and description; the links' places from the batch's bytes)
                linked = split.linked() if isinstance(split, BatchBytes) else None
                less = link_votes(texts, 2, linked)
                return self._split_pairs(docs, split, wide, scripts, described, less)
        meta = self._meta_columns(docs) if fc.use_metadata else []
        texts = [doc_text(doc, fc) for doc in docs]
        raw = _batch_bytes(texts) if word_table is not None else None
        tokens: list[str] = []
        if raw is not None and pair_table is not None:
            # Words are never made into strings: looked up in the bytes (WordTable).
            ids = word_table.ids(raw)  # type: ignore[union-attr]
        else:
            tokens = batch_words(texts)
            token_ids = self._token_ids
            if len(token_ids) > self._token_ids_limit:
                token_ids = self._token_ids = self._new_token_ids()
            ids = np.fromiter(map(token_ids.__getitem__, tokens), dtype=np.int64, count=len(tokens))
            ids -= 1  # column, -1 unknown, -2 separator
        separator = ids == -2
        token_rows = np.cumsum(separator) - separator
        less = link_votes(texts) if languages is None else None
        out = self._own_words_out(ids, token_rows, len(docs), languages, less=less)
        if len(out) and tokens and pair_table is None:
            for at in out.tolist():  # no bigram holds them either
                tokens[at] = _SEP
        parts_rows: list[np.ndarray] = []
        parts_cols: list[np.ndarray] = []

        def add(features: Sequence[str], rows: np.ndarray) -> None:
            cols = np.fromiter(map(vget, features, repeat(-1)), dtype=np.int64, count=len(features))
            keep = cols >= 0
            parts_rows.append(rows[keep])
            parts_cols.append(cols[keep])

        if config.words:
            known = ids >= 0
            parts_rows.append(token_rows[known])
            parts_cols.append(ids[known])
            if fc.ngram_max >= 2 and len(ids) > 1:
                table = self._bigrams
                if table is None:
                    bigrams = list(map(add_str, tokens, map(" ".__add__, tokens[1:])))
                    add(bigrams, token_rows[:-1])
                else:
                    # A bigram is a pair of known words: look it up by their two ids.
                    first, second, pairs = table
                    found = pairs[first[ids[:-1]], second[ids[1:]]]
                    hit = found >= 0
                    parts_rows.append(token_rows[:-1][hit])
                    parts_cols.append(found[hit].astype(np.int64))
        if meta:
            parts_rows.append(_rows_for(meta))
            parts_cols.append(np.fromiter(chain.from_iterable(meta), dtype=np.int64))
        if not parts_cols:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), None
        return np.concatenate(parts_rows), np.concatenate(parts_cols), None

    def _own_words_out(
        self,
        ids: np.ndarray,
        rows: np.ndarray,
        n: int,
        languages: Sequence[str | None] | None = None,
        flags: np.ndarray | None = None,
        less: tuple[np.ndarray, np.ndarray] | None = None,
    ) -> np.ndarray:
        """Sets to -1 (no feature) in ``ids`` (a batch's word ids, ``rows``: each one's doc row)
        the words that are not evidence in their doc's language, as :func:`analyse` leaves them
        out, and the ids of words that are no feature (``_extra_ids``); returns the places of
        the former. ``languages``: the docs' languages, else their words vote (``less``: the
        votes of their links' words, :func:`link_votes`, taken off)."""
        if flags is None:
            flags = self._flags.take(ids)  # (the ids -2 and -1 read the flags' last two: 0)
        at = function_places(flags)
        if languages is None:
            index = row_languages(flags, rows, n, at, less)
        else:
            codes = {code: k for k, code in enumerate(READ)}
            index = np.fromiter((codes.get(c, _UNKNOWN) for c in languages), np.int64, n)
        out = own_function_places(flags, rows, index, at)
        ids[out] = -1
        if self._extra_ids:
            ids[ids >= len(self.idf)] = -1
        return out

    def _item_languages(self, docs: Sequence[ItemDoc]) -> list[str | None]:
        """Each doc's language (:func:`models.language.item_language` of the words it is read
        by), its words looked up as the batch path looks them up."""
        texts = [doc_text(doc, self.config.features) for doc in docs]
        raw = _batch_bytes(texts) if self._word_table is not None else None
        if raw is not None:
            ids = self._word_table.ids(raw)  # type: ignore[union-attr]
        else:
            get, extra = self.vocabulary.get, self._extra_ids.get
            tokens = batch_words(texts)
            ids = np.fromiter(
                (-2 if t == _SEP else extra(t, get(t, -1)) for t in tokens), np.int64, len(tokens)
            )
        separator = ids == -2
        rows = np.cumsum(separator) - separator
        index = row_languages(self._flags.take(ids), rows, len(docs), less=link_votes(texts))
        return [READ[k] if k < _UNKNOWN else None for k in index.tolist()]

    def _story_rows(self, flags: np.ndarray, text: np.ndarray, title: np.ndarray) -> np.ndarray:
        """The doc rows whose title holds a word of ``STORY_OPENINGS``, ascending, from the
        word flags of a batch read as title, description, ... (``text``: each word's text,
        ``title``: whether that is a title)."""
        return np.unique(text.compress(((flags & _OPENER_FLAG) != 0) & title) >> 1)

    def _split_pairs(
        self,
        docs: Sequence[ItemDoc],
        split: bytes,
        wide: list[int],
        scripts: list[int] | None = None,
        described: np.ndarray | None = None,
        less: tuple[np.ndarray, np.ndarray] | None = None,
    ) -> tuple[np.ndarray, np.ndarray, _TitlePairs]:
        """:meth:`_pairs` on the bytes path, each doc's title and description read as two texts
        (``split``: title, description, title, ..., a separator after each); with the pairs of
        each doc's title alone (:class:`_TitlePairs`): its known words, the bigrams inside it
        and its story form, and the rows whose title has a word of ``OTHER_LATIN_HINTS``
        (marked, or a feature).

        The docs' words are the titles' and descriptions' words with each title's separator
        dropped; one bigram look-up over them gives the docs' bigrams, and those whose second
        word is a title's are that title's (the word before a title's first word is the
        previous doc's separator, never a bigram). ``less``: the votes of the docs' links'
        words (:func:`link_votes`), which do not count toward their languages."""
        config, fc = self.config, self.config.features
        ids = self._word_table.ids(split)  # type: ignore[union-attr]
        separator = ids == -2
        # title, description, title, ...: 32-bit (half the bytes of every pass over the words
        # that reads them; _tfidf makes its keys 32- or 64-bit as the batch needs)
        text = np.cumsum(separator, dtype=np.int32) - separator
        title = (text & 1) == 0
        flags = self._flags.take(ids)
        hint = (flags & _HINT_FLAG) != 0
        hinted = np.unique(text.compress(hint & title) >> 1)
        stories: list[int] = []
        if fc.use_metadata:
            # Only a title holding a word a story opens with can be one (see STORY_OPENINGS).
            meta = self._meta_columns(docs, stories, self._story_rows(flags, text, title))
        else:
            meta = []
        # A title is read in its item's language (the words of both vote).
        self._own_words_out(ids, text >> 1, len(docs), flags=flags, less=less)
        # Rows picked by index arrays (flatnonzero + take, or compress): numpy's boolean
        # subscript costs several times as much on masks as mixed as these.
        keep = np.flatnonzero(~(separator & title))
        ids = ids.take(keep)
        in_title = title.take(keep)
        token_rows = text.take(keep) >> 1
        known = ids >= 0
        at_known = np.flatnonzero(known)
        rows: list[np.ndarray] = []
        cols: list[np.ndarray] = []
        at_title = at_known.compress(in_title.take(at_known))
        title_rows, title_cols = [token_rows.take(at_title)], [ids.take(at_title)]
        if config.words:
            rows.append(token_rows.take(at_known))
            cols.append(ids.take(at_known))
        if fc.ngram_max >= 2 and len(ids) > 1:
            first, second, pairs = self._bigrams  # type: ignore[misc]
            # A bigram is two known words (its words are features, see _bigram_table): only
            # the places where both are known are looked up.
            both = np.flatnonzero(known[:-1] & known[1:])
            found = pairs[first.take(ids.take(both)), second.take(ids.take(both + 1))]
            hit = found >= 0
            at = both.compress(hit)
            bigram_rows, bigram_cols = token_rows.take(at), found.compress(hit).astype(np.int64)
            if config.words:
                rows.append(bigram_rows)
                cols.append(bigram_cols)
            of_title = in_title.take(at + 1)
            title_rows.append(bigram_rows.compress(of_title))
            title_cols.append(bigram_cols.compress(of_title))
        story = self.vocabulary.get(STORY_FORM)
        if story is not None and stories:
            title_rows.append(np.asarray(stories, dtype=np.int64))
            title_cols.append(np.full(len(stories), story, dtype=np.int64))
        if meta:
            rows.append(_rows_for(meta))
            cols.append(np.fromiter(chain.from_iterable(meta), dtype=np.int64))
        titles = _TitlePairs(
            np.concatenate(title_rows),
            np.concatenate(title_cols),
            hinted,
            wide,
            scripts,
            described,
        )
        if not cols:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), titles
        return np.concatenate(rows), np.concatenate(cols), titles

    def _new_token_ids(self) -> defaultdict[str, int]:
        """Word -> column + 1 (0: not a feature, and remembered as such; -1: the separator).

        One C-level ``__getitem__`` per token, no default argument to pass: the words seen
        that are not features are added with 0, up to ``_UNKNOWN_WORDS``, then it starts over.
        """
        table: defaultdict[str, int] = defaultdict(int)
        table.update((feature, index + 1) for feature, index in self.vocabulary.items())
        table.update((word, index + 1) for word, index in self._extra_ids.items())
        table[_SEP] = -1
        self._token_ids_limit = len(table) + _UNKNOWN_WORDS
        return table

    def _meta_columns(
        self,
        docs: Sequence[ItemDoc],
        stories: list[int] | None = None,
        openers: np.ndarray | None = None,
    ) -> list[tuple[int, ...]]:
        """Per doc, the columns of its known metadata tokens (:func:`meta_features`), looked up
        once per distinct (type, level, column, labels): a board has few of those. The rows of
        the docs whose title is a user story are added to ``stories`` (when a list).
        ``openers``: the only rows whose title can be a story (:meth:`_story_rows`), or None
        (every title is checked)."""
        cache, vget = self._meta_cache, self.vocabulary.get
        story = vget(STORY_FORM)  # the title's form is per doc, not cached
        if len(cache) > _META_CACHE_LIMIT:
            cache.clear()
        out: list[tuple[int, ...]] = []
        checked = story is not None and openers is None
        if not checked and _one_metadata(docs):  # (a streamed classify's batch) one look-up
            doc = docs[0]
            key = (doc.type, None, type(None), doc.column, tuple(doc.labels or ()))
            found = cache.get(key)
            if found is None:
                columns = map(vget, structure_features(doc, self.config.features.list_singular))
                found = cache[key] = tuple(j for j in columns if j is not None)
            out = [found] * len(docs)
        else:
            for doc in docs:
                labels, level = doc.labels, doc.hierarchy_level
                # The level's type is part of the key: True == 1, yet "level:True" != "level:1".
                key = (doc.type, level, type(level), doc.column, tuple(labels) if labels else ())
                found = cache.get(key)
                if found is None:
                    columns = map(vget, structure_features(doc, self.config.features.list_singular))
                    found = cache[key] = tuple(j for j in columns if j is not None)
                if checked and story_form(doc.title):
                    found = (*found, story)
                    if stories is not None:
                        stories.append(len(out))
                out.append(found)
        if story is not None and openers is not None:
            for row in openers.tolist():
                if story_form(docs[row].title):
                    out[row] = (*out[row], story)
                    if stories is not None:
                        stories.append(row)
        return out

    def decision(self, matrix: sparse.csr_matrix) -> np.ndarray:
        """Raw linear scores: (n,) for two labels, (n, k) for more."""
        scores = np.asarray(matrix @ self.coef.T) + self.intercept
        return scores[:, 0] if len(self.labels) == 2 else scores

    def probabilities(
        self,
        matrix: sparse.csr_matrix,
        prior: dict[str, float] | None = None,
        docs: Sequence[ItemDoc] | None = None,
    ) -> np.ndarray:
        """Calibrated probabilities; ``prior``: the board's label shares (two labels; the
        calibration is Bayes-shifted from the model's own prior to it). The strategic/tactical
        model then applies its evidence rules (:func:`evidence_capped`; with a board's prior
        and its ``docs``, :func:`direction_capped` too)."""
        return self._ruled(matrix, prior, docs)[0]

    def _ruled(
        self,
        matrix: sparse.csr_matrix,
        prior: dict[str, float] | None = None,
        docs: Sequence[ItemDoc] | None = None,
        words: list[np.ndarray] | None = None,
        thin: list[np.ndarray] | None = None,
    ) -> tuple[np.ndarray, np.ndarray | None, np.ndarray | None]:
        """:meth:`probabilities`, with (in a board scan) each row's push toward strategic
        through its words' direction features (the title rules read it; the title holds taken
        out of the rows strategic above ``NO_DIRECTION_STRATEGIC_CAP`` or
        ``DESCRIPTION_ONLY_CAP``, the only ones any rule reads it of) and the rows the direction
        rule held (their reasons say so); else None for both. ``words``: the rows' words' push
        toward strategic (:meth:`_word_evidence`) is appended to it; ``thin``:
        the rows the evidence rules held back from strategic (:func:`evidence_capped`,
        :func:`list_only_capped`: read strategic above ``NO_EVIDENCE_STRATEGIC_CAP``, held at
        it), for their reasons."""
        proba = calibrated(self.decision(matrix), self._calibration_for(prior))
        if self._evidence is None:
            return proba, None, None
        k, push = self._evidence[:2]
        evidence, known, rows, total = self._word_evidence(matrix)
        if words is not None:
            words.append(evidence)
        cols, data = matrix.indices, matrix.data
        read = proba[:, k]
        proba = evidence_capped(proba, k, evidence, known)
        if docs is None or self._direction is None:
            if thin is not None:
                thin.append(_held_back(read, proba[:, k]))
            return proba, None, None
        pushes = data * push[cols]
        weights = pushes * self._direction[cols]
        # the weights' sums over all columns and over the list and label columns (row_sums:
        # each weight times 1.0 or 0.0, added in turn: the bincounts' sums bit for bit)
        by_weight = sparse.csr_matrix((weights, cols, matrix.indptr), shape=matrix.shape)
        direction = row_sums(by_weight, self._ones())
        listed = row_sums(by_weight, self._structure_weights())
        # The title holds take a push out of the direction of the rows that read it (session
        # 24): without a board only the rows surer than NO_DIRECTION_CLASSIFY_CAP are judged
        # (no_direction_capped); in a scan a row strategic at NO_DIRECTION_STRATEGIC_CAP or less
        # is never held (direction_held), and one at DESCRIPTION_ONLY_CAP or less is no
        # candidate of the title rules, which read the direction returned (a row held only goes
        # down). The other rows' titles are not asked.
        if prior is None:  # no board: such an item stays strategic, never surer than one word
            if thin is not None:
                thin.append(_held_back(read, proba[:, k]))
            read_by = proba[:, k] > _rules.NO_DIRECTION_CLASSIFY_CAP
            read_by = self._holds_may_move(read_by, weights, matrix, direction, listed, total)
            direction = self._title_holds_taken(by_weight, direction, docs, read_by)
            return no_direction_capped(proba, k, direction, docs, listed, total), None, None
        proba = self._list_only(matrix, proba, known, docs, rows)
        if thin is not None:
            thin.append(_held_back(read, proba[:, k]))
        # (the lower of the two caps: sweeps set them)
        read_by = proba[:, k] > min(_rules.NO_DIRECTION_STRATEGIC_CAP, _rules.DESCRIPTION_ONLY_CAP)
        read_by = self._holds_may_move(read_by, weights, matrix, direction, listed, total, True)
        direction = self._title_holds_taken(by_weight, direction, docs, read_by)
        held = direction_held(proba, k, direction, docs, listed, total)
        return held_at_cap(proba, held, k), direction - listed, held

    def _list_only(
        self,
        matrix: sparse.csr_matrix,
        proba: np.ndarray,
        known: np.ndarray,
        docs: Sequence[ItemDoc],
        rows: np.ndarray,
    ) -> np.ndarray:
        """:func:`list_only_capped` on ``proba`` (``rows``: each stored entry's row), with the
        words' own evidence (list and label features aside) for ``LIST_ONLY_RULE`` 3."""
        own = None
        if LIST_ONLY_RULE >= 3:
            push = self._evidence[1]
            n, cols, data = matrix.shape[0], matrix.indices, matrix.data
            norms = np.sqrt(
                np.bincount(rows, weights=data * data * self._evidence[3][cols], minlength=n)
            )
            pushes = data * push[cols] * ~self._structure_columns()[cols]
            mine = np.bincount(rows, weights=pushes, minlength=n)
            own = np.divide(mine, norms, out=np.zeros(n), where=norms > 0)
        return list_only_capped(proba, self._evidence[0], known, docs, own)

    def _word_evidence(self, matrix: sparse.csr_matrix) -> tuple[np.ndarray, ...]:
        """Per row: the words' push toward strategic, as if the words were alone in the row (the
        metadata tokens share its L2 norm: an issue type must not dilute the words; a user story
        has none), the number of known words (unigram flags of the row's stored columns), each
        stored entry's row, and the row's whole push toward strategic (list and label features
        too: :func:`direction_held`'s ``total``)."""
        _, push, unigram, word = self._evidence
        n, cols, data, indptr = matrix.shape[0], matrix.indices, matrix.data, matrix.indptr
        rows = np.repeat(np.arange(n), np.diff(indptr))
        pushes = row_sums(matrix, push)
        norms = np.sqrt(
            row_sums(sparse.csr_matrix((data * data, cols, indptr), shape=matrix.shape), word)
        )
        evidence = np.divide(pushes, norms, out=np.zeros(n), where=norms > 0)
        ones = sparse.csr_matrix((np.ones(len(data)), cols, indptr), shape=matrix.shape)
        known = row_sums(ones, unigram)
        story = self.vocabulary.get(STORY_FORM)
        if story is not None:  # a user story is delivery work whatever its words
            evidence[rows[cols == story]] = 0.0
        return evidence, known, rows, pushes

    def _calibration_for(self, prior: dict[str, float] | None) -> Calibration:
        if prior is None:
            return self.calibration
        own = self.model_prior
        if own is None or self.calibration.kind != "platt":
            raise ModelError("a board prior needs a two-label model trained with a prior")
        pos = self.labels[1]
        if not 0.0 < prior[pos] < 1.0:
            raise ValueError(f"prior share of {pos} must be between 0 and 1")
        shift = _logit(prior[pos]) - _logit(own[pos])
        return dataclasses.replace(self.calibration, b=self.calibration.b + shift)

    @property
    def model_prior(self) -> dict[str, float] | None:
        """The label shares the calibration assumes (``info["prior"]``), if trained with one."""
        prior = self.info.get("prior")
        if len(self.labels) != 2 or not isinstance(prior, dict) or set(prior) != set(self.labels):
            return None
        return {label: float(prior[label]) for label in self.labels}

    def estimate_prior(self, docs: Sequence[ItemDoc]) -> BoardPrior | None:
        """The board's own strategic share, re-estimated by EM on the model's probabilities
        (Saerens, Latinne & Decaestecker 2002), as a MAP estimate with
        ``BOARD_PRIOR_STRENGTH`` pseudo-items at ``BOARD_PRIOR_CENTER`` so a small board stays
        near a realistic share; with it, the board's own common words
        (:func:`board_word_weights`), which weigh less in every item of the board, the EM
        included. At most ``BOARD_PRIOR_SAMPLE`` evenly spaced items are read. None for models
        without a strategic/tactical prior."""
        own = self.model_prior
        if own is None or self._evidence is None or not docs:
            return None
        sample = prior_sample(docs)
        chunks = [
            (sample[i : i + 2048], *self._transform_with_titles(sample[i : i + 2048]))
            for i in range(0, len(sample), 2048)
        ]
        counts = sum(np.bincount(m.indices, minlength=m.shape[1]) for _, m, _ in chunks)
        board = BoardPrior(
            {},
            board_word_weights(
                counts, len(sample), self._structure_columns(), self._spared_columns()
            ),
        )
        k = self._evidence[0]
        raw, caps = [], []
        for part, matrix, titles in chunks:  # the model's own prior, the board's words weighed
            weighted = _board_weighted(matrix, board)
            raw.append(calibrated(self.decision(weighted), self.calibration)[:, k])
            # The most each item may be strategic by the evidence and title rules, applied in
            # the EM after each step's shift as the scan applies them after the board's.
            evidence, known, at, _ = self._word_evidence(weighted)
            free = np.zeros((len(part), 2))
            free[:, k] = 1.0
            top = evidence_capped(free, k, evidence, known)
            if LIST_ONLY_IN_PRIOR:  # a card strategic by its list's name alone (session 15)
                top = self._list_only(weighted, top, known, part, at)
            caps.append(self._title_checked(part, top, board, titles)[:, k])
        share = board_prior(np.concatenate(raw), own[STRATEGIC], caps=np.concatenate(caps))
        board.direction = direction_share(sample)  # read once, the report's lists read it too
        share = max(share, direction_prior_floor(sample, len(docs), board.direction))  # session 18
        board.update({STRATEGIC: share, TACTICAL: 1.0 - share})
        return board

    def _structure_columns(self) -> np.ndarray:
        """Which feature columns are list/label/type/level/form tokens (never damped)."""
        cached = getattr(self, "_structure_mask", None)
        if cached is None:
            names = self._feature_names()
            cached = np.fromiter((n.startswith(META_PREFIXES) for n in names), bool, len(names))
            self._structure_mask = cached
        return cached

    def _holds_may_move(
        self,
        read_by: np.ndarray,
        weights: np.ndarray,
        matrix: sparse.csr_matrix,
        direction: np.ndarray,
        listed: np.ndarray,
        total: np.ndarray,
        returned: bool = False,
    ) -> np.ndarray:
        """``read_by`` less the rows whose direction push the title holds cannot move across a
        rule's threshold (session 25): together the holds take off, or put back, at most the
        row's hold words' pushes (``weights``: each stored entry's direction push, in
        ``matrix``'s places), and with every push in that reach the rules that read the row's
        direction judge it alike (:func:`models.rules.direction_read_alike`; ``returned``: a
        board scan, whose title rules read it too). Those rows' titles are not asked: on 100k
        distinct titles the holds' asks go from 66 864 to 14 068."""
        if not read_by.any():
            return read_by
        counts = self._hold_counts()
        if not counts.any():
            return read_by
        moved = sparse.csr_matrix(
            (np.abs(weights), matrix.indices, matrix.indptr), shape=matrix.shape
        )
        reach = row_sums(moved, counts)
        alike = _rules.direction_read_alike(
            direction - reach, direction + reach, listed, total, returned
        )
        return read_by & ~alike

    def _hold_counts(self) -> np.ndarray:
        """Per feature column, how many of :data:`models.rules.TITLE_HOLDS` clear its push
        (:meth:`models.rules.TitleHold.columns`), for the holds as the table stands."""
        holds = _rules.TITLE_HOLDS
        cached = self.__dict__.setdefault("_hold_count_vectors", {})
        counts = cached.get(holds)
        if counts is None:
            counts = np.zeros(len(self.idf))
            for hold in holds:
                counts += self._hold_columns(hold)
            cached[holds] = counts
        return counts

    def _hold_columns(self, hold: _rules.TitleHold) -> np.ndarray:
        """:meth:`models.rules.TitleHold.columns` of this model's features (cached per hold)."""
        vectors = self.__dict__.setdefault("_hold_vectors", {})
        marked = vectors.get(hold)
        if marked is None:
            marked = vectors[hold] = hold.columns(self._feature_names())
        return marked

    def _title_holds_taken(
        self,
        by_weight: sparse.csr_matrix,
        direction: np.ndarray,
        docs: Sequence[ItemDoc],
        read_by: np.ndarray,
    ) -> np.ndarray:
        """``direction`` after each of :data:`models.rules.TITLE_HOLDS` in turn
        (:meth:`_title_hold_taken`), in the rows ``read_by`` (a bool per row): the others'
        direction push is left as their words give it (their callers never read it)."""
        if not read_by.any():
            return direction
        for hold in _rules.TITLE_HOLDS:
            direction = self._title_hold_taken(by_weight, direction, docs, hold, read_by)
        return direction

    def _title_hold_taken(
        self,
        by_weight: sparse.csr_matrix,
        direction: np.ndarray,
        docs: Sequence[ItemDoc],
        hold: _rules.TitleHold,
        read_by: np.ndarray | None = None,
    ) -> np.ndarray:
        """``direction`` less the push of the words ``hold`` clears in the rows whose title it
        holds (session 16: an engineering strategy's 'strategy', a screen's view; see
        :data:`models.rules.TITLE_HOLDS`). Only rows with such a word's push are read (and
        ``read_by``, a bool per row: only those rows)."""
        pushed = row_sums(by_weight, self._hold_columns(hold))
        at = np.flatnonzero(pushed)
        if read_by is not None:
            at = at.compress(read_by.take(at))
        if not len(at):
            return direction
        mine = np.fromiter(
            (hold.holds(getattr(docs[i], "title", None)) for i in at.tolist()),
            dtype=bool,
            count=len(at),
        )
        if not mine.any():
            return direction
        out = direction.copy()
        out[at[mine]] -= pushed[at[mine]]
        return out

    def _ones(self) -> np.ndarray:
        """1.0 per feature column (a row's sum by :func:`row_sums`)."""
        cached = getattr(self, "_ones_vector", None)
        if cached is None:
            cached = self._ones_vector = np.ones(len(self.idf))
        return cached

    def _structure_weights(self) -> np.ndarray:
        """:meth:`_structure_columns` as 1.0 and 0.0 (a sum over them by :func:`row_sums`)."""
        cached = getattr(self, "_structure_vector", None)
        if cached is None:
            cached = self._structure_vector = self._structure_columns().astype(np.float64)
        return cached

    def _spared_columns(self) -> np.ndarray:
        """Which feature columns the board's damping spares up to ``BOARD_WORDS_SPARED_UP_TO``
        (interviews, questionnaires, surveys: :func:`spared_columns`)."""
        cached = getattr(self, "_spared_mask", None)
        if cached is None:
            cached = spared_columns(self._feature_names())
            self._spared_mask = cached
        return cached

    def predict_proba(
        self, docs: Sequence[ItemDoc], prior: dict[str, float] | None = None
    ) -> np.ndarray:
        # (the titles' pairs read in the same pass: no second reading of the items' languages)
        matrix, titles = self._transform_with_titles(docs)
        matrix = _board_weighted(matrix, prior)
        proba, direction, _ = self._ruled(matrix, prior, docs)
        return self._title_checked(docs, proba, prior, titles, direction=direction)

    def _title_checked(
        self,
        docs: Sequence[ItemDoc],
        proba: np.ndarray,
        prior: object = None,
        titles: _TitlePairs | None = None,
        direction: np.ndarray | None = None,
        held: list[np.ndarray] | None = None,
    ) -> np.ndarray:
        """A strategic item with a description needs its title's own words to lean strategic
        too (``MIN_TITLE_EVIDENCE``): a delivery card's long description must not make it
        strategic. Only the strategic rows with a description are read again (titles alone;
        from ``titles``, :meth:`_transform_with_titles`'s pairs, when given). In a board scan
        (``direction``: :meth:`_ruled`'s words' direction push) the title must name direction
        work too (:meth:`_title_rules`); the rows held then are added to ``held``."""
        if self._evidence is None or not len(docs):
            return proba
        k = self._evidence[0]
        candidates = proba[:, k] > DESCRIPTION_ONLY_CAP
        if titles is not None and titles.described is not None:
            rows = np.flatnonzero(candidates & titles.described).tolist()
        else:
            rows = [i for i in np.flatnonzero(candidates).tolist() if docs[i].description]
        if not rows:
            return proba
        matrix = _board_weighted(self._title_matrix(docs, rows, titles), prior)
        n, cols, indptr = matrix.shape[0], matrix.indices, matrix.indptr
        at = np.repeat(np.arange(n), np.diff(indptr))
        _, push, _, word = self._evidence
        pushes = row_sums(matrix, push)
        squares = sparse.csr_matrix((matrix.data**2, cols, indptr), shape=matrix.shape)
        norms = np.sqrt(row_sums(squares, word))
        evidence = np.divide(pushes, norms, out=np.zeros(n), where=norms > 0)
        named = None
        if prior and self._direction is not None:  # a board scan (not its prior estimate)
            named = np.bincount(
                at, weights=matrix.data * push[cols] * self._direction[cols], minlength=n
            )
        return self._title_rules(docs, proba, rows, evidence, named, direction, held)

    def _title_rules(
        self,
        docs: Sequence[ItemDoc],
        proba: np.ndarray,
        rows: Sequence[int],
        evidence: np.ndarray,
        named: np.ndarray | None,
        direction: np.ndarray | None,
        held: list[np.ndarray] | None,
    ) -> np.ndarray:
        """The title rules on the strategic ``rows`` with a description, whose titles push
        ``evidence`` toward strategic (``named``: through direction words, in a board scan; else
        None): :func:`title_direction_rows` holds the rows whose title names no direction
        work (adding them to ``held``) and :func:`description_capped` keeps the others strategic
        by their description alone below the surest."""
        k, rows = self._evidence[0], np.asarray(rows, dtype=np.int64)
        described: np.ndarray | tuple[()] = ()
        if named is not None:
            hold, described = title_direction_rows(rows, evidence, named, docs, direction)
            if held is not None:
                held.append(hold)
            proba = held_at_cap(proba, hold, k)
        return description_capped(proba, k, rows, evidence, described)

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

    def _research_pieces(
        self, matrix: sparse.csr_matrix, titles: _TitlePairs | None = None
    ) -> np.ndarray:
        """Per row of ``matrix``, whether its title (from ``titles``, the batch's title pairs;
        else its whole text) holds a feature with a research word piece
        (:func:`models.rules.research_piece_columns`, computed once per model)."""
        mask = getattr(self, "_research_mask", None)
        if mask is None:
            mask = _rules.research_piece_columns(self._feature_names())
            self._research_mask = mask
        if titles is None:
            return np.asarray(matrix @ mask).reshape(-1) > 0.0
        hits = np.bincount(titles.rows, weights=mask[titles.cols], minlength=matrix.shape[0])
        return hits > 0.0

    def _research_read_again(
        self,
        docs: Sequence[ItemDoc],
        prior: object,
        evidence: np.ndarray,
        matrix: sparse.csr_matrix,
        titles: _TitlePairs | None,
        proba: np.ndarray,
        held: np.ndarray,
        pairs: tuple[np.ndarray, np.ndarray, int] | None,
    ) -> sparse.csr_matrix:
        """In a board scan, the rows whose title names research work and that are not read
        strategic at ``RESEARCH_TITLE_KEEP_ABOVE`` (:func:`models.rules.research_rows`) are read
        again without their issue type, level and status list (:func:`models.rules.set_aside`);
        a new reading replaces the row's only when it is strategic at
        ``RESEARCH_TITLE_KEEP_ABOVE`` or surer (session 14: the type and list say how the work
        was tracked and when it ended, not what it is): its probabilities in ``proba`` and
        ``held`` (``_READ_AGAIN``: the reason says so) in place, its words in the matrix
        returned (``matrix`` itself when none is kept). ``pairs``: the batch's (row, column)
        feature occurrences (:meth:`_pairs`) and its size, or None. The second reading is
        probabilities only (:meth:`_second_reading`): the reasons' work is
        done once, by the batch, for the rows kept (session 15)."""
        k = self._evidence[0] if self._evidence else 0
        pieces = (
            self._research_pieces(matrix, titles) if _rules.RESEARCH_TITLE_KNOWN_PIECE else None
        )
        reachable = self._rereads_may_keep(matrix, prior, k) if pairs is not None else None
        rows = _rules.research_rows(proba, k, evidence, docs, pieces, reachable)
        if not len(rows):
            return matrix
        aside = [_rules.set_aside(docs[i]) for i in rows.tolist()]
        again, read = self._second_reading(aside, prior, rows, pairs, titles)
        keep = np.flatnonzero(again[:, k] >= _rules.RESEARCH_TITLE_KEEP_ABOVE)
        if not len(keep):
            return matrix
        at = rows[keep]
        proba[at] = again[keep]
        # the reason says so (kept rows are strategic and surer than the caps: none held)
        # which reading: a title naming research work, else direction work (session 18)
        names = _rules.research_names()
        held[at] = [
            _READ_AGAIN if names(docs[i].title) else _READ_AGAIN_DIRECTION for i in at.tolist()
        ]
        return rows_replaced(matrix, at, read, keep)

    def _rereads_may_keep(
        self, matrix: sparse.csr_matrix, prior: object, k: int
    ) -> np.ndarray | None:
        """Per row of the batch's (board-weighted) ``matrix``, whether its second reading
        (:meth:`_second_reading`: its row without the set-aside columns, normalised again) can
        be strategic at ``RESEARCH_TITLE_KEEP_ABOVE``: its calibrated probability before the
        rules, worked out from the row as it is (the kept columns' push over the square root
        of their share of the row's squared norm), within 1e-6 of it or over, since no rule
        raises a row above :func:`models.rules.most_raised_to` (session 25). Only those rows'
        titles are asked (:func:`models.rules.research_rows`): on 100k distinct titles 31 760
        of the 60 394 rows that may be read again. None (every row may) for a batch of fewer
        than ``REREAD_BOUND_ROWS`` rows (its few titles cost less to ask than the bound), when a
        set-aside column has a board weight other than 1, the model is not a two-label Platt
        one, or a subclass reads or rules its rows its own way (its own ``decision``,
        ``_ruled`` or ``_second_reading``)."""
        keep = _rules.RESEARCH_TITLE_KEEP_ABOVE
        if matrix.shape[0] < REREAD_BOUND_ROWS:
            return None
        if len(self.labels) != 2 or self.calibration.kind != "platt":
            return None
        own = type(self)
        if any(getattr(own, name) is not getattr(LinearRoleModel, name) for name in _READINGS):
            return None
        if _rules.most_raised_to() >= keep:
            return None
        aside = self._aside_columns()
        weights = getattr(prior, "weights", None)
        if weights is not None and not (weights[aside] == 1.0).all():
            return None
        kept_push = row_sums(matrix, np.where(aside, 0.0, self.coef[0]))
        squares = sparse.csr_matrix(
            (matrix.data * matrix.data, matrix.indices, matrix.indptr), shape=matrix.shape
        )
        left = 1.0 - row_sums(squares, aside.astype(np.float64))
        with np.errstate(divide="ignore", invalid="ignore"):
            scores = kept_push / np.sqrt(left) + self.intercept[0]
        read = calibrated(scores, self._calibration_for(prior))[:, k]
        # (a row left with almost nothing, or not finite: may)
        return ~(read < keep - 1e-6) | ~(left > 1e-9)

    def _second_reading(
        self,
        docs: Sequence[ItemDoc],
        prior: object,
        rows: np.ndarray,
        pairs: tuple[np.ndarray, np.ndarray, int] | None,
        titles: _TitlePairs | None,
    ) -> tuple[np.ndarray, sparse.csr_matrix]:
        """The probabilities of ``docs`` (the batch's ``rows``, ascending, with their type,
        level and list set aside: :func:`models.rules.set_aside`) in a board scan, by the same
        rules as the batch's first reading, and their (board-weighted) TF-IDF rows; no top
        terms, nearest phrase nor reason (a reading not kept needs none).

        Their words are not read again: a doc set aside has its row's feature occurrences
        (``pairs``: the batch's rows and columns, and its size) less the type, level and (with
        ``RESEARCH_TITLE_LIST_ASIDE``) list tokens, and its title's (``titles``, the batch's)
        as they were: the same TF-IDF rows, bit for bit, as :meth:`transform` of ``docs``.
        Without ``pairs`` (a subclass's :meth:`_transform_with_titles` gave none) the docs are
        read anew."""
        if pairs is None:
            matrix, titles = self._transform_with_titles(docs)
        else:
            batch_rows, batch_cols, n = pairs
            place = np.full(n, -1, dtype=np.int64)
            place[rows] = np.arange(len(rows))
            at = place.take(batch_rows)
            mine = np.flatnonzero(at >= 0)
            cols = batch_cols.take(mine)
            kept = np.flatnonzero(~self._aside_columns().take(cols))
            matrix = self._tfidf(at.take(mine.take(kept)), cols.take(kept), len(rows))
        matrix = _board_weighted(matrix, prior)
        if pairs is not None and titles is not None:
            at = place.take(titles.rows)
            kept = np.flatnonzero(at >= 0)
            described = None if titles.described is None else titles.described[rows]
            titles = _TitlePairs(
                at.take(kept), titles.cols.take(kept), titles.hinted, [], None, described
            )
        proba, direction, _ = self._ruled(matrix, prior, docs)  # type: ignore[arg-type]
        proba = self._title_checked(docs, proba, prior, titles, direction)
        return proba, matrix

    def _aside_columns(self) -> np.ndarray:
        """Per column, whether :func:`models.rules.set_aside` takes it from a doc: an issue
        type or level token and, with ``RESEARCH_TITLE_LIST_ASIDE``, a list's."""
        cached = getattr(self, "_aside_masks", None)
        if cached is None:
            names = self._feature_names()
            cached = self._aside_masks = (
                np.fromiter((n.startswith(("type:", "level:")) for n in names), bool, len(names)),
                np.fromiter((n.startswith("column:") for n in names), bool, len(names)),
            )
        typed, listed = cached
        return typed | listed if _rules.RESEARCH_TITLE_LIST_ASIDE else typed

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


def _held_back(read: np.ndarray, capped: np.ndarray) -> np.ndarray:
    """The rows read strategic above ``NO_EVIDENCE_STRATEGIC_CAP`` (``read``: the model's
    strategic probabilities) that the evidence rules held at it (``capped``), ascending."""
    cap = NO_EVIDENCE_STRATEGIC_CAP
    return np.flatnonzero((capped == cap) & (read > cap))


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
