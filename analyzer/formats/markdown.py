"""Markdown: headings and pipe tables that read well on GitHub and in a plain editor."""

from __future__ import annotations

from analyzer.formats._common import (
    NO_DATA,
    SEVERITY_WORDS,
    SHARE_DEFINITION,
    bar,
    closed_text,
    confidence_pct,
    drift_text,
    evidence_text,
    human_period,
    human_time,
    idle_people_note,
    label_phrase,
    label_title,
    label_word,
    no_flags_text,
    no_top_items,
    one_line,
    other_labels_caption,
    pct,
    person_share,
    reason_beside_confidence,
    role_text,
    shown_origin,
    skipped_fact,
    sparkline,
    threshold_words,
)
from analyzer.formats.interface import ReportFormat
from analyzer.report import (
    ItemResult,
    LabelCounts,
    PersonStats,
    Report,
    grouped_lines,
    repeats_count_text,
    repeats_lead,
    repeats_note,
    sentence_start,
    skipped_heading,
    skipped_lead,
    skipped_note,
)
from analyzer.verdict import activity_people
from models.interface import STRATEGIC, TACTICAL, UNCERTAIN

TITLE = {STRATEGIC: "Strategic (PM)", TACTICAL: "Tactical (PO)", UNCERTAIN: "Uncertain"}
MAX_ITEMS_PER_GROUP = 1000
MAX_SKIPPED = 50


class MarkdownFormat(ReportFormat):
    name = "markdown"
    suffixes = (".md", ".markdown")
    description = "headings and tables for GitHub, wikis and pull requests"

    def render(self, report: Report) -> str:
        lines: list[str] = []
        _header(report, lines)
        _balance(report, lines)
        _flags(report, lines)
        _roles(report, lines)
        _windows(report, lines)
        _people(report, lines)
        for label in report.shown_labels[:-1]:  # every label but uncertain
            _top(report, label, lines)
        _items(report, lines)
        _skipped(report, lines)
        notes = _unsaid_notes(report)
        if notes:
            lines += ["## Notes", ""]
            lines += [f"- {cell(note)}" for note in notes]
            lines.append("")
        _about(report, lines)
        return "\n".join(lines).rstrip("\n") + "\n"


def _unsaid_notes(report: Report) -> list[str]:
    """The report's notes that no section above already says (each note shows once)."""
    said: set[str] = set()
    prefixes: tuple[str, ...] = ()
    if _role_people(report):  # the "Balance against role" section is drawn
        if report.roles_inferred:
            prefixes = ("No roles file:",)
        said.update(f"Roles file: {w}." for w in report.role_warnings)
    if report.verdict is not None:  # the verdict, at the top, says them
        said.update(f"Roles file: {w}." for w in report.role_warnings)
        if report.board_drift is not None:
            said.add(f"Board drift: {report.board_drift.message}.")
    if report.windows and report.window_note:
        said.add(f"Windows: {report.window_note}.")
    if report.skipped.lines:
        said.add(skipped_note(report.skipped))
    if report.skipped.repeats:  # the Repeated issues section says it
        said.add(repeats_note(report.skipped))
    return [n for n in report.notes if n not in said and not n.startswith(prefixes)]


def _role_people(report: Report) -> list[PersonStats]:
    return [p for p in report.people if p.declared_role or p.windows]


def cell(text: object, limit: int | None = None) -> str:
    """Text safe inside a table cell: one line, pipes and markup characters escaped; ``limit``
    counts display cells (a Chinese character or an emoji is two: :func:`one_line`)."""
    flat = one_line(str(text) if text is not None else "", limit, cells=True)
    for ch in ("\\", "|", "<", ">", "*", "_", "`", "[", "]"):
        flat = flat.replace(ch, "\\" + ch)
    return flat


def _share(counts: LabelCounts, label: str) -> str:
    share = counts.share(label)
    return f"`{bar(share, 10)}` {pct(share)}"


def _person_share(counts: LabelCounts) -> str:
    share = person_share(counts)
    return "n/a" if share is None else f"`{bar(share, 10)}` {pct(share)}"


