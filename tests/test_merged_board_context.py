"""A combined report (several boards merged: ``report --db`` of a store, ``scan jira A,B``) reads
each board's items with that board's own context — its EM prior, common words and parents — as
when the board is reported alone (session 26). Before, the mixture was read as one board: a
board of a few strategic cards beside a large delivery board read none of them strategic."""

from __future__ import annotations

from pathlib import Path

import pytest

from analyzer.local_store import report_from_store
from analyzer.options import ScanOptions
from analyzer.pipeline import classify_items, load_role_model, scan_board
from connectors.interface import Board, Item
from connectors.merge import merge_boards
from connectors.store import Store

#: Product questions a small roadmap board asks (read strategic on that board alone, and
#: tactical in a mixture with 700 delivery tickets before session 26).
QUESTIONS = [
    "Metrics for trial experience",
    "Explore pricing tiers for teams",
    "Onboarding survey results",
]
DELIVERY = [
    "Fix null pointer in login handler",
    "Bump dependency versions in build",
    "Add unit tests for parser",
    "Refactor database connection pool",
    "Fix typo on settings page",
    "Update CI pipeline cache key",
    "Fix flaky integration test",
    "Rename variable in payment module",
]


def _roadmap() -> Board:
    """A Jira roadmap project whose ids collide with the delivery project's (so a merge renames
    them when it comes second)."""
    titles = QUESTIONS + [DELIVERY[n % len(DELIVERY)] for n in range(25)]
    items = [
        Item(
            "jira", str(1000 + n), title, key=f"ROAD-{n}", url=f"https://a.example/browse/ROAD-{n}"
        )
        for n, title in enumerate(titles)
    ]
    return Board("road", "Roadmap", "jira", items=items, origin="roadmap.csv")


def _delivery(count: int = 700) -> Board:
    items = [
        Item(
            "jira", str(1000 + n), f"{DELIVERY[n % len(DELIVERY)]} {n}", key=f"DEV-{n}", type="Bug"
        )
        for n in range(count)
    ]
    return Board("dev", "Delivery", "jira", items=items, origin="delivery.csv")


def _readings(report) -> dict[str, tuple[str, float]]:
    return {item.ref: (item.label, item.confidence) for item in report.items}


def _same(got: tuple[str, float], expected: tuple[str, float]) -> None:
    assert got[0] == expected[0]
    assert got[1] == pytest.approx(expected[1], abs=1e-9)


def _store(path: Path, boards: list[Board]) -> Path:
    with Store(path) as store:
        for board in boards:
            sid = store.source(board.source, board.id, board.name, origin=board.origin)
            store.save_page(sid, board.items, [])
    return path


def test_each_board_keeps_the_reading_it_has_alone(tmp_path: Path) -> None:
    alone = _readings(scan_board(_roadmap()))
    delivery = _readings(scan_board(_delivery()))
    assert [alone[f"ROAD-{n}"][0] for n in range(3)] == ["strategic"] * 3
    combined = report_from_store(_store(tmp_path / "s.sqlite", [_delivery(), _roadmap()]))
    both = _readings(combined)
    for key, reading in alone.items():  # the strategic questions too (tactical on main)
        _same(both[key], reading)
    for key, reading in delivery.items():
        _same(both[key], reading)
    # the combined numbers are the sum of the boards' own
    assert combined.summary.items.count("strategic") == sum(
        label == "strategic" for label, _ in [*alone.values(), *delivery.values()]
    )
    # the roadmap's ids collided with the delivery project's: renamed, and still its own items
    renamed = {item.ref: item.id for item in combined.items}
    assert renamed["ROAD-0"] == "1:1000" and renamed["DEV-0"] == "1000"


def test_a_merged_board_counts_each_boards_items() -> None:
    merged = merge_boards([_roadmap(), _delivery(5)])
    assert merged.parts == [28, 5]
    again = merge_boards([merged, Board("x", "X", "trello", items=[Item("trello", "c", "Card")])])
    assert again.parts == [28, 5, 1]  # a merged board's parts stay parts


def test_a_single_board_is_read_as_before() -> None:
    board = _roadmap()
    assert merge_boards([board]) is board and board.parts == []
    model, _ = load_role_model()
    heard: list[float | None] = []
    plain = classify_items(board.items, model, on_prior=heard.append)
    one_part = classify_items(board.items, model, parts=[len(board.items)])
    assert [(p.label, p.confidence) for p in plain] == [(p.label, p.confidence) for p in one_part]
    assert len(heard) == 1


def test_the_report_hears_the_boards_shares_once() -> None:
    model, _ = load_role_model()
    road, dev = _roadmap(), _delivery()
    shares: list[float | None] = []
    for board in (road, dev):
        classify_items(board.items, model, on_prior=shares.append)
    heard: list[float | None] = []
    merged = merge_boards([road, dev])
    classify_items(merged.items, model, on_prior=heard.append, parts=merged.parts)
    assert len(heard) == 1  # the items' share: each board's weighed by its items
    assert heard[0] == pytest.approx((28 * shares[0] + 700 * shares[1]) / 728, abs=1e-9)


def test_an_item_on_two_boards_is_read_once_with_the_first(tmp_path: Path) -> None:
    alone = _readings(scan_board(_roadmap()))
    again = _roadmap()  # the same project imported twice (its items the same site's): kept once
    again.id, again.items = "road2", [*again.items[:3], Item("jira", "9", "Plan Q3 launch")]
    merged = merge_boards([_roadmap(), again, _delivery()])
    assert merged.parts == [28, 1, 700]
    both = _readings(scan_board(merged))
    assert len(both) == 729
    for n in range(3):
        _same(both[f"ROAD-{n}"], alone[f"ROAD-{n}"])


def test_corrections_apply_to_a_combined_report(tmp_path: Path) -> None:
    alone = _readings(scan_board(_roadmap()))
    corrections = tmp_path / "corrections.csv"
    corrections.write_text("item,label\nDEV-3,strategic\nROAD-0,tactical\n", encoding="utf-8")
    options = ScanOptions.build(corrections=corrections)
    combined = report_from_store(
        _store(tmp_path / "s.sqlite", [_delivery(), _roadmap()]), None, options
    )
    both = _readings(combined)
    assert both["DEV-3"] == ("strategic", 1.0)
    assert both["ROAD-0"] == ("tactical", 1.0)
    _same(both["ROAD-1"], alone["ROAD-1"])  # the uncorrected question keeps its own reading
    assert any("corrected" in note for note in combined.notes)
