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
store queries on, so a new optional field on a domain type needs no migration.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
import warnings
from array import array
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, fields
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np

from connectors.columns import KINDS, ActivityColumns, ActivityList
from connectors.interface import Activity, ActivityKind, Board, Item, Person, SourceError
from connectors.mapping.clean import clean_activity, clean_item, clean_person, printable

__all__ = [
    "SCHEMA_VERSION",
    "SourceInfo",
    "Store",
    "StoreError",
    "SyncState",
    "activity_key",
    "default_db_path",
    "safe_origin",
]

APP_NAME = "backlog-analyzer"
DB_ENV = "BACKLOG_ANALYZER_DB"


class StoreError(SourceError):
    """The store file cannot be opened or was written by a newer version of the tool."""


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


# -- (de)serialising the domain types ---------------------------------------------------------

_DATETIME_FIELDS = {"created", "updated", "resolved", "due", "timestamp"}


def _now() -> datetime:
    return datetime.now(UTC)


def _iso(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def _parse_dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _to_json(obj: Any) -> str:
    """JSON of a domain dataclass. Dates keep their own offset (or none), as the source gave
    them, so a report from the store groups them into the same days and windows as a scan; the
    query columns (``updated``, ``timestamp``) hold them in UTC.

    The text is what ``json.dumps(..., ensure_ascii=False, sort_keys=True)`` gives for the
    fields as a dict (see :func:`_to_json_generic`), built by a per-class writer: a sync saves a
    million activities, and the dict + encoder round trip was most of ``save_page``'s time.
    """
    writer = _WRITERS.get(type(obj))
    if writer is None:
        writer = _WRITERS[type(obj)] = _make_writer(type(obj))
    return writer(obj)


def _to_json_generic(obj: Any) -> str:
    """The reference for :func:`_to_json` (tests compare the two)."""
    out: dict[str, Any] = {}
    for name in _field_names(type(obj)):
        value = getattr(obj, name)
        if isinstance(value, datetime):
            value = value.isoformat(timespec="microseconds")
        elif isinstance(value, ActivityKind):
            value = value.value
        out[name] = value
    return _ENCODE(out)


# One encoder for every row (json.dumps with options builds a new one per call).
_ENCODE = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode
_STRING = json.encoder.encode_basestring  # the C encoder of one str, as _ENCODE writes it
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}
_WRITERS: dict[type, Callable[[Any], str]] = {}


def _field_names(cls: type) -> tuple[str, ...]:
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = tuple(f.name for f in fields(cls))
    return names


def _plain(value: Any) -> str:
    if type(value) is str:
        return _STRING(value)
    if value is None:
        return "null"
    if isinstance(value, datetime):
        return '"' + value.isoformat(timespec="microseconds") + '"'
    if isinstance(value, ActivityKind):
        return _STRING(value.value)
    return _ENCODE(value)


def _make_writer(cls: type) -> Callable[[Any], str]:
    """``obj -> JSON`` for one dataclass: its fields in sorted order, each through ``_plain``
    (a str field's common case inlined), compiled once per class."""
    parts = []
    for name in sorted(_field_names(cls)):
        if not name.isidentifier():  # dataclass field names always are; belt and braces
            raise ValueError(f"unexpected field name {name!r}")
        value = f"o.{name}"
        parts.append(
            f"{_STRING(name)}: ' + (S({value}) if type({value}) is str else P({value})) + '"
        )
    source = "def write(o):\n    return '{" + ", ".join(parts) + "}'\n"
    namespace: dict[str, Any] = {"S": _STRING, "P": _plain}
    exec(compile(source, f"<store writer for {cls.__name__}>", "exec"), namespace)  # noqa: S102
    return namespace["write"]


