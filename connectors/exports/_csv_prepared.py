"""A scan's Jira CSV rows prepared by polars, a batch at a time, for the reader's row loop.

The reader's general row path (``_BoardBuilder.add``) strips every cell, gathers each field's
first non-empty cell in a dict, and parses each date and comment cell in Python. For a scan (no
activity details: comment texts and ids left out) polars does that work on whole columns of a
batch: cells stripped of what ``str.strip`` strips, each field's first non-empty cell, the
multi-valued fields as lists, Jira's default date form (``23/Nov/26 10:15 AM``) parsed to
seconds, comment cells split into time and author, and which titles and descriptions are plain
ASCII text the wiki rules leave as they are. Python then only makes each row's ``Item`` and
registers its people, in the order the general path does.

What polars cannot judge exactly as the general path does is left to it: a value polars does
not parse (another date form, an invalid day) is parsed by ``parse_csv_date``, a title or a
description that is not plain ASCII goes through ``_title`` / ``plain_text``, and a whole row
goes to ``_BoardBuilder.add`` with its cells when it has no key and no id, a title but no
summary, or a comment cell not in the ``date;author;`` form with the default date (its cells
may be a comment split over three cells, or unreadable: the general path counts them). A row's
acceptance criteria (or checklist) cells of their own are joined by polars and their lines read
by ``criteria_entries``, as the general path reads them.
``tests/test_jira_csv_fastpath.py`` and ``tests/test_jira_csv_criteria_prepared.py`` check both
give the same board. Beside it: which texts polars may call plain (:mod:`._csv_plain`) and the
read's duplicate check (:mod:`._csv_seen_ids`).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from datetime import UTC, datetime
from itertools import repeat
from operator import itemgetter
from typing import TYPE_CHECKING, Any

import numpy as np

from connectors.columns import (
    FACT_DROPPED,
    FACT_NO_CRITERIA,
    FACT_OPEN,
    FACT_OWNED,
    FACT_PLANNED,
    FACT_READY_COLUMN,
    FACT_STORY_TYPE,
    FACT_UNTYPED,
    NO_TIME_US,
)
from connectors.exports._csv_plain import NOT_PLAIN_TEXT, NOT_PLAIN_TITLE
from connectors.exports._csv_seen_ids import SeenIds
from connectors.exports.jira_csv_board import _COMMENTED_CODE, _CREATED_CODE
from connectors.exports.jira_csv_cells import (
    NO_RESOLUTION,
    _comment_us,
    _comments,
    _register,
    _title,
    plain_text,
    watcher_ids,
)
from connectors.exports.jira_csv_dates import _clock_us, parse_csv_date, plain_day_us, utc_us
from connectors.interface import Item, Person, done_category
from connectors.mapping.clean import UNSAFE_CELL, unsafe
from connectors.mapping.criteria import (
    CRITERIA_SUPERSET,
    TITLE_CRITERIA_SUPERSET,
    criteria_entries,
)
from connectors.mapping.issue_types import type_of
from connectors.mapping.jira import (
    NO_ONE_CELLS,
    SOURCE,
    hierarchy_level,
    sprint_name,
    status_category,
)
from connectors.mapping.status_words import dropped_status, ready_column
from connectors.packed_item import PackedItem, wide

if TYPE_CHECKING:  # pragma: no cover - types only
    from connectors.exports.jira_csv_board import _BoardBuilder

#: Every character ``str.isspace`` is true for (what ``str.strip()`` strips); a test checks it.
WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
    "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
#: Joins a multi-valued field's non-empty cells in one text (a NUL: no cell polars splits has one).
SEP = "\x00"
#: Rows per batch: a batch's prepared columns (and what polars' allocator keeps of them) cost
#: more than its cells alone, while each batch pays ≈ 40 polars queries and its regexes
#: compiled again. At the generated 1M export's read (session 15, one core): 5 000 rows
#: 11.4–12.2 CPU s / 1 311 MiB, 10 000 rows 10.2–10.6 / 1 313–1 321, 20 000 9.9–10.0 / 1 358–1 361.
BATCH_ROWS = 10_000
# Single-valued fields read from the prepared columns, in the order of the row tuple.
_FIRST = (
    "key",
    "id",
    "summary",
    "type",
    "status",
    "status_category",
    "priority",
    "assignee",
    "assignee_id",
    "reporter",
    "reporter_id",
    "creator",
    "creator_id",
    "parent_key",
    "parent_id",
    "epic_link",
    "rank",
    "project_key",
    "project_name",
    "created",
    "updated",
    "resolved",
    "due",
    "description",
    "resolution",  # (read for a file without a Resolved column: resolution_stands_in)
)
_DATES = ("created", "updated", "resolved", "due")
_PEOPLE = ("assignee", "reporter", "creator")
_NO_ONE = sorted(NO_ONE_CELLS)
_LISTS = ("labels", "components", "fix_versions", "sprint", "watchers", "watchers_id")


class PreparedRows:
    """The polars expressions of one export's header, and the row loop over their batches."""

    def __init__(self, builder: _BoardBuilder, names: dict[str, list[str]]) -> None:
        """``names``: each field's raw cell columns (``c0``…), in the header's order."""
        self.builder = builder
        self.names = names
        self.seen = SeenIds(builder)

    def derived(self, raw: list[str]) -> list[list[Any]]:
        """The prepared columns from the raw cell columns ``raw`` (all of them), as stages of
        ``with_columns`` (each reads the columns of the stages before; a name with a ``.``
        is a step of its own, not handed over)."""
        import polars as pl

        names = self.names
        strip = [
            pl.when(cell.str.len_bytes() > 0).then(cell).alias(f".{name}")
            for name in raw
            for cell in [pl.col(name).str.strip_chars(WHITESPACE)]
        ]
        stripped = lambda name: pl.col(f".{name}")  # noqa: E731
        first: list[Any] = [
            pl.all_horizontal([stripped(name).is_null() for name in raw]).alias("blank")
        ]
        firsts: dict[str, Any] = {}
        for field in (*_FIRST, "title"):
            columns = names.get(field)
            if columns:
                firsts[field] = (
                    stripped(columns[0])
                    if len(columns) == 1
                    else pl.coalesce([stripped(name) for name in columns])
                )
                if field in _PEOPLE:  # a name alone saying no one ("Unassigned") is no one
                    ids = [stripped(name) for name in names.get(f"{field}_id") or ()]
                    no_one = firsts[field].is_in(_NO_ONE)
                    if ids:
                        no_one = no_one & pl.all_horizontal([i.is_null() for i in ids])
                    firsts[field] = pl.when(~no_one).then(firsts[field])
                first.append(firsts[field].alias(field))
        for field in (*_LISTS, "criteria"):  # the non-empty cells joined by SEP ("" for none)
            columns = names.get(field)
            if columns:
                cells = [stripped(name) for name in columns]
                if field == "watchers" and self.builder.counts:  # counts are no one (is_count)
                    cells = [pl.when(~cell.str.contains("^[0-9]+$")).then(cell) for cell in cells]
                first.append(pl.concat_str(cells, separator=SEP, ignore_nulls=True).alias(field))
        # a date as Jira writes it by default is "day time": its two parts are read per
        # distinct text by the reader's own parsers (add_batch); a comment's "date;author;"
        for field in _DATES:
            if field in firsts:
                moment = firsts[field].str.splitn(" ", 2)
                first.append(moment.struct.field("field_0").alias(f"{field}_day"))
                first.append(moment.struct.field("field_1").alias(f"{field}_clock"))
        comments = names.get("comment") or []
        for number, name in enumerate(comments):
            parts = stripped(name).str.splitn(";", 3)
            moment = parts.struct.field("field_0").str.splitn(" ", 2)
            author = parts.struct.field("field_1").str.strip_chars(WHITESPACE)
            first += [
                moment.struct.field("field_0").alias(f"comment_day{number}"),
                moment.struct.field("field_1").alias(f"comment_clock{number}"),
                author.alias(f"comment_author{number}"),
                parts.struct.field("field_2").is_not_null().alias(f"comment_three{number}"),
                stripped(name).is_not_null().alias(f"comment_cell{number}"),
            ]
        # plain: nothing but PLAIN_RANGES (no line break, no white space but the blank), no
        # two blanks in a row (the cell is stripped), and for a description no match of any
        # wiki rule (WIKI_MATCHES): each rule then leaves the text as it is
        if "summary" in firsts:
            title = firsts["summary"]
            if self.builder.facts is None:
                plain = ~title.str.contains(NOT_PLAIN_TITLE) & (title.str.len_bytes() <= 1000)
                first.append(plain.alias("plain_title"))
            else:  # one pass for both questions, as for the description below
                looked = f"{NOT_PLAIN_TITLE}|{TITLE_CRITERIA_SUPERSET}"
                first.append(title.str.contains(looked).alias("title_looked"))
        if "description" in firsts:
            text = firsts["description"]
            if self.builder.facts is None:
                first.append((~text.str.contains(NOT_PLAIN_TEXT)).alias("plain_description"))
            else:  # one pass for both questions (as dear as the first alone): _Columns asks
                # the rows it finds whether they are plain, _no_criteria the others' criteria
                looked = f"{NOT_PLAIN_TEXT}|{CRITERIA_SUPERSET}|@"
                first.append(text.str.contains(looked).alias("description_looked"))
        if "key" in firsts or "id" in firsts:
            slow = pl.all_horizontal([firsts[f].is_null() for f in ("key", "id") if f in firsts])
        else:
            slow = pl.lit(True)
        for field, name in self.builder.header_ids.items():  # a header again: add says so
            if field in firsts:
                cell = firsts[field].str.strip_chars_start("\ufeff")  # (a joined file's BOM)
                slow = slow | (cell == name).fill_null(False)
        ids = [firsts[field] for field in ("id", "key") if field in firsts]
        if ids:  # an issue id not ending in a digit: add asks whether it is a header
            issue_id = ids[0] if len(ids) == 1 else pl.coalesce(ids)
            slow = slow | ~issue_id.str.contains("[0-9]$").fill_null(True)
        if "title" in firsts:
            summary = firsts["summary"] if "summary" in firsts else pl.lit(None)
            slow = slow | (summary.is_null() & firsts["title"].is_not_null())
        if "id" in firsts:  # an id and no key, summary, type or status: add says it is none
            fields = ("key", "summary", "title", "type", "status")
            alone = [firsts[field].is_null() for field in fields if field in firsts]
            slow = slow | pl.all_horizontal([firsts["id"].is_not_null(), *alone])
        if names.get("labels"):  # a Labels cell that may be a JSON list (labels_of)
            listed = [stripped(name).str.starts_with("[") for name in names["labels"]]
            slow = slow | pl.any_horizontal(listed).fill_null(False)
        end: list[Any] = []
        end.append(slow.alias("slow"))
        if self.builder.facts is not None:  # a scan's own board: the flags' facts
            end.append(_no_criteria(firsts, pl).alias("no_criteria"))
        end += _outputs(firsts, pl)
        return [strip, first, end]

    def add_batch(
        self, batch: Any, raw: list[str], number: int, progress: Callable[[int], None] | None
    ) -> int:
        """Map the batch's rows; ``number`` is the record number of the row before the batch's
        first. Returns the number of the batch's last row.

        Rows are taken in order: the general path's rows (``slow``) one at a time, the rows
        between them together (:meth:`_flush`), so items, people, skipped lines and the parents
        given by id come out in the order of the rows."""
        builder = self.builder
        batch = self._with_times(batch)
        blank = batch.get_column("blank").to_list()
        slow = batch.get_column("slow").to_list()
        comment_py = self._comment_rows(batch)
        keys = batch.get_column("key").to_list() if "key" in batch.columns else None
        ids = batch.get_column("id").to_list() if "id" in batch.columns else None
        if keys is None:
            keys = [None] * batch.height
        if ids is None:
            ids = [None] * batch.height
        # each row's issue id (id, else key), as the rows' loop below takes it
        issue_ids = [given_id or key for given_id, key in zip(ids, keys, strict=True)]
        self.seen.before(issue_ids)  # may make builder.seen whole again: taken after it
        if self._all_new(batch, blank, slow, comment_py, keys, ids, issue_ids, progress):
            return number + batch.height
        columns: _Columns | None = None
        pending: list[int] = []
        seen = builder.seen
        by_id = builder.keys_by_id if builder.parents_by_id else None
        rows = zip(blank, slow, keys, ids, strict=True)
        for index, (is_blank, is_slow, key, given_id) in enumerate(rows):
            number += 1
            if is_blank:
                continue
            if is_slow:
                if pending:
                    if columns is None:
                        columns = _Columns(batch, builder, keys, issue_ids)
                    self._flush(columns, pending, comment_py)
                    pending = []
                counted = builder.add(list(batch.select(raw).row(index)), number)
                if counted and progress is not None and builder.count % 500 == 0:
                    progress(builder.count)
                continue
            issue_id = given_id or key
            if key is not None and by_id is not None:
                by_id[given_id or ""] = key
            if index in comment_py:  # as add: read before the duplicate check, counted
                cells = [cell for cell in map(str.strip, comment_py[index]) if cell]
                comments, unreadable = _comments(cells, _comment_us, builder.numeric)
                builder.unreadable += unreadable
                comment_py[index] = comments
            builder.count += 1
            if issue_id in seen:
                builder.repeated(
                    issue_id, key, lambda at=index: list(batch.select(raw).row(at)), number
                )
            else:
                seen.add(issue_id)
                pending.append(index)
            if progress is not None and builder.count % 500 == 0:
                progress(builder.count)  # the rows counted so far; their items are made below
        if pending:
            self._flush(columns or _Columns(batch, builder, keys, issue_ids), pending, comment_py)
        self.seen.after()
        return number

    def _all_new(
        self,
        batch: Any,
        blank: list[bool],
        slow: list[bool],
        comment_py: dict[int, Any],
        keys: list[str | None],
        ids: list[str | None],
        issue_ids: list[str | None],
        progress: Callable[[int], None] | None,
    ) -> bool:
        """The loop of :meth:`add_batch` at once for a batch of new issues only (no blank
        line, no row for the general path, no comment it must read, no issue id twice or
        seen before): False, doing nothing, for any other batch."""
        if any(blank) or any(slow) or comment_py:
            return False
        builder = self.builder
        seen = builder.seen
        if not seen.isdisjoint(issue_ids):
            return False
        before = len(seen)
        seen.update(issue_ids)  # (no set of the batch's ids of its own: an id twice adds once)
        if len(seen) - before < len(issue_ids):  # an id twice in the batch: none of its ids were
            seen.difference_update(issue_ids)  # in the set before (isdisjoint), so all go again
            return False
        self.seen.all_new()
        if builder.parents_by_id:
            by_id = builder.keys_by_id
            by_id.update(
                (given_id or "", key)
                for given_id, key in zip(ids, keys, strict=True)
                if key is not None
            )
        before, builder.count = builder.count, builder.count + len(issue_ids)
        if progress is not None:
            for done in range(before - before % 500 + 500, builder.count + 1, 500):
                progress(done)
        self._flush(_Columns(batch, builder, keys, issue_ids), list(range(batch.height)), {})
        self.seen.after()
        return True

    def _with_times(self, batch: Any) -> Any:
        """The batch with its times in µs since 1970 where Jira's default form gives them
        (``{date}_us``, ``comment_us{n}``: null for any other text, which the general parser
        reads), the comments' authors (``comment_by{n}``, null when none or not read) and
        whether a row has a comment cell only the general path reads (``comment_py``)."""
        import polars as pl

        present = set(batch.columns)
        slots = sum(name.startswith("comment_day") for name in present)
        dates = [field for field in _DATES if f"{field}_day" in present]
        parts = [(f"{field}_day", f"{field}_clock") for field in dates]
        parts += [(f"comment_day{n}", f"comment_clock{n}") for n in range(slots)]
        if not parts:
            return batch
        moments = _moments(batch, parts)
        added = [moments[at].alias(f"{field}_us") for at, field in enumerate(dates)]
        unread = []
        for number in range(slots):  # (in one with_columns with the dates: one polars call)
            moment = pl.lit(moments[len(dates) + number])
            three, author = pl.col(f"comment_three{number}"), pl.col(f"comment_author{number}")
            read = three & moment.is_not_null()  # (its cell in the "date;author;" form, read)
            # a comment's time only where its cell is in that form; its author where read
            added.append(pl.when(three).then(moment).alias(f"comment_us{number}"))
            named = read & (author.str.len_bytes() > 0)
            added.append(pl.when(named).then(author).alias(f"comment_by{number}"))
            unread.append(pl.col(f"comment_cell{number}") & ~read)
        if slots:
            added.append(pl.any_horizontal(unread).alias("comment_py"))
        return batch.with_columns(added)

    def _comment_rows(self, batch: Any) -> dict[int, Any]:
        """Rows with a comment cell polars did not read (another date form, no two ``;``…):
        row → its comment cells, which the general path's ``_comments`` reads."""
        if "comment_py" not in batch.columns:
            return {}
        rows = batch.get_column("comment_py").arg_true().to_list()
        if not rows:
            return {}
        cells = batch.select(self.names["comment"])
        return {row: cells.row(row) for row in rows}

    def _flush(
        self, columns: _Columns, rows: list[int], comments: dict[int, list[tuple[int, str, str]]]
    ) -> None:
        """Items, people and activities of ``rows`` (fast rows of one batch, in order), as
        ``_BoardBuilder._map`` makes them one row at a time; ``comments``: rows whose comments
        the general path read (time in µs, author, text)."""
        builder = self.builder
        board = builder.board
        people = board.people
        count = len(rows)
        if count == columns.height:  # (each column's list as it is: map reads any iterable)
            pick: Callable[[list[Any]], Any] = _itself
            frame, chosen = columns.batch, slice(None)
        else:
            pick = (lambda values: (values[rows[0]],)) if count == 1 else itemgetter(*rows)
            frame, chosen = columns.batch[rows], np.asarray(rows, np.int64)
        # the general path's comments of a row, by the row's place among ``rows``
        mine = {}
        for row, found in comments.items():
            place = bisect_left(rows, row)
            if place < count and rows[place] == row:
                mine[place] = found
        no_list, no_dict = builder.empty or (None, None)
        owned = None
        members = repeat(no_list, count) if no_list is not None else [[] for _ in range(count)]
        if columns.watched:
            assignees, reporters, watchers = self._people_by_row(columns, frame, mine)
        else:
            if mine or not columns.people_known(people):
                for person_id, name in _people_in_order(frame, columns.comment_slots, mine):
                    _register(people, person_id, name)

            def registered(person_id: str) -> str:
                """The id as registered (one string each); the batch's rows not mapped here
                may name someone not registered (their values are never read)."""
                known = people.get(person_id)
                return person_id if known is None else known.id

            assignees = columns.shared("assignee_pid", registered, rows=chosen)
            owned = columns.truthy("assignee_pid", registered, rows=chosen)
            reporters = columns.shared("reporter_out", registered, rows=chosen)
            watchers = repeat(no_list, count) if no_list is not None else [[] for _ in range(count)]
        if "project" in frame.columns:  # setdefault in the rows' order: the first name stays
            projects = builder.projects
            for key, name in _projects(frame).rows():
                projects.setdefault(key, name)
        keys = pick(columns.keys)
        statuses = pick(columns.statuses)
        items = list(  # by position, in ITEM_ORDER (connectors.mapping.common; a test keeps it)
            map(
                Item,
                repeat(SOURCE, count),
                pick(columns.item_ids),
                pick(columns.titles),
                keys,
                pick(columns.descriptions),
                pick(columns.types),
                statuses,
                pick(columns.categories),
                pick(columns.labels),
                pick(columns.created),
                pick(columns.updated),
                pick(columns.resolved),
                pick(columns.parents),
                statuses,  # column
                pick(columns.sprints),
                assignees,
                reporters,
                repeat(None, count),  # url
                pick(columns.priorities),
                pick(columns.levels),
                repeat(False, count),  # closed
                pick(columns.checklists),
                members,  # (none: an issue has its assignee)
                watchers,
                pick(columns.due),
                pick(columns.ranks),
                pick(columns.components),
                pick(columns.fix_versions),
                repeat(no_dict, count) if no_dict is not None else [{} for _ in range(count)],
            )
        )
        if columns.packed:  # (the rows' items hold those descriptions as bytes)
            packed = np.zeros(columns.height, bool)
            packed[columns.packed] = True
            for at in np.flatnonzero(packed[chosen]).tolist():
                items[at].__class__ = PackedItem
        first = len(board.items)
        board.items += items
        if builder.unchecked is not None:  # the items clean_board must still look at
            unvouched = np.flatnonzero(~columns.vouched[chosen]) + first
            builder.unchecked.frombytes(unvouched.astype(np.int64).tobytes())
        if builder.times is not None:
            builder.times.frombytes(columns.latest_us[chosen].tobytes())
        if builder.mentions is not None:
            if columns.may_mention is None:
                mention = np.arange(first, first + count, dtype=np.int64)
            else:
                mention = np.flatnonzero(columns.may_mention[chosen]) + first
            builder.mentions.frombytes(mention.astype(np.int64).tobytes())
        if builder.facts is not None:  # (the watched rows are not vouched for: no owners)
            facts = columns.facts[chosen]
            if owned is not None:
                facts = facts | np.where(owned, FACT_OWNED, 0).astype(np.uint8)
            builder.facts.frombytes(facts.tobytes())
        if columns.parent_rows is not None:  # the rows giving a parent by its id alone
            parent_ids = pick(columns.parent_ids)
            builder.parent_ids += [
                (items[at], parent_ids[at])
                for at in np.flatnonzero(columns.parent_rows[chosen]).tolist()
            ]
        columns.add_activities(builder.lean, chosen, first, count, mine)

    def _people_by_row(
        self, columns: _Columns, frame: Any, mine: dict[int, list[tuple[int, str, str]]]
    ) -> tuple[list[str | None], list[str | None], list[list[str]]]:
        """The people of an export with watchers registered row by row, as ``_map`` does:
        assignee, reporter, creator, watchers, the comments' authors. Returns each row's
        assignee, reporter (else creator) and watchers."""
        builder = self.builder
        people = builder.board.people
        share, no_list = builder.share_list, builder.empty[0] if builder.empty else None
        present, nothing = set(frame.columns), [None] * frame.height
        values = lambda name: frame.get_column(name).to_list() if name in present else nothing  # noqa: E731

        def split(name: str) -> list[Any]:
            if name not in present:
                return nothing
            return [joined.split(SEP) if joined else [] for joined in values(name)]

        slots = columns.comment_slots
        by = [values(f"comment_by{number}") for number in range(slots)]
        authors = [[a for a in row if a] for row in zip(*by, strict=True)] if slots else nothing
        for place, found in mine.items():
            authors[place] = [author for _, author, _ in found if author]
        assignees, reporters, watchers = [], [], []
        for a_pid, a_name, r_pid, r_name, c_pid, c_name, w_names, w_ids, named in zip(
            values("assignee_pid"),
            values("assignee_pname"),
            values("reporter_pid"),
            values("reporter_pname"),
            values("creator_pid"),
            values("creator_pname"),
            split("watchers"),
            split("watchers_id"),
            authors,
            strict=True,
        ):
            assignees.append(_register(people, a_pid, a_name) if a_pid else None)
            reporter = _register(people, r_pid, r_name) if r_pid else None
            creator = _register(people, c_pid, c_name) if c_pid else None
            reporters.append(reporter or creator)
            watching = watcher_ids(people, w_ids, w_names) if w_names or w_ids else []
            watchers.append(share(watching) if watching else no_list if no_list is not None else [])
            for author in named or ():
                if author not in people:
                    people[author] = Person(author, author)
        return assignees, reporters, watchers


