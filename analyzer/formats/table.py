"""Terminal tables (rich): readable on an 80-column terminal, plain text when color is off."""

from __future__ import annotations

import io
from collections.abc import Iterator

from rich import box
from rich.console import Console, RenderableType
from rich.table import Table
from rich.text import Text

from _backlog_analyzer_runtime.percent import percent
from analyzer.formats._common import (
    EMPTY,
    FULL,
    NO_DATA,
    SEVERITY_WORD,
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
    person_share,
    reason_beside_confidence,
    shown_origin,
    skipped_count_text,
    sparkline,
    verdict_mark,
)
from analyzer.formats.interface import ReportFormat
from analyzer.report import (
    ItemResult,
    LabelCounts,
    PersonStats,
    Report,
    counted,
    grouped_lines,
    repeats_count_text,
    repeats_lead,
    repeats_note,
    sentence_start,
    skipped_boards,
    skipped_note,
    skipped_subject,
)
from models.interface import STRATEGIC, TACTICAL, UNCERTAIN

STYLE = {STRATEGIC: "cyan", TACTICAL: "yellow", UNCERTAIN: "bright_black"}
TITLE = {STRATEGIC: "Strategic (PM)", TACTICAL: "Tactical (PO)", UNCERTAIN: "Uncertain"}
OTHER_STYLES = ("magenta", "green", "blue", "red", "bright_cyan", "bright_yellow")
SHORT = {STRATEGIC: "Strat.", TACTICAL: "Tact.", UNCERTAIN: "Unc."}
MAX_LABEL_HEADING = 12
SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "blue"}
DRIFT_STYLE = {"drifting": "bold red", "off-role": "yellow", "on-role": "green"}
MAX_PEOPLE = 25
MAX_SKIPPED = 10
MAX_WINDOWS = 24


class TableFormat(ReportFormat):
    name = "table"
    suffixes = (".txt",)
    description = "tables for the terminal (default)"

    def console(self, buffer: io.StringIO) -> Console:
        """A rich console writing into ``buffer`` at this format's width, colour or not."""
        return Console(
            file=buffer,
            width=self.width,
            force_terminal=self.color,
            no_color=not self.color,
            color_system="standard" if self.color else None,
            highlight=False,
            emoji=False,
            markup=False,
            legacy_windows=False,
        )

    def render(self, report: Report) -> str:
        buffer = io.StringIO()
        console = self.console(buffer)
        for n, renderable in enumerate(self.renderables(report)):
            heading = getattr(renderable, "plain", "") == "Drift"
            if n and ((isinstance(renderable, Table) and renderable.show_header) or heading):
                console.print()
            console.print(renderable)
        # Rich pads every line to the table's width; files and diffs read better without it.
        return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()) + "\n"

    def renderables(self, report: Report) -> Iterator[RenderableType]:
        yield from _header(report)
        yield _balance_table(report, self.width)
        yield _kinds_line(report)
        yield from _flags(report)
        roles = _roles_table(report, self.width)
        if roles is not None:
            yield roles
        yield from _drift(report)
        if report.windows:
            yield _windows_table(report, self.width)
        if report.people:
            yield _people_table(report, report.people, self.width)
            owners = [p for p in report.people if p.assigned_items.total]
            if owners:
                yield _owners_table(report, owners, self.width)
        for label in report.shown_labels[:-1]:  # every label but uncertain
            yield _top_table(report, label, report.top_items(label))
        if report.skipped.lines:
            yield from _skipped(report)
        if report.skipped.repeats:
            yield from _repeats(report)
        notes = _unsaid_notes(report)
        for note in notes:
            yield Text(f"Note: {note}", style="italic")
        if notes:  # the notes end before the report's colophon starts
            yield Text("")
        yield from _about(report)


def _unsaid_notes(report: Report) -> list[str]:
    """The report's notes that no table above already says (each note shows once)."""
    said: set[str] = set()
    if report.board_drift is not None:  # the Drift list shows the board's line
        said.add(f"Board drift: {report.board_drift.message}.")
    if report.verdict is not None:  # the verdict, at the top, says the roles file's problems
        said.update(f"Roles file: {w}." for w in report.role_warnings)
    if report.skipped.lines:  # the Skipped list gives the count
        said.add(skipped_note(report.skipped))
    if report.skipped.repeats:  # the Repeated issues list says it
        said.add(repeats_note(report.skipped))
    return [n for n in report.notes if n not in said]


