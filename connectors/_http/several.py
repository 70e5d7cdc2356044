"""Several fetches at once (boards of one token, projects of one site), each on its own thread,
while what must stay on the caller's thread runs there: the SQLite store (its connection belongs
to the thread that opened it) and the progress callback (the CLI's bars).

:func:`run_all` starts each job with a stand-in store and a progress callback whose calls are
queued to the caller's thread and run there, in the order they come, while the caller waits for
the jobs; one job's failure is returned in its place (the others go on), Ctrl-C stops them all.
The requests themselves are the jobs' business: jobs of one token share one pacer, so together
they never send more than its limit.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from typing import Any, TypeVar

from connectors._http.pacing import FetchStopped
from connectors.interface import Progress

__all__ = ["CallerThread", "Failed", "run_all"]

R = TypeVar("R")

#: How often the caller's thread wakes while it waits (so Ctrl-C is seen at once).
_TICK = 0.1


class Failed:
    """A job that raised ``error`` (in the place of its result)."""

    __slots__ = ("error",)

    def __init__(self, error: BaseException) -> None:
        self.error = error


class CallerThread:
    """Runs calls made on other threads on the thread that created it (see :meth:`serve`)."""

    def __init__(self) -> None:
        self._thread = threading.get_ident()
        self._queue: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._stopped = False

    def call(self, fn: Callable[..., R], *args: Any, **kwargs: Any) -> R:
        """``fn(*args, **kwargs)`` on the caller's thread (at once when already on it)."""
        if threading.get_ident() == self._thread:
            return fn(*args, **kwargs)
        if self._stopped:
            raise FetchStopped("the fetch was stopped")
        future: Future[Any] = Future()
        self._queue.put((future, fn, args, kwargs))
        return future.result()

    def stand_in(self, target: Any) -> Any:
        """``target`` whose methods run on the caller's thread (plain attributes are read)."""
        return _OnCaller(target, self)

    def done(self, tag: Any, value: Any) -> None:
        """Tell :meth:`serve` that job ``tag`` ended with ``value`` (from the job's thread)."""
        self._queue.put((None, tag, value, None))

    def serve(self) -> tuple[Any, Any]:
        """Run the queued calls until a job ends; that job's ``(tag, value)``."""
        while True:
            try:
                future, fn, args, kwargs = self._queue.get(timeout=_TICK)
            except queue.Empty:
                continue
            if future is None:
                return fn, args  # a job ended: (tag, value)
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(fn(*args, **kwargs))
            except Exception as error:  # noqa: BLE001 - the job that asked gets it
                future.set_exception(error)
            except BaseException:  # Ctrl-C while saving: that job stops, and so does the caller
                future.set_exception(FetchStopped("the fetch was stopped"))
                raise

    def stop(self) -> None:
        """Refuse every later call and fail the ones queued (their jobs end with FetchStopped)."""
        self._stopped = True
        while True:
            try:
                future, *_ = self._queue.get_nowait()
            except queue.Empty:
                return
            if future is not None:
                future.set_exception(FetchStopped("the fetch was stopped"))


class _OnCaller:
    __slots__ = ("_caller", "_target")

    def __init__(self, target: Any, caller: CallerThread) -> None:
        self._target, self._caller = target, caller

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._target, name)
        if not callable(value):
            return value
        caller = self._caller

        def on_caller(*args: Any, **kwargs: Any) -> Any:
            return caller.call(value, *args, **kwargs)

        return on_caller


class _Tally:
    """The jobs told as one bar in one unit: jobs done of all (``unit``, e.g. "Trello boards"),
    and beside it what the job that spoke last is doing, with its own count (one board's
    actions and another's cards are not added up: they are not the same thing)."""

    def __init__(
        self, on_progress: Progress, jobs: int, unit: str, labels: Sequence[str] | None
    ) -> None:
        self.on_progress, self.jobs, self.unit, self.labels = on_progress, jobs, unit, labels
        self.finished = 0
        self.last: tuple[str, str] | None = None  # the last (stage, text) told

    def for_job(self, number: int) -> Progress:
        label = f"{self.labels[number]}:" if self.labels else ""

        def progress(stage: str, done: int, total: int, text: str = "") -> None:
            count = f"{done}/{total}" if total else (str(done) if done else "")
            self.tell(stage, " ".join(part for part in (label, text, count) if part))

        return progress

    def job_ended(self) -> None:
        self.finished += 1
        if self.last is not None:
            self.tell(*self.last)

    def tell(self, stage: str, text: str) -> None:
        self.last = (stage, text)
        said = f"{self.unit} done · {text}" if text else f"{self.unit} done"
        self.on_progress(stage, self.finished, self.jobs, said)


def run_all(
    jobs: Sequence[Callable[[Any, Progress | None], R]],
    store: Any,
    on_progress: Progress | None,
    *,
    at_once: int,
    name: str = "job",
    unit: str = "jobs",
    labels: Sequence[str] | None = None,
) -> list[R | Failed]:
    """Run ``job(store, on_progress)`` for each job, ``at_once`` at a time, each on a daemon thread.

    The store and progress each job gets run their calls here, on the caller's thread, while it
    waits. The progress is one bar: ``(stage, jobs done, jobs, text)``, the text saying the unit
    (``unit`` done) and what the job that spoke last does, its own count and its ``labels``
    entry first (when its own text does not name it). Returns each job's
    result, or :class:`Failed` with what it raised, in the order of ``jobs``; a failed job does
    not stop the others. Ctrl-C (or an error on this thread) stops them all: every store call
    they make after that raises FetchStopped, and what they saved before is kept.
    """
    caller = CallerThread()
    stand_in = caller.stand_in(store)
    tally = _Tally(on_progress, len(jobs), unit, labels) if on_progress is not None else None
    results: list[Any] = [None] * len(jobs)
    waiting = list(range(len(jobs)))[::-1]
    running = 0

    def start(number: int) -> None:
        progress = None if tally is None else _progress_on(caller, tally.for_job(number))

        def work() -> None:
            try:
                value: Any = jobs[number](stand_in, progress)
            except BaseException as error:  # noqa: BLE001 - handed to the caller's thread
                value = Failed(error)
            caller.done(number, value)

        threading.Thread(target=work, name=f"{name}-{number}", daemon=True).start()

    try:
        while waiting or running:
            while waiting and running < max(1, at_once):
                start(waiting.pop())
                running += 1
            number, value = caller.serve()
            running -= 1
            results[number] = value
            if tally is not None:
                tally.job_ended()
    except BaseException:
        caller.stop()
        raise
    return results


def _progress_on(caller: CallerThread, progress: Progress) -> Progress:
    def on_caller(stage: str, done: int, total: int, text: str = "") -> None:
        caller.call(progress, stage, done, total, text)

    return on_caller
