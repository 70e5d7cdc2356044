"""``stale-items`` (info): at least ``stale_items_share`` of the open items have not been created,
moved, edited or commented on in ``stale_item_days`` (and there are at least ``min_items`` open
items with a date)."""

from __future__ import annotations

import numpy as np

from analyzer.flags.interface import (
    INFO,
    LAST_ACTIVITY,
    MAX_ITEMS,
    PRIORITISATION,
    Context,
    Evidence,
    Finding,
    Flag,
    day,
    labelled_dates,
    pick,
)
from analyzer.flags.items import share_text, undated_text
from analyzer.timeline import NO_TIME, from_us, to_us

CODE = "stale-items"


def check(ctx: Context) -> list[Flag]:
    th = ctx.thresholds
    touch = ctx.backlog_touch_us()
    dated = np.flatnonzero(touch != NO_TIME)  # backlog positions of the items ever touched
    if len(dated) < th.min_items:
        return []
    cutoff = to_us(ctx.cutoff(th.stale_item_days))
    rows = dated[touch[dated] < cutoff]
    rows = rows[np.argsort(touch[rows], kind="stable")]
    stale = ctx.facts().pick(ctx.backlog_positions()[rows[:MAX_ITEMS]])  # the oldest shown
    if not stale or len(rows) / len(dated) < th.stale_items_share:
        return []
    oldest = day(from_us(int(touch[rows[0]])))
    undated = undated_text(len(touch) - len(dated), len(touch))
    return [
        Flag(
            CODE,
            INFO,
            f"Stale backlog: {share_text(len(rows), len(dated))} of the open items"
            f"{' with a date' if undated else ''} have not been touched in "
            f"{th.stale_item_days} days{undated}; the oldest was last touched on "
            f"{oldest}. Close or re-plan them so the backlog shows the real work.",
            PRIORITISATION,
            Evidence(
                items=[i.id for i in stale[:MAX_ITEMS]],
                item_total=len(rows),
                **labelled_dates(
                    ("oldest item last touched", oldest), (LAST_ACTIVITY, day(ctx.as_of))
                ),
            ),
            pick(th, "stale_item_days", "stale_items_share", "min_items"),
        )
    ]


FINDING = Finding(
    CODE,
    INFO,
    PRIORITISATION,
    ("stale_item_days", "stale_items_share", "min_items"),
    " ".join(__doc__.split(": ", 1)[1].split()),
    check,
)
