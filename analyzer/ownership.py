"""One call from a classified board to roles, windows, drift and flags (what the report shows)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from analyzer.drift import BoardDrift, PersonDrift, board_drift, people_drift
from analyzer.flags import Context, Flag, evaluate
from analyzer.roles import Roles, load_roles
from analyzer.timeline import (
    Timeline,
    WindowSpec,
    build_timeline,
    item_labels,
    label_activities,
    naive_utc,
)
from connectors.interface import Board
from models.interface import DEFAULT_THRESHOLD, Prediction


@dataclass(slots=True)
class OwnershipAnalysis:
    roles: Roles
    timeline: Timeline
    people: list[PersonDrift]
    board: BoardDrift
    flags: list[Flag]
    as_of: datetime | None

    def drift_of(self, person_id: str) -> PersonDrift | None:
        return next((d for d in self.people if d.person_id == person_id), None)


def _as_of(board: Board, timeline: Timeline) -> datetime | None:
    if timeline.as_of is not None:
        return timeline.as_of
    times = [naive_utc(t) for i in board.items for t in (i.created, i.updated) if t is not None]
    return max(times) if times else None


def analyze(
    board: Board,
    predictions: Mapping[str, Prediction],
    threshold: float = DEFAULT_THRESHOLD,
    roles: Roles | str | Path | None = None,
    window: WindowSpec | str = "auto",
    *,
    default_dir: Path | None = None,
) -> OwnershipAnalysis:
    """``roles``: a resolved :class:`Roles`, a roles file path, or None (./backlog-analyzer.toml
    when present, otherwise inferred)."""
    labelled = label_activities(board, predictions, threshold)
    if not isinstance(roles, Roles):
        roles = load_roles(roles, board, labelled, default_dir=default_dir)
    timeline = build_timeline(board, labelled, window)
    names = {pid: (p.display_name or pid) for pid, p in board.people.items()}
    people = people_drift(timeline, roles, names)
    bdrift = board_drift(timeline, roles)
    as_of = _as_of(board, timeline)
    flags: list[Flag] = []
    if as_of is not None:
        ctx = Context(board, item_labels(board, predictions, threshold), labelled, roles, as_of)
        flags = evaluate(ctx, people, bdrift)
    return OwnershipAnalysis(roles, timeline, people, bdrift, flags, as_of)
