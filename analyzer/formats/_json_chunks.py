"""The JSON report's fast path: a chunk of items written field by field for all of them at once.

Private to :mod:`analyzer.formats.json`, whose per-item writer is the reference and the
fallback: :func:`item_texts` gives exactly its text for each item
(``tests/test_json_chunk_writer.py``), and hands a chunk holding anything it would write another
way (not a plain item, a field of another type) back to it. Also the pieces both writers share:
the C string encoder, the item layout (:data:`FIELDS`) and :func:`when`.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from itertools import compress, repeat
from operator import attrgetter, is_, sub
from typing import Any

import msgspec
import numpy as np

from _backlog_analyzer_runtime.memo import Memo
from analyzer.item_columns import ItemColumns
from analyzer.item_columns import owners as owners_of
from analyzer.report import (
    DeferredItemResult,
    ItemResult,
    json_reasons_and_terms,
    reasons_and_terms,
    utf8_reason_pieces,
)
from models._batch_reasons import place_codes

STR = json.encoder.encode_basestring  # the ensure_ascii=False string encoder (C when built)
#: A value as JSON, UTF-8 bytes out: its strings escaped exactly as :data:`STR` escapes them
#: (every character, tested), a lone surrogate refused (``UnicodeEncodeError``).
ENCODE = msgspec.json.encode
TERM = ",\n        "  # between an item's terms (three levels deep)
#: An item's terms list as the writers lay it out: start, between two terms, end, and empty.
_TERMS_LAYOUT = ("[\n        ", TERM, "\n      ]", "[]")
#: Item classes written the fast way (a deferred item's reason and terms are built as it is).
PLAIN_ITEMS = frozenset({ItemResult, DeferredItemResult})
#: The item's fields in the order both writers write them (``ItemResult``'s, when it is fast).
FIELDS = [
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
    "assignees",
    "assignee_ids",
]

_TWO = [f"{i:02d}" for i in range(100)]


def when(value: Any) -> str:
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


def _text(value: Any) -> str:
    """A string field's JSON text (``null`` for None)."""
    return "null" if value is None else STR(value)


_BOOL = {True: "true", False: "false"}
#: The fields :func:`item_texts` reads of each item (reason and terms aside), in that order.
_FIELDS = tuple(
    map(
        attrgetter,
        ("id", "key", "title", "label", "confidence", "type", "status", "assignee",
         "assignee_id", "predicted_label", "column", "closed", "created", "updated",
         "activity_count", "url", "assignees", "assignee_ids"),
    )
)  # fmt: skip


#: ``repr(round(x, 4))`` of every x in [0, 1] with four decimals: ``repr(i / 10000)``.
_PLACES = np.array([repr(i / 10_000) for i in range(10_001)], dtype=object)


_PLACES_UTF8 = np.array([text.encode() for text in _PLACES.tolist()], dtype=object)


def rounded(values: Sequence[float]) -> list[str]:
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
    s = STR
    return ["null" if v is None else s(v) for v in values]


def listed(values: list[str]) -> str:
    """A list of strings three levels deep (an item's terms, its owners) as the writers lay
    it out."""
    return "[\n        " + TERM.join(map(STR, values)) + "\n      ]" if values else "[]"


def _owner_lists(values: list[Any]) -> list[str]:
    """:func:`listed` of each of a chunk's owner lists (``assignees``, ``assignee_ids``), a
    one-owner list written once per owner (most items have one or none)."""
    one = Memo(lambda who: listed([who])).__getitem__
    return ["[]" if not v else one(v[0]) if len(v) == 1 else listed(v) for v in values]


#: What comes before each field of an item (as the per-item writer writes it), and its end.
_LITERALS = (
    '{\n      "id": ',
    *(f',\n      "{name}": ' for name in FIELDS[1:]),
    "\n    }",
)


