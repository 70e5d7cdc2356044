"""Live Trello connector: the real py-trello client over HTTP against the fake Trello server."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from analyzer.app import exit_code_for
from connectors._http.pacing import WindowPacer
from connectors._http.retry import RetryPolicy
from connectors.credentials import TrelloCredentials
from connectors.interface import AuthError, NotFoundError, RemoteError, SourceError
from connectors.live import get_source
from connectors.live.trello import (
    ACTION_FIELDS,
    CARD_FIELDS,
    TrelloSource,
    fetch_trello_into_store,
    load_fetched_board,
    parse_board_ref,
)
from connectors.mapping.trello import map_board_json
from connectors.store import Store
from tests.fakes.http import Cut, Delay, Drop, Status
from tests.fakes.trello_server import (
    KEY,
    TOKEN,
    FakeTrello,
    board_json,
    synthetic_board,
    workspace_json,
)

FIXTURES = Path(__file__).parent / "fixtures"
CREDS = TrelloCredentials(KEY, TOKEN)
ACTIONS = r"/1/boards/\w+/actions"


def fetch(fake: FakeTrello, store: Store, *boards: str, **kw):
    kw.setdefault("credentials", CREDS)
    kw.setdefault("policy", RetryPolicy.fast())
    kw.setdefault("bucket", WindowPacer())
    return fetch_trello_into_store(store, boards=boards, base_url=fake.url, **kw)


def newest_card(data: dict) -> str:
    newest = max(data["actions"], key=lambda a: a["id"])
    return newest["data"]["card"]["id"]


def by_id(items):
    return sorted(items, key=lambda i: i.id)


# -- what is fetched ----------------------------------------------------------------------------


def test_fetched_board_gives_the_same_items_as_its_export(store):
    data = board_json()
    with FakeTrello([data], rate_limit=None) as fake:
        result = fetch(fake, store, data["shortLink"])
    fetched = load_fetched_board(store, result.boards[0].source_id)
    exported = map_board_json(data)
    assert by_id(fetched.items) == by_id(exported.items)
    assert {a.id for a in fetched.activities} == {a.id for a in exported.activities}
    assert fetched.name == "Payments Platform" and fetched.source == "trello"
    assert fetched.origin == "https://trello.com/b/PayPlt01/payments-platform"


def test_archived_cards_closed_lists_checklists_and_list_names(store):
    data = board_json()
    with FakeTrello([data], rate_limit=None) as fake:
        result = fetch(fake, store, data["url"])
        asked = [(r.path, r.query) for r in fake.server.requests]
    items = {i.title: i for i in load_fetched_board(store, result.boards[0].source_id).items}
    assert items["Pricing experiment for premium tier"].closed  # archived card
    in_closed_list = items["Card sitting in the closed list"]
    assert in_closed_list.closed and in_closed_list.column == "Parking lot (old)"
    story = items["As a merchant I can see payout status on the dashboard"]
    assert story.column == "Done" and story.status_category == "done" and story.resolved
    assert story.checklist_items == ["Status badge shows pending/paid", "Empty state copy"]
    assert items["Quarterly goals: reduce payout failures by 30%"].column == "Roadmap"
    # One request for the board with its lists (open and closed), members and custom fields.
    meta = [q for p, q in asked if p == f"/1/boards/{data['shortLink']}"]
    assert len(meta) == 1 and meta[0]["lists"] == ["all"] and meta[0]["customFields"] == ["true"]
    assert meta[0]["members"] == ["all"] and meta[0]["labels"] == ["all"]
    assert not any(p.endswith(("/lists", "/members", "/customFields")) for p, _ in asked)
    full = [q for p, q in asked if p.endswith("/cards/all")]
    assert full and full[0]["checklists"] == ["all"] and full[0]["customFieldItems"] == ["true"]
    assert full[0]["fields"] == [CARD_FIELDS]
    assert result.boards[0].cards == len(data["cards"])


def test_more_than_1000_actions_are_all_fetched_each_once(store):
    data = synthetic_board(cards=40, actions=2600)
    assert len(data["actions"]) > 2 * 1000
    with FakeTrello([data], rate_limit=None) as fake:
        result = fetch(fake, store, data["id"])
        pages = fake.server.requested(ACTIONS)
    assert [p.arg("limit") for p in pages] == ["1000"] * 3
    assert pages[0].arg("before") is None
    assert pages[1].arg("before") == min(a["id"] for a in data["actions"][:1000])
    assert result.boards[0].actions == len(data["actions"])
    board = load_fetched_board(store, result.boards[0].source_id)
    ids = [a.id for a in board.activities]
    assert len(ids) == len(set(ids)) == len(map_board_json(data).activities)
    assert set(ids) == {a["id"] for a in data["actions"]}


def test_a_workspace_of_several_boards(store):
    main, ws = board_json(), workspace_json()
    boards = [main, *ws["boards"]]
    workspaces = {ws["organization"]["name"]: [b["id"] for b in boards]}
    with FakeTrello(boards, workspaces=workspaces, rate_limit=None) as fake:
        result = fetch(fake, store, workspace="acme-payments")
    assert sorted(b.name for b in result.boards) == sorted(b["name"] for b in boards)
    for fetched, data in zip(result.boards, boards, strict=True):
        loaded = load_fetched_board(store, fetched.source_id)
        assert by_id(loaded.items) == by_id(map_board_json(data).items)
    assert {s.key for s in store.sources("trello")} == {b["id"] for b in boards}


def test_a_board_and_a_workspace_together_fetch_each_board_once(store):
    main, ws = board_json(), workspace_json()
    boards = [main, *ws["boards"]]
    workspaces = {"acme-payments": [b["id"] for b in boards]}
    with FakeTrello(boards, workspaces=workspaces, rate_limit=None) as fake:
        result = fetch(fake, store, main["id"], workspace="acme-payments")
        assert fake.server.count(r"/1/boards/" + main["id"]) == 1
    assert len(result.boards) == 3


# -- incremental and resume ---------------------------------------------------------------------


def test_incremental_sync_asks_only_for_new_actions_and_the_cards_they_name(store):
    data = board_json()
    with FakeTrello([data], rate_limit=None) as fake:
        first = fetch(fake, store, data["id"])
        assert not first.boards[0].incremental
        board = fake.boards[data["id"]]
        card = next(c for c in board["cards"] if c["name"].startswith("Fix rounding"))
        who = board["members"][1]
        when = datetime(2024, 6, 3, 10, 0, tzinfo=UTC)
        moved = fake.move_card(data["id"], card["id"], "Done", who, when)
        said = fake.comment(data["id"], card["id"], "Shipped in 2.4", who, when.replace(hour=11))
        fake.server.reset_requests()
        second = fetch(fake, store, data["id"])
        asked = [r.path for r in fake.server.requests]
        actions = fake.server.requested(ACTIONS)
        batched = [r.path for r in fake.batched]
    assert second.boards[0].incremental
    # The board (with lists, labels, members) and the new actions: the move and the comment
    # tell all they changed of the card, so it is not asked (session 33).
    assert asked == [f"/1/boards/{data['id']}", actions[0].path]
    newest = max(a["id"] for a in data["actions"])  # since: that second (minus the overlap)
    assert actions[0].arg("since") < newest and actions[0].arg("since")[:8] >= "65b6178e"
    # The card moved only: the newest stored action, re-read by the 1 s overlap, is no news.
    assert batched == []
    fetched = second.boards[0]
    assert (fetched.actions, fetched.cards, fetched.played) == (2, 0, 1)
    assert "0 cards fetched, 1 card updated from its actions" in second.summary()
    loaded = load_fetched_board(store, second.boards[0].source_id)
    ids = [a.id for a in loaded.activities]
    assert len(ids) == len(set(ids)) and {moved["id"], said["id"]} <= set(ids)
    item = next(i for i in loaded.items if i.id == card["id"])
    assert item.column == "Done" and item.resolved == when
    others = [i for i in loaded.items if i.id != card["id"]]
    assert by_id(others) == by_id(i for i in map_board_json(data).items if i.id != card["id"])


def test_an_incremental_sync_with_nothing_new_says_nothing_was_fetched(store):
    """The 1 s overlap re-asks the newest stored action: "1 action and 1 card fetched" read as
    news when there was none (session 31's walk). Only what the store did not have counts."""
    data = board_json()
    with FakeTrello([data], rate_limit=None) as fake:
        fetch(fake, store, data["id"])
        fake.server.reset_requests()
        again = fetch(fake, store, data["id"])
        since = fake.server.requested(ACTIONS)[0].arg("since")
        assert not fake.batched  # no card asked again
    assert since < max(a["id"] for a in data["actions"])  # the overlap re-asked the newest
    line = again.summary().splitlines()[0]
    assert line == (
        "Trello board 'Payments Platform' (incremental): 0 actions and 0 cards fetched, "
        "0 cards gone from the board"
    )


def test_a_deleted_card_is_kept_and_marked_closed(store):
    data = board_json()
    with FakeTrello([data], rate_limit=None) as fake:
        fetch(fake, store, data["id"])
        gone = fake.boards[data["id"]]["cards"][0]
        fake.delete_card(
            data["id"], gone["id"], data["members"][0], datetime(2024, 6, 1, tzinfo=UTC)
        )
        fake.server.reset_requests()
        result = fetch(fake, store, data["id"])
        assert not fake.server.requested(r"/1/boards/\w+/cards/all")  # no listing of all cards
    assert result.boards[0].removed == 1
    items = {i.id: i for i in load_fetched_board(store, result.boards[0].source_id).items}
    assert items[gone["id"]].closed


@pytest.mark.parametrize("how", ["full", "refresh due"])
def test_a_card_removed_without_an_action_is_found_by_a_full_or_periodic_listing(store, how):
    data = board_json()
    with FakeTrello([data], rate_limit=None) as fake:
        fetch(fake, store, data["id"])
        gone = fake.boards[data["id"]]["cards"].pop(0)
        quiet = fetch(fake, store, data["id"])  # incremental, within the refresh period
        assert quiet.boards[0].removed == 0
        options = {"full": True} if how == "full" else {"refresh_after": timedelta(0)}
        result = fetch(fake, store, data["id"], **options)
    assert result.boards[0].removed == 1
    assert result.boards[0].incremental == (how != "full")
    items = {i.id: i for i in load_fetched_board(store, result.boards[0].source_id).items}
    assert items[gone["id"]].closed


def test_an_interrupted_fetch_resumes_where_it_stopped(store):
    data = synthetic_board(cards=30, actions=2500, seed=3)
    with FakeTrello([data], rate_limit=None) as fake:
        # The second page of actions never arrives: the fetch gives up, keeping page one.
        fake.server.inject(
            Drop(), path=ACTIONS, when=lambda r: r.arg("before") is not None, times=None
        )
        with pytest.raises(RemoteError) as failed:
            fetch(fake, store, data["id"])
        assert "re-run" in str(failed.value)
        source_id = store.find_source("trello", data["id"])
        assert store.sync_state(source_id).in_progress
        kept = len(store.load_board(source_id, all_activities=True).activities)
        assert 0 < kept < len(data["actions"])
        fake.server.clear_faults()
        fake.server.reset_requests()
        done = fetch(fake, store, data["id"])
        resumed = fake.server.requested(ACTIONS)
        again = fetch(fake, store, data["id"])
    assert resumed[0].arg("before") is not None  # did not start again from the newest
    # Its counts are this run's alone: the summary says it resumed, as Jira's does.
    assert done.boards[0].resumed and "resumed an interrupted fetch" in done.summary()
    assert not again.boards[0].resumed and "resumed" not in again.summary()
    board = load_fetched_board(store, source_id)
    ids = [a.id for a in board.activities]
    assert len(ids) == len(set(ids)) == len(map_board_json(data).activities)
    assert not store.sync_state(source_id).in_progress


# -- faults ---------------------------------------------------------------------------------------


def test_bad_token_is_one_line_naming_the_variables(store):
    data = board_json()
    with FakeTrello([data], rate_limit=None) as fake:
        with pytest.raises(AuthError) as bad_token:
            fetch(fake, store, data["id"], credentials=TrelloCredentials(KEY, "x" * 64))
        with pytest.raises(AuthError) as bad_key:
            fetch(fake, store, data["id"], credentials=TrelloCredentials("k" * 32, TOKEN))
    for error in (bad_token.value, bad_key.value):
        message = str(error)
        assert "TRELLO_API_KEY" in message and "TRELLO_TOKEN" in message
        assert "\n" not in message and "x" * 64 not in message and TOKEN not in message
    assert "invalid token" in str(bad_token.value) and "invalid key" in str(bad_key.value)


def test_missing_credentials_name_the_missing_variable(store, monkeypatch, tmp_path):
    monkeypatch.delenv("TRELLO_API_KEY", raising=False)
    monkeypatch.delenv("TRELLO_TOKEN", raising=False)
    monkeypatch.setenv("BACKLOG_ANALYZER_CONFIG", str(tmp_path / "none.toml"))
    monkeypatch.setenv("TRELLO_API_KEY", KEY)
    with pytest.raises(AuthError, match="set TRELLO_TOKEN") as error:
        fetch_trello_into_store(store, boards=["PayPlt01"], base_url="http://127.0.0.1:9")
    assert KEY not in str(error.value)


@pytest.mark.parametrize(
    ("ref", "hidden"), [("NoSuchB1", False), ("65a000000000000000000abc", False), (None, True)]
)
def test_board_not_found_or_not_visible(store, ref, hidden):
    data = board_json()
    hide = [data["id"]] if hidden else []
    with (
        FakeTrello([data], hidden=hide, rate_limit=None) as fake,
        pytest.raises(NotFoundError) as error,
    ):
        fetch(fake, store, ref or data["shortLink"])
    message = str(error.value)
    assert "not found or not visible to this token" in message and "\n" not in message


def test_an_unknown_board_among_several_fails_before_any_is_fetched(store):
    data = board_json()
    with FakeTrello([data], rate_limit=None) as fake, pytest.raises(NotFoundError) as error:
        fetch(fake, store, data["shortLink"], "NoSuchB1")
    assert "'NoSuchB1' not found or not visible" in str(error.value)
    assert store.sources() == []  # nothing half-done: fix the typo and run again


def test_unknown_workspace(store):
    fake = FakeTrello([board_json()], rate_limit=None)
    with fake, pytest.raises(NotFoundError, match="workspace 'nope' not found"):
        fetch(fake, store, workspace="nope")


def test_not_a_board_reference():
    with pytest.raises(SourceError, match="not a Trello board"):
        parse_board_ref("https://trello.com/c/abcdefgh/12-a-card")
    assert parse_board_ref(" https://trello.com/b/PayPlt01/payments-platform ") == "PayPlt01"
    assert parse_board_ref("trello.com/b/PayPlt01") == "PayPlt01"
    assert parse_board_ref("659bb9900000000000000001") == "659bb9900000000000000001"
    # a URL with the board id, and the export link (Share → Export as JSON)
    board_id = "659bb9900000000000000001"
    assert parse_board_ref(f"https://trello.com/b/{board_id}/payments") == board_id
    assert parse_board_ref("https://trello.com/b/PayPlt01.json") == "PayPlt01"


@pytest.mark.parametrize(
    "fault",
    [
        Status(429, {"error": "API_TOKEN_LIMIT_EXCEEDED"}),
        Status(500, "Internal Server Error"),
        Cut(0.5),
        Drop(),
        Delay(1.5),
    ],
    ids=["429", "500", "cut", "drop", "slow"],
)
def test_transient_faults_are_retried_and_every_action_kept_once(store, fault):
    data = board_json()
    with FakeTrello([data], rate_limit=None) as fake:
        fake.server.inject(fault, path=ACTIONS, times=2)
        fake.server.inject(fault, path=r"/1/boards/\w+/cards/all", times=1)
        # 1 s: the slow answers (1.5 s) always time out, a normal answer on a loaded machine
        # does not (0.15 s, then 0.35 s, left little room under load).
        policy = RetryPolicy.fast(timeout=1.0)
        result = fetch(fake, store, data["id"], policy=policy)
        # two faults, then the answer; a normal answer that still times out may add one more
        assert 3 <= fake.server.count(ACTIONS) <= 4
    board = load_fetched_board(store, result.boards[0].source_id)
    assert by_id(board.items) == by_id(map_board_json(data).items)
    assert len(board.activities) == len({a.id for a in board.activities}) == 39


def test_429_waits_what_retry_after_says(store):
    data = board_json()
    waits: list[float] = []
    with FakeTrello([data], rate_limit=None) as fake:
        fake.server.inject(Status(429, "slow down", {"Retry-After": "0.04"}), path=ACTIONS)
        fetch(fake, store, data["id"], policy=RetryPolicy.fast(sleep=waits.append))
    assert waits == [0.04]


def test_429s_without_retry_after_wait_at_most_trellos_window(store):
    """Trello's 429s carry no Retry-After: eight in a row backed off to 60 s each (131 s in all,
    session 31's walk) although its window is 10 s."""
    from connectors.live.trello.transport import WINDOW

    data = board_json()
    waits: list[float] = []
    policy = RetryPolicy(sleep=waits.append, jitter=0.0)
    with FakeTrello([data], rate_limit=None) as fake:
        fake.server.inject(
            Status(429, {"error": "API_TOKEN_LIMIT_EXCEEDED"}), path=ACTIONS, times=8
        )
        fetch(fake, store, data["id"], policy=policy, bucket=WindowPacer(cooldown=0.0))
    assert waits == [1.0, 2.0, 4.0, 8.0, WINDOW, WINDOW, WINDOW, WINDOW]


def test_a_server_that_keeps_failing_gives_one_line_and_keeps_what_was_fetched(store):
    data = board_json()
    with FakeTrello([data], rate_limit=None) as fake:
        fake.server.inject(Status(500, "boom"), path=r"/1/boards/\w+/cards/all", times=None)
        with pytest.raises(RemoteError) as error:
            fetch(fake, store, data["id"])
    message = str(error.value)
    assert message.startswith("Trello kept failing (HTTP 500)") and "\n" not in message
    assert exit_code_for(error.value) == 3
    source_id = store.find_source("trello", data["id"])
    # The whole history is kept (40: with the card moved to another board).
    assert len(store.load_board(source_id, all_activities=True).activities) == 40


def test_the_rate_limit_is_never_hit_by_design(store):
    data = synthetic_board(cards=30, actions=2500, seed=5)
    # 5 requests per 0.5 s on the fake; the pacer sends at most 5 in any 0.5 s.
    with FakeTrello([data], rate_limit=5, window=0.5) as fake:
        fetch(fake, store, data["id"], bucket=WindowPacer(5, 0.5))
        assert fake.throttled == 0 and fake.server.count() == 5


def test_the_shared_pacer_stays_under_trellos_limit():
    """One pacer per token: 98 requests in any 10 s wherever Trello counts them (2 spare)."""
    from connectors.live.trello import shared_limiter

    pacer = shared_limiter("token-for-this-test", None)
    assert isinstance(pacer, WindowPacer) and (pacer.limit, pacer.window) == (98, 10.0)


def test_no_secret_in_urls_store_or_errors(store, tmp_path):
    data = board_json()
    with FakeTrello([data], rate_limit=None) as fake:
        fetch(fake, store, data["id"])
        urls = [r.path + json.dumps(r.query) for r in fake.server.requests]
    store.close()
    blob = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.is_file())
    for secret in (KEY, TOKEN):
        assert secret.encode() not in blob
        assert not any(secret in u for u in urls)


