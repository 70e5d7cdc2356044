"""``ready-without-ac`` (warning): at least ``ready_missing_ac_share`` of the open stories (on
Trello: cards) in a ready/next column have no acceptance criteria, checklist or Given/When/Then
(in any of the five languages the model reads; judged from ``ready_min_items`` such items;
info, not established, when most of the board is in a language the model does not read)."""

from __future__ import annotations

from itertools import compress

from analyzer.flags.interface import (
    MAX_ITEMS,
    PRIORITISATION,
    WARNING,
    Context,
    Evidence,
    Finding,
    Flag,
    pick,
)
from analyzer.flags.items import share_text
from analyzer.flags.reading import STORIES_HAVE_CRITERIA, no_criteria_found

CODE = "ready-without-ac"


def check(ctx: Context) -> list[Flag]:
    th = ctx.thresholds
    at, facts = ctx.backlog_positions(), ctx.facts()
    positions = at[(facts.in_ready_column() & facts.ready_story())[at]]
    ready = facts.pick(positions)
    if len(ready) < max(th.ready_min_items, 1):
        return []
    missing = list(compress(ready, (~facts.criteria(positions)).tolist()))
    if not missing or len(missing) / len(ready) < th.ready_missing_ac_share:
        return []
    columns = sorted({i.column for i in missing if i.column})
    where = (
        f"{share_text(len(missing), len(ready))} of the stories in "
        f"{', '.join(repr(c) for c in columns[:3])}"
    )
    flag = Flag(
        CODE,
        WARNING,
        f"Not ready to build: {where} have no acceptance criteria. The backlog owner refines "
        "them before they are picked up.",
        PRIORITISATION,
        Evidence(items=[i.id for i in missing[:MAX_ITEMS]], item_total=len(missing)),
        pick(th, "ready_missing_ac_share", "ready_min_items"),
    )
    # criteria written in a language the search does not read may be there: not established
    return [ctx.absence(flag, no_criteria_found(where), STORIES_HAVE_CRITERIA)]


FINDING = Finding(
    CODE,
    WARNING,
    PRIORITISATION,
    ("ready_missing_ac_share", "ready_min_items"),
    " ".join(__doc__.split(": ", 1)[1].split()),
    check,
)
