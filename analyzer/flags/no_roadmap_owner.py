"""``no-roadmap-owner``: nobody is (or acts as) PM (error); no PM touched strategic work in
``roadmap_owner_days`` (error); or at least two and ``unowned_strategic_share`` of the open
strategic items have nobody assigned (warning). The errors that rest on the model's labels
(an inferred PM, strategic work touched) are info when the model could not read most of the
board (:mod:`analyzer.flags.reading`)."""

from __future__ import annotations

import numpy as np

from analyzer.flags.interface import (
    CLEAR_ROLES,
    ERROR,
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
from analyzer.flags.reading import ANYONE_OWNS, nobody_acts_as
from models.interface import STRATEGIC

CODE = "no-roadmap-owner"


def check(ctx: Context) -> list[Flag]:
    by_recent, newest = ctx.by_recent_touch(STRATEGIC)
    if not ctx.board.items or not by_recent:
        return []  # no strategic work at all is its own finding
    th = ctx.thresholds
    latest = [i.id for i in by_recent[:MAX_ITEMS]]
    flags: list[Flag] = []
    pms = ctx.roles.people_with_focus(STRATEGIC)
    last = ctx.last_strategic_activity_by(pms)
    if not pms:
        how = "acts as PM" if ctx.roles.inferred else "is declared as PM in the roles file"
        flag = Flag(
            CODE,
            ERROR,
            f"Nobody owns the roadmap: no one {how}, so the {len(by_recent):,} strategic "
            f"{'item has' if len(by_recent) == 1 else 'items have'} no product manager.",
            CLEAR_ROLES,
            Evidence(
                items=latest,
                **labelled_dates(("latest strategic change", day(newest))),
                item_total=len(by_recent),
                counts_all=True,
            ),
            pick(th, "pm_min_strategic_share", "infer_min_activities")
            if ctx.roles.inferred
            else {},
        )
        # a roles file that names no PM says so whatever the model read
        flags.append(
            ctx.absence(flag, nobody_acts_as("PM"), ANYONE_OWNS["PM"])
            if ctx.roles.inferred
            else flag
        )
    elif last is None or last.when < ctx.cutoff(th.roadmap_owner_days):
        since = f"(last time on {day(last.when)})" if last else "(never, in this board's history)"
        flag = Flag(
            CODE,
            ERROR,
            f"No PM ({ctx.names(pms)}) touched strategic work in the last "
            f"{th.roadmap_owner_days} days {since}.",
            CLEAR_ROLES,
            Evidence(
                items=latest,
                people=list(pms),
                **labelled_dates(
                    ("PMs' last strategic activity", day(last.when) if last else None),
                    (LAST_ACTIVITY, day(ctx.as_of)),
                ),
                item_total=len(by_recent),
                counts_all=True,
            ),
            pick(th, "roadmap_owner_days"),
        )
        seen = (
            f"No PM ({ctx.names(pms)}) touched strategic work the model read in the last "
            f"{th.roadmap_owner_days} days {since}"
        )
        flags.append(ctx.absence(flag, seen, "whether the PMs work on the roadmap"))
    facts = ctx.facts()
    open_strategic = ctx.labelled_as(STRATEGIC) & facts.open()
    # (none where the export holds no assignees: "nobody assigned" not judged)
    unowned = np.flatnonzero(open_strategic & facts.unowned())
    many = int(np.count_nonzero(open_strategic))
    if len(unowned) >= 2 and len(unowned) / many >= th.unowned_strategic_share:
        flags.append(
            Flag(
                CODE,
                WARNING,
                f"{len(unowned):,} of {many:,} open strategic items have nobody "
                "assigned, so no one is accountable for them.",
                CLEAR_ROLES,
                Evidence(
                    items=[i.id for i in facts.pick(unowned[:MAX_ITEMS])],
                    **labelled_dates(("latest strategic change", day(newest))),
                    item_total=len(unowned),
                ),
                pick(th, "unowned_strategic_share"),
            )
        )
    return flags


FINDING = Finding(
    CODE,
    ERROR,
    CLEAR_ROLES,
    (
        "roadmap_owner_days",
        "unowned_strategic_share",
        "pm_min_strategic_share",
        "infer_min_activities",
    ),
    __doc__.split(": ", 1)[1].strip(),
    check,
)
