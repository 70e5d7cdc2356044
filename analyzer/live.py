"""Live sources seen from the analysis: fetch Jira or Trello into the local store, and scan a
live source (fetch what changed, then report), through one registry of live sources.

The live sources themselves (check a target, fetch, load) are registered in
:mod:`connectors.live` under the word the user types (``scan jira PROJ``, ``scan trello BOARD``).
Everything here raises typed errors; nothing prints. Library use::

    from analyzer.live import fetch_jira
    from analyzer.local_store import open_store

    with open_store("store.sqlite") as store:
        result = fetch_jira(store, server="https://acme.atlassian.net", project="PROJ")
    print(result.summary())
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from analyzer.local_store import keep_run, open_store
from analyzer.options import OptionError, ScanOptions
from analyzer.pipeline import ProgressCallback, scan_board
from analyzer.report import Report
from connectors.interface import Board, Progress, RemoteError
from connectors.live import NAMES, get_source
from connectors.live.interface import PartialFetch
from connectors.live.trello.url import API_URL_ENV, api_url_from_env


def retry_policy(timeout: float):  # -> connectors._http.retry.RetryPolicy
    """The retry policy of every live fetch (the seam tests swap for a fast one)."""
    from connectors._http.retry import RetryPolicy

    return RetryPolicy(timeout=timeout)


def check_ca_bundle() -> None:
    """A CA bundle named by ``REQUESTS_CA_BUNDLE`` must be readable, before anything is fetched."""
    from connectors._http.network import check_ca_bundle

    check_ca_bundle()


__all__ = [
    "API_URL_ENV",
    "LIVE_NAMES",
    "PartialScan",
    "fetch_jira",
    "fetch_trello",
    "is_live_source",
    "load_live_board",
    "retry_policy",
    "scan_live",
]


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
    project: str | Sequence[str] | None,
    jql: str | None,
    timeout: float,
    workers: int,
    rate_limit: str | None,
) -> tuple[int, float] | None:
    """Validate ``fetch jira``'s options (before the store is opened); the parsed rate limit."""
    if (not project) == (jql is None):
        raise OptionError(
            "give exactly one of --project KEY or --jql QUERY (--project may be repeated)"
        )
    if timeout <= 0:
        raise OptionError(f"--timeout must be more than 0 seconds, got {timeout:g}")
    if not 1 <= workers <= 16:
        raise OptionError(f"--workers must be from 1 to 16, got {workers}")
    check_ca_bundle()
    return parse_rate_limit(rate_limit) if rate_limit is not None else None


def fetch_jira(
    store,
    *,
    server: str | None = None,
    project: str | Sequence[str] | None = None,
    jql: str | None = None,
    full: bool = False,
    check_removed: bool | None = None,
    timeout: float = 30.0,
    rate_limit: tuple[int, float] | None = None,
    workers: int = 4,
    on_progress: Progress | None = None,
):  # -> connectors.live.jira.FetchResult (JiraFetchResults for several projects)
    """Pull a Jira project (or a JQL query) with its history into ``store``, incrementally.

    Several project keys are fetched at once under one rate limit
    (:func:`connectors.live.jira.fetch_jira_projects`).
    """
    from connectors.live.jira import fetch_jira_into_store, fetch_jira_projects

    keys = [project] if isinstance(project, str) else list(project or [])
    if len(keys) > 1:
        return fetch_jira_projects(
            store,
            keys,
            server=server,
            full=full,
            check_removed=check_removed,
            retry=retry_policy(timeout),
            on_progress=on_progress,
            workers=workers,
            rate_limit=rate_limit,
        )
    return fetch_jira_into_store(
        store,
        server=server,
        project=keys[0] if keys else None,
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
    check_ca_bundle()


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
        base_url=api_url_from_env(),
        on_progress=on_progress,
    )


# --- scan a live source ---------------------------------------------------------------------------

#: The words that name a live source rather than a file (``scan jira PROJ``).
LIVE_NAMES: tuple[str, ...] = NAMES


def is_live_source(source: str) -> bool:
    """``jira``/``trello`` name live sources, unless a file of that name is right there."""
    return source.lower() in LIVE_NAMES and not Path(source).exists()


#: What a live source's TARGET is, for the line on an export file given as one.
_TARGETS = {
    "jira": "a Jira project's key or a JQL query",
    "trello": "a Trello board's id, short link or URL",
}


