"""Trello custom fields: export and live fetch both map card values into Item.custom_fields."""

from __future__ import annotations

import json
from pathlib import Path

from connectors._http.pacing import WindowPacer
from connectors._http.retry import RetryPolicy
from connectors.credentials import TrelloCredentials
from connectors.live.trello import fetch_trello_into_store, load_fetched_board
from connectors.mapping.trello import custom_field_defs, custom_field_values, map_board_json
from connectors.store import Store
from tests.fakes.trello_server import KEY, TOKEN, FakeTrello

FIXTURES = Path(__file__).parent / "fixtures"

DEFS = custom_field_defs(
    [
        {"id": "f1", "name": "Priority", "type": "list", "options": [
            {"id": "o1", "value": {"text": "High"}},
            {"id": "o2", "value": {"text": "Low"}},
        ]},
        {"id": "f2", "name": "Estimate", "type": "number"},
        {"id": "f3", "name": "Customer", "type": "text"},
        {"id": "f4", "name": "Signed off", "type": "checkbox"},
        {"id": "f5", "name": "Launch", "type": "date"},
        {"id": "f6", "type": "text"},  # no name: ignored
        "not a field",
    ]
)  # fmt: skip


def values(*entries: object) -> dict[str, str]:
    return custom_field_values({"customFieldItems": list(entries)}, DEFS)


def test_every_custom_field_type_becomes_text():
    assert values(
        {"idCustomField": "f1", "idValue": "o2", "value": None},
        {"idCustomField": "f2", "value": {"number": "3.5"}},
        {"idCustomField": "f3", "value": {"text": "Acme\nCorp"}},
        {"idCustomField": "f4", "value": {"checked": "true"}},
        {"idCustomField": "f5", "value": {"date": "2026-03-01T11:00:00.000Z"}},
    ) == {
        "Priority": "Low",
        "Estimate": "3.5",
        "Customer": "Acme Corp",
        "Signed off": "true",
        "Launch": "2026-03-01",
    }


def test_unknown_empty_or_malformed_values_are_left_out():
    assert (
        values(
            {"idCustomField": "nope", "value": {"text": "x"}},  # field not defined on the board
            {"idCustomField": "f1", "idValue": "gone"},  # option deleted
            {"idCustomField": "f3", "value": {"text": "  "}},
            {"idCustomField": "f6", "value": {"text": "unnamed"}},
            "garbage",
        )
        == {}
    )
    assert custom_field_values({}, DEFS) == {} and custom_field_defs(None) == {}


def test_export_and_live_fetch_give_the_same_custom_fields(tmp_path):
    data = json.loads((FIXTURES / "trello_live_board.json").read_text(encoding="utf-8"))
    exported = {i.id: i.custom_fields for i in map_board_json(data).items}
    assert {"Priority": "Medium", "Estimate": "3"} in exported.values()
    with Store(tmp_path / "s.sqlite") as store, FakeTrello([data], rate_limit=None) as fake:
        result = fetch_trello_into_store(
            store,
            boards=[data["shortLink"]],
            credentials=TrelloCredentials(KEY, TOKEN),
            policy=RetryPolicy.fast(),
            bucket=WindowPacer(),
            base_url=fake.url,
        )
        fetched = load_fetched_board(store, result.boards[0].source_id)
    assert {i.id: i.custom_fields for i in fetched.items} == exported
