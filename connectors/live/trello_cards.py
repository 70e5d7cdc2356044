"""Trello cards asked for by id (a sync's changed cards): ten at a time through ``/1/batch``, a
card the batch does not answer cleanly on its own (which retries transient failures and tells a
deleted card, 404, from an error)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from connectors.interface import NotFoundError

#: In ``/1/batch`` the URLs are separated by commas, so a card there comes whole.
BATCH_CARD = {"fields": "all", "checklists": "all", "customFieldItems": "true"}


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
