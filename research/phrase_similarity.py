"""How alike real items and the training phrases their reasons would quote are (session 14).

Scans every export under the given folders (default: the real and fresh sets) with the bundled
model and records, per item, the phrase the nearest-example search picks (before the quoting
rule) and the item's similarity to that phrase itself: their product in the search's weighting
(``LinearRoleModel._phrase_vectors``; :class:`RecordingModel`) and how many words and word
pairs they share. Prints the distribution, how many phrases each rule would quote, and with
``--show LOW HIGH`` a random sample of (title, shared words, phrase) in that similarity band, to
read — nothing is written.

    python -m research.phrase_similarity [--show 0.1 0.15] [--sample 20] [FOLDER ...]
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from analyzer.pipeline import scan_file
from models import classifier
from models.interface import ItemDoc

FOLDERS = (
    "/work/shared/realdata",
    "/work/freshdata",
    "/work/freshdata2",
    "/work/freshdata3",
    "/work/freshdata4",
    "/work/freshdata-extra",
)


class RecordingModel(classifier.LinearRoleModel):
    """The bundled model, recording each searched row's phrase similarity in ``rows`` before it
    decides as shipped; given to ``scan_file`` (its ``model``), so no class is patched."""

    rows: list[dict]
    _docs: Sequence[ItemDoc] = ()

    @classmethod
    def bundled(cls, rows: list[dict]) -> RecordingModel:
        model = classifier.LinearRoleModel.load(classifier.ARTIFACT)  # its own copy
        model.__class__ = cls  # the bundled model, its batches recorded
        model.rows = rows
        return model

    def _batch(self, docs, prior):  # type: ignore[no-untyped-def]
        self._docs = docs
        return super()._batch(docs, prior)

    def _phrase_candidates(self, matrix, best):  # type: ignore[no-untyped-def]
        return np.arange(matrix.shape[0])  # every row searched and recorded, quoted or not

    def _quoted_phrases(self, matrix, nearest, chosen, **title):  # type: ignore[no-untyped-def]
        phrases, names = self._phrase_vectors(), self._feature_names()
        for row in np.flatnonzero(nearest >= 0).tolist():
            both = matrix[row].multiply(phrases[nearest[row]]).tocsr()
            both.eliminate_zeros()
            self.rows.append(
                {
                    "title": self._docs[row].title or "",
                    "phrase": self.phrases[nearest[row]].text,
                    "label": self.phrases[nearest[row]].label,
                    "similarity": float(both.sum()),
                    "shared": [names[c] for c in both.indices.tolist()],
                }
            )
        return super()._quoted_phrases(matrix, nearest, chosen, **title)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", default=list(FOLDERS))
    parser.add_argument("--show", nargs=2, type=float, metavar=("LOW", "HIGH"))
    parser.add_argument("--sample", type=int, default=20)
    args = parser.parse_args(argv)
    rows: list[dict] = []
    model = RecordingModel.bundled(rows)
    files = [
        path
        for folder in args.folders
        if Path(folder).is_dir()
        for path in sorted(Path(folder).rglob("*"))
        if path.suffix in (".json", ".csv") and path.is_file()
    ]
    for path in files:
        try:
            scan_file(str(path), model)
        except Exception as error:  # noqa: BLE001 (a research run goes on past a bad file)
            print(f"{path.name}: {error}", file=sys.stderr)
    sims = np.array([r["similarity"] for r in rows])
    shared = np.array([len(r["shared"]) for r in rows])
    print(f"{len(files)} files, {len(rows)} items with a nearest phrase searched")
    print(
        "similarity quantiles (10..90 %):", np.round(np.quantile(sims, np.arange(0.1, 1, 0.1)), 3)
    )
    print(f"share no word with the phrase: {(sims <= 0).sum()}")
    for low in (0.05, 0.07, 0.1, 0.15, 0.2):
        for least in (1, 2):
            quoted = (sims >= low) & (shared >= least)
            strategic = sum(
                r["label"] == "strategic" for r, q in zip(rows, quoted, strict=True) if q
            )
            print(f"  >= {low:.2f}, >= {least} shared: {quoted.sum()} ({strategic} strategic)")
    if args.show:
        low, high = args.show
        band = [r for r in rows if low <= r["similarity"] < high]
        print(f"--- {len(band)} in [{low}, {high})")
        for r in random.Random(0).sample(band, min(args.sample, len(band))):
            print(f"{r['similarity']:.3f} {r['title'][:70]!r} {r['shared']} -> {r['phrase']!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
