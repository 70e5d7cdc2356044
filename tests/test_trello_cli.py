"""``fetch trello`` and ``scan trello`` end to end: the CLI, py-trello and the fake server."""

from __future__ import annotations

import json
import os
import signal
from pathlib import Path

import pytest
from typer.testing import CliRunner

import analyzer.live as live_lib
from analyzer.cli import app
from connectors.live.trello.transport import THROTTLED_LINE
from connectors.mapping.trello import map_board_json
from connectors.store import Store
from tests.cli_helpers import against_fake
from tests.fakes.cli_process import spawn, stored_rows, wait_until
from tests.fakes.http import Cut, Delay, Status
from tests.fakes.trello_server import (
    CREDENTIALS_ENV,
    KEY,
    TOKEN,
    FakeTrello,
    board_json,
    synthetic_board,
    workspace_json,
)

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
ACTIONS = r"/1/boards/\w+/actions"


@pytest.fixture
def env(monkeypatch, tmp_path):
    return against_fake(monkeypatch, tmp_path, CREDENTIALS_ENV, timeout=0.5)


@pytest.fixture
def fake(monkeypatch):
    with FakeTrello([board_json()], rate_limit=None) as server:
        monkeypatch.setenv(live_lib.API_URL_ENV, server.url)
        yield server


def run(*args: str):
    return CliRunner().invoke(app, list(args))


def no_secrets(*texts: str) -> None:
    for text in texts:
        assert KEY not in text and TOKEN not in text


def store_bytes(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in folder.glob("store.sqlite*"))


def test_fetch_trello_stores_the_board_and_says_what_it_did(env, fake):
    result = run("fetch", "trello", "--board", "https://trello.com/b/PayPlt01/payments-platform")
    assert result.exit_code == 0, result.output
    assert "Trello board 'Payments Platform' (full): 50 actions and 11 cards" in result.stdout
    assert "stored in" in result.stdout
    again = run("fetch", "trello", "--board", "PayPlt01")
    assert again.exit_code == 0 and "(incremental)" in again.stdout
    no_secrets(result.output, again.output)
    with Store(env / "store.sqlite") as store:
        (info,) = store.sources("trello")
        assert info.items == 11 and info.activities == 40 and not info.in_progress
    assert KEY.encode() not in store_bytes(env) and TOKEN.encode() not in store_bytes(env)


def test_fetch_trello_workspace_into_a_chosen_db(env, monkeypatch):
    ws = workspace_json()
    boards = ws["boards"]
    with FakeTrello(boards, workspaces={"acme-payments": [b["id"] for b in boards]}) as server:
        monkeypatch.setenv(live_lib.API_URL_ENV, server.url)
        db = env / "other.sqlite"
        result = run("fetch", "trello", "--workspace", "acme-payments", "--db", str(db))
    assert result.exit_code == 0, result.output
    assert "Growth Experiments" in result.stdout and "Support Escalations" in result.stdout
    with Store(db) as store:
        assert {s.name for s in store.sources("trello")} == {b["name"] for b in boards}


def test_fetch_trello_needs_a_board_or_workspace(env):
    result = run("fetch", "trello")
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        "backlog-analyzer: error: give --board ID|SHORTLINK|URL (repeatable) or --workspace NAME"
    ]


def one_error_line(result) -> str:
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.output
    no_secrets(result.output)
    return lines[0]


def test_bad_token_is_one_line_naming_the_variables(env, fake, monkeypatch):
    monkeypatch.setenv("TRELLO_TOKEN", "ATTA" + "9" * 60)
    result = run("fetch", "trello", "--board", "PayPlt01")
    assert result.exit_code == 2
    line = one_error_line(result)
    assert "TRELLO_API_KEY" in line and "TRELLO_TOKEN" in line and "9" * 60 not in line


def test_missing_token(env, fake, monkeypatch):
    monkeypatch.delenv("TRELLO_TOKEN")
    result = run("fetch", "trello", "--board", "PayPlt01")
    assert result.exit_code == 2
    assert "set TRELLO_TOKEN" in one_error_line(result)


@pytest.mark.parametrize(
    ("dropped", "said"),
    [
        (
            "TRELLO_TOKEN",
            "no TRELLO_TOKEN: Trello needs it with the API key given; set "
            "TRELLO_TOKEN or put token under [trello] in ",
        ),
        (
            "TRELLO_API_KEY",
            "no TRELLO_API_KEY: Trello needs it with the token given; set "
            "TRELLO_API_KEY or put api_key under [trello] in ",
        ),
    ],
)
def test_half_of_the_pair_names_the_missing_one_and_the_files_key(
    env, fake, monkeypatch, dropped, said
):
    """ "no Trello credentials" over a key that was given (session 28): the one missing, its
    variable and its key in the credentials file; never the other."""
    monkeypatch.delenv(dropped)
    result = run("fetch", "trello", "--board", "PayPlt01")
    assert result.exit_code == 2
    assert one_error_line(result).startswith(f"backlog-analyzer: error: {said}")


