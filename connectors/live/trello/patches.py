"""A changed card's item from its actions, so an incremental sync fetches only the cards whose
change the actions cannot give.

Most card actions carry what they change: ``updateCard`` the new value of each field it changed
(``data.card``) beside the old one (``data.old``: name, desc, idList, due, closed, pos, and on
older boards idLabels, idMembers); ``addMemberToCard``/``removeMemberFromCard`` the member,
``addLabelToCard``/``removeLabelFromCard`` the label, ``updateCustomFieldItem`` the field's new
item; comments, attachments and checklist ticks change nothing the item holds but its last
activity. While the actions are read, :func:`note` keeps of each such action what it changes (a
*patch*, in the cursor, so a resumed run still has it); once they are all read, :func:`apply`
plays a card's patches, oldest first, on its stored item.

A card is fetched instead (:func:`note` names it) when one of its new actions cannot be played:
a card created, copied or moved onto the board (its description, position, link are in no
action), a checklist built or renamed (item names and their order are not in the action), an
``updateCard`` changing a field the item reads that no action carries (``idBoard``,
``isTemplate``), an action of a kind not known here; or when :func:`apply` cannot place it (the
card is not stored, its list is no longer known by one name, its own archived flag is hidden by
an archived list). ``deleteCard`` and ``moveCardFromBoard`` make the card gone without a request.

What the patches cannot know, the periodic listing of every card (``REFRESH_AFTER``) puts right:
the item's ``updated`` is taken as the newest action's date (Trello's ``dateLastActivity``
moves too without an action, and not on every action); a label added is put after the card's
others (Trello's order, as real boards show it, is the order they were added in); the position
a move across lists gave the card (Trello records only the list).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from connectors.interface import Item
from connectors.mapping.common import looks_done, markdown_to_text, parse_iso
from connectors.mapping.trello import (
    COMMENT_TYPES,
    CUSTOM_FIELD_TYPE,
    CustomFieldDef,
    custom_field_values,
)

__all__ = ["GONE_TYPES", "Derived", "apply", "note"]

#: ``updateCard`` fields an item reads and ``data.card`` carries (new) beside ``data.old``.
_CARRIED = ("name", "desc", "idList", "due", "closed", "pos", "idLabels", "idMembers")
#: Card fields the item reads that no action carries: a change of one is fetched.
_NOT_CARRIED = frozenset(
    {"idBoard", "isTemplate", "shortLink", "url", "shortUrl", "labels", "checklists"}
)
#: Card actions that change nothing an item holds but its last activity.
_TOUCH = frozenset(
    {
        *COMMENT_TYPES,
        "updateComment",
        "deleteComment",
        "addAttachmentToCard",
        "deleteAttachmentFromCard",
        "updateCheckItemStateOnCard",
        "voteOnCard",
    }
)
_MEMBERS = frozenset({"addMemberToCard", "removeMemberFromCard"})
_LABELS = frozenset({"addLabelToCard", "removeLabelFromCard"})
#: Actions after which the card is no longer on the board (a card moved back comes with a
#: ``moveCardToBoard``, which is fetched).
GONE_TYPES = frozenset({"deleteCard", "moveCardFromBoard"})


def note(action: dict, patches: dict[str, list], fetch: set[str]) -> None:
    """Keep what a new card action changes (``patches``: card id -> patches), or name its card
    in ``fetch`` when the action cannot give it."""
    data = action.get("data")
    card = data.get("card") if isinstance(data, dict) else None
    if not isinstance(card, dict) or not card.get("id"):
        return
    card_id = str(card["id"])
    if card_id in fetch:
        return
    payload = _payload(str(action.get("type")), data)
    when = action.get("date")
    if payload is None or not isinstance(when, str) or parse_iso(when) is None:
        fetch.add(card_id)
        patches.pop(card_id, None)
        return
    patches.setdefault(card_id, []).append([str(action.get("id")), when, action["type"], payload])


def _payload(kind: str, data: dict) -> dict | None:
    """What ``apply`` needs of an action (JSON, kept in the cursor); None: fetch the card."""
    card = data["card"]
    if kind in _TOUCH or kind in GONE_TYPES:
        return {}
    if kind == "updateCard":
        old = data.get("old")
        if not isinstance(old, dict) or _NOT_CARRIED.intersection(old):
            return None
        changed = [k for k in _CARRIED if k in old]
        if any(k not in card for k in changed):
            return None
        return {k: card[k] for k in changed}
    if kind in _MEMBERS:
        member = data.get("member") if isinstance(data.get("member"), dict) else {}
        member_id = data.get("idMember") or member.get("id")
        return {"member": str(member_id)} if member_id else None
    if kind in _LABELS:
        label = data.get("label")
        if not isinstance(label, dict) or not label.get("id"):
            return None
        return {"label": str(label["id"]), "name": label.get("name"), "color": label.get("color")}
    if kind == CUSTOM_FIELD_TYPE:
        item = data.get("customFieldItem")
        field = data.get("customField") if isinstance(data.get("customField"), dict) else {}
        if not isinstance(item, dict):
            return None
        field_id = item.get("idCustomField") or field.get("id")
        if not field_id:
            return None
        return {"field": str(field_id), "value": item.get("value"), "idValue": item.get("idValue")}
    return None  # created, copied, moved onto the board, checklists built, or not known here


class Derived:
    """What the board tells a patched item: its lists, labels, custom fields, acceptance dates,
    and the lists this run found changed (a card in one is not placed from its stored column)."""

    def __init__(
        self,
        lists_by_id: Mapping[str, dict],
        labels_by_id: Mapping[str, Any],
        custom_fields: Mapping[str, CustomFieldDef],
        accepted: Mapping[str, Any],
        changed_lists: set[str],
    ) -> None:
        self.lists, self.labels, self.fields = lists_by_id, labels_by_id, custom_fields
        self.accepted, self.changed_lists = accepted, changed_lists
        self._by_name: dict[str | None, list[str]] = {}
        for list_id, lst in lists_by_id.items():
            self._by_name.setdefault(lst.get("name"), []).append(list_id)

    def list_of(self, column: str | None) -> str | None:
        """The list an item's column names, when exactly one list of the board has that name."""
        found = self._by_name.get(column) or []
        return found[0] if len(found) == 1 else None

    def label(self, patch: dict) -> str | None:
        label = self.labels.get(patch["label"])
        if isinstance(label, Mapping):
            return label.get("name") or label.get("color") or None
        return patch.get("name") or patch.get("color") or None


