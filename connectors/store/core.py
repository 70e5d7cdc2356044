"""The store itself: one SQLite file opened safely, migrated, its sources and report runs; the
reading and writing methods come from :mod:`.reading` and :mod:`.writing`."""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from connectors.mapping.clean import printable
from connectors.store.codec import _iso, _now, _parse_dt
from connectors.store.errors import StoreError, _one_line_errors, _store_error
from connectors.store.keys import safe_origin
from connectors.store.reading import Reading
from connectors.store.schema import (
    _MIGRATIONS,
    _TABLES,
    SCHEMA_VERSION,
    SourceInfo,
    default_db_path,
    upgrade_note,
    upgrading_line,
)
from connectors.store.writing import Writing

#: Where an upgrade that changes what a report reads is told (INFO, once, by the opening that
#: upgrades: :attr:`Store.upgrade_notes`); the CLI shows it as a ``note:`` line.
log = logging.getLogger("backlog_analyzer.store")


def _made_read_only(path: Path) -> bool:
    """The store file has no write bit at all (``chmod a-w``): the user made it read-only. SQLite
    opens such a file read-only for other users but read-write for root; this is read-only for
    root too, as a report's ``--output`` is (a report still reads it; its history row is not
    kept, and an import or fetch is refused in one line)."""
    try:
        return path.is_file() and not path.stat().st_mode & 0o222
    except OSError:
        return False


@_one_line_errors
class Store(Reading, Writing):
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
        self.read_only = False  # the file has no write bit (chmod a-w): opened read-only
        self._created = False  # this Store made the file: removed again if nothing was saved
        # the schema version this opening upgraded the store from (None: no upgrade, or a new
        # store), and one line per step that changes what a report reads (upgrade_note)
        self.upgraded_from: int | None = None
        self.upgrade_notes: list[str] = []
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            if not self.path.exists():
                # Owner-only from the first byte: the store holds a private backlog.
                with contextlib.suppress(FileExistsError):  # another process was first
                    os.close(os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
                    self._created = True
            self.read_only = not self._created and _made_read_only(self.path)
            if self.read_only:  # as SQLite opens it for any user but root: every write refused
                target = f"{self.path.absolute().as_uri()}?mode=ro"
                self._db = sqlite3.connect(target, timeout=30, isolation_level=None, uri=True)
            else:
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
            advice = (
                "; pass --db a file in a folder you may write to"
                if isinstance(exc, PermissionError)
                else ""
            )
            raise StoreError(
                f"cannot create the store {self.path}: {exc.strerror}{advice}"
            ) from None

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
        """Bring the schema up to date, in one transaction: a migration that fails (a full disk,
        a read-only file, a damaged row) leaves the store exactly as it was and says so in one
        line. The version is read again under the write lock: two processes opening an old store
        at once must not both migrate it. An upgrade of an existing store that changes what a
        report reads is told once (:func:`upgrade_note`): ``upgrade_notes`` and an INFO record
        of ``backlog_analyzer.store``; the upgrade itself is told as it starts, by an INFO record
        (:func:`upgrading_line`: a large store's takes a while). A new store is told nothing."""
        if self._version() == SCHEMA_VERSION:
            return  # the usual case: no write lock taken (a read-only store opens for reports)
        version = self._version()
        notes: list[str] = []
        try:
            with self._tx() as db:
                version = self._version()
                if version and version < SCHEMA_VERSION:
                    # A write that fails on a read-only file (BEGIN IMMEDIATE does not), so the
                    # line below is said only when the upgrade will run; the index of schema 9
                    # reads every activity (≈ 1.5 s per 1M, ~30 s at 10M) with nothing shown.
                    db.execute(f"PRAGMA user_version = {version}")
                    log.info(upgrading_line(self.path))
                for number in range(version, SCHEMA_VERSION):
                    step = _MIGRATIONS[number]
                    if callable(step):
                        changed = step(db)
                        if version and (note := upgrade_note(self.path, number + 1, changed)):
                            notes.append(note)
                    else:
                        for statement in step.split(";"):
                            if statement.strip():
                                db.execute(statement)
                    db.execute(f"PRAGMA user_version = {number + 1}")
        except sqlite3.DatabaseError as exc:
            if version == 0:
                raise  # a new file: the usual errors of opening one
            reason = " ".join(str(exc).split())
            if "readonly" in reason.lower() or "read-only" in reason.lower():
                # A report only reads, but an older store is upgraded once, in place (copying a
                # multi-GB store into memory to upgrade it there would cost more than it saves).
                raise StoreError(
                    f"the store {self.path} is read-only and has schema version {version}: this "
                    f"version upgrades it to {SCHEMA_VERSION} once, which writes to it; make it "
                    "writable for one run (or copy it) and run again"
                ) from None
            raise StoreError(
                f"the store {self.path} could not be upgraded from schema version {version} to "
                f"{SCHEMA_VERSION} ({reason}); it was left unchanged: fix that (disk space, write "
                "permission, a backup of a damaged file) and run again, or pass another --db"
            ) from None
        if version and version < SCHEMA_VERSION:  # (another process may have been first)
            self.upgraded_from, self.upgrade_notes = version, notes
            for note in notes:
                log.info(note)

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

    def sources(self, kind: str | None = None, *, counts: bool = True) -> list[SourceInfo]:
        """Every source (of ``kind``), oldest first. ``counts=False`` leaves their items and
        activities uncounted (``None``): counting reads a whole index (10M activities: ≈ 0.4 s
        a call), and picking the boards of a report needs only names and ids."""
        counted = (
            "(SELECT COUNT(*) FROM items i WHERE i.source_id = s.id), "
            "(SELECT COUNT(*) FROM activities a WHERE a.source_id = s.id)"
            if counts
            else "NULL, NULL"
        )
        rows = self._db.execute(
            f"""
            SELECT s.id, s.kind, s.key, s.name, s.origin, {counted},
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
