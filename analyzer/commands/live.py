"""Live sources and the local store: ``fetch jira``, ``import FILE``, ``report``, ``scan jira``.

``fetch`` is a typer group (:data:`fetch_app`); each live source adds its own sub-command to it
from its own module (``fetch trello`` lives in ``analyzer/commands/trello.py``)::

    from analyzer.commands.live import DbOption, FetchProgress, fetch_app, open_store

    @fetch_app.command("trello")
    def fetch_trello(board: ..., db: DbOption = None) -> None: ...

Everything fetched or imported lands in one SQLite store (``--db``, default in the user's data
directory); ``report`` reads it with no network.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

from analyzer.app import INTERRUPTED_FETCH, app, fail, user_errors
from analyzer.balance import DEFAULT_TOP
from analyzer.commands.scan import (
    LIVE_SOURCES,
    STDOUT,
    ScanProgress,
    check_fail_on,
    check_model,
    check_not_the_store,
    check_window,
    choose_format,
    default_roles,
    exit_for_flags,
    flags_line,
    get_format,
    terminal_render,
    write_output,
)
from analyzer.formats import FORMATS, UnknownFormatError
from analyzer.pipeline import ProgressCallback
from analyzer.roles import parse_roles_file
from connectors.interface import Board, Item, SourceError
from models.interface import DEFAULT_THRESHOLD

__all__ = [
    "DbOption",
    "FetchProgress",
    "fetch_app",
    "merge_boards",
    "open_store",
]

fetch_app = typer.Typer(
    name="fetch",
    help="Pull a live source into the local store (then `backlog-analyzer report`).",
    no_args_is_help=True,
)
app.add_typer(fetch_app, name="fetch")

#: ``--db PATH``: the store file; shared by every command that touches the store.
DbOption = Annotated[
    Path | None,
    typer.Option(
        "--db",
        metavar="PATH",
        help="The local store (SQLite). Default: $BACKLOG_ANALYZER_DB, else store.sqlite in "
        "the user data directory.",
        show_default=False,
    ),
]


def open_store(db: Path | None):  # -> connectors.store.Store (imported lazily)
    """Open (create) the store at ``db`` or the default place; StoreError is one line.

    An existing file that is some other program's SQLite database is refused, not given our
    tables.
    """
    from connectors.store import Store, default_db_path

    path = (db or default_db_path()).expanduser()
    if path.is_file() and path.stat().st_size and store_kind(path) == "sqlite":
        raise fail(f"{path}: {_NOT_OURS}")
    folder = next((p for p in path.parents if p.exists()), None)
    if folder is not None and not folder.is_dir():
        raise fail(f"{path}: {folder} is a file, not a folder; give --db another path")
    return Store(db)


_FILL = "`backlog-analyzer fetch jira|trello ...` or `backlog-analyzer import FILE`"
_NOT_OURS = (
    "an SQLite database of another program, not a backlog-analyzer store; give --db the store "
    "that fetch or import filled, or a new file name"
)


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
    if path.is_dir():
        return  # Store says it is a directory
    if not path.exists():
        raise fail(f"{path}: no such store; fill it with {_FILL} (and the same --db) first")
    try:
        kind = store_kind(path)
    except OSError as error:
        raise fail(f"{path}: cannot read the store ({error.strerror or error})") from None
    if kind in ("empty", "blank"):
        raise fail(f"{path}: an empty file, not a store yet; fill it with {_FILL} first")
    if kind == "other":
        raise fail(
            f"{path}: not a backlog-analyzer store (file is not a database); give --db the store "
            f"that {_FILL} filled"
        )
    if kind == "sqlite":
        raise fail(f"{path}: {_NOT_OURS}")


class FetchProgress:
    """A rich progress bar on stderr for a fetch: items fetched of total, and what is being asked.

    Use as a context manager; it yields ``update(done, total, what)``. Nothing is drawn when stderr
    is not a terminal, so pipes and tests see only the final summary line.
    """

    def __init__(self, label: str = "Fetching", console: Console | None = None) -> None:
        self.console = console or Console(stderr=True)
        self.enabled = self.console.is_terminal
        self._progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[what]}", style="dim"),
            TimeElapsedColumn(),
            console=self.console,
            transient=True,
            redirect_stdout=False,
            redirect_stderr=False,
        )
        self._label = label
        self._task: TaskID | None = None

    def __enter__(self):
        if self.enabled:
            self._progress.start()
            self._task = self._progress.add_task(self._label, total=None, what="")
        return self.update

    def __exit__(self, *exc: object) -> None:
        if self._task is not None:
            self._progress.stop()

    def update(self, done: int, total: int, what: str = "") -> None:
        if self._task is None:
            return
        self._progress.update(self._task, completed=done, total=total or None, what=what)


# --- fetch jira ------------------------------------------------------------------------------


def _policy(timeout: float):  # -> connectors._http.retry.RetryPolicy; tests swap in a fast one
    from connectors._http.retry import RetryPolicy

    return RetryPolicy(timeout=timeout)


@fetch_app.command("jira")
def fetch_jira(
    server: Annotated[
        str | None,
        typer.Option(
            "--server",
            metavar="URL",
            help="Jira base URL, e.g. https://acme.atlassian.net (default: $JIRA_SERVER).",
            show_default=False,
        ),
    ] = None,
    project: Annotated[
        str | None,
        typer.Option("--project", "-p", metavar="KEY", help="Project key.", show_default=False),
    ] = None,
    jql: Annotated[
        str | None,
        typer.Option(
            "--jql", metavar="JQL", help="A JQL query instead of --project.", show_default=False
        ),
    ] = None,
    db: DbOption = None,
    full: Annotated[
        bool,
        typer.Option(
            "--full", help="Fetch everything again, not only what changed since the last sync."
        ),
    ] = False,
    check_removed: Annotated[
        bool,
        typer.Option(
            "--check-removed",
            help="List every key of the project to mark deleted or moved issues (automatic "
            "with --full and once a day).",
        ),
    ] = False,
    timeout: Annotated[
        float, typer.Option("--timeout", help="Seconds to wait for each request.")
    ] = 30.0,
    rate_limit: Annotated[
        str | None,
        typer.Option(
            "--rate-limit",
            metavar="N/SECONDS",
            help="Send at most N requests in any SECONDS, e.g. 100/10 (default: what Jira's "
            "rate-limit headers say; without them, 429 answers are waited out).",
            show_default=False,
        ),
    ] = None,
    workers: Annotated[
        int,
        typer.Option("--workers", help="Requests in flight at once on big fetches (1-16)."),
    ] = 4,
) -> None:
    """Pull the issues of a project (or a JQL query) with their history into the local store.

    The first fetch takes everything; the next ones only what changed since (incremental).
    Credentials: JIRA_EMAIL + JIRA_API_TOKEN (Cloud) or JIRA_PAT (Server/Data Center), or the
    owner-only credentials.toml. Then `backlog-analyzer report`.
    """
    with user_errors(INTERRUPTED_FETCH):
        from connectors.live.jira import fetch_jira_into_store

        if (project is None) == (jql is None):
            raise fail("give exactly one of --project KEY or --jql QUERY")
        if timeout <= 0:
            raise fail(f"--timeout must be more than 0 seconds, got {timeout:g}")
        if not 1 <= workers <= 16:
            raise fail(f"--workers must be from 1 to 16, got {workers}")
        limit = _rate_limit(rate_limit) if rate_limit is not None else None
        with open_store(db) as store, FetchProgress("Fetching Jira issues") as progress:
            result = fetch_jira_into_store(
                store,
                server=server,
                project=project,
                jql=jql,
                full=full,
                check_removed=True if check_removed else None,
                retry=_policy(timeout),
                on_progress=progress,
                workers=workers,
                rate_limit=limit,
            )
        typer.echo(result.summary())


def _rate_limit(text: str) -> tuple[int, float]:
    """``--rate-limit 100/10`` -> (100, 10.0); anything else is one line saying the form."""
    count, _, seconds = text.partition("/")
    try:
        limit = (int(count), float(seconds))
    except ValueError:
        limit = (0, 0.0)
    if limit[0] < 1 or not limit[1] > 0:
        raise fail(
            f"--rate-limit is N/SECONDS with N >= 1 and SECONDS > 0, e.g. 100/10; got {text!r}"
        )
    return limit


# --- import ------------------------------------------------------------------------------------


@app.command("import")
def import_export(
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE", help="A Trello board JSON or Jira CSV/JSON export.", show_default=False
        ),
    ],
    db: DbOption = None,
) -> None:
    """Store an export file in the local store, alongside live sources."""
    with user_errors():
        from connectors.exports import read_export

        board = read_export(file)
        with open_store(db) as store:
            source_id = store.import_board(board)
            count = len(store.item_ids(source_id, include_removed=False))
        skipped = len(board.skipped)
        note = (
            f"; {skipped} unreadable record{'s' if skipped != 1 else ''} skipped" if skipped else ""
        )
        typer.echo(
            f"Imported {count} items ({len(board.activities)} activities{note}) from {file} "
            f"into {store.path}"
        )


# --- report --------------------------------------------------------------------------------------


def _is_live(board: Board) -> bool:
    return bool(board.origin) and str(board.origin).startswith(("http://", "https://"))


def _site(item: Item, board: Board) -> str | None:
    """The Jira site an item lives on: a live board's server, else its browse URL's base."""
    if _is_live(board):
        return str(board.origin).rstrip("/")
    if item.url and "/browse/" in item.url:
        return item.url.split("/browse/")[0].rstrip("/")
    return None  # e.g. a Jira CSV export: no site in it


def merge_boards(boards: list[Board]) -> Board:
    """One board holding every board's items, activities and people (for a combined report).

    An item in two boards counts once — kept from the first board, live sources first (their
    history is complete) — when both boards have the same origin (a project and a JQL query on
    one Jira), or when it has the same id and key and nothing says the sites differ (a project
    imported from an export and also fetched live). Items of different sites whose ids collide
    (two Jira sites) are kept apart by prefixing the later one's id with its board's position.
    """
    if len(boards) == 1:
        return boards[0]
    merged = Board(
        id="+".join(b.id for b in boards),
        name=", ".join(b.name for b in boards),
        source="+".join(sorted({b.source for b in boards})),
        origin="; ".join(b.origin or b.name for b in boards),
    )
    seen: dict[str, tuple[str | None, str | None, str | None]] = {}  # id: origin, key, site
    ordered = sorted(enumerate(boards), key=lambda pb: not _is_live(pb[1]))
    for position, board in ordered:
        renamed: dict[str, str | None] = {}  # None: a duplicate, left out
        for item in board.items:
            site = _site(item, board)
            if item.id in seen:
                origin, key, other_site = seen[item.id]
                same_site = site is None or other_site is None or site == other_site
                if origin == board.origin or (key == item.key and same_site):
                    renamed[item.id] = None
                    continue
                renamed[item.id] = item.id = f"{position}:{item.id}"
            seen[item.id] = (board.origin, item.key, site)
            merged.items.append(item)
        for activity in board.activities:
            new_id = renamed.get(activity.item_id, activity.item_id)
            if new_id is None:
                continue
            activity.item_id = new_id
            merged.activities.append(activity)
        merged.people.update(board.people)
        merged.skipped.extend(board.skipped)
    return merged


def select_boards(store, selectors: list[str] | None) -> tuple[list[Board], list[str]]:
    """Boards of the store matching any selector (kind, key, name or id; all when none), and
    the names of those whose last fetch was interrupted."""
    infos = store.sources()
    if not infos:
        raise SourceError(
            f"the store {store.path} is empty; run `backlog-analyzer fetch jira|trello ...` or "
            "`backlog-analyzer import FILE` first"
        )
    chosen = infos
    if selectors:
        wanted = {s.lower() for s in selectors}
        chosen = [
            s
            for s in infos
            # "DEMO (Demo Onboarding)": the project key alone selects it too
            if {x.lower() for x in (s.kind, s.key, s.name, s.name.split(" (")[0], str(s.id))}
            & wanted
        ]
        if not chosen:
            names = ", ".join(f"{s.kind}:{s.name}" for s in infos)
            raise SourceError(
                f"no source matches {', '.join(selectors)} in the store; it holds: {names}"
            )
    unfinished = [s.name for s in chosen if s.in_progress]
    # The analysis reads item, actor, kind and time of each activity: no texts loaded.
    boards = [store.load_board(s.id, activity_details=False) for s in chosen]
    return boards, unfinished


@app.command("report")
def report_from_store(
    db: DbOption = None,
    source: Annotated[
        list[str] | None,
        typer.Option(
            "--source",
            "-s",
            metavar="NAME",
            help="Only these sources: a kind (jira, trello), a project/board name or key, or "
            "its id in the store. Repeatable. Default: everything in the store.",
            show_default=False,
        ),
    ] = None,
    format_name: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help=f"{' | '.join(FORMATS)}. Default: from --output's suffix (as for scan), else "
            "table.",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Write the report to FILE ('-': standard output).",
            show_default=False,
        ),
    ] = None,
    threshold: Annotated[
        float, typer.Option("--threshold", "-t", help="Confidence below this is uncertain.")
    ] = DEFAULT_THRESHOLD,
    model: Annotated[
        Path | None,
        typer.Option(
            "--model",
            metavar="PATH",
            help="A trained model (default: bundled).",
            show_default=False,
        ),
    ] = None,
    top: Annotated[int, typer.Option("--top", help="Top items to show.")] = DEFAULT_TOP,
    roles: Annotated[
        Path | None,
        typer.Option(
            "--roles",
            metavar="FILE",
            help="Roles file (TOML) mapping people to roles (as for scan).",
            show_default=False,
        ),
    ] = None,
    window: Annotated[
        str,
        typer.Option("--window", "-w", metavar="WINDOW", help="Time window (as for scan)."),
    ] = "auto",
    fail_on: Annotated[
        str | None,
        typer.Option(
            "--fail-on",
            metavar="SEVERITY",
            help="Exit 1 when a flag at or above this severity is raised.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Report from the local store, with no network (after `fetch` or `import`)."""
    output = None if output == STDOUT else output
    with user_errors():
        from analyzer.pipeline import scan_board

        if output is not None:
            check_not_the_store(output, db)
        try:
            format_name = choose_format(format_name, output)
        except UnknownFormatError as error:
            raise fail(str(error)) from None
        if not 0.0 <= threshold <= 1.0:
            raise fail(f"--threshold must be between 0 and 1, got {threshold:g}")
        if top < 0:
            raise fail(f"--top must be 0 or more, got {top}")
        spec = check_window(window)
        fail_on = check_fail_on(fail_on)
        check_model(model)
        roles_path = default_roles(roles)
        roles_file = parse_roles_file(roles_path) if roles_path is not None else None
        from connectors.store import default_db_path

        check_existing_store((db or default_db_path()).expanduser())
        with open_store(db) as store:
            boards, unfinished = select_boards(store, source)
        for name in unfinished:
            typer.echo(
                f"backlog-analyzer: note: the last fetch of {name} did not finish; this report "
                "uses what was stored (run the fetch again to complete it)",
                err=True,
            )
        board = merge_boards(boards)
        with ScanProgress() as on_progress:
            report = scan_board(
                board,
                model,
                threshold,
                on_progress,
                top=top,
                origin=board.origin,
                roles=roles_file.path if roles_file else None,
                window=spec,
            )
        if output is None:
            typer.echo(terminal_render(report, format_name), nl=False)
        else:
            write_output(output, partial(get_format(format_name, width=100).write, report))
            typer.echo(f"Wrote the {format_name} report to {output} ({flags_line(report)})")
    exit_for_flags(report, fail_on)


# --- scan jira -----------------------------------------------------------------------------------


def load_jira_board(
    target: str | None,
    on_progress: ProgressCallback | None = None,
    *,
    db: Path | None = None,
    server: str | None = None,
) -> Board:
    """``scan jira TARGET``: fetch (incrementally) into the store, then load the board.

    TARGET is a project key, or a JQL query when it contains a space or ``=``. The server is
    ``--server`` or comes, with the credentials, from the environment / config file
    (``JIRA_SERVER`` ...).
    """
    from connectors.live.jira import fetch_jira_into_store

    if not target:
        raise SourceError("give the Jira project key: backlog-analyzer scan jira KEY")
    is_jql = any(c in target for c in " =<>~")

    def progress(done: int, total: int, what: str = "") -> None:
        if on_progress is not None:
            on_progress("fetch", done, total)

    with open_store(db) as store:
        result = fetch_jira_into_store(
            store,
            server=server,
            project=None if is_jql else target,
            jql=target if is_jql else None,
            retry=_policy(30.0),
            on_progress=progress,
        )
        return store.load_board(result.source_id, activity_details=False)


LIVE_SOURCES["jira"] = load_jira_board
