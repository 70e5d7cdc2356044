"""Small text helpers the formats share: percentages, bars, one-line cells, flag evidence."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from _backlog_analyzer_runtime.percent import percent
from analyzer.flags.interface import SEVERITY_WORDS
from analyzer.report import (
    ItemResult,
    LabelCounts,
    PersonStats,
    Report,
    Summary,
    WindowStats,
    skipped_subject,
)
from analyzer.verdict import NO_SEVERE
from models._reason_terms import shown_below
from models.interface import STRATEGIC, TACTICAL, UNCERTAIN
from models.reasons import Reason

if TYPE_CHECKING:
    from analyzer.flags import Flag

FULL = "█"
EMPTY = "░"

#: How the formats name the default labels; other labels (custom role sets) by :func:`label_title`.
LABEL_TITLES = {STRATEGIC: "Strategic (PM)", TACTICAL: "Tactical (PO)", UNCERTAIN: "Uncertain"}


def label_title(label: str) -> str:
    """``strategic`` -> ``Strategic (PM)``; a custom label such as ``product-marketing`` ->
    ``Product marketing``."""
    known = LABEL_TITLES.get(label)
    if known:
        return known
    text = " ".join(label.replace("_", " ").replace("-", " ").split()) or label
    return text[:1].upper() + text[1:]


def label_phrase(label: str) -> str:
    """:func:`label_title` inside a sentence: ``strategic (PM)``, ``product marketing`` (the
    role's initials stay capitals: "Top strategic (PM) items", not "(pm)")."""
    title = label_title(label)
    return title[:1].lower() + title[1:]


def label_word(label: str) -> str:
    """A column heading for ``label``: ``Strategic``, ``Tactical``, ``Uncertain``, or its title."""
    return LABEL_TITLES[label].split(" (")[0] if label in LABEL_TITLES else label_title(label)


def other_labels_caption(report: Report) -> str:
    """One sentence for captions of the parts that judge strategic against tactical only."""
    extra = report.extra_labels
    if not extra:
        return ""
    return f" {', '.join(label_title(x) for x in extra)}: shown in the balance, not judged here."


def no_top_items(report: Report, label: str) -> str:
    """What an empty "top items" list of ``label`` says. The list holds items surer than
    ``balance.SUREST_ABOVE`` (strategic ones also naming direction work, and surer still on a
    board read at an implausible prior), not every item above the confidence threshold: so the
    sentence says how many items of that label there are instead of naming a threshold."""
    count = report.summary.items.count(label)
    word = label_word(label).lower()
    if count == 0:
        return f"No item reads as {word}."
    if count == 1:
        return f"The one {word} item is not sure enough to list."
    return f"None of the {count:,} {word} items is sure enough to list."


def pct(share: float) -> str:
    """``0.3661`` -> ``"36.6%"``; never ``"100.0%"`` or ``"0.0%"`` for a share that is not
    (:func:`_backlog_analyzer_runtime.percent.percent`)."""
    return percent(share, 1)


def confidence_pct(item: ItemResult, threshold: float) -> str:
    """An item's confidence as :func:`pct` shows it; an ``uncertain`` item's is never rounded up
    to the report's ``threshold`` (0.5999 at 0.60 reads ``59.9%``: ``shown_below``)."""
    confidence = item.confidence
    if item.label == UNCERTAIN:
        confidence = shown_below(confidence, threshold, places=3)
    return pct(confidence)


def reason_beside_confidence(item: ItemResult) -> str:
    """``item``'s reason where its confidence is shown beside it (top items, the HTML items
    table): a reason the model made (:class:`~models.reasons.Reason`) without its number,
    "strategic: 'roadmap', …", so one row does not give one number at two precisions (">99.9%"
    beside "strategic >0.99"; session 31's walk); any other reason as it is."""
    reason = item.reason or ""
    return reason.beside_confidence() if isinstance(reason, Reason) else reason


def bar(share: float, width: int = 10) -> str:
    """A fixed-width bar, rounded to the nearest cell (a non-zero share shows at least one)."""
    share = min(max(share, 0.0), 1.0)
    cells = round(share * width)
    if share > 0 and cells == 0:
        cells = 1
    return FULL * cells + EMPTY * (width - cells)


def share_cell(counts: LabelCounts, label: str, width: int = 10) -> str:
    share = counts.share(label)
    return f"{bar(share, width)} {pct(share):>6}"


def one_line(text: str | None, limit: int | None = None, *, cells: bool = False) -> str:
    """Collapse whitespace; cut to ``limit`` characters with an ellipsis. ``cells``: ``limit``
    counts display cells (a Chinese or Japanese character or an emoji is two), as a terminal
    lays text out and about as a browser does; a cut never splits an emoji sequence, a flag or a
    letter from its accent. The same as characters for text without wide characters."""
    flat = " ".join((text or "").split())
    if limit is None:
        return flat
    if cells and not flat.isascii():
        pieces = _graphemes(flat)
        if sum(width for _, width in pieces) <= limit:
            return flat
        kept, used = [], 0
        for piece, width in pieces:
            used += width
            if used > limit - 1:  # the "…" takes the last cell
                break
            kept.append(piece)
        return "".join(kept).rstrip() + "…"
    if len(flat) > limit:
        flat = flat[: max(limit - 1, 0)].rstrip() + "…"
    return flat


_ZWJ, _VS16 = "\u200d", "\ufe0f"


def _is_flag_half(char: str) -> bool:
    return "\U0001f1e6" <= char <= "\U0001f1ff"  # a regional indicator: two make a flag


def _graphemes(text: str) -> list[tuple[str, int]]:
    """``text`` as (piece, display cells) that a cut must keep whole: a character with its
    combining marks and variation selector, emoji joined by U+200D, a flag's two letters. Close
    enough to Unicode's grapheme clusters for cutting titles (rich's own splitter is newer than
    the rich this project allows)."""
    from rich.cells import get_character_cell_size

    out: list[tuple[str, int]] = []
    for char in text:
        size = get_character_cell_size(char)
        if out:
            piece, width = out[-1]
            if piece.endswith(_ZWJ):  # the next emoji of a joined sequence: no wider
                out[-1] = (piece + char, width)
                continue
            if size == 0:  # an accent, a joiner, a variation selector: part of the last piece
                out[-1] = (piece + char, max(width, 2) if char == _VS16 else width)
                continue
            if _is_flag_half(char) and len(piece) == 1 and _is_flag_half(piece):
                out[-1] = (piece + char, 2)
                continue
        out.append((char, size))
    return out


def day(value: datetime | None) -> str:
    return value.date().isoformat() if value else "—"


def human_day(value: datetime | date | None) -> str:
    """``2026-11-20`` -> ``20 Nov 2026`` (month names in English, as the rest of the report)."""
    if value is None:
        return "—"
    return f"{value.day} {value:%b %Y}"


def human_time(value: datetime) -> str:
    """``4 Dec 2026, 20:19 UTC`` (the time in its own zone, named when it has one)."""
    zone = value.tzname() if value.tzinfo else None
    return f"{human_day(value)}, {value:%H:%M}" + (f" {zone}" if zone else "")


def human_period(first: datetime | None, last: datetime | None) -> str:
    if first is None or last is None:
        return "no dated activity"
    return f"{human_day(first)} – {human_day(last)}"


def shown_origin(origin: str | None) -> str:
    """Where the data came from, without the local folders: a file's name, a URL as given; a
    combined report's origins (``connectors.merge`` joins them with ``"; "``) each so."""
    if not origin:
        return ""
    return "; ".join(_one_origin(part) for part in origin.split("; "))


def _one_origin(origin: str) -> str:
    if "://" in origin:
        return origin
    return origin.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1] or origin


