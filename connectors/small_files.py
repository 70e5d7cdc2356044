"""Reading a small settings file (roles file, credentials file) without trusting what the path is.

A path given by the user can name ``/dev/zero`` (endless), a FIFO with no writer (blocks forever), a
directory or a huge file; the text can be UTF-8 with a BOM or UTF-16 (Windows editors). This opens
only regular files, reads at most ``limit`` bytes and decodes those encodings; anything else is a
:class:`SmallFileError` whose ``reason`` is a short phrase the caller puts in its own message.
"""

from __future__ import annotations

import codecs
import os
import stat
from pathlib import Path

#: Large enough for any roles or credentials file people write by hand.
SMALL_FILE_LIMIT = 1024 * 1024


class SmallFileError(Exception):
    """``reason``: e.g. "no such file", "is a directory", "is not a regular file"."""

    def __init__(self, reason: str, *, missing: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.missing = missing


def read_small_text(
    path: str | Path, limit: int = SMALL_FILE_LIMIT, *, fallback: str | None = None
) -> str:
    """The text of the regular file ``path`` (UTF-8 with or without BOM, or UTF-16 with BOM; else
    the ``fallback`` encoding when one is given).

    Never blocks on a FIFO or device: the file is opened non-blocking and checked to be a regular
    file before anything is read.
    """
    path = Path(path)
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise SmallFileError("no such file", missing=True) from None
    except OSError as error:
        raise SmallFileError(f"cannot be read ({error.strerror or type(error).__name__})") from None
    if stat.S_ISDIR(mode):
        raise SmallFileError("is a directory")
    if not stat.S_ISREG(mode):
        raise SmallFileError("is not a regular file (a pipe or a device?)")
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):  # swapped after the check
                raise SmallFileError("is not a regular file (a pipe or a device?)")
            raw = handle.read(limit + 1)
    except OSError as error:
        raise SmallFileError(f"cannot be read ({error.strerror or type(error).__name__})") from None
    if len(raw) > limit:
        raise SmallFileError(f"is larger than {limit // 1024} KiB; is it the right file?")
    return decode_small_text(raw, fallback=fallback)


def decode_small_text(raw: bytes, *, fallback: str | None = None) -> str:
    """UTF-16 (with BOM) or UTF-8 (with or without BOM) → text; the BOM is dropped. Text that is
    neither is read in the ``fallback`` encoding when one is given and it decodes."""
    try:
        if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return raw.decode("utf-16")
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        if fallback and not raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            try:
                return raw.decode(fallback)
            except UnicodeDecodeError:
                pass
        raise SmallFileError(
            f"is not a text file (byte {error.start} is not UTF-8 or UTF-16); save it as UTF-8"
        ) from None


__all__ = ["SMALL_FILE_LIMIT", "SmallFileError", "decode_small_text", "read_small_text"]
