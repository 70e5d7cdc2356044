"""Export files in, a Board out: the format is detected from the file's content, not its name.

Holds the export-format interface (:mod:`.interface`: :class:`ExportFormat`, the registry,
detection), one module per format (:mod:`.trello_json`, :mod:`.jira_json`, :mod:`.jira_csv`, the
Jira CSV reader's parts beside it in ``jira_csv_*.py`` and its polars fast path in the private
``_csv_*.py``), and what they share for reading files (:mod:`.files`, :mod:`.json_stream`,
:mod:`.csv_columns`). May import
``connectors.interface`` and ``connectors.mapping``; never the live sources or the store.

A new format is one module exposing ``EXPORT_FORMAT`` plus one ``register`` line below::

    from connectors.exports import read_export
    board = read_export(Path("board.json"))
"""

from __future__ import annotations

from connectors.exports import jira_csv, jira_json, trello_json
from connectors.exports.files import HEAD_BYTES
from connectors.exports.interface import (
    FORMATS,
    ExportFormat,
    detect_format,
    get_format,
    open_export,
    read_export,
    register,
)

# The built-in formats, in the order their sniffers are tried.
register(trello_json.EXPORT_FORMAT)
register(jira_json.EXPORT_FORMAT)
register(jira_csv.EXPORT_FORMAT)

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
