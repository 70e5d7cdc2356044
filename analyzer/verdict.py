"""The verdict: the answer a product leader reads first, in plain sentences with their numbers.

It answers the three questions the tool exists for — is strategic work being done and by whom,
who owns the roadmap and the backlog, is anyone or the board drifting — and says how sure it is.
It is built once from a finished report (:func:`build_verdict`) and every format shows it first.

Minimum data (documented in docs/reports.md, "The verdict, and how much data it needs"):

- a verdict needs at least ``min_items`` items (5 by default) and ``drift_min_activities``
  dated activities (8); with less, :data:`NO_VERDICT` says so; with fewer than ``min_items``
  items no ownership flag is raised at all (:func:`analyzer.ownership.analyze`);
- with :data:`UNCERTAIN_LIMIT` (30%) or more of the items uncertain, the verdict is
  :data:`TENTATIVE`: the flags stand, but "nothing raised" is not read as "all is well";
- with more than half of the items in languages the model does not read, an absence it could
  not check (no strategic work, nobody acting as PM or PO) is not established: the lines and
  the headline say so, as the findings do (:mod:`analyzer.flags.reading`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from _backlog_analyzer_runtime.percent import percent
from analyzer.flags.interface import SEVERITY_WORDS
from analyzer.flags.reading import (
    ANYONE_DOES_STRATEGIC_WORK,
    ANYONE_OWNS,
    NO_STRATEGIC_SEEN,
    STORIES_HAVE_CRITERIA,
    Reading,
    nobody_acts_as,
)
from analyzer.no_items import NOTHING_TO_JUDGE, no_items
from analyzer.report import and_joined, counted, sentence_start
from models.interface import STRATEGIC, TACTICAL
from models.language import languages_text

if TYPE_CHECKING:
    from analyzer.report import PersonStats, Report
    from analyzer.roles import Roles

ATTENTION, HEALTHY, TENTATIVE, NO_VERDICT = "attention", "healthy", "tentative", "no-verdict"
#: From this share of uncertain items on, the verdict is tentative.
UNCERTAIN_LIMIT = 0.30
MAX_NAMES = 3


@dataclass(slots=True)
class VerdictLine:
    topic: str  # "Strategic work" | "Roadmap" | "Backlog" | "Drift" | "How sure"
    text: str  # one or two plain sentences with their numbers
    ok: bool | None = None  # True: fine, False: needs attention, None: no judgement


@dataclass(slots=True)
class Verdict:
    status: str  # attention | healthy | tentative | no-verdict
    headline: str
    lines: list[VerdictLine] = field(default_factory=list)
    # Why the data cannot carry (all of) a verdict, one sentence each; [] when it can.
    limits: list[str] = field(default_factory=list)

    def sentences(self) -> list[str]:
        """The headline, then each line as ``Topic: text``."""
        return [self.headline, *(f"{line.topic}: {line.text}" for line in self.lines)]


def _p(share: float) -> str:
    """A whole percentage (:func:`_backlog_analyzer_runtime.percent.percent`: 1 item of 682
    is "<1%", not "0%"; 681 of them ">99%", not "100%")."""
    return percent(share)


def _names(people: list[PersonStats], roles: dict[str, str | None], more: int = 0) -> str:
    """ "A, B and C"; with ``more`` others: "A, B, C and 2 more"."""
    shown = [f"{p.name} ({roles[p.id]})" if roles.get(p.id) else p.name for p in people]
    if more > 0:
        shown.append(f"{more} more")
    return and_joined(shown)


def data_limits(report: Report) -> list[str]:
    """Why this report's data is too thin for a verdict ([] when it is enough)."""
    th = report.thresholds or {}
    min_items = int(th.get("min_items", 5))
    min_acts = int(th.get("drift_min_activities", 8))
    s = report.summary
    out = []
    if s.items.total == 0:
        out.append(no_items(report.source, NOTHING_TO_JUDGE))
        return out
    if s.items.total < min_items:
        out.append(
            f"Only {counted(s.items.total, 'item', 'items')} (a verdict needs "
            f"at least {min_items})."
        )
    if s.total_activities < min_acts:
        acts = s.total_activities
        count = f"Only {counted(acts, 'dated activity', 'dated activities')}" if acts else ""
        # the cause when the reader knows it, first, not only in the notes at the end
        cause = f": {report.history_cause}" if report.history_cause else ""
        out.append(f"{count or 'No dated activity'} (a verdict needs at least {min_acts}){cause}.")
    return out


