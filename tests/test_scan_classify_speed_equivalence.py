"""Session 8's faster classify-stage pieces give exactly what the pieces they replaced gave.

``Session7Path`` is the bundled model with the replaced pieces as they were (commit 10c1582):
the language check loops over every item, the story form is checked on every title, the nearest
phrase is read from the dense product (scipy's ``@`` then ``toarray``/``argmax``), TF-IDF keys are
counted by ``np.unique``. The one bigram look-up that now gives both the docs' and the titles'
bigrams is held to the titles read anew by ``tests/test_classify_stage_equivalence.py``.
Predictions (every field, reasons as text), the board prior (shares and word weights) and the
unread rows must be equal, on items made to catch each piece: user-story openings in the five
languages (tagged, quoted, accented, upper case), other scripts in titles and descriptions (also
past the 600 characters the check reads), elided French words and apostrophes.
"""

from __future__ import annotations

import random
import re

import numpy as np
import pytest
from scipy import sparse

from models._fastpath import (
    _ONE_WORD,
    _WORD_BYTES,
    _split_apostrophes,
    doc_texts,
    sparse_first_max,
)
from models._reading import _unique_counts
from models.classifier import LinearRoleModel, load_model, unread_rows
from models.features import STORY_OPENINGS, FeatureConfig, doc_parts, story_form, words
from models.interface import ItemDoc
from models.language import unread_language
from tests.test_classify_stage_equivalence import HINT_TITLES, hint_docs, seam_docs
from tests.test_predict_path_equivalence import TEXTS, assert_equal, varied_docs

# --- the replaced pieces, as they were ------------------------------------------------------------


class Session7Path(LinearRoleModel):
    def _unread_rows(self, docs, titles):
        if titles is None:
            return unread_rows(docs, self.config.features)
        hinted = set(titles.hinted.tolist())
        out = []
        for row, doc in enumerate(docs):
            title, description = doc.title or "", doc.description or ""
            if title.isascii() and description.isascii() and row not in hinted:
                continue
            code = unread_language(title, description)
            if code is not None:
                out.append((row, code))
        return out

    def _meta_columns(self, docs, stories=None, openers=None):
        return super()._meta_columns(docs, stories, None)  # every title checked

    def _nearest(self, matrix, best):
        n = matrix.shape[0]
        nearest = np.zeros(n, dtype=np.int64)
        similarity = np.full(n, -1.0)
        if self._example_matrix is None:
            return nearest, similarity
        rows32 = matrix.astype(np.float32)
        for k, (examples, phrase) in enumerate(self._examples_by_label()):
            rows = np.flatnonzero(best == k)
            if not len(rows) or not len(phrase):
                continue
            sims = (rows32[rows] @ examples).toarray()
            pick = sims.argmax(axis=1)
            nearest[rows] = phrase[pick]
            similarity[rows] = sims[np.arange(len(rows)), pick]
        return nearest, similarity


def old_unique_counts(keys):
    return np.unique(keys, return_counts=True)


def old_split_apostrophes(raw: bytes) -> bytes:
    codes = np.frombuffer(raw, dtype=np.uint8)
    marks = np.flatnonzero((codes == 39) | (codes == 2)).tolist()
    pieces: list[bytes] = []
    done, end = 0, -1
    for mark in marks:
        if mark < end:
            continue
        start = raw.rfind(b" ", 0, mark) + 1
        end = raw.find(b" ", mark)
        end = len(raw) if end < 0 else end
        if not _ONE_WORD.fullmatch(raw, start, end):
            pieces += (raw[done:start], b" ".join(_WORD_BYTES.findall(raw, start, end)))
            done = end
    if not pieces:
        return raw
    pieces.append(raw[done:])
    return b"".join(pieces)


@pytest.fixture(scope="module")
def bundled() -> tuple[LinearRoleModel, LinearRoleModel]:
    model = load_model()
    old = LinearRoleModel.from_json(model.to_json())
    old.__class__ = Session7Path  # the same model, the replaced pieces
    return model, old


# --- items ----------------------------------------------------------------------------------------

