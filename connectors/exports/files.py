"""Reading export files safely: every problem becomes one ExportFormatError line naming the file.

The readers (trello_export, jira_json, jira_csv) and the format detector share these helpers so a
missing file, a directory, an empty, binary, undecodable or truncated file is reported the same way
whichever path the user takes.
"""

from __future__ import annotations

import codecs
import json
import os
import re
import select
import shutil
import stat
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO

from connectors.interface import ExportFormatError
from connectors.mapping.common import one_line

#: How much of a file the format sniffers look at.
HEAD_BYTES = 64 * 1024

_MAGIC = {
    b"PK\x03\x04": "a ZIP archive (an .xlsx workbook?)",
    b"\x1f\x8b": "a gzip archive",
    b"%PDF": "a PDF document",
    b"\xd0\xcf\x11\xe0": "an old Excel/Word document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"SQLite format 3": "a SQLite database",
}
_EXPORT_HINT = (
    "export the board as JSON from Trello (Menu → Print, export and share → Export as JSON) or "
    "issues from Jira (Filters → Export → CSV (all fields)) and pass that file"
)


#: White space, byte order marks and ``//`` comment lines before a JSON file's first value: a
#: page saved from a browser or an editor may carry them (``// saved from ...``, a second BOM).
#: A JSON text never starts with ``/`` or U+FEFF, so skipping them there changes no file that was
#: read before; nowhere else are they read.
COMMENT_LINES = re.compile("[ \t\r\n\ufeff]*(?://[^\n]*(?:\n|\\Z)[ \t\r\n\ufeff]*)*")
_COMMENT_LINES_BYTES = re.compile(
    rb"(?:[ \t\r\n]|\xef\xbb\xbf)*(?://[^\n]*(?:\n|\Z)(?:[ \t\r\n]|\xef\xbb\xbf)*)*"
)


def past_comment_lines(head: bytes) -> bytes:
    """A file's first bytes past UTF-8 BOMs, white space and ``//`` comment lines (what a
    sniffer looks at)."""
    return head[_COMMENT_LINES_BYTES.match(head).end() :]  # type: ignore[union-attr]


def blank_comment_lines(text: str) -> str:
    """``text`` with its leading ``//`` comment lines turned to spaces: ``json.loads`` then
    reads what the stream reads, its errors at the same line and column."""
    end = COMMENT_LINES.match(text).end()  # type: ignore[union-attr]
    if "/" not in text[:end] and "\ufeff" not in text[:end]:
        return text
    return re.sub(r"[^\n]", " ", text[:end]) + text[end:]


def fail(path: str | Path, problem: str, advice: str = _EXPORT_HINT) -> ExportFormatError:
    """The one-line error for ``path``: what is wrong and what to do. Each part is shortened on
    its own (a problem quoting a file's content at 400 characters), never the advice for a long
    path's sake: the whole line cut at 400 ended "… and pass tha…" for a path of 40 characters
    or more (session 36: 11 of the real exports' refusals)."""
    return ExportFormatError(
        f"{one_line(path, 1000)}: {one_line(problem, 400)} — {one_line(advice, 400)}"
    )


def read_bytes(path: str | Path) -> bytes:
    """The whole file, or ExportFormatError for missing / directory / unreadable / empty files."""
    file = Path(path)
    if not file.exists():
        raise fail(path, "no such file", "check the path and the file name")
    if file.is_dir():
        raise fail(path, "is a directory, not an export file", "pass the export file inside it")
    try:
        raw = file.read_bytes()
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise fail(path, f"cannot be read ({reason})", "check the file's permissions") from error
    if not raw or raw.isspace():  # as `not raw.strip()`, without copying the whole file
        raise fail(path, "is empty", _EXPORT_HINT)
    return raw


def read_head(path: str | Path, size: int = HEAD_BYTES) -> bytes:
    """The first bytes of the file with the same checks as :func:`read_bytes`."""
    file = Path(path)
    if not file.exists():
        raise fail(path, "no such file", "check the path and the file name")
    if file.is_dir():
        raise fail(path, "is a directory, not an export file", "pass the export file inside it")
    try:
        with file.open("rb") as handle:
            head = handle.read(size)
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise fail(path, f"cannot be read ({reason})", "check the file's permissions") from error
    if not head.strip():
        raise fail(path, "is empty", _EXPORT_HINT)
    return head


