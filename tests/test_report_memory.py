"""Reasons and terms built when read (issue 7, memory): the bundled model's predictions and a
scan's report items hold no reason text nor terms list, and read exactly as before."""

from __future__ import annotations

import copy
import dataclasses
import json
import pickle
import tracemalloc
from pathlib import Path

import numpy as np
import pytest

from analyzer.formats import get_format
from analyzer.pipeline import scan_file
from analyzer.report import DEFERRED, DeferredItemResult, ItemResult, to_jsonable
from models._batch import _Batch
from models.calibration import (
    calibrated,
)
from models.interface import ItemDoc, Prediction
from models.model_config import analyse
from models.reasons import _HELD_THIN, reason_text
from models.rules import NO_TEXT_REASON

SAMPLE = str(Path(__file__).resolve().parents[1] / "examples" / "trello_sample_board.json")


@pytest.fixture(scope="module")
def report():
    return scan_file(SAMPLE)


def _docs(n: int) -> list[ItemDoc]:
    words = ["roadmap", "vision", "fix", "login", "bug", "market", "sprint", "okr", "refactor"]
    return [
        ItemDoc(title=f"{words[i % 9]} {words[(i * 7) % 9]} item {i}", description="d " * (i % 5))
        for i in range(n)
    ]


def test_a_deferred_reason_is_the_reason_text_of_its_parts(model):
    docs = _docs(60) + [ItemDoc(title="zzqx"), ItemDoc(title="")]
    phrases = {(p.text, p.provenance): p for p in model.phrases}
    for doc, prediction in zip(docs, model.predict(docs), strict=True):
        if not doc.title:  # no text to read: a prediction of its own, saying so (session 34)
            assert prediction.reason == NO_TEXT_REASON
            continue
        assert not isinstance(Prediction.reason.__get__(prediction), str)  # no text held
        phrase = phrases.get((prediction.nearest_phrase, prediction.nearest_source))
        learned = any(f in model.vocabulary for f in analyse(doc, model.config))
        # read strategic, held back at 0.45 by the evidence rules: the reason says so
        read = calibrated(model.decision(model.transform([doc])), model.calibration)[0]
        thin = read[model.labels.index("strategic")] > 0.45 and (
            prediction.scores["strategic"] == 0.45
        )
        expected = reason_text(
            prediction.label,
            prediction.confidence,
            prediction.top_terms,
            phrase,
            held=_HELD_THIN if thin else False,
            learned=learned,
        )
        assert prediction.reason == expected
        assert prediction.deferred() is not None


def test_an_assigned_reason_or_terms_is_kept_and_no_longer_deferred(model):
    first, second = model.predict(_docs(2))
    first.reason = "mine"
    second.top_terms = ["x"]
    assert first.reason == "mine" and first.deferred() is None
    assert second.top_terms == ["x"] and second.deferred() is None


def test_a_reason_head_on_a_rounding_tie_is_formatted_from_the_probability():
    batch = _Batch(
        labels=("strategic", "tactical"),
        names=["a", "b"],
        proba=np.array([[0.125, 0.875]]),
        chosen=np.array([[1, -1]]),
        best=np.array([1], dtype=np.int32),
        nearest=np.array([-1], dtype=np.int32),
        codes=np.array([-1], dtype=np.int32),
        shown=["'a'", "'b'"],
        heads=[],
        phrase_parts=[(None, None, "; no similar training phrase")],
    )
    assert batch.reason(0) == f"tactical {0.875:.2f}: 'b'; no similar training phrase"
    assert batch.terms(0) == ["b"]


def test_report_items_hold_no_reason_nor_terms_and_read_as_before(report):
    assert report.items
    for item in report.items:
        assert type(item) is DeferredItemResult
        assert ItemResult.reason.__get__(item) is DEFERRED
        assert ItemResult.terms.__get__(item) is DEFERRED
        assert isinstance(item.reason, str) and item.reason.startswith(item.predicted_label)
        assert isinstance(item.terms, list)
        plain = ItemResult(**{f.name: getattr(item, f.name) for f in dataclasses.fields(item)})
        assert item == plain and plain == item
        assert repr(item) == repr(plain)
        assert to_jsonable(item) == to_jsonable(plain)


def test_a_deferred_item_can_be_changed_copied_and_pickled(report):
    item = report.items[0]
    reason, terms = item.reason, item.terms
    assert copy.deepcopy(item) == item
    assert pickle.loads(pickle.dumps(item)) == item
    assert copy.copy(item) == item  # a copy holds the texts (dataclass __getstate__)
    changed = dataclasses.replace(item, title="other")
    assert changed.title == "other" and changed.reason == reason and changed.terms == terms
    changed.reason, changed.terms = "r", ["t"]
    assert (changed.reason, changed.terms) == ("r", ["t"])
    assert changed.reason_and_terms() == ("r", ["t"])
    assert item.reason_and_terms() == (reason, terms)
    assert item != changed


def test_the_json_of_deferred_items_is_the_general_json(report):
    text = get_format("json").render(report)
    expected = json.dumps(report.to_dict(), indent=2, ensure_ascii=False, allow_nan=False)
    assert text == expected + "\n"


def _traced(build):
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        kept = build()
        return kept, tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()


def test_predictions_hold_no_reason_text(model):
    # ~220 bytes of reason text per item when held; each prediction is ~200 bytes without it.
    docs = _docs(2000)
    model.predict(docs[:10])
    predictions, size = _traced(lambda: model.predict(docs))
    assert len(predictions) == 2000
    assert size / 2000 < 330


def _plain(item: ItemResult) -> ItemResult:
    return ItemResult(**{f.name: getattr(item, f.name) for f in dataclasses.fields(item)})


@pytest.mark.parametrize("name", ["json", "table", "markdown", "html"])
def test_every_format_writes_deferred_items_as_plain_ones(report, name):
    plain = dataclasses.replace(
        report,
        items=[_plain(i) for i in report.items],
        top_strategic=[_plain(i) for i in report.top_strategic],
        top_tactical=[_plain(i) for i in report.top_tactical],
        top_other={k: [_plain(i) for i in v] for k, v in report.top_other.items()},
    )
    assert all(type(i) is ItemResult for i in plain.items)
    fmt = get_format(name)
    assert fmt.render(report) == fmt.render(plain)
