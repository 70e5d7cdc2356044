"""The report's "surest" items of a label are surer than ``SUREST_ABOVE`` (a guess is not sure)."""

from __future__ import annotations

import pytest

from analyzer.balance import SUREST_ABOVE, _top, analyse
from connectors.interface import Board, Item
from models.interface import STRATEGIC, TACTICAL, Prediction
from models.rules import DESCRIPTION_ONLY_CAP, names_direction, shows_direction

LABELS = (STRATEGIC, TACTICAL)


def _report(confidences: list[tuple[str, float]]):
    board = Board("b", "Board", "trello")
    predictions = []
    for n, (label, confidence) in enumerate(confidences):
        board.items.append(Item("trello", f"i{n}", f"card {n}"))
        predictions.append(Prediction(label, confidence, "r"))
    return analyse(board, predictions, threshold=0.6, top=10, labels=LABELS)


def test_items_at_or_below_the_floor_are_not_among_the_surest():
    report = _report(
        [
            (STRATEGIC, 0.95),
            (STRATEGIC, DESCRIPTION_ONLY_CAP),  # held by its description alone
            (STRATEGIC, 0.65),
            (STRATEGIC, 0.71),
            (TACTICAL, 0.99),
            (TACTICAL, 0.62),
        ]
    )
    assert [i.id for i in report.top_strategic] == ["i0", "i3"]
    assert [i.id for i in report.top_tactical] == ["i4"]
    # They still count as strategic/tactical items of the board: only the list is shorter.
    assert [i.label for i in report.items].count(STRATEGIC) == 4


def test_the_floor_is_the_description_only_cap():
    # A card strategic by its description alone is held at the cap so that it is never listed.
    assert SUREST_ABOVE == DESCRIPTION_ONLY_CAP


def test_top_without_a_floor_keeps_every_item_of_the_label():
    report = _report([(STRATEGIC, 0.65), (STRATEGIC, 0.9)])
    assert [i.id for i in _top(report.items, STRATEGIC, 5)] == ["i1", "i0"]
    assert [i.id for i in _top(report.items, STRATEGIC, 5, above=0.7)] == ["i1"]


# --- session 7: the surest strategic items name direction work -------------------------------


def _named(rows: list[tuple[float, list[str], str | None]]):
    """A report whose strategic items carry these (confidence, terms, list); each card's title
    says its word terms (session 8: a surest item shows its direction work in its title, list or
    labels — these fixtures' titles were "card N" before)."""
    board = Board("b", "Board", "trello")
    predictions = []
    for n, (confidence, terms, column) in enumerate(rows):
        words = [t for t in terms if not t.startswith(("column:", "label:"))]
        title = " ".join(words) or f"card {n}"
        board.items.append(Item("trello", f"i{n}", title, column=column))
        predictions.append(Prediction(STRATEGIC, confidence, "r", top_terms=terms))
    return analyse(board, predictions, threshold=0.6, top=10, labels=LABELS)


def test_a_sure_strategic_item_read_by_domain_nouns_alone_is_not_among_the_surest():
    report = _named(
        [
            (0.99, ["software", "container"], "Criteria"),  # sure, but no direction word
            (0.90, ["pricing", "tier"], None),
            (0.80, ["aplicativo", "gestion"], "Terminado"),
            (0.75, ["column:ideas"], "Ideas"),
        ]
    )
    assert [i.id for i in report.top_strategic] == ["i1", "i3"]
    # Both still count as strategic items of the board.
    assert [i.label for i in report.items].count(STRATEGIC) == 4


def test_the_list_name_can_be_the_direction_evidence():
    report = _named([(0.9, ["practice", "family"], "Persona notes"), (0.8, ["clinic"], "To Do")])
    assert [i.id for i in report.top_strategic] == ["i0"]


def test_a_team_correction_has_no_terms_and_may_be_listed():
    report = _named([(1.0, [], None), (0.95, ["dashboard"], None)])
    assert [i.id for i in report.top_strategic] == ["i0"]


def test_the_tactical_list_is_not_asked_for_direction_words():
    board = Board("b", "Board", "trello")
    board.items.append(Item("trello", "t", "card"))
    report = analyse(
        board, [Prediction(TACTICAL, 0.9, "r", top_terms=["crash"])], threshold=0.6, labels=LABELS
    )
    assert [i.id for i in report.top_tactical] == ["t"]


def test_the_surest_list_still_fills_up_when_the_first_items_are_skipped():
    # 30 sure items without a direction word ahead of 12 with one: the list holds 10 of the 12.
    rows = [(0.99, ["widget"], None)] * 30 + [(0.9 - k / 100, ["roadmap"], None) for k in range(12)]
    report = _named(rows)
    assert [i.id for i in report.top_strategic] == [f"i{30 + k}" for k in range(10)]


@pytest.mark.parametrize(
    ("terms", "column"),
    [
        (["pricing"], None),
        (["price points"], None),  # session 10: pricing, not a price alone
        (["price quote"], None),
        (["widget"], "Politique de prix"),
        (["widget"], "Modelo de precios"),
        (["tarification"], None),
        (["preisgestaltung"], None),
        (["business case"], None),
        (["business model"], None),
        (["modelo de negocio"], None),
        (["geschaftsmodell"], None),
        (["problem", "statement"], None),
        (["planeacion"], None),
        (["priorizar"], None),
        (["encuesta"], None),
        (["umfrage"], None),
        (["user testing"], None),
        (["nps", "survey"], None),
        (["widget"], "Hoja de ruta"),
        (["widget"], "Feuille de route"),
        (["widget"], "Étude de marché"),
        (["widget"], "Ideen"),
        (["proposal"], None),  # an English or French proposal still names direction work
        (["proposition"], None),
        (["widget"], "Propuesta de valor"),
        (["widget"], "Proposta de valor"),
        (["widget"], "Proposition de valeur"),
        (["vendor selection"], None),  # session 12: choosing a vendor, not a vendor alone
        (["vendor", "evaluation"], None),
        (["sales leadership"], None),  # session 12: working with sales on direction
        (["help sales"], None),
    ],
)
def test_direction_words_of_the_five_languages(terms, column):
    assert names_direction(terms, column)


