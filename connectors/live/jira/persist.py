"""What a Jira fetch keeps: each page of issues mapped (:func:`connectors.mapping.jira.map_issue`)
and saved in one transaction with the cursor to resume from (:class:`Pages`), the counts the
progress shows, and the outcome (:class:`FetchResult`).

Saving and progress happen on the caller's thread (SQLite's connection and the progress bars are
its); what a fetching thread says is queued and told there, in order.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from connectors.interface import Progress
from connectors.live.jira.errors import one_line
from connectors.mapping.common import RecordError, parse_iso
from connectors.mapping.jira import map_issue

__all__ = ["COLLECT_EVERY", "FetchResult", "Pages"]

#: While pages are saved the cyclic garbage collector is paused (it re-scans the heap over and
#: over for cycles the parsed pages do not have: 13 % of the client's CPU); it runs once every
#: this many pages instead, so cycles made elsewhere (connections, errors) stay bounded.
COLLECT_EVERY = 100


@dataclass(slots=True)
class FetchResult:
    source_id: int
    name: str
    deployment: str  # "Cloud" | "Server"
    fetched: int = 0  # issues saved by this run
    total: int = 0  # issues the query matched (0 when unknown)
    incremental: bool = False
    resumed: bool = False
    removed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    db: str = ""

    @property
    def source_ids(self) -> list[int]:
        """The stored board this fetch wrote (one), as several projects' results say theirs."""
        return [self.source_id]

    def summary(self) -> str:
        how = "changed since the last sync" if self.incremental else "all"
        parts = [f"Fetched {self.fetched:,} Jira issues ({how}) from {self.name}"]
        if self.resumed:
            parts.append("resumed an interrupted fetch")
        if self.removed:
            parts.append(f"{len(self.removed):,} no longer visible, marked removed")
        if self.skipped:
            parts.append(f"{len(self.skipped):,} unreadable, skipped")
        line = "; ".join(parts)
        return f"{line}; stored in {self.db}" if self.db else line


class Pages:
    """Saves one fetch's pages into ``store`` and tells ``on_progress`` how far it is.

    ``done``: issues saved (or found saved by an interrupted run); ``total``: issues expected
    (0 when unknown). ``collect`` is called every COLLECT_EVERY pages (a full garbage
    collection, while the fetch keeps the collector paused).
    """

    def __init__(self, store: Any, on_progress: Progress | None) -> None:
        self.store, self.on_progress = store, on_progress
        self.done = self.total = self.pages = 0
        self.field_names: dict[str, str] = {}
        #: When the field list in use was asked, if it was kept from an earlier fetch; then
        #: ``new_field`` tells whether a change made since names a field it does not have.
        self.fields_asked_at: datetime | None = None
        self.new_field = False
        self.base_url = ""
        self.collect: Callable[[], Any] = lambda: None
        self._thread = threading.get_ident()  # the caller's: progress and saving happen there
        self._notes: deque[str] = deque()  # progress said on other threads, told on the caller's

    def on_this_thread(self) -> None:
        """Progress is told (and pages saved) on the calling thread from now on."""
        self._thread = threading.get_ident()

    def say(self, what: str) -> None:
        """Tell the progress ``what`` is being done (from a fetching thread: told later)."""
        if self.on_progress is None:
            return
        if threading.get_ident() != self._thread:
            self._notes.append(what)  # a fetching thread: told by the caller's thread, in order
            return
        while self._notes:
            self.on_progress("fetch", self.done, self.total, self._notes.popleft())
        self.on_progress("fetch", self.done, self.total, what)

    def save(
        self,
        source_id: int,
        raws: list[dict[str, Any]],
        cursor: dict[str, Any],
        result: FetchResult,
    ) -> None:
        """Map one page (its issues already completed) and save it with the cursor after it."""
        items, activities, people = [], [], []
        for raw in raws:
            if self.fields_asked_at is not None and not self.new_field:
                self.new_field = _new_field(raw, self.field_names, self.fields_asked_at)
            try:
                item, acts, persons = map_issue(
                    raw, field_names=self.field_names, base_url=self.base_url
                )
            except RecordError as exc:
                result.skipped.append(one_line(exc))
                continue
            items.append(item)
            activities.extend(acts)
            people.extend(persons)
        self.store.save_page(
            source_id, items, activities, people, cursor=cursor, advance_cursor=True
        )
        self.done += len(items)
        self.pages += 1
        if self.pages % COLLECT_EVERY == 0:
            self.collect()
        self.say(f"saved page {self.pages}")


def _new_field(raw: dict[str, Any], field_names: dict[str, str], since: datetime) -> bool:
    """Does a change of ``raw`` made at or after ``since`` name a custom field that
    ``field_names`` (the field list asked then) does not have: a field made since?"""
    changelog = raw.get("changelog")
    histories = changelog.get("histories") if isinstance(changelog, dict) else None
    for history in histories if isinstance(histories, list) else []:
        if not isinstance(history, dict):
            continue
        ids = [
            item.get("fieldId")
            for item in history.get("items") or []
            if isinstance(item, dict) and str(item.get("fieldId") or "").startswith("customfield_")
        ]
        if any(i not in field_names for i in ids):
            when = parse_iso(history.get("created"))
            if when is not None and when >= since:
                return True
    return False
