"""Action paging of one Trello board: ``limit=1000`` pages, newest first, into the store.

Once the first page shows how dense the history is, the rest is cut into ranges of ids (ids carry
their second) walked side by side (:func:`connectors._http.prefetch.ranges`), and a busy range is
cut again when workers idle. Each page is mapped with :func:`connectors.mapping.trello.map_action`
and saved in one transaction with the ranges left to walk (the cursor). Also what an incremental
run learns from the actions (:func:`note_change`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from connectors._http import prefetch
from connectors.live.trello.cards import BATCH, CARD_CHUNK, PAGE
from connectors.live.trello.history import History
from connectors.live.trello.ids import id_time, slices
from connectors.live.trello.patches import note
from connectors.live.trello.persist import BoardFetch, BoardPages
from connectors.live.trello.transport import TrelloApi
from connectors.mapping.common import RecordError
from connectors.mapping.trello import map_action

__all__ = ["ACTION_FIELDS", "fetch_actions", "note_change"]

#: What the mapping reads of an action (``map_action``). Its fields are all of them: with
#: ``type,date,data,idMemberCreator`` the answer would lack ``appCreator``, which tells Butler's
#: actions from the member's (connectors.mapping.trello.BUTLER_APP_ID), and Trello's reference
#: does not list ``appCreator`` among the fields one may name (``all`` is what its exports carry:
#: these four, ``appCreator`` and ``limits``, a few bytes). The member: two fields of it.
ACTION_FIELDS = {
    "fields": "all",
    "memberCreator_fields": "fullName,username",
}
OBJECT_ID = re.compile(r"[0-9a-f]{24}")
#: Cards an incremental run plays from their actions at most (the patches ride in the cursor,
#: saved with every page); more, and every card is listed again.
MAX_PATCHED = 5000


#: A list action changing one of these: its cards are mapped again.
_LIST_CHANGES = ("name", "closed")
#: Board actions after which every card is listed again (cards show label names, field values).
_BOARD_WIDE = frozenset(
    {
        "updateLabel",
        "deleteLabel",
        "updateCustomField",
        "deleteCustomField",
        "updateCustomFieldOption",
    }
)


def _split(floor: int) -> Callable[[list, list, int], list[list]]:
    """Cut what is left of a busy range so idle workers can share it (by its density)."""

    def split(rest: list, page: list, idle: int) -> list[list]:
        lo, hi = rest
        if not page or hi is None or (lo is not None and not OBJECT_ID.fullmatch(lo)):
            return [rest]
        t_lo = id_time(lo) if lo else floor
        t_hi = id_time(hi)
        newest = max(str(a.get("id", "")) for a in page)
        span = max(1, id_time(newest) - t_hi)  # seconds this page of PAGE actions covered
        expected = PAGE * (t_hi - t_lo) / span  # actions left, at that density
        parts = min(idle + 1, int(expected // PAGE))
        if parts < 2 or t_hi - t_lo < parts:
            return [rest]
        return slices(lo, hi, t_lo, t_hi, parts)

    return split


def fetch_actions(
    api: TrelloApi,
    pages: BoardPages,
    board_id: str,
    cursor: dict[str, Any],
    lists_by_id: dict[str, dict],
    labels_by_id: dict[str, dict],
    result: BoardFetch,
    *,
    history: History | None,
    workers: int,
    options: dict[str, str] | None = None,
) -> None:
    """The board's actions not yet saved (``cursor["ranges"]``), page by page, into the store.

    Each page is saved with the ranges left to walk; once none is left the cursor's phase moves
    on to the cards. ``history``: fed every action, when this run's actions are the whole
    history. An incremental run notes in the cursor the cards and lists the actions changed.
    ``options``: the board's list custom field options' texts by id (a change names the id).
    """
    if cursor["phase"] != "actions":
        return
    name = result.name
    incremental = bool(cursor["last_sync"])
    cards, lists = set(cursor["cards"]), set(cursor["lists"])
    patches: dict[str, list] | None = cursor.get("patches")  # None: an older version's cursor
    # More changed cards than a listing of all of them costs: stop naming them one by one.
    enough = BATCH * -(-max(1, len(pages.store.item_ids(pages.source_id))) // CARD_CHUNK)

    def fetch(span: list) -> list:
        lo, hi = span
        params: dict[str, Any] = {"filter": "all", "limit": PAGE, **ACTION_FIELDS}
        if hi:
            params["before"] = hi
        if lo:
            params["since"] = lo
        what = f"the actions of {name!r}{_made(lo, hi)}"
        page = api.get(f"/boards/{board_id}/actions", params, what)
        return [a for a in page if isinstance(a, dict)] if isinstance(page, list) else []

    def advance(span: list, page: list) -> list | None:
        if len(page) < PAGE:
            return None
        return [span[0], min(str(a["id"]) for a in page)]

    # The overlap re-asks the newest stored action: one stored before the last complete sync
    # began is no news (its card was fetched since), so it is neither counted nor fetched again;
    # nor is one that sync saw (cursor["seen"], kept by it: a board action after the newest
    # stored activity, a list renamed, re-asked on every run since it maps to no activity).
    seen_before = _parse_time(cursor["last_sync"]) if incremental else None
    seen = cursor.get("seen") if incremental else None
    fetched = 0
    walk = prefetch.ranges(
        cursor["ranges"],
        fetch,
        advance,
        split=_split(id_time(board_id)),
        workers=workers,
    )
    for _span, page, left in walk:
        known = _known(pages, page, seen_before, seen)
        newest = max((i for a in page if OBJECT_ID.fullmatch(i := str(a.get("id")))), default="")
        if newest > (cursor.get("newest") or ""):
            cursor["newest"] = newest  # what the next run's "seen" ends at (sync._saw)
        activities = []
        for action in page:
            try:
                activity = map_action(
                    action,
                    lists_by_id,
                    labels_by_id=labels_by_id,
                    people=pages.people,
                    options=options,
                )
            except RecordError as error:
                result.skipped.append(f"action {action.get('id', '?')}: {error}")
                continue
            if activity is not None:
                activities.append(activity)
                if history is not None:
                    history.add(activity)
            if str(action.get("id")) in known:
                continue
            relist = incremental and not cursor.get("relist")
            if relist and note_change(action, cards, lists, patches):
                cursor["relist"] = True
        cursor["ranges"] = left
        if not left:
            cursor["phase"] = "changed" if incremental else "cards"
        if incremental and (len(cards) > enough or len(patches or ()) > MAX_PATCHED):
            cursor["relist"], cards = True, set()
        if incremental:
            cursor["cards"], cursor["lists"] = sorted(cards), sorted(lists)
            if patches is not None:
                if cursor.get("relist"):
                    patches.clear()  # every card is listed again
                cursor["patches"] = patches
        fetched += len(page)
        result.actions += len(page) - len(known)
        pages.actions(activities, cursor)
        pages.progress(fetched, 0, f"actions of {name}")


def _parse_time(value: str | None) -> float | None:
    """An ISO time (the cursor's ``last_sync``) in seconds since 1970, or None."""
    if not value:
        return None
    when = datetime.fromisoformat(value)
    return (when if when.tzinfo else when.replace(tzinfo=UTC)).timestamp()


def _known(
    pages: BoardPages, page: list[dict], before: float | None, seen: list | None = None
) -> set[str]:
    """The ids of ``page``'s actions the last complete sync saw (``seen``: after its first id,
    up to its second, the newest it saw: that one and those of earlier seconds — another made
    later in the newest one's second may have a lower id) or made before ``before`` and stored
    already (none when ``before`` is None: a full sync counts all it fetches)."""
    if before is None:
        return set()
    ids = [
        str(a["id"]) for a in page if isinstance(a.get("id"), str) and OBJECT_ID.fullmatch(a["id"])
    ]
    known: set[str] = set()
    if seen is not None:
        after, newest = seen
        second = id_time(newest)
        known = {
            i for i in ids if (after is None or i > after) and (i == newest or id_time(i) < second)
        }
    old = [i for i in ids if i not in known and id_time(i) < before]
    return known | pages.store.stored_activity_ids(pages.source_id, old) if old else known


def note_change(
    action: dict, cards: set[str], lists: set[str], patches: dict[str, list] | None = None
) -> bool:
    """What an incremental run must fetch again because of this action; True: every card.

    Every card an action names (deleted or moved away ones too: fetching them tells) — or, with
    ``patches``, what the action changes of its card when it carries that
    (:func:`connectors.live.trello.patches.note`; the card is fetched only when it does not) —,
    the lists renamed, archived or moved between boards (their cards' column or state changed),
    and all cards when a label or a custom field definition changed (every card showing it
    changed).
    """
    data = action.get("data")
    if not isinstance(data, dict):
        return False
    card = data.get("card")
    if isinstance(card, dict):
        if patches is not None:
            note(action, patches, cards)
        elif card.get("id"):
            cards.add(str(card["id"]))
        return False
    if action.get("type") in _BOARD_WIDE:
        return True
    lst = data.get("list")
    old = data.get("old") if isinstance(data.get("old"), dict) else {}
    if isinstance(lst, dict) and lst.get("id"):
        kind = action.get("type")
        if kind in ("moveListToBoard", "moveListFromBoard") or any(k in old for k in _LIST_CHANGES):
            lists.add(str(lst["id"]))
    return False


def _made(lo: str | None, hi: str | None) -> str:
    """When the actions of a range were made, as an error names them: " made before 2024-03-02
    10:15 UTC" (an action id, "before 65e2…", told nobody which; session 28); "" for the
    newest (no bound)."""

    def when(action_id: str) -> str:
        return datetime.fromtimestamp(id_time(action_id), UTC).strftime("%Y-%m-%d %H:%M UTC")

    if lo and hi:
        return f" made between {when(lo)} and {when(hi)}"
    if hi:
        return f" made before {when(hi)}"
    return f" made after {when(lo)}" if lo else ""
