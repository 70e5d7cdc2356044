"""The session-17 Story tickets kept for research (measured over 8 draws, not shipped: see
models/HISTORY "Session 17: direction work tracked as Stories"): English direction work filed as
Jira Stories in To Do and Done lists, and delivery Stories sharing their nouns, each tied to a
seed phrase of its label."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

from models import train

ROOT = Path(__file__).resolve().parents[1]
STORY_TICKETS = ROOT / "research" / "data" / "s17_story_tickets.csv"


def test_story_tickets_are_tickets_of_both_labels_tied_to_phrases_of_their_label():
    tickets = train.read_tickets(STORY_TICKETS)
    phrases = {p.id: p for p in train.read_phrases(train.PHRASES_CSV)}
    assert Counter(t.label for t in tickets) == {"strategic": 40, "tactical": 40}
    assert all(phrases[t.phrase_id].label == t.label for t in tickets)
    strategic_stories = [t for t in tickets if t.label == "strategic" and t.type == "Story"]
    assert len(strategic_stories) >= 30
    assert {t.column for t in strategic_stories} >= {"Done", "To Do"}


def test_one_title_only_is_in_the_shipped_training_data():
    """As measured: one strategic title was written the same as a shipped ticket's (p038)."""
    with (ROOT / "models" / "data" / "tickets.csv").open(encoding="utf-8") as f:
        shipped = {row["title"] for row in csv.DictReader(f)}
    shared = shipped & {t.title for t in train.read_tickets(STORY_TICKETS)}
    assert shared == {"Present the product vision to the leadership team"}
