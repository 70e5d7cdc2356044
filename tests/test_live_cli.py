"""``fetch jira``, ``import``, ``report`` and ``scan jira`` end to end: CLI, jira client, fake."""

from __future__ import annotations

import json
import logging
import os
import re
import signal
from pathlib import Path

import pytest

import analyzer.commands.live as live_cmd
from analyzer.local_store import merge_boards
from connectors.store import Store
from tests.fakes import jira_cli
from tests.fakes.cli_process import spawn, stored_rows, wait_until
from tests.fakes.http import Delay, Status
from tests.fakes.jira_cli import SEARCH, run, secrets
from tests.fakes.jira_server import FakeJira

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"

# the fake Jira and the CLI against it (tests/fakes/jira_cli.py): fixtures, found by name here
fake, env = jira_cli.fake, jira_cli.env


def store_bytes(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in folder.glob("*.sqlite*"))


def one_error_line(result) -> str:
    """The one line of a failed command, after any note on the retries that came before it
    (tests/test_jira_waits_said.py)."""
    lines = [
        line
        for line in result.stderr.strip().splitlines()
        if not line.endswith("the fetch goes on by itself")
    ]
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.output
    return lines[0]


# -- fetch ----------------------------------------------------------------------------------------


def test_fetch_jira_stores_the_project_and_says_what_it_did(env, fake):
    result = run("fetch", "jira", "--project", "DEMO")
    assert result.exit_code == 0, result.output
    assert "Fetched 15 Jira issues (all) from DEMO (Demo Onboarding)" in result.stdout
    fake.touch("DEMO-3")
    again = run("fetch", "jira", "--server", fake.url, "--project", "DEMO")
    assert again.exit_code == 0 and "Fetched 1 Jira issues (changed since the last sync)" in (
        again.stdout
    )
    with Store(env / "store.sqlite") as store:
        (info,) = store.sources("jira")
        assert info.items == 15 and not info.in_progress


def test_fetch_jira_with_jql_into_a_chosen_db(env, fake, tmp_path):
    db = tmp_path / "other" / "mine.sqlite"
    result = run("fetch", "jira", "--jql", "project = DEMO AND labels = pricing", "--db", str(db))
    assert result.exit_code == 0, result.output
    with Store(db) as store:
        assert len(store.load_boards("jira")[0].items) == 2  # DEMO-5 and its copy


@pytest.mark.parametrize(
    "args", [[], ["--project", "DEMO", "--jql", "x = 1"]], ids=["neither", "both"]
)
def test_fetch_jira_needs_exactly_one_of_project_or_jql(env, args):
    result = run("fetch", "jira", *args)
    assert result.exit_code == 2
    assert "exactly one of --project KEY or --jql QUERY" in one_error_line(result)


def test_401_is_one_line_naming_the_variable(env, fake, monkeypatch):
    monkeypatch.setenv("JIRA_API_TOKEN", "wrong-token-123")
    result = run("fetch", "jira", "--project", "DEMO")
    assert result.exit_code == 2
    line = one_error_line(result)
    assert "HTTP 401" in line and "JIRA_EMAIL and JIRA_API_TOKEN" in line
    assert "wrong-token-123" not in result.output


def test_missing_server_says_how_to_give_it(env, monkeypatch):
    monkeypatch.delenv("JIRA_SERVER")
    result = run("fetch", "jira", "--project", "DEMO")
    assert (
        result.exit_code == 2
        and "--server URL, set JIRA_SERVER, or put server under [jira]" in (one_error_line(result))
    )


def test_unknown_project_is_one_line_naming_the_projects_the_account_sees(env):
    result = run("fetch", "jira", "--project", "NOPE")
    assert result.exit_code == 2
    assert one_error_line(result).endswith(
        "has no project NOPE: this account sees DEMO; nothing was fetched"
    )


def test_bad_jql_is_the_servers_message_in_one_line(env):
    result = run("fetch", "jira", "--jql", "project = DEMO AND !!")
    assert result.exit_code == 2 and "Error in the JQL Query" in one_error_line(result)


