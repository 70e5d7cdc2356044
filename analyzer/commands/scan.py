"""``backlog-analyzer scan``: read a source, classify every item, print the report.

The report holds the role balance, each person's balance against their declared (or inferred)
role over time windows, role drift and ownership flags. ``--fail-on`` makes flags exit 1 for CI.

The first argument is a SOURCE: an export file, or the word ``jira`` or ``trello`` for a live
source (``scan jira PROJ``, ``scan trello BOARD``: fetched into the local store, then reported),
dispatched through :data:`LIVE_SOURCES` — see :func:`load_live_board`.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
import threading
from collections.abc import Callable
from functools import partial
from pathlib import Path
from types import TracebackType
from typing import IO, Annotated

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
from analyzer.flags import SEVERITIES, fails, severity_rank
from analyzer.formats import FORMATS, UnknownFormatError, format_for_path, get_format
from analyzer.pipeline import ProgressCallback, scan_board, scan_file
from analyzer.report import Report
from analyzer.roles import DEFAULT_ROLES_FILE, parse_roles_file
from analyzer.timeline import WindowSpec, parse_window
from connectors.interface import Board, SourceError
from models.interface import DEFAULT_THRESHOLD

# --- live sources: the hook ------------------------------------------------------------------

#: Loaders for live sources, by the word the user types as SOURCE. A loader gets the TARGET
#: argument (Jira project key / Trello board id or URL, may be None), the progress callback and
#: the keyword options ``db`` (the store, None for the default) and ``server`` (--server, None
#: when not given), and returns the whole Board; it raises SourceError subclasses (AuthError,
#: NotFoundError, RemoteError) for what the user can fix. The live-connector modules register
#: themselves here: ``LIVE_SOURCES["jira"] = load_jira_board``.
LiveLoader = Callable[..., Board]
LIVE_SOURCES: dict[str, LiveLoader] = {}

#: Words that name a live source rather than a file, with the offline way to get the same data.
LIVE_NAMES: dict[str, str] = {
    "jira": "export the issues (Filters → Export → CSV (all fields)) and scan that file",
    "trello": "export the board (Menu → Print, export and share → Export as JSON) and scan "
    "that file",
}


def is_live_source(source: str) -> bool:
    """``jira``/``trello`` name live sources, unless a file of that name is right there."""
    return source.lower() in LIVE_NAMES and not Path(source).exists()


def load_live_board(
    name: str,
    target: str | None,
    on_progress: ProgressCallback | None = None,
    *,
    db: Path | None = None,
    server: str | None = None,
) -> Board:
    name = name.lower()
    loader = LIVE_SOURCES.get(name)
    if loader is None:
        raise SourceError(
            f"live {name.capitalize()} scanning is not available yet; {LIVE_NAMES[name]}"
        )
    return loader(target, on_progress, db=db, server=server)


# --- progress ------------------------------------------------------------------------------------

STAGE_LABELS = {
    "read": "Reading the export",
    "fetch": "Fetching",
    "model": "Loading the classifier",
    "classify": "Classifying items",
}


class ScanProgress:
    """A rich progress display on stderr that appears only when the work outlasts ``delay``.

    Nothing is drawn when stderr is not a terminal (pipes, CI logs, tests), and stdout is never
    touched, so JSON on stdout and files written with --output stay clean.
    """

    def __init__(self, console: Console | None = None, delay: float = 1.0) -> None:
        self.console = console or Console(stderr=True)
        self.enabled = self.console.is_terminal
        self.delay = delay
        self._progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=self.console,
            transient=True,
            redirect_stdout=False,
            redirect_stderr=False,
        )
        self._tasks: dict[str, TaskID] = {}
        self._timer: threading.Timer | None = None

    def __enter__(self) -> ProgressCallback:
        if self.enabled:
            self._timer = threading.Timer(self.delay, self._progress.start)
            self._timer.daemon = True
            self._timer.start()
        return self.update

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer.join()
        if self._progress.live.is_started:  # stopping a never-started display prints a newline
            self._progress.stop()

    @property
    def shown(self) -> bool:
        return self._progress.live.is_started

    def update(self, stage: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        task = self._tasks.get(stage)
        if task is None:
            task = self._progress.add_task(STAGE_LABELS.get(stage, stage), total=total or None)
            self._tasks[stage] = task
        self._progress.update(task, completed=done, total=total or None)


# --- output ----------------------------------------------------------------------------------

#: ``--output -``: standard output, as if --output were not given.
STDOUT = Path("-")


def choose_format(name: str | None, output: Path | None) -> str:
    """--format when given; else the one --output's suffix names (no suffix: table).

    An --output suffix no format knows (``report.pdf``) is an error, not a table in disguise.
    """
    if name is not None:
        if not name.strip():
            raise UnknownFormatError(f"--format needs a name; choose one of: {', '.join(FORMATS)}")
        return get_format(name).name
    if output is None or not output.suffix:
        return "table"
    found = format_for_path(output)
    if found is None:
        known = ", ".join(s for cls in FORMATS.values() for s in cls.suffixes)
        raise UnknownFormatError(
            f"{output}: no report format writes {output.suffix!r} files; end the name with one "
            f"of {known}, or pass --format {'|'.join(FORMATS)}"
        )
    return found


def terminal_render(report: Report, format_name: str) -> str:
    """Render for stdout: colour and the terminal's width when stdout is a terminal."""
    tty = sys.stdout.isatty() and "NO_COLOR" not in os.environ
    width = min(shutil.get_terminal_size((80, 24)).columns, 120) if tty else 80
    return get_format(format_name, width=max(width, 60), color=tty).render(report)


