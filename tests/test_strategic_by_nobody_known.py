"""Strategic items touched only by activity no known person did (session 29: a Jira REST search
without reporters, 14 strategic items with 14 activities) are not "untouched": the verdict's
Strategic work line said "Nobody has touched them in the period of the export"."""

from __future__ import annotations

from datetime import datetime

from ownership_boards import Builder, KeywordModel

from analyzer.pipeline import scan_board
from connectors.interface import ActivityKind


def _line(board) -> str:
    report = scan_board(board, KeywordModel())
    (line,) = [line for line in report.verdict.lines if line.topic == "Strategic work"]
    return line.text


def _board(actor: str | None) -> Builder:
    b = Builder("jira")
    b.person("p0", "Person 0")  # on the board, acting or not
    for n in range(3):
        b.item(f"S{n}", "strategic", title=f"Roadmap and vision {n}")
    for n in range(9):
        b.item(f"T{n}", "tactical", title=f"Fix bug {n}", status="To Do")
    for n, item in enumerate([f"S{n}" for n in range(3)] + [f"T{n}" for n in range(9)]):
        b.act(item, actor, ActivityKind.CREATED, datetime(2024, 1 + n % 3, 2 + n))
    return b


def test_strategic_activity_by_no_known_person_is_not_untouched():
    text = _line(_board(None).board)
    assert "Nobody has touched" not in text, text
    assert text.endswith("No known person did that activity: the export names no one for it.")


def test_untouched_and_named_lines_read_as_before():
    assert "Who does it (share of strategic activity): Person 0" in _line(_board("p0").board)
    untouched = _board(None)
    untouched.board.activities = [a for a in untouched.board.activities if a.item_id[0] == "T"]
    assert _line(untouched.board).endswith("Nobody has touched them in the period of the export.")
