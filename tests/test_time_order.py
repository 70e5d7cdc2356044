"""``connectors.columns.time_order`` is ``np.argsort(when, kind="stable")`` (the reference kept
here), also for newest-first rows with runs of equal times across its steps."""

from __future__ import annotations

import numpy as np
import pytest

from connectors import columns
from connectors.columns import KINDS, ActivityRows, time_order
from connectors.interface import Activity
from connectors.mapping import trello_typed
from connectors.mapping.trello_typed import in_time_order_in_place


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


@pytest.mark.parametrize("seed", range(30))
def test_newest_first_rows_put_in_order_in_place_are_the_stable_sort(
    monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    """``trello_typed.in_time_order_in_place``: every column as the stable sort orders it, with
    runs of equal times long and short, a few rows per step."""
    monkeypatch.setattr(trello_typed, "_RUN_STEP", 5)
    monkeypatch.setattr(trello_typed, "_LONG_RUN", 4)
    rng = np.random.default_rng(seed)
    size = int(rng.integers(2, 200))
    when = np.sort(rng.integers(0, int(rng.integers(2, 60)), size))[::-1].astype(np.int64)
    if seed % 5 == 0:
        when[: size // 2] = when[0]  # one long run
    rows = ActivityRows()
    columns = {
        "item": rng.integers(0, 50, size).astype(np.int32),
        "actor": rng.integers(-1, 9, size).astype(np.int32),
        "kind": rng.integers(0, 9, size).astype(np.int8),
        "field": rng.integers(0, 30, size).astype(np.int16),
    }
    for name, values in columns.items():
        getattr(rows, name).frombytes(values.tobytes())
    rows.when.frombytes(when.tobytes())
    order = np.argsort(when, kind="stable")
    assert in_time_order_in_place(rows) is bool(when[0] > when[-1])
    if when[0] == when[-1]:
        return
    assert np.array_equal(np.frombuffer(rows.when, np.int64), when[order])
    for name, values in columns.items():
        assert np.array_equal(np.frombuffer(getattr(rows, name), values.dtype), values[order])


def test_rows_not_newest_first_are_left_as_they_are() -> None:
    rows = ActivityRows()
    rows.when.fromlist([5, 9, 1])
    rows.item.fromlist([0, 1, 2])
    rows.actor.fromlist([0, 0, 0])
    rows.kind.fromlist([1, 1, 1])
    rows.field.fromlist([0, 0, 0])
    assert in_time_order_in_place(rows) is False
    assert rows.when.tolist() == [5, 9, 1] and rows.item.tolist() == [0, 1, 2]


@pytest.mark.parametrize("step", [1, 3, 64, 1 << 20])
@pytest.mark.parametrize("seed", range(6))
def test_stable_argsort_is_numpys_stable_sort(
    monkeypatch: pytest.MonkeyPatch, seed: int, step: int
):
    """Any values, with runs of equal ones or none, on a grid or not, short or long, keys that
    fit an int64 or not, any step of the keys' positions: the stable sort's positions exactly."""
    monkeypatch.setattr(columns, "_KEY_STEP", step)
    rng = np.random.default_rng(seed)
    extremes = np.array([np.iinfo(np.int64).min, np.iinfo(np.int64).max, -1, 0], np.int64)
    minute = 60_000_000
    for size in (0, 1, 2, 3, 17, 300, 5_000):
        for distinct in (1, 2, 7, 10**6, 2**62):
            values = rng.integers(-(distinct // 2), distinct - distinct // 2, size, np.int64)
            on_grid = 1_640_995_200_000_000 + minute * rng.integers(0, min(distinct, 10**8), size)
            spread = values.copy()
            spread[: min(size, 4)] = extremes[: min(size, 4)]  # (a span over 2**63: no key)
            for shape in (values, -3 * values, on_grid, on_grid[::-1].copy(), spread):
                for case in (shape, np.sort(shape), np.sort(shape)[::-1].copy()):
                    got = columns.stable_argsort(case)
                    assert got.dtype == np.intp
                    expected = np.argsort(case, kind="stable")
                    assert np.array_equal(got, expected), (size, distinct)


def test_the_csv_reader_orders_its_activities_by_the_stable_sort(monkeypatch: pytest.MonkeyPatch):
    from connectors.exports import jira_csv_board

    asked: list[np.ndarray] = []
    monkeypatch.setattr(
        jira_csv_board, "stable_argsort", lambda when: asked.append(when.copy()) or np.argsort(when)
    )
    lean = jira_csv_board._LeanActivities()
    for item, when in enumerate([5, 3, 5, 1, 3]):
        lean.item.append(item)
        lean.actor.append(-1)
        lean.kind.append(0)
        lean.when.append(when)
    got = lean.columns([type("I", (), {"id": f"K-{n}"})() for n in range(5)])
    assert [list(when) for when in asked] == [[5, 3, 5, 1, 3]]
    assert list(got.columns.when) == [1, 3, 3, 5, 5]


def _spied(monkeypatch: pytest.MonkeyPatch, module: object) -> list[np.ndarray]:
    """The values each call of ``module.stable_argsort`` was asked to order (it still orders)."""
    asked: list[np.ndarray] = []
    real = columns.stable_argsort

    def spy(values: np.ndarray) -> np.ndarray:
        asked.append(np.array(values, copy=True))
        return real(values)

    monkeypatch.setattr(module, "stable_argsort", spy)
    return asked


def test_time_order_sorts_rows_in_no_order_by_the_keyed_stable_sort(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Rows neither oldest nor newest first (session 16: the keyed sort, not numpy's stable
    one): the same positions as the stable sort, ties in their order, as int32."""
    asked = _spied(monkeypatch, columns)
    when = np.array([60, 0, 120, 60, 0, 60, 180, 0], np.int64) * 1_000_000
    got = time_order(when)
    assert [list(values) for values in asked] == [list(when)]
    assert got is not None and got.dtype == np.int32
    assert got.tolist() == np.argsort(when, kind="stable").tolist() == [1, 4, 7, 0, 3, 5, 2, 6]


@pytest.mark.parametrize("seed", range(12))
def test_activity_rows_in_time_order_are_the_stable_sort(
    monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    """``ActivityRows.in_time_order`` (the Jira JSON reader's) orders its rows by the keyed sort:
    every column as ``np.argsort(kind="stable")`` orders it, equal times in the order they came."""
    asked = _spied(monkeypatch, columns)
    rng = np.random.default_rng(seed)
    size = int(rng.integers(2, 300))
    when = (rng.integers(0, int(rng.integers(1, 40)), size) * 60_000_000).astype(np.int64)
    rows = ActivityRows()
    items = rng.integers(0, 50, size).tolist()
    actors = rng.integers(-1, 9, size).tolist()
    kinds = rng.integers(0, len(KINDS), size).tolist()
    stamps = [columns.from_us_utc(int(us)) for us in when.tolist()]
    for item, actor, kind, stamp in zip(items, actors, kinds, stamps, strict=True):
        rows.add(f"K-{item}", None if actor < 0 else f"p{actor}", kind, f"f{kind}", stamp)
    got = rows.in_time_order()
    order = np.argsort(when, kind="stable").tolist()
    assert len(asked) == 1 and np.array_equal(asked[0], when)
    assert np.array_equal(got.when, when[order])
    assert [got.activity(row) for row in range(size)] == [
        Activity(
            f"K-{items[k]}",
            None if actors[k] < 0 else f"p{actors[k]}",
            KINDS[kinds[k]],
            stamps[k],
            f"f{kinds[k]}",
        )
        for k in order
    ]