class _Columns:
    """One batch's prepared values, one per Item field (every row of the batch, including
    those another path maps: those values are never used): Python lists of what each Item
    holds, numpy arrays of what its activities hold."""

    def __init__(
        self,
        batch: Any,
        builder: _BoardBuilder,
        keys: list[str | None],
        item_ids: list[str | None],
    ) -> None:
        """``keys`` and ``item_ids``: each row's key and issue id (id, else key), as the rows'
        loop took them (the items hold those strings)."""
        import polars as pl

        self.batch = batch
        height = self.height = batch.height
        present = set(batch.columns)
        nothing = [None] * height

        def values(name: str) -> list[Any]:
            return batch.get_column(name).to_list() if name in present else nothing

        shared = builder.shared.setdefault
        share = builder.share_list
        no_list = builder.empty[0] if builder.empty is not None else None
        self.watched = "watchers" in present or "watchers_id" in present
        self.keys, self.item_ids = keys, item_ids
        self.comment_slots = sum(name.startswith("comment_us") for name in present)
        self.nowhere = np.zeros(height, np.int64)  # a column the batch has not: all null
        self.coded = _coded(
            batch,
            (
                *("type", "status", "status_category", "priority", "labels", "components"),
                "fix_versions",
                *("sprint", "actor", "assignee_pid", "reporter_out"),
                *(f"comment_by{number}" for number in range(self.comment_slots)),
            ),
        )
        # the rows whose items clean_board need not look at (CheckedItems): every cell an
        # item's text comes from free of what it cleans (the batch's at once), the title and
        # description plain (kept as they are), the dates read in the plain form (plausible)
        self.vouched = np.full(height, not self.watched and _cells_safe(batch, self.coded))
        self.titles = _texts(batch, "summary") if "summary" in present else [""] * height
        for index in _not_plain_titles(batch):
            self.titles[index] = _title(self.titles[index])
            self.vouched[index] = False
        self.descriptions = (
            batch.get_column("description").fill_null("").to_list()
            if "description" in present
            else [""] * height
        )
        cleaned = _not_plain_descriptions(batch)
        for index in cleaned:
            self.descriptions[index] = plain_text(self.descriptions[index])
            self.vouched[index] = False
        if builder.description_chars is not None and cleaned and "title_looked" in present:
            self._cut_cleaned(batch, cleaned, builder.description_chars)
        # the rows whose description may hold an "@" (resolve_board_mentions reads them): a
        # cell with one, or not plain (description_looked finds both); None: every row
        self.may_mention: np.ndarray | None = None
        if "description_looked" in present:
            self.may_mention = batch.get_column("description_looked").fill_null(False).to_numpy()
        elif "description" not in present:
            self.may_mention = np.zeros(height, bool)
        one = lambda text: shared(text, text)  # noqa: E731 - one string per repeated value
        self.types = self.shared("type", one)
        self.statuses = self.shared("status", one)
        self.priorities = self.shared("priority", one)

        def cells(joined: str) -> list[str]:
            return [one(cell) for cell in joined.split(SEP)] if joined else []

        def shared_list(unique: bool) -> Callable[[str], list[str]]:
            def made(joined: str) -> list[str]:
                found = cells(joined)
                if not found:
                    return no_list if no_list is not None else found
                return share(list(dict.fromkeys(found)) if unique else found)

            return made

        # acceptance criteria or a checklist in fields of their own: each row's lines
        # (criteria_entries of its non-empty cells, as _map reads them); such a row's item is
        # not vouched for (clean_board looks at its lines)
        self.checklists = self._checklists(batch, share, no_list)
        self.labels = self.shared("labels", shared_list(False), no_list)
        self.components = self.shared("components", shared_list(True), no_list)
        self.fix_versions = self.shared("fix_versions", shared_list(True), no_list)
        if no_list is None:  # a library user's board: every item its own lists
            self.labels, self.components, self.fix_versions = (
                [list(found or ()) for found in lists]
                for lists in (self.labels, self.components, self.fix_versions)
            )
        dates = {}
        self.created_us = np.zeros(height, np.int64)
        # each row's later of its creation and update times as its datetimes hold them (the
        # whole seconds; NO_TIME_US for none): ItemTimes (rows with a date read otherwise are
        # not vouched for, so their times are read from their items)
        self.latest_us = np.full(height, NO_TIME_US, np.int64)
        found = {}  # each date field's rows that hold a date
        fields = [field for field in _DATES if f"{field}_us" in present]
        got = batch.select(  # each date's µs (0 for none), its nulls, the rows read otherwise
            expression
            for field in fields
            for moment in [pl.col(f"{field}_us")]
            for expression in (
                moment.fill_null(0).alias(f"{field}.us"),
                moment.is_null().alias(f"{field}.missing"),
                (moment.is_null() & pl.col(field).is_not_null()).alias(f"{field}.general"),
            )
        )
        for field in _DATES:
            if field not in fields:
                dates[field], found[field] = nothing, np.zeros(height, bool)
                continue
            moments_us = got.get_column(f"{field}.us").to_numpy()
            missing = got.get_column(f"{field}.missing").to_numpy()
            if field in ("created", "updated"):
                whole = moments_us // 1_000_000 * 1_000_000
                whole[missing] = NO_TIME_US
                np.maximum(self.latest_us, whole, out=self.latest_us)
            moments = _datetimes(moments_us, missing)
            # the texts not in the default form (or no such day): the general parser
            general = np.flatnonzero(got.get_column(f"{field}.general").to_numpy()).tolist()
            found[field] = ~missing
            if general:
                texts = batch.get_column(field).gather(general).to_list()
                for index, text in zip(general, texts, strict=True):
                    moments[index] = parse_csv_date(text, builder.numeric)
                    found[field][index] = moments[index] is not None
                self.vouched[general] = False
            dates[field] = moments
            if field == "created":
                self.created_us = moments_us.copy()  # (written below)
                for index in general:
                    if moments[index] is not None:
                        self.created_us[index] = utc_us(moments[index])
        self.created_ok = found["created"]
        self.created, self.updated = dates["created"], dates["updated"]
        self.resolved, self.due = dates["resolved"], dates["due"]
        resolved = found["resolved"]
        if builder.by_resolution and "resolution" in present:  # no Resolved column
            cell = pl.col("resolution")
            named = cell.is_not_null() & ~cell.str.to_lowercase().is_in(sorted(NO_RESOLUTION))
            resolved = batch.select(named.fill_null(False)).to_series().to_numpy()
        self.categories, done = self._categories(builder, resolved)
        # the flags' facts a row's own cells give (ItemTimes.facts; rows with a date read
        # otherwise are not vouched for): open = no resolution date, a category not done
        self.facts = np.where(found["resolved"] | done, 0, FACT_OPEN).astype(np.uint8)
        self.facts[found["due"]] |= FACT_PLANNED
        if "no_criteria" in present:  # (a row with criteria cells is not vouched for)
            no_criteria = batch.get_column("no_criteria").to_numpy()
            self.facts[no_criteria] |= FACT_NO_CRITERIA
            if builder.description_chars is not None and "description" in present:
                self._cut_descriptions(batch, no_criteria, builder.description_chars)
        # a scan's descriptions held packed until the classifier reads them (PackedItem)
        self.packed = _packed(self.descriptions) if builder.description_chars is not None else []
        # the status (the item's column too) and the type, judged once per distinct value; a
        # cell is stripped and not empty, or null: no type is a null one
        self.facts[self.truthy("status", dropped_status)] |= FACT_DROPPED
        self.facts[self.truthy("status", ready_column)] |= FACT_READY_COLUMN
        self.facts[self.truthy("type", _story_type)] |= FACT_STORY_TYPE
        types, type_places = self.coded.get("type", ((), self.nowhere))
        self.facts[type_places == len(types)] |= FACT_UNTYPED
        levels = builder.levels

        def level(issue_type: str) -> int | None:
            if issue_type not in levels:
                levels[issue_type] = hierarchy_level({"name": issue_type})
            return levels[issue_type]

        self.levels = self.shared("type", level, levels[None])
        sprints = builder.sprints

        def sprint(joined: str) -> str | None:
            if not joined:
                return None
            sprint_key = tuple(joined.split(SEP))
            if sprint_key not in sprints:
                sprints[sprint_key] = sprint_name(list(sprint_key))
            return sprints[sprint_key]

        self.sprints = self.shared("sprint", sprint)
        self.facts[self.truthy("sprint", sprint)] |= FACT_PLANNED
        self.parents, self.parent_ids = values("parent_out"), values("parent_id_only")
        self.parent_rows = (  # the rows with a parent id (a stripped cell: never empty)
            batch.get_column("parent_id_only").str.len_bytes().fill_null(0).to_numpy() > 0
            if "parent_id_only" in present
            else None
        )
        self.ranks = values("rank")
        # the activities' columns: the creation's time and actor, each comment cell's
        codes = builder.lean.actors  # type: ignore[union-attr]
        self.actor = self.codes("actor", codes)
        self.comment_us, self.comment_ok, self.comment_by = [], [], []
        for number in range(self.comment_slots):
            moments = batch.get_column(f"comment_us{number}")
            self.comment_ok.append(moments.is_not_null().to_numpy())
            self.comment_us.append(moments.fill_null(0).cast(pl.Int64).to_numpy())
            self.comment_by.append(self.codes(f"comment_by{number}", codes))

    def _cut_descriptions(self, batch: Any, no_criteria: np.ndarray, chars: int) -> None:
        """Each description a scan forgets unread once its item is classified cut to its first
        ``chars`` characters (all the scan reads of it: the model's cut and the language
        check, ``analyzer.pipeline.scan_description_chars``): a vouched row's that holds no
        acceptance criteria (``FACT_NO_CRITERIA``: no criteria, no "@" and no markup in it, so
        no reader, clean_board or mention rewrites it and no search reads it again). A
        description with a line break is not plain: kept whole (most real exports' are)."""
        long = batch.get_column("description").str.len_chars().fill_null(0).to_numpy() > chars
        descriptions = self.descriptions
        for row in np.flatnonzero(long & no_criteria & self.vouched).tolist():
            descriptions[row] = descriptions[row][:chars]

    def _cut_cleaned(self, batch: Any, rows: list[int], chars: int) -> None:
        """:meth:`_cut_descriptions` for the descriptions the reader cleaned (a line break or
        markup: most real exports'), whose rows are not vouched for: cut where the scan's
        later steps read their first ``chars`` characters alone — no "@" (no mention renamed),
        nothing clean_board changes, a title with no match of the criteria's superset and a
        description with none whole or cut (``forget_descriptions_of`` searches the cut one:
        its evidence is "" as the whole one's)."""
        import polars as pl

        titled = batch.get_column("title_looked").fill_null(False).to_numpy()
        descriptions, titles = self.descriptions, self.titles
        long = [
            row
            for row in rows
            if not titled[row]
            and len(text := descriptions[row]) > chars
            and "@" not in text
            and not unsafe(text)
            and not unsafe(titles[row])
        ]
        if not long:
            return
        texts = [descriptions[row] for row in long]
        both = pl.Series([*texts, *(text[:chars] for text in texts)], dtype=pl.String)
        found = both.str.contains(CRITERIA_SUPERSET).to_numpy()
        hit = found[: len(long)] | found[len(long) :]
        for row, text, held in zip(long, texts, hit.tolist(), strict=True):
            if not held:
                descriptions[row] = text[:chars]

    def _checklists(
        self, batch: Any, share: Callable[[list[str]], list[str]], no_list: list[str] | None
    ) -> list[list[str]]:
        """Each row's ``checklist_items``: the lines of its criteria cells (joined by SEP in the
        column ``criteria``), an empty list for none."""
        height = self.height
        found = [no_list] * height if no_list is not None else [[] for _ in range(height)]
        if "criteria" not in batch.columns:
            return found
        joined = batch.get_column("criteria")
        rows = (joined.str.len_bytes() > 0).arg_true().to_list()
        for row, text in zip(rows, joined.gather(rows).to_list(), strict=True):
            entries = criteria_entries(text.split(SEP))
            if entries:  # (placeholders only: no line, the empty list)
                found[row] = share(entries)
            self.vouched[row] = False
        return found

    def _categories(
        self, builder: _BoardBuilder, resolved: np.ndarray
    ) -> tuple[list[str | None], np.ndarray]:
        """Each row's status category, ``status_category`` of its category cell, status and
        resolution (``resolved``: the rows with a resolution date), once per distinct three;
        and which rows' category is the done one (``done_category``)."""
        categories = builder.categories
        names, named = self.coded.get("status_category", ((), self.nowhere))
        statuses, status = self.coded.get("status", ((), self.nowhere))
        size = (len(names) + 1) * (len(statuses) + 1) * 2
        combined = (named.astype(np.int64) * (len(statuses) + 1) + status) * 2 + resolved
        distinct, places = dense_codes(combined, size)
        table = np.empty(len(distinct), object)
        for at, code in enumerate(distinct.tolist()):
            rest, done = divmod(code, 2)
            name_at, status_at = divmod(rest, len(statuses) + 1)
            name = names[name_at] if name_at < len(names) else None
            status_name = statuses[status_at] if status_at < len(statuses) else None
            key = (name, status_name, bool(done))
            category = categories.get(key, False)
            if category is False:
                category = categories[key] = status_category(
                    {"name": name} if status_name else None, status_name, key[2]
                )
            table[at] = category
        places = places.reshape(-1)
        done = np.fromiter(map(done_category, table), bool, count=len(table))
        return table[places].tolist(), done[places]

    def shared(
        self, name: str, made: Callable[[str], Any], none: Any = None, rows: Any = None
    ) -> list[Any]:
        """``made(value)`` for each row's value of the column ``name`` (``none`` for null;
        the rows ``rows`` of the batch, else all), made once per distinct value: the rows
        share its result."""
        distinct, places = self.coded.get(name, ((), self.nowhere))
        table = np.empty(len(distinct) + 1, object)
        for place, value in enumerate(distinct):
            table[place] = made(value)
        table[-1] = none
        return table[places if rows is None else places[rows]].tolist()

    def truthy(self, name: str, made: Callable[[str], Any], rows: Any = None) -> np.ndarray:
        """Which rows' ``made(value)`` of the column ``name`` is true (null: false), as
        :meth:`shared` makes them (``made`` called once per distinct value)."""
        distinct, places = self.coded.get(name, ((), self.nowhere))
        table = np.zeros(len(distinct) + 1, bool)
        for place, value in enumerate(distinct):
            table[place] = bool(made(value))
        return table[places if rows is None else places[rows]]

    def people_known(self, people: dict[str, Person]) -> bool:
        """Is every person the batch's rows name (assignee, reporter, creator, the comments'
        authors: ``_people_in_order``'s ids) registered already under a name other than their
        id? Registering them again (``_register``) would then change nothing."""
        for name in ("assignee_pid", "reporter_out", "actor"):
            if not self._known(people, name):
                return False
        return all(self._known(people, f"comment_by{n}") for n in range(self.comment_slots))

    def _known(self, people: dict[str, Person], name: str) -> bool:
        for person_id in self.coded.get(name, ((),))[0]:
            known = people.get(person_id)
            if known is None or known.display_name == person_id:
                return False
        return True

    def codes(self, name: str, codes: dict[str, int]) -> np.ndarray:
        """The actor codes (``codes``, added to) of the column ``name``'s people; -1 for none."""
        distinct, places = self.coded.get(name, ((), self.nowhere))
        found = [codes.setdefault(value, len(codes)) for value in distinct]
        return np.array([*found, -1], np.int32)[places]

    def add_activities(
        self,
        lean: Any,
        chosen: Any,
        first: int,
        count: int,
        mine: dict[int, list[tuple[int, str, str]]],
    ) -> None:
        """The activities of the rows ``chosen`` (items ``first``… of the board) appended to
        ``lean`` in the order ``_LeanActivities.add`` appends them: each item's creation, then
        its comments; ``mine``: the comments the general path read, by place among the rows."""
        width = 1 + self.comment_slots
        when = np.zeros((count, width), np.int64)
        valid = np.zeros((count, width), bool)
        actor = np.full((count, width), -1, np.int32)
        when[:, 0], valid[:, 0], actor[:, 0] = (
            self.created_us[chosen],
            self.created_ok[chosen],
            self.actor[chosen],
        )
        for number in range(self.comment_slots):
            when[:, 1 + number] = self.comment_us[number][chosen]
            valid[:, 1 + number] = self.comment_ok[number][chosen]
            actor[:, 1 + number] = self.comment_by[number][chosen]
        codes = lean.actors
        for place, found in mine.items():
            valid[place, 1:] = False
            for number, (moment, author, _) in enumerate(found, 1):
                when[place, number], valid[place, number] = moment, True
                actor[place, number] = codes.setdefault(author, len(codes)) if author else -1
        kinds = np.full(width, _COMMENTED_CODE, np.int8)
        kinds[0] = _CREATED_CODE
        kept = valid.ravel()
        lean.item.frombytes(
            np.repeat(np.arange(first, first + count, dtype=np.int32), width)[kept].tobytes()
        )
        lean.actor.frombytes(actor.ravel()[kept].tobytes())
        lean.kind.frombytes(np.tile(kinds, count)[kept].tobytes())
        lean.when.frombytes(when.ravel()[kept].tobytes())