@pytest.mark.parametrize(
    ("terms", "column"),
    [
        (["software"], "Criteria"),
        (["aplicativo", "gestion"], None),
        (["le bouton ne marche pas"], None),  # "marche": it works
        (["barre de recherche"], None),  # "recherche": search
        (["campo de pesquisa"], None),  # "pesquisa": search
        (["priority", "problem"], None),
        (["persona"], None),  # a person, in Spanish; only a list name says personas
        (["propuesta"], None),  # a drafted document (session 9): only a value proposition
        (["propuestas", "plantilla"], None),
        (["proposta"], None),
        (["price"], None),  # session 10: a price alone is a field, a list, a rounding
        (["prices", "list"], None),
        (["prix"], None),
        (["precios"], None),
        (["preis"], None),
        (["precos"], None),
        (["vendor", "part"], None),  # session 12: a part's supplier, not choosing one
        (["vendors"], None),
        (["sales", "product"], None),  # session 12: a team, a case queue, a field
        (["business"], None),  # session 10: business rules, hours, a form's business details
        (["business", "details"], None),
        (["negocio"], None),
        (["affaires"], None),
        ([], "Propuestas"),
        ([], None),
    ],
)
def test_words_that_do_not_name_direction_work(terms, column):
    assert not names_direction(terms, column)


# --- session 8: an engineering strategy is no direction work ----------------------------------


@pytest.mark.parametrize(
    "title",
    [
        "Develop an automated test strategy for the API",
        "Caching strategy for the search results",
        "Branching strategy: trunk or release branches?",
        "Estrategia de pruebas para el backend",
        "Stratégie de test du module de paiement",
        "Estratégia de migração do banco",
    ],
)
def test_an_engineering_strategy_is_not_direction_work(title):
    assert not names_direction(["strategy", "write"], None, title)
    assert not names_direction(["estrategia"], None, title)
    # Another direction word of its own, or its list, still names direction work.
    assert names_direction(["strategy", "pricing"], None, title)
    assert names_direction(["strategy"], "Roadmap", title)


def test_a_product_strategy_still_names_direction_work():
    for title in ("Define the product strategy for 2027", "Test the go-to-market strategy"):
        assert names_direction(["strategy"], None, title)
    assert names_direction(["strategy"], None)  # no title given: the terms alone decide


def test_a_team_task_about_a_test_strategy_is_not_among_the_surest():
    board = Board("b", "Board", "trello")
    titles = ["Write the test strategy for the importer", "Pricing strategy for the team plan"]
    predictions = []
    for n, title in enumerate(titles):
        board.items.append(Item("trello", f"i{n}", title, column="Team tasks"))
        predictions.append(Prediction(STRATEGIC, 0.9 - n / 10, "r", top_terms=["strategy"]))
    report = analyse(board, predictions, threshold=0.6, top=10, labels=LABELS)
    assert [i.id for i in report.top_strategic] == ["i1"]
    assert [i.label for i in report.items].count(STRATEGIC) == 2  # still counted


# --- session 8: the surest strategic items show their direction work where a reader looks ------


def _titled(rows: list[tuple[str, list[str], str | None]]):
    """A report whose strategic items are these (title, terms, list), surest first."""
    board = Board("b", "Board", "trello")
    predictions = []
    for n, (title, terms, column) in enumerate(rows):
        board.items.append(Item("trello", f"i{n}", title, column=column))
        predictions.append(Prediction(STRATEGIC, 0.95 - n / 100, "r", top_terms=terms))
    return analyse(board, predictions, threshold=0.6, top=10, labels=LABELS)


def test_direction_work_named_in_the_description_alone_is_not_among_the_surest():
    report = _titled(
        [
            # sure on 'business' and 'product', words of its description only
            ("Assign one owner to the release", ["product", "business"], "Checklists"),
            ("Pricing tiers for schools", ["pricing", "tiers"], "To Do"),  # its title says so
            ("Stack exchange for nurses", ["column:idea", "stack"], "Ideas"),  # its list does
            ("Weekly digest", ["label:metrics", "digest"], "Doing"),  # its label does
        ]
    )
    assert [i.id for i in report.top_strategic] == ["i1", "i2", "i3"]
    assert [i.label for i in report.items].count(STRATEGIC) == 4  # still counted


@pytest.mark.parametrize(
    ("title", "terms", "column", "shown"),
    [
        ("Assign one owner to the release", ["business", "product"], None, False),
        ("Asignar un responsable", ["negocio"], "Terminado", False),
        ("Define the claim-rate metric", ["metric"], None, True),
        ("Definir la hoja de ruta 2027", ["hoja de ruta"], None, True),
        ("Personas des infirmières", ["nurse"], "Persona notes", True),  # the list says it
        ("Write the test strategy", ["strategy", "pricing"], None, False),  # pricing: description
        ("Write the test strategy", ["strategy"], "Roadmap", True),
        ("Nurse portal", ["portal"], "To Do", False),  # no direction anywhere
    ],
)
def test_shows_direction(title, terms, column, shown):
    assert shows_direction(terms, column, title) is shown


def test_an_item_without_a_title_is_judged_by_its_terms():
    assert shows_direction(["roadmap"], None, "")
    assert shows_direction(["roadmap"], None, None)
    assert not shows_direction(["portal"], None, None)
