"""research/recall15.py: each variant installs what it says (no real data read)."""

from __future__ import annotations

import importlib

import pytest

import analyzer.parent_links as parent_links
import analyzer.pipeline as pipeline
import models.rules as rules
from research import real_dev_sweep


@pytest.fixture
def recall15(vocabularies_restored):
    """The module, with every attribute its variants replace restored after the test."""
    monkeypatch = vocabularies_restored
    for module, names in (
        (rules, ("_ITEM_DIRECTION_WORDS",)),
        (parent_links, ("read_again", "PARENT_TITLE_KEEP_ABOVE")),
        (pipeline, ("read_again",)),
    ):
        for name in names:
            monkeypatch.setattr(module, name, getattr(module, name))
    return importlib.import_module("research.recall15")


def _named(text: str) -> bool:
    return bool(rules._DIRECTION.search(text))


def test_announce_and_feedback_add_direction_words(recall15):
    assert not _named("announcement on the forum") and not _named("submitted feedback")
    recall15.VARIANTS["announce"]()
    assert _named("announcement on the forum") and _named("anuncio del servicio")
    recall15.VARIANTS["feedback"]()
    assert _named("submitted feedback") and _named("feedback summary")
    assert not _named("feedback button")


def test_research_more_widens_the_research_title_cue(recall15):
    assert not rules.title_names_research("Pruebas de usabilidad del alta")
    recall15.VARIANTS["research-more"]()
    assert rules.title_names_research("Pruebas de usabilidad del alta")
    assert rules.title_names_research("Validation summary of the pilot")
    assert rules.title_names_research("Customer interviews")  # the shipped cue stays
    assert not rules.title_names_research("Fix the login page")


def test_parent_variants_replace_the_scan_reread(recall15):
    recall15.VARIANTS["parent-title-off"]()
    assert parent_links.PARENT_TITLE_KEEP_ABOVE == 0
    shipped = pipeline.read_again
    recall15.VARIANTS["parent-direction"]()
    assert pipeline.read_again is not shipped and parent_links.read_again is pipeline.read_again


def test_main_passes_the_rest_to_the_sweep(recall15, monkeypatch):
    seen: list[list[str]] = []
    monkeypatch.setattr(real_dev_sweep, "main", lambda argv: seen.append(argv) or 0)
    assert recall15.main(["--variant", "parent-title-off", "--", "--seeds", "12"]) == 0
    assert seen == [["--seeds", "12"]] and parent_links.PARENT_TITLE_KEEP_ABOVE == 0
    with pytest.raises(SystemExit):
        recall15.main(["--variant", "nonsense"])
