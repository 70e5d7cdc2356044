"""What the commands show: rich progress bars on stderr, the report on stdout or in a file, and
the ``--fail-on`` exit. Only the CLI imports this module."""

from __future__ import annotations

import logging
import os
import shutil
import sys
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

import typer

from analyzer.app import info_records_to, safe_line
from analyzer.formats import get_format

if TYPE_CHECKING:  # rich's bars, the flags and the output are imported when used (session 25)
    from rich.console import Console
    from rich.progress import TaskID

    from analyzer.pipeline import ProgressCallback
    from analyzer.report import Report

#: ``--output -``: standard output, as if --output were not given.
STDOUT = Path("-")

STAGE_LABELS = {
    "read": "Reading the export",
    "fetch": "Fetching",
    "model": "Loading the classifier",
    "classify": "Classifying items",
}


class ProgressBars:
    """Rich progress bars on stderr for the one progress protocol
    (:class:`connectors.interface.Progress`): a bar per stage, with what is being done beside it.

    Use as a context manager; it yields ``update(stage, done, total, text)``. The bars appear
    only when the work outlasts ``delay`` seconds (0: at once, with a bar for ``first_stage``).
    Nothing is drawn when stderr is not a terminal (pipes, CI logs, tests), and stdout is never
    touched, so JSON on stdout and files written with --output stay clean.
    """

    def __init__(
        self,
        labels: Mapping[str, str] | None = None,
        *,
        console: Console | None = None,
        delay: float = 1.0,
        first_stage: str | None = None,
    ) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
        )

        self.console = console or Console(stderr=True)
        self.enabled = self.console.is_terminal
        self.delay = delay
        self.labels = {**STAGE_LABELS, **(labels or {})}
        self.first_stage = first_stage
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
        self._tasks: dict[str, TaskID] = {}
        self._timer: threading.Timer | None = None

    def __enter__(self) -> ProgressCallback:
        if not self.enabled:
            return self.update
        if self.first_stage is not None:
            self._task(self.first_stage, 0)
        if self.delay <= 0:
            self._progress.start()
        else:
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

    def note(self, text: str, name: str = "backlog-analyzer") -> None:
        """``NAME: note: text`` on stderr: above the bars while they are drawn, else a line."""
        line = f"{name}: note: {safe_line(text)}"
        if self.shown:
            self._progress.console.print(line, markup=False, highlight=False, soft_wrap=True)
        else:
            typer.echo(line, err=True)

    @contextmanager
    def lines_from(self, logger_name: str) -> Iterator[None]:
        """The INFO records of ``logger_name`` (a fetch waiting for a rate limit) as note lines
        (:meth:`note`) while the block runs; a library user's logging is left alone."""
        with info_records_to(logging.getLogger(logger_name), _NoteHandler(self)):
            yield

    def _task(self, stage: str, total: int) -> TaskID:
        task = self._tasks.get(stage)
        if task is None:
            label = self.labels.get(stage, stage)
            task = self._progress.add_task(label, total=total or None, what="")
            self._tasks[stage] = task
        return task

    def update(self, stage: str, done: int, total: int, text: str = "") -> None:
        if not self.enabled:
            return
        task = self._task(stage, total)
        self._progress.update(task, completed=done, total=total or None, what=text)


class _NoteHandler(logging.Handler):
    """Log records as :meth:`ProgressBars.note` lines (from any thread: rich and typer lock)."""

    def __init__(self, bars: ProgressBars) -> None:
        super().__init__(logging.INFO)
        self.bars = bars

    def emit(self, record: logging.LogRecord) -> None:
        self.bars.note(record.getMessage())


def ScanProgress(console: Console | None = None, delay: float = 1.0) -> ProgressBars:  # noqa: N802
    """The bars of a scan or a report: shown once the work outlasts ``delay``."""
    return ProgressBars(console=console, delay=delay)


def FetchProgress(label: str = "Fetching", console: Console | None = None) -> ProgressBars:  # noqa: N802
    """The bar of a fetch, at once: items fetched of the total, and what is being asked."""
    return ProgressBars({"fetch": label}, console=console, delay=0, first_stage="fetch")


