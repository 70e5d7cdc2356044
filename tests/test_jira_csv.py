"""Jira CSV reader: repeated columns, localised headers and dates, encodings, bad rows and files."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from connectors.exports.jira_csv import (
    REPEATED_HEADER,
    JiraCsvExport,
    is_jira_header,
    parse_csv_date,
    sniff,
)
from connectors.interface import ActivityKind, ExportFormatError
from connectors.mapping.jira_columns import column_field
from tests.conftest import FIXTURES

ANA = "712020:0f7e1c2a-1111-2222-3333-444455556666"
KENJI = "5b10ac8d82e05b22cc7d4ef5"


def _load(name: str):
    return JiraCsvExport(FIXTURES / name).load()


def test_english_export_items():
    board = _load("jira_export_en.csv")
    assert [i.key for i in board.items] == ["PROD-1", "PROD-2", "PROD-3", "PROD-4"]
    epic = board.items[0]
    assert epic.source == "jira" and epic.id == "10000"
    assert epic.title == "Decide the Q3 pricing strategy for “Pro” tier"
    assert (epic.type, epic.hierarchy_level) == ("Epic", 1)
    assert (epic.status, epic.status_category, epic.priority) == (
        "In Progress",
        "in progress",
        "High",
    )
    assert epic.labels == ["pricing", "strategy"]  # three Labels columns, one empty
    assert epic.components == ["Billing"] and epic.fix_versions == ["2026.3"]
    assert epic.sprint == "PROD Sprint 2"  # the last of the repeated Sprint columns
    assert epic.rank == "0|i0001b:"
    assert (epic.assignee, epic.reporter) == (KENJI, ANA)
    assert epic.watchers == [KENJI, ANA]  # Watchers paired with Watchers Id
    assert epic.members == []  # (an issue's owner is its assignee)
    assert epic.created == datetime(2025, 11, 23, 10, 15, tzinfo=UTC)
    assert epic.updated == datetime(2026, 1, 2, 16, 5, tzinfo=UTC)
    assert epic.due == datetime(2026, 6, 30, tzinfo=UTC)
    assert epic.description == (
        "Goal\nAgree the pricing model with sales.\n\nPasted HTML from Confluence\n"
        "- market research\n- competitor review"
    )
    assert (board.id, board.name) == ("PROD", "Prodüct Platform")


def test_english_export_parents_dates_and_people():
    board = _load("jira_export_en.csv")
    story, subtask, chore = board.items[1], board.items[2], board.items[3]
    assert story.parent == "PROD-1"  # Custom field (Epic Link)
    assert story.resolved == datetime(2025, 12, 3, 10, 59, tzinfo=UTC)
    assert story.status_category == "done"
    assert subtask.parent == "PROD-2"  # Parent holds the id; resolved to the key
    assert subtask.hierarchy_level == -1
    assert chore.created is None  # unreadable date: kept as unknown, not fatal
    assert board.people[KENJI].display_name == "Kenji Sato"
    assert board.people[ANA].display_name == "Ana Lima"


def test_english_export_comments_and_skips():
    board = _load("jira_export_en.csv")
    comments = [a for a in board.activities if a.kind is ActivityKind.COMMENTED]
    assert [(c.actor_id, c.timestamp) for c in comments] == [
        (ANA, datetime(2025, 11, 24, 9, 0, tzinfo=UTC)),
        (KENJI, datetime(2025, 11, 25, 14, 30, tzinfo=UTC)),
    ]
    assert comments[0].text == "Let's align with the board first.\nSecond line; with a semicolon."
    created = [a for a in board.activities if a.kind is ActivityKind.CREATED]
    assert len(created) == 3  # PROD-4 has no readable creation date
    assert board.skipped == ["row 5: no issue key or id (summary 'Orphan row with no key')"]
    assert board.skipped_parts == [  # a part of a row read, not a record
        "1 comment cell(s) not in Jira's 'date;author;text' form were ignored"
    ]


def test_spanish_export():
    board = _load("jira_export_es.csv")
    epic, story, subtask = board.items
    assert (epic.type, epic.hierarchy_level, epic.status_category) == ("Épica", 1, "in progress")
    assert epic.created == datetime(2026, 1, 10, 16, 51, tzinfo=UTC)
    assert epic.labels == ["visión", "roadmap"]
    assert epic.description == "Necesidad: alinear a los interesados.\n- objetivos\n- métricas"
    comment = next(a for a in board.activities if a.kind is ActivityKind.COMMENTED)
    assert comment.timestamp == datetime(2026, 1, 12, 10, 0, tzinfo=UTC)  # "10:00 a. m."
    assert story.parent == "LIPX-1"  # Clave principal
    assert story.status_category == "done" and story.created.month == 12
    assert subtask.parent == "LIPX-2"  # Principal (id) resolved to the key
    assert subtask.hierarchy_level == -1 and subtask.status_category == "todo"
    assert board.people["712020:aaaa-bbbb"].display_name == "María José Hidalgo"


def test_french_export_with_bom_and_split_comment_cells():
    board = _load("jira_export_fr.csv")
    epic, bug = board.items
    assert epic.title == "Étudier l'accessibilité pour les élèves dyslexiques"
    assert (epic.type, epic.hierarchy_level, epic.status_category) == ("Épopée", 1, "done")
    assert epic.created == datetime(2016, 10, 10, 11, 54, tzinfo=UTC)
    assert epic.updated == datetime(2017, 2, 3, 9, 5, tzinfo=UTC)
    assert epic.description == "Contexte : besoin exprimé par les enseignants"
    assert bug.updated == datetime(2016, 8, 20, 10, 35, tzinfo=UTC)  # "août"
    assert bug.parent == "CNEX-1" and bug.sprint == "Sprint 4"
    assert (bug.assignee, bug.reporter) == ("admin", "CnedAdapt")  # Server: names as ids
    texts = [a.text for a in board.activities if a.kind is ActivityKind.COMMENTED]
    assert texts == ["Validée par le comité : mail du 05/10/2016", "Mise en production prévue"]
    assert board.skipped == []
    assert board.skipped_parts == [
        "2 comment cell(s) not in Jira's 'date;author;text' form were ignored"
    ]


def test_german_cp1252_semicolon_export():
    board = _load("jira_export_de.csv")
    epic, bug = board.items
    assert epic.title == "Marktanalyse für Österreich erstellen"
    assert (epic.type, epic.hierarchy_level) == ("Epos", 1)
    assert epic.created == datetime(2025, 12, 1, 14, 0, tzinfo=UTC)
    assert epic.updated == datetime(2026, 3, 15, 9, 30, tzinfo=UTC)  # "Mär"
    assert epic.status_category == "done" and bug.status_category == "in progress"
    assert bug.created == datetime(2026, 5, 3, 8, 15, tzinfo=UTC)  # "Mai"
    assert epic.reporter == "björn"


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1252", "utf-16"])
def test_encodings(tmp_path: Path, encoding: str):
    text = (FIXTURES / "jira_export_en.csv").read_text(encoding="utf-8")
    text = text.replace("“Pro”", '"Pro"').replace("—", "-")
    path = tmp_path / f"export-{encoding}.csv"
    path.write_bytes(text.encode(encoding))
    board = JiraCsvExport(path).load()
    assert board.items[0].title == 'Decide the Q3 pricing strategy for "Pro" tier'
    assert board.name == "Prodüct Platform"


def test_huge_cell_is_read(tmp_path: Path):
    big = "word " * 60_000  # 300 KB, over the csv module's default 128 KiB field limit
    path = tmp_path / "huge.csv"
    path.write_text(f'Summary,Issue key,Description\nBig one,BIG-1,"{big}"\n', encoding="utf-8")
    board = JiraCsvExport(path).load()
    assert board.items[0].description.count("word") == 60_000


def test_many_rows_report_progress(tmp_path: Path):
    lines = ["Summary,Issue key,Created"] + [
        f"Item {n},K-{n},01/Jan/26 9:00 AM" for n in range(1, 1001)
    ]
    path = tmp_path / "many.csv"
    path.write_text("\n".join(lines), encoding="utf-8")
    calls: list[tuple[int, int]] = []
    board = JiraCsvExport(path, on_progress=lambda s, d, t, x: calls.append((d, t))).load()
    assert len(board.items) == 1000 and board.skipped == []
    assert calls[-1] == (1000, 1000)


def test_current_fields_export_without_ids(tmp_path: Path):
    path = tmp_path / "current.csv"
    path.write_text(
        "Issue Type,Issue key,Summary,Assignee,Reporter,Status\n"
        "Bug,SWA-1,Crash on save,,Garret,Backlog\n",
        encoding="utf-8",
    )
    board = JiraCsvExport(path).load()
    item = board.items[0]
    assert (item.id, item.key, item.reporter, item.assignee) == ("SWA-1", "SWA-1", "Garret", None)
    assert (board.id, board.name) == ("SWA", "Jira project SWA")  # no project name: its key


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("bad_wrong_header.csv", "is not a Jira CSV export (its header starts with Name, Email"),
        ("bad_notes.txt", "is not a Jira CSV export (its header starts with Meeting notes"),
        ("bad_empty.json", "is empty"),
        ("bad_workbook.xlsx", "is a ZIP archive"),
    ],
)
def test_bad_files(name: str, message: str):
    path = FIXTURES / name
    with pytest.raises(ExportFormatError) as caught:
        JiraCsvExport(path).load()
    assert str(caught.value).startswith(f"{path}: ") and message in str(caught.value)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("23/Nov/26 10:15 AM", datetime(2026, 11, 23, 10, 15, tzinfo=UTC)),
        ("23/Nov/26 12:05 AM", datetime(2026, 11, 23, 0, 5, tzinfo=UTC)),
        ("1/Dec/25 12:30 PM", datetime(2025, 12, 1, 12, 30, tzinfo=UTC)),
        ("10/nov/25 4:51 PM", datetime(2025, 11, 10, 16, 51, tzinfo=UTC)),
        ("10/oct./16 11:54 AM", datetime(2016, 10, 10, 11, 54, tzinfo=UTC)),
        ("3/févr./17 9:05", datetime(2017, 2, 3, 9, 5, tzinfo=UTC)),
        ("05/ago/25 3:00 p. m.", datetime(2025, 8, 5, 15, 0, tzinfo=UTC)),
        ("01/Dez/25 14:00", datetime(2025, 12, 1, 14, 0, tzinfo=UTC)),
        ("15/Mär/1999", datetime(1999, 3, 15, tzinfo=UTC)),
        ("2016-10-10 11:54:44.723", datetime(2016, 10, 10, 11, 54, 44, 723000, tzinfo=UTC)),
        ("2026-01-05T09:00:00+01:00", datetime(2026, 1, 5, 8, 0, tzinfo=UTC)),
        # a spreadsheet's day number (days since 30 Dec 1899): a re-saved export's date columns
        ("45356.6", datetime(2024, 3, 5, 14, 24, tzinfo=UTC)),
        ("45356,6013888889", datetime(2024, 3, 5, 14, 26, tzinfo=UTC)),
        ("45356", datetime(2024, 3, 5, tzinfo=UTC)),
        ("4535", None),  # no bare number but one of five digits
        ("453566", None),
        ("31/Feb/26 9:00 AM", None),
        ("10/Foo/26", None),
        ("sometime", None),
        ("", None),
    ],
)
def test_parse_csv_date(value, expected):
    assert parse_csv_date(value) == expected


def test_header_recognition():
    assert column_field("Custom field (Epic Link)") == "epic_link"
    assert column_field("Campo personalizado (Rank)") == "rank"
    assert column_field("Champ personnalisé (Sprint)") == "sprint"
    assert column_field("Custom field (Story Points)") is None
    assert column_field("Clé") == "key" and column_field("Étiquettes") == "labels"
    assert is_jira_header(["Résumé", "Clé"])
    assert not is_jira_header(["Name", "Email"])
    assert not is_jira_header(["Summary"])  # a summary alone could be anything


def test_sniff():
    assert sniff((FIXTURES / "jira_export_en.csv").read_bytes())
    assert sniff((FIXTURES / "jira_export_de.csv").read_bytes())  # cp1252 and ';'
    assert sniff((FIXTURES / "jira_export_fr.csv").read_bytes())  # BOM
    assert not sniff((FIXTURES / "bad_wrong_header.csv").read_bytes())
    assert not sniff(b'{"issues": []}')


def test_comment_split_over_three_cells_is_rejoined(tmp_path: Path):
    path = tmp_path / "split.csv"
    path.write_text(
        "Summary,Issue key,Comment,Comment,Comment,Comment\n"
        "Split,S-1,10/oct./16 11:54 AM,guillaume,Validée par mail,lonely cell\n"
        "Shifted,S-2,10/oct./16 11:54 AM,11/oct./16 9:00 AM;bob;Proper one,trailing note,\n",
        encoding="utf-8",
    )
    board = JiraCsvExport(path).load()
    comments = [a for a in board.activities if a.kind is ActivityKind.COMMENTED]
    assert [(c.item_id, c.actor_id, c.text) for c in comments] == [
        ("S-1", "guillaume", "Validée par mail"),
        ("S-2", "bob", "Proper one"),  # a stray date cell is not glued to a real comment
    ]
    assert comments[0].timestamp == datetime(2016, 10, 10, 11, 54, tzinfo=UTC)
    assert set(board.people) == {"guillaume", "bob"}
    assert board.skipped == []
    assert board.skipped_parts == [
        "3 comment cell(s) not in Jira's 'date;author;text' form were ignored"
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Summary\tIssue key\tStatus\nTabbed\tT-1\tTo Do\n",
        "sep=;\nSummary;Issue key;Status\nExcel, with a comma;T-1;To Do\n",
        "Summary;Issue key;Status\nSemi;T-1;To Do\n",
    ],
)
def test_other_delimiters(tmp_path: Path, text: str):
    path = tmp_path / "other.csv"
    path.write_text(text, encoding="utf-8")
    assert sniff(path.read_bytes())
    board = JiraCsvExport(path).load()
    assert [(i.key, i.status) for i in board.items] == [("T-1", "To Do")]


def test_title_column_used_when_there_is_no_summary(tmp_path: Path):
    path = tmp_path / "title.csv"
    path.write_text("title,Issue key,Etat\nCNED-7 Migrer le module,CNED-7,A faire\n", "utf-8")
    board = JiraCsvExport(path).load()
    assert (board.items[0].title, board.items[0].status) == ("Migrer le module", "A faire")


@pytest.mark.parametrize("lang", ["en", "fr", "es", "de"])
def test_lean_read_is_the_full_read_without_activity_details(lang: str) -> None:
    from connectors.exports import read_export
    from connectors.interface import Activity

    path = FIXTURES / f"jira_export_{lang}.csv"
    full = read_export(path)
    lean = read_export(path, activity_details=False)
    assert lean.items == full.items and lean.people == full.people
    assert lean.activities == [
        Activity(a.item_id, a.actor_id, a.kind, a.timestamp) for a in full.activities
    ]
    assert any(a.text for a in full.activities) and not any(a.text for a in lean.activities)


# --- a file cut off mid-download ---------------------------------------------------------------

_CUT_HEAD = (
    "Summary,Issue key,Issue id,Description,Status\r\n"
    'First,K-1,1,"two\r\nlines",Open\r\n'
    'Second,K-2,2,"say ""hi""",Done\r\n'
)


