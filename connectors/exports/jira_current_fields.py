"""The columns the analysis reads that a Jira CSV export lacks, and the note saying so.

Jira's Filters → Export → CSV (current fields) writes only the columns of the user's issue
view: 7 of them in one real export, 14 in others (no Description, no Comment …), and the report
reads them silently with that part of the analysis missing. An export of all fields always
writes the single-valued columns below, but a multi-valued one (``Comment``, ``Sprint``,
``Labels``) or a parent's (``Parent id``) only when some issue holds a value: those alone say
nothing of the view, so they are named only with a column every export of all fields holds
(``told``). ``Due Date`` is in every real export of all fields too, but not in many a CSV a
tool or a person wrote (whose every other column is there): its lack alone (it costs backlog
rot's due dates only) is no sign of the view either. A column the analysis does not read
(Priority, Fix Version, Component, Rank, Watchers: the people who only watch are left out
anyway) is never named: its lack costs nothing.

Each group is one consequence: its columns are named in Jira's (English) words, whatever the
export's language (the reader maps localised headers, :mod:`connectors.mapping.jira_columns`).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass

ADVICE = "export the issues from Jira with Filters → Export → CSV (all fields)"

#: The column of each status's category. Its lack costs only where a status name does not tell
#: the category (a custom status: ``analyzer.uncategorised``), so the header alone never names
#: it: the report adds it to the missing columns then (:func:`with_status_category`).
STATUS_CATEGORY = "Status Category"


@dataclass(frozen=True, slots=True)
class _Column:
    name: str  # as an English export heads it
    fields: frozenset[str]  # the reader's fields any of which holds it
    told: bool = True  # its lack alone shows an export of the current fields


@dataclass(frozen=True, slots=True)
class _Group:
    columns: tuple[_Column, ...]
    cost: Callable[[set[str]], str]  # every missing name → what the group's lack costs
    shown: Callable[[set[str]], bool] = bool  # the missing names → whether the group is said


def _column(name: str, *fields: str, told: bool = True) -> _Column:
    return _Column(name, frozenset(fields), told)


def _dates_cost(missing: set[str]) -> str:
    """Created dates the items and their creation (an activity); Updated, their last change."""
    if "Created" not in missing:
        return "stale items told by their creation only"
    if "Comment" in missing:
        told = "no activity history, no drift over time"
    else:
        told = "activity is the comments only"
    if "Updated" in missing:
        return f"no dates: {told}, no stale items"
    return f"no creation dates: {told}"


def _people_cost(missing: set[str]) -> str:
    """Assignee names an item's owner, Reporter (or Creator) who made it: without both, no
    person is known; comments are activity, by someone."""
    if {"Assignee", "Reporter"} <= missing:
        return "no people: owners and who does what unknown"
    costs = []
    if "Assignee" in missing:
        costs.append("no assignees: owners unknown")
    if "Reporter" in missing:
        costs.append("no reporters: who created each item unknown")
    if "Comment" in missing:
        costs.append("no comments")
    if costs == ["no comments"] and "Created" not in missing:
        return "no comments: activity is creation only"
    return "; ".join(costs)


def _plans_cost(missing: set[str]) -> str:
    """A due date or a sprint plans an item (backlog rot counts only the unplanned); sprints
    are the balance over time's windows (--window auto)."""
    if "Sprint" not in missing:
        return "no due dates: backlog rot takes items due on a date for unplanned"
    sprints = "the balance over time in months, not sprints"
    if "Due Date" not in missing:
        return f"no sprints: {sprints}, and backlog rot takes items in a sprint for unplanned"
    return f"no due dates or sprints: {sprints}, and backlog rot takes planned items for unplanned"


_GROUPS = (
    _Group((_column("Created", "created"), _column("Updated", "updated")), _dates_cost),
    _Group(
        (
            _column("Assignee", "assignee", "assignee_id"),
            _column("Reporter", "reporter", "reporter_id", "creator", "creator_id"),
            _column("Comment", "comment", told=False),
        ),
        _people_cost,
    ),
    _Group(  # Resolved tells done items only where Status does not
        (_column("Status", "status"), _column("Resolved", "resolved", told=False)),
        lambda missing: "what is done and where an item sits unknown",
        lambda missing: "Status" in missing,
    ),
    _Group(  # named by the report only when some item's status has none (with_status_category)
        (_column(STATUS_CATEGORY, "status_category", told=False),),
        lambda missing: "custom statuses read as open, done or not",
        lambda missing: False,
    ),
    _Group(
        (
            _column("Issue Type", "type"),
            _column("Parent", "parent_id", "parent_key", "epic_link", told=False),
        ),
        lambda missing: (
            "epics and sub-tasks not told apart"
            if "Issue Type" in missing
            else "items not linked to their epics"
        ),
    ),
    _Group(  # a due date or a sprint plans an item; told by the others (module docstring)
        (_column("Due Date", "due", told=False), _column("Sprint", "sprint", told=False)),
        _plans_cost,
    ),
    _Group(
        (_column("Description", "description"), _column("Labels", "labels", told=False)),
        lambda missing: (
            "the model reads titles only"
            if "Description" in missing
            else "the model reads no labels"
        ),
    ),
)


