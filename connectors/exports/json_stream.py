"""Reading a huge JSON export a piece at a time, so the parsed document is never held whole.

A :class:`JsonStream` decodes the file in chunks (UTF-8 with or without BOM, UTF-16 with BOM) and
walks its structure: the caller asks for the members of an object (:meth:`JsonStream.members`), the
elements of an array (:meth:`JsonStream.elements`) or one whole value (:meth:`JsonStream.value`),
each element being decoded by the standard library's C scanner. Only the element being read and
the chunk around it are in memory.

Bad input gives the same one-line :class:`ExportFormatError` as parsing the whole file with
``json.loads`` (:func:`connectors.exports.files.load_json`): same message, line and column.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Callable, Iterator
from json.decoder import scanstring
from pathlib import Path
from typing import Any, BinaryIO

from connectors.exports.files import (
    CLOSING,
    CUT_VALUE,
    HEAD_BYTES,
    blank_comment_lines,
    check_not_binary,
    cut_character,
    decode_text,
    fail,
    json_problem,
    read_bytes,
    read_head,
)
from connectors.interface import ExportFormatError
from connectors.mapping.common import lenient_int

#: Bytes read from the file at a time.
CHUNK_BYTES = 1 << 20

_WS = re.compile(r"[ \t\n\r]*")
#: White space at the file's start: a second BOM too (:data:`~.files.COMMENT_LINES`).
_LEAD = re.compile("[ \t\n\r\ufeff]*")
_DOC_GAP = re.compile(r"[ \t\n\r,]*")  # between concatenated documents (``curl ... >> f.json``)
_SEPARATOR = re.compile(r"[ \t\n\r]*,[ \t\n\r]*")  # between two array elements
_NUMBER_TAIL = re.compile(r"[0-9.eE+-]*")
#: An error this close to the end of the buffer may only mean the text goes on in the next chunk.
_TAIL = 64
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_BYTE_SPACE = b" \t\n\r\x0b\x0c"


class _Undecodable(Exception):
    """A byte that is not UTF-8, at ``offset`` (counted after a BOM, as ``bytes.decode`` does)."""

    def __init__(self, offset: int) -> None:
        self.offset = offset


class JsonStream:
    """One JSON file read front to back. Use as a context manager (closes the file).

    ``what`` names the expected export in error messages ("Trello board JSON export").
    """

    def __init__(self, path: str | Path, *, what: str, chunk_bytes: int | None = None) -> None:
        self.path = path
        self.what = what
        self.chunk_bytes = max(16, chunk_bytes or CHUNK_BYTES)
        head = read_head(path)  # missing / directory / unreadable / empty head: one line
        check_not_binary(path, head[:HEAD_BYTES])
        self._file: BinaryIO = Path(path).open("rb")  # noqa: SIM115 - closed by close()
        self._pending = b""  # bytes of a character cut by the chunk boundary
        self._bytes_read = 0  # file bytes decoded so far (after the BOM)
        self._bom = False
        self._utf16 = None
        self._only_space = True  # every byte so far is ASCII white space (an "empty" file)
        first = self._file.read(4)
        if first.startswith(_UTF16_BOMS):
            self._utf16 = codecs.getincrementaldecoder("utf-16")()
        elif first.startswith(codecs.BOM_UTF8):
            self._bom = True
            first = first[3:]
        self._pending = first
        self.buf = ""  # decoded text not yet consumed, from self.pos
        self.pos = 0
        self.eof = False
        self._base = 0  # characters before buf[0]
        self._comma = -1  # where the last comma a slow path consumed is (a trailing one: 3.13)
        self._count_lines = False
        self._lines = 0  # newlines before buf[0] (when counted)
        self._last_newline = -1  # absolute position of the last newline before buf[0]
        self._scan = json.JSONDecoder().scan_once
        self._first = True  # before the first value: ``//`` comment lines may come first

    # --- plumbing ----------------------------------------------------------------------------

    def __enter__(self) -> JsonStream:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._file.close()

    def _decode(self, data: bytes, final: bool) -> str:
        if self._utf16 is not None:
            self._pending = b""  # the incremental decoder keeps a cut character itself
            try:
                return self._utf16.decode(data, final)
            except UnicodeDecodeError as error:
                raise _Undecodable(-1) from error
        cut = len(data)
        if not final:  # keep a multi-byte character cut by the chunk boundary for the next chunk
            start = cut - 1
            while start >= 0 and cut - start < 4 and data[start] & 0xC0 == 0x80:
                start -= 1
            if start >= 0 and data[start] >= 0xC0:
                size = 2 if data[start] < 0xE0 else 3 if data[start] < 0xF0 else 4
                if cut - start < size:
                    cut = start
        piece = data[:cut]
        self._pending = data[cut:]
        try:
            text = piece.decode("utf-8")
        except UnicodeDecodeError as error:
            cut_off = cut_character(error) if final else 0
            if not cut_off:
                raise _Undecodable(self._bytes_read + error.start) from error
            # the file stops inside its last character (cut off, :func:`cut_character`): the
            # text before it, whose JSON ends abruptly there (as :func:`load_json` reads it)
            cut -= cut_off
            text = data[:cut].decode("utf-8")
        self._bytes_read += cut
        return text

    def _more(self, size: int = 0) -> bool:
        """Append the next chunk (at least ``size`` bytes) to the buffer; False at the end."""
        if self.eof:
            return False
        data = self._pending + self._file.read(max(size, self.chunk_bytes))
        final = len(data) == len(self._pending)
        if self._only_space and data.strip(_BYTE_SPACE):
            self._only_space = False
        try:
            text = self._decode(data, final)
        except _Undecodable as error:
            raise self._undecodable(error.offset) from None
        if final:
            self.eof = True
        # drop what was consumed, keeping count of its lines for error messages
        done = self.pos
        if done:
            if self._count_lines:  # only when placing an error (see _line_and_column)
                newline = self.buf.rfind("\n", 0, done)
                if newline >= 0:
                    self._lines += self.buf.count("\n", 0, done)
                    self._last_newline = self._base + newline
            self._base += done
            self.buf = self.buf[done:]
            self.pos = 0
        if text:
            self.buf += text
        return not final or bool(text)

    def _undecodable(self, offset: int) -> ExportFormatError:
        if offset < 0 or self._utf16 is not None:  # UTF-16: the whole-file reader says it
            return _whole_file_error(self.path, self.what)
        return fail(
            self.path,
            f"is not readable text (byte {offset} is neither UTF-8 nor Windows-1252)",
            "re-export the file as UTF-8",
        )

    def _skip(self, pattern: re.Pattern[str] = _WS) -> str:
        """Skip white space; the next character ('' at the end of the file)."""
        while True:
            end = pattern.match(self.buf, self.pos).end()
            if end < len(self.buf):
                self.pos = end
                return self.buf[end]
            self.pos = end
            if not self._more():
                return ""

    # --- errors ------------------------------------------------------------------------------

    def error(self, message: str, pos: int | None = None) -> ExportFormatError:
        """The one-line error json.loads would give for ``message`` at buffer position ``pos``.

        A cut-off file is told from one broken in the middle as :func:`json_error` does: is
        there any text after the error? (The rest of the file is read only while it is blank.)
        """
        pos = self.pos if pos is None else pos
        line, column = self._line_and_column(self._base + pos)
        text_after = len(self.buf.rstrip()) > pos + 1
        closing = self.buf[pos : pos + 1] in CLOSING  # at the text's last bracket: whole, not cut
        if text_after and CUT_VALUE.fullmatch(self.buf[pos : pos + 8].rstrip()):
            text_after = len(self.buf.rstrip()) > pos + 8  # a value cut off: text after it?
        while not text_after and not self.eof:
            self.pos = len(self.buf)  # what is left of the buffer is blank: drop it, read on
            self._more()
            text_after = bool(self.buf.strip())
        if not text_after and self._only_space and not self._bom and self._utf16 is None:
            return fail(self.path, "is empty")
        truncated = (not text_after and not closing) or "Unterminated string" in message
        return json_problem(self.path, message, line, column, truncated, self.what)

    def _trailing_comma(self, kind: str) -> ExportFormatError | None:
        """At a closing bracket right after a comma: the error json.loads gives there when this
        Python's json tells a trailing comma as such (3.13: "Illegal trailing comma before end
        of array", at the comma); None when it says "Expecting value" as before."""
        if not _TELLS_TRAILING_COMMA:
            return None
        at = self.pos - 1
        while at >= 0 and self.buf[at] in " \t\n\r":
            at -= 1
        comma = self._comma  # white space back to the buffer's start: the one a slow path read
        if at >= 0:
            comma = self._base + at if self.buf[at] == "," else -1
        if comma < 0:
            return None
        line, column = self._line_and_column(comma)
        message = f"Illegal trailing comma before end of {kind}"
        return json_problem(self.path, message, line, column, False, self.what)

    def _line_and_column(self, absolute: int) -> tuple[int, int]:
        """Line and column of character ``absolute`` (the file is read again up to it when the
        buffer no longer holds its start: newlines are not counted while all goes well)."""
        if self._base == 0:
            reader = self
        else:
            reader = JsonStream(self.path, what=self.what, chunk_bytes=self.chunk_bytes)
            reader._count_lines = True
            while reader._base + len(reader.buf) <= absolute and not reader.eof:
                reader.pos = min(len(reader.buf), absolute - reader._base)
                reader._more()
            reader.close()
        pos = absolute - reader._base
        newline = reader.buf.rfind("\n", 0, pos)
        line = reader._lines + reader.buf.count("\n", 0, pos) + 1
        return line, (pos - newline if newline >= 0 else absolute - reader._last_newline)

    # --- values ------------------------------------------------------------------------------

    def value(self) -> Any:
        """Decode the whole value at the current position and move past it."""
        if self.pos >= len(self.buf) and not self._more():
            raise self.error("Expecting value")
        grow = self.chunk_bytes
        while True:
            start = self.pos
            try:
                value, end = self._scan(self.buf, start)
            except StopIteration as stop:
                message, where = "Expecting value", stop.value
            except json.JSONDecodeError as error:
                message, where = error.msg, error.pos
            except ValueError:  # an integer over Python's 4300-digit limit: read it as null
                try:
                    value, end = _LENIENT_SCAN(self.buf, start)
                except (StopIteration, ValueError):
                    raise self.error("Expecting value", start) from None
                self.pos = end
                return value
            except RecursionError:
                raise fail(
                    self.path, "JSON is nested too deeply to read", f"pass a {self.what}"
                ) from None
            else:
                if (
                    self.eof
                    or not _may_continue(value)
                    or _NUMBER_TAIL.match(self.buf, end).end() < len(self.buf)
                ):
                    self.pos = end
                    return value
                self._more(grow)  # a number cut by the buffer's end: read on, decode again
                grow *= 2
                continue
            # The error may only mean the buffer ends inside the value: read on and retry.
            near_end = where >= len(self.buf) - _TAIL
            if not self.eof and ("Unterminated string" in message or near_end):
                self._more(grow)
                grow *= 2
                continue
            raise self.error(message, where)

    def start(self) -> str:
        """The first character of the document ('{', '[', ...), after white space (and
        ``//`` comment lines: :data:`~connectors.exports.files.COMMENT_LINES`)."""
        char = self._skip_comment_lines(_WS)
        if not char:
            raise self.error("Expecting value")
        return char

    def next_document(self) -> str:
        """Skip white space and commas between concatenated documents (before the first,
        ``//`` comment lines too); '' at the end."""
        return self._skip_comment_lines(_DOC_GAP)

    def _skip_comment_lines(self, pattern: re.Pattern[str]) -> str:
        """:meth:`_skip`; at the file's start, ``//`` comment lines first (a saved page's)."""
        if self._first:
            self._first = False
            char = self._skip(_LEAD)
            while char == "/" and self._ahead(2) and self.buf.startswith("//", self.pos):
                newline = self.buf.find("\n", self.pos)
                while newline < 0:  # a long comment: read on (what was read of it is dropped)
                    self.pos = len(self.buf)
                    if not self._more():
                        return ""
                    newline = self.buf.find("\n", self.pos)
                self.pos = newline + 1
                char = self._skip(_LEAD)
        return self._skip(pattern)

    def _ahead(self, count: int) -> bool:
        """Are there ``count`` characters in the buffer from the position (reading on)?"""
        while len(self.buf) - self.pos < count:
            if not self._more():
                return False
        return True

    def finish(self) -> None:
        """After the top-level value: only white space may follow ("Extra data" otherwise)."""
        if self._skip():
            raise self.error("Extra data")

    def members(self) -> Iterator[str]:
        """The keys of the object at the current position, in file order.

        After each key, the caller reads its value with :meth:`value` or :meth:`elements` (or
        skips it with :meth:`value`) before asking for the next key.
        """
        self.pos += 1  # '{'
        char = self._skip()
        if char == "}":
            self.pos += 1
            return
        while True:
            if char != '"':
                if char == "}" and (trailing := self._trailing_comma("object")):
                    raise trailing
                raise self.error("Expecting property name enclosed in double quotes")
            key = self._string()
            if self._skip() != ":":
                raise self.error("Expecting ':' delimiter")
            self.pos += 1
            self._skip()
            yield key
            char = self._skip()
            if char == "}":
                self.pos += 1
                return
            if char != ",":
                raise self.error("Expecting ',' delimiter")
            self._comma = self._base + self.pos
            self.pos += 1
            char = self._skip()

    def _string(self) -> str:
        """The JSON string at the current position (its opening quote)."""
        grow = self.chunk_bytes
        while True:
            try:
                text, end = scanstring(self.buf, self.pos + 1)
            except json.JSONDecodeError as error:
                if not self.eof and (
                    "Unterminated string" in error.msg or error.pos >= len(self.buf) - _TAIL
                ):
                    self._more(grow)
                    grow *= 2
                    continue
                raise self.error(error.msg, error.pos) from None
            self.pos = end
            return text

    def peek(self) -> str:
        """The next non-white-space character ('' at the end of the file)."""
        return self._skip()

    def elements(self) -> Iterator[Any]:
        """Decode the array at the current position one element at a time."""
        self.pos += 1  # '['
        char: str | None = self._skip()
        if char == "]":
            self.pos += 1
            return
        while char is not None:
            value, char = self._element(char)
            yield value

    def batches(self, decode: Callable[[str], list | None]) -> Iterator[list]:
        """The array at the current position, a run of elements at a time.

        Each batch is ``decode(text)``, ``text`` being about a chunk of whole elements written as
        an array (``[e1,e2,...]``). Where ``decode`` returns None (an element or JSON it does not
        read as the standard library does, or a cut it cannot place between two elements), that
        run is decoded one element at a time as :meth:`elements` does, so broken JSON gives the
        error json.loads gives.
        """
        self.pos += 1  # '['
        char: str | None = self._skip()
        if char == "]":
            self.pos += 1
            return
        marker: re.Pattern[str] | None = None
        while char is not None:
            if len(self.buf) - self.pos < self.chunk_bytes and not self.eof:
                self._more()
            start = self.pos
            if marker is None:
                marker = _element_marker(self.buf, start)
            cut = _last_marked_cut(self.buf, start, len(self.buf), marker)
            if cut is None:
                cut = _last_cut(self.buf, start, len(self.buf))
            batch = None
            for _ in range(_CUT_TRIES):  # a refused run may only overrun the array's end
                if cut is None:
                    break
                batch = decode("[" + self.buf[start:cut] + "]")
                if batch is not None:
                    break
                shorter = _last_marked_cut(self.buf, start, cut - 1, marker)
                if shorter is None:
                    shorter = _last_cut(self.buf, start, start + (cut - start) // 2)
                if shorter is None:
                    break
                cut = shorter
            if cut is not None and batch is not None:
                self.pos = cut
                char = self._skip()
                if char == ",":
                    self._comma = self._base + self.pos
                    self.pos += 1
                    char = self._skip()
                elif char == "]":
                    self.pos += 1
                    char = None
                else:  # (the cut is always before ',' or ']')
                    raise self.error("Expecting ',' delimiter")
                yield batch
                continue
            end = self._base + (cut if cut is not None else start + 1)
            values = []
            while char is not None and self._base + self.pos < end:
                value, char = self._element(char)
                values.append(value)
            yield values

    def _element(self, char: str) -> tuple[Any, str | None]:
        """The array element at the current position (``char`` its first character) and the
        first character of the next one (None after the array's closing bracket)."""
        if char == "]" and (trailing := self._trailing_comma("array")):
            raise trailing  # (before reading on: the comma is still in the buffer)
        if len(self.buf) - self.pos < self.chunk_bytes // 2 and not self.eof:
            self._more()
        if not char:
            raise self.error("Expecting value")
        buf, pos = self.buf, self.pos
        # Fast path: an object or array (they cannot be cut short unnoticed), then a comma.
        try:
            value, end = self._scan(buf, pos)
        except (StopIteration, ValueError, RecursionError):
            value = self.value()  # reads on, or raises the error json.loads would
        else:
            if type(value) is dict or type(value) is list:
                self.pos = end
            else:
                value = self.value()
        buf, end = self.buf, self.pos
        found = _SEPARATOR.match(buf, end)
        if found is not None and found.end() < len(buf):
            self.pos = found.end()
            return value, buf[self.pos]
        char = self._skip()
        if char == ",":
            self._comma = self._base + self.pos
            self.pos += 1
            return value, self._skip()
        if char == "]":
            self.pos += 1
            return value, None
        raise self.error("Expecting ',' delimiter")


def _tells_trailing_comma() -> bool:
    try:
        json.loads("[1,]")
    except json.JSONDecodeError as error:
        return error.msg.startswith("Illegal trailing comma")
    return False


#: Whether this Python's json names a comma before a closing bracket (3.13 and later).
_TELLS_TRAILING_COMMA = _tells_trailing_comma()

#: How far back from a buffer's end a cut between two elements is looked for.
_CUT_LOOKBACK = 1 << 16
#: Runs tried (each half the last) before a refused run is read one element at a time.
_CUT_TRIES = 8


_FIRST_KEYS = re.compile(
    r'\{\s*("(?:[^"\\]|\\.)*")\s*:\s*(?:"(?:[^"\\]|\\.)*"|[-0-9.eE+]+|true|false|null)\s*,'
    r'\s*("(?:[^"\\]|\\.)*")\s*:'
)
_FIRST_KEY = re.compile(r'\{\s*("(?:[^"\\]|\\.)*")\s*:')
_ANY_VALUE = r'(?:"(?:[^"\\]|\\.)*"|[-0-9.eE+]+|true|false|null)'
_NO_MARKER = re.compile(r"(?!x)x")  # matches nothing


def _element_marker(buf: str, start: int) -> re.Pattern[str]:
    """How the array's elements begin, learnt from the first: ``}`` and ``,`` then an object
    opening with the same first key (and second, after a plain first value) — which nested
    objects seldom share, so a cut placed there is seldom refused."""
    found = _FIRST_KEYS.match(buf, start)
    if found:
        first, second = (re.escape(k) for k in found.groups())
        opening = rf"\{{\s*{first}\s*:\s*{_ANY_VALUE}\s*,\s*{second}\s*:"
    else:
        found = _FIRST_KEY.match(buf, start)
        if not found:
            return _NO_MARKER
        opening = rf"\{{\s*{re.escape(found.group(1))}\s*:"
    return re.compile(rf"\}}[ \t\n\r]*,[ \t\n\r]*(?={opening})")


def _last_marked_cut(buf: str, start: int, end: int, marker: re.Pattern[str]) -> int | None:
    """Just past the last ``}`` before ``end`` that ``marker`` says ends an element (looked for
    in the last 4 KiB first: elements are seldom longer, and a buffer is a MiB)."""
    low = max(start, end - _CUT_LOOKBACK)
    window = 1 << 12
    while True:
        first = max(low, end - window)
        last = None
        for found in marker.finditer(buf, first, end):
            last = found
        if last is not None:
            return last.start() + 1
        if first == low:
            return None
        window *= 4


def _last_cut(buf: str, start: int, end: int) -> int | None:
    """Just past the last ``}`` of ``buf`` (after ``start``) that ends an object element of an
    array: ``,`` and ``{`` follow it (white space around), or ``]`` and then ``,``, ``}`` or the
    end. Only likely (an object inside a string or in a nested array looks the same): the
    decoder has the last word."""
    low = max(start, end - _CUT_LOOKBACK)
    size = len(buf)
    for _ in range(256):
        close = buf.rfind("}", low, end)
        if close < 0:
            return None
        after = _WS.match(buf, close + 1).end()
        if after < size:
            char = buf[after]
            if char == ",":
                after = _WS.match(buf, after + 1).end()
                if after < size and buf[after] == "{":
                    return close + 1
            elif char == "]":
                after = _WS.match(buf, after + 1).end()
                if after == size or buf[after] in ",}":
                    return close + 1
        end = close
    return None


#: The standard scanner with :func:`lenient_int`: used only for a value the fast one refused.
_LENIENT_SCAN = json.JSONDecoder(parse_int=lenient_int).scan_once


def _may_continue(value: Any) -> bool:
    """Could more text after the buffer's end still belong to this value (a number)?"""
    return isinstance(value, int | float) and not isinstance(value, bool)


def _whole_file_error(path: str | Path, what: str) -> ExportFormatError:
    """The error the whole-file reader gives (for rare inputs the stream does not explain)."""
    raw = read_bytes(path)
    text = blank_comment_lines(decode_text(path, raw, allow_cp1252=False))
    try:
        json.loads(text)
    except json.JSONDecodeError as error:
        from connectors.exports.files import json_error

        return json_error(path, text, error, what)
    except RecursionError:
        return fail(path, "JSON is nested too deeply to read", f"pass a {what}")
    except ValueError:  # e.g. an integer of 4300+ digits
        pass
    return fail(path, "could not be read as JSON", f"pass an unmodified {what}")


__all__ = ["CHUNK_BYTES", "JsonStream"]
