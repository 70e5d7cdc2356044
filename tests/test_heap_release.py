"""A scan gives its freed descriptions' pages back to the system once its items are classified
(glibc's malloc_trim); elsewhere that is a no-op."""

from __future__ import annotations

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
