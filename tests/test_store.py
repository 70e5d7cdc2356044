"""The local SQLite store: schema and migrations, upserts, removal marks, sync state, safety."""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from connectors import store as store_mod
from connectors.interface import Activity, ActivityKind, Board, Item, Person
from connectors.store import SCHEMA_VERSION, Store, StoreError, activity_key
from tests.fakes.old_store import old_schema

T0 = datetime(2026, 10, 1, 9, 0, tzinfo=UTC)


def item(n: int, title: str = "Title", **kw) -> Item:
    return Item(source="jira", id=str(n), key=f"P-{n}", title=title, updated=T0, **kw)


def act(n: int, when: datetime = T0, **kw) -> Activity:
    return Activity(item_id=str(n), actor_id="u1", kind=ActivityKind.MOVED, timestamp=when, **kw)


@pytest.fixture
def db(tmp_path: Path) -> Store:
    with Store(tmp_path / "s.sqlite") as s:
        yield s


def test_new_store_has_current_schema_wal_and_owner_only_file(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "s.sqlite"
    with Store(path) as s:
        assert s.schema_version == SCHEMA_VERSION
        assert s._db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    if os.name == "posix":
        assert path.stat().st_mode & 0o777 == 0o600


def test_migrates_an_old_store_and_keeps_its_data(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    raw = old_schema(path, 1)
    raw.execute(
        "INSERT INTO sources (id, kind, key, name, created_at) VALUES (1, 'jira', 'k', 'n', 'x')"
    )
    raw.commit()
    raw.close()
    with Store(path) as s:
        assert s.schema_version == SCHEMA_VERSION
        assert [x.key for x in s.sources()] == ["k"]
        columns = {r[1] for r in s._db.execute("PRAGMA table_info(items)")}
        assert "removed_at" in columns


def test_a_store_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite"
    raw = sqlite3.connect(path)
    raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    raw.close()
    with pytest.raises(StoreError, match="newer than this tool"):
        Store(path)


def test_a_file_that_is_not_sqlite_is_one_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "junk.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError, match="cannot open the store") as info:
        Store(path)
    assert "\n" not in str(info.value)


def test_default_path_from_env_or_user_data_dir(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(store_mod.DB_ENV, "/tmp/x/s.db")
    assert store_mod.default_db_path() == Path("/tmp/x/s.db")
    monkeypatch.delenv(store_mod.DB_ENV)
    assert store_mod.default_db_path().name == "store.sqlite"
    assert "backlog-analyzer" in str(store_mod.default_db_path())


def test_source_is_created_once_and_renamed(db: Store) -> None:
    a = db.source("jira", "srv|project=P", "P", origin="https://x")
    b = db.source("jira", "srv|project=P", "P (Renamed)", origin="https://x")
    assert a == b and db.find_source("jira", "srv|project=P") == a
    assert [s.name for s in db.sources()] == ["P (Renamed)"]
    assert db.find_source("jira", "other") is None


def test_save_page_upserts_each_thing_exactly_once(db: Store) -> None:
    sid = db.source("jira", "k", "n")
    person = Person("u1", "Ana")
    db.save_page(sid, [item(1), item(2)], [act(1, id="h1"), act(2)], [person])
    db.save_page(sid, [item(1, "New title")], [act(1, id="h1"), act(2)], [Person("u1", "Ana R")])
    board = db.load_board(sid)
    assert sorted(i.title for i in board.items) == ["New title", "Title"]
    assert len(board.activities) == 2  # the hash id keeps the id-less activity single
    assert board.people["u1"].display_name == "Ana R"
    info = db.sources()[0]
    assert (info.items, info.activities) == (2, 2)
    # picking a report's boards needs no counts (they read a whole index per call)
    light = db.sources(counts=False)[0]
    assert (light.id, light.name, light.items, light.activities) == (info.id, "n", None, None)


def test_round_trip_keeps_types_and_dates(db: Store) -> None:
    sid = db.source("jira", "k", "n")
    original = item(1, labels=["a"], sprint="S1", resolved=T0 + timedelta(days=1))
    db.save_page(sid, [original], [act(1, text="hi", id="x")])
    loaded = db.load_board(sid)
    assert loaded.items[0] == original
    assert loaded.activities[0].kind is ActivityKind.MOVED
    assert loaded.activities[0].timestamp == T0


def test_history_of_items_not_in_the_store_is_kept_but_not_loaded(db: Store) -> None:
    # A Trello card moved to another board leaves its moveCardFromBoard in this board's history,
    # but the card is not stored: like the export readers, the loaded board leaves it out.
    sid = db.source("trello", "b", "Board")
    db.save_page(sid, [item(1)], [act(1, id="a1"), act(9, id="a9")])
    assert [a.id for a in db.load_board(sid).activities] == ["a1"]
    assert db.sources()[0].activities == 2  # still in the file
    assert len(db.load_board(sid, all_activities=True).activities) == 2
    db.save_page(sid, [item(9)])  # the card comes back: so does its history
    assert sorted(a.id for a in db.load_board(sid).activities) == ["a1", "a9"]


def test_a_directory_as_store_is_one_clear_line(tmp_path: Path) -> None:
    with pytest.raises(StoreError) as error:
        Store(tmp_path)
    assert str(error.value) == (
        f"the store {tmp_path} is a directory; give a file name, e.g. {tmp_path / 'store.sqlite'}"
    )


def test_forget_source_deletes_everything_of_it(db: Store) -> None:
    keep, drop = db.source("jira", "a", "A"), db.source("jira", "b", "B")
    for sid in (keep, drop):
        db.save_page(sid, [item(1)], [act(1, id="x")], [Person("u1", "Ana")])
    db.forget_source(drop)
    assert [s.id for s in db.sources()] == [keep]
    for table in ("items", "activities", "people", "sync_state"):
        assert db._db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] == 1


def test_dates_keep_their_offset_or_lack_of_one(db: Store) -> None:
    # An export written in +02:00 (or with no zone at all) must come back the same, or a report
    # from the store would put a 00:30 activity into another day / month than the export scan.
    from datetime import timezone

    paris = datetime(2026, 10, 1, 0, 30, tzinfo=timezone(timedelta(hours=2)))
    naive = datetime(2026, 10, 1, 0, 30)
    sid = db.source("jira", "k", "n")
    db.save_page(sid, [item(1, created=paris, resolved=naive)], [act(1, when=paris, id="a")])
    loaded = db.load_board(sid)
    assert loaded.items[0].created == paris and loaded.items[0].created.utcoffset() == timedelta(
        hours=2
    )
    assert loaded.items[0].resolved == naive and loaded.items[0].resolved.tzinfo is None
    assert loaded.activities[0].timestamp.isoformat() == "2026-10-01T00:30:00+02:00"
    assert db.newest_activity(sid) == paris  # the query column is UTC


def test_an_imports_skipped_records_are_kept_and_replaced_by_the_next_import(db: Store) -> None:
    board = Board(id="b", name="Board", source="trello", items=[item(1)])
    board.skipped = ["card #2: card 'x' has no id", "action #7: no valid date"]
    sid = db.import_board(board)
    assert db.load_board(sid).skipped == board.skipped
    board.skipped = []
    db.import_board(board)  # a newer, clean export of the same board
    assert db.load_board(sid).skipped == []


def test_activities_at_the_same_time_load_in_the_order_they_were_saved(db: Store) -> None:
    # The export's order breaks ties (e.g. which items a drift flag lists first), as in a scan.
    sid = db.source("jira", "k", "n")
    db.save_page(sid, [item(1)], [act(1, id="zz"), act(1, id="aa"), act(1, id="mm")])
    assert [a.id for a in db.load_board(sid).activities] == ["zz", "aa", "mm"]


def test_activities_of_some_items_in_history_order_across_id_chunks(db: Store) -> None:
    sid = db.source("trello", "b", "Board")
    other = db.source("trello", "c", "Other board")
    late = T0 + timedelta(hours=1)
    db.save_page(sid, [item(1)], [act(1, late, id="b"), act(1, id="a"), act(2, id="c")])
    db.save_page(sid, [], [act(n, id=f"n{n}") for n in range(100, 1300)])  # > one chunk of ids
    db.save_page(other, [item(1)], [act(1, id="elsewhere")])
    assert [a.id for a in db.activities_of(sid, ["1"])] == ["a", "b"]
    # Items the store does not hold still give their history (a card moved away).
    assert [a.id for a in db.activities_of(sid, ["2", "1", "2"])] == ["a", "c", "b"]
    wanted = [str(n) for n in range(100, 1300, 2)] + ["missing"]
    assert len(db.activities_of(sid, wanted)) == 600
    assert db.activities_of(sid, []) == []


def test_activity_key_is_stable_and_content_based() -> None:
    assert activity_key(act(1, id="h1")) == "h1"
    assert activity_key(act(1)) == activity_key(act(1))
    assert activity_key(act(1)) != activity_key(act(1, when=T0 + timedelta(seconds=1)))


def test_removed_items_are_marked_not_dropped_and_come_back(db: Store) -> None:
    sid = db.source("jira", "k", "n")
    db.save_page(sid, [item(1), item(2), item(3)])
    assert db.sync_state(sid).last_removal_check is None
    assert db.mark_removed(sid, {"1", "3"}, checked_at=T0) == ["2"]
    assert db.sync_state(sid).last_removal_check == T0
    board = db.load_board(sid)
    assert {i.id: i.closed for i in board.items} == {"1": False, "2": True, "3": False}
    assert db.item_ids(sid, include_removed=False) == {"1", "3"}
    db.save_page(sid, [item(2)])  # it reappears
    assert db.item_ids(sid, include_removed=False) == {"1", "2", "3"}


def test_a_page_is_all_or_nothing(db: Store) -> None:
    sid = db.source("jira", "k", "n")
    db.begin_sync(sid, "q")
    with pytest.raises(sqlite3.IntegrityError):
        db.save_page(sid, [item(1)], [act(1)], [Person(None, "x")], cursor=1, advance_cursor=True)  # type: ignore[arg-type]
    assert db.item_ids(sid) == set() and db.sync_state(sid).cursor is None


def test_sync_state_resume_and_finish(db: Store) -> None:
    sid = db.source("jira", "k", "n")
    assert db.sync_state(sid).last_sync is None
    state = db.begin_sync(sid, "q1", started_at=T0)
    assert state.in_progress and state.query == "q1" and state.cursor is None
    db.save_page(sid, [item(1)], cursor={"token": "abc"}, advance_cursor=True)
    again = db.begin_sync(sid, "q1")  # same query: resume
    assert again.cursor == {"token": "abc"} and again.fetched == 1 and again.started_at == T0
    db.finish_sync(sid)
    done = db.sync_state(sid)
    assert done.last_sync == T0 and not done.in_progress and done.cursor is None


def test_a_different_query_restarts_but_keeps_the_earliest_start(db: Store) -> None:
    sid = db.source("jira", "k", "n")
    db.begin_sync(sid, "q1", started_at=T0)
    db.save_page(sid, [item(1)], cursor={"startAt": 1}, advance_cursor=True)
    state = db.begin_sync(sid, "q2", started_at=T0 + timedelta(hours=1))
    assert state.query == "q2" and state.cursor is None and state.fetched == 0
    assert state.started_at == T0


def test_fetched_since(db: Store) -> None:
    sid = db.source("jira", "k", "n")
    db.save_page(sid, [item(1)])
    mark = datetime.now(UTC)
    db.save_page(sid, [item(2)])
    assert db.fetched_since(sid, mark) == {"2"}


def test_import_board_replaces_an_older_import(db: Store) -> None:
    board = Board("b1", "Board", "trello", items=[item(1), item(2)], origin="export.json")
    sid = db.import_board(board)
    newer = Board("b1", "Board", "trello", items=[item(1)], origin="export.json")
    assert db.import_board(newer) == sid
    loaded = db.load_board(sid)
    assert {i.id: i.closed for i in loaded.items} == {"1": False, "2": True}
    assert db.sync_state(sid).last_sync is not None
    assert [b.name for b in db.load_boards("trello")] == ["Board"] and db.load_boards("jira") == []


def test_unknown_source_id_is_a_store_error(db: Store) -> None:
    with pytest.raises(StoreError):
        db.load_board(99)


def test_two_connections_read_while_one_writes(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    with Store(path) as writer, Store(path) as reader:
        sid = writer.source("jira", "k", "n")
        writer.save_page(sid, [item(1)])
        assert reader.item_ids(sid) == {"1"}


def test_origins_never_keep_credentials(db: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRELLO_TOKEN", "tok-in-a-path-123")
    sid = db.source("trello", "k", "n", origin="https://u:pw@api.example/1/b?key=K&token=T#x")
    assert db.load_board(sid).origin == "https://api.example/1/b"
    assert (
        store_mod.safe_origin("/exports/tok-in-a-path-123/board.json") == "/exports/***/board.json"
    )
    assert store_mod.safe_origin(None) is None


def test_rows_are_written_exactly_as_the_generic_json_encoder_writes_them() -> None:
    # _to_json's per-class writers must give json.dumps(sort_keys, ensure_ascii=False) of the
    # fields, byte for byte, for every value a connector may put there.
    import random

    rng = random.Random(7)
    texts = [
        "",
        "plain",
        'quote " and \\ back',
        "line\nbreak\ttab\x00nul",
        "é ü ß",
        "😀 \u2028",
        "</x>",
    ]

    def text() -> str | None:
        return rng.choice([*texts, None])

    def when() -> datetime | None:
        base = datetime(2026, 1, 1, 12, 30, 15, rng.choice([0, 123456]))
        return rng.choice(
            [
                None,
                base,
                base.replace(tzinfo=UTC),
                base.replace(tzinfo=timezone(timedelta(hours=-5))),
            ]
        )

    for _ in range(300):
        objs = [
            Activity(
                item_id=rng.choice(["1", "é", 'a"b']),
                actor_id=text(),
                kind=rng.choice(list(ActivityKind)),
                timestamp=when() or T0,
                field=text(),
                old=text(),
                new=text(),
                text=text(),
                id=rng.choice([None, "h1", 42]),  # a connector passing an int id
            ),
            Item(
                source="trello",
                id=rng.choice(["1", "ü"]),
                title=text() or "t",
                description=text() or "",
                labels=[t for t in texts[: rng.randrange(4)]],
                created=when(),
                due=when(),
                hierarchy_level=rng.choice([None, -1, 0, 1]),
                closed=rng.choice([True, False]),
                custom_fields=rng.choice([{}, {"z": "1", "a": "é"}]),
            ),
            Person(id=text() or "p", display_name=text() or "", email=text()),
        ]
        for obj in objs:
            assert store_mod._to_json(obj) == store_mod._to_json_generic(obj)


def _stripped(activities: list[Activity]) -> list[Activity]:
    return [Activity(a.item_id, a.actor_id, a.kind, a.timestamp) for a in activities]


def _old_store(path: Path, items: list[Item], activities: list[Activity], version: int = 5) -> None:
    """A store as version ``version`` of the schema left it (before the activities had actor,
    kind and written-time columns), its rows written as that version's save_page wrote them."""
    from connectors.store.codec import _iso, _to_json

    raw = old_schema(path, version)
    raw.execute(
        "INSERT INTO sources (id, kind, key, name, created_at) VALUES (1, 'trello', 'b', 'B', 'x')"
    )
    raw.execute("INSERT INTO sync_state (source_id) VALUES (1)")
    raw.executemany(
        "INSERT INTO items (source_id, item_id, key, updated, fetched_at, data) "
        "VALUES (1, ?, ?, ?, 'x', ?)",
        [(it.id, it.key, _iso(it.updated), _to_json(it)) for it in items],
    )
    raw.executemany(
        "INSERT INTO activities (source_id, activity_id, item_id, timestamp, data) "
        "VALUES (1, ?, ?, ?, ?)",
        [(activity_key(a), a.item_id, _iso(a.timestamp), _to_json(a)) for a in activities],
    )
    raw.commit()
    raw.close()


EAST = timezone(timedelta(hours=5, minutes=30))
ODD_ACTIVITIES = [
    act(1, T0, id="a", field="desc", old="x" * 50, new="y", text="c"),
    act(2, T0.replace(tzinfo=None), id="b"),  # a naive time stays naive
    act(1, T0.astimezone(EAST), id="c"),  # same instant, own offset kept
    Activity("1", None, ActivityKind.COMMENTED, T0 + timedelta(1), text="hi", id="d"),
    act(9, T0, id="gone"),  # an item the store does not hold
]


@pytest.mark.parametrize("made", ["saved", "migrated", "migrated without JSON functions"])
def test_lean_load_is_the_full_load_without_details(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, made: str
) -> None:
    path = tmp_path / "s.sqlite"
    if made == "saved":
        with Store(path) as db:
            db.save_page(db.source("trello", "b", "B"), [item(1), item(2)], ODD_ACTIVITIES)
    else:
        if made.endswith("functions"):  # an SQLite without JSON1: the rows read in Python
            monkeypatch.setattr(store_mod.schema, "_JSON_EXTRACT", "no_such_function")
        _old_store(path, [item(1), item(2)], ODD_ACTIVITIES)
    with Store(path) as db:
        sid = 1
        db.mark_removed(sid, ["1"])
        for all_activities in (False, True):
            full = db.load_board(sid, all_activities=all_activities)
            lean = db.load_board(sid, all_activities=all_activities, activity_details=False)
            assert lean.activities == _stripped(full.activities)
            assert [a.timestamp.utcoffset() for a in lean.activities] == [
                a.timestamp.utcoffset() for a in full.activities
            ]
            assert (lean.items, lean.people) == (full.items, full.people)
        lean = db.load_board(sid, activity_details=False)
        assert len(lean.activities) == 4
        # One str per distinct id, shared with the items (memory at 10M activities).
        ids = {id(i.id) for i in lean.items}
        assert all(id(a.item_id) in ids for a in lean.activities)
        actors = [a.actor_id for a in lean.activities if a.actor_id == "u1"]
        assert len(actors) == 3 and all(a is actors[0] for a in actors)


def _activity_cells(path: Path) -> list[tuple]:
    raw = sqlite3.connect(path)
    try:
        return raw.execute(
            "SELECT activity_id, item_id, timestamp, data, actor_id, kind, written "
            "FROM activities ORDER BY activity_id"
        ).fetchall()
    finally:
        raw.close()


def test_a_schema_8_store_gets_the_activity_time_index_and_the_same_newest(tmp_path: Path) -> None:
    # newest_activity read every activity of the board (MAX over its rows: ≈ 0.2 s per 1M, on
    # each incremental Trello fetch); schema 9 reads it from an index, in one look-up.
    times = [T0 + timedelta(hours=(n * 37) % 101) for n in range(300)]
    acts = [act(n % 5, when, id=f"t{n}") for n, when in enumerate(times)]
    path = tmp_path / "old.sqlite"
    _old_store(path, [item(n) for n in range(5)], acts, version=8)
    raw = sqlite3.connect(path)
    raw.execute(
        "INSERT INTO sources (id, kind, key, name, created_at) VALUES (2, 'trello', 'c', 'C', 'x')"
    )
    raw.execute(
        "INSERT INTO activities (source_id, activity_id, item_id, timestamp, data) "
        "VALUES (2, 'z', '1', '2030-01-01T00:00:00+00:00', '{}')"
    )
    raw.commit()
    raw.close()
    with Store(path) as db:
        assert db.schema_version == SCHEMA_VERSION == 9 and db.upgraded_from == 8
        assert db.newest_activity(1) == max(times)  # the other source's newer one not taken
        assert db.newest_activity(2) == datetime(2030, 1, 1, tzinfo=UTC)
        assert db.newest_activity(3) is None
        newest = db._db.execute(
            "EXPLAIN QUERY PLAN SELECT MAX(timestamp) FROM activities "
            "WHERE source_id = 1 AND timestamp IS NOT NULL"
        ).fetchall()
        # a board's activities are still read by activities_item (in about the order saved),
        # not in time order through the new index
        load = db._db.execute(
            "EXPLAIN QUERY PLAN SELECT data " + Store._ACTIVITIES_WHERE, (1, 1)
        ).fetchall()
    assert "COVERING INDEX activities_time" in str(newest)  # one look-up, not a scan of the board
    assert "activities_item" in str(load) and "activities_time" not in str(load)


@pytest.mark.parametrize("json1", [True, False], ids=["JSON functions", "Python"])
def test_an_old_store_is_migrated_to_what_saving_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, json1: bool
) -> None:
    if not json1:
        monkeypatch.setattr(store_mod.schema, "_JSON_EXTRACT", "no_such_function")
    many = [act(n % 7, T0 + timedelta(minutes=n), id=f"m{n}") for n in range(25_000)]  # 3 batches
    acts = [*ODD_ACTIVITIES, *many]
    _old_store(tmp_path / "old.sqlite", [item(1), item(2)], acts)
    with Store(tmp_path / "old.sqlite") as db:
        assert db.schema_version == SCHEMA_VERSION == 9
    with Store(tmp_path / "new.sqlite") as db:
        db.save_page(db.source("trello", "b", "B"), [item(1), item(2)], acts)
    migrated, saved = (
        _activity_cells(tmp_path / "old.sqlite"),
        _activity_cells(tmp_path / "new.sqlite"),
    )
    assert len(migrated) == len(acts) and migrated == saved
    written = {row[0]: row[6] for row in saved}
    assert (written["b"], written["c"], written["a"]) == (
        "2026-10-01T09:00:00.000000",  # naive: the text as written
        "2026-10-01T14:30:00.000000+05:30",
        None,  # UTC: the timestamp column says it all
    )


@pytest.mark.parametrize("json1", [True, False], ids=["JSON functions", "Python"])
def test_a_migration_that_fails_leaves_the_store_as_it_was_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, json1: bool
) -> None:
    if not json1:
        monkeypatch.setattr(store_mod.schema, "_JSON_EXTRACT", "no_such_function")
    path = tmp_path / "old.sqlite"
    _old_store(path, [item(1)], [act(1, id="a"), act(1, T0 + timedelta(1), id="b")])
    raw = sqlite3.connect(path)
    raw.execute("UPDATE activities SET data = '{damaged' WHERE activity_id = 'b'")
    raw.commit()
    before = raw.execute("SELECT * FROM activities ORDER BY rowid").fetchall()
    raw.close()
    with pytest.raises(StoreError) as error:
        Store(path)
    message = str(error.value)
    assert "\n" not in message and message.startswith(
        f"the store {path} could not be upgraded from schema version 5 to {SCHEMA_VERSION} ("
    )
    assert "it was left unchanged" in message and "malformed JSON" in message
    raw = sqlite3.connect(path)
    assert raw.execute("PRAGMA user_version").fetchone()[0] == 5
    assert raw.execute("SELECT * FROM activities ORDER BY rowid").fetchall() == before
    assert "kind" not in {r[1] for r in raw.execute("PRAGMA table_info(activities)")}
    raw.close()


def test_report_on_a_store_whose_migration_fails_is_one_line_and_exit_2(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from analyzer.cli import app

    path = tmp_path / "old.sqlite"
    _old_store(path, [item(1)], [act(1, id="a")])
    raw = sqlite3.connect(path)
    raw.execute("UPDATE activities SET data = '{damaged'")
    raw.commit()
    raw.close()
    result = CliRunner().invoke(app, ["report", "--db", str(path), "-o", str(tmp_path / "r.json")])
    assert result.exit_code == 2
    # the upgrade's start (told as it starts), then one error line
    started, *lines = result.stderr.strip().splitlines()
    assert started.startswith(f"backlog-analyzer: note: upgrading the local store {path} ")
    assert len(lines) == 1 and "could not be upgraded" in lines[0] and "Traceback" not in lines[0]
    assert not (tmp_path / "r.json").exists()


def test_report_on_a_read_only_old_store_says_it_must_be_upgraded_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As a non-root user would see it: every write refused by SQLite (the file opened mode=ro).
    The schema-5 store is upgraded in place on open, so a report of a read-only one is one line
    saying so (exit 2), and the file is left as it was."""
    from typer.testing import CliRunner

    from analyzer.cli import app

    path = tmp_path / "old.sqlite"
    _old_store(path, [item(1)], [act(1, id="a")])
    raw = sqlite3.connect(path)
    raw.execute("PRAGMA journal_mode = WAL")  # as every store the tool made is
    raw.close()
    before = path.read_bytes()
    real_connect = sqlite3.connect

    def read_only(target, *args, **kwargs):
        if kwargs.pop("uri", False):  # already a URI (the CLI's own read-only look)
            return real_connect(target, *args, uri=True, **kwargs)
        uri = f"{Path(target).absolute().as_uri()}?mode=ro"
        return real_connect(uri, *args, uri=True, **kwargs)

    monkeypatch.setattr(sqlite3, "connect", read_only)
    result = CliRunner().invoke(app, ["report", "--db", str(path), "-o", str(tmp_path / "r.json")])
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert lines == [
        f"backlog-analyzer: error: the store {path} is read-only and has schema version 5: "
        f"this version upgrades it to {SCHEMA_VERSION} once, which writes to it; make it "
        "writable for one run (or copy it) and run again"
    ]
    assert path.read_bytes() == before and not (tmp_path / "r.json").exists()


def test_rows_an_older_writer_saves_after_the_migration_are_read_from_their_json(
    db: Store,
) -> None:
    # A fetch of the previous version still running while this one migrated the store writes
    # rows without the new columns: they are read from their JSON, not lost or misread.
    from connectors.store.codec import _iso, _to_json

    sid = db.source("trello", "b", "B")
    db.save_page(sid, [item(1)], [act(1, id="a")])
    late = act(1, T0.astimezone(EAST) + timedelta(1), id="late")
    db._db.execute(
        "INSERT INTO activities (source_id, activity_id, item_id, timestamp, data) "
        "VALUES (?, ?, ?, ?, ?)",
        (sid, activity_key(late), "1", _iso(late.timestamp), _to_json(late)),
    )
    full = db.load_board(sid)
    lean = db.load_board(sid, activity_details=False)
    assert len(full.activities) == 2 and lean.activities == _stripped(full.activities)
    assert lean.activities[1].timestamp.utcoffset() == EAST.utcoffset(None)


def test_lean_load_holds_activities_as_columns_and_reads_odd_rows(db: Store) -> None:
    from connectors.columns import columns_of

    sid = db.source("jira", "p", "P")
    acts = [act(1, T0 + timedelta(seconds=s), id=f"a{s}") for s in range(3)]
    db.save_page(sid, [item(1)], acts)
    lean = db.load_board(sid, activity_details=False)
    columns = columns_of(lean.activities)
    assert columns is not None and not columns.zones  # all in UTC: no datetime kept aside
    # A time written by another tool (no microseconds, another offset): read by Python.
    db._db.execute(
        "UPDATE activities SET timestamp = '2026-10-01T08:00:00+00:00', data = "
        "json_set(data, '$.timestamp', '2026-10-01T10:00:00+02:00'), "
        "written = '2026-10-01T10:00:00+02:00' WHERE activity_id = 'a1'"
    )
    full = db.load_board(sid)
    lean = db.load_board(sid, activity_details=False)
    assert lean.activities == _stripped(full.activities)
    assert [a.timestamp.utcoffset() for a in lean.activities] == [
        a.timestamp.utcoffset() for a in full.activities
    ]
    # A kind this version does not know: the objects path's own error.
    db._db.execute(
        "UPDATE activities SET kind = 'teleported', data = json_set(data, '$.kind', 'teleported')"
    )
    with pytest.raises(ValueError, match="teleported"):
        db.load_board(sid, activity_details=False)


def _commented_board(with_ids: bool, seconds: int) -> Board:
    from connectors.interface import Activity, ActivityKind, Item, Person

    when = datetime(2026, 5, 5, 12, 59, seconds, tzinfo=UTC)
    board = Board("PAY", "Payments", "jira")
    board.items = [Item("jira", "10001", "First", key="PAY-1")]
    board.people = {"u1": Person("u1", "Ann Lee")}
    texts = ["Pulled into this sprint, merchants asked.", "+1", "+1"]
    board.activities = [
        Activity(
            "10001",
            "u1",
            ActivityKind.COMMENTED,
            when.replace(minute=59 - n) if n < 2 else when.replace(minute=57) + timedelta(hours=1),
            text=text,
            id=f"comment:{n}" if with_ids else None,
        )
        for n, text in enumerate(texts)
    ]
    return board


@pytest.mark.parametrize("first_json", [True, False], ids=["json then csv", "csv then json"])
def test_one_comment_from_two_exports_is_stored_once(db: Store, first_json: bool) -> None:
    """A project's JSON export (comment ids, seconds) and its CSV export (no ids, minutes)."""
    json_board, csv_board = _commented_board(True, 21), _commented_board(False, 0)
    for board in (json_board, csv_board) if first_json else (csv_board, json_board):
        sid = db.import_board(board)
    stored = db.load_board(sid).activities
    assert len(stored) == 3  # the two "+1" an hour apart are two comments, each stored once
    assert sorted(a.id for a in stored) == ["comment:0", "comment:1", "comment:2"]
    db.import_board(csv_board)  # again: nothing doubles
    assert len(db.load_board(sid).activities) == 3


def test_items_are_read_as_the_reference_decoder_reads_them() -> None:
    # The fast item reader (msgspec) must give what _from_json gives for every row a store may
    # hold: rows this version writes, and odd ones (fields of other versions, an empty date, a
    # value of another type) which msgspec refuses and the reference path reads.
    import json
    import random

    from connectors.store.codec import _from_json, _items_from_rows

    rng = random.Random(11)
    zones = [None, UTC, timezone(timedelta(hours=-5)), timezone(timedelta(hours=5, minutes=30))]

    def when() -> datetime | None:
        zone = rng.choice(zones)
        base = datetime(rng.choice([1901, 2026, 2199]), 3, 4, 5, 6, 7, rng.choice([0, 120]))
        return rng.choice([None, base.replace(tzinfo=zone)])

    rows = []
    for n in range(200):
        it = Item(
            source=rng.choice(["jira", "trello"]),
            id=str(n),
            title=rng.choice(["t", "é 😀", 'a "q"']),
            key=rng.choice([None, f"P-{n}"]),
            description=rng.choice(["", "line\nbreak"]),
            status=rng.choice([None, "Done", "In Progress"]),
            labels=rng.choice([[], ["a", "b"]]),
            created=when(),
            updated=when(),
            resolved=when(),
            due=when(),
            hierarchy_level=rng.choice([None, -1, 0, 1]),
            closed=rng.choice([True, False]),
            custom_fields=rng.choice([{}, {"z": "1"}]),
            assignee=rng.choice([None, "u1", "u2"]),
        )
        rows.append(store_mod._to_json(it))
    odd = json.loads(rows[0])
    rows += [
        json.dumps({**odd, "retired_field": 3}),  # a field of another version: dropped
        json.dumps({**odd, "created": ""}),  # an empty date: None
        json.dumps({**odd, "hierarchy_level": "1"}),  # another type: kept as the old path does
        json.dumps({k: v for k, v in odd.items() if k not in ("labels", "closed")}),  # defaults
    ]
    shared: dict = {}
    got = _items_from_rows(((n, str(n), row, 0) for n, row in enumerate(rows)), shared, None, None)[
        0
    ]
    reference = [_from_json(Item, row) for row in rows]
    assert got == reference

    def offsets(items: list[Item]) -> list:  # equal instants may differ in zone: compare those
        return [[d and (d.tzinfo, d.utcoffset()) for d in (i.created, i.due)] for i in items]

    assert offsets(got) == offsets(reference)
    done = [i.status for i in got if i.status == "Done"]
    assert len(done) > 1 and all(s is done[0] for s in done)  # one str per repeated value
    with pytest.raises(ValueError):
        _items_from_rows([(1, "x", "{not json", 0)], shared, None, None)


def test_a_board_loads_with_the_cyclic_collector_paused(
    db: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc

    from connectors.store import reading

    seen: list[bool] = []
    real = reading._items_from_rows

    def rows_seen(rows, *args):  # the collector's state as each row is read
        return real((seen.append(gc.isenabled()) or row for row in rows), *args)

    monkeypatch.setattr(reading, "_items_from_rows", rows_seen)
    sid = db.source("jira", "k", "n")
    db.save_page(sid, [item(1), item(2)], [act(1, id="a")])
    assert gc.isenabled()
    db.load_board(sid, activity_details=False)
    assert seen == [False, False] and gc.isenabled()  # paused while reading, then back on


def test_a_store_in_another_zone_keeps_its_times_compactly_and_checks_their_years(
    db: Store,
) -> None:
    # A Jira in +02:00 stores one written time per activity: the lean read keeps them as Zones
    # (arrays, not a datetime each), reads each back in its own zone, and a time outside the
    # years a report reads (2200, as written in +02:00, though 2199 in UTC) is left out and
    # counted as a scan of the export would.
    from connectors.columns import Zones, columns_of
    from connectors.mapping.clean import clean_board

    paris = timezone(timedelta(hours=2))
    acts = [act(1, (T0 + timedelta(hours=n)).astimezone(paris), id=f"p{n}") for n in range(50)]
    acts.append(act(1, datetime(2200, 1, 1, 1, 0, tzinfo=paris), id="late"))
    acts.append(act(1, T0.replace(tzinfo=None) + timedelta(days=3), id="naive"))
    acts.append(act(1, T0 + timedelta(days=4), id="utc"))
    sid = db.source("jira", "k", "n")
    db.save_page(sid, [item(1)], acts)
    full = db.load_board(sid)
    lean = db.load_board(sid, activity_details=False)
    columns = columns_of(lean.activities)
    assert isinstance(columns.zones, Zones) and len(columns.zones) == 52  # all but the UTC one
    assert lean.activities == _stripped(full.activities)
    assert [a.timestamp.isoformat() for a in lean.activities] == [
        a.timestamp.isoformat() for a in full.activities
    ]
    clean_board(lean, details=False)
    assert len(lean.activities) == 52 and all(a.timestamp.year < 2200 for a in lean.activities)
    assert not lean.skipped and "left out" in lean.skipped_parts[-1]  # activities, no record


@pytest.mark.parametrize("plain", [True, False], ids=["sorted by numpy", "sorted by SQLite"])
def test_the_lean_read_orders_by_time_then_saved_order_across_chunks(
    db: Store, monkeypatch: pytest.MonkeyPatch, plain: bool
) -> None:
    # The lean read sorts by (UTC time, rowid) itself when every stored time is UTC as this tool
    # writes it, else lets SQLite sort the texts: either way the order of the full read.
    import random

    monkeypatch.setattr(Store, "_CHUNK", 7)  # many chunks
    rng = random.Random(5)
    paris = timezone(timedelta(hours=2))
    acts = []
    for n in range(120):
        when = T0 + timedelta(minutes=rng.randrange(12))  # many ties
        if n % 5 == 0:
            when = when.astimezone(paris)  # the same instant, written in +02:00
        acts.append(
            Activity(
                str(n % 9), rng.choice(["u1", "u2", None]), ActivityKind.MOVED, when, id=f"{n}"
            )
        )
    sid = db.source("jira", "k", "n")
    for page in range(0, 120, 40):
        db.save_page(sid, [item(i) for i in range(9)], acts[page : page + 40])
    if not plain:  # a time written by another tool (no microseconds): not fixed width
        db._db.execute(
            "UPDATE activities SET timestamp = '2026-10-01T09:05:00+00:00', written = NULL, "
            "data = json_set(data, '$.timestamp', '2026-10-01T09:05:00+00:00') "
            "WHERE activity_id = '7'"
        )
    full = db.load_board(sid)
    lean = db.load_board(sid, activity_details=False)
    assert [a.id for a in full.activities] != [a.id for a in acts]  # reordered by time
    assert lean.activities == _stripped(full.activities)
    assert [a.timestamp.isoformat() for a in lean.activities] == [
        a.timestamp.isoformat() for a in full.activities
    ]


def _lean_columns(db: Store, sid: int, windows: bool, monkeypatch: pytest.MonkeyPatch):
    from connectors.columns import columns_of

    monkeypatch.setattr(Store, "_WINDOWS", windows)
    board = db.load_board(sid, activity_details=False)
    return board, columns_of(board.activities)


def _same_columns(a, b) -> None:
    import numpy as np

    assert a is not None and b is not None
    for name in ("item", "actor", "kind", "field", "when"):
        assert np.array_equal(getattr(a, name), getattr(b, name)), name
    assert (a.item_ids, a.actor_ids, a.fields) == (b.item_ids, b.actor_ids, b.fields)
    assert dict(a.zones.items()) == dict(b.zones.items())


@pytest.mark.parametrize("window", [1, 5, 64, 1 << 14])
def test_the_window_read_gives_the_row_reads_columns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, window: int
) -> None:
    """Each column of a window of rows read as one text (group_concat) gives what the row-by-row
    read gives (kept as the reference): two sources interleaved, activities of items not
    stored, rows without actor, times written in other zones or none, ties, every kind."""
    import random

    from connectors.store import _columns

    monkeypatch.setattr(_columns, "WINDOW", window)
    rng = random.Random(3)
    paris, naive = timezone(timedelta(hours=2)), None
    db = Store(tmp_path / "s.sqlite")
    sids = [db.source("jira", "a", "A"), db.source("trello", "b", "B")]
    for page in range(6):
        for sid in sids:
            acts = []
            for n in range(40):
                when = T0 + timedelta(minutes=rng.randrange(30), microseconds=rng.randrange(3))
                zone = rng.choice([UTC, UTC, UTC, paris, naive])
                when = when.replace(tzinfo=None) if zone is None else when.astimezone(zone)
                acts.append(
                    Activity(
                        str(rng.randrange(12)),  # items 10 and 11 are never stored
                        rng.choice(["u1", "u2", "ü3", None, ""]),
                        rng.choice(list(ActivityKind)),
                        when,
                        id=f"{sid}-{page}-{n}",
                    )
                )
            db.save_page(sid, [item(i) for i in range(10)], acts)
    for sid in sids:
        full = db.load_board(sid)
        rows_board, rows = _lean_columns(db, sid, False, monkeypatch)
        with monkeypatch.context() as patch:  # the windows alone read it
            patch.setattr(Store, "_lean_rows", None)
            windows_board, windows = _lean_columns(db, sid, True, monkeypatch)
        _same_columns(windows, rows)
        assert windows_board.activities == _stripped(full.activities)
        assert windows_board.items == rows_board.items == full.items
        assert (windows_board.id, windows_board.name) == (full.id, full.name) != (None, None)
    db.close()


def test_the_window_read_walks_only_the_requested_sources_windows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The windows read are those holding a row of the requested source, from its index: not
    every other source's rows (saved in turn, one after another, or between two syncs of the
    same board). Each source's report is the report of the row-by-row read (the reference)."""
    import hashlib
    import random

    from analyzer import local_store
    from analyzer.formats import get_format
    from connectors.store import _columns

    monkeypatch.setattr(_columns, "WINDOW", 8)
    rng = random.Random(8)
    titles = ["Define the pricing strategy", "Fix login bug", "Roadmap for Q3", "Update copy"]
    db = Store(tmp_path / "s.sqlite")
    one, two, after = (db.source("jira", k, k.upper()) for k in ("a", "b", "c"))

    def save(sid: int, page: int, n: int) -> None:
        items = [item(i, titles[(i + sid) % 4]) for i in range(6)]
        acts = [
            Activity(
                str(rng.randrange(6)),
                rng.choice(["u1", "u2", "u3"]),
                rng.choice(list(ActivityKind)),
                T0 + timedelta(hours=rng.randrange(500)),
                id=f"{sid}-{page}-{k}",
            )
            for k in range(n)
        ]
        db.save_page(sid, items, acts)

    for page in range(4):  # two boards' pages in turn
        save(one, page, 5)
        save(two, page, 5)
    save(after, 0, 30)  # a board saved after them
    save(one, 9, 20)  # a later sync of the first: a gap of other boards' rows in its range
    every = db._db.execute("SELECT max(rowid) / 8 + 1 FROM activities").fetchone()[0]
    statements: list[str] = []
    db._db.set_trace_callback(statements.append)
    for sid in (one, two, after):
        rowids = [r for (r,) in db._db.execute(
            "SELECT rowid FROM activities WHERE +source_id = ?", (sid,)
        )]  # fmt: skip
        holding = sorted({r // 8 * 8 for r in rowids})
        assert _columns.source_windows(db._db, sid) == holding
        statements.clear()
        db.load_board(sid, activity_details=False)
        read = [s for s in statements if "group_concat(a.item_id" in s]
        assert len(read) == len(holding) < every  # one query a window, only these windows
        if sid == after:  # saved in one go: its rows are one run of rowids
            assert len(holding) <= len(rowids) // 8 + 2
    db._db.set_trace_callback(None)
    db.close()

    def report(sid: int, windows: bool) -> bytes:
        with monkeypatch.context() as patch:
            patch.setattr(Store, "_WINDOWS", windows)
            if windows:  # the windows alone read it
                patch.setattr(Store, "_lean_rows", None)
            got = local_store.report_from_store(
                tmp_path / "s.sqlite", [str(sid)], keep_history=False
            )
        got.generated_at = T0  # (two reports made a second apart are otherwise the same)
        return get_format("json").render(got).encode()

    for sid in (one, two, after):
        windows, rows = report(sid, True), report(sid, False)
        assert (
            len(windows) > 1000
            and hashlib.sha256(windows).digest() == hashlib.sha256(rows).digest()
        )


@pytest.mark.parametrize(
    "odd",
    [
        "UPDATE activities SET actor_id = 'u' || char(31) || 'x' WHERE rowid = 3",
        "UPDATE activities SET item_id = '1' || char(31) WHERE rowid = 2",
        "UPDATE activities SET kind = NULL WHERE rowid = 4",
        "UPDATE activities SET timestamp = '2026-10-01T09:05:00+00:00' WHERE rowid = 5",
        "UPDATE activities SET timestamp = '2026-10-01T09:05:00.0000000+00:00' WHERE rowid = 5",
        "UPDATE activities SET timestamp = '2026-13-01T09:05:00.000000+00:00' WHERE rowid = 5",
    ],
    ids=["separator in an actor", "separator in an item id", "no kind", "short time",
         "long time", "month 13"],
)  # fmt: skip
def test_rows_the_window_read_cannot_be_sure_of_are_read_one_by_one(
    db: Store, monkeypatch: pytest.MonkeyPatch, odd: str
) -> None:
    sid = db.source("jira", "k", "n")
    acts = [act(n % 3, T0 + timedelta(seconds=n), id=f"a{n}") for n in range(8)]
    db.save_page(sid, [item(0), item(1), item(2)], acts)
    db._db.execute(odd)
    calls = []
    real = Store._lean_rows

    def counted(self, *args, **kwargs):
        calls.append(kwargs)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Store, "_lean_rows", counted)
    if "2026-13" in odd:  # the rows read one by one say what is wrong, as before
        with pytest.raises(ValueError):
            db.load_board(sid, activity_details=False)
        return
    rows_board, rows = _lean_columns(db, sid, False, monkeypatch)
    calls.clear()
    windows_board, windows = _lean_columns(db, sid, True, monkeypatch)
    assert calls  # the window read gave up
    assert windows_board.activities == rows_board.activities
    if rows is not None:
        _same_columns(windows, rows)


def test_the_window_read_checks_every_time_character_by_character() -> None:
    from connectors.store._columns import _stamps

    good = "2026-10-01T09:05:00.123456+00:00"
    assert _stamps(",".join([good, good]), 2).tolist() == [1790845500123456] * 2
    # two times of 31 and 33 characters: the same total length, the commas elsewhere
    assert _stamps(",".join([good[:-1], good + "0"]), 2) is None
    for bad in (
        "2026-10-01T09:05:00.12345a+00:00",
        "2026-10-01T09:05:00.123456+02:00",
        "2026-10-01 09:05:00.123456+00:00",
        "2026-10-01T09:05:00.123456+00:0é",
    ):
        assert _stamps(bad, 1) is None, bad  # fmt: skip


def test_a_reports_own_board_shares_one_empty_list_and_dict(
    db: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``shared_empty``: the items are what a plain load gives, but every empty list field is
    one list and every empty dict one dict (per board: another load shares nothing with it);
    ``report --db`` loads its own board so, a library's ``load_from_store`` does not."""
    from analyzer import local_store

    sid = db.source("jira", "k", "n")
    db.save_page(
        sid,
        [item(1), item(2, labels=["x"], components=["api"]), item(3, custom_fields={"f": "v"})],
        [act(1, id="a")],
    )
    plain = db.load_board(sid, activity_details=False)
    lean = db.load_board(sid, activity_details=False, shared_empty=True)
    assert lean.items == plain.items and lean.activities == plain.activities
    empties = {
        id(getattr(it, name))
        for it in lean.items
        for name in ("labels", "checklist_items", "members", "components", "fix_versions")
        if not getattr(it, name)
    }
    assert len(empties) == 1
    assert len({id(it.custom_fields) for it in lean.items if not it.custom_fields}) == 1
    assert lean.items[1].labels == ["x"] and lean.items[1].labels is not lean.items[0].labels
    again = db.load_board(sid, activity_details=False, shared_empty=True)
    assert again.items[0].labels is not lean.items[0].labels  # nothing shared across loads
    assert len({id(it.labels) for it in plain.items}) == 3  # the default: each item its own

    seen: list[bool] = []
    real = Store.load_board

    def spy(self, *args, **kwargs):
        seen.append(kwargs.get("for_report", False) or kwargs.get("shared_empty", False))
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Store, "load_board", spy)
    local_store.report_from_store(db.path, keep_history=False)
    assert local_store.load_from_store(db.path).items == plain.items
    local_store.reports_by_board(db.path)
    assert seen == [True, False, True]


def test_a_reports_own_board_shares_label_lists_and_leaves_the_rank_out(
    db: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``for_report``: the items are what a plain load gives but for ``rank`` (None: no report
    reads it); items with the same labels share one list (per board), empties are shared too;
    a library's load keeps every item's own lists and its rank."""
    from analyzer import local_store

    sid = db.source("jira", "k", "n")
    db.save_page(
        sid,
        [
            item(1, labels=["x", "y"], rank="0|a"),
            item(2, labels=["x", "y"], rank="0|b"),
            item(3, labels=["y", "x"]),
            item(4),
            item(5, labels=["x"], components=["api"]),
        ],
        [act(1, id="a")],
    )
    plain = db.load_board(sid, activity_details=False)
    lean = db.load_board(sid, activity_details=False, for_report=True)
    assert [it.rank for it in plain.items][:2] == ["0|a", "0|b"]
    assert all(it.rank is None for it in lean.items)
    for it in plain.items:
        it.rank = None
    assert lean.items == plain.items and lean.activities == plain.activities
    one, two, three, four, five = lean.items
    assert one.labels is two.labels and one.labels is not three.labels  # the order counts
    assert four.labels is four.members is five.members  # the empties, shared as shared_empty
    again = db.load_board(sid, activity_details=False, for_report=True)
    assert again.items[0].labels is not one.labels  # nothing shared across loads
    assert plain.items[0].labels is not plain.items[1].labels
    # the report reads the same either way
    monkeypatch.setattr(local_store, "select_boards", _select_plain(local_store.select_boards))
    report = local_store.report_from_store(db.path, keep_history=False)
    monkeypatch.undo()
    lean_report = local_store.report_from_store(db.path, keep_history=False)
    assert lean_report.items == report.items and lean_report.flags == report.flags


def _select_plain(select):
    def plain(store, selectors, *, own=False):
        return select(store, selectors, own=False)

    return plain


def test_a_boards_items_are_read_in_saved_order_without_a_temporary_sort(db: Store) -> None:
    """Items come back in the order they were first saved, each source its own, also when the
    sources' pages were saved in turn; the read walks the source's rowid range of the table
    (no sort of every row and its JSON in a temporary B-tree, as the index by fetch time made)."""
    one, two, empty = (
        db.source("jira", "a", "A"),
        db.source("jira", "b", "B"),
        db.source("jira", "c", "C"),
    )
    db.save_page(one, [item(5), item(1)], [])
    db.save_page(two, [item(9), item(2)], [])
    db.save_page(one, [item(3)], [])
    db.save_page(two, [item(7)], [])
    db.save_page(one, [item(1, title="again")], [])  # saved again: keeps its place
    assert [it.id for it in db.load_board(one).items] == ["5", "1", "3"]
    assert db.load_board(one).items[1].title == "again"
    assert [it.id for it in db.load_board(two, for_report=True).items] == ["9", "2", "7"]
    assert db.load_board(empty).items == []

    statements: list[str] = []
    db._db.set_trace_callback(statements.append)
    try:
        db.load_board(one, activity_details=False)
    finally:
        db._db.set_trace_callback(None)
    (read,) = [s for s in statements if "data AS BLOB), removed FROM items" in s]
    plan = " ".join(str(row) for row in db._db.execute("EXPLAIN QUERY PLAN " + read))
    assert "TEMP B-TREE" not in plan and "PRIMARY KEY" in plan
