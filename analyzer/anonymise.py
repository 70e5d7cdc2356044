"""``--anonymise``: a report that can be shared outside the team.

Every person of the report gets a stable pseudonym ("Person K7QD", the same for the same person of
the same board on every run) and a pseudonymous id; their names, usernames, e-mail addresses and
account ids are replaced wherever they appear — people tables, assignees, flag evidence, drift,
the verdict, messages and notes, item titles and the model's reasons — and any other e-mail
address is removed. The local path of the export is reduced to its file name.

It rewrites a finished :class:`~analyzer.report.Report` (every format then renders the same
anonymised report); numbers are untouched.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import re
from typing import Any

from analyzer.report import AutomationAccount, DeferredItemResult, PersonStats, Report
from models.reasons import Reason

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
EMAIL_GONE = "[e-mail removed]"
# a name as repr() quotes it: 'Jane Doe', or "Zed O'Brien" when it holds an apostrophe
_UNMATCHED = re.compile(r"""(?:'[^']*'|"[^"]*") (\([^)]*\)) matches nobody""")
_MIN_TOKEN = 3  # shorter identifiers are not searched for in free text (too many false hits)


def pseudonym(board: str, person_id: str, word: str = "Person") -> str:
    """ "Person K7QD": four letters from a hash of the board and the person's id (stable);
    ``word`` "Automation" for an automation account ("Automation K7QD")."""
    digest = hashlib.sha256(f"{board}\0{person_id}".encode()).digest()
    return f"{word} " + base64.b32encode(digest).decode()[:4]


def anonymise(report: Report) -> Report:
    """``report`` with its people replaced by pseudonyms (in place; returned for chaining).

    A name several people share (two "Alex Kim", or one's username another's display name) is
    each one's own pseudonym where the report says whose it is (the people tables, an item's
    assignee, a flag naming one of them, a person's drift) and "Person A or Person B" in other
    text: never the other person's pseudonym, never the name."""
    board = report.source.name
    owners: dict[str, list[str]] = {}  # any identifier of a person (lower case) -> their ids
    pseudos: dict[str, str] = {}  # person id -> pseudonym
    ids: dict[str, str] = {}  # person id -> pseudonymous id
    used: set[str] = set()
    # An automation account's name (a bot's, a service account's) is hidden too: the rules that
    # find them read names, and a name the roles file declares automation may be anyone's.
    bots = report.automation.accounts
    for person in [*report.people, *bots]:
        word = "Automation" if isinstance(person, AutomationAccount) else "Person"
        pseudo = pseudonym(board, person.id, word)
        n = 2
        while pseudo in used:  # two people, one hash prefix: keep them apart
            pseudo = f"{pseudonym(board, person.id, word)}{n}"
            n += 1
        used.add(pseudo)
        pseudos[person.id] = pseudo
        ids[person.id] = word[0].lower() + "-" + pseudo.split()[1].lower()
        for ident in (person.name, getattr(person, "username", None), person.id):
            if ident and len(ident.strip()) >= _MIN_TOKEN:
                held = owners.setdefault(ident.strip().lower(), [])
                if person.id not in held:
                    held.append(person.id)
    # A first name alone ("thanks Ines") when no one else on the board shares it.
    firsts: dict[str, list[str]] = {}
    for person in report.people:
        parts = (person.name or "").split()
        if len(parts) > 1 and len(parts[0]) >= _MIN_TOKEN:
            firsts.setdefault(parts[0].lower(), []).append(person.id)
    for first, holders in firsts.items():
        if len(holders) == 1:
            owners.setdefault(first, holders)
    names = {ident: " or ".join(pseudos[pid] for pid in held) for ident, held in owners.items()}
    shared = {ident: held for ident, held in owners.items() if len(held) > 1}
    _hide_roles_file_names(report, names)
    if report.source.origin and "://" not in report.source.origin:
        report.source.origin = _file_name(report.source.origin)
    if not names:
        _rewrite(report, lambda text: EMAIL.sub(EMAIL_GONE, text), ids)
        return report
    alternatives = sorted(names, key=len, reverse=True)  # longest first: "Ann Lee" before "Ann"
    pattern = re.compile(
        r"(?<!\w)(?:" + "|".join(re.escape(a) for a in alternatives) + r")(?!\w)", re.IGNORECASE
    )

    def cleaner(whose: list[str]) -> Any:
        """Text about the people ``whose`` (ids): a shared name one of them holds is theirs."""
        own = dict(names)
        for ident, held in shared.items():
            mine = [pid for pid in held if pid in whose]
            if len(mine) == 1:
                own[ident] = pseudos[mine[0]]

        def clean(text: str) -> str:
            if text in ids:
                return ids[text]
            text = EMAIL.sub(EMAIL_GONE, text)
            return pattern.sub(lambda m: own[m.group(0).lower()], text)

        return clean

    if shared:  # an assignee's shared name: the assignee's own pseudonym (each owner's too)
        for item in report.items:
            if item.assignee and item.assignee.strip().lower() in shared:
                item.assignee = pseudos.get(item.assignee_id or "", item.assignee)
            if any(name.strip().lower() in shared for name in item.assignees):
                item.assignees = [
                    pseudos.get(pid, name) if name.strip().lower() in shared else name
                    for name, pid in zip(item.assignees, item.assignee_ids, strict=False)
                ]
    clean = cleaner([])
    own_names = [pseudos[person.id] for person in [*report.people, *bots]]
    for person in report.people:
        _rewrite(person, cleaner([person.id]) if shared else clean, ids)
    for flag in report.flags:
        _rewrite(flag, cleaner(list(flag.evidence.people)) if shared else clean, ids)
    for f in dataclasses.fields(report):
        if f.name not in ("people", "flags"):
            value = getattr(report, f.name)
            new = _rewrite(value, clean, ids)
            if new is not value and new != value:
                setattr(report, f.name, new)
    for person, pseudo in zip([*report.people, *bots], own_names, strict=True):
        person.name = pseudo  # (a name too short to search for in text too)
        if isinstance(person, PersonStats):
            person.username = None
    return report


