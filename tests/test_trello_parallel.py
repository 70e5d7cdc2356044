"""Several Trello requests in flight: the window limiter, parallel ranges, batches (fake server)."""

from __future__ import annotations

import random
import threading
from datetime import UTC, datetime, timedelta

import pytest

from connectors._http import prefetch
from connectors._http.pacing import WindowPacer
from connectors._http.retry import RetryPolicy
from connectors.interface import RemoteError
from connectors.live.trello import (
    load_fetched_board,
    shared_limiter,
)
from connectors.live.trello.ids import slices
from connectors.mapping.trello import map_board_json
from tests.fakes.clock import FakeClock
from tests.fakes.http import Drop, Response, Status
from tests.fakes.trello_server import FakeTrello, object_id, synthetic_board
from tests.test_trello_live import ACTIONS, fetch

# -- the window limiter -------------------------------------------------------------------------


def test_window_limiter_never_lets_a_server_window_see_more_than_the_limit():
    """Whatever the latencies, and wherever between sending and answering the server counts."""
    clock, rng = FakeClock(), random.Random(3)
    limiter = WindowPacer(20, 1.0, clock=clock, sleep=clock.sleep)
    flying: list[tuple[float, float]] = []  # (sent, answer due)
    counted: list[float] = []
    for _ in range(400):
        # Answer everything due before sending the next one (one worker per in-flight request).
        while flying and (len(flying) >= 4 or rng.random() < 0.5):
            sent, due = min(flying, key=lambda f: f[1])
            flying.remove((sent, due))
            clock.now = max(clock.now, due)
            counted.append(rng.uniform(sent, due))  # where the server happened to count it
            limiter.release()
        limiter.acquire()
        flying.append((clock.now, clock.now + rng.choice([0.01, 0.1, 0.5, 2.0])))
    counted.sort()
    worst = max(sum(1 for t in counted if start <= t < start + 1.0) for start in counted)
    assert 10 <= worst <= 20  # near the limit, never over


def test_window_limiter_sends_a_small_board_at_once_and_pauses_after_a_429():
    clock = FakeClock()
    limiter = WindowPacer(5, 10.0, cooldown=1.0, clock=clock, sleep=clock.sleep)
    for _ in range(5):
        assert limiter.acquire() == 0.0  # no waiting under the limit
        limiter.release()
    assert limiter.acquire() == pytest.approx(10.0)  # the sixth waits for the first to age out
    limiter.release()
    clock.now = 100.0
    limiter.drain()
    assert limiter.acquire() == pytest.approx(1.0)


def test_one_limiter_per_token_and_server():
    assert shared_limiter("t1", None) is shared_limiter("t1", None)
    assert shared_limiter("t1", None) is not shared_limiter("t2", None)
    assert shared_limiter("t1", "http://127.0.0.1:1") is not shared_limiter("t1", None)


def test_the_window_limiter_keeps_a_parallel_sync_under_the_fakes_limit(store):
    data = synthetic_board(cards=30, actions=3500, seed=5)
    with FakeTrello([data], rate_limit=4, window=0.3) as fake:
        result = fetch(fake, store, data["id"], bucket=WindowPacer(4, 0.3), workers=4)
        assert fake.throttled == 0 and fake.server.count() >= 6
    board = load_fetched_board(store, result.boards[0].source_id)
    assert len(board.activities) == len(map_board_json(data).activities)


# -- parallel ranges --------------------------------------------------------------------------


def test_slices_cover_a_range_exactly_once():
    ids = sorted(
        object_id(datetime.fromtimestamp(t, UTC), t % 7) for t in range(10**9, 10**9 + 5000, 3)
    )
    for lo, hi in [(None, None), (ids[10], None), (None, ids[-10]), (ids[5], ids[900])]:
        t_lo = int(lo[:8], 16) if lo else 10**9
        t_hi = int(hi[:8], 16) if hi else 10**9 + 5000
        spans = slices(lo, hi, t_lo, t_hi, 4)
        assert len(spans) == 4
        inside = [i for i in ids if (lo is None or i > lo) and (hi is None or i < hi)]
        hits = [
            i for i in inside for a, b in spans if (a is None or i > a) and (b is None or i < b)
        ]
        assert sorted(hits) == inside  # each once


