"""Session 18's language levers, kept for research (measured over 8 draws on the dev halves, not
shipped: models/HISTORY "Session 18: the five languages — an unknown language, vocabulary and
tickets"): each variant of ``research.s18_langs`` changes what it names and nothing else, and
the tickets are tickets of both labels in four languages, our own, none in the shipped data."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

import models._reading as reading
import models.model_config as model_config
import models.rules as rules
import research.s18_langs as s18
from connectors.interface import Board, Item
from models import train
from models.language import detect

TICKETS = Path(__file__).resolve().parents[1] / "research" / "data" / "s18_lang_tickets.csv"


@pytest.fixture
def restored(vocabularies_restored):
    """The module attributes a variant replaces, put back after the test (the rules'
    vocabularies and title memories by ``vocabularies_restored``)."""
    monkeypatch = vocabularies_restored
    monkeypatch.setattr(reading, "row_languages", reading.row_languages)
    monkeypatch.setattr(model_config, "item_language", model_config.item_language)
    import benchmarks.bench_real_boards as bench

    monkeypatch.setattr(bench, "labelled_boards", bench.labelled_boards)
    return monkeypatch


def test_the_tickets_are_of_both_labels_in_four_languages_tied_to_phrases_of_their_label():
    tickets = train.read_tickets(TICKETS)
    phrases = {p.id: p for p in train.read_phrases(train.PHRASES_CSV)}
    assert all(phrases[t.phrase_id].label == t.label for t in tickets)
    codes = Counter((detect(f"{t.title} {t.description or ''}"), t.label) for t in tickets)
    for language in ("es", "pt", "fr", "de"):
        assert codes[(language, "strategic")] >= 4, language
        assert codes[(language, "tactical")] >= 4, language


def test_the_tickets_are_not_in_the_shipped_training_data():
    shipped = {t.title for t in train.read_default_tickets()}
    assert not shipped & {t.title for t in train.read_tickets(TICKETS)}


def test_unknown_en_reads_an_item_of_no_language_as_english(restored):
    assert model_config.item_language(["fix", "login"]) is None
    s18.VARIANTS["unknown-en"]()
    assert model_config.item_language(["fix", "login"]) == "en"
    assert model_config.item_language(["el", "informe", "de", "ventas"]) == "es"


def test_title_direction_langs_names_the_other_languages_direction_nouns(restored):
    said = ("Hoja de ruta del producto 2027", "Feuille de route Q3", "Wachstumsstrategie festlegen")
    assert not any(rules.title_names_direction(t) for t in said)
    s18.VARIANTS["title-direction-langs"]()
    assert all(rules.title_names_direction(t) for t in said)
    for delivery in (
        "Teststrategie schreiben",
        "Mostrar el estado actual del envío",
        "Corregir la ruta del API",
    ):
        assert not rules.title_names_direction(delivery), delivery


def test_lacking_words_are_direction_words_of_an_item_only(restored):
    assert not rules._DIRECTION.search("schmerzpunkte")
    s18.VARIANTS["lacking-words"]()
    for word in ("schmerzpunkte", "largo plazo", "jahresplan", "geschaftsleitung"):
        assert rules._DIRECTION.search(word), word
    assert not rules._LIST_DIRECTION.search("schmerzpunkte")  # never a list's name
    assert not rules._DIRECTION.search("tourenplanung")


def test_template_blank_blanks_a_description_repeated_on_three_items(restored, tmp_path):
    import benchmarks.bench_real_boards as bench

    template = "Objetivo: ...\nResultado esperado: ..."
    items = [Item("jira", str(n), f"t{n}", description=template) for n in range(3)]
    items += [Item("jira", "9", "own", description="its own words")]
    board = Board("b", "b", "jira", items=items)
    restored.setattr(bench, "labelled_boards", lambda *a, **k: iter([("b", tmp_path, board)]))
    s18.VARIANTS["template-blank"]()
    [(_, _, read)] = list(bench.labelled_boards(tmp_path, {}))
    assert [i.description for i in read.items] == ["", "", "", "its own words"]


def test_function_words_in_a_reason_are_found_by_the_items_language():
    reason = "strategic 0.90: 'analyse', 'de mercado', in list/column 'Ideas de la semana'"
    assert s18.function_words_in(reason, "es") == ["de"]
    assert s18.function_words_in(reason, None) == ["de"]
    assert s18.function_words_in("strategic 0.80: 'door test'", "en") == []
    assert s18.function_words_in("strategic 0.80: 'door test'", "nl") == ["door"]
    # a nearest phrase is no term
    assert s18.function_words_in("like 'Create the product backlog'", "en") == []


def test_dev_titles_lists_the_half_s_items_the_widened_titles_name_by_key_or_id(
    restored, tmp_path, capsys
):
    import benchmarks.bench_real_boards as bench

    labels = tmp_path / "labels.csv"
    labels.write_text(
        "file,item_id,label,split\n"
        "b.csv,1,strategic,dev\nb.csv,K-2,strategic,dev\nb.csv,3,strategic,test\n"
        "b.csv,4,tactical,dev\n",
        encoding="utf-8",
    )
    items = [
        Item("jira", "1", "Estrategia de producto 2025"),
        Item("jira", "2", "Hoja de ruta del trimestre", key="K-2"),
        Item("jira", "3", "Estrategia de precios"),  # the test half's: never read
        Item("jira", "4", "Corregir el botón de pago"),
        Item("jira", "5", "Estrategia sin etiqueta"),  # not labelled
    ]
    board = Board("b", "b", "jira", items=items)
    restored.setattr(bench, "labelled_boards", lambda *a, **k: iter([("b.csv", tmp_path, board)]))
    restored.setattr(s18.halves, "HALVES", (("dev", tmp_path, labels),))
    assert s18.dev_titles() == 0  # the shipped English nouns name none of them
    s18.VARIANTS["title-direction-langs"]()
    assert s18.dev_titles() == 2
    assert capsys.readouterr().out.splitlines() == [
        "  dev b.csv 1 strategic",
        "  dev b.csv K-2 strategic",
    ]
