"""A fake Trello REST API (``/1/...``) on :class:`tests.fakes.http.FakeHTTPServer`.

It serves boards given in the shape of Trello's JSON export (the dict ``map_board_json`` reads),
so a test can fetch a board live and compare with the same board read as an export. Spoken
shapes: board, lists, cards (open/closed, ``checklists=all``, ``customFieldItems=true``,
``limit``/``before``/``since`` by id, newest first when paged), one card, checklists, members,
custom fields, actions (``filter``, ``limit`` ≤ 1000, ``before``/``since`` by id or date, newest
first; ``fields`` as asked: an ``appCreator`` only with ``all`` or when named), organization boards
and ``members/me``.

Auth is checked like Trello: the OAuth header (what ``py-trello`` sends) or ``key``/``token`` query
parameters; a wrong key or token gets 401 ``invalid key`` / ``invalid token``, a board the token
may not see gets 401 ``unauthorized permission requested``. The per-token rate limit answers 429
with Trello's ``API_TOKEN_LIMIT_EXCEEDED`` body (and no Retry-After, as Trello). Other faults (500,
slow answers, cut connections) come from the base server's ``inject``.

Reusable by benchmarks: ``FakeTrello(boards=[synthetic_board(cards=2000, actions=20000)])``.
"""

from __future__ import annotations

import bisect
import copy
import json
import random
import re
import ssl
import threading
import time
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from tests.fakes.http import FakeHTTPServer, RateLimit, Request, Response

__all__ = [
    "CREDENTIALS_ENV",
    "KEY",
    "TOKEN",
    "FakeTrello",
    "board_json",
    "object_id",
    "synthetic_board",
    "workspace_json",
]

KEY = "f" * 32
TOKEN = "ATTA" + "0123456789abcdef" * 4
CREDENTIALS_ENV = {"TRELLO_API_KEY": KEY, "TRELLO_TOKEN": TOKEN}  # as the CLI reads them
MAX_LIMIT = 1000
_HEX24 = re.compile(r"[0-9a-f]{24}")
_SHORT = re.compile(r"[0-9A-Za-z]{8}")
_OAUTH_PARAM = re.compile(r'(\w+)="([^"]*)"')
#: Top-level board keys that are collections, served by their own endpoints.
_NESTED = ("actions", "cards", "lists", "members", "checklists", "labels", "customFields")


_FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def board_json() -> dict:
    """The live tests' board (tests/fixtures/trello_live_board.json), a fresh copy each call."""
    return json.loads((_FIXTURES / "trello_live_board.json").read_text(encoding="utf-8"))


def workspace_json() -> dict:
    """The live tests' workspace of boards (tests/fixtures/trello_live_workspace.json)."""
    return json.loads((_FIXTURES / "trello_live_workspace.json").read_text(encoding="utf-8"))


def object_id(when: datetime, seq: int) -> str:
    """A Trello-style id: 8 hex digits of creation time, then 16 of a sequence number."""
    return f"{int(when.timestamp()):08x}{seq:016x}"


