"""Evaluation metrics: per-label P/R/F1, macro-F1, confusion matrix, ECE, coverage."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from models.classifier import load_model
from models.evaluate import (
    evaluate,
    expected_calibration_error,
    read_labelled,
    render_text,
    score,
)
from models.interface import ModelError

FIXTURES = Path(__file__).parent / "fixtures"
LABELS = ["strategic", "tactical"]


def test_score_by_hand():
    true = ["strategic", "strategic", "strategic", "tactical", "tactical"]
    pred = ["strategic", "strategic", "tactical", "tactical", "strategic"]
    conf = [0.9, 0.7, 0.55, 0.8, 0.65]
    ev = score(true, pred, conf, LABELS, threshold=0.6)
    assert ev.confusion == [[2, 1], [1, 1]]
    s, t = ev.per_label
    assert (s.precision, s.recall, s.support) == (
        pytest.approx(2 / 3, abs=1e-4),
        pytest.approx(2 / 3, abs=1e-4),
        3,
    )
    assert (t.precision, t.recall, t.f1) == (0.5, 0.5, 0.5)
    assert ev.macro_f1 == pytest.approx((2 / 3 + 0.5) / 2, abs=1e-4)
    assert ev.accuracy == 0.6
    assert ev.coverage == 0.8  # 4 of 5 at >= 0.6
    assert ev.accuracy_above_threshold == 0.75  # 3 of those 4 right


def test_ece_by_hand():
    conf = np.array([0.95, 0.95, 0.65, 0.65])
    correct = np.array([True, True, True, False])
    # bin 0.9-1.0: |1.0 - 0.95| * 2 ; bin 0.6-0.7: |0.5 - 0.65| * 2 ; / 4
    assert expected_calibration_error(conf, correct) == pytest.approx((0.1 + 0.3) / 4)
    assert expected_calibration_error(np.array([]), np.array([], dtype=bool)) == 0.0


def test_no_prediction_above_threshold():
    ev = score(["tactical"], ["tactical"], [0.55], LABELS, threshold=0.6)
    assert ev.coverage == 0.0 and ev.accuracy_above_threshold is None
    assert "accuracy above threshold: n/a" in render_text(ev)


def test_read_labelled_uses_type_and_description():
    items = read_labelled(FIXTURES / "model_labelled.csv")
    assert len(items) == 6
    assert items[1].doc.type == "Initiative" and items[0].doc.description == "Compare three rivals"
    assert items[3].label == "tactical"


def test_read_labelled_split_filter(tmp_path):
    path = tmp_path / "s.csv"
    path.write_text("text,label,split\na,strategic,dev\nb,tactical,test\n", encoding="utf-8")
    assert [i.doc.title for i in read_labelled(path, split="test")] == ["b"]
    with pytest.raises(ModelError, match="no labelled rows in split 'x'"):
        read_labelled(path, split="x")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "empty file"),
        (b"title,role\na,b\n", "missing column"),
        (b"text,label\nabc,\n", "line 2: empty label"),
        (b"text,label\n\x00\x00", "binary"),
    ],
)
def test_read_labelled_errors(tmp_path, content, expected):
    path = tmp_path / "x.csv"
    path.write_bytes(content)
    with pytest.raises(ModelError, match=expected):
        read_labelled(path)


def test_evaluate_bundled_model_on_fixture():
    ev = evaluate(load_model(), read_labelled(FIXTURES / "model_labelled.csv"))
    assert ev.n == 6 and ev.labels == LABELS
    assert ev.accuracy >= 5 / 6
    assert 0.0 <= ev.ece <= 1.0


def test_model_selection_helpers_on_a_small_set():
    """research.compare: the candidate grid and grouped / item-level cross-validation."""
    from models.train import DEFAULT_CONFIG, build_training_set, read_phrases
    from research.compare import candidates, cross_validate, table

    grid = candidates()
    names = [c.name for c in grid]
    assert len(names) == len(set(names)) == 19
    assert sum("no prior" in n for n in names) == 1
    ts = build_training_set(read_phrases(FIXTURES / "model_phrases.csv"), (), LABELS)
    for grouped in (True, False):
        ev = cross_validate(ts, DEFAULT_CONFIG, seed=0, folds=2, grouped=grouped)
        assert ev.n == 16 and 0.0 <= ev.macro_f1 <= 1.0
    assert table([]).count("\n") == 1  # header and separator only


def test_research_compare_scripts_find_the_bundled_eval_set():
    """Both model-selection scripts read the bundled evaluation set (a wrong path crashed them)."""
    from research import compare, compare_embeddings

    assert compare.EVAL_CSV.is_file()
    assert compare_embeddings.EVAL_CSV == compare.EVAL_CSV
