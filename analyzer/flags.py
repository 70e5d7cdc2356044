"""Ownership flags: what a product leader should act on, each with its evidence.

Every flag has a stable ``code``, a ``severity`` (info < warning < error), one readable sentence,
the evidence (items, people, dates), the practice it relates to, and the thresholds it used (all of
them can be changed in the roles file's ``[thresholds]``). Codes:

- ``no-strategic-work`` (error): no item on the board reads as strategic at all.
- ``no-roadmap-owner``: nobody is (or acts as) PM (error); no PM touched strategic work in
  ``roadmap_owner_days`` (error); or at least two and ``unowned_strategic_share`` of the open
  strategic items have no assignee or member (warning).
- ``stale-roadmap`` (warning): strategic items exist, none created, moved or updated in
  ``stale_roadmap_days``.
- ``no-backlog-owner`` (warning): the board is active but nobody ranked, prioritised, re-ordered or
  re-planned anything in ``backlog_days``; or ``untouched_tactical_share`` of open tactical items
  are unassigned and untouched for ``backlog_days``; or ``missing_ac_share`` of open stories have no
  acceptance criteria ("acceptance criteria", "AC:", Given/When/Then, a checklist). Share checks
  need ``min_items`` items.
- ``role-overlap`` (warning): one person is declared in both a strategic and a tactical role, or
  carries ``overlap_share`` of both the strategic and the tactical shaping activity.
- ``role-drift``: a person drifting away from (or never matching) their role (warning), or the
  board's overall balance moving (info). See :mod:`analyzer.drift`.

Days are counted back from ``as_of``, the latest activity on the board.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from operator import attrgetter

import numpy as np

from analyzer.drift import DRIFTING, OFF_ROLE, BoardDrift, PersonDrift
from analyzer.roles import SHAPING_KINDS, Roles
from analyzer.timeline import (
    NO_TIME,
    S_CODE,
    T_CODE,
    LabelledActivities,
    as_table,
    from_us,
    times_us,
    to_us,
)
from connectors.interface import ActivityKind, Board, Item
from models.interface import STRATEGIC, TACTICAL

INFO, WARNING, ERROR = "info", "warning", "error"
SEVERITIES = (INFO, WARNING, ERROR)
CODES = (
    "no-strategic-work",
    "no-roadmap-owner",
    "stale-roadmap",
    "no-backlog-owner",
    "role-overlap",
    "role-drift",
)

CLEAR_ROLES, COMMUNICATION, PRIORITISATION = "clear-roles", "communication", "prioritisation"
PRACTICES = {
    CLEAR_ROLES: (
        "Clear roles: every product responsibility has one named owner, and the PM and the PO "
        "know where one job ends and the other begins; blurred roles breed confusion and overlap."
    ),
    COMMUNICATION: (
        "Communication: the vision, strategy and roadmap are kept visible and current where the "
        "team works, so the PM, the PO and the developers act on the same picture."
    ),
    PRIORITISATION: (
        "Prioritisation: someone keeps the backlog ordered, refined and ready to build, so the "
        "team always works on what matters most next."
    ),
}

MAX_ITEMS = 10
STORY_TYPES = frozenset({"story", "user story", "user-story"})
_AC_PATTERNS = re.compile(
    r"acceptance\s+criteri|\bAC\s*:|definition\s+of\s+done|^\s*[-*]\s*\[[ xX]\]"
    r"|\bgiven\b[\s\S]{0,400}?\bwhen\b[\s\S]{0,400}?\bthen\b",
    re.IGNORECASE | re.MULTILINE,
)

# Something every match of _AC_PATTERNS contains, searched in the lower-cased text: a plain
# (case-sensitive) regex with literal prefixes is several times faster than the full pattern.
_AC_NEEDS = re.compile(r"acceptance|ac\s*:|definition|\[|given")
# The only non-ASCII characters that match an ASCII letter ignoring case, or lower-case to one
# (İ ı ſ K): texts with them skip the shortcut.
_AC_ODD_CHARS = re.compile("[\u0130\u0131\u017f\u212a]")


def severity_rank(severity: str) -> int:
    return SEVERITIES.index(severity)


@dataclass(slots=True)
class Evidence:
    items: list[str] = field(default_factory=list)  # item ids
    people: list[str] = field(default_factory=list)  # person ids
    dates: list[str] = field(default_factory=list)  # ISO dates (yyyy-mm-dd)


@dataclass(slots=True)
class Flag:
    code: str
    severity: str  # info | warning | error
    message: str  # one readable sentence
    practice: str  # clear-roles | communication | prioritisation
    evidence: Evidence = field(default_factory=Evidence)
    thresholds: dict[str, float | int] = field(default_factory=dict)

    @property
    def practice_text(self) -> str:
        return PRACTICES[self.practice]

    def to_dict(self) -> dict:
        return {
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "practice": self.practice,
            "practice_text": self.practice_text,
            "evidence": {
                "items": list(self.evidence.items),
                "people": list(self.evidence.people),
                "dates": list(self.evidence.dates),
            },
            "thresholds": dict(self.thresholds),
        }


def has_acceptance_criteria(item: Item) -> bool:
    """'acceptance criteria', 'AC:', Definition of Done, Given/When/Then, or a checklist."""
    if item.checklist_items:
        return True
    text = f"{item.title}\n{item.description or ''}"
    # Cheap necessary condition first: most texts have none of the pattern's words.
    if (text.isascii() or not _AC_ODD_CHARS.search(text)) and not _AC_NEEDS.search(text.lower()):
        return False
    return bool(_AC_PATTERNS.search(text))


def acceptance_evidence(item: Item) -> str:
    """A description that keeps :func:`has_acceptance_criteria`'s answer and nothing else: the
    matched criteria text, or ``""``. A scan swaps each classified item's description for it, so
    a million descriptions are not held through the analysis and the report.

    Why the answer stays the same: the match read on its own after the title's line break still
    matches (it started at a line start or a word boundary and now ends the text), and without a
    match the title and its line break alone cannot match either (they are a prefix ending in the
    same line break).
    """
    if item.checklist_items:
        return ""
    text = f"{item.title}\n{item.description or ''}"
    if (text.isascii() or not _AC_ODD_CHARS.search(text)) and not _AC_NEEDS.search(text.lower()):
        return ""
    found = _AC_PATTERNS.search(text)
    return found.group(0) if found else ""


def is_open(item: Item) -> bool:
    return (
        not item.closed and item.resolved is None and (item.status_category or "").lower() != "done"
    )


_NOT_CHANGES = frozenset({ActivityKind.CREATED, ActivityKind.COMMENTED})


def has_change_history(board: Board) -> bool:
    """Does the source record changes (moves, edits, ranks), not only creations and comments?"""
    return any(a.kind not in _NOT_CHANGES for a in board.activities)


def has_owner(item: Item) -> bool:
    return bool(item.assignee or item.members)


def _day(dt: datetime | None) -> str | None:
    return dt.date().isoformat() if dt else None


@dataclass(slots=True)
class Context:
    board: Board
    labels: dict[str, str] | None  # item id -> final label; None: the table's labels
    labelled: LabelledActivities  # (a list of LabelledActivity is converted)
    roles: Roles
    as_of: datetime  # naive UTC

    def __post_init__(self) -> None:
        self.labelled = as_table(self.board, self.labelled)

    def name(self, person_id: str | None) -> str:
        if not person_id:
            return "someone unknown"
        person = self.board.people.get(person_id)
        return person.display_name if person and person.display_name else person_id

    def names(self, ids: Iterable[str], limit: int = 4) -> str:
        ids = list(ids)
        shown = ", ".join(self.name(i) for i in ids[:limit])
        return shown + (f" and {len(ids) - limit} more" if len(ids) > limit else "")

    def cutoff(self, days: int) -> datetime:
        return self.as_of - timedelta(days=days)

    def items_with(self, label: str) -> list[Item]:
        if self.labels is not None:
            return [i for i in self.board.items if self.labels.get(i.id) == label]
        table, items = self.labelled, self.board.items
        if table.board is not self.board:
            raise ValueError("the labelled activities belong to another board")
        if table.board_items == len(items):  # item index = position on the board
            codes = table.item_label[: len(items)]
        else:  # an id twice: the label of its last item, as a dict by id would give
            index = table.item_index()
            codes = table.item_label[[index[i.id] for i in items]]
        hits = np.flatnonzero(codes == table.code_of_label(label)).tolist()
        return [items[k] for k in hits]

    def last_touch(self) -> dict[str, datetime]:
        """Item id -> latest of its activities, creation and update times."""
        out: dict[str, int] = {}
        for item in self.board.items:
            if (t := _times(item)) != NO_TIME:
                out[item.id] = t
        acts = self.labelled.last_when_per_item().tolist()
        for item_id, t in zip(self.labelled.item_ids, acts, strict=True):
            if t != NO_TIME and (item_id not in out or t > out[item_id]):
                out[item_id] = t
        return {item_id: from_us(t) for item_id, t in out.items()}

    def touch(self, items: list[Item]) -> np.ndarray:
        """:meth:`last_touch` of each of ``items`` (board items) in microseconds (see
        :func:`~analyzer.timeline.to_us`), :data:`~analyzer.timeline.NO_TIME` when never."""
        table = self.labelled
        if table.board_items != len(self.board.items):  # an id twice: the last item's dates count
            base: dict[str, int] = {}
            for item in self.board.items:
                if (t := _times(item)) != NO_TIME:
                    base[item.id] = t
            own = np.array([base.get(item.id, NO_TIME) for item in items], np.int64)
        else:
            own = np.maximum(_column(items, _CREATED), _column(items, _UPDATED))
        index = table.item_index()
        rows = np.fromiter(map(index.__getitem__, map(_ID, items)), np.int64, count=len(items))
        return np.maximum(own, table.last_when_per_item()[rows])


_ID, _CREATED, _UPDATED = attrgetter("id"), attrgetter("created"), attrgetter("updated")


def _column(items: list[Item], get: attrgetter) -> np.ndarray:
    """A datetime field of ``items`` in microseconds, NO_TIME where it is None."""
    values = list(map(get, items))
    out = np.full(len(values), NO_TIME, np.int64)
    present = [k for k, v in enumerate(values) if v is not None]
    if present:
        out[present] = times_us([values[k] for k in present])
    return out


def _times(item: Item) -> int:
    """The later of an item's creation and update times in microseconds, or NO_TIME."""
    times = [to_us(t) for t in (item.created, item.updated) if t is not None]
    return max(times) if times else NO_TIME


