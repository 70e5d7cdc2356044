"""Trello actions decoded by type straight into activity columns, cards into items (the scan path).

:class:`Action` holds only what an activity needs of a Trello action, with the types
:data:`~connectors.mapping.trello.ACTION_SHAPE` allows: msgspec decodes a run of actions into
these in one call and rejects a wrong-typed one, which then goes the way of any action the
dict-based mapper reads (:meth:`BoardBuilder.action`), so it is skipped and counted with the
same reason. An accepted action is turned into one row of :class:`ActionRows` by
:meth:`ActionRows.typed`, which answers what :func:`~connectors.mapping.trello._map_action`
would (tested against it).

Cards go the same way: :class:`Card` holds what an item is made of, with the types
:data:`~connectors.mapping.trello.CARD_SHAPE` allows; :func:`start_card` makes of it what
:func:`~connectors.mapping.trello._start_card` makes of the card's dict, and a card the typed
decoder rejects is read by the dict-based reader (:meth:`BoardBuilder.card`).
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

import msgspec
import numpy as np
from msgspec import UNSET, Struct, UnsetType

from connectors.columns import KIND_CODE, ActivityColumns, ActivityRows, time_order
from connectors.interface import Activity, ActivityKind, Item
from connectors.mapping.common import RecordError, markdown_to_text, one_line, parse_iso
from connectors.mapping.criteria import placeholder
from connectors.mapping.shared import SharedCollections
from connectors.mapping.stamps import parse_stamps
from connectors.mapping.trello import (
    _FIELD_NAMES,
    _IGNORED_CARD_FIELDS,
    BUTLER,
    COMMENT_TYPES,
    CREATE_TYPES,
    CUSTOM_FIELD_TYPE,
    MEMBER_TYPES,
    OTHER_CARD_TYPES,
    SOURCE,
    _Later,
    custom_field_kind,
    custom_field_name,
    is_butler,
)

Text = str | None


class _Named(Struct, gc=False):
    id: Text = None
    name: Text = None


class _Creator(Struct, gc=False):
    id: Text = None
    fullName: Text = None  # noqa: N815 - Trello's names
    username: Text = None


class _App(Struct, gc=False):
    id: Text = None
    name: Text = None


class _Card(Struct, gc=False):
    id: Text = None
    idList: Text = None  # noqa: N815
    idMembers: list[Text] | None = None  # noqa: N815
    idLabels: list[Text] | None = None  # noqa: N815


class _CheckItem(Struct, gc=False):
    name: str | int | float | None = None
    state: Text = None


class _Data(Struct, gc=False):
    card: _Card | None = None
    list: _Named | None = None
    old: dict[str, Any] | None = None
    idMember: Text = None  # noqa: N815
    listBefore: _Named | None | UnsetType = UNSET  # noqa: N815 - present (even null) matters
    listAfter: _Named | None | UnsetType = UNSET  # noqa: N815
    member: _Named | None = None
    checkItem: _CheckItem | None = None  # noqa: N815
    customField: dict[str, Any] | None = None  # noqa: N815 - an updateCustomFieldItem's field


class Action(Struct, gc=False):
    """The fields of a Trello action an activity is made of."""

    id: Text = None
    type: Text = None
    date: Text = None
    idMemberCreator: Text = None  # noqa: N815
    memberCreator: _Creator | None = None  # noqa: N815
    appCreator: _App | None = None  # noqa: N815 - the app that made it (Butler: not the member)
    data: _Data | None = None


class _Label(Struct, gc=False):
    name: Text = None
    color: Text = None


class _ChecklistItem(Struct, gc=False):
    name: str | int | float | None = None
    state: Text = None
    pos: int | float | None = None


class _Checklist(Struct, gc=False):
    checkItems: list[_ChecklistItem | None] | None = None  # noqa: N815


class _CustomFieldItem(Struct, gc=False):
    idCustomField: Text = None  # noqa: N815
    idValue: Text = None  # noqa: N815
    value: dict[str, Any] | None = None


class Card(Struct, gc=False):
    """The fields of a Trello card an item is made of, with the types
    :data:`~connectors.mapping.trello.CARD_SHAPE` allows (a name that is a number, say, is
    rejected here and read by the dict-based mapper)."""

    id: Text = None
    name: Text = None
    desc: Text = None
    idList: Text = None  # noqa: N815
    idLabels: list[Text] | None = None  # noqa: N815
    idMembers: list[Text] | None = None  # noqa: N815
    labels: list[_Label | None] | None = None
    due: Text = None
    dateLastActivity: Text = None  # noqa: N815
    pos: int | float | str | None = None
    shortLink: Text = None  # noqa: N815
    url: Text = None
    shortUrl: Text = None  # noqa: N815
    checklists: list[_Checklist | None] | None = None
    customFieldItems: list[_CustomFieldItem | None] | None = None  # noqa: N815
    closed: bool | None = None
    isTemplate: Any = None  # noqa: N815 - a template (true) is left out (is_template)
    # the card's own actions, as the API's /1/boards/{id}/cards?actions=all nests them (not
    # in a board export): read only when the board has no actions of its own (BoardBuilder)
    actions: msgspec.Raw | None = None


_ACTIONS = msgspec.json.Decoder(list[Action])
_ONE_ACTION = msgspec.json.Decoder(Action)
_RAWS = msgspec.json.Decoder(list[msgspec.Raw])
_CARDS = msgspec.json.Decoder(list[Card])
_ONE_CARD = msgspec.json.Decoder(Card)


def decode_actions(text: str) -> list | None:
    """A run of actions (a JSON array) → :class:`Action` each; an element the typed decoder
    rejects is given as the standard library decodes it (a dict, ...), for the dict-based mapper.
    None when the text is not JSON msgspec reads the way ``json.loads`` does."""
    try:
        return _ACTIONS.decode(text)
    except msgspec.ValidationError:
        pass
    except Exception:  # malformed, or JSON only the standard library reads: one at a time
        return None
    return typed_or_plain(text, _ONE_ACTION.decode)


def decode_cards(text: str) -> list | None:
    """A run of cards → :class:`Card` each, as :func:`decode_actions` does for actions."""
    try:
        return _CARDS.decode(text)
    except msgspec.ValidationError:
        pass
    except Exception:
        return None
    return typed_or_plain(text, _ONE_CARD.decode)


def decode_nested_actions(raw: msgspec.Raw) -> list | None:
    """A card's nested ``actions`` (:attr:`Card.actions`) as :func:`decode_actions` gives a
    run of actions; None when they are not a JSON array."""
    data = bytes(raw)
    if not data.lstrip().startswith(b"["):
        return None
    return decode_actions(data)  # type: ignore[arg-type]  # (msgspec reads bytes as text)


def start_card(
    card: Card,
    strings: dict[str, str] | None = None,
    shared: SharedCollections | None = None,
) -> tuple[Item, _Later]:
    """What :func:`~connectors.mapping.trello._start_card` makes of the same card, read as a
    :class:`Card` (whose types are the ones its shape check allows).

    ``strings`` shares the texts that repeat from card to card (label names, member and list
    ids): one string each instead of one per card (a quarter of a KB per card). ``shared`` (a
    scan's own board): the item's empty lists and dict, and its label and member lists when
    another card has the same, are shared (:mod:`~connectors.mapping.shared`); a list the
    board's labels may fill later stays the item's own.
    """
    if strings is None:
        strings = {}
    share = strings.setdefault
    card_id = card.id
    if not card_id:
        raise RecordError(f"card {one_line(card.name or '?', 60)!r} has no id")
    labels: list[str] = []
    label_ids = None
    card_labels = card.labels
    if card_labels:
        for label in card_labels:
            if label is not None:
                name = label.name or label.color
                if name:
                    labels.append(share(name, name))
    else:
        label_ids = card.idLabels or None
    checklists = card.checklists
    own_checklists = checklists is not None
    members = [share(m, m) for m in card.idMembers or () if m]
    checklist_items = _checklist_names(checklists) if checklists else []
    if shared is not None:
        if label_ids is None:  # (label ids are named once the board's labels are read)
            labels = shared.list(labels)
        members = shared.list(members)
        checklist_items = shared.list(checklist_items)
        no_list, no_dict = shared.no_list, shared.no_dict
    else:
        no_list, no_dict = None, None
    pos = card.pos
    desc = card.desc
    custom = card.customFieldItems
    # (by position, in Item's field order: a third of the time keywords take; ITEM_ORDER)
    item = Item(
        SOURCE,  # source
        card_id,  # id
        (card.name or "").strip(),  # title
        card.shortLink or None,  # key
        markdown_to_text(desc) if desc else "",  # description
        None,  # type
        None,  # status
        None,  # status_category
        labels,  # labels
        None,  # created
        parse_iso(card.dateLastActivity),  # updated
        None,  # resolved
        None,  # parent
        None,  # column
        None,  # sprint
        members[0] if members else None,  # assignee
        None,  # reporter
        card.url or card.shortUrl or None,  # url
        None,  # priority
        None,  # hierarchy_level
        bool(card.closed),  # closed
        checklist_items,  # checklist_items
        members,  # members
        [] if no_list is None else no_list,  # watchers
        parse_iso(card.due),  # due
        None
        if pos is None or shared is not None
        else str(pos),  # rank (a scan: no report reads it)
        [] if no_list is None else no_list,  # components
        [] if no_list is None else no_list,  # fix_versions
        {} if no_dict is None else no_dict,  # custom_fields
    )
    if custom:  # as the dict-based mapper reads them (custom_field_values)
        custom = [
            {"idCustomField": c.idCustomField, "idValue": c.idValue, "value": c.value}
            for c in custom
            if c is not None
        ]
    list_id = card.idList
    if list_id:
        list_id = share(list_id, list_id)
    return item, (list_id, label_ids, own_checklists, custom)


def _checklist_names(checklists: list[_Checklist | None]) -> list[str]:
    names: list[str] = []
    for checklist in checklists:
        if checklist is None:
            continue
        items = sorted(
            (i for i in checklist.checkItems or () if i is not None),
            key=lambda i: 0 if i.pos is None else i.pos,
        )
        names.extend(name for i in items if i.name and not placeholder(name := str(i.name)))
    return names


def typed_or_plain(text: str, decode_one: Callable[[bytes], Any]) -> list | None:
    """Each element of the array ``text`` typed, or as ``json.loads`` reads it when rejected."""
    import json

    try:
        raws = _RAWS.decode(text)
    except Exception:
        return None
    out: list = []
    for raw in raws:
        data = bytes(raw)
        try:
            out.append(decode_one(data))
        except msgspec.ValidationError:
            try:
                out.append(json.loads(data))
            except Exception:
                return None
        except Exception:
            return None
    return out


_CREATE_TYPES, _MEMBER_TYPES = CREATE_TYPES, MEMBER_TYPES
_CREATED = KIND_CODE[ActivityKind.CREATED]
_COMMENTED = KIND_CODE[ActivityKind.COMMENTED]
_ASSIGNED = KIND_CODE[ActivityKind.ASSIGNED]
_FIELD_CHANGED = KIND_CODE[ActivityKind.FIELD_CHANGED]
_PRIORITISED = KIND_CODE[ActivityKind.PRIORITISED]
_MOVED = KIND_CODE[ActivityKind.MOVED]
_ACCEPTED = KIND_CODE[ActivityKind.ACCEPTED]
_PENDING = -1  # a move (its kind needs the board's lists) or an action mapped again at the end
_DROPPED = -2


#: Action types whose activity is fixed by the type alone: (kind code, field).
_FIXED: dict[str, tuple[int, str | None]] = {
    **{name: (_COMMENTED, None) for name in COMMENT_TYPES},
    **{name: (_ASSIGNED, "members") for name in MEMBER_TYPES},
    **{name: (_FIELD_CHANGED, field) for name, field in OTHER_CARD_TYPES.items()},
}


class ActionRows(ActivityRows):
    """The activities of a board's actions, a row each, in the order the actions come.

    :class:`~connectors.columns.ActivityRows` with a move code per row (a move's kind needs the
    board's lists, which may come after the actions) and the actions to map again at the end.
    """

    def __init__(self) -> None:
        super().__init__()
        self.move: array = array("i")  # move code of a pending move, else -1
        self.moves: dict[tuple, int] = {}
        self.redo: list[tuple[int, Any, int]] = []  # (row, action, action number)
        # action type -> (kind code, field code) of the types _FIXED gives, as met
        self._fixed: dict[str | None, tuple[int, int]] = {}
        # (acting member, full name, user name) as an action names them -> actor code
        self._people: dict[tuple[Any, Any, Any], int] = {}

    def _code(self, codes: dict, value: Any) -> int:
        code = codes.get(value)
        if code is None:
            code = codes[value] = len(codes)
        return code

    def activity(self, activity: Activity, redo: Any = None, number: int = 0) -> None:
        """One activity mapped by the dict-based mapper (``redo``: its action, to map again
        once the board's lists and labels are known)."""
        row = len(self.kind)
        self.add_activity(activity)
        self.move.append(-1)
        if redo is not None:
            self.redo.append((row, redo, number))

    def typed(
        self,
        batch: list,
        first_number: int,
        plain: Callable[[Any, int], None],
        skips: list[str],
        calls: dict[tuple, None],
        strings: dict[str, str] | None = None,
    ) -> None:
        """A batch of decoded actions (numbered from ``first_number``): :class:`Action` ones
        into rows here, the others to ``plain`` (the dict-based mapper), in order.

        ``strings``: the builder's shared texts; a card id met for the first time is kept as
        the one string the card's item has (or will have), not a copy of its own per card."""
        stamps = [a.date if type(a) is Action else None for a in batch]
        us, valid, zoned = parse_stamps(stamps)
        valid_list = valid.tolist()
        del stamps, valid
        items, actors, fields, moves = self.items, self.actors, self.fields, self.moves
        fixed, people = self._fixed, self._people
        out: list[int] = []  # rows of this batch not yet added, six numbers each (see _add)
        emit = out.extend
        for position, action in enumerate(batch):
            if type(action) is not Action:
                if out:
                    self._add(out, us, zoned)
                plain(action, first_number + position)
                continue
            data = action.data
            if data is None:
                continue
            card = data.card
            kind_name = action.type
            if card is None or kind_name == "deleteCard":
                continue
            card_id = card.id
            if not card_id:
                number = first_number + position
                skips.append(f"action #{number}: {kind_name} action {action.id} names no card id")
                continue
            if not valid_list[position]:
                number = first_number + position
                skips.append(f"action #{number}: {kind_name} action {action.id} has no valid date")
                continue
            move = -1
            if kind_name == "updateCard":  # (half the actions of a board)
                old = data.old
                if old:
                    value = old.get("idList")
                    if (value is not None and type(value) is not str) or (
                        "idLabels" in old and not _labels_fit(old["idLabels"])
                    ):  # the dict-based mapper says what is wrong
                        if out:
                            self._add(out, us, zoned)
                        plain(msgspec.to_builtins(action), first_number + position)
                        continue
                else:
                    old = {}
                before, after = data.listBefore, data.listAfter
                if "idList" in old or (before is not UNSET and after is not UNSET):
                    kind, field = _PENDING, "list"
                    key = (
                        before.name if type(before) is _Named else None,
                        old.get("idList"),
                        after.name if type(after) is _Named else None,
                        card.idList,
                    )
                    move = moves.get(key)
                    if move is None:
                        move = moves[key] = len(moves)
                elif "pos" in old:
                    kind, field = _PRIORITISED, "position"
                elif "idMembers" in old:
                    kind, field = _ASSIGNED, "members"
                else:
                    changed = [key for key in old if key not in _IGNORED_CARD_FIELDS]
                    if not changed:
                        continue
                    key = "closed" if "closed" in changed else changed[0]
                    kind, field = _FIELD_CHANGED, _FIELD_NAMES.get(key, key)
                field_code = fields.get(field)
                if field_code is None:
                    field_code = fields[field] = len(fields)
            else:
                rule = fixed.get(kind_name)
                if rule is not None:
                    kind, field_code = rule
                elif kind_name in _FIXED:
                    kind, field = _FIXED[kind_name]
                    rule = fixed[kind_name] = (kind, self._code(fields, field))
                    kind, field_code = rule
                elif kind_name == CUSTOM_FIELD_TYPE:
                    field = custom_field_name(data.customField)
                    kind = KIND_CODE[custom_field_kind(field)]
                    field_code = fields.get(field)
                    if field_code is None:
                        field_code = fields[field] = len(fields)
                elif kind_name in _CREATE_TYPES:
                    kind = _CREATED
                    named = data.list
                    field = "list" if (named is not None and named.name) or card.idList else None
                    field_code = fields.get(field)
                    if field_code is None:
                        field_code = fields[field] = len(fields)
                else:
                    continue
            # the activity is kept: its row, and the people it names (as _note_people does)
            actor = action.idMemberCreator
            creator = action.memberCreator
            if kind_name in _MEMBER_TYPES:
                member = data.member
                member_id = data.idMember or (member.id if member is not None else None)
                if member_id:
                    calls.setdefault((member_id, member.name if member else None, None))
            app = action.appCreator
            if app is not None and is_butler(app.id, app.name):
                person = BUTLER
            elif creator is not None:
                person = (actor or creator.id, creator.fullName, creator.username)
            else:
                person = (actor, None, None)
            actor_code = people.get(person)  # (a board's actions name a few people, often)
            if actor_code is None:
                actor = person[0]
                if actor:
                    calls.setdefault(person)
                    actor_code = actors.get(actor)
                    if actor_code is None:
                        actor_code = actors[actor] = len(actors)
                else:
                    actor_code = -1
                people[person] = actor_code
            item_code = items.get(card_id)
            if item_code is None:
                if strings is not None:
                    card_id = strings.setdefault(card_id, card_id)
                item_code = items[card_id] = len(items)
            emit((item_code, actor_code, kind, field_code, move, position))
        if out:
            self._add(out, us, zoned)

    def _add(self, out: list[int], us: np.ndarray, zoned: dict[int, datetime]) -> None:
        """Rows gathered by :meth:`typed`, six numbers each (item, actor, kind, field and move
        codes, and the position of their time in ``us``/``zoned``), then ``out`` emptied."""
        first_row = len(self.kind)
        self.item.fromlist(out[0::6])
        self.actor.fromlist(out[1::6])
        self.kind.fromlist(out[2::6])
        self.field.fromlist(out[3::6])
        self.move.fromlist(out[4::6])
        position = out[5::6]
        out.clear()
        self.when.frombytes(us[np.array(position, np.intp)].tobytes())
        if zoned:
            for row, at in enumerate(position, start=first_row):
                stamp = zoned.get(at)
                if stamp is not None:
                    self.zones[row] = stamp


def _labels_fit(value: Any) -> bool:
    """``data.old.idLabels`` as ACTION_SHAPE wants it: null or a list of text (or nulls)."""
    if value is None:
        return True
    return type(value) is list and all(v is None or type(v) is str for v in value)


def _move_kind(key: tuple, lists_by_id: Mapping[str, Any]) -> int:
    """Moved or accepted, from a move's (before name, before list id, after name, after id)."""
    from connectors.mapping.trello import _looks_done, _name_of

    before_name, before_id, after_name, after_id = key
    before = before_name or _name_of(lists_by_id, before_id)
    before = before or (str(before_id) if before_id else None)
    after = after_name or _name_of(lists_by_id, after_id)
    after = after or (str(after_id) if after_id else None)
    return _ACCEPTED if _looks_done(after) and not _looks_done(before) else _MOVED


_RUN_STEP = 1 << 20  # rows of equal times put back in order per step (≈ 16 MB of positions)
_LONG_RUN = 1024  # a run of equal times at least this long is reversed by itself


def in_time_order_in_place(rows: ActivityRows) -> bool:
    """Put newest-first rows (times never increasing, as Trello lists actions) in time order in
    their own buffers, and say so; False (nothing moved) for rows in any other order.

    The stable sort's order is the rows reversed with each run of equal times kept in its own
    order: every column is reversed in place, then each run of equal times reversed back, a
    step of runs at a time. No positions of every row and no sorted copy of each column (≈ 200
    MB at 10M rows); ``np.argsort(kind="stable")`` is the reference in the tests.
    """
    when = np.frombuffer(rows.when, np.int64)
    size = len(when)
    if size < 2 or not when[0] > when[-1] or not bool((when[:-1] >= when[1:]).all()):
        return False
    for column in (rows.when, rows.item, rows.actor, rows.kind, rows.field):
        column.reverse()
    edges = np.zeros(size + 1, np.int8)  # 1 where a row has the time of the row before
    np.equal(when[1:], when[:-1], out=edges[1:size].view(bool))
    edges = np.diff(edges)  # runs of equal times: 1 at their first row, -1 at their last
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    del edges
    if not len(starts):
        return True
    columns = (
        np.frombuffer(rows.item, np.int32),
        np.frombuffer(rows.actor, np.int32),
        np.frombuffer(rows.kind, np.int8),
        np.frombuffer(rows.field, np.int16),
    )
    lengths = ends - starts + 1
    long = lengths >= _LONG_RUN
    for first, last in zip(starts[long].tolist(), ends[long].tolist(), strict=True):
        for column in columns:
            column[first : last + 1] = column[first : last + 1][::-1].copy()
    starts, lengths = starts[~long], lengths[~long]
    if not len(starts):
        return True
    total = np.cumsum(lengths)
    cuts = np.searchsorted(total, np.arange(_RUN_STEP, int(total[-1]), _RUN_STEP), "right")
    begin = 0
    for end in [*cuts.tolist(), len(starts)]:
        if end <= begin:
            continue
        first, length = starts[begin:end], lengths[begin:end]
        base = np.repeat(first, length)
        offset = np.arange(len(base)) - np.repeat(np.cumsum(length) - length, length)
        at, mirror = base + offset, base + np.repeat(length - 1, length) - offset
        for column in columns:
            column[at] = column[mirror]
        begin = end
    return True


def finish_rows(
    rows: ActionRows,
    lists_by_id: Mapping[str, Any],
    remap: Callable[[Any, int], Activity | None],
) -> ActivityColumns:
    """The rows kept, as columns in time order (stable: equal times keep the actions' order;
    codes not renumbered). ``remap`` maps an action again now that the lists and labels are
    known. The rows are handed over (left empty)."""
    # kinds and fields settled in the rows' own buffers (handed over: no copy of either)
    kind = np.frombuffer(rows.kind, np.int8)
    field = np.frombuffer(rows.field, np.int16)
    fields = rows.fields
    for row, action, number in rows.redo:
        activity = remap(action, number)
        if activity is None:
            kind[row] = _DROPPED
        else:
            kind[row] = KIND_CODE[activity.kind]
            field[row] = rows._code(fields, activity.field)
    rows.redo = []
    if rows.moves:
        move = np.frombuffer(rows.move, np.int32)
        pending = np.flatnonzero(move >= 0)
        codes = np.array([_move_kind(key, lists_by_id) for key in rows.moves], np.int8)
        kind[pending] = codes[move[pending]]
        del move, pending
    rows.move = array("i")  # (read: freed before the sort)
    when = np.frombuffer(rows.when, np.int64)
    size = len(kind)
    every = bool((kind >= 0).all())
    # every row kept: newest-first rows put in order in their own buffers (no order at all);
    # else their order, int32 (time_order: newest first reversed without a sort's positions)
    in_place = every and not rows.zones and in_time_order_in_place(rows)
    order = None if in_place else time_order(when)
    if not every:  # rows dropped: the kept ones, in the same order
        order = np.flatnonzero(kind >= 0) if order is None else order[kind[order] >= 0]
        if size < 2**31:
            order = order.astype(np.int32, copy=False)
    # each column sorted, then the rows' own freed at once (never two copies of every column)
    if order is None:  # in time order already: the rows' buffers are the columns
        item, actor = np.frombuffer(rows.item, np.int32), np.frombuffer(rows.actor, np.int32)
        kind, field = kind.astype(np.int16), field
    else:
        if every and when[0] > when[-1] and bool((when[:-1] >= when[1:]).all()):
            rows.when.reverse()  # newest first: the times in order are the times reversed
        else:
            when = when[order]
            rows.when = array("q")
        item = np.frombuffer(rows.item, np.int32)[order]
        rows.item = array("i")
        actor = np.frombuffer(rows.actor, np.int32)[order]
        rows.actor = array("i")
        kind, field = kind[order].astype(np.int16), field[order]
    rows.when, rows.item, rows.actor = array("q"), array("i"), array("i")
    rows.kind, rows.field = array("b"), array("h")
    zones: dict[int, datetime] = {}
    if rows.zones and order is None:
        zones, rows.zones = rows.zones, {}
    elif rows.zones:  # renumbered as ActivityColumns.take renumbers them
        new_row = np.full(size, -1, np.int64)
        new_row[order] = np.arange(len(order), dtype=np.int64)
        for row, stamp in rows.zones.items():
            at = int(new_row[row])
            if at >= 0:
                zones[at] = stamp
        rows.zones = {}
    return ActivityColumns(
        item_ids=list(rows.items),
        actor_ids=list(rows.actors),
        fields=list(fields),
        item=item,
        actor=actor,
        kind=kind,
        field=field,
        when=when,
        zones=zones,
    )


def first_and_last_rows(columns: ActivityColumns) -> tuple[np.ndarray, np.ndarray]:
    """Per item code of ``columns`` (in time order, codes not renumbered): the row of its first
    ``created`` activity and of its last ``accepted`` one (-1: none), as the dict-based builder
    finds them; a card reads its own by its code (no dict of a tuple and a date per card)."""
    kind, item = columns.kind, columns.item
    first = np.full(len(columns.item_ids), -1, np.int64)
    last = np.full(len(columns.item_ids), -1, np.int64)
    created = np.flatnonzero(kind == _CREATED)
    if len(created):
        codes, at = np.unique(item[created], return_index=True)
        first[codes] = created[at]
    accepted = np.flatnonzero(kind == _ACCEPTED)[::-1]
    if len(accepted):
        codes, at = np.unique(item[accepted], return_index=True)
        last[codes] = accepted[at]
    return first, last


__all__ = [
    "Action",
    "ActionRows",
    "Card",
    "decode_actions",
    "decode_nested_actions",
    "decode_cards",
    "finish_rows",
    "first_and_last_rows",
    "in_time_order_in_place",
    "start_card",
]
