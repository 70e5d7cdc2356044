"""An item leaves out its own language's function words only (session 15, issue 12 point 3):
"door" is evidence in an English item (a "fake door test") and no feature of a Dutch one
("door" = by), "hat" likewise in English (Red Hat) and German (has); an item whose language is
not known leaves out every read language's. The batch path equals the reference."""

from __future__ import annotations

import numpy as np
import pytest

from models.classifier import load_model
from models.features import words
from models.interface import ItemDoc
from models.language import (
    FUNCTION_WORDS,
    NOT_EVIDENCE,
    OWN_FUNCTION_WORDS,
    READ,
    detect,
    item_language,
)
from models.languages_read import (
    STOP_WORDS,
    STOP_WORDS_BY_LANGUAGE,
    own_function_places,
    row_languages,
)
from models.model_config import analyse
from models.train import DEFAULT_CONFIG, DEFAULT_LABELS, train_model
from tests.test_classifier_speed_equivalence import assert_same, reference_predictions

ENGLISH_DOOR = "Run a fake door test for the premium plan with our users"
DUTCH_DOOR = "Zoeken door de documenten van het archief mogelijk maken"
ENGLISH_HAT = "Install the Red Hat packages on the build server"
GERMAN_HAT = "Der Kunde hat keine Rechnung für den Auftrag erhalten"


def _feats(text: str, description: str = "") -> list[str]:
    return analyse(ItemDoc(text, description), DEFAULT_CONFIG)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        (ENGLISH_DOOR, "en"),
        (DUTCH_DOOR, "nl"),
        (ENGLISH_HAT, "en"),
        (GERMAN_HAT, "de"),
        ("Atualizar os dados do cliente na fatura", "pt"),
        ("Corriger l'écran car le bouton ne marche pas", "fr"),
        ("Fix login", None),  # no function word: no signal
        ("CRUD de usuarios", None),  # "de": Spanish, French, Portuguese and Dutch: a tie
        ("Move button in settings", "en"),  # "in" is Dutch too: on a tie Dutch gives way
    ],
)
def test_item_language_votes_as_detect_among_the_read_languages(text, code):
    assert item_language(words(text)) == code
    assert detect(text) == code


def test_each_language_leaves_out_its_own_function_words_and_the_ones_it_shares():
    for code in READ:
        shared = OWN_FUNCTION_WORDS[code] - FUNCTION_WORDS[code]  # they never vote
        left_out = {"car", "ton", "mes", "ca", "era", "hat", "man", "door", "want", "men"}
        assert shared <= NOT_EVIDENCE | left_out  # (the words the lists left to another)
    assert {"door", "want", "die"} <= OWN_FUNCTION_WORDS["nl"]
    assert {"hat", "man", "die", "war", "in", "was", "es", "je"} <= OWN_FUNCTION_WORDS["de"]
    assert "had" in OWN_FUNCTION_WORDS["en"]
    assert {"car", "mes", "ton"} <= OWN_FUNCTION_WORDS["fr"]
    assert not {"door", "want", "hat", "man", "car", "mes", "os", "con"} & OWN_FUNCTION_WORDS["en"]
    assert "wil" not in OWN_FUNCTION_WORDS["nl"]  # a story's "wil ik" stays a word
    for code in READ:  # one letter is never evidence ("e.g.", "C-level", a French "l'")
        assert {"a", "e", "c", "l", "y"} <= OWN_FUNCTION_WORDS[code]
    assert NOT_EVIDENCE | {"0"} == STOP_WORDS  # an item whose language is not known


@pytest.mark.parametrize(
    ("english", "other", "word"),
    [
        (ENGLISH_DOOR, DUTCH_DOOR, "door"),
        (ENGLISH_HAT, GERMAN_HAT, "hat"),
        ("Update the OS image on the build servers", "Atualizar os dados do cliente", "os"),
        ("Show the car price on the quote page", "Corriger l'écran car le bouton casse", "car"),
    ],
)
def test_a_word_counts_in_english_and_not_where_it_is_a_function_word(english, other, word):
    mine = _feats(english)
    assert word in mine
    assert any(f.split(" ")[0] == word for f in mine if " " in f)  # and its bigrams
    theirs = _feats(other)
    assert not any(word in f.split(" ") for f in theirs), theirs


def test_an_item_whose_language_is_not_known_leaves_out_every_read_languages_words():
    assert item_language(words("Upgrade Linux image")) is None
    assert "linux" in _feats("Upgrade Linux image")
    assert "de" not in _feats("CRUD de usuarios")
    # Words that are function words only as a read language's (never voting) stay words.
    assert "door" in _feats("Fake door test")


def test_the_description_votes_for_the_title_too():
    """A short title gives no signal; its item's description says which language it is in."""
    feats = _feats("Zoeken door documenten", "De knop werkt niet op de pagina met het overzicht")
    assert "door" not in feats
    assert "door" in _feats("Zoeken door documenten")  # alone: no signal, "door" a word