@pytest.mark.parametrize(
    "tail",
    [
        'Third,K-3,3,"the description stops he',  # mid-text
        'Third,K-3,3,"',  # right after the opening quote
        'Third,K-3,3,"a line\r\n',  # right after a line break inside the cell
        'Third,K-3,3,"say ""hi""',  # after a doubled quote: still inside the cell
    ],
    ids=["mid-text", "opening-quote", "after-line-break", "doubled-quote"],
)
@pytest.mark.parametrize("polars", [True, False], ids=["columns", "rows"])
@pytest.mark.parametrize("details", [True, False], ids=["details", "scan"])
def test_a_file_cut_inside_a_quoted_cell_skips_its_last_row_and_says_so(
    tmp_path: Path, tail: str, polars: bool, details: bool
):
    """A download that stopped mid-file ends inside a quoted cell (a real export never does):
    every complete row is read, the cut one left out with one line saying what to do."""
    path = tmp_path / "cut.csv"
    path.write_text(_CUT_HEAD + tail, encoding="utf-8", newline="")
    board = JiraCsvExport(path, polars=polars, activity_details=details).load()
    assert [item.key for item in board.items] == ["K-1", "K-2"]
    assert board.skipped == [
        "row 4 (K-3): the file ends inside this row's quoted cell, cut off (a download that "
        "stopped?): the row was left out, those before it read; re-export or re-download the file"
    ]
    assert board.skipped_parts == []


