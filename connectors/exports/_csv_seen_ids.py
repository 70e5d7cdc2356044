"""The prepared Jira CSV read's duplicate check, in less memory than a set of every id.

An issue id seen again is a repeat (``_BoardBuilder.repeated``: one line per issue, its row
updated last kept when later than the first).
:class:`SeenIds` keeps the latest :data:`RECENT_IDS` ids as the set both row paths consult
(``_BoardBuilder.seen``) and older ones as sorted hashes, looked up a batch at a time
(:mod:`._csv_prepared`'s row loop calls it around each batch).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:  # pragma: no cover - types only
    from connectors.exports.jira_csv_board import _BoardBuilder


#: Issue ids the duplicate check keeps as a set before their hashes go into a sorted array.
RECENT_IDS = 100_000
_id_hash = hash  # a test makes every id collide


class SeenIds:
    """The duplicate check of a prepared read in less memory than a set of every id (the set of
    the 1M export's ids held 32-64 MB at the end of its read; a hash 8 bytes).

    The rows' own check (``builder.seen``, the set both row paths consult) holds only the ids of
    the latest items; older ids are kept as their sorted ``hash`` values. Before a batch's rows
    are mapped, all its ids are looked up among those hashes at once: when none is there (a
    file without duplicates), the set alone answers every row of the batch exactly; when one is
    (a duplicate of an older row, or another id with the same hash), the set is made whole
    again from the board's items (an item's id is the id its row was checked with) and is used
    alone from then on."""

    def __init__(self, builder: _BoardBuilder) -> None:

        self.builder = builder
        self.hashes: Any = np.empty(0, np.int64)  # None once the set is whole
        self.batch: Any = None  # the hashes of the batch at hand (before)
        # the hashes of the set's ids, when every batch since the set was last emptied added
        # exactly its own ids (all_new); None: hash the set itself
        self.pending: list[Any] | None = []

    def before(self, issue_ids: list[str | None]) -> None:
        """Look the batch's issue ids (each row's id, else its key; None or empty for a row
        without either) up among the older ids' hashes."""

        hashes = self.hashes
        if hashes is None:
            return
        wanted = np.fromiter(map(_id_hash, filter(None, issue_ids)), np.int64)
        wanted.sort()  # sorted needles: searchsorted narrows each search from the one before
        self.batch = wanted  # (the set's own hashes after an all_new batch)
        if not len(hashes):
            return
        places = np.minimum(np.searchsorted(hashes, wanted), len(hashes) - 1)
        if (hashes[places] == wanted).any():
            builder = self.builder
            builder.seen = {item.id for item in builder.board.items}
            self.hashes = None

    def all_new(self) -> None:
        """The batch's ids (each once, none of them None or empty) were all added to the set,
        nothing else: their hashes from :meth:`before` are the set's without hashing it again."""
        if self.pending is not None and self.batch is not None:
            self.pending.append(self.batch)
        self.batch = None

    def after(self) -> None:
        """Once the set holds ``RECENT_IDS`` ids, their hashes go into the sorted array."""

        seen = self.builder.seen
        pending, self.batch = self.pending, None
        if pending is not None and sum(map(len, pending)) != len(seen):
            self.pending = pending = None  # a batch added other ids (or fewer): hash the set
        if self.hashes is None or len(seen) < RECENT_IDS:
            return
        if pending is None:  # (the ids are scattered over the heap: ≈ 0.2 µs an id)
            added = np.fromiter(map(_id_hash, seen), np.int64, len(seen))
        else:
            added = np.concatenate(pending) if pending else np.empty(0, np.int64)
        merged = np.concatenate((self.hashes, added))
        merged.sort(kind="stable")
        self.hashes = merged
        seen.clear()
        self.pending = []
