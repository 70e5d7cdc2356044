"""A Jira CSV's rows into one Board, row by row (:class:`_BoardBuilder`).

What ``map_issue`` makes of :func:`~.jira_csv_reference.row_to_issue`'s dict, without the dict:
each record's cells picked by the header's fields, a repeated or another export's header told
apart (:mod:`.jira_csv_joined`), a tool-written row's JSON dumps read as empty, then one Item and
its activities, as objects (a library user's read) or, for a scan, straight into activity
columns (:class:`_LeanActivities`). ``finish`` resolves parents given by id, mentions, the
board's name, and tells ``clean_board`` which items the polars path vouched for.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import compress
from operator import attrgetter, itemgetter
from typing import Any

import numpy as np

from connectors.columns import (
    KIND_CODE,
    NO_TIME_US,
    ActivityColumns,
    ActivityList,
    ItemTimes,
    stable_argsort,
)
from connectors.exports.files import fail
from connectors.exports.jira_csv_cells import (
    _comment,
    _comment_us,
    _comments,
    _register,
    _title,
    counted_watchers,
    id_alone,
    is_count,
    labels_of,
    plain_text,
    resolution_set,
    resolution_stands_in,
    watcher_ids,
)
from connectors.exports.jira_csv_dates import NumericDates, parse_csv_date, utc_us
from connectors.exports.jira_csv_header import is_jira_header
from connectors.exports.jira_csv_joined import BOM, REPEATED_HEADER, names_columns, other_header
from connectors.exports.jira_current_fields import ADVICE, missing_columns
from connectors.interface import Activity, ActivityKind, Board, Item, Person
from connectors.mapping.clean import CheckedItems, unsafe
from connectors.mapping.common import (
    Repeat,
    one_line,
    resolve_board_mentions,
    share_empty,
    tell_repeats,
)
from connectors.mapping.criteria import criteria_entries
from connectors.mapping.jira import (
    SOURCE,
    hierarchy_level,
    says_no_one,
    sprint_name,
    status_category,
)
from connectors.mapping.jira_columns import header_fields, written_by_tool
from connectors.mapping.shared import SharedCollections

#: Fields naming a person or an issue: in a tool-written export, a JSON dump there is no value.
_REFERENCES = frozenset(
    {
        *("assignee", "assignee_id", "reporter", "reporter_id", "creator", "creator_id"),
        *("watchers", "watchers_id", "parent_key", "parent_id", "epic_link"),
    }
)


_MULTI = frozenset(
    {
        *("labels", "components", "fix_versions", "sprint", "comment", "watchers"),
        *("watchers_id", "criteria"),
    }
)


_BY_TIME = attrgetter("timestamp")


_CREATED, _COMMENTED = ActivityKind.CREATED, ActivityKind.COMMENTED


_CREATED_CODE, _COMMENTED_CODE = KIND_CODE[_CREATED], KIND_CODE[_COMMENTED]


_DTYPES = {"i": np.int32, "b": np.int8, "q": np.int64}


class _LeanActivities:
    """The columns of :class:`ActivityColumns`, filled item by item as rows are mapped (what the
    objects path appends, in the same order: each item's creation, then its comments)."""

    def __init__(self) -> None:
        self.item, self.actor, self.kind, self.when = (
            array("i"),
            array("i"),
            array("b"),
            array("q"),
        )
        self.actors: dict[str, int] = {}

    def add(
        self,
        item: int,
        creator: str | None,
        created: datetime | None,
        comments: Iterable[tuple[int, str, str]],
        people: dict[str, Person],
    ) -> None:
        """One item's creation and its comments (times in µs, :func:`_comment_us`)."""
        codes = self.actors
        if created is not None:
            self.item.append(item)
            self.actor.append(-1 if creator is None else codes.setdefault(creator, len(codes)))
            self.kind.append(_CREATED_CODE)
            self.when.append(utc_us(created))
        for when, author, _ in comments:
            actor = _register(people, author, None) if author else None
            self.item.append(item)
            self.actor.append(-1 if actor is None else codes.setdefault(actor, len(codes)))
            self.kind.append(_COMMENTED_CODE)
            self.when.append(when)

    def drop(self, items: set[int], before: int) -> set[str]:
        """Leave out the activities of the items at the places ``items`` among the first
        ``before`` (an issue's first row, mapped again from a later one: ``_map_again``), the
        rest in item order (the later row's were added last); the ids of their actors."""
        codes = np.frombuffer(self.item, np.int32)
        gone = np.isin(codes[:before], np.fromiter(items, np.int32, len(items)))
        actors = self.actors_of(np.flatnonzero(gone))
        keep = np.flatnonzero(np.concatenate([~gone, np.ones(len(codes) - before, bool)]))
        keep = keep[stable_argsort(codes[keep])]  # in item order again, as they were added
        for name in ("item", "actor", "kind", "when"):
            column = getattr(self, name)
            kept = np.frombuffer(column, _DTYPES[column.typecode])[keep]
            setattr(self, name, array(column.typecode, kept.tobytes()))
        return actors

    def actors_of(self, rows: Any) -> set[str]:
        """The ids of the people who made the activities at ``rows``."""
        codes = np.unique(np.frombuffer(self.actor, np.int32)[np.asarray(rows, np.int64)])
        ids = list(self.actors)
        return {ids[code] for code in codes.tolist() if code >= 0}

    def columns(self, items: list[Item]) -> ActivityList:
        """The columns in time order (stable: as the objects' per-item then whole-board sorts),
        codes in order of first appearance. Each column is taken in that order and its buffer
        freed before the next, and the order dropped before the codes are renumbered: at 1M
        items (2.6M activities) the read's peak was here, ≈ 75 MB above the rows read."""
        order = stable_argsort(np.frombuffer(self.when, np.int64))
        when = self._take("when", np.int64, order)
        item = self._take("item", np.int32, order)
        actor = self._take("actor", np.int32, order)
        kind = self._take("kind", np.int8, order).astype(np.int16)
        del order
        columns = ActivityColumns(
            [item.id for item in items],
            list(self.actors),
            [None],
            item,
            actor,
            kind,
            np.zeros(len(when), np.int16),
            when,
        )
        del item, actor, kind, when
        columns.renumber()
        return ActivityList(columns)

    def _take(self, name: str, dtype: Any, order: np.ndarray) -> np.ndarray:
        """The column ``name`` in ``order``; its buffer let go (an empty one in its place)."""
        taken = np.frombuffer(getattr(self, name), dtype)[order]
        setattr(self, name, array(getattr(self, name).typecode))
        return taken


@dataclass(slots=True)
class _Repeat(Repeat):
    """An issue on more than one row (a tool's daily snapshots of its issues, session 30: 95
    issues on 13,219 rows; ``copies`` counts its rows). The row updated last among the repeats
    (its cells, as ``add`` takes them; its issue number in ``kept``) is mapped at the end in
    place of the first when it was updated later (the issue's current state), else ``kept``
    goes back to 0 (the first)."""

    updated: int | None = None  # the latest Updated of the repeats, in µs (None: none dated)
    text: str = ""  # its cell
    cells: list[str] | None = None  # that repeat's cells
    number: int = 0  # its record number (the header counts as 1)


def _person(people: dict[str, Person], name: str | None, user_id: str | None) -> str | None:
    """A person cell registered (its id, else its name, stands for the person); a name alone
    that says no one (``Unassigned``, ``Sin asignar``: a tool's CSV) is no one."""
    if user_id:
        return _register(people, user_id, name or user_id)
    if name and not says_no_one(name):
        return _register(people, name, name)
    return None


class _BoardBuilder:
    """Rows in, one Board out (what ``issues_to_board`` makes of ``row_to_issue``'s issues)."""

    def __init__(
        self,
        header: list[str],
        origin: str,
        activity_details: bool = True,
        shared_empty: bool = False,
        numeric: NumericDates | None = None,
        *,
        description_chars: int | None = None,
    ) -> None:
        self.activity_details = activity_details  # False: comment texts and ids left out
        # the characters kept of a description a scan will not search again (_csv_prepared's
        # _Columns: a vouched row's, holding no criteria); None: every description whole
        self.description_chars = description_chars
        # shared_empty: every item's empty lists one list, its empty dict one dict (a scan's)
        # and its items' equal non-empty lists (labels, components…) one list (share_list)
        self.collections = SharedCollections() if shared_empty else None
        self.empty: tuple[list[str], dict[str, str]] | None = None
        if self.collections is not None:
            self.empty = (self.collections.no_list, self.collections.no_dict)
        fields, rewritten = header_fields(header)
        columns = [(i, f) for i, f in enumerate(fields) if f]
        self.indices = indices = [index for index, _ in reversed(columns)]
        self.width = max(indices) + 1
        # A row's cells are picked last column first and stripped; zipping the non-empty ones
        # with their fields into a dict keeps each field's first non-empty cell (as _Row.first).
        self.pick = itemgetter(*indices) if len(indices) > 1 else lambda cells: (cells[indices[0]],)
        self.fields_reversed = [field for _, field in reversed(columns)]
        # A header written by a tool (header_fields): its cells of people and parents that
        # hold a JSON object's dump (``{"accountId": …``, often cut off) name nobody and no
        # issue, and a Watchers cell of digits is a count, as in Jira's export of the current
        # fields (counted_watchers): such cells are read as empty.
        self.dumps = self.counts = ()
        if rewritten:
            self.dumps = [n for n, f in enumerate(self.fields_reversed) if f in _REFERENCES]
        if rewritten or counted_watchers(fields):
            self.counts = [n for n, f in enumerate(self.fields_reversed) if f == "watchers"]
        self.numeric = numeric  # the file's NumericDates (None: dates in digits alone not read)
        # The header's own key and id cells: a row holding them is the header again (two
        # exports joined into one file, each with its header), not an issue (repeats_header).
        self.header_ids = {f: header[i].strip() for i, f in reversed(columns) if f in ("key", "id")}
        self.header = header  # (its cells as add's rows hold them: project() cuts it too)
        last = len(columns) - 1
        self.positions = {  # multi-valued field → its cells' places in the reversed list
            field: [last - n for n, (_, f) in enumerate(columns) if f == field] for field in _MULTI
        }
        self.board = Board(id="", name="Jira issues", source=SOURCE, origin=origin)
        self.board.missing_columns = missing_columns(fields)  # an export of current fields
        self.by_resolution = resolution_stands_in(fields)  # no Resolved column: Resolution says
        self.board.missing_columns_by_tool = bool(self.board.missing_columns) and written_by_tool(
            header, rewritten
        )
        self.count = 0  # rows that became issues (duplicates included), as issues_to_board counts
        self.seen: set[str] = set()
        # the issues on more than one row, by issue id (one skipped line each: finish); with an
        # Updated column, the repeat updated last is kept when it is later than the first
        self.repeats: dict[str, _Repeat] = {}
        self.dated_rows = any(field == "updated" for _, field in columns)
        self.keys_by_id: dict[str, str] = {}  # only kept when parents can be given by id
        self.parents_by_id = any(field == "parent_id" for _, field in columns)
        self.parent_ids: list[tuple[Item, str]] = []  # parent given by id: key known at the end
        self.projects: dict[str, str] = {}
        self.row_errors: list[str] = []
        self.unreadable = 0
        self.shared: dict[str, str] = {}  # one string object per repeated value (status, labels…)
        self.categories: dict[tuple[str | None, str | None, bool], str | None] = {}
        self.levels: dict[str | None, int | None] = {None: None}
        self.sprints: dict[tuple[str, ...], str | None] = {}
        # A scan's activities (no details) go straight into columns, no object per activity.
        self.lean = None if activity_details else _LeanActivities()
        # The positions of the items clean_board must look at (CheckedItems), when the rows
        # are prepared by polars for a scan's own board (vouch_items); None: every item.
        self.unchecked: array | None = None
        # With it, each item's later of its creation and update times in µs (ItemTimes;
        # NO_TIME_US for none and for the unchecked items, whose times are read from them)
        self.times: array | None = None
        # and the flags' facts of each item (ItemTimes.facts; 0 for the unchecked items)
        self.facts: array | None = None
        # and the positions of the items whose description may hold an "@" (a mention
        # resolve_board_mentions looks at): the others' need not be read again
        self.mentions: array | None = None

    def vouch_items(self) -> None:
        """From now on tell ``clean_board`` which items it need not look at (the prepared
        rows vouch for theirs, see ``_csv_prepared._Columns``): before the first row."""
        if self.collections is not None and not self.board.items:
            self.board.items = CheckedItems()
            self.unchecked = array("q")
            self.times = array("q")
            self.facts = array("B")
            self.mentions = array("q")

    def share_list(self, values: list[str]) -> list[str]:
        """``values``, or on a scan's board the equal list one of its items already holds."""
        return values if self.collections is None else self.collections.list(values)

    def project(self) -> list[int]:
        """The columns a row's cells must hold, in this order, for :meth:`add` (instead of
        every cell of the record: the split by columns hands over only these)."""
        wanted = sorted(set(self.indices))
        self.header = [self.header[index] for index in wanted]
        place = {index: n for n, index in enumerate(wanted)}
        projected = [place[index] for index in self.indices]
        if len(projected) > 1:
            self.pick = itemgetter(*projected)
        else:
            self.pick = lambda cells: (cells[projected[0]],)
        self.width = 0
        return wanted

    def add(self, cells: Sequence[str], number: int) -> bool:
        """Map one record (``number`` counts the header as 1); True when it was an issue row."""
        if len(cells) < self.width:
            cells = cells + [""] * (self.width - len(cells))
        stripped = list(map(str.strip, self.pick(cells)))
        if self.counts or self.dumps:
            self._blank_dumps(stripped)
        first = dict(
            zip(compress(self.fields_reversed, stripped), filter(None, stripped), strict=True)
        )
        if not first:
            return False  # a blank line
        get = first.get
        key = get("key")
        given_id = get("id")
        issue_id = given_id or key
        again = self.header_again(stripped, key, given_id, issue_id)
        if again is not None:
            if not again:
                raise other_header(self.board.origin, number)  # its rows in other columns
            self.row_errors.append(f"row {number}: {REPEATED_HEADER}")
            return False
        if key is not None and self.parents_by_id:
            self.keys_by_id[given_id or ""] = key
        summary = get("summary")
        if summary is None and "title" in first:
            title = first["title"]
            summary = title[len(key) :].strip() if key and title.startswith(key) else title
        if not issue_id:
            summary_text = one_line(summary or "?", 60)
            self.row_errors.append(f"row {number}: no issue key or id (summary {summary_text!r})")
            return False
        if key is None and summary is None and "type" not in first and "status" not in first:
            self.row_errors.append(f"row {number}: {id_alone(issue_id)}")
            return False
        if "comment" in first:  # a scan's (lean) comments: times in µs, as the columns hold them
            comments, unreadable = _comments(
                self._all(stripped, "comment"),
                _comment if self.lean is None else _comment_us,
                self.numeric,
            )
            self.unreadable += unreadable
        else:
            comments = ()
        self.count += 1
        if issue_id in self.seen:
            self.repeated(issue_id, key, cells, number, get("updated") or "")
            return True
        self.seen.add(issue_id)
        self._map(first, stripped, issue_id, key, summary, comments)
        return True

    def repeated(
        self,
        issue_id: str,
        key: str | None,
        cells: Sequence[str] | Any,
        number: int,
        updated: str | None = None,
    ) -> None:
        """The row ``number`` (issue ``self.count``) holds an issue already read: counted for its
        line, and kept aside when it was updated later than every repeat before it. ``cells``:
        the row as :meth:`add` takes it, or a function giving it (asked only with an Updated
        column: the prepared read's rows are not lists); ``updated``: its Updated cell, when
        the caller has it ("" for none)."""
        found = self.repeats.get(issue_id)
        if found is None:
            found = self.repeats[issue_id] = _Repeat(key or issue_id, self.count)
        else:
            found.copies += 1
        if not self.dated_rows:
            return
        if updated is None:
            if callable(cells):
                cells = cells()
            updated = self.first_of(cells, "updated") or ""
        if not updated or updated == found.text:  # (a snapshot's Updated most days: as kept)
            return
        when = parse_csv_date(updated, self.numeric)
        if when is None:
            return
        at = utc_us(when)
        if found.updated is None or at > found.updated:
            if callable(cells):
                cells = cells()
            found.updated, found.text, found.cells = at, updated, list(cells)
            found.number, found.kept = number, self.count

    def header_again(
        self, stripped: list[str], key: str | None, given_id: str | None, issue_id: str | None
    ) -> bool | None:
        """Is a row (its picked cells ``stripped``) a header: True the header once more, False
        another export's (its columns are not this one's: it maps Jira's columns to this one's
        places, or names some anywhere, :func:`names_columns`), None an issue row. No issue's
        key or id is its column's own name (``Issue key``); a Jira key or id ends in a digit."""
        header = self.header_ids
        if (key is not None and key.lstrip(BOM) == header.get("key")) or (
            given_id is not None and given_id.lstrip(BOM) == header.get("id")
        ):  # (a header after the first holds its file's BOM when files were joined by cat)
            own = list(map(str.strip, self.pick(self.header)))
            return [cell.lstrip(BOM) for cell in stripped] == own
        if issue_id and issue_id[-1].isdigit():
            return None
        if (issue_id and is_jira_header(stripped)) or names_columns(stripped):
            return False
        return None

    def first_of(self, cells: Sequence[str], field: str) -> str | None:
        """A whole record's first non-empty cell of ``field`` (as :meth:`add` reads it)."""
        found = [
            text
            for index, name in zip(self.indices, self.fields_reversed, strict=True)
            if name == field and index < len(cells) and (text := cells[index].strip())
        ]
        return found[-1] if found else None  # (the cells are picked last column first)

    def _blank_dumps(self, stripped: list[str]) -> None:
        """A tool-written row's JSON dumps and watcher counts read as empty (see __init__)."""
        for place in self.dumps:
            if stripped[place][:1] == "{":
                stripped[place] = ""
        for place in self.counts:
            if is_count(stripped[place]):
                stripped[place] = ""

    def _all(self, stripped: list[str], field: str) -> list[str]:
        """Every non-empty cell of a multi-valued field, in column order (as _Row.all)."""
        return [cell for place in self.positions[field] if (cell := stripped[place])]

    def _map(
        self,
        first: dict[str, str],
        stripped: list[str],
        item_id: str,
        key: str | None,
        summary: str | None,
        comments: Any,
    ) -> None:
        board, people, shared = self.board, self.board.people, self.shared.setdefault
        get = first.get
        assignee = _person(people, get("assignee"), get("assignee_id"))
        reporter = _person(people, get("reporter"), get("reporter_id"))
        creator = _person(people, get("creator"), get("creator_id"))
        watchers: list[str] = []
        if "watchers" in first or "watchers_id" in first:
            watchers = watcher_ids(
                people, self._all(stripped, "watchers_id"), self._all(stripped, "watchers")
            )

        status = get("status")
        if status is not None:
            status = shared(status, status)
        numeric = self.numeric
        found = get("created")
        created = parse_csv_date(found, numeric) if found else None
        found = get("resolved")
        resolved = parse_csv_date(found, numeric) if found else None
        found = get("updated")
        updated = parse_csv_date(found, numeric) if found else None
        found = get("due")
        due = parse_csv_date(found, numeric) if found else None
        is_resolved = resolved is not None or (
            self.by_resolution and resolution_set(get("resolution"))
        )
        category_key = (get("status_category"), status, is_resolved)
        category = self.categories.get(category_key, False)
        if category is False:
            category = status_category(
                {"name": category_key[0]} if status else None, status, category_key[2]
            )
            self.categories[category_key] = category
        issue_type = get("type")
        if issue_type in self.levels:
            level = self.levels[issue_type]
        else:
            level = self.levels[issue_type] = hierarchy_level({"name": issue_type})
        if issue_type is not None:
            issue_type = shared(issue_type, issue_type)
        sprint = None
        if "sprint" in first:
            sprint_key = tuple(self._all(stripped, "sprint"))
            if sprint_key in self.sprints:
                sprint = self.sprints[sprint_key]
            else:
                sprint = self.sprints[sprint_key] = sprint_name(list(sprint_key))
        priority = get("priority")
        parent = get("parent_key")
        parent_id = None if parent else get("parent_id")
        if parent_id:
            parent = parent_id
        elif not parent:
            parent = get("epic_link")
        description = get("description")
        labels = []
        if "labels" in first:
            labels = [shared(x, x) for x in labels_of(self._all(stripped, "labels"))]
        components = fix_versions = ()
        if "components" in first:
            components = dict.fromkeys(self._all(stripped, "components"))
        if "fix_versions" in first:
            fix_versions = dict.fromkeys(self._all(stripped, "fix_versions"))
        criteria = []  # acceptance criteria or a checklist in fields of their own: its lines
        if "criteria" in first:
            criteria = self.share_list(criteria_entries(self._all(stripped, "criteria")))
        item = Item(
            source=SOURCE,
            id=item_id,
            title=_title(summary) if summary else "",
            key=key,
            description=plain_text(description) if description else "",
            type=issue_type,
            status=status,
            status_category=category,
            labels=self.share_list(labels),
            created=created,
            updated=updated,
            resolved=resolved,
            parent=parent,
            column=status,
            sprint=sprint,
            assignee=assignee,
            reporter=reporter or creator,
            priority=None if priority is None else shared(priority, priority),
            hierarchy_level=level,
            checklist_items=criteria,
            members=self.share_list([]),  # (an issue has its assignee)
            watchers=self.share_list(watchers),
            due=due,
            rank=get("rank"),
            components=self.share_list([shared(c, c) for c in components]),
            fix_versions=self.share_list([shared(v, v) for v in fix_versions]),
        )
        if self.empty is not None:
            share_empty(item, *self.empty)
        board.items.append(item)
        if self.unchecked is not None:  # the general path's items are looked at
            self.unchecked.append(len(board.items) - 1)
        if self.times is not None:  # (an unchecked item: its times are read from it)
            self.times.append(NO_TIME_US)
        if self.facts is not None:
            self.facts.append(0)
        if self.mentions is not None:
            self.mentions.append(len(board.items) - 1)
        if parent_id:
            self.parent_ids.append((item, parent_id))

        actor = creator or reporter
        if self.lean is not None:
            self.lean.add(len(board.items) - 1, actor, created, comments, people)
        else:
            self._activities(item_id, actor, created, comments)

        project_key = get("project_key")
        if project_key:
            self.projects.setdefault(project_key, get("project_name") or "")
        elif key and "-" in key:
            self.projects.setdefault(key.rsplit("-", 1)[0], "")

    def _activities(
        self, item_id: str, actor: str | None, created: datetime | None, comments: Any
    ) -> None:
        """One item's activities as objects (read with details, for a library user or import)."""
        people = self.board.people
        if created is None:
            mine = []
        else:
            created_id = f"{item_id}:created" if self.activity_details else None
            mine = [Activity(item_id, actor, _CREATED, created, id=created_id)]
        details = self.activity_details
        for when, author, body in comments:
            actor = _register(people, author, None) if author else None
            text = plain_text(body) if details else None
            mine.append(Activity(item_id, actor, _COMMENTED, when, None, None, None, text))
        if len(mine) > 1:
            mine.sort(key=_BY_TIME)
        self.board.activities.extend(mine)

    def finish(self) -> Board:
        board = self.board
        if self.count > 1 and len(board.items) == 1:
            self._one_key(board.items[0])
        if self.repeats:
            self._repeated_rows()
        self.seen = set()  # not needed past the last row: not held while the columns are made
        for item, parent_id in self.parent_ids:
            item.parent = self.keys_by_id.get(parent_id, parent_id)
        if self.lean is not None:
            board.activities = self.lean.columns(board.items)  # type: ignore[assignment]
        else:
            board.activities.sort(key=_BY_TIME)
        # wiki mentions of the board's people shown by name (only the items that may hold one)
        mentions, self.mentions = self.mentions, None
        resolve_board_mentions(board, None if mentions is None else mentions.tolist())
        if self.unchecked is not None:
            if self.times is not None and len(self.times) == len(board.items):
                latest = np.frombuffer(self.times, np.int64)
                from_items = np.frombuffer(self.unchecked, np.int64).copy()
                facts = self.facts
                if facts is not None and len(facts) == len(board.items):
                    facts = np.frombuffer(facts, np.uint8)
                else:
                    facts = None
                board.items.times = ItemTimes(latest, from_items, facts)  # type: ignore[attr-defined]
            self.times = self.facts = None
            self._vouch()
        if len(self.projects) == 1:
            key, name = next(iter(self.projects.items()))
            board.id = key
            board.name = one_line(name, 200) if name else f"Jira project {key}"
        elif self.projects:
            board.id = ",".join(sorted(self.projects))
            board.name = f"Jira issues from {len(self.projects)} projects"
        board.skipped[:0] = self.row_errors
        if self.unreadable:  # parts of rows, not records: the rows themselves were read
            board.skipped_parts.append(
                f"{self.unreadable} comment cell(s) not in Jira's 'date;author;text' form were "
                "ignored"
            )
        return board

    def _repeated_rows(self) -> None:
        """Each issue on more than one row: its repeat updated last mapped in place of its first
        row when it was updated later (a tool's snapshots: the first row is the oldest state),
        and one line of ``Board.repeats`` (``issue #2: PROJ-1 appears 140 times; kept the one
        updated last (issue #140)``, or ``…; kept the first``), in the order of the first
        repeats."""
        board, repeats, self.repeats = self.board, self.repeats, {}
        items = board.items
        place = {item.id: n for n, item in enumerate(items) if item.id in repeats}
        newer = {
            issue_id: place[issue_id]
            for issue_id, repeat in repeats.items()
            if repeat.cells is not None
            and issue_id in place
            and (kept := items[place[issue_id]].updated) is not None
            and repeat.updated is not None
            and repeat.updated > utc_us(kept)
        }
        if newer:
            self._map_again(newer, repeats)
        for issue_id, repeat in repeats.items():
            if issue_id not in newer:
                repeat.kept = 0
        board.repeats.unit, board.repeats.first_kept = "row", not self.dated_rows
        tell_repeats(board.repeats, repeats.values())

    def _map_again(self, newer: dict[str, int], repeats: dict[str, _Repeat]) -> None:
        """Map each repeat of ``newer`` (issue id: the place of its first row's item) as the
        general path maps a row, and put its item, its activities and its place in the
        per-item columns where the first row's were."""
        board, lean = self.board, self.lean
        items = board.items
        count, unreadable = self.count, self.unreadable
        activities = len(lean.item) if lean is not None else len(board.activities)
        olds = [items[n] for n in newer.values()]  # (held: their ids stay theirs)
        old = {id(item) for item in olds}
        for issue_id, at in newer.items():
            repeat = repeats[issue_id]
            self.seen.discard(issue_id)
            mark = len(lean.item) if lean is not None else 0
            self.add(repeat.cells, repeat.number)  # type: ignore[arg-type]
            items[at] = items.pop()
            # (_map appended the item's place to each per-item column: it is at ``at`` now)
            for column in (self.unchecked, self.times, self.facts, self.mentions):
                if column is not None:
                    column.pop()
            if self.times is not None:
                self.times[at] = NO_TIME_US  # (its times are read from it: unchecked below)
            if self.facts is not None:
                self.facts[at] = 0
            for column in (self.unchecked, self.mentions):
                if column is not None:
                    column.append(at)
            if lean is not None:
                for n in range(mark, len(lean.item)):
                    lean.item[n] = at
        self.count, self.unreadable = count, unreadable
        for column in ("unchecked", "mentions"):  # (ascending, as CheckedItems takes them)
            if (values := getattr(self, column)) is not None:
                setattr(self, column, array("q", sorted(set(values))))
        self.parent_ids = [(item, p) for item, p in self.parent_ids if id(item) not in old]
        # the first rows' activities go, and the new ones take their item's place (the
        # activities are in item order until finish sorts them by time: stable, as a read
        # of the kept rows alone orders activities of one time)
        named = {p for item in olds for p in (item.assignee, item.reporter, *item.watchers)}
        if lean is not None:
            named |= lean.drop(set(newer.values()), activities)
            acting = set(lean.actors_of(range(len(lean.item))))
        else:
            ids = set(newer)
            kept = [a for a in board.activities[:activities] if a.item_id not in ids]
            named |= {a.actor_id for a in board.activities[:activities] if a.item_id in ids}
            place = {item.id: n for n, item in enumerate(items)}
            kept += board.activities[activities:]
            kept.sort(key=lambda activity: place[activity.item_id])
            board.activities[:] = kept
            acting = {a.actor_id for a in kept}
        # a person only the first rows named (an assignee since changed) is no one's now
        named -= acting
        if named:
            for item in items:
                named -= {item.assignee, item.reporter, *item.watchers}
            for person_id in named:
                if person_id is not None:
                    board.people.pop(person_id, None)

    def _one_key(self, item: Item) -> None:
        """Every row under one key that names no issue (a Jira key or id ends in a digit): the
        file is no export of Jira issues, and its rows are not copies of one issue. Session 30:
        a Newman data file named Jira.csv (``key,summary,description,...``, project key ``TES``
        on all 5 rows) read as 1 issue, with "TES appears twice; kept the first" for each other
        row. Refused in one line, saying what its key column holds."""
        key = item.key or item.id
        if key[-1:].isdigit():
            return  # one issue exported more than once: each copy is said, as before
        raise fail(
            self.board.origin or "the export",
            f"holds the same value, {one_line(key, 40)!r}, in the key column of all "
            f"{self.count} rows: no issue key (such as PROJ-123) tells its issues apart",
            ADVICE,
        )

    def _vouch(self) -> None:
        """Hand ``clean_board`` the items it must look at: every one if an item's text may
        have come from a cell the rows' checks did not see (a parent's key found by its id, a
        person's name put in for a mention)."""
        board, unchecked, self.unchecked = self.board, self.unchecked, None
        keys_by_id = self.keys_by_id
        for _, parent_id in self.parent_ids:
            key = keys_by_id.get(parent_id)
            if key is not None and unsafe(key):
                return
        if any(unsafe(person.display_name or "") for person in board.people.values()):
            return
        board.items.unchecked = unchecked  # type: ignore[attr-defined]
