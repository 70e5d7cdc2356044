"""Several Jira projects of one site fetched at once: :func:`fetch_jira_projects`.

Each project is one :class:`~connectors.live.jira.connector.JiraLiveConnector` fetch, run on its
own thread (:func:`connectors._http.several.run_all`: the store and the progress stay on the
caller's thread), ``projects_at_once`` at a time, all under ONE
:class:`~connectors.live.jira.pacing.RequestBudget`: together they never send more than the
site's rate limit, and a 429 pauses them all. Every key is checked first
(:func:`~connectors.live.jira.project_check.check_projects`: a typo fails before anything is
fetched, naming the projects the account sees). A project that fails later does not stop the
others; :class:`~connectors.live.interface.PartialFetch` then names it in one line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from connectors._http.retry import RetryPolicy
from connectors._http.several import Failed, run_all
from connectors.credentials import JiraCredentials, jira_credentials
from connectors.interface import AuthError, Progress, SourceError
from connectors.live.interface import PartialFetch
from connectors.live.jira.connector import PAGE_SIZE, WORKERS, JiraLiveConnector, source_key
from connectors.live.jira.errors import clean_server_url
from connectors.live.jira.memo import SiteMemo
from connectors.live.jira.pacing import RequestBudget
from connectors.live.jira.persist import FetchResult
from connectors.live.jira.project_check import check_projects
from connectors.live.jira.site import JiraSite

__all__ = ["PROJECTS_AT_ONCE", "JiraFetchResults", "fetch_jira_projects"]

#: Projects fetched at once (each with up to ``workers`` requests in flight, all under one budget).
PROJECTS_AT_ONCE = 4


@dataclass(slots=True)
class JiraFetchResults:
    """What fetching several projects did: one :class:`FetchResult` per project fetched."""

    projects: list[FetchResult] = field(default_factory=list)

    @property
    def source_ids(self) -> list[int]:
        return [p.source_id for p in self.projects]

    def summary(self) -> str:
        return "\n".join(p.summary() for p in self.projects)


def fetch_jira_projects(
    store: Any,  # connectors.store.Store
    projects: Sequence[str],
    *,
    server: str | None = None,
    full: bool = False,
    check_removed: bool | None = None,
    timeout: float | None = None,
    retry: RetryPolicy | None = None,
    page_size: int = PAGE_SIZE,
    credentials: JiraCredentials | None = None,
    on_progress: Progress | None = None,
    workers: int = WORKERS,
    rate_limit: tuple[int, float] | None = None,
    projects_at_once: int = PROJECTS_AT_ONCE,
) -> JiraFetchResults:
    """Fetch several projects (keys) of one Jira site into ``store`` at once, under one budget.

    The keywords are :func:`~connectors.live.jira.connector.fetch_jira_into_store`'s. Every key
    is checked first: an unknown one raises :class:`~connectors.interface.NotFoundError` before
    anything is fetched. Raises :class:`~connectors.live.interface.PartialFetch` (with what the
    others fetched) when some projects failed later; a key given twice is fetched once.
    """
    keys = list(dict.fromkeys(k.strip().upper() for k in projects if k.strip()))
    if not keys:
        raise SourceError("give at least one Jira project key")
    policy = retry or RetryPolicy()
    if timeout is not None:
        policy.timeout = timeout
    if rate_limit is not None and (rate_limit[0] < 1 or rate_limit[1] <= 0):
        raise SourceError("the rate limit must be at least 1 request per a positive time")
    creds = credentials or jira_credentials(server)
    if server:
        creds = JiraCredentials(server, creds.email, creds.api_token, creds.pat)
    limit, window = rate_limit if rate_limit is not None else (None, None)
    budget = RequestBudget(limit, window, max_wait=policy.max_retry_after)
    server_url = clean_server_url(creds.server)
    # Projects fetched before from this site: an incremental run of each, as of one project
    # alone, needs no check of its key (nor its name asked again) and starts from the server
    # info and field list kept (only the account is asked).
    stored = {} if full else _stored(store, server_url, keys)
    site = JiraSite(
        server_url,
        creds,
        retry=policy,
        budget=budget,
        workers=workers,
        say=lambda _: None,
        shares_budget=True,
        connections=projects_at_once * workers + 4,  # every project's clients send through it
    )
    if on_progress is not None:
        on_progress("fetch", 0, len(keys), "Jira projects done · checking their keys")
    memo = next(filter(None, (_memo(store, i, creds.has_basic) for i in stored.values())), None)
    names = check_projects(site, [k for k in keys if k not in stored], projects_at_once, memo=memo)

    def job(key: str):  # noqa: ANN202 - a run_all job
        def fetch(on_store: Any, progress: Progress | None) -> FetchResult:
            return JiraLiveConnector(
                on_store,
                server=server,
                project=key,
                full=full,
                check_removed=check_removed,
                credentials=creds,
                retry=policy,
                page_size=page_size,
                on_progress=progress,
                workers=workers,
                budget=budget,
                project_name=names.get(key),  # a stored project's: the store's
                known=site.connection,  # server info, account, fields: asked once, not per project
                connections_of=site,  # and the connections opened once
            ).fetch()

        return fetch

    outcomes = run_all(
        [job(key) for key in keys],
        store,
        on_progress,
        at_once=projects_at_once,
        name="jira",
        unit="Jira projects",
        labels=keys,
    )
    result = JiraFetchResults()
    failed: list[tuple[str, SourceError]] = []
    for key, outcome in zip(keys, outcomes, strict=True):
        if not isinstance(outcome, Failed):
            result.projects.append(outcome)
        elif isinstance(outcome.error, SourceError):
            failed.append((key, outcome.error))
        else:
            raise outcome.error  # not a failure of the service: a bug, shown as it is
    if failed and not result.projects and all(isinstance(e, AuthError) for _, e in failed):
        raise failed[0][1]  # the credentials: the same one line for every project
    if failed:
        raise PartialFetch(result, failed, "Jira project", len(result.projects))
    return result


def _stored(store: Any, server: str, keys: Sequence[str]) -> dict[str, int]:
    """The keys of projects of ``server`` stored with a finished fetch: key -> source id."""
    found = {}
    for key in keys:
        source_id = store.find_source("jira", source_key(server, key))
        if source_id is not None and store.sync_state(source_id).last_sync:
            found[key] = source_id
    return found


def _memo(store: Any, source_id: int, basic: bool) -> SiteMemo | None:
    """The server info and field list a stored project's last complete fetch kept, if usable."""
    return SiteMemo.read(store.sync_state(source_id).cursor, basic=basic)
