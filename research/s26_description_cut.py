"""Session 26 (issues 12 and 16): how much of a description should the model read?

The bundled model reads each item's title and the first ``FeatureConfig.description_chars``
(600) characters of its description; the language check reads as many (``SCRIPT_CHARS``) and
the Jira CSV reader keeps no more than the larger of the two
(``LinearRoleModel.description_chars``).
Descriptions are most of the words a scan reads, so a shorter cut is cheaper — does it cost
quality on the **dev** halves (real ``dev``, ``fresh-dev`` … ``fresh10-dev``; never a
``*-test`` half)?

A variant sets, for one run of ``research.real_dev_sweep`` (each draw retrained, as the bundled
recipe trains):

- the features' cut (``train.DEFAULT_CONFIG``: training, and the artifact prediction reads);
- every other reading of a description that follows the model's (:func:`install`): the language
  check's ``SCRIPT_CHARS`` and its Italian-hint re-read (first 300 characters), the list-only
  rule's word count (``rules._few_words``), and at a cut of 0 the title rules (an item the
  model reads by its title alone has no description for them to set aside; the batch path
  already says so, the per-doc path asked the whole description).

``--first-sentence``: the description's first sentence or line (at least
:data:`MIN_SENTENCE` characters, at most the cut) instead of its first N characters.

    python -m research.s26_description_cut --chars 300 [--first-sentence] -- <sweep arguments>

e.g. ``-- --seeds 12,1,2,3,4,5,6,7 --fresh /work/freshdata … --fresh10 /work/freshdata10
--keep DIR`` (the kept models are the variant's: one folder per variant). Prints what the sweep
prints (ids and numbers, never a title).
"""

from __future__ import annotations

import argparse
import dataclasses
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import analyzer.pipeline as pipeline  # noqa: E402
import models._fastpath as fastpath  # noqa: E402
import models._reading as reading  # noqa: E402
import models.classifier as classifier  # noqa: E402
import models.features as features  # noqa: E402
import models.language as language  # noqa: E402
import models.rules as rules  # noqa: E402
from models import train  # noqa: E402

#: a first sentence shorter than this reads on to the next end (a heading, "Hi team.")
MIN_SENTENCE = 40
_SENTENCE_END = re.compile(r"[.!?](?=\s)|\n")


def first_sentence(text: str, chars: int) -> str:
    """``text``'s first sentence or line of at least ``MIN_SENTENCE`` characters (its end mark
    kept), within its first ``chars``."""
    text = text[:chars]
    for end in _SENTENCE_END.finditer(text, MIN_SENTENCE):
        return text[: end.end()]
    return text


def _cutter(chars: int, sentence: bool) -> Callable[[str], str]:
    if sentence:
        return lambda text: first_sentence(text, chars)
    return lambda text: text[:chars]


@contextmanager
def install(chars: int, sentence: bool = False, model_only: bool = False) -> Iterator[None]:
    """The variant in place (training config, prediction and the other readers; with
    ``model_only`` the model's cut alone), undone on exit."""
    saved: list[tuple[Any, str, Any]] = []

    def put(owner: Any, name: str, value: Any) -> None:
        saved.append((owner, name, getattr(owner, name)))
        setattr(owner, name, value)

    try:
        config = train.DEFAULT_CONFIG
        features_cut = dataclasses.replace(config.features, description_chars=chars)
        put(train, "DEFAULT_CONFIG", dataclasses.replace(config, features=features_cut))
        if not model_only:
            _readers(put, chars, _cutter(chars, sentence), sentence)
        yield
    finally:
        for owner, name, value in reversed(saved):
            setattr(owner, name, value)


def _readers(
    put: Callable[[Any, str, Any], None], chars: int, cut: Callable, sentence: bool
) -> None:
    """Every other reading of a description cut as the model's is (see the module's text)."""
    # The language check reads no more than the model does (classifier's copy decides whether
    # the batch's texts hold what it reads).
    put(language, "SCRIPT_CHARS", chars)
    put(classifier, "SCRIPT_CHARS", chars)
    put(reading, "SCRIPT_CHARS", chars)
    unread = language.unread_language

    def unread_cut(title: str, description: str = "") -> str | None:
        return unread(title, cut(description or ""))

    for owner in (language, classifier, pipeline):
        put(owner, "unread_language", unread_cut)
    few = rules._few_words

    def few_cut(doc: Any, most: int) -> bool:
        return few(_Doc(doc.title, cut(getattr(doc, "description", None) or "")), most)

    put(rules, "_few_words", few_cut)
    if sentence:
        parts, texts = features.doc_parts, fastpath.doc_texts

        def parts_cut(doc: Any, fc: features.FeatureConfig) -> tuple[str, str]:
            return parts(_Doc(doc.title, cut(doc.description or "")), fc)

        def texts_cut(docs: Any, n: int) -> tuple[list[str], list[int], list[int]]:
            out, _, cleaned = texts([_Doc(d.title, cut(d.description or "")) for d in docs], n)
            # a row is wide by its whole text, as the shipped reading says
            return out, [i for i, d in enumerate(docs) if not _ascii(d)], cleaned

        put(features, "doc_parts", parts_cut)
        put(reading, "doc_texts", texts_cut)
    if chars == 0:  # the title rules have no description to set aside

        def title_checked(self, docs, proba, *args, **kwargs):  # type: ignore[no-untyped-def]
            return proba

        put(classifier.LinearRoleModel, "_title_checked", title_checked)


def _ascii(doc: Any) -> bool:
    return (doc.title or "").isascii() and (doc.description or "").isascii()


@dataclasses.dataclass(frozen=True, slots=True)
class _Doc:
    title: str | None
    description: str


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chars", type=int, required=True, help="the description's cut")
    parser.add_argument("--first-sentence", action="store_true")
    parser.add_argument(
        "--model-only", action="store_true", help="the model's cut alone (no other reader's)"
    )
    parser.add_argument("sweep", nargs=argparse.REMAINDER, help="-- research.real_dev_sweep's")
    args = parser.parse_args(argv)
    rest = args.sweep[1:] if args.sweep[:1] == ["--"] else args.sweep
    from research import real_dev_sweep

    with install(args.chars, args.first_sentence, args.model_only):
        return real_dev_sweep.main(rest)


if __name__ == "__main__":
    raise SystemExit(main())