def test_ranges_walk_side_by_side_and_yield_what_is_left_to_save():
    pages = {("a", 0): [1, 2], ("a", 1): [3], ("b", 0): [4]}
    seen, lefts = [], []
    gate = threading.Barrier(2, timeout=2)  # both ranges' first pages are in flight together

    def fetch(span):
        if span[1] == 0:
            gate.wait()
        return pages[span]

    walk = prefetch.ranges(
        [("a", 0), ("b", 0)],
        fetch,
        lambda span, page: (span[0], span[1] + 1) if len(page) == 2 else None,
        workers=2,
    )
    for span, page, left in walk:
        seen.append((span, page))
        lefts.append(sorted(left))
    assert sorted(seen) == [(("a", 0), [1, 2]), (("a", 1), [3]), (("b", 0), [4])]
    assert lefts[-1] == [] and any(("a", 1) in left for left in lefts)


def test_a_range_is_split_when_workers_would_idle():
    asked = []

    def fetch(span):
        asked.append(span)
        return ["x"] * 3 if span == (0, 100) else ["y"]

    def split(rest, page, idle):
        return [(50, rest[1]), (rest[0], 50)] if idle else [rest]

    walk = prefetch.ranges([(0, 100)], fetch, lambda s, p: (0, 90) if len(p) == 3 else None,
                           split=split, workers=3)  # fmt: skip
    done = [span for span, _, _ in walk]
    assert sorted(done) == [(0, 50), (0, 100), (50, 90)] and len(asked) == 3


def test_a_failed_page_is_raised_after_the_pages_before_it():
    def fetch(span):
        if span == 2:
            raise RemoteError("boom")
        return [span]

    got = []
    with pytest.raises(RemoteError, match="boom"):
        for span, _, _ in prefetch.ranges([1, 2], fetch, lambda s, p: None, workers=1):
            got.append(span)
    assert got == [1]


def test_many_pages_in_parallel_ranges_store_every_action_once(store):
    data = synthetic_board(cards=50, actions=5200, seed=9)
    with FakeTrello([data], rate_limit=None) as fake:
        result = fetch(fake, store, data["id"], workers=4)
        pages = fake.server.requested(ACTIONS)
    assert len({(p.arg("since"), p.arg("before")) for p in pages}) == len(pages)  # none twice
    assert any(p.arg("since") for p in pages)  # the history was split
    assert result.boards[0].actions == len(data["actions"])
    board = load_fetched_board(store, result.boards[0].source_id)
    exported = map_board_json(data)
    assert {a.id for a in board.activities} == {a.id for a in exported.activities}
    assert len(board.activities) == len(exported.activities)
    assert sorted(board.items, key=lambda i: i.id) == sorted(exported.items, key=lambda i: i.id)


def test_cards_are_listed_in_ranges_of_known_ids_without_an_empty_last_page(store):
    data = synthetic_board(cards=2100, actions=2200, seed=4)
    with FakeTrello([data], rate_limit=None) as fake:
        result = fetch(fake, store, data["id"])
        listing = fake.server.requested(r"/1/boards/\w+/cards/all")
    assert len(listing) == 3  # 2 100 cards, 950 known ids per range: every page short
    assert result.boards[0].cards == 2100


