"""Helpers shared by the tests that drive the CLI in this process."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pytest

JIRA_VARIABLES = ("JIRA_SERVER", "JIRA_EMAIL", "JIRA_API_TOKEN", "JIRA_PAT")


def run_ok(*args: object) -> str:
    """The stdout of a CLI command (``args`` as strings) that must succeed (exit 0)."""
    from typer.testing import CliRunner

    from analyzer.cli import app

    result = CliRunner().invoke(app, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result.stdout


def flat(text: str) -> str:
    """A rendered report's text on one line, Markdown's escapes out (a sentence wrapped or
    escaped reads as one)."""
    return " ".join(text.replace("\\", "").split())


def one_error_line(result) -> str:
    """The one ``backlog-analyzer: error: …`` line a failed command printed, with no traceback."""
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("backlog-analyzer: error: "), lines[0]
    return lines[0]


def against_fake(
    monkeypatch: pytest.MonkeyPatch, home: Path, credentials: Mapping[str, str], **policy
) -> Path:
    """The CLI against a fake server: of the Jira variables only ``credentials``' set (they and
    any others in it), no config file, the store ``home/store.sqlite``, and every retry policy
    ``RetryPolicy.fast(**policy)``."""
    import analyzer.live as live_lib
    from connectors._http.retry import RetryPolicy

    for name in JIRA_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    for name, value in credentials.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("BACKLOG_ANALYZER_CONFIG", str(home / "no-config.toml"))
    monkeypatch.setenv("BACKLOG_ANALYZER_DB", str(home / "store.sqlite"))
    monkeypatch.setattr(live_lib, "retry_policy", lambda timeout: RetryPolicy.fast(**policy))
    return home
