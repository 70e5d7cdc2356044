"""Live Jira connector: the real ``jira`` client over HTTP against tests/fakes/jira_server.py."""

from __future__ import annotations

import base64
import threading
from datetime import timedelta

import pytest

from analyzer.app import exit_code_for
from connectors._http.retry import RetryPolicy
from connectors.credentials import JiraCredentials, config_path
from connectors.interface import ActivityKind, AuthError, NotFoundError, RemoteError, SourceError
from connectors.live.jira import JiraLiveConnector, clean_server_url, fetch_jira_into_store
from connectors.store import Store
from tests.fakes.http import Cut, Drop, Gate, Status
from tests.fakes.jira_server import FakeJira


def creds_for(fake: FakeJira, **override: str | None) -> JiraCredentials:
    values = {"server": fake.url, "email": None, "api_token": None, "pat": None}
    if fake.cloud:
        values.update(email=fake.email, api_token=fake.api_token)
    else:
        values.update(pat=fake.pat)
    values.update(override)
    return JiraCredentials(**values)


def fetch(fake: FakeJira, store: Store, *, retry: RetryPolicy | None = None, **kw):
    kw.setdefault("project", "DEMO")
    kw.setdefault("page_size", 5)
    kw.setdefault("credentials", creds_for(fake))
    return fetch_jira_into_store(store, retry=retry or RetryPolicy.fast(), **kw)


@pytest.fixture
def cloud() -> FakeJira:
    with FakeJira(extra_issues=9, histories_in_search=3, comments_in_search=1) as fake:
        yield fake


@pytest.fixture
def server() -> FakeJira:
    with FakeJira(deployment="Server", extra_issues=9, histories_in_search=3) as fake:
        yield fake


def by_key(board):
    return {i.key: i for i in board.items}


# -- Cloud and Server paths ---------------------------------------------------------------------


def test_cloud_fetch_uses_enhanced_search_with_page_tokens(cloud: FakeJira, store: Store) -> None:
    result = fetch(cloud, store)
    assert result.deployment == "Cloud" and result.fetched == 15 and result.total == 15
    searches = cloud.searches()
    assert len(searches) == 3  # 15 issues, 5 per page
    assert searches[0].arg("nextPageToken") is None
    assert all(s.arg("nextPageToken") for s in searches[1:])
    assert cloud.requested(r"/rest/api/\d/search") == []  # the retired endpoints
    board = store.load_board(result.source_id)
    assert len(board.items) == len({i.id for i in board.items}) == 15
    assert board.origin == cloud.url


def test_server_fetch_uses_v2_search_with_start_at(server: FakeJira, store: Store) -> None:
    result = fetch(server, store)
    assert result.deployment == "Server" and result.fetched == 15
    assert [s.arg("startAt") for s in server.searches()] == ["0", "5", "10"]
    assert server.requested("/rest/api/3/.*") == []
    board = store.load_board(result.source_id)
    demo3 = by_key(board)["DEMO-3"]
    assert demo3.description.startswith("Steps: invite a teammate")  # wiki text on v2
    assert all(p.startswith("JIRAUSER") for p in board.people)


