"""Report history: what each past report of a stored board said, so drift across months shows even
when the board's own history is capped (a Trello export keeps only its last 1000 actions).

Each ``report`` from the store keeps a :class:`RunSummary` (counts, flags, verdict) in the store's
``report_runs`` table; :func:`load_history` reads them back oldest first and :func:`render_history`
shows them as a table, Markdown or JSON. Counts are stored, not shares, so a later change to how a
share is worded never rewrites the past.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import datetime

from _backlog_analyzer_runtime.percent import percent
from analyzer.flags.interface import SEVERITY_WORDS
from analyzer.report import LabelCounts, Report
from connectors.store import Store

HISTORY_FORMATS = ("table", "markdown", "json")
_SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


@dataclass(frozen=True, slots=True)
class Counts:
    strategic: int = 0
    tactical: int = 0
    uncertain: int = 0

    @classmethod
    def of(cls, counts: LabelCounts) -> Counts:
        return cls(counts.strategic, counts.tactical, counts.uncertain)

    @property
    def total(self) -> int:
        return self.strategic + self.tactical + self.uncertain

    @property
    def strategic_share(self) -> float | None:
        """Strategic among all items (uncertain ones too), as the report states it; None if none."""
        return self.strategic / self.total if self.total else None

    @property
    def uncertain_share(self) -> float | None:
        return self.uncertain / self.total if self.total else None


@dataclass(frozen=True, slots=True)
class RunSummary:
    """One report, as the history keeps it."""

    run_at: datetime
    board: str
    items: Counts
    activities: Counts
    flags: list[tuple[str, str]] = field(default_factory=list)  # (code, severity)
    verdict: str | None = None  # the verdict's status when the report had one
    last_activity: datetime | None = None

    def to_json(self) -> str:
        body = asdict(self)
        body["run_at"] = self.run_at.isoformat()
        body["last_activity"] = self.last_activity.isoformat() if self.last_activity else None
        body["flags"] = [list(flag) for flag in self.flags]
        return json.dumps(body, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> RunSummary:
        body = json.loads(text)
        last = body.get("last_activity")
        return cls(
            run_at=datetime.fromisoformat(body["run_at"]),
            board=str(body["board"]),
            items=Counts(**body["items"]),
            activities=Counts(**body["activities"]),
            flags=[(str(code), str(severity)) for code, severity in body.get("flags", [])],
            verdict=body.get("verdict"),
            last_activity=datetime.fromisoformat(last) if last else None,
        )


def summarise(report: Report) -> RunSummary:
    """What the history keeps of ``report``."""
    flags = sorted(
        ((flag.code, flag.severity) for flag in report.flags),
        key=lambda f: (_SEVERITY_ORDER.get(f[1], 9), f[0]),
    )
    return RunSummary(
        run_at=report.generated_at,
        board=report.source.name,
        items=Counts.of(report.summary.items),
        activities=Counts.of(report.summary.activities),
        flags=flags,
        verdict=report.verdict.status if report.verdict is not None else None,
        last_activity=report.summary.last_activity,
    )


def record_run(store: Store, source_id: int, report: Report) -> RunSummary:
    """Keep ``report``'s summary in the store; returns what was kept."""
    summary = summarise(report)
    store.record_run(source_id, summary.run_at, summary.to_json())
    return summary


def load_history(store: Store, source_id: int) -> list[RunSummary]:
    """Every kept summary of a stored source, oldest first. A row this version cannot read (a
    newer tool wrote it) is left out rather than stopping the history."""
    runs = []
    for _, text in store.runs(source_id):
        try:
            runs.append(RunSummary.from_json(text))
        except (ValueError, KeyError, TypeError):
            continue
    return runs


# -- rendering --------------------------------------------------------------------------------


def _pct(share: float | None) -> str:
    return "–" if share is None else percent(share)


