"""The tool's own files given where an export goes (``scan board.json backlog-analyzer.toml``: a
roles file without ``--roles``): what the file is and which option takes it, instead of the
advice to export a board from Trello or Jira. Judged from the first bytes only."""

from __future__ import annotations

import csv
import re

__all__ = ["own_file_problem", "own_json_problem"]

#: A roles file's tables (docs/roles-drift-flags.md: [people], [roles.NAME], [thresholds],
#: [statuses]).
_ROLES_TABLE = re.compile(r"[ \t]*\[(people|roles(\.[^\]\n]+)?|thresholds|statuses)\][ \t]*(#.*)?")
#: The item column of a corrections file or review worksheet (``analyzer/corrections.py``).
_ITEM_COLUMNS = {"item", "key", "id", "issue key", "issue", "card"}
#: The model file's format marker (``models/classifier.py``'s ``FORMAT``).
_MODEL_FORMAT = "backlog-analyzer/role-model"


def own_file_problem(text: str) -> tuple[str, str] | None:
    """(what the file is, what to do) for a roles file or a corrections CSV, else None."""
    # Its first line that is no comment: a description cell of a Jira CSV may hold "[people]"
    # on a line of its own further down, never before the header.
    content = next((line for line in text.splitlines() if line.strip()[:1] not in ("", "#")), "")
    if _ROLES_TABLE.fullmatch(content):
        return (
            "is a roles file (TOML), not an export",
            "give it with --roles and the export as the file to scan: "
            "backlog-analyzer scan EXPORT --roles FILE",
        )
    first = text.split("\n", 1)[0].strip("\ufeff \r")
    delimiter = max(",;\t", key=first.count)
    try:
        header = [c.strip().lower() for c in next(csv.reader([first], delimiter=delimiter), [])]
    except csv.Error:
        return None
    # The first two columns: a tool's CSV of issues may have a "label" column somewhere, never
    # first behind the key (a review worksheet is item,label,title,…,status: sniffed as Jira's).
    if len(header) >= 2 and header[0] in _ITEM_COLUMNS and header[1] == "label":
        return (
            "is a corrections file (item,label), not an export",
            "give it with --corrections and the export as the file to scan: "
            "backlog-analyzer scan EXPORT --corrections FILE",
        )
    if header[:2] == ["text", "label"]:
        return (
            "is a labelled CSV for evaluate (text,label), not an export",
            "score the model on it with backlog-analyzer evaluate FILE",
        )
    return None


def own_json_problem(document: object) -> tuple[str, str] | None:
    """(what the file is, what to do) for a model file, else None."""
    if isinstance(document, dict) and document.get("format") == _MODEL_FORMAT:
        return (
            "is a backlog-analyzer model, not an export",
            "give it with --model and the export as the file to scan: "
            "backlog-analyzer scan EXPORT --model FILE",
        )
    return None