def test_fields_and_adf_are_mapped(cloud: FakeJira, store: Store) -> None:
    board = store.load_board(fetch(cloud, store).source_id)
    items = by_key(board)
    epic, story, bug, sub = items["DEMO-1"], items["DEMO-2"], items["DEMO-3"], items["DEMO-4"]
    assert "activation above 40%" in epic.description and "Interview five" in epic.description
    assert "Acceptance criteria" in story.description  # ADF flattened to text
    assert (epic.hierarchy_level, story.hierarchy_level, sub.hierarchy_level) == (1, 0, -1)
    assert story.parent == "DEMO-1" and sub.parent == "DEMO-2"
    assert story.sprint == "DEMO Sprint 2" and bug.sprint == "DEMO Sprint 1"
    assert story.rank == "0|i0001b:" and story.priority == "Medium"
    assert story.status == "In Review" and story.status_category == "in progress"
    assert bug.status_category == "done" and bug.resolved is not None
    assert story.labels == ["onboarding"] and story.components == ["Onboarding"]
    assert story.fix_versions == ["2026.11"]
    assert story.url == f"{cloud.url}/browse/DEMO-2"
    kinds = {(a.field, a.kind) for a in board.activities if a.item_id == story.id}
    assert ("status", ActivityKind.MOVED) in kinds
    assert ("Rank", ActivityKind.PRIORITISED) in kinds
    assert ("Sprint", ActivityKind.PRIORITISED) in kinds
    assert ("assignee", ActivityKind.ASSIGNED) in kinds
    assert ("Fix Version", ActivityKind.FIELD_CHANGED) in kinds
    parent_moves = [a for a in board.activities if a.field == "Parent" and a.item_id == "10005"]
    assert len(parent_moves) == 2
    comments = [a for a in board.activities if a.kind is ActivityKind.COMMENTED]
    assert any(a.text == "Batch them: one request, one confirmation toast." for a in comments)
    assert board.people["5b10a2844c20165700ede21g"].display_name == "Ana Ruiz"


def test_sprint_field_is_found_by_name_whatever_its_id(store: Store) -> None:
    with FakeJira() as fake:
        for f in fake.field_list:
            if f["name"] == "Sprint":
                f["id"] = f["key"] = "customfield_10555"
                f["schema"] = {"type": "array", "custom": "other:type", "customId": 10555}
        for issue in fake.issues.values():
            issue["fields"]["customfield_10555"] = issue["fields"].pop("customfield_10020")
        board = store.load_board(fetch(fake, store).source_id)
        asked = fake.searches()[0].query["fields"]
    assert "customfield_10555" in asked and "customfield_10020" not in asked
    assert by_key(board)["DEMO-2"].sprint == "DEMO Sprint 2"


@pytest.mark.parametrize("deployment", ["Cloud", "Server"])
def test_acceptance_criteria_in_a_field_of_their_own_are_asked_for_and_read(
    deployment: str, store: Store
) -> None:
    with FakeJira(deployment=deployment) as fake:
        fake.field_list.append(
            {
                "id": "customfield_10700",
                "key": "customfield_10700",
                "name": "Criterios de aceptación",
                "custom": True,
                "schema": {"type": "string", "custom": "textarea", "customId": 10700},
                "clauseNames": ["cf[10700]"],
            }
        )
        issue = next(i for i in fake.issues.values() if i["key"] == "DEMO-2")
        issue["fields"]["customfield_10700"] = "* el total cuadra\n* se guarda"
        board = store.load_board(fetch(fake, store).source_id)
        asked = fake.searches()[0].query["fields"]
    assert "customfield_10700" in asked
    assert by_key(board)["DEMO-2"].checklist_items == ["el total cuadra", "se guarda"]
    assert by_key(board)["DEMO-3"].checklist_items == []


@pytest.mark.parametrize("deployment", ["Cloud", "Server"])
def test_truncated_changelogs_and_comments_are_paged(deployment: str, store: Store) -> None:
    with FakeJira(deployment=deployment, histories_in_search=3, comments_in_search=2) as fake:
        fake.add_histories("DEMO-3", 250)
        fake.add_comments("DEMO-2", 130)
        board = store.load_board(fetch(fake, store).source_id)
        if deployment == "Cloud":
            pages = fake.requested(r"/rest/api/3/issue/10003/changelog")
            assert [r.arg("startAt") for r in pages] == ["0", "100", "200"]
        else:
            assert len(fake.requested(r"/rest/api/2/issue/10003")) == 1
        comment_pages = fake.requested(r"/rest/api/\d/issue/10002/comment")
        assert [r.arg("startAt") for r in comment_pages] == ["0", "100"]
    moves = [a for a in board.activities if a.item_id == "10003" and a.field == "status"]
    assert len(moves) == 252  # 2 in the fixture + 250
    assert len({a.id for a in moves}) == 252
    comments = [a for a in board.activities if a.item_id == "10002" and a.kind == "commented"]
    assert len(comments) == 132


