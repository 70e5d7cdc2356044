"""The model artifact: a :class:`~models.classifier.LinearRoleModel` as plain JSON and back.

Never pickle: a model file is data a user may hand us, so it is parsed as JSON and every part is
checked (labels, vocabulary, array sizes, finite numbers, phrase references) before a model is
built; anything else is one :class:`~models.interface.ModelError` line saying what to do.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from models.calibration import (
    Calibration,
    _finite,
)
from models.classifier import FORMAT, FORMAT_VERSION, MAX_MODEL_BYTES, LinearRoleModel
from models.interface import ItemDoc, ModelError
from models.model_config import ModelConfig
from models.source_phrases import (
    SourcePhrase,
)


def model_json(model: LinearRoleModel) -> dict[str, Any]:
    """The model as the artifact's JSON document (numbers to 8 significant digits)."""
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "labels": list(model.labels),
        "config": model.config.to_json(),
        "vocabulary": list(model._feature_names()),  # a copy: callers may edit it
        "idf": _floats(model.idf),
        "coef": [_floats(row) for row in model.coef],
        "intercept": _floats(model.intercept),
        "calibration": model.calibration.to_json(),
        "phrases": [
            {
                "id": p.id,
                "text": p.text,
                "label": p.label,
                "source": p.source,
                "section": p.section,
            }
            for p in model.phrases
        ],
        "examples": [_example_json(doc, i) for doc, i in model.examples],
        "info": model.info,
    }


def save_model(model: LinearRoleModel, path: Path) -> None:
    path = Path(path)
    text = json.dumps(model_json(model), ensure_ascii=False, separators=(",", ":"))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text + "\n", encoding="utf-8")
    except OSError as error:
        reason = error.strerror or type(error).__name__
        advice = "; pick another --output" if isinstance(error, PermissionError) else ""
        raise ModelError(f"{path}: cannot write the model ({reason}){advice}") from None


def read_model_json(path: Path) -> Any:
    """The parsed JSON of a model file, or one ModelError line saying what is wrong with it."""
    path = Path(path)
    if path.is_dir():
        raise ModelError(f"{path}: is a directory, not a model file")
    try:
        size = path.stat().st_size
        if size > MAX_MODEL_BYTES:
            raise ModelError(f"{path}: {size} bytes is too large to be a model file")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ModelError(
            f"{path}: no such model file; omit --model to use the bundled one"
        ) from None
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise ModelError(f"{path}: cannot read the model ({reason})") from None
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise ModelError(
            f"{path}: not a backlog-analyzer model (not JSON); "
            "train one with `backlog-analyzer train`"
        ) from None
    return data


def model_from_json(data: Any, origin: str = "model") -> LinearRoleModel:
    """A model from its JSON document, checked; one ModelError line when it is not one."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ModelError(
            f"{origin}: not a backlog-analyzer model (no '{FORMAT}' format marker); "
            "train one with `backlog-analyzer train`"
        )
    version = data.get("format_version")
    if version != FORMAT_VERSION:
        raise ModelError(
            f"{origin}: model format version {version!r} is not supported (expected "
            f"{FORMAT_VERSION}); retrain it with `backlog-analyzer train`"
        )
    try:
        return _from_checked(data)
    except (KeyError, TypeError, ValueError, IndexError, AttributeError) as error:
        what = f"missing field {error}" if isinstance(error, KeyError) else str(error)
        what = " ".join(what.split())[:160]
        raise ModelError(
            f"{origin}: damaged model file ({what}); retrain it with `backlog-analyzer train`"
        ) from None


def _from_checked(data: dict[str, Any]) -> LinearRoleModel:
    labels = data["labels"]
    if (
        not isinstance(labels, list)
        or len(labels) < 2
        or not all(isinstance(x, str) and x for x in labels)
        or len(set(labels)) != len(labels)
    ):
        raise ValueError("labels must be two or more distinct names")
    config = ModelConfig.from_json(data["config"])
    names = data["vocabulary"]
    if not isinstance(names, list) or not all(isinstance(x, str) for x in names):
        raise ValueError("vocabulary must be a list of strings")
    vocabulary = {name: i for i, name in enumerate(names)}
    if len(vocabulary) != len(names):
        raise ValueError("vocabulary has duplicates")
    size = len(names)
    idf = _vector(data["idf"], size, "idf")
    rows = 1 if len(labels) == 2 else len(labels)
    coef_rows = data["coef"]
    if not isinstance(coef_rows, list) or len(coef_rows) != rows:
        raise ValueError(f"coef must have {rows} rows")
    coef = np.vstack([_vector(r, size, "coef") for r in coef_rows])
    intercept = _vector(data["intercept"], rows, "intercept")
    calibration = Calibration.from_json(data["calibration"])
    if (calibration.kind == "platt") != (len(labels) == 2):
        raise ValueError("calibration does not match the number of labels")
    phrases = []
    for p in data["phrases"]:
        phrase = SourcePhrase(
            text=str(p["text"]),
            label=str(p["label"]),
            id=str(p.get("id", "")),
            source=str(p.get("source", "")),
            section=str(p.get("section", "")),
        )
        phrases.append(phrase)
    examples = []
    for e in data["examples"]:
        index = int(e["phrase"])
        if not 0 <= index < len(phrases):
            raise ValueError(f"example points to phrase {index}, which does not exist")
        examples.append((_example_doc(e), index))
    info = data.get("info") or {}
    if not isinstance(info, dict):
        raise ValueError("info must be an object")
    return LinearRoleModel(
        labels=labels,
        config=config,
        vocabulary=vocabulary,
        idf=idf,
        coef=coef,
        intercept=intercept,
        calibration=calibration,
        phrases=phrases,
        examples=examples,
        info=info,
    )


def _floats(values: np.ndarray) -> list[float]:
    return [float(f"{v:.8g}") for v in np.asarray(values, dtype=np.float64).ravel()]


def _vector(values: Any, size: int, name: str) -> np.ndarray:
    if not isinstance(values, list) or len(values) != size:
        raise ValueError(f"{name} must hold {size} numbers")
    array = np.asarray([_finite(v) for v in values], dtype=np.float64)
    return array


def _example_json(doc: ItemDoc, phrase: int) -> dict[str, Any]:
    out: dict[str, Any] = {"title": doc.title, "phrase": phrase}
    if doc.description:
        out["description"] = doc.description
    if doc.type:
        out["type"] = doc.type
    if doc.column:
        out["column"] = doc.column
    return out


def _example_doc(data: dict[str, Any]) -> ItemDoc:
    return ItemDoc(
        title=str(data["title"]),
        description=str(data.get("description") or ""),
        type=str(data["type"]) if data.get("type") else None,
        column=str(data["column"]) if data.get("column") else None,
    )
