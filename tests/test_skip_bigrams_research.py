"""research.skip_bigrams' word pairs across function words (a measured, unshipped variant)."""

from __future__ import annotations

from models.features import words
from models.interface import ItemDoc
from models.language import FUNCTION_WORDS, NOT_EVIDENCE, READ
from models.languages_read import (
    STOP_WORDS,
)
from models.model_config import analyse
from models.train import DEFAULT_CONFIG
from research.skip_bigrams import _FUNCTION, skip_pairs


def _pairs(text: str, gap: int = 2, **kw) -> list[str]:
    return skip_pairs(words(text), gap, STOP_WORDS, **kw)


def test_pairs_skip_one_or_two_function_words_only():
    assert _pairs("Pruebas de usabilidad") == ["pruebas usabilidad"]
    assert _pairs("Voice of the customer") == ["voice customer"]
    assert _pairs("Étude de marché") == ["etude marche"]
    assert _pairs("Voice of the customer", gap=1) == []
    # Three function words in a row break the pair; adjacent words are no skip pair.
    assert _pairs("plan of the of market") == []
    assert _pairs("market research") == []


def test_only_function_words_are_skipped():
    # A word that is no function word between them (or a folded digit) is no gap.
    assert _pairs("plan big market") == []
    assert _pairs("plan de 2026 negocio") == []
    assert _pairs("fix the bug of the app", skip=frozenset({"of"})) == []
    assert _pairs("plan de negocio", join=" … ") == ["plan … negocio"]


def test_shipped_features_hold_no_skip_pair():
    """The shipped analyser is unchanged: the variant lives in the research script only."""
    feats = analyse(ItemDoc("Pruebas de usabilidad"), DEFAULT_CONFIG)
    assert "pruebas usabilidad" not in feats
    assert {"pruebas", "usabilidad"} <= set(feats)
    assert "plan negocio" in analyse(ItemDoc("Plan negocio"), DEFAULT_CONFIG)


def test_the_skipped_words_are_the_classifiers_current_function_words():
    """The script rebuilt its list from the read languages' lists and missed the words shared
    with another language (German "die", "war", "also", Dutch "bent"; session 14)."""
    assert _FUNCTION == NOT_EVIDENCE
    assert {"die", "war", "also", "bent"} <= _FUNCTION
    assert all(FUNCTION_WORDS[code] <= _FUNCTION for code in READ)
    assert _pairs("Fragen für die Kundenumfrage") == ["fragen kundenumfrage"]


def test_the_per_doc_path_reads_the_shipped_features_exactly(monkeypatch):
    """models._reading.PER_DOC_FEATURES (the seam the variant reads its ``analyse`` through): every
    doc through ``analyse`` gives the batch path's predictions, with and without a board."""
    import models._reading as reading
    import models.classifier as classifier
    from tests.test_classify_stage_s9_equivalence import many_docs

    model = classifier.load_model()
    docs = many_docs(0)[:400]
    prior = model.estimate_prior(docs)
    batch, plain = model.predict(docs, prior=prior), model.predict(docs)
    monkeypatch.setattr(reading, "PER_DOC_FEATURES", True)
    assert model.predict(docs, prior=prior) == batch
    assert model.predict(docs) == plain


def test_the_variant_is_read_by_the_model(monkeypatch):
    import models._reading as reading
    import models.classifier as classifier
    import models.model_config as model_config
    from research import skip_bigrams

    monkeypatch.setattr(model_config, "analyse", model_config.analyse)  # restored after the test
    monkeypatch.setattr(reading, "PER_DOC_FEATURES", reading.PER_DOC_FEATURES)
    model = classifier.load_model()
    column = model.vocabulary["market research"]
    doc = ItemDoc("Market of the research team")
    assert model.transform([doc])[0, column] == 0
    skip_bigrams.patch(2)
    assert model.transform([doc])[0, column] > 0
    skip_bigrams.patch(0)  # the shipped features, through the same per-doc path
    assert model.transform([doc])[0, column] == 0 and reading.PER_DOC_FEATURES
