"""``empty-epics`` (info): open epics that no item names as its parent, on a board whose items do
name parents (an export without parent links is not judged)."""

from __future__ import annotations

from analyzer.flags.interface import (
    INFO,
    MAX_ITEMS,
    PRIORITISATION,
    Context,
    Evidence,
    Finding,
    Flag,
)
from analyzer.flags.items import is_epic

CODE = "empty-epics"


def check(ctx: Context) -> list[Flag]:
    parents = {item.parent for item in ctx.board.items if item.parent}
    if not parents:
        return []
    epics = [item for item in ctx.backlog() if is_epic(item)]
    empty = [e for e in epics if e.id not in parents and (e.key or e.id) not in parents]
    if not empty:
        return []
    refs = ", ".join(e.key or e.id for e in empty[:4]) + (" …" if len(empty) > 4 else "")
    return [
        Flag(
            CODE,
            INFO,
            f"{_which(len(empty), len(epics))} no child item ({refs}): either "
            "the work is not broken down yet, or the epic is no longer needed.",
            PRIORITISATION,
            Evidence(items=[e.id for e in empty[:MAX_ITEMS]], item_total=len(empty)),
            {},
        )
    ]


def _which(empty: int, epics: int) -> str:
    """ "1 of the 2 open epics has", "All 3 open epics have", "The one open epic has": never
    "1 of the 1" (session 25, a real board's message)."""
    if empty < epics:
        return f"{empty:,} of the {epics:,} open epics {'has' if empty == 1 else 'have'}"
    return "The one open epic has" if epics == 1 else f"All {epics:,} open epics have"


FINDING = Finding(
    CODE, INFO, PRIORITISATION, (), " ".join(__doc__.split(": ", 1)[1].split()), check
)
