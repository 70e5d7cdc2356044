"""Role-balance analysis: a board and one prediction per item in, a :class:`Report` out.

One pass over items; activities are counted from the labelled table (numpy columns, see
:class:`analyzer.timeline.LabelledActivities`) with array operations, so the cost grows linearly
with the board and the per-activity work is done once for the whole analysis.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from itertools import compress, repeat
from operator import and_, attrgetter, is_not, not_, or_
from typing import cast

import numpy as np

from _backlog_analyzer_runtime.memo import Memo
from _backlog_analyzer_runtime.percent import percent
from analyzer.defaults import DEFAULT_TOP, SUREST_ABOVE
from analyzer.item_columns import ItemColumns, fill_item, owners
from analyzer.no_items import NO_BALANCE, empty_parts, no_items
from analyzer.report import (
    DEFERRED,
    DeferredItemResult,
    ItemResult,
    LabelCounts,
    PersonStats,
    Report,
    Skipped,
    SourceInfo,
    Summary,
    and_joined,
    held_items,
    repeats_note,
    skipped_note,
)
from analyzer.timeline import NO_TIME, LabelledActivities
from analyzer.uncategorised import uncategorised_note, uncategorised_statuses
from connectors.exports.jira_current_fields import (
    STATUS_CATEGORY,
    missing_columns_note,
    with_status_category,
)
from connectors.interface import (
    ActivityKind,
    Board,
    Item,
    MissingColumns,
    SearchPage,
    done_category,
)
from models.interface import DEFAULT_THRESHOLD, STRATEGIC, TACTICAL, UNCERTAIN, Prediction
from models.reasons import body_of
from models.rules import (
    BOARD_PRIOR_FLOOR,
    ONE_WORD_CAP,
    REREAD_REASONS,
    places_direction,
    prior_sample,
    shows_direction,
)
from models.rules import direction_share as sample_direction_share

# The surest *strategic* items also name direction work in their terms or list (session 7), in
# their title, list or labels (session 8; ``models.rules.shows_direction``): a sure strategic
# card read by its domain's nouns or its description alone is strategic in every count but not
# shown as the board's surest.
#: A board the model reads at more than this many times the share of its items whose title,
#: list or labels name direction work (:func:`direction_share`) is read with an implausible
#: prior (session 13: a part-number board and an SAP support board read at 41-45 % strategic
#: with 3-4 % of such cards, their cards with one known word at the one-word cap 0.8): its
#: surest strategic items are those still surer than ``SUREST_ABOVE`` with the board read at
#: that share (:func:`surest_strategic_floor`). On the dev halves every ratio from 3 to 11
#: gives the same lists; 8 lies in the widest gap between the boards' ratios (5.3 to 11.2 over
#: eight template draws), so no board flips with the draw.
SUREST_PRIOR_RATIO = 8.0
#: Session 15: an item the research-title rule read again without its issue type and list
#: (``models.rules.RESEARCH_REASON``) is a surest strategic item only when it is still surer
#: than ``SUREST_ABOVE`` with its board read at its direction share, on a board read above
#: that share (this ratio; :func:`surest_research_floor`). Its type and list, the board's
#: evidence about it, were set aside: what is left is its title's words and the board's prior,
#: so the prior must be one its board's direction work bears out. (On the dev halves over nine
#: models: an IT support board's survey card, read at a prior three times its direction share,
#: left every list; the research cards of product boards read below their share all stayed.)
SUREST_RESEARCH_RATIO = 1.0
_ID, _CLOSED = attrgetter("id"), attrgetter("closed")
_MEMBERS, _ASSIGNEE, _REPORTER = (
    attrgetter("members"),
    attrgetter("assignee"),
    attrgetter("reporter"),
)


def is_done(item: Item) -> bool:
    """Finished work: resolved, in a done status category, or in a Trello done list (archived
    is something else: removed from the board, done or not)."""
    return item.resolved is not None or done_category(item.status_category)


_RESOLVED, _CATEGORY = attrgetter("resolved"), attrgetter("status_category")


_CONFIDENCE, _ACTIVITY_COUNT = attrgetter("confidence"), attrgetter("activity_count")
_LABEL = attrgetter("label")
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
    activities: LabelledActivities | None = None,
    drop_predictions: bool = False,
    board_prior: float | None = None,
    corrected: Sequence[int] = (),
    item_columns: bool = False,
    direction: float | None = None,
    unread_items: int = 0,
    declared: Collection[str] = (),
) -> Report:
    """Build the role-balance report of ``board``.

    ``predictions[i]`` belongs to ``board.items[i]``. An item whose confidence is below
    ``threshold`` counts as *uncertain*. ``origin`` is what the user typed (a path or URL) and
    replaces ``board.origin`` so the report never shows more of the file system than they gave.
    ``labels`` are the model's labels (``RoleModel.labels``); by default they are read from the
    predictions' scores. Labels beyond strategic and tactical (a custom role set) get their own
    counts and top items; flags and drift still reason about strategic and tactical only.
    ``activities``: :func:`~analyzer.timeline.label_activities` of this board with the same
    predictions and threshold, when the caller already has it (it is built otherwise).
    ``drop_predictions``: ``predictions`` is a list the caller is done with; each is set to None
    once its report item is made (a scan never holds a million of both).
    ``board_prior``: the strategic share the board's items were read at (the scan's EM
    estimate), when known: on a board read implausibly high for its direction work the surest
    strategic items must be surer (:func:`surest_strategic_floor`, with a note saying so).
    ``direction``: the board's :func:`direction_share`, when the caller has read it (a scan's
    prior estimate reads it on the same items); read here otherwise.
    ``corrected``: the positions of the items the team corrected (``scan --corrections``): they
    are never among the surest items of a label, which say what the model is sure of (a
    correction is certain, not the model).
    ``declared``: the ids of the people the roles file declares in a role: each has a row,
    one who only watches an issue too (:func:`_watch_only`: the reader wants to see them).
    ``item_columns``: the report's items are kept as columns (:class:`ItemColumns`: no item
    object made until one is read; the JSON writer reads the columns) — for a board nobody
    changes after (a scan's own), as the items are read from it when the report is.
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
    if activities is not None and activities.board is not board:
        raise ValueError("the labelled activities belong to another board")
    if activities is not None:  # labelled with the same predictions and threshold
        label_by_item = activities.board_labels()
    else:
        label_by_item = [prediction.final_label(threshold) for prediction in predictions]
        activities = LabelledActivities.build(board, label_by_item)
    item_counts = LabelCounts.for_labels(model_labels)
    for label, n in Counter(label_by_item).items():  # labels in order of first appearance
        item_counts.add(label, n)
    closed = sum(map(_CLOSED, board.items))
    done = sum(
        map(
            or_,
            map(is_not, map(_RESOLVED, board.items), repeat(None)),
            map(Memo(done_category).__getitem__, map(_CATEGORY, board.items)),
        )
    )  # is_done of each item, its categories judged once
    assigned, reported = _owned(board.items, label_by_item)
    for (person_id, label), n in assigned.items():
        acc(person_id).assigned.add(label, n)
    for (person_id, label), n in reported.items():
        acc(person_id).reported.add(label, n)

    # -- activities -------------------------------------------------------------------------
    counted = _count_activities(activities, model_labels, acc)
    kinds = counted.kinds
    n_items = len(board.items)
    if activities.board_items == n_items:  # every id once: item index = position on the board
        per_item = counted.per_item
        labels, counts = label_by_item, per_item if len(per_item) == n_items else per_item[:n_items]
    else:  # an id twice: both show the last one's label and the id's activities
        label_by_id = dict(zip(map(_ID, board.items), label_by_item, strict=True))
        per_id = dict(
            zip(activities.item_ids[: activities.board_items], counted.per_item, strict=True)
        )
        labels = [label_by_id[item.id] for item in board.items]
        counts = [per_id[item.id] for item in board.items]

    # -- people (not the automation accounts the table left out: analyzer.automation) --------
    watch_only = _watch_only(board.items, accs).difference(declared)
    for person_id in board.people:
        if person_id not in watch_only:
            acc(person_id)
    bots = activities.left_out
    people = [_person_stats(board, pid, a) for pid, a in accs.items() if pid not in bots]
    people.sort(key=lambda p: (-p.total_activities, -p.assigned_items.total, p.name.lower(), p.id))

    # -- items in the report ----------------------------------------------------------------
    names = {pid: p.display_name for pid, p in board.people.items()}
    others = _other_owners(board.items)  # each item's owners after its assignee
    items: Sequence[ItemResult]
    if item_columns:
        columns = ItemColumns(
            board.items, predictions, labels, names, counts, drop_predictions, others, given=True
        )
        items = columns
        ranking = _Ranking.of_columns(columns, corrected) if top > 0 else None
    else:
        items = _item_results(
            board.items, predictions, labels, names, counts, drop_predictions, others
        )
        ranking = _Ranking(items, corrected) if top > 0 else None

    summary = Summary(
        items=item_counts,
        activities=counted.labels,
        activities_by_kind={kind: kinds.get(kind, 0) for kind in _sorted_kinds(kinds)},
        total_activities=len(board.activities) - activities.left_out_activities,
        unmatched_activities=counted.unmatched,
        anonymous_activities=counted.anonymous,
        people=len(people),
        closed_items=closed,
        done_items=done,
        first_activity=counted.first,
        last_activity=counted.last,
        skipped=len(board.skipped),
    )
    floor, share, research = SUREST_ABOVE, None, SUREST_ABOVE
    if board_prior is not None and top > 0:
        share = direction_share(board.items) if direction is None else direction
        floor = surest_strategic_floor(board_prior, share)
        research = surest_research_floor(board_prior, share)
    surest = _surest_keep(research)
    report = Report(
        source=SourceInfo(
            name=board.name,
            kind=board.source,
            origin=origin or board.origin,
            parts=tuple(board.merged_from),
        ),
        generated_at=generated_at or datetime.now(UTC).replace(microsecond=0),
        threshold=threshold,
        model=model_name,
        summary=summary,
        people=people,
        top_strategic=_top(items, STRATEGIC, top, above=floor, keep=surest, ranking=ranking),
        top_tactical=_top(items, TACTICAL, top, above=SUREST_ABOVE, ranking=ranking),
        skipped=Skipped(
            count=len(board.skipped),
            records=list(board.skipped),
            parts=list(board.skipped_parts),
            boards=list(board.skipped_boards),
            repeats=list(board.repeats.lines),
            repeated=board.repeats.copies,
            repeat_unit=board.repeats.unit,
            first_kept=board.repeats.first_kept,
        ),
        items=items,
        labels=list(model_labels),
    )
    report.top_other = {
        label: _top(items, label, top, above=SUREST_ABOVE, ranking=ranking)
        for label in report.extra_labels
    }
    report.other_owners = others
    named = bool(board.parts)  # a merged board's notes name the board or file they are about
    report.notes.extend(template_board_note(n if named else None) for n in board.template_boards)
    report.notes.extend(
        _notes(
            report,
            unread_items,
            board.missing_columns,
            board.missing_columns_of,
            len(board.templates),
            uncategorised_statuses(board),
            several=named,
            json=board.missing_fields_of_search,
            tool=board.missing_columns_by_tool,
        )
    )
    report.notes.extend(_capped_history_notes(board, summary))
    report.notes.extend(search_page_note(page, named=named) for page in board.search_pages)
    report.history_cause = history_cause(board, summary)
    if floor > SUREST_ABOVE and share is not None and board_prior is not None:
        # the note only when the floor leaves out an item the list would otherwise show
        usual = _top(items, STRATEGIC, top, above=SUREST_ABOVE, keep=surest, ranking=ranking)
        if len(usual) > len(report.top_strategic):
            report.notes.append(_surest_note(board_prior, share))
    if research > SUREST_ABOVE and share is not None and board_prior is not None:
        # the note only when the research floor leaves out an item the list would otherwise show
        plain = _top(
            items, STRATEGIC, top, above=floor, keep=shows_surest_direction, ranking=ranking
        )
        left = len({i.id for i in plain} - {i.id for i in report.top_strategic})
        if left:
            report.notes.append(_research_note(left, board_prior, share))
    return report


@dataclass(slots=True)
class _Counted:
    labels: LabelCounts
    kinds: dict[str, int]
    per_item: list[int]  # activities per item index of the table
    unmatched: int
    anonymous: int
    first: datetime | None
    last: datetime | None


def _count_activities(
    table: LabelledActivities, model_labels: tuple[str, ...], acc: Callable[[str], _PersonAcc]
) -> _Counted:
    """The board's own activities (not the ``created`` ones the table adds) counted by label, kind,
    item and person, with the first and last of each (the board's datetime objects, as read)."""
    acts = table.board.activities
    if table.added:
        real = table.source < len(acts)
        item, actor, kind, when = (
            table.item[real],
            table.actor[real],
            table.kind[real],
            table.when[real],
        )
        label, source = table.label[real], table.source[real]
    else:
        item, actor, kind, when = table.item, table.actor, table.kind, table.when
        label, source = table.label, table.source
    n_kinds, n_labels, n_actors = len(table.kinds), len(table.labels), len(table.actors)
    # (the usual board: every row on an item of the board and by someone; no masked copies of
    # its columns, ≈ 250 MB of temporaries at 10M rows)
    matched = item < table.board_items
    every_matched = bool(matched.all())
    label_m = label if every_matched else label[matched]

    counts = LabelCounts.for_labels(model_labels)
    known = (STRATEGIC, TACTICAL, UNCERTAIN, *model_labels)
    source_m = source if every_matched else source[matched]
    for code in _label_order(table, label_m, source_m, known):
        counts.add(table.labels[code], int(np.count_nonzero(label_m == code)))
    del source_m
    kinds = {
        table.kinds[code]: n
        for code, n in enumerate(np.bincount(kind, minlength=n_kinds).tolist())
        if n
    }
    item_m = item if every_matched else item[matched]
    per_item = np.bincount(item_m, minlength=table.board_items).tolist()
    del item_m

    first = last = None
    if len(when):  # rows are in time order, equal times in the board's order: keep the first
        first = acts[source[0]].timestamp
        last = acts[source[np.searchsorted(when, when[-1], side="left")]].timestamp

    named = actor >= 0
    every_named = bool(named.all())
    a = actor if every_named else actor[named]
    if a.size:
        pairs = a * n_kinds  # (int32: one temporary, added to in place)
        pairs += kind if every_named else kind[named]
        k = np.bincount(pairs, minlength=n_actors * n_kinds)
        del pairs
        by_kind = k.reshape(n_actors, n_kinds).tolist()
        if every_named and every_matched:
            pairs = actor * n_labels
            pairs += label
        else:
            m = named & matched
            pairs = actor[m] * n_labels
            pairs += label[m]
        lab = np.bincount(pairs, minlength=n_actors * n_labels)
        del pairs
        by_label = lab.reshape(n_actors, n_labels).tolist()
        w = when if every_named else when[named]
        src = source if every_named else source[named]
        codes = np.flatnonzero(k.reshape(n_actors, n_kinds).sum(axis=1))  # actors present
        first_row = _first_position(a, n_actors)[codes]
        latest = np.full(n_actors, NO_TIME, np.int64)
        np.maximum.at(latest, a, w)
        at_latest = _rows_at_latest(a, w, latest)
        last_row = _first_per_code(a[at_latest], at_latest, n_actors)[codes]
        firsts, lasts = src[first_row].tolist(), src[last_row].tolist()
        for code, f, t in zip(codes.tolist(), firsts, lasts, strict=True):
            person = acc(table.actors[code])  # type: ignore[arg-type]
            for kind_code, n in enumerate(by_kind[code]):
                if n:
                    person.kinds[table.kinds[kind_code]] += n
            for label_code, n in enumerate(by_label[code]):
                if n:
                    person.activity.add(table.labels[label_code], n)
            person.first, person.last = acts[f].timestamp, acts[t].timestamp
    return _Counted(
        labels=counts,
        kinds=kinds,
        per_item=per_item,
        unmatched=int(np.count_nonzero(~matched)),
        anonymous=int(np.count_nonzero(~named)),
        first=first,
        last=last,
    )


def _first_per_code(codes: np.ndarray, rows: np.ndarray, n: int) -> np.ndarray:
    """Per code (0..n-1), the smallest of ``rows`` where it appears (``np.unique``'s first index
    without sorting the column; rows in increasing order)."""
    first = np.full(n, len(rows) and int(rows[-1]) + 1, np.int64)
    np.minimum.at(first, codes, rows)
    return first


_STEP = 1 << 20  # rows per step of the per-actor passes (their temporaries: ≈ 8 MB)


def _first_position(codes: np.ndarray, n: int) -> np.ndarray:
    """``_first_per_code(codes, np.arange(len(codes)), n)`` (the reference, in the tests)
    without the 10M positions: a step of rows at a time."""
    size = len(codes)
    first = np.full(n, size, np.int64)
    for start in range(0, size, _STEP):
        chunk = codes[start : start + _STEP]
        np.minimum.at(first, chunk, np.arange(start, start + len(chunk), dtype=np.int64))
    return first


def _rows_at_latest(codes: np.ndarray, when: np.ndarray, latest: np.ndarray) -> np.ndarray:
    """``np.flatnonzero(when == latest[codes])`` (the reference, in the tests) a step of rows
    at a time: the rows at their actor's latest time."""
    found = [
        np.flatnonzero(when[start : start + _STEP] == latest[codes[start : start + _STEP]]) + start
        for start in range(0, len(codes), _STEP)
    ]
    return np.concatenate(found) if found else np.array([], np.int64)


def _label_order(
    table: LabelledActivities, labels: np.ndarray, source: np.ndarray, known: tuple[str, ...]
) -> list[int]:
    """The label codes present; any label beyond ``known`` (whose counts are seeded in that
    order) in the order the board's activities first show it."""
    present = np.flatnonzero(np.bincount(labels, minlength=len(table.labels))).tolist()
    if all(table.labels[code] in known for code in present):
        return present
    first = [int(source[labels == code].min()) for code in present]
    return [code for _, code in sorted(zip(first, present, strict=True))]


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
    item: Item,
    prediction: Prediction,
    label: str,
    names: dict[str, str],
    activity_count: int,
    others: Sequence[str] | None = None,
) -> ItemResult:
    """The report's item. A classifier batch's prediction gives its reason and terms when they
    are read (:class:`DeferredItemResult`): neither is held per item on a big board.
    ``others``: the ids of its owners after its assignee (:func:`_other_owners`)."""
    deferred = getattr(prediction, "deferred", None)
    parts = deferred() if callable(deferred) else None
    if parts is None:
        kind, reason, terms = ItemResult, prediction.reason, list(prediction.top_terms)
    else:
        kind, reason, terms = DeferredItemResult, DEFERRED, DEFERRED
    shown = names.get(item.assignee, item.assignee) if item.assignee else None
    assignees, assignee_ids = owners(item.assignee, shown, others, names)
    result = kind(
        id=item.id,
        key=item.key,
        title=item.title,
        label=label,
        confidence=float(prediction.confidence),
        reason=reason,
        type=item.type,
        status=item.status or item.column,
        assignee=shown,
        assignee_id=item.assignee,
        predicted_label=prediction.label,
        terms=terms,
        column=item.column,
        closed=item.closed,
        created=item.created,
        updated=item.updated,
        activity_count=activity_count,
        url=item.url,
        assignees=assignees,
        assignee_ids=assignee_ids,
    )
    if parts is not None:
        result.read_from(*parts)  # type: ignore[attr-defined]
    return result


