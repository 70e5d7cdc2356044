"""research.s26_description_cut: every reading of a description follows the variant's cut, and
all is put back (no real data read)."""

from __future__ import annotations

import numpy as np

import models.classifier as classifier
import models.language as language
import models.rules as rules
from models import train
from models.interface import ItemDoc
from research.s26_description_cut import first_sentence, install

RUSSIAN = "Исправить ошибку входа на странице"


def test_first_sentence_reads_on_past_a_short_opening():
    text = "Hi team. The checkout page times out for card payments. Logs attached."
    assert first_sentence(text, 600) == "Hi team. The checkout page times out for card payments."
    assert first_sentence("Line one is long enough to count here, really\nnext", 600).endswith(
        "really\n"
    )
    assert first_sentence("no end mark at all", 600) == "no end mark at all"
    assert first_sentence("x" * 100, 30) == "x" * 30


def test_a_cut_reaches_training_and_the_language_check_and_is_undone():
    shipped = train.DEFAULT_CONFIG
    assert language.unread_language("Fix login page", RUSSIAN) == "ru"
    with install(300):
        assert train.DEFAULT_CONFIG.features.description_chars == 300
        assert train.DEFAULT_CONFIG.words == shipped.words
        assert language.SCRIPT_CHARS == classifier.SCRIPT_CHARS == 300
        # another script 300 characters in is not read, as the model reads none of it
        assert language.unread_language("Fix login page", "x " * 160 + RUSSIAN) is None
    assert train.DEFAULT_CONFIG is shipped
    assert language.SCRIPT_CHARS == classifier.SCRIPT_CHARS == 600
    assert language.unread_language is classifier.unread_language


def test_model_only_leaves_the_other_readers():
    with install(150, model_only=True):
        assert train.DEFAULT_CONFIG.features.description_chars == 150
        assert language.SCRIPT_CHARS == 600


def test_no_description_read_at_a_cut_of_0():
    doc = ItemDoc("Personas", description="A long note about who uses the app and why")
    proba = np.array([[0.9, 0.1]])
    assert not rules._few_words(doc, 2)
    with install(0):
        assert rules._few_words(doc, 2)  # the title alone is what the model reads
        assert language.unread_language("Fix login page", RUSSIAN) is None
        checked = classifier.LinearRoleModel._title_checked(None, [doc], proba)
        assert checked is proba
    assert not rules._few_words(doc, 2)
