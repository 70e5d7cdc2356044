"""The store's report read against the forms it replaced (kept here as the references): the
items' loop, the activities' window read and the codes' first-appearance order."""

from __future__ import annotations

import random
from array import array
from datetime import UTC, datetime, timedelta, timezone
from itertools import repeat
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from _backlog_analyzer_runtime.memo import Codes
from connectors import columns
from connectors import store as store_mod
from connectors.columns import _first_seen
from connectors.interface import Activity, ActivityKind, Item
from connectors.store import Store, _columns, codec
from connectors.store._columns import (
    _KIND_AT,
    _SEP,
    _offset,
    _Runs,
    _stamps,
    source_windows,
    window_rows,
)
from connectors.store.codec import _items_from_rows

T0 = datetime(2026, 10, 1, 9, 0, tzinfo=UTC)


# -- the references ------------------------------------------------------------------------------


def _item_from_json(  # the item-by-item reader before _items_from_rows (the reference)
    text: str,
    shared: dict[str | None, str | None],
    empty: tuple[list[str], dict[str, str]] | None = None,
    label_lists: dict[tuple[str, ...], list[str]] | None = None,
) -> Item:
    """``connectors.store.codec``'s item-by-item reader before its one loop: msgspec, the
    reference decoder for what it refuses, the repeated texts shared."""
    try:
        item = codec._ITEM.decode(text)
    except codec.msgspec.MsgspecError:
        item = codec._from_json(Item, text)
    if empty is not None:
        codec.share_empty(item, *empty)
    if label_lists is not None:
        item.rank = None
        labels = item.labels
        if labels:
            item.labels = label_lists.setdefault(tuple(labels), labels)
    one = shared.setdefault
    item.source = one(item.source, item.source)  # type: ignore[assignment]
    item.type = one(item.type, item.type)
    item.status = one(item.status, item.status)
    item.status_category = one(item.status_category, item.status_category)
    item.column = one(item.column, item.column)
    item.sprint = one(item.sprint, item.sprint)
    item.assignee = one(item.assignee, item.assignee)
    item.reporter = one(item.reporter, item.reporter)
    item.priority = one(item.priority, item.priority)
    item.parent = one(item.parent, item.parent)
    return item


def _first_seen_reference(codes: np.ndarray, values: list[Any]) -> tuple[np.ndarray, list[Any]]:
    """``connectors.columns._first_seen`` before: the first rows found by sorting the codes."""
    if not len(codes):
        return codes.astype(np.int32), []
    present, first = np.unique(codes, return_index=True)
    order = present[np.argsort(first, kind="stable")]
    if len(order) == len(values) and np.array_equal(order, np.arange(len(values))):
        return codes.astype(np.int32, copy=False), values
    remap = np.full(len(values), -1, np.int32)
    remap[order] = np.arange(len(order), dtype=np.int32)
    return remap[codes], [values[code] for code in order.tolist()]