def _iso(when: datetime) -> str:
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{when.microsecond // 1000:03d}Z"


def _parse_date(value: str) -> datetime | None:
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _select(obj: dict, fields: str | None) -> dict:
    if not fields or fields == "all":
        return obj
    wanted = {f.strip() for f in fields.split(",")} | {"id"}
    return {k: v for k, v in obj.items() if k in wanted}


class FakeTrello:
    """The fake service. ``boards`` are export-shaped dicts (copied; mutate through the helpers).

    ``workspaces`` maps an organization name to board ids; ``hidden`` board ids exist but the
    token may not see them. ``rate_limit``/``window``: requests allowed per token per window.
    """

    def __init__(
        self,
        boards: Iterable[dict] = (),
        *,
        workspaces: dict[str, list[str]] | None = None,
        hidden: Iterable[str] = (),
        key: str = KEY,
        token: str = TOKEN,
        rate_limit: int | None = 100,
        key_limit: int | None = 300,
        window: float = 10.0,
        port: int = 0,
        tls: ssl.SSLContext | None = None,
    ) -> None:
        self.server = FakeHTTPServer(port=port, tls=tls)  # tls: HTTPS with its certificate
        # Answer without waiting for the client's delayed ACK (40 ms per request otherwise).
        self.server._httpd.RequestHandlerClass.disable_nagle_algorithm = True  # type: ignore[attr-defined]
        self.key, self.token = key, token
        self.boards: dict[str, dict] = {}
        for board in boards:
            self.add_board(board)
        self.workspaces = dict(workspaces or {})
        self.hidden = set(hidden)
        self.rate_limit, self.key_limit, self.window = rate_limit, key_limit, window
        self.throttled = 0  # 429s answered for the rate limit
        self._limits: dict[str, RateLimit] = {}
        self._lock = threading.Lock()
        self._seq = 10**6
        self.batched: list[Request] = []  # the GETs inside /1/batch requests
        self._order: dict[tuple[str, str], tuple] = {}  # sorted-by-id caches
        self._routes()

    # -- life cycle -----------------------------------------------------------------------

    @property
    def url(self) -> str:
        return self.server.url

    def __enter__(self) -> FakeTrello:
        self.server.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.stop()

    # -- data and mutations ---------------------------------------------------------------

    def add_board(self, board: dict) -> dict:
        board = copy.deepcopy(board)
        for key in _NESTED:
            board.setdefault(key, [])
        self.boards[board["id"]] = board
        return board

    def board(self, ref: str) -> dict | None:
        if ref in self.boards:
            return self.boards[ref]
        return next((b for b in self.boards.values() if b.get("shortLink") == ref), None)

    def next_id(self, when: datetime) -> str:
        with self._lock:
            self._seq += 1
            return object_id(when, self._seq)

    def move_card(
        self,
        board_id: str,
        card_id: str,
        list_name: str,
        member: dict,
        when: datetime,
        app: dict | None = None,
    ) -> dict:
        """Move a card to another list, as a person would (or ``app`` for them: Butler's rule
        moves it as the member who made the rule): the card changes, an action appears."""
        board = self.boards[board_id]
        card = next(c for c in board["cards"] if c["id"] == card_id)
        lists = {lst["id"]: lst for lst in board["lists"]}
        target = next(lst for lst in board["lists"] if lst["name"] == list_name)
        before = lists[card["idList"]]
        card["idList"] = target["id"]
        card["dateLastActivity"] = _iso(when)
        return self.add_action(
            board_id,
            "updateCard",
            member,
            when,
            {
                "card": {"id": card_id, "name": card["name"], "idList": target["id"]},
                "old": {"idList": before["id"]},
                "listBefore": {"id": before["id"], "name": before["name"]},
                "listAfter": {"id": target["id"], "name": target["name"]},
            },
            app,
        )

    def rename_list(
        self, board_id: str, old_name: str, new_name: str, member: dict, when: datetime
    ) -> dict:
        """Rename a list: its cards' column changes, though the cards themselves are not touched."""
        board = self.boards[board_id]
        target = next(lst for lst in board["lists"] if lst["name"] == old_name)
        target["name"] = new_name
        return self.add_action(
            board_id,
            "updateList",
            member,
            when,
            {"list": {"id": target["id"], "name": new_name}, "old": {"name": old_name}},
        )

    def _card_ref(self, board_id: str, card_id: str) -> tuple[dict, dict]:
        board = self.boards[board_id]
        card = next(c for c in board["cards"] if c["id"] == card_id)
        ref = {"id": card_id, "name": card["name"], "idShort": card.get("idShort")}
        if card.get("shortLink"):
            ref["shortLink"] = card["shortLink"]
        return card, ref

    def update_card(
        self, board_id: str, card_id: str, member: dict, when: datetime, **fields: Any
    ) -> dict:
        """Change a card's fields (name, desc, due, closed, pos, idList) as Trello's
        ``updateCard`` records it: ``data.card`` with the new values, ``data.old`` the old ones;
        a move names the lists before and after, any other change the card's list."""
        board = self.boards[board_id]
        card, ref = self._card_ref(board_id, card_id)
        lists = {lst["id"]: lst for lst in board["lists"]}
        old = {key: card.get(key) for key in fields}
        before = lists[card["idList"]]
        card.update(fields)
        card["dateLastActivity"] = _iso(when)
        data: dict[str, Any] = {"card": {**ref, "name": card["name"], **fields}, "old": old}
        if "idList" in fields:
            after = lists[fields["idList"]]
            data["listBefore"] = {"id": before["id"], "name": before["name"]}
            data["listAfter"] = {"id": after["id"], "name": after["name"]}
        else:
            data["list"] = {"id": before["id"], "name": before["name"]}
        return self.add_action(board_id, "updateCard", member, when, data)

    def card_member(
        self,
        board_id: str,
        card_id: str,
        member_id: str,
        member: dict,
        when: datetime,
        *,
        add: bool,
    ) -> dict:
        """Add a member to a card (appended, as Trello orders them) or remove one."""
        card, ref = self._card_ref(board_id, card_id)
        members = card.setdefault("idMembers", [])
        if add and member_id not in members:
            members.append(member_id)
        elif not add and member_id in members:
            members.remove(member_id)
        card["dateLastActivity"] = _iso(when)
        kind = "addMemberToCard" if add else "removeMemberFromCard"
        data = {"card": ref, "idMember": member_id, "member": {"id": member_id}}
        return self.add_action(board_id, kind, member, when, data)

    def card_label(
        self, board_id: str, card_id: str, label_id: str, member: dict, when: datetime, *, add: bool
    ) -> dict:
        """Put a board label on a card (after its others) or take one off."""
        board = self.boards[board_id]
        card, ref = self._card_ref(board_id, card_id)
        label = next(lbl for lbl in board["labels"] if lbl["id"] == label_id)
        ids = card.setdefault("idLabels", [])
        if add and label_id not in ids:
            ids.append(label_id)
        elif not add and label_id in ids:
            ids.remove(label_id)
        by_id = {lbl["id"]: lbl for lbl in board["labels"]}
        card["labels"] = [dict(by_id[i], idBoard=board_id) for i in ids]
        card["dateLastActivity"] = _iso(when)
        kind = "addLabelToCard" if add else "removeLabelFromCard"
        named = {"id": label_id, "name": label.get("name"), "color": label.get("color")}
        data = {"card": ref, "label": named, "text": label.get("name"), "value": label.get("color")}
        return self.add_action(board_id, kind, member, when, data)

    def card_field(
        self,
        board_id: str,
        card_id: str,
        field_id: str,
        member: dict,
        when: datetime,
        *,
        value: dict | None = None,
        id_value: str | None = None,
    ) -> dict:
        """Set (or, with neither ``value`` nor ``id_value``, clear) a card's custom field."""
        board = self.boards[board_id]
        card, ref = self._card_ref(board_id, card_id)
        field = next(f for f in board["customFields"] if f["id"] == field_id)
        items = card.setdefault("customFieldItems", [])
        before = next((i for i in items if i.get("idCustomField") == field_id), None)
        old = (
            {}
            if before is None
            else {"value": before.get("value"), "idValue": before.get("idValue")}
        )
        entry = {
            "id": before["id"] if before else self.next_id(when),
            "idCustomField": field_id,
            "idModel": card_id,
            "modelType": "card",
            "value": value,
            "idValue": id_value,
        }
        if before is not None:
            items.remove(before)
        if value is not None or id_value is not None:
            items.append(entry)
        card["dateLastActivity"] = _iso(when)
        named = {"id": field_id, "name": field["name"], "type": field.get("type")}
        data = {"card": ref, "customField": named, "customFieldItem": entry, "old": old}
        return self.add_action(board_id, "updateCustomFieldItem", member, when, data)

    def create_card(
        self, board_id: str, list_name: str, name: str, member: dict, when: datetime
    ) -> dict:
        """A new card at the bottom of a list, with its ``createCard`` action; the card."""
        board = self.boards[board_id]
        target = next(lst for lst in board["lists"] if lst["name"] == list_name)
        card_id = self.next_id(when)
        short = f"N{card_id[-7:]}"
        card = {
            "id": card_id,
            "name": name,
            "desc": "",
            "idBoard": board_id,
            "idList": target["id"],
            "idMembers": [],
            "idLabels": [],
            "labels": [],
            "closed": False,
            "due": None,
            "dueComplete": False,
            "dateLastActivity": _iso(when),
            "pos": 1e6,
            "shortLink": short,
            "shortUrl": f"https://trello.com/c/{short}",
            "url": f"https://trello.com/c/{short}/new-card",
            "isTemplate": False,
            "customFieldItems": [],
        }
        board["cards"].append(card)
        self._order.pop((board_id, "cards"), None)  # (a card deleted and one made: same length)
        ref = {"id": card_id, "name": name, "idShort": len(board["cards"]), "shortLink": short}
        data = {"card": ref, "list": {"id": target["id"], "name": target["name"]}}
        self.add_action(board_id, "createCard", member, when, data)
        return card

    def delete_card(self, board_id: str, card_id: str, member: dict, when: datetime) -> dict:
        """Delete a card: it leaves the board, a ``deleteCard`` action names it."""
        board = self.boards[board_id]
        card = next(c for c in board["cards"] if c["id"] == card_id)
        board["cards"].remove(card)
        self._order.pop((board_id, "cards"), None)
        return self.add_action(
            board_id,
            "deleteCard",
            member,
            when,
            {
                "card": {"id": card_id, "idShort": card.get("idShort")},
                "list": {"id": card["idList"]},
            },
        )

    def comment(self, board_id: str, card_id: str, text: str, member: dict, when: datetime) -> dict:
        board = self.boards[board_id]
        card = next(c for c in board["cards"] if c["id"] == card_id)
        card["dateLastActivity"] = _iso(when)
        return self.add_action(
            board_id,
            "commentCard",
            member,
            when,
            {"card": {"id": card_id, "name": card["name"]}, "text": text},
        )

    def add_action(
        self,
        board_id: str,
        kind: str,
        member: dict,
        when: datetime,
        data: dict,
        app: dict | None = None,
    ) -> dict:
        """A new action by ``member``; ``app``: the ``appCreator`` Trello gives it when an app
        made it (Butler's rules act as the member who made them: ``{"id": ..., "name":
        "Butler"}``), answered only to a request whose ``fields`` are ``all`` or name it."""
        board = self.boards[board_id]
        action = {
            "id": self.next_id(when),
            "idMemberCreator": member["id"],
            "type": kind,
            "date": _iso(when),
            "data": {**data, "board": {"id": board_id, "name": board["name"]}},
            "memberCreator": {
                "id": member["id"],
                "fullName": member.get("fullName"),
                "username": member.get("username"),
            },
        }
        if app is not None:
            action["appCreator"] = app
        board["actions"].insert(0, action)
        return action

    # -- routes ---------------------------------------------------------------------------

    def _routes(self) -> None:
        self._batchable = [
            (re.compile(r"/1/cards/(?P<card_id>[^/]+)"), self._card),
            (re.compile(r"/1/boards/(?P<ref>[^/]+)"), self._board),
            (re.compile(r"/1/lists/(?P<list_id>[^/]+)/cards"), self._list_cards),
        ]
        route = self.server.route
        route("GET", "/1/members/me", self._guard(self._me))
        route("GET", "/1/boards/{ref}", self._guard(self._board))
        route("GET", "/1/boards/{ref}/lists", self._guard(self._lists))
        route("GET", "/1/boards/{ref}/cards", self._guard(self._cards))
        route("GET", "/1/boards/{ref}/cards/{card_filter}", self._guard(self._cards))
        route("GET", "/1/boards/{ref}/members", self._guard(self._members))
        route("GET", "/1/boards/{ref}/customFields", self._guard(self._custom_fields))
        route("GET", "/1/boards/{ref}/checklists", self._guard(self._checklists))
        route("GET", "/1/boards/{ref}/actions", self._guard(self._actions))
        route("GET", "/1/cards/{card_id}", self._guard(self._card))
        route("GET", "/1/lists/{list_id}/cards", self._guard(self._list_cards))
        route("GET", "/1/lists/{list_id}/cards/{card_filter}", self._guard(self._list_cards))
        route("GET", "/1/batch", self._guard(self._batch))
        route("GET", "/1/organizations/{name}/boards", self._guard(self._org_boards))

    def _guard(self, handler: Any) -> Any:
        def guarded(req: Request, **params: str) -> Any:
            key, token = self._credentials(req)
            if key != self.key:
                return Response(401, "invalid key")
            if token != self.token:
                return Response(401, "invalid token")
            if not self._allow("token:" + token, self.rate_limit):
                return Response(
                    429, {"error": "API_TOKEN_LIMIT_EXCEEDED", "message": "Rate limit exceeded"}
                )
            if not self._allow("key:" + key, self.key_limit):
                return Response(
                    429, {"error": "API_KEY_LIMIT_EXCEEDED", "message": "Rate limit exceeded"}
                )
            if "ref" in params:
                found = self._visible(params.pop("ref"))
                if isinstance(found, Response):
                    return found
                params["board"] = found  # type: ignore[assignment]
            return handler(req, **params)

        return guarded

    @staticmethod
    def _credentials(req: Request) -> tuple[str | None, str | None]:
        header = req.headers.get("Authorization") or ""
        if header.startswith("OAuth "):
            values = dict(_OAUTH_PARAM.findall(header))
            return values.get("oauth_consumer_key"), values.get("oauth_token")
        return req.arg("key"), req.arg("token")

    def _allow(self, who: str, allowed: int | None) -> bool:
        if allowed is None:
            return True
        with self._lock:
            limit = self._limits.setdefault(who, RateLimit(allowed, self.window))
            if limit.allow(self._now()):
                return True
            self.throttled += 1
            return False

    @staticmethod
    def _now() -> float:
        return time.monotonic()

    def _visible(self, ref: str) -> dict | Response:
        board = self.board(ref)
        if board is None:
            if _HEX24.fullmatch(ref) or _SHORT.fullmatch(ref):
                return Response(404, "The requested resource was not found.")
            return Response(400, "invalid id")
        if board["id"] in self.hidden:
            return Response(401, "unauthorized permission requested")
        return board

    # -- handlers -------------------------------------------------------------------------

    def _me(self, req: Request) -> Any:
        return {"id": "5f1a00000000000000000a01", "username": "me", "fullName": "Token Owner"}

    def _board(self, req: Request, board: dict) -> Any:
        top = {k: v for k, v in board.items() if k not in _NESTED}
        out = _select(top, req.arg("fields"))
        # Nested resources (``?lists=all&list_fields=...``), as Trello's GET /1/boards/{id}.
        if req.arg("labels") in ("all", "true"):
            out["labels"] = board["labels"]
        wanted = req.arg("lists")
        if wanted and wanted != "none":
            lists = [
                lst
                for lst in board["lists"]
                if wanted == "all" or bool(lst.get("closed")) == (wanted == "closed")
            ]
            out["lists"] = [_select(lst, req.arg("list_fields")) for lst in lists]
        if req.arg("members") not in (None, "none"):
            out["members"] = [_select(m, req.arg("member_fields")) for m in board["members"]]
        if req.arg("customFields") == "true":
            out["customFields"] = board["customFields"]
        return out

    def _lists(self, req: Request, board: dict) -> Any:
        wanted = req.arg("filter", "open")
        lists = [
            lst
            for lst in board["lists"]
            if wanted == "all" or bool(lst.get("closed")) == (wanted == "closed")
        ]
        return [_select(lst, req.arg("fields")) for lst in lists]

    def _full_card(self, req: Request, board: dict, card: dict) -> dict:
        out = _select(dict(card), req.arg("fields", "all"))
        out.pop("checklists", None)
        out.pop("customFieldItems", None)
        if req.arg("checklists") == "all":
            out["checklists"] = [
                c for c in board["checklists"] if c.get("idCard") == card["id"]
            ] or list(card.get("checklists") or [])
        if req.arg("customFieldItems") == "true":
            out["customFieldItems"] = list(card.get("customFieldItems") or [])
        return out

    def _cards(self, req: Request, board: dict, card_filter: str | None = None) -> Any:
        wanted = card_filter or req.arg("filter", "visible")
        if wanted not in ("all", "open", "closed", "visible"):
            return Response(400, "invalid value for filter")
        cards = (
            [
                c
                for c in board["cards"]
                if wanted == "all" or bool(c.get("closed")) == (wanted == "closed")
            ]
            if not (req.arg("limit") or req.arg("before") or req.arg("since"))
            else []
        )
        limit, before, since = req.arg("limit"), req.arg("before"), req.arg("since")
        if limit or before or since:  # paged by id, newest first (as Trello does)
            if limit is not None and (not limit.isdigit() or not 1 <= int(limit) <= MAX_LIMIT):
                return Response(400, "invalid value for limit")
            ids, ordered = self._sorted(board, "cards")
            lo = bisect.bisect_right(ids, since) if since else 0
            hi = bisect.bisect_left(ids, before) if before else len(ids)
            cards = []
            for card in reversed(ordered[lo:hi]):
                if wanted == "all" or bool(card.get("closed")) == (wanted == "closed"):
                    cards.append(card)
                    if len(cards) >= int(limit or MAX_LIMIT):
                        break
        return [self._full_card(req, board, c) for c in cards]

    def _sorted(self, board: dict, key: str) -> tuple[list[str], list[dict]]:
        """The board's ``key`` objects by id, ascending, and their ids (cached until changed)."""
        objects = board[key]
        stamp = (id(objects), len(objects))
        cached = self._order.get((board["id"], key))
        if cached is None or cached[0] != stamp:
            ordered = sorted(objects, key=lambda o: o["id"])
            cached = (stamp, [o["id"] for o in ordered], ordered)
            self._order[(board["id"], key)] = cached
        return cached[1], cached[2]

    def _card(self, req: Request, card_id: str) -> Any:
        for board in self.boards.values():
            ids, ordered = self._sorted(board, "cards")
            at = bisect.bisect_left(ids, card_id)
            card = ordered[at] if at < len(ids) and ids[at] == card_id else None
            if card is None:
                card = next((c for c in board["cards"] if c.get("shortLink") == card_id), None)
            if card is not None:
                if board["id"] in self.hidden:
                    return Response(401, "unauthorized permission requested")
                return self._full_card(req, board, card)
        return Response(404, "The requested resource was not found.")

    def _list_cards(self, req: Request, list_id: str, card_filter: str | None = None) -> Any:
        wanted = card_filter or req.arg("filter", "open")
        for board in self.boards.values():
            if any(lst["id"] == list_id for lst in board["lists"]):
                if board["id"] in self.hidden:
                    return Response(401, "unauthorized permission requested")
                cards = [
                    c
                    for c in board["cards"]
                    if c.get("idList") == list_id
                    and (wanted == "all" or bool(c.get("closed")) == (wanted == "closed"))
                ]
                return [self._full_card(req, board, c) for c in cards]
        return Response(404, "The requested resource was not found.")

    def _batch(self, req: Request) -> Any:
        """``/1/batch?urls=/cards/ID?fields=all,...``: up to 10 GETs, each answered as
        ``{"200": body}`` or ``{"404": message}`` (its status, its body), in order."""
        urls = [u for u in (req.arg("urls") or "").split(",") if u]
        if not urls or len(urls) > 10:
            return Response(400, "invalid value for urls")
        answers = []
        for url in urls:
            parts = urlsplit(url)
            sub = Request(
                "GET",
                "/1" + parts.path,
                parse_qs(parts.query, keep_blank_values=True),
                req.headers,
                time=req.time,
            )
            self.batched.append(sub)
            result = self._route(sub)
            if isinstance(result, Response):
                answers.append({str(result.status): result.body})
            else:
                answers.append({"200": result})
        return answers

    def _route(self, req: Request) -> Any:
        """A GET inside a batch, through the same handlers (not counted by the rate limit)."""
        if "/batch" in req.path:
            return Response(400, "batch cannot be nested")
        for pattern, handler in self._batchable:
            match = pattern.fullmatch(req.path)
            if match:
                params = match.groupdict()
                if "ref" in params:
                    found = self._visible(params.pop("ref"))
                    if isinstance(found, Response):
                        return found
                    params["board"] = found
                return handler(req, **params)
        return Response(404, "The requested resource was not found.")

    def _members(self, req: Request, board: dict) -> Any:
        return [_select(m, req.arg("fields")) for m in board["members"]]

    def _custom_fields(self, req: Request, board: dict) -> Any:
        return board["customFields"]

    def _checklists(self, req: Request, board: dict) -> Any:
        return board["checklists"]

    def _actions(self, req: Request, board: dict) -> Any:
        limit = req.arg("limit", "50") or "50"
        if not limit.isdigit() or not 0 <= int(limit) <= MAX_LIMIT:
            return Response(400, "invalid value for limit")
        kinds = req.arg("filter", "all") or "all"
        allowed = None if kinds == "all" else set(kinds.split(","))
        ids, ordered = self._sorted(board, "actions")
        lo, hi = 0, len(ids)
        dated: list[tuple[str, Any]] = []
        for name in ("before", "since"):
            value = req.arg(name)
            if not value:
                continue
            if _HEX24.fullmatch(value):  # by id: a slice of the sorted actions
                if name == "before":
                    hi = min(hi, bisect.bisect_left(ids, value))
                else:
                    lo = max(lo, bisect.bisect_right(ids, value))
                continue
            when = _parse_date(value)
            if when is None:
                return Response(400, f"invalid value for {name}")
            dated.append((name, when))
        out = []
        for action in reversed(ordered[lo:hi]):  # newest first
            if allowed is not None and action["type"] not in allowed:
                continue
            if dated:
                date = _parse_date(action["date"])
                if any(
                    not (date < when if name == "before" else date > when) for name, when in dated
                ):
                    continue
            shown = _select(action, req.arg("fields"))
            creator = action.get("memberCreator")
            if isinstance(creator, dict) and req.arg("memberCreator_fields"):
                shown = dict(shown, memberCreator=_select(creator, req.arg("memberCreator_fields")))
            out.append(shown)
            if len(out) >= int(limit):
                break
        return out

    def _org_boards(self, req: Request, name: str) -> Any:
        ids = self.workspaces.get(name)
        if ids is None:
            return Response(404, "The requested resource was not found.")
        wanted = req.arg("filter", "all")
        boards = [self.boards[i] for i in ids if i in self.boards and i not in self.hidden]
        boards = [
            b for b in boards if wanted == "all" or bool(b.get("closed")) == (wanted == "closed")
        ]
        return [
            _select({k: v for k, v in b.items() if k not in _NESTED}, req.arg("fields"))
            for b in boards
        ]


# -- a synthetic board of any size (tests with > 1000 actions, benchmarks) -------------------

_LIST_NAMES = ("Ideas", "Roadmap", "Discovery", "Ready for dev", "Sprint", "Doing", "Done")
_WORDS = ("checkout", "payouts", "onboarding", "refunds", "invoices", "search", "pricing")


def synthetic_board(
    *, cards: int = 60, actions: int = 1500, seed: int = 7, name: str = "Synthetic board"
) -> dict:
    """An export-shaped board with ``cards`` cards and about ``actions`` card actions.

    Every card has its createCard action; the rest are list moves, comments, position changes and
    member changes spread over the cards, one minute apart, so ids sort by time.
    """
    rng = random.Random(seed)
    start = datetime(2023, 1, 2, 8, 0, tzinfo=UTC)
    seq = 0

    def new_id(when: datetime) -> str:
        nonlocal seq
        seq += 1
        return object_id(when, seq)

    board_id = new_id(start)
    members = [
        {"id": new_id(start), "fullName": f"Person {i}", "username": f"person{i}"} for i in range(4)
    ]
    lists = [
        {"id": new_id(start), "idBoard": board_id, "name": n, "closed": False, "pos": 1024 * i}
        for i, n in enumerate(_LIST_NAMES)
    ]
    clock = start
    out_actions: list[dict] = []
    out_cards: list[dict] = []

    def action(kind: str, who: dict, data: dict) -> None:
        nonlocal clock
        clock += timedelta(minutes=1)
        out_actions.append(
            {
                "id": new_id(clock),
                "idMemberCreator": who["id"],
                "type": kind,
                "date": _iso(clock),
                "data": {**data, "board": {"id": board_id, "name": name}},
                "memberCreator": {
                    "id": who["id"],
                    "fullName": who["fullName"],
                    "username": who["username"],
                },
            }
        )

    state: list[dict] = []
    for i in range(cards):
        who = rng.choice(members)
        title = f"{rng.choice(_WORDS).title()} {rng.choice(_WORDS)} #{i}"
        first = lists[rng.randrange(3)]
        clock += timedelta(minutes=1)
        card_id = new_id(clock)
        clock -= timedelta(minutes=1)
        action(
            "createCard",
            who,
            {
                "card": {"id": card_id, "name": title, "idShort": i + 1},
                "list": {"id": first["id"], "name": first["name"]},
            },
        )
        state.append(
            {"id": card_id, "name": title, "list": first, "members": [], "pos": 1024.0 * i}
        )
    for _ in range(max(0, actions - cards)):
        card = rng.choice(state)
        who = rng.choice(members)
        ref = {"id": card["id"], "name": card["name"]}
        roll = rng.random()
        if roll < 0.4:
            target = rng.choice([lst for lst in lists if lst is not card["list"]])
            action(
                "updateCard",
                who,
                {
                    "card": {**ref, "idList": target["id"]},
                    "old": {"idList": card["list"]["id"]},
                    "listBefore": {"id": card["list"]["id"], "name": card["list"]["name"]},
                    "listAfter": {"id": target["id"], "name": target["name"]},
                },
            )
            card["list"] = target
        elif roll < 0.7:
            action("commentCard", who, {"card": ref, "text": f"note {rng.randrange(10**6)}"})
        elif roll < 0.85:
            new_pos = card["pos"] / 2
            action(
                "updateCard", who, {"card": {**ref, "pos": new_pos}, "old": {"pos": card["pos"]}}
            )
            card["pos"] = new_pos
        else:
            member = rng.choice(members)
            action(
                "addMemberToCard",
                who,
                {"card": ref, "idMember": member["id"], "member": {"id": member["id"]}},
            )
            if member["id"] not in card["members"]:
                card["members"].append(member["id"])
    for i, card in enumerate(state):
        out_cards.append(
            {
                "id": card["id"],
                "name": card["name"],
                "desc": "",
                "idList": card["list"]["id"],
                "idMembers": card["members"],
                "idLabels": [],
                "labels": [],
                "closed": i % 10 == 9,
                "dueComplete": False,
                "due": None,
                "dateLastActivity": _iso(clock),
                "pos": card["pos"],
                "shortLink": f"s{i:07d}",
                "url": f"https://trello.com/c/s{i:07d}",
                "idChecklists": [],
                "customFieldItems": [],
            }
        )
    out_actions.reverse()  # newest first, as Trello lists them
    return {
        "id": board_id,
        "name": name,
        "closed": False,
        "shortLink": "SynthB01",
        "url": "https://trello.com/b/SynthB01/synthetic-board",
        "idOrganization": None,
        "actions": out_actions,
        "cards": out_cards,
        "lists": lists,
        "labels": [],
        "members": members,
        "checklists": [],
        "customFields": [],
    }
