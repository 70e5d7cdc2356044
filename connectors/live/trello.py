"""Live Trello: boards, lists, cards and their whole action history into the local store.

Through the real ``py-trello`` client (``TrelloClient(api_key, token=...)``, which signs every
request with an OAuth header, so the token is never in a URL). Its ``http_service`` is a
:class:`TrelloSession`: each request passes the shared :class:`WindowPacer` (a request counts from
sending until 10 s after its answer, at most 98 at once: never more than Trello's 100 per 10 s
per token wherever the server counts it; one limiter per token in the process), carries a
timeout, and, only when a ``base_url`` is given (tests, benchmarks), goes to that server instead
of https://api.trello.com. Failures are retried by the shared
:class:`connectors._http.retry.RetryPolicy`
(429 waits, 5xx / timeouts / cuts back off). Up to ``WORKERS`` requests are in flight at once
(:func:`connectors._http.prefetch.ranges`); pages are mapped and saved on the caller's thread.

Per board, one sync (see :func:`fetch_trello_into_store`):

1. one request: the board with its lists (open and closed), labels, members and custom field
   definitions (nested resources);
2. actions, ``limit=1000`` pages, newest first; once the first page shows how dense the history
   is, the rest is cut into ranges of ids (ids carry their second) walked side by side, and a busy
   range is cut again when workers idle. Each page is mapped with
   :func:`connectors.mapping.trello.map_action` and saved in one transaction with the ranges left
   to walk (the cursor). An incremental run asks only for actions since the newest stored one
   (less 1 s);
3. full sync: every card (open and archived), listed in ranges of fewer than 1000 ids known from
   the history (one request each), mapped with :func:`connectors.mapping.trello.map_card`; cards
   no longer on the board are marked removed;
4. incremental sync: only the cards the new actions name, 10 per ``/1/batch`` request (deleted or
   moved-away ones are marked removed), and the cards of lists renamed, archived or moved
   (``/1/lists/{id}/cards``). Every card is listed again, as in a full sync, when that is cheaper,
   when a label or custom field definition changed, or when the last full listing is older than
   ``REFRESH_AFTER`` (24 h): that catches what actions do not record (cards removed or changed
   without an action). ``--full`` fetches everything again.

A run killed at any point resumes from the saved cursor; every action is stored once (keyed by
its Trello id).
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import requests
from trello import TrelloClient
from trello.exceptions import ResourceUnavailable
from trello.organization import Organization

from _runtime.gc_pause import collector_paused
from connectors._http import prefetch
from connectors._http.pacing import WindowPacer
from connectors._http.retry import Failure, RetryPolicy, classify
from connectors.credentials import TrelloCredentials, config_path, redact, trello_credentials
from connectors.interface import (
    Activity,
    ActivityKind,
    AuthError,
    Board,
    NotFoundError,
    Person,
    Progress,
    RemoteError,
    SourceError,
)
from connectors.live.interface import LiveSource
from connectors.live.trello_cards import cards_by_id
from connectors.live.trello_url import api_url_from_env
from connectors.mapping.common import RecordError, add_person, one_line
from connectors.mapping.trello import SOURCE, custom_field_defs, map_action, map_card
from connectors.merge import merge_boards
from connectors.store import Store

__all__ = [
    "TRELLO_API",
    "BoardFetch",
    "WindowPacer",
    "TrelloFetchResult",
    "TrelloSource",
    "TrelloSession",
    "fetch_trello_into_store",
    "parse_board_ref",
    "shared_limiter",
]

TRELLO_API = "https://api.trello.com"
PAGE = 1000  # Trello's largest page of actions / cards
#: Requests counted in any WINDOW seconds (the shared :class:`WindowPacer`; Trello allows 100 per
#: 10 s per token): 2 kept for anything else using the token.
LIMIT, WINDOW = 98, 10.0
#: Requests in flight at once (each listing range has at most one).
WORKERS = 4
#: Incremental runs re-ask this much before the newest stored action.
OVERLAP = timedelta(seconds=1)
#: Incremental runs list every card again when the last full listing is older than this: it
#: catches what actions do not record (label renames, custom field definitions, cards removed
#: without an action). ``--full`` does it at once.
REFRESH_AFTER = timedelta(hours=24)
#: Full cards per ``/1/batch`` request (Trello's most), and known cards per card listing range.
BATCH, CARD_CHUNK = 10, 950
#: What the mapping reads of a card and of an action (``map_card`` / ``map_action``; a test maps
#: whole and trimmed records alike): Trello's full records are several times bigger.
CARD_FIELDS = (
    "name,desc,idList,labels,idLabels,idMembers,dateLastActivity,closed,due,pos,shortLink,url,"
    "shortUrl,idBoard"
)
ACTION_FIELDS = {
    "fields": "type,date,data,idMemberCreator",
    "memberCreator_fields": "fullName,username",
}
FULL_CARD = {"fields": CARD_FIELDS, "checklists": "all", "customFieldItems": "true"}

_BOARD_URL = re.compile(
    r"^(?:https?://)?(?:www\.)?trello\.com/b/([0-9a-f]{24}|[0-9A-Za-z]{8})(?:\.json)?(?:[/?#].*)?$"
)
_BOARD_ID = re.compile(r"^(?:[0-9a-f]{24}|[0-9A-Za-z]{8})$")
_OBJECT_ID = re.compile(r"[0-9a-f]{24}")
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


_LIMITERS: dict[str, WindowPacer] = {}
_LIMITERS_LOCK = threading.Lock()


def shared_limiter(token: str, base_url: str | None) -> WindowPacer:
    """One limiter per token (and server) in this process, so consecutive syncs share the budget."""
    key = hashlib.sha256(f"{base_url or TRELLO_API}|{token}".encode()).hexdigest()
    with _LIMITERS_LOCK:
        return _LIMITERS.setdefault(key, WindowPacer(LIMIT, WINDOW))


class TrelloSession(requests.Session):
    """The ``http_service`` under py-trello: paced, with a timeout, optionally re-based.

    ``base_url`` replaces https://api.trello.com (a fake server in tests and benchmarks); in
    normal use it is None and requests go to Trello unchanged.
    """

    def __init__(
        self,
        *,
        bucket: WindowPacer,
        timeout: float,
        base_url: str | None = None,
    ) -> None:
        super().__init__()
        self.bucket, self.timeout = bucket, timeout
        self.base_url = base_url.rstrip("/") if base_url else None
        self.last_retry_after: float | None = None

    def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        if self.base_url and url.startswith(TRELLO_API):
            url = self.base_url + url[len(TRELLO_API) :]
        kwargs.setdefault("timeout", self.timeout)
        self.bucket.acquire()
        try:
            response = super().request(method, url, *args, **kwargs)
        finally:
            self.bucket.release()
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
                f"Trello board {b.name!r} ({how}): {_count(b.actions, 'action')} and "
                f"{_count(b.cards, 'card')} fetched, "
                f"{_count(b.removed, 'card')} gone from the board"
            )
            if b.skipped:
                line += f", {_count(len(b.skipped), 'record')} skipped"
            lines.append(line)
        lines.append(f"{_count(self.requests, 'request')} to Trello")
        return "\n".join(lines)


# -- the fetch ----------------------------------------------------------------------------------


class _Api:
    """py-trello calls with the retry policy and Trello's errors turned into one-line ones."""

    def __init__(self, client: TrelloClient, session: TrelloSession, policy: RetryPolicy) -> None:
        self.client, self.session, self.policy = client, session, policy
        self.count = 0
        self._lock = threading.Lock()

    def _classify(self, exc: BaseException) -> Failure:
        failure = classify(exc)
        if failure.status == 429 and failure.retry_after is None:
            retry_after = self.session.last_retry_after
            if retry_after is not None:
                failure = Failure(True, failure.reason, 429, retry_after)
        return failure

    def call(self, fn: Callable[[], Any], what: str, *, board_ref: str | None = None) -> Any:
        def attempt() -> Any:
            with self._lock:
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