_NEW = object.__new__
#: ItemResult's own slots for ``reason`` and ``terms`` (DeferredItemResult's are properties).
_SET_REASON = ItemResult.__dict__["reason"].__set__
_SET_TERMS = ItemResult.__dict__["terms"].__set__
#: False when ItemResult's fields changed: the loop below then fills items by ``fill_item``.
_INLINE = [f.name for f in fields(ItemResult)] == [
    "id", "key", "title", "label", "confidence", "reason", "type", "status", "assignee",
    "assignee_id", "predicted_label", "terms", "column", "closed", "created", "updated",
    "activity_count", "url", "assignees", "assignee_ids",
]  # fmt: skip


def _item_results(
    items: Sequence[Item],
    predictions: Sequence[Prediction],
    labels: Sequence[str],
    names: dict[str, str],
    counts: Sequence[int],
    drop: bool = False,
    others: dict[str, list[str]] | None = None,
) -> list[ItemResult]:
    """:func:`_item_result` of every item (the reference, tested equal) with its label, activity
    count and other owners (``labels[i]``, ``counts[i]``, ``others.get(items[i].id)`` for
    ``items[i]``), with the per-item calls,
    keywords and look-ups of the loop taken out: a million items make a million. A deferred
    item's slots are stored in the loop itself (no ``__init__`` call, no property setter, no
    ``read_from``: ≈ 1 µs an item less). ``drop``: each prediction is set to None in
    ``predictions`` (a list) once its item is made (its memory reused for the next items)."""
    if not _INLINE:
        return _item_results_by_init(items, predictions, labels, names, counts, drop, others)
    out: list[ItemResult] = []
    append, name_of = out.append, names.get
    others_of = (others or {}).get
    deferred_kind, plain_kind = DeferredItemResult, ItemResult
    set_reason, set_terms, deferred_mark = _SET_REASON, _SET_TERMS, DEFERRED
    rows = zip(items, predictions, labels, counts, strict=True)
    for index, (item, prediction, label, count) in enumerate(rows):
        if drop:
            predictions[index] = None  # type: ignore[index]
        deferred = getattr(prediction, "deferred", None)
        parts = deferred() if callable(deferred) else None
        assignee = item.assignee
        if parts is None:
            result = _NEW(plain_kind)
            fill_item(
                result,
                item,
                label,
                float(prediction.confidence),
                prediction.reason,
                names,
                prediction.label,
                list(prediction.top_terms),
                count,
                others_of(item.id) if others else None,
            )
        else:
            result = _NEW(deferred_kind)
            result.id = item.id
            result.key = item.key
            result.title = item.title
            result.label = label
            result.confidence = float(prediction.confidence)
            set_reason(result, deferred_mark)
            result.type = item.type
            result.status = item.status or item.column
            result.assignee = shown = name_of(assignee, assignee) if assignee else None
            result.assignee_id = assignee
            result.predicted_label = prediction.label
            set_terms(result, deferred_mark)
            result.column = item.column
            result.closed = item.closed
            result.created = item.created
            result.updated = item.updated
            result.activity_count = count
            result.url = item.url
            more = others_of(item.id) if others else None
            if more:
                result.assignees, result.assignee_ids = owners(assignee, shown, more, names)
            elif assignee:
                result.assignees, result.assignee_ids = [shown], [assignee]
            else:
                result.assignees, result.assignee_ids = [], []
            result._source, result._row = parts
        append(result)
    return out


