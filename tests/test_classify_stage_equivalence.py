"""The classify stage's faster pieces give exactly what the pieces they replaced gave.

The batch's bytes (``_batch_bytes``): accents folded text by text instead of over the joined
batch, runs of digits cut by numpy instead of a regex; the replaced function is kept below as it
was.

``TitlesReadAgain`` is the bundled model with the replaced title check as it was (commit
067258a): the strategic rows with a description had their titles read again by ``transform``
(``ItemDoc(title)``), where the model now takes each title's features from the words it already
read for the whole item. Predictions (every field, reasons as text) and the board prior (shares
and word weights) must be equal, on items made to catch a title/description seam: digits,
apostrophes and quotes at the seam, user-story titles, markup-only descriptions, the separator
characters that send a batch down the text-by-text path.
"""

from __future__ import annotations

import random
import re

import numpy as np
import pytest

from models._fastpath import (
    _BATCH_TABLE,
    _SEP,
    _TYPO,
    MARK,
    WordTable,
    _batch_bytes,
    _split_apostrophes,
    _zero_runs_cut,
)
from models._rules_applied import _board_weighted
from models.classifier import DESCRIPTION_ONLY_CAP, LinearRoleModel, load_model, unread_rows
from models.features import fold
from models.interface import ItemDoc
from models.languages_read import (
    _HINT_FLAG,
)
from models.train import DEFAULT_LABELS, read_phrases, train_model
from tests.test_classifier_speed_equivalence import FIXTURES
from tests.test_predict_path_equivalence import TEXTS, assert_equal


class TitlesReadAgain(LinearRoleModel):
    """The title check as it was: the titles of the rows it reads transformed anew."""

    def _transform_with_titles(self, docs, pairs=None):  # (no pairs: read anew)
        return self.transform(docs), None

    def _title_checked(self, docs, proba, prior=None, titles=None, direction=None, held=None):
        if self._evidence is None or not len(docs):
            return proba
        k = self._evidence[0]
        rows = [
            i
            for i in np.flatnonzero(proba[:, k] > DESCRIPTION_ONLY_CAP).tolist()
            if docs[i].description
        ]
        if not rows:
            return proba
        titles = _board_weighted(
            self.transform([ItemDoc(docs[i].title or "") for i in rows]), prior
        )
        n, cols = titles.shape[0], titles.indices
        at = np.repeat(np.arange(n), np.diff(titles.indptr))
        _, push, _, word = self._evidence
        pushes = np.bincount(at, weights=titles.data * push[cols], minlength=n)
        norms = np.sqrt(np.bincount(at, weights=titles.data**2 * word[cols], minlength=n))
        evidence = np.divide(pushes, norms, out=np.zeros(n), where=norms > 0)
        named = None
        if prior and self._direction is not None:  # a board scan (the same rules, same titles)
            named = np.bincount(
                at, weights=titles.data * push[cols] * self._direction[cols], minlength=n
            )
        return self._title_rules(docs, proba, rows, evidence, named, direction, held)


def reference(model: LinearRoleModel) -> LinearRoleModel:
    old = LinearRoleModel.from_json(model.to_json())
    old.__class__ = TitlesReadAgain  # the same model, the old title check
    return old


SEAM_TITLES = [
    "Define the product vision and roadmap for 2026",  # digits at the seam
    "As a product manager I want to see the roadmap",  # a user story
    "Spike: as a PO I need the rock'",  # an apostrophe at the seam
    "Plan the team’",
    "Market strategy",
    "Q3 OKRs 12",
    "Roadmap roadmap roadmap",
    "",
]
SEAM_DESCRIPTIONS = [
    "3 more customers and the product strategy",
    "'n'roll pricing strategy",
    "’s vision",
    "<b></b> &amp;",
    "pricing pricing vision",
    "Market research with 12 customers about pricing; the roadmap for next year",
    "",
    None,
]


