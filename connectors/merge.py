"""Several boards as one (a combined report of a store's sources, several Trello boards)."""

from __future__ import annotations

from datetime import UTC, datetime
from itertools import accumulate
from pathlib import PurePath

import numpy as np

from connectors.columns import ActivityColumns, ActivityList, Zones, columns_of, first_activity_time
from connectors.interface import (
    Board,
    BoardPart,
    CappedHistory,
    Item,
    MissingColumns,
    Repeats,
)

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _is_live(board: Board) -> bool:
    return bool(board.origin) and str(board.origin).startswith(("http://", "https://"))


def _site(item: Item, board: Board) -> str | None:
    """The Jira site an item lives on: a live board's server, else its browse URL's base."""
    if _is_live(board):
        return str(board.origin).rstrip("/")
    if item.url and "/browse/" in item.url:
        return item.url.split("/browse/")[0].rstrip("/")
    return None  # e.g. a Jira CSV export: no site in it


def merge_boards(boards: list[Board]) -> Board:
    """One board holding every board's items, activities and people (for a combined report).

    An item in two boards counts once — kept from the first board, live sources first (their
    history is complete) — when both boards have the same origin (a project and a JQL query on
    one Jira), or when it has the same id and key and nothing says the sites differ (a project
    imported from an export and also fetched live). Items of different sites whose ids collide
    (two Jira sites) are kept apart by prefixing the later one's id with its board's position.
    Each board's items stay one run (``Board.parts`` counts them), so the classifier reads each
    with its own board's context; its skipped lines are led by its name, and the boards that
    skipped any are named in ``Board.skipped_boards`` (for the report's note).
    """
    if len(boards) == 1:
        return boards[0]
    merged = Board(
        id="+".join(b.id for b in boards),
        name=", ".join(b.name for b in boards),
        source="+".join(sorted({b.source for b in boards})),
        origin="; ".join(b.origin or b.name for b in boards),
    )
    merged.merged_from = [part for b in boards for part in board_parts(b)]
    # before any item is renamed: a capped source's own dates (the one note per capped source)
    merged.capped_histories = [c for b in boards for c in capped_histories(b)]
    merged.history_capped = max((c.actions for c in merged.capped_histories), default=None)
    # each current-fields Jira CSV by its file (one note each); the columns all of them lack
    merged.missing_columns_of = [m for b in boards for m in missing_columns_of(b)]
    merged.missing_columns = [
        c for c in boards[0].missing_columns if all(c in b.missing_columns for b in boards)
    ]
    merged.missing_fields_of_search = all(b.missing_fields_of_search for b in boards)
    merged.missing_columns_by_tool = all(b.missing_columns_by_tool for b in boards)
    merged.search_pages = [page for b in boards for page in b.search_pages]  # one note each
    merged.template_boards = [n for b in boards for n in b.template_boards]  # one note each
    seen: dict[str, tuple[str | None, str | None, str | None]] = {}  # id: origin, key, site
    ordered = sorted(enumerate(boards), key=lambda pb: not _is_live(pb[1]))
    # Boards read as columns (a report's lean read) stay columns: no object per activity.
    parts: list[tuple[ActivityColumns, dict[str, str | None]]] | None = []
    if not all(columns_of(b.activities) is not None for b in boards):
        parts = None
    for position, board in ordered:
        renamed: dict[str, str | None] = {}  # None: a duplicate, left out
        # a merged board's own parts stay parts (a board's items counted as one run else)
        ends = list(accumulate(board.parts)) if board.parts else [len(board.items)]
        kept = [0] * len(ends)
        part = 0
        for at, item in enumerate(board.items):
            while at >= ends[part]:
                part += 1
            site = _site(item, board)
            if item.id in seen:
                origin, key, other_site = seen[item.id]
                same_site = site is None or other_site is None or site == other_site
                if origin == board.origin or (key == item.key and same_site):
                    renamed[item.id] = None
                    continue
                renamed[item.id] = item.id = f"{position}:{item.id}"
            seen[item.id] = (board.origin, item.key, site)
            merged.items.append(item)
            kept[part] += 1
        merged.parts.extend(n for n in kept if n)
        if parts is not None:
            parts.append((columns_of(board.activities), renamed))  # type: ignore[arg-type]
        else:
            for activity in board.activities:
                new_id = renamed.get(activity.item_id, activity.item_id)
                if new_id is None:
                    continue
                activity.item_id = new_id
                merged.activities.append(activity)
        merged.people.update(board.people)
        merged.skipped.extend(_from(board, board.skipped))
        merged.skipped_parts.extend(_from(board, board.skipped_parts))
        merged.templates.extend(board.templates)
        _add_repeats(merged.repeats, board)
        if board.skipped or board.skipped_parts:
            names = board.skipped_boards if board.parts else [board.name]
            merged.skipped_boards += [n for n in names if n not in merged.skipped_boards]
    if parts is not None:
        merged.activities = ActivityList(_merged_columns(parts))
    return merged