def test_progress_reports_counts_and_what_is_fetched(cloud: FakeJira, store: Store) -> None:
    seen: list[tuple[int, int, str]] = []
    cloud.add_histories("DEMO-3", 5)
    fetch(cloud, store, on_progress=lambda s, d, t, w: seen.append((d, t, w)))
    assert seen[-1][0] == 15 and seen[-1][1] == 15
    whats = " | ".join(w for _, _, w in seen)
    assert "field list" in whats and "searching" in whats and "DEMO-3: changelog" in whats
    done = [d for d, _, _ in seen]
    assert done == sorted(done)


# -- incremental, removals, changes mid-fetch ------------------------------------------------------


@pytest.mark.parametrize("deployment", ["Cloud", "Server"])
def test_incremental_fetch_asks_only_for_what_changed(deployment: str, store: Store) -> None:
    with FakeJira(deployment=deployment, extra_issues=9, histories_in_search=3) as cloud:
        _incremental(cloud, store)


def _incremental(cloud: FakeJira, store: Store) -> None:
    first = fetch(cloud, store)
    changed = ["DEMO-2", "DEMO-5", "DEMO-9"]
    for key in changed:
        cloud.touch(key, f"{key} renamed")
    cloud.reset_requests()
    second = fetch(cloud, store)
    assert second.incremental and second.fetched == 3
    full_searches = [s for s in cloud.searches() if s.query.get("fields") != ["key"]]
    assert len(full_searches) == 1
    assert 'updated >= "' in full_searches[0].arg("jql")
    assert cloud.keys_asked_for() <= set(changed)  # per-issue requests only for changed ones
    board = store.load_board(first.source_id)
    assert len(board.items) == 15
    titles = {i.key: i.title for i in board.items}
    assert all(titles[k] == f"{k} renamed" for k in changed)


def test_the_progress_count_is_asked_on_full_runs_only(cloud: FakeJira, store: Store) -> None:
    fetch(cloud, store)
    assert len(cloud.requested(r"/rest/api/3/search/approximate-count")) == 1
    cloud.touch("DEMO-2", "renamed")
    cloud.reset_requests()
    second = fetch(cloud, store)
    assert second.incremental and second.fetched == 1
    assert cloud.requested(r"/rest/api/3/search/approximate-count") == []


def test_incremental_query_is_in_the_users_time_zone(store: Store) -> None:
    with FakeJira(time_zone="Pacific/Auckland") as fake:
        fetch(fake, store)
        fake.touch("DEMO-1")
        assert fetch(fake, store).fetched == 1  # a UTC date would miss or over-fetch


def test_deleted_and_moved_issues_are_marked_removed(cloud: FakeJira, store: Store) -> None:
    sid = fetch(cloud, store).source_id
    cloud.delete("DEMO-6")
    cloud.move("DEMO-5")
    result = fetch(cloud, store, check_removed=True)
    assert sorted(result.removed) == ["10005", "10006"]
    items = {i.id: i for i in store.load_board(sid).items}
    assert len(items) == 15
    assert items["10005"].closed and items["10006"].closed and not items["10001"].closed


def test_removal_check_runs_once_a_day_on_incremental_fetches(
    cloud: FakeJira, store: Store
) -> None:
    def key_listings() -> int:  # (not the check of the issues that look removed, by id)
        return sum(
            1
            for s in cloud.searches()
            if s.query.get("fields") == ["key"] and "id in" not in (s.arg("jql") or "")
        )

    sid = fetch(cloud, store).source_id  # full: knows what is there without listing
    assert key_listings() == 0
    cloud.delete("DEMO-6")
    assert fetch(cloud, store).removed == [] and key_listings() == 0  # checked < 1 day ago
    yesterday = store.sync_state(sid).last_removal_check - timedelta(days=1, minutes=1)
    store.mark_removed(sid, store.item_ids(sid), checked_at=yesterday)
    assert fetch(cloud, store).removed == ["10006"] and key_listings() == 1
    assert fetch(cloud, store, check_removed=False).removed == []


