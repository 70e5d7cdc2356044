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


#: Words of a stage after the build, which make a "ready" column one of built work waiting
#: ("Ready for QA", "Ready for code review", "Ready to merge", "Ready for release", "Ready to
#: Production", "Listo para verificación", "Prêt pour recette", "Bereit zur Abnahme", "Pronto
#: para homologação", "Klaar voor test", "Become production ready"), not work ready to start.
#: A release or the PO only after "ready": "Next release" is planned work, "Ready for PO" built
#: work waiting for the PO's acceptance.
_AFTER_BUILD = re.compile(
    r"test|\bqa\b|\bqc\b|review|revis|verif|valid|accept|acept|aceite|\buat\b|merge|"
    r"deploy|despl|d[ée]ploi|implanta|rollout|uitrol|produ(c|k)tion|producci|produ[cç][aã]o|"
    r"productie|\bprod\b|promot|\bship|\blive\b|publish|publica|recette|\blivr|abnahme|"
    r"freigabe|homolog|entreg|\bdemo\b|sign.?off|"
    r"\b(ready|listo|lista|pr[êe]t|bereit|pronto|klaar|gereed)\b.*\b(releas|lanzamiento|lançamento|po\b)",
    re.IGNORECASE,
)


def ready_column(column: str | None) -> bool:
    """Is ``column`` a ready/next column (where work should be ready to build)? Not one of work
    built and waiting for a later stage (test, review, acceptance, release, production)."""
    return (
        bool(column)
        and _READY_COLUMN.search(column) is not None  # type: ignore[arg-type]
        and _AFTER_BUILD.search(column) is None  # type: ignore[arg-type]
    )
