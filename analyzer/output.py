"""Where a finished report goes: which format (from ``--format`` or the file's suffix) and the
atomic write of a report file. No terminal handling here (that is the CLI's).
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import IO

from analyzer.errors import ReportWriteError
from analyzer.flags import SEVERITIES, SEVERITY_WORDS
from analyzer.formats import FORMATS, SUFFIXES, UnknownFormatError, format_for_path, get_format
from analyzer.formats.interface import Utf8Text
from analyzer.report import Report
from connectors.interface import SourceError

#: A file name that is not valid UTF-8 (in the report's origin) is written as ``\\udcff``.
_ERRORS = "backslashreplace"


def choose_format(name: str | None, output: Path | None) -> str:
    """--format when given; else the one --output's suffix names (no suffix: table).

    An --output suffix no format knows (``report.pdf``) is an error, not a table in disguise.
    """
    if name is not None:
        if not name.strip():
            raise UnknownFormatError(f"--format needs a name; choose one of: {', '.join(FORMATS)}")
        return get_format(name).name
    if output is None or not output.suffix:
        return "table"
    found = format_for_path(output)
    if found is None:
        known = ", ".join(s for suffixes in SUFFIXES.values() for s in suffixes)
        raise UnknownFormatError(
            f"{output}: no report format writes {output.suffix!r} files; end the name with one "
            f"of {known}, or pass --format {'|'.join(FORMATS)}"
        )
    return found


#: The width of a report written to a file (report.txt, portfolio.txt): read in any terminal,
#: as a pipe is.
FILE_WIDTH = 80


def write_report(report: Report, path: Path, format_name: str) -> None:
    """Write ``report`` to ``path`` in ``format_name``, whole or not at all (streamed)."""
    write_output(path, partial(get_format(format_name, width=FILE_WIDTH).write, report))


def write_output(path: Path, content: str | Callable[[IO[str]], object]) -> None:
    """Write the whole file or nothing: a temporary file beside it, renamed over it at the end.

    ``content`` is the text, or a function writing it to a stream (a format's ``write``: a 1M-item
    JSON report is written piece by piece, never held whole). Something that is not a regular
    file (/dev/null, /dev/stdout, a pipe) is written to as it is: renaming a file over it would
    replace the device.
    """
    emit = content if callable(content) else lambda handle: handle.write(content)
    check_output_file(path)
    if path.exists() and not path.is_file():
        try:
            with Utf8Text(open(path, "wb"), errors=_ERRORS) as handle:
                emit(handle)
        except OSError as error:
            raise _write_error(path, error) from None
        return
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with Utf8Text(os.fdopen(fd, "wb"), errors=_ERRORS) as handle:
                emit(handle)
            # mkstemp makes the file owner-only; a report gets the mode any new file gets
            # (the umask), or keeps the mode of the report it replaces.
            os.chmod(tmp, _mode_for(path))
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as error:
        raise _write_error(path, error) from None


#: errno values that mean "the output could not be written" rather than "a bad --output".
_WRITE_FAILURES = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO})


def check_output_file(path: Path) -> None:
    """One :class:`SourceError` line when ``--output`` may not be written: a folder, a missing
    folder, or a file made read-only. For reports, worksheets and ``train``'s model alike, so
    ``train`` can refuse before it trains."""
    if path.is_dir():
        raise SourceError(f"{path}: is a directory; give a file name for --output")
    if path.exists() and not path.is_file():
        return  # /dev/null, a pipe: written as it is
    check_output_folder(path)
    if path.is_file() and _read_only(path):
        # A rename over it needs only the folder's permission, and root may write any file.
        raise SourceError(
            f"{path}: the file is read-only; make it writable or pick another --output"
        )


def check_output_folder(path: Path) -> None:
    """One :class:`SourceError` line when ``--output``'s folder is missing or a file: never made
    for the user (a typo would leave a stray folder), for reports and ``train``'s model alike."""
    parent = path.parent
    if parent.exists() and not parent.is_dir():
        raise SourceError(f"{path}: {parent} is a file, not a folder; pick another --output")
    if not parent.is_dir():
        raise SourceError(
            f"{path}: the folder {parent} does not exist; create it or pick another --output"
        )


def _write_error(path: Path, error: OSError) -> SourceError:
    reason = error.strerror or type(error).__name__
    message = f"{path}: cannot write the report ({reason})"
    if error.errno in _WRITE_FAILURES:
        return ReportWriteError(message)
    if error.errno in _NOT_ALLOWED:
        message += "; pick another --output, in a folder you may write to"
    return SourceError(message)


#: errno values that mean "not allowed here": the user can do something about it.
_NOT_ALLOWED = frozenset({errno.EACCES, errno.EPERM, errno.EROFS})


def _read_only(path: Path) -> bool:
    """No write bit at all (``chmod a-w``: read-only even for root, as a user meant it), or
    none for this user."""
    try:
        return not path.stat().st_mode & 0o222 or not os.access(path, os.W_OK)
    except OSError:
        return False


def _mode_for(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def flags_line(report: Report) -> str:
    """``3 flags: 1 error, 2 warnings`` (or ``no flags``; ``SEVERITY_WORDS``)."""
    return counts_line({sev: sum(f.severity == sev for f in report.flags) for sev in SEVERITIES})


def counts_line(counts: dict[str, int]) -> str:
    """:func:`flags_line` from flag counts by severity (a portfolio's, every board's together)."""
    n = sum(counts.values())
    if not n:
        return "no flags"
    said = [(sev, counts.get(sev, 0)) for sev in reversed(SEVERITIES)]
    parts = [f"{k} {SEVERITY_WORDS[sev]}{'s' if k > 1 else ''}" for sev, k in said if k]
    return f"{n} flag{'s' if n > 1 else ''}: {', '.join(parts)}"
