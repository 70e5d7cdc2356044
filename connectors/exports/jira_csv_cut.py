"""A Jira CSV's bytes as text, and the signs of a file cut off (a download that stopped).

The encodings a file is tried in (:func:`_encodings`: UTF-16 by its byte order mark, else UTF-8
then Windows-1252); a UTF-8 or UTF-16 file read without the character it stops inside
(:func:`_text`); the last record marked as it is handed to the ``csv`` module, so the reader
tells a row the file ends inside (:func:`_then_mark`), and the line that says so
(:func:`cut_row`). How many last bytes begin such a character: :mod:`.files` (``cut_tail``).
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterable, Iterator
from typing import Any, BinaryIO

from connectors.exports.files import UTF8_ELSE_CP1252
from connectors.mapping.common import one_line

_UTF16 = ("utf-16",)


def _encodings(head: bytes) -> tuple[str, ...]:
    """The encodings a file's text is tried in, by its first bytes: UTF-16 when it opens with
    a UTF-16 byte order mark, else UTF-8 (with or without its mark), then Windows-1252."""
    return _UTF16 if head.startswith((b"\xff\xfe", b"\xfe\xff")) else ("utf-8-sig", "cp1252")


class _Upto(io.RawIOBase):
    """A file's bytes up to ``end``: a UTF-8 file read without the character it stops inside."""

    def __init__(self, file: BinaryIO, end: int) -> None:
        self.file, self.left = file, end

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        size = self.file.readinto(memoryview(buffer)[: min(len(buffer), self.left)]) or 0
        self.left -= size
        return size


#: The encodings a file can be cut off in (:meth:`JiraCsvExport._cut`): Windows-1252 has a
#: character per byte.
_CUT_ENCODINGS = ("utf-8-sig", *_UTF16)


def _text(binary: BinaryIO, encoding: str, cut: int) -> io.TextIOWrapper:
    """``binary``'s text in ``encoding``; as UTF-8 or UTF-16 without its ``cut`` last bytes
    (they begin a character the file stops inside; a file not UTF-8 before them raises
    UnicodeDecodeError and is read as Windows-1252, whole)."""
    if cut and encoding in _CUT_ENCODINGS:
        end = os.fstat(binary.fileno()).st_size - cut
        binary = io.BufferedReader(_Upto(binary, end))  # type: ignore[assignment]
    if encoding == "cp1252":  # UTF-8 where it is (a UTF-8 export joined to this one), else 1252
        return io.TextIOWrapper(binary, encoding="utf-8-sig", errors=UTF8_ELSE_CP1252, newline="")
    return io.TextIOWrapper(binary, encoding=encoding, newline="")


def _then_mark(lines: Iterable[str], ended: list[bool], last: list[str]) -> Iterator[str]:
    """``lines``, ``last`` given the last line before it is handed over, then ``ended`` marked
    once they ran out. The ``csv`` module ends a record at the end of its line unless a quoted
    cell is open there: it asks for the next line, and gives the record it holds only when
    there is none. So a record given once ``ended`` is marked is the file's last, ended inside
    a quoted cell: a Jira export never does (its quoted cells all close), a download that
    stopped mid-file does. A record given once ``last`` holds a line is the file's last."""
    lines = iter(lines)
    previous = next(lines, None)
    if previous is not None:
        for line in lines:  # (each line handed over once the next one is read)
            yield previous
            previous = line
        last.append(previous)
        yield previous
    ended.append(True)


def cut_row(number: int, key: str | None, quoted: bool = True) -> str:
    """The skipped line of the row the file ends inside (:func:`_then_mark`), record ``number``
    (the header is 1), named by its key (else id) when the cut left one: the row is left out,
    as its cells after the cut are missing. ``quoted``: the file ends in a quoted cell (else
    between cells, in an unquoted one or inside a character)."""
    named = f" ({one_line(key, 20)})" if key else ""
    where = "this row's quoted cell" if quoted else "this row"
    return (
        f"row {number}{named}: the file ends inside {where}, cut off (a download that "
        "stopped?): the row was left out, those before it read; re-export or re-download "
        "the file"
    )
