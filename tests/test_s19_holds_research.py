"""research/s19_holds.py: the holds' ledger — each hold's lift, the accounting of items held by
one hold or by either of two, on boards and reads of our own (tests never read the real data)."""

from __future__ import annotations

import importlib
from pathlib import Path

import numpy as np
import pytest
from ownership_boards import done_cards

import models._rules_applied as rules_applied
import models.classifier as classifier
import models.rules as rules
from models.interface import STRATEGIC, ItemDoc

TITLES = [
    "Product vision and strategy for the 2025 roadmap",
    "Customer interviews about pricing",
    "Fix the crash in the exporter",
    "Announcement of the new release on the blog",
    "Sales dashboard for the product team",
] + [f"Fix the login bug number {n}" for n in range(15)]
DEV = {f"c{n}": "strategic" for n in range(5)} | {f"c{n}": "tactical" for n in range(5, 9)}


@pytest.fixture
def holds():
    return importlib.import_module("research.s19_holds")


def _read(holds, truth: dict[str, str], freed_by: dict[tuple[str, ...], set[str]], half="dev"):
    """A board read by hand: every item tactical as shipped; ``freed_by[config]`` strategic with
    that lift; a config not given frees nothing."""
    labels = {}
    for config in holds.configs():
        ids = freed_by.get(config, set())
        labels[config] = {i: STRATEGIC if i in ids else "tactical" for i in truth}
    return holds.BoardRead("m1", half, "f.json", truth, labels)


def _shipped_state():
    return (
        rules.MIN_STRATEGIC_EVIDENCE,
        rules.LIST_ONLY_RULE,
        rules.MIN_DIRECTION_PUSH,
        rules.MIN_DIRECTION_SHARE,
        rules.MIN_TITLE_EVIDENCE,
        rules.MIN_DESCRIPTION_DIRECTION,
        rules.TITLE_HOLDS,
        rules._mixed,
        rules.delivery_labelled,
        rules_applied.direction_held,
        rules_applied.title_direction_rows,
        classifier.LinearRoleModel.estimate_prior,
    )


def test_configs_read_each_hold_alone_all_together_and_all_but_one(holds):
    configs = holds.configs()
    assert configs[0] == ()
    assert all((h.name,) in configs for h in holds.HOLDS)
    assert holds.TOP in configs
    for name in holds.TOP:
        assert tuple(n for n in holds.TOP if n != name) in configs
    assert len(set(configs)) == len(configs)
    # every title hold of the table is a part of the direction rule
    parts = {h.name for h in holds.HOLDS if h.group == holds.DIRECTION}
    assert {f"title hold: {h.name}" for h in rules.TITLE_HOLDS} <= parts


def test_every_lift_is_undone_when_its_context_ends(holds):
    before = _shipped_state()
    with holds.lifted([h.name for h in holds.HOLDS]):
        assert _shipped_state() != before
        assert rules.TITLE_HOLDS == ()
    assert _shipped_state() == before


def test_an_unknown_hold_is_one_line(holds):
    with pytest.raises(SystemExit, match="unknown hold 'nope'"):
        holds.hold("nope")


def test_direction_parts_lift_what_they_name(holds):
    docs = [ItemDoc(title="Fix it", column="Done"), ItemDoc(title="Fix that", column="Done")]
    proba = np.array([[0.1, 0.9], [0.1, 0.9]])
    direction = np.array([0.03, 0.2])  # under the push floor; a word in passing (of 10)
    total = np.array([0.1, 10.0])
    assert rules.direction_held(proba, 1, direction, docs, None, total).tolist() == [0, 1]
    with holds.lifted(["push floor"]):
        assert rules.direction_held(proba, 1, direction, docs, None, total).tolist() == [1]
    with holds.lifted(["direction word in passing"]):
        assert rules.direction_held(proba, 1, direction, docs, None, total).tolist() == [0]
    with holds.lifted([holds.DIRECTION]):
        assert not len(rules_applied.direction_held(proba, 1, direction, docs, None, total))


