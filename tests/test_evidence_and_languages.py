"""Evidence before confidence, the board's own prior, and languages the model does not read."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from analyzer.pipeline import classify_items, scan_board
from connectors.interface import Board, Item
from models.classifier import (
    BOARD_WORDS_COMMON,
    BOARD_WORDS_MIN_ITEMS,
    BOARD_WORDS_POWER,
    BOARD_WORDS_SPARED_UP_TO,
    DESCRIPTION_ONLY_CAP,
    NO_EVIDENCE_STRATEGIC_CAP,
    ONE_WORD_CAP,
    batch_words,
    board_prior,
    board_word_weights,
    evidence_capped,
    fast_words,
    spared_columns,
)
from models.features import STORY_FORM, meta_features, story_form, words
from models.interface import ItemDoc, Prediction
from models.language import script_language, unread_language
from tests.fakes.models import PredictOnlyModel


def test_strategic_needs_evidence_and_one_word_is_never_sure():
    proba = np.array([[0.9, 0.1], [0.97, 0.03], [0.02, 0.98], [0.9, 0.1]])
    out = evidence_capped(
        proba, 0, evidence=np.array([0.0, 2.0, 0.0, 2.0]), known_words=np.array([3, 1, 1, 4])
    )
    assert out[0, 0] == pytest.approx(NO_EVIDENCE_STRATEGIC_CAP)  # no push toward strategic
    assert out[1, 0] == pytest.approx(ONE_WORD_CAP)  # one known word
    assert out[2, 1] == pytest.approx(ONE_WORD_CAP)
    assert out[3, 0] == pytest.approx(0.9)  # evidence and several words: unchanged
    assert np.allclose(out.sum(axis=1), 1.0)


@pytest.mark.parametrize("text", ["teams", "players", "clientes", "documentos", "zzqx", "de"])
def test_a_domain_noun_or_function_word_alone_is_not_a_sure_label(model, text):
    p = model.predict([ItemDoc(text)])[0]
    assert p.confidence < 0.9
    assert p.label == "tactical" or p.confidence <= ONE_WORD_CAP


@pytest.mark.parametrize(
    "word",
    ["de", "les", "la", "der", "und", "the", "para", "com"]
    # completed in session 8: they showed in real boards' reasons
    + ["through", "between", "each", "my", "should", "inside", "si", "hasta", "cada", "je"]
    + ["hors", "vers", "tant", "zwischen", "wenn", "nur", "ate", "tambem", "quando", "l", "qu"]
    # Dutch, read since session 13
    + ["het", "een", "van", "niet", "wordt", "zijn", "deze", "omdat", "moet", "kunnen", "ook"],
)
def test_function_words_are_no_features_and_no_reasons(model, word):
    # No feature of an item in their own language (since session 15 a word such as Dutch "van"
    # may be a feature learned from English items: "Van Westendorp").
    row = model.transform([ItemDoc(f"{word} {word} {word}")])
    assert not row.nnz
    if word != "van":
        assert not any(word in f.split(" ") for f in model.vocabulary if ":" not in f)
    p = model.predict([ItemDoc(f"{word} {word} {word}")])[0]
    assert p.final_label() == "uncertain"
    assert f"'{word}'" not in p.reason


@pytest.mark.parametrize(
    ("title", "type_", "label"),
    [
        ("Backend - CRUD de proveedores y contratos", "Subtarea", "tactical"),
        ("Erreur à l'enregistrement des factures", "Bogue", "tactical"),
        ("Definir la estrategia del producto para el próximo año", None, "strategic"),
        ("Définir la vision produit à trois ans", None, "strategic"),
        ("Produktstrategie und Roadmap für das nächste Jahr", None, "strategic"),
        ("Fehler beim Export der Rechnungen", "Fehler", "tactical"),
        ("Estratégia do produto para o próximo ano", None, "strategic"),
        ("Productstrategie en roadmap voor het komende jaar", None, "strategic"),
        (
            "Enquête onder gebruikers over de prijzen",
            None,
            "strategic",
        ),  # (words shared: no nl data)
        ("Foutmelding bij het opslaan van het formulier", "Bug", "tactical"),
        ("Frontend: overzichtspagina van de leden", "Subtaak", "tactical"),
    ],
)
def test_six_languages_are_read(model, title, type_, label):
    assert model.predict([ItemDoc(title, type=type_)])[0].final_label() == label


def test_localised_issue_types_are_the_canonical_features(model):
    from models.features import normalise_type

    pairs = {
        "Bogue": "bug", "Error": "bug", "Fehler": "bug", "Tâche": "task", "Tarea": "task",
        "Aufgabe": "task", "Sous-tâche": "sub-task", "Subtarea": "sub-task",
        "Unteraufgabe": "sub-task", "Épopée": "epic", "Épica": "epic", "Historia": "story",
        "Récit": "story", "História": "story", "Amélioration": "improvement",
    }  # fmt: skip
    for name, canonical in pairs.items():
        assert normalise_type(name) == canonical, name
    assert "type:sub-task" in model.vocabulary and "type:bug" in model.vocabulary


def test_unread_languages_are_uncertain_with_a_reason(model):
    docs = [ItemDoc("ログイン画面のボタンを修正する"), ItemDoc("Fix the login button", type="Bug")]
    japanese, english = model.predict(docs)
    assert japanese.final_label(0.55) == "uncertain" and japanese.confidence == 0.5
    assert "Japanese" in japanese.reason and japanese.top_terms == []
    assert english.final_label() == "tactical"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("RSSフィードをDMMに追加", "ja"),  # Han and kana count together, each character two letters
        ("API用のDB設定を追加", "ja"),
        ("記事ページのcanonicalにpage追加", "ja"),  # 9 characters outweigh 13 Latin letters
        ("修复login bug", None),  # 2 Han characters: the Latin words are most of it
        ("Fix the login button (ログイン)", None),
        ("로그인 버튼 수정 UI", "ko"),
        ("Исправить login", "ru"),  # a Cyrillic letter weighs one Latin letter
        ("Fix login баг", None),
    ],
)
def test_a_mixed_script_text_is_in_the_script_its_letters_weigh_most_in(text, code):
    assert script_language(text) == code


def test_a_japanese_title_with_latin_acronyms_is_not_read(model):
    (mixed,) = model.predict([ItemDoc("RSSフィードをDMMに追加")])
    assert mixed.final_label() == "uncertain" and "Japanese" in mixed.reason


def test_the_model_says_which_items_it_does_not_read_as_the_language_check_does(model):
    """A scan counts the unread items from the predictions (the model's own check) instead of
    judging every text again: the same codes as :func:`unread_language` item by item."""
    texts = [
        ("ログイン画面のボタンを修正する", ""),
        ("Fix the login button", "詳細はこちら: ログイン画面のボタンを修正する必要があります"),
        ("Correggere il pulsante della pagina per gli utenti", ""),
        ("De knop van het formulier werkt niet voor een gebruiker", None),  # Dutch: read
        ("Fix the login button", "Plain English details"),
        ("Исправить кнопку входа", "x"),
        ("", ""),
    ]
    docs = [ItemDoc(t, d) for t, d in texts] * 3
    predictions = model.predict(docs)
    expected = [unread_language(d.title, d.description or "") for d in docs]
    assert {c for c in expected if c} == {"ja", "it", "ru"}
    assert model.unread_languages(predictions) == expected
    # Those predictions are Predictions in every other way, and lose the mark when replaced.
    (japanese,) = model.predict([ItemDoc("ログイン画面のボタンを修正する")])
    plain = Prediction(**{f.name: getattr(japanese, f.name) for f in dataclasses.fields(japanese)})
    assert japanese == plain and plain == japanese and repr(japanese) == repr(plain)
    assert model.unread_languages([dataclasses.replace(japanese, label="tactical")]) == [None]
    assert model.unread_languages([plain]) == [None]


def test_a_scan_counts_unread_items_for_models_without_their_own_check(model):
    """A model that does not say which items it does not read: the scan checks the texts."""

    class Plain(PredictOnlyModel):
        labels = ("strategic", "tactical")

        def predict(self, docs):
            return [Prediction("tactical", 0.9, "tactical 0.90: 'x'") for _ in docs]

    items = [Item("jira", "1", "ログイン画面のボタンを修正する"), Item("jira", "2", "Fix it")]
    for role_model in (Plain(), model):
        report = scan_board(Board("b", "b", "jira", items=list(items)), role_model)
        assert any("Japanese" in note and "50%" in note for note in report.notes), role_model


def test_board_prior_follows_the_board():
    low = board_prior(np.full(500, 0.02), 0.4)
    high = board_prior(np.full(500, 0.9), 0.4)
    assert low < 0.05 < 0.5 < high
    # A small board is pulled toward the centre (10 %): its few items say little.
    assert 0.03 < board_prior(np.full(5, 0.02), 0.4) < 0.1
    # A mid-sized board with a quarter of sure strategic items is read near its own share, not
    # pulled to 10 % (session 8: 5 pseudo-items, not 50 — Nebula read 12 points low).
    board = np.r_[np.full(90, 0.05), np.full(30, 0.95)]
    assert 0.22 < board_prior(board, 0.4) < 0.26
    assert board_prior(board, 0.4, strength=50.0) < 0.2


def test_scan_reads_a_delivery_board_with_its_own_prior(model):
    titles = [f"Fix crash in the invoices list on page {i}" for i in range(60)]
    titles += ["Define the product vision and roadmap for next year"]
    items = [Item("jira", str(i), t, type="Bug" if i < 60 else None) for i, t in enumerate(titles)]
    prior = model.estimate_prior(items)
    assert prior is not None and prior["strategic"] < 0.1
    predictions = classify_items(items, model)
    plain = model.predict(items)
    assert predictions[-1].final_label() == "strategic"
    assert predictions[0].final_label() == "tactical"
    # With the board's share alone (no word weights), the delivery items are surer tactical
    # than under the model's own 40 % prior.
    shifted = model.predict(items, prior=dict(prior))
    assert shifted[0].scores["tactical"] >= plain[0].scores["tactical"]


def test_board_word_weights_damp_a_boards_common_words_only():
    structure = np.array([False, False, False, True])
    counts = np.array([100.0, 10.0, 5.0, 100.0])  # in 100 items: everywhere, 10 %, 5 %, a list
    weights = board_word_weights(counts, 100, structure)
    assert weights is not None
    assert weights[0] == pytest.approx((BOARD_WORDS_COMMON / 1.0) ** BOARD_WORDS_POWER)
    assert weights[1] == pytest.approx((BOARD_WORDS_COMMON / 0.1) ** BOARD_WORDS_POWER)
    assert weights[2] == 1.0 and weights[3] == 1.0  # at the line: kept; a list token: kept
    assert board_word_weights(counts, BOARD_WORDS_MIN_ITEMS - 1, structure) is None  # too small
    assert board_word_weights(np.array([1.0, 2.0]), 100, np.zeros(2, bool)) is None  # none common


def test_board_word_weights_spare_interview_words_up_to_their_share_cap():
    structure = np.zeros(4, bool)
    spared = np.array([True, True, False, False])
    counts = np.array([20.0, 40.0, 20.0, 100.0])  # in 100 items: 20 %, 40 %, 20 %, everywhere
    weights = board_word_weights(counts, 100, structure, spared)
    assert weights is not None
    assert BOARD_WORDS_COMMON < 0.2 <= BOARD_WORDS_SPARED_UP_TO < 0.4
    assert weights[0] == 1.0  # an interview word on a fifth of the items keeps its weight
    assert weights[1] == pytest.approx((BOARD_WORDS_COMMON / 0.4) ** BOARD_WORDS_POWER)  # domain
    assert weights[2] == pytest.approx((BOARD_WORDS_COMMON / 0.2) ** BOARD_WORDS_POWER)
    # Nothing common but spared words: no weights at all.
    assert board_word_weights(np.array([20.0, 1.0]), 100, np.zeros(2, bool), spared[:2]) is None


def test_which_feature_columns_the_board_damping_spares():
    spared = [
        "interviews", "survey link", "interview guide", "kundeninterviews", "cuestionario",
        "entrevistas", "entretiens clients", "questionnaire", "umfrage", "encuesta nps",
    ]  # fmt: skip
    damped = [
        "competitors", "market research", "stakeholders", "pipeline", "market", "guide",
        "column:interviews", "label:survey", "type:epic", "surveyed",
    ]  # fmt: skip
    assert spared_columns(spared).all()
    assert not spared_columns(damped).any()


def test_the_spared_words_are_research_a_title_names():
    """One vocabulary: what the damping spares (talking to people) is research in a title too."""
    from models.rules import title_names_research

    for word in ("interviews", "kundeninterviews", "cuestionario", "entretiens", "umfrage"):
        assert spared_columns([word]).all() and title_names_research(word), word


NOUNS = [
    "checkout", "search", "export", "login", "avatar",
    "billing", "upload", "filter", "calendar", "inbox",
]  # fmt: skip


def _pipeline_board(n: int) -> list[Item]:
    """``n`` delivery cards that all say "pipeline ... step fails after retry" (the board's own
    vocabulary) and one direction card."""
    items = [
        Item("trello", str(i), f"Pipeline {NOUNS[i % 10]} step fails after retry {i}")
        for i in range(n)
    ]
    items.append(Item("trello", "x", "Define the product vision and roadmap for next year"))
    return items


def test_a_boards_own_common_words_weigh_less_in_its_scan(model):
    items = _pipeline_board(60)
    prior = model.estimate_prior(items)
    assert prior is not None and prior.weights is not None
    column = model.vocabulary
    assert prior.weights[column["pipeline"]] < 0.01  # on every card
    assert 0.1 < prior.weights[column["checkout"]] < 0.5  # on one card in ten
    assert all(prior.weights[i] == 1.0 for f, i in column.items() if f.startswith("column:"))
    predictions = classify_items(items, model)
    shares_only = model.predict(items, prior=dict(prior))
    # Still tactical, but "pipeline", "fails", "retry" no longer make the cards sure of it.
    assert predictions[0].final_label() == "tactical"
    assert predictions[0].scores["tactical"] < shares_only[0].scores["tactical"]
    assert predictions[-1].final_label() == "strategic"
    # The same rows through predict_proba (the path the board's EM reads) agree.
    proba = model.predict_proba(items[:2], prior=prior)
    assert proba[0, model.labels.index("tactical")] == pytest.approx(
        predictions[0].scores["tactical"], rel=1e-9
    )


def test_a_small_board_has_no_common_words(model):
    prior = model.estimate_prior(_pipeline_board(30))
    assert prior is not None and prior.weights is None


def _validation_board(interviews: int, n: int = 60) -> list[Item]:
    """A product team's board: ``interviews`` of its ``n`` cards plan customer interviews, the
    others are delivery work on its app."""
    items = [
        Item("trello", f"i{i}", f"Customer interviews with farmers, round {i}")
        for i in range(interviews)
    ]
    items += [
        Item("trello", str(i), f"Fix {NOUNS[i % 10]} screen crash on the mobile app {i}")
        for i in range(n - interviews)
    ]
    return items


def test_a_boards_interview_words_keep_their_weight_up_to_the_cap(model):
    column = model.vocabulary["interviews"]
    prior = model.estimate_prior(_validation_board(12))  # 20 % of the cards
    assert prior is not None and prior.weights is not None
    assert prior.weights[column] == 1.0
    assert prior.weights[model.vocabulary["app"]] < 0.1  # the board's domain word: damped
    crowded = model.estimate_prior(_validation_board(30))  # half the board: its domain
    assert crowded is not None and crowded.weights is not None
    assert crowded.weights[column] < 0.1


def test_interview_words_spared_make_a_validation_card_surer_strategic(model, monkeypatch):
    import models.rules as rules

    items = _validation_board(12)
    spared = classify_items(items, model)[0].scores["strategic"]
    monkeypatch.setattr(rules, "BOARD_WORDS_SPARED_UP_TO", 0.0)  # the session-12 damping
    damped = classify_items(items, model)[0].scores["strategic"]
    assert spared > damped


def test_report_says_which_share_is_in_a_language_the_model_does_not_read(model):
    items = [Item("trello", str(i), f"ボタン{i}を修正する") for i in range(3)]
    items.append(Item("trello", "9", "Fix the export button"))
    report = scan_board(Board("b", "Board", "trello", items=items), model)
    notes = [n for n in report.notes if "does not read" in n]
    assert notes == [
        "75% of items are in Japanese, which the model does not read; they count as uncertain."
    ]
    assert report.summary.items.count("uncertain") >= 3


def test_reason_names_a_phrase_only_when_it_is_similar(model):
    (noun,) = model.predict([ItemDoc("teams")])
    assert noun.nearest_phrase is None and "nearest phrase" not in noun.reason
    assert not noun.reason.endswith("; ")  # nothing said when no phrase is quoted
    (roadmap,) = model.predict([ItemDoc("Build the product roadmap for next year")])
    assert roadmap.nearest_phrase and "How to Differentiate" in roadmap.reason


def test_italian_titles_are_unread_but_dutch_and_english_ones_are_read(model):
    italian, dutch, english, spanish = model.predict(
        [
            ItemDoc("Correggere il pulsante della pagina per gli utenti"),
            ItemDoc("De knop van het formulier werkt niet voor een gebruiker"),
            ItemDoc("Delivery van page crashes when the driver logs in", type="Bug"),
            ItemDoc("Corregir el botón de la página para los usuarios"),
        ]
    )
    assert "Italian" in italian.reason and italian.final_label(0.55) == "uncertain"
    assert "does not read" not in dutch.reason and dutch.label == "tactical"
    assert "'van'" not in dutch.reason and "'het'" not in dutch.reason
    assert "does not read" not in english.reason and english.final_label() == "tactical"
    assert "does not read" not in spanish.reason


@pytest.mark.parametrize(
    "title",
    [
        "As a nurse, I want to explore which drugs interact",
        "Spike: as a product owner I want to prove we can join the two tables",
        "[web] As an admin, I need to merge duplicate accounts",
        "Como cliente quiero explorar los planes",
        "Como aluno, quero saber quando a prova muda",
        "En tant qu'élève, je veux comprendre mes notes",
        "Als Fahrer möchte ich meine Route offline sehen",
        "Als Lehrer will ich Noten vergleichen",
        "Als bezoeker wil ik de agenda van de stichting zien",
        "Als beheerders willen we pagina's kunnen aanpassen",
        "[cms] Als redacteur, kan ik een bericht inplannen",
        "As a provider in a rural clinic, I would also like to know the dates",
    ],
)
def test_a_title_written_as_a_user_story_is_read_as_one(title):
    assert story_form(title)
    assert STORY_FORM in meta_features(ItemDoc(title))


@pytest.mark.parametrize(
    "title",
    ["As a result we need a new vendor", "Also I want this", "Como hacer la prueba", "Roadmap", ""]
    + ["Als het kan de knop rood maken", "Als de betaling mislukt, een melding tonen"],
)
def test_other_titles_are_not_user_stories(title):
    assert not story_form(title)


def test_a_user_story_is_never_strategic_whatever_its_words(model):
    """A user story is delivery work (it has no strategic evidence); the batch path finds the
    form too."""
    story = ItemDoc("As a caregiver, I want to explore and understand the problem of the market")
    plain = ItemDoc("Explore and understand the problem of the market")
    both = model.predict_proba([story, plain])
    k = model.labels.index("strategic")
    assert both[0, k] <= NO_EVIDENCE_STRATEGIC_CAP + 1e-9 < both[1, k]
    assert model.vocabulary[STORY_FORM] in model.transform([story]).indices


def test_a_discovery_list_counts_as_evidence_but_an_epic_type_does_not(model):
    k = model.labels.index("strategic")
    idea, epic, plain = model.predict_proba(
        [
            ItemDoc("Community like a question board", column="Ideas"),
            ItemDoc("Community like a question board", type="Epic"),
            ItemDoc("Community like a question board"),
        ]
    )[:, k]
    assert idea > plain and epic <= NO_EVIDENCE_STRATEGIC_CAP + 1e-9


def test_a_long_description_alone_never_makes_an_item_among_the_surest(model):
    """Direction words only in the description: strategic at most DESCRIPTION_ONLY_CAP."""
    desc = "Market research, product strategy, business case, success metrics and vision. " * 4
    k = model.labels.index("strategic")
    delivery, direction = model.predict_proba(
        [
            ItemDoc("Deploy to the hosting cluster", description=desc),
            ItemDoc("Product strategy and market research", description=desc),
        ]
    )[:, k]
    assert delivery <= DESCRIPTION_ONLY_CAP + 1e-9 < direction


def test_list_and_label_names_drop_function_words():
    feats = meta_features(ItemDoc("x", column="Hoja de ruta", labels=("Voice of the customer",)))
    assert "column:de" not in feats and "column:hoja" in feats and "column:ruta" in feats
    assert "label:of" not in feats and "label:the" not in feats and "label:voice" in feats


def test_only_the_title_makes_a_card_a_user_story():
    """A description opening as a story is context (a problem statement framed that way)."""
    told = "As a free user, I want to see the days left."
    assert STORY_FORM not in meta_features(ItemDoc("Trial banner", description=told))
    assert STORY_FORM in meta_features(ItemDoc(told, description="Trial banner"))


def test_french_elisions_are_words_of_their_own():
    """ "l'écran" is the function word "l" and the word "ecran" (so "l'ecran" is never a
    feature nor a reason); English contractions and possessives stay whole."""
    assert words("L'écran d'accueil qu’il s'affiche jusqu'ici") == [
        "l", "ecran", "d", "accueil", "qu", "il", "s", "affiche", "jusqu", "ici"
    ]  # fmt: skip
    assert words("it's the team's rock'n'roll, don't; aujourd'hui") == [
        "it's", "the", "team's", "rock'n", "roll", "don't", "aujourd'hui"
    ]  # fmt: skip
    assert fast_words("Erreur à l'écran d'accueil") == words("Erreur à l'écran d'accueil")
    assert batch_words(["l'écran", "qu’il don't"]) == [
        "l",
        "ecran",
        "\x01",
        "qu",
        "il",
        "don't",
        "\x01",
    ]


def test_function_words_and_elisions_never_show_in_a_reason(model):
    docs = [
        ItemDoc("Move the export through the queue between each nightly run", type="Task"),
        ItemDoc("Erreur à l'enregistrement de l'écran d'accueil si l'utilisateur est hors ligne"),
        ItemDoc("Corregir el filtro si el usuario cambia de página hasta el final", type="Bug"),
    ]
    for p in model.predict(docs):
        said = {w for term in p.top_terms for w in term.split()}
        assert not said & {"through", "between", "each", "si", "hors", "hasta", "l", "d"}, p
        assert not any("'" in term for term in p.top_terms), p


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Als bezoeker wil ik de agenda van de stichting kunnen zien", "nl"),
        ("De knop werkt niet op de pagina met het overzicht", "nl"),
        ("Move button in settings", "en"),  # "in" is Dutch too: on a tie Dutch gives way
        ("Fix login", None),  # no function word: no signal
        ("Correggere il pulsante della pagina per gli utenti", "it"),
        ("La página de inicio no carga", "es"),
    ],
)
def test_dutch_is_detected_and_read(text, code):
    from models.language import READ, detect

    assert "nl" in READ
    assert detect(text) == code
    assert unread_language(text) == ("it" if code == "it" else None)


def test_dutch_function_words_are_not_content_words_of_the_other_languages():
    """The Dutch list leaves out words the other read languages use as content words, so reading
    Dutch takes no evidence from English, Spanish, French, German or Portuguese items."""
    from models.language import FUNCTION_WORDS

    for word in ("die", "door", "want", "men", "waren", "bent", "wil"):
        assert word not in FUNCTION_WORDS["nl"], word
