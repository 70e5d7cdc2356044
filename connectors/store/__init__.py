"""The local store every live source (Jira, Trello) and imported export shares: one SQLite file.

Why SQLite and this shape:

* **Crash safety.** A fetch saves each page with :meth:`Store.save_page` in one transaction,
  together with the cursor that says where to resume. A fetch killed at any moment leaves the
  file consistent and the next run resumes after the last committed page. WAL journal, so a
  reader (``report``) never blocks a writer.
* **Each thing exactly once.** Items are keyed by (source, item id), activities by (source, activity
  id), people by (source, person id); saving again updates in place. An activity without a source
  id gets a stable content hash as id, so re-reading the same history never duplicates it.
* **Nothing silently dropped.** An item the source no longer shows (deleted, moved to another
  project, archived away) is marked ``removed`` and loads with ``closed=True``.
* **No secrets.** The store holds what the source said and where it is (``origin`` without
  credentials); tokens never reach it. The file is created readable by its owner only.

Items, activities and people are stored as JSON of the domain dataclasses plus the few columns the
store queries on, so a new optional field on a domain type needs no migration. An activity's actor,
kind and (when it is not the UTC text of ``timestamp``) its time as written are columns too
(schema 6): a report reads them for millions of rows without parsing any JSON. A source imported
from a Trello export holding only its newest actions keeps how many (schema 7), so its report
says what is missing as a scan of the file does. A Jira issue's watchers, which older versions
kept as its ``members`` (read as its owners), are its ``watchers`` (schema 8: the stored rows
move; a field that changes meaning needs a migration, a new one does not). A store of an
older schema is migrated in place when opened, in one transaction.

The package is split by job: :mod:`.schema` (where the file lives, the migrations, the value
types), :mod:`.core` (:class:`Store`: opening, migrating, sources, report runs), :mod:`.writing`
(pages, removals, sync state, imports), :mod:`.reading` (boards, activities as objects or as the
lean columns a report uses, with the private fast path in :mod:`._columns`), :mod:`.codec` (the
JSON of the domain types), :mod:`.keys` (what identifies a stored thing) and :mod:`.errors`. It
imports only ``connectors.interface``, ``connectors.columns``, ``connectors.mapping.clean``,
``connectors.credentials`` and ``_backlog_analyzer_runtime`` (the GC pause while a board loads).
"""

from __future__ import annotations

import sqlite3  # noqa: F401 - tests make connectors.store.sqlite3.connect fail

from connectors.store.codec import _to_json, _to_json_generic
from connectors.store.core import Store
from connectors.store.errors import StoreError
from connectors.store.keys import activity_key, safe_origin, utc_us
from connectors.store.schema import (
    _MIGRATIONS,
    APP_NAME,
    DB_ENV,
    SCHEMA_VERSION,
    SourceInfo,
    SyncState,
    default_db_path,
)

__all__ = [
    "APP_NAME",
    "DB_ENV",
    "SCHEMA_VERSION",
    "SourceInfo",
    "Store",
    "StoreError",
    "SyncState",
    "_MIGRATIONS",
    "_to_json",
    "_to_json_generic",
    "activity_key",
    "default_db_path",
    "safe_origin",
    "utc_us",
]
