"""What a Trello board sync keeps: each page (actions or cards, with the people met) saved in one
transaction with the cursor to resume from (:class:`BoardPages`), and what the sync did
(:class:`BoardFetch`, :class:`TrelloFetchResult`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from connectors.interface import Activity, Item, Person, Progress
from connectors.mapping.common import RecordError, add_person
from connectors.mapping.trello import is_template, map_card

__all__ = ["BoardFetch", "BoardPages", "People", "TrelloFetchResult", "plural"]


@dataclass(slots=True)
class BoardFetch:
    """What one board's sync did."""

    source_id: int
    board_id: str
    name: str
    incremental: bool
    actions: int = 0  # action records received
    cards: int = 0  # full cards received
    removed: int = 0  # cards no longer on the board
    played: int = 0  # cards whose new actions told all they changed (no card asked)
    templates: int = 0  # card templates met (left out: a pattern for new cards, not work)
    skipped: list[str] = field(default_factory=list)
    #: An interrupted sync was picked up where it stopped: ``actions`` and ``cards`` count only
    #: this run's, so the summary says why they fall short of the board's.
    resumed: bool = False
    template_board: bool = False  # the board is itself a template (prefs.isTemplate)


@dataclass(slots=True)
class TrelloFetchResult:
    boards: list[BoardFetch] = field(default_factory=list)
    requests: int = 0

    @property
    def source_ids(self) -> list[int]:
        return [b.source_id for b in self.boards]

    def summary(self) -> str:
        lines = []
        for b in self.boards:
            how = "incremental" if b.incremental else "full"
            line = (
                f"Trello board {b.name!r} ({how}): {plural(b.actions, 'action')} and "
                f"{plural(b.cards, 'card')} fetched, "
            )
            if b.played:  # (the actions told all they changed: no card asked)
                whose = "its" if b.played == 1 else "their"
                line += f"{plural(b.played, 'card')} updated from {whose} actions, "
            line += f"{plural(b.removed, 'card')} gone from the board"
            if b.templates:
                line += f", {plural(b.templates, 'card template')} left out"
            if b.skipped:
                line += f", {plural(len(b.skipped), 'record')} skipped"
            if b.template_board:
                line += "; the board is a Trello template"
            if b.resumed:
                line += "; resumed an interrupted fetch (what it had saved was not asked again)"
            lines.append(line)
        lines.append(f"{plural(self.requests, 'request')} to Trello")
        return "\n".join(lines)


class People(dict):
    """The people a sync met (id -> Person), and which of them the store has as they are."""

    def __init__(self) -> None:
        super().__init__()
        self._saved: dict[str, tuple] = {}  # what was saved of each person by this run

    def unsaved(self) -> list[Person]:
        """People new or changed since this run last saved them (not all of them every page)."""
        out = []
        for person in self.values():
            seen = (person.display_name, person.email, person.username)
            if self._saved.get(person.id) != seen:
                self._saved[person.id] = seen
                out.append(person)
        return out


class BoardPages:
    """Saves one board's pages into ``store`` (source ``source_id``) and tells the progress."""

    def __init__(
        self, store: Any, source_id: int, people: People, on_progress: Progress | None
    ) -> None:
        self.store, self.source_id, self.people = store, source_id, people
        self.on_progress = on_progress

    def progress(self, done: int, total: int, what: str) -> None:
        if self.on_progress is not None:
            self.on_progress("fetch", done, total, what)

    def cursor(self, cursor: dict[str, Any]) -> None:
        """Save where the sync stands (nothing else)."""
        self.store.save_page(self.source_id, cursor=cursor, advance_cursor=True)

    def people_met(self) -> None:
        """Save the people met so far (the board's members)."""
        self.store.save_page(self.source_id, people=self.people.unsaved())

    def actions(self, activities: list[Activity], cursor: dict[str, Any]) -> None:
        """One page of actions (mapped) with the people they name, and the cursor after it."""
        self.store.save_page(
            self.source_id,
            (),
            activities,
            self.people.unsaved(),
            cursor=cursor,
            advance_cursor=True,
        )

    def played(self, items: list[Item], result: BoardFetch, cursor: dict[str, Any]) -> None:
        """Items whose new actions told all they changed, and the cursor after them."""
        for item in items:
            for person_id in item.members:
                add_person(self.people, person_id)
        result.played += len(items)
        self.store.save_page(
            self.source_id, items, (), self.people.unsaved(), cursor=cursor, advance_cursor=True
        )

    def cards(
        self,
        cards: list[dict],
        mapping: dict[str, Any],
        result: BoardFetch,
        cursor: dict[str, Any],
    ) -> None:
        """One page of cards, mapped with ``mapping`` (what ``map_card`` takes), and the cursor;
        its card templates are left out (:func:`~connectors.mapping.trello.is_template`), their
        ids noted with the source."""
        items, templates = [], []
        for card in cards:
            if is_template(card) and isinstance(card.get("id"), str):
                templates.append(card["id"])
                continue
            try:
                items.append(map_card(card, **mapping))
            except RecordError as error:
                result.skipped.append(f"card {card.get('id', '?')}: {error}")
        for item in items:
            for person_id in (item.assignee, item.reporter, *item.members):
                add_person(self.people, person_id)
        result.cards += len(cards)
        result.templates += len(templates)
        self.store.save_page(
            self.source_id,
            items,
            (),
            self.people.unsaved(),
            cursor=cursor,
            advance_cursor=True,
            templates=templates,
        )


def plural(n: int, noun: str) -> str:
    """``1 card``, ``2 cards``, ``0 cards``, ``1,329 actions``."""
    return f"{n} {noun}" if n == 1 else f"{n:,} {noun}s"
