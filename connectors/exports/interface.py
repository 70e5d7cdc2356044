"""The export-format interface: what a format declares, the registry, and sniffing.

Every export format is one module beside this one exposing an :class:`ExportFormat`: a name, a
``sniff`` that looks at the file's first bytes, a ``sniff_document`` for JSON whose first bytes
were inconclusive, and a ``connector`` factory returning a :class:`Connector`. The format modules
import this one, never the reverse; ``connectors/exports/__init__.py`` registers them (one line
each). Detection is owned here: the formats are asked in registration order::

    from connectors.exports import read_export
    board = read_export(Path("board.json"))
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from connectors.exports.files import (
    COMMENT_LINES,
    HEAD_BYTES,
    check_not_binary,
    decode_head,
    fail,
    read_head,
    regular_file,
)
from connectors.exports.json_stream import JsonStream
from connectors.exports.markup import markup_problem
from connectors.exports.own_files import own_file_problem, own_json_problem
from connectors.interface import Board, Connector, ExportFormatError, Progress
from connectors.mapping.common import one_line
from connectors.mapping.jira_columns import header_fields


@dataclass(frozen=True, slots=True)
class ExportFormat:
    name: str  # "trello-json"
    description: str  # what the user calls it, for messages
    sniff: Callable[[bytes], bool]  # does the file's first HEAD_BYTES look like this format?
    connector: Callable[..., Connector]  # (path, *, on_progress) -> Connector
    # the connector also takes activity_details=False (activities' old/new/text/id left out)
    lean: bool = False
    # JSON formats: does one top-level document (arrays cut to their first 50 elements) look
    # like this format? Asked only when no format's ``sniff`` recognised the first bytes.
    sniff_document: Callable[[object], bool] | None = None
    # the document test holds only when the file is that one document (a Trello board)
    single_document: bool = False
    # is an element of a top-level list one of those documents, saved together with others
    # (then refused saying so)? ``sniff_document`` when not given
    sniff_listed: Callable[[object], bool] | None = None
    # the connector also takes shared_empty=True: every item's empty lists are one list and its
    # empty dict one dict, and the JSON readers make equal lists one list too (mapping.shared;
    # a board only its reader's caller holds and never changes: a scan's)
    shared_empty: bool = False
    # the connector also takes description_chars=N (with shared_empty): each description the
    # scan will not search again (no acceptance criteria, mention or markup in it) is cut to
    # its first N characters, all a scan reads of it
    cuts_descriptions: bool = False
    # JSON no format claimed: (what it is, what to do) when this format's tool wrote it,
    # e.g. Trello's API list of actions (session 31), else None
    explain_other: Callable[[object], tuple[str, str] | None] | None = None


#: Registered formats, in the order they are tried; filled by ``connectors.exports``.
FORMATS: list[ExportFormat] = []
# What a broken JSON file is called while its format is still unknown: either export (a Trello
# board cut off before its cards was told to download "the Jira issues JSON" again).
_JSON_WHAT = "export (the Trello board JSON or the Jira issues JSON)"
#: What the two JSON exports look like, for the message refusing other JSON.
_JSON_SHAPES = (
    "a Trello export is one object with the board's id, name, actions, cards and lists; a Jira "
    "one holds issues, each with a key and fields"
)


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
    text = decode_head(head).lstrip("\ufeff \t\r\n")
    if own := own_file_problem(text):  # a roles or corrections file where the export goes
        raise fail(path, *own)
    for export_format in FORMATS:
        if export_format.sniff(head):
            return export_format.name
    after_comments = text[COMMENT_LINES.match(text).end() :]  # type: ignore[union-attr]
    if after_comments.startswith(("{", "[")) or (text.startswith("//") and not after_comments):
        return _detect_json_deeply(path)  # (comment lines longer than the head: the stream reads)
    if markup := markup_problem(text):
        raise fail(path, *[part for part in markup if part is not None])
    whole_line = text.split("\n", 1)[0]
    first_line = one_line(whole_line, 60)
    if Path(path).suffix.lower() == ".csv" or any(first_line.count(sep) >= 2 for sep in ",;\t"):
        raise fail(
            path,
            f"is a CSV file but not a Jira export: its header ({first_line!r}) "
            f"{_jira_header_lacks(whole_line)}",
            "export the issues from Jira with Filters → Export → CSV (all fields)",
        )
    raise fail(
        path,
        f"is neither a Trello/Jira JSON export nor a Jira CSV export (it starts with "
        f"{first_line!r})",
    )


def _jira_header_lacks(line: str) -> str:
    """What a CSV header lacks to be Jira's (a Summary column and an Issue key, Issue id, Issue
    Type or Status column), saying only what is missing: session 29 refused a header
    ``Summary,Description,Estimate`` as one that "lacks a Summary column or …"."""
    counts = {sep: line.count(sep) for sep in (",", ";", "\t")}
    try:
        header = next(csv.reader([line], delimiter=max(counts, key=counts.__getitem__)), [])
    except csv.Error:
        header = []
    fields = header_fields(header)[0]
    summary = next(
        (n for n, f in zip(header, fields, strict=True) if f in ("summary", "title")), None
    )
    others = "an Issue key, Issue id, Issue Type or Status column"
    if summary is not None:
        return f"has a summary column ({one_line(summary, 30)!r}) but not {others}"
    if set(fields) & {"key", "id", "type", "status"}:
        return "lacks a Summary column"
    return f"lacks a Summary column and {others}"


def _detect_json_deeply(path: str | Path) -> str:
    """JSON whose first bytes were inconclusive: walk its shape as a stream (nothing held whole).

    Arrays keep their first 50 elements (all the shape checks look at); the rest is read past.
    Each document is shown to every format's ``sniff_document``; the first format (in
    registration order) that claimed a document wins, a ``single_document`` one only when the
    file held that one document. Such documents inside a list (boards saved together) are
    refused saying so.
    """
    documents = 0
    claimed: set[str] = set()
    listed: dict[str, int] = {}  # a one-document format's documents found inside a list
    document: object = None  # the last one read (objects and arrays)
    with JsonStream(path, what=_JSON_WHAT) as stream:  # broken JSON → one-line error
        while char := stream.next_document():
            documents += 1
            if char == "{":
                document = {}
                for key in stream.members():
                    is_array = stream.peek() == "["
                    document[key] = _first_elements(stream) if is_array else stream.value()
            elif char == "[":
                document = _first_elements(stream)
                for export_format in FORMATS:  # boards saved together as one list
                    sniff = export_format.sniff_listed or export_format.sniff_document
                    if export_format.single_document and sniff is not None:
                        found = sum(1 for element in document if sniff(element))
                        name = export_format.description
                        listed[name] = listed.get(name, 0) + found
            else:
                stream.value()
                continue
            for export_format in FORMATS:
                sniff = export_format.sniff_document
                if export_format.single_document and documents > 1:
                    continue
                if sniff is not None and export_format.name not in claimed and sniff(document):
                    claimed.add(export_format.name)
    for export_format in FORMATS:
        if export_format.name in claimed and (not export_format.single_document or documents == 1):
            return export_format.name
    if not documents:  # (white space alone is "empty" before this)
        raise fail(path, "holds only '//' comment lines and no JSON after them")
    if documents == 1 and (own := own_json_problem(document)):  # a model file
        raise fail(path, *own)
    for export_format in FORMATS if documents == 1 else ():
        explained = export_format.explain_other and export_format.explain_other(document)
        if explained:
            raise fail(path, *explained)
    for name, found in listed.items():
        if found == 1:
            raise fail(
                path, f"holds a {name} inside a list ([…])", "save the board without the list"
            )
        if found:
            raise fail(
                path,
                f"holds {found} {name}s in one list; a file holds one",
                "save each board to a file of its own and scan them together "
                "(scan board1.json board2.json)",
            )
    raise fail(path, f"is JSON but not a Trello board export or Jira issues: {_JSON_SHAPES}")


def _first_elements(stream: JsonStream, keep: int = 50) -> list:
    kept = []
    for element in stream.elements():
        if len(kept) < keep:
            kept.append(element)
    return kept


def open_export(
    path: str | Path,
    *,
    on_progress: Progress | None = None,
    activity_details: bool = True,
    shared_empty: bool = False,
    description_chars: int | None = None,
) -> Connector:
    """The connector that reads ``path`` (format detected from the content); ``shared_empty``:
    the caller alone holds the board and never changes its items' lists; ``description_chars``
    (with it): how much of a description the caller reads (see ExportFormat)."""
    export_format = get_format(detect_format(path))
    if not activity_details and export_format.lean:
        if shared_empty and export_format.shared_empty:
            cut = {}
            if description_chars is not None and export_format.cuts_descriptions:
                cut["description_chars"] = description_chars
            return export_format.connector(
                Path(path),
                on_progress=on_progress,
                activity_details=False,
                shared_empty=True,
                **cut,
            )
        return export_format.connector(Path(path), on_progress=on_progress, activity_details=False)
    return export_format.connector(Path(path), on_progress=on_progress)


def read_export(
    path: str | Path,
    *,
    on_progress: Progress | None = None,
    activity_details: bool = True,
    shared_empty: bool = False,
    description_chars: int | None = None,
) -> Board:
    """Read any supported export into a Board; ExportFormatError (one line) when unusable.

    Records that cannot be read are skipped and listed in ``Board.skipped``; parts of records
    left out (comment cells, dates) are counted in ``Board.skipped_parts``.
    ``on_progress("read", done, total, "")`` is called while items are mapped.
    ``activity_details=False`` lets a reader leave the activities' old/new values, comment texts and
    source ids out (the Trello and Jira JSON readers do): all the analysis reads of an activity is
    its item, actor, kind and time, and on a big board the rest is much of the memory.
    ``shared_empty=True`` (with ``activity_details=False``; a scan's own board, never changed):
    a reader that can make its items' empty lists one list and their empty dicts one dict
    (≈ 290 bytes an item) does; the JSON readers also make equal lists one list.
    ``description_chars`` (with ``shared_empty``): the caller reads no more than the first N
    characters of a description it will not search for acceptance criteria; a reader that
    knows which descriptions hold no criteria, mention or markup (the Jira CSV reader) keeps
    only those characters of them.
    """
    with regular_file(path) as readable:
        if readable == Path(path):
            return open_export(
                path,
                on_progress=on_progress,
                activity_details=activity_details,
                shared_empty=shared_empty,
                description_chars=description_chars,
            ).load()
        try:  # standard input or a pipe, read once into a temporary file: named as given
            board = open_export(
                readable,
                on_progress=on_progress,
                activity_details=activity_details,
                shared_empty=shared_empty,
                description_chars=description_chars,
            ).load()
        except ExportFormatError as error:
            raise ExportFormatError(str(error).replace(str(readable), str(path))) from None
        board.origin = str(path)
        return board


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