def test_full_refetch_marks_missing_issues_removed(cloud: FakeJira, store: Store) -> None:
    fetch(cloud, store)
    cloud.delete("DEMO-1")
    result = fetch(cloud, store, full=True)
    assert result.removed == ["10001"] and not result.incremental


def test_issue_changing_between_two_pages(cloud: FakeJira, store: Store) -> None:
    def edit(page: int, keys: list[str]) -> None:
        if page == 1:
            cloud.touch("DEMO-1", "Edited while page 2 was on its way")  # already fetched
            cloud.touch("DEMO-8", "Edited before its page")  # not fetched yet

    cloud.after_page.append(edit)
    sid = fetch(cloud, store).source_id
    cloud.after_page.clear()
    titles = {i.key: i.title for i in store.load_board(sid).items}
    assert len(titles) == 15
    assert titles["DEMO-8"] == "Edited before its page"
    assert fetch(cloud, store).fetched >= 1  # the next sync picks up DEMO-1's edit
    titles = {i.key: i.title for i in store.load_board(sid).items}
    assert titles["DEMO-1"] == "Edited while page 2 was on its way" and len(titles) == 15


# -- faults ----------------------------------------------------------------------------------------


def recording_policy(**kw) -> tuple[RetryPolicy, list[float]]:
    slept: list[float] = []
    return RetryPolicy(sleep=slept.append, timeout=kw.pop("timeout", 2.0), **kw), slept


def test_429_honours_retry_after(cloud: FakeJira, store: Store) -> None:
    policy, slept = recording_policy()
    cloud.inject(
        Status(429, {"errorMessages": ["Rate limited"]}, {"Retry-After": "7"}),
        path="/rest/api/3/search/jql",
    )
    assert fetch(cloud, store, retry=policy).fetched == 15
    assert slept == [7.0]


def test_500_then_success(cloud: FakeJira, store: Store) -> None:
    policy, slept = recording_policy(base_delay=1.0)
    cloud.inject(Status(500), path="/rest/api/3/search/jql", times=2)
    assert fetch(cloud, store, retry=policy).fetched == 15
    assert len(slept) == 2 and 0.5 <= slept[0] <= 1.0 and 1.0 <= slept[1] <= 2.0


def test_slow_response_beyond_the_timeout_is_retried(cloud: FakeJira, store: Store) -> None:
    # The first search is held until the client, having given up on it, asks again: events, not
    # a delay, so a normal answer only has to come within the 1 s timeout (0.3 s was tight on a
    # loaded machine).
    asked_again = threading.Event()
    held = Gate(asked_again)
    cloud.inject(held, path="/rest/api/3/search/jql")

    def open_when_asked_again() -> None:
        for _ in range(600):  # a bound for a broken test, not a timing assertion
            if len(cloud.searches()) >= 2:
                break
            asked_again.wait(0.05)
        asked_again.set()

    threading.Thread(target=open_when_asked_again, daemon=True).start()
    assert fetch(cloud, store, retry=RetryPolicy.fast(timeout=1.0)).fetched == 15
    assert len(cloud.searches()) == 4 and held.timed_out == 0


@pytest.mark.parametrize("fault", [Cut(0.5), Drop()], ids=["cut-mid-body", "dropped"])
def test_connection_cut_mid_page_is_retried(cloud: FakeJira, store: Store, fault) -> None:
    cloud.inject(fault, path="/rest/api/3/search/jql", when=lambda r: bool(r.arg("nextPageToken")))
    cloud.add_histories("DEMO-3", 120)
    cloud.inject(fault, path=r"/rest/api/3/issue/10003/changelog")
    board = store.load_board(fetch(cloud, store).source_id)
    assert len(board.items) == 15
    assert len(cloud.searches()) == 4  # 3 pages + the one retried
    assert len(cloud.requested(r"/rest/api/3/issue/10003/changelog")) == 3  # 2 pages + retry
    moves = [a for a in board.activities if a.item_id == "10003" and a.field == "status"]
    assert len(moves) == 122


