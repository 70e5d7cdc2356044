"""One call from a classified board to roles, windows, drift and flags (what the report shows).

:func:`analyze` does the work; :func:`apply_to_report` copies its results onto a
:class:`~analyzer.report.Report` built by :func:`analyzer.balance.analyse`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from analyzer.drift import NOT_JUDGED, TOO_THIN, BoardDrift, PersonDrift, board_drift, people_drift
from analyzer.flags import Context, Flag, evaluate
from analyzer.flags.reading import Reading
from analyzer.report import Report, WindowStats
from analyzer.roles import Roles, RolesFile, load_roles
from analyzer.timeline import (
    NO_TIME,
    LabelledActivities,
    Timeline,
    WindowSpec,
    WindowStat,
    build_timeline,
    from_us,
    label_activities,
    naive_utc,
)
from analyzer.verdict import build_verdict
from connectors.interface import Board
from models.interface import DEFAULT_THRESHOLD, STRATEGIC, TACTICAL, Prediction


@dataclass(slots=True)
class OwnershipAnalysis:
    roles: Roles
    timeline: Timeline
    people: list[PersonDrift]
    board: BoardDrift
    flags: list[Flag]
    as_of: datetime | None
    reading: Reading = field(default_factory=Reading)  # how many items the model read

    def drift_of(self, person_id: str) -> PersonDrift | None:
        return next((d for d in self.people if d.person_id == person_id), None)


def _as_of(board: Board, timeline: Timeline, labelled: LabelledActivities) -> datetime | None:
    """The "now" of the day-based checks: the latest activity on the board, an automation
    account's too (its activity is nobody's work, but it shows when the export was taken)."""
    if labelled.left_out_latest != NO_TIME:
        latest = from_us(labelled.left_out_latest)
        return latest if timeline.as_of is None else max(latest, timeline.as_of)
    if timeline.as_of is not None:
        return timeline.as_of
    times = [naive_utc(t) for i in board.items for t in (i.created, i.updated) if t is not None]
    return max(times) if times else None


def analyze(
    board: Board,
    predictions: Mapping[str, Prediction] | None,
    threshold: float = DEFAULT_THRESHOLD,
    roles: Roles | RolesFile | str | Path | None = None,
    window: WindowSpec | str = "auto",
    *,
    default_dir: Path | None = None,
    labels: Sequence[str] | None = None,
    activities: LabelledActivities | None = None,
    criteria: Sequence[int] | None = None,
    reading: Reading | None = None,
) -> OwnershipAnalysis:
    """``roles``: a resolved :class:`Roles`, a parsed :class:`RolesFile` or its path, or None
    (inferred; with ``default_dir``, ``default_dir/backlog-analyzer.toml`` is read when present).

    ``labels``: the model's labels. Flags weigh strategic against tactical work, so a custom
    model that predicts neither of the two raises none (the report says they do not apply).

    ``activities``: :func:`~analyzer.timeline.label_activities` of this board with the same
    predictions and threshold, when the caller already has it (it is built otherwise; then
    ``predictions``, item id -> prediction, is not read and may be None).

    ``criteria``: the board positions (ascending) of the items that hold acceptance criteria
    (:func:`~analyzer.flags.has_acceptance_criteria`), when the caller found them already (a
    scan does, as it forgets the descriptions); searched for otherwise.

    ``reading``: how many items are in languages the model does not read (a scan knows); an
    absence the findings and the verdict could not check is then said to be not established
    (:mod:`analyzer.flags.reading`). None: every item was read."""
    if activities is None:
        if predictions is None:
            raise ValueError("give the predictions or the labelled activities")
        labelled = label_activities(board, predictions, threshold)
    elif activities.board is not board:
        raise ValueError("the labelled activities belong to another board")
    else:
        labelled = activities
    if not isinstance(roles, Roles):
        roles = load_roles(roles, board, labelled, default_dir=default_dir)
    timeline = build_timeline(board, labelled, window)
    names = {pid: (p.display_name or pid) for pid, p in board.people.items()}
    people = people_drift(timeline, roles, names)
    bdrift = board_drift(timeline, roles)
    as_of = _as_of(board, timeline, labelled)
    flags: list[Flag] = []
    reading = reading or Reading(len(board.items))
    judged = labels is None or (STRATEGIC in labels and TACTICAL in labels)
    enough = len(board.items) >= roles.thresholds.min_items  # see analyzer.verdict
    if as_of is not None and judged and enough:
        ctx = Context(board, None, labelled, roles, as_of, criteria=criteria, reading=reading)
        flags = evaluate(ctx, people, bdrift)
    return OwnershipAnalysis(roles, timeline, people, bdrift, flags, as_of, reading)


def window_stats(stat: WindowStat, minimum: int) -> WindowStats:
    share = stat.strategic_share
    return WindowStats(
        window=stat.window,
        start=stat.start.date(),
        end=(stat.end - timedelta(seconds=1)).date(),
        activities=stat.activities,
        strategic=stat.strategic,
        tactical=stat.tactical,
        uncertain=stat.uncertain,
        strategic_share=None if share is None else round(share, 4),
        judged=stat.labelled >= minimum,
    )


def apply_to_report(report: Report, analysis: OwnershipAnalysis) -> Report:
    """Fill the report's roles, windows, per-person drift and flags fields; add readable notes."""
    roles, timeline = analysis.roles, analysis.timeline
    th = roles.thresholds
    person_min = max(1, th.drift_min_activities)
    report.roles_inferred = roles.inferred
    report.roles_file = roles.source
    report.role_warnings = list(roles.warnings)
    report.thresholds = th.to_dict()
    report.window = timeline.spec
    report.window_note = timeline.note
    report.as_of = analysis.as_of
    report.windows = [window_stats(s, 2 * person_min) for s in timeline.board]
    report.board_drift = analysis.board
    report.flags = list(analysis.flags)
    drift = {d.person_id: d for d in analysis.people}
    for person in report.people:
        person.declared_role = roles.declared_role(person.id)
        person.drift = drift.get(person.id)
        row = timeline.people.get(person.id)
        person.windows = [window_stats(s, person_min) for s in row] if row else []
    report.notes.extend(_notes(report, analysis))
    report.verdict = build_verdict(report, roles, analysis.reading)
    return report


def _notes(report: Report, analysis: OwnershipAnalysis) -> list[str]:
    notes: list[str] = []
    if report.roles_inferred:
        notes.append(
            "No roles file: each person's role was inferred from their activity (a hint, not a "
            "verdict); declare roles in backlog-analyzer.toml or pass --roles FILE."
        )
    notes += [f"Roles file: {w}." for w in report.role_warnings]
    if report.window_note:
        notes.append(f"Windows: {report.window_note}.")
    judged = [d for d in analysis.people if d.status not in (NOT_JUDGED,)]
    thin = [d for d in judged if d.status == TOO_THIN]
    if judged and len(thin) == len(judged):
        notes.append(
            "Too little activity per window to judge anyone's drift: at least "
            f"{report.thresholds.get('drift_min_activities')} labelled activities in "
            f"{int(report.thresholds.get('drift_recent_windows', 2)) + 1} windows are needed; "
            "try a longer --window."
        )
    if analysis.board.status == TOO_THIN and report.summary.total_activities:
        notes.append(f"Board drift: {analysis.board.message}.")
    return notes
