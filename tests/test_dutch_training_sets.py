"""The Dutch training examples kept for research (session 13, measured and not shipped): the
hand-written tickets read as tickets with their phrases, in both labels, in Dutch; the template
corpus adds Dutch rows only when asked, after the other five languages' unchanged rows."""

from __future__ import annotations

from pathlib import Path

from models import train
from models.language import detect
from research import delivery_corpus

NL_TICKETS = Path(__file__).resolve().parents[1] / "research" / "data" / "nl_tickets.csv"


def test_dutch_tickets_are_tickets_of_both_labels_tied_to_phrases():
    tickets = train.read_tickets(NL_TICKETS)
    phrases = {p.id for p in train.read_phrases(train.PHRASES_CSV)}
    assert len(tickets) == 50
    assert {t.label for t in tickets} == {"strategic", "tactical"}
    assert all(t.phrase_id in phrases for t in tickets)
    codes = [detect(f"{t.title} {t.description or ''}") for t in tickets]
    assert codes.count("nl") >= 40 and set(codes) <= {"nl", None}  # short titles: no signal


def test_dutch_templates_come_only_when_asked_and_leave_the_others_unchanged():
    shipped = delivery_corpus.rows(12)
    with_dutch = delivery_corpus.rows(12, delivery_corpus.DUTCH)
    assert with_dutch[: len(shipped)] == shipped
    added = with_dutch[len(shipped) :]
    per = delivery_corpus.PER_LANGUAGE_TACTICAL + delivery_corpus.PER_LANGUAGE_STRATEGIC
    assert len(added) == per
    assert {row["type"] for row in added} <= {"", "Bug", "Taak", "Subtaak", "Story", "Epic"}
    assert sum(row["label"] == "strategic" for row in added) == 30
