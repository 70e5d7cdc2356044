"""What the items of a scan's own board can share while they are read.

A scan reads a board, classifies and reports it, and nobody changes its items' lists (cleaning
rewrites a text in place the same way wherever it is, so a shared list stays right). There,
every item's empty lists are one list and its empty dicts one dict, and equal lists of texts
(label names, member ids, components) are one list: ≈ 0.3 KB an item for the empties, 70 bytes
for each list another item already holds. A library user's read keeps each item's own.
"""

from __future__ import annotations

from connectors.interface import Item

#: Distinct non-empty lists remembered (a board whose every item has its own label set would
#: otherwise keep a tuple per item for nothing).
MAX_LISTS = 1 << 14


class SharedCollections:
    """The empties and the equal lists of one board's items (see the module docstring)."""

    __slots__ = ("no_list", "no_dict", "_lists")

    def __init__(self) -> None:
        self.no_list: list[str] = []
        self.no_dict: dict[str, str] = {}
        self._lists: dict[tuple[str, ...], list[str]] = {}

    def list(self, values: list[str]) -> list[str]:
        """``values`` or an equal list already given out (the empty list when empty)."""
        if not values:
            return self.no_list
        lists = self._lists
        key = tuple(values)
        found = lists.get(key)
        if found is not None:
            return found
        if len(lists) < MAX_LISTS:
            lists[key] = values
        return values

    def item(self, item: Item) -> None:
        """Share what ``item`` holds (an item read by a dict-based mapper, once mapped)."""
        item.labels = self.list(item.labels)
        item.checklist_items = self.list(item.checklist_items)
        item.members = self.list(item.members)
        item.watchers = self.list(item.watchers)
        item.components = self.list(item.components)
        item.fix_versions = self.list(item.fix_versions)
        if not item.custom_fields:
            item.custom_fields = self.no_dict


__all__ = ["MAX_LISTS", "SharedCollections"]
