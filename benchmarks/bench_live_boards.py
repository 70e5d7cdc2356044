"""Several Trello boards (or Jira projects) fetched one after the other vs at once (a benchmark).

Generated boards (``generate.trello_board``, ids made distinct per board) on the fake Trello
server (real ``py-trello`` client, real HTTP, Trello's 100 requests per 10 s per token enforced by
the fake, ``--latency`` per answer), fetched into a fresh SQLite store with ``boards_at_once`` 1
(one board after the other, as before) and 4, each run under a fresh pacer of 98 per 10 s.
Reported: wall seconds, requests, 429s, the busiest 10 s window (must stay <= 100) and items
lost (must be 0). The fake runs in this process (its handlers share the GIL with the client;
the run is dominated by the latency and the limit, not by CPU).

``--source jira``: the fake Jira Cloud (100 requests per 10 s, advertised in its headers, 429
with ``Retry-After: 1`` beyond), its issues moved into ``--boards`` projects, fetched with
``projects_at_once`` 1 and 4 under one request budget.

    python benchmarks/bench_live_boards.py                       # 8 boards x 300 items, 100 ms
    python benchmarks/bench_live_boards.py --boards 30 --items 300
    python benchmarks/bench_live_boards.py --source jira --boards 8 --items 100
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]

from generate import parse_size, trello_board  # noqa: E402
from live_server import busiest_window  # noqa: E402

from connectors._http.pacing import WindowPacer  # noqa: E402
from connectors.credentials import JiraCredentials, TrelloCredentials  # noqa: E402
from connectors.live.jira import fetch_jira_projects  # noqa: E402
from connectors.live.trello import fetch_trello_into_store, load_fetched_board  # noqa: E402
from connectors.mapping.trello import map_board_json  # noqa: E402
from connectors.store import Store  # noqa: E402
from tests.fakes.jira_server import FakeJira  # noqa: E402
from tests.fakes.trello_server import KEY, TOKEN, FakeTrello  # noqa: E402

_ID = re.compile(r'"([0-9a-f]{8})([0-9a-f]{16})"')


def boards(count: int, items: int) -> list[dict]:
    """``count`` generated boards whose ids do not collide (the sequence part moved per board)."""
    out = []
    for n in range(count):
        text = json.dumps(trello_board(items, seed=n))
        text = _ID.sub(lambda m, n=n: f'"{m.group(1)}{int(m.group(2), 16) + (n << 40):016x}"', text)
        board = json.loads(text)
        board["shortLink"] = f"Bench{n:03d}"
        out.append(board)
    return out


def run(data: list[dict], at_once: int, latency: float) -> dict:
    expected = {b["id"]: {i.id for i in map_board_json(b).items} for b in data}
    with (
        FakeTrello(data, rate_limit=100, window=10.0) as fake,
        tempfile.TemporaryDirectory() as tmp,
        Store(Path(tmp) / "store.sqlite") as store,
    ):
        fake.server.latency = latency
        start = time.perf_counter()
        result = fetch_trello_into_store(
            store,
            boards=[b["id"] for b in data],
            credentials=TrelloCredentials(KEY, TOKEN),
            base_url=fake.url,
            bucket=WindowPacer(98, 10.0),
            boards_at_once=at_once,
        )
        seconds = time.perf_counter() - start
        times = [r.time for r in fake.server.requested()]
        lost = 0
        for fetched in result.boards:
            got = {i.id for i in load_fetched_board(store, fetched.source_id).items}
            lost += len(expected[fetched.board_id] - got)
        return {
            "boards": len(data),
            "items_per_board": len(next(iter(expected.values()))),
            "boards_at_once": at_once,
            "seconds": round(seconds, 2),
            "requests": len(times),
            "throttled_429": fake.throttled,
            "busiest_10s": busiest_window(times, 10.0),
            "lost_items": lost,
        }


def run_jira(projects: int, items: int, at_once: int, latency: float) -> dict:
    """``projects`` projects of ``items`` issues on the fake Jira Cloud, ``at_once`` at a time."""
    fake = FakeJira(
        extra_issues=projects * items - 6,
        latency=latency,
        rate_limit=(100, 10.0, 1),
        histories_in_search=100,
        comments_in_search=100,
    )
    keys = [f"P{n}" for n in range(projects)]
    for number in range(projects * items):
        fake.move(f"DEMO-{number + 1}", keys[number // items])
    with fake, tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "store.sqlite") as store:
        start = time.perf_counter()
        result = fetch_jira_projects(
            store,
            keys,
            credentials=JiraCredentials(fake.url, fake.email, fake.api_token, None),
            page_size=100,
            projects_at_once=at_once,
        )
        seconds = time.perf_counter() - start
        times = [r.time for r in fake.requested()]
        return {
            "projects": projects,
            "items_per_project": items,
            "projects_at_once": at_once,
            "seconds": round(seconds, 2),
            "requests": len(times),
            "throttled_429": fake.http.throttled,
            "busiest_10s": busiest_window(times, 10.0),
            "lost_items": projects * items - sum(p.fetched for p in result.projects),
        }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--boards", type=int, default=8, help="boards (or projects)")
    parser.add_argument("--items", default="300", help="items per board")
    parser.add_argument("--latency", type=float, default=0.1, help="seconds per answer")
    parser.add_argument("--source", choices=("trello", "jira"), default="trello")
    args = parser.parse_args(argv)
    items = parse_size(args.items)
    if args.source == "jira":
        rows = [run_jira(args.boards, items, n, args.latency) for n in (1, 4)]
    else:
        data = boards(args.boards, items)
        rows = [run(data, at_once, args.latency) for at_once in (1, 4)]
    for row in rows:
        print(json.dumps(row), flush=True)
    speed_up = rows[0]["seconds"] / rows[1]["seconds"]
    print(f"speed-up at once vs one after the other: {speed_up:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