def test_a_killed_parallel_sync_resumes_from_every_range(store):
    data = synthetic_board(cards=40, actions=5200, seed=12)
    with FakeTrello([data], rate_limit=None) as fake:
        # Pages after the first of any split range never arrive: the sync gives up, keeping some.
        fake.server.inject(
            Drop(), path=ACTIONS, when=lambda r: r.arg("since") and r.arg("before"), times=None
        )
        with pytest.raises(RemoteError):
            fetch(fake, store, data["id"], policy=RetryPolicy.fast(max_tries=2))
        source_id = store.find_source("trello", data["id"])
        kept = {a.id for a in store.load_board(source_id, all_activities=True).activities}
        assert 0 < len(kept) < len(data["actions"])
        cursor = store.sync_state(source_id).cursor
        assert len(cursor["ranges"]) >= 2
        fake.server.clear_faults()
        fake.server.reset_requests()
        fetch(fake, store, data["id"])
        again = {(r.arg("since"), r.arg("before")) for r in fake.server.requested(ACTIONS)}
    assert (None, None) not in again  # did not start over from the newest
    board = load_fetched_board(store, source_id)
    ids = [a.id for a in board.activities]
    assert len(ids) == len(set(ids)) == len(map_board_json(data).activities)


# -- incremental: batches -------------------------------------------------------------------


def _unsaid(fake: FakeTrello, data: dict, card_id: str, member: dict, when: datetime) -> None:
    """A change the action does not tell all of (a checklist added): the card is fetched."""
    ref = {"card": {"id": card_id}, "checklist": {"id": fake.next_id(when), "name": "Steps"}}
    fake.add_action(data["id"], "addChecklistToCard", member, when, ref)


def _big_board_changed(fake: FakeTrello, data: dict, n: int) -> list[str]:
    member, when = data["members"][0], datetime(2024, 6, 1, tzinfo=UTC)
    cards = [c["id"] for c in data["cards"][:n]]
    for card_id in cards:
        _unsaid(fake, data, card_id, member, when)
    return cards


def test_changed_cards_come_in_batches_of_ten(store):
    data = synthetic_board(cards=2000, actions=2050, seed=2)
    with FakeTrello([data], rate_limit=None) as fake:
        fetch(fake, store, data["id"])
        changed = _big_board_changed(fake, data, 23)
        fake.server.reset_requests()
        fake.batched.clear()
        result = fetch(fake, store, data["id"])
        batches = fake.server.requested("/1/batch")
        listed = fake.server.requested(r"/1/boards/\w+/cards/all")
    assert len(batches) == 3 and not listed
    assert set(changed) <= {r.path.rsplit("/", 1)[1] for r in fake.batched}
    assert all(r.arg("checklists") == "all" for r in fake.batched)
    assert result.boards[0].incremental and result.requests == 5  # board, actions, 3 batches


def test_a_deleted_card_answered_404_in_a_batch_is_marked_removed(store):
    data = synthetic_board(cards=1000, actions=1100, seed=2)
    with FakeTrello([data], rate_limit=None) as fake:
        fetch(fake, store, data["id"])
        card = data["cards"][5]
        fake.delete_card(
            data["id"], card["id"], data["members"][0], datetime(2024, 6, 1, tzinfo=UTC)
        )
        fake.server.reset_requests()
        result = fetch(fake, store, data["id"])
        single = fake.server.requested(r"/1/cards/\w+")
    assert result.boards[0].removed == 1 and not single  # the batch's 404 said it
    items = {i.id: i for i in load_fetched_board(store, result.boards[0].source_id).items}
    assert items[card["id"]].closed


def test_a_failed_answer_inside_a_batch_is_asked_again_alone(store):
    data = synthetic_board(cards=1000, actions=1100, seed=2)
    with FakeTrello([data], rate_limit=None) as fake:
        fetch(fake, store, data["id"])
        broken = _big_board_changed(fake, data, 3)[1]
        original, failed = fake._card, []

        def flaky(req, card_id):  # the batch's answer for one card: 500, once
            if card_id == broken and not failed:
                failed.append(card_id)
                return Response(500, "oops")
            return original(req, card_id)

        fake._batchable[0] = (fake._batchable[0][0], flaky)
        fake.server.reset_requests()
        result = fetch(fake, store, data["id"])
        single = [r.path for r in fake.server.requested(r"/1/cards/\w+")]
    assert failed and single == [f"/1/cards/{broken}"]
    assert result.boards[0].removed == 0
    items = {i.id for i in load_fetched_board(store, result.boards[0].source_id).items}
    assert broken in items


