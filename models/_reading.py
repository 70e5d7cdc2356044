"""How :class:`models.classifier.LinearRoleModel` reads a batch of items: their TF-IDF rows
(:meth:`BatchReading.transform`), equal to scikit-learn's, from one pass over the batch's words.

The words of all items are read at once (:mod:`models._fastpath`: the batch as bytes, looked up
in the model's word table), each item's own language's function words left out
(:mod:`models.languages_read`), then bigrams by a dense table and metadata tokens by a small
cache. On the bytes path each item's title and description are read as two texts, so the
title's own features come from the same words (:class:`_TitlePairs`: the title rules, the
second reading and the phrase test read them). A model with character n-grams, and research
(``PER_DOC_FEATURES``), read each item through :func:`models.model_config.analyse` instead.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from itertools import chain, repeat
from operator import add as add_str
from operator import attrgetter
from typing import Any, NamedTuple

import numpy as np
from scipy import sparse

import models.model_config as _model_config  # research puts its analyse there
from models._fastpath import _SEP, BatchBytes, _batch_bytes, _rows_for, batch_words, doc_texts
from models.features import STORY_FORM, doc_text, story_form, structure_features
from models.interface import ItemDoc
from models.language import READ, SCRIPT_CHARS
from models.languages_read import (
    _HINT_FLAG,
    _OPENER_FLAG,
    _UNKNOWN,
    function_places,
    link_votes,
    own_function_places,
    row_languages,
)
from models.model_config import CHAR_PREFIX

_PAIR_LIMIT = 2**23  # entries of the dense bigram table; larger vocabularies join strings
_UNKNOWN_WORDS = 200_000  # words that are not features remembered by the token look-up
_META_CACHE_LIMIT = 100_000  # distinct metadata combinations kept (the cache is then cleared)
#: Research (``research.skip_bigrams``): True sends every doc's features through
#: :func:`models.model_config.analyse`, one doc at a time, as a model with character n-grams is
#: read, so a variant of ``analyse`` put in its place there is read exactly (slow; the batch
#: path reads words itself).
PER_DOC_FEATURES = False


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


class BatchReading:
    """The batch path's reading of items into TF-IDF rows: a part of
    :class:`models.classifier.LinearRoleModel`, which holds the vocabulary, idf, word table and
    word flags it reads them with."""

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

        The docs' words are the titles' and descriptions' words, each title's separator
        stepped over (a title's last word and its description's first are a bigram); one
        bigram look-up over them gives the docs' bigrams, and those whose second word is a
        title's are that title's (the word before a title's first word is the previous doc's
        separator, never a bigram). The pairs come in another order than the words' (the
        bigrams across a title's end last): every reader counts or sorts them. ``less``: the
        votes of the docs' links' words (:func:`link_votes`), which do not count toward their
        languages."""
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
        token_rows = text >> 1
        self._own_words_out(ids, token_rows, len(docs), flags=flags, less=less)
        # The words stay where they are, the titles' separators among them (never known: no
        # feature, no bigram); only the bigram look-up steps over a title's separator
        # (session 34: no copy of the batch's words without them). Rows picked by index arrays
        # (flatnonzero + take, or compress): numpy's boolean subscript costs several times as
        # much on masks as mixed as these.
        known = ids >= 0
        at_known = np.flatnonzero(known)
        rows: list[np.ndarray] = []
        cols: list[np.ndarray] = []
        at_title = at_known.compress(title.take(at_known))
        title_rows, title_cols = [token_rows.take(at_title)], [ids.take(at_title)]
        if config.words:
            rows.append(token_rows.take(at_known))
            cols.append(ids.take(at_known))
        if fc.ngram_max >= 2 and len(ids) - len(docs) > 1:  # (the words less the titles' ends)
            first, second, pairs = self._bigrams  # type: ignore[misc]
            # A bigram is two known words (its words are features, see _bigram_table): only
            # the places where both are known are looked up — next to each other, or a
            # title's last word and its description's first, its separator between them.
            both = np.flatnonzero(known[:-1] & known[1:])
            ends = np.flatnonzero(separator)[0::2]  # each title's separator
            ends = ends[(ends > 0) & (ends < len(ids) - 1)]
            across = ends.compress(known.take(ends - 1) & known.take(ends + 1))
            at = np.concatenate((both, across - 1))
            then = np.concatenate((both + 1, across + 1))  # the second word's place
            found = pairs[first.take(ids.take(at)), second.take(ids.take(then))]
            hit = found >= 0
            at = at.compress(hit)
            bigram_rows, bigram_cols = token_rows.take(at), found.compress(hit).astype(np.int64)
            if config.words:
                rows.append(bigram_rows)
                cols.append(bigram_cols)
            of_title = title.take(then.compress(hit))
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
