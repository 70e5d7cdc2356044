"""The shipped role classifier: a TF-IDF linear model stored as plain JSON, predicted with numpy.

Training (``models/train.py``) fits a scikit-learn pipeline and exports what prediction needs:
the vocabulary, the idf weights, the linear weights, the calibration and the training phrases.
Loading reads JSON only (never pickle) and validates every part, so a file that is not a model
raises :class:`ModelError` with one line. Prediction is batched: one sparse matrix per batch,
one matrix product for the scores, one for the nearest training phrase.

Since session 28 this module holds the model itself (its weights and vectors, ``predict`` and the
order a batch's work is done in) and :func:`load_model`; each other job has its module, and the
names other packages import from here still are (``__all__``):

* :mod:`models.model_config`: :class:`ModelConfig` and :func:`analyse` (one item's features);
* :mod:`models.languages_read`: the words an item never counts and the batch's language vote;
* :mod:`models.calibration`: :class:`Calibration`, :func:`calibrated` and :class:`BoardPrior`;
* :mod:`models.source_phrases`: :class:`SourcePhrase` and the seed articles a reason names;
* :mod:`models.reasons`: a reason's head codes and endings, and :func:`reason_text`;
* the private parts of :class:`LinearRoleModel`, each a mixin it derives from:
  :mod:`models._reading` (a batch read into TF-IDF rows), :mod:`models._rules_applied` (the
  rules on its probabilities, the board's prior), :mod:`models._second_reading` (research and
  direction titles read again), :mod:`models._terms_phrases` (top terms, the nearest phrase,
  the reasons' tables); and :mod:`models._batch`, a batch's lazy predictions.

The domain rules themselves (evidence before confidence, the board's prior) are in
:mod:`models.rules`; the batch tokeniser and term ranking in the private :mod:`models._fastpath`.
A research script or test that patches a name the model reads patches it in the module whose
code reads it (``models._reading.PER_DOC_FEATURES``, ``models._rules_applied.board_prior``, …).
"""

from __future__ import annotations

from collections.abc import Sequence
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
    _object_array,
    _row_prediction,
    _UnreadPrediction,
)
from models._batch_reasons import BatchColumns
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
from models._reading import BatchReading, _TitlePairs
from models._rules_applied import BatchRules, _board_weighted
from models._second_reading import REREAD_BOUND_ROWS, SecondReading
from models._terms_phrases import (
    NEAREST_MIN_SIMILARITY,
    PHRASE_MIN_SHARED,
    PHRASE_MIN_SIMILARITY,
    PHRASE_TITLE_MIN_SHARED,
    TOP_TERMS,
    TermsAndPhrases,
    _example_matrix,
)
from models.calibration import BoardPrior, Calibration, calibrated
from models.features import (
    META_PREFIXES,
    STORY_OPENINGS,
    FeatureConfig,
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
    _HELD_THIN,
    NO_PHRASE_ENDING,
    NO_WORDS_ENDING,
    _head_codes,
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
    NO_TEXT_REASON,
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


class LinearRoleModel(BatchReading, BatchRules, SecondReading, TermsAndPhrases, RoleModel):
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
        batch, unread = self.predict_batch(docs, prior, unsure_below=unsure_below)
        # Thousands of small containers and no cycles: the cyclic collector would only re-scan
        # them (about a tenth of predict's time), so it waits until the list is built.
        with collector_paused():
            out = self._predictions(batch)
        for row, prediction in unread.items():
            out[row] = prediction
        return out

    def predict_batch(
        self,
        docs: Sequence[ItemDoc],
        prior: dict[str, float] | None = None,
        *,
        unsure_below: float | None = None,
    ) -> tuple[_Batch, dict[int, Prediction]]:
        """What :meth:`predict` reads its predictions from: the batch's arrays, and the
        predictions of the rows in a language the model does not read, by row (a scan keeps
        these instead of one ``Prediction`` per item: :mod:`models._scan_predictions`)."""
        batch, titles = self._batch(docs, prior)
        if unsure_below is not None:
            batch.mark_below(unsure_below)
        unread = {
            row: self.unread_prediction(code, self.labels[batch.best.item(row)])
            for row, code in self._unread_rows(docs, titles)
        }
        if batch.blank is not None:
            for row in batch.blank.tolist():
                unread[row] = self._uncertain(self.labels[batch.best.item(row)], NO_TEXT_REASON)
        return batch, unread

    def predict_columns(
        self,
        docs: Sequence[ItemDoc],
        prior: dict[str, float] | None = None,
        *,
        unsure_below: float | None = None,
    ) -> BatchColumns:
        """What :meth:`predict` gives, as the batch's columns instead of one ``Prediction`` per
        item: a streamed ``classify`` writes its lines from them (:mod:`models._batch_reasons`)."""
        batch, unread = self.predict_batch(docs, prior, unsure_below=unsure_below)
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
        blank: list[np.ndarray] = []
        # The rules ask whether a title names research up to three times: answered once each.
        with _rules.research_remembered():
            proba, direction, by_words = self._ruled(matrix, prior, docs, words, thin, blank)
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
            self._reason_head_parts(),
            blank[0] if blank else None,
        )
        return batch, titles

    def unread_prediction(self, code: str, label: str) -> Prediction:
        """An item in a language the model does not read: no label it could trust (every label
        equally likely, so ``uncertain`` at any threshold above 1/k), and the reason says why."""
        reason = f"uncertain: written in {language_name(code)}, which the model does not read"
        return self._uncertain(label, reason, code)

    def _uncertain(self, label: str, reason: str, code: str | None = None) -> Prediction:
        """A prediction no label of which the model could trust (every label equally likely, so
        ``uncertain`` at any threshold above 1/k), saying why: an unread language's (``code``),
        an item with no text (``NO_TEXT_REASON``)."""
        even = 1.0 / len(self.labels)
        return _UnreadPrediction(
            label=label,
            confidence=even,
            reason=reason,
            scores=dict.fromkeys(self.labels, even),
            language=code,
        )

    @staticmethod
    def unread_languages(predictions: Sequence[Prediction]) -> list[str | None]:
        """Per prediction of :meth:`predict`, the language it found the item written in when
        the model does not read it (:func:`models.language.unread_language` of the title and
        description it read), else None: a scan counts them without reading the texts again."""
        by_column = getattr(predictions, "unread_languages", None)  # a scan's, by column
        if by_column is not None:
            return by_column()
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
                _rows(n),
            )
        )

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


#: The row numbers the batches' predictions hold, one int object each, shared by every batch: a
#: number past 256 is an object of its own (32 bytes), so a batch's own ``range`` made 0.9 M of
#: them at 1M items, held until the report's columns read them (``_rows``)
_ROWS: tuple[int, ...] = ()


def _rows(n: int) -> tuple[int, ...]:
    """``tuple(range(n))`` of the shared :data:`_ROWS` (grown as needed)."""
    global _ROWS
    if n > len(_ROWS):
        _ROWS = (*_ROWS, *range(len(_ROWS), n))
    return _ROWS[:n]


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
