"""List and label words in the singular (session 8): "Personas" and "Persona notes" share a
feature; models trained before keep reading their own (plural) list tokens."""

from __future__ import annotations

import dataclasses

from models.classifier import load_model
from models.features import FeatureConfig, singular, structure_features
from models.interface import ItemDoc
from models.model_config import ModelConfig
from models.train import DEFAULT_CONFIG, Phrase, Ticket, train_model


def test_singular_takes_a_final_s_off_longer_words_only():
    assert [singular(w) for w in ("personas", "ideas", "ideias", "criterios", "notes")] == [
        "persona", "idea", "ideia", "criterio", "note"
    ]  # fmt: skip
    assert [singular(w) for w in ("progress", "bugs", "done", "qa", "status")] == [
        "progress", "bugs", "done", "qa", "statu"
    ]  # fmt: skip


def test_list_and_label_words_in_the_singular_only_when_asked():
    doc = ItemDoc("x", column="Persona notes", labels=("Ideas",))
    assert structure_features(doc, True) == ["column:persona", "column:note", "label:idea"]
    assert structure_features(doc) == ["column:persona", "column:notes", "label:ideas"]
    assert structure_features(ItemDoc("x", column="Personas"), True) == ["column:persona"]


def test_the_feature_config_keeps_the_choice_and_old_files_read_plural():
    assert DEFAULT_CONFIG.features.list_singular
    on = FeatureConfig(list_singular=True)
    assert FeatureConfig.from_json(on.to_json()) == on
    old = {"ngram_max": 2, "description_chars": 600, "use_metadata": True}
    assert FeatureConfig().to_json() == old  # a model trained without it writes what it did
    assert not FeatureConfig.from_json(old).list_singular


def _tiny(config: ModelConfig):
    phrases = [Phrase("Define the product vision", "strategic"), Phrase("Fix bugs", "tactical")]
    tickets = [Ticket(f"Persona card {n}", "strategic", "", None, "Personas") for n in range(6)]
    tickets += [Ticket(f"Fix crash {n}", "tactical", "", "Bug", "Doing") for n in range(6)]
    return train_model(phrases, seed=0, tickets=tickets, config=config)


def test_a_persona_notes_list_reads_as_a_personas_list():
    model = _tiny(DEFAULT_CONFIG)
    assert "column:persona" in model.vocabulary and "column:personas" not in model.vocabulary
    notes, plain = model.predict(
        [ItemDoc("Someone", column="Persona notes"), ItemDoc("Someone", column="Inbox")]
    )
    assert notes.scores["strategic"] > plain.scores["strategic"]
    # A model of the old kind learns and reads the plural, through both predict paths.
    old = _tiny(dataclasses.replace(DEFAULT_CONFIG, features=FeatureConfig()))
    assert "column:personas" in old.vocabulary and "column:persona" not in old.vocabulary
    docs = [ItemDoc("Someone", column="Personas"), ItemDoc("Fix it", column="Doing")]
    assert [p.scores for p in old.predict(docs)] == [p.scores for p in old.predict(docs[::-1])][
        ::-1
    ]


def test_the_bundled_model_reads_list_words_in_the_singular():
    model = load_model()
    assert model.config.features.list_singular
    assert "column:idea" in model.vocabulary and "column:ideas" not in model.vocabulary
