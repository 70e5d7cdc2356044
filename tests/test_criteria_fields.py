"""Acceptance criteria a Jira team keeps in a field of their own (a custom field named so in the
languages the model reads, or a checklist app's "Checklist Text") are read by the CSV, JSON and
live readers into the item's ``checklist_items``: the findings count them as criteria."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from analyzer.flags.items import (
    acceptance_evidence,
    has_acceptance_criteria,
    story_type,
    with_acceptance_criteria,
)
from analyzer.ownership import analyze
from analyzer.pipeline import scan_file
from connectors.exports.jira_csv import JiraCsvExport
from connectors.exports.jira_json import JiraJsonExport
from connectors.exports.trello_json import TrelloExport
from connectors.interface import Item
from connectors.mapping import jira_typed
from connectors.mapping.criteria import criteria_entries, criteria_field, placeholder
from connectors.mapping.jira_columns import column_field
from models.interface import TACTICAL, Prediction
from tests.conftest import FIXTURES

SPANISH = FIXTURES / "jira_export_es_criteria.csv"


@pytest.mark.parametrize(
    "header",
    [
        "Custom field (Acceptance Criteria)",
        "Custom field (Acceptance Criteria (AC))",
        "Campo personalizado (Criterios de aceptación)",
        "Campo personalizado (Criterios de aceptacion)",
        "Champ personnalisé (Critères d'acceptation)",
        "Benutzerdefiniertes Feld (Akzeptanzkriterien)",
        "Campo personalizado (Critérios de aceitação)",
        "Custom field (Acceptatiecriteria)",
        "Aangepast veld (Acceptatie-criteria)",
        "Custom field (Definitie van gereed)",
        "Custom field (Definition of Done)",
        "Campo personalizado (Checklist Text)",
        "Custom field (Checklist Text (view-only))",
        "Acceptance Criteria",  # the current fields' export names custom fields bare
    ],
)
def test_criteria_columns_in_every_read_language(header):
    assert column_field(header) == "criteria"


@pytest.mark.parametrize(
    "header",
    [
        "Campo personalizado (Checklist Progress %)",  # filled on every row: "0.0"
        "Campo personalizado (Checklist Completed)",
        "Campo personalizado (Checklist Progress)",
        "Custom field (Acceptance criteria met?)",
        "Custom field (Acceptance criteria status)",
        "Campo personalizado (Casos de prueba)",
    ],
)
def test_columns_about_criteria_or_a_checklist_are_not_criteria(header):
    assert column_field(header) is None


def test_the_rank_and_the_sprint_stay_theirs():
    assert column_field("Campo personalizado (Rank)") == "rank"
    assert column_field("Sprint") == "sprint"


def test_a_fields_lines_without_list_marks_and_checkboxes_each_once():
    text = "# List\n--- Done when\n* [open] Saved\n* [done] Sent\n\n1. Signed"
    view_only = "\u200b" + "\n\u200b".join(text.splitlines())  # the app's copy
    assert criteria_entries([text, view_only]) == ["List", "Done when", "Saved", "Sent", "Signed"]
    assert criteria_entries(["  ", "---", "* [ ]", ".", "- ?", "…"]) == []  # placeholders


@pytest.mark.parametrize("lean", [False, True], ids=["full", "scan"])
def test_a_spanish_exports_criteria_field_and_checklist_count(lean: bool):
    """The general row path and a scan's prepared rows read the same criteria."""
    board = JiraCsvExport(SPANISH, activity_details=not lean, shared_empty=lean).load()
    by_key = {item.key: item for item in board.items}
    assert by_key["CRIT-1"].checklist_items == [
        "El filtro acepta un rango de fechas",
        "La lista se actualiza al aplicar el filtro",
    ]
    assert by_key["CRIT-2"].checklist_items == [  # Checklist Text and its view-only copy: once
        "Lista",
        "Hecho cuando",
        "Se descarga un archivo",
        "Tiene cabecera",
    ]
    assert by_key["CRIT-3"].checklist_items == []  # a progress of "0.0" is no criteria
    stories = [item for item in board.items if story_type(item.type)]
    assert [item.key for item in stories] == ["CRIT-1", "CRIT-2", "CRIT-4"]  # "Historia"
    assert [has_acceptance_criteria(item) for item in stories] == [True, True, False]


