"""Session 19's writer and analysis steps (issue 16): a date column written from looked-up day
and time pieces is :func:`~analyzer.formats._json_chunks.when`'s text, and the classifier's
batch predictions read by column (``_BatchPrediction.deferred_columns``) are what
``deferred()`` gives one by one, the report's columns built from them the per-item results."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta, timezone

import pytest

from analyzer.formats import _json_chunks
from analyzer.formats._json_chunks import _dates_utf8, _texts_utf8, when

LITERAL = b',\n      "created": '


def _reference(values: list) -> list[bytes]:
    return _texts_utf8(list(map(when, values)), LITERAL)


def _laid(values: list) -> list[bytes]:
    """Each value's two pieces put together (the second may be one piece for every item)."""
    heads, tails = _dates_utf8(values, LITERAL)
    if type(tails) is bytes:
        return [head + tails for head in heads]
    assert len(heads) == len(tails) == len(values)
    return [head + tail for head, tail in zip(heads, tails, strict=True)]


def _random_dates(rng: random.Random, n: int, zone, none: float) -> list:
    low = datetime(1, 1, 1)
    span = int((datetime(9999, 12, 31, 23, 59, 59) - low).total_seconds())
    out = []
    for _ in range(n):
        if rng.random() < 0.5:
            value = low + timedelta(seconds=rng.randrange(span))
        else:  # around 1970 and the present (days on both sides of the epoch, leap days)
            year = rng.choice([1899, 1900, 1969, 1970, 2000, 2024, 2026])
            value = datetime(year, 1, 1) + timedelta(seconds=rng.randrange(366 * 86400))
        out.append(None if rng.random() < none else value.replace(tzinfo=zone))
    return out


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("zone", [None, UTC])
@pytest.mark.parametrize("none", [0.0, 0.2])
def test_dates_from_day_and_time_pieces_are_whens_text(seed, zone, none):
    values = _random_dates(random.Random(seed), 400, zone, none)
    heads, tails = _dates_utf8(values, LITERAL)
    assert type(tails) is list  # the looked-up pieces, not the fallback
    assert _laid(values) == _reference(values)


@pytest.mark.parametrize(
    "values",
    [
        [datetime(2020, 1, 1, 0, 0, 0, 5), datetime(2020, 1, 2)],  # a microsecond
        [datetime(2020, 1, 1, 12, tzinfo=UTC), datetime(2020, 1, 1, 3, 4, 5, 600, tzinfo=UTC)],
        [datetime(2020, 1, 1, tzinfo=timezone(timedelta(hours=2)))],  # another offset
        [datetime(2020, 1, 1, tzinfo=timezone(timedelta(hours=-5), "EST")), None],
        [datetime(2020, 1, 1), datetime(2020, 1, 1, tzinfo=UTC)],  # naive and UTC together
        [None, None],
    ],
)
def test_other_dates_are_written_by_when(values):
    heads, tails = _dates_utf8(values, LITERAL)
    assert tails == b""
    assert heads == _reference(values)


def test_years_before_1000_and_the_edges():
    values = [datetime(1, 1, 1), datetime(999, 12, 31, 23, 59, 59), datetime(9999, 12, 31)]
    for zone in (None, UTC):
        dated = [v.replace(tzinfo=zone) for v in values]
        assert _laid(dated) == _reference(dated)
        assert _laid(dated)[1].endswith(b'"0999-12-31T23:59:59' + (b'+00:00"' if zone else b'"'))


class _Later(datetime):
    pass


def test_another_type_raises_as_when_does():
    for values in ([_Later(2020, 1, 1)], ["2020-01-01"], [datetime(2020, 1, 1), 3]):
        with pytest.raises(TypeError):
            _dates_utf8(values, LITERAL)


def test_the_tables_start_over_when_full(monkeypatch):
    monkeypatch.setattr(_json_chunks, "_DATES_KEPT", 5)
    monkeypatch.setattr(_json_chunks, "_DAYS_AFTER", {})
    monkeypatch.setattr(_json_chunks, "_TIMES", {})
    values = _random_dates(random.Random(7), 60, UTC, 0.0)
    for start in range(0, 60, 6):  # chunks of 6: every chunk past the limit
        assert _laid(values[start : start + 6]) == _reference(values[start : start + 6])
        assert all(len(table) <= 11 for table in _json_chunks._DAYS_AFTER.values())
        assert all(len(table) <= 11 for table in _json_chunks._TIMES.values())