def test_a_renamed_list_refreshes_the_column_of_its_cards(store):
    data = board_json()
    with FakeTrello([data], rate_limit=None) as fake:
        fetch(fake, store, data["id"])
        who = data["members"][0]
        fake.rename_list(data["id"], "Roadmap", "Bets", who, datetime(2024, 6, 1, tzinfo=UTC))
        result = fetch(fake, store, data["id"])
    items = load_fetched_board(store, result.boards[0].source_id).items
    assert sum(i.column == "Bets" for i in items) == 2
    assert not any(i.column == "Roadmap" for i in items)


def test_a_board_action_after_the_last_card_action_is_asked_once(store):
    """A list renamed (or a label) after the newest card action maps to no activity, so the
    next ``since`` stays before it: every incremental run re-asked it, counted "1 action and 2
    cards fetched" and fetched the list's cards again (session 31's polish, read in
    ``_first_cursor``). The sync that saw it keeps what it saw (``finish_sync``'s after)."""
    data = board_json()
    with FakeTrello([data], rate_limit=None) as fake:
        fetch(fake, store, data["id"])
        who = data["members"][0]
        fake.rename_list(data["id"], "Roadmap", "Bets", who, datetime(2024, 6, 1, tzinfo=UTC))
        asked, lines = [], []
        for _ in range(3):
            fake.server.reset_requests()
            result = fetch(fake, store, data["id"])
            asked.append([r.path for r in fake.server.requests])
            lines.append(result.summary().splitlines()[0].split(": ", 1)[1])
    roadmap = next(lst["id"] for lst in data["lists"] if lst["name"] == "Roadmap")
    board, actions = f"/1/boards/{data['id']}", f"/1/boards/{data['id']}/actions"
    assert asked[0] == [board, actions, f"/1/lists/{roadmap}/cards/all"]
    assert lines[0] == "1 action and 2 cards fetched, 0 cards gone from the board"
    assert asked[1:] == [[board, actions]] * 2  # was the list's cards again, every run
    assert lines[1:] == ["0 actions and 0 cards fetched, 0 cards gone from the board"] * 2
    items = load_fetched_board(store, result.boards[0].source_id).items
    assert sum(i.column == "Bets" for i in items) == 2


