"""Session 24: ``classify --file``'s JSON lines are made with the cyclic collector paused for
each batch's work and on again before the lines are handed on."""

from __future__ import annotations

from analyzer.modeling import prediction_lines
from models.interface import ItemDoc
from tests.test_s24_holds_read import HELD_DOCS


def test_classify_json_lines_pauses_the_collector_for_a_batch_only(model, monkeypatch):
    import gc

    from analyzer.modeling import classify_json_lines
    from models.classifier import LinearRoleModel

    seen: list[bool] = []
    shipped = LinearRoleModel.predict_columns

    def predict_columns(self, docs, prior=None, **kwargs):
        seen.append(gc.isenabled())
        return shipped(self, docs, prior, **kwargs)

    monkeypatch.setattr(LinearRoleModel, "predict_columns", predict_columns)
    texts = [d.title for d in HELD_DOCS] * 2
    between: list[bool] = []
    batches = []
    for lines in classify_json_lines(texts, 0.6, model=model, batch=len(HELD_DOCS)):
        between.append(gc.isenabled())
        batches.append(lines)
    assert seen == [False, False] and between == [True, True]
    single = list(classify_json_lines(texts[:1], 0.6, item_type="Epic", model=model))
    assert len(single) == 1 and '"predicted": ' in single[0][0]
    typed = model.predict_columns([ItemDoc(texts[0], type="Epic")], unsure_below=0.6)
    assert single[0] == prediction_lines(texts[:1], typed, 0.6)  # the type read as before
