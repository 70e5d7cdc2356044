"""A capped Trello export's note (``Board.history_capped``) survives the two ways a board reaches
a report besides a scan: through the store (``import`` then ``report --db``: the store keeps the
flag, schema 7; an older store without it still opens and reads) and through a merge of several
boards (capped when any source is; the note names that source, with its own dates). Fixtures
are built here (tests/test_trello_capped_history.py makes the export)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from analyzer.cli import app
from analyzer.local_store import load_from_store
from analyzer.pipeline import read_board, scan_board
from connectors.columns import columns_of
from connectors.exports import read_export
from connectors.interface import Activity, ActivityKind, Board, Item
from connectors.merge import merge_boards
from connectors.store import SCHEMA_VERSION, Store
from tests.fakes.old_store import old_schema
from tests.test_trello_capped_history import SAME_DAY_CARD, _export

NOTE = (
    "holds 1000 actions, the most a Trello JSON export keeps: activity before 2024-03-01 is not "
    "in it, though its cards go back to 2019-12-22; activity, people and drift cover only what "
    "it kept (`fetch trello` reads the whole history)."
)


def _capped_notes(board: Board) -> list[str]:
    return [n for n in scan_board(board).notes if "the most a Trello JSON export keeps" in n]


def _jira_board(start: datetime = datetime(2018, 1, 5, tzinfo=UTC)) -> Board:
    """A small whole-history board whose activity begins long before the capped one's."""
    items = [Item(f"J{n}", "jira", key=f"J-{n}", title=f"Issue {n}", created=start) for n in (1, 2)]
    activities = [
        Activity(f"J{n}", "p1", ActivityKind.MOVED, start + timedelta(days=n)) for n in (1, 2)
    ]
    return Board(id="jira-x", name="Jira X", source="jira", items=items, activities=activities)


