"""The HTML page for every screen, checked in its text (the browser test checks it rendered):
contrast, print, the items table's tools, reasons reachable by tap, practice said once."""

from __future__ import annotations

import re

import pytest
from ownership_boards import KeywordModel, drift_board, roles_for

from analyzer.formats import get_format
from analyzer.formats.html import _CSS
from analyzer.pipeline import scan_board


@pytest.fixture(scope="module")
def page():
    b = drift_board("jira")
    roles = roles_for(b.board, '[people]\n"Alice Martin" = "pm"\n"bobs" = "po"\n')
    return get_format("html").render(scan_board(b.board, KeywordModel(), roles=roles))


def _lum(hex_colour: str) -> float:
    c = [int(hex_colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    c = [x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4 for x in c]
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((_lum(a), _lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_chips_meet_wcag_aa():
    var = dict(re.findall(r"--(\w+):(#[0-9a-f]{6})", _CSS))
    ink, white = var["ink"], "#ffffff"
    assert contrast(ink, var["t"]) >= 4.5  # tactical chip: dark text on orange
    assert ".chip.tactical{background:var(--t);color:var(--ink)}" in _CSS
    for name in ("s", "err", "warn", "note", "ok"):
        assert contrast(white, var[name]) >= 4.5, name
    # the grey chips: too thin, not judged, and a board steady at no strategic work
    thin = re.search(
        r"\.chip\.too-thin,\.chip\.not-judged,\.chip\.idle\{background:(#[0-9a-f]{6})", _CSS
    )
    assert thin and contrast(white, thin.group(1)) >= 4.5
    assert contrast(var["mute"], var["bg"]) >= 4.5


def test_print_stylesheet_and_way_back_to_top(page):
    assert "@media print{" in page and "break-inside:avoid" in page
    assert '<a class="top-link" href="#header">' in page


def test_items_table_tools_and_reasons_by_tap(page):
    assert '<input type="search" id="items-q"' in page and 'id="items-label"' in page
    assert '<th data-type="text" scope="col"><button type="button">Item</button></th>' in page
    assert '<details class="why"><summary>why</summary>' in page
    assert "hover" not in page.lower().split("<script>")[0].replace(":hover", "")
    assert re.search(r'<tr id="i\d+" data-label="\w+" data-person="', page)


def test_practice_is_said_once_and_thresholds_in_words(page):
    assert page.count("every product responsibility has one named owner") <= 1
    assert "drift_min_activities = 8" not in page
    assert "a window counts from 8 labelled activities" in page
