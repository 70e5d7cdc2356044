"""Offline reader for a Jira CSV export (Filters → Export → CSV (all fields) or current fields).

Jira writes one column per value for multi-valued fields (several ``Labels``, ``Comment``,
``Sprint``, ``Watchers`` columns), names the columns in the user's language, and writes dates in
the user's format (``23/Nov/26 10:15 AM``, ``10/nov/25 4:51 PM``, ``10/oct./16 11:54 AM``, ISO).
Each row is turned into the REST issue shape and mapped by :func:`jira_mapping.map_issue`, so a
CSV and a JSON export of the same issues give the same items.

Comment cells are ``date;author;text``. Rows without a key or summary are skipped into
``Board.skipped``, as is the header once more (two exports joined into one file); comment
cells in no such form are counted in ``Board.skipped_parts`` (parts of a row, not records);
unknown columns are ignored. A file cut off (a download that stopped) has
its last row skipped, with a line saying so, the rows before it read: it ends inside a quoted
cell, or inside a UTF-8 or UTF-16 character (an odd byte: half a code unit), or with no line
break after a last row of fewer cells than its header (between or inside unquoted cells: no
row of the 37 real Jira CSVs is shorter than its header, and all end in a line break but one,
whose last row is full). A file cut inside its last, unquoted cell with every cell there
cannot be told from a whole one: it is read.

This module is the reader (:class:`JiraCsvExport`: which way a file is read, and the loops
over its records); its parts each have a module, and the public names stay importable here:
:mod:`.jira_csv_header` (is it a Jira header, the delimiter, ``sniff``), :mod:`.jira_csv_joined`
(two exports joined into one file), :mod:`.jira_csv_cut` (the encodings tried, a file cut off),
:mod:`.jira_csv_dates` (the user's date formats), :mod:`.jira_csv_cells` (comment, label,
watcher and text cells), :mod:`.jira_csv_board` (rows into a Board: ``_BoardBuilder``) and
:mod:`.jira_csv_reference` (``row_to_issue``, the REST-shaped reference it is tested against).
A scan's rows are prepared by polars in :mod:`._csv_prepared` (the fast path), split by
:mod:`.csv_columns`.
"""

from __future__ import annotations

import csv
import io
import itertools
import os
from collections.abc import Callable, Iterable
from pathlib import Path

from connectors.exports.csv_columns import NotForPolars, column_batches, frame_batches, scan_bytes
from connectors.exports.files import (
    HEAD_BYTES,
    check_not_binary,
    cut_tail,
    cut_tail_utf16,
    decode_cut,
    fail,
    read_bytes,
)
from connectors.exports.interface import ExportFormat
from connectors.exports.jira_csv_board import _BoardBuilder
from connectors.exports.jira_csv_cells import (
    counted_watchers,
    is_count,
    labels_of,
    plain_text,
    watcher_ids,
)
from connectors.exports.jira_csv_cut import (
    _CUT_ENCODINGS,
    _UTF16,
    _encodings,
    _text,
    _then_mark,
    cut_row,
)
from connectors.exports.jira_csv_dates import (
    NumericDates,
    NumericDatesFound,
    csv_date_us,
    parse_csv_date,
    plain_day_us,
    utc_us,
)
from connectors.exports.jira_csv_header import (
    _dialect,
    _line_dialect,
    is_jira_header,
    read_rows,
    require_issue_ids,
    sniff,
)
from connectors.exports.jira_csv_joined import (
    BOM,
    BOM_1252,
    REPEATED_HEADER,
    names_columns,
    other_header,
)
from connectors.exports.jira_csv_reference import row_to_issue
from connectors.exports.jira_current_fields import ADVICE
from connectors.interface import Board, Connector, Progress
from connectors.mapping.common import one_line
from connectors.mapping.jira_columns import header_fields

#: The reader's public names, wherever they are defined (the modules below split its work).
__all__ = [
    "BOM",
    "BOM_1252",
    "EXPORT_FORMAT",
    "FORMAT",
    "JiraCsvExport",
    "NumericDates",
    "NumericDatesFound",
    "REPEATED_HEADER",
    "counted_watchers",
    "csv_date_us",
    "cut_row",
    "is_count",
    "is_jira_header",
    "labels_of",
    "names_columns",
    "other_header",
    "parse_csv_date",
    "plain_day_us",
    "plain_text",
    "read_rows",
    "require_issue_ids",
    "row_to_issue",
    "sniff",
    "utc_us",
    "watcher_ids",
]