def item_texts(items: list[Any], one: Callable[[Any], str]) -> list[str]:
    """``one`` (the per-item writer) of each of ``items`` (a chunk), written field by field for
    all of them at once (:func:`_field_texts`), each item's texts put together by one ``zip``
    (≈ 1.2x faster than item by item at 100k items). A chunk holding anything the per-item
    writer would write another way (not a plain item, a field of another type) is written item
    by item, by ``one``."""
    if not items:
        return []
    try:
        fields = _field_texts(items)
        if fields is not None:
            parts: list[Any] = []
            for literal, column in zip(_LITERALS[:-1], fields, strict=True):
                parts += (repeat(literal), column)
            parts.append(repeat(_LITERALS[-1]))
            return list(map("".join, zip(*parts, strict=False)))  # the literals repeat
    except TypeError:  # a field holding another type than declared
        pass
    return list(map(one, items))


def chunk_text(items: list[Any], one: Callable[[Any], str], between: str, lead: str = "") -> str:
    """``lead + between.join(item_texts(items, one))``, put together by one ``str.join`` over every
    piece of the chunk: the literals and the fields' texts are laid into one list by slice
    assignments (C loops, one per field), so no text is made per item (the chunk's join alone
    reads every piece). ≈ 0.03 CPU s less per 100k items than joining the items' texts."""
    if not items:
        return lead
    try:
        fields = _field_texts(items)
        if fields is not None:
            n, width = len(items), 2 * len(fields) + 1
            pieces: list[Any] = [None] * (n * width)
            for at, (literal, column) in enumerate(zip(_LITERALS[:-1], fields, strict=True)):
                pieces[2 * at :: width] = [literal] * n
                pieces[2 * at + 1 :: width] = column  # (a map is read here, inside the try)
            pieces[width - 1 :: width] = [_LITERALS[-1] + between] * n
            pieces[-1] = _LITERALS[-1]
            pieces[0] = lead + _LITERALS[0]
            return "".join(pieces)
    except TypeError:  # a field holding another type than declared
        pass
    return lead + between.join(map(one, items))


def _read(items: list[Any], reasons: bool = True) -> Any:
    """The chunk's 18 plain fields (one list per field, in :data:`_FIELDS`' order) and its
    reasons and terms: ``(fields, said, listed)`` as JSON texts when the classifier's batch gives
    them (:func:`~analyzer.report.json_reasons_and_terms`), else ``(fields, None, (reasons,
    term_lists))`` as read (:func:`~analyzer.report.reasons_and_terms`); None when the chunk
    holds anything the per-item writer would write another way. Without ``reasons``: the
    18 fields alone (the caller read the reasons and terms), or None."""
    if not set(map(type, items)) <= PLAIN_ITEMS:
        return None
    # each field read for the whole chunk (no tuple per item: fewer objects for the collector)
    fields = [list(map(get, items)) for get in _FIELDS]
    confidence, closed, counts = fields[4], fields[11], fields[14]
    owned = set(map(type, fields[16])) | set(map(type, fields[17]))  # the owner lists
    if not reasons:
        plain = (
            set(map(type, confidence)) == {float}
            and all(map(math.isfinite, confidence))
            and set(map(type, closed)) == {bool}
            and set(map(type, counts)) == {int}
            and owned == {list}
        )
        return fields if plain else None
    try:  # a classifier batch's chunk: its reasons and terms as JSON texts, escaped in pieces
        written = json_reasons_and_terms(items, _TERMS_LAYOUT)
    except TypeError:  # a piece that is not a string: read them as the reference does
        written = None
    if written is None:
        reasons, term_lists = reasons_and_terms(items)
    if (
        set(map(type, confidence)) != {float}
        or not all(map(math.isfinite, confidence))
        or set(map(type, closed)) != {bool}
        or set(map(type, counts)) != {int}
        or owned != {list}
        or (written is None and not set(map(type, term_lists)) <= {list})
    ):
        return None
    if written is None:
        return fields, None, (reasons, term_lists)
    return fields, written[0], written[1]


