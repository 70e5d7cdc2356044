"""Trello board JSON (export or REST ``/boards/{id}?actions=all&cards=all...``) → domain objects.

Pure mapping, no file or network I/O: the offline export reader and the live Trello connector
both feed it the same dict shapes. Unknown fields are ignored; a card or action that cannot be
read is skipped and described in ``Board.skipped``.
"""

from __future__ import annotations

from array import array
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from operator import attrgetter
from typing import Any

import numpy as np

from _backlog_analyzer_runtime.heap import release_free_memory
from connectors.columns import ActivityList
from connectors.interface import Activity, ActivityKind, Board, Item, Person, Progress
from connectors.mapping.common import (
    UNEXPECTED_SHAPE,
    RecordError,
    add_person,
    datetime_from_object_id,
    fold,
    looks_done,
    markdown_to_text,
    one_line,
    parse_iso,
    unreadable,
)
from connectors.mapping.criteria import placeholder
from connectors.mapping.shapes import (
    ANY,
    LIST,
    NUMBER,
    OBJECT,
    SCALAR,
    TEXT,
    Each,
    fits,
    kind_of,
    problem,
)
from connectors.mapping.shared import SharedCollections

SOURCE = "trello"
_BY_TIME = attrgetter("timestamp")  # sort key for activities (faster than a lambda)

# isinstance(x, (dict, Mapping)) answers dicts (all parsed JSON) without the ABC check.
_MAPPING = (dict, Mapping)
# List names repeat on every card and move: judge each once.
_looks_done = lru_cache(maxsize=4096)(looks_done)

#: Action types that bring a card into existence on this board.
CREATE_TYPES = frozenset(
    {"createCard", "copyCard", "convertToCardFromCheckItem", "moveCardToBoard", "emailCard"}
)
COMMENT_TYPES = frozenset({"commentCard", "copyCommentCard"})
MEMBER_TYPES = frozenset({"addMemberToCard", "removeMemberFromCard"})
#: Card-level actions that change something other than list/position/members.
OTHER_CARD_TYPES = {
    "updateCheckItemStateOnCard": "checklist",
    "addChecklistToCard": "checklist",
    "removeChecklistFromCard": "checklist",
    "createCheckItem": "checklist",
    "updateCheckItem": "checklist",
    "deleteCheckItem": "checklist",
    "addAttachmentToCard": "attachment",
    "deleteAttachmentFromCard": "attachment",
    "addLabelToCard": "labels",
    "removeLabelFromCard": "labels",
    "moveCardFromBoard": "board",
}
#: Trello's automation, Butler, acts as the member who made the rule: the action's
#: ``idMemberCreator`` is that person, and its ``appCreator`` the app that made it (``{"id": ...,
#: "name": "Butler"}``). Such an action is Butler's, not the member's: it is read as made by one
#: account of Butler's own, an app (Jira Cloud's word: ``Person.account_type``), which
#: analyzer.automation then sets apart; the member's own actions stay theirs. An ``appCreator``
#: with an id only, or naming another app, leaves the action the member's (which apps those
#: are, an export does not say: likely Trello's own clients or an integration the member
#: used). Butler's app id is not in Trello's documentation; it is the id exports give with the
#: name "Butler", and is recognised alone too.
BUTLER_APP_ID = "56ff07afbc287582d36e19ac"
BUTLER_NAME = "Butler"
BUTLER_ID = f"app:{BUTLER_APP_ID}"  # (not a member's id: those are 24 hex digits)
#: Butler's account as the actions name the people they register: (id, full name, user name).
BUTLER = (BUTLER_ID, BUTLER_NAME, None)
APP = "app"  # Person.account_type of an app's account

#: updateCard changes that carry no product meaning (cover images, reminders).
_IGNORED_CARD_FIELDS = frozenset(
    {"idAttachmentCover", "cover", "manualCoverAttachment", "dueReminder"}
)
#: A card's custom field set or changed (Trello Premium, Power-Up before 2021): an activity on
#: the card's field of that name. Session 31: a 2025 board's 16 changes of its "Effort" and
#: "Task ID" fields were dropped (25 of its 50 actions read).
CUSTOM_FIELD_TYPE = "updateCustomFieldItem"
#: Custom fields whose change is prioritisation, as Jira's Rank and Priority fields are (as
#: :func:`fold` folds them): "Prio" is a real French board's list field (Haute … Basse).
_PRIORITY_FIELDS = frozenset(
    [
        "priority",
        "prio",
        "rank",
        "priorite",
        "prioritat",
        "prioridad",
        "prioridade",
        "priorita",
        "prioriteit",
        "priorytet",
        "oncelik",
        "приоритет",
    ]
)


def custom_field_kind(name: str) -> ActivityKind:
    """Prioritised for a custom field named Priority, Prio or Rank (any case; Priority in the
    languages Jira's tables hold), else field changed."""
    return (
        ActivityKind.PRIORITISED if fold(name) in _PRIORITY_FIELDS else ActivityKind.FIELD_CHANGED
    )


def custom_field_name(named: Any) -> str:
    """The field's name an ``updateCustomFieldItem`` action gives (``data.customField``)."""
    name = named.get("name") if isinstance(named, _MAPPING) else None
    return one_line(str(name), 80) if name is not None and str(name).strip() else "custom field"


def _custom_value(
    value: Any, option: Any = None, options: Mapping[str, str] | None = None
) -> str | None:
    """A custom field item's value as text (checkbox, date, number or text; a list field's
    option: its text as the board's ``customFields`` name it in ``options``, else its id — the
    action does not name it)."""
    if isinstance(value, _MAPPING):
        for key in ("text", "number", "date", "checked"):
            if value.get(key) is not None:
                return _text(value[key])
    if not option:
        return None
    named = options.get(str(option)) if options is not None else None
    return named if named is not None else _text(option)


#: Names used in Activity.field for the card fields Trello reports in ``data.old``.
_FIELD_NAMES = {
    "name": "title",
    "desc": "description",
    "idLabels": "labels",
    "due": "due",
    "dueComplete": "due complete",
    "closed": "closed",
    "start": "start",
}


# --- the fields each record must have the right type in (connectors.mapping.shapes) -----------

