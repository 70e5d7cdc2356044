"""Session 16 (issue 12): a view is not a vision. A screen's, tab's or dashboard's view named
next to a screen word ("aba Visão …", "pestaña Visión", "vision tab") names no direction work in
a board scan; a product vision still does. Titles here are our own, none from a real board."""

from __future__ import annotations

import pytest

import models.rules as rules
from models.interface import ItemDoc
from models.rules import names_direction, title_hold

SCREEN_VIEW = title_hold("screen view")

OWN_PRIOR = {"strategic": 0.4, "tactical": 0.6}  # a board scan at the model's own prior


@pytest.mark.parametrize(
    ("title", "view"),
    [
        ("Criar aba Visão Diretoria no painel de vendas", True),
        ("Desenvolver tela Visão do produto para gerentes", True),
        ("Crear pestaña Visión del producto en el tablero", True),
        ("Build the product vision tab of the dashboard", True),
        ("Onglet Vue client : ajouter un filtre", True),
        ("Dashboard: Ansicht nach Region", True),
        ("Define the product vision for 2027", False),
        ("Escrever a visão do produto para 2027", False),
        ("Televisão: conectar o decodificador", False),
        ("Write the product vision page for the wiki", False),
        ("Página de visão do produto: primeira versão", False),
        ("", False),
        (None, False),
    ],
)
def test_screen_view_reads_the_title(title, view):
    assert SCREEN_VIEW.holds(title) is view


def test_view_columns_are_the_direction_words_and_pairs_of_a_view_word():
    names = ["vision", "visao", "product vision", "visao produto"]
    others = ["roadmap", "tab", "television", "column:vision", "label:visao", "revision"]
    assert SCREEN_VIEW.columns(names + others).tolist() == [1.0] * len(names) + [0.0] * len(others)


def test_names_direction_drops_a_screens_view_word_only():
    tab = "Criar aba Visão Diretoria no painel de vendas"
    assert not names_direction(["visao", "criar"], None, tab)
    assert names_direction(["visao", "roadmap"], None, tab)
    assert names_direction(["visao"], None, "Escrever a visão do produto para 2027")


@pytest.mark.parametrize(
    "title",
    [
        "Criar aba Visão Diretoria no painel de vendas",
        "Crear pestaña Visión del producto en el tablero",
        "Build the product vision tab of the dashboard",
    ],
)
def test_a_scan_holds_a_screens_view_as_delivery_work(model, title):
    scanned = model.predict([ItemDoc(title)], prior=OWN_PRIOR)[0]
    assert scanned.label == "tactical", scanned.reason
    assert "held as delivery work" in scanned.reason


def test_without_the_rule_the_screens_view_was_strategic(model, monkeypatch):
    others = tuple(h for h in rules.TITLE_HOLDS if h is not SCREEN_VIEW)
    monkeypatch.setattr(rules, "TITLE_HOLDS", others)
    scanned = model.predict(
        [ItemDoc("Criar aba Visão Diretoria no painel de vendas")], prior=OWN_PRIOR
    )[0]
    assert scanned.label == "strategic", scanned.reason


@pytest.mark.parametrize(
    "title",
    [
        "Define the product vision for 2027",
        "Escrever a visão do produto para 2027",
        # a view's tab with direction work of its own: only the view words' push is taken back
        "Vision tab: show the roadmap and the pricing experiment results",
    ],
)
def test_a_product_vision_and_other_direction_words_stay_strategic(model, title):
    scanned = model.predict([ItemDoc(title)], prior=OWN_PRIOR)[0]
    assert scanned.label == "strategic", scanned.reason