@pytest.mark.parametrize(
    "tail",
    [
        "Third,K-3,3,plain,Open",  # no final line break (bpi_one_firm_jira.csv has none)
        'Third,K-3,3,"quoted",Open',
        'Third,K-3,3,"quoted"\r\n',  # a short row ended by a line break: Jira's own, read
        "Third,K-3\r\n",
        "Third,K-3,3,plain,Open,extra",  # more cells than the header
        "",
    ],
    ids=["no-final-break", "quoted-then-plain", "short-break", "short", "long", "none"],
)
@pytest.mark.parametrize("polars", [True, False], ids=["columns", "rows"])
def test_a_whole_file_is_not_taken_for_a_cut_one(tmp_path: Path, tail: str, polars: bool):
    path = tmp_path / "whole.csv"
    path.write_text(_CUT_HEAD + tail, encoding="utf-8", newline="")
    board = JiraCsvExport(path, polars=polars).load()
    assert [item.key for item in board.items] == ["K-1", "K-2", "K-3"][: 3 if tail else 2]
    assert (board.skipped, board.skipped_parts) == ([], [])


_CUT_LINE = (
    "the file ends inside this row, cut off (a download that stopped?): the row was left out, "
    "those before it read; re-export or re-download the file"
)


@pytest.mark.parametrize(
    "tail",
    [
        "Third,K-3,3,",  # between two cells
        "Third,K-3,3,pla",  # inside an unquoted cell
        'Third,K-3,3,"ends quoted"',  # right after a quoted cell's closing quote
        "Third,K-3",
        "Third,K-",  # inside the key: the row is named by what the cut left of it
    ],
    ids=["between", "unquoted-cell", "after-quoted-cell", "after-key", "in-key"],
)
@pytest.mark.parametrize("polars", [True, False], ids=["columns", "rows"])
@pytest.mark.parametrize("details", [True, False], ids=["details", "scan"])
def test_a_file_cut_between_or_inside_unquoted_cells_skips_its_last_row_and_says_so(
    tmp_path: Path, tail: str, polars: bool, details: bool
):
    """A last row of fewer cells than the header with no line break after it was cut off: no
    row of the 37 real Jira CSVs is shorter than its header, and all but one end in a line
    break (whose last row is full)."""
    path = tmp_path / "cut.csv"
    path.write_text(_CUT_HEAD + tail, encoding="utf-8", newline="")
    board = JiraCsvExport(path, polars=polars, activity_details=details).load()
    assert [item.key for item in board.items] == ["K-1", "K-2"]
    key = tail.split(",")[1]
    assert board.skipped == [f"row 4 ({key}): {_CUT_LINE}"]
    assert board.skipped_parts == []