def test_remote_failure_exits_3_and_keeps_what_was_fetched(env, fake):
    fake.inject(Status(502), path=SEARCH, times=None, when=lambda r: bool(r.arg("nextPageToken")))
    result = run("fetch", "jira", "--project", "DEMO")
    assert result.exit_code == 3
    assert "kept failing (HTTP 502)" in one_error_line(result)
    with Store(env / "store.sqlite") as store:
        (info,) = store.sources("jira")
        assert info.items == 5  # the first page
        assert info.in_progress


def test_debug_shows_the_traceback(env):
    result = run("--debug", "fetch", "jira", "--project", "NOPE")
    assert result.exit_code == 2 and "Traceback" in result.stderr
    assert "NotFoundError: Jira at " in result.stderr


# -- import and report ----------------------------------------------------------------------------


def test_import_then_report_without_network(env, fake):
    result = run("import", str(FIXTURES / "trello_board_basic.json"))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Imported ")
    fake.stop()  # no network from here on
    report = run("report", "--format", "json")
    assert report.exit_code == 0, report.output
    assert '"items"' in report.stdout


def test_report_from_a_fetch_filters_by_source(env, fake):
    assert run("fetch", "jira", "--project", "DEMO").exit_code == 0
    assert run("import", str(FIXTURES / "trello_board_basic.json")).exit_code == 0
    fake.reset_requests()
    jira_only = run("report", "--source", "jira", "--format", "json")
    assert jira_only.exit_code == 0, jira_only.output
    assert "DEMO-2" in jira_only.stdout
    assert fake.requested() == []
    out = env / "r.md"
    written = run("report", "-s", "DEMO (Demo Onboarding)", "-o", str(out))
    assert written.exit_code == 0 and out.read_text().strip()


def test_report_says_when_nothing_matches(env):
    assert run("import", str(FIXTURES / "trello_board_basic.json")).exit_code == 0
    result = run("report", "--source", "nothing-like-this")
    assert result.exit_code == 2 and "no source matches nothing-like-this" in one_error_line(result)


def test_report_on_an_empty_or_missing_store(env, tmp_path):
    default = env / "store.sqlite"  # $BACKLOG_ANALYZER_DB
    never = run("report")
    assert never.exit_code == 2 and f"{default}: no such store" in one_error_line(never)
    assert not default.exists()  # report never creates a store
    Store(default).close()
    empty = run("report")
    assert empty.exit_code == 2 and "is empty" in one_error_line(empty)
    missing = run("report", "--db", str(tmp_path / "nope.sqlite"))
    assert missing.exit_code == 2 and "no such store" in one_error_line(missing)
    assert not (tmp_path / "nope.sqlite").exists()


def test_report_notes_an_unfinished_fetch(env, fake):
    fake.inject(Status(500), path=SEARCH, times=None, when=lambda r: bool(r.arg("nextPageToken")))
    assert run("fetch", "jira", "--project", "DEMO").exit_code == 3
    result = run("report", "--format", "json")
    assert result.exit_code == 0, result.output
    assert "did not finish" in result.stderr


