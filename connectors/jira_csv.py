"""Offline reader for a Jira CSV export (Filters → Export → CSV (all fields) or current fields).

Jira writes one column per value for multi-valued fields (several ``Labels``, ``Comment``,
``Sprint``, ``Watchers`` columns), names the columns in the user's language, and writes dates in
the user's format (``23/Nov/26 10:15 AM``, ``10/nov/25 4:51 PM``, ``10/oct./16 11:54 AM``, ISO).
Each row is turned into the REST issue shape and mapped by :func:`jira_mapping.map_issue`, so a
CSV and a JSON export of the same issues give the same items.

Comment cells are ``date;author;text``. Rows without a key or summary are skipped into
``Board.skipped``; unknown columns are ignored.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from connectors.export_io import (
    HEAD_BYTES,
    check_not_binary,
    decode_head,
    decode_text,
    fail,
    read_bytes,
)
from connectors.interface import Board, Connector
from connectors.jira_json import issues_to_board
from connectors.mapping_common import RecordError, fold, one_line, parse_iso

FORMAT = "jira-csv"
_ADVICE = "export the issues from Jira with Filters → Export → CSV (all fields)"
# Large descriptions and comment threads exceed the csv module's default 128 KiB per cell.
csv.field_size_limit(2**31 - 1)

# Column names (compared after `fold`: lower case, no accents) per canonical field, in the
# languages Jira exports in. Custom fields are matched by the name inside "Custom field (...)".
_COLUMNS: dict[str, tuple[str, ...]] = {
    "summary": ("summary", "resumen", "resume", "zusammenfassung", "riepilogo", "resumo"),
    "title": ("title", "titre", "titulo", "titel"),
    "key": (
        "issue key",
        "key",
        "clave de incidencia",
        "clave",
        "cle",
        "cle de la demande",
        "cle du ticket",
        "vorgangsschlussel",
        "schlussel",
        "chiave",
        "chave",
    ),
    "id": (
        "issue id",
        "id de la incidencia",
        "id",
        "id de la demande",
        "id du ticket",
        "vorgangs-id",
    ),
    "type": (
        "issue type",
        "tipo de incidencia",
        "type de demande",
        "type de ticket",
        "vorgangstyp",
        "tipo di ticket",
        "type",
    ),
    "status": ("status", "estado", "etat", "statut", "stato"),
    "status_category": (
        "status category",
        "categoria de estado",
        "categorie d'etat",
        "categorie de statut",
        "statuskategorie",
    ),
    "priority": ("priority", "prioridad", "priorite", "prioritat", "priorita"),
    "resolution": ("resolution", "resolucion", "losung"),
    "assignee": ("assignee", "persona asignada", "responsable", "bearbeiter", "assegnatario"),
    "assignee_id": (
        "assignee id",
        "id de la persona asignada",
        "id du responsable",
        "bearbeiter-id",
    ),
    "reporter": ("reporter", "informador", "rapporteur", "autor", "melder"),
    "reporter_id": ("reporter id", "id del informador", "id du rapporteur", "autor-id"),
    "creator": ("creator", "creador", "createur", "ersteller"),
    "creator_id": ("creator id", "id del creador", "id du createur", "ersteller-id"),
    "created": ("created", "creada", "creado", "cree", "creation", "date de creation", "erstellt"),
    "updated": (
        "updated",
        "actualizada",
        "actualizado",
        "mise a jour",
        "mis a jour",
        "aktualisiert",
    ),
    "resolved": ("resolved", "resuelta", "resuelto", "resolue", "date de resolution", "erledigt"),
    "due": ("due date", "fecha de vencimiento", "date d'echeance", "echeance", "falligkeitsdatum"),
    "labels": ("labels", "etiquetas", "etiquettes", "stichworter", "etichette"),
    "description": ("description", "descripcion", "descriptif", "beschreibung", "descrizione"),
    "components": (
        "component/s",
        "components",
        "componentes",
        "composants",
        "composant/s",
        "komponenten",
    ),
    "fix_versions": (
        "fix version/s",
        "fix versions",
        "versiones de correccion",
        "version de correccion",
        "versions corrigees",
        "version corrigee",
        "losungsversion/en",
        "losungsversionen",
    ),
    "sprint": ("sprint",),
    "comment": (
        "comment",
        "comments",
        "comentario",
        "comentarios",
        "commentaire",
        "commentaires",
        "kommentar",
        "kommentare",
    ),
    "watchers": ("watchers", "interesados", "observateurs", "gerer les observateurs", "beobachter"),
    "watchers_id": ("watchers id", "id de los interesados", "id des observateurs", "beobachter-id"),
    "parent_id": ("parent id", "parent", "principal", "id principal", "ubergeordnet"),
    "parent_key": ("parent key", "clave principal", "cle parent", "cle principale"),
    "project_key": ("project key", "clave del proyecto", "cle de projet", "projektschlussel"),
    "project_name": ("project name", "nombre del proyecto", "nom du projet", "projektname"),
}
_CUSTOM = {"epic link": "epic_link", "parent link": "epic_link", "rank": "rank", "sprint": "sprint"}
_CUSTOM_WRAPPER = re.compile(
    r"^(?:custom field|campo personalizado|champ personnalise|benutzerdefiniertes feld|"
    r"campo personalizzato)\s*\((.*)\)$"
)
_BY_NAME = {name: canonical for canonical, names in _COLUMNS.items() for name in names}
_MULTI = frozenset(
    {"labels", "components", "fix_versions", "sprint", "comment", "watchers", "watchers_id"}
)


def column_field(header: str) -> str | None:
    """The canonical field a (possibly localised) column header holds, or None."""
    folded = fold(header)
    custom = _CUSTOM_WRAPPER.match(folded)
    if custom:
        return _CUSTOM.get(custom.group(1).strip())
    return _BY_NAME.get(folded)


def is_jira_header(header: list[str]) -> bool:
    """A header is Jira's when it names the summary and the key, id, type or status."""
    fields = {column_field(name) for name in header}
    return bool(fields & {"summary", "title"}) and bool(fields & {"key", "id", "type", "status"})


