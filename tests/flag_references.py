"""The ownership findings' checks as they were before they read per-position facts
(``analyzer/flags/_facts.py``): item by item, the backlog from ``open_items_reference`` and its
last touches from the id -> last touch dict. ``tests/test_flag_facts.py`` compares each finding
with its reference here on random boards."""

from __future__ import annotations

import numpy as np

from analyzer.flags import _fast
from analyzer.flags.interface import (
    CLEAR_ROLES,
    ERROR,
    INFO,
    MAX_ITEMS,
    PRIORITISATION,
    WARNING,
    Context,
    Evidence,
    Flag,
    day,
    pick,
)
from analyzer.flags.items import (
    NOT_CHANGES,
    has_acceptance_criteria,
    has_owner,
    in_ready_column,
    is_open,
    open_items_reference,
    rot_text,
    share_text,
    story_type,
    undated_text,
)
from analyzer.flags.no_backlog_owner import not_refined
from analyzer.timeline import NO_TIME, from_us, to_us
from connectors.interface import ActivityKind, Item
from models.interface import STRATEGIC, TACTICAL


def _backlog(ctx: Context) -> list[Item]:
    return open_items_reference(ctx.board)


def _backlog_touch_us(ctx: Context) -> np.ndarray:
    touched = ctx._last_touch_us_reference()
    return np.array([touched.get(i.id, NO_TIME) for i in _backlog(ctx)], np.int64)


# -- backlog_rot (analyzer/flags/backlog_rot.py before the per-position facts)


BACKLOG_ROT = "backlog-rot"


def backlog_rot_check(ctx: Context) -> list[Flag]:
    th = ctx.thresholds
    backlog, touch = _backlog(ctx), _backlog_touch_us(ctx)
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
            BACKLOG_ROT,
            WARNING,
            f"Backlog rot: {share_text(len(rotting), len(dated))} of the open items"
            f"{' with a date' if len(dated) < len(touch) else ''} "
            f"{rot_text(ctx.board, th.rot_days)}"
            f"{undated_text(len(touch) - len(dated), len(touch))}. A backlog owner prunes or "
            "plans them.",
            PRIORITISATION,
            Evidence(items=[i.id for i in rotting[:MAX_ITEMS]], dates=[day(ctx.as_of)]),
            pick(th, "rot_days", "rot_share", "min_items"),
        )
    ]


# -- stale_items (analyzer/flags/stale_items.py before the per-position facts)


STALE_ITEMS = "stale-items"


def stale_items_check(ctx: Context) -> list[Flag]:
    th = ctx.thresholds
    backlog, touch = _backlog(ctx), _backlog_touch_us(ctx)
    dated = np.flatnonzero(touch != NO_TIME)  # backlog positions of the items ever touched
    if len(dated) < th.min_items:
        return []
    cutoff = to_us(ctx.cutoff(th.stale_item_days))
    rows = dated[touch[dated] < cutoff]
    rows = rows[np.argsort(touch[rows], kind="stable")]
    stale = [backlog[k] for k in rows[:MAX_ITEMS].tolist()]  # the oldest shown
    if not stale or len(rows) / len(dated) < th.stale_items_share:
        return []
    oldest = day(from_us(int(touch[rows[0]])))
    return [
        Flag(
            STALE_ITEMS,
            INFO,
            f"Stale backlog: {share_text(len(rows), len(dated))} of the open items"
            f"{' with a date' if len(dated) < len(touch) else ''} have not been touched in "
            f"{th.stale_item_days} days{undated_text(len(touch) - len(dated), len(touch))}"
            "; the oldest was last touched on "
            f"{oldest}. Close or re-plan them so the backlog shows the real work.",
            PRIORITISATION,
            Evidence(
                items=[i.id for i in stale[:MAX_ITEMS]],
                dates=[oldest, day(ctx.as_of)],
            ),
            pick(th, "stale_item_days", "stale_items_share", "min_items"),
        )
    ]


# -- unowned_items (analyzer/flags/unowned_items.py before the per-position facts)


UNOWNED_ITEMS = "unowned-items"


