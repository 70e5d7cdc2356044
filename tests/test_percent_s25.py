"""Session 25: a share that is not exactly all or nothing never reads "100%" or "0%" in a report's
text (a reader takes "100.0%" as "all"); one rule
(:func:`_backlog_analyzer_runtime.percent.percent`) for every
format, the JSON keeping the number."""

from __future__ import annotations

import copy
import json

import pytest
from ownership_boards import KeywordModel, drift_board

from _backlog_analyzer_runtime.percent import percent
from analyzer.flags.items import share_text
from analyzer.formats import get_format
from analyzer.formats._common import pct, pct_or_na
from analyzer.formats.portfolio import pct as portfolio_pct
from analyzer.pipeline import scan_board


@pytest.mark.parametrize(
    ("share", "whole", "tenth"),
    [
        (0.0, "0%", "0.0%"),
        (1.0, "100%", "100.0%"),
        (0.3661, "37%", "36.6%"),
        (0.9996, ">99%", ">99.9%"),  # was "100%", "100.0%"
        (0.996, ">99%", "99.6%"),
        (0.0004, "<1%", "<0.1%"),  # was "0%", "0.0%"
        (0.004, "<1%", "0.4%"),
        (0.994, "99%", "99.4%"),
    ],
)
def test_a_share_reads_all_or_nothing_only_when_it_is(share, whole, tenth):
    assert percent(share) == whole and percent(share, 1) == tenth
    assert pct(share) == tenth and pct_or_na(share) == whole and portfolio_pct(share) == whole


def test_the_rounded_text_keeps_its_width():
    assert len(percent(0.9996, 1)) == len("100.0%") and len(percent(0.9996)) == len("100%")


def test_a_count_share_says_not_all():
    assert share_text(1999, 2000) == ">99% (1,999 of 2,000)"
    assert share_text(1, 682) == "<1% (1 of 682)"


@pytest.fixture(scope="module")
def nearly_all_strategic():
    report = copy.deepcopy(scan_board(drift_board("jira").board, KeywordModel(), window="month"))
    report.summary.items.strategic, report.summary.items.tactical = 3999, 0
    report.summary.items.uncertain = 1
    report.items[0].confidence = 0.99996
    return report


@pytest.mark.parametrize("name", ["table", "markdown", "html"])
def test_the_formats_show_nearly_all_as_not_all(nearly_all_strategic, name):
    out = get_format(name, width=120).render(nearly_all_strategic)
    assert ">99.9%" in out and "<0.1%" in out
    assert "100.0%" not in out


def test_json_keeps_the_numbers(nearly_all_strategic):
    data = json.loads(get_format("json").render(nearly_all_strategic))
    share = data["summary"]["items"]["share"]["strategic"]
    assert isinstance(share, float) and 0.999 < share < 1


def test_the_unread_languages_note_follows_the_same_rule():
    """The model's note on languages it does not read had a rule of its own: 995 Japanese items
    of 1 000 read "100%"."""
    from models.language import unread_note

    assert unread_note({"ja": 995}, 1000).startswith(">99% of items are in Japanese")
    assert unread_note({"ja": 3}, 1000).startswith("<1% of items are in Japanese")
    assert unread_note({"ja": 1000}, 1000).startswith("100% of items are in Japanese")
    assert unread_note({"ja": 11}, 100).startswith("11% of items are in Japanese")