def _pick(th, *names: str) -> dict[str, float | int]:
    return {n: getattr(th, n) for n in names}


def check_strategic(ctx: Context) -> list[Flag]:
    th = ctx.roles.thresholds
    strategic = ctx.items_with(STRATEGIC)
    if not ctx.board.items:
        return []
    if not strategic:
        return [
            Flag(
                "no-strategic-work",
                ERROR,
                f"None of the board's {len(ctx.board.items)} items reads as strategic work: no "
                "vision, roadmap, research, business case or success metric is tracked here.",
                COMMUNICATION,
                Evidence(dates=[_day(ctx.as_of)]),
            )
        ]
    flags: list[Flag] = []
    touch = ctx.touch(strategic)
    order = np.argsort(~touch, kind="stable").tolist()  # latest first; ~t: -t - 1, no overflow
    by_recent = [strategic[k] for k in order]
    newest = from_us(touch[order[0]]) if touch[order[0]] != NO_TIME else None

    # no-roadmap-owner: who is PM, and did any PM touch strategic work lately?
    pms = ctx.roles.people_with_focus(STRATEGIC)
    cutoff = ctx.cutoff(th.roadmap_owner_days)
    table = ctx.labelled
    pm_acts = np.flatnonzero((table.label == S_CODE) & np.isin(table.actor, table.actor_codes(pms)))
    recent_pm = pm_acts.size and table.when[pm_acts[-1]] >= to_us(cutoff)
    if not pms:
        how = "acts as one" if ctx.roles.inferred else "is declared as one in the roles file"
        flags.append(
            Flag(
                "no-roadmap-owner",
                ERROR,
                f"Nobody owns the roadmap: no one {how}, so the {len(strategic)} strategic "
                "items have no product manager.",
                CLEAR_ROLES,
                Evidence(
                    items=[i.id for i in by_recent[:MAX_ITEMS]],
                    dates=[d for d in [_day(newest)] if d],
                ),
                _pick(th, "pm_min_strategic_share", "infer_min_activities")
                if ctx.roles.inferred
                else {},
            )
        )
    elif not recent_pm:
        last = table.row(pm_acts[-1]) if pm_acts.size else None
        since = f"(last time on {_day(last.when)})" if last else "(never, in this board's history)"
        flags.append(
            Flag(
                "no-roadmap-owner",
                ERROR,
                f"No PM ({ctx.names(pms)}) touched strategic work in the last "
                f"{th.roadmap_owner_days} days {since}.",
                CLEAR_ROLES,
                Evidence(
                    items=[i.id for i in by_recent[:MAX_ITEMS]],
                    people=list(pms),
                    dates=[d for d in (_day(last.when) if last else None, _day(ctx.as_of)) if d],
                ),
                _pick(th, "roadmap_owner_days"),
            )
        )
    open_strategic = [i for i in strategic if is_open(i)]
    unowned = [i for i in open_strategic if not has_owner(i)]
    if (
        len(unowned) >= 2
        and open_strategic
        and len(unowned) / len(open_strategic) >= th.unowned_strategic_share
    ):
        flags.append(
            Flag(
                "no-roadmap-owner",
                WARNING,
                f"{len(unowned)} of {len(open_strategic)} open strategic items have nobody "
                "assigned, so no one is accountable for them.",
                CLEAR_ROLES,
                Evidence(
                    items=[i.id for i in unowned[:MAX_ITEMS]],
                    dates=[d for d in [_day(newest)] if d],
                ),
                _pick(th, "unowned_strategic_share"),
            )
        )

    # stale-roadmap: strategic items exist, none touched lately.
    if newest is not None and newest < ctx.cutoff(th.stale_roadmap_days):
        age = (ctx.as_of - newest).days
        flags.append(
            Flag(
                "stale-roadmap",
                WARNING,
                f"The roadmap is stale: none of the {len(strategic)} strategic items was created, "
                f"moved or updated in the last {th.stale_roadmap_days} days (latest change "
                f"{_day(newest)}, {age} days before the last activity on the board).",
                COMMUNICATION,
                Evidence(
                    items=[i.id for i in by_recent[:MAX_ITEMS]],
                    dates=[_day(newest), _day(ctx.as_of)],
                ),
                _pick(th, "stale_roadmap_days"),
            )
        )
    return flags


