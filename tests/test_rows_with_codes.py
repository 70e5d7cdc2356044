"""The look-up table that replaced ``np.isin`` on activity columns gives np.isin's rows (the
reference), and the latest strategic row by some people is the one np.isin found."""

from __future__ import annotations

import numpy as np
import pytest

from analyzer.timeline import rows_with_codes


@pytest.mark.parametrize("dtype", [np.int16, np.int32])
def test_rows_with_codes_equal_np_isin(dtype) -> None:
    rng = np.random.default_rng(3)
    for size in (1, 2, 7, 300):
        column = rng.integers(-1, size, 5_000).astype(dtype)  # -1: no code (no actor)
        for codes in ([], [0], list(range(size)), sorted(set(rng.integers(0, size, 4).tolist()))):
            got = rows_with_codes(column, iter(codes), size)
            assert got.dtype == bool
            assert np.array_equal(got, np.isin(column, codes))
    assert not rows_with_codes(np.array([-1, -1], np.int32), [0, 1], 2).any()
    assert rows_with_codes(np.array([], np.int32), [0], 1).tolist() == []


def _last_strategic_row_reference(table, people) -> int | None:
    from analyzer.timeline import S_CODE

    rows = np.flatnonzero(
        (table.label == S_CODE) & np.isin(table.actor, table.actor_codes(list(people)))
    )
    return int(rows[-1]) if rows.size else None


def test_last_strategic_row_is_np_isins_last_row() -> None:
    from types import SimpleNamespace

    from analyzer.flags._fast import last_strategic_row
    from analyzer.timeline import S_CODE, LabelledActivities

    rng = np.random.default_rng(5)
    actors = ["a", "b", "c", "d"]
    for n in (0, 1, 2, 50, 400):
        table = SimpleNamespace(
            label=rng.integers(0, 3, n).astype(np.int16),
            actor=rng.integers(-1, len(actors), n).astype(np.int32),
            actors=actors,
        )
        table.actor_codes = LabelledActivities.actor_codes.__get__(table)
        table.actor_mask = LabelledActivities.actor_mask.__get__(table)
        for people in ([], ["a"], ["b", "d"], actors, ["nobody"]):
            assert last_strategic_row(table, people) == _last_strategic_row_reference(table, people)
    none_strategic = SimpleNamespace(
        label=np.full(5, S_CODE + 1, np.int16), actor=np.zeros(5, np.int32), actors=actors
    )
    none_strategic.actor_codes = LabelledActivities.actor_codes.__get__(none_strategic)
    none_strategic.actor_mask = LabelledActivities.actor_mask.__get__(none_strategic)
    assert last_strategic_row(none_strategic, actors) is None
