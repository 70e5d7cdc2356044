"""Role-balance analysis: a board and one prediction per item in, a :class:`Report` out.

One pass over items and one over activities, with dict look-ups only, so the cost grows linearly
with the board (a million items is a matter of seconds, not of pairs).
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from analyzer.report import (
    ItemResult,
    LabelCounts,
    PersonStats,
    Report,
    Skipped,
    SourceInfo,
    Summary,
)
from connectors.interface import ActivityKind, Board, Item
from models.interface import DEFAULT_THRESHOLD, STRATEGIC, TACTICAL, UNCERTAIN, Prediction

DEFAULT_TOP = 10
_KINDS: tuple[str, ...] = tuple(kind.value for kind in ActivityKind)


@dataclass(slots=True)
class _PersonAcc:
    labels: tuple[str, ...]
    kinds: Counter[str] = field(default_factory=Counter)
    activity: LabelCounts = field(init=False)
    assigned: LabelCounts = field(init=False)
    reported: LabelCounts = field(init=False)
    first: datetime | None = None
    last: datetime | None = None

    def __post_init__(self) -> None:
        self.activity = LabelCounts.for_labels(self.labels)
        self.assigned = LabelCounts.for_labels(self.labels)
        self.reported = LabelCounts.for_labels(self.labels)


def analyse(
    board: Board,
    predictions: Sequence[Prediction],
    *,
    threshold: float = DEFAULT_THRESHOLD,
    top: int = DEFAULT_TOP,
    origin: str | None = None,
    model_name: str = "bundled",
    generated_at: datetime | None = None,
    labels: Sequence[str] | None = None,
) -> Report:
    """Build the role-balance report of ``board``.

    ``predictions[i]`` belongs to ``board.items[i]``. An item whose confidence is below
    ``threshold`` counts as *uncertain*. ``origin`` is what the user typed (a path or URL) and
    replaces ``board.origin`` so the report never shows more of the file system than they gave.
    ``labels`` are the model's labels (``RoleModel.labels``); by default they are read from the
    predictions' scores. Labels beyond strategic and tactical (a custom role set) get their own
    counts and top items; flags and drift still reason about strategic and tactical only.
    """
    if len(predictions) != len(board.items):
        raise ValueError(
            f"{len(predictions)} predictions for {len(board.items)} items; expected one per item"
        )
    if not 0.0 <= threshold <= 1.0:
        raise ValueError(f"threshold must be between 0 and 1, got {threshold}")

    model_labels = tuple(labels) if labels else _labels_of(predictions)
    accs: dict[str, _PersonAcc] = {}

    def acc(person_id: str) -> _PersonAcc:
        found = accs.get(person_id)
        if found is None:
            found = accs[person_id] = _PersonAcc(model_labels)
        return found

    # -- items ------------------------------------------------------------------------------
    label_by_id: dict[str, str] = {}
    item_counts = LabelCounts.for_labels(model_labels)
    closed = 0
    for item, prediction in zip(board.items, predictions, strict=True):
        label = prediction.final_label(threshold)
        label_by_id[item.id] = label
        item_counts.add(label)
        closed += item.closed
        owners = {item.assignee, *item.members}
        owners.discard(None)
        for person_id in owners:
            acc(person_id).assigned.add(label)
        if item.reporter:
            acc(item.reporter).reported.add(label)

    # -- activities -------------------------------------------------------------------------
    activity_counts = LabelCounts.for_labels(model_labels)
    kinds: Counter[str] = Counter()
    per_item: Counter[str] = Counter()
    unmatched = anonymous = 0
    first: datetime | None = None
    last: datetime | None = None
    for activity in board.activities:
        kind = str(activity.kind)
        kinds[kind] += 1
        ts = activity.timestamp
        if ts is not None:
            if first is None or _before(ts, first):
                first = ts
            if last is None or _before(last, ts):
                last = ts
        label = label_by_id.get(activity.item_id)
        if label is None:
            unmatched += 1
        else:
            activity_counts.add(label)
            per_item[activity.item_id] += 1
        if activity.actor_id is None:
            anonymous += 1
            continue
        person = acc(activity.actor_id)
        person.kinds[kind] += 1
        if label is not None:
            person.activity.add(label)
        if ts is not None:
            if person.first is None or _before(ts, person.first):
                person.first = ts
            if person.last is None or _before(person.last, ts):
                person.last = ts

    # -- people -----------------------------------------------------------------------------
    for person_id in board.people:
        acc(person_id)
    people = [_person_stats(board, person_id, a) for person_id, a in accs.items()]
    people.sort(key=lambda p: (-p.total_activities, -p.assigned_items.total, p.name.lower(), p.id))

    # -- items in the report ----------------------------------------------------------------
    names = {pid: p.display_name for pid, p in board.people.items()}
    items = [
        _item_result(item, prediction, label_by_id[item.id], names, per_item[item.id])
        for item, prediction in zip(board.items, predictions, strict=True)
    ]

    summary = Summary(
        items=item_counts,
        activities=activity_counts,
        activities_by_kind={kind: kinds.get(kind, 0) for kind in _sorted_kinds(kinds)},
        total_activities=len(board.activities),
        unmatched_activities=unmatched,
        anonymous_activities=anonymous,
        people=len(people),
        closed_items=closed,
        first_activity=first,
        last_activity=last,
        skipped=len(board.skipped),
    )
    report = Report(
        source=SourceInfo(name=board.name, kind=board.source, origin=origin or board.origin),
        generated_at=generated_at or datetime.now(UTC).replace(microsecond=0),
        threshold=threshold,
        model=model_name,
        summary=summary,
        people=people,
        top_strategic=_top(items, STRATEGIC, top),
        top_tactical=_top(items, TACTICAL, top),
        skipped=Skipped(count=len(board.skipped), records=list(board.skipped)),
        items=items,
        labels=list(model_labels),
    )
    report.top_other = {label: _top(items, label, top) for label in report.extra_labels}
    report.notes.extend(_notes(report))
    return report


def _labels_of(predictions: Sequence[Prediction]) -> tuple[str, ...]:
    """The model's labels as its predictions show them (scores hold every label, in the model's
    order); strategic and tactical when they show no other label."""
    seen: dict[str, None] = {}
    for prediction in predictions:
        seen.update(dict.fromkeys(prediction.scores))
        seen[prediction.label] = None
    seen.pop(UNCERTAIN, None)
    if set(seen) <= {STRATEGIC, TACTICAL}:  # the default role set, whichever labels showed up
        return (STRATEGIC, TACTICAL)
    return tuple(seen)


def _before(a: datetime, b: datetime) -> bool:
    """``a < b`` even when a reader mixed naive and aware datetimes (naive taken as UTC)."""
    if (a.tzinfo is None) != (b.tzinfo is None):
        a = a if a.tzinfo else a.replace(tzinfo=UTC)
        b = b if b.tzinfo else b.replace(tzinfo=UTC)
    return a < b


def _sorted_kinds(kinds: Counter[str]) -> list[str]:
    """Every known kind in the enum's order (zeros included), then any other kind by name."""
    return [*_KINDS, *sorted(k for k in kinds if k not in _KINDS)]


