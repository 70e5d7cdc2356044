"""The typed scan path (msgspec runs of actions → activity columns) gives the Board the dict-based
mapper gives: same activities, people, items and skipped lines, on hostile boards too."""

from __future__ import annotations

import json
import random
from dataclasses import asdict, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from connectors.columns import ActivityColumns, ActivityList, columns_of
from connectors.exports import json_stream
from connectors.exports.json_stream import JsonStream
from connectors.exports.trello_json import TrelloExport
from connectors.interface import Activity, ActivityKind, Board, ExportFormatError
from connectors.mapping import trello_typed
from connectors.mapping.common import parse_iso
from connectors.mapping.stamps import parse_stamps
from connectors.mapping.trello import BUTLER_APP_ID, BoardBuilder

TYPES = [
    "createCard",
    "copyCard",
    "emailCard",
    "commentCard",
    "addMemberToCard",
    "removeMemberFromCard",
    "updateCheckItemStateOnCard",
    "addLabelToCard",
    "deleteAttachmentFromCard",
    "updateCard",
    "updateCard",
    "updateCard",
    "updateCard",
    "deleteCard",
    "updateList",
    "addMemberToBoard",
    None,
]
DATES = [
    "2024-03-0{d}T1{h}:00:00.000Z",
    "2024-03-0{d}T1{h}:00:00.000+0000",
    "2024-03-0{d}T1{h}:00:00+02:00",
    "2024-03-0{d}T1{h}:00:00",
    "2024-03-0{d}",
    "2024-02-30T10:00:00.000Z",
    "9999-01-01T00:00:00.000Z",
    "not a date",
    "",
]
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
APPS = [
    None,
    {"id": BUTLER_APP_ID, "name": "Butler"},
    {"id": BUTLER_APP_ID},
    {"name": " butler "},
    {"id": "4ee912fee8a2505d1715191f"},
    {"id": "x", "name": "Zapier"},
    {"name": 5},
    {"id": BUTLER_APP_ID, "name": 5},
    "Butler",
    {},
]
ODD = [5, 1.5, True, [], {}, ["x"], {"id": 3}, "text", None, [1, None], '},{"id": "x"}']


def _odd(rng: random.Random) -> Any:
    return rng.choice(ODD)


def _action(rng: random.Random, n: int, card_ids: list[str]) -> Any:
    if rng.random() < 0.03:
        return _odd(rng)
    kind = rng.choice(TYPES)
    card: dict[str, Any] = {"id": rng.choice(card_ids), "idList": rng.choice(["L1", "L2", "L9"])}
    data: dict[str, Any] = {"card": card}
    action: dict[str, Any] = {
        "id": f"A{n}",
        "type": kind,
        "date": rng.choice(DATES).format(d=1 + n % 9, h=n % 10),
        "data": data,
    }
    who = rng.choice(["M1", "M2", "M3", "", None])
    if rng.random() < 0.7:
        action["idMemberCreator"] = who
    if rng.random() < 0.6:
        action["memberCreator"] = {"id": rng.choice(["M1", "M4", None]), "fullName": "F"}
    if rng.random() < 0.15:  # the app that made it: Butler's actions are Butler's
        action["appCreator"] = rng.choice(APPS)
    if rng.random() < 0.3:
        data["list"] = {"id": "L1", "name": rng.choice(["To do", "", None])}
    if kind == "updateCard":
        old = {}
        for key in rng.sample(["idList", "pos", "idMembers", "closed", "desc", "cover", "due"], 2):
            old[key] = rng.choice(["L1", "L3", 3, None, ["M1"]]) if key == "idList" else "v"
        if rng.random() < 0.2:
            old["idLabels"] = rng.choice([["G1"], "G1", [5], None])
        data["old"] = old
        if rng.random() < 0.3:
            data["listBefore"] = rng.choice([{"id": "L1", "name": "To do"}, None, {"id": "L1"}])
        if rng.random() < 0.3:
            data["listAfter"] = rng.choice([{"id": "L3", "name": "Done"}, None, {"id": "L3"}])
    if kind in ("addMemberToCard", "removeMemberFromCard"):
        data["idMember"] = rng.choice(["M7", None, ""])
        data["member"] = rng.choice([{"id": "M8", "name": "Gus"}, None])
    if kind == "commentCard":
        data["text"] = rng.choice(['a "},{" b', "}]", "plain", 5])
    if kind == "updateCheckItemStateOnCard":
        data["checkItem"] = {"name": "step", "state": rng.choice(["complete", "incomplete", None])}
    if rng.random() < 0.08:  # one wrong-typed field somewhere the shape looks
        where = rng.choice(["id", "type", "date", "idMemberCreator", "memberCreator", "data"])
        action[where] = _odd(rng)
    if rng.random() < 0.08:
        where = rng.choice(["card", "list", "member", "idMember", "checkItem", "listBefore"])
        data[where] = _odd(rng)
    if rng.random() < 0.05:
        card[rng.choice(["id", "idList", "idMembers", "idLabels"])] = _odd(rng)
    if rng.random() < 0.03:
        del card["id"]
    return action