def _add_repeats(merged: Repeats, board: Board) -> None:
    """A board's repeated issues added to the merged board's: its lines led by its name, its
    copies counted; "record" stands for copies of two kinds (CSV rows, JSON copies)."""
    repeats = board.repeats
    if not repeats:
        return
    if merged.lines and merged.unit != repeats.unit:
        merged.unit = "record"
    elif not merged.lines:
        merged.unit = repeats.unit
    merged.lines.extend(_from(board, repeats.lines))
    merged.copies += repeats.copies
    merged.first_kept = merged.first_kept or repeats.first_kept


def _from(board: Board, lines: list[str]) -> list[str]:
    """A board's skipped lines led by its name, so a combined report says whose they are (a
    merged board's own lines already are)."""
    if board.parts:
        return lines
    return [f"{board.name}: {line}" for line in lines]


def board_parts(board: Board) -> list[BoardPart]:
    """What a board tells a merged board about the boards it holds: a merged board's own list,
    else itself."""
    if board.merged_from:
        return list(board.merged_from)
    return [BoardPart(board.name, board.source, board.origin, len(board.items))]


def capped_histories(board: Board) -> list[CappedHistory]:
    """What a board tells a merged board about its capped history (``Board.history_capped``):
    a merged board's own list, else one entry when the board is capped, else none."""
    if board.capped_histories:
        return list(board.capped_histories)
    if not board.history_capped:
        return []
    oldest = min((item.created for item in board.items if item.created is not None), default=None)
    return [
        CappedHistory(
            board.name, board.history_capped, first_activity_time(board.activities), oldest
        )
    ]


def missing_columns_of(board: Board) -> list[MissingColumns]:
    """What a board tells a merged board about the columns it lacks (``Board.missing_columns``):
    a merged board's own list, else one entry named by its file when it lacks any, else none."""
    if board.missing_columns_of:
        return list(board.missing_columns_of)
    if not board.missing_columns:
        return []
    return [
        MissingColumns(
            _export_name(board),
            tuple(board.missing_columns),
            board.missing_fields_of_search,
            board.missing_columns_by_tool,
        )
    ]


def _export_name(board: Board) -> str:
    """The file a board was read from, as a note names it ("jira_export.csv"); a board read
    from elsewhere (no file path), its name."""
    if not board.origin or _is_live(board):
        return board.name
    return PurePath(str(board.origin)).name or board.name


def _merged_columns(parts: list[tuple[ActivityColumns, dict[str, str | None]]]) -> ActivityColumns:
    """The rows of every part one after another (as the objects would be appended), each row's
    item renamed (``renamed``: id -> new id, or None to leave its rows out), codes shared."""
    item_code: dict[str, int] = {}
    actor_code: dict[str, int] = {}
    field_code: dict[str | None, int] = {}
    pieces: list[tuple[np.ndarray, ...]] = []
    zones: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    start = 0
    for columns, renamed in parts:
        to_item = np.array(
            [_item_code(item_code, renamed.get(i, i)) for i in columns.item_ids], np.int64
        )
        # an actor code -1 (none) picks the appended -1
        to_actor = np.array(
            [*(actor_code.setdefault(a, len(actor_code)) for a in columns.actor_ids), -1], np.int64
        )
        to_field = np.array(
            [field_code.setdefault(f, len(field_code)) for f in columns.fields], np.int64
        )
        item = to_item[columns.item] if len(to_item) else columns.item.astype(np.int64)
        kept = np.flatnonzero(item >= 0)
        everything = len(kept) == len(item)
        piece = (
            item.astype(np.int32),
            to_actor[columns.actor].astype(np.int32),
            columns.kind,
            to_field[columns.field].astype(np.int16),
            columns.when,
        )
        pieces.append(piece if everything else tuple(column[kept] for column in piece))
        if columns.zones:
            rows, us, offsets = _zone_arrays(columns.zones)
            if not everything:
                new_row = np.full(len(item), -1, np.int64)
                new_row[kept] = np.arange(len(kept))
                rows = new_row[rows]
                us, offsets, rows = us[rows >= 0], offsets[rows >= 0], rows[rows >= 0]
            zones.append((rows + start, us, offsets))
        start += len(kept)
    merged = ActivityColumns(
        list(item_code),
        list(actor_code),
        list(field_code),
        *(np.concatenate([p[n] for p in pieces]) for n in range(5)),
    )
    if zones:
        merged.zones = Zones(*(np.concatenate([z[n] for z in zones]) for n in range(3)))
    merged.renumber()
    return merged


def _item_code(codes: dict[str, int], new_id: str | None) -> int:
    """The merged code of an item's new id; -1 for None (a duplicate, left out)."""
    return -1 if new_id is None else codes.setdefault(new_id, len(codes))


def _zone_arrays(zones: dict | Zones) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rows, UTC microseconds and offsets of a reader's zones (a dict of datetimes or Zones)."""
    if isinstance(zones, Zones):
        return zones.rows, zones.us, zones.offsets
    from datetime import timedelta

    one = timedelta(microseconds=1)
    rows, us, offsets = [], [], []
    for row, moment in zones.items():
        offset = moment.utcoffset()
        rows.append(row)
        naive = moment.tzinfo is None
        us.append(((moment.replace(tzinfo=UTC) if naive else moment) - _EPOCH) // one)
        offsets.append(Zones.NAIVE if offset is None else offset // one)
    return np.array(rows, np.int64), np.array(us, np.int64), np.array(offsets, np.int64)