#: How a column of wrapped sentences overflows: "fold" keeps every letter. Rich's default for a
#: table column, "ellipsis", cut a word of a line holding wide (CJK) characters ("wer…"): its
#: wrap keeps the line's trailing space, counted in letters, not cells (rich 15), and the line
#: is then one cell too long.
WRAPPED = "fold"

VERDICT_STYLE = {True: "green", False: "bold red", None: "bright_black"}
HEADLINE_STYLE = {"attention": "bold red", "healthy": "bold green"}


def _header(report: Report) -> Iterator[RenderableType]:
    """The title, then the verdict (the answer first); what was read and how follows in
    :func:`_about`, at the end."""
    yield Text(f"Role balance — {report.source.name}", style="bold")
    verdict = report.verdict
    if verdict is None:
        return
    yield Text(verdict.headline, style=HEADLINE_STYLE.get(verdict.status, "bold yellow"))
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1, overflow=WRAPPED)
    for line in verdict.lines:
        grid.add_row(
            Text(verdict_mark(line.ok), style=VERDICT_STYLE[line.ok]),
            Text(line.topic, style="bold"),
            Text(line.text),
        )
    yield grid


def _about(report: Report) -> Iterator[RenderableType]:
    s = report.summary
    roles = "inferred" if report.roles_inferred else (report.roles_file or "declared")
    yield Text("About this report", style="bold")
    yield Text(
        f"{counted(s.items.total, 'item', 'items')} ({closed_text(s)}) · "
        f"{counted(s.total_activities, 'activity', 'activities', 'no activity')} · "
        f"{counted(s.people, 'person', 'people')} · "
        f"{human_period(s.first_activity, s.last_activity)}"
        + (f" · {skipped_count_text(report)} skipped" if report.skipped.lines else "")
        + (f" · {repeats_count_text(report.skipped)}" if report.skipped.repeats else "")
    )
    where = f" · {shown_origin(report.source.origin)}" if report.source.origin else ""
    yield Text(
        f"{report.source.kind}{where} · generated {human_time(report.generated_at)}",
        style="dim",
    )
    yield Text(
        f"threshold {report.threshold:.2f} · model {report.model} · roles {roles}"
        + (f" · window {report.window}" if report.window else ""),
        style="dim",
    )


def _style(report: Report, label: str) -> str:
    """The default labels' colours; each custom label its own, in the model's order."""
    if label in STYLE:
        return STYLE[label]
    extra = report.extra_labels
    n = extra.index(label) if label in extra else 0
    return OTHER_STYLES[n % len(OTHER_STYLES)]


def _share_text(
    counts: LabelCounts, label: str, width: int = 10, digits: int = 1, style: str | None = None
) -> Text:
    share = counts.share(label)
    if not width:  # (a narrow terminal: the share alone)
        return Text(f"{percent(share, digits):>6}")
    cells = bar(share, width)
    filled = cells.count(FULL)
    text = Text()
    text.append(FULL * filled, style=style or STYLE.get(label, ""))
    text.append(EMPTY * (width - filled), style="bright_black")
    text.append(f" {percent(share, digits):>6}")
    return text


def _person_share_text(counts: LabelCounts, width: int = 5) -> Text:
    share = person_share(counts)
    if share is None:
        return Text("n/a", style="bright_black")
    filled = bar(share, width).count(FULL)
    text = Text()
    text.append(FULL * filled, style=STYLE[STRATEGIC])
    text.append(EMPTY * (width - filled), style="bright_black")
    text.append(f" {percent(share):>4}")
    return text


def _balance_table(report: Report, width: int = 80) -> Table:
    """Its 74 cells from 76 columns on; narrower, headed "Share" with 5-cell bars (66 to 75) or
    none (below): rich otherwise cut the counts' headings ("Ite…" at 70) or dropped the counts
    altogether (at 60)."""
    s = report.summary
    narrow = width < 76
    bar_w = 10 if not narrow else 5 if width >= 66 else 0
    table = Table(
        title="Balance", title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False, expand=False
    )
    table.add_column("", no_wrap=True)
    table.add_column("Items", justify="right", no_wrap=True, min_width=len("Items"))
    table.add_column("Share" if narrow else "Share of items", no_wrap=True)
    table.add_column("Activity", justify="right", no_wrap=True, min_width=len("Activity"))
    table.add_column("Share" if narrow else "Share of activity", no_wrap=True)
    for label in report.shown_labels:
        style = _style(report, label)
        table.add_row(
            Text(label_title(label), style=style),
            f"{s.items.count(label):,}",
            _share_text(s.items, label, bar_w, style=style),
            f"{s.activities.count(label):,}",
            _share_text(s.activities, label, bar_w, style=style),
        )
    table.add_row("Total", f"{s.items.total:,}", "", f"{s.activities.total:,}", "", style="bold")
    table.caption = (
        f"Uncertain: confidence below {report.threshold:.2f}. "
        "Activity: each event counts toward its item's label."
        + (" Flags and drift judge strategic vs tactical only." if report.extra_labels else "")
    )
    table.caption_justify = "left"
    return table