def _table(headers: list[str], rows: list[list[str]], align: list[str]) -> list[str]:
    sep = {"l": "---", "r": "---:", "c": ":---:"}
    out = ["| " + " | ".join(headers) + " |", "| " + " | ".join(sep[a] for a in align) + " |"]
    out += ["| " + " | ".join(row) + " |" for row in rows]
    return out + [""]


VERDICT_MARK = {True: "✅", False: "⚠️", None: "➖"}


def _header(report: Report, lines: list[str]) -> None:
    """The title and the verdict (the answer first); what was read and how is in :func:`_about`."""
    lines += [f"# Role balance — {cell(report.source.name)}", ""]
    verdict = report.verdict
    if verdict is None:
        return
    lines += [f"**{cell(verdict.headline)}**", ""]
    lines += [
        f"- {VERDICT_MARK[line.ok]} **{cell(line.topic)}:** {cell(line.text)}"
        for line in verdict.lines
    ]
    lines.append("")


def _about(report: Report, lines: list[str]) -> None:
    s = report.summary
    src = report.source
    facts = [
        ("Source", f"{src.kind}" + (f" (`{shown_origin(src.origin)}`)" if src.origin else "")),
        ("Generated", human_time(report.generated_at)),
        ("Items", f"{s.items.total:,} ({closed_text(s)})"),
        (
            "Activities",
            f"{s.total_activities:,} by {activity_people(report)}"
            if s.total_activities
            else "none",
        ),
        ("Period", human_period(s.first_activity, s.last_activity)),
        ("Confidence threshold", f"{report.threshold:.2f} (below it an item is *uncertain*)"),
        ("Model", cell(report.model)),
        skipped_fact(report),
    ]
    if report.skipped.repeats:
        facts.append(("Repeated issues", repeats_count_text(report.skipped)))
    lines += ["## About this report", ""]
    lines += _table(["", ""], [[f"**{k}**", v] for k, v in facts], ["l", "l"])


def _balance(report: Report, lines: list[str]) -> None:
    s = report.summary
    lines += ["## Balance", ""]
    rows = [
        [
            label_title(label),
            f"{s.items.count(label):,}",
            _share(s.items, label),
            f"{s.activities.count(label):,}",
            _share(s.activities, label),
        ]
        for label in report.shown_labels
    ]
    rows.append(["**Total**", f"{s.items.total:,}", "", f"{s.activities.total:,}", ""])
    lines += _table(
        ["", "Items", "Share of items", "Activity", "Share of activity"],
        rows,
        ["l", "r", "l", "r", "l"],
    )
    lines += [
        "Activity counts each event (created, moved, commented, ...) toward the label of the item "
        "it touched.",
        "",
    ]
    if report.extra_labels:
        lines += [
            f"This model has {len(report.labels)} labels; "
            f"{', '.join(label_title(x) for x in report.extra_labels)} "
            f"{'is' if len(report.extra_labels) == 1 else 'are'} shown here but not judged: "
            "flags, drift and roles weigh strategic against "
            "tactical work only.",
            "",
        ]
    kinds = [[kind, f"{n:,}"] for kind, n in s.activities_by_kind.items()]
    if kinds:
        lines += ["### Activity by kind", ""]
        lines += _table(["Kind", "Count"], kinds, ["l", "r"])


SEVERITY_BADGE = {
    severity: f"{dot} {SEVERITY_WORDS[severity]}"
    for severity, dot in (("error", "🔴"), ("warning", "🟠"), ("info", "🔵"))
}


def _flags(report: Report, lines: list[str]) -> None:
    lines += ["## Flags", ""]
    if not report.flags:
        lines += [f"No flag raised. {cell(no_flags_text(report))}", ""]
        return
    items, people = report.items_by_id(), report.people_by_id()
    explained: set[str] = set()
    for flag in report.flags:
        badge = SEVERITY_BADGE.get(flag.severity, flag.severity)
        lines.append(f"- **{badge}** `{flag.code}` — {cell(flag.message)}")
        for line in evidence_text(
            flag, items, people, limit=10, title_limit=80, cells=True
        ).lines():
            lines.append(f"  - {cell(line)}")
        practice, _, why = flag.practice_text.partition(":")
        if flag.practice in explained:
            lines.append(f"  - Practice: *{cell(practice)}*")
        else:
            explained.add(flag.practice)
            lines.append(f"  - Practice: *{cell(practice)}* — {cell(why.strip())}")
        if flag.thresholds:
            keys = ", ".join(f"`{k}`" for k in flag.thresholds)
            lines.append(f"  - Judged by: {cell(threshold_words(flag.thresholds))} ({keys})")
    lines += ["", "Thresholds can be changed in the roles file's `[thresholds]` table.", ""]


