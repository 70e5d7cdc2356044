"""The cross-validation ``research.compare`` and ``research.compare_embeddings`` share: stratified
folds of a training set, and every example predicted by a model fitted without it, scored
together. (They used to repeat both.)"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

import numpy as np
from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold

from models.evaluate import Evaluation, score
from models.train import TrainingSet

#: ``(train rows, test rows) -> (labels, confidences)`` of the test rows, from a model fitted on
#: the train rows only.
FoldPredict = Callable[[np.ndarray, np.ndarray], tuple[Sequence[str], np.ndarray]]


def fold_splits(
    ts: TrainingSet, folds: int, seed: int, *, grouped: bool
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Shuffled stratified folds; ``grouped``: a phrase and the tickets written from it always
    share a fold."""
    rows = np.zeros(len(ts.y))
    if grouped:
        splitter = StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=seed)
        return splitter.split(rows, ts.y, ts.groups)
    return StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed).split(rows, ts.y)


def out_of_fold(
    ts: TrainingSet, folds: int, seed: int, predict: FoldPredict, *, grouped: bool
) -> Evaluation:
    """Every example's prediction from the fold that left it out, scored together."""
    predicted = np.empty(len(ts.y), dtype=object)
    confidence = np.zeros(len(ts.y))
    for train_idx, test_idx in fold_splits(ts, folds, seed, grouped=grouped):
        predicted[test_idx], confidence[test_idx] = predict(train_idx, test_idx)
    return score(list(ts.y), list(predicted), confidence, ts.labels)
