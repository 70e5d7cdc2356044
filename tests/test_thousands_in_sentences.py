"""Counts of a thousand or more read with their separator in the verdict's sentences, as its
activity counts already did: lti_tech's "None of the 1403 items is uncertain; 1,971 activities
…" mixed both in one sentence."""

from __future__ import annotations

import json
from pathlib import Path

from analyzer.flags.items import share_text, undated_text
from analyzer.flags.reading import Reading
from analyzer.pipeline import scan_file


def _board(folder: Path, cards: int) -> Path:
    board = {
        "id": "B",
        "name": "Thousands",
        "lists": [{"id": "L1", "name": "Done"}],
        "cards": [
            {
                "id": f"c{n}",
                "name": f"Fix the login form bug number {n}",
                "idList": "L1",
                "shortLink": f"S{n:07d}",
                "dateLastActivity": "2026-01-02T00:00:00Z",
            }
            for n in range(cards)
        ],
    }
    path = folder / "board.json"
    path.write_text(json.dumps(board), "utf-8")
    return path


def test_the_verdicts_item_counts_have_thousands_separators(tmp_path):
    report = scan_file(_board(tmp_path, 1_203))
    lines = {line.topic: line.text for line in report.verdict.lines}
    assert "1,203 items" in lines["How sure"] and "1203" not in " ".join(lines.values())


def test_the_reading_sentences_have_thousands_separators():
    reading = Reading(2_500, {"ja": 1_200})
    assert reading.none_of(2_500) == (
        "None of the 1,300 items the model read (the other 1,200 are in Japanese, which it "
        "does not read)"
    )
    assert "read only 1,300 of 2,500 items" in reading.read_only()


def test_the_flags_shares_have_thousands_separators():
    assert share_text(21_989, 87_598) == "25% (21,989 of 87,598)"
    assert undated_text(1_030, 8_300) == " (1,030 of the 8,300 open items have no date)"


def test_a_flag_sentence_on_a_large_board_has_thousands_separators(tmp_path):
    """1,203 open stories without acceptance criteria in a 'Ready for dev' list."""
    board = json.loads(_board(tmp_path, 1_203).read_text("utf-8"))
    board["lists"] = [{"id": "L1", "name": "Ready for dev"}]
    for card in board["cards"]:
        card["name"] = f"As a user I want to reset my password {card['id']}"
    path = tmp_path / "ready.json"
    path.write_text(json.dumps(board), "utf-8")
    messages = " ".join(flag.message for flag in scan_file(path).flags)
    assert "1,203" in messages and "1203" not in messages