def check_backlog(ctx: Context) -> list[Flag]:
    th = ctx.roles.thresholds
    flags: list[Flag] = []
    cutoff = ctx.cutoff(th.backlog_days)
    # Only judge prioritisation when the source recorded a change history: a Jira CSV holds
    # creations and comments only, so "nobody prioritised" would be an artefact of the export.
    table = ctx.labelled
    first_recent = int(np.searchsorted(table.when, to_us(cutoff), side="left"))  # rows by time
    if (~table.kind_mask(_NOT_CHANGES)).any():
        recent = len(table) - first_recent
        prioritised = np.flatnonzero(table.kind_mask((ActivityKind.PRIORITISED,)))
        recent_prio = prioritised.size and prioritised[-1] >= first_recent
        if recent and not recent_prio:
            last = table.row(prioritised[-1]) if prioritised.size else None
            when = (
                f"the last one was on {_day(last.when)} by {ctx.name(last.actor)}"
                if last
                else "none is recorded at all"
            )
            flags.append(
                Flag(
                    "no-backlog-owner",
                    WARNING,
                    f"Nobody prioritised the backlog in the last {th.backlog_days} days: no rank, "
                    f"priority, list-order or sprint change while {recent} other changes "
                    f"happened ({when}).",
                    PRIORITISATION,
                    Evidence(
                        items=[last.item_id] if last else [],
                        people=[last.actor] if last and last.actor else [],
                        dates=[
                            d for d in (_day(last.when) if last else None, _day(ctx.as_of)) if d
                        ],
                    ),
                    _pick(th, "backlog_days"),
                )
            )

    open_tactical = [i for i in ctx.items_with(TACTICAL) if is_open(i)]
    touched_recently = np.zeros(len(table.item_ids), bool)
    touched_recently[table.item[first_recent:]] = True
    index = table.item_index()
    untouched = [i for i in open_tactical if not has_owner(i) and not touched_recently[index[i.id]]]
    if (
        len(open_tactical) >= th.min_items
        and len(untouched) / len(open_tactical) >= th.untouched_tactical_share
    ):
        flags.append(
            Flag(
                "no-backlog-owner",
                WARNING,
                f"{len(untouched)} of {len(open_tactical)} open tactical items have no assignee "
                f"and were not touched in the last {th.backlog_days} days: the backlog is not "
                "being refined.",
                PRIORITISATION,
                Evidence(items=[i.id for i in untouched[:MAX_ITEMS]], dates=[_day(cutoff)]),
                _pick(th, "untouched_tactical_share", "backlog_days", "min_items"),
            )
        )

    stories = [
        i
        for i in open_tactical
        if (i.type is None and i.source == "trello") or (i.type or "").lower() in STORY_TYPES
    ]
    missing = [i for i in stories if not has_acceptance_criteria(i)]
    if len(stories) >= th.min_items and len(missing) / len(stories) >= th.missing_ac_share:
        flags.append(
            Flag(
                "no-backlog-owner",
                WARNING,
                f"{len(missing)} of {len(stories)} open stories have no acceptance criteria "
                "(no 'acceptance criteria', 'AC:', Given/When/Then or checklist): nobody refines "
                "them before they are built.",
                PRIORITISATION,
                Evidence(items=[i.id for i in missing[:MAX_ITEMS]]),
                _pick(th, "missing_ac_share", "min_items"),
            )
        )
    return flags


