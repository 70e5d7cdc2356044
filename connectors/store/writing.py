"""Saving to the store: pages of a fetch (one transaction each, with the resume cursor),
removals, whole boards, and the sync bookkeeping."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from connectors.columns import as_utc, first_activity_time
from connectors.interface import Activity, ActivityKind, Board, Item, Person, Repeats
from connectors.mapping.clean import clean_activity, clean_item, clean_person, printable
from connectors.mapping.common import kept_person
from connectors.store.codec import _from_json, _iso, _now, _parse_dt, _to_json
from connectors.store.errors import _one_line_errors
from connectors.store.keys import _SAME_COMMENT_SECONDS, _comment_key, _epoch, activity_key
from connectors.store.reading import skipped_object
from connectors.store.schema import SyncState


def _repeats_object(repeats: Repeats) -> dict:
    """``sources.skipped``'s ``repeats``: the issues an export holds more than once
    (:func:`connectors.store.reading.stored_repeats` reads it back)."""
    return {
        "lines": [printable(line) for line in repeats.lines],
        "copies": repeats.copies,
        "unit": repeats.unit,
        "first_kept": repeats.first_kept,
    }


def _written(moment: datetime, utc: str | None) -> str | None:
    """The time as the row's JSON holds it, when that is not ``utc`` (the ``timestamp`` column):
    another offset, or none. Most sources write UTC, so this is usually None."""
    if moment.tzinfo is UTC:
        return None
    text = moment.isoformat(timespec="microseconds")
    return None if text == utc else text


#: People whose stored records one query looks up (SQLite's bound parameters are limited).
_PEOPLE_LOOKED_UP = 500


@_one_line_errors
class Writing:
    """The store's writing methods (mixed into :class:`~connectors.store.Store`)."""

    # -- writing ----------------------------------------------------------------------------

    def save_page(
        self,
        source_id: int,
        items: Iterable[Item] = (),
        activities: Iterable[Activity] = (),
        people: Iterable[Person] = (),
        *,
        cursor: Any = None,
        advance_cursor: bool = False,
        templates: Iterable[str] = (),
    ) -> None:
        """Upsert one page of what a source returned, in one transaction.

        With ``advance_cursor`` the sync state's cursor becomes ``cursor`` in the same
        transaction, so a crash after this call resumes after this page and never before it.
        Saved items are marked present again (a removed item that reappears is un-removed).
        ``templates``: the ids of the Trello card templates the page held (left out: no item;
        an item stored of one before is deleted), noted with the source (:meth:`note_templates`);
        an item saved is no template any more.
        """
        now = _iso(_now())
        # Text is stored printable: a lone surrogate cannot be stored at all, and an escape
        # sequence would reach every later report (connectors.mapping.clean).
        items = map(clean_item, items)
        activities = map(clean_activity, activities)
        people = map(clean_person, people)
        item_rows = [
            (source_id, it.id, it.key, _iso(it.updated), now, _to_json(it)) for it in items
        ]
        activity_rows = (  # a generator: a million rows' JSON is never all in memory at once
            (
                source_id,
                activity_key(a),
                a.item_id,
                (utc := _iso(a.timestamp)),
                _to_json(a),
                a.actor_id,
                a.kind.value if isinstance(a.kind, ActivityKind) else a.kind,
                _written(a.timestamp, utc),
            )
            for a in activities
        )
        people = list(people)
        with self._tx() as db:
            people = self._kept_people(db, source_id, people)
            people_rows = [(source_id, p.id, _to_json(p)) for p in people]
            db.executemany(
                """
                INSERT INTO items (source_id, item_id, key, updated, fetched_at, data)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (source_id, item_id) DO UPDATE SET
                    key = excluded.key, updated = excluded.updated, removed = 0, removed_at = NULL,
                    fetched_at = excluded.fetched_at, data = excluded.data
                """,
                item_rows,
            )
            db.executemany(
                """
                INSERT INTO activities
                    (source_id, activity_id, item_id, timestamp, data, actor_id, kind, written)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (source_id, activity_id) DO UPDATE SET
                    item_id = excluded.item_id, timestamp = excluded.timestamp,
                    data = excluded.data, actor_id = excluded.actor_id, kind = excluded.kind,
                    written = excluded.written
                """,
                activity_rows,
            )
            db.executemany(
                """
                INSERT INTO people (source_id, person_id, data) VALUES (?, ?, ?)
                ON CONFLICT (source_id, person_id) DO UPDATE SET data = excluded.data
                """,
                people_rows,
            )
            # (the saved ids are looked at only when the source has templates noted)
            self._templates(db, source_id, templates, (row[1] for row in item_rows))
            if advance_cursor:
                db.execute(
                    "UPDATE sync_state SET cursor = ?, fetched = fetched + ? WHERE source_id = ?",
                    (json.dumps(cursor), len(item_rows), source_id),
                )

    @staticmethod
    def _kept_people(db: Any, source_id: int, people: list[Person]) -> list[Person]:
        """``people`` with what the store already knows of each kept where they do not know it
        (:func:`~connectors.mapping.common.kept_person`): a later page or sync that meets a
        person by id alone never overwrites their name."""
        stored: dict[str, Person] = {}
        ids = [p.id for p in people]
        for start in range(0, len(ids), _PEOPLE_LOOKED_UP):
            chunk = ids[start : start + _PEOPLE_LOOKED_UP]
            marks = ",".join("?" * len(chunk))
            query = (
                f"SELECT person_id, data FROM people WHERE source_id = ? AND person_id IN ({marks})"
            )
            for person_id, data in db.execute(query, (source_id, *chunk)):
                stored[person_id] = _from_json(Person, data)
        return [kept_person(stored.get(p.id), p) for p in people] if stored else people

    def note_templates(
        self, source_id: int, templates: Iterable[str] = (), *, gone: Iterable[str] = ()
    ) -> None:
        """Note the Trello card templates of a source: ``templates`` are (their items, if any
        were stored, deleted), ``gone`` are not (gone from the board, or cards again); with
        neither, the source has none (a full listing of its cards begins, noting them anew)."""
        templates, gone = list(templates), list(gone)
        with self._tx() as db:
            self._templates(db, source_id, templates, gone, reset=not templates and not gone)

    @staticmethod
    def _templates(
        db: Any,
        source_id: int,
        templates: Iterable[str],
        gone: Iterable[str],
        *,
        reset: bool = False,
    ) -> None:
        """:meth:`note_templates` in the caller's transaction. The ids are kept in the source's
        ``sources.skipped`` object, under ``templates`` (what its reader left out: an older
        version passes over the key; no schema change), read back as ``Board.templates``."""
        templates = list(templates)
        if templates:
            db.executemany(
                "DELETE FROM items WHERE source_id = ? AND item_id = ?",
                [(source_id, i) for i in templates],
            )
        query = "SELECT skipped FROM sources WHERE id = ?"
        if not templates and not reset:  # (most pages: a source with no template stored)
            query += " AND instr(skipped, '\"templates\"') > 0"
        row = db.execute(query, (source_id,)).fetchone()
        if row is None:
            return
        value = skipped_object(row[0])
        before = list(value.get("templates") or ())
        dropped = set(gone)
        after = [] if reset else [i for i in before if i not in dropped]
        kept = set(after)
        after += [i for i in dict.fromkeys(templates) if i not in kept]
        if after == before:
            return
        if after:
            value["templates"] = after
        else:
            value.pop("templates", None)
        db.execute(
            "UPDATE sources SET skipped = ? WHERE id = ?",
            (json.dumps(value, ensure_ascii=False) if value else None, source_id),
        )

    def note_template_board(self, source_id: int, template: bool) -> None:
        """Note whether a source's Trello board is itself a template (``prefs.isTemplate``, as
        a live sync reads the board): ``sources.skipped``'s ``template_board`` (no schema
        change; read back as ``Board.template_boards``). Written only when it changes."""
        with self._tx() as db:
            row = db.execute("SELECT skipped FROM sources WHERE id = ?", (source_id,)).fetchone()
            if row is None:
                return
            value = skipped_object(row[0])
            if bool(value.get("template_board")) == template:
                return
            if template:
                value["template_board"] = True
            else:
                value.pop("template_board", None)
            db.execute(
                "UPDATE sources SET skipped = ? WHERE id = ?",
                (json.dumps(value, ensure_ascii=False) if value else None, source_id),
            )

    def mark_removed(
        self, source_id: int, keep_item_ids: Iterable[str], *, checked_at: datetime | None = None
    ) -> list[str]:
        """Mark every present item whose id is not in ``keep_item_ids`` as removed; return them.

        Called after a listing of everything the source still shows (begun at ``checked_at``,
        recorded as the last removal check); removed items stay in the store (and in reports, as
        closed) instead of vanishing.
        """
        keep = set(keep_item_ids)
        with self._tx() as db:
            db.execute(
                "UPDATE sync_state SET last_removal_check = ? WHERE source_id = ?",
                (_iso(checked_at or _now()), source_id),
            )
            present = [
                r[0]
                for r in db.execute(
                    "SELECT item_id FROM items WHERE source_id = ? AND removed = 0", (source_id,)
                )
            ]
            gone = [i for i in present if i not in keep]
            db.executemany(
                "UPDATE items SET removed = 1, removed_at = ? WHERE source_id = ? AND item_id = ?",
                [(_iso(_now()), source_id, i) for i in gone],
            )
        return gone

    # -- sync state -------------------------------------------------------------------------

    def sync_state(self, source_id: int) -> SyncState:
        row = self._db.execute(
            "SELECT last_sync, in_progress, started_at, query, cursor, fetched, "
            "last_removal_check "
            "FROM sync_state WHERE source_id = ?",
            (source_id,),
        ).fetchone()
        if row is None:
            self._require(source_id)
            return SyncState()
        return SyncState(
            last_sync=_parse_dt(row[0]),
            in_progress=bool(row[1]),
            started_at=_parse_dt(row[2]),
            query=row[3],
            cursor=json.loads(row[4]) if row[4] else None,
            fetched=int(row[5]),
            last_removal_check=_parse_dt(row[6]),
        )

    def begin_sync(
        self, source_id: int, query: str, *, started_at: datetime | None = None
    ) -> SyncState:
        """Start a sync of ``query``, or return the interrupted one to resume if it asked the same.

        An interrupted sync keeps its start time, so the next incremental fetch still covers
        everything that changed since it began.
        """
        state = self.sync_state(source_id)
        if state.in_progress and state.query == query:
            return state
        start = started_at or _now()
        if state.in_progress and state.started_at is not None:
            start = min(start, state.started_at)  # never skip what the interrupted one covered
        with self._tx() as db:
            db.execute(
                "UPDATE sync_state SET in_progress = 1, started_at = ?, query = ?, cursor = NULL, "
                "fetched = 0 WHERE source_id = ?",
                (_iso(start), query, source_id),
            )
        return self.sync_state(source_id)

    def finish_sync(self, source_id: int, after: Any = None) -> None:
        """The sync in progress completed: its start time becomes the last successful sync.
        ``after``: what the next sync needs to know of this one (JSON; a Trello board's: the
        actions it saw), kept as ``SyncState.cursor`` until the next sync begins."""
        with self._tx() as db:
            db.execute(
                "UPDATE sync_state SET last_sync = COALESCE(started_at, ?), in_progress = 0, "
                "started_at = NULL, query = NULL, cursor = ?, fetched = 0 WHERE source_id = ?",
                (_iso(_now()), None if after is None else json.dumps(after), source_id),
            )

    def whole_history(self, source_id: int) -> None:
        """The source's whole history is stored now (a completed fetch of a board once imported
        from an export holding only its newest actions): its reports no longer say it is not."""
        with self._tx() as db:
            db.execute("UPDATE sources SET history_capped = NULL WHERE id = ?", (source_id,))

    # Short alias in the vocabulary of the issue.
    mark_sync = finish_sync

    def save_board(self, board: Board, *, key: str | None = None) -> int:
        """Store a whole Board (e.g. an imported export) as one source; returns its id."""
        source_id = self.source(board.source, key or board.id, board.name, board.origin)
        self.save_page(source_id, board.items, board.activities, board.people.values())
        return source_id

    def _new_comments(
        self, source_id: int, activities: list[Activity]
    ) -> tuple[Iterable[Activity], list[str]]:
        """The activities to save, and the stored ones they replace, so that one comment read
        from two exports of a project (its JSON with comment ids, its CSV without, to the minute)
        is stored once: a comment already stored from another export is skipped; one stored
        without an id is replaced by the same comment with its id."""
        if not any(a.kind == ActivityKind.COMMENTED for a in activities):
            return activities, []
        stored: dict[tuple[str, str, str], list[tuple[str, float]]] = {}
        rows = self._db.execute(
            "SELECT activity_id, data FROM activities WHERE source_id = ? AND kind = ?",
            (source_id, ActivityKind.COMMENTED.value),
        )
        for activity_id, data in rows:
            old = _from_json(Activity, data)
            if old.kind == ActivityKind.COMMENTED:
                stored.setdefault(_comment_key(old), []).append((activity_id, _epoch(old)))
        if not stored:
            return activities, []
        keep: list[Activity] = []
        stale: list[str] = []
        for a in activities:
            if a.kind == ActivityKind.COMMENTED:
                own = activity_key(a)
                same = [
                    aid
                    for aid, when in stored.get(_comment_key(a), [])
                    if aid != own and abs(when - _epoch(a)) <= _SAME_COMMENT_SECONDS
                ]
                if a.id:  # the copy with the source's id replaces copies without one
                    stale += [aid for aid in same if aid.startswith("h:")]
                elif same:
                    continue  # stored already, from another export of this project
            keep.append(a)
        return keep, stale

    def _whole_history_reached(self, source_id: int, board: Board) -> bool:
        """Whether the store already holds the source's whole history (no capped flag, no sync
        left half done, some activity stored) up to at least the capped export's oldest action:
        the export's newest actions then join it without a gap, and nothing older is missing."""
        row = self._db.execute(
            "SELECT history_capped FROM sources WHERE id = ?", (source_id,)
        ).fetchone()
        if row is None or row[0] or self.sync_state(source_id).in_progress:
            return False
        newest = self.newest_activity(source_id)
        first = first_activity_time(board.activities)
        return newest is not None and first is not None and as_utc(newest) >= as_utc(first)

    def import_board(self, board: Board) -> int:
        """Store an export as a source; items missing from a newer export of it become removed.

        The export's unreadable records (``board.skipped``), the parts of it its reader left
        out (``board.skipped_parts``), the columns a Jira CSV of the current fields lacks
        (``board.missing_columns``), the Trello card templates it left out
        (``board.templates``), a Trello board that is itself a template
        (``board.template_boards``) and a Jira search saved in part (``board.search_pages``) are
        kept with the source (``sources.skipped``: a JSON object ``{"records": [...], "parts":
        [...], "missing_columns": [...], "templates": [...], "template_board": true,
        "search_pages": [...], "repeats": {...}}``; an older version reads the first two and
        passes over the others), and so are the issues it holds more than once
        (``board.repeats``), so a report from the store
        says what was skipped and what the export lacks, as a scan of the file does (the items
        stored of those templates before are deleted); so is a Trello
        export's capped history (``board.history_capped``; a whole export clears it, and so
        does a capped one whose actions reach back into a whole history already stored).
        """
        source_id = self.source(board.source, board.id, board.name, board.origin)
        capped = board.history_capped or None
        if capped and self._whole_history_reached(source_id, board):
            capped = None
        activities, stale = self._new_comments(source_id, board.activities)
        self.save_page(source_id, board.items, activities, board.people.values())
        if stale:
            with self._tx() as db:
                db.executemany(
                    "DELETE FROM activities WHERE source_id = ? AND activity_id = ?",
                    [(source_id, aid) for aid in stale],
                )
        self.mark_removed(source_id, (item.id for item in board.items))
        with self._tx() as db:
            db.executemany(  # templates stored as items before (left out since session 30)
                "DELETE FROM items WHERE source_id = ? AND item_id = ?",
                [(source_id, i) for i in board.templates],
            )
            db.execute(
                "UPDATE sources SET skipped = ?, history_capped = ? WHERE id = ?",
                (
                    json.dumps(
                        {
                            "records": [printable(line) for line in board.skipped],
                            "parts": [printable(line) for line in board.skipped_parts],
                        }
                        | (
                            {"missing_columns": list(board.missing_columns)}
                            if board.missing_columns
                            else {}
                        )
                        | ({"of_search": True} if board.missing_fields_of_search else {})
                        | ({"by_tool": True} if board.missing_columns_by_tool else {})
                        | ({"templates": list(board.templates)} if board.templates else {})
                        | ({"template_board": True} if board.template_boards else {})
                        | ({"repeats": _repeats_object(board.repeats)} if board.repeats else {})
                        | (
                            {
                                "search_pages": [
                                    [printable(p.export), p.issues, p.total]
                                    for p in board.search_pages
                                ]
                            }
                            if board.search_pages
                            else {}
                        ),
                        ensure_ascii=False,
                    )
                    if board.skipped
                    or board.skipped_parts
                    or board.missing_columns
                    or board.templates
                    or board.template_boards
                    or board.search_pages
                    or board.repeats
                    else None,
                    capped,
                    source_id,
                ),
            )
        self.finish_sync(source_id)
        return source_id
