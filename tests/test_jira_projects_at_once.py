"""Several Jira projects fetched at once (issue 17): one request budget for the site, a failing
project does not lose the others, progress stays one bar on the caller's thread.

The real ``jira`` client over HTTP against tests/fakes/jira_server.py; project OTHER holds the
issues moved out of DEMO. Overlap is shown by a gate, never by timing.
"""

from __future__ import annotations

import json
import re
import threading

import pytest
from typer.testing import CliRunner

from analyzer.app import exit_code_for
from analyzer.cli import app
from connectors._http.retry import RetryPolicy
from connectors.credentials import JiraCredentials
from connectors.interface import AuthError, NotFoundError, SourceError
from connectors.live import get_source
from connectors.live.interface import PartialFetch
from connectors.live.jira import fetch_jira_projects
from connectors.store import Store
from tests.cli_helpers import against_fake
from tests.fakes.http import Drop, Gate, Status, open_when
from tests.fakes.jira_server import FakeJira

MOVED = [f"DEMO-{n}" for n in range(7, 12)]  # 5 of the 15 issues go to project OTHER


def two_projects(**kw) -> FakeJira:
    fake = FakeJira(extra_issues=9, histories_in_search=3, comments_in_search=1, **kw)
    for key in MOVED:
        fake.move(key, "OTHER")
    return fake


def creds_for(fake: FakeJira, **override: str) -> JiraCredentials:
    values = {"email": fake.email, "api_token": fake.api_token, **override}
    return JiraCredentials(fake.url, **values)


def fetch(fake: FakeJira, store: Store, projects=("DEMO", "OTHER"), **kw):
    kw.setdefault("page_size", 5)
    kw.setdefault("credentials", creds_for(fake))
    kw.setdefault("retry", RetryPolicy.fast())
    return fetch_jira_projects(store, list(projects), **kw)


def keys_of(store: Store, source_id: int) -> set[str]:
    return {i.key for i in store.load_board(source_id).items}


def is_search_of(project: str):
    return lambda req: f'"{project}"' in (req.arg("jql") or "")


def test_projects_are_fetched_at_once_under_one_budget_the_server_never_throttles(store):
    opened = threading.Event()
    gate = Gate(opened, ceiling=30.0)
    saw_other: list[bool] = []
    with two_projects(rate_limit=(6, 0.4, 1)) as fake:
        # DEMO's project is held until OTHER's is asked for: only fetches at once get there.
        fake.inject(gate, path=r"/rest/api/3/project/DEMO")
        watcher = open_when(
            opened, lambda: bool(fake.requested(r"/rest/api/3/project/OTHER")), saw_other
        )
        # The client waits for the held answer (no timeout, no retry around the gate), and for
        # the budget up to 2 s (max_retry_after, as in the production policy's spirit).
        policy = RetryPolicy.fast(timeout=60.0, max_retry_after=2.0)
        result = fetch(fake, store, rate_limit=(6, 0.4), retry=policy)
        watcher.join()
        throttled = fake.http.throttled
        times = sorted(r.time for r in fake.requested())
    assert saw_other == [True] and gate.timed_out == 0
    assert throttled == 0  # one budget for both projects: never over the site's limit
    busiest = max(sum(1 for u in times if t <= u < t + 0.4) for t in times)
    assert busiest <= 6 < len(times)
    demo, other = result.projects
    assert demo.fetched == 10 and other.fetched == 5
    assert keys_of(store, other.source_id) == {k.replace("DEMO", "OTHER") for k in MOVED}
    assert len(keys_of(store, demo.source_id)) == 10
    assert "Fetched 10 Jira issues (all) from DEMO" in result.summary()


@pytest.mark.parametrize(
    "fault",
    [Status(500), Status(429, {"errorMessages": ["Rate limit exceeded."]}, {"Retry-After": "0"}),
     Drop()],
    ids=["500-exhausted", "429-exhausted", "network-cut"],
)  # fmt: skip
def test_a_failing_project_is_one_line_and_the_other_is_kept(store, fault):
    with two_projects() as fake:
        fake.inject(fault, path=fake.search_path, times=None, when=is_search_of("OTHER"))
        with pytest.raises(PartialFetch) as error:
            fetch(fake, store)
    message = str(error.value)
    assert "\n" not in message and exit_code_for(error.value) == 3
    assert message.startswith("1 of 2 Jira projects failed: Jira project 'OTHER': ")
    assert "the other Jira project was fetched and stored; re-run to resume" in message
    (demo,) = error.value.outcome.projects
    assert demo.fetched == 10 and len(keys_of(store, demo.source_id)) == 10


