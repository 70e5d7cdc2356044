"""Live fetch against the fake Jira and Trello servers, rate-limited, with latency (a benchmark).

For each source: a full sync of a generated board into a fresh SQLite store through the real
connector (real ``py-trello`` / ``jira`` clients over HTTP), with the production pacing and retry
policy; then 1 % of the items change on the server and an incremental sync runs. Reported:

* items/s achieved versus the *ceiling* the rate limit allows for the requests the sync needs
  (``items / (requests_answered / limit_per_second)``) — target ≥ 90 %;
* requests made, 429s received, the most requests the server saw in any rate-limit window
  (must not exceed the limit);
* lost items: ids on the server that are not in the store (must be none), activities compared with
  the same board read as an export;
* the incremental sync's requests and time as a share of the full sync's (target ≈ 1 %);
* the ceiling is a steady-state rate: a board fetched within one window (a burst) may beat it;
* ``serial``: the best a client sending one request at a time can do when each request waits the
  latency (``items / (requests × latency)``); with 100 ms and Trello's 10 requests/s it equals the
  ceiling, so a serial client cannot reach 90 % of it.

Trello: 100 requests per 10 s per token (Trello's limit; 429 ``API_TOKEN_LIMIT_EXCEEDED``, no
Retry-After). Jira: a configurable budget (default 100 per 10 s, 429 with ``Retry-After: 1``).

    python benchmarks/bench_live.py --items 5000 --latency 0.1
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from bisect import bisect_left
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]

from generate import jira_fake_fixture, parse_size, trello_board  # noqa: E402

from connectors.credentials import JiraCredentials, TrelloCredentials  # noqa: E402
from connectors.exports import read_export  # noqa: E402
from connectors.jira_live import fetch_jira_into_store  # noqa: E402
from connectors.store import Store  # noqa: E402
from connectors.trello_live import fetch_trello_into_store, load_fetched_board  # noqa: E402
from connectors.trello_mapping import map_board_json  # noqa: E402
from tests.fakes.jira_server import FakeJira  # noqa: E402
from tests.fakes.trello_server import KEY, TOKEN, FakeTrello  # noqa: E402


def busiest_window(times: list[float], window: float) -> int:
    """The most request arrivals in any ``window`` seconds (a sliding window over sorted times)."""
    times = sorted(times)
    return max(
        (i - bisect_left(times, t - window + 1e-9) + 1 for i, t in enumerate(times)), default=0
    )


def _row(source: str, phase: str, items: int, seconds: float, answered: int, throttled: int,
         busiest: int, limit: int, window: float, latency: float) -> dict:  # fmt: skip
    per_second = limit / window
    ceiling = items / (answered / per_second) if answered else 0.0
    # One request at a time, each waiting at least the latency: the best a serial client can do.
    serial = items / (answered * latency) if answered and latency else 0.0
    achieved = items / seconds if seconds else 0.0
    return {
        "source": source,
        "phase": phase,
        "items": items,
        "seconds": round(seconds, 2),
        "requests": answered + throttled,
        "throttled_429": throttled,
        "busiest_window": busiest,
        "limit": f"{limit}/{window:g}s",
        "items_per_s": round(achieved, 1),
        "ceiling_items_per_s": round(ceiling, 1),
        "of_ceiling_pct": round(100 * achieved / ceiling, 1) if ceiling else 0.0,
        "serial_bound_items_per_s": round(serial, 1),
    }


def bench_trello(items: int, latency: float, seed: int = 0) -> list[dict]:
    data = trello_board(items, seed)
    expected = map_board_json(data)
    creds = TrelloCredentials(KEY, TOKEN)
    limit, window = 100, 10.0
    rows = []
    with (
        tempfile.TemporaryDirectory() as tmp,
        Store(Path(tmp) / "store.sqlite") as store,
        FakeTrello([data], rate_limit=limit, window=window) as fake,
    ):
        fake.server.latency = latency
        del data
        board_id = next(iter(fake.boards))
        start = time.perf_counter()
        result = fetch_trello_into_store(
            store, boards=[board_id], credentials=creds, base_url=fake.url
        )
        seconds = time.perf_counter() - start
        rows.append(_trello_row(fake, "full", items, seconds, limit, window, latency))
        board = load_fetched_board(store, result.source_ids[0])
        rows[-1]["lost_items"] = len({i.id for i in expected.items} - {i.id for i in board.items})
        rows[-1]["activities"] = f"{len(board.activities)}/{len(expected.activities)}"

        changed = max(1, items // 100)
        cards = fake.boards[board_id]["cards"]
        member = fake.boards[board_id]["members"][0]
        now = datetime.now(UTC)
        for n in range(changed):
            card = cards[(n * 97) % len(cards)]
            if n % 2:
                fake.comment(board_id, card["id"], f"benchmark change {n}", member, now)
            else:
                fake.move_card(board_id, card["id"], "Done", member, now)
        fake.server.reset_requests()
        fake.throttled = 0
        start = time.perf_counter()
        fetch_trello_into_store(store, boards=[board_id], credentials=creds, base_url=fake.url)
        seconds = time.perf_counter() - start
        rows.append(_trello_row(fake, "incremental 1%", changed, seconds, limit, window, latency))
        rows[-1]["vs_full"] = _share(rows[-1], rows[0])
    return rows


def _trello_row(fake: FakeTrello, phase: str, items: int, seconds: float, limit: int,
                window: float, latency: float) -> dict:  # fmt: skip
    requests = fake.server.requests
    answered = len(requests) - fake.throttled
    times = [r.time for r in requests]
    return _row("trello", phase, items, seconds, answered, fake.throttled,
                busiest_window(times, window), limit, window, latency)  # fmt: skip


def bench_jira(items: int, latency: float, budget: int, window: float, seed: int = 0) -> list[dict]:
    fixture = jira_fake_fixture(items, seed)
    expected = read_export(fixture)
    rows = []
    with (
        tempfile.TemporaryDirectory() as tmp,
        Store(Path(tmp) / "store.sqlite") as store,
        FakeJira(fixture=fixture, latency=latency, rate_limit=(budget, window, 1)) as fake,
    ):
        creds = JiraCredentials(fake.url, fake.email, fake.api_token, None)

        def sync() -> tuple[float, int]:
            fake.reset_requests()
            fake.http.throttled = 0
            start = time.perf_counter()
            result = fetch_jira_into_store(
                store, project=fake.project["key"], credentials=creds, page_size=100
            )
            return time.perf_counter() - start, result.source_id

        seconds, source_id = sync()
        rows.append(_jira_row(fake, "full", items, seconds, budget, window, latency))
        board = store.load_board(source_id)
        rows[-1]["lost_items"] = len({i.id for i in expected.items} - {i.id for i in board.items})
        rows[-1]["activities"] = f"{len(board.activities)}/{len(expected.activities)}"

        changed = max(1, items // 100)
        keys = [issue["key"] for issue in fake.issues.values()]
        for n in range(changed):
            fake.touch(keys[(n * 97) % len(keys)])
        seconds, _ = sync()
        rows.append(_jira_row(fake, "incremental 1%", changed, seconds, budget, window, latency))
        rows[-1]["vs_full"] = _share(rows[-1], rows[0])
    return rows


def _jira_row(fake: FakeJira, phase: str, items: int, seconds: float, budget: int,
              window: float, latency: float) -> dict:  # fmt: skip
    requests = fake.requested()
    throttled = fake.http.throttled
    return _row("jira", phase, items, seconds, len(requests) - throttled, throttled,
                busiest_window([r.time for r in requests], window), budget, window,
                latency)  # fmt: skip


def _share(incremental: dict, full: dict) -> str:
    """The incremental sync's cost as a share of the full one's (its ceiling is meaningless)."""
    for key in ("ceiling_items_per_s", "of_ceiling_pct", "serial_bound_items_per_s"):
        incremental[key] = ""
    req = 100 * incremental["requests"] / max(full["requests"], 1)
    sec = 100 * incremental["seconds"] / max(full["seconds"], 1e-9)
    return f"{req:.1f}% requests, {sec:.1f}% time"


COLUMNS = (
    ("source", 7), ("phase", 15), ("items", 7), ("seconds", 8), ("requests", 9),
    ("throttled_429", 5), ("busiest_window", 8), ("limit", 9), ("items_per_s", 9),
    ("ceiling_items_per_s", 9), ("of_ceiling_pct", 8), ("serial_bound_items_per_s", 8),
    ("lost_items", 5), ("vs_full", 30),
)  # fmt: skip
HEADS = {
    "throttled_429": "429s",
    "busiest_window": "max/win",
    "items_per_s": "items/s",
    "ceiling_items_per_s": "ceiling",
    "of_ceiling_pct": "% ceil",
    "serial_bound_items_per_s": "serial",
    "lost_items": "lost",
}


def table(rows: list[dict]) -> str:
    head = " ".join(f"{HEADS.get(c, c):>{w}}" for c, w in COLUMNS)
    lines = [head, "-" * len(head)]
    for r in rows:
        lines.append(" ".join(f"{str(r.get(c, '')):>{w}}" for c, w in COLUMNS))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", default="5000", help="items per board (e.g. 5000, 10k)")
    parser.add_argument("--latency", type=float, default=0.1, help="seconds per request")
    parser.add_argument("--jira-budget", type=int, default=100, help="Jira requests per window")
    parser.add_argument("--jira-window", type=float, default=10.0)
    parser.add_argument("--sources", default="trello,jira")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    items = parse_size(args.items)
    rows: list[dict] = []
    sources = [s.strip() for s in args.sources.split(",")]
    if "trello" in sources:
        rows += bench_trello(items, args.latency)
    if "jira" in sources:
        rows += bench_jira(items, args.latency, args.jira_budget, args.jira_window)
    if args.json:
        for row in rows:
            print(json.dumps(row))
    else:
        print(table(rows))
    return 0


if __name__ == "__main__":
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    sys.exit(main())
