"""Why a board's prior (EM, Saerens et al. 2002) overshoots, measured on the real boards.

The scan re-estimates each board's strategic share by EM on the model's probabilities made
under its own 40 % prior (``LinearRoleModel.estimate_prior``, ``rules.board_prior``). On the
Nebula board it read about 48 % where about 24 % is true (session 8; 44 % since session 9,
whose EM applies the evidence rules' caps after each step's shift, ``rules-after-shift``).
This script prints, per board, the EM estimate when the probabilities it starts from are
read another way (``VARIANTS``), and,
from the **dev** labels only, the share the model's own probabilities fit best (a logistic
shift of their logit, maximum likelihood; the slope fitted too, to check the calibration).
Never reads a test item's label.

    python -m research.board_prior_em [--model PATH]
    python -m research.board_prior_em --sweep VARIANT [--seeds 12,1,...] [-- --all-fresh ...]

``--sweep`` runs ``research.real_dev_sweep`` with the scan's prior estimated by that variant
(what follows ``--`` goes to the sweep too: ``--all-fresh``, ``--keep DIR``, ``--show``).
Needs ``../shared/realdata``.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

import models.rules as rules  # noqa: E402

#: How each variant reads the probabilities EM starts from (see ``share_function``).
VARIANTS = {
    "rules-before-shift": "the rules applied at the model's prior, then shifted (session 8)",
    "rules-after-shift": "shifted, then the evidence and title caps, as a scan (session 9)",
    "stories-delivery": "a user story counts as delivery work (0) in the EM",
    "thin-delivery": "an item held by the evidence rule (no strategic words) counts as 0",
    "direction-after-shift": "as rules-after-shift, the direction rules' holds (0.15) too",
}


def _logit(p: np.ndarray | float) -> np.ndarray | float:
    p = np.clip(p, 1e-12, 1 - 1e-12)
    return np.log(p / (1 - p))


def shifted(p: np.ndarray, model_prior: float, share: float) -> np.ndarray:
    """``p`` (made under ``model_prior``) read under ``share`` instead (Bayes, a logit shift)."""
    return 1 / (1 + np.exp(-(_logit(p) + _logit(share) - _logit(model_prior))))


def em_share(
    p_at: Callable[[float], np.ndarray],
    n: int,
    model_prior: float,
    center: float | None = None,
    strength: float | None = None,
    iterations: int = 200,
) -> float:
    """``rules.board_prior``'s EM with the items' probabilities at a share given by ``p_at``."""
    center = rules.BOARD_PRIOR_CENTER if center is None else center
    strength = rules.BOARD_PRIOR_STRENGTH if strength is None else strength
    share = model_prior
    for _ in range(iterations):
        total = float(np.sum(p_at(share)))
        new = max((total + strength * center) / (n + strength), rules.BOARD_PRIOR_FLOOR)
        if abs(new - share) < 1e-7:
            return new
        share = new
    return share


def share_function(
    variant: str,
    model_prior: float,
    checked: np.ndarray,
    raw: np.ndarray,
    cap: np.ndarray,
    story: np.ndarray,
    direction_cap: np.ndarray | None = None,
) -> Callable[[float], np.ndarray]:
    """The items' strategic probabilities at a share, as ``variant`` reads them. ``checked``:
    what the EM reads now (the evidence and title rules applied at the model's prior); ``raw``:
    the calibrated probabilities before any rule; ``cap``: each item's highest strategic
    probability under the rules (1 when none holds it); ``story``: the user stories;
    ``direction_cap``: the same with the direction rules of a board scan too."""
    thin = cap <= rules.NO_EVIDENCE_STRATEGIC_CAP + 1e-9
    if variant == "rules-before-shift":
        return lambda s: shifted(checked, model_prior, s)
    if variant == "rules-after-shift":
        return lambda s: np.minimum(shifted(raw, model_prior, s), cap)
    if variant == "direction-after-shift":
        held = cap if direction_cap is None else direction_cap
        return lambda s: np.minimum(shifted(raw, model_prior, s), held)
    if variant == "stories-delivery":
        return lambda s: np.where(story, 0.0, shifted(checked, model_prior, s))
    if variant == "thin-delivery":
        return lambda s: np.where(thin, 0.0, shifted(checked, model_prior, s))
    raise ValueError(f"unknown variant {variant!r}; one of {', '.join(VARIANTS)}")


def fitted_shares(
    groups: list[tuple[np.ndarray, np.ndarray]], model_prior: float
) -> tuple[list[float], float]:
    """Per group (a board's ``p`` and labels ``truth``) the share under which ``p`` best fits
    the labels — maximum likelihood of ``sigmoid(logit(p) + b)``, the share read from ``b`` as
    a prior shift from ``model_prior`` — and the calibration slope fitted over all groups
    together (``sigmoid(a * logit(p) + b_group)``; 1 means the probabilities are as sharp as
    the labels say)."""
    from scipy.optimize import minimize

    z = [_logit(p) for p, _ in groups]
    y = [t.astype(float) for _, t in groups]

    def nll(w: np.ndarray, slope: float | None) -> float:
        a = w[0] if slope is None else slope
        offsets = w[1:] if slope is None else w
        total = 0.0
        for zi, yi, b in zip(z, y, offsets, strict=True):
            t = a * zi + b
            total -= float(np.sum(yi * t - np.logaddexp(0, t)))
        return total

    offsets = minimize(lambda w: nll(w, 1.0), np.zeros(len(groups))).x
    slope = minimize(lambda w: nll(w, None), np.r_[1.0, offsets]).x[0]
    shares = [float(1 / (1 + math.exp(-(b + _logit(model_prior))))) for b in offsets]
    return shares, float(slope)


def board_arrays(model, docs) -> tuple[np.ndarray, ...]:  # type: ignore[no-untyped-def]
    """For the items ``estimate_prior`` samples: (checked, raw, cap, story, direction_cap) as in
    ``share_function``, read with the board's own word weights, and the sample's rows. ``cap`` is
    what the shipped EM holds each item at (``LinearRoleModel.estimate_prior``: the evidence
    rules, list-only cards, the title rules with the titles' own pairs), so ``rules-after-shift``
    is the scan's own EM (session 34: the spared columns, the titles and the list-only cap had
    drifted from it since sessions 15–25)."""
    from models._rules_applied import LIST_ONLY_IN_PRIOR, _board_weighted
    from models.calibration import BoardPrior, calibrated
    from models.classifier import STRATEGIC, TACTICAL
    from models.features import STORY_FORM
    from models.rules import board_word_weights, evidence_capped, prior_sample

    step = max(1, len(docs) // rules.BOARD_PRIOR_SAMPLE)
    sample = prior_sample(docs)
    matrix, titles = model._transform_with_titles(sample)
    counts = np.bincount(matrix.indices, minlength=matrix.shape[1])
    weights = board_word_weights(
        counts, len(sample), model._structure_columns(), model._spared_columns()
    )
    board = BoardPrior({}, weights)
    weighted = _board_weighted(matrix, board)
    k = model._evidence[0]
    checked = model._title_checked(sample, model.probabilities(weighted), board, titles)[:, k]
    raw = calibrated(model.decision(weighted), model.calibration)[:, k]
    evidence, known, at, _ = model._word_evidence(weighted)
    free = np.zeros((len(sample), 2))
    free[:, k] = 1.0
    top = evidence_capped(free, k, evidence, known)
    if LIST_ONLY_IN_PRIOR:
        top = model._list_only(weighted, top, known, sample, at)
    cap = model._title_checked(sample, top, board, titles)[:, k]
    sure = {STRATEGIC: 1 - 1e-9, TACTICAL: 1e-9}  # every item as strategic as the rules allow
    scan = BoardPrior(sure, weights)  # as a board scan: the direction rules on
    held = model._title_checked(sample, model.probabilities(weighted, sure, sample), scan, titles)[
        :, k
    ]
    column = model.vocabulary.get(STORY_FORM)
    story = np.zeros(len(sample), bool)
    if column is not None:
        story = np.asarray((matrix[:, column] != 0).todense()).ravel()
    return checked, raw, cap, story, held, np.arange(0, len(docs), step)


def floor_of(docs, board) -> float:  # type: ignore[no-untyped-def]
    """The shipped direction floor of a board (``rules.direction_prior_floor``, session 18)."""
    sample = rules.prior_sample(docs)
    return rules.direction_prior_floor(sample, len(docs), getattr(board, "direction", None))


def estimate_with(variant: str):  # type: ignore[no-untyped-def]
    """An ``estimate_prior`` reading the probabilities as ``variant`` does (for the sweep; the
    shipped one, ``rules-after-shift``, is the model's own)."""
    from models.calibration import BoardPrior
    from models.classifier import STRATEGIC, TACTICAL, LinearRoleModel

    shipped = LinearRoleModel.estimate_prior

    def estimate(self, docs):  # type: ignore[no-untyped-def]
        board = shipped(self, docs)
        if board is None or variant == "rules-after-shift":
            return board
        own = self.model_prior[STRATEGIC]
        checked, raw, cap, story, held, _ = board_arrays(self, docs)
        f = share_function(variant, own, checked, raw, cap, story, held)
        share = max(em_share(f, len(raw), own), floor_of(docs, board))  # session 18's floor
        return BoardPrior({STRATEGIC: share, TACTICAL: 1 - share}, board.weights)

    return estimate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=None)
    parser.add_argument("--sweep", choices=tuple(VARIANTS), default=None)
    parser.add_argument("--seeds", default="12,1,2,3,4,5,6,7")
    import benchmarks.bench_real_boards as bench
    from research import halves

    argv, rest = halves.split_rest(argv)
    args = halves.with_real_data(parser, argv)
    if args is None:
        return 0
    data = args.data
    if args.sweep:
        from models.classifier import LinearRoleModel
        from research import real_dev_sweep

        LinearRoleModel.estimate_prior = estimate_with(args.sweep)
        return real_dev_sweep.main(["--seeds", args.seeds, *rest])
    from models.classifier import STRATEGIC, load_model
    from models.interface import ItemDoc

    model = load_model(args.model) if args.model else load_model()
    own = model.model_prior[STRATEGIC]
    labels = bench.read_labels()
    print("per board: the EM estimate by variant | dev items: true share")
    fits: list[tuple[str, np.ndarray, np.ndarray]] = []
    for name, _path, board in bench.labelled_boards(data, labels):
        docs = [ItemDoc.from_item(item) for item in board.items]
        checked, raw, cap, story, held, rows = board_arrays(model, docs)
        shares = {
            v: em_share(share_function(v, own, checked, raw, cap, story, held), len(raw), own)
            for v in VARIANTS
        }
        line = "  ".join(f"{v} {100 * s:5.1f} %" for v, s in shares.items())
        dev = [
            (i, labels[name][board.items[r].id][0] == "strategic")
            for i, r in enumerate(rows.tolist())
            if labels[name].get(board.items[r].id, ("", ""))[1] == "dev"
        ]
        truth = np.array([t for _, t in dev], dtype=bool)
        if truth.any():
            fits.append((name, checked[np.array([i for i, _ in dev])], truth))
        said = f" | dev n={len(dev)} true {100 * truth.mean():5.1f} %" if dev else ""
        print(f"{name[:34]:34s} n={len(docs):4d}  {line}{said}")
    if fits:
        shares, slope = fitted_shares([(p, t) for _, p, t in fits], own)
        print(
            "the share each board's dev items fit best (the EM's probabilities, a prior shift): "
            + ", ".join(
                f"{n.split('_')[0]} {100 * s:.1f} %"
                for (n, _, _), s in zip(fits, shares, strict=True)
            )
            + f"; calibration slope over these boards {slope:.2f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
