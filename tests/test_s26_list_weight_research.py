"""research.s26_list_weight: a status list's token is weakened (training and prediction), a
list naming a kind of work is not, weight 1 reads as the shipped paths, and all is put back
(no real data read)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import models.classifier as classifier
from models import train
from models.interface import ItemDoc
from research import s26_title_weight as title_weight
from research.s26_list_weight import (
    WEAK,
    done_list,
    install,
    listed_features,
    status_list,
)

FIXTURES = Path(__file__).parent / "fixtures"

DOCS = [
    ItemDoc("Product roadmap for next year", column="Done", type="Task"),
    ItemDoc("Fix login button", description="The colour is wrong", column="In Progress"),
    ItemDoc("Quarterly strategy review", type="Epic", column="Ideas"),
    ItemDoc("Update the invoice export", column="Backlog", type="Story"),
]


TICKETS = [
    train.Ticket("Fix the export crash", "tactical", type="Bug", column="Done"),
    train.Ticket("Update the login page copy", "tactical", type="Task", column="Done"),
    train.Ticket("Refactor the payment service", "tactical", type="Task", column="Backlog"),
    train.Ticket("Add a CSV download button", "tactical", type="Story", column="In Progress"),
    train.Ticket("Define the pricing strategy", "strategic", type="Epic", column="Ideas"),
    train.Ticket("Interview customers about onboarding", "strategic", column="Discovery"),
    train.Ticket("Set next year's product goals", "strategic", type="Epic", column="Roadmap"),
    train.Ticket("Size the market for schools", "strategic", column="Backlog"),
]


def _train() -> classifier.LinearRoleModel:
    phrases = train.read_phrases(FIXTURES / "model_phrases.csv")
    return train.train_model(phrases, tickets=TICKETS, seed=0)


@pytest.fixture(scope="module")
def model() -> classifier.LinearRoleModel:
    return _train()


@pytest.mark.parametrize(
    "name", ["To Do", "Backlog", "Doing", "In Progress", "Review", "QA", "Done", "Archive"]
)
def test_stage_lists_are_status_lists(name):
    assert status_list(name)


@pytest.mark.parametrize(
    "name", ["Roadmap", "Ideas", "Discovery", "Bugs", "Backlog/Ideas", None, ""]
)
def test_lists_naming_work_are_not(name):
    assert not status_list(name)


def test_done_lists_in_five_languages_but_not_an_archive():
    assert all(map(done_list, ["Done", "Hecho", "Terminé", "Erledigt", "Concluído", "Closed"]))
    assert not done_list("Archive") and not done_list("To Do")


def test_only_a_status_lists_tokens_are_weak():
    config = train.DEFAULT_CONFIG
    with install(0.5):
        feats, parts = listed_features(DOCS[0], config)
        of = dict(zip(feats, parts, strict=True))
        assert of["column:done"] == WEAK and of["type:task"] == title_weight.META
        feats, parts = listed_features(DOCS[2], config)
        assert WEAK not in parts
    with install(0.5, types=True):
        of = dict(zip(*listed_features(DOCS[0], config), strict=True))
        assert of["type:task"] == WEAK
    with install(0.5, keep_done=True):
        assert WEAK not in listed_features(DOCS[0], config)[1]
        assert WEAK in listed_features(DOCS[3], config)[1]


def test_weight_one_reads_as_the_shipped_paths(model):
    plain = model.predict_proba(DOCS)
    rows = model.transform(DOCS).toarray()
    aside = model._aside_columns
    with install(1.0, types=True):
        assert np.allclose(model.predict_proba(DOCS), plain, atol=1e-12)
        assert np.allclose(model.transform(DOCS).toarray(), rows, atol=1e-12)
    assert model._aside_columns == aside
    with install(1.0, types=True):  # trained through the weighted vectoriser
        again = _train()
    assert np.allclose(again.predict_proba(DOCS), plain, atol=1e-12)
    assert train.make_pipeline.__module__ == "models.train"
    assert title_weight.weighted_features is not listed_features
    assert len(title_weight._WEIGHTS) == 3 and np.all(title_weight._WEIGHTS == 1.0)


def test_a_weak_list_loses_share_of_its_row_and_is_undone(model):
    done, ideas = [DOCS[0]], [DOCS[2]]
    j = model.vocabulary.get("column:done")
    assert j is not None
    before, kept = model.transform(done).toarray()[0], model.transform(ideas).toarray()[0]
    with install(0.5):
        after = model.transform(done).toarray()[0]
        assert np.array_equal(model.transform(ideas).toarray()[0], kept)
    assert after[j] < before[j]
    assert np.isclose(np.linalg.norm(after), 1.0)
    assert np.array_equal(model.transform(done).toarray()[0], before)


def test_a_weak_list_changes_what_is_learned():
    plain = _train()
    with install(0.5):
        weak = _train()
    assert weak.vocabulary == plain.vocabulary  # a weight changes no document frequency
    # read by the shipped paths: only the training differed
    assert not np.allclose(weak.predict_proba(DOCS), plain.predict_proba(DOCS))


def test_a_weight_below_one_over_e_is_refused():
    with pytest.raises(ValueError), install(0.3):
        pass
