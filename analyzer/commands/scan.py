"""``backlog-analyzer scan``: read a source, classify every item, print the report.

The report holds the role balance, each person's balance against their declared (or inferred)
role over time windows, role drift and ownership flags. ``--fail-on`` makes flags exit 1 for CI.

The first argument is a SOURCE: an export file (:func:`analyzer.pipeline.scan_file`), or the word
``jira`` or ``trello`` for a live source (:func:`analyzer.live.scan_live`: fetched into the local
store, then reported).
"""

from __future__ import annotations

from contextlib import nullcontext
from pathlib import Path
from typing import Annotated

import typer

from analyzer.app import INTERRUPTED_FETCH, app, exit_code_for, user_errors
from analyzer.commands._options import (
    DEFAULT_THRESHOLD,
    DEFAULT_TOP,
    AnonymiseOption,
    CorrectionsOption,
    DbOption,
    FailOnOption,
    FormatOption,
    ModelOption,
    OutputOption,
    RolesOption,
    ThresholdOption,
    TopOption,
    WindowOption,
)
from analyzer.commands._render import (
    STDOUT,
    ScanProgress,
    exit_for_portfolio_flags,
    note,
    show_portfolio,
    show_report,
    warn_and_exit,
)
from analyzer.errors import OptionError

# The analysis is imported inside the command (session 25): every command registers at
# start-up, and `classify` or `--help` need none of it.


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
    more: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="TARGET | FILE",
            help="With a live source: the Jira project key (or a JQL query); the Trello board's "
            "id, short link or URL (several separated by commas), or workspace:NAME. With an "
            "export: more export files, for one portfolio report of all the boards.",
            show_default=False,
        ),
    ] = None,
    format_name: FormatOption = None,
    output: OutputOption = None,
    threshold: ThresholdOption = DEFAULT_THRESHOLD,
    model: ModelOption = None,
    top: TopOption = DEFAULT_TOP,
    roles: RolesOption = None,
    window: WindowOption = "auto",
    fail_on: FailOnOption = None,
    anonymise: AnonymiseOption = False,
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
    db: DbOption = None,
    corrections: CorrectionsOption = None,
) -> None:
    """Scan an export or a live source: role balance, balance over time, drift and flags.

    Exit codes: 0 done, 1 a flag at or above --fail-on, 2 bad usage or input, 3 remote failure
    (with several live boards, some failed: the report of the others, then a line for each),
    74 the output could not be written, 130 interrupted, 70 a bug (--debug shows it).
    """
    from analyzer.anonymise import anonymise as anonymise_report
    from analyzer.live import PartialScan, is_live_source, scan_live
    from analyzer.options import ScanOptions
    from analyzer.output import choose_format
    from analyzer.pipeline import scan_files
    from analyzer.portfolio import build_portfolio

    output = None if output == STDOUT else output
    live = is_live_source(source)
    with user_errors(INTERRUPTED_FETCH if live else "interrupted"):
        target, files = _sources(source, more, live, output, db, server, corrections)
        format_name = choose_format(format_name, output)
        options = ScanOptions.build(
            threshold=threshold,
            top=top,
            window=window,
            roles=roles,
            model=model,
            fail_on=fail_on,
            default_roles=True,  # ./backlog-analyzer.toml when present
            corrections=corrections,
        )
        unfetched: PartialScan | None = None
        bars = ScanProgress()
        # a live source's waits (a 429, a retried 503) said in note lines, as its fetch says them
        waits = bars.lines_from(f"backlog_analyzer.{source.lower()}") if live else nullcontext()
        with bars as on_progress, waits:
            if live:
                try:
                    reports = [
                        scan_live(
                            source,
                            target,
                            options,
                            db=db,
                            server=server,
                            on_progress=on_progress,
                            on_note=note,
                        )
                    ]
                except PartialScan as partial:  # the report of the others, then a line each
                    reports, unfetched = [partial.report], partial
            else:
                reports = scan_files(files, options, on_progress)
        if anonymise:
            reports = [anonymise_report(report) for report in reports]
        if len(reports) > 1:
            show_portfolio(build_portfolio(reports), format_name, output)
        else:
            show_report(reports[0], format_name, output)
    if unfetched is not None:
        raise warn_and_exit(unfetched.lines(), exit_code_for(unfetched))
    exit_for_portfolio_flags(reports, options.fail_on)


def _sources(
    source: str,
    more: list[str] | None,
    live: bool,
    output: Path | None,
    db: Path | None,
    server: str | None,
    corrections: Path | None,
) -> tuple[str | None, list[str]]:
    """``(TARGET, [])`` of a live source, or ``(None, export files)``; every argument that does
    not fit the source is one OptionError line, before any option value is looked at."""
    from analyzer.live import check_target_not_a_file

    if live:
        if more and len(more) > 1:
            raise OptionError(
                f"unexpected extra argument {more[1]!r}: a live source takes one TARGET"
            )
        check_target_not_a_file("scan", source, more[0] if more else None)
        _check_source(source, output, live, db)
        return (more[0] if more else None), []
    files = [source, *(more or [])]
    for file in files:
        _check_source(file, output, live, db)
    if corrections is not None and len(files) > 1:
        raise OptionError(
            "--corrections names the items of one board; scan the boards one at a time"
        )
    _check_no_live_arguments(server, db)
    return None, files


def _check_source(source: str, output: Path | None, live: bool, db: Path | None) -> None:
    """The source and where the report goes, before any option value is looked at."""
    from analyzer.local_store import check_not_the_store, same_file

    if output is not None and not live and same_file(output, source):
        raise OptionError(f"{output}: --output would overwrite the export being scanned")
    if output is not None and live:
        check_not_the_store(output, db)


def _check_no_live_arguments(server: str | None, db: Path | None) -> None:
    from analyzer.live import LIVE_NAMES

    for name, value in (("--server", server), ("--db", db)):
        if value is not None:
            raise OptionError(f"{name} is only for live sources ({', '.join(LIVE_NAMES)})")
