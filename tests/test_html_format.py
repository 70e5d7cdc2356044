"""The HTML report: every section is there, charts are inline SVG, nothing loads from the network,
board text is escaped, and an empty board still renders."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser

import pytest
from ownership_boards import T0, WEEKS, K, KeywordModel, healthy_board, roles_for

from analyzer.formats import FORMATS, format_for_path, get_format
from analyzer.formats.charts import PersonBar, Series, balance_chart, drift_chart, people_chart
from analyzer.formats.html import SECTION_IDS, HtmlFormat
from analyzer.pipeline import scan_board
from analyzer.report import Report, SourceInfo
from connectors.interface import Board

NOW = datetime(2024, 7, 1, 12, 0, tzinfo=UTC)
HOSTILE_TITLE = '<script>alert("card")</script> & "quotes"'
HOSTILE_NAME = "<img src=x onerror=alert(1)> $x^"
HOSTILE_BOARD = "</title><script>alert('board')</script>"

ROLES = """
[people]
"Alice Martin" = "pm"
"bob@example.com" = "po"
"dan" = "engineer"
"Nobody Here" = "pm"
"""


class Page(HTMLParser):
    """Collects ids, tags, resource URLs and raw script bodies from the page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: dict[str, str] = {}
        self.tags: list[str] = []
        self.resources: list[tuple[str, str, str]] = []
        self.scripts: list[str] = []
        self.text: list[str] = []
        self.csp = ""
        self._in: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self._in.append(tag)
        for name, value in attrs:
            if name == "id" and value:
                self.ids[value] = tag
            if (
                tag != "a"
                and (value or "")[:1] != "#"
                and name in ("src", "href", "xlink:href", "data", "srcset", "action")
            ):
                self.resources.append((tag, name, value or ""))
            if name.startswith("on"):
                self.resources.append((tag, name, value or ""))
        if tag == "script":
            self.scripts.append("")
        if tag == "meta" and dict(attrs).get("http-equiv") == "Content-Security-Policy":
            self.csp = dict(attrs).get("content") or ""

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        self._in.pop()

    def handle_endtag(self, tag):
        while self._in and self._in.pop() != tag:
            pass

    def handle_data(self, data):
        if self._in and self._in[-1] == "script":
            self.scripts[-1] += data
        self.text.append(data)


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    return page


