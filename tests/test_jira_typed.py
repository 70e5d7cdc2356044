"""The typed scan path for Jira JSON (msgspec runs of issues, changelogs straight into activity
rows) gives the Board the dict-based mapper gives: same activities, people, items, skipped."""

from __future__ import annotations

import json
import random
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

import pytest

from connectors.columns import columns_of
from connectors.exports import json_stream
from connectors.exports.jira_json import JiraJsonExport
from connectors.interface import Board
from connectors.mapping import jira_typed

FIELDS = ["status", "resolution", "assignee", "Rank", "priority", "Sprint", "description", ""]
DATES = [
    "2024-01-0{d}T10:00:00.000+0000",
    "2024-01-0{d}T10:00:00.000+0200",
    "2024-01-0{d}T10:00:00Z",
    "2024-01-0{d}",
    "not a date",
    None,
    5,
]
ODD: list[Any] = [5, 1.5, True, [], {}, ["x"], "text", None, '},{"id": "x"}']


def _date(rng: random.Random, n: int) -> Any:
    date = rng.choice(DATES)
    return date.format(d=1 + n % 9) if isinstance(date, str) else date


def _user(rng: random.Random) -> Any:
    return rng.choice(
        [
            {"accountId": "u1", "displayName": "Ada"},
            {"key": "JIRAUSER2", "name": "bob", "emailAddress": "b@x"},
            {"accountId": "u3"},
            "u4",
            None,
            {"displayName": "nobody"},
        ]
    )


def _change(rng: random.Random) -> Any:
    change: dict[str, Any] = {"field": rng.choice(FIELDS)}
    if rng.random() < 0.2:
        change["fieldId"] = rng.choice(["customfield_1", 7])
        del change["field"]
    change["fromString"] = rng.choice(["To Do", None, ""])
    change["toString"] = rng.choice(["Done", "In Progress", None, "", "Fixed"])
    if rng.random() < 0.5:
        change["to"] = rng.choice(["u5", "10001", None, "", 3])
    if rng.random() < 0.05:
        change[rng.choice(["field", "toString", "to"])] = rng.choice(ODD)
    return change


def _issue(rng: random.Random, n: int) -> Any:
    if rng.random() < 0.03:
        return rng.choice(ODD)
    fields: dict[str, Any] = {
        "summary": f"Issue {n} }}}},{{ text",
        "status": {"name": rng.choice(["Done", "In Progress", "To Do"])},
        "assignee": _user(rng),
        "reporter": _user(rng),
        "created": rng.choice(DATES[:4]).format(d=1 + n % 9),
        "comment": {
            "comments": [
                {"author": _user(rng), "created": _date(rng, c)}
                if rng.random() > 0.1
                else rng.choice(ODD)
                for c in range(rng.randint(0, 3))
            ]
        },
    }
    histories = []
    for h in range(rng.randint(0, 5)):
        history: dict[str, Any] = {
            "id": str(h),
            "author": _user(rng),
            "created": _date(rng, h),
            "items": [_change(rng) for _ in range(rng.randint(0, 3))],
        }
        if rng.random() < 0.04:
            history[rng.choice(["author", "items", "created"])] = rng.choice(ODD)
        histories.append(history if rng.random() > 0.03 else rng.choice(ODD))
    issue: dict[str, Any] = {
        "id": str(1000 + n % 40),  # some ids twice: the second is skipped
        "key": f"P-{n}",
        "fields": fields,
        "changelog": {"histories": histories},
    }
    if rng.random() < 0.05:
        issue["changelog"] = rng.choice(ODD)
    if rng.random() < 0.05:
        issue["fields"][rng.choice(["summary", "labels", "created"])] = rng.choice(ODD)
    if rng.random() < 0.03:
        del issue["fields"]
    return issue


def _facts(board: Board) -> dict:
    activities = [
        replace(a, old=None, new=None, text=None, id=None) for a in list(board.activities)
    ]
    facts = asdict(replace(board, activities=activities, origin=None))
    facts["people_order"] = list(board.people)
    facts["zones"] = [str(a.timestamp) for a in activities]
    return facts


@pytest.mark.parametrize("chunk", [64, 900, 1 << 20])
@pytest.mark.parametrize("seed", range(5))
def test_typed_lean_read_is_the_dict_mappers_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int, chunk: int
) -> None:
    monkeypatch.setattr(json_stream, "CHUNK_BYTES", chunk)
    rng = random.Random(seed)
    issues = [_issue(rng, n) for n in range(120)]
    names = {"customfield_1": "Sprint"}
    page = {"names": names, "issues": issues} if seed % 2 else {"issues": issues, "names": names}
    path = tmp_path / "issues.json"
    path.write_text(json.dumps(page, indent=2 if seed % 3 == 0 else None), "utf-8")
    full = JiraJsonExport(path).load()
    lean = JiraJsonExport(path, activity_details=False).load()
    assert columns_of(lean.activities) is not None
    assert full.skipped, "the issues hold bad records to skip"
    assert lean.skipped == full.skipped
    assert _facts(lean) == _facts(full)


def test_clean_issues_take_the_typed_path(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    seen: list[str] = []
    real = jira_typed.history_rows

    def spy(rows, item_id, changelog, people):
        seen.append(item_id)
        return real(rows, item_id, changelog, people)

    monkeypatch.setattr("connectors.exports.jira_json.history_rows", spy)
    rng = random.Random(7)
    issues = []
    for n in range(60):
        issue = _issue(rng, n)
        if isinstance(issue, dict) and isinstance(issue.get("changelog"), dict):
            issue["id"] = str(5000 + n)
            for history in issue["changelog"]["histories"]:
                if isinstance(history, dict):
                    history["items"] = [{"field": "status", "toString": "Done"}]
                    history["author"] = {"accountId": "u1"}
            issues = [*issues, issue]
    issues = [i for i in issues if isinstance(i["changelog"]["histories"], list)]
    for issue in issues:
        issue["changelog"]["histories"] = [
            h for h in issue["changelog"]["histories"] if isinstance(h, dict)
        ]
        issue["fields"]["comment"] = {"comments": []}
        issue["fields"]["summary"] = "fine"
    path = tmp_path / "issues.json"
    path.write_text(json.dumps({"issues": issues}, indent=1), "utf-8")
    board = JiraJsonExport(path, activity_details=False).load()
    assert len(board.items) >= len(issues) - 3
    assert len(seen) >= len(board.items) - 1  # (at most the array's last one read as a dict)
