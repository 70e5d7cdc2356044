"""The JSON report written to a file as UTF-8 bytes (``JsonFormat.write`` on a ``Utf8Text``
stream: a chunk's pieces laid out as bytes, strings escaped by msgspec, a reason in three pieces
of its batch's) is the text path's report encoded: the same bytes, on odd chunks, odd texts, and
every chunk the bytes path hands back to the text path."""

from __future__ import annotations

import io
import random
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

import analyzer.formats.json as module
from analyzer.formats import _json_chunks, get_format
from analyzer.formats.interface import Utf8Text
from analyzer.output import write_output
from analyzer.pipeline import scan_file
from analyzer.report import DEFERRED, ItemResult, utf8_reason_pieces
from tests.test_json_chunk_writer import (
    _LAYOUT,
    EXAMPLES,
    WHEN,
    _odd_chunk,
    _random_batch,
)

_SEP = ",\n    "


@pytest.fixture(scope="module")
def items() -> list[ItemResult]:
    return scan_file(EXAMPLES / "jira_sample_export.csv", generated_at=WHEN).items


def _text_chunk(chunk, lead=""):
    return module._chunk_text(chunk, lead).encode()


def test_msgspec_escapes_every_character_as_the_text_path():
    """Every code point but the surrogates, alone and all in one string, and a surrogate refused
    (the chunk then goes the text path, which writes it as the stream's errors say)."""
    chars = [chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000]
    assert _json_chunks.ENCODE("".join(chars)) == _json_chunks.STR("".join(chars)).encode()
    each = ",".join(map(_json_chunks.STR, chars))
    assert _json_chunks.ENCODE(chars) == f"[{each}]".encode()
    with pytest.raises(UnicodeEncodeError):
        _json_chunks.ENCODE("a\udcff")


@pytest.mark.parametrize(
    "values",
    [
        ["", '","', '\\","\\', 'a"', '"', "\\", ",", "🚀\u2028\x00", "plain"],
        ['ends with ",', "next", 'a \\",","b', '","', ","],  # a split of the array would break
        ["one"],
        [""],
    ],
    ids=str,
)
def test_a_column_of_strings_is_each_string_escaped(values):
    expected = [_json_chunks.STR(v).encode() for v in values]
    assert _json_chunks._strings(values) == expected
    assert _json_chunks._strings(values, nullable=True) == expected


@pytest.mark.parametrize(
    "values, nullable",
    [([None, None], True), (["a", None, 'q"'], True), ([None, "x"], True), (["a", 3], True)],
    ids=str,
)
def test_a_column_with_none_or_another_type(values, nullable):
    if 3 in values:
        with pytest.raises(TypeError):  # as the text path's STR: the chunk goes item by item
            _json_chunks._strings(values, nullable)
        return
    assert _json_chunks._strings(values, nullable) == [
        _json_chunks._text(v).encode() for v in values
    ]
    with pytest.raises(TypeError):  # an id or a title is never None
        _json_chunks._strings(values)


@pytest.mark.parametrize("seed", range(8))
def test_a_batch_gives_reason_pieces_as_its_json_texts(seed):
    """heads + middles + endings is each row's JSON reason, the term lists its JSON texts, in
    bytes: quotes, backslashes, control characters, non-ASCII names, pads before a term and
    confidences at rounding ties (those rows read alone) included."""
    rng = random.Random(seed)
    batch = _random_batch(rng, rng.randint(1, 300))
    odd_phrase = ('a "b"', "002", "; nearest phrase: 'a \"b\"\\\n\t\x01 🚀'")
    batch = replace(batch, phrase_parts=[odd_phrase, *batch.phrase_parts])
    rows = [rng.randrange(len(batch.best)) for _ in range(rng.randint(0, 400))]  # repeats too
    layout = _LAYOUT if seed % 2 else ("[", ", ", "]", "[ ]")
    heads, middles, endings, lists = batch.utf8_reason_pieces(rows, layout)
    reasons, texts = batch.json_reasons_and_term_lists(rows, layout)
    assert len(heads) == len(middles) == len(endings) == len(lists) == len(rows)
    for k in range(len(rows)):
        assert heads[k] + middles[k] + endings[k] == reasons[k].encode()
        assert lists[k] == texts[k].encode()
        assert {type(heads[k]), type(middles[k]), type(endings[k]), type(lists[k])} == {bytes}
    assert batch.utf8_reason_pieces([], layout) == ([], [], [], [])


