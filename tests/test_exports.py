"""connectors.exports: format detection from content, the registry, and every bad-input case,
through the library (read_export) and through the CLI (`backlog-analyzer scan PATH`)."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from analyzer.app import exit_code_for
from analyzer.cli import app
from connectors import exports
from connectors.exports import ExportFormat, detect_format, get_format, read_export, register
from connectors.exports import interface as export_interface
from connectors.interface import Board, Connector, ExportFormatError
from tests.conftest import FIXTURES

GOOD = {
    "trello_board_basic.json": "trello-json",
    "trello_board_with_archived_cards.json": "trello-json",
    "jira_search_v2.json": "jira-json",
    "jira_search_v3.json": "jira-json",
    "jira_issues_array.json": "jira-json",
    "jira_pages_concatenated.json": "jira-json",
    "jira_export_en.csv": "jira-csv",
    "jira_export_es.csv": "jira-csv",
    "jira_export_fr.csv": "jira-csv",
    "jira_export_de.csv": "jira-csv",
}


@pytest.mark.parametrize(("name", "expected"), sorted(GOOD.items()))
def test_detect_format_from_content(name: str, expected: str, tmp_path: Path):
    assert detect_format(FIXTURES / name) == expected
    # the name does not matter: same content under a misleading name
    renamed = tmp_path / "export.txt"
    shutil.copy(FIXTURES / name, renamed)
    assert detect_format(renamed) == expected


@pytest.mark.parametrize("name", sorted(GOOD))
def test_read_export_reads_every_fixture(name: str):
    board = read_export(FIXTURES / name)
    assert isinstance(board, Board) and board.items
    assert board.origin == str(FIXTURES / name)
    assert {a.item_id for a in board.activities} <= {i.id for i in board.items}


def test_trello_export_through_read_export():
    board = read_export(FIXTURES / "trello_board_basic.json")
    assert board.source == "trello" and len(board.items) == 3
    archived = read_export(FIXTURES / "trello_board_with_archived_cards.json")
    assert any(item.closed for item in archived.items)
    assert len(archived.skipped) == 3  # bad actions and a card without id: skipped, not fatal


def test_progress_callback_is_passed_on():
    calls: list[tuple[int, int]] = []
    read_export(
        FIXTURES / "jira_export_en.csv", on_progress=lambda s, d, t, _: calls.append((d, t))
    )
    assert calls[-1] == (4, 4)


def test_json_whose_head_is_inconclusive_is_parsed_whole(tmp_path: Path):
    pad = "x" * (exports.HEAD_BYTES + 10)
    issue = tmp_path / "issue.json"
    issue.write_text(json.dumps({"key": "P-1", "pad": pad, "fields": {"summary": "s"}}))
    assert detect_format(issue) == "jira-json"
    board = tmp_path / "board.json"
    empty = {"id": "5f3c2a1b0e9d8c7b6a5f4e3d", "name": "B", "pad": pad, "cards": [], "lists": []}
    board.write_text(json.dumps(empty))
    assert detect_format(board) == "trello-json"


# --- bad input -------------------------------------------------------------------------------


def _bad_cases(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    directory = tmp_path / "a-folder"
    directory.mkdir()
    return {
        "missing": (tmp_path / "nope.json", "no such file — check the path"),
        "directory": (directory, "is a directory, not an export file"),
        "empty": (FIXTURES / "bad_empty.json", "is empty — export the board"),
        "not-export": (FIXTURES / "bad_not_export.json", "is JSON but not a Trello board export"),
        "no-issues": (FIXTURES / "bad_no_issues.json", "is JSON but holds no Jira issues"),
        "truncated": (FIXTURES / "bad_truncated.json", "the file is truncated) — download"),
        "wrong-header": (
            FIXTURES / "bad_wrong_header.csv",
            "is a CSV file but not a Jira export: its header ('Name,Email,Team')",
        ),
        "cut-board": (  # cut before its format shows: the advice names either export
            _written(tmp_path / "cut.json", b'{"id": "b1", "name": "Board", "desc": "", "lim'),
            "the file is truncated) — download or copy the export (the Trello board JSON or the "
            "Jira issues JSON) again, completely",
        ),
        "no-summary": (  # the message names what the header lacks, never a column it has
            _written(tmp_path / "keys.csv", b"Issue key,Status,Issue Type\nA-1,Done,Task\n"),
            "its header ('Issue key,Status,Issue Type') lacks a Summary column — export",
        ),
        "summary-only": (  # session 29: 'lacks a Summary column or …' of a header with one
            _written(tmp_path / "poker.csv", b"Summary,Description,Estimate\nLogin,Log in,5\n"),
            "its header ('Summary,Description,Estimate') has a summary column ('Summary') but "
            "not an Issue key, Issue id, Issue Type or Status column — export",
        ),
        "no-jira-column": (
            _written(tmp_path / "people.csv", b"Name;Email;Team\nAda;a@x;Core\n"),
            "its header ('Name;Email;Team') lacks a Summary column and an Issue key, Issue id, "
            "Issue Type or Status column — export",
        ),
        "one-card": (  # a card's own export (Share → Export JSON): not an empty board
            _written(
                tmp_path / "card.json",
                b'{"id": "c1", "name": "Plan", "idBoard": "b1", "idList": "l1", '
                b'"shortLink": "abc", "actions": [], "checklists": []}',
            ),
            "is one Trello card's JSON (a card's Share → Export JSON), not a board export: that "
            "is one object with the board's id",
        ),
        "no-key": (  # a Jira header whose rows nobody can tell apart: not an empty report
            _written(tmp_path / "nokey.csv", b"Summary,Status,Issue Type\nPlan,Done,Task\n"),
            "has no Issue key or Issue id column, so its issues cannot be told apart — export",
        ),
        "no-key-excel": (  # the same through the csv module's path (an Excel 'sep=' line)
            _written(tmp_path / "nokey-sep.csv", b"sep=;\nSummary;Status\nPlan;Done\n"),
            "has no Issue key or Issue id column, so its issues cannot be told apart — export",
        ),
        "binary": (FIXTURES / "bad_binary.csv", "is a binary file, not a text export"),
        "workbook": (FIXTURES / "bad_workbook.xlsx", "is a ZIP archive (an .xlsx workbook?)"),
        "zipped-csv": (  # session 31: a team kept its export as Jira.csv.zip
            _zipped(tmp_path / "Jira.csv.zip", "Jira.csv", b"Summary,Issue key\nPlan,A-1\n"),
            "is a ZIP archive holding 'Jira.csv', not a text export — unzip it and scan the "
            "export inside",
        ),
        "zipped-board": (
            _zipped(tmp_path / "board.zip", "exports/Sprint board.json", b'{"cards": []}'),
            "is a ZIP archive holding 'Sprint board.json', not a text export — unzip it",
        ),
        "prose": (FIXTURES / "bad_notes.txt", "is neither a Trello/Jira JSON export nor a Jira"),
        "jira-xml": (  # session 31: Jira's other exports are named, and the CSV asked for
            _written(
                tmp_path / "SearchRequest.xml",
                b"<!-- \nRSS generated by JIRA (9.4.0) at Mon Jan 05 10:00:00 UTC 2026\n-->\n"
                b'<rss version="0.92"><channel><title>Jira</title><item><key>A-1</key></item>',
            ),
            "is Jira's XML export of issues (Export → XML, an RSS feed); only Jira's CSV and "
            "JSON exports are read — export the issues from Jira with Filters → Export → CSV",
        ),
        "jira-xml-saved-from-browser": (  # Chrome's viewer text before the feed
            _written(
                tmp_path / "feed.xml",
                b"This XML file does not appear to have any style information associated with "
                b"it. The document tree is shown below.\n<!-- RSS generated by JIRA (1001.0.0)"
                b" -->\n<rss><channel><title>Jira</title></channel></rss>",
            ),
            "is Jira's XML export of issues (Export → XML, an RSS feed)",
        ),
        "jira-html": (
            _written(
                tmp_path / "Jira.html",
                b'<html xmlns="http://www.w3.org/TR/REC-html40">\n<head><title>Jira</title>'
                b'</head><body><table id="issuetable"><tr class="issuerow"><td>A-1</td></tr>'
                b"</table></body></html>",
            ),
            "is Jira's HTML export of issues (the HTML report, or Excel in Jira Server); only "
            "Jira's CSV and JSON exports are read — export the issues from Jira",
        ),
        "jira-word": (
            _written(
                tmp_path / "Jira.doc",
                "<!DOCTYPE html>\n<html><head><title>[#A-1] Plan the launch</title>"
                '<meta http-equiv="Content-Type" Content="application/vnd.ms-word; '
                'charset=UTF-8"></head><body>…</body></html>'.encode("utf-16"),
            ),
            "is Jira's Word export of issues (Export → Word); only Jira's CSV and JSON exports "
            "are read — export the issues from Jira",
        ),
        "web-page": (  # a page saved from a browser (a Trello board's, say): no Jira advice
            _written(
                tmp_path / "board.html",
                b"<!doctype html><html><head><title>Sprint | Trello</title></head></html>",
            ),
            "is a web page (HTML), not an export — export the board as JSON from Trello",
        ),
        "only-comments": (
            _written(tmp_path / "saved.json", b"\xef\xbb\xbf// saved from a browser\n\n// end\n"),
            "holds only '//' comment lines and no JSON after them — export the board",
        ),
        "comment-inside": (  # comment lines are read past before the JSON only
            _written(tmp_path / "inside.json", b'// saved\n{"cards": [],\n// no\n"lists": []}'),
            "is not valid JSON (Expecting property name enclosed in double quotes at line 3, "
            "column 1)",
        ),
    }


def _zipped(path: Path, name: str, raw: bytes) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(name, raw)
    return path


def test_a_zip_starting_with_macos_metadata_is_not_said_to_hold_it(tmp_path: Path):
    path = tmp_path / "Jira.csv.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("__MACOSX/._Jira.csv", b"\x00\x05\x16\x07")
        archive.writestr("Jira.csv", b"Summary,Issue key\nPlan,A-1\n")
    with pytest.raises(ExportFormatError, match=r"is a ZIP archive \(an \.xlsx workbook\?\)"):
        read_export(path)


def _written(path: Path, raw: bytes) -> Path:
    path.write_bytes(raw)
    return path


CASES = [
    "missing",
    "directory",
    "empty",
    "not-export",
    "no-issues",
    "truncated",
    "wrong-header",
    "cut-board",
    "no-summary",
    "summary-only",
    "no-jira-column",
    "one-card",
    "no-key",
    "no-key-excel",
    "binary",
    "workbook",
    "zipped-csv",
    "zipped-board",
    "prose",
    "jira-xml",
    "jira-xml-saved-from-browser",
    "jira-html",
    "jira-word",
    "web-page",
    "only-comments",
    "comment-inside",
]


@pytest.mark.parametrize("case", CASES)
def test_bad_input_through_the_library(case: str, tmp_path: Path):
    path, message = _bad_cases(tmp_path)[case]
    with pytest.raises(ExportFormatError) as caught:
        read_export(path)
    text = str(caught.value)
    assert text.startswith(f"{path}: ")
    assert message in text
    assert "\n" not in text and " — " in text  # what is wrong — what to do
    assert exit_code_for(caught.value) == 2


@pytest.mark.parametrize("case", CASES)
def test_bad_input_through_the_cli(case: str, tmp_path: Path):
    path, message = _bad_cases(tmp_path)[case]
    result = CliRunner().invoke(app, ["scan", str(path)])
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr  # exactly one line: no blank line, no traceback
    assert str(path) in lines[0] and message in lines[0]
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_cli_debug_shows_the_exception():
    result = CliRunner().invoke(app, ["--debug", "scan", str(FIXTURES / "bad_truncated.json")])
    assert result.exit_code == 2  # the same exit code as without --debug
    assert result.stderr.startswith("Traceback (most recent call last):")
    assert "connectors.interface.ExportFormatError: " in result.stderr


def test_broken_json_through_read_export(tmp_path: Path):
    path = tmp_path / "board.json"
    text = (FIXTURES / "trello_board_basic.json").read_text(encoding="utf-8")
    path.write_text(text.replace('"cards"', '"cards" "oops"', 1), encoding="utf-8")
    with pytest.raises(ExportFormatError, match="is not valid JSON"):
        read_export(path)


def test_undecodable_json_text(tmp_path: Path):
    path = tmp_path / "latin.json"
    path.write_bytes(b'{"issues": [{"id": "1", "fields": {"summary": "caf\xe9"}}]}')
    with pytest.raises(ExportFormatError, match="re-export the file as UTF-8"):
        read_export(path)


# --- the registry ----------------------------------------------------------------------------


class _TsvConnector(Connector):
    name = "tsv-test"

    def __init__(self, path: Path, *, on_progress=None) -> None:
        self.path = path

    def load(self) -> Board:
        return Board(id="t", name="tsv", source="test", origin=str(self.path))


def test_a_new_format_plugs_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(export_interface, "FORMATS", list(export_interface.FORMATS))
    register(
        ExportFormat("tsv-test", "test TSV", lambda head: head.startswith(b"#tsv"), _TsvConnector)
    )
    path = tmp_path / "x.data"
    path.write_bytes(b"#tsv\n1\t2\n")
    assert detect_format(path) == "tsv-test"
    assert read_export(path).name == "tsv"
    assert get_format("tsv-test").description == "test TSV"
    with pytest.raises(ValueError, match="unknown export format 'nope'"):
        get_format("nope")


#: What may come before the JSON of a board or issues page saved from a browser or an editor.
SAVED_PAGE_LEADS = {
    "bom": b"\xef\xbb\xbf",
    "two-boms": b"\xef\xbb\xbf\xef\xbb\xbf",
    "comment-lines": b"// saved from https://trello.com/b/abc/board.json\r\n// 2026-01-05\n\n",
    "bom-and-comment": b"\xef\xbb\xbf  // saved from a browser\n",
    "long-comment": b"// " + b"x" * (exports.HEAD_BYTES + 10) + b"\n",
}


@pytest.mark.parametrize("lead", sorted(SAVED_PAGE_LEADS))
@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("trello_board_basic.json", "trello-json"),
        ("jira_search_v2.json", "jira-json"),
        ("jira_pages_concatenated.json", "jira-json"),
    ],
)
def test_a_saved_pages_bom_and_comment_lines_are_read_past(
    lead: str, name: str, expected: str, tmp_path: Path
):
    path = _written(
        tmp_path / "saved.json", SAVED_PAGE_LEADS[lead] + (FIXTURES / name).read_bytes()
    )
    assert detect_format(path) == expected
    for details in (True, False):
        saved, plain = (read_export(p, activity_details=details) for p in (path, FIXTURES / name))
        assert (saved.items, saved.activities, saved.skipped) == (
            plain.items,
            plain.activities,
            plain.skipped,
        )
    result = CliRunner().invoke(app, ["scan", str(path), "-f", "json"])
    assert result.exit_code == 0, result.stderr


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("jira_search_v3.json", "jira-json"),
        ("trello_board_basic.json", "trello-json"),
        ("jira_export_en.csv", "jira-csv"),
    ],
)
def test_utf16_files_are_detected_and_read(name: str, expected: str, tmp_path: Path):
    path = tmp_path / "utf16"
    path.write_bytes((FIXTURES / name).read_text(encoding="utf-8").encode("utf-16"))
    assert detect_format(path) == expected
    assert read_export(path).items


@pytest.mark.parametrize("name", ["jira_search_v3.json", "trello_board_basic.json"])
@pytest.mark.parametrize("drop", [1, 3], ids=["half-a-unit", "a-unit-and-a-half"])
def test_a_utf16_json_cut_at_an_odd_byte_is_told_truncated(name: str, drop: int, tmp_path: Path):
    """Half a code unit at the end (a download that stopped): before, "is not readable text
    (byte 0 is neither UTF-8 nor Windows-1252)"; now what an even cut gets, read or scanned."""
    whole = (FIXTURES / name).read_text(encoding="utf-8").encode("utf-16")
    path = tmp_path / "cut16.json"
    path.write_bytes(whole[: (len(whole) // 2 & ~1) - drop])  # an odd length
    with pytest.raises(
        ExportFormatError, match=r"the JSON ends abruptly at line \d+ \(the file is"
    ):
        read_export(path)
    result = CliRunner().invoke(app, ["scan", str(path), "-f", "json"])
    assert result.exit_code == 2 and "the JSON ends abruptly" in result.stderr, result.stderr


@pytest.mark.parametrize("kept", [1, 2], ids=["first-byte", "two-bytes"])
def test_a_utf8_csv_with_a_bom_cut_inside_a_character_in_its_head_is_a_jira_csv(
    tmp_path: Path, kept: int
):
    """The first 64 KiB the formats are sniffed from end inside a character (a long file), or
    the file does (cut off): its header is read as UTF-8 (a BOM before it moved the codec's
    error offset 3 bytes back, and the head was read as Windows-1252: 'ï»¿Summary')."""
    from connectors.exports.files import HEAD_BYTES

    header = "\ufeffSummary,Issue key,Status\r\n".encode()
    row = "Vorträge über €,K-1,Open\r\n".encode()
    euro = HEAD_BYTES - kept  # a € (3 bytes) across the head's end
    long = header + row + b"a" * (euro - len(header + row)) + "€,K-2,Open\r\n".encode()
    path = tmp_path / "long.csv"
    path.write_bytes(long)
    assert detect_format(path) == "jira-csv"
    assert [item.key for item in read_export(path).items] == ["K-1", "K-2"]
    path = tmp_path / "cut.csv"
    path.write_bytes(header + row + "Über".encode()[:kept])
    assert detect_format(path) == "jira-csv"
    board = read_export(path)
    assert [item.title for item in board.items] == ["Vorträge über €"]
    assert board.skipped[0].startswith("row 3: the file ends inside this row, cut off")
