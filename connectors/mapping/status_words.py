"""Words of a status or a board column the findings judge: work dropped rather than done, and
columns of work ready to start, in the languages the model reads.

Beside the readers (not in :mod:`analyzer.flags.items`, which uses them) so a scan's Jira CSV
reader can judge each distinct status of a batch once and hand the answers over as bits
(``connectors.columns.ItemTimes.facts``).
"""

from __future__ import annotations

import re

#: Status words of work dropped rather than done: such items are no longer in the backlog.
_DROPPED = re.compile(
    r"cancel|annul|abgebrochen|storn|won.?t (do|fix)|rejec|rejet|rechaz|abgelehnt|obsolet|"
    r"duplica|descartad|abandon|geannuleerd|afgewezen|niet doen",
    re.IGNORECASE,
)


def dropped_status(status: str | None) -> bool:
    """Does ``status`` say the work was dropped rather than done (cancelled, won't do, ...)?"""
    return bool(status) and _DROPPED.search(status) is not None  # type: ignore[arg-type]


#: Board columns holding work that is ready to start: "Ready", "Ready for dev", "Next", "Up next",
#: "Selected for development", "Sprint backlog", "Committed" (and their es/fr/de/pt/nl words;
#: Dutch "klaar"/"gereed" alone is done, "klaar voor" / "gereed voor" is ready for).
_READY_COLUMN = re.compile(
    r"\b(ready|next|selected|sprint backlog|committed|listo|lista|próximo|siguiente|prêt|"
    r"prochain|bereit|nächste|pronto|klaar voor|gereed voor|volgende)\b",
    re.IGNORECASE,
)


def ready_column(column: str | None) -> bool:
    """Is ``column`` a ready/next column (where work should be ready to build)?"""
    return bool(column) and _READY_COLUMN.search(column) is not None  # type: ignore[arg-type]
