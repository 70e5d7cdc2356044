"""Trello board JSON (export or REST ``/boards/{id}?actions=all&cards=all...``) → domain objects.

Pure mapping, no file or network I/O: the offline export reader and the live Trello connector
both feed it the same dict shapes. Unknown fields are ignored; a card or action that cannot be
read is skipped and described in ``Board.skipped``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from operator import attrgetter
from typing import Any

from connectors.interface import Activity, ActivityKind, Board, Item, Person
from connectors.mapping_common import (
    RecordError,
    add_person,
    datetime_from_object_id,
    looks_done,
    markdown_to_text,
    one_line,
    parse_iso,
)

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
#: updateCard changes that carry no product meaning (cover images, reminders).
_IGNORED_CARD_FIELDS = frozenset(
    {"idAttachmentCover", "cover", "manualCoverAttachment", "dueReminder"}
)
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
        return named["name"]
    return _name_of(lists_by_id, fallback_id) or (str(fallback_id) if fallback_id else None)


@dataclass(frozen=True, slots=True)
class CustomFieldDef:
    """A board's custom field: its name, type (text, number, date, checkbox, list) and, for a
    list field, the text of each option by option id."""

    name: str
    type: str
    options: Mapping[str, str] = field(default_factory=dict)


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


def _register_creator(action: Mapping[str, Any], people: dict[str, Person] | None) -> str | None:
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
) -> Activity | None:
    """One Trello action → an Activity on a card, or None for board-level / cosmetic actions.

    Raises RecordError when a card action lacks what every activity needs (card id, date).
    ``people``, when given, receives the acting member.
    """
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

    def make(kind: ActivityKind, **extra: Any) -> Activity:
        actor = _register_creator(action, people)
        return Activity(
            item_id=str(card_id),
            actor_id=actor,
            kind=kind,
            timestamp=timestamp,
            id=action.get("id"),
            **extra,
        )

    if kind_name in CREATE_TYPES:
        column = _list_name(data, "list", lists_by_id, card.get("idList"))
        return make(ActivityKind.CREATED, field="list" if column else None, new=column)
    if kind_name in COMMENT_TYPES:
        return make(ActivityKind.COMMENTED, text=_text(data.get("text")) or "")
    if kind_name in MEMBER_TYPES:
        member = data.get("member") if isinstance(data.get("member"), _MAPPING) else {}
        member_id = data.get("idMember") or member.get("id")
        if people is not None and member_id:
            add_person(people, member_id, member.get("name"))
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
    if not isinstance(card, _MAPPING):
        raise RecordError("card is not an object")
    card_id = card.get("id")
    if not card_id or not isinstance(card_id, str):
        raise RecordError(f"card {one_line(card.get('name') or '?', 60)!r} has no id")
    labels_by_id = labels_by_id or {}
    list_id = card.get("idList")
    trello_list = lists_by_id.get(list_id) if list_id else None
    column = _name_of(lists_by_id, list_id)
    list_closed = bool(trello_list.get("closed")) if isinstance(trello_list, _MAPPING) else False

    labels: list[str] = []
    card_labels = card.get("labels")
    if isinstance(card_labels, list) and card_labels:
        for label in card_labels:
            if isinstance(label, _MAPPING):
                name = label.get("name") or label.get("color")
                if name:
                    labels.append(str(name))
    else:
        for label_id in card.get("idLabels") or []:
            name = _name_of(labels_by_id, label_id)
            if name:
                labels.append(name)

    checklist_items: list[str] = []
    checklists = card.get("checklists")
    if not isinstance(checklists, list) and checklists_by_card is not None:
        checklists = checklists_by_card.get(card_id)
    for checklist in checklists or []:
        if not isinstance(checklist, _MAPPING):
            continue
        items = sorted(
            (i for i in checklist.get("checkItems") or [] if isinstance(i, _MAPPING)),
            key=lambda i: i.get("pos") if isinstance(i.get("pos"), int | float) else 0,
        )
        checklist_items.extend(str(i["name"]) for i in items if i.get("name"))

    members = [str(m) for m in card.get("idMembers") or [] if m]
    if people is not None:
        for member_id in members:
            add_person(people, member_id)

    creator, created = (None, None)
    if creator_by_card and card_id in creator_by_card:
        creator, created = creator_by_card[card_id]
    created = created or datetime_from_object_id(card_id)
    done = _looks_done(column)
    pos = card.get("pos")
    return Item(
        source=SOURCE,
        id=card_id,
        key=card.get("shortLink") or None,
        title=str(card.get("name") or "").strip(),
        description=markdown_to_text(str(card.get("desc") or "")),
        status=column,
        status_category="done" if done else None,
        labels=labels,
        created=created,
        updated=parse_iso(card.get("dateLastActivity")),
        resolved=(accepted_at or {}).get(card_id) if done else None,
        column=column,
        assignee=members[0] if members else None,
        reporter=creator,
        url=card.get("url") or card.get("shortUrl") or None,
        closed=bool(card.get("closed")) or list_closed,
        checklist_items=checklist_items,
        members=members,
        due=parse_iso(card.get("due")),
        rank=None if pos is None else _text(pos),
        custom_fields=custom_field_values(card, custom_fields or {}),
    )


def is_board_json(data: Any) -> bool:
    """Does this parsed JSON look like a Trello board (rather than some other JSON)?"""
    return (
        isinstance(data, dict)
        and isinstance(data.get("cards", []), list)
        and isinstance(data.get("lists", []), list)
        and ("cards" in data or "lists" in data)
        and ("actions" in data or "idOrganization" in data or "prefs" in data or "lists" in data)
    )


def map_board_json(
    data: dict,
    *,
    origin: str | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> Board:
    """A whole Trello board JSON → Board. Bad cards/actions are skipped into ``Board.skipped``."""
    if not isinstance(data, _MAPPING):
        raise RecordError("the board JSON is not an object")
    board = Board(
        id=str(data.get("id") or data.get("shortLink") or ""),
        name=str(data.get("name") or "Trello board"),
        source=SOURCE,
        origin=origin,
    )
    people = board.people

    def objects(key: str) -> list[Mapping[str, Any]]:
        values = data.get(key)
        return [v for v in values if isinstance(v, _MAPPING)] if isinstance(values, list) else []

    for member in objects("members"):
        if member.get("id"):
            add_person(
                people, member["id"], member.get("fullName"), username=member.get("username")
            )
    lists_by_id = {lst["id"]: lst for lst in objects("lists") if lst.get("id")}
    labels_by_id = {lbl["id"]: lbl for lbl in objects("labels") if lbl.get("id")}
    custom_fields = custom_field_defs(data.get("customFields"))
    checklists_by_card: dict[str, list[dict]] = {}
    for checklist in objects("checklists"):
        if checklist.get("idCard"):
            checklists_by_card.setdefault(checklist["idCard"], []).append(checklist)  # type: ignore[arg-type]

    activities: list[Activity] = []
    for index, action in enumerate(data.get("actions") or []):
        try:
            activity = map_action(action, lists_by_id, labels_by_id=labels_by_id, people=people)
        except RecordError as error:
            board.skipped.append(f"action #{index + 1}: {error}")
            continue
        if activity is not None:
            activities.append(activity)
    activities.sort(key=_BY_TIME)

    creator_by_card: dict[str, tuple[str | None, datetime]] = {}
    accepted_at: dict[str, datetime] = {}
    for activity in activities:
        if activity.kind is ActivityKind.CREATED and activity.item_id not in creator_by_card:
            creator_by_card[activity.item_id] = (activity.actor_id, activity.timestamp)
        elif activity.kind is ActivityKind.ACCEPTED:
            accepted_at[activity.item_id] = activity.timestamp

    raw_cards = data.get("cards") or []
    total = len(raw_cards)
    card_ids: set[str] = set()
    for index, card in enumerate(raw_cards, start=1):
        try:
            item = map_card(
                card,
                lists_by_id=lists_by_id,
                labels_by_id=labels_by_id,
                checklists_by_card=checklists_by_card,
                creator_by_card=creator_by_card,
                accepted_at=accepted_at,
                people=people,
                custom_fields=custom_fields,
            )
        except RecordError as error:
            board.skipped.append(f"card #{index}: {error}")
        else:
            if item.id in card_ids:
                board.skipped.append(f"card #{index}: duplicate card id {item.id}")
            else:
                card_ids.add(item.id)
                board.items.append(item)
        if on_progress is not None and (index % 500 == 0 or index == total):
            on_progress(index, total)

    # Actions on cards that were deleted (or not exported) have no item to belong to.
    board.activities = [a for a in activities if a.item_id in card_ids]
    # (add_person does nothing for an id already known with no new details: skip those calls)
    for activity in board.activities:
        if activity.actor_id and activity.actor_id not in people:
            add_person(people, activity.actor_id)
    for item in board.items:
        for person_id in (item.assignee, item.reporter, *item.members):
            if person_id not in people:
                add_person(people, person_id)
    return board
