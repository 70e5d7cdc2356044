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
#: The first columns of the item table ``scan … -o items.csv`` writes
#: (``analyzer/formats/_item_rows.py``'s COLUMNS).
_ITEM_TABLE = ["board", "source", "key", "id", "title"]
#: A JSON string, as the tool's JSON files hold one.
_STRING = r'"(?:[^"\\]|\\.)*"'
#: The tool's JSON files, by their first key(s): an item line of ``-o items.jsonl``; a report
#: (``--format json``: ``schema_version`` then ``verdict``); a portfolio (``kind`` next); a
#: ``report --history --format json`` (``board`` then ``runs``); ``classify --format json``.
_ITEM_LINE = re.compile(rf'\{{\s*"board"\s*:\s*(null|{_STRING})\s*,\s*"source"\s*:')
_REPORT = re.compile(r'\{\s*"schema_version"\s*:\s*"[^"]*"\s*,\s*"(verdict|kind)"\s*:')
_HISTORY = re.compile(rf'\{{\s*"board"\s*:\s*{_STRING}\s*,\s*"runs"\s*:')
_CLASSIFIED = re.compile(rf'\[\s*\{{\s*"text"\s*:\s*{_STRING}\s*,\s*"label"\s*:')
#: What to give instead of a file the tool wrote from an export.
_SCAN_THE_EXPORT = "scan the export it was made from: backlog-analyzer scan EXPORT"
#: The model file's format marker (``models/classifier.py``'s ``FORMAT``).
_MODEL_FORMAT = "backlog-analyzer/role-model"


def own_file_problem(text: str) -> tuple[str, str] | None:
    """(what the file is, what to do) for a roles file, a corrections CSV or a file the tool
    wrote (an item table, a JSON report), else None."""
    if text.startswith(("{", "[")):
        return _own_json(text)
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
    if header[:5] == _ITEM_TABLE or {"predicted_label", "confidence"} <= set(header):
        return (
            "is a backlog-analyzer item table (written by scan … -o items.csv), not an export",
            _SCAN_THE_EXPORT,
        )
    if header[:2] == ["text", "label"]:
        return (
            "is a labelled CSV for evaluate (text,label), not an export",
            "score the model on it with backlog-analyzer evaluate FILE",
        )
    return None


def _own_json(text: str) -> tuple[str, str] | None:
    """A JSON file the tool wrote, by its first key(s), else None."""
    if _ITEM_LINE.match(text):
        what = "holds backlog-analyzer's item lines (written by scan … -o items.jsonl)"
    elif report := _REPORT.match(text):
        what = (
            "is a backlog-analyzer JSON report (--format json: schema_version, verdict, summary, …)"
            if report.group(1) == "verdict"
            else "is a backlog-analyzer portfolio report (--format json of several exports: "
            "schema_version, kind, reports, …)"
        )
    elif _HISTORY.match(text):
        what = "is a backlog-analyzer history (report --history --format json: board, runs)"
    elif _CLASSIFIED.match(text):
        return (
            "holds backlog-analyzer's classify output (--format json: text, label, …), not an "
            "export",
            "give the texts to classify, or scan an export: backlog-analyzer scan EXPORT",
        )
    else:
        return None
    return f"{what}, not an export", _SCAN_THE_EXPORT


def own_json_problem(document: object) -> tuple[str, str] | None:
    """(what the file is, what to do) for a model file, else None."""
    if isinstance(document, dict) and document.get("format") == _MODEL_FORMAT:
        return (
            "is a backlog-analyzer model, not an export",
            "give it with --model and the export as the file to scan: "
            "backlog-analyzer scan EXPORT --model FILE",
        )
    return None