def test_an_unknown_project_among_several_fails_before_anything_is_fetched(store):
    with two_projects() as fake, pytest.raises(NotFoundError) as error:
        fetch(fake, store, projects=("DEMO", "DEMOO", "OTHER", "NOPE"))
    message = str(error.value)
    assert "\n" not in message and exit_code_for(error.value) == 2
    assert message == (
        f"Jira at {fake.url} has no projects DEMOO, NOPE: this account sees DEMO, OTHER "
        "(did you mean DEMOO → DEMO?); nothing was fetched"
    )
    assert not fake.requested(fake.search_path) and store.sources() == []


def test_the_unknown_key_check_names_the_projects_of_a_server_too(store):
    with two_projects(deployment="Server") as fake, pytest.raises(NotFoundError) as error:
        server_creds = JiraCredentials(fake.url, pat=fake.pat)
        fetch(fake, store, projects=("DEMO", "NOPE"), credentials=server_creds)
    said = "has no project NOPE: this account sees DEMO, OTHER; nothing was fetched"
    assert str(error.value).endswith(said)
    assert store.sources() == []


def test_each_project_is_read_once_checked_before_any_search(store):
    with two_projects() as fake:
        result = fetch(fake, store)
        asked = [r.path for r in fake.requested()]
    first_search = next(n for n, path in enumerate(asked) if path == fake.search_path)
    for key in ("DEMO", "OTHER"):
        reads = [n for n, path in enumerate(asked) if path.endswith(f"/project/{key}")]
        assert len(reads) == 1 and reads[0] < first_search
    assert [p.name for p in result.projects] == ["DEMO (Demo Onboarding)", "OTHER (OTHER)"]


@pytest.mark.parametrize("deployment", ["Cloud", "Server"])
def test_the_site_is_connected_once_for_all_projects(store, deployment):
    """Server info, the account and the field list are asked once, not once per project; each
    project still gets its own client (its own stop) and the same fields and time zone."""
    with two_projects(deployment=deployment) as fake:
        creds = (
            creds_for(fake) if deployment == "Cloud" else JiraCredentials(fake.url, pat=fake.pat)
        )
        result = fetch(fake, store, projects=("DEMO", "OTHER"), credentials=creds)
        for what in ("/serverInfo", "/myself", "/field"):
            assert len(fake.requested(rf"/rest/api/[23]{what}$")) == 1, what
    assert sorted(len(keys_of(store, p.source_id)) for p in result.projects) == [5, 10]


def test_a_failed_check_sends_no_queued_check(store):
    """One check at a time: the first fails (the service), the queued ones are never sent."""
    with two_projects() as fake:
        fake.inject(Status(500), path=r"/rest/api/3/project/DEMO", times=None)
        with pytest.raises(SourceError):
            fetch(fake, store, projects=("DEMO", "OTHER", "THIRD"), projects_at_once=1)
        for thread in threading.enumerate():  # the check's pool ends once its queue is done
            if thread.name.startswith("jira-check"):
                thread.join(30.0)  # a generous bound, not a timing assertion
        assert fake.requested(r"/rest/api/3/project/DEMO")
        assert not fake.requested(r"/rest/api/3/project/(OTHER|THIRD)")
    assert store.sources() == []


def test_bad_credentials_are_one_line_once(store):
    with two_projects() as fake, pytest.raises(AuthError) as error:
        fetch(fake, store, credentials=creds_for(fake, api_token="wrong"))
    assert "JIRA_EMAIL and JIRA_API_TOKEN" in str(error.value)
    assert exit_code_for(error.value) == 2 and "wrong" not in str(error.value)


def test_progress_is_one_bar_of_projects_told_on_the_callers_thread(store):
    told: list[tuple[int, str, int, int, str]] = []

    def progress(stage: str, done: int, total: int, text: str = "") -> None:
        told.append((threading.get_ident(), stage, done, total, text))

    with two_projects() as fake:
        fetch(fake, store, on_progress=progress)
    assert {thread for thread, *_ in told} == {threading.get_ident()}
    assert {stage for _, stage, *_ in told} == {"fetch"}
    assert {total for *_, total, _ in told} == {2}  # projects, not issues
    dones = [done for _, _, done, _, _ in told]
    assert dones == sorted(dones) and dones[-1] == 2
    assert all(text.startswith("Jira projects done · ") for *_, text in told)
    # Each project's own text is said with its key (Jira's own texts do not name it).
    assert any(text.startswith("Jira projects done · OTHER: ") for *_, text in told)


