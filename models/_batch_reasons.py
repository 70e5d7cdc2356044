"""A batch's reasons, scores and top terms as JSON values, for all its rows at once.

``LinearRoleModel.predict`` gives one :class:`~models.interface.Prediction` per item whose reason,
scores and terms are built when read (``_Batch.reason_and_terms``: the reference). A streamed
``classify --format jsonl`` writes every one of them, so here they are built for the whole batch:
each distinct term combination, label head, phrase ending and score (to four decimals) is written
and JSON-escaped once, and a row's values are picked from those tables with numpy. A row the
tables cannot say exactly (a confidence within 1e-6 of a rounding tie or exactly 1 — the
tables' top hundredth reads ">0.99" —, a language the model does not read) is left to its
``Prediction`` (:meth:`BatchColumns.fallback_rows`).

JSON escaping works character by character, so the escaped reason is the escaped head, terms and
ending put together: no reason string is made and escaped per row.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from models._reason_terms import NO_TERMS, held_without_terms
from models.interface import UNCERTAIN, Prediction

_STR = json.encoder.encode_basestring  # what json.dumps(..., ensure_ascii=False) writes
_PLACES = 10_000  # scores are written rounded to four decimals
_TIE = 1e-6  # this close to a rounding tie, Python's round() decides (the row falls back)


def _escaped(text: str) -> str:
    return _STR(text)[1:-1]


def _json_or_null(text: str | None) -> str:
    return "null" if text is None else _STR(text)


@dataclass(frozen=True, slots=True)
class JsonTables:
    """Per model: every piece a row's JSON values are made of, escaped once."""

    labels: tuple[str, ...]  # JSON strings of the labels
    uncertain: str  # JSON string of "uncertain"
    heads: np.ndarray  # object: '"strategic 0.87: ' per head code
    shown: list[str]  # per column, the escaped feature as a reason shows it
    names: list[str]  # per column, the feature name as a JSON string
    endings: np.ndarray  # object: per phrase (last: none), the escaped ending + '"'
    phrases: np.ndarray  # object: per phrase (last: none), its text as JSON or null
    sources: np.ndarray  # object: per phrase (last: none), its provenance as JSON or null
    numbers: np.ndarray  # object: repr(i / 10000) for i in 0..10000
    scores: list[np.ndarray]  # per label: '{"a": 0.1' / ', "b": 0.9' (+ '}' for the last)
    # A JSON line's pieces with the keys between them (prediction_lines: a third as many a line)
    label_keys: np.ndarray  # object: ', "label": …, "predicted": …, "confidence": ' per
    # (final label (the labels, then "uncertain") × labels + label)
    reason_keys: np.ndarray  # object: ', "reason": "strategic 0.87: ' per head code
    ending_keys: np.ndarray  # object: per phrase (last: none), the ending + '", "scores": '
    line_scores: list[np.ndarray]  # ``scores``, the last label's + ', "top_terms": '
    tails: np.ndarray  # object: per phrase, ', "nearest_phrase": …, "nearest_source": …}'

    @classmethod
    def build(
        cls,
        labels: Sequence[str],
        names: Sequence[str],
        shown: Sequence[str],
        heads: Sequence[str],
        phrase_parts: Sequence[tuple[str | None, str | None, str]],
    ) -> JsonTables:
        numbers = [repr(i / _PLACES) for i in range(_PLACES + 1)]
        keys = [_STR(label) for label in labels]
        scores = []
        for k, key in enumerate(keys):
            before = "{" if k == 0 else ", "
            after = "}" if k == len(keys) - 1 else ""
            scores.append(_objects([f"{before}{key}: {x}{after}" for x in numbers]))
        heads = ['"' + _escaped(head) for head in heads]
        endings = [_escaped(ending) + '"' for _, _, ending in phrase_parts]
        phrases = [_json_or_null(text) for text, _, _ in phrase_parts]
        sources = [_json_or_null(source) for _, source, _ in phrase_parts]
        finals = [*keys, _STR(UNCERTAIN)]
        line_scores = list(scores)
        if line_scores:
            line_scores[-1] = _objects([x + ', "top_terms": ' for x in scores[-1].tolist()])
        return cls(
            labels=tuple(keys),
            uncertain=_STR(UNCERTAIN),
            heads=_objects(heads),
            shown=[_escaped(text) for text in shown],
            names=[_STR(name) for name in names],
            endings=_objects(endings),
            phrases=_objects(phrases),
            sources=_objects(sources),
            numbers=_objects(numbers),
            scores=scores,
            label_keys=_objects(
                [
                    f', "label": {final}, "predicted": {key}, "confidence": '
                    for final in finals
                    for key in keys
                ]
            ),
            reason_keys=_objects([', "reason": ' + head for head in heads]),
            ending_keys=_objects([ending + ', "scores": ' for ending in endings]),
            line_scores=line_scores,
            tails=_objects(
                [
                    f', "nearest_phrase": {phrase}, "nearest_source": {source}}}'
                    for phrase, source in zip(phrases, sources, strict=True)
                ]
            ),
        )


