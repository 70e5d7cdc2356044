"""A Jira CSV row's cells read into values, shared by every way a row is mapped.

Comment cells (``date;author;text``, put back together when another tool split them over three
cells: :func:`_comments`), Labels cells (a tool's JSON list: :func:`labels_of`), Watchers cells
that are counts (:func:`counted_watchers`, :func:`is_count`), a watcher or a comment's author
registered as a person (:func:`_register`, :func:`watcher_ids`), a description or title without
markup kept as written (:func:`plain_text`, :func:`_title`). The row builder
(:mod:`.jira_csv_board`), the polars path (:mod:`._csv_prepared`) and the reference
(:mod:`.jira_csv_reference`) read them alike.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Any

from connectors.exports.jira_csv_dates import NumericDates, csv_date_us, parse_csv_date
from connectors.interface import Person
from connectors.mapping.common import one_line, wiki_to_text

_Comment = tuple[datetime, str, str]  # (when, author id or "", text as written)


def _comment(cell: str, numeric: NumericDates | None = None) -> _Comment | None:
    parts = cell.split(";", 2)
    if len(parts) < 3:
        return None
    when = parse_csv_date(parts[0], numeric)
    if when is None:
        return None
    return when, parts[1].strip(), parts[2].strip()


def _comment_us(cell: str, numeric: NumericDates | None = None) -> tuple[int, str, str] | None:
    """:func:`_comment` with the time in µs since 1970 (:func:`csv_date_us`)."""
    parts = cell.split(";", 2)
    if len(parts) < 3:
        return None
    when = csv_date_us(parts[0], numeric)
    if when is None:
        return None
    return when, parts[1].strip(), parts[2].strip()


def _comments(
    cells: list[str],
    comment: Callable[[str, NumericDates | None], Any] = _comment,
    numeric: NumericDates | None = None,
) -> tuple[list, int]:
    """Comment cells → (when, author, text) triples, and how many cells could not be read.

    A comment whose ``;`` separators were turned into cell breaks (a file re-saved by another
    tool: ``date``, ``author``, ``text`` in three cells) is put back together. ``comment``:
    :func:`_comment` (times as datetimes) or :func:`_comment_us` (in µs, for the columns);
    ``numeric``: the reader's :class:`NumericDates`.
    """
    parsed = [comment(cell, numeric) for cell in cells]
    if None not in parsed:  # every cell a comment of its own: nothing to put back together
        return parsed, 0  # type: ignore[return-value]
    comments: list[_Comment] = []
    unreadable = 0
    index = 0
    while index < len(cells):
        found = comment(cells[index], numeric)
        if found is None and index + 2 < len(cells) and ";" not in cells[index]:
            author, text = cells[index + 1], cells[index + 2]
            found = comment(";".join(cells[index : index + 3]), numeric)
            if (
                found is not None
                and ";" not in author
                and len(author) <= 128
                and parse_csv_date(author, numeric) is None
                and _comment(text, numeric) is None
            ):
                comments.append(found)
                index += 3
                continue
            found = None
        if found is None:
            unreadable += 1
        else:
            comments.append(found)
        index += 1
    return comments, unreadable


def labels_of(cells: list[str]) -> list[str]:
    """A row's labels from its Labels cells: a cell holding a JSON list of strings (a tool's
    ``["Must","Dependency"]``) gives each string, as Jira's repeated Labels columns do; any
    other cell is one label, as written."""
    if not any(cell[:1] == "[" for cell in cells):
        return cells
    labels: list[str] = []
    for cell in cells:
        listed = _json_strings(cell) if cell[:1] == "[" else None
        if listed is None:
            labels.append(cell)
        else:
            labels += [text for value in listed if (text := value.strip())]
    return labels


def _json_strings(cell: str) -> list[str] | None:
    """The strings of a cell that is a JSON list of strings, else None."""
    try:
        value = json.loads(cell)
    except (ValueError, RecursionError):  # not JSON, a number too long, lists nested too deep
        return None
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return value
    return None


def counted_watchers(fields: Sequence[str | None]) -> bool:
    """Does the header's Watchers column hold counts? Jira's export of the current fields
    writes the number of watchers in one Watchers column; its export of all fields writes a
    name per column (a Watchers Id column beside them on Cloud). So one Watchers column and
    no Watchers Id column: its cells of digits alone (:func:`is_count`) are no one."""
    return fields.count("watchers") == 1 and "watchers_id" not in fields


def is_count(cell: str) -> bool:
    """A cell of ASCII digits alone (``7``): a count, not a person's name."""
    return cell.isascii() and cell.isdigit()


