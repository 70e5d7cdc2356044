"""``unowned-items`` (info, Jira): at least ``unowned_items_share`` of the open issues have no
assignee or no issue type (and there are at least ``min_items`` open issues)."""

from __future__ import annotations

import numpy as np

from analyzer.flags.interface import (
    CLEAR_ROLES,
    INFO,
    MAX_ITEMS,
    Context,
    Evidence,
    Finding,
    Flag,
    pick,
)
from analyzer.flags.items import share_text

CODE = "unowned-items"


def check(ctx: Context) -> list[Flag]:
    th = ctx.thresholds
    if ctx.board.source != "jira":  # Trello cards have no type, and members are optional
        return []
    at, facts = ctx.backlog_positions(), ctx.facts()  # the open issues
    if len(at) < th.min_items:
        return []
    no_owner, no_type = ~facts.owned()[at], facts.untyped()[at]
    either = np.flatnonzero(no_owner | no_type)
    if not len(either) or len(either) / len(at) < th.unowned_items_share:
        return []
    owner_less, type_less = int(np.count_nonzero(no_owner)), int(np.count_nonzero(no_type))
    parts = [f"{share_text(owner_less, len(at))} of the open issues have no assignee"]
    if type_less:
        parts.append(f"{type_less} have no issue type")
    return [
        Flag(
            CODE,
            INFO,
            " and ".join(parts) + ": nobody is on the hook for them.",
            CLEAR_ROLES,
            Evidence(
                items=[i.id for i in facts.pick(at[either[:MAX_ITEMS]])], item_total=len(either)
            ),
            pick(th, "unowned_items_share", "min_items"),
        )
    ]


FINDING = Finding(
    CODE,
    INFO,
    CLEAR_ROLES,
    ("unowned_items_share", "min_items"),
    " ".join(__doc__.split(": ", 1)[1].split()),
    check,
)