def test_a_page_is_saved_whole_or_not_at_all(cloud: FakeJira, store: Store) -> None:
    cloud.add_histories("DEMO-8", 10)  # on page 2, after DEMO-7
    cloud.inject(Status(500), path=r"/rest/api/3/issue/10008/changelog", times=None)
    with pytest.raises(RemoteError, match="the history of DEMO-8"):
        fetch(cloud, store)
    sid = store.find_source("jira", f"{cloud.url}|project=DEMO")
    assert store.item_ids(sid) == {"10001", "10002", "10003", "10005", "10006"}  # page 1 only


def test_server_keeps_failing_keeps_what_was_fetched_and_resumes(
    cloud: FakeJira, store: Store
) -> None:
    second_page = lambda r: bool(r.arg("nextPageToken"))  # noqa: E731
    cloud.inject(Status(503), path="/rest/api/3/search/jql", times=None, when=second_page)
    with pytest.raises(RemoteError) as info:
        fetch(cloud, store)
    message = str(info.value)
    assert "\n" not in message and "HTTP 503" in message and "after 4 tries" in message
    assert exit_code_for(info.value) == 3
    sid = store.find_source("jira", f"{cloud.url}|project=DEMO")
    assert len(store.item_ids(sid)) == 5 and store.sync_state(sid).in_progress
    cloud.http.clear_faults()
    cloud.reset_requests()
    result = fetch(cloud, store)
    assert result.resumed and result.fetched == 15
    assert cloud.searches()[0].arg("nextPageToken")  # resumed after the saved page
    assert len(store.load_board(sid).items) == 15


def test_expired_page_token_restarts_the_query(cloud: FakeJira, store: Store) -> None:
    cloud.inject(
        Status(503),
        path="/rest/api/3/search/jql",
        times=None,
        when=lambda r: bool(r.arg("nextPageToken")),
    )
    with pytest.raises(RemoteError):
        fetch(cloud, store)
    cloud.http.clear_faults()
    cloud.inject(
        Status(400, {"errorMessages": ["The provided next page token is invalid."]}),
        path="/rest/api/3/search/jql",
        when=lambda r: bool(r.arg("nextPageToken")),
    )
    result = fetch(cloud, store)
    assert result.fetched >= 15
    assert len(store.load_board(result.source_id).items) == 15


@pytest.mark.parametrize(
    ("deployment", "variable"), [("Cloud", "JIRA_EMAIL and JIRA_API_TOKEN"), ("Server", "JIRA_PAT")]
)
def test_401_names_the_variable_to_check(deployment: str, variable: str, store: Store) -> None:
    with FakeJira(deployment=deployment) as fake:
        wrong = {"api_token": "wrong-token"} if fake.cloud else {"pat": "wrong-pat"}
        with pytest.raises(AuthError) as info:
            fetch(fake, store, credentials=creds_for(fake, **wrong))
    message = str(info.value)
    assert "\n" not in message and "401" in message and variable in message
    assert "wrong-" not in message


def test_403_is_an_auth_error(cloud: FakeJira, store: Store) -> None:
    cloud.inject(
        Status(403, {"errorMessages": ["You may not browse this project."]}),
        path="/rest/api/3/project/DEMO",
    )
    with pytest.raises(AuthError, match="HTTP 403: You may not browse this project"):
        fetch(cloud, store)


def test_no_credentials_names_the_variables(cloud: FakeJira, store: Store) -> None:
    with pytest.raises(AuthError, match="JIRA_EMAIL and JIRA_API_TOKEN .* or JIRA_PAT") as info:
        fetch(cloud, store, credentials=JiraCredentials(cloud.url))
    assert str(config_path()) in str(info.value)  # the config file is an option too