_UTF8_HEAD = _CUT_HEAD.replace("Second", "Vorträge")


@pytest.mark.parametrize(
    ("tail", "kept", "skipped"),
    [
        ("Third,K-3,3,Über", 1, f"row 4 (K-3): {_CUT_LINE}"),  # inside an unquoted cell
        ("Third,K-3,3,plain,Zürich", 1, f"row 4 (K-3): {_CUT_LINE}"),  # in the last cell: full
        ('Third,K-3,3,"say Ü', 1, "row 4 (K-3): the file ends inside this row's quoted cell"),
        ("Ü", 1, f"row 4: {_CUT_LINE}"),  # the row's first character
        ("Third,K-3,3,plain,€", 2, f"row 4 (K-3): {_CUT_LINE}"),  # 2 of a character's 3 bytes
        ("Third,K-3,3,plain,😀", 3, f"row 4 (K-3): {_CUT_LINE}"),  # 3 of 4
    ],
    ids=["unquoted", "last-cell", "quoted", "row-start", "euro", "emoji"],
)
@pytest.mark.parametrize("polars", [True, False], ids=["columns", "rows"])
@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"], ids=["no-bom", "bom"])
def test_a_utf8_file_cut_inside_a_character_is_utf8_cut_off(
    tmp_path: Path, tail: str, kept: int, skipped: str, polars: bool, bom: bytes
):
    """A download that stopped inside a multibyte character (the first ``kept`` bytes of the
    tail's first multibyte one): the text before it is UTF-8, not Windows-1252 (which would
    read every accented letter as two), its last row cut off."""
    at = next(n for n, char in enumerate(tail) if ord(char) > 127)
    cut = (tail[:at]).encode() + tail[at].encode()[:kept]
    path = tmp_path / "cut.csv"
    path.write_bytes(bom + _UTF8_HEAD.encode() + cut)
    board = JiraCsvExport(path, polars=polars).load()
    assert [(item.key, item.title) for item in board.items] == [
        ("K-1", "First"),
        ("K-2", "Vorträge"),
    ]
    assert len(board.skipped) == 1 and board.skipped[0].startswith(skipped)


