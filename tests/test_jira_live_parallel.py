"""Live Jira, big fetches: several requests in flight, one request budget, order and resume.

The real ``jira`` client over HTTP against tests/fakes/jira_server.py, as in test_jira_live.py.
"""

from __future__ import annotations

import re
import threading
from pathlib import Path

import pytest

from connectors._http.retry import RetryPolicy
from connectors.credentials import JiraCredentials
from connectors.interface import NotFoundError, RemoteError, SourceError
from connectors.live.jira import (
    JiraLiveConnector,
    advertised_policy,
    exhausted_for,
    fetch_jira_into_store,
)
from connectors.store import Store
from tests.fakes.http import Status
from tests.fakes.jira_server import FakeJira

ISSUES = 60  # the fixture's 6 and 54 copies: 12 pages of 5


def creds_for(fake: FakeJira) -> JiraCredentials:
    if fake.cloud:
        return JiraCredentials(fake.url, email=fake.email, api_token=fake.api_token)
    return JiraCredentials(fake.url, pat=fake.pat)


def fetch(fake: FakeJira, store: Store, **kw):
    kw.setdefault("project", "DEMO")
    kw.setdefault("page_size", 5)
    kw.setdefault("credentials", creds_for(fake))
    kw.setdefault("retry", RetryPolicy.fast())
    return fetch_jira_into_store(store, **kw)


def make_store(tmp_path: Path, name: str) -> Store:
    return Store(tmp_path / f"{name}.sqlite")


@pytest.fixture
def store(tmp_path: Path) -> Store:
    with make_store(tmp_path, "store") as s:
        yield s


def big(deployment: str = "Cloud", **kw) -> FakeJira:
    kw.setdefault("histories_in_search", 3)
    kw.setdefault("comments_in_search", 1)
    return FakeJira(deployment=deployment, extra_issues=ISSUES - 6, **kw)


def settle() -> None:
    """Let the fetching threads of an abandoned fetch end (they finish the request under way)."""
    for thread in threading.enumerate():
        if thread.name.startswith("jira-fetch"):
            thread.join(timeout=2)


def created_order(fake: FakeJira) -> list[str]:
    return [i["id"] for i in fake._select("project = DEMO")]


def group_searches(fake: FakeJira) -> list[list[str]]:
    """The ids asked for by each ``id in (...)`` search, in the order they arrived."""
    out = []
    for req in fake.searches():
        m = re.search(r"id in \(([^)]*)\)", req.arg("jql") or "")
        if m:
            out.append([i.strip() for i in m.group(1).split(",")])
    return out


def snapshot(board) -> tuple[list[str], list[tuple[str, str, str]]]:
    items = [i.id for i in board.items]
    acts = sorted((a.item_id, a.id, a.kind.value) for a in board.activities)
    return items, acts


@pytest.mark.parametrize("deployment", ["Cloud", "Server"])
def test_parallel_fetch_equals_the_one_at_a_time_fetch(deployment: str, tmp_path: Path) -> None:
    with big(deployment) as fake:
        fake.add_histories("DEMO-40", 120)  # beyond the search's share: paged per issue
        fake.add_comments("DEMO-51", 7)
        with make_store(tmp_path, "serial") as serial:
            one = fetch(fake, serial, workers=1)
            expected = snapshot(serial.load_board(one.source_id))
        fake.reset_requests()
        with make_store(tmp_path, "parallel") as parallel:
            many = fetch(fake, parallel, workers=4)
            got = snapshot(parallel.load_board(many.source_id))
    assert many.fetched == one.fetched == ISSUES and many.total == ISSUES
    assert got == expected  # same issues in the same (creation) order, every activity once
    assert len(got[1]) == len(set(got[1]))


def test_cloud_lists_the_ids_then_fetches_each_issue_once(store: Store) -> None:
    with big() as fake:
        result = fetch(fake, store)
        groups = group_searches(fake)
        searches = fake.searches()
        counts = fake.requested("/rest/api/3/search/approximate-count")
    asked = [i for g in groups for i in g]
    assert result.fetched == ISSUES and len(counts) == 1
    # The count says 12 pages: straight to the listing, then groups of a page, each id once.
    assert searches[0].query.get("fields") == ["key"]
    assert len(searches) == 1 + 12 and len(groups) == 12
    assert len(asked) == len(set(asked)) == ISSUES and all(len(g) == 5 for g in groups)


