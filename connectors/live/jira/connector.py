"""One Jira fetch from start to end: :class:`JiraLiveConnector` (and the library call
:func:`fetch_jira_into_store`, the live source :class:`JiraSource`).

It checks what the user asked for, connects (:class:`~connectors.live.jira.site.JiraSite`),
chooses a full or an incremental run (``updated >= last sync - SYNC_OVERLAP``, in the user's
Jira time zone) or resumes an interrupted one from the saved cursor, lets
:class:`~connectors.live.jira.search.SearchPaging` page the issues into the store, then marks
what is gone (:mod:`connectors.live.jira.removed`).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from _backlog_analyzer_runtime.gc_pause import collector_paused
from connectors._http.retry import RetryPolicy
from connectors.credentials import JiraCredentials, jira_credentials
from connectors.interface import Board, Connector, NotFoundError, Progress, SourceError
from connectors.live.interface import LiveSource
from connectors.live.jira.errors import UnknownProjectError, clean_server_url, strip_order_by
from connectors.live.jira.memo import SiteMemo
from connectors.live.jira.pacing import RequestBudget
from connectors.live.jira.persist import FetchResult, Pages
from connectors.live.jira.project_check import unknown_projects
from connectors.live.jira.removed import check_removed
from connectors.live.jira.search import SearchPaging
from connectors.live.jira.site import Connection, JiraSite
from connectors.merge import merge_boards

__all__ = ["JiraLiveConnector", "JiraSource", "fetch_jira_into_store"]

PAGE_SIZE = 50
#: Requests in flight at once (search pages, changelog and comment pages) on big fetches.
WORKERS = 4
#: The next incremental fetch starts this long before the last sync began (clock skew, minute
#: precision of JQL dates, writes landing while the last sync ran).
SYNC_OVERLAP = timedelta(minutes=15)


class JiraLiveConnector(Connector):
    """Fetch a project or JQL query into ``store``; :meth:`load` returns the stored board."""

    name = "jira"

    def __init__(
        self,
        store: Any,  # connectors.store.Store
        *,
        server: str | None = None,
        project: str | None = None,
        jql: str | None = None,
        full: bool = False,
        check_removed: bool | None = None,
        credentials: JiraCredentials | None = None,
        retry: RetryPolicy | None = None,
        page_size: int = PAGE_SIZE,
        on_progress: Progress | None = None,
        workers: int = WORKERS,
        rate_limit: tuple[int, float] | None = None,
        budget: RequestBudget | None = None,
        project_name: str | None = None,
        known: Connection | None = None,
        connections_of: JiraSite | None = None,
    ) -> None:
        if (project is None) == (jql is None) or (project is not None and not project.strip()):
            raise SourceError("give exactly one of a project key or a JQL query")
        if jql is not None and not strip_order_by(jql):
            raise SourceError("the JQL query is empty")
        self.store = store
        creds = credentials or jira_credentials(server)
        if server:
            creds = JiraCredentials(server, creds.email, creds.api_token, creds.pat)
        server_url = clean_server_url(creds.server)
        self.project = project.strip().upper() if project else None
        #: The project's name when the caller has read it already (the request is saved).
        self.project_name = project_name
        self.jql = strip_order_by(jql) if jql else None
        self.full = full
        self.check_removed = check_removed  # None: on full fetches and once a day
        retry = retry or RetryPolicy()
        self.page_size = max(1, min(page_size, 100))
        self.workers = max(1, int(workers))
        if rate_limit is not None and (rate_limit[0] < 1 or rate_limit[1] <= 0):
            raise SourceError("the rate limit must be at least 1 request per a positive time")
        limit, window = rate_limit if rate_limit is not None else (None, None)
        #: The requests this fetch may send (shared with other fetches of the same site when
        #: given): told by the rate-limit headers, paused by 429s.
        self.budget = budget or RequestBudget(limit, window, max_wait=retry.max_retry_after)
        shared = budget is not None
        self.pages = Pages(store, on_progress)
        self.site = JiraSite(
            server_url,
            creds,
            retry=retry,
            budget=self.budget,
            workers=self.workers,
            say=self.pages.say,
            shares_budget=shared,
            known=known,
            project_key=self.project if shared else None,  # beside other projects: named
            connections_of=connections_of,
        )
        self.server = self.pages.base_url = server_url

    # -- the query --------------------------------------------------------------------------------

    @property
    def base_jql(self) -> str:
        return f'project = "{self.project}"' if self.project else str(self.jql)

    def query(self, since: datetime | None) -> str:
        jql = self.base_jql
        if since is not None:
            local = since.astimezone(self.site.time_zone).strftime("%Y-%m-%d %H:%M")
            jql = f'({jql}) AND updated >= "{local}"'
        return jql

    # -- fetching ---------------------------------------------------------------------------------

    def fetch(self) -> FetchResult:
        self.pages.on_this_thread()
        key = source_key(self.server, self.project, self.jql)
        found = self.store.find_source("jira", key)
        # An incremental run of a project already stored keeps its name and saves the request
        # for the project (an unknown key then fails at the search, with Jira's message).
        stored = None
        if found is not None and not self.full and self.store.sync_state(found).last_sync:
            stored = stored_name(self.store, found)
        if self.project and self.project_name is not None:
            stored = f"{self.project} ({self.project_name})"
        full_run = self.full or found is None or not self.store.sync_state(found).last_sync
        # The server info and field list the last complete fetch kept (an incremental run).
        memo = None
        if not full_run and found is not None:
            kept = self.store.sync_state(found).cursor
            memo = SiteMemo.read(kept, basic=self.site.creds.has_basic)
        try:
            project = self.site.connect(
                project=self.project if self.project and stored is None else None,
                count=self.base_jql if full_run else None,
                memo=memo,
            )
        except UnknownProjectError:
            raise unknown_projects(self.site, [str(self.project)]) from None
        self.pages.field_names = self.site.field_names
        # A change made since the kept field list was asked naming a field it lacks: asked again.
        known = self.site.known  # another fetch's connection, maybe from its kept memo
        kept = memo if memo is not None else known if known is not None and known.kept else None
        self.pages.fields_asked_at = kept.asked_at if kept is not None else None
        name = stored or self.jql or self.project or ""
        if project is not None:
            name = f"{self.project} ({getattr(project, 'name', self.project)})"
        new_source = found is None
        source_id = self.store.source("jira", key, name, origin=self.server)
        try:
            return self._sync(source_id, name)
        except NotFoundError:
            # A bad JQL query on the first fetch: leave no empty, never-finished source behind
            # (it would show in every `report` of the store).
            if new_source and not self.store.item_ids(source_id):
                self.store.forget_source(source_id)
            raise

    def _sync(self, source_id: int, name: str) -> FetchResult:
        store, site, pages = self.store, self.site, self.pages
        state = store.sync_state(source_id)
        since = None if self.full or state.last_sync is None else state.last_sync - SYNC_OVERLAP
        jql = self.query(since)
        resumed = state.in_progress and state.query == jql
        state = store.begin_sync(source_id, jql)
        result = FetchResult(
            source_id,
            name,
            "Cloud" if site.cloud else "Server",
            incremental=since is not None,
            resumed=resumed,
            db=str(store.path),
        )
        pages.done = state.fetched if resumed else 0
        pages.pages = 0
        # The count is only for the progress bar (and to choose between one and several requests
        # in flight): an incremental run (usually a page or two) saves the request.
        if since is not None:
            pages.total = 0
        elif site.counted is not None and jql == self.base_jql:
            pages.total = site.counted  # asked with the account and the field list
        else:
            pages.total = site.count(jql)

        # {} = from the start; {"token"|"startAt": ...} = after the pages saved; {"ids": True} =
        # fetching by lists of ids (re-listed on resume, skipping what this sync saved);
        # {"done": True} = every page saved (a crash hit before the end).
        cursor: dict[str, Any] = dict(state.cursor or {})
        started = state.started_at or datetime.now(UTC)
        paging = SearchPaging(site, pages, page_size=self.page_size, workers=self.workers)
        with collector_paused() as pages.collect:
            if cursor.get("ids"):
                paging.by_ids(source_id, jql, started, result)
            elif not cursor.get("done"):
                paging.fetch(source_id, jql, cursor, started, result)
            if pages.new_field:  # the kept field list lacks a field made since: ask, read again
                site.refresh_fields()
                pages.field_names, pages.fields_asked_at = site.field_names, None
                pages.new_field, pages.done = False, 0
                paging.fetch(source_id, jql, {}, started, result)

        result.fetched = pages.done
        result.total = max(pages.total, pages.done)
        result.removed = check_removed(
            site,
            store,
            source_id,
            self.base_jql,
            since=since,
            state=state,
            asked=self.check_removed,
            say=pages.say,
        )
        memo = site.memo()
        store.finish_sync(source_id, memo.kept() if memo is not None else None)
        pages.say("done")
        return result

    def load(self) -> Board:
        result = self.fetch()
        return self.store.load_board(result.source_id)


def source_key(server: str, project: str | None, jql: str | None = None) -> str:
    """The store's key of a fetched project (or query) of ``server`` (its clean URL)."""
    return f"{server}|project={project}" if project else f"{server}|jql={jql}"


