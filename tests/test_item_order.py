"""The typed readers build an Item by position (ITEM_ORDER): Item's fields must stay in that
order, or every typed item would be built wrong."""

from __future__ import annotations

from dataclasses import fields

from connectors.interface import Item
from connectors.mapping.common import ITEM_ORDER


def test_item_fields_are_in_the_order_the_typed_readers_build_them() -> None:
    assert tuple(f.name for f in fields(Item)) == ITEM_ORDER