def test_mixed_list_and_delivery_label_lifts_read_the_place_again(holds):
    assert not rules._place_named("Backlog / Ideas", (), True)  # a mixed list: no evidence
    assert not rules._place_named("Ideas", ("bug",), True)  # a card labelled as a bug
    with holds.lifted(["mixed list"]):
        assert rules._place_named("Backlog / Ideas", (), True)
        assert not rules._place_named("Ideas", ("bug",), True)
    with holds.lifted(["delivery label"]):
        assert rules._place_named("Ideas", ("bug",), True)
    assert not rules._place_named("Backlog / Ideas", (), True)  # remembered answers forgotten
    assert not rules._place_named("Ideas", ("bug",), True)


def test_a_title_hold_lift_takes_that_row_out_of_the_table_alone(holds):
    shipped = rules.TITLE_HOLDS
    with holds.lifted([f"title hold: {shipped[0].name}"]):
        assert [h.name for h in rules.TITLE_HOLDS] == [h.name for h in shipped[1:]]
    assert rules.TITLE_HOLDS is shipped


def test_the_title_rule_lift_keeps_its_rows_strategic_below_the_surest(holds):
    docs = [ItemDoc(title="Fix the form", description="a long text", column="Done")]
    rows = np.array([0])
    shipped = rules.title_direction_rows(rows, np.array([0.0]), np.array([0.0]), docs, np.zeros(1))
    assert shipped[0].tolist() == [0]
    with holds.lifted([holds.TITLE]):
        hold, described = rules_applied.title_direction_rows(
            rows, np.array([0.0]), np.array([0.0]), docs, np.zeros(1)
        )
    assert hold.tolist() == [] and described.tolist() == [0]


def test_a_fixed_prior_is_read_once_and_drops_its_weights_without_damping(holds, model):
    docs = [ItemDoc(title=t, column="Done") for t in TITLES]
    with holds.fixed_prior(model):
        first = model.estimate_prior(docs)
        assert model.estimate_prior(docs[:3]) is first  # the board's first reading, kept
        with holds.lifted(["common-word damping"]):
            undamped = model.estimate_prior(docs)
        assert undamped.weights is None and dict(undamped) == dict(first)
        assert model.estimate_prior(docs) is first
    assert classifier.LinearRoleModel.estimate_prior is holds._SHIPPED_ESTIMATE


def test_read_board_scans_under_every_lift_and_notes_the_held_items(holds, model):
    before = _shipped_state()
    read = holds.read_board(
        model, "bundled", "dev", "b.json", Path("b.json"), done_cards(TITLES), DEV
    )
    assert set(read.labels) == set(holds.configs())
    assert all(set(labels) == set(DEV) for labels in read.labels.values())
    assert read.held  # the announcement and the dashboard: held as naming no direction work
    for i in read.held:
        assert read.labels[()][i] != STRATEGIC
    # only the direction rule's lift reads a held item otherwise
    moved = {c for c, labels in read.labels.items() if labels != read.labels[()]}
    assert moved and all(holds.DIRECTION in c for c in moved)
    assert _shipped_state() == before


def test_ledger_counts_a_hold_alone_and_either_of_two(holds):
    truth = {"a": "strategic", "b": "tactical", "c": "strategic", "d": "tactical"}
    top = holds.TOP
    thin, direction = "thin evidence", holds.DIRECTION
    all_but = {name: tuple(n for n in top if n != name) for name in top}
    freed_by = {
        (thin,): {"a"},  # a: held by thin evidence alone
        top: {"a", "b", "c"},  # b: held by either thin or direction; c: only all together
        (direction,): set(),
    }
    for name in top:  # all but one lifted: a is held only by thin, b by thin or direction
        freed_by[all_but[name]] = {"a", "b", "c"}
    freed_by[all_but[thin]] -= {"a", "b"}
    freed_by[all_but[direction]] -= {"b"}
    read = _read(holds, truth, freed_by)
    assert holds.either(read) == {"b": (thin, direction), "c": ()}
    led = holds.ledger([read, _read(holds, truth, freed_by, half="fresh-dev")])
    assert (sum(led[thin].found.values()), sum(led[thin].false.values())) == (2, 0)
    either = led[f"either: {thin} + {direction}"]
    assert (sum(either.found.values()), sum(either.false.values())) == (0, 2)
    assert sum(led["only all lifted together"].found.values()) == 2
    assert sum(led["all top-level"].found.values()) == 4
    assert led[thin].line(thin).startswith(f"{thin}: finds 2, false calls 0 (2 items, 2 files)")
    assert "    fresh-dev: 1/0" in led[thin].line(thin)