@pytest.mark.parametrize("polars", [True, False], ids=["columns", "rows"])
def test_a_windows_1252_file_ending_in_an_accented_letter_stays_windows_1252(
    tmp_path: Path, polars: bool
):
    """Its last byte is a UTF-8 lead byte (é: 0xE9), but its earlier accented letters are no
    UTF-8: Windows-1252, read whole as before."""
    path = tmp_path / "cp1252.csv"
    path.write_bytes((_UTF8_HEAD + "Third,K-3,3,plain,Café").encode("cp1252"))
    board = JiraCsvExport(path, polars=polars).load()
    assert [item.title for item in board.items] == ["First", "Vorträge", "Third"]
    assert board.items[2].status == "Café" and board.skipped == []


@pytest.mark.parametrize("polars", [True, False], ids=["columns", "rows"])
@pytest.mark.parametrize("utf8_first", [True, False], ids=["utf8-first", "cp1252-first"])
def test_a_windows_1252_export_joined_with_a_utf8_one_keeps_both_parts_accents(
    tmp_path: Path, polars: bool, utf8_first: bool
):
    """Two exports joined by hand, one re-saved in Excel (Windows-1252), one UTF-8: each part
    reads in its own encoding ('Crème', not 'CrÃ¨me'); 'Á' is UTF-8 C3 81, a byte Windows-1252
    does not define (such a file was refused as not readable text)."""
    head = "Summary,Issue key,Issue id,Issue Type,Status\r\n"
    windows = (head + "Café menu,K-1,1,Task,Done\r\n").encode("cp1252")
    utf8 = (head + "Crème brûlée Á,K-2,2,Tâche,Terminé\r\n").encode("utf-8")
    path = tmp_path / "joined.csv"
    path.write_bytes(utf8 + windows if utf8_first else windows + utf8)
    board = JiraCsvExport(path, polars=polars).load()
    assert sorted((i.key, i.title, i.status) for i in board.items) == [
        ("K-1", "Café menu", "Done"),
        ("K-2", "Crème brûlée Á", "Terminé"),
    ]
    assert [line.split(": ", 1)[1] for line in board.skipped] == [REPEATED_HEADER]


