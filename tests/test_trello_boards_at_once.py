"""Several Trello boards fetched at once (issue 17): under the token's one pacer, a failing board
does not lose the others, progress stays one bar on the caller's thread.

The real ``py-trello`` client over HTTP against tests/fakes/trello_server.py. Overlap is shown by
a gate (one board's request is held until another board's request arrives), never by timing.
"""

from __future__ import annotations

import io
import json
import threading
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

import analyzer.live as live_lib
from analyzer.app import exit_code_for
from analyzer.cli import app
from analyzer.commands._render import FetchProgress
from connectors._http.pacing import WindowPacer
from connectors._http.retry import RetryPolicy
from connectors.credentials import TrelloCredentials
from connectors.interface import AuthError, SourceError
from connectors.live.interface import PartialFetch
from connectors.live.trello import fetch_trello_into_store, load_fetched_board
from connectors.live.trello.transport import TrelloApi, connect
from connectors.mapping.trello import map_board_json
from connectors.store import Store
from tests.cli_helpers import against_fake
from tests.fakes.http import Drop, Gate, Status, open_when
from tests.fakes.trello_server import CREDENTIALS_ENV, KEY, TOKEN, FakeTrello

FIXTURES = Path(__file__).parent / "fixtures"
CREDS = TrelloCredentials(KEY, TOKEN)


def three_boards() -> list[dict]:
    """The fixtures' three boards (distinct ids): 11, 2 and 1 cards."""
    main = json.loads((FIXTURES / "trello_live_board.json").read_text(encoding="utf-8"))
    ws = json.loads((FIXTURES / "trello_live_workspace.json").read_text(encoding="utf-8"))
    return [main, *ws["boards"]]


def fetch(fake: FakeTrello, store: Store, boards: list[dict], **kw):
    kw.setdefault("credentials", CREDS)
    kw.setdefault("policy", RetryPolicy.fast())
    kw.setdefault("bucket", WindowPacer(cooldown=0.01))
    refs = [b["id"] for b in boards]
    return fetch_trello_into_store(store, boards=refs, base_url=fake.url, **kw)


def items_of(store: Store, source_id: int) -> list:
    return sorted(load_fetched_board(store, source_id).items, key=lambda i: i.id)


def expected_items(board: dict) -> list:
    return sorted(map_board_json(board).items, key=lambda i: i.id)


def test_boards_are_fetched_at_once_under_one_pacer_that_the_server_never_throttles(store):
    boards = three_boards()
    first, other = boards[0]["id"], boards[1]["id"]
    opened = threading.Event()
    gate = Gate(opened, ceiling=30.0)
    saw_other: list[bool] = []
    # 4 requests per 0.4 s for the token, on the fake and in the one pacer all boards share.
    with FakeTrello(boards, rate_limit=4, window=0.4) as fake:
        # The first board's actions are held until the other board asks for its cards: only a
        # fetch of both at once gets there (one after the other, the gate would time out).
        fake.server.inject(gate, path=rf"/1/boards/{first}/actions")
        watcher = open_when(
            opened, lambda: bool(fake.server.count(rf"/1/boards/{other}/cards/all")), saw_other
        )
        # The client waits for the held answer (no timeout, no retry around the gate).
        policy = RetryPolicy.fast(timeout=60.0)
        result = fetch(fake, store, boards, bucket=WindowPacer(4, 0.4), policy=policy)
        watcher.join()
        throttled = fake.throttled
        metas = [fake.server.count(rf"/1/boards/{b['id']}") for b in boards]
    assert saw_other == [True] and gate.timed_out == 0
    assert throttled == 0  # never more than the token's limit, across the three boards
    assert metas == [1, 1, 1]  # each board checked once
    assert [b.name for b in result.boards] == [b["name"] for b in boards]  # in the order given
    for fetched, board in zip(result.boards, boards, strict=True):
        assert items_of(store, fetched.source_id) == expected_items(board)


