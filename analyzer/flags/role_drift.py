"""``role-drift``: a person drifting away from (or never matching) their role (warning), or the
board's overall balance moving (info). See :mod:`analyzer.drift`."""

from __future__ import annotations

from analyzer.drift import DRIFTING, OFF_ROLE
from analyzer.flags.interface import (
    CLEAR_ROLES,
    COMMUNICATION,
    INFO,
    WARNING,
    Context,
    Evidence,
    Finding,
    Flag,
    labelled_dates,
    pick,
)
from analyzer.report import sentence_start

CODE = "role-drift"


def _sentence(message: str, name: str | None = None) -> str:
    return sentence_start(message, name) + "."


#: The label of a drift's first date: the recent windows compared with the earlier ones.
RECENT_FROM = "recent windows from"


def check(ctx: Context) -> list[Flag]:
    th = ctx.thresholds
    keys = pick(
        th,
        "drift_min_activities",
        "drift_recent_windows",
        "drift_min_move",
        "pm_min_strategic_share",
        "po_min_tactical_share",
    )
    flags = [
        Flag(
            CODE,
            WARNING,
            _sentence(d.message, d.name),
            CLEAR_ROLES,
            Evidence(
                items=list(d.items),
                people=[d.person_id],
                **labelled_dates((RECENT_FROM, d.start), ("to", d.end)),
            ),
            keys,
        )
        for d in ctx.people_drift
        if d.status in (DRIFTING, OFF_ROLE)
    ]
    board = ctx.board_drift
    if board is not None and board.status == DRIFTING:
        flags.append(
            Flag(
                CODE,
                INFO,
                _sentence(board.message),
                COMMUNICATION,
                Evidence(
                    items=list(board.items),
                    **labelled_dates((RECENT_FROM, board.start), ("to", board.end)),
                ),
                pick(th, "drift_min_activities", "drift_recent_windows", "board_drift_min_move"),
            )
        )
    return flags


FINDING = Finding(
    CODE,
    WARNING,
    CLEAR_ROLES,
    (
        "drift_min_activities",
        "drift_recent_windows",
        "drift_min_move",
        "board_drift_min_move",
        "pm_min_strategic_share",
        "po_min_tactical_share",
    ),
    __doc__.split(": ", 1)[1].strip(),
    check,
)
