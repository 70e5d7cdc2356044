"""Live fetch against the fake Jira and Trello servers, rate-limited, with latency (a benchmark).

For each source: a full sync of a generated board into a fresh SQLite store through the real
connector (real ``py-trello`` / ``jira`` clients over HTTP), with the production pacing and retry
policy; then 1 % of the items change on the server and an incremental sync runs.

The fake server runs in a **separate process** (``benchmarks/live_server.py``, ``spawn``): its
JSON rendering does not share the connector's GIL, as a real service would not. The server process
counts the requests, the 429s and the busiest rate-limit window and reports them back over a pipe,
with its own CPU seconds and the mean time its handlers spent per request (without the latency).
Reported per phase:

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
  ceiling, so a serial client cannot reach 90 % of it;
* client CPU s (the connector: parsing, mapping, saving), server CPU s, server ms per request.

Trello: 100 requests per 10 s per token (Trello's limit; 429 ``API_TOKEN_LIMIT_EXCEEDED``, no
Retry-After). Jira: a configurable budget (default 100 per 10 s, 429 with ``Retry-After: 1``).

    python benchmarks/bench_live.py                                  # both, 5 000 items, 100 ms
    python benchmarks/bench_live.py --source trello --items 20k
    python benchmarks/bench_live.py --source jira --items 5000,20k --latency 0.1 --json
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]

from generate import parse_size  # noqa: E402
from live_server import Limits, ServerProcess, busiest_window  # noqa: E402

from connectors.credentials import JiraCredentials, TrelloCredentials  # noqa: E402
from connectors.live.jira import fetch_jira_into_store  # noqa: E402
from connectors.live.trello import fetch_trello_into_store, load_fetched_board  # noqa: E402
from connectors.store import Store  # noqa: E402

__all__ = ["bench_jira", "bench_trello", "busiest_window", "table"]


def _row(source: str, phase: str, items: int, seconds: float, cpu: float, stats: dict,
         limits: Limits) -> dict:  # fmt: skip
    """One phase's numbers; ``stats`` are the server process's counts for the phase."""
    throttled = stats["throttled"]
    answered = stats["requests"] - throttled
    per_second = limits.limit / limits.window
    ceiling = items / (answered / per_second) if answered else 0.0
    # One request at a time, each waiting at least the latency: the best a serial client can do.
    serial = items / (answered * limits.latency) if answered and limits.latency else 0.0
    achieved = items / seconds if seconds else 0.0
    return {
        "source": source,
        "phase": phase,
        "items": items,
        "seconds": round(seconds, 2),
        "client_cpu_s": round(cpu, 2),
        "server_cpu_s": stats["cpu_s"],
        "server_ms_per_request": stats["handler_ms"],
        "requests": stats["requests"],
        "throttled_429": throttled,
        "busiest_window": stats["busiest"],
        "limit": f"{limits.limit}/{limits.window:g}s",
        "latency": f"{limits.latency * 1000:g} ms {limits.latency_mode}",
        "items_per_s": round(achieved, 1),
        "ceiling_items_per_s": round(ceiling, 1),
        "of_ceiling_pct": round(100 * achieved / ceiling, 1) if ceiling else 0.0,
        "serial_bound_items_per_s": round(serial, 1),
    }


def _timed(sync) -> tuple[float, float, object]:
    start, start_cpu = time.perf_counter(), time.process_time()
    result = sync()
    return time.perf_counter() - start, time.process_time() - start_cpu, result


def _run(source: str, items: int, limits: Limits, fetch, load, seed: int) -> list[dict]:
    """Full sync, checks, 1 % changed on the server, incremental sync (fake in its process)."""
    rows = []
    with (
        ServerProcess(source, items, limits, seed=seed) as server,
        tempfile.TemporaryDirectory() as tmp,
        Store(Path(tmp) / "store.sqlite") as store,
    ):
        info = server.info
        server.reset()
        seconds, cpu, result = _timed(lambda: fetch(store, info))
        rows.append(_row(source, "full", items, seconds, cpu, server.stats(), limits))
        board = load(store, result)
        expected = set(info["expected_ids"])
        rows[-1]["lost_items"] = len(expected - {i.id for i in board.items})
        rows[-1]["activities"] = f"{len(board.activities)}/{info['expected_activities']}"
        del board

        changed = server.change(max(1, items // 100))
        server.reset()
        seconds, cpu, _ = _timed(lambda: fetch(store, info))
        rows.append(_row(source, "incremental 1%", changed, seconds, cpu, server.stats(), limits))
        rows[-1]["vs_full"] = _share(rows[-1], rows[0])
    return rows


def bench_trello(items: int, latency: float, seed: int = 0, mode: str = "added") -> list[dict]:
    """Trello: 100 requests per 10 s per token (Trello's limit), no Retry-After."""
    limits = Limits(100, 10.0, latency, latency_mode=mode)

    def fetch(store: Store, info: dict):
        return fetch_trello_into_store(
            store,
            boards=[info["board"]],
            credentials=TrelloCredentials(info["key"], info["token"]),
            base_url=info["url"],
        )

    def load(store: Store, result):
        return load_fetched_board(store, result.source_ids[0])

    return _run("trello", items, limits, fetch, load, seed)


def bench_jira(
    items: int, latency: float, budget: int, window: float, seed: int = 0, mode: str = "added"
) -> list[dict]:
    """Jira Cloud: ``budget`` requests per ``window`` s, then 429 with ``Retry-After: 1``."""
    limits = Limits(budget, window, latency, retry_after=1, latency_mode=mode)

    def fetch(store: Store, info: dict):
        creds = JiraCredentials(info["url"], info["email"], info["api_token"], None)
        return fetch_jira_into_store(
            store, project=info["project"], credentials=creds, page_size=100
        )

    def load(store: Store, result):
        return store.load_board(result.source_id)

    return _run("jira", items, limits, fetch, load, seed)


def _share(incremental: dict, full: dict) -> str:
    """The incremental sync's cost as a share of the full one's (its ceiling is meaningless)."""
    for key in ("ceiling_items_per_s", "of_ceiling_pct", "serial_bound_items_per_s"):
        incremental[key] = ""
    req = 100 * incremental["requests"] / max(full["requests"], 1)
    sec = 100 * incremental["seconds"] / max(full["seconds"], 1e-9)
    return f"{req:.1f}% requests, {sec:.1f}% time"


COLUMNS = (
    ("source", 7), ("phase", 15), ("items", 7), ("seconds", 8), ("client_cpu_s", 7),
    ("server_cpu_s", 7), ("server_ms_per_request", 7), ("requests", 9),
    ("throttled_429", 5), ("busiest_window", 8), ("limit", 9), ("items_per_s", 9),
    ("ceiling_items_per_s", 9), ("of_ceiling_pct", 8), ("serial_bound_items_per_s", 8),
    ("lost_items", 5), ("activities", 13), ("vs_full", 30), ("error", 0),
)  # fmt: skip
HEADS = {
    "client_cpu_s": "cli CPU",
    "server_cpu_s": "srv CPU",
    "server_ms_per_request": "srv ms",
    "throttled_429": "429s",
    "busiest_window": "max/win",
    "items_per_s": "items/s",
    "ceiling_items_per_s": "ceiling",
    "of_ceiling_pct": "% ceil",
    "serial_bound_items_per_s": "serial",
    "lost_items": "lost",
    "activities": "acts stored",
}


def table(rows: list[dict]) -> str:
    head = " ".join(f"{HEADS.get(c, c):>{w}}" for c, w in COLUMNS)
    lines = [head, "-" * len(head)]
    for r in rows:
        lines.append(" ".join(f"{str(r.get(c, '')):>{w}}" for c, w in COLUMNS))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--items", default="5000", help="items per board, a comma list (e.g. 5000,20k)"
    )
    parser.add_argument("--source", choices=("trello", "jira", "both"), default="both")
    parser.add_argument("--sources", help=argparse.SUPPRESS)  # older spelling: trello,jira
    parser.add_argument("--latency", type=float, default=0.1, help="seconds per request")
    parser.add_argument(
        "--latency-mode",
        choices=("added", "floor"),
        default="added",
        help="added: latency + the fake's own work per request; floor: max(latency, its work)",
    )
    parser.add_argument("--jira-budget", type=int, default=100, help="Jira requests per window")
    parser.add_argument("--jira-window", type=float, default=10.0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", action="store_true", help="one JSON object per row")
    args = parser.parse_args(argv)
    if args.sources:
        sources = [s.strip() for s in args.sources.split(",") if s.strip()]
    else:
        sources = ["trello", "jira"] if args.source == "both" else [args.source]
    rows: list[dict] = []
    for items in (parse_size(s) for s in args.items.split(",") if s.strip()):
        for source in sources:
            try:
                if source == "trello":
                    found = bench_trello(items, args.latency, args.seed, args.latency_mode)
                else:
                    found = bench_jira(
                        items, args.latency, args.jira_budget, args.jira_window, args.seed,
                        args.latency_mode,
                    )  # fmt: skip
            except Exception as exc:  # one source failing still reports the other
                message = (str(exc).strip().splitlines() or [""])[-1]
                found = [{"source": source, "phase": "failed", "items": items,
                          "error": f"{type(exc).__name__}: {message}"[:300]}]  # fmt: skip
                print(traceback.format_exc(), file=sys.stderr)
            for row in found:
                print(json.dumps(row) if args.json else table([row]).splitlines()[-1], flush=True)
            rows += found
    if not args.json:
        print(table(rows))
    return 0


if __name__ == "__main__":
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    sys.exit(main())
