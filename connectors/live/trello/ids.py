"""Trello object ids as positions in time: an id starts with the second its object was made, so
``since=`` / ``before=`` an id cut a listing (actions, cards) into ranges walked side by side."""

from __future__ import annotations

__all__ = ["below", "boundary", "card_ranges", "id_time", "slices"]


def id_time(object_id: str) -> int:
    """Seconds since the epoch at which a Trello (Mongo) object id was made."""
    return int(object_id[:8], 16)


def boundary(seconds: float) -> str:
    """The smallest possible object id of that second: ``before=`` it means "older than"."""
    return f"{max(0, int(seconds)):08x}" + "0" * 16


def below(object_id: str) -> str:
    """The id just under ``object_id``: ``since=`` it (exclusive) means "this id and newer"."""
    return f"{max(0, int(object_id, 16) - 1):024x}"


def slices(lo: str | None, hi: str | None, t_lo: float, t_hi: float, n: int) -> list[list]:
    """``[lo, hi]`` (ids, exclusive, None = open) cut into ``n`` ranges of equal time, newest first.

    Together they hold exactly the ids of ``[lo, hi]``: each cut at second ``b`` gives
    ``[below(B), upper]`` (ids >= B) and ``[lower, B]`` (ids < B), with B = ``boundary(b)``.
    """
    cuts = sorted({int(t_lo + (t_hi - t_lo) * k / n) for k in range(1, n)} - {int(t_lo)})
    bounds = [boundary(c) for c in cuts if int(t_lo) < c < int(t_hi)]
    if lo is not None:
        bounds = [b for b in bounds if b > lo]
    if hi is not None:
        bounds = [b for b in bounds if b < hi]
    out: list[list] = []
    upper = hi
    for bound in reversed(bounds):
        out.append([below(bound), upper])
        upper = bound
    out.append([lo, upper])
    return out


def card_ranges(known: set[str], chunk: int) -> list[list]:
    """Ranges of card ids (newest first) of ``chunk`` known cards at most each: one request each."""
    ids = sorted(known, reverse=True)
    starts = [min(ids[i : i + chunk]) for i in range(0, len(ids), chunk)]
    if len(starts) <= 1:
        return [[None, None]]
    spans, upper = [], None
    for start in starts[:-1]:
        spans.append([below(start), upper])
        upper = start
    spans.append([None, upper])
    return spans
