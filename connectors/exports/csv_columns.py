"""A CSV file's records split by polars, column by column, for the Jira CSV reader.

The stdlib ``csv`` module splits one record at a time in Python's loop; polars splits the file in
native code, a batch of rows at a time, and hands over only the columns the reader maps. It must
split exactly as the ``csv`` module does (the reader's reference), so it is used only on files
where the two agree, and the caller reads the file with the ``csv`` module when this module says
:class:`NotForPolars`:

* before reading: polars is not installed; the file holds a NUL byte (``csv`` refuses it), a
  carriage return not followed by a line feed (``csv`` ends a record there, polars does not) or
  an odd number of quotes (a quoted cell left open at the end, which polars reads on without a
  word in the columns it does not hand over: a file cut off, told by the ``csv`` module's read);
* while reading: polars meets what it cannot split as a well-formed CSV (a quote inside an
  unquoted cell, text after a closing quote, a quote left open, bytes that are not UTF-8): the
  ``csv`` module's own reading (its one-line errors, its lenient splits) is the reference there;
* the header polars reads differs from the ``csv`` module's.

What both do alike: blank lines are records without cells (polars: cells null), short rows miss
their last cells (null), cells beyond the header's are dropped (the reader never looks at them).
Null cells are handed over as ``""``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from connectors.exports.files import cut_tail

# Rows per batch: 50 000 held ≈ 90 MB more at the peak of a 100k read, for no speed gained.
CHUNK_ROWS = 10_000
#: ``scan_bytes``' block: 256 KiB, so a block and numpy's masks of it stay in the core's cache (the
#: generated 1M export's scan 0.28–0.29 CPU s, with 1 MiB blocks 0.31–0.33: the same passes)
_SCAN_BYTES = 256 << 10
#: polars' streaming CSV source reads the file in chunks of ``POLARS_CSV_CHUNK_SIZE`` bytes,
#: ``POLARS_CSV_CHUNK_PREFETCH_LIMIT`` of them ahead of the batches handed over; its defaults
#: held ≈ 230 MB while the generated 1M export was read, these ≈ 70 MB. polars reads them once,
#: at its first streaming query of the process (a user's own settings win).
POLARS_CSV_SETTINGS = {"POLARS_CSV_CHUNK_SIZE": "2000000", "POLARS_CSV_CHUNK_PREFETCH_LIMIT": "2"}


class NotForPolars(Exception):
    """This file is read by the ``csv`` module instead (see the module's docstring)."""


def scan_bytes(path: Path, count: bool = True, width: int = 0, delimiter: str = ",") -> int:
    """The number of line feeds in the file (a row estimate for progress; 0 when not ``count``);
    NotForPolars when it holds a NUL byte, a carriage return not followed by a line feed, or an
    odd number of quotes. The last is a quoted cell left open at the end (a file cut off) in a
    file polars splits as a well-formed CSV (where every quote opens, closes or doubles one):
    polars reads the columns it hands over to the end without a word, the ``csv`` module's
    reading tells the cut (``jira_csv_cut._then_mark``). So it does of the other signs of a file
    cut off: its last bytes a UTF-8 character's start (:func:`~.files.cut_tail`), or, with the
    header's ``width``, no line break at the end after a last record of fewer cells
    (:func:`_last_record_cells`): NotForPolars too.

    Read into one buffer (no copy of a block); a carriage return is looked for first, so a file
    without any (most) is only searched for NUL (and counted) once per block. The line feeds
    and the carriage returns' next bytes are looked at by numpy over the block as bytes (4× as
    fast as ``bytearray.count`` and a regex search: an export's rows end in CRLF)."""
    import numpy as np

    lines = quotes = 0
    buffer = bytearray(_SCAN_BYTES)
    data = np.frombuffer(buffer, np.uint8)  # (a view of the buffer: each block read into it)
    after_cr = False  # the block before ended with a carriage return
    tail = b""  # the file's last 4 bytes
    with path.open("rb", buffering=0) as handle:
        while size := handle.readinto(buffer):
            tail = (tail + buffer[max(0, size - 4) : size])[-4:]
            if after_cr and buffer[0] != 0x0A:
                raise NotForPolars("lone carriage return")
            if buffer.find(b"\x00", 0, size) >= 0:
                raise NotForPolars("NUL byte")
            after_cr = buffer[size - 1] == 0x0D
            block = data[:size]
            quotes += int(np.count_nonzero(block == 0x22))  # (2× as fast as bytearray.count)
            if buffer.find(b"\r", 0, size) >= 0:
                end = size - 1 if after_cr else size  # its line feed is in the next block
                returns = np.flatnonzero(block[:end] == 0x0D)  # each followed by a byte here
                if (block[returns + 1] != 0x0A).any():
                    raise NotForPolars("lone carriage return")
            if count:
                lines += int(np.count_nonzero(block == 0x0A))
    if after_cr:
        raise NotForPolars("lone carriage return at the end")
    if quotes % 2:  # a quoted cell left open at the end (polars reads on): cut off?
        raise NotForPolars("an odd number of quotes")
    if tail and tail[-1] != 0x0A:  # (36 of the 37 real Jira CSVs end in a line break)
        if cut_tail(tail):
            raise NotForPolars("the file ends inside a character: cut off?")
        if width and _last_record_cells(path, quotes, delimiter) < width:
            raise NotForPolars("a short last row, no line break after it: cut off?")
    return lines


#: How far back from the end the last record's start is looked for (then: the csv module reads)
_TAIL_BYTES = 1 << 20


def _last_record_cells(path: Path, quotes: int, delimiter: str) -> int:
    """The number of cells of the file's last record (-1: not found in its last MiB). It starts
    after the last line feed with an even number of quotes before it (``quotes`` in all): in a
    file polars splits (a quote opens, closes or doubles one) such a line feed ends a record."""
    import csv
    import io

    with path.open("rb") as handle:
        start = max(0, handle.seek(0, os.SEEK_END) - _TAIL_BYTES)
        handle.seek(start)
        tail = handle.read()
    end = len(tail)
    after = 0  # quotes after ``end``
    while (feed := tail.rfind(b"\n", 0, end)) >= 0:
        after += tail.count(b'"', feed, end)
        if (quotes - after) % 2 == 0:
            break
        end = feed
    else:
        if start:
            return -1
    record = tail[feed + 1 :].decode("utf-8", errors="replace")
    return len(next(csv.reader(io.StringIO(record, newline=""), delimiter=delimiter), []))


def column_batches(
    path: Path,
    delimiter: str,
    header: Sequence[str],
    wanted: Sequence[int],
    prefix_only: Sequence[int] = (),
    chunk_rows: int = CHUNK_ROWS,
) -> Iterator[list[list[str]]]:
    """The file's records after the header, as batches of columns: one list of cells (``""`` for
    none) per index of ``wanted``, in that order. ``prefix_only``: columns of which only the
    text up to the second ``;`` is wanted when a cell has two (a comment's ``date;author;``; a
    cell with fewer is handed over whole). Raises NotForPolars (see the module's docstring)."""
    for batch in frame_batches(path, delimiter, header, wanted, prefix_only, chunk_rows=chunk_rows):
        cells = [batch.to_series(n).to_list() for n in range(batch.width)]
        del batch
        yield cells


def frame_batches(
    path: Path,
    delimiter: str,
    header: Sequence[str],
    wanted: Sequence[int],
    prefix_only: Sequence[int] = (),
    derived: Callable[[list[str]], list[list[Any]]] | None = None,
    chunk_rows: int = CHUNK_ROWS,
) -> Iterator[Any]:
    """:func:`column_batches` as polars DataFrames: the cells of ``wanted`` in columns named
    ``c0``, ``c1``… (``""`` for none), then the columns ``derived(names)`` computes from them
    (stages of polars expressions, each given to ``with_columns``; columns named with a ``.``
    are dropped at the end), a batch of records at a time, the header's record left out."""
    try:
        import polars as pl
    except ImportError as error:
        raise NotForPolars("polars is not installed") from error
    for name, value in POLARS_CSV_SETTINGS.items():
        os.environ.setdefault(name, value)
    prefix = set(prefix_only)
    columns = []
    for index in wanted:
        cell = pl.nth(index).fill_null("")
        if index in prefix:
            # (group 0, the whole match: no capture group to track, ≈ 30 % less than group 1)
            cell = pl.coalesce(cell.str.extract(r"^[^;]*;[^;]*;", 0), cell)
        columns.append(cell.alias(f"c{len(columns)}"))
    frame = pl.scan_csv(
        path,
        has_header=False,
        separator=delimiter,
        quote_char='"',
        infer_schema=False,
        truncate_ragged_lines=True,
        encoding="utf8",
        raise_if_empty=False,
        empty_string_is_null=False,
    ).select(columns)
    names = [f"c{n}" for n in range(len(columns))]
    stages = derived(names) if derived is not None else []
    first = True
    try:
        for batch in frame.collect_batches(chunk_size=chunk_rows):
            if first:
                first = False
                found = list(batch.row(0)) if batch.height else [None] * len(names)
                if found != [header[i] if i < len(header) else "" for i in wanted]:
                    raise NotForPolars("polars reads the header otherwise")
                batch = batch.slice(1)
            if stages:  # on the batch at hand: the streaming engine may hold the whole file
                # one chunk per column: the engine hands a batch over in several (≈ 1 000 rows
                # each), and each query of a frame (select, with_columns…) made of a batch of
                # many chunks first copies every column into one (≈ 1 ms per 10 000 rows, ≈ 6
                # such queries a batch in the reader); the stages keep one chunk on one thread,
                # not on several (then their output is copied once)
                lazy = batch.rechunk().lazy()
                for stage in stages:
                    lazy = lazy.with_columns(stage)
                batch = lazy.select(pl.exclude(r"^.*\..*$")).collect().rechunk()
                del lazy
            yield batch
            del batch  # not held while the next batch is read
    except (pl.exceptions.PolarsError, pl.exceptions.PanicException, OSError) as error:
        raise NotForPolars(str(error)) from error