def check_overlap(ctx: Context) -> list[Flag]:
    th = ctx.roles.thresholds
    flags: list[Flag] = []
    both_declared = set()
    if not ctx.roles.inferred:
        for pid in ctx.roles.assignments:
            if {STRATEGIC, TACTICAL} <= ctx.roles.focus_of(pid):
                both_declared.add(pid)
                flags.append(
                    Flag(
                        "role-overlap",
                        WARNING,
                        f"{ctx.name(pid)} is declared both "
                        f"{' and '.join(ctx.roles.roles_of(pid))}: one person holds the strategic "
                        "and the tactical product role.",
                        CLEAR_ROLES,
                        Evidence(people=[pid]),
                    )
                )

    table = ctx.labelled
    rows = np.flatnonzero(
        table.kind_mask(SHAPING_KINDS)
        & (table.named >= 0)
        & ((table.label == S_CODE) | (table.label == T_CODE))
    )
    actor, label = table.named[rows], table.label[rows]
    is_s = label == S_CODE
    totals = {STRATEGIC: int(is_s.sum()), TACTICAL: int((~is_s).sum())}
    codes, first = np.unique(actor, return_index=True)
    codes = codes[np.argsort(first, kind="stable")]  # people in order of their first shaping
    n_actors = len(table.actors)
    s_counts = np.bincount(actor[is_s], minlength=n_actors)
    t_counts = np.bincount(actor[~is_s], minlength=n_actors)
    if len(codes) < 2 or not totals[STRATEGIC] or not totals[TACTICAL]:
        return flags  # a one-person board overlaps by construction; nothing to tell
    for code in codes.tolist():
        pid = table.actors[code]
        n_s, n_t = int(s_counts[code]), int(t_counts[code])
        if pid in both_declared or n_s + n_t < th.overlap_min_activities:
            continue
        s_share = n_s / totals[STRATEGIC]
        t_share = n_t / totals[TACTICAL]
        if s_share >= th.overlap_share and t_share >= th.overlap_share:
            mine = rows[actor == code]
            items = _busiest(table, mine[is_s[actor == code]], 5)
            items += _busiest(table, mine[~is_s[actor == code]], 5)
            role = ctx.roles.declared_role(pid)
            who = (
                f"{ctx.name(pid)} ({'inferred ' if ctx.roles.inferred else ''}{role})"
                if role
                else ctx.name(pid)
            )
            flags.append(
                Flag(
                    "role-overlap",
                    WARNING,
                    f"{who} does {round(s_share * 100)}% of the board's strategic and "
                    f"{round(t_share * 100)}% of its tactical shaping work (creating, editing, "
                    "prioritising, accepting): PM and PO responsibilities are blurred.",
                    CLEAR_ROLES,
                    Evidence(
                        items=items,
                        people=[pid],
                        dates=[
                            _day(from_us(table.when[mine[0]])),
                            _day(from_us(table.when[mine[-1]])),
                        ],
                    ),
                    _pick(th, "overlap_share", "overlap_min_activities"),
                )
            )
    return flags


