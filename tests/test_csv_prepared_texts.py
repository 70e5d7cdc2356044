"""_csv_prepared._texts: each row's text, a text repeated within a batch one shared str."""

from __future__ import annotations

import polars as pl

from connectors.exports._csv_prepared import _texts


def test_repeated_texts_are_one_object_each_and_equal_to_the_column() -> None:
    values = ["Fix login", None, "Fix login", "Plan Q3", "Fix login", "Plan Q3"]
    batch = pl.DataFrame({"summary": values}, schema={"summary": pl.String})
    found = _texts(batch, "summary")
    assert found == ["Fix login", "", "Fix login", "Plan Q3", "Fix login", "Plan Q3"]
    assert all(type(text) is str for text in found)
    assert found[0] is found[2] is found[4]
    assert found[3] is found[5]


def test_mostly_distinct_texts_are_taken_as_they_are() -> None:
    values = ["a", "b", "c", None, "a"]
    batch = pl.DataFrame({"summary": values}, schema={"summary": pl.String})
    assert _texts(batch, "summary") == ["a", "b", "c", "", "a"]


def test_an_empty_batch_gives_no_texts() -> None:
    batch = pl.DataFrame({"summary": []}, schema={"summary": pl.String})
    assert _texts(batch, "summary") == []
