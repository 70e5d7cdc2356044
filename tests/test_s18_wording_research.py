"""Session 18 (issue 12): the research kept for how a team words its direction work — tickets in
our own words (measured over 8 draws, not shipped) and the rule variants of
``research.s18_wording`` (see models/HISTORY "Session 18: how a team words its direction work").
Titles here are our own, none from a real board."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

import models.rules as rules
import research.s18_wording as s18
from models import train

ROOT = Path(__file__).resolve().parents[1]
TICKETS = ROOT / "research" / "data" / "s18_wording_tickets.csv"
TICKETS_V1 = ROOT / "research" / "data" / "s18_wording_tickets_v1.csv"


@pytest.mark.parametrize(
    ("path", "counts"),
    [(TICKETS, {"strategic": 25, "tactical": 7}), (TICKETS_V1, {"strategic": 31, "tactical": 15})],
)
def test_the_tickets_are_tied_to_phrases_of_their_label_with_a_seed_and_section(path, counts):
    tickets = train.read_tickets(path)
    phrases = {p.id: p for p in train.read_phrases(train.PHRASES_CSV)}
    assert Counter(t.label for t in tickets) == counts
    for ticket in tickets:
        phrase = phrases[ticket.phrase_id]
        assert phrase.label == ticket.label, ticket.title
        assert phrase.source and phrase.section, ticket.phrase_id


def test_one_title_only_is_in_the_shipped_training_data():
    """As measured: one delivery bug happens to be written as a shipped ticket is (p108)."""
    with (ROOT / "models" / "data" / "tickets.csv").open(encoding="utf-8") as f:
        shipped = {row["title"] for row in csv.DictReader(f)}
    shared = shipped & {t.title for t in train.read_tickets(TICKETS)}
    assert shared == {"Feedback form does not send the confirmation email"}


def test_the_direction_variant_makes_the_long_horizon_nouns_direction_words(vocabularies_restored):
    names = ["steerco", "steering committee", "future potential", "target state", "potential"]
    assert rules.direction_columns(names).tolist() == [0.0] * 5
    s18.VARIANTS["direction"]()
    assert rules.direction_columns(names).tolist() == [1.0, 1.0, 1.0, 1.0, 0.0]


def test_the_title_variant_names_them_in_a_title_and_not_a_state_field(vocabularies_restored):
    named = "Future potential of the parcel lockers"
    assert not rules.title_names_direction(named)
    s18.VARIANTS["title"]()
    assert rules.title_names_direction(named)
    assert rules.title_names_direction("Options for the SteerCo")
    assert not rules.title_names_direction("Show potential duplicates on save")
    assert not rules.title_names_direction("Fix the state machine of the order")


def test_the_feedback_variant_makes_feedback_and_announcements_direction_words(
    vocabularies_restored,
):
    assert rules.direction_columns(["feedback", "announcement"]).tolist() == [0.0, 0.0]
    s18.VARIANTS["feedback"]()
    assert rules.direction_columns(["feedback", "announcement"]).tolist() == [1.0, 1.0]


def test_an_unknown_variant_is_refused_in_one_line(capsys):
    with pytest.raises(SystemExit) as exit_info:
        s18.main(["--variant", "nope"])
    assert exit_info.value.code == 2
    assert "invalid choice" in capsys.readouterr().err