def _busiest(table: LabelledActivities, rows: np.ndarray, n: int) -> list[str]:
    """The ``n`` items with the most of ``rows`` (rows in time order); ties: the first seen."""
    uniq, first, counts = np.unique(table.item[rows], return_index=True, return_counts=True)
    order = np.lexsort((first, -counts))[:n]
    return [table.item_ids[i] for i in uniq[order].tolist()]


def check_drift(
    ctx: Context, people: Iterable[PersonDrift], board: BoardDrift | None
) -> list[Flag]:
    th = ctx.roles.thresholds
    keys = _pick(
        th,
        "drift_min_activities",
        "drift_recent_windows",
        "drift_min_move",
        "pm_min_strategic_share",
        "po_min_tactical_share",
    )
    flags: list[Flag] = []
    for d in people:
        if d.status not in (DRIFTING, OFF_ROLE):
            continue
        flags.append(
            Flag(
                "role-drift",
                WARNING,
                d.message[0].upper() + d.message[1:] + ".",
                CLEAR_ROLES,
                Evidence(items=list(d.items), people=[d.person_id], dates=[d.start, d.end]),
                keys,
            )
        )
    if board is not None and board.status == DRIFTING:
        flags.append(
            Flag(
                "role-drift",
                INFO,
                board.message[0].upper() + board.message[1:] + ".",
                COMMUNICATION,
                Evidence(items=list(board.items), dates=[board.start, board.end]),
                _pick(th, "drift_min_activities", "drift_recent_windows", "board_drift_min_move"),
            )
        )
    return flags


