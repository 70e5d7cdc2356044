"""What a report says of a source with no items: an export "holds no items", but a live source
is no export — the Jira query or project asked, or the Trello board, is named with what to do.
A report of several boards, none with items, says it of each kind of source it asked."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import PurePath

from analyzer.report import SourceInfo
from connectors.interface import BoardPart

__all__ = [
    "NO_BALANCE",
    "NOTHING_TO_JUDGE",
    "empty_parts",
    "empty_rows",
    "is_live",
    "no_items",
]

#: What follows in the notes and in the verdict's limits.
NO_BALANCE = "there is no balance to report"
NOTHING_TO_JUDGE = "there is nothing to judge"
#: A fetched Jira project's stored name, "DEMO (Demo Onboarding)", or its key alone.
_PROJECT = re.compile(r"[A-Z][A-Z0-9_]+( \(.*\))?", re.DOTALL)

#: What each kind of source says when it is empty, and what to do about it: the subject's noun,
#: its verb phrase and its advice, each (one, several); an export has no advice.
_SAID = {
    "export": (("export", "exports"), ("holds no items", "hold no items"), None),
    "project": (
        ("project", "projects"),
        ("has no issues", "have no issues"),
        (
            "check its key, or that this account may browse its issues",
            "check their keys, or that this account may browse their issues",
        ),
    ),
    "query": (
        ("query", "queries"),
        ("matched no issues", "matched no issues"),
        (
            "try it in Jira's issue search, or give another query or project",
            "try them in Jira's issue search, or give other queries or projects",
        ),
    ),
    "board": (
        ("board", "boards"),
        ("has no cards", "have no cards"),
        ("add cards on Trello or scan another board", "add cards on Trello or scan other boards"),
    ),
}


def is_live(source: SourceInfo) -> bool:
    """Fetched from Jira or Trello (its origin the server's or board's URL), not an export file;
    a report of several boards: any of them."""
    if source.parts:
        return any(_live(part.origin) for part in source.parts)
    return _live(source.origin)


def no_items(source: SourceInfo, consequence: str) -> str:
    """The sentence for a source with no items, ending "so ``consequence``" and, for a live
    source, what to do."""
    if len(source.parts) > 1:
        return _none_in_any(source.parts, consequence)
    if not is_live(source):  # an export (or one imported into the store)
        return f"The export holds no items, so {consequence}."
    if source.kind == "trello":
        return (
            f"The board {source.name!r} has no cards, so {consequence}; add cards on Trello "
            "or scan another board."
        )
    if _PROJECT.fullmatch(source.name):
        return (
            f"The project {source.name} has no issues, so {consequence}; check its key, or "
            "that this account may browse its issues."
        )
    return (
        f"The query {source.name!r} matched no issues, so {consequence}; try it in Jira's "
        "issue search, or give another query or project."
    )


def empty_parts(source: SourceInfo) -> str | None:
    """A report of several boards where some have no items: they are named with what to check
    (the report covers the others, which the user may take for all they asked); else None."""
    empty = [part for part in source.parts if not part.items]
    if not empty or len(empty) == len(source.parts):
        return None
    others = [part for part in source.parts if part.items]
    noun = "project" if all(part.source == "jira" for part in others) else "board"
    covers = f"the other {noun}" if len(others) == 1 else f"the other {len(others)} {noun}s"
    return _none_in_any(empty, f"this report covers {covers}", ":")


def empty_rows(rows: Sequence[BoardPart]) -> str | None:
    """A portfolio's boards with no items (rows of 0 items, "not judged", and nothing else said
    in its table) named by what was asked of each, with what to check, as one board's report of
    them says it; None when every board has items."""
    empty = [row for row in rows if not row.items]
    if not empty:
        return None
    return _none_in_any(
        empty, "its row is not judged" if len(empty) == 1 else "their rows are not judged"
    )


def _none_in_any(parts: Sequence[BoardPart], consequence: str, joint: str = ", so") -> str:
    """``scan jira OPS,WEB`` (or a store's report of several) where no board has items: the
    projects, queries, boards and exports named by kind, each kind's advice after (led by its
    noun when several kinds have advice)."""
    named: dict[str, list[str]] = {}
    for part in parts:
        kind, name = _kind_and_name(part)
        if name not in named.setdefault(kind, []):
            named[kind].append(name)
    clauses, advice = [], []
    advised = sum(_SAID[kind][2] is not None for kind in named)
    for kind, names in named.items():
        (noun, verb, todo), many = _SAID[kind], int(len(names) > 1)
        clauses.append(f"the {noun[many]} {_listed(names)} {verb[many]}")
        if todo:
            advice.append(f"the {noun[many]}: {todo[many]}" if advised > 1 else todo[many])
    sentence = f"{_listed(clauses)}{joint} {consequence}"
    return "; ".join([sentence[0].upper() + sentence[1:], *advice]) + "."


def _kind_and_name(part: BoardPart) -> tuple[str, str]:
    """What was asked of one board of several, and its name as the sentence shows it."""
    if not _live(part.origin):
        return "export", PurePath(part.origin).name if part.origin else repr(part.name)
    if part.source == "trello":
        return "board", repr(part.name)
    if _PROJECT.fullmatch(part.name):
        return "project", part.name
    return "query", repr(part.name)


def _listed(names: Sequence[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _live(origin: str | None) -> bool:
    return (origin or "").startswith(("http://", "https://"))