def test_a_card_moved_to_another_board_is_marked_removed(store):
    data = synthetic_board(cards=1000, actions=1100, seed=2)
    with FakeTrello([data], rate_limit=None) as fake:
        fetch(fake, store, data["id"])
        card = data["cards"][7]
        live = next(c for c in fake.boards[data["id"]]["cards"] if c["id"] == card["id"])
        live["idBoard"] = "5f0000000000000000000bbb"
        fake.add_action(
            data["id"],
            "moveCardFromBoard",
            data["members"][0],
            datetime(2024, 6, 1, tzinfo=UTC),
            {"card": {"id": card["id"]}, "boardTarget": {"id": live["idBoard"]}},
        )
        result = fetch(fake, store, data["id"])
    assert result.boards[0].removed == 1


def test_many_changed_cards_are_listed_instead_of_batched(store):
    data = synthetic_board(cards=300, actions=400, seed=2)
    with FakeTrello([data], rate_limit=None) as fake:
        fetch(fake, store, data["id"])
        _big_board_changed(fake, data, 40)  # 4 batches > 1 listing page
        fake.server.reset_requests()
        result = fetch(fake, store, data["id"])
        assert not fake.server.requested("/1/batch")
        assert len(fake.server.requested(r"/1/boards/\w+/cards/all")) == 1
    source_id = result.boards[0].source_id
    assert result.boards[0].incremental and result.boards[0].cards == 300
    assert not store.sync_state(source_id).in_progress


def test_an_interrupted_run_with_many_changes_keeps_no_long_list_of_cards(store):
    data = synthetic_board(cards=300, actions=400, seed=2)
    with FakeTrello([data], rate_limit=None) as fake:
        fetch(fake, store, data["id"])
        _big_board_changed(fake, data, 40)
        fake.server.inject(Status(500, "down"), path=r"/1/boards/\w+/cards/all", times=None)
        with pytest.raises(RemoteError):
            fetch(fake, store, data["id"])
    cursor = store.sync_state(store.find_source("trello", data["id"])).cursor
    assert cursor["relist"] and cursor["cards"] == []


def test_an_incremental_run_killed_while_fetching_cards_resumes_with_them(store):
    data = synthetic_board(cards=1000, actions=1100, seed=2)
    with FakeTrello([data], rate_limit=None) as fake:
        fetch(fake, store, data["id"])
        changed = _big_board_changed(fake, data, 12)
        fake.server.inject(Status(500, "down"), path="/1/batch", times=None)
        with pytest.raises(RemoteError):
            fetch(fake, store, data["id"], workers=1)
        source_id = store.find_source("trello", data["id"])
        cursor = store.sync_state(source_id).cursor
        assert cursor["phase"] == "changed" and set(changed) <= set(cursor["cards"])
        fake.server.clear_faults()
        fake.server.reset_requests()
        fake.batched.clear()
        result = fetch(fake, store, data["id"])
        assert not fake.server.requested(ACTIONS)  # the actions were all saved already
    assert set(changed) <= {r.path.rsplit("/", 1)[1] for r in fake.batched}
    assert result.boards[0].cards >= 12
    assert not store.sync_state(source_id).in_progress


def test_a_renamed_label_lists_every_card_again(store):
    data = synthetic_board(cards=1000, actions=1100, seed=2)
    with FakeTrello([data], rate_limit=None) as fake:
        fetch(fake, store, data["id"])
        label = {"id": "63b28f000000000000000fff", "name": "Bug"}
        fake.add_action(
            data["id"],
            "updateLabel",
            data["members"][0],
            datetime(2024, 6, 1, tzinfo=UTC),
            {"label": label, "old": {"name": "Defect"}},
        )
        fake.server.reset_requests()
        result = fetch(fake, store, data["id"])
        assert len(fake.server.requested(r"/1/boards/\w+/cards/all")) == 2
    assert result.boards[0].incremental and result.boards[0].cards == 1000


