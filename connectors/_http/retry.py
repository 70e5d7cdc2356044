"""One retry policy for every live source (Jira, Trello): transient failures are retried, bounded.

* **429** waits what ``Retry-After`` says (seconds or an HTTP date; capped by ``max_retry_after``),
  else backs off like a 5xx, at most ``max_throttled_delay`` when set (a source whose limit
  counts a known window: Trello's 10 s). A 429 is the server pacing us, not a failure: it does
  not count toward ``max_tries``; a request gives up only after ``max_throttled_wait`` seconds of
  429s or ``max_throttled`` of them (a storm when another client shares the account's limit is
  waited out; a server answering ``Retry-After: 0`` forever is not).
* **5xx** (500, 502, 503, 504), **408**, **timeouts**, **connection errors** and **bodies cut
  short** back off exponentially (``base_delay * 2**n``, capped by ``max_delay``) with jitter.
* After ``max_tries`` attempts, :class:`RetriesExhausted` (a ``RemoteError``: exit 3, one line).
* **The network's setup** (a certificate not trusted, a proxy refusing or answering 407) is not
  transient: it is not retried (:mod:`connectors._http.network` words it).
* Anything else (401, 403, 404, 400 ...) is not retried: the original exception goes up, for the
  connector to turn into ``AuthError`` / ``NotFoundError``.

The clients' own retry loops are switched off (``JIRA(max_retries=0)``; py-trello has none) so
there is one policy, and the clients' timeout hooks are used (``JIRA(timeout=...)``). Failures are
recognised from ``requests`` exceptions and from any exception carrying an HTTP status
(``JIRAError.status_code`` / ``.response``, py-trello's ``ResourceUnavailable._status``).

Tests pass a policy with tiny delays (``RetryPolicy.fast()``), so no test waits for real.
"""

from __future__ import annotations

import email.utils
import http.client
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar

import requests

from connectors._http.network import is_setup_problem
from connectors.credentials import redact
from connectors.interface import RemoteError

__all__ = ["Failure", "RetriesExhausted", "RetryPolicy", "classify", "http_status"]

T = TypeVar("T")

TRANSIENT_STATUS = frozenset({408, 429, 500, 502, 503, 504})


class RetriesExhausted(RemoteError):
    """The service kept failing; ``str()`` is one line, with what was being fetched."""

    def __init__(self, message: str, failure: Failure) -> None:
        super().__init__(message)
        self.failure = failure


@dataclass(frozen=True, slots=True)
class Failure:
    """What went wrong with one attempt, as far as retrying is concerned."""

    transient: bool
    reason: str  # short, e.g. "HTTP 503", "timeout", "connection error"
    status: int | None = None
    retry_after: float | None = None


def http_status(exc: BaseException) -> int | None:
    """The HTTP status an exception carries, if any (jira, py-trello, requests)."""
    for candidate in (
        getattr(exc, "status_code", None),
        getattr(getattr(exc, "response", None), "status_code", None),
        getattr(getattr(exc, "http_response", None), "status_code", None),
        getattr(exc, "_status", None),
    ):
        if isinstance(candidate, int):
            return candidate
    return None


def _headers(exc: BaseException) -> Any:
    for holder in (getattr(exc, "response", None), getattr(exc, "http_response", None)):
        headers = getattr(holder, "headers", None)
        if headers is not None:
            return headers
    return {}


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds from a ``Retry-After`` header: delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def classify(exc: BaseException) -> Failure:
    """Whether ``exc`` is worth retrying, and how long the server asked us to wait."""
    if isinstance(exc, requests.Timeout):
        return Failure(True, "timeout")
    if is_setup_problem(exc):  # an SSLError or ProxyError is a ConnectionError too
        return Failure(False, "network setup")
    if isinstance(
        exc,
        requests.ConnectionError
        | requests.exceptions.ChunkedEncodingError
        | requests.exceptions.ContentDecodingError
        | http.client.IncompleteRead
        | ConnectionError,
    ):
        return Failure(True, "connection error")
    status = http_status(exc)
    if status is not None:
        retry_after = None
        if status in (429, 503):
            retry_after = parse_retry_after(_headers(exc).get("Retry-After"))
        return Failure(status in TRANSIENT_STATUS, f"HTTP {status}", status, retry_after)
    if isinstance(exc, ValueError) and "json" in type(exc).__name__.lower():
        # A body cut short that still parsed as far as the JSON decoder: transient.
        return Failure(True, "incomplete response")
    return Failure(False, type(exc).__name__)


