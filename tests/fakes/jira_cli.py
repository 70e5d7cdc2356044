"""The Jira CLI tests' set-up, once: the fake Jira of 14 issues in pages of 5 (``fake``), the
CLI against it (``env``), ``run`` and the secrets no output may show. The two fixtures are
imported by name into the modules that use them (tests/test_live_cli.py,
tests/test_jira_waits_said.py)."""

from __future__ import annotations

import base64

import pytest
from typer.testing import CliRunner

from analyzer.cli import app
from tests.cli_helpers import against_fake
from tests.fakes.jira_server import FakeJira

SEARCH = "/rest/api/3/search/jql"  # the Cloud search the fetch pages through


@pytest.fixture
def fake():
    with FakeJira(extra_issues=9, max_page=5) as server:  # Jira caps pages: 3 pages of 5
        yield server


@pytest.fixture
def env(monkeypatch, tmp_path, fake):
    return against_fake(monkeypatch, tmp_path, fake.env(), timeout=0.5)


def run(*args: str):
    return CliRunner().invoke(app, list(args))


def secrets(fake: FakeJira) -> list[str]:
    """The fake's API token, PAT and Basic credentials: what no output, log or store holds."""
    basic = base64.b64encode(f"{fake.email}:{fake.api_token}".encode()).decode()
    return [fake.api_token, fake.pat, basic]
