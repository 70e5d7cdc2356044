"""``backlog-analyzer fetch trello`` and ``scan trello BOARD``: live Trello boards into the store.

Credentials come from ``TRELLO_API_KEY`` and ``TRELLO_TOKEN`` (or the owner-only config file; see
:mod:`connectors.credentials`). ``$BACKLOG_ANALYZER_TRELLO_URL`` points the client at another
server than https://api.trello.com (the tests' and benchmarks' fake).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Annotated

import typer

from analyzer.app import INTERRUPTED_FETCH, fail, user_errors
from analyzer.commands.live import DbOption, FetchProgress, fetch_app, merge_boards, open_store
from analyzer.commands.scan import LIVE_SOURCES
from analyzer.pipeline import ProgressCallback
from connectors.interface import Board, SourceError

__all__ = ["API_URL_ENV", "fetch_trello", "load_trello_board"]

API_URL_ENV = "BACKLOG_ANALYZER_TRELLO_URL"
_WORKSPACE = re.compile(r"^(?:workspace:|(?:https?://)?(?:www\.)?trello\.com/w/)([^/?#\s]+)")


def _api_url() -> str | None:
    url = os.environ.get(API_URL_ENV) or None
    if url is not None and not re.match(r"https?://[^/\s]", url):
        raise SourceError(f"${API_URL_ENV} must be an http(s) URL, got {url[:80]!r}; or unset it")
    return url


def _policy(timeout: float):  # -> connectors._http.retry.RetryPolicy; tests swap in a fast one
    from connectors._http.retry import RetryPolicy

    return RetryPolicy(timeout=timeout)


@fetch_app.command("trello")
def fetch_trello(
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
    name (incremental). Several requests are in flight at once, never more than Trello's 100
    per 10 s per token. Credentials: TRELLO_API_KEY + TRELLO_TOKEN (from
    https://trello.com/power-ups/admin) or the owner-only credentials.toml. Then
    `backlog-analyzer report`.
    """
    with user_errors(INTERRUPTED_FETCH):
        from connectors.live.trello import fetch_trello_into_store

        if not board and not workspace:
            raise fail("give --board ID|SHORTLINK|URL (repeatable) or --workspace NAME")
        if timeout <= 0:
            raise fail(f"--timeout must be more than 0, got {timeout:g}")
        with open_store(db) as store, FetchProgress("Fetching Trello") as progress:
            result = fetch_trello_into_store(
                store,
                boards=board or [],
                workspace=workspace,
                full=full,
                policy=_policy(timeout),
                base_url=_api_url(),
                on_progress=progress,
            )
            path = store.path
        typer.echo(f"{result.summary()}; stored in {path}")


def load_trello_board(
    target: str | None,
    on_progress: ProgressCallback | None = None,
    *,
    db: Path | None = None,
    server: str | None = None,
) -> Board:
    """``scan trello TARGET``: fetch (incrementally) into the store (``db``), then load.

    TARGET is a board id, short link or URL, several of them separated by commas, or a workspace
    (``workspace:NAME`` or https://trello.com/w/NAME).
    """
    from connectors.live.trello import fetch_trello_into_store, load_fetched_board

    if server is not None:
        raise SourceError("--server is for Jira; Trello is always https://api.trello.com")
    if not target or not target.strip():
        raise SourceError(
            "give the Trello board: backlog-analyzer scan trello BOARD (id, short link or URL)"
        )
    match = _WORKSPACE.match(target.strip())
    boards = [] if match else [t for t in target.split(",") if t.strip()]

    def progress(done: int, total: int, what: str = "") -> None:
        if on_progress is not None:
            on_progress("fetch", done, total)

    with open_store(db) as store:
        result = fetch_trello_into_store(
            store,
            boards=boards,
            workspace=match.group(1) if match else None,
            policy=_policy(30.0),
            base_url=_api_url(),
            on_progress=progress,
        )
        return merge_boards([load_fetched_board(store, sid) for sid in result.source_ids])


LIVE_SOURCES["trello"] = load_trello_board
