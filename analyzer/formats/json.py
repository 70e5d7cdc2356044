"""JSON: the whole report, every item included, keys in a stable documented order.

The text is exactly ``json.dumps(report.to_dict(), indent=2, ensure_ascii=False,
allow_nan=False)`` plus a newline, written without building that dict for the items: Python's
encoder runs in pure Python whenever it indents (about 40 µs per item), so each
:class:`~analyzer.report.ItemResult` is written from its fields with the C string encoder and a
fixed layout, and the rest of the report (small: people, windows, flags) goes through
``json.dumps`` as before. An item holding anything but the plain types it declares is written
the slow, general way, so the output never differs (``tests/test_json_speed_equivalence.py``).
Items are written a chunk at a time (:func:`_item_texts`: each field of the chunk's items read
and written at once, the reasons and terms from the classifier's batch in bulk), each text
exactly :func:`_item`'s (``tests/test_json_chunk_writer.py``).
"""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from itertools import repeat
from operator import attrgetter
from typing import IO, Any

import numpy as np

from _backlog_analyzer_runtime.gc_pause import collector_paused
from analyzer.formats.interface import ReportFormat
from analyzer.report import (
    FIRST_FIELDS,
    DeferredItemResult,
    ItemResult,
    Report,
    reasons_and_terms,
    to_jsonable,
)
from models._batch_reasons import place_codes

_STR = json.encoder.encode_basestring  # the ensure_ascii=False string encoder (C when built)
_ITEM_LISTS = frozenset({"items", "top_strategic", "top_tactical"})  # lists of ItemResult
_CHUNK = 2048  # items joined per piece when streaming

_TERM = ",\n        "  # between an item's terms (three levels deep)
#: Item classes written the fast way (a deferred item's reason and terms are built as it is).
_PLAIN_ITEMS = frozenset({ItemResult, DeferredItemResult})


def _dumps(value: Any, depth: int) -> str:
    """``value`` (plain JSON types) as ``json.dumps(indent=2)`` writes it ``depth`` levels in."""
    text = json.dumps(value, indent=2, ensure_ascii=False, allow_nan=False)
    # Strings never hold a raw newline (it is escaped), so every newline is layout.
    return text.replace("\n", "\n" + "  " * depth) if depth else text


def _general_item(item: Any) -> str:
    return _dumps(to_jsonable(item), 2)


_TWO = [f"{i:02d}" for i in range(100)]


def _when(value: Any) -> str:
    """A ``datetime | None`` field as ``to_jsonable`` gives it (``isoformat``, quoted).

    UTC and naive times are formatted from their fields (``isoformat`` costs ~1.5 µs: it goes
    through ``PyUnicode_FromFormat``); other offsets and years before 1000 call ``isoformat``."""
    if value is None:
        return "null"
    if type(value) is not datetime:
        raise TypeError("not a datetime")
    zone, year = value.tzinfo, value.year
    if (zone is None or zone is UTC) and year >= 1000:
        two, micro = _TWO, value.microsecond
        return (
            f'"{year}-{two[value.month]}-{two[value.day]}T{two[value.hour]}:{two[value.minute]}'
            f":{two[value.second]}{f'.{micro:06d}' if micro else ''}"
            f'{"" if zone is None else "+00:00"}"'
        )
    return f'"{value.isoformat()}"'


def _item(item: ItemResult) -> str:
    """One item as the general path writes it in the ``items`` list."""
    if type(item) not in _PLAIN_ITEMS:
        return _general_item(item)
    if type(item) is DeferredItemResult:
        reason, terms = item.reason_and_terms()
    else:
        reason, terms = item.reason, item.terms
    confidence, closed, count = item.confidence, item.closed, item.activity_count
    if (
        type(confidence) is not float
        or not math.isfinite(confidence)
        or type(count) is not int
        or type(closed) is not bool
        or type(terms) is not list
    ):
        return _general_item(item)
    try:
        listed = "[\n        " + _TERM.join(map(_STR, terms)) + "\n      ]" if terms else "[]"
        s, key, kind, status = _STR, item.key, item.type, item.status
        who, who_id, predicted, column, url = (
            item.assignee,
            item.assignee_id,
            item.predicted_label,
            item.column,
            item.url,
        )
        return (
            f'{{\n      "id": {s(item.id)},\n      "key": {"null" if key is None else s(key)}'
            f',\n      "title": {s(item.title)},\n      "label": {s(item.label)}'
            f',\n      "confidence": {round(confidence, 4)!r},\n      "reason": {s(reason)}'
            f',\n      "type": {"null" if kind is None else s(kind)}'
            f',\n      "status": {"null" if status is None else s(status)}'
            f',\n      "assignee": {"null" if who is None else s(who)}'
            f',\n      "assignee_id": {"null" if who_id is None else s(who_id)}'
            f',\n      "predicted_label": {"null" if predicted is None else s(predicted)}'
            f',\n      "terms": {listed}'
            f',\n      "column": {"null" if column is None else s(column)}'
            f',\n      "closed": {"true" if closed else "false"}'
            f',\n      "created": {_when(item.created)},\n      "updated": {_when(item.updated)}'
            f',\n      "activity_count": {count!r}'
            f',\n      "url": {"null" if url is None else s(url)}'
            "\n    }"
        )
    except TypeError:  # a field holding another type than declared
        return _general_item(item)


