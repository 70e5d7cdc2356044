"""Reading from the store: items, activities (as objects, or as lean columns for a report)
and whole boards."""

from __future__ import annotations

import json
import re
from array import array
from collections.abc import Iterable
from datetime import datetime

import numpy as np

from _backlog_analyzer_runtime.gc_pause import collector_paused
from _backlog_analyzer_runtime.memo import Codes
from connectors.columns import ActivityColumns, ActivityList, Zones
from connectors.interface import (
    Activity,
    ActivityKind,
    Board,
    Item,
    Person,
    Repeats,
    SearchPage,
)
from connectors.store._columns import (
    _KIND_LIST,
    _KIND_POSITIONS,
    _offset,
    _utc_column,
    window_rows,
)
from connectors.store.codec import _KINDS, _from_json, _iso, _items_from_rows, _parse_dt
from connectors.store.errors import _one_line_errors

#: A store written before the skipped records and the parts of an export left out were kept apart
#: holds one list of lines (``sources.skipped``); its parts lines are told by their words, as the
#: readers wrote them then: "457 comment cell(s) not in Jira's 'date;author;text' form were
#: ignored", "3 date(s) in digits alone (...) not read", "2 activities with a date outside the
#: years 1900-2199 were left out". Only for such a stored list: readers now keep the two apart.
_LEGACY_PARTS_LINE = re.compile(
    r"\d[\d,]* (?:comment cell\(s\)|date\(s\) in digits alone|activit(?:y|ies) with a date outside)"
)


def _skipped_lines(stored: str | None) -> tuple[list[str], list[str]]:
    """A source's ``sources.skipped`` as (records, parts): the object ``{"records": [...],
    "parts": [...]}`` written now, or the one list of lines an older store holds (its parts lines
    told by :data:`_LEGACY_PARTS_LINE`), so a report from an existing store needs no migration."""
    if not stored:
        return [], []
    value = json.loads(stored)
    if isinstance(value, dict):
        return list(value.get("records") or ()), list(value.get("parts") or ())
    records: list[str] = []
    parts: list[str] = []
    for line in value:
        (parts if _LEGACY_PARTS_LINE.match(line) else records).append(line)
    return records, parts


def skipped_object(stored: str | None) -> dict:
    """A source's ``sources.skipped`` as the object written now (an older store's list of
    lines: its records and parts, :func:`_skipped_lines`; none: empty)."""
    value = json.loads(stored) if stored else None
    if isinstance(value, dict):
        return value
    if not value:
        return {}
    records, parts = _skipped_lines(stored)
    return {"records": records, "parts": parts}


def stored_repeats(said: dict) -> Repeats:
    """``sources.skipped``'s ``repeats`` (the issues an export holds more than once): none in a
    store written before session 31, whose lines of them are among its ``records``."""
    value = said.get("repeats")
    if not isinstance(value, dict) or not value.get("lines"):
        return Repeats()
    copies = value.get("copies")
    return Repeats(
        lines=[str(line) for line in value["lines"]],
        copies=copies if isinstance(copies, int) else 0,
        unit=str(value.get("unit") or "record"),
        first_kept=value.get("first_kept") is True,
    )


#: A store written before session 31 holds the lines on repeated issues among its unreadable
#: records, in the words its readers wrote then: one line per copy ("issue #15: T-12 appears
#: twice; kept the first", "… appears again; …"; the number is the copy's) or, for a while,
#: one per issue ("issue #2: PROJ-1 appears 140 times; kept the one updated last (issue #140)").
_LEGACY_REPEAT_LINE = re.compile(
    r"issue #(\d+): (.+) appears (?:twice|again|([\d,]+) times); "
    r"kept (?:the first|(the one updated last) \(issue #\d+\))"
)
#: The issue numbers a regrouped line names before it counts the others.
_NAMED_COPIES = 5