@pytest.mark.parametrize(
    "fault",
    [
        Status(500, "Internal Server Error"),
        Status(429, {"error": "API_TOKEN_LIMIT_EXCEEDED"}),
        Drop(),
        Status(404, "The requested resource was not found."),
    ],
    ids=["500-exhausted", "429-exhausted", "network-cut", "404"],
)
def test_a_failing_board_is_one_line_and_the_others_are_kept(store, fault):
    boards = three_boards()
    bad = boards[1]
    with FakeTrello(boards, rate_limit=None) as fake:
        fake.server.inject(fault, path=rf"/1/boards/{bad['id']}/cards/all", times=None)
        with pytest.raises(PartialFetch) as error:
            fetch(fake, store, boards)
    message = str(error.value)
    assert "\n" not in message and exit_code_for(error.value) == 3
    assert message.startswith("1 of 3 Trello boards failed: Trello board 'Growth Experiments': ")
    assert "the other 2 Trello boards were fetched and stored; re-run to resume" in message
    ((name, cause),) = error.value.failed
    assert name == bad["name"] and isinstance(cause, SourceError)
    assert KEY not in message and TOKEN not in message
    fetched = error.value.outcome.boards
    assert [b.name for b in fetched] == [boards[0]["name"], boards[2]["name"]]
    for board, done in zip((boards[0], boards[2]), fetched, strict=True):
        assert items_of(store, done.source_id) == expected_items(board)
    # The failed board's history, fetched before its cards failed, is kept for the re-run.
    failed_id = store.find_source("trello", bad["id"])
    assert failed_id is not None and store.sync_state(failed_id).in_progress
    assert len(store.load_board(failed_id, all_activities=True).activities) > 0


def test_a_failed_board_resumes_on_the_next_run(store):
    boards = three_boards()
    bad = boards[2]
    with FakeTrello(boards, rate_limit=None) as fake:
        fake.server.inject(Status(500), path=rf"/1/boards/{bad['id']}/actions", times=None)
        with pytest.raises(PartialFetch):
            fetch(fake, store, boards)
        fake.server.clear_faults()
        result = fetch(fake, store, boards)
    assert len(result.boards) == 3
    assert items_of(store, result.boards[2].source_id) == expected_items(bad)


def test_a_bad_key_fails_at_once_for_all_boards(store):
    boards = three_boards()
    with FakeTrello(boards, rate_limit=None) as fake, pytest.raises(AuthError) as error:
        fetch(fake, store, boards, credentials=TrelloCredentials(KEY, TOKEN + "x"))
    assert "TRELLO_API_KEY and TRELLO_TOKEN" in str(error.value)
    assert TOKEN not in str(error.value)
    assert store.sources() == []  # nothing half-done


def test_progress_is_one_bar_of_boards_told_on_the_callers_thread(store):
    boards = three_boards()
    told: list[tuple[int, str, int, int, str]] = []

    def progress(stage: str, done: int, total: int, text: str = "") -> None:
        told.append((threading.get_ident(), stage, done, total, text))

    with FakeTrello(boards, rate_limit=None) as fake:
        fetch(fake, store, boards, on_progress=progress)
    assert {thread for thread, *_ in told} == {threading.get_ident()}
    assert {stage for _, stage, *_ in told} == {"fetch"}
    # The bar counts boards (never actions plus cards), and only ever goes forward.
    assert {total for *_, total, _ in told} == {3}
    dones = [done for _, _, done, _, _ in told]
    assert dones == sorted(dones) and dones[-1] == 3
    assert all(text.startswith("Trello boards done") for *_, text in told)
    # Beside it, a board's own count in its own unit.
    assert any(text.endswith("cards of Growth Experiments 2/2") for *_, text in told)


def test_the_fetch_bar_shows_boards_done_and_each_boards_own_count(store):
    """What `fetch trello` draws on a terminal (the bars of the CLI, on a recording console)."""
    boards = three_boards()
    console = Console(file=io.StringIO(), force_terminal=True, width=200, record=True)
    bars = FetchProgress("Fetching Trello", console=console)
    with FakeTrello(boards, rate_limit=None) as fake, bars as progress:
        fetch(fake, store, boards, on_progress=progress)
    shown = console.export_text()
    # The last frame (what is drawn in between depends on the refresh clock, so it is not read).
    last = shown.rsplit("Fetching Trello", 1)[-1]
    assert "3/3 Trello boards done · cards of " in last


def test_the_same_board_twice_among_several_is_fetched_once(store):
    boards = three_boards()
    with FakeTrello(boards, rate_limit=None) as fake:
        refs = [boards[0]["id"], boards[0]["shortLink"], boards[1]["id"]]
        result = fetch_trello_into_store(
            store,
            boards=refs,
            base_url=fake.url,
            credentials=CREDS,
            policy=RetryPolicy.fast(),
            bucket=WindowPacer(),
        )
        actions = fake.server.count(rf"/1/boards/{boards[0]['id']}/actions")
    assert [b.name for b in result.boards] == [boards[0]["name"], boards[1]["name"]]
    assert actions == 1


