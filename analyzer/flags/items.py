"""What the findings ask of one item: open? owned? acceptance criteria?"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

import numpy as np

from _backlog_analyzer_runtime.percent import percent
from connectors.columns import KIND_CODE, columns_of
from connectors.interface import ActivityKind, Board, Item, done_category
from connectors.mapping.criteria import (
    CRITERIA_NAMES,
    CRITERIA_SUPERSET,
    GIVEN_WHEN_THEN,
    TITLE_CRITERIA_SUPERSET,
    placeholder_line,
    python_name,
)
from connectors.mapping.issue_types import type_of
from connectors.mapping.status_words import dropped_status, ready_column


def story_type(kind: str | None) -> bool:
    """Is ``kind`` (an issue type) a story, whatever the export language ("Story", "User
    story", "Historia", "Récit", "História", ...)? One mapping with the readers' and the model's
    (:mod:`connectors.mapping.issue_types`)."""
    return type_of(kind) == "story"


#: The names of acceptance criteria: one list with the readers', which find criteria fields by
#: them (:data:`connectors.mapping.criteria.CRITERIA_NAMES`).
_AC_NAMES = CRITERIA_NAMES
#: Given/When/Then in each language (one list with the readers': ``GIVEN_WHEN_THEN``).
_GIVEN_WHEN_THEN = GIVEN_WHEN_THEN
# Supersets of _AC_PATTERNS for polars' regex (made beside the names, so a reader can search
# with them too: connectors.mapping.criteria).
_AC_SUPERSET, _AC_TITLE_SUPERSET = CRITERIA_SUPERSET, TITLE_CRITERIA_SUPERSET

# A name of acceptance criteria or "AC:" is a heading ("head"), a checkbox a line of its own
# ("box"): what follows them may be only a placeholder (_criteria_end); a Given/When/Then is
# criteria itself.
_AC_PATTERNS = re.compile(
    "|".join(
        [
            "(?P<head>" + "|".join([*map(python_name, _AC_NAMES), r"\bAC\s*:"]) + ")",
            r"(?P<box>^\s*[-*]\s*\[[ xX]\])",
            *(
                rf"\b{python_name(given)}\b[\s\S]{{0,400}}?\b{when}\b[\s\S]{{0,400}}?\b{then}\b"
                for given, when, then in _GIVEN_WHEN_THEN
            ),
        ]
    ),
    re.IGNORECASE | re.MULTILINE,
)

# Something every match of _AC_PATTERNS contains, searched in the lower-cased text: a plain
# (case-sensitive) regex with literal prefixes is several times faster than the full pattern.
_AC_NEEDS = re.compile(
    r"accept|acept|aceit|akzeptanz|abnahme|d[eé]fini|ac\s*:|\[|given|dad[oa]|[eé]tant|gegeben"
    r"|angenommen|gegeven"
)
# The only non-ASCII characters that match an ASCII letter ignoring case, or lower-case to one
# (İ ı ſ K): texts with them skip the shortcut. (The pattern's accented letters, é è ó ç ã,
# match only their own upper and lower case, in Python's re and polars' regex alike: tested.)
_AC_ODD_CHARS = re.compile("[\u0130\u0131\u017f\u212a]")
_WORDY = re.compile(r"[^\W_]")  # a letter or a digit


_WORD_REST = re.compile(r"\w*")


def _criteria_end(text: str, match: re.Match[str]) -> int:
    """Where the criteria a match of :data:`_AC_PATTERNS` starts end (the evidence is
    ``text[match.start():end]``), or -1 when it starts none: a heading ("Acceptance criteria",
    "AC:", "Criterios de aceptación", ...) whose value on its own line, or else whose next
    paragraph, holds only placeholders ("N/A", "TBD", "pendiente", "n.v.t.", nothing:
    :func:`~connectors.mapping.criteria.placeholder_line`), as a criteria field does; a checkbox
    whose line is one. A Given/When/Then is criteria itself."""
    kind = match.lastgroup
    if kind is None:
        return match.end()
    at = match.end() if kind == "box" else _WORD_REST.match(text, match.end()).end()  # type: ignore[union-attr]
    end = text.find("\n", at)
    end = len(text) if end < 0 else end
    if kind == "box" or _WORDY.search(text, at, end):  # a value on the heading's own line
        return -1 if placeholder_line(text[at:end]) else end
    begun = False  # the next paragraph: blank lines skipped, then its lines to a blank one
    while end < len(text):
        start = end + 1
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        line = text[start:end]
        if not line.strip():
            if begun:
                return -1
            continue
        begun = True
        if not placeholder_line(line):
            return end
    return -1


def _first_criteria(text: str, begin: int = 0) -> str:
    """The evidence of the first match of :data:`_AC_PATTERNS` at or after ``begin`` that starts
    criteria (:func:`_criteria_end`), or ``""``."""
    match = _AC_PATTERNS.search(text, begin)
    while match is not None:
        end = _criteria_end(text, match)
        if end >= 0:
            return text[match.start() : end]
        match = _AC_PATTERNS.search(text, match.start() + 1)
    return ""


def has_acceptance_criteria(item: Item) -> bool:
    """A checklist (on Jira: the lines of a field of acceptance criteria or a checklist app's
    text, :mod:`connectors.mapping.criteria`), or in the title or description 'AC:', a
    checklist line, a name of acceptance criteria or a Definition of Done (:data:`_AC_NAMES`)
    or a Given/When/Then (:data:`_GIVEN_WHEN_THEN`), in English, Spanish, French, German,
    Portuguese or Dutch."""
    if item.checklist_items:
        return True
    text = f"{item.title}\n{item.description or ''}"
    # Cheap necessary condition first: most texts have none of the pattern's words.
    if (text.isascii() or not _AC_ODD_CHARS.search(text)) and not _AC_NEEDS.search(text.lower()):
        return False
    return bool(_first_criteria(text))


def acceptance_evidence(item: Item) -> str:
    """A description that keeps :func:`has_acceptance_criteria`'s answer and nothing else: the
    matched criteria text, or ``""``. A scan swaps each classified item's description for it, so
    a million descriptions are not held through the analysis and the report.

    Why the answer stays the same: the match read on its own after the title's line break still
    matches (a line start or word boundary it began at is one after a line break too, and a
    word boundary it ended at is one at the end of the text), and without a match the title and
    its line break alone cannot match either (they are a prefix ending in the same line break).
    """
    if item.checklist_items:
        return ""
    text = f"{item.title}\n{item.description or ''}"
    if (text.isascii() or not _AC_ODD_CHARS.search(text)) and not _AC_NEEDS.search(text.lower()):
        return ""
    return _first_criteria(text)


EVIDENCE_CHUNK = 8192


def acceptance_evidences(items: Sequence[Item]) -> list[str]:
    """:func:`acceptance_evidence` of every item, the same strings, searched in bulk.

    polars' regex finds the few items that may hold criteria, and where, across a chunk of
    titles and of descriptions at once (a title only says where when a match may start in it,
    ``_AC_TITLE_SUPERSET``; the text ``title + "\n" + description`` is never built for the
    others); Python's pattern then reads only those texts, from just before that place (its
    own first match cannot start earlier, see ``_AC_SUPERSET``). A chunk polars cannot take
    (a lone surrogate is not UTF-8) is read item by item.
    """
    import polars as pl

    out = [""] * len(items)
    for start in range(0, len(items), EVIDENCE_CHUNK):
        rows: list[int] = []
        titles: list[object] = []
        descriptions: list[str] = []
        for row in range(start, min(start + EVIDENCE_CHUNK, len(items))):
            item = items[row]
            if not item.checklist_items:
                rows.append(row)
                titles.append(item.title)
                descriptions.append(item.description or "")
        try:
            # A title that is not text (None) holds no criteria: as its f-string ("None") holds.
            in_title = pl.Series(titles, dtype=pl.String).str.find(_AC_TITLE_SUPERSET)
            in_description = pl.Series(descriptions, dtype=pl.String).str.find(_AC_SUPERSET)
        except (UnicodeEncodeError, TypeError):
            for row in rows:
                out[row] = acceptance_evidence(items[row])
            continue
        hits = (in_title.is_not_null() | in_description.is_not_null()).arg_true().to_list()
        title_at = in_title.gather(hits).to_list()
        description_at = in_description.gather(hits).to_list()
        for place, at_title, at_description in zip(hits, title_at, description_at, strict=True):
            description = descriptions[place]
            text = f"{titles[place]}\n{description}"
            if not text.isascii() and _AC_ODD_CHARS.search(text):
                begin = 0
            elif at_title is not None:
                begin = _chars(text, at_title)
            else:
                begin = len(text) - len(description) + _chars(description, at_description)
            while begin and text[begin - 1].isspace():
                begin -= 1
            out[rows[place]] = _first_criteria(text, begin)
    return out


def with_acceptance_criteria(items: Sequence[Item]) -> list[bool]:
    """:func:`has_acceptance_criteria` of every item (the reference), searched in bulk: a
    checklist, or the evidence :func:`acceptance_evidences` finds (a match is never empty)."""
    found = acceptance_evidences(items)
    return [bool(item.checklist_items) or bool(e) for item, e in zip(items, found, strict=True)]


def _chars(text: str, offset: int) -> int:
    """The characters of ``text`` before a place polars' ``str.find`` gave as ``offset``: UTF-8
    bytes before polars 2.2, characters since (:func:`_polars_finds_bytes`)."""
    if text.isascii() or not _polars_finds_bytes():
        return offset
    return len(text.encode()[:offset].decode())


@cache
def _polars_finds_bytes() -> bool:
    """Whether polars' ``str.find`` counts UTF-8 bytes (before 2.2) or characters (2.2 on):
    asked of the polars installed, once, since an install takes whatever pip resolves."""
    import polars as pl

    return pl.Series(["\u00e9."]).str.find(r"\.", literal=False).item() == 2


def is_open(item: Item) -> bool:
    return not item.closed and item.resolved is None and not done_category(item.status_category)


NOT_CHANGES = frozenset({ActivityKind.CREATED, ActivityKind.COMMENTED})
_CHANGE_CODES = [code for kind, code in KIND_CODE.items() if kind not in NOT_CHANGES]


def has_change_history(board: Board) -> bool:
    """Does the source record changes (moves, edits, ranks), not only creations and comments?"""
    columns = columns_of(board.activities)
    if columns is not None:  # a reader's columns: no object made per activity
        return bool(np.isin(columns.kind, _CHANGE_CODES).any())
    return any(a.kind not in NOT_CHANGES for a in board.activities)


def has_owner(item: Item) -> bool:
    """An assignee, or a member of a card. Not a watcher of an issue (``Item.watchers``): Jira
    makes its reporter and whoever commented watchers itself, none of them on the hook for it."""
    return bool(item.assignee or item.members)


def owners_unknown(board: Board) -> bool:
    """Does the export hold no assignees at all (a Jira CSV without an Assignee column: a
    tool's, or Jira's export of current fields without it)? Its items' missing assignees then
    say nothing of the team, and no finding counts them (the report's note on the columns
    says "owners … unknown")."""
    return "Assignee" in board.missing_columns


def open_items_reference(board: Board) -> list[Item]:
    """The board's backlog, item by item: items neither done, archived nor dropped (cancelled,
    rejected, duplicate, won't do); the reference of the findings' bulk
    :meth:`~analyzer.flags.interface.Context.backlog`."""
    return [item for item in board.items if is_open(item) and not dropped_status(item.status)]


def in_ready_column(item: Item) -> bool:
    """Is the item in a ready/next column (where it should be ready to build)?"""
    return ready_column(item.column)


def is_epic(item: Item) -> bool:
    """Jira's level 1, or an epic type in any export language ("Epic", "Épopée", "Épica")."""
    return item.hierarchy_level == 1 or type_of(item.type) == "epic"


