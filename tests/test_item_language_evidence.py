"""What decides an item's language (session 16, issue 12 point 3): a link's words never vote
(".com" made 80 real cards Portuguese), the function words of the item's own text do, one of
them included; a tie stays "not known". The batch path equals the item-by-item reference."""

from __future__ import annotations

import numpy as np
import pytest

import models.language as language
from models.classifier import load_model
from models.features import words
from models.interface import ItemDoc
from models.language import READ, has_links, item_language, link_free
from models.languages_read import (
    row_languages,
)
from models.model_config import analyse
from models.train import DEFAULT_CONFIG
from tests.test_own_language_function_words import (  # door_model: a fixture
    assert_paths_equal_the_reference,
    door_model,  # noqa: F401
)

# English, with a link whose words are Portuguese function words ("com", "os", "da").
LINKED = "Upgrade the OS on the servers, see https://example.com/os/da/com and docs.com"
LINKED_DESCRIPTION = "Steps at www.example.com/com/os or ask ops@example.com"


def _feats(title: str, description: str = "") -> list[str]:
    return analyse(ItemDoc(title, description), DEFAULT_CONFIG)


def test_link_free_blanks_urls_web_and_mail_addresses():
    assert not has_links("Fix the login page")
    assert has_links("see https://x.org") and has_links("www.x.org") and has_links("a@b.de")
    assert words(link_free("Open https://example.com/os now")) == ["open", "now"]
    assert words(link_free("Write to ana@example.com.br today")) == ["write", "to", "today"]
    assert link_free("Fix the login page") == "Fix the login page"


def test_a_links_words_do_not_vote():
    assert item_language(words(LINKED)) == "pt"  # what the words alone say
    assert item_language(words(link_free(LINKED))) == "en"
    # 'os' is a word of an English item (an operating system), no evidence in a Portuguese one
    assert "os" in _feats(LINKED)
    assert "os" not in _feats("Atualizar os dados do cliente na fatura")
    assert "os" in _feats("Upgrade the OS", LINKED_DESCRIPTION)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Van Westendorp survey for pricing", "en"),  # one vote: 'van' stays a word
        ("Export plus rapide", "fr"),  # one vote: 'plus' is no evidence in French
        ("Termin für the client", None),  # a tie (de, en): not known, as before
        ("Cannot reach https://example.com/home", None),  # only the link's 'com' voted
    ],
)
def test_one_vote_of_the_items_own_words_decides_and_a_tie_does_not(text, code):
    assert item_language(words(link_free(text))) == code


def test_van_is_a_word_of_a_one_vote_english_item_and_plus_none_of_a_french_one():
    assert "van westendorp" in _feats("Van Westendorp survey for pricing")
    assert "plus" not in _feats("Export plus rapide")


@pytest.mark.parametrize(
    "switches",
    [
        {},
        {"MIN_VOTES": 2},
        {"MIN_VOTES": 2, "THIN_LANGUAGE": "en"},
        {"TIE_TO_ENGLISH": True},
    ],
)
def test_row_languages_equal_item_language_under_the_measured_variants(monkeypatch, switches):
    """The variants the sweep measured (research/session16_lang.py) read the same on both
    paths: one vote, a tie with English in it, no vote, Dutch giving way."""
    for name, value in switches.items():
        monkeypatch.setattr(language, name, value)
    model = load_model()
    texts = ["Fix login", "Move button in settings", "Export plus rapide", "de la", "o a e"]
    texts += ["Termin für the client", "the of and", "Zoeken door de documenten", ""]
    tokens = [words(t) for t in texts]
    ids = [model._extra_ids.get(w, model.vocabulary.get(w, -1)) for toks in tokens for w in toks]
    rows = np.repeat(np.arange(len(texts)), [len(t) for t in tokens])
    flags = model._flags.take(np.asarray(ids, dtype=np.int64))
    got = row_languages(flags, rows, len(texts)).tolist()
    assert got == [READ.index(c) if c else len(READ) for c in map(item_language, tokens)]


def test_the_batch_path_equals_the_reference_with_links(door_model):  # noqa: F811
    """Items with links in their titles and descriptions (a few read again in Python on the
    batch path) predict as the item-by-item reference, on the bytes and the string paths."""
    titles = [LINKED, "Upgrade the OS", "Atualizar os dados", "Fake door test", "mail a@b.com"]
    descriptions = ["", LINKED_DESCRIPTION, "Ver https://exemplo.com.br/os/da", "see www.door.nl"]
    docs = [ItemDoc(t, d) for t in titles for d in descriptions]
    for model in (door_model, load_model()):
        assert_paths_equal_the_reference(model, docs)
    assert "os" in " ".join(door_model.predict([ItemDoc(LINKED)])[0].top_terms)


@pytest.mark.parametrize(
    ("title", "column", "kept"),
    [
        # a French item on a board whose lists are English: 'to', 'do' are no list words
        ("Corriger le bouton de la page", "To Do", set()),
        # an English item in a Spanish list: 'de' is none either
        ("Fix the login page for the admin users", "Hoja de ruta", {"column:hoja", "column:ruta"}),
        ("Corrigir o botão da página", "Ready for Release", {"column:ready", "column:release"}),
    ],
)
def test_list_names_leave_out_every_read_languages_function_words(title, column, kept):
    """A list's name has no language of its own (session 16 measured the item's language for
    it: 184 items of the real exports, most in "To Do" lists of French, Dutch and German boards,
    would have counted 'to' and 'do'); it leaves out what an item of no known language does."""
    doc = ItemDoc(title, column=column, labels=("Para el equipo",))
    feats = {f for f in analyse(doc, DEFAULT_CONFIG) if f.startswith(("column:", "label:"))}
    assert feats == kept | {"label:equipo"}
