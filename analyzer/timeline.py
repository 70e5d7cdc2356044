"""Time windows: per window and per person, how much activity there was and how strategic it was.

Each activity counts for the label of the item it touched (``strategic``, ``tactical`` or
``uncertain`` below the confidence threshold). A *strategic share* is strategic / (strategic +
tactical): uncertain activity counts towards the activity total but not towards the share.

Windows are ``week`` (ISO weeks, Monday first), ``month``, ``quarter``, ``Nd`` (N-day windows from
the first activity), ``sprint`` (Jira sprints, from ``Item.sprint``; a board without sprints falls
back to 14-day windows and says so) or ``auto`` (sprints when the board has at least two, months
otherwise).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from connectors.interface import Activity, ActivityKind, Board
from models.interface import DEFAULT_THRESHOLD, STRATEGIC, TACTICAL, UNCERTAIN, Prediction

WINDOW_KINDS = ("auto", "week", "month", "quarter", "sprint")
SPRINT_FALLBACK_DAYS = 14


def naive_utc(dt: datetime) -> datetime:
    """Aware datetimes become naive UTC so sources with and without offsets compare."""
    if dt.tzinfo is not None:
        return dt.astimezone(UTC).replace(tzinfo=None)
    return dt


@dataclass(frozen=True, slots=True)
class WindowSpec:
    kind: str  # auto | week | month | quarter | sprint | days
    days: int = 0

    def __str__(self) -> str:
        return f"{self.days}d" if self.kind == "days" else self.kind


def parse_window(text: str) -> WindowSpec:
    """``week|month|quarter|sprint|auto`` or ``Nd`` (e.g. ``14d``); ValueError with one line."""
    value = (text or "").strip().lower()
    if value in WINDOW_KINDS:
        return WindowSpec(value)
    match = re.fullmatch(r"(\d{1,4})\s*d(ays?)?", value)
    if match and int(match.group(1)) >= 1:
        return WindowSpec("days", int(match.group(1)))
    raise ValueError(
        f"unknown window {text!r}; use week, month, quarter, sprint, auto or a number of days "
        "like 14d"
    )


@dataclass(slots=True)
class LabelledActivity:
    activity: Activity
    when: datetime  # naive UTC
    label: str  # strategic | tactical | uncertain
    # The activity's own, copied: the analysis reads them millions of times on big boards, and a
    # field is several times cheaper to read than a property.
    item_id: str
    actor: str | None

    @classmethod
    def of(cls, activity: Activity, when: datetime, label: str) -> LabelledActivity:
        return cls(activity, when, label, activity.item_id, activity.actor_id)


def item_labels(
    board: Board, predictions: Mapping[str, Prediction], threshold: float = DEFAULT_THRESHOLD
) -> dict[str, str]:
    """Final label per item id; an item without a prediction is ``uncertain``."""
    labels = {}
    for item in board.items:
        pred = predictions.get(item.id)
        labels[item.id] = pred.final_label(threshold) if pred is not None else UNCERTAIN
    return labels


def label_activities(
    board: Board, predictions: Mapping[str, Prediction], threshold: float = DEFAULT_THRESHOLD
) -> list[LabelledActivity]:
    """Every activity with its item's label, sorted by time.

    Exports without history (a Jira CSV) still say who created what: an item with a reporter and a
    creation date but no ``created`` activity gets one, so its creator is not invisible.
    """
    labels = item_labels(board, predictions, threshold)
    out: list[LabelledActivity] = []
    has_created: set[str] = set()
    for act in board.activities:
        if act.kind == ActivityKind.CREATED:
            has_created.add(act.item_id)
        item_id = act.item_id
        out.append(
            LabelledActivity(
                act, naive_utc(act.timestamp), labels.get(item_id, UNCERTAIN), item_id, act.actor_id
            )
        )
    for item in board.items:
        if item.id not in has_created and item.created is not None and item.reporter:
            act = Activity(item.id, item.reporter, ActivityKind.CREATED, item.created)
            out.append(LabelledActivity.of(act, naive_utc(item.created), labels[item.id]))
    out.sort(key=lambda la: la.when)
    return out


@dataclass(slots=True)
class Window:
    label: str
    start: datetime  # inclusive, naive UTC
    end: datetime  # exclusive
    sprint: str | None = None


@dataclass(slots=True)
class WindowStat:
    window: str
    start: datetime
    end: datetime
    person_id: str | None  # None: the whole board
    activities: int = 0
    strategic: int = 0
    tactical: int = 0
    uncertain: int = 0
    item_counts: Counter[str] = field(default_factory=Counter)  # item id -> activities
    item_labels: dict[str, str] = field(default_factory=dict)

    @property
    def labelled(self) -> int:
        return self.strategic + self.tactical

    @property
    def strategic_share(self) -> float | None:
        return self.strategic / self.labelled if self.labelled else None

    def share_of(self, label: str) -> float | None:
        if not self.labelled:
            return None
        return (self.strategic if label == STRATEGIC else self.tactical) / self.labelled

    def add(self, la: LabelledActivity) -> None:
        self.activities += 1
        if la.label == STRATEGIC:
            self.strategic += 1
        elif la.label == TACTICAL:
            self.tactical += 1
        else:
            self.uncertain += 1
        self.item_counts[la.item_id] += 1
        self.item_labels[la.item_id] = la.label

    def to_dict(self) -> dict:
        share = self.strategic_share
        return {
            "window": self.window,
            "start": self.start.date().isoformat(),
            "end": (self.end - timedelta(seconds=1)).date().isoformat(),
            "activities": self.activities,
            "strategic": self.strategic,
            "tactical": self.tactical,
            "uncertain": self.uncertain,
            "strategic_share": None if share is None else round(share, 4),
        }


@dataclass(slots=True)
class Timeline:
    spec: str  # what was used: "month", "sprint", "14d", ...
    windows: list[Window]
    board: list[WindowStat]  # one per window
    people: dict[str, list[WindowStat]]  # person id -> one per window (zeros included)
    as_of: datetime | None  # the latest activity on the board
    note: str | None = None  # e.g. "no sprints on this board; used 14-day windows"


def _month_start(dt: datetime) -> datetime:
    return datetime(dt.year, dt.month, 1)


def _add_months(dt: datetime, months: int) -> datetime:
    idx = dt.year * 12 + dt.month - 1 + months
    return datetime(idx // 12, idx % 12 + 1, 1)


def calendar_windows(first: datetime, last: datetime, spec: WindowSpec) -> list[Window]:
    """Consecutive windows covering [first, last]."""
    windows: list[Window] = []
    day0 = datetime(first.year, first.month, first.day)
    if spec.kind == "week":
        start = day0 - timedelta(days=day0.weekday())
        while start <= last:
            end = start + timedelta(days=7)
            iso = start.isocalendar()
            windows.append(Window(f"{iso.year}-W{iso.week:02d}", start, end))
            start = end
    elif spec.kind in ("month", "quarter"):
        step = 1 if spec.kind == "month" else 3
        start = _month_start(day0)
        if step == 3:
            start = datetime(start.year, (start.month - 1) // 3 * 3 + 1, 1)
        while start <= last:
            end = _add_months(start, step)
            label = (
                f"{start.year}-{start.month:02d}"
                if step == 1
                else f"{start.year}-Q{(start.month - 1) // 3 + 1}"
            )
            windows.append(Window(label, start, end))
            start = end
    elif spec.kind == "days":
        start = day0
        while start <= last:
            end = start + timedelta(days=spec.days)
            label = f"{start.date().isoformat()}..{(end - timedelta(days=1)).date().isoformat()}"
            windows.append(Window(label, start, end))
            start = end
    else:  # pragma: no cover - guarded by callers
        raise ValueError(f"not a calendar window: {spec}")
    return windows


def sprint_names(board: Board) -> set[str]:
    return {item.sprint for item in board.items if item.sprint}


def sprint_windows(board: Board, labelled: Iterable[LabelledActivity]) -> list[Window]:
    """Consecutive windows, one per sprint, ordered by when each sprint ended.

    Exports carry a sprint *name* per item, not its dates, so a sprint's end is estimated from its
    items: the last resolution date, or the last activity when none is resolved. Sprint *i* covers
    everything after sprint *i-1* ended up to its own end; activity after the last sprint falls in
    an ``after …`` window. Strategic items usually sit in no sprint; they count in whichever sprint
    their activity happened.
    """
    acts = list(labelled)
    if not acts:
        return []
    by_item: dict[str, list[datetime]] = defaultdict(list)
    for la in acts:
        by_item[la.item_id].append(la.when)
    ends: dict[str, datetime] = {}
    resolved: dict[str, list[datetime]] = defaultdict(list)
    touched: dict[str, list[datetime]] = defaultdict(list)
    for item in board.items:
        if not item.sprint:
            continue
        if item.resolved is not None:
            resolved[item.sprint].append(naive_utc(item.resolved))
        touched[item.sprint].extend(by_item.get(item.id, []))
    for name in set(resolved) | set(touched):
        times = resolved.get(name) or touched.get(name)
        if times:
            ends[name] = max(times)
    ordered = sorted(ends.items(), key=lambda kv: (kv[1], kv[0]))
    first, last = acts[0].when, acts[-1].when
    windows: list[Window] = []
    start = first
    for name, end in ordered:
        end_excl = end + timedelta(seconds=1)
        if end_excl <= start:  # ended together with an earlier sprint; merge into it
            if windows:
                windows[-1].label += f" + {name}"
            continue
        windows.append(Window(name, start, end_excl, sprint=name))
        start = end_excl
    if windows and last >= start:
        windows.append(Window(f"after {windows[-1].sprint}", start, last + timedelta(seconds=1)))
    return windows


def build_timeline(
    board: Board, labelled: list[LabelledActivity], spec: WindowSpec | str = "auto"
) -> Timeline:
    if isinstance(spec, str):
        spec = parse_window(spec)
    note = None
    if not labelled:
        return Timeline(str(spec), [], [], {}, None, "no dated activity on this board")
    first, last = labelled[0].when, labelled[-1].when
    used = spec
    windows: list[Window] = []
    if spec.kind in ("sprint", "auto"):
        if len(sprint_names(board)) >= 2:
            windows = sprint_windows(board, labelled)
            used = WindowSpec("sprint")
        elif spec.kind == "sprint":
            used = WindowSpec("days", SPRINT_FALLBACK_DAYS)
            note = f"no sprints on this board; used {SPRINT_FALLBACK_DAYS}-day windows instead"
        else:
            used = WindowSpec("month")
    if not windows:
        windows = calendar_windows(first, last, used)

    board_stats = [WindowStat(w.label, w.start, w.end, None) for w in windows]
    people: dict[str, list[WindowStat]] = {}
    starts = [w.start for w in windows]
    idx = 0
    for la in labelled:  # both sorted by time: one pass
        while idx + 1 < len(windows) and la.when >= starts[idx + 1]:
            idx += 1
        board_stats[idx].add(la)
        if la.actor:
            row = people.get(la.actor)
            if row is None:
                row = people[la.actor] = [
                    WindowStat(w.label, w.start, w.end, la.actor) for w in windows
                ]
            row[idx].add(la)
    return Timeline(str(used), windows, board_stats, people, last, note)


def pooled(stats: Iterable[WindowStat], person_id: str | None = None) -> WindowStat:
    """Several windows added together (for baseline / recent spans)."""
    stats = list(stats)
    total = WindowStat(
        " + ".join(s.window for s in stats),
        stats[0].start if stats else datetime.min,
        stats[-1].end if stats else datetime.min,
        person_id,
    )
    for s in stats:
        total.activities += s.activities
        total.strategic += s.strategic
        total.tactical += s.tactical
        total.uncertain += s.uncertain
        total.item_counts.update(s.item_counts)
        total.item_labels.update(s.item_labels)
    return total