def share_text(part: int, whole: int) -> str:
    """``"23% (41 of 180)"``."""
    return f"{percent(part / whole)} ({part:,} of {whole:,})"


#: What backlog rot says a rotting item lacks, each with the column an export tells it by.
_PLANS = (("no assignee", "Assignee"), ("no due date", "Due Date"), ("no sprint", "Sprint"))


def rot_text(board: Board, days: int) -> str:
    """What backlog rot says of its items, of what the export holds: "have no assignee, no due
    date and no sprint, and nobody touched them in 60 days"; a Jira CSV without some of those
    columns (``Board.missing_columns``: its note names them) is not said to lack them ("have
    no due date and no sprint, …"), and one without any of them only that nobody touched them
    (session 30: a tool's CSV without Assignee, Due Date and Sprint columns)."""
    lacks = set(board.missing_columns)
    said = [words for words, column in _PLANS if column not in lacks]
    if not said:
        return (
            f"have not been touched in {days} days (the export has no Assignee, Due Date or "
            "Sprint column to tell whether anyone plans them)"
        )
    if len(said) == 1:
        return f"have {said[0]} and nobody touched them in {days} days"
    return f"have {', '.join(said[:-1])} and {said[-1]}, and nobody touched them in {days} days"


def undated_text(undated: int, total: int) -> str:
    """What a share of the open items with a date (stale, rotting) leaves out: the
    ``undated`` of the ``total`` open items that have no date at all, "" when none."""
    if not undated:
        return ""
    return (
        f" ({undated:,} of the {total:,} open "
        f"{'item has' if undated == 1 else 'items have'} no date)"
    )