def test_import_of_a_bad_file_is_one_line(env, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    result = run("import", str(bad))
    assert result.exit_code == 2 and one_error_line(result)


# -- scan jira ------------------------------------------------------------------------------------


def test_scan_jira_fetches_then_reports(env, fake):
    result = run("scan", "jira", "DEMO", "--format", "json")
    assert result.exit_code == 0, result.output
    assert "DEMO-2" in result.stdout
    with Store(env / "store.sqlite") as store:
        assert store.sources("jira")[0].items == 15


def test_scan_jira_takes_server_and_db_like_fetch(env, fake, monkeypatch, tmp_path):
    monkeypatch.delenv("JIRA_SERVER")
    monkeypatch.delenv("BACKLOG_ANALYZER_DB", raising=False)
    db = tmp_path / "chosen.sqlite"
    result = run("scan", "jira", "DEMO", "--server", fake.url, "--db", str(db), "-f", "json")
    assert result.exit_code == 0, result.output
    assert "DEMO-2" in result.stdout
    with Store(db) as store:
        assert store.sources("jira")[0].items == 15


def test_server_and_db_are_only_for_live_sources(env):
    for option, value in (("--server", "https://acme.atlassian.net"), ("--db", "x.sqlite")):
        result = run("scan", str(FIXTURES / "trello_board_basic.json"), option, value)
        assert result.exit_code == 2
        assert f"{option} is only for live sources" in one_error_line(result)


@pytest.mark.parametrize("kind", ["directory", "not sqlite"])
@pytest.mark.parametrize(
    "command",
    [
        ["report"],
        ["import", str(FIXTURES / "trello_board_basic.json")],
        ["fetch", "jira", "--project", "DEMO"],
    ],
)
def test_a_db_that_is_not_a_store_is_one_line(env, kind, command, tmp_path):
    db = tmp_path / "folder"
    if kind == "directory":
        db.mkdir()
        expected = "is a directory; give a file name"
    else:
        db.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
        expected = "file is not a database"
    before = None if kind == "directory" else db.read_bytes()
    result = run(*command, "--db", str(db))
    assert result.exit_code == 2
    line = one_error_line(result)
    assert line.startswith("backlog-analyzer: error: ") and str(db) in line and expected in line
    assert before is None or db.read_bytes() == before  # a file that is not a store is left alone


def test_report_output_never_overwrites_the_store(env, fake, monkeypatch):
    assert run("fetch", "jira", "--project", "DEMO").exit_code == 0
    store = env / "store.sqlite"
    attempts = [
        ("report", "--output", str(store)),  # the default store ($BACKLOG_ANALYZER_DB)
        ("report", "--db", str(store), "--output", str(store)),
        ("report", "--output", f"{store}-wal"),
        ("scan", "jira", "DEMO", "--db", str(store), "--output", str(store)),
    ]
    monkeypatch.chdir(env)
    attempts.append(("report", "--db", "store.sqlite", "-o", "./store.sqlite"))
    for args in attempts:
        result = run(*args)
        assert result.exit_code == 2, args
        assert "--output would overwrite the local store" in one_error_line(result)
    with Store(store) as kept:
        assert kept.sources("jira")[0].items == 15


def test_report_after_import_counts_the_skipped_records_as_the_scan_does(env):
    export = str(FIXTURES / "trello_board_with_archived_cards.json")
    imported = run("import", export)
    assert imported.exit_code == 0, imported.output
    assert "3 records could not be read and were skipped" in imported.stdout
    stored = json.loads(run("report", "--format", "json").stdout)
    scanned = json.loads(run("scan", export, "--format", "json").stdout)
    assert stored["skipped"] == scanned["skipped"] and stored["skipped"]["count"] == 3
    assert stored["summary"] == scanned["summary"]


def test_scan_jira_without_a_target(env):
    result = run("scan", "jira")
    assert result.exit_code == 2 and "project key" in one_error_line(result)


# -- secrets --------------------------------------------------------------------------------------


def test_no_token_in_any_output_log_or_store(env, fake, caplog):
    caplog.set_level(logging.DEBUG)
    fake.inject(Status(429, {"errorMessages": ["slow down"]}, {"Retry-After": "0"}), path=SEARCH)
    fake.inject(Status(500), path=r"/rest/api/3/issue/.*", times=1)
    outputs = [run("fetch", "jira", "--project", "DEMO")]
    fake.touch("DEMO-1")
    outputs.append(run("--debug", "fetch", "jira", "--project", "DEMO"))
    outputs.append(run("report", "--format", "json"))
    outputs.append(run("fetch", "jira", "--project", "NOPE"))
    os.environ["JIRA_API_TOKEN"] = fake.api_token + "-wrong"
    outputs.append(run("fetch", "jira", "--project", "DEMO"))
    os.environ["JIRA_API_TOKEN"] = fake.api_token
    assert [r.exit_code for r in outputs] == [0, 0, 0, 2, 2]
    texts = [r.output for r in outputs] + [caplog.text]
    data = store_bytes(env)
    assert data
    for secret in secrets(fake):
        assert all(secret not in text for text in texts)
        assert secret.encode() not in data


# -- resume after kill -9 -------------------------------------------------------------------------


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT], ids=["kill-9", "ctrl-c"])
def test_a_killed_fetch_resumes_and_stores_every_issue_once(tmp_path, monkeypatch, sig):
    db = tmp_path / "store.sqlite"
    with FakeJira(extra_issues=24, max_page=5) as fake:
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("JIRA_")},
            **fake.env(),
            "BACKLOG_ANALYZER_DB": str(db),
            "BACKLOG_ANALYZER_CONFIG": str(tmp_path / "none.toml"),
            "PYTHONPATH": str(ROOT),
        }
        command = ["fetch", "jira", "--project", "DEMO"]
        # The third page hangs: the process is killed while waiting for it, two pages saved.
        seen: list[str] = []

        def third_page(req) -> bool:  # runs under the fake's lock: no fake.* calls in here
            seen.append(req.path)
            return len(seen) >= 3

        fake.inject(Delay(60), path=SEARCH, when=third_page)
        proc = spawn(command, env)
        # Page 3 is asked for once page 1 is taken (one page read ahead), not once it is saved:
        # wait for the two pages to be in the store, then the CLI can only be waiting for page 3.
        wait_until(lambda: len(fake.searches()) >= 3, "the third page", proc=proc)
        wait_until(lambda: stored_rows(db, "items") >= 10, "two pages saved", proc=proc)
        proc.send_signal(sig)
        _, err = proc.communicate(timeout=50)  # a ceiling: Ctrl-C ends it at once
        if sig == signal.SIGKILL:
            assert proc.returncode == -signal.SIGKILL
        else:  # Ctrl-C: one line, exit 130, the fetched pages kept
            assert proc.returncode == 130
            assert err.decode() == (
                "backlog-analyzer: error: interrupted; everything fetched so far is kept, "
                "re-run to resume\n"
            )
        with Store(db) as store:
            (info,) = store.sources("jira")
            assert info.in_progress and 0 < info.items < 30
            saved = store.item_ids(info.id)
        fake.http.clear_faults()
        fake.reset_requests()
        for name in ("JIRA_SERVER", "JIRA_EMAIL", "JIRA_API_TOKEN", "JIRA_PAT"):
            monkeypatch.delenv(name, raising=False)
        for name, value in env.items():
            if name.startswith(("JIRA_", "BACKLOG_ANALYZER_")):
                monkeypatch.setenv(name, value)
        done = run(*command)  # the re-run, in this process
        resumed = fake.searches()
    assert done.exit_code == 0, done.output
    assert "resumed an interrupted fetch" in done.stdout
    # It did not start over: every page of issues it asks for continues from the saved token
    # or names issues by id, none of them one saved before the kill (a listing of keys only,
    # for removed issues or to split the rest between workers, may come first).
    pages = [r for r in resumed if r.arg("fields") not in ("key", ["key"])]
    assert pages
    for page in pages:
        listed = re.search(r"\bid in \(([^)]*)\)", page.arg("jql") or "")
        assert page.arg("nextPageToken") or listed, page.query
        if listed:
            assert not {i.strip() for i in listed.group(1).split(",")} & saved
    with Store(db) as store:
        board = store.load_boards("jira")[0]
        ids = [i.id for i in board.items]
        assert len(ids) == len(set(ids)) == 30
        assert not store.sources("jira")[0].in_progress
        keys = [a.id for a in board.activities]
        assert len(keys) == len(set(keys))