def _field_texts(items: list[Any]) -> list[Any] | None:
    """The JSON text of every field (in :data:`FIELDS`' order) of every item of a chunk, one
    sequence per field, or None when the chunk holds anything the per-item writer would write
    another way (a ``TypeError`` may also come out of reading the sequences: the same then).

    The items' fields are read in one pass, a field's few distinct values (a label, a status, a
    person) written once, the confidences rounded from a table, the reasons and terms read from
    the classifier's batch in bulk, as JSON texts where it can give them
    (:func:`~analyzer.report.json_reasons_and_terms`, else
    :func:`~analyzer.report.reasons_and_terms`)."""
    read = _read(items)
    if read is None:
        return None
    fields, said, listed = read
    ids, keys, titles, labels, confidence, kinds, statuses, assignees = fields[:8]
    assignee_ids, predicted, columns, closed, created, updated, counts, urls = fields[8:16]
    owners, owner_ids = fields[16:]
    s = STR
    if said is None:
        reasons, term_lists = listed
        said = map(s, reasons)
        listed = [
            "[\n        " + TERM.join(map(s, terms)) + "\n      ]" if terms else "[]"
            for terms in term_lists
        ]
    few = Memo(_text).__getitem__  # a field's few values (label, status, person...) written once
    # map objects are read by the caller (a C function raising TypeError there, inside its
    # try); the lists are read now, so a field of another type raises here
    return [
        map(s, ids),
        _nullable(keys),
        map(s, titles),
        list(map(few, labels)),
        rounded(confidence),
        said,
        list(map(few, kinds)),
        list(map(few, statuses)),
        list(map(few, assignees)),
        list(map(few, assignee_ids)),
        list(map(few, predicted)),
        listed,
        list(map(few, columns)),
        map(_BOOL.__getitem__, closed),
        list(map(when, created)),
        list(map(when, updated)),
        map(int.__repr__, counts),
        _nullable(urls),
        _owner_lists(owners),
        _owner_lists(owner_ids),
    ]


# -- the chunk as UTF-8 bytes (a report written to a file: JsonFormat.write) --

_LITERALS_UTF8 = [literal.encode() for literal in _LITERALS]
_AT = {name: k for k, name in enumerate(FIELDS)}


def _literal(name: str) -> bytes:
    """What comes before the field ``name`` of an item, as UTF-8."""
    return _LITERALS_UTF8[_AT[name]]


#: The terms layout with the literal before the list (an empty list too) at its start.
_TERMS_LAYOUT_AFTER = (
    _LITERALS[_AT["terms"]] + _TERMS_LAYOUT[0],
    *_TERMS_LAYOUT[1:3],
    _LITERALS[_AT["terms"]] + _TERMS_LAYOUT[3],
)
_CLOSED_UTF8 = {True: _literal("closed") + b"true", False: _literal("closed") + b"false"}


def chunk_bytes(items: list[Any], between: bytes, lead: bytes = b"") -> bytes | None:
    """``chunk_text(items, one, between, lead)`` as UTF-8, laid out from bytes pieces, or None
    for a chunk not written so (the caller encodes :func:`chunk_text` then): one not written the
    fast way, reasons and terms that are not a classifier's batch's, a lone surrogate.

    A chunk with one emoji is a text of 4 bytes a character (≈ 6 MB for 2 048 items) that is
    then encoded again; as bytes it is 1.6 MB, joined once. Strings are escaped by ``msgspec``
    straight to UTF-8; a reason is three pieces of the batch's
    (:func:`~analyzer.report.utf8_reason_pieces`). A field whose pieces are made once per value
    (a label, a status, a person, a flag) or by one join (the dates) carries the literal before
    it, so it is one piece an item, not two (session 16: 27 pieces an item instead of 41)."""
    if not items:
        return lead
    try:
        slots = _field_bytes(items)
    except (TypeError, UnicodeEncodeError):  # another type (as the text path), a surrogate
        return None
    if slots is None:
        return None
    return _pieces_joined(slots, len(items), between, lead)


