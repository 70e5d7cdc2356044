"""The domain dataclasses as the JSON the store keeps, and back."""

from __future__ import annotations

import json
import sqlite3
from array import array
from collections.abc import Callable, Iterable
from dataclasses import fields
from datetime import UTC, datetime
from typing import Any

import msgspec

from connectors.interface import Activity, ActivityKind, Item
from connectors.mapping.common import share_empty

# -- (de)serialising the domain types ---------------------------------------------------------

_DATETIME_FIELDS = {"created", "updated", "resolved", "due", "timestamp"}


def _now() -> datetime:
    return datetime.now(UTC)


def _iso(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def _parse_dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _to_json(obj: Any) -> str:
    """JSON of a domain dataclass. Dates keep their own offset (or none), as the source gave
    them, so a report from the store groups them into the same days and windows as a scan; the
    query columns (``updated``, ``timestamp``) hold them in UTC.

    The text is what ``json.dumps(..., ensure_ascii=False, sort_keys=True)`` gives for the
    fields as a dict (see :func:`_to_json_generic`), built by a per-class writer: a sync saves a
    million activities, and the dict + encoder round trip was most of ``save_page``'s time.
    """
    writer = _WRITERS.get(type(obj))
    if writer is None:
        writer = _WRITERS[type(obj)] = _make_writer(type(obj))
    return writer(obj)


def _to_json_generic(obj: Any) -> str:
    """The reference for :func:`_to_json` (tests compare the two)."""
    out: dict[str, Any] = {}
    for name in _field_names(type(obj)):
        value = getattr(obj, name)
        if isinstance(value, datetime):
            value = value.isoformat(timespec="microseconds")
        elif isinstance(value, ActivityKind):
            value = value.value
        out[name] = value
    return _ENCODE(out)


# One encoder for every row (json.dumps with options builds a new one per call).
_ENCODE = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode
_STRING = json.encoder.encode_basestring  # the C encoder of one str, as _ENCODE writes it
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}
_WRITERS: dict[type, Callable[[Any], str]] = {}


def _field_names(cls: type) -> tuple[str, ...]:
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = tuple(f.name for f in fields(cls))
    return names


def _plain(value: Any) -> str:
    if type(value) is str:
        return _STRING(value)
    if value is None:
        return "null"
    if isinstance(value, datetime):
        return '"' + value.isoformat(timespec="microseconds") + '"'
    if isinstance(value, ActivityKind):
        return _STRING(value.value)
    return _ENCODE(value)


def _make_writer(cls: type) -> Callable[[Any], str]:
    """``obj -> JSON`` for one dataclass: its fields in sorted order, each through ``_plain``
    (a str field's common case inlined), compiled once per class."""
    parts = []
    for name in sorted(_field_names(cls)):
        if not name.isidentifier():  # dataclass field names always are; belt and braces
            raise ValueError(f"unexpected field name {name!r}")
        value = f"o.{name}"
        parts.append(
            f"{_STRING(name)}: ' + (S({value}) if type({value}) is str else P({value})) + '"
        )
    source = "def write(o):\n    return '{" + ", ".join(parts) + "}'\n"
    namespace: dict[str, Any] = {"S": _STRING, "P": _plain}
    exec(compile(source, f"<store writer for {cls.__name__}>", "exec"), namespace)  # noqa: S102
    return namespace["write"]


def _from_json(cls: type, text: str) -> Any:
    try:
        kwargs, _ = _SCAN(text, 0)  # the C scanner without decode()'s whitespace regexes
    except StopIteration:
        kwargs = json.loads(text)  # not JSON: json's own error, with its position
    known = _KNOWN_FIELDS.get(cls)
    if known is None:
        known = _KNOWN_FIELDS[cls] = frozenset(_field_names(cls))
    if not known.issuperset(kwargs):  # tolerate fields of other versions
        kwargs = {k: v for k, v in kwargs.items() if k in known}
    for name in _DATETIME_FIELDS.intersection(kwargs):
        value = kwargs[name]
        kwargs[name] = datetime.fromisoformat(value) if value else None
    if cls is Activity and "kind" in kwargs:
        kind = kwargs["kind"]
        kwargs["kind"] = _KINDS.get(kind) or ActivityKind(kind)
    return cls(**kwargs)


