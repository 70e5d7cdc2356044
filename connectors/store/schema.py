"""Where the store lives, its tables (one migration per schema version) and the small value
types it answers with."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

APP_NAME = "backlog-analyzer"
DB_ENV = "BACKLOG_ANALYZER_DB"


def default_db_path() -> Path:
    """``$BACKLOG_ANALYZER_DB``, else ``store.sqlite`` in the user's data directory."""
    env = os.environ.get(DB_ENV)
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME)) / "store.sqlite"


# -- schema -----------------------------------------------------------------------------------

#: SQLite's JSON function the migrations use (a module attribute so a test can take it away).
_JSON_EXTRACT = "json_extract"


def _activity_columns(db: sqlite3.Connection) -> None:
    """6: an activity's actor, kind and (when not the UTC text of ``timestamp``) its time as the
    source wrote it become columns, so a report reads them without parsing each row's JSON.

    Filled by SQLite's JSON functions, or row by row in Python when this SQLite has none.
    """
    for column in ("actor_id", "kind", "written"):
        db.execute(f"ALTER TABLE activities ADD COLUMN {column} TEXT")
    pick = _JSON_EXTRACT
    try:
        db.execute(
            f"UPDATE activities SET actor_id = {pick}(data, '$.actor_id'), "
            f"kind = {pick}(data, '$.kind'), written = nullif({pick}(data, '$.timestamp'), "
            "timestamp)"
        )
        return
    except sqlite3.OperationalError as error:
        if "no such function" not in str(error):
            raise
    last = 0
    while rows := db.execute(
        "SELECT rowid, data, timestamp FROM activities WHERE rowid > ? ORDER BY rowid LIMIT 10000",
        (last,),
    ).fetchall():
        updates = []
        for rowid, data, stamp in rows:
            try:
                fields = json.loads(data)
                written = fields.get("timestamp")
                row = (
                    fields.get("actor_id"),
                    fields.get("kind"),
                    None if written == stamp else written,
                )
            except (ValueError, AttributeError):  # not JSON, or not an object
                raise sqlite3.DatabaseError(f"malformed JSON in activity row {rowid}") from None
            updates.append((*row, rowid))
        db.executemany(
            "UPDATE activities SET actor_id = ?, kind = ?, written = ? WHERE rowid = ?", updates
        )
        last = rows[-1][0]


def _jira_watchers(db: sqlite3.Connection) -> int:
    """8: a Jira issue's watchers move out of its ``members`` into ``watchers`` (the readers
    kept them as members before, which read them as the issue's owners); a Trello card's
    members stay. Only the rows of Jira items with members change: how many is returned (the
    user is told of the upgrade when one did, :func:`upgrade_note`).

    By SQLite's JSON functions (which write the row's JSON compact, ``watchers`` last: read the
    same), or row by row in Python when this SQLite has none, as saving writes it."""
    pick = _JSON_EXTRACT
    try:
        return db.execute(
            f"UPDATE items SET data = json_set(data, '$.watchers', json({pick}(data, "
            "'$.members')), '$.members', json_array()) "
            f"WHERE {pick}(data, '$.source') = 'jira' AND json_array_length(data, '$.members') > 0"
        ).rowcount
    except sqlite3.OperationalError as error:
        if "no such function" not in str(error):
            raise
    encode = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode  # as saving writes
    moved = last = 0
    while rows := db.execute(
        "SELECT rowid, data FROM items WHERE rowid > ? ORDER BY rowid LIMIT 10000", (last,)
    ).fetchall():
        updates = []
        for rowid, data in rows:
            if '"jira"' not in data:
                continue  # (a Trello card's row: no need to read it)
            try:
                fields = json.loads(data)
                members = fields.get("members") if fields.get("source") == "jira" else None
            except (ValueError, AttributeError):  # not JSON, or not an object
                raise sqlite3.DatabaseError(f"malformed JSON in item row {rowid}") from None
            if members:
                fields["watchers"], fields["members"] = members, []
                updates.append((encode(fields), rowid))
        db.executemany("UPDATE items SET data = ? WHERE rowid = ?", updates)
        moved += len(updates)
        last = rows[-1][0]
    return moved


def upgrade_note(path: Path, version: int, changed: object) -> str | None:
    """The line a user is told, once, of the upgrade to schema ``version`` when it changes what
    a report reads (``changed``: what that migration returned), else None. Schema 8 moved
    ``changed`` Jira issues' watchers out of their owners: earlier reports counted them."""
    if version != 8 or not changed:
        return None
    issues = "1 Jira issue's watchers" if changed == 1 else f"{changed} Jira issues' watchers"
    return (
        f"upgraded the store {path} to schema 8: a Jira issue's watchers are now kept apart "
        f"from its owners ({issues} were read as owners before), so owners and people may read "
        "differently from earlier reports"
    )


def upgrading_line(path: Path) -> str:
    """The line a user is told as an existing store's upgrade starts: it runs once, and on a
    large store (millions of activities) it takes from seconds to a minute with nothing else
    shown."""
    return (
        f"upgrading the local store {path} to schema {SCHEMA_VERSION} "
        "(once; large stores take a minute) …"
    )


