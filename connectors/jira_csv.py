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
import itertools
import os
import re
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from operator import attrgetter
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
from connectors.interface import Activity, ActivityKind, Board, Connector, Item, Person
from connectors.jira_mapping import SOURCE, hierarchy_level, sprint_name, status_category
from connectors.mapping_common import (  # the wiki rules, to run only those that can match
    _HTML_TAG,
    _WIKI_MAYBE,
    _WIKI_RULES,
    RecordError,
    _tidy,
    fold,
    html_to_text,
    one_line,
    parse_iso,
)

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


# Jira's default format (``23/Nov/26 10:15 AM``, ``1/Dec/25 14:00``) exactly as exported: one
# regex match and no folding or ISO attempt. Anything else goes to the general parser.
_PLAIN_DATE = re.compile(
    r"([0-9]{1,2})/([A-Za-z]{3})/([0-9]{2}) ([0-9]{1,2}):([0-9]{2})(?: ([AP])M)?"
)


def parse_csv_date(value: str) -> datetime | None:
    """A Jira CSV date in the exporting user's format → aware datetime (UTC if no zone), or None.

    Handles ``dd/MMM/yy h:mm AM`` with English, Spanish, French, German, Italian and Portuguese
    month names (``23/Nov/26 10:15 AM``, ``10/nov/25 4:51 PM``, ``10/oct./16 11:54``,
    ``1. Dez. 25 14:00``) and ISO timestamps.
    """
    match = _PLAIN_DATE.fullmatch(value) if isinstance(value, str) else None
    if match is not None:
        day, month_name, year, hour, minute, half = match.groups()
        month = _MONTHS.get(month_name.lower())
        if month is not None:  # same arithmetic as below (tested against it)
            year_number = int(year)
            year_number += 2000 if year_number < 70 else 1900
            hours = int(hour)
            if half == "P" and hours < 12:
                hours += 12
            elif half == "A" and hours == 12:
                hours = 0
            try:
                return datetime(year_number, month, int(day), hours, int(minute), tzinfo=UTC)
            except ValueError:
                return None
    return _parse_any_date(value)


def _parse_any_date(value: str) -> datetime | None:
    """:func:`parse_csv_date` for every format (the general path)."""
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


_Comment = tuple[datetime, str, str]  # (when, author id or "", text as written)


def _comment(cell: str) -> _Comment | None:
    parts = cell.split(";", 2)
    if len(parts) < 3:
        return None
    when = parse_csv_date(parts[0])
    if when is None:
        return None
    return when, parts[1].strip(), parts[2].strip()


def _comments(cells: list[str]) -> tuple[list[_Comment], int]:
    """Comment cells → (when, author, text) triples, and how many cells could not be read.

    A comment whose ``;`` separators were turned into cell breaks (a file re-saved by another
    tool: ``date``, ``author``, ``text`` in three cells) is put back together.
    """
    comments: list[_Comment] = []
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
    triples, unreadable = _comments(row.all("comment"))
    comments = [
        {"created": when, "author": {"accountId": author} if author else None, "body": body}
        for when, author, body in triples
    ]
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


def _line_dialect(first_line: str) -> tuple[str, bool]:
    """(delimiter, is it Excel's ``sep=`` line) for a file's first line (without its ``\\n``)."""
    marker = first_line.strip()
    if marker.lower().startswith("sep=") and len(marker) == 5:
        return marker[4], True
    counts = {sep: first_line.count(sep) for sep in (",", ";", "\t")}
    best = max(counts, key=lambda sep: counts[sep])
    return (best if counts[best] > counts[","] else ","), False


def _dialect(text: str) -> tuple[str, str]:
    """(delimiter, text without Excel's ``sep=`` line): the separator the header uses most."""
    end = text.find("\n")
    first_line = text if end < 0 else text[:end]  # not partition: no copy of the whole rest
    delimiter, sep_line = _line_dialect(first_line)
    if sep_line:
        return delimiter, text[end + 1 :] if end >= 0 else ""
    return delimiter, text


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


# --- rows → domain objects: what map_issue makes of row_to_issue's dict, without the dict --------
# The reader maps each row straight into an Item and its Activities. row_to_issue + map_issue is
# the reference: tests/test_jira_csv_fastpath.py checks both give the same Board.

# Text without any character a wiki or HTML rule looks for (and not starting a line like a wiki
# heading, quote or list) is only whitespace-squeezed by wiki_to_text: done here without it.
_BY_TIME = attrgetter("timestamp")
_CREATED, _COMMENTED = ActivityKind.CREATED, ActivityKind.COMMENTED
_MARKUP = re.compile(r"[\n{\[!*_+|\\<]")
_LINE_RULE = re.compile(r"\s*(?:h[1-6]\.|bq\.|[#-])")


