"""The store's one error type, and SQLite's errors turned into one line each."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from connectors.interface import SourceError


class StoreError(SourceError):
    """The store file cannot be opened or was written by a newer version of the tool."""


def _store_error(path: Path, exc: sqlite3.DatabaseError, *, opening: bool = False) -> StoreError:
    """One line for an SQLite error on the store: busy, read-only, or damaged."""
    text = " ".join(str(exc).split())
    lowered = text.lower()
    if "locked" in lowered or "busy" in lowered:
        return StoreError(
            f"the store {path} is busy: another backlog-analyzer is writing it; re-run when it "
            "has finished"
        )
    if "readonly" in lowered or "read-only" in lowered:
        return StoreError(
            f"cannot write the store {path}: it is read-only; make it writable or pass another --db"
        )
    if opening:
        return StoreError(
            f"cannot open the store {path}: {text}; restore it from a backup, or pass another "
            "--db and fetch or import again"
        )
    return StoreError(
        f"the store {path} is damaged ({text}); restore it from a backup, or pass another --db "
        "and fetch or import again"
    )


_OUR_BUGS = (sqlite3.IntegrityError, sqlite3.ProgrammingError, sqlite3.InterfaceError)


def _one_line_errors(cls: type) -> type:
    """Every public method of the store turns an SQLite error into a one-line StoreError."""
    import functools

    for name, method in list(vars(cls).items()):
        if name.startswith("_") or not callable(method):
            continue

        def wrap(method: Callable[..., Any]) -> Callable[..., Any]:
            @functools.wraps(method)
            def guarded(self: Any, *args: Any, **kwargs: Any) -> Any:
                try:
                    return method(self, *args, **kwargs)
                except _OUR_BUGS:
                    raise  # a constraint broken by our own code is a bug, not the file's fault
                except sqlite3.DatabaseError as exc:
                    raise _store_error(self.path, exc) from None

            return guarded

        setattr(cls, name, wrap(method))
    return cls
