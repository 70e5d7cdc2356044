"""Who is who: the roles file, the thresholds behind every flag, and inferred roles.

The roles file is TOML (``backlog-analyzer.toml`` in the current directory, or ``--roles FILE``)::

    [people]
    "Alice Martin" = "pm"             # display name, e-mail, Jira account id or Trello username
    "bob@example.com" = "po"               # matched ignoring case (then accents and spaces)
    "carol" = ["pm", "po"]                 # one person declared in two roles -> role-overlap
    "Dan Engineer" = { role = "engineer", aliases = ["dan.e", "dan@example.com"] }

    [roles.designer]                       # a custom role: what its work should lean to
    focus = "none"                         # strategic | tactical | none (none: never judged)
    min_share = 0.5                        # share of its focus expected (strategic/tactical roles)

    [thresholds]                           # any of the defaults below
    stale_roadmap_days = 60

    [statuses]                             # a custom Jira status's category: todo | in progress
    "Disposition" = "in progress"          # | done ("to do" too, any case); names matched as
    "Release" = "done"                     # the status tables match them (case, accents)

Built-in roles: ``pm`` (focus strategic) and ``po`` (focus tactical); ``product manager`` and
``product owner`` are accepted for them. Any other role name is a custom role; without a
``[roles.NAME]`` table its focus is ``none``: the person counts for ownership and overlap checks but
their balance is never called drift. ``automation`` says an account is no person (a bot, an app,
a service account): its activity is nobody's work (:mod:`analyzer.automation`); any other role
declared for an account the tool takes for automation makes it a person. A name in the file
that matches nobody on the board is a warning in the report, not an error. A file that is not
valid TOML, an unknown threshold, or a value of the wrong type is an error (exit 2) naming the file
and the key.

``[statuses]`` is for an export that gives no category for a team's own statuses (an older Jira's,
or one without its Status Category column): :mod:`analyzer.declared_statuses` applies it.

Without a roles file the de-facto role of each person is inferred from their activity (see
:func:`infer_roles`) and the report says the roles were inferred.
"""

from __future__ import annotations

import difflib
import tomllib
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import numpy as np

from analyzer.defaults import DEFAULT_ROLES_FILE
from analyzer.timeline import S_CODE, T_CODE, as_table
from connectors.interface import ActivityKind, Board, Person, SourceError
from connectors.mapping.jira_statuses import DONE, IN_PROGRESS, TODO, status_key
from connectors.small_files import SmallFileError, read_small_text
from models.interface import STRATEGIC, TACTICAL

FOCUS_VALUES = (STRATEGIC, TACTICAL, "none")

# Activity that shapes an item (as opposed to working on it): what a PM or PO does to the backlog.
SHAPING_KINDS = frozenset(
    {
        ActivityKind.CREATED,
        ActivityKind.FIELD_CHANGED,
        ActivityKind.PRIORITISED,
        ActivityKind.ACCEPTED,
    }
)


class RolesFileError(SourceError):
    """A roles file that cannot be used (exit 2)."""


#: Largest whole-number threshold (days, counts) a roles file may set.
MAX_WHOLE_THRESHOLD = 36_500