def test_timeout_must_be_positive(env):
    result = run("fetch", "jira", "--project", "DEMO", "--timeout", "0")
    assert result.exit_code == 2 and "--timeout" in one_error_line(result)


def test_check_removed_marks_a_deleted_issue(env, fake):
    assert run("fetch", "jira", "--project", "DEMO").exit_code == 0
    fake.delete("DEMO-4")
    result = run("fetch", "jira", "--project", "DEMO", "--check-removed")
    assert result.exit_code == 0 and "1 no longer visible, marked removed" in result.stdout


def test_report_selects_a_project_by_its_key(env, fake):
    assert run("fetch", "jira", "--project", "DEMO").exit_code == 0
    assert run("report", "-s", "demo", "--format", "json").exit_code == 0


def test_merge_keeps_items_of_two_sites_apart_and_overlaps_once():
    from datetime import UTC, datetime

    from connectors.interface import Activity, ActivityKind, Board, Item

    def board(origin: str, ids: list[str]) -> Board:
        when = datetime(2026, 1, 1, tzinfo=UTC)
        return Board(
            f"b-{origin}-{len(ids)}",
            origin,
            "jira",
            items=[Item("jira", i, f"t{i}") for i in ids],
            activities=[Activity(i, None, ActivityKind.CREATED, when) for i in ids],
            origin=origin,
        )

    merged = merge_boards(
        [board("https://a", ["1", "2"]), board("https://a", ["2", "3"]), board("https://b", ["1"])]
    )
    assert [i.id for i in merged.items] == ["1", "2", "3", "2:1"]
    assert [a.item_id for a in merged.activities] == ["1", "2", "3", "2:1"]


