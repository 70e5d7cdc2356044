"""Live Jira (Cloud and Server/Data Center) into the local store, incrementally and crash-safe.

Uses the real ``jira`` client over HTTP:

* **Auth**: ``JIRA(server, basic_auth=(email, api_token))`` for Cloud, ``token_auth=PAT`` for
  Server/Data Center (credentials from :mod:`connectors.credentials`). Which one the server is
  comes from ``serverInfo.deploymentType``.
* **Search**: Cloud uses the enhanced JQL search (``/rest/api/3/search/jql``, ``nextPageToken``;
  ``JIRA.enhanced_search_issues``), Server the v2 search with ``startAt``
  (``JIRA.search_issues``). Results are ordered by creation, so an issue edited mid-fetch keeps
  its place.
* **Fields**: a fixed list plus Sprint / Rank / Epic Link / Parent Link, found by name in the
  field list (their ids differ per site).
* **History**: ``expand=changelog``; an issue whose changelog the search truncated is paged from
  ``/rest/api/3/issue/{id}/changelog`` (Cloud) or re-read with ``expand=changelog`` (Server);
  comments beyond the search's share are paged from ``/issue/{id}/comment``.
* **Mapping**: :func:`connectors.mapping.jira.map_issue`.
* **Store**: each page is saved in one transaction with the cursor to resume from. The next run
  asks only for ``updated >= last sync - SYNC_OVERLAP`` (in the user's Jira time zone); deleted
  and moved issues are marked removed, not dropped: a full fetch sees which are gone, an
  incremental one lists the keys still matching once a day (or when asked).
* **Big fetches**: ``workers`` (4) requests in flight. Cloud's page tokens come one after the
  other, so the matching ids are listed (keys-only searches, thousands a page) and fetched in
  groups of a page (``id in (...)``); Server/Data Center pages by ``startAt`` at once. Pages are
  saved in creation order; an interrupted fetch re-lists and skips what it saved. Fewer than ~6
  pages go one after the other (the next requested while this one is saved).
* **Pacing**: one :class:`RequestBudget` for every thread, from the rate-limit headers Jira sends
  (``Beta-RateLimit-Policy`` on Cloud, ``X-RateLimit-FillRate`` / ``-Interval-Seconds`` on Data
  Center) or ``rate_limit``; a 429's ``Retry-After`` pauses every thread.
* **Faults**: every request goes through :class:`~connectors._http.retry.RetryPolicy` (the
  client's own retries are off, its timeout hook is on); 401/403 name the variables to check; a bad
  project or JQL gives Jira's message in one line. No message ever contains a secret
  (:func:`redact`).
"""

from __future__ import annotations

import logging
import queue
import re
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit, urlunsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import requests
from requests.adapters import HTTPAdapter

from _runtime.gc_pause import collector_paused
from connectors._http import prefetch
from connectors._http.pacing import WindowPacer
from connectors._http.retry import Failure, RetryPolicy, classify, http_status, parse_retry_after
from connectors.credentials import (
    JiraCredentials,
    config_path,
    jira_credentials,
    protect_loggers,
    redact,
)
from connectors.interface import (
    AuthError,
    Board,
    Connector,
    NotFoundError,
    Progress,
    RemoteError,
    SourceError,
)
from connectors.live.interface import LiveSource
from connectors.live.jira_history import IssueHistory
from connectors.mapping.common import RecordError
from connectors.mapping.jira import map_issue
from connectors.store import Store

__all__ = [
    "FetchResult",
    "JiraLiveConnector",
    "JiraSource",
    "Progress",
    "RequestBudget",
    "fetch_jira_into_store",
]

log = logging.getLogger("backlog_analyzer.jira")
protect_loggers("backlog_analyzer", "jira", "urllib3")


PAGE_SIZE = 50
#: Issues per page of a search that asks for keys only (Jira may answer with fewer).
KEYS_PAGE_SIZE = 5000
#: Requests in flight at once (search pages, changelog and comment pages) on big fetches.
WORKERS = 4
#: Fetch pages in parallel only when more than this many pages remain after the first one
#: (fewer go one after the other, without the extra request listing the ids).
PARALLEL_MIN_PAGES = 6
#: While pages are saved the cyclic garbage collector is paused (it re-scans the heap over and
#: over for cycles the parsed pages do not have: 13 % of the client's CPU); it runs once every
#: this many pages instead, so cycles made elsewhere (connections, errors) stay bounded.
COLLECT_EVERY = 100
#: The next incremental fetch starts this long before the last sync began (clock skew, minute
#: precision of JQL dates, writes landing while the last sync ran).
SYNC_OVERLAP = timedelta(minutes=15)
#: An incremental fetch lists every key of the project (to mark deleted and moved issues) when
#: the last such check is older than this; a full fetch always knows, for free.
REMOVAL_CHECK_EVERY = timedelta(days=1)

BASE_FIELDS = (
    "summary",
    "description",
    "issuetype",
    "status",
    "priority",
    "labels",
    "components",
    "fixVersions",
    "assignee",
    "reporter",
    "creator",
    "created",
    "updated",
    "resolutiondate",
    "duedate",
    "parent",
    "comment",
)
#: Custom fields looked up by name (and by the Jira Software type that defines them).
CUSTOM_FIELDS = {
    "sprint": ("Sprint", "com.pyxis.greenhopper.jira:gh-sprint"),
    "rank": ("Rank", "com.pyxis.greenhopper.jira:gh-lexo-rank"),
    "epic link": ("Epic Link", "com.pyxis.greenhopper.jira:gh-epic-link"),
    "parent link": ("Parent Link", "com.atlassian.jpo:jpo-custom-field-parent"),
}