#: Card fields as the typed reader takes them (some odd but allowed: the mapper's checks pass)...
CARD_VALUES: dict[str, list[Any]] = {
    "name": ["  spaced  ", "", None],
    "desc": ["", "**bold** and [link](http://x)\n\n\n- a\n* b", "<b>x</b>\n| a |", None],
    "idLabels": [["G1", None, "G9"], [], None],
    "idMembers": [["M1", "", None, "M9"], [], None],
    "labels": [[{"name": "x", "color": "red"}, {"color": "blue"}, {}, None], [], None],
    "due": ["2024-05-01T00:00:00.000Z", "bad", "", None],
    "dateLastActivity": ["2024-05-01T10:00:00.000+0200", "2024-05-01", None],
    "pos": [16384.0, 3, "12", -0.0, 1e300, 10**30, None],
    "shortLink": ["abc", "", None],
    "url": ["https://x/c/1", "", None],
    "shortUrl": ["https://x/c", None],
    "closed": [True, False, None],
    "checklists": [
        [{"checkItems": [{"name": "b", "pos": 2}, {"name": "a", "pos": 1.5}, {"name": 3}, None]}],
        [None, {"checkItems": None}, {}],
        [{"checkItems": [{"name": "N/A", "pos": 1}, {"name": "—"}, {"name": "TBD", "pos": 3}]}],
        [{"checkItems": [{"name": "pendiente"}, {"name": "b", "pos": 2}]}],
        [],
        None,
    ],
    "customFieldItems": [
        [{"idCustomField": "F1", "value": {"text": "hello"}}, None],
        [
            {"idCustomField": "F2", "idValue": "O1"},
            {"idCustomField": "F3", "value": {"checked": "true"}},
        ],
        [None],
        [],
        None,
    ],
    "idList": ["L1", "L3", "L9", "", None],
}
#: ... and as it leaves them to the dict-based mapper (which reads or skips them).
CARD_ODD: dict[str, list[Any]] = {
    "name": [5, 1.5, True],
    "desc": [5, []],
    "idLabels": ["G1", [5]],
    "idMembers": ["M2", [True]],
    "labels": [[{"name": 7}], [{"name": True}], ["text"], [{"color": 3}]],
    "due": [3],
    "dateLastActivity": [[]],
    "pos": [True, {}],
    "shortLink": [4],
    "shortUrl": [0],
    "closed": [1, "yes", []],
    "checklists": [
        [{"checkItems": [{"name": "x", "pos": "1"}]}],
        [{"checkItems": [{"name": "x", "pos": True}]}],
        [5],
        "x",
    ],
    "customFieldItems": [[{"idCustomField": "F1", "value": "text"}], [{"idCustomField": 5}], [3]],
    "idList": [3],
}


def _card(rng: random.Random, n: int, card_id: str) -> Any:
    if rng.random() < 0.04:
        return _odd(rng)
    card: dict[str, Any] = {"id": card_id, "name": f"Card {n}", "idList": f"L{1 + n % 3}"}
    for key in rng.sample(sorted(CARD_VALUES), rng.randint(0, 8)):
        card[key] = rng.choice(CARD_VALUES[key])
    if rng.random() < 0.15:
        key = rng.choice(sorted(CARD_ODD))
        card[key] = rng.choice(CARD_ODD[key])
    if rng.random() < 0.05:
        card["id"] = rng.choice(["", None, 7, card_id])
    if rng.random() < 0.03:
        del card["id"]
    return card


