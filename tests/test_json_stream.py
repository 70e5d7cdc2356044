"""connectors.exports.json_stream: the same values and one-line errors as reading the whole file."""

from __future__ import annotations

import json
import random
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

from connectors.exports.files import load_json
from connectors.exports.json_stream import JsonStream
from connectors.interface import ExportFormatError

FIXTURES = Path(__file__).parent / "fixtures"
WHAT = "test export"


def _streamed(stream: JsonStream) -> Any:
    """Rebuild the document with the streaming calls: objects and arrays walked two levels deep."""
    char = stream.start()
    value = _walk(stream, char, depth=2)
    stream.finish()
    return value


def _walk(stream: JsonStream, char: str, depth: int) -> Any:
    if depth and char == "{":
        result = {}
        for key in stream.members():
            result[key] = _walk(stream, stream.peek(), depth - 1)
        return result
    if depth and char == "[":
        return list(stream.elements())
    return stream.value()


def _outcome(read) -> tuple[str, Any]:
    try:
        return "ok", read()
    except ExportFormatError as error:
        return "error", str(error)


def _compare(path: Path, chunk_bytes: int) -> None:
    expected = _outcome(lambda: load_json(path, what=WHAT))

    def read_streamed() -> Any:
        with JsonStream(path, what=WHAT, chunk_bytes=chunk_bytes) as stream:
            return _streamed(stream)

    assert _outcome(read_streamed) == expected


def _json_says(text: str, at: bool = False) -> str:
    """What this Python's json.loads says of ``text`` (with where when ``at``): the wording
    changed in 3.13."""
    try:
        json.loads(text)
    except json.JSONDecodeError as error:
        return f"{error.msg} at line {error.lineno}, column {error.colno}" if at else error.msg
    raise AssertionError(f"{text!r} is valid JSON")


DOCUMENT = {
    "id": "b1",
    "name": "Board ✅ naïve",
    "numbers": [1, -2.5, 1e10, 123456789012345678901234567890, 0, True, False, None],
    "cards": [
        {"id": f"c{n}", "name": "ünïcødé 🚀 " * (n % 3), "pos": n * 1.5, "labels": [], "x": {}}
        for n in range(12)
    ],
    "empty": [],
    "nested": {"a": {"b": [[1, 2], {"c": 'd\n"e\\'}]}, "z": []},
    "tail": 12345,
}


@pytest.mark.parametrize("chunk_bytes", [16, 17, 64, 1 << 20])
@pytest.mark.parametrize("indent", [None, 2])
def test_valid_documents_read_the_same(tmp_path: Path, chunk_bytes: int, indent: int | None):
    path = tmp_path / "doc.json"
    path.write_text(json.dumps(DOCUMENT, indent=indent, ensure_ascii=False), encoding="utf-8")
    _compare(path, chunk_bytes)


