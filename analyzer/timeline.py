"""Time windows: per window and per person, how much activity there was and how strategic it was.

Each activity counts for the label of the item it touched (``strategic``, ``tactical`` or
``uncertain`` below the confidence threshold). A *strategic share* is strategic / (strategic +
tactical): uncertain activity counts towards the activity total but not towards the share.

Windows are ``week`` (ISO weeks, Monday first), ``month``, ``quarter``, ``Nd`` (N-day windows from
the first activity), ``sprint`` (Jira sprints, from ``Item.sprint``; a board without sprints falls
back to 14-day windows and says so) or ``auto`` (sprints when the board has at least two, months
otherwise).

:func:`label_activities` labels every activity once into :class:`LabelledActivities` (numpy
columns sorted by time); the balance, roles, timeline, drift and flags all count from it with
array operations, so the analysis costs one pass of Python over the activities, not one per module.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import compress, repeat
from operator import attrgetter, is_not, truth

import numpy as np

from _backlog_analyzer_runtime.memo import Codes
from connectors.columns import NO_TIME_US, columns_of
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
    """One row of :class:`LabelledActivities` as an object (for callers that want one)."""

    activity: Activity
    when: datetime  # naive UTC
    label: str  # strategic | tactical | uncertain (or a custom model's label)
    item_id: str
    actor: str | None

    @classmethod
    def of(cls, activity: Activity, when: datetime, label: str) -> LabelledActivity:
        return cls(activity, when, label, activity.item_id, activity.actor_id)


_EPOCH = datetime(1970, 1, 1)
_EPOCH_UTC = _EPOCH.replace(tzinfo=UTC)
_US = timedelta(microseconds=1)
NO_TIME = NO_TIME_US  # "never" in a column of microseconds (a reader's ItemTimes too)
# Floats hold whole microseconds exactly up to 2**52 µs (year 2112); beyond, exact integers.
_FLOAT_SAFE_SECONDS = 2**52 / 1e6

# Label codes of LabelledActivities: the three every report has, then a custom model's others.
S_CODE, T_CODE, U_CODE = 0, 1, 2
_BASE_LABELS = (STRATEGIC, TACTICAL, UNCERTAIN)
_KIND_ORDER: tuple[ActivityKind, ...] = tuple(ActivityKind)
_SPRINT, _RESOLVED = attrgetter("sprint"), attrgetter("resolved")
_ITEM_ID, _ACTOR_ID, _KIND, _TIMESTAMP = (
    attrgetter("item_id"),
    attrgetter("actor_id"),
    attrgetter("kind"),
    attrgetter("timestamp"),
)


def to_us(dt: datetime) -> int:
    """Microseconds since 1970 of ``dt`` as naive UTC (see :func:`naive_utc`), exactly."""
    return (dt - (_EPOCH if dt.tzinfo is None else _EPOCH_UTC)) // _US


def from_us(us: int) -> datetime:
    """The naive UTC datetime of :func:`to_us`."""
    return _EPOCH + timedelta(microseconds=int(us))


def times_us(stamps: list[datetime]) -> np.ndarray:
    """:func:`to_us` of every timestamp, vectorised where the datetimes allow it."""
    n = len(stamps)
    if n and None not in set(map(attrgetter("tzinfo"), stamps)):
        seconds = np.fromiter(map(datetime.timestamp, stamps), np.float64, count=n)
        if np.abs(seconds).max() < _FLOAT_SAFE_SECONDS:
            return np.rint(seconds * 1e6).astype(np.int64)
    return np.fromiter(map(to_us, stamps), np.int64, count=n)


def rows_with_codes(column: np.ndarray, codes: Iterable[int], size: int) -> np.ndarray:
    """``np.isin(column, codes)`` for codes in ``range(size)`` (a row's -1, no code, is in none):
    one look-up table of ``size`` bytes instead of np.isin's temporaries (10M rows: 152 -> 19
    MiB traced, 10x faster; the peak of a 1M-item scan's flags sat there)."""
    wanted = np.zeros(size + 1, bool)  # (the last entry: the rows' -1)
    wanted[np.fromiter(codes, np.intp)] = True
    return wanted[column]


def _in_time_order(when: np.ndarray) -> bool:
    """Whether ``when`` never decreases: a stable sort would leave every row where it is."""
    return bool((when[:-1] <= when[1:]).all()) if len(when) > 1 else True


def _read_only(column: np.ndarray) -> np.ndarray:
    """A view of ``column`` nobody can write through (the table shares the board's columns)."""
    view = column.view()
    view.flags.writeable = False
    return view


def _compact(order: np.ndarray) -> np.ndarray:
    """Row numbers in 4 bytes each when they fit."""
    return order.astype(np.int32) if len(order) < 2**31 else order


@dataclass(slots=True, eq=False)
class LabelledActivities:
    """Every activity of a board with its item's label, as columns sorted by time.

    Built once per scan (:func:`label_activities`) and shared by the balance, roles, timeline,
    drift and flags: one pass of Python over the activities, then array work, and ~30 bytes per
    activity instead of an object each. Rows are in time order (stable: equal times keep the
    board's order, the added ``created`` activities after the board's own).
    """

    board: Board
    item_ids: list[
        str
    ]  # item index -> item id: the board's items first, then ids only activities name
    board_items: int  # item indexes below this are on the board
    labels: list[str]  # label code -> label: strategic, tactical, uncertain, then a model's others
    item_label: np.ndarray  # item index -> label code (uncertain for items not on the board)
    board_label: np.ndarray  # label code of each of board.items, in order
    actors: list[str | None]  # actor code -> person id
    kinds: list[str]  # kind code -> kind (ActivityKind's values first, in its order)
    added: list[Activity]  # the ``created`` activities added for items without one
    # One entry per activity, in time order:
    item: np.ndarray  # int32 item index
    actor: np.ndarray  # int32 actor code, -1 for none
    kind: np.ndarray  # int16 kind code
    when: np.ndarray  # int64 microseconds since 1970, naive UTC
    label: np.ndarray  # int16 label code of the item
    source: np.ndarray  # index in board.activities, then in ``added`` (int32 below 2**31 rows)
    # The people whose rows are left out (automation accounts: analyzer.automation.set_apart),
    # how many of the board's own activities those rows were, and the latest of them (NO_TIME)
    left_out: frozenset[str] = frozenset()
    left_out_activities: int = 0
    left_out_latest: int = NO_TIME
    _named: np.ndarray | None = None
    _index: dict[str, int] | None = None

    @classmethod
    def build(cls, board: Board, item_labels: Sequence[str]) -> LabelledActivities:
        """``item_labels[i]``: the final label of ``board.items[i]``."""
        ids = list(map(attrgetter("id"), board.items))
        acts = board.activities
        columns = columns_of(acts)
        # id -> item code (Codes: the board's ids first, then any other id an activity names).
        # Columns naming the board's ids in its order (a CSV reader's), each id once (a set
        # says so at a third of the dict's cost): no dict unless a look-up needs one
        items: Codes | None = None
        if columns is not None and columns.item_ids == ids and len(set(ids)) == len(ids):
            item_ids: list[str] = ids
            per_item = np.arange(len(ids), dtype=np.int32)
        else:
            items = Codes(ids)
            item_ids = items.values_
            if len(item_ids) == len(ids):  # every id once: item index = position on the board
                per_item = np.arange(len(ids), dtype=np.int32)
            else:
                per_item = np.fromiter(map(items.__getitem__, ids), np.int32, count=len(ids))
        del ids

        def codes_of_items() -> Codes:
            """The id -> item code dict (made once; ``item_ids`` is then its list of ids)."""
            nonlocal items, item_ids
            if items is None:
                items = Codes(item_ids)
                item_ids = items.values_
            return items

        labels = Codes(_BASE_LABELS)
        codes = np.fromiter(map(labels.__getitem__, item_labels), np.int16, count=len(per_item))
        n_board = len(item_ids)
        item_label = np.full(n_board, U_CODE, np.int16)
        if n_board == len(per_item):
            item_label[per_item] = codes
        else:  # the same id twice: the last one's label, as a dict built in order would keep
            for idx, code in zip(per_item.tolist(), codes.tolist(), strict=True):
                item_label[idx] = code

        actors = Codes(none=True)
        kinds = Codes(_KIND_ORDER)
        if columns is not None:  # the reader's columns (codes in order of first appearance)
            to_item = None  # (the board's ids in its order, a CSV reader's: codes as they are)
            if columns.item_ids != item_ids:
                found = map(codes_of_items().__getitem__, columns.item_ids)
                to_item = np.fromiter(found, np.int32)
            item = None  # (made once the id -> index dict is freed: not both at once)
            actors.update(zip(columns.actor_ids, range(len(columns.actor_ids)), strict=True))
            actors.values_.extend(columns.actor_ids)
            actor = columns.actor.astype(np.int32, copy=False)
            kind = columns.kind.astype(np.int16, copy=False)  # KINDS is ActivityKind's order
            when = columns.when
        else:
            n = len(acts)
            found = map(codes_of_items().__getitem__, map(_ITEM_ID, acts))
            item = np.fromiter(found, np.int32, count=n)
            actor = np.fromiter(map(actors.__getitem__, map(_ACTOR_ID, acts)), np.int32, count=n)
            kind = np.fromiter(map(kinds.__getitem__, map(_KIND, acts)), np.int16, count=n)
            when = times_us(list(map(_TIMESTAMP, acts)))

        # Exports without history (a Jira CSV) still say who created what.
        has_created = np.zeros(len(item_ids), bool)
        created = kind == kinds[ActivityKind.CREATED]
        # Rows picked by compress: numpy's boolean subscript costs several times as much on a
        # mask as mixed as this one (one row in 3-10 a creation).
        if item is None:  # (columns: their item codes, through to_item)
            codes_created = columns.item.compress(created)  # type: ignore[union-attr]
            has_created[codes_created if to_item is None else to_item[codes_created]] = True
            del codes_created
        else:
            has_created[item.compress(created)] = True
        del created
        board_items = board.items
        added = [
            Activity(it.id, it.reporter, ActivityKind.CREATED, it.created)
            for k in np.flatnonzero(~has_created[per_item]).tolist()
            if (it := board_items[k]).created is not None and it.reporter
        ]
        m = len(added)
        added_item = np.empty(0, np.int32)
        if m:  # (the board's items: their look-ups add no id)
            found = map(codes_of_items().__getitem__, map(_ITEM_ID, added))
            added_item = np.fromiter(found, np.int32, m)
        items = None
        del has_created  # (item_ids, its list of ids, stays)
        if item is None:
            own = columns.item  # type: ignore[union-attr]
            item = (
                own.astype(np.int32, copy=False)
                if to_item is None or not len(to_item)
                else to_item[own]
            )
        if added:
            item = np.concatenate([item, added_item])
            actor = np.concatenate(
                [actor, np.fromiter(map(actors.__getitem__, map(_ACTOR_ID, added)), np.int32, m)]
            )
            kind = np.concatenate([kind, np.full(m, kinds[ActivityKind.CREATED], np.int16)])
            when = np.concatenate([when, times_us([a.timestamp for a in added])])
        item_label = np.concatenate(
            [item_label, np.full(len(item_ids) - n_board, U_CODE, np.int16)]
        )
        if _in_time_order(when):  # the store's and readers' columns: as they are, not copied
            item, actor, kind, when = map(_read_only, (item, actor, kind, when))
            source = np.arange(len(when), dtype=np.int32 if len(when) < 2**31 else np.int64)
        else:
            order = np.argsort(when, kind="stable")
            item, actor, kind, when = item[order], actor[order], kind[order], when[order]
            source = _compact(order)
            del order
        return cls(
            board=board,
            item_ids=item_ids,
            board_items=n_board,
            labels=labels.values_,
            item_label=item_label,
            board_label=codes,
            actors=[a for a in actors.values_],
            kinds=[str(k) for k in kinds.values_],
            added=added,
            item=item,
            actor=actor,
            kind=kind,
            when=when,
            label=item_label[item],
            source=source,
        )

    def __len__(self) -> int:
        return len(self.when)

    def __iter__(self) -> Iterator[LabelledActivity]:
        for row in range(len(self.when)):
            yield self.row(row)

    def row(self, row: int) -> LabelledActivity:
        activity = self.activity(row)
        return LabelledActivity(
            activity,
            from_us(self.when[row]),
            self.labels[self.label[row]],
            self.item_ids[self.item[row]],
            activity.actor_id,
        )

    def activity(self, row: int) -> Activity:
        source = int(self.source[row])
        real = len(self.board.activities)
        return self.board.activities[source] if source < real else self.added[source - real]

    @property
    def named(self) -> np.ndarray:
        """The actor column with -1 for activities without a (non-empty) person id."""
        if self._named is None:
            falsy = [code for code, person in enumerate(self.actors) if not person]
            self._named = (
                np.where(np.isin(self.actor, falsy), -1, self.actor) if falsy else self.actor
            )
        return self._named

    def without_actors(self, person_ids: Iterable[str]) -> tuple[LabelledActivities, list[int]]:
        """(This table without the rows of ``person_ids``, how many of the board's own
        activities each of them did, in the order given.) Their rows out at once by one mask on
        the actor column (analyzer.automation: a bot's rows are nobody's work); the table
        itself, when none of them did anything."""
        wanted = list(person_ids)
        codes = {person: code for code, person in enumerate(self.actors) if person}
        found = [codes[person] for person in wanted if person in codes]
        if not found:
            return self, [0] * len(wanted)
        theirs = rows_with_codes(self.actor, found, len(self.actors))
        own = theirs & (self.source < len(self.board.activities)) if self.added else theirs
        per_code = np.bincount(self.actor.compress(own), minlength=len(self.actors)).tolist()
        done = [per_code[codes[person]] if person in codes else 0 for person in wanted]
        # the rows kept, found once and taken from each column (10M rows, a quarter a bot's:
        # 0.07 s for the six columns; a compress of each by the mask took 0.6 s)
        keep = np.flatnonzero(~theirs)
        item, actor, kind, when, label, source = (
            column.take(keep)
            for column in (self.item, self.actor, self.kind, self.when, self.label, self.source)
        )
        last = len(theirs) - 1 - int(np.argmax(theirs[::-1]))  # (rows in time order)
        rest = dataclasses.replace(
            self,
            item=item,
            actor=actor,
            kind=kind,
            when=when,
            label=label,
            source=source,
            left_out_latest=max(self.left_out_latest, int(self.when[last])),
            _named=None,
        )
        return rest, done

    def item_index(self) -> dict[str, int]:
        """Item id -> item index."""
        if self._index is None:
            self._index = {item_id: i for i, item_id in enumerate(self.item_ids)}
        return self._index

    def code_of_label(self, label: str) -> int:
        """The code of ``label``, or -1 when no item carries it."""
        try:
            return self.labels.index(label)
        except ValueError:
            return -1

    def code_of_kind(self, kind: str) -> int:
        try:
            return self.kinds.index(str(kind))
        except ValueError:
            return -1

    def kind_mask(self, kinds: Iterable[str]) -> np.ndarray:
        """Which rows are of one of ``kinds``."""
        codes = [c for c in (self.code_of_kind(k) for k in kinds) if c >= 0]
        return rows_with_codes(self.kind, codes, len(self.kinds))

    def actor_mask(self, person_ids: Iterable[str]) -> np.ndarray:
        """Which rows are by one of ``person_ids``."""
        return rows_with_codes(self.actor, self.actor_codes(person_ids), len(self.actors))

    def actor_codes(self, person_ids: Iterable[str]) -> list[int]:
        wanted = set(person_ids)
        return [code for code, person in enumerate(self.actors) if person in wanted]

    def board_labels(self) -> list[str]:
        """The final label of each of the board's items, in order."""
        return list(map(self.labels.__getitem__, self.board_label.tolist()))

    def item_label_map(self) -> dict[str, str]:
        """Item id -> final label, for the board's items."""
        n = self.board_items
        codes = self.item_label[:n].tolist()
        return dict(zip(self.item_ids[:n], map(self.labels.__getitem__, codes), strict=True))

    def last_when_per_item(self) -> np.ndarray:
        """Item index -> latest activity time (:data:`NO_TIME` when none)."""
        out = np.full(len(self.item_ids), NO_TIME, np.int64)
        np.maximum.at(out, self.item, self.when)
        return out

    @classmethod
    def from_rows(cls, board: Board, rows: Iterable[LabelledActivity]) -> LabelledActivities:
        """A table from :class:`LabelledActivity` objects (in any order)."""
        rows = list(rows)
        items = Codes(map(attrgetter("id"), board.items))
        n_board = len(items.values_)
        labels = Codes(_BASE_LABELS)
        actors = Codes(none=True)
        kinds = Codes(_KIND_ORDER)
        n = len(rows)
        item = np.fromiter((items[r.item_id] for r in rows), np.int32, count=n)
        label = np.fromiter((labels[r.label] for r in rows), np.int16, count=n)
        item_label = np.full(len(items.values_), U_CODE, np.int16)
        item_label[item] = label
        when = np.fromiter((to_us(r.when) for r in rows), np.int64, count=n)
        actor = np.fromiter((actors[r.actor] for r in rows), np.int32, count=n)
        kind = np.fromiter((kinds[r.activity.kind] for r in rows), np.int16, count=n)
        order = np.argsort(when, kind="stable")
        return cls(
            board=board,
            item_ids=items.values_,
            board_items=n_board,
            labels=labels.values_,
            item_label=item_label,
            board_label=item_label[
                np.fromiter(map(items.__getitem__, map(attrgetter("id"), board.items)), np.int32)
            ],
            actors=list(actors.values_),
            kinds=[str(k) for k in kinds.values_],
            added=[r.activity for r in rows],  # rows point here, after the board's activities
            item=item[order],
            actor=actor[order],
            kind=kind[order],
            when=when[order],
            label=label[order],
            source=len(board.activities) + order,
        )


def as_table(
    board: Board, labelled: LabelledActivities | Iterable[LabelledActivity]
) -> LabelledActivities:
    """``labelled`` as a table (lists of :class:`LabelledActivity` are converted)."""
    if isinstance(labelled, LabelledActivities):
        return labelled
    return LabelledActivities.from_rows(board, labelled)


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
    board: Board,
    predictions: Mapping[str, Prediction] | Sequence[Prediction],
    threshold: float = DEFAULT_THRESHOLD,
) -> LabelledActivities:
    """Every activity with its item's label, sorted by time.

    ``predictions``: by item id, or one per item in the board's order. Exports without history (a
    Jira CSV) still say who created what: an item with a reporter and a creation date but no
    ``created`` activity gets one, so its creator is not invisible.
    """
    if isinstance(predictions, Mapping):
        labels = [
            p.final_label(threshold) if p is not None else UNCERTAIN
            for p in map(predictions.get, map(attrgetter("id"), board.items))
        ]
    else:
        if len(predictions) != len(board.items):
            raise ValueError(
                f"{len(predictions)} predictions for {len(board.items)} items; "
                "expected one per item"
            )
        by_column = getattr(predictions, "final_labels", None)  # a scan's, by column
        if by_column is not None:
            labels = by_column(threshold)
        else:
            labels = [p.final_label(threshold) for p in predictions]
    return LabelledActivities.build(board, labels)