def test_row_languages_equal_item_language():
    model = load_model()
    texts = [ENGLISH_DOOR, DUTCH_DOOR, GERMAN_HAT, "Fix login", "CRUD de usuarios", "", "de la"]
    texts += ["Move button in settings", "Als bezoeker wil ik de agenda zien", "o a e"]
    tokens = [words(t) for t in texts]
    ids = [model._extra_ids.get(w, model.vocabulary.get(w, -1)) for toks in tokens for w in toks]
    rows = np.repeat(np.arange(len(texts)), [len(t) for t in tokens])
    flags = model._flags.take(np.asarray(ids, dtype=np.int64))
    got = row_languages(flags, rows, len(texts)).tolist()
    expected = [READ.index(c) if c else len(READ) for c in map(item_language, tokens)]
    assert got == expected
    out = set(own_function_places(flags, rows, np.asarray(got)).tolist())
    flat = [(w, item_language(toks)) for toks in tokens for w in toks]
    assert out == {
        k for k, (w, code) in enumerate(flat) if w in (STOP_WORDS_BY_LANGUAGE.get(code, STOP_WORDS))
    }


@pytest.fixture(scope="module")
def door_model():
    """A small model that has learned 'door', 'hat' and 'os' from English items."""
    phrases = [
        {"text": "Run a fake door test to learn whether users want it", "label": "strategic"},
        {"text": "Plan the fake door test for the new premium plan", "label": "strategic"},
        {"text": "Research which market segment to enter next year", "label": "strategic"},
        {"text": "Define the product vision and the roadmap", "label": "strategic"},
        {"text": "Decide the pricing strategy with the leadership", "label": "strategic"},
        {"text": "Install the Red Hat packages on the build server", "label": "tactical"},
        {"text": "Update the Red Hat image for the OS patch", "label": "tactical"},
        {"text": "Fix the login button on the settings page", "label": "tactical"},
        {"text": "Rename the column in the invoice table", "label": "tactical"},
        {"text": "Upgrade the OS on the test machines", "label": "tactical"},
    ]
    return train_model(phrases, labels=DEFAULT_LABELS)


def test_door_is_evidence_in_english_and_not_in_dutch(door_model):
    assert {"door", "fake door", "hat", "os"} <= door_model.vocabulary.keys()
    english, dutch = door_model.predict(
        [ItemDoc("Set up a fake door test for the exports"), ItemDoc(DUTCH_DOOR)]
    )
    assert english.label == "strategic" and "door" in " ".join(english.top_terms)
    assert "door" not in " ".join(dutch.top_terms) and "'door" not in dutch.reason
    row = door_model.transform([ItemDoc(DUTCH_DOOR)])
    assert door_model.vocabulary["door"] not in row.indices
    red_hat, german = door_model.predict(
        [ItemDoc("Red Hat packages for the server"), ItemDoc(GERMAN_HAT)]
    )
    assert "hat" in " ".join(red_hat.top_terms)
    assert "hat" not in " ".join(german.top_terms) and "'hat'" not in german.reason


def assert_paths_equal_the_reference(model, docs: list[ItemDoc]) -> None:
    """The batch path (bytes, word table, numpy votes) predicts as the item-by-item reference,
    and the string path (no word table: batch_words + dictionary) as the batch path."""
    fast = model.predict(docs)
    for f, r, doc in zip(fast, reference_predictions(model, docs), docs, strict=True):
        assert_same(f, r, doc)
    table = model._word_table
    model._word_table = None
    try:
        assert model.predict(docs) == fast
    finally:
        model._word_table = table


def test_the_batch_path_equals_the_reference_in_every_language(door_model):
    """Titles and descriptions in six languages, with the words shared across them, short
    titles whose description says the language, and items with no signal: the batch path
    (bytes, word table, numpy votes) and the string path equal the item-by-item reference."""
    titles = [ENGLISH_DOOR, DUTCH_DOOR, ENGLISH_HAT, GERMAN_HAT, "Fake door test", "Upgrade OS"]
    titles += ["Zoeken door documenten", "Red Hat", "os dados", "car mes ton", "de la", ""]
    descriptions = [
        "",
        "De knop werkt niet op de pagina met het overzicht door de gebruiker",
        "The fake door test tells whether users want the premium plan",
        "Der Kunde hat die Rechnung nicht, man muss sie erneut senden",
        "Atualizar os dados do cliente na fatura com o novo valor",
        "Corriger l'écran car mes données ne sont pas à jour",
    ]
    docs = [
        ItemDoc(t, d, type=ty)
        for t in titles
        for d, ty in zip(descriptions, ["Story", None, "Epic", None, "Bug", None], strict=True)
    ]
    for model in (door_model, load_model()):
        assert_paths_equal_the_reference(model, docs)