@dataclass(slots=True)
class FetchResult:
    source_id: int
    name: str
    deployment: str  # "Cloud" | "Server"
    fetched: int = 0  # issues saved by this run
    total: int = 0  # issues the query matched (0 when unknown)
    incremental: bool = False
    resumed: bool = False
    removed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    db: str = ""

    def summary(self) -> str:
        how = "changed since the last sync" if self.incremental else "all"
        parts = [f"Fetched {self.fetched} Jira issues ({how}) from {self.name}"]
        if self.resumed:
            parts.append("resumed an interrupted fetch")
        if self.removed:
            parts.append(f"{len(self.removed)} no longer visible, marked removed")
        if self.skipped:
            parts.append(f"{len(self.skipped)} unreadable, skipped")
        line = "; ".join(parts)
        return f"{line}; stored in {self.db}" if self.db else line


SERVER_INFO = "the server info"


_ISSUE_KEY = re.compile(r"[A-Za-z][A-Za-z0-9_]*-\d+")


class NotJSONError(RemoteError):
    """The server answered, but not with JSON (a proxy page, not a Jira)."""


def _json_is_final(exc: BaseException) -> Failure:
    """Like :func:`classify`, but a complete answer that is not JSON at all (an HTML page: not a
    Jira server) is not worth retrying. An answer that starts as JSON and breaks (garbled on
    the way) is retried like any later request."""
    if isinstance(exc, ValueError) and http_status(exc) is None:
        text = getattr(exc, "doc", None)
        if isinstance(text, str) and text.lstrip()[:1] in ("{", "["):
            return Failure(True, "garbled answer")
        return Failure(False, "not JSON")
    return classify(exc)