_NAMED = (("id", TEXT, None), ("name", TEXT, None))
_CHECK_ITEMS = Each(ANY, (("name", SCALAR, None), ("state", TEXT, None), ("pos", NUMBER, None)))
ACTION_SHAPE = (
    ("id", TEXT, None),
    ("type", TEXT, None),
    ("date", TEXT, None),
    ("idMemberCreator", TEXT, None),
    (
        "memberCreator",
        OBJECT,
        (("id", TEXT, None), ("fullName", TEXT, None), ("username", TEXT, None)),
    ),
    (
        "data",
        OBJECT,
        (
            (
                "card",
                OBJECT,
                (
                    ("id", TEXT, None),
                    ("idList", TEXT, None),
                    ("idMembers", LIST, Each(TEXT)),
                    ("idLabels", LIST, Each(TEXT)),
                ),
            ),
            ("list", OBJECT, _NAMED),
            ("old", OBJECT, (("idList", TEXT, None), ("idLabels", LIST, Each(TEXT)))),
            ("idMember", TEXT, None),
            # (rarer: looked up only when one is there)
            ("listBefore", OBJECT, _NAMED),
            ("listAfter", OBJECT, _NAMED),
            ("member", OBJECT, _NAMED),
            ("checkItem", OBJECT, (("name", SCALAR, None), ("state", TEXT, None))),
        ),
    ),
)
CARD_SHAPE = (
    ("id", TEXT, None),
    ("name", SCALAR, None),
    ("desc", SCALAR, None),
    ("idList", TEXT, None),
    ("idLabels", LIST, Each(TEXT)),
    ("idMembers", LIST, Each(TEXT)),
    ("labels", LIST, Each(ANY, (("name", SCALAR, None), ("color", TEXT, None)))),
    ("due", TEXT, None),
    ("dateLastActivity", TEXT, None),
    ("pos", SCALAR, None),
    ("shortLink", TEXT, None),
    ("url", TEXT, None),
    ("shortUrl", TEXT, None),
    ("checklists", LIST, Each(ANY, (("checkItems", LIST, _CHECK_ITEMS),))),
    (
        "customFieldItems",
        LIST,
        Each(
            ANY,
            (("idCustomField", TEXT, None), ("idValue", TEXT, None), ("value", OBJECT, None)),
        ),
    ),
)
#: The board's own lists of records: each element is checked, a bad one skipped and counted.
BOARD_RECORD_SHAPES = {
    "lists": ("list", (("id", TEXT, None), ("name", TEXT, None))),
    "labels": ("label", (("id", TEXT, None), ("name", TEXT, None), ("color", TEXT, None))),
    "members": (
        "member",
        (("id", TEXT, None), ("fullName", TEXT, None), ("username", TEXT, None)),
    ),
    "checklists": ("checklist", (("idCard", TEXT, None), ("checkItems", LIST, _CHECK_ITEMS))),
    "customFields": (
        "custom field",
        (
            ("id", TEXT, None),
            ("name", SCALAR, None),
            ("type", TEXT, None),
            ("options", LIST, Each(ANY, (("id", TEXT, None), ("value", OBJECT, None)))),
        ),
    ),
}
#: The board's own fields: a wrong type here stops the read (one line, exit 2).
BOARD_SHAPE = (
    ("id", TEXT, None),
    ("name", SCALAR, None),
    ("shortLink", TEXT, None),
    ("actions", LIST, None),
    ("cards", LIST, None),
    *((key, LIST, None) for key in BOARD_RECORD_SHAPES),
)
_ACTION_FITS = fits(ACTION_SHAPE)
_CARD_FITS = fits(CARD_SHAPE)


def is_template(card: Any) -> bool:
    """Is ``card`` (a card's dict) a Trello card template (``"isTemplate": true``)? A template is
    a pattern new cards are made from, not work: every reader leaves it out of the board, with
    its actions, and counts it in ``Board.templates``. Only ``true`` itself makes a template (a
    wrong-typed value reads as a card, as the typed reader reads it)."""
    return isinstance(card, _MAPPING) and card.get("isTemplate") is True


def is_template_board(prefs: Any) -> bool:
    """Is a board whose ``prefs`` these are a Trello template (``"isTemplate": true``: a board
    new boards are copied from, its cards a starting point, not a team's work)? Read as a board
    all the same (whoever scans one asked for it); the report says what it is. Only ``true``
    makes one, as for a card (:func:`is_template`)."""
    return isinstance(prefs, _MAPPING) and prefs.get("isTemplate") is True


_BOARD_FIELD = {key: ((key, types, inner),) for key, types, inner in BOARD_SHAPE}


def board_field_problem(key: str, value: Any) -> str | None:
    """What is wrong with the board's own field ``key`` (None when it is fine or unknown)."""
    shape = _BOARD_FIELD.get(key)
    if shape is None or value is None:
        return None
    found = problem({key: value}, shape)
    return None if found is None else f"the board's {found}"


def _id_of(record: Mapping[str, Any]) -> str:
    """The record's id for a message (``?`` when it has none that is text)."""
    some_id = record.get("id")
    return one_line(some_id, 40) if isinstance(some_id, str) and some_id else "?"


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _name_of(mapping: Mapping[str, Any], some_id: Any) -> str | None:
    """Name of a list/label given by id; ``mapping`` values are dicts with "name" or plain names."""
    if some_id is None:
        return None
    value = mapping.get(some_id)
    if isinstance(value, _MAPPING):
        return value.get("name") or value.get("color") or str(some_id)
    if isinstance(value, str):
        return value
    return None


def _list_name(data: Mapping[str, Any], key: str, lists_by_id: Mapping[str, Any], fallback_id: Any):
    named = data.get(key)
    if isinstance(named, _MAPPING) and named.get("name"):
        if type(named["name"]) is not str:  # the action is skipped: ACTION_SHAPE says why
            raise TypeError(f"{key} name is not text")
        return named["name"]
    return _name_of(lists_by_id, fallback_id) or (str(fallback_id) if fallback_id else None)


@dataclass(frozen=True, slots=True)
class CustomFieldDef:
    """A board's custom field: its name, type (text, number, date, checkbox, list) and, for a
    list field, the text of each option by option id."""

    name: str
    type: str
    options: Mapping[str, str] = field(default_factory=dict)


def custom_field_options(raw: Any) -> dict[str, str]:
    """The text of every list custom field's option, by option id (ids are unique on a board),
    from the board's ``customFields``: what a change of a list field names by id alone."""
    return {
        option: text
        for definition in custom_field_defs(raw).values()
        for option, text in definition.options.items()
    }


