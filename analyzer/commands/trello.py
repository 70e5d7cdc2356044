"""``backlog-analyzer fetch trello``: live Trello boards into the store
(:func:`analyzer.live.fetch_trello`; ``scan trello BOARD`` is :func:`analyzer.live.scan_live`).

Credentials come from ``TRELLO_API_KEY`` and ``TRELLO_TOKEN`` (or the owner-only config file; see
:mod:`connectors.credentials`). ``$BACKLOG_ANALYZER_TRELLO_URL`` points the client at another
server than https://api.trello.com (the tests' and benchmarks' fake).
"""

from __future__ import annotations

from typing import Annotated

import typer

from analyzer.app import INTERRUPTED_FETCH, user_errors
from analyzer.commands._options import DbOption
from analyzer.commands._render import FetchProgress
from analyzer.commands.live import fetch_app

__all__ = ["fetch_trello_command"]


@fetch_app.command("trello")
def fetch_trello_command(
    board: Annotated[
        list[str] | None,
        typer.Option(
            "--board",
            "-b",
            metavar="ID|SHORTLINK|URL",
            help="A board: its id, short link or URL (https://trello.com/b/...). Repeatable.",
            show_default=False,
        ),
    ] = None,
    workspace: Annotated[
        str | None,
        typer.Option(
            "--workspace",
            "-w",
            metavar="NAME",
            help="Every open board of this workspace (its short name, as in trello.com/w/NAME).",
            show_default=False,
        ),
    ] = None,
    db: DbOption = None,
    full: Annotated[
        bool,
        typer.Option(
            "--full",
            help="Fetch everything again, not only what changed (also finds cards removed "
            "without an action; incremental runs list all cards again once a day for that).",
        ),
    ] = False,
    timeout: Annotated[
        float, typer.Option("--timeout", help="Seconds to wait for each request.")
    ] = 30.0,
) -> None:
    """Pull Trello boards (lists, cards, checklists, custom fields, members and all actions)
    into the local store.

    The first fetch takes everything; the next ones only the new actions and the cards they
    name (incremental). Several boards are fetched at once, several requests each, never more
    than Trello's 100 per 10 s per token; a board that fails does not stop the others.
    Credentials: TRELLO_API_KEY + TRELLO_TOKEN (from https://trello.com/power-ups/admin) or the
    owner-only credentials.toml. Then `backlog-analyzer report`.
    """
    from analyzer.live import check_trello_fetch, fetch_trello  # the library, when run
    from analyzer.local_store import open_store
    from connectors.live.interface import PartialFetch

    with user_errors(INTERRUPTED_FETCH):
        check_trello_fetch(board, workspace, timeout)
        with open_store(db) as store:
            path = store.path
            try:
                bars = FetchProgress("Fetching Trello")
                with bars as progress, bars.lines_from("backlog_analyzer.trello"):
                    result = fetch_trello(
                        store,
                        boards=board or [],
                        workspace=workspace,
                        full=full,
                        timeout=timeout,
                        on_progress=progress,
                    )
            except PartialFetch as partial:  # what the other boards fetched, then the error
                typer.echo(f"{partial.outcome.summary()}; stored in {path}")
                raise
        typer.echo(f"{result.summary()}; stored in {path}")