def _id_time(object_id: str) -> int:
    """Seconds since the epoch at which a Trello (Mongo) object id was made."""
    return int(object_id[:8], 16)


def _boundary(seconds: float) -> str:
    """The smallest possible object id of that second: ``before=`` it means "older than"."""
    return f"{max(0, int(seconds)):08x}" + "0" * 16


def _below(object_id: str) -> str:
    """The id just under ``object_id``: ``since=`` it (exclusive) means "this id and newer"."""
    return f"{max(0, int(object_id, 16) - 1):024x}"


def _slices(lo: str | None, hi: str | None, t_lo: float, t_hi: float, n: int) -> list[list]:
    """``[lo, hi]`` (ids, exclusive, None = open) cut into ``n`` ranges of equal time, newest first.

    Together they hold exactly the ids of ``[lo, hi]``: each cut at second ``b`` gives
    ``[_below(B), upper]`` (ids >= B) and ``[lower, B]`` (ids < B), with B = ``_boundary(b)``.
    """
    cuts = sorted({int(t_lo + (t_hi - t_lo) * k / n) for k in range(1, n)} - {int(t_lo)})
    bounds = [_boundary(c) for c in cuts if int(t_lo) < c < int(t_hi)]
    if lo is not None:
        bounds = [b for b in bounds if b > lo]
    if hi is not None:
        bounds = [b for b in bounds if b < hi]
    out: list[list] = []
    upper = hi
    for bound in reversed(bounds):
        out.append([_below(bound), upper])
        upper = bound
    out.append([lo, upper])
    return out