def test_a_store_of_an_older_version_keeps_asking_as_it_did(store):
    """A sync that kept nothing (an older version's, or one that saw no action) leaves the next
    run to the stored activities alone, as before."""
    data = board_json()
    with FakeTrello([data], rate_limit=None) as fake:
        first = fetch(fake, store, data["id"])
        sid = first.boards[0].source_id
        assert store.sync_state(sid).cursor == {
            "actions": [None, max(a["id"] for a in data["actions"])]
        }
        with store._tx() as db:
            db.execute("UPDATE sync_state SET cursor = NULL WHERE source_id = ?", (sid,))
        who = data["members"][0]
        fake.rename_list(data["id"], "Roadmap", "Bets", who, datetime(2024, 6, 1, tzinfo=UTC))
        fetch(fake, store, data["id"])
        with store._tx() as db:
            db.execute("UPDATE sync_state SET cursor = NULL WHERE source_id = ?", (sid,))
        fake.server.reset_requests()
        again = fetch(fake, store, data["id"])
        assert len(fake.server.requests) == 3  # the list's cards, as an older version asked
    assert again.boards[0].actions == 1


def test_a_list_fields_change_names_its_option(store):
    """The board's customFields name a list field's options; the action names only the id."""
    data = board_json()
    (priority,) = [f for f in data["customFields"] if f["name"] == "Priority"]
    high, medium = (option["id"] for option in priority["options"][:2])
    with FakeTrello([data], rate_limit=None) as fake:
        fetch(fake, store, data["id"])
        card = fake.boards[data["id"]]["cards"][0]
        field = {"id": priority["id"], "name": "Priority", "type": "list"}
        item = {"id": "x", "idCustomField": priority["id"], "idValue": medium, "value": None}
        change = fake.add_action(
            data["id"],
            "updateCustomFieldItem",
            data["members"][0],
            datetime(2024, 6, 2, tzinfo=UTC),
            {
                "card": {"id": card["id"], "name": card["name"]},
                "customField": field,
                "customFieldItem": item,
                "old": {"idValue": high},
            },
        )
        result = fetch(fake, store, data["id"])
    loaded = load_fetched_board(store, result.boards[0].source_id)
    (stored,) = [a for a in loaded.activities if a.id == change["id"]]
    assert (stored.field, stored.old, stored.new) == ("Priority", "High", "Medium")