def _newest_first(action: Any) -> float:
    """Sort key putting actions newest first, as Trello exports them (undated ones last)."""
    date = action.get("date") if isinstance(action, dict) else None
    stamp = parse_iso(date) if isinstance(date, str) else None
    if stamp is None:
        return float("inf")
    return -(stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)).timestamp()


def _board(seed: int, lists_first: bool, newest_first: bool = False) -> dict:
    rng = random.Random(seed)
    card_ids = [f"{0x61000000 + n:08x}" + "0" * 16 for n in range(15)] + ["gone"]
    cards = [_card(rng, n, cid) for n, cid in enumerate(card_ids[:-1])]
    cards += [_card(rng, n, rng.choice(card_ids)) for n in range(15, 60)]
    actions = [_action(rng, n, card_ids) for n in range(400)]
    if newest_first:  # (stable: equal times keep their order; the reader's fast path)
        actions.sort(key=_newest_first)
    lists = [
        {"id": "L1", "name": "To do"},
        {"id": "L2", "name": "Doing"},
        {"id": "L3", "name": "Done"},
    ]
    labels = [{"id": "G1", "name": "bet"}, {"id": "G9", "color": "red"}]
    members = [{"id": "M1", "fullName": "Ada", "username": "ada"}]
    checklists = [
        {"idCard": card_ids[n], "checkItems": [{"name": f"step {n}", "pos": n}]} for n in (1, 2)
    ]
    fields = [
        {"id": "F1", "name": "Team", "type": "text"},
        {
            "id": "F2",
            "name": "Size",
            "type": "list",
            "options": [{"id": "O1", "value": {"text": "L"}}],
        },
        {"id": "F3", "name": "Flag", "type": "checkbox"},
    ]
    extra = {"labels": labels, "members": members, "checklists": checklists, "customFields": fields}
    board: dict[str, Any] = {"id": "B", "name": "Typed"}
    if lists_first:
        board.update(lists=lists, **extra, actions=actions, cards=cards)
    else:
        board.update(actions=actions, cards=cards, lists=lists, **extra)
    return board


def _facts(board: Board) -> dict:
    activities = [
        replace(a, old=None, new=None, text=None, id=None) for a in list(board.activities)
    ]
    facts = asdict(replace(board, activities=activities))
    facts["people_order"] = list(board.people)
    facts["zones"] = [str(a.timestamp) for a in activities]
    return facts


@pytest.mark.parametrize("newest_first", [False, True])
@pytest.mark.parametrize("chunk", [64, 700, 1 << 20])
@pytest.mark.parametrize("seed", range(6))
def test_typed_lean_read_is_the_dict_mappers_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int, chunk: int, newest_first: bool
) -> None:
    monkeypatch.setattr(json_stream, "CHUNK_BYTES", chunk)
    path = tmp_path / "board.json"
    indent = 2 if seed % 2 else None
    board = _board(seed, lists_first=seed % 3 == 0, newest_first=newest_first)
    path.write_text(json.dumps(board, indent=indent), "utf-8")
    full = TrelloExport(path).load()
    lean = TrelloExport(path, activity_details=False).load()
    assert columns_of(lean.activities) is not None
    assert not isinstance(full.activities, ActivityList)
    assert full.skipped, "the board has bad records to skip"
    assert lean.skipped == full.skipped
    assert _facts(lean) == _facts(full)


