"""Live sources seen from the analysis: fetch Jira or Trello into the local store, and scan a
live source (fetch what changed, then report), through one registry of live sources.

Each live source registers a loader in :data:`LIVE_SOURCES` under the word the user types
(``scan jira PROJ``, ``scan trello BOARD``). Everything here raises typed errors; nothing
prints. Library use::

    from analyzer.live import fetch_jira
    from analyzer.local_store import open_store

    with open_store("store.sqlite") as store:
        result = fetch_jira(store, server="https://acme.atlassian.net", project="PROJ")
    print(result.summary())
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

from analyzer.local_store import merge_boards, open_store
from analyzer.options import OptionError, ScanOptions
from analyzer.pipeline import ProgressCallback, scan_board
from analyzer.report import Report
from connectors.interface import Board, Progress, SourceError

#: Points the Trello client at another server than https://api.trello.com (tests, benchmarks).
API_URL_ENV = "BACKLOG_ANALYZER_TRELLO_URL"
_WORKSPACE = re.compile(r"^(?:workspace:|(?:https?://)?(?:www\.)?trello\.com/w/)([^/?#\s]+)")


def retry_policy(timeout: float):  # -> connectors._http.retry.RetryPolicy
    """The retry policy of every live fetch (the seam tests swap for a fast one)."""
    from connectors._http.retry import RetryPolicy

    return RetryPolicy(timeout=timeout)


def trello_api_url() -> str | None:
    url = os.environ.get(API_URL_ENV) or None
    if url is not None and not re.match(r"https?://[^/\s]", url):
        raise SourceError(f"${API_URL_ENV} must be an http(s) URL, got {url[:80]!r}; or unset it")
    return url


# --- fetch -------------------------------------------------------------------------------------


def parse_rate_limit(text: str) -> tuple[int, float]:
    """``100/10`` -> (100, 10.0); anything else is an OptionError saying the form."""
    count, _, seconds = text.partition("/")
    try:
        limit = (int(count), float(seconds))
    except ValueError:
        limit = (0, 0.0)
    if limit[0] < 1 or not limit[1] > 0:
        raise OptionError(
            f"--rate-limit is N/SECONDS with N >= 1 and SECONDS > 0, e.g. 100/10; got {text!r}"
        )
    return limit


def check_jira_fetch(
    project: str | None, jql: str | None, timeout: float, workers: int, rate_limit: str | None
) -> tuple[int, float] | None:
    """Validate ``fetch jira``'s options (before the store is opened); the parsed rate limit."""
    if (project is None) == (jql is None):
        raise OptionError("give exactly one of --project KEY or --jql QUERY")
    if timeout <= 0:
        raise OptionError(f"--timeout must be more than 0 seconds, got {timeout:g}")
    if not 1 <= workers <= 16:
        raise OptionError(f"--workers must be from 1 to 16, got {workers}")
    return parse_rate_limit(rate_limit) if rate_limit is not None else None


def fetch_jira(
    store,
    *,
    server: str | None = None,
    project: str | None = None,
    jql: str | None = None,
    full: bool = False,
    check_removed: bool | None = None,
    timeout: float = 30.0,
    rate_limit: tuple[int, float] | None = None,
    workers: int = 4,
    on_progress: Progress | None = None,
):  # -> connectors.live.jira.FetchResult
    """Pull a Jira project (or a JQL query) with its history into ``store``, incrementally."""
    from connectors.live.jira import fetch_jira_into_store

    return fetch_jira_into_store(
        store,
        server=server,
        project=project,
        jql=jql,
        full=full,
        check_removed=check_removed,
        retry=retry_policy(timeout),
        on_progress=on_progress,
        workers=workers,
        rate_limit=rate_limit,
    )


def check_trello_fetch(boards: list[str] | None, workspace: str | None, timeout: float) -> None:
    if not boards and not workspace:
        raise OptionError("give --board ID|SHORTLINK|URL (repeatable) or --workspace NAME")
    if timeout <= 0:
        raise OptionError(f"--timeout must be more than 0, got {timeout:g}")


