"""JSON: the whole report, every item included, keys in a stable documented order."""

from __future__ import annotations

import json

from analyzer.formats import ReportFormat
from analyzer.report import Report


class JsonFormat(ReportFormat):
    name = "json"
    suffixes = (".json",)
    description = "machine-readable, every item (schema_version, summary, people, items, ...)"

    def render(self, report: Report) -> str:
        return json.dumps(report.to_dict(), indent=2, ensure_ascii=False, allow_nan=False) + "\n"
