"""A team's own statuses' categories, declared under ``[statuses]`` in the roles file.

A Jira export without a Status Category column (an older Jira's, an export of the current
fields) gives a custom status no category: its items read as open, done or not
(:mod:`analyzer.uncategorised`). A team knows its workflow; the roles file says it::

    [statuses]
    "Disposition" = "in progress"
    "Release" = "done"

Applied once, after reading and before anything reads an item's category
(``pipeline._classify_and_analyse``: a scan of any export, ``report --db``, a live scan), to
the board's Jira items whose status is declared (names matched as the status tables match
them: :func:`~connectors.mapping.jira_statuses.status_key`).

A declared category replaces what the status's name alone gives (no category, or the one the
name tables and done words give), never a category the export or Jira gives: that one is the
site's own, and the file would say nothing new. After reading, a category given is told by
differing from the name's; a board where some item's category differs so (the export or Jira
gives categories) takes a declared one only for the items left without any. A resolved item
stays closed whatever its category (``flags.items.is_open``).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from connectors.columns import FACT_OPEN
from connectors.interface import Board, done_category
from connectors.mapping.jira import status_category
from connectors.mapping.jira_statuses import status_key


def declare_statuses(board: Board, declared: Mapping[str, str]) -> int:
    """Give the board's Jira items in a ``declared`` status (status key -> category) that
    category, as the module says; returns how many items changed. The reader's open facts
    (``CheckedItems.times.facts``, a scan's own CSV board) follow."""
    if not declared or "jira" not in board.source.split("+"):
        return 0
    items = board.items
    by_name: dict[tuple[str, bool], str | None] = {}  # what the name alone gives

    def named(status: str, resolved: bool) -> str | None:
        key = (status, resolved)
        if key not in by_name:
            by_name[key] = status_category(None, status, resolved)
        return by_name[key]

    jira = [(at, item) for at, item in enumerate(items) if item.source == "jira" and item.status]
    given = any(
        item.status_category is not None
        and item.status_category != named(item.status, item.resolved is not None)
        for _, item in jira
    )
    keys: dict[str, str | None] = {}
    changed: list[int] = []
    for at, item in jira:
        status = item.status
        if status not in keys:
            keys[status] = declared.get(status_key(status))
        category = keys[status]
        if category is None or category == item.status_category:
            continue
        if item.status_category is not None and (
            given or item.status_category != named(status, item.resolved is not None)
        ):
            continue  # the export's or Jira's own
        item.status_category = category
        changed.append(at)
    times = getattr(items, "times", None)
    facts = None if times is None else times.facts
    if changed and facts is not None and len(facts) == len(items):
        at = np.array(changed, np.int64)
        open_ = np.array(
            [
                not items[k].closed
                and items[k].resolved is None
                and not done_category(items[k].status_category)
                for k in changed
            ],
            bool,
        )
        facts[at] = (facts[at] & ~np.uint8(FACT_OPEN)) | np.where(open_, FACT_OPEN, 0).astype(
            np.uint8
        )
    return len(changed)
