"""A save never loses what the store knew of a person (session 23): a later page or an
incremental sync that meets someone by id alone — a card's creator who has left the board — keeps
their stored name, e-mail, user name and account type; what it does know wins."""

from __future__ import annotations

from datetime import UTC, datetime

from test_trello_live import board_json, fetch

from connectors.interface import Person
from connectors.live.trello import load_fetched_board
from connectors.mapping.common import kept_person
from tests.fakes.trello_server import FakeTrello


def test_a_bare_record_keeps_the_stored_name_and_fields():
    stored = Person("m1", "Ana Silva", email="ana@example.org", username="anas", account_type="x")
    assert kept_person(stored, Person("m1", "m1")) == stored
    assert kept_person(stored, Person("m1", "anas", username="anas")) == stored
    assert kept_person(stored, Person("m1", "")) == stored


def test_what_the_new_record_knows_wins():
    stored = Person("m1", "Ana Silva", email="ana@example.org", username="anas")
    renamed = kept_person(stored, Person("m1", "Ana Costa", email="ana@new.example"))
    assert renamed == Person("m1", "Ana Costa", email="ana@new.example", username="anas")
    assert kept_person(None, Person("m1", "m1")) == Person("m1", "m1")
    bare = Person("m1", "m1")  # a stored placeholder is no name to keep
    assert kept_person(bare, Person("m1", "anas", username="anas")).display_name == "anas"


def test_the_store_keeps_a_name_a_later_page_does_not_know(store):
    source = store.source("trello", "b1", "Board")
    store.save_page(source, people=[Person("m1", "Ana Silva", username="anas")])
    store.save_page(source, people=[Person("m1", "m1"), Person("m2", "m2")])
    people = {p.id: p for p in _people(store, source)}
    assert people["m1"] == Person("m1", "Ana Silva", username="anas")
    assert people["m2"] == Person("m2", "m2")
    store.save_page(source, people=[Person("m1", "Ana Costa")])
    assert {p.id: p for p in _people(store, source)}["m1"].display_name == "Ana Costa"


def _people(store, source: int) -> list[Person]:
    from connectors.store.codec import _from_json

    rows = store._db.execute("SELECT data FROM people WHERE source_id = ?", (source,))
    return [_from_json(Person, data) for (data,) in rows]


def test_an_incremental_sync_keeps_the_name_of_a_member_who_left(store):
    """A card created by someone who then leaves the board, commented on later: the
    incremental sync fetches the card again and meets its creator by id alone."""
    data = board_json()
    created = next(a for a in data["actions"] if a["type"] == "createCard")
    creator, card_id = created["memberCreator"], created["data"]["card"]["id"]
    other = next(m for m in data["members"] if m["id"] != creator["id"])
    with FakeTrello([data], rate_limit=None) as fake:
        first = fetch(fake, store, data["shortLink"])
        board = fake.boards[data["id"]]
        board["members"] = [m for m in board["members"] if m["id"] != creator["id"]]
        fake.comment(data["id"], card_id, "Still needed?", other, datetime(2030, 1, 2, tzinfo=UTC))
        second = fetch(fake, store, data["shortLink"])
    assert second.boards[0].incremental
    people = load_fetched_board(store, first.boards[0].source_id).people
    assert people[creator["id"]].display_name == creator["fullName"]
