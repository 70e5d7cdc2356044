"""Card paging of one Trello board into the store.

* Full sync: every card (open and archived), listed in ranges of fewer than 1000 ids known from
  the history (one request each), mapped with :func:`connectors.mapping.trello.map_card`; cards no
  longer on the board are marked removed.
* Incremental sync: the cards whose new actions tell all they changed are updated from them
  (:meth:`CardPaging.play`, :mod:`connectors.live.trello.patches`); only the other cards the
  new actions name are fetched, ten per ``/1/batch`` request (:func:`cards_by_id`; deleted or
  moved-away ones are marked removed), and the cards of lists renamed, archived or moved
  (``/1/lists/{id}/cards``). Every card is listed again, as in a full sync, when that is
  cheaper, when a label or custom field definition changed, or when the last full listing is
  older than ``refresh_after``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta
from typing import Any

from connectors._http import prefetch
from connectors.interface import Item, NotFoundError
from connectors.live.trello.history import History, stored_history
from connectors.live.trello.ids import card_ranges
from connectors.live.trello.patches import GONE_TYPES, Derived, apply
from connectors.live.trello.persist import BoardFetch, BoardPages
from connectors.live.trello.transport import TrelloApi

__all__ = ["BATCH", "CARD_CHUNK", "CARD_FIELDS", "FULL_CARD", "PAGE", "CardPaging", "cards_by_id"]

PAGE = 1000  # Trello's largest page of actions / cards
#: Full cards per ``/1/batch`` request (Trello's most), and known cards per card listing range.
BATCH, CARD_CHUNK = 10, 950
#: What the mapping reads of a card (``map_card``; a test maps whole and trimmed records alike):
#: Trello's full records are several times bigger. (An action's: actions.ACTION_FIELDS.)
CARD_FIELDS = (
    "name,desc,idList,labels,idLabels,idMembers,dateLastActivity,closed,due,pos,shortLink,url,"
    "shortUrl,idBoard,isTemplate"
)
FULL_CARD = {"fields": CARD_FIELDS, "checklists": "all", "customFieldItems": "true"}
#: In ``/1/batch`` the URLs are separated by commas, so a card there comes whole.
BATCH_CARD = {"fields": "all", "checklists": "all", "customFieldItems": "true"}


class CardPaging:
    """The cards of board ``board_id`` into ``pages`` (``workers`` requests at once).

    ``history``: this run's, when its actions were the whole history (else read from the store).
    """

    def __init__(
        self,
        api: TrelloApi,
        pages: BoardPages,
        board_id: str,
        *,
        history: History | None,
        workers: int,
        refresh_after: timedelta | None,
    ) -> None:
        self.api, self.pages, self.board_id = api, pages, board_id
        self.store, self.source_id = pages.store, pages.source_id
        self.history, self.workers, self.refresh_after = history, workers, refresh_after

    def history_of(self, card_ids: Sequence[str] | set[str] | None) -> History:
        """Creators and acceptance dates (of these cards, if it can)."""
        if self.history is not None:
            return self.history
        return stored_history(self.store, self.source_id, card_ids)

    def walk(self, name: str, spans: list) -> Iterator[tuple]:
        def fetch(span: list) -> list[dict]:
            lo, hi = span
            params: dict[str, Any] = dict(FULL_CARD, limit=PAGE)
            if hi:
                params["before"] = hi
            if lo:
                params["since"] = lo
            page = self.api.get(
                f"/boards/{self.board_id}/cards/all", params, f"the cards of {name!r}"
            )
            return [c for c in page if isinstance(c, dict)] if isinstance(page, list) else []

        def advance(span: list, page: list[dict]) -> list | None:
            return [span[0], min(c["id"] for c in page)] if len(page) >= PAGE else None

        return prefetch.ranges(spans, fetch, advance, workers=self.workers)

    def every(self, cursor: dict, mapping: dict, state: Any, result: BoardFetch) -> None:
        """Every card (open and archived), in ranges of ids known from the history; then the
        cards the board no longer shows are marked removed."""
        name = result.name
        history = self.history_of(None)
        mapping = dict(mapping, creator_by_card=history.creator, accepted_at=history.accepted)
        if cursor.get("card_ranges") is None:
            known = history.cards | self.store.item_ids(self.source_id)
            cursor["card_ranges"] = card_ranges(known, CARD_CHUNK)
            self.store.note_templates(self.source_id)  # the listing notes them anew
            self.pages.cursor(cursor)
        expected = max(1, len(self.store.item_ids(self.source_id)), len(history.cards))
        done = 0
        for _span, page, left in self.walk(name, cursor["card_ranges"]):
            cursor["card_ranges"] = left
            self.pages.cards(page, mapping, result, cursor)
            done += len(page)
            self.pages.progress(done, max(done, expected), f"cards of {name}")
        # Every card on the board was saved by this sync (resumed or not): the rest are gone.
        if state.started_at is not None:
            seen = self.store.fetched_since(self.source_id, state.started_at)
            result.removed = len(self.store.mark_removed(self.source_id, seen))

    def changed(self, cursor: dict, mapping: dict, before: Any, result: BoardFetch) -> None:
        """Incremental: only the cards the new actions name (in batches of 10), the cards of
        lists renamed, archived or moved, and the cards gone; all cards when a refresh is due."""
        present = self.store.item_ids(self.source_id, include_removed=False)
        wanted = set(cursor["cards"])
        batches = -(-len(wanted) // BATCH)
        listing = -(-max(1, len(present)) // CARD_CHUNK)  # requests to list every card
        checked = before.last_removal_check
        due = self.refresh_after is not None and (
            checked is None or datetime.now(checked.tzinfo) - checked >= self.refresh_after
        )
        if not (due or cursor.get("relist")) and cursor.get("patches"):
            self.play(cursor, mapping, result)  # the cards the actions tell, without a request
            wanted = set(cursor["cards"])
            batches = -(-len(wanted) // BATCH)
        if due or cursor.get("relist") or batches + len(cursor["lists"]) > listing:
            cursor["phase"], cursor["card_ranges"] = "cards", None
            state = self.store.sync_state(self.source_id)
            self.every(cursor, mapping, state, result)
            return
        name = result.name
        history = self.history_of(wanted)
        mapping = dict(mapping, creator_by_card=history.creator, accepted_at=history.accepted)
        gone = set(cursor["gone"])
        jobs: list[list] = [["list", list_id] for list_id in cursor["lists"]]
        todo = sorted(wanted)
        jobs += [["cards", *todo[i : i + BATCH]] for i in range(0, len(todo), BATCH)]

        def fetch(job: list) -> list:
            if job[0] == "list":
                what = f"the cards of a list of {name!r}"
                page = self.api.get(f"/lists/{job[1]}/cards/all", FULL_CARD, what)
                return page if isinstance(page, list) else []
            return cards_by_id(self.api, job[1:], FULL_CARD)

        total, done = len(todo), 0
        for job, page, left in prefetch.ranges(
            jobs, fetch, lambda job, page: None, workers=self.workers
        ):
            cards = []
            for card in page:
                if isinstance(card, str):  # an id the batch could not give: gone
                    gone.add(card)
                elif card.get("idBoard") not in (None, self.board_id):
                    gone.add(str(card.get("id")))  # moved to another board
                else:
                    cards.append(card)
            cursor["lists"] = [j[1] for j in left if j[0] == "list"]
            cursor["cards"] = sorted({c for j in left if j[0] == "cards" for c in j[1:]})
            cursor["gone"] = sorted(gone)
            self.pages.cards(cards, mapping, result, cursor)
            done += len(job) - 1 if job[0] == "cards" else 0
            self.pages.progress(done, total, f"cards of {name}")
        if gone:
            self.store.note_templates(self.source_id, gone=gone)  # (a template deleted)
            keep = self.store.item_ids(self.source_id, include_removed=False) - gone
            removed = self.store.mark_removed(self.source_id, keep, checked_at=checked)
            result.removed = len(removed)

    def play(self, cursor: dict, mapping: dict, result: BoardFetch) -> None:
        """Incremental: each card the new actions changed and tell all of, its stored item with
        their changes played (:func:`connectors.live.trello.patches.apply`), saved with the
        cursor; the cards they cannot place join those to fetch, the cards they remove those
        gone."""
        fetch = set(cursor["cards"])
        patched = {c: p for c, p in cursor["patches"].items() if c not in fetch}
        gone = set(cursor["gone"])
        for card_id, card_patches in list(patched.items()):
            if any(p[2] in GONE_TYPES for p in card_patches):
                gone.add(card_id)  # deleted or moved to another board: nothing to ask
                del patched[card_id]
        stored = self.store.items_of(self.source_id, patched)
        history = self.history_of(set(patched))
        board = Derived(
            mapping["lists_by_id"],
            mapping["labels_by_id"],
            mapping["custom_fields"],
            history.accepted,
            set(cursor["lists"]),
        )
        items = []
        for card_id, card_patches in patched.items():
            item = stored.get(card_id)
            new = apply(item, card_patches, board) if item is not None else None
            if isinstance(new, Item):
                items.append(new)
            else:
                fetch.add(card_id)
        cursor["patches"], cursor["cards"], cursor["gone"] = {}, sorted(fetch), sorted(gone)
        self.pages.played(items, result, cursor)


def cards_by_id(api: Any, card_ids: Sequence[str], full_card: dict[str, str] | None = None) -> list:
    """Up to 10 full cards in one request; a card id in the answer stands for a card not found.

    ``api`` is the sync's request path (``api.get(path, params, what, board_ref=...)``).
    """
    query = "&".join(f"{k}={v}" for k, v in BATCH_CARD.items())
    urls = ",".join(f"/cards/{card_id}?{query}" for card_id in card_ids)
    answers = api.get("/batch", {"urls": urls}, f"{len(card_ids)} cards")
    out: list = []
    for card_id, answer in zip(
        card_ids, answers if isinstance(answers, list) else [], strict=False
    ):
        card = answer.get("200") if isinstance(answer, dict) else None
        if isinstance(card, dict) and card.get("id"):
            out.append(card)
        elif isinstance(answer, dict) and ("404" in answer or answer.get("statusCode") == 404):
            out.append(card_id)  # deleted
        else:
            out.append(one_card(api, card_id, full_card) or card_id)
    for card_id in card_ids[len(out) :]:  # a short answer: ask for the rest alone
        out.append(one_card(api, card_id, full_card) or card_id)
    return out


def one_card(api: Any, card_id: str, full_card: dict[str, str] | None = None) -> dict | None:
    """One full card, or None when it is gone (404, or 401 for a card moved to a board the
    token cannot see)."""
    try:
        card = api.get(
            f"/cards/{card_id}", full_card or {}, f"the card {card_id}", board_ref=card_id
        )
    except NotFoundError:
        return None
    return card if isinstance(card, dict) else None