def test_the_cli_says_what_the_others_fetched_then_the_failed_board_in_one_line(
    monkeypatch, tmp_path
):
    against_fake(monkeypatch, tmp_path, CREDENTIALS_ENV, timeout=5.0)
    boards = three_boards()
    with FakeTrello(boards, rate_limit=None) as fake:
        monkeypatch.setenv(live_lib.API_URL_ENV, fake.url)
        fake.server.inject(Status(500), path=rf"/1/boards/{boards[0]['id']}/actions", times=None)
        args = ["fetch", "trello"]
        for board in boards:
            args += ["--board", board["shortLink"]]
        result = CliRunner().invoke(app, args)
    assert result.exit_code == 3
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 1 and errors[0].startswith("backlog-analyzer: error: 1 of 3 Trello")
    assert "'Payments Platform'" in errors[0] and "Traceback" not in result.output
    assert "Trello board 'Growth Experiments' (full)" in result.stdout
    assert "Trello board 'Support Escalations' (full)" in result.stdout
    assert KEY not in result.output and TOKEN not in result.output


def test_ctrl_c_while_boards_are_fetched_at_once_keeps_what_was_saved_and_resumes(store):
    boards = three_boards()

    def interrupt(stage: str, done: int, total: int, text: str = "") -> None:
        if "cards of Growth Experiments" in text:
            raise KeyboardInterrupt  # on the caller's thread, like Ctrl-C

    with FakeTrello(boards, rate_limit=None) as fake:
        with pytest.raises(KeyboardInterrupt):
            fetch(fake, store, boards, on_progress=interrupt)
        result = fetch(fake, store, boards)
    assert [b.name for b in result.boards] == [b["name"] for b in boards]
    for fetched, board in zip(result.boards, boards, strict=True):
        assert items_of(store, fetched.source_id) == expected_items(board)
        activities = store.load_board(fetched.source_id, all_activities=True).activities
        assert len(activities) == len({a.id for a in activities})  # each action stored once


def test_each_board_waits_its_own_retry_after_when_boards_share_the_session():
    """Two boards' 429s interleave: A's answer, then B's whole request, then A's retry decision.
    Each waits what its own answer said (the session's last Retry-After is per thread)."""
    boards = three_boards()
    first, other = boards[0]["id"], boards[1]["id"]
    waits: dict[str, list[float]] = {}

    def sleep(seconds: float) -> None:  # recorded, not slept
        waits.setdefault(threading.current_thread().name, []).append(seconds)

    policy = RetryPolicy.fast(max_retry_after=100.0, sleep=sleep)
    with FakeTrello(boards, rate_limit=None) as fake:
        fake.server.inject(
            Status(429, "slow down", {"Retry-After": "7"}), path=rf"/1/boards/{first}"
        )
        fake.server.inject(
            Status(429, "slow down", {"Retry-After": "3"}), path=rf"/1/boards/{other}"
        )
        client, session = connect(CREDS, base_url=fake.url, timeout=5.0, bucket=WindowPacer())
        api = TrelloApi(client, session, policy)
        got: dict[str, str] = {}

        def board_b() -> None:
            got["B"] = api.get(f"/boards/{other}", {}, "board B")["id"]

        asked_a: list[int] = []

        def board_a_request() -> dict:
            asked_a.append(1)
            try:
                return client.fetch_json(f"/boards/{first}")
            except Exception:
                if len(asked_a) == 1:  # after A's 429 and before its retry is decided
                    b = threading.Thread(target=board_b, name="board-B")
                    b.start()
                    b.join()
                raise

        def board_a() -> None:
            got["A"] = api.call(board_a_request, "board A")["id"]

        a = threading.Thread(target=board_a, name="board-A")
        a.start()
        a.join()
        session.close()
    assert got == {"A": first, "B": other}
    assert waits == {"board-A": [7.0], "board-B": [3.0]}


