"""A scan gives its freed descriptions' pages back to the system once its items are classified
(glibc's malloc_trim); elsewhere that is a no-op."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pytest

import analyzer.pipeline as pipeline
from _backlog_analyzer_runtime import heap
from analyzer.local_store import import_file, report_from_store
from analyzer.pipeline import read_board, scan_board, scan_file

FIXTURES = Path(__file__).parent / "fixtures"


def test_release_is_done_where_glibc_has_it_and_a_no_op_elsewhere(monkeypatch) -> None:
    import ctypes.util

    expected = heap._malloc_trim() is not None  # glibc (Linux) has it; macOS and Windows do not
    assert heap.release_free_memory() is expected
    assert heap.release_free_memory() is expected  # as often as wanted
    monkeypatch.setattr(heap, "_TRIM", False)
    monkeypatch.setattr(ctypes.util, "find_library", lambda name: None)  # no C library found
    assert heap.release_free_memory() is False
    monkeypatch.setattr(heap, "_TRIM", False)
    monkeypatch.setattr(ctypes.util, "find_library", lambda name: "/no/such/libc.so.6")
    assert heap.release_free_memory() is False


@pytest.fixture
def releases(monkeypatch) -> list[int]:
    calls: list[int] = []
    monkeypatch.setattr(pipeline, "release_free_memory", lambda: calls.append(1) or True)
    return calls


def test_a_scans_own_board_is_released_once_after_classifying(releases, tmp_path) -> None:
    export = FIXTURES / "jira_search_v2.json"
    first = scan_file(export)
    assert releases == [1, 1]  # after the read (its decoding's leftovers), after classifying
    import_file(export, db=tmp_path / "s.sqlite")
    report_from_store(tmp_path / "s.sqlite", keep_history=False)
    assert releases == [1, 1, 1]
    # a board a library user loaded (descriptions kept) has nothing freed to give back once
    # classified: only its read's leftovers
    report = scan_board(read_board(export))
    assert releases == [1, 1, 1, 1]
    assert report.summary.items.total == first.summary.items.total


def test_a_big_scan_returns_the_forgotten_descriptions_now_and_then(releases, monkeypatch):
    """Every ``_RELEASE_EVERY`` chunks of forgotten descriptions, before the last: here chunks
    of 2 items, every 2 chunks, 6 items classified 1 at a time -> once at 4 items, then after
    the read and after classifying as always; the report is the same."""
    export = FIXTURES / "roles3_trello_board.json"
    plain = scan_file(export)
    releases.clear()
    classify = pipeline.classify_items
    monkeypatch.setattr(pipeline, "classify_items", partial(classify, batch_size=1))
    monkeypatch.setattr(pipeline, "EVIDENCE_CHUNK", 2)
    monkeypatch.setattr(pipeline, "_RELEASE_EVERY", 2)
    report = scan_file(export)
    assert len(releases) == 3  # the read's, one while classifying, after classifying
    assert report.summary == plain.summary and report.items == plain.items
