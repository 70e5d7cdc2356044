"""Domain types every source produces, the one interface every source implements, and its errors.

A *source* (export file, live Jira, live Trello, the local store) turns whatever it reads into a
:class:`Board`: items, what people did to them (activities), and who those people are.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Protocol


class ActivityKind(StrEnum):
    """What a person did to an item. Kept small on purpose: the analyzer weighs these."""

    CREATED = "created"
    COMMENTED = "commented"
    MOVED = "moved"  # status / list / column change
    FIELD_CHANGED = "field-changed"  # description, summary, labels, due date, ...
    ASSIGNED = "assigned"  # assignee / member added or removed
    PRIORITISED = "prioritised"  # rank, priority, card position, sprint change
    ACCEPTED = "accepted"  # moved to a done/accepted state, checklist item completed


@dataclass(slots=True)
class Person:
    id: str
    display_name: str
    email: str | None = None
    username: str | None = None  # Trello username, Jira account name
    # Jira Cloud's ``accountType`` of the user: "atlassian" (a person's account), "app" (an app
    # or automation: Automation for Jira, a Marketplace app), "customer" (a service desk
    # customer); "app" for the account the Trello readers give Butler's actions (their
    # appCreator); None where the source does not say (Jira Server, CSV exports, Trello members)
    account_type: str | None = None


@dataclass(slots=True)
class Activity:
    item_id: str
    actor_id: str | None
    kind: ActivityKind
    timestamp: datetime
    field: str | None = None
    old: str | None = None
    new: str | None = None
    text: str | None = None
    id: str | None = None  # the source's id for the action / history entry, for de-duplication


def done_category(category: str | None) -> bool:
    """Is ``category`` (an item's ``status_category``) the finished one, ``done`` in any case?"""
    return (category or "").lower() == "done"


@dataclass(slots=True)
class Item:
    source: str  # "trello" | "jira"
    id: str
    title: str
    key: str | None = None  # Jira key (PROJ-12) or Trello short link
    description: str = ""
    type: str | None = None  # Jira issue type; None on Trello
    status: str | None = None
    status_category: str | None = None  # "todo" | "in progress" | "done" when known
    labels: list[str] = field(default_factory=list)
    created: datetime | None = None
    updated: datetime | None = None
    resolved: datetime | None = None
    parent: str | None = None  # parent / epic key or id
    column: str | None = None  # Trello list name, board column
    sprint: str | None = None  # latest sprint name
    assignee: str | None = None  # Person.id
    reporter: str | None = None  # Person.id
    url: str | None = None
    priority: str | None = None
    hierarchy_level: int | None = None  # Jira: 1 epic, 0 standard, -1 sub-task
    closed: bool = False  # archived card / deleted or moved issue
    checklist_items: list[str] = field(default_factory=list)
    members: list[str] = field(default_factory=list)  # Person.id of a Trello card's members
    # Person.id of a Jira issue's watchers: its reporter, commenters and whoever follows it (Jira
    # adds them itself), so no owners (``analyzer.flags.items.has_owner`` reads assignee+members)
    watchers: list[str] = field(default_factory=list)
    due: datetime | None = None
    rank: str | None = None
    components: list[str] = field(default_factory=list)  # Jira components
    fix_versions: list[str] = field(default_factory=list)  # Jira fix versions (releases)
    custom_fields: dict[str, str] = field(default_factory=dict)  # Trello custom field: value


@dataclass(frozen=True, slots=True)
class CappedHistory:
    """One source of a merged board whose export kept only its newest actions: its name, how
    many actions it holds, its first kept action and its oldest item (as the board read them),
    so the merged report says what that source left out, not what the others hold."""

    board: str
    actions: int
    first_activity: datetime | None
    oldest_item: datetime | None


@dataclass(frozen=True, slots=True)
class SearchPage:
    """A Jira search saved in part (one page of a REST search, session 30): the file ``export``
    holds ``issues`` of the ``total`` issues the search found (None: the page does not say how
    many, only that more follow: the 2025 ``/search/jql``'s ``isLast`` false)."""

    export: str
    issues: int
    total: int | None


@dataclass(frozen=True, slots=True)
class MissingColumns:
    """One source of a merged board that is a Jira CSV export of the current fields: its file
    (or board) name and the columns it lacks (``Board.missing_columns``), so the merged report
    names the file its note is about."""

    export: str
    columns: tuple[str, ...]
    # the columns are fields a Jira JSON search left out (Board.missing_fields_of_search)
    of_search: bool = False
    # the CSV's header was written by a tool (Board.missing_columns_by_tool)
    by_tool: bool = False


@dataclass(frozen=True, slots=True)
class BoardPart:
    """One board of a merged board: its name, kind (``jira``, ``trello``), origin (file path or
    server URL) and how many items it held, so a report of several says of each empty one what
    was asked of it (the project, query, board or export)."""

    name: str
    source: str
    origin: str | None
    items: int


@dataclass(slots=True)
class Repeats:
    """Issues an export holds more than once (a tool's daily snapshots on many CSV rows, a REST
    search saved in overlapping pages): each is read once, the other copies left out. Not
    unreadable records (:attr:`Board.skipped`): nothing of the issue is lost."""

    # one line per repeated issue: "issue #2: PROJ-1 appears 44 times; kept the one updated
    # last (issue #3)"
    lines: list[str] = field(default_factory=list)
    copies: int = 0  # the copies left out (each issue's copies but the one kept)
    unit: str = "row"  # what a copy is, for the note: "row" (CSV), "copy" (JSON), "record"
    # the reader could not tell which copy was updated last (no Updated column): it kept the
    # first; else it kept the copy updated last (the first when no later one)
    first_kept: bool = False

    def __bool__(self) -> bool:
        return bool(self.lines)


@dataclass(slots=True)
class Board:
    id: str
    name: str
    source: str
    items: list[Item] = field(default_factory=list)
    activities: list[Activity] = field(default_factory=list)
    people: dict[str, Person] = field(default_factory=dict)  # keyed by Person.id
    skipped: list[str] = field(default_factory=list)  # one line per record that could not be read
    # one line per kind of part of the export a reader left out, each counting many of them, not
    # records: "457 comment cell(s) not in Jira's 'date;author;text' form were ignored", "3
    # date(s) in digits alone (...) not read", "2 activities with a date outside the years
    # 1900-2199 were left out": kept apart so that a count of skipped records counts records
    skipped_parts: list[str] = field(default_factory=list)
    # a merged board of several (connectors.merge): the names of its boards that skipped records
    # or parts, in the order of their lines, so its report's note says whose they are; empty
    # for one board
    skipped_boards: list[str] = field(default_factory=list)
    # issues the export holds more than once, each read once (told apart from the records
    # that could not be read: ``skipped``)
    repeats: Repeats = field(default_factory=Repeats)
    origin: str | None = None  # file path or server URL (never with credentials)
    # a Trello JSON export holding Trello's most (its newest 1000 actions): how many it holds;
    # older activity is not in the file (None: the history is whole, as far as is known)
    history_capped: int | None = None
    # a Jira CSV export of the current fields (the user's issue view): the columns the analysis
    # reads that it lacks, in Jira's English names (connectors.exports.jira_current_fields)
    # (a merged board: the columns every source lacks, for the notes' wording)
    missing_columns: list[str] = field(default_factory=list)
    # those are fields a Jira JSON search asked without (``fields=…``), not a CSV's columns:
    # set by the reader that found them, whatever the file's name (a note's wording and advice)
    missing_fields_of_search: bool = False
    # those are columns a CSV written by a tool lacks (its header a tool's: REST field ids,
    # underscored names), not Jira's export of the current fields (the note's wording)
    missing_columns_by_tool: bool = False
    # a merged board (connectors.merge): each current-fields source's own missing columns
    missing_columns_of: list[MissingColumns] = field(default_factory=list)
    # a merged board (connectors.merge): each capped source's own dates, for its note
    capped_histories: list[CappedHistory] = field(default_factory=list)
    # a Jira JSON search saved in part (one page of more): what the file holds of what the
    # search found, one per such source (several on a merged board); empty when whole
    search_pages: list[SearchPage] = field(default_factory=list)
    # a merged board of several (connectors.merge): how many of its items each source board
    # holds, in item order (each board's items one run), so each is read with its own board
    # context (its prior, its common words); empty for one board
    parts: list[int] = field(default_factory=list)
    # a merged board of several (connectors.merge): each board it holds, in order; empty for one
    merged_from: list[BoardPart] = field(default_factory=list)
    # a Trello board's card templates (``"isTemplate": true``), left out by its reader: their
    # ids (a template is a pattern for new cards, not work: no item, activity or person is
    # counted for it; the report says how many: analyzer.balance)
    templates: list[str] = field(default_factory=list)
    # a Trello board that is itself a template (``prefs.isTemplate``: a board new boards are
    # copied from): its name (a merged board: each such board's), so the report says its cards
    # are a starting point, not a team's work; empty for a board of work
    template_boards: list[str] = field(default_factory=list)


class Connector(ABC):
    """A place items come from. ``load`` returns the whole board it can see."""

    name: str = "connector"

    @abstractmethod
    def load(self) -> Board: ...


class Progress(Protocol):
    """The one progress protocol, from every long step to whoever shows it.

    ``on_progress(stage, done, total, text)``: ``stage`` names the step (``"read"``, ``"fetch"``,
    ``"model"``, ``"classify"``), ``done`` of ``total`` (0 while unknown), ``text`` what is being
    done right now (may be ``""``). Called on the caller's thread.
    """

    def __call__(self, stage: str, done: int, total: int, text: str, /) -> None: ...


class SourceError(Exception):
    """A problem with the input the user can act on. ``str()`` is one line, safe to print."""


class ExportFormatError(SourceError):
    """A file that is missing, unreadable, or not an export this tool understands."""


class AuthError(SourceError):
    """Credentials missing or rejected (401/403)."""


class NotFoundError(SourceError):
    """Unknown board, project, or bad query."""


class RemoteError(SourceError):
    """The service kept failing (5xx, 429, network) after retries; what was fetched is kept."""
