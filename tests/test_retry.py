"""The shared retry policy: what is retried, how long it waits, and when it gives up."""

from __future__ import annotations

import random

import pytest
import requests
from jira.exceptions import JIRAError
from trello.exceptions import ResourceUnavailable, Unauthorized

from analyzer.app import exit_code_for
from connectors._http.retry import (
    Failure,
    RetriesExhausted,
    RetryPolicy,
    classify,
    parse_retry_after,
)
from connectors.interface import RemoteError


class FakeResponse:
    def __init__(self, status: int, headers: dict[str, str] | None = None) -> None:
        self.status_code = status
        self.headers = headers or {}


def policy(**kw) -> tuple[RetryPolicy, list[float]]:
    slept: list[float] = []
    return RetryPolicy(sleep=slept.append, rng=random.Random(1), **kw), slept


def flaky(failures: list[BaseException], value: str = "ok"):
    calls = {"n": 0}

    def fn() -> str:
        calls["n"] += 1
        if failures:
            raise failures.pop(0)
        return value

    return fn, calls


def test_429_waits_what_retry_after_says() -> None:
    p, slept = policy()
    err = JIRAError("slow down", 429, response=FakeResponse(429, {"Retry-After": "7"}))
    fn, calls = flaky([err])
    assert p.call(fn, what="page 1") == "ok"
    assert slept == [7.0] and calls["n"] == 2


def test_retry_after_is_capped() -> None:
    p, slept = policy(max_retry_after=2.0)
    err = JIRAError("x", 429, response=FakeResponse(429, {"Retry-After": "3600"}))
    p.call(flaky([err])[0], what="x")
    assert slept == [2.0]


def test_retry_after_as_http_date() -> None:
    from datetime import UTC, datetime

    now = datetime(2026, 1, 1, 12, 0, 0, tzinfo=UTC)
    assert parse_retry_after("Thu, 01 Jan 2026 12:00:05 GMT", now) == 5.0
    assert parse_retry_after("garbage") is None and parse_retry_after(None) is None


def test_5xx_and_connection_errors_back_off_exponentially_with_jitter() -> None:
    p, slept = policy(base_delay=1.0, max_delay=100.0, jitter=0.5)
    errors: list[BaseException] = [
        JIRAError("boom", 500),
        requests.ConnectionError("reset"),
        requests.ReadTimeout("slow"),
        requests.exceptions.ChunkedEncodingError("cut"),
    ]
    p.call(flaky(errors)[0], what="x")
    assert len(slept) == 4
    for n, wait in enumerate(slept):
        assert 0.5 * 2**n <= wait <= 2**n
    assert len(set(slept)) == 4  # jitter: not a fixed schedule


def test_gives_up_after_max_tries_with_one_line_remote_error() -> None:
    p, slept = policy(max_tries=3)
    fn, calls = flaky([JIRAError("boom", 503)] * 5)
    with pytest.raises(RetriesExhausted) as info:
        p.call(fn, what="issues 51-100", service="Jira")
    assert calls["n"] == 3 and len(slept) == 2
    assert isinstance(info.value, RemoteError) and exit_code_for(info.value) == 3
    message = str(info.value)
    assert "\n" not in message and "HTTP 503" in message and "issues 51-100" in message


@pytest.mark.parametrize("status", [400, 401, 403, 404])
def test_client_errors_are_not_retried(status: int) -> None:
    p, slept = policy()
    fn, calls = flaky([JIRAError("no", status)])
    with pytest.raises(JIRAError):
        p.call(fn, what="x")
    assert calls["n"] == 1 and slept == []


def test_py_trello_errors_are_understood() -> None:
    assert classify(ResourceUnavailable("x", FakeResponse(500))).transient
    assert not classify(Unauthorized("x", FakeResponse(401))).transient
    assert classify(ResourceUnavailable("x", FakeResponse(429))).status == 429


def test_unknown_errors_are_not_retried() -> None:
    assert classify(KeyError("x")) == Failure(False, "KeyError")


def test_final_message_is_redacted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRELLO_TOKEN", "tok-secret-123")
    p, _ = policy(max_tries=1)
    with pytest.raises(RetriesExhausted) as info:
        p.call(flaky([requests.ConnectionError("x")])[0], what="/1/boards?token=tok-secret-123")
    assert "tok-secret-123" not in str(info.value)


def test_on_retry_reports_each_wait() -> None:
    p, _ = policy()
    seen: list[tuple[int, str]] = []
    p.call(
        flaky([JIRAError("x", 502)])[0],
        what="x",
        on_retry=lambda n, f, w: seen.append((n, f.reason)),
    )
    assert seen == [(1, "HTTP 502")]


def test_fast_policy_for_tests() -> None:
    fast = RetryPolicy.fast(max_tries=2)
    assert fast.max_tries == 2 and fast.max_delay <= 0.01 and fast.timeout <= 2


def test_a_storm_of_429s_is_waited_out_not_counted_as_failures() -> None:
    # Another client sharing the account's limit: ten 429s in a row, more than max_tries.
    p, slept = policy(max_tries=3)
    storm = [JIRAError("slow", 429, response=FakeResponse(429, {"Retry-After": "2"}))] * 10
    fn, calls = flaky([*storm, JIRAError("boom", 503)])
    assert p.call(fn, what="page 1") == "ok"
    assert calls["n"] == 12 and slept[:10] == [2.0] * 10


def test_429s_give_up_after_the_throttled_wait_budget_in_one_line() -> None:
    p, slept = policy(max_throttled_wait=30.0)
    fn, calls = flaky(
        [JIRAError("slow", 429, response=FakeResponse(429, {"Retry-After": "7"}))] * 9
    )
    with pytest.raises(RetriesExhausted) as info:
        p.call(fn, what="issues 51-100", service="Jira")
    assert slept == [7.0] * 5 and calls["n"] == 6  # 35 s waited: over the 30 s budget
    message = str(info.value)
    assert exit_code_for(info.value) == 3 and "\n" not in message
    assert message.startswith("Jira kept answering HTTP 429 (too many requests), 6 times in 35 s,")
    assert "issues 51-100" in message and "re-run later to resume" in message


def test_a_server_answering_429_with_retry_after_0_forever_is_not_waited_on_forever() -> None:
    p, slept = policy(max_throttled=20)
    err = JIRAError("slow", 429, response=FakeResponse(429, {"Retry-After": "0"}))
    fn, calls = flaky([err] * 50)
    with pytest.raises(RetriesExhausted, match=r"HTTP 429 \(too many requests\), 21 times in 0 s"):
        p.call(fn, what="x", service="Jira")
    assert calls["n"] == 21 and slept == [0.0] * 20


def test_429s_without_retry_after_back_off_at_most_max_throttled_delay() -> None:
    """Trello's 429s carry no Retry-After: they backed off like a 5xx to 60 s each although its
    window is 10 s (eight in a row took 131 s, session 31's walk)."""
    p, slept = policy(jitter=0.0, max_throttled_delay=10.0)
    fn, _ = flaky([ResourceUnavailable("slow", FakeResponse(429))] * 8)
    assert p.call(fn, what="x") == "ok"
    assert slept == [1.0, 2.0, 4.0, 8.0, 10.0, 10.0, 10.0, 10.0]
    p, slept = policy(jitter=0.0, max_throttled_delay=10.0, max_tries=8)
    p.call(flaky([JIRAError("boom", 503)] * 7)[0], what="x")  # a 5xx is not capped by it
    assert slept == [1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 60.0]
