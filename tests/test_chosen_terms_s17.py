"""Session 17: a batch's reason terms taken at once where a row's first ranks share no word
(``models._fastpath.chosen_terms``), held to the rank-by-rank walk of sessions 9-16."""

from __future__ import annotations

import numpy as np
import pytest

from models._fastpath import _greedy_terms, chosen_terms
from models.classifier import TOP_TERMS, load_model


def walked(candidates: np.ndarray, parts: np.ndarray, count: int) -> list[list[int]]:
    """The greedy choice one row at a time, in plain Python (the readable reference)."""
    out = []
    for ranked in candidates.tolist():
        taken: list[int] = []
        words: set[int] = set()
        for col in ranked:
            if col < 0 or len(taken) == count:
                break
            mine = {w for w in parts[col].tolist() if w >= 0}
            if mine & words:
                continue
            taken.append(col)
            words |= mine
        out.append(taken + [-1] * (count - len(taken)))
    return out


def random_case(seed: int, n: int = 400, columns: int = 30, spare: int = 9):
    rng = np.random.default_rng(seed)
    # Few word ids over two-word columns: clashes are common; some columns are one word.
    parts = rng.integers(0, 12, size=(columns, 2))
    parts[rng.random(columns) < 0.4, 1] = -1
    candidates = np.full((n, spare), -1, dtype=np.int64)
    for row in range(n):
        k = int(rng.integers(0, spare + 1))  # 0..spare candidates, then -1 pads
        candidates[row, :k] = rng.choice(columns, size=k, replace=False)
    return candidates, parts


@pytest.mark.parametrize("seed", range(6))
def test_chosen_terms_equal_the_walk(seed):
    candidates, parts = random_case(seed)
    expected = walked(candidates, parts, TOP_TERMS)
    assert chosen_terms(candidates, parts, TOP_TERMS).tolist() == expected
    assert _greedy_terms(candidates, parts, TOP_TERMS).tolist() == expected


def test_rows_without_a_clash_skip_the_walk(monkeypatch):
    import models._fastpath as fastpath

    parts = np.array([[0, 1], [2, -1], [3, 4], [1, -1], [5, -1]])
    candidates = np.array([[0, 1, 2, 4], [0, 3, 2, 4], [4, -1, -1, -1], [-1, -1, -1, -1]])
    seen: list[int] = []

    def spy(rows, parts_, count):
        seen.append(len(rows))
        return _greedy_terms(rows, parts_, count)

    monkeypatch.setattr(fastpath, "_greedy_terms", spy)
    chosen = chosen_terms(candidates, parts, 3)
    # row 1's "1" clashes with the first term's words (0, 1): only that row walks the ranks
    assert seen == [1]
    assert chosen.tolist() == [[0, 1, 2], [0, 2, 4], [4, -1, -1], [-1, -1, -1]]


def test_fewer_ranks_than_terms_are_padded():
    parts = np.array([[0, -1], [1, -1]])
    assert chosen_terms(np.array([[1], [-1]]), parts, 3).tolist() == [[1, -1, -1], [-1, -1, -1]]


def test_the_bundled_model_terms_equal_the_walk():
    """The real columns' word ids (bigrams and their words) on rows ranked from them."""
    model = load_model()
    parts = model._part_ids()
    rng = np.random.default_rng(3)
    bigrams = np.flatnonzero(parts[:, 1] >= 0)
    words = parts[bigrams].ravel()
    # Each row: a bigram, then its words' columns where they are features, then others.
    index = {int(parts[c, 0]): c for c in np.flatnonzero(parts[:, 1] < 0).tolist()}
    rows = []
    for col in rng.choice(bigrams, size=200).tolist():
        ranked = [col] + [index[w] for w in parts[col].tolist() if w in index]
        ranked += rng.choice(len(parts), size=9, replace=False).tolist()
        rows.append(list(dict.fromkeys(ranked))[:9])
    candidates = np.array(rows, dtype=np.int64)
    assert len(set(words.tolist())) > 1
    assert chosen_terms(candidates, parts, TOP_TERMS).tolist() == walked(
        candidates, parts, TOP_TERMS
    )
