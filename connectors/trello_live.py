"""Live Trello: boards, lists, cards and their whole action history into the local store.

Through the real ``py-trello`` client (``TrelloClient(api_key, token=...)``, which signs every
request with an OAuth header, so the token is never in a URL). Its ``http_service`` is a
:class:`TrelloSession`: each request waits for the token bucket (at most 92 requests per 10 s,
under Trello's 100 per 10 s per token), carries a timeout, and, only when a ``base_url`` is given
(tests, benchmarks), goes to that server instead of https://api.trello.com. Failures are retried by
the shared :class:`connectors.retry.RetryPolicy` (429 waits, 5xx / timeouts / cuts back off).

Per board, one sync (see :func:`fetch_trello_into_store`):

1. board, lists (open and closed), labels, members, custom field definitions;
2. actions, newest first, ``limit=1000`` pages walked back with ``before`` until none are left
   (since the newest stored action on an incremental run); each page is mapped with
   :func:`connectors.trello_mapping.map_action` and saved with its cursor in one transaction;
3. a light listing of every card (open and archived), then the full cards (checklists, custom
   field items): all of them the first time, only those active since the last sync (or whose list
   changed) afterwards; mapped with :func:`connectors.trello_mapping.map_card`;
4. cards no longer on the board are marked removed; the sync is marked complete.

A run killed at any point resumes from the saved cursor; every action is stored once (keyed by
its Trello id).
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import requests
from trello import TrelloClient
from trello.board import Board as TrelloBoard
from trello.exceptions import ResourceUnavailable
from trello.organization import Organization

from connectors import prefetch
from connectors.credentials import TrelloCredentials, config_path, redact, trello_credentials
from connectors.interface import (
    Activity,
    ActivityKind,
    AuthError,
    Board,
    Connector,
    NotFoundError,
    Person,
    RemoteError,
    SourceError,
)
from connectors.mapping_common import RecordError, add_person, one_line, parse_iso
from connectors.retry import Failure, RetryPolicy, classify
from connectors.store import Store
from connectors.trello_mapping import SOURCE, CustomFieldDef, map_action, map_card

__all__ = [
    "TRELLO_API",
    "BoardFetch",
    "TokenBucket",
    "TrelloFetchResult",
    "TrelloLive",
    "TrelloSession",
    "fetch_trello_into_store",
    "parse_board_ref",
]

TRELLO_API = "https://api.trello.com"
PAGE = 1000  # Trello's largest page of actions / cards
#: Requests per second and burst: at most BURST + 10 * RATE = 92 requests in any 10 s (Trello
#: allows 100): room for 8 requests arriving late together (network jitter).
RATE, BURST = 9.0, 2
#: Incremental runs re-ask this much before the newest stored action / the last sync.
OVERLAP = timedelta(seconds=1)
#: More active cards than this: fetch full card pages instead of one request per card.
SINGLE_CARD_LIMIT = 50
CARD_FIELDS = "all"
LIGHT_FIELDS = "id,idList,closed,dateLastActivity"

ProgressFn = Callable[[int, int, str], None]

_BOARD_URL = re.compile(
    r"^(?:https?://)?(?:www\.)?trello\.com/b/([0-9a-f]{24}|[0-9A-Za-z]{8})(?:\.json)?(?:[/?#].*)?$"
)
_BOARD_ID = re.compile(r"^(?:[0-9a-f]{24}|[0-9A-Za-z]{8})$")
_BAD_CREDENTIALS = ("invalid key", "invalid token", "expired token", "invalid app token")


def parse_board_ref(ref: str) -> str:
    """A board id (24 hex digits), short link (8 characters) or board URL → what the API takes."""
    text = ref.strip()
    match = _BOARD_URL.match(text)
    if match:
        return match.group(1)
    if _BOARD_ID.match(text):
        return text
    raise SourceError(
        f"{one_line(ref, 80)!r} is not a Trello board: give its id, its short link or its URL "
        "(https://trello.com/b/SHORTLINK/...)"
    )


# -- transport --------------------------------------------------------------------------------


class TokenBucket:
    """``rate`` tokens per second, at most ``capacity`` saved; ``acquire`` waits for one."""

    def __init__(
        self,
        rate: float = RATE,
        capacity: int = BURST,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.rate, self.capacity = rate, capacity
        self._clock, self._sleep = clock, sleep
        self._tokens = float(capacity)
        self._last = clock()
        self._lock = threading.Lock()

    def _refill(self) -> None:
        now = self._clock()
        self._tokens = min(self.capacity, self._tokens + (now - self._last) * self.rate)
        self._last = now

    def acquire(self) -> float:
        """Take a token, waiting as long as needed; returns the seconds waited."""
        waited = 0.0
        while True:
            with self._lock:
                self._refill()
                if self._tokens >= 1 - 1e-9:  # the refill's float error must not spin
                    self._tokens -= 1
                    return waited
                wait = (1 - self._tokens) / self.rate
            self._sleep(wait)
            waited += wait

    def drain(self) -> None:
        """The server said 429: spend everything saved, so what follows is paced at ``rate``."""
        with self._lock:
            self._refill()
            self._tokens = min(self._tokens, 0.0)


class TrelloSession(requests.Session):
    """The ``http_service`` under py-trello: paced, with a timeout, optionally re-based.

    ``base_url`` replaces https://api.trello.com (a fake server in tests and benchmarks); in
    normal use it is None and requests go to Trello unchanged.
    """

    def __init__(self, *, bucket: TokenBucket, timeout: float, base_url: str | None = None) -> None:
        super().__init__()
        self.bucket, self.timeout = bucket, timeout
        self.base_url = base_url.rstrip("/") if base_url else None
        self.last_retry_after: float | None = None

    def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        if self.base_url and url.startswith(TRELLO_API):
            url = self.base_url + url[len(TRELLO_API) :]
        kwargs.setdefault("timeout", self.timeout)
        self.bucket.acquire()
        response = super().request(method, url, *args, **kwargs)
        if response.status_code == 429:
            self.bucket.drain()
            value = response.headers.get("Retry-After")
            try:
                self.last_retry_after = float(value) if value else None
            except ValueError:
                self.last_retry_after = None
        return response


# -- results ----------------------------------------------------------------------------------


@dataclass(slots=True)
class BoardFetch:
    """What one board's sync did."""

    source_id: int
    board_id: str
    name: str
    incremental: bool
    actions: int = 0  # action records received
    cards: int = 0  # full cards received
    removed: int = 0  # cards no longer on the board
    skipped: list[str] = field(default_factory=list)