def _issue(number: int, fields: dict[str, Any]) -> dict[str, Any]:
    base = {"summary": f"Historia {number}", "issuetype": {"name": "Historia"}}
    return {"id": str(100 + number), "key": f"P-{number}", "fields": {**base, **fields}}


NAMES = {"customfield_5": "Criterios de aceptación", "customfield_6": "Checklist Text"}
ISSUES = [
    _issue(1, {"customfield_5": "* el total cuadra\n* se guarda"}),
    _issue(2, {"customfield_6": [{"name": "funciona sin red"}, "es rápido"]}),
    _issue(
        3,
        {
            "customfield_5": {
                "type": "doc",
                "content": [{"type": "paragraph", "content": [{"type": "text", "text": "ok"}]}],
            }
        },
    ),
    _issue(4, {"customfield_5": None, "customfield_6": ""}),
    _issue(5, {"customfield_7": "* not named a criteria field"}),
]
EXPECTED = {
    "P-1": ["el total cuadra", "se guarda"],
    "P-2": ["funciona sin red", "es rápido"],
    "P-3": ["ok"],
    "P-4": [],
    "P-5": [],
}


def test_a_json_exports_criteria_fields_by_their_names_on_both_paths(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    typed: list[str] = []
    real = jira_typed.TypedIssues.map

    def spy(self, issue, names):
        answer = real(self, issue, names)
        typed.append(answer[0].id)
        return answer

    monkeypatch.setattr(jira_typed.TypedIssues, "map", spy)
    path = tmp_path / "issues.json"
    path.write_text(json.dumps({"names": NAMES, "issues": ISSUES}), "utf-8")
    full = JiraJsonExport(path).load()
    lean = JiraJsonExport(path, activity_details=False).load()
    assert len(typed) == len(ISSUES)  # the scan read them typed
    for board in (full, lean):
        assert {item.key: item.checklist_items for item in board.items} == EXPECTED
    without_names = tmp_path / "bare.json"
    without_names.write_text(json.dumps({"issues": ISSUES}), "utf-8")
    for board in (JiraJsonExport(without_names).load(),):
        assert all(not item.checklist_items for item in board.items)  # no name: not known


def test_criteria_field_names():
    assert criteria_field("Akzeptanzkriterium") and criteria_field("Definição de pronto")
    assert not criteria_field("Story Points") and not criteria_field("Checklist Progress %")
    assert criteria_field("Acceptatiecriterium") and criteria_field("Definitie van klaar")
    assert not criteria_field("Acceptatiecriteria gehaald?") and not criteria_field("Definitie")


# --- placeholders: a field or a checklist that says "N/A", "TBD", "pendiente" holds no criteria --

PLACEHOLDERS = [
    *("N/A", "n/a", "N.A.", "NA", "TBD", "tbd.", "TBC", "T.B.D.", "-", "—", "...", "?"),
    *("none", "(None)", "Nothing", "Pending", "To be defined", "Not applicable"),  # en
    *("pendiente", "Por definir", "a definir", "No aplica", "Ninguno"),  # es
    *("à définir", "A DÉFINIR", "À compléter", "Néant", "Sans objet", "Aucun"),  # fr
    *("Keine Angabe", "k. A.", "entfällt", "Noch offen", "Nicht zutreffend"),  # de
    *("Não se aplica", "a definir", "Pendente", "Nenhum", "A preencher"),  # pt
    *("n.v.t.", "NVT", "N.t.b.", "Nog te bepalen", "nader te bepalen", "Geen", "In te vullen"),
]


@pytest.mark.parametrize("text", PLACEHOLDERS)
def test_a_placeholder_line_is_no_criteria(text: str):
    assert placeholder(text)
    assert criteria_entries([f"* {text}", f"- [ ] {text}\n  {text}  ", text.upper()]) == []


def test_words_beside_a_placeholder_are_criteria():
    lines = [
        "TBD: the total adds up",
        "None of the fields is empty",
        "Nada se pierde al guardar",
        "N/A in the footer",
        "Pendiente de pago se muestra en rojo",
        "Offene Posten werden angezeigt",
    ]
    assert criteria_entries(["\n".join(lines)]) == lines
    assert criteria_entries(["N/A\n* el total cuadra\nTBD"]) == ["el total cuadra"]
    assert not any(map(placeholder, lines))
    assert not placeholder("to be defined " * 5)  # long: never a placeholder


CSV_HEADER = (
    "Summary,Issue key,Issue id,Issue Type,Status,Created,"
    "Custom field (Acceptance Criteria),Custom field (Checklist Text)\n"
)


def write_placeholder_csv(path: Path) -> Path:
    """Four stories ready for development: criteria fields holding only placeholders on three,
    one real checklist line on the fourth; and a task (a board of five items is judged)."""
    rows = [
        ("Filter orders,P-1,1,Story,Ready for Development,10/Jan/26 4:51 PM,N/A,"),
        ('Export orders,P-2,2,Story,Ready for Development,10/Jan/26 4:51 PM,"TBD\n- à définir",—'),
        ("Mail the client,P-3,3,Story,Ready for Development,10/Jan/26 4:51 PM,Pendiente,"),
        ('Pay online,P-4,4,Story,Ready for Development,10/Jan/26 4:51 PM,n/a,"* [open] Paid"'),
        ("Set up CI,P-5,5,Task,In Progress,10/Jan/26 4:51 PM,,"),
    ]
    path.write_text(CSV_HEADER + "\n".join(rows) + "\n", "utf-8")
    return path


@pytest.mark.parametrize("lean", [False, True], ids=["full", "scan"])
def test_a_criteria_field_of_placeholders_is_no_criteria(tmp_path: Path, lean: bool):
    path = write_placeholder_csv(tmp_path / "ready.csv")
    board = JiraCsvExport(path, activity_details=not lean, shared_empty=lean).load()
    assert [item.checklist_items for item in board.items] == [[], [], [], ["Paid"], []]
    assert with_acceptance_criteria(board.items) == [False, False, False, True, False]
    predictions = {i.id: Prediction(TACTICAL, 0.9, "test") for i in board.items}
    flags = {f.code: f for f in analyze(board, predictions, 0.6, None, "month").flags}
    assert "75% (3 of 4) of the stories" in flags["ready-without-ac"].message


def test_a_trello_checklist_of_placeholders_is_no_criteria(tmp_path: Path):
    cards = [
        {"id": f"c{n}", "name": f"Card {n}", "idList": "L1", "checklists": checklist}
        for n, checklist in enumerate(
            [
                [{"checkItems": [{"name": "N/A", "pos": 1}, {"name": "TBD", "pos": 2}]}],
                [{"checkItems": [{"name": "—"}]}, {"checkItems": [{"name": "pendiente"}]}],
                [{"checkItems": [{"name": "à définir", "pos": 2}, {"name": "Paid", "pos": 1}]}],
            ]
        )
    ]
    board = {"id": "B", "name": "Ready", "lists": [{"id": "L1", "name": "Up next"}], "cards": cards}
    board["checklists"] = [{"idCard": "c3", "checkItems": [{"name": "None"}]}]
    board["cards"].append({"id": "c3", "name": "Card 3", "idList": "L1"})  # board-level list
    path = tmp_path / "board.json"
    path.write_text(json.dumps(board), "utf-8")
    for read in (TrelloExport(path).load(), TrelloExport(path, activity_details=False).load()):
        assert [item.checklist_items for item in read.items] == [[], [], ["Paid"], []]


def test_a_json_exports_placeholder_criteria_are_none(tmp_path: Path):
    issues = [
        _issue(1, {"customfield_5": "TBD", "customfield_6": [{"name": "N/A"}, "—"]}),
        _issue(2, {"customfield_5": "* Pendiente\n* el total cuadra"}),
    ]
    path = tmp_path / "issues.json"
    path.write_text(json.dumps({"names": NAMES, "issues": issues}), "utf-8")
    for board in (JiraJsonExport(path).load(), JiraJsonExport(path, activity_details=False).load()):
        assert [item.checklist_items for item in board.items] == [[], ["el total cuadra"]]


# --- the same placeholders under a heading of criteria in the description (or title) ---------

HEADED = [
    "Acceptance criteria: N/A",
    "Acceptance Criteria:\n\nTBD\n\nDesign: in the mock-up",  # the heading's paragraph only
    "*Acceptance criteria:*\n- [ ] n/a\n- [ ] —",
    "AC: to be defined",
    "Criterios de aceptación: pendiente",
    "Critères d'acceptation :\n* À définir",
    "Akzeptanzkriterien: keine Angabe",
    "Critérios de aceitação: não se aplica",
    "Acceptatiecriteria: n.v.t.",
    "Definitie van gereed:\n\n(nog in te vullen)",
    "Acceptance criteria:",  # an empty heading, as an empty field
    "- [ ] TBD",
]
HELD = [
    "Acceptance criteria: the total adds up",
    "Acceptance criteria:\n\n- TBD\n- the total adds up",  # a placeholder beside a criterion
    "Acceptance criteria: N/A\n\nGiven a cart\nWhen it is paid\nThen a receipt is sent",
    "AC: N/A\n- [x] the total adds up",  # a ticked box after the heading's placeholder
    "Criterios de aceptación:\n\n(x) El total cuadra",
    "Acceptance criteria: N/A (see the epic)",
]


@pytest.mark.parametrize("description", HEADED)
def test_a_heading_of_criteria_over_a_placeholder_is_no_criteria(description: str):
    item = Item(source="jira", id="1", title="Pay online", description=description)
    assert not has_acceptance_criteria(item)
    assert acceptance_evidence(item) == ""
    assert not has_acceptance_criteria(Item(source="jira", id="2", title=description))


@pytest.mark.parametrize("description", HELD)
def test_criteria_beside_a_placeholder_are_criteria(description: str):
    item = Item(source="jira", id="1", title="Pay online", description=description)
    assert has_acceptance_criteria(item)
    kept = Item(source="jira", id="1", title="Pay online", description=acceptance_evidence(item))
    assert has_acceptance_criteria(kept)


def test_description_placeholders_on_both_csv_paths_and_in_a_scan(tmp_path: Path):
    """Ready stories whose descriptions say "Acceptance criteria: N/A" (and so on) have none:
    the reader's board, a scan's (fast path, descriptions forgotten) and Trello's cards alike."""
    descriptions = [
        "Acceptance criteria: N/A",
        "Criterios de aceptación:\n\n- pendiente",
        "Acceptatiecriteria: n.v.t.",
        "Acceptance criteria:\n* the total adds up",
    ]
    rows = [
        f'Story {n},P-{n},{n},Story,Ready for Development,10/Jan/26 4:51 PM,"{text}"'
        for n, text in enumerate(descriptions)
    ]
    rows.append("Set up CI,P-9,9,Task,In Progress,10/Jan/26 4:51 PM,")
    header = "Summary,Issue key,Issue id,Issue Type,Status,Created,Description\n"
    path = tmp_path / "ready.csv"
    path.write_text(header + "\n".join(rows) + "\n", "utf-8")
    for lean in (False, True):
        board = JiraCsvExport(path, activity_details=not lean, shared_empty=lean).load()
        assert with_acceptance_criteria(board.items) == [False, False, False, True, False]
    predictions = {i.id: Prediction(TACTICAL, 0.9, "test") for i in board.items}
    flags = {f.code: f for f in analyze(board, predictions, 0.6, None, "month").flags}
    assert "75% (3 of 4) of the stories" in flags["ready-without-ac"].message
    scanned = {f.code: f for f in scan_file(path).flags}
    assert "75% (3 of 4) of the stories" in scanned["ready-without-ac"].message
    cards = [
        {"id": f"c{n}", "name": f"Card {n}", "idList": "L1", "desc": text}
        for n, text in enumerate(descriptions)
    ]
    trello = {"id": "B", "name": "R", "lists": [{"id": "L1", "name": "Up next"}], "cards": cards}
    board_path = tmp_path / "board.json"
    board_path.write_text(json.dumps(trello), "utf-8")
    for read in (
        TrelloExport(board_path).load(),
        TrelloExport(board_path, activity_details=False).load(),
    ):
        assert with_acceptance_criteria(read.items) == [False, False, False, True]
