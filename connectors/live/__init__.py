"""Live sources: Jira (:mod:`.jira`) and Trello (:mod:`.trello`) fetched into the local store,
each behind the :class:`~connectors.live.interface.LiveSource` interface (check the target,
fetch what changed, load what the store holds).

The sources are registered below by the word the user types; their modules (and the ``jira`` and
``py-trello`` clients) are imported on first use, so naming them costs nothing. May import
``connectors.interface``, ``connectors.mapping``, ``connectors.merge``,
``connectors.credentials``, ``connectors.store``, the private ``connectors._http`` plumbing and
``_backlog_analyzer_runtime``; never the export readers, ``models`` or ``analyzer``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from connectors.live.interface import LiveSource

#: Live sources by the word the user types: (module, class), imported when first used.
REGISTERED: dict[str, tuple[str, str]] = {
    "jira": ("connectors.live.jira", "JiraSource"),
    "trello": ("connectors.live.trello", "TrelloSource"),
}
NAMES: tuple[str, ...] = tuple(REGISTERED)


def get_source(name: str) -> LiveSource:
    """The live source called ``name`` (``jira``, ``trello``); KeyError for another name."""
    module, cls = REGISTERED[name.lower()]
    return getattr(importlib.import_module(module), cls)()