@dataclass(slots=True)
class TrelloFetchResult:
    boards: list[BoardFetch] = field(default_factory=list)
    requests: int = 0

    @property
    def source_ids(self) -> list[int]:
        return [b.source_id for b in self.boards]

    def summary(self) -> str:
        lines = []
        for b in self.boards:
            how = "incremental" if b.incremental else "full"
            line = (
                f"Trello board {b.name!r} ({how}): {b.actions} actions and {b.cards} cards "
                f"fetched, {b.removed} cards gone from the board"
            )
            if b.skipped:
                line += f", {len(b.skipped)} records skipped"
            lines.append(line)
        lines.append(f"{self.requests} requests to Trello")
        return "\n".join(lines)


# -- the fetch ----------------------------------------------------------------------------------


def _history(activities: Iterable[Activity]) -> tuple[dict, dict]:
    """Creator (first creation) and acceptance date (last move to done) per card, by time.

    The same reading as ``map_board_json`` makes of a whole export, over the stored history.
    """
    creator: dict[str, tuple[str | None, datetime]] = {}
    accepted: dict[str, datetime] = {}
    for activity in sorted(activities, key=lambda a: a.timestamp):
        if activity.kind is ActivityKind.CREATED and activity.item_id not in creator:
            creator[activity.item_id] = (activity.actor_id, activity.timestamp)
        elif activity.kind is ActivityKind.ACCEPTED:
            accepted[activity.item_id] = activity.timestamp
    return creator, accepted