def build_verdict(
    report: Report, roles: Roles | None = None, reading: Reading | None = None
) -> Verdict:
    """The verdict of a report whose roles, drift and flags are filled in; ``reading``: how
    many of its items the model read (None: all)."""
    s = report.summary
    reading = reading or Reading(s.items.total)
    limits = data_limits(report)
    certainty = _certainty(report, reading)
    if limits:
        raised = _flag_counts(report)
        also = f" Read the flags ({raised}) with care." if raised else ""
        # no tick under "Not enough data for a verdict": "✓ How sure … no activity" read as a
        # board one may be sure of (wineapp, invotra, textav: items without a dated activity)
        sure = VerdictLine(certainty.topic, certainty.text, None if certainty.ok else certainty.ok)
        return Verdict(
            NO_VERDICT,
            "Not enough data for a verdict. " + " ".join(limits) + also,
            [*([roles_file_line(report)] if report.role_warnings else []), sure],
            limits,
        )
    severe = [f for f in report.flags if f.severity in ("error", "warning")]
    lines = [
        _strategic_line(report, reading),
        _owner_line(report, roles, STRATEGIC, reading),
        _owner_line(report, roles, TACTICAL, reading),
        *_hygiene_lines(report),
        *_overlap_lines(report),
        _drift_line(report),
        certainty,
    ]
    if report.role_warnings:
        lines.insert(0, roles_file_line(report))
    tentative = s.items.share("uncertain") >= UNCERTAIN_LIMIT
    counts = _flag_counts(report)
    unread = _not_established(lines, reading)
    if severe:
        status = ATTENTION
        topics = [line.topic.lower() for line in lines if line.ok is False]
        where = f" on {and_joined(topics)}" if topics else ""
        headline = f"Needs attention{where}: {counts}."
        if unread:
            headline += f" Tentative: {unread}"
        elif tentative:
            headline += " Tentative: too many items are uncertain to be sure."
    elif tentative:
        status = TENTATIVE
        headline = (
            f"No verdict to rely on: no error or warning was raised, but {unread}"
            if unread
            else "No verdict to rely on: no error or warning was raised, but "
            f"{_p(s.items.share('uncertain'))} of the items are uncertain, so one may be hidden."
        )
    elif report.role_warnings:  # ownership is judged on the entries it could read: not "owned"
        status = ATTENTION
        topics = [line.topic.lower() for line in lines if line.ok is False]
        headline = f"Needs attention on {and_joined(topics)}: {_entries(report)}"
        headline += f", {counts}." if counts else "."
    else:
        status = HEALTHY
        headline = _healthy_headline(lines, counts)
    return Verdict(status, headline, lines, [])


#: What a healthy headline short of "look owned" says when no flag at all is raised.
NO_SEVERE = "no error or warning"


def _healthy_headline(lines: list[VerdictLine], counts: str) -> str:
    """No error or warning: "Roles, roadmap and backlog look owned" when the Roadmap and Backlog
    lines say so; else what they do say, so the headline never claims an owner a line does not
    show (session 25: a Jira CSV without change history read "look owned" over "Backlog: Not
    judged"; a board without tactical work over "Nobody acts as PO")."""
    shown = {line.topic: line.ok for line in lines}
    states = [(topic.lower(), shown.get(topic)) for topic in ("Roadmap", "Backlog")]
    if all(ok for _, ok in states):
        return "Roles, roadmap and backlog look owned" + (f" ({counts})." if counts else ".")
    said = "; ".join(
        f"the {topic} looks owned"
        if ok
        else f"nobody owns the {topic}"
        if ok is False
        else f"who owns the {topic} is not judged"
        for topic, ok in states
    )
    return f"{said[:1].upper()}{said[1:]} ({counts or NO_SEVERE})."