def _item_results_by_init(
    items: Sequence[Item],
    predictions: Sequence[Prediction],
    labels: Sequence[str],
    names: dict[str, str],
    counts: Sequence[int],
    drop: bool = False,
    others: dict[str, list[str]] | None = None,
) -> list[ItemResult]:
    """:func:`_item_results` through the dataclass' ``__init__`` (whatever its fields are)."""
    out: list[ItemResult] = []
    append = out.append
    others_of = (others or {}).get
    deferred_kind, plain_kind = DeferredItemResult, ItemResult
    rows = zip(items, predictions, labels, counts, strict=True)
    for index, (item, prediction, label, count) in enumerate(rows):
        if drop:
            predictions[index] = None  # type: ignore[index]  # (its memory reused below)
        deferred = getattr(prediction, "deferred", None)
        parts = deferred() if callable(deferred) else None
        if parts is None:
            result = _NEW(plain_kind)
            reason, terms = prediction.reason, list(prediction.top_terms)
        else:
            result = _NEW(deferred_kind)
            reason = terms = DEFERRED
        fill_item(
            result,
            item,
            label,
            float(prediction.confidence),
            reason,
            names,
            prediction.label,
            terms,
            count,
            others_of(item.id),
        )
        if parts is not None:
            result.read_from(*parts)  # type: ignore[attr-defined]
        append(result)
    return out