def test_reason_pieces_only_for_a_chunk_of_one_batch(items):
    assert utf8_reason_pieces(items, _LAYOUT) is not None
    assigned = replace(items[0])
    assigned.read_from(items[0]._source, items[0]._row)
    assigned.reason = "assigned"
    plain = ItemResult(**{f: getattr(items[0], f) for f in items[0].__dataclass_fields__})
    other = replace(items[0], reason=DEFERRED, terms=DEFERRED)
    other.read_from(_random_batch(random.Random(1), 5), 2)
    for odd in (assigned, plain, other):
        chunk = [*items[:3], odd]
        assert utf8_reason_pieces(chunk, _LAYOUT) is None
        assert _json_chunks.chunk_bytes(chunk, b",") is None  # the text path writes it
    assert utf8_reason_pieces([], _LAYOUT) is None


_CHANGES = [
    {},
    {},
    {"id": "100"},
    {"created": None, "updated": None, "key": None, "url": None},
    {"created": datetime(2024, 1, 2, 3, 4, 5, 6)},
    {"updated": datetime(2024, 1, 2, tzinfo=timezone(timedelta(hours=2)))},
    {"updated": datetime(999, 1, 2, tzinfo=UTC)},
    {"confidence": 0.5},
    {"confidence": 0.12345},
    {"confidence": 0.99995},
    {"confidence": -0.0},
    {"confidence": 1e-07},
    {"assignee": None, "status": None, "column": "Ready", "type": None},
    {"assignee": 'Zoë "Q" \\ 🚀', "status": "\x01\u2028"},
    {"title": 'quote " tab\t emoji 🚀 \u2028 \x00', "closed": True},
    {"title": "", "key": '","', "url": "https://x/\u00e9"},
    {"title": 'ends with ",', "key": ","},  # (strings split at '","' broke on a real export)
    {"title": ",", "url": '\\",","'},
    {"activity_count": 10**20},
]


def _deferred_chunk(items, rng, assigned=False):
    """A shuffled chunk of one batch's items, with odd values (and assigned reasons)."""
    out = []
    for item in rng.sample(items, len(items)):
        change = rng.choice(_CHANGES)
        if assigned and rng.random() < 0.1:
            change = {**change, "reason": "assigned", "terms": []}
        copy = replace(item, **{"reason": DEFERRED, "terms": DEFERRED, **change})
        copy.read_from(item._source, item._row)
        out.append(copy)
    return out


@pytest.mark.parametrize("seed", range(6))
def test_chunk_bytes_are_the_chunk_text_encoded(items, seed):
    """Odd chunks of one batch's items (None keys and dates, offset times and old years, odd
    confidences, quotes, control characters and emoji, a count past 64 bits): the bytes path's
    chunk is the text path's encoded."""
    rng = random.Random(seed)
    chunk = _deferred_chunk(items, rng)
    for lead in ("", _SEP):
        found = _json_chunks.chunk_bytes(chunk, _SEP.encode(), lead.encode())
        whole = _text_chunk(chunk, lead)
        assert found is not None
        assert len(found) == len(whole) and hash(found) == hash(whole)  # no large diff printed
    # with reasons assigned (or another chunk the text path writes): None, never other bytes
    mixed = _deferred_chunk(items, rng, assigned=True) + _odd_chunk(items, rng)[:5]
    assert _json_chunks.chunk_bytes(mixed, b",") is None
    assert module._chunk_utf8(mixed, _SEP, "strict") == _text_chunk(mixed, _SEP)