def _field_bytes(items: list[Any]) -> list[Any] | None:
    """:func:`_field_texts` as UTF-8 bytes, as the pieces of each item in order (the item's
    closing literal aside): a literal (the same bytes for every item) or a column (one piece an
    item: a field's text, with the literal before it where the field's pieces are made once per
    value or by one join; the reason is three pieces after its literal). None for a chunk whose
    reasons and terms are not its batch's (or one not written the fast way)."""
    if not set(map(type, items)) <= PLAIN_ITEMS:
        return None
    pieces = utf8_reason_pieces(items, _TERMS_LAYOUT_AFTER)  # each list after its literal
    if pieces is None:
        return None
    read = _read(items, reasons=False)
    if read is None:
        return None
    return _laid(read, pieces)


def _laid(
    read: list[Any], pieces: tuple[Any, Any, Any, Any], people: Any = None
) -> list[Any] | None:
    """:func:`_field_bytes`' pieces from the chunk's 18 plain fields (``read``, in
    :data:`_FIELDS`' order) and its reasons' and terms' pieces (``pieces``). ``people``: the
    pieces of the assignee's two fields and of the two owner lists, one of each an item
    (:func:`_people`), when the caller made them (its ``read`` has None for those four)."""
    heads, middles, endings, listed = pieces
    ids, keys, titles, labels, confidence, kinds, statuses, assignees = read[:8]
    assignee_ids, predicted, lists, closed, created, updated, counts, urls = read[8:16]
    if people is None:
        assigned = [_few(assignees, "assignee"), _few(assignee_ids, "assignee_id")]
        owned = [
            _owner_lists_utf8(read[16], "assignees"),
            _owner_lists_utf8(read[17], "assignee_ids"),
        ]
    else:
        assigned, owned = [people[0]], [people[1]]
    lit = _literal
    out = [
        *_strings_after(ids, lit("id")),
        *_strings_after(keys, lit("key"), nullable=True),
        *_strings_after(titles, lit("title")),
        _few(labels, "label"),
        _rounded_utf8(confidence, lit("confidence")),
        lit("reason"),
        heads,
        middles,
        endings,
        _few(kinds, "type"),
        _few(statuses, "status"),
        *assigned,
        _few(predicted, "predicted_label"),
        listed,
        _few(lists, "column"),
        list(map(_CLOSED_UTF8.__getitem__, closed)),
        *_dates_utf8(created, lit("created")),
        *_dates_utf8(updated, lit("updated")),
        lit("activity_count"),
        _split(ENCODE(counts)[1:-1], b",", len(counts)),  # no integer holds a comma
        *_strings_after(urls, lit("url"), nullable=True),
        *owned,
    ]
    if any(column is None for column in out):
        return None
    return out


def _pieces_joined(slots: list[Any], n: int, between: bytes, lead: bytes) -> bytes:
    """A chunk of ``n`` items laid from their pieces (:func:`_field_bytes`) and joined."""
    merged: list[Any] = []  # a literal and the literals or constant pieces next to it: one
    for slot in slots:
        if type(slot) is bytes and merged and type(merged[-1]) is bytes:
            merged[-1] += slot
        else:
            merged.append(slot)
    end = _LITERALS_UTF8[-1]
    if type(merged[-1]) is bytes:
        end = merged.pop() + end
    width = len(merged) + 1
    pieces: list[Any] = [None] * (n * width)
    for at, slot in enumerate(merged):
        pieces[at::width] = [slot] * n if type(slot) is bytes else slot
    pieces[width - 1 :: width] = [end + between] * n
    pieces[-1] = end
    pieces[0] = lead + pieces[0]
    return b"".join(pieces)


# -- the chunk from a scan's item columns (no report item read or made) --

_ITEM_ID, _ITEM_KEY, _ITEM_TITLE, _ITEM_TYPE = map(attrgetter, ("id", "key", "title", "type"))
_ITEM_STATUS, _ITEM_ASSIGNEE, _ITEM_COLUMN = map(attrgetter, ("status", "assignee", "column"))
_ITEM_CLOSED, _ITEM_CREATED = attrgetter("closed"), attrgetter("created")
_ITEM_UPDATED, _ITEM_URL = attrgetter("updated"), attrgetter("url")


