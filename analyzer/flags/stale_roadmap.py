"""``stale-roadmap`` (warning): strategic items exist, none created, moved or updated in
``stale_roadmap_days``."""

from __future__ import annotations

from analyzer.flags.interface import (
    COMMUNICATION,
    LAST_ACTIVITY,
    MAX_ITEMS,
    WARNING,
    Context,
    Evidence,
    Finding,
    Flag,
    day,
    labelled_dates,
    pick,
)
from models.interface import STRATEGIC

CODE = "stale-roadmap"


def _which(count: int) -> str:
    """``"none of the 3 strategic items was"``; ``"the one strategic item was not"``."""
    return (
        "the one strategic item was not"
        if count == 1
        else f"none of the {count:,} strategic items was"
    )


def check(ctx: Context) -> list[Flag]:
    by_recent, newest = ctx.by_recent_touch(STRATEGIC)
    th = ctx.thresholds
    if not ctx.board.items or newest is None or newest >= ctx.cutoff(th.stale_roadmap_days):
        return []
    # Calendar days between the two dates the message shows (a change at 15:00 and a last
    # activity at 02:00 one year on are 364 days apart on the page, not 363 days and 11 hours).
    age = (ctx.as_of.date() - newest.date()).days
    return [
        Flag(
            CODE,
            WARNING,
            f"The roadmap is stale: {_which(len(by_recent))} created, "
            f"moved or updated in the last {th.stale_roadmap_days} days (latest change "
            f"{day(newest)}, {age} days before the last activity on the board).",
            COMMUNICATION,
            Evidence(
                items=[i.id for i in by_recent[:MAX_ITEMS]],
                **labelled_dates(
                    ("latest strategic change", day(newest)), (LAST_ACTIVITY, day(ctx.as_of))
                ),
                item_total=len(by_recent),
            ),
            pick(th, "stale_roadmap_days"),
        )
    ]


FINDING = Finding(
    CODE, WARNING, COMMUNICATION, ("stale_roadmap_days",), __doc__.split(": ", 1)[1].strip(), check
)