def test_merge_counts_an_imported_export_and_the_live_fetch_of_it_once():
    from datetime import UTC, datetime

    from connectors.interface import Activity, ActivityKind, Board, Item

    def board(origin: str, url: str | None, title: str) -> Board:
        when = datetime(2026, 1, 1, tzinfo=UTC)
        item = Item("jira", "10001", title, key="P-1", url=url and f"{url}/browse/P-1")
        act = Activity("10001", None, ActivityKind.CREATED, when)
        return Board(origin, origin, "jira", items=[item], activities=[act], origin=origin)

    export = board("export.csv", None, "from the export")  # a CSV names no site
    live = board("https://a.example", "https://a.example", "live")
    merged = merge_boards([export, live])
    assert [i.title for i in merged.items] == ["live"]  # live first: its history is complete
    assert len(merged.activities) == 1
    other_site = board("other.json", "https://b.example", "another site's P-1")
    merged = merge_boards([board("https://a.example", "https://a.example", "a"), other_site])
    assert [i.id for i in merged.items] == ["10001", "1:10001"]


def test_report_of_an_imported_export_and_its_live_fetch_has_each_issue_once(env, fake):
    import requests

    auth = (fake.email, fake.api_token)
    params = {"jql": "project = DEMO", "maxResults": 100, "fields": "*all", "expand": "changelog"}
    issues: list[dict] = []
    while True:  # the REST search results a user saved as an export
        page = requests.get(
            f"{fake.url}/rest/api/3/search/jql", params=params, auth=auth, timeout=5
        ).json()
        issues += page["issues"]
        if page.get("isLast", True):
            break
        params["nextPageToken"] = page["nextPageToken"]
    export = env / "demo.json"
    export.write_text(json.dumps({"issues": issues}), encoding="utf-8")
    assert run("import", str(export)).exit_code == 0
    scanned = run("scan", str(export), "-f", "json")
    assert scanned.exit_code == 0, scanned.output
    alone = json.loads(scanned.stdout)
    assert run("fetch", "jira", "--project", "DEMO").exit_code == 0
    both = json.loads(run("report", "-f", "json").stdout)
    keys = [i["key"] for i in both["items"]]
    assert len(keys) == len(set(keys)) == len(alone["items"])


def test_fetch_progress_draws_counts_and_what_on_a_terminal():
    import io

    from rich.console import Console

    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=120)
    with live_cmd.FetchProgress("Fetching Jira issues", console=console) as update:
        update("fetch", 3, 15, "searching")
        update("fetch", 15, 15, "DEMO-3: changelog (250 entries)")
    text = out.getvalue()
    assert "Fetching Jira issues" in text and "15/15" in text and "DEMO-3: changelog" in text


def test_fetch_progress_is_silent_off_a_terminal():
    import io

    from rich.console import Console

    out = io.StringIO()
    with live_cmd.FetchProgress(console=Console(file=out, force_terminal=False)) as update:
        update("fetch", 1, 2, "x")
    assert out.getvalue() == ""


