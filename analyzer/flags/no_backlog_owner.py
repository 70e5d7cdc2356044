"""``no-backlog-owner`` (warning): the board is active but nobody ranked, prioritised, re-ordered
or re-planned anything in ``backlog_days``; or ``untouched_tactical_share`` of open tactical items
are unassigned and untouched for ``backlog_days``; or ``missing_ac_share`` of open stories have no
acceptance criteria ("acceptance criteria", "AC:", Given/When/Then, a checklist; also in Spanish,
French, German and Portuguese; info, not established, when most of the board is in a language
the model does not read). Share checks need ``min_items`` items."""

from __future__ import annotations

from itertools import compress

import numpy as np

from analyzer.flags import _fast
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
from analyzer.flags.items import NOT_CHANGES
from analyzer.flags.reading import (
    STORIES_HAVE_CRITERIA,
    WHERE_CRITERIA_ARE_SOUGHT,
    no_criteria_found,
)
from analyzer.timeline import to_us
from connectors.interface import ActivityKind
from models.interface import TACTICAL

CODE = "no-backlog-owner"
#: The thresholds of the acceptance-criteria check: the other two checks of this code each add
#: ``backlog_days``, so a (merged) flag holding only these is that finding alone.
CRITERIA_THRESHOLDS = ("missing_ac_share", "min_items")


def check(ctx: Context) -> list[Flag]:
    flags = _nobody_prioritised(ctx)
    open_tactical = ctx.labelled_as(TACTICAL) & ctx.facts().open()  # by board position
    flags += _backlog_not_refined(ctx, open_tactical)
    flags += _stories_without_criteria(ctx, open_tactical)
    return flags


def _nobody_prioritised(ctx: Context) -> list[Flag]:
    """Changes happened lately, but no rank, priority, list-order or sprint change among them.

    Only judged when the source records a change history: a Jira CSV holds creations and
    comments only, so "nobody prioritised" would be an artefact of the export."""
    th, table = ctx.thresholds, ctx.labelled
    if not _fast.records_changes(table, NOT_CHANGES):
        return []
    since = _fast.first_row_since(table, to_us(ctx.cutoff(th.backlog_days)))
    recent_changes = len(table) - since
    last_row = _fast.last_row_of_kind(table, ActivityKind.PRIORITISED)
    if not recent_changes or (last_row is not None and last_row >= since):
        return []
    last = table.row(last_row) if last_row is not None else None
    when = (
        f"the last one was on {day(last.when)} by {ctx.name(last.actor)}"
        if last
        else "none is recorded at all"
    )
    return [
        Flag(
            CODE,
            WARNING,
            f"Nobody prioritised the backlog in the last {th.backlog_days} days: no rank, "
            f"priority, list-order or sprint change while {recent_changes} other changes "
            f"happened ({when}).",
            PRIORITISATION,
            Evidence(
                items=[last.item_id] if last else [],
                people=[last.actor] if last and last.actor else [],
                **labelled_dates(
                    ("last prioritisation", day(last.when) if last else None),
                    (LAST_ACTIVITY, day(ctx.as_of)),
                ),
            ),
            pick(th, "backlog_days"),
        )
    ]


def _backlog_not_refined(ctx: Context, open_tactical: np.ndarray) -> list[Flag]:
    """Most open tactical items have no assignee and nobody touched them lately (not judged
    where the export holds no assignees: ``ItemFacts.owners_known``)."""
    th, table = ctx.thresholds, ctx.labelled
    if not ctx.facts().owners_known:
        return []
    cutoff = ctx.cutoff(th.backlog_days)
    untouched = _untouched(ctx, open_tactical, _fast.first_row_since(table, to_us(cutoff)))
    many = int(np.count_nonzero(open_tactical))
    if many < th.min_items or len(untouched) / many < th.untouched_tactical_share:
        return []
    shown = ctx.facts().pick(untouched[:MAX_ITEMS])
    return [
        Flag(
            CODE,
            WARNING,
            f"{len(untouched):,} of {many:,} open tactical items have no assignee "
            f"and were not touched in the last {th.backlog_days} days: the backlog is not "
            "being refined.",
            PRIORITISATION,
            Evidence(
                items=[i.id for i in shown],
                item_total=len(untouched),
                **labelled_dates(("untouched since", day(cutoff))),
            ),
            pick(th, "untouched_tactical_share", "backlog_days", "min_items"),
        )
    ]


