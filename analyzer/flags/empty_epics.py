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
            f"{len(empty):,} of the {len(epics):,} open epics "
            f"{'has' if len(empty) == 1 else 'have'} no child item ({refs}): either "
            "the work is not broken down yet, or the epic is no longer needed.",
            PRIORITISATION,
            Evidence(items=[e.id for e in empty[:MAX_ITEMS]], item_total=len(empty)),
            {},
        )
    ]


FINDING = Finding(
    CODE, INFO, PRIORITISATION, (), " ".join(__doc__.split(": ", 1)[1].split()), check
)