class _History:
    """Creator (first creation) and acceptance date (last move to done) per card, by time.

    Fed activities in stored order, it reads the history as ``map_board_json`` reads a whole
    export: the earliest creation (the first saved of equal times), the latest acceptance.
    """

    def __init__(self) -> None:
        self.creator: dict[str, tuple[str | None, datetime]] = {}
        self.accepted: dict[str, datetime] = {}
        self.cards: set[str] = set()  # every card the history names

    def add(self, activity: Activity) -> None:
        self.cards.add(activity.item_id)
        if activity.kind is ActivityKind.CREATED:
            known = self.creator.get(activity.item_id)
            if known is None or activity.timestamp < known[1]:
                self.creator[activity.item_id] = (activity.actor_id, activity.timestamp)
        elif activity.kind is ActivityKind.ACCEPTED:
            known_at = self.accepted.get(activity.item_id)
            if known_at is None or activity.timestamp >= known_at:
                self.accepted[activity.item_id] = activity.timestamp


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


class _People(dict):
    """The people a sync met (id -> Person), and which of them the store has as they are."""

    def __init__(self) -> None:
        super().__init__()
        self._saved: dict[str, tuple] = {}  # what was saved of each person by this run

    def unsaved(self) -> list[Person]:
        """People new or changed since this run last saved them (not all of them every page)."""
        out = []
        for person in self.values():
            seen = (person.display_name, person.email, person.username)
            if self._saved.get(person.id) != seen:
                self._saved[person.id] = seen
                out.append(person)
        return out