def drifting_board():
    """The healthy board, except Alice (PM) stops strategic work halfway and grooms the backlog."""
    b = healthy_board("trello", pm_strategic_until=WEEKS // 2)
    alice = "m1"
    for w in range(WEEKS // 2, WEEKS):
        day = T0 + timedelta(weeks=w)
        for h in range(3):
            b.act(f"T{(w + h) % 12}", alice, K.FIELD_CHANGED, day + timedelta(hours=10 + h))
    b.board.name = HOSTILE_BOARD
    b.board.people["m3"].display_name = HOSTILE_NAME
    b.board.items[4].title = HOSTILE_TITLE
    return b


def build(board: Board, roles=None, window="month") -> Report:
    return scan_board(board, KeywordModel(), 0.6, roles=roles, window=window, generated_at=NOW)


@pytest.fixture(scope="module")
def report() -> Report:
    b = drifting_board()
    return build(b.board, roles_for(b.board, ROLES))


@pytest.fixture(scope="module")
def html(report) -> str:
    return HtmlFormat().render(report)


def test_registered_and_selected_by_suffix():
    assert FORMATS["html"] is HtmlFormat
    assert isinstance(get_format("HTML"), HtmlFormat)
    assert format_for_path("out/report.html") == "html"


def test_every_section_is_there(html):
    page = parse(html)
    for sid in SECTION_IDS:
        assert sid in page.ids, sid
    assert html.startswith("<!DOCTYPE html>")


def test_charts_are_inline_svg(html):
    page = parse(html)
    # balance over time (matplotlib), one small chart per person in the drift section; the
    # people's shares are HTML bars
    assert page.tags.count("svg") == 1 + html.count('<figure class="spark">')
    assert html.count('<figure class="spark">') >= 2
    assert "img" not in page.tags and "iframe" not in page.tags
    assert "<?xml" not in html and "<!DOCTYPE svg" not in html


def test_nothing_is_loaded_from_anywhere(html):
    page = parse(html)
    assert page.resources == []  # no src/href resources, no inline event handlers
    assert "url(" not in html.replace("url(#", "") and "@import" not in html
    assert len(page.scripts) == 1 and "http" not in page.scripts[0]
    assert page.csp.startswith("default-src 'none';") and "connect-src" not in page.csp


def test_script_is_allowed_by_its_hash(html):
    import base64
    import hashlib

    page = parse(html)
    digest = base64.b64encode(hashlib.sha256(page.scripts[0].encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in page.csp


def test_board_text_is_escaped(html):
    page = parse(html)
    assert len(page.scripts) == 1  # only ours: no injected <script>
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&quot;card&quot;)&lt;/script&gt; &amp; &quot;quotes&quot;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    text = "".join(page.text)
    assert HOSTILE_TITLE in text and HOSTILE_BOARD in text
    # in the people's bars and the drift charts too
    bars = html.split('id="people"')[1].split("</section>")[0].split('class="pbars"', 1)[1]
    assert "&lt;img src=x onerror=alert(1)" in bars
    drift = html.split('id="drift"')[1].split("</section>")[0].split('class="multiples"', 1)[1]
    assert "&lt;img src=x onerror=alert(1)" in drift


def test_header_says_how_roles_were_set(report, html):
    assert "declared in" in html and "Windows" in html
    inferred = build(drifting_board().board)
    assert inferred.roles_inferred
    assert "inferred from each person" in HtmlFormat().render(inferred)


def test_the_drift_section_says_whether_the_roles_are_declared_or_inferred(html):
    """Without a roles file the drift section spoke of each person's "declared role"."""
    assert "Whose work moves away from their declared role" in html
    page = HtmlFormat().render(build(drifting_board().board))
    drift = page.split('id="drift"')[1].split("</section>")[0]
    assert "Whose work moves away from their inferred role" in drift
    assert "declared" not in drift


def test_flags_show_severity_practice_and_evidence(report, html):
    assert report.flags, "the drifting board raises flags"
    page = parse(html)
    articles = page.tags.count("article")
    assert articles == len(report.flags)
    drift = next(f for f in report.flags if f.code == "role-drift")
    assert drift.message in "".join(page.text)
    assert f"Practice — <b>{drift.practice_text.split(':')[0]}</b>" in html
    assert "Alice Martin" in html


def test_drift_section_names_the_drifting_pm(report, html):
    alice = next(p for p in report.people if p.name == "Alice Martin")
    assert alice.drift.status == "drifting"
    section = html.split('id="drift"')[1].split("</section>")[0]
    assert "Alice Martin" in section and 'class="chip drifting"' in section
    assert "<svg" in section  # the drift lines


def test_items_table_lists_every_item_with_anchor(report, html):
    page = parse(html)
    assert page.ids.get("items-table") == "table"
    rows = [i for i, tag in page.ids.items() if tag == "tr" and i.startswith("i")]
    assert len(rows) == len(report.items)


def test_role_warning_for_a_stranger(html):
    assert "&#x27;Nobody Here&#x27; (pm) matches nobody" in html


def test_empty_board_renders():
    empty = build(Board(id="e", name="Empty", source="trello"))
    out = HtmlFormat().render(empty)
    page = parse(out)
    for sid in ("header", "summary", "people", "top-items", "items", "skipped"):
        assert sid in page.ids
    assert "No items on this board" in out
    assert page.resources == []
    assert all(t in page.ids for t in re.findall(r'<a href="#([^"]+)"', out))


def test_plain_report_without_analysis_renders():
    bare = Report(SourceInfo("Bare", "trello"), NOW)
    out = HtmlFormat().render(bare)
    assert 'id="summary"' in out and "</html>" in out


def test_same_report_same_bytes(report):
    assert HtmlFormat().render(report) == HtmlFormat().render(report)


def test_charts_are_deterministic_and_escape_text():
    a = balance_chart(["2024-01", "<b>"], [(1, 2, 0), (0, 0, 0)])
    assert a == balance_chart(["2024-01", "<b>"], [(1, 2, 0), (0, 0, 0)])
    assert a.startswith("<svg ") and "&lt;b&gt;" in a and "<b>" not in a
    assert "<metadata" not in a and 'width="' not in a.split(">", 1)[0]
    p = people_chart([PersonBar("Al $x", 3, 1, 0, "strategic", 0.5)])
    assert "Al $x" in p
    d = drift_chart(["a", "b"], [Series("Al", [0.8, None])], 0.5, 0.5)
    assert d.startswith("<svg ")
    ids = [x.split('"')[0] for x in (a + p + d).split(' id="')[1:]]
    assert len(ids) == len(set(ids))  # three charts on one page share no id
    for ref in re.findall(r'(?:href="#|url\(#)([^")]+)', a + p + d):
        assert ref in ids


def test_charts_leave_matplotlib_settings_alone():
    import matplotlib

    def settings() -> dict:
        # "backend" is left out: reading it makes matplotlib pick one.
        return {k: matplotlib.rcParams[k] for k in matplotlib.rcParams if k != "backend"}

    before = settings()
    balance_chart(["x"], [(1, 0, 0)])
    people_chart([PersonBar("Al", 1, 0, 0)])
    assert settings() == before


def test_scan_writes_the_html_page(tmp_path, fixtures_dir):
    from typer.testing import CliRunner

    from analyzer.cli import app

    out = tmp_path / "report.html"
    source = str(fixtures_dir / "trello_board_basic.json")
    result = CliRunner().invoke(app, ["scan", source, "--output", str(out)])
    assert result.exit_code == 0, result.output
    page = parse(out.read_text(encoding="utf-8"))
    assert {"header", "summary", "flags", "balance-over-time", "items"} <= set(page.ids)
    assert "svg" in page.tags and page.resources == []


def test_every_internal_link_has_a_target(html):
    page = parse(html)
    targets = re.findall(r'<a href="#([^"]+)"', html)
    assert targets and all(t in page.ids for t in targets)


def test_long_items_table_keeps_the_most_confident(monkeypatch, report):
    import analyzer.formats.html as html_format

    monkeypatch.setattr(html_format, "MAX_ITEMS", 3)
    out = HtmlFormat().render(report)
    page = parse(out)
    rows = [i for i, tag in page.ids.items() if tag == "tr" and i.startswith("i")]
    assert len(rows) == 3
    assert f"{len(report.items) - 3} more items in <code>--format json</code>" in out
    targets = re.findall(r'<a href="#([^"]+)"', out)
    assert all(t in page.ids for t in targets)  # evidence beyond the table is not linked


def test_columns_the_source_never_fills_are_left_out(html):
    head = html.split('id="items-table"')[1].split("</thead>")[0]
    assert ">Type<" not in head  # Trello cards have no issue type
    assert ">Activity<" in head and ">Confidence<" in head


def test_matplotlib_is_imported_only_to_draw():
    import subprocess
    import sys

    code = (
        "import sys, analyzer.formats, analyzer.formats.html, analyzer.formats.charts; "
        "print('matplotlib' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_about_shows_the_window_fallback_and_inferred_roles():
    inferred = build(drifting_board().board, window="sprint")
    assert inferred.window_note and inferred.roles_inferred
    out = HtmlFormat().render(inferred)
    about = out.split('<section id="about"')[1].split("</section>")[0]
    assert "14d" in about and esc_text(inferred.window_note) in about
    assert "<th>Role (inferred)</th>" in out


def esc_text(text: str) -> str:
    import html

    return html.escape(text, quote=True)
