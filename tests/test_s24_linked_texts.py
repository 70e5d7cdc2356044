"""Session 24: the texts of a batch that may hold a link are found in its joined bytes
(``models._fastpath.BatchBytes.linked``): the texts polars or Python's search found before."""

from __future__ import annotations

import pytest

from models._fastpath import BatchBytes, _batch_bytes
from models.language import has_links
from models.languages_read import (
    _linked,
    link_votes,
)

#: Texts with and without links, ASCII and not, a link's marks split across characters made
#: ASCII, next to a text's end, at a batch's start and end, repeated in one text.
LINK_TEXTS = [
    "see http://example.com/de/seite for details",
    "plain title",
    "",
    "mail anna@example.org about the roadmap",
    "Página de precios: www.ejemplo.es/precios no carga",
    "Wettbewerbsanalyse für Ärzte",
    "hｔtp is not a link, ＠ neither, ｗｗｗ. nor",
    "ends with @",
    "www.",
    "http",
    "two: http://a.io and http://b.io and x@y.z",
    "Überprüfung https://beispiel.de/über ü",
    "www x",
    "ht tp",
    "@start",
]


def _wide(texts: list[str]) -> list[int]:
    return [i for i, text in enumerate(texts) if not text.isascii()]


@pytest.mark.parametrize("start", range(0, len(LINK_TEXTS), 3))
def test_linked_texts_are_the_texts_polars_and_python_find(start):
    texts = LINK_TEXTS[start:] + LINK_TEXTS[:start]
    raw = _batch_bytes(texts, _wide(texts), [])
    assert isinstance(raw, BatchBytes)
    expected = [i for i, text in enumerate(texts) if has_links(text)]
    assert raw.linked() == expected
    assert _linked(texts) == expected  # the search it replaces (Python's, for a small batch)
    assert _batch_bytes(texts).linked() == expected  # the non-ASCII texts found by itself


def test_a_batch_without_links_finds_none():
    texts = ["Roadmap für 2025", "fix the login button", "Pricing page — copy"]
    assert _batch_bytes(texts, _wide(texts), []).linked() == []


def test_the_bytes_are_the_batch_bytes():
    texts = ["Fix the login at http://x.io", "Zahlungsseite prüfen"]
    raw = _batch_bytes(texts)
    assert raw == bytes(raw) and raw.decode("ascii").split() == [
        "fix",
        "the",
        "login",
        "at",
        "http",
        "x",
        "io",
        "\x01",
        "zahlungsseite",
        "prufen",
        "\x01",
    ]


def test_link_votes_from_the_linked_texts_equal_its_own_search():
    texts = [t for text in LINK_TEXTS for t in (text, "ver https://ejemplo.es/de/la/pagina")]
    raw = _batch_bytes(texts, _wide(texts), [])
    mine, theirs = link_votes(texts, 2, raw.linked()), link_votes(texts, 2)
    assert mine is not None and theirs is not None
    assert mine[0].tolist() == theirs[0].tolist()
    assert mine[1].tolist() == theirs[1].tolist()


def test_a_scan_batch_reads_the_links_from_its_bytes(model, monkeypatch):
    """The classifier takes the places from the bytes (not polars' search), and a
    ``_batch_bytes`` that gives plain bytes (a reference put in its place) its own search."""
    import models._reading as reading
    import models.languages_read as languages_read
    from models.interface import ItemDoc

    docs = [ItemDoc(t, description="siehe https://beispiel.de/seite") for t in LINK_TEXTS] * 4
    first = model.predict(docs)  # (the model's own phrases read once, by their own path)
    searched: list[int] = []
    shipped = languages_read._linked

    def counted(texts):
        searched.append(len(texts))
        return shipped(texts)

    monkeypatch.setattr(languages_read, "_linked", counted)
    assert model.predict(docs) == first
    assert searched == []
    monkeypatch.setattr(reading, "_batch_bytes", lambda *a: bytes(_batch_bytes(*a) or b""))
    assert model.predict(docs) == first
    assert searched == [2 * len(docs)]