def test_unknown_board(env, fake):
    result = run("fetch", "trello", "--board", "https://trello.com/b/Missing1/x")
    assert result.exit_code == 2
    assert "'Missing1' not found or not visible to this token" in one_error_line(result)


def test_not_a_board(env, fake):
    result = run("fetch", "trello", "--board", "https://example.com/b/whatever")
    assert result.exit_code == 2
    assert "is not a Trello board" in one_error_line(result)


@pytest.mark.parametrize(
    "fault",
    [Status(429, {"error": "API_TOKEN_LIMIT_EXCEEDED"}), Status(503), Cut(0.3), Delay(1.0)],
    ids=["429", "503", "cut", "slow"],
)
def test_transient_faults_are_ridden_out(env, fake, fault):
    fake.server.inject(fault, path=ACTIONS, times=1)
    result = run("fetch", "trello", "--board", "PayPlt01")
    assert result.exit_code == 0, result.output
    assert "50 actions and 11 cards" in result.stdout


def test_waiting_for_the_rate_limit_is_said_in_one_line_without_a_terminal(env, fake):
    """Eight 429s in a row (no Retry-After, as Trello answers) were waited out in silence when
    stderr was no terminal (session 31's walk): one note line says why the fetch stands still."""
    fake.server.inject(Status(429, {"error": "API_TOKEN_LIMIT_EXCEEDED"}), path=ACTIONS, times=3)
    result = run("fetch", "trello", "--board", "PayPlt01")
    assert result.exit_code == 0, result.output
    assert "50 actions and 11 cards" in result.stdout
    notes = [line for line in result.stderr.splitlines() if "rate limit" in line]
    assert notes == [
        "backlog-analyzer: note: waiting for Trello's rate limit (HTTP 429, too many requests; "
        "another client may be using this token): the fetch goes on by itself"
    ]
    no_secrets(result.stdout, result.stderr)


def test_scan_trello_says_its_wait_too(env, fake):
    fake.server.inject(Status(429, {"error": "API_TOKEN_LIMIT_EXCEEDED"}), path=ACTIONS, times=2)
    result = run("scan", "trello", "PayPlt01", "--format", "json")
    assert result.exit_code == 0, result.output
    notes = [line for line in result.stderr.splitlines() if "rate limit" in line]
    assert notes == ["backlog-analyzer: note: " + THROTTLED_LINE]
    no_secrets(result.stdout, result.stderr)


def test_a_server_that_keeps_failing_exits_3_with_one_line(env, fake):
    fake.server.inject(Status(500, "boom"), path=ACTIONS, times=None)
    result = run("fetch", "trello", "--board", "PayPlt01")
    assert result.exit_code == 3
    line = one_error_line(result)
    assert "Trello kept failing (HTTP 500)" in line and "re-run" in line


def test_debug_shows_the_traceback(env, fake):
    fake.server.inject(Status(500, "boom"), path=ACTIONS, times=None)
    result = run("--debug", "fetch", "trello", "--board", "PayPlt01")
    assert result.exit_code == 3 and "Traceback" in result.stderr
    assert "RetriesExhausted: Trello kept failing" in result.stderr


def test_scan_trello_fetches_and_reports_like_the_export(env, fake, tmp_path):
    live = run("scan", "trello", "PayPlt01", "--format", "json")
    assert live.exit_code == 0, live.output
    export = tmp_path / "board.json"
    export.write_text(json.dumps(board_json()), encoding="utf-8")
    offline = run("scan", str(export), "--format", "json")
    assert offline.exit_code == 0, offline.output
    live_report, offline_report = json.loads(live.stdout), json.loads(offline.stdout)
    by_id = lambda report: sorted(report["items"], key=lambda i: i["id"])  # noqa: E731
    assert by_id(live_report) == by_id(offline_report)
    assert live_report["summary"] == offline_report["summary"]
    assert Store(env / "store.sqlite").sources("trello")[0].items == 11
    no_secrets(live.output)


def test_report_from_the_store_matches_the_export_scan(env, fake, tmp_path):
    # The board's history holds a moveCardFromBoard of a card now on another board: the store
    # keeps that action, but `report` must leave it out as the export scan does.
    assert run("fetch", "trello", "--board", "PayPlt01").exit_code == 0
    stored = json.loads(run("report", "--format", "json").stdout)
    export = tmp_path / "board.json"
    export.write_text(json.dumps(board_json()), encoding="utf-8")
    offline = json.loads(run("scan", str(export), "--format", "json").stdout)
    by_id = lambda report: sorted(report["items"], key=lambda i: i["id"])  # noqa: E731
    assert by_id(stored) == by_id(offline)
    for key in ("summary", "people", "windows", "notes", "as_of"):
        assert stored[key] == offline[key], key


