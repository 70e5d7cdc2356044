"""Charts for the HTML report: matplotlib figures rendered to inline SVG strings.

Nothing here touches pyplot or the global backend: each chart is a bare :class:`Figure` saved with
the SVG backend inside an ``rc_context`` (a fixed ``svg.hashsalt`` per chart, no date metadata, math
text off so a ``$`` in a name stays a dollar), so the same data always gives the same bytes and
user text never becomes markup. matplotlib is imported only when a chart is drawn.
"""

from __future__ import annotations

import io
import re
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

STRATEGIC_COLOR = "#2f6db5"
TACTICAL_COLOR = "#e0872b"
UNCERTAIN_COLOR = "#b9bec6"
THRESHOLD_COLOR = "#c0392b"
# Person lines avoid the strategic blue and tactical orange: a colour never reads as a label.
LINE_COLORS = (
    "#2a9d8f",
    "#8e44ad",
    "#c0392b",
    "#34495e",
    "#6b8e23",
    "#b8860b",
    "#d63384",
    "#5b6370",
)
TEXT_COLOR = "#2b2f36"
GRID_COLOR = "#e3e6ea"

MAX_PEOPLE = 20  # bars in the people chart
MAX_LINES = len(LINE_COLORS)  # lines in the drift chart
MAX_LABEL = 28  # characters of a name or window label on an axis
MAX_COUNTS = 30  # windows up to which the balance chart prints each window's activity count

_RC = {
    "svg.fonttype": "none",  # real <text>, styled by the page's font
    "text.parse_math": False,
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans", "Helvetica", "Arial", "Liberation Sans"],
    "font.size": 9,
    "axes.edgecolor": "#9aa1ab",
    "axes.labelcolor": TEXT_COLOR,
    "xtick.color": TEXT_COLOR,
    "ytick.color": TEXT_COLOR,
    "text.color": TEXT_COLOR,
    "svg.image_inline": True,
}
_PROLOG = re.compile(r"\A.*?(?=<svg\b)", re.DOTALL)
_SVG_SIZE = re.compile(r'(<svg\b[^>]*?)\s(?:width|height)="[^"]*"')
_METADATA = re.compile(r"\s*<metadata>.*?</metadata>", re.DOTALL)
_ID = re.compile(r'\bid="([^"]+)"')
_REF = re.compile(r'(href="#|url\(#)([^")]+)')


@dataclass(frozen=True, slots=True)
class PersonBar:
    """One person's activity split, and what their declared role expects (if anything)."""

    name: str
    strategic: int
    tactical: int
    uncertain: int
    expected: str | None = None  # "strategic" | "tactical" | None
    min_share: float | None = None  # the expected share of ``expected`` work


@dataclass(frozen=True, slots=True)
class Series:
    """One person's strategic share per window (``None``: no labelled activity there).

    ``judged[i]`` says whether window ``i`` had enough activity to count for drift; windows that
    did not are drawn hollow and faint. Empty ``judged``: every value counts.
    """

    name: str
    values: Sequence[float | None]
    judged: Sequence[bool] = ()


def _short(text: str, limit: int = MAX_LABEL) -> str:
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def _to_svg(fig: Any, salt: str, title: str) -> str:
    """The figure as an ``<svg>`` element that scales to its container (no XML prolog)."""
    import matplotlib

    buf = io.StringIO()
    with (
        matplotlib.rc_context({**_RC, "svg.hashsalt": f"backlog-analyzer-{salt}"}),
        warnings.catch_warnings(),
    ):
        # A name in a script the font lacks (CJK, emoji) is drawn as a box; matplotlib's
        # "Glyph N missing" warning (with its source line) must not land on the user's stderr.
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing", category=UserWarning)
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
    svg = _PROLOG.sub("", buf.getvalue(), count=1).strip()
    svg = _METADATA.sub("", svg, count=1)
    # Several charts share one page: give every id (and every reference to it) a chart prefix.
    svg = _ID.sub(lambda m: f'id="{salt}-{m.group(1)}"', svg)
    svg = _REF.sub(lambda m: f"{m.group(1)}{salt}-{m.group(2)}", svg)
    # Keep the viewBox, drop the fixed size: CSS decides how wide the chart is.
    for _ in range(2):
        svg = _SVG_SIZE.sub(r"\1", svg, count=1)
    from html import escape

    label = escape(title, quote=True)
    box = re.search(r'viewBox="[\d.]+ [\d.]+ ([\d.]+) ', svg)
    # Up to a third larger than drawn (1 pt = 4/3 px): crisp text, no giant fonts on wide screens.
    style = f' style="max-width:{float(box.group(1)) * 16 / 9:.0f}px"' if box else ""
    return svg.replace("<svg ", f'<svg role="img" aria-label="{label}" class="chart"{style} ', 1)