@dataclass(slots=True)
class Thresholds:
    """Every number a flag or the drift check depends on. Defaults aim at real boards.

    Days are counted back from the latest activity on the board (not from today), so an old export
    is judged as of when it was taken.
    """

    # no-roadmap-owner: no strategic activity by a PM in this many days ...
    roadmap_owner_days: int = 60
    # ... or at least this share of open strategic items has no assignee/member (and >= min_items).
    unowned_strategic_share: float = 0.5
    # stale-roadmap: no strategic item created, moved or updated in this many days.
    stale_roadmap_days: int = 60
    # no-backlog-owner: no rank/priority/list-order/sprint change in this many days ...
    backlog_days: int = 30
    # ... or this share of open tactical items is unassigned *and* untouched in backlog_days ...
    untouched_tactical_share: float = 0.5
    # ... or this share of open stories has no acceptance criteria / checklist.
    missing_ac_share: float = 0.6
    # Share-based checks need at least this many items to say anything.
    min_items: int = 5
    # role-overlap: one person carries at least this share of the board's strategic *and* of its
    # tactical shaping activity (create, edit, prioritise, accept) ...
    overlap_share: float = 0.25
    # ... with at least this many shaping activities of their own.
    overlap_min_activities: int = 20
    # Drift: a window counts for a person only with at least this many labelled activities.
    drift_min_activities: int = 8
    # Drift: how many of the person's latest judged windows make up "recent".
    drift_recent_windows: int = 2
    # Drift: minimum size of the move (share points, 0..1) to call it drift.
    drift_min_move: float = 0.15
    # Board drift: minimum move of the board's strategic share; windows need 2x the person minimum.
    board_drift_min_move: float = 0.15
    # Expected share of the role's focus: a PM below this strategic share is off-role.
    pm_min_strategic_share: float = 0.5
    # A PO below this tactical share is off-role.
    po_min_tactical_share: float = 0.5
    # Inference: people with fewer labelled activities get no inferred role.
    infer_min_activities: int = 10
    # Backlog hygiene (each needs at least min_items open items):
    # stale-items: at least this share of open items untouched in stale_item_days.
    stale_item_days: int = 90
    stale_items_share: float = 0.25
    # backlog-rot: at least this share of open items unassigned, undated (no due date, no
    # sprint) and untouched in rot_days.
    rot_days: int = 60
    rot_share: float = 0.2
    # ready-without-ac: at least this share of the items in a ready/next column (and at least
    # ready_min_items of them) has no acceptance criteria.
    ready_missing_ac_share: float = 0.3
    ready_min_items: int = 3
    # unowned-items (Jira): at least this share of open items has no assignee or no issue type.
    unowned_items_share: float = 0.5

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], origin: str) -> Thresholds:
        known = {f.name: f for f in fields(cls)}
        values: dict[str, Any] = {}
        for key, value in data.items():
            if key not in known:
                raise RolesFileError(
                    f"{origin}: unknown threshold {key!r}; known: {', '.join(sorted(known))}"
                )
            default = getattr(cls(), key)
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise RolesFileError(f"{origin}: threshold {key!r} must be a number, got {value!r}")
            if isinstance(default, int) and not isinstance(default, bool):
                # Days and counts: a century of days is already more than any board shows, and
                # date arithmetic overflows far above it.
                if not 0 <= value <= MAX_WHOLE_THRESHOLD or value != int(value):
                    raise RolesFileError(
                        f"{origin}: threshold {key!r} must be a whole number "
                        f"from 0 to {MAX_WHOLE_THRESHOLD}"
                    )
                value = int(value)
            elif not 0 <= value <= 1:
                raise RolesFileError(f"{origin}: threshold {key!r} is a share, between 0 and 1")
            values[key] = value
        return cls(**values)

    def to_dict(self) -> dict[str, float | int]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass(frozen=True, slots=True)
class RoleDef:
    name: str
    focus: str  # strategic | tactical | none
    min_share: float | None = None  # None: take pm/po default from the thresholds


BUILTIN_ROLES = {
    "pm": RoleDef("pm", STRATEGIC),
    "po": RoleDef("po", TACTICAL),
    "contributor": RoleDef("contributor", "none"),
}
#: The role that says an account is automation, not a person (:mod:`analyzer.automation`).
AUTOMATION_ROLE = "automation"
ROLE_ALIASES = {
    "product manager": "pm",
    "product-manager": "pm",
    "product owner": "po",
    "product-owner": "po",
}


def normalise_role(name: str) -> str:
    key = " ".join(name.strip().lower().split())
    return ROLE_ALIASES.get(key, key)