def _other_owners(items: Sequence[Item]) -> dict[str, list[str]]:
    """Item id -> its owners' ids after its assignee, for the items with several: a card's other
    members, each once (an issue's watchers are no owners: :func:`_owned`)."""
    out: dict[str, list[str]] = {}
    for item in compress(items, map((1).__lt__, map(len, map(_MEMBERS, items)))):
        first = item.assignee
        others = [m for m in dict.fromkeys(item.members) if m != first]
        if others:
            out[item.id] = others
    return out


def _watch_only(items: Sequence[Item], seen: Mapping[str, object]) -> set[str]:
    """The people who only watch an issue (``Item.watchers``): no activity, no item of theirs
    (assigned, a card's member, reported) — none in ``seen``. They are not the board's people:
    freshdata splunk_sustain_bugs read "by 327 of the board's 431 people", 97 of them watchers
    only, with a row of zeros each in the people table. A person the board names otherwise (a
    Trello board's member who did nothing yet) stays, and so does one the roles file declares
    (``analyse``'s ``declared``): shown as a declared person who did nothing is."""
    watching = {pid for item in items if item.watchers for pid in item.watchers}
    return watching.difference(seen)


def _owned(
    items: Sequence[Item], labels: Sequence[str]
) -> tuple[Counter[tuple[str, str]], Counter[tuple[str, str]]]:
    """(person, label) -> how many items they are assignee or member of, and reporter of. Items
    without members are counted in bulk (``_owned_reference`` item by item, tested equal). A
    Jira issue's watchers (``Item.watchers``) are no owners: it is assigned to its assignee."""
    members = list(map(_MEMBERS, items))
    assignees = list(map(_ASSIGNEE, items))
    reporters = list(map(_REPORTER, items))
    alone = list(map(not_, members))  # no members: its assignee alone
    assigned = Counter(
        compress(
            zip(assignees, labels, strict=True),
            map(and_, alone, map(is_not, assignees, repeat(None))),
        )
    )
    for k in compress(range(len(items)), members):
        owners = {assignees[k], *members[k]}
        owners.discard(None)
        for person_id in owners:
            assigned[person_id, labels[k]] += 1
    reported = Counter(compress(zip(reporters, labels, strict=True), reporters))
    return assigned, reported