def check_not_binary(path: str | Path, head: bytes) -> None:
    """Refuse archives, images and other binary files before trying to parse them as text."""
    if head.startswith(b"PK\x03\x04") and (inside := _zipped_export(head)):
        raise fail(
            path,
            f"is a ZIP archive holding {inside!r}, not a text export",
            "unzip it and scan the export inside",
        )
    for magic, what in _MAGIC.items():
        if head.startswith(magic):
            raise fail(path, f"is {what}, not a text export")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return  # UTF-16 text has NUL bytes but is text
    if b"\x00" in head:
        raise fail(path, "is a binary file, not a text export")


def _zipped_export(head: bytes) -> str | None:
    """The name of the CSV or JSON file a ZIP archive starts with (session 31: a team's
    ``Jira.csv.zip`` holding ``Jira.csv``), else None (a workbook, anything else). The name is
    read from the archive's first local header (its length at byte 26, the name from byte 30)."""
    if len(head) < 30:
        return None
    size = int.from_bytes(head[26:28], "little")
    name = head[30 : 30 + size].decode("utf-8", errors="replace")
    if len(name) != size or not name.lower().endswith((".csv", ".json", ".tsv")):
        return None
    if name.startswith("__MACOSX/"):  # macOS's resource fork of the file, not the file
        return None
    return one_line(name.rsplit("/", 1)[-1], 80)


def cut_character(error: UnicodeDecodeError) -> int:
    """How many bytes at the file's end begin a character it stops inside (1–3; 0: none), by the
    error of decoding the whole file as UTF-8: "unexpected end of data" is the only error the
    codec gives for a valid start of a multi-byte character at the very end of its input.

    Such a file was cut off (a download that stopped): UTF-8 to its last bytes, not
    Windows-1252. Safe enough: Windows-1252 text with an accented letter before its last bytes
    is no valid UTF-8 there (its letters are single bytes, UTF-8's are a lead byte and
    continuation bytes), so the codec fails before the end; what is left is a file of ASCII
    (or of pairs such as ``Ã©`` that are UTF-8 already) whose very last byte is one of
    ``Â``–``ô`` (or two or three bytes such as ``â€``), after no line break, closing quote or
    bracket: a JSON export never ends so, a Jira CSV export ends in a line break (36 of the 37
    real ones) or a full last row, and such a file loses its last row with a line saying so,
    never a wrong letter in every row."""
    return error.end - error.start if error.reason == "unexpected end of data" else 0


def cut_tail(tail: bytes) -> int:
    """:func:`cut_character` of a file by its last (up to 4) bytes alone (0: ASCII, a whole
    character or bytes that are no UTF-8 there)."""
    start = len(tail) - 1
    while start > 0 and start > len(tail) - 4 and tail[start] & 0xC0 == 0x80:
        start -= 1  # back over continuation bytes to the character's lead byte
    try:
        tail[max(start, 0) :].decode("utf-8")
    except UnicodeDecodeError as error:
        return cut_character(error)
    return 0


#: The UTF-16 codec's errors for input that stops inside a character: an odd byte (half a
#: code unit), or the first half of a surrogate pair (with or without an odd byte after it).
_UTF16_ENDS = ("truncated data", "unexpected end of data")


def cut_utf16(error: UnicodeDecodeError, size: int) -> int:
    """:func:`cut_character` of UTF-16: how many of the ``size`` bytes decoded, at their end,
    are the part of a character the text stops inside (1–3; 0: none). A UTF-16 export is
    whole code units (its size even after the BOM): one that ends in half of one was cut off
    (a download that stopped mid-file)."""
    return error.end - error.start if error.reason in _UTF16_ENDS and error.end == size else 0


