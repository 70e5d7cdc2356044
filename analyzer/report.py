"""The role-balance report: plain dataclasses the formats render and ``to_dict`` turns into JSON.

The report is built once by :func:`analyzer.balance.analyse` (role balance) and
:func:`analyzer.ownership.apply_to_report` (roles, time windows, drift, ownership flags) and never
recomputed by a format. ``to_dict`` walks dataclass fields in declaration order, so a new field
shows up in the JSON without touching the serialiser, and the key order stays stable from run to
run. ``analyzer/schema/report.schema.json`` documents the JSON (schema_version "2").

Field names are a public contract (the JSON, the HTML format): add fields, never rename them.
"""

from __future__ import annotations

import dataclasses
import enum
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import repeat
from operator import attrgetter, is_
from typing import TYPE_CHECKING, Any, Protocol, overload

from models.interface import DEFAULT_THRESHOLD, STRATEGIC, TACTICAL, UNCERTAIN

if TYPE_CHECKING:
    from analyzer.drift import BoardDrift, PersonDrift
    from analyzer.flags import Flag
    from analyzer.verdict import Verdict
    from connectors.interface import BoardPart

SCHEMA_VERSION = "2"
#: The report's fields the JSON writes first, before the others in declaration order.
FIRST_FIELDS = ("schema_version", "verdict")
#: The report's fields for the text formats only, never in the JSON (its schema has no place
#: for them).
TEXT_ONLY_FIELDS = ("other_owners", "history_cause")

#: The labels a report counts, in the order every format shows them.
REPORT_LABELS: tuple[str, ...] = (STRATEGIC, TACTICAL, UNCERTAIN)

_SHARE_DIGITS = 4
_CONFIDENCE_DIGITS = 4


@dataclass(slots=True)
class LabelCounts:
    """How many things (items, or activities weighted by their item's label) carry each label.

    ``other`` holds the labels of a custom role set beyond strategic and tactical (a model trained
    on a taxonomy with more roles), seeded with every such label so all counts of one report have
    the same keys; it stays empty for the default model and is then left out of the JSON.
    """

    strategic: int = 0
    tactical: int = 0
    uncertain: int = 0
    other: dict[str, int] = field(default_factory=dict)

    @classmethod
    def for_labels(cls, labels: Iterable[str]) -> LabelCounts:
        """Zero counts for ``labels`` (a model's labels); the extra ones go into ``other``."""
        return cls(other={label: 0 for label in labels if label not in REPORT_LABELS})

    def add(self, label: str, n: int = 1) -> None:
        if label == STRATEGIC:
            self.strategic += n
        elif label == TACTICAL:
            self.tactical += n
        elif label == UNCERTAIN:
            self.uncertain += n
        else:
            self.other[label] = self.other.get(label, 0) + n

    def count(self, label: str) -> int:
        if label == STRATEGIC:
            return self.strategic
        if label == TACTICAL:
            return self.tactical
        if label == UNCERTAIN:
            return self.uncertain
        return self.other.get(label, 0)

    @property
    def total(self) -> int:
        return self.strategic + self.tactical + self.uncertain + sum(self.other.values())

    def share(self, label: str) -> float:
        """Fraction of the total carrying ``label``; 0.0 when there is nothing to count."""
        total = self.total
        return self.count(label) / total if total else 0.0

    def to_dict(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            STRATEGIC: self.strategic,
            TACTICAL: self.tactical,
            UNCERTAIN: self.uncertain,
        }
        if self.other:
            body["other"] = dict(self.other)
        labels = (STRATEGIC, TACTICAL, *self.other, UNCERTAIN)
        body["total"] = self.total
        body["share"] = {label: round(self.share(label), _SHARE_DIGITS) for label in labels}
        return body


@dataclass(slots=True)
class SourceInfo:
    name: str  # board / project name
    kind: str  # "trello" | "jira"
    origin: str | None = None  # the path or URL exactly as the user gave it, never resolved
    # a report of several boards: each one's name, kind, origin and items (not in the JSON)
    parts: tuple[BoardPart, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "kind": self.kind, "origin": self.origin}