def _owned_reference(
    items: Sequence[Item], labels: Sequence[str]
) -> tuple[Counter[tuple[str, str]], Counter[tuple[str, str]]]:
    """:func:`_owned` one item at a time."""
    assigned: Counter[tuple[str, str]] = Counter()
    reported: Counter[tuple[str, str]] = Counter()
    for item, label in zip(items, labels, strict=True):
        if item.members:
            owners = {item.assignee, *item.members}
            owners.discard(None)
            for person_id in owners:
                assigned[person_id, label] += 1
        elif item.assignee is not None:
            assigned[item.assignee, label] += 1
        if item.reporter:
            reported[item.reporter, label] += 1
    return assigned, reported


class _Ranking:
    """The report items' labels, confidences and activity counts as arrays, made once for the
    :func:`_top` picks of every label (each pick then reads no item of the other labels)."""

    __slots__ = ("codes", "confidence", "busy", "label", "left_out")

    def __init__(self, items: Sequence[ItemResult], left_out: Sequence[int] = ()) -> None:
        """``left_out``: positions of items never picked (the team's corrections)."""
        labels = list(map(_LABEL, items))
        self._fill(
            labels,
            np.fromiter(map(_CONFIDENCE, items), np.float64, len(labels)),
            np.fromiter(map(_ACTIVITY_COUNT, items), np.int64, len(labels)),
            left_out,
        )

    @classmethod
    def of_columns(cls, columns: ItemColumns, left_out: Sequence[int] = ()) -> _Ranking:
        """The ranking of the items ``columns`` holds, read from the columns."""
        self = cls.__new__(cls)
        n = len(columns)
        self._fill(
            columns.labels,
            columns.confidence,
            np.fromiter(columns.counts, np.int64, n),
            left_out,
        )
        return self

    def _fill(
        self,
        labels: Sequence[str],
        confidence: np.ndarray,
        busy: np.ndarray,
        left_out: Sequence[int],
    ) -> None:
        self.codes = {label: code for code, label in enumerate(dict.fromkeys(labels))}
        self.label = np.fromiter(map(self.codes.__getitem__, labels), np.int32, len(labels))
        self.confidence, self.busy = confidence, busy
        self.left_out = np.asarray(left_out, dtype=np.intp)

    def candidates(self, label: str, above: float | None) -> np.ndarray:
        """The positions of the items of ``label`` (surer than ``above`` when given), in order."""
        code = self.codes.get(label)
        if code is None:
            return np.empty(0, np.intp)
        mask = self.label == code
        if above is not None:
            mask &= self.confidence > above
        mask[self.left_out] = False
        return np.flatnonzero(mask)

    def best(self, items: Sequence[ItemResult], positions: np.ndarray, n: int) -> list[ItemResult]:
        """:func:`_best` of the items at ``positions`` (ascending)."""
        if len(positions) > 4 * n:
            conf, busy = self.confidence[positions], self.busy[positions]
            if not np.isnan(conf).any():
                # the n-th best (confidence, activity) pair, as _best's lexsort finds it: the
                # n-th highest confidence, then among the items at it the activity that makes n
                c = -np.partition(-conf, n - 1)[n - 1]
                surer, level = conf > c, conf == c
                rest = n - 1 - int(np.count_nonzero(surer))  # (0 ≤ rest < items at c)
                a = -np.partition(-busy[level], rest)[rest]
                positions = positions[surer | (level & (busy >= a))]
        return heapq.nsmallest(n, map(items.__getitem__, positions.tolist()), key=_top_key)


def _top(
    items: Sequence[ItemResult],
    label: str,
    n: int,
    *,
    above: float | None = None,
    keep: Callable[[ItemResult], bool] | None = None,
    ranking: _Ranking | None = None,
) -> list[ItemResult]:
    """The ``n`` most confident items of ``label`` (only those surer than ``above`` when given,
    and only those ``keep`` accepts when given); ties go to the busier item, then the id.
    ``ranking``: :class:`_Ranking` of ``items`` (their arrays, read instead of the items)."""
    if n <= 0:
        return []
    if ranking is not None:
        positions = ranking.candidates(label, above)
        want = n
        while True:
            best = ranking.best(items, positions, want)
            if keep is None:
                return best
            kept = [i for i in best if keep(i)]
            if len(kept) >= n or len(best) == len(positions):
                return kept[:n]
            want *= 4
    if above is None:
        candidates = [i for i in items if i.label == label]
    else:
        candidates = [i for i in items if i.label == label and i.confidence > above]
    if keep is None:
        return _best(candidates, n)
    # ``keep`` may read an item's terms (built when read): ask it of the best few first.
    want = n
    while True:
        best = _best(candidates, want)
        kept = [i for i in best if keep(i)]
        if len(kept) >= n or len(best) == len(candidates):
            return kept[:n]
        want *= 4