def test_a_pat_on_cloud_says_what_cloud_needs(cloud: FakeJira, store: Store) -> None:
    with pytest.raises(AuthError, match="is Jira Cloud, .* not JIRA_PAT: set JIRA_EMAIL and "):
        fetch(cloud, store, credentials=JiraCredentials(cloud.url, pat="some-pat-value"))
    # with the email given, only the token is asked for
    with pytest.raises(AuthError, match="not JIRA_PAT: set JIRA_API_TOKEN or put api_token "):
        fetch(cloud, store, credentials=JiraCredentials(cloud.url, "me@x.io", pat="some-pat"))


@pytest.mark.parametrize("deployment", ["Cloud", "Server"])
def test_unknown_project_names_the_projects_the_account_sees(deployment: str, store: Store) -> None:
    with FakeJira(deployment=deployment) as fake, pytest.raises(NotFoundError) as info:
        fetch(fake, store, project="DEMP")
    assert str(info.value) == (
        f"Jira at {fake.url} has no project DEMP: this account sees DEMO (did you mean DEMP → "
        "DEMO?); nothing was fetched"
    )
    assert store.sources() == []


@pytest.mark.parametrize("deployment", ["Cloud", "Server"])
def test_bad_jql_gives_the_servers_message(deployment: str, store: Store) -> None:
    with FakeJira(deployment=deployment) as fake, pytest.raises(NotFoundError) as info:
        fetch(fake, store, project=None, jql="project = DEMO AND bogus ~~ 1")
    assert "Error in the JQL Query" in str(info.value) and "\n" not in str(info.value)
    assert store.sources() == []  # no empty, never-finished source left for `report`


def test_jql_source_fetches_what_it_matches(cloud: FakeJira, store: Store) -> None:
    result = fetch(cloud, store, project=None, jql="labels = onboarding ORDER BY rank")
    board = store.load_board(result.source_id)
    assert {i.key for i in board.items} == {"DEMO-2", "DEMO-8", "DEMO-14"}  # copies
    assert board.id == f"{cloud.url}|jql=labels = onboarding"


def test_server_url_is_checked_and_cleaned() -> None:
    assert clean_server_url("https://me:pw@acme.example/jira/?x=1") == "https://acme.example/jira"
    with pytest.raises(SourceError, match="no Jira server") as info:
        clean_server_url(None)
    assert "JIRA_SERVER" in str(info.value) and str(config_path()) in str(info.value)
    with pytest.raises(SourceError, match="http"):
        clean_server_url("acme.atlassian.net")
    # urllib's ValueErrors (broken IPv6 literal, port out of range) are the same one line
    for broken in ("http://[::1", "https://acme.example:99999", "https://acme.example:port"):
        with pytest.raises(SourceError, match="must be an http"):
            clean_server_url(broken)
    assert clean_server_url("http://[::1]:8080/jira/") == "http://[::1]:8080/jira"


def test_connector_load_returns_the_stored_board(cloud: FakeJira, store: Store) -> None:
    connector = JiraLiveConnector(
        store, project="DEMO", credentials=creds_for(cloud), retry=RetryPolicy.fast()
    )
    assert len(connector.load().items) == 15


def test_no_secret_reaches_the_store_or_errors(cloud: FakeJira, store: Store) -> None:
    cloud.inject(Status(500), path="/rest/api/3/search/jql", times=1)
    fetch(cloud, store)
    cloud.touch("DEMO-1")
    fetch(cloud, store)
    with pytest.raises(AuthError) as info:
        fetch(cloud, store, credentials=creds_for(cloud, api_token=cloud.api_token + "x"))
    basic = base64.b64encode(f"{cloud.email}:{cloud.api_token}".encode())
    store.close()
    for path in store.path.parent.glob("store.sqlite*"):
        data = path.read_bytes()
        assert cloud.api_token.encode() not in data and basic not in data
    assert cloud.api_token not in str(info.value)


