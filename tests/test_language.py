"""models.language: which language an item is in, and whether the model reads it."""

import pytest

from models.language import READ, detect, fold_accents, name, unreadable


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Define the pricing for the new plan", "en"),
        ("Crear la pantalla de clientes con los filtros", "es"),
        ("Ajouter le bouton dans la barre des outils", "fr"),
        ("Fehler beim Speichern der Datei und beim Export", "de"),
        ("Corrigir o erro do login na página de cadastro", "pt"),
        ("Foutmelding bij het opslaan van het formulier", "nl"),
        ("ログイン画面のボタンを修正する", "ja"),
        ("修复登录页面的按钮", "zh"),
        ("로그인 버튼 수정", "ko"),
        ("Исправить кнопку входа", "ru"),
    ],
)
def test_detect(text, code):
    assert detect(text) == code


def test_no_signal_is_none():
    assert detect("Fix SSO") is None
    assert detect("") is None
    assert detect("1234 !!") is None


def test_links_do_not_vote():
    # "com" is a Portuguese function word; inside a URL it says nothing.
    assert detect("Cannot claim player https://example.com/archives/p123") is None


def test_unreadable_only_for_other_languages():
    assert unreadable("ログイン画面のボタンを修正する") == "ja"
    assert unreadable("修复登录页面的按钮 for SSO") == "zh"
    assert unreadable("Correggere il pulsante della pagina per gli utenti") == "it"
    for text in (
        "Define the pricing for the new plan",
        "Crear la pantalla de clientes",
        "Gestion des profils en mode déconnecté",
        "Fix login (ログイン) button on the settings page",  # mostly Latin letters
        "Resolve non-unique handles",
        "De knop van het formulier werkt niet voor een gebruiker",  # Dutch: read (session 13)
    ):
        assert unreadable(text) is None, text


def test_fold_and_names():
    assert fold_accents("Tâche Épopée Straße ação") == "Tache Epopee Strasse acao"
    assert fold_accents("plain") == "plain"
    assert set(READ) == {"en", "es", "fr", "de", "pt", "nl"}
    assert name("ja") == "Japanese" and name("xx") == "xx"