def _window_rows_reference(db: Any, source_id: int, positions: dict[str, int]) -> tuple | None:
    """``connectors.store._columns.window_rows`` before: every row's rowid read too, every id
    looked up, and the rows sorted by (time, rowid)."""
    item, actor, kind = array("i"), array("i"), array("h")
    when, saved = array("q"), array("q")
    actors = Codes(none=True)
    zone_rows, zone_offsets = array("q"), array("q")
    start = 0
    for first in source_windows(db, source_id):
        bounds = (source_id, first, first + _columns.WINDOW)
        n, count_actor, count_kind, count_written, ids, people, kinds, stamps, rowids = db.execute(
            "SELECT count(*), count(a.actor_id), count(a.kind), count(a.written), "
            f"group_concat(a.item_id, '{_SEP}'), group_concat(a.actor_id, '{_SEP}'), "
            "group_concat(a.kind), group_concat(a.timestamp), group_concat(a.rowid) "
            "FROM activities a WHERE +a.source_id = ? AND a.rowid >= ? AND a.rowid < ?",
            bounds,
        ).fetchone()
        if not n:
            continue
        if count_kind != n:
            return None
        ids, kinds = ids.split(_SEP), kinds.split(",")
        people = people.split(_SEP) if people is not None else []
        if not len(ids) == len(kinds) == n or len(people) != count_actor:
            return None
        utc = _stamps(stamps, n)
        if utc is None:
            return None
        rows = np.fromstring(rowids, np.int64, sep=",")  # noqa: NPY201 - ints only
        at = np.fromiter(map(positions.get, ids, repeat(-1)), np.int32, n)
        codes = np.fromiter(map(_KIND_AT.get, kinds, repeat(0)), np.int16, n)
        named = np.fromiter(map(actors.__getitem__, people), np.int32, count_actor)
        place: dict[int, int] = {}
        if count_actor != n or count_written:
            place = {r: p for p, r in enumerate(rows.tolist())}
        if count_actor == n:
            people_codes = named
        else:
            people_codes = np.full(n, -1, np.int32)
            has_actor = np.ones(n, bool)
            for (rowid,) in db.execute(
                "SELECT a.rowid FROM activities a WHERE +a.source_id = ? "
                "AND a.rowid >= ? AND a.rowid < ? AND a.actor_id IS NULL",
                bounds,
            ):
                has_actor[place[rowid]] = False
            people_codes[has_actor] = named
        zoned: list[tuple[int, int]] = []
        if count_written:
            for rowid, text in db.execute(
                "SELECT a.rowid, a.written FROM activities a WHERE +a.source_id = ? "
                "AND a.rowid >= ? AND a.rowid < ? AND a.written IS NOT NULL",
                bounds,
            ):
                if (offset := _offset(text)) is not None:
                    zoned.append((place[rowid], offset))
            zoned.sort()
        kept = at >= 0
        if not kept.all():
            new_place = np.cumsum(kept) - 1
            zoned = [(int(new_place[p]), o) for p, o in zoned if kept[p]]
            at, people_codes, codes, utc, rows = (
                at[kept],
                people_codes[kept],
                codes[kept],
                utc[kept],
                rows[kept],
            )
        for p, offset in zoned:
            zone_rows.append(start + p)
            zone_offsets.append(offset)
        item.frombytes(at.tobytes())
        actor.frombytes(people_codes.tobytes())
        kind.frombytes(codes.tobytes())
        when.frombytes(utc.tobytes())
        saved.frombytes(rows.tobytes())
        start += len(at)
    order = None
    if len(when):
        order = np.lexsort((np.frombuffer(saved, np.int64), np.frombuffer(when, np.int64)))
    return item, actors, actor, kind, when, zone_rows, zone_offsets, order


