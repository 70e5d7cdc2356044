"""research.s24_distil's numpy parts: the tokeniser, a tiny random BERT, PCA, SIF and the table."""

from __future__ import annotations

import numpy as np

from research import s24_distil as sd

VOCAB = {w: i for i, w in enumerate(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "road", "##map", "map"])}


def tiny_bert(layers: int = 2, hidden: int = 24, inner: int = 48, seed: int = 0):
    rng = np.random.default_rng(seed)

    def r(*shape):
        return rng.normal(0, 0.2, shape).astype(np.float32)

    w = {
        "embeddings.word_embeddings.weight": r(len(VOCAB), hidden),
        "embeddings.position_embeddings.weight": r(16, hidden),
        "embeddings.token_type_embeddings.weight": r(2, hidden),
        "embeddings.LayerNorm.weight": np.ones(hidden, np.float32),
        "embeddings.LayerNorm.bias": np.zeros(hidden, np.float32),
    }
    for n in range(layers):
        p = f"encoder.layer.{n}."
        for m in ("query", "key", "value"):
            w[p + f"attention.self.{m}.weight"] = r(hidden, hidden)
            w[p + f"attention.self.{m}.bias"] = r(hidden)
        w[p + "attention.output.dense.weight"] = r(hidden, hidden)
        w[p + "attention.output.dense.bias"] = r(hidden)
        w[p + "intermediate.dense.weight"] = r(inner, hidden)
        w[p + "intermediate.dense.bias"] = r(inner)
        w[p + "output.dense.weight"] = r(hidden, inner)
        w[p + "output.dense.bias"] = r(hidden)
        for ln in ("attention.output.LayerNorm", "output.LayerNorm"):
            w[p + ln + ".weight"] = np.ones(hidden, np.float32)
            w[p + ln + ".bias"] = np.zeros(hidden, np.float32)
    return w


def test_basic_words_lowers_strips_accents_and_splits_punctuation():
    assert sd.basic_words("Café-Roadmap, Q3!") == ["cafe", "-", "roadmap", ",", "q3", "!"]


def test_word_pieces_greedy_longest_first_and_unknown():
    assert sd.word_pieces("roadmap", VOCAB) == ["road", "##map"]
    assert sd.word_pieces("map", VOCAB) == ["map"]
    assert sd.word_pieces("zebra", VOCAB) == ["[UNK]"]


def test_sentence_vectors_batched_by_length_equal_one_at_a_time():
    w = tiny_bert()
    seqs = [[2, 4, 3], [2, 4, 5, 3], [2, 6, 3], [2, 1, 3]]
    together = sd.sentence_vectors(w, seqs, batch=2)
    for seq, row in zip(seqs, together, strict=True):
        alone = sd.sentence_vectors(w, [seq])[0]
        assert np.allclose(row, alone, atol=1e-5)
    assert np.allclose(np.linalg.norm(together, axis=1), 1.0, atol=1e-5)


def test_encode_reads_the_layer_count_off_the_weights():
    one = sd.encode(tiny_bert(layers=1), np.array([[2, 4, 3]]))
    two = sd.encode(tiny_bert(layers=2), np.array([[2, 4, 3]]))
    assert one.shape == two.shape == (1, 3, 24)
    assert not np.allclose(one, two)


def test_pca_keeps_the_largest_axis_first_and_centres():
    rng = np.random.default_rng(1)
    x = rng.normal(size=(200, 5)) * np.array([10.0, 1.0, 0.1, 0.1, 0.1])
    out = sd.pca(x, 2)
    assert out.shape == (200, 2)
    assert np.allclose(out.mean(axis=0), 0.0, atol=1e-4)
    assert out[:, 0].var() > 50 * out[:, 1].var()


def test_sif_weighs_common_words_down_and_unknown_words_one():
    w = sd.sif_weights(np.array([0.05, 1e-6, 0.0]), 1e-3)
    assert w[0] < 0.05 and 0.99 < w[1] < 1.0 and w[2] == 1.0


def test_table_vector_uses_whole_words_then_pieces():
    rows = np.eye(4, dtype=np.float32)
    table = sd.Table(["road", "##map", "plan", "the"], rows, np.array([0, 0, 0, 0.5]), 1e-3)
    assert table.row_ids("Plan the roadmap") == [2, 3, 0, 1]
    v = table.vector("roadmap")
    assert np.allclose(v, np.array([1, 1, 0, 0]) / np.sqrt(2))
    assert not table.vector("zzz").any()


def test_table_vector_skips_punctuation_unless_asked():
    rows = np.eye(2, dtype=np.float32)
    table = sd.Table(["plan", ","], rows, np.zeros(2), 1e-3)
    assert table.row_ids("plan, plan") == [0, 0]
    table.punctuation = True
    assert table.row_ids("plan, plan") == [0, 1, 0]