@dataclass(slots=True)
class Roles:
    """Declared (or inferred) roles resolved against one board's people."""

    assignments: dict[str, list[str]] = field(default_factory=dict)  # Person.id -> role names
    taxonomy: dict[str, RoleDef] = field(default_factory=lambda: dict(BUILTIN_ROLES))
    thresholds: Thresholds = field(default_factory=Thresholds)
    inferred: bool = False
    warnings: list[str] = field(default_factory=list)
    source: str | None = None  # the roles file, when one was read
    # Person.id of the accounts the roles file declares ``automation``: not people, so in no
    # assignment (analyzer.automation sets their activity apart)
    automation: frozenset[str] = frozenset()
    # the file's [statuses]: status_key(name) -> todo | in progress | done
    statuses: dict[str, str] = field(default_factory=dict)

    def roles_of(self, person_id: str | None) -> list[str]:
        return self.assignments.get(person_id or "", [])

    def declared_role(self, person_id: str | None) -> str | None:
        roles = self.roles_of(person_id)
        return "+".join(roles) if roles else None

    def role_def(self, role: str) -> RoleDef:
        return self.taxonomy.get(role) or RoleDef(role, "none")

    def focus_of(self, person_id: str | None) -> set[str]:
        return {self.role_def(r).focus for r in self.roles_of(person_id)} - {"none"}

    def expected(self, person_id: str | None) -> tuple[str, float] | None:
        """(label, minimum share) a person's work should show, or None when not judged."""
        focus = self.focus_of(person_id)
        if len(focus) != 1:  # no product role, or both (that is role-overlap, not drift)
            return None
        label = focus.pop()
        for role in self.roles_of(person_id):
            rd = self.role_def(role)
            if rd.focus == label and rd.min_share is not None:
                return label, rd.min_share
        if label == STRATEGIC:
            return label, self.thresholds.pm_min_strategic_share
        return label, self.thresholds.po_min_tactical_share

    def people_with_focus(self, label: str) -> list[str]:
        return [pid for pid in self.assignments if label in self.focus_of(pid)]


@dataclass(slots=True)
class RolesFile:
    """The parsed file, before it meets a board."""

    path: str
    people: dict[str, list[str]]  # identifier (lower case) -> roles
    aliases: dict[str, str]  # alias (lower case) -> the identifier it stands for
    taxonomy: dict[str, RoleDef]
    thresholds: Thresholds
    # identifier (lower case) -> as the file spells it, for messages ("Jane Doe", not "jane doe")
    spelled: dict[str, str] = field(default_factory=dict)
    # [statuses]: status_key(name) -> todo | in progress | done
    statuses: dict[str, str] = field(default_factory=dict)


#: A [statuses] value (any case and spacing) -> its category.
STATUS_CATEGORIES = {TODO: TODO, "to do": TODO, IN_PROGRESS: IN_PROGRESS, DONE: DONE}


def _statuses(section: Any, origin: str) -> dict[str, str]:
    """The [statuses] table, keyed as the status tables key names (:func:`status_key`)."""
    if not isinstance(section, dict):
        raise RolesFileError(f'{origin}: [statuses] must be a table of "status" = "category"')
    found: dict[str, str] = {}
    for name, value in section.items():
        category = (
            STATUS_CATEGORIES.get(" ".join(value.lower().split()))
            if isinstance(value, str)
            else None
        )
        if category is None or not status_key(name):
            raise RolesFileError(
                f"{origin}: [statuses] {name!r} = {value!r}: the category must be one of "
                "todo, in progress, done"
            )
        found[status_key(name)] = category
    return found


def _as_roles(value: Any, origin: str, who: str) -> list[str]:
    raw = [value] if isinstance(value, str) else value
    if (
        not isinstance(raw, list)
        or not raw
        or not all(isinstance(r, str) and r.strip() for r in raw)
    ):
        raise RolesFileError(f"{origin}: role of {who!r} must be a name or a list of names")
    out: list[str] = []
    for r in raw:
        role = normalise_role(r)
        if role not in out:
            out.append(role)
    return out


