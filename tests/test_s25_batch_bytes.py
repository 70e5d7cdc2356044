"""Session 25: only a wide row's non-ASCII texts are made ASCII by the encode handler
(``_batch_bytes``; ``doc_texts`` names both texts of a row when either is not ASCII): the bytes
of session 9's text-by-text reference, the same other-script places."""

from __future__ import annotations

import random

import pytest

from models._fastpath import _ANY_OTHER_SCRIPT, _batch_bytes
from tests.test_classify_stage_s9_equivalence import text_by_text_bytes


@pytest.mark.parametrize("seed", range(3))
def test_a_wide_rows_ascii_text_reads_as_it_did(seed):
    """A row names both its texts as wide when either is not ASCII: the ASCII one is now left
    to the translate table, with the bytes of the texts read one by one (session 9's reference)
    and the other-script places of every text."""
    rng = random.Random(seed)
    pool = ["Roadmap für 2025", "fix the login", "Тест", "naïve café", "’quoted’", "plain", ""]
    pool += ["Zahlung 00 prüfen", "d'accord l'écran", "日本語 title", "a\u0301b", "ﬁle"]
    for _ in range(300):
        texts = rng.choices(pool, k=2 * rng.randint(1, 12))
        rows = sorted({i // 2 for i, t in enumerate(texts) if not t.isascii()})
        wide = [i for row in rows for i in (2 * row, 2 * row + 1)]
        scripts: list[int] = []
        assert _batch_bytes(texts, wide, scripts) == text_by_text_bytes(texts), texts
        assert scripts == [i for i, t in enumerate(texts) if _ANY_OTHER_SCRIPT.search(t)]
