"""A description whose HTML Python's parser cannot take must not stop an export's read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from connectors.exports import read_export
from connectors.mapping.common import html_to_text, markdown_to_text, wiki_to_text

BROKEN = ["<![x <b>bold</b> text", "<b>x</b> <![ y &amp; z", "<p>ok</p><![CDATA[ unfinished"]


@pytest.mark.parametrize("text", BROKEN)
def test_broken_markup_gives_the_words(text: str) -> None:
    for convert in (html_to_text, wiki_to_text, markdown_to_text):
        out = convert(text)
        assert "<b>" not in out and "<p>" not in out
        assert any(word in out for word in ("bold", "y & z", "ok"))


def test_a_jira_json_export_with_broken_markup_reads_every_issue(tmp_path: Path) -> None:
    issues = [
        {
            "id": str(n),
            "key": f"P-{n}",
            "fields": {
                "summary": f"Story {n}",
                "description": BROKEN[n % len(BROKEN)],
                "issuetype": {"name": "Story"},
                "created": "2026-01-05T10:00:00.000+0000",
                "updated": "2026-01-06T10:00:00.000+0000",
                "status": {"name": "To Do"},
            },
        }
        for n in range(1, 4)
    ]
    path = tmp_path / "search.json"
    path.write_text(json.dumps({"issues": issues}), encoding="utf-8")
    board = read_export(path)
    assert [i.key for i in board.items] == ["P-1", "P-2", "P-3"]
    assert "bold" in board.items[2].description and not board.skipped