def fetch_trello(
    store,
    *,
    boards: list[str] | None = None,
    workspace: str | None = None,
    full: bool = False,
    timeout: float = 30.0,
    on_progress: Progress | None = None,
):  # -> connectors.live.trello.TrelloFetchResult
    """Pull Trello boards (or a workspace's) with all their actions into ``store``."""
    from connectors.live.trello import fetch_trello_into_store

    return fetch_trello_into_store(
        store,
        boards=boards or [],
        workspace=workspace,
        full=full,
        policy=retry_policy(timeout),
        base_url=trello_api_url(),
        on_progress=on_progress,
    )


# --- scan a live source ---------------------------------------------------------------------------

#: ``loader(target, on_progress, db=..., server=...)`` -> the fetched Board (the target is checked
#: before the store is opened). Raises SourceError
#: subclasses (AuthError, NotFoundError, RemoteError) for what the user can fix.
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


def load_jira_board(
    target: str | None,
    on_progress: ProgressCallback | None = None,
    *,
    db: str | Path | None = None,
    server: str | None = None,
) -> Board:
    """``scan jira TARGET``: fetch (incrementally) into the store, then load the board.

    TARGET is a project key, or a JQL query when it contains a space or ``=``. The server is
    ``server`` or comes, with the credentials, from the environment / config file.
    """
    if not target:
        raise SourceError("give the Jira project key: backlog-analyzer scan jira KEY")
    is_jql = any(c in target for c in " =<>~")
    with open_store(db) as store:
        result = fetch_jira(
            store,
            server=server,
            project=None if is_jql else target,
            jql=target if is_jql else None,
            on_progress=on_progress,
        )
        return store.load_board(result.source_id, activity_details=False)


def load_trello_board(
    target: str | None,
    on_progress: ProgressCallback | None = None,
    *,
    db: str | Path | None = None,
    server: str | None = None,
) -> Board:
    """``scan trello TARGET``: fetch (incrementally) into the store, then load.

    TARGET is a board id, short link or URL, several of them separated by commas, or a workspace
    (``workspace:NAME`` or https://trello.com/w/NAME).
    """
    from connectors.live.trello import load_fetched_board

    if server is not None:
        raise SourceError("--server is for Jira; Trello is always https://api.trello.com")
    if not target or not target.strip():
        raise SourceError(
            "give the Trello board: backlog-analyzer scan trello BOARD (id, short link or URL)"
        )
    match = _WORKSPACE.match(target.strip())
    with open_store(db) as store:
        result = fetch_trello(
            store,
            boards=[] if match else [t for t in target.split(",") if t.strip()],
            workspace=match.group(1) if match else None,
            on_progress=on_progress,
        )
        return merge_boards([load_fetched_board(store, sid) for sid in result.source_ids])


LIVE_SOURCES["jira"] = load_jira_board
LIVE_SOURCES["trello"] = load_trello_board


def load_live_board(
    name: str,
    target: str | None,
    on_progress: ProgressCallback | None = None,
    *,
    db: str | Path | None = None,
    server: str | None = None,
) -> Board:
    """Fetch live source ``name`` (``jira``, ``trello``) for ``target`` into the store, then
    load what it holds of it."""
    name = name.lower()
    loader = LIVE_SOURCES.get(name)
    if loader is None:
        raise SourceError(
            f"live {name.capitalize()} scanning is not available yet; {LIVE_NAMES[name]}"
        )
    return loader(target, on_progress, db=db, server=server)


def scan_live(
    name: str,
    target: str | None,
    options: ScanOptions | None = None,
    *,
    db: str | Path | None = None,
    server: str | None = None,
    on_progress: ProgressCallback | None = None,
) -> Report:
    """``scan jira|trello TARGET``: fetch what changed into the store, then the full report."""
    board = load_live_board(name, target, on_progress, db=db, server=server)
    return scan_board(
        board, on_progress=on_progress, origin=board.origin, options=options or ScanOptions()
    )