# Text without any character a wiki or HTML rule looks for (and not starting a line like a wiki
# heading, quote or list) is only whitespace-squeezed by wiki_to_text: done here without it.
_MARKUP = re.compile(r"[\n{\[!*_+|\\<]")


_LINE_RULE = re.compile(r"\s*(?:h[1-6]\.|bq\.|[#-])")


def plain_text(text: str) -> str:
    """``wiki_to_text(text)``, faster for the common cell without markup: whitespace squeezed."""
    if _MARKUP.search(text) is None and "??" not in text and _LINE_RULE.match(text) is None:
        if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
            return text  # single spaces only (every other whitespace is unprintable)
        return " ".join(text.split())
    return wiki_to_text(text)


def _title(text: str) -> str:
    """``one_line(text, 1000)`` without re-joining a title that is already on one line."""
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text if len(text) <= 1000 else text[:999] + "…"
    return one_line(text, 1000)


def _register(people: dict[str, Person], person_id: str, name: str | None) -> str:
    """``add_person`` for a CSV user (no e-mail, no user name): the first real name is kept.

    Returns the registered id object, so repeated ids share one string.
    """
    known = people.get(person_id)
    if known is None:
        people[person_id] = Person(id=person_id, display_name=name or person_id)
        return person_id
    if name and known.display_name == person_id:
        known.display_name = name
    return known.id


def watcher_ids(
    people: dict[str, Person], ids: list[str] | None, names: list[str] | None
) -> list[str]:
    """An issue's watchers registered in order, each person once: ids paired with names when the
    export gives both one for one, else whichever it gives stands for both."""
    if ids and len(ids) == len(names or ()):
        watchers: Iterable[tuple[str, str]] = zip(ids, names or (), strict=True)
    else:
        watchers = ((w, w) for w in ids or names or ())
    mine: list[str] = []
    for watcher_id, watcher_name in watchers:
        person_id = _register(people, watcher_id, watcher_name)
        if person_id not in mine:
            mine.append(person_id)
    return mine


def id_alone(issue_id: str) -> str:
    """Why a row holding an issue id and no key, summary, type or status is not read (session
    31: 42 of a real export's 106 rows held only an id, read as untitled issues and listed
    among its top items)."""
    return f"issue id {one_line(issue_id, 30)} and no key, summary, type or status: not an issue"


#: A Resolution cell naming no resolution: Jira's own word for none in its issue views.
NO_RESOLUTION = frozenset({"unresolved"})


def resolution_stands_in(fields: Iterable[str | None]) -> bool:
    """Does a header's Resolution column say which issues are resolved: one without a Resolved
    column (an export of the current fields with Jira's default columns, a tool's CSV)? In the
    sets' 64 CSV exports holding both, a Resolution cell is set exactly where the Resolved date
    is, so it tells what the date would (session 36: a tool's CSV of 5 586 issues, 3 721 of
    them resolved and no Status column, read as 0 done)."""
    fields = set(fields)
    return "resolution" in fields and "resolved" not in fields


def resolution_set(cell: str | None) -> bool:
    """Does a Resolution cell (stripped, None for empty) name a resolution?"""
    return cell is not None and cell.lower() not in NO_RESOLUTION