@pytest.mark.parametrize(
    "sample", ["jira_sample_export.json", "jira_sample_export.csv", "trello_sample_board.json"]
)
def test_report_of_an_imported_sample_equals_its_scan(env, sample):
    # `report` loads activities without their texts (activity_details=False): same report.
    path = Path(__file__).parent.parent / "examples" / sample
    assert run("import", str(path)).exit_code == 0
    stored = json.loads(run("report", "--format", "json").stdout)
    offline = json.loads(run("scan", str(path), "--format", "json").stdout)
    assert stored["items"] == offline["items"]
    for key in ("summary", "people", "windows", "notes", "as_of", "flags", "drift"):
        assert stored.get(key) == offline.get(key), key


def test_a_failed_page_is_named_as_the_page_asked_for_not_the_projects_issues(env, fake):
    """15 issues, pages of 50: "while fetching issues 1-50" read as the project's 50 issues
    (session 28); it is the first page, of the 15 the count gave; a later page says its range."""
    fake.inject(Status(500), path=SEARCH, times=None)
    first = one_error_line(run("fetch", "jira", "--project", "DEMO"))
    assert "while fetching the first page of issues (1–15 of about 15); " in first
    fake.http.clear_faults()
    fake.inject(Status(502), path=SEARCH, times=None, when=lambda r: bool(r.arg("nextPageToken")))
    later = one_error_line(run("fetch", "jira", "--project", "DEMO", "--full"))
    assert "while fetching issues 6–15 of about 15; " in later  # asked from 6, 50 a page


def test_a_page_of_a_server_fetch_is_named_by_its_range_of_the_total():
    """Server/Data Center says its total with the first page: no "about"; unknown before."""
    from types import SimpleNamespace

    from connectors.live.jira.search import SearchPaging

    pages = SimpleNamespace(total=0)
    paging = SearchPaging(SimpleNamespace(cloud=False), pages, page_size=50, workers=1)  # type: ignore[arg-type]
    assert paging.pages_asked(0, 50) == "the first page of issues (1–50)"
    pages.total = 2300
    assert paging.pages_asked(50, 50) == "issues 51–100 of 2,300"
    assert paging.pages_asked(2250, 100) == "issues 2,251–2,300 of 2,300"


@pytest.mark.parametrize(
    ("dropped", "said"),
    [
        (
            "JIRA_EMAIL",
            "no JIRA_EMAIL: Jira Cloud needs it with the API token given; set JIRA_EMAIL or put "
            "email under [jira] in ",
        ),
        (
            "JIRA_API_TOKEN",
            "no JIRA_API_TOKEN: Jira Cloud needs it with the email given; set JIRA_API_TOKEN or "
            "put api_token under [jira] in ",
        ),
    ],
)
def test_half_of_clouds_pair_names_the_missing_one_and_how_to_give_it(
    env, fake, monkeypatch, dropped, said
):
    """A token without the email read "no Jira credentials: set JIRA_EMAIL and JIRA_API_TOKEN"
    (session 28), not saying which was missing: the one missing, the variable or the file's
    key, and that Server/Data Center takes a PAT alone; never the token."""
    monkeypatch.delenv(dropped)
    result = run("fetch", "jira", "--project", "DEMO")
    assert result.exit_code == 2
    line = one_error_line(result)
    assert line.startswith(f"backlog-analyzer: error: {said}")
    assert line.endswith(
        "Server/Data Center takes a personal access token alone: JIRA_PAT, or pat under [jira]"
    )
    assert all(secret not in result.output for secret in secrets(fake))


def test_half_of_clouds_pair_in_the_file_is_said_the_same_way(env, fake, monkeypatch):
    """The email in the credentials file, the token nowhere: the token is named."""
    monkeypatch.delenv("JIRA_EMAIL")
    monkeypatch.delenv("JIRA_API_TOKEN")
    config = env / "credentials.toml"
    config.write_text(f'[jira]\nemail = "{fake.email}"\n', encoding="utf-8")
    config.chmod(0o600)
    monkeypatch.setenv("BACKLOG_ANALYZER_CONFIG", str(config))
    line = one_error_line(run("fetch", "jira", "--project", "DEMO"))
    assert f"set JIRA_API_TOKEN or put api_token under [jira] in {config} (chmod 600)" in line