def seam_docs(count: int, seed: int) -> list[ItemDoc]:
    rng = random.Random(seed)
    docs: list[ItemDoc] = [ItemDoc(None, "the product vision"), ItemDoc("", "")]  # type: ignore[arg-type]
    while len(docs) < count:
        title = rng.choice(SEAM_TITLES + TEXTS)
        if rng.random() < 0.3:
            title = f"{title} {rng.choice(TEXTS)}"
        description = rng.choice(SEAM_DESCRIPTIONS)
        if description is not None and rng.random() < 0.5:
            description += " " + " ".join(rng.sample(TEXTS, rng.randint(0, 4)))
        docs.append(
            ItemDoc(
                title=title,
                description=description,  # type: ignore[arg-type]
                type=rng.choice(["Story", "Bug", "Epic", None, None]),
                labels=tuple(rng.sample(["discovery", "Pricing"], rng.randint(0, 2))),
                column=rng.choice([None, "Sprint Backlog", "Roadmap"]),
                hierarchy_level=rng.choice([None, 0, 1]),
            )
        )
    return docs


@pytest.fixture(scope="module")
def bundled() -> tuple[LinearRoleModel, LinearRoleModel]:
    model = load_model()
    return model, reference(model)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_predictions_and_board_prior_equal_the_titles_read_again(bundled, seed):
    new, old = bundled
    docs = seam_docs(900, seed)
    prior = new.estimate_prior(docs)
    expected = old.estimate_prior(docs)
    assert prior == expected and np.array_equal(prior.weights, expected.weights)
    for board in (None, prior):
        assert_equal(new.predict(docs, prior=board), old.predict(docs, prior=board), docs)
    # The title check decided rows here: strategic-looking descriptions under delivery titles.
    checked = new.predict_proba(docs)[:, new.labels.index("strategic")]
    unchecked = new.probabilities(new.transform(docs))[:, new.labels.index("strategic")]
    assert (checked < unchecked).sum() > 10


def test_the_titles_pairs_give_the_titles_own_rows(bundled):
    new, _ = bundled
    docs = seam_docs(500, seed=4)
    matrix, titles = new._transform_with_titles(docs)
    assert titles is not None
    assert (matrix != new.transform(docs)).nnz == 0
    which = list(range(0, len(docs), 3))
    got = new._title_matrix(docs, which, titles)
    want = new.transform([ItemDoc(docs[i].title or "") for i in which])
    assert np.array_equal(got.indptr, want.indptr) and np.array_equal(got.indices, want.indices)
    assert np.array_equal(got.data, want.data)
    assert got.nnz > len(which)  # titles with words, bigrams and story forms


def test_a_batch_with_the_separator_characters_reads_titles_again(bundled):
    """Text holding the batch's separator or stand-in character goes text by text: the title
    check then reads the titles anew, with the same predictions."""
    new, old = bundled
    docs = seam_docs(120, seed=5)
    docs[7] = ItemDoc("Roadmap\x01 for the vision", "the product strategy\x02 and pricing")
    assert new._transform_with_titles(docs)[1] is None
    assert_equal(new.predict(docs), old.predict(docs), docs)


def test_a_small_trained_model_equals_the_titles_read_again():
    trained = train_model(read_phrases(FIXTURES / "model_phrases.csv"), labels=DEFAULT_LABELS)
    model = LinearRoleModel.from_json(trained.to_json())  # the weights as the reference has them
    docs = seam_docs(300, seed=6)
    assert_equal(model.predict(docs), reference(model).predict(docs), docs)


# --- the batch's bytes: the replaced function, as it was (commit 067258a) ----------------------


def old_batch_bytes(texts: list[str]) -> bytes | None:
    if not texts:
        return None
    joined = " \x01 ".join([t if t.isascii() else t.lower() for t in texts]) + " \x01"
    if not joined.isascii():
        joined = fold(joined)
    if joined.count(_SEP) != len(texts) or _TYPO in joined:
        return None
    typographic = "’" in joined
    if typographic:
        joined = joined.replace("’", _TYPO)
    raw = joined.encode("ascii", "replace").translate(_BATCH_TABLE)
    if b"00" in raw:
        raw = re.sub(rb"00+", b"0", raw)
    if b"'" in raw or typographic:
        raw = _split_apostrophes(raw)
    return raw


