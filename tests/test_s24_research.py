"""research.s24_surest and research.s24_cues (session 24, issue 12): the surest-list levers and
the hierarchy, activity and description cues measured on the dev halves. Tests use items of our
own, never the real exports."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from connectors.interface import Activity, ActivityKind, Item
from research import s24_cues, s24_surest
from research.halves import HALVES


def test_the_scripts_read_dev_halves_only():
    assert all(half.endswith("dev") for half, _, _ in HALVES)
    assert s24_surest.HALVES is HALVES  # every dev half, real and fresh


@pytest.mark.parametrize(
    ("text", "shape"),
    [
        ("Problem: shop owners cannot compare suppliers. Goal: a shortlist by May.", (True, False)),
        ("Objetivo: entender por qué los clientes cancelan.", (True, False)),
        ("Hintergrund und Ziele der Umfrage", (True, False)),
        ("Acceptance criteria:\n- the button is blue", (False, True)),
        ("Criterios de aceptación: el formulario guarda", (False, True)),
        ("Given a signed-in user\nwhen she saves\nthen the list shows it", (False, True)),
        ("As a store manager I want to export the orders", (False, True)),
        ("Steps to reproduce: open the page. Expected result: no error", (False, True)),
        ("Goal: fewer refunds.\nAcceptance criteria: the refund form validates", (True, True)),
        ("Bump the library to 2.3", (False, False)),
        (None, (False, False)),
    ],
)
def test_description_shape(text, shape):
    assert s24_cues.description_shape(text) == shape


def _item(id_, key=None, parent=None, type_=None, level=None, description=""):
    return Item(
        source="jira",
        id=id_,
        key=key,
        title=f"item {id_}",
        parent=parent,
        type=type_,
        hierarchy_level=level,
        description=description,
        created=datetime(2026, 1, 1, tzinfo=UTC),
        updated=datetime(2026, 4, 1, tzinfo=UTC),
    )


def test_item_cues_read_the_hierarchy_by_key_or_id_and_the_activity():
    items = [
        _item("1", "P-1", type_="Epic", level=1),
        _item("2", "P-2", parent="P-1", type_="Story", level=0, description="Goal: know why"),
        _item("3", "P-3", parent="1", type_="Story", level=0),
        _item("4", "P-4", parent="P-9", type_="Task", level=0),  # its parent is not on the board
    ]
    when = datetime(2026, 2, 1, tzinfo=UTC)
    activities = [
        Activity("2", "ann", ActivityKind.COMMENTED, when),
        Activity("2", "bob", ActivityKind.COMMENTED, when),
        Activity("2", "ann", ActivityKind.MOVED, when),
        Activity("3", None, ActivityKind.ACCEPTED, when),
    ]
    read = {"1": "strategic", "2": "strategic", "3": "tactical", "4": "tactical"}
    cues = s24_cues.item_cues(items, activities, read)
    assert (cues["1"]["children"], cues["1"]["children_strategic"]) == (2, 1)
    assert cues["2"]["parent_strategic"] and cues["3"]["parent_strategic"]
    assert not cues["4"]["parent_strategic"] and cues["4"]["children"] == 0
    assert (cues["2"]["comments"], cues["2"]["transitions"], cues["2"]["actors"]) == (2, 1, 2)
    assert (cues["3"]["comments"], cues["3"]["transitions"], cues["3"]["actors"]) == (0, 1, 0)
    assert cues["2"]["problem"] and not cues["2"]["criteria"] and cues["2"]["described"]
    assert cues["1"]["days"] == 90
    assert s24_cues.typed(cues["2"]) and not s24_cues.typed(cues["1"])


def _row(half, true, label, **readings):
    return {"half": half, "true": true, "label": label, "children_strategic": 0, **readings}


def test_a_lever_flips_only_cue_items_not_read_strategic_whose_reading_reaches_the_floor():
    rows = [
        _row("dev", "strategic", "tactical", aside=0.5, children_strategic=1),  # +2: 0.88
        _row("dev", "tactical", "tactical", aside=0.1, children_strategic=1),  # +2: 0.45
        _row("dev", "tactical", "tactical", aside=0.9),  # not a cue item
        _row("dev", "strategic", "strategic"),
        _row("fresh-dev", "tactical", "tactical", aside=0.3, children_strategic=1),  # +2: 0.76
        _row("fresh-dev", "strategic", "strategic"),
    ]
    cue = s24_cues.CUES["a child read strategic"]
    base = s24_cues.score(rows, cue, "aside", 0, 0.7)
    assert (base["found"], base["false"]) == (0, 0)
    lever = s24_cues.score(rows, cue, "aside", 2, 0.7)
    assert (lever["found"], lever["false"]) == (1, 1)
    assert lever["real"] == 1.0 and base["real"] < 1.0
    assert lever["fresh"] < base["fresh"] == 1.0
    # a strategic item is never "flipped", whatever its reading
    assert not s24_cues.flipped(_row("dev", "tactical", "strategic", aside=0.9), "aside", 0, 0.7)
    assert not s24_cues.flipped(_row("dev", "tactical", "tactical"), "aside", 9, 0.7)


def _rec(id_, conf, true="strategic", column="Ideas", terms=("column:idea",), half="dev"):
    return {
        "file": "board.json",
        "id": id_,
        "half": half,
        "true": true if half == "dev" else None,
        "conf": conf,
        "terms": list(terms),
        "column": column,
        "activity": 0,
        "floor": 0.7,
        "keep": True,
        "title_says": False,
    }


def test_the_surest_pick_and_a_per_list_cap():
    records = [
        _rec("a", 0.99),
        _rec("b", 0.98, true="tactical"),
        _rec("c", 0.97),
        _rec("d", 0.96, column="Research", terms=("interviews",)),
        _rec("e", 0.95, half="other"),
        _rec("f", 0.6),  # below the board's floor
    ]
    shipped = s24_surest.pick(records, s24_surest.shipped, dev_only=True)["board.json"]
    assert [r["id"] for r in shipped] == ["a", "b", "c", "d"]
    report = s24_surest.pick(records, s24_surest.shipped, dev_only=False)["board.json"]
    assert [r["id"] for r in report] == ["a", "b", "c", "d", "e"]
    assert s24_surest.score(records, s24_surest.shipped, False) == (1, 5, 3, 4)
    two = s24_surest.TRIMS["at most 2 items named by one list's name alone"]
    trimmed = s24_surest.pick(records, s24_surest.shipped, False, two)["board.json"]
    # "d" is named by its own word, not its list: not counted against the list
    assert [r["id"] for r in trimmed] == ["a", "b", "d"]
    assert s24_surest.list_only(records[0]) and not s24_surest.list_only(records[3])


def test_a_levers_finds_and_false_calls_split_old_new_and_fresh13_and_sum_over_draws():
    rows = [
        _row("dev", "strategic", "tactical", aside=0.9),  # old find
        _row("fresh13-dev", "tactical", "tactical", aside=0.9),  # new, the shown half: false
        _row("fresh12-dev", "strategic", "tactical", aside=0.9),  # new find
        _row("fresh12-dev", "strategic", "strategic"),
    ]
    lever = s24_cues.score(rows, lambda r: True, "aside", 0, 0.7)
    assert (lever["old found"], lever["old false"]) == (1, 0)
    assert (lever["new found"], lever["new false"]) == (1, 1)
    assert (lever["shown found"], lever["shown false"]) == (0, 1)
    both = s24_cues.summed([rows, rows[:1]], lambda r: True, "aside", 0, 0.7)
    assert (both["found"], both["false"], both["old found"], both["new false"]) == (3, 1, 2, 1)
    one = s24_cues.score(rows[:1], lambda r: True, "aside", 0, 0.7)
    assert both["real"] == pytest.approx((lever["real"] + one["real"]) / 2)  # averaged
    line = s24_cues.lever_line("x", both)
    assert line.startswith("x | 3 | 1 | 2 / 0 | 1 / 1 | 0 / 1 | ")