STORY_TITLES = [
    "As a nurse, I want to see the ward's roster",
    "as an admin i need the audit log",
    "AS A USER I WANT TO EXPORT",
    "'As a buyer I would like a receipt'",
    "[web] As a guest I can browse",
    "Spike: as a PO I need the numbers",
    "Ås a user I want it",
    "Aſ a user I want it",
    "Como cliente quiero pagar con tarjeta",
    "COMO usuario quiero exportar",
    "Como\u00a0cliente quiero pagar",
    "En tant qu'élève je veux voir mes notes",
    "En tant qu’administrateur je souhaite exporter",
    "Als Fahrer möchte ich die Route sehen",
    "Als Nutzer will ich exportieren",
    "Como aluno quero ver as notas",
    "As a result the build fails",
    "l'as a user I want",
    "Passas a user I want",
    "Ticket: como'x cliente quiero",
    "Como",
    "as",
    "Roadmap as a service",
]
SCRIPT_TEXTS = [
    "ログイン画面のボタンを修正する",
    "Исправить ошибку на странице входа",
    "Fix the login — ΟΔΥΣΣΕΥΣ",
    "naïve café — Straße “quoted” 💡",
    "x" * 620 + " ログイン画面のボタン",
    "plain ascii text",
    "line\nログイン\n",
]


def story_and_script_docs(count: int, seed: int) -> list[ItemDoc]:
    rng = random.Random(seed)
    docs = hint_docs(count, seed)
    for i in range(0, count, 2):
        title = rng.choice(STORY_TITLES + SCRIPT_TEXTS + HINT_TITLES + TEXTS)
        description = rng.choice([None, "", *SCRIPT_TEXTS, rng.choice(TEXTS)])
        docs[i] = ItemDoc(
            title,
            description,  # type: ignore[arg-type]
            type=rng.choice(["Story", "Bug", None]),
            column=rng.choice([None, "Ideas", "Doing"]),
        )
    return docs


# --- the tests ------------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_predictions_prior_and_unread_rows_equal_session_7(bundled, seed):
    new, old = bundled
    docs = story_and_script_docs(700, seed) + varied_docs(300, seed) + seam_docs(200, seed)
    prior, expected = new.estimate_prior(docs), old.estimate_prior(docs)
    assert prior == expected and np.array_equal(prior.weights, expected.weights)
    for board in (None, prior):
        assert_equal(new.predict(docs, prior=board), old.predict(docs, prior=board), docs)
    titles = new._transform_with_titles(docs)[1]
    assert titles is not None
    unread = new._unread_rows(docs, titles)
    assert unread == old._unread_rows(docs, titles) == unread_rows(docs, new.config.features)
    assert {code for _, code in unread} >= {"ja", "ru", "it"}
    stories = [i for i, d in enumerate(docs) if story_form(d.title)]
    assert len(stories) > 50  # the story form decided rows here


def test_a_story_title_holds_a_word_it_opens_with():
    """What the classifier relies on to check only some titles: every title ``story_form``
    accepts has a word of ``STORY_OPENINGS`` among its words."""
    rng = random.Random(7)
    prefixes = ["", "'", "’", "''", "[web] ", "Spike: ", "- ", "«", "x:", "(((", "l'", "_", "0"]
    openers = ["as a", "As an", "AS A", "aſ a", "Ås a", "ÀS A", "como", "Como", "COMO", "als"]
    openers += ["en tant qu'", "En tant qu’", "En  tant qu", "Als", "as", "a s", "comox"]
    seps = ["", " ", " ", "\u00a0", "\t", "'", "’", ",", "-", "é", "\u0301"]
    middles = ["user", "nurse", "cliente", "élève", "Fahrer", "", "big user", "x" * 130]
    verbs = ["I want", "i need", "we would like", "quiero", "je veux", "möchte ich", "ich will"]
    verbs += ["quero", "I can", "want", "nothing"]
    titles = [*STORY_TITLES, *TEXTS]
    for _ in range(20000):
        parts = [rng.choice(prefixes), rng.choice(openers), rng.choice(seps), rng.choice(middles)]
        parts += [rng.choice(seps), rng.choice(verbs), rng.choice(seps), rng.choice(middles)]
        titles.append("".join(parts))
    found = 0
    for title in titles:
        if story_form(title):
            found += 1
            assert not STORY_OPENINGS.isdisjoint(words(title)), title
    assert found > 400