def _kinds_line(report: Report) -> Text:
    kinds = report.summary.activities_by_kind
    parts = [f"{kind} {n:,}" for kind, n in kinds.items() if n]
    return Text("Activity by kind: " + (" · ".join(parts) if parts else "none"), style="dim")


def _flags(report: Report) -> Iterator[RenderableType]:
    if not report.flags:
        yield Text(f"Flags: none raised. {no_flags_text(report)}", style="green")
        return
    table = Table(
        title=f"Flags ({len(report.flags)})",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        expand=True,
    )
    table.add_column("Sev.", no_wrap=True)
    table.add_column("Code", no_wrap=True)
    # "fold": a word wider than the column (a title in Japanese has no spaces) goes on over
    # the next lines; an ellipsis cut it, and the "; " between two items with it
    table.add_column("What, and the evidence", ratio=1, overflow=WRAPPED)
    items, people = report.items_by_id(), report.people_by_id()
    explained: set[str] = set()
    for flag in report.flags:
        cell = Text(flag.message)
        for line in evidence_text(flag, items, people, cells=True).lines():
            cell.append("\n" + line, style="dim")
        practice, _, why = flag.practice_text.partition(":")
        cell.append(f"\nPractice: {practice}", style="italic")
        if flag.practice not in explained:  # the explanation once, the name after that
            explained.add(flag.practice)
            cell.append(f" — {why.strip()}", style="italic dim")
        table.add_row(
            Text(
                SEVERITY_WORD.get(flag.severity, flag.severity),
                style=SEVERITY_STYLE.get(flag.severity, ""),
            ),
            Text(flag.code),
            cell,
        )
    table.caption = "Thresholds can be changed in the roles file's [thresholds] table."
    table.caption_justify = "left"
    yield table


def _roles_table(report: Report, width: int = 80) -> Table | None:
    """Laid out for ``width``: names and roles cut, counts whole, the windows' sparkline as long
    as the rest leaves room for, the drift in words that wrap."""
    people = [p for p in report.people if p.declared_role or p.windows]
    if not people:
        return None
    how = "inferred from activity" if report.roles_inferred else f"from {report.roles_file}"
    table = Table(
        title=f"People — balance against role (roles {how})",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
    )
    person_w = 18 if width >= 90 else 14
    # The other columns take person_w + role + acts + 39 cells (Strategic's 10, Drift's 12, the
    # padding and edges): a role as long as "contributor" (11) or a 5-digit count leaves the
    # sparkline fewer cells than the usual budget, or the table is wider than the terminal, its
    # right edge cut and its caption wrapped wider and cut ("Per month" read "Pe").
    role_w = min(11, max(len("Role"), *(len(p.declared_role or "—") for p in people)))
    acts_w = max(len("Acts"), *(len(f"{p.total_activities:,}") for p in people))
    room = width - person_w - role_w - acts_w - 39
    per = f"Per {report.window or 'window'}"  # (its heading whole: "Per mo" read at 70)
    spark_w = max(len(per), min(MAX_WINDOWS, width - person_w - 52, room))
    spark = room >= len(per)  # narrower (60, 70 columns): no sparkline rather than a cut table
    if not spark:  # and names cut shorter (not under 8 cells) if the rest still does not fit
        person_w = max(8, min(person_w, width - role_w - acts_w - 36))
    table.add_column("Person", no_wrap=True, overflow="ellipsis", max_width=person_w)
    table.add_column("Role", no_wrap=True, overflow="ellipsis", max_width=11)
    table.add_column("Acts", justify="right", no_wrap=True, min_width=4)
    table.add_column("Strategic", no_wrap=True)
    if spark:
        table.add_column(per, no_wrap=True, overflow="crop", max_width=spark_w)
    table.add_column("Drift", min_width=12, overflow=WRAPPED)
    ranked = sorted(people, key=lambda p: (p.declared_role is None, -p.total_activities))
    for person in ranked[:MAX_PEOPLE]:
        status = person.drift.status if person.drift else ""
        cells: list[RenderableType] = [
            Text(person.name),
            Text(person.declared_role or "—"),  # the title says when roles are inferred
            f"{person.total_activities:,}",
            _person_share_text(person.activity),
            Text(sparkline(person.windows[-spark_w:], judged_only=True), style="cyan"),
            Text(drift_text(person), style=DRIFT_STYLE.get(status, "")),
        ]
        table.add_row(*(cells if spark else cells[:4] + cells[5:]))
    windows = max(len(p.windows) for p in ranked[:MAX_PEOPLE])
    cut = f" (the last {spark_w} of {windows})" if windows > spark_w else ""  # as the table below
    table.caption = (
        SHARE_DEFINITION
        + (
            f" {per}{cut}: that share, low ▁ to high █; {NO_DATA} too little activity to judge."
            if spark
            else ""
        )
        + _more_people(len(ranked))
    )
    table.caption_justify = "left"
    return table


