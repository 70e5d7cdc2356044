"""A review worksheet opened in a spreadsheet and saved again: a Trello short link the spreadsheet
read as a number (``1234e56`` saved as ``1.234E+59``, ``01234567`` as ``1234567``) still names its
card, when its value names one item alone (analyzer.corrections._keys_by_number). CSV has no
standard way to keep such a cell text (session 30): the worksheet writes the key as it is, and
the reader matches the value."""

from __future__ import annotations

from pathlib import Path

import pytest

from analyzer.corrections import read_corrections
from analyzer.errors import OptionError
from connectors.interface import Item


def _items(*keys: str) -> list[Item]:
    return [Item("trello", f"5f00000000000000000000{n:02d}", f"Card {n}", key=key)
            for n, key in enumerate(keys)]  # fmt: skip


def _resolve(tmp_path: Path, items: list[Item], *lines: str) -> dict[int, str]:
    path = tmp_path / "review.csv"
    path.write_text("\r\n".join(["item,label", *lines]) + "\r\n", encoding="utf-8-sig")
    return read_corrections(path).resolve(items)


def test_keys_a_spreadsheet_saved_as_numbers_name_their_cards(tmp_path):
    items = _items("aBc12345", "1234e56", "01234567", "12e45678", "99999999")
    got = _resolve(
        tmp_path,
        items,
        "1.234E+59,strategic",  # 1234e56, as Excel saves the number it read
        "1234567,tactical",  # 01234567 without its leading zero
        "12e45678,strategic",  # too big to be a number: a spreadsheet keeps it text
        "99999999,tactical",  # as it was
        "aBc12345,tactical",
    )
    assert got == {1: "strategic", 2: "tactical", 3: "strategic", 4: "tactical", 0: "tactical"}


def test_a_value_naming_two_cards_names_none(tmp_path):
    items = _items("1234e56", "12340e55")  # the same number
    with pytest.raises(OptionError, match=r"line 2: no item '1\.234E\+59' on this board"):
        _resolve(tmp_path, items, "1.234E+59,strategic")


def test_an_exact_key_wins_over_a_value(tmp_path):
    items = _items("1000", "1e3")
    assert _resolve(tmp_path, items, "1e3,strategic", "1000,tactical") == {
        1: "strategic",
        0: "tactical",
    }