# --- dates -----------------------------------------------------------------------------------

_MONTHS = {
    **dict.fromkeys(("jan", "janv", "ene", "gen", "januar", "janeiro", "enero"), 1),
    **dict.fromkeys(("feb", "fev", "fevr", "febr", "februar"), 2),
    **dict.fromkeys(("mar", "mars", "marz", "mrt", "marzo"), 3),
    **dict.fromkeys(("apr", "avr", "abr", "april", "abril"), 4),
    **dict.fromkeys(("may", "mai", "mag", "mei", "mayo"), 5),
    **dict.fromkeys(("jun", "juin", "juni", "giu", "junio"), 6),
    **dict.fromkeys(("jul", "juil", "juli", "lug", "julio"), 7),
    **dict.fromkeys(("aug", "aout", "ago", "agosto"), 8),
    **dict.fromkeys(("sep", "sept", "set", "septiembre"), 9),
    **dict.fromkeys(("oct", "okt", "out", "ott", "octubre"), 10),
    **dict.fromkeys(("nov", "noviembre"), 11),
    **dict.fromkeys(("dec", "dez", "dic", "diciembre"), 12),
}
_DATE = re.compile(
    r"^(\d{1,2})[/\-. ]+([^\W\d_]+)\.?[/\-. ]+(\d{2}|\d{4})"
    r"(?:[ T,]+(\d{1,2})[:h](\d{2})(?::(\d{2}))?\s*([ap])?\.?\s*(m\.?)?)?$"
)


def parse_csv_date(value: str) -> datetime | None:
    """A Jira CSV date in the exporting user's format → aware datetime (UTC if no zone), or None.

    Handles ``dd/MMM/yy h:mm AM`` with English, Spanish, French, German, Italian and Portuguese
    month names (``23/Nov/26 10:15 AM``, ``10/nov/25 4:51 PM``, ``10/oct./16 11:54``,
    ``1. Dez. 25 14:00``) and ISO timestamps.
    """
    text = " ".join(value.split()) if isinstance(value, str) else ""
    if not text:
        return None
    iso = parse_iso(text)
    if iso is not None:
        return iso
    match = _DATE.match(fold(text).replace("a. m.", "am").replace("p. m.", "pm"))
    if not match:
        return None
    day, month_name, year, hour, minute, second, half, _ = match.groups()
    month = _MONTHS.get(month_name.rstrip("."))
    if month is None:
        return None
    year_number = int(year)
    if year_number < 100:
        year_number += 2000 if year_number < 70 else 1900
    hours = int(hour) if hour else 0
    if half == "p" and hours < 12:
        hours += 12
    elif half == "a" and hours == 12:
        hours = 0
    try:
        return datetime(
            year_number, month, int(day), hours, int(minute or 0), int(second or 0), tzinfo=UTC
        )
    except ValueError:
        return None