def test_cloud_starts_one_page_at_a_time_when_the_count_is_small(store: Store) -> None:
    with FakeJira(extra_issues=54, histories_in_search=3, comments_in_search=1) as fake:
        result = fetch(fake, store, page_size=20)  # 60 issues: 3 pages of 20
        searches = fake.searches()
    assert result.fetched == ISSUES and len(searches) == 3
    assert group_searches(fake) == [] and searches[0].query.get("fields") != ["key"]


def test_server_pages_by_offset_several_at_once(store: Store) -> None:
    with big("Server") as fake:
        result = fetch(fake, store)
        offsets = sorted(int(s.arg("startAt")) for s in fake.searches())
    assert result.fetched == ISSUES
    assert offsets == list(range(0, ISSUES, 5))  # each page once, none twice


def test_small_fetches_stay_one_request_at_a_time(store: Store) -> None:
    with FakeJira(extra_issues=9) as fake:  # 15 issues: 3 pages of 5
        fetch(fake, store)
        assert group_searches(fake) == []
        assert len(fake.searches()) == 3


def test_a_small_incremental_fetch_pages_by_token_without_listing(store: Store) -> None:
    with big() as fake:
        fetch(fake, store)
        keys = [i["key"] for i in fake.issues.values()]
        for key in keys[::3]:  # 20 changed: 4 pages of 5, no count on incremental runs
            fake.touch(key, f"{key} renamed")
        fake.reset_requests()
        second = fetch(fake, store)
        searches = fake.searches()
    assert second.incremental and second.fetched == 20
    assert len(searches) == 4 and group_searches(fake) == []
    titles = {i.key: i.title for i in store.load_board(second.source_id).items}
    assert all(titles[k] == f"{k} renamed" for k in keys[::3])


def test_a_big_incremental_fetch_goes_parallel_after_a_few_pages(store: Store) -> None:
    with big() as fake:
        fetch(fake, store)
        keys = [i["key"] for i in fake.issues.values()]
        for key in keys[:50]:  # 50 changed: 10 pages of 5
            fake.touch(key, f"{key} renamed")
        fake.reset_requests()
        second = fetch(fake, store)
        asked = [i for g in group_searches(fake) for i in g]
        settle()
    assert second.incremental and second.fetched == 50
    # 6 pages one after the other (30 issues), then the other 20 by id, none asked twice
    assert len(asked) == len(set(asked)) == 20
    titles = {i.key: i.title for i in store.load_board(second.source_id).items}
    assert all(titles[k] == f"{k} renamed" for k in keys[:50])


def test_progress_is_told_on_the_callers_thread_in_order(store: Store) -> None:
    seen: list[tuple[int, int, str]] = []
    threads: set[int] = set()

    def progress(stage: str, done: int, total: int, what: str) -> None:
        threads.add(threading.get_ident())
        seen.append((done, total, what))

    with big() as fake:
        fake.add_histories("DEMO-40", 120)
        fetch(fake, store, on_progress=progress)
    assert threads == {threading.get_ident()}
    whats = " | ".join(w for _, _, w in seen)
    assert "DEMO-40: changelog" in whats and "saved page 12" in whats
    done = [d for d, _, _ in seen]
    assert done == sorted(done) and seen[-1][:2] == (ISSUES, ISSUES)


# -- resume and faults ---------------------------------------------------------------------------


def test_an_interrupted_parallel_fetch_resumes_without_asking_again(store: Store) -> None:
    def interrupt(stage: str, done: int, total: int, what: str) -> None:
        if what == "saved page 5":
            raise KeyboardInterrupt  # like kill -9 after the 5th page's transaction

    with big() as fake:
        with pytest.raises(KeyboardInterrupt):
            fetch(fake, store, on_progress=interrupt)
        settle()
        sid = store.find_source("jira", f"{fake.url}|project=DEMO")
        saved = store.item_ids(sid)
        assert len(saved) == 25 and store.sync_state(sid).cursor == {"ids": True}
        fake.reset_requests()
        result = fetch(fake, store)
        asked = [i for g in group_searches(fake) for i in g]
        order = created_order(fake)
    assert result.resumed and result.fetched == ISSUES
    assert saved == set(order[:25])
    assert not set(asked) & saved and len(asked) == len(set(asked)) == ISSUES - 25
    assert [i.id for i in store.load_board(sid).items] == order


