"""Export files in, a Board out: the format is detected from the file's content, not its name.

Every export format is one :class:`ExportFormat` in :data:`FORMATS`: a name, a ``sniff`` that
looks at the file's first bytes, and a ``connector`` factory returning a :class:`Connector`.
A new format plugs in with ``register(ExportFormat(...))``; nothing else changes::

    from connectors.exports import read_export
    board = read_export(Path("board.json"))
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from connectors import jira_csv, jira_json, trello_export
from connectors.export_io import (
    HEAD_BYTES,
    check_not_binary,
    decode_head,
    fail,
    read_head,
)
from connectors.interface import Board, Connector
from connectors.json_stream import JsonStream
from connectors.mapping_common import one_line
from connectors.trello_mapping import is_board_json

Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class ExportFormat:
    name: str  # "trello-json"
    description: str  # what the user calls it, for messages
    sniff: Callable[[bytes], bool]  # does the file's first HEAD_BYTES look like this format?
    connector: Callable[..., Connector]  # (path, *, on_progress) -> Connector
    # the connector also takes activity_details=False (activities' old/new/text/id left out)
    lean: bool = False


FORMATS: list[ExportFormat] = [
    ExportFormat(
        trello_export.FORMAT,
        "Trello board JSON export",
        trello_export.sniff,
        trello_export.TrelloExport,
        lean=True,
    ),
    ExportFormat(
        jira_json.FORMAT,
        "Jira issues JSON",
        jira_json.sniff,
        jira_json.JiraJsonExport,
        lean=True,
    ),
    ExportFormat(
        jira_csv.FORMAT, "Jira CSV export", jira_csv.sniff, jira_csv.JiraCsvExport, lean=True
    ),
]


def register(export_format: ExportFormat) -> None:
    """Add (or replace, by name) an export format; later sniffers are tried after earlier ones."""
    FORMATS[:] = [f for f in FORMATS if f.name != export_format.name] + [export_format]


def get_format(name: str) -> ExportFormat:
    for export_format in FORMATS:
        if export_format.name == name:
            return export_format
    known = ", ".join(f.name for f in FORMATS)
    raise ValueError(f"unknown export format {name!r}; known: {known}")


def detect_format(path: str | Path) -> str:
    """The format name of the export at ``path``, judged from its content.

    Raises ExportFormatError (one line naming the file) for a missing, empty, binary or
    unrecognised file.
    """
    head = read_head(path)
    check_not_binary(path, head)
    for export_format in FORMATS:
        if export_format.sniff(head):
            return export_format.name
    text = decode_head(head).lstrip("\ufeff \t\r\n")
    if text.startswith(("{", "[")):
        return _detect_json_deeply(path)
    first_line = one_line(text.split("\n", 1)[0], 60)
    if Path(path).suffix.lower() == ".csv" or any(first_line.count(sep) >= 2 for sep in ",;\t"):
        raise fail(
            path,
            f"is a CSV file but not a Jira export: its header ({first_line!r}) has no Summary "
            "and Issue key columns",
            "export the issues from Jira with Filters → Export → CSV (all fields)",
        )
    raise fail(
        path,
        f"is neither a Trello/Jira JSON export nor a Jira CSV export (it starts with "
        f"{first_line!r})",
    )


def _detect_json_deeply(path: str | Path) -> str:
    """JSON whose first bytes were inconclusive: walk its shape as a stream (nothing held whole).

    Arrays keep their first 50 elements (all the shape checks look at); the rest is read past.
    """
    documents = 0
    first: dict | None = None
    issues = False
    with JsonStream(path, what=jira_json.WHAT) as stream:  # broken JSON → one-line error
        while char := stream.next_document():
            documents += 1
            if char == "{":
                shape = {}
                for key in stream.members():
                    is_array = stream.peek() == "["
                    shape[key] = _first_elements(stream) if is_array else stream.value()
                first = shape if documents == 1 else None
                issues = issues or jira_json.looks_like_issues([shape])
            elif char == "[":
                issues = issues or jira_json.looks_like_issues([_first_elements(stream)])
            else:
                stream.value()
    if documents == 1 and first is not None and is_board_json(first):
        return trello_export.FORMAT
    if issues:
        return jira_json.FORMAT
    raise fail(path, "is JSON but not a Trello board export or Jira issues")


def _first_elements(stream: JsonStream, keep: int = 50) -> list:
    kept = []
    for element in stream.elements():
        if len(kept) < keep:
            kept.append(element)
    return kept


def open_export(
    path: str | Path, *, on_progress: Progress | None = None, activity_details: bool = True
) -> Connector:
    """The connector that reads ``path`` (format detected from the content)."""
    export_format = get_format(detect_format(path))
    if not activity_details and export_format.lean:
        return export_format.connector(Path(path), on_progress=on_progress, activity_details=False)
    return export_format.connector(Path(path), on_progress=on_progress)


def read_export(
    path: str | Path, *, on_progress: Progress | None = None, activity_details: bool = True
) -> Board:
    """Read any supported export into a Board; ExportFormatError (one line) when unusable.

    Records that cannot be read are skipped and listed in ``Board.skipped``.
    ``on_progress(done, total)`` is called while items are mapped.
    ``activity_details=False`` lets a reader leave the activities' old/new values, comment texts and
    source ids out (the Trello and Jira JSON readers do): all the analysis reads of an activity is
    its item, actor, kind and time, and on a big board the rest is much of the memory.
    """
    return open_export(path, on_progress=on_progress, activity_details=activity_details).load()


__all__ = [
    "FORMATS",
    "HEAD_BYTES",
    "ExportFormat",
    "detect_format",
    "get_format",
    "open_export",
    "read_export",
    "register",
]