#: The absences a verdict line may leave open, by topic (:func:`_not_established`).
_OPEN_QUESTIONS = {
    "Strategic work": (ANYONE_DOES_STRATEGIC_WORK,),
    "Roadmap": (ANYONE_OWNS["PM"],),
    "Backlog": (ANYONE_OWNS["PO"], STORIES_HAVE_CRITERIA),
    "Backlog hygiene": (STORIES_HAVE_CRITERIA,),
}


def _not_established(lines: list[VerdictLine], reading: Reading) -> str | None:
    """The headline's sentence when lines say an absence is not established (the model read too
    little of the board): "the model read only 13 of 67 items (...), so whether anyone does
    strategic work and whether anyone owns the roadmap are not established."; else None."""
    if reading.shows_absence():
        return None
    found = (
        question
        for line in lines
        for question in _OPEN_QUESTIONS.get(line.topic, ())
        if f"{question} is not" in line.text
    )
    said = list(dict.fromkeys(found))  # once, if both backlog lines leave it open
    if not said:
        return None
    verb = "is" if len(said) == 1 else "are"
    return f"{reading.read_only()}, so {and_joined(said)} {verb} not established."


def _flag_counts(report: Report) -> str:
    order = ("error", "warning", "info")
    words = SEVERITY_WORDS
    n = {sev: sum(1 for f in report.flags if f.severity == sev) for sev in order}
    parts = [f"{n[sev]} {words[sev]}{'s' if n[sev] != 1 else ''}" for sev in order if n[sev]]
    return ", ".join(parts)


def _strategic_line(report: Report, reading: Reading) -> VerdictLine:
    s = report.summary
    n_items, n_strat = s.items.total, s.items.strategic
    if not n_strat and not reading.shows_absence():
        text = reading.not_established(NO_STRATEGIC_SEEN, ANYONE_DOES_STRATEGIC_WORK)
        return VerdictLine("Strategic work", text, None)
    if not n_strat:
        return VerdictLine(
            "Strategic work",
            f"{reading.none_of(n_items)} reads as strategic work (vision, roadmap, research, "
            "business case, success metric): nobody does product-manager work here.",
            False,
        )
    total = s.activities.strategic
    doers = sorted(
        (p for p in report.people if p.activity.strategic),
        key=lambda p: (-p.activity.strategic, p.name.lower()),
    )
    are, them = ("is", "it") if n_strat == 1 else ("are", "them")
    item_share, activity_share = n_strat / n_items, s.activities.share(STRATEGIC)
    # "<1%" of the items or of the activity is next to none: no tick beside it (2 of 1,000
    # items and <1% of the activity read as fine); untouched, the line is a "!" already
    few = bool(total) and (_next_to_none(item_share) or _next_to_none(activity_share))
    text = (
        f"{n_strat:,} of {n_items:,} items ({_p(item_share)}) {are} strategic, and "
        f"{_p(activity_share)} of all activity touches {them}"
        + (": next to no product-manager work here." if few else ".")
    )
    if total and doers:
        top = doers[:MAX_NAMES]
        shares = ", ".join(
            f"{p.name}{f' ({p.declared_role})' if p.declared_role else ''} "
            f"{_p(p.activity.strategic / total)}"
            for p in top
        )
        # the shares shown add up to 100%: the rest (people not named, activity by nobody
        # known) is one "others" share
        rest = total - sum(p.activity.strategic for p in top)
        if rest > 0:
            shares += f", others {_p(rest / total)}"
        text += f" Who does it (share of strategic activity): {shares}."
    elif total:  # touched, but by no one the export names (session 29: a REST search
        # without reporter, 14 strategic items "nobody has touched" beside their 14 activities)
        text += " No known person did that activity: the export names no one for it."
    else:
        text += f" Nobody has touched {them} in the period of the export."
    return VerdictLine("Strategic work", text, None if few else bool(total))


def _next_to_none(share: float) -> bool:
    """A share above none that reads "<1%" (:func:`_p`)."""
    return share > 0 and _p(share).startswith("<")


