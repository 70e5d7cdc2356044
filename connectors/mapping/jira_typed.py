"""Jira issues decoded by type and mapped without dicts (the scan path).

A run of issues is decoded by msgspec into :class:`Issue` records: the changelog as small typed
records, ``fields`` kept as raw JSON. :class:`TypedIssues` then decodes an issue's ``fields``
into a struct holding only what :func:`~connectors.mapping.jira.map_issue` reads (the custom
fields the page's ``names`` call Sprint, Rank, Epic Link and Parent Link included) and makes the
item and the activity rows from it, as ``map_issue`` and ``map_history`` would (tested against
them). The structs accept only the usual types; an issue with anything else (a number where a
name is expected, a user without an id, a ``names`` map naming two fields "Sprint", ...) is
mapped by the dict-based mapper instead (:class:`NeedsDict`), so it is skipped, counted or read
exactly as before. An issue the batch decoder rejects (a wrong-typed changelog, ...) is read by
the standard library and goes the dict way from the start.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from operator import itemgetter
from typing import Any

import msgspec
from msgspec import Raw, Struct

from connectors.columns import KIND_CODE, ActivityRows
from connectors.interface import ActivityKind, Item, Person
from connectors.mapping.common import (
    _FIRST_YEAR,
    _LAST_YEAR,
    add_person,
    html_to_text,
    lenient_int,
    parse_iso,
    wiki_to_text,
)
from connectors.mapping.jira import (
    _KIND_BY_FIELD,
    _NEW_DECIDES,
    _browse_url,
    _fold,
    _looks_done,
    adf_to_text,
    criteria_ids,
    criteria_of,
    guess_by_shape,
    hierarchy_level,
    jira_datetime,
    one_line,
    person_from_user,
    sprint_name,
    status_category,
    user_id,
)
from connectors.mapping.shared import SharedCollections
from connectors.mapping.trello_typed import typed_or_plain

SOURCE = "jira"
Text = str | None
Scalar = str | int | float | None


class NeedsDict(Exception):  # noqa: N818 - a signal, not an error
    """This issue holds something only the dict-based mapper reads exactly: map it that way."""


# --- the records (only the usual types: anything else is NeedsDict) ---------------------------
# gc=False: decoded JSON holds no reference cycles, so the collector need not track the millions
# of records a big export makes (their allocation and freeing cheaper: the read -9 %, measured).


class _User(Struct, frozen=True, gc=False):
    """frozen: hashable, so each distinct user is judged once."""

    accountId: Text = None  # noqa: N815 - Jira's names
    key: Text = None
    name: Text = None
    displayName: Text = None  # noqa: N815
    emailAddress: Text = None  # noqa: N815
    accountType: Text = None  # noqa: N815 - "app": an app or automation (analyzer.automation)


_AnyUser = _User | str | None
_USER = msgspec.json.Decoder(_AnyUser)
_EMPTY = Raw(b"")
# A user is kept as its JSON text (msgspec.Raw: no strings made) and typed, checked and judged
# once per distinct text (TypedIssues._user): a big export names a few people a million times.
# Absent: an empty Raw; a text that is no _AnyUser makes the issue NeedsDict, as the typed
# decoder's refusal did.
_RawUser = Raw


class _Change(Struct, frozen=True, gc=False):
    field: Scalar = None
    fieldId: Scalar = None  # noqa: N815
    toString: Text = None  # noqa: N815
    to: Scalar = None


class _History(Struct, gc=False):  # (its id: not read)
    created: Text = None
    author: _RawUser = _EMPTY
    items: list[_Change] | None = None


class _Changelog(Struct, gc=False):
    histories: list[_History] | None = None


class _Category(Struct, frozen=True, gc=False):
    key: Text = None
    name: Text = None


class _Named(Struct, frozen=True, gc=False):
    """What :func:`~connectors.mapping.jira._name` reads of an object, in its order."""

    name: Text = None
    value: Text = None
    displayName: Text = None  # noqa: N815
    key: Text = None


class _Status(_Named):
    statusCategory: _Category | str | None = None  # noqa: N815


class _IssueType(_Named):
    hierarchyLevel: int | None = None  # noqa: N815
    subtask: bool | None = None


class _Parent(Struct, gc=False):
    key: str | int | None = None
    id: str | int | None = None


class _Project(Struct, gc=False):
    key: Text = None
    name: Text = None


class _Comment(Struct, gc=False):
    created: Text = None
    updated: Text = None
    author: _RawUser = _EMPTY
    updateAuthor: _RawUser = _EMPTY  # noqa: N815


class _Comments(Struct, gc=False):
    comments: list[_Comment | None] | None = None


_NamedList = list[_Named | str] | _Named | str | None


class Fields(Struct, gc=False):
    """The fields of an issue that map_issue reads (custom ones added per ``names``)."""

    summary: Scalar = None
    description: dict[str, Any] | str | None = None
    issuetype: _IssueType | str | None = None
    status: _Status | str | None = None
    statusCategory: _Category | str | None = None  # noqa: N815
    priority: _Named | str | None = None
    labels: list[str] | None = None
    created: Text = None
    updated: Text = None
    resolutiondate: Text = None
    duedate: Text = None
    assignee: _RawUser = _EMPTY
    reporter: _RawUser = _EMPTY
    creator: _RawUser = _EMPTY
    watchers: list[_RawUser] | None = None
    components: _NamedList = None
    fixVersions: _NamedList = None  # noqa: N815
    comment: _Comments | list[_Comment | None] | None = None
    parent: _Parent | str | None = None
    epic: Any = None
    sprint: Any = None
    closedSprints: Any = None  # noqa: N815
    project: _Project | None = None


_FIELD_KEYS = frozenset(Fields.__struct_encode_fields__)


class Issue(Struct, gc=False):
    """A Jira issue: its changelog typed, its fields (and rendered fields) as raw JSON."""

    id: Scalar = None
    key: Scalar = None
    fields: Raw = _EMPTY
    changelog: _Changelog | None = None
    names: Any = None
    renderedFields: Raw = _EMPTY  # noqa: N815
    self_: Any = msgspec.field(name="self", default=None)

    def as_raw(self) -> dict[str, Any]:
        """The issue as the dict-based mapper reads it, without its changelog."""
        return {
            "id": self.id,
            "key": self.key,
            "fields": _plain(self.fields),
            "names": self.names,
            "renderedFields": _plain(self.renderedFields),
            "self": self.self_,
        }


def _plain(raw: Raw) -> Any:
    """Raw JSON → the value the standard library reads (None for none)."""
    if not len(raw):
        return None
    try:
        return _GENERIC.decode(raw)
    except Exception:  # NaN, a lone surrogate, 1e400...: json.loads has its own answers
        # (and an integer of 4300+ digits is null, as the stream reader reads it)
        return json.loads(bytes(raw), parse_int=lenient_int)


_GENERIC = msgspec.json.Decoder()
_ISSUES = msgspec.json.Decoder(list[Issue])
_ONE_ISSUE = msgspec.json.Decoder(Issue)


def _is_object(raw: Raw) -> bool:
    return len(raw) > 0 and memoryview(raw)[:1] == b"{"


def _one_issue(data: bytes) -> Issue:
    issue = _ONE_ISSUE.decode(data)
    if not _is_object(issue.fields):  # not an issue (a page, ...): the dict-based reader judges
        raise msgspec.ValidationError("no fields")
    return issue


def decode_issues(text: str) -> list | None:
    """A run of issues (a JSON array) → :class:`Issue` each, or the standard library's value of
    an element the typed decoder rejects; None when msgspec does not read the text as
    ``json.loads`` does."""
    try:
        issues = _ISSUES.decode(text)
    except msgspec.ValidationError:
        return typed_or_plain(text, _one_issue)
    except Exception:
        return None
    for issue in issues:
        if not _is_object(issue.fields):
            return typed_or_plain(text, _one_issue)
    return issues


# --- the changelog as rows ----------------------------------------------------------------------

_ACCEPTED = KIND_CODE[ActivityKind.ACCEPTED]
_FIELD_CHANGED = KIND_CODE[ActivityKind.FIELD_CHANGED]
_CREATED = KIND_CODE[ActivityKind.CREATED]
_COMMENTED = KIND_CODE[ActivityKind.COMMENTED]
_KIND_CODE_BY_FIELD = {name: KIND_CODE[kind] for name, kind in _KIND_BY_FIELD.items()}
_EPOCH_UTC = datetime(1970, 1, 1, tzinfo=UTC)
_from_iso = datetime.fromisoformat
_ONE_US = timedelta(microseconds=1)


def history_rows(
    rows: ActivityRows, item_id: str, changelog: _Changelog | None, people: dict[str, Person]
) -> None:
    """A typed changelog's activities appended to ``rows`` (people registered as map_history
    does; a history entry without a valid date, or one that cannot be read, is left out)."""
    if changelog is None or not changelog.histories:
        return
    for history in changelog.histories:
        when = jira_datetime(history.created)
        if when is None:
            continue  # (map_issue drops a history entry it cannot read)
        mark = len(rows)
        try:
            _one_history(rows, item_id, history, when, people)
        except (TypeError, AttributeError, ValueError):
            rows.truncate(mark)


def _new_value(change: _Change) -> str | None:
    """A status's or resolution's new value, as map_history reads it."""
    new = change.toString
    if new is None or new == "":
        new = change.to
        return None if new is None or new == "" else one_line(new, 500)
    return one_line(new, 500)


def _field_name(change: _Change) -> str:
    field_name = change.field or change.fieldId or ""
    if type(field_name) is not str:
        field_name = str(field_name)
    return field_name.strip()


def _change_kinds(changes: list[_Change], infos: list[tuple[str | None, str, int]]) -> list:
    """(kind, field name, the change when it assigns someone) of each activity a history's
    changes make, as map_history decides them (``infos``: the field name as the rows key it,
    folded name and kind by field, of each change)."""
    fields_changed = {folded for _, folded, _ in infos}
    resolution_set = "resolution" in fields_changed and any(
        folded == "resolution" and (change.toString or change.to)
        for change, (_, folded, _) in zip(changes, infos, strict=True)
    )
    out = []
    for change, (field_key, folded, kind) in zip(changes, infos, strict=True):
        new = _new_value(change) if folded in _NEW_DECIDES else None
        if folded == "status" and (resolution_set or _looks_done(new)):
            kind = _ACCEPTED
        elif folded == "resolution":
            if new is None:
                kind = _FIELD_CHANGED
            elif "status" in fields_changed:
                continue
            else:
                kind = _ACCEPTED
        out.append((kind, field_key, change if folded == "assignee" and change.to else None))
    return out


def _info(change: _Change) -> tuple[str | None, str, int]:
    field_name = _field_name(change)
    folded = _fold(field_name)
    return field_name or None, folded, _KIND_CODE_BY_FIELD.get(folded, _FIELD_CHANGED)


def _user_dict(user: Any) -> Any:
    """A typed user (or its JSON text) as person_from_user reads it."""
    if type(user) is Raw:
        if not len(user):
            return None
        try:
            user = _USER.decode(user)
        except msgspec.ValidationError:
            return _plain(user)  # (what the standard library reads)
    if type(user) is not _User:
        return user
    return {
        "accountId": user.accountId,
        "key": user.key,
        "name": user.name,
        "displayName": user.displayName,
        "emailAddress": user.emailAddress,
        "accountType": user.accountType,
    }


def _one_history(
    rows: ActivityRows, item_id: str, history: _History, when: datetime, people: dict[str, Person]
) -> None:
    actor = person_from_user(_user_dict(history.author), people)
    changes = history.items
    if not changes:
        return
    item_code = rows.code_of_item(item_id)
    actor_code = -1 if actor is None else rows.code_of_actor(actor)
    stamp = (when - _EPOCH_UTC) // _ONE_US
    zoned = when.tzinfo is not UTC
    fields = rows.fields
    for kind, field_key, assigned in _change_kinds(changes, [_info(c) for c in changes]):
        if assigned is not None:
            add_person(people, str(assigned.to), assigned.toString or None)
        field_code = fields.get(field_key)
        if field_code is None:
            field_code = fields[field_key] = len(fields)
        if zoned:
            rows.zones[len(rows.kind)] = when
        rows.item.append(item_code)
        rows.actor.append(actor_code)
        rows.kind.append(kind)
        rows.field.append(field_code)
        rows.when.append(stamp)


# --- the whole issue ------------------------------------------------------------------------------

_CUSTOM_KEYS = ("sprint", "rank", "epic link", "parent link")
_CRITERIA = "\x00criteria"  # (not a folded name: criteria fields are taken by criteria_ids)


class _Plan:
    """How the issues of one ``names`` map are read: their fields' decoder (the custom fields
    it names as extra attributes) and which custom fields are still guessed from values."""

    __slots__ = ("decoder", "extra", "guess")

    def __init__(self, decoder: msgspec.json.Decoder, extra: tuple, guess: frozenset) -> None:
        self.decoder = decoder
        self.extra = extra  # ((folded name, attribute), ...)
        self.guess = guess


_BASE_PLAN = _Plan(msgspec.json.Decoder(Fields), (), frozenset({"sprint", "rank", "epic link"}))
_STRUCTS: dict[tuple, msgspec.json.Decoder] = {}


def _plan_for(names: Any) -> _Plan | None:
    """The plan for a ``names`` map ({field id: name}); None when only the dict-based mapper
    reads its issues exactly (two fields with one of the names, a name on a standard field)."""
    if not names or not isinstance(names, dict):
        return _BASE_PLAN
    ids: dict[str, list[str]] = {}
    known = set()
    for field_id, name in names.items():
        if isinstance(name, str):
            folded = _fold(name)
            known.add(folded)
            if folded in _CUSTOM_KEYS:
                ids.setdefault(folded, []).append(field_id)
    extra = []
    for folded, found in ids.items():
        if len(found) > 1 or found[0] in _FIELD_KEYS:
            return None
        extra.append((folded, found[0]))
    for field_id in criteria_ids(names):  # acceptance criteria, a checklist: every such field
        if field_id in _FIELD_KEYS:
            return None
        extra.append((_CRITERIA, field_id))
    extra.sort()
    decoder = _STRUCTS.get(tuple(extra))
    if decoder is None:
        struct = msgspec.defstruct(
            "NamedFields",
            [
                (f"x{i}", Any, msgspec.field(default=None, name=field_id))
                for i, (_, field_id) in enumerate(extra)
            ],
            bases=(Fields,),
        )
        decoder = _STRUCTS[tuple(extra)] = msgspec.json.Decoder(struct)
    attributes = tuple((folded, f"x{i}") for i, (folded, _) in enumerate(extra))
    return _Plan(decoder, attributes, frozenset({"sprint", "rank"} - known))


_CUSTOM_RAW = msgspec.json.Decoder(dict[str, Raw])


def _guess_custom(raw_fields: Raw, guess: frozenset, found: dict[str, Any]) -> None:
    """map_issue's guesses, from the custom fields' values: the first value shaped like a
    sprint, a LexoRank and (without names) an issue key."""
    guess = set(guess)
    for field_id, raw in _CUSTOM_RAW.decode(raw_fields).items():
        if not guess:
            return
        if not field_id.startswith("customfield_"):
            continue
        value = _plain(raw)
        if value in (None, "", []):
            continue
        guess_by_shape(value, guess, found)


def _name(value: Any) -> str | None:
    """:func:`~connectors.mapping.jira._name` of a typed value (a struct or text)."""
    if value is None:
        return None
    if type(value) is str:
        return value.strip() or None
    for text in (value.name, value.value, value.displayName, value.key):
        if text:
            return text.strip()
    return None


def _names(value: Any) -> list[str]:
    entries = value if type(value) is list else [value] if value else []
    names: list[str] = []
    for entry in entries:
        name = _name(entry)
        if name and name not in names:
            names.append(name)
    return names


def _type_level(issue_type: Any) -> int | None:
    if type(issue_type) is _IssueType:
        if issue_type.hierarchyLevel is not None:
            return issue_type.hierarchyLevel
        if issue_type.subtask is True:
            return -1
        issue_type = issue_type.name
    return hierarchy_level(issue_type)


def _category(category: Any) -> Any:
    """A typed statusCategory as status_category reads it (a dict of its key and name)."""
    if type(category) is _Category:
        return {"key": category.key, "name": category.name}
    return category


def _parent(fields: Fields, custom: dict[str, Any]) -> str | None:
    parent = fields.parent
    if (  # (most issues)
        parent is None
        and fields.epic is None
        and "epic link" not in custom
        and "parent link" not in custom
    ):
        return None
    if type(parent) is _Parent:
        if parent.key or parent.id:
            return str(parent.key or parent.id)
    elif parent is not None and parent.strip():
        return parent.strip()
    for value in (custom.get("epic link"), custom.get("parent link"), fields.epic):
        if isinstance(value, dict):
            value = value.get("key") or value.get("id")
        if isinstance(value, str | int) and str(value).strip():
            return str(value).strip()
    return None


class TypedIssues:
    """Typed issues → items and activity rows, for one reader (its rows, people and caches).

    :meth:`map` answers what ``map_issue(..., activity_details=False)`` followed by the
    builder's bookkeeping would, or raises :class:`NeedsDict`.
    """

    def __init__(
        self,
        rows: ActivityRows,
        base_url: str | None = None,
        shared: SharedCollections | None = None,
    ) -> None:
        self.rows = rows
        self.base_url = base_url
        # a scan's own board: empty and equal lists shared among its items (mapping.shared)
        self.shared = shared
        self._plans: dict[int, tuple[Any, _Plan | None]] = {}
        # a user's JSON text -> (typed user, person id, complete Person): see _user
        self._raw_users: dict[bytes, tuple[Any, str | None, Person | None]] = {}
        self._infos: dict[Any, tuple[str | None, str, int]] = {}
        self._texts: dict[str, str] = {}
        self._judged: dict[Any, tuple] = {}  # statuses and types: their names and levels
        self._decided: dict[_Change, int] = {}  # a status or resolution change's kind
        self._actors: dict[str, int] = {}  # the rows' actor codes, by person id

    def plan(self, names: Any) -> _Plan | None:
        cached = self._plans.get(id(names))
        if cached is not None and cached[0] is names:
            return cached[1]
        plan = _plan_for(names)
        if names is not None:  # (a page's map, kept alive here so its id stays its own)
            if len(self._plans) > 64:
                self._plans.clear()
            self._plans[id(names)] = (names, plan)
        return plan

    def map(self, issue: Issue, names: Any) -> tuple[Item, dict[str, Person], _Project | None]:
        """The item, its people (as map_issue lists them) and its project; rows appended."""
        issue_id = issue.id
        key = issue.key
        key = str(key).strip() if type(key) is str or type(key) is int else None
        key = key or None
        if issue_id is None or issue_id == "":
            raise NeedsDict  # (an issue without an id: its message comes from map_issue)
        if names is None and isinstance(issue.names, dict):
            plan = _plan_for(issue.names)  # (an issue's own names: not kept)
        else:
            plan = self.plan(names)
        if plan is None:
            raise NeedsDict
        try:
            fields = plan.decoder.decode(issue.fields)
        except msgspec.ValidationError:
            raise NeedsDict from None
        custom: dict[str, Any] = {}
        criteria: list[Any] = []
        for folded, attribute in plan.extra:
            value = getattr(fields, attribute)
            if folded == _CRITERIA:
                criteria.append(value)
            elif value is not None:
                custom[folded] = value
        if plan.guess:
            _guess_custom(issue.fields, plan.guess, custom)
        status_obj = fields.status
        category = status_obj.statusCategory if type(status_obj) is _Status else None
        if type(category) is _Category and category.key is None and category.name is None:
            if fields.statusCategory is not None:
                raise NeedsDict  # {} or {"id": 3}? only the dict tells (falsy or not)
            category = None
        category = category or fields.statusCategory
        comments = self._comments(fields.comment)

        item_id = str(issue_id)
        people: dict[str, Person] = {}
        person = self._person
        description = fields.description
        if type(description) is str:
            description = wiki_to_text(description)
        elif description is not None:
            description = adf_to_text(description)
        else:
            description = ""
        if not description and len(issue.renderedFields):
            rendered = _plain(issue.renderedFields)
            if isinstance(rendered, dict) and isinstance(rendered.get("description"), str):
                description = html_to_text(rendered["description"])
        resolved = parse_iso(fields.resolutiondate)
        judged = self._judged.get((status_obj, category, resolved is None))
        if judged is None:  # (statuses and categories repeat: each combination judged once)
            status = _name(status_obj)
            judged = (status, status_category(_category(category), status, resolved is not None))
            self._judged[(status_obj, category, resolved is None)] = judged
        status, category_name = judged
        assignee = person(fields.assignee, people)
        reporter = person(fields.reporter, people)
        creator = person(fields.creator, people)
        watchers = []
        for watcher in fields.watchers or ():
            watcher_id = person(watcher, people)
            if watcher_id and watcher_id not in watchers:
                watchers.append(watcher_id)
        issue_type = fields.issuetype
        type_judged = self._judged.get(issue_type)
        if type_judged is None:
            type_judged = self._judged[issue_type] = (_name(issue_type), _type_level(issue_type))
        type_name, level = type_judged
        sprint_value = custom.get("sprint")
        if sprint_value is None:
            sprint_value = fields.sprint or fields.closedSprints
        rank = custom.get("rank")
        created = parse_iso(fields.created)
        summary = fields.summary
        share = self._texts.setdefault  # (labels, sprints, components repeat: one string each)
        share_name = self._share_name
        sprint = sprint_name(sprint_value)
        labels = [share(label, label) for label in fields.labels] if fields.labels else []
        components = [share(name, name) for name in _names(fields.components)]
        fix_versions = [share(name, name) for name in _names(fields.fixVersions)]
        shared = self.shared
        if shared is None:
            no_list, no_dict = [], {}
        else:
            no_list, no_dict = shared.no_list, shared.no_dict
            labels = shared.list(labels)
            watchers = shared.list(watchers)
            components = shared.list(components)
            fix_versions = shared.list(fix_versions)
        checklist_items = criteria_of(criteria) if criteria else no_list
        if checklist_items and shared is not None:
            checklist_items = shared.list(checklist_items)
        # (by position, in Item's field order: a third of the time keywords take; ITEM_ORDER)
        item = Item(
            SOURCE,  # source
            item_id,  # id
            one_line(summary or "", 1000),  # title
            key,  # key
            description,  # description
            type_name,  # type
            status,  # status
            category_name,  # status_category
            labels,  # labels
            created,  # created
            parse_iso(fields.updated),  # updated
            resolved,  # resolved
            _parent(fields, custom),  # parent
            status,  # column
            sprint and share(sprint, sprint),  # sprint
            assignee,  # assignee
            reporter or creator,  # reporter
            _browse_url({"self": issue.self_}, key, self.base_url),  # url
            share_name(fields.priority),  # priority
            level,  # hierarchy_level
            False,  # closed
            checklist_items,  # checklist_items
            [] if shared is None else no_list,  # members (none: an issue has its assignee)
            watchers,  # watchers
            parse_iso(fields.duedate),  # due
            str(rank) if isinstance(rank, str | int | float) else None,  # rank
            components,  # components
            fix_versions,  # fix_versions
            no_dict,  # custom_fields
        )
        rows = self.rows
        item_code = None
        if created is not None:
            item_code = rows.code_of_item(item_id)
            self._row(item_code, creator or reporter, _CREATED, created)
        if issue.changelog is not None and issue.changelog.histories:
            self._histories(item_id, issue.changelog.histories, people)
        if comments:
            made = []
            judged_person = self._judged_person
            for comment, who in comments:
                when = parse_iso(comment.created) or parse_iso(comment.updated)
                if when is not None:
                    made.append((when, judged_person(*who, people)))
            made.sort(key=itemgetter(0))  # (map_issue lists them in time order)
            for when, actor in made:
                if item_code is None:
                    item_code = rows.code_of_item(item_id)
                self._row(item_code, actor, _COMMENTED, when)
        return item, people, fields.project

    def _share_name(self, value: Any) -> str | None:
        """:func:`_name` of a value whose names repeat (priorities), one string each."""
        name = _name(value)
        return name and self._texts.setdefault(name, name)

    def _row(self, item_code: int, actor: str | None, kind: int, when: datetime) -> None:
        """``rows.add`` of an activity without a field (the creation, a comment), sooner."""
        rows = self.rows
        if actor is None:
            actor_code = -1
        else:
            actor_code = self._actors.get(actor)
            if actor_code is None:
                actor_code = self._actors[actor] = rows.code_of_actor(actor)
        if when.tzinfo is not UTC:
            rows.zones[len(rows.kind)] = when
        rows.item.append(item_code)
        rows.actor.append(actor_code)
        rows.kind.append(kind)
        rows.field.append(0)  # (the code of no field)
        rows.when.append((when - _EPOCH_UTC) // _ONE_US)

    def _comments(self, comment: Any) -> list[tuple[_Comment, tuple]]:
        """The comments to map (null entries dropped, as map_issue drops non-objects), each
        with its author (or update author) as :meth:`_user` judges it."""
        if comment is None:
            return []
        entries = comment.comments if type(comment) is _Comments else comment
        if not entries:
            return []
        out = []
        for entry in entries:
            if entry is None:
                continue
            author = self._user(entry.author)
            updater = self._user(entry.updateAuthor)  # (checked, as the typed decoder did)
            user = author[0]
            if (
                type(user) is _User
                and not user_id(user.accountId, user.key, user.name, user.displayName)
                and updater[0] is not None
            ):
                raise NeedsDict  # {} (then the update author) or {"active": true}?
            out.append((entry, author if user else updater))  # (author or updateAuthor)
        return out

    def _user(self, raw: Raw) -> tuple[Any, str | None, Person | None]:
        """(typed user, person id, its Person when nothing can change it: see :func:`_judge`)
        of a user's JSON text, typed and judged once per distinct text; NeedsDict when the text
        is no user the typed path reads."""
        if not len(raw):
            return _NO_USER
        key = bytes(raw)
        hit = self._raw_users.get(key)
        if hit is None:
            try:
                user = _USER.decode(raw)
            except msgspec.ValidationError:
                raise NeedsDict from None
            hit = _NO_USER if user is None else (user, *_judge(user))
            self._raw_users[key] = hit
        return hit

    def _person(self, raw: Raw, people: dict[str, Person]) -> str | None:
        """person_from_user of a user's JSON text, each distinct text judged once per read."""
        return self._judged_person(*self._user(raw), people)

    def _judged_person(
        self, user: Any, person_id: str | None, complete: Person | None, people: dict
    ) -> str | None:
        """person_from_user of a user :meth:`_user` judged."""
        if person_id is None:
            return None
        known = people.get(person_id)
        if known is None and complete is not None:
            people[person_id] = complete  # (never changed by a later add_person)
            return person_id
        if known is not None and known is complete:
            return person_id
        if type(user) is str:
            return add_person(people, user)
        return _add_user(people, person_id, user)

    def _histories(self, item_id: str, histories: list[_History], people: dict) -> None:
        """The changelog's rows, as :func:`history_rows` makes them (tested against it): each
        distinct author, field and status change is judged once per read."""
        rows = self.rows
        fields = rows.fields
        raw_users = self._raw_users
        actors = self._actors
        decided = self._decided
        infos = self._infos
        item_code = None
        kinds, items, actor_column, field_column, when_column = (
            rows.kind,
            rows.item,
            rows.actor,
            rows.field,
            rows.when,
        )
        for history in histories:
            created = history.created
            if created is None:
                continue
            try:  # parse_iso(created), its usual case inlined
                when = _from_iso(created)
            except ValueError:
                when = parse_iso(created)
                if when is None:
                    continue
            else:
                if not _FIRST_YEAR <= when.year <= _LAST_YEAR:
                    continue
                if when.tzinfo is None:
                    when = when.replace(tzinfo=UTC)
            author = history.author
            actor = None
            if len(author):  # self._person(author, people), inlined
                hit = raw_users.get(bytes(author))
                if hit is None:
                    hit = self._user(author)
                user, actor, complete = hit
                if actor is not None:
                    known = people.get(actor)
                    if known is None and complete is not None:
                        people[actor] = complete
                    elif known is None or known is not complete:
                        self._judged_person(user, actor, complete, people)
            changes = history.items
            if not changes:
                continue
            if item_code is None:
                item_code = rows.code_of_item(item_id)
            if actor is None:
                actor_code = -1
            else:
                actor_code = actors.get(actor)
                if actor_code is None:
                    actor_code = rows.code_of_actor(actor)
                    actors[actor] = actor_code
            stamp = (when - _EPOCH_UTC) // _ONE_US
            if len(changes) == 1:  # the usual history: one change, decided alone
                change = changes[0]
                info = infos.get(change.field) if change.field else None
                if info is None:
                    info = self._info_of(change)
                field_key, folded, kind = info
                if folded in _DECIDED:  # status / resolution: by the new value
                    kind = decided.get(change)
                    if kind is None:
                        kind = decided[change] = _single_kind(change, folded)
                elif folded == "assignee" and change.to:
                    add_person(people, str(change.to), change.toString or None)
                field_code = fields.get(field_key)
                if field_code is None:
                    field_code = fields[field_key] = len(fields)
                if when.tzinfo is not UTC:
                    rows.zones[len(kinds)] = when
                items.append(item_code)
                actor_column.append(actor_code)
                kinds.append(kind)
                field_column.append(field_code)
                when_column.append(stamp)
                continue
            made = []
            for kind, field_key, assigned in _change_kinds(
                changes, [self._info_of(change) for change in changes]
            ):
                if assigned is not None:
                    add_person(people, str(assigned.to), assigned.toString or None)
                made.append((kind, field_key))
            for kind, field_key in made:
                field_code = fields.get(field_key)
                if field_code is None:
                    field_code = fields[field_key] = len(fields)
                if when.tzinfo is not UTC:
                    rows.zones[len(kinds)] = when
                items.append(item_code)
                actor_column.append(actor_code)
                kinds.append(kind)
                field_column.append(field_code)
                when_column.append(stamp)

    def _info_of(self, change: _Change) -> tuple[str | None, str, int]:
        """(field name as the rows key it, folded name, kind by field), looked up once."""
        if change.field:
            info = self._infos.get(change.field)
            if info is None:
                info = self._infos[change.field] = _info(change)
            return info
        by = ("", change.fieldId)
        info = self._infos.get(by)
        if info is None:
            info = self._infos[by] = _info(change)
        return info


