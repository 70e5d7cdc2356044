"""One Jira REST issue (``GET /rest/api/{2,3}/issue`` or a search hit) → domain objects.

Pure mapping, no file or network I/O: the Jira JSON and CSV export readers and the live Jira
connector all feed :func:`map_issue` the same dict shape (``{"id", "key", "fields", "changelog"}``).
Unknown fields are ignored; missing ones become ``None``. An issue that cannot be read at all
raises :class:`RecordError` so the caller can skip it and say why.

Changelog fields → activity kinds:

* ``status`` → ``moved`` (``accepted`` when the new status reads as done, or when the same change
  sets a resolution);
* ``resolution`` set → ``accepted`` (unless a status change in the same history already says so);
  cleared → ``field-changed``;
* ``Rank``, ``priority`` and ``Sprint`` → ``prioritised``: putting an item into a sprint is a
  planning decision, like ranking it — the interface groups them the same way;
* ``assignee`` → ``assigned``; anything else → ``field-changed``.

Comments (``fields.comment.comments``) → ``commented``; the creation → ``created``.
People are identified by ``accountId`` (Cloud), else ``key``, else ``name`` (Server/Data Center),
else — a tool's JSON that kept only the name — ``displayName`` (:func:`user_id`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from functools import lru_cache
from operator import attrgetter
from typing import Any

from connectors.interface import Activity, ActivityKind, Item, Person
from connectors.mapping.common import (
    RecordError,
    add_person,
    ends_a_stage,
    fold,
    html_to_text,
    looks_done,
    mention_names,
    one_line,
    parse_iso,
    plausible,
    resolve_mentions,
    wiki_to_text,
)
from connectors.mapping.criteria import criteria_entries, criteria_field
from connectors.mapping.issue_types import level_of
from connectors.mapping.jira_statuses import (
    CATEGORY_KEYS,
    category_of_category_name,
    category_of_status,
)
from connectors.mapping.shapes import ANY, LIST, OBJECT, SCALAR, fits, problem

SOURCE = "jira"
_BY_TIME = attrgetter("timestamp")  # sort key for activities (faster than a lambda)

# isinstance(x, (dict, Mapping)) answers dicts (all parsed JSON) without the ABC check.
_MAPPING = (dict, Mapping)

# Field, status and type names repeat across thousands of issues: fold and judge each once.
_fold = lru_cache(maxsize=4096)(fold)
_looks_done = lru_cache(maxsize=4096)(looks_done)
_ends_a_stage = lru_cache(maxsize=4096)(ends_a_stage)

# --- Atlassian Document Format (v3 descriptions and comments) → text -------------------------

_ADF_BLOCKS = frozenset(
    {
        "paragraph",
        "heading",
        "codeBlock",
        "blockquote",
        "panel",
        "rule",
        "mediaSingle",
        "mediaGroup",
        "table",
        "expand",
        "nestedExpand",
        "decisionList",
        "taskList",
        "bulletList",
        "orderedList",
        "blockCard",
        "embedCard",
        "layoutSection",
        "layoutColumn",
    }
)
_ADF_ITEMS = frozenset({"listItem", "taskItem", "decisionItem"})


class NoFieldsError(RecordError):
    """An issue without Jira's ``fields`` object: a file of such issues alone is a tool's own
    records, not Jira's JSON (the reader refuses it rather than report it empty)."""