# --- rows → REST-shaped issues ---------------------------------------------------------------


def _user(name: str | None, user_id: str | None) -> dict[str, str] | None:
    name = (name or "").strip() or None
    user_id = (user_id or "").strip() or None
    if not name and not user_id:
        return None
    return {"accountId": user_id or name or "", "displayName": name or user_id or ""}


class _Row:
    def __init__(self, columns: list[tuple[int, str]], cells: list[str]) -> None:
        values: dict[str, list[str]] = {}
        count = len(cells)
        for index, field in columns:
            if index < count:
                cell = cells[index].strip()
                if cell:
                    if field in values:
                        values[field].append(cell)
                    else:
                        values[field] = [cell]
        self.values = values

    def first(self, field: str) -> str | None:
        values = self.values.get(field)
        return values[0] if values else None

    def all(self, field: str) -> list[str]:
        return self.values.get(field, [])


def _comment(cell: str) -> dict[str, Any] | None:
    parts = cell.split(";", 2)
    if len(parts) < 3:
        return None
    when = parse_csv_date(parts[0])
    if when is None:
        return None
    author = parts[1].strip()
    return {
        "created": when,
        "author": {"accountId": author} if author else None,
        "body": parts[2].strip(),
    }


def _comments(cells: list[str]) -> tuple[list[dict[str, Any]], int]:
    """Comment cells → comment dicts, and how many cells could not be read.

    A comment whose ``;`` separators were turned into cell breaks (a file re-saved by another
    tool: ``date``, ``author``, ``text`` in three cells) is put back together.
    """
    comments: list[dict[str, Any]] = []
    unreadable = 0
    index = 0
    while index < len(cells):
        comment = _comment(cells[index])
        if comment is None and index + 2 < len(cells) and ";" not in cells[index]:
            author, text = cells[index + 1], cells[index + 2]
            comment = _comment(";".join(cells[index : index + 3]))
            if (
                comment is not None
                and ";" not in author
                and len(author) <= 128
                and parse_csv_date(author) is None
                and _comment(text) is None
            ):
                comments.append(comment)
                index += 3
                continue
            comment = None
        if comment is None:
            unreadable += 1
        else:
            comments.append(comment)
        index += 1
    return comments, unreadable


def row_to_issue(row: _Row, keys_by_id: dict[str, str]) -> tuple[dict[str, Any], int]:
    """One CSV row → (REST-shaped issue dict, number of comment cells that could not be read)."""
    key = row.first("key")
    issue_id = row.first("id") or key
    summary = row.first("summary")
    if summary is None and row.first("title"):
        title = row.first("title") or ""
        summary = title[len(key) :].strip() if key and title.startswith(key) else title
    if not issue_id:
        raise RecordError(f"no issue key or id (summary {one_line(summary or '?', 60)!r})")
    comments, unreadable = _comments(row.all("comment"))
    watcher_names, watcher_ids = row.all("watchers"), row.all("watchers_id")
    if watcher_ids and len(watcher_ids) == len(watcher_names):
        watchers = [_user(n, i) for n, i in zip(watcher_names, watcher_ids, strict=True)]
    else:
        watchers = [_user(None, i) for i in watcher_ids] or [_user(n, None) for n in watcher_names]
    parent = row.first("parent_key")
    if parent is None and row.first("parent_id"):
        parent = keys_by_id.get(row.first("parent_id") or "", row.first("parent_id"))
    status = row.first("status")
    category = row.first("status_category")
    fields: dict[str, Any] = {
        "summary": summary or "",
        "description": row.first("description"),
        "issuetype": {"name": row.first("type")} if row.first("type") else None,
        "status": {"name": status, "statusCategory": {"name": category}} if status else None,
        "priority": row.first("priority"),
        "resolution": row.first("resolution"),
        "assignee": _user(row.first("assignee"), row.first("assignee_id")),
        "reporter": _user(row.first("reporter"), row.first("reporter_id")),
        "creator": _user(row.first("creator"), row.first("creator_id")),
        "created": parse_csv_date(row.first("created") or ""),
        "updated": parse_csv_date(row.first("updated") or ""),
        "resolutiondate": parse_csv_date(row.first("resolved") or ""),
        "duedate": parse_csv_date(row.first("due") or ""),
        "labels": row.all("labels"),
        "components": row.all("components"),
        "fixVersions": row.all("fix_versions"),
        "watchers": [w for w in watchers if w],
        "comment": {"comments": comments},
        "parent": {"key": parent} if parent else None,
        "project": {"key": row.first("project_key"), "name": row.first("project_name")},
        "x-sprint": row.all("sprint"),
        "x-rank": row.first("rank"),
        "x-epic": row.first("epic_link"),
    }
    return {"id": issue_id, "key": key, "fields": fields}, unreadable