def _file_name(path: str) -> str:
    return re.split(r"[\\/]", path.rstrip("/\\"))[-1]


_SEVERAL = re.compile(r"""(?:'[^']*'|"[^"]*") matches several people \((.*)\)""")


def _hide_roles_file_names(report: Report, names: dict[str, str]) -> None:
    """A roles-file name is a name too: one matching nobody is not shown ("a name (pm) matches
    nobody"); one matching several people lists their pseudonyms, each once; the roles file's
    local path is reduced to its file name. The notes and the verdict's line say them so too."""
    from analyzer.verdict import roles_file_line

    path = report.roles_file
    base = _file_name(path) if path and "://" not in path else path

    def hidden(warning: str) -> str:
        if path and base != path and warning.startswith(f"{path}: "):
            warning = f"{base}: {warning[len(path) + 2 :]}"
        warning = _UNMATCHED.sub(r"a name \1 matches nobody", warning)
        several = _SEVERAL.search(warning)
        if several is None:
            return warning
        shown: list[str] = []
        for name in several.group(1).split(", "):
            for pseudo in names.get(name.strip().lower(), name).split(" or "):
                if pseudo not in shown:
                    shown.append(pseudo)
        return warning[: several.start()] + f"a name matches several people ({', '.join(shown)})"

    said = {w: hidden(w) for w in report.role_warnings}
    report.role_warnings = list(said.values())
    report.roles_file = base
    notes = {f"Roles file: {old}.": f"Roles file: {new}." for old, new in said.items()}
    report.notes = [
        notes.get(n, _UNMATCHED.sub(r"a name \1 matches nobody", n)) for n in report.notes
    ]
    if report.verdict is not None:
        for line in report.verdict.lines:
            if line.topic == "Roles file" and report.role_warnings:
                line.text = roles_file_line(report).text
            else:
                line.text = _UNMATCHED.sub(r"a name \1 matches nobody", line.text)


def _rewrite(value: Any, clean: Any, ids: dict[str, str]) -> Any:
    """Every string reachable from ``value`` (dataclasses, lists, dicts) through ``clean``."""
    if isinstance(value, Reason):  # (its parts rewritten: still one)
        return Reason(clean(value.head), value.number, clean(value.body))
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, list):
        value[:] = [_rewrite(v, clean, ids) for v in value]
        return value
    if isinstance(value, dict):
        new = {_rewrite(k, clean, ids): _rewrite(v, clean, ids) for k, v in value.items()}
        value.clear()
        value.update(new)
        return value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        if isinstance(value, DeferredItemResult):  # read the deferred text before rewriting
            value.reason, value.terms = value.reason_and_terms()
        for f in dataclasses.fields(value):
            current = getattr(value, f.name)
            new = _rewrite(current, clean, ids)
            if new is not current and new != current:
                setattr(value, f.name, new)
        return value
    return value
