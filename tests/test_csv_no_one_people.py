"""A Jira CSV person cell holding a tool's word for no one (``Unassigned``, ``Sin asignar``,
pandas' ``nan``) with no id beside it is no one, on every read path (session 30: a tool's CSV of
a Spanish Jira wrote ``Sin asignar`` for 247 unassigned issues, and the report listed "Sin
asignar" among the people and those open issues as assigned to it; an export read by pandas and
written back had 556 creations by "nan"). A name with an id is that person whatever it says."""

from __future__ import annotations

from pathlib import Path

import pytest

from connectors.exports.jira_csv import JiraCsvExport
from connectors.mapping.jira import says_no_one, user_id
from tests.test_jira_columns import _read
from tests.test_jira_csv_fastpath import assert_same_board

SPANISH = (
    "Tipo de Incidencia,Clave de incidencia,Resumen,Persona asignada,Informador,Estado,Creada\n"
    "Tarea,VT-1,Revisar el informe de ventas,Sin asignar,Lucía Gómez,Tareas por hacer,"
    "03/feb/26 12:25 PM\n"
    "Error,VT-2,El botón de pago falla,Marta Ruiz,Lucía Gómez,Finalizada,04/feb/26 9:05 AM\n"
    "Historia,VT-3,Filtrar pedidos por fecha,SIN ASIGNAR,Unassigned,Tareas por hacer,"
    "05/feb/26 4:51 PM\n"
    "Tarea,VT-4,Ajustar textos de la portada,None,Marta Ruiz,En curso,06/feb/26 10:00 AM\n"
    "Tarea,VT-5,Traducir el menú,nan,nan,En curso,07/feb/26 10:00 AM\n"  # pandas' NaN as text
)

WITH_IDS = (
    "Summary,Issue key,Issue id,Issue Type,Status,Assignee,Assignee Id,Reporter,Created\n"
    "Fix login,AB-1,1,Bug,To Do,Unassigned,acc-u,Ann,01/Jan/25 10:00 AM\n"
    "Add page,AB-2,2,Task,To Do,Unassigned,,Ann,02/Jan/25 10:00 AM\n"
)


@pytest.mark.parametrize("way", ["polars columns", "polars prepared", "csv module"])
def test_a_name_saying_no_one_is_no_one_on_each_path(
    tmp_path: Path, way: str, monkeypatch: pytest.MonkeyPatch
):
    path = tmp_path / "es.csv"
    path.write_text(SPANISH, encoding="utf-8")
    board = _read(path, way, monkeypatch)
    assert [i.assignee for i in board.items] == [None, "Marta Ruiz", None, None, None]
    reporters = ["Lucía Gómez", "Lucía Gómez", None, "Marta Ruiz", None]
    assert [i.reporter for i in board.items] == reporters
    assert sorted(board.people) == ["Lucía Gómez", "Marta Ruiz"]
    assert_same_board(path)


@pytest.mark.parametrize("way", ["polars columns", "polars prepared", "csv module"])
def test_a_name_saying_no_one_with_an_id_is_that_person(
    tmp_path: Path, way: str, monkeypatch: pytest.MonkeyPatch
):
    path = tmp_path / "ids.csv"
    path.write_text(WITH_IDS, encoding="utf-8")
    board = _read(path, way, monkeypatch)
    assert [i.assignee for i in board.items] == ["acc-u", None]
    assert board.people["acc-u"].display_name == "Unassigned"
    assert "Unassigned" not in board.people
    assert_same_board(path)


def test_a_scan_counts_the_issues_a_tool_wrote_unassigned_as_unassigned(tmp_path: Path):
    path = tmp_path / "es.csv"
    path.write_text(SPANISH, encoding="utf-8")
    board = JiraCsvExport(path).load()
    open_items = [i for i in board.items if i.status_category != "done"]
    assert [i.key for i in open_items if i.assignee is None] == ["VT-1", "VT-3", "VT-4", "VT-5"]


def test_the_words_for_no_one():
    cells = ("Unassigned", "sin asignar", "Sin Asignar", "Não atribuído", "NAO ATRIBUIDO", "NONE")
    assert all(says_no_one(cell) for cell in (*cells, "nan", "NaN"))
    assert not any(
        says_no_one(cell) for cell in ("Sina Signar", "Nobody Else", "Ann", " None", "Nan")
    )  # "Nan": a given name
    # a Jira JSON user holding only such a name is no one too (session 29's rule, its words)
    assert user_id(None, None, None, "Sin asignar") is None
    assert user_id(None, None, None, "Marta Ruiz") == "Marta Ruiz"
