"""Ownership flags: what a product leader should act on, each with its evidence.

Every finding is one module in this package (one rule, in domain terms) exposing a
:class:`~analyzer.flags.interface.Finding`: a stable ``code``, its worst severity, the practice it
relates to, the roles-file thresholds it reads (all changeable in ``[thresholds]``), a doc and its
check. They are registered below, in the order their flags are listed. Adding a finding is one
module plus one line here (and its code in ``analyzer/schema/report.schema.json``).

Days are counted back from ``as_of``, the latest activity on the board. May import
``analyzer.drift``, ``analyzer.roles``, ``analyzer.timeline``, ``connectors.interface``,
``models.interface`` and ``models.language``; the numpy behind the rules is in the private
``_fast`` module. A finding that asserts an absence from the model's labels passes its flag
through :meth:`Context.absence` (the rule: :mod:`analyzer.flags.reading`).
"""

from __future__ import annotations

from collections.abc import Iterable

from analyzer.drift import BoardDrift, PersonDrift
from analyzer.flags import (  # the findings, each one module
    backlog_rot,
    empty_epics,
    no_backlog_owner,
    no_roadmap_owner,
    no_strategic_work,
    ready_without_ac,
    role_drift,
    role_overlap,
    stale_items,
    stale_roadmap,
    unowned_items,
)
from analyzer.flags._fast import busiest as _busiest
from analyzer.flags.interface import (
    CLEAR_ROLES,
    COMMUNICATION,
    ERROR,
    INFO,
    MAX_ITEMS,
    PRACTICES,
    PRIORITISATION,
    SEVERITIES,
    SEVERITY_WORDS,
    WARNING,
    Context,
    Evidence,
    Finding,
    Flag,
    fails,
    merge_same_code,
    severity_rank,
    worst,
)
from analyzer.flags.items import (
    _AC_PATTERNS,
    acceptance_evidence,
    acceptance_evidences,
    has_acceptance_criteria,
    has_change_history,
    has_owner,
    is_open,
    story_type,
)

#: Every finding, in the order its flags are listed (within a severity).
FINDINGS: tuple[Finding, ...] = (
    no_strategic_work.FINDING,
    no_roadmap_owner.FINDING,
    stale_roadmap.FINDING,
    no_backlog_owner.FINDING,
    role_overlap.FINDING,
    role_drift.FINDING,
    # backlog hygiene
    backlog_rot.FINDING,
    ready_without_ac.FINDING,
    stale_items.FINDING,
    empty_epics.FINDING,
    unowned_items.FINDING,
)
CODES = tuple(f.code for f in FINDINGS)


def evaluate(
    ctx: Context, people: Iterable[PersonDrift] = (), board: BoardDrift | None = None
) -> list[Flag]:
    """All flags, one per code (:func:`merge_same_code`), most severe first (stable order within
    a severity)."""
    ctx.people_drift = list(people)
    ctx.board_drift = board
    flags = [flag for finding in FINDINGS for flag in finding.check(ctx)]
    return sorted(merge_same_code(flags), key=lambda f: -severity_rank(f.severity))


__all__ = [
    "CLEAR_ROLES",
    "CODES",
    "COMMUNICATION",
    "ERROR",
    "FINDINGS",
    "INFO",
    "MAX_ITEMS",
    "PRACTICES",
    "PRIORITISATION",
    "SEVERITIES",
    "SEVERITY_WORDS",
    "WARNING",
    "_AC_PATTERNS",
    "Context",
    "Evidence",
    "Finding",
    "Flag",
    "_busiest",
    "acceptance_evidence",
    "acceptance_evidences",
    "evaluate",
    "fails",
    "has_acceptance_criteria",
    "has_change_history",
    "has_owner",
    "is_open",
    "merge_same_code",
    "severity_rank",
    "story_type",
    "worst",
]
