"""An incremental Jira fetch starts from the server info and field list the last complete fetch
of the same source kept (connectors.live.jira.memo, session 33): two requests fewer per run, the
account still asked; refreshed once a day and on --full; nothing secret kept."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta

import pytest

from connectors._http.retry import RetryPolicy
from connectors.interface import AuthError
from connectors.live.jira import fetch_jira_into_store
from connectors.live.jira.memo import MAX_AGE, SiteMemo
from connectors.store import Store
from tests.fakes.jira_server import FakeJira
from tests.test_jira_live import creds_for


def fetch(fake: FakeJira, store: Store, **kw):
    kw.setdefault("credentials", creds_for(fake))
    return fetch_jira_into_store(store, project="DEMO", retry=RetryPolicy.fast(), **kw)


def asked(fake: FakeJira) -> list[str]:
    return sorted(re.sub(r"/rest/api/\d/", "/", r.path) for r in fake.requested())


def kept(store: Store, source_id: int) -> dict:
    return store.sync_state(source_id).cursor


@pytest.mark.parametrize("deployment", ["Cloud", "Server"])
def test_an_incremental_run_asks_the_account_and_the_search_only(store, deployment):
    with FakeJira(deployment=deployment, extra_issues=9) as fake:
        first = fetch(fake, store)
        fake.touch("DEMO-2")
        fake.reset_requests()
        second = fetch(fake, store)
        search = "/search/jql" if fake.cloud else "/search"
        assert asked(fake) == ["/myself", search]
        board = store.load_board(second.source_id)
    assert second.incremental and second.fetched == 1
    assert second.deployment == first.deployment == deployment
    assert len(board.items) == 15
    site = kept(store, second.source_id)["site"]
    assert site["deployment"] == deployment and site["basic"] is fake.cloud


def test_nothing_secret_or_personal_is_kept(store):
    with FakeJira(extra_issues=9) as fake:
        result = fetch(fake, store)
        text = json.dumps(kept(store, result.source_id))
    assert fake.api_token not in text and fake.email not in text
    assert set(json.loads(text)["site"]) == {"deployment", "basic", "fields", "asked_at"}
    for field in json.loads(text)["site"]["fields"]:
        assert set(field) <= {"id", "name", "schema", "clauseNames"}


def test_the_memo_is_asked_again_after_a_day_and_on_a_full_run(store):
    with FakeJira(extra_issues=9) as fake:
        result = fetch(fake, store)
        memo = kept(store, result.source_id)
        stale = datetime.now(UTC) - MAX_AGE - timedelta(minutes=1)
        memo["site"]["asked_at"] = stale.isoformat()
        store.finish_sync(result.source_id, memo)  # (as if kept a day ago)
        fake.reset_requests()
        fetch(fake, store)
        assert asked(fake) == ["/field", "/myself", "/search/jql", "/serverInfo"]
        fresh = datetime.fromisoformat(kept(store, result.source_id)["site"]["asked_at"])
        assert fresh > stale + MAX_AGE
        fake.reset_requests()
        fetch(fake, store)  # within the day: from the memo
        assert asked(fake) == ["/myself", "/search/jql"]
        fake.reset_requests()
        fetch(fake, store, full=True)
        assert {"/field", "/serverInfo"} <= set(asked(fake))


def test_a_wrong_token_still_fails_in_one_line_on_an_incremental_run(store):
    with FakeJira(extra_issues=9) as fake:
        fetch(fake, store)
        with pytest.raises(AuthError) as info:
            fetch(fake, store, credentials=creds_for(fake, api_token="wrong-token"))
    message = str(info.value)
    assert "\n" not in message and "401" in message and "JIRA_EMAIL and JIRA_API_TOKEN" in message
    assert "wrong-" not in message


def test_a_memo_for_the_other_way_in_or_unreadable_is_not_used():
    now = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
    good = SiteMemo("Server", False, [{"id": "summary"}], now - timedelta(hours=1))
    assert SiteMemo.read(good.kept(), basic=False, now=now) == good
    assert SiteMemo.read(good.kept(), basic=True, now=now) is None  # kept for a PAT
    assert SiteMemo.read(good.kept(), basic=False, now=now + MAX_AGE) is None  # too old
    assert SiteMemo.read(good.kept(), basic=False, now=now - timedelta(hours=2)) is None
    for broken in (None, {}, {"site": []}, {"site": {"deployment": "Cloud"}}, {"token": "x"}):
        assert SiteMemo.read(broken, basic=True, now=now) is None
    naive = good.kept()
    naive["site"]["asked_at"] = "2026-12-07T11:00:00"
    assert SiteMemo.read(naive, basic=False, now=now) is None


def test_a_field_made_since_the_kept_list_is_asked_for_and_read_again(store):
    """A change made after the kept field list was asked names a custom field it lacks (a team
    added "Acceptance Criteria" today): the field list is asked again, the issues read with it."""
    with FakeJira(extra_issues=9) as fake:
        fetch(fake, store)
        new = {
            "id": "customfield_19999",
            "name": "Acceptance Criteria",
            "custom": True,
            "schema": {"type": "string", "custom": "textarea"},
            "clauseNames": ["cf[19999]", "Acceptance Criteria"],
        }
        fake.field_list.append(new)
        issue = fake.touch("DEMO-2")
        issue["fields"]["customfield_19999"] = "Given a payout, when it fails, then we retry"
        issue["changelog"]["histories"][-1]["items"].append(
            {"field": "Acceptance Criteria", "fieldtype": "custom", "fieldId": new["id"]}
        )
        fake.reset_requests()
        result = fetch(fake, store)
        searches = fake.searches()
        paths = asked(fake)
        fake.reset_requests()
        fetch(fake, store)
        after = asked(fake)
    assert result.fetched == 1
    assert paths.count("/field") == 1 and "/serverInfo" not in paths
    assert len(searches) == 2 and new["id"] in str(searches[-1].query.get("fields"))
    assert new["id"] not in str(searches[0].query.get("fields"))
    kept_fields = kept(store, result.source_id)["site"]["fields"]
    assert new["id"] in {f["id"] for f in kept_fields}
    assert after == ["/myself", "/search/jql"]  # the refreshed list is kept in turn
