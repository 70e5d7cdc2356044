"""A scan's Jira CSV read keeps only what the scan reads of a description (issue 16, memory).

``scan_file`` tells the reader how much of a description the model reads
(``scan_description_chars``: the bundled model's 600); the prepared rows cut to that many
characters each description of a vouched row holding no acceptance criteria (``FACT_NO_CRITERIA``:
no criteria, no "@", no markup), which the scan forgets unread once its item is classified.
Every other description stays whole, and the report is the report of the whole descriptions.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest

from analyzer import pipeline
from analyzer.flags.items import acceptance_evidence
from analyzer.formats import get_format
from analyzer.pipeline import LoadedModel, scan_description_chars, scan_file
from connectors.columns import FACT_NO_CRITERIA
from connectors.exports import _csv_prepared, read_export
from connectors.mapping.clean import CheckedItems
from models.interface import BUNDLED_DESCRIPTION_CHARS, Prediction, RoleModel
from tests.test_criteria_fact_from_reader import write_without_watchers
from tests.test_jira_csv_fastpath import HEADER, _mostly_plain_rows

CUT = 600
DESCRIPTION = HEADER.index("Description")
WORDS = (
    "define the pricing strategy and the roadmap for next year's market launch",
    "fix the login button on the settings page and add a unit test",
    "sprint backlog refinement with acceptance of the stories",
    "plain words about the checkout flow",
)
#: What a description holds past its first CUT characters (or at their edge): text no part of
#: the scan may lose (criteria, a mention, markup), or text only the whole reads (another
#: script, a non-ASCII letter).
TAILS = (
    "",
    " Acceptance criteria: the page loads",
    " AC: done when paid",
    " ping @acbot please",
    " *bold* h2. markup",
    " 東京でのローンチ計画と市場調査のための文書です",
    " Überprüfung des Zahlungsablaufs",
    " \u2019curly\u2019 \U0001f680 rocket",
    " given x when y then z",
)


def _long_description(rnd: random.Random) -> str:
    """A text of about CUT characters (sometimes exactly CUT or CUT + 1), then a tail; one
    line of plain words, or lines with markup the reader cleans (most real exports')."""
    size = rnd.choice([CUT - 1, CUT, CUT + 1, CUT + 40, 2 * CUT, 5 * CUT])
    joiner = rnd.choice([". ", ". ", "\n", "\n\nh2. Notes\n", " *bold* ", "\n* "])
    text = ""
    while len(text) < size:
        text += rnd.choice(WORDS) + joiner
    return text[:size].rstrip() + rnd.choice(TAILS)


def _export(tmp_path: Path, seed: int, count: int = 400) -> Path:
    rnd = random.Random(seed)
    rows = _mostly_plain_rows(rnd, count)
    for row in rows:
        if len(row) > DESCRIPTION and rnd.random() < 0.6:
            row[DESCRIPTION] = _long_description(rnd)
            if rnd.random() < 0.7:
                row[16], row[18] = row[15], ""  # (dates the reader reads: updated, due)
    return write_without_watchers(tmp_path / f"long-descriptions-{seed}.csv", rows)


@pytest.mark.parametrize("seed", range(3))
def test_only_descriptions_the_scan_forgets_unread_are_cut(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int
):
    monkeypatch.setattr(_csv_prepared, "BATCH_ROWS", 64)
    path = _export(tmp_path, seed)
    whole = read_export(path, activity_details=False, shared_empty=True)
    cut = read_export(path, activity_details=False, shared_empty=True, description_chars=CUT)
    assert type(cut.items) is CheckedItems
    times = cut.items.times
    forgotten = (times.facts & FACT_NO_CRITERIA).astype(bool)
    forgotten[times.from_items] = False
    changed = []
    for at, (full, item) in enumerate(zip(whole.items, cut.items, strict=True)):
        if item.description != full.description:
            changed.append(at)
            assert item.description == full.description[:CUT]
            assert "@" not in full.description and not acceptance_evidence(full)
            assert not acceptance_evidence(replace(full, description=item.description))
        item.description = full.description
    assert cut.items == whole.items  # nothing else differs
    long = [at for at, item in enumerate(whole.items) if len(item.description) > CUT]
    assert [at for at in long if forgotten[at]] == [at for at in changed if forgotten[at]]
    lines = [at for at in changed if "\n" in whole.items[at].description]
    assert lines and not forgotten[lines].any()  # cleaned ones: not vouched for, cut too
    kept = {whole.items[at].description[CUT:].strip() for at in long if at not in changed}
    for tail in ("Acceptance criteria", "@acbot"):  # each kind kept whole somewhere
        assert any(tail in text for text in kept), tail
    assert len(changed) >= 20  # (a word of the criteria superset keeps many whole too)


def test_only_a_scans_own_board_is_cut(tmp_path: Path):
    path = _export(tmp_path, 7)
    whole = [item.description for item in read_export(path).items]
    assert any(len(text) > CUT for text in whole)
    for kwargs in ({}, {"activity_details": False}):  # a caller's board: every text whole
        items = read_export(path, description_chars=CUT, **kwargs).items
        assert [item.description for item in items] == whole


def test_a_reader_that_cannot_cut_reads_as_before():
    """The Trello reader does not know which descriptions hold criteria: it is not asked."""
    sample = Path(__file__).parent.parent / "examples" / "trello_sample_board.json"
    if not sample.exists():
        pytest.skip("no Trello sample")
    asked = read_export(sample, activity_details=False, shared_empty=True, description_chars=5)
    plain = read_export(sample, activity_details=False, shared_empty=True)
    assert [i.description for i in asked.items] == [i.description for i in plain.items]
    assert any(len(item.description or "") > 5 for item in plain.items)


def _first_difference(left: str, right: str) -> str | None:
    for number, (a, b) in enumerate(zip(left.splitlines(), right.splitlines(), strict=False)):
        if a != b:
            return f"line {number + 1}: {a[:200]!r} != {b[:200]!r}"
    return None if len(left) == len(right) else "lengths differ"


@pytest.mark.parametrize("seed", range(2))
def test_a_scan_with_cut_descriptions_reports_what_whole_ones_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int
):
    monkeypatch.setattr(_csv_prepared, "BATCH_ROWS", 64)
    path = _export(tmp_path, 30 + seed)
    when = datetime(2026, 1, 1, tzinfo=UTC)
    render = get_format("json").render
    asked: list[int | None] = []
    chars = pipeline.scan_description_chars

    def spy(model):
        asked.append(chars(model))
        return asked[-1]

    monkeypatch.setattr(pipeline, "scan_description_chars", spy)
    cut = render(scan_file(path, generated_at=when))
    assert asked == [CUT]
    monkeypatch.setattr(pipeline, "scan_description_chars", lambda model: None)
    whole = render(scan_file(path, generated_at=when))
    assert _first_difference(cut, whole) is None