def _mutations(text: str, count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        where = rng.randrange(len(text))
        kind = rng.randrange(5)
        if kind == 0:  # truncated
            out.append(text[:where])
        elif kind == 1:  # a character removed
            out.append(text[:where] + text[where + 1 :])
        elif kind == 2:  # a stray character
            out.append(text[:where] + rng.choice('{}[],:"x1 \n\\') + text[where:])
        elif kind == 3:  # truncated, then blank lines
            out.append(text[:where] + "\n  \n")
        else:  # extra data after the document
            out.append(text + rng.choice(["x", " {}", "\n]", "  1"]))
    return out


def _compare_mutations(path: Path, mutations: Iterable[tuple[int, str]], lead: str = "") -> None:
    """:func:`_compare` on each numbered broken document (after ``lead``), in small and large
    chunks; a failure names the mutation."""
    for number, broken in mutations:
        path.write_text(lead + broken, encoding="utf-8")
        for chunk_bytes in (16, 1 << 20):
            try:
                _compare(path, chunk_bytes)
            except AssertionError:
                pytest.fail(f"mutation {number} (chunk {chunk_bytes}): {broken!r}")


@pytest.mark.parametrize("indent", [None, 1])
def test_broken_documents_give_the_same_error(tmp_path: Path, indent: int | None):
    text = json.dumps(DOCUMENT, indent=indent, ensure_ascii=False)
    path = tmp_path / "broken.json"
    mutations = enumerate(_mutations(text, 100, seed=indent or 0))
    _compare_mutations(path, [(number, broken) for number, broken in mutations if broken.strip()])


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b'{"cards": [{"id": 1}, {"id": 2}', "the JSON ends abruptly at line 1 (the file is trunc"),
        (b'{"cards": [{"id": 1},\n{"id": 2', "the JSON ends abruptly at line 2"),
        (b'{"cards": [{"id": 1} {"id": 2}]}', "Expecting ',' delimiter at line 1, column 22"),
        (b'{"a": "caf\xe9"}', "byte 10 is neither UTF-8"),
        (b'\xef\xbb\xbf{"a": "caf\xe9"}', "byte 10 is neither UTF-8"),
        (b"\xef\xbb\xbf", "the JSON ends abruptly at line 1"),
        # cut off inside a UTF-8 character (a download that stopped): truncated, not "not UTF-8"
        (b'{"cards": [{"name": "caf\xc3', "the JSON ends abruptly at line 1 (the file is trunc"),
        (b'{"cards": [\n{"name": "\xe2\x82', "the JSON ends abruptly at line 2"),
        (b'\xef\xbb\xbf{"a": "Zu\xcc\x88rich", "b": 1\xf0\x9f\x98', "the JSON ends abruptly"),
        (b'{"a": "caf\xc3\xa9", "b": "caf\xe9', "the JSON ends abruptly at line 1"),
        (b'{"a": "caf\xe9", "b": "caf\xc3', "byte 10 is neither UTF-8"),  # not UTF-8 before
        # cut off inside a value: the start of a literal, a number without its digits
        (b'{"cards": [{"closed": fa', "the JSON ends abruptly at line 1"),
        (b'{"cards": [{"closed": tru \n\n', "the JSON ends abruptly at line 1"),
        (b'{"cards": [\n{"due": n', "the JSON ends abruptly at line 2"),
        (b'{"cards": [{"pos": -', "the JSON ends abruptly at line 1"),
        (b'{"cards": [{"pos": 16384.', "the JSON ends abruptly at line 1"),
        (b'{"cards": [{"pos": 1.5e+', "the JSON ends abruptly at line 1"),
        (b'{"cards": [{"closed": fa, "id": 1}]}', "Expecting value at line 1, column 23"),
        (b'{"cards": [{"closed": fa       x', "Expecting value at line 1, column 23"),
        (b"[1, 2]   xy", "more after its JSON value, at line 1, column 10"),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        # a comma added by hand after the last value: the file is whole, not cut off (Python
        # 3.13's json names the comma: "Illegal trailing comma before end of object")
        (b'{"cards": [{"id": 1}],\n}', "is not valid JSON (" + _json_says('{"a": 1,\n}')),
        (b'{"cards": [{"id": 1}],\n}\n\n', "is not valid JSON (" + _json_says('{"a": 1,\n}')),
        (b"[1, 2,]", "is not valid JSON (" + _json_says("[1, 2,]", at=True)),
    ],
)
def test_bad_bytes_give_the_same_error(tmp_path: Path, raw: bytes, message: str):
    path = tmp_path / "bad.json"
    path.write_bytes(raw)
    for chunk_bytes in (16, 1 << 20):
        _compare(path, chunk_bytes)
    with (
        pytest.raises(ExportFormatError, match=message.replace("(", r"\(")),
        JsonStream(path, what=WHAT, chunk_bytes=16) as stream,
    ):
        _streamed(stream)


def test_a_multibyte_character_cut_by_every_chunk_boundary(tmp_path: Path):
    path = tmp_path / "utf8.json"
    path.write_text(json.dumps(["é🚀ü" * 50, {"k": "✅" * 33}]), encoding="utf-8")
    for chunk_bytes in range(16, 24):
        _compare(path, chunk_bytes)


def test_a_huge_single_string_spans_many_chunks(tmp_path: Path):
    path = tmp_path / "huge.json"
    huge = "word " * 200_000
    path.write_text(json.dumps({"cards": [{"desc": huge}, {"desc": "small"}]}), encoding="utf-8")
    with JsonStream(path, what=WHAT, chunk_bytes=4096) as stream:
        assert _streamed(stream) == {"cards": [{"desc": huge}, {"desc": "small"}]}


def test_a_number_cut_by_the_chunk_boundary_is_read_whole(tmp_path: Path):
    numbers = [123456789, 98765.4321, -1e-300, 7]
    path = tmp_path / "numbers.json"
    path.write_text(json.dumps(numbers), encoding="utf-8")
    for chunk_bytes in range(16, 40):
        with JsonStream(path, what=WHAT, chunk_bytes=chunk_bytes) as stream:
            assert _streamed(stream) == numbers


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8-sig"])
def test_bom_and_utf16_files(tmp_path: Path, encoding: str):
    path = tmp_path / "bom.json"
    path.write_bytes(json.dumps(DOCUMENT, ensure_ascii=False).encode(encoding))
    for chunk_bytes in (16, 1 << 20):
        _compare(path, chunk_bytes)


#: What a page saved from a browser may carry before its JSON: BOMs, ``//`` comment lines.
LEADS = [
    "// saved from https://trello.com/b/abc/board.json\n",
    "\ufeff// one\r\n  // two\n\n",
    "\ufeff\ufeff\n// " + "long " * 20 + "\n",  # longer than a chunk of 16 bytes
    "  //\n",
]


