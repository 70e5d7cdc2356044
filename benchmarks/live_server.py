"""The fake Trello or Jira server of the live benchmark, run in a process of its own.

The fakes (``tests.fakes.trello_server.FakeTrello``, ``tests.fakes.jira_server.FakeJira``) are
threaded Python servers: run in the benchmark's own process, their JSON rendering would share one
GIL with the connector's parsing, mapping and SQLite saving, and the benchmark would measure the
two of them together. :class:`ServerProcess` starts one fake in a separate process (``spawn``)
and talks to it over a pipe; the *server* counts what it was asked and answers with numbers:

* ``requests``: requests that arrived (429s included), ``throttled``: those answered 429 for the
  rate limit, ``busiest``: the most arrivals in any rate-limit window (sliding, by arrival time);
* ``cpu_s``: the server process's CPU seconds, ``handler_ms``: mean time in the fake's route
  handlers per request (the server's own work, without the injected latency).

Nothing here edits the fakes: the handler timing wraps the server object's ``_dispatch`` from
outside. Used by ``bench_live.py``; runnable alone for a look (``python benchmarks/live_server.py
trello 2000`` prints the URL and waits for Ctrl-C).
"""

from __future__ import annotations

import multiprocessing as mp
import sys
import time
import traceback
from bisect import bisect_left
from dataclasses import dataclass
from datetime import UTC, datetime
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
if str(HERE.parent) not in sys.path:
    sys.path[:0] = [str(HERE.parent), str(HERE)]


@dataclass(frozen=True, slots=True)
class Limits:
    """The server's rate limit (``limit`` requests per ``window`` s) and per-request latency."""

    limit: int = 100
    window: float = 10.0
    latency: float = 0.1
    retry_after: int = 1  # Jira's Retry-After; Trello sends none
    #: "added": each answer waits ``latency`` and then the fake's own work (the fakes' behaviour);
    #: "floor": each answer takes max(``latency``, the fake's work), as if the latency included
    #: the service's processing (a real service's time to answer does).
    latency_mode: str = "added"


def busiest_window(times: list[float], window: float) -> int:
    """The most request arrivals in any ``window`` seconds (a sliding window over sorted times)."""
    times = sorted(times)
    return max(
        (i - bisect_left(times, t - window + 1e-9) + 1 for i, t in enumerate(times)), default=0
    )


class _Served:
    """One fake, its counters reset between phases, and the benchmark's changes to its data."""

    def __init__(self, source: str, items: int, limits: Limits, seed: int) -> None:
        from generate import jira_fake_fixture, trello_board

        from connectors.exports import read_export
        from connectors.mapping.trello import map_board_json

        self.source, self.window = source, limits.window
        if source == "trello":
            from tests.fakes.trello_server import KEY, TOKEN, FakeTrello

            data = trello_board(items, seed)
            expected = map_board_json(data)
            self.fake: Any = FakeTrello([data], rate_limit=limits.limit, window=limits.window)
            del data
            self.http = self.fake.server
            self.http.latency = limits.latency
            self.board_id = next(iter(self.fake.boards))
            self.info = {"key": KEY, "token": TOKEN, "board": self.board_id}
        elif source == "jira":
            from tests.fakes.jira_server import FakeJira

            fixture = jira_fake_fixture(items, seed)
            expected = read_export(fixture)
            self.fake = FakeJira(
                fixture=fixture,
                latency=limits.latency,
                rate_limit=(limits.limit, limits.window, limits.retry_after),
            )
            self.http = self.fake.http
            self.info = {
                "email": self.fake.email,
                "api_token": self.fake.api_token,
                "project": self.fake.project["key"],
            }
        else:
            raise ValueError(f"unknown source {source!r}")
        self.info["expected_ids"] = sorted(i.id for i in expected.items)
        self.info["expected_activities"] = len(expected.activities)
        del expected
        self.handler_s = 0.0
        self._wrap(limits)
        self.cpu0 = time.process_time()

    def _wrap(self, limits: Limits) -> None:
        """Time the fake's handlers (and, for ``floor``, sleep only what the latency has left)."""
        if limits.latency_mode not in ("added", "floor"):
            raise ValueError(f"unknown latency mode {limits.latency_mode!r}")
        floor = limits.latency if limits.latency_mode == "floor" else 0.0
        if floor:
            self.http.latency = 0.0
            fault_for = self.http._fault_for

            def faulted(req: Any) -> Any:  # a 429 from the base server's limit: the latency only
                fault = fault_for(req)
                if fault is not None:
                    time.sleep(floor)
                return fault

            self.http._fault_for = faulted
        dispatch = self.http._dispatch

        def timed(req: Any) -> Any:  # the fake's own work per request, latency excluded
            start = time.perf_counter()
            try:
                return dispatch(req)
            finally:
                spent = time.perf_counter() - start
                self.handler_s += spent  # under the GIL: no lost updates
                if floor > spent:
                    time.sleep(floor - spent)

        self.http._dispatch = timed

    def start(self) -> dict[str, Any]:
        self.fake.__enter__()
        self.info["url"] = self.fake.url
        return self.info

    def stop(self) -> None:
        self.fake.__exit__(None, None, None)

    def reset(self) -> None:
        self.http.reset_requests()
        if self.source == "trello":
            self.fake.throttled = 0
        else:
            self.http.throttled = 0
        self.handler_s = 0.0
        self.cpu0 = time.process_time()

    def stats(self) -> dict[str, Any]:
        requests = self.http.requested()
        throttled = self.fake.throttled if self.source == "trello" else self.http.throttled
        return {
            "requests": len(requests),
            "throttled": throttled,
            "busiest": busiest_window([r.time for r in requests], self.window),
            "cpu_s": round(time.process_time() - self.cpu0, 2),
            "handler_ms": round(1000 * self.handler_s / max(len(requests), 1), 1),
        }

    def change(self, count: int) -> int:
        """Change ``count`` items on the server, spread over the board (1 % for the benchmark)."""
        now = datetime.now(UTC)
        if self.source == "trello":
            board = self.fake.boards[self.board_id]
            cards, member = board["cards"], board["members"][0]
            for n in range(count):
                card = cards[(n * 97) % len(cards)]
                if n % 2:
                    text = f"benchmark change {n}"
                    self.fake.comment(self.board_id, card["id"], text, member, now)
                else:
                    self.fake.move_card(self.board_id, card["id"], "Done", member, now)
        else:
            keys = [issue["key"] for issue in self.fake.issues.values()]
            for n in range(count):
                self.fake.touch(keys[(n * 97) % len(keys)])
        return count


