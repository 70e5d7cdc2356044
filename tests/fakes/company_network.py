"""What the company-network tests share (tests/test_company_network.py,
test_system_trust.py, test_proxy_windows_login.py): a server certificate signed by a test CA,
the CLI run against the fake Jira or Trello, and the secrets no line may show. The CA and the
cleared network variables are fixtures in tests/conftest.py (``ca``, ``network``, ``trusted``)."""

from __future__ import annotations

import socket
import ssl

import trustme
from typer.testing import CliRunner

import analyzer.live as live_lib
from analyzer.cli import app
from tests.cli_helpers import against_fake
from tests.fakes.jira_server import FakeJira
from tests.fakes.trello_server import CREDENTIALS_ENV, KEY, TOKEN, FakeTrello

__all__ = [
    "PASSWORD",
    "closed_port",
    "jira_env",
    "no_secrets",
    "run",
    "server_context",
    "trello_env",
]

#: The password of the fake proxy's user (never shown in a line).
PASSWORD = "proxy-pass-w0rd"


def server_context(ca: trustme.CA, *names: str) -> ssl.SSLContext:
    """A server's TLS context with a certificate ``ca`` signed (for 127.0.0.1 and localhost)."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert(*(names or ("127.0.0.1", "localhost"))).configure_cert(context)
    return context


def run(*args: str):
    """The CLI run with ``args`` (its result: exit code, stdout, stderr)."""
    return CliRunner().invoke(app, list(args))


def jira_env(monkeypatch, tmp_path, fake: FakeJira, **env: str):
    """The CLI's environment against ``fake`` (its credentials, ``env`` beside them)."""
    return against_fake(monkeypatch, tmp_path, {**fake.env(), **env}, timeout=5.0)


def trello_env(monkeypatch, tmp_path, fake: FakeTrello):
    """The CLI's environment against the fake Trello ``fake``."""
    against_fake(monkeypatch, tmp_path, CREDENTIALS_ENV, timeout=5.0)
    monkeypatch.setenv(live_lib.API_URL_ENV, fake.url)


def no_secrets(result, *more: str) -> None:
    """No token, key or password (nor ``more``) in the CLI's output."""
    for secret in ("fake-jira-pat", KEY, TOKEN, PASSWORD, *more):
        assert secret not in result.output


def closed_port() -> int:
    """A local port nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