def parse_roles_file(path: str | Path) -> RolesFile:
    path = Path(path)
    origin = str(path)
    try:
        text = read_small_text(path)
    except SmallFileError as exc:
        if exc.missing:
            raise RolesFileError(
                f"{origin}: roles file not found; check the path, or leave out --roles to infer "
                "roles from activity"
            ) from None
        if exc.reason == "is a directory":
            raise RolesFileError(f"{origin}: is a directory, expected a TOML roles file") from None
        raise RolesFileError(f"{origin}: {exc.reason}; expected a TOML roles file") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        if "overwrite" in str(exc):  # tomllib: "Cannot overwrite a value (at line 3, column 21)"
            raise RolesFileError(
                f"{origin}: not valid TOML ({exc}); a name or key is written twice: keep one "
                'line per person, such as "Jane Doe" = ["pm", "po"] for two roles'
            ) from None
        raise RolesFileError(
            f"{origin}: not valid TOML ({exc}); fix that line: a person is a line such as "
            '"Jane Doe" = "pm" under [people]'
        ) from None

    unknown = set(data) - {"people", "roles", "thresholds", "statuses"}
    loose = [key for key in data if key in unknown and isinstance(data[key], str | list)]
    if loose:  # "Jane Doe" = "pm" above any [section]: the [people] line is missing
        raise RolesFileError(
            f"{origin}: {loose[0]!r} = {data[loose[0]]!r} is in no section; put a line [people] "
            "above the people"
        )
    if unknown:
        raise RolesFileError(
            f"{origin}: unknown section(s) {', '.join(sorted(unknown))}; "
            "expected [people], [roles], [thresholds], [statuses]"
        )
    people: dict[str, list[str]] = {}
    aliases: dict[str, str] = {}
    spelled: dict[str, str] = {}
    section = data.get("people", {})
    if not isinstance(section, dict):
        raise RolesFileError(f"{origin}: [people] must be a table of name = role")
    for who, value in section.items():
        key = who.strip().lower()
        if isinstance(value, dict):
            if "role" not in value:
                raise RolesFileError(f"{origin}: person {who!r} needs a role")
            roles = _as_roles(value["role"], origin, who)
            extra = value.get("aliases", [])
            if not isinstance(extra, list) or not all(isinstance(a, str) for a in extra):
                raise RolesFileError(f"{origin}: aliases of {who!r} must be a list of names")
            for alias in extra:
                aliases[alias.strip().lower()] = key
        else:
            roles = _as_roles(value, origin, who)
        people.setdefault(key, [])
        people[key] += [r for r in roles if r not in people[key]]
        spelled.setdefault(key, who.strip())

    taxonomy = dict(BUILTIN_ROLES)
    roles_section = data.get("roles", {})
    if not isinstance(roles_section, dict):
        raise RolesFileError(f"{origin}: [roles] must hold one table per custom role")
    for name, spec in roles_section.items():
        if not isinstance(spec, dict):
            raise RolesFileError(f"{origin}: [roles.{name}] must be a table with focus = ...")
        focus = str(spec.get("focus", "none")).strip().lower()
        if focus not in FOCUS_VALUES:
            raise RolesFileError(
                f"{origin}: [roles.{name}] focus must be one of {', '.join(FOCUS_VALUES)}"
            )
        min_share = spec.get("min_share")
        if min_share is not None and (
            isinstance(min_share, bool)
            or not isinstance(min_share, int | float)
            or not 0 <= min_share <= 1
        ):
            raise RolesFileError(f"{origin}: [roles.{name}] min_share must be between 0 and 1")
        role = normalise_role(name)
        taxonomy[role] = RoleDef(role, focus, None if min_share is None else float(min_share))

    thresholds_section = data.get("thresholds", {})
    if not isinstance(thresholds_section, dict):
        raise RolesFileError(f"{origin}: [thresholds] must be a table of name = number")
    thresholds = Thresholds.from_mapping(thresholds_section, origin)
    statuses = _statuses(data.get("statuses", {}), origin)
    return RolesFile(origin, people, aliases, taxonomy, thresholds, spelled, statuses)


def _identifiers(person: Person) -> set[str]:
    ids = {person.id, person.display_name, person.email, person.username}
    return {i.strip().lower() for i in ids if i and i.strip()}


def _folded(name: str, accents: bool) -> str:
    """A name without case or extra spaces, and without accents unless ``accents``: "Tomas
    herrera " → "tomas herrera", as "Tomás Herrera" is; what a file typed on another keyboard
    still means."""
    plain = unicodedata.normalize("NFKD" if not accents else "NFC", name)
    plain = plain if accents else "".join(c for c in plain if not unicodedata.combining(c))
    return " ".join(plain.casefold().split())


