"""``fetch jira --workers N --rate-limit N/SECONDS``: the CLI, the real jira client, the fake."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from analyzer.cli import app
from tests.cli_helpers import against_fake
from tests.fakes.jira_server import FakeJira


@pytest.fixture
def fake():
    # 60 issues, 5 a page: big enough for several requests in flight; says nothing of its limit.
    options = {"histories_in_search": 100, "comments_in_search": 100, "rate_headers": False}
    with FakeJira(extra_issues=54, max_page=5, rate_limit=(8, 0.2, 1), **options) as server:
        yield server


@pytest.fixture
def env(monkeypatch, tmp_path, fake):
    return against_fake(monkeypatch, tmp_path, fake.env(), timeout=0.5, max_retry_after=2.0)


def run(*args: str):
    return CliRunner().invoke(app, list(args))


def test_rate_limit_option_keeps_the_client_under_it(env, fake) -> None:
    result = run("fetch", "jira", "--project", "DEMO", "--rate-limit", "8/0.2")
    assert result.exit_code == 0, result.output
    assert "Fetched 60 Jira issues" in result.stdout
    assert fake.http.throttled == 0
    groups = [r for r in fake.searches() if "id in" in (r.arg("jql") or "")]
    assert groups  # fetched several at once (4 workers by default)


def test_workers_1_fetches_one_page_after_the_other(env, fake) -> None:
    result = run("fetch", "jira", "--project", "DEMO", "--rate-limit", "8/0.2", "--workers", "1")
    assert result.exit_code == 0, result.output
    assert [r for r in fake.searches() if "id in" in (r.arg("jql") or "")] == []
    assert len(fake.searches()) == 12 and fake.http.throttled == 0


@pytest.mark.parametrize("value", ["100", "x/10", "0/10", "10/0", "10/-1", "ten/10"])
def test_a_bad_rate_limit_is_one_line(env, value: str) -> None:
    result = run("fetch", "jira", "--project", "DEMO", "--rate-limit", value)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and re.search(r"--rate-limit is N/SECONDS .*e\.g\. 100/10", lines[0])


@pytest.mark.parametrize("value", ["0", "17"])
def test_workers_out_of_range_is_one_line(env, value: str) -> None:
    result = run("fetch", "jira", "--project", "DEMO", "--workers", value)
    assert result.exit_code == 2
    assert "--workers must be from 1 to 16" in result.stderr