class _Texts(dict):
    """Value -> its JSON text (``null`` for None), each written once: for the fields a chunk's
    items share few values of (label, type, status, people, column)."""

    def __missing__(self, value: Any) -> str:
        text = self[value] = "null" if value is None else _STR(value)
        return text


_BOOL = {True: "true", False: "false"}
#: The fields :func:`_item_texts` reads of each item (reason and terms aside), in that order.
_FIELDS = tuple(
    map(
        attrgetter,
        ("id", "key", "title", "label", "confidence", "type", "status", "assignee",
         "assignee_id", "predicted_label", "column", "closed", "created", "updated",
         "activity_count", "url"),
    )
)  # fmt: skip


#: ``repr(round(x, 4))`` of every x in [0, 1] with four decimals: ``repr(i / 10000)``.
_PLACES = np.array([repr(i / 10_000) for i in range(10_001)], dtype=object)


def _rounded(values: Sequence[float]) -> list[str]:
    """``repr(round(value, 4))`` of each of ``values`` (finite floats), read from
    :data:`_PLACES` where numpy's rounding is exactly Python's (away from a tie, in [0, 1]:
    ``models._batch_reasons.place_codes``), else computed (-0.0 too)."""
    array = np.array(values, dtype=np.float64)
    codes, exact = place_codes(array)
    out = _PLACES[codes].tolist()
    for k in np.flatnonzero(~exact | np.signbit(array)).tolist():  # -0.0 rounds to -0.0
        out[k] = repr(round(values[k], 4))
    return out


def _nullable(values: Sequence[Any]) -> list[str]:
    s = _STR
    return ["null" if v is None else s(v) for v in values]


def _item_texts(items: list[Any]) -> list[str]:
    """:func:`_item` of each of ``items`` (a chunk), written field by field for all of them at
    once: the items' fields read in one pass, a field's few distinct values (a label, a status,
    a person) written once, the confidences rounded from a table, the reasons and terms read
    from the classifier's batch in bulk (:func:`~analyzer.report.reasons_and_terms`), the texts
    put together by one ``zip`` (≈ 1.2x faster than item by item at 100k items). A chunk
    holding anything the per-item writer would write another way (not a plain item, a field of
    another type) is written item by item."""
    if not items:
        return []
    if not _FAST:
        return list(map(_general_item, items))
    if not set(map(type, items)) <= _PLAIN_ITEMS:
        return list(map(_item, items))
    # each field read for the whole chunk (no tuple per item: fewer objects for the collector)
    ids, keys, titles, labels, confidence, kinds, statuses, assignees = (
        list(map(get, items)) for get in _FIELDS[:8]
    )
    assignee_ids, predicted, columns, closed, created, updated, counts, urls = (
        list(map(get, items)) for get in _FIELDS[8:]
    )
    reasons, term_lists = reasons_and_terms(items)
    if (
        set(map(type, confidence)) != {float}
        or not all(map(math.isfinite, confidence))
        or set(map(type, closed)) != {bool}
        or set(map(type, counts)) != {int}
        or not set(map(type, term_lists)) <= {list}
    ):
        return list(map(_item, items))
    s = _STR
    try:
        listed = [
            "[\n        " + _TERM.join(map(s, terms)) + "\n      ]" if terms else "[]"
            for terms in term_lists
        ]
        few = _Texts().__getitem__
        fields = [
            map(s, ids),
            _nullable(keys),
            map(s, titles),
            list(map(few, labels)),
            _rounded(confidence),
            map(s, reasons),
            list(map(few, kinds)),
            list(map(few, statuses)),
            list(map(few, assignees)),
            list(map(few, assignee_ids)),
            list(map(few, predicted)),
            listed,
            list(map(few, columns)),
            map(_BOOL.__getitem__, closed),
            list(map(_when, created)),
            list(map(_when, updated)),
            map(int.__repr__, counts),
            _nullable(urls),
        ]
        # map objects are read by the zip below; the lists above are read now, so a field of
        # another type raises here (the maps over C functions raise in the zip, inside this try)
        parts: list[Any] = []
        for literal, column in zip(_LITERALS[:-1], fields, strict=True):
            parts += (repeat(literal), column)
        parts.append(repeat(_LITERALS[-1]))
        return list(map("".join, zip(*parts, strict=False)))  # the literals repeat
    except TypeError:  # a field holding another type than declared
        return list(map(_item, items))