def closed_text(summary: Summary) -> str:
    """``51 archived`` / ``12 done, 3 archived`` (done: finished work; archived: removed)."""
    return f"{summary.done_items:,} done, {summary.closed_items:,} archived"


#: The one definition of a person's share, stated once in every format.
SHARE_DEFINITION = (
    "A person's strategic share is strategic ÷ (strategic + tactical) of the activity they did; "
    "activity on uncertain items is counted but left out of every share."
)


def person_share(counts: LabelCounts) -> float | None:
    """A person's strategic share (:data:`SHARE_DEFINITION`); None without labelled activity."""
    labelled = counts.strategic + counts.tactical
    return counts.strategic / labelled if labelled else None


def idle_people_note(count: int, *, owning: bool = False) -> str:
    """A people table's note on the people it leaves out for doing nothing in the export
    (board members, assignees, reporters; none: ""); ``owning``: nor owning any item. Every
    person is in the JSON."""
    if not count:
        return ""
    who = "1 person" if count == 1 else f"{count:,} people"
    what = "no activity and no item" if owning else "no activity"
    return f" {who} with {what} here left out (every person is in --format json)."


#: Each threshold in words a reader knows ({} is its value); the key is in the roles file.
THRESHOLD_WORDS = {
    "roadmap_owner_days": "a PM touches strategic work at least every {} days",
    "unowned_strategic_share": "at most {:.0%} of open strategic items without an assignee",
    "stale_roadmap_days": "some strategic item changes at least every {} days",
    "backlog_days": "the backlog is prioritised or refined at least every {} days",
    "untouched_tactical_share": "at most {:.0%} of open tactical items unassigned and untouched",
    "missing_ac_share": "at most {:.0%} of open stories without acceptance criteria",
    "min_items": "share checks need at least {} items",
    "overlap_share": "one person doing {:.0%} of both the strategic and the tactical shaping",
    "overlap_min_activities": "counted from {} shaping activities of one person",
    "drift_min_activities": "a window counts from {} labelled activities",
    "drift_recent_windows": "recent means the last {} judged windows",
    "drift_min_move": "a person's share moves by at least {:.0%}",
    "board_drift_min_move": "the board's share moves by at least {:.0%}",
    "pm_min_strategic_share": "a PM does at least {:.0%} strategic work",
    "po_min_tactical_share": "a PO does at least {:.0%} tactical work",
    "infer_min_activities": "a role is inferred from {} labelled activities",
    "stale_item_days": "an open item is stale after {} days untouched",
    "stale_items_share": "at most {:.0%} of open items stale",
    "rot_days": "an open item rots after {} days unassigned, undated and untouched",
    "rot_share": "at most {:.0%} of open items rotting",
    "ready_missing_ac_share": "at most {:.0%} of ready items without acceptance criteria",
    "ready_min_items": "judged from {} items in ready/next columns",
    "unowned_items_share": "at most {:.0%} of open items without an assignee or a type",
}