def columns_bytes(
    columns: ItemColumns, start: int, stop: int, between: bytes, lead: bytes = b""
) -> bytes | None:
    """``chunk_bytes(columns.between(start, stop), between, lead)`` laid from the columns
    themselves (the board's items' fields, the labels, confidences and counts, the batch's
    reasons): no report item read or made. None for a chunk not written so (the caller writes
    its items then): items of more than one batch or of none, an item made and changed since
    (:meth:`ItemColumns.unchanged`), any field :func:`chunk_bytes` would not write itself."""
    if start >= stop:
        return lead
    batches = columns.batches[start:stop]
    batch = batches[0]
    if batch is None or not columns.unchanged(start, stop):
        return None
    bulk = getattr(batch, "utf8_reason_pieces", None)
    if bulk is None or not all(map(is_, batches, repeat(batch))):
        return None
    confidence = columns.confidence[start:stop]
    if not np.isfinite(confidence).all():
        return None
    items = columns.board_items[start:stop]
    closed, counts = list(map(_ITEM_CLOSED, items)), columns.counts[start:stop]
    if set(map(type, closed)) != {bool} or set(map(type, counts)) != {int}:
        return None
    statuses = list(map(_ITEM_STATUS, items))
    lists = list(map(_ITEM_COLUMN, items))
    if not all(statuses):  # (the report item's status: the item's, else its column)
        statuses = [status or column for status, column in zip(statuses, lists, strict=True)]
    assignee_ids = list(map(_ITEM_ASSIGNEE, items))
    try:
        people = _people(columns, items, assignee_ids)
        pieces = bulk(columns.rows[start:stop], _TERMS_LAYOUT_AFTER)  # (an array: no list)
        if pieces is None:
            return None
        read = [
            list(map(_ITEM_ID, items)),
            list(map(_ITEM_KEY, items)),
            list(map(_ITEM_TITLE, items)),
            columns.labels[start:stop],
            confidence,  # (the array, read as one by _rounded_utf8)
            list(map(_ITEM_TYPE, items)),
            statuses,
            None,  # the assignee's fields and the owner lists: people
            None,
            columns.predicted[start:stop],
            lists,
            closed,
            list(map(_ITEM_CREATED, items)),
            list(map(_ITEM_UPDATED, items)),
            counts,
            list(map(_ITEM_URL, items)),
            None,
            None,
        ]
        slots = _laid(read, pieces, people)
    except (TypeError, UnicodeEncodeError):  # another type (as the text path), a surrogate
        return None
    if slots is None:
        return None
    return _pieces_joined(slots, stop - start, between, lead)


def _people(
    columns: ItemColumns, items: list[Any], assignee_ids: list[Any]
) -> tuple[list[bytes], list[bytes]]:
    """Two pieces of each of a chunk's board ``items`` (``assignee_ids``: their assignees), each
    made once per assignee: the ``assignee`` and ``assignee_id`` fields (the name shown, the
    id), and the ``assignees`` and ``assignee_ids`` lists as the report's items hold them
    (:func:`~analyzer.item_columns.owners`; an item with other owners, ``columns.others``,
    has its own)."""
    names = columns.names

    def shown(who: Any) -> Any:
        return names.get(who, who) if who else None

    def fields(who: Any) -> bytes:
        return (
            _literal("assignee")
            + _text_utf8(shown(who))
            + _literal("assignee_id")
            + _text_utf8(who)
        )

    def lists(who: Any, others: Any = None) -> bytes:
        said, ids = owners_of(who, shown(who), others, names)
        return (
            _literal("assignees")
            + _listed_utf8(said)
            + _literal("assignee_ids")
            + _listed_utf8(ids)
        )

    assigned = list(map(Memo(fields).__getitem__, assignee_ids))
    owned = list(map(Memo(lists).__getitem__, assignee_ids))
    others = columns.others
    if others:
        found = list(map(others.get, map(_ITEM_ID, items)))
        for k in compress(range(len(items)), found):
            owned[k] = lists(assignee_ids[k], found[k])
    return assigned, owned


