"""One Jira site as a fetch talks to it: :class:`JiraSite`.

Connecting (the real ``jira`` client, Cloud or Server/Data Center, the account's time zone, the
field list) and the one request path every later request takes: the retry policy
(:class:`~connectors._http.retry.RetryPolicy`; the client's own retries are off, its timeout hook
is on), the pacing (every request of every thread under one
:class:`~connectors.live.jira.pacing.RequestBudget`) and Jira's failures as one-line errors
(:mod:`connectors.live.jira.errors`). Also the one search call, Cloud's enhanced JQL search
(``nextPageToken``) or Server's v2 search (``startAt``), and its cursor.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import requests

from connectors._http.network import setup_problem
from connectors._http.prefetch import DaemonPool
from connectors._http.retry import (
    Failure,
    RetriesExhausted,
    RetryPolicy,
    http_status,
)
from connectors._http.trust import system_trust
from connectors.credentials import JiraCredentials, how_to_give
from connectors.interface import AuthError, NotFoundError, RemoteError, SourceError
from connectors.live.jira.errors import (
    SERVER_INFO,
    NotJSONError,
    UnknownProjectError,
    http_error,
    json_is_final,
    not_json,
    one_line,
    warn_if_unencrypted,
)
from connectors.live.jira.history import IssueHistory
from connectors.live.jira.memo import SiteMemo
from connectors.live.jira.pacing import PacedAdapter, RequestBudget, wait_line
from connectors.mapping.jira import criteria_ids

__all__ = ["BASE_FIELDS", "CUSTOM_FIELDS", "KEYS_PAGE_SIZE", "Connection", "JiraSite", "issues_of"]

log = logging.getLogger("backlog_analyzer.jira")

#: Issues per page of a search that asks for keys only (Jira may answer with fewer).
KEYS_PAGE_SIZE = 5000

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


def issues_of(page: dict[str, Any]) -> list[dict[str, Any]]:
    """The issues of a search page (anything else in the list left out)."""
    return [r for r in page.get("issues") or [] if isinstance(r, dict)]


@dataclass(frozen=True, slots=True)
class Connection:
    """What connecting to a site learned (its deployment, the way in, the account, the field
    list): other fetches of the same site with the same credentials start from it instead of
    asking again (three requests per project saved when several projects are fetched)."""

    deployment: str
    basic: bool
    me: dict[str, Any]
    fields: list[dict[str, Any]]
    #: When the server info and field list were asked; ``kept``: read from a memo the last
    #: complete fetch kept (a field made since is then looked for, as a fetch from the memo does).
    asked_at: datetime
    kept: bool = False


class JiraSite:
    """The client of one Jira server and the one way its requests go (retries, pacing, errors).

    ``say(what)`` tells the progress what is being asked (from any thread). After
    :meth:`connect`: ``client``, ``cloud``, ``fields`` (to ask for), ``field_names`` (id ->
    name), ``time_zone`` (the account's, for JQL dates), ``history`` (changelog and comment
    paging) and ``counted`` (the approximate count asked with the rest, when asked).
    ``shares_budget``: other fetches send under the same budget (stopping this one leaves it
    running). ``known``: a :class:`Connection` of the same site and credentials (then
    :meth:`connect` sends only what is new: the project, the count); after connecting,
    ``connection`` is what this one learned. ``project_key``: the project of a fetch that runs
    beside others, named by its retry lines (:func:`~connectors.live.jira.pacing.wait_line`).
    ``connections_of``: a site of the same server and credentials whose open connections (and
    trust) this one's clients send through, with their own budget and stop (several projects of
    one run); ``connections``: how many this site's own pool keeps (default ``workers + 4``).
    """

    def __init__(
        self,
        server: str,
        creds: JiraCredentials,
        *,
        retry: RetryPolicy,
        budget: RequestBudget,
        workers: int,
        say: Callable[[str], None],
        shares_budget: bool = False,
        known: Connection | None = None,
        project_key: str | None = None,
        connections_of: JiraSite | None = None,
        connections: int | None = None,
    ) -> None:
        self.server, self.creds, self.retry, self.budget = server, creds, retry, budget
        self.connections_of = connections_of
        self.connections = connections or workers + 4  # + listing, spare
        #: The first transport this site made: its later clients send through its connections.
        self.adapter: PacedAdapter | None = None
        self.project_key = project_key
        self.known = known
        self.connection: Connection | None = None
        self.workers, self.say = workers, say
        self.shares_budget = shares_budget
        self.stopped = threading.Event()
        self.client: Any = None
        self.history: IssueHistory  # set once connected
        self.counted: int | None = None
        self.cloud = False
        self.field_names: dict[str, str] = {}
        self.fields: list[str] = list(BASE_FIELDS)
        self.time_zone: Any = UTC
        self._basic = creds.has_basic
        self._from_file = creds.from_file  # where a rejected token was given
        #: When the server info and field list in use were asked (by this fetch or a memo's).
        self.asked_at = datetime.now(UTC)

    def stop(self) -> None:
        """Send nothing more for this fetch (an error or Ctrl-C): the requests under way end on
        their own. The budget is stopped too unless other fetches share it."""
        self.stopped.set()
        if not self.shares_budget:
            self.budget.stop()

    # -- the one request path -----------------------------------------------------------------

    def call(
        self,
        fn: Callable[[], Any],
        what: str,
        *,
        query: bool = False,
        classify_error: Callable[[BaseException], Failure] = json_is_final,
    ) -> Any:
        """``fn()`` under the retry policy, with Jira's failures turned into one-line errors. An
        answer that is not JSON at all (a sign-in page once a single sign-on's session ends) is
        not retried (:func:`json_is_final`)."""

        def on_retry(attempt: int, failure: Failure, wait: float) -> None:
            self.say(f"{what}: {failure.reason}, retry {attempt} in {wait:.1f}s")
            tries = self.retry.max_tries
            self.budget.waits.say(*wait_line(what, failure, attempt, tries, wait, self.project_key))

        try:
            return self.retry.call(
                fn,
                what=what,
                service=f"Jira at {self.server}",
                on_retry=on_retry,
                classify_error=classify_error,
            )
        except RetriesExhausted as exc:
            if what != SERVER_INFO or exc.failure.reason not in ("connection error", "timeout"):
                raise
            # The first request never answered: nothing is kept to resume, and a wrong URL is the
            # likely cause (a server that answers 5xx or garbled JSON keeps the retry's line).
            raise RetriesExhausted(
                f"Jira at {self.server} could not be reached ({exc.failure.reason}, "
                f"{self.retry.max_tries} tries); nothing was fetched: check --server / "
                "JIRA_SERVER and the network, then re-run",
                exc.failure,
            ) from None
        except SourceError:
            raise
        except ValueError as exc:  # also requests' InvalidSchema (a SOCKS proxy without PySocks)
            if http_status(exc) is not None:
                raise self._http_error(http_status(exc) or 0, exc, what, query) from None
            raise setup_problem(exc, "Jira", self.server) or not_json(
                self.server, what, exc
            ) from None
        except requests.RequestException as exc:
            raise setup_problem(exc, "Jira", self.server) or SourceError(
                f"cannot talk to Jira at {self.server} while fetching {what}: "
                f"{one_line(type(exc).__name__)}"
            ) from None
        except Exception as exc:
            status = http_status(exc)
            if status is not None:  # 407: a proxy in front of an http:// server
                problem = setup_problem(exc, "Jira", self.server) if status == 407 else None
                raise problem or self._http_error(status, exc, what, query) from None
            if type(exc).__name__ == "JIRAError":  # the client's own, without an HTTP status
                raise RemoteError(
                    f"Jira at {self.server} failed while fetching {what}: "
                    f"{one_line(getattr(exc, 'text', None) or 'no answer')}"
                ) from None
            raise

    def _http_error(self, status: int, exc: BaseException, what: str, query: bool) -> SourceError:
        return http_error(
            self.server,
            status,
            exc,
            what,
            query=query,
            cloud=self.cloud,
            basic=self._basic,
            from_file=self._from_file,
        )

    # -- searching ----------------------------------------------------------------------------

    def search(
        self, jql: str, cursor: dict[str, Any], size: int, fields: list[str], expand: str | None
    ) -> dict[str, Any]:
        """One page of a JQL search at ``cursor`` (``{}``: the first), as Jira's JSON."""
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

    def next_cursor(
        self, cursor: dict[str, Any], page: dict[str, Any], got: int
    ) -> dict[str, Any] | None:
        """Where the search goes on after ``page`` (``got`` issues), or None at its end."""
        if self.cloud:
            token = page.get("nextPageToken")
            if not token or page.get("isLast") is True or got == 0:
                return None
            return {"token": token}
        start = int(cursor.get("startAt") or 0) + got
        total = int(page.get("total") or 0)
        if got == 0 or start >= total:
            return None
        return {"startAt": start}

    def count(self, jql: str) -> int:
        """Cloud's approximate count of the issues ``jql`` matches (0 when unknown)."""
        if not self.cloud:
            return 0  # the v2 search says its total with the first page
        try:
            return int(self.call(lambda: self.client.approximate_issue_count(jql), "the count"))
        except (SourceError, TypeError, ValueError):
            return 0  # only for the progress bar

    # -- connecting ---------------------------------------------------------------------------

    def connect(
        self,
        *,
        project: str | None = None,
        count: str | None = None,
        memo: SiteMemo | None = None,
    ) -> Any:
        """Create the client, learn Cloud vs Server, check the credentials, read the fields.

        With ``project`` (a key), also read the project (its name; an unknown key fails here);
        with ``count`` (a JQL query, on a full run), also Cloud's approximate count of its
        issues (``counted``). They are asked at once: none depends on another. Returns the
        project (or None). ``memo``: the server info and field list the last complete fetch of
        the same source kept (:class:`~connectors.live.jira.memo.SiteMemo`): only the account
        is asked (the credentials, the time zone) beside the project and the count.
        """
        from jira import JIRA

        creds = self.creds
        if creds.has_basic or creds.has_pat:
            auth = self._auth(creds.has_basic)
        else:
            raise AuthError(creds.missing_text())

        shared = self.connections_of.adapter if self.connections_of is not None else None
        # one for the fetch (the run): the OS store, a company CA IT installed
        trust = shared.ssl_context if shared is not None else system_trust()

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
            adapter = PacedAdapter(self.budget, self.connections, self.stopped, ssl_context=trust)
            first = shared or self.adapter
            if first is not None:  # one server: its connections opened once, not per client
                adapter.share_connections(first)
            else:
                self.adapter = adapter
            client._session.mount("https://", adapter)
            client._session.mount("http://", adapter)
            return client

        pool = DaemonPool(4, "jira-connect")
        try:
            if self.known is not None:
                return self._join(self.known, make, pool, project=project, count=count)
            warn_if_unencrypted(self.server)
            if memo is not None and creds.has_basic != creds.has_pat:
                return self._resume(memo, make, pool, project=project, count=count)
            self.asked_at = datetime.now(UTC)
            return self._connect(make("2"), make, auth, pool, project=project, count=count)
        finally:
            pool.shutdown()

    def _join(
        self,
        known: Connection,
        make: Callable[..., Any],
        pool: DaemonPool,
        *,
        project: str | None,
        count: str | None,
    ) -> Any:
        """Connect from what another fetch of the site learned: only the project and the count
        are asked."""
        cloud = known.deployment == "Cloud"
        how = self._auth(known.basic)
        asked = []
        self._ready(make("3" if cloud else "2", how), known.deployment, known.basic)
        if project:
            self.say(f"project {project}")
            asked.append(pool.submit(self.project, project))
        counted = pool.submit(self.count, count) if count and cloud else None
        answers = [future.result() for future in asked]
        self.counted = counted.result() if counted is not None else None
        self.asked_at = known.asked_at  # what the memo kept is as old as it was
        self._learned(known.me, known.fields, kept=known.kept)
        return answers[0] if project else None

    def _resume(
        self,
        memo: SiteMemo,
        make: Callable[..., Any],
        pool: DaemonPool,
        *,
        project: str | None,
        count: str | None,
    ) -> Any:
        """Connect from what the last complete fetch kept: the account is asked (it checks the
        credentials and says the time zone), with the project and the count when wanted."""
        cloud = memo.deployment == "Cloud"
        how = self._auth(memo.basic)
        client = make("3" if cloud else "2", how)
        self._ready(client, memo.deployment, memo.basic)
        self.say(f"your account, project {project}" if project else "your account")
        asked = [pool.submit(self.call, lambda: client._get_json("myself"), "your account")]
        if project:
            asked.append(pool.submit(self.project, project))
        counted = pool.submit(self.count, count) if count and cloud else None
        answers = [future.result() for future in asked]
        self.counted = counted.result() if counted is not None else None
        self.asked_at = memo.asked_at  # (kept as long as the memo it came from)
        self._learned(answers[0], memo.fields, kept=True)
        return answers[1] if project else None

    def refresh_fields(self) -> None:
        """Ask the field list again (a kept one lacks a field made since)."""
        if self.connection is None:
            return
        self.say("the field list")
        fields = self.call(self.client.fields, "the field list")
        self.asked_at = datetime.now(UTC)
        self._learned(self.connection.me, fields)

    def memo(self) -> SiteMemo | None:
        """What the next incremental fetch of this source may start from (after connecting)."""
        if self.connection is None:
            return None
        known = self.connection
        return SiteMemo.of(known.deployment, known.basic, known.fields, self.asked_at)

    def _auth(self, basic: bool) -> dict[str, Any]:
        """The ``JIRA`` client's way in: the email and API token (``basic``), else the PAT."""
        creds = self.creds
        if basic:
            return {"basic_auth": (creds.email, creds.api_token)}
        return {"token_auth": creds.pat}

    def _ready(self, client: Any, deployment: str, basic: bool) -> None:
        client.deploymentType = deployment
        self.cloud = deployment == "Cloud"
        self._basic = basic
        self.client = client
        self.history = IssueHistory(client, cloud=self.cloud, call=self.call, say=self.say)

    def _learned(self, me: Any, fields: Any, *, kept: bool = False) -> None:
        try:
            self.time_zone = ZoneInfo(str(me.get("timeZone") or "UTC"))
        except (ZoneInfoNotFoundError, ValueError):
            self.time_zone = UTC
        self._use_fields(fields)
        deployment = str(self.client.deploymentType)
        self.connection = Connection(deployment, self._basic, me, fields, self.asked_at, kept)

    def _connect(
        self,
        client: Any,
        make: Callable[..., Any],
        auth: dict[str, Any],
        pool: DaemonPool,
        *,
        project: str | None,
        count: str | None,
    ) -> Any:
        creds = self.creds
        early: list[Future[Any]] = []
        if creds.has_basic != creds.has_pat:
            # One way in, whatever the server is: the account and the field list (the same in
            # API v2 and v3) are asked with the server info rather than after it.
            first = client
            early = [
                pool.submit(self.call, lambda: first._get_json("myself"), "your account"),
                pool.submit(self.call, first.fields, "the field list"),
            ]
        try:
            info = self.call(client.server_info, SERVER_INFO)
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
                    f"{self.server} is Jira Cloud, which takes an email and an API token, not "
                    f"JIRA_PAT: {how_to_give('jira', creds.cloud_missing())}"
                )
            client = make("3")
        elif creds.has_pat and "basic_auth" in auth:
            auth = self._auth(basic=False)  # Server/Data Center: the PAT is the way in
            client = make("2", auth)
        self._ready(client, deployment, "basic_auth" in auth)

        self.say(
            f"your account, the field list, project {project}"
            if project
            else "your account, the field list"
        )
        asked = early or [
            pool.submit(self.call, lambda: client._get_json("myself"), "your account"),
            pool.submit(self.call, client.fields, "the field list"),
        ]
        if project:
            asked.append(pool.submit(self.project, project))
        counted = pool.submit(self.count, count) if count and self.cloud else None
        answers = [future.result() for future in asked]  # the first error, in this order
        self.counted = counted.result() if counted is not None else None
        self._learned(answers[0], answers[1])
        return answers[2] if project else None

    def project(self, key: str) -> Any:
        """The project of ``key`` (the client's resource); :class:`UnknownProjectError` when
        Jira has none that this account sees."""
        client = self.client
        try:
            return self.call(lambda: client.project(key), f"project {key}", query=True)
        except NotFoundError as error:
            raise UnknownProjectError(str(error)) from None

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
        for field_id in criteria_ids(self.field_names):  # acceptance criteria, a checklist
            if field_id not in wanted:
                wanted.append(field_id)
        self.fields = wanted
        # Prime the client's field-name cache so searches do not fetch the field list again.
        cache = {}
        for f in fields:
            for clause in f.get("clauseNames") or []:
                cache[clause] = f["id"]
        self.client._fields_cache_value = cache
