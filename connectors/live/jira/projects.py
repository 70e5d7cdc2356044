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
from connectors.live.jira.connector import PAGE_SIZE, WORKERS, JiraLiveConnector
from connectors.live.jira.errors import clean_server_url
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
    site = JiraSite(
        clean_server_url(creds.server),
        creds,
        retry=policy,
        budget=budget,
        workers=workers,
        say=lambda _: None,
        shares_budget=True,
    )
    if on_progress is not None:
        on_progress("fetch", 0, len(keys), "Jira projects done · checking their keys")
    names = check_projects(site, keys, projects_at_once)

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
                project_name=names[key],
                known=site.connection,  # server info, account, fields: asked once, not per project
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
