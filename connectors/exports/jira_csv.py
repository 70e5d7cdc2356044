"""Offline reader for a Jira CSV export (Filters → Export → CSV (all fields) or current fields).

Jira writes one column per value for multi-valued fields (several ``Labels``, ``Comment``,
``Sprint``, ``Watchers`` columns), names the columns in the user's language, and writes dates in
the user's format (``23/Nov/26 10:15 AM``, ``10/nov/25 4:51 PM``, ``10/oct./16 11:54 AM``, ISO).
Each row is turned into the REST issue shape and mapped by :func:`jira_mapping.map_issue`, so a
CSV and a JSON export of the same issues give the same items.

Comment cells are ``date;author;text``. Rows without a key or summary are skipped into
``Board.skipped``, as is the header once more (two exports joined into one file); comment
cells in no such form are counted in ``Board.skipped_parts`` (parts of a row, not records);
unknown columns are ignored. A file cut off (a download that stopped) has
its last row skipped, with a line saying so, the rows before it read: it ends inside a quoted
cell, or inside a UTF-8 or UTF-16 character (an odd byte: half a code unit), or with no line
break after a last row of fewer cells than its header (between or inside unquoted cells: no
row of the 37 real Jira CSVs is shorter than its header, and all end in a line break but one,
whose last row is full). A file cut inside its last, unquoted cell with every cell there
cannot be told from a whole one: it is read.
"""

from __future__ import annotations

import csv
import io
import itertools
import os
from array import array
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from itertools import compress
from operator import attrgetter, itemgetter
from pathlib import Path
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
from connectors.exports.csv_columns import NotForPolars, column_batches, frame_batches, scan_bytes
from connectors.exports.files import (
    HEAD_BYTES,
    check_not_binary,
    cut_tail,
    cut_tail_utf16,
    decode_cut,
    fail,
    read_bytes,
)
from connectors.exports.interface import ExportFormat
from connectors.exports.jira_csv_cells import (
    _comment,
    _comment_us,
    _comments,
    _register,
    _title,
    counted_watchers,
    is_count,
    labels_of,
    plain_text,
    watcher_ids,
)
from connectors.exports.jira_csv_cut import (
    _CUT_ENCODINGS,
    _UTF16,
    _encodings,
    _text,
    _then_mark,
    cut_row,
)
from connectors.exports.jira_csv_dates import (
    NumericDates,
    NumericDatesFound,
    csv_date_us,
    parse_csv_date,
    plain_day_us,
    utc_us,
)
from connectors.exports.jira_csv_header import (
    _dialect,
    _line_dialect,
    is_jira_header,
    read_rows,
    require_issue_ids,
    sniff,
)
from connectors.exports.jira_csv_joined import (
    BOM,
    BOM_1252,
    REPEATED_HEADER,
    names_columns,
    other_header,
)
from connectors.exports.jira_csv_reference import row_to_issue
from connectors.exports.jira_current_fields import ADVICE, missing_columns
from connectors.interface import Activity, ActivityKind, Board, Connector, Item, Person, Progress
from connectors.mapping.clean import CheckedItems, unsafe
from connectors.mapping.common import one_line, resolve_board_mentions, share_empty
from connectors.mapping.criteria import criteria_entries
from connectors.mapping.jira import SOURCE, hierarchy_level, sprint_name, status_category
from connectors.mapping.jira_columns import header_fields
from connectors.mapping.shared import SharedCollections

#: The reader's public names, wherever they are defined (the modules below split its work).
__all__ = [
    "BOM",
    "BOM_1252",
    "EXPORT_FORMAT",
    "FORMAT",
    "JiraCsvExport",
    "NumericDates",
    "NumericDatesFound",
    "REPEATED_HEADER",
    "counted_watchers",
    "csv_date_us",
    "cut_row",
    "is_count",
    "is_jira_header",
    "labels_of",
    "names_columns",
    "other_header",
    "parse_csv_date",
    "plain_day_us",
    "plain_text",
    "read_rows",
    "require_issue_ids",
    "row_to_issue",
    "sniff",
    "utc_us",
    "watcher_ids",
]

FORMAT = "jira-csv"
_ADVICE = ADVICE
# Large descriptions and comment threads exceed the csv module's default 128 KiB per cell.
_CELL_LIMIT = 2**31 - 1  # polars has none: a lower limit set by the caller → the csv module reads
csv.field_size_limit(_CELL_LIMIT)

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


# --- rows → domain objects: what map_issue makes of row_to_issue's dict, without the dict --------
# The reader maps each row straight into an Item and its Activities. row_to_issue + map_issue is
# the reference: tests/test_jira_csv_fastpath.py checks both give the same Board.