def missing_columns(fields: Iterable[str | None]) -> list[str]:
    """The columns (Jira's English names) the analysis reads that a CSV export's header (its
    fields, as :func:`header_fields` maps them) lacks; empty when nothing shows an export of
    the current fields (every column it must hold is there)."""
    present = set(fields)
    missing = [
        column
        for group in _GROUPS
        for column in group.columns
        if not column.fields & present
        and group.shown({c.name for c in group.columns if not c.fields & present})
    ]
    if not any(column.told for column in missing):
        return []
    return [column.name for column in missing]


#: The reader's fields (as :func:`missing_columns` names them) of a Jira REST issue's ``fields``
#: keys. A search's ``fields=`` parameter leaves the others out of every issue; asked for all
#: (the default), each is there, ``null`` when empty. A custom field's key stands for the
#: Sprint (and an epic link): with none of them the search asked for none.
_JSON_FIELDS = {
    "created": "created",
    "updated": "updated",
    "assignee": "assignee",
    "reporter": "reporter",
    "creator": "creator",
    "comment": "comment",
    "status": "status",
    "resolutiondate": "resolved",
    "issuetype": "type",
    "parent": "parent_id",
    "duedate": "due",
    "description": "description",
    "labels": "labels",
}


def json_missing_columns(keys: Collection[str] | None) -> list[str]:
    """:func:`missing_columns` of a Jira REST search whose issues' ``fields`` hold ``keys``
    (over every issue; None when no issue had any): empty when the search asked for all."""
    if not keys:
        return []
    fields = {_JSON_FIELDS[key] for key in keys if key in _JSON_FIELDS}
    if any(key.startswith("customfield_") or key == "sprint" for key in keys):
        fields |= {"sprint", "parent_id"}
    return missing_columns(fields)


def with_status_category(names: Collection[str], uncategorised: bool) -> list[str]:
    """The missing columns ``names`` of an export of the current fields, with Status Category
    when some item's status has no category (``uncategorised``): Jira writes a category for
    every issue, so a status without one means the export lacks the column. Unchanged for an
    export of all fields (no ``names``: an older Jira's export of all fields has no such
    column either) and where Status itself is missing."""
    if not names or not uncategorised or "Status" in names or STATUS_CATEGORY in names:
        return list(names)
    return [*names, STATUS_CATEGORY]


def missing_columns_note(
    names: Collection[str],
    exports: str | None = None,
    several: bool = False,
    json: bool = False,
    tool: bool = False,
) -> str | None:
    """The report's one note on a Jira CSV export lacking ``names`` (:func:`missing_columns`):
    which, what each group's lack costs, and what to do; None when none lacks. ``exports``: on
    a combined report, the files it is about as a sentence names them ('"a.csv"', or '"a.csv"
    and "b.csv"' when ``several`` lack the same columns). ``json``: a Jira JSON export's
    search asked for some fields (:func:`json_missing_columns`), said in its own words.
    ``tool``: a CSV whose header a tool wrote (:func:`~connectors.mapping.jira_columns.
    written_by_tool`), not Jira's export of the current fields: said as what it is."""
    if not names:
        return None
    parts = []
    every = set(names)
    for group in _GROUPS:
        listed = ", ".join(c.name for c in group.columns if c.name in every)
        if listed:
            parts.append(f"{listed} ({group.cost(every)})")
    lacks = "lack" if several else "lacks"
    if json:
        subject = "The Jira JSON export" if exports is None else f"The Jira JSON export {exports}"
        if several:
            subject = f"The Jira JSON exports {exports}"
        holds, its = ("hold", "their") if several else ("holds", "its")
        return (
            f"{subject} {holds} only some fields of {its} issues (a search asked for some with "
            f"fields=…) and {lacks} {'; '.join(parts)}. For the whole analysis, {ADVICE}, or "
            "save the search with all fields (no fields=)."
        )
    if tool:
        subject = "The CSV" if exports is None else f"The CSV{'s' if several else ''} {exports}"
        was = "were" if several else "was"
        return (
            f"{subject} {was} written by a tool, not exported by Jira (its column names are the "
            f"tool's), and {lacks} {'; '.join(parts)}. For the whole analysis, {ADVICE}."
        )
    if exports is None:
        subject = "The Jira CSV export holds only the columns of its issue view"
    elif several:
        subject = f"The Jira CSV exports {exports} hold only the columns of their issue views"
    else:
        subject = f"The Jira CSV export {exports} holds only the columns of its issue view"
    return (
        f"{subject} (Export → CSV (current fields)) and {lacks} {'; '.join(parts)}. For the "
        f"whole analysis, {ADVICE}."
    )
