"""A batch's predictions, kept as the batch's arrays until read (private: the fast path).

:meth:`models.classifier.LinearRoleModel.predict` works a batch out with numpy and keeps what its
reasons, scores and top terms are built from in one :class:`_Batch`; each item's
:class:`_BatchPrediction` builds them when read (a scan's report reads the reason and terms
once, when written, and the scores never). The batch also writes many rows' reasons at once
(:meth:`_Batch.reasons_and_term_lists` and its JSON and UTF-8 forms, which a report and a
streamed ``classify`` write). :class:`_UnreadPrediction` is an item in a language the model
does not read.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import repeat
from operator import attrgetter, is_
from typing import Any

import numpy as np

from _backlog_analyzer_runtime.memo import Codes
from models._reason_terms import (
    COLUMN,
    NO_TERMS,
    PLAIN,
    TYPE,
    UNSURE_LEAD,
    bare_head,
    confidence_text,
    held_without_terms,
    item_term,
    shown_below,
)
from models.features import name_words
from models.interface import DEFAULT_THRESHOLD, UNCERTAIN, Prediction
from models.reasons import _HELD_REASONS, _HELD_TIE, _UNSURE_TIE, Reason

# --- predictions of a batch ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Batch:
    """What the reasons, scores and top terms of a batch's predictions are built from, when
    read: a row's reason is ~220 bytes of text, written once (by a report) or never."""

    labels: tuple[str, ...]
    names: list[str]  # feature name per column
    proba: np.ndarray  # (n, labels)
    chosen: np.ndarray  # (n, TOP_TERMS) term columns, -1 pads
    best: np.ndarray  # (n,) the predicted label's index
    nearest: np.ndarray  # (n,) the nearest phrase's index in ``phrase_parts``, -1: none
    codes: np.ndarray  # (n,) the reason head's index in ``heads`` (< 0: format it; _head_codes)
    shown: list[str]  # per column, the feature as a reason shows it
    heads: list[str]  # ``strategic 0.87: `` per label and hundredth
    phrase_parts: list[tuple[str | None, str | None, str]]  # per phrase: text, source, ending
    #: The batch's items and, per column, whether a reason names it with the item's own type,
    #: list or label (``models._reason_terms``; None: the features' words only).
    docs: Sequence[Any] | None = None
    kinds: np.ndarray | None = None
    name_words: Callable[[str], list[str]] | None = None
    #: Per head code, the head's parts (label, number, why held: ``heads[code]`` is
    #: ``f"{label} {number}: {why}"``, :func:`models.reasons.head_parts`), so that a row's
    #: reason is a :class:`Reason` that knows them; None: a plain ``str``.
    head_parts: list[tuple[str, str, str]] | None = None
    #: The rows with no text to read (:func:`models.rules.no_text_rows`); None: not looked at.
    blank: np.ndarray | None = None

    def reason(self, row: int) -> str:
        """``strategic 0.87: 'roadmap', issue type Epic; nearest phrase: '…' (“…”, § …)``."""
        return self.reason_and_terms(row)[0]

    def terms(self, row: int) -> list[str]:
        """The row's top terms (feature names), strongest first."""
        names = self.names
        return [names[c] for c in self.chosen[row].tolist() if c >= 0]

    def reason_and_terms(self, row: int) -> tuple[str, list[str]]:
        """``(reason(row), terms(row))``, reading the row's term columns once. The reason is a
        :class:`Reason` (head, number, body) when the batch has its ``head_parts``."""
        cols = [c for c in self.chosen[row].tolist() if c >= 0]
        code, shown, names = self.codes.item(row), self.shown, self.names
        if code >= 0:
            if self.head_parts is None:
                label, number, why = "", "", self.heads[code]
            else:
                label, number, why = self.head_parts[code]
        else:
            unsure = code <= -_UNSURE_TIE
            code += _UNSURE_TIE if unsure else 0
            k = self.best.item(row)
            label = UNSURE_LEAD + self.labels[k] if unsure else self.labels[k]
            number = confidence_text(self.proba.item(row, k))
            why = _HELD_REASONS[_HELD_TIE + 1 - code] if code < -1 else ""
        ending = self.phrase_parts[self.nearest.item(row)][2]
        said = [shown[c] for c in cols]
        if self.kinds is not None and self.docs is not None:
            said = self._item_terms(row, cols, said)
        body = (why + ", ".join(said) if said else bare_head(why) + NO_TERMS) + ending
        reason = Reason(label, number, body) if number else body  # (no parts: the head is why)
        return reason, [names[c] for c in cols]

    def mark_below(self, threshold: float) -> None:
        """:meth:`mark_unsure` on every row less sure than ``threshold`` (what a report calls
        ``uncertain``), each read with its confidence never shown at the threshold."""
        sure = self.proba[np.arange(len(self.best)), self.best]
        self.mark_unsure(np.flatnonzero(sure < threshold), threshold)

    def mark_unsure(self, rows: Sequence[int], threshold: float | None = None) -> None:
        """Lead the reasons of ``rows`` with ``UNSURE_LEAD`` ("uncertain, leaning tactical 0.55:
        …"): the report calls them ``uncertain`` (below its threshold), and "tactical 0.55" alone
        beside that word read as a label. In place, in ``codes`` (every form of the reasons reads
        them); a row already marked stays as it is. ``threshold``: the report's — a row whose
        confidence would round up to it shows the hundredth below (:func:`shown_below`)."""
        index = np.asarray(rows, dtype=np.intp)
        if not len(index):
            return
        if threshold is not None:
            self._cut_below(index, threshold)
        codes, sure = self.codes, len(self.heads) // 2
        at = codes[index]
        at = np.where((at >= 0) & (at < sure), at + sure, at)
        at = np.where((at < 0) & (at > -_UNSURE_TIE), at - _UNSURE_TIE, at)
        codes[index] = at

    def _cut_below(self, index: np.ndarray, threshold: float) -> None:
        """The not yet marked ``index`` rows whose confidence :func:`shown_below` cuts (those
        rounding up to ``threshold``) get the head of the hundredth it shows, their label and
        held reason kept; a row near a rounding tie too (its code then says the hundredth)."""
        labels, half = len(self.labels), len(self.heads) // 2
        codes, best = self.codes[index], self.best[index]
        confidence = self.proba[index, best]
        fresh = ((codes >= 0) & (codes < half)) | ((codes < 0) & (codes > -_UNSURE_TIE))
        near = fresh & (confidence < threshold)
        near &= np.floor(confidence * 100.0 + 0.5 + 1e-6) / 100.0 >= threshold
        for at in np.flatnonzero(near).tolist():
            code, k = int(codes[at]), int(best[at])
            # why it was held: past the plain heads in a code, counted down from -1 in a tie's
            why = code // (101 * labels) if code >= 0 else -1 - code
            shown = round(shown_below(float(confidence[at]), threshold) * 100)
            self.codes[index[at]] = why * 101 * labels + k * 101 + shown

    def _item_terms(self, row: int, cols: list[int], said: list[str]) -> list[str]:
        """``said`` with the row's type, list and label terms named as its item names them,
        each text once (two words of one list name it once)."""
        kinds, doc, out = self.kinds, self.docs[row], []  # type: ignore[index]
        for c, text in zip(cols, said, strict=True):
            kind = int(kinds[c])  # type: ignore[index]
            if kind != PLAIN:
                text = item_term(self.names[c], kind, doc, self.name_words) or text  # type: ignore[arg-type]
            if text not in out:
                out.append(text)
        return out

    def placed_terms(
        self, index: np.ndarray, chosen: np.ndarray
    ) -> tuple[list[str], np.ndarray, np.ndarray] | None:
        """Where rows' terms name their item's own type, list or labels: ``(texts, columns,
        repeated)`` — the texts, the term columns with those terms pointing past ``shown`` at
        them, and per row whether one text comes twice (those rows are said one by one); None
        when no term does. ``index``: the rows' numbers in the batch, ``chosen`` their terms."""
        kinds, docs = self.kinds, self.docs
        if kinds is None or docs is None or not chosen.size:
            return None
        kind = np.where(chosen >= 0, kinds[chosen], PLAIN)
        at_row, at_slot = np.nonzero(kind)
        if not len(at_row):
            return None
        base, names, words_of = len(self.shown), self.names, self.name_words
        texts: list[str] = []
        codes: dict[str, int] = {}
        # item_term reads only the term's feature and the item's type, list or labels, which
        # repeat across a batch: each (column, that name) is worded once (-1: none to place),
        # in the order the terms come (row by row). The names are read per kind by C-level
        # maps and coded (a dict of the few names), each (column, name) an integer key.
        rows = index[at_row].tolist()
        cols, kinds_at = chosen[at_row, at_slot].astype(np.int64), kind[at_row, at_slot]
        name_codes = Codes()
        groups = []  # per kind: its terms' positions, their keys' first terms and inverse
        for k, attribute in ((TYPE, "type"), (COLUMN, "column"), (None, None)):
            if attribute is None:  # labels (and any other kind: _named_by's)
                at = np.flatnonzero((kinds_at != TYPE) & (kinds_at != COLUMN))
            else:
                at = np.flatnonzero(kinds_at == k)
            if not len(at):
                continue
            picked = map(docs.__getitem__, map(rows.__getitem__, at.tolist()))
            if attribute is None:
                named = [tuple(getattr(doc, "labels", None) or ()) for doc in picked]
            else:
                named = list(map(getattr, picked, repeat(attribute), repeat(None)))
            coded = np.fromiter(map(name_codes.__getitem__, named), np.int64, len(at))
            groups.append((at, cols[at], coded))
        span = len(name_codes) + 1
        firsts, parts = [], []
        for at, columns_at, coded in groups:
            _, first, inverse = np.unique(
                columns_at * span + coded, return_index=True, return_inverse=True
            )
            firsts.append(at[first])  # each key's first term (positions among all terms)
            parts.append(inverse.ravel())
        keyed = np.concatenate(firsts)
        placed_codes = np.empty(len(keyed), dtype=np.int64)
        for n in np.argsort(keyed, kind="stable").tolist():  # keys in their first term's order
            j = keyed.item(n)
            text = item_term(names[cols.item(j)], kinds_at.item(j), docs[rows[j]], words_of)  # type: ignore[arg-type]
            if text is None:
                code = -1
            else:
                code = codes.get(text)
                if code is None:
                    code = codes[text] = base + len(texts)
                    texts.append(text)
            placed_codes[n] = code
        columns = chosen.copy()
        offset = 0
        for (at, _, _), inverse, first in zip(groups, parts, firsts, strict=True):
            placed = placed_codes[offset : offset + len(first)][inverse]
            offset += len(first)
            kept = placed >= 0
            columns[at_row[at[kept]], at_slot[at[kept]]] = placed[kept]
        repeated = np.zeros(len(chosen), dtype=bool)
        width = chosen.shape[1]
        pads = np.where(chosen >= 0, columns, -1 - np.arange(width))  # pads never equal
        for a in range(width):
            for b in range(a + 1, width):
                repeated |= pads[:, a] == pads[:, b]
        return texts, columns, repeated

    def _rows(self, rows: Sequence[int]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """The batch forms' start: ``(index, chosen, valid, counts)`` of ``rows`` (a list, or
        an integer array read as it is) — their term columns, which of them hold a term (not a
        -1 pad) and how many each row has."""
        index = np.asarray(rows, dtype=np.intp)
        chosen = self.chosen[index]
        valid = chosen >= 0
        return index, chosen, valid, valid.sum(axis=1)

    def _odd_rows(
        self,
        valid: np.ndarray,
        codes: np.ndarray,
        placed: tuple[Any, Any, np.ndarray] | None = None,
    ) -> list[int]:
        """Positions the batch forms leave to :meth:`reason_and_terms`: a pad before a term, a
        confidence near a rounding tie (that row as it is read alone), a held row without terms
        (its head loses "terms: ", :func:`bare_head`) or a term text twice (``placed``:
        :meth:`placed_terms`)."""
        odd = (valid[:, 1:] > valid[:, :-1]).any(axis=1) | (codes < 0)
        odd |= held_without_terms(valid, codes, len(self.labels), len(self.heads))
        if placed is not None:
            odd |= placed[2]
        return np.flatnonzero(odd).tolist()

    def reasons_and_term_lists(self, rows: Sequence[int]) -> tuple[list[str], list[list[str]]]:
        """:meth:`reason_and_terms` of many rows at once, as ``(reasons, term_lists)`` (a
        report's JSON writes a chunk of items so): the strings are put together column by
        column with numpy object arrays (``+`` joins them row by row), not row by row."""
        index, chosen, valid, counts = self._rows(rows)
        if not len(index):
            return [], []
        placed = self.placed_terms(index, chosen)
        if placed is None:
            shown = _object_array(self.shown)[chosen]  # a -1 pad picks the last name: unused
        else:
            extra = np.empty(len(placed[0]), dtype=object)
            extra[:] = placed[0]
            shown = np.concatenate([_object_array(self.shown), extra])[placed[1]]
        names = _object_array(self.names)[chosen].tolist()
        codes = self.codes[index]
        said = np.full(len(index), NO_TERMS, dtype=object)
        for n in range(1, chosen.shape[1] + 1):
            at = np.flatnonzero(counts == n)
            if len(at):
                joined = shown[at, 0]
                for c in range(1, n):
                    joined = joined + ", " + shown[at, c]
                said[at] = joined
        reasons = (
            _object_array(self.heads)[np.maximum(codes, 0)]
            + said
            + _object_array(self.phrase_parts, 2)[self.nearest[index]]
        ).tolist()
        term_lists = names
        ragged = np.flatnonzero(counts < chosen.shape[1]).tolist()
        for k in ragged:
            term_lists[k] = term_lists[k][: counts.item(k)]
        for k in self._odd_rows(valid, codes, placed):
            reason, term_lists[k] = self.reason_and_terms(int(index[k]))
            reasons[k] = str(reason)  # (a plain str as the others: what the writers write)
        return reasons, term_lists

    def json_reasons_and_term_lists(
        self, rows: Sequence[int], layout: tuple[str, str, str, str]
    ) -> tuple[list[str], list[str]]:
        """:meth:`reasons_and_term_lists` as JSON texts (a report's JSON writes them): each
        reason as ``json.encoder.encode_basestring`` gives it, each term list as
        ``start + between.join(encoded terms) + end`` (``empty`` for none), ``layout`` being
        ``(start, between, end, empty)``. JSON escaping goes character by character, so each
        piece (head, shown term, phrase ending, name) is escaped once per model and the texts
        are put together from the escaped pieces, each by one ``str.join`` over the columns of
        the rows with as many terms: no reason string is made and then escaped."""
        start, between, end, empty = layout
        index, chosen, valid, counts = self._rows(rows)
        if not len(index):
            return [], []
        placed = self.placed_terms(index, chosen)
        shown, said_columns = _with_placed(
            _object_array(self.shown, quotes=("", "")), placed, chosen, str
        )
        names = _object_array(self.names, quotes=('"', '"'))
        said = [NO_TERMS] * len(index)
        listed = [empty] * len(index)
        for n in range(1, chosen.shape[1] + 1):
            at = np.flatnonzero(counts == n)
            if not len(at):
                continue
            picked = chosen[at, :n]  # a row's n terms come first, but for the odd rows below
            terms, parts = _terms_and_pieces(
                shown, said_columns[at], names, picked, (start, between, end)
            )
            joined = map(", ".join, zip(*terms, strict=True)) if n > 1 else terms[0]
            written = map("".join, zip(*parts, strict=False))  # (the repeats end with the list)
            for k, reason_terms, term_list in zip(at.tolist(), joined, written, strict=True):
                said[k], listed[k] = reason_terms, term_list
        codes = self.codes[index]
        heads = _object_array(self.heads, quotes=('"', ""))[np.maximum(codes, 0)].tolist()
        endings = _object_array(self.phrase_parts, 2, quotes=("", '"'))[self.nearest[index]]
        reasons = list(map("".join, zip(heads, said, endings.tolist(), strict=True)))
        for k in self._odd_rows(valid, codes, placed):
            reason, term_names = self.reason_and_terms(int(index[k]))
            reasons[k] = _JSON_STR(reason)
            listed[k] = (
                start + between.join(map(_JSON_STR, term_names)) + end if term_names else empty
            )
        return reasons, listed

    def utf8_reason_pieces(
        self, rows: Sequence[int], layout: tuple[str, str, str, str]
    ) -> tuple[list[bytes], list[bytes], list[bytes], list[bytes]]:
        """:meth:`json_reasons_and_term_lists` as UTF-8 bytes, each reason in three pieces
        (``head``, ``middle``, ``ending``: laid one after the other, they are its JSON text) so
        no reason is put together per row: ``(heads, middles, endings, term_lists)``. The rows
        with as many terms are joined together, column by column (C-level ``map``s); a row the
        batch forms leave alone (:meth:`_odd_rows`) has its whole reason as its head."""
        start, between, end, empty = (part.encode() for part in layout)
        index, chosen, valid, counts = self._rows(rows)
        if not len(index):
            return [], [], [], []
        placed = self.placed_terms(index, chosen)  # terms naming the item's own type/list/labels
        shown, said_columns = _with_placed(
            _utf8_array(_object_array(self.shown, quotes=("", ""))), placed, chosen, str.encode
        )
        names = _utf8_array(_object_array(self.names, quotes=('"', '"')))
        middles = np.full(len(index), NO_TERMS.encode(), dtype=object)
        listed = np.full(len(index), empty, dtype=object)
        for n in range(1, chosen.shape[1] + 1):
            at = np.flatnonzero(counts == n)
            if not len(at):
                continue
            picked = chosen[at, :n]  # a row's n terms come first, but for the odd rows below
            terms, parts = _terms_and_pieces(
                shown, said_columns[at], names, picked, (start, between, end)
            )
            middles[at] = list(map(b", ".join, zip(*terms, strict=True))) if n > 1 else terms[0]
            listed[at] = list(map(b"".join, zip(*parts, strict=False)))  # the repeats end last
        codes = self.codes[index]
        heads = _utf8_array(_object_array(self.heads, quotes=('"', "")))
        heads = heads[np.maximum(codes, 0)].tolist()
        endings = _utf8_array(_object_array(self.phrase_parts, 2, quotes=("", '"')))
        endings = endings[self.nearest[index]].tolist()
        middle, term_lists = middles.tolist(), listed.tolist()
        for k in self._odd_rows(valid, codes, placed):
            reason, term_names = self.reason_and_terms(int(index[k]))
            heads[k], middle[k], endings[k] = _JSON_STR(reason).encode(), b"", b""
            term_lists[k] = (
                start + between.join([_JSON_STR(name).encode() for name in term_names]) + end
                if term_names
                else empty
            )
        return heads, middle, endings, term_lists


def _with_placed(
    shown: np.ndarray, placed: Any, chosen: np.ndarray, form: Callable[[str], Any]
) -> tuple[np.ndarray, np.ndarray]:
    """``(shown, columns)`` for a batch form: with :meth:`_Batch.placed_terms`' texts JSON-escaped
    (``form``: ``str`` or ``str.encode``) after ``shown`` and the term columns pointing at
    them, else ``shown`` and ``chosen`` as they are."""
    if placed is None:
        return shown, chosen
    extra = np.empty(len(placed[0]), dtype=object)
    extra[:] = [form(_JSON_STR(text)[1:-1]) for text in placed[0]]
    return np.concatenate([shown, extra]), placed[1]


def _terms_and_pieces(
    shown: np.ndarray, said: np.ndarray, names: np.ndarray, picked: np.ndarray, layout: tuple
) -> tuple[list[list[Any]], list[Any]]:
    """For rows with ``n`` terms each (``said``: their shown columns, ``picked``: their feature
    columns, both ``rows × n``): the shown texts per term slot, and the term list's pieces
    (``start``, name, ``between``, name, …, ``end`` of ``layout``) as columns for ``zip``."""
    start, between, end = layout
    n = picked.shape[1]
    terms = [shown[said[:, c]].tolist() for c in range(n)]
    parts: list[Any] = [repeat(start), names[picked[:, 0]].tolist()]
    for c in range(1, n):
        parts += (repeat(between), names[picked[:, c]].tolist())
    parts.append(repeat(end))
    return terms, parts


def _named_by(doc: Any, kind: int) -> object:
    """What :func:`models._reason_terms.item_term` reads of ``doc`` for a term of ``kind``."""
    if kind == TYPE:
        return getattr(doc, "type", None)
    if kind == COLUMN:
        return getattr(doc, "column", None)
    return tuple(getattr(doc, "labels", None) or ())


class _NameWords:
    """:func:`models.features.name_words` of a model, remembered per name (a board has a few
    lists and labels); a plain object, so a batch holding it can be copied and pickled."""

    __slots__ = ("singular", "seen")

    def __init__(self, singular: bool) -> None:
        self.singular, self.seen = singular, {}

    def __call__(self, name: str) -> list[str]:
        found = self.seen.get(name)
        if found is None:
            if len(self.seen) >= 4096:
                self.seen.clear()
            found = self.seen[name] = name_words(name, self.singular)
        return found

    def __getstate__(self) -> tuple[bool]:
        return (self.singular,)  # a tuple: a False state would not be set

    def __setstate__(self, state: tuple[bool]) -> None:
        self.singular, self.seen = state[0], {}


_LAZY: Any = object()  # in a slot: "build me from the batch"
_REASON, _SCORES, _TERMS = Prediction.reason, Prediction.scores, Prediction.top_terms  # slots
# Their setters bound once: ``_REASON.__set__`` read in ``make`` makes a method object per call
# (a million a 1M scan; ≈ 0.03 of ``make``'s 0.09 CPU s per 200k predictions).
_SET_REASON, _SET_SCORES, _SET_TERMS = _REASON.__set__, _SCORES.__set__, _TERMS.__set__
_NEW = object.__new__
_FIELDS = attrgetter(*(f.name for f in dataclasses.fields(Prediction)))
_BATCH_OF, _ROW_OF = attrgetter("_batch"), attrgetter("_row")


class _PredictionLike(Prediction):
    """What a Prediction subclass of this module keeps of Prediction: equal to a Prediction with
    the same fields, unhashable, the same repr."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Prediction):
            return _FIELDS(self) == _FIELDS(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # as Prediction's

    def __repr__(self) -> str:
        return Prediction.__repr__(self).replace(type(self).__qualname__, "Prediction", 1)


class _BatchPrediction(_PredictionLike):
    """A :class:`Prediction` whose ``reason``, ``scores`` dict and ``top_terms`` list are built
    when read, from its batch's arrays: a scan's report reads the reason and terms when it is
    written (:meth:`deferred`) and the scores never, so each item costs ~500 bytes less.

    It is a Prediction in every other way: equal to a Prediction with the same fields, the same
    repr, assignable fields; a value assigned is kept. The terms list is built anew on each read.
    """

    __slots__ = ("_batch", "_row")

    def __init__(self, *args: Any, **kwargs: Any) -> None:  # dataclasses.replace, copies
        Prediction.__init__(self, *args, **kwargs)
        self._batch = None
        self._row = 0

    @classmethod
    def make(
        cls,
        label: str,
        confidence: float,
        phrase: str | None,
        source: str | None,
        batch: _Batch,
        row: int,
    ) -> _BatchPrediction:
        self = _NEW(cls)
        self.label, self.confidence = label, confidence
        self.nearest_phrase, self.nearest_source = phrase, source
        _SET_REASON(self, _LAZY)
        _SET_SCORES(self, _LAZY)
        _SET_TERMS(self, _LAZY)
        self._batch, self._row = batch, row
        return self

    def deferred(self) -> tuple[_Batch, int] | None:
        """``(batch, row)`` whose ``reason(row)`` and ``terms(row)`` give this prediction's reason
        and top terms, when neither was assigned; else None."""
        if _REASON.__get__(self) is _LAZY and _TERMS.__get__(self) is _LAZY:
            return self._batch, self._row
        return None

    @classmethod
    def deferred_columns(cls, predictions: Sequence[Any]) -> tuple[list[Any], list[int]] | None:
        """:meth:`deferred` of every one of ``predictions`` (all of exactly this class) as
        ``(batches, rows)``, read by C-level maps (no call, no tuple per prediction: a report's
        columns read a 1M scan's so); None when any was assigned a reason or terms."""
        lazy = repeat(_LAZY)
        if cls.deferred is not _BatchPrediction.deferred or not (
            all(map(is_, map(_REASON.__get__, predictions), lazy))
            and all(map(is_, map(_TERMS.__get__, predictions), lazy))
        ):
            return None
        return list(map(_BATCH_OF, predictions)), list(map(_ROW_OF, predictions))

    @property  # type: ignore[override]
    def reason(self) -> str:
        value = _REASON.__get__(self)
        return self._batch.reason(self._row) if value is _LAZY else value

    @reason.setter
    def reason(self, value: str) -> None:
        _REASON.__set__(self, value)

    @property  # type: ignore[override]
    def scores(self) -> dict[str, float]:
        value = _SCORES.__get__(self)
        if value is _LAZY:
            batch = self._batch
            return dict(zip(batch.labels, batch.proba[self._row].tolist(), strict=True))
        return value

    @scores.setter
    def scores(self, value: dict[str, float]) -> None:
        _SCORES.__set__(self, value)

    @property  # type: ignore[override]
    def top_terms(self) -> list[str]:
        value = _TERMS.__get__(self)
        return self._batch.terms(self._row) if value is _LAZY else value

    @top_terms.setter
    def top_terms(self, value: list[str]) -> None:
        _TERMS.__set__(self, value)


class _UnreadPrediction(_PredictionLike):
    """The :class:`Prediction` of an item in a language the model does not read, with that
    language's code (``language``; None when built anew, e.g. by ``dataclasses.replace``). Equal
    to a Prediction with the same fields, with the same repr."""

    __slots__ = ("language",)

    def __init__(self, *args: Any, language: str | None = None, **kwargs: Any) -> None:
        Prediction.__init__(self, *args, **kwargs)
        self.language = language

    def final_label(self, threshold: float = DEFAULT_THRESHOLD) -> str:
        """``uncertain`` at any threshold (issue 12): its label is no reading of the item, and
        its even confidence (1/k) is no evidence, so a threshold at or below it (``-t 0.5``
        with two labels) must not make a label of it (session 19)."""
        return UNCERTAIN


_OBJECTS: dict[tuple[Any, ...], tuple[Sequence[Any], np.ndarray]] = {}  # a few lists' arrays
_JSON_STR = json.encoder.encode_basestring  # what json.dumps(..., ensure_ascii=False) writes


def _object_array(
    values: Sequence[Any], part: int | None = None, quotes: tuple[str, str] | None = None
) -> np.ndarray:
    """``values`` (or each value's ``part``) as a numpy object array, whose ``+`` joins strings
    row by row; remembered for the last few lists given (a model's names, shown names, heads
    and phrase parts: every batch's are the same lists). ``quotes``: each string JSON-escaped
    (``json.encoder.encode_basestring``, its quotes taken off) between these two."""
    key = (id(values), -1 if part is None else part, quotes)
    found = _OBJECTS.get(key)
    if found is not None and found[0] is values and len(found[1]) == len(values):
        return found[1]
    out = np.empty(len(values), dtype=object)
    picked = values if part is None else [value[part] for value in values]
    if quotes is not None:
        before, after = quotes
        picked = [before + _JSON_STR(value)[1:-1] + after for value in picked]
    out[:] = picked
    if len(_OBJECTS) >= 16:
        _OBJECTS.clear()
    _OBJECTS[key] = (values, out)
    return out


def _bytes_array(values: list[bytes]) -> np.ndarray:
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


_UTF8: dict[int, tuple[np.ndarray, np.ndarray]] = {}  # id(text array) -> (it, its UTF-8 array)


def _utf8_array(texts: np.ndarray) -> np.ndarray:
    """An object array of texts (:func:`_object_array`'s, remembered) as UTF-8 bytes,
    remembered with it."""
    found = _UTF8.get(id(texts))
    if found is not None and found[0] is texts:
        return found[1]
    out = _bytes_array([text.encode() for text in texts.tolist()])
    if len(_UTF8) >= 16:
        _UTF8.clear()
    _UTF8[id(texts)] = (texts, out)
    return out


def _row_prediction(batch: _Batch, row: int) -> Prediction:
    """The row's prediction as :meth:`LinearRoleModel.predict` makes it."""
    k, near = batch.best.item(row), batch.nearest.item(row)
    text, source, _ = batch.phrase_parts[near]
    return _BatchPrediction.make(
        batch.labels[k], batch.proba.item(row, k), text, source, batch, row
    )