def _few(values: list[Any], name: str) -> list[bytes]:
    """A field with few distinct values (a label, a status, a person): each item's piece, the
    field's literal and its JSON text, made once per value."""
    literal = _literal(name)
    return list(map(Memo(lambda value: literal + _text_utf8(value)).__getitem__, values))


def _text_utf8(value: Any) -> bytes:
    return _text(value).encode()


_LIST_START, _LIST_END = _TERMS_LAYOUT[0].encode(), _TERMS_LAYOUT[2].encode()
_LIST_BETWEEN = TERM.encode()


def _listed_utf8(values: list[Any]) -> bytes:
    """:func:`listed` as UTF-8 (a value that is not a string: ``TypeError``, as there)."""
    if not values:
        return b"[]"
    if set(map(type, values)) != {str}:
        raise TypeError("not a string")
    return _LIST_START + _LIST_BETWEEN.join(map(ENCODE, values)) + _LIST_END


def _owner_lists_utf8(values: list[Any], name: str) -> list[bytes]:
    """Each of a chunk's owner lists (lists, :func:`_read`) after the field's literal, a
    one-owner list made once per owner."""
    literal = _literal(name)
    empty, one = literal + b"[]", Memo(lambda who: literal + _listed_utf8([who])).__getitem__
    return [
        empty if not v else one(v[0]) if len(v) == 1 else literal + _listed_utf8(v) for v in values
    ]


def _split(data: bytes, separator: bytes, n: int) -> list[bytes] | None:
    """``data.split(separator)`` when it gives ``n`` parts, else None."""
    parts = data.split(separator)
    return parts if len(parts) == n else None


def _strings(values: list[Any], nullable: bool = False, kinds: Any = None) -> list[bytes]:
    """A column of strings (and None, when ``nullable``) as JSON, each by one ``msgspec``
    call (as fast as escaping the column at once and splitting it, which cannot be split
    safely: ``"a\\",","b"``); another type as the text path writes it (``STR`` raises
    ``TypeError`` for it, and for None where the field is never None). ``kinds``: the
    values' types, when the caller has them."""
    if kinds is None:
        kinds = set(map(type, values))
    if kinds <= ({str, type(None)} if nullable else {str}):
        return list(map(ENCODE, values))  # None is "null"
    write = _text if nullable else STR
    return [write(value).encode() for value in values]


def _strings_after(values: list[Any], literal: bytes, nullable: bool = False) -> list[Any]:
    """The slots of a string field (``nullable``: or None) after its ``literal``: a constant
    when every value is None (the Jira CSV's urls: laid with the literals next to it as one
    piece, :func:`_pieces_joined`), else ``[literal, _strings(values, nullable)]``. (One
    ``msgspec`` call over the chunk's values joined by NUL and split was tried: 2-3x slower.)"""
    kinds = set(map(type, values))
    if nullable and kinds == {_NONE}:
        return [literal + b"null"]
    return [literal, _strings(values, nullable, kinds)]


def _texts_utf8(texts: Any, literal: bytes = b"") -> list[bytes] | None:
    """JSON texts (no raw NUL: escaped, it is ``\\u0000``), each after ``literal`` (ASCII),
    encoded by one join, encode and split instead of one call each; None if a NUL was there
    after all."""
    texts = list(texts)
    before = literal.decode("ascii")
    joined = before + ("\0" + before).join(texts)
    return _split(joined.encode(), b"\0", len(texts))


#: A date field's two pieces an item: the literal and the day, then the time and the zone
#: (:func:`_dates_utf8`), each made once per day or time of day (a few thousand: kept across
#: chunks and reports, a table starting over past :data:`_DATES_KEPT` entries).
_DAYS_AFTER: dict[bytes, Memo] = {}  # a literal -> days since 1970 -> '<literal>"YYYY-MM-DDT'
_TIMES: dict[Any, Memo] = {}  # the zone (None, UTC) -> seconds into the day -> 'HH:MM:SS+00:00"'
_DATES_KEPT = 1 << 17
_EPOCHS = {None: datetime(1970, 1, 1), UTC: datetime(1970, 1, 1, tzinfo=UTC)}
_ZONE, _DAYS, _SECONDS = attrgetter("tzinfo"), attrgetter("days"), attrgetter("seconds")
_MICROSECONDS = attrgetter("microseconds")
_NONE = type(None)