def _from_json(cls: type, text: str) -> Any:
    try:
        kwargs, _ = _SCAN(text, 0)  # the C scanner without decode()'s whitespace regexes
    except StopIteration:
        kwargs = json.loads(text)  # not JSON: json's own error, with its position
    known = _KNOWN_FIELDS.get(cls)
    if known is None:
        known = _KNOWN_FIELDS[cls] = frozenset(_field_names(cls))
    if not known.issuperset(kwargs):  # tolerate fields of other versions
        kwargs = {k: v for k, v in kwargs.items() if k in known}
    for name in _DATETIME_FIELDS.intersection(kwargs):
        value = kwargs[name]
        kwargs[name] = datetime.fromisoformat(value) if value else None
    if cls is Activity and "kind" in kwargs:
        kind = kwargs["kind"]
        kwargs["kind"] = _KINDS.get(kind) or ActivityKind(kind)
    return cls(**kwargs)


_SCAN = json.JSONDecoder().scan_once
_KINDS = {kind.value: kind for kind in ActivityKind}
_KNOWN_FIELDS: dict[type, frozenset[str]] = {}


def safe_origin(origin: str | None) -> str | None:
    """``origin`` fit to store: URLs lose user info, query and fragment; known secrets masked."""
    if origin is None:
        return None
    from urllib.parse import urlsplit, urlunsplit

    from connectors.credentials import redact

    parts = urlsplit(origin)
    if parts.scheme in ("http", "https") and parts.hostname:
        netloc = parts.hostname + (f":{parts.port}" if parts.port else "")
        origin = urlunsplit((parts.scheme, netloc, parts.path, "", ""))
    return redact(origin)


def activity_key(activity: Activity) -> str:
    """The activity's source id, else a stable hash of its content (so a re-read is not a copy)."""
    if activity.id:
        return str(activity.id)
    parts = [
        activity.item_id,
        activity.actor_id or "",
        str(activity.kind),
        _iso(activity.timestamp) or "",
        activity.field or "",
        activity.old or "",
        activity.new or "",
        activity.text or "",
    ]
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:24]
    return f"h:{digest}"


#: One comment read from two exports: same item, author and text within a day (a CSV has the
#: time to the minute, and in the exporting user's time zone).
_SAME_COMMENT_SECONDS = 86_400


def _comment_key(activity: Activity) -> tuple[str, str, str]:
    text = "".join(ch for ch in (activity.text or "").lower() if ch.isalnum())[:80]
    return activity.item_id, activity.actor_id or "", text


def _epoch(activity: Activity) -> float:
    when = activity.timestamp
    return (when if when.tzinfo else when.replace(tzinfo=UTC)).timestamp()


_EPOCH_UTC = datetime(1970, 1, 1, tzinfo=UTC)


