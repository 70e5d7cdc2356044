"""The anchor of the JSON scan targets: a plain msgspec typed decode of the fields the analysis
uses, of the same file, in one call (the whole file read into memory first, as such a script
would). It builds nothing else: no items, no columns, no classification, no report.

    python benchmarks/anchor_json.py FILE [--format trello|jira-json]

Prints one JSON line: {"format", "file_mb", "cpu_s", "wall_s", "peak_mib", "records", "activities"}.
The fields decoded are what the readers' typed path reads (see connectors/mapping/trello_typed.py
and jira_typed.py): for Trello every action's type, date, member, card, lists and changed-field
names and every card's id, title, description, list, labels, members, dates and position; for Jira
every issue's key fields and every changelog entry's author, date and changed field names.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path
from typing import Any

import msgspec
from msgspec import Struct

Text = str | None


class Named(Struct):
    id: Text = None
    name: Text = None


class Creator(Struct):
    id: Text = None
    fullName: Text = None  # noqa: N815
    username: Text = None


class ActionCard(Struct):
    id: Text = None
    idList: Text = None  # noqa: N815


class ActionData(Struct):
    card: ActionCard | None = None
    list: Named | None = None
    old: dict[str, Any] | None = None
    listBefore: Named | None = None  # noqa: N815
    listAfter: Named | None = None  # noqa: N815
    idMember: Text = None  # noqa: N815


class Action(Struct):
    id: Text = None
    type: Text = None
    date: Text = None
    idMemberCreator: Text = None  # noqa: N815
    memberCreator: Creator | None = None  # noqa: N815
    data: ActionData | None = None


class Card(Struct):
    id: Text = None
    name: str | int | float | None = None
    desc: str | int | float | None = None
    idList: Text = None  # noqa: N815
    idLabels: list[Text] | None = None  # noqa: N815
    idMembers: list[Text] | None = None  # noqa: N815
    due: Text = None
    dateLastActivity: Text = None  # noqa: N815
    pos: str | int | float | None = None
    shortLink: Text = None  # noqa: N815
    closed: bool | None = None


class TrelloBoard(Struct):
    id: Text = None
    name: Text = None
    actions: list[Action] = []
    cards: list[Card] = []
    lists: list[Named] = []
    members: list[Creator] = []


class Person(Struct):
    accountId: Text = None  # noqa: N815
    name: Text = None
    key: Text = None
    displayName: Text = None  # noqa: N815


class ChangeItem(Struct):
    field: Text = None
    fieldId: Text = None  # noqa: N815
    fromString: Text = None  # noqa: N815
    toString: Text = None  # noqa: N815


class History(Struct):
    id: Text = None
    author: Person | None = None
    created: Text = None
    items: list[ChangeItem] = []


class Changelog(Struct):
    histories: list[History] = []


class Comment(Struct):
    author: Person | None = None
    created: Text = None


class Comments(Struct):
    comments: list[Comment] = []


class Fields(Struct):
    summary: Text = None
    description: Any = None
    issuetype: Named | None = None
    status: dict[str, Any] | None = None
    labels: list[Text] | None = None
    created: Text = None
    updated: Text = None
    resolutiondate: Text = None
    assignee: Person | None = None
    reporter: Person | None = None
    creator: Person | None = None
    priority: Named | None = None
    comment: Comments | None = None
    project: dict[str, Any] | None = None


class Issue(Struct):
    id: Text = None
    key: Text = None
    fields: Fields | None = None
    changelog: Changelog | None = None


class SearchPage(Struct):
    issues: list[Issue] = []
    names: dict[str, str] | None = None


def decode(path: Path, fmt: str) -> tuple[int, int]:
    """(records, activities) of ``path`` decoded by type in one call."""
    data = path.read_bytes()
    if fmt == "trello":
        board = msgspec.json.decode(data, type=TrelloBoard)
        return len(board.cards), len(board.actions)
    page = msgspec.json.decode(data, type=SearchPage)
    changes = sum(len(i.changelog.histories) for i in page.issues if i.changelog)
    return len(page.issues), changes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--format", choices=("trello", "jira-json"), default="trello")
    args = parser.parse_args(argv)
    cpu, wall = time.process_time(), time.perf_counter()
    records, activities = decode(args.file, args.format)
    result = {
        "format": args.format,
        "file_mb": round(args.file.stat().st_size / 1e6, 1),
        "cpu_s": round(time.process_time() - cpu, 2),
        "wall_s": round(time.perf_counter() - wall, 2),
        "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
        "records": records,
        "activities": activities,
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
