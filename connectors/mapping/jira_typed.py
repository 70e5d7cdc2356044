"""Jira issues decoded by type, their changelogs straight into activity rows (the scan path).

:class:`Issue` keeps an issue's ``fields`` as plain JSON values (the item is made by
:func:`~connectors.mapping.jira.map_issue`, which checks them as always) and its changelog as
small typed records: :func:`history_rows` turns those into rows as
:func:`~connectors.mapping.jira.map_history` would turn them into activities (tested against
it). An issue the typed decoder rejects (a wrong-typed changelog, ...) is read by the standard
library and goes through the dict-based mapper, which skips and counts it as before.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import msgspec
from msgspec import UNSET, Struct

from connectors.columns import KIND_CODE, ActivityRows
from connectors.interface import ActivityKind, Person
from connectors.mapping.common import add_person
from connectors.mapping.jira import (
    _KIND_BY_FIELD,
    _NEW_DECIDES,
    _fold,
    _looks_done,
    jira_datetime,
    one_line,
    person_from_user,
)
from connectors.mapping.trello_typed import typed_or_plain


class _Change(Struct):
    field: Any = None
    fieldId: Any = None  # noqa: N815 - Jira's names
    toString: str | None = None  # noqa: N815
    to: Any = None


class _History(Struct):
    id: Any = None
    created: Any = None
    author: dict[str, Any] | str | None = None
    items: list[_Change] | None = None


class _Changelog(Struct):
    histories: list[_History] | None = None


class Issue(Struct):
    """A Jira issue with its changelog typed (the rest as JSON values)."""

    id: Any = None
    key: Any = None
    fields: Any = UNSET
    changelog: _Changelog | None = None
    names: Any = None
    renderedFields: Any = None  # noqa: N815
    self_: Any = msgspec.field(name="self", default=None)

    def as_raw(self) -> dict[str, Any]:
        """The issue as the dict-based mapper reads it, without its changelog."""
        return {
            "id": self.id,
            "key": self.key,
            "fields": None if self.fields is UNSET else self.fields,
            "names": self.names,
            "renderedFields": self.renderedFields,
            "self": self.self_,
        }


_ISSUES = msgspec.json.Decoder(list[Issue])
_ONE_ISSUE = msgspec.json.Decoder(Issue)


def _one_issue(data: bytes) -> Issue:
    issue = _ONE_ISSUE.decode(data)
    if issue.fields is UNSET:  # not an issue (a page, ...): the dict-based reader judges it
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
    if any(issue.fields is UNSET for issue in issues):
        return typed_or_plain(text, _one_issue)
    return issues


_ACCEPTED = KIND_CODE[ActivityKind.ACCEPTED]
_FIELD_CHANGED = KIND_CODE[ActivityKind.FIELD_CHANGED]
_KIND_CODE_BY_FIELD = {name: KIND_CODE[kind] for name, kind in _KIND_BY_FIELD.items()}
_EPOCH_UTC = datetime(1970, 1, 1, tzinfo=UTC)
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


def _one_history(
    rows: ActivityRows, item_id: str, history: _History, when: datetime, people: dict[str, Person]
) -> None:
    actor = person_from_user(history.author, people)
    changes = history.items
    if not changes:
        return
    fields_changed = {_fold(str(c.field or "")) for c in changes}
    resolution_set = "resolution" in fields_changed and any(
        _fold(str(c.field or "")) == "resolution" and (c.toString or c.to) for c in changes
    )
    # what every row of this history shares, coded once
    item_code = rows.code_of_item(item_id)
    actor_code = -1 if actor is None else rows.code_of_actor(actor)
    stamp = (when - _EPOCH_UTC) // _ONE_US
    zoned = when.tzinfo is not UTC
    fields = rows.fields
    kind_by_field = _KIND_CODE_BY_FIELD
    for change in changes:
        field_name = change.field or change.fieldId or ""
        if type(field_name) is not str:
            field_name = str(field_name)
        field_name = field_name.strip()
        folded = _fold(field_name)
        new = None
        if folded in _NEW_DECIDES:
            new = change.toString
            if new is None or new == "":
                new = change.to
                new = None if new is None or new == "" else one_line(new, 500)
            else:
                new = one_line(new, 500)
        kind = kind_by_field.get(folded, _FIELD_CHANGED)
        if folded == "status" and (resolution_set or _looks_done(new)):
            kind = _ACCEPTED
        elif folded == "resolution":
            if new is None:
                kind = _FIELD_CHANGED
            elif "status" in fields_changed:
                continue
            else:
                kind = _ACCEPTED
        elif folded == "assignee" and change.to:
            add_person(people, str(change.to), change.toString or None)
        field_code = fields.get(field_name or None)
        if field_code is None:
            field_code = fields[field_name or None] = len(fields)
        if zoned:
            rows.zones[len(rows.kind)] = when
        rows.item.append(item_code)
        rows.actor.append(actor_code)
        rows.kind.append(kind)
        rows.field.append(field_code)
        rows.when.append(stamp)


__all__ = ["Issue", "decode_issues", "history_rows"]
