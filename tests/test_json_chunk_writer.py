"""The JSON writer's chunk-at-once item texts are the per-item texts (``_item``, the reference,
itself tested equal to ``json.dumps``): the batch's reasons and terms read in bulk, confidences
rounded from a table, fields read column by column; on random chunks of real and odd items."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import pytest

import analyzer.formats.json as module
from analyzer.formats import _json_chunks, get_format
from analyzer.pipeline import scan_file
from analyzer.report import (
    DEFERRED,
    DeferredItemResult,
    ItemResult,
    json_reasons_and_terms,
    reasons_and_terms,
)
from models._batch import _Batch
from models.reasons import _HELD_REASONS, _HELD_TIE

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
WHEN = datetime(2026, 12, 5, tzinfo=UTC)


@pytest.fixture(scope="module")
def items() -> list[ItemResult]:
    report = scan_file(EXAMPLES / "jira_sample_export.csv", generated_at=WHEN)
    assert {type(item) for item in report.items} == {DeferredItemResult}
    return report.items


def _random_batch(rng: random.Random, rows: int, labels=("strategic", "tactical")) -> _Batch:
    """A batch with pads anywhere (also before a term), confidences at rounding ties, no phrase,
    rows a rule held or read again (their ``_HELD_REASONS`` heads, or -2, -3, -4 at a tie)."""
    names = [f"term{k}" for k in range(12)] + ['q"uote', "ü\\b"]
    chosen = np.array(
        [[rng.choice([-1, -1, *range(len(names))]) for _ in range(3)] for _ in range(rows)],
        dtype=np.int32,
    )
    proba = np.array(
        [[p, 1 - p] for p in (rng.choice([0.125, 0.5, rng.random()]) for _ in range(rows))]
    )
    best = proba.argmax(axis=1).astype(np.int32)
    plain = [f"{label} {h / 100:.2f}: " for label in labels for h in range(101)]
    heads = plain + [head + why for why in _HELD_REASONS[1:] for head in plain]
    held = [why * 101 * len(labels) for why in range(1, len(_HELD_REASONS))]
    ties = [_HELD_TIE + 1 - why for why in range(len(_HELD_REASONS))]  # -1, -2, -3, -4
    codes = np.array(
        [
            rng.choice([*ties, b * 101 + round(proba[k, b] * 100), rng.choice(held) + b * 101 + 50])
            for k, b in enumerate(best)
        ],
        dtype=np.int32,
    )
    phrases = [("a phrase", "001", "; nearest phrase: 'a'"), (None, None, "; no similar phrase")]
    nearest = np.array([rng.choice([-1, 0, 1]) for _ in range(rows)], dtype=np.int32)
    shown = [f"'{name}'" for name in names]
    return _Batch(tuple(labels), names, proba, chosen, best, nearest, codes, shown, heads, phrases)


@pytest.mark.parametrize("seed", range(8))
def test_a_batch_gives_many_rows_as_it_gives_each(seed):
    rng = random.Random(seed)
    batch = _random_batch(rng, rng.randint(1, 300))
    rows = [rng.randrange(len(batch.best)) for _ in range(rng.randint(0, 400))]  # repeats too
    reasons, term_lists = batch.reasons_and_term_lists(rows)
    assert len(reasons) == len(term_lists) == len(rows)
    for row, reason, terms in zip(rows, reasons, term_lists, strict=True):
        assert (reason, terms) == batch.reason_and_terms(row)
        code = batch.codes.item(row)
        why = code // 202 if code >= 0 else _HELD_TIE + 1 - code  # 202: 101 per label
        for k, text in enumerate(_HELD_REASONS[1:], 1):  # the rule's words, and only its
            assert (text.removesuffix("terms: ") in reason) is (why == k), (code, reason)
        assert "terms: no strong terms" not in reason  # a held row without terms
        assert type(reason) is str and type(terms) is list


_LAYOUT = ("[\n        ", ",\n        ", "\n      ]", "[]")


@pytest.mark.parametrize("seed", range(8))
def test_a_batch_gives_many_rows_as_json_texts_as_it_gives_each(seed):
    """Each reason as ``encode_basestring`` writes it and each term list in the layout given,
    from pieces escaped once: quotes, backslashes, control characters, pads before a term and
    confidences at rounding ties (those rows read alone) included."""
    rng = random.Random(seed)
    batch = _random_batch(rng, rng.randint(1, 300))
    odd_phrase = ('a "b"', "002", "; nearest phrase: 'a \"b\"\\\n\t\x01'")
    batch = replace(batch, phrase_parts=[odd_phrase, *batch.phrase_parts])
    rows = [rng.randrange(len(batch.best)) for _ in range(rng.randint(0, 400))]  # repeats too
    layout = _LAYOUT if seed % 2 else ("[", ", ", "]", "[ ]")
    reasons, lists = batch.json_reasons_and_term_lists(rows, layout)
    assert len(reasons) == len(lists) == len(rows)
    start, between, end, empty = layout
    for row, reason, listed in zip(rows, reasons, lists, strict=True):
        said, terms = batch.reason_and_terms(row)
        assert reason == _json_chunks.STR(said)
        assert listed == (
            start + between.join(map(_json_chunks.STR, terms)) + end if terms else empty
        )
        assert type(reason) is str and type(listed) is str


def test_json_texts_only_for_a_chunk_of_one_batch(items):
    """One source's deferred items: its JSON texts; anything else (another source, an assigned
    reason or terms, a plain item, a source without the method, no items): None."""
    reasons, lists = json_reasons_and_terms(items, _LAYOUT)
    for item, reason, listed in zip(items, reasons, lists, strict=True):
        said, terms = item.reason_and_terms()
        assert reason == _json_chunks.STR(said)
        assert listed == (
            _LAYOUT[0] + _LAYOUT[1].join(map(_json_chunks.STR, terms)) + _LAYOUT[2]
            if terms
            else "[]"
        )
    other = replace(items[0], reason=DEFERRED, terms=DEFERRED)
    other.read_from(_random_batch(random.Random(1), 5), 2)
    assigned = replace(items[0])
    assigned.read_from(items[0]._source, items[0]._row)
    assigned.reason = "assigned"
    plain = ItemResult(**{f: getattr(items[0], f) for f in items[0].__dataclass_fields__})

    class Plain:  # an ItemParts without the JSON texts
        def reason_and_terms(self, row):
            return "reason", []

    unknown = replace(items[0], reason=DEFERRED, terms=DEFERRED)
    unknown.read_from(Plain(), 0)
    for odd in (other, assigned, plain, unknown):
        assert json_reasons_and_terms([*items[:3], odd], _LAYOUT) is None
    assert json_reasons_and_terms([], _LAYOUT) is None


def test_bulk_reasons_and_terms_of_mixed_items(items):
    """Deferred items of two batches, plain items, an assigned reason or terms, a source
    without the bulk method: each as ``reason_and_terms`` / its fields give it."""

    class Plain:  # an ItemParts without reasons_and_term_lists
        def reason(self, row):
            return f"reason {row}"

        def terms(self, row):
            return [f"t{row}"]

        def reason_and_terms(self, row):
            return self.reason(row), self.terms(row)

    rng = random.Random(3)
    other = _random_batch(rng, 50)
    mixed: list[ItemResult] = []
    for k, item in enumerate(items[:60]):
        copy = replace(item)  # a fresh DeferredItemResult reading the same source
        copy.read_from(item._source, item._row)
        kind = k % 6
        if kind == 1:
            copy = replace(item, reason=DEFERRED, terms=DEFERRED)
            copy.read_from(other, k % 50)
        elif kind == 2:
            copy = ItemResult(**{f: getattr(item, f) for f in item.__dataclass_fields__})
        elif kind == 3:
            copy.reason = "assigned"
        elif kind == 4:
            copy.terms = ["assigned"]
        elif kind == 5:
            copy = replace(item, reason=DEFERRED, terms=DEFERRED)
            copy.read_from(Plain(), k)
        mixed.append(copy)
    reasons, term_lists = reasons_and_terms(mixed)
    for item, reason, terms in zip(mixed, reasons, term_lists, strict=True):
        expected = (
            item.reason_and_terms()
            if type(item) is DeferredItemResult
            else (
                item.reason,
                item.terms,
            )
        )
        assert (reason, terms) == expected
    assert reasons_and_terms([]) == ([], [])
    reasons, term_lists = reasons_and_terms(items)  # one batch: read at once
    assert len(reasons) == len(term_lists) == len(items)
    for item, reason, terms in zip(items, reasons, term_lists, strict=True):
        assert (reason, terms) == (item.reason, item.terms)


def test_rounded_confidences_are_what_round_writes():
    rng = random.Random(5)
    values = [rng.random() for _ in range(20000)]
    values += [k / 20000 for k in range(20001)]  # every tie of the fifth decimal
    values += [0.0, -0.0, 1.0, 1.00004, 1.00005, -0.00004, -0.3, 2.5, 1e-07, 5e-05, 0.99995, 1e300]
    assert _json_chunks.rounded(values) == [repr(round(v, 4)) for v in values]


def _odd_chunk(items: list[ItemResult], rng: random.Random) -> list[ItemResult]:
    """Items with duplicated ids, missing dates and keys, naive and offset times, odd values."""
    out = []
    for item in rng.sample(items, len(items)):
        change = rng.choice(
            [
                {},
                {},
                {"id": items[0].id},
                {"created": None, "updated": None, "key": None, "url": None},
                {"created": datetime(2024, 1, 2, 3, 4, 5, 6)},
                {"updated": datetime(2024, 1, 2, tzinfo=timezone(timedelta(hours=2)))},
                {"confidence": rng.choice([0.5, 0.12345, 0.99995, 1.0, -0.0])},
                {"assignee": None, "status": None, "column": "Ready", "type": None},
                {"title": 'quote " tab\t emoji 🚀 \u2028', "closed": True},
                {"reason": "assigned", "terms": []},
                {"assignees": ["A", 'B "c" 🚀'], "assignee_ids": ["a", "b"]},  # several owners
                {"assignees": [], "assignee_ids": []},
            ]
        )
        copy = replace(item, **change)
        if type(copy) is DeferredItemResult and "reason" not in change:
            copy.read_from(item._source, item._row)
        out.append(copy)
    return out


@pytest.mark.parametrize("seed", range(6))
def test_chunk_texts_are_the_per_item_texts(items, seed, monkeypatch):
    chunk = _odd_chunk(items, random.Random(seed))
    expected = list(map(module._item, chunk))
    monkeypatch.setattr(module, "_item", None)  # the chunk is written at once, not item by item
    got = module._item_texts(chunk)
    assert len(got) == len(expected)
    for text, want in zip(got, expected, strict=True):  # one item's text at a time: small diffs
        assert text == want
    # the chunk as one text (one join over every piece): the items' texts joined
    for lead in ("", ",\n    "):
        whole = lead + ",\n    ".join(expected)
        text = module._chunk_text(chunk, lead)
        assert len(text) == len(whole) and hash(text) == hash(whole)  # no large diff printed


@pytest.mark.parametrize(
    "change",
    [
        {"confidence": float("nan")},
        {"confidence": 1},
        {"closed": 1},
        {"activity_count": True},
        {"terms": ("a", "b")},
        {"terms": ["a", 3]},
        {"type": 7},
        {"title": None},
        {"created": datetime(2024, 1, 2).date()},
        {"assignees": ("a",)},
        {"assignee_ids": "ab"},
        {"assignees": ["a", 3]},
    ],
    ids=str,
)
def test_a_chunk_with_an_odd_item_is_written_item_by_item(items, change):
    chunk = [replace(items[0], **change), *items[1:10]]
    for copy, item in zip(chunk[1:], items[1:10], strict=True):
        copy.read_from(item._source, item._row)
    expected = list(map(module._item, chunk))
    for text, want in zip(module._item_texts(chunk), expected, strict=True):
        assert text == want
    assert module._chunk_text(chunk, "[") == "[" + ",\n    ".join(expected)


def test_a_chunk_of_one_item_and_of_none(items):
    assert module._chunk_text(items[:1], "") == module._item(items[0])
    assert module._chunk_text([], "") == "" and module._chunk_text([], ", ") == ", "
    assert _json_chunks.chunk_text([], module._item, "|", "<") == "<"


def test_a_scan_report_takes_the_chunk_path(items, monkeypatch):
    report = scan_file(EXAMPLES / "jira_sample_export.csv", generated_at=WHEN)
    text = get_format("json").render(report)

    def per_item(item):
        raise AssertionError("a scan's item went item by item")

    monkeypatch.setattr(module, "_item", per_item)
    again = get_format("json").render(report)
    assert len(again) == len(text) and hash(again) == hash(text)  # no large diff printed


def test_the_writer_pauses_the_collector_and_puts_it_back():
    """Writing makes no cycles: the collector is off while the items are written (a scan's
    first collection would walk every object of the board), on again afterwards, also after an
    error."""
    import gc

    report = scan_file(EXAMPLES / "jira_sample_export.csv", generated_at=WHEN)
    seen = []

    class Stream:
        def write(self, text):
            seen.append(gc.isenabled())

    was = gc.isenabled()
    gc.enable()
    try:
        get_format("json").write(report, Stream())
        assert seen and not any(seen) and gc.isenabled()
        assert get_format("json").render(report) and gc.isenabled()

        class Broken:
            def write(self, text):
                raise OSError("disk full")

        with pytest.raises(OSError, match="disk full"):
            get_format("json").write(report, Broken())
        assert gc.isenabled()
    finally:
        if not was:
            gc.disable()