def resolve_roles(roles_file: RolesFile, people: Iterable[Person]) -> Roles:
    """Match the file's names to the board's people; names matching nobody become warnings."""
    people = list(people)
    index: dict[str, list[str]] = {}
    on_board: dict[str, str] = {}  # identifier (lower case) -> as the board spells it
    # the same without extra spaces, then without accents either: tried in turn when a name
    # matches nobody as written
    folded: tuple[dict[str, list[str]], ...] = ({}, {})
    for person in people:
        for ident in _identifiers(person):
            index.setdefault(ident, []).append(person.id)
            for accents, table in zip((True, False), folded, strict=True):
                ids = table.setdefault(_folded(ident, accents), [])
                ids += [person.id] if person.id not in ids else []
        for raw in (person.display_name, person.username, person.email, person.id):
            if raw and raw.strip():
                on_board.setdefault(raw.strip().lower(), raw.strip())
    names = {p.id: p.display_name for p in people}
    assignments: dict[str, list[str]] = {}
    warnings: list[str] = []
    lookups: dict[str, list[str]] = {key: [key] for key in roles_file.people}
    for alias, key in roles_file.aliases.items():
        lookups[key].append(alias)
    for key, roles in roles_file.people.items():
        matched: list[str] = []
        for ident in lookups[key]:
            matched += [pid for pid in index.get(ident, []) if pid not in matched]
        for accents, table in zip((True, False), folded, strict=True):
            for ident in lookups[key] if not matched else ():
                found = table.get(_folded(ident, accents), [])
                matched += [pid for pid in found if pid not in matched]
        if not matched:
            near = _near(key, [i for i in index if "@" not in i], cutoff=0.75)
            hint = f" (did you mean {on_board.get(near, near)!r}?)" if near else ""
            warnings.append(
                f"{roles_file.path}: {roles_file.spelled.get(key, key)!r} ({'+'.join(roles)}) "
                f"matches nobody on this board{hint}"
            )
            continue
        if len(matched) > 1:
            who = ", ".join(names.get(pid, pid) for pid in matched)
            spelled = roles_file.spelled.get(key, key)
            warnings.append(f"{roles_file.path}: {spelled!r} matches several people ({who})")
        for pid in matched:
            current = assignments.setdefault(pid, [])
            current += [r for r in roles if r not in current]
    warnings += _unknown_roles(roles_file)
    automation = [pid for pid, roles in assignments.items() if AUTOMATION_ROLE in roles]
    for pid in automation:  # an account, not a person: no role of a person
        others = [r for r in assignments.pop(pid) if r != AUTOMATION_ROLE]
        if others:
            warnings.append(
                f"{roles_file.path}: {names.get(pid, pid)!r} is declared automation and "
                f"{'+'.join(others)}; it counts as automation"
            )
    return Roles(
        assignments=assignments,
        taxonomy=roles_file.taxonomy,
        thresholds=roles_file.thresholds,
        inferred=False,
        warnings=warnings,
        source=roles_file.path,
        automation=frozenset(automation),
        statuses=roles_file.statuses,
    )


def declared_roles(people: Mapping[str, Person], roles: RolesFile | Roles | None) -> Roles | None:
    """The roles a scan's roles file declares, resolved against the board's ``people`` (by id),
    or resolved roles as given; None when nobody is declared (no file, a file without
    ``[people]``, inferred roles)."""
    if isinstance(roles, RolesFile) and roles.people:
        return resolve_roles(roles, people.values())
    if isinstance(roles, Roles) and not roles.inferred:
        return roles
    return None


#: Roles people often write that need no [roles] table to be understood (no product focus).
COMMON_ROLES = ("engineer", "developer", "designer", "qa", "tester", "stakeholder", "analyst")


def _near(word: str, candidates: Iterable[str], cutoff: float = 0.6) -> str | None:
    typed = word.replace("0", "o").replace("1", "l")  # p0 -> po: a digit for a look-alike letter
    found = difflib.get_close_matches(typed, list(candidates), n=1, cutoff=cutoff)
    return found[0] if found else None


def _unknown_roles(roles_file: RolesFile) -> list[str]:
    """A warning per role that is neither built in, declared under [roles], nor a common one."""
    known = [*roles_file.taxonomy, *COMMON_ROLES, AUTOMATION_ROLE]
    out = []
    used = dict.fromkeys(r for roles in roles_file.people.values() for r in roles)
    for role in used:
        if role in known:
            continue
        near = _near(role, [*known, *ROLE_ALIASES])
        hint = f"did you mean {ROLE_ALIASES.get(near, near)!r}? " if near else ""
        out.append(
            f"{roles_file.path}: unknown role {role!r} ({hint}known: "
            f"{', '.join(roles_file.taxonomy)}); it counts as a role with no product focus "
            f"unless declared under [roles.{role}]"
        )
    return out


_STEP = 1 << 20  # rows per step of infer_roles' counting (its temporaries: ≈ 10 MB)