def custom_field_defs(raw: Any) -> dict[str, CustomFieldDef]:
    """The board's ``customFields`` (export JSON or ``/boards/{id}/customFields``), by field id."""
    defs: dict[str, CustomFieldDef] = {}
    for entry in raw if isinstance(raw, list) else []:
        if not isinstance(entry, _MAPPING) or not entry.get("id") or not entry.get("name"):
            continue
        options = {}
        for option in entry.get("options") or []:
            value = option.get("value") if isinstance(option, _MAPPING) else None
            if isinstance(value, _MAPPING) and option.get("id") and value.get("text") is not None:
                options[str(option["id"])] = str(value["text"])
        defs[str(entry["id"])] = CustomFieldDef(
            str(entry["name"]), str(entry.get("type") or ""), options
        )
    return defs


def custom_field_values(
    card: Mapping[str, Any], defs: Mapping[str, CustomFieldDef]
) -> dict[str, str]:
    """A card's ``customFieldItems`` as {field name: value as text}; empty values are left out.

    Checkboxes are "true"/"false", dates their ISO date, list fields the chosen option's text.
    """
    values: dict[str, str] = {}
    for entry in card.get("customFieldItems") or []:
        if not isinstance(entry, _MAPPING):
            continue
        definition = defs.get(str(entry.get("idCustomField")))
        if definition is None:
            continue
        value = entry.get("value")
        text: str | None = None
        if entry.get("idValue"):
            text = definition.options.get(str(entry["idValue"]))
        elif isinstance(value, _MAPPING):
            if "checked" in value:
                text = "true" if str(value["checked"]).lower() == "true" else "false"
            elif value.get("date"):
                date = parse_iso(value["date"])
                text = date.date().isoformat() if date else str(value["date"])
            else:
                raw = value.get("text", value.get("number"))
                text = None if raw is None else str(raw)
        if text is not None and text.strip():
            values[definition.name] = one_line(text, 200)
    return values


def is_butler(app_id: Any, name: Any) -> bool:
    """Is the app of an action's ``appCreator`` (its id and name, as the action gives them)
    Trello's automation, Butler?"""
    return app_id == BUTLER_APP_ID or (type(name) is str and name.strip().casefold() == "butler")


def _by_butler(action: Mapping[str, Any]) -> bool:
    """Did Butler make ``action`` (its ``appCreator``), not the member it names?"""
    app = action.get("appCreator")
    return isinstance(app, _MAPPING) and is_butler(app.get("id"), app.get("name"))


def add_actor(
    people: dict[str, Person], person_id: Any, name: Any = None, username: Any = None
) -> None:
    """:func:`add_person` for a person an action or a card names: Butler's account is always the app
    "Butler" (also as a card's creator met without its action). A live sync's card pages register
    people by id alone; the store keeps what it knew of them (``kept_person``)."""
    if person_id == BUTLER_ID:
        add_person(people, BUTLER_ID, BUTLER_NAME, account_type=APP)
    else:
        add_person(people, person_id, name, username=username)


def _register_creator(action: Mapping[str, Any], people: dict[str, Person] | None) -> str | None:
    if _by_butler(action):
        if people is not None and BUTLER_ID not in people:
            add_actor(people, BUTLER_ID, BUTLER_NAME)
        return BUTLER_ID
    actor = action.get("idMemberCreator")
    creator = action.get("memberCreator")
    if isinstance(creator, _MAPPING):
        actor = actor or creator.get("id")
        known = people.get(actor) if people is not None and isinstance(actor, str) else None
        if (
            people is not None
            and actor
            # a member known with a username and a real name: add_person could change nothing
            and (
                known is None or not known.username or known.display_name in (actor, known.username)
            )
        ):
            add_person(
                people,
                actor,
                creator.get("fullName"),
                username=creator.get("username"),
            )
    elif people is not None and actor and not (isinstance(actor, str) and actor in people):
        add_person(people, actor)
    return str(actor) if actor else None


def map_action(
    action: dict,
    lists_by_id: Mapping[str, Any],
    *,
    labels_by_id: Mapping[str, Any] | None = None,
    people: dict[str, Person] | None = None,
    options: Mapping[str, str] | None = None,
) -> Activity | None:
    """One Trello action → an Activity on a card, or None for board-level / cosmetic actions.

    Raises RecordError when a card action lacks what every activity needs (card id, date).
    ``people``, when given, receives the acting member. ``options``: the text of each list
    custom field's option by id (:func:`custom_field_options`), which a change names by id.
    """
    if isinstance(action, _MAPPING) and not _ACTION_FITS(action):
        raise RecordError(f"action {_id_of(action)}: {problem(action, ACTION_SHAPE)}")
    activity = _map_action(action, lists_by_id, labels_by_id, options)
    if activity is not None and people is not None:
        if action.get("type") in MEMBER_TYPES:
            data = action["data"]
            member = data.get("member") if isinstance(data.get("member"), _MAPPING) else {}
            member_id = data.get("idMember") or member.get("id")
            if member_id:
                add_person(people, member_id, member.get("name"))
        _register_creator(action, people)
    return activity


def _action_problem(action: Any, error: BaseException) -> str:
    """Why mapping ``action`` failed: its wrong-typed field, else the error itself."""
    found = problem(action, ACTION_SHAPE) if isinstance(action, _MAPPING) else None
    if found is None:
        return unreadable(error)
    return f"action {_id_of(action)}: {found}"


def _action_id(value: object) -> str | None:
    """The action's own id as text (a number written as one), None for anything else."""
    if type(value) is str:
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return None


def _actor(action: Mapping[str, Any]) -> str | None:
    """The acting member's id, or Butler's account's (as _register_creator returns it, without
    registering anyone)."""
    if _by_butler(action):
        return BUTLER_ID
    actor = action.get("idMemberCreator")
    if not actor:
        creator = action.get("memberCreator")
        if isinstance(creator, _MAPPING):
            actor = creator.get("id")
    return str(actor) if actor else None


