"""A board prior anchored by the team's corrections: simulated on the real **dev** half only.

Protocol (``python -m research.corrections_prior_sim [--k 5,10] [--draws 20] [--protocol
random|errors]``): on every labelled real board, a simulated team corrects ``k`` dev items —
``random``: any dev items; ``errors``: dev items the shipped scan gets wrong (what a team sees
and fixes), drawn at random — and the board is read again with each way of setting its prior;
the corrected items take the team's label (as ``scan --corrections`` does) and the **other**
dev items are scored: macro-F1 pooled over all boards (``uncertain`` wrong), accuracy, and the
per-board strategic share error. Each row is the mean over ``--draws`` random draws (the same
draws for every variant, so the differences are paired). The test half is never read.

Prior variants (the board's strategic share the calibration is shifted to):

- ``em``: what ships — EM on the model's probabilities, MAP with 50 pseudo-items at 10 %
  (the corrections only override their own items);
- ``em+obs``: the same EM with the corrected items as observed labels (their probability
  replaced by 0 or 1 in every step);
- ``em+obs xW``: the corrected items weigh ``W`` items each;
- ``shift τ``: a logit shift fitted to the corrected items' labels under the model's
  probabilities (MAP, a Gaussian of width ``τ`` logits around EM's shift).

Needs ``../shared/realdata``; prints nothing from the exports but ids and numbers.
"""

from __future__ import annotations

import argparse
import dataclasses
import math
import random
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analyzer.pipeline import read_board  # noqa: E402
from benchmarks.bench_real_boards import find, macro_f1, read_labels  # noqa: E402
from connectors.mapping.clean import clean_board  # noqa: E402
from models.calibration import BoardPrior  # noqa: E402
from models.classifier import load_model  # noqa: E402
from models.interface import STRATEGIC, TACTICAL, ItemDoc  # noqa: E402
from models.rules import BOARD_PRIOR_CENTER, BOARD_PRIOR_FLOOR, BOARD_PRIOR_STRENGTH  # noqa: E402
from models.train import Ticket, adapt_model  # noqa: E402
from research import halves  # noqa: E402

THRESHOLD = 0.6


def logit(x: float) -> float:
    return math.log(x / (1.0 - x))


def em_observed(
    p: np.ndarray, observed: np.ndarray, model_prior: float, weight: float = 1.0
) -> float:
    """MAP EM (as ``models.rules.board_prior``) where the items with ``observed`` >= 0 count as
    their label (1 strategic, 0 tactical) ``weight`` times instead of their probability."""
    known = observed >= 0
    free = p[~known]
    y = float(observed[known].sum()) * weight
    n = len(free) + weight * int(known.sum())
    share = model_prior
    for _ in range(200):
        up, down = share / model_prior, (1.0 - share) / (1.0 - model_prior)
        adj = up * free / (up * free + down * (1.0 - free))
        s = BOARD_PRIOR_STRENGTH
        new = max((float(adj.sum()) + y + s * BOARD_PRIOR_CENTER) / (n + s), BOARD_PRIOR_FLOOR)
        if abs(new - share) < 1e-8:
            break
        share = new
    return share


def shift_fit(
    p_obs: np.ndarray, y_obs: np.ndarray, em_share: float, model_prior: float, tau: float
) -> float:
    """The share whose logit shift best explains the corrected items' labels (MAP: a Gaussian
    of width ``tau`` logits around EM's shift); Newton's method on one variable."""
    z = np.log(np.clip(p_obs, 1e-4, 1 - 1e-4) / np.clip(1 - p_obs, 1e-4, 1))
    d0 = logit(em_share) - logit(model_prior)
    d = d0
    for _ in range(200):
        q = 1.0 / (1.0 + np.exp(-(z + d)))
        grad = float((y_obs - q).sum()) - (d - d0) / tau**2
        hess = -float((q * (1 - q)).sum()) - 1.0 / tau**2
        step = max(-1.0, min(1.0, grad / hess))  # damped: sigmoids saturate
        d -= step
        if abs(step) < 1e-8:
            break
    share = 1.0 / (1.0 + math.exp(-(logit(model_prior) + d)))
    return min(max(share, BOARD_PRIOR_FLOOR), 0.99)


