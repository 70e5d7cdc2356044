"""research/s19_shares.py: the share a report shows per file, the causes of a file's misses and the
levers it installs, on boards of our own (tests never read the real data)."""

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
] + [f"Fix the login bug number {n}" for n in range(16)]
DEV = {"c0": "strategic", "c1": "strategic", "c2": "strategic", "c3": "strategic"}
DEV |= {f"c{n}": "tactical" for n in range(4, 10)}  # c10 … c19: the other half, never kept


@pytest.fixture
def lever():
    module = importlib.import_module("research.s19_shares")
    yield module
    module.reset()


def _row(lever, true: str, label: str, lean: str, confidence: float, reason: str = ""):
    return lever.Row(f"i{true}{label}{confidence}", true, label, lean, confidence, reason)


def test_the_shown_share_counts_uncertain_items_as_the_report_does_or_as_asked(lever):
    fs = lever.FileShare("dev", "f.json", 40, 0.1, 0.0, 0.1)
    fs.rows = [
        _row(lever, "strategic", "strategic", "strategic", 0.9),
        _row(lever, "strategic", "uncertain", "strategic", 0.55),
        _row(lever, "strategic", "uncertain", "tactical", 0.55),
        _row(lever, "tactical", "tactical", "tactical", 0.9),
    ]
    assert fs.true == pytest.approx(0.75)
    assert fs.shown() == pytest.approx(0.25)  # uncertain: in the denominator only
    assert fs.gap() == pytest.approx(-50.0)
    assert fs.shown("lean") == pytest.approx(0.5)  # the one leaning strategic counts
    assert fs.shown("half") == pytest.approx(0.5)  # two uncertain items, half each
    assert [r.label for r in fs.missed()] == ["uncertain", "uncertain"]
    assert fs.called() == (1, 1)
    assert fs.rows[2].p == pytest.approx(0.45)  # leaning tactical at 0.55


def test_held_reads_the_three_hold_heads_and_nothing_else(lever):
    for head in (rules.HELD_REASON, rules.TITLE_HELD_REASON, rules.THIN_REASON):
        assert lever.held(f"tactical 0.98: {head}'fix'")
        assert lever.held(f"uncertain, leaning tactical 0.55: {head}'fix'")
    assert not lever.held("tactical 0.98: in list/column 'Done', 'fix'")


def test_scan_file_keeps_the_dev_items_and_hears_the_em(lever, model):
    fs = lever.scan_file(model, "dev", "b.json", Path("b.json"), done_cards(TITLES), DEV)
    assert sorted(r.id for r in fs.rows) == sorted(DEV)
    assert fs.board == len(TITLES)
    assert fs.em is not None and fs.prior == pytest.approx(fs.em)  # no floor on 20 items
    assert fs.floor == 0.0
    assert rules_applied.board_prior is rules.board_prior  # the spy is taken out again


def test_causes_tell_held_from_model_items(lever, model):
    fs = lever.scan_file(model, "dev", "b.json", Path("b.json"), done_cards(TITLES), DEV)
    why = lever.causes(model, fs, Path("b.json"), done_cards(TITLES), DEV)
    assert set(why) == {r.id for r in fs.missed()}
    assert why["c2"] == "model"  # a bug fix: tactical at any share
    assert why["c3"] == "held"  # an announcement: held as naming no direction work
    assert classifier.LinearRoleModel.estimate_prior is lever._SHIPPED_ESTIMATE


def test_at_reads_a_small_board_at_the_given_share_and_reset_undoes_it(lever, model):
    docs = [ItemDoc(title=t, column="Done") for t in TITLES]
    shipped = model.estimate_prior(docs)[STRATEGIC]
    lever.install("at=0.3")
    assert model.estimate_prior(docs)[STRATEGIC] == pytest.approx(0.3)
    lever.reset()
    lever.install("at=model@21")  # 20 items: below the size asked
    assert model.estimate_prior(docs)[STRATEGIC] == pytest.approx(model.model_prior[STRATEGIC])
    lever.reset()
    lever.install("at=model@20")  # not below it: the board's own EM
    assert model.estimate_prior(docs)[STRATEGIC] == pytest.approx(shipped)
    lever.reset()
    assert model.estimate_prior(docs)[STRATEGIC] == pytest.approx(shipped)


