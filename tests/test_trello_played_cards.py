"""An incremental Trello sync plays a changed card's actions on its stored item and fetches only
the cards whose change the actions cannot give (connectors.live.trello.patches, session 33):
what it stores equals what a fresh full sync of the changed board stores."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from connectors._http.pacing import WindowPacer
from connectors._http.retry import RetryPolicy
from connectors.credentials import TrelloCredentials
from connectors.live.trello import fetch_trello_into_store
from connectors.store import Store
from tests.fakes.trello_server import KEY, TOKEN, FakeTrello, synthetic_board

FIXTURES = Path(__file__).parent / "fixtures"
START = datetime(2024, 6, 3, 9, 0, tzinfo=UTC)


def fetch(fake: FakeTrello, store: Store, board: str, **kw):
    return fetch_trello_into_store(
        store,
        boards=[board],
        credentials=TrelloCredentials(KEY, TOKEN),
        policy=RetryPolicy.fast(),
        bucket=WindowPacer(),
        base_url=fake.url,
        **kw,
    )


def stored(store: Store) -> dict[str, dict]:
    """What the analysis reads of a store: present items (as stored), activities and people."""
    db = store._db
    return {
        "items": {
            r[0]: r[1:]
            for r in db.execute("SELECT item_id, key, updated, data FROM items WHERE removed = 0")
        },
        "activities": {
            r[0]: r[1:]
            for r in db.execute(
                "SELECT activity_id, item_id, timestamp, data, actor_id, kind, written "
                "FROM activities"
            )
        },
        "people": dict(db.execute("SELECT person_id, data FROM people")),
    }


def change_every_way(fake: FakeTrello, data: dict) -> dict[str, str]:
    """One change of each kind, a minute apart; the ids of the cards that must be fetched."""
    board_id = data["id"]
    cards = fake.boards[board_id]["cards"]
    (a, b, c) = data["members"]
    lists = {lst["name"]: lst["id"] for lst in data["lists"]}
    labels = {lbl["name"]: lbl["id"] for lbl in data["labels"]}
    fields = {f["name"]: f for f in data["customFields"]}
    low = next(o["id"] for o in fields["Priority"]["options"] if o["value"]["text"] == "Low")
    clock = iter(START + timedelta(minutes=n) for n in range(100))
    card = [card["id"] for card in cards]

    fake.update_card(board_id, card[0], a, next(clock), name="Decide H2 markets for payouts")
    fake.update_card(board_id, card[0], b, next(clock), desc="Now with **numbers**: 3 markets.")
    fake.update_card(board_id, card[0], a, next(clock), due="2024-07-01T12:00:00.000Z")
    fake.card_member(board_id, card[1], b["id"], a, next(clock), add=True)
    fake.card_member(board_id, card[1], a["id"], a, next(clock), add=False)
    fake.card_label(board_id, card[2], labels["Bug"], c, next(clock), add=True)
    fake.card_label(board_id, card[2], labels["Story"], c, next(clock), add=False)
    fake.card_field(board_id, card[2], fields["Priority"]["id"], c, next(clock), id_value=low)
    fake.card_field(
        board_id, card[2], fields["Estimate"]["id"], c, next(clock), value={"number": "5"}
    )
    fake.update_card(board_id, card[3], c, next(clock), idList=lists["Done"])  # accepted
    fake.update_card(board_id, card[3], c, next(clock), pos=8192.5)
    fake.comment(board_id, card[3], "Shipped in 2.4", c, next(clock))
    fake.update_card(board_id, card[4], a, next(clock), closed=False)  # unarchived
    fake.update_card(board_id, card[5], a, next(clock), closed=True)  # archived
    fake.update_card(board_id, card[6], b, next(clock), idList=lists["Parking lot (old)"])
    fake.update_card(board_id, card[9], b, next(clock), closed=True)  # in an archived list
    fake.update_card(board_id, card[9], b, next(clock), name="Sitting, archived now")
    fake.delete_card(board_id, card[10], a, next(clock))
    # What the actions cannot give: fetched.
    # an archived card out of an archived list (is the card itself archived? no action says)
    fake.update_card(board_id, card[7], a, next(clock), idList=lists["Ideas"])
    when = next(clock)  # a checklist item (its order among the others is in no action)
    checklist = {
        "id": fake.next_id(when),
        "idCard": card[8],
        "idBoard": board_id,
        "name": "Steps",
        "pos": 1,
        "checkItems": [{"id": fake.next_id(when), "name": "Agree the goal", "pos": 1}],
    }
    fake.boards[board_id]["checklists"].append(checklist)
    fake.add_action(
        board_id,
        "addChecklistToCard",
        a,
        when,
        {"card": {"id": card[8], "name": cards[8]["name"]}, "checklist": {"id": checklist["id"]}},
    )
    new = fake.create_card(board_id, "Ideas", "Instant payouts for marketplaces", a, next(clock))
    return {"archived out of an archived list": card[7], "checklist": card[8], "new": new["id"]}


def test_an_incremental_sync_stores_what_a_fresh_full_sync_does(tmp_path):
    data = json.loads((FIXTURES / "trello_live_board.json").read_text(encoding="utf-8"))
    with (
        FakeTrello([data], rate_limit=None) as fake,
        Store(tmp_path / "kept.sqlite") as kept,
        Store(tmp_path / "fresh.sqlite") as fresh,
    ):
        fetch(fake, kept, data["id"])
        must_fetch = change_every_way(fake, data)
        fake.server.reset_requests()
        fake.batched.clear()
        result = fetch(fake, kept, data["id"])
        asked = [r.path for r in fake.server.requests]
        batched = sorted(r.path.rsplit("/", 1)[1] for r in fake.batched)
        fetch(fake, fresh, data["id"])
        incremental, full = stored(kept), stored(fresh)

    # The board, the new actions, one batch of the three cards the actions cannot give.
    assert asked == [f"/1/boards/{data['id']}", f"/1/boards/{data['id']}/actions", "/1/batch"]
    assert batched == sorted(must_fetch.values())
    board = result.boards[0]
    assert (board.cards, board.played, board.removed) == (3, 8, 1)
    assert incremental["activities"] == full["activities"]
    assert incremental["people"] == full["people"]
    assert incremental["items"].keys() == full["items"].keys()
    for item_id, row in full["items"].items():
        assert incremental["items"][item_id] == row, item_id


def test_a_due_refresh_still_lists_every_card(store):
    """The daily listing is kept: what no action tells (a card changed without one) is caught."""
    data = json.loads((FIXTURES / "trello_live_board.json").read_text(encoding="utf-8"))
    with FakeTrello([data], rate_limit=None) as fake:
        fetch(fake, store, data["id"])
        card = fake.boards[data["id"]]["cards"][0]
        fake.update_card(data["id"], card["id"], data["members"][0], START, name="Renamed")
        fake.server.reset_requests()
        result = fetch(fake, store, data["id"], refresh_after=timedelta(0))
        assert fake.server.requested(r"/1/boards/\w+/cards/all")
    assert (result.boards[0].played, result.boards[0].cards) == (0, 11)


@pytest.mark.parametrize("kind", ["copyCard", "convertToCardFromCheckItem", "createCheckItem"])
def test_an_action_that_does_not_tell_its_change_fetches_the_card(store, kind):
    data = json.loads((FIXTURES / "trello_live_board.json").read_text(encoding="utf-8"))
    with FakeTrello([data], rate_limit=None) as fake:
        fetch(fake, store, data["id"])
        card = fake.boards[data["id"]]["cards"][1]
        ref = {"id": card["id"], "name": card["name"]}
        fake.add_action(data["id"], kind, data["members"][0], START, {"card": ref})
        fake.batched.clear()
        result = fetch(fake, store, data["id"])
        batched = [r.path for r in fake.batched]
    assert batched == [f"/1/cards/{card['id']}"]
    assert (result.boards[0].cards, result.boards[0].played) == (1, 0)


def test_a_big_boards_moves_comments_positions_and_members_need_no_card_request(tmp_path):
    """The benchmark's kind of change (bench_live.py: moves to Done and comments), with position
    and member changes, on a 600-card board: no card asked, the same store as a full sync."""
    data = synthetic_board(cards=600, actions=900, seed=5)
    with (
        FakeTrello([data], rate_limit=None) as fake,
        Store(tmp_path / "kept.sqlite") as kept,
        Store(tmp_path / "fresh.sqlite") as fresh,
    ):
        fetch(fake, kept, data["id"])
        board_id, cards = data["id"], fake.boards[data["id"]]["cards"]
        members = data["members"]
        for n in range(40):
            card, who = cards[(n * 97) % len(cards)], members[n % len(members)]
            when = START + timedelta(seconds=n)
            if n % 4 == 0:
                fake.move_card(board_id, card["id"], "Done", who, when)
            elif n % 4 == 1:
                fake.comment(board_id, card["id"], f"note {n}", who, when)
            elif n % 4 == 2:
                fake.update_card(board_id, card["id"], who, when, pos=card["pos"] / 3)
            else:
                fake.card_member(board_id, card["id"], who["id"], who, when, add=True)
        fake.server.reset_requests()
        result = fetch(fake, kept, board_id)
        asked = [r.path for r in fake.server.requests]
        fetch(fake, fresh, board_id)
        incremental, full = stored(kept), stored(fresh)
    assert asked == [f"/1/boards/{board_id}", f"/1/boards/{board_id}/actions"]
    assert result.boards[0].played == 40 and result.boards[0].cards == 0
    assert incremental == full
