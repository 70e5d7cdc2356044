"""``connectors.columns.time_order`` is ``np.argsort(when, kind="stable")`` (the reference kept
here), also for newest-first rows with runs of equal times across its steps."""

from __future__ import annotations

import numpy as np
import pytest

from connectors import columns
from connectors.columns import time_order


def _orders(when: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    got = time_order(when)
    expected = np.argsort(when, kind="stable")
    if got is None:
        return np.arange(len(when)), expected
    assert got.dtype == np.int32  # (row numbers in 4 bytes)
    return got, expected


@pytest.mark.parametrize("step", [1, 3, 7, 1 << 20])
@pytest.mark.parametrize("seed", range(40))
def test_time_order_is_the_stable_sort(monkeypatch: pytest.MonkeyPatch, seed: int, step: int):
    monkeypatch.setattr(columns, "_ORDER_STEP", step)
    rng = np.random.default_rng(seed)
    size = int(rng.integers(0, 80))
    when = rng.integers(0, int(rng.integers(1, 9)), size).astype(np.int64)
    shapes = [when, np.sort(when), np.sort(when)[::-1].copy()]  # any, oldest first, newest first
    for case in shapes:
        got, expected = _orders(case)
        assert np.array_equal(got, expected), case


def test_rows_in_time_order_need_no_order() -> None:
    assert time_order(np.array([], np.int64)) is None
    assert time_order(np.array([5], np.int64)) is None
    assert time_order(np.array([1, 1, 2, 9], np.int64)) is None


def test_newest_first_rows_keep_equal_times_in_their_order() -> None:
    when = np.array([9, 7, 7, 7, 3, 3, 1], np.int64)
    assert time_order(when).tolist() == [6, 4, 5, 1, 2, 3, 0]