def terminal_format(format_name: str):  # -> ReportFormat
    """The format for stdout: the terminal's width when stdout is a terminal, and colour unless
    ``NO_COLOR`` is set (it asks for no colour only: the report still fits the terminal)."""
    tty = sys.stdout.isatty()
    color = tty and "NO_COLOR" not in os.environ
    return get_format(format_name, width=terminal_width(), color=color)


def terminal_width() -> int:
    """Columns for stdout: the terminal's (60 to 120) when it is one, else 80."""
    tty = sys.stdout.isatty()
    width = min(shutil.get_terminal_size((80, 24)).columns, 120) if tty else 80
    return max(width, 60)


def terminal_render(report: Report, format_name: str) -> str:
    """Render for stdout: colour and the terminal's width when stdout is a terminal."""
    return terminal_format(format_name).render(report)


def show_report(report: Report, format_name: str, output: Path | None) -> None:
    """The report on stdout, or written to ``output`` with one line saying so."""
    from analyzer.output import flags_line, write_report

    if output is None:
        typer.echo(terminal_render(report, format_name), nl=False)
    else:
        write_report(report, output, format_name)
        typer.echo(f"Wrote the {format_name} report to {safe_line(output)} ({flags_line(report)})")


def show_history(boards: list, format_name: str, output: Path | None) -> None:
    """``report --history``: each board's past runs on stdout or written to ``output``."""
    from analyzer.errors import OptionError
    from analyzer.history import HISTORY_FORMATS, render_histories
    from analyzer.output import write_output

    if format_name not in HISTORY_FORMATS:
        known = ", ".join(HISTORY_FORMATS)
        raise OptionError(f"--history is shown as {known}; not as {format_name}")
    text = render_histories(boards, format_name, terminal_width() if output is None else 80)
    if output is None:
        typer.echo(text, nl=False)
    else:
        write_output(output, text)
        typer.echo(f"Wrote the history of {len(boards)} board(s) to {safe_line(output)}")


def show_portfolio(portfolio, format_name: str, output: Path | None) -> None:
    """Several boards' portfolio on stdout, or written to ``output`` with one line saying so."""
    from analyzer.output import FILE_WIDTH, counts_line, write_output

    # A file at a board report's width: 100 wrote portfolio.txt wider than each report.txt.
    fmt = (
        terminal_format(format_name)
        if output is None
        else get_format(format_name, width=FILE_WIDTH)
    )
    if output is None:
        import io

        buffer = io.StringIO()
        fmt.write_portfolio(portfolio, buffer)
        typer.echo(buffer.getvalue(), nl=False)
    else:
        write_output(output, lambda stream: fmt.write_portfolio(portfolio, stream))
        typer.echo(
            f"Wrote the {format_name} portfolio of {len(portfolio.rows)} boards to "
            f"{safe_line(output)} ({counts_line(portfolio.flags)})"
        )


def exit_for_portfolio_flags(reports: list[Report], fail_on: str | None) -> None:
    """:func:`exit_for_flags` over the flags of every board of a portfolio."""
    _exit_for([flag for report in reports for flag in report.flags], fail_on)


def warn_and_exit(lines: list[str], code: int) -> typer.Exit:
    """A ``backlog-analyzer: warning: ...`` line on stderr for each of ``lines``; the Exit."""
    for line in lines:
        typer.echo(f"backlog-analyzer: warning: {safe_line(line)}", err=True)
    return typer.Exit(code)


def note(message: str) -> None:
    """A ``backlog-analyzer: note: ...`` line on stderr."""
    typer.echo(f"backlog-analyzer: note: {message}", err=True)


def exit_for_flags(report: Report, fail_on: str | None) -> None:
    """Exit 1 (one line on stderr) when a flag at or above ``fail_on`` was raised."""
    _exit_for(report.flags, fail_on)


def _exit_for(flags: list, fail_on: str | None) -> None:
    from analyzer.flags import SEVERITY_WORDS, fails, severity_rank

    if not fails(flags, fail_on):
        return
    hit = [f for f in flags if severity_rank(f.severity) >= severity_rank(fail_on or "")]
    codes = ", ".join(dict.fromkeys(f.code for f in hit))
    word = SEVERITY_WORDS.get(fail_on or "", fail_on)  # "note", as asked and as reports say
    typer.echo(
        f"backlog-analyzer: {len(hit)} flag(s) at or above {word} ({codes}); failing as "
        "asked by --fail-on",
        err=True,
    )
    raise typer.Exit(1)
