"""Several boards side by side: one row per board (balance, owners, flags, trust, trend).

A head of product oversees several teams; :func:`build_portfolio` turns their reports (from
:func:`analyzer.pipeline.scan_files`, or one report per stored source) into a :class:`Portfolio`
that every report format can show before the boards' own sections. Every number here is read off
the boards' reports, never recomputed, so the portfolio and the board sections always agree.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import PurePath

from analyzer.drift import DRIFTING, TOO_THIN
from analyzer.flags.no_backlog_owner import criteria_only
from analyzer.report import LabelCounts, Report
from analyzer.verdict import po_not_judged
from models.interface import STRATEGIC, TACTICAL

SEVERITIES = ("error", "warning", "info")
ROADMAP_FLAGS = ("no-roadmap-owner", "stale-roadmap")
BACKLOG_FLAGS = ("no-backlog-owner",)


def strategic_share(counts: LabelCounts) -> float | None:
    """Strategic among all items (or activities), uncertain ones included, as each board's own
    report states it ("27 of 119 items (23%) are strategic"); None when there is nothing."""
    return counts.strategic / counts.total if counts.total else None


@dataclass(frozen=True, slots=True)
class Trend:
    """The board's balance over time as its own report's Drift line states it (session 26: the
    portfolio's last window minus the one before read "-6 pts" on a board whose Drift line said
    "no strategic work before and some recently: 0% before, 3% recently")."""

    before: float  # strategic share pooled over the judged windows before the recent ones
    recent: float  # ... over the recent ones (drift_recent_windows)
    status: str  # the board drift's status: drifting | steady
    moved: str | None  # BoardDrift.moved: "fell to none", "rose from none", "doubled", "halved"
    before_windows: tuple[str, ...]
    recent_windows: tuple[str, ...]

    @property
    def move(self) -> float:
        return self.recent - self.before

    @property
    def word(self) -> str | None:
        """What the board's report calls the move, where it is more than a steady balance:
        "drifting", or "moved" (the grey chip: fell to none, rose from none, doubled, halved)."""
        return DRIFTING if self.status == DRIFTING else "moved" if self.moved else None


@dataclass(frozen=True, slots=True)
class PortfolioRow:
    """One board of the portfolio."""

    anchor: str  # "board-1": the id of the board's own section in HTML and Markdown
    board: str
    source: str  # trello | jira
    origin: str | None
    items: int
    strategic_items: float | None  # share, see strategic_share()
    strategic_activity: float | None
    uncertain: float | None  # uncertain items among all items
    roadmap_owners: list[str]
    backlog_owners: list[str]
    roadmap_ok: bool | None  # an owner and no roadmap flag; None: not judged (the verdict's word)
    backlog_ok: bool | None
    # The backlog needs attention only because its stories lack acceptance criteria, not for
    # who owns it: it has owners, or the export cannot show them (see _unrefined)
    stories_unrefined: bool
    flags: dict[str, int]  # severity -> how many flags of it
    flag_codes: list[str]
    # The board's own Drift line (its board_drift): the strategic share pooled over the windows
    # before and over the recent ones, and what it calls the move; None where too thin to judge
    trend: Trend | None
    verdict: str | None  # the board's verdict status

    @property
    def worst(self) -> str | None:
        return next((s for s in SEVERITIES if self.flags.get(s)), None)


@dataclass(slots=True)
class Portfolio:
    rows: list[PortfolioRow]
    reports: list[Report]
    generated_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    @property
    def flags(self) -> dict[str, int]:
        return {s: sum(row.flags.get(s, 0) for row in self.rows) for s in SEVERITIES}


def build_portfolio(reports: list[Report], generated_at: datetime | None = None) -> Portfolio:
    """One row per report, in the order given."""
    rows = [_row(i, report) for i, report in enumerate(reports, start=1)]
    return Portfolio(_told_apart(rows), list(reports), generated_at or datetime.now(UTC))


def _told_apart(rows: list[PortfolioRow]) -> list[PortfolioRow]:
    """Boards of the same name (a project's JSON and CSV export, two teams' "Roadmap" boards)
    get their file name, else their position, after the name."""
    names = Counter(row.board for row in rows)
    out = []
    for n, row in enumerate(rows, start=1):
        if names[row.board] > 1:
            where = PurePath(row.origin).name if row.origin and "://" not in row.origin else ""
            row = replace(row, board=f"{row.board} ({where or f'#{n}'})")
        out.append(row)
    return out


def _owners(report: Report, label: str) -> list[str]:
    return [
        p.name
        for p in report.people
        if p.drift is not None and getattr(p.drift, "expected", None) == label
    ]


def _trend(report: Report) -> Trend | None:
    """The board's own Drift line: its strategic share before and recently, pooled as the
    board drift pools them; none where the board's report finds its balance over time too thin
    to judge (session 25) or has no drift."""
    drift = report.board_drift
    if drift is None or drift.status == TOO_THIN:
        return None
    if drift.baseline_share is None or drift.recent_share is None:
        return None
    return Trend(
        drift.baseline_share,
        drift.recent_share,
        drift.status,
        drift.moved,
        tuple(drift.baseline_windows),
        tuple(drift.windows),
    )


def _judged(
    report: Report, topic: str, owners: list[str], flag_codes: tuple[str, ...]
) -> bool | None:
    """The board verdict's own judgement of ``topic`` ("Roadmap"/"Backlog"), so the portfolio
    never calls attention to what the board's report leaves unjudged (too little data, an export
    with no prioritisation history); without a verdict: an owner and none of ``flag_codes``."""
    if report.verdict is not None:
        return next((line.ok for line in report.verdict.lines if line.topic == topic), None)
    return bool(owners) and not any(f.code in flag_codes for f in report.flags)


def _unrefined(report: Report, owners: list[str], ok: bool | None) -> bool:
    """Whether ``ok`` (the board's Backlog) is False only for no-backlog-owner's acceptance-
    criteria finding, on a board whose report does not say nobody owns the backlog: it names
    its POs, or it cannot tell (an export without prioritisation history). Its backlog's
    ownership is then not what needs attention, its stories' refinement is."""
    if ok is not False:
        return False
    found = [f for f in report.flags if f.code in BACKLOG_FLAGS and f.severity != "info"]
    return bool(found) and all(map(criteria_only, found)) and bool(owners or po_not_judged(report))


def _row(position: int, report: Report) -> PortfolioRow:
    codes = [flag.code for flag in report.flags]
    flags = {s: sum(1 for f in report.flags if f.severity == s) for s in SEVERITIES}
    roadmap, backlog = _owners(report, STRATEGIC), _owners(report, TACTICAL)
    items = report.summary.items
    backlog_ok = _judged(report, "Backlog", backlog, BACKLOG_FLAGS)
    return PortfolioRow(
        anchor=f"board-{position}",
        board=report.source.name,
        source=report.source.kind,
        origin=report.source.origin,
        items=items.total,
        strategic_items=strategic_share(items),
        strategic_activity=strategic_share(report.summary.activities),
        uncertain=items.uncertain / items.total if items.total else None,
        roadmap_owners=roadmap,
        backlog_owners=backlog,
        roadmap_ok=_judged(report, "Roadmap", roadmap, ROADMAP_FLAGS),
        backlog_ok=backlog_ok,
        stories_unrefined=_unrefined(report, backlog, backlog_ok),
        flags=flags,
        flag_codes=list(dict.fromkeys(codes)),
        trend=_trend(report),
        verdict=report.verdict.status if report.verdict is not None else None,
    )