def infer_roles(board: Board, labelled: Iterable, thresholds: Thresholds | None = None) -> Roles:
    """De-facto roles from activity profiles (``labelled``: timeline.LabelledActivity).

    A person with at least ``infer_min_activities`` labelled activities is
    - ``pm`` when their strategic share reaches ``pm_min_strategic_share``;
    - ``po`` when most of their tactical activity shapes items (creates, edits, prioritises,
      accepts) rather than only moving or commenting on them, and they prioritised or accepted
      something at least once;
    - ``contributor`` otherwise (never judged for drift).
    People with less activity get no role. This is a hint, not a verdict: the report says so.
    """
    th = thresholds or Thresholds()
    table = as_table(board, labelled)
    named = table.named
    n_actors = len(table.actors)
    # per actor: strategic, tactical, tactical shaping and tactical steering rows, counted a
    # step of rows at a time (whole-column masks and gathers: ≈ 80 MB at 10M rows)
    counts = np.zeros((4, n_actors), np.int64)
    shaping, steering_kinds = (
        np.array([k in kinds for k in table.kinds] + [False], bool)
        for kinds in (
            {str(k) for k in SHAPING_KINDS},
            {str(ActivityKind.PRIORITISED), str(ActivityKind.ACCEPTED)},
        )
    )
    for start in range(0, len(named), _STEP):
        actor = named[start : start + _STEP]
        label = table.label[start : start + _STEP]
        kind = table.kind[start : start + _STEP]
        has_actor = actor >= 0
        is_tactical = (label == T_CODE) & has_actor
        for row, mask in enumerate(
            (
                (label == S_CODE) & has_actor,
                is_tactical,
                is_tactical & shaping[kind],
                is_tactical & steering_kinds[kind],
            )
        ):
            # (compress: numpy's boolean subscript costs ≈ 4× as much on masks this mixed)
            counts[row] += np.bincount(actor.compress(mask), minlength=n_actors)

    def per_actor(row: int) -> Counter[str]:
        numbers = counts[row].tolist()
        return Counter({table.actors[c]: k for c, k in enumerate(numbers) if k})  # type: ignore[misc]

    strategic, tactical, shaping_tactical, steering = map(per_actor, range(4))
    assignments: dict[str, list[str]] = {}
    for pid in set(strategic) | set(tactical):
        total = strategic[pid] + tactical[pid]
        if total < th.infer_min_activities:
            continue
        if strategic[pid] / total >= th.pm_min_strategic_share:
            assignments[pid] = ["pm"]
        elif tactical[pid] and shaping_tactical[pid] / tactical[pid] >= 0.5 and steering[pid]:
            assignments[pid] = ["po"]
        else:
            assignments[pid] = ["contributor"]
    # Keep people ordered as the board lists them, for stable output.
    order = {pid: i for i, pid in enumerate(board.people)}
    assignments = dict(
        sorted(assignments.items(), key=lambda kv: (order.get(kv[0], 1 << 30), kv[0]))
    )
    return Roles(assignments=assignments, thresholds=th, inferred=True)


def load_roles(
    path: RolesFile | str | Path | None,
    board: Board,
    labelled: Iterable,
    *,
    default_dir: Path | None = None,
) -> Roles:
    """Roles for a board: from ``path`` (a file, or one already parsed), else
    ``default_dir/backlog-analyzer.toml`` when a ``default_dir`` is given and the file is there,
    else inferred.

    A file with thresholds but no ``[people]`` still infers roles, with its thresholds; so does
    one whose ``[people]`` only names automation accounts (no person's role is declared).
    """
    if path is None and default_dir is not None:
        candidate = default_dir / DEFAULT_ROLES_FILE
        if candidate.is_file():
            path = candidate
    if path is None:
        return infer_roles(board, labelled)
    roles_file = path if isinstance(path, RolesFile) else parse_roles_file(path)
    if roles_file.people and not only_automation(roles_file):
        return resolve_roles(roles_file, board.people.values())
    roles = infer_roles(board, labelled, roles_file.thresholds)
    roles.taxonomy = roles_file.taxonomy
    roles.source = roles_file.path
    roles.statuses = roles_file.statuses
    if roles_file.people:  # automation accounts alone: theirs are the file's only entries
        declared = resolve_roles(roles_file, board.people.values())
        roles.warnings, roles.automation = declared.warnings, declared.automation
    return roles


def only_automation(roles_file: RolesFile) -> bool:
    """Does the file's ``[people]`` name automation accounts only (no person's role)?"""
    return all(roles == [AUTOMATION_ROLE] for roles in roles_file.people.values())