@dataclass(slots=True)
class RetryPolicy:
    """Bounded retries with exponential backoff and jitter; ``timeout`` is per request."""

    max_tries: int = 5
    base_delay: float = 1.0
    max_delay: float = 60.0
    max_retry_after: float = 300.0
    #: Seconds one request may spend waiting out 429 answers before it gives up.
    max_throttled_wait: float = 600.0
    #: 429 answers one request may wait out before it gives up.
    max_throttled: int = 100
    #: The longest backoff after a 429 without ``Retry-After`` (None: ``max_delay``); a source
    #: whose limit is counted over a known window sets that window (waiting longer gains nothing).
    max_throttled_delay: float | None = None
    jitter: float = 0.5  # each delay is scaled by a random factor in [1 - jitter, 1]
    timeout: float = 30.0
    sleep: Callable[[float], None] = time.sleep
    rng: random.Random = field(default_factory=random.Random)

    @classmethod
    def fast(cls, **overrides: Any) -> RetryPolicy:
        """Millisecond delays, for tests and benchmarks."""
        values: dict[str, Any] = {
            "max_tries": 4,
            "base_delay": 0.001,
            "max_delay": 0.01,
            "max_retry_after": 0.05,
            "max_throttled_wait": 0.2,
            "max_throttled": 8,
            "timeout": 2.0,
        }
        values.update(overrides)
        return cls(**values)

    def delay(self, attempt: int, failure: Failure) -> float:
        """Seconds to wait after failed attempt number ``attempt`` (1-based)."""
        if failure.retry_after is not None:
            return min(failure.retry_after, self.max_retry_after)
        backoff = min(self.max_delay, self.base_delay * 2 ** (attempt - 1))
        if failure.status == 429 and self.max_throttled_delay is not None:
            backoff = min(backoff, self.max_throttled_delay)
        return backoff * (1 - self.jitter * self.rng.random())

    def call(
        self,
        fn: Callable[[], T],
        *,
        what: str,
        service: str = "the server",
        on_retry: Callable[[int, Failure, float], None] | None = None,
        classify_error: Callable[[BaseException], Failure] = classify,
    ) -> T:
        """``fn()``, retried on transient failures; ``what`` names it in the final error."""
        attempt = throttled = 0  # failed tries; 429 answers (which are not failures)
        waited = 0.0  # seconds waited out for 429s
        while True:
            try:
                return fn()
            except Exception as exc:
                failure = classify_error(exc)
                if not failure.transient:
                    raise
                if failure.status == 429:
                    throttled += 1
                    if waited >= self.max_throttled_wait or throttled > self.max_throttled:
                        raise RetriesExhausted(
                            redact(
                                f"{service} kept answering HTTP 429 (too many requests), "
                                f"{throttled} times in {_duration(waited)}, while fetching "
                                f"{what}: another client may "
                                "be using the same account's rate limit; everything fetched so "
                                "far is kept, re-run later to resume"
                            ),
                            failure,
                        ) from None
                    wait = self.delay(throttled, failure)
                    waited += wait
                    if on_retry is not None:
                        on_retry(throttled, failure, wait)
                    self.sleep(wait)
                    continue
                attempt += 1
                if attempt >= self.max_tries:
                    raise RetriesExhausted(
                        redact(
                            f"{service} kept failing ({failure.reason}) after {attempt} tries "
                            f"while fetching {what}; everything fetched so far is kept, re-run "
                            "later to resume"
                        ),
                        failure,
                    ) from None
                wait = self.delay(attempt, failure)
                if on_retry is not None:
                    on_retry(attempt, failure, wait)
                self.sleep(wait)


def _duration(seconds: float) -> str:
    """``45 s``, ``10 min``: how long 429s were waited out, for the giving-up line."""
    if seconds < 90:
        return f"{seconds:.0f} s"
    return f"{seconds / 60:.0f} min"
