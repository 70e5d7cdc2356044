"""research/s26_word_forms.py: the suffix rules, a form's base among known words, and the forms
read as one in training and prediction, on small fixtures of our own (no real data read)."""

from __future__ import annotations

import pytest

import models._reading as reading
import models.classifier as classifier
import models.model_config as model_config
import models.rules as rules
from models import train
from models.interface import ItemDoc
from models.train import Phrase, train_model
from research import s26_word_forms as forms
from research.s26_word_forms import (
    PLURAL_EN,
    PLURAL_GERMANIC,
    PLURAL_ROMANCE,
    VERBS_EN,
    base_of,
)

KNOWN = frozenset(
    [
        "stakeholder",
        "story",
        "process",
        "search",
        "plan",
        "price",
        "test",
        "interview",
        "status",
        "accion",
        "cliente",
        "funcao",
        "item",
        "anforderung",
        "aufgabe",
        "projekt",
        "setting",
    ]
)


@pytest.fixture
def installed(monkeypatch):
    """The module, with what :func:`forms.install` replaces restored after the test."""
    monkeypatch.setattr(model_config, "analyse", model_config.analyse)
    monkeypatch.setattr(reading, "PER_DOC_FEATURES", reading.PER_DOC_FEATURES)
    monkeypatch.setattr(classifier, "direction_columns", classifier.direction_columns)
    monkeypatch.setattr(train, "build_training_set", train.build_training_set)
    monkeypatch.setattr(forms, "STATE", forms.State())
    yield forms


def test_english_plurals_read_as_a_known_singular():
    assert base_of("stakeholders", PLURAL_EN, KNOWN) == "stakeholder"
    assert base_of("stories", PLURAL_EN, KNOWN) == "story"  # -ies -> -y
    assert base_of("processes", PLURAL_EN, KNOWN) == "process"  # -es
    assert base_of("searches", PLURAL_EN, KNOWN) == "search"
    assert base_of("interviews", PLURAL_EN, KNOWN) == "interview"


def test_a_form_whose_base_is_no_known_word_stays_as_written():
    assert base_of("roadmaps", PLURAL_EN, KNOWN) == "roadmaps"  # "roadmap" not known here
    assert base_of("status", PLURAL_EN, KNOWN) == "status"  # -us is no plural
    assert base_of("analysis", PLURAL_EN, KNOWN) == "analysis"
    assert base_of("news", PLURAL_EN, KNOWN | {"new"}) == "news"  # a base is 4 letters or more
    assert base_of("stakeholder", PLURAL_EN, KNOWN) == "stakeholder"


def test_verb_forms_and_romance_and_germanic_plurals():
    assert base_of("planning", VERBS_EN, KNOWN) == "plan"  # the doubled letter dropped
    assert base_of("planned", VERBS_EN, KNOWN) == "plan"
    assert base_of("pricing", VERBS_EN, KNOWN) == "price"  # -ing -> -e
    assert base_of("tested", VERBS_EN, KNOWN) == "test"
    assert base_of("settings", PLURAL_EN + VERBS_EN, KNOWN) == "setting"  # "set" is too short
    assert base_of("acciones", PLURAL_ROMANCE, KNOWN) == "accion"
    assert base_of("clientes", PLURAL_ROMANCE, KNOWN) == "cliente"
    assert base_of("funcoes", PLURAL_ROMANCE, KNOWN) == "funcao"
    assert base_of("itens", PLURAL_ROMANCE, KNOWN) == "item"
    assert base_of("anforderungen", PLURAL_GERMANIC, KNOWN) == "anforderung"
    assert base_of("aufgaben", PLURAL_GERMANIC, KNOWN) == "aufgabe"
    assert base_of("projekts", PLURAL_GERMANIC, KNOWN) == "projekt"


def test_every_variant_names_read_languages_only():
    for rule_sets in forms.VARIANTS.values():
        assert set(rule_sets) <= {"en", "es", "fr", "de", "pt", "nl", None}


def _model():
    strategic = [
        "Interview the stakeholder about the roadmap",
        "Market research with a stakeholder",
        "Pricing strategy for the enterprise plan",
        "Competitor analysis for the launch",
    ]
    tactical = [
        "Fix the login bug on the checkout page",
        "Write unit tests for the export",
        "Refine the stories for the next sprint",
        "Update the acceptance criteria",
    ]
    phrases = [Phrase(t, "strategic") for t in strategic]
    phrases += [Phrase(t, "tactical") for t in tactical]
    return train_model(phrases * 2, seed=0, labels=("strategic", "tactical"))


def test_fold_reads_an_unseen_plural_as_its_base(installed):
    installed.install("plural-en")
    model = _model()
    assert "stakeholder" in installed.STATE.known
    assert "stakeholders" not in model.vocabulary
    feats = installed.analyse(ItemDoc("Talk to the stakeholders about the roadmap"), model.config)
    assert "stakeholder" in feats and "stakeholders" not in feats
    # the model reads it, and its reason shows the base
    prediction = model.predict([ItemDoc("Talk to the stakeholders about the roadmap")])[0]
    assert "stakeholder" in prediction.top_terms


def test_add_keeps_the_form_and_adds_its_base(installed):
    installed.install("plural-en", add=True)
    model = _model()
    feats = installed.analyse(ItemDoc("Interviews with the stakeholders"), model.config)
    assert "interviews" in feats and "interview" in feats
    assert "stakeholders" in feats and "stakeholder" in feats
    assert "interviews stakeholders" not in feats  # "with the" sits between them


def test_rules_apply_to_their_language_only(installed):
    installed.install("plural-en")
    installed.STATE.known = frozenset({"cliente", "client"})
    config = classifier.ModelConfig()
    spanish = installed.analyse(ItemDoc("Revisar los clientes de la tienda"), config)
    assert "clientes" in spanish  # a Spanish item: no English rule
    installed.install("plural-all")
    installed.STATE.known = frozenset({"cliente", "client"})
    spanish = installed.analyse(ItemDoc("Revisar los clientes de la tienda"), config)
    assert "cliente" in spanish and "clientes" not in spanish


def test_the_control_reads_as_main(installed):
    installed.install("none")
    doc = ItemDoc("Interview the stakeholders about pricing", type="Task")
    config = classifier.ModelConfig()
    assert installed.analyse(doc, config) == forms._ORIGINAL_ANALYSE(doc, config)
    assert classifier.direction_columns is rules.direction_columns


def test_a_base_counts_as_direction_as_its_plural_does(installed):
    out = installed.direction_columns(["use case", "user need", "checkout", "type:story"])
    assert out.tolist() == [1.0, 1.0, 0.0, 0.0]
    assert rules.direction_columns(["use case"]).tolist() == [0.0]