def test_an_older_versions_interrupted_sync_resumes_from_its_cursor(store):
    data = synthetic_board(cards=30, actions=2500, seed=3)
    with FakeTrello([data], rate_limit=None) as fake:
        source_id = store.source("trello", data["id"], data["name"], origin=data["url"])
        store.begin_sync(source_id, f"trello board {data['id']} full")
        older = {"phase": "actions", "since": None, "before": data["actions"][999]["id"]}
        store.save_page(source_id, cursor=older, advance_cursor=True)
        fetch(fake, store, data["id"])
        pages = fake.server.requested(ACTIONS)
    assert pages[0].arg("before") == data["actions"][999]["id"]
    assert len(store.load_board(source_id, all_activities=True).activities) == 1500


def test_a_429_pauses_the_window_limiter_and_the_request_is_retried(store):
    data = synthetic_board(cards=30, actions=2500, seed=5)
    limiter = WindowPacer(50, 1.0, cooldown=0.2)
    with FakeTrello([data], rate_limit=None) as fake:
        fake.server.inject(
            Status(429, {"error": "API_TOKEN_LIMIT_EXCEEDED"}), path=ACTIONS, times=1
        )
        result = fetch(fake, store, data["id"], bucket=limiter)
        times = [r.time for r in fake.server.requested(ACTIONS)]
    assert times[1] - times[0] >= 0.2  # nothing sent during the pause
    assert result.boards[0].actions == len(data["actions"])


def test_people_are_saved_when_new_or_changed_and_kept_complete(store):
    data = synthetic_board(cards=40, actions=2600, seed=8)
    # Two people only the actions name (no longer members); one is first met by id alone (added
    # to a card in the newest action), its name comes on a later page: saved again, named.
    data["members"], someone = data["members"][:2], data["members"][3]
    card = data["cards"][0]["id"]
    newest = datetime(2024, 6, 1, tzinfo=UTC)
    data["actions"].insert(
        0,
        {
            "id": object_id(newest, 1),
            "idMemberCreator": data["members"][0]["id"],
            "type": "addMemberToCard",
            "date": newest.isoformat().replace("+00:00", "Z"),
            "data": {
                "card": {"id": card},
                "idMember": someone["id"],
                "member": {"id": someone["id"]},
            },
            "memberCreator": data["members"][0],
        },
    )
    for action in data["actions"][:1500]:  # named only on pages after the first
        if action["idMemberCreator"] == someone["id"]:
            action["idMemberCreator"] = data["members"][1]["id"]
            action["memberCreator"] = data["members"][1]
    assert any(a["idMemberCreator"] == someone["id"] for a in data["actions"][1500:])
    with FakeTrello([data], rate_limit=None) as fake:
        result = fetch(fake, store, data["id"])
    stored = load_fetched_board(store, result.boards[0].source_id).people
    exported = map_board_json(data).people
    assert len(exported) == 4 and stored == exported
    assert stored[someone["id"]].display_name == someone["fullName"]


def test_after_an_interrupted_full_run_the_next_incremental_one_misses_no_card(store):
    data = synthetic_board(cards=1000, actions=1100, seed=2)
    with FakeTrello([data], rate_limit=None) as fake:
        fetch(fake, store, data["id"])
        now, member = datetime.now(UTC), data["members"][0]
        changed = [c["id"] for c in data["cards"][:3]]
        for card_id in changed:
            _unsaid(fake, data, card_id, member, now + timedelta(seconds=5))
        _unsaid(fake, data, data["cards"][9]["id"], member, now + timedelta(hours=1))
        # A --full run stores those actions, then dies before fetching any card.
        fake.server.inject(Status(500, "down"), path=r"/1/boards/\w+/cards/all", times=None)
        with pytest.raises(RemoteError):
            fetch(fake, store, data["id"], full=True)
        fake.server.clear_faults()
        fake.batched.clear()
        result = fetch(fake, store, data["id"])  # incremental again
    assert result.boards[0].incremental
    assert set(changed) <= {r.path.rsplit("/", 1)[1] for r in fake.batched}