def test_chunk_bytes_of_a_scan_of_one_item_and_of_none(items):
    assert _json_chunks.chunk_bytes(items[:1], b",") == _text_chunk(items[:1])
    assert _json_chunks.chunk_bytes(items, b",\n    ", b"<") == _text_chunk(items, "<")
    assert _json_chunks.chunk_bytes([], b",", b"<") == b"<"


@pytest.mark.parametrize(
    "change",
    [
        {"title": "lone \udcff surrogate"},
        {"assignee": "lone \ud800"},
        {"confidence": float("nan")},
        {"type": 7},
        {"title": None},
        {"activity_count": True},
    ],
    ids=repr,
)
def test_an_odd_chunk_goes_the_text_path(items, change):
    chunk = [replace(item, reason=DEFERRED, terms=DEFERRED) for item in items[:10]]
    chunk[0] = replace(items[0], reason=DEFERRED, terms=DEFERRED, **change)
    for copy, item in zip(chunk, items[:10], strict=True):
        copy.read_from(item._source, item._row)
    assert _json_chunks.chunk_bytes(chunk[1:], b",") is not None
    assert _json_chunks.chunk_bytes(chunk, b",") is None


def _report():
    return scan_file(EXAMPLES / "jira_sample_export.csv", generated_at=WHEN)


def test_a_report_file_is_the_rendered_text(tmp_path: Path, monkeypatch):
    report = _report()
    text = get_format("json").render(report)
    path = tmp_path / "r.json"
    write_output(path, lambda stream: get_format("json").write(report, stream))
    assert path.read_bytes() == text.encode()
    calls = []
    real = _json_chunks.chunk_bytes
    monkeypatch.setattr(
        module, "chunk_bytes", lambda *args: calls.append(1) or real(*args)
    )  # the file took the bytes path
    write_output(path, lambda stream: get_format("json").write(report, stream))
    assert calls and path.read_bytes() == text.encode()


def test_a_surrogate_in_an_item_is_written_as_the_stream_writes_it(tmp_path: Path):
    """A lone surrogate (which ``clean_board`` never lets through a scan) in a report file: its
    chunk goes the text path and is written with the file's ``backslashreplace``."""
    report = _report()
    odd = replace(report.items[1], title="a \udcff b")
    odd.read_from(report.items[1]._source, report.items[1]._row)
    report.items[1] = odd
    path = tmp_path / "r.json"
    write_output(path, lambda stream: get_format("json").write(report, stream))
    expected = get_format("json").render(report).encode("utf-8", "backslashreplace")
    assert path.read_bytes() == expected and b"a \\udcff b" in expected


def test_other_streams_take_the_text_path():
    """A StringIO, or a text file that is not a ``Utf8Text`` (its newlines may be translated):
    the text, piece by piece, as before."""
    report = _report()
    text = get_format("json").render(report)
    stream = io.StringIO()
    get_format("json").write(report, stream)
    assert stream.getvalue() == text
    raw = io.BytesIO()
    wrapper = io.TextIOWrapper(raw, encoding="utf-8", newline="\r\n")
    get_format("json").write(report, wrapper)
    wrapper.flush()
    assert raw.getvalue() == text.replace("\n", "\r\n").encode()


def test_text_written_before_the_report_stays_first():
    raw = io.BytesIO()
    stream = Utf8Text(raw, errors="strict")
    stream.write("before ")
    report = _report()
    get_format("json").write(report, stream)
    stream.write(" after")
    stream.flush()
    assert raw.getvalue() == ("before " + get_format("json").render(report) + " after").encode()


def test_utf8_text_writes_utf8_and_keeps_newlines():
    raw = io.BytesIO()
    stream = Utf8Text(raw, errors="backslashreplace")
    stream.write("é\n\r\n\udcff")
    stream.flush()
    assert stream.encoding == "utf-8" and raw.getvalue() == "é\n\r\n".encode() + b"\\udcff"
