"""_backlog_analyzer_runtime.gc_pause: the one switch every bulk stage uses."""

from __future__ import annotations

import gc

import pytest

from _backlog_analyzer_runtime.gc_pause import collector_paused


@pytest.fixture
def collector_on():
    was = gc.isenabled()
    gc.enable()
    yield
    (gc.enable if was else gc.disable)()


def test_paused_in_the_block_back_on_after_also_on_errors(collector_on) -> None:
    with collector_paused() as collect:
        assert not gc.isenabled()
        assert collect is gc.collect  # the caller had it on: a real "collect now"
        with collector_paused() as inner:
            assert not gc.isenabled()
            inner()  # paused by the caller: a no-op, and the collector stays paused
            assert not gc.isenabled()
        assert not gc.isenabled()  # the inner block does not switch it back on
    assert gc.isenabled()
    with pytest.raises(KeyError), collector_paused():
        raise KeyError("x")
    assert gc.isenabled()


def test_a_collector_switched_off_by_the_caller_stays_off(collector_on) -> None:
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