def test_a_utf8_file_cut_after_a_line_break_says_the_next_row_was_cut(tmp_path: Path):
    """Only the first byte of the next row's first character was left: every row read, one
    line for the row the file stopped in."""
    path = tmp_path / "cut.csv"
    path.write_bytes(_UTF8_HEAD.encode() + b"\xc3")
    for polars in (True, False):
        board = JiraCsvExport(path, polars=polars).load()
        assert [item.key for item in board.items] == ["K-1", "K-2"]
        assert board.skipped == [f"row 4: {_CUT_LINE}"]


def test_a_cut_row_without_its_key_is_named_by_its_number(tmp_path: Path):
    path = tmp_path / "cut.csv"
    path.write_text(_CUT_HEAD + '"Third, cut in its summa', encoding="utf-8", newline="")
    board = JiraCsvExport(path).load()
    assert [item.key for item in board.items] == ["K-1", "K-2"]
    assert board.skipped[0].startswith("row 4: the file ends inside this row's quoted cell")


def test_a_cut_utf16_file_is_told_too(tmp_path: Path):
    path = tmp_path / "cut16.csv"
    path.write_bytes((_CUT_HEAD + 'Third,K-3,3,"stops').encode("utf-16"))
    board = JiraCsvExport(path).load()
    assert [item.key for item in board.items] == ["K-1", "K-2"]
    assert board.skipped[0].startswith("row 4 (K-3): the file ends inside")