def final_labels(
    model, docs: Sequence[ItemDoc], share: float, weights: np.ndarray | None
) -> list[tuple[str, float]]:
    """Each item's final label and strategic probability with the board read at ``share`` (and
    its own common words weighed by ``weights``, as a scan does)."""
    prior = BoardPrior({STRATEGIC: share, TACTICAL: 1.0 - share}, weights)
    preds = model.predict(list(docs), prior=prior)
    return [(q.final_label(THRESHOLD), q.scores.get(STRATEGIC, 0.0)) for q in preds]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--k", default="5,10")
    parser.add_argument("--draws", type=int, default=20)
    parser.add_argument("--protocol", choices=("random", "errors"), default="random")
    parser.add_argument("--per-board", action="store_true")
    args = halves.with_real_data(parser, argv)
    if args is None:
        return 0
    model = load_model()
    own = model.model_prior[STRATEGIC]
    boards = []
    for name, labels in sorted(read_labels().items()):
        path = find(args.data, name)
        if path is None:
            continue
        board = read_board(path, activity_details=False)
        clean_board(board, details=False)
        docs = [ItemDoc.from_item(item) for item in board.items]
        tickets = [
            Ticket(item.title, "", (item.description or "")[:600], item.type, item.column)
            for item in board.items
        ]
        dev = [i for i, item in enumerate(board.items) if labels.get(item.id, ("", ""))[1] == "dev"]
        if not dev:
            continue
        truth = {i: labels[board.items[i].id][0] for i in dev}
        estimate = model.estimate_prior(docs)
        em, weights = estimate[STRATEGIC], estimate.weights
        own_prior = BoardPrior(dict(model.model_prior), weights)  # no shift: what EM reads
        p = model.predict_proba(docs, prior=own_prior)[:, model.labels.index(STRATEGIC)]
        base = final_labels(model, docs, em, weights)
        wrong = [i for i in dev if base[i][0] != truth[i]]
        boards.append((name, docs, dev, truth, p, em, base, wrong, tickets, weights))
        print(f"{name:42s} items {len(docs):4d} dev {len(dev):4d} EM share {em:.3f} "
              f"dev wrong {len(wrong)}")  # fmt: skip

    def adapted(b, obs, chosen, observed: bool):
        fixes = [dataclasses.replace(b[8][i], label=b[3][i]) for i in sorted(chosen)]
        mine = adapt_model(model, fixes)
        if not observed:
            return mine.estimate_prior(b[1])[STRATEGIC], mine
        own_prior = BoardPrior(dict(mine.model_prior), b[9])
        p = mine.predict_proba(b[1], prior=own_prior)[:, mine.labels.index(STRATEGIC)]
        return em_observed(p, obs, own), mine

    variants: dict[str, Callable] = {
        "em (shipped)": lambda b, obs, c: (b[5], model),
        "em+obs": lambda b, obs, c: (em_observed(b[4], obs, own), model),
        "em+obs x5": lambda b, obs, c: (em_observed(b[4], obs, own, 5.0), model),
        "em+obs x20": lambda b, obs, c: (em_observed(b[4], obs, own, 20.0), model),
        "shift tau=0.5": lambda b, obs, c: (_shift(b, obs, own, 0.5), model),
        "shift tau=1": lambda b, obs, c: (_shift(b, obs, own, 1.0), model),
        "shift tau=2": lambda b, obs, c: (_shift(b, obs, own, 2.0), model),
        "adapted, em": lambda b, obs, c: adapted(b, obs, c, False),
        "adapted, em+obs": lambda b, obs, c: adapted(b, obs, c, True),
    }
    for k in (int(x) for x in args.k.split(",")):
        rng = random.Random(20261205 + k)
        draws = []
        for _ in range(args.draws):
            pick = {}
            for b in boards:
                pool = b[7] if args.protocol == "errors" else b[2]
                pick[b[0]] = rng.sample(pool, min(k, len(pool)))
            draws.append(pick)
        print(f"\nk = {k} corrected dev items per board ({args.protocol}), {args.draws} draws")
        for vname, fn in variants.items():
            f1s, accs, maxerr, per = [], [], [], {}
            for pick in draws:
                pairs = []
                errs = []
                for b in boards:
                    name, docs, dev, truth, p, em, base, wrong, _, weights = b
                    chosen = set(pick[name])
                    obs = np.full(len(docs), -1.0)
                    for i in chosen:
                        obs[i] = 1.0 if truth[i] == STRATEGIC else 0.0
                    share, used = fn(b, obs, chosen) if chosen else (em, model)
                    same = used is model and share == em
                    got = base if same else final_labels(used, docs, share, weights)
                    mine = [(truth[i], got[i][0]) for i in dev if i not in chosen]
                    pairs += mine
                    if mine:
                        t = sum(a == STRATEGIC for a, _ in mine) / len(mine)
                        q = sum(g == STRATEGIC for _, g in mine) / len(mine)
                        errs.append(abs(t - q))
                        per.setdefault(name, []).append(macro_f1(mine))
                f1s.append(macro_f1(pairs))
                accs.append(sum(a == g for a, g in pairs) / len(pairs))
                maxerr.append(max(errs))
            print(
                f"  {vname:16s} macro-F1 {np.mean(f1s):.3f} (min {min(f1s):.3f}, max "
                f"{max(f1s):.3f})  accuracy {np.mean(accs):.3f}  max share error "
                f"{100 * np.mean(maxerr):.1f} pts (worst {100 * max(maxerr):.1f})"
            )
            if args.per_board:
                print("     " + "  ".join(f"{n[:10]} {np.mean(v):.3f}" for n, v in per.items()))
    return 0


def _shift(b, obs: np.ndarray, own: float, tau: float) -> float:
    known = obs >= 0
    return shift_fit(b[4][known], obs[known], b[5], own, tau)


if __name__ == "__main__":
    raise SystemExit(main())