class _Reader(RoleModel):
    labels = ("strategic", "tactical")

    def predict(self, docs):
        return [Prediction("tactical", 0.9, "r") for _ in docs]

    def save(self, path):  # pragma: no cover - never saved
        raise NotImplementedError

    @classmethod
    def load(cls, path):  # pragma: no cover - never loaded
        raise NotImplementedError


def test_how_much_a_scan_reads_is_known_before_the_model_loads(tmp_path: Path):
    from models.classifier import load_model

    bundled = load_model()
    assert bundled.description_chars == BUNDLED_DESCRIPTION_CHARS == CUT
    assert scan_description_chars(None) == CUT
    assert scan_description_chars(bundled) == CUT
    assert scan_description_chars(LoadedModel(bundled, "bundled")) == CUT
    assert scan_description_chars(_Reader()) is None  # a model that may read every character
    assert scan_description_chars(tmp_path / "mine.json") is None  # not read yet
    assert scan_description_chars(str(tmp_path / "mine.json")) is None


def test_a_model_reading_more_has_its_descriptions_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """A custom model reads what it reads: its scan cuts nothing (the predict sees all)."""
    path = _export(tmp_path, 11, count=120)
    seen: list[str] = []

    class Whole(_Reader):
        reads_items = True

        def predict(self, docs):
            seen.extend(doc.description or "" for doc in docs)
            return super().predict(docs)

    scan_file(path, model=Whole())
    whole = [item.description for item in read_export(path).items]
    assert max(map(len, seen)) == max(map(len, whole)) > CUT
    assert np.mean([len(text) > CUT for text in seen]) > 0.1
