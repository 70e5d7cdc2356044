"""Localised Jira issue types are one mapping (connectors.mapping.issue_types) for the readers'
hierarchy levels, the findings and the model's features, whatever the export language."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from ownership_boards import KeywordModel

from analyzer.flags.items import is_epic, story_type
from analyzer.pipeline import scan_board
from connectors.exports.jira_json import JiraJsonExport
from connectors.interface import Item
from connectors.mapping.issue_types import LEVELS, TYPE_NAMES, canonical_type, level_of, type_of
from connectors.mapping.jira import hierarchy_level
from models.features import meta_features, normalise_type
from models.interface import ItemDoc
from tests.test_jira_csv_fastpath import assert_same_board

# Per language: the CSV header (summary, key, id, type, status, parent key or id, created), the
# export's names of an epic, a story, a sub-task and a bug, and of an open status.
EXPORTS = {
    "fr": (
        "Résumé,Clé,ID de la demande,Type de demande,État,Clé parent,Création",
        ("Épopée", "Récit", "Sous-tâche", "Bogue"),
        "À faire",
        "key",
    ),
    "es": (
        "Resumen,Clave de incidencia,ID de la incidencia,Tipo de Incidencia,Estado,"
        "Clave principal,Creada",
        ("Épica", "Historia", "Subtarea", "Error"),
        "Tareas por hacer",
        "key",
    ),
    "de": (
        "Zusammenfassung,Vorgangsschlüssel,Vorgangs-ID,Vorgangstyp,Status,Übergeordnet,Erstellt",
        ("Epos", "Story", "Unteraufgabe", "Fehler"),
        "Zu erledigen",
        "id",
    ),
    "pt": (
        "Resumo,Chave da item,ID da item,Tipo de item,Status,Chave pai,Criado",
        ("Épico", "História", "Subtarefa", "Erro"),
        "Tarefas pendentes",
        "key",
    ),
    "nl": (  # a Dutch-locale export with English column names
        "Summary,Issue key,Issue id,Issue Type,Status,Parent id,Created",
        ("Epic", "Verhaal", "Subtaak", "Fout"),
        "Te doen",
        "id",
    ),
}

# key, id, type (index into the names), parent (key of another row)
ROWS = [
    ("K-1", "101", 0, None),  # an epic with a story under it
    ("K-2", "102", 0, None),  # an epic with no child: empty-epics names it
    ("K-3", "103", 1, "K-1"),
    ("K-4", "104", 2, "K-3"),  # a sub-task of the story
    ("K-5", "105", 3, None),
]
LEVEL = {0: 1, 1: 0, 2: -1, 3: 0}
CANONICAL = ("epic", "story", "sub-task", "bug")


def _export(tmp_path: Path, language: str) -> Path:
    header, names, status, parent_by = EXPORTS[language]
    ids = {key: id_ for key, id_, _, _ in ROWS}
    lines = [header]
    for key, id_, kind, parent in ROWS:
        link = "" if parent is None else parent if parent_by == "key" else ids[parent]
        lines.append(
            f"Item {key},{key},{id_},{names[kind]},{status},{link},2026-01-1{id_[-1]} 10:00"
        )
    path = tmp_path / f"export_{language}.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("language", list(EXPORTS))
def test_localised_epics_and_sub_tasks_get_their_level_findings_and_features(
    tmp_path: Path, language: str
):
    board = assert_same_board(_export(tmp_path, language))  # every CSV path reads the same
    names = EXPORTS[language][1]
    by_key = {item.key: item for item in board.items}
    for key, _, kind, parent in ROWS:
        item = by_key[key]
        assert (item.type, item.hierarchy_level, item.parent) == (names[kind], LEVEL[kind], parent)
        features = meta_features(ItemDoc.from_item(item))
        assert f"type:{CANONICAL[kind]}" in features and f"level:{LEVEL[kind]}" in features
        assert is_epic(item) is (kind == 0) and story_type(item.type) is (kind == 1)
    report = scan_board(board, KeywordModel(), window="month")
    [empty] = [f for f in report.flags if f.code == "empty-epics"]
    assert empty.evidence.items == ["102"]
    assert "1 of the 2 open epics has no child item (K-2)" in empty.message


def test_localised_types_in_a_json_export_without_levels(tmp_path: Path):
    """A Jira JSON export (REST shape) whose issue types carry no hierarchyLevel nor subtask
    flag: the level comes from the name, in any language."""
    names = ["Épopée", "Subtarea", "Unteraufgabe", "Épico", "Story", "Initiativ", "Tema", ""]
    issues = [
        {"id": str(n), "key": f"J-{n}", "fields": {"summary": f"t{n}", "issuetype": {"name": t}}}
        for n, t in enumerate(names)
    ]
    path = tmp_path / "export.json"
    path.write_text(json.dumps({"issues": issues}), encoding="utf-8")
    levels = [item.hierarchy_level for item in JiraJsonExport(path).load().items]
    assert levels == [1, -1, -1, 1, 0, 2, 2, None]


def test_a_level_jira_gives_wins_over_the_name():
    assert hierarchy_level({"name": "Épopée", "hierarchyLevel": 0}) == 0
    assert hierarchy_level({"name": "Tâche", "subtask": True}) == -1
    assert hierarchy_level({"name": "Aufgabe"}) == 0 and hierarchy_level({}) is None
    epic = Item(source="jira", id="1", title="t", type="Épica", hierarchy_level=None)
    assert is_epic(epic) and not is_epic(Item(source="jira", id="2", title="t", type="Tarea"))


def _spellings() -> list[str]:
    """Every name of the table, as written and as an export may write it (capitals, accents,
    spaces or underscores for dashes)."""
    accents = {
        "epopee": "Épopée", "epica": "Épica", "epico": "Épico", "tache": "Tâche",
        "sous-tache": "Sous-tâche", "sub-tache": "Sub-tâche", "recit": "Récit",
        "historia": "História", "amelioration": "Amélioration", "manutencao": "Manutenção",
        "deuda-tecnica": "Deuda técnica", "divida-tecnica": "Dívida técnica",
        "nouvelle-fonctionnalite": "Nouvelle fonctionnalité",
    }  # fmt: skip
    found = []
    for names in TYPE_NAMES.values():
        for name in names.split():
            found += [name, name.upper(), name.title(), name.replace("-", " "), accents.get(name)]
            found.append(name.replace("-", "_"))
    return [name for name in found if name]


def test_connectors_and_features_canonicalise_every_name_alike():
    for name in _spellings():
        canon = type_of(name)
        assert canon is not None and canon in TYPE_NAMES, name
        assert normalise_type(name) == canon == canonical_type(name), name
        assert hierarchy_level({"name": name}) == level_of(name) == LEVELS.get(canon, 0), name
    for name in ("Change Request", "Küçük iş", "Epic Story", "Sub-task bug"):  # not in the table
        assert normalise_type(name) == type_of(name) and type_of(name) not in TYPE_NAMES
        assert level_of(name) == 0


@pytest.mark.parametrize(
    ("name", "canonical", "level"),
    [
        ("Taak", "task", 0),
        ("Subtaak", "sub-task", -1),
        ("Sub-taak", "sub-task", -1),
        ("Deeltaak", "sub-task", -1),
        ("Verhaal", "story", 0),
        ("Gebruikersverhaal", "story", 0),
        ("Fout", "bug", 0),
        ("Verbetering", "improvement", 0),
        ("Nieuwe functie", "new-feature", 0),
        ("Initiatief", "initiative", 2),
        ("Thema", "theme", 2),
        ("Technische schuld", "tech-debt", 0),
        ("Onderhoud", "maintenance", 0),
    ],
)
def test_dutch_issue_types(name, canonical, level):
    assert type_of(name) == normalise_type(name) == canonical
    assert level_of(name) == level
    assert story_type(name) is (canonical == "story")


def test_the_model_reads_the_types_it_was_trained_on():
    """The table holds a canonical name for every ``type:`` feature of the shipped model (the
    artifact needs no retrain: the checks of models.train and the artifact say it byte by byte)."""
    from models.classifier import load_model

    vocabulary = load_model().vocabulary
    known = {f.removeprefix("type:") for f in vocabulary if f.startswith("type:")}
    assert known - {"test"} <= set(TYPE_NAMES)