def threshold_words(thresholds: dict[str, float | int]) -> str:
    """``{"roadmap_owner_days": 60}`` -> "a PM touches strategic work at least every 60 days"."""
    out = []
    for key, value in thresholds.items():
        words = THRESHOLD_WORDS.get(key)
        try:
            out.append(words.format(value) if words else f"{key} = {value}")
        except (ValueError, TypeError):
            out.append(f"{key} = {value}")
    return "; ".join(out)


def verdict_mark(ok: bool | None) -> str:
    return {True: "✓", False: "!", None: "·"}[ok]


def skipped_count_text(report: Report) -> str:
    """How many records the reader skipped, for a report's About: "3"; with parts of the
    export left out (comment cells, dates: :func:`~analyzer.report.skipped_subject`), "2
    records and parts of the export" in words."""
    skipped = report.skipped
    return skipped_subject(skipped) if skipped.parts else f"{skipped.count:,}"


#: What an About table says when the reader skipped nothing (the HTML's Skipped section says
#: "Every record could be read."; the terminal and the HTML summary say nothing then).
NOTHING_SKIPPED = "none: every record could be read"


def skipped_fact(report: Report) -> tuple[str, str]:
    """An About table's row on what the reader skipped: ("Skipped records", "3"); with parts
    of the export left out, ("Skipped", "parts of the export"): "Skipped records" over them
    told of records where none was left out; nothing left out, :data:`NOTHING_SKIPPED` (was a
    bare "0")."""
    if not report.skipped.lines and not report.skipped.count:
        return ("Skipped records", NOTHING_SKIPPED)
    said = skipped_count_text(report)
    return ("Skipped" if report.skipped.parts else "Skipped records", said)


def no_flags_text(report: Report) -> str:
    """What "no flag" means for this report: all clear only when the data can say so."""
    verdict = report.verdict
    if verdict is None:
        return "Roles, roadmap and backlog look owned."
    if verdict.status == "healthy":  # no flag: no counts, and "Flags: none raised" says the rest
        return verdict.headline.replace(f" ({NO_SEVERE}).", ".")
    if verdict.status == "no-verdict":
        limits = " ".join(verdict.limits)
        return f"Too little data to judge: {limits[:1].lower()}{limits[1:]}"
    if verdict.status == "attention":  # no flag: the roles file's entries to check (the verdict)
        return "Ownership is judged on the roles file's entries that match; check the others."
    return "With this many uncertain items, an error or warning may be hidden."


def period(first: datetime | None, last: datetime | None) -> str:
    if first is None or last is None:
        return "no dated activity"
    return f"{day(first)} → {day(last)}"


# -- issue 4: flags, roles, windows ---------------------------------------------------------------

SPARKS = "▁▂▃▄▅▆▇█"
NO_DATA = "·"
SEVERITY_WORD = {severity: word.upper() for severity, word in SEVERITY_WORDS.items()}
DRIFT_WORD = {
    "drifting": "drifting",
    "off-role": "off role",
    "on-role": "on role",
    "too-thin": "too thin to judge",
    "not-judged": "—",
}
MAX_EVIDENCE = 5


