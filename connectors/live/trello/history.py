"""What a Trello board's history says of its cards: who created each (first creation) and when it
was accepted (last move to done), read from this run's actions or from the stored ones."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from connectors.interface import Activity, ActivityKind

__all__ = ["History", "stored_history"]


class History:
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


def stored_history(store: Any, source_id: int, card_ids: Iterable[str] | None) -> History:
    """Creators and acceptance dates from the stored history (of these cards, if it can)."""
    history = History()
    if card_ids is not None:
        stored = store.activities_of(source_id, card_ids)
    else:
        stored = store.load_board(source_id, all_activities=True).activities
    for activity in sorted(stored, key=lambda a: a.timestamp):
        history.add(activity)
    return history
