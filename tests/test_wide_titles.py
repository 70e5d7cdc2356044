"""Titles cut by display width in every format: a Chinese or Japanese character or an emoji takes
two cells, so a title cut by characters read twice as wide as intended in Markdown and HTML (the
terminal was fixed first: tests/test_table_width.py). A cut never splits an emoji sequence."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from rich.cells import cell_len

from analyzer.formats import get_format
from analyzer.formats._common import one_line
from analyzer.pipeline import scan_file
from analyzer.verdict import VerdictLine

# Written for this test: a Japanese title with no space, an English one with joined emoji, flags,
# an emoji with a variation selector and a run of emoji at its end.
CJK = (
    "利用者がプロフィール画像をアップロードして自由にトリミングできるようにし、保存した画像を"
    "一覧画面と詳細画面の両方で正しい大きさで表示し、古い画像は自動的に削除されるようにする"
    "機能を追加する"
)
EMOJI = (
    "Launch plan 🚀 for families 👨\u200d👩\u200d👧 in France 🇫🇷 and Germany 🇩🇪: pricing "
    "❤\ufe0f tiers, onboarding emails, store listing screenshots, press kit and a checklist for "
    "the launch day with the whole team " + "🎉" * 28
)
WIDE = {"S0000000": CJK, "S0000001": EMOJI}


def _cluster_whole(full: str, kept: str) -> bool:
    """``kept`` is a prefix of ``full`` that ends between two graphemes."""
    if not full.startswith(kept):
        return False
    rest = full[len(kept) :]
    flags = len(kept) - len(kept.rstrip("".join(map(chr, range(0x1F1E6, 0x1F200)))))
    return (
        not kept.endswith("\u200d") and not rest.startswith(("\u200d", "\ufe0f")) and flags % 2 == 0
    )


@pytest.mark.parametrize("title", [CJK, EMOJI, "café " * 30, "Plain ASCII title " * 10])
def test_one_line_cuts_by_cells_and_never_inside_a_grapheme(title):
    flat = " ".join(title.split())
    for limit in range(2, cell_len(flat) + 3):
        cut = one_line(title, limit, cells=True)
        assert cell_len(cut) <= limit, (limit, cut)
        if cut == flat:
            continue
        assert cut.endswith("…") and _cluster_whole(flat, cut[:-1].rstrip()), (limit, cut)
        assert cell_len(cut) >= limit - 2 or cut[:-1] != cut[:-1].rstrip() or limit < 4


def test_one_line_by_cells_is_the_character_cut_for_narrow_text():
    for text in ("Plain ASCII title " * 10, "Critères d'acceptation à définir " * 5):
        for limit in (10, 50, 80):
            assert one_line(text, limit, cells=True) == one_line(text, limit)


def scan_ready_cards(titles: list[str], board_name: str, folder: Path):
    """The report of a Trello board whose cards (``S0000000``, ``S0000001``, …, one a title) all
    stand in a "Ready for dev" list without criteria."""
    cards = [
        {
            "id": f"c{n}",
            "name": title,
            "idList": "L1",
            "shortLink": f"S{n:07d}",
            "dateLastActivity": f"2026-01-0{n + 1}T00:00:00Z",
        }
        for n, title in enumerate(titles)
    ]
    board = {"id": "B", "name": board_name, "lists": [{"id": "L1", "name": "Ready for dev"}]}
    path = folder / "board.json"
    path.write_text(json.dumps({**board, "cards": cards}, ensure_ascii=False), "utf-8")
    return scan_file(path)


@pytest.fixture(scope="module")
def wide_report(tmp_path_factory):
    """Cards in a ready column without criteria: the two wide titles show in ready-without-ac's
    evidence and in the items table."""
    titles = [CJK, EMOJI] + [f"Ready story number {n}" for n in range(4)]
    report = scan_ready_cards(titles, "Wide", tmp_path_factory.mktemp("wide"))
    assert "ready-without-ac" in {f.code for f in report.flags}
    return report


def _check(shown: str, full: str, limit: int) -> None:
    assert cell_len(full) > limit  # the title is cut here
    assert shown.endswith("…") and cell_len(shown) <= limit, (limit, shown)
    assert cell_len(shown) >= limit - 3, (limit, shown)  # and uses its room
    assert _cluster_whole(full, shown[:-1].rstrip()), shown


def test_markdown_cuts_wide_titles_by_cells(wide_report):
    text = get_format("markdown").render(wide_report)
    evidence = next(line for line in text.splitlines() if line.startswith("  - Items: S"))
    for ref, full in WIDE.items():
        shown = re.search(rf"{ref} (.*?…)(?:;|$)", evidence).group(1)
        _check(shown, full, 80)
        row = next(line for line in text.splitlines() if line.startswith(f"| {ref} |"))
        _check(row.split(" | ")[1], full, 100)


def test_html_cuts_wide_titles_by_cells(wide_report):
    page = get_format("html").render(wide_report)
    start = page.index('<section id="flags"')
    flags = page[start : page.index("</section>", start)]
    for n, (ref, full) in enumerate(WIDE.items()):
        shown = re.search(rf'>{ref}</a> <span class="muted">(.*?)</span>', flags).group(1)
        _check(html.unescape(shown), full, 80)
        cell = re.search(rf'<tr id="i{n}".*?<td class="title" data-v="[^"]*">(.*?)<details', page)
        _check(html.unescape(cell.group(1)), full, 160)


def test_a_terminal_sentence_holding_wide_characters_keeps_every_word(tmp_path):
    """Rich's wrap kept a line's trailing space when the line held CJK characters and its
    ellipsis then cut the line's last word ("were" shown as "wer…", the rest on the next line):
    the terminal's wrapped sentences (verdict, flags, drift, reasons) fold instead."""
    report = scan_ready_cards(["Fix the login form"], "Board", tmp_path)
    text = (
        "みやまえ, the inferred PO, owns it. No acceptance criteria were found in 6 of 6 open "
        "stories, but the model read only 6 of 67 items."
    )
    report.verdict.lines = [VerdictLine("Backlog", text, None)]
    for width in range(50, 121):  # 13 of these widths cut a word with rich's ellipsis
        out = get_format("table", width=width).render(report)
        verdict = out[: out.index("Balance")]
        assert "…" not in verdict, width
        assert " ".join(verdict.split()).endswith(f"· Backlog {text}"), width