def test_scan_reports_the_boards_fetched_then_one_line_per_failed_board_and_resumes(
    monkeypatch, tmp_path
):
    against_fake(monkeypatch, tmp_path, CREDENTIALS_ENV, timeout=5.0)
    boards = three_boards()
    bad = boards[0]
    target = ",".join(b["shortLink"] for b in boards)
    with FakeTrello(boards, rate_limit=None) as fake:
        monkeypatch.setenv(live_lib.API_URL_ENV, fake.url)
        fake.server.inject(Status(500), path=rf"/1/boards/{bad['id']}/actions", times=None)
        partial = CliRunner().invoke(app, ["scan", "trello", target, "--format", "json"])
        fake.server.clear_faults()
        again = CliRunner().invoke(app, ["scan", "trello", target, "--format", "json"])
    assert partial.exit_code == 3, partial.output
    report = json.loads(partial.stdout)
    others = [expected_items(b) for b in boards[1:]]
    assert len(report["items"]) == sum(len(items) for items in others)
    assert any("Not in this report: Trello board 'Payments Platform'" in n for n in report["notes"])
    (line,) = partial.stderr.strip().splitlines()
    assert line.startswith("backlog-analyzer: warning: Trello board 'Payments Platform' was not")
    assert line.endswith("the report covers the other 2 Trello boards, a re-run resumes it")
    assert "Traceback" not in partial.output
    assert KEY not in partial.output and TOKEN not in partial.output
    assert again.exit_code == 0, again.output
    total = sum(len(expected_items(b)) for b in boards)
    assert len(json.loads(again.stdout)["items"]) == total and again.stderr == ""


def test_review_writes_the_sheet_of_the_boards_fetched_then_one_line_per_failed_board(
    monkeypatch, tmp_path
):
    against_fake(monkeypatch, tmp_path, CREDENTIALS_ENV, timeout=5.0)
    boards = three_boards()
    bad = boards[0]
    target = ",".join(b["shortLink"] for b in boards)
    sheet = tmp_path / "review.csv"
    args = ["review", "trello", target, "-n", "100", "-o", str(sheet)]
    with FakeTrello(boards, rate_limit=None) as fake:
        monkeypatch.setenv(live_lib.API_URL_ENV, fake.url)
        fake.server.inject(Status(500), path=rf"/1/boards/{bad['id']}/actions", times=None)
        partial = CliRunner().invoke(app, args)
        rows = sheet.read_text(encoding="utf-8-sig").splitlines()[1:]
        fake.server.clear_faults()
        again = CliRunner().invoke(app, args)
    assert partial.exit_code == 3, partial.output
    others = {i.key for b in boards[1:] for i in expected_items(b)}
    assert {row.split(",")[0] for row in rows} == others
    assert partial.stdout.startswith(f"Wrote a worksheet of {len(others)} items")
    (line,) = partial.stderr.strip().splitlines()
    assert line.startswith("backlog-analyzer: warning: Trello board 'Payments Platform' was not")
    assert line.endswith("the worksheet asks about the other 2 Trello boards, a re-run resumes it")
    assert "Traceback" not in partial.output
    assert KEY not in partial.output and TOKEN not in partial.output
    assert again.exit_code == 0, again.output
    total = sum(len(expected_items(b)) for b in boards)
    assert len(sheet.read_text(encoding="utf-8-sig").splitlines()) == total + 1
    assert again.stderr == ""


def test_a_live_scan_of_one_board_joins_its_history_as_report_does(monkeypatch, tmp_path):
    against_fake(monkeypatch, tmp_path, CREDENTIALS_ENV, timeout=5.0)
    boards = three_boards()
    one, several = boards[1]["shortLink"], ",".join(b["shortLink"] for b in boards)
    with FakeTrello(boards, rate_limit=None) as fake:
        monkeypatch.setenv(live_lib.API_URL_ENV, fake.url)
        for args in (
            ["scan", "trello", one],  # kept, twice
            ["scan", "trello", one, "--format", "json"],
            ["scan", "trello", several],  # several boards in one report: not kept
            ["review", "trello", one],  # a worksheet, not a report run: not kept
        ):
            result = CliRunner().invoke(app, args)
            assert result.exit_code in (0, 1), result.output
    shown = CliRunner().invoke(app, ["report", "--history", "--format", "json"])
    assert shown.exit_code == 0, shown.output
    runs = {board["board"]: len(board["runs"]) for board in json.loads(shown.stdout)}
    assert runs == {boards[0]["name"]: 0, boards[1]["name"]: 2, boards[2]["name"]: 0}