def _figure(width: float, height: float) -> Any:
    import matplotlib
    from matplotlib.figure import Figure

    with matplotlib.rc_context(_RC):
        fig = Figure(figsize=(width, height), dpi=100, layout="constrained")
        fig.patch.set_alpha(0.0)
    return fig


def _style(ax: Any) -> None:
    ax.set_facecolor("none")
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.set_axisbelow(True)


def _percent_axis(axis: Any) -> None:
    from matplotlib.ticker import FuncFormatter, MultipleLocator

    axis.set_major_locator(MultipleLocator(0.25))
    axis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{round(v * 100)}%"))


def _window_ticks(ax: Any, windows: Sequence[str]) -> None:
    """Window names under the x axis; every k-th one when there are too many to read."""
    n = len(windows)
    step = max(1, -(-n // 14))
    xs = list(range(0, n, step))
    ax.set_xticks(xs)
    shown = [_short(windows[x]) for x in xs]
    rotate = sum(len(w) + 2 for w in shown) > 72 or any(len(w) > 12 for w in shown)
    ax.set_xticklabels(
        shown,
        rotation=35 if rotate else 0,
        ha="right" if rotate else "center",
        rotation_mode="anchor" if rotate else "default",
        fontsize=8,
    )


def balance_chart(windows: Sequence[str], counts: Sequence[tuple[int, int, int]]) -> str:
    """Stacked shares of strategic / tactical / uncertain activity per window, with counts on top.

    ``counts[i]`` is (strategic, tactical, uncertain) activities in ``windows[i]``.
    """
    import matplotlib

    with matplotlib.rc_context(_RC):
        n = len(windows)
        fig = _figure(min(max(6.0, 0.5 * n + 2.5), 8.0), 3.0)
        ax = fig.add_subplot()
        _style(ax)
        xs = list(range(n))
        totals = [sum(c) for c in counts]
        shares = [
            [c[k] / t if t else 0.0 for c, t in zip(counts, totals, strict=True)] for k in range(3)
        ]
        bottom = [0.0] * n
        for k, (name, color) in enumerate(
            (
                ("strategic", STRATEGIC_COLOR),
                ("tactical", TACTICAL_COLOR),
                ("uncertain", UNCERTAIN_COLOR),
            )
        ):
            ax.bar(xs, shares[k], 0.72, bottom=bottom, color=color, label=name, linewidth=0)
            bottom = [b + s for b, s in zip(bottom, shares[k], strict=True)]
        for x, total in zip(xs, totals, strict=True):
            if n > MAX_COUNTS:
                break
            ax.text(x, 1.02, str(total), ha="center", va="bottom", fontsize=7.5, color="#5b6370")
        ax.set_ylim(0, 1.12)
        _percent_axis(ax.yaxis)
        ax.set_yticks([0, 0.25, 0.5, 0.75, 1.0])
        ax.grid(axis="y", color=GRID_COLOR, linewidth=0.8)
        _window_ticks(ax, windows)
        ax.set_xlim(-0.6, n - 0.4)
        ax.set_ylabel("share of activity")
        ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False, fontsize=8)
        return _to_svg(fig, "balance", "Balance of activity per window")


def people_chart(people: Sequence[PersonBar]) -> str:
    """One horizontal bar per person (their activity split), a mark where their role expects."""
    import matplotlib

    rows = list(people)[:MAX_PEOPLE]
    with matplotlib.rc_context(_RC):
        fig = _figure(7.5, max(1.8, 0.3 * len(rows) + 1.1))
        ax = fig.add_subplot()
        _style(ax)
        ys = list(range(len(rows)))
        left = [0.0] * len(rows)
        for attr, color in (
            ("strategic", STRATEGIC_COLOR),
            ("tactical", TACTICAL_COLOR),
            ("uncertain", UNCERTAIN_COLOR),
        ):
            widths = []
            for p in rows:
                total = p.strategic + p.tactical + p.uncertain
                widths.append(getattr(p, attr) / total if total else 0.0)
            ax.barh(ys, widths, 0.62, left=left, color=color, label=attr, linewidth=0)
            left = [a + b for a, b in zip(left, widths, strict=True)]
        marked = False
        for y, p in zip(ys, rows, strict=True):
            if p.expected is None or p.min_share is None:
                continue
            # Strategic runs from the left: a PM should reach the mark, a PO should stop before it.
            x = p.min_share if p.expected == "strategic" else 1.0 - p.min_share
            ax.plot(
                [x, x],
                [y - 0.42, y + 0.42],
                color=THRESHOLD_COLOR,
                linewidth=2,
                label=None if marked else "role expects",
            )
            marked = True
        ax.set_yticks(ys)
        ax.set_yticklabels([_short(p.name) for p in rows], fontsize=8.5)
        ax.invert_yaxis()
        ax.set_xlim(0, 1)
        _percent_axis(ax.xaxis)
        ax.grid(axis="x", color=GRID_COLOR, linewidth=0.8)
        ax.set_xlabel("share of their activity (strategic from the left)")
        ax.legend(
            loc="upper center",
            bbox_to_anchor=(0.5, -0.18 if len(rows) > 3 else -0.35),
            ncols=4,
            frameon=False,
            fontsize=8,
        )
        return _to_svg(fig, "people", "Each person's balance against their declared role")


def drift_chart(
    windows: Sequence[str],
    series: Sequence[Series],
    pm_min: float | None = None,
    po_max: float | None = None,
) -> str:
    """Strategic share per window, one line per person; gaps where a window is too thin.

    ``pm_min`` (a PM should stay above) and ``po_max`` (a PO should stay below) draw guide lines.
    """
    import matplotlib

    lines = list(series)[:MAX_LINES]
    with matplotlib.rc_context(_RC):
        n = len(windows)
        fig = _figure(min(max(7.5, 0.5 * n + 4.0), 8.0), 3.2)
        ax = fig.add_subplot()
        _style(ax)
        xs = list(range(n))
        nan = float("nan")
        any_thin = False
        for color, s in zip(LINE_COLORS, lines, strict=False):
            judged = list(s.judged) or [True] * len(s.values)
            every = [nan if v is None else v for v in s.values]
            solid = [v if j else nan for v, j in zip(every, judged, strict=True)]
            if not all(judged):
                any_thin = True
                ax.plot(xs, every, color=color, linewidth=1, linestyle=":", alpha=0.55)
                ax.plot(
                    xs,
                    [nan if j else v for v, j in zip(every, judged, strict=True)],
                    linestyle="none",
                    marker="o",
                    markersize=4,
                    markerfacecolor="white",
                    markeredgecolor=color,
                    alpha=0.8,
                )
            ax.plot(
                xs, solid, color=color, linewidth=2, marker="o", markersize=4, label=_short(s.name)
            )
        if any_thin:
            ax.plot(
                [],
                [],
                linestyle=":",
                marker="o",
                markerfacecolor="white",
                color="#8a929e",
                label="too thin to judge",
            )
        guides = []
        if pm_min is not None:
            guides.append((pm_min, "PM floor", STRATEGIC_COLOR))
        if po_max is not None:
            guides.append((po_max, "PO ceiling", TACTICAL_COLOR))
        if len(guides) == 2 and abs(guides[0][0] - guides[1][0]) < 0.04:
            guides = [(guides[0][0], "PM floor / PO ceiling", "#5b6370")]
        for y, text, color in guides:
            ax.axhline(y, color=color, linestyle="--", linewidth=1, alpha=0.8, zorder=1)
            ax.annotate(
                text,
                (1.0, y),
                xycoords=("axes fraction", "data"),
                xytext=(-2, 2),
                textcoords="offset points",
                ha="right",
                va="bottom",
                fontsize=7.5,
                color=color,
            )
        ax.set_ylim(-0.03, 1.03)
        _percent_axis(ax.yaxis)
        ax.grid(axis="y", color=GRID_COLOR, linewidth=0.8)
        _window_ticks(ax, windows)
        ax.set_xlim(-0.4, max(n - 0.6, 0.4))
        ax.set_ylabel("strategic share")
        if lines:
            ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False, fontsize=8)
        return _to_svg(fig, "drift", "Strategic share per window, per person")