def _run(*args: object):
    result = CliRunner().invoke(app, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result


# -- the store ----------------------------------------------------------------------------------


def test_the_report_from_the_store_shows_the_scans_note(tmp_path):
    """import then report --db: the same note as a scan of the file, word for word."""
    path = _export(tmp_path, 1000)
    db = tmp_path / "s.sqlite"
    _run("import", path, "--db", db)
    scanned = _capped_notes(read_board(path, activity_details=False))
    assert scanned == ["The export " + NOTE]
    assert _capped_notes(load_from_store(db)) == scanned
    out = tmp_path / "r.json"
    _run("report", "--db", db, "--format", "json", "-o", out)
    assert [n for n in json.loads(out.read_text())["notes"] if "1000 actions" in n] == scanned


def test_the_store_keeps_the_flag_and_a_whole_export_or_a_fetch_clears_it(tmp_path):
    with Store(tmp_path / "s.sqlite") as store:
        sid = store.import_board(read_export(_export(tmp_path, 1000)))
        assert store.load_board(sid).history_capped == 1000
        assert store.load_board(sid, activity_details=False, for_report=True).history_capped == 1000
        again = store.import_board(read_export(_export(tmp_path, 999)))  # the whole history
        assert again == sid and store.load_board(sid).history_capped is None
    with Store(tmp_path / "fetched.sqlite") as store:
        sid = store.import_board(read_export(_export(tmp_path, 1000)))
        store.whole_history(sid)  # what a completed `fetch trello` of the board does
        assert store.load_board(sid).history_capped is None


def _later(path: Path, minutes: int) -> Path:
    """The same export with every action ``minutes`` later (a newer export of the board; its
    actions are a minute apart)."""
    board = json.loads(path.read_text(encoding="utf-8"))
    for action in board["actions"]:
        when = datetime.fromisoformat(action["date"].replace("Z", "+00:00"))
        action["date"] = (when + timedelta(minutes=minutes)).isoformat().replace("+00:00", "Z")
        action["id"] = f"{minutes:06x}" + action["id"][6:]
    later = path.with_name(f"later-{minutes}.json")
    later.write_text(json.dumps(board), encoding="utf-8")
    return later


def test_a_capped_export_joining_a_stored_whole_history_keeps_it_whole(tmp_path):
    """A whole history is stored (a whole export here; a completed fetch likewise): a newer
    capped export whose oldest action is not after the newest stored one leaves no gap, so the
    report does not say activity is missing."""
    with Store(tmp_path / "s.sqlite") as store:
        sid = store.import_board(read_export(_export(tmp_path, 999)))
        store.import_board(read_export(_later(_export(tmp_path, 1000), 0)))
        assert store.load_board(sid).history_capped is None
        store.import_board(read_export(_later(_export(tmp_path, 1000), 500)))  # overlaps it still
        assert store.load_board(sid).history_capped is None


def test_a_capped_export_after_a_gap_or_a_capped_one_is_still_capped(tmp_path):
    """Actions that begin after the newest stored one leave a gap; a capped store stays capped."""
    with Store(tmp_path / "gap.sqlite") as store:
        sid = store.import_board(read_export(_export(tmp_path, 999)))
        store.import_board(read_export(_later(_export(tmp_path, 1000), 2000)))
        assert store.load_board(sid).history_capped == 1000
    with Store(tmp_path / "twice.sqlite") as store:
        sid = store.import_board(read_export(_export(tmp_path, 1000)))
        store.import_board(read_export(_later(_export(tmp_path, 1000), 0)))
        assert store.load_board(sid).history_capped == 1000


def test_an_uncapped_import_stores_no_flag(tmp_path):
    with Store(tmp_path / "s.sqlite") as store:
        sid = store.import_board(read_export(_export(tmp_path, 10)))
        row = store._db.execute("SELECT history_capped FROM sources WHERE id = ?", (sid,))
        assert row.fetchone() == (None,)
        assert store.load_board(sid).history_capped is None


def _version_6_store(path: Path) -> None:
    """A store as schema 6 left it (no history_capped column), holding one source."""
    raw = old_schema(path, 6)
    raw.execute(
        "INSERT INTO sources (id, kind, key, name, created_at) VALUES (1, 'trello', 'b', 'B', 'x')"
    )
    raw.execute("INSERT INTO sync_state (source_id) VALUES (1)")
    raw.commit()
    raw.close()


def test_an_older_store_without_the_column_opens_reads_and_keeps_it_after(tmp_path):
    path = tmp_path / "old.sqlite"
    _version_6_store(path)
    with Store(path) as store:
        assert store.schema_version == SCHEMA_VERSION == 9
        columns = {r[1] for r in store._db.execute("PRAGMA table_info(sources)")}
        assert "history_capped" in columns
        assert store.load_board(1).history_capped is None  # what it held: no flag
        sid = store.import_board(read_export(_export(tmp_path, 1000)))
    assert _capped_notes(load_from_store(path, [str(sid)])) == ["The export " + NOTE]


# -- merged boards ------------------------------------------------------------------------------


@pytest.mark.parametrize("lean", [False, True], ids=["objects", "columns"])
def test_a_merged_board_is_capped_and_its_note_names_the_capped_source(tmp_path, lean):
    """The other board's activity goes back to 2018: the capped board's own first action
    (2024-03-01) is what its note says, not the merged board's first activity."""
    capped = read_board(_export(tmp_path, 1000), activity_details=not lean, shared_empty=lean)
    other = _jira_board()
    if lean:  # both as columns, the store's report path
        other = _as_columns(other, tmp_path)
        assert columns_of(other.activities) is not None
        assert columns_of(capped.activities) is not None
    merged = merge_boards([other, capped])
    assert merged.history_capped == 1000
    assert [c.board for c in merged.capped_histories] == ["Capped board"]
    assert _capped_notes(merged) == ['The export of "Capped board" ' + NOTE]


def _as_columns(board: Board, tmp_path: Path) -> Board:
    """The board as a report loads it from the store: activities as columns."""
    with Store(tmp_path / "columns.sqlite") as store:
        return store.load_board(store.import_board(board), activity_details=False)


def test_merged_boards_without_a_capped_source_have_no_note(tmp_path):
    merged = merge_boards([_jira_board(), read_board(_export(tmp_path, 999))])
    assert merged.history_capped is None and merged.capped_histories == []
    assert _capped_notes(merged) == []


def test_a_capped_source_whose_cards_are_all_covered_gets_no_note_when_merged(tmp_path):
    capped = read_board(_export(tmp_path, 1000, cards=(SAME_DAY_CARD,)))
    merged = merge_boards([_jira_board(), capped])
    assert merged.history_capped == 1000
    assert _capped_notes(merged) == []


def test_each_capped_source_gets_its_own_note_through_nested_merges(tmp_path):
    first = tmp_path / "one"
    second = tmp_path / "two"
    first.mkdir()
    second.mkdir()
    a = read_board(_export(first, 1000))
    b = read_board(_export(second, 1000))
    b.name, b.id = "Second board", "b2"
    merged = merge_boards([merge_boards([a, _jira_board()]), b])
    assert [c.board for c in merged.capped_histories] == ["Capped board", "Second board"]
    assert _capped_notes(merged) == [
        'The export of "Capped board" ' + NOTE,
        'The export of "Second board" ' + NOTE,
    ]


def test_a_store_report_of_two_sources_names_the_capped_one(tmp_path):
    """report --db over every source: the merged board's note, from the store's flag."""
    db = tmp_path / "s.sqlite"
    with Store(db) as store:
        store.import_board(_jira_board())
        store.import_board(read_export(_export(tmp_path, 1000)))
    out = tmp_path / "r.json"
    _run("report", "--db", db, "--format", "json", "-o", out)
    notes = [n for n in json.loads(out.read_text())["notes"] if "1000 actions" in n]
    assert notes == ['The export of "Capped board" ' + NOTE]


def test_a_completed_fetch_of_an_imported_capped_board_clears_the_flag(tmp_path):
    """`fetch trello` reads the whole history into the imported board's source."""
    from connectors.mapping.trello import map_board_json
    from tests.fakes.trello_server import FakeTrello
    from tests.test_trello_live import board_json, fetch

    data = board_json()
    exported = map_board_json(data)
    exported.history_capped = 1000  # as if the export held Trello's most
    with Store(tmp_path / "s.sqlite") as store:
        sid = store.import_board(exported)
        assert store.load_board(sid).history_capped == 1000
        with FakeTrello([data], rate_limit=None) as fake:
            result = fetch(fake, store, data["shortLink"])
        assert result.boards[0].source_id == sid
        assert store.load_board(sid).history_capped is None


def test_a_capped_sources_first_action_among_naive_and_aware_times():
    """A naive time (read as UTC, as the store's columns keep it) compares with aware ones."""
    from connectors.merge import capped_histories

    board = _jira_board(datetime(2024, 3, 1, 12, tzinfo=UTC))
    naive = datetime(2024, 3, 2, 8)
    board.activities.append(Activity("J1", "p1", ActivityKind.MOVED, naive))
    board.activities.insert(0, Activity("J2", "p1", ActivityKind.MOVED, naive - timedelta(days=5)))
    board.history_capped = 1000
    [capped] = capped_histories(board)
    assert capped.first_activity == naive - timedelta(days=5)
    assert capped.oldest_item == datetime(2024, 3, 1, 12, tzinfo=UTC)
    assert (capped.board, capped.actions) == ("Jira X", 1000)


def test_a_fetch_left_half_done_is_no_whole_history(tmp_path):
    """An interrupted `fetch trello` stored the newest actions only: still capped after."""
    with Store(tmp_path / "half.sqlite") as store:
        sid = store.import_board(read_export(_export(tmp_path, 999)))
        store.begin_sync(sid, "board")  # the fetch that never finished
        store.import_board(read_export(_later(_export(tmp_path, 1000), 0)))
        assert store.load_board(sid).history_capped == 1000