_BY_TIME = attrgetter("timestamp")
_CREATED, _COMMENTED = ActivityKind.CREATED, ActivityKind.COMMENTED
_CREATED_CODE, _COMMENTED_CODE = KIND_CODE[_CREATED], KIND_CODE[_COMMENTED]


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
        self.count = 0  # rows that became issues (duplicates included), as issues_to_board counts
        self.seen: set[str] = set()
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
            self.board.skipped.append(
                f"issue #{self.count}: {key or issue_id} appears twice; kept the first"
            )
            return True
        self.seen.add(issue_id)
        self._map(first, stripped, issue_id, key, summary, comments)
        return True

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
        name, user_id = get("assignee"), get("assignee_id")
        assignee = _register(people, user_id or name, name or user_id) if name or user_id else None
        name, user_id = get("reporter"), get("reporter_id")
        reporter = _register(people, user_id or name, name or user_id) if name or user_id else None
        name, user_id = get("creator"), get("creator_id")
        creator = _register(people, user_id or name, name or user_id) if name or user_id else None
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
        category_key = (get("status_category"), status, resolved is not None)
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


# --- reading the file ---------------------------------------------------------------------------


#: The date fields whose cells tell a file's day order (:meth:`JiraCsvExport._look_at_dates`),
#: in the order a row's are read.
_DATE_FIELDS = ("created", "resolved", "updated", "due")


class _OneProgress:
    """A read's progress told as one: a file read again from its top (dates in digits alone,
    a file polars gave up on) tells no count below one already told, except the last one."""

    def __init__(self, told: Progress) -> None:
        self.told = told
        self.most = 0

    def __call__(self, stage: str, done: int, total: int, detail: str) -> None:
        if done > self.most or done == total:
            self.most = max(self.most, done)
            self.told(stage, done, total, detail)


