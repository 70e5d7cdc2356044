"""Train the role classifier: labelled phrases (+ ticket examples) → a calibrated linear model.

A scikit-learn pipeline (TF-IDF over :func:`models.classifier.analyse` → logistic regression or a
linear SVM) is fitted on everything; Platt scaling (two labels) or temperature scaling (more) is
fitted on out-of-fold scores from a grouped, stratified cross-validation (a ticket is grouped with
the phrase it was written from, so no phrase leaks across folds). The result is exported to a
:class:`LinearRoleModel`, which needs only numpy to predict. Everything is seeded: the same data
and seed give a byte-identical artifact.

    python -m models.train                 # maintainers: rebuild models/artifacts/role_model.json
    python -m models.train --check         # is the bundled model current? (exit 1 if not)
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from scipy.optimize import minimize, minimize_scalar
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold
from sklearn.pipeline import Pipeline
from sklearn.svm import LinearSVC

from models.artifact_check import artifact_differences
from models.calibration import (
    Calibration,
)
from models.classifier import ARTIFACT, LinearRoleModel
from models.features import META_PREFIXES, FeatureConfig
from models.interface import STRATEGIC, TACTICAL, ItemDoc, ModelError
from models.model_config import ModelConfig, make_analyzer
from models.source_phrases import (
    SourcePhrase,
)

DATA = Path(__file__).parent / "data"
PHRASES_CSV = DATA / "phrases.csv"
TICKETS_CSV = DATA / "tickets.csv"
#: Template-built delivery and direction items in five languages (research/delivery_corpus.py).
GENERATED_TICKETS_CSV = DATA / "tickets_generated.csv"
DEFAULT_LABELS = (STRATEGIC, TACTICAL)
DEFAULT_SEED = 0
#: Label shares the bundled model assumes on real boards: more delivery work than direction work
#: (the evaluation set is written to about 40 % strategic). Checked on the dev half only.
DEFAULT_PRIOR = {STRATEGIC: 0.4, TACTICAL: 0.6}
DEFAULT_CONFIG = ModelConfig(
    features=FeatureConfig(list_singular=True),
    words=True,
    char_ngrams=None,
    classifier="svm",
    c=4.0,
)
CV_FOLDS = 5
MAX_CSV_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Phrase:
    """One labelled responsibility phrase, with the seed file and section it paraphrases."""

    text: str
    label: str
    id: str = ""
    role: str = ""
    source: str = ""
    section: str = ""


@dataclass(frozen=True, slots=True)
class Ticket:
    """A ticket-shaped training example written from a phrase (``phrase_id``)."""

    title: str
    label: str
    description: str = ""
    type: str | None = None
    column: str | None = None
    phrase_id: str = ""

    def doc(self) -> ItemDoc:
        return ItemDoc(self.title, self.description, self.type or None, column=self.column or None)


# --- reading the data files ------------------------------------------------------------------


def _read_csv(path: Path, required: Sequence[str], what: str) -> list[dict[str, str]]:
    path = Path(path)
    try:
        if path.is_dir():
            raise ModelError(f"{path}: is a directory; give a CSV file of {what}")
        if path.stat().st_size > MAX_CSV_BYTES:
            raise ModelError(f"{path}: too large for a CSV of {what}")
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise ModelError(f"{path}: no such file") from None
    except UnicodeDecodeError:
        raise ModelError(f"{path}: not a UTF-8 text file; give a CSV of {what}") from None
    except OSError as error:
        raise ModelError(f"{path}: cannot read it ({error.strerror or error})") from None
    if "\x00" in text:
        raise ModelError(f"{path}: a binary file, not a CSV of {what}")
    if not text.strip():
        raise ModelError(
            f"{path}: empty file; expected a CSV of {what} with columns {','.join(required)}"
        )
    try:
        reader = csv.DictReader(text.splitlines())
        header = [h.strip().lower() for h in (reader.fieldnames or [])]
        missing = [c for c in required if c not in header]
        if missing:
            raise ModelError(
                f"{path}: not a CSV of {what}: missing column(s) {','.join(missing)} "
                f"(header must include {','.join(required)})"
            )
        reader.fieldnames = header
        rows = []
        for line, row in enumerate(reader, start=2):
            if None in row:
                raise ModelError(f"{path}: line {line} has more fields than the header")
            rows.append({k: (v or "").strip() for k, v in row.items()})
    except csv.Error as error:
        raise ModelError(f"{path}: malformed CSV ({error})") from None
    return rows


def read_phrases(path: Path) -> list[Phrase]:
    """Labelled phrases from a CSV with columns ``text,label`` (optional id, role, source, section).

    Raises ModelError (one line) for a file that is not such a CSV or has empty text/label cells.
    """
    rows = _read_csv(path, ("text", "label"), "labelled phrases")
    phrases = []
    for line, row in enumerate(rows, start=2):
        if not row["text"] or not row["label"]:
            if not any(row.values()):
                continue
            raise ModelError(f"{path}: line {line}: empty {'text' if not row['text'] else 'label'}")
        phrases.append(
            Phrase(
                text=row["text"],
                label=row["label"].lower(),
                id=row.get("id") or f"line{line}",
                role=row.get("role", ""),
                source=row.get("source", ""),
                section=row.get("section", ""),
            )
        )
    if not phrases:
        raise ModelError(f"{path}: no phrases; expected rows of text,label")
    return phrases


def read_tickets(path: Path) -> list[Ticket]:
    """Ticket-shaped examples from a CSV with columns ``title,label`` (+ description, type,
    column, phrase_id)."""
    rows = _read_csv(path, ("title", "label"), "ticket examples")
    tickets = []
    for line, row in enumerate(rows, start=2):
        if not row["title"] or not row["label"]:
            raise ModelError(
                f"{path}: line {line}: empty {'title' if not row['title'] else 'label'}"
            )
        tickets.append(
            Ticket(
                title=row["title"],
                label=row["label"].lower(),
                description=row.get("description", ""),
                type=row.get("type") or None,
                column=row.get("column") or None,
                phrase_id=row.get("phrase_id", ""),
            )
        )
    return tickets


# --- training --------------------------------------------------------------------------------


def _as_phrase(row: Any) -> Phrase:
    """Accept Phrase, any object with ``text``/``label`` attributes, or a mapping."""
    if isinstance(row, Phrase):
        return row
    get = row.get if isinstance(row, dict) else lambda k, d="": getattr(row, k, d)
    text, label = get("text", ""), get("label", "")
    if not text or not label:
        raise ModelError(f"a training phrase needs text and label, got {row!r:.80}")
    return Phrase(
        text=str(text),
        label=str(label),
        id=str(get("id", "") or ""),
        role=str(get("role", "") or ""),
        source=str(get("source", "") or ""),
        section=str(get("section", "") or ""),
    )


@dataclass(slots=True)
class TrainingSet:
    docs: list[ItemDoc]
    y: np.ndarray  # label names
    groups: np.ndarray  # phrase group per example (tickets share their phrase's group)
    phrases: list[SourcePhrase]
    examples: list[tuple[ItemDoc, int]]
    labels: tuple[str, ...]
    n_phrases: int
    n_tickets: int


def build_training_set(
    phrases: Iterable[Any],
    tickets: Iterable[Ticket] = (),
    labels: Sequence[str] | None = None,
) -> TrainingSet:
    rows = [_as_phrase(p) for p in phrases]
    wanted = tuple(labels) if labels else tuple(sorted({p.label for p in rows}))
    rows = [p for p in rows if p.label in wanted]
    tickets = [t for t in tickets if t.label in wanted]
    counts = Counter(p.label for p in rows) + Counter(t.label for t in tickets)
    thin = [label for label in wanted if counts[label] < 2]
    if len(wanted) < 2:
        raise ModelError(f"training needs at least two labels, got {', '.join(wanted) or 'none'}")
    if thin:
        raise ModelError(
            f"training needs at least 2 examples of each label; too few for: {', '.join(thin)}"
        )
    sources = [
        SourcePhrase(text=p.text, label=p.label, id=p.id, source=p.source, section=p.section)
        for p in rows
    ]
    index = {p.id: i for i, p in enumerate(rows) if p.id}
    docs = [ItemDoc(p.text) for p in rows]
    y = [p.label for p in rows]
    groups = [f"p{i}" for i in range(len(rows))]
    examples = [(ItemDoc(p.text), i) for i, p in enumerate(rows)]
    for n, t in enumerate(tickets):
        docs.append(t.doc())
        y.append(t.label)
        phrase = index.get(t.phrase_id)
        groups.append(f"p{phrase}" if phrase is not None else f"t{n}")
        if phrase is not None and rows[phrase].label == t.label:
            examples.append((t.doc(), phrase))
    return TrainingSet(
        docs=docs,
        y=np.array(y),
        groups=np.array(groups),
        phrases=sources,
        examples=examples,
        labels=tuple(sorted(wanted)),
        n_phrases=len(rows),
        n_tickets=len(tickets),
    )


def make_pipeline(config: ModelConfig, seed: int) -> Pipeline:
    vectorizer = TfidfVectorizer(
        analyzer=make_analyzer(config), sublinear_tf=True, smooth_idf=True, norm="l2"
    )
    if config.classifier == "svm":
        clf: Any = LinearSVC(C=config.c, class_weight="balanced", random_state=seed, max_iter=20000)
    else:
        clf = LogisticRegression(
            C=config.c, class_weight="balanced", max_iter=5000, random_state=seed
        )
    return Pipeline([("tfidf", vectorizer), ("clf", clf)])


def _scores(pipeline: Pipeline, docs: Sequence[ItemDoc]) -> np.ndarray:
    return np.asarray(pipeline.decision_function(docs))


def out_of_fold_scores(
    ts: TrainingSet, config: ModelConfig, seed: int, *, grouped: bool = False
) -> np.ndarray:
    """Scores each example got from a pipeline that did not see it (``grouped``: nor any
    example of its phrase group). Calibration uses item-level folds: on the dev half of the
    evaluation set they gave lower calibration error than phrase-grouped folds (see README)."""
    labels_of = set(zip(ts.groups, ts.y, strict=True)) if grouped else set(enumerate(ts.y))
    per_label = Counter(label for _, label in labels_of)
    if min(per_label.values()) < 2:
        raise ModelError("training needs at least 2 distinct phrases of each label")
    folds = min(CV_FOLDS, min(per_label.values()))
    if grouped:
        splits = StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=seed).split(
            np.zeros(len(ts.y)), ts.y, ts.groups
        )
    else:
        splits = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed).split(
            np.zeros(len(ts.y)), ts.y
        )
    k = len(ts.labels)
    out = np.zeros(len(ts.docs)) if k == 2 else np.zeros((len(ts.docs), k))
    for train_idx, test_idx in splits:
        if len(set(ts.y[train_idx])) < k:
            raise ModelError("too few phrases per label to cross-validate; add more phrases")
        pipeline = make_pipeline(config, seed)
        pipeline.fit([ts.docs[i] for i in train_idx], ts.y[train_idx])
        out[test_idx] = _scores(pipeline, [ts.docs[i] for i in test_idx])
    return out


def fit_calibration(scores: np.ndarray, y: np.ndarray, labels: Sequence[str]) -> Calibration:
    """Platt scaling (two labels, with Platt's smoothed targets) or temperature scaling."""
    if len(labels) == 2:
        positive = y == labels[1]
        n_pos, n_neg = int(positive.sum()), int((~positive).sum())
        target = np.where(positive, (n_pos + 1) / (n_pos + 2), 1 / (n_neg + 2))

        def nll(params: np.ndarray) -> float:
            z = params[0] * scores + params[1]
            return float(np.sum(np.logaddexp(0, z) - target * z))

        result = minimize(nll, x0=np.array([1.0, 0.0]), method="L-BFGS-B")
        return Calibration("platt", a=float(result.x[0]), b=float(result.x[1]))
    index = np.array([list(labels).index(label) for label in y])

    def tnll(log_t: float) -> float:
        z = scores / np.exp(log_t)
        z = z - z.max(axis=1, keepdims=True)
        logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
        return float(-logp[np.arange(len(y)), index].sum())

    result = minimize_scalar(tnll, bounds=(-5.0, 5.0), method="bounded")
    return Calibration("temperature", t=float(np.exp(result.x)))


def shift_to_prior(
    calibration: Calibration, ts: TrainingSet, prior: dict[str, float]
) -> Calibration:
    """Bayes prior shift of a Platt calibration: from the training label shares to ``prior``."""
    if len(ts.labels) != 2 or calibration.kind != "platt":
        raise ModelError("a label prior is supported for two labels only")
    if set(prior) != set(ts.labels) or not all(0 < prior[x] < 1 for x in ts.labels):
        raise ModelError(
            f"the prior must give each of {', '.join(ts.labels)} a share between 0 and 1"
        )
    neg, pos = ts.labels
    n_pos, n_neg = int((ts.y == pos).sum()), int((ts.y == neg).sum())
    shift = math.log(prior[pos] / prior[neg]) - math.log(n_pos / n_neg)
    return Calibration("platt", a=calibration.a, b=calibration.b + shift)


def train_model(
    phrases: Iterable[Any],
    *,
    seed: int = DEFAULT_SEED,
    labels: Sequence[str] | None = None,
    tickets: Iterable[Ticket] = (),
    config: ModelConfig = DEFAULT_CONFIG,
    prior: dict[str, float] | None = None,
) -> LinearRoleModel:
    """Fit and export a model. ``phrases``: Phrase rows, objects with ``text``/``label`` (and
    optional ``id``/``source``/``section``) or dicts; ``labels``: which labels to learn (default:
    every label present); rows with other labels are skipped. ``prior`` (two labels only): the
    share of each label expected where the model is used; the calibration is shifted from the
    training data's label shares to it."""
    ts = build_training_set(phrases, tickets, labels)
    return fit_training_set(ts, config, seed, prior=prior)


def subset(ts: TrainingSet, index: np.ndarray) -> TrainingSet:
    """The examples at ``index`` (phrases kept whole: they only serve the nearest-phrase reason)."""
    keep = set(int(i) for i in index)
    n_phrases = sum(1 for i in keep if i < ts.n_phrases)
    return TrainingSet(
        docs=[ts.docs[i] for i in index],
        y=ts.y[index],
        groups=ts.groups[index],
        phrases=ts.phrases,
        examples=ts.examples,
        labels=ts.labels,
        n_phrases=n_phrases,
        n_tickets=len(keep) - n_phrases,
    )


def fit_training_set(
    ts: TrainingSet, config: ModelConfig, seed: int, *, prior: dict[str, float] | None = None
) -> LinearRoleModel:
    oof = out_of_fold_scores(ts, config, seed)
    calibration = fit_calibration(oof, ts.y, ts.labels)
    if prior is not None:
        calibration = shift_to_prior(calibration, ts, prior)
    pipeline = make_pipeline(config, seed)
    pipeline.fit(ts.docs, ts.y)
    vectorizer: TfidfVectorizer = pipeline.named_steps["tfidf"]
    clf = pipeline.named_steps["clf"]
    if tuple(clf.classes_) != ts.labels:
        raise ModelError("internal error: label order changed during training")
    if len(ts.labels) == 2:
        oof_pred = np.where(oof > 0, ts.labels[1], ts.labels[0])
    else:
        oof_pred = np.array(ts.labels)[oof.argmax(axis=1)]
    info = {
        "seed": seed,
        "phrases": ts.n_phrases,
        "tickets": ts.n_tickets,
        "cv_accuracy": round(float((oof_pred == ts.y).mean()), 4),
    }
    if prior is not None:
        info["prior"] = {label: prior[label] for label in ts.labels}
    return LinearRoleModel(
        labels=ts.labels,
        config=config,
        vocabulary={str(k): int(v) for k, v in vectorizer.vocabulary_.items()},
        idf=vectorizer.idf_,
        coef=clf.coef_,
        intercept=clf.intercept_,
        calibration=calibration,
        phrases=ts.phrases,
        examples=ts.examples,
        info=info,
    )


#: Board adaptation (:func:`adapt_model`): each corrected item is moved toward its corrected label
#: until the model gives it this probability (under the model's own prior) …
ADAPT_TARGET = 0.7
#: … but by at most this much (logits of the calibrated probability): a board's corrections are
#: often its oddest cards, and they should nudge the model, not rewrite it. Unbounded, Nebula's 12
#: corrected dev cards cut the strategic share of the board's other dev cards from 20.6 to 8.8 %
#: (true 17.6 %); bounded, 17.6 %, and their macro-F1 rose 0.673 -> 0.684.
ADAPT_MAX_SHIFT = 1.0
#: The item's structure tokens (list, type, labels, story form) take this share of an update: none
#: (session 28). A board's answered items are its odd cards, and a correction moving their list
#: moved the list's other cards: at a quarter, 10 answers per board cut fresh5-dev's unasked
#: strategic items found from 10 to 6 (macro-F1 0.970 -> 0.840); at none, no dev half's unasked
#: items read worse than with the bundled model (bench_adapt.py, models/HISTORY.md).
ADAPT_STRUCTURE_SHARE = 0.0


def adapt_model(
    base: LinearRoleModel,
    tickets: Sequence[Ticket],
    *,
    target: float | None = None,
    max_shift: float | None = None,
    structure_share: float | None = None,
    passes: int = 1,
) -> LinearRoleModel:
    """``base`` adapted to a board's corrected items (``tickets``), changing as little as it can.

    Bounded passive-aggressive updates (Crammer et al. 2006), one per corrected item: the
    weights move along that item's own features toward its corrected label — just enough for
    probability ``ADAPT_TARGET``, at most ``ADAPT_MAX_SHIFT`` logits, the structure tokens taking
    ``ADAPT_STRUCTURE_SHARE`` of it (``passes`` repeats the round). The vocabulary, intercept
    and calibration stay, so the rest of the board keeps its reading except through the words it
    shares with the corrected items (retraining on the bundled data plus a few repeated items
    moved whole lists: GoCD's held-out accuracy fell 0.922 -> 0.797). ``scan --corrections``
    still gives the corrected items themselves the team's label.
    """
    labels = base.labels
    unknown = sorted({t.label for t in tickets} - set(labels))
    if unknown:
        raise ModelError(f"corrections use labels the model does not know: {', '.join(unknown)}")
    unique = list(
        dict.fromkeys((t.title, t.description, t.type, t.column, t.label) for t in tickets)
    )
    if not unique:
        return base
    docs = [Ticket(title, label, desc, typ, col).doc() for title, desc, typ, col, label in unique]
    x = base.transform(docs)
    structure = np.array(
        [f.startswith(META_PREFIXES) for f in sorted(base.vocabulary, key=base.vocabulary.get)]
    )
    structure_share = ADAPT_STRUCTURE_SHARE if structure_share is None else structure_share
    share = np.where(structure, structure_share, 1.0)
    coef = base.coef.copy()
    target = ADAPT_TARGET if target is None else target
    target = math.log(target / (1.0 - target))
    max_shift = ADAPT_MAX_SHIFT if max_shift is None else max_shift
    cal = base.calibration
    for row, (*_, label) in [*enumerate(unique)] * passes:
        k = labels.index(label)
        lo, hi = x.indptr[row], x.indptr[row + 1]
        cols, vals = x.indices[lo:hi], x.data[lo:hi]
        step = vals * share[cols]  # the direction of the update
        size = float(step @ vals)
        if size <= 0:
            continue
        scores = coef[:, cols] @ vals + base.intercept
        if len(labels) == 2:  # p(labels[1]) = sigmoid(a * score + b)
            sign = 1.0 if k == 1 else -1.0
            need = sign * ((sign * target - cal.b) / cal.a - scores[0])  # > 0: to be moved
            if need > 0:
                coef[0, cols] += sign * min(need, max_shift / cal.a) / size * step
        else:  # p(k) / p(rival) = exp((score_k - score_rival) / t)
            others = np.delete(np.arange(len(labels)), k)
            rival = others[np.argmax(scores[others])]
            need = cal.t * target - (scores[k] - scores[rival])
            if need > 0:
                move = min(need, cal.t * max_shift) / (2 * size) * step
                coef[k, cols] += move
                coef[rival, cols] -= move
    adapted = LinearRoleModel(
        labels=labels,
        config=base.config,
        vocabulary=base.vocabulary,
        idf=base.idf,
        coef=coef,
        intercept=base.intercept,
        calibration=base.calibration,
        phrases=base.phrases,
        examples=base.examples,
        info={**base.info, "adapted_to_corrections": len(unique)},
    )
    # A bounded step may leave an odd card on the other side: say how many it now reads as the
    # team labelled them (on their own, without a board's context), so `train` does not promise
    # more than the model learned.
    read = adapted.predict(docs)
    learned = sum(p.label == label for p, (*_, label) in zip(read, unique, strict=True))
    adapted.info["corrections_read_as_labelled"] = learned
    return adapted


def read_default_tickets() -> list[Ticket]:
    """The bundled model's ticket examples: hand-written, then template-built."""
    return read_tickets(TICKETS_CSV) + read_tickets(GENERATED_TICKETS_CSV)


def train_default(
    seed: int = DEFAULT_SEED,
    config: ModelConfig = DEFAULT_CONFIG,
    *,
    use_tickets: bool = True,
) -> LinearRoleModel:
    """The bundled model: models/data/phrases.csv (+ tickets.csv and tickets_generated.csv),
    strategic vs tactical."""
    tickets = read_default_tickets() if use_tickets else []
    return train_model(
        read_phrases(PHRASES_CSV),
        seed=seed,
        labels=DEFAULT_LABELS,
        tickets=tickets,
        config=config,
        prior=DEFAULT_PRIOR,
    )


def main(argv: list[str] | None = None) -> int:
    """The maintainers' step: rebuild the bundled model (``--check``: only say whether it is
    current, to floating-point tolerance; exit 1 when it is not)."""
    parser = argparse.ArgumentParser(description="Rebuild the bundled role model.")
    parser.add_argument("--output", type=Path, default=ARTIFACT)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument(
        "--check",
        action="store_true",
        help="retrain in memory and compare with --output instead of writing it",
    )
    args = parser.parse_args(argv)
    model = train_default(args.seed)
    if args.check:
        shipped = json.loads(args.output.read_text(encoding="utf-8"))
        differences = artifact_differences(shipped, model.to_json())
        for line in differences:
            print(line)
        print(f"{args.output}: {'out of date' if differences else 'current'}")
        return 1 if differences else 0
    model.save(args.output)
    print(f"wrote {args.output} ({len(model.vocabulary)} features, info {model.info})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
