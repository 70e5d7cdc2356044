"""``research.variants``: what the variant scripts share — ``--variant`` parsed and installed in
order before the sweep's arguments are handed on, and the widening of the rules' vocabularies
(titles here are our own)."""

from __future__ import annotations

import argparse

import pytest

import models.rules as rules
from research import variants


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser()
    parser.add_argument("--titles", action="store_true")
    return parser


def test_the_variants_named_are_installed_in_order_and_the_rest_handed_back():
    done: list[str] = []
    table = {name: (lambda name=name: done.append(name)) for name in ("a", "b", "c")}
    argv = ["--variant", "c", "--titles", "--variant", "a", "--", "--seeds", "12", "--variant"]
    args, rest = variants.install_chosen(table, _parser(), argv)
    assert done == ["c", "a"] and args.titles and args.variant == ["c", "a"]
    assert rest == ["--seeds", "12", "--variant"]  # the sweep's, not parsed here
    assert variants.install_chosen(table, _parser(), [])[1] == [] and done == ["c", "a"]


def test_a_variant_not_in_the_table_is_a_usage_error():
    with pytest.raises(SystemExit) as stopped:
        variants.install_chosen({"a": lambda: None}, _parser(), ["--variant", "b"])
    assert stopped.value.code == 2


def test_widened_vocabularies_name_the_new_words_and_keep_the_shipped_ones(vocabularies_restored):
    assert rules.title_names_direction("Quarterly roadmap review")  # remembered, then widened
    assert not rules.title_names_direction("Zukunftsbild workshop")
    assert not rules.title_names_research("Klickdummy walkthrough")
    assert rules.direction_columns(["zukunftsbild", "roadmap"]).tolist() == [0.0, 1.0]
    variants.widen_direction(r"zukunftsbild\w*  \w+leitbild")
    variants.widen_title_direction(r"zukunftsbild\w*", ("zukunft",))
    variants.widen_title_research(r"klickdummy", ("klick",))
    assert (
        rules.direction_columns(["zukunftsbild", "unternehmensleitbild", "roadmap"]).tolist()
        == [1.0] * 3
    )
    assert rules.title_names_direction("Zukunftsbild workshop")
    assert rules.title_names_direction("Quarterly roadmap review")
    assert rules.title_names_research("Klickdummy walkthrough")
    assert "zukunft" in rules.TITLE_DIRECTION_PIECES and "klick" in rules.TITLE_RESEARCH_PIECES
