"""What a report says of a source with no items: an export "holds no items", but a live source
is no export — the Jira query or project asked, or the Trello board, is named with what to do."""

from __future__ import annotations

import re

from analyzer.report import SourceInfo

__all__ = ["NO_BALANCE", "NOTHING_TO_JUDGE", "is_live", "no_items"]

#: What follows in the notes and in the verdict's limits.
NO_BALANCE = "there is no balance to report"
NOTHING_TO_JUDGE = "there is nothing to judge"
#: A fetched Jira project's stored name, "DEMO (Demo Onboarding)", or its key alone.
_PROJECT = re.compile(r"[A-Z][A-Z0-9_]+( \(.*\))?", re.DOTALL)


def is_live(source: SourceInfo) -> bool:
    """Fetched from Jira or Trello (its origin the server's or board's URL), not an export file."""
    return (source.origin or "").startswith(("http://", "https://"))


def no_items(source: SourceInfo, consequence: str) -> str:
    """The sentence for a source with no items, ending "so ``consequence``" and, for a live
    source, what to do."""
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
