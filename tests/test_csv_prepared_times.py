"""A scan's prepared Jira CSV times: the batch's dates looked up by joins (``_moments``) and its
datetimes made from their fields (``utc_datetimes``) give what their references give."""

from __future__ import annotations

import random
from datetime import UTC, datetime

import numpy as np
import polars as pl
import pytest

from connectors.exports._csv_prepared import (
    _datetimes,
    _moment_reference,
    _moments,
    utc_datetimes,
)

MONTHS = ["Jan", "jan", "Feb", "Mar", "Dez", "Foo", "Sep", "oct", "DEC", ""]


def _day(rnd: random.Random) -> str | None:
    if rnd.random() < 0.1:
        return None
    return rnd.choice(
        [
            f"{rnd.randrange(0, 35)}/{rnd.choice(MONTHS)}/{rnd.randrange(0, 100):02d}",
            f"{rnd.randrange(1, 29):02d}/Nov/{rnd.randrange(15, 27)}",
            "29/Feb/24",
            "29/Feb/23",
            "2024-05-01T09:30:00Z",
            "",
            "1/Jan/69",
            "1/Jan/70",
        ]
    )


def _clock(rnd: random.Random) -> str | None:
    if rnd.random() < 0.1:
        return None
    return (
        f"{rnd.choice(['', '0', '1', '9', '12', '13', '23', '24', '007'])}:"
        f"{rnd.choice(['00', '5', '59', '60', '30'])}"
        f"{rnd.choice(['', ' AM', ' PM', 'PM', ' am'])}"
    )


@pytest.mark.parametrize("pairs", [1, 2, 4])
def test_moments_equal_the_per_column_lookup(pairs: int):
    rnd = random.Random(pairs)
    height = 700
    columns = {}
    for number in range(pairs):
        columns[f"d{number}"] = [_day(rnd) for _ in range(height)]
        columns[f"c{number}"] = [_clock(rnd) for _ in range(height)]
    batch = pl.DataFrame(columns, schema={name: pl.String for name in columns})
    parts = [(f"d{number}", f"c{number}") for number in range(pairs)]
    found = _moments(batch, parts)
    assert len(found) == pairs
    for number, (day, clock) in enumerate(parts):
        distinct = {day: batch.get_column(day).drop_nulls().unique().to_list()}
        expected = batch.select(_moment_reference(day, distinct, clock)).to_series()
        assert found[number].dtype == pl.Int64 and len(found[number]) == height
        assert found[number].to_list() == expected.to_list()
        assert found[number].null_count() < height  # (some dates read, some not)


def test_moments_of_an_empty_or_all_null_batch():
    empty = pl.DataFrame({"d": [], "c": []}, schema={"d": pl.String, "c": pl.String})
    assert [part.to_list() for part in _moments(empty, [("d", "c")])] == [[]]
    nulls = pl.DataFrame({"d": [None, None], "c": [None, "1:00 PM"]}, schema=empty.schema)
    assert [part.to_list() for part in _moments(nulls, [("d", "c"), ("d", "c")])] == [
        [None, None],
        [None, None],
    ]


def test_utc_datetimes_equal_fromtimestamp():
    rnd = random.Random(3)
    edges = [0, -1, 59, 60, 86_399, 86_400, -86_401, 951_782_400, 1_709_164_799]
    edges += [-62_135_510_400, 253_402_128_000]  # the fast range's ends: 0001-01-02, 9999-12-30
    seconds = edges + [rnd.randrange(-3_000_000_000, 4_200_000_000) for _ in range(20_000)]
    made = utc_datetimes(np.array(seconds, np.int64))
    assert made == [datetime.fromtimestamp(s, UTC) for s in seconds]
    assert all(type(moment) is datetime and moment.tzinfo is UTC for moment in made)
    assert utc_datetimes(np.array([], np.int64)) == []


def test_utc_datetimes_beyond_the_fast_range_go_the_per_value_way():
    first = -62_135_596_800  # 0001-01-01T00:00:00
    seconds = np.array([first, 0, 253_402_300_799], np.int64)  # … 9999-12-31T23:59:59
    assert utc_datetimes(seconds) == [datetime.fromtimestamp(s, UTC) for s in seconds.tolist()]
    with pytest.raises((ValueError, OverflowError)):  # as fromtimestamp: year 10000
        utc_datetimes(np.array([253_402_300_800], np.int64))


def test_datetimes_of_a_column_with_nulls():
    moments = np.array([1_700_000_000_000_000, 0, 86_400_000_000, 0, -1_000_000], np.int64)
    missing = np.array([False, True, False, True, False])
    assert _datetimes(moments, missing) == [
        datetime.fromtimestamp(1_700_000_000, UTC),
        None,
        datetime.fromtimestamp(86_400, UTC),
        None,
        datetime.fromtimestamp(-1, UTC),
    ]
    assert _datetimes(np.zeros(2, np.int64), np.ones(2, bool)) == [None, None]
    assert _datetimes(np.zeros(0, np.int64), np.zeros(0, bool)) == []