def unowned_items_check(ctx: Context) -> list[Flag]:
    th = ctx.thresholds
    if ctx.board.source != "jira":  # Trello cards have no type, and members are optional
        return []
    issues = _backlog(ctx)
    if len(issues) < th.min_items:
        return []
    typed = any((i.type or "").strip() for i in ctx.board.items)  # (no column: not counted)
    owners = "Assignee" not in ctx.board.missing_columns  # (no column: not counted)
    no_owner = [i for i in issues if owners and not has_owner(i)]
    no_type = [i for i in issues if typed and not (i.type or "").strip()]
    either = [
        i for i in issues if (owners and not has_owner(i)) or (typed and not (i.type or "").strip())
    ]
    if not either or len(either) / len(issues) < th.unowned_items_share:
        return []
    if not no_owner:
        text = f"{share_text(len(no_type), len(issues))} of the open issues have no issue type."
    else:
        text = f"{share_text(len(no_owner), len(issues))} of the open issues have no assignee"
        text += f" and {len(no_type)} have no issue type" if no_type else ""
        text += ": nobody is on the hook for them."
    return [
        Flag(
            UNOWNED_ITEMS,
            INFO,
            text,
            CLEAR_ROLES,
            Evidence(items=[i.id for i in either[:MAX_ITEMS]]),
            pick(th, "unowned_items_share", "min_items"),
        )
    ]


# -- ready_without_ac (analyzer/flags/ready_without_ac.py before the per-position facts)


READY_WITHOUT_AC = "ready-without-ac"


def ready_without_ac_is_story(item) -> bool:
    return not (item.type or "").strip() or story_type(item.type)  # Trello cards have no type


def ready_without_ac_check(ctx: Context) -> list[Flag]:
    th = ctx.thresholds
    ready = [i for i in _backlog(ctx) if in_ready_column(i) and ready_without_ac_is_story(i)]
    if len(ready) < max(th.ready_min_items, 1):
        return []
    missing = [i for i in ready if not has_acceptance_criteria(i)]
    if not missing or len(missing) / len(ready) < th.ready_missing_ac_share:
        return []
    columns = sorted({i.column for i in missing if i.column})
    return [
        Flag(
            READY_WITHOUT_AC,
            WARNING,
            f"Not ready to build: {share_text(len(missing), len(ready))} of the stories in "
            f"{', '.join(repr(c) for c in columns[:3])} have no acceptance criteria. The backlog "
            "owner refines them before they are picked up.",
            PRIORITISATION,
            Evidence(items=[i.id for i in missing[:MAX_ITEMS]]),
            pick(th, "ready_missing_ac_share", "ready_min_items"),
        )
    ]


# -- no_backlog_owner (analyzer/flags/no_backlog_owner.py before the per-position facts)


NO_BACKLOG_OWNER = "no-backlog-owner"


def no_backlog_owner_check(ctx: Context) -> list[Flag]:
    flags = no_backlog_owner_nobody_prioritised(ctx)
    open_tactical = [i for i in ctx.items_with(TACTICAL) if is_open(i)]
    flags += no_backlog_owner_backlog_not_refined(ctx, open_tactical)
    flags += no_backlog_owner_stories_without_criteria(ctx, open_tactical)
    return flags


def no_backlog_owner_nobody_prioritised(ctx: Context) -> list[Flag]:
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
            NO_BACKLOG_OWNER,
            WARNING,
            f"Nobody prioritised the backlog in the last {th.backlog_days} days: no rank, "
            f"priority, list-order or sprint change while {recent_changes} other changes "
            f"happened ({when}).",
            PRIORITISATION,
            Evidence(
                items=[last.item_id] if last else [],
                people=[last.actor] if last and last.actor else [],
                dates=[d for d in (day(last.when) if last else None, day(ctx.as_of)) if d],
            ),
            pick(th, "backlog_days"),
        )
    ]


def no_backlog_owner_backlog_not_refined(ctx: Context, open_tactical: list[Item]) -> list[Flag]:
    """Most open tactical items have no assignee and nobody touched them lately."""
    th, table = ctx.thresholds, ctx.labelled
    if "Assignee" in ctx.board.missing_columns:  # no assignees in the export: not judged
        return []
    cutoff = ctx.cutoff(th.backlog_days)
    untouched = no_backlog_owner_untouched(
        ctx, open_tactical, _fast.first_row_since(table, to_us(cutoff))
    )
    if (
        len(open_tactical) < th.min_items
        or len(untouched) / len(open_tactical) < th.untouched_tactical_share
    ):
        return []
    return [
        Flag(
            NO_BACKLOG_OWNER,
            WARNING,
            f"{len(untouched)} of {len(open_tactical)} open tactical items have no assignee "
            f"and were not touched in the last {th.backlog_days} days: the backlog is not "
            "being refined.",
            PRIORITISATION,
            Evidence(items=[i.id for i in untouched[:MAX_ITEMS]], dates=[day(cutoff)]),
            pick(th, "untouched_tactical_share", "backlog_days", "min_items"),
        )
    ]


