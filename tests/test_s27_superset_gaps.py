"""The criteria supersets' Given/When/Then gaps as a dot in s-mode, not ``[\\s\\S]`` (session 27).

Inside ``(?i:`` polars' regex compiler case-folds a class range by range, and ``[\\s\\S]`` holds
``\\S``, nearly every code point: 13–14 ms a superset on its first use in a process, four a scan.
A dot in s-mode is the same characters and is never case-folded. These tests hold the form and
that the supersets find what the class form found, at the same places.
"""

from __future__ import annotations

import polars as pl
import pytest

from connectors.exports._csv_plain import NOT_PLAIN_TEXT, NOT_PLAIN_TITLE
from connectors.mapping.criteria import CRITERIA_SUPERSET, TITLE_CRITERIA_SUPERSET

_DOT = "(?s:.)"
_CLASS = "[\\s\\S]"

TEXTS = [
    "",
    "Given a user\nWhen they log in\nThen they see the board",
    "given a user when they log in then they see it",
    "Given a user\r\nWhen they log in\r\nThen done",
    "Given a user\u2028When they log in\u2029Then done",  # line and paragraph separators
    "Dado un usuario\n\nCuando entra\n\nEntonces ve el tablero",
    "Étant donné un client\nQuand il paie\nAlors il reçoit un reçu",
    "Gegeben sei ein Konto\nWenn es gesperrt ist\nDann kommt eine Meldung",
    "Dado que o pedido existe\nQuando pago\nEntão fecha",
    "Gegeven een gebruiker\nAls hij inlogt\nDan ziet hij het bord",
    "GIVEN 日本語の説明 😀\nWHEN\tsomething\u3000happens\nTHEN ok",
    "Given İstanbul \u212aelvin ſtate\nwhen\nthen",  # letters Rust and Python fold otherwise
    "given only, no when",
    "when then given",  # out of order: the given's gaps find no when after it
    "Acceptance criteria:\n- [ ] works",
    "AC: it works",
    "- [x] done\n* [ ] todo",
    "Definition of Done\nreviewed",
    "Crit\u00e8res d\u2019acceptation : aucun",
    "no criteria at all, only a plain description of the work",
    "given " + "x" * 5000 + " when " + "y\n" * 2000 + " then",  # long gaps
]


def _class_form(pattern: str) -> str:
    return pattern.replace(_DOT, _CLASS)


def test_the_gaps_are_a_dot_not_the_whitespace_class_union() -> None:
    for superset in (CRITERIA_SUPERSET, TITLE_CRITERIA_SUPERSET):
        assert _CLASS not in superset
        assert superset.count(f"{_DOT}*?") == 2  # the Given -> When and When -> Then gaps


@pytest.mark.parametrize(
    "pattern",
    [
        CRITERIA_SUPERSET,
        TITLE_CRITERIA_SUPERSET,
        f"{NOT_PLAIN_TEXT}|{CRITERIA_SUPERSET}|@",  # the reader's description_looked
        f"{NOT_PLAIN_TITLE}|{TITLE_CRITERIA_SUPERSET}",  # and title_looked
    ],
)
def test_the_supersets_find_what_the_class_form_found(pattern: str) -> None:
    texts = pl.Series(TEXTS, dtype=pl.String)
    found = texts.str.find(pattern)
    assert found.equals(texts.str.find(_class_form(pattern)))
    assert texts.str.contains(pattern).equals(texts.str.contains(_class_form(pattern)))


def test_the_gaps_cross_line_breaks() -> None:
    """The dot takes a line break (s-mode): a Given/When/Then over three lines is found at its
    Given, as with the class."""
    texts = pl.Series(["intro\nGiven a\nWhen b\nThen c", "Given a when b"], dtype=pl.String)
    assert texts.str.find(CRITERIA_SUPERSET).to_list() == [6, None]