def _more_people(count: int, who: str = "people") -> str:
    """A people table's note on those beyond the :data:`MAX_PEOPLE` it lists (none: "")."""
    more = count - MAX_PEOPLE
    return f" {more} more {who} in --format json." if more > 0 else ""


def _drift(report: Report) -> Iterator[RenderableType]:
    moving = [
        p.drift for p in report.people if p.drift and p.drift.status in ("drifting", "off-role")
    ]
    board = report.board_drift
    if not moving and board is None:
        return
    yield Text("Drift", style="bold italic")
    grid = Table.grid(padding=(0, 1), pad_edge=True)
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1, overflow=WRAPPED)
    for d in moving:
        grid.add_row("  •", Text(f"{sentence_start(d.message, d.name)}."))
    if board is not None:
        style = "" if board.status == "drifting" else "dim"
        grid.add_row("  •", Text(f"Board: {board.message}.", style=style))
    yield grid


#: Below this width the windows table leaves out From and the people table what each person
#: created, moved and commented: they need 73 to 77 cells, and rich cut their headings ("Str…",
#: "Cr…") at 70 columns and their counts ("2…" for 271) at 60 instead.
NARROW = 77


def _windows_table(report: Report, width: int = 80) -> Table:
    shown = report.windows[-MAX_WINDOWS:]
    narrow = width < NARROW
    # A window of N days is named by its dates ("2026-05-04..2026-05-17"): its first day is
    # said, and a From column beside it squeezed the counts' headings to "Ac…", "T…" at 80.
    dated = all(w.window.startswith(w.start.isoformat()) for w in shown)
    table = Table(
        title=f"Balance over time (per {report.window})",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        show_edge=not narrow,  # (the two cells a week's name, "2024-W01", needs at 60)
    )
    table.add_column("Window", no_wrap=True)
    if not narrow and not dated:
        table.add_column("From", no_wrap=True)
    table.add_column("Acts", justify="right")
    table.add_column("Strat.", justify="right")
    table.add_column("Tact.", justify="right")
    table.add_column("Unc./other" if report.extra_labels else "Unc.", justify="right")
    table.add_column("Strategic share", no_wrap=True)
    for w in shown:
        counts = LabelCounts(w.strategic, w.tactical, 0)
        share = _share_text(counts, STRATEGIC) if counts.total else Text("—", style="dim")
        cells: list[RenderableType] = [
            Text(w.window, style="" if w.judged else "dim"),
            w.start.isoformat(),
            f"{w.activities:,}",
            f"{w.strategic:,}",
            f"{w.tactical:,}",
            f"{w.uncertain:,}",
            share,
        ]
        table.add_row(*(cells[:1] + cells[2:] if narrow or dated else cells))
    more = len(report.windows) - len(shown)
    table.caption = (
        "Strategic share: strategic / (strategic + tactical) activity."
        + (
            " Each window's first day (From) is left out at this width."
            if narrow and not dated
            else ""
        )
        + (f" {more} earlier windows in --format json." if more > 0 else "")
        + other_labels_caption(report)
    )
    table.caption_justify = "left"
    return table


def _label_columns(table: Table, report: Report) -> None:
    """One count column per shown label, each heading whole ("Delivery", not "Del…"). Counts,
    not shares: a person's one share is :data:`SHARE_DEFINITION`, in the roles table."""
    for label in report.shown_labels:
        word = SHORT.get(label) or one_line(label_word(label), MAX_LABEL_HEADING)
        table.add_column(word, justify="right", no_wrap=True, min_width=len(word))


def _label_cells(report: Report, counts: LabelCounts) -> list[RenderableType]:
    return [
        Text(f"{counts.count(label):,}", style=_style(report, label))
        for label in report.shown_labels
    ]