@dataclass(slots=True)
class Summary:
    items: LabelCounts = field(default_factory=LabelCounts)
    # Each activity counts once toward the label of the item it touched.
    activities: LabelCounts = field(default_factory=LabelCounts)
    activities_by_kind: dict[str, int] = field(default_factory=dict)
    total_activities: int = 0
    unmatched_activities: int = 0  # on items absent from the export (deleted, moved away)
    anonymous_activities: int = 0  # no actor known
    people: int = 0
    closed_items: int = 0  # archived / removed (Trello archived card, Jira deleted or moved)
    done_items: int = 0  # finished: resolved, status category done, a Trello done list
    first_activity: datetime | None = None
    last_activity: datetime | None = None
    skipped: int = 0  # records skipped; the parts of the export left out are not records


@dataclass(slots=True)
class WindowStats:
    """Activity in one time window (the whole board's, or one person's).

    ``strategic_share`` is strategic / (strategic + tactical), None when neither; ``judged`` says
    whether the window had enough labelled activity to count for drift (``drift_min_activities``
    per person, twice that for the board).
    """

    window: str  # "2024-03", "2024-W11", "2024-Q1", "Sprint 7", "2024-01-01..2024-01-14"
    start: date  # first day
    end: date  # last day (inclusive)
    activities: int = 0
    strategic: int = 0
    tactical: int = 0
    uncertain: int = 0
    strategic_share: float | None = None
    judged: bool = False


@dataclass(slots=True)
class PersonStats:
    id: str
    name: str
    username: str | None = None
    total_activities: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)
    # Their activities, each counted toward the label of the item it touched.
    activity: LabelCounts = field(default_factory=LabelCounts)
    # Items they are assignee or member of.
    assigned_items: LabelCounts = field(default_factory=LabelCounts)
    # Items they reported / created.
    reported_items: LabelCounts = field(default_factory=LabelCounts)
    first_activity: datetime | None = None
    last_activity: datetime | None = None
    # Issue 4: the role from the roles file ("pm", "po", "pm+po", custom), or the inferred one when
    # ``Report.roles_inferred``; None when neither.
    declared_role: str | None = None
    # Verdict on their balance against that role (status drifting | off-role | on-role | too-thin |
    # not-judged); None for people with no activity at all.
    drift: PersonDrift | None = None
    # One entry per ``Report.windows`` entry (same order, same length); empty without activity.
    windows: list[WindowStats] = field(default_factory=list)

    def count(self, kind: str) -> int:
        return self.by_kind.get(kind, 0)


@dataclass(slots=True)
class ItemResult:
    id: str
    key: str | None
    title: str
    label: str  # after the threshold: strategic | tactical | uncertain
    confidence: float  # probability of ``predicted_label``
    reason: str
    type: str | None = None
    status: str | None = None
    assignee: str | None = None  # display name
    assignee_id: str | None = None
    predicted_label: str | None = None  # the model's label before the threshold
    terms: list[str] = field(default_factory=list)
    column: str | None = None
    closed: bool = False
    created: datetime | None = None
    updated: datetime | None = None
    activity_count: int = 0
    url: str | None = None
    # Every owner, the assignee first: a Trello card's other members too (the people tables count
    # each; Report.other_owners), one or none for the other items. Names as ``assignee``, ids as
    # ``assignee_id``; after the fields above, so the JSON's items keep their first keys.
    assignees: list[str] = field(default_factory=list)
    assignee_ids: list[str] = field(default_factory=list)

    @property
    def ref(self) -> str:
        """What a person would call the item: its key, else its id."""
        return self.key or self.id


class _Deferred:
    """In an item's ``reason`` / ``terms`` slot: "read me from the item's source"."""

    __slots__ = ()

    def __reduce__(self) -> str:  # copies and pickles stay this one object
        return "DEFERRED"

    def __repr__(self) -> str:
        return "<deferred>"


DEFERRED: Any = _Deferred()
_REASON, _TERMS = ItemResult.reason, ItemResult.terms  # the base class's slots
_ITEM_FIELDS = attrgetter(*(f.name for f in dataclasses.fields(ItemResult)))


class ItemParts(Protocol):
    """Where a :class:`DeferredItemResult` reads its reason and terms (a classifier's batch)."""

    def reason(self, row: int) -> str: ...

    def terms(self, row: int) -> list[str]: ...

    def reason_and_terms(self, row: int) -> tuple[str, list[str]]: ...