def test_a_failing_page_keeps_the_pages_before_it_and_stops_the_rest(store: Store) -> None:
    with big() as fake:
        ids = created_order(fake)
        bad = ids[32]  # in the 7th page
        fake.inject(
            Status(503),
            path="/rest/api/3/search/jql",
            times=None,
            when=lambda r: f"{bad}," in (r.arg("jql") or "") or f"{bad})" in (r.arg("jql") or ""),
        )
        with pytest.raises(RemoteError, match="HTTP 503") as info:
            fetch(fake, store)
        assert "\n" not in str(info.value)
        sid = store.find_source("jira", f"{fake.url}|project=DEMO")
        assert store.item_ids(sid) == set(ids[:30])  # the six pages before it, nothing after
        fake.http.clear_faults()
        assert fetch(fake, store).fetched == ISSUES


def test_a_429_pauses_and_is_retried(store: Store) -> None:
    with big() as fake:
        fake.inject(
            Status(429, {"errorMessages": ["Rate limited"]}, {"Retry-After": "0.02"}),
            path="/rest/api/3/search/jql",
            when=lambda r: "id in" in (r.arg("jql") or ""),
        )
        result = fetch(fake, store)
        asked = [i for g in group_searches(fake) for i in g]
    assert result.fetched == ISSUES
    assert len(asked) == ISSUES + 5  # one group asked twice: refused, then answered


# -- the request budget --------------------------------------------------------------------------


@pytest.mark.parametrize("deployment", ["Cloud", "Server"])
def test_the_advertised_rate_limit_is_never_exceeded(deployment: str, store: Store) -> None:
    # 8 requests per 0.2 s and ~20 to make: the client has to wait, and never gets a 429.
    whole = {"histories_in_search": 100, "comments_in_search": 100}  # no per-issue requests
    with big(deployment, rate_limit=(8, 0.2, 1), **whole) as fake:
        connector = JiraLiveConnector(
            store, project="DEMO", credentials=creds_for(fake), page_size=5,
            retry=RetryPolicy.fast(max_retry_after=2.0),
        )  # fmt: skip
        assert connector.fetch().fetched == ISSUES
        times = sorted(r.time for r in fake.requested())
        throttled = fake.http.throttled
    assert throttled == 0
    assert (connector.budget.limit, connector.budget.window) == (8, 0.2)
    busiest = max(sum(1 for u in times if t <= u < t + 0.2) for t in times)
    assert busiest <= 8 and len(times) > 8 and connector.budget.waited > 0


def test_a_given_rate_limit_is_kept_when_the_server_says_nothing(store: Store) -> None:
    whole = {"histories_in_search": 100, "comments_in_search": 100}
    with big(rate_limit=(8, 0.2, 1), rate_headers=False, **whole) as fake:
        policy = RetryPolicy.fast(max_retry_after=2.0)  # the longest wait for the budget
        result = fetch(fake, store, rate_limit=(8, 0.2), retry=policy)
        throttled = fake.http.throttled
    assert result.fetched == ISSUES and throttled == 0


def test_a_bad_rate_limit_is_refused(store: Store) -> None:
    with FakeJira() as fake, pytest.raises(SourceError, match="rate limit"):
        fetch(fake, store, rate_limit=(0, 10.0))


def test_rate_limit_headers_are_read_like_jira_sends_them() -> None:
    cloud = {
        "Beta-RateLimit-Policy": '"global-app-quota";q=65000;w=3600, "burst";q=100;w=10',
        "X-RateLimit-Limit": "350",
    }
    assert advertised_policy(cloud) == (100, 10.0)  # the tighter of the two
    center = {
        "X-RateLimit-Limit": "100",
        "X-RateLimit-FillRate": "20",
        "X-RateLimit-Interval-Seconds": "2",
    }
    assert advertised_policy(center) == (20, 2.0)
    assert advertised_policy({"X-RateLimit-Limit": "350"}) is None  # no window: nothing to pace
    assert exhausted_for({"Beta-RateLimit": '"burst";r=0;t=7'}) == ("burst", 7.0)
    assert exhausted_for({"Beta-RateLimit": '"burst";r=3;t=7'}) is None
    assert advertised_policy({"Beta-RateLimit-Policy": "garbage;q=x"}) is None