def test_on_a_big_board_a_renamed_list_fetches_only_that_lists_cards(store):
    data = synthetic_board(cards=2000, actions=2100, seed=11)
    with FakeTrello([data], rate_limit=None) as fake:
        fetch(fake, store, data["id"])
        who = data["members"][0]
        when = datetime(2024, 6, 1, tzinfo=UTC)
        fake.rename_list(data["id"], "Sprint", "Iteration", who, when)
        fake.server.reset_requests()
        result = fetch(fake, store, data["id"])
        sprint = next(lst["id"] for lst in data["lists"] if lst["name"] == "Sprint")
        assert fake.server.count(f"/1/lists/{sprint}/cards/all") == 1
        assert not fake.server.requested(r"/1/boards/\w+/cards/all")
    moved = sum(c["idList"] == sprint for c in data["cards"])
    items = load_fetched_board(store, result.boards[0].source_id).items
    assert moved > 0 and sum(i.column == "Iteration" for i in items) == moved
    assert not any(i.column == "Sprint" for i in items)


def test_the_same_board_by_id_and_short_link_is_fetched_once(store):
    data = board_json()
    with FakeTrello([data], rate_limit=None) as fake:
        result = fetch(fake, store, data["id"], data["shortLink"], data["url"])
        assert fake.server.count(ACTIONS) == 1
    assert len(result.boards) == 1


