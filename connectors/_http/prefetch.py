"""Fetch pages while the caller maps and saves the ones that came (cursor-paged listings).

:func:`pages` walks a cursor-paged listing on one background thread: as soon as a page arrives
its successor is requested, while the caller maps and saves it on its own thread, in order. At
most one request of the listing is in flight at a time (so its request rate is never higher than
a serial client's), and at most ``ahead`` pages wait unread. An error fetching a page is raised
to the caller at that page, after every page before it; closing the generator early (an error
while saving, Ctrl-C) stops the thread after the request it is waiting for.

:func:`ranges` walks several cursor-paged ranges side by side on a few daemon threads (one
request per range, a bounded number in flight; a busy range may be split when workers idle) and
hands each page to the caller with the ranges left to walk, which the caller saves as its cursor.

:func:`in_order` runs a few fetches at once (on a :class:`DaemonPool`) and hands their results back
in the order the tasks came (groups of ids, page offsets), for the caller to save in that order.
"""

from __future__ import annotations

import itertools
import queue
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future
from typing import Any, Generic, TypeVar

__all__ = ["DaemonPool", "in_order", "pages", "ranges"]

C = TypeVar("C")
P = TypeVar("P")
R = TypeVar("R")


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


# -- several cursor-paged ranges at once ---------------------------------------------------------


class _Pool:
    """A few daemon threads running ``fn(arg)``; results come back on one queue, tagged."""

    def __init__(self, workers: int) -> None:
        self.tasks: queue.Queue = queue.Queue()
        self.results: queue.Queue = queue.Queue()
        self.threads = [
            threading.Thread(target=self._work, name=f"fetch-{n}", daemon=True)
            for n in range(workers)
        ]
        for thread in self.threads:
            thread.start()

    def _work(self) -> None:
        while True:
            task = self.tasks.get()
            if task is None:
                return
            tag, fn, arg = task
            try:
                self.results.put((tag, fn(arg), None))
            except BaseException as error:  # noqa: BLE001 - handed to the caller's thread
                self.results.put((tag, None, error))

    def submit(self, tag: object, fn: Callable, arg: object) -> None:
        self.tasks.put((tag, fn, arg))

    def close(self) -> None:
        for _ in self.threads:
            self.tasks.put(None)


def ranges(
    first: Sequence[R],
    fetch: Callable[[R], P],
    advance: Callable[[R, P], R | None],
    *,
    split: Callable[[R, P, int], Sequence[R]] | None = None,
    workers: int = 4,
) -> Iterator[tuple[R, P, list[R]]]:
    """Walk several cursor-paged ranges at once: ``(range, page, open ranges)`` as pages arrive.

    Each range has at most one request in flight and at most ``workers`` are in flight in all
    (``fetch`` runs on daemon threads; the rate limit is the transport's business). When a page
    arrives, ``advance(range, page)`` gives the rest of that range (None: it is done) and, if
    workers would otherwise idle, ``split(rest, page, idle)`` may cut the rest into several
    ranges walked side by side. Everything but ``fetch`` runs on the caller's thread.

    ``open ranges`` is what is left to walk once this page is saved (ranges in flight at their
    position before their request): save it with the page and a run killed at any point resumes
    with :func:`ranges` over it, fetching nothing twice that was saved. At most ``workers``
    pages wait unsaved (a range's next page is asked for when the caller takes its page). An
    error fetching a page is raised at once (pages already yielded are kept); closing the
    generator early stops it, leaving at most ``workers`` requests to finish on their daemon
    threads.
    """
    pool = _Pool(max(1, workers))
    tags = itertools.count()
    todo: dict[int, R] = {}  # range tag -> where it stands, as saved by the caller
    waiting: deque[int] = deque()
    flying = 0

    def launch() -> None:
        nonlocal flying
        while waiting and flying < workers:
            tag = waiting.popleft()
            pool.submit(tag, fetch, todo[tag])
            flying += 1

    for start in first:
        tag = next(tags)
        todo[tag] = start
        waiting.append(tag)
    try:
        launch()
        while flying:
            tag, page, error = pool.results.get()
            flying -= 1
            if error is not None:
                raise error
            done = todo.pop(tag)
            rest = advance(done, page)
            if rest is not None:
                idle = workers - flying - len(waiting) - 1
                parts = split(rest, page, idle) if split is not None and idle > 0 else [rest]
                for part in parts or [rest]:
                    new = next(tags)
                    todo[new] = part
                    waiting.append(new)
            if len(todo) > 1:
                launch()  # several ranges: the next pages are asked for while this one is saved
            yield done, page, list(todo.values())
            # One range: its next page is asked for once this one is saved (a walk killed while
            # waiting for a page has kept the one before).
            launch()
    finally:
        pool.close()


# -- several fetches at once, results in order ---------------------------------------------------


class DaemonPool:
    """A few daemon threads running submitted calls (``concurrent.futures`` joins its threads at
    exit: a request hanging when the user presses Ctrl-C would keep the process alive)."""

    def __init__(self, workers: int, name: str) -> None:
        self._tasks: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._threads = [
            threading.Thread(target=self._run, name=f"{name}-{n}", daemon=True)
            for n in range(max(1, workers))
        ]
        for thread in self._threads:
            thread.start()

    def _run(self) -> None:
        while (task := self._tasks.get()) is not None:
            future, fn, args = task
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(fn(*args))
            except BaseException as error:  # noqa: BLE001 - handed to whoever waits for it
                future.set_exception(error)

    def submit(self, fn: Callable[..., Any], *args: Any) -> Future[Any]:
        future: Future[Any] = Future()
        self._tasks.put((future, fn, args))
        return future

    def shutdown(self) -> None:
        """The threads end once the calls under way are done; nobody waits for them."""
        for _ in self._threads:
            self._tasks.put(None)


def in_order(
    tasks: Iterable[Any],
    fetch: Callable[[Any], Any],
    workers: int,
    stop: Callable[[], None],
    *,
    name: str = "fetch",
) -> Iterator[tuple[Any, Any]]:
    """``(task, fetch(task))`` in the order of ``tasks``, with ``workers`` fetches running at once.

    Tasks are taken from ``tasks`` lazily (at most ``2 * workers`` ahead of the caller); an error
    of one fetch is raised at its place, after every earlier result. Leaving early (an error,
    Ctrl-C) calls ``stop()`` (no request is sent any more) and abandons the tasks not begun; the
    requests under way end on their own (daemon threads: nothing waits for them).
    """
    source = iter(tasks)
    pending: deque[tuple[Any, Future[Any]]] = deque()
    pool = DaemonPool(workers, name)
    finished = False

    def fill() -> None:
        while len(pending) < 2 * max(1, workers):
            try:
                task = next(source)
            except StopIteration:
                return
            pending.append((task, pool.submit(fetch, task)))

    try:
        fill()
        while pending:
            task, future = pending.popleft()
            result = future.result()
            fill()
            yield task, result
        finished = True
    finally:
        if not finished:
            stop()
        for _, future in pending:
            future.cancel()
        # Stopped, the fetches still running end with the request they are waiting for.
        pool.shutdown()
        close = getattr(source, "close", None)
        if close is not None:
            close()