class BulkItemParts(ItemParts, Protocol):
    """An :class:`ItemParts` that also gives many rows' reasons and terms at once."""

    def reasons_and_term_lists(self, rows: Sequence[int]) -> tuple[list[str], list[list[str]]]: ...


class DeferredItemResult(ItemResult):
    """An :class:`ItemResult` whose ``reason`` and ``terms`` are built when read, from the
    classifier's batch (``source.reason(row)``, ``source.terms(row)``): a 1M-item report holds no
    reason text (~220 bytes an item) nor terms list, and its JSON writes them chunk by chunk.

    It is an ItemResult in every other way: the same fields, equal to an ItemResult with the same
    values, the same repr, assignable fields (a value assigned is kept).
    """

    __slots__ = ("_source", "_row")

    def __init__(self, *args: Any, **kwargs: Any) -> None:  # dataclasses.replace, copies
        ItemResult.__init__(self, *args, **kwargs)
        self._source: ItemParts | None = None
        self._row = 0

    def read_from(self, source: ItemParts, row: int) -> None:
        """Read ``reason`` and ``terms`` from ``source`` from now on, where they hold
        :data:`DEFERRED` (both are, for a new item made with ``reason=terms=DEFERRED``)."""
        self._source, self._row = source, row

    @property  # type: ignore[override]
    def reason(self) -> str:
        value = _REASON.__get__(self)
        return self._source.reason(self._row) if value is DEFERRED else value  # type: ignore[union-attr]

    @reason.setter
    def reason(self, value: str) -> None:
        _REASON.__set__(self, value)

    @property  # type: ignore[override]
    def terms(self) -> list[str]:
        value = _TERMS.__get__(self)
        return self._source.terms(self._row) if value is DEFERRED else value  # type: ignore[union-attr]

    @terms.setter
    def terms(self, value: list[str]) -> None:
        _TERMS.__set__(self, value)

    def reason_and_terms(self) -> tuple[str, list[str]]:
        """``(self.reason, self.terms)`` in one read of the source (what a format writes)."""
        reason, terms = _REASON.__get__(self), _TERMS.__get__(self)
        if reason is DEFERRED and terms is DEFERRED:
            return self._source.reason_and_terms(self._row)  # type: ignore[union-attr]
        return self.reason, self.terms

    def __eq__(self, other: object) -> bool:
        if isinstance(other, ItemResult):
            return _ITEM_FIELDS(self) == _ITEM_FIELDS(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # as ItemResult's

    def __repr__(self) -> str:
        return ItemResult.__repr__(self).replace(type(self).__qualname__, "ItemResult", 1)


_SOURCE, _ROW = attrgetter("_source"), attrgetter("_row")


def reasons_and_terms(items: Sequence[ItemResult]) -> tuple[list[Any], list[Any]]:
    """``(reasons, term_lists)``: each item's ``(item.reason, item.terms)`` (or
    ``reason_and_terms()``), read for many items at once: the deferred ones from their source's
    ``reasons_and_term_lists`` (:class:`BulkItemParts`), one call per source, where it has one."""
    n = len(items)
    if n and set(map(type, items)) == {DeferredItemResult}:  # a scan's chunk: one batch, mostly
        sources = list(map(_SOURCE, items))
        first = sources[0]
        bulk = getattr(first, "reasons_and_term_lists", None)
        if (
            bulk is not None
            and all(map(is_, sources, repeat(first)))
            and all(map(is_, map(_REASON.__get__, items), repeat(DEFERRED)))
            and all(map(is_, map(_TERMS.__get__, items), repeat(DEFERRED)))
        ):
            return bulk(list(map(_ROW, items)))
    reasons: list[Any] = [None] * n
    term_lists: list[Any] = [None] * n
    groups: dict[int, tuple[BulkItemParts, list[int]]] = {}
    for k, item in enumerate(items):
        if type(item) is DeferredItemResult:
            source = item._source
            if (
                _REASON.__get__(item) is DEFERRED
                and _TERMS.__get__(item) is DEFERRED
                and hasattr(source, "reasons_and_term_lists")
            ):
                groups.setdefault(id(source), (source, []))[1].append(k)  # type: ignore[arg-type]
            else:
                reasons[k], term_lists[k] = item.reason_and_terms()
        else:
            reasons[k], term_lists[k] = item.reason, item.terms
    for source, places in groups.values():
        said, lists = source.reasons_and_term_lists([items[k]._row for k in places])  # type: ignore[attr-defined]
        for k, reason, terms in zip(places, said, lists, strict=True):
            reasons[k], term_lists[k] = reason, terms
    return reasons, term_lists


def json_reasons_and_terms(
    items: Sequence[ItemResult], layout: tuple[str, str, str, str]
) -> tuple[list[str], list[str]] | None:
    """The reasons and term lists of a chunk of deferred items read from one source, as JSON
    texts from the source's ``json_reasons_and_term_lists(rows, layout)`` (a classifier's batch:
    see ``models._batch._Batch``); None for any other chunk (mixed sources, an assigned
    reason or terms, another kind of item or source): :func:`reasons_and_terms` then."""
    found = _one_source(items, "json_reasons_and_term_lists")
    return None if found is None else found[0](found[1], layout)


def utf8_reason_pieces(
    items: Sequence[ItemResult], layout: tuple[str, str, str, str]
) -> tuple[list[bytes], list[bytes], list[bytes], list[bytes]] | None:
    """:func:`json_reasons_and_terms` as UTF-8 bytes, each reason in three pieces to lay one
    after the other (no reason text made per item), from the source's
    ``utf8_reason_pieces(rows, layout)``: ``(heads, middles, endings, term_lists)``; None for
    a chunk :func:`json_reasons_and_terms` would give None for, or a source without it."""
    found = _one_source(items, "utf8_reason_pieces")
    return None if found is None else found[0](found[1], layout)


def _one_source(items: Sequence[ItemResult], method: str) -> tuple[Any, list[int]] | None:
    """``(source.method, rows)`` for a chunk of deferred items whose reasons and terms all are
    still their one source's (none assigned); else None."""
    if not items or set(map(type, items)) != {DeferredItemResult}:
        return None
    sources = list(map(_SOURCE, items))
    first = sources[0]
    bulk = getattr(first, method, None)
    if (
        bulk is None
        or not all(map(is_, sources, repeat(first)))
        or not all(map(is_, map(_REASON.__get__, items), repeat(DEFERRED)))
        or not all(map(is_, map(_TERMS.__get__, items), repeat(DEFERRED)))
    ):
        return None
    return bulk, list(map(_ROW, items))


@dataclass(slots=True)
class Skipped:
    """What the reader could not use: ``records``, one readable line per record it skipped
    (``count`` of them), and ``parts``, one line per kind of part of the export it left out,
    each counting many ("457 comment cell(s) ... were ignored"): no record, so ``count`` and
    the summary's ``skipped`` leave them out (:attr:`connectors.interface.Board.skipped_parts`)."""

    count: int = 0
    records: list[str] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)
    # a combined report's boards whose records or parts these are (each line is led by its
    # board's name; the note names them: skipped_note); empty for one board's report
    boards: list[str] = field(default_factory=list)
    # issues the export holds more than once, each read once (:class:`connectors.interface.
    # Repeats`): one line per issue, the copies left out, what a copy is ("row", "copy",
    # "record") and whether the first copy was kept for want of update times; not records
    # that could not be read (``count`` and :attr:`lines` leave them out)
    repeats: list[str] = field(default_factory=list)
    repeated: int = 0
    repeat_unit: str = "row"
    first_kept: bool = False

    @property
    def lines(self) -> list[str]:
        """Every line a report lists, the records' first; empty when nothing was skipped."""
        return self.records + self.parts

    def to_dict(self) -> dict[str, Any]:
        """JSON: ``boards`` only when there are any (one board's report is as before), and
        ``repeats`` only when the export holds an issue more than once."""
        found: dict[str, Any] = {"count": self.count, "records": self.records}
        found["parts"] = self.parts
        if self.boards:
            found["boards"] = self.boards
        if self.repeats:
            found["repeats"] = {
                "issues": len(self.repeats),
                "copies": self.repeated,
                "lines": self.repeats,
            }
        return found


