"""Which stored issues a Jira query no longer matches (deleted, moved): marked removed, not dropped.

A full fetch saw every issue; an incremental one lists the keys (one cheap search page per
thousands of issues) when asked, or when the last check is older than REMOVAL_CHECK_EVERY.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from connectors.live.jira.site import KEYS_PAGE_SIZE, JiraSite, issues_of

__all__ = ["REMOVAL_CHECK_EVERY", "check_removed"]

#: An incremental fetch lists every key of the project (to mark deleted and moved issues) when
#: the last such check is older than this; a full fetch always knows, for free.
REMOVAL_CHECK_EVERY = timedelta(days=1)


def check_removed(
    site: JiraSite,
    store: Any,  # connectors.store.Store
    source_id: int,
    base_jql: str,
    *,
    since: datetime | None,
    state: Any,  # connectors.store.SyncState
    asked: bool | None,
    say: Callable[[str], None],
) -> list[str]:
    """Mark the stored issues ``base_jql`` no longer matches as removed; their ids.

    ``since``: None on a full fetch; ``asked``: True (check), False (never, on a full fetch),
    None (on full fetches and once every REMOVAL_CHECK_EVERY).
    """
    started = state.started_at or datetime.now(UTC)
    if since is None:
        if asked is False:
            return []
        keep = store.fetched_since(source_id, started)
    else:
        last = state.last_removal_check
        due = last is None or started - last >= REMOVAL_CHECK_EVERY
        if not (asked or (asked is None and due)):
            return []
        keep = set()
        cursor: dict[str, Any] | None = {}
        while cursor is not None:
            say(f"checking which issues still exist ({len(keep)} so far)")
            current = cursor
            page = site.call(
                lambda c=current: site.search(
                    f"{base_jql} ORDER BY created ASC, key ASC",
                    c,
                    KEYS_PAGE_SIZE,
                    ["key"],
                    None,
                ),
                "the list of issue keys",
                query=True,
            )
            raws = page.get("issues") or []
            keep.update(str(r.get("id")) for r in raws if isinstance(r, dict))
            cursor = site.next_cursor(current, page, len(raws))
    gone = store.item_ids(source_id, include_removed=False) - keep
    if gone:
        # Offset pages shift when issues are deleted mid-fetch (Server's startAt): an issue
        # can be passed over without being gone. Ask for the missing ones by id first.
        keep |= still_there(site, base_jql, sorted(gone))
    return store.mark_removed(source_id, keep, checked_at=started)


def still_there(site: JiraSite, base_jql: str, ids: list[str]) -> set[str]:
    """Which of these stored issue ids the query still matches (a page per 100)."""
    found: set[str] = set()
    numeric = [i for i in ids if i.isdigit()]  # only ids are written into the query
    for start in range(0, len(numeric), 100):
        chunk = numeric[start : start + 100]
        query, size = f"({base_jql}) AND id in ({', '.join(chunk)})", len(chunk)
        cursor: dict[str, Any] | None = {}
        while cursor is not None:
            current = cursor
            page = site.call(
                lambda c=current, q=query, n=size: site.search(q, c, n, ["key"], None),
                "the issues that look removed",
                query=True,
            )
            raws = issues_of(page)
            found.update(str(r.get("id")) for r in raws)
            cursor = site.next_cursor(current, page, len(raws))
    return found
