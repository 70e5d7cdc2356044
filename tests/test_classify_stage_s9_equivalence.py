"""Session 9's cheaper classify-stage pieces give exactly what the pieces they replaced gave.

The batch's bytes (``_batch_bytes``): the non-ASCII texts of a batch were lower-cased, folded
and encoded one by one; they are now joined and encoded once, each run of non-ASCII characters
read by an encode error handler (``_ascii_run``), at the places the caller says may hold one.
The replaced function is kept below as it was (commit 5d3b858); predictions made with it must
equal the model's own, every field, on items in many languages and scripts, empty texts,
duplicate titles, and the separator characters that send a batch down the text-by-text path.
"""

from __future__ import annotations

import dataclasses
import random

import numpy as np
import pytest

import models._fastpath as fastpath
from models._fastpath import (
    _BATCH_TABLE,
    _SEP,
    _TYPO,
    _ascii_made,
    _batch_bytes,
    _split_apostrophes,
    _zero_runs_cut,
    doc_texts,
)
from models.classifier import LinearRoleModel, load_model, unread_rows
from models.features import fold
from models.interface import ItemDoc
from models.language import _ANY_OTHER_SCRIPT
from tests.test_classify_stage_equivalence import hint_docs, seam_docs
from tests.test_predict_path_equivalence import TEXTS, assert_equal, varied_docs

# --- the replaced piece, as it was (commit 5d3b858) -----------------------------------------------


def text_by_text_bytes(texts, wide=None, scripts=None) -> bytes | None:
    if not texts:
        return None
    if scripts is not None:  # (new) the texts holding another script, searched one by one
        scripts += [i for i, text in enumerate(texts) if _ANY_OTHER_SCRIPT.search(text)]
    parts = list(texts)
    typographic = 0
    for i, text in enumerate(texts):
        if not text.isascii():
            text = fold(text.lower())
            if "’" in text:
                typographic += text.count("’")
                text = text.replace("’", _TYPO)
            parts[i] = text.encode("ascii", "replace").decode("ascii")
    joined = " \x01 ".join(parts) + " \x01"
    if joined.count(_SEP) != len(texts) or joined.count(_TYPO) != typographic:
        return None
    raw = joined.encode("ascii").translate(_BATCH_TABLE)
    if b"00" in raw:
        raw = _zero_runs_cut(raw)
    if b"'" in raw or typographic:
        raw = _split_apostrophes(raw)
    return raw


# --- texts ---------------------------------------------------------------------------------------

# Runs of non-ASCII characters of every kind: accents (precomposed and combining), letters whose
# lower case is ASCII (K Kelvin, İ with its combining dot), final and medial sigma, ligatures,
# other scripts, emoji (outside the BMP), typographic quotes, no-break and other spaces.
ODD = [
    "é", "É", "ß", "ẞ", "İ", "ı", "K", "Å", "ﬁ", "ŉ", "Σ", "ς", "σ", "ΑΣ", "ΟΔΥΣΣΕΥΣ", "e\u0301",
    "\u0301", "Tâche", "Straße", "naïve", "—", "–", "→", "…", "’", "‘", "“", "”", "\u00a0",
    "\u2028", "\u3000", "💡", "🚀🔥", "ログイン", "修复", "Исправить", "Ǆ", "ǅ", "ǆ", "Ω", "Ⅻ",
    "ⓐ", "Ａ", "ǰ", "ﬃ", "ŀ", "Ĳ", "Ø", "Æ", "œ", "Þ", "đ", "ł",
]  # fmt: skip
ALPHABET = list("abcXYZ0189 '-_.,:;!?\t\n") + ["00", "don't", "'n'", "v2.1"] + ODD


def random_texts(rng: random.Random, count: int) -> list[str]:
    pool = ["", "ASCII only", "Don't stop", "abc’s Q3 100%", "'quoted' ''", *TEXTS]
    pool += ["".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 40))) for _ in range(count)]
    return pool


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_batch_bytes_equal_the_texts_made_ascii_one_by_one(seed):
    rng = random.Random(seed)
    pool = random_texts(rng, 3000)
    for _ in range(500):
        batch = rng.sample(pool, rng.randint(1, 24))
        if rng.random() < 0.1:  # the text-by-text path: None
            batch.insert(
                rng.randrange(len(batch) + 1), rng.choice(["x\x01y", "a\x02b", "é\x01", "é\x02"])
            )
        expected = text_by_text_bytes(batch)
        assert _batch_bytes(batch) == expected, batch
        wide = [i for i, text in enumerate(batch) if not text.isascii()]
        assert _batch_bytes(batch, wide) == expected, batch
        # The caller may name more places than hold a non-ASCII text (a doc's other text).
        more = sorted({*wide, *rng.sample(range(len(batch)), rng.randint(0, len(batch)))})
        scripts: list[int] = []
        assert _batch_bytes(batch, more, scripts) == expected, batch
        if expected is not None:
            assert scripts == [i for i, t in enumerate(batch) if _ANY_OTHER_SCRIPT.search(t)]


