"""JSON Lines, one object per item (the CSV's columns, terms as a list), for pipelines."""

from __future__ import annotations

import io
import json
from typing import IO

from analyzer.formats._item_rows import item_rows
from analyzer.formats.interface import ReportFormat
from analyzer.report import Report


class ItemsJsonLinesFormat(ReportFormat):
    name = "jsonl"
    suffixes = (".jsonl", ".ndjson")
    description = "one JSON object per line and item (the csv format's columns)"

    def render(self, report: Report) -> str:
        out = io.StringIO()
        self.write(report, out)
        return out.getvalue()

    def write(self, report: Report, stream: IO[str]) -> None:
        for row in item_rows(report):
            stream.write(json.dumps(row, ensure_ascii=False, allow_nan=False) + "\n")