class _BoardSync:
    """One board into the store: resumable, several requests in flight under the rate limit."""

    def __init__(
        self,
        api: _Api,
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
        self.people = _People()
        self.history: _History | None = None  # this run's, when it is the whole history

    def progress(self, done: int, total: int, what: str) -> None:
        if self.on_progress is not None:
            self.on_progress("fetch", done, total, what)

    def meta(self) -> dict[str, Any]:
        """The board with its lists, labels, members and custom fields, in one request.

        NotFoundError when the token cannot see it.
        """
        return self.api.get(
            f"/boards/{self.ref}",
            {
                "fields": "name,shortLink,url,idOrganization,closed,dateLastActivity",
                "labels": "all",
                "lists": "all",
                "list_fields": "name,closed",
                "members": "all",
                "member_fields": "fullName,username",
                "customFields": "true",
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
        store = self.store
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
        before = store.sync_state(source_id)
        incremental = not self.full and was_live and before.last_sync is not None
        query = f"trello board {board_id} {'incremental' if incremental else 'full'}"
        state = store.begin_sync(source_id, query)
        cursor = state.cursor
        if not cursor or "ranges" not in cursor:
            cursor = self._first_cursor(source_id, board_id, incremental, state, cursor)
            store.save_page(source_id, cursor=cursor, advance_cursor=True)
            # Nothing stored yet: this run's actions are the whole history.
            if store.newest_activity(source_id) is None:
                self.history = _History()
        result = BoardFetch(source_id, board_id, name, incremental=bool(cursor["last_sync"]))

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
        store.save_page(source_id, people=self.people.unsaved())

        self._actions(board_id, source_id, cursor, lists_by_id, labels_by_id, result)
        mapping = {
            "lists_by_id": lists_by_id,
            "labels_by_id": labels_by_id,
            "people": self.people,
            "custom_fields": custom_fields,
        }
        if cursor["phase"] == "cards":
            self._all_cards(board_id, source_id, cursor, mapping, state, result)
        elif cursor["phase"] == "changed":
            self._changed_cards(board_id, source_id, cursor, mapping, before, result)
        store.finish_sync(source_id)
        return result

    def _first_cursor(self, source_id, board_id, incremental, state, old) -> dict[str, Any]:
        """Where a new sync starts (or an interrupted one of an older version resumes)."""
        newest = self.store.newest_activity(source_id) if incremental else None
        if newest is not None and state.last_sync is not None:
            # Not after the last complete sync began: a later run interrupted (say a --full
            # one) may have stored newer actions without fetching their cards.
            if newest.tzinfo is None:
                newest = newest.replace(tzinfo=UTC)
            newest = min(newest, state.last_sync)
        since = _below(_boundary((newest - OVERLAP).timestamp())) if newest else None
        if old and old.get("phase") == "actions":  # an older version's cursor: keep its place
            ranges = [[old.get("since"), old.get("before")]]  # (its since is a date)
        else:  # newest first; the first full page tells how to share the rest out
            ranges = [[since, None]]
        return {
            "phase": "actions",
            "ranges": ranges,
            "card_ranges": None,
            "last_sync": state.last_sync.isoformat() if incremental and state.last_sync else None,
            "cards": [],  # incremental: cards named by the new actions
            "gone": [],  # incremental: cards found deleted or moved away
            "lists": [],  # incremental: lists renamed, archived or moved
        }

    # -- actions ------------------------------------------------------------------------------

    def _split(self, floor: int) -> Callable[[list, list, int], list[list]]:
        """Cut what is left of a busy range so idle workers can share it (by its density)."""

        def split(rest: list, page: list, idle: int) -> list[list]:
            lo, hi = rest
            if not page or hi is None or (lo is not None and not _OBJECT_ID.fullmatch(lo)):
                return [rest]
            t_lo = _id_time(lo) if lo else floor
            t_hi = _id_time(hi)
            newest = max(str(a.get("id", "")) for a in page)
            span = max(1, _id_time(newest) - t_hi)  # seconds this page of PAGE actions covered
            expected = PAGE * (t_hi - t_lo) / span  # actions left, at that density
            parts = min(idle + 1, int(expected // PAGE))
            if parts < 2 or t_hi - t_lo < parts:
                return [rest]
            return _slices(lo, hi, t_lo, t_hi, parts)

        return split

    def _actions(self, board_id, source_id, cursor, lists_by_id, labels_by_id, result) -> None:
        if cursor["phase"] != "actions":
            return
        name = result.name
        incremental = bool(cursor["last_sync"])
        cards, lists = set(cursor["cards"]), set(cursor["lists"])
        # More changed cards than a listing of all of them costs: stop naming them one by one.
        enough = BATCH * -(-max(1, len(self.store.item_ids(source_id))) // CARD_CHUNK)

        def fetch(span: list) -> list:
            lo, hi = span
            params: dict[str, Any] = {"filter": "all", "limit": PAGE, **ACTION_FIELDS}
            if hi:
                params["before"] = hi
            if lo:
                params["since"] = lo
            what = f"the actions of {name!r}" + (f" before {hi}" if hi else "")
            page = self.api.get(f"/boards/{board_id}/actions", params, what)
            return [a for a in page if isinstance(a, dict)] if isinstance(page, list) else []

        def advance(span: list, page: list) -> list | None:
            if len(page) < PAGE:
                return None
            return [span[0], min(str(a["id"]) for a in page)]

        fetched = 0
        walk = prefetch.ranges(
            cursor["ranges"],
            fetch,
            advance,
            split=self._split(_id_time(board_id)),
            workers=self.workers,
        )
        for _span, page, left in walk:
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
                    if self.history is not None:
                        self.history.add(activity)
                if incremental and not cursor.get("relist") and _note_change(action, cards, lists):
                    cursor["relist"] = True
            cursor["ranges"] = left
            if not left:
                cursor["phase"] = "changed" if incremental else "cards"
            if incremental and len(cards) > enough:
                cursor["relist"], cards = True, set()
            if incremental:
                cursor["cards"], cursor["lists"] = sorted(cards), sorted(lists)
            fetched += len(page)
            result.actions += len(page)
            self.store.save_page(
                source_id, (), activities, self.people.unsaved(), cursor=cursor, advance_cursor=True
            )
            self.progress(fetched, 0, f"actions of {name}")

    # -- cards --------------------------------------------------------------------------------

    def _history_of(self, source_id: int, card_ids: Iterable[str] | None) -> _History:
        """Creators and acceptance dates from the stored history (of these cards, if it can)."""
        if self.history is not None:
            return self.history
        history = _History()
        if card_ids is not None:
            stored = self.store.activities_of(source_id, card_ids)
        else:
            stored = self.store.load_board(source_id, all_activities=True).activities
        for activity in sorted(stored, key=lambda a: a.timestamp):
            history.add(activity)
        return history

    def _card_walk(self, board_id: str, name: str, spans: list) -> Iterator[tuple]:
        def fetch(span: list) -> list[dict]:
            lo, hi = span
            params: dict[str, Any] = dict(FULL_CARD, limit=PAGE)
            if hi:
                params["before"] = hi
            if lo:
                params["since"] = lo
            page = self.api.get(f"/boards/{board_id}/cards/all", params, f"the cards of {name!r}")
            return [c for c in page if isinstance(c, dict)] if isinstance(page, list) else []

        def advance(span: list, page: list[dict]) -> list | None:
            return [span[0], min(c["id"] for c in page)] if len(page) >= PAGE else None

        return prefetch.ranges(spans, fetch, advance, workers=self.workers)

    def _all_cards(self, board_id, source_id, cursor, mapping, state, result) -> None:
        """Every card (open and archived), in ranges of ids known from the history; then the
        cards the board no longer shows are marked removed."""
        name = result.name
        history = self._history_of(source_id, None)
        mapping = dict(mapping, creator_by_card=history.creator, accepted_at=history.accepted)
        if cursor.get("card_ranges") is None:
            known = history.cards | self.store.item_ids(source_id)
            cursor["card_ranges"] = _card_ranges(known)
            self.store.save_page(source_id, cursor=cursor, advance_cursor=True)
        expected = max(1, len(self.store.item_ids(source_id)), len(history.cards))
        done = 0
        for _span, page, left in self._card_walk(board_id, name, cursor["card_ranges"]):
            cursor["card_ranges"] = left
            self._save_cards(source_id, page, mapping, result, cursor)
            done += len(page)
            self.progress(done, max(done, expected), f"cards of {name}")
        # Every card on the board was saved by this sync (resumed or not): the rest are gone.
        if state.started_at is not None:
            seen = self.store.fetched_since(source_id, state.started_at)
            result.removed = len(self.store.mark_removed(source_id, seen))

    def _changed_cards(self, board_id, source_id, cursor, mapping, before, result) -> None:
        """Incremental: only the cards the new actions name (in batches of 10), the cards of
        lists renamed, archived or moved, and the cards gone; all cards when a refresh is due."""
        present = self.store.item_ids(source_id, include_removed=False)
        wanted = set(cursor["cards"])
        batches = -(-len(wanted) // BATCH)
        pages = -(-max(1, len(present)) // CARD_CHUNK)
        checked = before.last_removal_check
        due = self.refresh_after is not None and (
            checked is None or datetime.now(checked.tzinfo) - checked >= self.refresh_after
        )
        if due or cursor.get("relist") or batches + len(cursor["lists"]) > pages:
            cursor["phase"], cursor["card_ranges"] = "cards", None
            state = self.store.sync_state(source_id)
            self._all_cards(board_id, source_id, cursor, mapping, state, result)
            return
        name = result.name
        history = self._history_of(source_id, wanted)
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
                elif card.get("idBoard") not in (None, board_id):
                    gone.add(str(card.get("id")))  # moved to another board
                else:
                    cards.append(card)
            cursor["lists"] = [j[1] for j in left if j[0] == "list"]
            cursor["cards"] = sorted({c for j in left if j[0] == "cards" for c in j[1:]})
            cursor["gone"] = sorted(gone)
            self._save_cards(source_id, cards, mapping, result, cursor)
            done += len(job) - 1 if job[0] == "cards" else 0
            self.progress(done, total, f"cards of {name}")
        if gone:
            keep = self.store.item_ids(source_id, include_removed=False) - gone
            removed = self.store.mark_removed(source_id, keep, checked_at=checked)
            result.removed = len(removed)

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
            source_id, items, (), self.people.unsaved(), cursor=cursor, advance_cursor=True
        )


def _note_change(action: dict, cards: set[str], lists: set[str]) -> bool:
    """What an incremental run must fetch again because of this action; True: every card.

    Every card an action names (deleted or moved away ones too: fetching them tells), the lists
    renamed, archived or moved between boards (their cards' column or state changed), and all
    cards when a label or a custom field definition changed (every card showing it changed).
    """
    data = action.get("data")
    if not isinstance(data, dict):
        return False
    card = data.get("card")
    if isinstance(card, dict):
        if card.get("id"):
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


def _card_ranges(known: set[str]) -> list[list]:
    """Ranges of card ids (newest first) of fewer than PAGE known cards each: one request each."""
    ids = sorted(known, reverse=True)
    starts = [min(ids[i : i + CARD_CHUNK]) for i in range(0, len(ids), CARD_CHUNK)]
    if len(starts) <= 1:
        return [[None, None]]
    spans, upper = [], None
    for start in starts[:-1]:
        spans.append([_below(start), upper])
        upper = start
    spans.append([None, upper])
    return spans


def _client(
    credentials: TrelloCredentials | None,
    *,
    base_url: str | None,
    timeout: float,
    bucket: WindowPacer | None,
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
    limiter = bucket or shared_limiter(str(creds.token), base_url)
    session = TrelloSession(bucket=limiter, timeout=timeout, base_url=base_url)
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
    bucket: WindowPacer | None = None,
    base_url: str | None = None,
    on_progress: Progress | None = None,
    workers: int = WORKERS,
    refresh_after: timedelta | None = REFRESH_AFTER,
) -> TrelloFetchResult:
    """Fetch the given boards (ids, short links, URLs) and/or every open board of a workspace.

    ``base_url`` points the client at another server than Trello (the tests' fake). ``bucket``:
    the pacing (default: one :class:`WindowPacer` per token in this process). ``workers``:
    requests in flight at once. ``refresh_after``: how old the last full card listing may be
    before an incremental run lists every card again (None: only with ``full``).
    """
    refs = [parse_board_ref(b) for b in boards]
    if not refs and not workspace:
        raise SourceError("give a board (--board ID|SHORTLINK|URL) or a --workspace NAME")
    policy = policy or RetryPolicy(timeout=timeout)
    client, session = _client(credentials, base_url=base_url, timeout=policy.timeout, bucket=bucket)
    api = _Api(client, session, policy)
    result = TrelloFetchResult()
    try:
        with collector_paused():
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
                _BoardSync(
                    api,
                    store,
                    ref,
                    full=full,
                    on_progress=on_progress,
                    workers=workers,
                    refresh_after=refresh_after,
                )
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


_WORKSPACE = re.compile(r"^(?:workspace:|(?:https?://)?(?:www\.)?trello\.com/w/)([^/?#\s]+)")


class TrelloSource(LiveSource):
    """Live Trello behind the live-source interface: TARGET is a board id, short link or URL,
    several of them separated by commas, or a workspace (``workspace:NAME`` or
    https://trello.com/w/NAME). The fetcher's ``retry`` keyword is its retry policy."""

    name = "trello"
    offline = (
        "export the board (Menu → Print, export and share → Export as JSON) and scan that file"
    )

    def check(self, target: str | None, *, server: str | None = None) -> str:
        if server is not None:
            raise SourceError("--server is for Jira; Trello is always https://api.trello.com")
        if not target or not target.strip():
            raise SourceError(
                "give the Trello board: backlog-analyzer scan trello BOARD (id, short link or URL)"
            )
        return target

    def fetch(
        self,
        store: Store,
        target: str,
        *,
        server: str | None = None,
        on_progress: Progress | None = None,
        **options: Any,
    ) -> TrelloFetchResult:
        if "retry" in options:
            options["policy"] = options.pop("retry")
        if "base_url" not in options:
            options["base_url"] = api_url_from_env()
        match = _WORKSPACE.match(target.strip())
        return fetch_trello_into_store(
            store,
            boards=[] if match else [t for t in target.split(",") if t.strip()],
            workspace=match.group(1) if match else None,
            on_progress=on_progress,
            **options,
        )

    def load(self, store: Store, outcome: TrelloFetchResult) -> Board:  # type: ignore[override]
        return merge_boards([load_fetched_board(store, sid) for sid in outcome.source_ids])


def _count(n: int, noun: str) -> str:
    """``1 card``, ``2 cards``, ``0 cards``."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
