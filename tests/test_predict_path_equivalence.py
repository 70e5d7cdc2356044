"""The faster predict path gives what the path it replaced gave, field for field.

``OldPath`` is the bundled model with the replaced pieces as they were (commit 04a8962): the
nearest phrase by a dense float32 product, TF-IDF keys counted as 64-bit integers. Both paths
predict the same varied items — five read languages, languages the model does not read, empty
and missing texts, markup, digits, emoji — with the board's weights present and absent, and
every field must be equal (reasons as text).
"""

from __future__ import annotations

import platform
import random
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from scipy import sparse

from models.calibration import (
    BoardPrior,
)
from models.classifier import (
    LinearRoleModel,
    load_model,
)
from models.interface import ItemDoc, Prediction

# --- the replaced pieces, as they were -----------------------------------------------------------


class OldPath(LinearRoleModel):
    def transform(self, docs, languages=None):
        rows, cols, _ = self._pairs(docs, languages=languages)
        n, size = len(docs), len(self.idf)
        key = np.unique(rows * size + cols, return_counts=True) if len(cols) else None
        if key is None:
            return sparse.csr_matrix((n, size), dtype=np.float64)
        flat, counts = key
        rows_u, cols_u = np.divmod(flat, size)
        data = (np.log(counts) + 1.0) * self.idf[cols_u]
        sums = np.bincount(rows_u, weights=data * data, minlength=n)
        norms = np.sqrt(sums)
        norms[norms == 0] = 1.0
        data /= norms[rows_u]
        indptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.bincount(rows_u, minlength=n), out=indptr[1:])
        return sparse.csr_matrix((data, cols_u, indptr), shape=(n, size))

    def _nearest(self, matrix, best):
        n = matrix.shape[0]
        nearest = np.zeros(n, dtype=np.int64)
        similarity = np.full(n, -1.0)
        if self._example_matrix is None:
            return nearest, similarity
        dense = self._example_matrix.toarray()  # the float32 matrix the old path held
        rows32 = matrix.astype(np.float32)
        for k in range(len(self.labels)):
            which = np.flatnonzero(self._example_label == k)
            examples, phrase = np.ascontiguousarray(dense[:, which]), self._example_phrase[which]
            rows = np.flatnonzero(best == k)
            if not len(rows) or not len(phrase):
                continue
            sims = np.asarray(rows32[rows] @ examples)
            pick = sims.argmax(axis=1)
            nearest[rows] = phrase[pick]
            similarity[rows] = sims[np.arange(len(rows)), pick]
        return nearest, similarity


@pytest.fixture(scope="module")
def models() -> tuple[LinearRoleModel, LinearRoleModel]:
    new = load_model()
    old = LinearRoleModel.from_json(new.to_json())
    old.__class__ = OldPath  # the same model, the old pieces
    return new, old


def old_predict(old: LinearRoleModel, docs, prior=None) -> list[Prediction]:
    return old.predict(docs, prior=prior) if prior is not None else old.predict(docs)


# --- varied items ---------------------------------------------------------------------------------

TEXTS = [
    "Define the product vision and the roadmap for next year",
    "Fix crash in the invoices list on page 3",
    "As a user I want to reset my password so that I can log in",
    "Spike: como usuario quiero exportar mis facturas",
    "Definir la estrategia del producto para 2026",
    "Backend - CRUD de Usuarios",
    "Corriger le bogue de connexion sur la page d'accueil",
    "En tant qu'administrateur je veux voir les rapports",
    "Produktvision und Roadmap für das nächste Jahr festlegen",
    "Als Nutzer möchte ich meine Rechnungen herunterladen",
    "Corrigir o erro de login na página inicial",
    "Definir a estratégia de preços do produto",
    "Correggere il problema della pagina di accesso nella app",
    "Het probleem met de inlogpagina oplossen voor een klant",
    "CORREGGERE IL PROBLEMA DELLA PAGINA NELLA APP",
    "ログイン画面のボタンを修正する",
    "修复登录页面的按钮问题",
    "Исправить ошибку на странице входа",
    "ΟΔΥΣΣΕΥΣ έλεγχος σελίδας",
    "Market research: interview 12 customers about pricing 💡🚀",
    "<b>Q3</b> OKRs &amp; KPIs — v2.1, 100% done → review",
    "don't break the team’s 'quoted' rock'n'roll build",
    "İstanbul K ﬁle\u00a0naïve café Straße",
    "line one\nline two\u2028three\x1cfour",
    "",
    "zzqx",
    "the",
    "de les la",
]