def _owner_line(report: Report, roles: Roles | None, label: str, reading: Reading) -> VerdictLine:
    topic = "Roadmap" if label == STRATEGIC else "Backlog"
    code = "no-roadmap-owner" if label == STRATEGIC else "no-backlog-owner"
    role_word = "PM" if label == STRATEGIC else "PO"
    if roles is not None:
        owner_ids = roles.people_with_focus(label)
    else:
        owner_ids = [
            p.id for p in report.people if p.drift is not None and p.drift.expected == label
        ]
    # Busiest first, as the people table lists them: the same order whichever way the board
    # was read (an export lists its people in file order, the store in its own).
    wanted = set(owner_ids)
    owners = [p for p in report.people if p.id in wanted]
    text: str | None
    unknown = False  # nobody seen acting in the role, on too few items read to say nobody does
    how = "inferred" if report.roles_inferred else "declared"
    if owners:
        names = _names(owners[:MAX_NAMES], {}, more=len(owners) - MAX_NAMES)
        # "owns it" beside the no-roadmap-owner error ("No PM (Maya Okafor) touched strategic
        # work in the last 60 days") read as a contradiction: they are meant to own it.
        own = (
            "should own it"
            if any(f.code == code and f.severity == "error" for f in report.flags)
            else "owns it"
            if len(owners) == 1
            else "own it"
        )
        text = (
            f"{names}, the {how} {role_word}, {own}."
            if len(owners) == 1
            else f"{names}, the {how} {role_word}s, {own}."
        )
    elif how == "declared":
        text = f"Nobody is declared {role_word} in the roles file: nobody owns it."
    elif label != STRATEGIC and po_not_judged(report):
        text = None
    elif unknown := not reading.shows_absence():  # an inferred role, from too few items' labels
        text = reading.not_established(nobody_acts_as(role_word), ANYONE_OWNS[role_word])
    elif label == TACTICAL and not report.summary.items.tactical:
        text = (
            "No item reads as tactical work (stories, bugs, sprint work), so nobody acts as PO: "
            "nobody owns a backlog on this board."
        )
    else:
        text = f"Nobody acts as {role_word}: nobody owns it."
    codes_here = (code, "stale-roadmap") if label == STRATEGIC else (code,)
    problems = [f for f in report.flags if f.code in codes_here]
    if problems:
        said = " ".join(f.message for f in problems)
        # The owner sentence stays unless a finding says it: no-roadmap-owner's "Nobody owns the
        # roadmap", a lowered finding's own sentence. No backlog finding says nobody owns it
        # ("no backlog owner" is its code, not its sentence): "Nobody acts as PO: nobody owns
        # it." stays before "... they are not refined before they are built."
        keep = owners or label == TACTICAL or (unknown and text not in said)
        text = f"{text} {said}" if text is not None and keep else said
        # a finding lowered because the model read too little (info) is not a problem seen
        return VerdictLine(
            topic, text, False if any(f.severity != "info" for f in problems) else None
        )
    if text is None:
        return VerdictLine(topic, NO_STEERING_TEXT, None)
    if unknown:
        return VerdictLine(topic, text, None)  # not established, as the text says
    return VerdictLine(topic, text, bool(owners))


#: Said instead of "nobody acts as PO" when the data could not show anyone acting as one.
NO_STEERING_TEXT = (
    "Not judged: the data records no prioritisation or acceptance (an export without change "
    "history), so nobody can be seen acting as PO. Name the PO in a roles file to judge it."
)


def po_not_judged(report: Report) -> bool:
    """Whether the report cannot tell who owns the backlog: roles inferred from data without
    any activity that makes someone an inferred PO (roles.infer_roles, prioritised or accepted
    events), where "nobody acts as PO" would be the export's blind spot, not the team's."""
    kinds = report.summary.activities_by_kind
    return report.roles_inferred and not (kinds.get("prioritised") or kinds.get("accepted"))


#: The backlog-hygiene findings, said together under the backlog (analyzer/flags).
HYGIENE_CODES = ("backlog-rot", "ready-without-ac", "stale-items", "empty-epics", "unowned-items")


