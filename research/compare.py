"""Model selection: cross-validation on the training data and a held-out number on the eval set.

Each candidate (features × classifier × training data × metadata) is scored by stratified 5-fold
cross-validation on its own training data, twice: item-level folds, and phrase-grouped folds (a
ticket always sits in the same fold as the phrase it was written from: stricter). Each fold's
model is calibrated on inner folds only. Then it is trained on all of it and scored on
``models/eval/items.csv``: the dev half (used to choose) and the test half (reported).

    python -m research.compare              # the full table (markdown)
    python -m research.compare --rows 4     # only the first four candidates
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from models.classifier import LinearRoleModel
from models.evaluate import Evaluation, LabelledItem, evaluate, read_labelled
from models.features import FeatureConfig
from models.model_config import ModelConfig
from models.train import (
    DEFAULT_CONFIG,
    DEFAULT_LABELS,
    DEFAULT_PRIOR,
    DEFAULT_SEED,
    PHRASES_CSV,
    TICKETS_CSV,
    TrainingSet,
    build_training_set,
    fit_training_set,
    read_phrases,
    read_tickets,
    subset,
    train_default,
)
from research.folds import out_of_fold

EVAL_CSV = Path(__file__).resolve().parent.parent / "models" / "eval" / "items.csv"


@dataclass(frozen=True, slots=True)
class Candidate:
    name: str
    config: ModelConfig
    tickets: bool
    prior: bool = True  # shift the calibration to DEFAULT_PRIOR (eval halves only; not CV)


def candidates(base: ModelConfig = DEFAULT_CONFIG) -> list[Candidate]:
    out: list[Candidate] = []
    kinds = {
        "word": {"words": True, "char_ngrams": None},
        "char": {"words": False, "char_ngrams": (2, 5)},
        "word+char": {"words": True, "char_ngrams": (2, 5)},
    }
    for tickets in (True, False):
        # Phrases carry no metadata, so without tickets the metadata switch changes nothing.
        for meta in (True, False) if tickets else (False,):
            for kind, fields in kinds.items():
                for clf in ("logreg", "svm"):
                    features = replace(base.features, use_metadata=meta)
                    config = replace(base, features=features, classifier=clf, **fields)
                    name = f"{kind} · {clf} · {'phrases+tickets' if tickets else 'phrases'}"
                    if tickets:
                        name += " · meta" if meta else " · no meta"
                    out.append(Candidate(name, config, tickets))
    default = replace(base, classifier="svm", words=True, char_ngrams=None)
    out.append(Candidate("word · svm · phrases+tickets · meta · no prior", default, True, False))
    return out


def cross_validate(
    ts: TrainingSet, config: ModelConfig, seed: int, folds: int = 5, *, grouped: bool = True
) -> Evaluation:
    """Out-of-fold calibrated predictions for every training example, scored together.
    ``grouped``: a phrase and the tickets written from it always share a fold."""

    def predict(train_idx: np.ndarray, test_idx: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        model = fit_training_set(subset(ts, train_idx), config, seed)
        proba = model.predict_proba([ts.docs[i] for i in test_idx])
        return np.array(model.labels)[proba.argmax(axis=1)], proba.max(axis=1)

    return out_of_fold(ts, folds, seed, predict, grouped=grouped)


@dataclass(frozen=True, slots=True)
class Row:
    candidate: Candidate
    cv: Evaluation  # item-level folds
    cv_grouped: Evaluation  # phrase-grouped folds
    dev: Evaluation
    test: Evaluation
    test_hard_accuracy: float
    seconds: float


def run(
    cands: Sequence[Candidate], seed: int = DEFAULT_SEED
) -> tuple[list[Row], dict[str, list[LabelledItem]]]:
    phrases, tickets = read_phrases(PHRASES_CSV), read_tickets(TICKETS_CSV)
    halves = {s: read_labelled(EVAL_CSV, split=s) for s in ("dev", "test")}
    hard = _hard_test_items()
    rows = []
    for cand in cands:
        start = time.perf_counter()
        ts = build_training_set(phrases, tickets if cand.tickets else (), DEFAULT_LABELS)
        cv = cross_validate(ts, cand.config, seed, grouped=False)
        cv_grouped = cross_validate(ts, cand.config, seed, grouped=True)
        prior = DEFAULT_PRIOR if cand.prior else None
        model: LinearRoleModel = fit_training_set(ts, cand.config, seed, prior=prior)
        dev = evaluate(model, halves["dev"])
        test = evaluate(model, halves["test"])
        hard_pred = [p.label for p in model.predict([it.doc for it in hard])]
        hard_acc = float(np.mean([p == it.label for p, it in zip(hard_pred, hard, strict=True)]))
        rows.append(Row(cand, cv, cv_grouped, dev, test, hard_acc, time.perf_counter() - start))
    return rows, halves


def _hard_test_items() -> list[LabelledItem]:
    with EVAL_CSV.open(newline="", encoding="utf-8") as handle:
        hard_texts = {
            r["text"] for r in csv.DictReader(handle) if r["split"] == "test" and r["hard"] == "1"
        }
    return [it for it in read_labelled(EVAL_CSV, split="test") if it.doc.title in hard_texts]


def table(rows: Sequence[Row]) -> str:
    head = (
        "| candidate | CV macro-F1 | CV ECE | grouped-CV macro-F1 | dev macro-F1 | dev ECE "
        "| test macro-F1 | test ECE | test coverage@0.6 | test acc@0.6 | test hard acc |\n"
        "|---|---|---|---|---|---|---|---|---|---|---|"
    )
    lines = [head]
    for r in rows:
        acc = r.test.accuracy_above_threshold
        lines.append(
            f"| {r.candidate.name} | {r.cv.macro_f1:.3f} | {r.cv.ece:.3f} "
            f"| {r.cv_grouped.macro_f1:.3f} | {r.dev.macro_f1:.3f} "
            f"| {r.dev.ece:.3f} | {r.test.macro_f1:.3f} | {r.test.ece:.3f} "
            f"| {r.test.coverage:.3f} | {'n/a' if acc is None else f'{acc:.3f}'} "
            f"| {r.test_hard_accuracy:.3f} |"
        )
    return "\n".join(lines)


def seed_table(seeds: int) -> str:
    """How much the shipped setup moves with the seed (it only changes calibration folds)."""
    halves = {s: read_labelled(EVAL_CSV, split=s) for s in ("dev", "test")}
    lines = [
        "| seed | dev macro-F1 | dev ECE | test macro-F1 | test ECE |",
        "|---|---|---|---|---|",
    ]
    for seed in range(seeds):
        model = train_default(seed)
        dev, test = (evaluate(model, halves[s]) for s in ("dev", "test"))
        lines.append(
            f"| {seed} | {dev.macro_f1:.3f} | {dev.ece:.3f} "
            f"| {test.macro_f1:.3f} | {test.ece:.3f} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=None, help="only the first N candidates")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--c", type=float, default=DEFAULT_CONFIG.c, help="regularisation C")
    parser.add_argument(
        "--seeds", type=int, default=0, help="instead: the shipped setup with seeds 0..N-1"
    )
    args = parser.parse_args(argv)
    if args.seeds:
        print(seed_table(args.seeds))
        return 0
    base = replace(
        DEFAULT_CONFIG, c=args.c, features=FeatureConfig(**DEFAULT_CONFIG.features.to_json())
    )
    cands = candidates(base)[: args.rows]
    rows, halves = run(cands, args.seed)
    print(
        f"eval set: dev {len(halves['dev'])} items, test {len(halves['test'])} items; "
        f"seed {args.seed}, C {args.c:g}\n"
    )
    print(table(rows))
    best = max(rows, key=lambda r: (r.dev.macro_f1, -r.dev.ece))
    print(
        f"\nbest on dev: {best.candidate.name} (test macro-F1 {best.test.macro_f1:.3f}, "
        f"ECE {best.test.ece:.3f})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