_NAMES = {"x-sprint": "Sprint", "x-rank": "Rank", "x-epic": "Epic Link"}


def _dialect(text: str) -> tuple[str, str]:
    """(delimiter, text without Excel's ``sep=`` line): the separator the header uses most."""
    end = text.find("\n")
    first_line = text if end < 0 else text[:end]  # not partition: no copy of the whole rest
    marker = first_line.strip()
    if marker.lower().startswith("sep=") and len(marker) == 5:
        return marker[4], text[end + 1 :] if end >= 0 else ""
    counts = {sep: first_line.count(sep) for sep in (",", ";", "\t")}
    best = max(counts, key=lambda sep: counts[sep])
    return (best if counts[best] > counts[","] else ","), text


def read_rows(path: str | Path, text: str) -> list[list[str]]:
    """All CSV records of ``text``; ExportFormatError for text the csv module cannot split."""
    delimiter, text = _dialect(text)
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise fail(path, f"is not a readable CSV ({error})", _ADVICE) from error


def sniff(head: bytes) -> bool:
    """Is the first line of the file a Jira CSV header?"""
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith((b"{", b"[")):
        return False
    delimiter, text = _dialect(decode_head(head))
    try:
        header = next(csv.reader(io.StringIO(text.split("\n", 1)[0]), delimiter=delimiter), [])
    except csv.Error:
        return False
    return is_jira_header(header)


class JiraCsvExport(Connector):
    """``JiraCsvExport(path).load()`` reads one Jira CSV export."""

    name = "jira-csv"

    def __init__(
        self, path: str | Path, *, on_progress: Callable[[int, int], None] | None = None
    ) -> None:
        self.path = Path(path)
        self.on_progress = on_progress

    def load(self) -> Board:
        raw = read_bytes(self.path)
        check_not_binary(self.path, raw[:HEAD_BYTES])
        text = decode_text(self.path, raw)
        del raw  # neither the bytes nor the text stay in memory while rows are mapped
        rows = read_rows(self.path, text)
        del text
        header = rows[0] if rows else []
        if not is_jira_header(header):
            shown = ", ".join(one_line(h, 30) for h in header[:4]) or "nothing"
            raise fail(
                self.path,
                f"is not a Jira CSV export (its header starts with {shown}; expected columns "
                "such as Summary and Issue key)",
                _ADVICE,
            )
        columns = [(i, f) for i, name in enumerate(header) if (f := column_field(name))]
        parsed = [(number, _Row(columns, cells)) for number, cells in enumerate(rows[1:], 2)]
        parsed = [(number, row) for number, row in parsed if row.values]  # blank lines
        del rows  # the cells live on in the parsed rows; the row lists can go
        keys_by_id = {
            row.first("id") or "": row.first("key") or "" for _, row in parsed if row.first("key")
        }
        issues, skipped, unreadable = [], [], 0
        for number, row in parsed:
            try:
                issue, bad_comments = row_to_issue(row, keys_by_id)
            except RecordError as error:
                skipped.append(f"row {number}: {error}")
                continue
            unreadable += bad_comments
            issues.append((issue, _NAMES))
        del parsed  # each issue is freed once mapped (consume): one copy of the rows at a time
        board = issues_to_board(
            issues, origin=str(self.path), on_progress=self.on_progress, consume=True
        )
        board.skipped[:0] = skipped
        if unreadable:
            board.skipped.append(
                f"{unreadable} comment cell(s) not in Jira's 'date;author;text' form were ignored"
            )
        return board