def _best(candidates: list[ItemResult], n: int) -> list[ItemResult]:
    """The ``n`` first of ``candidates`` by :func:`_top_key`, in that order."""
    if len(candidates) > 4 * n:
        # Keep only the items whose (confidence, activity) is at least the n-th best's (all
        # that can be in the top n), found with arrays; the full key then orders that few.
        conf = np.fromiter(map(_CONFIDENCE, candidates), np.float64, count=len(candidates))
        busy = np.fromiter(map(_ACTIVITY_COUNT, candidates), np.int64, count=len(candidates))
        if not np.isnan(conf).any():
            nth = np.lexsort((-busy, -conf))[n - 1]
            c, a = conf[nth], busy[nth]
            keep = np.flatnonzero((conf > c) | ((conf == c) & (busy >= a))).tolist()
            candidates = [candidates[k] for k in keep]
    return heapq.nsmallest(n, candidates, key=_top_key)


def shows_surest_direction(item: ItemResult) -> bool:
    """A surest strategic item names direction work in its reason's terms or its list, and in
    its title, list or labels (a team's correction, which has no terms, always may be listed):
    ``rules.shows_direction``. An item surer than ``ONE_WORD_CAP`` — surer than one known word
    can make it — whose title, list or labels name direction work may be listed even when its
    reason's terms do not (session 13: a price-quote sheet read on 'price' and 'quote', a
    market-interview card read on 'problem' and 'scope')."""
    terms = item.terms
    if not terms or shows_direction(terms, item.column, item.title):
        return True
    if item.confidence <= ONE_WORD_CAP:
        return False
    labels = [t[len("label:") :] for t in terms if t.startswith("label:")]
    return places_direction(item.title, item.column, labels)


def read_again(item: ItemResult) -> bool:
    """Whether the research-title rule read the item again without its issue type and list
    (its reason's body says so: ``models.rules.RESEARCH_REASON`` or
    ``DIRECTION_REREAD_REASON``; the body as the reason was made, not its text split: a
    model's label may hold ": ")."""
    return body_of(item.reason).startswith(REREAD_REASONS)


def shows_surest(item: ItemResult, research_floor: float = SUREST_ABOVE) -> bool:
    """Whether a strategic item surer than its board's floor is among the board's surest:
    :func:`shows_surest_direction`, and an item read again without its type and list
    (:func:`read_again`) surer than ``research_floor`` (:func:`surest_research_floor`)."""
    if not shows_surest_direction(item):
        return False
    return item.confidence > research_floor or not read_again(item)


def _surest_keep(research_floor: float) -> Callable[[ItemResult], bool]:
    if research_floor <= SUREST_ABOVE:  # the list's own floor: nothing more to ask
        return shows_surest_direction
    return lambda item: shows_surest(item, research_floor)


def direction_share(items: Sequence[Item]) -> float:
    """The share of a board's items whose title, list or labels name direction work
    (``models.rules.direction_share``), read on the items the board's prior reads
    (``models.rules.prior_sample``: at most ``BOARD_PRIOR_SAMPLE``, evenly spaced); 0.0 for no
    items. A scan's prior estimate reads it on the same items and hands it to :func:`analyse`."""
    return sample_direction_share(prior_sample(items))


def surest_strategic_floor(board_prior: float, share: float, ratio: float | None = None) -> float:
    """The confidence a strategic item must exceed to be among the board's surest:
    ``SUREST_ABOVE``, or — on a board read at more than ``ratio`` (``SUREST_PRIOR_RATIO``) times
    its direction ``share`` — ``SUREST_ABOVE`` as it reads with the board read at that share
    instead (a shift of the prior's log-odds; the share at least ``BOARD_PRIOR_FLOOR``)."""
    ratio = SUREST_PRIOR_RATIO if ratio is None else ratio
    share = max(share, BOARD_PRIOR_FLOOR)
    if not 0.0 < board_prior < 1.0 or board_prior <= ratio * share:
        return SUREST_ABOVE
    z = _logit(SUREST_ABOVE) + _logit(board_prior) - _logit(share)
    return 1.0 / (1.0 + math.exp(-z))


def surest_research_floor(board_prior: float, share: float) -> float:
    """The confidence an item read again without its type and list (:func:`read_again`) must
    exceed to be among the board's surest strategic items: :func:`surest_strategic_floor` at
    ``SUREST_RESEARCH_RATIO``."""
    return surest_strategic_floor(board_prior, share, SUREST_RESEARCH_RATIO)


def _logit(p: float) -> float:
    return math.log(p / (1.0 - p))


def _surest_note(board_prior: float, share: float) -> str:
    """Why strategic items are left out of the surest list (:func:`surest_strategic_floor`): the
    board's prior is where the model starts reading each item, not a count of strategic items,
    so the note says so, beside the report's count of them."""
    return (
        "Some strategic items are left out of the list of surest strategic items. Before "
        f"reading the items one by one, the model estimated that {percent(board_prior)} of "
        "this board is strategic work; that estimate is only its starting point, not a count of "
        f"strategic items. As only {percent(share)} of the items name direction work in their "
        "title, list or labels, the estimate may be too high, so the list shows only items the "
        f"model would still be sure of had it started from {percent(share)}."
    )


def _research_note(left: int, board_prior: float, share: float) -> str:
    one = left == 1
    return (
        f"{left:,} strategic {'item' if one else 'items'} read again without "
        f"{'its' if one else 'their'} issue type and list (the title names research or "
        f"direction work) {'is' if one else 'are'} left out of the list of surest strategic "
        f"items: the model would not be sure of {'it' if one else 'them'} had it started "
        f"reading from {percent(share)} strategic (the share of items that name direction "
        f"work) rather than its estimate of {percent(board_prior)} (a starting point, not a "
        "count of strategic items)."
    )