def _flags_text(flags: list[tuple[str, str]]) -> str:
    """``code (error), code (note)``: the report's severity words; JSON keeps the stored names."""
    return (
        ", ".join(f"{code} ({SEVERITY_WORDS.get(severity, severity)})" for code, severity in flags)
        or "none"
    )


def _rows(runs: list[RunSummary]) -> list[list[str]]:
    return [
        [
            run.run_at.strftime("%Y-%m-%d %H:%M"),
            str(run.items.total),
            _pct(run.items.strategic_share),
            _pct(run.activities.strategic_share),
            _pct(run.items.uncertain_share),
            _flags_text(run.flags),
        ]
        for run in runs
    ]


HEADERS = ["Run", "Items", "Strategic items", "Strategic activity", "Uncertain", "Flags"]


def render_history(board: str, runs: list[RunSummary], fmt: str = "table", width: int = 80) -> str:
    """The history of one board as ``table`` (plain text, ``width`` columns), ``markdown`` or
    ``json``."""
    if fmt == "json":
        body = {
            "board": board,
            "runs": [json.loads(run.to_json()) for run in runs],
        }
        return json.dumps(body, ensure_ascii=False, indent=2) + "\n"
    board = " ".join(board.split())
    title = f"History of {board}: {len(runs)} report{'s' if len(runs) != 1 else ''}"
    note = "Shares are of all the board's items (or activity), as each report states them."
    rows = _rows(runs)
    if fmt == "markdown":
        lines = [f"## {_md(title)}", "", note, ""]
        if rows:
            lines += ["| " + " | ".join(HEADERS) + " |", "|" + "---|" * len(HEADERS)]
            lines += ["| " + " | ".join(_md(cell) for cell in row) + " |" for row in rows]
        else:
            lines.append("No report has been made from this board yet.")
        return "\n".join(lines) + "\n"
    if not rows:
        return f"{title}\nNo report has been made from this board yet.\n"
    widths = [max(len(h), *(len(row[i]) for row in rows)) for i, h in enumerate(HEADERS)]
    line = "  ".join

    def fit(cells: list[str]) -> str:
        return line(cell.ljust(widths[i]) for i, cell in enumerate(cells)).rstrip()

    # A run's flags that do not fit their column are counted there and listed under the row,
    # wrapped: a line of six flags was 215 columns wide in an 80-column terminal.
    room = width - len(fit([""] * (len(HEADERS) - 1) + ["x"])) + 1
    body = []
    for row, run in zip(rows, runs, strict=True):
        if len(row[-1]) <= room:
            body.append(fit(row))
            continue
        body.append(fit([*row[:-1], str(len(run.flags))]))
        body += _wrapped(row[-1].split(", "), width)
    return "\n".join([title, note, "", fit(HEADERS), *body]) + "\n"


def _wrapped(flags: list[str], width: int) -> list[str]:
    """``code (severity)`` pieces joined by ", " on lines indented by two, never split."""
    lines = ["  " + flags[0]]
    for flag in flags[1:]:
        if len(lines[-1]) + 2 + len(flag) + 1 <= width:  # ", flag" and the comma after it
            lines[-1] += ", " + flag
        else:
            lines[-1] += ","
            lines.append("  " + flag)
    return lines


def render_histories(
    boards: list[tuple[str, list[RunSummary]]], fmt: str = "table", width: int = 80
) -> str:
    """Several boards' histories: one section each (``json``: an array of their objects)."""
    if fmt == "json":
        return (
            json.dumps(
                [json.loads(render_history(name, runs, "json")) for name, runs in boards],
                ensure_ascii=False,
                indent=2,
            )
            + "\n"
        )
    return "\n".join(render_history(name, runs, fmt, width) for name, runs in boards)


def _md(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


__all__ = [
    "HISTORY_FORMATS",
    "Counts",
    "RunSummary",
    "load_history",
    "record_run",
    "render_histories",
    "render_history",
    "summarise",
]