def test_server_prefers_the_pat_when_both_are_set(server: FakeJira, store: Store) -> None:
    both = creds_for(server, email="ana@example.com", api_token="cloud-style-token")
    assert fetch(server, store, credentials=both).fetched == 15
    with pytest.raises(AuthError, match="JIRA_PAT for Server"):
        fetch(server, store, credentials=creds_for(server, pat=None, email="a@b", api_token="xyzw"))


def test_fake_rate_limit_is_honoured_end_to_end(store: Store) -> None:
    policy, slept = recording_policy()
    # The recording policy does not really sleep, so the window never empties: every request
    # after the third is refused, and the fetch gives up after 600 s of 429s waited out. (This
    # fake does not say its limit in headers, so the client cannot keep under it.)
    fake = FakeJira(rate_limit=(3, 60.0, 5), rate_headers=False)
    with fake, pytest.raises(RemoteError, match="HTTP 429"):
        fetch(fake, store, retry=policy)
    assert slept and set(slept) == {5.0}


def test_a_server_that_is_not_jira_says_so(store: Store) -> None:
    from tests.fakes.http import FakeHTTPServer, Response

    with FakeHTTPServer() as other:
        other.route("GET", "/rest/api/2/serverInfo", lambda req: Response(200, "<html>hi</html>"))
        creds = JiraCredentials(other.url, pat="some-pat-value")
        with pytest.raises(SourceError, match="does not look like a Jira server") as info:
            fetch_jira_into_store(store, project="X", credentials=creds, retry=RetryPolicy.fast())
        assert other.count("/rest/api/2/serverInfo") == 1  # not retried
    with FakeHTTPServer() as empty, pytest.raises(SourceError, match="HTTP 404 for its server"):
        creds = JiraCredentials(empty.url, pat="some-pat-value")
        fetch_jira_into_store(store, project="X", credentials=creds, retry=RetryPolicy.fast())
    assert "\n" not in str(info.value)


def test_an_unreachable_server_is_one_remote_error(store: Store) -> None:
    from tests.fakes.http import FakeHTTPServer

    gone = FakeHTTPServer()
    url = gone.url
    gone.stop()  # nothing listens there any more
    with pytest.raises(RemoteError, match="connection error") as info:
        fetch_jira_into_store(
            store,
            project="X",
            credentials=JiraCredentials(url, pat="pat-value"),
            retry=RetryPolicy.fast(max_tries=2),
        )
    assert "\n" not in str(info.value)
    # The first request: nothing was fetched to resume; the URL is what to check.
    assert f"Jira at {url} could not be reached (connection error, 2 tries)" in str(info.value)
    assert "check --server / JIRA_SERVER" in str(info.value)
    assert "resume" not in str(info.value)


def test_ctrl_c_mid_fetch_keeps_saved_pages_and_resumes(cloud: FakeJira, store: Store) -> None:
    def interrupt(stage: str, done: int, total: int, what: str) -> None:
        if what == "saved page 2":
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        fetch(cloud, store, on_progress=interrupt)
    sid = store.find_source("jira", f"{cloud.url}|project=DEMO")
    assert len(store.item_ids(sid)) == 10 and store.sync_state(sid).in_progress
    result = fetch(cloud, store)
    assert result.resumed and len(store.load_board(sid).items) == 15


def test_a_crash_after_the_last_page_does_not_start_over(cloud: FakeJira, store: Store) -> None:
    def crash(stage: str, done: int, total: int, what: str) -> None:
        if what == "saved page 3":
            raise KeyboardInterrupt  # every page is saved, the sync is not marked finished

    with pytest.raises(KeyboardInterrupt):
        fetch(cloud, store, on_progress=crash)
    cloud.reset_requests()
    result = fetch(cloud, store)
    assert result.resumed and result.fetched == 15
    assert [s for s in cloud.searches() if s.query.get("fields") != ["key"]] == []
