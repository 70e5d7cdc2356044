"""A scan keeps its predictions as the classifier batches' columns (issue 16, session 30).

:class:`models._scan_predictions.ScanPredictions` is what ``classify_items(..., as_columns=True)``
returns for the bundled model: read as a sequence it holds the predictions ``predict`` makes
(the parents' re-readings and the unread languages' included), and the analysis reads its
columns (final labels, unread languages, the report's item columns) without an object per item.
The scan's report is the same either way.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest

from analyzer import pipeline
from analyzer.formats import get_format
from analyzer.item_columns import ItemColumns
from analyzer.pipeline import classify_items, forget_descriptions_of, scan_file
from analyzer.timeline import label_activities
from connectors.exports import _csv_prepared
from connectors.interface import Board, Item
from connectors.packed_item import PackedItem, held_description, pack
from models import _scan_predictions
from models._scan_predictions import ScanPredictions, reads_batches
from models.classifier import LinearRoleModel, load_model
from tests.test_scan_description_cut import _export

EXAMPLES = Path(__file__).parent.parent / "examples"
JAPANESE = "このページの文言を新しい説明に合わせて書き直し、画面の表示を確認する。"


def _item(id_: str, title: str, **kw) -> Item:
    return Item(source="jira", id=id_, title=title, key=f"P-{id_}", **kw)


def _items() -> list[Item]:
    """Delivery work, a strategic parent with a research sub-task and a delivery one, and
    items the model does not read (a Japanese description)."""
    titles = ["Fix the login page on mobile", "Add export to CSV", "Checkout button misaligned"]
    titles += ["Upgrade the database driver", "Password reset email not sent"]
    items = [_item(f"d{n}", t, type="Story", column="Done") for n, t in enumerate(titles)]
    items.append(_item("p", "Interviews with shop owners about their invoicing pains", type="Task"))
    for n, title in enumerate(("Write up the summary", "Fix the CSV export encoding")):
        items.append(
            _item(f"s{n}", title, type="Sub-task", parent="P-p", hierarchy_level=-1, column="Done")
        )
    items += [_item(f"j{n}", "Update the page", description=JAPANESE * 3) for n in range(3)]
    items += [_item(f"r{n}", f"Market research on pricing {n}", type="Epic") for n in range(4)]
    return items


@pytest.fixture(scope="module")
def model() -> LinearRoleModel:
    found = load_model()
    assert isinstance(found, LinearRoleModel)
    return found


@pytest.mark.parametrize("batch_size", [3, 5, 2048])
def test_the_columns_hold_the_predictions_predict_makes(model, batch_size):
    items = _items()
    listed = classify_items(items, model, batch_size=batch_size)
    kept = classify_items(items, model, batch_size=batch_size, as_columns=True)
    assert type(kept) is ScanPredictions and type(listed) is list
    assert len(kept) == len(listed) == len(items)
    assert list(kept) == listed
    assert [kept[k] for k in range(len(items))] == listed
    assert kept[-1] == listed[-1] and kept[2:7] == listed[2:7]
    with pytest.raises(IndexError):
        kept[len(items)]
    assert [p.reason for p in kept] == [p.reason for p in listed]
    assert [p.top_terms for p in kept] == [p.top_terms for p in listed]
    assert "read with its parent's title" in kept[6].reason  # a re-reading kept as its object
    assert 6 in kept.own and {8, 9, 10} <= set(kept.own)  # (and the unread languages)


@pytest.mark.parametrize("threshold", [0.0, 0.5, 0.6, 0.75, 0.9, 1.0])
def test_the_final_labels_and_unread_languages_by_column(model, threshold):
    items = _items()
    listed = classify_items(items, model, batch_size=4)
    kept = classify_items(items, model, batch_size=4, as_columns=True)
    assert kept.final_labels(threshold) == [p.final_label(threshold) for p in listed]
    assert model.unread_languages(kept) == model.unread_languages(listed)
    assert kept.unread_languages()[8:11] == ["ja"] * 3
    board = Board(source="jira", id="b", name="b", items=items)
    by_column = label_activities(board, kept, threshold)
    assert by_column.board_labels() == label_activities(board, listed, threshold).board_labels()


def test_a_nan_confidence_is_uncertain_by_column_too(model):
    kept = classify_items(_items()[:3], model, as_columns=True)
    kept._batches[0].proba[1, :] = np.nan
    assert kept.final_labels(0.5) == [p.final_label(0.5) for p in kept]
    assert kept.final_labels(0.5)[1] == "uncertain"


def test_classify_items_says_it_returns_columns_when_asked():
    """Annotated ``-> list[Prediction]`` while it returns a ScanPredictions with
    ``as_columns`` (session 30 left two ``type: ignore`` for it): its return type says both,
    and the decorator keeps its signature for a type checker (ParamSpec)."""
    import typing

    from models.interface import Prediction

    hints = typing.get_type_hints(classify_items, localns={"ScanPredictions": ScanPredictions})
    assert hints["return"] == list[Prediction] | ScanPredictions
    assert typing.get_type_hints(pipeline._classify_board, localns=vars(_scan_predictions))[
        "return"
    ] == (list[Prediction] | ScanPredictions)


def test_the_item_columns_read_the_columns_as_they_read_the_objects(model):
    items = _items()
    listed = classify_items(items, model, batch_size=4)
    kept = classify_items(items, model, batch_size=4, as_columns=True)
    labels = kept.final_labels(0.6)
    counts = list(range(len(items)))
    a = ItemColumns(items, list(listed), labels, {}, counts, drop=True, given=True)
    b = ItemColumns(items, kept, labels, {}, counts, drop=True, given=True)
    assert a.confidence.tolist() == b.confidence.tolist()
    assert a.predicted == b.predicted and a.plain == b.plain and b.plain
    assert a.rows.tolist() == b.rows.tolist() and b.rows.dtype == np.int64
    for x, y, row in zip(a.batches, b.batches, b.rows.tolist(), strict=True):  # (two classifies)
        assert (x is None) == (y is None)
        assert x is None or x.reason_and_terms(row) == y.reason_and_terms(row)
    assert list(a) == list(b)


def test_only_the_bundled_models_predict_keeps_columns(model):
    class Counting(LinearRoleModel):
        def predict(self, docs, prior=None, **kw):  # type: ignore[override]
            return super().predict(docs, prior, **kw)

    other = Counting.__new__(Counting)
    other.__dict__.update(model.__dict__)
    assert reads_batches(model) and not reads_batches(other) and not reads_batches(object())
    got = classify_items(_items(), other, as_columns=True)
    assert type(got) is list and got == classify_items(_items(), model)


def _render_both(path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, str]:
    when = datetime(2026, 1, 1, tzinfo=UTC)
    render = get_format("json").render
    kinds: list[type] = []
    real = pipeline.analyse

    def spy(board, predictions, **kw):
        kinds.append(type(predictions))
        return real(board, predictions, **kw)

    monkeypatch.setattr(pipeline, "analyse", spy)
    columns = render(scan_file(path, generated_at=when))
    with monkeypatch.context() as patch:
        patch.setattr(_scan_predictions, "reads_batches", lambda model: False)
        objects = render(scan_file(path, generated_at=when))
    assert kinds == [ScanPredictions, list]
    return columns, objects


@pytest.mark.parametrize("seed", range(2))
def test_a_scan_reports_the_same_as_with_prediction_objects(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int
):
    monkeypatch.setattr(_csv_prepared, "BATCH_ROWS", 64)
    columns, objects = _render_both(_export(tmp_path, 50 + seed), monkeypatch)
    assert columns == objects


@pytest.mark.parametrize("name", ["jira_sample_export.json", "trello_sample_board.json"])
def test_the_sample_boards_report_the_same(tmp_path, monkeypatch, name):
    columns, objects = _render_both(EXAMPLES / name, monkeypatch)
    assert columns == objects


def test_a_board_in_an_unread_language_reports_the_same(tmp_path, monkeypatch):
    export = json.loads((EXAMPLES / "trello_sample_board.json").read_text(encoding="utf-8"))
    for card in export["cards"][::2]:
        card["name"], card["desc"] = "Update the page", JAPANESE * 3
    path = tmp_path / "board.json"
    path.write_text(json.dumps(export), encoding="utf-8")
    columns, objects = _render_both(path, monkeypatch)
    assert columns == objects and "which the model does not read" in columns


def test_the_forgetting_asks_a_packed_description_without_decoding_it(monkeypatch):
    texts = [
        "",
        "plain",
        "\u2014 an em dash",
        "東京でのローンチ計画\nAcceptance criteria: it launches",
    ]
    items = []
    for text in texts:
        item = _item(str(len(items)), "A title", description=pack(text))
        if type(item.description) is bytes:
            item.__class__ = PackedItem
        items.append(item)
    assert [bool(held_description(item)) for item in items] == [bool(t) for t in texts]
    assert type(held_description(items[2])) is bytes
    assert held_description(_item("x", "t", description=None)) is None
    found = forget_descriptions_of(items, np.array([False, True, True, False]))
    assert found == [3]
    assert [item.description for item in items] == ["", "", "", texts[3][11:]]