# Text with markup: wiki_to_text's rules in order, each skipped when the text lacks what the rule
# needs to match at all (a necessary substring or pattern); an unknown rule is always applied.
_RULE_NEEDS: dict[str, str | re.Pattern[str]] = {
    r"\{\{(.*?)\}\}": "{{",
    r"\{(?:code|noformat)(?::[^}]*)?\}": "{",
    r"\{(?:quote|panel|color|anchor|section|column|expand)(?::[^}]*)?\}": "{",
    r"^\s*h[1-6]\.\s*": re.compile(r"h[1-6]\."),
    r"^\s*bq\.\s*": "bq.",
    r"^\s*[*#-]+\s+": re.compile(r"[*#-]\s"),
    r"\[~accountid:([^\]]+)\]": "[~",
    r"\[~([^\]]+)\]": "[~",
    r"\[([^|\]]*)\|([^\]]*)\]": "[",
    r"\[((?:https?|mailto|file):[^\]]+)\]": "[",
    r"!([^!\s|]+)(?:\|[^!]*)?!": "!",
    r"(?<![\w*])\*(\S(?:.*?\S)?)\*(?![\w*])": "*",
    r"(?<![\w_])_(\S(?:.*?\S)?)_(?![\w_])": "_",
    r"(?<![\w+])\+(\S(?:.*?\S)?)\+(?![\w+])": "+",
    r"\?\?(.*?)\?\?": "??",
    r"\|\|?": "|",
    r"\\\\": "\\\\",
    r"^\s*-{4,}\s*$": "----",
}
_GATED_RULES = tuple(
    (pattern, replacement, _RULE_NEEDS.get(pattern.pattern)) for pattern, replacement in _WIKI_RULES
)


def plain_text(text: str) -> str:
    """``wiki_to_text(text)``, faster: no markup → whitespace squeezed; else only the rules that
    can match are run."""
    if _MARKUP.search(text) is None and "??" not in text and _LINE_RULE.match(text) is None:
        if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
            return text  # single spaces only (every other whitespace is unprintable)
        return " ".join(text.split())
    if "<" in text and _HTML_TAG.search(text):
        text = html_to_text(text)
    if _WIKI_MAYBE.search(text):
        for pattern, replacement, needs in _GATED_RULES:
            if needs is None or (needs in text if isinstance(needs, str) else needs.search(text)):
                text = pattern.sub(replacement, text)
    return _tidy(text)


def _register(people: dict[str, Person], person_id: str, name: str | None) -> str:
    """``add_person`` for a CSV user (no e-mail, no user name): the first real name is kept.

    Returns the registered id object, so repeated ids share one string.
    """
    known = people.get(person_id)
    if known is None:
        people[person_id] = Person(id=person_id, display_name=name or person_id)
        return person_id
    if name and known.display_name == person_id:
        known.display_name = name
    return known.id


def _first(values: dict[str, list[str]], field: str) -> str | None:
    found = values.get(field)
    return found[0] if found else None


