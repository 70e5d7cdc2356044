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
4. incremental sync: a card whose new actions tell all they changed (renamed, described, moved,
   archived, due, members, labels, custom fields, comments …) is updated from them on its stored
   item, without a request (:mod:`.patches`); deleted or moved-away ones are marked removed; only
   the other cards the new actions name are fetched, 10 per ``/1/batch`` request, and the cards
   of lists renamed, archived or moved (``/1/lists/{id}/cards``). Every card is listed again, as
   in a full sync, when that is cheaper, when a label or custom field definition changed, or
   when the last full listing is older than ``REFRESH_AFTER`` (24 h): that catches what actions
   do not record (cards removed or changed without an action, a card's last activity where no
   action moved it). ``--full`` fetches everything again.

A run killed at any point resumes from the saved cursor; every action is stored once (keyed by
its Trello id).

Several boards (``--board`` repeated, a workspace) are each checked first, then synced four at a
time (``BOARDS_AT_ONCE``), all under the token's one pacer (:mod:`connectors._http.several`: the
store and the progress stay on the caller's thread); a board that fails does not stop the others
(:class:`~connectors.live.interface.PartialFetch` names it in one line).

The modules, one job each: :mod:`.fetch` (several boards, the library call, the live source),
:mod:`.sync` (one board from start to end), :mod:`.actions` (action paging), :mod:`.cards` (card
paging), :mod:`.patches` (a changed card's item from its actions), :mod:`.history` (creators
and acceptance dates), :mod:`.ids` (ids as time ranges), :mod:`.persist` (saving pages, the
outcome), :mod:`.transport` (pacing, the request path, errors), :mod:`.url` (what the user
typed). Their names below are imported on first use
(``py-trello`` is heavy); :mod:`.url` is light. May import what :mod:`connectors.live` may (the
domain types, the mapping, the store, ``connectors._http``); never the Jira modules, the export
readers, ``models`` or ``analyzer``.
"""

from __future__ import annotations

import importlib
from typing import Any

from connectors.live.trello.url import API_URL_ENV, TRELLO_API, api_url_from_env, parse_board_ref

#: The public names of the package and the module each lives in (imported when first asked for).
_LAZY = {
    "ACTION_FIELDS": "actions",
    "CARD_FIELDS": "cards",
    "BoardFetch": "persist",
    "TrelloFetchResult": "persist",
    "TrelloSession": "transport",
    "WindowPacer": "transport",
    "shared_limiter": "transport",
    "TrelloSource": "fetch",
    "fetch_trello_into_store": "fetch",
    "load_fetched_board": "fetch",
}

__all__ = [
    "API_URL_ENV",
    "TRELLO_API",
    "api_url_from_env",
    "parse_board_ref",
    *_LAZY,
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
