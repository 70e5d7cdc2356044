"""research.folds: the folds research.compare and research.compare_embeddings share."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from research.folds import fold_splits, out_of_fold


def training_set(n: int = 40):
    """Two labels, four examples to a phrase group (a phrase and its tickets)."""
    y = np.array(["strategic" if i % 8 < 4 else "tactical" for i in range(n)])
    groups = np.arange(n) // 4
    return SimpleNamespace(y=y, groups=groups, labels=("strategic", "tactical"))


@pytest.mark.parametrize("grouped", [False, True])
def test_each_example_is_tested_once_by_a_fold_that_did_not_train_on_it(grouped):
    ts = training_set()
    tested = []
    for train, test in fold_splits(ts, 5, seed=0, grouped=grouped):
        assert not set(train) & set(test)
        tested += list(test)
    assert sorted(tested) == list(range(len(ts.y)))


def test_grouped_folds_keep_a_group_together_and_item_folds_do_not():
    ts = training_set()

    def split_groups(grouped: bool) -> int:
        return sum(
            len(set(ts.groups[train]) & set(ts.groups[test]))
            for train, test in fold_splits(ts, 5, seed=0, grouped=grouped)
        )

    assert split_groups(True) == 0
    assert split_groups(False) > 0


def test_out_of_fold_scores_the_predictions_of_every_fold_together():
    ts = training_set()
    seen = []

    def predict(train, test):
        seen.append(len(test))
        wrong = {"strategic": "tactical", "tactical": "strategic"}
        labels = [ts.y[i] if i % 10 else wrong[ts.y[i]] for i in test]  # 4 of 40 wrong
        return labels, np.full(len(test), 0.9)

    result = out_of_fold(ts, 5, 0, predict, grouped=True)
    assert len(seen) == 5 and sum(seen) == 40
    assert result.accuracy == pytest.approx(36 / 40)
