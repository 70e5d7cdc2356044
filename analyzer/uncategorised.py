"""Jira items in a status whose category the export does not give, and the report's note on them.

A Jira CSV export without its Status Category column (an export of the current fields, an
older Jira's, a tool's) tells an item done only by its resolution date or its status name
(:mod:`connectors.mapping.jira_statuses`); any other status keeps no category and its item is
read as open. Session 31: an export of a QA gate's lots (statuses Disposition, Release,
Approvals) read all 154 open, and its report found 40% of them stale, of lots most likely
released. The note names those statuses, most items first, so the reader knows what "open"
rests on, and that a team can declare their categories (``[statuses]`` in the roles file;
declared statuses have a category when the note is made). A status open whatever its category
(:func:`never_done`: "Waiting for support", "Test in UAT") is left out: its items are open
either way.

Read from the items, not the reader: the three CSV paths, the store (``report --db``) and a
combined report say the same, with nothing kept beside the items.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from operator import attrgetter

from analyzer.defaults import DEFAULT_ROLES_FILE
from connectors.interface import Board, Item
from connectors.mapping.jira_statuses import never_done

#: The statuses the note names; the others are counted together.
SHOWN = 5

ADVICE = (
    "Jira Cloud's export of all fields (Filters → Export → CSV (all fields)) gives each "
    "status's category in its Status Category column."
)

#: What a team that knows its workflow can do instead (:mod:`analyzer.declared_statuses`).
DECLARE = (
    "A team that knows its workflow can declare the statuses' categories in the roles file "
    "({file} or --roles FILE) under [statuses]: "
    '"{status}" = "done" (or "todo", "in progress").'
)

_CATEGORY = attrgetter("status_category")


def uncategorised_statuses(board: Board) -> list[tuple[str, int]]:
    """The statuses of the board's open Jira items that have no category and may be done
    (not :func:`never_done`), each with its items, most first (then by name: a store's items
    come in another order than the file's)."""
    items: Sequence[Item] = board.items
    if "jira" not in board.source.split("+") or None not in set(map(_CATEGORY, items)):
        return []
    counts = Counter(
        item.status
        for item in items
        if item.status_category is None
        and item.status
        and item.resolved is None
        and not item.closed
        and item.source == "jira"
    )
    found = [(status, n) for status, n in counts.items() if not never_done(status)]
    return sorted(found, key=lambda status_n: (-status_n[1], status_n[0]))


def uncategorised_note(
    statuses: Sequence[tuple[str, int]], total: int, *, advice: bool = True, several: bool = False
) -> str | None:
    """The report's note on the items :func:`uncategorised_statuses` found, of ``total``
    items; None when there are none. ``advice``: say how to export the categories (not when
    the note on the export's columns names its Status Category column already); ``several``:
    a combined report of several exports."""
    if not statuses:
        return None
    count = sum(n for _, n in statuses)
    one = count == 1
    named = ", ".join(f"{status} {n:,}" for status, n in statuses[:SHOWN])
    rest = statuses[SHOWN:]
    if rest:
        named += f" and {sum(n for _, n in rest):,} more in {len(rest)} other statuses"
    if count == total:
        subject = "The item has" if one else f"All {count:,} items have"
    else:
        subject = f"{count:,} of {total:,} items {'has' if one else 'have'}"
    export = "the exports do" if several else "the export does"
    it, they = ("it", "it is") if one else ("them", "they are")
    note = (
        f"{subject} a status whose category {export} not give ({named}): {they} read as open, "
        f"done or not, and the findings on open items count {it}."
    )
    declare = declare_advice(statuses[0][0])
    return f"{note} {ADVICE} {declare}" if advice else f"{note} {declare}"


def declare_advice(status: str) -> str:
    """:data:`DECLARE` with ``status`` as the example."""
    return DECLARE.format(file=DEFAULT_ROLES_FILE, status=status.replace('"', "'"))
