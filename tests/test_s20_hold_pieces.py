"""Session 20: a title hold's ``pieces`` shortcut (a title whose folded text holds none of them
is not held: an ASCII one without being folded, the others without the test's search) gives
every answer the full search gives; so does the research and direction titles' shortcut, now
taken by non-ASCII titles too. Titles are our own, made at random from the rules' own words;
none from a real board."""

from __future__ import annotations

import dataclasses
import random
import re

import pytest

import models.rules as rules
from models.language import fold_accents
from models.rules import TitleHold

SEPARATORS = [" ", " ", " ", "-", "_", ", ", " / ", ": ", "  ", "'"]
NOISE = ["the", "of", "for", "new", "page", "login", "api", "de", "la", "do", "fix", "2024"]
ACCENTED = {"visao": "visão", "e": "é", "a": "á", "o": "ó", "c": "ç", "stuck": "stück"}


def _reference(hold: TitleHold, title: str | None) -> bool:
    """The hold's answer by the full search of the folded title (no shortcut, no memo)."""
    if not title:
        return False
    return bool(hold.title.search(rules._SEPARATORS.sub(" ", fold_accents(title).lower())))


def _words(hold: TitleHold) -> list[str]:
    """The plain words of the hold's test (its pattern's letters runs) and its pieces."""
    source = getattr(hold.title, "pattern", "")
    found = re.findall(r"[a-z]{2,}", source)
    found += re.findall(r"[a-z]+", hold.pieces.pattern) if hold.pieces is not None else []
    return sorted(set(found) | set(rules._PLAN_VERBS) | {"plan", "strategy", "price", "prices"})


def _titles(hold: TitleHold, n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    words = _words(hold)
    out = []
    for _ in range(n):
        parts = [
            rng.choice(words if rng.random() < 0.7 else NOISE) for _ in range(rng.randint(1, 6))
        ]
        if rng.random() < 0.2:  # a non-ASCII title: takes the full search
            parts = [ACCENTED.get(p, p) for p in parts]
        title = parts[0]
        for part in parts[1:]:
            title += rng.choice(SEPARATORS) + part
        if rng.random() < 0.3:
            title = title.title() if rng.random() < 0.5 else title.upper()
        out.append(title)
    return out


@pytest.mark.parametrize("name", [h.name for h in rules.TITLE_HOLDS])
def test_the_pieces_shortcut_gives_the_full_searchs_answers(name):
    shipped = rules.title_hold(name)
    assert shipped.pieces is not None
    hold = dataclasses.replace(shipped)  # a memo of its own
    titles = _titles(hold, 4000, seed=len(name)) + [None, "", " ", "-"]
    got = [hold.holds(t) for t in titles]
    want = [_reference(hold, t) for t in titles]
    assert got == want
    assert sum(want) >= 20  # the draw holds titles the hold holds
    # every ASCII title it holds has a piece in its lower case: the shortcut never decides one
    for title, held in zip(titles, want, strict=True):
        if held and title.isascii():
            assert hold.pieces.search(title.lower()), title


def test_hand_made_titles_of_each_branch():
    held = {
        "engineering strategy": [
            "Define the test strategy",
            "Caching-Strategie",
            "Estrategia de pruebas",
            "Stratégie de cache",
        ],
        "screen view": ["Aba Visão Diretoria", "Vision tab", "Dashboard-Ansicht", "Écran vue"],
        "price data": [
            "Item price mismatch",
            "Regalpreis falsch",
            "Precios erróneos en caja",
            "Prix des articles: rounding",
        ],
        "plan without a direction object": ["Umzug des Servers planen", "Plan the cutover"],
    }
    for name, titles in held.items():
        hold = dataclasses.replace(rules.title_hold(name))
        for title in titles:
            assert _reference(hold, title), title
            assert hold.holds(title), title


def test_a_hold_without_pieces_searches_every_title():
    counted: list[str] = []

    class Counted:
        def search(self, folded: str) -> bool:
            counted.append(folded)
            return "zzz" in folded

    plain = TitleHold("made up", Counted(), re.compile("zzz"))
    assert plain.pieces is None
    assert not plain.holds("Nothing here") and plain.holds("zzz top")
    assert counted == ["nothing here", "zzz top"]
    shortcut = TitleHold("made up", Counted(), re.compile("zzz"), re.compile("zzz"))
    assert not shortcut.holds("Nothing here")  # ASCII, no piece: not searched
    assert not shortcut.holds("Nothing hère")  # folded, no piece: not searched either
    assert shortcut.holds("Zzz hère") and not shortcut.holds("Zzà")
    assert counted[2:] == ["zzz here"]


def test_pieces_do_not_change_a_holds_equality_or_hash():
    shipped = rules.title_hold("screen view")
    bare = dataclasses.replace(shipped, pieces=None)
    assert bare == shipped and hash(bare) == hash(shipped)


def _says_reference(pattern: re.Pattern[str], title: str | None) -> bool:
    """The full search of the folded title, no shortcut."""
    if not title:
        return False
    return bool(pattern.search(rules._SEPARATORS.sub(" ", fold_accents(title).lower())))


@pytest.mark.parametrize(
    ("says", "pattern", "pieces"),
    [
        (rules.title_names_research, "_TITLE_RESEARCH", "TITLE_RESEARCH_PIECES"),
        (rules._title_names_direction, "_TITLE_DIRECTION", "TITLE_DIRECTION_PIECES"),
    ],
)
def test_the_title_rules_shortcut_on_folded_titles_gives_the_full_answers(says, pattern, pieces):
    full = getattr(rules, pattern)
    words = sorted(set(re.findall(r"[a-z]{2,}", full.pattern)) | set(getattr(rules, pieces)))
    rng = random.Random(20)
    titles: list[str | None] = [None, "", "é", "Ünïcode only"]
    for _ in range(4000):
        parts = [
            rng.choice(words if rng.random() < 0.7 else NOISE) for _ in range(rng.randint(1, 5))
        ]
        if rng.random() < 0.6:  # most of them not ASCII: the path this session changed
            parts = [ACCENTED.get(p, p) for p in parts] + [rng.choice(["ção", "niño", "Über"])]
            rng.shuffle(parts)
        title = parts[0]
        for part in parts[1:]:
            title += rng.choice(SEPARATORS) + part
        titles.append(title.upper() if rng.random() < 0.2 else title)
    got = [says(t) for t in titles]
    want = [_says_reference(full, t) for t in titles]
    assert got == want
    wide = [w for t, w in zip(titles, want, strict=True) if t and not t.isascii()]
    assert 50 <= sum(wide) <= len(wide) - 50  # folded titles of both answers