def apply(item: Item, patches: list[list], board: Derived) -> Item | None:
    """``item`` (stored) after its patches, oldest first, or None when they cannot place it
    (fetch it). (A card its actions removed, :data:`GONE_TYPES`, is gone: the caller sees to it.)"""
    list_id = board.list_of(item.column)
    if list_id is None or list_id in board.changed_lists:
        return None
    if item.updated is not None and item.updated.tzinfo is None:
        return None  # (not a live sync's item: its time cannot be compared)
    # Archived itself or in an archived list: the item's closed flag tells only in an open one.
    own_closed: bool | None = None if board.lists[list_id].get("closed") else item.closed
    new = replace(
        item,
        labels=list(item.labels),
        members=list(item.members),
        custom_fields=dict(item.custom_fields),
    )
    for _id, when, kind, payload in sorted(patches, key=lambda p: (p[1], p[0])):
        if kind in GONE_TYPES:
            return None
        moment = parse_iso(when)
        if moment is not None and (new.updated is None or moment > new.updated):
            new.updated = moment
        if kind == "updateCard":
            if "idList" in payload:
                if payload["idList"] not in board.lists:
                    return None
                list_id = str(payload["idList"])
            if "closed" in payload:
                own_closed = bool(payload["closed"])
            if "name" in payload:
                new.title = str(payload["name"] or "").strip()
            if "desc" in payload:
                new.description = markdown_to_text(str(payload["desc"] or ""))
            if "due" in payload:
                new.due = parse_iso(payload["due"])
            if "pos" in payload:
                new.rank = None if payload["pos"] is None else str(payload["pos"])
            if "idMembers" in payload:
                new.members = [str(m) for m in payload["idMembers"] or [] if m]
            if "idLabels" in payload:
                names = (_label_name(board, i) for i in payload["idLabels"] or [])
                new.labels = [n for n in names if n]
        elif kind in _MEMBERS:
            member = payload["member"]
            if kind == "addMemberToCard" and member not in new.members:
                new.members.append(member)
            elif kind == "removeMemberFromCard" and member in new.members:
                new.members.remove(member)
        elif kind in _LABELS:
            name = board.label(payload)
            if name is None:
                return None
            if kind == "addLabelToCard":
                if name not in new.labels:  # (played again on a fresher item: once)
                    new.labels.append(name)
            elif name in new.labels:
                new.labels.remove(name)
        elif kind == CUSTOM_FIELD_TYPE:
            definition = board.fields.get(payload["field"])
            if definition is not None:
                entry = {"idCustomField": payload["field"], **payload}
                value = custom_field_values({"customFieldItems": [entry]}, board.fields)
                new.custom_fields.pop(definition.name, None)
                new.custom_fields.update(value)
    lst = board.lists[list_id]
    if own_closed is None and not lst.get("closed"):
        return None  # moved out of an archived list: whether the card itself is, no action says
    new.closed = bool(own_closed) or bool(lst.get("closed"))
    new.assignee = new.members[0] if new.members else None
    column = lst.get("name") or list_id
    done = looks_done(column)
    new.status = new.column = column
    new.status_category = "done" if done else None
    new.resolved = board.accepted.get(item.id) if done else None
    return new


def _label_name(board: Derived, label_id: Any) -> str | None:
    label = board.labels.get(label_id)
    if isinstance(label, Mapping):
        return label.get("name") or label.get("color") or str(label_id)
    return label if isinstance(label, str) else None