FORMAT = "jira-csv"
_ADVICE = ADVICE
# Large descriptions and comment threads exceed the csv module's default 128 KiB per cell.
_CELL_LIMIT = 2**31 - 1  # polars has none: a lower limit set by the caller → the csv module reads
csv.field_size_limit(_CELL_LIMIT)


#: The date fields whose cells tell a file's day order (:meth:`JiraCsvExport._look_at_dates`),
#: in the order a row's are read.
_DATE_FIELDS = ("created", "resolved", "updated", "due")


class _OneProgress:
    """A read's progress told as one: a file read again from its top (dates in digits alone,
    a file polars gave up on) tells no count below one already told, except the last one."""

    def __init__(self, told: Progress) -> None:
        self.told = told
        self.most = 0

    def __call__(self, stage: str, done: int, total: int, detail: str) -> None:
        if done > self.most or done == total:
            self.most = max(self.most, done)
            self.told(stage, done, total, detail)


class JiraCsvExport(Connector):
    """``JiraCsvExport(path).load()`` reads one Jira CSV export.

    The file is read as a stream (UTF-8, else Windows-1252; UTF-16 with a BOM): one row at a
    time is decoded, split and mapped, so neither the file's text nor its rows are held whole.
    """

    name = "jira-csv"

    def __init__(
        self,
        path: str | Path,
        *,
        on_progress: Progress | None = None,
        activity_details: bool = True,
        shared_empty: bool = False,
        description_chars: int | None = None,
        polars: bool = True,
    ) -> None:
        self.path = Path(path)
        self.on_progress = on_progress
        self.activity_details = activity_details  # False: comment texts and ids left out
        # False: the csv module reads the file (the reference split polars' read is tested
        # against), as it does a file polars gives up on or a machine without polars
        self.polars = polars
        # True (with activity_details=False; a scan's own board, never changed): the items'
        # empty lists are one list and their empty dicts one dict (≈ 290 bytes an item)
        self.shared_empty = shared_empty and not activity_details
        # (with shared_empty) all a scan reads of a description it will not search for
        # acceptance criteria: the rows polars prepares keep no more of one (_csv_prepared)
        self.description_chars = description_chars if self.shared_empty else None
        self.numeric: NumericDates | None = None  # this read's (load): the rows' builder's

    def load(self) -> Board:
        """The board. A file with dates in digits alone (:class:`NumericDates`) stops the read
        at its first such date; its date cells alone are then looked at to tell their order
        (:meth:`_look_at_dates`), and it is read once more, its dates in that order, or none
        of them and its board says why. Progress is told as one read (:class:`_OneProgress`)."""
        told = self.on_progress
        if told is not None:
            self.on_progress = _OneProgress(told)
        try:
            try:
                self.numeric = NumericDates(stop=True)
                return self._load()
            except NumericDatesFound:
                pass
            dates = self._look_at_dates()
            order = dates.told()
            self.numeric = None if order is None else NumericDates(order)
            board = self._load()
            if order is None and dates.seen:
                board.skipped_parts.append(dates.problem())
            return board
        finally:
            self.on_progress, self.numeric = told, None

    def _look_at_dates(self) -> NumericDates:
        """The file's numeric dates looked at (none read), with the ``csv`` module (the
        reference split) and only the date columns' cells: each date field's cells and each
        comment cell's date (the text before its first ``;``; a short cell without one: the
        date of a comment split over three cells). A file that does not decode or split to its
        end: the dates before that (its read says what is wrong)."""
        dates = NumericDates()
        head = self._head() or b""
        cut = self._cut(head)
        for encoding in _encodings(head):
            dates = NumericDates()
            try:
                with self.path.open("rb") as binary, _text(binary, encoding, cut) as text:
                    first = text.readline()
                    delimiter, sep_line = _line_dialect(first.rstrip("\r\n"))
                    lines = text if sep_line else itertools.chain((first,), text)
                    records = csv.reader(lines, delimiter=delimiter)
                    fields = header_fields(next(records, []))[0]
                    comments = [i for i, f in enumerate(fields) if f == "comment"]
                    days = [i for f in _DATE_FIELDS for i, g in enumerate(fields) if g == f]
                    for cells in records:
                        count = len(cells)
                        for index in comments:
                            if index < count:
                                cell = cells[index].strip()
                                if ";" in cell or len(cell) <= 40:
                                    parse_csv_date(cell.split(";", 1)[0], dates)
                        for index in days:
                            if index < count and (cell := cells[index].strip()):
                                parse_csv_date(cell, dates)
            except UnicodeDecodeError:
                continue
            except (csv.Error, OSError):
                pass
            break
        return dates

    def _load(self) -> Board:
        head = self._head()
        if head is not None:
            check_not_binary(self.path, head)
            encodings = _encodings(head)
            if encodings != _UTF16 and self.polars:
                try:
                    return self._load_columns()
                except NotForPolars:
                    pass  # the csv module reads it, as the reference
            cut = self._cut(head)
            for encoding in encodings:
                try:
                    board = self._load_stream(encoding, cut)
                except UnicodeDecodeError:
                    continue
                if board is not None:
                    return board
                break
        return self._load_whole()  # the exact errors of the whole-file reading, and odd files

    def _load_columns(self) -> Board:
        """The board from the file split by polars (:mod:`csv_columns`): the columns the
        header maps, a batch of rows at a time; only a comment's ``date;author;`` when the
        scan leaves texts out. NotForPolars when the csv module must read it."""
        with self.path.open("rb") as binary:
            text = io.TextIOWrapper(binary, encoding="utf-8-sig", newline="")
            try:
                first = text.readline()
            except UnicodeDecodeError as error:
                raise NotForPolars("not UTF-8") from error
            text.detach()
        line = first[:-1] if first.endswith("\n") else first
        delimiter, sep_line = _line_dialect(line)
        try:
            header = next(csv.reader([line], delimiter=delimiter), [])
        except csv.Error as error:
            raise NotForPolars("header") from error
        if sep_line or not is_jira_header(header) or csv.field_size_limit() < _CELL_LIMIT:
            raise NotForPolars("an Excel sep= line or not a Jira header: the csv path says")
        fields, rewritten = header_fields(header)
        if rewritten:  # a tool's header: its cells are judged by the row path (_BoardBuilder)
            raise NotForPolars("a tool-written header")
        require_issue_ids(self.path, header)
        # the checks polars needs; the line count only for a progress bar's total
        lines = scan_bytes(
            self.path, count=self.on_progress is not None, width=len(header), delimiter=delimiter
        )
        builder = _BoardBuilder(
            header,
            str(self.path),
            self.activity_details,
            self.shared_empty,
            self.numeric,
            description_chars=self.description_chars,
        )
        wanted = builder.project()
        comments = [i for i in wanted if fields[i] == "comment"]
        progress, number = self.on_progress, 1
        if not self.activity_details:  # a scan: rows prepared by polars (_csv_prepared)
            return self._load_prepared(builder, header, delimiter, wanted, comments, lines)
        batches = column_batches(self.path, delimiter, header, wanted)
        add = builder.add
        for columns in batches:
            for cells in zip(*columns, strict=True):
                number += 1
                if add(cells, number) and progress is not None and builder.count % 500 == 0:
                    # the total is estimated from the line feeds in the file
                    progress("read", builder.count, max(builder.count + 1, lines), "")
        if progress is not None and builder.count:
            progress("read", builder.count, builder.count, "")
        return builder.finish()

    def _load_prepared(
        self,
        builder: _BoardBuilder,
        header: list[str],
        delimiter: str,
        wanted: list[int],
        comments: list[int],
        lines: int,
    ) -> Board:
        """:meth:`_load_columns` for a scan: polars prepares each batch's values
        (:class:`PreparedRows`), the general row path maps only the rows it must."""
        from connectors.exports._csv_prepared import BATCH_ROWS, PreparedRows

        place = {index: n for n, index in enumerate(wanted)}
        names: dict[str, list[str]] = {}
        for index, field in enumerate(header_fields(header)[0]):
            if field is not None:
                names.setdefault(field, []).append(f"c{place[index]}")
        prepared = PreparedRows(builder, names)
        raw = [f"c{n}" for n in range(len(wanted))]
        progress = self.on_progress
        report = None
        if progress is not None:
            report = lambda done: progress(  # noqa: E731 - the total estimated from the line feeds
                "read", done, max(done + 1, lines), ""
            )
        number = 1
        builder.vouch_items()
        for batch in frame_batches(
            self.path, delimiter, header, wanted, comments, prepared.derived, BATCH_ROWS
        ):
            number = prepared.add_batch(batch, raw, number, report)
            del batch  # not held while the next batch is read
        if progress is not None and builder.count:
            progress("read", builder.count, builder.count, "")
        return builder.finish()

    def _head(self) -> bytes | None:
        """The first bytes, or None when the whole-file reading must judge the file."""
        try:
            if not self.path.is_file():
                return None
            with self.path.open("rb") as handle:
                head = handle.read(HEAD_BYTES)
        except OSError:
            return None
        return None if not head or head.isspace() else head

    def _cut(self, head: bytes) -> int:
        """How many of the file's last bytes begin a character it stops inside (0–3): a file
        cut off, when the bytes before them are UTF-8 (:func:`~.files.cut_character`), or a
        UTF-16 one (``head`` opens with its BOM) that ends in half a code unit or a pair's
        first half (:func:`~.files.cut_utf16`)."""
        try:
            with self.path.open("rb") as handle:
                size = handle.seek(0, os.SEEK_END)
                handle.seek(max(0, size - 4))
                tail = handle.read()
        except OSError:
            return 0
        if _encodings(head) == _UTF16:
            return cut_tail_utf16(tail, size, head.startswith(b"\xfe\xff"))
        return cut_tail(tail)

    def _load_stream(self, encoding: str, cut: int = 0) -> Board | None:
        """The board read through a decoding stream; None for a file whose first line ends in a
        lone CR (read whole, so its lines split exactly as before). ``cut``: :meth:`_cut`."""
        with self.path.open("rb") as binary:
            size = os.fstat(binary.fileno()).st_size or 1
            text = _text(binary, encoding, cut)
            first = text.readline()
            if first.endswith("\r"):
                text.detach()
                return None
            delimiter, sep_line = _line_dialect(first[:-1] if first.endswith("\n") else first)
            lines = text if sep_line else itertools.chain((first,), text)
            cut_off = bool(cut) and encoding in _CUT_ENCODINGS
            board = self._read(lines, delimiter, lambda: binary.tell() / size, cut_off)
            text.detach()
            return board

    def _load_whole(self) -> Board:
        raw = read_bytes(self.path)
        check_not_binary(self.path, raw[:HEAD_BYTES])
        text, cut = decode_cut(self.path, raw)
        del raw
        delimiter, text = _dialect(text)
        size = len(text) or 1
        lines = io.StringIO(text, newline="")
        del text
        return self._read(lines, delimiter, lambda: lines.tell() / size, cut)

    def _read(
        self, lines: Iterable[str], delimiter: str, done: Callable[[], float], cut: bool = False
    ) -> Board:
        """Records → Board; ``done()`` tells how much of the file has been read (0–1). ``cut``:
        the file ended inside a character (:func:`~.files.cut_character`), ``lines`` the text
        before it: its last row is cut off whatever its cells."""
        ended: list[bool] = []  # one True once the reader asked for a line after the last
        last: list[str] = []  # the last line, once handed over to the reader
        records = csv.reader(_then_mark(lines, ended, last), delimiter=delimiter)
        number = 1
        try:
            header = next(records, [])
            if not is_jira_header(header):
                shown = ", ".join(one_line(h, 30) for h in header[:4]) or "nothing"
                raise fail(
                    self.path,
                    f"is not a Jira CSV export (its header starts with {shown}; expected columns "
                    "such as Summary and Issue key)",
                    _ADVICE,
                )
            require_issue_ids(self.path, header)
            builder = _BoardBuilder(
                header, str(self.path), self.activity_details, self.shared_empty, self.numeric
            )
            add, progress = builder.add, self.on_progress
            width = len(header)
            for number, cells in enumerate(records, 2):
                # the file's last record, with no line break after it: cut off between or
                # inside unquoted cells when it has fewer cells than the header (no row of the
                # 37 real Jira CSVs has, and all end in a line break but one, whose last row
                # is full), or inside a character (``cut``); inside a quoted cell: ``ended``
                at_end = last and not last[0].endswith(("\n", "\r"))
                if ended or (at_end and (cut or len(cells) < width)):
                    key = builder.first_of(cells, "key") or builder.first_of(cells, "id")
                    builder.row_errors.append(cut_row(number, key, bool(ended)))
                    cut = False
                    break
                if add(cells, number) and progress is not None and builder.count % 500 == 0:
                    # the total is estimated from the bytes read until the last row
                    progress(
                        "read",
                        builder.count,
                        max(builder.count + 1, int(builder.count / max(done(), 1e-9))),
                        "",
                    )
        except csv.Error as error:
            raise fail(self.path, f"is not a readable CSV ({error})", _ADVICE) from error
        if cut:  # the cut left only a character's first bytes after the last line break
            builder.row_errors.append(cut_row(number + 1, None, False))
        if progress is not None and builder.count:
            progress("read", builder.count, builder.count, "")
        return builder.finish()


EXPORT_FORMAT = ExportFormat(
    FORMAT,
    "Jira CSV export",
    sniff,
    JiraCsvExport,
    lean=True,
    shared_empty=True,
    cuts_descriptions=True,
)