def _people_table(report: Report, people: list[PersonStats], width: int = 80) -> Table:
    table = Table(
        title="People — what they did", title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False
    )
    # A custom role set adds columns: keep the headings whole and let long names wrap instead.
    custom = bool(report.extra_labels)
    kinds = width >= NARROW  # (narrower: the counts by label alone, each whole)
    table.add_column("Person", no_wrap=not custom, overflow="ellipsis", max_width=18)
    for heading in ("Acts", "Created", "Moved", "Comm.") if kinds else ("Acts",):
        whole = {"no_wrap": True, "min_width": len(heading)} if custom else {}
        table.add_column(heading, justify="right", **whole)
    _label_columns(table, report)
    # A board member or assignee who did nothing has a row of zeros here (31 of civicactions'
    # 42 Trello members): they are left out and counted (the owners table lists whom they own).
    idle = sum(not person.total_activities for person in people)
    people = [person for person in people if person.total_activities]
    for person in people[:MAX_PEOPLE]:
        counts = [f"{person.total_activities:,}"]
        if kinds:
            counts += [f"{person.count(k):,}" for k in ("created", "moved", "commented")]
        table.add_row(Text(person.name), *counts, *_label_cells(report, person.activity))
    table.caption = (
        "Each person's activity, counted by the label of the item it touched."
        + ("" if kinds else " Created, Moved and Comm. are left out at this width.")
        + _more_people(len(people))
        + idle_people_note(idle)
    )
    table.caption_justify = "left"
    return table


def _owners_table(report: Report, people: list[PersonStats], width: int = 80) -> Table:
    table = Table(
        title="People — items they are assigned",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
    )
    # its 66 cells need 18 for a name: below, names are cut shorter ("Report…" read at 60)
    table.add_column(
        "Person", no_wrap=True, overflow="ellipsis", max_width=18 if width >= 66 else 12
    )
    table.add_column("Items", justify="right")
    _label_columns(table, report)
    table.add_column("Reported", justify="right")
    ranked = sorted(people, key=lambda p: (-p.assigned_items.total, p.name.lower()))
    for person in ranked[:MAX_PEOPLE]:
        owned = person.assigned_items
        table.add_row(
            Text(person.name),
            f"{owned.total:,}",
            *_label_cells(report, owned),
            f"{person.reported_items.total:,}",
        )
    if len(ranked) > MAX_PEOPLE:  # (no caption otherwise: the table says what it counts)
        table.caption = _more_people(len(ranked), "people assigned items").strip()
        table.caption_justify = "left"
    return table


def _top_table(report: Report, label: str, items: list[ItemResult]) -> RenderableType:
    title = f"Top {label_phrase(label)} items"
    if not items:
        empty = no_top_items(report, label)
        return Text(f"{title}: {empty[:1].lower()}{empty[1:]}", style="dim")
    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("Item", no_wrap=True, overflow="ellipsis", max_width=14)
    table.add_column("Title and why", ratio=1, overflow=WRAPPED)
    table.add_column("Conf.", justify="right", no_wrap=True)
    for item in items:
        cell = Text(one_line(item.title, 120, cells=True) or "(untitled)", style="bold")
        if item.reason:
            cell.append("\n")
            cell.append(one_line(reason_beside_confidence(item), 240, cells=True), style="dim")
        table.add_row(Text(item.ref), cell, confidence_pct(item, report.threshold))
    return table


def _skipped(report: Report) -> Iterator[RenderableType]:
    subject = skipped_subject(report.skipped) + skipped_boards(report.skipped)
    told = grouped_lines(report.skipped.lines)
    yield Text(f"Skipped {one_line(subject, 400)} the reader could not use:", style="bold")
    yield from _listed(told)


def _repeats(report: Report) -> Iterator[RenderableType]:
    """The issues the export holds more than once: what they come to, then one line each."""
    yield Text(f"Repeated issues: {repeats_lead(report.skipped)}:", style="bold")
    yield from _listed(report.skipped.repeats)


def _listed(told: list[str]) -> Iterator[RenderableType]:
    """The lines as a list, each wrapped under its own start (a grouped line's "(and 41 more
    like it: rows 67–107)" under its text, not under the dash)."""
    listed = Table.grid()
    listed.add_column(no_wrap=True)
    listed.add_column(ratio=1, overflow=WRAPPED)
    for line in told[:MAX_SKIPPED]:
        listed.add_row("  - ", Text(one_line(line, 200, cells=True)))
    yield listed
    more = len(told) - MAX_SKIPPED
    if more > 0:
        yield Text(f"  … and {more:,} more (all of them in --format json)", style="dim")
