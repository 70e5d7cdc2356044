"""The library entry point: an export file (or a loaded board) in, the full report out.

``scan_file`` = read the export, classify every item, analyse role balance, then roles, time
windows, drift and ownership flags. The CLI's ``scan`` is a thin layer over it; use it directly
from Python::

    from analyzer.pipeline import scan_file
    report = scan_file("board.json", threshold=0.7, roles="backlog-analyzer.toml", window="month")
    print(report.summary.items.share("strategic"))
    for flag in report.flags:
        print(flag.severity, flag.code, flag.message)

The reader and the classifier are imported when first needed, so importing this module is cheap.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, ParamSpec, TypeVar

import numpy as np
from numpy.typing import NDArray

from _backlog_analyzer_runtime.gc_pause import collector_paused
from _backlog_analyzer_runtime.heap import release_free_memory
from analyzer.automation import find_automation, set_apart
from analyzer.balance import DEFAULT_TOP, analyse
from analyzer.declared_statuses import declare_statuses
from analyzer.flags import acceptance_evidences
from analyzer.flags.items import EVIDENCE_CHUNK
from analyzer.flags.reading import Reading
from analyzer.options import ScanOptions, threshold_problem
from analyzer.ownership import analyze as analyze_ownership
from analyzer.ownership import apply_to_report
from analyzer.parent_links import led_by_direction, parent_positions, parent_titles, read_again
from analyzer.report import Report
from analyzer.roles import Roles, RolesFile, declared_roles, parse_roles_file
from analyzer.timeline import WindowSpec, label_activities, parse_window
from connectors.interface import Board, Item, Progress
from connectors.mapping.clean import clean_board, printable
from connectors.packed_item import held_description
from models.interface import (
    BUNDLED_DESCRIPTION_CHARS,
    DEFAULT_THRESHOLD,
    STRATEGIC,
    ItemDoc,
    ModelError,
    Prediction,
    RoleModel,
)
from models.language import unread_language, unread_note
from models.rules import research_remembered

if TYPE_CHECKING:
    from models._scan_predictions import ScanPredictions

_P = ParamSpec("_P")
_R = TypeVar("_R")

#: The one progress protocol (:class:`connectors.interface.Progress`): ``on_progress(stage, done,
#: total, text)``; a scan's stages are ``"read"``, ``"model"`` and ``"classify"`` (a live source
#: adds ``"fetch"``). ``total`` is 0 when unknown.
ProgressCallback = Progress

#: Items per ``predict`` call: big enough to keep the model vectorised, small enough to report
#: progress on a 10 000-card board.
CLASSIFY_BATCH = 2048
#: While a scan classifies its own board, the freed heap is returned every this many chunks of
#: forgotten descriptions (``EVIDENCE_CHUNK`` items each: 16 × 8 192 ≈ 131k items).
_RELEASE_EVERY = 16

#: The freeze count before anything here froze: 0, except on Python 3.12, which starts with
#: a count of a few hundred that no freeze made (375 on 3.12.1); ``bulk_work`` compares with it.
_FROZEN_AT_IMPORT = gc.get_freeze_count()


@contextmanager
def bulk_work() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a scan builds millions of objects.

    Reading and analysing a board allocates containers by the million (parsed JSON, items,
    activities) and frees them by reference counting; the collector finds no cycles there but
    re-scans the growing heap again and again (40 % of the read time of a 10 000-card export).
    It is switched back on (if it was on) when the block ends, also on errors; nesting is fine.

    What the block made (the board, the report's items) lives on: when the collector comes back
    on, every tracked object is moved to its oldest generation at once (``gc.freeze`` then
    ``gc.unfreeze``: a move of lists, no pass over the objects). Left young, the first two
    collections after the block walked them all (0.79 of 0.80 CPU s of the collector's work in a
    1M-item Jira CSV scan); only the oldest generation's full passes see them now, as they would
    have seen them anyway. No object is frozen after the block; cycles are still found. A
    process that froze objects itself (``gc.freeze`` after a fork: a freeze count above the
    one at import) is left as it is.

    The move is made while the collector is still paused: switched on first, its allocation
    count (every object made in the block) started a collection of the youngest generation —
    the whole board or report — at the first allocation after it (0.06 CPU s at 100k items,
    ≈ 0.5 at 1M, once after the read and once after the analysis).
    """
    outermost = gc.isenabled()  # (the collector on before the block: not a nested one)
    frozen = False
    try:
        with collector_paused():
            try:
                yield
            finally:
                if outermost and gc.get_freeze_count() <= _FROZEN_AT_IMPORT:
                    gc.freeze()  # (it also sets the youngest generation's count to 0)
                    frozen = True
    finally:  # (also on errors: nothing is left frozen)
        if frozen:
            gc.unfreeze()