def sparkline(windows: Sequence[WindowStats], judged_only: bool = False) -> str:
    """One character per window: the strategic share as a block height, ``·`` for no data."""
    out = []
    for w in windows:
        share = w.strategic_share
        if share is None or (judged_only and not w.judged):
            out.append(NO_DATA)
        else:
            out.append(SPARKS[min(int(share * len(SPARKS)), len(SPARKS) - 1)])
    return "".join(out)


def role_text(report: Report, person: PersonStats) -> str:
    if not person.declared_role:
        return "—"
    return f"{person.declared_role} (inferred)" if report.roles_inferred else person.declared_role


def drift_text(person: PersonStats) -> str:
    d = person.drift
    if d is None:
        return "—"
    word = DRIFT_WORD.get(d.status, d.status)
    if d.status in ("drifting", "off-role") and d.recent_share is not None:
        return f"{word} ({pct_or_na(d.baseline_share)} → {pct_or_na(d.recent_share)} strategic)"
    return word


def pct_or_na(share: float | None) -> str:
    return "n/a" if share is None else percent(share)


@dataclass(slots=True)
class EvidenceText:
    items: list[str]  # "PRJ-12 Title of the item"
    more_items: int  # the finding's items beyond those shown (not only the cited ones)
    people: list[str]  # display names
    dates: list[str]
    more_at_least: bool = False  # more_items is a lower bound (merged checks)
    date_labels: list[str] = field(default_factory=list)  # what each date is (may be none)

    def lines(self) -> list[str]:
        out = []
        if self.items:
            more = (
                f" (+{more_text(self.more_items, self.more_at_least)})" if self.more_items else ""
            )
            out.append("Items: " + "; ".join(self.items) + more)
        if self.people:
            out.append("People: " + ", ".join(self.people))
        if self.dates:
            out.append("Dates: " + dates_in_words(self.dates, self.date_labels))
        return out


def evidence_text(
    flag: Flag,
    items: dict[str, ItemResult],
    people: dict[str, PersonStats],
    limit: int = MAX_EVIDENCE,
    title_limit: int = 50,
    cells: bool = False,
) -> EvidenceText:
    """A flag's evidence in words: item keys with titles, people's names, dates. ``cells``:
    titles cut to ``title_limit`` terminal cells, not characters (:func:`one_line`)."""
    refs = []
    for item_id in flag.evidence.items[:limit]:
        item = items.get(item_id)
        title = one_line(item.title, title_limit, cells=cells) if item else ""
        refs.append(f"{item.ref} {title}" if item else item_id)
    names = [people[p].name if p in people else p for p in flag.evidence.people]
    dates = [d for d in flag.evidence.dates if d]
    more, at_least = more_evidence_items(flag.evidence, len(refs))
    return EvidenceText(refs, more, names, dates, at_least, list(flag.evidence.date_labels))


def dates_in_words(
    dates: Sequence[str], labels: Sequence[str | None] | None, bare: str = " → ", show: Any = str
) -> str:
    """A flag's evidence dates, each after what it is: "latest strategic change 2023-03-13,
    board's last activity 2024-03-11"; a "to" continues the date before it ("shaping from
    2024-01-02 to 2024-03-04"). Unlabelled (a check without labels; a JSON report's evidence
    from before its ``date_labels``, or with nulls), joined by ``bare``. ``show``: a date's
    text."""
    if not labels or len(labels) != len(dates) or None in labels:
        return bare.join(show(d) for d in dates)
    out = ""
    for n, (label, d) in enumerate(zip(labels, dates, strict=True)):
        out += ("" if n == 0 else " " if label == "to" else ", ") + f"{label} {show(d)}"
    return out


def more_text(count: int, at_least: bool = False) -> str:
    """ "N more" (or "at least N more") items of a finding beyond those a report lists."""
    return f"{'at least ' if at_least else ''}{count:,} more"


def more_evidence_items(evidence: Any, shown: int) -> tuple[int, bool]:
    """How many of a flag's items are beyond the ``shown`` first ones, and whether that is a
    lower bound: its ``evidence`` (an :class:`~analyzer.flags.interface.Evidence` or the JSON
    report's dict, which holds the cited ids alone) knows the finding's total when it has
    ``item_total``."""
    if isinstance(evidence, Mapping):
        items, total, at_least = evidence.get("items") or [], None, False
    else:
        items, total = evidence.items, evidence.item_total
        at_least = evidence.item_total_at_least
    return max(max(total or 0, len(items)) - shown, 0), bool(at_least)
