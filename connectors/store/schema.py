"""Where the store lives, its tables (one migration per schema version) and the small value
types it answers with."""

from __future__ import annotations

import os
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

_MIGRATIONS: list[str] = [
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
    # 4: records of an imported export that could not be read (JSON list of one-line notes)
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
    items: int
    activities: int
    last_sync: datetime | None
    in_progress: bool


@dataclass(frozen=True, slots=True)
class SyncState:
    """Where a source's syncing stands. ``cursor`` is whatever the connector needs to resume."""

    last_sync: datetime | None = None
    in_progress: bool = False
    started_at: datetime | None = None
    query: str | None = None
    cursor: Any = None
    fetched: int = 0
    last_removal_check: datetime | None = None


_TABLES = frozenset({"sources", "items", "activities", "people", "sync_state"})
