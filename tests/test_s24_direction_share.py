"""Session 24: ``direction_share`` judges each (list, labels) of a sample once, and a title only
when they name no direction work: the share ``places_direction`` of each item gives."""

from __future__ import annotations

import models.rules as rules
from models.interface import ItemDoc

TITLES = [
    "Product roadmap for 2026",
    "Fix the login button",
    "Test strategy for the release",  # an engineering strategy: no direction work
    "Kundeninterviews auswerten",
    "",
]
PLACES = [
    (None, ()),
    ("Ideas", ()),
    ("Done", ("strategy",)),
    ("Done", ()),  # the same list without the label
    ("In Progress", ("bug", "mobile")),
    ("RFP responses", ()),
    ("Backlog", ["roadmap"]),
]


def test_direction_share_is_the_share_places_direction_gives():
    docs = [
        ItemDoc(title, column=column, labels=labels)
        for title in TITLES
        for column, labels in PLACES
        for _ in range(2)
    ]
    expected = sum(rules.places_direction(d.title, d.column, tuple(d.labels)) for d in docs)
    assert rules.direction_share(docs) == expected / len(docs)
    assert 0 < expected < len(docs)  # both answers in the sample
    assert rules.direction_share([]) == 0.0
