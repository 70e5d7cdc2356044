"""research.corrections_prior_sim: the board priors it compares, and no data → nothing measured."""

from __future__ import annotations

import numpy as np
import pytest

from models.rules import board_prior
from research import corrections_prior_sim as sim


def test_without_observed_items_it_is_the_shipped_estimate():
    p = np.array([0.02, 0.1, 0.9, 0.3, 0.05] * 40)
    none = np.full(len(p), -1.0)
    assert sim.em_observed(p, none, 0.4) == pytest.approx(board_prior(p, 0.4), abs=1e-5)


def test_observed_labels_pull_the_share_and_weigh_as_asked():
    p = np.full(200, 0.05)
    obs = np.full(200, -1.0)
    obs[:5] = 1.0  # five items the team says are strategic
    plain = sim.em_observed(p, np.full(200, -1.0), 0.4)
    once = sim.em_observed(p, obs, 0.4)
    heavy = sim.em_observed(p, obs, 0.4, weight=20.0)
    assert plain < once < heavy


def test_shift_fit_stays_at_em_when_held_and_follows_the_labels_when_free():
    p_obs, y_obs = np.array([0.1, 0.2, 0.15]), np.array([1.0, 1.0, 1.0])
    held = sim.shift_fit(p_obs, y_obs, 0.05, 0.4, tau=1e-3)
    free = sim.shift_fit(p_obs, y_obs, 0.05, 0.4, tau=3.0)
    assert held == pytest.approx(0.05, abs=1e-3)
    assert free > 0.2


def test_no_real_data_says_so_and_exits_0(tmp_path, capsys):
    assert sim.main(["--data", str(tmp_path / "none")]) == 0
    assert "no real data here" in capsys.readouterr().out
