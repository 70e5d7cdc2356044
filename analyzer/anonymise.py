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

from analyzer.report import DeferredItemResult, Report

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
EMAIL_GONE = "[e-mail removed]"
# a name as repr() quotes it: 'Jane Doe', or "Zed O'Brien" when it holds an apostrophe
_UNMATCHED = re.compile(r"""(?:'[^']*'|"[^"]*") (\([^)]*\)) matches nobody""")
_MIN_TOKEN = 3  # shorter identifiers are not searched for in free text (too many false hits)


def pseudonym(board: str, person_id: str) -> str:
    """ "Person K7QD": four letters from a hash of the board and the person's id (stable)."""
    digest = hashlib.sha256(f"{board}\0{person_id}".encode()).digest()
    return "Person " + base64.b32encode(digest).decode()[:4]


def anonymise(report: Report) -> Report:
    """``report`` with its people replaced by pseudonyms (in place; returned for chaining)."""
    board = report.source.name
    names: dict[str, str] = {}  # any identifier of a person (lower case) -> pseudonym
    ids: dict[str, str] = {}  # person id -> pseudonymous id
    used: set[str] = set()
    for person in report.people:
        pseudo = pseudonym(board, person.id)
        n = 2
        while pseudo in used:  # two people, one hash prefix: keep them apart
            pseudo = f"{pseudonym(board, person.id)}{n}"
            n += 1
        used.add(pseudo)
        ids[person.id] = "p-" + pseudo.split()[1].lower()
        for ident in (person.name, person.username, person.id):
            if ident and len(ident.strip()) >= _MIN_TOKEN:
                names.setdefault(ident.strip().lower(), pseudo)
    # A first name alone ("thanks Ines") when no one else on the board shares it.
    firsts: dict[str, list[str]] = {}
    for person in report.people:
        parts = (person.name or "").split()
        if len(parts) > 1 and len(parts[0]) >= _MIN_TOKEN:
            firsts.setdefault(parts[0].lower(), []).append(person.id)
    by_id = {p.id: names.get((p.name or "").strip().lower()) for p in report.people}
    for first, owners in firsts.items():
        if len(owners) == 1 and by_id.get(owners[0]):
            names.setdefault(first, by_id[owners[0]])
    # A roles-file name that matches nobody on the board is a name too: not shown.
    report.role_warnings = [
        _UNMATCHED.sub(r"a name \1 matches nobody", w) for w in report.role_warnings
    ]
    if report.verdict is not None:
        for line in report.verdict.lines:
            line.text = _UNMATCHED.sub(r"a name \1 matches nobody", line.text)
    report.notes = [_UNMATCHED.sub(r"a name \1 matches nobody", n) for n in report.notes]
    if report.source.origin and "://" not in report.source.origin:
        report.source.origin = re.split(r"[\\/]", report.source.origin.rstrip("/\\"))[-1]
    if not names:
        _rewrite(report, lambda text: EMAIL.sub(EMAIL_GONE, text), ids)
        return report
    alternatives = sorted(names, key=len, reverse=True)  # longest first: "Ann Lee" before "Ann"
    pattern = re.compile(
        r"(?<!\w)(?:" + "|".join(re.escape(a) for a in alternatives) + r")(?!\w)", re.IGNORECASE
    )

    def clean(text: str) -> str:
        if text in ids:
            return ids[text]
        text = EMAIL.sub(EMAIL_GONE, text)
        return pattern.sub(lambda m: names[m.group(0).lower()], text)

    _rewrite(report, clean, ids)
    for person in report.people:
        person.username = None
    return report


def _rewrite(value: Any, clean: Any, ids: dict[str, str]) -> Any:
    """Every string reachable from ``value`` (dataclasses, lists, dicts) through ``clean``."""
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
