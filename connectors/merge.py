"""Several boards as one (a combined report of a store's sources, several Trello boards)."""

from __future__ import annotations

from connectors.interface import Board, Item


def _is_live(board: Board) -> bool:
    return bool(board.origin) and str(board.origin).startswith(("http://", "https://"))


def _site(item: Item, board: Board) -> str | None:
    """The Jira site an item lives on: a live board's server, else its browse URL's base."""
    if _is_live(board):
        return str(board.origin).rstrip("/")
    if item.url and "/browse/" in item.url:
        return item.url.split("/browse/")[0].rstrip("/")
    return None  # e.g. a Jira CSV export: no site in it


def merge_boards(boards: list[Board]) -> Board:
    """One board holding every board's items, activities and people (for a combined report).

    An item in two boards counts once — kept from the first board, live sources first (their
    history is complete) — when both boards have the same origin (a project and a JQL query on
    one Jira), or when it has the same id and key and nothing says the sites differ (a project
    imported from an export and also fetched live). Items of different sites whose ids collide
    (two Jira sites) are kept apart by prefixing the later one's id with its board's position.
    """
    if len(boards) == 1:
        return boards[0]
    merged = Board(
        id="+".join(b.id for b in boards),
        name=", ".join(b.name for b in boards),
        source="+".join(sorted({b.source for b in boards})),
        origin="; ".join(b.origin or b.name for b in boards),
    )
    seen: dict[str, tuple[str | None, str | None, str | None]] = {}  # id: origin, key, site
    ordered = sorted(enumerate(boards), key=lambda pb: not _is_live(pb[1]))
    for position, board in ordered:
        renamed: dict[str, str | None] = {}  # None: a duplicate, left out
        for item in board.items:
            site = _site(item, board)
            if item.id in seen:
                origin, key, other_site = seen[item.id]
                same_site = site is None or other_site is None or site == other_site
                if origin == board.origin or (key == item.key and same_site):
                    renamed[item.id] = None
                    continue
                renamed[item.id] = item.id = f"{position}:{item.id}"
            seen[item.id] = (board.origin, item.key, site)
            merged.items.append(item)
        for activity in board.activities:
            new_id = renamed.get(activity.item_id, activity.item_id)
            if new_id is None:
                continue
            activity.item_id = new_id
            merged.activities.append(activity)
        merged.people.update(board.people)
        merged.skipped.extend(board.skipped)
    return merged