def test_the_per_key_limit_is_enforced_too(store):
    data = board_json()
    with FakeTrello([data], rate_limit=None, key_limit=2, window=60) as fake:
        with pytest.raises(
            RemoteError, match=r"Trello kept answering HTTP 429 \(too many requests\)"
        ):
            fetch(fake, store, data["id"])
        assert fake.throttled >= 1


def test_the_live_source_interface_fetches_then_loads(store):
    data = board_json()
    source = get_source("trello")
    assert isinstance(source, TrelloSource) and source.check(data["shortLink"]) == data["shortLink"]
    with FakeTrello([data], rate_limit=None) as fake:
        board = source.fetch_and_load(
            store,
            data["shortLink"],
            credentials=CREDS,
            base_url=fake.url,
            retry=RetryPolicy.fast(),
            bucket=WindowPacer(),
        )
    assert by_id(board.items) == by_id(map_board_json(data).items)
    with pytest.raises(SourceError, match="--server is for Jira"):
        source.check("x", server="https://acme.atlassian.net")


@pytest.mark.parametrize(
    "fixture", ["trello_live_board.json", "trello_board_with_archived_cards.json"]
)
def test_the_trimmed_fields_asked_for_map_like_whole_records(fixture):
    """The listings ask only for the card and action fields the mapping reads: same result."""
    data = json.loads((FIXTURES / fixture).read_text(encoding="utf-8"))
    wanted = set(CARD_FIELDS.split(",")) | {"id", "checklists", "customFieldItems"}
    asked = ACTION_FIELDS["fields"]  # ("all": appCreator among them, connectors.mapping.trello)
    keep = None if asked == "all" else set(asked.split(",")) | {"id"}
    people = set(ACTION_FIELDS["memberCreator_fields"].split(",")) | {"id"}

    def trim(record, fields, creator=False):
        if not isinstance(record, dict):
            return record  # a broken record stays broken
        out = {k: v for k, v in record.items() if fields is None or k in fields}
        if creator and isinstance(record.get("memberCreator"), dict):
            out["memberCreator"] = trim(record["memberCreator"], people)
        return out

    trimmed = dict(
        data,
        cards=[trim(c, wanted) for c in data["cards"]],
        actions=[trim(a, keep, creator=True) for a in data["actions"]],
    )
    whole, cut = map_board_json(data), map_board_json(trimmed)
    assert by_id(cut.items) == by_id(whole.items)
    assert cut.activities == whole.activities and cut.people == whole.people


