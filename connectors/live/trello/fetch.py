"""Trello boards into the store, the library call (:func:`fetch_trello_into_store`) and the live
source (:class:`TrelloSource`): the boards given and/or every open board of a workspace, each
synced by a :class:`~connectors.live.trello.sync.BoardSync` through one client, one retry policy
and the token's one pacer."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import timedelta
from typing import Any

from trello.organization import Organization

from _backlog_analyzer_runtime.gc_pause import collector_paused
from connectors._http.pacing import WindowPacer
from connectors._http.prefetch import in_order
from connectors._http.retry import RetryPolicy
from connectors._http.several import Failed, run_all
from connectors.credentials import TrelloCredentials
from connectors.interface import Board, NotFoundError, Progress, SourceError
from connectors.live.interface import LiveSource, PartialFetch
from connectors.live.trello.persist import BoardFetch, TrelloFetchResult
from connectors.live.trello.sync import REFRESH_AFTER, WORKERS, BoardSync, board_meta
from connectors.live.trello.transport import TrelloApi, connect
from connectors.live.trello.url import api_url_from_env, parse_board_ref
from connectors.merge import merge_boards
from connectors.store import Store

__all__ = ["TrelloSource", "fetch_trello_into_store", "load_fetched_board"]

#: Boards fetched at once (each with up to WORKERS requests in flight, all under the token's one
#: pacer: together they never send more than Trello allows).
BOARDS_AT_ONCE = 4


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
    boards_at_once: int = BOARDS_AT_ONCE,
) -> TrelloFetchResult:
    """Fetch the given boards (ids, short links, URLs) and/or every open board of a workspace.

    ``base_url`` points the client at another server than Trello (the tests' fake). ``bucket``:
    the pacing (default: one :class:`WindowPacer` per token in this process). ``workers``:
    requests in flight at once per board. ``refresh_after``: how old the last full card listing
    may be before an incremental run lists every card again (None: only with ``full``).

    Several boards: each is checked first (a typo in the third fails before any is fetched), then
    ``boards_at_once`` are fetched at a time, all under the one pacer. A board that fails then
    does not stop the others: once they are done,
    :class:`~connectors.live.interface.PartialFetch` names each failed board in one line and
    carries what was fetched (kept in the store; a re-run resumes).
    """
    refs = [parse_board_ref(b) for b in boards]
    if not refs and not workspace:
        raise SourceError("give a board (--board ID|SHORTLINK|URL) or a --workspace NAME")
    policy = policy or RetryPolicy(timeout=timeout)
    threads = max(1, workers) * max(1, boards_at_once) + 2
    client, session = connect(
        credentials, base_url=base_url, timeout=policy.timeout, bucket=bucket, threads=threads
    )
    api = TrelloApi(client, session, policy)
    result = TrelloFetchResult()
    options: dict[str, Any] = {
        "full": full,
        "on_progress": on_progress,
        "workers": workers,
        "refresh_after": refresh_after,
    }
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
            boards = list(dict.fromkeys(refs))
            if len(boards) == 1:
                sync = BoardSync(api, store, boards[0], **options)
                result.boards.append(sync.run())
            else:
                _several(api, store, boards, result, options, boards_at_once)
    finally:
        result.requests = api.count
        session.close()
    return result


def _several(
    api: TrelloApi,
    store: Store,
    refs: list[str],
    result: TrelloFetchResult,
    options: dict[str, Any],
    at_once: int,
) -> None:
    """Several boards: each checked (concurrently), then ``at_once`` synced at a time."""
    metas = {
        ref: meta
        for ref, meta in in_order(
            refs, lambda ref: board_meta(api, ref), at_once, lambda: None, name="trello-board"
        )
    }
    chosen: dict[str, tuple[str, dict[str, Any]]] = {}  # board id -> (ref, meta): each once
    for ref in refs:
        chosen.setdefault(str(metas[ref]["id"]), (ref, metas[ref]))

    def job(ref: str, meta: dict[str, Any]) -> Callable[[Any, Progress | None], BoardFetch]:
        def sync(on_store: Any, on_progress: Progress | None) -> BoardFetch:
            board = BoardSync(api, on_store, ref, **dict(options, on_progress=on_progress))
            return board.run(meta)

        return sync

    jobs = [job(ref, meta) for ref, meta in chosen.values()]
    on_progress = options["on_progress"]
    outcomes = run_all(
        jobs, store, on_progress, at_once=at_once, name="trello-board", unit="Trello boards"
    )
    failed: list[tuple[str, SourceError]] = []
    for (_, meta), outcome in zip(chosen.values(), outcomes, strict=True):
        if not isinstance(outcome, Failed):
            result.boards.append(outcome)
        elif isinstance(outcome.error, SourceError):
            failed.append((str(meta.get("name") or meta["id"]), outcome.error))
        else:
            raise outcome.error  # not a failure of the service: a bug, shown as it is
    if failed:
        raise PartialFetch(result, failed, "Trello board", len(result.boards))


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
