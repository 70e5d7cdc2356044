"""research.board_prior_em: the ways of reading the EM's probabilities, and the fitted share."""

from __future__ import annotations

import numpy as np
import pytest

from models.rules import NO_EVIDENCE_STRATEGIC_CAP, board_prior
from research import board_prior_em as em


def _board(n: int = 400, seed: int = 0) -> tuple[np.ndarray, ...]:
    rng = np.random.default_rng(seed)
    raw = rng.beta(0.6, 1.2, n)
    cap = np.where(rng.random(n) < 0.4, NO_EVIDENCE_STRATEGIC_CAP, 1.0)
    checked = np.minimum(raw, cap)
    story = (cap < 1.0) & (rng.random(n) < 0.5)
    return checked, raw, cap, story


def test_the_two_readings_are_the_scans_estimate_before_and_since_session_9():
    checked, raw, cap, story = _board()
    before = em.share_function("rules-before-shift", 0.4, checked, raw, cap, story)
    assert em.em_share(before, len(raw), 0.4) == pytest.approx(board_prior(checked, 0.4), abs=1e-5)
    now = em.share_function("rules-after-shift", 0.4, checked, raw, cap, story)
    shipped = board_prior(raw, 0.4, caps=cap)
    assert em.em_share(now, len(raw), 0.4) == pytest.approx(shipped, abs=1e-5)


def test_items_the_rules_hold_counted_as_delivery_lower_the_share():
    checked, raw, cap, story = _board()
    shares = {
        v: em.em_share(em.share_function(v, 0.4, checked, raw, cap, story), len(raw), 0.4)
        for v in em.VARIANTS
    }
    assert shares["thin-delivery"] < shares["stories-delivery"] < shares["rules-before-shift"]


def test_rules_after_the_shift_without_a_cap_are_the_plain_em():
    _, raw, _, story = _board()
    free = np.ones(len(raw))
    after = em.share_function("rules-after-shift", 0.4, raw, raw, free, story)
    assert em.em_share(after, len(raw), 0.4) == pytest.approx(board_prior(raw, 0.4), abs=1e-5)


def test_an_unknown_variant_is_refused():
    checked, raw, cap, story = _board(10)
    with pytest.raises(ValueError, match="unknown variant"):
        em.share_function("nope", 0.4, checked, raw, cap, story)


def test_the_fitted_share_finds_the_share_the_labels_were_drawn_at():
    rng = np.random.default_rng(3)
    groups = []
    for share in (0.1, 0.3):
        p = rng.beta(0.7, 0.9, 20_000)  # made under a 40 % prior
        truth = rng.random(len(p)) < em.shifted(p, 0.4, share)
        groups.append((p, truth))
    shares, slope = em.fitted_shares(groups, 0.4)
    assert shares[0] == pytest.approx(0.1, abs=0.02)
    assert shares[1] == pytest.approx(0.3, abs=0.03)
    assert slope == pytest.approx(1.0, abs=0.1)


def test_no_real_data_says_so_and_exits_0(tmp_path, capsys):
    assert em.main(["--data", str(tmp_path / "none")]) == 0
    assert "no real data here" in capsys.readouterr().out


def test_the_direction_holds_count_only_when_given():
    checked, raw, cap, story = _board()
    plain = em.share_function("direction-after-shift", 0.4, checked, raw, cap, story)
    after = em.share_function("rules-after-shift", 0.4, checked, raw, cap, story)
    assert em.em_share(plain, len(raw), 0.4) == pytest.approx(em.em_share(after, len(raw), 0.4))
    held = np.where(np.arange(len(raw)) % 3 == 0, 0.15, cap)
    lower = em.share_function("direction-after-shift", 0.4, checked, raw, cap, story, held)
    assert em.em_share(lower, len(raw), 0.4) < em.em_share(after, len(raw), 0.4)


def test_the_arrays_of_a_board_give_the_scans_own_prior():
    """``rules-after-shift`` on :func:`board_arrays` with the direction floor is the model's own
    ``estimate_prior`` (a board of our own: titles naming direction work, list-only cards, a
    held title, delivery items) — the arrays follow the shipped EM's holds and word weights."""
    from models.classifier import load_model
    from models.interface import STRATEGIC, ItemDoc

    model = load_model()
    own = model.model_prior[STRATEGIC]
    docs = [
        ItemDoc(title="Competitor analysis for the pricing page", column="Research"),
        ItemDoc(title="Market sizing for the tutoring app", description="Who pays, and how much"),
        ItemDoc(title="Talk to five shop owners", column="Ideas"),
        ItemDoc(title="Roadmap for next year", type="Epic"),
        *(ItemDoc(title=f"Fix the login crash on screen {n}", type="Bug") for n in range(40)),
        *(
            ItemDoc(title=f"Add the export button {n}", column="Done", type="Story")
            for n in range(20)
        ),
    ]
    checked, raw, cap, story, held, rows = em.board_arrays(model, docs)
    assert len(raw) == len(rows) == len(docs)
    share = em.em_share(
        em.share_function("rules-after-shift", own, checked, raw, cap, story, held), len(raw), own
    )
    shipped = model.estimate_prior(docs)
    assert max(share, em.floor_of(docs, shipped)) == pytest.approx(shipped[STRATEGIC], abs=1e-5)


def test_the_sweep_passes_on_what_follows_the_double_dash(tmp_path, monkeypatch):
    from models.classifier import LinearRoleModel
    from research import real_dev_sweep

    monkeypatch.setattr(LinearRoleModel, "estimate_prior", LinearRoleModel.estimate_prior)
    seen: list[list[str]] = []
    monkeypatch.setattr(real_dev_sweep, "main", lambda argv: seen.append(argv) or 0)
    argv = ["--data", str(tmp_path), "--sweep", "thin-delivery", "--seeds", "12"]
    assert em.main([*argv, "--", "--all-fresh", "--keep", "K"]) == 0
    assert seen == [["--seeds", "12", "--all-fresh", "--keep", "K"]]