def varied_docs(count: int, seed: int) -> list[ItemDoc]:
    rng = random.Random(seed)
    docs = [ItemDoc(""), ItemDoc("", None), ItemDoc("the", type="Epic"), ItemDoc("修复登录")]
    while len(docs) < count:
        title = rng.choice(TEXTS)
        if rng.random() < 0.3:
            title = f"{title} {rng.choice(TEXTS)}"
        description = " ".join(rng.sample(TEXTS, rng.randint(0, 6)))[: rng.choice([0, 60, 600])]
        docs.append(
            ItemDoc(
                title=title,
                description=rng.choice([description, description, None]),  # type: ignore[arg-type]
                type=rng.choice(["Story", "Bug", "Épopée", "Subtarea", "Epic", None, None]),
                labels=tuple(rng.sample(["discovery", "tech debt", "Pricing"], rng.randint(0, 2))),
                column=rng.choice([None, "Sprint Backlog", "Roadmap", "Hoja de ruta"]),
                hierarchy_level=rng.choice([None, 0, 1]),
            )
        )
    return docs


def assert_equal(new: list[Prediction], old: list[Prediction], docs: list[ItemDoc]) -> None:
    assert len(new) == len(old) == len(docs)
    for a, b, doc in zip(new, old, docs, strict=True):
        assert (a.label, a.confidence, a.scores) == (b.label, b.confidence, b.scores), doc
        assert a.reason == b.reason, doc
        assert a.top_terms == b.top_terms, doc
        assert (a.nearest_phrase, a.nearest_source) == (b.nearest_phrase, b.nearest_source), doc


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_predict_equals_the_old_path_with_and_without_board_weights(models, seed):
    new, old = models
    docs = varied_docs(700, seed)
    prior = new.estimate_prior(docs)
    assert isinstance(prior, BoardPrior) and prior.weights is not None
    assert old.estimate_prior(docs) == prior  # the shares; the weights below
    assert np.array_equal(old.estimate_prior(docs).weights, prior.weights)
    plain = new.predict(docs)
    assert_equal(plain, old_predict(old, docs), docs)
    weighted = new.predict(docs, prior=prior)
    assert_equal(weighted, old_predict(old, docs, prior), docs)
    shares = new.predict(docs, prior=dict(prior))  # the board's shares, no weights
    assert_equal(shares, old_predict(old, docs, dict(prior)), docs)
    # The items cover what they should: unread languages, phrases named and not.
    reasons = [p.reason for p in weighted]
    assert any("Japanese" in r for r in reasons) and any("Italian" in r for r in reasons)
    assert any(p.nearest_phrase is None for p in weighted)
    assert any(p.nearest_phrase is not None for p in weighted)


def test_predict_of_one_item_and_of_odd_batches_equals_the_old_path(models):
    new, old = models
    docs = varied_docs(60, seed=7)
    for size in (1, 2, 7, 33):
        for start in range(0, len(docs), size):
            part = docs[start : start + size]
            assert_equal(new.predict(part), old_predict(old, part), part)


def test_the_nearest_search_holds_the_examples_sparse(models):
    new, _ = models
    assert sparse.issparse(new._example_matrix)
    assert new._example_matrix.dtype == np.float32
    assert new._example_matrix.shape == (len(new.idf), len(new.examples))


@pytest.mark.skipif(
    not sys.platform.startswith("linux") or platform.libc_ver()[0] != "glibc",
    reason="glibc's mmap threshold",
)
def test_a_batch_writes_few_fresh_pages():
    """A fresh process: once a model is built, a batch's arrays come from the heap (glibc's mmap
    threshold raised by ``_heap_for_batches``), not ~6 000 newly mapped pages per batch."""
    code = (
        "import csv, random, resource\n"
        "from models.classifier import load_model\n"
        "from models.interface import ItemDoc\n"
        "model = load_model()\n"
        "with open('models/eval/items.csv', encoding='utf-8') as f:\n"
        "    texts = [row['text'] for row in csv.DictReader(f)]\n"
        "rng = random.Random(0)\n"
        "docs = [ItemDoc(rng.choice(texts), ' '.join(rng.sample(texts, 8))[: rng.randint(0, 500)])"
        " for _ in range(2048)]\n"
        "faults = []\n"
        "for _ in range(4):\n"
        "    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt\n"
        "    model.predict(docs)\n"
        "    faults.append(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)\n"
        "print(min(faults[1:]))\n"
    )
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True
    )
    assert int(done.stdout) < 2000  # ~6 000 without it (measured)
