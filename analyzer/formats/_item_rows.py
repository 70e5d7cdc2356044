"""One flat row per item, shared by the item-level formats (CSV, JSON Lines) for analysts."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from analyzer.report import DeferredItemResult, ItemResult, Report

#: The columns, in order; docs/scan.md documents them ("Item rows").
COLUMNS = (
    "board",
    "source",
    "key",
    "id",
    "title",
    "type",
    "status",
    "column",
    "label",
    "predicted_label",
    "confidence",
    "top_terms",
    "assignee",
    "closed",
    "created",
    "updated",
    "activity_count",
    "url",
    "assignees",  # every owner, the assignee first (last: the columns before keep their place)
)


def item_rows(report: Report) -> Iterator[dict[str, Any]]:
    """Every item of ``report`` as a dict over :data:`COLUMNS` (terms as a list, dates ISO)."""
    board, source = report.source.name, report.source.kind
    for item in report.items:
        yield _row(board, source, item)


def _row(board: str, source: str, item: ItemResult) -> dict[str, Any]:
    if type(item) is DeferredItemResult:
        _, terms = item.reason_and_terms()
    else:
        terms = item.terms
    return {
        "board": board,
        "source": source,
        "key": item.key,
        "id": item.id,
        "title": item.title,
        "type": item.type,
        "status": item.status,
        "column": item.column,
        "label": item.label,
        "predicted_label": item.predicted_label,
        "confidence": round(float(item.confidence), 4),
        "top_terms": list(terms or [])[:5],
        "assignee": item.assignee,
        "closed": bool(item.closed),
        "created": _iso(item.created),
        "updated": _iso(item.updated),
        "activity_count": int(item.activity_count),
        "url": item.url,
        "assignees": list(item.assignees or []),
    }


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()
