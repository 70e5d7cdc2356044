"""One CSV row as Jira's REST issue (:func:`row_to_issue`): the reference the reader is held to.

The row builder (:mod:`.jira_csv_board`) maps a row straight into an Item; the tests map each
row here instead, then with ``jira_mapping.map_issue`` as a JSON export's issue, and check both
give the same Board (tests/test_jira_csv_fastpath.py), so a CSV and a JSON export of the same
issues give the same items.
"""

from __future__ import annotations

from typing import Any

from connectors.exports.jira_csv_cells import (
    _comment,
    _comments,
    id_alone,
    is_count,
    labels_of,
    resolution_set,
    resolution_stands_in,
)
from connectors.exports.jira_csv_dates import NumericDates, parse_csv_date
from connectors.mapping.common import RecordError, one_line
from connectors.mapping.jira import says_no_one


def _user(name: str | None, user_id: str | None) -> dict[str, str] | None:
    name = (name or "").strip() or None
    user_id = (user_id or "").strip() or None
    if not user_id and (not name or says_no_one(name)):  # "Unassigned" alone: no one
        return None
    return {"accountId": user_id or name or "", "displayName": name or user_id or ""}


class _Row:
    def __init__(self, columns: list[tuple[int, str]], cells: list[str]) -> None:
        values: dict[str, list[str]] = {}
        count = len(cells)
        for index, field in columns:
            if index < count:
                cell = cells[index].strip()
                if cell:
                    if field in values:
                        values[field].append(cell)
                    else:
                        values[field] = [cell]
        self.values = values
        self.fields = {field for _, field in columns}

    def first(self, field: str) -> str | None:
        values = self.values.get(field)
        return values[0] if values else None

    def all(self, field: str) -> list[str]:
        return self.values.get(field, [])


def row_to_issue(
    row: _Row,
    keys_by_id: dict[str, str],
    numeric: NumericDates | None = None,
    counts: bool = False,
) -> tuple[dict[str, Any], int]:
    """One CSV row → (REST-shaped issue dict, number of comment cells that could not be read);
    ``numeric``: the file's :class:`NumericDates`, ``counts``: its Watchers cells of digits
    alone are counts (:func:`counted_watchers`)."""
    key = row.first("key")
    issue_id = row.first("id") or key
    summary = row.first("summary")
    if summary is None and row.first("title"):
        title = row.first("title") or ""
        summary = title[len(key) :].strip() if key and title.startswith(key) else title
    if not issue_id:
        raise RecordError(f"no issue key or id (summary {one_line(summary or '?', 60)!r})")
    if key is None and summary is None and not row.first("type") and not row.first("status"):
        raise RecordError(id_alone(issue_id))
    triples, unreadable = _comments(row.all("comment"), _comment, numeric)
    comments = [
        {"created": when, "author": {"accountId": author} if author else None, "body": body}
        for when, author, body in triples
    ]
    watcher_names, watcher_ids = row.all("watchers"), row.all("watchers_id")
    if counts:
        watcher_names = [name for name in watcher_names if not is_count(name)]
    if watcher_ids and len(watcher_ids) == len(watcher_names):
        watchers = [_user(n, i) for n, i in zip(watcher_names, watcher_ids, strict=True)]
    else:
        watchers = [_user(None, i) for i in watcher_ids] or [_user(n, None) for n in watcher_names]
    parent = row.first("parent_key")
    if parent is None and row.first("parent_id"):
        parent = keys_by_id.get(row.first("parent_id") or "", row.first("parent_id"))
    status = row.first("status")
    category = row.first("status_category")
    fields: dict[str, Any] = {
        "summary": summary or "",
        "description": row.first("description"),
        "issuetype": {"name": row.first("type")} if row.first("type") else None,
        "status": {"name": status, "statusCategory": {"name": category}} if status else None,
        "priority": row.first("priority"),
        "resolution": row.first("resolution"),
        "assignee": _user(row.first("assignee"), row.first("assignee_id")),
        "reporter": _user(row.first("reporter"), row.first("reporter_id")),
        "creator": _user(row.first("creator"), row.first("creator_id")),
        "created": parse_csv_date(row.first("created") or "", numeric),
        "updated": parse_csv_date(row.first("updated") or "", numeric),
        "resolutiondate": parse_csv_date(row.first("resolved") or "", numeric),
        "duedate": parse_csv_date(row.first("due") or "", numeric),
        "labels": labels_of(row.all("labels")),
        "components": row.all("components"),
        "fixVersions": row.all("fix_versions"),
        "watchers": [w for w in watchers if w],
        "comment": {"comments": comments},
        "parent": {"key": parent} if parent else None,
        "project": {"key": row.first("project_key"), "name": row.first("project_name")},
        "x-sprint": row.all("sprint"),
        "x-rank": row.first("rank"),
        "x-epic": row.first("epic_link"),
        "x-criteria": row.all("criteria"),
        "x-resolved": resolution_stands_in(row.fields) and resolution_set(row.first("resolution")),
    }
    return {"id": issue_id, "key": key, "fields": fields}, unreadable


_NAMES = {
    "x-sprint": "Sprint",
    "x-rank": "Rank",
    "x-epic": "Epic Link",
    "x-criteria": "Acceptance criteria",
}