def test_a_rule_part_and_the_rules_remainder(holds):
    truth = {"a": "strategic", "b": "tactical"}
    read = _read(holds, truth, {(holds.DIRECTION,): {"a", "b"}, ("mixed list",): {"b"}})
    led = holds.ledger([read])
    assert sum(led["mixed list"].false.values()) == 1
    rest = led[f"{holds.DIRECTION}: core or two parts"]
    assert (sum(rest.found.values()), sum(rest.false.values())) == (1, 0)


def test_lost_calls_are_counted_right_and_wrong(holds):
    truth = {"a": "strategic", "b": "tactical"}
    read = _read(holds, truth, {})
    for labels in read.labels.values():
        labels.update(a=STRATEGIC, b=STRATEGIC)
    read.labels[("common-word damping",)] = {"a": "uncertain", "b": "tactical"}
    tally = holds.ledger([read])["common-word damping"]
    assert (sum(tally.lost_right.values()), sum(tally.lost_wrong.values())) == (1, 1)
    assert "strategic calls lost 1 right, 1 wrong" in tally.line("damping")


def test_held_misses_sort_held_items_by_their_label_with_every_hold_lifted(holds):
    truth = {"a": "strategic", "b": "strategic", "c": "tactical"}
    read = _read(holds, truth, {holds.TOP: {"a"}})
    read.labels[holds.TOP]["b"] = "uncertain"
    read.held = {"a", "b", "c"}
    assert holds.held_misses([read]) == {STRATEGIC: 1, "uncertain": 1}


def test_main_without_data_measures_nothing(holds, monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(holds.halves, "HALVES", (("dev", tmp_path / "none", tmp_path / "l.csv"),))
    assert holds.main([]) == 0
    assert "nothing to measure" in capsys.readouterr().out


def test_main_prints_the_ledger_of_the_boards_it_reads(holds, model, monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(holds.halves, "HALVES", (("dev", tmp_path, tmp_path / "l.csv"),))
    monkeypatch.setattr(holds.halves, "load", lambda path: model)
    boards = [("dev", "b.json", Path("b.json"), done_cards(TITLES), DEV)]
    monkeypatch.setattr(holds.s19_shares, "dev_boards", lambda only: iter(boards))
    assert holds.main(["--items"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("1 model(s), 1 files")
    assert "true-strategic misses whose reason says held: " in out
    assert "\nthin evidence: finds 0, false calls 0 (0 items, 0 files)" in out


def test_a_variant_lifts_the_hold_for_the_sweep_and_puts_it_back(holds, monkeypatch):
    from research import real_dev_sweep

    seen = []
    monkeypatch.setattr(
        real_dev_sweep, "main", lambda rest: seen.append((rest, rules.LIST_ONLY_RULE)) or 0
    )
    assert holds.main(["--variant", "list only", "--", "--seeds", "12"]) == 0
    assert seen == [(["--seeds", "12"], 0)]
    assert rules.LIST_ONLY_RULE == 1


def test_a_variant_goes_to_the_shares_script_when_asked(holds, monkeypatch):
    seen = []
    monkeypatch.setattr(
        holds.s19_shares, "main", lambda rest: seen.append((rest, rules.MIN_DIRECTION_PUSH)) or 0
    )
    assert holds.main(["--variant", "push floor", "--to", "shares", "--", "--models", "d"]) == 0
    assert seen == [(["--models", "d"], 0.0)]
    assert rules.MIN_DIRECTION_PUSH == 0.05