def test_each_character_reads_as_in_its_whole_text_lower_cased():
    """Character by character, runs and whole texts give the same ASCII (the ASCII letters are
    left to the translate table, so upper and lower case both pass)."""
    for odd in ODD:
        for text in (odd, f"A{odd}", f"{odd}b", f"Xx{odd}{odd} {odd}Y", f"ΑΒ{odd}", f"{odd}Σ a"):
            count, (made,) = _ascii_made([text])  # type: ignore[misc]
            one = fold(text.lower()).replace("’", _TYPO).encode("ascii", "replace").decode()
            assert made.lower() == one, text
            assert count == text.count("’")


def test_the_runs_remembered_are_bounded(monkeypatch):
    monkeypatch.setattr(fastpath, "_RUNS_LIMIT", 3)
    fastpath._RUNS.clear()
    texts = [f"a{chr(0x100 + i)}b" for i in range(40)]
    for _ in range(2):
        assert _batch_bytes(texts) == text_by_text_bytes(texts)
    assert len(fastpath._RUNS) <= 4


def test_doc_texts_wide_rows_cover_every_non_ascii_text():
    docs = varied_docs(400, seed=5) + seam_docs(200, seed=5)
    texts, wide, _ = doc_texts(docs, 600)
    places = {i for row in wide for i in (2 * row, 2 * row + 1)}
    assert {i for i, text in enumerate(texts) if not text.isascii()} <= places


# --- predictions ---------------------------------------------------------------------------------


def many_docs(seed: int) -> list[ItemDoc]:
    rng = random.Random(seed)
    docs = varied_docs(500, seed) + seam_docs(300, seed) + hint_docs(300, seed)
    docs += [ItemDoc(text, text) for text in random_texts(rng, 300)]
    docs += script_docs(300, seed)
    docs += [docs[rng.randrange(len(docs))] for _ in range(200)]  # duplicates
    docs += [
        ItemDoc("Roadmap 2026 — Q3", f"{rng.choice(TEXTS)} {rng.choice(ODD)}") for _ in range(50)
    ]
    rng.shuffle(docs)
    return docs


@pytest.fixture(scope="module")
def bundled():
    return load_model()


@pytest.mark.parametrize("seed", [0, 1])
def test_predictions_equal_those_of_the_texts_made_ascii_one_by_one(bundled, seed, monkeypatch):
    import models._reading as reading

    docs = many_docs(seed)
    batches = [docs[i : i + 300] for i in range(0, len(docs), 300)] + [docs[:1], docs[5:7]]
    prior = bundled.estimate_prior(docs)
    new = [bundled.predict(batch, prior=prior) for batch in batches]
    new_plain = [bundled.predict(batch) for batch in batches]
    monkeypatch.setattr(reading, "_batch_bytes", text_by_text_bytes)
    again = bundled.estimate_prior(docs)
    assert again == prior and np.array_equal(again.weights, prior.weights)
    for batch, made, plain in zip(batches, new, new_plain, strict=True):
        assert_equal(made, bundled.predict(batch, prior=prior), batch)
        assert_equal(plain, bundled.predict(batch), batch)


# --- the language check's rows: found while the texts are made ASCII ------------------------------

SCRIPT_DESCRIPTIONS = [
    '<span title="日本語">note</span> fix the login',  # the letters only inside markup
    "[ログイン|http://example.com/x] broken link",
    "&amp; Исправить &lt;b&gt;",
    "x" * 598 + "日本",  # at the edge of what the check reads
    "y" * 650 + "日本語のテキスト",  # past it: not read
    "plain — accents é only",
    "ΟΔΥΣΣΕΥΣ έλεγχος σελίδας " * 3,
    "ログイン画面のボタンを修正する",
    "💡🚀 emoji only",
    "",
    None,
]


