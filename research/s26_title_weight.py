"""Session 26 (issue 12): does an item's title deserve more weight than its description?

The bundled model is trained on title-dominated rows (the longest training description is 76
characters) and reads real items with up to 600 characters of description, whose words dilute
the title's in the row's L2 norm. A variant gives, in training **and** prediction, every
occurrence of a title word or of a word pair inside the title the count ``--title W`` and every
occurrence of a description word (and of a pair ending in one: the pair that joins the title's
last word to the description's first is the description's, as the batch path says) the count
``--description D``, before the sublinear TF (``1 + log count``), the idf and the L2 norm.
Metadata tokens (type, level, list, labels, the story form) keep the count 1 (``--meta W``:
theirs too, so that only the description loses against the rest of the row).

Because the TF is sublinear, ``--title 2`` and ``--description 0.5`` differ: the first adds
``log 2`` to every title term (and so lowers the metadata tokens against the words), the second
takes ``log 2`` from every description term (``1 - log 2`` ≈ 0.31 for a word met once; a
description weight below ``1/e`` would make it negative and is refused).

How it is installed (for one run of ``research.real_dev_sweep``, each draw retrained):

- training: ``train.make_pipeline``'s vectoriser keeps scikit-learn's vocabulary and idf (a
  weight changes no document frequency) and makes its rows from the weighted counts;
- prediction: ``LinearRoleModel._pairs`` reads every doc by the per-doc reference
  (:func:`weighted_features`, :func:`models.classifier.analyse` with each feature's part), so
  no title pairs are returned and every rule takes its reference path (the equivalence tests
  hold those equal to the batch path); a title occurrence's column is stored plus one vocabulary
  size, a description's plus two, and ``_tfidf`` (the one place counts become TF-IDF: the rows,
  the title-alone rows, the second reading's rows) reads them back with their weights;
  ``_aside_columns`` answers for the shifted columns as for the plain ones in the second
  reading (the one reader of the pairs' columns besides ``_tfidf``).

What the rules then see: each push (row value × weight) comes from the weighted row, so the
evidence floor (``MIN_STRATEGIC_EVIDENCE``: the words' push toward strategic), the direction
rule (the push through direction words and lists, and its share of the whole push), the
description-only cap (the title-alone row's push, ``MIN_TITLE_EVIDENCE``) and the research
re-read all read the reweighted rows. A title-alone row is all title: every term gains ``log W``
and the L2 norm takes most of it back (unchanged when every word is met once and no story form).

    python -m research.s26_title_weight --title 2 [--description 1] [--meta 1] -- <sweep arguments>

``--title 1 --description 1`` goes through the same weighted paths and must reproduce main's
sweep line for line (the neutral check). Prints what the sweep prints (ids and numbers).
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
from scipy import sparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import models.classifier as classifier  # noqa: E402
import models.model_config as model_config  # noqa: E402
from models import train  # noqa: E402
from models.features import doc_parts, meta_features, words  # noqa: E402
from models.language import has_links, item_language, link_free  # noqa: E402

#: a feature's part: metadata (count 1), title, description
META, TITLE, DESCRIPTION = 0, 1, 2


def weighted_features(
    doc: Any, config: classifier.ModelConfig, language: str | None = model_config._DETECT
) -> tuple[list[str], list[int]]:
    """:func:`models.classifier.analyse`'s features of ``doc`` (words and word features only)
    and each one's part (``TITLE``, ``DESCRIPTION``, ``META``), in the same order."""
    if config.char_ngrams:
        raise ValueError("the title weight is measured for word models only")
    title, desc = doc_parts(doc, config.features)
    text = f"{title} {desc}" if desc else title
    toks = words(text)
    n_title = len(words(title))
    if toks[:n_title] != words(title):  # (never seen: the space is a word boundary)
        n_title = 0
    feats: list[str] = []
    parts: list[int] = []
    if config.words:
        if language == model_config._DETECT:
            language = item_language(words(link_free(text)) if has_links(text) else toks)
        stop = classifier.stop_words(language)
        for i, t in enumerate(toks):
            if t not in stop:
                feats.append(t)
                parts.append(TITLE if i < n_title else DESCRIPTION)
        if config.features.ngram_max >= 2 and len(toks) > 1:
            for i, (a, b) in enumerate(zip(toks, toks[1:], strict=False)):
                if a not in stop and b not in stop:
                    feats.append(a + " " + b)
                    parts.append(TITLE if i + 1 < n_title else DESCRIPTION)
    if config.features.use_metadata:
        meta = meta_features(doc, config.features.list_singular)
        feats.extend(meta)
        parts.extend([META] * len(meta))
    return feats, parts


def weighted_matrix(
    rows: np.ndarray, cols: np.ndarray, weights: np.ndarray, idf: np.ndarray, n: int
) -> sparse.csr_matrix:
    """TF-IDF rows (sublinear TF of the summed weights, the idf, L2 norm) of ``n`` docs whose
    feature occurrences are ``(rows, cols)`` with ``weights``; ``LinearRoleModel._tfidf``'s
    arithmetic, bit for bit when every weight is 1."""
    size = len(idf)
    if not len(cols):
        return sparse.csr_matrix((n, size), dtype=np.float64)
    keys = rows.astype(np.int64) * size + cols
    flat, inverse = np.unique(keys, return_inverse=True)
    counts = np.bincount(inverse.ravel(), weights=weights, minlength=len(flat))
    rows_u, cols_u = np.divmod(flat, size)
    data = (np.log(counts) + 1.0) * idf[cols_u]
    sums = np.bincount(rows_u, weights=data * data, minlength=n)
    norms = np.sqrt(sums)
    norms[norms == 0] = 1.0
    data /= norms[rows_u]
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows_u, minlength=n), out=indptr[1:])
    return sparse.csr_matrix((data, cols_u, indptr), shape=(n, size))


