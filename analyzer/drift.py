"""Role drift: whose work moves away from their declared role; does the board's balance move.

Only *judged* windows count: a person's window needs ``drift_min_activities`` labelled (strategic or
tactical) activities, the board's twice that. With fewer than ``drift_recent_windows + 1`` judged
windows the verdict is ``too-thin`` and nothing is flagged.

For a person whose role has a focus (``pm``: strategic, ``po``: tactical, custom roles as declared):
- ``recent`` is their last ``drift_recent_windows`` judged windows, ``baseline`` all judged windows
  before; shares are pooled over each span;
- ``drifting``: the share of their focus is below the role's minimum in every recent window and fell
  by at least ``drift_min_move`` from the baseline, or a straight-line trend over all judged
  windows starts at or above the minimum, ends below it and falls by at least ``drift_min_move``;
- ``off-role``: below the minimum recently and in the baseline too (the role never matched);
- ``on-role`` otherwise; ``not-judged`` for people without a focus role.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from _backlog_analyzer_runtime.percent import percent
from analyzer.roles import Roles
from analyzer.timeline import Timeline, WindowStat, pooled, top_items, windows_words
from models.interface import STRATEGIC, TACTICAL

MAX_EVIDENCE_ITEMS = 10
#: A board move below this many share points reads as "steady"; up to the drift minimum it is
#: told as a move too small to call drift.
STEADY_POINTS = 5
#: ... unless the strategic share at least doubled or halved (or started from none or fell to
#: none): that is told as what happened to its strategic work, at any move under the drift
#: minimum (2% before, 0% recently is no steady balance, whatever the points say).
STEADY_RATIO = 2

DRIFTING = "drifting"
OFF_ROLE = "off-role"
ON_ROLE = "on-role"
TOO_THIN = "too-thin"
NOT_JUDGED = "not-judged"
STEADY = "steady"
#: What :attr:`BoardDrift.moved` says happened to a steady board's strategic share.
FELL_TO_NONE = "fell to none"
ROSE_FROM_NONE = "rose from none"
DOUBLED = "doubled"
HALVED = "halved"


def _other(label: str) -> str:
    return TACTICAL if label == STRATEGIC else STRATEGIC


def _trend(values: list[float]) -> tuple[float, float]:
    """Least-squares line over equally spaced points: (fitted first value, fitted last value)."""
    n = len(values)
    if n < 2:
        return (values[0], values[0]) if values else (0.0, 0.0)
    mean_x = (n - 1) / 2
    mean_y = sum(values) / n
    sxx = sum((i - mean_x) ** 2 for i in range(n))
    slope = sum((i - mean_x) * (v - mean_y) for i, v in enumerate(values)) / sxx
    return mean_y - slope * mean_x, mean_y + slope * (n - 1 - mean_x)


def _items_behind(stats: list[WindowStat], label: str) -> list[str]:
    return top_items(stats, label, MAX_EVIDENCE_ITEMS)


def _windows(count: int) -> str:
    """``"1 window"``, ``"3 windows"``."""
    return f"{count} window" if count == 1 else f"{count} windows"


def _pct(x: float | None) -> str:
    return "n/a" if x is None else percent(x)


def _pct_below(x: float, bound: float) -> str:
    """``x`` as a percent that reads as below ``bound`` when it is (49.6% is not "50%")."""
    if x < bound and round(x * 100) >= round(bound * 100):
        return f"{int(x * 1000) / 10:.1f}%"
    return _pct(x)


@dataclass(slots=True)
class PersonDrift:
    person_id: str
    name: str
    declared_role: str | None
    status: str  # drifting | off-role | on-role | too-thin | not-judged
    message: str
    expected: str | None = None  # the label the role should lean to
    min_share: float | None = None
    baseline_share: float | None = None  # strategic share, pooled over the baseline windows
    recent_share: float | None = None  # strategic share, pooled over the recent windows
    move: float | None = None  # recent - baseline, strategic share points (signed)
    windows: list[str] = field(default_factory=list)  # the recent windows the move spans
    baseline_windows: list[str] = field(default_factory=list)
    start: str | None = None  # first day of the recent span
    end: str | None = None  # last day of the recent span
    judged_windows: int = 0
    items: list[str] = field(default_factory=list)  # item ids behind the move, most active first

    @property
    def flagged(self) -> bool:
        return self.status in (DRIFTING, OFF_ROLE)

    def to_dict(self) -> dict:
        def r(x: float | None) -> float | None:
            return None if x is None else round(x, 4)

        return {
            "status": self.status,
            "message": self.message,
            "expected": self.expected,
            "min_share": self.min_share,
            "baseline_strategic_share": r(self.baseline_share),
            "recent_strategic_share": r(self.recent_share),
            "move": r(self.move),
            "windows": self.windows,
            "baseline_windows": self.baseline_windows,
            "start": self.start,
            "end": self.end,
            "judged_windows": self.judged_windows,
            "items": self.items,
        }


@dataclass(slots=True)
class BoardDrift:
    status: str  # drifting | steady | too-thin
    message: str
    baseline_share: float | None = None
    recent_share: float | None = None
    move: float | None = None
    windows: list[str] = field(default_factory=list)
    baseline_windows: list[str] = field(default_factory=list)
    start: str | None = None
    end: str | None = None
    judged_windows: int = 0
    items: list[str] = field(default_factory=list)

    @property
    def without_strategic(self) -> bool:
        """Steady at no strategic work: both shares round to 0% (a share above 0 reads "<1%").
        Not good news (a board of bug fixes read "the board's balance is steady: strategic share
        0% before, 0% recently" as if its balance were fine): there is no balance to drift from."""
        shares = (self.baseline_share, self.recent_share)
        return self.status == STEADY and all(x is not None and round(x * 100) == 0 for x in shares)

    @property
    def moved_for_its_size(self) -> bool:
        """Under the drift minimum but a move for what the board had: the strategic share
        started from none, fell to none, or at least doubled or halved (:data:`STEADY_RATIO`),
        both not next to none (:attr:`without_strategic`). A product leader reads "steady: 2%
        before, 0% recently" as a contradiction; the message says the move instead, and the
        verdict gives it no tick, whatever the points (the bundled Jira sample's 13% -> 0%,
        12 points under the minimum, read a tick while 2% -> 0% read none)."""
        before, recent = self.baseline_share, self.recent_share
        if self.status != STEADY or before is None or recent is None or self.without_strategic:
            return False
        low, high = sorted((before, recent))
        return high > 0 and (low == 0 or high >= STEADY_RATIO * low)

    @property
    def moved(self) -> str | None:
        """How a board that :attr:`moved_for_its_size` moved: "fell to none", "rose from none",
        "doubled" (at least) or "halved" (at least); None otherwise. The JSON's ``moved``: its
        status stays ``steady`` (no drift), so a script reading only the status missed the grey
        "moved" chip and message every other format shows."""
        if not self.moved_for_its_size:
            return None
        before, recent = self.baseline_share or 0.0, self.recent_share or 0.0
        if not recent:
            return FELL_TO_NONE
        if not before:
            return ROSE_FROM_NONE
        return DOUBLED if recent > before else HALVED

    def to_dict(self) -> dict:
        def r(x: float | None) -> float | None:
            return None if x is None else round(x, 4)

        return {
            "status": self.status,
            "message": self.message,
            "baseline_strategic_share": r(self.baseline_share),
            "recent_strategic_share": r(self.recent_share),
            "move": r(self.move),
            "moved": self.moved,
            "windows": self.windows,
            "baseline_windows": self.baseline_windows,
            "start": self.start,
            "end": self.end,
            "judged_windows": self.judged_windows,
            "items": self.items,
        }


def _span(stats: list[WindowStat]) -> tuple[str, str]:
    return (
        stats[0].start.date().isoformat(),
        (stats[-1].end - timedelta(seconds=1)).date().isoformat(),
    )


def person_drift(timeline: Timeline, roles: Roles, person_id: str, name: str) -> PersonDrift:
    th = roles.thresholds
    k = max(1, th.drift_recent_windows)
    declared = roles.declared_role(person_id)
    stats = timeline.people.get(person_id, [])
    judged = [s for s in stats if s.labelled >= max(1, th.drift_min_activities)]
    expected = roles.expected(person_id)
    base = PersonDrift(person_id, name, declared, NOT_JUDGED, "", judged_windows=len(judged))
    if expected is None:
        base.message = (
            f"{name} has no PM/PO-type role to compare with"
            if not declared
            else f"{name}'s role ({declared}) has no single strategic or tactical focus to "
            "compare with"
        )
        return base
    label, min_share = expected
    base.expected, base.min_share = label, min_share
    if len(judged) < k + 1:
        base.status = TOO_THIN
        base.message = (
            f"too thin to judge {name}: {_windows(len(judged))} with at least "
            f"{th.drift_min_activities} labelled activities, {k + 1} needed"
        )
        return base
    recent, baseline = judged[-k:], judged[:-k]
    r, b = pooled(recent), pooled(baseline)
    r_focus, b_focus = r.share_of(label) or 0.0, b.share_of(label) or 0.0
    base.recent_share, base.baseline_share = r.strategic_share, b.strategic_share
    base.move = (r.strategic_share or 0.0) - (b.strategic_share or 0.0)
    base.windows = [s.window for s in recent]
    base.baseline_windows = [s.window for s in baseline]
    base.start, base.end = _span(recent)

    below_recent = all((s.share_of(label) or 0.0) < min_share for s in recent)
    fell = b_focus - r_focus
    first_fit, last_fit = _trend([s.share_of(label) or 0.0 for s in judged])
    crosses = first_fit >= min_share > last_fit and first_fit - last_fit >= th.drift_min_move
    focus_word = "strategic" if label == STRATEGIC else "tactical"
    role_word = declared or label
    how = "inferred" if roles.inferred else "declared"
    if (below_recent and b_focus >= min_share and fell >= th.drift_min_move) or crosses:
        base.status = DRIFTING
        base.items = _items_behind(recent, _other(label))
        base.message = (
            f"{name} ({how} {role_word}) drifted from {_pct(b_focus)} to "
            f"{_pct_below(r_focus, min_share)} "
            f"{focus_word} work over {windows_words(base.windows)}, below the expected "
            f"{_pct(min_share)}"
        )
    elif r_focus < min_share and b_focus < min_share:
        base.status = OFF_ROLE
        base.items = _items_behind(recent, _other(label))
        base.message = (
            f"{name} ({how} {role_word}) has done mostly {_other(label)} work throughout: "
            f"{_pct_below(b_focus, min_share)} {focus_word} before, "
            f"{_pct_below(r_focus, min_share)} recently, expected at least "
            f"{_pct(min_share)}"
        )
    elif r_focus < min_share:
        base.status = ON_ROLE  # below the bar, but the move is too small to call it drift
        base.message = (
            f"{name} ({how} {role_word}) is below the expected {_pct(min_share)} {focus_word} "
            f"work recently ({_pct_below(r_focus, min_share)}, {_pct(b_focus)} before), a move "
            "smaller than the "
            f"{round(th.drift_min_move * 100)}-point minimum to call it drift"
        )
    else:
        base.status = ON_ROLE
        base.message = (
            f"{name} ({how} {role_word}) stays on role: {_pct(r_focus)} {focus_word} work "
            f"recently, {_pct(b_focus)} before"
        )
    return base


def people_drift(timeline: Timeline, roles: Roles, names: dict[str, str]) -> list[PersonDrift]:
    """Drift for everyone with a role or any activity, declared people first."""
    order = list(roles.assignments) + [
        pid for pid in timeline.people if pid not in roles.assignments
    ]
    return [person_drift(timeline, roles, pid, names.get(pid, pid)) for pid in order]


def board_drift(timeline: Timeline, roles: Roles) -> BoardDrift:
    th = roles.thresholds
    k = max(1, th.drift_recent_windows)
    minimum = max(1, 2 * th.drift_min_activities)
    judged = [s for s in timeline.board if s.labelled >= minimum]
    if len(judged) < k + 1:
        return BoardDrift(
            TOO_THIN,
            f"too thin to judge the board's balance over time: {_windows(len(judged))} with at "
            f"least {minimum} labelled activities, {k + 1} needed",
            judged_windows=len(judged),
        )
    recent, baseline = judged[-k:], judged[:-k]
    r, b = pooled(recent), pooled(baseline)
    move = (r.strategic_share or 0.0) - (b.strategic_share or 0.0)
    start, end = _span(recent)
    out = BoardDrift(
        STEADY,
        "",
        baseline_share=b.strategic_share,
        recent_share=r.strategic_share,
        move=move,
        windows=[s.window for s in recent],
        baseline_windows=[s.window for s in baseline],
        start=start,
        end=end,
        judged_windows=len(judged),
    )
    if abs(move) >= th.board_drift_min_move:
        out.status = DRIFTING
        toward = STRATEGIC if move > 0 else TACTICAL
        out.items = _items_behind(recent, toward)
        out.message = (
            f"the board moved toward {toward} work: strategic share {_pct(b.strategic_share)} "
            f"before, {_pct(r.strategic_share)} over {windows_words(out.windows)}"
        )
    elif out.without_strategic:
        none = "no" if not (b.strategic_share or r.strategic_share) else "next to no"
        out.message = (
            f"the board has {none} strategic work to drift from: strategic share "
            f"{_pct(b.strategic_share)} before, {_pct(r.strategic_share)} recently"
        )
    elif out.moved_for_its_size:
        out.message = _moved_for_its_size(out, th.board_drift_min_move)
    elif round(abs(move) * 100) < STEADY_POINTS:
        out.message = (
            f"the board's balance is steady: strategic share {_pct(b.strategic_share)} before, "
            f"{_pct(r.strategic_share)} recently"
        )
    else:  # it moved, but less than the minimum: say so rather than "steady"
        out.message = (
            f"the board's strategic share moved from {_pct(b.strategic_share)} to "
            f"{_pct(r.strategic_share)} recently, {round(abs(move) * 100)} points: less than the "
            f"{round(th.board_drift_min_move * 100)}-point move called drift"
        )
    return out


def _moved_for_its_size(board: BoardDrift, minimum: float) -> str:
    """The message of a board whose strategic share :attr:`~BoardDrift.moved_for_its_size`:
    what happened to its strategic work, the shares, and that it is under the drift minimum."""
    before, recent = board.baseline_share or 0.0, board.recent_share or 0.0
    shares = f"strategic share {_pct(before)} before, {_pct(recent)} recently"
    under = f"(under the {round(minimum * 100)}-point move called drift)"
    moved = board.moved
    if moved == FELL_TO_NONE:
        return f"the board has had no strategic work recently: {shares} {under}"
    if moved == ROSE_FROM_NONE:
        return f"the board had no strategic work before and some recently: {shares} {under}"
    return f"the board's strategic share at least {moved}: {shares} {under}"
