"""benchmarks/run.py's verdicts on the live rows: a sync that fits in one rate-limit window is
not judged, nor the incremental run after it (its fixed requests are a large share of a small
sync); a sync that spans windows is judged, and its incremental run too."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _run_module():
    spec = importlib.util.spec_from_file_location("_bench_run", ROOT / "benchmarks" / "run.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _full(requests: int, pct: float) -> dict:
    return {
        "source": "trello",
        "phase": "full",
        "items": requests * 85,
        "requests": requests,
        "throttled_429": 0,
        "busiest_window": min(requests, 98),
        "limit": "100/10s",
        "latency": "100 ms added",
        "items_per_s": 900.0,
        "ceiling_items_per_s": 880.0,
        "of_ceiling_pct": pct,
        "lost_items": 0,
        "activities": "10/10",
    }


def _incremental(requests: int, share: str) -> dict:
    return {"source": "trello", "phase": "incremental 1%", "requests": requests, "vs_full": share}


def _live_verdicts(rows: list[dict]) -> list[str]:
    return [v for k, v in _run_module().verdicts([], {}, rows) if k.startswith("live")]


def test_an_incremental_run_after_a_one_window_sync_is_not_judged():
    full, incremental = _live_verdicts(
        [_full(59, 125.5), _incremental(2, "3.4% requests, 10.2% time")]
    )
    assert full.endswith("not judged: the whole sync fit in one window (use more items)")
    assert incremental.endswith(
        "not judged: the full sync was 59 requests, so the run's 2 fixed ones are over 2 % "
        "(use more items)"
    )


def test_an_incremental_run_after_a_sync_over_many_windows_is_judged():
    _, met = _live_verdicts([_full(226, 93.3), _incremental(2, "0.9% requests, 3.4% time")])
    _, missed = _live_verdicts([_full(226, 93.3), _incremental(9, "4.0% requests, 9.0% time")])
    assert met.endswith("— meets")
    assert missed.endswith("— MISSES")


def test_a_small_sync_of_one_source_does_not_excuse_another_sources_run():
    rows = [_full(59, 125.5), {**_full(226, 93.3), "source": "jira"}]
    rows.append({**_incremental(9, "4.0% requests, 9.0% time"), "source": "jira"})
    assert _live_verdicts(rows)[-1].endswith("— MISSES")
