"""A scan swaps classified descriptions for their acceptance-criteria evidence: same flags."""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

from analyzer.flags import acceptance_evidence, has_acceptance_criteria
from analyzer.pipeline import read_board, scan_board, scan_file
from connectors.interface import Item

PIECES = [
    "Acceptance criteria: works",
    "acceptance  criterion",
    "AC: done when paid",
    "ac :",
    "Definition of Done",
    "- [ ] first box",
    "* [x] ticked",
    "  - [X] indented",
    "[ ] not at a line start",
    "Given a user\nWhen they pay\nThen it works",
    "given x when y then",
    "givenx when y then",
    "GIVEN A WHEN B THEN C",
    "given İ when ı then ſ",
    "BACKLOG: given the case",
    "then when given",
    "plain words",
    "",
    "\n",
    "  ",
    "ÉTÉ — café",
]


def test_the_evidence_keeps_the_answer_for_random_texts() -> None:
    rng = random.Random(11)
    for _ in range(4000):
        title = " ".join(rng.choice(PIECES) for _ in range(rng.randrange(3)))
        joiner = rng.choice([" ", "\n", ""])
        description = joiner.join(rng.choice(PIECES) for _ in range(rng.randrange(5)))
        item = Item(source="jira", id="1", title=title, description=description)
        kept = replace(item, description=acceptance_evidence(item))
        assert has_acceptance_criteria(kept) == has_acceptance_criteria(item), (title, description)
        assert len(kept.description) <= len(description) + len(title) + 1


def test_a_checklist_is_evidence_enough() -> None:
    item = Item(source="trello", id="1", title="t", description="long text", checklist_items=["a"])
    assert acceptance_evidence(item) == "" and has_acceptance_criteria(item)


SAMPLE = Path(__file__).parent.parent / "examples" / "jira_sample_export.json"


def test_scan_file_gives_the_report_scan_board_gives_and_keeps_callers_boards(tmp_path) -> None:
    from datetime import UTC, datetime

    from analyzer.formats import get_format

    when = datetime(2026, 1, 1, tzinfo=UTC)
    board = read_board(SAMPLE, activity_details=False)
    before = [item.description for item in board.items]
    assert any(len(d) > 100 for d in before)
    from_board = scan_board(board, generated_at=when, origin=str(SAMPLE))
    assert [item.description for item in board.items] == before  # a caller's board: untouched
    from_file = scan_file(SAMPLE, generated_at=when)
    render = get_format("json").render
    assert render(from_file) == render(from_board)


def test_scan_file_with_a_model_directory_says_so(tmp_path) -> None:
    import pytest

    from models.interface import ModelError

    with pytest.raises(ModelError, match="is a directory, not a model file"):
        scan_file(SAMPLE, model=tmp_path)
    with pytest.raises(ModelError, match="no such model file"):
        scan_file(SAMPLE, model=tmp_path / "missing.json")
