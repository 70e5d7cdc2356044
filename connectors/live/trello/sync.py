"""One Trello board into the store: :class:`BoardSync` (resumable; several requests in flight
under the token's rate limit).

1. one request: the board with its lists (open and closed), labels, members and custom field
   definitions (nested resources; :meth:`BoardSync.meta`);
2. its actions (:mod:`connectors.live.trello.actions`); an incremental run asks only for actions
   since the newest stored one (less OVERLAP);
3. its cards (:mod:`connectors.live.trello.cards`): all of them on a full sync, the changed ones
   on an incremental one.

A run killed at any point resumes from the saved cursor; every action is stored once (keyed by
its Trello id).
"""

from __future__ import annotations

from datetime import UTC, timedelta
from typing import Any

from connectors.interface import Progress
from connectors.live.trello.actions import OBJECT_ID, fetch_actions
from connectors.live.trello.cards import CardPaging
from connectors.live.trello.history import History
from connectors.live.trello.ids import below, boundary
from connectors.live.trello.persist import BoardFetch, BoardPages, People
from connectors.live.trello.transport import TrelloApi
from connectors.mapping.common import add_person
from connectors.mapping.trello import SOURCE, custom_field_defs, is_template_board
from connectors.store import Store

__all__ = ["OVERLAP", "REFRESH_AFTER", "WORKERS", "BoardSync", "board_meta"]

#: Requests in flight at once (each listing range has at most one).
WORKERS = 4
#: Incremental runs re-ask this much before the newest stored action.
OVERLAP = timedelta(seconds=1)
#: Incremental runs list every card again when the last full listing is older than this: it
#: catches what actions do not record (label renames, custom field definitions, cards removed
#: without an action). ``--full`` does it at once.
REFRESH_AFTER = timedelta(hours=24)


