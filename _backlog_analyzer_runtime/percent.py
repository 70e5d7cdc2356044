"""How every report text shows a share as a percentage (the JSON keeps the number).

One rule, for the terminal, Markdown and HTML formats, the portfolio, the history, the drift
sentences and the model's note on languages it does not read alike: a share rounds to
``places`` decimals, except that a share above 0 never reads
"0%" and one below 1 never reads "100%" — a reader takes those as "none" and "all". It reads one
step inside instead: ``"<1%"`` / ``">99%"`` (``"<0.1%"`` / ``">99.9%"`` with one decimal), no
wider than the rounded text, so table columns keep their widths.
"""

from __future__ import annotations


def percent(share: float, places: int = 0) -> str:
    """``0.3661`` -> ``"37%"`` (``places=1``: ``"36.6%"``); ``0.9996`` -> ``">99%"``
    (``">99.9%"``), ``0.0004`` -> ``"<1%"`` (``"<0.1%"``); exactly 0 and 1 read ``"0%"`` and
    ``"100%"``."""
    text = f"{share * 100:.{places}f}"
    step = 10.0**-places
    if share > 0 and float(text) == 0:
        return f"<{step:.{places}f}%"
    if share < 1 and float(text) >= 100:
        return f">{100 - step:.{places}f}%"
    return f"{text}%"
