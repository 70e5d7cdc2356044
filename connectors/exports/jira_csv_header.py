"""Is a file a Jira CSV export, and how are its cells separated (its header's recognition).

A header is Jira's when it names the summary and the key, id, type or status, in any language
:mod:`connectors.mapping.jira_columns` knows (:func:`is_jira_header`); one with neither an
Issue key nor an Issue id column is refused (:func:`require_issue_ids`), as is one a
spreadsheet saved again with each line in one cell (its last cell ends in ``;;``). The
delimiter is the one the first line uses most, or Excel's ``sep=`` line's
(:func:`_line_dialect`).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from connectors.exports.files import decode_head, fail
from connectors.exports.jira_current_fields import ADVICE
from connectors.mapping.jira_columns import header_fields


def is_jira_header(header: list[str]) -> bool:
    """A header is Jira's when it names the summary and the key, id, type or status."""
    fields = set(header_fields(header)[0])
    return bool(fields & {"summary", "title"}) and bool(fields & {"key", "id", "type", "status"})


def require_issue_ids(path: str | Path, header: list[str]) -> None:
    """A Jira header with no Issue key and no Issue id column: every row would be an issue
    nobody can tell apart (and each was dropped silently, leaving an empty report). A header
    whose last cell ends in ``;;``: a spreadsheet opened the export as one column and saved it
    ``;``-separated, each row one quoted cell (session 29: a real Polish export so saved read as
    3 issues of garbage and 101 rows skipped); Jira's own headers never end so."""
    last = header[-1].rstrip() if len(header) > 1 else ""
    if last.endswith(";;"):
        run = last[len(last.rstrip(";")) :]
        raise fail(
            path,
            "was saved again by a spreadsheet with each line in one cell (its header ends in "
            f"{run!r}), so its rows cannot be read",
            "scan the file as Jira exported it (Filters → Export → CSV (all fields)), not a copy "
            "saved from a spreadsheet",
        )
    if not set(header_fields(header)[0]) & {"key", "id"}:
        raise fail(
            path,
            "has no Issue key or Issue id column, so its issues cannot be told apart",
            ADVICE,
        )


def _line_dialect(first_line: str) -> tuple[str, bool]:
    """(delimiter, is it Excel's ``sep=`` line) for a file's first line (without its ``\\n``)."""
    marker = first_line.strip()
    if marker.lower().startswith("sep=") and len(marker) == 5:
        return marker[4], True
    counts = {sep: first_line.count(sep) for sep in (",", ";", "\t")}
    best = max(counts, key=lambda sep: counts[sep])
    return (best if counts[best] > counts[","] else ","), False


def _dialect(text: str) -> tuple[str, str]:
    """(delimiter, text without Excel's ``sep=`` line): the separator the header uses most."""
    end = text.find("\n")
    first_line = text if end < 0 else text[:end]  # not partition: no copy of the whole rest
    delimiter, sep_line = _line_dialect(first_line)
    if sep_line:
        return delimiter, text[end + 1 :] if end >= 0 else ""
    return delimiter, text


def read_rows(path: str | Path, text: str) -> list[list[str]]:
    """All CSV records of ``text``; ExportFormatError for text the csv module cannot split."""
    delimiter, text = _dialect(text)
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise fail(path, f"is not a readable CSV ({error})", ADVICE) from error


def sniff(head: bytes) -> bool:
    """Is the first line of the file a Jira CSV header?"""
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith((b"{", b"[")):
        return False
    delimiter, text = _dialect(decode_head(head))
    try:
        header = next(csv.reader(io.StringIO(text.split("\n", 1)[0]), delimiter=delimiter), [])
    except csv.Error:
        return False
    return is_jira_header(header)
