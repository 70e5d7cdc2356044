"""Session 26 (issue 12): a list token weakened only where the list says where an item is in
its life.

Session 26's title weight (``research/s26_title_weight.py``) found a few of issue 12's misses
(howgoesit, pdp_kaizen, ihk, bpi) by lowering the list and type tokens' share of a card's row,
and made a board's description-less Done cards strategic on the way (jsai2021). This variant
lowers the metadata only where the list is a *status* list — named after a stage of an item's
life (To Do, Backlog, Doing, In progress, Review, QA, Done, Archive … in five languages:
``models.rules``'s stage words and ``research.real_dev_sweep.STATUS_LIST_WORDS``) and not also
after direction work (a mixed "Backlog/Ideas" list is left alone, as are lists that name kinds
of work: Roadmap, Ideas, Discovery, Bugs …). Each ``column:`` token of such an item counts
``--weight W`` (1 + log W after the sublinear TF: 0.31 at 0.5, 0.71 at 0.75), in training and
in prediction; with ``--types`` the item's ``type:`` and ``level:`` tokens too; with
``--keep-done`` a Done list (done, closed, finished, completed and their es/fr/de/pt names; not
an archive) keeps its full weight.

Installed through ``research.s26_title_weight`` (title and description at weight 1: its
weighted per-doc paths, a fourth part for the weakened tokens), before ``real_dev_sweep`` runs
(each draw retrained):

    python -m research.s26_list_weight --weight 0.5 [--types] [--keep-done] -- <sweep arguments>

``--weight 1`` is the neutral setting: main's sweep line for line.
"""

from __future__ import annotations

import argparse
import functools
import math
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import models.classifier as classifier  # noqa: E402
import models.model_config as model_config  # noqa: E402
from models import rules  # noqa: E402
from models.language import fold_accents  # noqa: E402
from research import s26_title_weight as title_weight  # noqa: E402
from research.real_dev_sweep import STATUS_LIST_WORDS  # noqa: E402

#: the part of a weakened metadata token (after the title weight's META, TITLE, DESCRIPTION)
WEAK = 3

# Stage words the rules' list (``rules._STAGE``) and the sweep's set leave out.
_MORE_STAGES = re.compile(r"\b(?:review|reviewing|testing|in\stest|blocked|progress|wip)\b")
_DONE = re.compile(
    r"\b(?:done|closed|finished|complete|completed|resolved|hecho|hechos|terminados?|"
    r"completados?|finalizados?|cerrados?|fait|faits|termines?|terminees?|clos|fermes?|"
    r"erledigt|fertig|abgeschlossen|concluidos?|feitos?|fechados?)\b"
)


def _said(column: str) -> str:
    return rules._SEPARATORS.sub(" ", fold_accents(column).lower())


@functools.lru_cache(maxsize=4096)
def status_list(column: str | None) -> bool:
    """Whether a list's name says where an item is in its life, and no kind of work."""
    if not column:
        return False
    where = _said(column)
    if rules._LIST_DIRECTION.search(where) or rules._LIST_ONLY_DIRECTION.search(where):
        return False
    staged = rules._STAGE.search(where) or _MORE_STAGES.search(where)
    return bool(staged or any(w in STATUS_LIST_WORDS for w in where.split()))


@functools.lru_cache(maxsize=4096)
def done_list(column: str | None) -> bool:
    """Whether a status list holds finished work (not an archive)."""
    return bool(column) and status_list(column) and bool(_DONE.search(_said(column or "")))


#: what the installed variant weakens (set by :func:`install`)
_SETTING = {"types": False, "keep_done": False}


def listed_features(
    doc: Any, config: classifier.ModelConfig, language: str | None = model_config._DETECT
) -> tuple[list[str], list[int]]:
    """The title weight's features and parts, a status list's ``column:`` tokens (and with
    ``types`` its type and level tokens) in the part ``WEAK``."""
    feats, parts = _plain_features(doc, config, language)
    column = getattr(doc, "column", None)
    if not status_list(column) or (_SETTING["keep_done"] and done_list(column)):
        return feats, parts
    weak = ("column:", "type:", "level:") if _SETTING["types"] else ("column:",)
    for i, (f, p) in enumerate(zip(feats, parts, strict=True)):
        if p == title_weight.META and f.startswith(weak):
            parts[i] = WEAK
    return feats, parts


_plain_features = title_weight.weighted_features


@contextmanager
def install(weight: float, types: bool = False, keep_done: bool = False) -> Iterator[None]:
    """The variant in place (training and prediction), undone on exit."""
    if weight < 1 / math.e:
        raise ValueError("a weight below 1/e makes a token met once count against its row")
    model = classifier.LinearRoleModel
    plain_aside = model._aside_columns

    def aside_columns(self: Any) -> np.ndarray:
        plain = plain_aside(self)
        return np.tile(plain, WEAK + 1) if getattr(self, "_weighted_pairs", False) else plain

    with title_weight.install(1.0):
        saved = (title_weight._WEIGHTS, title_weight.weighted_features, model._aside_columns)
        try:
            title_weight._WEIGHTS = np.array([1.0, 1.0, 1.0, weight])
            title_weight.weighted_features = listed_features
            model._aside_columns = aside_columns
            _SETTING.update(types=types, keep_done=keep_done)
            yield
        finally:
            _SETTING.update(types=False, keep_done=False)
            title_weight._WEIGHTS, title_weight.weighted_features = saved[:2]
            model._aside_columns = saved[2]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--weight", type=float, required=True, help="a status list token's count")
    parser.add_argument("--types", action="store_true", help="its type and level tokens too")
    parser.add_argument("--keep-done", action="store_true", help="a Done list keeps weight 1")
    parser.add_argument("sweep", nargs=argparse.REMAINDER, help="-- research.real_dev_sweep's")
    args = parser.parse_args(argv)
    rest = args.sweep[1:] if args.sweep[:1] == ["--"] else args.sweep
    from research import real_dev_sweep

    with install(args.weight, args.types, args.keep_done):
        return real_dev_sweep.main(rest)


if __name__ == "__main__":
    raise SystemExit(main())