def utc_us(moment: datetime) -> int:
    """Microseconds since 1970 in UTC (a naive time taken as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return (moment - _EPOCH_UTC) // timedelta(microseconds=1)


# Kinds as SQLite's instr() finds them in one list: the position of ",kind," → the kind's code.
_KIND_LIST = "," + ",".join(str(kind) for kind in KINDS) + ","
_KIND_POSITIONS = [_KIND_LIST.index(f",{kind},") + 1 for kind in KINDS]


class _Codes(dict):
    """Value → dense code in order of first appearance (after the seed's)."""

    def __missing__(self, key: Any) -> int:
        code = self[key] = len(self) - 1
        return code


def _utc_column(texts: tuple[str, ...]) -> np.ndarray:
    """Microseconds since 1970 of UTC times (see ``Store._UTC_SQL``): numpy reads the usual
    text; a chunk with any other text is read by Python, a time at a time."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # numpy's deprecated reading of an offset: not here
            return np.array(texts, dtype="datetime64[us]").astype(np.int64)
    except (ValueError, TypeError, DeprecationWarning, UserWarning):
        return np.array([utc_us(datetime.fromisoformat(t)) for t in texts], np.int64)


def _written(text: str) -> datetime | None:
    """The time as written, when it is not plain UTC (another offset, or none)."""
    moment = datetime.fromisoformat(text)
    return None if moment.utcoffset() == timedelta(0) else moment


# -- the store --------------------------------------------------------------------------------


_TABLES = frozenset({"sources", "items", "activities", "people", "sync_state"})


def _store_error(path: Path, exc: sqlite3.DatabaseError, *, opening: bool = False) -> StoreError:
    """One line for an SQLite error on the store: busy, read-only, or damaged."""
    text = " ".join(str(exc).split())
    lowered = text.lower()
    if "locked" in lowered or "busy" in lowered:
        return StoreError(
            f"the store {path} is busy: another backlog-analyzer is writing it; re-run when it "
            "has finished"
        )
    if "readonly" in lowered or "read-only" in lowered:
        return StoreError(
            f"cannot write the store {path}: it is read-only; make it writable or pass another --db"
        )
    if opening:
        return StoreError(
            f"cannot open the store {path}: {text}; restore it from a backup, or pass another "
            "--db and fetch or import again"
        )
    return StoreError(
        f"the store {path} is damaged ({text}); restore it from a backup, or pass another --db "
        "and fetch or import again"
    )


_OUR_BUGS = (sqlite3.IntegrityError, sqlite3.ProgrammingError, sqlite3.InterfaceError)


def _one_line_errors(cls: type) -> type:
    """Every public method of the store turns an SQLite error into a one-line StoreError."""
    import functools

    for name, method in list(vars(cls).items()):
        if name.startswith("_") or not callable(method):
            continue

        def wrap(method: Callable[..., Any]) -> Callable[..., Any]:
            @functools.wraps(method)
            def guarded(self: Store, *args: Any, **kwargs: Any) -> Any:
                try:
                    return method(self, *args, **kwargs)
                except _OUR_BUGS:
                    raise  # a constraint broken by our own code is a bug, not the file's fault
                except sqlite3.DatabaseError as exc:
                    raise _store_error(self.path, exc) from None

            return guarded

        setattr(cls, name, wrap(method))
    return cls


@_one_line_errors
class Store:
    """One SQLite file. Safe to open from several processes (WAL, busy timeout).

    Typical use by a connector::

        store = Store(path)
        sid = store.source("jira", f"{server}|{jql}", "PROJ", origin=server)
        state = store.sync_state(sid)
        state = store.begin_sync(sid, query=jql)   # or resumes the one in progress
        for page in pages(state.cursor):
            store.save_page(sid, items, activities, people, cursor=next_cursor)
        store.finish_sync(sid)
        board = store.load_board(sid)
    """

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.path = Path(path) if path is not None else default_db_path()
        self.path = self.path.expanduser()
        if self.path.is_dir():
            raise StoreError(
                f"the store {self.path} is a directory; give a file name, e.g. "
                f"{self.path / 'store.sqlite'}"
            )
        self._db: sqlite3.Connection | None = None
        self._created = False  # this Store made the file: removed again if nothing was saved
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            if not self.path.exists():
                # Owner-only from the first byte: the store holds a private backlog.
                with contextlib.suppress(FileExistsError):  # another process was first
                    os.close(os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
                    self._created = True
            self._db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            self._db.execute("PRAGMA foreign_keys = ON")
            self._db.execute("PRAGMA busy_timeout = 30000")
            mode = self._journal_mode_wal()
            if str(mode).lower() != "wal":  # e.g. a file system without shared memory
                self._db.execute("PRAGMA journal_mode = DELETE")
            self._db.execute("PRAGMA synchronous = NORMAL")
            self._migrate()
            self._check_tables()
        except StoreError:
            self.close()
            raise
        except sqlite3.DatabaseError as exc:
            self.close()
            raise _store_error(self.path, exc, opening=True) from None
        except OSError as exc:
            self.close()
            raise StoreError(f"cannot create the store {self.path}: {exc.strerror}") from None

    # -- plumbing ---------------------------------------------------------------------------

    def close(self) -> None:
        if self._db is not None:
            self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        if exc_type is not None and self._created and self._db is not None:
            # A fetch that failed before saving anything (missing credentials, a bad server)
            # leaves no empty store behind: the next `report` says "no such store", not "empty".
            # (Only a file this Store created, still without a source; another process that
            # opened the new file in the same instant could lose its write — left as is.)
            with contextlib.suppress(sqlite3.Error):
                if self._db.execute("SELECT 1 FROM sources LIMIT 1").fetchone() is None:
                    self._abandon()
                    return
        self.close()

    def _abandon(self) -> None:
        """Close; delete the file (and its journals) when this Store created it."""
        self.close()
        self._db = None
        if self._created:
            for suffix in ("", "-wal", "-shm", "-journal"):
                with contextlib.suppress(OSError):
                    Path(f"{self.path}{suffix}").unlink()
            self._created = False

    def _journal_mode_wal(self) -> str:
        """Switch to WAL. SQLite answers "locked" at once, without the busy timeout, while
        another process switches the same new file: wait for it (up to the busy timeout)."""
        import time

        deadline = time.monotonic() + 30
        while True:
            try:
                return str(self._db.execute("PRAGMA journal_mode = WAL").fetchone()[0])
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def _check_tables(self) -> None:
        """A store missing one of its tables (a damaged or hand-edited file) is refused at once,
        before anything is read from or written to it."""
        tables = {
            r[0] for r in self._db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        missing = sorted(_TABLES - tables)
        if missing:
            raise StoreError(
                f"the store {self.path} is damaged (table {', '.join(missing)} is missing); "
                "restore it from a backup, or pass another --db and fetch or import again"
            )

    @contextlib.contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; BEGIN IMMEDIATE takes the write lock up front."""
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        else:
            self._db.execute("COMMIT")

    def _migrate(self) -> None:
        """Bring the schema up to date. The version is read again under the write lock: two
        processes opening a new store at once must not both create its tables."""
        if self._version() == SCHEMA_VERSION:
            return  # the usual case: no write lock taken (a read-only store opens for reports)
        with self._tx() as db:
            version = self._version()
            for number in range(version, SCHEMA_VERSION):
                for statement in _MIGRATIONS[number].split(";"):
                    if statement.strip():
                        db.execute(statement)
                db.execute(f"PRAGMA user_version = {number + 1}")

    def _version(self) -> int:
        version = int(self._db.execute("PRAGMA user_version").fetchone()[0])
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"the store {self.path} has schema version {version}, newer than this tool "
                f"understands ({SCHEMA_VERSION}); upgrade backlog-analyzer or use another --db"
            )
        return version

    @property
    def schema_version(self) -> int:
        return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    # -- sources ----------------------------------------------------------------------------

    def source(self, kind: str, key: str, name: str, origin: str | None = None) -> int:
        """The id of the source (kind, key), created if new; name and origin are refreshed.

        A URL origin is stored without user info or query string (where tokens hide).
        """
        origin = safe_origin(None if origin is None else printable(origin))
        key, name = printable(key), printable(name)
        with self._tx() as db:
            row = db.execute(
                "SELECT id FROM sources WHERE kind = ? AND key = ?", (kind, key)
            ).fetchone()
            if row:
                db.execute(
                    "UPDATE sources SET name = ?, origin = COALESCE(?, origin) WHERE id = ?",
                    (name, origin, row[0]),
                )
                return int(row[0])
            cur = db.execute(
                "INSERT INTO sources (kind, key, name, origin, created_at) VALUES (?, ?, ?, ?, ?)",
                (kind, key, name, origin, _iso(_now())),
            )
            source_id = int(cur.lastrowid or 0)
            db.execute("INSERT INTO sync_state (source_id) VALUES (?)", (source_id,))
            return source_id

    def forget_source(self, source_id: int) -> None:
        """Delete a source with everything stored for it (e.g. a query that never ran)."""
        with self._tx() as db:
            db.execute("DELETE FROM sources WHERE id = ?", (source_id,))

    def find_source(self, kind: str, key: str) -> int | None:
        row = self._db.execute(
            "SELECT id FROM sources WHERE kind = ? AND key = ?", (kind, key)
        ).fetchone()
        return int(row[0]) if row else None

    def sources(self, kind: str | None = None) -> list[SourceInfo]:
        rows = self._db.execute(
            """
            SELECT s.id, s.kind, s.key, s.name, s.origin,
                   (SELECT COUNT(*) FROM items i WHERE i.source_id = s.id),
                   (SELECT COUNT(*) FROM activities a WHERE a.source_id = s.id),
                   st.last_sync, COALESCE(st.in_progress, 0)
            FROM sources s LEFT JOIN sync_state st ON st.source_id = s.id
            WHERE (? IS NULL OR s.kind = ?)
            ORDER BY s.id
            """,
            (kind, kind),
        ).fetchall()
        return [
            SourceInfo(r[0], r[1], r[2], r[3], r[4], r[5], r[6], _parse_dt(r[7]), bool(r[8]))
            for r in rows
        ]

    def _require(self, source_id: int) -> tuple[str, str, str, str | None]:
        row = self._db.execute(
            "SELECT kind, key, name, origin FROM sources WHERE id = ?", (source_id,)
        ).fetchone()
        if row is None:
            raise StoreError(f"no source with id {source_id} in the store {self.path}")
        return row

    # -- report history ---------------------------------------------------------------------

    def record_run(self, source_id: int, run_at: datetime, summary: str) -> None:
        """Keep one report's summary (a JSON text the analyzer owns) for ``report --history``."""
        self._require(source_id)
        with self._tx() as db:
            db.execute(
                "INSERT INTO report_runs (source_id, run_at, summary) VALUES (?, ?, ?)",
                (source_id, _iso(run_at), summary),
            )

    def runs(self, source_id: int) -> list[tuple[datetime, str]]:
        """Every kept report summary of a source, oldest first: ``(run_at, summary JSON)``."""
        rows = self._db.execute(
            "SELECT run_at, summary FROM report_runs WHERE source_id = ? ORDER BY run_at, id",
            (source_id,),
        ).fetchall()
        return [(_parse_dt(run_at), summary) for run_at, summary in rows]

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
    ) -> None:
        """Upsert one page of what a source returned, in one transaction.

        With ``advance_cursor`` the sync state's cursor becomes ``cursor`` in the same
        transaction, so a crash after this call resumes after this page and never before it.
        Saved items are marked present again (a removed item that reappears is un-removed).
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
            (source_id, activity_key(a), a.item_id, _iso(a.timestamp), _to_json(a))
            for a in activities
        )
        people_rows = [(source_id, p.id, _to_json(p)) for p in people]
        with self._tx() as db:
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
                INSERT INTO activities (source_id, activity_id, item_id, timestamp, data)
                VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (source_id, activity_id) DO UPDATE SET
                    item_id = excluded.item_id, timestamp = excluded.timestamp,
                    data = excluded.data
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
            if advance_cursor:
                db.execute(
                    "UPDATE sync_state SET cursor = ?, fetched = fetched + ? WHERE source_id = ?",
                    (json.dumps(cursor), len(item_rows), source_id),
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

    def finish_sync(self, source_id: int) -> None:
        """The sync in progress completed: its start time becomes the last successful sync."""
        with self._tx() as db:
            db.execute(
                "UPDATE sync_state SET last_sync = COALESCE(started_at, ?), in_progress = 0, "
                "started_at = NULL, query = NULL, cursor = NULL, fetched = 0 WHERE source_id = ?",
                (_iso(_now()), source_id),
            )

    # Short alias in the vocabulary of the issue.
    mark_sync = finish_sync

    # -- reading ----------------------------------------------------------------------------

    def newest_activity(self, source_id: int) -> datetime | None:
        row = self._db.execute(
            "SELECT MAX(timestamp) FROM activities WHERE source_id = ?", (source_id,)
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

    def item_ids(self, source_id: int, *, include_removed: bool = True) -> set[str]:
        sql = "SELECT item_id FROM items WHERE source_id = ?"
        if not include_removed:
            sql += " AND removed = 0"
        return {r[0] for r in self._db.execute(sql, (source_id,))}

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
        self, source_id: int, *, all_activities: bool = False, activity_details: bool = True
    ) -> Board:
        """Everything stored for one source as a Board; removed items come back ``closed``.

        Activities of items the store does not hold (a Trello card moved to another board, whose
        ``moveCardFromBoard`` is in the board's history) are kept in the file but left out, as
        the export readers leave them out: a report from the store matches a scan of the export.
        ``all_activities`` loads them too (a connector mapping cards from their history).
        ``activity_details=False`` loads activities with item, actor, kind and time only (what the
        analysis reads; as the export readers' option of that name): no field, old/new values,
        comment text or source id, so a million-activity store loads in less time and memory.
        """
        kind, key, name, origin = self._require(source_id)
        items: list[Item] = []
        rowids = array("q")
        for rowid, data, removed in self._db.execute(
            "SELECT rowid, data, removed FROM items WHERE source_id = ? ORDER BY rowid",
            (source_id,),
        ):
            item = _from_json(Item, data)
            if removed:
                item.closed = True
            items.append(item)
            rowids.append(rowid)
        activities: list[Activity] | ActivityList | None = None
        if not activity_details and not all_activities:
            activities = self._activity_columns(source_id, items, rowids)
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
        skipped = self._db.execute(
            "SELECT skipped FROM sources WHERE id = ?", (source_id,)
        ).fetchone()[0]
        return Board(
            id=key,
            name=name,
            source=kind,
            items=items,
            activities=activities,
            people=people,
            skipped=list(json.loads(skipped)) if skipped else [],
            origin=origin,
        )

    _JSON_EXTRACT = "json_extract"  # a class attribute so a test can take it away
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
        """Item, actor, kind and time, picked out of the rows' JSON by SQLite (its JSON1
        functions); the whole rows when this SQLite has none."""
        try:
            pick = self._JSON_EXTRACT
            rows = self._db.execute(
                f"SELECT item_id, {pick}(data, '$.actor_id'), {pick}(data, '$.kind'), "
                f"{pick}(data, '$.timestamp') " + self._ACTIVITIES_WHERE,
                (source_id, all_activities),
            )
        except sqlite3.OperationalError:  # built without JSON1 (older than 3.38, by option)
            rows = None
        # One str object per distinct item id and actor (the items' own ids first), not one per
        # row: 10M activities name some 1M items and a few hundred people.
        shared = {key: key for key in shared_ids or ()}
        one = shared.setdefault
        if rows is None:
            activities = self._activities(source_id, all_activities)
            for a in activities:
                a.field = a.old = a.new = a.text = a.id = None
                a.item_id = one(a.item_id, a.item_id)
                if a.actor_id is not None:
                    a.actor_id = one(a.actor_id, a.actor_id)
            return activities
        kinds, parse = _KINDS, datetime.fromisoformat
        return [
            Activity(
                one(item_id, item_id),
                None if actor is None else one(actor, actor),
                kinds.get(kind) or ActivityKind(kind),
                parse(when),
            )
            for item_id, actor, kind, when in rows
        ]

    # A row's UTC time: as _iso writes it (``2026-01-02T03:04:05.123456+00:00``) without its
    # "+00:00" (numpy reads that text as a datetime64), any other text whole (read by Python).
    _UTC_SQL = (
        "CASE WHEN length(a.timestamp) = 32 AND substr(a.timestamp, 27) = '+00:00' "
        "THEN substr(a.timestamp, 1, 26) ELSE a.timestamp END"
    )
    # The time as the source wrote it (in the row's JSON) when it is not the UTC text.
    _WRITTEN_SQL = (
        "CASE WHEN {pick}(a.data, '$.timestamp') = a.timestamp THEN NULL "
        "ELSE {pick}(a.data, '$.timestamp') END"
    )

    def _activity_columns(
        self, source_id: int, items: list[Item], rowids: array
    ) -> ActivityList | None:
        """The activities of the stored items as :class:`ActivityColumns` (what a report
        reads), without an object per activity: SQLite picks each row's item (as the item's
        rowid), actor, kind, UTC time and, when it differs, the time as written (kept in
        ``zones``). None when this SQLite has no JSON functions (the caller reads whole rows)."""
        pick = self._JSON_EXTRACT
        try:
            rows = self._db.execute(
                f"SELECT i.rowid, {pick}(a.data, '$.actor_id'), "
                f"instr('{_KIND_LIST}', ',' || {pick}(a.data, '$.kind') || ','), "
                f"{self._UTC_SQL}, {self._WRITTEN_SQL.format(pick=pick)} "
                "FROM activities a JOIN items i "
                "ON i.source_id = a.source_id AND i.item_id = a.item_id "
                "WHERE a.source_id = ? ORDER BY a.timestamp, a.rowid",
                (source_id,),
            )
        except sqlite3.OperationalError:  # built without JSON1 (older than 3.38, by option)
            return None
        rows.arraysize = 65_536
        item_rows, actor, kind, when = array("q"), array("i"), array("i"), []
        actors = _Codes({None: -1})
        zones: dict[int, datetime] = {}
        start = 0
        while chunk := rows.fetchmany():
            rowid_c, actor_c, kind_c, utc_c, written_c = zip(*chunk, strict=True)
            del chunk
            item_rows.extend(rowid_c)
            actor.extend(map(actors.__getitem__, actor_c))
            kind.extend(kind_c)
            when.append(_utc_column(utc_c))
            if written_c.count(None) != len(written_c):  # written in another zone, or none
                for n, text in enumerate(written_c):
                    if text is not None and (moment := _written(text)) is not None:
                        zones[start + n] = moment
            start += len(rowid_c)
        positions = np.frombuffer(kind, np.int32)
        by_position = np.full(len(_KIND_LIST) + 1, -1, np.int16)
        by_position[_KIND_POSITIONS] = np.arange(len(_KIND_POSITIONS), dtype=np.int16)
        kinds = by_position[positions]
        if (kinds < 0).any():  # a kind this version does not know: read as the objects path does
            return None
        shared = {it.id: it.id for it in items}  # one str per item id, shared with the items
        stored = np.frombuffer(rowids, np.int64)
        item = np.searchsorted(stored, np.frombuffer(item_rows, np.int64)).astype(np.int32)
        columns = ActivityColumns(
            [shared[it.id] for it in items],
            [shared.get(a, a) for a in list(actors)[1:]],  # type: ignore[misc]
            [None],
            item,
            np.frombuffer(actor, np.int32).copy(),
            kinds,
            np.zeros(len(kinds), np.int16),
            np.concatenate(when) if when else np.zeros(0, np.int64),
            zones,
        )
        columns.renumber()
        return ActivityList(columns)

    def load_boards(self, kind: str | None = None) -> list[Board]:
        return [self.load_board(s.id) for s in self.sources(kind)]

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
            "SELECT activity_id, data FROM activities WHERE source_id = ? AND data LIKE ?",
            (source_id, "%commented%"),
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

    def import_board(self, board: Board) -> int:
        """Store an export as a source; items missing from a newer export of it become removed.

        The export's unreadable records (``board.skipped``) are kept with the source, so a report
        from the store says how many were skipped, as a scan of the file does.
        """
        source_id = self.source(board.source, board.id, board.name, board.origin)
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
            db.execute(
                "UPDATE sources SET skipped = ? WHERE id = ?",
                (
                    json.dumps([printable(line) for line in board.skipped], ensure_ascii=False)
                    if board.skipped
                    else None,
                    source_id,
                ),
            )
        self.finish_sync(source_id)
        return source_id
