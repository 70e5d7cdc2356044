"""research.s27_type_weight: an item's issue type token is weakened by kind of type (training
and prediction), localised names by their canonical type, lists never, the level token only when
asked, weight 1 reads as the shipped paths, and all is put back (no real data read)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import models.classifier as classifier
from models import train
from models._rules_applied import BatchRules
from models.interface import ItemDoc
from research import s26_title_weight as title_weight
from research.s27_type_weight import WEAK, install, type_names, typed_features

FIXTURES = Path(__file__).parent / "fixtures"

DOCS = [
    ItemDoc("Fix login button", type="Sub-task", column="Backlog", hierarchy_level=-1),
    ItemDoc("Product roadmap for next year", type="Task", column="Done", hierarchy_level=0),
    ItemDoc("Quarterly strategy review", type="Epic", column="Ideas", hierarchy_level=1),
    ItemDoc("Update the invoice export", type="Bug", description="x" * 120, column="Backlog"),
    ItemDoc("Corregir el filtro", type="Subtarea", column="Por hacer", hierarchy_level=-1),
]

TICKETS = [
    train.Ticket("Fix the export crash", "tactical", type="Bug", column="Done"),
    train.Ticket("Update the login page copy", "tactical", type="Task", column="Done"),
    train.Ticket("Split the payment refactor", "tactical", type="Sub-task", column="Backlog"),
    train.Ticket("Add a CSV download button", "tactical", type="Story", column="In Progress"),
    train.Ticket("Define the pricing strategy", "strategic", type="Epic", column="Ideas"),
    train.Ticket("Interview customers about onboarding", "strategic", column="Discovery"),
    train.Ticket("Set next year's product goals", "strategic", type="Epic", column="Roadmap"),
    train.Ticket("Size the market for schools", "strategic", type="Task", column="Backlog"),
]


def _train() -> classifier.LinearRoleModel:
    phrases = train.read_phrases(FIXTURES / "model_phrases.csv")
    return train.train_model(phrases, tickets=TICKETS, seed=0)


@pytest.fixture(scope="module")
def model() -> classifier.LinearRoleModel:
    return _train()


def _parts(doc: ItemDoc) -> dict[str, int]:
    return dict(zip(*typed_features(doc, train.DEFAULT_CONFIG), strict=True))


def test_kinds_of_type():
    assert type_names("subtask") == {"sub-task"}
    assert type_names("tasks") == {"task", "sub-task"}
    assert type_names("delivery") >= {"bug", "story", "improvement"}
    assert "epic" not in type_names("delivery")
    assert type_names("bug, new-feature") == {"bug", "new-feature"}
    with pytest.raises(ValueError):
        type_names(" , ")


def test_only_the_named_types_token_is_weak():
    with install(0.5, "subtask"):
        sub = _parts(DOCS[0])
        assert sub["type:sub-task"] == WEAK
        assert sub["level:-1"] == title_weight.META and sub["column:backlog"] == title_weight.META
        assert WEAK not in _parts(DOCS[1]).values()  # a Task
        assert _parts(DOCS[4])["type:sub-task"] == WEAK  # a Spanish "Subtarea"
    with install(0.5, "delivery", level=True):
        assert _parts(DOCS[0])["level:-1"] == WEAK
        assert _parts(DOCS[1])["type:task"] == WEAK and _parts(DOCS[1])["level:0"] == WEAK
        assert WEAK not in _parts(DOCS[2]).values()  # an Epic keeps its type and level
        assert not any(p == WEAK for f, p in _parts(DOCS[3]).items() if f.startswith("column:"))


def test_a_short_description_keeps_its_type():
    with install(0.5, "delivery", min_description=100):
        assert WEAK not in _parts(DOCS[1]).values()  # no description
        assert _parts(DOCS[3])["type:bug"] == WEAK  # 120 characters


def test_weight_one_reads_as_the_shipped_paths(model):
    plain = model.predict_proba(DOCS)
    rows = model.transform(DOCS).toarray()
    aside = model._aside_columns
    with install(1.0, "delivery", level=True):
        assert np.allclose(model.predict_proba(DOCS), plain, atol=1e-12)
        assert np.allclose(model.transform(DOCS).toarray(), rows, atol=1e-12)
    assert model._aside_columns == aside
    with install(1.0, "delivery", level=True):  # trained through the weighted vectoriser
        again = _train()
    assert np.allclose(again.predict_proba(DOCS), plain, atol=1e-12)
    assert train.make_pipeline.__module__ == "models.train"
    assert title_weight.weighted_features is not typed_features
    assert len(title_weight._WEIGHTS) == 3 and np.all(title_weight._WEIGHTS == 1.0)


def test_a_weak_type_loses_share_of_its_row_and_is_undone(model):
    sub, epic = [DOCS[0]], [DOCS[2]]
    j = model.vocabulary.get("type:sub-task")
    k = model.vocabulary.get("column:backlog")
    assert j is not None
    before, kept = model.transform(sub).toarray()[0], model.transform(epic).toarray()[0]
    with install(0.5, "subtask"):
        after = model.transform(sub).toarray()[0]
        assert np.array_equal(model.transform(epic).toarray()[0], kept)
    assert after[j] < before[j]
    if k is not None:  # the list keeps its count: its share grows with the norm
        assert after[k] >= before[k]
    assert np.isclose(np.linalg.norm(after), 1.0)
    assert np.array_equal(model.transform(sub).toarray()[0], before)


def test_a_weak_type_changes_what_is_learned():
    plain = _train()
    with install(0.5, "delivery"):
        weak = _train()
    assert weak.vocabulary == plain.vocabulary  # a weight changes no document frequency
    # read by the shipped paths: only the training differed
    assert not np.allclose(weak.predict_proba(DOCS), plain.predict_proba(DOCS))


def test_a_weight_below_one_over_e_is_refused():
    with pytest.raises(ValueError), install(0.3):
        pass


def test_predict_only_trains_as_shipped_and_reads_weak(model):
    plain = model.predict_proba(DOCS)
    with install(0.5, "delivery", predict_only=True):
        trained = _train()
        weak_read = model.predict_proba(DOCS)
    assert train.make_pipeline.__module__ == "models.train"
    assert np.allclose(trained.predict_proba(DOCS), plain, atol=1e-12)
    assert not np.allclose(weak_read, plain)


def test_a_plain_prior_is_estimated_from_the_unweakened_rows():
    phrases = train.read_phrases(FIXTURES / "model_phrases.csv")
    model = train.train_model(
        phrases,
        tickets=TICKETS,
        seed=0,
        labels=["strategic", "tactical"],
        prior={"strategic": 0.3, "tactical": 0.7},
    )
    docs = DOCS * 20
    plain = model.estimate_prior(docs)
    assert plain is not None
    with install(0.5, "delivery", predict_only=True, plain_prior=True):
        assert dict(model.estimate_prior(docs)) == dict(plain)
    with install(0.5, "delivery", predict_only=True):
        weak = model.estimate_prior(docs)
    assert dict(weak) != dict(plain)
    assert model.estimate_prior.__func__ is BatchRules.estimate_prior  # the shipped one again
