"""Fetch the next page while the current one is mapped and saved (one request in flight).

:func:`pages` walks a cursor-paged listing on one background thread: as soon as a page arrives
its successor is requested, while the caller maps and saves it on its own thread, in order. At
most one request of the listing is in flight at a time (so its request rate is never higher than
a serial client's), and at most ``ahead`` pages wait unread. An error fetching a page is raised
to the caller at that page, after every page before it; closing the generator early (an error
while saving, Ctrl-C) stops the thread after the request it is waiting for.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

__all__ = ["pages"]

C = TypeVar("C")
P = TypeVar("P")


class _Failed(Generic[C]):
    __slots__ = ("cursor", "error")

    def __init__(self, cursor: C, error: BaseException) -> None:
        self.cursor, self.error = cursor, error


_END = object()


def pages(
    first: C,
    fetch: Callable[[C], P],
    next_cursor: Callable[[C, P], C | None],
    *,
    ahead: int = 1,
) -> Iterator[tuple[C, P, C | None]]:
    """``(cursor, page, next cursor)`` from ``first`` until ``next_cursor`` gives None.

    ``fetch`` and ``next_cursor`` run on the background thread; everything the caller does with
    a page (saving it with its next cursor, progress) stays on the caller's thread.
    """
    out: queue.Queue = queue.Queue(maxsize=max(1, ahead))
    stop = threading.Event()

    def put(value: object) -> bool:
        while not stop.is_set():
            try:
                out.put(value, timeout=0.05)
                return True
            except queue.Full:
                continue
        return False

    def work() -> None:
        cursor: C | None = first
        while cursor is not None and not stop.is_set():
            try:
                page = fetch(cursor)
                following = next_cursor(cursor, page)
            except BaseException as error:  # noqa: BLE001 - handed to the caller's thread
                put(_Failed(cursor, error))
                return
            if not put((cursor, page, following)):
                return
            cursor = following
        put(_END)

    thread = threading.Thread(target=work, name="prefetch", daemon=True)
    thread.start()
    try:
        while True:
            item = out.get()
            if item is _END:
                return
            if isinstance(item, _Failed):
                raise item.error
            yield item
    finally:
        stop.set()
