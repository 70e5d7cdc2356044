"""Session 26, a new user's first hour: what the README's own samples showed.

The bundled Jira sample (docs/scan.md: "Try the other samples too") read "✓ Drift … the board's
strategic share moved from 13% to 0% recently, 13 points: less than the 15-point move called
drift": a tick on a board whose strategic work fell to none, while the same fall from 2% (a
smaller move) read no tick and the grey "moved" chip. A share that fell to none, started from
none, or at least doubled or halved is told as that move at any size under the drift minimum.

A corrections file naming an item not on the board said "use the item's key (PROJ-12) or id":
on a Trello board, whose keys are the cards' short links, the example named no key it has.
The HTML verdict's mark without a tick told a screen reader "not judged", also on such judged
lines (next to no strategic work, a share that fell to none).

Under "Not enough data for a verdict" the one line left read "✓ How sure  None of the 48 items
is uncertain; no activity." (freshdata4 wineapp, freshdata3 invotra, freshdata8 textav, the two
kanalyzer exports): a tick on a board the tool just said it cannot judge.
"""

from __future__ import annotations

from datetime import datetime

import pytest
from ownership_boards import Builder, KeywordModel, roles_for

from analyzer.corrections import read_corrections
from analyzer.drift import STEADY, board_drift
from analyzer.errors import OptionError
from analyzer.formats import get_format
from analyzer.pipeline import scan_board
from analyzer.roles import Roles
from analyzer.verdict import NO_VERDICT
from connectors.exports import read_export
from connectors.interface import ActivityKind
from tests.test_corrections import SAMPLE, TRELLO
from tests.test_verdict import _board_windows, _tiny


@pytest.mark.parametrize(
    ("counts", "said"),
    [
        (((2, 14), (2, 14), (0, 20), (0, 20)), "the board has had no strategic work recently: "
         "strategic share 12% before, 0% recently (under the 15-point move called drift)"),
        (((0, 20), (0, 20), (2, 14), (2, 14)), "the board had no strategic work before and some "
         "recently: strategic share 0% before, 12% recently (under the 15-point move"),
        (((2, 18), (2, 18), (4, 16), (4, 16)), "the board's strategic share at least doubled: "
         "strategic share 10% before, 20% recently"),
    ],
)  # fmt: skip
def test_a_share_from_or_to_none_moved_over_five_points_is_told_as_that_move(counts, said):
    moved = board_drift(_board_windows(*counts), Roles())
    assert moved.status == STEADY and moved.moved_for_its_size  # the status stays: no drift
    assert moved.message.startswith(said), moved.message  # was "moved from 12% to 0% …"


def test_a_move_under_the_minimum_that_kept_half_its_share_keeps_its_words():
    moved = board_drift(_board_windows((8, 12), (8, 12), (6, 14), (6, 14)), Roles())
    assert moved.status == STEADY and not moved.moved_for_its_size
    assert "moved from 40% to 30% recently, 10 points: less than" in moved.message


def _stopped_after_much() -> Builder:
    """A PO's board whose one strategic item was touched five times a month in the first two
    months only (12-13% of the activity, then none)."""
    b = Builder("jira")
    who = b.person("p0", "Person 0")
    b.item("S0", "strategic", title="Roadmap and vision for next year")
    for n in range(9):
        b.item(f"T{n}", "tactical", title=f"Fix bug {n}", status="To Do")
    for month in range(4):
        for n in range(5 if month < 2 else 0):
            b.act("S0", who, ActivityKind.COMMENTED, datetime(2024, month + 1, 2 + n, 9))
        for n in range(35):
            when = datetime(2024, month + 1, 1 + n % 28, 10)
            b.act(f"T{n % 9}", who, ActivityKind.COMMENTED, when)
    return b


def test_the_verdict_gives_no_tick_to_a_share_fallen_to_none_by_more_than_five_points():
    board = _stopped_after_much().board
    report = scan_board(
        board, KeywordModel(), roles=roles_for(board, '[people]\n"Person 0" = "po"\n')
    )
    assert report.board_drift is not None and report.board_drift.status == STEADY
    (line,) = [x for x in report.verdict.lines if x.topic == "Drift"]
    assert line.ok is None, line  # was True: "✓ … moved from 12% to 0% recently, 12 points"
    assert "the board has had no strategic work recently: strategic share 12% before, 0% " in (
        line.text
    ), line.text
    html = get_format("html").render(report)
    assert '<span class="chip idle">moved</span> the board has had no strategic work' in html
    # a screen reader heard "not judged" for a line that judged the board: what the mark says
    drift = html.split('<li class="v-none">')[-1].split("</li>")[0]
    assert "<b>Drift</b>" in drift and 'aria-label="neither fine nor flagged"' in drift, drift


@pytest.mark.parametrize("export", [TRELLO, SAMPLE])
def test_an_unknown_corrected_item_names_one_of_the_boards_own_keys(tmp_path, export):
    fixes = tmp_path / "fixes.csv"
    fixes.write_text("item,label\nNOPE-1,strategic\n", encoding="utf-8")
    items = read_export(export).items
    with pytest.raises(OptionError) as raised:
        read_corrections(fixes).resolve(items)
    message = str(raised.value)
    assert "no item 'NOPE-1' on this board" in message and "PROJ-12" not in message, message
    assert f"(such as {items[0].key!r})" in message, message  # a key the board has


@pytest.mark.parametrize(("n_items", "n_acts"), [(10, 0), (2, 20)])
def test_no_verdict_gives_how_sure_no_tick(n_items, n_acts):
    report = scan_board(_tiny(n_items, n_acts).board, KeywordModel(), window="month")
    assert report.verdict.status == NO_VERDICT
    (line,) = [x for x in report.verdict.lines if x.topic == "How sure"]
    assert line.ok is None, line  # was True: "✓ How sure … no activity"
    table = get_format("table", width=100).render(report)
    assert "✓" not in table.split("Balance")[0], table[:400]


def test_no_verdict_keeps_the_warning_of_many_uncertain_items():
    b = _tiny(3, 20)
    for item in b.board.items:
        item.title, item.description = "misc thing", ""  # no keyword: uncertain
    report = scan_board(b.board, KeywordModel(), window="month")
    (line,) = [x for x in report.verdict.lines if x.topic == "How sure"]
    assert report.verdict.status == NO_VERDICT and line.ok is False, line