def cut_tail_utf16(tail: bytes, size: int, big_endian: bool) -> int:
    """:func:`cut_utf16` of a UTF-16 file of ``size`` bytes by its last (up to 6) bytes alone."""
    tail = tail[(size - len(tail)) % 2 :]  # from a code unit's start
    if len(tail) >= 2 and 0xDC <= tail[0 if big_endian else 1] <= 0xDF:
        tail = tail[2:]  # a pair's second half, its first before the tail
    try:
        tail.decode("utf-16-be" if big_endian else "utf-16-le")
    except UnicodeDecodeError as error:
        return cut_utf16(error, len(tail))
    return 0


def _utf8_else_cp1252(error: UnicodeError) -> tuple[str, int]:
    """The bytes a UTF-8 decoder rejects, read as Windows-1252 (its five undefined bytes are
    the UTF-8 error still)."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    try:
        return error.object[error.start : error.end].decode("cp1252"), error.end
    except UnicodeDecodeError:
        raise error from None


#: The error handler that reads a file not all UTF-8 as UTF-8 where it is and as Windows-1252
#: where it is not (``bytes.decode("utf-8-sig", errors=UTF8_ELSE_CP1252)``). A Windows-1252
#: file reads as with ``cp1252`` (a byte pair of it that is valid UTF-8 is text that was UTF-8
#: before); a file that joins a Windows-1252 export (re-saved in Excel) and a UTF-8 one keeps
#: both parts' accents, where a ``cp1252`` read garbled the UTF-8 part ("CrÃ¨me").
UTF8_ELSE_CP1252 = "backlog-analyzer-utf8-else-cp1252"
codecs.register_error(UTF8_ELSE_CP1252, _utf8_else_cp1252)


def decode_cut(path: str | Path, raw: bytes, *, allow_cp1252: bool = True) -> tuple[str, bool]:
    """:func:`decode_text`, and whether the file is cut off inside its last character (UTF-8:
    :func:`cut_character`; UTF-16: :func:`cut_utf16`): then the text is that of the bytes
    before the cut character."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), False
        except UnicodeDecodeError as error:
            if cut := cut_utf16(error, len(raw)):
                return raw[:-cut].decode("utf-16"), True
    try:
        return raw.decode("utf-8-sig"), False
    except UnicodeDecodeError as error:
        if cut := cut_character(error):
            return raw[:-cut].decode("utf-8-sig"), True
        if allow_cp1252:
            try:
                return raw.decode("utf-8-sig", errors=UTF8_ELSE_CP1252), False
            except UnicodeDecodeError:
                pass
        raise fail(
            path,
            f"is not readable text (byte {error.start} is neither UTF-8 nor Windows-1252)",
            "re-export the file as UTF-8",
        ) from error


def decode_text(path: str | Path, raw: bytes, *, allow_cp1252: bool = True) -> str:
    """Bytes → text: UTF-8 (with or without BOM), UTF-16 with BOM, then Windows-1252. A file
    cut inside its last character: the text before it (:func:`decode_cut`; JSON cut off
    so stops where the text ends, as the JSON of any file cut off does: "ends abruptly")."""
    return decode_cut(path, raw, allow_cp1252=allow_cp1252)[0]