_SCAN = json.JSONDecoder().scan_once
_KINDS = {kind.value: kind for kind in ActivityKind}
_KNOWN_FIELDS: dict[type, frozenset[str]] = {}


# Items are read by msgspec straight into the dataclass (a report loads a million of them: the
# stdlib scanner + keyword call + date parsing per row cost 3x as much). A row msgspec refuses
# (a field of another type, an empty date written by an older version) takes the path above.
_ITEM = msgspec.json.Decoder(Item)


def _items_from_rows(
    rows: Iterable[tuple[int, str, str | bytes, int]],
    shared: dict[str | None, str | None],
    empty: tuple[list[str], dict[str, str]] | None,
    label_lists: dict[tuple[str, ...], list[str]] | None,
) -> tuple[list[Item], array, list[str]]:
    """The items of stored rows ``(rowid, item_id, data, removed)`` (a removed one ``closed``),
    with their rowids and the ids their activities name (the item's own id str when the same:
    no second str per item kept). Each row is read by msgspec (``_from_json(Item, text)``, the
    reference, for what msgspec refuses); the texts that repeat over a board (status, column,
    people, ...) become the one copy in ``shared`` (filled as rows are read): a million items
    hold a few hundred such strings, not millions. One loop, the steps written out (a report
    reads a million rows; tests/test_store_read_equivalence.py keeps the item-by-item form).

    ``empty``: one empty list and one empty dict that every item's empty list and dict fields
    become (a report's own board, read only: ≈ 290 bytes less per item, 0.28 GB at 1M).
    ``label_lists``: a report's own board (read only): items with the same labels share one
    list (≈ 90 bytes an item), and the rank, which no report reads, is left out (≈ 60 bytes).
    ``data`` may be the JSON's UTF-8 bytes (``CAST(data AS BLOB)``): msgspec reads them as they
    are, with no str of the whole row made and encoded back."""
    items: list[Item] = []
    rowids = array("q")
    keys: list[str] = []
    decode, one = _ITEM.decode, shared.setdefault
    add_item, add_rowid, add_key = items.append, rowids.append, keys.append
    for rowid, stored_id, data, removed in rows:
        try:
            item = decode(data)
        except msgspec.MsgspecError:
            item = _from_json(Item, _text(data, rowid))
        if empty is not None:
            share_empty(item, *empty)
        if label_lists is not None:
            item.rank = None
            labels = item.labels
            if labels:
                item.labels = label_lists.setdefault(tuple(labels), labels)
        item.source = one(item.source, item.source)  # type: ignore[assignment]
        item.type = one(item.type, item.type)
        item.status = one(item.status, item.status)
        item.status_category = one(item.status_category, item.status_category)
        item.column = one(item.column, item.column)
        item.sprint = one(item.sprint, item.sprint)
        item.assignee = one(item.assignee, item.assignee)
        item.reporter = one(item.reporter, item.reporter)
        item.priority = one(item.priority, item.priority)
        item.parent = one(item.parent, item.parent)
        if removed:
            item.closed = True
        add_item(item)
        add_rowid(rowid)
        item_id = item.id
        add_key(item_id if item_id == stored_id else stored_id)
    return items, rowids, keys


def _text(data: str | bytes, rowid: int) -> str:
    """A row's JSON as text; bytes that are not UTF-8 are the damaged row SQLite would have
    refused to read as text (the same error, one line through the store)."""
    if isinstance(data, str):
        return data
    try:
        return data.decode()
    except UnicodeDecodeError:
        raise sqlite3.OperationalError(
            f"Could not decode to UTF-8 the data of item row {rowid}"
        ) from None
