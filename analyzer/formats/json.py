"""JSON: the whole report, every item included, keys in a stable documented order.

The text is exactly ``json.dumps(report.to_dict(), indent=2, ensure_ascii=False,
allow_nan=False)`` plus a newline, written without building that dict for the items: Python's
encoder runs in pure Python whenever it indents (about 40 µs per item), so each
:class:`~analyzer.report.ItemResult` is written from its fields with the C string encoder and a
fixed layout (:func:`_item`), and the rest of the report (small: people, windows, flags) goes
through ``json.dumps`` as before. An item holding anything but the plain types it declares is
written the slow, general way, so the output never differs
(``tests/test_json_speed_equivalence.py``). Items are written a chunk at a time by the private
fast path :mod:`analyzer.formats._json_chunks` (each field of the chunk's items read and written
at once), each text exactly :func:`_item`'s (``tests/test_json_chunk_writer.py``).
"""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Iterator
from typing import IO, Any

from _backlog_analyzer_runtime.gc_pause import collector_paused
from analyzer.formats._json_chunks import (
    FIELDS,
    PLAIN_ITEMS,
    STR,
    chunk_bytes,
    chunk_text,
    columns_bytes,
    item_texts,
    listed,
    when,
)
from analyzer.formats.interface import ReportFormat, Utf8Text
from analyzer.item_columns import ItemColumns
from analyzer.report import (
    FIRST_FIELDS,
    TEXT_ONLY_FIELDS,
    DeferredItemResult,
    ItemResult,
    Report,
    held_items,
    to_jsonable,
)

_ITEM_LISTS = frozenset({"items", "top_strategic", "top_tactical"})  # lists of ItemResult
_CHUNK = 2048  # items joined per piece when streaming
_SEPARATOR = ",\n    "  # between two items of a list
_SEPARATOR_UTF8 = _SEPARATOR.encode()
#: False when ItemResult gained or reordered a field: every item then goes the general way.
_FAST = [f.name for f in dataclasses.fields(ItemResult)] == FIELDS


def _dumps(value: Any, depth: int) -> str:
    """``value`` (plain JSON types) as ``json.dumps(indent=2)`` writes it ``depth`` levels in."""
    text = json.dumps(value, indent=2, ensure_ascii=False, allow_nan=False)
    # Strings never hold a raw newline (it is escaped), so every newline is layout.
    return text.replace("\n", "\n" + "  " * depth) if depth else text


def _general_item(item: Any) -> str:
    return _dumps(to_jsonable(item), 2)


def _item(item: ItemResult) -> str:
    """One item as the general path writes it in the ``items`` list."""
    if type(item) not in PLAIN_ITEMS:
        return _general_item(item)
    if type(item) is DeferredItemResult:
        reason, terms = item.reason_and_terms()
    else:
        reason, terms = item.reason, item.terms
    confidence, closed, count = item.confidence, item.closed, item.activity_count
    owners, owner_ids = item.assignees, item.assignee_ids
    if (
        type(confidence) is not float
        or not math.isfinite(confidence)
        or type(count) is not int
        or type(closed) is not bool
        or type(terms) is not list
        or type(owners) is not list
        or type(owner_ids) is not list
    ):
        return _general_item(item)
    try:
        said = listed(terms)
        s, key, kind, status = STR, item.key, item.type, item.status
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
            f',\n      "terms": {said}'
            f',\n      "column": {"null" if column is None else s(column)}'
            f',\n      "closed": {"true" if closed else "false"}'
            f',\n      "created": {when(item.created)},\n      "updated": {when(item.updated)}'
            f',\n      "activity_count": {count!r}'
            f',\n      "url": {"null" if url is None else s(url)}'
            f',\n      "assignees": {listed(owners)}'
            f',\n      "assignee_ids": {listed(owner_ids)}'
            "\n    }"
        )
    except TypeError:  # a field holding another type than declared
        return _general_item(item)


def _item_texts(items: list[Any]) -> list[str]:
    """:func:`_item` of each of ``items`` (a chunk), by the chunk writer
    (:func:`~analyzer.formats._json_chunks.item_texts`), which hands odd chunks back to it."""
    if not _FAST:
        return list(map(_general_item, items))
    return item_texts(items, _item)


def _chunk_text(items: list[Any], lead: str) -> str:
    """``lead + _SEPARATOR.join(_item_texts(items))``, by the chunk writer in one join
    (:func:`~analyzer.formats._json_chunks.chunk_text`): no text per item, and a 1.6 MB chunk
    not copied again to put the separator before it."""
    if not _FAST:
        return lead + _SEPARATOR.join(map(_general_item, items))
    return chunk_text(items, _item, _SEPARATOR, lead)


