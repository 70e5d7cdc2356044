"""Measure a role model on a labelled CSV: per-label precision/recall/F1, macro-F1, confusion
matrix, expected calibration error, and coverage/accuracy above the uncertainty threshold.

The CSV needs ``text`` and ``label`` columns; ``type``, ``description``, ``column`` and ``labels``
(``;``-separated) are used when present; other columns (e.g. ``split``) are ignored unless a
``split`` filter is given.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from models.interface import DEFAULT_THRESHOLD, UNCERTAIN, ItemDoc, ModelError, RoleModel

ECE_BINS = 10
MAX_CSV_BYTES = 100 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class LabelledItem:
    doc: ItemDoc
    label: str


def read_labelled(path: Path, split: str | None = None) -> list[LabelledItem]:
    """Rows of a labelled CSV (``text,label[,type][,description]``); ModelError (one line) if the
    file is unusable. ``split`` keeps only rows whose ``split`` column equals it."""
    path = Path(path)
    try:
        if path.is_dir():
            raise ModelError(f"{path}: is a directory; give a CSV file with text,label columns")
        if path.stat().st_size > MAX_CSV_BYTES:
            raise ModelError(f"{path}: too large for a labelled CSV")
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise ModelError(f"{path}: no such file") from None
    except UnicodeDecodeError:
        raise ModelError(f"{path}: not a UTF-8 text file; give a CSV with text,label") from None
    except OSError as error:
        raise ModelError(f"{path}: cannot read it ({error.strerror or error})") from None
    if "\x00" in text:
        raise ModelError(f"{path}: a binary file, not a CSV with text,label columns")
    if not text.strip():
        raise ModelError(f"{path}: empty file; expected a CSV with text,label columns")
    items: list[LabelledItem] = []
    try:
        reader = csv.DictReader(text.splitlines())
        header = [h.strip().lower() for h in (reader.fieldnames or [])]
        missing = [c for c in ("text", "label") if c not in header]
        if missing:
            raise ModelError(
                f"{path}: missing column(s) {','.join(missing)}; "
                "expected a CSV with text,label[,type][,description]"
            )
        if split is not None and "split" not in header:
            raise ModelError(f"{path}: no split column, so --split {split} cannot be applied")
        reader.fieldnames = header
        for line, row in enumerate(reader, start=2):
            if None in row:
                raise ModelError(f"{path}: line {line} has more fields than the header")
            row = {k: (v or "").strip() for k, v in row.items()}
            if not any(row.values()):
                continue
            if split is not None and row.get("split") != split:
                continue
            if not row["text"] or not row["label"]:
                raise ModelError(
                    f"{path}: line {line}: empty {'text' if not row['text'] else 'label'}"
                )
            labels = tuple(x.strip() for x in row.get("labels", "").split(";") if x.strip())
            doc = ItemDoc(
                title=row["text"],
                description=row.get("description", ""),
                type=row.get("type") or None,
                labels=labels,
                column=row.get("column") or None,
            )
            items.append(LabelledItem(doc, row["label"].lower()))
    except csv.Error as error:
        raise ModelError(f"{path}: malformed CSV ({error})") from None
    if not items:
        raise ModelError(f"{path}: no labelled rows" + (f" in split {split!r}" if split else ""))
    return items


@dataclass(frozen=True, slots=True)
class LabelMetrics:
    label: str
    precision: float
    recall: float
    f1: float
    support: int


@dataclass(frozen=True, slots=True)
class Evaluation:
    n: int
    labels: list[str]
    per_label: list[LabelMetrics]
    macro_f1: float
    accuracy: float
    confusion: list[list[int]]  # rows: true label, columns: predicted label (order of labels)
    ece: float
    threshold: float
    coverage: float  # share of items whose confidence is >= threshold
    accuracy_above_threshold: float | None  # accuracy on those items (None when there are none)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def expected_calibration_error(
    confidence: np.ndarray, correct: np.ndarray, bins: int = ECE_BINS
) -> float:
    """Weighted mean |accuracy - confidence| over equal-width confidence bins."""
    if len(confidence) == 0:
        return 0.0
    edges = np.linspace(0.0, 1.0, bins + 1)
    which = np.clip(np.digitize(confidence, edges[1:-1], right=True), 0, bins - 1)
    total = 0.0
    for b in range(bins):
        mask = which == b
        if mask.any():
            total += mask.sum() * abs(correct[mask].mean() - confidence[mask].mean())
    return float(total / len(confidence))


def score(
    true: Sequence[str],
    predicted: Sequence[str],
    confidence: Sequence[float],
    labels: Sequence[str],
    threshold: float = DEFAULT_THRESHOLD,
    unread: Sequence[bool] | None = None,
) -> Evaluation:
    """The metrics for given predictions (labels = the model's labels, in its order).
    ``unread``: per item, whether the model does not read its language — never covered, as a
    report calls it ``uncertain`` at any threshold."""
    labels = list(labels)
    t = np.asarray(true)
    p = np.asarray(predicted)
    conf = np.asarray(confidence, dtype=np.float64)
    index = {label: i for i, label in enumerate(labels)}
    confusion = np.zeros((len(labels), len(labels)), dtype=int)
    for a, b in zip(t, p, strict=True):
        confusion[index[a], index[b]] += 1
    per_label = []
    for i, label in enumerate(labels):
        tp = confusion[i, i]
        predicted_n = confusion[:, i].sum()
        actual_n = confusion[i, :].sum()
        precision = tp / predicted_n if predicted_n else 0.0
        recall = tp / actual_n if actual_n else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_label.append(LabelMetrics(label, _r(precision), _r(recall), _r(f1), int(actual_n)))
    present = [m for m in per_label if m.support > 0] or per_label
    correct = t == p
    above = conf >= threshold
    if unread is not None:
        above &= ~np.asarray(unread, dtype=bool)
    return Evaluation(
        n=len(t),
        labels=labels,
        per_label=per_label,
        macro_f1=_r(float(np.mean([m.f1 for m in present]))),
        accuracy=_r(float(correct.mean())) if len(t) else 0.0,
        confusion=confusion.tolist(),
        ece=_r(expected_calibration_error(conf, correct)),
        threshold=threshold,
        coverage=_r(float(above.mean())) if len(t) else 0.0,
        accuracy_above_threshold=_r(float(correct[above].mean())) if above.any() else None,
    )


def evaluate(
    model: RoleModel, items: Sequence[LabelledItem], threshold: float = DEFAULT_THRESHOLD
) -> Evaluation:
    unknown = sorted({it.label for it in items} - set(model.labels))
    if unknown:
        raise ModelError(
            f"label(s) {', '.join(unknown)} are not ones the model knows "
            f"({', '.join(model.labels)})"
        )
    predictions = model.predict([it.doc for it in items])
    return score(
        [it.label for it in items],
        [p.label for p in predictions],
        [p.confidence for p in predictions],
        model.labels,
        threshold,
        unread=[p.final_label(0.0) == UNCERTAIN for p in predictions],
    )


def render_text(ev: Evaluation) -> str:
    """A plain-text report of an evaluation."""
    width = max(len(label) for label in ev.labels + ["macro"]) + 2
    lines = [f"{ev.n} items", "", f"{'label':<{width}}precision  recall     f1  support"]
    for m in ev.per_label:
        lines.append(
            f"{m.label:<{width}}{m.precision:9.3f}  {m.recall:6.3f}  {m.f1:5.3f}  {m.support:7d}"
        )
    lines += [
        "",
        f"macro-F1: {ev.macro_f1:.3f}",
        f"accuracy: {ev.accuracy:.3f}",
        f"ECE ({ECE_BINS} bins): {ev.ece:.3f}",
        f"coverage at confidence >= {ev.threshold:g}: {ev.coverage:.3f}",
        "accuracy above threshold: "
        + ("n/a" if ev.accuracy_above_threshold is None else f"{ev.accuracy_above_threshold:.3f}"),
        "",
        "confusion matrix (rows: true, columns: predicted)",
    ]
    cell = max(7, width)
    lines.append(" " * width + "".join(f"{label:>{cell}}" for label in ev.labels))
    for label, row in zip(ev.labels, ev.confusion, strict=True):
        lines.append(f"{label:<{width}}" + "".join(f"{v:>{cell}d}" for v in row))
    return "\n".join(lines) + "\n"


def _r(value: float) -> float:
    return round(float(value), 4)