def stored_name(store: Any, source_id: int) -> str | None:
    """A stored source's name ("DEMO (Demo Onboarding)"), its items left uncounted."""
    return next((s.name for s in store.sources("jira", counts=False) if s.id == source_id), None)


def fetch_jira_into_store(
    store: Any,  # connectors.store.Store
    *,
    server: str | None = None,
    project: str | None = None,
    jql: str | None = None,
    full: bool = False,
    check_removed: bool | None = None,
    timeout: float | None = None,
    retry: RetryPolicy | None = None,
    page_size: int = PAGE_SIZE,
    credentials: JiraCredentials | None = None,
    on_progress: Progress | None = None,
    workers: int = WORKERS,
    rate_limit: tuple[int, float] | None = None,
) -> FetchResult:
    """Fetch a Jira project (or JQL query) into ``store``; see :class:`JiraLiveConnector`.

    ``workers``: requests in flight at once on big fetches (1: one after the other);
    ``rate_limit``: ``(requests, seconds)`` to keep under when the server does not say its own.
    """
    policy = retry or RetryPolicy()
    if timeout is not None:
        policy.timeout = timeout
    connector = JiraLiveConnector(
        store,
        server=server,
        project=project,
        jql=jql,
        full=full,
        check_removed=check_removed,
        credentials=credentials,
        retry=policy,
        page_size=page_size,
        on_progress=on_progress,
        workers=workers,
        rate_limit=rate_limit,
    )
    return connector.fetch()


