"""The findings interface: what a finding is, what it reports, and what it may read.

A *finding* is one ownership or drift rule with a stable ``code``: a :class:`Finding` holds its
code, worst severity, the practice it relates to, the roles-file thresholds it reads, a short doc,
and its ``check(ctx) -> list[Flag]``. Each finding is one module beside this one; they are
registered in one place, ``analyzer/flags/__init__.py``. A check reads the board through
:class:`Context` (domain questions: which items are strategic, when was an item last touched,
who is PM); the column arithmetic behind those answers is in the private ``_fast`` module.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import repeat
from operator import attrgetter

import numpy as np

from analyzer.drift import BoardDrift, PersonDrift
from analyzer.flags import _fast
from analyzer.flags._facts import ItemFacts
from analyzer.flags.items import owners_unknown
from analyzer.flags.reading import Reading
from analyzer.roles import Roles
from analyzer.timeline import NO_TIME, LabelledActivities, LabelledActivity, as_table, from_us
from connectors.interface import Board, Item

_ID = attrgetter("id")

INFO, WARNING, ERROR = "info", "warning", "error"
SEVERITIES = (INFO, WARNING, ERROR)
#: What every report says a flag of each severity is (the verdict's counts, the flags' labels in
#: every format, the CLI's summary line): one vocabulary; JSON and ``--fail-on`` keep the names.
SEVERITY_WORDS = {ERROR: "error", WARNING: "warning", INFO: "note"}

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

#: At most this many items are given as a flag's evidence.
MAX_ITEMS = 10


def severity_rank(severity: str) -> int:
    return SEVERITIES.index(severity)


@dataclass(slots=True)
class Evidence:
    items: list[str] = field(default_factory=list)  # item ids
    people: list[str] = field(default_factory=list)  # person ids
    dates: list[str] = field(default_factory=list)  # ISO dates (yyyy-mm-dd)
    # What each of ``dates`` is, in words ("latest strategic change", "board's last activity"):
    # a bare date means something else on each flag (:func:`labelled_dates`); none when the
    # check's dates are unlabelled. The JSON report gives one per date (null: unlabelled,
    # :meth:`Flag.to_dict`). Not compared.
    date_labels: list[str] = field(default_factory=list, compare=False)
    # How many items the finding counts, of which ``items`` cites at most MAX_ITEMS (the
    # reports' "+N more" is the rest); None: the items cited are all there are. Not in the
    # JSON report (its schema's evidence holds the ids alone), nor compared.
    item_total: int | None = field(default=None, compare=False)
    # True when ``item_total`` is only a lower bound: merged checks whose items may overlap.
    item_total_at_least: bool = field(default=False, compare=False)
    # True: the items this check counts hold those of every other check of its code (all the
    # strategic items, of which the unowned ones are some), so merged they count as many.
    counts_all: bool = field(default=False, compare=False)


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
                "date_labels": json_date_labels(self.evidence),
            },
            "thresholds": dict(self.thresholds),
        }


def json_date_labels(evidence: Evidence) -> list[str | None]:
    """What each of ``evidence.dates`` is, one per date as the JSON report gives them (a
    program reading it cannot tell the dates apart otherwise): null for each when the check's
    dates are unlabelled (or merged checks' labels would mix)."""
    labels = evidence.date_labels
    if len(labels) == len(evidence.dates):
        return list(labels)
    return [None] * len(evidence.dates)


#: The label of ``Context.as_of`` among an evidence's dates (the day-based checks' "now").
LAST_ACTIVITY = "board's last activity"


def labelled_dates(*pairs: tuple[str, str | None]) -> dict[str, list[str]]:
    """An evidence's ``dates`` and ``date_labels`` from ``(label, date)`` pairs, the pairs
    without a date left out: ``Evidence(**labelled_dates(("latest strategic change", d)))``.
    A label "to" continues the one before it ("shaping from" 2024-01-02 "to" 2024-03-04)."""
    kept = [(label, d) for label, d in pairs if d]
    return {"dates": [d for _, d in kept], "date_labels": [label for label, _ in kept]}


def day(dt: datetime | None) -> str | None:
    """``yyyy-mm-dd`` of ``dt`` (None stays None)."""
    return dt.date().isoformat() if dt else None


def pick(thresholds: object, *names: str) -> dict[str, float | int]:
    """The named thresholds and their values, for a flag's ``thresholds``."""
    return {n: getattr(thresholds, n) for n in names}


@dataclass(slots=True)
class Context:
    """What every check reads: the board, its labelled activities, the roles, and "now"."""

    board: Board
    labels: dict[str, str] | None  # item id -> final label; None: the table's labels
    labelled: LabelledActivities  # (a list of LabelledActivity is converted)
    roles: Roles
    as_of: datetime  # naive UTC
    people_drift: list[PersonDrift] = field(default_factory=list)
    board_drift: BoardDrift | None = None
    # The board positions of the items holding acceptance criteria, when already known.
    criteria: Sequence[int] | None = None
    # How many items the model read: an absence among too few of them is not established.
    reading: Reading = field(default_factory=Reading)
    _cache: dict = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.labelled = as_table(self.board, self.labelled)

    @property
    def thresholds(self):  # -> analyzer.roles.Thresholds
        return self.roles.thresholds

    def name(self, person_id: str | None) -> str:
        if not person_id:
            return "someone unknown"
        person = self.board.people.get(person_id)
        return person.display_name if person and person.display_name else person_id

    def names(self, ids: Iterable[str], limit: int = 4) -> str:
        ids = list(ids)
        shown = ", ".join(self.name(i) for i in ids[:limit])
        return shown + (f" and {len(ids) - limit} more" if len(ids) > limit else "")

    def absence(self, flag: Flag, seen: str, what: str) -> Flag:
        """``flag``, a finding's claim that something is ABSENT from the model's labels, as
        raised: unchanged when the model read enough of the board
        (:meth:`~analyzer.flags.reading.Reading.shows_absence`), else lowered to INFO saying
        ``seen`` on the items read and that ``what`` is not established (the one rule, for
        every absence finding: :mod:`analyzer.flags.reading`)."""
        if self.reading.shows_absence():
            return flag
        message = self.reading.not_established(seen, what)
        return Flag(flag.code, INFO, message, flag.practice, flag.evidence, flag.thresholds)

    def cutoff(self, days: int) -> datetime:
        return self.as_of - timedelta(days=days)

    def items_with(self, label: str) -> list[Item]:
        """The board's items whose final label is ``label``, in board order: those
        :meth:`labelled_as` marks (cached per label)."""
        key = ("items", label)
        if key not in self._cache:
            self._cache[key] = self.facts().pick(np.flatnonzero(self.labelled_as(label)))
        return self._cache[key]

    def facts(self) -> ItemFacts:
        """Per board position: open, in the backlog, owned, planned, a story ... (each
        computed when first asked, once per context)."""
        if "facts" not in self._cache:
            known = not owners_unknown(self.board)
            self._cache["facts"] = ItemFacts(self.board.items, self.criteria, owners_known=known)
        return self._cache["facts"]

    def labelled_as(self, label: str) -> np.ndarray:
        """A mask over the board's items by position: those whose final label is ``label``
        (cached per label)."""
        key = ("labelled_as", label)
        if key not in self._cache:
            items = self.board.items
            if self.labels is not None:
                found = np.fromiter(
                    (self.labels.get(i.id) == label for i in items), bool, count=len(items)
                )
            else:
                found = _fast.labelled_mask(self.board, self.labelled, label)
            self._cache[key] = found
        return self._cache[key]

    def backlog_positions(self) -> np.ndarray:
        """The board positions of :meth:`backlog`'s items, in order."""
        if "backlog_positions" not in self._cache:
            found = np.flatnonzero(self.facts().backlog())  # 4 bytes an item when they fit
            small = len(self.board.items) < 2**31
            self._cache["backlog_positions"] = found.astype(np.int32) if small else found
        return self._cache["backlog_positions"]

    def by_recent_touch(self, label: str) -> tuple[list[Item], datetime | None]:
        """The items of ``label``, most recently touched first, and when the newest was touched
        (None: never)."""
        key = ("recent", label)
        if key not in self._cache:
            items = self.items_with(label)
            if not items:
                self._cache[key] = ([], None)
            else:
                if self.labelled.board_items == len(self.board.items):
                    # the items' board positions, as items_with found them: no id -> touch dict
                    positions = np.flatnonzero(self.labelled_as(label))
                    touch = self.touch_by_position()[positions]
                else:
                    touch = self.touch(items)
                order = _fast.newest_first(touch)
                newest = from_us(touch[order[0]]) if touch[order[0]] != NO_TIME else None
                self._cache[key] = ([items[k] for k in order], newest)
        return self._cache[key]

    def backlog(self) -> list[Item]:
        """The open items (:func:`analyzer.flags.items.open_items_reference`), computed once."""
        if "backlog" not in self._cache:
            self._cache["backlog"] = self.facts().pick(self.backlog_positions())
        return self._cache["backlog"]

    def touch_by_position(self) -> np.ndarray:
        """:meth:`last_touch_us` of each board item by position (NO_TIME when never), for a
        board whose items' ids are each there once; computed once (≈ 8 MB at 1M items where
        the dict took ≈ 70)."""
        if "touch_by_position" not in self._cache:
            found = _fast.last_touch_by_position(self.board.items, self.labelled)
            self._cache["touch_by_position"] = found
        return self._cache["touch_by_position"]

    def backlog_touch_us(self) -> np.ndarray:
        """:meth:`last_touch_us` of each :meth:`backlog` item, in its order (NO_TIME when
        never), computed once."""
        if "backlog_touch_us" not in self._cache:
            items = self.board.items
            if self.labelled.board_items == len(items):  # every id once: by position
                found = self.touch_by_position()[self.backlog_positions()]
            else:
                found = self._backlog_touch_us_reference()
            self._cache["backlog_touch_us"] = found
        return self._cache["backlog_touch_us"]

    def _backlog_touch_us_reference(self) -> np.ndarray:
        """:meth:`backlog_touch_us` through the id -> last touch dict (the reference)."""
        touched = self.last_touch_us()
        items = self.board.items
        found = [touched.get(items[k].id, NO_TIME) for k in self.backlog_positions().tolist()]
        return np.array(found, np.int64)

    def last_touch(self) -> dict[str, datetime]:
        """Item id -> latest of its activities, creation and update times."""
        return {item_id: from_us(t) for item_id, t in self.last_touch_us().items()}

    def last_touch_us(self) -> dict[str, int]:
        """:meth:`last_touch` in microseconds (:func:`~analyzer.timeline.to_us`), computed once
        per context: several findings ask it, and a datetime per item costs on big boards."""
        if "last_touch_us" not in self._cache:
            self._cache["last_touch_us"] = self._last_touch_us()
        return self._cache["last_touch_us"]

    def _last_touch_us(self) -> dict[str, int]:
        """(:meth:`_last_touch_us_reference` with the items' times as columns.)"""
        items, table = self.board.items, self.labelled
        if table.board_items == len(items):  # item index = position on the board
            return _fast.last_touch_by_id(items, table)
        out = _fast.item_times_by_id(items)
        acts = self.labelled.last_when_per_item()
        rows = np.flatnonzero(acts != NO_TIME).tolist()
        ids = self.labelled.item_ids
        for item_id, t in zip([ids[r] for r in rows], acts[rows].tolist(), strict=True):
            if item_id not in out or t > out[item_id]:
                out[item_id] = t
        return out

    def _last_touch_us_reference(self) -> dict[str, int]:
        """:meth:`_last_touch_us` one item at a time (the reference its test compares with)."""
        out: dict[str, int] = {}
        for item in self.board.items:
            if (t := _fast.item_times(item)) != NO_TIME:
                out[item.id] = t
        acts = self.labelled.last_when_per_item().tolist()
        for item_id, t in zip(self.labelled.item_ids, acts, strict=True):
            if t != NO_TIME and (item_id not in out or t > out[item_id]):
                out[item_id] = t
        return out

    def touch(self, items: list[Item]):  # -> np.ndarray of microseconds
        """:meth:`last_touch` of each of ``items`` (board items) in microseconds (see
        :func:`~analyzer.timeline.to_us`), :data:`~analyzer.timeline.NO_TIME` when never."""
        if self.labelled.board_items == len(self.board.items):  # every id once: look it up
            found = map(self.last_touch_us().get, map(_ID, items), repeat(NO_TIME))
            return np.fromiter(found, np.int64, count=len(items))
        return _fast.last_touch(self.board, self.labelled, items)

    def last_strategic_activity_by(self, people: Iterable[str]) -> LabelledActivity | None:
        """The latest activity on strategic work by any of ``people``."""
        row = _fast.last_strategic_row(self.labelled, people)
        return None if row is None else self.labelled.row(row)


@dataclass(frozen=True, slots=True)
class Finding:
    """One rule: its code, worst severity, practice, thresholds, doc and check."""

    code: str
    severity: str  # the worst severity it raises
    practice: str
    thresholds: tuple[str, ...]  # names in the roles file's [thresholds]
    doc: str  # one paragraph: what it means and when it is raised
    check: Callable[[Context], list[Flag]]


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
        items = list(dict.fromkeys(i for f in same for i in f.evidence.items))
        least, most = _merged_item_total(same, len(items))
        dates = sorted({d for f in same for d in f.evidence.dates if d})
        evidence = Evidence(
            items=items,
            people=list(dict.fromkeys(p for f in same for p in f.evidence.people)),
            dates=dates,
            date_labels=_merged_date_labels(same, dates),
            item_total=least,
            item_total_at_least=least < most,
        )
        thresholds: dict[str, float | int] = {}
        for f in same:
            thresholds.update(f.thresholds)
        message = " ".join(dict.fromkeys(f.message for f in same))
        out.append(Flag(first.code, first.severity, message, first.practice, evidence, thresholds))
    return out


def _merged_date_labels(same: list[Flag], dates: list[str]) -> list[str]:
    """The labels of the merged ``dates`` (sorted, each once): a date's labels from every check,
    each once ("board's last activity"); none when a check's dates are unlabelled or one label
    names two dates (two people's spans: sorted, their "from" and "to" would mix)."""
    words: dict[str, list[str]] = {}
    for f in same:
        shown = [d for d in f.evidence.dates if d]
        if shown and len(f.evidence.date_labels) != len(shown):
            return []
        for d, label in zip(shown, f.evidence.date_labels, strict=False):
            if label not in words.setdefault(d, []):
                words[d].append(label)
    labels = [" and ".join(words[d]) for d in dates]
    return labels if len(set(labels)) == len(labels) else []


def _merged_item_total(same: list[Flag], cited: int) -> tuple[int, int]:
    """How many items the merged checks ``same`` count together, at least and at most: their
    ``cited`` ids are distinct, the items beyond them are counted by each check alone (the
    checks of one code may count the same items: the strategic ones and the unowned among
    them), so at least the largest count and at most the cited ones and every check's rest;
    a check that :attr:`~Evidence.counts_all` gives the count itself."""
    totals = [max(f.evidence.item_total or 0, len(f.evidence.items)) for f in same]
    widest = [t for t, f in zip(totals, same, strict=True) if f.evidence.counts_all]
    if widest:
        return max(cited, *widest), max(cited, *widest)
    rests = [t - len(f.evidence.items) for t, f in zip(totals, same, strict=True)]
    least = max([cited, *totals])
    return least, max(least, cited + sum(rests))


def worst(flags: Iterable[Flag]) -> str | None:
    ranks = [severity_rank(f.severity) for f in flags]
    return SEVERITIES[max(ranks)] if ranks else None


def fails(flags: Iterable[Flag], fail_on: str | None) -> bool:
    """True when a flag at or above ``fail_on`` (info|warning|error) was raised."""
    if not fail_on:
        return False
    return any(severity_rank(f.severity) >= severity_rank(fail_on) for f in flags)
