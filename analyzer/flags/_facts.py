"""What the findings ask of every item (open? in the backlog? owned? planned? a story?), as one
boolean array per question over the board's items by position, each read once per board.

The per-item questions of :mod:`analyzer.flags.items` (``is_open``, ``has_owner``, ...) stay the
reference: each array is what they answer item by item (``tests/test_flag_facts.py``). A
field is read with one ``map`` over the items, straight into a numpy array (one byte an item,
no list of a million objects); a field's distinct values (a status, a category, a type, a
column) are each judged once. Private to :mod:`analyzer.flags`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import repeat
from operator import attrgetter, eq, is_, truth
from typing import Any

import numpy as np

from _backlog_analyzer_runtime.memo import Codes, Memo
from analyzer.flags.items import (
    dropped_status,
    ready_column,
    story_type,
    with_acceptance_criteria,
)
from connectors.columns import (
    FACT_DROPPED,
    FACT_OPEN,
    FACT_OWNED,
    FACT_PLANNED,
    FACT_READY_COLUMN,
    FACT_STORY_TYPE,
    FACT_UNTYPED,
)
from connectors.interface import Item, done_category

_CLOSED, _RESOLVED, _CATEGORY, _STATUS = (
    attrgetter("closed"),
    attrgetter("resolved"),
    attrgetter("status_category"),
    attrgetter("status"),
)
_ASSIGNEE, _MEMBERS, _DUE, _SPRINT = (
    attrgetter("assignee"),
    attrgetter("members"),
    attrgetter("due"),
    attrgetter("sprint"),
)
_TYPE, _SOURCE, _COLUMN = attrgetter("type"), attrgetter("source"), attrgetter("column")


def _untyped(kind: str | None) -> bool:
    return not (kind or "").strip()


def _ready_story(kind: str | None) -> bool:
    return not (kind or "").strip() or story_type(kind)


def _none(kind: str | None) -> bool:
    return kind is None


#: Every question :class:`ItemFacts` asks of an item's type.
_TYPE_QUESTIONS = (_untyped, _ready_story, story_type, _none)


class ItemFacts:
    """Per board position, each answer computed when first asked and kept."""

    def __init__(
        self,
        items: Sequence[Item],
        criteria: Sequence[int] | None = None,
        *,
        owners_known: bool = True,
    ) -> None:
        """``criteria``: the positions of the items holding acceptance criteria, when known;
        ``owners_known``: False for an export holding no assignees at all
        (:func:`~analyzer.flags.items.owners_unknown`): no item is then :meth:`unowned`."""
        self.items = items
        self.n = len(items)
        self.owners_known = owners_known
        self._criteria = criteria
        self._found: dict[str, np.ndarray] = {}
        self._type_answers: dict[Callable[[str | None], bool], np.ndarray] | None = None

    def _bools(self, values: Any) -> np.ndarray:
        return _bools(values, self.n)

    def _types(self, judge: Callable[[str | None], bool]) -> np.ndarray:
        """``judge(item.type)`` of each item: the types are read once, and every type question
        is answered then (the per-item type codes are not kept)."""
        if self._type_answers is None:
            codes = Codes()
            found = map(codes.__getitem__, map(_TYPE, self.items))
            code = np.fromiter(found, np.int64, count=self.n)
            self._type_answers = {
                question: np.array([bool(question(kind)) for kind in codes], dtype=bool)[code]
                for question in _TYPE_QUESTIONS
            }
        return self._type_answers[judge]

    def _typed(
        self, question: Callable[[str | None], bool]
    ) -> Callable[[Sequence[Item]], np.ndarray]:
        """``question`` of each item's type, of the board's items (:meth:`_types`) or of others."""

        def answers(items: Sequence[Item]) -> np.ndarray:
            if items is self.items:
                return self._types(question)
            return _bools(map(question, map(_TYPE, items)), len(items))

        return answers

    def _kept(self, name: str, make: Callable[[], np.ndarray]) -> np.ndarray:
        found = self._found.get(name)
        if found is None:
            found = self._found[name] = make()
        return found

    def _from_reader(
        self, bit: int, of_items: Callable[[Sequence[Item]], np.ndarray]
    ) -> np.ndarray:
        """``of_items(self.items)``, from the reader's column when the board has one
        (``CheckedItems.times.facts``, a scan's own board; ``bit``: any of these bits): the
        positions it does not vouch for (``from_items``) read from their items."""
        times = getattr(self.items, "times", None)
        facts = None if times is None else times.facts
        if facts is None or len(facts) != self.n or len(times) != self.n:
            return of_items(self.items)
        found = (facts & bit).astype(bool)
        if len(times.from_items):
            at = times.from_items.tolist()
            found[at] = of_items([self.items[k] for k in at])
        return found

    def open(self) -> np.ndarray:
        """:func:`~analyzer.flags.items.is_open` of each item."""
        return self._kept("open", lambda: self._from_reader(FACT_OPEN, open_of_items))

    def backlog(self) -> np.ndarray:
        """In :func:`~analyzer.flags.items.open_items_reference`: open, and not dropped."""
        return self._kept(
            "backlog", lambda: self.open() & ~self._from_reader(FACT_DROPPED, dropped_of_items)
        )

    def owned(self) -> np.ndarray:
        """:func:`~analyzer.flags.items.has_owner` of each item."""
        return self._kept("owned", lambda: self._from_reader(FACT_OWNED, owned_of_items))

    def unowned(self) -> np.ndarray:
        """Known to have no owner: not :meth:`owned`, where the export holds assignees (its
        items' missing assignees say nothing of the team otherwise, and no finding counts
        them; "owned" itself feeds the owner lists and people tables as it is)."""
        if not self.owners_known:
            return np.zeros(self.n, bool)
        return self._kept("unowned", lambda: ~self.owned())

    def planned(self) -> np.ndarray:
        """A due date or a sprint (``item.due is not None or item.sprint``)."""
        return self._kept("planned", lambda: self._from_reader(FACT_PLANNED, planned_of_items))

    def untyped(self) -> np.ndarray:
        """No issue type (``not (item.type or "").strip()``)."""
        return self._kept("untyped", lambda: self._from_reader(FACT_UNTYPED, self._typed(_untyped)))

    def in_ready_column(self) -> np.ndarray:
        """:func:`~analyzer.flags.items.in_ready_column` of each item."""
        return self._kept("ready", lambda: self._from_reader(FACT_READY_COLUMN, ready_of_items))

    def ready_story(self) -> np.ndarray:
        """A story as ``ready-without-ac`` counts one: a story type, or no type (a card)."""
        return self._kept(
            "ready_story",
            lambda: self._from_reader(FACT_UNTYPED | FACT_STORY_TYPE, self._typed(_ready_story)),
        )

    def story(self) -> np.ndarray:
        """A story as ``no-backlog-owner`` counts one: a story type, or a Trello card with none."""

        # (the reader's items are Jira issues: its bit is the story type's)
        return self._kept("story", lambda: self._from_reader(FACT_STORY_TYPE, self._story))

    def _story(self, items: Sequence[Item]) -> np.ndarray:
        """:meth:`story` of ``items`` (all of them, or those the reader does not vouch for)."""
        n = len(items)
        trello = _bools(map(eq, map(_SOURCE, items), repeat("trello")), n)
        if items is self.items:
            return self._types(story_type) | (trello & self._types(_none))
        kinds = list(map(_TYPE, items))
        story = _bools(map(story_type, kinds), n)
        return story | (trello & _bools(map(_none, kinds), n))

    def criteria(self, positions: np.ndarray) -> np.ndarray:
        """:func:`~analyzer.flags.items.has_acceptance_criteria` of the items at ``positions``:
        read from the positions a scan found as it forgot the descriptions (the search is not
        run twice), or searched (:func:`~analyzer.flags.items.with_acceptance_criteria`).

        Two paths on purpose: without the scan's positions (``scan_board``: a live board, the
        library) only the items asked are searched. One search of every item into a board mask
        would be one path, but measured on the 100k benchmark boards it costs 0.28 instead of
        0.20 CPU s (Trello) and 0.22 instead of 0.075 (Jira CSV): the findings ask about the
        open stories and the ready ones, 20-27 % of the items."""
        if self._criteria is None:
            return np.array(with_acceptance_criteria(self.pick(positions)), dtype=bool)
        return self._kept("criteria", self._criteria_mask)[positions]

    def _criteria_mask(self) -> np.ndarray:
        found = np.zeros(self.n, bool)
        found[np.asarray(self._criteria, dtype=np.int64)] = True
        return found

    def pick(self, positions: np.ndarray) -> list[Item]:
        """The items at ``positions`` (board positions, in that order)."""
        return list(map(self.items.__getitem__, positions.tolist()))


def _bools(values: Any, n: int) -> np.ndarray:
    return np.fromiter(values, bool, count=n)


def open_of_items(items: Sequence[Item]) -> np.ndarray:
    """:meth:`ItemFacts.open` read from each item's fields (the reference)."""
    n = len(items)
    found = ~_bools(map(truth, map(_CLOSED, items)), n)
    found &= _bools(map(is_, map(_RESOLVED, items), repeat(None)), n)
    found &= ~_bools(map(Memo(done_category).__getitem__, map(_CATEGORY, items)), n)
    return found


def owned_of_items(items: Sequence[Item]) -> np.ndarray:
    """:meth:`ItemFacts.owned` read from each item's fields (the reference)."""
    n = len(items)
    owned = _bools(map(truth, map(_ASSIGNEE, items)), n)
    return owned | _bools(map(truth, map(_MEMBERS, items)), n)  # (not watchers: has_owner)


def planned_of_items(items: Sequence[Item]) -> np.ndarray:
    """:meth:`ItemFacts.planned` read from each item's fields (the reference)."""
    n = len(items)
    found = ~_bools(map(is_, map(_DUE, items), repeat(None)), n)
    found |= _bools(map(truth, map(_SPRINT, items)), n)
    return found


def dropped_of_items(items: Sequence[Item]) -> np.ndarray:
    """:func:`~analyzer.flags.items.dropped_status` of each item's status (the reference)."""
    return _bools(map(Memo(dropped_status).__getitem__, map(_STATUS, items)), len(items))


def ready_of_items(items: Sequence[Item]) -> np.ndarray:
    """:meth:`ItemFacts.in_ready_column` read from each item's column (the reference)."""
    return _bools(map(Memo(ready_column).__getitem__, map(_COLUMN, items)), len(items))