def _hygiene_lines(report: Report) -> list[VerdictLine]:
    """One line for the backlog-hygiene flags: the first sentence of each (it holds the share)."""
    found = [f for f in report.flags if f.code in HYGIENE_CODES]
    if not found:
        return []
    said = " ".join(f.message.split(". ")[0].rstrip(".") + "." for f in found)
    return [
        VerdictLine(
            "Backlog hygiene", said, False if any(f.severity != "info" for f in found) else None
        )
    ]


def _overlap_lines(report: Report) -> list[VerdictLine]:
    said = [f.message for f in report.flags if f.code == "role-overlap"]
    return [VerdictLine("Overlap", " ".join(said), False)] if said else []


def roles_file_line(report: Report) -> VerdictLine:
    """ "2 entries to check in roles.toml: …": entries, not "errors" or "warnings", which the
    headline counts flags by (a report said "1 problem" there and "2 problems" here)."""
    text = f"{_entries(report)}: "
    text += "; ".join(w.split(": ", 1)[-1] for w in report.role_warnings) + "."
    return VerdictLine("Roles file", text, False)


def _entries(report: Report) -> str:
    """ "2 entries to check in roles.toml" (the file's name, not its path)."""
    n = len(report.role_warnings)
    where = re.split(r"[\\/]", report.roles_file)[-1] if report.roles_file else "the roles file"
    return f"{n} entr{'ies' if n != 1 else 'y'} to check in {where}"


def _drift_line(report: Report) -> VerdictLine:
    drifting = [
        p
        for p in report.people
        if p.drift is not None and p.drift.status in ("drifting", "off-role")
    ]
    parts = []
    for p in drifting[:MAX_NAMES]:
        msg = p.drift.message  # type: ignore[union-attr]
        parts.append(sentence_start(msg, p.drift.name) + ".")  # type: ignore[union-attr]
    board = report.board_drift
    if board is not None and board.status == "drifting":
        parts.append(board.message[:1].upper() + board.message[1:] + ".")
    if parts:
        return VerdictLine("Drift", " ".join(parts), False)
    judged = [p for p in report.people if p.drift is not None and p.drift.status in ("on-role",)]
    if judged:
        text = (
            f"Nobody drifts: {len(judged)} "
            f"{'person keeps' if len(judged) == 1 else 'people keep'} to their role"
        )
        if board is not None and board.status == "steady":
            text += f"; {board.message}."
        else:
            text += "; the board's balance over time is too thin to judge."
        # steady at no strategic work is not good news (the Strategic work line says why), nor
        # is a share that fell to none (or began from none, doubled, halved): no tick
        idle = board is not None and (board.without_strategic or board.moved_for_its_size)
        return VerdictLine("Drift", text, None if idle else True)
    if board is not None and board.status == "steady":
        return VerdictLine(
            "Drift",
            f"{board.message[:1].upper()}{board.message[1:]}; too little activity per person "
            "to judge anyone.",
            None if board.without_strategic or board.moved_for_its_size else True,
        )
    return VerdictLine(
        "Drift",
        "Not judged: too little activity per time window (a person needs "
        f"{(report.thresholds or {}).get('drift_min_activities', 8)} labelled activities in "
        f"each of {int((report.thresholds or {}).get('drift_recent_windows', 2)) + 1} windows).",
        None,
    )


def _certainty(report: Report, reading: Reading) -> VerdictLine:
    s = report.summary
    items = s.items.total
    if not items:
        return VerdictLine("How sure", "Nothing to be sure about: no items.", None)
    unc = s.items.uncertain
    share = unc / items
    are = "is" if unc == 1 else "are"
    if unc:
        text = (
            f"{unc:,} of {items:,} items ({_p(share)}) {are} uncertain"
            f"{_why_uncertain(unc, reading)}; "
        )
    elif items == 1:
        text = "The model is sure enough of the one item; "
    else:
        text = f"None of the {items:,} items is uncertain; "
    text += activities_text(report)
    months = _months(report)
    text += f" over {months}." if months else "."
    set_apart = automation_text(report)
    if set_apart:
        text += f" {set_apart}"
    if report.roles_inferred:
        text += " Roles are inferred from activity, not declared."
    ok = share < UNCERTAIN_LIMIT
    if not ok:
        text += f" From {_p(UNCERTAIN_LIMIT)} uncertain on, treat the verdict as tentative."
    return VerdictLine("How sure", text, ok)