@pytest.mark.parametrize(
    ("tail", "drop", "skipped"),
    [
        ("Third,K-3,3,plain,Open", 1, f"row 4 (K-3): {_CUT_LINE}"),  # half the last code unit
        ('Third,K-3,3,"stops', 1, "row 4 (K-3): the file ends inside this row's quoted cell"),
        ("Third,K-3,3,plain,Ü", 1, f"row 4 (K-3): {_CUT_LINE}"),
        ("Third,K-3,3,plain,😀", 2, f"row 4 (K-3): {_CUT_LINE}"),  # a pair's first half
        ("Third,K-3,3,plain,😀", 1, f"row 4 (K-3): {_CUT_LINE}"),  # and half its second
        ("Third,K-3,3,plain,😀", 3, f"row 4 (K-3): {_CUT_LINE}"),  # half a pair's first half
        ("T", 1, f"row 4: {_CUT_LINE}"),  # after the last line break
    ],
    ids=["unquoted", "quoted", "umlaut", "pair", "pair-and-a-half", "half-pair", "row-start"],
)
@pytest.mark.parametrize("order", ["utf-16-le", "utf-16-be"], ids=["le", "be"])
@pytest.mark.parametrize("details", [True, False], ids=["details", "scan"])
def test_a_utf16_file_cut_inside_a_character_is_told_as_cut(
    tmp_path: Path, tail: str, drop: int, skipped: str, order: str, details: bool
):
    """A UTF-16 download that stopped at an odd byte (half a code unit) or inside a surrogate
    pair: before, the whole-file reader's UTF-16 decode failed and the file was read as
    Windows-1252 ("is not a Jira CSV export (its header starts with ÿþS␀u␀…"); now the rows
    before are read and the last told cut, as in UTF-8 (Excel's "Unicode text" is UTF-16)."""
    bom = b"\xff\xfe" if order == "utf-16-le" else b"\xfe\xff"
    whole = bom + (_UTF8_HEAD.replace(",", "\t") + tail.replace(",", "\t")).encode(order)
    path = tmp_path / "cut16.csv"
    path.write_bytes(whole[:-drop])
    board = JiraCsvExport(path, activity_details=details).load()
    assert [(item.key, item.title) for item in board.items] == [
        ("K-1", "First"),
        ("K-2", "Vorträge"),
    ]
    assert len(board.skipped) == 1 and board.skipped[0].startswith(skipped)
    assert board.skipped_parts == []


def test_a_whole_utf16_file_is_not_taken_for_a_cut_one(tmp_path: Path):
    """Ending in a pair (an emoji) or a character whose byte looks like a UTF-8 lead byte."""
    for tail in ("Third\tK-3\t3\tplain\t😀\r\n", "Third\tK-3\t3\tplain\t\uc3c3"):
        path = tmp_path / "whole16.csv"
        path.write_bytes((_CUT_HEAD.replace(",", "\t") + tail).encode("utf-16"))
        board = JiraCsvExport(path).load()
        assert [item.key for item in board.items] == ["K-1", "K-2", "K-3"]
        assert (board.skipped, board.skipped_parts) == ([], [])
