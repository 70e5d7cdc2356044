"""One request pacer for every live source (Jira and Trello): :class:`WindowPacer`.

* **Window**: at most ``limit`` requests touch any ``window`` seconds. A request holds its place
  from the moment it is sent until ``window`` seconds after its answer came back (or it failed);
  whenever between sending and answering the server counts it, no window the server looks at
  holds more than ``limit`` of ours, whatever the latency. ``limit=None``: no window (yet: a
  source may learn it from the server's headers and set ``limit`` and ``window`` later).
* **Pauses**: :meth:`pause` holds every thread but the one that asked (a 429's ``Retry-After``:
  that thread's retry policy does its own waiting); :meth:`drain` pauses everyone ``cooldown``
  seconds (a 429 without a usable ``Retry-After``).
* **Stop**: after :meth:`stop`, :meth:`acquire` raises :class:`FetchStopped` (a fetch abandoned).
* ``max_wait`` caps one wait; after it the request goes anyway and the retry policy deals with
  the answer.

``clock`` and ``sleep`` can be replaced (tests drive a fake clock); without ``sleep`` a waiting
thread is woken as soon as an answer frees a place.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable


class FetchStopped(Exception):
    """A parallel fetch was abandoned (an error or Ctrl-C elsewhere): send nothing more."""


class WindowPacer:
    """Paces the requests of one token (or one fetch), shared by all its threads."""

    def __init__(
        self,
        limit: int | None = None,
        window: float | None = None,
        *,
        cooldown: float = 1.0,
        max_wait: float | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] | None = None,
    ) -> None:
        self.limit, self.window = limit, window
        self.cooldown, self.max_wait = cooldown, max_wait
        self._clock, self._sleep = clock, sleep
        self.stopped = threading.Event()
        self.sent = 0
        self.waited = 0.0  # seconds spent waiting, all threads together
        self._cond = threading.Condition()
        self._answered: deque[float] = deque()  # when each answer arrived, oldest first
        self._flying = 0
        self._paused_until = 0.0
        self._paused_since = 0.0
        self._pause_owner: int | None = None

    # -- sending ------------------------------------------------------------------------------

    def acquire(self) -> float:
        """Wait until one more request may be sent and count it; the seconds waited."""
        return self._take()[0]

    def _take(self) -> tuple[float, float]:
        """(seconds waited, send time)."""
        me = threading.get_ident()
        with self._cond:
            start = now = self._clock()
            while True:
                if self.stopped.is_set():
                    raise FetchStopped("the fetch was stopped")
                wait = self._needed_wait(now, me)
                if wait == 0.0:
                    break
                if self.max_wait is not None:
                    left = start + self.max_wait - now
                    if left <= 0:
                        break
                    wait = left if wait is None else min(wait, left)
                self._wait(wait)
                now = self._clock()
            self.waited += now - start
            self._flying += 1
            self.sent += 1
            return now - start, now

    def _needed_wait(self, now: float, me: int) -> float | None:
        """0: send now; seconds to wait; None: until an answer frees a place."""
        if self._paused_until > now and self._pause_owner != me:
            return self._paused_until - now
        if self.limit is not None and self._holding(now) >= self.limit:
            if not self._answered:
                return None  # all in flight: the first answer starts its window
            return max(self._answered[0] + (self.window or 0.0) - now, 0.001)
        return 0.0

    def _holding(self, now: float) -> int:
        if self.window is None:
            self._answered.clear()
            return self._flying
        while self._answered and self._answered[0] + self.window <= now:
            self._answered.popleft()
        return self._flying + len(self._answered)

    def _wait(self, seconds: float | None) -> None:
        """Wait (the lock held on entry and on return)."""
        if seconds is None or self._sleep is None:
            self._cond.wait(seconds)
            return
        self._cond.release()
        try:
            self._sleep(seconds)
        finally:
            self._cond.acquire()

    # -- answers --------------------------------------------------------------------------------

    def release(self) -> None:
        """The request sent after the last :meth:`acquire` was answered (or failed)."""
        with self._cond:
            now = self._clock()
            self._flying = max(0, self._flying - 1)
            self._answer_arrived(now)

    def _answer_arrived(self, now: float) -> None:
        """Count the answer in the window and wake the waiting threads (lock held)."""
        if self.window is not None:
            self._answered.append(now)
        self._cond.notify_all()

    # -- pauses ---------------------------------------------------------------------------------

    def pause(self, seconds: float, *, owner: int | None = None) -> None:
        """Send nothing for ``seconds`` (but ``owner``, the thread told to wait by the server)."""
        with self._cond:
            self._pause(self._clock(), seconds, owner)

    def _pause(self, now: float, seconds: float, owner: int | None) -> None:
        if seconds and now + seconds > self._paused_until:
            self._paused_until, self._pause_owner = now + seconds, owner
            self._paused_since = now

    def drain(self) -> None:
        """The server said 429 (someone else uses the token too): send nothing for ``cooldown``."""
        with self._cond:
            until = self._clock() + self.cooldown
            if until > self._paused_until:
                self._paused_until, self._pause_owner = until, None

    def stop(self) -> None:
        """Refuse every later request (waiting ones too): the fetch is being abandoned."""
        with self._cond:
            self.stopped.set()
            self._cond.notify_all()
