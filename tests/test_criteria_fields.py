"""Acceptance criteria a Jira team keeps in a field of their own (a custom field named so in the
languages the model reads, or a checklist app's "Checklist Text") are read by the CSV, JSON and
live readers into the item's ``checklist_items``: the findings count them as criteria."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from analyzer.flags.items import has_acceptance_criteria, story_type
from connectors.exports.jira_csv import JiraCsvExport
from connectors.exports.jira_json import JiraJsonExport
from connectors.mapping import jira_typed
from connectors.mapping.criteria import criteria_entries, criteria_field
from connectors.mapping.jira_columns import column_field
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