def test_constant_variants_are_restored_by_reset(lever):
    lever.install("strength=0")
    lever.install("center=0.2")
    lever.install("words-min=10")
    assert (rules.BOARD_PRIOR_STRENGTH, rules.BOARD_PRIOR_CENTER) == (0.0, 0.2)
    assert rules.BOARD_WORDS_MIN_ITEMS == 10
    lever.reset()
    assert (rules.BOARD_PRIOR_STRENGTH, rules.BOARD_PRIOR_CENTER) == (5.0, 0.10)
    assert rules.BOARD_WORDS_MIN_ITEMS == 50


def test_nohold_leaves_held_rows_as_read_on_boards_read_high_enough(lever, model):
    docs = [ItemDoc(title=t, column="Done") for t in TITLES]
    held = model.predict(docs, prior={STRATEGIC: 0.4, "tactical": 0.6})[3]
    assert held.scores[STRATEGIC] == pytest.approx(rules.NO_DIRECTION_STRATEGIC_CAP)
    lever.install("nohold=0.5")  # a board read at 40 %: held still
    again = model.predict(docs, prior={STRATEGIC: 0.4, "tactical": 0.6})[3]
    assert again.scores[STRATEGIC] == pytest.approx(held.scores[STRATEGIC])
    lever.reset()
    lever.install("nohold=0.3")
    lifted = model.predict(docs, prior={STRATEGIC: 0.4, "tactical": 0.6})[3]
    assert lifted.scores[STRATEGIC] > held.scores[STRATEGIC]
    lever.reset()
    assert rules_applied.held_at_cap is rules.held_at_cap


def test_em_variants_change_what_the_scan_reads_a_board_at(lever, model, monkeypatch):
    docs = [ItemDoc(title=t, column="Done") for t in TITLES]
    shipped = model.estimate_prior(docs)[STRATEGIC]
    heard = []

    def em(p, model_prior, center=None, strength=None, iterations=100, caps=None):
        heard.append(caps)
        return rules.board_prior(p, model_prior, center, strength, iterations, caps)

    monkeypatch.setattr(lever, "_SHIPPED_BOARD_PRIOR", em)
    lever.install("nocaps=21")  # the EM without the evidence holds' caps
    assert model.estimate_prior(docs)[STRATEGIC] > 0.0
    assert heard == [None]
    assert rules_applied.board_prior is rules.board_prior  # only inside the estimate
    lever.reset()  # (reset installs the module's EM, here the recording one)
    lever.install("nocaps=20")  # not below the size asked: the shipped EM, caps and all
    model.estimate_prior(docs)
    assert len(heard) == 2 and heard[1] is not None
    lever.reset()
    lever.install("small-center=21")  # centred on the training prior: a higher share
    assert model.estimate_prior(docs)[STRATEGIC] > shipped
    assert rules.BOARD_PRIOR_CENTER == 0.10
    lever.reset()
    lever.install("small=1@21")  # a fifth of the cards placed in a Roadmap list
    roadmap = [ItemDoc(title=t, column="Roadmap" if n % 5 == 0 else "Done") for n, t in
               enumerate(TITLES)]  # fmt: skip
    assert model.estimate_prior(roadmap)[STRATEGIC] >= 0.2 - 1e-9
    lever.reset()


def test_totals_sum_the_files_of_every_half(lever):
    fs = lever.FileShare("dev", "f.json", 40, 0.1, 0.0, 0.1)
    fs.rows = [
        _row(lever, "strategic", "strategic", "strategic", 0.9),
        _row(lever, "tactical", "strategic", "strategic", 0.9),
    ]
    other = lever.FileShare("fresh-dev", "g.json", 40, 0.1, 0.0, 0.1)
    other.rows = [_row(lever, "tactical", "tactical", "tactical", 0.9)]
    within, files, mean, found, false = lever._totals({"dev": [fs], "fresh-dev": [other]}, "report")
    assert (within, files, found, false) == (1, 2, 1, 1)  # f.json is 50 points over
    assert mean == pytest.approx(25.0)
    assert np.isfinite(mean)


def test_unknown_variant_is_a_one_line_error(lever):
    with pytest.raises(SystemExit, match="unknown variant 'ceiling'"):
        lever.install("ceiling=0.5")


def test_without_the_exports_it_says_so_and_exits_0(lever, monkeypatch, capsys, tmp_path):
    monkeypatch.setattr(lever.halves, "HALVES", (("dev", tmp_path / "none", tmp_path / "x.csv"),))
    assert lever.main([]) == 0
    assert "nothing to measure" in capsys.readouterr().out
