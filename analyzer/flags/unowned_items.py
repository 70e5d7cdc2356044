"""``unowned-items`` (info, Jira): at least ``unowned_items_share`` of the open issues have no
assignee or no issue type (and there are at least ``min_items`` open issues). A board none of
whose items has a type is an export without the column (a tool's CSV): its missing types say
nothing of the team and are not counted; nor are missing assignees in an export without an
Assignee column."""

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
    untyped = facts.untyped()
    no_owner = facts.unowned()[at]
    no_type = untyped[at] if not untyped.all() else np.zeros(len(at), dtype=bool)
    either = np.flatnonzero(no_owner | no_type)
    if not len(either) or len(either) / len(at) < th.unowned_items_share:
        return []
    owner_less, type_less = int(np.count_nonzero(no_owner)), int(np.count_nonzero(no_type))
    return [
        Flag(
            CODE,
            INFO,
            unowned_text(owner_less, type_less, len(at)),
            CLEAR_ROLES,
            Evidence(
                items=[i.id for i in facts.pick(at[either[:MAX_ITEMS]])], item_total=len(either)
            ),
            pick(th, "unowned_items_share", "min_items"),
        )
    ]


def unowned_text(owner_less: int, type_less: int, issues: int) -> str:
    """The flag's message: the open issues without an assignee, without a type, or both (a
    share of none is not said: "0% have no assignee and 104 have no issue type")."""
    if not owner_less:
        return f"{share_text(type_less, issues)} of the open issues have no issue type."
    text = f"{share_text(owner_less, issues)} of the open issues have no assignee"
    if type_less:
        text += f" and {type_less} have no issue type"
    return text + ": nobody is on the hook for them."


FINDING = Finding(
    CODE,
    INFO,
    CLEAR_ROLES,
    ("unowned_items_share", "min_items"),
    " ".join(__doc__.split(": ", 1)[1].split()),
    check,
)