def _map_action(
    action: Any,
    lists_by_id: Mapping[str, Any],
    labels_by_id: Mapping[str, Any] | None,
    options: Mapping[str, str] | None = None,
) -> Activity | None:
    if not isinstance(action, _MAPPING):
        raise RecordError("action is not an object")
    kind_name = action.get("type")
    data = action.get("data") or {}
    if not isinstance(data, _MAPPING):
        raise RecordError(f"action {action.get('id')} has no data")
    card = data.get("card")
    if not isinstance(card, _MAPPING) or kind_name == "deleteCard":
        return None  # board/list/member-level action, or a card that no longer exists
    card_id = card.get("id")
    if not card_id:
        raise RecordError(f"{kind_name} action {action.get('id')} names no card id")
    timestamp = parse_iso(action.get("date"))
    if timestamp is None:
        raise RecordError(f"{kind_name} action {action.get('id')} has no valid date")

    def make(
        kind: ActivityKind,
        field: str | None = None,
        old: str | None = None,
        new: str | None = None,
        text: str | None = None,
    ) -> Activity:
        return Activity(
            card_id if type(card_id) is str else str(card_id),
            _actor(action),
            kind,
            timestamp,
            field,
            old,
            new,
            text,
            _action_id(action.get("id")),
        )

    if kind_name in CREATE_TYPES:
        column = _list_name(data, "list", lists_by_id, card.get("idList"))
        return make(ActivityKind.CREATED, field="list" if column else None, new=column)
    if kind_name in COMMENT_TYPES:
        return make(ActivityKind.COMMENTED, text=_text(data.get("text")) or "")
    if kind_name in MEMBER_TYPES:
        member = data.get("member") if isinstance(data.get("member"), _MAPPING) else {}
        member_id = data.get("idMember") or member.get("id")
        adding = kind_name == "addMemberToCard"
        return make(
            ActivityKind.ASSIGNED,
            field="members",
            old=None if adding else _text(member_id),
            new=_text(member_id) if adding else None,
        )
    if kind_name in OTHER_CARD_TYPES:
        field_name = OTHER_CARD_TYPES[kind_name]
        check_item = data.get("checkItem") if isinstance(data.get("checkItem"), _MAPPING) else {}
        checklist = data.get("checklist") if isinstance(data.get("checklist"), _MAPPING) else {}
        attachment = data.get("attachment") if isinstance(data.get("attachment"), _MAPPING) else {}
        label = data.get("label") if isinstance(data.get("label"), _MAPPING) else {}
        subject = (
            check_item.get("name")
            or attachment.get("name")
            or label.get("name")
            or checklist.get("name")
        )
        if kind_name == "updateCheckItemStateOnCard":
            state = check_item.get("state")
            old_state = {"complete": "incomplete", "incomplete": "complete"}.get(state or "")
            return make(
                ActivityKind.FIELD_CHANGED, field=field_name, old=old_state, new=state, text=subject
            )
        removing = kind_name.startswith(("delete", "remove"))
        return make(
            ActivityKind.FIELD_CHANGED,
            field=field_name,
            old=_text(subject) if removing else None,
            new=None if removing else _text(subject),
            text=kind_name,
        )
    if kind_name == CUSTOM_FIELD_TYPE:
        name = custom_field_name(data.get("customField"))
        item = (
            data.get("customFieldItem") if isinstance(data.get("customFieldItem"), _MAPPING) else {}
        )
        before = data.get("old") if isinstance(data.get("old"), _MAPPING) else {}
        return make(
            custom_field_kind(name),
            field=name,
            old=_custom_value(before.get("value"), before.get("idValue"), options),
            new=_custom_value(item.get("value"), item.get("idValue"), options),
        )
    if kind_name != "updateCard":
        return None

    old = data.get("old") if isinstance(data.get("old"), _MAPPING) else {}
    if "idList" in old or ("listBefore" in data and "listAfter" in data):
        before = _list_name(data, "listBefore", lists_by_id, old.get("idList"))
        after = _list_name(data, "listAfter", lists_by_id, card.get("idList"))
        kind = (
            ActivityKind.ACCEPTED
            if _looks_done(after) and not _looks_done(before)
            else (ActivityKind.MOVED)
        )
        return make(kind, field="list", old=before, new=after)
    if "pos" in old:
        return make(
            ActivityKind.PRIORITISED,
            field="position",
            old=_text(old.get("pos")),
            new=_text(card.get("pos")),
        )
    if "idMembers" in old:
        return make(
            ActivityKind.ASSIGNED,
            field="members",
            old=_text(old.get("idMembers")),
            new=_text(card.get("idMembers")),
        )
    changed = [key for key in old if key not in _IGNORED_CARD_FIELDS]
    if not changed:
        return None
    key = "closed" if "closed" in changed else changed[0]
    old_value, new_value = old.get(key), card.get(key)
    if key == "idLabels" and labels_by_id is not None:
        old_value = [_name_of(labels_by_id, i) or i for i in old_value or []]
        new_value = [_name_of(labels_by_id, i) or i for i in new_value or []]
    return make(
        ActivityKind.FIELD_CHANGED,
        field=_FIELD_NAMES.get(key, key),
        old=_text(old_value),
        new=_text(new_value),
    )


def map_card(
    card: dict,
    *,
    lists_by_id: Mapping[str, Any],
    labels_by_id: Mapping[str, Any] | None = None,
    checklists_by_card: Mapping[str, list[dict]] | None = None,
    creator_by_card: Mapping[str, tuple[str | None, datetime]] | None = None,
    accepted_at: Mapping[str, datetime] | None = None,
    people: dict[str, Person] | None = None,
    custom_fields: Mapping[str, CustomFieldDef] | None = None,
) -> Item:
    """One Trello card → Item. Raises RecordError when the card has no id.

    ``creator_by_card`` (card id → (member id, date) of its createCard action) gives the
    reporter and creation date; without it the date is decoded from the card id.
    ``accepted_at`` (card id → last move into a done list) gives ``resolved``.
    ``custom_fields`` (the board's definitions, :func:`custom_field_defs`) names the values of
    the card's ``customFieldItems``.
    """
    item, later = _start_card(card)
    _finish_card(
        item,
        later,
        lists_by_id,
        labels_by_id,
        checklists_by_card,
        creator_by_card.get(item.id) if creator_by_card else None,
        accepted_at.get(item.id) if accepted_at else None,
        people,
        custom_fields,
    )
    return item


# What finishing a card needs from the rest of the board: (list id, label ids when the card
# carries no label objects, own checklists?, customFieldItems).
_Later = tuple[Any, Any, bool, Any]


def _checklist_names(checklists: Any) -> list[str]:
    names: list[str] = []
    for checklist in checklists or []:
        if not isinstance(checklist, _MAPPING):
            continue
        items = sorted(
            (i for i in checklist.get("checkItems") or [] if isinstance(i, _MAPPING)),
            key=lambda i: i.get("pos") if isinstance(i.get("pos"), int | float) else 0,
        )
        names.extend(
            name for i in items if i.get("name") and not placeholder(name := str(i["name"]))
        )
    return names


