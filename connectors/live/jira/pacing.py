"""Pacing of one Jira fetch: :class:`RequestBudget` (the shared
:class:`~connectors._http.pacing.WindowPacer`, told by Jira's rate-limit headers) and
:class:`PacedAdapter`, the ``requests`` transport that sends every request of the client under it.

Jira Cloud advertises ``Beta-RateLimit-Policy`` / ``Beta-RateLimit``; Data Center
``X-RateLimit-FillRate`` / ``-Interval-Seconds``; a 429's ``Retry-After`` pauses every thread.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from connectors._http.pacing import FetchStopped, WindowPacer
from connectors._http.retry import Failure, parse_retry_after
from connectors._http.trust import TrustingAdapter
from connectors._http.waits import WaitLines
from connectors.credentials import redact

if TYPE_CHECKING:
    import ssl

__all__ = ["PacedAdapter", "RequestBudget", "advertised_policy", "exhausted_for", "wait_line"]

#: What a fetch waiting for Jira's rate limit says (once a minute while 429s last).
THROTTLED_LINE = (
    "waiting for Jira's rate limit (HTTP 429, too many requests; another client may be using "
    "this account): the fetch goes on by itself"
)


def wait_line(
    what: str, failure: Failure, attempt: int, tries: int, wait: float, project: str | None = None
) -> tuple[str, str]:
    """(cause, line) of a request retried: Jira's rate limit (:data:`THROTTLED_LINE`: it
    pauses every project of the site), or the failure and what it was fetching ("HTTP 503
    while fetching issues 51–100 of 230: retry 1 of 4 in 2.0 s; the fetch goes on by itself").
    ``project``: the key of a fetch that runs beside others' ("Jira project 'OTHER': HTTP 503
    while fetching …"), each project's failures then a cause of their own (one project's line
    does not hide another's)."""
    if failure.status == 429:
        return "429", THROTTLED_LINE
    line = (
        f"{failure.reason} while fetching {what}: retry {attempt} of {tries - 1} in {wait:.1f} s; "
        "the fetch goes on by itself"
    )
    if project is None:
        return failure.reason, redact(line)
    return f"{project} {failure.reason}", redact(f"Jira project '{project}': {line}")


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
        # why its requests wait (a 429, a retried 503), said once a minute per cause however
        # many projects share the budget: the backlog_analyzer.jira logger's INFO records
        self.waits = WaitLines(logging.getLogger("backlog_analyzer.jira"))

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


class PacedAdapter(TrustingAdapter):
    """A ``requests`` transport: each request of the session goes under a :class:`RequestBudget`.

    Once ``stopped`` is set, nothing more is sent (FetchStopped): one fetch abandoned while others
    sharing the budget go on. ``ssl_context``: the system's trust store
    (:func:`~connectors._http.trust.system_trust`), for HTTPS verified the default way.
    """

    def __init__(
        self,
        budget: RequestBudget,
        pool: int,
        stopped: threading.Event | None = None,
        *,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        super().__init__(pool_connections=2, pool_maxsize=max(pool, 2), ssl_context=ssl_context)
        self.budget, self.stopped = budget, stopped
        #: The open adapters sending through this one's connections (shared with them).
        self._users = _Users()
        self._closed = False

    def share_connections(self, other: PacedAdapter) -> None:
        """Send through ``other``'s open connections (the same server and trust, another client
        of the same fetch or run), keeping this adapter's own budget and stop."""
        self.poolmanager, self.proxy_manager = other.poolmanager, other.proxy_manager
        self._users = other._users
        self._users.add(1)

    def close(self) -> None:
        """The connections are closed with the last adapter sending through them (a client is
        closed when collected, while others of the run go on)."""
        if self._closed:  # (mounted for http:// and https://: closed twice)
            return
        self._closed = True
        if self._users.add(-1) <= 0:
            super().close()

    def send(self, request: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: ANN401
        if self.stopped is not None and self.stopped.is_set():
            raise FetchStopped("the fetch was stopped")
        sent = self.budget.acquire()
        response = None
        try:
            response = super().send(request, *args, **kwargs)
            return response
        finally:
            status = getattr(response, "status_code", None)
            self.budget.release(sent, status, getattr(response, "headers", None))


class _Users:
    """How many adapters send through one set of connections (from any thread)."""

    def __init__(self) -> None:
        self._count, self._lock = 1, threading.Lock()

    def add(self, change: int) -> int:
        with self._lock:
            self._count += change
            return self._count
