"""``no-strategic-work`` (error): no item on the board reads as strategic at all (info when the
model could not read most of the board: :mod:`analyzer.flags.reading`)."""

from __future__ import annotations

from analyzer.flags.interface import (
    COMMUNICATION,
    ERROR,
    LAST_ACTIVITY,
    Context,
    Evidence,
    Finding,
    Flag,
    day,
    labelled_dates,
)
from analyzer.flags.reading import ANYONE_DOES_STRATEGIC_WORK, NO_STRATEGIC_SEEN
from models.interface import STRATEGIC

CODE = "no-strategic-work"


def check(ctx: Context) -> list[Flag]:
    items = ctx.board.items
    if not items or ctx.items_with(STRATEGIC):
        return []
    none = ctx.reading.none_of(len(items), the="the board's")
    flag = Flag(
        CODE,
        ERROR,
        f"{none} reads as strategic work: no "
        "vision, roadmap, research, business case or success metric is tracked here.",
        COMMUNICATION,
        Evidence(**labelled_dates((LAST_ACTIVITY, day(ctx.as_of)))),
    )
    return [ctx.absence(flag, NO_STRATEGIC_SEEN, ANYONE_DOES_STRATEGIC_WORK)]


FINDING = Finding(CODE, ERROR, COMMUNICATION, (), __doc__.split(": ", 1)[1].strip(), check)
