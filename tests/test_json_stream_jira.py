"""The streamed Jira JSON reader gives the Board of the whole-document reading, for every shape."""

from __future__ import annotations

import json
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

import pytest

from connectors.exports import interface as export_interface
from connectors.exports import jira_json, json_stream, read_export
from connectors.exports.files import decode_text, fail
from connectors.exports.jira_current_fields import json_missing_columns
from connectors.exports.jira_json import (
    JiraJsonExport,
    issues_to_board,
    iter_issues,
    looks_like_issues,
    parse_documents,
)
from connectors.interface import Board, ExportFormatError

FIXTURES = Path(__file__).parent / "fixtures"


def _whole(path: Path) -> Board:
    """The reading before streaming: every document parsed, then the issues mapped (a file cut
    inside its last character: the text before it, as :func:`decode_text` reads it)."""
    text = decode_text(path, path.read_bytes(), allow_cp1252=False)
    values = parse_documents(path, text)
    if not looks_like_issues(values):
        raise fail(path, "is JSON but holds no Jira issues (no objects with 'fields')")
    board = issues_to_board(list(iter_issues(values)), origin=str(path))
    # what the export's reader adds: the fields its issues' searches asked for (over every
    # issue), said to be a search's
    held = [frozenset(r["fields"]) for r, _ in iter_issues(values) if _has_fields(r)]
    board.missing_columns = json_missing_columns(frozenset().union(*held) if held else None)
    board.missing_fields_of_search = bool(board.missing_columns)
    return board


def _has_fields(raw: Any) -> bool:
    return isinstance(raw, dict) and isinstance(raw.get("fields"), dict) and bool(raw["fields"])


def _facts(board: Board) -> dict:
    facts = asdict(replace(board, activities=list(board.activities)))  # a lean read's are lazy
    facts["people_order"] = list(board.people)
    return facts


def _issue(n: int, *, sprint_field: str = "customfield_1") -> dict[str, Any]:
    return {
        "id": str(1000 + n),
        "key": f"P-{n}",
        "fields": {
            "summary": f"Issue {n}",
            "description": "Some *wiki* text",
            "status": {"name": "Done" if n % 3 == 0 else "In Progress"},
            "assignee": {"accountId": f"u{n % 4}", "displayName": f"User {n % 4}"},
            "created": f"2024-01-0{1 + n % 9}T10:00:00.000+0000",
            sprint_field: [{"name": f"Sprint {n % 2}", "state": "active", "boardId": 1}],
            "customfield_2": f"0|i0000{n}:",
            "comment": {
                "comments": [
                    {
                        "id": str(n),
                        "author": {"accountId": "u9", "displayName": "Commenter"},
                        "body": "A comment",
                        "created": "2024-02-01T10:00:00.000+0000",
                    }
                ]
            },
        },
        "changelog": {
            "histories": [
                {
                    "id": str(n),
                    "author": {"accountId": f"u{n % 3}", "displayName": f"User {n % 3}"},
                    "created": "2024-01-20T10:00:00.000+0000",
                    "items": [
                        {"field": "status", "fromString": "To Do", "toString": "Done"},
                        {"field": "description", "fromString": "old", "toString": "new"},
                    ],
                }
            ]
        },
    }


NAMES = {"customfield_1": "Sprint", "customfield_2": "Rank", "summary": "Summary"}
ISSUES = [_issue(n) for n in range(7)]

