"""What a product leader reads on the HTML page, checked in its text (tests/test_html_browser.py
looks at it in Chromium): the small drift charts' captions say the numbers the drift says, the
drift chips say words, the balance chart keeps a key on a narrow screen."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from analyzer.formats import get_format
from analyzer.formats.html import _spark_change
from analyzer.pipeline import scan_file

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def sample():
    report = scan_file(
        ROOT / "examples" / "trello_sample_board.json",
        roles=ROOT / "examples" / "backlog-analyzer.toml",
    )
    return report, get_format("html").render(report)


def test_a_caption_quotes_the_drifts_numbers_or_judged_windows_only():
    labels = ["2026-04", "2026-05", "2026-06", "2026-07"]
    values = [1.0, 0.4, 0.2, 0.0]
    judged = [False, True, True, False]  # the first and last windows: one activity each
    assert _spark_change(values, judged, labels, None) == "40% in 2026-05 → 20% in 2026-06"
    drift = SimpleNamespace(baseline_share=0.86, recent_share=0.03)
    assert _spark_change(values, judged, labels, drift) == "86% before → 3% recently"
    assert _spark_change(values, [False, True, False, False], labels, None) == "40% in 2026-05"
    assert _spark_change(values, [False] * 4, labels, None) == "too thin to judge"
    assert _spark_change([None, 0.5, None, 0.25], [], labels, None) == (
        "50% in 2026-05 → 25% in 2026-07"  # a report without judged flags: every value counts
    )


def test_the_samples_captions_agree_with_the_drift(sample):
    report, page = sample
    maya = next(p for p in report.people if p.name == "Maya Okafor")
    assert "from 86% to 0%" in maya.drift.message  # none: her late cards are all tactical
    caption = re.search(r"<b>Maya Okafor \(pm\)</b> <span class=\"muted\">([^<]*)<", page)
    assert caption.group(1) == "86% before → 0% recently"
    aiko = re.search(r"<b>Aiko Tanaka \(designer\)</b> <span class=\"muted\">([^<]*)<", page)
    assert aiko.group(1) == "40% in 2026-06 → 10% in 2026-09"  # was "0.0% → 100.0%": thin
    # the points are elements, not the text of a Python list around them
    sparks = re.findall(r'<figure class="spark">.*?</figure>', page)
    assert sparks and not any("['" in s or "', '" in s for s in sparks)


def test_drift_chips_say_words(sample):
    _, page = sample
    assert '<span class="chip not-judged">not judged</span>' in page
    assert '<span class="chip on-role">on role</span>' in page
    assert not re.findall(r'class="chip [^"]*">([a-z]+-[a-z-]+)<', page)


def test_the_balance_chart_has_a_key_for_narrow_screens(sample):
    _, page = sample
    section = page[page.index('<section id="balance-over-time"') :]
    chart_end = section.index("</svg></div>") + len("</svg></div>")
    assert section[chart_end:].startswith('<p class="legend chart-key">')
    for word in ("strategic", "tactical", "uncertain"):
        assert f"</i>{word}</span>" in section[chart_end : section.index("</p>", chart_end)]
    assert ".chart-key{display:none}@media (max-width:760px){.chart-key{display:flex}}" in page


def test_counts_read_as_the_verdict_writes_them(sample):
    """The verdict says "1,329 activities"; the summary's card said "1329"."""
    report, page = sample
    total = report.summary.total_activities
    assert total >= 1000 and f"{total:,} activities" in report.verdict.lines[-1].text
    assert f'<div class="card"><b>{total:,}</b><span>activities</span>' in page
    tactical = report.summary.activities.tactical
    assert f"Tactical: {tactical:,} (" in page and f"Tactical: {tactical} (" not in page


def test_a_note_is_not_coloured_as_a_label(sample):
    """The note chip and card border were the strategic blue, beside a legend saying blue is
    strategic."""
    _, page = sample
    colours = dict(re.findall(r"--(\w+):(#[0-9a-f]{6})", page))
    assert colours["note"] not in {colours["s"], colours["t"], colours["u"]}


def test_the_balance_charts_sub_title_says_where_the_counts_are(sample):
    """Past MAX_COUNTS windows the chart prints no count on its bars: its sub-title said "the
    number on top is the activity count" over 67 bars without one (nice_it_prod_jira.csv)."""
    from analyzer.formats.charts import MAX_COUNTS

    report, page = sample
    assert len(report.windows) <= MAX_COUNTS
    assert "the number on top is the activity count." in page
    many = scan_file(ROOT / "examples" / "trello_sample_board.json", window="5d")
    assert len(many.windows) > MAX_COUNTS
    text = get_format("html").render(many)
    section = text[text.index('<section id="balance-over-time"') :]
    assert "number on top" not in section[: section.index("</section>")]
    assert "each window's activity count is in 'Windows as a table' below." in section