@pytest.mark.parametrize("deployment", ["Cloud", "Server"])
def test_the_fake_sends_jiras_rate_limit_headers(deployment: str) -> None:
    import requests

    with FakeJira(deployment=deployment, rate_limit=(2, 60.0, 9)) as fake:
        v = fake.version
        ok = requests.get(f"{fake.url}/rest/api/{v}/serverInfo", timeout=5)
        requests.get(f"{fake.url}/rest/api/{v}/serverInfo", timeout=5)
        refused = requests.get(f"{fake.url}/rest/api/{v}/serverInfo", timeout=5)
    assert ok.headers["X-RateLimit-Limit"] == "2" and ok.headers["X-RateLimit-Remaining"] == "1"
    assert refused.status_code == 429 and refused.headers["Retry-After"] == "9"
    if deployment == "Cloud":
        assert advertised_policy(ok.headers) == (2, 60.0)
        assert refused.headers["RateLimit-Reason"] == "jira-burst-based"
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\dZ", refused.headers["X-RateLimit-Reset"])
        assert exhausted_for(refused.headers) is not None
    else:
        assert ok.headers["X-RateLimit-FillRate"] == "2"
        assert ok.headers["X-RateLimit-Interval-Seconds"] == "60"


# -- requests per run ------------------------------------------------------------------------------


def test_an_incremental_run_skips_the_project_request_and_keeps_the_name(store: Store) -> None:
    with FakeJira(extra_issues=9) as fake:
        first = fetch(fake, store)
        assert len(fake.requested(r"/rest/api/\d/project/DEMO")) == 1
        fake.touch("DEMO-2")
        fake.reset_requests()
        second = fetch(fake, store)
        paths = [r.path for r in fake.requested()]
        fake.reset_requests()
        third = fetch(fake, store, full=True)
        asked_on_full = len(fake.requested(r"/rest/api/\d/project/DEMO"))
    assert second.incremental and second.fetched == 1
    assert second.name == first.name == third.name == "DEMO (Demo Onboarding)"
    # your account and one search: nothing else (the server info and the field list the first
    # fetch kept are used)
    asked = sorted(re.sub(r"/rest/api/\d/", "/", path) for path in paths)
    assert asked == ["/myself", "/search/jql"]
    assert asked_on_full == 1


def test_a_project_deleted_since_the_last_run_fails_at_the_search(store: Store) -> None:
    with FakeJira(extra_issues=9) as fake:
        fetch(fake, store)
        del fake.projects["DEMO"]
        with pytest.raises(NotFoundError, match="does not exist for the field 'project'"):
            fetch(fake, store)


def test_removals_are_seen_after_a_parallel_fetch(store: Store) -> None:
    with big() as fake:
        sid = fetch(fake, store).source_id
        order = created_order(fake)
        gone, moved = order[40], order[7]
        fake.delete(fake.key_of(gone))
        fake.move(fake.key_of(moved))
        full = fetch(fake, store, full=True)
        fake.delete(fake.key_of(order[50]))
        fake.touch(fake.key_of(order[20]))
        checked = fetch(fake, store, check_removed=True)
    assert full.fetched == ISSUES - 2 and sorted(full.removed) == sorted([gone, moved])
    assert checked.incremental and checked.removed == [order[50]]
    items = {i.id: i for i in store.load_board(sid).items}
    assert len(items) == ISSUES and items[gone].closed and items[moved].closed


def test_an_issue_listed_without_a_numeric_id_is_asked_for_by_key(store: Store) -> None:
    with big() as fake:
        order = created_order(fake)
        odd = fake.issues.pop(order[30])
        odd["id"] = "X" + odd["id"]  # not a number: the fetch asks for its key instead
        fake.issues[odd["id"]] = odd
        result = fetch(fake, store)
        groups = group_searches(fake)
    assert result.fetched == ISSUES
    assert any(f'"{odd["key"]}"' in g for g in groups)
    assert odd["id"] in store.item_ids(result.source_id)


# -- the garbage collector ---------------------------------------------------------------------