def activities_text(report: Report) -> str:
    """The activities and who did them: "288 activities by 11 of the board's 44 people",
    "1 activity by 1 person", or "no activity" when the export holds none."""
    acts = report.summary.total_activities
    if not acts:
        return "no activity"
    return f"{counted(acts, 'activity', 'activities')} by {activity_people(report)}"


def activity_people(report: Report) -> str:
    """Who did the activities: the people with any ("11 of the board's 44 people" when others,
    assignees or members, did none), not everyone the board names; "no known person" when the
    activities have no author the export names (session 29: a JSON whose issues name their
    assignees and no creator read "15 activities by 3 people", each of them with none)."""
    everyone = report.summary.people
    acting = people_acting(report)
    if not acting and report.people and report.summary.total_activities:
        return "no known person"
    if acting in (everyone, 0):
        return counted(everyone, "person", "people")
    return f"{acting:,} of the board's {everyone:,} people"


def people_acting(report: Report) -> int:
    """How many of the board's people have any activity (all of them when the report lists
    nobody: a report read back without its people)."""
    if not report.people:
        return report.summary.people
    return sum(1 for p in report.people if p.total_activities)


def automation_text(report: Report) -> str:
    """What the report set apart as automation (:mod:`analyzer.automation`), once, in words:
    "1,610 activities by 1 automation account (Automation for Jira) are not counted as anyone's
    work."; "" when the board has none."""
    automation = report.automation
    accounts = automation.accounts
    if not accounts:
        return ""
    shown = [a.name for a in accounts[:MAX_NAMES]]
    if len(accounts) > MAX_NAMES:
        shown.append(f"{len(accounts) - MAX_NAMES} more")
    counts = counted(len(accounts), "automation account", "automation accounts")
    who = f"{counts} ({and_joined(shown)})"
    if not automation.activities:  # (only named on items, or members of the board)
        are = "is" if len(accounts) == 1 else "are"
        return f"{who}, with no activity, {are} not counted among the people."
    acts = counted(automation.activities, "activity", "activities")
    are = "is" if automation.activities == 1 else "are"
    return f"{acts} by {who} {are} not counted as anyone's work."


def _why_uncertain(uncertain: int, reading: Reading) -> str:
    """Why the items are uncertain: the model's hesitation, or (with unread items) both causes:
    " (54 are in Japanese and Chinese, which the model does not read; 3 it read but is not sure
    which kind they are)"; without the second part when it read none of the uncertain items."""
    if not reading.unread_items:
        return f" (the model is not sure which kind {'it is' if uncertain == 1 else 'they are'})"
    # (a guard: unread items are uncertain, and an item the team labelled is not counted unread)
    unread = min(reading.unread_items, uncertain)
    verb = "is" if unread == 1 else "are"
    unread_text = (
        f"{unread:,} {verb} in {languages_text(reading.unread)}, which the model does not read"
    )
    hesitant = uncertain - unread
    if not hesitant:
        return f" ({unread_text})"
    kind = "it is" if hesitant == 1 else "they are"
    return f" ({unread_text}; {hesitant:,} it read but is not sure which kind {kind})"


def _months(report: Report) -> str:
    """How long the activity spans, as the calendar days the About line's dates show: "one day",
    "3 days" (17 – 19 Jun: three calendar days, though only 26 hours apart), "5 months", and
    past two years "9 years" or "2 years and 5 months" (whole months, never more than elapsed)."""
    first, last = report.summary.first_activity, report.summary.last_activity
    if first is None or last is None:
        return ""
    days = (last.date() - first.date()).days + 1  # both days counted, each in its own zone
    if days <= 1:
        return "one day"
    if days < 62:
        return f"{days} days"
    whole = int(days // 30.4)
    if whole < 24:
        return f"{round(days / 30.4)} months"
    years, months = divmod(whole, 12)
    if not months:
        return f"{years} years"
    return f"{years} years and {months} month{'s' if months != 1 else ''}"