def _roles(report: Report, lines: list[str]) -> None:
    people = _role_people(report)
    if not people:
        return
    how = (
        "inferred from each person's activity (no roles file; a hint, not a verdict): declare "
        "them in `backlog-analyzer.toml` or pass `--roles FILE`"
        if report.roles_inferred
        else f"declared in `{one_line(report.roles_file)}`"
    )
    lines += ["## Balance against role", "", f"Roles {how}. {SHARE_DEFINITION}", ""]
    per = report.window or "window"
    rows = [
        [
            cell(p.name),
            cell(role_text(report, p)),
            f"{p.total_activities:,}",  # as the terminal's "Acts" and HTML's "Activities"
            _person_share(p.activity),
            f"`{sparkline(p.windows, judged_only=True)}`" if p.windows else "—",
            cell(drift_text(p)),
        ]
        for p in sorted(people, key=lambda p: (p.declared_role is None, -p.total_activities))
    ]
    lines += _table(
        ["Person", "Role", "Activities", "Strategic share", f"Per {per}", "Drift"],
        rows,
        ["l", "l", "r", "l", "l", "l"],
    )
    lines += [
        f"*Per {per}*: each person's strategic share, low ▁ to high █; `{NO_DATA}` too little "
        "activity to judge.",
        "",
    ]
    if report.role_warnings and report.verdict is None:  # else the verdict says them
        lines += [f"- ⚠ {cell(w)}" for w in report.role_warnings] + [""]
    lines += ["### Drift", ""]
    judged = [p.drift for p in people if p.drift and p.drift.status != "not-judged"]
    items = report.items_by_id()
    for d in judged:
        lines.append(f"- {cell(sentence_start(d.message, d.name))}.")
        if d.items:
            refs = ", ".join(cell(items[i].ref) if i in items else cell(i) for i in d.items)
            lines.append(f"  - Items behind it: {refs}")
    if report.board_drift is not None:
        bd = report.board_drift
        lines.append(f"- **Board**: {cell(bd.message)}.")
        if bd.items:
            refs = ", ".join(cell(items[i].ref) if i in items else cell(i) for i in bd.items)
            lines.append(f"  - Items behind it: {refs}")
    lines.append("")


def _windows(report: Report, lines: list[str]) -> None:
    if not report.windows:
        return
    lines += [f"## Balance over time (per {report.window})", ""]
    if report.window_note:
        lines += [f"{cell(report.window_note)}.", ""]
    rows = []
    for w in report.windows:
        labelled = w.strategic + w.tactical
        share = LabelCounts(w.strategic, w.tactical, 0)
        rows.append(
            [
                cell(w.window) if w.judged else f"*{cell(w.window)}*",
                f"{w.start.isoformat()} → {w.end.isoformat()}",
                f"{w.activities:,}",
                f"{w.strategic:,}",
                f"{w.tactical:,}",
                f"{w.uncertain:,}",
                _share(share, STRATEGIC) if labelled else "—",
            ]
        )
    lines += _table(
        [
            "Window",
            "Dates",
            "Activity",
            "Strategic",
            "Tactical",
            "Uncertain or other" if report.extra_labels else "Uncertain",
            "Strategic share",
        ],
        rows,
        ["l", "l", "r", "r", "r", "r", "l"],
    )
    lines += [
        "Strategic share: strategic / (strategic + tactical) activity. *Italic* windows have too "
        "little activity to judge drift." + other_labels_caption(report),
        "",
    ]


