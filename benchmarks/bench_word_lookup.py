"""The classifier's word look-up against compiled alternatives (a benchmark, issue 16, session 17).

Scans an export once to capture the docs of each ``predict`` call, then times, in CPU seconds
(min of ``--rounds``), ways to turn a batch's texts into vocabulary ids:

- ``numpy``: what ``predict`` does — :func:`models._fastpath.doc_texts`, ``_batch_bytes`` (the
  texts lower-cased, folded, split as ``features.words`` splits them, as one bytes string) and
  ``WordTable.ids`` (an open-addressing table probed with numpy);
- ``polars look-up``: the same bytes split by polars (``str.split`` + ``explode``) and each word
  cast to a ``pl.Enum`` of the vocabulary's words (a hash look-up in Rust), or joined to a
  (word, id) frame; the ids are checked equal to ``WordTable.ids``;
- ``polars tokenise``: the texts lower-cased, their non-word characters made spaces, split and
  exploded by polars (less than ``features.words`` does: no accent folding, digit runs or
  apostrophe rules), then the ``Enum`` cast;
- ``sklearn``: ``CountVectorizer(vocabulary=…)`` over the same texts (words only, no bigrams).

polars is pinned to one thread (the benchmark counts CPU seconds, as the scan's does).

    python benchmarks/bench_word_lookup.py benchmarks/.data/jira-csv-100000-s0-v1.csv
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "POLARS_MAX_THREADS"):
    os.environ.setdefault(_var, "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _batches(path: Path) -> list[list]:
    """The docs of every ``predict`` call of one scan of ``path``."""
    from benchmarks.scan_spy import calls_in_scan
    from models.classifier import LinearRoleModel

    return calls_in_scan(
        path, LinearRoleModel, "predict", lambda model, docs, prior=None: list(docs)
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path, help="an export to scan")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)

    import numpy as np
    import polars as pl
    from sklearn.feature_extraction.text import CountVectorizer

    from models._fastpath import _batch_bytes, doc_texts
    from models.classifier import load_model

    batches = _batches(args.file)
    model = load_model()
    chars = model.config.features.description_chars
    table = model._word_table
    # The table's words: the vocabulary's and the function words it reads for the language
    # votes (ids past the vocabulary's, ``_extra_ids``).
    words = {w: j for w, j in model.vocabulary.items() if " " not in w and ":" not in w}
    words.update(model._extra_ids)
    enum = pl.Enum(list(words))
    enum_ids = np.append(np.fromiter(words.values(), np.int64, len(words)), -1)
    frame = pl.DataFrame({"w": list(words), "id": list(words.values())})
    texts = [doc_texts(docs, chars)[0] for docs in batches]
    raws = [_batch_bytes(batch) for batch in texts]
    vectorizer = CountVectorizer(
        vocabulary={w: k for k, w in enumerate(words)}, token_pattern=r"[a-z0-9]+(?:'[a-z]+)?"
    )

    def split(raw: bytes) -> pl.Series:
        found = pl.Series([raw.decode("ascii")]).str.split(" ").explode()
        return found.filter(found != "")

    def by_enum(found: pl.Series) -> np.ndarray:
        codes = found.cast(enum, strict=False).to_physical().fill_null(len(words)).to_numpy()
        return enum_ids[codes]

    # The polars look-up gives the numpy table's ids (the separator word aside: -2 there).
    checked = 0
    for raw in raws:
        if raw is None or b"\x02" in raw:  # "’" as its stand-in byte: not the vocabulary's
            continue
        mine, theirs = table.ids(raw), by_enum(split(raw))
        assert len(mine) == len(theirs), "polars and the word table split differently"
        words_only = mine != -2
        assert (mine[words_only] == theirs[words_only]).all(), "polars and the table disagree"
        checked += int(words_only.sum())

    ways: dict[str, Callable[[int], object]] = {
        "numpy: doc_texts + _batch_bytes + WordTable.ids": lambda i: table.ids(
            _batch_bytes(doc_texts(batches[i], chars)[0])
        ),
        "numpy: WordTable.ids (bytes made)": lambda i: table.ids(raws[i]),
        "polars look-up: split + explode (bytes made)": lambda i: split(raws[i]),
        "polars look-up: split + explode + Enum cast (bytes made)": lambda i: by_enum(
            split(raws[i])
        ),
        "polars look-up: split + explode + join (bytes made)": lambda i: pl.DataFrame(
            {"w": split(raws[i])}
        ).join(frame, on="w", how="left", maintain_order="left")["id"],
        "polars tokenise: lower + replace + split + explode + Enum cast": lambda i: by_enum(
            pl.Series(texts[i])
            .str.to_lowercase()
            .str.replace_all(r"[^a-z0-9']+", " ")
            .str.split(" ")
            .explode()
        ),
        "sklearn: CountVectorizer(vocabulary).transform": lambda i: vectorizer.transform(texts[i]),
    }
    items = sum(map(len, batches))
    print(
        f"{args.file.name}: {len(batches)} batches, {items} items, {checked} words' ids the same"
        f" by polars; CPU s (min of {args.rounds})"
    )
    for name, way in ways.items():
        best = float("inf")
        for _ in range(args.rounds):
            start = time.process_time()
            for i in range(len(batches)):
                way(i)
            best = min(best, time.process_time() - start)
        print(f"  {best:7.3f}  {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
