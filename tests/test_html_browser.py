"""The HTML reports of the bundled samples in a real headless Chromium, at a desktop, a laptop
(1280×720) and a phone width: the verdict is on the first screen, nothing is wider than the
viewport, the items table sorts and filters from the keyboard, nothing is fetched and nothing logs
an error (issue 14).

Playwright drives the system's Chromium (Debian's ``chromium`` package; ``.ci/run`` installs it)
through ``executable_path``: it never downloads a browser of its own. Without Playwright or a
Chromium the tests are skipped, saying which is missing. ``BACKLOG_ANALYZER_CHROMIUM`` names
another Chromium binary.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from analyzer.formats import get_format
from analyzer.pipeline import scan_file

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = {
    "trello": (
        ROOT / "examples" / "trello_sample_board.json",
        ROOT / "examples" / "backlog-analyzer.toml",
    ),
    "jira": (ROOT / "examples" / "jira_sample_export.json", None),
}
SCREENS = {"desktop": (1400, 900), "laptop": (1280, 720), "phone": (390, 844)}


def _chromium() -> str | None:
    named = os.environ.get("BACKLOG_ANALYZER_CHROMIUM")
    if named:
        return named if Path(named).exists() else None
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="Playwright is not installed (pip install playwright)"
    )
    executable = _chromium()
    if executable is None:
        pytest.skip(
            "no Chromium found (apt-get install chromium, or set BACKLOG_ANALYZER_CHROMIUM)"
        )
    with sync_api.sync_playwright() as p:
        try:
            b = p.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        except Exception as exc:  # a binary that cannot start here: say why, do not fail
            pytest.skip(f"Chromium at {executable} does not start: {str(exc).splitlines()[0]}")
        yield b
        b.close()


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    out = {}
    folder = tmp_path_factory.mktemp("html")
    for name, (export, roles) in SAMPLES.items():
        report = scan_file(export, roles=roles)
        path = folder / f"{name}.html"
        path.write_text(get_format("html").render(report), encoding="utf-8")
        out[name] = path
    return out


class Opened:
    def __init__(self, page, url: str) -> None:
        self.page, self.url = page, url
        self.errors: list[str] = []
        self.requests: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("request", lambda r: self.requests.append(r.url) if r.url != url else None)


@pytest.fixture(params=[(s, w) for s in SAMPLES for w in SCREENS], ids=lambda p: f"{p[0]}-{p[1]}")
def opened(request, browser, pages):
    sample, screen = request.param
    width, height = SCREENS[screen]
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    url = pages[sample].as_uri()
    o = Opened(page, url)
    page.goto(url)
    yield o
    context.close()


def test_the_verdict_is_on_the_first_screen(opened):
    page = opened.page
    height = page.viewport_size["height"]
    headline = page.locator("#verdict .headline").bounding_box()
    first = page.locator("#verdict li").first.bounding_box()
    assert headline is not None and headline["y"] + headline["height"] <= height
    assert first is not None and first["y"] + first["height"] <= height
    # the metadata is not what the first screen shows
    about = page.locator("#about").bounding_box()
    assert about is not None and about["y"] > height


def test_nothing_is_wider_than_the_viewport(opened):
    page = opened.page
    width = page.viewport_size["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    wide = page.evaluate(
        """() => Array.from(document.querySelectorAll('body *'))
        .filter(e => !e.closest('.scroll') && e.getClientRects().length
                && e.getBoundingClientRect().right > window.innerWidth + 1)
        .map(e => e.tagName + '.' + e.className).slice(0, 5)"""
    )
    assert wide == []


def test_items_sort_by_keyboard(opened):
    page = opened.page
    button = page.locator("#items-table thead th").nth(1).locator("button")  # Title
    button.focus()
    page.keyboard.press("Enter")
    th = page.locator("#items-table thead th").nth(1)
    assert th.get_attribute("aria-sort") == "ascending"
    ordered = """(dir) => {
        const v = Array.from(document.querySelectorAll('#items-table tbody tr'))
            .map(r => r.cells[1].getAttribute('data-v'));
        return v.every((x, i) => i === 0 || dir * v[i - 1].localeCompare(x) <= 0);
    }"""
    assert page.evaluate(ordered, 1)
    page.keyboard.press("Space")
    assert th.get_attribute("aria-sort") == "descending"
    assert page.evaluate(ordered, -1)


def test_items_filter_by_keyboard(opened):
    page = opened.page
    total = page.locator("#items-table tbody tr").count()
    page.locator("#items-q").focus()
    page.keyboard.type("zzzz-no-such-word")
    assert page.locator("#items-table tbody tr:not([hidden])").count() == 0
    assert page.locator("#items-count").inner_text() == f"0 of {total} shown"
    page.keyboard.press("Control+A")
    page.keyboard.press("Backspace")
    assert page.locator("#items-table tbody tr:not([hidden])").count() == total
    page.locator("#items-label").focus()
    page.keyboard.press("ArrowDown")  # the first label (strategic)
    label = page.locator("#items-label").input_value()
    assert label
    shown = page.locator("#items-table tbody tr:not([hidden])")
    assert 0 < shown.count() < total
    assert set(shown.evaluate_all("rs => rs.map(r => r.dataset.label)")) == {label}


def test_a_reason_opens_with_a_tap(opened):
    page = opened.page
    why = page.locator("#items-table details.why").first
    why.locator("summary").click()
    assert why.evaluate("d => d.open")


def test_no_request_and_no_console_error(opened):
    page = opened.page
    page.locator("a.top-link").click()
    page.wait_for_timeout(50)
    assert opened.requests == []
    assert opened.errors == []


def test_the_balance_charts_key_is_on_screen(opened):
    """On a phone the chart keeps its width and scrolls: its own key, on its right, was off
    screen; an HTML key under it shows there (and only there)."""
    page = opened.page
    width = page.viewport_size["width"]
    key = page.locator("#balance-over-time .chart-key")
    chart = page.locator("#balance-over-time svg.chart").bounding_box()
    if chart["x"] + chart["width"] <= width:  # the whole chart, its own key too, is on screen
        assert not key.is_visible()
    else:
        box = key.bounding_box()
        assert key.is_visible() and box["x"] >= 0 and box["x"] + box["width"] <= width


def test_the_small_drift_charts_of_a_row_line_up(opened):
    """A caption that wraps to more lines pushed its chart down below its neighbours'."""
    tops = opened.page.evaluate(
        """() => Array.from(document.querySelectorAll('figure.spark')).map(f => [
            Math.round(f.getBoundingClientRect().top),
            Math.round(f.querySelector('svg').getBoundingClientRect().bottom)])"""
    )
    rows: dict[int, set[int]] = {}
    for top, bottom in tops:
        rows.setdefault(top, set()).add(bottom)
    assert tops and all(len(bottoms) == 1 for bottoms in rows.values()), rows