def evaluate(
    ctx: Context, people: Iterable[PersonDrift] = (), board: BoardDrift | None = None
) -> list[Flag]:
    """All flags, one per code (:func:`merge_same_code`), most severe first (stable order within
    a severity)."""
    flags = check_strategic(ctx) + check_backlog(ctx) + check_overlap(ctx)
    flags += check_drift(ctx, people, board)
    return sorted(merge_same_code(flags), key=lambda f: -severity_rank(f.severity))


def merge_same_code(flags: Iterable[Flag]) -> list[Flag]:
    """One flag per code: the checks of one code (two ways nobody owns the backlog, a drifting
    person and the drifting board) become one finding with the worst severity, their sentences
    most severe first, and their evidence and thresholds merged."""
    groups: dict[str, list[Flag]] = {}
    for flag in flags:
        groups.setdefault(flag.code, []).append(flag)
    out = []
    for same in groups.values():
        if len(same) == 1:
            out.append(same[0])
            continue
        same = sorted(same, key=lambda f: -severity_rank(f.severity))
        first = same[0]
        evidence = Evidence(
            items=list(dict.fromkeys(i for f in same for i in f.evidence.items)),
            people=list(dict.fromkeys(p for f in same for p in f.evidence.people)),
            dates=sorted({d for f in same for d in f.evidence.dates if d}),
        )
        thresholds: dict[str, float | int] = {}
        for f in same:
            thresholds.update(f.thresholds)
        message = " ".join(dict.fromkeys(f.message for f in same))
        out.append(Flag(first.code, first.severity, message, first.practice, evidence, thresholds))
    return out


def worst(flags: Iterable[Flag]) -> str | None:
    ranks = [severity_rank(f.severity) for f in flags]
    return SEVERITIES[max(ranks)] if ranks else None


def fails(flags: Iterable[Flag], fail_on: str | None) -> bool:
    """True when a flag at or above ``fail_on`` (info|warning|error) was raised."""
    if not fail_on:
        return False
    return any(severity_rank(f.severity) >= severity_rank(fail_on) for f in flags)
