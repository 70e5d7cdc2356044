"""Session 25: ``classify --format jsonl|json`` writes each batch's lines encoded one by one to
stdout's byte buffer when stdout is UTF-8 (one emoji made a batch's joined text four bytes a
character to encode); the bytes are those the text layer wrote before, whatever stdout's
encoding, errors and buffering."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from analyzer.commands import classify as classify_cmd

ROOT = Path(__file__).resolve().parent.parent

BATCHES = [
    ['{"text": "Plan the 🚀 launch"}', '{"text": "naïve café"}', '{"text": "路线图"}'],
    ['{"text": "plain ascii"}', '{"text": "lone \udcff surrogate"}'],
    ['{"text": "last"}'],
]


def _old_write(batches: list[list[str]], format_name: str, out) -> None:
    """The writer before session 25: each batch's text joined, through the text layer."""
    first, *rest = batches
    if format_name == "jsonl":
        for lines in batches:
            out.write("\n".join(lines))
            out.write("\n")
        return
    out.write("[\n  ")
    out.write(",\n  ".join(first))
    for lines in rest:
        out.write(",\n  ")
        out.write(",\n  ".join(lines))
    out.write("\n]\n")


def _stream(encoding: str, errors: str, line_buffering: bool = False) -> io.TextIOWrapper:
    raw = io.BytesIO()
    buffered = io.BufferedWriter(raw)
    return io.TextIOWrapper(
        buffered, encoding=encoding, errors=errors, line_buffering=line_buffering
    )


def _written(stream: io.TextIOWrapper) -> bytes:
    stream.flush()
    return stream.buffer.raw.getvalue()  # type: ignore[attr-defined]


def _outcome(write, encoding: str, errors: str, line_buffering: bool) -> tuple[bytes, str]:
    """What reached the bytes, and the encoding error that stopped the writer (if any)."""
    stream = _stream(encoding, errors, line_buffering)
    try:
        write(stream)
    except UnicodeEncodeError as error:
        return _written(stream), error.reason
    return _written(stream), ""


@pytest.mark.parametrize("format_name", ["jsonl", "json"])
@pytest.mark.parametrize(
    ("encoding", "errors"),
    [
        ("utf-8", "backslashreplace"),  # the CLI's stdout (analyzer.app._tolerant_streams)
        ("utf-8", "surrogateescape"),
        ("utf-8", "strict"),  # a lone surrogate fails, as it did
        ("UTF8", "replace"),
        ("ascii", "backslashreplace"),  # PYTHONIOENCODING=ascii
        ("latin-1", "replace"),
        ("utf-16", "surrogatepass"),
    ],
)
@pytest.mark.parametrize("line_buffering", [False, True])
def test_the_bytes_are_the_text_layers(monkeypatch, format_name, encoding, errors, line_buffering):
    def new(stream):
        monkeypatch.setattr(sys, "stdout", stream)
        classify_cmd._write_json(iter(BATCHES), format_name)

    expected = _outcome(
        lambda s: _old_write(BATCHES, format_name, s), *(encoding, errors), line_buffering
    )
    assert _outcome(new, encoding, errors, line_buffering) == expected


def test_a_stream_without_a_buffer_gets_the_text(monkeypatch):
    out = io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    classify_cmd._write_json(iter(BATCHES), "jsonl")
    assert out.getvalue() == "".join(f"{chr(10).join(b)}\n" for b in BATCHES)


class _Counting(io.TextIOWrapper):
    texts: list[str]

    def write(self, text: str) -> int:
        self.texts.append(text)
        return super().write(text)


@pytest.mark.skipif(os.linesep != "\n", reason="the byte path applies without newline translation")
def test_a_utf8_stdout_gets_the_lines_as_bytes(monkeypatch):
    out = _Counting(io.BufferedWriter(io.BytesIO()), encoding="utf-8", errors="backslashreplace")
    out.texts = []
    monkeypatch.setattr(sys, "stdout", out)
    classify_cmd._write_json(iter(BATCHES), "jsonl")
    assert set(out.texts) == {"\n"}  # only the separators went through the text layer


def test_a_line_buffered_stdout_shows_each_batch_before_the_next_is_classified(monkeypatch):
    stream = _stream("utf-8", "backslashreplace", line_buffering=True)
    raw = stream.buffer.raw  # type: ignore[attr-defined]
    seen = []

    def batches():
        for batch in BATCHES:
            seen.append(raw.getvalue())
            yield batch

    monkeypatch.setattr(sys, "stdout", stream)
    classify_cmd._write_json(batches(), "jsonl")
    first, second = (("\n".join(b) + "\n").encode("utf-8", "backslashreplace") for b in BATCHES[:2])
    assert seen == [b"", first, first + second]


def _classify(env: dict[str, str]) -> bytes:
    argv = [
        sys.executable,
        "-c",
        "from analyzer.cli import main; main()",
        "classify",
        "-f",
        "jsonl",
    ]
    texts = ["Plan the 🚀 launch roadmap", "Fix the naïve login form"]
    return subprocess.run(
        [*argv, *texts], capture_output=True, cwd=ROOT, env={**os.environ, **env}, check=True
    ).stdout


def test_the_command_honours_pythonioencoding():
    utf8 = _classify({"PYTHONIOENCODING": "utf-8"})
    ascii_ = _classify({"PYTHONIOENCODING": "ascii"})
    assert "🚀".encode() in utf8 and b"\\U0001f680" in ascii_
    assert ascii_ == utf8.decode().encode("ascii", "backslashreplace")