SHAPES: dict[str, str] = {
    "names first": json.dumps({"total": 7, "names": NAMES, "issues": ISSUES}),
    "names after the issues": json.dumps({"issues": ISSUES, "names": NAMES, "total": 7}),
    "no names": json.dumps({"startAt": 0, "issues": ISSUES}),
    "bare array": json.dumps(ISSUES),
    "array of pages": json.dumps(
        [{"names": NAMES, "issues": ISSUES[:3]}, {"issues": ISSUES[3:], "names": NAMES}]
    ),
    "concatenated pages": json.dumps({"names": NAMES, "issues": ISSUES[:4]})
    + "\n,\n"
    + json.dumps({"issues": ISSUES[4:]}),
    "single issue": json.dumps(ISSUES[0]),
    "single issue with names": json.dumps({**ISSUES[1], "names": NAMES}),
    "issues one after another": "\n".join(json.dumps(issue) for issue in ISSUES),
    "nested arrays": json.dumps([[ISSUES[0], ISSUES[1]], [{"issues": ISSUES[2:]}]]),
    "duplicates and bad issues": json.dumps(
        {"names": NAMES, "issues": [ISSUES[0], ISSUES[0], {"fields": {}}, "x", {"id": "9"}]}
    ),
}


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_streamed_board_equals_the_whole_document_reading(
    shape: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(json_stream, "CHUNK_BYTES", 64)  # issues cut by chunk boundaries
    path = tmp_path / "issues.json"
    path.write_text(SHAPES[shape], encoding="utf-8")
    streamed = JiraJsonExport(path).load()
    assert _facts(streamed) == _facts(_whole(path))
    assert streamed.items or shape == "duplicates and bad issues"


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_comment_lines_before_the_json_are_read_past_as_the_whole_reading_does(
    shape: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(json_stream, "CHUNK_BYTES", 64)
    path = tmp_path / "issues.json"
    path.write_text("// saved from a browser\r\n//\n" + SHAPES[shape], encoding="utf-8")
    assert _facts(JiraJsonExport(path).load()) == _facts(_whole(path))
    path.write_text('// saved\n{"issues": [{"id": "1"} {"id": "2"}]}', encoding="utf-8")
    with pytest.raises(ExportFormatError) as streamed:
        JiraJsonExport(path).load()
    with pytest.raises(ExportFormatError) as whole:
        _whole(path)
    assert "Expecting ',' delimiter at line 2, column 25" in str(streamed.value)
    assert str(streamed.value) == str(whole.value)


def test_names_after_the_issues_still_find_the_sprint(tmp_path: Path):
    path = tmp_path / "issues.json"
    path.write_text(SHAPES["names after the issues"], encoding="utf-8")
    board = JiraJsonExport(path).load()
    assert {item.sprint for item in board.items} == {"Sprint 0", "Sprint 1"}
    assert {item.rank for item in board.items} == {f"0|i0000{n}:" for n in range(7)}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (json.dumps([{"a": 1}] * 50 + ISSUES), "is JSON but holds no Jira issues"),
        ('{"issues": 3}', "is JSON but holds no Jira issues"),
        ("[1, 2, 3]", "is JSON but holds no Jira issues"),
        (" , ", "is JSON but holds no Jira issues"),
        ('{"issues": [' + json.dumps(ISSUES[0]) + ", ", "the JSON ends abruptly at line 1"),
        ('{"names": {}, "issues": [{"id": "1"} {"id": "2"}]}', "Expecting ',' delimiter"),
        # cut off inside a character: its first byte of two (``Ü``) left
        ('{"issues": [' + json.dumps(ISSUES[0]) + ', {"id": "2", "key": "Ü', "ends abruptly"),
    ],
)
def test_bad_files_give_the_same_one_line_error(text: str, message: str, tmp_path: Path):
    path = tmp_path / "bad.json"
    path.write_bytes(text.encode().removesuffix("Ü".encode()[1:]))
    with pytest.raises(ExportFormatError) as streamed:
        JiraJsonExport(path).load()
    with pytest.raises(ExportFormatError) as whole:
        _whole(path)
    assert message in str(streamed.value)
    assert str(streamed.value).split(" — ")[0] == str(whole.value).split(" — ")[0]


def test_progress_uses_the_page_total_while_streaming(tmp_path: Path):
    issues = [{"id": str(n), "key": f"K-{n}", "fields": {"summary": f"s{n}"}} for n in range(1200)]
    path = tmp_path / "big.json"
    path.write_text(json.dumps({"total": 1200, "names": {}, "issues": issues}), encoding="utf-8")
    calls: list[tuple[int, int]] = []
    JiraJsonExport(path, on_progress=lambda s, d, t, x: calls.append((d, t))).load()
    assert calls == [(500, 1200), (1000, 1200), (1200, 1200)]


