"""The board prior's EM applies the evidence rules' caps after each step's shift (session 9),
as a scan applies them after the board's prior: the share it settles on is the mean of the
probabilities the scan gives the board's items at that share."""

from __future__ import annotations

import numpy as np
import pytest

from models.interface import ItemDoc
from models.rules import BOARD_PRIOR_CENTER, BOARD_PRIOR_STRENGTH, board_prior


def test_caps_of_one_change_nothing():
    p = np.array([0.02, 0.1, 0.9, 0.3, 0.6] * 30)
    assert board_prior(p, 0.4, caps=np.ones(len(p))) == pytest.approx(board_prior(p, 0.4))


def test_a_held_item_counts_at_most_its_cap_at_every_step():
    # 30 items sure strategic by the model but held at 0.45 by a rule, 70 delivery items.
    raw = np.r_[np.full(30, 0.99), np.full(70, 0.02)]
    caps = np.r_[np.full(30, 0.45), np.ones(70)]
    share = board_prior(raw, 0.4, caps=caps)
    up, down = share / 0.4, (1 - share) / 0.6
    at_share = np.minimum(up * raw / (up * raw + down * (1 - raw)), caps)
    expected = (at_share.sum() + BOARD_PRIOR_STRENGTH * BOARD_PRIOR_CENTER) / (
        len(raw) + BOARD_PRIOR_STRENGTH
    )
    assert share == pytest.approx(expected, abs=1e-5)
    assert share < 0.45 * 30 / 100 + 0.02  # never more than the held items' caps allow
    # Held before the shift (session 8), each held item was read at 0.45 under the model's
    # 40 % and then shifted with the board: here it counted for almost nothing (a scan of this
    # board gives those items 0.45 each), elsewhere (a board read above 40 %) for more than 0.45.
    assert board_prior(np.minimum(raw, caps), 0.4) < share / 10


def test_a_boards_prior_is_the_mean_the_scan_gives_its_items(model):
    # Under 50 items (no common-word weights) and no descriptions (no title rule): user stories
    # worded like direction work (held by the story rule) and bugs.
    topics = ["pricing strategy", "market research", "roadmap", "competitor analysis"]
    docs = [
        ItemDoc(f"As a product manager I want a {topic} for region {n} so that we grow")
        for n in range(6)
        for topic in topics
    ]
    docs += [ItemDoc(f"Fix crash {n} on the settings screen", type="Bug") for n in range(16)]
    prior = model.estimate_prior(docs)
    assert prior.weights is None
    k = model.labels.index("strategic")
    p = model.probabilities(model.transform(docs), dict(prior))[:, k]
    mean = (p.sum() + BOARD_PRIOR_STRENGTH * BOARD_PRIOR_CENTER) / (len(p) + BOARD_PRIOR_STRENGTH)
    assert prior["strategic"] == pytest.approx(mean, abs=1e-4)