def stored_records(said: dict, origin: str | None) -> tuple[list[str], Repeats]:
    """``sources.skipped``'s unreadable records and repeated issues. A store written before
    session 31 (no ``repeats``) holds the repeat lines among its records: told by their words
    (:data:`_LEGACY_REPEAT_LINE`), they count as repeats, one line per issue, as a store written
    today does (a copy is a row of a ``.csv``, a copy of a ``.json``), so its report says
    "N rows repeat M issues" instead of "N records could not be read"."""
    records = [str(line) for line in said.get("records") or ()]
    if "repeats" in said or not any("appears" in line for line in records):
        return records, stored_repeats(said)
    kept: list[str] = []
    issues: dict[str, list] = {}  # key: [copies, issue numbers of per-copy lines, lines]
    updated_last = False
    for line in records:
        found = _LEGACY_REPEAT_LINE.fullmatch(line)
        if found is None:
            kept.append(line)
            continue
        issue = issues.setdefault(found[2], [0, [], []])
        issue[2].append(line)
        if found[3] is None:  # a line per copy
            issue[0] += 1
            issue[1].append(found[1])
        else:
            issue[0] += int(found[3].replace(",", "")) - 1
        updated_last = updated_last or found[4] is not None
    lines = [_one_line_per_issue(key, *issue) for key, issue in issues.items()]
    suffix = (origin or "").lower().rsplit(".", 1)[-1]
    return kept, Repeats(
        lines=lines,
        copies=sum(issue[0] for issue in issues.values()),
        unit={"csv": "row", "json": "copy"}.get(suffix, "record"),
        first_kept=not updated_last,
    )


def _one_line_per_issue(key: str, copies: int, numbers: list[str], lines: list[str]) -> str:
    """An older store's lines on one issue as one: its line when it has one; else its copies'
    numbers, "issues #15, #37, #50: T-12 appears again; kept the first" (at most
    :data:`_NAMED_COPIES` named, "… and 135 more")."""
    if len(lines) == 1:
        return lines[0]
    named = ", ".join(f"#{n}" for n in numbers[:_NAMED_COPIES])
    more = len(numbers) - _NAMED_COPIES
    if more > 0:
        named += f" and {more:,} more"
    return f"issues {named}: {key} appears again; kept the first"


