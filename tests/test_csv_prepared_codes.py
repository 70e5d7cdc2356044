"""A scan's prepared Jira CSV batch: small codes ranked without a sort (``dense_codes``) give
what ``np.unique(..., return_inverse=True)`` gives, and the batch's status categories still
come out as the per-row ``status_category`` reads them."""

from __future__ import annotations

import numpy as np
import pytest

from connectors.exports._csv_prepared import dense_codes


@pytest.mark.parametrize("seed", range(20))
def test_dense_codes_are_np_unique(seed: int) -> None:
    rng = np.random.default_rng(seed)
    size = int(rng.integers(1, 50))
    values = rng.integers(0, size, int(rng.integers(0, 300)))
    if seed % 4 == 0 and len(values):  # a few codes only, far apart
        values = rng.choice([0, size - 1], len(values))
    distinct, places = dense_codes(values, size)
    want_distinct, want_places = np.unique(values, return_inverse=True)
    assert distinct.tolist() == want_distinct.tolist()
    assert places.reshape(-1).tolist() == want_places.reshape(-1).tolist()


def test_dense_codes_of_nothing() -> None:
    distinct, places = dense_codes(np.zeros(0, np.int64), 4)
    assert distinct.tolist() == [] and places.tolist() == []