class _Api:
    """py-trello calls with the retry policy and Trello's errors turned into one-line ones."""

    def __init__(self, client: TrelloClient, session: TrelloSession, policy: RetryPolicy) -> None:
        self.client, self.session, self.policy = client, session, policy
        self.count = 0

    def _classify(self, exc: BaseException) -> Failure:
        failure = classify(exc)
        if failure.status == 429 and failure.retry_after is None:
            retry_after = self.session.last_retry_after
            if retry_after is not None:
                failure = Failure(True, failure.reason, 429, retry_after)
        return failure

    def call(self, fn: Callable[[], Any], what: str, *, board_ref: str | None = None) -> Any:
        def attempt() -> Any:
            self.count += 1
            return fn()

        try:
            return self.policy.call(
                attempt, what=what, service="Trello", classify_error=self._classify
            )
        except ResourceUnavailable as exc:
            raise _error(exc, what, board_ref) from None

    def get(self, path: str, params: dict[str, Any], what: str, **kw: Any) -> Any:
        return self.call(
            lambda: self.client.fetch_json(path, query_params=dict(params)), what, **kw
        )


def _error(exc: ResourceUnavailable, what: str, board_ref: str | None) -> SourceError:
    status = getattr(exc, "_status", None)
    body = str(getattr(exc, "_msg", "")).split(" at http")[0]
    said = one_line(redact(body), 120)
    if status == 401 and any(s in said.lower() for s in _BAD_CREDENTIALS):
        return AuthError(
            f"Trello rejected the API key or token ({said}); check TRELLO_API_KEY and "
            "TRELLO_TOKEN (a key and a token from https://trello.com/power-ups/admin)"
        )
    if board_ref is not None and status in (400, 401, 403, 404):
        return NotFoundError(
            f"Trello board {board_ref!r} not found or not visible to this token (HTTP {status}: "
            f"{said}); check the id or URL and that the token's member can open the board"
        )
    if status in (401, 403):
        return AuthError(
            f"Trello refused {what} (HTTP {status}: {said}); check TRELLO_API_KEY and "
            "TRELLO_TOKEN and the token's access"
        )
    if status == 404:
        return NotFoundError(f"Trello has no {what} (HTTP 404: {said})")
    return RemoteError(f"Trello answered HTTP {status} to {what}: {said}")


