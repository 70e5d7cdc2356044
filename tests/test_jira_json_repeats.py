"""A Jira JSON search saved in overlapping pages: an issue met again is read once, from its
copy updated last (``fields.updated``), and said once in ``Board.repeats`` (not among the
records that could not be read), on the dict-based, the lean and the typed paths."""

from __future__ import annotations

import json
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

import pytest

from connectors.exports.jira_json import JiraJsonExport
from connectors.interface import Board
from connectors.mapping import jira_typed


def _user(name: str) -> dict[str, str]:
    return {"accountId": f"acc-{name}", "displayName": name.title()}


def _issue(
    n: int,
    status: str,
    updated: str | None,
    assignee: str | None = None,
    commenter: str | None = None,
) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "summary": f"Issue number {n}",
        "issuetype": {"name": "Story"},
        "status": {"name": status},
        "created": f"2026-03-0{n}T08:00:00.000+0000",
        "reporter": _user("rita"),
        "project": {"key": "OPS", "name": "Operations"},
        "comment": {"comments": []},
    }
    if updated is not None:
        fields["updated"] = updated
    if assignee is not None:
        fields["assignee"] = _user(assignee)
    if commenter is not None:
        fields["comment"]["comments"] = [
            {"id": f"c{n}", "author": _user(commenter), "body": "On it",
             "created": f"2026-03-0{n}T09:00:00.000+0000"}
        ]  # fmt: skip
    return {"id": str(100 + n), "key": f"OPS-{n}", "fields": fields}


OLD_1 = _issue(1, "To Do", "2026-03-01T10:00:00.000+0000", assignee="alice", commenter="carol")
NEW_1 = _issue(1, "Done", "2026-03-20T10:00:00.000+0000", assignee="bob")
TWO = _issue(2, "To Do", "2026-03-02T10:00:00.000+0000", assignee="alice")
THREE = _issue(3, "In Progress", "2026-03-03T10:00:00.000+0000")
OLDER_3 = _issue(3, "To Do", "2026-03-02T10:00:00.000+0000")


def _pages(*pages: list[dict]) -> str:
    total = len({issue["id"] for page in pages for issue in page})
    return "\n".join(json.dumps({"total": total, "issues": page}) for page in pages)


def _facts(board: Board) -> dict:
    activities = [
        replace(a, old=None, new=None, text=None, id=None) for a in list(board.activities)
    ]
    facts = asdict(replace(board, activities=activities, origin=None, repeats=None))
    facts["people"] = sorted(board.people)
    return facts


def _read(path: Path, mode: str, monkeypatch: pytest.MonkeyPatch) -> Board:
    if mode == "dict":
        return JiraJsonExport(path).load()
    if mode == "lean-dict":  # every issue read by the dict-based mapper into rows

        def refuse(self, issue, names):
            raise jira_typed.NeedsDict

        monkeypatch.setattr(jira_typed.TypedIssues, "map", refuse)
    return JiraJsonExport(path, activity_details=False, shared_empty=True).load()


MODES = ["dict", "lean-dict", "typed"]


@pytest.mark.parametrize("mode", MODES)
def test_a_copy_updated_later_is_kept_in_the_first_ones_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mode: str
) -> None:
    saved = tmp_path / "pages.json"
    saved.write_text(_pages([OLD_1, TWO], [TWO, NEW_1, THREE], [THREE, OLDER_3]), "utf-8")
    kept = tmp_path / "kept.json"
    kept.write_text(_pages([NEW_1, TWO, THREE]), "utf-8")
    board, alone = _read(saved, mode, monkeypatch), _read(kept, mode, monkeypatch)
    assert board.skipped == []  # repeats are no unreadable records
    assert board.repeats.lines == [
        "issue #3: OPS-2 appears twice; kept the first",
        "issue #4: OPS-1 appears twice; kept the one updated last (issue #4)",
        "issue #6: OPS-3 appears 3 times; kept the first",
    ]
    assert (board.repeats.copies, board.repeats.unit) == (4, "copy")
    assert [(i.key, i.status) for i in board.items] == [
        ("OPS-1", "Done"),
        ("OPS-2", "To Do"),
        ("OPS-3", "In Progress"),
    ]
    # the old copy's comment and its author (carol) gone; alice still assigned OPS-2
    assert _facts(board) == _facts(alone)
    assert "acc-carol" not in board.people and "acc-alice" in board.people


@pytest.mark.parametrize("mode", MODES)
def test_copies_without_an_update_time_keep_the_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mode: str
) -> None:
    first, later = _issue(1, "To Do", None), _issue(1, "Done", "2026-03-20T10:00:00.000+0000")
    path = tmp_path / "pages.json"
    path.write_text(_pages([first], [later], [later]), "utf-8")
    board = _read(path, mode, monkeypatch)
    assert [i.status for i in board.items] == ["To Do"]
    assert board.repeats.lines == ["issue #2: OPS-1 appears 3 times; kept the first"]
    assert board.repeats.copies == 2
