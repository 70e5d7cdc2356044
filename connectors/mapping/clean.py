"""Board text made safe to show: no control character, escape sequence or lone surrogate.

A card named ``\\x1b[2J`` clears the terminal it is printed on; ``\\x1b]0;...\\x07`` retitles the
window even through a pipe; raw ESC/BEL stay in an .html or .md file; a lone UTF-16 surrogate
(``"\\ud800"`` in JSON) cannot be encoded at all, so writing the report or the store fails; a
bidirectional override or isolate (U+202A-U+202E, U+2066-U+2069) makes a title display in an
order other than it reads ("Trojan Source"), and leaks into the text after it. Every Board a
reader returns goes through :func:`clean_board`: control characters become their visible
pictures (ESC → ␛, BEL → ␇), C1 controls, bidi controls and lone surrogates their escapes
(``\\x9b``, ``\\u202e``, ``\\ud800``), a CR-LF or lone CR a newline. Tabs and newlines stay;
right-to-left text itself and the plain direction marks (U+200E, U+200F) stay.
"""

from __future__ import annotations

import re
from datetime import datetime
from itertools import chain
from operator import attrgetter
from typing import Any

import numpy as np

from connectors.columns import ActivityList, ItemTimes, columns_of
from connectors.interface import Activity, Board, Item, Person
from connectors.mapping.common import plausible

_FIRST_US = -2_208_988_800_000_000  # 1900-01-01 UTC, microseconds since 1970
_AFTER_LAST_US = 7_258_118_400_000_000  # 2200-01-01 UTC

_BIDI = "\u202a-\u202e\u2066-\u2069"
_UNSAFE = re.compile(f"\r\n?|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_BIDI}\ud800-\udfff]")


def _visible(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char[0])
    if code == 0x0D:
        return "\n"
    if code < 0x20:
        return chr(0x2400 + code)  # the Control Pictures block: ␀ ... ␟
    if code == 0x7F:
        return "\u2421"  # ␡
    if code <= 0x9F:
        return f"\\x{code:02x}"  # C1 controls (0x9B is a CSI on some terminals)
    return f"\\u{code:04x}"  # a bidi control, a lone surrogate (or a non-UTF-8 file name byte)


_CONTROLS = re.compile(f"\r\n?|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_BIDI}]")


def printable(text: str, *, surrogates: bool = True) -> str:
    """``text`` with every control character visible and every lone surrogate escaped.

    ``surrogates=False`` keeps lone surrogates: a file name that is not UTF-8 holds them
    (``surrogateescape``), and a JSON report gives that exact name back.
    """
    if text.isprintable():
        return text
    pattern = _UNSAFE if surrogates else _CONTROLS
    if pattern.search(text) is None:
        return text
    return pattern.sub(_visible, text)


def _clean(value: Any) -> Any:
    if type(value) is str:
        if value.isprintable() or _UNSAFE.search(value) is None:
            return value
        return _UNSAFE.sub(_visible, value)
    return value


def _clean_list(values: list) -> list:
    for index, value in enumerate(values):
        if type(value) is str and not value.isprintable():
            values[index] = _clean(value)
    return values


_ITEM_TEXT = (
    "id",
    "title",
    "key",
    "description",
    "type",
    "status",
    "status_category",
    "parent",
    "column",
    "sprint",
    "assignee",
    "reporter",
    "url",
    "priority",
    "rank",
)
_ACTIVITY_TEXT = ("item_id", "actor_id", "field", "old", "new", "text", "id")
_PERSON_TEXT = ("id", "display_name", "email", "username")


def clean_item(item: Item) -> Item:
    """Make every text of ``item`` printable (in place; returns it)."""
    for name in _ITEM_TEXT:
        value = getattr(item, name)
        if type(value) is str and not value.isprintable():
            setattr(item, name, _clean(value))
    for values in _ITEM_LISTS(item):
        if values:
            _clean_list(values)
    if item.custom_fields:
        item.custom_fields = {_clean(k): _clean(v) for k, v in item.custom_fields.items()}
    return item


_ITEM_TEXTS = attrgetter(*_ITEM_TEXT)
_ITEM_LISTS = attrgetter(
    "labels", "checklist_items", "members", "watchers", "components", "fix_versions"
)
_SAFE_ASCII = bytes(range(0x20, 0x7F)) + b"\n"  # printable ASCII, and the newlines that stay
_CHUNK = 2048  # items whose texts are checked at once (≈ 2 MB of text)


