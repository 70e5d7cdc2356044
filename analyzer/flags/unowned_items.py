"""``unowned-items`` (info, Jira): at least ``unowned_items_share`` of the open issues have no
assignee or no issue type (and there are at least ``min_items`` open issues)."""

from __future__ import annotations

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
from analyzer.flags.items import has_owner, share_text

CODE = "unowned-items"


def check(ctx: Context) -> list[Flag]:
    th = ctx.thresholds
    if ctx.board.source != "jira":  # Trello cards have no type, and members are optional
        return []
    issues = ctx.backlog()
    if len(issues) < th.min_items:
        return []
    no_owner = [i for i in issues if not has_owner(i)]
    no_type = [i for i in issues if not (i.type or "").strip()]
    either = [i for i in issues if not has_owner(i) or not (i.type or "").strip()]
    if not either or len(either) / len(issues) < th.unowned_items_share:
        return []
    parts = [f"{share_text(len(no_owner), len(issues))} of the open issues have no assignee"]
    if no_type:
        parts.append(f"{len(no_type)} have no issue type")
    return [
        Flag(
            CODE,
            INFO,
            " and ".join(parts) + ": nobody is on the hook for them.",
            CLEAR_ROLES,
            Evidence(items=[i.id for i in either[:MAX_ITEMS]]),
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