def _packed(descriptions: list[Any]) -> list[int]:
    """The rows whose description is :func:`~connectors.packed_item.wide`, packed in
    ``descriptions`` in place (UTF-8 bytes, as :func:`~connectors.packed_item.pack`)."""
    rows = [row for row, text in enumerate(descriptions) if wide(text)]
    for row in rows:
        descriptions[row] = descriptions[row].encode("utf-8", "surrogatepass")
    return rows


def _itself(values: list[Any]) -> list[Any]:
    return values


def dense_codes(values: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(values, return_inverse=True)`` of small codes (``0 <= value < size``): the
    distinct values (ascending) and each value's place among them, by a count of each code
    and a table (no sort: ``np.unique`` sorts the column; 0.15 vs 0.02 ms per 10 000 rows)."""
    values = np.asarray(values, np.int64)
    distinct = np.flatnonzero(np.bincount(values, minlength=size))
    rank = np.zeros(max(size, 1), np.int64)
    rank[distinct] = np.arange(len(distinct))
    return distinct, rank[values]


def _coded(frame: Any, names: tuple[str, ...]) -> dict[str, tuple[list[str], np.ndarray]]:
    """For each column of ``names`` the frame has: its distinct values (not null) and each
    row's place among them (their number for null), in two passes over the frame."""
    import polars as pl

    names = tuple(name for name in names if name in frame.columns)
    if not names:
        return {}
    found = frame.select(pl.col(name).drop_nulls().unique().implode() for name in names).row(0)
    distinct = dict(zip(names, found, strict=True))
    places = frame.select(
        pl.col(name).cast(pl.Enum(values)).to_physical().fill_null(len(values))
        for name, values in distinct.items()
        if values
    )
    nothing = np.zeros(frame.height, np.int64)  # every row null: the place after none
    return {
        name: (values, places.get_column(name).to_numpy() if values else nothing)
        for name, values in distinct.items()
    }


def _texts(batch: Any, name: str) -> list[str]:
    """Each row's text of the column ``name`` ("" for null). A text repeated within the batch
    is one ``str`` the rows share when the batch's distinct texts are at most half its rows
    (the generated 1M export's 1M titles are a few hundred texts: ≈ 90 MiB less at the read's
    peak); a column of mostly distinct texts (most real exports' titles) is taken as it is."""
    import polars as pl

    column = batch.get_column(name).fill_null("")
    distinct = column.unique()
    if 2 * len(distinct) > len(column):
        return column.to_list()
    texts = distinct.to_list()
    table = np.empty(len(texts), object)
    table[:] = texts
    places = column.cast(pl.Enum(texts)).to_physical().to_numpy()
    return table[places].tolist()


def _moments(batch: Any, parts: list[tuple[str, str]]) -> list[Any]:
    """The µs since 1970 of each pair of columns (``day``, ``clock``: a date's two parts) of
    ``parts``, as the reader's own parsers read each text, as Series in that order; null where
    either is not in the plain form (or no such day or time). The pairs' columns are looked up
    at once, stacked: the days' distinct texts read by ``plain_day_us`` once, the times in
    ``clock_table``, each by one left join (a join builds its hash table once per batch: four
    ``replace_strict`` on the 6 120-text table cost ≈ 5× as much CPU)."""
    import polars as pl

    height = batch.height
    days = pl.concat([batch.get_column(day) for day, _ in parts], rechunk=False)
    clocks = pl.concat([batch.get_column(clock) for _, clock in parts], rechunk=False)
    found = [
        (text, value)
        for text in days.drop_nulls().unique().to_list()
        if type(value := plain_day_us(text)) is int
    ]
    day_table = pl.DataFrame(
        {"day": [text for text, _ in found], "day_us": [value for _, value in found]},
        schema={"day": pl.String, "day_us": pl.Int64},
    )
    stacked = pl.DataFrame({"day": days.alias("day"), "clock": clocks.alias("clock")})
    joined = stacked.join(day_table, on="day", how="left", maintain_order="left").join(
        clock_frame(), on="clock", how="left", maintain_order="left"
    )
    moments = joined.get_column("day_us") + joined.get_column("clock_us")
    return [moments.slice(at * height, height) for at in range(len(parts))]


def _moment_reference(day: str, distinct: dict[str, list[str]], clock: str) -> Any:
    """:func:`_moments` of one pair, as a polars expression (``distinct``: the day column's
    distinct texts): the reference its tests compare with."""
    import polars as pl

    texts, values = clock_table()
    times = pl.col(clock).replace_strict(texts, values, default=None, return_dtype=pl.Int64)
    return _mapped(day, distinct[day], plain_day_us) + times


_CLOCKS: list[Any] = []


_CLOCK_FRAME: list[Any] = []


def clock_frame() -> Any:
    """``clock_table`` as a DataFrame (``clock``, ``clock_us``) to join on."""
    import polars as pl

    if not _CLOCK_FRAME:
        texts, values = clock_table()
        _CLOCK_FRAME.append(pl.DataFrame({"clock": texts, "clock_us": values}))
    return _CLOCK_FRAME[0]


def clock_table() -> tuple[Any, Any]:
    """Every text ``_clock_us`` reads as a time of day and its µs since midnight, as two
    polars Series (the 6 120 texts of its form, ``_PLAIN_TIME``, with an hour below 24 and a
    minute below 60, tried once a process): a batch's times are looked up in it, not read
    one distinct text at a time."""
    if not _CLOCKS:
        import polars as pl

        # an hour above 23 or a minute above 59 is never one (a test tries them)
        hours = [str(hour) for hour in range(24)] + [f"{hour:02d}" for hour in range(10)]
        found = {}
        for hour in hours:
            for minute in range(60):
                for half in ("", " AM", " PM"):
                    text = f"{hour}:{minute:02d}{half}"
                    if type(value := _clock_us(text)) is int:
                        found[text] = value
        _CLOCKS[:] = [pl.Series(list(found), dtype=pl.String), pl.Series(list(found.values()))]
    return _CLOCKS[0], _CLOCKS[1]


def _mapped(name: str, texts: list[str], convert: Callable[[str], Any]) -> Any:
    """The column ``name`` with each of its distinct ``texts`` replaced by ``convert(text)``
    when that is a number (else null)."""
    import polars as pl

    found = [(text, value) for text in texts if type(value := convert(text)) is int]
    if not found:
        return pl.lit(None, pl.Int64)
    return pl.col(name).replace_strict(
        [text for text, _ in found],
        [value for _, value in found],
        default=None,
        return_dtype=pl.Int64,
    )


def _people_in_order(
    frame: Any, slots: int, mine: dict[int, list[tuple[int, str, str]]]
) -> list[tuple[str, str | None]]:
    """The (id, name) pairs ``_register`` is given for the frame's rows, in the order ``_map``
    gives them (a row's assignee, reporter, creator, then its comments' authors), each pair
    once: registering the first of each pair in order makes the same people as every one
    (a person's place is the first of their pairs, the name kept the first other than the id)."""
    import polars as pl

    width = 3 + slots
    place = pl.int_range(0, pl.len(), dtype=pl.Int64) * width
    schema = {"at": pl.Int64, "id": pl.String, "name": pl.String}
    parts = []
    for slot, field in enumerate(("assignee", "reporter", "creator")):
        if f"{field}_pid" in frame.columns:
            parts.append(
                frame.select(
                    (place + slot).alias("at"),
                    pl.col(f"{field}_pid").alias("id"),
                    pl.col(f"{field}_pname").alias("name"),
                )
            )
    general = pl.int_range(0, pl.len()).is_in(list(mine)) if mine else pl.lit(False)
    for number in range(slots):
        author = pl.when(~general).then(pl.col(f"comment_by{number}"))
        nameless = pl.lit(None, pl.String)
        parts.append(
            frame.select(
                (place + 3 + number).alias("at"), author.alias("id"), nameless.alias("name")
            )
        )
    found = [
        (row * width + 3 + number, author, None)
        for row, comments in mine.items()
        for number, (_, author, _) in enumerate(comments)
        if author
    ]
    if found:
        parts.append(pl.DataFrame(found, schema=schema, orient="row"))
    if not parts:
        return []
    pairs = pl.concat([part.cast(schema) for part in parts]).drop_nulls("id")  # type: ignore[arg-type]
    firsts = pairs.group_by("id", "name").agg(pl.col("at").min()).sort("at")
    return list(
        zip(firsts.get_column("id").to_list(), firsts.get_column("name").to_list(), strict=True)
    )


#: The prepared columns the fast path's Item texts come from (but for the title and the
#: description, judged plain or not on their own): the summary's and description's cells
#: aside, what clean_board would look at.
_CODED_CELLS = (
    *("type", "status", "priority", "sprint", "labels", "components", "fix_versions"),
    *("assignee_pid", "reporter_out"),
)
_ROW_CELLS = ("key", "id", "rank", "parent_out")  # (each row's own value)


def _cells_safe(batch: Any, coded: dict[str, tuple[list[str], np.ndarray]]) -> bool:
    """No cell of the batch's ``_CODED_CELLS`` and ``_ROW_CELLS`` holds what ``clean_board``
    cleans: the former's distinct values (``coded``, :func:`_coded`) checked in Python, the
    latter's columns each joined and searched once (a search per cell costs ≈ 10× as much)."""
    import polars as pl

    for name in _CODED_CELLS:  # (a multi-valued field's cells are joined by SEP, a NUL)
        if any(unsafe(value.replace(SEP, "")) for value in coded.get(name, ((),))[0]):
            return False
    names = [name for name in _ROW_CELLS if name in batch.columns]
    if not names or not batch.height:
        return True
    found = batch.select(
        pl.any_horizontal([pl.col(name).str.join("").str.contains(UNSAFE_CELL) for name in names])
    )
    return not found.item()


def _datetimes(moments_us: np.ndarray, missing: np.ndarray) -> list[datetime | None]:
    """The µs since 1970 (whole seconds; int64) as aware UTC datetimes, None where ``missing``."""
    absent = int(missing.sum())
    if absent == len(moments_us):
        return [None] * absent
    made: list[datetime | None] = utc_datetimes(moments_us // 1_000_000)  # type: ignore[assignment]
    for index in np.flatnonzero(missing).tolist() if absent else ():
        made[index] = None
    return made


#: The seconds since 1970 of 0001-01-02 and of 9999-12-30 (``utc_datetimes``' fast range).
_FIRST_S, _LAST_S = -62_135_510_400, 253_402_128_000


def utc_datetimes(seconds: np.ndarray) -> list[datetime]:
    """``datetime.fromtimestamp(s, UTC)`` of each of the whole ``seconds`` since 1970 (int64),
    made from their fields computed by numpy over the column: each datetime is built from its
    10-byte state (year, month, day, hour, minute, second, µs — the state its pickle holds and
    ``datetime(state, tzinfo)`` reads back), not from a timestamp converted one at a time
    (≈ 40 % less CPU a datetime). Seconds outside years 1–9999 go the per-value way."""
    if not len(seconds):
        return []
    if seconds.min() < _FIRST_S or seconds.max() > _LAST_S:
        return list(map(datetime.fromtimestamp, seconds.tolist(), repeat(UTC)))
    moments = seconds.astype("datetime64[s]")
    days = moments.astype("datetime64[D]")
    months = days.astype("datetime64[M]")
    years = months.astype("datetime64[Y]")
    year = years.astype(np.int64) + 1970
    clock = (moments - days).astype(np.int64)  # seconds since midnight
    state = np.zeros((len(seconds), 10), np.uint8)  # (the µs, its last 3 bytes, are 0)
    state[:, 0] = year >> 8
    state[:, 1] = year & 0xFF
    state[:, 2] = (months - years).astype(np.int64) + 1
    state[:, 3] = (days - months).astype(np.int64) + 1
    state[:, 4] = clock // 3600
    state[:, 5] = clock // 60 % 60
    state[:, 6] = clock % 60
    return list(map(datetime, state.view("V10").ravel().tolist(), repeat(UTC)))


def _false(batch: Any, name: str) -> list[int]:
    """The rows where the flag ``name`` is false (not null: a value to look at), if it is there."""
    if name not in batch.columns:
        return []
    return batch.get_column(name).not_().arg_true().to_list()


def _story_type(kind: str) -> bool:
    return type_of(kind) == "story"  # (analyzer.flags.items.story_type)


def _not_plain_titles(batch: Any) -> list[int]:
    """The rows whose title is not plain (a match of ``NOT_PLAIN_TITLE``, or over 1 000
    bytes): from the flag ``plain_title``, or searched among the rows ``title_looked`` found
    (a match of ``NOT_PLAIN_TITLE`` or of the criteria's superset)."""
    if "title_looked" not in batch.columns:
        return _false(batch, "plain_title")
    titles = batch.get_column("summary")
    rows = batch.get_column("title_looked").fill_null(False).arg_true()
    found = rows.filter(titles.gather(rows).str.contains(NOT_PLAIN_TITLE)).to_list()
    long = (titles.str.len_bytes() > 1000).fill_null(False).arg_true().to_list()
    return sorted({*found, *long}) if long else found


def _not_plain_descriptions(batch: Any) -> list[int]:
    """The rows whose description is not plain (a match of ``NOT_PLAIN_TEXT``): from the flag
    ``plain_description``, or searched among the rows ``description_looked`` found (a match
    of ``NOT_PLAIN_TEXT`` or of the criteria's superset: a superset of the former's)."""
    if "description_looked" not in batch.columns:
        return _false(batch, "plain_description")
    rows = batch.get_column("description_looked").fill_null(False).arg_true()
    found = batch.get_column("description").gather(rows).str.contains(NOT_PLAIN_TEXT)
    return rows.filter(found).to_list()


def _nulls(batch: Any, name: str, where: Any = None) -> list[int]:
    """The rows where column ``name`` is null (and ``where`` holds), if it is there."""
    if name not in batch.columns:
        return []
    found = batch.get_column(name).is_null()
    if where is not None:
        found = found & where
    return found.arg_true().to_list()


def _no_criteria(firsts: dict[str, Any], pl: Any) -> Any:
    """The rows whose title and description hold no acceptance criteria: no match of the
    findings' polars supersets (``TITLE_CRITERIA_SUPERSET`` in the title, ``CRITERIA_SUPERSET``
    in the description, as ``analyzer.flags.items.acceptance_evidences`` searches them) and no
    ``@`` in the description (a mention the reader may still rename). Only a vouched row's
    answer is read: its item's texts are these cells (plain, never cleaned)."""
    found = pl.lit(True)
    # (a match of the criteria's superset, of "@" for a description, or not plain)
    if "summary" in firsts:
        found = found & ~pl.col("title_looked").fill_null(False)
    if "description" in firsts:
        found = found & ~pl.col("description_looked").fill_null(False)
    return found


#: The project of a key (its part before the last "-": ``key.rsplit("-", 1)[0]``), in polars.
KEY_PROJECT = r"(?s)^(.*)-"


def _projects(frame: Any) -> Any:
    """The frame's distinct projects (``project``: the project key cell, else the key's part
    before its last "-") and their names (``project_label``), in the order of their first rows.
    With a project key column, the keys are read only when a row has no project key (the
    regex over every key cost ≈ 1.3 ms per 10 000 rows: an export gives both, or neither)."""
    import polars as pl

    project = pl.col("project")
    keys = "project_key" in frame.columns and "key" in frame.columns
    if keys and frame.get_column("project").null_count():
        project = pl.coalesce(project, pl.col("key").str.extract(KEY_PROJECT, 1))
    named = frame.select(project.alias("project"), "project_label").drop_nulls("project")
    return named.unique("project", keep="first", maintain_order=True)


def _outputs(firsts: dict[str, Any], pl: Any) -> list[Any]:
    """The last stage's columns of Item fields made from several cells."""
    out = []
    parent_key, parent_id = firsts.get("parent_key"), firsts.get("parent_id")
    given = [firsts[f] for f in ("parent_key", "parent_id", "epic_link") if f in firsts]
    if given:
        out.append(pl.coalesce(given).alias("parent_out"))
    if parent_id is not None:
        only = parent_id if parent_key is None else pl.when(parent_key.is_null()).then(parent_id)
        out.append(only.alias("parent_id_only"))
    people = {}  # each person field as _register is given it: (id or name, name or id)
    for field in ("assignee", "reporter", "creator"):
        given = [firsts[f] for f in (f"{field}_id", field) if f in firsts]
        if given:
            people[field] = pl.coalesce(given)
            out.append(people[field].alias(f"{field}_pid"))
            out.append(pl.coalesce(given[::-1]).alias(f"{field}_pname"))
    for name, fields in (
        ("reporter_out", ("reporter", "creator")),
        ("actor", ("creator", "reporter")),
    ):
        given = [people[f] for f in fields if f in people]
        if given:  # the item's reporter (else creator), its creation's actor (creator first)
            out.append(pl.coalesce(given).alias(name))
    key, project_key = firsts.get("key"), firsts.get("project_key")
    given = [project_key] if project_key is not None else []
    if key is not None and project_key is None:  # the key's part before its last "-"
        given.append(key.str.extract(KEY_PROJECT, 1))  # (with a project key column: _projects)
    if given:
        out.append(pl.coalesce(given).alias("project"))
        if project_key is not None:
            named = pl.coalesce([firsts.get("project_name", pl.lit(None)), pl.lit("")])
            label = pl.when(project_key.is_not_null()).then(named).otherwise(pl.lit(""))
        else:
            label = pl.lit("")
        out.append(label.alias("project_label"))
    return out