def test_scan_trello_into_a_chosen_db_and_no_server(env, fake, tmp_path):
    db = tmp_path / "chosen.sqlite"
    result = run("scan", "trello", "PayPlt01", "--db", str(db), "-f", "json")
    assert result.exit_code == 0, result.output
    with Store(db) as store:
        assert store.sources("trello")[0].items == 11
    wrong = run("scan", "trello", "PayPlt01", "--server", "https://acme.atlassian.net")
    assert wrong.exit_code == 2 and "--server is for Jira" in one_error_line(wrong)


def test_scan_trello_without_a_board(env, fake):
    result = run("scan", "trello")
    assert result.exit_code == 2
    assert "give the Trello board" in one_error_line(result)


# -- resume after a kill ---------------------------------------------------------------------------


def test_a_killed_fetch_resumes_and_stores_every_action_once(env, monkeypatch):
    data = synthetic_board(cards=30, actions=1800, seed=11)
    db = env / "store.sqlite"
    child_env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with FakeTrello([data]) as fake:
        child_env[live_lib.API_URL_ENV] = fake.url
        monkeypatch.setenv(live_lib.API_URL_ENV, fake.url)
        # The second page of actions hangs: the process is killed while waiting for it.
        fake.server.inject(Delay(60), path=ACTIONS, when=lambda r: r.arg("before") is not None)
        proc = spawn(["fetch", "trello", "-b", data["id"]], child_env)
        # The second page is asked for while the first may still be unsaved: wait for both.
        wait_until(lambda: fake.server.count(ACTIONS) >= 2, "the second page", proc=proc)
        wait_until(lambda: stored_rows(db, "activities") > 0, "the first page saved", proc=proc)
        proc.send_signal(signal.SIGKILL)
        out, err = proc.communicate(timeout=50)  # a ceiling: SIGKILL ends it at once
        assert proc.returncode == -signal.SIGKILL
        with Store(db) as store:
            source_id = store.find_source("trello", data["id"])
            assert store.sync_state(source_id).in_progress
            kept = len(store.load_board(source_id, all_activities=True).activities)
            assert 0 < kept < len(data["actions"])
        fake.server.clear_faults()
        fake.server.reset_requests()
        done = run("fetch", "trello", "-b", data["id"])  # the re-run, in this process
        resumed = fake.server.requested(ACTIONS)
    assert done.exit_code == 0, done.output
    assert resumed[0].arg("before") is not None  # went on from the page it had
    with Store(db) as store:
        board = store.load_board(source_id)
        assert not store.sync_state(source_id).in_progress
    ids = [a.id for a in board.activities]
    assert len(ids) == len(set(ids)) == len(map_board_json(data).activities)
    no_secrets(done.output, out.decode(), err.decode())
    assert TOKEN.encode() not in store_bytes(env)


def test_scan_trello_a_workspace_url(env, monkeypatch):
    ws = workspace_json()
    boards = ws["boards"]
    with FakeTrello(boards, workspaces={"acme-payments": [b["id"] for b in boards]}) as server:
        monkeypatch.setenv(live_lib.API_URL_ENV, server.url)
        result = run("scan", "trello", "https://trello.com/w/acme-payments", "--format", "json")
    assert result.exit_code == 0, result.output
    titles = {item["title"] for item in json.loads(result.stdout)["items"]}
    assert titles == {card["name"] for board in boards for card in board["cards"]}


def test_fetch_help_names_the_credentials():
    for source, variable in (("trello", "TRELLO_TOKEN"), ("jira", "JIRA_API_TOKEN")):
        result = CliRunner().invoke(app, ["fetch", source, "--help"], env={"COLUMNS": "200"})
        assert result.exit_code == 0 and variable in result.stdout
        assert "backlog-analyzer report" in result.stdout


def test_an_ignored_credentials_file_is_one_warning_line_from_the_cli(env, fake, monkeypatch):
    """The library issues a CredentialsWarning (it never prints); the CLI shows it as one line."""
    config = env / "credentials.toml"
    config.write_text('[trello]\ntoken = "from-the-file"\n', encoding="utf-8")
    config.chmod(0o644)  # readable by others: ignored, the environment is used
    monkeypatch.setenv("BACKLOG_ANALYZER_CONFIG", str(config))
    result = run("fetch", "trello", "--board", "PayPlt01")
    assert result.exit_code == 0, result.output
    warning_lines = [line for line in result.stderr.splitlines() if "warning:" in line]
    assert len(warning_lines) == 1
    assert warning_lines[0].startswith("backlog-analyzer: warning: ignoring the credentials file")
    no_secrets(result.stdout, result.stderr)


def test_the_library_warns_through_the_warnings_module(tmp_path):
    from connectors.credentials import CredentialsWarning, load_config

    config = tmp_path / "credentials.toml"
    config.write_text("[trello]\n", encoding="utf-8")
    config.chmod(0o644)
    with pytest.warns(CredentialsWarning, match="ignoring the credentials file"):
        assert load_config(config) == {}
