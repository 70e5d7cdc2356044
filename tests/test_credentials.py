"""Credentials from env / owner-only config file, and redaction of every known secret."""

from __future__ import annotations

import base64
import os
from pathlib import Path

import pytest

from connectors import credentials as cr

SECRET = "s3cr3t-TOKEN-value/+="


@pytest.fixture(autouse=True)
def _clean(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in (*cr.SECRET_ENV, "JIRA_SERVER", "JIRA_EMAIL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv(cr.CONFIG_ENV, str(tmp_path / "none.toml"))
    monkeypatch.setattr(cr, "_secrets", set())


def write_config(path: Path, text: str, mode: int) -> Path:
    path.write_text(text)
    path.chmod(mode)
    return path


CONFIG = f"""
[jira]
server = "https://file.example"
email = "file@example.com"
api_token = "{SECRET}"
pat = "pat-from-the-file"

[trello]
api_key = "trello-key-from-file"
token = "trello-token-from-file"
"""


def test_environment_wins_over_the_file(tmp_path: Path) -> None:
    path = write_config(tmp_path / "c.toml", CONFIG, 0o600)
    env = {"JIRA_SERVER": "https://env.example", "JIRA_API_TOKEN": "env-token"}
    creds = cr.jira_credentials(env=env, config=cr.load_config(path))
    assert creds.server == "https://env.example"
    assert creds.api_token == "env-token"
    assert creds.email == "file@example.com"  # not in env: from the file
    assert creds.has_basic and creds.has_pat


def test_server_argument_wins_over_everything() -> None:
    creds = cr.jira_credentials("https://arg.example", env={"JIRA_SERVER": "x"}, config={})
    assert creds.server == "https://arg.example"


def test_owner_only_file_is_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(cr.CONFIG_ENV, str(write_config(tmp_path / "c.toml", CONFIG, 0o600)))
    warnings: list[str] = []
    creds = cr.trello_credentials(env={}, warn=warnings.append)
    assert creds.api_key == "trello-key-from-file" and creds.complete
    assert warnings == []


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_file_readable_by_others_is_ignored_with_a_warning(tmp_path: Path) -> None:
    path = write_config(tmp_path / "c.toml", CONFIG, 0o644)
    warnings: list[str] = []
    assert cr.load_config(path, warn=warnings.append) == {}
    assert len(warnings) == 1 and "chmod 600" in warnings[0] and str(path) in warnings[0]
    assert SECRET not in warnings[0]
    creds = cr.jira_credentials(env={}, config=cr.load_config(path, warn=lambda m: None))
    assert creds.api_token is None


def test_bad_toml_is_ignored_without_quoting_it(tmp_path: Path) -> None:
    path = write_config(tmp_path / "c.toml", f'[jira]\napi_token = "{SECRET}\n', 0o600)
    warnings: list[str] = []
    assert cr.load_config(path, warn=warnings.append) == {}
    assert "not valid TOML" in warnings[0] and SECRET not in warnings[0]


def test_missing_file_is_silently_empty(tmp_path: Path) -> None:
    warnings: list[str] = []
    assert cr.load_config(tmp_path / "nope.toml", warn=warnings.append) == {}
    assert warnings == []


def test_config_env_pointing_at_a_directory_warns_and_env_still_works(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(cr.CONFIG_ENV, str(tmp_path))
    warnings: list[str] = []
    env = {"TRELLO_API_KEY": "key-from-env", "TRELLO_TOKEN": "token-from-env"}
    creds = cr.trello_credentials(env=env, warn=warnings.append)
    assert creds.api_key == "key-from-env" and creds.complete
    assert len(warnings) == 1 and "\n" not in warnings[0]
    assert f"ignoring the credentials file {tmp_path}: it is a directory" in warnings[0]
    assert cr.CONFIG_ENV in warnings[0]


@pytest.mark.skipif(os.name != "posix", reason="POSIX fifo")
def test_config_that_is_not_a_regular_file_warns_without_opening_it(tmp_path: Path) -> None:
    fifo = tmp_path / "c.toml"
    os.mkfifo(fifo)  # opening it would block
    warnings: list[str] = []
    assert cr.load_config(fifo, warn=warnings.append) == {}
    assert warnings == [f"ignoring the credentials file {fifo}: it is not a regular file"]


def test_unreadable_config_warns_and_env_still_works(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_config(tmp_path / "c.toml", CONFIG, 0o600)
    real_stat = Path.stat

    def denied(self: Path, *args, **kwargs):
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return real_stat(self, *args, **kwargs)

    # Root reads any file, so the refusal is made here rather than with chmod.
    monkeypatch.setattr(Path, "stat", denied)
    monkeypatch.setenv(cr.CONFIG_ENV, str(path))
    warnings: list[str] = []
    creds = cr.jira_credentials(env={"JIRA_SERVER": "https://env.example"}, warn=warnings.append)
    assert creds.server == "https://env.example" and creds.api_token is None
    assert warnings == [f"ignoring the credentials file {path}: cannot read it (Permission denied)"]
    assert SECRET not in warnings[0]


def test_default_config_path_is_in_the_user_config_dir(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(cr.CONFIG_ENV)
    path = cr.config_path()
    assert path.name == "credentials.toml" and path.parent.name == "backlog-analyzer"


def test_repr_hides_secrets() -> None:
    creds = cr.JiraCredentials("https://x", "me@x", SECRET, "pat-value")
    assert SECRET not in repr(creds) and "pat-value" not in repr(creds)
    assert SECRET not in repr(cr.TrelloCredentials(SECRET, SECRET))


def test_redact_masks_loaded_secrets_in_every_form(tmp_path: Path) -> None:
    path = write_config(tmp_path / "c.toml", CONFIG, 0o600)
    cr.jira_credentials(env={}, config=cr.load_config(path))
    basic = base64.b64encode(f"file@example.com:{SECRET}".encode()).decode()
    from urllib.parse import quote

    text = f"a {SECRET} b {quote(SECRET, safe='')} c Basic {basic} d pat-from-the-file"
    out = cr.redact(text)
    assert SECRET not in out and basic not in out and quote(SECRET, safe="") not in out
    assert "pat-from-the-file" not in out
    assert out.count("***") == 4


def test_redact_masks_secret_env_vars_even_if_never_loaded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TRELLO_TOKEN", "tok-abcdef")
    assert cr.redact("https://api.trello.com/1/boards?token=tok-abcdef") == (
        "https://api.trello.com/1/boards?token=***"
    )


def test_redact_leaves_short_values_and_plain_text_alone() -> None:
    cr.register_secret("ab")
    assert cr.redact("ab cd") == "ab cd"
    assert cr.redact(ValueError("plain")) == "plain"


def test_protected_loggers_mask_secrets(caplog: pytest.LogCaptureFixture) -> None:
    import logging

    cr.register_secret("log-secret-value")
    cr.protect_loggers("backlog_analyzer.test")
    cr.protect_loggers("backlog_analyzer.test")  # idempotent
    with caplog.at_level(logging.INFO, logger="backlog_analyzer.test"):
        logging.getLogger("backlog_analyzer.test").info("token=%s", "log-secret-value")
    assert "log-secret-value" not in caplog.text and "token=***" in caplog.text
