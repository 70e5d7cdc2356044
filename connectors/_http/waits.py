"""A live fetch's waits said in one line each: INFO records of the source's logger, which the CLI
shows as note lines on stderr with or without a terminal (``ProgressBars.lines_from``), at most
once every :data:`SAY_EVERY` seconds for one cause while they last (a 429 storm of ten minutes
is one line, not hundreds)."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

__all__ = ["SAY_EVERY", "WaitLines"]

#: A cause of waiting (a 429, an HTTP 503) is said at most this often while it lasts.
SAY_EVERY = 60.0


class WaitLines:
    """Says why a fetch is waiting, once per cause per :data:`SAY_EVERY` seconds (thread-safe:
    a fetch's workers share one)."""

    def __init__(
        self,
        logger: logging.Logger,
        every: float = SAY_EVERY,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.logger, self.every, self.clock = logger, every, clock
        self._said: dict[str, float] = {}  # cause: when it was last said
        self._lock = threading.Lock()

    def say(self, cause: str, line: str) -> None:
        """``line`` at INFO, unless ``cause`` was said less than ``every`` seconds ago."""
        now = self.clock()
        with self._lock:
            said = self._said.get(cause)
            if said is not None and now - said < self.every:
                return
            self._said[cause] = now
        self.logger.info(line)