def script_docs(count: int, seed: int) -> list[ItemDoc]:
    rng = random.Random(seed)
    docs = hint_docs(count // 2, seed)
    while len(docs) < count:
        docs.append(
            ItemDoc(
                rng.choice([*TEXTS, "Fix login", "修复登录页面", "Roadmap — Q3", ""]),
                rng.choice(SCRIPT_DESCRIPTIONS),  # type: ignore[arg-type]
                type=rng.choice(["Bug", None]),
            )
        )
    rng.shuffle(docs)
    return docs


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_unread_rows_from_the_ascii_runs_equal_the_check_item_by_item(bundled, seed):
    docs = script_docs(700, seed)
    titles = bundled._transform_with_titles(docs)[1]
    assert titles is not None and titles.scripts is not None
    expected = unread_rows(docs, bundled.config.features)
    assert {code for _, code in expected} >= {"ja", "ru", "el", "zh"}
    assert bundled._unread_rows(docs, titles) == expected


def test_a_model_reading_less_than_the_check_searches_the_texts_again(bundled):
    model = LinearRoleModel.from_json(bundled.to_json())
    features = dataclasses.replace(model.config.features, description_chars=40)
    model.config = dataclasses.replace(model.config, features=features)
    docs = script_docs(400, seed=3)
    titles = model._transform_with_titles(docs)[1]
    assert titles is not None and titles.scripts is None
    assert model._unread_rows(docs, titles) == unread_rows(docs, features)


# --- the descriptions a scan forgets: EVIDENCE_CHUNK items at a time ---------------------------


def test_a_scan_forgets_its_descriptions_a_few_batches_at_a_time(tmp_path, monkeypatch):
    """report --db (a board of its own) forgets descriptions once EVIDENCE_CHUNK items are
    classified, and the rest after the last batch: every item once, in order, each after the
    model read it, leaving the same evidence as the search item by item."""
    from functools import partial

    import analyzer.pipeline as pipeline
    from analyzer.flags.items import acceptance_evidence
    from analyzer.local_store import import_file, load_from_store, report_from_store
    from tests.test_forget_descriptions import SAMPLE

    db = tmp_path / "s.sqlite"
    import_file(SAMPLE, db)
    before = load_from_store(db).items
    monkeypatch.setattr(pipeline, "EVIDENCE_CHUNK", 5)
    monkeypatch.setattr(pipeline, "classify_items", partial(pipeline.classify_items, batch_size=3))
    chunks: list[list[str]] = []
    read: list[str] = []
    # (a scan's model reads its batches by predict_batch: predict's too, session 30)
    real_forget, real_predict = pipeline.forget_descriptions_of, LinearRoleModel.predict_batch

    def forget(items, *without):
        assert all(item.id in read for item in items)  # the model read them first
        chunks.append([item.id for item in items])
        return real_forget(items, *without)

    def predict(self, docs, prior=None, **said):
        # a child read again (analyzer.parent_links) is an ItemDoc, without an id
        read.extend(doc.id for doc in docs if hasattr(doc, "id"))
        return real_predict(self, docs, prior, **said)

    monkeypatch.setattr(pipeline, "forget_descriptions_of", forget)
    monkeypatch.setattr(LinearRoleModel, "predict_batch", predict)
    seen = []
    real_scan = pipeline._classify_and_analyse
    monkeypatch.setattr(
        "analyzer.local_store._classify_and_analyse",
        lambda board, *a, **k: seen.append(board) or real_scan(board, *a, **k),
    )
    report_from_store(db, keep_history=False)
    (board,) = seen
    ids = [item.id for item in board.items]
    assert len(ids) > 12 and [i for chunk in chunks for i in chunk] == ids
    assert all(len(chunk) == 6 for chunk in chunks[:-1]) and 0 < len(chunks[-1]) <= 6
    by_id = {item.id: item for item in before}
    assert any(len(item.description or "") > 100 for item in before)
    assert [item.description for item in board.items] == [
        acceptance_evidence(by_id[i]) if by_id[i].description else by_id[i].description for i in ids
    ]


# --- apostrophes: the chunks the pattern reads found from its marks alone -----------------------


def chunk_searched_split_apostrophes(raw: bytes) -> bytes:
    """``_split_apostrophes`` as it was (commit 5d3b858): every chunk found among all spaces."""
    codes = np.frombuffer(raw, dtype=np.uint8)
    marks = np.flatnonzero((codes == 39) | (codes == 2))
    if not len(marks):
        return raw
    before = codes[marks - 1]
    after = codes[np.minimum(marks + 1, len(codes) - 1)]
    inside = fastpath._ALNUM[before] & fastpath._LETTER[after]
    out = codes.copy()
    if not inside.any():
        out[marks] = 32
        return out.tobytes()
    chunk = np.searchsorted(np.flatnonzero(codes == 32), marks)
    kept = np.isin(chunk, chunk[inside])
    out[marks[~kept]] = 32
    raw = out.tobytes()
    pieces: list[bytes] = []
    done, end = 0, -1
    for mark in marks[inside].tolist():
        if mark < end:
            continue
        start = raw.rfind(b" ", 0, mark) + 1
        end = raw.find(b" ", mark)
        end = len(raw) if end < 0 else end
        if not fastpath._ONE_WORD.fullmatch(raw, start, end):
            pieces += (raw[done:start], b" ".join(fastpath._WORD_BYTES.findall(raw, start, end)))
            done = end
    if not pieces:
        return raw
    pieces.append(raw[done:])
    return b"".join(pieces)


@pytest.mark.parametrize("seed", [0, 1])
def test_split_apostrophes_gives_the_bytes_it_gave(seed):
    rng = random.Random(seed)
    pieces = [b"a", b"b", b"0", b"'", b"\x02", b" ", b"  ", b"don't", b"l'", b"qu'", b"rock'n'roll"]
    pieces += [b"'quoted'", b"teams'", b"'n", b"x''y", b"\x01", b"l\x02ecran", b"jusqu'a", b"9'a"]
    for _ in range(4000):
        raw = b"".join(rng.choice(pieces) for _ in range(rng.randint(0, 14)))
        if rng.random() < 0.5:
            raw += b" \x01"
        assert _split_apostrophes(raw) == chunk_searched_split_apostrophes(raw), raw