#: Why an account is taken for automation (:mod:`analyzer.automation`): the source says it is an
#: app (Jira Cloud's ``accountType``), its name says so, or the roles file declares it.
BY_ACCOUNT_TYPE, BY_NAME, BY_ROLES_FILE = "account type", "name", "roles file"


@dataclass(slots=True)
class AutomationAccount:
    """One bot, app or service account of the board: not a person (:mod:`analyzer.automation`).
    ``activities``: the board's own activities by it, which count as nobody's work."""

    id: str
    name: str
    activities: int = 0
    why: str = BY_NAME  # account type | name | roles file


@dataclass(slots=True)
class Automation:
    """The board's automation accounts (busiest first) and their activities in all: set apart
    from the people, their balance, roles, drift and flags; their items still count."""

    accounts: list[AutomationAccount] = field(default_factory=list)
    activities: int = 0


def counted(count: int, one: str, many: str, none: str | None = None) -> str:
    """``1 item`` / ``1,329 items``; ``none`` (e.g. "no activity") for 0 when given."""
    if not count and none is not None:
        return none
    return f"{count:,} {one if count == 1 else many}"


def skipped_subject(skipped: Skipped) -> str:
    """What ``skipped`` says was left out, as a sentence's subject: "3 records", "1 record",
    "parts of the export" (only lines counting comment cells, dates or activities: no record),
    "2 records and parts of the export"."""
    return records_subject(len(skipped.records), bool(skipped.parts))