class CheckedItems(list):
    """A reader's ``Board.items`` that tells :func:`clean_board` which items it must still look
    at: those at the positions ``unchecked`` (ascending). The reader vouches for the others:
    none of their texts holds what :func:`clean_item` changes (no control character, bidi
    control or lone surrogate; it checked the cells they come from), their dates are plausible
    and they hold no custom fields. ``unchecked`` None: every item is looked at. Only a reader
    of a scan's own board (never changed before it is cleaned) sets it; :func:`clean_board`
    takes it once and sets it back to None (the board may change afterwards).

    ``times``: the items' own last touch as a column (:class:`ItemTimes`, from the same
    reader), or None. They stay true as :func:`clean_board` cleans the board: a date it
    could change is at a position of ``times.from_items``, read from the item."""

    __slots__ = ("unchecked", "times")

    def __init__(self, *items: Any) -> None:
        super().__init__(*items)
        self.unchecked: Any = None
        self.times: ItemTimes | None = None


def unsafe(text: str) -> bool:
    """Would :func:`printable` change ``text``?"""
    return not text.isprintable() and _UNSAFE.search(text) is not None


#: ``_UNSAFE``'s characters in polars' (Rust) regex syntax, but NUL and the lone surrogates (a
#: polars string is UTF-8; a file with a NUL byte is not read by polars): a reader's check of
#: the cells an item's texts come from.
UNSAFE_CELL = r"[\x01-\x08\x0B-\x1F\x7F-\x9F\x{202A}-\x{202E}\x{2066}-\x{2069}]"


def _to_check(board: Board) -> list[Item]:
    """The items of ``board`` :func:`clean_board` must look at (all, but for the ones its reader
    vouched for; the vouch is taken once)."""
    items = board.items
    if type(items) is not CheckedItems or items.unchecked is None:
        return items
    unchecked, items.unchecked = items.unchecked, None
    return [items[at] for at in unchecked]


def _clean_items(items: list[Item]) -> dict[str, str]:
    """:func:`clean_item` on every item; the ids it changed (old -> new). Items are checked a
    chunk at a time: when every text of a chunk is printable but its newlines (the usual
    case), no item of it changes and none is walked field by field; only their custom fields
    are made again, as :func:`clean_item` makes them."""
    renamed: dict[str, str] = {}
    for start in range(0, len(items), _CHUNK):
        chunk = items[start : start + _CHUNK]
        if _surely_printable(chunk):
            for item in chunk:
                if item.custom_fields:
                    item.custom_fields = {
                        _clean(k): _clean(v) for k, v in item.custom_fields.items()
                    }
            continue
        for item in chunk:
            before = item.id
            clean_item(item)
            if item.id is not before:
                renamed[before] = item.id
    return renamed


def _surely_printable(items: list[Item]) -> bool:
    """True when no text field nor list entry of ``items`` holds a character to clean: all of
    them joined are printable but for newlines (ASCII text checked as bytes, which is faster).
    False also for a value that is not text (the field by field path decides)."""
    try:
        texts = "".join(filter(None, chain.from_iterable(map(_ITEM_TEXTS, items))))
        lists = chain.from_iterable(filter(None, chain.from_iterable(map(_ITEM_LISTS, items))))
        entries = "".join(lists)
    except TypeError:
        return False
    return _printable_but_newlines(texts) and _printable_but_newlines(entries)


def _printable_but_newlines(text: str) -> bool:
    """Every character of ``text`` printable or a newline. Checked on its UTF-8 bytes: the
    printable ASCII and newlines taken out (a C pass), what is left — a few accented letters,
    emoji, controls — is checked by ``isprintable``; the text itself would be checked a
    character at a time, 4 bytes each once one emoji widens it."""
    try:
        rest = text.encode().translate(None, _SAFE_ASCII)
    except UnicodeEncodeError:  # a lone surrogate: to clean
        return False
    return rest.decode().isprintable()


def clean_activity(activity: Activity) -> Activity:
    """Make every text of ``activity`` printable (in place; returns it). Written out field by
    field: a sync saves a million activities."""
    value = activity.item_id
    if value is not None and not value.isprintable():
        activity.item_id = _clean(value)
    value = activity.actor_id
    if value is not None and not value.isprintable():
        activity.actor_id = _clean(value)
    value = activity.field
    if value is not None and not value.isprintable():
        activity.field = _clean(value)
    value = activity.old
    if value is not None and not value.isprintable():
        activity.old = _clean(value)
    value = activity.new
    if value is not None and not value.isprintable():
        activity.new = _clean(value)
    value = activity.text
    if value is not None and not value.isprintable():
        activity.text = _clean(value)
    value = activity.id
    if value is not None and not value.isprintable():
        activity.id = _clean(value)
    return activity