class JiraCsvExport(Connector):
    """``JiraCsvExport(path).load()`` reads one Jira CSV export.

    The file is read as a stream (UTF-8, else Windows-1252; UTF-16 with a BOM): one row at a
    time is decoded, split and mapped, so neither the file's text nor its rows are held whole.
    """

    name = "jira-csv"

    def __init__(
        self,
        path: str | Path,
        *,
        on_progress: Progress | None = None,
        activity_details: bool = True,
        shared_empty: bool = False,
        description_chars: int | None = None,
        polars: bool = True,
    ) -> None:
        self.path = Path(path)
        self.on_progress = on_progress
        self.activity_details = activity_details  # False: comment texts and ids left out
        # False: the csv module reads the file (the reference split polars' read is tested
        # against), as it does a file polars gives up on or a machine without polars
        self.polars = polars
        # True (with activity_details=False; a scan's own board, never changed): the items'
        # empty lists are one list and their empty dicts one dict (≈ 290 bytes an item)
        self.shared_empty = shared_empty and not activity_details
        # (with shared_empty) all a scan reads of a description it will not search for
        # acceptance criteria: the rows polars prepares keep no more of one (_csv_prepared)
        self.description_chars = description_chars if self.shared_empty else None
        self.numeric: NumericDates | None = None  # this read's (load): the rows' builder's

    def load(self) -> Board:
        """The board. A file with dates in digits alone (:class:`NumericDates`) stops the read
        at its first such date; its date cells alone are then looked at to tell their order
        (:meth:`_look_at_dates`), and it is read once more, its dates in that order, or none
        of them and its board says why. Progress is told as one read (:class:`_OneProgress`)."""
        told = self.on_progress
        if told is not None:
            self.on_progress = _OneProgress(told)
        try:
            try:
                self.numeric = NumericDates(stop=True)
                return self._load()
            except NumericDatesFound:
                pass
            dates = self._look_at_dates()
            order = dates.told()
            self.numeric = None if order is None else NumericDates(order)
            board = self._load()
            if order is None and dates.seen:
                board.skipped_parts.append(dates.problem())
            return board
        finally:
            self.on_progress, self.numeric = told, None

    def _look_at_dates(self) -> NumericDates:
        """The file's numeric dates looked at (none read), with the ``csv`` module (the
        reference split) and only the date columns' cells: each date field's cells and each
        comment cell's date (the text before its first ``;``; a short cell without one: the
        date of a comment split over three cells). A file that does not decode or split to its
        end: the dates before that (its read says what is wrong)."""
        dates = NumericDates()
        head = self._head() or b""
        cut = self._cut(head)
        for encoding in _encodings(head):
            dates = NumericDates()
            try:
                with self.path.open("rb") as binary, _text(binary, encoding, cut) as text:
                    first = text.readline()
                    delimiter, sep_line = _line_dialect(first.rstrip("\r\n"))
                    lines = text if sep_line else itertools.chain((first,), text)
                    records = csv.reader(lines, delimiter=delimiter)
                    fields = header_fields(next(records, []))[0]
                    comments = [i for i, f in enumerate(fields) if f == "comment"]
                    days = [i for f in _DATE_FIELDS for i, g in enumerate(fields) if g == f]
                    for cells in records:
                        count = len(cells)
                        for index in comments:
                            if index < count:
                                cell = cells[index].strip()
                                if ";" in cell or len(cell) <= 40:
                                    parse_csv_date(cell.split(";", 1)[0], dates)
                        for index in days:
                            if index < count and (cell := cells[index].strip()):
                                parse_csv_date(cell, dates)
            except UnicodeDecodeError:
                continue
            except (csv.Error, OSError):
                pass
            break
        return dates

    def _load(self) -> Board:
        head = self._head()
        if head is not None:
            check_not_binary(self.path, head)
            encodings = _encodings(head)
            if encodings != _UTF16 and self.polars:
                try:
                    return self._load_columns()
                except NotForPolars:
                    pass  # the csv module reads it, as the reference
            cut = self._cut(head)
            for encoding in encodings:
                try:
                    board = self._load_stream(encoding, cut)
                except UnicodeDecodeError:
                    continue
                if board is not None:
                    return board
                break
        return self._load_whole()  # the exact errors of the whole-file reading, and odd files

    def _load_columns(self) -> Board:
        """The board from the file split by polars (:mod:`csv_columns`): the columns the
        header maps, a batch of rows at a time; only a comment's ``date;author;`` when the
        scan leaves texts out. NotForPolars when the csv module must read it."""
        with self.path.open("rb") as binary:
            text = io.TextIOWrapper(binary, encoding="utf-8-sig", newline="")
            try:
                first = text.readline()
            except UnicodeDecodeError as error:
                raise NotForPolars("not UTF-8") from error
            text.detach()
        line = first[:-1] if first.endswith("\n") else first
        delimiter, sep_line = _line_dialect(line)
        try:
            header = next(csv.reader([line], delimiter=delimiter), [])
        except csv.Error as error:
            raise NotForPolars("header") from error
        if sep_line or not is_jira_header(header) or csv.field_size_limit() < _CELL_LIMIT:
            raise NotForPolars("an Excel sep= line or not a Jira header: the csv path says")
        fields, rewritten = header_fields(header)
        if rewritten:  # a tool's header: its cells are judged by the row path (_BoardBuilder)
            raise NotForPolars("a tool-written header")
        require_issue_ids(self.path, header)
        # the checks polars needs; the line count only for a progress bar's total
        lines = scan_bytes(
            self.path, count=self.on_progress is not None, width=len(header), delimiter=delimiter
        )
        builder = _BoardBuilder(
            header,
            str(self.path),
            self.activity_details,
            self.shared_empty,
            self.numeric,
            description_chars=self.description_chars,
        )
        wanted = builder.project()
        comments = [i for i in wanted if fields[i] == "comment"]
        progress, number = self.on_progress, 1
        if not self.activity_details:  # a scan: rows prepared by polars (_csv_prepared)
            return self._load_prepared(builder, header, delimiter, wanted, comments, lines)
        batches = column_batches(self.path, delimiter, header, wanted)
        add = builder.add
        for columns in batches:
            for cells in zip(*columns, strict=True):
                number += 1
                if add(cells, number) and progress is not None and builder.count % 500 == 0:
                    # the total is estimated from the line feeds in the file
                    progress("read", builder.count, max(builder.count + 1, lines), "")
        if progress is not None and builder.count:
            progress("read", builder.count, builder.count, "")
        return builder.finish()

    def _load_prepared(
        self,
        builder: _BoardBuilder,
        header: list[str],
        delimiter: str,
        wanted: list[int],
        comments: list[int],
        lines: int,
    ) -> Board:
        """:meth:`_load_columns` for a scan: polars prepares each batch's values
        (:class:`PreparedRows`), the general row path maps only the rows it must."""
        from connectors.exports._csv_prepared import BATCH_ROWS, PreparedRows

        place = {index: n for n, index in enumerate(wanted)}
        names: dict[str, list[str]] = {}
        for index, field in enumerate(header_fields(header)[0]):
            if field is not None:
                names.setdefault(field, []).append(f"c{place[index]}")
        prepared = PreparedRows(builder, names)
        raw = [f"c{n}" for n in range(len(wanted))]
        progress = self.on_progress
        report = None
        if progress is not None:
            report = lambda done: progress(  # noqa: E731 - the total estimated from the line feeds
                "read", done, max(done + 1, lines), ""
            )
        number = 1
        builder.vouch_items()
        for batch in frame_batches(
            self.path, delimiter, header, wanted, comments, prepared.derived, BATCH_ROWS
        ):
            number = prepared.add_batch(batch, raw, number, report)
            del batch  # not held while the next batch is read
        if progress is not None and builder.count:
            progress("read", builder.count, builder.count, "")
        return builder.finish()

    def _head(self) -> bytes | None:
        """The first bytes, or None when the whole-file reading must judge the file."""
        try:
            if not self.path.is_file():
                return None
            with self.path.open("rb") as handle:
                head = handle.read(HEAD_BYTES)
        except OSError:
            return None
        return None if not head or head.isspace() else head

    def _cut(self, head: bytes) -> int:
        """How many of the file's last bytes begin a character it stops inside (0–3): a file
        cut off, when the bytes before them are UTF-8 (:func:`~.files.cut_character`), or a
        UTF-16 one (``head`` opens with its BOM) that ends in half a code unit or a pair's
        first half (:func:`~.files.cut_utf16`)."""
        try:
            with self.path.open("rb") as handle:
                size = handle.seek(0, os.SEEK_END)
                handle.seek(max(0, size - 4))
                tail = handle.read()
        except OSError:
            return 0
        if _encodings(head) == _UTF16:
            return cut_tail_utf16(tail, size, head.startswith(b"\xfe\xff"))
        return cut_tail(tail)

    def _load_stream(self, encoding: str, cut: int = 0) -> Board | None:
        """The board read through a decoding stream; None for a file whose first line ends in a
        lone CR (read whole, so its lines split exactly as before). ``cut``: :meth:`_cut`."""
        with self.path.open("rb") as binary:
            size = os.fstat(binary.fileno()).st_size or 1
            text = _text(binary, encoding, cut)
            first = text.readline()
            if first.endswith("\r"):
                text.detach()
                return None
            delimiter, sep_line = _line_dialect(first[:-1] if first.endswith("\n") else first)
            lines = text if sep_line else itertools.chain((first,), text)
            cut_off = bool(cut) and encoding in _CUT_ENCODINGS
            board = self._read(lines, delimiter, lambda: binary.tell() / size, cut_off)
            text.detach()
            return board

    def _load_whole(self) -> Board:
        raw = read_bytes(self.path)
        check_not_binary(self.path, raw[:HEAD_BYTES])
        text, cut = decode_cut(self.path, raw)
        del raw
        delimiter, text = _dialect(text)
        size = len(text) or 1
        lines = io.StringIO(text, newline="")
        del text
        return self._read(lines, delimiter, lambda: lines.tell() / size, cut)

    def _read(
        self, lines: Iterable[str], delimiter: str, done: Callable[[], float], cut: bool = False
    ) -> Board:
        """Records → Board; ``done()`` tells how much of the file has been read (0–1). ``cut``:
        the file ended inside a character (:func:`~.files.cut_character`), ``lines`` the text
        before it: its last row is cut off whatever its cells."""
        ended: list[bool] = []  # one True once the reader asked for a line after the last
        last: list[str] = []  # the last line, once handed over to the reader
        records = csv.reader(_then_mark(lines, ended, last), delimiter=delimiter)
        number = 1
        try:
            header = next(records, [])
            if not is_jira_header(header):
                shown = ", ".join(one_line(h, 30) for h in header[:4]) or "nothing"
                raise fail(
                    self.path,
                    f"is not a Jira CSV export (its header starts with {shown}; expected columns "
                    "such as Summary and Issue key)",
                    _ADVICE,
                )
            require_issue_ids(self.path, header)
            builder = _BoardBuilder(
                header, str(self.path), self.activity_details, self.shared_empty, self.numeric
            )
            add, progress = builder.add, self.on_progress
            width = len(header)
            for number, cells in enumerate(records, 2):
                # the file's last record, with no line break after it: cut off between or
                # inside unquoted cells when it has fewer cells than the header (no row of the
                # 37 real Jira CSVs has, and all end in a line break but one, whose last row
                # is full), or inside a character (``cut``); inside a quoted cell: ``ended``
                at_end = last and not last[0].endswith(("\n", "\r"))
                if ended or (at_end and (cut or len(cells) < width)):
                    key = builder.first_of(cells, "key") or builder.first_of(cells, "id")
                    builder.row_errors.append(cut_row(number, key, bool(ended)))
                    cut = False
                    break
                if add(cells, number) and progress is not None and builder.count % 500 == 0:
                    # the total is estimated from the bytes read until the last row
                    progress(
                        "read",
                        builder.count,
                        max(builder.count + 1, int(builder.count / max(done(), 1e-9))),
                        "",
                    )
        except csv.Error as error:
            raise fail(self.path, f"is not a readable CSV ({error})", _ADVICE) from error
        if cut:  # the cut left only a character's first bytes after the last line break
            builder.row_errors.append(cut_row(number + 1, None, False))
        if progress is not None and builder.count:
            progress("read", builder.count, builder.count, "")
        return builder.finish()


EXPORT_FORMAT = ExportFormat(
    FORMAT,
    "Jira CSV export",
    sniff,
    JiraCsvExport,
    lean=True,
    shared_empty=True,
    cuts_descriptions=True,
)
