"""A scan's predictions as its classifier batches' columns (private: a scan's fast path, issue 16).

A 1M-item scan made a million :class:`~models._batch._BatchPrediction` objects (≈ 130 MiB of
pymalloc arenas that outlived them) only to read each one's label, confidence and batch row
three times (the activities' labels, the unread languages, the report's item columns).
:class:`ScanPredictions` keeps each batch :meth:`LinearRoleModel.predict_batch
<models.classifier.LinearRoleModel.predict_batch>` worked out, and a ``Prediction`` object only
for the rows that have one of their own (an unread language's, a parent's re-reading); the
analysis reads the columns (:meth:`ScanPredictions.final_labels`, :meth:`~ScanPredictions.
unread_languages`, :meth:`~ScanPredictions.item_columns`). Read as a sequence it gives each
item's prediction as ``predict`` makes it, so any other reader sees a list of predictions.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import chain
from typing import Any

import numpy as np

from models._batch import (
    _Batch,
    _BatchPrediction,
    _object_array,
    _row_prediction,
    _UnreadPrediction,
)
from models.interface import UNCERTAIN, Prediction


def reads_batches(model: object) -> bool:
    """Whether ``model`` predicts as the bundled linear model does (its ``predict`` is
    :meth:`LinearRoleModel.predict`, not a subclass' own), so a scan may keep its batches."""
    from models.classifier import LinearRoleModel

    return isinstance(model, LinearRoleModel) and type(model).predict is LinearRoleModel.predict


class ScanPredictions(Sequence[Prediction]):
    """One prediction per item of a scan, in order, kept as the batches' columns."""

    __slots__ = ("labels", "own", "_batches", "_starts", "_size")

    def __init__(self, labels: tuple[str, ...]) -> None:
        self.labels = labels  # the model's
        #: position -> the prediction object of a row that has its own (not its batch's)
        self.own: dict[int, Prediction] = {}
        self._batches: list[_Batch] = []
        self._starts: list[int] = []  # each batch's first position
        self._size = 0

    def predict(
        self, model: Any, docs: Sequence[Any], prior: dict[str, float] | None, **said: Any
    ) -> BatchRows:
        """``model.predict(docs, prior=prior, **said)`` added at the end, as columns; returns
        the batch's rows as a list-like view (:func:`analyzer.parent_links.read_again` reads
        and replaces some of them)."""
        start = self._size
        if not docs:
            return BatchRows(self, start, 0)
        batch, unread = model.predict_batch(docs, prior, **said)
        self._batches.append(batch)
        self._starts.append(start)
        self._size += len(batch.best)
        for row, prediction in unread.items():
            self.own[start + row] = prediction
        return BatchRows(self, start, len(batch.best))

    def __len__(self) -> int:
        return self._size

    def _at(self, at: int) -> Prediction:
        found = self.own.get(at)
        if found is not None:
            return found
        k = int(np.searchsorted(self._starts, at, side="right")) - 1
        return _row_prediction(self._batches[k], at - self._starts[k])

    def __getitem__(self, at: Any) -> Any:
        if isinstance(at, slice):
            return [self._at(k) for k in range(*at.indices(self._size))]
        if at < 0:
            at += self._size
        if not 0 <= at < self._size:
            raise IndexError("prediction index out of range")
        return self._at(at)

    def __iter__(self) -> Iterator[Prediction]:
        own = self.own
        for batch, start in zip(self._batches, self._starts, strict=True):
            for row in range(len(batch.best)):
                found = own.get(start + row)
                yield found if found is not None else _row_prediction(batch, row)

    def _column(self, name: str) -> np.ndarray:
        parts = [getattr(batch, name) for batch in self._batches]
        return np.concatenate(parts) if parts else np.zeros(0, np.int32)

    def _confidences(self) -> np.ndarray:
        """Each row's batch confidence (its chosen label's probability), float64."""
        parts = [batch.proba[np.arange(len(batch.best)), batch.best] for batch in self._batches]
        return np.concatenate(parts) if parts else np.zeros(0, np.float64)

    def final_labels(self, threshold: float) -> list[str]:
        """``[p.final_label(threshold) for p in self]``, from the columns."""
        shown = _object_array((*self.labels, UNCERTAIN))
        best = self._column("best")
        best[~(self._confidences() >= threshold)] = len(self.labels)  # (NaN: uncertain too)
        out = shown[best].tolist()
        for at, prediction in self.own.items():
            out[at] = prediction.final_label(threshold)
        return out

    def unread_languages(self) -> list[str | None]:
        """:meth:`LinearRoleModel.unread_languages` of these predictions."""
        out: list[str | None] = [None] * self._size
        for at, prediction in self.own.items():
            if type(prediction) is _UnreadPrediction:
                out[at] = prediction.language
        return out

    def item_columns(
        self,
    ) -> tuple[np.ndarray, list[str], list[Any], np.ndarray, dict[int, tuple[str, list[str]]]]:
        """What :class:`analyzer.item_columns.ItemColumns` reads of each prediction, by column:
        the confidences, the labels, each item's batch (None: a prediction without one) and row
        in it, and the reason and top terms of the rows without a batch, by position."""
        confidence = self._confidences()
        predicted = _object_array(self.labels)[self._column("best")].tolist()
        batches: list[Any] = list(
            chain.from_iterable([batch] * len(batch.best) for batch in self._batches)
        )
        rows = np.concatenate(
            [np.arange(len(batch.best), dtype=np.int64) for batch in self._batches]
            or [np.zeros(0, np.int64)]
        )
        plain: dict[int, tuple[str, list[str]]] = {}
        for at, prediction in self.own.items():
            confidence[at] = float(prediction.confidence)
            predicted[at] = prediction.label
            deferred = prediction.deferred() if type(prediction) is _BatchPrediction else None
            if deferred is None:
                plain[at] = (prediction.reason, list(prediction.top_terms))
                batches[at], rows[at] = None, 0
            else:
                batches[at], rows[at] = deferred
        return confidence, predicted, batches, rows, plain


class BatchRows:
    """One batch's rows of a :class:`ScanPredictions`, as a list of its predictions: reading a
    row makes its prediction, assigning one keeps that object for the row."""

    __slots__ = ("_of", "_start", "_size")

    def __init__(self, of: ScanPredictions, start: int, size: int) -> None:
        self._of, self._start, self._size = of, start, size

    def __len__(self) -> int:
        return self._size

    def _position(self, row: int) -> int:
        if row < 0:
            row += self._size
        if not 0 <= row < self._size:
            raise IndexError("prediction index out of range")
        return self._start + row

    def __getitem__(self, row: int) -> Prediction:
        return self._of[self._position(row)]

    def __setitem__(self, row: int, prediction: Prediction) -> None:
        self._of.own[self._position(row)] = prediction