_ITEM_FIELDS = tuple(f.name for f in dataclasses.fields(ItemResult))
_FAST_FIELDS = [
    "id",
    "key",
    "title",
    "label",
    "confidence",
    "reason",
    "type",
    "status",
    "assignee",
    "assignee_id",
    "predicted_label",
    "terms",
    "column",
    "closed",
    "created",
    "updated",
    "activity_count",
    "url",
]
#: False when ItemResult gained or reordered a field: every item then goes the general way.
_FAST = list(_ITEM_FIELDS) == _FAST_FIELDS
#: What comes before each field of an item (as :func:`_item` writes it), and its end.
_LITERALS = (
    '{\n      "id": ',
    *(f',\n      "{name}": ' for name in _FAST_FIELDS[1:]),
    "\n    }",
)


def _item_list(items: list[Any], chunk: int) -> Iterator[str]:
    """A list of items as the value of a top-level key: ``chunk`` items joined per piece, or
    (``chunk`` 0) each item and separator a piece of its own.

    One item with a character beyond U+FFFF (an emoji) makes Python store a whole joined
    chunk at 4 bytes per character, so :meth:`JsonFormat.render` keeps items apart until its
    one final join (the pieces stay 1 byte per character) and :meth:`JsonFormat.write` holds
    one chunk at a time."""
    if not items:
        yield "[]"
        return
    yield "[\n    "
    if not chunk:
        for start in range(0, len(items), _CHUNK):
            texts = iter(_item_texts(items[start : start + _CHUNK]))
            if start == 0:
                yield next(texts)
            for each in texts:
                yield ",\n    "
                yield each
    else:
        for start in range(0, len(items), chunk):
            piece = ",\n    ".join(_item_texts(items[start : start + chunk]))
            yield piece if start == 0 else ",\n    " + piece
    yield "\n  ]"


def iter_json(report: Report, chunk: int | None = None) -> Iterator[str]:
    """The JSON report in pieces (concatenated: :meth:`JsonFormat.render`'s text); ``chunk``
    items per piece of an item list (default ``_CHUNK``; 0: one piece per item)."""
    chunk = _CHUNK if chunk is None else chunk
    names = [*FIRST_FIELDS]
    names += [f.name for f in dataclasses.fields(report) if f.name not in FIRST_FIELDS]
    yield "{"
    for i, name in enumerate(names):
        yield ("\n  " if i == 0 else ",\n  ") + _STR(name) + ": "
        value = getattr(report, name)
        if name in _ITEM_LISTS and type(value) is list:
            yield from _item_list(value, chunk)
        else:
            yield _dumps(to_jsonable(value), 1)
    yield "\n}\n"


class JsonFormat(ReportFormat):
    name = "json"
    suffixes = (".json",)
    description = "machine-readable, every item (schema_version, summary, people, items, ...)"

    def render(self, report: Report) -> str:
        if type(report) is not Report:  # a subclass may shape its own dict
            return (
                json.dumps(report.to_dict(), indent=2, ensure_ascii=False, allow_nan=False) + "\n"
            )
        with collector_paused():  # as in write
            return "".join(iter_json(report, chunk=0))

    def write(self, report: Report, stream: IO[str]) -> None:
        """Write the report to ``stream`` piece by piece (never the whole text at once).

        The cyclic collector is paused meanwhile: writing makes no cycles, and a scan's first
        collection after its paused work walks every object of the board and report (≈ 0.2 CPU
        s per 100k items) — paid by whatever allocates next, here the writer, item by item."""
        if type(report) is not Report:
            stream.write(self.render(report))
            return
        with collector_paused():
            for piece in iter_json(report):
                stream.write(piece)