def test_the_live_source_takes_keys_separated_by_commas(store, monkeypatch):
    with two_projects() as fake:
        for name, value in fake.env().items():
            monkeypatch.setenv(name, value)
        board = get_source("jira").fetch_and_load(store, "DEMO,OTHER", retry=RetryPolicy.fast())
    assert len(board.items) == 15


def _without_retry_notes(stderr: str) -> list[str]:
    """stderr's lines but the notes on retries before the final line
    (tests/test_jira_waits_said.py)."""
    return [
        line
        for line in stderr.strip().splitlines()
        if not line.endswith("the fetch goes on by itself")
    ]


def test_fetch_jira_takes_several_projects_and_says_what_each_fetched(monkeypatch, tmp_path):
    with two_projects() as fake:
        against_fake(monkeypatch, tmp_path, fake.env(), timeout=5.0)
        ok = CliRunner().invoke(app, ["fetch", "jira", "-p", "DEMO", "-p", "OTHER"])
        fake.inject(Status(500), path=fake.search_path, times=None, when=is_search_of("OTHER"))
        partial = CliRunner().invoke(app, ["fetch", "jira", "-p", "DEMO", "-p", "OTHER"])
    assert ok.exit_code == 0, ok.output
    assert "Fetched 10 Jira issues (all) from DEMO" in ok.stdout
    assert "Fetched 5 Jira issues (all) from OTHER" in ok.stdout
    assert partial.exit_code == 3
    errors = _without_retry_notes(partial.stderr)
    assert len(errors) == 1 and "1 of 2 Jira projects failed: Jira project 'OTHER'" in errors[0]
    assert "from DEMO" in partial.stdout and "Traceback" not in partial.output
    assert fake.api_token not in partial.output


def test_a_retry_line_names_the_project_when_several_are_fetched(monkeypatch, tmp_path):
    """The note of a retried failure names the project it befell (session 32 named only the
    page: "HTTP 503 while fetching the first page of issues"), and one project's line does not
    hide another's failing in the same minute."""
    with two_projects() as fake:
        against_fake(monkeypatch, tmp_path, fake.env(), timeout=5.0)
        for key in ("DEMO", "OTHER"):
            fake.inject(Status(503), path=fake.search_path, times=1, when=is_search_of(key))
        result = CliRunner().invoke(app, ["fetch", "jira", "-p", "DEMO", "-p", "OTHER"])
    assert result.exit_code == 0, result.output
    notes = sorted(line for line in result.stderr.splitlines() if "retry 1 of" in line)
    assert [note.split(": HTTP 503 while fetching ")[0] for note in notes] == [
        "backlog-analyzer: note: Jira project 'DEMO'",
        "backlog-analyzer: note: Jira project 'OTHER'",
    ]
    assert all("the first page of issues" in note for note in notes)


def test_one_project_fetched_alone_is_not_named_in_its_retry_line():
    from connectors._http.retry import Failure
    from connectors.live.jira.pacing import THROTTLED_LINE, wait_line

    failure = Failure(True, "HTTP 503", 503)
    assert wait_line("issues 1–50", failure, 1, 4, 2.0) == (
        "HTTP 503",
        "HTTP 503 while fetching issues 1–50: retry 1 of 3 in 2.0 s; the fetch goes on by itself",
    )
    assert wait_line("issues 1–50", failure, 1, 4, 2.0, "OTHER") == (
        "OTHER HTTP 503",
        "Jira project 'OTHER': HTTP 503 while fetching issues 1–50: retry 1 of 3 in 2.0 s; "
        "the fetch goes on by itself",
    )
    throttled = Failure(True, "HTTP 429", 429)  # the rate limit pauses every project: said once
    assert wait_line("x", throttled, 1, 4, 2.0, "OTHER") == ("429", THROTTLED_LINE)


def test_the_cli_names_an_unknown_key_in_one_line_and_fetches_nothing(monkeypatch, tmp_path):
    with two_projects() as fake:
        against_fake(monkeypatch, tmp_path, fake.env(), timeout=5.0)
        fetched = CliRunner().invoke(app, ["fetch", "jira", "-p", "DEMO", "-p", "NOPE"])
        scanned = CliRunner().invoke(app, ["scan", "jira", "DEMO,NOPE"])
        searched = fake.requested(fake.search_path)
    for result in (fetched, scanned):
        assert result.exit_code == 2, result.output
        (line,) = result.stderr.strip().splitlines()
        assert "has no project NOPE: this account sees DEMO, OTHER; nothing was fetched" in line
        assert result.stdout == "" and fake.api_token not in result.output
    assert searched == []


