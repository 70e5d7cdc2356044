"""``backlog-rot`` (warning): at least ``rot_share`` of the open items are unassigned, undated
(no due date, no sprint) and untouched in ``rot_days``: nobody means to do them (and there are at
least ``min_items`` open items with a date)."""

from __future__ import annotations

import numpy as np

from analyzer.flags.interface import (
    LAST_ACTIVITY,
    MAX_ITEMS,
    PRIORITISATION,
    WARNING,
    Context,
    Evidence,
    Finding,
    Flag,
    day,
    labelled_dates,
    pick,
)
from analyzer.flags.items import rot_text, share_text, undated_text
from analyzer.timeline import NO_TIME, to_us

CODE = "backlog-rot"


def check(ctx: Context) -> list[Flag]:
    th = ctx.thresholds
    touch = ctx.backlog_touch_us()
    dated = np.flatnonzero(touch != NO_TIME)  # backlog positions of the items ever touched
    if len(dated) < th.min_items:
        return []
    cutoff = to_us(ctx.cutoff(th.rot_days))
    old = dated[touch[dated] < cutoff]
    at, facts = ctx.backlog_positions(), ctx.facts()
    idle = ~(facts.owned() | facts.planned())[at]  # no assignee, due date or sprint
    rows = old[idle[old]]
    if not len(rows) or len(rows) / len(dated) < th.rot_share:
        return []
    first = rows[np.argsort(touch[rows], kind="stable")[:MAX_ITEMS]]  # the oldest shown
    rotting = facts.pick(at[first])
    undated = undated_text(len(touch) - len(dated), len(touch))  # the share is of the dated
    return [
        Flag(
            CODE,
            WARNING,
            f"Backlog rot: {share_text(len(rows), len(dated))} of the open items"
            f"{' with a date' if undated else ''} {rot_text(ctx.board, th.rot_days)}"
            f"{undated}. A backlog owner prunes or plans them.",
            PRIORITISATION,
            Evidence(
                items=[i.id for i in rotting],
                item_total=len(rows),
                **labelled_dates((LAST_ACTIVITY, day(ctx.as_of))),
            ),
            pick(th, "rot_days", "rot_share", "min_items"),
        )
    ]


FINDING = Finding(
    CODE,
    WARNING,
    PRIORITISATION,
    ("rot_days", "rot_share", "min_items"),
    " ".join(__doc__.split(": ", 1)[1].split()),
    check,
)
