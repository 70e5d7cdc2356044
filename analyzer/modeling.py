"""The role classifier as the commands use it: classify texts, train a model, evaluate one.

Each is one call over :mod:`models` with the options checked once by the caller; errors are
typed (``ModelError``, ``OptionError``), nothing prints. Library use::

    from analyzer.modeling import classify_texts, evaluate_file

    for text, prediction in classify_texts(["Q3 pricing experiment", "Fix login 500"]):
        print(prediction.final_label(0.6), text)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from analyzer.errors import OptionError
from analyzer.options import check_model
from models.interface import DEFAULT_THRESHOLD, ItemDoc, ModelError, Prediction, RoleModel

#: The largest items file ``classify --file`` reads.
MAX_INPUT_BYTES = 100 * 1024 * 1024


def load_checked_model(model: str | Path | None = None) -> RoleModel:
    """The model at ``model`` (None: the bundled one); a missing file or a folder is one line."""
    from models.classifier import load_model  # scikit-learn/scipy: only when a command needs it

    path = None if model is None else Path(model)
    check_model(path)
    return load_model(path)


def classify_texts(
    texts: Sequence[str],
    *,
    item_type: str | None = None,
    model: RoleModel | str | Path | None = None,
) -> list[tuple[str, Prediction]]:
    """Each non-blank text (stripped) with its prediction; ``item_type`` sways the label."""
    items = [t.strip() for t in texts if t.strip()]
    if not items:
        raise OptionError("nothing to classify: give TEXT arguments or --file PATH ('-' for stdin)")
    role_model = model if isinstance(model, RoleModel) else load_checked_model(model)
    predictions = role_model.predict([ItemDoc(title=t, type=item_type) for t in items])
    return list(zip(items, predictions, strict=True))


def read_item_lines(path: str | Path) -> list[str]:
    """Non-blank lines of a text file, stripped; one ModelError line when it cannot be used."""
    file = Path(path)
    try:
        if file.is_dir():
            raise ModelError(f"{file}: is a directory; give a text file with one item per line")
        if file.stat().st_size > MAX_INPUT_BYTES:
            raise ModelError(f"{file}: too large; split it into smaller files")
        raw = file.read_bytes()
    except FileNotFoundError:
        raise ModelError(f"{file}: no such file") from None
    except OSError as error:
        raise ModelError(f"{file}: cannot read it ({error.strerror or error})") from None
    if b"\x00" in raw:
        raise ModelError(f"{file}: a binary file; give a text file with one item per line")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ModelError(f"{file}: not UTF-8 text; save it as UTF-8") from None
    return split_lines(text)


def split_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def prediction_json(text: str, prediction: Prediction, threshold: float) -> dict:
    return {
        "text": text,
        "label": prediction.final_label(threshold),
        "predicted": prediction.label,
        "confidence": round(prediction.confidence, 4),
        "reason": prediction.reason,
        "scores": {k: round(v, 4) for k, v in prediction.scores.items()},
        "top_terms": prediction.top_terms,
        "nearest_phrase": prediction.nearest_phrase,
        "nearest_source": prediction.nearest_source,
    }


# --- train ----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TrainRequest:
    """What ``train`` learns from. ``docs``: role articles; ``taxonomy``: their roles/labels."""

    phrases: Path | None = None
    tickets: Path | None = None
    labels: tuple[str, ...] | None = None
    seed: int = 0
    docs: tuple[Path, ...] = ()
    taxonomy: Path | None = None
    corrections: Path | None = None  # a team's corrections (item key or id -> label)
    board: Path | None = None  # the export the corrections' keys refer to

    @staticmethod
    def parse_labels(text: str | None) -> tuple[str, ...] | None:
        """``--labels a,b`` -> ("a", "b"); blank or None -> None."""
        if not text:
            return None
        return tuple(x.strip().lower() for x in text.split(",") if x.strip()) or None


@dataclass(slots=True)
class DocPhrases:
    """What the role articles gave: the phrases found (and the taxonomy they were read with)."""

    found: list = field(default_factory=list)
    roles: object = None  # models.taxonomy's roles, loaded once

    def summary(self) -> str:
        from models.doc_phrases import summary

        return summary(self.found)

    def lines(self) -> list[str]:
        from models.doc_phrases import dry_run_lines

        return [*dry_run_lines(self.found), self.summary()]


def extract_doc_phrases(request: TrainRequest) -> DocPhrases | None:
    """The phrases ``request.docs`` holds (None without docs)."""
    if not request.docs:
        return None
    from models.doc_phrases import extract_files
    from models.taxonomy import load_taxonomy

    roles = load_taxonomy(request.taxonomy)
    return DocPhrases(extract_files(list(request.docs), roles), roles)


def train_model(request: TrainRequest, docs: DocPhrases | None = None):  # -> LinearRoleModel
    """Train the classifier on the bundled data, the user's phrases/tickets and/or articles."""
    from models.doc_phrases import training_phrases
    from models.taxonomy import load_taxonomy
    from models.train import (
        DEFAULT_LABELS,
        DEFAULT_PRIOR,
        PHRASES_CSV,
        read_default_tickets,
        read_phrases,
        read_tickets,
    )
    from models.train import train_model as fit

    if request.docs and docs is None:
        docs = extract_doc_phrases(request)
    if docs is not None:
        roles = docs.roles
    else:
        roles = load_taxonomy(request.taxonomy) if request.taxonomy else None
    wanted = request.labels or (roles.labels if roles else None)  # type: ignore[attr-defined]
    prior = None  # the bundled data's label shares apply to the bundled data only
    phrases, tickets = request.phrases, request.tickets
    if request.docs:
        rows = [*(read_phrases(phrases) if phrases else []), *training_phrases(docs.found)]
        extra = read_tickets(tickets) if tickets else []
    elif phrases is None:
        rows = read_phrases(PHRASES_CSV)
        extra = read_tickets(tickets) if tickets else read_default_tickets()
        wanted = wanted or DEFAULT_LABELS
        prior = DEFAULT_PRIOR if set(wanted) == set(DEFAULT_LABELS) else None
    else:
        rows = read_phrases(phrases)
        extra = read_tickets(tickets) if tickets else []
    if request.corrections is not None:
        extra = [*extra, *correction_tickets(request, wanted or DEFAULT_LABELS)]
    return fit(rows, seed=request.seed, labels=wanted, tickets=extra, prior=prior)


def correction_tickets(request: TrainRequest, labels: Sequence[str]) -> list:
    """The corrections as training examples, read against ``request.board`` when given."""
    from analyzer.corrections import read_corrections, training_tickets

    corrections = read_corrections(request.corrections)  # type: ignore[arg-type]
    items = None
    if request.board is not None:
        from connectors.exports import read_export

        items = read_export(request.board, activity_details=False).items
    return training_tickets(corrections, items, labels)


# --- evaluate -----------------------------------------------------------------------------------


def evaluate_file(
    path: str | Path,
    model: RoleModel | str | Path | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    *,
    split: str | None = None,
):  # -> models.evaluate.Evaluation
    """Measure a model on a labelled CSV (only rows of ``split`` when given)."""
    from models.evaluate import evaluate, read_labelled

    items = read_labelled(Path(path), split=split)
    role_model = model if isinstance(model, RoleModel) else load_checked_model(model)
    return evaluate(role_model, items, threshold)
