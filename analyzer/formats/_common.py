"""Small text helpers the formats share: percentages, bars, one-line cells."""

from __future__ import annotations

from datetime import datetime

from analyzer.report import LabelCounts

FULL = "█"
EMPTY = "░"


def pct(share: float) -> str:
    """``0.3661`` -> ``"36.6%"``."""
    return f"{share * 100:.1f}%"


def bar(share: float, width: int = 10) -> str:
    """A fixed-width bar, rounded to the nearest cell (a non-zero share shows at least one)."""
    share = min(max(share, 0.0), 1.0)
    cells = round(share * width)
    if share > 0 and cells == 0:
        cells = 1
    return FULL * cells + EMPTY * (width - cells)


def share_cell(counts: LabelCounts, label: str, width: int = 10) -> str:
    share = counts.share(label)
    return f"{bar(share, width)} {pct(share):>6}"


def one_line(text: str | None, limit: int | None = None) -> str:
    """Collapse whitespace; cut to ``limit`` characters with an ellipsis."""
    flat = " ".join((text or "").split())
    if limit is not None and len(flat) > limit:
        flat = flat[: max(limit - 1, 0)].rstrip() + "…"
    return flat


def day(value: datetime | None) -> str:
    return value.date().isoformat() if value else "—"


def period(first: datetime | None, last: datetime | None) -> str:
    if first is None or last is None:
        return "no dated activity"
    return f"{day(first)} → {day(last)}"