def plain_actions(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A list that gains an entry for each action the typed reader hands to the dict-based
    mapper (``ActionRows.activity``): empty when every action stays typed."""
    plain: list[int] = []
    real = trello_typed.ActionRows.activity
    monkeypatch.setattr(
        trello_typed.ActionRows,
        "activity",
        lambda self, *a, **k: (plain.append(1), real(self, *a, **k))[1],
    )
    return plain


def test_the_typed_path_takes_most_actions(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    """Clean actions never reach the dict-based mapper (else the scan path is not typed)."""
    plain = plain_actions(monkeypatch)
    path = tmp_path / "board.json"
    data = _board(1, lists_first=False)
    data["actions"] = [a for a in data["actions"] if isinstance(a, dict)][:50]
    for action in data["actions"]:  # nothing odd left
        action.update(type="commentCard", date="2024-01-01T00:00:00.000Z", idMemberCreator="M1")
        action.pop("memberCreator", None)
        action.pop("appCreator", None)
        action["data"] = {"card": {"id": "61000001" + "0" * 16}, "text": "},{"}
    path.write_text(json.dumps(data, indent=1), "utf-8")
    lean = TrelloExport(path, activity_details=False).load()
    assert len(lean.activities) == 50
    assert len(plain) <= 1  # (at most the array's last one, when no run fits before its end)


def test_the_typed_path_takes_most_cards(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    """Clean cards never reach the dict-based card reader; odd ones do, and are read by it."""
    plain: list[Any] = []
    real = BoardBuilder.card
    monkeypatch.setattr(
        BoardBuilder, "card", lambda self, card: (plain.append(card), real(self, card))[1]
    )
    path = tmp_path / "board.json"
    data = _board(1, lists_first=False)
    ids = [f"{0x62000000 + n:08x}" + "0" * 16 for n in range(40)]
    data["cards"] = [{"id": i, "name": "x", "desc": "},{", "pos": 1} for i in ids]
    data["cards"][7]["name"] = 7  # a number for a name: the dict-based reader's
    data["cards"][9] = None
    path.write_text(json.dumps(data, indent=1), "utf-8")
    lean = TrelloExport(path, activity_details=False).load()
    assert [item.id for item in lean.items] == ids[:9] + ids[10:]
    assert lean.items[7].title == "7"
    assert {7, None} <= {c if c is None else c.get("name") for c in plain}
    assert len(plain) <= 3  # (and at most the array's last one)
    assert "card #10: card is not an object" in lean.skipped


def test_batches_decode_runs_and_fall_back_one_at_a_time(tmp_path: Path) -> None:
    """A run ``decode`` refuses is read element by element; the elements are the same."""
    elements = [{"a": n, "s": '"},{"x": [1, 2]}'} for n in range(300)] + [[1, {"b": 2}], 5, None]
    path = tmp_path / "a.json"
    path.write_text(json.dumps(elements, indent=1), "utf-8")
    calls = []

    def refuse_odd_runs(text: str) -> list | None:
        calls.append(len(text))
        try:
            return None if len(calls) % 2 else json.loads(text)
        except ValueError:  # a cut inside an element
            return None

    with JsonStream(path, what="x", chunk_bytes=256) as stream:
        assert stream.start() == "["
        got = [value for batch in stream.batches(refuse_odd_runs) for value in batch]
        stream.finish()
    assert got == elements
    assert len(calls) > 4


def test_batches_of_broken_json_give_json_loads_error(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text('{"actions": [{"a": 1}, {"a": 2} {"a": 3}]}', "utf-8")
    full = pytest.raises(ExportFormatError, TrelloExport(path).load)
    lean = pytest.raises(ExportFormatError, TrelloExport(path, activity_details=False).load)
    assert str(lean.value) == str(full.value) and "delimiter" in str(lean.value)


@pytest.mark.parametrize("first", [[None, 5, ""], [""], []])
def test_stamps_are_parse_iso_read_in_bulk(first: list[Any]) -> None:
    rng = random.Random(3)
    values: list[Any] = [*first, "2020-01-01", "2024-02-29T00:00:00.000Z"]
    for _ in range(3000):
        year = rng.choice([1899, 1900, 2023, 2024, 2100, 2199, 2200])
        text = (
            f"{year:04d}-{rng.randint(0, 13):02d}-{rng.randint(0, 31):02d}T"
            f"{rng.randint(0, 24):02d}:{rng.randint(0, 60):02d}:{rng.randint(0, 60):02d}."
            f"{rng.randint(0, 999):03d}"
        )
        values.append(text + rng.choice(["Z", "+0000", "+0200", "-0530", "", "z", "+00:00"]))
    us, valid, zoned = parse_stamps(values)
    for row, value in enumerate(values):
        parsed = parse_iso(value)
        assert bool(valid[row]) == (parsed is not None), value
        if parsed is not None:
            assert int(us[row]) == (parsed - EPOCH) // timedelta(microseconds=1), value
            assert (row in zoned) == (parsed.tzinfo is not UTC), value
    for length in (24, 28):  # all of one length (read without picking rows)
        same = [v for v in values if type(v) is str and len(v) == length]
        us, valid, zoned = parse_stamps(same)
        assert valid.tolist() == [parse_iso(v) is not None for v in same]
        general = parse_stamps([*same, None])  # (not all text: the general path)
        assert us.tolist() == general[0].tolist()[:-1] and zoned == general[2]


def test_an_activity_list_makes_objects_when_asked_and_becomes_a_list_when_changed(
    tmp_path: Path,
) -> None:
    path = tmp_path / "board.json"
    path.write_text(json.dumps(_board(2, lists_first=True)), "utf-8")
    lean = TrelloExport(path, activity_details=False).load()
    activities = lean.activities
    assert isinstance(activities, ActivityList) and activities.columns is not None
    first = activities[0]
    assert activities[0] is first and activities[-1] == list(activities)[-1]
    assert activities[1:3] == list(activities)[1:3]
    first.actor_id = "changed"
    assert activities[0].actor_id == "changed"  # an object handed out is kept
    extra = Activity("x", None, ActivityKind.COMMENTED, first.timestamp)
    activities.append(extra)
    assert activities.columns is None and activities[-1] is extra
    assert activities[0].actor_id == "changed"
    with pytest.raises(IndexError):
        activities[len(activities)]


def test_columns_take_renumbers_codes_in_order_of_first_appearance(tmp_path: Path) -> None:
    path = tmp_path / "board.json"
    path.write_text(json.dumps(_board(4, lists_first=False)), "utf-8")
    columns = columns_of(TrelloExport(path, activity_details=False).load().activities)
    assert columns is not None
    part = columns.take(np.arange(len(columns))[::-3])
    seen_items = list(dict.fromkeys(part.item.tolist()))
    assert seen_items == list(range(len(part.item_ids)))
    named = part.actor[part.actor >= 0].tolist()
    assert list(dict.fromkeys(named)) == list(range(len(part.actor_ids)))
    for new, old in enumerate(np.arange(len(columns))[::-3].tolist()):
        assert part.activity(new) == columns.activity(old)


def test_typed_cards_share_repeated_texts(tmp_path: Path) -> None:
    """Label names and member ids that repeat from card to card are one string each, and an
    activity's item id is its item's id (memory at a million cards)."""
    path = tmp_path / "board.json"
    data = _board(2, lists_first=False)
    ids = [f"{0x63000000 + n:08x}" + "0" * 16 for n in range(30)]
    # (the texts built at run time: equal, not the same objects, before the read)
    data["cards"] = [
        {
            "id": i,
            "name": "x",
            "idList": "L" + "1",
            "idMembers": ["M" + "1"],
            "labels": [{"name": "b" + "et"}],
        }
        for i in ids
    ]
    data["actions"] = [
        {
            "id": f"A{n}",
            "type": "commentCard",
            "date": "2024-01-01T00:00:00.000Z",
            "data": {"card": {"id": i}},
        }
        for n, i in enumerate(ids)
    ]
    path.write_text(json.dumps(data), "utf-8")
    lean = TrelloExport(path, activity_details=False).load()
    first, *others = lean.items
    assert len(others) == 29
    typed = others[:-1]  # (the array's last card may be read by the dict-based reader)
    assert all(o.labels[0] is first.labels[0] and o.members[0] is first.members[0] for o in typed)
    columns = columns_of(lean.activities)
    assert columns is not None and len(columns) == 30
    by_id = {item.id: item for item in lean.items}
    assert all(by_id[i].id is i for i in columns.item_ids)


@pytest.mark.parametrize("seed", range(3))
def test_typed_read_with_every_action_on_a_card_of_the_board(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    """No action names a card the board lacks: the time-ordered columns are kept as they are
    (renumbered, not copied), and still read as the dict-based mapper reads the board."""
    board = _board(seed, lists_first=bool(seed % 2))
    path = tmp_path / "board.json"
    path.write_text(json.dumps(board), "utf-8")
    on_board = {item.id for item in TrelloExport(path).load().items}

    def card_id(action: Any) -> Any:
        data = action.get("data") if isinstance(action, dict) else None
        card = data.get("card") if isinstance(data, dict) else None
        found = card.get("id") if isinstance(card, dict) else None
        return found if isinstance(found, str) else None

    board["actions"] = [a for a in board["actions"] if card_id(a) in on_board]
    path.write_text(json.dumps(board), "utf-8")
    full = TrelloExport(path).load()
    assert full.activities
    taken = []
    monkeypatch.setattr(ActivityColumns, "take", lambda self, rows: taken.append(rows))
    lean = TrelloExport(path, activity_details=False).load()
    assert columns_of(lean.activities) is not None
    assert not taken
    assert lean.skipped == full.skipped
    assert _facts(lean) == _facts(full)