def records_subject(records: int, parts: bool) -> str:
    """:func:`skipped_subject` of ``records`` unreadable records and (``parts``) parts."""
    counted_records = counted(records, "record", "records")
    if not parts:
        return counted_records
    return f"{counted_records} and parts of the export" if records else "parts of the export"


def unread_clause(records: int, parts: bool) -> str:
    """ "3 records could not be read and were skipped", "parts of the export could not be read
    and were skipped": the skipped note's words (:func:`skipped_note`, one board), for a
    line that has no report (``import``'s); "" when nothing was skipped."""
    if not records and not parts:
        return ""
    subject = records_subject(records, parts)
    was = "was" if subject == "1 record" else "were"
    return f"{subject} could not be read and {was} skipped"


_UNITS = {"row": "rows", "copy": "copies", "record": "records"}


def repeats_lead(skipped: Skipped) -> str:
    """What the repeated issues come to, for a note and over their list: "13,124 rows repeat 95
    issues already read and were left out (each counted once, as last updated)"; "1 copy
    repeats an issue already read and was left out (counted once, as first read)"."""
    copies, issues = skipped.repeated, len(skipped.repeats)
    unit = skipped.repeat_unit if copies == 1 else _UNITS.get(skipped.repeat_unit, "records")
    verb, was = ("repeats", "was") if copies == 1 else ("repeat", "were")
    which = "an issue" if issues == 1 else f"{issues:,} issues"
    each = "counted once" if issues == 1 else "each counted once"
    kept = "as first read" if skipped.first_kept else "as last updated"
    return f"{copies:,} {unit} {verb} {which} already read and {was} left out ({each}, {kept})"


def repeats_note(skipped: Skipped) -> str:
    """The report's note on the issues the export holds more than once (:func:`repeats_lead`)."""
    return f"{repeats_lead(skipped)}."


def repeats_count_text(skipped: Skipped) -> str:
    """For a report's About: "13,124 repeated rows of 95 issues"."""
    return repeated_copies(skipped.repeated, len(skipped.repeats), skipped.repeat_unit)


def repeated_copies(copies: int, issues: int, unit: str) -> str:
    """ "13,124 repeated rows of 95 issues", "1 repeated copy of 1 issue"."""
    unit = unit if copies == 1 else _UNITS.get(unit, "records")
    return f"{copies:,} repeated {unit} of {counted(issues, 'issue', 'issues')}"


#: What a skipped line refers to, left out when lines are compared for their reason
#: (:func:`grouped_lines`), as the readers write them: its place in the export and the record's
#: own key or id, each a segment before ": " ("row 66: …", "issue #4: issue PROJ-9: …", "card
#: #3: card 5f0c…: …", "member 5f0c…: …", "custom field #2: …", "row 9 (PROJ-3): …"; a merged
#: board's lines are led by its name), and the id a Jira CSV row holds alone ("issue id 6333243
#: and no key, …", ``jira_csv_cells.id_alone``). A number anywhere else is part of the reason.
_REFERENCE = re.compile(
    r"(?:^|(?<=: ))(?:row|issue|card|action|list|label|member|checklist|custom field) "
    r"\S+(?: \([^)]*\))?(?=: )"
    r"|(?<=issue id )\S.*?(?= and no key, summary, type or status)"
)
#: A line's place: "row 66", "issue #4" (its first reference numbered, after a merged board's
#: name): the word, "#" or not, the number.
_PLACE = re.compile(
    r"(?:^|(?<=: ))(row|issue|card|action|list|label|checklist|custom field) (#?)(\d+)(?=: | \()"
)
#: Lines of one reason a report shows as one (the first, and how many more like it).
GROUP_FROM = 3


