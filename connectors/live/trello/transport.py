"""The Trello transport of a fetch: pacing, the one request path and Trello's errors in one line.

The ``http_service`` under py-trello is a :class:`TrelloSession`: each request passes the shared
:class:`~connectors._http.pacing.WindowPacer` (a request counts from sending until 10 s after its
answer, at most 98 at once: never more than Trello's 100 per 10 s per token wherever the server
counts it; one pacer per token in the process, :func:`shared_limiter`), carries a timeout, and,
only when a ``base_url`` is given (tests, benchmarks), goes to that server instead of
https://api.trello.com. :class:`TrelloApi` runs each call under the shared
:class:`~connectors._http.retry.RetryPolicy` (429 waits, 5xx / timeouts / cuts back off) and turns
what is left into one-line errors; it is safe to share between threads.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import requests
from trello import TrelloClient
from trello.exceptions import ResourceUnavailable

from connectors._http.network import setup_problem
from connectors._http.pacing import WindowPacer
from connectors._http.retry import Failure, RetryPolicy, classify
from connectors._http.trust import TrustingAdapter, system_trust
from connectors._http.waits import SAY_EVERY, WaitLines
from connectors.credentials import (
    TRELLO_PAIR,
    TrelloCredentials,
    given_as,
    protect_loggers,
    redact,
    trello_credentials,
)
from connectors.interface import AuthError, NotFoundError, RemoteError, SourceError
from connectors.live.trello.url import TRELLO_API
from connectors.mapping.common import one_line

__all__ = ["LIMIT", "WINDOW", "TrelloApi", "TrelloSession", "connect", "shared_limiter"]

#: Requests counted in any WINDOW seconds (the shared :class:`WindowPacer`; Trello allows 100 per
#: 10 s per token): 2 kept for anything else using the token.
LIMIT, WINDOW = 98, 10.0
#: A 429 is said (the ``backlog_analyzer.trello`` logger, INFO) at most this often while they last.
SAY_THROTTLED_EVERY = SAY_EVERY
THROTTLED_LINE = (
    "waiting for Trello's rate limit (HTTP 429, too many requests; another client may be using "
    "this token): the fetch goes on by itself"
)
log = logging.getLogger("backlog_analyzer.trello")
protect_loggers("backlog_analyzer.trello")
_BAD_CREDENTIALS = ("invalid key", "invalid token", "expired token", "invalid app token")

_LIMITERS: dict[str, WindowPacer] = {}
_LIMITERS_LOCK = threading.Lock()


def shared_limiter(token: str, base_url: str | None) -> WindowPacer:
    """One limiter per token (and server) in this process, so consecutive syncs share the budget."""
    key = hashlib.sha256(f"{base_url or TRELLO_API}|{token}".encode()).hexdigest()
    with _LIMITERS_LOCK:
        return _LIMITERS.setdefault(key, WindowPacer(LIMIT, WINDOW))


class TrelloSession(requests.Session):
    """The ``http_service`` under py-trello: paced, with a timeout, optionally re-based.

    ``base_url`` replaces https://api.trello.com (a fake server in tests and benchmarks); in
    normal use it is None and requests go to Trello unchanged.
    """

    def __init__(
        self,
        *,
        bucket: WindowPacer,
        timeout: float,
        base_url: str | None = None,
    ) -> None:
        super().__init__()
        self.bucket, self.timeout = bucket, timeout
        self.base_url = base_url.rstrip("/") if base_url else None
        self._mine = threading.local()  # each thread's own last 429 (boards share the session)
        self.from_file: frozenset[str] = frozenset()  # the credentials the file gave

    @property
    def last_retry_after(self) -> float | None:
        """The ``Retry-After`` of this thread's last 429 (py-trello's error does not keep it):
        per thread, since several boards and workers send through one session at once."""
        return getattr(self._mine, "retry_after", None)

    def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        if self.base_url and url.startswith(TRELLO_API):
            url = self.base_url + url[len(TRELLO_API) :]
        kwargs.setdefault("timeout", self.timeout)
        self.bucket.acquire()
        try:
            response = super().request(method, url, *args, **kwargs)
        finally:
            self.bucket.release()
        if response.status_code == 429:
            self.bucket.drain()
            value = response.headers.get("Retry-After")
            try:
                self._mine.retry_after = float(value) if value else None
            except ValueError:
                self._mine.retry_after = None
        return response


class TrelloApi:
    """py-trello calls with the retry policy and Trello's errors turned into one-line ones.

    A 429 without ``Retry-After`` (Trello's) backs off at most its WINDOW (the policy's own
    ``max_throttled_delay`` when it sets one), and waiting for the rate limit is said in one
    line (:data:`THROTTLED_LINE`, at most every :data:`SAY_THROTTLED_EVERY` seconds).
    """

    def __init__(self, client: TrelloClient, session: TrelloSession, policy: RetryPolicy) -> None:
        if policy.max_throttled_delay is None:
            policy = replace(policy, max_throttled_delay=WINDOW)
        self.client, self.session, self.policy = client, session, policy
        self.count = 0
        self._lock = threading.Lock()
        self._waits = WaitLines(log, SAY_THROTTLED_EVERY)

    def _on_retry(self, attempt: int, failure: Failure, wait: float) -> None:
        if failure.status == 429:
            self._waits.say("429", THROTTLED_LINE)

    def _classify(self, exc: BaseException) -> Failure:
        failure = classify(exc)
        if failure.status == 429 and failure.retry_after is None:
            retry_after = self.session.last_retry_after
            if retry_after is not None:
                failure = Failure(True, failure.reason, 429, retry_after)
        return failure

    def call(self, fn: Callable[[], Any], what: str, *, board_ref: str | None = None) -> Any:
        def attempt() -> Any:
            with self._lock:
                self.count += 1
            return fn()

        try:
            return self.policy.call(
                attempt,
                what=what,
                service="Trello",
                on_retry=self._on_retry,
                classify_error=self._classify,
            )
        except ResourceUnavailable as exc:
            raise self._network(exc) or trello_error(
                exc, what, board_ref, self.session.from_file
            ) from None
        except requests.RequestException as exc:
            problem = self._network(exc)
            if problem is None:
                raise
            raise problem from None

    def _network(self, exc: BaseException) -> SourceError | None:
        """A certificate refused, a proxy refusing or answering 407, as one line."""
        return setup_problem(exc, "Trello", self.session.base_url or TRELLO_API)

    def get(self, path: str, params: dict[str, Any], what: str, **kw: Any) -> Any:
        return self.call(
            lambda: self.client.fetch_json(path, query_params=dict(params)), what, **kw
        )


def trello_error(
    exc: ResourceUnavailable,
    what: str,
    board_ref: str | None,
    from_file: frozenset[str] = frozenset(),
) -> SourceError:
    """The one-line error for Trello's answer; ``from_file``: the credentials the file gave (a
    rejected token names its keys there, not variables never set)."""
    status = getattr(exc, "_status", None)
    body = str(getattr(exc, "_msg", "")).split(" at http")[0]
    said = one_line(redact(body), 120)
    if status == 401 and any(s in said.lower() for s in _BAD_CREDENTIALS):
        return AuthError(
            f"Trello rejected the API key or token ({said}); check "
            f"{given_as('trello', TRELLO_PAIR, from_file)} (a key and a token from "
            "https://trello.com/power-ups/admin)"
        )
    if board_ref is not None and status in (400, 401, 403, 404):
        return NotFoundError(
            f"Trello board {board_ref!r} not found or not visible to this token (HTTP {status}: "
            f"{said}); check the id or URL and that the token's member can open the board"
        )
    if status in (401, 403):
        return AuthError(
            f"Trello refused {what} (HTTP {status}: {said}); check "
            f"{given_as('trello', TRELLO_PAIR, from_file)} and the token's access"
        )
    if status == 404:
        return NotFoundError(f"Trello has no {what} (HTTP 404: {said})")
    return RemoteError(f"Trello answered HTTP {status} to {what}: {said}")


def connect(
    credentials: TrelloCredentials | None,
    *,
    base_url: str | None,
    timeout: float,
    bucket: WindowPacer | None,
    threads: int = 10,
) -> tuple[TrelloClient, TrelloSession]:
    """The py-trello client over a :class:`TrelloSession` (the token's pacer unless ``bucket``),
    with a connection kept for each of ``threads`` threads sending at once, trusting the system's
    certificates too (:func:`~connectors._http.trust.system_trust`)."""
    creds = credentials or trello_credentials()
    if not creds.complete:
        raise AuthError(creds.missing_text())
    limiter = bucket or shared_limiter(str(creds.token), base_url)
    session = TrelloSession(bucket=limiter, timeout=timeout, base_url=base_url)
    session.from_file = creds.from_file
    # requests keeps 10 connections per host (more threads would drop theirs); HTTPS trusts the
    # system's store too (a company CA IT installed), unless REQUESTS_CA_BUNDLE names the CAs.
    adapter = TrustingAdapter(pool_maxsize=max(threads, 10), ssl_context=system_trust())
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    return TrelloClient(api_key=creds.api_key, token=creds.token, http_service=session), session
