"""research.s26_title_weight: a title weight reaches training and prediction, a weight of 1
reads as the shipped paths do, and all is put back (no real data read)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import models.classifier as classifier
from models import train
from models.interface import ItemDoc
from research.s26_title_weight import (
    DESCRIPTION,
    META,
    TITLE,
    WeightedTfidf,
    install,
    weighted_features,
    weighted_matrix,
)

FIXTURES = Path(__file__).parent / "fixtures"

DOCS = [
    ItemDoc("Product roadmap for next year", description="Refine the sprint backlog"),
    ItemDoc("Fix login button", description="The roadmap item says the colour is wrong"),
    ItemDoc("Quarterly strategy review", type="Epic", column="Ideas"),
    ItemDoc("Update the invoice export", description="Customers asked for a CSV export"),
]


@pytest.fixture(scope="module")
def model() -> classifier.LinearRoleModel:
    return train.train_model(train.read_phrases(FIXTURES / "model_phrases.csv"), seed=0)


def test_each_feature_has_its_part():
    config = train.DEFAULT_CONFIG
    feats, parts = weighted_features(
        ItemDoc("Roadmap review", description="next quarter", column="Ideas"), config
    )
    plain = classifier.analyse(
        ItemDoc("Roadmap review", description="next quarter", column="Ideas"), config
    )
    assert feats == plain
    of = dict(zip(feats, parts, strict=True))
    assert of["roadmap"] == of["review"] == of["roadmap review"] == TITLE
    assert of["next"] == of["quarter"] == of["next quarter"] == DESCRIPTION
    assert of["review next"] == DESCRIPTION  # the pair across the join is the description's
    assert of["column:idea"] == META


def test_weight_one_reads_as_the_shipped_paths(model):
    plain = model.predict_proba(DOCS)
    rows = model.transform(DOCS).toarray()
    with install(1.0):
        assert np.allclose(model.predict_proba(DOCS), plain, atol=1e-12)
        assert np.allclose(model.transform(DOCS).toarray(), rows, atol=1e-12)
    assert classifier.LinearRoleModel._pairs is not None
    assert train.make_pipeline.__module__ == "models.train"


def test_a_title_weight_lifts_the_title_terms_and_is_undone(model):
    doc = [DOCS[0]]
    before = model.transform(doc).toarray()[0]
    roadmap, fix = model.vocabulary.get("roadmap"), model.vocabulary.get("sprint")
    assert roadmap is not None and fix is not None
    with install(2.0):
        after = model.transform(doc).toarray()[0]
        pipeline = train.make_pipeline(train.DEFAULT_CONFIG, 0)
        assert isinstance(pipeline.named_steps["tfidf"], WeightedTfidf)
    assert after[roadmap] / after[fix] > before[roadmap] / before[fix]
    assert np.isclose(np.linalg.norm(after), 1.0)
    assert np.array_equal(model.transform(doc).toarray()[0], before)


def test_a_description_weight_lowers_the_description_terms(model):
    doc = [DOCS[0]]
    before = model.transform(doc).toarray()[0]
    roadmap, fix = model.vocabulary["roadmap"], model.vocabulary["sprint"]
    with install(1.0, 0.5):
        after = model.transform(doc).toarray()[0]
    assert after[roadmap] / after[fix] > before[roadmap] / before[fix]


def test_a_weight_below_one_over_e_is_refused():
    with pytest.raises(ValueError), install(1.0, 0.3):
        pass


def test_a_metadata_weight_goes_with_the_title():
    # one doc: a metadata token (column 0), a title word (1), a description word (2), met once
    rows, cols, idf = np.zeros(3, np.int64), np.arange(3), np.ones(3)
    plain = weighted_matrix(rows, cols, np.ones(3), idf, 1).toarray()[0]
    assert np.allclose(plain, 1 / np.sqrt(3))
    titled = weighted_matrix(rows, cols, np.array([1.0, 2.0, 1.0]), idf, 1).toarray()[0]
    assert titled[1] / titled[0] == pytest.approx(1 + np.log(2))  # the list token loses share
    both = weighted_matrix(rows, cols, np.array([2.0, 2.0, 1.0]), idf, 1).toarray()[0]
    assert both[0] == both[1] and both[1] / both[2] == pytest.approx(1 + np.log(2))