def _day_piece(literal: bytes) -> Any:
    """A day (days since 1970) as ``literal`` + its date's quote, ISO date and ``T``."""
    text = literal.decode("ascii") + '"{}T'
    return lambda days: text.format(date.fromordinal(days + 719_163).isoformat()).encode()


def _time_piece(zone: Any) -> Any:
    """Seconds into a day as ``HH:MM:SS``, the zone's offset (UTC: ``+00:00``) and a quote."""
    suffix = '"' if zone is None else '+00:00"'
    two = _TWO
    return lambda s: f"{two[s // 3600]}:{two[s // 60 % 60]}:{two[s % 60]}{suffix}".encode()


def _table(tables: dict[Any, Memo], key: Any, make: Any) -> Memo:
    found = tables.get(key)
    if found is None or len(found) > _DATES_KEPT:
        if len(tables) >= 8:
            tables.clear()
        found = tables[key] = Memo(make(key))
    return found


def _dates_utf8(values: list[Any], literal: bytes) -> tuple[list[bytes], Any]:
    """Each of ``values`` (``datetime | None``) after ``literal`` as :func:`when` writes it, as
    two UTF-8 pieces an item, laid one after the other: the literal and the day, then the time
    and the zone (a None's ``null`` and an empty piece). The day and the time are looked up
    (:data:`_DAYS_AFTER`, :data:`_TIMES`) from the value's days and seconds since 1970, ≈ 0.17
    µs an item against 0.36 µs for :func:`when` and its join. Values of whole seconds, all naive
    or all UTC, go so; any others as before: each by :func:`when` (its ``TypeError`` for
    another type), with an empty second piece."""
    kinds = set(map(type, values))
    if kinds <= {datetime, _NONE}:
        present = values if _NONE not in kinds else [v for v in values if v is not None]
        zones = set(map(_ZONE, present))
        zone = zones.pop() if len(zones) == 1 else False
        if zone is None or zone is UTC:
            deltas = list(map(sub, present, repeat(_EPOCHS[zone])))
            if not any(map(_MICROSECONDS, deltas)):
                days = _table(_DAYS_AFTER, literal, _day_piece)
                times = _table(_TIMES, zone, _time_piece)
                heads = list(map(days.__getitem__, map(_DAYS, deltas)))
                tails = list(map(times.__getitem__, map(_SECONDS, deltas)))
                if present is values:
                    return heads, tails
                null, got_heads, got_tails = literal + b"null", iter(heads), iter(tails)
                return (
                    [null if v is None else next(got_heads) for v in values],
                    [b"" if v is None else next(got_tails) for v in values],
                )
    return _texts_utf8(list(map(when, values)), literal), b""


_PLACES_AFTER: dict[bytes, np.ndarray] = {}  # a literal -> it before each of _PLACES_UTF8


def _rounded_utf8(values: Sequence[float] | np.ndarray, literal: bytes = b"") -> list[bytes]:
    """:func:`rounded` as bytes, each after ``literal`` (``values``: floats, or a float64 array
    read as it is)."""
    array = np.asarray(values, dtype=np.float64)
    codes, exact = place_codes(array)
    table = _PLACES_AFTER.get(literal)
    if table is None:
        table = np.array([literal + place for place in _PLACES_UTF8.tolist()], dtype=object)
        if len(_PLACES_AFTER) < 8:
            _PLACES_AFTER[literal] = table
    out = table[codes].tolist()
    for k in np.flatnonzero(~exact | np.signbit(array)).tolist():
        out[k] = literal + repr(round(array.item(k), 4)).encode()
    return out