def grouped_lines(lines: Sequence[str]) -> list[str]:
    """Lines as a report lists them: those saying the same but for what they refer to (42 rows
    "row 66: issue id 6333243 and no key, summary, type or status: not an issue") shown once,
    at the first one's place, with how many more and where ("… (and 41 more like it: rows
    67–107)"); fewer than :data:`GROUP_FROM` of a reason are shown as they are. The JSON
    keeps every line."""
    groups: dict[str, list[str]] = {}
    for line in lines:
        groups.setdefault(_REFERENCE.sub("#", line), []).append(line)
    if all(len(group) < GROUP_FROM for group in groups.values()):
        return list(lines)
    shown: list[str] = []
    for group in groups.values():
        if len(group) < GROUP_FROM:
            shown.extend(group)
            continue
        first, more = group[0], len(group) - 1
        where = _places(group[1:])
        shown.append(f"{first} (and {more:,} more like it{where})")
    return shown


def _places(lines: Sequence[str]) -> str:
    """ ": rows 67–107, 110" for lines placed "row 67: …" alike (one place word before a
    number, :data:`_PLACE`); "" when they are placed otherwise. At most 6 runs are named."""
    word = mark = None
    numbers: list[int] = []
    for line in lines:
        found = _PLACE.search(line)
        if found is None or (word is not None and (found[1], found[2]) != (word, mark)):
            return ""
        word, mark = found[1], found[2]
        numbers.append(int(found[3]))
    runs: list[str] = []
    start = end = numbers[0]
    for number in [*numbers[1:], None]:
        if number is not None and number == end + 1:
            end = number
            continue
        runs.append(f"{mark}{start}–{mark}{end}" if end > start else f"{mark}{start}")
        if number is not None:
            start = end = number
    tail = ", …" if len(runs) > 6 else ""
    return f": {word}s {', '.join(runs[:6])}{tail}"


def skipped_heading(skipped: Skipped) -> str:
    """The heading over the list of the skipped lines: "Skipped records", "Skipped parts of
    the export" (only parts: "Skipped records" told of records where none was left out),
    "Skipped records and parts of the export"."""
    if not skipped.parts:
        return "Skipped records"
    if not skipped.records:
        return "Skipped parts of the export"
    return "Skipped records and parts of the export"


def skipped_note(skipped: Skipped) -> str:
    """The report's note on ``skipped``: "3 records could not be read and were skipped.", "1
    record could not be read and was skipped.", "Parts of the export could not be read and
    were skipped."; a combined report's names the boards ("Parts of the export of Sales could
    not be read and were skipped.")."""
    subject = skipped_subject(skipped)
    was = "was" if subject == "1 record" else "were"
    return f"{skipped_lead(skipped)} and {was} skipped."


def skipped_lead(skipped: Skipped) -> str:
    """ "3 records could not be read", "Parts of the export could not be read" ("… of Sales and
    Ops could not be read" in a combined report): the start of the note and of a report's list
    of the skipped lines (:attr:`Skipped.lines`)."""
    subject = skipped_subject(skipped) + skipped_boards(skipped)
    return f"{subject[:1].upper()}{subject[1:]} could not be read"


#: The boards a combined report's skipped note names; more are counted ("and 3 other boards").
_NAMED_BOARDS = 4


def skipped_boards(skipped: Skipped) -> str:
    """ " of Sales", " of Sales and Ops", " of A, B, C, D and 2 other boards": whose the
    skipped lines of a combined report are (its lines are each led by the name); "" for one
    board's report."""
    names = [name if len(name) <= 80 else f"{name[:79]}…" for name in skipped.boards]
    if not names:
        return ""
    if len(names) > _NAMED_BOARDS:
        more = len(names) - _NAMED_BOARDS
        names = [*names[:_NAMED_BOARDS], f"{more} other board{'s' if more > 1 else ''}"]
    return f" of {and_joined(names)}"