_MIGRATIONS: list[str | Callable[[sqlite3.Connection], object]] = [
    # 1: the initial schema
    """
    CREATE TABLE sources (
        id          INTEGER PRIMARY KEY,
        kind        TEXT NOT NULL,            -- 'jira' | 'trello'
        key         TEXT NOT NULL,            -- e.g. server URL + project/JQL, or a board id
        name        TEXT NOT NULL,
        origin      TEXT,                     -- URL or file path, never with credentials
        created_at  TEXT NOT NULL,
        UNIQUE (kind, key)
    );
    CREATE TABLE items (
        source_id   INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
        item_id     TEXT NOT NULL,
        key         TEXT,
        updated     TEXT,
        removed     INTEGER NOT NULL DEFAULT 0,  -- deleted / moved / no longer visible
        fetched_at  TEXT NOT NULL,
        data        TEXT NOT NULL,             -- JSON of connectors.interface.Item
        PRIMARY KEY (source_id, item_id)
    );
    CREATE TABLE activities (
        source_id   INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
        activity_id TEXT NOT NULL,
        item_id     TEXT NOT NULL,
        timestamp   TEXT NOT NULL,
        data        TEXT NOT NULL,             -- JSON of connectors.interface.Activity
        PRIMARY KEY (source_id, activity_id)
    );
    CREATE INDEX activities_item ON activities (source_id, item_id);
    CREATE TABLE people (
        source_id   INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
        person_id   TEXT NOT NULL,
        data        TEXT NOT NULL,             -- JSON of connectors.interface.Person
        PRIMARY KEY (source_id, person_id)
    );
    CREATE TABLE sync_state (
        source_id   INTEGER PRIMARY KEY REFERENCES sources(id) ON DELETE CASCADE,
        last_sync   TEXT,                      -- start time of the last sync that completed
        in_progress INTEGER NOT NULL DEFAULT 0,
        started_at  TEXT,                      -- start time of the sync in progress
        query       TEXT,                      -- what the sync in progress asks (to resume it)
        cursor      TEXT,                      -- JSON: where the sync in progress resumes
        fetched     INTEGER NOT NULL DEFAULT 0 -- items saved by the sync in progress
    );
    """,
    # 2: when an item was marked removed; finding what a sync saved
    """
    ALTER TABLE items ADD COLUMN removed_at TEXT;
    CREATE INDEX items_fetched ON items (source_id, fetched_at);
    """,
    # 3: when the source was last checked for removed items (a listing of everything it shows)
    """
    ALTER TABLE sync_state ADD COLUMN last_removal_check TEXT;
    """,
    # 4: records of an imported export that could not be read (JSON list of one-line notes;
    # written now as {"records": [...], "parts": [...]}: connectors.store.reading reads both)
    """
    ALTER TABLE sources ADD COLUMN skipped TEXT;
    """,
    # 5: the summary of every report made from a source (balance and flags over past runs)
    """
    CREATE TABLE report_runs (
        id          INTEGER PRIMARY KEY,
        source_id   INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
        run_at      TEXT NOT NULL,
        summary     TEXT NOT NULL              -- JSON of analyzer.history.RunSummary
    );
    CREATE INDEX report_runs_source ON report_runs (source_id, run_at);
    """,
    # 6: actor, kind and the time as written: columns of the activities (see the function)
    _activity_columns,
    # 7: an imported Trello export that held only its newest actions (Board.history_capped):
    # how many it held; NULL for a whole history (every source of an older store)
    """
    ALTER TABLE sources ADD COLUMN history_capped INTEGER;
    """,
    # 8: a Jira issue's watchers: Item.watchers, no longer its members (see the function)
    _jira_watchers,
    # 9: a source's newest activity (where an incremental Trello fetch starts) read from an index,
    # not from every activity of the board (MAX(timestamp): 0.2 s per 1M activities, each run).
    # Partial in name only (timestamp is never NULL): a query must say "timestamp IS NOT NULL"
    # to use it, so every other read of a board's activities keeps its plan (activities_item,
    # near the order they were saved in, not a walk of the table in time order).
    """
    CREATE INDEX activities_time ON activities (source_id, timestamp)
        WHERE timestamp IS NOT NULL;
    """,
]

SCHEMA_VERSION = len(_MIGRATIONS)


# -- value types ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SourceInfo:
    id: int
    kind: str
    key: str
    name: str
    origin: str | None
    items: int | None  # None: not counted (``Store.sources(counts=False)``)
    activities: int | None
    last_sync: datetime | None
    in_progress: bool


@dataclass(frozen=True, slots=True)
class SyncState:
    """Where a source's syncing stands. ``cursor`` is whatever the connector needs to resume
    (after a complete sync: what it kept for the next one, ``finish_sync``'s ``after``)."""

    last_sync: datetime | None = None
    in_progress: bool = False
    started_at: datetime | None = None
    query: str | None = None
    cursor: Any = None
    fetched: int = 0
    last_removal_check: datetime | None = None


_TABLES = frozenset({"sources", "items", "activities", "people", "sync_state"})
