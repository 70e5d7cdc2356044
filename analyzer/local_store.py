"""The local store seen from the analysis: open or check it, import an export into it, pick and
merge its boards, and report from it with no network (``backlog-analyzer import`` / ``report``).

Everything here raises typed errors (``StoreError``, ``SourceError``, ``OptionError``); nothing
prints. Library use::

    from analyzer.local_store import import_file, report_from_store
    from analyzer.options import ScanOptions

    import_file("board.json", db="store.sqlite")
    report = report_from_store("store.sqlite", ["trello"], ScanOptions.build(window="month"))
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from analyzer.options import OptionError, ScanOptions
from analyzer.pipeline import ProgressCallback, _classify_and_analyse
from analyzer.report import Report, repeated_copies, unread_clause
from connectors.interface import Board, Repeats, SourceError
from connectors.merge import merge_boards

if TYPE_CHECKING:
    from analyzer.history import RunSummary

_FILL = "`backlog-analyzer fetch jira|trello ...` or `backlog-analyzer import FILE`"
_NOT_OURS = (
    "an SQLite database of another program, not a backlog-analyzer store; give --db the store "
    "that fetch or import filled, or a new file name"
)


def store_path(db: str | Path | None) -> Path:
    """``db``, else ``$BACKLOG_ANALYZER_DB``, else the default store in the user data folder."""
    from connectors.store import default_db_path

    return (Path(db) if db is not None else default_db_path()).expanduser()


def open_store(db: str | Path | None):  # -> connectors.store.Store (imported lazily)
    """Open (create) the store at ``db`` or the default place; StoreError is one line.

    An existing file that is some other program's SQLite database is refused, not given our
    tables.
    """
    from connectors.store import Store, StoreError

    path = store_path(db)
    if path.is_file() and path.stat().st_size and store_kind(path) == "sqlite":
        raise StoreError(f"{path}: {_NOT_OURS}")
    folder = next((p for p in path.parents if p.exists()), None)
    if folder is not None and not folder.is_dir():
        raise StoreError(f"{path}: {folder} is a file, not a folder; give --db another path")
    return Store(None if db is None else Path(db))


def store_kind(path: Path) -> str:
    """What the existing file at ``path`` is: ``store`` (ours, any schema version), ``sqlite``
    (another program's database), ``blank`` (SQLite, no tables), ``empty`` (0 bytes) or
    ``other``. Read only: the file is never changed."""
    import sqlite3

    with open(path, "rb") as handle:
        head = handle.read(16)
    if not head:
        return "empty"
    if head != b"SQLite format 3\x00":
        return "other"
    try:
        db = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
        try:
            tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            version = db.execute("PRAGMA user_version").fetchone()[0]
        finally:
            db.close()
    except sqlite3.DatabaseError:
        return "other"
    if not tables:
        return "blank"  # an SQLite file with nothing in it yet (a fetch may fill it)
    return "store" if version and "sources" in tables else "sqlite"


def check_existing_store(path: Path) -> None:
    """``report`` only reads: a store that is not there, empty (0 bytes) or not ours is one line
    telling the user to fill it first, and the file is left as it is."""
    from connectors.store import StoreError

    if path.is_dir():
        return  # Store says it is a directory
    if not path.exists():
        raise StoreError(f"{path}: no such store; fill it with {_FILL} (and the same --db) first")
    try:
        kind = store_kind(path)
    except OSError as error:
        raise StoreError(f"{path}: cannot read the store ({error.strerror or error})") from None
    if kind in ("empty", "blank"):
        raise StoreError(f"{path}: an empty file, not a store yet; fill it with {_FILL} first")
    if kind == "other":
        raise StoreError(
            f"{path}: not a backlog-analyzer store (file is not a database); give --db the store "
            f"that {_FILL} filled"
        )
    if kind == "sqlite":
        raise StoreError(f"{path}: {_NOT_OURS}")


def check_not_the_store(output: Path, db: str | Path | None) -> None:
    """Refuse an --output that would replace the local store (or its journal files)."""
    store = store_path(db)
    for path in (store, Path(f"{store}-wal"), Path(f"{store}-shm"), Path(f"{store}-journal")):
        if same_file(output, str(path)) or output.expanduser().absolute() == path.absolute():
            raise OptionError(
                f"{output}: --output would overwrite the local store; pick another file"
            )


def same_file(output: Path, source: str) -> bool:
    try:
        return output.exists() and output.resolve() == Path(source).resolve()
    except OSError:
        return False


# --- import -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ImportResult:
    items: int  # items of the source in the store (removed ones not counted)
    activities: int
    skipped: int  # records of the export that could not be read
    store: Path
    # parts of the export were left out too (comment cells, dates: Board.skipped_parts)
    parts_skipped: bool = False
    templates: int = 0  # Trello card templates left out (Board.templates: not work)
    # issues the export holds more than once (Board.repeats): each read once, the other
    # copies (rows of a CSV, copies in a JSON search) left out; not unreadable
    repeats: Repeats = field(default_factory=Repeats)
    template_board: bool = False  # a Trello board that is itself a template (prefs.isTemplate)

    def summary(self, file: str | Path) -> str:
        # the scan's note's words ("42 records could not be read and were skipped"; parts of
        # the export apart: 457 comment cells are no record)
        unread = unread_clause(self.skipped, self.parts_skipped)
        note = f"; {unread}" if unread else ""
        if self.templates:
            one = self.templates == 1
            note += f"; {self.templates:,} card template{'' if one else 's'} left out"
        if self.repeats:
            told = self.repeats
            said = repeated_copies(told.copies, len(told.lines), told.unit)
            note += f"; {said} left out"
        if self.template_board:
            note += "; the board is a Trello template"
        items = f"{self.items:,} item{'s' if self.items != 1 else ''}"  # not "1 items"
        acts = f"{self.activities:,} activit{'ies' if self.activities != 1 else 'y'}"
        return f"Imported {items} ({acts}{note}) from {file} into {self.store}"


def import_file(path: str | Path, db: str | Path | None = None) -> ImportResult:
    """Read the export at ``path`` (any supported format) into the store at ``db``."""
    from connectors.exports import read_export

    board = read_export(Path(path))
    with open_store(db) as store:
        source_id = store.import_board(board)
        count = len(store.item_ids(source_id, include_removed=False))
    return ImportResult(
        count,
        len(board.activities),
        len(board.skipped),
        store.path,
        bool(board.skipped_parts),
        len(board.templates),
        board.repeats,
        bool(board.template_boards),
    )


# --- boards out of the store ----------------------------------------------------------------------


def select_boards(
    store, selectors: list[str] | None, *, own: bool = False
) -> tuple[list[Board], list[str]]:
    """Boards of the store matching any selector (kind, key, name or id; all when none), and
    the names of those whose last fetch was interrupted. ``own``: the boards are the caller's
    alone and never changed (a report's): their items share one empty list and dict, and one
    list of labels per label set, and are read without what no report reads (``for_report``)."""
    chosen = select_sources(store, selectors)
    unfinished = [s.name for s in chosen if s.in_progress]
    # The analysis reads item, actor, kind and time of each activity: no texts loaded.
    boards = [store.load_board(s.id, activity_details=False, for_report=own) for s in chosen]
    return boards, unfinished


def select_sources(store, selectors: list[str] | None) -> list:  # -> list[store.SourceInfo]
    """The sources of the store matching any selector (kind, key, name or id; all when none)."""
    infos = store.sources(counts=False)  # names and ids: no index counted per report
    if not infos:
        raise SourceError(
            f"the store {store.path} is empty; run `backlog-analyzer fetch jira|trello ...` or "
            "`backlog-analyzer import FILE` first"
        )
    chosen = infos
    if selectors:
        wanted = {s.lower() for s in selectors}
        chosen = [s for s in infos if _selectors_of(s) & wanted]
        if not chosen:
            names = ", ".join(f"{s.kind}:{s.name}" for s in infos)
            raise SourceError(
                f"no source matches {', '.join(selectors)} in the store; it holds: {names}"
            )
    return chosen


def _selectors_of(source) -> set[str]:
    """What selects a source, lower-cased: its kind, key, name and id; a fetched Jira project's
    name is "DEMO (Demo Onboarding)", so the key alone and the project's own name select it too."""
    names = {source.kind, source.key, source.name, source.name.split(" (")[0], str(source.id)}
    _, _, project = source.name.partition(" (")
    if source.kind == "jira" and project.endswith(")"):
        names.add(project[:-1])
    return {x.lower() for x in names}


def unfinished_note(name: str) -> str:
    return (
        f"the last fetch of {name} did not finish; this report uses what was stored (run the "
        "fetch again to complete it)"
    )


def load_from_store(
    db: str | Path | None,
    selectors: list[str] | None = None,
    *,
    on_note: Callable[[str], None] | None = None,
) -> Board:
    """The store's boards matching ``selectors`` (all when none), merged into one; the store
    must exist and be ours (it is only read). ``on_note`` hears of interrupted fetches."""
    return _load_from_store(db, selectors, on_note, own=False)


def _load_from_store(
    db: str | Path | None,
    selectors: list[str] | None,
    on_note: Callable[[str], None] | None,
    *,
    own: bool,
) -> Board:
    check_existing_store(store_path(db))
    with open_store(db) as store:
        boards, unfinished = select_boards(store, selectors, own=own)
    if on_note is not None:
        for name in unfinished:
            on_note(unfinished_note(name))
    return merge_boards(boards)


def report_from_store(
    db: str | Path | None,
    selectors: list[str] | None = None,
    options: ScanOptions | None = None,
    *,
    on_progress: ProgressCallback | None = None,
    on_note: Callable[[str], None] | None = None,
    keep_history: bool = True,
) -> Report:
    """The report of the store's boards matching ``selectors`` (merged into one), with no
    network. A report of exactly one board joins that board's history (``keep_history``)."""
    board = _load_from_store(db, selectors, on_note, own=True)  # nobody else sees this board
    options = options or ScanOptions()
    # The board is this report's own (nobody else holds it): once classified, its items'
    # descriptions are swapped for what the flags still read (a million items' texts freed).
    report = _classify_and_analyse(
        board, options.model, options, on_progress, board.origin, None, forget_descriptions=True
    )
    if keep_history:
        keep_in_history(db, selectors, report, on_note=on_note)
    return report


# -- history: what past reports of a board said (analyzer.history) ----------------------------


def keep_in_history(
    db: str | Path | None,
    selectors: list[str] | None,
    report: Report,
    *,
    on_note: Callable[[str], None] | None = None,
) -> bool:
    """Keep ``report``'s summary in its board's history when it is the report of exactly one
    stored board. A store that cannot be written (read only, locked too long) costs the history
    this run, not the report: ``on_note`` hears why. True when the run was kept."""
    with open_store(db) as store:
        chosen = select_sources(store, selectors)
    return len(chosen) == 1 and keep_run(db, chosen[0].id, report, on_note)


def reports_by_board(
    db: str | Path | None,
    selectors: list[str] | None = None,
    options: ScanOptions | None = None,
    *,
    on_progress: ProgressCallback | None = None,
    on_note: Callable[[str], None] | None = None,
) -> list[Report]:
    """One report per stored board matching ``selectors`` (every board when none), the model
    loaded once, boards loaded one at a time; each report joins its board's history (for a
    portfolio: :func:`analyzer.portfolio.build_portfolio`)."""
    from analyzer.pipeline import scan_boards

    check_existing_store(store_path(db))
    with open_store(db) as store:
        chosen = select_sources(store, selectors)

        def boards():
            for info in chosen:
                if info.in_progress and on_note is not None:
                    on_note(unfinished_note(info.name))
                yield store.load_board(info.id, activity_details=False, for_report=True)

        reports = scan_boards(boards(), options or ScanOptions(), on_progress)
    for info, report in zip(chosen, reports, strict=True):
        keep_run(db, info.id, report, on_note)
    return reports


def keep_run(
    db: str | Path | None, source_id: int, report: Report, on_note: Callable[[str], None] | None
) -> bool:
    """Keep ``report``'s summary in the history of stored board ``source_id``; a store that
    cannot be written costs the history this run, not the report (``on_note`` hears why)."""
    import sqlite3

    from analyzer.history import record_run
    from connectors.store import StoreError

    try:
        with open_store(db) as store:
            record_run(store, source_id, report)
        return True
    except (StoreError, sqlite3.Error) as error:
        if on_note is not None:
            reason = " ".join(str(error).split())
            on_note(f"this report was not added to the board's history ({reason})")
        return False


def history_from_store(
    db: str | Path | None, selectors: list[str] | None = None
) -> list[tuple[str, list[RunSummary]]]:
    """Each selected board's name and its kept report summaries, oldest first (store read only)."""
    from analyzer.history import load_history

    check_existing_store(store_path(db))
    with open_store(db) as store:
        return [(s.name, load_history(store, s.id)) for s in select_sources(store, selectors)]