def load_role_model(model: RoleModel | str | Path | None = None) -> tuple[RoleModel, str]:
    """The model to use and the name the report shows for it (``bundled`` or the path given)."""
    if isinstance(model, RoleModel):
        return model, type(model).__name__
    from models.classifier import load_model  # heavy (scikit-learn); only when scanning

    if model is None:
        return load_model(), "bundled"
    return load_model(Path(model)), str(model)


def scan_description_chars(model: RoleModel | str | Path | LoadedModel | None) -> int | None:
    """How many characters of a description a scan with ``model`` reads, known before the
    model is loaded: the bundled one's or a loaded model's (``RoleModel.description_chars``);
    None (every description whole) for a model file not read yet."""
    if model is None:
        return BUNDLED_DESCRIPTION_CHARS
    if isinstance(model, LoadedModel):
        model = model.model
    return model.description_chars if isinstance(model, RoleModel) else None


def board_prior_of(items: Sequence[Item], model: RoleModel) -> Mapping[str, float] | None:
    """The board's own label shares (EM on the model's probabilities), so a 3 %-strategic board
    is not read with the model's training prior; None for a model without one (or no items)."""
    estimate = getattr(model, "estimate_prior", None)
    if estimate is None or not items:
        return None
    as_is = getattr(model, "reads_items", False)
    return estimate(items if as_is else [ItemDoc.from_item(item) for item in items])


