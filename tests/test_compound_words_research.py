"""research/compound_words.py: the compound splitter and its variants on small fixtures of our
own (no real data read)."""

from __future__ import annotations

import pytest

import models.classifier as classifier
import models.model_config as model_config
from models.interface import ItemDoc
from models.train import Phrase, train_model
from research import compound_words
from research.compound_words import CompoundSplitter

KNOWN = ("projekt", "schnittstelle", "innovation", "kosten", "plan", "team", "date", "ab")


@pytest.fixture
def variants(monkeypatch):
    """The module, with what its variants replace restored after the test."""
    monkeypatch.setattr(classifier.LinearRoleModel, "_pairs", classifier.LinearRoleModel._pairs)
    monkeypatch.setattr(model_config, "analyse", model_config.analyse)
    monkeypatch.setattr(compound_words, "SETTINGS", compound_words.Settings())
    compound_words._SPLITTERS.clear()
    yield compound_words
    compound_words._SPLITTERS.clear()


def test_a_compound_splits_into_known_parts():
    split = CompoundSplitter(KNOWN)
    assert split.parts("projektschnittstellen") == ("projekt", "schnittstelle")  # last inflected
    assert split.parts("innovationsprojekt") == ("innovation", "projekt")  # linking -s-
    assert split.parts("kostenplan") == ("kosten", "plan")
    assert split.parts("projekts") == ("projekt",)  # a known word plus an inflection


def test_a_word_that_does_not_split_wholly_is_left_whole():
    split = CompoundSplitter(KNOWN)
    assert split.parts("projektumfeld") == ()  # "umfeld" unknown
    assert split.parts("zielplattform") == ()
    assert split.parts("abprojekt") == ()  # "ab" is shorter than a part may be
    assert split.parts("projekt") == ()  # known: no split
    assert split.parts("projekt0plan") == ()  # not all letters
    assert split.parts("plan" * 20) == ()  # longer than a word is split


def test_the_options_narrow_or_widen_the_split():
    assert CompoundSplitter(KNOWN, inflected=False).parts("projekts") == ()
    assert CompoundSplitter(KNOWN, inflected=False).parts("kostenplan") == ("kosten", "plan")
    assert CompoundSplitter(KNOWN, split=False).parts("kostenplan") == ()
    assert CompoundSplitter(KNOWN, split=False).parts("projekten") == ("projekt",)
    assert CompoundSplitter(KNOWN).parts("teilprojekten") == ()
    assert CompoundSplitter(KNOWN, head=True).parts("teilprojekten") == ("projekt",)
    assert CompoundSplitter(KNOWN).parts("daten") == ("date",)
    assert CompoundSplitter(KNOWN, min_stem=5).parts("daten") == ()


def _model():
    strategic = [
        "Das Projekt und die Strategie festlegen",
        "Innovation und Strategie",
        "Product strategy and roadmap",
        "Fake door test for pricing",
        "Kosten und Nutzen",
    ]
    tactical = [
        "Schnittstelle zum Server bauen",
        "Checkout flow bug",
        "Fix the login bug",
        "Write unit tests",
        "Fehler beheben",
    ]
    phrases = [Phrase(t, "strategic") for t in strategic]
    phrases += [Phrase(t, "tactical") for t in tactical]
    return train_model(phrases * 2, seed=0, labels=("strategic", "tactical"))


GERMAN = ItemDoc("Die Innovationsprojekte und die Projektstrategie des Teams")
ENGLISH = ItemDoc("The checkoutflow of the pricing page")


def _columns(model, doc) -> set[str]:
    names = {index: feature for feature, index in model.vocabulary.items()}
    return {names[int(j)] for j in model.transform([doc]).indices}


def test_split_adds_the_parts_of_a_german_item_and_leaves_english_alone(variants):
    model = _model()
    assert "projekt" in model.vocabulary and "checkout" in model.vocabulary
    before_german, before_english = _columns(model, GERMAN), _columns(model, ENGLISH)
    assert "projekt" not in before_german
    variants.install()
    after = _columns(model, GERMAN)
    assert {"innovation", "projekt", "strategie"} <= after
    assert _columns(model, ENGLISH) == before_english  # English: no split ("checkoutflow")
    prediction = model.predict([GERMAN])[0]
    assert prediction.label == "strategic"
    # the reason names the parts as readable words of the item
    assert set(prediction.top_terms) & {"innovation", "projekt", "strategie"}
    assert not any(term.startswith("#") for term in prediction.top_terms)


def test_function_words_are_never_parts(variants):
    model = _model()
    assert "door" in model.vocabulary  # an English word here, a Dutch function word
    assert "door" not in compound_words.part_words(model)
    variants.install()
    doc = ItemDoc("Die Doorprojekt und die Planung")
    assert "door" not in _columns(model, doc)
    assert compound_words.extra_features(model, ["doorprojekt"], "de") == []
    assert compound_words.extra_features(model, ["projekts"], "de") == ["projekt"]
    assert compound_words.extra_features(model, ["projekts"], "en") == []


def test_chars_trains_character_ngrams_of_german_items_never_shown(variants):
    variants.install(with_split=False, chars=(4, 5))
    model = _model()
    grams = [f for f in model.vocabulary if f.startswith("#")]
    assert grams and "#proj" in grams and "#door" not in grams  # German items only
    assert not any(f.startswith("#") for f in _columns(model, ENGLISH))
    prediction = model.predict([GERMAN])[0]
    assert any(f.startswith("#") for f in _columns(model, GERMAN))
    assert not any(term.startswith("#") for term in prediction.top_terms)
    assert "#" not in prediction.reason


def test_unknown_languages_are_refused(variants):
    with pytest.raises(SystemExit) as stopped:
        compound_words.main(["--languages", "de,xx", "--unknown"])
    assert stopped.value.code == 2