class JiraSource(LiveSource):
    """Live Jira behind the live-source interface: TARGET is a project key, several separated by
    commas (fetched at once, loaded as one board), or a JQL query when it holds a space or one
    of ``=<>~``. ``server`` (else ``$JIRA_SERVER``) is the site."""

    name = "jira"
    offline = "export the issues (Filters → Export → CSV (all fields)) and scan that file"

    def check(self, target: str | None, *, server: str | None = None) -> str:
        if not target:
            raise SourceError("give the Jira project key: backlog-analyzer scan jira KEY")
        return target

    def fetch(
        self,
        store: Any,
        target: str,
        *,
        server: str | None = None,
        on_progress: Progress | None = None,
        **options: Any,
    ) -> Any:  # FetchResult, or JiraFetchResults for several projects
        is_jql = any(c in target for c in " =<>~")
        keys = [k for k in target.split(",") if k.strip()]
        if not is_jql and len(keys) > 1:
            from connectors.live.jira.projects import fetch_jira_projects

            return fetch_jira_projects(
                store, keys, server=server, on_progress=on_progress, **options
            )
        return fetch_jira_into_store(
            store,
            server=server,
            project=None if is_jql else target,
            jql=target if is_jql else None,
            on_progress=on_progress,
            **options,
        )

    def load(self, store: Any, outcome: Any) -> Board:  # type: ignore[override]
        boards = [store.load_board(i, activity_details=False) for i in outcome.source_ids]
        return boards[0] if len(boards) == 1 else merge_boards(boards)