class WeightedTfidf(train.TfidfVectorizer):
    """scikit-learn's vectoriser (vocabulary, idf) with the variant's weighted rows."""

    def fit_transform(self, raw_documents, y=None):  # type: ignore[no-untyped-def]
        super().fit_transform(raw_documents, y)
        return self.transform(raw_documents)

    def transform(self, raw_documents):  # type: ignore[no-untyped-def]
        config = self.analyzer.config  # type: ignore[attr-defined]
        vocab = self.vocabulary_
        rows: list[int] = []
        cols: list[int] = []
        parts: list[int] = []
        for r, doc in enumerate(raw_documents):
            feats, of = weighted_features(doc, config)
            for f, p in zip(feats, of, strict=True):
                j = vocab.get(f)
                if j is not None:
                    rows.append(r)
                    cols.append(j)
                    parts.append(p)
        return weighted_matrix(
            np.asarray(rows, np.int64),
            np.asarray(cols, np.int64),
            _WEIGHTS[np.asarray(parts, np.int64)],
            self.idf_,
            len(raw_documents),
        )


#: the counts of a metadata, title and description occurrence (set by :func:`install`)
_WEIGHTS = np.ones(3)


@contextmanager
def install(title: float, description: float = 1.0, meta: float = 1.0) -> Iterator[None]:
    """The variant in place (training and prediction), undone on exit."""
    if min(title, description, meta) < 1 / math.e:
        raise ValueError("a weight below 1/e makes a term met once count against its row")
    saved: list[tuple[Any, str, Any]] = []

    def put(owner: Any, name: str, value: Any) -> None:
        saved.append((owner, name, getattr(owner, name)))
        setattr(owner, name, value)

    model = classifier.LinearRoleModel

    def make_pipeline(config: classifier.ModelConfig, seed: int) -> Any:
        pipeline = plain_pipeline(config, seed)
        analyzer = classifier.make_analyzer(config)
        analyzer.config = config  # type: ignore[attr-defined]
        pipeline.steps[0] = (
            "tfidf",
            WeightedTfidf(analyzer=analyzer, sublinear_tf=True, smooth_idf=True, norm="l2"),
        )
        return pipeline

    def pairs(
        self: Any,
        docs: Sequence[Any],
        titles: bool = False,
        languages: Sequence[str | None] | None = None,
    ) -> tuple[np.ndarray, np.ndarray, None]:
        size, vget = len(self.idf), self.vocabulary.get
        langs = languages if languages is not None else [model_config._DETECT] * len(docs)
        rows: list[int] = []
        cols: list[int] = []
        for r, (doc, language) in enumerate(zip(docs, langs, strict=True)):
            feats, of = weighted_features(doc, self.config, language)
            for f, p in zip(feats, of, strict=True):
                j = vget(f)
                if j is not None:
                    rows.append(r)
                    cols.append(j + p * size)
        return np.asarray(rows, np.int64), np.asarray(cols, np.int64), None

    def tfidf(self: Any, rows: np.ndarray, cols: np.ndarray, n: int) -> sparse.csr_matrix:
        size = len(self.idf)
        part, plain = np.divmod(np.asarray(cols, np.int64), size)
        return weighted_matrix(np.asarray(rows, np.int64), plain, _WEIGHTS[part], self.idf, n)

    def aside_columns(self: Any) -> np.ndarray:
        plain = plain_aside(self)
        return np.tile(plain, 3) if getattr(self, "_weighted_pairs", False) else plain

    def second_reading(self: Any, *args: Any, **kwargs: Any) -> Any:
        self._weighted_pairs = True  # its columns are the shifted ones
        try:
            return plain_second(self, *args, **kwargs)
        finally:
            self._weighted_pairs = False

    plain_pipeline, plain_aside = train.make_pipeline, model._aside_columns
    plain_second = model._second_reading
    try:
        put(train, "make_pipeline", make_pipeline)
        put(model, "_pairs", pairs)
        put(model, "_tfidf", tfidf)
        put(model, "_aside_columns", aside_columns)
        put(model, "_second_reading", second_reading)
        _WEIGHTS[:] = (meta, title, description)
        yield
    finally:
        _WEIGHTS[:] = 1.0
        for owner, name, value in reversed(saved):
            setattr(owner, name, value)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--title", type=float, required=True, help="a title occurrence's count")
    parser.add_argument("--description", type=float, default=1.0, help="a description's")
    parser.add_argument("--meta", type=float, default=1.0, help="a metadata token's")
    parser.add_argument("sweep", nargs=argparse.REMAINDER, help="-- research.real_dev_sweep's")
    args = parser.parse_args(argv)
    rest = args.sweep[1:] if args.sweep[:1] == ["--"] else args.sweep
    from research import real_dev_sweep

    with install(args.title, args.description, args.meta):
        return real_dev_sweep.main(rest)


if __name__ == "__main__":
    raise SystemExit(main())