def _people(report: Report, lines: list[str]) -> None:
    if not report.people:
        return
    lines += ["## People", "", "### What they did", ""]
    rows = []
    active = [p for p in report.people if p.total_activities]  # (as the terminal's table)
    for p in active:
        a = p.activity
        rows.append(
            [
                cell(p.name),
                f"{p.total_activities:,}",
                f"{p.count('created'):,}",
                f"{p.count('moved'):,}",
                f"{p.count('commented'):,}",
                f"{p.count('assigned'):,}",
                *_label_cells(report, a),
            ]
        )
    if rows:
        lines += _table(
            [
                "Person",
                "Activities",
                "Created",
                "Moved",
                "Commented",
                "Assigned",
                *_label_headers(report),
            ],
            rows,
            ["l", "r", "r", "r", "r", "r", *_label_align(report)],
        )
    if idle := len(report.people) - len(active):
        lines += [idle_people_note(idle).strip(), ""]
    owners = sorted(
        (p for p in report.people if p.assigned_items.total or p.reported_items.total),
        key=lambda p: (-p.assigned_items.total, p.name.lower()),
    )
    if owners:
        lines += ["### Items they own", ""]
        rows = [
            [
                cell(p.name),
                f"{p.assigned_items.total:,}",
                *_label_cells(report, p.assigned_items),
                f"{p.reported_items.total:,}",
            ]
            for p in owners
        ]
        lines += _table(
            ["Person", "Assigned", *_label_headers(report), "Reported"],
            rows,
            ["l", "r", *_label_align(report), "r"],
        )


def _label_headers(report: Report) -> list[str]:
    return [label_word(label) for label in report.shown_labels]


def _label_align(report: Report) -> list[str]:
    return ["r"] * len(report.shown_labels)


def _label_cells(report: Report, counts: LabelCounts) -> list[str]:
    """A count per shown label (a person's one share is SHARE_DEFINITION, in the roles table)."""
    return [f"{counts.count(label):,}" for label in report.shown_labels]


def _item_ref(item: ItemResult) -> str:
    ref = cell(item.ref)
    return f"[{ref}]({item.url})" if item.url and item.url.startswith("https://") else ref


def _top(report: Report, label: str, lines: list[str]) -> None:
    items = report.top_items(label)
    lines += [f"## Top {label_phrase(label)} items", ""]
    if not items:
        lines += [no_top_items(report, label), ""]
        return
    rows = [
        [
            _item_ref(i),
            cell(i.title, 120),
            confidence_pct(i, report.threshold),
            cell(reason_beside_confidence(i), 300),
        ]
        for i in items
    ]
    lines += _table(["Item", "Title", "Confidence", "Why"], rows, ["l", "l", "r", "l"])


def _items(report: Report, lines: list[str]) -> None:
    if not report.items:
        return
    lines += ["## All items", ""]
    several = report.owner_names()  # a card with several members: every one
    for label in report.shown_labels:
        group = [i for i in report.items if i.label == label]
        if not group:
            continue
        shown = sorted(group, key=lambda i: (-i.confidence, i.id))[:MAX_ITEMS_PER_GROUP]
        lines += [
            f"<details><summary>{cell(label_title(label))}: {len(group):,} items</summary>",
            "",
        ]
        rows = [
            [
                _item_ref(i),
                cell(i.title, 100),
                cell(i.type or "—"),
                cell(i.status or "—"),
                cell(", ".join(several.get(i.id) or [i.assignee or "—"])),
                confidence_pct(i, report.threshold),
            ]
            for i in shown
        ]
        lines += _table(
            ["Item", "Title", "Type", "Status", "Assignee", "Confidence"],
            rows,
            ["l", "l", "l", "l", "l", "r"],
        )
        if len(group) > len(shown):
            lines += [f"{len(group) - len(shown)} more in `--format json`.", ""]
        lines += ["</details>", ""]


def _skipped(report: Report, lines: list[str]) -> None:
    skipped = report.skipped
    if skipped.lines:
        heading, lead = skipped_heading(skipped), skipped_lead(skipped)
        lines += [f"## {heading}", "", f"{lead}:", ""]
        _listed(grouped_lines(skipped.lines), lines)
    if skipped.repeats:
        lines += ["## Repeated issues", "", f"{sentence_start(repeats_lead(skipped))}:", ""]
        _listed(skipped.repeats, lines)


def _listed(told: list[str], lines: list[str]) -> None:
    lines += [f"- {cell(r, 300)}" for r in told[:MAX_SKIPPED]]
    more = len(told) - MAX_SKIPPED
    if more > 0:
        lines.append(f"- … and {more:,} more (all of them in `--format json`)")
    lines.append("")
