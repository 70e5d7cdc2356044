"""Session 19's writer and analysis steps (issue 16): a date column written from looked-up day
and time pieces is :func:`~analyzer.formats._json_chunks.when`'s text, and the classifier's
batch predictions read by column (``_BatchPrediction.deferred_columns``) are what
``deferred()`` gives one by one, the report's columns built from them the per-item results."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta, timezone

import numpy as np
import pytest

from analyzer import item_columns
from analyzer.balance import _item_result
from analyzer.formats import _json_chunks
from analyzer.formats._json_chunks import _dates_utf8, _texts_utf8, when
from analyzer.item_columns import ItemColumns
from models._batch import _BatchPrediction
from models.interface import Prediction
from tests.test_bulk_item_steps import _batch_predictions, _varied

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


# -- the batch predictions read by column --


@pytest.fixture(scope="module")
def batch():
    items = _varied(3)
    predictions = _batch_predictions(items)
    assert {type(p) for p in predictions} == {_BatchPrediction}
    return items, predictions


def test_deferred_columns_are_deferred_one_by_one(batch):
    _, predictions = batch
    batches, rows = _BatchPrediction.deferred_columns(predictions)
    assert list(zip(batches, rows, strict=True)) == [p.deferred() for p in predictions]
    assert all(type(row) is int for row in rows)


@pytest.mark.parametrize("field", ["reason", "top_terms"])
def test_an_assigned_reason_or_terms_reads_none(batch, field):
    _, predictions = batch
    changed = list(predictions)
    odd = changed[len(changed) // 2] = _copy(changed[len(changed) // 2])
    setattr(odd, field, "assigned" if field == "reason" else ["a"])
    assert odd.deferred() is None
    assert _BatchPrediction.deferred_columns(changed) is None
    assert _BatchPrediction.deferred_columns(changed[: len(changed) // 2]) is not None


def test_a_subclass_with_its_own_deferred_reads_none(batch):
    _, predictions = batch

    class Own(_BatchPrediction):
        __slots__ = ()

        def deferred(self):
            return None

    assert Own.deferred_columns(predictions) is None


def _copy(prediction: _BatchPrediction) -> _BatchPrediction:
    out = object.__new__(_BatchPrediction)
    for name in ("label", "confidence", "nearest_phrase", "nearest_source", "_batch", "_row"):
        setattr(out, name, getattr(prediction, name))
    for slot in ("reason", "scores", "top_terms"):  # the lazy slots as they are
        descriptor = Prediction.__dict__[slot]
        descriptor.__set__(out, descriptor.__get__(prediction))
    return out


@pytest.mark.parametrize("part", [5, item_columns._PART])
def test_columns_with_an_assigned_reason_are_the_per_item_results(batch, part, monkeypatch):
    """A part holding a prediction with its own reason is read one by one (that one plain), the
    other parts by column: the items made are the per-item results either way."""
    monkeypatch.setattr(item_columns, "_PART", part)
    items, predictions = batch
    predictions = list(predictions)
    odd = predictions[7] = _copy(predictions[7])
    odd.reason = "its own reason"
    rng = random.Random(2)
    labels = [rng.choice(["strategic", "tactical", "uncertain"]) for _ in items]
    counts = [rng.randrange(4) for _ in items]
    names = {"p1": "Person One"}
    ref = [
        _item_result(item, p, label, names, count)
        for item, p, label, count in zip(items, predictions, labels, counts, strict=True)
    ]
    columns = ItemColumns(items, list(predictions), labels, names, counts)
    assert columns.plain == {7: ("its own reason", list(odd.top_terms))}
    assert columns.batches[7] is None
    assert [b is None for b in columns.batches].count(True) == 1
    assert columns.to_list() == ref


# -- the terms naming an item's own type, list or labels, worded once per (column, name) --


def _placed_reference(batch, index, chosen):
    """``_Batch.placed_terms`` as it was (session 18): one term at a time."""
    from models._batch import _named_by
    from models._reason_terms import item_term

    kind = np.where(chosen >= 0, batch.kinds[chosen], 0)
    at_row, at_slot = np.nonzero(kind)
    if not len(at_row):
        return None
    texts, codes, seen, columns = [], {}, {}, chosen.copy()
    for r, slot in zip(at_row.tolist(), at_slot.tolist(), strict=True):
        col, k = int(chosen[r, slot]), int(kind[r, slot])
        doc = batch.docs[int(index[r])]
        key = (col, _named_by(doc, k))
        if key not in seen:
            text = item_term(batch.names[col], k, doc, batch.name_words)
            if text is None:
                seen[key] = -1
            else:
                seen[key] = codes.setdefault(text, len(batch.shown) + len(codes))
                if seen[key] == len(batch.shown) + len(texts):
                    texts.append(text)
        if seen[key] >= 0:
            columns[r, slot] = seen[key]
    return texts, columns


@pytest.mark.parametrize("seed", range(10))
def test_placed_terms_are_the_term_by_term_ones(seed):
    from connectors.interface import Item
    from tests.test_reason_terms import _batch

    rng = random.Random(seed)
    columns = [None, "Ideas", "Idea board", "Roadmap", "ideas", "Ideas "]
    kinds = [None, "BUG", "Bug", " ", "Story"]
    labels = [[], ["UX"], ["ux", "UX team"], ["UX team", "ux"], ["other"]]
    docs = [
        Item(
            source="jira",
            id=str(k),
            title="t",
            column=rng.choice(columns),
            type=rng.choice(kinds),
            labels=list(rng.choice(labels)),
        )
        for k in range(rng.randint(1, 60))
    ]
    chosen = [[rng.choice([-1, 0, 1, 2, 3]) for _ in range(3)] for _ in docs]
    batch = _batch(docs, chosen)
    index = np.array([rng.randrange(len(docs)) for _ in range(rng.randint(1, 80))])
    picked = batch.chosen[index]
    got, want = batch.placed_terms(index, picked), _placed_reference(batch, index, picked)
    if want is None:
        assert got is None
        return
    assert got[0] == want[0]
    assert (got[1] == want[1]).all()
    assert got[1].dtype == picked.dtype


# -- constant slots laid as one piece --


def _naive_join(slots, n, between, lead):
    """The chunk as item after item, each slot's piece in order (a constant for every item)."""
    end = _json_chunks._LITERALS_UTF8[-1]
    items = [
        b"".join(slot if type(slot) is bytes else slot[k] for slot in slots) + end for k in range(n)
    ]
    return lead + between.join(items)


@pytest.mark.parametrize(
    "slots",
    [
        [b"{a", [b"1", b"2", b"3"], b"b", b"c", [b"x", b"y", b"z"], b"d", b"e"],
        [[b"1", b"2", b"3"], b"", b"b"],
        [b"only", b"constants"],
        [b"a", [b"1", b"2", b"3"]],
    ],
)
def test_adjacent_constant_slots_are_laid_as_one_piece(slots):
    for n in (1, 3):
        cut = [s if type(s) is bytes else s[:n] for s in slots]
        got = _json_chunks._pieces_joined(cut, n, b",\n    ", b"LEAD")
        assert got == _naive_join(cut, n, b",\n    ", b"LEAD")


def test_a_string_field_of_nones_is_one_constant_piece():
    literal = b',\n      "url": '
    assert _json_chunks._strings_after([None, None], literal, nullable=True) == [literal + b"null"]
    assert _json_chunks._strings_after(["u", None], literal, nullable=True) == [
        literal,
        [b'"u"', b"null"],
    ]
    assert _json_chunks._strings_after(["a\\"], literal) == [literal, [b'"a\\\\"']]
    with pytest.raises(TypeError):  # None where the field is never None, as before
        _json_chunks._strings_after([None], literal)
