"""``backlog-rot`` (warning): at least ``rot_share`` of the open items are unassigned, undated
(no due date, no sprint) and untouched in ``rot_days``: nobody means to do them (and there are at
least ``min_items`` open items with a date)."""

from __future__ import annotations

import numpy as np

from analyzer.flags.interface import (
    MAX_ITEMS,
    PRIORITISATION,
    WARNING,
    Context,
    Evidence,
    Finding,
    Flag,
    day,
    pick,
)
from analyzer.flags.items import has_owner, share_text
from analyzer.timeline import NO_TIME, to_us

CODE = "backlog-rot"


def check(ctx: Context) -> list[Flag]:
    th = ctx.thresholds
    backlog, touch = ctx.backlog(), ctx.backlog_touch_us()
    dated = np.flatnonzero(touch != NO_TIME)  # backlog positions of the items ever touched
    if len(dated) < th.min_items:
        return []
    cutoff = to_us(ctx.cutoff(th.rot_days))
    old = dated[touch[dated] < cutoff].tolist()
    rows = [k for k in old if not has_owner(i := backlog[k]) and i.due is None and not i.sprint]
    order = np.argsort(touch[rows], kind="stable").tolist() if rows else []
    rotting = [backlog[rows[k]] for k in order]
    if not rotting or len(rotting) / len(dated) < th.rot_share:
        return []
    return [
        Flag(
            CODE,
            WARNING,
            f"Backlog rot: {share_text(len(rotting), len(dated))} of the open items have no "
            f"assignee, no due date and no sprint, and nobody touched them in {th.rot_days} "
            "days. A backlog owner prunes or plans them.",
            PRIORITISATION,
            Evidence(items=[i.id for i in rotting[:MAX_ITEMS]], dates=[day(ctx.as_of)]),
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