def test_the_collector_is_paused_while_pages_are_saved_and_runs_every_few(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc

    import connectors.live.jira.persist as jira_live

    monkeypatch.setattr(jira_live, "COLLECT_EVERY", 3)
    during: list[bool] = []
    full_runs: list[int] = []

    def count(phase: str, info: dict) -> None:
        if phase == "start" and info.get("generation") == 2:
            full_runs.append(1)

    gc.callbacks.append(count)
    try:
        with big() as fake:
            on = lambda s, d, t, what: during.append(gc.isenabled()) if "saved" in what else None  # noqa: E731
            fetch(fake, store, on_progress=on)
    finally:
        gc.callbacks.remove(count)
    assert gc.isenabled()  # as found
    assert during and not any(during)
    assert len(full_runs) >= 4  # 12 pages, one collection every 3


def test_the_collector_is_restored_after_an_error_and_left_paused_if_it_was(
    store: Store,
) -> None:
    import gc

    with big() as fake:
        fake.inject(Status(400, {"errorMessages": ["bad"]}), path="/rest/api/3/search/jql")
        with pytest.raises(NotFoundError):
            fetch(fake, store)
        assert gc.isenabled()
        gc.disable()
        try:
            fetch(fake, store)
            assert not gc.isenabled()
        finally:
            gc.enable()


# -- the request budget on its own (real threads, no client) --------------------------------------


def test_a_quota_used_up_pauses_everyone_unless_it_is_the_one_paced_by() -> None:
    from connectors.live.jira import RequestBudget

    policy = {"Beta-RateLimit-Policy": '"burst";q=100;w=10'}
    paced = RequestBudget(max_wait=0.05)
    paced.release(paced.acquire(), 200, {**policy, "Beta-RateLimit": '"burst";r=0;t=5'})
    paced.acquire()
    assert paced.waited == 0  # the window accounting already waits exactly for that one
    other = RequestBudget(max_wait=0.05)
    other.release(other.acquire(), 200, {**policy, "Beta-RateLimit": '"hourly";r=0;t=5'})
    other.acquire()
    assert other.waited > 0  # another quota is used up: wait (here capped by max_wait)


def test_a_429_pauses_the_other_threads_not_the_one_that_got_it() -> None:
    from connectors.live.jira import RequestBudget

    budget = RequestBudget(max_wait=0.05)
    budget.release(budget.acquire(), 429, {"Retry-After": "5"})
    budget.acquire()  # this thread got the 429: its retry policy does the waiting
    assert budget.waited == 0
    other = threading.Thread(target=budget.acquire)
    other.start()
    other.join()
    assert budget.waited > 0
    # An answer to a request sent after the pause began ends it for everyone.
    before = budget.waited
    budget.release(budget.acquire(), 200, {})
    other = threading.Thread(target=budget.acquire)
    other.start()
    other.join()
    assert budget.waited == before


def test_a_stopped_budget_refuses_requests() -> None:
    from connectors._http.pacing import FetchStopped
    from connectors.live.jira import RequestBudget

    budget = RequestBudget()
    budget.stop()
    with pytest.raises(FetchStopped):
        budget.acquire()


@pytest.mark.parametrize("deployment", ["Cloud", "Server"])
def test_an_issue_passed_over_by_a_fetch_is_not_marked_removed(
    deployment: str, store: Store
) -> None:
    # Offset pages shift when issues go away mid-fetch: an issue can be missed without being
    # gone. Here DEMO-3 is out of the project while the pages are served, back before the end.
    with FakeJira(deployment=deployment, extra_issues=9) as fake:
        sid = fetch(fake, store).source_id
        demo3 = fake.issue("DEMO-3")
        demo3["key"] = "OTHER-3"
        fake.delete("DEMO-6")  # really gone

        served: list[int] = []

        def back(page: int, keys: list[str]) -> None:
            served.append(page)
            if len(served) == 3:  # the last page of the re-fetch (14 issues, 5 a page)
                demo3["key"] = "DEMO-3"

        fake.after_page.append(back)
        result = fetch(fake, store, full=True)
        checks = [s for s in fake.searches() if "id in" in (s.arg("jql") or "")]
    assert result.removed == ["10006"]
    assert len(checks) == 1 and "10003" in checks[0].arg("jql")
    items = {i.id: i for i in store.load_board(sid).items}
    assert not items["10003"].closed and items["10006"].closed


def test_with_one_way_in_the_account_and_fields_are_asked_with_the_server_info(
    store: Store,
) -> None:
    from tests.fakes.http import Gate

    seen: set[str] = set()
    both_asked = threading.Event()

    def note(req) -> bool:  # runs under the fake's lock; never applies its fault
        seen.add(req.path.rsplit("/", 1)[-1])
        if {"myself", "field"} <= seen:
            both_asked.set()
        return False

    with FakeJira(extra_issues=9) as fake:
        # The server info is answered only once the account and the fields have been asked for:
        # a client that waited for it first would hold the gate until its ceiling.
        gate = Gate(both_asked, ceiling=10)
        fake.inject(gate, path=r"/rest/api/\d/serverInfo")
        fake.inject(gate, path=r"/rest/api/\d/(myself|field)", times=None, when=note)
        fetch(fake, store)
    assert both_asked.is_set() and gate.timed_out == 0