def test_status_lines_group_thousands_as_the_reports_do() -> None:
    """ "1329 actions", "Imported 157 items (1329 activities)", "Fetched 2500 Jira issues": the
    reports of the same boards say 1,329."""
    from pathlib import Path

    from analyzer.local_store import ImportResult
    from connectors.live.jira.persist import FetchResult
    from connectors.live.trello import BoardFetch, TrelloFetchResult

    board = BoardFetch(1, "b1", "Roadmap", False, actions=1329, cards=157, removed=0)
    assert "1,329 actions and 157 cards fetched" in TrelloFetchResult([board], 3).summary()
    imported = ImportResult(157, 1329, 1200, Path("s.sqlite")).summary("b.json")
    assert imported.startswith("Imported 157 items (1,329 activities; 1,200 records could not")
    fetched = FetchResult(1, "PROJ", "Cloud", fetched=2500, removed=["X-1"] * 1001)
    assert fetched.summary().startswith("Fetched 2,500 Jira issues (all) from PROJ; 1,001 no")


def test_fetch_summary_counts_read_naturally() -> None:
    from connectors.live.trello import BoardFetch, TrelloFetchResult

    one = BoardFetch(1, "b1", "Roadmap", True, actions=1, cards=1, removed=0, skipped=["x"])
    many = BoardFetch(2, "b2", "Sprint", False, actions=2, cards=0, removed=3)
    text = TrelloFetchResult([one, many], requests=1).summary()
    assert text.splitlines() == [
        "Trello board 'Roadmap' (incremental): 1 action and 1 card fetched, "
        "0 cards gone from the board, 1 record skipped",
        "Trello board 'Sprint' (full): 2 actions and 0 cards fetched, 3 cards gone from the board",
        "1 request to Trello",
    ]


def test_a_failed_page_of_actions_is_named_by_when_they_were_made(store):
    """ "while fetching the actions of 'X' before 65e2c0…" named a page by an action id, which
    told a user nothing (session 28): by the time its actions were made."""
    import re

    data = synthetic_board(cards=30, actions=2500, seed=3)
    with FakeTrello([data], rate_limit=None) as fake:
        fake.server.inject(
            Status(500), path=ACTIONS, when=lambda r: r.arg("before") is not None, times=None
        )
        with pytest.raises(RemoteError) as failed:
            fetch(fake, store, data["id"])
    message = str(failed.value)
    made = r"made (before|between \S+ \S+ UTC and) 2023-\d\d-\d\d \d\d:\d\d UTC; "
    assert re.search(r"while fetching the actions of 'Synthetic board' " + made, message)
    assert not re.search(r"[0-9a-f]{24}", message)