def decode_head(raw: bytes) -> str:
    """Best-effort text of a file's first bytes (a cut multibyte character at the end is fine)."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16", errors="ignore")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        if cut := cut_character(error):  # (error.start is counted after a BOM)
            return raw[:-cut].decode("utf-8-sig")
        return raw.decode("cp1252", errors="replace")


def load_json(path: str | Path, *, what: str) -> Any:
    """Parse a JSON export; ``what`` names the expected export ("Trello board export")."""
    raw = read_bytes(path)
    check_not_binary(path, raw[:HEAD_BYTES])
    text = blank_comment_lines(decode_text(path, raw, allow_cp1252=False))
    del raw  # one copy of the file (the text) in memory while it is parsed, not two
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise json_error(path, text, error, what) from error
    except RecursionError as error:
        raise fail(path, "JSON is nested too deeply to read", f"pass a {what}") from error
    except ValueError as error:  # an integer of 4300+ digits (Python's conversion limit)
        raise fail(path, f"holds a number too long to read ({error})", f"pass a {what}") from error


#: What is left of a value cut off where the JSON decoder stops: the start of ``true``,
#: ``false`` or ``null``, a lone minus, a number's ``.`` or exponent without its digits.
CUT_VALUE = re.compile(r"-|\.|[eE][-+]?|t(r(u)?)?|f(a(l(s)?)?)?|n(u(l)?)?")
CLOSING = ("}", "]")  # an error at one of these ending the text: the text is whole (json_error)


def json_error(path: str | Path, text: str, error: json.JSONDecodeError, what: str):
    """Tell a cut-off file (download interrupted) from JSON that is broken in the middle: the
    error is at its last character, in an open string, or at a value cut off (:data:`CUT_VALUE`,
    such as ``"activityBlocked":fa``) with nothing after it. An error at the closing bracket
    that ends the text is no cut: a cut file's text is valid up to its end (a comma added by
    hand after the last value, ``…"closed": false,\n}``)."""
    at_end = error.pos >= len(text.rstrip()) - 1 and text[error.pos : error.pos + 1] not in CLOSING
    truncated = at_end or "Unterminated string" in error.msg
    if not truncated and CUT_VALUE.fullmatch(text[error.pos : error.pos + 8].rstrip()):
        truncated = not text[error.pos + 8 :].strip()
    return json_problem(path, error.msg, error.lineno, error.colno, truncated, what)


def json_problem(
    path: str | Path, message: str, line: int, column: int, truncated: bool, what: str
) -> ExportFormatError:
    """The one-line error for a JSON syntax error (``message`` as json gives it) at line:column."""
    if truncated:
        return fail(
            path,
            f"the JSON ends abruptly at line {line} (the file is truncated)",
            f"download or copy the {what} again, completely",
        )
    if message == "Extra data":  # a whole value, then more: two exports pasted into one file?
        return fail(
            path,
            f"has more after its JSON value, at line {line}, column {column} (two exports "
            "pasted into one file?)",
            f"keep one {what} per file; scan reads several together (scan one.json two.json)",
        )
    return fail(
        path,
        f"is not valid JSON ({message} at line {line}, column {column})",
        f"pass an unmodified {what}",
    )


#: How long a named pipe may wait for the program that writes into it.
PIPE_WAIT_SECONDS = 10.0


@contextmanager
def regular_file(path: str | Path) -> Iterator[Path]:
    """``path`` when it is a regular file (or missing, a directory: reported later); otherwise —
    ``-`` (standard input), a pipe (``scan <(cat x.json)``, ``/dev/stdin``), a named pipe — its
    content read once into a temporary file, which is removed afterwards (a device is refused). The
    readers open a file more than once (the format is sniffed first), which a pipe cannot do.
    """
    name = str(path)
    if name != "-":
        try:
            mode = os.stat(path).st_mode
        except OSError:
            yield Path(path)  # missing or unreadable: the reader says so, naming the file
            return
        if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
            yield Path(path)
            return
        if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):  # /dev/zero would never end
            raise fail(path, "is a device, not an export file", "pass the export file")
    fd, tmp = tempfile.mkstemp(prefix="backlog-analyzer-", suffix=".export")
    try:
        with os.fdopen(fd, "wb") as spool:
            if name == "-":
                if sys.stdin is None or sys.stdin.isatty():
                    raise fail(
                        "-",
                        "standard input is a terminal, not an export",
                        "pipe the export into it (cat board.json | backlog-analyzer scan -) "
                        "or pass its path",
                    )
                shutil.copyfileobj(sys.stdin.buffer, spool, 1 << 20)
            else:
                _copy_pipe(path, spool)
        yield Path(tmp)
    finally:
        Path(tmp).unlink(missing_ok=True)


def _copy_pipe(path: str | Path, spool: BinaryIO) -> None:
    """Copy a pipe or device into ``spool``; a named pipe nobody writes into fails, not hangs."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise fail(path, f"cannot be read ({reason})", "check the file's permissions") from error
    with os.fdopen(fd, "rb", buffering=0) as source:
        ready, _, _ = select.select([fd], [], [], PIPE_WAIT_SECONDS)
        if not ready:
            raise fail(
                path,
                f"is a pipe nothing was written into for {PIPE_WAIT_SECONDS:g} s",
                "start the program that writes the export first, or pass a regular file",
            )
        os.set_blocking(fd, True)
        while chunk := source.read(1 << 20):
            spool.write(chunk)
