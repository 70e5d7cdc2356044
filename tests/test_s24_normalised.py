"""Session 24: the rules fold and split a title once for all their tests
(``models.rules.normalised``), as each test did for itself before."""

from __future__ import annotations

import pytest

import models.rules as rules


@pytest.mark.parametrize(
    "text",
    ["Test-Strategie für die API", "Roadmap Q3 – Überblick", "plain words", "", "ÀÉÎ straße"],
)
def test_normalised_is_the_rules_own_folding(text):
    folded = rules._SEPARATORS.sub(" ", rules.fold_accents(text).lower())
    assert rules.normalised(text) == folded
    assert rules.normalised(text) == folded  # remembered: the same answer again


def test_normalised_splits_ascii_text_as_the_regex_does():
    texts = [
        "",
        " ",
        "--",
        "a",
        "A",
        "Roadmap",
        " Roadmap",
        "Roadmap ",
        "  two  words  ",
        "Q3/Q4 road-map: (draft) #12",
        "ünicode",
        "x\ty\nz",
        "_under_score_",
        "ABC def 123",
        "...trailing...",
        "'quoted'",
        "a-b",
        "a  b",
        "\x01\x7f mixed \x1f",
    ]
    for text in texts:
        expected = rules._SEPARATORS.sub(" ", rules.fold_accents(text).lower())
        assert rules.normalised(text) == expected, text
