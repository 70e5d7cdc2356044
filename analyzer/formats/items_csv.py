"""CSV, one row per item, for spreadsheets and notebooks.

Spreadsheet apps run a cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage
return before one) as a formula, so a card titled ``=HYPERLINK(...)`` could act on the reader's
machine: every text cell starting with one of those characters gets a leading ``'``, which the
apps show as text (OWASP's advice for CSV injection). Numbers and booleans are ours and left as they
are; the terms of a cell are joined with ``; ``.
"""

from __future__ import annotations

import csv
import io
from typing import IO, Any

from analyzer.formats._item_rows import COLUMNS, item_rows
from analyzer.formats.interface import ReportFormat
from analyzer.report import Report

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_CHUNK = 1024  # rows per write


def safe_cell(value: Any) -> Any:
    """``value`` as a spreadsheet shows it without running it (text only; see the module doc)."""
    if isinstance(value, list):
        value = "; ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return "" if value is None else value


class ItemsCsvFormat(ReportFormat):
    name = "csv"
    suffixes = (".csv",)
    description = "one row per item (board, key, title, type, status, label, confidence, ...)"

    def render(self, report: Report) -> str:
        out = io.StringIO()
        self.write(report, out)
        return out.getvalue()

    def write(self, report: Report, stream: IO[str]) -> None:
        buffer = io.StringIO()
        writer = csv.writer(buffer)  # RFC 4180 line ends: a \r or \n in a cell is quoted
        writer.writerow(COLUMNS)
        for n, row in enumerate(item_rows(report), start=1):
            writer.writerow([safe_cell(row[column]) for column in COLUMNS])
            if n % _CHUNK == 0:
                stream.write(buffer.getvalue())
                buffer.seek(0)
                buffer.truncate()
        stream.write(buffer.getvalue())
