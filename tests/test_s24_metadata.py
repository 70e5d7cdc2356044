"""Session 24: a batch whose docs share one type, list and labels and have no level (a streamed
``classify``'s) has its metadata columns looked up once, the columns each doc's look-up gave."""

from __future__ import annotations

import numpy as np
import pytest

import models._reading as reading
from models.interface import ItemDoc

TITLES = ["As a rider I want to lock my bike", "Fix the login", "Roadmap for 2026", ""]


def _each_doc(monkeypatch, model, docs, openers):
    with monkeypatch.context() as patched:
        patched.setattr(reading, "_one_metadata", lambda docs: False)
        model._meta_cache.clear()
        stories: list[int] = []
        return model._meta_columns(docs, stories, openers), stories


@pytest.mark.parametrize(
    "docs",
    [
        [ItemDoc(t) for t in TITLES],
        [ItemDoc(t, type="Story") for t in TITLES],
        [ItemDoc(t, type="Bug", column="In Progress", labels=("ux", "mobile")) for t in TITLES],
        [ItemDoc(t, labels=["ux"]) for t in TITLES],  # a list of labels: equal lists
    ],
)
def test_one_look_up_gives_each_docs_columns(model, monkeypatch, docs):
    assert reading._one_metadata(docs)
    openers = np.array([0], dtype=np.int64)  # the first title opens as a story does
    expected, expected_stories = _each_doc(monkeypatch, model, docs, openers)
    model._meta_cache.clear()
    stories: list[int] = []
    assert model._meta_columns(docs, stories, openers) == expected
    assert stories == expected_stories
    assert len(set(map(id, model._meta_columns(docs, [], openers)[1:]))) == 1  # looked up once


@pytest.mark.parametrize(
    "docs",
    [
        [ItemDoc("a", hierarchy_level=1), ItemDoc("b", hierarchy_level=True)],  # True == 1
        [ItemDoc("a", hierarchy_level=0), ItemDoc("b", hierarchy_level=0)],  # a level
        [ItemDoc("a", type="Bug"), ItemDoc("b", type="Story")],
        [ItemDoc("a", labels=("x",)), ItemDoc("b", labels=["x"])],  # a tuple and a list
        [ItemDoc("a", column="Done"), ItemDoc("b")],
        [],
    ],
)
def test_docs_that_differ_are_looked_up_one_by_one(model, monkeypatch, docs):
    assert not reading._one_metadata(docs)
    none = np.zeros(0, dtype=np.int64)  # no story rows: the titles are not checked
    expected, _ = _each_doc(monkeypatch, model, docs, none)
    model._meta_cache.clear()
    assert model._meta_columns(docs, [], none) == expected