def clean_person(person: Person) -> Person:
    """Make every text of ``person`` printable (in place; returns it)."""
    for name in _PERSON_TEXT:
        value = getattr(person, name)
        if type(value) is str and not value.isprintable():
            setattr(person, name, _clean(value))
    return person


_STAMP = attrgetter("timestamp")


def _left_out(count: int) -> str:
    what = (
        "activity with a date outside the years 1900-2199 was"
        if count == 1
        else ("activities with a date outside the years 1900-2199 were")
    )
    return f"{count} {what} left out"


def _plausible_dates(board: Board, items: list[Item]) -> None:
    """Dates a reader would have read as missing (years outside 1900-2199, see
    :func:`connectors.mapping.common.parse_iso`) but which reached the board another way (a
    store filled before readers checked them, a library user's own Board): an item's date is
    dropped, an activity left out and counted (``Board.skipped_parts``: no record). Year 9999
    and 1 overflow the analysis' windows.
    ``items``: the board's items to look at (see :func:`_to_check`)."""
    for item in items:
        for name in ("created", "updated", "resolved", "due"):
            when = getattr(item, name)
            if when is not None and plausible(when) is None:
                setattr(item, name, None)
    activities = board.activities
    if not activities:
        return
    columns = columns_of(activities)
    if columns is not None:  # a reader's columns: the same check on the column of times
        when = columns.when
        if when.min() >= _FIRST_US and when.max() < _AFTER_LAST_US and not columns.zones:
            return
        fine = (when >= _FIRST_US) & (when < _AFTER_LAST_US)
        for row, stamp in columns.zones.items():  # the year as read, in its own zone
            fine[row] = plausible(stamp) is not None
        if fine.all():
            return
        kept = np.flatnonzero(fine)
        board.skipped_parts.append(_left_out(len(when) - len(kept)))
        board.activities = ActivityList(columns.take(kept))
        return
    years = [stamp.year for stamp in map(_STAMP, activities)]  # naive and aware times may mix
    if plausible(datetime(min(years), 1, 1)) and plausible(datetime(max(years), 1, 1)):
        return
    kept = [a for a in activities if plausible(a.timestamp) is not None]
    board.skipped_parts.append(_left_out(len(activities) - len(kept)))
    board.activities = kept


def clean_board(board: Board, *, details: bool = True) -> Board:
    """Make every text of ``board`` printable (in place; returns it). Cheap on clean text: a
    string is only searched when ``str.isprintable`` says it holds something unusual, and the
    activities' item and actor ids are only rewritten when an item's or a person's id was.

    ``details=False`` leaves the activities' field, old/new values, texts and ids alone (no
    report shows them): a million activities are not walked before every report.
    """
    board.id = _clean(board.id)
    board.name = _clean(board.name)
    board.origin = _clean(board.origin)
    _clean_list(board.skipped)
    _clean_list(board.skipped_parts)
    _clean_list(board.skipped_boards)
    items = _to_check(board)
    renamed = _clean_items(items)
    people = board.people
    if not all(key.isprintable() for key in people):
        for key in list(people):
            if not key.isprintable() and (new := _clean(key)) != key:
                renamed[key] = new
        board.people = people = {renamed.get(k, k): p for k, p in people.items()}
    for person in people.values():
        clean_person(person)
    _plausible_dates(board, items)
    columns = columns_of(board.activities)
    if renamed and columns is not None:  # the columns name each id once
        columns.item_ids[:] = [renamed.get(i, i) for i in columns.item_ids]
        columns.actor_ids[:] = [renamed.get(a, a) for a in columns.actor_ids]
    elif renamed:
        for activity in board.activities:
            activity.item_id = renamed.get(activity.item_id, activity.item_id)
            if activity.actor_id is not None:
                activity.actor_id = renamed.get(activity.actor_id, activity.actor_id)
    if details and columns is not None:  # (columns hold no texts, only field names)
        columns.fields[:] = [None if f is None else _clean(f) for f in columns.fields]
    elif details:
        for activity in board.activities:
            clean_activity(activity)
    return board


__all__ = [
    "CheckedItems",
    "clean_activity",
    "clean_board",
    "clean_item",
    "clean_person",
    "printable",
    "unsafe",
]
