"""``no-strategic-work`` (error): no item on the board reads as strategic at all."""

from __future__ import annotations

from analyzer.flags.interface import COMMUNICATION, ERROR, Context, Evidence, Finding, Flag, day
from models.interface import STRATEGIC

CODE = "no-strategic-work"


def check(ctx: Context) -> list[Flag]:
    items = ctx.board.items
    if not items or ctx.items_with(STRATEGIC):
        return []
    return [
        Flag(
            CODE,
            ERROR,
            f"None of the board's {len(items)} items reads as strategic work: no vision, "
            "roadmap, research, business case or success metric is tracked here.",
            COMMUNICATION,
            Evidence(dates=[day(ctx.as_of)]),
        )
    ]


FINDING = Finding(CODE, ERROR, COMMUNICATION, (), __doc__.split(": ", 1)[1].strip(), check)
