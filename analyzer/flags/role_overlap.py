"""``role-overlap`` (warning): one person is declared in both a strategic and a tactical role, or
carries ``overlap_share`` of both the strategic and the tactical shaping activity."""

from __future__ import annotations

from analyzer.flags import _fast
from analyzer.flags.interface import (
    CLEAR_ROLES,
    WARNING,
    Context,
    Evidence,
    Finding,
    Flag,
    day,
    labelled_dates,
    pick,
)
from analyzer.flags.items import share_text
from analyzer.roles import SHAPING_KINDS
from analyzer.timeline import from_us
from models.interface import STRATEGIC, TACTICAL

CODE = "role-overlap"


def check(ctx: Context) -> list[Flag]:
    flags, declared_both = _declared_both(ctx)
    return flags + _doing_both(ctx, declared_both)


def _declared_both(ctx: Context) -> tuple[list[Flag], set[str]]:
    """People the roles file gives a strategic and a tactical role."""
    flags, people = [], set()
    if ctx.roles.inferred:
        return flags, people
    for pid in ctx.roles.assignments:
        if {STRATEGIC, TACTICAL} <= ctx.roles.focus_of(pid):
            people.add(pid)
            flags.append(
                Flag(
                    CODE,
                    WARNING,
                    f"{ctx.name(pid)} is declared both "
                    f"{' and '.join(ctx.roles.roles_of(pid))}: one person holds the strategic "
                    "and the tactical product role.",
                    CLEAR_ROLES,
                    Evidence(people=[pid]),
                )
            )
    return flags, people


def _doing_both(ctx: Context, skip: set[str]) -> list[Flag]:
    """People doing ``overlap_share`` of both the strategic and the tactical shaping work."""
    th = ctx.thresholds
    shares = _fast.ShapingShares(ctx.labelled, SHAPING_KINDS)
    shapers = shares.shapers()
    if len(shapers) < 2 or not shares.strategic_total or not shares.tactical_total:
        return []  # a one-person board overlaps by construction; nothing to tell
    if min(shares.strategic_total, shares.tactical_total) < th.min_items:
        return []  # "100% of the board's strategic work" from one or two activities says nothing
    flags = []
    for shaper in shapers:
        if shaper.person in skip or shaper.strategic + shaper.tactical < th.overlap_min_activities:
            continue
        s_share = shaper.strategic / shares.strategic_total
        t_share = shaper.tactical / shares.tactical_total
        if s_share < th.overlap_share or t_share < th.overlap_share:
            continue
        pid = shaper.person
        role = ctx.roles.declared_role(pid)
        who = (
            f"{ctx.name(pid)} ({'inferred ' if ctx.roles.inferred else ''}{role})"
            if role
            else ctx.name(pid)
        )
        first, last = shares.span(shaper)
        flags.append(
            Flag(
                CODE,
                WARNING,
                f"{who} does {share_text(shaper.strategic, shares.strategic_total)} of the "
                f"board's strategic and {share_text(shaper.tactical, shares.tactical_total)} of "
                "its tactical shaping activities (creating, editing, prioritising, accepting): "
                "PM and PO responsibilities are blurred.",
                CLEAR_ROLES,
                Evidence(
                    items=shares.busiest_items(shaper, 5),
                    people=[pid],
                    **labelled_dates(
                        ("shaping from", day(from_us(first))), ("to", day(from_us(last)))
                    ),
                ),
                pick(th, "overlap_share", "overlap_min_activities"),
            )
        )
    return flags


FINDING = Finding(
    CODE,
    WARNING,
    CLEAR_ROLES,
    ("overlap_share", "overlap_min_activities"),
    __doc__.split(": ", 1)[1].strip(),
    check,
)