def serve(conn: Connection, source: str, items: int, limits: Limits, seed: int = 0) -> None:
    """The server process: build the fake, send ``("ready", info)``, then answer commands.

    Commands are tuples: ``("stats",)``, ``("reset",)``, ``("change", n)``, ``("stop",)``; each is
    answered ``("ok", value)`` or ``("error", traceback text)``.
    """
    try:
        served = _Served(source, items, limits, seed)
        conn.send(("ready", served.start()))
    except BaseException:
        conn.send(("error", traceback.format_exc()))
        return
    try:
        while True:
            command, *args = conn.recv()
            try:
                if command == "stop":
                    conn.send(("ok", None))
                    return
                value = {
                    "stats": served.stats,
                    "reset": served.reset,
                    "change": served.change,
                }[command](*args)
                conn.send(("ok", value))
            except Exception:
                conn.send(("error", traceback.format_exc()))
    except EOFError:
        pass  # the benchmark went away
    finally:
        served.stop()


class ServerError(RuntimeError):
    """The server process failed (its traceback is the message) or did not answer in time."""


class ServerProcess:
    """A fake server in a child process; use as a context manager.

    ``info`` (after entering) has ``url``, the credentials, the board id or project key,
    ``expected_ids`` and ``expected_activities`` (the same board read as an export).
    """

    def __init__(
        self, source: str, items: int, limits: Limits, *, seed: int = 0, start_timeout: float = 900
    ) -> None:
        self.source, self.items, self.limits, self.seed = source, items, limits, seed
        self.start_timeout = start_timeout
        self.info: dict[str, Any] = {}
        ctx = mp.get_context("spawn")
        self._conn, child = ctx.Pipe()
        self._proc = ctx.Process(
            target=serve, args=(child, source, items, limits, seed), daemon=True
        )
        self._child = child

    def __enter__(self) -> ServerProcess:
        self._proc.start()
        self._child.close()
        self.info = self._answer(self.start_timeout, "ready")
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            if self._proc.is_alive():
                self._conn.send(("stop",))
                self._answer(30)
        except (ServerError, OSError):
            pass
        finally:
            self._proc.join(timeout=10)
            if self._proc.is_alive():
                self._proc.terminate()
                self._proc.join(timeout=5)
            self._conn.close()

    def _answer(self, timeout: float, expected: str = "ok") -> Any:
        if not self._conn.poll(timeout):
            raise ServerError(f"the fake {self.source} server did not answer in {timeout:.0f} s")
        try:
            status, value = self._conn.recv()
        except EOFError:
            raise ServerError(
                f"the fake {self.source} server process ended (exit code {self._proc.exitcode})"
            ) from None
        if status != expected:
            raise ServerError(f"the fake {self.source} server failed:\n{value}")
        return value

    def call(self, command: str, *args: Any, timeout: float = 120) -> Any:
        self._conn.send((command, *args))
        return self._answer(timeout)

    def stats(self) -> dict[str, Any]:
        return self.call("stats")

    def reset(self) -> None:
        self.call("reset")

    def change(self, count: int) -> int:
        return self.call("change", count)


if __name__ == "__main__":
    from generate import parse_size

    argv = sys.argv[1:] + ["trello", "2000"][len(sys.argv) - 1 :]
    with ServerProcess(argv[0], parse_size(argv[1]), Limits()) as server:
        print(server.info["url"], flush=True)
        try:
            while True:
                time.sleep(5)
                print(server.stats(), flush=True)
        except KeyboardInterrupt:
            pass
