"""Search paging of one Jira fetch: the matching issues, page after page, into the store.

* Fewer than ~PARALLEL_MIN_PAGES pages: one after the other, the next requested while this one is
  saved (:func:`connectors._http.prefetch.pages`).
* More, on Server/Data Center: the pages by ``startAt``, ``workers`` at once.
* More, on Cloud (page tokens come one after the other): the matching ids are listed (keys-only
  searches, thousands a page) and fetched in groups of a page (``id in (...)``), ``workers`` at
  once. An interrupted fetch re-lists and skips what it saved.

Pages are saved in creation order; each issue's truncated changelog and comments are completed
(:class:`~connectors.live.jira.history.IssueHistory`) on the fetching thread before it is saved.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from connectors._http import prefetch
from connectors._http.prefetch import in_order
from connectors.interface import NotFoundError
from connectors.live.jira.persist import FetchResult, Pages
from connectors.live.jira.site import KEYS_PAGE_SIZE, JiraSite, issues_of

__all__ = ["PARALLEL_MIN_PAGES", "SearchPaging"]

log = logging.getLogger("backlog_analyzer.jira")

#: Fetch pages in parallel only when more than this many pages remain after the first one
#: (fewer go one after the other, without the extra request listing the ids).
PARALLEL_MIN_PAGES = 6

_ISSUE_KEY = re.compile(r"[A-Za-z][A-Za-z0-9_]*-\d+")


class SearchPaging:
    """Pages one query's issues from ``site`` into ``pages`` (``page_size`` issues a request,
    ``workers`` requests at once on big fetches)."""

    def __init__(self, site: JiraSite, pages: Pages, *, page_size: int, workers: int) -> None:
        self.site, self.pages = site, pages
        self.page_size, self.workers = page_size, workers

    def fetch(
        self,
        source_id: int,
        jql: str,
        cursor: dict[str, Any],
        started: datetime,
        result: FetchResult,
    ) -> None:
        """The first page; then the rest one page after the other, or several at once."""
        site = self.site
        ordered = f"{jql} ORDER BY created ASC, key ASC"
        many = (self.pages.total - self.pages.done) > PARALLEL_MIN_PAGES * self.page_size
        if site.cloud and self.workers > 1 and not cursor and many:
            # A big Cloud fetch (by the count): straight to the ids, no first page on its own.
            self.by_ids(source_id, jql, started, result)
            return
        done = self.pages.done
        self.pages.say(f"searching (issues {done + 1}-{done + self.page_size})")
        first = self.page(ordered, cursor, self.pages_asked(done, self.page_size))
        raws = issues_of(first)
        for raw in raws:
            site.history.complete(raw)
        if not site.cloud and first.get("total") is not None:
            self.pages.total = int(first["total"])
        after = site.next_cursor(cursor, first, len(raws))
        self.pages.save(source_id, raws, after or {"done": True}, result)
        if after is None:
            return

        # The page size the server really gives (it may cap what was asked for).
        step = max(1, min(self.page_size, len(raws), int(first.get("maxResults") or len(raws))))
        if site.cloud:  # the approximate count of full runs; unknown on incremental ones
            rest = self.pages.total - self.pages.done if self.pages.total else None
        else:
            rest = self.pages.total - int(after["startAt"])
        if self.workers > 1 and rest is not None and rest > (PARALLEL_MIN_PAGES - 1) * step:
            if site.cloud:  # page tokens come one after the other: fetch by lists of ids
                self.by_ids(source_id, jql, started, result, group=step)
            else:
                self.offsets(source_id, ordered, int(after["startAt"]), step, result)
            return
        # How many pages are left is not known (an incremental run on Cloud asks no count): one
        # page after the other, and by lists of ids once it is more than a few.
        switch = site.cloud and rest is None and self.workers > 1

        asked = [self.pages.done]  # issues asked for so far (the prefetch thread's label)

        def search(current: dict[str, Any]) -> dict[str, Any]:
            page = self.page(ordered, current, self.pages_asked(asked[0], self.page_size))
            for raw in issues_of(page):
                site.history.complete(raw)
            asked[0] += len(page.get("issues") or [])
            return page

        def following(current: dict[str, Any], page: dict[str, Any]) -> dict[str, Any] | None:
            return site.next_cursor(current, page, len(issues_of(page)))

        # The next page is requested while this one is mapped and saved (in order, here).
        walk = prefetch.pages(after, search, following)
        try:
            for number, (_, page, nxt) in enumerate(walk, 2):
                if not site.cloud and page.get("total") is not None:
                    self.pages.total = int(page["total"])
                self.pages.save(source_id, issues_of(page), nxt or {"done": True}, result)
                if switch and nxt is not None and number >= PARALLEL_MIN_PAGES:
                    break
            else:
                return
        finally:
            walk.close()
        self.by_ids(source_id, jql, started, result, group=step)

    def offsets(
        self, source_id: int, ordered: str, start: int, step: int, result: FetchResult
    ) -> None:
        """Server/Data Center: the pages at ``start``, ``start + step`` ..., several at once."""
        site = self.site
        total = self.pages.total

        def fetch(offset: int) -> list[dict[str, Any]]:
            raws: list[dict[str, Any]] = []
            while len(raws) < step:  # a page cut short by the server: ask for the rest of it
                at = offset + len(raws)
                page = self.page(
                    ordered,
                    {"startAt": at},
                    self.pages_asked(at, offset + step - at),
                    size=step - len(raws),
                )
                got = issues_of(page)
                raws.extend(got)
                if not got or at + len(got) >= int(page.get("total") or 0):
                    break
            for raw in raws:
                site.history.complete(raw)
            return raws

        offsets = range(start, total, step)
        walk = in_order(offsets, fetch, self.workers, site.stop, name="jira-fetch")
        for offset, raws in walk:
            after = offset + step
            self.pages.save(
                source_id, raws, {"startAt": after} if after < total else {"done": True}, result
            )

    def by_ids(
        self,
        source_id: int,
        jql: str,
        started: datetime,
        result: FetchResult,
        *,
        group: int | None = None,
    ) -> None:
        """List the matching ids (one cheap request per thousands), then fetch them in groups of
        a page, several groups at once, saved in the listing's order. Issues this sync already
        saved (the first page; pages saved before an interruption) are not asked for again."""
        site = self.site
        saved = self.pages.store.fetched_since(source_id, started)
        ordered = f"{jql} ORDER BY created ASC, key ASC"
        listed = [0]
        base, queued = self.pages.done, [0]

        def listing(current: dict[str, Any]) -> dict[str, Any]:
            return site.call(
                lambda: site.search(ordered, current, KEYS_PAGE_SIZE, ["key"], None),
                f"the list of issues ({listed[0]} so far)",
                query=True,
            )

        def following(current: dict[str, Any], page: dict[str, Any]) -> dict[str, Any] | None:
            return site.next_cursor(current, page, len(issues_of(page)))

        size = group or self.page_size

        def groups() -> Iterator[list[str]]:
            pages = prefetch.pages({}, listing, following)
            ids: list[str] = []
            try:
                for _, page, _ in pages:
                    for raw in issues_of(page):
                        issue_id = str(raw.get("id") or "")
                        listed[0] += 1
                        if issue_id in saved:
                            continue
                        # JQL's issue key field takes ids and (quoted) keys; nothing else is
                        # written into the query.
                        key = str(raw.get("key") or "")
                        if issue_id.isdigit():
                            ids.append(issue_id)
                        elif _ISSUE_KEY.fullmatch(key):
                            ids.append(f'"{key}"')
                        else:
                            log.warning("an issue without a usable id or key was listed; skipped")
                            continue
                        queued[0] += 1
                        if len(ids) == size:
                            yield ids
                            ids = []
                    self.pages.total = max(self.pages.total, base + queued[0])
                self.pages.total = base + queued[0]  # the listing is complete: the exact number
                if ids:
                    yield ids
            finally:
                pages.close()

        def fetch(ids: list[str]) -> list[dict[str, Any]]:
            query = f"({jql}) AND id in ({', '.join(ids)}) ORDER BY created ASC, key ASC"
            raws: list[dict[str, Any]] = []
            current: dict[str, Any] | None = {}
            while current is not None:  # one page, unless the server answers with fewer
                page = self.page(query, current, f"issues {ids[0]}..{ids[-1]}", size=len(ids))
                got = issues_of(page)
                raws.extend(got)
                current = site.next_cursor(current, page, len(got))
            for raw in raws:
                site.history.complete(raw)
            return raws

        self.pages.say("listing the issues to fetch")
        for _, raws in in_order(groups(), fetch, self.workers, site.stop, name="jira-fetch"):
            self.pages.save(source_id, raws, {"ids": True}, result)
        self.pages.store.save_page(source_id, cursor={"done": True}, advance_cursor=True)

    def pages_asked(self, start: int, size: int) -> str:
        """The page asked for, as an error names it: "the first page of issues (1–50)", "issues
        51–100 of 230" when the count is known ("of about" Cloud's approximate one), never past
        it (session 28: a 46-issue project's failure read "while fetching issues 1-50")."""
        total, end = self.pages.total, start + size
        of = ""
        if total > start:
            end = min(end, total)
            of = f" of {'about ' if self.site.cloud else ''}{total:,}"
        if start == 0:
            return f"the first page of issues (1–{end:,}{of})"
        return f"issues {start + 1:,}–{end:,}{of}"

    def page(
        self, jql: str, cursor: dict[str, Any], what: str, *, size: int | None = None
    ) -> dict[str, Any]:
        site = self.site
        size = size or self.page_size
        try:
            return site.call(
                lambda: site.search(jql, cursor, size, site.fields, "changelog"),
                what,
                query=True,
            )
        except NotFoundError:
            if not cursor.get("token"):
                raise
            # A page token from an interrupted run may have expired: start the query over.
            # Saving is an upsert, so issues already stored are not duplicated.
            log.info("page token rejected; restarting the search from the first page")
            cursor.clear()
            return site.call(
                lambda: site.search(jql, cursor, size, site.fields, "changelog"),
                what,
                query=True,
            )
