"""A Jira fetch says why it waits in a note line on stderr, with or without a terminal: a 429
(once a minute while they last) and a retried failure ("HTTP 503 while fetching …: retry 1 of
3 …"). Before, the only word of it was the progress bar's text — nothing when stderr was a
pipe — as Trello's fetch until session 31 (tests/test_trello_cli.py)."""

from __future__ import annotations

import logging

from connectors._http.retry import Failure
from connectors._http.waits import WaitLines
from connectors.live.jira.pacing import THROTTLED_LINE, wait_line
from tests.fakes import jira_cli
from tests.fakes.http import Status
from tests.fakes.jira_cli import SEARCH, run, secrets
from tests.fakes.jira_server import FakeJira

NOTE = "backlog-analyzer: note: "

# the fake Jira and the CLI against it (tests/fakes/jira_cli.py): fixtures, found by name here
fake, env = jira_cli.fake, jira_cli.env


def _notes(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith(NOTE)]


def _no_secrets(fake: FakeJira, *texts: str) -> None:
    for secret in secrets(fake):
        assert all(secret not in text for text in texts)


def test_waiting_for_jiras_rate_limit_is_said_once(env, fake):
    busy = Status(429, {"errorMessages": ["Rate limit exceeded"]}, {"Retry-After": "0"})
    fake.inject(busy, path=SEARCH, times=3)
    result = run("fetch", "jira", "--project", "DEMO")
    assert result.exit_code == 0, result.output
    assert "Fetched 15 Jira issues" in result.stdout
    assert _notes(result) == [NOTE + THROTTLED_LINE]
    _no_secrets(fake, result.stdout, result.stderr)


def test_a_retried_failure_is_said_with_what_was_being_fetched(env, fake):
    fake.inject(Status(503), path=SEARCH, times=1)
    result = run("fetch", "jira", "--project", "DEMO")
    assert result.exit_code == 0, result.output
    (note,) = _notes(result)
    assert note.startswith(NOTE + "HTTP 503 while fetching the first page of issues")
    assert ": retry 1 of 3 in " in note and note.endswith("; the fetch goes on by itself")


def test_scan_jira_says_it_too(env, fake):
    fake.inject(Status(429, {}, {"Retry-After": "0"}), path=SEARCH, times=2)
    result = run("scan", "jira", "DEMO", "--format", "json")
    assert result.exit_code == 0, result.output
    assert _notes(result)[:1] == [NOTE + THROTTLED_LINE]


def test_a_cause_is_said_once_a_minute_while_it_lasts():
    now = [0.0]
    records: list[str] = []

    class Kept(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record.getMessage())

    logger = logging.getLogger("tests.waits")
    logger.addHandler(handler := Kept())
    logger.setLevel(logging.INFO)
    try:
        waits = WaitLines(logger, 60.0, clock=lambda: now[0])
        for moment in (0.0, 1.0, 59.0, 60.0, 61.0):
            now[0] = moment
            waits.say("429", "busy")
        waits.say("HTTP 503", "down")
    finally:
        logger.removeHandler(handler)
    assert records == ["busy", "busy", "down"]


def test_the_line_names_the_cause():
    assert wait_line("x", Failure(True, "HTTP 429", 429), 3, 5, 1.0) == ("429", THROTTLED_LINE)
    cause, line = wait_line("issues 51–100 of 230", Failure(True, "timeout"), 2, 5, 4.04)
    assert cause == "timeout"
    assert line == (
        "timeout while fetching issues 51–100 of 230: retry 2 of 4 in 4.0 s; "
        "the fetch goes on by itself"
    )
