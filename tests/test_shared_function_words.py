"""Function words shared with another language (German "die", "war", "also", Dutch "bent") are
never evidence nor a reason's term, yet never vote for a language (session 14, issue 12 point 3)."""

from __future__ import annotations

import pytest

import models.classifier as classifier
import models.languages_read as languages_read
from models.artifact import model_from_json, model_json
from models.features import meta_features
from models.interface import ItemDoc
from models.language import FUNCTION_WORDS, NOT_EVIDENCE, READ, SHARED_FUNCTION_WORDS, detect
from models.languages_read import STOP_WORDS, STOP_WORDS_BY_LANGUAGE
from models.model_config import analyse
from models.rules import NO_DIRECTION_CLASSIFY_CAP
from models.train import DEFAULT_CONFIG, DEFAULT_LABELS, train_model

SHARED = ("die", "war", "also", "bent")


def _terms(prediction) -> list[str]:
    return [w for term in prediction.top_terms for w in term.split(" ")]


def test_the_shared_words_are_not_evidence_but_do_not_vote_for_a_language():
    assert set(SHARED) == SHARED_FUNCTION_WORDS
    assert SHARED_FUNCTION_WORDS <= NOT_EVIDENCE <= classifier.STOP_WORDS
    for word in SHARED:
        assert not any(word in FUNCTION_WORDS[code] for code in FUNCTION_WORDS), word
    # An English title opening with "Also" stays English, not German.
    assert detect("Also show the export button in the toolbar") == "en"
    assert all(FUNCTION_WORDS[code] <= NOT_EVIDENCE for code in READ)


@pytest.mark.parametrize("word", ["door", "want", "hat", "man", "car", "mes"])
def test_words_that_carry_meaning_in_another_language_stay_words(word):
    """'fake door test', a story's 'I want', Red Hat, Spanish 'mes' (month): features still."""
    assert word not in NOT_EVIDENCE
    assert word in analyse(ItemDoc(f"check {word} now"), DEFAULT_CONFIG)


def test_analyse_leaves_the_shared_words_and_their_bigrams_out():
    feats = analyse(ItemDoc("Die Anforderungen für die Kundenumfrage festlegen"), DEFAULT_CONFIG)
    assert "die" not in feats
    assert not any("die" in f.split(" ") for f in feats)
    assert "kundenumfrage festlegen" in feats


def test_list_and_label_names_drop_the_shared_words():
    feats = meta_features(ItemDoc("x", column="Die Ideen", labels=("war room",)))
    assert "column:ideen" in feats and "label:room" in feats
    assert not any(f.endswith(":die") or f.endswith(":war") for f in feats)


@pytest.mark.parametrize("word", SHARED)
def test_the_bundled_model_has_no_feature_holding_a_shared_word(model, word):
    assert not any(word in f.split(" ") for f in model.vocabulary if ":" not in f)
    p = model.predict([ItemDoc(word)])[0]
    assert not (p.label == "strategic" and p.confidence >= NO_DIRECTION_CLASSIFY_CAP)
    assert f"'{word}'" not in p.reason


@pytest.mark.parametrize(
    "text",
    [
        "Die Anforderungen für die Kundenumfrage festlegen",
        "die Roadmap für die nächsten Quartale abstimmen",
        "Die Preisstrategie war also noch offen",
        "Als je bent ingelogd, toon die pagina met de prijzen",
    ],
)
def test_a_shared_word_is_never_a_reason_term(model, text):
    p = model.predict([ItemDoc(text)])[0]
    for word in SHARED:
        assert word not in _terms(p), (word, p.top_terms)
        assert f"'{word}" not in p.reason and f"{word}'" not in p.reason


def test_a_model_trained_before_the_words_were_added_never_shows_them(monkeypatch):
    """The reason side needs no retrain: a model whose vocabulary still holds 'die' and
    'die nachsten' (trained while 'die' was a word) never names them in a reason of a German
    item (since session 15 the item's own language's function words are no features of it,
    whatever the vocabulary holds)."""
    phrases = [
        {"text": "Die Roadmap für die nächsten Quartale festlegen", "label": "strategic"},
        {"text": "Die Strategie für die nächsten Märkte planen", "label": "strategic"},
        {"text": "Research the market for new customer segments", "label": "strategic"},
        {"text": "Own the product vision and roadmap", "label": "strategic"},
        {"text": "Define pricing for the next year", "label": "strategic"},
        {"text": "Fix the login button on the settings page", "label": "tactical"},
        {"text": "Den Fehler beim Export beheben", "label": "tactical"},
        {"text": "Update the API client to the new version", "label": "tactical"},
        {"text": "Write unit tests for the invoice export", "label": "tactical"},
        {"text": "Rename the column in the report table", "label": "tactical"},
    ]
    with monkeypatch.context() as patched:
        own = {code: words - {"die"} for code, words in STOP_WORDS_BY_LANGUAGE.items()}
        for module in (classifier, languages_read):  # what analyse and the model read
            patched.setattr(module, "STOP_WORDS", STOP_WORDS - {"die"})
            patched.setattr(module, "STOP_WORDS_BY_LANGUAGE", own)
        data = model_json(train_model(phrases, labels=DEFAULT_LABELS))
    assert "die" in data["vocabulary"] and "die nachsten" in data["vocabulary"]
    old = model_from_json(data)
    p = old.predict([ItemDoc("die Roadmap für die nächsten Quartale")])[0]
    assert p.top_terms  # it has terms to show...
    assert "die" not in _terms(p)  # ...but none holding 'die'