# -- the tests ----------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(6))
def test_first_seen_is_the_sorting_reference(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(seed)
    values = [f"v{k}" for k in range(int(rng.integers(1, 60)))]
    cases = [
        rng.integers(0, len(values), int(rng.integers(1, 500))).astype(np.int32),  # some unused
        np.arange(len(values), dtype=np.int32),  # already in order: the values kept as they are
        np.repeat(np.arange(len(values), dtype=np.int32)[::-1], 3),  # every one, reversed
        np.array([], np.int32),
    ]
    for codes in cases:
        want_codes, want_values = _first_seen_reference(codes.copy(), values)
        for in_place in (False, True):  # (in place: a step at a time, steps of 7 rows)
            monkeypatch.setattr(columns, "_FIRST_ROW_STEP", 7 if in_place else 1 << 20)
            got_codes, got_values = _first_seen(codes.copy(), values, in_place)
            assert np.array_equal(got_codes, want_codes) and got_codes.dtype == np.int32
            assert got_values == want_values
        read_only = codes.copy()
        read_only.flags.writeable = False  # (not ours to rewrite: a copy renumbered)
        got_codes, _ = _first_seen(read_only, values, in_place=True)
        assert np.array_equal(got_codes, want_codes) and np.array_equal(read_only, codes)


def _random_store(path: Path, rng: random.Random, *, grouped: bool) -> tuple[Store, list[int]]:
    """Boards saved interleaved page by page, an empty board, items removed and activities of
    items never stored, rows without actor, times in other zones or none, ties; each page's
    activities in runs of one item (``grouped``, as a Jira changelog) or in any order."""
    paris = timezone(timedelta(hours=2))
    db = Store(path)
    sids = [db.source("jira", "a", "A"), db.source("trello", "b", "B"), db.source("jira", "e", "E")]
    for page in range(5):
        for sid in sids[:2]:
            ids = [str(rng.randrange(14)) for _ in range(12)]  # 12 and 13 are never stored
            if grouped:
                ids = sorted(ids)
            acts = []
            for n, item_id in enumerate([i for i in ids for _ in range(4)] if grouped else ids):
                when = T0 + timedelta(minutes=rng.randrange(20), microseconds=rng.randrange(2))
                zone = rng.choice([UTC, UTC, UTC, UTC, paris, None])
                when = when.replace(tzinfo=None) if zone is None else when.astimezone(zone)
                acts.append(
                    Activity(
                        item_id,
                        rng.choice(["u1", "u2", "ü3", None, ""]),
                        rng.choice(list(ActivityKind)),
                        when,
                        id=f"{sid}-{page}-{n}",
                    )
                )
            items = [Item(source="jira", id=str(i), title=f"t{i}", updated=T0) for i in range(12)]
            db.save_page(sid, items, acts)
    db.mark_removed(sids[0], {str(i) for i in range(12)} - {"3", "7"})  # 3 and 7 removed
    db._db.execute("DELETE FROM items WHERE source_id = ? AND item_id = '5'", (sids[1],))
    return db, sids


@pytest.mark.parametrize("window", [1, 4, 64, 1 << 14])
@pytest.mark.parametrize("grouped", [True, False], ids=["runs of one item", "any order"])
def test_the_window_read_is_the_rowid_sort_reference(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, window: int, grouped: bool
) -> None:
    """The rows in time order, ties in saved (rowid) order, each id's place looked up by runs,
    give what the reference gives (every rowid read, every id looked up, sorted by (time,
    rowid)), for every board of a store (boards interleaved, an empty one, removed items and
    activities of items not stored); and so do the boards and their JSON reports."""
    monkeypatch.setattr(_columns, "WINDOW", window)
    rng = random.Random(window * 2 + grouped)
    db, sids = _random_store(tmp_path / "s.sqlite", rng, grouped=grouped)
    for sid in sids:
        keys = [k for (k,) in db._db.execute(
            "SELECT item_id FROM items WHERE source_id = ? ORDER BY rowid", (sid,)
        )]  # fmt: skip
        positions = {key: n for n, key in enumerate(keys)}
        got = window_rows(db._db, sid, positions)
        want = _window_rows_reference(db._db, sid, positions)
        assert got is not None and want is not None
        (item, actors, actor, kind, when, zone_rows, zone_offsets, order) = got
        n = len(when)
        assert n == len(want[4]) and (n > 0) == (sid != sids[2])
        order = np.arange(n) if order is None else order
        want_order = np.arange(n) if want[7] is None else want[7]
        for mine, theirs, dtype in [
            (item, want[0], np.int32),
            (actor, want[2], np.int32),
            (kind, want[3], np.int16),
            (when, want[4], np.int64),
        ]:
            mine, theirs = np.frombuffer(mine, dtype), np.frombuffer(theirs, dtype)
            assert np.array_equal(mine[order], theirs[want_order])
        assert dict(actors) == dict(want[1])
        assert (list(zone_rows), list(zone_offsets)) == (list(want[5]), list(want[6]))
    boards = [db.load_board(sid, activity_details=False, for_report=True) for sid in sids]
    with monkeypatch.context() as patch:
        patch.setattr(_columns, "window_rows", _window_rows_reference)
        patch.setattr(store_mod.reading, "window_rows", _window_rows_reference)
        references = [db.load_board(sid, activity_details=False, for_report=True) for sid in sids]
    for board, reference in zip(boards, references, strict=True):
        assert board.items == reference.items
        assert list(board.activities) == list(reference.activities)
        assert [a.timestamp.isoformat() for a in board.activities] == [
            a.timestamp.isoformat() for a in reference.activities
        ]
    # the first board alone in the store: its windows from the table's first rowid to its last
    db.forget_source(sids[1])
    db.forget_source(sids[2])
    low, high = db._db.execute("SELECT min(rowid), max(rowid) FROM activities").fetchone()
    assert source_windows(db._db, sids[0]) == list(range(low // window * window, high + 1, window))
    alone = db.load_board(sids[0], activity_details=False, for_report=True)
    assert list(alone.activities) == list(boards[0].activities) and alone.items == boards[0].items
    db.close()


@pytest.mark.parametrize("seed", range(4))
def test_places_by_runs_are_every_id_looked_up(seed: int) -> None:
    rng = random.Random(seed)
    positions = {str(k): k for k in range(0, 40, 2)}  # odd ids: items not stored
    runs = _Runs(positions)
    grouped = [str(k) for k in range(40) for _ in range(rng.randrange(1, 9))]
    spread = [str(rng.randrange(40)) for _ in range(300)]
    by_runs = True
    for ids in (grouped, grouped[:1], [], spread, grouped):  # runs, then short runs: every id
        want = np.fromiter(map(positions.get, ids, repeat(-1)), np.int32, len(ids))
        assert np.array_equal(runs.places(ids), want)
        by_runs = by_runs and ids is not spread  # once runs were short, every id from then on
        assert runs.grouped == by_runs


def _stored_rows(rng: random.Random) -> list[tuple[int, str, str, int]]:
    zones = [None, UTC, timezone(timedelta(hours=-5))]
    rows = []
    for n in range(150):
        when = datetime(2026, 3, 4, 5, 6, 7, rng.choice([0, 120]), tzinfo=rng.choice(zones))
        it = Item(
            source=rng.choice(["jira", "trello"]),
            id=str(n),
            title=rng.choice(["t", "é 😀"]),
            status=rng.choice([None, "Done", "In Progress"]),
            column=rng.choice([None, "Doing"]),
            assignee=rng.choice([None, "u1", "u2"]),
            parent=rng.choice([None, "P-1"]),
            labels=rng.choice([[], ["a", "b"], ["a", "b"], ["c"]]),
            members=rng.choice([[], ["u1"]]),
            custom_fields=rng.choice([{}, {"z": "1"}]),
            created=rng.choice([None, when]),
            rank=rng.choice([None, "0|i0:"]),
        )
        stored_id = str(n) if n % 17 else f"stored-{n}"  # an id saved under another key
        rows.append((n + 1, stored_id, store_mod._to_json(it), int(n % 11 == 0)))
    rows.append((999, "odd", rows[0][2].replace('"status": null', '"status": 3'), 0))  # msgspec
    return rows


@pytest.mark.parametrize("as_bytes", [False, True], ids=["text", "UTF-8 bytes"])
@pytest.mark.parametrize("for_report", [False, True])
def test_the_items_loop_is_item_from_json_row_by_row(for_report: bool, as_bytes: bool) -> None:
    rows = _stored_rows(random.Random(4))
    shared: dict = {}
    empty = ([], {}) if for_report else None
    label_lists: dict | None = {} if for_report else None
    given = [(r, i, d.encode(), x) for r, i, d, x in rows] if as_bytes else rows
    items, rowids, keys = _items_from_rows(iter(given), shared, empty, label_lists)

    ref_shared: dict = {}
    ref_empty = ([], {}) if for_report else None
    ref_lists: dict | None = {} if for_report else None
    reference = []
    for _, _, data, removed in rows:
        one = _item_from_json(data, ref_shared, ref_empty, ref_lists)
        if removed:
            one.closed = True
        reference.append(one)
    assert items == reference
    assert rowids.tolist() == [r[0] for r in rows]
    assert keys == [r[1] for r in rows]
    assert all(k is i.id for k, i in zip(keys, items, strict=True) if k == i.id)
    # the same sharing: equal texts one str, empty lists one list, equal labels one list
    for got in items:
        for name in ("status", "column", "assignee", "parent", "source"):
            value = getattr(got, name)
            assert value is None or value is shared[value]
    if for_report:
        assert all(i.rank is None for i in items)
        assert all(i.labels is empty[0] for i in items if not i.labels)
        assert all(i.members is empty[0] for i in items if not i.members)
        ab = [i.labels for i in items if i.labels == ["a", "b"]]
        assert len(ab) > 1 and all(labels is ab[0] for labels in ab)
        assert all(i.custom_fields is empty[1] for i in items if not i.custom_fields)


# -- a board's texts checked a chunk at a time (connectors.mapping.clean) -------------------------

_ODD = ["", "plain", "ünï 中文 🚀", "line\nbreak", "tab\there", "cr\r\nlf", "esc\x1b[2J", "bel\x07",
        "c1\x9b", "bidi\u202eexe", "lone\ud800", "nbsp\u00a0", "mark\u200f"]  # fmt: skip


def _clean_items_reference(items: list[Item]) -> dict[str, str]:
    """``clean_board``'s loop before: every item walked field by field."""
    from connectors.mapping.clean import clean_item

    renamed: dict[str, str] = {}
    for item in items:
        before = item.id
        clean_item(item)
        if item.id is not before:
            renamed[before] = item.id
    return renamed


def _hostile_board(rng: random.Random, n: int, odd: float):
    from connectors.columns import ActivityColumns, ActivityList
    from connectors.interface import Board, Person

    def text() -> str:
        return rng.choice(_ODD) if rng.random() < odd else rng.choice(["Fix it", "Ship ✅", ""])

    items = [
        Item(
            source="jira",
            id=f"{k}{text() if rng.random() < 0.2 else ''}",
            title=text(),
            description=text() + "\n" + text(),
            status=rng.choice([None, text()]),
            assignee=rng.choice([None, "u1", text()]),
            labels=rng.choice([[], ["a", text()], [text()]]),
            members=rng.choice([[], ["u1"], [text()]]),
            custom_fields=rng.choice([{}, {"z": "1"}, {text(): text()}]),
            hierarchy_level=rng.choice([None, 0]),
        )
        for k in range(n)
    ]
    if rng.random() < 0.3 and items:
        items[0].key = 7  # type: ignore[assignment]  # not text: the field by field path
    columns = ActivityColumns(
        [it.id for it in items],
        ["u1"],
        [None],
        np.arange(n, dtype=np.int32),
        np.zeros(n, np.int32),
        np.zeros(n, np.int16),
        np.zeros(n, np.int16),
        np.arange(n, dtype=np.int64) + 1_700_000_000_000_000,
    )
    people = {"u1": Person("u1", text())}
    return Board("b", "B", "jira", items, ActivityList(columns), people)


@pytest.mark.parametrize("odd", [0.0, 0.02, 0.3])
@pytest.mark.parametrize("chunk", [1, 3, 2048])
def test_a_boards_items_cleaned_by_chunks_are_cleaned_field_by_field(
    monkeypatch: pytest.MonkeyPatch, odd: float, chunk: int
) -> None:
    from connectors.columns import columns_of
    from connectors.mapping import clean

    monkeypatch.setattr(clean, "_CHUNK", chunk)
    walked: list[Item] = []
    real = clean.clean_item
    monkeypatch.setattr(clean, "clean_item", lambda item: walked.append(item) or real(item))
    for seed in range(4):
        board = _hostile_board(random.Random(seed), 40, odd)
        reference = _hostile_board(random.Random(seed), 40, odd)
        walked.clear()
        clean.clean_board(board, details=False)
        if odd == 0.0:  # nothing to clean: no item walked field by field but a chunk with a 7
            assert all(
                any(i.key == 7 for i in walked[k : k + chunk]) for k in range(0, len(walked), chunk)
            )
        with monkeypatch.context() as patch:
            patch.setattr(clean, "_clean_items", _clean_items_reference)
            clean.clean_board(reference, details=False)
        assert board.items == reference.items
        assert columns_of(board.activities).item_ids == columns_of(reference.activities).item_ids
        assert board.people == reference.people
    if odd:
        assert walked  # something was cleaned


@pytest.mark.parametrize("text", [*_ODD, "".join(_ODD), "ascii only", "a\nb\nc", "é" * 9])
def test_printable_but_newlines_is_every_character_checked(text: str) -> None:
    from connectors.mapping.clean import _printable_but_newlines

    assert _printable_but_newlines(text) == all(c == "\n" or c.isprintable() for c in text)


@pytest.mark.parametrize(
    "data",
    ["X'7B227469746C65223A2280227D'", "'{not json'"],
    ids=["bytes that are not UTF-8", "not JSON"],
)
def test_a_damaged_item_row_is_one_line(tmp_path: Path, data: str) -> None:
    from connectors.store import StoreError

    with Store(tmp_path / "s.sqlite") as db:
        sid = db.source("jira", "k", "n")
        db.save_page(sid, [Item(source="jira", id="1", title="t")], [])
        db._db.execute(f"UPDATE items SET data = CAST({data} AS TEXT)")
        with pytest.raises((StoreError, ValueError)) as caught:
            db.load_board(sid, activity_details=False, for_report=True)
    if "X'" in data:  # as SQLite says when the row is read as text: the store is damaged
        assert caught.type is StoreError and "damaged" in str(caught.value)
        assert "\n" not in str(caught.value)
