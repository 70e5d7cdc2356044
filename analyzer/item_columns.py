"""A scan's report items as columns (issue 16): the board's items, the labels, confidences,
activity counts and the classifier's batch rows, with no :class:`~analyzer.report.ItemResult`
made per item unless one is read.

:func:`analyzer.balance.analyse` (``item_columns=True``, a scan's own board) puts one in
``Report.items``; reading ``report.items`` gives the list of items as before (made then, once),
while the JSON writer lays a chunk's bytes from the columns (``_json_chunks.columns_bytes``)
without an item object. An item read alone (``columns[k]``: the top lists) is made once and
kept, so it is the object the full list holds later. Made items are compared with the columns
before a chunk holding one is written from them: an item changed since is written from itself.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from operator import attrgetter, itemgetter, methodcaller
from typing import Any

import numpy as np

from analyzer.report import DEFERRED, DeferredItemResult, ItemResult
from connectors.interface import Item
from models.interface import Prediction

_CONFIDENCE, _LABEL = attrgetter("confidence"), attrgetter("label")
_DEFERRED = methodcaller("deferred")
_BATCH, _ROW = itemgetter(0), itemgetter(1)
#: Predictions read a part at a time (the parts' transient tuples reuse one part's memory).
_PART = 65_536
_NEW = object.__new__
_FILL = ItemResult.__init__
_REASON, _TERMS = ItemResult.__dict__["reason"], ItemResult.__dict__["terms"]
#: The item fields (:class:`~connectors.interface.Item`) a report item copies as they are.
_SAME = ("id", "key", "title", "type", "column", "closed", "created", "updated", "url")


def fill_item(
    result: ItemResult,
    item: Item,
    label: str,
    confidence: float,
    reason: Any,
    names: dict[str, str],
    predicted: str | None,
    terms: Any,
    count: int,
    others: Sequence[str] | None = None,
) -> None:
    """Fill ``result`` (made by ``object.__new__``) as the report's item of ``item``: the
    dataclass' own ``__init__``, positional (no keywords to match a million times); the
    assignee shown by ``names`` (its display name, else its id); ``others``: the ids of its
    owners after the assignee (``Report.other_owners``), in ``assignees`` with it."""
    assignee = item.assignee
    shown = names.get(assignee, assignee) if assignee else None
    _FILL(
        result,
        item.id,
        item.key,
        item.title,
        label,
        confidence,
        reason,
        item.type,
        item.status or item.column,
        shown,
        assignee,
        predicted,
        terms,
        item.column,
        item.closed,
        item.created,
        item.updated,
        count,
        item.url,
        *owners(assignee, shown, others, names),
    )


def owners(
    assignee: str | None, shown: str | None, others: Sequence[str] | None, names: dict[str, str]
) -> tuple[list[str], list[str]]:
    """An item's ``assignees`` and ``assignee_ids``: its ``assignee`` (``shown``: its name),
    then ``others`` (the ids of its other owners), each once, named by ``names`` (else its
    id)."""
    if not others:
        return ([shown], [assignee]) if assignee else ([], [])  # type: ignore[list-item]
    ids = list(dict.fromkeys([assignee, *others] if assignee else others))
    return [names.get(pid, pid) for pid in ids], ids


def _kept(values: Sequence[Any]) -> list[Any]:
    """``values`` itself when it is a list (a subclass too: a board's checked items), else a
    list of them."""
    return values if isinstance(values, list) else list(values)


def _parts(prediction: Prediction) -> tuple[Any, int] | None:
    """``prediction.deferred()`` (a classifier batch's ``(batch, row)``) where it has one."""
    deferred = getattr(prediction, "deferred", None)
    return deferred() if callable(deferred) else None


class ItemColumns(Sequence[ItemResult]):
    """The report's items of a board (``items[k]`` is the report item of ``board_items[k]``)."""

    __slots__ = ("board_items", "labels", "confidence", "predicted", "batches", "rows")
    __slots__ += ("plain", "counts", "names", "made", "others")

    def __init__(
        self,
        board_items: Sequence[Item],
        predictions: list[Prediction],
        labels: Sequence[str],
        names: dict[str, str],
        counts: Sequence[int],
        drop: bool = False,
        others: dict[str, list[str]] | None = None,
        given: bool = False,
    ) -> None:
        """What :func:`analyzer.balance._item_results` copies into each item, kept by column.
        ``drop``: each of ``predictions`` is set to None once read (as there), a part at a time
        (their memory reused by the next part's columns). ``others``: item id -> the ids of its
        owners after its assignee (``Report.other_owners``). ``given``: ``board_items``,
        ``labels`` and ``counts`` are lists nobody changes after (a scan's own board and its
        analysis' lists): kept as they are, not copied (8 MB each at 1M items)."""
        n = len(board_items)
        if not len(predictions) == len(labels) == len(counts) == n:
            raise ValueError("one prediction, label and count per item")
        keep = _kept if given else list
        self.board_items: list[Item] = keep(board_items)
        self.labels: list[str] = keep(labels)
        self.counts: list[int] = keep(counts)
        self.names = names
        self.others: dict[str, list[str]] = others or {}
        # float(prediction.confidence) of each, as the report item holds it
        self.confidence = np.empty(n, np.float64)
        self.predicted: list[str | None] = []
        # each item's classifier batch (None: a prediction without one) and row in it
        self.batches: list[Any] = []
        self.rows = np.zeros(n, np.int64)
        # a prediction without a batch (a correction's, another model's): its reason and terms
        self.plain: dict[int, tuple[str, list[str]]] = {}
        self.made: dict[int, ItemResult] = {}
        by_column = getattr(predictions, "item_columns", None)
        if by_column is not None:  # a scan's (models._scan_predictions): no object per item
            self.confidence, self.predicted, self.batches, self.rows, self.plain = by_column()
            return
        kinds = set(map(type, predictions))
        bulk = all(callable(getattr(kind, "deferred", None)) for kind in kinds)
        # one class reading its parts by column (the classifier's batch predictions)
        columns = getattr(next(iter(kinds)), "deferred_columns", None) if len(kinds) == 1 else None
        for start in range(0, n, _PART):
            stop = min(start + _PART, n)
            part = predictions[start:stop]
            self.confidence[start:stop] = np.fromiter(map(_CONFIDENCE, part), np.float64)
            self.predicted += map(_LABEL, part)
            read = columns(part) if columns is not None else None
            if read is not None:
                self.batches += read[0]
                self.rows[start:stop] = read[1]
                del part, read
                if drop:
                    predictions[start:stop] = [None] * (stop - start)  # type: ignore[list-item]
                continue
            found = list(map(_DEFERRED if bulk else _parts, part))
            if None in found:
                for k, said in enumerate(found):
                    if said is None:
                        self.plain[start + k] = (part[k].reason, list(part[k].top_terms))
                        found[k] = (None, 0)
            self.batches += map(_BATCH, found)
            self.rows[start:stop] = np.fromiter(map(_ROW, found), np.int64, stop - start)
            del part, found
            if drop:
                predictions[start:stop] = [None] * (stop - start)  # type: ignore[list-item]

    def __len__(self) -> int:
        return len(self.board_items)

    def __getitem__(self, at: Any) -> Any:
        if isinstance(at, slice):
            return [self[k] for k in range(*at.indices(len(self)))]
        if at < 0:
            at += len(self)
        found = self.made.get(at)
        if found is None:
            found = self.made[at] = self._make(at)
        return found

    def __iter__(self) -> Iterator[ItemResult]:
        return iter(self.between(0, len(self)))

    def between(self, start: int, stop: int) -> list[ItemResult]:
        """The items ``start:stop``: the ones made before as they are, the others made now
        (and not kept)."""
        made, make = self.made, self._make
        return [made.get(k) or make(k) for k in range(start, stop)]

    def to_list(self) -> list[ItemResult]:
        """Every item, each made once (the ones made before are these)."""
        out = self.between(0, len(self))
        self.made = dict(enumerate(out))
        return out

    def _make(self, at: int) -> ItemResult:
        """The report item at ``at``, as ``analyzer.balance._item_result`` makes it."""
        item, batch = self.board_items[at], self.batches[at]
        if batch is None:
            result = _NEW(ItemResult)
            reason, terms = self.plain[at]
        else:
            result = _NEW(DeferredItemResult)
            reason = terms = DEFERRED
        fill_item(
            result,
            item,
            self.labels[at],
            float(self.confidence[at]),
            reason,
            self.names,
            self.predicted[at],
            terms,
            self.counts[at],
            self.others.get(item.id),
        )
        if batch is not None:
            result._source, result._row = batch, int(self.rows[at])  # type: ignore[attr-defined]
        return result

    def unchanged(self, start: int, stop: int) -> bool:
        """Whether every item made before in ``start:stop`` still holds what the columns hold
        (the same objects; a confidence of the same value and sign), so the columns write it."""
        made = self.made
        if not made:
            return True
        if len(made) < stop - start:
            at = [k for k in made if start <= k < stop]
        else:
            at = [k for k in range(start, stop) if k in made]
        return all(self._same(made[k], k) for k in at)

    def _same(self, result: ItemResult, at: int) -> bool:
        item, batch = self.board_items[at], self.batches[at]
        if batch is None or type(result) is not DeferredItemResult:
            return False  # (a chunk with such an item is written from its items anyway)
        if (
            _REASON.__get__(result) is not DEFERRED
            or _TERMS.__get__(result) is not DEFERRED
            or result._source is not batch  # type: ignore[attr-defined]
            or result._row != self.rows[at]  # type: ignore[attr-defined]
        ):
            return False
        for name in _SAME:
            if getattr(result, name) is not getattr(item, name):
                return False
        assignee = item.assignee
        shown = self.names.get(assignee, assignee) if assignee else None
        confidence, held = result.confidence, float(self.confidence[at])
        said, ids = owners(assignee, shown, self.others.get(item.id), self.names)
        return (
            result.assignees == said
            and result.assignee_ids == ids
            and result.status is (item.status or item.column)
            and result.assignee is shown
            and result.assignee_id is assignee
            and result.label is self.labels[at]
            and result.predicted_label is self.predicted[at]
            and result.activity_count is self.counts[at]
            and type(confidence) is float
            and confidence == held
            and math.copysign(1.0, confidence) == math.copysign(1.0, held)
        )