def _untouched(ctx: Context, open_tactical: np.ndarray, first_row: int) -> np.ndarray:
    """The board positions of the unassigned items of ``open_tactical`` (a mask by position)
    that no row from ``first_row`` on touched."""
    table, items = ctx.labelled, ctx.board.items
    if table.board_items != len(items):  # an id twice: looked up by id
        return _untouched_by_id(ctx, open_tactical, first_row)
    # item index = board position: no id -> index dict (≈ 65 MB at 1M items, the scan's peak)
    touched = _fast.items_touched_since(table, first_row)[: len(items)]
    return np.flatnonzero(open_tactical & ctx.facts().unowned() & ~touched)


def _untouched_by_id(ctx: Context, open_tactical: np.ndarray, first_row: int) -> np.ndarray:
    """:func:`_untouched` through the table's id -> index dict (an id on the board twice)."""
    touched = _fast.items_touched_since(ctx.labelled, first_row)
    index, items = ctx.labelled.item_index(), ctx.board.items
    rows = np.fromiter((index[i.id] for i in items), np.int64, count=len(items))
    return np.flatnonzero(open_tactical & ctx.facts().unowned() & ~touched[rows])


def _stories_without_criteria(ctx: Context, open_tactical: np.ndarray) -> list[Flag]:
    """Most open stories have no acceptance criteria (a Trello card counts as a story)."""
    th, facts = ctx.thresholds, ctx.facts()
    at = np.flatnonzero(open_tactical & facts.story())
    stories = facts.pick(at)
    missing = list(compress(stories, (~facts.criteria(at)).tolist()))
    if len(stories) < th.min_items or len(missing) / len(stories) < th.missing_ac_share:
        return []
    share = f"{len(missing):,} of {len(stories):,} open stories"
    pos = ctx.roles.people_with_focus(TACTICAL)
    flag = Flag(
        CODE,
        WARNING,
        f"{share} have no acceptance criteria {WHERE_CRITERIA_ARE_SOUGHT}: {not_refined(pos)}",
        PRIORITISATION,
        Evidence(items=[i.id for i in missing[:MAX_ITEMS]], people=pos, item_total=len(missing)),
        pick(th, *CRITERIA_THRESHOLDS),
    )
    # criteria written in a language the search does not read may be there: not established
    return [ctx.absence(flag, no_criteria_found(share), STORIES_HAVE_CRITERIA)]


def not_refined(pos: list[str]) -> str:
    """How the criteria finding ends. With the backlog's POs (``pos``, declared or inferred: its
    evidence names them) it says the backlog has them: the code reads "no-backlog-owner" and the
    verdict's line names them as its owners, but this finding is about the stories."""
    if not pos:
        return "they are not refined before they are built."
    return (
        f"the backlog has {'a PO' if len(pos) == 1 else 'POs'}, but its stories are not refined "
        "before they are built."
    )


def criteria_only(flag: Flag) -> bool:
    """Whether ``flag`` is this code's acceptance-criteria finding alone (not merged with "nobody
    prioritised" or "not being refined"): it is about the stories, not who owns the backlog."""
    return flag.code == CODE and set(flag.thresholds) == set(CRITERIA_THRESHOLDS)


FINDING = Finding(
    CODE,
    WARNING,
    PRIORITISATION,
    (
        "backlog_days",
        "untouched_tactical_share",
        "missing_ac_share",
        "min_items",
    ),
    __doc__.split(": ", 1)[1].strip(),
    check,
)