def _start_card(card: Any) -> tuple[Item, _Later]:
    """The part of a card's Item that needs nothing else from the board, and what the rest needs."""
    if not isinstance(card, _MAPPING):
        raise RecordError("card is not an object")
    if not _CARD_FITS(card):
        raise RecordError(f"card {_id_of(card)}: {problem(card, CARD_SHAPE)}")
    card_id = card.get("id")
    if not card_id or not isinstance(card_id, str):
        raise RecordError(f"card {one_line(card.get('name') or '?', 60)!r} has no id")
    labels: list[str] = []
    label_ids = None
    card_labels = card.get("labels")
    if isinstance(card_labels, list) and card_labels:
        for label in card_labels:
            if isinstance(label, _MAPPING):
                name = label.get("name") or label.get("color")
                if name:
                    labels.append(str(name))
    else:
        label_ids = card.get("idLabels") or None
    checklists = card.get("checklists")
    own_checklists = isinstance(checklists, list)
    members = [str(m) for m in card.get("idMembers") or [] if m]
    pos = card.get("pos")
    item = Item(
        source=SOURCE,
        id=card_id,
        key=card.get("shortLink") or None,
        title=str(card.get("name") or "").strip(),
        description=markdown_to_text(str(card.get("desc") or "")),
        labels=labels,
        updated=parse_iso(card.get("dateLastActivity")),
        assignee=members[0] if members else None,
        url=card.get("url") or card.get("shortUrl") or None,
        closed=bool(card.get("closed")),
        checklist_items=_checklist_names(checklists) if own_checklists else [],
        members=members,
        due=parse_iso(card.get("due")),
        rank=None if pos is None else _text(pos),
    )
    return item, (card.get("idList"), label_ids, own_checklists, card.get("customFieldItems"))


def _finish_card(
    item: Item,
    later: _Later,
    lists_by_id: Mapping[str, Any],
    labels_by_id: Mapping[str, Any] | None,
    checklists_by_card: Mapping[str, list[dict]] | None,
    first: tuple[str | None, datetime] | None,
    accepted: datetime | None,
    people: dict[str, Person] | None,
    custom_fields: Mapping[str, CustomFieldDef] | None,
) -> None:
    """Fill in what depends on the board's lists, labels, checklists, actions and fields;
    ``first``: (member id, date) of the card's first createCard action, ``accepted``: the date of
    its last move into a done list."""
    list_id, label_ids, own_checklists, custom_items = later
    card_id = item.id
    trello_list = lists_by_id.get(list_id) if list_id else None
    column = _name_of(lists_by_id, list_id)
    if isinstance(trello_list, _MAPPING) and trello_list.get("closed"):
        item.closed = True
    if label_ids is not None:
        labels_by_id = labels_by_id or {}
        for label_id in label_ids:
            name = _name_of(labels_by_id, label_id)
            if name:
                item.labels.append(name)
    if not own_checklists and checklists_by_card is not None:
        names = _checklist_names(checklists_by_card.get(card_id))
        if names or item.checklist_items:  # (an empty one stays as it is: maybe shared)
            item.checklist_items = names
    if people is not None:
        for member_id in item.members:
            add_person(people, member_id)
    creator, created = (None, None) if first is None else first
    item.created = created or datetime_from_object_id(card_id)
    done = _looks_done(column)
    item.status = column
    item.column = column
    item.status_category = "done" if done else None
    item.resolved = accepted if done else None
    item.reporter = creator
    if custom_items:
        item.custom_fields = custom_field_values(
            {"customFieldItems": custom_items}, custom_fields or {}
        )


#: Members only a Trello board export carries (it always does, empty boards too).
_EXPORT_MEMBERS = ("actions", "idOrganization", "prefs", "labelNames", "shortLink", "shortUrl")


def is_board_json(data: Any) -> bool:
    """Does this parsed JSON look like a Trello board export (rather than some other JSON)?

    Lists or cards as lists, and something that makes it an export: a member only Trello's
    export has, the board's own ``id`` and ``name``, or cards to read (the first one named, as
    every Trello card is). JSON that merely holds lists (a hand-made roadmap ``{"board": …,
    "lists": [{"name": …, "cards": […]}]}``) is not one: read as a board it would give an empty
    report instead of an error; nor is a tool's ``{"updatedAt": …, "cards": [{"key": …,
    "title": …}]}`` (session 30: read as a Trello board of 131 untitled cards).
    """
    if not (
        isinstance(data, dict)
        and isinstance(data.get("cards", []), list)
        and isinstance(data.get("lists", []), list)
        and ("cards" in data or "lists" in data)
    ):
        return False
    return marked_as_export(data) or (
        isinstance(data.get("id"), str) and isinstance(data.get("name"), str)
    )


def marked_as_export(data: dict) -> bool:
    """Does a document :func:`is_board_json` takes hold what only a board export holds (a
    member only Trello's export has, or named cards), not just an id and a name beside lists?
    (A tool's card with its checklists as ``lists`` has those: session 30.)"""
    return any(member in data for member in _EXPORT_MEMBERS) or _named_card(data.get("cards"))


def _named_card(cards: list) -> bool:
    """Is the first of ``cards`` a card with a name (a dict, or the lean reader's typed card)?"""
    first = cards[0] if cards else None
    name = first.get("name") if isinstance(first, dict) else getattr(first, "name", None)
    return name is not None


def map_board_json(
    data: dict,
    *,
    origin: str | None = None,
    on_progress: Progress | None = None,
    activity_details: bool = True,
) -> Board:
    """A whole Trello board JSON → Board. Bad cards/actions are skipped into ``Board.skipped``.

    ``activity_details=False`` leaves out what the analysis never reads (see :class:`BoardBuilder`).
    """
    if not isinstance(data, _MAPPING):
        raise RecordError("the board JSON is not an object")
    builder = BoardBuilder(
        origin=origin, on_progress=on_progress, activity_details=activity_details
    )
    for key, value in data.items():  # the board's lists, labels, ... before its actions and cards
        if key not in _STREAMED:
            builder.add(key, value)
    for key in _STREAMED:
        if key in data:
            builder.add(key, data[key])
    return builder.board()


_STREAMED = ("actions", "cards")


class _Probe(dict):
    """An empty lookup table that notes whether it was consulted."""

    used = False

    def get(self, key: Any, default: Any = None) -> Any:
        self.used = True
        return default