def _titles_remembered(function: Callable[_P, _R]) -> Callable[_P, _R]:
    """``function`` with the rules' research-title answers remembered for its whole call
    (:func:`models.rules.research_remembered`): a scan's titles repeat across its batches, and
    each batch's own memory, nested, takes the scan's (session 18)."""

    @functools.wraps(function)
    def remembering(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        with research_remembered():
            return function(*args, **kwargs)

    return remembering


@_titles_remembered
def classify_items(
    items: Sequence[Item],
    model: RoleModel,
    *,
    on_progress: ProgressCallback | None = None,
    batch_size: int = CLASSIFY_BATCH,
    after_batch: Callable[[Sequence[Item]], object] | None = None,
    on_prior: Callable[[float | None], object] | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    on_direction: Callable[[float], object] | None = None,
    parts: Sequence[int] = (),
    as_columns: bool = False,
) -> list[Prediction] | ScanPredictions:
    """One prediction per item, in order, predicted in batches so progress can be shown: a list,
    or with ``as_columns`` a :class:`~models._scan_predictions.ScanPredictions`.

    ``after_batch(items)`` is called with each batch's items once they are predicted (a scan
    forgets their descriptions there, so a million are never held beside the predictions).
    ``on_prior(share)`` hears the strategic share the board is read at (its EM estimate), or
    None for a model without one, before the first batch. ``on_direction(share)`` hears the
    share of the items the prior read whose title, list or labels name direction work
    (``BoardPrior.direction``), when the model's estimate read it: the report's surest lists
    read the same share (:func:`analyzer.balance.direction_share`), so a scan reads it once.

    With the board's prior, a sub-task whose parent is read strategic (at least ``threshold``
    sure) and that is not read strategic itself is read again without its issue type, then if
    need be with its parent's title; so is an epic's story or task whose own title names
    direction work, kept only when strategic (:mod:`analyzer.parent_links`).

    ``parts``: the item counts of the boards a merged board holds, in order
    (``Board.parts``): each board's items are read with that board's own context — its prior,
    common words and parents — as when it is reported alone, not the mixture's (a board of 8
    strategic cards beside 700 delivery tickets would read none strategic). ``on_prior`` and
    ``on_direction`` then hear the boards' shares averaged over their items, once.

    ``as_columns`` (a scan's own board, one board): the predictions of the bundled model's kind
    are kept as its batches' columns (:class:`models._scan_predictions.ScanPredictions`, a
    sequence of the same predictions), which the analysis reads without an object per item."""
    total = len(items)
    if on_progress is not None:
        on_progress("classify", 0, total, "")
    if len(parts) < 2 or sum(parts) != total:  # (parts that no longer fit: one board)
        kept = None
        if as_columns:
            from models._scan_predictions import ScanPredictions, reads_batches

            kept = ScanPredictions(model.labels) if reads_batches(model) else None
        return _classify_board(
            items,
            model,
            on_progress,
            batch_size,
            after_batch,
            on_prior,
            threshold,
            on_direction,
            kept,
        )
    predictions: list[Prediction] = []
    shares: list[tuple[int, float | None]] = []  # each board's items and strategic share
    directions: list[tuple[int, float]] = []
    start = 0
    for size in parts:
        done = start

        def progress(stage: str, n: int, _total: int, text: str, done: int = done) -> None:
            if on_progress is not None and n:  # (the opening 0 of each board told once above)
                on_progress(stage, done + n, total, text)

        predictions.extend(
            _classify_board(
                items[start : start + size],  # a list of the same items, not copies
                model,
                progress,
                batch_size,
                after_batch,
                lambda share, size=size: shares.append((size, share)),
                threshold,
                lambda share, size=size: directions.append((size, share)),
            )
        )
        start += size
    if on_prior is not None:
        on_prior(_items_mean(shares))
    if on_direction is not None and len(directions) == len(parts):
        on_direction(_items_mean(directions))  # type: ignore[arg-type]
    return predictions


def _items_mean(shares: Sequence[tuple[int, float | None]]) -> float | None:
    """The share of all the boards' items (each board's share weighed by its items); None when
    a board has none (a model without a prior)."""
    if not shares or any(share is None for _, share in shares):
        return None
    count = sum(size for size, _ in shares)
    return sum(size * share for size, share in shares) / count if count else None  # type: ignore[operator]


def _classify_board(
    items: Sequence[Item],
    model: RoleModel,
    on_progress: ProgressCallback | None,
    batch_size: int,
    after_batch: Callable[[Sequence[Item]], object] | None,
    on_prior: Callable[[float | None], object] | None,
    threshold: float,
    on_direction: Callable[[float], object] | None,
    kept: ScanPredictions | None = None,
) -> list[Prediction] | ScanPredictions:
    """:func:`classify_items` of one board's items (its prior read on them alone); into
    ``kept``, as columns, when given (returned then)."""
    total = len(items)
    listed: list[Prediction] = []  # (without kept)
    predictions: list[Prediction] | ScanPredictions = listed if kept is None else kept
    # A model that reads only ItemDoc's attributes takes the items as they are.
    as_is = getattr(model, "reads_items", False)
    prior = board_prior_of(items, model)
    if on_prior is not None:
        on_prior(prior.get(STRATEGIC) if prior else None)
    if on_direction is not None and (direction := getattr(prior, "direction", None)) is not None:
        on_direction(direction)
    led: frozenset[str] = frozenset()  # the keys and ids of the parents read strategic
    titles: dict[str, str] = {}  # and their titles
    if prior is not None and (parents := parent_positions(items)):
        named = [items[at] for at in parents]
        docs = named if as_is else [ItemDoc.from_item(item) for item in named]
        led = led_by_direction(items, parents, model.predict(docs, prior=prior), threshold)
        titles = parent_titles(items, parents, led)
    # A model that can (``reads_threshold``) leads the reason of an item below ``threshold``
    # with "uncertain, leaning …": the report calls it uncertain (session 18).
    said: dict[str, float] = {"unsure_below": threshold} if _reads_threshold(model) else {}
    for start in range(0, total, batch_size):
        chunk = items[start : start + batch_size]
        docs = chunk if as_is else [ItemDoc.from_item(item) for item in chunk]
        if kept is not None:
            batch: Sequence[Prediction] = kept.predict(model, docs, prior, **said)
        elif prior is not None:
            batch = model.predict(docs, prior=prior, **said)
        else:
            batch = model.predict(docs, **said)
        if led and len(batch) == len(docs):
            read_again(
                chunk, batch, led, lambda again: model.predict(again, prior=prior, **said), titles
            )
        if len(batch) != len(docs):
            raise ModelError(
                f"the model returned {len(batch)} predictions for {len(docs)} items; "
                "retrain it with `backlog-analyzer train`"
            )
        if kept is None:
            listed.extend(batch)
        if after_batch is not None:
            after_batch(chunk)
        if on_progress is not None:
            on_progress("classify", len(predictions), total, "")
    return predictions


def _reads_threshold(model: RoleModel) -> bool:
    return getattr(model, "reads_threshold", False) is True


def scan_board(
    board: Board,
    model: RoleModel | str | Path | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    on_progress: ProgressCallback | None = None,
    *,
    top: int = DEFAULT_TOP,
    origin: str | None = None,
    generated_at: datetime | None = None,
    roles: Roles | RolesFile | str | Path | None = None,
    window: WindowSpec | str = "auto",
    options: ScanOptions | None = None,
    on_prior: Callable[[float | None], object] | None = None,
) -> Report:
    """Classify and analyse a board already loaded (from an export, a live source or the store).

    ``model``: a :class:`RoleModel` instance, a model file, or None for the bundled one.
    ``roles``: a roles file (TOML, or parsed), resolved :class:`Roles`, or None to infer roles
    from activity. ``window``: ``auto`` (sprints when the board has them, else months), ``week``,
    ``month``, ``quarter``, ``sprint`` or ``Nd``. ``options``: a validated
    :class:`~analyzer.options.ScanOptions` instead of the loose keywords (it wins over them).
    ``on_prior(share)`` hears the strategic share the board is read at (the EM estimate the
    report's surest items are judged by), or None for a model without one, so a caller that
    needs it does not estimate it a second time.
    """
    if options is None:
        options, model = _loose_options(threshold, top, window, roles, model), model
    else:
        model = options.model
    return _classify_and_analyse(
        board, model, options, on_progress, origin, generated_at, on_prior=on_prior
    )


def _loose_options(
    threshold: float,
    top: int,
    window: WindowSpec | str,
    roles: Roles | RolesFile | str | Path | None,
    model: RoleModel | str | Path | None,
) -> ScanOptions:
    """The library's keywords as one ScanOptions (checked as the library always did: ValueError
    for a bad threshold or window, RolesFileError for a bad roles file)."""
    _check_threshold(threshold)
    spec = _check_window(window)
    if isinstance(roles, str | Path):
        roles = parse_roles_file(roles)
    path = Path(model) if isinstance(model, str | Path) else None
    return ScanOptions(threshold=threshold, top=top, window=spec, roles=roles, model=path)


def _classify_and_analyse(
    board: Board,
    model: RoleModel | str | Path | LoadedModel | None,
    options: ScanOptions,
    on_progress: ProgressCallback | None,
    origin: str | None,
    generated_at: datetime | None,
    forget_descriptions: bool = False,
    *,
    on_prior: Callable[[float | None], object] | None = None,
) -> Report:
    """Load the model, classify, analyse; the cyclic GC paused from the model's loading on.

    A board read with the collector paused has all its millions of objects in the youngest
    generation: a pass while the model loads would walk every one (0.2 s per 3 M objects).
    ``forget_descriptions``: the board is the scan's own (read from a file), so once its items
    are classified their descriptions are swapped for what the flags still read of them.
    """
    threshold = options.threshold
    clean_board(board, details=False)  # no escape sequence or lone surrogate reaches a report
    # the roles file's [statuses], before anything reads an item's category
    declare_statuses(board, getattr(options.roles, "statuses", None) or {})
    if origin is not None:  # a file name can hold control characters too
        origin = printable(origin, surrogates=False)
    unread: list[str | None] = []
    said = None  # the model's own record of the items it does not read (the bundled model's)
    done = forgotten = 0  # items classified; items whose descriptions are forgotten
    # The board positions whose items hold acceptance criteria, found while their descriptions
    # were forgotten (the flags read them instead of searching the evidence again).
    with_criteria: list[int] = []
    # The items whose reader found no criteria in them (after clean_board: its vouch holds)
    without = without_criteria(board.items) if forget_descriptions else None

    def after_batch(items: Sequence[Item]) -> None:
        nonlocal done, forgotten
        # Each item's language judged on the text the model read, before a scan forgets it.
        if said is None:
            unread.extend(unread_language(item.title, item.description or "") for item in items)
        done += len(items)
        # The descriptions are forgotten EVIDENCE_CHUNK items at a time (the evidence search's
        # own chunk; a few batches): one search per chunk, not per batch.
        if forget_descriptions and (done - forgotten >= EVIDENCE_CHUNK or done == total):
            part = None if without is None else without[forgotten:done]
            found = forget_descriptions_of(board.items[forgotten:done], part)
            with_criteria.extend(forgotten + at for at in found)
            forgotten = done
            if done % (EVIDENCE_CHUNK * _RELEASE_EVERY) < EVIDENCE_CHUNK and done < total:
                # the forgotten descriptions' pages back now and then: the predictions (small
                # objects) never reuse their holes, so the classify stage would grow meanwhile
                release_free_memory()

    total = len(board.items)
    with bulk_work():
        role_model, model_name = _load_with_progress(model, on_progress)
        said = getattr(role_model, "unread_languages", None)
        read_at: list[float | None] = []  # the strategic share the board is read at
        direction: list[float] = []  # the share of its items naming direction work, if read

        def heard(share: float | None) -> None:
            read_at.append(share)
            if on_prior is not None:
                on_prior(share)

        predictions = classify_items(
            board.items,
            role_model,
            on_progress=on_progress,
            after_batch=after_batch,
            on_prior=heard,
            threshold=threshold,
            on_direction=direction.append,
            parts=board.parts,
            # the scan's own board, reported as columns: its predictions kept as columns too
            as_columns=forget_descriptions and options.corrections is None,
        )
        if forget_descriptions:  # the descriptions' pages back to the system before the analysis
            release_free_memory()
        model_said: dict[int, Prediction] = {}  # a corrected item's own prediction, by position
        if options.corrections is not None:
            from analyzer.corrections import apply_corrections

            labels = tuple(getattr(role_model, "labels", ()) or ())
            if not isinstance(predictions, list):  # (kept as columns only without corrections)
                predictions = list(predictions)
            model_said = apply_corrections(board.items, predictions, options.corrections, labels)
        corrected = list(model_said)
        # An item the team labelled is known whatever its language: it counts as read (the
        # findings' absences and the How-sure line), so the unread are judged after corrections.
        if said is not None:
            unread = said(predictions)  # (a corrected prediction is the team's: never unread)
        else:
            for at in corrected:
                unread[at] = None
        reading = Reading.of(unread, len(board.items))
        activities = label_activities(board, predictions, threshold)  # once, for both analyses
        # bots, apps and service accounts: their rows out of the table, before any analysis
        declared = declared_roles(board.people, options.roles)  # (resolved once for both)
        activities, automation = set_apart(activities, find_automation(board.people, declared))
        report = analyse(
            board,
            predictions,
            threshold=threshold,
            top=options.top,
            origin=origin,
            model_name=model_name,
            generated_at=generated_at,
            labels=tuple(getattr(role_model, "labels", ()) or ()) or None,
            activities=activities,
            drop_predictions=True,  # (the report's items read their batches, not these)
            board_prior=read_at[0] if read_at else None,
            direction=direction[0] if direction else None,
            corrected=corrected,
            item_columns=forget_descriptions,  # the scan's own board: nobody changes it after
            unread_items=reading.unread_items,
            declared=declared.assignments if declared is not None else (),
        )
        report.automation = automation
        note = unread_note(reading.unread, len(board.items))
        if note:
            report.notes.append(note)
        if options.corrections is not None:
            from analyzer.balance import surest_left_out
            from analyzer.corrections import note as corrections_note

            prior = read_at[0] if read_at else None
            left_out = surest_left_out(
                report,
                board,
                model_said,
                options.top,
                prior,
                direction=direction[0] if direction else None,
            )
            report.notes.append(corrections_note(len(corrected), options.corrections, left_out))
        else:
            from analyzer.corrections import REVIEW_NOTE

            report.notes.append(REVIEW_NOTE)
        # The report's items read their reasons from the classifier's batches: the predictions
        # themselves (one object per item) are no longer needed.
        del predictions
        ownership = analyze_ownership(
            board,
            None,  # the labelled activities hold the labels
            threshold,
            options.roles,
            options.window,
            labels=report.labels,
            activities=activities,
            criteria=with_criteria if forget_descriptions else None,
            reading=reading,
        )
        return apply_to_report(report, ownership)


def forget_descriptions_of(
    items: Sequence[Item], without: NDArray[np.bool_] | None = None
) -> list[int]:
    """Swap each item's description for what the flags still read of it (its acceptance-criteria
    evidence, :func:`analyzer.flags.acceptance_evidences`), in place: for a scan's own board
    once its items are classified. Returns the positions (in ``items``) of the items that hold
    acceptance criteria (:func:`analyzer.flags.has_acceptance_criteria`: a checklist or
    evidence), which the forgetting does not change.

    ``without``: a bool array over ``items`` of those known to hold none
    (:func:`without_criteria`): their evidence is ``""`` without a search."""
    if without is None:
        searched: Sequence[Item] = items
        places: Iterable[int] = range(len(items))
    else:
        from itertools import compress

        for item in compress(items, without.tolist()):
            if held_description(item):
                item.description = ""
        places = (~without).nonzero()[0].tolist()
        searched = [items[at] for at in places]  # type: ignore[attr-defined]
    found: list[int] = []
    evidences = acceptance_evidences(searched)
    for at, item, evidence in zip(places, searched, evidences, strict=True):
        if held_description(item):
            item.description = evidence
        if evidence or item.checklist_items:  # (a checklist's evidence is "")
            found.append(at)
    return found


def without_criteria(items: Sequence[Item]) -> NDArray[np.bool_] | None:
    """Which items hold no acceptance criteria, as their reader found them
    (``FACT_NO_CRITERIA`` of ``CheckedItems.times.facts``: a scan's own Jira CSV board; the
    positions it does not vouch for, ``from_items``, are not known), as a bool array; None
    when the board has no such column (every item is searched)."""
    from connectors.columns import FACT_NO_CRITERIA

    times = getattr(items, "times", None)
    facts = None if times is None else times.facts
    if facts is None or len(facts) != len(items) or len(times) != len(items):
        return None
    found = (facts & FACT_NO_CRITERIA).astype(bool)
    found[times.from_items] = False
    return found


def read_board(
    path: str | Path,
    on_progress: ProgressCallback | None = None,
    *,
    activity_details: bool = True,
    shared_empty: bool = False,
    description_chars: int | None = None,
) -> Board:
    """Read an export file (format detected from its content); ExportFormatError when unusable.

    ``activity_details=False`` (what scans use) lets the reader leave activities' old/new values,
    comment texts and source ids out: the analysis never reads them; on big boards they cost memory.
    ``shared_empty``: the board is the caller's alone and never changed (a scan's): a reader may
    make its items' empty lists one list and empty dicts one dict, and leave out what no report
    reads (a Trello card's rank).
    ``description_chars`` (with ``shared_empty``): the caller reads no more of a description
    it will not search for acceptance criteria (:func:`scan_description_chars`); a reader that
    knows which those are may keep no more of them.
    """
    from connectors.exports import read_export

    with bulk_work():
        board = read_export(
            Path(path),
            on_progress=on_progress,
            activity_details=activity_details,
            shared_empty=shared_empty,
            description_chars=description_chars,
        )
    # the reader's freed buffers and mapping leftovers back to the system before the model
    # and the classification take their own (≈ 10 % of a big read's resident memory)
    release_free_memory()
    return board


def scan_file(
    path: str | Path,
    model: RoleModel | str | Path | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    on_progress: ProgressCallback | None = None,
    *,
    top: int = DEFAULT_TOP,
    generated_at: datetime | None = None,
    roles: Roles | RolesFile | str | Path | None = None,
    window: WindowSpec | str = "auto",
    options: ScanOptions | None = None,
) -> Report:
    """Read the export at ``path``, classify every item and return the full report.

    ``roles``, ``window`` and ``options`` as in :func:`scan_board`. The report's
    ``source.origin`` is ``path`` as given, never resolved to an absolute path. Raises
    ``ExportFormatError`` for a file that is not a usable export, ``RolesFileError`` for a bad
    roles file and ``ModelError`` for a model that cannot be loaded; all print as one line.
    """
    if options is None:
        options = _loose_options(threshold, top, window, roles, model)
        if isinstance(model, str | Path) and not Path(model).is_file():
            # Cheap check first: a typo in --model should not wait for a long read.
            what = (
                "is a directory, not a model file" if Path(model).is_dir() else "no such model file"
            )
            raise ModelError(f"{model}: {what}; omit --model to use the bundled one")
    else:
        model = options.model
    # The file first: a bad export is reported without paying for loading the model.
    # what the analysis reads; nobody else holds the board (its empty lists may be one list)
    board = read_board(
        path,
        on_progress,
        activity_details=False,
        shared_empty=True,
        description_chars=scan_description_chars(model),
    )
    return _classify_and_analyse(
        board,
        model,
        options,
        on_progress,
        str(path),
        generated_at,
        forget_descriptions=True,  # nobody else holds this board
    )


def scan_files(
    paths: Sequence[str | Path],
    options: ScanOptions | None = None,
    on_progress: ProgressCallback | None = None,
    *,
    generated_at: datetime | None = None,
) -> list[Report]:
    """:func:`scan_file` for several exports, one report each, with the model loaded once (a
    portfolio: :func:`analyzer.portfolio.build_portfolio`). Files are read one after another, so
    only one board's activities are in memory at a time; the model is loaded after the first
    file is read, so a bad first export is reported without paying for it (as scan_file does)."""
    options = options or ScanOptions()
    loaded: LoadedModel | None = None
    reports = []
    for path in paths:
        board = read_board(
            path,
            on_progress,
            activity_details=False,
            shared_empty=True,
            description_chars=scan_description_chars(loaded or options.model),
        )
        if loaded is None:
            loaded = LoadedModel(*_load_with_progress(options.model, on_progress))
        reports.append(
            _classify_and_analyse(
                board,
                loaded,
                options,
                on_progress,
                str(path),
                generated_at,
                forget_descriptions=True,
            )
        )
    return reports


def scan_boards(
    boards: Iterable[Board],
    options: ScanOptions | None = None,
    on_progress: ProgressCallback | None = None,
    *,
    generated_at: datetime | None = None,
) -> list[Report]:
    """:func:`scan_board` for several loaded boards (e.g. every source of the store), one report
    each, with the model loaded once. ``boards`` may be a generator: one board at a time."""
    options = options or ScanOptions()
    loaded = LoadedModel(*_load_with_progress(options.model, on_progress))
    return [
        _classify_and_analyse(board, loaded, options, on_progress, board.origin, generated_at)
        for board in boards
    ]


@dataclass(frozen=True, slots=True)
class LoadedModel:
    """A model already loaded, with the name reports show for it (shared by several scans)."""

    model: RoleModel
    name: str


def _load_with_progress(
    model: RoleModel | str | Path | LoadedModel | None, on_progress: ProgressCallback | None
) -> tuple[RoleModel, str]:
    if isinstance(model, LoadedModel):
        return model.model, model.name
    if on_progress is not None:
        on_progress("model", 0, 1, "")
    loaded = load_role_model(model)
    if on_progress is not None:
        on_progress("model", 1, 1, "")
    return loaded


def _check_window(window: WindowSpec | str) -> WindowSpec:
    return window if isinstance(window, WindowSpec) else parse_window(window)


def _check_threshold(threshold: float) -> None:
    problem = threshold_problem(threshold)  # as ScanOptions.build says it (session 19)
    if problem:
        raise ValueError(f"threshold {problem}")
