"""A rejected token's line names where the user gave it: the variables, or the keys of the
credentials file (session 31: credentials from ~/.config/backlog-analyzer/credentials.toml were
refused with "check JIRA_EMAIL and JIRA_API_TOKEN", variables the user had never set)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from trello.exceptions import ResourceUnavailable

from connectors.credentials import config_path, jira_credentials, trello_credentials
from connectors.live.jira.errors import http_error
from connectors.live.trello.transport import trello_error

TOKEN = "ATATT3-a-token-of-some-length-0001"


def _jira_401(env: dict[str, str], file: dict[str, str], *, cloud: bool = True) -> str:
    creds = jira_credentials(env=env, config={"jira": {"server": "https://x.example", **file}})
    error = http_error(
        "https://x.example",
        401,
        Exception(),
        "the server info",
        query=False,
        cloud=cloud,
        basic=creds.has_basic,
        from_file=creds.from_file,
    )
    return str(error)


@pytest.mark.parametrize(
    "env, file, named",
    [
        (
            {"JIRA_EMAIL": "a@b.example", "JIRA_API_TOKEN": TOKEN},
            {},
            "JIRA_EMAIL and JIRA_API_TOKEN",
        ),
        ({}, {"email": "a@b.example", "api_token": TOKEN}, "email and api_token under [jira] in"),
        (
            {"JIRA_EMAIL": "a@b.example"},
            {"api_token": TOKEN},
            "JIRA_EMAIL and api_token under [jira] in",
        ),
        ({}, {"pat": TOKEN}, "pat under [jira] in"),
    ],
)
def test_a_rejected_jira_token_names_where_it_was_given(env, file, named):
    message = _jira_401(env, file, cloud="pat" not in file)
    assert f"rejected the credentials (HTTP 401); check {named}" in message
    if "under" in named:
        assert str(config_path()) in message
    assert TOKEN not in message


@pytest.mark.parametrize(
    "env, file, named",
    [
        (
            {"TRELLO_API_KEY": "k" * 32, "TRELLO_TOKEN": TOKEN},
            {},
            "check TRELLO_API_KEY and TRELLO_TOKEN (",
        ),
        ({}, {"api_key": "k" * 32, "token": TOKEN}, "check api_key and token under [trello] in"),
    ],
)
def test_a_rejected_trello_token_names_where_it_was_given(env, file, named):
    creds = trello_credentials(env=env, config={"trello": file})
    bad = ResourceUnavailable("invalid token", SimpleNamespace(status_code=401))
    message = str(trello_error(bad, "the board", None, creds.from_file))
    assert message.startswith("Trello rejected the API key or token (invalid token); ")
    assert named in message and TOKEN not in message