def and_joined(words: Sequence[str]) -> str:
    """ "A", "A and B", "A, B and C": words as a sentence lists them ("" for none)."""
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def sentence_start(message: str, name: str | None = None) -> str:
    """``message`` opening a sentence: its first letter a capital, but a person's ``name`` it
    begins with kept as written ("polob stays on role", not "Polob": a username, a name
    written in lower case, "de Vries" are that person's own spelling)."""
    if name and message.startswith(name):
        return message
    return message[:1].upper() + message[1:]


class ItemsMadeWhenRead:
    """:attr:`Report.items`: every item of the report, always read as a list.

    A scan's report holds its items as columns (:class:`analyzer.item_columns.ItemColumns`:
    no item object per item) until they are first read; the list is made then, once, kept in
    their place, and holds the items read before (the top lists') themselves. :meth:`held`
    gives what is held, unmade (the JSON writer lays the columns' bytes). Anything else
    (a list, what is assigned or given to the constructor) is held and read as it is.
    """

    __slots__ = ("_slot",)

    def __init__(self, slot: Any) -> None:
        self._slot = slot  # the dataclass' own slot for the field, where the value is held

    @overload
    def __get__(self, report: None, owner: type | None = None) -> ItemsMadeWhenRead: ...

    @overload
    def __get__(self, report: Report, owner: type | None = None) -> list[ItemResult]: ...

    def __get__(self, report: Report | None, owner: type | None = None) -> Any:
        if report is None:
            return self
        value = self._slot.__get__(report, owner)
        if type(value) is not list and hasattr(value, "to_list"):  # a scan's columns
            value = value.to_list()
            self._slot.__set__(report, value)
        return value

    def __set__(self, report: Report, value: Sequence[ItemResult]) -> None:
        self._slot.__set__(report, value)

    def held(self, report: Report) -> Sequence[ItemResult]:
        """The items as held: the list, or a scan's columns not read yet."""
        return self._slot.__get__(report, type(report))


def _items_made_when_read(cls: type[Report]) -> type[Report]:
    """``cls.items`` read through :class:`ItemsMadeWhenRead`. (A slots dataclass makes its
    fields' slots after the class body, in place of any descriptor declared there, so this
    decorator, above ``@dataclass``, puts the descriptor over the slot the dataclass made.)"""
    cls.items = ItemsMadeWhenRead(cls.__dict__["items"])  # type: ignore[assignment]
    return cls


