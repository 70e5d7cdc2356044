"""Offline reader for Jira issues saved as JSON from the REST API (v2 or v3).

Accepted shapes: search results ``{"issues": [...], "names": {...}}``, a bare array of issues,
a single issue, an array of search-result pages, and several pages (or issues) written one after
the other in one file (``curl ... >> issues.json``). The ``names`` expand, when present, is used
to find Sprint/Rank/Epic Link by name.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping
from operator import attrgetter
from pathlib import Path
from typing import Any

from connectors.export_io import (
    HEAD_BYTES,
    check_not_binary,
    decode_text,
    fail,
    json_error,
    read_bytes,
)
from connectors.interface import Board, Connector
from connectors.jira_mapping import SOURCE, map_issue
from connectors.mapping_common import RecordError, add_person, one_line

FORMAT = "jira-json"
_BY_TIME = attrgetter("timestamp")  # sort key for activities (faster than a lambda)
_WHAT = "Jira issues JSON (REST search results)"
_ISSUE_KEYS = re.compile(rb'"(fields|issuetype|summary|changelog|histories|statusCategory)"')


def sniff(head: bytes) -> bool:
    """Does the start of a file look like Jira REST issues?"""
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not stripped.startswith((b"{", b"[")):
        return False
    found = set(_ISSUE_KEYS.findall(head))
    return b"fields" in found and len(found) >= 2


def parse_documents(path: str | Path, text: str) -> list[Any]:
    """Every JSON value in ``text``: usually one, several when pages were concatenated."""
    decoder = json.JSONDecoder()
    values: list[Any] = []
    position = 0
    length = len(text)
    while True:
        while position < length and text[position] in " \t\r\n,":
            position += 1
        if position >= length:
            break
        try:
            value, position = decoder.raw_decode(text, position)
        except json.JSONDecodeError as error:
            raise json_error(path, text, error, _WHAT) from error
        except RecursionError as error:
            raise fail(path, "JSON is nested too deeply to read", f"pass a {_WHAT}") from error
        values.append(value)
    return values


def _is_issue(value: Any) -> bool:
    return isinstance(value, Mapping) and isinstance(value.get("fields"), Mapping)


def iter_issues(values: list[Any]) -> Iterator[tuple[Any, Mapping[str, str] | None]]:
    """(raw issue, field names) for every issue in the parsed documents, in file order."""
    for value in values:
        if isinstance(value, list):
            yield from iter_issues(value)
        elif isinstance(value, Mapping) and isinstance(value.get("issues"), list):
            names = value.get("names") if isinstance(value.get("names"), Mapping) else None
            for issue in value["issues"]:
                yield issue, names
        elif isinstance(value, Mapping) and ("fields" in value or "key" in value):
            names = value.get("names") if isinstance(value.get("names"), Mapping) else None
            yield value, names


def looks_like_issues(values: list[Any]) -> bool:
    """True when the parsed JSON holds at least one thing shaped like a Jira issue."""
    for value in values:
        if _is_issue(value):
            return True
        if isinstance(value, Mapping) and isinstance(value.get("issues"), list):
            return True
        if isinstance(value, list) and value and looks_like_issues(value[:50]):
            return True
    return False


class JiraJsonExport(Connector):
    """``JiraJsonExport(path).load()`` reads Jira issues saved from the REST API."""

    name = "jira-json"

    def __init__(
        self,
        path: str | Path,
        *,
        on_progress: Callable[[int, int], None] | None = None,
        base_url: str | None = None,
    ) -> None:
        self.path = Path(path)
        self.on_progress = on_progress
        self.base_url = base_url

    def load(self) -> Board:
        raw = read_bytes(self.path)
        check_not_binary(self.path, raw[:HEAD_BYTES])
        text = decode_text(self.path, raw, allow_cp1252=False)
        del raw  # neither the bytes nor the text stay in memory while issues are mapped
        values = parse_documents(self.path, text)
        del text
        if not looks_like_issues(values):
            raise fail(
                self.path,
                "is JSON but holds no Jira issues (no objects with 'fields')",
                "save the output of /rest/api/2/search (or /3/search) with the issues in it",
            )
        issues = list(iter_issues(values))
        del values  # the list is the raw issues' only holder: each is freed once mapped
        return issues_to_board(
            issues,
            origin=str(self.path),
            base_url=self.base_url,
            on_progress=self.on_progress,
            consume=True,
        )


def issues_to_board(
    issues: list[tuple[Any, Mapping[str, str] | None]],
    *,
    origin: str | None = None,
    base_url: str | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    consume: bool = False,
) -> Board:
    """Map (raw issue, field names) pairs into one Board; bad or repeated issues are skipped.

    With ``consume`` each entry of ``issues`` is replaced by None once mapped, so a caller that
    holds the raw issues only in that list does not keep them all until the board is complete.
    """
    board = Board(id="", name="Jira issues", source=SOURCE, origin=origin)
    seen: set[str] = set()
    projects: dict[str, str] = {}
    total = len(issues)
    for index, (raw, names) in enumerate(issues, start=1):
        try:
            item, activities, people = map_issue(raw, field_names=names, base_url=base_url)
        except RecordError as error:
            board.skipped.append(f"issue #{index}: {error}")
        else:
            if item.id in seen:
                board.skipped.append(
                    f"issue #{index}: {item.key or item.id} appears twice; kept the first"
                )
            else:
                seen.add(item.id)
                board.items.append(item)
                board.activities.extend(activities)
                for person in people:
                    add_person(
                        board.people,
                        person.id,
                        person.display_name,
                        email=person.email,
                        username=person.username,
                    )
                project = raw.get("fields", {}).get("project")
                if isinstance(project, Mapping) and project.get("key"):
                    projects.setdefault(str(project["key"]), str(project.get("name") or ""))
                elif item.key and "-" in item.key:  # no project field: the key's prefix
                    projects.setdefault(item.key.rsplit("-", 1)[0], "")
        if consume:
            issues[index - 1] = None  # type: ignore[call-overload]
        if on_progress is not None and (index % 500 == 0 or index == total):
            on_progress(index, total)
    board.activities.sort(key=_BY_TIME)
    if len(projects) == 1:
        key, name = next(iter(projects.items()))
        board.id = key
        board.name = one_line(name, 200) if name else "Jira issues"
    elif projects:
        board.id = ",".join(sorted(projects))
        board.name = f"Jira issues from {len(projects)} projects"
    return board