def _long_texts_board(folder: Path) -> Path:
    """The Trello sample with unbreakable titles (a 200-letter word, a CJK run with no space)
    and 40 more members with long names, assigned to the cards."""
    board = json.loads(SAMPLES["trello"][0].read_text(encoding="utf-8"))
    word, cjk = "Unbreakable" * 18, "製品戦略と競合調査" * 12
    for n, card in enumerate(board["cards"][:40]):
        card["name"] = word if n % 2 else cjk
    members = board["members"]
    extra = [
        {**members[0], "id": f"{k:024x}", "username": f"member{k}",
         "fullName": f"A person whose display name is unusually long, number {k}"}
        for k in range(40)
    ]  # fmt: skip
    board["members"] = members + extra
    for n, card in enumerate(board["cards"]):
        card["idMembers"] = [extra[n % 40]["id"]]
    path = folder / "long_texts.json"
    path.write_text(json.dumps(board), encoding="utf-8")
    return path


def test_long_titles_and_names_stay_inside_a_phone_screen(browser, tmp_path):
    # flag evidence (a grid) and the items filter (a select of names) once widened the page
    export = _long_texts_board(tmp_path)
    page_path = tmp_path / "long.html"
    report = scan_file(export, roles=SAMPLES["trello"][1])
    page_path.write_text(get_format("html").render(report), encoding="utf-8")
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        page.goto(page_path.as_uri())
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    finally:
        context.close()


def test_a_long_word_in_a_top_items_title_stays_inside_a_phone_screen(browser, tmp_path):
    # A title of one 72-letter word (a real Trello board's "1002102-ES_Monitoreo_cupos_…")
    # widened the Top items' column, and so the page, to 529 px on a 390 px phone.
    board = json.loads(SAMPLES["trello"][0].read_text(encoding="utf-8"))
    for card in board["cards"]:
        card["name"] += " REF_" + "_".join(["monitoring_of_the_credit_quota"] * 3)
    export = tmp_path / "long_words.json"
    export.write_text(json.dumps(board), encoding="utf-8")
    report = scan_file(export, roles=SAMPLES["trello"][1])
    page_path = tmp_path / "long_words.html"
    page_path.write_text(get_format("html").render(report), encoding="utf-8")
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        page.goto(page_path.as_uri())
        assert page.locator("#top-items li").count() > 0
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    finally:
        context.close()


@pytest.fixture(scope="module")
def portfolio_page(tmp_path_factory):
    import io

    from analyzer.portfolio import build_portfolio

    reports = [scan_file(export, roles=roles) for export, roles in SAMPLES.values()]
    out = io.StringIO()
    get_format("html").write_portfolio(build_portfolio(reports), out)
    path = tmp_path_factory.mktemp("portfolio") / "portfolio.html"
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


@pytest.mark.parametrize("screen", ["desktop", "phone"])
def test_the_portfolio_page_reads_in_a_browser(browser, portfolio_page, screen):
    """The samples' portfolio: its table scrolls inside its box on a phone, each number
    heading's right edge sits over its numbers' (a button centred "Strategic items" between two
    columns), the flag counts say note, and nothing is fetched or logged."""
    width, height = SCREENS[screen]
    context = browser.new_context(viewport={"width": width, "height": height})
    try:
        page = context.new_page()
        opened = Opened(page, portfolio_page.as_uri())
        page.goto(portfolio_page.as_uri())
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        edges = page.evaluate(
            """() => Array.from(document.querySelectorAll('table.sortable th.num')).map(th => {
                const col = th.cellIndex, range = document.createRange();
                range.selectNodeContents(th.querySelector('button'));
                const head = range.getBoundingClientRect().right;
                const cells = Array.from(document.querySelectorAll('table.sortable tbody tr'))
                    .map(r => { const x = document.createRange();
                                x.selectNodeContents(r.cells[col]);
                                return x.getBoundingClientRect().right; });
                return [th.textContent, head, cells];
            })"""
        )
        assert len(edges) == 5
        for name, head, cells in edges:
            assert all(abs(head - right) <= 2 for right in cells), (name, head, cells)
        flags = page.locator("table.sortable tbody td:nth-child(8)").all_inner_texts()
        assert any("note" in text for text in flags) and not any("info" in t for t in flags)
        assert opened.requests == [] and opened.errors == []
    finally:
        context.close()
