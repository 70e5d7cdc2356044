"""Which features a model reads (:class:`ModelConfig`, stored in its artifact) and how one item
becomes those features (:func:`analyse`): what training fits the vectoriser with.

The batch path (:meth:`models.classifier.LinearRoleModel.transform`) reads the same features of
many items at once, from their words; a model with character n-grams, and research that puts a
variant of :func:`analyse` here (with ``models._reading.PER_DOC_FEATURES``), read each item
through this module's :func:`analyse` (looked up when called: the one seam to patch).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from models.features import FeatureConfig, doc_text, meta_features, words
from models.interface import ItemDoc
from models.language import has_links, item_language, link_free
from models.languages_read import stop_words

CHAR_PREFIX = "#"  # character n-gram features start with this; they never show in reasons


_DETECT = "detect"  # analyse's default: the item's language from its own words


# --- features ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ModelConfig:
    """Which features the model reads and which linear classifier was fitted."""

    features: FeatureConfig = field(default_factory=FeatureConfig)
    words: bool = True  # words and word bigrams (bigrams per ``features.ngram_max``)
    char_ngrams: tuple[int, int] | None = None  # e.g. (3, 5): character n-grams inside words
    classifier: str = "logreg"  # "logreg" or "svm" (linear SVM); both Platt-calibrated
    c: float = 4.0  # inverse regularisation strength

    def to_json(self) -> dict[str, Any]:
        return {
            "features": self.features.to_json(),
            "words": self.words,
            "char_ngrams": list(self.char_ngrams) if self.char_ngrams else None,
            "classifier": self.classifier,
            "c": self.c,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ModelConfig:
        chars = data.get("char_ngrams")
        char_ngrams = None
        if chars is not None:
            lo, hi = (int(v) for v in chars)
            if not 1 <= lo <= hi <= 10:
                raise ValueError(f"bad char_ngrams {chars}")
            char_ngrams = (lo, hi)
        classifier = str(data["classifier"])
        if classifier not in ("logreg", "svm"):
            raise ValueError(f"unknown classifier {classifier!r}")
        return cls(
            features=FeatureConfig.from_json(data["features"]),
            words=bool(data["words"]),
            char_ngrams=char_ngrams,
            classifier=classifier,
            c=float(data["c"]),
        )


def analyse(doc: ItemDoc, config: ModelConfig, language: str | None = _DETECT) -> list[str]:
    """The features of one item: words, bigrams, character n-grams, metadata tokens; the
    function words of the item's ``language`` left out (by default the language its own words
    vote for, :func:`models.language.item_language`)."""
    text = doc_text(doc, config.features)
    toks = words(text)
    feats: list[str] = []
    if config.words:
        if language == _DETECT:  # a link's words do not vote (session 16)
            language = item_language(words(link_free(text)) if has_links(text) else toks)
        stop = stop_words(language)
        feats.extend([t for t in toks if t not in stop])
        if config.features.ngram_max >= 2 and len(toks) > 1:
            feats.extend(
                [
                    a + " " + b
                    for a, b in zip(toks, toks[1:], strict=False)
                    if a not in stop and b not in stop
                ]
            )
    if config.char_ngrams:
        lo, hi = config.char_ngrams
        for tok in toks:
            padded = f" {tok} "
            size = len(padded)
            for n in range(lo, min(hi, size) + 1):
                feats.extend([CHAR_PREFIX + padded[i : i + n] for i in range(size - n + 1)])
    if config.features.use_metadata:
        feats.extend(meta_features(doc, config.features.list_singular))
    return feats


def make_analyzer(config: ModelConfig):
    """``analyse`` bound to ``config``, in the shape scikit-learn's vectorisers call."""

    def analyzer(doc: ItemDoc) -> list[str]:
        return analyse(doc, config)

    return analyzer
