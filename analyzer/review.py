"""A corrections worksheet: the items of a board most worth a person's look, as a CSV that
``scan --corrections`` and ``train --corrections`` read once a person fills its ``label`` column.

A team with 900 items cannot label them all; what closes the gap a model-wide change cannot
(sessions 23–27: direction work filed as stories, worded as outcomes, on boards read at a low
strategic share) is the team's labels on the right few. :func:`review_sheet` ranks a scanned
board's items by one of :data:`STRATEGIES` (chosen by ``benchmarks/bench_review.py`` on the dev
halves: ``models/HISTORY.md``, session 28) and keeps the first ``count`` that are not labelled
yet; :func:`render_sheet` writes them for a spreadsheet.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from analyzer.corrections import FORMULA_STARTS, Corrections
from analyzer.defaults import DEFAULT_REVIEW_COUNT
from analyzer.errors import OptionError
from analyzer.report import ItemResult, Report
from connectors.interface import RemoteError
from models.interface import STRATEGIC
from models.rules import NO_TEXT_REASON, places_direction

if TYPE_CHECKING:
    from analyzer.live import PartialScan
    from analyzer.options import ScanOptions
    from analyzer.pipeline import ProgressCallback

#: The worksheet's columns: the two the corrections reader needs first (``label`` empty, for the
#: person), then what lets a person decide without opening the board.
COLUMNS = (
    "item",
    "label",
    "title",
    "model_label",
    "confidence",
    "reason",
    "list",
    "status",
    "type",
    "url",
)
#: Issue types that name direction work (the ``direction`` strategy).
DIRECTION_TYPES = frozenset({"epic", "initiative", "theme", "feature", "objective", "goal"})


@dataclass(frozen=True, slots=True)
class ReviewRow:
    """One item a person is asked about, with what the model said of it."""

    item: str  # its key (a Trello short link, PROJ-12) or id
    title: str
    model_label: str  # after the threshold: strategic | tactical | uncertain (or the model's)
    confidence: float
    reason: str
    list: str = ""
    status: str = ""
    type: str = ""
    url: str = ""


@dataclass(frozen=True, slots=True)
class ReviewSheet:
    """The items to ask about, in the order asked, and what was left out."""

    rows: tuple[ReviewRow, ...]
    items: int  # on the board
    already: int  # already labelled in the given corrections file
    strategy: str


def strategic_probability(item: ItemResult) -> float:
    """The model's probability that ``item`` is strategic (before the threshold): its
    confidence when it leans strategic, else its complement (a two-label model)."""
    leaning = item.predicted_label or item.label
    return item.confidence if leaning == STRATEGIC else 1.0 - item.confidence


def _leans_strategic(item: ItemResult) -> bool:
    return (item.predicted_label or item.label) == STRATEGIC


def _margin(item: ItemResult) -> float:
    """How far the item is from the decision: its confidence in the label it leans to."""
    return item.confidence


def names_direction(item: ItemResult) -> bool:
    """Whether an item's title, list or labels name direction work (``models.rules.
    places_direction``: an idea, roadmap or discovery list), or its type is an epic-like one."""
    labels = [t[len("label:") :] for t in item.terms if t.startswith("label:")]
    if (item.type or "").strip().lower() in DIRECTION_TYPES:
        return True
    return places_direction(item.title, item.column, labels)


def _by(key: Callable[[ItemResult], object]) -> Callable[[Sequence[ItemResult]], list[int]]:
    def rank(items: Sequence[ItemResult]) -> list[int]:
        return sorted(range(len(items)), key=lambda i: (key(items[i]), i))

    return rank


#: closest to the decision: the least sure first
_rank_margin = _by(_margin)
#: the items the model reads tactical (or uncertain) but thinks likeliest strategic first, then
#: its strategic calls, least sure first: the misses sessions 23–27 found
_rank_missed = _by(
    lambda i: (
        _leans_strategic(i),
        -strategic_probability(i) if not _leans_strategic(i) else 0,
        _margin(i),
    )
)
#: the uncertain first (those leaning strategic first), then the rest by margin
_rank_uncertain = _by(
    lambda i: (
        i.label != "uncertain",
        -strategic_probability(i) if i.label == "uncertain" else _margin(i),
    )
)
#: items whose list, title or type read as direction work and that are not called strategic
#: first (likeliest strategic first), then as ``missed``
_rank_direction = _by(
    lambda i: (
        not (names_direction(i) and i.label != STRATEGIC),
        _leans_strategic(i),
        -strategic_probability(i) if not _leans_strategic(i) else 0,
        _margin(i),
    )
)


def _in_turn(*ranks: Callable[[Sequence[ItemResult]], list[int]]):
    """The rankings ``ranks`` taking turns, each item once (at its first place)."""

    def rank(items: Sequence[ItemResult]) -> list[int]:
        out: dict[int, None] = {}
        for places in zip(*(r(items) for r in ranks), strict=True):
            out.update(dict.fromkeys(places))
        return list(out)

    return rank


#: ``missed`` and ``margin`` in turn
_rank_mix = _in_turn(_rank_missed, _rank_margin)
#: ``direction`` and ``margin`` in turn: the direction work the model misses, and its false
#: strategic calls (sure of neither)
_rank_direction_mix = _in_turn(_rank_direction, _rank_margin)


#: Strategy name → the item positions in the order to ask (:data:`DEFAULT_STRATEGY` is the one
#: ``review`` uses; the others are what it was measured against).
STRATEGIES: dict[str, Callable[[Sequence[ItemResult]], list[int]]] = {
    "margin": _rank_margin,
    "uncertain": _rank_uncertain,
    "missed": _rank_missed,
    "direction": _rank_direction,
    "mix": _rank_mix,
    "direction-mix": _rank_direction_mix,
}
#: Chosen on the dev halves (``benchmarks/bench_review.py``, session 28): 10, 20 and 40 answers per
#: board raised the report's macro-F1 (mean of 11 halves, 0.797 before) to 0.904, 0.946 and 0.974,
#: the most of the six at each size, with the fewest false strategic calls left (4, 3, 2).
DEFAULT_STRATEGY = "direction-mix"


def rank_items(items: Sequence[ItemResult], strategy: str = DEFAULT_STRATEGY) -> list[int]:
    """Positions of ``items`` in the order a person should be asked about them."""
    try:
        return STRATEGIES[strategy](items)
    except KeyError:
        raise OptionError(
            f"unknown review strategy {strategy!r}; use one of {', '.join(STRATEGIES)}"
        ) from None


def check_count(count: int) -> None:
    """An :class:`OptionError` for a worksheet size that is not a positive number."""
    if count < 1:
        raise OptionError(f"-n {count}: ask about at least 1 item")


def review_sheet(
    report: Report,
    count: int = DEFAULT_REVIEW_COUNT,
    *,
    done: Corrections | None = None,
    strategy: str = DEFAULT_STRATEGY,
) -> ReviewSheet:
    """The ``count`` items of ``report`` (a one-board scan) most worth a person's look, not
    counting those ``done`` (a corrections file: a second round) labels already. An item with no
    title or description comes last: the sheet shows nothing to judge it by (the rankings
    ``benchmarks/bench_review.py`` measures are left as they are)."""
    check_count(count)
    items = report.items
    skip = set(done.resolve(items)) if done is not None else set()  # type: ignore[arg-type]
    # the items labelled already are not ranked at all (their label is the team's, sure): the
    # others keep the order they had among themselves
    rest = [item for at, item in enumerate(items) if at not in skip]
    asked: list[ItemResult] = []
    unread: list[ItemResult] = []  # no title or description: nothing on the sheet to judge by
    for at in rank_items(rest, strategy):
        if len(asked) == count:
            break
        item = rest[at]
        (unread if item.reason == NO_TEXT_REASON else asked).append(item)
    rows = tuple(_row(item) for item in [*asked, *unread][:count])
    return ReviewSheet(rows, len(items), len(skip), strategy)


class PartialReview(RemoteError):
    """``review jira|trello A,B``: some boards (projects) failed while the others were fetched
    and stored. ``sheet`` asks about the others' items; :meth:`lines` says each failed one in a
    line (a re-run resumes it), as ``scan`` says them."""

    def __init__(self, sheet: ReviewSheet, partial: PartialScan) -> None:
        super().__init__(str(partial))
        self.sheet, self.partial = sheet, partial

    def lines(self) -> list[str]:
        return self.partial.lines(covered="the worksheet asks about")


def review_source(
    source: str | None,
    target: str | None = None,
    options: ScanOptions | None = None,
    *,
    count: int = DEFAULT_REVIEW_COUNT,
    strategy: str = DEFAULT_STRATEGY,
    db: str | Path | None = None,
    server: str | None = None,
    selectors: list[str] | None = None,
    on_progress: ProgressCallback | None = None,
    on_note: Callable[[str], None] | None = None,
) -> ReviewSheet:
    """``backlog-analyzer review``: scan one board as ``scan`` does — an export file, a live
    source (``jira``/``trello`` and its ``target``, fetched into the store at ``db``), or, with
    ``source`` None, the local store's boards matching ``selectors`` as ``report`` reads them
    (its history left alone) — and the :func:`review_sheet` of it. ``options.corrections``: the
    items a team labelled already, which are not asked again (the file is checked as
    ``scan --corrections`` checks it: every key on the board, every label known). Several live
    boards of which some failed: :class:`PartialReview`, with the sheet of the others."""
    from analyzer.options import ScanOptions

    check_count(count)
    rank_items((), strategy)  # an unknown strategy before the long read
    options = options or ScanOptions()
    if source is None:
        from analyzer.local_store import report_from_store

        report = report_from_store(
            db, selectors, options, on_progress=on_progress, on_note=on_note, keep_history=False
        )
    else:
        from analyzer.live import PartialScan, is_live_source, scan_live

        if is_live_source(source):
            try:
                report = scan_live(
                    source,
                    target,
                    options,
                    db=db,
                    server=server,
                    on_progress=on_progress,
                    keep_history=False,  # a worksheet is not a report run
                )
            except PartialScan as partial:  # the others' items, then a line for each failed
                sheet = review_sheet(
                    partial.report, count, done=options.corrections, strategy=strategy
                )
                raise PartialReview(sheet, partial) from None
        else:
            from analyzer.pipeline import scan_file

            report = scan_file(source, on_progress=on_progress, options=options)
    return review_sheet(report, count, done=options.corrections, strategy=strategy)


def _row(item: ItemResult) -> ReviewRow:
    return ReviewRow(
        item=item.ref,
        title=item.title,
        model_label=item.label,
        confidence=item.confidence,
        reason=item.reason,
        list=item.column or "",
        status=item.status or "",
        type=item.type or "",
        url=item.url or "",
    )


def safe_cell(text: str) -> str:
    """``text`` as a spreadsheet shows it and never runs it: one that would start a formula
    (:data:`~analyzer.corrections.FORMULA_STARTS`; CSV injection, titles come from a board) behind
    an apostrophe, which Excel and LibreOffice show as text (the corrections reader drops it)."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def render_sheet(sheet: ReviewSheet) -> str:
    """The worksheet as CSV text: comma-separated, CRLF line ends (as Excel writes them), cells
    that would start a formula made safe. The caller adds a UTF-8 BOM to a file, which Excel
    needs to read it as UTF-8 (the corrections reader drops it)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(_cells(row) for row in sheet.rows)
    return out.getvalue()


def _cells(row: ReviewRow) -> Iterable[str]:
    yield row.item  # a key or id: what the corrections reader matches, as the report shows it
    yield ""  # the label, for the person
    yield safe_cell(" ".join(row.title.split()))
    yield row.model_label
    yield f"{row.confidence:.2f}"
    for text in (row.reason, row.list, row.status, row.type, row.url):
        yield safe_cell(" ".join(text.split()))