class _BoardBuilder:
    """Rows in, one Board out (what ``issues_to_board`` makes of ``row_to_issue``'s issues)."""

    def __init__(self, header: list[str], origin: str) -> None:
        self.columns = [(i, f) for i, name in enumerate(header) if (f := column_field(name))]
        self.board = Board(id="", name="Jira issues", source=SOURCE, origin=origin)
        self.count = 0  # rows that became issues (duplicates included), as issues_to_board counts
        self.seen: set[str] = set()
        self.keys_by_id: dict[str, str] = {}
        self.parent_ids: list[
            tuple[Item, str]
        ] = []  # parent given by id: its key is known at the end
        self.projects: dict[str, str] = {}
        self.row_errors: list[str] = []
        self.unreadable = 0
        self.shared: dict[str, str] = {}  # one string object per repeated value (status, labels…)
        self.categories: dict[tuple[str | None, str | None, bool], str | None] = {}
        self.levels: dict[str | None, int | None] = {None: None}
        self.sprints: dict[tuple[str, ...], str | None] = {}

    def add(self, cells: list[str], number: int) -> bool:
        """Map one record (``number`` counts the header as 1); True when it was an issue row."""
        values: dict[str, list[str]] = {}
        count = len(cells)
        for index, field in self.columns:
            if index < count:
                cell = cells[index].strip()
                if cell:
                    if field in values:
                        values[field].append(cell)
                    else:
                        values[field] = [cell]
        if not values:
            return False  # a blank line
        get = values.get
        key = _first(values, "key")
        given_id = _first(values, "id")
        issue_id = given_id or key
        if key is not None:
            self.keys_by_id[given_id or ""] = key
        summary = _first(values, "summary")
        if summary is None and get("title"):
            title = values["title"][0]
            summary = title[len(key) :].strip() if key and title.startswith(key) else title
        if not issue_id:
            summary_text = one_line(summary or "?", 60)
            self.row_errors.append(f"row {number}: no issue key or id (summary {summary_text!r})")
            return False
        found = get("comment")
        comments, unreadable = _comments(found) if found else ((), 0)
        self.unreadable += unreadable
        self.count += 1
        board = self.board
        if issue_id in self.seen:
            board.skipped.append(
                f"issue #{self.count}: {key or issue_id} appears twice; kept the first"
            )
            return True
        self.seen.add(issue_id)
        self._map(values, issue_id, key, summary, comments)
        return True

    def _map(
        self,
        values: dict[str, list[str]],
        item_id: str,
        key: str | None,
        summary: str | None,
        comments: Any,
    ) -> None:
        board, people, shared = self.board, self.board.people, self.shared.setdefault
        get = values.get
        users = []
        for name_field, id_field in (
            ("assignee", "assignee_id"),
            ("reporter", "reporter_id"),
            ("creator", "creator_id"),
        ):
            name, user_id = _first(values, name_field), _first(values, id_field)
            users.append(
                _register(people, user_id or name, name or user_id) if name or user_id else None
            )
        assignee, reporter, creator = users
        members: list[str] = []
        watcher_names, watcher_ids = get("watchers") or [], get("watchers_id") or []
        if watcher_ids and len(watcher_ids) == len(watcher_names):
            watchers = zip(watcher_ids, watcher_names, strict=True)
        else:
            watchers = ((w, w) for w in watcher_ids or watcher_names)
        for watcher_id, watcher_name in watchers:
            person_id = _register(people, watcher_id, watcher_name)
            if person_id not in members:
                members.append(person_id)

        status = _first(values, "status")
        if status is not None:
            status = shared(status, status)
        found = get("created")
        created = parse_csv_date(found[0]) if found else None
        found = get("resolved")
        resolved = parse_csv_date(found[0]) if found else None
        found = get("updated")
        updated = parse_csv_date(found[0]) if found else None
        found = get("due")
        due = parse_csv_date(found[0]) if found else None
        category_key = (_first(values, "status_category"), status, resolved is not None)
        category = self.categories.get(category_key, False)
        if category is False:
            category = status_category(
                {"name": category_key[0]} if status else None, status, category_key[2]
            )
            self.categories[category_key] = category
        issue_type = _first(values, "type")
        if issue_type in self.levels:
            level = self.levels[issue_type]
        else:
            level = self.levels[issue_type] = hierarchy_level({"name": issue_type})
        if issue_type is not None:
            issue_type = shared(issue_type, issue_type)
        found = get("sprint")
        sprint = None
        if found:
            sprint_key = tuple(found)
            if sprint_key in self.sprints:
                sprint = self.sprints[sprint_key]
            else:
                sprint = self.sprints[sprint_key] = sprint_name(found)
        priority = _first(values, "priority")
        parent = _first(values, "parent_key")
        parent_id = None if parent else _first(values, "parent_id")
        if parent_id:
            parent = parent_id
        elif not parent:
            parent = _first(values, "epic_link")
        description = _first(values, "description")
        item = Item(
            source=SOURCE,
            id=item_id,
            title=one_line(summary or "", 1000),
            key=key,
            description=plain_text(description) if description else "",
            type=issue_type,
            status=status,
            status_category=category,
            labels=[shared(label, label) for label in get("labels") or ()],
            created=created,
            updated=updated,
            resolved=resolved,
            parent=parent,
            column=status,
            sprint=sprint,
            assignee=assignee,
            reporter=reporter or creator,
            priority=None if priority is None else shared(priority, priority),
            hierarchy_level=level,
            members=members,
            due=due,
            rank=_first(values, "rank"),
            components=[shared(c, c) for c in dict.fromkeys(get("components") or ())],
            fix_versions=[shared(v, v) for v in dict.fromkeys(get("fix_versions") or ())],
        )
        board.items.append(item)
        if parent_id:
            self.parent_ids.append((item, parent_id))

        actor = creator or reporter
        if created is None:
            mine = []
        else:
            mine = [Activity(item_id, actor, _CREATED, created, id=f"{item_id}:created")]
        for when, author, body in comments:
            actor = _register(people, author, None) if author else None
            mine.append(
                Activity(item_id, actor, _COMMENTED, when, None, None, None, plain_text(body))
            )
        if len(mine) > 1:
            mine.sort(key=_BY_TIME)
        board.activities.extend(mine)

        project_key = _first(values, "project_key")
        if project_key:
            self.projects.setdefault(project_key, _first(values, "project_name") or "")
        elif key and "-" in key:
            self.projects.setdefault(key.rsplit("-", 1)[0], "")

    def finish(self) -> Board:
        board = self.board
        for item, parent_id in self.parent_ids:
            item.parent = self.keys_by_id.get(parent_id, parent_id)
        board.activities.sort(key=_BY_TIME)
        if len(self.projects) == 1:
            key, name = next(iter(self.projects.items()))
            board.id = key
            board.name = one_line(name, 200) if name else "Jira issues"
        elif self.projects:
            board.id = ",".join(sorted(self.projects))
            board.name = f"Jira issues from {len(self.projects)} projects"
        board.skipped[:0] = self.row_errors
        if self.unreadable:
            board.skipped.append(
                f"{self.unreadable} comment cell(s) not in Jira's 'date;author;text' form were "
                "ignored"
            )
        return board


