"""connectors._http.prefetch: pages in order, one request in flight, errors at their page,
early stop."""

from __future__ import annotations

import threading

import pytest

from connectors._http.prefetch import pages


def _listing(n: int, fail_at: int | None = None):
    in_flight, most, asked = [0], [0], []
    lock = threading.Lock()

    def fetch(cursor: int) -> list[int]:
        with lock:
            in_flight[0] += 1
            most[0] = max(most[0], in_flight[0])
        asked.append(cursor)
        try:
            if cursor == fail_at:
                raise RuntimeError(f"page {cursor} failed")
            return [cursor * 10 + i for i in range(3)]
        finally:
            with lock:
                in_flight[0] -= 1

    def following(cursor: int, page: list[int]) -> int | None:
        return cursor + 1 if cursor + 1 < n else None

    return fetch, following, most, asked


def test_pages_come_in_order_with_their_next_cursor_and_one_request_at_a_time() -> None:
    fetch, following, most, asked = _listing(6)
    got = list(pages(0, fetch, following))
    assert [c for c, _, _ in got] == [0, 1, 2, 3, 4, 5]
    assert [n for _, _, n in got] == [1, 2, 3, 4, 5, None]
    assert got[2][1] == [20, 21, 22]
    assert asked == [0, 1, 2, 3, 4, 5] and most[0] == 1


def test_an_error_comes_at_its_page_after_every_page_before_it() -> None:
    fetch, following, _, _ = _listing(6, fail_at=3)
    seen = []
    with pytest.raises(RuntimeError, match="page 3 failed"):
        for cursor, _, _ in pages(0, fetch, following):
            seen.append(cursor)
    assert seen == [0, 1, 2]


def test_stopping_early_stops_the_fetching() -> None:
    fetch, following, _, asked = _listing(1000)
    walk = pages(0, fetch, following)
    for cursor, _, _ in walk:
        if cursor == 1:
            break
    walk.close()
    for thread in threading.enumerate():
        if thread.name == "prefetch":
            thread.join(timeout=1)
    assert len(asked) <= 4  # the page in hand, at most one waiting and one being fetched


def test_a_generator_never_iterated_fetches_nothing() -> None:
    fetch, following, _, asked = _listing(3)
    pages(0, fetch, following)
    assert asked == []