class BoardSync:
    """One board into the store: resumable, several requests in flight under the rate limit."""

    def __init__(
        self,
        api: TrelloApi,
        store: Store,
        ref: str,
        *,
        full: bool,
        on_progress: Progress | None,
        workers: int = WORKERS,
        refresh_after: timedelta | None = REFRESH_AFTER,
    ) -> None:
        self.api, self.store, self.ref, self.full = api, store, ref, full
        self.on_progress = on_progress
        self.workers, self.refresh_after = max(1, workers), refresh_after
        self.people = People()
        self.history: History | None = None  # this run's, when it is the whole history

    def meta(self) -> dict[str, Any]:
        """The board with its lists, labels, members and custom fields (:func:`board_meta`)."""
        return board_meta(self.api, self.ref)

    def run(self, meta: dict[str, Any] | None = None) -> BoardFetch:
        """Sync the board. ``meta``: the board as :func:`board_meta` gave it already."""
        store = self.store
        meta = meta if meta is not None else self.meta()
        board_id, name = str(meta["id"]), str(meta.get("name") or meta["id"])
        url = meta.get("url") or f"https://trello.com/b/{meta.get('shortLink') or board_id}"
        known = store.find_source(SOURCE, board_id)
        was_live = False
        if known is not None:
            info = next(s for s in store.sources(SOURCE) if s.id == known)
            was_live = bool(info.origin and info.origin.startswith("https://trello.com/"))
        source_id = store.source(SOURCE, board_id, name, origin=url)
        template = is_template_board(meta.get("prefs"))
        store.note_template_board(source_id, template)
        before = store.sync_state(source_id)
        incremental = not self.full and was_live and before.last_sync is not None
        query = f"trello board {board_id} {'incremental' if incremental else 'full'}"
        state = store.begin_sync(source_id, query)
        pages = BoardPages(store, source_id, self.people, self.on_progress)
        cursor = state.cursor
        resumed = bool(cursor and "ranges" in cursor)  # begin_sync kept an interrupted one's
        if not cursor or "ranges" not in cursor:
            # (one look-up of the store's index on activity times)
            newest = store.newest_activity(source_id)
            cursor = self._first_cursor(newest, incremental, state, cursor)
            if incremental:  # the actions the last complete sync saw (finish_sync's after)
                cursor["seen"] = _seen(before.cursor)
            pages.cursor(cursor)
            # Nothing stored yet: this run's actions are the whole history.
            if newest is None:
                self.history = History()
        result = BoardFetch(
            source_id, board_id, name, incremental=bool(cursor["last_sync"]), resumed=resumed
        )
        result.template_board = template

        lists_by_id = {
            str(lst["id"]): {
                "id": str(lst["id"]),
                "name": lst.get("name"),
                "closed": bool(lst.get("closed")),
            }
            for lst in meta.get("lists") or []
            if isinstance(lst, dict) and lst.get("id")
        }
        labels_by_id = {lbl["id"]: lbl for lbl in meta.get("labels") or [] if lbl.get("id")}
        for member in meta.get("members") or []:
            if isinstance(member, dict) and member.get("id"):
                add_person(
                    self.people,
                    member["id"],
                    member.get("fullName"),
                    username=member.get("username") or None,
                )
        # Definitions of custom fields; card values come with the cards (customFieldItems).
        custom_fields = custom_field_defs(meta.get("customFields"))
        options = {o: text for d in custom_fields.values() for o, text in d.options.items()}
        pages.people_met()

        fetch_actions(
            self.api,
            pages,
            board_id,
            cursor,
            lists_by_id,
            labels_by_id,
            result,
            history=self.history,
            workers=self.workers,
            options=options,
        )
        mapping = {
            "lists_by_id": lists_by_id,
            "labels_by_id": labels_by_id,
            "people": self.people,
            "custom_fields": custom_fields,
        }
        cards = CardPaging(
            self.api,
            pages,
            board_id,
            history=self.history,
            workers=self.workers,
            refresh_after=self.refresh_after,
        )
        if cursor["phase"] == "cards":
            cards.every(cursor, mapping, state, result)
        elif cursor["phase"] == "changed":
            cards.changed(cursor, mapping, before, result)
        store.whole_history(source_id)  # a board once imported from a capped export
        store.finish_sync(source_id, _saw(cursor))
        return result

    def _first_cursor(self, newest, incremental, state, old) -> dict[str, Any]:
        """Where a new sync starts (or an interrupted one of an older version resumes);
        ``newest``: the newest stored activity's time."""
        newest = newest if incremental else None
        if newest is not None and state.last_sync is not None:
            # Not after the last complete sync began: a later run interrupted (say a --full
            # one) may have stored newer actions without fetching their cards.
            if newest.tzinfo is None:
                newest = newest.replace(tzinfo=UTC)
            newest = min(newest, state.last_sync)
        since = below(boundary((newest - OVERLAP).timestamp())) if newest else None
        walked: dict[str, Any] = {}
        if old and old.get("phase") == "actions":  # an older version's cursor: keep its place
            ranges = [[old.get("since"), old.get("before")]]  # (its since is a date)
        else:  # newest first; the first full page tells how to share the rest out
            ranges = [[since, None]]
            walked = {"from": since}  # every action after it, up to the newest (_saw)
        return walked | {
            "phase": "actions",
            "ranges": ranges,
            "card_ranges": None,
            "last_sync": state.last_sync.isoformat() if incremental and state.last_sync else None,
            "cards": [],  # incremental: cards named by the new actions
            "gone": [],  # incremental: cards found deleted or moved away
            "lists": [],  # incremental: lists renamed, archived or moved
            "patches": {},  # incremental: what the new actions changed of cards (patches.note)
        }

    # -- actions ------------------------------------------------------------------------------


def _saw(cursor: dict[str, Any]) -> dict[str, Any] | None:
    """What a complete sync keeps for the next one (``finish_sync``'s after): the actions it
    saw, every one after ``from`` (exclusive; None: all) up to the newest (``fetch_actions``
    notes it), so a board action the next run re-asks (a list renamed after the last card
    action maps to no activity: the newest stored activity, and so the next ``since``, stays
    before it) is no news again — it was counted, and its list's cards fetched, every run."""
    if "from" not in cursor or not cursor.get("newest"):
        return None  # an older version's cursor, or no action seen
    return {"actions": [cursor["from"], cursor["newest"]]}


def _seen(kept: Any) -> list | None:
    """The actions the last complete sync saw (:func:`_saw`), when it kept them."""
    seen = kept.get("actions") if isinstance(kept, dict) else None
    if not isinstance(seen, list) or len(seen) != 2 or not isinstance(seen[1], str):
        return None
    if not OBJECT_ID.fullmatch(seen[1]):
        return None
    return seen if seen[0] is None or isinstance(seen[0], str) else None


def board_meta(api: TrelloApi, ref: str) -> dict[str, Any]:
    """The board ``ref`` with its lists, labels, members and custom fields, in one request.

    NotFoundError when the token cannot see it.
    """
    return api.get(
        f"/boards/{ref}",
        {
            "fields": "name,shortLink,url,idOrganization,closed,dateLastActivity,prefs",
            "labels": "all",
            "lists": "all",
            "list_fields": "name,closed",
            "members": "all",
            "member_fields": "fullName,username",
            "customFields": "true",
        },
        f"the board {ref}",
        board_ref=ref,
    )
