"""A store file as an older schema version left it, for the tests of reading old stores: the
store's own migrations up to that version, its ``user_version`` set; the caller writes the rows
that version wrote."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from connectors import store as store_mod

__all__ = ["old_schema"]


def old_schema(path: Path, version: int) -> sqlite3.Connection:
    """An open connection to a new store file at ``path`` with schema ``version``'s tables (the
    first ``version`` migrations run as the store runs them). Commit and close it when written."""
    raw = sqlite3.connect(path)
    for step in store_mod._MIGRATIONS[:version]:
        if callable(step):
            step(raw)
        else:
            for statement in step.split(";"):
                if statement.strip():
                    raw.execute(statement)
    raw.execute(f"PRAGMA user_version = {version}")
    return raw