def _person_stats(board: Board, person_id: str, a: _PersonAcc) -> PersonStats:
    person = board.people.get(person_id)
    return PersonStats(
        id=person_id,
        name=(person.display_name if person and person.display_name else person_id),
        username=person.username if person else None,
        total_activities=sum(a.kinds.values()),
        by_kind={kind: a.kinds.get(kind, 0) for kind in _sorted_kinds(a.kinds)},
        activity=a.activity,
        assigned_items=a.assigned,
        reported_items=a.reported,
        first_activity=a.first,
        last_activity=a.last,
    )


def _item_result(
    item: Item, prediction: Prediction, label: str, names: dict[str, str], activity_count: int
) -> ItemResult:
    return ItemResult(
        id=item.id,
        key=item.key,
        title=item.title,
        label=label,
        confidence=float(prediction.confidence),
        reason=prediction.reason,
        type=item.type,
        status=item.status or item.column,
        assignee=names.get(item.assignee, item.assignee) if item.assignee else None,
        assignee_id=item.assignee,
        predicted_label=prediction.label,
        terms=list(prediction.top_terms),
        column=item.column,
        closed=item.closed,
        created=item.created,
        updated=item.updated,
        activity_count=activity_count,
        url=item.url,
    )


def _top(items: list[ItemResult], label: str, n: int) -> list[ItemResult]:
    """The ``n`` most confident items of ``label``; ties go to the busier item, then the id."""
    if n <= 0:
        return []
    candidates = (i for i in items if i.label == label)
    return heapq.nsmallest(n, candidates, key=lambda i: (-i.confidence, -i.activity_count, i.id))


def _notes(report: Report) -> list[str]:
    s = report.summary
    notes: list[str] = []
    if s.items.total == 0:
        notes.append("The export holds no items, so there is no balance to report.")
    if s.items.total and s.items.uncertain == s.items.total:
        notes.append(
            f"Every item is below the confidence threshold ({report.threshold:.2f}); "
            "try a lower --threshold."
        )
    if s.total_activities == 0 and s.items.total:
        notes.append("The export holds no activity history; only item shares are reported.")
    if s.unmatched_activities:
        notes.append(
            f"{s.unmatched_activities} activities touch items absent from the export "
            "(deleted or moved away); they count for their people but not for the balance."
        )
    if s.anonymous_activities:
        notes.append(f"{s.anonymous_activities} activities have no known author.")
    if s.skipped:
        notes.append(f"{s.skipped} records could not be read and were skipped.")
    notes.extend(_label_notes(report))
    return notes


def _label_notes(report: Report) -> list[str]:
    """What a custom role set means for the parts of the report that judge roles."""
    extra = report.extra_labels
    if not extra:
        return []
    names = ", ".join(extra)
    notes = [
        f"The model has {len(report.labels)} labels ({', '.join(report.labels)}). The balance, "
        "people and top items show every label; flags, drift, inferred roles and the balance "
        f"over time judge strategic against tactical work only, so {names} "
        f"{'is' if len(extra) == 1 else 'are'} shown but not judged (counted as neither "
        "strategic nor tactical there)."
    ]
    missing = [label for label in (STRATEGIC, TACTICAL) if label not in report.labels]
    if missing:
        notes.append(
            f"The model has no {' or '.join(repr(m) for m in missing)} label, so flags and drift "
            "about that work do not apply to this board; read the balance instead."
        )
    return notes
