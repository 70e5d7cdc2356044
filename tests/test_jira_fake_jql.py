"""The fake Jira understands docs/live.md's example JQL: ``type`` is Jira's alias of
``issuetype``."""

from __future__ import annotations

from pathlib import Path

import pytest

from connectors._http.retry import RetryPolicy
from connectors.credentials import JiraCredentials
from connectors.live.jira import fetch_jira_into_store
from connectors.store import Store
from tests.fakes.jira_server import FakeJira, JqlError


@pytest.fixture(scope="module")
def fake() -> FakeJira:
    with FakeJira(extra_issues=9) as fake:
        yield fake


def _types(fake: FakeJira, names: set[str]) -> set[str]:
    return {k for k, i in fake.issues.items() if i["fields"]["issuetype"]["name"] in names}


@pytest.mark.parametrize("deployment", ["Cloud", "Server"])
def test_readme_jql_fetches_the_stories(tmp_path: Path, deployment: str) -> None:
    with FakeJira(deployment=deployment, extra_issues=9) as fake:
        if fake.cloud:
            creds = JiraCredentials(server=fake.url, email=fake.email, api_token=fake.api_token)
        else:
            creds = JiraCredentials(server=fake.url, pat=fake.pat)
        with Store(tmp_path / "store.sqlite") as store:
            result = fetch_jira_into_store(
                store,
                jql="project = DEMO AND type = Story",
                credentials=creds,
                page_size=5,
                retry=RetryPolicy.fast(),
            )
            board = store.load_board(result.source_id)
        stories = _types(fake, {"Story"})
        assert len(stories) == 5 and result.fetched == 5
        assert {i.id for i in board.items} == stories


@pytest.mark.parametrize(
    ("jql", "names"),
    [
        ("issuetype = Story", {"Story"}),
        ('type = "story"', {"Story"}),  # names match whatever their case
        ("project = DEMO AND (issueType = Epic) ORDER BY created", {"Epic"}),
        ('type in (Story, "Bug")', {"Story", "Bug"}),
        ("type != Story", {"Epic", "Bug", "Subtask", "Task"}),
    ],
)
def test_issuetype_and_type_clauses(fake: FakeJira, jql: str, names: set[str]) -> None:
    assert {i["id"] for i in fake._select(jql)} == _types(fake, names)


@pytest.mark.parametrize("jql", ["type Story", "type in Story", "type ~ Story"])
def test_a_malformed_type_clause_is_jira_s_400(fake: FakeJira, jql: str) -> None:
    with pytest.raises(JqlError, match="Error in the JQL Query"):
        fake._select(jql)