def surest_left_out(
    report: Report,
    board: Board,
    model_said: Mapping[int, Prediction],
    top: int,
    board_prior: float | None = None,
    *,
    direction: float | None = None,
) -> int:
    """How many of the corrected items (``model_said``: position -> the model's own prediction
    the team's label replaced) the model's surest lists would show were they not corrections
    (:func:`analyse`'s ``corrected``): per label, the corrected items the model read with it
    surer than the list's floor (``board_prior``: as :func:`analyse` had it) are ranked together
    with the list shown in ``report``, and those among its first ``top`` are counted. Judged
    together, not each alone against the list: two corrected items may both be ahead of a
    list's last item while only one of them would be shown (session 15). The corrections note
    says they are left out only when some are. ``direction``: as :func:`analyse` has it."""
    if top <= 0:
        return 0
    floor, research = None, SUREST_ABOVE
    said: dict[str, list[_Said]] = {}
    for at, prediction in model_said.items():
        label = prediction.final_label(report.threshold)
        if label == UNCERTAIN or label not in report.labels:
            continue
        item = held_items(report)[at]  # (one item made, when the report holds columns)
        model_item = _Said(
            prediction.confidence,
            item.activity_count,
            item.id,
            item.column,
            item.title,
            list(prediction.top_terms),
            prediction.reason,
        )
        above = SUREST_ABOVE
        if label == STRATEGIC:
            if floor is None:
                floor = research = SUREST_ABOVE
                if board_prior is not None:
                    share = direction_share(board.items) if direction is None else direction
                    floor = surest_strategic_floor(board_prior, share)
                    research = surest_research_floor(board_prior, share)
            if not shows_surest(cast(ItemResult, model_item), research):
                continue
            above = floor
        if prediction.confidence > above:
            said.setdefault(label, []).append(model_item)
    count = 0
    for label, candidates in said.items():
        shown: list[ItemResult | _Said] = [*report.top_items(label), *candidates]
        first = heapq.nsmallest(top, shown, key=_said_key)
        count += sum(isinstance(i, _Said) for i in first)
    return count


def _said_key(i: ItemResult | _Said) -> tuple[float, int, str]:
    return _top_key(cast(ItemResult, i))


@dataclass(frozen=True, slots=True)
class _Said:
    """A corrected item as the model read it: what :func:`_top_key` and :func:`shows_surest`
    read of an item."""

    confidence: float
    activity_count: int
    id: str
    column: str | None
    title: str
    terms: list[str]
    reason: str = ""


def _top_key(i: ItemResult) -> tuple[float, int, str]:
    return (-i.confidence, -i.activity_count, i.id)


def _all_below_note(threshold: float, unread_items: int, total: int) -> str | None:
    """The note of a report whose every item is uncertain. Items in languages the model does
    not read are uncertain at any threshold (session 19), so a lower one helps only the items
    it read: the note says it of those, or is not given when it read none."""
    if unread_items >= total:
        return None
    of = "item the model read" if unread_items else "item"
    return (
        f"Every {of} is below the confidence threshold ({threshold:.2f}); try a lower --threshold."
    )


def _notes(
    report: Report,
    unread_items: int = 0,
    missing_columns: Sequence[str] = (),
    missing_columns_of: Sequence[MissingColumns] = (),
    templates: int = 0,
    statuses: Sequence[tuple[str, int]] = (),
    several: bool = False,
    json: bool = False,
    tool: bool = False,
) -> list[str]:
    """The report's notes; ``missing_columns``: those of a Jira CSV export of the current
    fields (``Board.missing_columns``), whose note also says why there is no activity history
    when its lack of Created and Comment is the cause (one message, not two). A merged board
    says it of each such source by its file (``missing_columns_of``), its columns being those
    every source lacks. ``templates``: the Trello card templates the reader left out
    (``Board.templates``). ``statuses``: the open items' statuses of no category
    (:func:`~analyzer.uncategorised.uncategorised_statuses`): a note of their own, and the
    columns note of one export of the current fields names its Status Category column (its
    advice then said once); ``several``: the board is several exports'; ``json``, ``tool``: the
    columns are a JSON search's fields, or a tool's CSV lacks them (the note's wording)."""
    s = report.summary
    notes: list[str] = []
    if s.items.total == 0:
        notes.append(no_items(report.source, NO_BALANCE))
    elif some_empty := empty_parts(report.source):
        notes.append(some_empty)
    if s.items.total and s.items.uncertain == s.items.total:
        below = _all_below_note(report.threshold, unread_items, s.items.total)
        if below:
            notes.append(below)
    columns = [] if missing_columns_of else with_status_category(missing_columns, bool(statuses))
    if missing_columns_of:
        notes.extend(_missing_columns_notes(missing_columns_of))
    elif columns_note := missing_columns_note(columns, json=json, tool=tool):
        notes.append(columns_note)
    if statuses_note := uncategorised_note(
        statuses, s.items.total, advice=STATUS_CATEGORY not in columns, several=several
    ):
        notes.append(statuses_note)
    said = {"Created", "Comment"} <= set(missing_columns)  # the columns note says it
    if s.total_activities == 0 and s.items.total and not said:
        notes.append("The export holds no activity history; only item shares are reported.")
    if s.unmatched_activities:
        notes.append(
            f"{s.unmatched_activities} activities touch items absent from the export "
            "(deleted or moved away); they count for their people but not for the balance."
        )
    if s.anonymous_activities:
        notes.append(f"{s.anonymous_activities} activities have no known author.")
    if report.skipped.lines:  # records, or only parts of the export (no record counted)
        notes.append(skipped_note(report.skipped))
    if report.skipped.repeats:  # not unreadable: each issue was read once
        notes.append(repeats_note(report.skipped))
    if templates:
        notes.append(templates_note(templates))
    notes.extend(_label_notes(report))
    return notes


def templates_note(count: int) -> str:
    """The note on the Trello card templates the reader left out (``Board.templates``): a
    template is a pattern for new cards, not work, so no count, list or flag holds it (session
    30: a 2024 board listed "[ST] <Title here>" among its top tactical items)."""
    one = count == 1
    return (
        f"{count:,} Trello card template{'' if one else 's'} {'was' if one else 'were'} left "
        f"out, with what was done to {'it' if one else 'them'}: a template is a pattern for new "
        "cards, not work."
    )