def check_target_not_a_file(command: str, source: str, target: str | None) -> None:
    """``scan jira export.csv``: the export is right there, and the live source would go on to ask
    for a Jira server or credentials the user never meant to give. One line instead."""
    try:
        is_file = target is not None and Path(target).is_file()
    except OSError:  # a JQL query too long for a file name
        is_file = False
    if is_file:
        raise OptionError(
            f"{target} is a file: to {command} an export, leave out {source!r} "
            f"(backlog-analyzer {command} {target}); {command} {source.lower()} takes "
            f"{_TARGETS.get(source.lower(), 'a live target')}"
        )


class PartialScan(RemoteError):
    """``scan jira|trello A,B``: some boards (projects) failed while the others were fetched and
    stored. ``report`` covers those others; :meth:`lines` says each failed one in a line (a
    re-run resumes it). The message is the fetch's one line (:class:`PartialFetch`)."""

    def __init__(self, report: Report, partial: PartialFetch) -> None:
        super().__init__(str(partial))
        self.report, self.partial = report, partial

    def lines(self, covered: str = "the report covers") -> list[str]:
        """A line per failed board; ``covered`` says what holds the others (the report)."""
        partial = self.partial
        noun = partial.noun
        others = (
            f"the other {noun}" if partial.fetched == 1 else f"the other {partial.fetched} {noun}s"
        )
        return [
            f"{noun} {name!r} was not fetched ({error}); {covered} {others}, a re-run resumes it"
            for name, error in partial.failed
        ]


def load_live_board(
    name: str,
    target: str | None,
    on_progress: ProgressCallback | None = None,
    *,
    db: str | Path | None = None,
    server: str | None = None,
) -> Board:
    """Fetch live source ``name`` (``jira``, ``trello``) for ``target`` into the store (what
    changed since the last fetch), then load what it holds of it. Several targets of which some
    failed: :class:`PartialFetch` (what the others fetched is stored)."""
    board, partial, _ = _fetch_live(name, target, on_progress, db=db, server=server)
    if partial is not None:
        raise partial
    return board


def _fetch_live(
    name: str,
    target: str | None,
    on_progress: ProgressCallback | None,
    *,
    db: str | Path | None,
    server: str | None,
) -> tuple[Board, PartialFetch | None, list[int]]:
    """The board fetched and the stored boards it was loaded from; when some of several targets
    failed (and some did not), the board of the others with the :class:`PartialFetch` that says
    which failed."""
    source = get_source(name)
    target = source.check(target, server=server)  # before the store is opened
    check_ca_bundle()
    with open_store(db) as store:
        try:
            outcome = source.fetch(
                store, target, server=server, on_progress=on_progress, retry=retry_policy(30.0)
            )
            partial = None
        except PartialFetch as failed:
            if not failed.fetched:
                raise
            outcome, partial = failed.outcome, failed
        return source.load(store, outcome), partial, list(outcome.source_ids)


def scan_live(
    name: str,
    target: str | None,
    options: ScanOptions | None = None,
    *,
    db: str | Path | None = None,
    server: str | None = None,
    on_progress: ProgressCallback | None = None,
    on_note: Callable[[str], None] | None = None,
    keep_history: bool = True,
) -> Report:
    """``scan jira|trello TARGET``: fetch what changed into the store, then the full report.

    The report of one board (project) joins that board's history (``keep_history``), as
    ``report --source`` does, so ``report --history`` lists scheduled scans too; ``on_note``
    hears why when the store could not keep it.
    Several boards (projects) of which some failed: :class:`PartialScan`, with the report of the
    others (fetched and stored; a re-run resumes the failed ones) and a note in it naming them.
    """
    board, partial, stored = _fetch_live(name, target, on_progress, db=db, server=server)
    report = scan_board(
        board, on_progress=on_progress, origin=board.origin, options=options or ScanOptions()
    )
    if partial is None:
        if keep_history and len(stored) == 1:
            keep_run(db, stored[0], report, on_note)
        return report
    failed = ", ".join(repr(name) for name, _ in partial.failed)
    one = len(partial.failed) == 1
    report.notes.append(
        f"Not in this report: {partial.noun}{'' if one else 's'} {failed} (the fetch failed; a "
        f"re-run resumes {'it' if one else 'them'})."
    )
    raise PartialScan(report, partial)