@pytest.mark.parametrize("lead", LEADS)
def test_comment_lines_before_the_json_are_read_past(tmp_path: Path, lead: str):
    """The stream reads past them as the whole-file reader does; a JSON error after them is at
    the same line and column."""
    path = tmp_path / "saved.json"
    text = json.dumps(DOCUMENT, indent=1, ensure_ascii=False)
    path.write_text(lead + text, encoding="utf-8")
    for chunk_bytes in (16, 17, 1 << 20):
        _compare(path, chunk_bytes)
    with JsonStream(path, what=WHAT, chunk_bytes=16) as stream:
        assert _streamed(stream) == json.loads(text)
    _compare_mutations(path, enumerate(_mutations(text, 40, seed=3)), lead)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("// only a comment", "the JSON ends abruptly at line 1"),
        ("// a\n/ b\n{}", "Expecting value at line 2, column 1"),  # one slash: not a comment
        ('{"a": 1}\n// after\n', "more after its JSON value, at line 2, column 1"),  # after: no
        ("// a\n[1,\n// inside\n2]", "Expecting value at line 3, column 1"),  # inside: no
    ],
)
def test_comment_lines_are_read_past_only_before_the_json(tmp_path: Path, text: str, message: str):
    path = tmp_path / "odd.json"
    path.write_text(text, encoding="utf-8")
    for chunk_bytes in (16, 1 << 20):
        _compare(path, chunk_bytes)
        with (
            pytest.raises(ExportFormatError, match=message),
            JsonStream(path, what=WHAT, chunk_bytes=chunk_bytes) as stream,
        ):
            _streamed(stream)


def test_concatenated_documents_after_comment_lines(tmp_path: Path):
    path = tmp_path / "pages.json"
    path.write_text('// saved\n{"a": 1}\n,{"b": [2]}  [3]\n', encoding="utf-8")
    values = []
    with JsonStream(path, what=WHAT, chunk_bytes=16) as stream:
        while stream.next_document():
            values.append(stream.value())
    assert values == [{"a": 1}, {"b": [2]}, [3]]


def test_concatenated_documents(tmp_path: Path):
    path = tmp_path / "pages.json"
    path.write_text('{"a": 1}\n,{"b": [2]}  [3]\n', encoding="utf-8")
    values = []
    with JsonStream(path, what=WHAT, chunk_bytes=16) as stream:
        while stream.next_document():
            values.append(stream.value())
    assert values == [{"a": 1}, {"b": [2]}, [3]]


@pytest.mark.parametrize("name", ["bad_truncated.json", "bad_empty.json", "bad_binary.csv"])
def test_fixture_errors_are_the_same(name: str):
    _compare(FIXTURES / name, 16)


def test_the_last_marked_cut_is_found_whatever_the_elements_length() -> None:
    """The cut search looks at the buffer's end first, then further back: the same cut as
    looking at the whole look-back at once, for short and long elements alike."""
    from connectors.exports import json_stream

    rng = random.Random(5)
    for _ in range(60):
        sizes = [rng.choice([5, 300, 5000, 30000]) for _ in range(rng.randint(1, 6))]
        elements = [
            {"id": f"e{n}", "type": "x", "pad": "}, {" * size} for n, size in enumerate(sizes)
        ]
        buf = json.dumps(elements)[1:-1] + rng.choice(["", ", ", ",  {", "}]"])
        marker = json_stream._element_marker(buf, 0)
        end = rng.randint(len(buf) // 2, len(buf))
        low = max(0, end - json_stream._CUT_LOOKBACK)
        every = [m.start() + 1 for m in marker.finditer(buf, low, end)]
        assert json_stream._last_marked_cut(buf, 0, end, marker) == (every[-1] if every else None)


@pytest.mark.parametrize(
    ("raw", "said"),
    [
        (b'{"cards": [{"id": 1}],\n}', "trailing comma before end of object at line 1, column 22"),
        (b'{"cards": [{"id": 1},\n  ]}', "trailing comma before end of array at line 1, column 21"),
        (b"[1, 2,\n ]", "trailing comma before end of array at line 1, column 6"),
        # white space longer than a chunk between the comma and the bracket
        (b'{"a": [1, 2,' + b" " * 40 + b"\n  ]}", "end of array at line 1, column 12"),
        (b'{"a": 1,' + b" " * 40 + b"\n\n }", "end of object at line 1, column 8"),
    ],
)
def test_a_trailing_comma_is_named_at_the_comma_where_json_names_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, raw: bytes, said: str
):
    """Python 3.13's json says "Illegal trailing comma before end of object" at the comma; the
    streamed reader says the same there (run on any Python by pretending to be 3.13)."""
    import connectors.exports.json_stream as json_stream

    monkeypatch.setattr(json_stream, "_TELLS_TRAILING_COMMA", True)
    path = tmp_path / "comma.json"
    path.write_bytes(raw)
    for chunk_bytes in (4, 16, 1 << 20):
        with (
            pytest.raises(ExportFormatError, match=f"is not valid JSON \\(Illegal .*{said}\\)"),
            JsonStream(path, what=WHAT, chunk_bytes=chunk_bytes) as stream,
        ):
            _streamed(stream)
