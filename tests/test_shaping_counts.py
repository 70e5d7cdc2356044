"""The role-overlap flag's shaping counts, a step of rows at a time by ``compress``, equal the
whole-column boolean subscripts they replaced (kept here as the reference)."""

from __future__ import annotations

import numpy as np

from analyzer.flags._fast import shaping_counts


def _reference(actor: np.ndarray, is_s: np.ndarray, n_actors: int):
    return (
        np.bincount(actor[is_s], minlength=n_actors),
        np.bincount(actor[~is_s], minlength=n_actors),
    )


def test_shaping_counts_equal_the_boolean_subscripts_at_every_step() -> None:
    rng = np.random.default_rng(3)
    for n, n_actors in ((0, 4), (1, 1), (7, 3), (1000, 12), (5000, 40)):
        actor = rng.integers(0, n_actors, n).astype(np.int32)
        is_s = rng.random(n) < rng.random()
        want = _reference(actor, is_s, n_actors)
        for step in (1, 3, 64, 1 << 18):
            got = shaping_counts(actor, is_s, n_actors, step)
            for a, b in zip(got, want, strict=True):
                assert a.dtype == b.dtype and a.tolist() == b.tolist(), (n, step)
