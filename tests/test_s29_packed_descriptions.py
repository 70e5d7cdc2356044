"""A scan's Jira CSV read holds a description of wide characters packed (issue 16, memory).

Python stores a string holding a character past U+00FF at 2 or 4 bytes a character; a scan's
reader (``description_chars`` given) holds such a description as its UTF-8 bytes in a
:class:`~connectors.packed_item.PackedItem`, which gives the same string back when read and is
an ``Item`` in every other way. A library read keeps plain items; the report is the same.
"""

from __future__ import annotations

import copy
import pickle
import random
from dataclasses import asdict, replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from analyzer.formats import get_format
from analyzer.item_columns import ItemColumns
from analyzer.pipeline import scan_file
from connectors.exports import _csv_prepared, read_export
from connectors.interface import Item
from connectors.packed_item import PackedItem, pack, wide
from models import classifier
from models.interface import Prediction
from tests.test_scan_description_cut import CUT, _export

TEXTS = (
    "",
    "plain ASCII text",
    "café, Überprüfung, ÿ",  # Latin-1: one byte a character already
    "a \u2019curly\u2019 quote",
    "\u2014 an em dash",
    "东京でのローンチ計画",
    "a rocket \U0001f680",
    "a lone surrogate \udc80 here",
    "Ā",
)


@pytest.mark.parametrize("text", TEXTS)
def test_pack_keeps_narrow_text_and_packs_wide_text_losslessly(text: str):
    packed = pack(text)
    assert wide(text) == any(ord(char) > 0xFF for char in text)
    if wide(text):
        assert type(packed) is bytes
        assert packed.decode("utf-8", "surrogatepass") == text
    else:
        assert packed is text


def _item(description: str) -> Item:
    return Item(
        "jira",
        "10001",
        "A title",
        key="P-1",
        description=description,
        labels=["x"],
        created=datetime(2026, 1, 2, tzinfo=UTC),
    )


@pytest.mark.parametrize("text", TEXTS)
def test_a_packed_item_is_an_item_with_its_description(text: str):
    plain = _item(text)
    item = _item(text)
    item.description = pack(text)  # (as the reader makes one: the bytes in the slot)
    item.__class__ = PackedItem
    assert item.description == text and type(item.description) is str
    assert item == plain and plain == item
    assert item != _item(text + "!") and _item(text + "!") != item
    assert repr(item) == repr(plain)
    assert asdict(item) == asdict(plain)
    for copied in (copy.copy(item), copy.deepcopy(item), pickle.loads(pickle.dumps(item))):
        assert type(copied) is Item and copied == plain
    changed = replace(item, title="Another")
    assert changed.description == text and changed.title == "Another"
    item.description = "forgotten"  # (a scan swaps it for its criteria evidence)
    assert item.description == "forgotten" and item == _item("forgotten")
    with pytest.raises(TypeError):
        hash(item)


def test_a_scans_read_packs_wide_descriptions_and_a_librarys_does_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(_csv_prepared, "BATCH_ROWS", 64)
    path = _export(tmp_path, 5)
    library = read_export(path, activity_details=False, shared_empty=True)
    scan = read_export(path, activity_details=False, shared_empty=True, description_chars=CUT)
    assert {type(item) for item in library.items} == {Item}
    packed = [at for at, item in enumerate(scan.items) if type(item) is PackedItem]
    wide_ones = [at for at, item in enumerate(scan.items) if wide(item.description)]
    assert packed and packed == wide_ones
    slot = Item.__dict__["description"]
    assert all(type(slot.__get__(scan.items[at])) is bytes for at in packed)
    for full, item in zip(library.items, scan.items, strict=True):
        assert item.description in (full.description, full.description[:CUT])


@pytest.mark.parametrize("seed", range(2))
def test_a_scan_reports_the_same_with_its_descriptions_unpacked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int
):
    monkeypatch.setattr(_csv_prepared, "BATCH_ROWS", 64)
    path = _export(tmp_path, 40 + seed)
    when = datetime(2026, 1, 1, tzinfo=UTC)
    render = get_format("json").render
    packed = render(scan_file(path, generated_at=when))
    monkeypatch.setattr(_csv_prepared, "_packed", lambda descriptions: [])
    assert render(scan_file(path, generated_at=when)) == packed


def test_the_batches_share_their_row_numbers():
    first, again = classifier._rows(3000), classifier._rows(2048)
    assert first == tuple(range(3000)) and again == tuple(range(2048))
    assert all(a is b for a, b in zip(first, again, strict=False))


def test_item_columns_keep_given_lists_and_copy_others():
    rnd = random.Random(3)
    items = [_item(str(n)) for n in range(5)]
    predictions = [Prediction("tactical", rnd.random(), "r") for _ in items]
    labels, counts = ["tactical"] * 5, [1, 2, 3, 4, 5]
    given = ItemColumns(items, list(predictions), labels, {}, counts, given=True)
    assert given.board_items is items and given.labels is labels and given.counts is counts
    copied = ItemColumns(items, list(predictions), labels, {}, counts)
    assert copied.board_items is not items and copied.board_items == items
    assert copied.labels is not labels and copied.counts is not counts
    assert list(given) == list(copied)
