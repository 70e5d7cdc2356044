"""Session 27 (issue 12): the issue type's token weakened alone, by kind of type.

Session 26's list weight (``research/s26_list_weight.py``) found that weakening a status-list
item's ``type:`` and ``level:`` tokens along with its list reached typed misses no list weight
reaches (a Sub-task in To Do, a Task whose type was the evidence against it) and, at 0.5 without
Done lists kept, made dozens of false calls on one Jira board. This variant leaves every list
token at its full weight and weakens only the type: an item whose canonical issue type
(:func:`models.features.normalise_type`, the one table of localised names: a Spanish "Subtarea"
is ``sub-task``, a French "Tâche" ``task``) is one of ``--types`` has its ``type:`` token counted
``--weight W`` instead of 1 (``1 + log W`` after the sublinear TF: 0.31 at 0.5, 0.71 at 0.75),
in training and in prediction; with ``--level`` its ``level:`` token too; with
``--min-description N`` only when the description the model reads (cut and cleaned) holds at
least ``N`` characters (training's longest description is 76 characters, so ``N`` above that
leaves training as it is and weakens the type in prediction only); with ``--predict-only``
training keeps every type at weight 1 (the shipped vectoriser) and only the reading weakens it;
with ``--plain-prior`` the board's prior (``LinearRoleModel.estimate_prior``, the EM over the
board's items) is estimated from the unweakened rows and only the items' own reading weakens it
(a board of many weakened sub-tasks otherwise raises its own strategic share and tips over items
of other types).

``--types`` takes canonical type names, comma-separated, or one of the kinds: ``delivery`` (task,
sub-task, bug, story, improvement), ``tasks`` (task, sub-task), ``subtask`` (sub-task).

Installed through ``research.s26_title_weight`` (title and description at weight 1: its weighted
per-doc paths, a fourth part for the weakened tokens; the research re-read's set-aside columns
answer for it), before ``real_dev_sweep`` runs (each draw retrained):

    python -m research.s27_type_weight --weight 0.5 --types delivery [--level]
        [--min-description N] [--predict-only] [--plain-prior] -- <sweep arguments>

``--weight 1`` is the neutral setting: main's sweep line for line.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import models.classifier as classifier  # noqa: E402
import models.model_config as model_config  # noqa: E402
from models import train  # noqa: E402
from models.features import doc_parts  # noqa: E402
from research import s26_title_weight as title_weight  # noqa: E402

#: the part of a weakened type or level token (after the title weight's META, TITLE, DESCRIPTION)
WEAK = 3

#: kinds of type (canonical names, ``connectors.mapping.issue_types.TYPE_NAMES``)
KINDS = {
    "delivery": ("task", "sub-task", "bug", "story", "improvement"),
    "tasks": ("task", "sub-task"),
    "subtask": ("sub-task",),
}


def type_names(spec: str) -> frozenset[str]:
    """The canonical type names ``spec`` says: a kind (:data:`KINDS`) or names, comma-separated."""
    names: set[str] = set()
    for part in spec.split(","):
        part = part.strip().lower()
        if part:
            names.update(KINDS.get(part, (part,)))
    if not names:
        raise ValueError("no issue type named")
    return frozenset(names)


#: what the installed variant weakens (set by :func:`install`)
_SETTING: dict[str, Any] = {"tokens": frozenset(), "level": False, "min_description": 0}


def typed_features(
    doc: Any, config: classifier.ModelConfig, language: str | None = model_config._DETECT
) -> tuple[list[str], list[int]]:
    """The title weight's features and parts; the ``type:`` token of an item of a weakened type
    (with ``level`` its ``level:`` token too) in the part ``WEAK``."""
    feats, parts = _plain_features(doc, config, language)
    tokens = _SETTING["tokens"]
    if not tokens or not any(f in tokens for f in feats):
        return feats, parts
    if _SETTING["min_description"]:
        said = doc_parts(doc, config.features)[1].strip()
        if len(said) < _SETTING["min_description"]:
            return feats, parts
    for i, (f, p) in enumerate(zip(feats, parts, strict=True)):
        if p == title_weight.META and (f in tokens or (_SETTING["level"] and f[:6] == "level:")):
            parts[i] = WEAK
    return feats, parts


_plain_features = title_weight.weighted_features


@contextmanager
def install(
    weight: float,
    types: Sequence[str] | str = "delivery",
    level: bool = False,
    min_description: int = 0,
    predict_only: bool = False,
    plain_prior: bool = False,
) -> Iterator[None]:
    """The variant in place (training and prediction), undone on exit."""
    if weight < 1 / math.e:
        raise ValueError("a weight below 1/e makes a token met once count against its row")
    names = type_names(types) if isinstance(types, str) else frozenset(types)
    model = classifier.LinearRoleModel
    plain_aside, plain_pipeline = model._aside_columns, train.make_pipeline
    plain_estimate = model.estimate_prior

    def aside_columns(self: Any) -> np.ndarray:
        plain = plain_aside(self)
        return np.tile(plain, WEAK + 1) if getattr(self, "_weighted_pairs", False) else plain

    def estimate_prior(self: Any, docs: Sequence[Any]) -> Any:
        tokens = _SETTING["tokens"]
        _SETTING["tokens"] = frozenset()
        try:
            return plain_estimate(self, docs)
        finally:
            _SETTING["tokens"] = tokens

    with title_weight.install(1.0):
        saved = (title_weight._WEIGHTS, title_weight.weighted_features, model._aside_columns)
        weighted_pipeline = train.make_pipeline
        try:
            if predict_only:  # trained as shipped: weight 1 everywhere is the plain vectoriser
                train.make_pipeline = plain_pipeline
            title_weight._WEIGHTS = np.array([1.0, 1.0, 1.0, weight])
            title_weight.weighted_features = typed_features
            model._aside_columns = aside_columns
            if plain_prior:
                model.estimate_prior = estimate_prior
            _SETTING.update(
                tokens=frozenset("type:" + n for n in names),
                level=level,
                min_description=max(0, int(min_description)),
            )
            yield
        finally:
            _SETTING.update(tokens=frozenset(), level=False, min_description=0)
            title_weight._WEIGHTS, title_weight.weighted_features = saved[:2]
            model._aside_columns = saved[2]
            model.estimate_prior = plain_estimate
            train.make_pipeline = weighted_pipeline


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--weight", type=float, required=True, help="a weakened type's count")
    parser.add_argument(
        "--types", default="delivery", help="a kind (delivery, tasks, subtask) or type names"
    )
    parser.add_argument("--level", action="store_true", help="their level token too")
    parser.add_argument(
        "--min-description", type=int, default=0, help="only items with this many characters"
    )
    parser.add_argument("--predict-only", action="store_true", help="training keeps the types")
    parser.add_argument("--plain-prior", action="store_true", help="the board prior unweakened")
    parser.add_argument("sweep", nargs=argparse.REMAINDER, help="-- research.real_dev_sweep's")
    args = parser.parse_args(argv)
    rest = args.sweep[1:] if args.sweep[:1] == ["--"] else args.sweep
    from research import real_dev_sweep

    with install(
        args.weight,
        args.types,
        args.level,
        args.min_description,
        args.predict_only,
        args.plain_prior,
    ):
        return real_dev_sweep.main(rest)


if __name__ == "__main__":
    raise SystemExit(main())