def test_scan_reports_the_projects_fetched_then_a_line_for_the_failed_one_and_resumes(
    monkeypatch, tmp_path
):
    args = ["scan", "jira", "DEMO,OTHER", "--format", "json"]
    with two_projects() as fake:
        against_fake(monkeypatch, tmp_path, fake.env(), timeout=5.0)
        fake.inject(Status(500), path=fake.search_path, times=None, when=is_search_of("OTHER"))
        partial = CliRunner().invoke(app, args)
        fake.http.clear_faults()
        again = CliRunner().invoke(app, args)
    assert partial.exit_code == 3, partial.output
    assert len(json.loads(partial.stdout)["items"]) == 10  # DEMO's
    (line,) = _without_retry_notes(partial.stderr)
    assert line.startswith("backlog-analyzer: warning: Jira project 'OTHER' was not fetched (")
    assert (
        "(HTTP 500) after 4 tries while fetching the first page of issues (1–5 of about 5); "
        in line
    )  # the page it was at
    assert line.endswith("the report covers the other Jira project, a re-run resumes it")
    assert "Traceback" not in partial.output and fake.api_token not in partial.output
    assert again.exit_code == 0, again.output
    assert len(json.loads(again.stdout)["items"]) == 15 and again.stderr == ""


# -- a later run of several projects (session 36: each project's run as of one alone) ------------


def _more_projects(fake: FakeJira, count: int) -> list[str]:
    keys = [f"P{n}" for n in range(count)]
    for n, key in enumerate(keys):
        fake.projects[key] = {"id": str(10200 + n), "key": key, "name": f"Project {key}"}
    return ["DEMO", *keys]


def _asked(fake: FakeJira) -> list[str]:
    return sorted(
        re.sub(r"/project/[A-Z0-9]+$", "/project/KEY", re.sub(r"/rest/api/\d/", "/", r.path))
        for r in fake.requested()
    )


@pytest.mark.parametrize("deployment", ["Cloud", "Server"])
def test_a_later_run_of_several_projects_asks_the_account_and_their_searches(store, deployment):
    # Main asked the server info, the field list and each project again every run (3 + N
    # requests more than N runs of one project each), each project on connections of its own.
    with FakeJira(deployment=deployment, extra_issues=9) as fake:
        keys = _more_projects(fake, 4)
        creds = (
            creds_for(fake) if deployment == "Cloud" else JiraCredentials(fake.url, pat=fake.pat)
        )
        first = fetch(fake, store, projects=keys, credentials=creds)
        assert _asked(fake).count("/project/KEY") == len(keys)
        fake.reset_requests()
        # one project, one request at a time: every request may go on the one connection
        second = fetch(fake, store, projects=keys, credentials=creds, projects_at_once=1, workers=1)
        search = "/search/jql" if fake.cloud else "/search"
        assert _asked(fake) == ["/myself", *[search] * len(keys)]
        on = {r.port for r in fake.requested()}
        assert len(on) == 1  # one connection; main: one per project and the check's
    assert [p.name for p in second.projects] == [p.name for p in first.projects]
    assert all(p.incremental for p in second.projects)
    # the server info and field list stay as old as when they were asked (refreshed daily)
    for a, b in zip(first.projects, second.projects, strict=True):
        assert (
            store.sync_state(b.source_id).cursor["site"]["asked_at"]
            == (store.sync_state(a.source_id).cursor["site"]["asked_at"])
        )


def test_a_new_project_beside_stored_ones_is_checked_alone(store):
    with two_projects() as fake:
        fetch(fake, store, projects=("DEMO",))
        fake.reset_requests()
        result = fetch(fake, store, projects=("DEMO", "OTHER"))
        asked = _asked(fake)
    assert asked.count("/project/KEY") == 1 and fake.requested(r"/rest/api/3/project/OTHER")
    assert "/serverInfo" not in asked and "/field" not in asked  # DEMO's kept memo
    assert [p.name for p in result.projects] == ["DEMO (Demo Onboarding)", "OTHER (OTHER)"]


def test_a_stored_project_gone_since_fails_alone(store):
    # Its key is no longer checked before the searches: its search fails, as for one project
    # alone, and the others are still fetched.
    with two_projects() as fake:
        fetch(fake, store)
        del fake.projects["OTHER"]
        with pytest.raises(PartialFetch) as caught:
            fetch(fake, store)
    assert [key for key, _ in caught.value.failed] == ["OTHER"]
    assert "OTHER" in str(caught.value.failed[0][1])
    assert [p.name for p in caught.value.outcome.projects] == ["DEMO (Demo Onboarding)"]
