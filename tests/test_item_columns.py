"""A scan's report items held as columns (``analyzer.item_columns.ItemColumns``, issue 16):
the items made from them are the per-item ones (``balance._item_result``), ``report.items``
is the list of them (made once, holding the items read before), and the JSON report laid from
the columns is the one written from the items, byte for byte, on odd chunks, odd fields, plain
predictions and items changed after they were read."""

from __future__ import annotations

import copy
import io
import math
import pickle
import random
from dataclasses import asdict, fields, replace
from datetime import datetime

import pytest

import analyzer.formats.json as json_module
from analyzer import item_columns
from analyzer.balance import _item_result, analyse
from analyzer.formats import get_format
from analyzer.formats.interface import Utf8Text
from analyzer.item_columns import ItemColumns
from analyzer.pipeline import scan_file
from analyzer.report import (
    DeferredItemResult,
    ItemResult,
    ItemsMadeWhenRead,
    Report,
    SourceInfo,
    held_items,
    to_jsonable,
)
from models.interface import Prediction
from tests.test_analysis_table import random_board
from tests.test_bulk_item_steps import _batch_predictions, _varied
from tests.test_json_chunk_writer import EXAMPLES

WHEN = datetime(2025, 1, 2, 3, 4, 5)


def _columns_and_reference(seed: int, kind: str):
    _, plain = random_board(seed)
    items = _varied(seed)
    rnd = random.Random(seed)
    names = {"p1": "Person One", "p3": ""}
    batch = _batch_predictions(items)
    predictions = {
        "plain": plain,
        "batch": batch,
        "mixed": [rnd.choice([a, b]) for a, b in zip(plain, batch, strict=True)],
    }[kind]
    labels = [rnd.choice(["strategic", "tactical", "uncertain"]) for _ in items]
    counts = [rnd.randrange(4) for _ in items]
    ref = [
        _item_result(item, p, label, names, count)
        for item, p, label, count in zip(items, predictions, labels, counts, strict=True)
    ]
    return items, predictions, labels, names, counts, ref


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("kind", ["plain", "batch", "mixed"])
@pytest.mark.parametrize("part", [7, item_columns._PART])
def test_items_made_from_the_columns_are_the_per_item_results(seed, kind, part, monkeypatch):
    monkeypatch.setattr(item_columns, "_PART", part)  # predictions read 7 at a time, or at once
    items, predictions, labels, names, counts, ref = _columns_and_reference(seed, kind)
    given = list(predictions)
    columns = ItemColumns(items, given, labels, names, counts, drop=True)
    assert given == [None] * len(items)  # a scan's list, emptied
    assert len(columns) == len(ref)
    first, last = columns[2], columns[-1]
    assert columns[2] is first and columns[len(ref) - 1] is last  # made once, kept
    assert columns[1:4] == ref[1:4]
    made = columns.to_list()
    assert made[2] is first and made[-1] is last
    for bulk in (made, list(columns), columns.between(0, len(ref))):
        assert [type(r) for r in bulk] == [type(r) for r in ref]
        assert bulk == ref
        assert [repr(r) for r in bulk] == [repr(r) for r in ref]
        assert [(r.reason, r.terms) for r in bulk] == [(r.reason, r.terms) for r in ref]
        assert [(getattr(r, "_source", None), getattr(r, "_row", None)) for r in bulk] == [
            (getattr(r, "_source", None), getattr(r, "_row", None)) for r in ref
        ]
    if kind != "plain":
        assert DeferredItemResult in set(map(type, made))


def test_columns_need_one_prediction_label_and_count_per_item():
    items, predictions, labels, names, counts, _ = _columns_and_reference(0, "plain")
    with pytest.raises(ValueError, match="one prediction"):
        ItemColumns(items, predictions[:-1], labels, names, counts)


def test_a_made_item_changed_since_is_not_the_columns():
    items, predictions, labels, names, counts, _ = _columns_and_reference(1, "batch")
    predictions[5].confidence = 0.0  # (-0.0 is equal, and written otherwise)
    columns = ItemColumns(items, predictions, labels, names, counts)
    assert columns.unchanged(0, len(items))  # nothing made
    columns[3], columns[5]  # noqa: B018  (made, as the top lists make them)
    assert columns.unchanged(0, len(items))
    changes = [
        ("title", "another"),
        ("reason", "assigned"),
        ("terms", ["x"]),
        ("confidence", -0.0),
        ("confidence", 0.1),
        ("closed", 1),  # equal to True, written otherwise
        ("activity_count", 99),
        ("status", "Elsewhere"),
        ("label", "ux"),
    ]
    for name, value in changes:
        changed = ItemColumns(items, predictions, labels, names, counts)
        setattr(changed[5], name, value)
        assert changed.unchanged(0, 4) and not changed.unchanged(4, 6), name


def _report(board, predictions, columns: bool):
    return analyse(
        board,
        list(predictions),
        generated_at=WHEN,
        top=3,
        board_prior=0.3,
        item_columns=columns,
    )


def _bytes(report) -> bytes:
    raw = io.BytesIO()
    stream = Utf8Text(raw, errors="backslashreplace")  # (a status holds a lone surrogate)
    get_format("json").write(report, stream)
    stream.flush()
    return raw.getvalue()


@pytest.fixture
def small_chunks(monkeypatch):
    monkeypatch.setattr(json_module, "_CHUNK", 5)


@pytest.fixture
def laid(monkeypatch):
    """How many chunks were laid from the columns (and how many handed back)."""
    seen = {"columns": 0, "items": 0}
    real = json_module.columns_bytes

    def spy(*args, **kwargs):
        found = real(*args, **kwargs)
        seen["items" if found is None else "columns"] += 1
        return found

    monkeypatch.setattr(json_module, "columns_bytes", spy)
    return seen