def test_batch_bytes_equal_the_replaced_pieces():
    rng = random.Random(21)
    alphabet = list("abcXYZ0189 '’-_.,:;!?\t\n") + ["é", "ß", "İ", "K", "ﬁ", "\u00a0", "00"]
    alphabet += ["Σ", "ς", "e\u0301", "Tâche", "'n'", "rock'n'roll", "don't", "’s", "v2.1"]
    pool = ["", "Don't stop", "rock'n'roll 12 3x4 v2.1", "abc’s Q3 100%", "'quoted' ''", "a'bc0d"]
    pool += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40))) for _ in range(3000)]
    pool += [" ".join(TEXTS[i % len(TEXTS)] for i in range(k, k + 5)) for k in range(50)]
    for _ in range(400):
        batch = rng.sample(pool, rng.randint(1, 16))
        if rng.random() < 0.1:
            batch.append(rng.choice(["x\x01y", "a\x02b"]))  # the text-by-text path: None
        assert _batch_bytes(batch) == old_batch_bytes(batch), batch
    raws = [bytes(rng.choice(b"ab0' \x02") for _ in range(rng.randint(0, 30))) for _ in range(3000)]
    for raw in [*raws, b"", b"0", b"00", b"a00", b"00a0 000"]:
        assert _zero_runs_cut(raw) == re.sub(rb"00+", b"0", raw), raw


# --- the language check: judged only where the batch's words call for it -----------------------

HINT_TITLES = [
    "Correggere il pulsante della pagina",
    "il",
    "Fix il",
    "IL PULSANTE DELLA PAGINA",
    "(het) formulier",
    "het, een, voor",
    "De knop van het formulier werkt niet voor een gebruiker",
    "ïl pulsante",
    "İl pulsante della pagina",
    "l'il nella",
    "Roadmap della strategia",
    "voor\nhet formulier",
    "il’s",
]


def hint_docs(count: int, seed: int) -> list[ItemDoc]:
    rng = random.Random(seed)
    docs = seam_docs(count, seed)
    for i in range(0, count, 3):
        description = rng.choice(["", None, "della pagina nella app", "het formulier", "ログイン"])
        docs[i] = ItemDoc(rng.choice(HINT_TITLES + TEXTS), description)  # type: ignore[arg-type]
    return docs


@pytest.mark.parametrize("seed", [0, 1])
def test_unread_rows_from_the_batch_words_equal_the_check_item_by_item(bundled, seed):
    new, _ = bundled
    docs = hint_docs(600, seed)
    titles = new._transform_with_titles(docs)[1]
    assert titles is not None and len(titles.hinted)
    expected = unread_rows(docs, new.config.features)
    assert {code for _, code in expected} >= {"it", "ja"}
    assert "nl" not in {code for _, code in expected}  # Dutch is read (session 13)
    assert new._unread_rows(docs, titles) == expected
    assert new._unread_rows(docs, None) == expected


def test_a_hint_word_that_is_a_feature_stays_a_feature(bundled):
    """A vocabulary holding one of the hint words keeps it as a feature (its column, never the
    mark) and still finds the titles holding it."""
    new, old = bundled
    model = reference(new)
    model.__class__ = LinearRoleModel
    column = model.vocabulary["roadmap"]
    model._flags = model._flags.copy()  # as if "roadmap" were an Italian function word
    model._flags[column] |= _HINT_FLAG  # (session 15: a word's flags say it, feature or not)
    docs = hint_docs(300, seed=3)
    titles = model._transform_with_titles(docs)[1]
    with_roadmap = {i for i, d in enumerate(docs) if "roadmap" in (d.title or "").lower().split()}
    assert with_roadmap and with_roadmap <= set(titles.hinted.tolist())
    assert_equal(model.predict(docs), old.predict(docs), docs)


def test_word_table_marks():
    table = WordTable.build({"il": 0, "roadmap": 1}, marks=["il", "het", "een"])
    raw = b"il het roadmap x een \x01"
    assert table.ids(raw, marked=True).tolist() == [0, MARK, 1, -1, MARK, -2]
    assert table.ids(raw).tolist() == [0, -1, 1, -1, -1, -2]
    plain = WordTable.build({"il": 0, "roadmap": 1})
    assert plain.ids(raw, marked=True).tolist() == [0, -1, 1, -1, -1, -2]