#: A file name that is not valid UTF-8 (in the report's origin) is written as ``\\udcff``.
_ERRORS = "backslashreplace"


def write_output(path: Path, content: str | Callable[[IO[str]], object]) -> None:
    """Write the whole file or nothing: a temporary file beside it, renamed over it at the end.

    ``content`` is the text, or a function writing it to a stream (a format's ``write``: a 1M-item
    JSON report is written piece by piece, never held whole). Something that is not a regular
    file (/dev/null, /dev/stdout, a pipe) is written to as it is: renaming a file over it would
    replace the device.
    """
    emit = content if callable(content) else lambda handle: handle.write(content)
    if path.is_dir():
        raise SourceError(f"{path}: is a directory; give a file name for --output")
    if path.exists() and not path.is_file():
        try:
            with open(path, "w", encoding="utf-8", errors=_ERRORS, newline="\n") as handle:
                emit(handle)
        except OSError as error:
            reason = error.strerror or type(error).__name__
            raise SourceError(f"{path}: cannot write the report ({reason})") from None
        return
    parent = path.parent
    if parent.exists() and not parent.is_dir():
        raise SourceError(f"{path}: {parent} is a file, not a folder; pick another --output")
    if not parent.is_dir():
        raise SourceError(f"{path}: the folder {parent} does not exist; create it or pick another")
    try:
        fd, tmp = tempfile.mkstemp(dir=parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8", errors=_ERRORS, newline="\n") as handle:
                emit(handle)
            # mkstemp makes the file owner-only; a report gets the mode any new file gets
            # (the umask), or keeps the mode of the report it replaces.
            os.chmod(tmp, _mode_for(path))
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise SourceError(f"{path}: cannot write the report ({reason})") from None


def _mode_for(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def default_roles(roles: Path | None) -> Path | None:
    """``--roles FILE``, else ``./backlog-analyzer.toml`` when it is there, else None (infer)."""
    if roles is not None:
        return roles
    candidate = Path(DEFAULT_ROLES_FILE)
    return candidate if candidate.is_file() else None


#: The longest ``Nd`` window :func:`analyzer.timeline.parse_window` takes.
MAX_WINDOW_DAYS = 9999


def check_window(window: str) -> WindowSpec:
    """The parsed --window, or one line saying what it accepts."""
    try:
        return parse_window(window)
    except ValueError:
        pass
    days = re.fullmatch(r"([+-]?\d+)\s*(d|days?)?", window.strip(), flags=re.IGNORECASE)
    if days is None:
        problem = "not a window"
    elif not 1 <= int(days.group(1)) <= MAX_WINDOW_DAYS:
        problem = "out of range"
    else:
        problem = f"add the unit: {int(days.group(1))}d"
    raise fail(
        f"--window {window!r}: {problem}; use week, month, quarter, sprint, auto or a number of "
        f"days from 1 to {MAX_WINDOW_DAYS} (e.g. 14d)"
    )


def check_model(model: Path | None) -> None:
    """A --model that is a folder or not there fails at once, with what is expected instead."""
    if model is None:
        return
    expected = "a model file (JSON) written by `backlog-analyzer train --output FILE`"
    if model.is_dir():
        raise fail(f"{model}: is a directory; --model expects {expected}")
    if not model.exists():
        raise fail(f"{model}: no such model file; --model expects {expected} (or omit it)")
    if not model.is_file():
        raise fail(f"{model}: not a regular file; --model expects {expected}")


def check_fail_on(fail_on: str | None) -> str | None:
    if fail_on is None:
        return None
    value = fail_on.strip().lower()
    if value not in SEVERITIES:
        raise fail(f"--fail-on must be one of {', '.join(reversed(SEVERITIES))}, got {fail_on!r}")
    return value


def flags_line(report: Report) -> str:
    """``3 flags: 1 error, 2 warnings`` (or ``no flags``)."""
    if not report.flags:
        return "no flags"
    counts = [(sev, sum(f.severity == sev for f in report.flags)) for sev in reversed(SEVERITIES)]
    parts = [f"{n} {sev}{'s' if n > 1 else ''}" for sev, n in counts if n]
    n = len(report.flags)
    return f"{n} flag{'s' if n > 1 else ''}: {', '.join(parts)}"


def exit_for_flags(report: Report, fail_on: str | None) -> None:
    """Exit 1 (one line on stderr) when a flag at or above ``fail_on`` was raised."""
    if not fails(report.flags, fail_on):
        return
    hit = [f for f in report.flags if severity_rank(f.severity) >= severity_rank(fail_on or "")]
    codes = ", ".join(dict.fromkeys(f.code for f in hit))
    typer.echo(
        f"backlog-analyzer: {len(hit)} flag(s) at or above {fail_on} ({codes}); failing as "
        "asked by --fail-on",
        err=True,
    )
    raise typer.Exit(1)


# --- the command -----------------------------------------------------------------------------


@app.command()
def scan(
    source: Annotated[
        str,
        typer.Argument(
            metavar="SOURCE",
            help="An export file: Trello board JSON, Jira CSV or Jira JSON (detected from the "
            "content); or 'jira' or 'trello' to fetch a live source into the local store (only "
            "what changed since the last fetch) and report on it.",
            show_default=False,
        ),
    ],
    target: Annotated[
        str | None,
        typer.Argument(
            metavar="TARGET",
            help="With a live source: the Jira project key (or a JQL query); the Trello board's "
            "id, short link or URL (several separated by commas), or workspace:NAME.",
            show_default=False,
        ),
    ] = None,
    format_name: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help=f"{' | '.join(FORMATS)}. Default: from --output's suffix "
            "(.json, .md, .html, .txt; another suffix needs --format), else table.",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Write the report to FILE instead of the terminal ('-': standard output).",
            show_default=False,
        ),
    ] = None,
    threshold: Annotated[
        float,
        typer.Option(
            "--threshold",
            "-t",
            help="Items whose confidence is below this count as uncertain (0 to 1).",
        ),
    ] = DEFAULT_THRESHOLD,
    model: Annotated[
        Path | None,
        typer.Option(
            "--model",
            metavar="PATH",
            help="A model trained with `backlog-analyzer train` (default: the bundled one).",
            show_default=False,
        ),
    ] = None,
    top: Annotated[
        int, typer.Option("--top", help="How many top strategic and tactical items to show.")
    ] = DEFAULT_TOP,
    roles: Annotated[
        Path | None,
        typer.Option(
            "--roles",
            metavar="FILE",
            help=f"Roles file (TOML) mapping people to pm, po or custom roles. Default: "
            f"./{DEFAULT_ROLES_FILE} when present; otherwise roles are inferred from activity.",
            show_default=False,
        ),
    ] = None,
    window: Annotated[
        str,
        typer.Option(
            "--window",
            "-w",
            metavar="WINDOW",
            help="Time window for balance over time and drift: week | month | quarter | sprint "
            "| Nd (e.g. 14d) | auto (sprints when the board has them, else month).",
        ),
    ] = "auto",
    fail_on: Annotated[
        str | None,
        typer.Option(
            "--fail-on",
            metavar="SEVERITY",
            help="Exit 1 when a flag at or above this severity is raised: warning | error "
            "(or info). For CI.",
            show_default=False,
        ),
    ] = None,
    server: Annotated[
        str | None,
        typer.Option(
            "--server",
            metavar="URL",
            help="scan jira: the Jira base URL, e.g. https://acme.atlassian.net (default: "
            "$JIRA_SERVER).",
            show_default=False,
        ),
    ] = None,
    db: Annotated[
        Path | None,
        typer.Option(
            "--db",
            metavar="PATH",
            help="With a live source: the local store (SQLite). Default: $BACKLOG_ANALYZER_DB, "
            "else store.sqlite in the user data directory.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Scan an export or a live source: role balance, balance over time, drift and flags.

    Exit codes: 0 done, 1 a flag at or above --fail-on, 2 bad usage or input, 3 remote failure,
    74 the output could not be written, 130 interrupted, 70 a bug (--debug shows it).
    """
    output = None if output == STDOUT else output
    with user_errors(INTERRUPTED_FETCH if is_live_source(source) else "interrupted"):
        if source == "-" and not Path(source).exists():
            raise fail("scan reads an export file, not standard input; save it and pass its path")
        if output is not None and not is_live_source(source) and _same_file(output, source):
            raise fail(f"{output}: --output would overwrite the export being scanned")
        if output is not None and is_live_source(source):
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
        # A bad roles file is reported before the (possibly long) read of the export.
        roles_file = parse_roles_file(roles_path) if roles_path is not None else None

        with ScanProgress() as on_progress:
            if is_live_source(source):
                board = load_live_board(source, target, on_progress, db=db, server=server)
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
            else:
                if target is not None:
                    raise fail(
                        f"unexpected extra argument {target!r}: TARGET is only for live sources "
                        f"({', '.join(LIVE_NAMES)})"
                    )
                for name, value in (("--server", server), ("--db", db)):
                    if value is not None:
                        raise fail(f"{name} is only for live sources ({', '.join(LIVE_NAMES)})")
                report = scan_file(
                    source,
                    model,
                    threshold,
                    on_progress,
                    top=top,
                    roles=roles_file.path if roles_file else None,
                    window=spec,
                )

        if output is None:
            typer.echo(terminal_render(report, format_name), nl=False)
        else:
            write_output(output, partial(get_format(format_name, width=100).write, report))
            typer.echo(f"Wrote the {format_name} report to {output} ({flags_line(report)})")
    exit_for_flags(report, fail_on)


def check_not_the_store(output: Path, db: Path | None) -> None:
    """Refuse an --output that would replace the local store (or its journal files)."""
    from connectors.store import default_db_path

    store = (db or default_db_path()).expanduser()
    for path in (store, Path(f"{store}-wal"), Path(f"{store}-shm"), Path(f"{store}-journal")):
        if _same_file(output, str(path)) or output.expanduser().absolute() == path.absolute():
            raise fail(f"{output}: --output would overwrite the local store; pick another file")


def _same_file(output: Path, source: str) -> bool:
    try:
        return output.exists() and output.resolve() == Path(source).resolve()
    except OSError:
        return False