def _chunk_utf8(items: list[Any], lead: str, errors: str) -> bytes:
    """``_chunk_text(items, lead)`` encoded as UTF-8 (``errors``: the stream's), laid out as bytes
    (:func:`~analyzer.formats._json_chunks.chunk_bytes`) where the chunk can be."""
    if _FAST:
        found = chunk_bytes(items, _SEPARATOR_UTF8, lead.encode())
        if found is not None:
            return found
    return _chunk_text(items, lead).encode("utf-8", errors)


def _item_list(items: list[Any], chunk: int, errors: str | None = None) -> Iterator[str | bytes]:
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
                yield _SEPARATOR
                yield each
    elif errors is not None:  # each chunk as UTF-8 bytes
        for start in range(0, len(items), chunk):
            lead = "" if start == 0 else _SEPARATOR
            yield _chunk_utf8(items[start : start + chunk], lead, errors)
    else:
        for start in range(0, len(items), chunk):
            yield _chunk_text(items[start : start + chunk], "" if start == 0 else _SEPARATOR)
    yield "\n  ]"


def _column_list(
    columns: ItemColumns, chunk: int, errors: str | None = None
) -> Iterator[str | bytes]:
    """:func:`_item_list` of a scan's items held as columns: each chunk of UTF-8 bytes laid
    from the columns (:func:`~analyzer.formats._json_chunks.columns_bytes`) where it can be,
    any other chunk (and the text pieces) written from its items, made for it alone."""
    n = len(columns)
    if not n or not _FAST or errors is None or not chunk:
        yield from _item_list(_Chunks(columns), chunk, errors)
        return
    yield "[\n    "
    for start in range(0, n, chunk):
        stop, lead = min(start + chunk, n), "" if start == 0 else _SEPARATOR
        found = columns_bytes(columns, start, stop, _SEPARATOR_UTF8, lead.encode())
        yield (
            found if found is not None else _chunk_utf8(columns.between(start, stop), lead, errors)
        )
    yield "\n  ]"


class _Chunks:
    """The columns' items as :func:`_item_list` reads them (its length, its slices), each slice
    made when read (a whole board's items never held at once)."""

    __slots__ = ("columns",)

    def __init__(self, columns: ItemColumns) -> None:
        self.columns = columns

    def __len__(self) -> int:
        return len(self.columns)

    def __getitem__(self, at: slice) -> list[ItemResult]:
        start, stop, _ = at.indices(len(self.columns))
        return self.columns.between(start, stop)


def iter_json_utf8(report: Report, errors: str = "strict") -> Iterator[bytes]:
    """:func:`iter_json`'s pieces encoded as UTF-8 (``errors`` as ``str.encode`` takes it), the
    items' chunks laid out as bytes without a text of the chunk in between."""
    for piece in _pieces(report, _CHUNK, errors):
        yield piece if type(piece) is bytes else piece.encode("utf-8", errors)  # type: ignore[union-attr]


def iter_json(report: Report, chunk: int | None = None) -> Iterator[str]:
    """The JSON report in pieces (concatenated: :meth:`JsonFormat.render`'s text); ``chunk``
    items per piece of an item list (default ``_CHUNK``; 0: one piece per item)."""
    return _pieces(report, _CHUNK if chunk is None else chunk)  # type: ignore[return-value]


def _pieces(report: Report, chunk: int, errors: str | None = None) -> Iterator[str | bytes]:
    """:func:`iter_json`'s pieces; with ``errors``, each item list's chunks as UTF-8 bytes."""
    names = [*FIRST_FIELDS]
    names += [
        f.name
        for f in dataclasses.fields(report)
        if f.name not in FIRST_FIELDS and f.name not in TEXT_ONLY_FIELDS
    ]
    yield "{"
    for i, name in enumerate(names):
        yield ("\n  " if i == 0 else ",\n  ") + STR(name) + ": "
        value = held_items(report) if name == "items" else getattr(report, name)
        if name == "items" and type(value) is ItemColumns:
            yield from _column_list(value, chunk, errors)
        elif name in _ITEM_LISTS and type(value) is list:
            yield from _item_list(value, chunk, errors)
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
        s per 100k items) — paid by whatever allocates next, here the writer, item by item.

        A :class:`~analyzer.formats.interface.Utf8Text` stream (a report file) is written as
        UTF-8 bytes to its buffer (:func:`iter_json_utf8`): the same bytes, without a text of
        each chunk in between."""
        if type(report) is not Report:
            stream.write(self.render(report))
            return
        with collector_paused():
            if isinstance(stream, Utf8Text) and stream.encoding == "utf-8":
                stream.flush()  # what was written as text goes first
                for data in iter_json_utf8(report, stream.errors):
                    stream.buffer.write(data)
                return
            for piece in iter_json(report):
                stream.write(piece)