# --- reading the file ---------------------------------------------------------------------------


class JiraCsvExport(Connector):
    """``JiraCsvExport(path).load()`` reads one Jira CSV export.

    The file is read as a stream (UTF-8, else Windows-1252; UTF-16 with a BOM): one row at a
    time is decoded, split and mapped, so neither the file's text nor its rows are held whole.
    """

    name = "jira-csv"

    def __init__(
        self, path: str | Path, *, on_progress: Callable[[int, int], None] | None = None
    ) -> None:
        self.path = Path(path)
        self.on_progress = on_progress

    def load(self) -> Board:
        head = self._head()
        if head is not None:
            check_not_binary(self.path, head)
            utf16 = head.startswith((b"\xff\xfe", b"\xfe\xff"))
            for encoding in ("utf-16",) if utf16 else ("utf-8-sig", "cp1252"):
                try:
                    board = self._load_stream(encoding)
                except UnicodeDecodeError:
                    continue
                if board is not None:
                    return board
                break
        return self._load_whole()  # the exact errors of the whole-file reading, and odd files

    def _head(self) -> bytes | None:
        """The first bytes, or None when the whole-file reading must judge the file."""
        try:
            if not self.path.is_file():
                return None
            with self.path.open("rb") as handle:
                head = handle.read(HEAD_BYTES)
        except OSError:
            return None
        return None if not head or head.isspace() else head

    def _load_stream(self, encoding: str) -> Board | None:
        """The board read through a decoding stream; None for a file whose first line ends in a
        lone CR (read whole, so its lines split exactly as before)."""
        with self.path.open("rb") as binary:
            size = os.fstat(binary.fileno()).st_size or 1
            text = io.TextIOWrapper(binary, encoding=encoding, newline="")
            first = text.readline()
            if first.endswith("\r"):
                text.detach()
                return None
            delimiter, sep_line = _line_dialect(first[:-1] if first.endswith("\n") else first)
            lines = text if sep_line else itertools.chain((first,), text)
            board = self._read(lines, delimiter, lambda: binary.tell() / size)
            text.detach()
            return board

    def _load_whole(self) -> Board:
        raw = read_bytes(self.path)
        check_not_binary(self.path, raw[:HEAD_BYTES])
        text = decode_text(self.path, raw)
        del raw
        delimiter, text = _dialect(text)
        size = len(text) or 1
        lines = io.StringIO(text, newline="")
        del text
        return self._read(lines, delimiter, lambda: lines.tell() / size)

    def _read(self, lines: Iterable[str], delimiter: str, done: Callable[[], float]) -> Board:
        """Records → Board; ``done()`` tells how much of the file has been read (0–1)."""
        records = csv.reader(lines, delimiter=delimiter)
        try:
            header = next(records, [])
            if not is_jira_header(header):
                shown = ", ".join(one_line(h, 30) for h in header[:4]) or "nothing"
                raise fail(
                    self.path,
                    f"is not a Jira CSV export (its header starts with {shown}; expected columns "
                    "such as Summary and Issue key)",
                    _ADVICE,
                )
            builder = _BoardBuilder(header, str(self.path))
            add, progress = builder.add, self.on_progress
            for number, cells in enumerate(records, 2):
                if add(cells, number) and progress is not None and builder.count % 500 == 0:
                    # the total is estimated from the bytes read until the last row
                    progress(
                        builder.count,
                        max(builder.count + 1, int(builder.count / max(done(), 1e-9))),
                    )
        except csv.Error as error:
            raise fail(self.path, f"is not a readable CSV ({error})", _ADVICE) from error
        if progress is not None and builder.count:
            progress(builder.count, builder.count)
        return builder.finish()