def template_board_note(name: str | None = None) -> str:
    """The note of a Trello board that is itself a template (``Board.template_boards``): it is
    read as any board, but its cards are a pattern for new boards, so its balance, people and
    flags describe the template (session 31: two fresh boards were templates, their reports
    silent about it). ``name``: the board, on a merged board."""
    board = "This board" if name is None else f'The board "{name}"'
    return (
        f"{board} is a Trello template: its cards are a starting point for new boards, not a "
        "team's work."
    )


#: Why an export holds no dated activity, by what its reader saw (:func:`history_cause`).
NO_DATE_COLUMNS = "the export has no date columns (see the note on its columns)"
NO_CREATED_COLUMN = (
    "the export has no Created column, so only its comments are dated (see the note on its columns)"
)
#: Session 36: a tool's CSV with an Updated column (read: stale items, backlog rot) but no
#: Created or Comment column was said to have "no date columns".
NO_CREATED_NOR_COMMENTS = (
    "the export has no Created column and no comments: when each item was last updated is "
    "no activity (see the note on its columns)"
)
NO_TRELLO_ACTIONS = (
    "the export holds no actions, the cards' history (Trello's Menu → Print, export and "
    "share → Export as JSON writes them)"
)
_JIRA_ADVICE = "(export them with /rest/api/2/search?expand=changelog, or run fetch jira)"
NO_JIRA_DATES = f"its issues hold no dates and no changelog {_JIRA_ADVICE}"
#: Issues with a resolution or update date but no creation date (a search asking only for
#: ``summary,assignee,resolutiondate``, session 29): they hold dates, none of them an activity.
NO_JIRA_CREATED = (
    "its issues hold no creation dates and no changelog, only when they were resolved or "
    f"updated {_JIRA_ADVICE}"
)


def history_cause(board: Board, summary: Summary) -> str | None:
    """Why the board holds no dated activity, when what its reader saw tells it (None when
    not): a Jira CSV of the current fields without Created (its columns' note says more), a
    Trello export without actions, Jira issues without a date or a changelog. The verdict's
    first line says it (session 28: "No dated activity" opened invotra_intranet_jira.csv's
    report, the cause only in its last notes)."""
    missing = set(board.missing_columns)  # of every source, on a merged board
    if "Created" in missing and not board.missing_fields_of_search:  # (a search's: below)
        if "Comment" not in missing:  # a comment is an activity with its date
            return NO_CREATED_COLUMN
        return NO_DATE_COLUMNS if "Updated" in missing else NO_CREATED_NOR_COMMENTS
    origin = board.origin or ""
    if summary.total_activities or board.parts or not origin or "://" in origin:
        return None  # a file's: a live board without activity is one nobody touched
    if board.source == "trello":
        return NO_TRELLO_ACTIONS
    if board.source == "jira" and all(item.created is None for item in board.items):
        dated = any(item.resolved or item.updated for item in board.items)
        return NO_JIRA_CREATED if dated else NO_JIRA_DATES
    return None


def _missing_columns_notes(sources: Sequence[MissingColumns]) -> list[str]:
    """A merged board's current-fields notes: one per set of missing columns, naming the
    files that lack just those (in the order they come), so a combined report says of each
    file what a scan of it says."""
    by_columns: dict[tuple[tuple[str, ...], bool, bool], list[str]] = {}
    for source in sources:
        files = by_columns.setdefault((source.columns, source.of_search, source.by_tool), [])
        if source.export not in files:
            files.append(source.export)
    return [
        note
        for (columns, json, tool), files in by_columns.items()
        if (
            note := missing_columns_note(
                columns, and_joined([f'"{f}"' for f in files]), len(files) > 1, json, tool
            )
        )
    ]


def _capped_history_notes(board: Board, s: Summary) -> list[str]:
    """A Trello JSON export keeps only its newest actions (``Board.history_capped``): said when
    its cards are older than the oldest action it kept, so the activity, people and drift shown
    are read as the recent part of the board's history, not all of it. A merged board says it
    of each capped source by name, with that source's own dates (``Board.capped_histories``)."""
    if board.capped_histories:
        return [
            note
            for c in board.capped_histories
            if (note := _capped_note(c.actions, c.first_activity, c.oldest_item, c.board))
        ]
    if not board.history_capped:
        return []
    oldest = min((item.created for item in board.items if item.created is not None), default=None)
    note = _capped_note(board.history_capped, s.first_activity, oldest)
    return [note] if note else []


def search_page_note(page: SearchPage, *, named: bool = False) -> str:
    """A Jira search saved in part (``Board.search_pages``): the report covers only the issues
    the file holds (session 30: one page of 50 of a search's 3,402 issues read as the board,
    with no word of the rest). ``named``: the note of one source of a merged board."""
    export = f'The export "{page.export}"' if named else "The export"
    if page.total is not None:
        found = f"{page.issues:,} of the {page.total:,} issues the search found"
        how = "startAt 0, 50, 100 …"
    else:
        found = f"{page.issues:,} issues, and the page says more follow (isLast is false)"
        how = "each next one asked with the page's nextPageToken"
    return (
        f"{export} holds one page of a Jira search: {found}. The report covers only those "
        f"{page.issues:,}: save every page of the search into the file ({how}), or export the "
        "issues from Jira with Filters → Export → CSV (all fields)."
    )


def _capped_note(
    actions: int, first: datetime | None, oldest: datetime | None, name: str | None = None
) -> str | None:
    """The note of one capped export, or None when no card is older than its first kept
    action's day (nothing is known to be missing). ``name``: the source, on a merged board."""
    if first is None or oldest is None or oldest.date() >= first.date():
        return None
    export = "The export" if name is None else f'The export of "{name}"'
    return (
        f"{export} holds {actions} actions, the most a Trello JSON export keeps: "
        f"activity before {first:%Y-%m-%d} is not in it, though its cards go back to "
        f"{oldest:%Y-%m-%d}; activity, people and drift cover only what it kept "
        "(`fetch trello` reads the whole history)."
    )


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