class BoardBuilder:
    """A Trello board JSON fed one top-level member (or one action, one card) at a time → Board.

    The same Board as :func:`map_board_json` of the whole document, in whatever order its members
    come (exports put ``actions`` and ``cards`` before ``lists`` and ``members``): cards are
    finished, and the people the actions name registered, once everything is in; an action whose
    mapping consulted the lists or labels before they arrived is mapped again at the end.
    Equal strings (card ids, member ids, list names) are shared between items and activities.

    ``activity_details=False`` drops each activity's ``old``/``new`` values, comment ``text``
    and source ``id``
    (kilobytes for description edits) — the analysis reads only item, actor, kind and time.

        builder = BoardBuilder(origin="board.json")
        builder.add("name", "Roadmap")
        builder.start("cards"); builder.card({...})
        board = builder.board()
    """

    def __init__(
        self,
        *,
        origin: str | None = None,
        on_progress: Progress | None = None,
        activity_details: bool = True,
        shared_empty: bool = False,
    ) -> None:
        self.origin = origin
        self.on_progress = on_progress
        self.activity_details = activity_details
        # a scan's own board: empty and equal lists shared among its items (mapping.shared)
        self._shared = SharedCollections() if shared_empty and not activity_details else None
        self._meta: dict[str, Any] = {}
        self._lists: Mapping[str, Any] | None = None
        self._labels: Mapping[str, Any] | None = None
        # list custom fields' option texts by id (customFields, which come after the actions
        # in an export: an action that named an option before is mapped again at the end)
        self._options: Mapping[str, str] | None = None
        self._probe = _Probe()
        self._strings: dict[str, str] = {}
        self._record_skips: dict[str, list[str]] = {}  # lists, labels, ... that were skipped
        # lean reads: card id -> item code of the activity rows, for the actions (whichever
        # section comes first) and the cards alike, so a card finds its rows by its code
        self._item_codes: dict[str, int] = {}
        self.start("actions")
        self.start("cards")
        # the cards' own actions (a list, or the typed reader's raw JSON, per card), read when
        # the board holds none of its own (_nested_actions)
        self._nested: list[Any] = []

    # --- feeding -------------------------------------------------------------------------------

    def start(self, key: str) -> None:
        """(Re)start the ``actions`` or ``cards`` section (a repeated key: the last one counts)."""
        if key == "actions":
            self._actions: list[Activity | None] = []
            self._count = 0  # actions fed (lean reads keep rows, not a list of Activity)
            self._rows = None
            if not self.activity_details:
                from connectors.mapping.trello_typed import ActionRows

                self._rows = ActionRows()
                self._rows.items = self._item_codes
            self._action_skips: list[str] = []
            self._redo: list[tuple[int, Any]] = []
            self._calls: dict[tuple[Any, Any, Any], None] = {}
        elif key == "cards":
            # a card's Item (or the line saying why it was skipped) and, beside it, what
            # finishing it needs (two lists: no pair per card; equal ones shared, _later)
            self._cards: list[Item | str | None] = []  # (None: a template, left out)
            self._laters: list[_Later | None] = []
            self._later_seen: dict[_Later, _Later] = {}
            self._card_codes = array("i")  # lean reads: each card's item code (-1: skipped)
            self._templates: list[str] = []  # the ids of the card templates left out

    def add(self, key: str, value: Any) -> None:
        """One top-level member of the board JSON (``actions``/``cards`` too, as a whole list).

        Raises RecordError when a field of the board itself has the wrong type (``"lists": 5``);
        a list, label, member, checklist or custom field with a wrong-typed field is skipped and
        counted in ``Board.skipped``.
        """
        wrong = board_field_problem(key, value)
        if wrong is not None:
            raise RecordError(wrong)
        if key in _STREAMED:
            self.start(key)
            feed = self.action if key == "actions" else self.card
            for element in value or []:
                feed(element)
            return
        if key in BOARD_RECORD_SHAPES and value:
            what, shape = BOARD_RECORD_SHAPES[key]
            kept = []
            skips = self._record_skips[key] = []
            for index, record in enumerate(value, start=1):
                found = problem(record, shape) if record is not None else None
                if found is None:
                    kept.append(record)
                else:
                    skips.append(f"{what} #{index}: {found}")
            value = kept
        self._meta[key] = value
        if key == "customFields":
            self._options = custom_field_options(value)
        if key == "lists":
            self._lists = _by_id(value)
        elif key == "labels":
            self._labels = _by_id(value)

    def action(self, action: Any) -> None:
        """The next element of ``actions``."""
        if self._rows is not None:
            self._count += 1
            self._lean_action(action, self._count)
            return
        index = len(self._actions) + 1
        probe = self._probe
        probe.used = False
        lists = self._lists if self._lists is not None else probe
        labels = self._labels if self._labels is not None else probe
        options = self._options if self._options is not None else probe
        try:
            activity = _map_action(action, lists, labels, options)
            if activity is not None:
                self._note_people(action)
        except RecordError as error:
            self._action_skips.append(f"action #{index}: {error}")
            self._actions.append(None)
            return
        except UNEXPECTED_SHAPE as error:  # a wrong-typed field: the record, with the reason
            self._action_skips.append(f"action #{index}: {_action_problem(action, error)}")
            self._actions.append(None)
            return
        if activity is None:
            self._actions.append(None)
            return
        if probe.used:  # mapped without the lists/labels it needed: again at the end
            self._redo.append((len(self._actions), action))
            self._actions.append(None)
        else:
            self._actions.append(self._compact(activity))

    @property
    def actions_fed(self) -> int:
        """How many elements of ``actions`` were fed (read or skipped)."""
        return self._count if self._rows is not None else len(self._actions)

    def actions(self, batch: list) -> None:
        """The next elements of ``actions``, as :func:`~.trello_typed.decode_actions` gives them
        (typed actions become activity rows directly; any other element goes through
        :meth:`action`'s mapper)."""
        if self._rows is None:
            raise ValueError("typed actions are for builders without activity details")
        first = self._count + 1
        self._count += len(batch)
        self._rows.typed(
            batch, first, self._lean_action, self._action_skips, self._calls, self._strings
        )

    def _lean_action(self, action: Any, number: int) -> None:
        """One action through the dict-based mapper into the rows (lean reads)."""
        probe = self._probe
        probe.used = False
        lists = self._lists if self._lists is not None else probe
        labels = self._labels if self._labels is not None else probe
        try:
            activity = _map_action(action, lists, labels)
            if activity is not None:
                self._note_people(action)
        except RecordError as error:
            self._action_skips.append(f"action #{number}: {error}")
            return
        except UNEXPECTED_SHAPE as error:
            self._action_skips.append(f"action #{number}: {_action_problem(action, error)}")
            return
        if activity is not None:
            self._rows.activity(activity, action if probe.used else None, number)  # type: ignore[union-attr]

    def _remap(self, action: Any, number: int) -> Activity | None:
        """An action mapped again at the end (its lists or labels came after it)."""
        try:
            return _map_action(action, self._lists or {}, self._labels or {})
        except RecordError as error:
            self._action_skips.append(f"action #{number}: {error}")
        except UNEXPECTED_SHAPE as error:
            self._action_skips.append(f"action #{number}: {_action_problem(action, error)}")
        return None

    def card(self, card: Any) -> None:
        """The next element of ``cards``."""
        try:
            item, later = _start_card(card)
        except RecordError as error:
            self._skip_card(str(error))
            return
        except UNEXPECTED_SHAPE as error:
            self._skip_card(unreadable(error))
            return
        nested = card.get("actions")
        if type(nested) is list and nested:  # (_start_card read the card: a dict)
            self._nested.append(nested)
        if is_template(card):  # a pattern for new cards, not work (its actions go with it)
            self._template(item.id)
            return
        item.id = self._strings.setdefault(item.id, item.id)
        if self._shared is not None:  # a scan's own board: no report reads a card's rank
            item.rank = None
        self._cards.append(item)
        self._laters.append(self._later(later))
        if not self.activity_details:
            self._card_codes.append(self._code_of_card(item.id))

    def _code_of_card(self, card_id: str) -> int:
        codes = self._item_codes
        code = codes.get(card_id)
        if code is None:
            code = codes[card_id] = len(codes)
        return code

    def _template(self, card_id: str) -> None:
        """A card template left out: its id kept, its place among the cards too (a later
        card's "card #N" is its place in the export)."""
        self._templates.append(card_id)
        self._cards.append(None)
        self._laters.append(None)
        if not self.activity_details:
            self._card_codes.append(-1)

    def _skip_card(self, why: str) -> None:
        self._cards.append(f"card #{len(self._cards) + 1}: {why}")
        self._laters.append(None)
        if not self.activity_details:
            self._card_codes.append(-1)

    def _later(self, later: _Later) -> _Later:
        """``later`` or an equal one already kept (most cards differ only by their list)."""
        list_id, label_ids, _, custom = later
        if label_ids is None and custom is None and (list_id is None or type(list_id) is str):
            return self._later_seen.setdefault(later, later)
        return later

    def cards(self, batch: list) -> None:
        """The next elements of ``cards``, as :func:`~.trello_typed.decode_cards` gives them
        (a typed card is read by :func:`~.trello_typed.start_card`; any other element by
        :meth:`card`)."""
        from connectors.mapping.trello_typed import Card, start_card

        entries, laters = self._cards, self._laters
        card_codes, codes = self._card_codes, self._item_codes
        strings = self._strings
        shared = self._shared
        for card in batch:
            if type(card) is not Card:
                self.card(card)
                continue
            try:
                item, later = start_card(card, strings, shared)
            except RecordError as error:
                self._skip_card(str(error))
                continue
            if card.actions is not None:
                self._nested.append(card.actions)
            if card.isTemplate is True:  # (as is_template reads a card's dict)
                self._template(item.id)
                continue
            item.id = card_id = strings.setdefault(item.id, item.id)
            entries.append(item)
            laters.append(self._later(later))
            code = codes.get(card_id)
            if code is None:
                code = codes[card_id] = len(codes)
            card_codes.append(code)

    def _note_people(self, action: Mapping[str, Any]) -> None:
        """The add_person calls map_action would make for this action, kept in first-seen order."""
        calls = self._calls
        if action.get("type") in MEMBER_TYPES:
            data = action.get("data") or {}
            member = data.get("member") if isinstance(data.get("member"), _MAPPING) else {}
            member_id = data.get("idMember") or member.get("id")
            if member_id:
                calls.setdefault((member_id, member.get("name"), None))
        if _by_butler(action):
            calls.setdefault(BUTLER)
            return
        actor = action.get("idMemberCreator")
        creator = action.get("memberCreator")
        if isinstance(creator, _MAPPING):
            actor = actor or creator.get("id")
            if actor:
                calls.setdefault((actor, creator.get("fullName"), creator.get("username")))
        elif actor:
            calls.setdefault((actor, None, None))

    def _compact(self, activity: Activity) -> Activity:
        """Share the activity's repeated strings; drop its details when not wanted."""
        strings = self._strings
        activity.item_id = strings.setdefault(activity.item_id, activity.item_id)
        actor = activity.actor_id
        if actor is not None:
            activity.actor_id = strings.setdefault(actor, actor)
        if not self.activity_details:
            activity.old = activity.new = activity.text = activity.id = None
        elif activity.field == "list":  # list names repeat on every move
            if activity.old is not None:
                activity.old = strings.setdefault(activity.old, activity.old)
            if activity.new is not None:
                activity.new = strings.setdefault(activity.new, activity.new)
        return activity

    # --- the board -----------------------------------------------------------------------------

    def _nested_actions(self) -> None:
        """The cards' own actions fed as the board's, when it holds none of its own: the API's
        ``/1/boards/{id}/cards?actions=all`` nests each card's actions in it, and a script
        saving those cards with the board's lists writes no ``actions`` of the board (session
        36: a real board's 778 actions, in its 57 cards, read as no activity at all). A board
        export's cards hold none (its actions are the board's), so nothing is read twice."""
        nested, self._nested = self._nested, []
        if not nested or self.actions_fed:
            return
        from connectors.mapping.trello_typed import decode_nested_actions

        for actions in nested:
            if type(actions) is not list:  # the typed reader's raw JSON
                actions = decode_nested_actions(actions)
                if actions is None:  # not a list of actions: nothing of the card's read
                    continue
            if self._rows is not None:
                self.actions(actions)
            else:
                for action in actions:
                    self.action(action)

    def board(self) -> Board:
        """The Board of everything fed so far."""
        self._nested_actions()
        meta = self._meta
        board = Board(
            id=str(meta.get("id") or meta.get("shortLink") or ""),
            name=str(meta.get("name") or "Trello board"),
            source=SOURCE,
            origin=self.origin,
        )
        if is_template_board(meta.get("prefs")):
            board.template_boards = [board.name]
        people = board.people

        def objects(key: str) -> list[Mapping[str, Any]]:
            values = meta.get(key)
            if not isinstance(values, list):
                return []
            return [v for v in values if isinstance(v, _MAPPING)]

        for member in objects("members"):
            if member.get("id"):
                add_person(
                    people, member["id"], member.get("fullName"), username=member.get("username")
                )
        lists_by_id = self._lists if self._lists is not None else {}
        labels_by_id = self._labels if self._labels is not None else {}
        custom_fields = custom_field_defs(meta.get("customFields"))
        checklists_by_card: dict[str, list[dict]] = {}
        for checklist in objects("checklists"):
            if checklist.get("idCard"):
                checklists_by_card.setdefault(checklist["idCard"], []).append(checklist)  # type: ignore[arg-type]

        rows = self._rows
        lean = rows is not None
        if rows is not None:
            from connectors.mapping.trello_typed import finish_rows, first_and_last_rows

            # (a big read's freed decoding buffers back to the system before the columns'
            # arrays take fresh pages: they never reuse the heap's holes)
            release_free_memory()
            columns = finish_rows(rows, lists_by_id, self._remap)
            self._rows = rows = None  # (with the rows' own copies of the card ids)
            strings = self._strings  # the items' ids, one string each for items and activities
            columns.item_ids = [strings.get(i, i) for i in columns.item_ids]
            # (the read is over: its two dicts of every card id go before the cards' finishing)
            self._strings, self._item_codes = {}, {}
            del strings
        for position, action in self._redo:
            try:
                activity = _map_action(action, lists_by_id, labels_by_id, self._options)
            except RecordError as error:
                activity = None
                self._action_skips.append(f"action #{position + 1}: {error}")
            except UNEXPECTED_SHAPE as error:
                activity = None
                self._action_skips.append(
                    f"action #{position + 1}: {_action_problem(action, error)}"
                )
            self._actions[position] = None if activity is None else self._compact(activity)
        self._redo = []
        for person_id, name, username in self._calls:
            # (the actions are checked only when mapping one fails: a million of them are read
            # per big export; the few distinct people they name are checked here)
            if type(person_id) is not str:
                continue
            for field_name, value in (("fullName", name), ("username", username)):
                if value is not None and type(value) is not str:
                    board.skipped.append(
                        f"member {one_line(person_id, 40)}: field '{field_name}' is "
                        f"{kind_of(value)}, expected text (left out)"
                    )
            add_actor(
                people,
                person_id,
                name if type(name) is str else None,
                username if type(username) is str else None,
            )
        for skips in self._record_skips.values():
            board.skipped.extend(skips)
        board.skipped.extend(self._action_skips)
        activities = [a for a in self._actions if a is not None]
        self._actions = []
        activities.sort(key=_BY_TIME)

        creator_by_card: dict[str, tuple[str | None, datetime]] = {}
        accepted_at: dict[str, datetime] = {}
        if lean:  # by the card's item code: its first created row and last accepted row
            first_rows, last_rows = first_and_last_rows(columns)
            card_codes = self._card_codes
            actor_ids, actor_of, timestamp = columns.actor_ids, columns.actor, columns.timestamp
        for activity in activities:
            if activity.kind is ActivityKind.CREATED and activity.item_id not in creator_by_card:
                creator_by_card[activity.item_id] = (activity.actor_id, activity.timestamp)
            elif activity.kind is ActivityKind.ACCEPTED:
                accepted_at[activity.item_id] = activity.timestamp

        total = len(self._cards)
        shared = self._shared
        card_ids: set[str] = set()
        # lean reads: the item codes of the cards kept (their ids are one code each: no set)
        kept = np.zeros(len(columns.item_ids), bool) if lean else None
        on_progress = self.on_progress
        for index, (item, later) in enumerate(zip(self._cards, self._laters, strict=True), start=1):
            if isinstance(item, str):
                board.skipped.append(item)
            elif item is not None:  # (None: a template)
                if lean:
                    code = card_codes[index - 1]
                    first = accepted = None
                    row = int(first_rows[code])
                    if row >= 0:
                        actor = int(actor_of[row])
                        first = (actor_ids[actor] if actor >= 0 else None, timestamp(row))
                    row = int(last_rows[code])
                    if row >= 0:
                        accepted = timestamp(row)
                else:
                    first = creator_by_card.get(item.id)
                    accepted = accepted_at.get(item.id)
                try:
                    _finish_card(
                        item,
                        later,
                        lists_by_id,
                        labels_by_id,
                        checklists_by_card,
                        first,
                        accepted,
                        people,
                        custom_fields,
                    )
                except UNEXPECTED_SHAPE as error:  # a shape the checks did not foresee
                    board.skipped.append(f"card #{index}: {unreadable(error)}")
                    continue
                if shared is not None:  # (a card the dict-based reader read, labels named)
                    shared.item(item)
                if kept is not None and kept[code] or kept is None and item.id in card_ids:
                    board.skipped.append(f"card #{index}: duplicate card id {item.id}")
                else:
                    if kept is not None:
                        kept[code] = True
                    else:
                        card_ids.add(item.id)
                    board.items.append(item)
            if on_progress is not None and (index % 500 == 0 or index == total):
                on_progress("read", index, total, "")
        self._cards, self._laters, self._later_seen = [], [], {}
        self._card_codes = array("i")
        board.templates, self._templates = list(dict.fromkeys(self._templates)), []

        # Actions on cards that were deleted (or not exported) have no item to belong to.
        if lean:
            release_free_memory()  # (the cards' finishing leftovers, before the renumbering)
            rows_on_board = kept[columns.item]  # type: ignore[index]
            if rows_on_board.all():  # (as take of every row: no copy)
                columns.renumber(in_place=True)  # (the columns finish_rows made: ours)
                table = columns
            else:
                table = columns.take(np.flatnonzero(rows_on_board))
            del columns, rows_on_board
            board.activities = ActivityList(table)
            for actor_id in table.actor_ids:  # in order of first appearance, as below
                if actor_id not in people:
                    add_actor(people, actor_id)
        else:
            board.activities = [a for a in activities if a.item_id in card_ids]
        del activities
        # (add_person does nothing for an id already known with no new details: skip those calls)
        for activity in board.activities if not lean else ():
            if activity.actor_id and activity.actor_id not in people:
                add_actor(people, activity.actor_id)
        for item in board.items:
            for person_id in (item.assignee, item.reporter, *item.members):
                if person_id not in people:
                    add_actor(people, person_id)
        return board


def _by_id(values: Any) -> dict[str, Any]:
    """A board's ``lists`` or ``labels`` by id."""
    if not isinstance(values, list):
        return {}
    return {v["id"]: v for v in values if isinstance(v, _MAPPING) and v.get("id")}