_DECIDED = frozenset({"status", "resolution"})
_NO_USER: tuple[Any, str | None, Person | None] = (None, None, None)


def _single_kind(change: _Change, folded: str) -> int:
    """The kind of a status or resolution change alone in its history (map_history's rules)."""
    new = _new_value(change)
    if folded == "status":
        return _ACCEPTED if _looks_done(new) else _KIND_CODE_BY_FIELD["status"]
    return _FIELD_CHANGED if new is None else _ACCEPTED


def _add_user(people: dict[str, Person], person_id: str, user: _User) -> str | None:
    """add_person of a decoded user object (its name, e-mail, user name and account type)."""
    return add_person(
        people,
        person_id,
        user.displayName,
        email=user.emailAddress,
        username=user.name,
        account_type=user.accountType,
    )


def _judge(user: Any) -> tuple[str | None, Person | None]:
    """A user's person id as add_person keeps it, and its Person when nothing seen later can
    change it (name, e-mail and user name all known: person_from_user's fast path)."""
    if type(user) is str:
        return (user.strip() or None), None
    person_id = user_id(user.accountId, user.key, user.name, user.displayName)
    person_id = None if person_id is None else person_id.strip() or None
    if person_id is None:
        return None, None
    probe: dict[str, Person] = {}
    _add_user(probe, person_id, user)
    known = probe[person_id]
    if known.email and known.username and known.display_name not in (person_id, known.username):
        return person_id, known
    return person_id, None


__all__ = ["Fields", "Issue", "NeedsDict", "TypedIssues", "decode_issues", "history_rows"]
