"""connectors._http.pacing: the one pacer Jira and Trello share (fake clock, one thread)."""

from __future__ import annotations

import threading

import pytest

from connectors._http.pacing import FetchStopped, WindowPacer
from connectors.live.jira import RequestBudget
from connectors.live.trello import shared_limiter
from tests.fakes.clock import FakeClock


def test_jira_and_trello_pace_with_the_same_class():
    assert isinstance(RequestBudget(), WindowPacer)
    assert type(shared_limiter("pacing-test", None)) is WindowPacer


def test_no_limit_never_waits():
    clock = FakeClock()
    pacer = WindowPacer(clock=clock, sleep=clock.sleep)
    for _ in range(1000):
        assert pacer.acquire() == 0.0
    assert pacer.sent == 1000 and pacer.waited == 0.0


def test_a_pause_holds_everyone_but_its_owner():
    clock = FakeClock()
    pacer = WindowPacer(clock=clock, sleep=clock.sleep)
    pacer.pause(5.0, owner=threading.get_ident())
    assert pacer.acquire() == 0.0  # the thread told to wait by the server waits in its retries
    other: list[float] = []
    thread = threading.Thread(target=lambda: other.append(pacer.acquire()))
    thread.start()
    thread.join()
    assert other == [pytest.approx(5.0)]


def test_max_wait_caps_one_wait_and_stop_refuses():
    clock = FakeClock()
    pacer = WindowPacer(1, 60.0, max_wait=2.0, clock=clock, sleep=clock.sleep)
    pacer.acquire()
    pacer.release()
    assert pacer.acquire() == pytest.approx(2.0)  # the window says 60 s; the cap says 2
    pacer.stop()
    with pytest.raises(FetchStopped):
        pacer.acquire()