@dataclass(slots=True)
class Window:
    label: str
    start: datetime  # inclusive, naive UTC
    end: datetime  # exclusive
    sprint: str | None = None


@dataclass(slots=True, eq=False)
class _Rows:
    """Where a window's activities are: rows of a table whose window index is ``window_of``."""

    table: LabelledActivities
    window_of: np.ndarray  # row -> window index
    windows: tuple[int, ...]
    actor: int | None  # an actor code, or None for everyone

    def mask(self) -> np.ndarray:
        w = self.window_of
        mask = w == self.windows[0] if len(self.windows) == 1 else np.isin(w, self.windows)
        if self.actor is not None:
            mask &= self.table.named == self.actor
        return mask

    def item_counts(self, label: int | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(item indexes, activity counts) of the rows (with ``label`` only, when given), in
        the order each item first appears."""
        mask = self.mask()
        if label is not None:
            mask &= self.table.label == label
        items = self.table.item.compress(mask)  # (cheaper than a boolean subscript)
        uniq, first, counts = np.unique(items, return_index=True, return_counts=True)
        order = np.argsort(first, kind="stable")
        return uniq[order], counts[order]


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
    # Per item (counted from the table when first asked for; filled by ``add`` otherwise).
    _item_counts: Counter[str] | None = field(default=None, repr=False)
    _item_labels: dict[str, str] | None = field(default=None, repr=False)
    rows: _Rows | None = field(default=None, repr=False, compare=False)

    @property
    def item_counts(self) -> Counter[str]:
        """Item id -> activities in this window."""
        if self._item_counts is None:
            self._materialise()
        return self._item_counts  # type: ignore[return-value]

    @property
    def item_labels(self) -> dict[str, str]:
        """Item id -> its label, for the items in ``item_counts``."""
        if self._item_labels is None:
            self._materialise()
        return self._item_labels  # type: ignore[return-value]

    def _materialise(self) -> None:
        counts: Counter[str] = Counter()
        labels: dict[str, str] = {}
        if self.rows is not None:
            t = self.rows.table
            items, n = self.rows.item_counts()
            ids = [t.item_ids[i] for i in items.tolist()]
            counts.update(dict(zip(ids, n.tolist(), strict=True)))
            codes = t.item_label[items].tolist()
            labels = {i: t.labels[c] for i, c in zip(ids, codes, strict=True)}
        self._item_counts, self._item_labels = counts, labels

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


_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
_MONTH_ID = re.compile(r"(\d{4})-(\d{2})")
_QUARTER_ID = re.compile(r"(\d{4})-Q([1-4])")
_WEEK_ID = re.compile(r"(\d{4})-W(\d{2})")
_DAYS_ID = re.compile(r"(\d{4})-(\d{2})-(\d{2})\.\.(\d{4})-(\d{2})-(\d{2})")


def window_words(window: str) -> str:
    """A window id as a sentence says it: ``2024-05`` → "May 2024", ``2024-Q1`` → "Q1 2024",
    ``2024-W09`` → "week 9 of 2024", ``2024-05-01..2024-05-14`` → "1-14 May 2024"; a sprint's
    name stays as it is."""
    if m := _MONTH_ID.fullmatch(window):
        if 1 <= int(m[2]) <= 12:
            return f"{_MONTHS[int(m[2]) - 1]} {m[1]}"
    elif m := _QUARTER_ID.fullmatch(window):
        return f"Q{m[2]} {m[1]}"
    elif m := _WEEK_ID.fullmatch(window):
        return f"week {int(m[2])} of {m[1]}"
    elif (m := _DAYS_ID.fullmatch(window)) and 1 <= int(m[2]) <= 12 and 1 <= int(m[5]) <= 12:
        first = f"{int(m[3])} {_MONTHS[int(m[2]) - 1]}"
        last = f"{int(m[6])} {_MONTHS[int(m[5]) - 1]} {m[4]}"
        if m[1] != m[4]:
            return f"{first} {m[1]} to {last}"
        return f"{int(m[3])}-{last}" if m[2] == m[5] else f"{first} to {last}"
    return window


def windows_words(windows: Sequence[str]) -> str:
    """Consecutive windows as a sentence says them: "May and Jun 2024", "Nov 2023 to Feb 2024",
    "weeks 9 and 10 of 2024", "Sprint 4 and Sprint 5"."""
    if not windows:
        return ""
    first, last = window_words(windows[0]), window_words(windows[-1])
    if len(windows) == 1:
        return first
    joint = " and " if len(windows) == 2 else " to "
    a, b = _WEEK_ID.fullmatch(windows[0]), _WEEK_ID.fullmatch(windows[-1])
    if a and b and a[1] == b[1]:
        return f"weeks {int(a[2])}{joint}{int(b[2])} of {a[1]}"  # the year said once
    for pattern in (_MONTH_ID, _QUARTER_ID):
        a, b = pattern.fullmatch(windows[0]), pattern.fullmatch(windows[-1])
        if a and b and a[1] == b[1] and first != windows[0]:
            first = first.rsplit(" ", 1)[0]  # "May and Jun 2024", "Q1 to Q3 2024"
    return first + joint + last


def sprint_names(board: Board) -> set[str]:
    return {item.sprint for item in board.items if item.sprint}


def sprint_windows(
    board: Board, labelled: LabelledActivities | Iterable[LabelledActivity]
) -> list[Window]:
    """Consecutive windows, one per sprint, ordered by when each sprint ended.

    Exports carry a sprint *name* per item, not its dates, so a sprint's end is estimated from its
    items: the last resolution date, or the last activity when none is resolved. Sprint *i* covers
    everything after sprint *i-1* ended up to its own end; activity after the last sprint falls in
    an ``after …`` window. Strategic items usually sit in no sprint; they count in whichever sprint
    their activity happened.
    """
    table = as_table(board, labelled)
    if not len(table):
        return []
    items = board.items
    # the items in a sprint, by board position (one byte an item, no list of positions)
    names = list(map(_SPRINT, items))
    named = np.fromiter(map(truth, names), bool, count=len(names)).tolist()
    sprints = Codes(compress(names, named))
    code = np.fromiter(map(sprints.__getitem__, compress(names, named)), np.int64)
    del names
    in_sprint = np.flatnonzero(named)
    if table.board_items == len(items):  # item index = position on the board
        rows = in_sprint
    else:
        index = table.item_index()
        rows = np.array([index[items[k].id] for k in in_sprint.tolist()], np.int64)
    # Per sprint: its items' latest activity, and their latest resolution (NO_TIME: none).
    touched = np.full(len(sprints.values_), NO_TIME, np.int64)
    np.maximum.at(touched, code, table.last_when_per_item()[rows])
    resolved_at = list(map(_RESOLVED, map(items.__getitem__, in_sprint.tolist())))
    done = np.flatnonzero(np.fromiter(map(is_not, resolved_at, repeat(None)), bool, len(code)))
    resolved = np.full(len(sprints.values_), NO_TIME, np.int64)
    if len(done):
        when = times_us([resolved_at[j] for j in done.tolist()])
        np.maximum.at(resolved, code[done], when)
    ends = {
        name: from_us(r if r != NO_TIME else t)
        for name, r, t in zip(sprints.values_, resolved.tolist(), touched.tolist(), strict=True)
        if r != NO_TIME or t != NO_TIME
    }
    ordered = sorted(ends.items(), key=lambda kv: (kv[1], kv[0]))
    first, last = from_us(table.when[0]), from_us(table.when[-1])
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


_NUMBER = re.compile(r"\d+")


def _sprint_number(name: str) -> int | None:
    """The last number in a sprint's name ("Sprint 12" → 12); None without one, or when it has
    more digits than a sprint number could (a hostile cell: Python refuses int() of 4 300+)."""
    runs = _NUMBER.findall(name)
    return int(runs[-1]) if runs and len(runs[-1]) <= 18 else None


def sprint_order_doubt(windows: list[Window], names: set[str]) -> str | None:
    """Why sprint windows cannot be trusted, or None. Exports hold a sprint's name, not its
    dates: when the names are numbered ("Sprint 1", "Sprint 2") and the dates estimated from
    their items put them in another order, the windows would run backwards; and names that are
    not sprints at all (a person, a file: cells of a misaligned CSV) among numbered ones."""
    if not windows or len(names) < 2:
        return None
    numbered = {n: k for n in names if (k := _sprint_number(n)) is not None}
    if len(numbered) != len(names):
        if len(numbered) * 3 >= len(names) * 2:
            odd = sorted(names - set(numbered))
            shown = ", ".join(repr(n) for n in odd[:3]) + (" …" if len(odd) > 3 else "")
            return f"sprint names that do not look like sprints ({shown})"
        return None
    order = [numbered[w.sprint] for w in windows if w.sprint in numbered]
    if any(b < a for a, b in zip(order, order[1:], strict=False)):
        return (
            "the sprints' numbers and the dates of their items disagree on the order they ran "
            "(an export has no sprint dates)"
        )
    return None


def build_timeline(
    board: Board,
    labelled: LabelledActivities | Iterable[LabelledActivity],
    spec: WindowSpec | str = "auto",
) -> Timeline:
    if isinstance(spec, str):
        spec = parse_window(spec)
    note = None
    table = as_table(board, labelled)
    if not len(table):
        return Timeline(str(spec), [], [], {}, None, "no dated activity on this board")
    first, last = from_us(table.when[0]), from_us(table.when[-1])
    used = spec
    windows: list[Window] = []
    if spec.kind in ("sprint", "auto"):
        names = sprint_names(board)
        windows = sprint_windows(board, table) if len(names) >= 2 else []
        doubt = sprint_order_doubt(windows, names)
        if doubt:
            windows = []
            fallback = WindowSpec("days", SPRINT_FALLBACK_DAYS)
            used = fallback if spec.kind == "sprint" else WindowSpec("month")
            note = f"{doubt}; used {'14-day' if spec.kind == 'sprint' else 'month'} windows instead"
        elif windows:
            used = WindowSpec("sprint")
        elif spec.kind == "sprint":
            used = WindowSpec("days", SPRINT_FALLBACK_DAYS)
            note = f"no sprints on this board; used {SPRINT_FALLBACK_DAYS}-day windows instead"
        else:
            used = WindowSpec("month")
    if not windows:
        windows = calendar_windows(first, last, used)

    # Window of each activity: the last window starting at or before it (the first for earlier
    # activity, the last for later activity).
    starts = np.array([to_us(w.start) for w in windows[1:]], np.int64)
    window_of, board_counts, codes, person_counts = _window_counts(table, starts)
    board_stats = [
        _stat(w, None, counts, _Rows(table, window_of, (i,), None))
        for i, (w, counts) in enumerate(zip(windows, board_counts.tolist(), strict=True))
    ]
    people: dict[str, list[WindowStat]] = {}
    for code, rows in zip(codes, person_counts, strict=True):
        person = table.actors[code]
        people[person] = [
            _stat(w, person, counts, _Rows(table, window_of, (i,), code))
            for i, (w, counts) in enumerate(zip(windows, rows, strict=True))
        ]
    return Timeline(str(used), windows, board_stats, people, last, note)


#: Rows counted at a time by :func:`_window_counts` (its temporary arrays stay ≈ 10 MB).
WINDOW_CHUNK = 1 << 18


def _window_counts(
    table: LabelledActivities, starts: np.ndarray, chunk: int | None = None
) -> tuple[np.ndarray, np.ndarray, list[int], list]:
    """(window of each row, board counts per window and kind of label, the actor codes of the
    people in order of first activity, their counts per window and kind of label as lists).

    Counted ``chunk`` rows at a time: at 10M activities, whole-column temporaries (int64 window
    indexes and cells, a sort of the actor column to find each person's first row) took
    ≈ 0.3 GB over the table. :func:`_window_counts_reference` is the whole-column version."""
    chunk = chunk or WINDOW_CHUNK
    n = len(table)
    n_win = len(starts) + 1
    n_actors = len(table.actors)
    window_of = np.empty(n, np.int32)
    board = np.zeros(n_win * 3, np.int64)
    first = np.full(n_actors, n, np.int64)  # each actor code's first row (n: none)
    cells_of_actor = np.zeros(n_actors * n_win * 3, np.int64)  # by code, not yet by rank
    named = table.named
    for begin in range(0, n, chunk):
        end = min(begin + chunk, n)
        window = np.searchsorted(starts, table.when[begin:end], side="right").astype(np.int32)
        window_of[begin:end] = window
        cell = window * 3 + np.minimum(table.label[begin:end], U_CODE)  # strategic, tactical, other
        board += np.bincount(cell, minlength=n_win * 3)
        actors = named[begin:end]
        has_actor = actors >= 0
        actors = actors[has_actor]
        if not len(actors):
            continue
        codes, at = np.unique(actors, return_index=True)
        new = first[codes] == n
        first[codes[new]] = begin + np.flatnonzero(has_actor)[at[new]]
        counted = np.bincount(actors.astype(np.int64) * (n_win * 3) + cell[has_actor])
        cells_of_actor[: len(counted)] += counted
    present = np.flatnonzero(first < n)
    codes = present[np.argsort(first[present], kind="stable")]  # in order of first activity
    person_counts = cells_of_actor.reshape(n_actors, n_win, 3)[codes].tolist()
    return window_of, board.reshape(n_win, 3), codes.tolist(), person_counts


def _window_counts_reference(
    table: LabelledActivities, starts: np.ndarray
) -> tuple[np.ndarray, np.ndarray, list[int], list]:
    """:func:`_window_counts` on whole columns at once (as it was done before; tests compare)."""
    n_win = len(starts) + 1
    window_of = np.searchsorted(starts, table.when, side="right").astype(np.int32)
    kind3 = np.minimum(table.label, U_CODE)
    board_counts = np.bincount(window_of * 3 + kind3, minlength=n_win * 3).reshape(n_win, 3)
    named = table.named
    has_actor = named >= 0
    actors = named[has_actor]
    codes, first_row = np.unique(actors, return_index=True)
    codes = codes[np.argsort(first_row, kind="stable")]
    rank = np.zeros(len(table.actors), np.int64)
    rank[codes] = np.arange(len(codes))
    cells = (rank[actors] * n_win + window_of[has_actor]) * 3 + kind3[has_actor]
    person_counts = np.bincount(cells, minlength=len(codes) * n_win * 3)
    person_counts = person_counts.reshape(len(codes), n_win, 3).tolist()
    return window_of, board_counts, codes.tolist(), person_counts


def _stat(window: Window, person: str | None, counts: list[int], rows: _Rows) -> WindowStat:
    s, t, other = counts
    return WindowStat(
        window.label, window.start, window.end, person, s + t + other, s, t, other, rows=rows
    )


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
    rows = _pooled_rows(stats)
    if rows is not None:
        total.rows = rows
    else:
        for s in stats:
            total.item_counts.update(s.item_counts)
            total.item_labels.update(s.item_labels)
    return total


def _pooled_rows(stats: list[WindowStat]) -> _Rows | None:
    """The rows of several windows of one table and one person, or None when they are not."""
    if not stats or any(s.rows is None or s._item_counts is not None for s in stats):
        return None
    first = stats[0].rows
    assert first is not None
    same = all(
        s.rows.table is first.table
        and s.rows.window_of is first.window_of
        and s.rows.actor == first.actor
        for s in stats  # type: ignore[union-attr]
    )
    if not same:
        return None
    windows = tuple(w for s in stats for w in s.rows.windows)  # type: ignore[union-attr]
    return _Rows(first.table, first.window_of, windows, first.actor)


def top_items(stats: Iterable[WindowStat], label: str, n: int) -> list[str]:
    """The ``n`` items of ``label`` with the most activity in ``stats``; ties go to the item seen
    first (what ``Counter.most_common`` gives when counting the windows in order)."""
    stats = list(stats)
    rows = _pooled_rows(stats)
    if rows is None:
        counts: Counter[str] = Counter()
        for s in stats:
            for item_id, k in s.item_counts.items():
                if s.item_labels.get(item_id) == label:
                    counts[item_id] += k
        return [item_id for item_id, _ in counts.most_common(n)]
    code = rows.table.code_of_label(label)
    if code < 0:
        return []
    items, k = rows.item_counts(code)
    order = np.argsort(-k, kind="stable")[:n]
    return [rows.table.item_ids[i] for i in items[order].tolist()]