def adf_to_text(node: Any) -> str:
    """Atlassian Document Format (a ``{"type": "doc", ...}`` dict) → plain text.

    Text, mentions, emoji, links, dates and statuses keep their words; lists become ``- `` lines,
    table cells are separated by `` | ``; media is dropped. A string is treated as wiki text.
    """
    if node is None:
        return ""
    if isinstance(node, str):
        return wiki_to_text(node)
    parts: list[str] = []
    _adf_walk(node, parts)
    lines = [" ".join(line.split()) for line in "".join(parts).split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _adf_walk(node: Any, parts: list[str], in_cell: bool = False) -> None:
    if isinstance(node, list):
        for child in node:
            _adf_walk(child, parts, in_cell)
        return
    if not isinstance(node, _MAPPING):
        return
    kind = node.get("type")
    attrs = node.get("attrs") if isinstance(node.get("attrs"), _MAPPING) else {}
    inline = _ADF_INLINE.get(kind) if isinstance(kind, str) else None
    if inline is not None:
        parts.append(inline(node, attrs))
        return
    if kind in ("media", "mediaInline"):
        return
    block = (kind in _ADF_BLOCKS or kind == "tableRow") and not in_cell
    if kind in _ADF_ITEMS:
        parts.append("- " if parts and parts[-1].endswith("\n") else "\n- ")
    elif kind in ("tableCell", "tableHeader"):
        parts.append(" | ")
        in_cell = True
    elif block and not (parts and parts[-1].endswith("- ")):
        parts.append("\n")
    if kind in ("expand", "nestedExpand") and attrs.get("title"):
        parts.append(f"{attrs['title']}\n")
    _adf_walk(node.get("content"), parts, in_cell)
    if kind in ("tableCell", "tableHeader") or (in_cell and kind in _ADF_BLOCKS):
        parts.append(" ")
    elif block and kind != "tableRow":
        parts.append("\n")


_ADF_INLINE: dict[str, Any] = {
    "text": lambda node, attrs: str(node.get("text") or ""),
    "hardBreak": lambda node, attrs: "\n",
    "mention": lambda node, attrs: str(attrs.get("text") or "@someone"),
    "emoji": lambda node, attrs: str(attrs.get("text") or attrs.get("shortName") or ""),
    "inlineCard": lambda node, attrs: f" {attrs.get('url') or ''} ",
    "blockCard": lambda node, attrs: f"\n{attrs.get('url') or ''}\n",
    "embedCard": lambda node, attrs: f"\n{attrs.get('url') or ''}\n",
    "status": lambda node, attrs: f" {attrs.get('text') or ''} ",
    "date": lambda node, attrs: f" {_adf_date(attrs.get('timestamp'))} ",
}


def _adf_date(timestamp: Any) -> str:
    try:
        return datetime.fromtimestamp(int(timestamp) / 1000, tz=UTC).date().isoformat()
    except (TypeError, ValueError, OverflowError, OSError):
        return ""


def rich_text(value: Any) -> str:
    """A description or comment body: ADF dict (v3), wiki text (v2, CSV) or nothing."""
    if isinstance(value, _MAPPING):
        return adf_to_text(value)
    if isinstance(value, str):
        return wiki_to_text(value)
    return ""


# --- small value helpers ---------------------------------------------------------------------


# --- the fields an issue must have the right type in (connectors.mapping.shapes) --------------

_USER = (("accountId", SCALAR, None), ("key", SCALAR, None), ("name", SCALAR, None))
_NAMED = (("name", SCALAR, None), ("value", SCALAR, None))
_OBJECT_OR_TEXT = (dict, str)
_DATE = (str, datetime)  # the CSV reader's issues carry parsed datetimes
ISSUE_SHAPE = (
    ("id", SCALAR, None),
    ("key", SCALAR, None),
    (
        "fields",
        ANY,  # not an object: map_issue says the issue "has no fields"
        (
            ("summary", SCALAR, None),
            ("description", _OBJECT_OR_TEXT, None),
            ("labels", LIST, None),
            ("created", _DATE, None),
            ("updated", _DATE, None),
            ("resolutiondate", _DATE, None),
            ("duedate", _DATE, None),
            ("status", _OBJECT_OR_TEXT, _NAMED),
            ("priority", _OBJECT_OR_TEXT, _NAMED),
            ("issuetype", _OBJECT_OR_TEXT, _NAMED),
            ("assignee", _OBJECT_OR_TEXT, _USER),
            ("reporter", _OBJECT_OR_TEXT, _USER),
            ("creator", _OBJECT_OR_TEXT, _USER),
            ("components", (list, dict, str), None),
            ("fixVersions", (list, dict, str), None),
            ("comment", (dict, list), None),
            ("parent", _OBJECT_OR_TEXT, None),
        ),
    ),
    ("changelog", OBJECT, (("histories", LIST, None),)),
)
_ISSUE_FITS = fits(ISSUE_SHAPE)


def jira_datetime(value: Any) -> datetime | None:
    """Jira's ISO timestamps ("2015-09-08T10:48:40.000+0200") or a datetime; else None."""
    if isinstance(value, datetime):
        return plausible(value if value.tzinfo else value.replace(tzinfo=UTC))
    return parse_iso(value)


def _name(value: Any) -> str | None:
    """``{"name": ...}`` / ``{"value": ...}`` objects or plain strings → the name."""
    if isinstance(value, _MAPPING):
        for key in ("name", "value", "displayName", "key"):
            if value.get(key):
                return str(value[key]).strip()
        return None
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        text = str(value).strip()
        return text or None
    return None


def _names(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value] if value else []
    names: list[str] = []
    for entry in items:
        name = _name(entry)
        if name and name not in names:
            names.append(name)
    return names


#: How a tool writes "no one" where Jira has no user (a JSON user holding only this name, a
#: CSV person cell with no id beside it): English, pandas' ``nan`` (an export read by pandas
#: as text and written back: session 30, 556 creations by "nan"), and Jira's word for an
#: unassigned issue in Spanish (seen in a tool's CSV of a Spanish Jira, session 30),
#: Portuguese, French and German.
NO_ONE_SPELLINGS = (
    "Unassigned",
    "None",
    "Null",
    "Nobody",
    "nan",
    "NaN",
    "Sin asignar",
    "Não atribuído",
    "Non attribué",
    "Nicht zugewiesen",
)
#: The same folded (:func:`fold`): a JSON user's display name is compared so.
NO_ONE_NAMES = frozenset(fold(name) for name in NO_ONE_SPELLINGS)
#: The CSV cells that say no one: each spelling as written, in lower case, upper case and title
#: case, with its accents and without. A cell is compared as it is (every CSV read path alike:
#: polars' ``is_in`` of these costs a 20th of lower-casing every cell first).
NO_ONE_CELLS = frozenset(
    form
    for spelling in NO_ONE_SPELLINGS
    for written in (spelling, fold(spelling))
    for form in (written, written.lower(), written.upper(), written.title())
    if form != "Nan"  # a given name (Nan Li's display name may be "Nan"); pandas writes "nan"
)


def says_no_one(cell: str) -> bool:
    """Does a CSV person cell (stripped) say no one (:data:`NO_ONE_CELLS`)?"""
    return cell in NO_ONE_CELLS


def user_id(account_id: Any, key: Any, name: Any, display_name: Any) -> Any:
    """A Jira user's id: ``accountId``, else ``key``, else ``name``; a user object holding only
    a ``displayName`` (a tool's JSON that trimmed the user, session 29: read as no one, its
    report said every open issue was unassigned) is that name, unless the name says no one."""
    found = account_id or key or name
    if found or not isinstance(display_name, str) or not display_name.strip():
        return found
    return None if fold(display_name) in NO_ONE_NAMES else display_name


def person_from_user(user: Any, people: dict[str, Person]) -> str | None:
    """Register a Jira user object (Cloud or Server) and return its id; None for no user."""
    if isinstance(user, str):  # some exports carry a bare account id / user name
        return add_person(people, user)
    if not isinstance(user, _MAPPING):
        return None
    person_id = user_id(
        user.get("accountId"), user.get("key"), user.get("name"), user.get("displayName")
    )
    known = people.get(person_id) if isinstance(person_id, str) else None
    if (
        known is not None
        and known.email
        and known.username
        and known.display_name not in (person_id, known.username)
    ):
        return person_id  # add_person could change nothing: skip it (same user on every change)
    return add_person(
        people,
        None if person_id is None else str(person_id),
        user.get("displayName") if isinstance(user.get("displayName"), str) else None,
        email=user.get("emailAddress") if isinstance(user.get("emailAddress"), str) else None,
        username=user.get("name") if isinstance(user.get("name"), str) else None,
        account_type=(
            user.get("accountType") if isinstance(user.get("accountType"), str) else None
        ),
    )


# --- sprint, rank, epic: custom fields found by name or by the shape of their value -----------

_GREENHOPPER_NAME = re.compile(r"[\[,]name=(.*?)(?=,[A-Za-z]+=|\]$)")
_LEXORANK = re.compile(r"^\d+\|[0-9a-z]+:[0-9a-z]*$")
_ISSUE_KEY = re.compile(r"^[A-Z][A-Z0-9_]*-\d+$")
_STATE_ORDER = {"active": 3, "future": 2, "closed": 1}


def sprint_name(value: Any) -> str | None:
    """The latest sprint in a Sprint field value.

    Accepts a list of sprint objects (Cloud / newer Server: the active one, else the last),
    legacy ``com.atlassian.greenhopper.service.sprint.Sprint@..[..,name=Sprint 3,..]`` strings,
    plain names (CSV exports), or a single object.
    """
    if value is None:
        return None
    entries = value if isinstance(value, list) else [value]
    best: tuple[int, int, str] | None = None
    for position, entry in enumerate(entries):
        state = 0
        if isinstance(entry, _MAPPING):
            name = _name(entry)
            state = _STATE_ORDER.get(str(entry.get("state") or "").lower(), 0)
        elif isinstance(entry, str):
            match = _GREENHOPPER_NAME.search(entry)
            name = match.group(1).strip() if match else entry.strip()
            state_match = re.search(r"[\[,]state=([A-Za-z]+)", entry)
            if state_match:
                state = _STATE_ORDER.get(state_match.group(1).lower(), 0)
        else:
            continue
        if not name or _ISSUE_KEY.fullmatch(name):  # "ABC-393": a misaligned cell, no sprint
            continue
        rank = (1 if state == 3 else 0, position, name)  # the active sprint wins, then the last
        if best is None or rank >= best:
            best = rank
    return best[2] if best else None


def _looks_like_sprint(value: Any) -> bool:
    entries = value if isinstance(value, list) else [value]
    for entry in entries:
        if (
            isinstance(entry, _MAPPING)
            and "name" in entry
            and ("boardId" in entry or "state" in entry)
        ):
            return True
        if isinstance(entry, str) and "greenhopper.service.sprint.Sprint" in entry:
            return True
    return False


def _custom_fields_by_name(fields: Mapping[str, Any], field_names: Mapping[str, str]) -> dict:
    """Folded field name → value, for the fields ``field_names`` ({id: name}) names."""
    found: dict[str, Any] = {}
    if len(field_names) < len(fields):  # few names (CSV: 3): look each up instead
        for field_id, name in field_names.items():
            if isinstance(name, str) and field_id in fields:
                folded = _fold(name)
                if folded in found:  # two fields, one name: the first in `fields` order wins
                    found = {}
                    break
                found[folded] = fields[field_id]
        else:
            return found
    for field_id, value in fields.items():
        name = field_names.get(field_id)
        if isinstance(name, str):
            found.setdefault(_fold(name), value)
    return found


def _find_custom(fields: Mapping[str, Any], field_names: Mapping[str, str] | None) -> dict:
    """Sprint, rank, epic link and parent link, by field name when known, else by value shape.

    With a names map, only the fields it does not name at all are guessed from their values
    (sprint and rank: their values are unmistakable; an epic link is a plain key, so not guessed).
    """
    found: dict[str, Any] = {}
    guess = {"sprint", "rank", "epic link"}
    if field_names:
        named = _custom_fields_by_name(fields, field_names)
        for key in ("sprint", "rank", "epic link", "parent link", "epic name"):
            if named.get(key) is not None:
                found[key] = named[key]
        known = {_fold(name) for name in field_names.values() if isinstance(name, str)}
        guess = {"sprint", "rank"} - known
    for field_id, value in fields.items():
        if not guess or not field_id.startswith("customfield_") or value in (None, "", []):
            continue
        guess_by_shape(value, guess, found)
    return found


# --- acceptance criteria kept in fields of their own (connectors.mapping.criteria) ------------

_CRITERIA_IDS: dict[int, tuple[Mapping[str, str], tuple[str, ...]]] = {}


def criteria_ids(field_names: Mapping[str, str] | None) -> tuple[str, ...]:
    """The ids of the fields ``field_names`` ({id: name}) names as acceptance criteria or a
    checklist app's text, in id order; each names map judged once (a page's map is shared by
    its issues)."""
    if not field_names:
        return ()
    cached = _CRITERIA_IDS.get(id(field_names))
    if cached is not None and cached[0] is field_names:
        return cached[1]
    ids = tuple(
        sorted(
            str(field_id)
            for field_id, name in field_names.items()
            if isinstance(name, str) and criteria_field(name)
        )
    )
    if len(_CRITERIA_IDS) >= 64:
        _CRITERIA_IDS.clear()
    _CRITERIA_IDS[id(field_names)] = (field_names, ids)  # (kept: its id stays its own)
    return ids


def _criteria_texts(value: Any, texts: list[str]) -> None:
    """The texts of a criteria field's value: wiki text, an ADF document, a list of entries
    (a checklist app's items: text or ``{"name": ...}``)."""
    if isinstance(value, str):
        texts.append(value)
    elif isinstance(value, _MAPPING):
        if value.get("type") == "doc" or "content" in value:
            texts.append(adf_to_text(value))
        else:
            name = _name(value)
            if name:
                texts.append(name)
    elif isinstance(value, list):
        for entry in value:
            _criteria_texts(entry, texts)


def criteria_of(values: list[Any]) -> list[str]:
    """The lines of the criteria fields' ``values`` (:func:`criteria_entries`)."""
    texts: list[str] = []
    for value in values:
        _criteria_texts(value, texts)
    return criteria_entries(texts)


def guess_by_shape(value: Any, guess: set[str], found: dict[str, Any]) -> None:
    """A custom field's value taken as the first of ``guess`` it is shaped like (a sprint, a
    LexoRank, an issue key for an epic link), into ``found``; that name leaves ``guess``."""
    if "sprint" in guess and _looks_like_sprint(value):
        found["sprint"] = value
        guess.discard("sprint")
    elif "rank" in guess and isinstance(value, str) and _LEXORANK.match(value):
        found["rank"] = value
        guess.discard("rank")
    elif "epic link" in guess and isinstance(value, str) and _ISSUE_KEY.match(value):
        found["epic link"] = value
        guess.discard("epic link")


# --- status and type -------------------------------------------------------------------------


def status_category(category: Any, status: str | None = None, resolved: bool = False) -> str | None:
    """ "todo" | "in progress" | "done" from a statusCategory object or a (localised) name.

    A category given always wins; without one, a resolution or a done-like status says done,
    and a status name Jira files under one category whatever the site says its category
    (:mod:`connectors.mapping.jira_statuses`); any other status keeps none, and so does a
    stage's end or a hand-over to a stage ("Testing Complete", "Released to QA":
    ``common.ends_a_stage``), whatever its other words say.
    """
    if isinstance(category, _MAPPING):
        key = str(category.get("key") or "").lower()
        if key in CATEGORY_KEYS:
            return CATEGORY_KEYS[key]
        category = category.get("name")
    if isinstance(category, str) and category.strip():
        found = category_of_category_name(category)
        if found is not None:
            return found
    if resolved or _looks_done(status):
        return "done"
    if status and not _ends_a_stage(status):  # no category given: the status names Jira files
        return category_of_status(status)  # under one category still tell
    return None  # (a stage's end, "Testing Complete": done on some sites, in progress on others)


def hierarchy_level(issue_type: Any) -> int | None:
    """Jira hierarchy level (2+ above epic, 1 epic, 0 standard, -1 sub-task) of a type: the
    type's own level or sub-task flag, else its name's (:mod:`connectors.mapping.issue_types`)."""
    if isinstance(issue_type, _MAPPING):
        level = issue_type.get("hierarchyLevel")
        if isinstance(level, int) and not isinstance(level, bool):
            return level
        if issue_type.get("subtask") is True:
            return -1
        issue_type = issue_type.get("name")
    if not isinstance(issue_type, str):
        return None
    return level_of(issue_type)  # by name, in any export language


# --- the mapping -----------------------------------------------------------------------------


def _browse_url(raw: Mapping[str, Any], key: str | None, base_url: str | None) -> str | None:
    if not key:
        return None
    if base_url:
        return f"{base_url.rstrip('/')}/browse/{key}"
    self_url = raw.get("self")
    if isinstance(self_url, str):
        match = re.match(r"^(https?://.+?)/rest/api/", self_url)
        if match:
            return f"{match.group(1)}/browse/{key}"
    return None


def _parent(fields: Mapping[str, Any], custom: Mapping[str, Any]) -> str | None:
    parent = fields.get("parent")
    if isinstance(parent, _MAPPING) and (parent.get("key") or parent.get("id")):
        return str(parent.get("key") or parent.get("id"))
    if isinstance(parent, str) and parent.strip():
        return parent.strip()
    for value in (custom.get("epic link"), custom.get("parent link"), fields.get("epic")):
        if isinstance(value, _MAPPING):
            value = value.get("key") or value.get("id")
        if isinstance(value, str | int) and str(value).strip():
            return str(value).strip()
    return None


_KIND_BY_FIELD = {
    "status": ActivityKind.MOVED,
    "rank": ActivityKind.PRIORITISED,
    "priority": ActivityKind.PRIORITISED,
    "sprint": ActivityKind.PRIORITISED,
    "assignee": ActivityKind.ASSIGNED,
}


def map_history(
    item_id: str,
    history: Any,
    people: dict[str, Person],
    index: int = 0,
    *,
    activity_details: bool = True,
) -> list[Activity]:
    """One ``changelog.histories`` entry → activities (one per changed field).

    ``activity_details=False`` leaves the old and new values and the ids out of the activities.
    """
    if not isinstance(history, _MAPPING):
        raise RecordError(f"changelog entry #{index + 1} is not an object")
    when = jira_datetime(history.get("created"))
    if when is None:
        raise RecordError(f"changelog entry {history.get('id') or index + 1} has no valid date")
    actor = person_from_user(history.get("author"), people)
    changes = [c for c in history.get("items") or [] if isinstance(c, _MAPPING)]
    fields_changed = {_fold(str(c.get("field") or "")) for c in changes}
    resolution_set = "resolution" in fields_changed and any(
        _fold(str(c.get("field") or "")) == "resolution" and (c.get("toString") or c.get("to"))
        for c in changes
    )
    history_id = history.get("id")
    activities: list[Activity] = []
    for position, change in enumerate(changes):
        field_name = change.get("field") or change.get("fieldId") or ""
        if type(field_name) is not str:
            field_name = str(field_name)
        field_name = field_name.strip()
        folded = _fold(field_name)
        if activity_details:
            old = _change_text(change, "fromString", "from")
            new = _change_text(change, "toString", "to")
        elif folded in _NEW_DECIDES:  # only a status's and a resolution's new value decide
            old = None
            new = _change_text(change, "toString", "to")
        else:
            old = new = None
        kind = _KIND_BY_FIELD.get(folded, _FIELD_CHANGED)
        if folded == "status" and (resolution_set or _looks_done(new)):
            kind = ActivityKind.ACCEPTED
        elif folded == "resolution":
            if new is None:
                kind = _FIELD_CHANGED
            elif "status" in fields_changed:
                continue  # the status change in this history already records the acceptance
            else:
                kind = ActivityKind.ACCEPTED
        elif folded == "assignee" and change.get("to"):
            add_person(people, str(change["to"]), change.get("toString") or None)
        activities.append(
            Activity(
                item_id,
                actor,
                kind,
                when,
                field_name or None,
                old,
                new if activity_details else None,
                None,
                f"{history_id}:{position}" if history_id is not None and activity_details else None,
            )
        )
    return activities


_FIELD_CHANGED = ActivityKind.FIELD_CHANGED
_NEW_DECIDES = frozenset({"status", "resolution"})


def _change_text(change: Mapping[str, Any], text_key: str, key: str) -> str | None:
    value = change.get(text_key)
    if value is None or value == "":
        value = change.get(key)
        if value is None or value == "":
            return None
    return one_line(value, 500)


def _comments(fields: Mapping[str, Any]) -> list[Any]:
    comment = fields.get("comment")
    if isinstance(comment, _MAPPING):
        comment = comment.get("comments")
    return comment if isinstance(comment, list) else []


def map_issue(
    raw: Any,
    *,
    field_names: Mapping[str, str] | None = None,
    base_url: str | None = None,
    activity_details: bool = True,
    name_mentions: bool = True,
    histories: Callable[[str, dict[str, Person], list[Activity]], None] | None = None,
) -> tuple[Item, list[Activity], list[Person]]:
    """One Jira issue dict → (Item, its activities sorted by time, the people it mentions).

    ``field_names`` ({field id: name}, e.g. a search's ``names`` expand) finds custom fields such
    as Sprint, Rank and Epic Link by name; without it they are recognised by their values.
    ``base_url`` builds the browse URL; without it the issue's ``self`` link is used.
    A changelog entry or comment that cannot be read is dropped; an issue without an id or key,
    or without ``fields``, raises RecordError. ``activity_details=False`` leaves the activities'
    old/new values, comment texts and ids out (the analysis reads only item, actor, kind, time).
    ``name_mentions`` shows wiki mentions of this issue's own people by name; readers of a whole
    export turn it off and name them once, from all the people read (``resolve_board_mentions``).
    ``histories(item_id, people, activities so far)``, when given, maps the changelog instead (a
    typed reader turning it into rows of its own), where the changelog's people are registered.
    """
    if not isinstance(raw, _MAPPING):
        raise RecordError("issue is not an object")
    if not _ISSUE_FITS(raw):
        some = raw.get("key") or raw.get("id")
        label = one_line(some, 40) if isinstance(some, str | int) else "?"
        raise RecordError(f"issue {label}: {problem(raw, ISSUE_SHAPE)}")
    issue_id = raw.get("id")
    key = raw.get("key")
    key = str(key).strip() if isinstance(key, str | int) and str(key).strip() else None
    if issue_id in (None, "") and not key:
        raise RecordError("issue has neither an id nor a key")
    label = key or str(issue_id)
    fields = raw.get("fields")
    if not isinstance(fields, _MAPPING):
        raise NoFieldsError(f"issue {label} has no fields")
    if field_names is None and isinstance(raw.get("names"), _MAPPING):
        field_names = raw["names"]
    item_id = str(issue_id) if issue_id not in (None, "") else str(key)
    people: dict[str, Person] = {}
    custom = _find_custom(fields, field_names)

    description = rich_text(fields.get("description"))
    rendered = raw.get("renderedFields")
    if (
        not description
        and isinstance(rendered, _MAPPING)
        and isinstance(rendered.get("description"), str)
    ):
        description = html_to_text(rendered["description"])

    status_obj = fields.get("status")
    status = _name(status_obj)
    resolved = jira_datetime(fields.get("resolutiondate"))
    category = status_obj.get("statusCategory") if isinstance(status_obj, _MAPPING) else None
    category = category or fields.get("statusCategory")
    assignee = person_from_user(fields.get("assignee"), people)
    reporter = person_from_user(fields.get("reporter"), people)
    creator = person_from_user(fields.get("creator"), people)
    watching = fields.get("watchers")
    watchers = []
    for watcher in watching if isinstance(watching, list) else []:
        watcher_id = person_from_user(watcher, people)
        if watcher_id and watcher_id not in watchers:
            watchers.append(watcher_id)
    issue_type = fields.get("issuetype")
    sprint_value = custom.get("sprint")
    if sprint_value is None:
        sprint_value = fields.get("sprint") or fields.get("closedSprints")
    rank = custom.get("rank")
    components = _names(fields.get("components"))
    labels = [str(label) for label in fields.get("labels") or [] if isinstance(label, str)]
    criteria = [fields.get(field_id) for field_id in criteria_ids(field_names)]
    created = jira_datetime(fields.get("created"))

    item = Item(
        source=SOURCE,
        id=item_id,
        key=key,
        title=one_line(fields.get("summary") or "", 1000),
        description=description,
        type=_name(issue_type),
        status=status,
        # (x-resolved: a CSV row's Resolution cell where the file has no Resolved column)
        status_category=status_category(
            category, status, resolved is not None or fields.get("x-resolved") is True
        ),
        labels=labels,
        created=created,
        updated=jira_datetime(fields.get("updated")),
        resolved=resolved,
        parent=_parent(fields, custom),
        column=status,
        sprint=sprint_name(sprint_value),
        assignee=assignee,
        reporter=reporter or creator,
        url=_browse_url(raw, key, base_url),
        priority=_name(fields.get("priority")),
        hierarchy_level=hierarchy_level(issue_type),
        checklist_items=criteria_of(criteria) if criteria else [],
        watchers=watchers,
        due=jira_datetime(fields.get("duedate")),
        rank=str(rank) if isinstance(rank, str | int | float) else None,
        components=components,
        fix_versions=_names(fields.get("fixVersions")),
    )

    activities: list[Activity] = []
    if created is not None:
        activities.append(
            Activity(
                item_id=item_id,
                actor_id=creator or reporter,
                kind=ActivityKind.CREATED,
                timestamp=created,
                id=f"{item_id}:created" if activity_details else None,
            )
        )
    changelog = raw.get("changelog")
    entries = changelog.get("histories") if isinstance(changelog, _MAPPING) else None
    if histories is not None:
        histories(item_id, people, activities)
        entries = None
    for index, history in enumerate(entries if isinstance(entries, list) else []):
        try:
            activities.extend(
                map_history(item_id, history, people, index, activity_details=activity_details)
            )
        except (RecordError, TypeError, AttributeError, ValueError):
            continue  # one unreadable history entry does not cost the issue
    for comment in _comments(fields):
        activity = _map_comment(item_id, comment, people, activity_details)
        if activity is not None:
            activities.append(activity)
    activities.sort(key=_BY_TIME)
    if name_mentions:
        _name_mentions(item, activities, people)
    return item, activities, list(people.values())


def _name_mentions(item: Item, activities: list[Activity], people: dict[str, Person]) -> None:
    """Wiki mentions (``@ID``) of this issue's own people shown by name, in its texts."""
    names: dict[str, str] | None = None
    if "@" in item.description:
        names = mention_names(people.values())
        item.description = resolve_mentions(item.description, names)
    for activity in activities:
        text = activity.text
        if text and "@" in text:
            if names is None:
                names = mention_names(people.values())
            activity.text = resolve_mentions(text, names)


def _map_comment(
    item_id: str, comment: Any, people: dict[str, Person], activity_details: bool = True
) -> Activity | None:
    if not isinstance(comment, _MAPPING):
        return None
    when = jira_datetime(comment.get("created")) or jira_datetime(comment.get("updated"))
    if when is None:
        return None
    comment_id = comment.get("id")
    return Activity(
        item_id=item_id,
        actor_id=person_from_user(comment.get("author") or comment.get("updateAuthor"), people),
        kind=ActivityKind.COMMENTED,
        timestamp=when,
        text=rich_text(comment.get("body")) if activity_details else None,
        id=f"comment:{comment_id}" if comment_id is not None and activity_details else None,
    )