def test_progress_of_a_bare_array_ends_with_the_count(tmp_path: Path):
    issues = [{"id": str(n), "key": f"K-{n}", "fields": {"summary": f"s{n}"}} for n in range(600)]
    path = tmp_path / "big.json"
    path.write_text(json.dumps(issues), encoding="utf-8")
    calls: list[tuple[int, int]] = []
    JiraJsonExport(path, on_progress=lambda s, d, t, x: calls.append((d, t))).load()
    assert calls == [(500, 0), (600, 600)]


def test_without_activity_details_only_the_texts_are_left_out(tmp_path: Path):
    path = tmp_path / "issues.json"
    path.write_text(SHAPES["names first"], encoding="utf-8")
    full = JiraJsonExport(path).load()
    lean = read_export(path, activity_details=False)
    assert any(a.text for a in full.activities) and any(a.old for a in full.activities)
    for activity in lean.activities:
        assert (activity.old, activity.new, activity.text, activity.id) == (None,) * 4
    assert [a.kind for a in lean.activities] == [a.kind for a in full.activities]
    for activity in full.activities:
        activity.old = activity.new = activity.text = activity.id = None
    assert _facts(lean) == _facts(full)


def test_repeated_people_and_field_names_are_shared(tmp_path: Path):
    path = tmp_path / "issues.json"
    path.write_text(SHAPES["names first"], encoding="utf-8")
    board = JiraJsonExport(path).load()
    by_text: dict[str, str] = {}
    for value in [a.actor_id for a in board.activities] + [a.field for a in board.activities]:
        if value is not None:
            assert by_text.setdefault(value, value) is value


@pytest.mark.parametrize(
    "name", ["jira_search_v2.json", "jira_search_v3.json", "jira_issues_array.json"]
)
def test_fixtures_read_the_same(name: str, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(json_stream, "CHUNK_BYTES", 100)
    path = FIXTURES / name
    assert _facts(JiraJsonExport(path).load()) == _facts(_whole(path))


# --- format detection of JSON whose first bytes say nothing (walked as a stream) ---------------

PAD = "x" * 70_000  # more than the sniffers' HEAD_BYTES


def _old_detect(path: Path) -> str:
    """Detection as it was: the whole file parsed, then its shape judged."""
    from connectors.mapping.trello import is_board_json

    values = parse_documents(path, path.read_text(encoding="utf-8"))
    if len(values) == 1 and is_board_json(values[0]):
        return "trello-json"
    if looks_like_issues(values):
        return "jira-json"
    problem = "is JSON but not a Trello board export or Jira issues"
    raise fail(path, f"{problem}: {export_interface._JSON_SHAPES}")


DEEP = {
    "board": json.dumps({"pad": PAD, "name": "B", "cards": [{"id": "1"}] * 60, "lists": []}),
    "two boards": json.dumps({"pad": PAD, "cards": [], "lists": []}) * 2,
    "page": json.dumps({"pad": PAD, "issues": [{"id": "1", "fields": {}}]}),
    "issue": json.dumps({"pad": PAD, "key": "P-1", "fields": {"summary": "s"}}),
    "array": json.dumps([{"pad": PAD}] * 49 + [ISSUES[0]]),
    "array too late": json.dumps([{"pad": PAD}] * 50 + [ISSUES[0]]),
    "other": json.dumps({"pad": PAD, "rows": [1, 2]}),
    "truncated": json.dumps({"pad": PAD, "cards": [{"id": "1"}]})[:-5],
    "broken": json.dumps({"pad": PAD, "cards": []}).replace('"cards"', '"cards" 1'),
}


@pytest.mark.parametrize("case", sorted(DEEP))
def test_inconclusive_heads_are_detected_as_before(case: str, tmp_path: Path):
    from connectors.exports import detect_format

    path = tmp_path / "deep.json"
    path.write_text(DEEP[case], encoding="utf-8")
    try:
        expected = _old_detect(path)
    except ExportFormatError as error:
        with pytest.raises(ExportFormatError) as caught:
            detect_format(path)
        # the same error, but a file whose format is not known yet is called either export
        said = str(error).replace(jira_json._WHAT, export_interface._JSON_WHAT)
        assert str(caught.value) == said
    else:
        assert detect_format(path) == expected
