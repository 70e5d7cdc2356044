"""Session 19's batch-bytes checks give what the replaced ones gave: the separator and
stand-in bytes told by one count of the translated batch's bytes under 3 (not two counts of the
joined text), the zero runs cut by deleting the zeros after a zero (not a mask over every byte).
The references are session 12's whole-batch pieces (``old_batch_bytes``) and ``re.sub``."""

from __future__ import annotations

import random
import re

from models._fastpath import _batch_bytes, _zero_runs_cut
from tests.test_classify_stage_equivalence import old_batch_bytes

# a control byte anywhere, a stand-in byte beside typographic apostrophes, non-ASCII beside them
SEAMS = ["x\x01y", "\x01", "a\x02b", "\x02", "’\x02", "z\x00z", "\x00\x01", "\x03", "x\x1fy"]
PLAIN = ["Don't stop", "L’écran d’accueil", "Tâche 2024", "abc’s Q3 100%", "", "ﬁx 00 000"]


def test_one_count_tells_separator_and_stand_in_texts():
    rng = random.Random(19)
    assert _batch_bytes(["a\x01b"]) is None and _batch_bytes(["a’b", "c\x02d"]) is None
    assert _batch_bytes(["a\x00b", "\x03"]) == old_batch_bytes(["a\x00b", "\x03"]) is not None
    for _ in range(600):
        batch = rng.sample(PLAIN, rng.randint(1, len(PLAIN)))
        if rng.random() < 0.5:
            batch.insert(rng.randint(0, len(batch)), rng.choice(SEAMS))
        assert _batch_bytes(batch) == old_batch_bytes(batch), batch


def test_zero_runs_cut_at_every_place():
    rng = random.Random(7)
    fixed = [b"0" * 40, b"000 a", b"a 000", b" \x01 00 \x01", b"0a0a00a000a0000", b"10"]
    sizes = [rng.randint(0, 60) for _ in range(2000)]
    raws = [bytes(rng.choice(b"0000a \x01") for _ in range(size)) for size in sizes]
    for raw in [*fixed, *raws]:
        assert _zero_runs_cut(raw) == re.sub(rb"00+", b"0", raw), raw