class _BoardSync:
    """One board into the store: resumable, page by page."""

    def __init__(
        self,
        api: _Api,
        store: Store,
        ref: str,
        *,
        full: bool,
        on_progress: ProgressFn | None,
    ) -> None:
        self.api, self.store, self.ref, self.full = api, store, ref, full
        self.on_progress = on_progress
        self.people: dict[str, Person] = {}

    def progress(self, done: int, total: int, what: str) -> None:
        if self.on_progress is not None:
            self.on_progress(done, total, what)

    def meta(self) -> dict[str, Any]:
        """The board itself (name, url, labels); NotFoundError when the token cannot see it."""
        return self.api.get(
            f"/boards/{self.ref}",
            {
                "fields": "name,shortLink,url,idOrganization,closed,dateLastActivity",
                "labels": "all",
            },
            f"the board {self.ref}",
            board_ref=self.ref,
        )

    def run(
        self, done: set[str] | None = None, meta: dict[str, Any] | None = None
    ) -> BoardFetch | None:
        """Sync the board; None when its id is in ``done`` (the same board under another name).

        ``meta``: the board as :meth:`meta` gave it already (saves asking again).
        """
        api, store = self.api, self.store
        meta = meta if meta is not None else self.meta()
        board_id, name = str(meta["id"]), str(meta.get("name") or meta["id"])
        if done is not None:
            if board_id in done:
                return None
            done.add(board_id)
        url = meta.get("url") or f"https://trello.com/b/{meta.get('shortLink') or board_id}"
        known = store.find_source(SOURCE, board_id)
        was_live = False
        if known is not None:
            info = next(s for s in store.sources(SOURCE) if s.id == known)
            was_live = bool(info.origin and info.origin.startswith("https://trello.com/"))
        source_id = store.source(SOURCE, board_id, name, origin=url)
        state = store.sync_state(source_id)
        incremental = not self.full and was_live and state.last_sync is not None
        query = f"trello board {board_id} {'incremental' if incremental else 'full'}"
        state = store.begin_sync(source_id, query)
        cursor = state.cursor
        if not cursor:
            newest = store.newest_activity(source_id) if incremental else None
            cursor = {
                "phase": "actions",
                "since": (newest - OVERLAP).isoformat() if newest else None,
                "before": None,
                "cards_before": None,
                "last_sync": state.last_sync.isoformat()
                if incremental and state.last_sync
                else None,
            }
            store.save_page(source_id, cursor=cursor, advance_cursor=True)
        result = BoardFetch(source_id, board_id, name, incremental=bool(cursor["last_sync"]))

        tboard = TrelloBoard(client=api.client, board_id=board_id, name=name)
        lists = api.call(lambda: tboard.get_lists("all"), f"the lists of {name!r}")
        lists_by_id = {
            lst.id: {"id": lst.id, "name": lst.name, "closed": bool(lst.closed)} for lst in lists
        }
        labels_by_id = {lbl["id"]: lbl for lbl in meta.get("labels") or [] if lbl.get("id")}
        members = api.call(
            lambda: tboard.get_members({"filter": "all", "fields": "fullName,username"}),
            f"the members of {name!r}",
        )
        for member in members:
            add_person(self.people, member.id, member.full_name, username=member.username or None)
        # Definitions of custom fields; card values come with the cards (customFieldItems).
        definitions = api.call(
            tboard.get_custom_field_definitions, f"the custom fields of {name!r}"
        )
        custom_fields = {
            str(d.id): CustomFieldDef(
                str(d.name), str(d.field_type or ""), dict(d.list_options or {})
            )
            for d in definitions or []
            if d.id and d.name
        }
        store.save_page(source_id, people=self.people.values())

        self._actions(tboard, source_id, cursor, lists_by_id, labels_by_id, result)
        self._cards(board_id, source_id, cursor, lists_by_id, labels_by_id, custom_fields, result)
        store.finish_sync(source_id)
        return result

    def _actions(self, tboard, source_id, cursor, lists_by_id, labels_by_id, result) -> None:
        fetched = 0
        since = cursor["since"]

        def fetch(before: tuple[str | None]) -> list:
            return self.api.call(
                lambda: tboard.fetch_actions("all", PAGE, before=before[0], since=since),
                f"the actions of {tboard.name!r}" + (f" before {before[0]}" if before[0] else ""),
            )

        def following(before: tuple[str | None], page: list) -> tuple[str | None] | None:
            return (min(str(a["id"]) for a in page),) if len(page) >= PAGE else None

        # The next (older) page is requested while this one is mapped and saved, here, in order.
        walk = prefetch.pages((cursor["before"],), fetch, following)
        for _, page, _after in walk if cursor["phase"] == "actions" else ():  # lazy: no thread
            activities = []
            for action in page:
                try:
                    activity = map_action(
                        action, lists_by_id, labels_by_id=labels_by_id, people=self.people
                    )
                except RecordError as error:
                    result.skipped.append(f"action {action.get('id', '?')}: {error}")
                    continue
                if activity is not None:
                    activities.append(activity)
            if page:
                cursor["before"] = min(str(a["id"]) for a in page)
            if len(page) < PAGE:
                cursor["phase"] = "cards"
            fetched += len(page)
            result.actions += len(page)
            self.store.save_page(
                source_id, (), activities, self.people.values(), cursor=cursor, advance_cursor=True
            )
            self.progress(fetched, 0, f"actions of {tboard.name}")

    def _card_page(self, board_id: str, params: dict[str, Any], what: str) -> list[dict]:
        page = self.api.get(f"/boards/{board_id}/cards/all", params, what)
        return [c for c in page if isinstance(c, dict)]

    def _listing(self, board_id: str, name: str) -> list[dict]:
        cards: list[dict] = []
        before = None
        while True:
            params: dict[str, Any] = {"fields": LIGHT_FIELDS, "limit": PAGE}
            if before:
                params["before"] = before
            page = self._card_page(board_id, params, f"the card list of {name!r}")
            cards.extend(page)
            if len(page) < PAGE:
                return cards
            before = min(c["id"] for c in page)

    def _cards(
        self, board_id, source_id, cursor, lists_by_id, labels_by_id, custom_fields, result
    ) -> None:
        name = result.name
        listing = self._listing(board_id, name)
        stored = self.store.load_board(source_id, all_activities=True)  # creators of new cards
        creator, accepted = _history(stored.activities)
        mapping = {
            "lists_by_id": lists_by_id,
            "labels_by_id": labels_by_id,
            "creator_by_card": creator,
            "accepted_at": accepted,
            "people": self.people,
            "custom_fields": custom_fields,
        }
        full_params = {
            "fields": CARD_FIELDS,
            "checklists": "all",
            "customFieldItems": "true",
            "limit": PAGE,
        }
        wanted = self._active(cursor, listing, stored, lists_by_id)
        total = len(listing) if wanted is None else len(wanted)
        done = 0
        if wanted is not None and len(wanted) <= SINGLE_CARD_LIMIT:
            for card_id in sorted(wanted):
                card = self._one_card(card_id, full_params)
                if card is not None:
                    self._save_cards(source_id, [card], mapping, result, cursor)
                done += 1
                self.progress(done, total, f"cards of {name}")
        elif cursor["phase"] == "cards":

            def fetch(before: tuple[str | None]) -> list[dict]:
                params = dict(full_params)
                if before[0]:
                    params["before"] = before[0]
                return self._card_page(board_id, params, f"the cards of {name!r}")

            def following(before: tuple[str | None], page: list[dict]) -> tuple[str | None] | None:
                return (min(c["id"] for c in page),) if len(page) >= PAGE else None

            # The next page is requested while this one is mapped and saved, here, in order.
            for _, page, _after in prefetch.pages((cursor["cards_before"],), fetch, following):
                if page:
                    cursor["cards_before"] = min(c["id"] for c in page)
                if len(page) < PAGE:
                    cursor["phase"] = "done"
                keep = page if wanted is None else [c for c in page if c.get("id") in wanted]
                self._save_cards(source_id, keep, mapping, result, cursor)
                done += len(page)
                self.progress(done, len(listing), f"cards of {name}")
        result.removed = len(self.store.mark_removed(source_id, (c["id"] for c in listing)))

    def _active(self, cursor, listing, stored: Board, lists_by_id) -> set[str] | None:
        """Cards to fetch again on an incremental run (None: all of them)."""
        if not cursor.get("last_sync"):
            return None
        last_sync = parse_iso(cursor["last_sync"])
        since = last_sync - OVERLAP if last_sync else None
        items = {item.id: item for item in stored.items}
        touched = {
            a.item_id
            for a in stored.activities
            if cursor.get("since") and a.timestamp >= parse_iso(cursor["since"])
        }
        wanted = set()
        for card in listing:
            card_id = card.get("id")
            item = items.get(card_id)
            lst = lists_by_id.get(card.get("idList")) or {}
            active = parse_iso(card.get("dateLastActivity"))
            if (
                item is None
                or card_id in touched
                or (since is not None and active is not None and active >= since)
                or item.column != lst.get("name")
                or item.closed != (bool(card.get("closed")) or bool(lst.get("closed")))
            ):
                wanted.add(card_id)
        return wanted

    def _one_card(self, card_id: str, params: dict[str, Any]) -> dict | None:
        single = {k: v for k, v in params.items() if k != "limit"}
        try:
            return self.api.get(f"/cards/{card_id}", single, f"the card {card_id}")
        except NotFoundError:
            return None  # deleted since the listing: marked removed below

    def _save_cards(self, source_id, cards, mapping, result, cursor) -> None:
        items = []
        for card in cards:
            try:
                items.append(map_card(card, **mapping))
            except RecordError as error:
                result.skipped.append(f"card {card.get('id', '?')}: {error}")
        for item in items:
            for person_id in (item.assignee, item.reporter, *item.members):
                add_person(self.people, person_id)
        result.cards += len(cards)
        self.store.save_page(
            source_id, items, (), self.people.values(), cursor=cursor, advance_cursor=True
        )


