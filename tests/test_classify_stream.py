"""``classify --file`` streams: lines read as they come, classified in batches, written as they
are classified (JSON Lines, a JSON array, or text), in constant memory."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from analyzer.cli import app
from analyzer.errors import OptionError
from analyzer.modeling import (
    MAX_LINE_BYTES,
    classify_stream,
    classify_texts,
    iter_item_lines,
    prediction_json,
    prediction_line,
)
from models.interface import ModelError, Prediction

ODD = [
    "Q3 roadmap draft",
    'Quotes " and \\ backslash',
    "Émojis 🚀 and accents: café, Straße",
    "Tab\there and \x1b[31m escape",
    "Line\u2028separator",
]


def run(*args: str, stdin: str | None = None):
    return CliRunner().invoke(app, list(args), input=stdin)


def test_the_fast_json_line_is_exactly_what_json_dumps_writes(model):
    for text, p in classify_stream(ODD, model=model):
        for threshold in (0.0, 0.6, 1.0):
            expected = json.dumps(prediction_json(text, p, threshold), ensure_ascii=False)
            assert prediction_line(text, p, threshold) == expected
    bare = Prediction("tactical", 0.7, "tactical 0.70: no strong terms", {"tactical": 0.7})
    assert prediction_line("x", bare, 0.6) == json.dumps(
        prediction_json("x", bare, 0.6), ensure_ascii=False
    )
    odd = Prediction("tactical", float("nan"), "r", {"tactical": float("nan")})
    assert prediction_line("x", odd, 0.6) == json.dumps(prediction_json("x", odd, 0.6))


class CountingModel:
    """The bundled model, counting how many items each predict call gets."""

    def __init__(self, inner):
        self.inner, self.calls = inner, []
        self.labels = inner.labels

    def predict(self, docs):
        self.calls.append(len(docs))
        return self.inner.predict(docs)


def test_stream_classifies_in_batches_and_agrees_with_classify_texts(model):
    from models.interface import RoleModel

    RoleModel.register(CountingModel)
    counting = CountingModel(model)
    texts = [f"{t} {i}" for i in range(4) for t in ODD[:3]]
    streamed = list(classify_stream(["", "  ", *texts], model=counting, batch=5))
    assert counting.calls == [5, 5, 2]
    whole = classify_texts(texts, model=model)
    assert [t for t, _ in streamed] == [t for t, _ in whole]
    assert [p.label for _, p in streamed] == [p.label for _, p in whole]


def test_stream_yields_before_the_input_ends(model):
    read = []

    def lines():
        for i in range(1000):
            read.append(i)
            yield f"Fix login bug {i}"

    first = next(classify_stream(lines(), model=model, batch=10))
    assert first[0] == "Fix login bug 0" and len(read) <= 11


def test_nothing_to_classify_is_said_before_any_output(model):
    with pytest.raises(OptionError, match="nothing to classify"):
        next(classify_stream(["", "   "], model=model))
    result = run("classify", "--file", "-", "-f", "json", stdin="\n\n")
    assert result.exit_code == 2 and result.stdout == ""


def test_lines_of_a_file(tmp_path):
    path = tmp_path / "items.txt"
    path.write_bytes(b"\xef\xbb\xbfFirst\r\n\r\n  second  \rthird\nfourth\xe2\x80\xa8fifth")
    assert list(iter_item_lines(path)) == ["First", "second", "third", "fourth", "fifth"]
    stream = io.BytesIO(b"a\n\nb\n")
    assert list(iter_item_lines("standard input", stream)) == ["a", "b"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"ok\nbinary\x00here\n", "a binary file"),
        (b"ok\n\xff\xfe bad\n", "line 2 is not UTF-8 text"),
        (b"x" * (MAX_LINE_BYTES + 5), "line 1 is longer than 1 MiB"),
    ],
)
def test_unusable_lines_are_one_error(tmp_path, content, message):
    path = tmp_path / "items.txt"
    path.write_bytes(content)
    with pytest.raises(ModelError, match=message):
        list(iter_item_lines(path))
    result = run("classify", "--file", str(path))
    assert result.exit_code == 2 and message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(ModelError, match="no such file"):
        list(iter_item_lines(tmp_path / "none.txt"))
    with pytest.raises(ModelError, match="is a directory"):
        list(iter_item_lines(tmp_path))


def test_jsonl_json_and_text_say_the_same(tmp_path):
    path = tmp_path / "items.txt"
    path.write_text("\n".join(ODD) + "\n", encoding="utf-8")
    lines = run("classify", "--file", str(path), "-f", "jsonl").stdout.splitlines()
    rows = [json.loads(line) for line in lines]
    expected = [part.strip() for t in ODD for part in t.splitlines()]  # \u2028 splits a line
    assert [r["text"] for r in rows] == expected
    array = json.loads(run("classify", "--file", str(path), "-f", "json").stdout)
    assert array == rows
    text = run("classify", "--file", str(path)).stdout
    assert text.count("\n") == 2 * len(rows)
    assert "\x1b" not in text and "\\x1b[31m" in text  # no escape sequence reaches a terminal


def _per_line(data: bytes) -> tuple[list[str], str | None]:
    """The reference: the file read line by line."""
    from analyzer.modeling import _each_line

    out: list[str] = []
    try:
        for part in _each_line(io.BytesIO(data), Path("f.txt")):
            out.append(part)
    except ModelError as error:
        return out, str(error)
    return out, None


def _blocks(data: bytes) -> tuple[list[str], str | None]:
    out: list[str] = []
    try:
        for part in iter_item_lines("f.txt", io.BytesIO(data)):
            out.append(part)
    except ModelError as error:
        return out, str(error)
    return out, None


@pytest.mark.parametrize("block", [1, 3, 7, 64, 1 << 18])
def test_block_reading_says_what_line_by_line_reading_says(monkeypatch, block):
    import random

    monkeypatch.setattr("analyzer.modeling._BLOCK", block)
    monkeypatch.setattr("analyzer.modeling.MAX_LINE_BYTES", 40)
    pieces = [
        b"a",
        b" Fix login ",
        b"\n",
        b"\r\n",
        b"\r",
        b"\xef\xbb\xbf",
        "é’🚀".encode(),
        b"  \n",
    ]
    pieces += ["x\u2028y\x85z".encode(), b"\x00", b"\xff", b"\xe2\x82", b"y" * 45, b"\t"]
    rng = random.Random(block)
    for _ in range(400):
        data = b"".join(rng.choices(pieces, k=rng.randint(0, 20)))
        if rng.random() < 0.6:  # most files are clean: the block path itself is checked
            data = data.replace(b"\x00", b"").replace(b"\xff", b"").replace(b"\xe2\x82", b"")
        assert _blocks(data) == _per_line(data), data