def no_backlog_owner_untouched(
    ctx: Context, open_tactical: list[Item], first_row: int
) -> list[Item]:
    """The unassigned items of ``open_tactical`` that no row from ``first_row`` on touched,
    through the table's id -> index dict."""
    touched = _fast.items_touched_since(ctx.labelled, first_row)
    index = ctx.labelled.item_index()
    return [i for i in open_tactical if not has_owner(i) and not touched[index[i.id]]]


def no_backlog_owner_stories_without_criteria(
    ctx: Context, open_tactical: list[Item]
) -> list[Flag]:
    """Most open stories have no acceptance criteria (a Trello card counts as a story)."""
    th = ctx.thresholds
    stories = [
        i for i in open_tactical if (i.type is None and i.source == "trello") or story_type(i.type)
    ]
    missing = [i for i in stories if not has_acceptance_criteria(i)]
    if len(stories) < th.min_items or len(missing) / len(stories) < th.missing_ac_share:
        return []
    pos = ctx.roles.people_with_focus(TACTICAL)
    return [
        Flag(
            NO_BACKLOG_OWNER,
            WARNING,
            f"{len(missing)} of {len(stories)} open stories have no acceptance criteria "
            "in their title or description ('acceptance criteria', 'AC:', Given/When/Then), "
            f"a checklist or a criteria field: {not_refined(pos)}",
            PRIORITISATION,
            Evidence(items=[i.id for i in missing[:MAX_ITEMS]], people=pos),
            pick(th, "missing_ac_share", "min_items"),
        )
    ]


# -- no_roadmap_owner (analyzer/flags/no_roadmap_owner.py before the per-position facts)


NO_ROADMAP_OWNER = "no-roadmap-owner"


def no_roadmap_owner_check(ctx: Context) -> list[Flag]:
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
        flags.append(
            Flag(
                NO_ROADMAP_OWNER,
                ERROR,
                f"Nobody owns the roadmap: no one {how}, so the {len(by_recent)} strategic "
                f"{'item has' if len(by_recent) == 1 else 'items have'} no product manager.",
                CLEAR_ROLES,
                Evidence(items=latest, dates=[d for d in [day(newest)] if d]),
                pick(th, "pm_min_strategic_share", "infer_min_activities")
                if ctx.roles.inferred
                else {},
            )
        )
    elif last is None or last.when < ctx.cutoff(th.roadmap_owner_days):
        since = f"(last time on {day(last.when)})" if last else "(never, in this board's history)"
        flags.append(
            Flag(
                NO_ROADMAP_OWNER,
                ERROR,
                f"No PM ({ctx.names(pms)}) touched strategic work in the last "
                f"{th.roadmap_owner_days} days {since}.",
                CLEAR_ROLES,
                Evidence(
                    items=latest,
                    people=list(pms),
                    dates=[d for d in (day(last.when) if last else None, day(ctx.as_of)) if d],
                ),
                pick(th, "roadmap_owner_days"),
            )
        )
    open_strategic = [i for i in ctx.items_with(STRATEGIC) if is_open(i)]
    if "Assignee" in ctx.board.missing_columns:  # no assignees in the export: not judged
        return flags
    unowned = [i for i in open_strategic if not has_owner(i)]
    if len(unowned) >= 2 and len(unowned) / len(open_strategic) >= th.unowned_strategic_share:
        flags.append(
            Flag(
                NO_ROADMAP_OWNER,
                WARNING,
                f"{len(unowned)} of {len(open_strategic)} open strategic items have nobody "
                "assigned, so no one is accountable for them.",
                CLEAR_ROLES,
                Evidence(
                    items=[i.id for i in unowned[:MAX_ITEMS]],
                    dates=[d for d in [day(newest)] if d],
                ),
                pick(th, "unowned_strategic_share"),
            )
        )
    return flags