@_one_line_errors
class Reading:
    """The store's reading methods (mixed into :class:`~connectors.store.Store`)."""

    # -- reading ----------------------------------------------------------------------------

    def newest_activity(self, source_id: int) -> datetime | None:
        """The time of the source's newest stored activity (from the ``activities_time`` index,
        which only a query saying ``timestamp IS NOT NULL`` uses: one look-up, however many
        activities the board holds)."""
        row = self._db.execute(
            "SELECT MAX(timestamp) FROM activities WHERE source_id = ? AND timestamp IS NOT NULL",
            (source_id,),
        ).fetchone()
        return _parse_dt(row[0]) if row and row[0] else None

    def fetched_since(self, source_id: int, when: datetime) -> set[str]:
        """Ids of the items saved at or after ``when`` (e.g. by the sync that began then)."""
        return {
            r[0]
            for r in self._db.execute(
                "SELECT item_id FROM items WHERE source_id = ? AND fetched_at >= ?",
                (source_id, _iso(when)),
            )
        }

    def stored_activity_ids(self, source_id: int, activity_ids: Iterable[str]) -> set[str]:
        """Which of these activity ids (as :func:`~connectors.store.keys.activity_key` keeps
        them) are stored already: an incremental sync counts only what is new."""
        ids = sorted(set(activity_ids))
        found: set[str] = set()
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            found.update(
                r[0]
                for r in self._db.execute(
                    "SELECT activity_id FROM activities "
                    f"WHERE source_id = ? AND activity_id IN ({marks})",
                    (source_id, *chunk),
                )
            )
        return found

    def item_ids(self, source_id: int, *, include_removed: bool = True) -> set[str]:
        sql = "SELECT item_id FROM items WHERE source_id = ?"
        if not include_removed:
            sql += " AND removed = 0"
        return {r[0] for r in self._db.execute(sql, (source_id,))}

    def items_of(self, source_id: int, item_ids: Iterable[str]) -> dict[str, Item]:
        """The stored items of these ids that are not marked removed, by id (an incremental
        Trello sync plays a changed card's actions on its item)."""
        ids = sorted(set(item_ids))
        found: dict[str, Item] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for item_id, data in self._db.execute(
                "SELECT item_id, data FROM items "
                f"WHERE source_id = ? AND removed = 0 AND item_id IN ({marks})",
                (source_id, *chunk),
            ):
                found[item_id] = _from_json(Item, data)
        return found

    def activities_of(self, source_id: int, item_ids: Iterable[str]) -> list[Activity]:
        """Stored activities of these items (stored or not), ordered by (timestamp, rowid).

        An incremental sync maps the few changed items from their history without loading the
        whole board. Ids are queried in chunks below SQLite's bound-variable limit.
        """
        ids = sorted(set(item_ids))
        rows: list[tuple[str, int, str]] = []
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows.extend(
                self._db.execute(
                    "SELECT timestamp, rowid, data FROM activities "
                    f"WHERE source_id = ? AND item_id IN ({marks})",
                    (source_id, *chunk),
                )
            )
        rows.sort(key=lambda r: (r[0], r[1]))
        return [_from_json(Activity, data) for _, _, data in rows]

    def load_board(
        self,
        source_id: int,
        *,
        all_activities: bool = False,
        activity_details: bool = True,
        shared_empty: bool = False,
        for_report: bool = False,
    ) -> Board:
        """Everything stored for one source as a Board; removed items come back ``closed``.

        Activities of items the store does not hold (a Trello card moved to another board, whose
        ``moveCardFromBoard`` is in the board's history) are kept in the file but left out, as
        the export readers leave them out: a report from the store matches a scan of the export.
        ``all_activities`` loads them too (a connector mapping cards from their history).
        ``activity_details=False`` loads activities with item, actor, kind and time only (what the
        analysis reads; as the export readers' option of that name): no field, old/new values,
        comment text or source id, so a million-activity store loads in less time and memory.
        ``shared_empty``: every item's empty lists are one list and its empty dict one dict, shared
        by the board's items — for a board nobody changes (a report's own): 1M items hold
        ≈ 0.28 GB less. Never append to them.
        ``for_report``: the board of one report, nobody else's and never changed (implies
        ``shared_empty``): items with the same labels share one list of them, and each item's
        ``rank``, which no report reads, is left out (None) — ≈ 0.15 GB less at 1M items.
        """
        shared_empty = shared_empty or for_report
        with collector_paused():  # millions of acyclic objects: the cyclic GC would rescan them
            return self._load_board(
                source_id, all_activities, activity_details, shared_empty, for_report
            )

    def _load_board(
        self,
        source_id: int,
        all_activities: bool,
        activity_details: bool,
        shared_empty: bool,
        for_report: bool = False,
    ) -> Board:
        kind, key, name, origin = self._require(source_id)
        shared: dict[str | None, str | None] = {}  # one str per repeated text (see below)
        empty: tuple[list[str], dict[str, str]] | None = ([], {}) if shared_empty else None
        label_lists: dict[tuple[str, ...], list[str]] | None = {} if for_report else None
        # The source's rowid range first (from an index), then the rows in rowid order straight
        # from the table: a plain ``WHERE source_id = ?`` goes through the index by fetch time
        # and sorts every row, data included, in a temporary B-tree (1 GB at 1M items).
        low, high = self._db.execute(
            "SELECT min(rowid), max(rowid) FROM items WHERE source_id = ?", (source_id,)
        ).fetchone()
        # keys: the items' item_id column (what an activity row names)
        items, rowids, keys = _items_from_rows(
            self._db.execute(
                "SELECT rowid, item_id, CAST(data AS BLOB), removed FROM items "
                "WHERE rowid BETWEEN ? AND ? AND +source_id = ? ORDER BY rowid",
                (low, high, source_id),
            ),
            shared,
            empty,
            label_lists,
        )
        activities: list[Activity] | ActivityList | None = None
        if not activity_details and not all_activities:
            activities = self._activity_columns(source_id, items, rowids, shared, keys)
        if activities is None:
            activities = (
                self._activities(source_id, all_activities)
                if activity_details
                else self._lean_activities(source_id, all_activities, (it.id for it in items))
            )
        people = {
            p.id: p
            for p in (
                _from_json(Person, r[0])
                for r in self._db.execute(
                    "SELECT data FROM people WHERE source_id = ? ORDER BY person_id", (source_id,)
                )
            )
        }
        skipped, capped = self._db.execute(
            "SELECT skipped, history_capped FROM sources WHERE id = ?", (source_id,)
        ).fetchone()
        # what the reader left out, parsed once: records, parts, the columns a current-fields
        # export lacks, Trello card templates (Writing.note_templates), a board that is a
        # template (Writing.note_template_board), a Jira search saved in
        # part ([export, issues, total] each); an older store holds fewer keys, or a list
        said = skipped_object(skipped)
        records, repeats = stored_records(said, origin)
        return Board(
            missing_columns=list(said.get("missing_columns") or ()),
            # (a store of session 33 kept no flag: its JSON files were told by their name)
            missing_fields_of_search=bool(
                said.get("of_search", (origin or "").lower().endswith(".json"))
            ),
            missing_columns_by_tool=bool(said.get("by_tool")),
            search_pages=[SearchPage(*page) for page in said.get("search_pages") or ()],
            id=key,
            name=name,
            source=kind,
            items=items,
            activities=activities,
            people=people,
            skipped=records,
            skipped_parts=list(said.get("parts") or ()),
            origin=origin,
            history_capped=capped or None,
            templates=list(said.get("templates") or ()),
            template_boards=[name] if said.get("template_board") is True else [],
            repeats=repeats,
        )

    _ACTIVITIES_WHERE = (
        "FROM activities a WHERE source_id = ? AND (? OR EXISTS (SELECT 1 FROM items i "
        "WHERE i.source_id = a.source_id AND i.item_id = a.item_id)) ORDER BY timestamp, rowid"
    )

    def _activities(self, source_id: int, all_activities: bool) -> list[Activity]:
        return [
            _from_json(Activity, r[0])
            for r in self._db.execute(
                "SELECT data " + self._ACTIVITIES_WHERE, (source_id, all_activities)
            )
        ]

    def _lean_activities(
        self, source_id: int, all_activities: bool, shared_ids: Iterable[str] | None = None
    ) -> list[Activity]:
        """Item, actor, kind and time, read from the activities' own columns (no JSON parsed);
        a row without them (saved by an older version of the tool while this one migrated the
        store) is read from its JSON."""
        rows = self._db.execute(
            "SELECT item_id, actor_id, kind, coalesce(written, timestamp), "
            "CASE WHEN kind IS NULL THEN data END " + self._ACTIVITIES_WHERE,
            (source_id, all_activities),
        )
        # One str object per distinct item id and actor (the items' own ids first), not one per
        # row: 10M activities name some 1M items and a few hundred people.
        shared = {key: key for key in shared_ids or ()}
        one = shared.setdefault
        kinds, parse = _KINDS, datetime.fromisoformat
        activities = []
        for item_id, actor, kind, when, data in rows:
            if data is not None:
                whole = _from_json(Activity, data)
                item_id, actor, kind, when = whole.item_id, whole.actor_id, whole.kind, None
                moment = whole.timestamp
            else:
                moment = parse(when)
            activities.append(
                Activity(
                    one(item_id, item_id),
                    None if actor is None else one(actor, actor),
                    kinds.get(kind) or ActivityKind(kind),
                    moment,
                )
            )
        return activities

    # A row's UTC time: as _iso writes it (``2026-01-02T03:04:05.123456+00:00``) without its
    # "+00:00" (numpy reads that text as a datetime64), any other text whole (read by Python).
    _UTC_SQL = (
        "CASE WHEN length(a.timestamp) = 32 AND substr(a.timestamp, 27) = '+00:00' "
        "THEN substr(a.timestamp, 1, 26) ELSE a.timestamp END"
    )

    def _activity_columns(
        self,
        source_id: int,
        items: list[Item],
        rowids: array,
        shared: dict[str | None, str | None] | None = None,
        keys: list[str] | None = None,
    ) -> ActivityList | None:
        """The activities of the stored items as :class:`ActivityColumns` (what a report
        reads), without an object per activity: SQLite hands each row's item (as the item's
        rowid), actor, kind (its position in a list of the known kinds), UTC time and, when it
        differs, the time as written (kept in ``zones``), all plain columns. None when a row's
        kind is not one this version knows, or missing (the caller reads objects)."""
        stored = np.frombuffer(rowids, np.int64)
        read = None
        if keys is not None and self._WINDOWS:  # each column of a window as one text
            read = window_rows(self._db, source_id, dict(zip(keys, range(len(keys)), strict=True)))
        if read is None:  # a row at a time
            read = self._lean_rows(source_id, stored, sorted_by_sqlite=False)
        if read is None:  # a time not written as this tool writes UTC: SQLite sorts the texts
            read = self._lean_rows(source_id, stored, sorted_by_sqlite=True)
        item_codes, actors, actor, kind, when, zone_rows, zone_offsets, order = read
        del read  # each column below is let go as soon as its final form exists (10M rows)
        by_position = np.full(len(_KIND_LIST) + 1, -1, np.int16)
        by_position[_KIND_POSITIONS] = np.arange(len(_KIND_POSITIONS), dtype=np.int16)
        kinds = by_position[np.frombuffer(kind, np.int16)]
        del kind
        if (kinds < 0).any():  # a kind this version does not know: read as the objects path does
            return None
        utc = np.frombuffer(when, np.int64)
        zones = None
        if zone_rows:  # compactly: a store of a Jira in +02:00 has one per activity
            zoned = np.frombuffer(zone_rows, np.int64)
            zones = Zones(zoned, utc[zoned], np.frombuffer(zone_offsets, np.int64))
            if order is not None:
                zones = zones.take(order, len(utc))
        if order is None:  # SQLite's order: the columns as read (copied out of their arrays)
            item, actor_codes, utc = (
                np.frombuffer(item_codes, np.int32).copy(),
                np.frombuffer(actor, np.int32).copy(),
                utc.copy(),
            )
        else:  # time order (ties: saved order), as SQLite's ORDER BY would give
            item = np.frombuffer(item_codes, np.int32)[order]
            del item_codes
            actor_codes = np.frombuffer(actor, np.int32)[order]
            del actor
            kinds = kinds[order]
            utc = utc[order]
            del when, order
        # The items' own id strs, and one str per actor shared with the items (assignees ...).
        shared = shared or {}
        columns = ActivityColumns(
            [it.id for it in items],
            [shared.get(a, a) for a in list(actors)[1:]],  # type: ignore[misc]
            [None],
            item,
            actor_codes,
            kinds,
            np.zeros(len(kinds), np.int16),
            utc,
            {},
        )
        if zones is not None:
            columns.zones = zones
        columns.renumber()
        return ActivityList(columns)

    _CHUNK = 16_384  # rows per fetchmany (a class attribute so a test can make it small)
    _WINDOWS = True  # read by windows (:func:`window_rows`); False: a row at a time (tests)

    def _lean_rows(
        self, source_id: int, stored: np.ndarray, *, sorted_by_sqlite: bool
    ) -> tuple | None:
        """The rows of :meth:`_activity_columns` in flat arrays (the item as its position in
        ``stored``, the items' rowids), with the row order that sorts them by (time, rowid).
        Unless ``sorted_by_sqlite``, that order is numpy's sort of the UTC microseconds and
        rowids — the same order as SQLite's sort of the ``timestamp`` texts when every text is
        UTC as ``_iso`` writes it (fixed width), without SQLite sorting millions of rows in
        temporary files — and None is returned when some text is not."""
        rows = self._db.execute(
            "SELECT i.rowid, a.actor_id, "
            f"coalesce(instr('{_KIND_LIST}', ',' || a.kind || ','), 0), {self._UTC_SQL}, "
            "a.written, a.rowid FROM activities a JOIN items i "
            "ON i.source_id = a.source_id AND i.item_id = a.item_id WHERE a.source_id = ?"
            + (" ORDER BY a.timestamp, a.rowid" if sorted_by_sqlite else ""),
            (source_id,),
        )
        rows.arraysize = self._CHUNK
        item, actor, kind = array("i"), array("i"), array("h")
        when, saved = array("q"), array("q")
        actors = Codes(none=True)
        zone_rows, zone_offsets = array("q"), array("q")
        start = 0
        while chunk := rows.fetchmany():
            rowid_c, actor_c, kind_c, utc_c, written_c, saved_c = zip(*chunk, strict=True)
            del chunk
            if not sorted_by_sqlite:
                if min(map(len, utc_c)) != 26 or max(map(len, utc_c)) != 26:
                    return None
                saved.extend(saved_c)
            item.frombytes(np.searchsorted(stored, rowid_c).astype(np.int32).tobytes())
            actor.extend(map(actors.__getitem__, actor_c))
            kind.extend(kind_c)
            when.frombytes(_utc_column(utc_c).tobytes())
            if written_c.count(None) != len(written_c):  # written in another zone, or none
                for n, text in enumerate(written_c):
                    if text is not None and (offset := _offset(text)) is not None:
                        zone_rows.append(start + n)
                        zone_offsets.append(offset)
            start += len(rowid_c)
        order = None
        if not sorted_by_sqlite and len(when):
            order = np.lexsort((np.frombuffer(saved, np.int64), np.frombuffer(when, np.int64)))
        return item, actors, actor, kind, when, zone_rows, zone_offsets, order

    def load_boards(self, kind: str | None = None) -> list[Board]:
        return [self.load_board(s.id) for s in self.sources(kind, counts=False)]