def _one_line(text: object, limit: int = 300) -> str:
    flat = " ".join(redact(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def clean_server_url(url: str | None) -> str:
    """``https://host[/context]`` without credentials, query or trailing slash; else SourceError."""
    if not url:
        raise SourceError(
            f"no Jira server: pass --server URL, set JIRA_SERVER, or put server in {config_path()} "
            "(chmod 600)"
        )
    bad = SourceError(
        f"--server must be an http(s) URL like https://acme.atlassian.net, "
        f"got {_one_line(url, 80)!r}"
    )
    try:  # urllib raises ValueError for a broken IPv6 literal ('http://[::1') or a bad port
        parts = urlsplit(url.strip())
        host, port = parts.hostname, parts.port
    except ValueError:
        raise bad from None
    if parts.scheme not in ("http", "https") or not host:
        raise bad
    host = f"[{host}]" if ":" in host else host  # an IPv6 address keeps its brackets
    netloc = host + (f":{port}" if port else "")
    return urlunsplit((parts.scheme, netloc, parts.path.rstrip("/"), "", ""))


def strip_order_by(jql: str) -> str:
    return re.split(r"\s+order\s+by\s+", " " + jql.strip(), flags=re.IGNORECASE)[0].strip()


# -- pacing: one request budget for every thread of a fetch ----------------------------------------

_PARAM = re.compile(r";\s*([a-z]+)\s*=\s*([0-9.]+)")


def _params(item: str) -> dict[str, float]:
    return {k: float(v) for k, v in _PARAM.findall(item)}


def _number(headers: Mapping[str, str], name: str) -> float | None:
    try:
        value = float(str(headers.get(name, "")).strip())
    except ValueError:
        return None
    return value if value >= 0 else None


def _name(item: str) -> str:
    return item.split(";", 1)[0].strip().strip('"')


def advertised_policy(headers: Mapping[str, str]) -> tuple[int, float] | None:
    """``(requests, per seconds)`` a server's headers advertise, the tightest if several.

    Jira Cloud: ``Beta-RateLimit-Policy: "name";q=<quota>;w=<window s>`` (one or more, comma
    separated). Jira Data Center: ``X-RateLimit-FillRate`` tokens every
    ``X-RateLimit-Interval-Seconds`` into a bucket of ``X-RateLimit-Limit``; no more than the fill
    rate in any interval keeps such a bucket from running dry.
    """
    policy = _policies(headers)
    return policy[1:] if policy else None  # type: ignore[return-value]


def _policies(headers: Mapping[str, str]) -> tuple[str, int, float] | None:
    """The tightest advertised policy as ``(name, requests, seconds)``."""
    policies: list[tuple[str, int, float]] = []
    for item in str(headers.get("Beta-RateLimit-Policy") or "").split(","):
        values = _params(item)
        if values.get("q", 0) >= 1 and values.get("w", 0) > 0:
            policies.append((_name(item), int(values["q"]), values["w"]))
    fill = _number(headers, "X-RateLimit-FillRate")
    interval = _number(headers, "X-RateLimit-Interval-Seconds")
    if fill and interval:
        capacity = _number(headers, "X-RateLimit-Limit") or fill
        policies.append(("", int(min(fill, capacity)), interval))
    if not policies:
        return None
    return min(policies, key=lambda p: (p[1] / p[2], p[2]))


def exhausted_for(headers: Mapping[str, str]) -> tuple[str, float] | None:
    """``(policy name, seconds until it refills)`` when ``Beta-RateLimit`` says none is left."""
    for item in str(headers.get("Beta-RateLimit") or "").split(","):
        values = _params(item)
        if values.get("r", 1) <= 0 and "t" in values:
            return _name(item), values["t"]
    return None


class RequestBudget(WindowPacer):
    """The requests one Jira fetch may send, shared by all its threads: the shared
    :class:`~connectors._http.pacing.WindowPacer`, told by Jira's answers.

    * **Window**: once the server advertises its policy (:func:`advertised_policy`; or given).
    * **Pauses**: after a 429, nobody sends before its ``Retry-After`` is over (the thread that got
      it waits in its retry policy), nor while the server says the quota is used up. An answer to
      a request sent after a pause began ends it.
    """

    def __init__(
        self,
        limit: int | None = None,
        window: float | None = None,
        *,
        max_wait: float = 300.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(limit, window, max_wait=max_wait, clock=clock)
        self.fixed = limit is not None and window is not None  # given: headers do not change it
        self.policy = ""  # the name of the advertised policy paced by

    def acquire(self) -> float:
        """Wait until a request may be sent (or ``max_wait`` passed); its send time. Raises
        :class:`FetchStopped` once :meth:`stop` was called."""
        return self._take()[1]

    def release(  # type: ignore[override]
        self, sent: float, status: int | None, headers: Mapping[str, str] | None
    ) -> None:
        """The answer to a request sent at ``sent`` arrived (``status`` None: none did)."""
        with self._cond:
            now = self._clock()
            self._flying -= 1
            if status is not None and status < 400 and sent >= self._paused_since:
                self._paused_until = 0.0  # asked after the pause began, and answered: it is over
            if headers is not None:
                self._learn(status, headers, now)
            self._answer_arrived(now)

    def _learn(self, status: int | None, headers: Mapping[str, str], now: float) -> None:
        policy = None if self.fixed else _policies(headers)
        if policy is not None:
            self.policy, self.limit, self.window = policy
        exhausted = exhausted_for(headers)
        pause = None
        # A quota used up pauses everyone, unless it is the one paced by (that wait is exact).
        if exhausted is not None and (exhausted[0] != self.policy or self.limit is None):
            pause = exhausted[1]
        owner = None
        if status in (429, 503):
            after = parse_retry_after(headers.get("Retry-After"))
            if after is not None:
                pause, owner = max(pause or 0.0, after), threading.get_ident()
        if pause:
            self._pause(now, pause, owner)


class PacedAdapter(HTTPAdapter):
    """A ``requests`` transport: each request of the session goes under a :class:`RequestBudget`."""

    def __init__(self, budget: RequestBudget, pool: int) -> None:
        super().__init__(pool_connections=2, pool_maxsize=max(pool, 2))
        self.budget = budget

    def send(self, request: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: ANN401
        sent = self.budget.acquire()
        response = None
        try:
            response = super().send(request, *args, **kwargs)
            return response
        finally:
            status = getattr(response, "status_code", None)
            self.budget.release(sent, status, getattr(response, "headers", None))


class DaemonPool:
    """A few daemon threads running submitted calls (``concurrent.futures`` joins its threads at
    exit: a request hanging when the user presses Ctrl-C would keep the process alive)."""

    def __init__(self, workers: int, name: str) -> None:
        self._tasks: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._threads = [
            threading.Thread(target=self._run, name=f"{name}-{n}", daemon=True)
            for n in range(max(1, workers))
        ]
        for thread in self._threads:
            thread.start()

    def _run(self) -> None:
        while (task := self._tasks.get()) is not None:
            future, fn, args = task
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(fn(*args))
            except BaseException as error:  # noqa: BLE001 - handed to whoever waits for it
                future.set_exception(error)

    def submit(self, fn: Callable[..., Any], *args: Any) -> Future[Any]:
        future: Future[Any] = Future()
        self._tasks.put((future, fn, args))
        return future

    def shutdown(self) -> None:
        """The threads end once the calls under way are done; nobody waits for them."""
        for _ in self._threads:
            self._tasks.put(None)


def in_order(
    tasks: Iterable[Any],
    fetch: Callable[[Any], Any],
    workers: int,
    stop: Callable[[], None],
) -> Iterator[tuple[Any, Any]]:
    """``(task, fetch(task))`` in the order of ``tasks``, with ``workers`` fetches running at once.

    Tasks are taken from ``tasks`` lazily (at most ``2 * workers`` ahead of the caller); an error
    of one fetch is raised at its place, after every earlier result. Leaving early (an error,
    Ctrl-C) calls ``stop()`` (no request is sent any more) and abandons the tasks not begun; the
    requests under way end on their own (daemon threads: nothing waits for them).
    """
    source = iter(tasks)
    pending: deque[tuple[Any, Future[Any]]] = deque()
    pool = DaemonPool(workers, "jira-fetch")
    finished = False

    def fill() -> None:
        while len(pending) < 2 * max(1, workers):
            try:
                task = next(source)
            except StopIteration:
                return
            pending.append((task, pool.submit(fetch, task)))

    try:
        fill()
        while pending:
            task, future = pending.popleft()
            result = future.result()
            fill()
            yield task, result
        finished = True
    finally:
        if not finished:
            stop()
        for _, future in pending:
            future.cancel()
        # Stopped, the fetches still running end with the request they are waiting for.
        pool.shutdown()
        close = getattr(source, "close", None)
        if close is not None:
            close()


class JiraLiveConnector(Connector):
    """Fetch a project or JQL query into ``store``; :meth:`load` returns the stored board."""

    name = "jira"

    def __init__(
        self,
        store: Store,
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
    ) -> None:
        if (project is None) == (jql is None) or (project is not None and not project.strip()):
            raise SourceError("give exactly one of a project key or a JQL query")
        if jql is not None and not strip_order_by(jql):
            raise SourceError("the JQL query is empty")
        self.store = store
        self.creds = credentials or jira_credentials(server)
        if server:
            self.creds = JiraCredentials(
                server, self.creds.email, self.creds.api_token, self.creds.pat
            )
        self.server = clean_server_url(self.creds.server)
        self.project = project.strip().upper() if project else None
        self.jql = strip_order_by(jql) if jql else None
        self.full = full
        self.check_removed = check_removed  # None: on full fetches and once a day
        self.retry = retry or RetryPolicy()
        self.page_size = max(1, min(page_size, 100))
        self.on_progress = on_progress
        self.workers = max(1, int(workers))
        if rate_limit is not None and (rate_limit[0] < 1 or rate_limit[1] <= 0):
            raise SourceError("the rate limit must be at least 1 request per a positive time")
        limit, window = rate_limit if rate_limit is not None else (None, None)
        self.budget = RequestBudget(limit, window, max_wait=self.retry.max_retry_after)
        self._thread = threading.get_ident()  # the caller's: progress and saving happen there
        self._notes: deque[str] = deque()  # progress said on other threads, told on the caller's
        self.client: Any = None
        self.history: IssueHistory  # set once connected: the changelog and comment paging
        self._counted: int | None = None
        self.cloud = False
        self.field_names: dict[str, str] = {}
        self.fields: list[str] = list(BASE_FIELDS)
        self.time_zone: Any = UTC
        self._done = 0
        self._total = 0
        self._auth_kind = "basic" if self.creds.has_basic else "pat"

    # -- plumbing -------------------------------------------------------------------------------

    def _progress(self, what: str) -> None:
        if self.on_progress is None:
            return
        if threading.get_ident() != self._thread:
            self._notes.append(what)  # a fetching thread: told by the caller's thread, in order
            return
        while self._notes:
            self.on_progress("fetch", self._done, self._total, self._notes.popleft())
        self.on_progress("fetch", self._done, self._total, what)

    def _call(
        self,
        fn: Callable[[], Any],
        what: str,
        *,
        query: bool = False,
        classify_error: Callable[[BaseException], Failure] = classify,
    ) -> Any:
        """``fn()`` under the retry policy, with Jira's failures turned into one-line errors."""

        def on_retry(attempt: int, failure: Failure, wait: float) -> None:
            self._progress(f"{what}: {failure.reason}, retry {attempt} in {wait:.1f}s")
            log.info(redact(f"retrying {what} after {failure.reason} (attempt {attempt})"))

        try:
            return self.retry.call(
                fn,
                what=what,
                service=f"Jira at {self.server}",
                on_retry=on_retry,
                classify_error=classify_error,
            )
        except SourceError:
            raise
        except ValueError as exc:
            if http_status(exc) is not None:
                raise self._http_error(http_status(exc) or 0, exc, what, query) from None
            raise NotJSONError(
                f"{self.server} sent an answer that is not Jira's JSON while fetching {what}; "
                "check --server / JIRA_SERVER"
            ) from None
        except requests.RequestException as exc:
            raise SourceError(
                f"cannot talk to Jira at {self.server} while fetching {what}: "
                f"{_one_line(type(exc).__name__)}"
            ) from None
        except Exception as exc:
            status = http_status(exc)
            if status is not None:
                raise self._http_error(status, exc, what, query) from None
            if type(exc).__name__ == "JIRAError":  # the client's own, without an HTTP status
                raise RemoteError(
                    f"Jira at {self.server} failed while fetching {what}: "
                    f"{_one_line(getattr(exc, 'text', None) or 'no answer')}"
                ) from None
            raise

    def _http_error(self, status: int, exc: BaseException, what: str, query: bool) -> SourceError:
        message = _one_line(getattr(exc, "text", None) or "") or f"HTTP {status}"
        basic = self._auth_kind == "basic"
        if what == SERVER_INFO and status not in (401, 403):
            return SourceError(
                f"{self.server} does not look like a Jira server (HTTP {status} for its server "
                "info); check --server / JIRA_SERVER"
            )
        if status == 401:
            if self.cloud:
                where = "JIRA_EMAIL and JIRA_API_TOKEN"
            elif basic:
                where = "JIRA_EMAIL and JIRA_API_TOKEN (or set JIRA_PAT for Server/Data Center)"
            else:
                where = "JIRA_PAT"
            return AuthError(
                f"Jira at {self.server} rejected the credentials (HTTP 401); check {where}"
            )
        if status == 403:
            where = "JIRA_EMAIL / JIRA_API_TOKEN" if basic else "JIRA_PAT"
            return AuthError(
                f"Jira at {self.server} refused access (HTTP 403: {message}); check that the "
                f"account of {where} may browse it"
            )
        if status in (400, 404) and (query or status == 404):
            return NotFoundError(f"Jira could not run the query: {message}")
        return RemoteError(f"Jira answered HTTP {status} while fetching {what}: {message}")

    # -- connecting -------------------------------------------------------------------------------

    def connect(self, *, project: bool = False, count: bool = False) -> Any:
        """Create the client, learn Cloud vs Server, check the credentials, read the fields.

        With ``project``, also read the project (its name; an unknown key fails here); with
        ``count`` (a full run on Cloud), also the approximate count of its issues. They are
        asked at once: none depends on another. Returns the project (or None).
        """
        from jira import JIRA

        creds = self.creds
        if creds.has_basic:
            auth: dict[str, Any] = {"basic_auth": (creds.email, creds.api_token)}
        elif creds.has_pat:
            auth = {"token_auth": creds.pat}
        else:
            raise AuthError(
                "no Jira credentials: set JIRA_EMAIL and JIRA_API_TOKEN (Jira Cloud) or "
                f"JIRA_PAT (Server/Data Center), or put them in {config_path()} (chmod 600)"
            )

        def make(version: str, how: dict[str, Any] | None = None) -> Any:
            client = JIRA(
                self.server,
                options={"rest_api_version": version, "check_update": False},
                get_server_info=False,
                max_retries=0,  # one retry policy: ours
                timeout=self.retry.timeout,
                **(how or auth),
            )
            # Every request of every thread goes out under the one budget.
            adapter = PacedAdapter(self.budget, self.workers + 4)  # + listing, connect, spare
            client._session.mount("https://", adapter)
            client._session.mount("http://", adapter)
            return client

        self._progress("server info")
        client = make("2")
        pool = DaemonPool(4, "jira-connect")
        try:
            return self._connect(client, make, auth, pool, project=project, count=count)
        finally:
            pool.shutdown()

    def _connect(
        self,
        client: Any,
        make: Callable[..., Any],
        auth: dict[str, Any],
        pool: DaemonPool,
        *,
        project: bool,
        count: bool,
    ) -> Any:
        creds = self.creds
        early: list[Future[Any]] = []
        if creds.has_basic != creds.has_pat:
            # One way in, whatever the server is: the account and the field list (the same in
            # API v2 and v3) are asked with the server info rather than after it.
            first = client
            early = [
                pool.submit(self._call, lambda: first._get_json("myself"), "your account"),
                pool.submit(self._call, first.fields, "the field list"),
            ]
        try:
            info = self._call(client.server_info, SERVER_INFO, classify_error=_json_is_final)
        except NotJSONError:
            info = None
        if not isinstance(info, dict) or "versionNumbers" not in info:
            raise SourceError(
                f"{self.server} does not look like a Jira server (no version in its server "
                "info); check --server / JIRA_SERVER"
            )
        deployment = str(info.get("deploymentType") or "Server")
        self.cloud = deployment == "Cloud"
        if self.cloud:
            if not creds.has_basic:
                raise AuthError(
                    f"{self.server} is Jira Cloud: set JIRA_EMAIL and JIRA_API_TOKEN "
                    "(JIRA_PAT is for Server/Data Center)"
                )
            client = make("3")
        elif creds.has_pat and "basic_auth" in auth:
            auth = {"token_auth": creds.pat}  # Server/Data Center: the PAT is the way in
            client = make("2", auth)
        client.deploymentType = deployment
        self._auth_kind = "basic" if "basic_auth" in auth else "pat"
        self.client = client
        self.history = IssueHistory(client, cloud=self.cloud, call=self._call, say=self._progress)

        self._progress(
            f"your account, the field list, project {self.project}"
            if project
            else "your account, the field list"
        )
        asked = early or [
            pool.submit(self._call, lambda: client._get_json("myself"), "your account"),
            pool.submit(self._call, client.fields, "the field list"),
        ]
        if project:
            what = f"project {self.project}"
            asked.append(
                pool.submit(
                    lambda: self._call(lambda: client.project(self.project), what, query=True)
                )
            )
        counted = pool.submit(self._count, self.base_jql) if count and self.cloud else None
        answers = [future.result() for future in asked]  # the first error, in this order
        self._counted = counted.result() if counted is not None else None
        me, fields = answers[0], answers[1]
        try:
            self.time_zone = ZoneInfo(str(me.get("timeZone") or "UTC"))
        except (ZoneInfoNotFoundError, ValueError):
            self.time_zone = UTC
        self._use_fields(fields)
        return answers[2] if project else None

    def _use_fields(self, fields: list[dict[str, Any]]) -> None:
        self.field_names = {
            str(f["id"]): str(f.get("name") or f["id"]) for f in fields if "id" in f
        }
        wanted = list(BASE_FIELDS)
        for name, custom_type in CUSTOM_FIELDS.values():
            for f in fields:
                schema = f.get("schema") if isinstance(f.get("schema"), dict) else {}
                if f.get("name") == name or schema.get("custom") == custom_type:
                    if f["id"] not in wanted:
                        wanted.append(str(f["id"]))
                    break
        self.fields = wanted
        # Prime the client's field-name cache so searches do not fetch the field list again.
        cache = {}
        for f in fields:
            for clause in f.get("clauseNames") or []:
                cache[clause] = f["id"]
        self.client._fields_cache_value = cache

    # -- the query --------------------------------------------------------------------------------

    @property
    def base_jql(self) -> str:
        return f'project = "{self.project}"' if self.project else str(self.jql)

    def query(self, since: datetime | None) -> str:
        jql = self.base_jql
        if since is not None:
            local = since.astimezone(self.time_zone).strftime("%Y-%m-%d %H:%M")
            jql = f'({jql}) AND updated >= "{local}"'
        return jql

    def _search(
        self, jql: str, cursor: dict[str, Any], size: int, fields: list[str], expand: str | None
    ) -> dict[str, Any]:
        client = self.client
        if self.cloud:
            return client.enhanced_search_issues(
                jql,
                nextPageToken=cursor.get("token"),
                maxResults=size,
                fields=list(fields),
                expand=expand,
                json_result=True,
            )
        return client.search_issues(
            jql,
            startAt=int(cursor.get("startAt") or 0),
            maxResults=size,
            fields=list(fields),
            expand=expand,
            json_result=True,
        )

    @staticmethod
    def _next_cursor(
        cloud: bool, cursor: dict[str, Any], page: dict[str, Any], got: int
    ) -> dict[str, Any] | None:
        if cloud:
            token = page.get("nextPageToken")
            if not token or page.get("isLast") is True or got == 0:
                return None
            return {"token": token}
        start = int(cursor.get("startAt") or 0) + got
        total = int(page.get("total") or 0)
        if got == 0 or start >= total:
            return None
        return {"startAt": start}

    # -- fetching ---------------------------------------------------------------------------------

    def fetch(self) -> FetchResult:
        self._thread = threading.get_ident()
        key = (
            f"{self.server}|project={self.project}"
            if self.project
            else f"{self.server}|jql={self.jql}"
        )
        found = self.store.find_source("jira", key)
        # An incremental run of a project already stored keeps its name and saves the request
        # for the project (an unknown key then fails at the search, with Jira's message).
        stored = None
        if found is not None and not self.full and self.store.sync_state(found).last_sync:
            stored = next((s.name for s in self.store.sources("jira") if s.id == found), None)
        full_run = self.full or found is None or not self.store.sync_state(found).last_sync
        project = self.connect(project=bool(self.project) and stored is None, count=full_run)
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
        store = self.store
        state = store.sync_state(source_id)
        since = None if self.full or state.last_sync is None else state.last_sync - SYNC_OVERLAP
        jql = self.query(since)
        resumed = state.in_progress and state.query == jql
        state = store.begin_sync(source_id, jql)
        result = FetchResult(
            source_id,
            name,
            "Cloud" if self.cloud else "Server",
            incremental=since is not None,
            resumed=resumed,
            db=str(store.path),
        )
        self._done = state.fetched if resumed else 0
        self._pages = 0
        self._collect: Callable[[], Any] = lambda: None
        # The count is only for the progress bar (and to choose between one and several requests
        # in flight): an incremental run (usually a page or two) saves the request.
        if since is not None:
            self._total = 0
        elif self._counted is not None and jql == self.base_jql:
            self._total = self._counted  # asked with the account and the field list
        else:
            self._total = self._count(jql)

        # {} = from the start; {"token"|"startAt": ...} = after the pages saved; {"ids": True} =
        # fetching by lists of ids (re-listed on resume, skipping what this sync saved);
        # {"done": True} = every page saved (a crash hit before the end).
        cursor: dict[str, Any] = dict(state.cursor or {})
        started = state.started_at or datetime.now(UTC)
        with collector_paused() as self._collect:
            if cursor.get("ids"):
                self._fetch_by_ids(source_id, jql, started, result)
            elif not cursor.get("done"):
                self._fetch_pages(source_id, jql, cursor, started, result)

        result.fetched = self._done
        result.total = max(self._total, self._done)
        result.removed = self._check_removed(source_id, since, state)
        store.finish_sync(source_id)
        self._progress("done")
        return result

    def _save(
        self,
        source_id: int,
        raws: list[dict[str, Any]],
        cursor: dict[str, Any],
        result: FetchResult,
    ) -> None:
        """Map one page (its issues already completed) and save it with the cursor after it."""
        items, activities, people = [], [], []
        for raw in raws:
            try:
                item, acts, persons = map_issue(
                    raw, field_names=self.field_names, base_url=self.server
                )
            except RecordError as exc:
                result.skipped.append(_one_line(exc))
                continue
            items.append(item)
            activities.extend(acts)
            people.extend(persons)
        self.store.save_page(
            source_id, items, activities, people, cursor=cursor, advance_cursor=True
        )
        self._done += len(items)
        self._pages += 1
        if self._pages % COLLECT_EVERY == 0:
            self._collect()
        self._progress(f"saved page {self._pages}")

    @staticmethod
    def _issues(page: dict[str, Any]) -> list[dict[str, Any]]:
        return [r for r in page.get("issues") or [] if isinstance(r, dict)]

    def _fetch_pages(
        self,
        source_id: int,
        jql: str,
        cursor: dict[str, Any],
        started: datetime,
        result: FetchResult,
    ) -> None:
        """The first page; then the rest one page after the other, or several at once."""
        ordered = f"{jql} ORDER BY created ASC, key ASC"
        many = (self._total - self._done) > PARALLEL_MIN_PAGES * self.page_size
        if self.cloud and self.workers > 1 and not cursor and many:
            # A big Cloud fetch (by the count): straight to the ids, no first page on its own.
            self._fetch_by_ids(source_id, jql, started, result)
            return
        self._progress(f"searching (issues {self._done + 1}-{self._done + self.page_size})")
        first = self._search_page(ordered, cursor, f"issues {self._done + 1}-")
        raws = self._issues(first)
        for raw in raws:
            self.history.complete(raw)
        if not self.cloud and first.get("total") is not None:
            self._total = int(first["total"])
        after = self._next_cursor(self.cloud, cursor, first, len(raws))
        self._save(source_id, raws, after or {"done": True}, result)
        if after is None:
            return

        # The page size the server really gives (it may cap what was asked for).
        step = max(1, min(self.page_size, len(raws), int(first.get("maxResults") or len(raws))))
        if self.cloud:  # the approximate count of full runs; unknown on incremental ones
            rest = self._total - self._done if self._total else None
        else:
            rest = self._total - int(after["startAt"])
        if self.workers > 1 and rest is not None and rest > (PARALLEL_MIN_PAGES - 1) * step:
            if self.cloud:  # page tokens come one after the other: fetch by lists of ids
                self._fetch_by_ids(source_id, jql, started, result, group=step)
            else:
                self._fetch_offsets(source_id, ordered, int(after["startAt"]), step, result)
            return
        # How many pages are left is not known (an incremental run on Cloud asks no count): one
        # page after the other, and by lists of ids once it is more than a few.
        switch = self.cloud and rest is None and self.workers > 1

        asked = [self._done]  # issues asked for so far (the prefetch thread's label)

        def search(current: dict[str, Any]) -> dict[str, Any]:
            what = f"issues {asked[0] + 1}-{asked[0] + self.page_size}"
            page = self._search_page(ordered, current, what)
            for raw in self._issues(page):
                self.history.complete(raw)
            asked[0] += len(page.get("issues") or [])
            return page

        def following(current: dict[str, Any], page: dict[str, Any]) -> dict[str, Any] | None:
            return self._next_cursor(self.cloud, current, page, len(self._issues(page)))

        # The next page is requested while this one is mapped and saved (in order, here).
        walk = prefetch.pages(after, search, following)
        try:
            for number, (_, page, nxt) in enumerate(walk, 2):
                if not self.cloud and page.get("total") is not None:
                    self._total = int(page["total"])
                self._save(source_id, self._issues(page), nxt or {"done": True}, result)
                if switch and nxt is not None and number >= PARALLEL_MIN_PAGES:
                    break
            else:
                return
        finally:
            walk.close()
        self._fetch_by_ids(source_id, jql, started, result, group=step)

    def _fetch_offsets(
        self, source_id: int, ordered: str, start: int, step: int, result: FetchResult
    ) -> None:
        """Server/Data Center: the pages at ``start``, ``start + step`` ..., several at once."""
        total = self._total

        def fetch(offset: int) -> list[dict[str, Any]]:
            raws: list[dict[str, Any]] = []
            while len(raws) < step:  # a page cut short by the server: ask for the rest of it
                at = offset + len(raws)
                page = self._search_page(
                    ordered,
                    {"startAt": at},
                    f"issues {at + 1}-{offset + step}",
                    size=step - len(raws),
                )
                got = self._issues(page)
                raws.extend(got)
                if not got or at + len(got) >= int(page.get("total") or 0):
                    break
            for raw in raws:
                self.history.complete(raw)
            return raws

        offsets = range(start, total, step)
        for offset, raws in in_order(offsets, fetch, self.workers, self.budget.stop):
            after = offset + step
            self._save(
                source_id, raws, {"startAt": after} if after < total else {"done": True}, result
            )

    def _fetch_by_ids(
        self,
        source_id: int,
        jql: str,
        started: datetime,
        result: FetchResult,
        *,
        group: int | None = None,
    ) -> None:
        """List the matching ids (one cheap request per thousands), then fetch them in groups of
        a page, several groups at once, saved in the listing's order. Issues this sync already
        saved (the first page; pages saved before an interruption) are not asked for again."""
        saved = self.store.fetched_since(source_id, started)
        ordered = f"{jql} ORDER BY created ASC, key ASC"
        listed = [0]
        base, queued = self._done, [0]

        def listing(current: dict[str, Any]) -> dict[str, Any]:
            return self._call(
                lambda: self._search(ordered, current, KEYS_PAGE_SIZE, ["key"], None),
                f"the list of issues ({listed[0]} so far)",
                query=True,
            )

        def following(current: dict[str, Any], page: dict[str, Any]) -> dict[str, Any] | None:
            return self._next_cursor(self.cloud, current, page, len(self._issues(page)))

        size = group or self.page_size

        def groups() -> Iterator[list[str]]:
            pages = prefetch.pages({}, listing, following)
            ids: list[str] = []
            try:
                for _, page, _ in pages:
                    for raw in self._issues(page):
                        issue_id = str(raw.get("id") or "")
                        listed[0] += 1
                        if issue_id in saved:
                            continue
                        # JQL's issue key field takes ids and (quoted) keys; nothing else is
                        # written into the query.
                        key = str(raw.get("key") or "")
                        if issue_id.isdigit():
                            ids.append(issue_id)
                        elif _ISSUE_KEY.fullmatch(key):
                            ids.append(f'"{key}"')
                        else:
                            log.warning("an issue without a usable id or key was listed; skipped")
                            continue
                        queued[0] += 1
                        if len(ids) == size:
                            yield ids
                            ids = []
                    self._total = max(self._total, base + queued[0])
                self._total = base + queued[0]  # the listing is complete: the exact number
                if ids:
                    yield ids
            finally:
                pages.close()

        def fetch(ids: list[str]) -> list[dict[str, Any]]:
            query = f"({jql}) AND id in ({', '.join(ids)}) ORDER BY created ASC, key ASC"
            raws: list[dict[str, Any]] = []
            current: dict[str, Any] | None = {}
            while current is not None:  # one page, unless the server answers with fewer
                page = self._search_page(
                    query, current, f"issues {ids[0]}..{ids[-1]}", size=len(ids)
                )
                got = self._issues(page)
                raws.extend(got)
                current = self._next_cursor(self.cloud, current, page, len(got))
            for raw in raws:
                self.history.complete(raw)
            return raws

        self._progress("listing the issues to fetch")
        for _, raws in in_order(groups(), fetch, self.workers, self.budget.stop):
            self._save(source_id, raws, {"ids": True}, result)
        self.store.save_page(source_id, cursor={"done": True}, advance_cursor=True)

    def _search_page(
        self, jql: str, cursor: dict[str, Any], what: str, *, size: int | None = None
    ) -> dict[str, Any]:
        size = size or self.page_size
        try:
            return self._call(
                lambda: self._search(jql, cursor, size, self.fields, "changelog"),
                what,
                query=True,
            )
        except NotFoundError:
            if not cursor.get("token"):
                raise
            # A page token from an interrupted run may have expired: start the query over.
            # Saving is an upsert, so issues already stored are not duplicated.
            log.info("page token rejected; restarting the search from the first page")
            cursor.clear()
            return self._call(
                lambda: self._search(jql, cursor, size, self.fields, "changelog"),
                what,
                query=True,
            )

    def _count(self, jql: str) -> int:
        if not self.cloud:
            return 0  # the v2 search says its total with the first page
        try:
            return int(self._call(lambda: self.client.approximate_issue_count(jql), "the count"))
        except (SourceError, TypeError, ValueError):
            return 0  # only for the progress bar

    def _check_removed(self, source_id: int, since: datetime | None, state: Any) -> list[str]:
        """Mark stored issues the query no longer matches (deleted, moved) as removed.

        A full fetch saw every issue; an incremental one lists the keys (one cheap search page
        per 1000 issues) when asked, or when the last check is older than REMOVAL_CHECK_EVERY.
        """
        started = state.started_at or datetime.now(UTC)
        if since is None:
            if self.check_removed is False:
                return []
            keep = self.store.fetched_since(source_id, started)
        else:
            last = state.last_removal_check
            due = last is None or started - last >= REMOVAL_CHECK_EVERY
            if not (self.check_removed or (self.check_removed is None and due)):
                return []
            keep = set()
            cursor: dict[str, Any] | None = {}
            while cursor is not None:
                self._progress(f"checking which issues still exist ({len(keep)} so far)")
                current = cursor
                page = self._call(
                    lambda c=current: self._search(
                        f"{self.base_jql} ORDER BY created ASC, key ASC",
                        c,
                        KEYS_PAGE_SIZE,
                        ["key"],
                        None,
                    ),
                    "the list of issue keys",
                    query=True,
                )
                raws = page.get("issues") or []
                keep.update(str(r.get("id")) for r in raws if isinstance(r, dict))
                cursor = self._next_cursor(self.cloud, current, page, len(raws))
        gone = self.store.item_ids(source_id, include_removed=False) - keep
        if gone:
            # Offset pages shift when issues are deleted mid-fetch (Server's startAt): an issue
            # can be passed over without being gone. Ask for the missing ones by id first.
            keep |= self._still_there(sorted(gone))
        return self.store.mark_removed(source_id, keep, checked_at=started)

    def _still_there(self, ids: list[str]) -> set[str]:
        """Which of these stored issue ids the query still matches (a page per 100)."""
        found: set[str] = set()
        numeric = [i for i in ids if i.isdigit()]  # only ids are written into the query
        for start in range(0, len(numeric), 100):
            chunk = numeric[start : start + 100]
            query, size = f"({self.base_jql}) AND id in ({', '.join(chunk)})", len(chunk)
            cursor: dict[str, Any] | None = {}
            while cursor is not None:
                current = cursor
                page = self._call(
                    lambda c=current, q=query, n=size: self._search(q, c, n, ["key"], None),
                    "the issues that look removed",
                    query=True,
                )
                raws = self._issues(page)
                found.update(str(r.get("id")) for r in raws)
                cursor = self._next_cursor(self.cloud, current, page, len(raws))
        return found

    def load(self) -> Board:
        result = self.fetch()
        return self.store.load_board(result.source_id)


def fetch_jira_into_store(
    store: Store,
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
    """Live Jira behind the live-source interface: TARGET is a project key, or a JQL query when
    it holds a space or one of ``=<>~``. ``server`` (else ``$JIRA_SERVER``) is the site."""

    name = "jira"
    offline = "export the issues (Filters → Export → CSV (all fields)) and scan that file"

    def check(self, target: str | None, *, server: str | None = None) -> str:
        if not target:
            raise SourceError("give the Jira project key: backlog-analyzer scan jira KEY")
        return target

    def fetch(
        self,
        store: Store,
        target: str,
        *,
        server: str | None = None,
        on_progress: Progress | None = None,
        **options: Any,
    ) -> FetchResult:
        is_jql = any(c in target for c in " =<>~")
        return fetch_jira_into_store(
            store,
            server=server,
            project=None if is_jql else target,
            jql=target if is_jql else None,
            on_progress=on_progress,
            **options,
        )

    def load(self, store: Store, outcome: FetchResult) -> Board:  # type: ignore[override]
        return store.load_board(outcome.source_id, activity_details=False)
