"""An :class:`~connectors.interface.Item` whose description is held as UTF-8 bytes until read
(a scan's memory, issue 16).

Python stores a string with one character past U+00FF (a curly quote, an em dash, an emoji) at
2 or 4 bytes a character; its UTF-8 bytes take about half or a quarter of that. A scan's Jira
CSV reader holds a million descriptions until the classifier reads them, so it packs such a
description (:func:`pack`) and makes its item a :class:`PackedItem`: reading ``description``
gives the same string back (decoded on each read), assigning one stores it as it is. In every
other way it is an ``Item``: equal to an ``Item`` with the same fields, the same repr, copied and
replaced as one.
"""

from __future__ import annotations

import sys
from typing import Any

from connectors.interface import Item

_SLOT = Item.__dict__["description"]  # the slot Item keeps its description in
_GET, _SET = _SLOT.__get__, _SLOT.__set__
_FIELDS = Item.__match_args__
#: A string of ``n`` characters held at 2 bytes or more each takes at least ``_WIDE + 2 * n``
#: bytes (``sys.getsizeof``); one of 1 byte each (ASCII, Latin-1) less
_WIDE = sys.getsizeof("\u0100") - 2


def wide(text: str) -> bool:
    """Does Python hold ``text`` at 2 or 4 bytes a character (one past U+00FF in it)? Told by
    its size, without reading its characters."""
    return not text.isascii() and sys.getsizeof(text) >= _WIDE + 2 * len(text)


def pack(text: str) -> str | bytes:
    """``text`` as UTF-8 bytes when it is :func:`wide`, else as it is. Lone surrogates pass
    through (``surrogatepass``) both ways."""
    return text.encode("utf-8", "surrogatepass") if wide(text) else text


def _description(item: Item) -> str:
    held = _GET(item)
    return held.decode("utf-8", "surrogatepass") if type(held) is bytes else held


class PackedItem(Item):
    """An ``Item`` whose description may be held packed (bytes from :func:`pack`); made by
    giving an ``Item`` holding packed bytes this class (``item.__class__ = PackedItem``)."""

    __slots__ = ()

    description = property(_description, _SET)  # type: ignore[assignment]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Item):
            return [getattr(self, name) for name in _FIELDS] == [
                getattr(other, name) for name in _FIELDS
            ]
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # as Item's

    def __repr__(self) -> str:
        return Item.__repr__(self).replace(type(self).__qualname__, "Item", 1)

    def __reduce__(self) -> Any:  # pickled (and copied) as an Item with its description read
        return Item, tuple(getattr(self, name) for name in _FIELDS)


def held_description(item: Item) -> str | bytes | None:
    """``item.description`` as the item holds it: a :class:`PackedItem`'s bytes undecoded (empty
    exactly when its string is), any other item's description — for a caller asking only
    whether there is one (a scan's forgetting: no decoding a description it drops)."""
    return _GET(item) if type(item) is PackedItem else item.description