def _objects(values: list[str]) -> np.ndarray:
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def place_codes(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(codes, exact)``: per value in [0, 1], ``round(value, 4) * 10000`` as an integer, and
    whether that is exactly what Python's ``round`` gives (not within 1e-6 of a tie, finite).

    ``repr(round(v, 4)) == repr(code / 10000)``: both are the double nearest that decimal."""
    scaled = values * float(_PLACES)
    with np.errstate(invalid="ignore"):
        codes = np.floor(scaled + 0.5)
        exact = (np.abs(scaled - np.floor(scaled) - 0.5) > _TIE) & (codes >= 0) & (codes <= _PLACES)
    return np.where(exact, codes, 0).astype(np.intp), exact


class BatchColumns:
    """A predicted batch as JSON values, one list entry per row (see the module docstring)."""

    def __init__(
        self,
        batch: Any,  # models._batch._Batch
        tables: JsonTables,
        unread: dict[int, Prediction],
        prediction: Callable[[Any, int], Prediction],
    ) -> None:
        self.batch, self.tables, self.unread = batch, tables, unread
        self._prediction = prediction
        proba = batch.proba
        self.size = len(batch.best)
        self._codes, exact = place_codes(proba)
        self._exact = exact.all(axis=1) & (batch.codes >= 0)
        # a held row without terms: its head drops "terms: " (``_reason_terms.bare_head``)
        self._exact &= ~held_without_terms(
            batch.chosen >= 0, batch.codes, len(tables.labels), len(tables.heads)
        )
        if unread:
            self._exact[list(unread)] = False
        rows = np.arange(self.size)
        # Terms naming the item's own type, list or label (``_Batch.placed_terms``): their
        # texts are columns past the model's; a row saying one text twice falls back.
        self._placed = batch.placed_terms(rows, batch.chosen)
        if self._placed is not None:
            self._exact &= ~self._placed[2]
        self._confidence = proba[rows, batch.best]
        self._confidence_codes = self._codes[rows, batch.best]
        self._joined: tuple[list[str], list[str]] | None = None
        self._combo_rows = rows

    def __len__(self) -> int:
        return self.size

    def prediction(self, row: int) -> Prediction:
        """The row's :class:`Prediction`, as ``predict`` gives it."""
        found = self.unread.get(row)
        return found if found is not None else self._prediction(self.batch, row)

    def fallback_rows(self) -> list[int]:
        """The rows whose values below are not theirs: write those from :meth:`prediction`."""
        return np.flatnonzero(~self._exact).tolist()

    def final_labels(self, threshold: float) -> list[str]:
        """``Prediction.final_label(threshold)`` as JSON strings."""
        best = self.batch.best
        labels = _objects([*self.tables.labels, self.tables.uncertain])
        shown = np.where(self._confidence >= threshold, best, len(self.tables.labels))
        return labels[shown].tolist()

    def labels(self) -> list[str]:
        return _objects(list(self.tables.labels))[self.batch.best].tolist()

    def confidences(self) -> list[str]:
        """``round(confidence, 4)`` as JSON numbers."""
        return self.tables.numbers[self._confidence_codes].tolist()

    def scores(self) -> list[str]:
        """The scores dicts (each rounded to four decimals) as JSON objects."""
        tables = self.tables.scores
        out = tables[0][self._codes[:, 0]]
        for k in range(1, len(tables)):
            out = out + tables[k][self._codes[:, k]]
        return out.tolist()

    def reason_parts(self) -> tuple[list[str], list[str], list[str]]:
        """The reasons as JSON strings, in three parts to put together: ``"strategic 0.87: ``,
        the terms (``'roadmap', issue type Epic``), the phrase ending and the closing quote."""
        batch, tables = self.batch, self.tables
        said = _objects(self._combos()[0])[self._combo_rows]
        return tables.heads[batch.codes].tolist(), said.tolist(), self._endings().tolist()

    def terms(self) -> list[str]:
        """The top terms as JSON arrays."""
        return _objects(self._combos()[1])[self._combo_rows].tolist()

    def line_parts(self, threshold: float) -> list[list[str]]:
        """Each row's JSON line after its text, in eight pieces a row, keys and values together
        (each picked from the tables; only the scores are joined per row, as :meth:`scores`
        joins them): ``, "label": …, "predicted": …, "confidence": ``, the confidence,
        ``, "reason": "strategic 0.87: ``, the terms said, the ending with ``", "scores": ``,
        the scores with ``, "top_terms": ``, the terms as a JSON array, and the nearest phrase
        and source with the closing brace. The same text as the values of
        :meth:`final_labels`, :meth:`labels`, :meth:`confidences`, :meth:`reason_parts`,
        :meth:`scores`, :meth:`terms`, :meth:`phrases` and :meth:`sources` with the keys put
        between them (session 24: 21 pieces a line joined, and a list of each, before)."""
        batch, tables = self.batch, self.tables
        n = len(tables.labels)
        final = np.where(self._confidence >= threshold, batch.best, n)
        scores = tables.line_scores
        scored = scores[0][self._codes[:, 0]]
        for k in range(1, len(scores)):
            scored = scored + scores[k][self._codes[:, k]]
        said, listed = self._combos()
        nearest = batch.nearest
        return [
            tables.label_keys[final * n + batch.best].tolist(),
            tables.numbers[self._confidence_codes].tolist(),
            tables.reason_keys[batch.codes].tolist(),
            _objects(said)[self._combo_rows].tolist(),
            tables.ending_keys[nearest].tolist(),
            scored.tolist(),
            _objects(listed)[self._combo_rows].tolist(),
            tables.tails[nearest].tolist(),
        ]

    def _endings(self) -> np.ndarray:
        return self.tables.endings[self.batch.nearest]

    def _combos(self) -> tuple[list[str], list[str]]:
        """Per distinct combination of term columns in the batch (each joined once): the terms
        as the reason says them and as a JSON array; ``_combo_rows``: each row's combination."""
        if self._joined is not None:
            return self._joined
        chosen = self.batch.chosen.astype(np.int64) + 1  # 0 pads
        base = len(self.tables.names) + 1
        shown = self.tables.shown
        said_columns = self.batch.chosen
        if self._placed is not None:  # the texts' columns too: both make the combination
            texts, said_columns, _ = self._placed
            shown = shown + [_escaped(text) for text in texts]
            chosen = np.hstack([chosen, said_columns.astype(np.int64) + 1])
            base = len(shown) + 1
        if base ** chosen.shape[1] < 2**62:
            key = chosen[:, 0]
            for c in range(1, chosen.shape[1]):
                key = key * base + chosen[:, c]
            _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
        else:  # a vast vocabulary: compare the rows themselves
            _, first, inverse = np.unique(chosen, axis=0, return_index=True, return_inverse=True)
        names = self.tables.names
        said, listed = [], []
        for combo, texts in zip(
            self.batch.chosen[first].tolist(), said_columns[first].tolist(), strict=True
        ):
            cols = [c for c in combo if c >= 0]
            pairs = zip(combo, texts, strict=True)
            said.append(", ".join([shown[t] for c, t in pairs if c >= 0]) or NO_TERMS)
            listed.append("[" + ", ".join([names[c] for c in cols]) + "]")
        self._combo_rows = inverse.reshape(-1)
        self._joined = said, listed
        return self._joined

    def phrases(self) -> list[str]:
        """The nearest phrases as JSON strings (or null)."""
        return self.tables.phrases[self.batch.nearest].tolist()

    def sources(self) -> list[str]:
        """Their provenance as JSON strings (or null)."""
        return self.tables.sources[self.batch.nearest].tolist()