@_items_made_when_read
@dataclass(slots=True)
class Report:
    source: SourceInfo
    generated_at: datetime
    threshold: float = DEFAULT_THRESHOLD
    model: str = "bundled"
    summary: Summary = field(default_factory=Summary)
    people: list[PersonStats] = field(default_factory=list)
    top_strategic: list[ItemResult] = field(default_factory=list)
    top_tactical: list[ItemResult] = field(default_factory=list)
    skipped: Skipped = field(default_factory=Skipped)
    notes: list[str] = field(default_factory=list)
    # -- issue 4: roles, balance over time, drift, ownership flags --------------------------------
    roles_inferred: bool = True  # no roles file: each person's role was inferred from activity
    roles_file: str | None = None  # the roles file read, as given
    role_warnings: list[str] = field(default_factory=list)  # e.g. a name matching nobody
    thresholds: dict[str, float | int] = field(default_factory=dict)  # every threshold in use
    window: str = ""  # the window kind used: week | month | quarter | sprint | 14d ...
    window_note: str | None = None  # e.g. "no sprints on this board; used 14-day windows"
    as_of: datetime | None = None  # "now" for the day-based checks: the latest activity
    windows: list[WindowStats] = field(default_factory=list)  # the board, per window
    board_drift: BoardDrift | None = None  # does the board's overall balance move?
    flags: list[Flag] = field(default_factory=list)  # most severe first
    # A list when read; a scan's report holds its items as columns until then (ItemsMadeWhenRead).
    items: list[ItemResult] = field(default_factory=list)
    # -- custom role sets: a model trained on a taxonomy with more than two labels --------------
    labels: list[str] = field(default_factory=lambda: [STRATEGIC, TACTICAL])  # the model's labels
    # The most confident items of each label beyond strategic and tactical ({} for the default).
    top_other: dict[str, list[ItemResult]] = field(default_factory=dict)
    # -- issue 14: the answer first (analyzer.verdict); None before the ownership analysis ------
    verdict: Verdict | None = None
    # -- bots, apps and service accounts: not among the people, their activity nobody's work --
    automation: Automation = field(default_factory=Automation)
    schema_version: str = SCHEMA_VERSION
    # Item id -> the ids of its owners after its ``assignee``: a Trello card's other members (the
    # people tables count each). For the items tables and the HTML filter; not in the JSON
    # (TEXT_ONLY_FIELDS), whose items say every owner themselves (``assignees``).
    other_owners: dict[str, list[str]] = field(default_factory=dict)
    # Why the export holds no dated activity, when its reader can tell (analyzer.balance:
    # a Jira CSV of the current fields without Created, a Trello export without actions), for
    # the verdict's first line; not in the JSON (TEXT_ONLY_FIELDS), whose verdict says it.
    history_cause: str | None = None

    @property
    def extra_labels(self) -> list[str]:
        """The model's labels beyond strategic and tactical, in the model's order."""
        return [label for label in self.labels if label not in REPORT_LABELS]

    @property
    def shown_labels(self) -> list[str]:
        """The labels every format shows, in order: strategic and tactical (always for the
        default model, else when the model has them), the other labels, uncertain last."""
        extra = self.extra_labels
        known = [label for label in (STRATEGIC, TACTICAL) if label in self.labels or not extra]
        return [*known, *extra, UNCERTAIN]

    def top_items(self, label: str) -> list[ItemResult]:
        """The most confident items of ``label`` (``top_strategic``, ``top_tactical`` or
        ``top_other``)."""
        if label == STRATEGIC:
            return self.top_strategic
        if label == TACTICAL:
            return self.top_tactical
        return self.top_other.get(label, [])

    def items_by_id(self) -> dict[str, ItemResult]:
        """Item id -> item (evidence and drift refer to items by id). Build once, look up often."""
        return {item.id: item for item in self.items}

    def people_by_id(self) -> dict[str, PersonStats]:
        """Person id -> person (evidence refers to people by id)."""
        return {person.id: person for person in self.people}

    def owner_names(self) -> dict[str, list[str]]:
        """Item id -> the names of every owner of an item with several (its assignee first,
        then :attr:`other_owners` as the people tables name them). Build once, look up often."""
        if not self.other_owners:
            return {}
        names = {p.id: p.name for p in self.automation.accounts}
        names.update((p.id, p.name) for p in self.people)
        by_id = {item.id: item for item in self.items if item.id in self.other_owners}
        return {
            item_id: [
                *([item.assignee] if item.assignee else []),
                *(names.get(pid, pid) for pid in others),
            ]
            for item_id, others in self.other_owners.items()
            if (item := by_id.get(item_id)) is not None
        }

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict: ``schema_version`` and ``verdict`` first, then fields in declaration
        order (not :data:`TEXT_ONLY_FIELDS`)."""
        body = {
            f.name: to_jsonable(getattr(self, f.name))
            for f in dataclasses.fields(self)
            if f.name not in TEXT_ONLY_FIELDS
        }
        first = {name: body.pop(name) for name in FIRST_FIELDS}
        return {**first, **body}


def held_items(report: Report) -> Sequence[ItemResult]:
    """``report.items`` as held: the list, or a scan's columns not read yet (their items are
    made one by one when indexed; the JSON writer reads the columns)."""
    return Report.items.held(report)


def to_jsonable(value: Any) -> Any:
    """Plain JSON types from report values: dataclasses by field order, ISO dates, rounded floats.

    An object with a ``to_dict`` method decides its own shape.
    """
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        return round(value, _CONFIDENCE_DIGITS)
    if isinstance(value, enum.Enum):
        return to_jsonable(value.value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    to_dict = getattr(value, "to_dict", None)
    if callable(to_dict) and not isinstance(value, type):
        return to_dict()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value) if isinstance(value, set | frozenset) else value
        return [to_jsonable(v) for v in items]
    return str(value)