def _client(
    credentials: TrelloCredentials | None,
    *,
    base_url: str | None,
    timeout: float,
    bucket: TokenBucket | None,
) -> tuple[TrelloClient, TrelloSession]:
    creds = credentials or trello_credentials()
    if not creds.complete:
        missing = " and ".join(
            n
            for n, v in (("TRELLO_API_KEY", creds.api_key), ("TRELLO_TOKEN", creds.token))
            if not v
        )
        raise AuthError(
            f"no Trello credentials: set {missing} (a key and a token from "
            f"https://trello.com/power-ups/admin), or put them in {config_path()} (chmod 600)"
        )
    session = TrelloSession(bucket=bucket or TokenBucket(), timeout=timeout, base_url=base_url)
    return TrelloClient(api_key=creds.api_key, token=creds.token, http_service=session), session


def fetch_trello_into_store(
    store: Store,
    *,
    boards: Sequence[str] = (),
    workspace: str | None = None,
    credentials: TrelloCredentials | None = None,
    full: bool = False,
    timeout: float = 30.0,
    policy: RetryPolicy | None = None,
    bucket: TokenBucket | None = None,
    base_url: str | None = None,
    on_progress: ProgressFn | None = None,
) -> TrelloFetchResult:
    """Fetch the given boards (ids, short links, URLs) and/or every open board of a workspace.

    ``base_url`` points the client at another server than Trello (the tests' fake).
    """
    refs = [parse_board_ref(b) for b in boards]
    if not refs and not workspace:
        raise SourceError("give a board (--board ID|SHORTLINK|URL) or a --workspace NAME")
    policy = policy or RetryPolicy(timeout=timeout)
    client, session = _client(credentials, base_url=base_url, timeout=policy.timeout, bucket=bucket)
    api = _Api(client, session, policy)
    result = TrelloFetchResult()
    try:
        if workspace:
            org = Organization(client, workspace.strip())
            try:
                found = api.call(lambda: org.get_boards("open"), f"the boards of {workspace!r}")
            except NotFoundError:
                raise NotFoundError(
                    f"Trello workspace {workspace!r} not found or not visible to this token; "
                    "give its short name as in https://trello.com/w/NAME"
                ) from None
            if not found:
                raise NotFoundError(f"the Trello workspace {workspace!r} has no open boards")
            refs.extend(b.id for b in found if b.id not in refs)
        done: set[str] = set()
        syncs = [
            _BoardSync(api, store, ref, full=full, on_progress=on_progress)
            for ref in dict.fromkeys(refs)
        ]
        # Several boards: check that each exists and is visible before fetching any, so a typo
        # in the third --board fails at once rather than after the first two boards.
        metas = [sync.meta() for sync in syncs] if len(syncs) > 1 else [None]
        for sync, meta in zip(syncs, metas, strict=True):
            fetched = sync.run(done, meta)
            if fetched is not None:
                result.boards.append(fetched)
    finally:
        result.requests = api.count
        session.close()
    return result


def load_fetched_board(store: Store, source_id: int) -> Board:
    """A fetched board from the store, with only the history of cards still stored (as exports)."""
    board = store.load_board(source_id)
    ids = {item.id for item in board.items}
    board.activities = [a for a in board.activities if a.item_id in ids]
    return board


class TrelloLive(Connector):
    """``TrelloLive(store, "SHORTLINK").load()``: fetch one board (incrementally) and load it."""

    name = "trello-live"

    def __init__(self, store: Store, board: str, **options: Any) -> None:
        self.store, self.board, self.options = store, board, options

    def load(self) -> Board:
        result = fetch_trello_into_store(self.store, boards=[self.board], **self.options)
        return load_fetched_board(self.store, result.boards[0].source_id)