def _board(seed: int, surrogates: bool = False):
    """A random board with odd statuses and columns (a lone surrogate in some statuses when
    ``surrogates``: such a chunk is written from its items), odd assignees and names."""
    board, _ = random_board(seed)  # (two ids twice: the items show the id's counts)
    board.items = _varied(seed)
    rnd = random.Random(seed)
    board.items = [
        replace(
            item,
            assignee=rnd.choice([None, "", "p1", "p3", "nobody"]),
            url="u",
            status=item.status if surrogates or item.status != "\ud800 odd" else "odd",
        )
        for item in board.items
    ]
    board.people["p3"] = replace(board.people["p3"], display_name="")
    return board


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("surrogates", [False, True])
def test_the_json_laid_from_the_columns_is_the_items_json(seed, surrogates, small_chunks, laid):
    board = _board(seed, surrogates)
    predictions = _batch_predictions(board.items)
    listed = _report(board, predictions, columns=False)
    held = _report(board, predictions, columns=True)
    assert type(held_items(listed)) is list and type(held_items(held)) is ItemColumns
    want = _bytes(listed)
    assert _bytes(held) == want
    assert laid["columns"] >= (1 if surrogates else 7)  # (7 chunks of 5 items)
    assert type(held_items(held)) is ItemColumns  # written without making the list
    assert get_format("json").render(held) == get_format("json").render(listed)
    assert held.items == listed.items  # the list, made when read
    assert type(held_items(held)) is list
    assert _bytes(held) == want


def test_the_report_items_are_a_list_made_once():
    board = _board(4)
    predictions = _batch_predictions(board.items)
    report = _report(board, predictions, columns=True)
    top = [*report.top_strategic, *report.top_tactical]
    assert top and type(held_items(report)) is ItemColumns
    items = report.items
    assert type(items) is list and report.items is items
    assert all(any(i is t for i in items) for t in top)  # the top lists' items themselves
    for other in (copy.copy(report), copy.deepcopy(report), pickle.loads(pickle.dumps(report))):
        assert other == report and type(held_items(other)) is list
    report.items = []
    assert report.items == [] and held_items(report) == []


def test_items_changed_after_the_scan_are_written_as_changed(small_chunks, laid):
    board = _board(5)
    predictions = _batch_predictions(board.items)
    listed = _report(board, predictions, columns=False)
    held = _report(board, predictions, columns=True)
    for report in (listed, held):
        report.top_tactical[0].title = "changed \U0001f680"
        report.top_tactical[-1].reason = "told"
    assert laid["columns"] == 0
    assert _bytes(held) == _bytes(listed)
    assert laid["items"] >= 1 and laid["columns"] >= 4


def test_plain_predictions_and_odd_confidences_go_through_the_items(small_chunks, laid):
    board = _board(6)
    predictions = _batch_predictions(board.items)
    predictions[1] = Prediction("tactical", 0.75, "plain reason", top_terms=("a", "b"))
    predictions[7].confidence = math.nan  # a batch's prediction (its reason in the batch)
    predictions[12] = Prediction("strategic", 0.5, "r", top_terms=())
    listed = _report(board, predictions, columns=False)
    held = _report(board, predictions, columns=True)
    assert _bytes(held) == _bytes(listed)
    assert laid == {"items": 3, "columns": 4}  # chunks 0, 1 and 2 from their items


def test_a_scan_holds_its_items_as_columns():
    report = scan_file(EXAMPLES / "jira_sample_export.csv", generated_at=WHEN)
    assert type(held_items(report)) is ItemColumns
    assert all(type(i) in (ItemResult, DeferredItemResult) for i in report.items)


def _columns_report(seed: int = 2):
    """A report built with a columns object for its items, and the list those items are."""
    items, predictions, labels, names, counts, ref = _columns_and_reference(seed, "batch")
    columns = ItemColumns(items, predictions, labels, names, counts)
    return Report(SourceInfo("b", "jira"), WHEN, items=columns), columns, ref


def test_the_constructor_holds_columns_and_every_reader_gets_the_list():
    report, columns, ref = _columns_report()
    assert held_items(report) is columns
    assert repr(report) == repr(replace(report, items=list(ref)))  # (repr reads the list)
    assert type(held_items(report)) is list and report.items == ref
    fresh, other = Report(SourceInfo("b", "jira"), WHEN), Report(SourceInfo("b", "jira"), WHEN)
    assert fresh.items == [] and fresh.items is not other.items  # one default list each
    assert "items" in [f.name for f in fields(Report)]
    assert isinstance(Report.items, ItemsMadeWhenRead)


def test_equality_replace_and_asdict_read_the_items_as_a_list():
    report, _, ref = _columns_report()
    listed = Report(SourceInfo("b", "jira"), WHEN, items=list(ref))
    assert report == listed and type(held_items(report)) is list
    report, columns, _ = _columns_report()
    copied = replace(report)
    assert type(held_items(copied)) is list and copied.items is report.items  # (read once)
    kept = replace(listed, items=columns)  # columns given again are held as they are
    assert held_items(kept) is columns
    assert asdict(kept)["items"] == asdict(listed)["items"]
    assert type(held_items(kept)) is list


def test_columns_assigned_are_held_until_read():
    report, columns, ref = _columns_report()
    report.items = []
    assert held_items(report) == [] and report.items == []
    report.items = columns
    assert held_items(report) is columns and report.to_dict()["items"] == [
        to_jsonable(item) for item in ref
    ]
    assert type(held_items(report)) is list
