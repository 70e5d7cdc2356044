"""Status categories of Jira exports that carry none: the status names Jira files under one
category (:mod:`connectors.mapping.jira_statuses`), in every export path; a category given
always wins; an unknown name keeps none. Own small fixtures, written here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from ownership_boards import KeywordModel

from analyzer.pipeline import scan_file
from connectors.exports.jira_csv import JiraCsvExport
from connectors.exports.jira_json import JiraJsonExport
from connectors.mapping.jira import status_category
from connectors.mapping.jira_statuses import (
    CATEGORY_NAMES,
    STATUS_NAMES,
    UNSETTLED,
    category_of_status,
    status_key,
)

WAYS = ["polars columns", "polars prepared", "csv module"]


def _read(path: Path, way: str, monkeypatch: pytest.MonkeyPatch):
    """The board as one path of the CSV reader reads it (as test_jira_columns does)."""
    if way != "csv module":
        monkeypatch.setattr(JiraCsvExport, "_load_stream", lambda *a: pytest.fail("csv module"))
        monkeypatch.setattr(JiraCsvExport, "_load_whole", lambda *a: pytest.fail("csv module"))
    details = way != "polars prepared"
    return JiraCsvExport(path, activity_details=details, polars=way != "csv module").load()


def _csv(tmp_path: Path, name: str, header: str, rows: list[str]) -> Path:
    path = tmp_path / name
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


ES_HEADER = "Resumen,Clave de incidencia,ID de la incidencia,Tipo de Incidencia,Estado,Creada"
ES_ROWS = [
    "Configurar el entorno,AB-1,101,Tarea,Tareas por hacer,21/abr/26 11:37 PM",
    "Pantalla de acceso,AB-2,102,Historia,En curso,20/abr/26 10:00 AM",
    "Diagrama de despliegue,AB-3,103,Tarea,Finalizada,16/abr/26 11:11 AM",
    "Corregir el cierre de sesión,AB-4,104,Error,REABIERTA,15/abr/26 9:00 AM",
    "Revisar el contrato,AB-5,105,Tarea,Bloqueado,14/abr/26 9:00 AM",
    "Informe viejo,AB-6,106,Tarea,Cancelado,13/abr/26 9:00 AM",
    "Esperar al proveedor,AB-7,107,Tarea,Esperando al proveedor,12/abr/26 9:00 AM",
]
ES_CATEGORIES = ["todo", "in progress", "done", "todo", "in progress", "done", None]


DE_HEADER = "Zusammenfassung;Vorgangsschlüssel;Vorgangs-ID;Vorgangstyp;Status;Erstellt"
DE_ROWS = [
    "Anmeldung bauen;DEV-1;201;Aufgabe;Zu erledigen;01/Dez/25 14:00",
    "Fehler beheben;DEV-2;202;Fehler;In Arbeit;03/Mai/26 08:15",
    "Bericht schreiben;DEV-3;203;Aufgabe;Fertig;04/Mai/26 08:15",
    "Absturz beim Start;DEV-4;204;Fehler;Erneut geöffnet;05/Mai/26 08:15",
    "Code prüfen;DEV-5;205;Aufgabe;In Prüfung;06/Mai/26 08:15",
    "Alte Schnittstelle;DEV-6;206;Aufgabe;Abgelehnt;07/Mai/26 08:15",
    "Auf Kunden warten;DEV-7;207;Aufgabe;Warten auf Kunde;08/Mai/26 08:15",
]
DE_CATEGORIES = ["todo", "in progress", "done", "todo", "in progress", "done", None]


# A Dutch-locale Jira export (English column names, as a Dutch team's export may have them).
NL_HEADER = "Summary,Issue key,Issue id,Issue Type,Status,Created"
NL_ROWS = [
    "Inlogpagina bouwen,NL-1,301,Taak,Te doen,01/Dec/25 14:00",
    "Fout in het formulier,NL-2,302,Bug,In uitvoering,03/May/26 08:15",
    "Verslag schrijven,NL-3,303,Taak,Gereed,04/May/26 08:15",
    "Menu op mobiel,NL-4,304,Subtaak,Bezig,05/May/26 08:15",
    "Oude koppeling,NL-5,305,Taak,Afgerond,06/May/26 08:15",
    "Knop controleren,NL-6,306,Taak,Klaar voor test,07/May/26 08:15",
    "Op de klant wachten,NL-7,307,Taak,In afwachting,08/May/26 08:15",
]
NL_CATEGORIES = ["todo", "in progress", "done", "in progress", "done", "in progress", None]


#: locale -> (header, rows, key prefix, the categories the rows' status names get)
LOCALES = {
    "es": (ES_HEADER, ES_ROWS, "AB", ES_CATEGORIES),
    "de": (DE_HEADER, DE_ROWS, "DEV", DE_CATEGORIES),
    "nl": (NL_HEADER, NL_ROWS, "NL", NL_CATEGORIES),
}


@pytest.mark.parametrize("way", WAYS)
@pytest.mark.parametrize("locale", sorted(LOCALES))
def test_an_export_without_a_category_column_gets_its_categories(
    tmp_path, way, monkeypatch, locale
):
    header, rows, prefix, categories = LOCALES[locale]
    board = _read(_csv(tmp_path, f"{locale}.csv", header, rows), way, monkeypatch)
    assert [i.key for i in board.items] == [f"{prefix}-{n}" for n in range(1, 8)]
    assert [i.status_category for i in board.items] == categories


@pytest.mark.parametrize("way", WAYS)
def test_the_category_column_wins_over_the_status_name(tmp_path, way, monkeypatch):
    header = ES_HEADER + ",Categoría de estado"
    rows = [
        # a site that files its "Tareas por hacer" under In Progress: the column says so
        "Configurar el entorno,AB-1,101,Tarea,Tareas por hacer,21/abr/26 11:37 PM,En curso",
        "Pantalla de acceso,AB-2,102,Historia,Bloqueado,20/abr/26 10:00 AM,Listo",
        "Informe viejo,AB-3,103,Tarea,Cancelado,13/abr/26 9:00 AM,Por hacer",
        # an empty cell: the status name still tells
        "Diagrama de despliegue,AB-4,104,Tarea,En curso,16/abr/26 11:11 AM,",
        # an unknown status with a category: the category
        "Esperar al proveedor,AB-5,105,Tarea,Esperando al proveedor,12/abr/26 9:00 AM,En curso",
    ]
    board = _read(_csv(tmp_path, "es_cat.csv", header, rows), way, monkeypatch)
    assert [i.status_category for i in board.items] == [
        "in progress",
        "done",
        "todo",
        "in progress",
        "in progress",
    ]


def _issue(key: str, status: dict) -> dict:
    return {"id": key.split("-")[1], "key": key, "fields": {"summary": key, "status": status}}


def test_jira_json_without_status_categories_gets_them_and_a_given_one_wins(tmp_path):
    issues = [
        _issue("PT-1", {"name": "Tarefas pendentes"}),
        _issue("PT-2", {"name": "Em andamento"}),
        _issue("PT-3", {"name": "Em andamento", "statusCategory": {"key": "done"}}),
        _issue("PT-4", {"name": "Aguardando cliente"}),
        _issue("PT-5", {"name": "Da fare"}),
        _issue("PT-6", {"name": "Da fare", "statusCategory": {"name": "In corso"}}),
    ]
    path = tmp_path / "search.json"
    path.write_text(json.dumps({"issues": issues}), encoding="utf-8")
    for details in (True, False):  # the library's read and a scan's (typed) read
        board = JiraJsonExport(path, activity_details=details).load()
        assert [i.status_category for i in board.items] == [
            "todo",
            "in progress",
            "done",
            None,
            "todo",
            "in progress",
        ]


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("TAREAS POR HACER", "todo"),
        ("a faire", "todo"),
        ("À FAIRE", "todo"),
        ("Selected for Development", "todo"),
        ("Backlog", "todo"),
        ("Reopened", "todo"),
        ("Tarefas Pendentes", "todo"),
        ("Por fazer", "todo"),
        ("Riaperto", "todo"),
        ("In-Progress", "in progress"),
        ("  in   review ", "in progress"),
        ("Code Review", "in progress"),
        ("QA", "in progress"),
        ("Testing", "in progress"),
        ("Blocked", "in progress"),
        ("en révision", "in progress"),
        ("em andamento", "in progress"),
        ("Em curso", "in progress"),
        ("In lavorazione", "in progress"),
        ("WON’T DO", "done"),
        ("Annulé", "done"),
        ("Completato", "done"),
        ("TE DOEN", "todo"),
        ("Heropend", "todo"),
        ("in uitvoering", "in progress"),
        ("Bezig", "in progress"),
        ("Geblokkeerd", "in progress"),
        ("Klaar voor test", "in progress"),  # "klaar" alone is done; "klaar voor" is ready for
        ("Gereed", "done"),
        ("Klaar", "done"),
        ("Afgerond", "done"),
        ("Voltooid", "done"),
        ("Geannuleerd", "done"),
        # unknown, or a category that differs between sites: none, never a guess
        ("Test in UAT", None),
        ("Waiting for support", None),
        ("On Hold", None),
        ("Listo para PO", None),
        ("To Do later", None),
        ("", None),
    ],
)
def test_status_names_any_case_accent_or_punctuation(status, expected):
    assert category_of_status(status) == expected
    assert status_category(None, status) == expected


@pytest.mark.parametrize("name", [n.strip() for n in UNSETTLED.split("|")])
def test_names_whose_category_differs_between_sites_get_none(name: str):
    """Waiting, on hold, pending: To Do on some sites, In Progress on others (not Done: the
    item stays open either way)."""
    assert category_of_status(name) is None and status_category(None, name) is None
    assert category_of_status(name.upper()) is None


def test_a_resolution_or_a_done_word_still_says_done():
    assert status_category(None, "Reopened", resolved=True) == "done"
    assert status_category(None, "Finalizada") == "done"
    assert status_category({"name": "Por hacer"}, "Finalizada", resolved=True) == "todo"


@pytest.mark.parametrize(
    ("name", "done"),
    [
        ("Afgerond", True),
        ("Opgeleverd aan klant", True),
        ("Niet afgerond", False),  # a negation before the done word keeps it open
        ("Gereed voor test", False),  # "gereed"/"klaar" are done whole only (ready for test)
        ("Klaar voor review", False),
    ],
)
def test_dutch_done_words_in_a_list_or_status_name(name, done):
    from connectors.mapping.common import looks_done

    assert looks_done(name) is done


def test_the_table_is_one_category_a_name_in_every_language():
    every = {"en", "es", "fr", "de", "pt", "it", "nl", "pl", "tr"}
    for category, rows in STATUS_NAMES.items():
        # Russian: no done status name was seen (session 35), so none is guessed
        assert set(rows) == every | ({"ru"} if category != "done" else set()), category
    assert set(CATEGORY_NAMES) == set(STATUS_NAMES)
    # each category's own name, in each language, is one of its statuses' categories too
    for category, cells in CATEGORY_NAMES.items():
        for name in cells.split("|"):
            assert category_of_status(name) == category, name
    assert status_key("Bloqué ⛔") == "bloque" and status_key("WON’T DO") == "won t do"
    # letters of every script are kept (a Cyrillic name was keyed "" before session 35)
    assert status_key("К выполнению!") == "к выполнению" and status_key("完了") == "完了"


FINDING_HEADER = "Summary,Issue key,Issue id,Issue Type,Status,Created,Updated,Assignee"
FINDING_ROWS = [  # (no one assigned: an Assignee column, so the findings judge assignees)
    "Roadmap and market research for {n},P-{n},{id},Epic,{status},01/Mar/26 9:00 AM,"
    "02/Mar/26 9:00 AM,"
]


def test_a_cancelled_strategic_item_is_no_longer_open_in_the_report(tmp_path):
    """An export without a category column: its 'Cancelado' items are done, as Jira files
    them (the same export with the column says so), so the no-roadmap-owner warning counts
    only the open strategic items, and the summary counts them done."""
    rows = []
    statuses = ["Tareas por hacer", "En curso", "Tareas por hacer", "Cancelado", "Cancelado"]
    for n, status in enumerate(statuses, 1):
        rows.append(FINDING_ROWS[0].format(n=n, id=100 + n, status=status))
    for n in range(6, 14):
        rows.append(
            f"Fix the login bug {n},P-{n},{100 + n},Bug,Tareas por hacer,"
            "01/Mar/26 9:00 AM,02/Mar/26 9:00 AM,"
        )
    path = _csv(tmp_path, "board.csv", FINDING_HEADER, rows)
    report = scan_file(path, KeywordModel(), window="month")
    assert report.summary.done_items == 2
    [flag] = [f for f in report.flags if f.code == "no-roadmap-owner"]
    assert "3 of 3 open strategic items have nobody assigned" in flag.message
    # the backlog's findings left the dropped items out already
    [unowned] = [f for f in report.flags if f.code == "unowned-items"]
    assert "(11 of 11) of the open issues" in unowned.message


@pytest.mark.parametrize(
    ("status", "dropped", "ready"),
    [
        ("Geannuleerd", True, False),
        ("Afgewezen", True, False),
        ("Niet doen", True, False),
        ("Klaar voor ontwikkeling", False, True),
        ("Gereed voor sprint", False, True),
        ("Volgende", False, True),
        ("Klaar", False, False),  # done, not ready
        ("Gereed", False, False),
        ("Afgerond", False, False),
    ],
)
def test_dutch_dropped_and_ready_status_words(status, dropped, ready):
    from connectors.mapping.status_words import dropped_status, ready_column

    assert dropped_status(status) is dropped
    assert ready_column(status) is ready


@pytest.mark.parametrize(
    ("name", "done"),
    [("Gotowe", True), ("Zrobione", True), ("Zakończone", True), ("W toku", False)],
)
def test_polish_done_words_in_a_list_or_status_name(name, done):
    from connectors.mapping.common import looks_done

    assert looks_done(name) is done


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        # done-like names the done words miss (session 32), in the tables' languages
        ("Archived", "done"),
        ("ARCHIVÉE", "done"),
        ("Archiviert", "done"),
        ("Gearchiveerd", "done"),
        ("Won't Fix", "done"),
        ("Aborted", "done"),
        ("Duplicate", "done"),
        ("Obsolete", "done"),
        ("Descartado", "done"),
        ("Doublon", "done"),
        ("Desplegado", "done"),
        ("Déployé", "done"),
        ("Veröffentlicht", "done"),
        ("Implantado", "done"),
        ("Rilasciato", "done"),
        ("Uitgerold", "done"),
        ("Clôturé", "done"),
        ("Completada", "done"),
        ("Released", "done"),  # the done words, as before
        ("Deployed", "done"),
        # In Progress whatever the site
        ("In Process", "in progress"),
        ("En proceso", "in progress"),
        ("SME Verification", "in progress"),
        ("Verifying", "in progress"),
        ("En verificación", "in progress"),
        ("Ready for Verification", "in progress"),
        ("Verification done", "done"),  # a done word wins
        # left without one: their category differs between sites
        ("Release", None),
        ("Approved", None),
        ("Verificado", None),
        ("Accettato", None),
        ("Vrijgegeven", None),
        ("Disposition", None),
    ],
)
def test_done_like_and_in_progress_custom_names(status: str, expected: str | None):
    assert status_category(None, status) == expected


@pytest.mark.parametrize(
    ("name", "gate"),
    [
        # a done word that ends a stage of the work (session 33: "Testing Complete" is In
        # Progress on a real site that gives its category), in the tables' languages
        ("Testing Complete", True),
        ("Dev Done", True),
        ("Code complete", True),
        ("QA - Done", True),
        ("Desarrollo terminado", True),
        ("Tests terminés", True),
        ("Test abgeschlossen", True),
        ("Teste concluído", True),
        ("Test afgerond", True),
        # a done word handed on to a stage ("Released to QA": In Progress on a real site)
        ("Released to QA", True),
        ("Deployed to Staging", True),
        ("Entregado a QA", True),
        ("Livré en recette", True),
        ("Freigegeben zum Test", True),
        ("Opgeleverd voor test", True),
        # the work's own end: done as before
        ("Released to Production", False),
        ("Shipped to live", False),
        ("Opgeleverd aan klant", False),
        ("Sprint 4 - Complete", False),
        ("Done (to deliver)", False),
        ("Verified - UAT", False),
        ("Testing Complete / Released", False),  # a done word of the work wins
    ],
)
def test_a_done_word_that_ends_a_stage_or_hands_the_work_on_is_a_gate(name, gate):
    from connectors.mapping.common import ends_a_stage, looks_done

    assert looks_done(name) is not gate
    assert ends_a_stage(name) is gate


@pytest.mark.parametrize(
    "name", ["Testing Complete", "Released to QA", "Dev Done", "Livré en recette"]
)
def test_a_gate_status_keeps_no_category_and_may_be_done(name):
    """Open without a category (not done, as the done words read it before), named by the
    report's note (in progress on some sites, a workflow's end on others); a category given or
    a resolution still decides."""
    from connectors.mapping.jira_statuses import never_done

    assert status_category(None, name) is None and category_of_status(name) in (None, "in progress")
    assert not never_done(name)
    assert status_category({"key": "indeterminate"}, name) == "in progress"
    assert status_category({"key": "done"}, name) == "done"
    assert status_category(None, name, resolved=True) == "done"


@pytest.mark.parametrize("way", WAYS)
def test_gate_statuses_are_open_in_every_csv_path_and_the_note_names_them(
    tmp_path, way, monkeypatch
):
    from analyzer.uncategorised import uncategorised_statuses

    rows = [
        "Build the login,GT-1,401,Task,Testing Complete,01/May/26 9:00 AM",
        "Fix the form,GT-2,402,Bug,Testing Complete,02/May/26 9:00 AM",
        "Menu on mobile,GT-3,403,Story,Released to QA,03/May/26 9:00 AM",
        "Old report,GT-4,404,Task,Released,04/May/26 9:00 AM",
        "New report,GT-5,405,Task,In Progress,05/May/26 9:00 AM",
    ]
    board = _read(_csv(tmp_path, "gates.csv", NL_HEADER, rows), way, monkeypatch)
    assert [i.status_category for i in board.items] == [None, None, None, "done", "in progress"]
    assert uncategorised_statuses(board) == [("Testing Complete", 2), ("Released to QA", 1)]


def _moved(to: str, n: int) -> dict:
    change = {"field": "status", "fromString": "In Progress", "toString": to}
    return {"id": str(n), "created": f"2026-03-0{n}T10:00:00.000+0000", "items": [change]}


def test_gate_statuses_in_a_jira_json_export_without_categories(tmp_path):
    """Their items are open and a move into one is a move, not an acceptance (a move into
    "Done" still is)."""
    issues = [
        _issue("GT-1", {"name": "Testing Complete"}),
        _issue("GT-2", {"name": "Released to QA", "statusCategory": {"key": "done"}}),
        _issue("GT-3", {"name": "Done"}),
    ]
    for n, issue in enumerate(issues, 1):
        issue["changelog"] = {"histories": [_moved(issue["fields"]["status"]["name"], n)]}
    path = tmp_path / "search.json"
    path.write_text(json.dumps({"issues": issues}), encoding="utf-8")
    for details in (True, False):  # the library's read and a scan's (typed) read
        board = JiraJsonExport(path, activity_details=details).load()
        assert [i.status_category for i in board.items] == [None, "done", "done"]
        kinds = sorted((a.item_id, a.kind) for a in board.activities if a.kind != "created")
        assert kinds == [("1", "moved"), ("2", "moved"), ("3", "accepted")]


def test_accept_is_a_step_and_accepted_a_state(tmp_path):
    """ "Accept" names where work waits for acceptance (In Progress on a real site that gives
    its category): no category by name, may be done (the note names it), a move into it no
    acceptance; "Accepted" is done as before."""
    from connectors.mapping.common import looks_done
    from connectors.mapping.jira_statuses import never_done

    assert not looks_done("Accept") and status_category(None, "ACCEPT") is None
    assert not never_done("Accept")
    assert looks_done("Accepted") and status_category(None, "Accepted") == "done"
    assert status_category({"key": "done"}, "Accept") == "done"
    issues = [_issue("AC-1", {"name": "Accept"}), _issue("AC-2", {"name": "Accepted"})]
    for n, issue in enumerate(issues, 1):
        issue["changelog"] = {"histories": [_moved(issue["fields"]["status"]["name"], n)]}
    path = tmp_path / "search.json"
    path.write_text(json.dumps({"issues": issues}), encoding="utf-8")
    for details in (True, False):
        board = JiraJsonExport(path, activity_details=details).load()
        assert [i.status_category for i in board.items] == [None, "done"]
        kinds = sorted((a.item_id, a.kind) for a in board.activities if a.kind != "created")
        assert kinds == [("1", "moved"), ("2", "accepted")]
