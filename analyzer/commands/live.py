"""Live sources and the local store: ``fetch jira``, ``import FILE``, ``report``.

``fetch`` is a typer group (:data:`fetch_app`); each live source adds its own sub-command to it
from its own module (``fetch trello`` lives in ``analyzer/commands/trello.py``). The work is the
library's: :mod:`analyzer.live` (fetching) and :mod:`analyzer.local_store` (import, report).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from analyzer.app import INTERRUPTED_FETCH, app, user_errors
from analyzer.commands._options import (
    DEFAULT_THRESHOLD,
    DEFAULT_TOP,
    AnonymiseOption,
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
    FetchProgress,
    ScanProgress,
    exit_for_portfolio_flags,
    note,
    show_history,
    show_portfolio,
    show_report,
)

# The library is imported inside each command (session 25): every command registers at
# start-up, and `classify` or `--help` need none of it.

__all__ = ["DbOption", "FetchProgress", "fetch_app"]

fetch_app = typer.Typer(
    name="fetch",
    help="Pull a live source into the local store (then `backlog-analyzer report`).",
    no_args_is_help=True,
)
app.add_typer(fetch_app, name="fetch")


@fetch_app.command("jira")
def fetch_jira_command(
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
        list[str] | None,
        typer.Option(
            "--project",
            "-p",
            metavar="KEY",
            help="Project key. Repeatable: several projects are fetched at once, under one rate "
            "limit.",
            show_default=False,
        ),
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
    from analyzer.live import check_jira_fetch, fetch_jira
    from analyzer.local_store import open_store
    from connectors.live.interface import PartialFetch

    with user_errors(INTERRUPTED_FETCH):
        limit = check_jira_fetch(project, jql, timeout, workers, rate_limit)
        with open_store(db) as store:
            try:
                bars = FetchProgress("Fetching Jira issues")
                with bars as progress, bars.lines_from("backlog_analyzer.jira"):
                    result = fetch_jira(
                        store,
                        server=server,
                        project=project,
                        jql=jql,
                        full=full,
                        check_removed=True if check_removed else None,
                        timeout=timeout,
                        rate_limit=limit,
                        workers=workers,
                        on_progress=progress,
                    )
            except PartialFetch as partial:  # what the other projects fetched, then the error
                typer.echo(partial.outcome.summary())
                raise
        typer.echo(result.summary())


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
    from analyzer.local_store import import_file

    with user_errors():
        typer.echo(import_file(file, db).summary(file))


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
    format_name: FormatOption = None,
    output: OutputOption = None,
    threshold: ThresholdOption = DEFAULT_THRESHOLD,
    model: ModelOption = None,
    top: TopOption = DEFAULT_TOP,
    roles: RolesOption = None,
    window: WindowOption = "auto",
    fail_on: FailOnOption = None,
    anonymise: AnonymiseOption = False,
    every_board: Annotated[
        bool,
        typer.Option(
            "--all",
            help="One portfolio report: a row per stored board (or per --source match), then "
            "each board's own report, instead of one report of all of them merged.",
        ),
    ] = False,
    history: Annotated[
        bool,
        typer.Option(
            "--history",
            help="Show each selected board's past reports (balance and flags per run) instead "
            "of a new report. Every report of exactly one board is kept in the store.",
        ),
    ] = False,
) -> None:
    """Report from the local store, with no network (after `fetch` or `import`)."""
    from analyzer.anonymise import anonymise as anonymise_report
    from analyzer.local_store import check_not_the_store, history_from_store, reports_by_board
    from analyzer.options import ScanOptions
    from analyzer.output import choose_format
    from analyzer.portfolio import build_portfolio

    output = None if output == STDOUT else output
    with user_errors():
        if output is not None:
            check_not_the_store(output, db)
        format_name = choose_format(format_name, output)
        if history:
            show_history(history_from_store(db, source), format_name, output)
            return
        options = ScanOptions.build(
            threshold=threshold,
            top=top,
            window=window,
            roles=roles,
            model=model,
            fail_on=fail_on,
            default_roles=True,
        )
        call = reports_by_board if every_board else _one_report
        with ScanProgress() as on_progress:
            reports = call(db, source, options, on_progress=on_progress, on_note=note)
        if anonymise:
            reports = [anonymise_report(report) for report in reports]
        if every_board:
            show_portfolio(build_portfolio(reports), format_name, output)
        else:
            show_report(reports[0], format_name, output)
    exit_for_portfolio_flags(reports, options.fail_on)


def _one_report(db, selectors, options, **callbacks) -> list:
    """:func:`analyzer.local_store.report_from_store` as a list of one report."""
    from analyzer.local_store import report_from_store as merged_report

    return [merged_report(db, selectors, options, **callbacks)]