def test_sparse_first_max_equals_the_dense_argmax():
    rng = np.random.default_rng(3)
    for trial in range(60):
        m, k, n = rng.integers(1, 40), rng.integers(1, 30), rng.integers(1, 25)
        a = sparse.random(m, k, density=rng.uniform(0, 0.4), format="csr", rng=rng)
        b = sparse.random(k, n, density=rng.uniform(0, 0.4), format="csr", rng=rng)
        if trial % 3 == 0:  # negative values, whole rows below zero, ties
            a.data = np.round(a.data * 4 - 2)
            b.data = np.round(b.data * 2 - 1)
        elif trial % 3 == 1:  # positive values only, many tied at a row's largest
            a.data, b.data = np.ceil(a.data * 2), np.ceil(b.data * 2)
        a, b = a.astype(np.float32), b.astype(np.float32)
        a.eliminate_zeros(), b.eliminate_zeros()
        if trial % 10 == 9 and b.nnz:  # a NaN (never in a model): where argmax puts it
            b.data[rng.integers(b.nnz)] = np.nan
        dense = (a @ b).toarray()
        pick, value = sparse_first_max(a, b)
        assert np.array_equal(pick, dense.argmax(axis=1))
        assert np.array_equal(value, dense[np.arange(m), dense.argmax(axis=1)], equal_nan=True)


def test_unique_counts_equal_np_unique():
    rng = np.random.default_rng(5)
    for size in (1, 2, 7, 1000, 70000):
        keys = rng.integers(0, max(2, size // 3), size).astype(np.int32)
        got, want = _unique_counts(keys), old_unique_counts(keys)
        assert np.array_equal(got[0], want[0]) and np.array_equal(got[1], want[1])
        assert got[1].dtype == want[1].dtype


def test_apostrophes_split_into_the_same_words():
    """Chunks whose apostrophes all fall outside words become spaces: the words are the same
    (the bytes are not: a space where an apostrophe was cut)."""
    rng = random.Random(11)
    alphabet = list(b"abl0z'' \x02") + [ord("q"), ord("u"), ord("d"), ord("n")]
    raws = [b"", b"'", b"''", b"a'", b"'a", b"'a'", b"don't", b"l'ecran", b"'l'ecran", b"a'b0c"]
    raws += [b"rock'n'roll", b"qu'il", b"'qu'il'", b"0'0", b"x \x02s", b"a'' b"]
    raws += [bytes(rng.choice(alphabet) for _ in range(rng.randint(1, 30))) for _ in range(20000)]
    for raw in raws:
        raw = raw + b" \x01"  # as _batch_bytes ends a batch
        assert _split_apostrophes(raw).split() == old_split_apostrophes(raw).split(), raw
    spaced = _split_apostrophes(b"'quoted' teams' 'n \x01")
    assert re.fullmatch(rb"\s*quoted\s+teams\s+n\s+\x01", spaced)


def test_doc_texts_are_the_doc_parts_and_wide_rows():
    docs = story_and_script_docs(400, seed=9) + varied_docs(200, seed=9)
    docs.append(ItemDoc("title", "<b>日本</b> [ログイン|http://x] &amp; " + "y" * 700 + "é"))
    docs.append(ItemDoc(None, None))  # type: ignore[arg-type]
    for chars in (600, 40):
        texts, wide, cleaned = doc_texts(docs, chars)
        config = FeatureConfig(description_chars=chars)
        assert texts == [part for doc in docs for part in doc_parts(doc, config)]
        changed = [
            i
            for i, d in enumerate(docs)
            if d.description and doc_parts(d, config)[1] != d.description[:chars]
        ]
        assert set(changed) <= set(cleaned) and len(changed) >= 1
        assert wide == [
            i
            for i, d in enumerate(docs)
            if not ((d.title or "").isascii() and (d.description or "").isascii())
        ]
