"""Status names not in the whole-name table, read by their words (session 16: fresh7's SnapLogic
export had "Testing in Progress", "To Test", "Dev Blocked", "Defined" without a category).
Never Done; none for a name with words of two categories or of an unsettled name; a category
column still wins. Fixtures are written here."""

from __future__ import annotations

import pytest

from connectors.mapping.jira import status_category
from connectors.mapping.jira_statuses import (
    STATUS_WORDS,
    UNSETTLED,
    category_of_status,
    category_of_words,
    status_key,
)
from tests.test_jira_status_names import WAYS, _csv, _read


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        # the four names of the real export
        ("Testing in Progress", "in progress"),
        ("To Test", "in progress"),
        ("Dev Blocked", "in progress"),
        ("Defined", "todo"),
        # the same words in the other languages, any case, accents, punctuation
        ("Em teste", "in progress"),
        ("Pruebas de aceptación", "in progress"),
        ("Bloqué ⛔ client", "in progress"),
        ("Blockiert durch Kunde", "in progress"),
        ("Revisione in corso", "in progress"),
        ("Não definido", "todo"),
        ("Défini", "todo"),
        ("Sprint Backlog", "todo"),
        ("Code Review in Progress", "in progress"),
        # none: no word, words of two categories, a word of an unsettled name, or done-on-some
        ("Listo para PO", None),
        ("To Do later", None),
        ("Test Backlog", None),
        ("Blocked (backlog)", None),
        ("Waiting for test", None),
        ("Test in UAT", None),
        ("Blockiert - wartet auf Kunde", None),
        ("Tested", None),
        ("Contest entries", None),  # a word, not a part of one
        ("Unblocked", None),
        ("Undefined", None),
    ],
)
def test_a_status_by_its_words(status, expected):
    assert category_of_status(status) == expected
    assert status_category(None, status) == expected


def test_the_words_never_say_done():
    assert set(STATUS_WORDS) == {"in progress", "todo"}
    assert status_category(None, "Done after testing") == "done"  # the done word, judged before
    # ... unless it ends a stage (session 33): no category, neither done nor the words' one
    assert status_category(None, "Testing done") is None
    assert status_category(None, "Dev Blocked", resolved=True) == "done"


@pytest.mark.parametrize("name", [n.strip() for n in UNSETTLED.split("|")])
def test_the_unsettled_names_keep_no_category(name):
    assert category_of_status(name) is None
    assert category_of_words(status_key(f"{name} test")) is None


def test_a_whole_name_still_wins_over_its_words():
    # "Klaar voor test" is in the table (In Progress), "Gereed" whole is Done
    assert category_of_status("Klaar voor test") == "in progress"
    assert category_of_status("Backlog") == "todo"


HEADER = "Summary,Issue key,Issue id,Issue Type,Status,Created"
ROWS = [
    "Write the page,DOC-1,401,Task,Testing in Progress,01/Mar/26 9:00 AM",
    "Fix the sample,DOC-2,402,Bug,To Test,02/Mar/26 9:00 AM",
    "Move the guide,DOC-3,403,Task,Dev Blocked,03/Mar/26 9:00 AM",
    "New connector page,DOC-4,404,Story,Defined,04/Mar/26 9:00 AM",
    "Old page,DOC-5,405,Task,Waiting for test,05/Mar/26 9:00 AM",
]


@pytest.mark.parametrize("way", WAYS)
def test_an_export_without_a_category_column_gets_them_by_words(tmp_path, way, monkeypatch):
    board = _read(_csv(tmp_path, "docs.csv", HEADER, ROWS), way, monkeypatch)
    assert [i.status_category for i in board.items] == [
        "in progress",
        "in progress",
        "in progress",
        "todo",
        None,
    ]


@pytest.mark.parametrize("way", WAYS)
def test_a_status_category_column_wins_over_the_words(tmp_path, way, monkeypatch):
    rows = [f"{row},{category}" for row, category in zip(ROWS, CATEGORIES, strict=True)]
    path = _csv(tmp_path, "docs_cat.csv", HEADER + ",Status Category", rows)
    board = _read(path, way, monkeypatch)
    assert [i.status_category for i in board.items] == [
        "todo",
        "done",
        "in progress",  # an empty cell: the words tell
        "in progress",
        "todo",
    ]


CATEGORIES = ["To Do", "Done", "", "In Progress", "To Do"]
